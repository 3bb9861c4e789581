//! The desktop shell: a thin layer that maps window events and IPC commands onto the core
//! crates. Nothing here decides anything a CLI user would also need; that lives in `crates/`.

mod accounts;
mod alerts;
mod commands;
mod demo;
mod deprecations;
mod desktop_font;
mod folder_picker;
mod logging;
mod metrics;
mod rendering;
mod sign_in;
mod startup;
mod state;
mod window_state;

use tauri::Manager;

use crate::state::Shell;

/// Starts the desktop app and blocks until it quits.
pub fn run() {
    startup::mark(|| "main");
    let log_dir = logging::init();
    let shell = Shell::start(log_dir);
    startup::mark(|| "store opened");

    let result = tauri::Builder::default()
        .invoke_handler(commands::handler())
        .setup(|app| {
            let shell = app.state::<Shell>();
            // Built here rather than in tauri.conf.json: it opens at its saved place, and the
            // first screen's data rides along so the Portfolio paints without waiting on IPC.
            window_state::open_main_window(app, shell.inner(), &shell.boot_script())?;
            startup::mark(|| "window created");
            metrics::clear_staged_imports(shell.inner());
            if let Ok(store) = shell.store() {
                demo::start(store, app.handle().clone());
            }
            Ok(())
        })
        .on_page_load(|_, payload| startup::mark(|| format!("page {:?}", payload.event())))
        .on_window_event(window_state::on_event)
        .manage(shell)
        .run(tauri::generate_context!());
    if let Err(e) = result {
        log::error!("the window system failed: {e}");
        eprintln!("Plumbline could not start its window: {e}");
        std::process::exit(1);
    }
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
