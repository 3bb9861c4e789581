//! The precheck: every rule `marketplace_listing_guidelines.md` writes down, with live
//! counts for the window to show as the partner types. Lengths count characters, not bytes.

use serde::Serialize;
use ts_rs::TS;

use crate::media::{MediaFormat, extension_mismatch, sniff};
use crate::{Listing, MediaFile};

pub const NAME_MAX: usize = 30;
pub const TAGLINE_MAX: usize = 40;
pub const SUMMARY_MIN: usize = 200;
pub const SUMMARY_MAX: usize = 2_000;
pub const HOW_IT_WORKS_MAX: usize = 500;
pub const FEATURES_MIN: usize = 3;
pub const FEATURE_MAX: usize = 200;
pub const SCREENSHOTS_MIN: usize = 3;
pub const CATEGORIES_MAX: usize = 3;
pub const HELPFUL_LINKS_MAX: usize = 3;
/// The logo is exactly this square.
pub const LOGO_SIDE: u32 = 200;
/// Screenshots lie between these sizes, inclusive.
pub const SCREENSHOT_MIN: (u32, u32) = (720, 480);
pub const SCREENSHOT_MAX: (u32, u32) = (1920, 1080);
/// Punctuation a name may hold; anything else that is not a letter, digit or space is a
/// "special character" (the guidelines do not list them; these are the ones real listings use).
pub const NAME_PUNCTUATION: &[char] = &['&', '-', '.', ',', '\'', '(', ')', '+', ':', '!'];
/// Levels a required tool may name.
pub const TOOL_LEVELS: [&str; 3] = ["readonly", "standard", "admin"];

/// How bad a finding is: errors would be refused by review, warnings are advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Error,
    Warning,
}

/// One thing the precheck found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingFinding {
    /// The field: `name`, `features/2`, `screenshots/1`, `helpful_links/0/url`, …
    pub field: String,
    #[serde(skip)]
    pub severity: Severity,
    pub code: String,
    pub message: String,
}

/// A field's length against its limits, for the counter beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldCount {
    pub field: String,
    pub count: u32,
    pub min: Option<u32>,
    pub max: Option<u32>,
}

/// The precheck's answer, as `plumbline listing lint --json` prints it (without counts).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingReport {
    pub errors: Vec<ListingFinding>,
    pub warnings: Vec<ListingFinding>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<FieldCount>,
}

impl ListingReport {
    pub fn passes(&self) -> bool {
        self.errors.is_empty()
    }
}

struct Out(Vec<ListingFinding>);

impl Out {
    fn error(&mut self, field: impl Into<String>, code: &str, message: impl Into<String>) {
        self.push(field, Severity::Error, code, message);
    }

    fn push(
        &mut self,
        field: impl Into<String>,
        severity: Severity,
        code: &str,
        message: impl Into<String>,
    ) {
        self.0.push(ListingFinding {
            field: field.into(),
            severity,
            code: code.into(),
            message: message.into(),
        });
    }
}

fn chars(text: &str) -> usize {
    text.chars().count()
}

fn count(field: &str, n: usize, min: Option<usize>, max: Option<usize>) -> FieldCount {
    let as_u32 = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
    FieldCount {
        field: field.into(),
        count: as_u32(n),
        min: min.map(as_u32),
        max: max.map(as_u32),
    }
}

/// Whether a character is an emoji (or the joiners and selectors that build one).
pub fn is_emoji(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1FAFF | 0x2600..=0x27BF | 0x2300..=0x23FF | 0x2B00..=0x2BFF
        | 0xFE0F | 0x200D | 0x20E3 | 0x3030 | 0x303D | 0x3297 | 0x3299 | 0xE0020..=0xE007F)
}

