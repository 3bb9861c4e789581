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

/// What the surge detector can say about one of an app's metrics now.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum SurgeState {
    /// No finalized day has a number yet.
    NoData,
    /// Too little history: no alerts before `learning_until`.
    Learning,
    Watching,
}

/// The detector's watch over one metric of an app ("learning until 14 March", "watching:
/// would notice +6 in a week").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SurgeWatch {
    pub metric: plumbline_domain::DailyMetric,
    /// True for uninstalls (watched for rises); false for drops.
    pub rises: bool,
    pub state: SurgeState,
    pub learning_until: Option<plumbline_domain::Day>,
    /// The expected count on an average day.
    pub level_per_day: Option<f64>,
    /// The smallest change over a week it would notice (`None`: none at this volume).
    pub min_detectable_week: Option<u32>,
    /// Too few a day to see small changes: the window says so.
    pub low_volume: bool,
    /// The last day evaluated (days after it are not final yet).
    pub last_final: Option<plumbline_domain::Day>,
}

/// Names one alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertArgs {
    pub id: i64,
}

/// One day of a surge or drop alert's chart.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertChartDay {
    pub day: plumbline_domain::Day,
    /// `None`: the day has no number (missing, not zero).
    pub observed: Option<u32>,
    /// What the detector expected that day (`None` while it was still learning).
    pub expected: Option<f64>,
}

/// The days around a surge or drop alert: four weeks before its episode, the episode (shaded),
/// up to the last final day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AlertChart {
    pub metric: plumbline_domain::DailyMetric,
    pub episode_start: plumbline_domain::Day,
    pub episode_end: plumbline_domain::Day,
    pub days: Vec<AlertChartDay>,
}
