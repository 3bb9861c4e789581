//! The IPC commands. Each maps its arguments onto the core and the result back; the types
//! are the contract's (`crates/contract`), so the UI's TypeScript always matches.

use std::io::Write;

use plumbline_contract::{
    AddAppArgs, AppInfo, FirstPaintArgs, IpcError, RemoveAppArgs, UpdateAppArgs,
};
use plumbline_domain::{App, UnixMillis};
use tauri::State;

use crate::first_paint::FirstPaint;
use crate::state::{Shell, with_reader, with_store};

/// Every registered command, checked against the contract by a test.
#[cfg(test)]
pub(crate) const NAMES: &[&str] = &[
    "app_info",
    "list_apps",
    "add_app",
    "update_app",
    "remove_app",
    "remove_demo_data",
    "app_installations",
    "connect_account",
    "sync_app_now",
    "disconnect_account",
    "begin_sign_in",
    "finish_sign_in",
    "cancel_sign_in",
    "portfolio_connections",
    "metrics_trend",
    "portfolio_trends",
    "preview_import",
    "import_csv",
    "stage_import_file",
    "save_export",
    "add_annotation",
    "remove_annotation",
    "app_deprecations",
    "check_reference",
    "scan_folder",
    "pick_folder",
    "portfolio_sunsets",
    "list_alerts",
    "set_alert_state",
    "alert_settings",
    "surge_watch",
    "alert_chart",
    "set_alert_mute",
    "set_quiet_hours",
    "snooze_alerts",
    "desktop_settings",
    "set_desktop_settings",
    "list_versions",
    "version_detail",
    "lint_manifest",
    "create_version",
    "edit_version",
    "promotion_plan",
    "record_version_action",
    "diff_versions",
    "listing_view",
    "precheck_listing",
    "save_listing",
    "add_listing_media",
    "remove_listing_media",
    "move_screenshot",
    "submit_listing",
    "save_listing_preview",
    "export_files",
    "import_files",
    "mark_first_paint",
];

pub(crate) fn handler() -> impl Fn(tauri::ipc::Invoke) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        app_info,
        list_apps,
        add_app,
        update_app,
        remove_app,
        remove_demo_data,
        crate::accounts::app_installations,
        crate::accounts::connect_account,
        crate::accounts::sync_app_now,
        crate::accounts::disconnect_account,
        crate::sign_in::begin_sign_in,
        crate::sign_in::finish_sign_in,
        crate::sign_in::cancel_sign_in,
        crate::accounts::portfolio_connections,
        crate::metrics::metrics_trend,
        crate::metrics::portfolio_trends,
        crate::metrics::preview_import,
        crate::metrics::import_csv,
        crate::metrics::stage_import_file,
        crate::metrics::save_export,
        crate::metrics::add_annotation,
        crate::metrics::remove_annotation,
        crate::deprecations::app_deprecations,
        crate::deprecations::check_reference,
        crate::deprecations::scan_folder,
        crate::deprecations::pick_folder,
        crate::deprecations::portfolio_sunsets,
        crate::alerts::list_alerts,
        crate::alerts::set_alert_state,
        crate::alerts::alert_settings,
        crate::alerts::surge_watch,
        crate::alerts::alert_chart,
        crate::alerts::set_alert_mute,
        crate::alerts::set_quiet_hours,
        crate::alerts::snooze_alerts,
        crate::desktop::desktop_settings,
        crate::desktop::set_desktop_settings,
        crate::versions::list_versions,
        crate::versions::version_detail,
        crate::versions::lint_manifest,
        crate::versions::create_version,
        crate::versions::edit_version,
        crate::versions::promotion_plan,
        crate::versions::record_version_action,
        crate::versions::diff_versions,
        crate::listing::listing_view,
        crate::listing::precheck_listing,
        crate::listing::save_listing,
        crate::listing::add_listing_media,
        crate::listing::remove_listing_media,
        crate::listing::move_screenshot,
        crate::listing::submit_listing,
        crate::listing::save_listing_preview,
        crate::listing::export_files,
        crate::listing::import_files,
        mark_first_paint
    ]
}

#[tauri::command]
async fn app_info(shell: State<'_, Shell>) -> Result<AppInfo, IpcError> {
    let paths = shell.info_without_store();
    with_reader(&shell, move |store| {
        store
            .has_demo_apps()
            .map(|demo_mode| AppInfo { demo_mode, ..paths })
    })
    .await
}

#[tauri::command]
async fn list_apps(shell: State<'_, Shell>) -> Result<Vec<App>, IpcError> {
    with_reader(&shell, |store| store.list_apps()).await
}

#[tauri::command]
async fn add_app(shell: State<'_, Shell>, args: AddAppArgs) -> Result<App, IpcError> {
    let valid = args
        .app
        .validate()
        .map_err(plumbline_store::StoreError::from);
    let app = with_store(&shell, move |store| {
        store.add_app(&valid?, UnixMillis::now())
    })
    .await?;
    log::info!("added app {}", app.id);
    Ok(app)
}

#[tauri::command]
async fn update_app(shell: State<'_, Shell>, args: UpdateAppArgs) -> Result<App, IpcError> {
    with_store(&shell, move |store| {
        store.update_app(args.id, &args.patch, UnixMillis::now())
    })
    .await
}

#[tauri::command]
async fn remove_app(shell: State<'_, Shell>, args: RemoveAppArgs) -> Result<(), IpcError> {
    with_store(&shell, move |store| store.remove_app(args.id)).await?;
    log::info!("removed app {}", args.id);
    Ok(())
}

#[tauri::command]
async fn remove_demo_data(shell: State<'_, Shell>) -> Result<usize, IpcError> {
    with_store(&shell, |store| store.remove_demo_portfolio()).await
}

/// Called by the UI once the first screen has painted, each time the window is built. The
/// log says so (a window rebuilt from the tray is ready from then on); the start-up benchmark
/// sets `PLUMBLINE_REPORT_FIRST_PAINT` and reads the line it prints on stdout.
#[tauri::command]
fn mark_first_paint(args: FirstPaintArgs, first_paint: State<'_, FirstPaint>) {
    first_paint.painted();
    log::info!("window painted ({:.0} ms in the page)", args.page_ms);
    crate::startup::mark(|| {
        let marks: Vec<String> = args
            .marks
            .iter()
            .map(|m| format!("\n    {:>7.1} ms  {}", m.ms, m.name))
            .collect();
        format!(
            "first paint ({:.1} ms in the page){}",
            args.page_ms,
            marks.concat()
        )
    });
    if std::env::var_os("PLUMBLINE_REPORT_FIRST_PAINT").is_some() {
        let mut out = std::io::stdout().lock();
        // The benchmark times the line's arrival; a failed write only costs it a sample.
        let _ =
            writeln!(out, "plumbline:first-paint {:.1}", args.page_ms).and_then(|()| out.flush());
    }
}
