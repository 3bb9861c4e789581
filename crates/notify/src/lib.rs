//! Desktop notifications for alerts, through notify-rust: XDG notifications over the session
//! bus on Linux (`../shared/desktop-integration.md`), the crate's own backends elsewhere.
//!
//! notify-rust's calls block on D-Bus (and panic inside a tokio task when zbus runs on
//! tokio), so each notification is shown from a short-lived thread of its own.

mod tray_host;

#[cfg(all(unix, not(target_os = "macos")))]
pub use tray_host::tray_host_on;
pub use tray_host::{WATCHER, tray_host_present};

use plumbline_domain::AlertSeverity;
use plumbline_engine::alerts::{Notification, Notifier};

/// The `.desktop` file's base name (the package names it after the product): servers use it
/// for the icon and to group Plumbline's notifications. The installed-package test checks
/// that the .deb holds `/usr/share/applications/<DESKTOP_ENTRY>.desktop`.
pub const DESKTOP_ENTRY: &str = "Plumbline";
/// The icon's theme name: the package installs it in every hicolor size as
/// `<main binary>.png` (and scalable as `.svg`), and the installed-package test checks it.
pub const ICON: &str = "plumbline-desktop";
/// The action a server invokes for a click on the notification's body.
pub const DEFAULT_ACTION: &str = "default";
/// The button that mutes the alert's app (servers that show actions show it).
pub const MUTE_APP_ACTION: &str = "mute-app";

/// What the partner did with a notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    /// Clicked it: open its alert (`None` for a summary: the inbox).
    Open(Option<i64>),
    /// "Mute this app" on the alert's notification.
    MuteApp(i64),
}

/// Shows alerts as desktop notifications.
#[derive(Debug, Clone, Default)]
pub struct DesktopNotifier {
    /// Labelled as demo data: demo mode's alerts say so.
    pub demo: bool,
}

/// `&` and `<` would be read as markup by servers that parse the body.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn build(notification: &Notification, demo: bool) -> notify_rust::Notification {
    let mut n = notify_rust::Notification::new();
    let title = if demo {
        format!("{} (demo)", notification.title)
    } else {
        notification.title.clone()
    };
    n.appname("Plumbline")
        .summary(&title)
        .body(&escape(&notification.body))
        .icon(ICON);
    #[cfg(all(unix, not(target_os = "macos")))]
    {
        use notify_rust::{Hint, Urgency};
        n.hint(Hint::DesktopEntry(DESKTOP_ENTRY.to_owned()))
            .hint(Hint::Category("im.received".to_owned()))
            .urgency(match notification.severity {
                AlertSeverity::Critical => Urgency::Critical,
                AlertSeverity::Warning => Urgency::Normal,
                AlertSeverity::Info => Urgency::Low,
            });
        // A click opens the alert (or, for a summary, the inbox); an alert's own notification
        // also offers to mute its app. Servers without actions show the plain notification,
        // and the alert waits in the window's inbox.
        n.action(DEFAULT_ACTION, "Open");
        if notification.alert_id.is_some() {
            n.action(MUTE_APP_ACTION, "Mute this app");
        }
    }
    #[cfg(not(all(unix, not(target_os = "macos"))))]
    let _ = (DESKTOP_ENTRY, notification.severity);
    n
}

/// Shows `notification` and, once the server answered, returns; a thread of its own then
/// waits for the partner's click or button on it and calls `on_action`. The handle stays
/// alive while it waits: some servers drop a notification whose sender went away, and only
/// the sender's connection hears `ActionInvoked`.
pub fn show_with_actions(
    notification: &Notification,
    demo: bool,
    on_action: impl FnOnce(Action) + Send + 'static,
) -> Result<(), String> {
    let n = build(notification, demo);
    let alert = notification.alert_id;
    let (shown, answer) = std::sync::mpsc::channel();
    std::thread::Builder::new()
        .name("notification".into())
        .spawn(move || match n.show() {
            Ok(handle) => {
                let _ = shown.send(Ok(()));
                #[cfg(all(unix, not(target_os = "macos")))]
                handle.wait_for_action(|action| match (action, alert) {
                    (DEFAULT_ACTION, _) => on_action(Action::Open(alert)),
                    (MUTE_APP_ACTION, Some(id)) => on_action(Action::MuteApp(id)),
                    _ => {}
                });
                #[cfg(not(all(unix, not(target_os = "macos"))))]
                let _ = (handle, on_action, alert);
            }
            Err(e) => {
                let _ = shown.send(Err(e.to_string()));
            }
        })
        .map_err(|e| e.to_string())?;
    answer
        .recv()
        .unwrap_or_else(|_| Err("the notification thread ended".to_owned()))
        .map_err(|e| format!("the desktop did not show the notification: {e}"))
}

impl Notifier for DesktopNotifier {
    fn notify(&self, notification: &Notification) -> Result<(), String> {
        let n = build(notification, self.demo);
        std::thread::scope(|scope| {
            scope
                .spawn(|| n.show().map(|_| ()).map_err(|e| e.to_string()))
                .join()
                .unwrap_or_else(|_| Err("the notification thread failed".to_owned()))
        })
        .map_err(|e| format!("the desktop did not show the notification: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_escaped_for_servers_that_read_markup() {
        assert_eq!(escape("a < b & c > d"), "a &lt; b &amp; c &gt; d");
    }
}