/// Checks every rule. Media sizes come from the files' headers.
pub fn precheck(listing: &Listing) -> ListingReport {
    let mut out = Out(Vec::new());
    let mut counts = Vec::new();
    check_name(&listing.name, &mut out);
    counts.push(count("name", chars(&listing.name), None, Some(NAME_MAX)));
    check_text(
        &mut out,
        "tagline",
        "tagline",
        &listing.tagline,
        1,
        TAGLINE_MAX,
    );
    counts.push(count(
        "tagline",
        chars(&listing.tagline),
        None,
        Some(TAGLINE_MAX),
    ));
    check_text(
        &mut out,
        "summary",
        "integration summary",
        &listing.summary,
        SUMMARY_MIN,
        SUMMARY_MAX,
    );
    counts.push(count(
        "summary",
        chars(&listing.summary),
        Some(SUMMARY_MIN),
        Some(SUMMARY_MAX),
    ));
    check_text(
        &mut out,
        "how_it_works",
        "\"How it works\"",
        &listing.how_it_works,
        1,
        HOW_IT_WORKS_MAX,
    );
    counts.push(count(
        "how_it_works",
        chars(&listing.how_it_works),
        None,
        Some(HOW_IT_WORKS_MAX),
    ));
    check_features(&listing.features, &mut out, &mut counts);
    check_media(listing, &mut out);
    counts.push(count(
        "screenshots",
        listing.screenshots.len(),
        Some(SCREENSHOTS_MIN),
        None,
    ));
    crate::details::check(&listing.details, &mut |field, severity, code, message| {
        out.push(field, severity, code, message);
    });
    counts.push(count(
        "categories",
        listing.details.categories.len(),
        None,
        Some(CATEGORIES_MAX),
    ));
    counts.push(count(
        "helpful_links",
        listing.details.helpful_links.len(),
        None,
        Some(HELPFUL_LINKS_MAX),
    ));
    let (errors, warnings) = out
        .0
        .into_iter()
        .partition(|f| f.severity == Severity::Error);
    ListingReport {
        errors,
        warnings,
        counts,
    }
}

fn check_name(name: &str, out: &mut Out) {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        out.error(
            "name",
            "required",
            "The name is empty: write the app's name as customers will see it.",
        );
        return;
    }
    let n = chars(name);
    if n > NAME_MAX {
        out.error(
            "name",
            "too-long",
            format!("The name is {n} characters; the Marketplace allows {NAME_MAX}."),
        );
    }
    if let Some(c) = name.chars().find(|c| is_emoji(*c)) {
        out.error(
            "name",
            "emoji",
            format!("The name has an emoji ({c}); the Marketplace allows none in names."),
        );
    } else if let Some(c) = name
        .chars()
        .find(|c| !(c.is_alphanumeric() || *c == ' ' || NAME_PUNCTUATION.contains(c)))
    {
        out.error(
            "name",
            "special-characters",
            format!(
                "The name has the special character {c:?}; use letters, digits, spaces and {}.",
                NAME_PUNCTUATION.iter().collect::<String>()
            ),
        );
    }
    if name.to_lowercase().contains("procore") {
        out.error("name", "procore-in-name", "The name contains \"Procore\"; the Marketplace does not allow it in app names. Say what the app does instead.");
    }
}

fn check_text(out: &mut Out, field: &str, label: &str, text: &str, min: usize, max: usize) {
    let n = chars(text);
    if text.trim().is_empty() {
        out.error(field, "required", format!("The {label} is empty."));
    } else if n < min {
        out.error(
            field,
            "too-short",
            format!("The {label} is {n} characters; the Marketplace asks for at least {min}."),
        );
    } else if n > max {
        out.error(
            field,
            "too-long",
            format!("The {label} is {n} characters; the Marketplace allows {max}."),
        );
    }
}

