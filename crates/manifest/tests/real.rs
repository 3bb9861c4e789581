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

const DOCS_2021: &str = include_str!("data/real/procore-docs-v3-example-2021.json");
const DOCS_2022: &str = include_str!("data/real/procore-docs-v3-example-2022.json");

fn codes(text: &str) -> Vec<(String, String)> {
    let report = lint(text.as_bytes(), &Context::default());
    report
        .errors
        .iter()
        .chain(&report.warnings)
        .map(|f| (f.code.clone(), f.pointer.clone()))
        .collect()
}

#[test]
fn earlier_revisions_of_the_example_say_what_a_reviewer_would() {
    for text in [DOCS_2021, DOCS_2022] {
        let manifest = Manifest::read(text.as_bytes()).unwrap();
        assert_eq!(manifest.text(), text, "byte for byte");
    }
    let src = "/components/iframe/instances/0/iframe_src";
    let kind = "/components/iframe/instances/0/type";
    // 2021: no type for the instance, and two placeholders the schema does not define.
    let found = codes(DOCS_2021);
    assert!(
        found.contains(&("component-type".into(), kind.into())),
        "{found:?}"
    );
    assert_eq!(
        found
            .iter()
            .filter(|(c, p)| c == "placeholder-undefined" && p == src)
            .count(),
        2,
        "{found:?}"
    );
    // 2022: the custom field is now used; subdomain and my_path still are not defined.
    let found = codes(DOCS_2022);
    assert_eq!(
        found
            .iter()
            .filter(|(c, _)| c == "placeholder-undefined")
            .count(),
        2,
        "{found:?}"
    );
}

#[test]
fn the_examples_that_were_not_json_are_refused_at_their_line() {
    for (text, line) in [
        (
            include_str!("data/real/procore-docs-v3-example-2021b-linebreak-in-string.jsonc"),
            "End of line 25:",
        ),
        (
            include_str!("data/real/procore-docs-v3-sidepanel-example-2023-missing-comma.jsonc"),
            "Line 24, column 11:",
        ),
    ] {
        let report = lint(text.as_bytes(), &Context::default());
        assert_eq!(report.errors.len(), 1, "{report:?}");
        assert_eq!(report.errors[0].code, "json-syntax");
        assert!(
            report.errors[0].message.starts_with(line),
            "{}",
            report.errors[0].message
        );
    }
}

#[test]
fn the_4_1_editor_screenshots_assembled_validate_clean() {
    // Transcribed from the portal's editor (see SOURCES.md): the template, then the
    // full-screen, side-panel and permissions snippets Procore shows.
    let template: serde_json::Value = serde_json::from_str(include_str!(
        "data/real/transcribed/procore-docs-v41-new-version-template-screenshot.json"
    ))
    .unwrap();
    let member = |fragment: &str, close: &str| -> serde_json::Map<String, serde_json::Value> {
        serde_json::from_str(&format!("{{{fragment}{close}")).unwrap()
    };
    let mut manifest = template.as_object().unwrap().clone();
    manifest.extend(member(
        include_str!(
            "data/real/transcribed/procore-docs-v41-fullscreen-snippet-screenshot.fragment.txt"
        ),
        "}",
    ));
    manifest.extend(member(
        include_str!(
            "data/real/transcribed/procore-docs-v41-sidepanel-snippet-screenshot.fragment.txt"
        ),
        "}}",
    ));
    manifest.extend(member(
        include_str!(
            "data/real/transcribed/procore-docs-v41-permissions-snippet-screenshot.fragment.txt"
        ),
        "}",
    ));
    let text = serde_json::to_string_pretty(&serde_json::Value::Object(manifest)).unwrap();
    assert_eq!(codes(&text), Vec::<(String, String)>::new(), "{text}");
    let v32 = include_str!("data/real/transcribed/procore-docs-v32-sidepanel-screenshot.json");
    assert!(matches!(
        Manifest::read(v32.as_bytes()).unwrap().document(),
        Document::V3(_)
    ));
}
