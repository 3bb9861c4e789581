//! Reading: the partner's bytes are kept exactly, every unknown field survives the typed
//! view, and hostile files are refused with a clear finding.

#![allow(clippy::unwrap_used)]

use plumbline_manifest::model::Document;
use plumbline_manifest::{Context, MAX_MANIFEST_BYTES, Manifest, lint};
use serde_json::Value;

const GOOD_V4: &str = include_str!("data/good-4.1.json");
const GOOD_V3: &str = include_str!("data/good-3.x.json");

/// The typed view written back as JSON equals the document read, field for field.
fn typed_keeps_everything(text: &str) {
    let manifest = Manifest::read(text.as_bytes()).unwrap();
    let original: Value = serde_json::from_str(text.trim_start_matches('\u{feff}')).unwrap();
    let typed = serde_json::to_value(manifest.document()).unwrap();
    assert_eq!(without_nulls(original), without_nulls(typed), "{text}");
}

/// Optional fields written as `null` read as absent.
fn without_nulls(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !v.is_null())
                .map(|(k, v)| (k, without_nulls(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.into_iter().map(without_nulls).collect()),
        other => other,
    }
}

#[test]
fn the_text_is_kept_byte_for_byte_and_the_typed_view_loses_nothing() {
    for text in [GOOD_V4, GOOD_V3] {
        let manifest = Manifest::read(text.as_bytes()).unwrap();
        assert_eq!(manifest.text().as_bytes(), text.as_bytes());
        typed_keeps_everything(text);
    }
    // Odd formatting, a byte-order mark, escapes and non-ASCII text survive as written.
    let odd = "\u{feff}{\"schema_version\":\"4.1\",  \"fullscreen\":{\"source_url\":\"https://a.example/\\u00e9\",\n\t\"description\":\"Caf\u{e9} \\\"quoted\\\"\"}, \"z\": 1e3, \"y\": -0}\r\n";
    let manifest = Manifest::read(odd.as_bytes()).unwrap();
    assert_eq!(manifest.text(), odd);
    assert!(matches!(manifest.document(), Document::V4(_)));
    typed_keeps_everything(odd);
}

#[test]
fn unknown_fields_are_typed_as_extra_not_dropped() {
    let manifest = Manifest::read(GOOD_V4.as_bytes()).unwrap();
    let Document::V4(m) = manifest.document() else {
        panic!("4.1")
    };
    assert_eq!(m.extra["unknown_top_level"], "kept too");
    let fullscreen = m.fullscreen.as_ref().unwrap();
    assert!(fullscreen.extra.contains_key("x_partner_note"));
    let properties = fullscreen
        .user_configuration
        .as_ref()
        .unwrap()
        .schema
        .as_ref()
        .unwrap()
        .properties
        .as_ref()
        .unwrap();
    assert_eq!(
        properties.keys().collect::<Vec<_>>(),
        ["tenant", "mode"],
        "in the order written"
    );
    let manifest = Manifest::read(GOOD_V3.as_bytes()).unwrap();
    assert_eq!(manifest.schema_version(), "3.0");
    assert!(matches!(manifest.document(), Document::V3(_)));
}

fn refused(bytes: &[u8]) -> (String, String) {
    let report = lint(bytes, &Context::default());
    assert_eq!(report.errors.len(), 1, "{report:?}");
    (
        report.errors[0].code.clone(),
        report.errors[0].message.clone(),
    )
}

#[test]
fn a_five_megabyte_file_is_refused_before_parsing() {
    let mut big = String::from("{\"schema_version\": \"4.1\", \"pad\": \"");
    big.push_str(&"x".repeat(5 * 1024 * 1024));
    big.push_str("\"}");
    let (code, message) = refused(big.as_bytes());
    assert_eq!(code, "too-large");
    assert!(
        message.contains(&format!("{} KB", MAX_MANIFEST_BYTES / 1024)),
        "{message}"
    );
}

#[test]
fn ten_thousand_levels_of_nesting_are_refused() {
    let deep = format!(
        "{{\"schema_version\": \"4.1\", \"x\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (code, message) = refused(deep.as_bytes());
    assert_eq!(code, "too-deep");
    assert!(message.contains("Line 1"), "{message}");
    // Brackets inside strings are text, not nesting.
    let text = format!(
        "{{\"schema_version\": \"4.1\", \"x\": \"{}\"}}",
        "[".repeat(10_000)
    );
    assert!(Manifest::read(text.as_bytes()).is_ok());
}

#[test]
fn bytes_that_are_not_utf8_are_refused_with_their_line() {
    let mut bytes = b"{\n  \"schema_version\": \"4.1\",\n  \"x\": \"".to_vec();
    bytes.extend([0xff, 0xfe]);
    bytes.extend(b"\"\n}");
    let (code, message) = refused(&bytes);
    assert_eq!(code, "not-utf8");
    assert!(message.contains("Line 3"), "{message}");
}

#[test]
fn broken_json_and_wrong_types_are_located() {
    let (code, message) = refused(b"{\n  \"schema_version\": \"4.1\",\n  \"fullscreen\": {,}\n}");
    assert_eq!(code, "json-syntax");
    assert!(message.starts_with("Line 3, column"), "{message}");
    let report = lint(
        br#"{"schema_version": "4.1", "sidepanel": {"views": "project.detail"}}"#,
        &Context::default(),
    );
    assert_eq!(report.errors[0].code, "shape");
    assert_eq!(report.errors[0].pointer, "/sidepanel/views");
    let report = lint(
        br#"{"schema_version": "4.1", "permissions": {"project": {"rfi": 3}}}"#,
        &Context::default(),
    );
    assert_eq!(report.errors[0].pointer, "/permissions/project/rfi");
    for (bytes, code) in [
        (&b"[1, 2]"[..], "shape"),
        (br#"{"fullscreen": {}}"#, "schema-version-missing"),
        (br#"{"schema_version": "9.0"}"#, "schema-version-unknown"),
        (br#"{"schema_version": 4.1}"#, "schema-version-unknown"),
    ] {
        assert_eq!(refused(bytes).0, code, "{}", String::from_utf8_lossy(bytes));
    }
}
