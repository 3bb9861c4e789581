//! The Deprecations tab's commands: the exposure from the store (offline), a conditional
//! reference check, a source scan, and the Portfolio's nearest sunsets. Network and file work
//! run without the store's lock; each write is one transaction.

use std::path::PathBuf;

use plumbline_contract::{
    AppArgs, AppDeprecations, AppSunset, IpcError, ReferenceChecked, ScanFolderArgs, SourceScan,
};
use plumbline_deprecations::RouteStatus;
use plumbline_domain::{AppId, Day, ErrorCode, ReferenceKind, UnixMillis};
use plumbline_engine::watch::{self, ReferenceCheck, WatchError};
use plumbline_procore::{ProcoreClient, ProcoreEnvironment};
use plumbline_store::{Store, StoreError};
use tauri::State;

use crate::state::{IntoIpc, Shell, blocking, with_reader, with_store};

/// The watch's events the tab lists.
const RECENT_EVENTS: usize = 20;
/// The span of API health the tab shows: Integration Health's window.
const HEALTH_DAYS: i32 = 14;

impl IntoIpc for WatchError {
    fn into_ipc(self) -> IpcError {
        IpcError::new(self.code(), self.to_string())
    }
}

/// Everything the tab shows for `app` today, recording the watch's events as it goes.
pub(crate) fn view(store: &mut Store, app: AppId) -> Result<AppDeprecations, StoreError> {
    store.get_app(app)?;
    let now = UnixMillis::now();
    let today = Day::of(now);
    let (routes, _) = watch::evaluate(store, app, today, now)?;
    let references = [ReferenceKind::OpenApi, ReferenceKind::Legacy]
        .into_iter()
        .filter_map(|kind| store.reference_revision(kind).transpose())
        .collect::<Result<_, _>>()?;
    let scans = store
        .source_scans(app)?
        .into_iter()
        .map(|(root, scanned_at, files_scanned)| SourceScan {
            root,
            scanned_at,
            files_scanned,
        })
        .collect();
    let mut events = store.deprecation_events(Some(app))?;
    events.truncate(RECENT_EVENTS);
    Ok(AppDeprecations {
        app_id: app,
        today,
        routes,
        references,
        scans,
        health: watch::api_health(store, app, HEALTH_DAYS)?,
        events,
    })
}

#[tauri::command]
pub(crate) async fn app_deprecations(
    shell: State<'_, Shell>,
    args: AppArgs,
) -> Result<AppDeprecations, IpcError> {
    with_store(&shell, move |store| view(store, args.id)).await
}

/// The client for the docs host of `app`'s environment: its account's, or Procore's.
fn docs_client(store: &Store, app: AppId) -> Result<ProcoreClient, WatchError> {
    let client = match store.account(app)? {
        Some(account) => plumbline_engine::session::client_for(&account.endpoints)?,
        None => ProcoreClient::new(&ProcoreEnvironment::Known(
            plumbline_domain::Environment::Production,
        ))?,
    };
    Ok(client)
}

/// One line for a partner about what a check found.
fn check_summary(check: &ReferenceCheck) -> String {
    let name = |kind: ReferenceKind| match kind {
        ReferenceKind::OpenApi => "OpenAPI reference",
        ReferenceKind::Legacy => "Resource reference",
    };
    match check {
        ReferenceCheck::NotModified(kind) => {
            format!("{}: no change since the last check.", name(*kind))
        }
        ReferenceCheck::Accepted(kind, outcome) if outcome.unchanged => {
            format!("{}: no change since the last check.", name(*kind))
        }
        ReferenceCheck::Accepted(kind, outcome) => format!(
            "{}: {} operations, {} deprecated; {} date change{}.",
            name(*kind),
            outcome.revision.operations,
            outcome.revision.deprecated,
            outcome.changes.len(),
            if outcome.changes.len() == 1 { "" } else { "s" }
        ),
    }
}

