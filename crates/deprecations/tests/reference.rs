//! Reading Procore's reference documents: what is kept, what is skipped, what is refused.

use std::io::Write;

use plumbline_deprecations::{
    ReferenceError, RouteKey, guess_kind, parse_legacy, parse_openapi, parse_reference_hashed,
};
use plumbline_domain::{Day, ReferenceKind};

fn day(text: &str) -> Day {
    Day::parse_iso(text).expect("a date")
}

const SPEC: &str = r##"{
  "openapi": "3.0.1",
  "info": { "title": "Procore Rest API Documentation", "version": "2026.4" },
  "components": { "schemas": { "Project": { "type": "object", "properties": { "id": { "type": "integer" } } } } },
  "paths": {
    "/rest/v1.0/companies/{company_id}/uploads": {
      "parameters": [ { "name": "company_id", "in": "path", "required": true } ],
      "post": {
        "summary": "Create Company Upload",
        "tags": ["Company Uploads", "Uploads"],
        "deprecated": true,
        "x-deprecated-at": "2023-12-03",
        "x-sunset": "2027-01-15",
        "x-replaced-by": "POST /rest/v1.1/companies/{company_id}/uploads",
        "externalDocs": { "url": "https://developers.procore.com/reference/rest/uploads" },
        "requestBody": { "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Project" } } } },
        "responses": { "201": { "description": "Created" } }
      }
    },
    "/rest/v1.1/companies/{company_id}/uploads": {
      "post": { "summary": "Create Company Upload", "tags": ["Uploads"], "responses": {} }
    },
    "/rest/v1.0/schedule_type": {
      "get": { "summary": "Show Schedule Type", "deprecated": true, "x-deprecated-at": "2021-03-31T00:00:00Z" },
      "put": { "summary": "Update", "deprecated": "true", "x-sunset": null, "tags": null }
    },
    "/oauth/token": { "post": { "summary": "Token" } }
  },
  "x-unknown": [1, 2, {"deep": [[[]]]}]
}"##;

#[test]
fn openapi_keeps_each_operation_and_its_deprecation_facts() {
    let parsed = parse_openapi(SPEC.as_bytes()).expect("a sound document");
    assert_eq!(parsed.kind, ReferenceKind::OpenApi);
    assert_eq!(parsed.version.as_deref(), Some("2026.4"));
    assert_eq!(
        parsed.operations.len(),
        4,
        "/oauth/token is not a REST route"
    );
    assert_eq!(parsed.skipped, 1);
    assert_eq!(parsed.deprecated(), 3);

    let key = RouteKey::new("POST", "/rest/v1.0/companies/{company_id}/uploads").expect("route");
    let (_, upload) = parsed
        .operations
        .iter()
        .find(|(k, _)| *k == key)
        .expect("the v1.0 upload");
    assert_eq!(upload.path, "/rest/v1.0/companies/{company_id}/uploads");
    assert_eq!(upload.summary.as_deref(), Some("Create Company Upload"));
    assert_eq!(upload.tag.as_deref(), Some("Company Uploads"));
    assert!(upload.deprecated);
    assert_eq!(upload.deprecated_at, Some(day("2023-12-03")));
    assert_eq!(upload.sunset, Some(day("2027-01-15")));
    assert_eq!(
        upload.replacement.as_deref(),
        Some("POST /rest/v1.1/companies/{company_id}/uploads")
    );
    assert_eq!(
        upload.link.as_deref(),
        Some("https://developers.procore.com/reference/rest/uploads")
    );

    let v11 = RouteKey::new("POST", "/rest/v1.1/companies/{id}/uploads").expect("route");
    let (_, newer) = parsed
        .operations
        .iter()
        .find(|(k, _)| *k == v11)
        .expect("v1.1");
    assert!(!newer.deprecated, "the v1.1 resource is not deprecated");

    let put = RouteKey::new("PUT", "/rest/v1.0/schedule_type").expect("route");
    let (_, put) = parsed
        .operations
        .iter()
        .find(|(k, _)| *k == put)
        .expect("put");
    assert!(put.deprecated, "\"true\" as a string still counts");
    assert_eq!((put.sunset, put.tag.as_deref()), (None, None));
    let get = RouteKey::new("GET", "/rest/v1.0/schedule_type").expect("route");
    let (_, get) = parsed
        .operations
        .iter()
        .find(|(k, _)| *k == get)
        .expect("get");
    assert_eq!(get.deprecated_at, Some(day("2021-03-31")));
}

const LEGACY: &str = r#"[
  { "name": "Uploads", "endpoints": [
    { "verb": "post", "path": "/rest/v1.0/companies/{company_id}/uploads",
      "deprecated_at": null, "support_level": "production",
      "changelog": [
        { "type": "deprecation", "datestamp": "2023-12-03", "breaking": false,
          "summary": "Use v1.1", "endpoint": "POST /rest/v1.0/companies/{company_id}/uploads" },
        { "type": "sunset_change", "datestamp": "2026-10-01", "breaking": true,
          "summary": "Sunset moved", "endpoint": "POST /rest/v1.0/companies/{company_id}/uploads" }
      ],
      "params": [ { "name": "file" } ] },
    { "verb": "get", "path": "/rest/v1.0/projects/{project_id}/rfis", "support_level": "beta",
      "sunset_at": "2027-03-01", "changelog": [] }
  ] }
]"#;

