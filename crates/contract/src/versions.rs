//! Versions in the window: the list with states and the moves offered, a version's findings,
//! the diff and the promotion plan.

use plumbline_domain::{AppId, AppVersion, Distribution, VersionAction};
use plumbline_manifest::{ChangeKind, Report};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionArgs {
    pub id: AppId,
    pub version: String,
}

/// An app's versions, newest first.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionsView {
    /// Owners and Admins may create and move versions; Developers only view.
    pub can_edit: bool,
    pub distribution: Distribution,
    pub versions: Vec<VersionSummary>,
}

#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionSummary {
    pub version: AppVersion,
    /// The moves this partner may record on it now.
    pub offered: Vec<VersionAction>,
    pub errors: u32,
    pub warnings: u32,
}

/// One version with its findings and, for each move offered, the steps in the portal.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionDetail {
    pub version: AppVersion,
    pub offered: Vec<VersionAction>,
    pub report: Report,
    pub steps: Vec<ActionSteps>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ActionSteps {
    pub action: VersionAction,
    pub steps: Vec<String>,
}

/// Validates a manifest being edited (nothing is saved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct LintManifestArgs {
    pub id: AppId,
    pub text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CreateVersionArgs {
    pub id: AppId,
    pub version: String,
    pub manifest: String,
    pub release_notes: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct EditVersionArgs {
    pub id: AppId,
    pub version: String,
    #[serde(default)]
    pub manifest: Option<String>,
    #[serde(default)]
    pub release_notes: Option<String>,
}

/// A version as saved, with the findings on its manifest.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SavedVersion {
    pub version: AppVersion,
    pub report: Report,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RecordVersionActionArgs {
    pub id: AppId,
    pub version: String,
    pub action: VersionAction,
    /// Promote: the release notes pasted into the portal.
    #[serde(default)]
    pub release_notes: Option<String>,
    /// Reject: the reviewer's comments.
    #[serde(default)]
    pub comments: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DiffVersionsArgs {
    pub id: AppId,
    pub from: String,
    pub to: String,
}

/// One change between versions, with its impact on customers.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct VersionChangeView {
    /// RFC 6901 pointer into the manifest ("" for the release notes).
    pub pointer: String,
    pub kind: ChangeKind,
    /// The value before, as JSON text (absent when added).
    pub before: Option<String>,
    pub after: Option<String>,
    pub impact: String,
    /// `manifest` or `releaseNotes`.
    pub within: String,
}

/// What the promote dialog shows.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct PromotionPlanView {
    pub version: String,
    /// The version customers have now (the last promoted before this one).
    pub replaces: Option<String>,
    pub changes: Vec<VersionChangeView>,
    /// The portal's warning: project selections and app settings do not carry over.
    pub warning: String,
    pub steps: Vec<String>,
    pub report: Report,
}
