//! Alerts: what Plumbline tells a partner about, each with a stable identity so that it is
//! notified once, whatever restarts, re-imports or re-evaluations follow.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppId, Day, UnixMillis};

/// What an alert is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AlertKind {
    /// Uninstalls rose beyond what the app's history explains.
    Surge,
    /// Installations or listing views fell beyond what the history explains.
    Drop,
    /// A route the app uses is deprecated, nears its sunset, or is called after it.
    Deprecation,
    /// Procore refused the app's credentials, or its syncs have failed for over a day.
    Connection,
}

impl AlertKind {
    pub const ALL: [AlertKind; 4] = [
        AlertKind::Surge,
        AlertKind::Drop,
        AlertKind::Deprecation,
        AlertKind::Connection,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AlertKind::Surge => "surge",
            AlertKind::Drop => "drop",
            AlertKind::Deprecation => "deprecation",
            AlertKind::Connection => "connection",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AlertSeverity {
    Info,
    Warning,
    Critical,
}

impl AlertSeverity {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertSeverity::Info => "info",
            AlertSeverity::Warning => "warning",
            AlertSeverity::Critical => "critical",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [
            AlertSeverity::Info,
            AlertSeverity::Warning,
            AlertSeverity::Critical,
        ]
        .into_iter()
        .find(|s| s.as_str() == text)
    }
}

/// Where the partner stands with an alert.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AlertState {
    New,
    Seen,
    Dismissed,
}

impl AlertState {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertState::New => "new",
            AlertState::Seen => "seen",
            AlertState::Dismissed => "dismissed",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [AlertState::New, AlertState::Seen, AlertState::Dismissed]
            .into_iter()
            .find(|s| s.as_str() == text)
    }
}

/// What became of an alert's notification. Every state but `Pending` and `Held` is final:
/// an alert leaves them once, in the transaction that claims it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Delivery {
    /// Not yet decided.
    Pending,
    /// Waiting for quiet hours or a snooze to end; delivered then, in one summary.
    Held,
    /// Notified on its own.
    Notified,
    /// Notified as part of a summary.
    Digest,
    /// Old news (its day is more than a week back): in the inbox, never notified.
    History,
    /// Its app or kind was muted when it arrived: in the inbox, never notified.
    Muted,
}

impl Delivery {
    pub const ALL: [Delivery; 6] = [
        Delivery::Pending,
        Delivery::Held,
        Delivery::Notified,
        Delivery::Digest,
        Delivery::History,
        Delivery::Muted,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Delivery::Pending => "pending",
            Delivery::Held => "held",
            Delivery::Notified => "notified",
            Delivery::Digest => "digest",
            Delivery::History => "history",
            Delivery::Muted => "muted",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.as_str() == text)
    }
}

/// An alert to record; the store keeps the first of each `identity` for an app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAlert {
    pub app_id: AppId,
    pub kind: AlertKind,
    /// Stable across restarts, re-imports and re-evaluations: the kind with the episode's
    /// first day, the deprecation event's key, the day a connection began failing.
    pub identity: String,
    /// The day it is about.
    pub day: Day,
    pub severity: AlertSeverity,
    /// One line: what happened.
    pub title: String,
    /// Why Plumbline says so and what to do.
    pub body: String,
}

/// A recorded alert.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Alert {
    pub id: i64,
    pub app_id: AppId,
    pub kind: AlertKind,
    pub identity: String,
    pub day: Day,
    pub severity: AlertSeverity,
    pub title: String,
    pub body: String,
    pub state: AlertState,
    pub delivery: Delivery,
    pub created_at: UnixMillis,
    /// When its notification (or the summary that carried it) went out.
    pub notified_at: Option<UnixMillis>,
}
