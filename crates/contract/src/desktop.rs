//! The desktop's part of the contract: the tray, what closing the window does, and starting
//! at login.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Whether Plumbline has a tray icon the partner can see.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TrayStatus {
    /// The icon is in the desktop's tray.
    Shown,
    /// No tray host on this desktop (GNOME without the AppIndicator extension): the icon
    /// exists but nothing shows it, so closing the window minimizes it instead.
    NoHost,
    /// The indicator library is missing or the icon could not be created.
    Unavailable,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DesktopSettings {
    /// Closing the window keeps Plumbline running in the tray (minimized without a tray).
    pub close_to_tray: bool,
    pub tray: TrayStatus,
    /// Plumbline starts, in the tray, when the partner logs in.
    pub start_at_login: bool,
    /// False where Plumbline cannot register itself to start at login on this system.
    pub start_at_login_supported: bool,
}

/// Changes what is given; leaves the rest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetDesktopSettingsArgs {
    pub close_to_tray: Option<bool>,
    pub start_at_login: Option<bool>,
}
