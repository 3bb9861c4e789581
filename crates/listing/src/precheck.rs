//! The precheck: every rule `marketplace_listing_guidelines.md` writes down, with live
//! counts for the window to show as the partner types.
//!
//! Where the guidelines are silent, we decided (and the messages say so):
//! - Lengths count characters (Unicode scalar values), not bytes: "é" is one.
//! - A name's "special characters" are anything but letters (any script, accents included,
//!   also as combining marks), digits, spaces and the punctuation in [`NAME_PUNCTUATION`].
//!   Tabs and line breaks are special; so are ™, ®, ©, @, #, *, quotation marks and symbols.
//! - Emoji are the pictographic blocks, dingbats and the few technical symbols that show as
//!   emoji, plus the joiners, variation selector and tags that build them ([`is_emoji`]).
//! - Name, tagline, summary and "How it works" are required; blank features are not counted.
//! - Media are judged by content ([`crate::sniff`]); an extension that disagrees with the
//!   content is an error for images, and a warning for an MP4 named `.mov` or the reverse
//!   (both are QuickTime-family files that play either way).
//! - URLs are https with a public host name (one with a dot) and no password in them; emails
//!   have one `@`, a local part and a domain with a dot.
//! - Required tool levels are `readonly`, `standard` or `admin` ([`TOOL_LEVELS`]).

use serde::Serialize;
use ts_rs::TS;

use crate::media::{MediaFormat, check_extension, sniff};
use crate::{Listing, MediaFile};

/// The name: at most this many characters.
pub const NAME_MAX: usize = 30;
/// The tagline: at most this many characters.
pub const TAGLINE_MAX: usize = 40;
/// The integration summary: at least this many characters.
pub const SUMMARY_MIN: usize = 200;
/// The integration summary: at most this many characters.
pub const SUMMARY_MAX: usize = 2_000;
/// "How it works": at most this many characters.
pub const HOW_IT_WORKS_MAX: usize = 500;
/// At least this many features.
pub const FEATURES_MIN: usize = 3;
/// Each feature: at most this many characters.
pub const FEATURE_MAX: usize = 200;
/// At least this many screenshots.
pub const SCREENSHOTS_MIN: usize = 3;
/// Up to this many categories.
pub const CATEGORIES_MAX: usize = 3;
/// Up to this many helpful links.
pub const HELPFUL_LINKS_MAX: usize = 3;
/// The logo is exactly this square.
pub const LOGO_SIDE: u32 = 200;
/// The smallest screenshot, width and height, inclusive.
pub const SCREENSHOT_MIN: (u32, u32) = (720, 480);
/// The largest screenshot, width and height, inclusive.
pub const SCREENSHOT_MAX: (u32, u32) = (1920, 1080);
/// Punctuation a name may hold; anything else that is not a letter, digit or space is a
/// "special character" (the guidelines do not list them; these are the ones real app names
/// use, with the typographic apostrophe and en dash that word processors put in).
pub const NAME_PUNCTUATION: &[char] = &[
    '&', '-', '.', ',', '\'', '(', ')', '+', ':', '!', '?', '/', '\u{2019}', '\u{2013}',
];
/// Levels a required tool may name, as `listing.json` spells them. Case, spaces, hyphens and
/// underscores are ignored when checking ("Read Only", "read-only" and "Standard" pass).
pub const TOOL_LEVELS: [&str; 3] = ["readonly", "standard", "admin"];

/// How bad a finding is: errors would be refused by review, warnings are advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Error,
    Warning,
}

/// One thing the precheck found. In JSON: exactly `field`, `code` and `message` (the
/// severity is which list it is in).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingFinding {
    /// The field: `name`, `features/2`, `screenshots/1`, `helpful_links/0/url`, …
    pub field: String,
    #[serde(skip)]
    pub severity: Severity,
    // A stable code for scripts and the window (`too-long`, `logo-size`, …). Field docs
    // here are plain comments: ts-rs copies `///` into the committed TypeScript contract.
    pub code: String,
    // A sentence a partner understands, with the counts.
    pub message: String,
}

/// A field's count against its limits, for the counter beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct FieldCount {
    // `name`, `tagline`, `summary`, `how_it_works`, `features`, `features/0`, …,
    // `screenshots`, `categories`, `helpful_links`.
    pub field: String,
    // Characters for text, items for lists.
    pub count: u32,
    pub min: Option<u32>,
    pub max: Option<u32>,
}

/// The precheck's answer, as `plumbline listing lint --json` prints it (without counts).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingReport {
    // What review would refuse.
    pub errors: Vec<ListingFinding>,
    // Advice: fields a good listing fills in.
    pub warnings: Vec<ListingFinding>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub counts: Vec<FieldCount>,
}

impl ListingReport {
    /// Whether nothing would be refused.
    pub fn passes(&self) -> bool {
        self.errors.is_empty()
    }
}

pub(crate) struct Out(Vec<ListingFinding>);

impl Out {
    pub(crate) fn error(
        &mut self,
        field: impl Into<String>,
        code: &str,
        message: impl Into<String>,
    ) {
        self.push(field, Severity::Error, code, message);
    }

