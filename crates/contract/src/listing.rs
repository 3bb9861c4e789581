//! The listing in the window: the draft's text and structured fields, its media, the
//! precheck with counts, and the diff with the listing last submitted. Also the files
//! export and import.

use plumbline_domain::AppId;
use plumbline_listing::{ListingChange, ListingDetails, ListingReport, MediaFormat};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What the partner edits as text (media are added and removed on their own).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingDraft {
    pub name: String,
    pub tagline: String,
    pub summary: String,
    pub how_it_works: String,
    pub features: Vec<String>,
    /// As `listing.json` holds them (snake_case keys).
    pub details: ListingDetails,
}

/// One logo, screenshot or video of the draft.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MediaView {
    /// `logo`, `screenshot` or `video`.
    pub role: String,
    pub index: u32,
    pub file_name: String,
    /// What the header says, when it says anything the Marketplace takes.
    pub format: Option<MediaFormat>,
    pub width: Option<u32>,
    pub height: Option<u32>,
    #[ts(type = "number")]
    pub size_bytes: u64,
    /// A data URL for images, to show them.
    pub data_url: Option<String>,
}

/// The Listing tab's data.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingView {
    /// Owners and Admins edit and submit; Developers view.
    pub can_edit: bool,
    /// Whether a draft was ever saved.
    pub saved: bool,
    pub draft: ListingDraft,
    pub media: Vec<MediaView>,
    pub report: ListingReport,
    /// Whether the listing was ever submitted (recorded here).
    pub submitted: bool,
    /// The draft against the listing last submitted.
    pub changes: Vec<ListingChange>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingDraftArgs {
    pub id: AppId,
    pub draft: ListingDraft,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RemoveMediaArgs {
    pub id: AppId,
    pub role: String,
    pub index: u32,
}

/// Moves a screenshot: the Marketplace shows them in this order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MoveScreenshotArgs {
    pub id: AppId,
    pub from: u32,
    pub to: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FilesDirArgs {
    /// The app to export (ignored by an import, which finds its app).
    pub id: Option<AppId>,
    pub dir: String,
}

/// What an export wrote or an import changed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FilesOutcome {
    pub app_id: AppId,
    pub dir: String,
    /// Sentences: what was written or changed.
    pub lines: Vec<String>,
}
