//! The deprecation watch's part of the contract: each app's exposure, scans, the reference's
//! revisions, API health, and the Portfolio's nearest sunsets.

use plumbline_deprecations::{ApiHealth, RouteExposure, RouteStatus};
use plumbline_domain::{AppId, Day, DeprecationEvent, ReferenceRevision, UnixMillis};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Emitted (no payload) when the watch's data changed without the window asking: a reference
/// check, a demo scan, a background sync.
pub const DEPRECATIONS_CHANGED_EVENT: &str = "deprecations-changed";

/// A folder scanned for an app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SourceScan {
    pub root: String,
    pub scanned_at: UnixMillis,
    #[ts(type = "number")]
    pub files_scanned: u64,
}

/// Everything the Deprecations tab shows, from the store (works offline).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppDeprecations {
    pub app_id: AppId,
    /// The day the countdowns count from.
    pub today: Day,
    /// Most urgent first.
    pub routes: Vec<RouteExposure>,
    /// The reference revisions in force (OpenAPI, legacy), with when each was last checked.
    pub references: Vec<ReferenceRevision>,
    pub scans: Vec<SourceScan>,
    /// The last 14 days of activity, when an activity report was imported.
    pub health: Option<ApiHealth>,
    /// The watch's events for this app, newest first.
    pub events: Vec<DeprecationEvent>,
}

/// Scan a folder of the partner's source code for an app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScanFolderArgs {
    pub id: AppId,
    /// An absolute path, from the folder picker or typed.
    pub path: String,
}

/// What a reference check found, with the app's exposure after it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceChecked {
    /// One sentence per document: "not modified", "accepted 1,953 operations, 2 changes".
    pub summary: Vec<String>,
    pub deprecations: AppDeprecations,
}

/// The Portfolio's deprecation column: the nearest sunset among the routes an app uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppSunset {
    pub app_id: AppId,
    /// `GET /rest/v1.0/...` of the nearest sunset, if any used route has one.
    pub route: Option<String>,
    pub sunset: Option<Day>,
    pub days_left: Option<i32>,
    pub status: Option<RouteStatus>,
    /// Used routes that are deprecated or sunset.
    pub deprecated_routes: u32,
    /// Used routes the reference does not list.
    pub unknown_routes: u32,
}