    pub(crate) fn warning(
        &mut self,
        field: impl Into<String>,
        code: &str,
        message: impl Into<String>,
    ) {
        self.push(field, Severity::Warning, code, message);
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

/// A count as a partner reads it: 2,000 rather than 2000.
pub(crate) fn thousands(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "1 feature", "2 features".
pub(crate) fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", thousands(n), if n == 1 { one } else { many })
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

/// Whether a character is an emoji, or one of the joiners, selectors and tags that build one.
/// The pictographic planes and dingbats whole; of the technical symbols and arrows, only those
/// Unicode shows as emoji by default, so "⌘K" in a feature is not one.
pub fn is_emoji(c: char) -> bool {
    matches!(u32::from(c),
        0x1F000..=0x1FAFF // pictographs, emoticons, transport, flags, skin tones
        | 0x2600..=0x27BF // miscellaneous symbols, dingbats
        | 0x231A..=0x231B | 0x2328 | 0x23CF | 0x23E9..=0x23F3 | 0x23F8..=0x23FA
        | 0x2B05..=0x2B07 | 0x2B1B..=0x2B1C | 0x2B50 | 0x2B55 | 0x2934..=0x2935
        | 0x3030 | 0x303D | 0x3297 | 0x3299
        | 0xFE0F | 0x200D | 0x20E3 | 0xE0020..=0xE007F)
}

/// Whether a character may be in a name: see the module's notes.
fn allowed_in_name(c: char) -> bool {
    c.is_alphanumeric()
        || c == ' '
        || NAME_PUNCTUATION.contains(&c)
        // Combining accents: "é" typed as e + U+0301 (macOS file names, some keyboards).
        || ('\u{0300}'..='\u{036F}').contains(&c)
}

/// Checks every rule. Media sizes come from the files' headers.
pub fn precheck(listing: &Listing) -> ListingReport {
    let mut out = Out(Vec::new());
    let mut counts = Vec::new();
    check_name(&listing.name, &mut out);
    counts.push(count("name", chars(&listing.name), None, Some(NAME_MAX)));
    for text in [
        Text {
            field: "tagline",
            subject: "The tagline",
            value: &listing.tagline,
            min: None,
            max: TAGLINE_MAX,
            hint: "write one line that says what the app does for a Procore customer",
        },
        Text {
            field: "summary",
            subject: "The integration summary",
            value: &listing.summary,
            min: Some(SUMMARY_MIN),
            max: SUMMARY_MAX,
            hint: "describe what the integration does and for whom",
        },
        Text {
            field: "how_it_works",
            subject: "\"How it works\"",
            value: &listing.how_it_works,
            min: None,
            max: HOW_IT_WORKS_MAX,
            hint: "say how a customer connects the app and uses it with Procore",
        },
    ] {
        check_text(&text, &mut out);
        counts.push(count(
            text.field,
            chars(text.value),
            text.min,
            Some(text.max),
        ));
    }
    check_features(&listing.features, &mut out, &mut counts);
    check_media(listing, &mut out);
    counts.push(count(
        "screenshots",
        listing.screenshots.len(),
        Some(SCREENSHOTS_MIN),
        None,
    ));
    crate::details::check(&listing.details, &mut out);
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
    if name.trim().is_empty() {
        out.error(
            "name",
            "required",
            format!(
                "The name is empty: write the app's name as customers will see it, up to {NAME_MAX} characters."
            ),
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
    } else if let Some(c) = name.chars().find(|c| !allowed_in_name(*c)) {
        let shown = if c.is_whitespace() || c.is_control() {
            format!("{:?}", c)
        } else {
            format!("\"{c}\"")
        };
        out.error(
            "name",
            "special-characters",
            format!(
                "The name has the special character {shown}; a Marketplace name has only letters, digits, spaces and {}.",
                NAME_PUNCTUATION
                    .iter()
                    .map(char::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
        );
    }
    if name.to_lowercase().contains("procore") {
        out.error(
            "name",
            "procore-in-name",
            "The name contains \"Procore\"; the Marketplace does not allow it in app names. Say what the app does instead.",
        );
    }
}

/// A text field and its limits.
struct Text<'a> {
    field: &'a str,
    /// How a sentence names it: "The tagline".
    subject: &'a str,
    value: &'a str,
    min: Option<usize>,
    max: usize,
    /// What to write, for the empty field's message.
    hint: &'a str,
}

fn check_text(text: &Text<'_>, out: &mut Out) {
    let n = chars(text.value);
    let (subject, max) = (text.subject, thousands(text.max));
    if text.value.trim().is_empty() {
        let limits = match text.min {
            Some(min) => format!("{} to {max} characters", thousands(min)),
            None => format!("up to {max} characters"),
        };
        out.error(
            text.field,
            "required",
            format!("{subject} is empty: {}, in {limits}.", text.hint),
        );
    } else if let Some(min) = text.min.filter(|min| n < *min) {
        out.error(
            text.field,
            "too-short",
            format!(
                "{subject} is {}; the Marketplace asks for at least {}.",
                plural(n, "character", "characters"),
                thousands(min)
            ),
        );
    } else if n > text.max {
        out.error(
            text.field,
            "too-long",
            format!(
                "{subject} is {} characters; the Marketplace allows {max}.",
                thousands(n)
            ),
        );
    }
}

fn check_features(features: &[String], out: &mut Out, counts: &mut Vec<FieldCount>) {
    let written = features.iter().filter(|f| !f.trim().is_empty()).count();
    counts.push(count("features", written, Some(FEATURES_MIN), None));
    if written < FEATURES_MIN {
        out.error(
            "features",
            "too-few",
            format!(
                "The listing has {}; the Marketplace asks for at least {FEATURES_MIN}.",
                plural(written, "feature", "features")
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

/// The header of an image, checked for format and extension; its size when it is an image.
fn image(file: &MediaFile, field: &str, what: &str, out: &mut Out) -> Option<(u32, u32)> {
    let name = &file.file_name;
    match sniff(&file.bytes) {
        Err(problem) => {
            out.error(
                field,
                "not-an-image",
                format!("The {what} {name} cannot be used: {problem}. Use a JPG or PNG."),
            );
            None
        }
        Ok(info) if !info.format.is_image() => {
            out.error(
                field,
                "not-an-image",
                format!(
                    "The {what} {name} is {}; use a JPG or PNG.",
                    info.format.described()
                ),
            );
            None
        }
        Ok(info) => {
            if let Some(sentence) = check_extension(name, &info) {
                out.error(field, "wrong-extension", format!("The {what} {sentence}"));
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
                out.error(
                    "logo",
                    "logo-size",
                    format!(
                        "The logo is {w}x{h} pixels; the Marketplace takes exactly {LOGO_SIDE}x{LOGO_SIDE}."
                    ),
                );
            }
        }
    }
    let shots = listing.screenshots.len();
    if shots < SCREENSHOTS_MIN {
        out.error(
            "screenshots",
            "too-few",
            format!(
                "The listing has {}; the Marketplace asks for at least {SCREENSHOTS_MIN}.",
                plural(shots, "screenshot", "screenshots")
            ),
        );
    }
    let ((min_w, min_h), (max_w, max_h)) = (SCREENSHOT_MIN, SCREENSHOT_MAX);
    for (index, shot) in listing.screenshots.iter().enumerate() {
        let field = format!("screenshots/{index}");
        if let Some((w, h)) = image(shot, &field, "screenshot", out)
            && !((min_w..=max_w).contains(&w) && (min_h..=max_h).contains(&h))
        {
            out.error(
                field,
                "screenshot-size",
                format!(
                    "Screenshot {} ({}) is {w}x{h} pixels; screenshots are {min_w} to {max_w} pixels wide and {min_h} to {max_h} high (between {min_w}x{min_h} and {max_w}x{max_h}).",
                    index + 1,
                    shot.file_name
                ),
            );
        }
    }
    if let Some(video) = &listing.video {
        check_video(video, out);
    }
}

fn check_video(video: &MediaFile, out: &mut Out) {
    let name = &video.file_name;
    match sniff(&video.bytes) {
        Ok(info) if matches!(info.format, MediaFormat::Mp4 | MediaFormat::Mov) => {
            if let Some(sentence) = check_extension(name, &info) {
                let message = format!("The video {sentence}");
                let extension = name.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
                // MP4 and MOV are the same box format and play under either name; any other
                // extension the portal's upload would not take.
                if matches!(extension.as_deref(), Some("mp4" | "mov")) {
                    out.warning("video", "wrong-extension", message);
                } else {
                    out.error("video", "wrong-extension", message);
                }
            }
        }
        Ok(info) => out.error(
            "video",
            "not-a-video",
            format!(
                "The video {name} is {}; use an MP4 or MOV file.",
                info.format.described()
            ),
        ),
        Err(problem) => out.error(
            "video",
            "not-a-video",
            format!("The video {name} cannot be used: {problem}. Use an MP4 or MOV file."),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_read_like_a_partner_writes_them() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(2_000), "2,000");
        assert_eq!(thousands(1_234_567), "1,234,567");
        assert_eq!(plural(1, "feature", "features"), "1 feature");
        assert_eq!(plural(2, "feature", "features"), "2 features");
    }

    #[test]
    fn emoji_and_symbols() {
        for c in ['🚧', '⚡', '✅', '⭐', '⌚', '\u{FE0F}', '\u{200D}', '🇺'] {
            assert!(is_emoji(c), "{c:?}");
        }
        for c in ['a', 'é', '⌘', '→', '©', '&', '中'] {
            assert!(!is_emoji(c), "{c:?}");
        }
    }

    #[test]
    fn name_characters() {
        for c in ['a', 'É', 'ß', '中', '7', ' ', '&', '’', '\u{0301}'] {
            assert!(allowed_in_name(c), "{c:?}");
        }
        for c in [
            '™', '®', '©', '@', '#', '*', '"', '\t', '\n', '<', '_', '|', '$',
        ] {
            assert!(!allowed_in_name(c), "{c:?}");
        }
    }
}
