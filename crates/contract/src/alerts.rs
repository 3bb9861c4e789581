//! The alerts' part of the contract: the inbox, an alert's state, mutes, quiet hours, snooze,
//! and the click on a notification.

use plumbline_domain::{Alert, AlertKind, AlertState, AppId, UnixMillis};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Emitted (no payload) when alerts were recorded or changed without the window asking.
pub const ALERTS_CHANGED_EVENT: &str = "alerts-changed";

/// Emitted with [`AlertOpened`] when the partner clicks a notification: the window shows it.
pub const ALERT_OPENED_EVENT: &str = "alert-opened";

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertOpened {
    /// The alert clicked; `None` for a summary (open the inbox).
    pub alert_id: Option<i64>,
    pub app_id: Option<AppId>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListAlertsArgs {
    /// One app's alerts, or every app's.
    pub app_id: Option<AppId>,
    pub include_dismissed: bool,
}

/// The inbox: alerts newest first, and how many are unseen (all apps).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertInbox {
    pub alerts: Vec<Alert>,
    pub unseen: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetAlertStateArgs {
    pub id: i64,
    pub state: AlertState,
}

/// A mute: an app, a kind, or a kind of one app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertMute {
    pub app_id: Option<AppId>,
    pub kind: Option<AlertKind>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetMuteArgs {
    pub mute: AlertMute,
    /// True to mute, false to unmute.
    pub muted: bool,
}

/// Local time of day, in minutes after midnight; the span may wrap past midnight.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuietHoursSetting {
    pub start_minute: u16,
    pub end_minute: u16,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SetQuietHoursArgs {
    /// `None` turns quiet hours off.
    pub hours: Option<QuietHoursSetting>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnoozeArgs {
    /// Pause notifications until then; `None` resumes them.
    pub until: Option<UnixMillis>,
}

/// What the partner set about notifications.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertSettings {
    pub quiet_hours: Option<QuietHoursSetting>,
    pub snoozed_until: Option<UnixMillis>,
    pub mutes: Vec<AlertMute>,
}