#[test]
fn legacy_json_keeps_dates_support_level_and_changelog() {
    let parsed = parse_legacy(LEGACY.as_bytes()).expect("sound");
    assert_eq!(parsed.kind, ReferenceKind::Legacy);
    assert_eq!(parsed.operations.len(), 2);
    let (_, upload) = &parsed.operations[0];
    assert_eq!(upload.method, "POST");
    assert!(
        upload.deprecated,
        "a deprecation entry in the changelog deprecates it"
    );
    assert_eq!(upload.deprecated_at, Some(day("2023-12-03")));
    assert_eq!(upload.support_level.as_deref(), Some("production"));
    assert_eq!(upload.tag.as_deref(), Some("Uploads"));
    assert_eq!(parsed.changelog.len(), 2);
    let (key, entry) = &parsed.changelog[1];
    assert_eq!(key.to_string(), "POST /rest/v1.0/companies/{}/uploads");
    assert_eq!(entry.kind, "sunset_change");
    assert!(entry.breaking);
    assert_eq!(entry.datestamp, Some(day("2026-10-01")));
    let (_, rfis) = &parsed.operations[1];
    assert_eq!(rfis.sunset, Some(day("2027-03-01")));
    assert!(!rfis.deprecated);

    let wrapped = format!("{{\"resource_groups\": {LEGACY}, \"meta\": {{}}}}");
    assert_eq!(
        parse_legacy(wrapped.as_bytes())
            .expect("wrapped")
            .operations,
        parsed.operations
    );
}

#[test]
fn the_kind_of_a_file_is_told_by_its_shape() {
    assert_eq!(guess_kind(SPEC.as_bytes()), ReferenceKind::OpenApi);
    assert_eq!(guess_kind(LEGACY.as_bytes()), ReferenceKind::Legacy);
    assert_eq!(guess_kind(b"\xEF\xBB\xBF  [ ]"), ReferenceKind::Legacy);
}

fn refused(kind: ReferenceKind, bytes: &[u8]) -> ReferenceError {
    match parse_reference_hashed(kind, bytes) {
        Ok((parsed, _)) => panic!("accepted {} operations", parsed.operations.len()),
        Err(e) => e,
    }
}

#[test]
fn broken_documents_are_refused_with_a_reason() {
    use ReferenceKind::OpenApi;
    assert_eq!(refused(OpenApi, b""), ReferenceError::Empty);
    assert_eq!(refused(OpenApi, b"  \n\t "), ReferenceError::Empty);
    assert_eq!(
        refused(
            OpenApi,
            b"\n<!DOCTYPE html><html><body>Sign in</body></html>"
        ),
        ReferenceError::Html
    );
    let cut = &SPEC.as_bytes()[..SPEC.len() / 2];
    assert_eq!(refused(OpenApi, cut), ReferenceError::Truncated);
    assert!(matches!(
        refused(OpenApi, b"{\"openapi\": \"3.0\", \"paths\": {} ]"),
        ReferenceError::Malformed { line: 1, .. }
    ));
    assert!(matches!(
        refused(OpenApi, b"{\"swagger\": \"2.0\", \"paths\": {}}"),
        ReferenceError::WrongShape(_)
    ));
    assert!(matches!(
        refused(
            OpenApi,
            b"{\"info\": {}, \"paths\": {\"/rest/v1.0/x\": {\"get\": {}}}}"
        ),
        ReferenceError::WrongShape(_)
    ));
    assert!(matches!(
        refused(OpenApi, b"{\"openapi\": \"3.0\", \"paths\": [1, 2]}"),
        ReferenceError::WrongShape(_)
    ));
    assert!(matches!(
        refused(
            ReferenceKind::Legacy,
            b"{\"openapi\": \"3.0\", \"paths\": {}}"
        ),
        ReferenceError::WrongShape(_)
    ));
    assert!(matches!(
        refused(OpenApi, b"PK\x03\x04 binary zip"),
        ReferenceError::Malformed { .. }
    ));
    let deep = format!(
        "{{\"openapi\": \"3\", \"x\": {}{}}}",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    assert!(matches!(
        refused(OpenApi, deep.as_bytes()),
        ReferenceError::WrongShape(_) | ReferenceError::Malformed { .. }
    ));
    // Every message says the previous revision stays in force.
    for e in [
        ReferenceError::Empty,
        ReferenceError::Html,
        ReferenceError::Truncated,
    ] {
        assert!(
            e.to_string()
                .contains("keeps the reference data it already had"),
            "{e}"
        );
    }
}

#[test]
fn sixty_megabytes_of_garbage_are_refused_without_holding_them() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("garbage.json");
    let mut file = std::fs::File::create(&path).expect("create");
    // Starts like JSON, so the parser has to read its way in before failing.
    file.write_all(b"{\"openapi\": \"3.0.1\", \"paths\": {\"")
        .expect("write");
    let mut state = 0x2545_f491_4f6c_dd1d_u64;
    let mut chunk = vec![0u8; 1 << 20];
    for _ in 0..60 {
        for b in chunk.iter_mut() {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            *b = (state % 94) as u8 + 32;
        }
        file.write_all(&chunk).expect("write");
    }
    drop(file);
    let file = std::fs::File::open(&path).expect("open");
    let error = parse_reference_hashed(ReferenceKind::OpenApi, file).expect_err("garbage");
    assert!(
        matches!(
            error,
            ReferenceError::Malformed { .. }
                | ReferenceError::Truncated
                | ReferenceError::WrongShape(_)
        ),
        "{error:?}"
    );
}

#[test]
fn the_hash_covers_every_byte() {
    let (_, a) = parse_reference_hashed(ReferenceKind::OpenApi, SPEC.as_bytes()).expect("sound");
    let spaced = format!("{SPEC}\n\n");
    let (_, b) = parse_reference_hashed(ReferenceKind::OpenApi, spaced.as_bytes()).expect("sound");
    assert_eq!(a.len(), 64);
    assert_ne!(a, b, "trailing bytes are part of the file");
}
