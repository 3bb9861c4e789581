//! Procore's API reference data as the deprecation watch keeps it: what the reference says
//! about each operation, how those facts changed from one revision to the next, the places
//! an app's use of a route was seen, and the events the alerts notify on.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppId, Day, UnixMillis};

/// Which of Procore's two reference documents a revision came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ReferenceKind {
    /// `/api/v1/resource_groups/full_oas?version=1`: the OpenAPI document (40-55 MB).
    OpenApi,
    /// `/api/v1/resource_groups?version=rest_v1`: the legacy per-resource JSON.
    Legacy,
}

impl ReferenceKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ReferenceKind::OpenApi => "openapi",
            ReferenceKind::Legacy => "legacy",
        }
    }

    /// The document's path and query on the docs host.
    pub fn path_and_query(self) -> &'static str {
        match self {
            ReferenceKind::OpenApi => "/api/v1/resource_groups/full_oas?version=1",
            ReferenceKind::Legacy => "/api/v1/resource_groups?version=rest_v1",
        }
    }
}

impl FromStr for ReferenceKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "openapi" => Ok(ReferenceKind::OpenApi),
            "legacy" => Ok(ReferenceKind::Legacy),
            other => Err(format!("unknown reference kind {other:?}")),
        }
    }
}

/// What the reference says about one operation (method and path template).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct OperationFacts {
    /// Upper case: `GET`, `POST`…
    pub method: String,
    /// The template as the reference writes it: `/rest/v1.0/companies/{company_id}/bids`.
    pub path: String,
    pub summary: Option<String>,
    /// The resource group (the OpenAPI tag, or the legacy group's name).
    pub tag: Option<String>,
    /// `deprecated: true`, or a deprecation date, or a deprecation entry in the changelog.
    pub deprecated: bool,
    /// `x-deprecated-at` (OpenAPI) or `deprecated_at` (legacy).
    pub deprecated_at: Option<Day>,
    /// `x-sunset`: the day it stops answering.
    pub sunset: Option<Day>,
    /// Procore's page about the change or the operation (`externalDocs`, `x-docs-url`…).
    pub link: Option<String>,
    /// The operation that replaces it, where the reference names one.
    pub replacement: Option<String>,
    /// Legacy `support_level`: internal, alpha, beta, production.
    pub support_level: Option<String>,
}

impl OperationFacts {
    /// Fills what `self` (from the OpenAPI document) leaves out with what `other` (the legacy
    /// JSON) says: a deprecation, its date, a sunset, the support level, a summary. The one
    /// merge rule for both documents, in the store and in the CI gate.
    pub fn fill_from(&mut self, other: OperationFacts) {
        self.deprecated |= other.deprecated;
        self.deprecated_at = self.deprecated_at.or(other.deprecated_at);
        self.sunset = self.sunset.or(other.sunset);
        self.support_level = self.support_level.take().or(other.support_level);
        self.summary = self.summary.take().or(other.summary);
    }
}

/// One entry of a legacy resource's `changelog[]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ChangelogEntry {
    /// `deprecation`, `sunset_change`, `addition`…: Procore's word, kept as written.
    pub kind: String,
    pub datestamp: Option<Day>,
    pub breaking: bool,
    pub summary: String,
    /// `"GET /rest/v1.0/..."`, as written.
    pub endpoint: Option<String>,
}

/// How an operation's facts changed between two revisions of the reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum FactChange {
    /// It became deprecated.
    Deprecated,
    /// It is no longer marked deprecated.
    Undeprecated,
    /// Its deprecation date changed.
    DeprecationMoved,
    /// A sunset date appeared.
    SunsetAnnounced,
    /// The sunset date moved earlier: less time than the partner planned for.
    SunsetEarlier,
    /// The sunset date moved later.
    SunsetLater,
    /// The sunset date was withdrawn.
    SunsetWithdrawn,
    /// The operation is gone from the reference (it was sunset, or renamed).
    Removed,
    /// The operation came back, or appeared, after the first revision.
    Added,
}

impl FactChange {
    pub const ALL: [FactChange; 9] = [
        FactChange::Deprecated,
        FactChange::Undeprecated,
        FactChange::DeprecationMoved,
        FactChange::SunsetAnnounced,
        FactChange::SunsetEarlier,
        FactChange::SunsetLater,
        FactChange::SunsetWithdrawn,
        FactChange::Removed,
        FactChange::Added,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            FactChange::Deprecated => "deprecated",
            FactChange::Undeprecated => "undeprecated",
            FactChange::DeprecationMoved => "deprecation_moved",
            FactChange::SunsetAnnounced => "sunset_announced",
            FactChange::SunsetEarlier => "sunset_earlier",
            FactChange::SunsetLater => "sunset_later",
            FactChange::SunsetWithdrawn => "sunset_withdrawn",
            FactChange::Removed => "removed",
            FactChange::Added => "added",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == text)
    }
}

