//! The listing as last submitted against the draft: which fields changed, and how.

use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::{Listing, MediaFile};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum ListingChangeKind {
    Added,
    Removed,
    Changed,
}

/// One changed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ListingChange {
    pub field: String,
    pub kind: ListingChangeKind,
    pub before: Option<String>,
    pub after: Option<String>,
}

fn push(
    out: &mut Vec<ListingChange>,
    field: String,
    before: Option<String>,
    after: Option<String>,
) {
    let kind = match (&before, &after) {
        (None, None) => return,
        (a, b) if a == b => return,
        (None, _) => ListingChangeKind::Added,
        (_, None) => ListingChangeKind::Removed,
        _ => ListingChangeKind::Changed,
    };
    out.push(ListingChange {
        field,
        kind,
        before,
        after,
    });
}

fn text(value: &str) -> Option<String> {
    (!value.is_empty()).then(|| value.to_owned())
}

/// A medium as the diff tells it: its name and a short hash of its bytes.
fn medium(file: &MediaFile) -> String {
    let digest = Sha256::digest(&file.bytes);
    let short: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!(
        "{} ({} bytes, sha256 {short}…)",
        file.file_name,
        file.bytes.len()
    )
}

fn json(value: &impl Serialize) -> Option<String> {
    match serde_json::to_value(value).ok()? {
        serde_json::Value::Null => None,
        serde_json::Value::Array(a) if a.is_empty() => None,
        serde_json::Value::String(s) => text(&s),
        other => Some(other.to_string()),
    }
}

/// The changes from `old` to `new`, field by field.
pub fn diff(old: &Listing, new: &Listing) -> Vec<ListingChange> {
    let mut out = Vec::new();
    for (field, a, b) in [
        ("name", &old.name, &new.name),
        ("tagline", &old.tagline, &new.tagline),
        ("summary", &old.summary, &new.summary),
        ("how_it_works", &old.how_it_works, &new.how_it_works),
    ] {
        push(&mut out, field.into(), text(a), text(b));
    }
    for index in 0..old.features.len().max(new.features.len()) {
        let get = |l: &Listing| l.features.get(index).and_then(|f| text(f));
        push(&mut out, format!("features/{index}"), get(old), get(new));
    }
    push(
        &mut out,
        "logo".into(),
        old.logo.as_ref().map(medium),
        new.logo.as_ref().map(medium),
    );
    for index in 0..old.screenshots.len().max(new.screenshots.len()) {
        let get = |l: &Listing| l.screenshots.get(index).map(medium);
        push(&mut out, format!("screenshots/{index}"), get(old), get(new));
    }
    push(
        &mut out,
        "video".into(),
        old.video.as_ref().map(medium),
        new.video.as_ref().map(medium),
    );
    let (a, b) = (&old.details, &new.details);
    push(
        &mut out,
        "categories".into(),
        json(&a.categories),
        json(&b.categories),
    );
    push(
        &mut out,
        "contact".into(),
        json(&a.contact),
        json(&b.contact),
    );
    push(
        &mut out,
        "installation".into(),
        json(&a.installation),
        json(&b.installation),
    );
    push(
        &mut out,
        "built_by".into(),
        json(&a.built_by),
        json(&b.built_by),
    );
    push(
        &mut out,
        "sold_by".into(),
        json(&a.sold_by),
        json(&b.sold_by),
    );
    push(
        &mut out,
        "pricing".into(),
        json(&a.pricing),
        json(&b.pricing),
    );
    push(
        &mut out,
        "regions".into(),
        json(&a.regions),
        json(&b.regions),
    );
    push(
        &mut out,
        "support_email".into(),
        json(&a.support_email),
        json(&b.support_email),
    );
    push(
        &mut out,
        "support_url".into(),
        json(&a.support_url),
        json(&b.support_url),
    );
    push(
        &mut out,
        "helpful_links".into(),
        json(&a.helpful_links),
        json(&b.helpful_links),
    );
    push(
        &mut out,
        "required_tools".into(),
        json(&a.required_tools),
        json(&b.required_tools),
    );
    push(&mut out, "other".into(), json(&a.extra), json(&b.extra));
    out
}
