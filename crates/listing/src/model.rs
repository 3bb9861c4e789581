//! The listing as the partner writes it (`marketplace_listing_guidelines.md`): text fields as
//! typed, the structured fields as `listing.json` holds them, and the media as their files.
//!
//! Values are kept as written (a contact button "call_us" is kept and the precheck says what
//! is wrong) so that nothing a partner typed is lost on the way to a finding.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};
use serde_json::Value;
use ts_rs::TS;

/// The listing, whole.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    pub name: String,
    pub tagline: String,
    pub summary: String,
    pub how_it_works: String,
    pub features: Vec<String>,
    pub details: ListingDetails,
    pub logo: Option<MediaFile>,
    pub screenshots: Vec<MediaFile>,
    pub video: Option<MediaFile>,
}

/// A file the partner chose, as its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaFile {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// `listing.json`: the structured fields, in the file's own (snake_case) keys. Every key is
/// written, empty or not, so the file reads as a form and its diffs stay small; keys Plumbline
/// does not know are kept after them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ListingDetails {
    #[serde(default)]
    pub categories: Vec<String>,
    #[serde(default)]
    pub contact: Option<Contact>,
    /// `allow` or `disallow`.
    #[serde(default)]
    pub installation: Option<String>,
    #[serde(default)]
    pub built_by: Option<String>,
    #[serde(default)]
    pub sold_by: Option<String>,
    #[serde(default)]
    pub pricing: Option<Pricing>,
    #[serde(default)]
    pub regions: Vec<String>,
    #[serde(default)]
    pub support_email: Option<String>,
    #[serde(default)]
    pub support_url: Option<String>,
    #[serde(default)]
    pub helpful_links: Vec<HelpfulLink>,
    #[serde(default)]
    pub required_tools: Vec<RequiredTool>,
    #[serde(flatten)]
    #[ts(skip)]
    pub extra: IndexMap<String, Value>,
}

/// The contact button: "Contact Us" sends leads to an email, "Learn How" opens a URL.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Contact {
    /// `contact_us` or `learn_how`.
    pub button: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Pricing {
    #[serde(default)]
    pub subscription_required: bool,
    #[serde(default)]
    pub third_party_connector: bool,
    #[serde(default)]
    pub free_trial: bool,
    #[serde(default)]
    pub details: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct HelpfulLink {
    pub label: String,
    pub url: String,
}

/// A Procore tool the app needs, with the permission level.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RequiredTool {
    pub tool: String,
    pub level: String,
}

impl ListingDetails {
    /// `listing.json`'s text: two-space JSON with one trailing newline.
    pub fn to_json(&self) -> String {
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