impl fmt::Display for FactChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One recorded change of an operation's dates or state, with when Plumbline saw it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DateChange {
    pub change: FactChange,
    /// The date before (deprecation or sunset date, by `change`), if it had one.
    pub before: Option<Day>,
    pub after: Option<Day>,
    /// When the revision that showed it was accepted.
    pub seen_at: UnixMillis,
}

/// A revision of a reference document that Plumbline accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ReferenceRevision {
    pub id: i64,
    pub kind: ReferenceKind,
    /// The URL it was fetched from, or the file's name.
    pub source: String,
    pub sha256: String,
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// `info.version` of an OpenAPI document.
    pub version: Option<String>,
    #[ts(type = "number")]
    pub operations: u64,
    #[ts(type = "number")]
    pub deprecated: u64,
    /// When this revision was accepted.
    pub accepted_at: UnixMillis,
    /// The last time a conditional check found it still current.
    pub checked_at: UnixMillis,
}

/// Where a use of a route was seen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum UseSource {
    /// An API Call Activity Report from the portal.
    Activity,
    /// The partner's source code.
    Scan,
    /// `Deprecation`/`Sunset` headers on a response Plumbline received.
    Headers,
}

impl UseSource {
    pub fn as_str(self) -> &'static str {
        match self {
            UseSource::Activity => "activity",
            UseSource::Scan => "scan",
            UseSource::Headers => "headers",
        }
    }
}

/// One call of a Procore route found in a partner's source code, as stored for an app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ScannedUse {
    /// `None` when the call it sits in does not show the method.
    pub method: Option<String>,
    /// From `/rest/v…` on, dynamic segments written `{}`.
    pub path: String,
    /// The scanned folder.
    pub root: String,
    /// Relative to `root`, with `/` separators.
    pub file: String,
    pub line: u32,
    pub scanned_at: UnixMillis,
}

/// What the deprecation watch tells the alerts about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum DeprecationEventKind {
    /// A route the app uses became deprecated.
    NewDeprecation,
    /// The sunset of a route the app uses moved earlier.
    SunsetEarlier,
    /// 90, 30, 7 or 1 days (or fewer) before a used route's sunset.
    SunsetMilestone,
    /// The app still called a route after its sunset date.
    CallsAfterSunset,
}

impl DeprecationEventKind {
    pub const ALL: [DeprecationEventKind; 4] = [
        DeprecationEventKind::NewDeprecation,
        DeprecationEventKind::SunsetEarlier,
        DeprecationEventKind::SunsetMilestone,
        DeprecationEventKind::CallsAfterSunset,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DeprecationEventKind::NewDeprecation => "new_deprecation",
            DeprecationEventKind::SunsetEarlier => "sunset_earlier",
            DeprecationEventKind::SunsetMilestone => "sunset_milestone",
            DeprecationEventKind::CallsAfterSunset => "calls_after_sunset",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// One event of the deprecation watch, recorded once per identity (`key`) for the alerts
/// to notify on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DeprecationEvent {
    pub id: i64,
    pub app_id: AppId,
    pub kind: DeprecationEventKind,
    /// `GET /rest/v1.0/projects/{}/rfis`: the normalized route.
    pub route: String,
    /// The identity that makes it unique for the app: the route with the milestone and the
    /// sunset date, or the change it reports.
    pub key: String,
    /// The day it is about (the milestone's day, the day the change was seen, the last call
    /// after the sunset).
    pub day: Day,
    /// Days left to the sunset for milestones (90, 30, 7, 1).
    pub milestone: Option<i32>,
    pub sunset: Option<Day>,
    /// One sentence a partner reads.
    pub message: String,
    pub recorded_at: UnixMillis,
}

/// An event to record; the store gives it its id and time, and keeps only the first of each
/// `key` for an app.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDeprecationEvent {
    pub kind: DeprecationEventKind,
    pub route: String,
    pub key: String,
    pub day: Day,
    pub milestone: Option<i32>,
    pub sunset: Option<Day>,
    pub message: String,
}
