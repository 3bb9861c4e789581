//! Living on the desktop: what closing the window does (Plumbline stays in the tray, or
//! minimizes where the desktop has no tray), starting at login, and quitting.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use plumbline_contract::{DesktopSettings, IpcError, SetDesktopSettingsArgs, TrayStatus};
use plumbline_domain::{AlertSeverity, ErrorCode};
use plumbline_engine::alerts::{Notification, Notifier};
use tauri::{AppHandle, Manager, State, Window, WindowEvent};

use crate::background::Background;
use crate::state::{Shell, with_reader, with_store};

/// The desktop's answers, found at start.
pub(crate) struct Desktop {
    tray: Mutex<TrayStatus>,
    /// The first close's hint, while it is being shown: making way for the background
    /// process waits for it, so the hint taken is the hint seen.
    hint: Mutex<Option<std::thread::JoinHandle<()>>>,
}

impl Desktop {
    pub(crate) fn new(tray: TrayStatus) -> Self {
        Self {
            tray: Mutex::new(tray),
            hint: Mutex::new(None),
        }
    }

    pub(crate) fn tray(&self) -> TrayStatus {
        *self
            .tray
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}

/// Whether the icon is shown: it exists, and a tray host runs to show it.
pub(crate) fn tray_status(icon_created: bool) -> TrayStatus {
    if !icon_created {
        return TrayStatus::Unavailable;
    }
    match plumbline_notify::tray_host_present() {
        Ok(true) => TrayStatus::Shown,
        Ok(false) => TrayStatus::NoHost,
        Err(e) => {
            log::warn!("{e}");
            TrayStatus::NoHost
        }
    }
}

/// Read on the main thread when the window closes: from a read connection, so a sync or an
/// import holding the writer never makes the close wait.
fn close_to_tray(app: &AppHandle) -> bool {
    let shell = app.state::<Shell>();
    let Ok(readers) = shell.readers() else {
        return false;
    };
    readers.read().close_to_tray().unwrap_or(true)
}

/// The main window asked to close. With close-to-tray on and a tray shown, it closes (its
/// webview is released; the tray or a second launch builds it again) and Plumbline keeps
/// running; the first time, a notification says so. Without a tray, a closed window could
/// not be found again, so it minimizes instead. With the setting off, Plumbline quits.
pub(crate) fn on_window_event(window: &Window, event: &WindowEvent) {
    crate::window_state::on_event(window, event);
    let WindowEvent::CloseRequested { api, .. } = event else {
        return;
    };
    let app = window.app_handle();
    if !close_to_tray(app) {
        return;
    }
    match app.state::<Desktop>().tray() {
        TrayStatus::Shown => {
            log::info!("window closed; Plumbline keeps running in the tray");
            tell_once_about_the_tray(app);
        }
        TrayStatus::NoHost | TrayStatus::Unavailable => {
            api.prevent_close();
            let _ = window.minimize();
            log::info!("no tray to keep Plumbline in: minimized instead of closing");
        }
    }
}

/// The last window closed on its own (not through Quit): keep running if the tray holds us.
pub(crate) fn keep_running(app: &AppHandle) -> bool {
    close_to_tray(app) && app.state::<Desktop>().tray() == TrayStatus::Shown
}

/// Off the main thread: taking the hint is a write, which may wait behind a sync.
fn tell_once_about_the_tray(app: &AppHandle) {
    let shell = app.state::<Shell>();
    let Ok(store) = shell.store() else { return };
    let shown = std::thread::spawn(move || {
        let first = store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take_tray_hint()
            .unwrap_or(false);
        if !first {
            return;
        }
        let notification = Notification {
            title: "Plumbline is still running".to_owned(),
            body: "It keeps watching your apps from the tray and will notify you of alerts. \
                   Quit from the tray menu, or turn this off in Settings."
                .to_owned(),
            severity: AlertSeverity::Info,
            alert_id: None,
        };
        if let Err(e) = plumbline_notify::DesktopNotifier::default().notify(&notification) {
            log::warn!("{e}");
        }
    });
    *app.state::<Desktop>()
        .hint
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(shown);
}

/// Where the image before an `exec` names the children it leaves to the new one.
const REAP_ENV: &str = "PLUMBLINE_REAP";

/// This process's children (the window's web processes), from `/proc`.
#[cfg(target_os = "linux")]
fn own_children() -> Vec<String> {
    let Ok(tasks) = std::fs::read_dir("/proc/self/task") else {
        return Vec::new();
    };
    tasks
        .flatten()
        .filter_map(|t| std::fs::read_to_string(t.path().join("children")).ok())
        .flat_map(|c| c.split_whitespace().map(str::to_owned).collect::<Vec<_>>())
        .collect()
}

#[cfg(all(unix, not(target_os = "linux")))]
fn own_children() -> Vec<String> {
    Vec::new()
}

/// In the image started by [`make_way_for_background`]: waits for the children the old image
/// left (they end once their connection to it closed) so they do not linger as zombies.
pub(crate) fn reap_children_left_behind() {
    #[cfg(target_os = "linux")]
    {
        let pids: Vec<rustix::process::Pid> = std::env::var(REAP_ENV)
            .unwrap_or_default()
            .split(',')
            .filter_map(|p| p.parse().ok())
            .filter_map(rustix::process::Pid::from_raw)
            .collect();
        if pids.is_empty() {
            return;
        }
        let spawned = std::thread::Builder::new()
            .name("reap".into())
            .spawn(move || {
                for pid in pids {
                    let _ =
                        rustix::process::waitpid(Some(pid), rustix::process::WaitOptions::empty());
                }
            });
        if let Err(e) = spawned {
            log::warn!("the window's old web processes stay as zombies: {e}");
        }
    }
}

/// The last window closed and the tray holds Plumbline: the process starts itself again in
/// the background (`exec`, same process id), without the window's WebKit and GTK pages that
/// stay resident after the webview is gone. The writer is held across the `exec`, so no
/// write is cut short (a sync in flight is simply done again by the new image); the profile's
/// lock and socket close with the old image and the new one takes them. Where `exec` fails
/// (the binary was replaced by an upgrade, say), Plumbline keeps running as it is.
pub(crate) fn make_way_for_background(app: &AppHandle) {
    #[cfg(unix)]
    {
        use std::os::unix::process::CommandExt;

        if std::env::var_os("PLUMBLINE_NO_RELAUNCH").is_some() {
            return;
        }
        let hint = app
            .state::<Desktop>()
            .hint
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        if let Some(hint) = hint {
            let _ = hint.join();
        }
        let exe = match std::env::current_exe() {
            Ok(exe) => exe,
            Err(e) => {
                log::warn!("staying as it is in the tray: {e}");
                return;
            }
        };
        let args: Vec<std::ffi::OsString> = std::env::args_os()
            .skip(1)
            .filter(|a| a != crate::BACKGROUND_FLAG)
            .chain([crate::BACKGROUND_FLAG.into()])
            .collect();
        let shell = app.state::<Shell>();
        let store = shell.store().ok();
        let writer = store
            .as_ref()
            .map(|s| s.lock().unwrap_or_else(std::sync::PoisonError::into_inner));
        if let Some(writer) = &writer {
            // The closed window's last position, if its save has not run yet.
            crate::window_state::save_latest(writer);
        }
        log::info!("window closed: continuing in the background without it");
        // The window's web processes outlive the exec by a moment and become the new image's
        // children: it reaps them by these ids (and only these: GLib waits on its own).
        let e = std::process::Command::new(&exe)
            .args(&args)
            .env(REAP_ENV, own_children().join(","))
            .exec();
        log::warn!("could not continue in the background ({e}); staying as it is in the tray");
    }
    #[cfg(not(unix))]
    let _ = app;
}

/// Quits for real: the scheduler stops first, so nothing writes while the app winds down.
pub(crate) fn quit(app: &AppHandle) {
    app.state::<Background>().stop();
    app.exit(0);
}

// ---- Start at login: an XDG autostart entry (freedesktop's Desktop Application Autostart
// Specification), honoured by GNOME, KDE, XFCE and the rest.

/// Where the entry lives: `$XDG_CONFIG_HOME/autostart`, else `~/.config/autostart`.
fn autostart_file() -> Option<PathBuf> {
    if !cfg!(target_os = "linux") {
        return None;
    }
    directories::BaseDirs::new().map(|dirs| dirs.config_dir().join("autostart/plumbline.desktop"))
}

/// An argument quoted for a desktop entry's `Exec` key.
fn exec_quote(arg: &str) -> String {
    let mut quoted = String::from("\"");
    for c in arg.chars() {
        if matches!(c, '"' | '`' | '$' | '\\') {
            quoted.push('\\');
        }
        quoted.push(c);
    }
    quoted.push('"');
    // The key's own escaping applies on top: a literal backslash is written twice again.
    quoted.replace('\\', "\\\\")
}

fn autostart_entry(exe: &Path) -> String {
    format!(
        "[Desktop Entry]\nType=Application\nName=Plumbline\n\
         Comment=Watches your Procore Marketplace apps from the tray\n\
         Exec={} --background\nIcon={}\nTerminal=false\nX-GNOME-Autostart-enabled=true\n",
        exec_quote(&exe.to_string_lossy()),
        plumbline_notify::ICON
    )
}

fn start_at_login() -> bool {
    autostart_file().is_some_and(|f| f.is_file())
}

fn set_start_at_login(on: bool) -> Result<(), IpcError> {
    let Some(file) = autostart_file() else {
        return Err(IpcError::new(
            ErrorCode::Invalid,
            "Starting at login is not supported on this system yet.",
        ));
    };
    let failed = |e: std::io::Error| {
        IpcError::new(
            ErrorCode::Internal,
            format!("Could not change {}: {e}", file.display()),
        )
    };
    if on {
        let exe = std::env::current_exe().map_err(failed)?;
        if let Some(dir) = file.parent() {
            std::fs::create_dir_all(dir).map_err(failed)?;
        }
        std::fs::write(&file, autostart_entry(&exe)).map_err(failed)?;
        log::info!("start at login: wrote {}", file.display());
    } else {
        match std::fs::remove_file(&file) {
            Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(failed(e)),
            _ => log::info!("start at login: removed {}", file.display()),
        }
    }
    Ok(())
}

fn settings(close_to_tray: bool, tray: TrayStatus) -> DesktopSettings {
    DesktopSettings {
        close_to_tray,
        tray,
        start_at_login: start_at_login(),
        start_at_login_supported: autostart_file().is_some(),
    }
}

#[tauri::command]
pub(crate) async fn desktop_settings(
    app: AppHandle,
    shell: State<'_, Shell>,
) -> Result<DesktopSettings, IpcError> {
    let tray = app.state::<Desktop>().tray();
    let close = with_reader(&shell, |store| store.close_to_tray()).await?;
    Ok(settings(close, tray))
}

#[tauri::command]
pub(crate) async fn set_desktop_settings(
    app: AppHandle,
    shell: State<'_, Shell>,
    args: SetDesktopSettingsArgs,
) -> Result<DesktopSettings, IpcError> {
    if let Some(on) = args.start_at_login {
        crate::state::blocking(move || set_start_at_login(on)).await?;
    }
    let close = with_store(&shell, move |store| {
        if let Some(on) = args.close_to_tray {
            store.set_close_to_tray(on)?;
        }
        store.close_to_tray()
    })
    .await?;
    Ok(settings(close, app.state::<Desktop>().tray()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exec_arguments_are_quoted_for_the_desktop_entry() {
        assert_eq!(exec_quote("/usr/bin/plumbline"), "\"/usr/bin/plumbline\"");
        assert_eq!(exec_quote("/home/a b/$x\"y"), "\"/home/a b/\\\\$x\\\\\"y\"");
        let entry = autostart_entry(Path::new("/opt/Plumbline/plumbline-desktop"));
        assert!(entry.starts_with("[Desktop Entry]\n"));
        assert!(entry.contains("\nExec=\"/opt/Plumbline/plumbline-desktop\" --background\n"));
    }
}
