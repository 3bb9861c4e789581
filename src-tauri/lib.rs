//! The desktop shell: a thin layer that maps window events and IPC commands onto the core
//! crates. Nothing here decides anything a CLI user would also need; that lives in `crates/`.

mod commands;
mod logging;
mod state;
mod window_state;

use tauri::Manager;

use crate::state::Shell;

/// Starts the desktop app and blocks until it quits.
pub fn run() {
    let log_dir = logging::init();
    let shell = Shell::start(log_dir);

    let result = tauri::Builder::default()
        .invoke_handler(commands::handler())
        .setup(|app| {
            let shell = app.state::<Shell>();
            let window = app
                .get_webview_window("main")
                .ok_or("the main window is missing from tauri.conf.json")?;
            window_state::restore(&window, shell.inner());
            window.show()?;
            Ok(())
        })
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
