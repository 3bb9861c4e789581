//! The listing as last submitted against the draft.

#![allow(clippy::unwrap_used)]

mod support;

use plumbline_listing::{ListingChange, ListingChangeKind, diff};
use support::{file, good, jpeg, link, png};

fn fields(changes: &[ListingChange]) -> Vec<(&str, ListingChangeKind)> {
    changes.iter().map(|c| (c.field.as_str(), c.kind)).collect()
}

#[test]
fn the_same_listing_has_no_changes() {
    assert_eq!(diff(&good(), &good()), []);
}

#[test]
fn text_fields_compare_whole() {
    let mut draft = good();
    draft.tagline = "Punch lists, synced.".into();
    draft.how_it_works.clear();
    let changes = diff(&good(), &draft);
    assert_eq!(
        fields(&changes),
        [
            ("tagline", ListingChangeKind::Changed),
            ("how_it_works", ListingChangeKind::Removed)
        ]
    );
    assert_eq!(
        changes[0].before.as_deref(),
        Some("Punch lists with photos, synced.")
    );
    assert_eq!(changes[0].after.as_deref(), Some("Punch lists, synced."));
    assert_eq!(changes[1].after, None);
}

#[test]
fn features_compare_line_by_line() {
    let mut draft = good();
    draft.features.insert(0, "Offline mode".into());
    draft.features[2] = "Sign-off on site, with signatures".into();
    draft.features.pop();
    let changes = diff(&good(), &draft);
    assert_eq!(
        fields(&changes),
        [
            ("features/0", ListingChangeKind::Added),
            ("features/2", ListingChangeKind::Changed),
            ("features/2", ListingChangeKind::Removed),
        ]
    );
    assert_eq!(changes[1].before.as_deref(), Some("Sign-off on site"));
    assert_eq!(changes[2].before.as_deref(), Some("Syncs both ways"));
}

#[test]
fn media_compare_by_content_and_name() {
    let mut draft = good();
    // Same name, other bytes: changed. Same bytes under the same name: unchanged.
    draft.logo = Some(file("logo.png", png(200, 201)));
    draft.screenshots.swap(0, 2);
    draft.video = None;
    let changes = diff(&good(), &draft);
    let kinds = fields(&changes);
    assert_eq!(kinds[0], ("logo", ListingChangeKind::Changed));
    assert!(kinds.contains(&("video", ListingChangeKind::Removed)));
    assert!(
        kinds.iter().any(|(f, _)| f.starts_with("screenshots/")),
        "a new order is a change"
    );
    let logo = &changes[0];
    assert!(logo.before.as_deref().unwrap().starts_with("logo.png ("));
    assert!(logo.after.as_deref().unwrap().contains("sha256 "));
    assert_ne!(logo.before, logo.after);
    // A screenshot with the same bytes and name is the same, wherever it came from.
    let mut same = good();
    same.screenshots[1] = file("item.jpg", jpeg(1920, 1080));
    assert_eq!(diff(&good(), &same), []);
}

#[test]
fn structured_fields_compare_question_by_question() {
    let mut draft = good();
    draft.details.contact.as_mut().unwrap().email = Some("leads@punchlist.example".into());
    draft.details.pricing.as_mut().unwrap().free_trial = false;
    draft.details.categories.push("Field Productivity".into());
    draft
        .details
        .helpful_links
        .push(link("API", "https://api.punchlist.example"));
    draft.details.required_tools[0].level = "admin".into();
    draft
        .details
        .extra
        .insert("zz_note".into(), serde_json::json!({"a": 1}));
    let changes = diff(&good(), &draft);
    assert_eq!(
        fields(&changes),
        [
            ("categories", ListingChangeKind::Changed),
            ("contact/email", ListingChangeKind::Changed),
            ("pricing/free_trial", ListingChangeKind::Changed),
            ("helpful_links/1", ListingChangeKind::Added),
            ("required_tools/0", ListingChangeKind::Changed),
            ("zz_note", ListingChangeKind::Added),
        ]
    );
    assert_eq!(
        changes[0].after.as_deref(),
        Some("Quality & Safety, Field Productivity")
    );
    assert_eq!(
        (changes[2].before.as_deref(), changes[2].after.as_deref()),
        (Some("yes"), Some("no"))
    );
    assert_eq!(changes[4].after.as_deref(), Some("Punch List: admin"));
    assert_eq!(changes[5].after.as_deref(), Some("{\"a\":1}"));
}

#[test]
fn changes_cross_as_camel_case_with_lower_case_kinds() {
    let mut draft = good();
    draft.name = "Punch List".into();
    let json = serde_json::to_value(diff(&good(), &draft)).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{
            "field": "name",
            "kind": "changed",
            "before": "Punch List Pro",
            "after": "Punch List"
        }])
    );
    let added = serde_json::to_value(diff(&Default::default(), &good())).unwrap();
    assert!(
        added
            .as_array()
            .unwrap()
            .iter()
            .all(|c| c["kind"] == "added")
    );
}
