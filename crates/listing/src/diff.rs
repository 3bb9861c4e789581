//! The listing as last submitted against the draft: which fields changed, and how.
//!
//! Text fields compare whole. Lists (features, screenshots, helpful links, required tools)
//! are aligned on their longest common subsequence, so a feature inserted at the top is one
//! addition rather than every line below it "changed". Media compare by content (SHA-256)
//! and name. The contact button and pricing compare question by question, and keys of
//! `listing.json` Plumbline does not know compare one by one.

use serde::Serialize;
use sha2::{Digest, Sha256};
use ts_rs::TS;

use crate::model::Extra;
use crate::{Listing, MediaFile};

/// What happened to a field.
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
    // As the precheck names fields: `tagline`, `features/2`, `contact/email`,
    // `pricing/free_trial`. For an item of a list, the index is the draft's, or the submitted
    // one's when removed. (Plain comments: ts-rs copies `///` into the TypeScript contract.)
    pub field: String,
    pub kind: ListingChangeKind,
    // The value as submitted, as text (`None` when there was none).
    pub before: Option<String>,
    // The value in the draft, as text (`None` when there is none).
    pub after: Option<String>,
}

fn push(
    out: &mut Vec<ListingChange>,
    field: String,
    before: Option<String>,
    after: Option<String>,
) {
    let kind = match (&before, &after) {
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

/// An item of a list: what it is compared by, and how it is shown.
struct Item {
    key: String,
    shown: String,
}

impl Item {
    fn same(text: String) -> Self {
        Item {
            key: text.clone(),
            shown: text,
        }
    }
}

/// A medium: compared by its name and the SHA-256 of its bytes, shown with a short hash.
fn medium(file: &MediaFile) -> Item {
    let digest: String = Sha256::digest(&file.bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    Item {
        shown: format!(
            "{} ({} bytes, sha256 {}…)",
            file.file_name,
            file.bytes.len(),
            &digest[..8]
        ),
        key: format!("{}\0{digest}", file.file_name),
    }
}

/// Steps turning `old` into `new`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Step {
    Same,
    Removed(usize),
    Added(usize),
}

/// Above this many cells the quadratic alignment is not worth it: compare position by position.
const ALIGN_MAX_CELLS: usize = 250_000;

/// The longest common subsequence of the keys, as steps; position by position for huge lists.
fn align(old: &[Item], new: &[Item]) -> Vec<Step> {
    let (n, m) = (old.len(), new.len());
    let mut steps = Vec::with_capacity(n + m);
    if (n + 1).saturating_mul(m + 1) > ALIGN_MAX_CELLS {
        for k in 0..n.max(m) {
            match (old.get(k), new.get(k)) {
                (Some(a), Some(b)) if a.key == b.key => steps.push(Step::Same),
                (a, b) => {
                    if a.is_some() {
                        steps.push(Step::Removed(k));
                    }
                    if b.is_some() {
                        steps.push(Step::Added(k));
                    }
                }
            }
        }
        return steps;
    }
    // lcs[i][j]: the common subsequence's length of old[i..] and new[j..].
    let width = m + 1;
    let mut lcs = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            lcs[i * width + j] = if old[i].key == new[j].key {
                lcs[(i + 1) * width + j + 1] + 1
            } else {
                lcs[(i + 1) * width + j].max(lcs[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j) = (0, 0);
    while i < n && j < m {
        if old[i].key == new[j].key {
            steps.push(Step::Same);
            i += 1;
            j += 1;
        } else if lcs[(i + 1) * width + j] >= lcs[i * width + j + 1] {
            steps.push(Step::Removed(i));
            i += 1;
        } else {
            steps.push(Step::Added(j));
            j += 1;
        }
    }
    steps.extend((i..n).map(Step::Removed));
    steps.extend((j..m).map(Step::Added));
    steps
}

/// A list's changes: between two unchanged items, removed and added items pair up as
/// changes (a feature reworded), the rest are removals and additions.
fn list(out: &mut Vec<ListingChange>, field: &str, old: &[Item], new: &[Item]) {
    let mut removed = Vec::new();
    let mut added = Vec::new();
    let mut flush = |removed: &mut Vec<usize>, added: &mut Vec<usize>| {
        let paired = removed.len().min(added.len());
        for (&i, &j) in removed.iter().zip(added.iter()) {
            push(
                out,
                format!("{field}/{j}"),
                Some(old[i].shown.clone()),
                Some(new[j].shown.clone()),
            );
        }
        for &i in &removed[paired..] {
            push(
                out,
                format!("{field}/{i}"),
                Some(old[i].shown.clone()),
                None,
            );
        }
        for &j in &added[paired..] {
            push(
                out,
                format!("{field}/{j}"),
                None,
                Some(new[j].shown.clone()),
            );
        }
        removed.clear();
        added.clear();
    };
    for step in align(old, new) {
        match step {
            Step::Same => flush(&mut removed, &mut added),
            Step::Removed(i) => removed.push(i),
            Step::Added(j) => added.push(j),
        }
    }
    flush(&mut removed, &mut added);
}

fn yes_no(value: bool) -> String {
    if value { "yes" } else { "no" }.to_owned()
}

fn words(values: &[String]) -> Option<String> {
    (!values.is_empty()).then(|| values.join(", "))
}

/// A JSON value as text: strings as they are, anything else as compact JSON.
fn json_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// Unknown keys of a list item, after it, so a change to them is a change to the item.
fn with_extra(extra: &Extra) -> String {
    if extra.is_empty() {
        return String::new();
    }
    format!(" {}", serde_json::to_string(extra).unwrap_or_default())
}

/// Unknown keys, one by one, under `prefix` (`""` at the top of `listing.json`).
fn extra(out: &mut Vec<ListingChange>, prefix: &str, old: Option<&Extra>, new: Option<&Extra>) {
    let empty = Extra::new();
    let (old, new) = (old.unwrap_or(&empty), new.unwrap_or(&empty));
    let keys = old
        .keys()
        .chain(new.keys().filter(|k| !old.contains_key(*k)));
    for key in keys {
        push(
            out,
            format!("{prefix}{key}"),
            old.get(key).map(json_text),
            new.get(key).map(json_text),
        );
    }
}

/// The changes from `old` (the listing as last submitted) to `new` (the draft), field by
/// field, in the order the precheck lists them. No change, no entry.
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
    // A blank line is not a feature (the precheck does not count it, the folder drops it).
    let features = |l: &Listing| -> Vec<Item> {
        l.features
            .iter()
            .filter(|f| !f.trim().is_empty())
            .map(|f| Item::same(f.clone()))
            .collect()
    };
    list(&mut out, "features", &features(old), &features(new));
    let logo = |l: &Listing| l.logo.as_ref().map(medium);
    let (a, b) = (logo(old), logo(new));
    if a.as_ref().map(|i| &i.key) != b.as_ref().map(|i| &i.key) {
        push(
            &mut out,
            "logo".into(),
            a.map(|i| i.shown),
            b.map(|i| i.shown),
        );
    }
    let shots = |l: &Listing| -> Vec<Item> { l.screenshots.iter().map(medium).collect() };
    list(&mut out, "screenshots", &shots(old), &shots(new));
    let video = |l: &Listing| l.video.as_ref().map(medium);
    let (a, b) = (video(old), video(new));
    if a.as_ref().map(|i| &i.key) != b.as_ref().map(|i| &i.key) {
        push(
            &mut out,
            "video".into(),
            a.map(|i| i.shown),
            b.map(|i| i.shown),
        );
    }

    let (a, b) = (&old.details, &new.details);
    push(
        &mut out,
        "categories".into(),
        words(&a.categories),
        words(&b.categories),
    );
    let (ca, cb) = (a.contact.as_ref(), b.contact.as_ref());
    push(
        &mut out,
        "contact/button".into(),
        ca.map(|c| c.button.clone()),
        cb.map(|c| c.button.clone()),
    );
    push(
        &mut out,
        "contact/email".into(),
        ca.and_then(|c| c.email.clone()),
        cb.and_then(|c| c.email.clone()),
    );
    push(
        &mut out,
        "contact/url".into(),
        ca.and_then(|c| c.url.clone()),
        cb.and_then(|c| c.url.clone()),
    );
    extra(
        &mut out,
        "contact/",
        ca.map(|c| &c.extra),
        cb.map(|c| &c.extra),
    );
    for (field, x, y) in [
        ("installation", &a.installation, &b.installation),
        ("built_by", &a.built_by, &b.built_by),
        ("sold_by", &a.sold_by, &b.sold_by),
    ] {
        push(&mut out, field.into(), x.clone(), y.clone());
    }
    let (pa, pb) = (a.pricing.as_ref(), b.pricing.as_ref());
    push(
        &mut out,
        "pricing/subscription_required".into(),
        pa.map(|p| yes_no(p.subscription_required)),
        pb.map(|p| yes_no(p.subscription_required)),
    );
    push(
        &mut out,
        "pricing/third_party_connector".into(),
        pa.map(|p| yes_no(p.third_party_connector)),
        pb.map(|p| yes_no(p.third_party_connector)),
    );
    push(
        &mut out,
        "pricing/free_trial".into(),
        pa.map(|p| yes_no(p.free_trial)),
        pb.map(|p| yes_no(p.free_trial)),
    );
    push(
        &mut out,
        "pricing/details".into(),
        pa.and_then(|p| text(&p.details)),
        pb.and_then(|p| text(&p.details)),
    );
    extra(
        &mut out,
        "pricing/",
        pa.map(|p| &p.extra),
        pb.map(|p| &p.extra),
    );
    push(
        &mut out,
        "regions".into(),
        words(&a.regions),
        words(&b.regions),
    );
    for (field, x, y) in [
        ("support_email", &a.support_email, &b.support_email),
        ("support_url", &a.support_url, &b.support_url),
    ] {
        push(&mut out, field.into(), x.clone(), y.clone());
    }
    let links = |d: &crate::ListingDetails| -> Vec<Item> {
        d.helpful_links
            .iter()
            .map(|l| Item::same(format!("{} ({}){}", l.label, l.url, with_extra(&l.extra))))
            .collect()
    };
    list(&mut out, "helpful_links", &links(a), &links(b));
    let tools = |d: &crate::ListingDetails| -> Vec<Item> {
        d.required_tools
            .iter()
            .map(|t| Item::same(format!("{}: {}{}", t.tool, t.level, with_extra(&t.extra))))
            .collect()
    };
    list(&mut out, "required_tools", &tools(a), &tools(b));
    extra(&mut out, "", Some(&a.extra), Some(&b.extra));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn items(values: &[&str]) -> Vec<Item> {
        values.iter().map(|v| Item::same((*v).to_owned())).collect()
    }

    fn changes(old: &[&str], new: &[&str]) -> Vec<(String, ListingChangeKind)> {
        let mut out = Vec::new();
        list(&mut out, "features", &items(old), &items(new));
        out.into_iter().map(|c| (c.field, c.kind)).collect()
    }

    #[test]
    fn lists_align_on_what_stayed() {
        use ListingChangeKind::*;
        assert_eq!(changes(&["a", "b", "c"], &["a", "b", "c"]), []);
        assert_eq!(
            changes(&["a", "b", "c"], &["new", "a", "b", "c"]),
            [("features/0".to_owned(), Added)]
        );
        assert_eq!(
            changes(&["a", "b", "c"], &["a", "c"]),
            [("features/1".to_owned(), Removed)]
        );
        assert_eq!(
            changes(&["a", "b", "c"], &["a", "B", "c"]),
            [("features/1".to_owned(), Changed)]
        );
        assert_eq!(
            changes(&["a", "b"], &["x", "y", "z"]),
            [
                ("features/0".to_owned(), Changed),
                ("features/1".to_owned(), Changed),
                ("features/2".to_owned(), Added)
            ]
        );
    }

    #[test]
    fn huge_lists_compare_position_by_position() {
        let old: Vec<String> = (0..600).map(|i| i.to_string()).collect();
        let mut new = old.clone();
        new[10] = "ten".into();
        let (old, new): (Vec<&str>, Vec<&str>) = (
            old.iter().map(String::as_str).collect(),
            new.iter().map(String::as_str).collect(),
        );
        assert_eq!(
            changes(&old, &new),
            [("features/10".to_owned(), ListingChangeKind::Changed)]
        );
    }
}
