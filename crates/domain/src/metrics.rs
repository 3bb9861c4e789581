//! Daily metrics, where each number came from, imports, API call activity and chart marks.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppId, Day, UnixMillis};

/// A number counted per app and day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum DailyMetric {
    /// Marketplace listing views ("Marketplace Visits" in older exports).
    Views,
    Installs,
    Uninstalls,
}

impl DailyMetric {
    pub const ALL: [DailyMetric; 3] = [
        DailyMetric::Views,
        DailyMetric::Installs,
        DailyMetric::Uninstalls,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            DailyMetric::Views => "views",
            DailyMetric::Installs => "installs",
            DailyMetric::Uninstalls => "uninstalls",
        }
    }
}

/// Where a number came from, most trusted first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MetricSource {
    /// Typed in by the partner.
    Manual,
    /// The Developer Portal's metrics export.
    Csv,
    /// Observed by Plumbline's REST snapshots of installed companies.
    Rest,
}

impl MetricSource {
    pub const ALL: [MetricSource; 3] =
        [MetricSource::Manual, MetricSource::Csv, MetricSource::Rest];

    pub fn as_str(self) -> &'static str {
        match self {
            MetricSource::Manual => "manual",
            MetricSource::Csv => "csv",
            MetricSource::Rest => "rest",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == text)
    }

    /// One bit per source, so a bucket can say which sources its numbers came from.
    pub fn bit(self) -> u8 {
        match self {
            MetricSource::Manual => 4,
            MetricSource::Csv => 2,
            MetricSource::Rest => 1,
        }
    }

    /// The sources named by a set of bits.
    pub fn from_bits(bits: u8) -> Vec<MetricSource> {
        Self::ALL
            .into_iter()
            .filter(|s| bits & s.bit() != 0)
            .collect()
    }
}

/// Which portal file an import read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ImportKind {
    /// The Metrics tab's export: daily views and installations, and the activity list.
    Metrics,
    /// The Integration Health tab's API Call Activity Report.
    Activity,
}

impl ImportKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ImportKind::Metrics => "metrics",
            ImportKind::Activity => "activity",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [ImportKind::Metrics, ImportKind::Activity]
            .into_iter()
            .find(|k| k.as_str() == text)
    }
}

/// One completed import.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportRecord {
    #[ts(type = "number")]
    pub id: i64,
    pub app_id: AppId,
    pub kind: ImportKind,
    pub file_name: String,
    /// SHA-256 of the file's bytes, hex.
    pub sha256: String,
    pub imported_at: UnixMillis,
    #[ts(type = "number")]
    pub rows: u64,
    pub first_day: Option<Day>,
    pub last_day: Option<Day>,
}

/// One row of the API Call Activity Report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApiCallCount {
    pub day: Day,
    /// `GET`, `POST`…, upper case.
    pub method: String,
    /// Procore's normalized route, e.g. `/v1.0/projects/:project_id/observations`.
    pub route: String,
    pub status: u16,
    #[ts(type = "number")]
    pub count: u64,
}

/// What a chart mark stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum AnnotationKind {
    /// A version promoted or released.
    Release,
    /// A Marketplace listing edit.
    Listing,
    Note,
}

impl AnnotationKind {
    pub const ALL: [AnnotationKind; 3] = [
        AnnotationKind::Release,
        AnnotationKind::Listing,
        AnnotationKind::Note,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            AnnotationKind::Release => "release",
            AnnotationKind::Listing => "listing",
            AnnotationKind::Note => "note",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == text)
    }
}

/// A mark on the trend charts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Annotation {
    #[ts(type = "number")]
    pub id: i64,
    pub app_id: AppId,
    pub day: Day,
    pub kind: AnnotationKind,
    pub text: String,
    pub created_at: UnixMillis,
}
