//! Manifests and view keys from Procore's own documentation (see data/real/SOURCES.md): the
//! reader keeps them byte for byte, and the validator says of them what a reviewer would.

#![allow(clippy::unwrap_used)]

use plumbline_manifest::model::Document;
use plumbline_manifest::{Context, Manifest, lint, validate};

const DOCS_V3: &str = include_str!("data/real/procore-docs-v3x-example.json");
const VIEW_KEYS: &str = include_str!("data/real/procore-side-panel-view-keys.txt");

#[test]
fn procores_legacy_example_reads_byte_for_byte_and_keeps_its_undocumented_fields() {
    let manifest = Manifest::read(DOCS_V3.as_bytes()).unwrap();
    assert_eq!(manifest.text(), DOCS_V3);
    let Document::V3(m) = manifest.document() else {
        panic!("no schema_version and components: legacy")
    };
    let oauth = &m
        .components
        .as_ref()
        .unwrap()
        .oauth
        .as_ref()
        .unwrap()
        .instances[0];
    assert!(oauth.extra.contains_key("uid"), "the portal's uid is kept");
    let typed = serde_json::to_value(manifest.document()).unwrap();
    assert_eq!(
        typed,
        serde_json::from_str::<serde_json::Value>(DOCS_V3).unwrap()
    );
}

#[test]
fn procores_legacy_example_uses_placeholders_its_schema_does_not_define() {
    // The page says every other placeholder must be a configurable field; its own example
    // uses two that are not. A reviewer would catch it, and so does the validator.
    let report = lint(DOCS_V3.as_bytes(), &Context::default());
    let errors: Vec<(&str, &str)> = report
        .errors
        .iter()
        .map(|f| (f.code.as_str(), f.pointer.as_str()))
        .collect();
    assert_eq!(
        errors,
        [
            (
                "placeholder-undefined",
                "/components/iframe/instances/0/iframe_src"
            ),
            (
                "placeholder-undefined",
                "/components/iframe/instances/0/iframe_src"
            ),
        ]
    );
    assert!(
        report.errors[0].message.contains("{{subdomain}}"),
        "{}",
        report.errors[0].message
    );
    assert!(
        report.errors[1].message.contains("{{my_path}}"),
        "{}",
        report.errors[1].message
    );
    assert!(report.warnings.is_empty(), "{report:?}");
}

#[test]
fn every_documented_side_panel_view_key_is_in_the_dotted_form() {
    let keys: Vec<&str> = VIEW_KEYS.lines().collect();
    assert_eq!(keys.len(), 48);
    let manifest = serde_json::json!({
        "schema_version": "4.1",
        "post_installation_instruction": {"notes": "n"},
        "sidepanel": {"source_url": "https://panel.example.com/x", "views": keys},
    });
    let report = validate(
        &Manifest::read(manifest.to_string().as_bytes()).unwrap(),
        &Context::default(),
    );
    assert_eq!(report.errors, [], "{report:?}");
    assert_eq!(report.warnings, []);
}
