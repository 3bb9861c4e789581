//! The metrics views' part of the contract: trends, imports, chart marks, exports.

use plumbline_domain::{Annotation, AnnotationKind, AppId, Day, ImportKind, ImportRecord};
use plumbline_ingest::Preview;
use plumbline_trends::{Granularity, Trend, TrendQuery};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Emitted (with [`plumbline_ingest::Progress`] and the file's path) while a file is read.
pub const IMPORT_PROGRESS_EVENT: &str = "import-progress";

/// Emitted (no payload) when numbers changed without the window asking: the demo's first
/// import, a background sync.
pub const METRICS_CHANGED_EVENT: &str = "metrics-changed";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrendArgs {
    pub query: TrendQuery,
}

/// A trend with the marks that fall inside its range.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MetricsView {
    pub trend: Trend,
    pub annotations: Vec<Annotation>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PortfolioTrendArgs {
    pub from: Day,
    pub to: Day,
    pub by: Granularity,
}

/// One app's small trend for the Portfolio.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AppSparkline {
    pub app_id: AppId,
    /// Net installations per bucket (`null` for a bucket without numbers).
    #[ts(type = "(number | null)[]")]
    pub net: Vec<Option<i64>>,
    #[ts(type = "number")]
    pub installs: u64,
    #[ts(type = "number")]
    pub uninstalls: u64,
    /// Installed companies at the end of the range.
    #[ts(type = "number")]
    pub active: i64,
}

/// The Portfolio's overview: the sum of every app, and each app's small trend.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PortfolioTrends {
    pub total: Trend,
    pub apps: Vec<AppSparkline>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportFileArgs {
    pub app_id: AppId,
    /// A path on this computer: dropped on the window, or staged by `stage_import_file`.
    pub path: String,
    /// `None`: tell from the file's header.
    pub kind: Option<ImportKind>,
}

/// What importing the file would do, before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportPreview {
    pub path: String,
    pub preview: Preview,
    /// The same bytes were imported for this app before (importing again changes nothing).
    pub already_imported: Option<ImportRecord>,
}

/// One progress report of a file being read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportProgress {
    pub path: String,
    pub progress: plumbline_ingest::Progress,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AddAnnotationArgs {
    pub app_id: AppId,
    pub day: Day,
    pub kind: AnnotationKind,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RemoveAnnotationArgs {
    #[ts(type = "number")]
    pub id: i64,
}
