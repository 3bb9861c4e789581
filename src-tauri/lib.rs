//! The desktop shell: a thin layer that maps window events and IPC commands onto the core
//! crates. Nothing here decides anything a CLI user would also need; that lives in `crates/`.

mod accounts;
mod alerts;
mod background;
mod commands;
mod demo;
mod deprecations;
mod desktop;
mod desktop_font;
mod first_paint;
mod folder_picker;
mod listing;
mod logging;
mod metrics;
mod rendering;
mod sign_in;
mod single_instance;
mod startup;
mod state;
mod tray;
mod versions;
mod window_state;

use plumbline_contract::TrayStatus;
use tauri::{Manager, RunEvent};

use crate::background::Background;
use crate::desktop::Desktop;
use crate::first_paint::FirstPaint;
use crate::single_instance::Claim;
use crate::state::Shell;

/// Started at login: stay in the tray until the partner opens the window.
pub(crate) const BACKGROUND_FLAG: &str = "--background";

/// Starts the desktop app and blocks until it quits.
pub fn run() {
    startup::mark(|| "main");
    let log_dir = logging::init();
    // One Plumbline per profile: a second launch shows the first one's window and ends here,
    // before it opens the store.
    let mut primary = match state::database_path()
        .ok()
        .as_deref()
        .and_then(std::path::Path::parent)
        .map(single_instance::claim)
    {
        Some(Ok(Claim::Primary(primary))) => Some(primary),
        Some(Ok(Claim::HandedOver)) => {
            log::info!("Plumbline already runs for this profile: asked it to show its window");
            return;
        }
        Some(Err(e)) => {
            log::warn!("could not check for another Plumbline on this profile: {e}");
            None
        }
        None => None,
    };
    desktop::reap_children_left_behind();
    let shell = Shell::start(log_dir);
    startup::mark(|| "store opened");
    let in_background = std::env::args().any(|a| a == BACKGROUND_FLAG);

    let app = tauri::Builder::default()
        .invoke_handler(commands::handler())
        .setup(move |app| {
            let handle = app.handle().clone();
            let shell = app.state::<Shell>();
            // Started at login with a tray to live in: no window until asked. Otherwise the
            // window comes first and the tray after it, off the first paint's path.
            let tray = in_background.then(|| tray::create(&handle)).flatten();
            let status = in_background.then(|| desktop::tray_status(tray.is_some()));
            if status != Some(TrayStatus::Shown) {
                // Built here rather than in tauri.conf.json: it opens at its saved place, and
                // the first screen's data rides along so the Portfolio paints without IPC.
                window_state::open_main_window(&handle, shell.inner(), &shell.boot_script())?;
                startup::mark(|| "window created");
            }
            let tray = if in_background {
                tray
            } else {
                tray::create(&handle)
            };
            let status = status.unwrap_or_else(|| desktop::tray_status(tray.is_some()));
            startup::mark(|| "tray created");
            log::info!("tray: {status:?}");
            if let Some(tray) = tray {
                app.manage(tray);
            }
            app.manage(Desktop::new(status));
            if let Some(primary) = primary.take() {
                let shown = handle.clone();
                primary.serve(move || window_state::show_main_window(&shown, None));
            }
            metrics::clear_staged_imports(shell.inner());
            if let Ok(store) = shell.store() {
                let secrets = shell.secrets();
                // With a window, the first screen gets the CPU first (first_paint.rs).
                let first_paint = (status != TrayStatus::Shown || !in_background)
                    .then(|| app.state::<FirstPaint>().wait());
                tauri::async_runtime::spawn(async move {
                    if let Some(painted) = first_paint {
                        painted.await;
                    }
                    let demo = demo::prepare(store.clone(), &handle).await;
                    background::start(
                        &handle.state::<Background>(),
                        store,
                        handle.clone(),
                        secrets,
                        demo,
                    );
                    tray::refresh(&handle);
                });
            }
            Ok(())
        })
        .on_page_load(|_, payload| startup::mark(|| format!("page {:?}", payload.event())))
        .on_window_event(desktop::on_window_event)
        .manage(shell)
        .manage(Background::default())
        .manage(FirstPaint::default())
        .build(tauri::generate_context!());
    let app = match app {
        Ok(app) => app,
        Err(e) => {
            log::error!("the window system failed: {e}");
            eprintln!("Plumbline could not start its window: {e}");
            std::process::exit(1);
        }
    };
    app.run(|app, event| match event {
        // The last window closed (not Quit): the tray keeps Plumbline running.
        RunEvent::ExitRequested {
            code: None, api, ..
        } if desktop::keep_running(app) => {
            api.prevent_exit();
            desktop::make_way_for_background(app);
        }
        RunEvent::Exit => app.state::<Background>().stop(),
        _ => {}
    });
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_contract_command_is_registered() {
        let registered = crate::commands::NAMES;
        let mut contract = plumbline_contract::command_names();
        let mut shell = registered.to_vec();
        contract.sort_unstable();
        shell.sort_unstable();
        assert_eq!(
            shell, contract,
            "src-tauri/commands.rs and crates/contract disagree"
        );
    }
}
