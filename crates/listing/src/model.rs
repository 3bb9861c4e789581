//! The listing as the partner writes it (`marketplace_listing_guidelines.md`): text fields as
//! typed, the structured fields as `listing.json` holds them, and the media as their files.
//!
//! Values are kept as written (a contact button "call_us" is kept and the precheck says what
//! is wrong) so that nothing a partner typed is lost on the way to a finding. Keys of
//! `listing.json` that Plumbline does not know are kept too, at every level, in `extra` maps
//! that keep the order they were written in.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

use crate::media::{MediaFormat, sniff};

/// Keys of `listing.json` Plumbline does not know, kept as they were written.
pub type Extra = IndexMap<String, Value>;

/// The listing, whole: what the Marketplace page shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// The app's name on the Marketplace (at most 30 characters).
    pub name: String,
    /// One line under the name (at most 40 characters).
    pub tagline: String,
    /// The integration summary (200 to 2,000 characters).
    pub summary: String,
    /// "How it works" (at most 500 characters).
    pub how_it_works: String,
    /// The features, one line each (at least three).
    pub features: Vec<String>,
    /// The structured fields: `listing.json`.
    pub details: ListingDetails,
    /// A 200x200 JPG or PNG.
    pub logo: Option<MediaFile>,
    /// In the order the page shows them.
    pub screenshots: Vec<MediaFile>,
    /// One MP4 or MOV, if any.
    pub video: Option<MediaFile>,
}

/// A file the partner chose: its name and its bytes. The bytes never cross IPC or go into
/// JSON (they are skipped); the window gets a [`MediaSummary`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MediaFile {
    /// The name as chosen (a screenshot keeps its own name; the folder adds the order).
    pub file_name: String,
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

/// What the window shows of a medium: its name, what its header says and its size.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MediaSummary {
    pub file_name: String,
    /// The format by content; `None` when the file is none the Marketplace takes.
    pub format: Option<MediaFormat>,
    /// Pixels, as the image header claims them.
    pub width: Option<u32>,
    pub height: Option<u32>,
    #[ts(type = "number")]
    pub size_bytes: u64,
}

impl MediaFile {
    /// The file's summary for the window, read from its header.
    pub fn summary(&self) -> MediaSummary {
        let info = sniff(&self.bytes).ok();
        MediaSummary {
            file_name: self.file_name.clone(),
            format: info.map(|i| i.format),
            width: info.and_then(|i| i.width),
            height: info.and_then(|i| i.height),
            size_bytes: self.bytes.len() as u64,
        }
    }
}

/// `listing.json`: the structured fields, in the file's own (snake_case) keys. Every key is
/// written, empty or not, so the file reads as a form and its diffs stay small; keys Plumbline
/// does not know are kept after them, in the order they were written.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ListingDetails {
    // Up to three Marketplace categories.
    #[serde(default)]
    pub categories: Vec<String>,
    // The contact button.
    #[serde(default)]
    pub contact: Option<Contact>,
    /// `allow` or `disallow`.
    // Whether customers may install the app from the listing.
    #[serde(default)]
    pub installation: Option<String>,
    #[serde(default)]
    pub built_by: Option<String>,
    #[serde(default)]
    pub sold_by: Option<String>,
    #[serde(default)]
    pub pricing: Option<Pricing>,
    // Where the app is available ("North America", …).
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub support_email: Option<String>,
    // An https URL.
    #[serde(default)]
    pub support_url: Option<String>,
    // Up to three, each an https URL with a label.
    #[serde(default)]
    pub helpful_links: Vec<HelpfulLink>,
    // The Procore tools the app needs, with the permission level on each.
    #[serde(default)]
    pub required_tools: Vec<RequiredTool>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// The contact button: "Contact Us" sends leads to an email, "Learn How" opens a URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Contact {
    /// `contact_us` or `learn_how`.
    pub button: String,
    // Where Contact Us sends leads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    // What Learn How opens (https).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// The pricing questions the listing answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Pricing {
    #[serde(default)]
    pub subscription_required: bool,
    // Whether the app connects Procore to another product the customer pays for.
    #[serde(default)]
    pub third_party_connector: bool,
    #[serde(default)]
    pub free_trial: bool,
    // Free text: plans, prices, what the trial includes.
    #[serde(default)]
    pub details: String,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// A link shown under the listing's details.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HelpfulLink {
    pub label: String,
    // An https URL.
    pub url: String,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

/// A Procore tool the app needs, with the permission level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequiredTool {
    // The tool's name as Procore shows it ("Punch List").
    pub tool: String,
    // `readonly`, `standard` or `admin` (see [`crate::precheck::TOOL_LEVELS`]).
    pub level: String,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: Extra,
}

impl ListingDetails {
    /// `listing.json`'s text: two-space JSON with one trailing newline. The key order is the
    /// struct's, then unknown keys in the order they were read, so writing is stable.
    pub fn to_json(&self) -> String {
        // Serializing strings, booleans, lists and already-parsed JSON values cannot fail.
        let mut text = serde_json::to_string_pretty(self).unwrap_or_else(|_| "{}".into());
        text.push('\n');
        text
    }

    /// Reads `listing.json`'s text; an empty text is an empty listing.
    pub fn from_json(text: &str) -> Result<Self, serde_json::Error> {
        if text.trim().is_empty() {
            return Ok(Self::default());
        }
        serde_json::from_str(text)
    }
}
