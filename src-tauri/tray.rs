//! The tray icon and its menu: the unseen alerts (the count also sits beside the icon, as
//! Linux trays show a title but no tooltip), Open Plumbline, Sync now, pausing notifications
//! and Quit. On Linux only the menu reaches the app (clicks on the icon do not), so every
//! action is in it.

use plumbline_contract::ALERTS_CHANGED_EVENT;
use plumbline_domain::UnixMillis;
use tauri::menu::{Menu, MenuItem, PredefinedMenuItem};
use tauri::tray::{TrayIcon, TrayIconBuilder};
use tauri::{AppHandle, Emitter, Manager, Wry};

use crate::background::Background;
use crate::state::Shell;

const ALERTS: &str = "alerts";
const OPEN: &str = "open";
const SYNC: &str = "sync";
const PAUSE_HOUR: &str = "pause-hour";
const PAUSE_TOMORROW: &str = "pause-tomorrow";
const RESUME: &str = "resume";
const QUIT: &str = "quit";

/// The icon and the items whose words change.
pub(crate) struct Tray {
    icon: TrayIcon,
    alerts: MenuItem<Wry>,
    resume: MenuItem<Wry>,
}

/// Creates the tray icon. `None` where it cannot exist: the indicator library
/// (libayatana-appindicator3) is missing, which the library reports by panicking, caught here
/// so that Plumbline still starts and works without a tray.
pub(crate) fn create(app: &AppHandle) -> Option<Tray> {
    let built = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| build(app)));
    match built {
        Ok(Ok(tray)) => Some(tray),
        Ok(Err(e)) => {
            log::warn!("no tray icon: {e}");
            None
        }
        Err(_) => {
            log::warn!(
                "no tray icon: the indicator library (libayatana-appindicator3-1) is missing"
            );
            None
        }
    }
}

fn build(app: &AppHandle) -> tauri::Result<Tray> {
    let alerts = MenuItem::with_id(app, ALERTS, "No new alerts", false, None::<&str>)?;
    let resume = MenuItem::with_id(app, RESUME, "Resume notifications", false, None::<&str>)?;
    let menu = Menu::with_items(
        app,
        &[
            &alerts,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, OPEN, "Open Plumbline", true, None::<&str>)?,
            &MenuItem::with_id(app, SYNC, "Sync now", true, None::<&str>)?,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(
                app,
                PAUSE_HOUR,
                "Pause notifications for an hour",
                true,
                None::<&str>,
            )?,
            &MenuItem::with_id(
                app,
                PAUSE_TOMORROW,
                "Pause notifications until tomorrow",
                true,
                None::<&str>,
            )?,
            &resume,
            &PredefinedMenuItem::separator(app)?,
            &MenuItem::with_id(app, QUIT, "Quit Plumbline", true, None::<&str>)?,
        ],
    )?;
    let mut builder = TrayIconBuilder::with_id("plumbline")
        .menu(&menu)
        .tooltip("Plumbline")
        .on_menu_event(|app, event| on_menu(app, event.id().as_ref()));
    if let Some(icon) = app.default_window_icon() {
        builder = builder.icon(icon.clone());
    }
    let icon = builder.build(app)?;
    Ok(Tray {
        icon,
        alerts,
        resume,
    })
}

fn on_menu(app: &AppHandle, id: &str) {
    log::info!("tray: {id}");
    match id {
        ALERTS => crate::window_state::show_main_window(app, Some("/alerts".to_owned())),
        OPEN => crate::window_state::show_main_window(app, None),
        SYNC => app.state::<Background>().sync_now(),
        PAUSE_HOUR => pause(app, Some(UnixMillis(UnixMillis::now().0 + 3_600_000))),
        PAUSE_TOMORROW => pause(app, Some(crate::alerts::next_morning())),
        RESUME => pause(app, None),
        QUIT => crate::desktop::quit(app),
        _ => {}
    }
}

/// Pauses (or, with `None`, resumes) notifications, as Settings does.
fn pause(app: &AppHandle, until: Option<UnixMillis>) {
    let app = app.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let shell = app.state::<Shell>();
        let Ok(store) = shell.store() else { return };
        let written = store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .snooze_until(until);
        if let Err(e) = written {
            log::warn!("could not pause notifications: {e}");
            return;
        }
        let _ = app.emit(ALERTS_CHANGED_EVENT, ());
        refresh(&app);
    });
}

/// What the tray shows, read again from the store: the unseen count and whether
/// notifications are paused. Cheap; called after every alerts pass and change.
pub(crate) fn refresh(app: &AppHandle) {
    let Some(tray) = app.try_state::<Tray>() else {
        return;
    };
    let shell = app.state::<Shell>();
    let Ok(readers) = shell.readers() else { return };
    let (unseen, paused) = {
        let store = readers.read();
        (
            store.unseen_alerts().unwrap_or(0),
            store
                .snoozed_until()
                .ok()
                .flatten()
                .is_some_and(|until| until > UnixMillis::now()),
        )
    };
    let (text, title) = match unseen {
        0 => ("No new alerts".to_owned(), None),
        1 => ("1 new alert".to_owned(), Some("1".to_owned())),
        n => (format!("{n} new alerts"), Some(n.to_string())),
    };
    let _ = tray.alerts.set_text(&text);
    let _ = tray.alerts.set_enabled(unseen > 0);
    let _ = tray.resume.set_enabled(paused);
    let _ = tray.icon.set_title(title.as_deref());
    let tooltip = if paused {
        format!("Plumbline: {text}, notifications paused")
    } else {
        format!("Plumbline: {text}")
    };
    let _ = tray.icon.set_tooltip(Some(tooltip));
}