/// Checks both reference documents for `app`'s environment, then answers its exposure.
pub(crate) async fn check_and_view(
    shell: &Shell,
    app: AppId,
) -> Result<ReferenceChecked, IpcError> {
    let (client, held) = with_store(shell, move |store| {
        let client = docs_client(store, app)?;
        let held = [ReferenceKind::OpenApi, ReferenceKind::Legacy]
            .map(|kind| store.reference_revision(kind));
        let [a, b] = held;
        Ok::<_, WatchError>((client, [a?, b?]))
    })
    .await?;
    let mut summary = Vec::new();
    for (kind, held) in [ReferenceKind::OpenApi, ReferenceKind::Legacy]
        .into_iter()
        .zip(held)
    {
        // The network, then one transaction: the window never waits on the download.
        let fetched = watch::fetch_reference(&client, kind, held.as_ref())
            .await
            .map_err(IntoIpc::into_ipc)?;
        let check = with_store(shell, move |store| {
            watch::store_fetch(store, kind, fetched, UnixMillis::now())
        })
        .await?;
        log::info!("reference check: {}", check_summary(&check));
        summary.push(check_summary(&check));
    }
    let deprecations = with_store(shell, move |store| view(store, app)).await?;
    Ok(ReferenceChecked {
        summary,
        deprecations,
    })
}

#[tauri::command]
pub(crate) async fn check_reference(
    shell: State<'_, Shell>,
    args: AppArgs,
) -> Result<ReferenceChecked, IpcError> {
    check_and_view(&shell, args.id).await
}

/// Scans `root` for `app` and records what it found; the scan runs without the store.
pub(crate) async fn scan_and_record(
    shell: &Shell,
    app: AppId,
    root: PathBuf,
) -> Result<AppDeprecations, IpcError> {
    with_store(shell, move |store| store.get_app(app).map(|_| ())).await?;
    let scanned_root = root.clone();
    let report = blocking(move || {
        plumbline_scan::scan(&scanned_root)
            .map_err(|e| IpcError::new(ErrorCode::Invalid, e.to_string()))
    })
    .await?;
    log::info!(
        "scanned {} files for app {app}: {} Procore calls",
        report.files_scanned,
        report.uses.len()
    );
    with_store(shell, move |store| {
        watch::record_scan(store, app, &root, &report, UnixMillis::now())?;
        view(store, app)
    })
    .await
}

#[tauri::command]
pub(crate) async fn scan_folder(
    shell: State<'_, Shell>,
    args: ScanFolderArgs,
) -> Result<AppDeprecations, IpcError> {
    let typed = PathBuf::from(args.path.trim());
    if !typed.is_absolute() {
        return Err(IpcError::new(
            ErrorCode::Invalid,
            format!(
                "“{}” is not a full path: start it with / (for example /home/you/code/app).",
                args.path.trim()
            ),
        ));
    }
    let root = std::fs::canonicalize(&typed).map_err(|e| {
        IpcError::new(
            ErrorCode::NotFound,
            format!("Could not open the folder {}: {e}.", typed.display()),
        )
    })?;
    if !root.is_dir() {
        return Err(IpcError::new(
            ErrorCode::Invalid,
            format!(
                "{} is a file: pick the folder that holds your app's code.",
                root.display()
            ),
        ));
    }
    scan_and_record(&shell, args.id, root).await
}

/// The desktop's own folder chooser. GTK's dialogs live on the main thread; the command
/// waits for the answer without blocking it.
#[tauri::command]
pub(crate) async fn pick_folder(app: tauri::AppHandle) -> Result<Option<String>, IpcError> {
    crate::folder_picker::pick(&app).await
}

#[tauri::command]
pub(crate) async fn portfolio_sunsets(shell: State<'_, Shell>) -> Result<Vec<AppSunset>, IpcError> {
    with_reader(&shell, |store| {
        let today = Day::of(UnixMillis::now());
        // One reading of the reference for every app.
        let index = watch::reference_index(store)?;
        store
            .list_apps()?
            .into_iter()
            .map(|app| {
                let routes = watch::exposure_with(&index, store, app.id, today)?;
                let nearest = routes
                    .iter()
                    .filter(|r| r.sunset.is_some())
                    .min_by_key(|r| r.days_left.unwrap_or(i32::MAX));
                Ok(AppSunset {
                    app_id: app.id,
                    route: nearest.map(|r| format!("{} {}", r.method, r.path)),
                    sunset: nearest.and_then(|r| r.sunset),
                    days_left: nearest.and_then(|r| r.days_left),
                    status: nearest.map(|r| r.status),
                    deprecated_routes: routes
                        .iter()
                        .filter(|r| {
                            matches!(r.status, RouteStatus::Deprecated | RouteStatus::Sunset)
                        })
                        .count() as u32,
                    unknown_routes: routes
                        .iter()
                        .filter(|r| r.status == RouteStatus::Unknown)
                        .count() as u32,
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()
    })
    .await
}