fn check_features(features: &[String], out: &mut Out, counts: &mut Vec<FieldCount>) {
    let written: Vec<(usize, &String)> = features
        .iter()
        .enumerate()
        .filter(|(_, f)| !f.trim().is_empty())
        .collect();
    counts.push(count("features", written.len(), Some(FEATURES_MIN), None));
    if written.len() < FEATURES_MIN {
        out.error(
            "features",
            "too-few",
            format!(
                "The listing has {} feature{}; the Marketplace asks for at least {FEATURES_MIN}.",
                written.len(),
                if written.len() == 1 { "" } else { "s" }
            ),
        );
    }
    for (index, feature) in features.iter().enumerate() {
        let field = format!("features/{index}");
        let n = chars(feature);
        counts.push(count(&field, n, None, Some(FEATURE_MAX)));
        if n > FEATURE_MAX {
            out.error(
                field.clone(),
                "too-long",
                format!(
                    "Feature {} is {n} characters; the Marketplace allows {FEATURE_MAX}.",
                    index + 1
                ),
            );
        }
        if let Some(c) = feature.chars().find(|c| is_emoji(*c)) {
            out.error(
                field,
                "emoji",
                format!(
                    "Feature {} has an emoji ({c}); the Marketplace allows none in features.",
                    index + 1
                ),
            );
        }
    }
}

/// The header of an image, checked for format and extension; `None` when it is not usable.
fn image(file: &MediaFile, field: &str, what: &str, out: &mut Out) -> Option<(u32, u32)> {
    match sniff(&file.bytes) {
        Err(problem) => {
            out.error(
                field,
                "not-an-image",
                format!("The {what} {} {problem}; use a JPG or PNG.", file.file_name),
            );
            None
        }
        Ok(info) if !info.format.is_image() => {
            out.error(
                field,
                "not-an-image",
                format!(
                    "The {what} {} is a {} video; use a JPG or PNG.",
                    file.file_name,
                    info.format.label()
                ),
            );
            None
        }
        Ok(info) => {
            if let Some(mismatch) = extension_mismatch(&file.file_name, &info) {
                out.error(field, "wrong-extension", format!("The {what} {mismatch}."));
            }
            Some((info.width.unwrap_or(0), info.height.unwrap_or(0)))
        }
    }
}

fn check_media(listing: &Listing, out: &mut Out) {
    match &listing.logo {
        None => out.error(
            "logo",
            "required",
            format!("The listing has no logo: add a JPG or PNG of {LOGO_SIDE}x{LOGO_SIDE} pixels."),
        ),
        Some(logo) => {
            if let Some((w, h)) = image(logo, "logo", "logo", out)
                && (w, h) != (LOGO_SIDE, LOGO_SIDE)
            {
                out.error("logo", "logo-size", format!("The logo is {w}x{h} pixels; the Marketplace takes exactly {LOGO_SIDE}x{LOGO_SIDE}."));
            }
        }
    }
    if listing.screenshots.len() < SCREENSHOTS_MIN {
        out.error("screenshots", "too-few", format!("The listing has {} screenshot{}; the Marketplace asks for at least {SCREENSHOTS_MIN}.", listing.screenshots.len(), if listing.screenshots.len() == 1 { "" } else { "s" }));
    }
    let ((min_w, min_h), (max_w, max_h)) = (SCREENSHOT_MIN, SCREENSHOT_MAX);
    for (index, shot) in listing.screenshots.iter().enumerate() {
        let field = format!("screenshots/{index}");
        if let Some((w, h)) = image(shot, &field, "screenshot", out)
            && !((min_w..=max_w).contains(&w) && (min_h..=max_h).contains(&h))
        {
            out.error(field, "screenshot-size", format!("Screenshot {} ({}) is {w}x{h} pixels; screenshots are between {min_w}x{min_h} and {max_w}x{max_h}.", index + 1, shot.file_name));
        }
    }
    if let Some(video) = &listing.video {
        match sniff(&video.bytes) {
            Ok(info) if matches!(info.format, MediaFormat::Mp4 | MediaFormat::Mov) => {
                if let Some(mismatch) = extension_mismatch(&video.file_name, &info) {
                    out.error("video", "wrong-extension", format!("The video {mismatch}."));
                }
            }
            Ok(info) => out.error(
                "video",
                "not-a-video",
                format!(
                    "The video {} is a {} image; use an MP4 or MOV file.",
                    video.file_name,
                    info.format.label()
                ),
            ),
            Err(problem) => out.error(
                "video",
                "not-a-video",
                format!(
                    "The video {} {problem}; use an MP4 or MOV file.",
                    video.file_name
                ),
            ),
        }
    }
}
