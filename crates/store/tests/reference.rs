//! Reference revisions with history, scans and deprecation events in a real SQLite file.

#![allow(clippy::unwrap_used)]

use plumbline_domain::{
    AppId, ChangelogEntry, Day, DeprecationEventKind, FactChange, NewApp, NewDeprecationEvent,
    OperationFacts, ReferenceKind, UnixMillis,
};
use plumbline_store::{ApiCallRow, NewRevision, ScanFinding, Store};

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

fn op(key: &str, deprecated_at: Option<&str>, sunset: Option<&str>) -> (String, OperationFacts) {
    let (method, path) = key.split_once(' ').unwrap();
    (
        key.to_owned(),
        OperationFacts {
            method: method.to_owned(),
            path: path.replace("{}", "{id}"),
            deprecated: deprecated_at.is_some(),
            deprecated_at: deprecated_at.map(day),
            sunset: sunset.map(day),
            ..OperationFacts::default()
        },
    )
}

fn accept(
    store: &mut Store,
    kind: ReferenceKind,
    sha: &str,
    ops: &[(String, OperationFacts)],
    at: i64,
) -> plumbline_store::RevisionOutcome {
    store
        .accept_reference_revision(
            NewRevision {
                kind,
                source: "https://developers.procore.com/api/v1/resource_groups/full_oas?version=1",
                sha256: sha,
                etag: Some("\"e1\""),
                last_modified: None,
                version: Some("2026.1"),
                operations: ops,
                changelog: &[],
            },
            UnixMillis(at),
        )
        .unwrap()
}

fn history(store: &Store, key: &str) -> Vec<(FactChange, Option<Day>, Option<Day>, i64)> {
    store
        .reference_facts()
        .unwrap()
        .into_iter()
        .find(|(k, _, _)| k == key)
        .map(|(_, _, h)| {
            h.into_iter()
                .map(|c| (c.change, c.before, c.after, c.seen_at.0))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn revisions_record_every_change_of_dates_with_when_it_was_seen() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    let a = "GET /rest/v1.0/a";
    let b = "POST /rest/v1.0/b/{}";
    let c = "GET /rest/v1.0/c";
    let d = "DELETE /rest/v1.0/d";

    let first = accept(
        &mut store,
        ReferenceKind::OpenApi,
        "s1",
        &[
            op(a, Some("2026-01-01"), Some("2027-03-01")),
            op(b, None, None),
            op(c, Some("2025-06-01"), Some("2026-12-31")),
            op(d, Some("2025-01-01"), Some("2027-06-01")),
        ],
        1_000,
    );
    assert!(!first.unchanged);
    assert!(
        first.changes.is_empty(),
        "the first revision is the baseline"
    );
    assert_eq!(first.revision.operations, 4);
    assert_eq!(first.revision.deprecated, 3);

    // Sunset of a moves earlier; b becomes deprecated; c's sunset moves later; d's withdrawn.
    let second = accept(
        &mut store,
        ReferenceKind::OpenApi,
        "s2",
        &[
            op(a, Some("2026-01-01"), Some("2027-01-15")),
            op(b, Some("2026-11-20"), None),
            op(c, Some("2025-06-01"), Some("2027-02-01")),
            op(d, Some("2025-01-01"), None),
        ],
        2_000,
    );
    assert_eq!(second.changes.len(), 4);
    assert_eq!(
        history(&store, a),
        vec![(
            FactChange::SunsetEarlier,
            Some(day("2027-03-01")),
            Some(day("2027-01-15")),
            2_000
        )]
    );
    assert_eq!(
        history(&store, b),
        vec![(FactChange::Deprecated, None, Some(day("2026-11-20")), 2_000)]
    );
    assert_eq!(
        history(&store, c),
        vec![(
            FactChange::SunsetLater,
            Some(day("2026-12-31")),
            Some(day("2027-02-01")),
            2_000
        )]
    );
    assert_eq!(
        history(&store, d),
        vec![(
            FactChange::SunsetWithdrawn,
            Some(day("2027-06-01")),
            None,
            2_000
        )]
    );

    // The same bytes again: only the check time moves.
    let same = accept(&mut store, ReferenceKind::OpenApi, "s2", &[], 3_000);
    assert!(same.unchanged);
    assert_eq!(same.revision.checked_at, UnixMillis(3_000));
    assert_eq!(same.revision.accepted_at, UnixMillis(2_000));
    assert_eq!(store.reference_revisions().unwrap().len(), 2);

    // c disappears (sunset happened), a new deprecated operation appears.
    let e = "GET /rest/v1.1/e";
    accept(
        &mut store,
        ReferenceKind::OpenApi,
        "s3",
        &[
            op(a, Some("2026-01-01"), Some("2027-01-15")),
            op(b, Some("2026-11-20"), None),
            op(d, Some("2025-01-01"), None),
            op(e, Some("2026-12-01"), Some("2027-12-01")),
        ],
        4_000,
    );
    let facts = store.reference_facts().unwrap();
    assert!(
        facts.iter().all(|(k, _, _)| k != c),
        "c is no longer in force"
    );
    let removed: Vec<_> = store
        .reference_revisions()
        .unwrap()
        .into_iter()
        .map(|r| r.sha256)
        .collect();
    assert_eq!(removed, ["s3", "s2", "s1"]);
    assert_eq!(
        history(&store, e),
        vec![
            (FactChange::Added, None, None, 4_000),
            (FactChange::Deprecated, None, Some(day("2026-12-01")), 4_000),
            (
                FactChange::SunsetAnnounced,
                None,
                Some(day("2027-12-01")),
                4_000
            ),
        ]
    );

    // A conditional request that found nothing new.
    store
        .confirm_reference(ReferenceKind::OpenApi, UnixMillis(5_000))
        .unwrap();
    let held = store
        .reference_revision(ReferenceKind::OpenApi)
        .unwrap()
        .unwrap();
    assert_eq!(
        (held.sha256.as_str(), held.checked_at),
        ("s3", UnixMillis(5_000))
    );
    assert_eq!(held.etag.as_deref(), Some("\"e1\""));

    // Reopening the file keeps all of it.
    drop(store);
    let store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    assert_eq!(history(&store, a).len(), 1);
    assert_eq!(store.reference_facts().unwrap().len(), 4);
}

#[test]
fn the_legacy_document_fills_what_the_openapi_one_leaves_out() {
    let mut store = Store::open_in_memory().unwrap();
    let a = "GET /rest/v1.0/a";
    accept(
        &mut store,
        ReferenceKind::OpenApi,
        "o1",
        &[op(a, None, None)],
        1,
    );
    let mut legacy = op(a, Some("2026-02-01"), Some("2027-02-01"));
    legacy.1.support_level = Some("production".into());
    let changelog = [(
        a.to_owned(),
        ChangelogEntry {
            kind: "deprecation".into(),
            datestamp: Some(day("2026-02-01")),
            breaking: false,
            summary: "deprecated".into(),
            endpoint: Some("GET /rest/v1.0/a".into()),
        },
    )];
    store
        .accept_reference_revision(
            NewRevision {
                kind: ReferenceKind::Legacy,
                source: "legacy.json",
                sha256: "l1",
                etag: None,
                last_modified: None,
                version: None,
                operations: &[legacy],
                changelog: &changelog,
            },
            UnixMillis(2),
        )
        .unwrap();
    let (_, facts, history) = store.reference_facts().unwrap().pop().unwrap();
    assert!(facts.deprecated);
    assert_eq!(facts.sunset, Some(day("2027-02-01")));
    assert_eq!(facts.support_level.as_deref(), Some("production"));
    assert_eq!(
        history.len(),
        2,
        "deprecated and a sunset announced: {history:?}"
    );
    assert_eq!(
        store.reference_changelog(a).unwrap(),
        vec![changelog[0].1.clone()]
    );
}

fn app(store: &Store) -> AppId {
    store
        .add_app(
            &NewApp::named("Site Diary").validate().unwrap(),
            UnixMillis(1),
        )
        .unwrap()
        .id
}

#[test]
fn a_new_scan_of_a_folder_replaces_its_findings_only() {
    let mut store = Store::open_in_memory().unwrap();
    let app = app(&store);
    let find = |file: &str, line: u32, method: Option<&str>| ScanFinding {
        method: method.map(str::to_owned),
        path: "/rest/v1.0/projects/{}/rfis".into(),
        file: file.into(),
        line,
    };
    store
        .replace_scan(
            app,
            "/src/a",
            &[find("x.js", 1, Some("GET")), find("y.py", 2, None)],
            10,
            1,
            UnixMillis(5),
        )
        .unwrap();
    store
        .replace_scan(
            app,
            "/src/b",
            &[find("z.go", 3, Some("POST"))],
            4,
            0,
            UnixMillis(6),
        )
        .unwrap();
    store
        .replace_scan(
            app,
            "/src/a",
            &[find("x.js", 9, Some("GET"))],
            11,
            1,
            UnixMillis(7),
        )
        .unwrap();
    let uses: Vec<(String, String, u32, Option<String>)> = store
        .scanned_uses(app)
        .unwrap()
        .into_iter()
        .map(|u| (u.root, u.file, u.line, u.method))
        .collect();
    assert_eq!(
        uses,
        vec![
            ("/src/a".into(), "x.js".into(), 9, Some("GET".into())),
            ("/src/b".into(), "z.go".into(), 3, Some("POST".into())),
        ]
    );
    assert_eq!(store.source_scans(app).unwrap().len(), 2);
    assert!(
        store
            .replace_scan(AppId(999), "/x", &[], 0, 0, UnixMillis(1))
            .is_err()
    );
}

#[test]
fn events_are_recorded_once_per_identity() {
    let mut store = Store::open_in_memory().unwrap();
    let app = app(&store);
    let event = |key: &str| NewDeprecationEvent {
        kind: DeprecationEventKind::SunsetMilestone,
        route: "GET /rest/v1.0/a".into(),
        key: key.into(),
        day: day("2026-12-03"),
        milestone: Some(30),
        sunset: Some(day("2027-01-01")),
        message: "GET /rest/v1.0/a stops working in 29 days, on 2027-01-01.".into(),
    };
    let first = store
        .record_deprecation_events(app, &[event("m30"), event("m7")], UnixMillis(10))
        .unwrap();
    assert_eq!(first.len(), 2);
    let again = store
        .record_deprecation_events(
            app,
            &[event("m30"), event("m7"), event("m1")],
            UnixMillis(20),
        )
        .unwrap();
    assert_eq!(
        again.iter().map(|e| e.key.as_str()).collect::<Vec<_>>(),
        ["m1"]
    );
    let all = store.deprecation_events(Some(app)).unwrap();
    assert_eq!(all.len(), 3);
    assert_eq!(all[0].recorded_at, UnixMillis(20));
    assert_eq!(store.deprecation_events(None).unwrap().len(), 3);
}

#[test]
fn health_counts_the_statuses_integration_health_scores() {
    let mut store = Store::open_in_memory().unwrap();
    let app = app(&store);
    let mut writer = store.begin_import(app).unwrap();
    let rows = [
        ("2026-11-01", 200, 100),
        ("2026-11-01", 401, 3),
        ("2026-11-01", 429, 7),
        ("2026-11-02", 403, 1),
        ("2026-11-02", 404, 2),
        ("2026-11-02", 500, 5),
    ];
    writer
        .put_api_calls(
            rows.iter().map(|&(d, status, count)| ApiCallRow {
                day: day(d),
                method: "GET",
                route: "/v1.0/projects/:project_id/rfis",
                status,
                count,
            }),
            &mut |_| {},
        )
        .unwrap();
    writer
        .finish(
            plumbline_store::NewImport {
                kind: plumbline_domain::ImportKind::Activity,
                file_name: "a.csv".into(),
                sha256: "x".into(),
                rows: 6,
                first_day: Some(day("2026-11-01")),
                last_day: Some(day("2026-11-02")),
            },
            UnixMillis(1),
        )
        .unwrap();
    let health = store
        .api_health(app, day("2026-10-01"), day("2026-12-01"))
        .unwrap();
    let got: Vec<_> = health
        .iter()
        .map(|h| {
            (
                h.day,
                h.calls,
                h.unauthorized,
                h.forbidden,
                h.not_found,
                h.rate_limited,
            )
        })
        .collect();
    assert_eq!(
        got,
        vec![
            (day("2026-11-01"), 110, 3, 0, 0, 7),
            (day("2026-11-02"), 8, 0, 1, 2, 0)
        ]
    );
    assert_eq!(
        store.activity_span(app).unwrap(),
        Some((day("2026-11-01"), day("2026-11-02")))
    );
    let calls = store
        .route_calls(app, day("2026-11-02"), day("2026-11-30"))
        .unwrap();
    assert_eq!(calls.len(), 1);
    assert_eq!((calls[0].day, calls[0].calls), (day("2026-11-02"), 8));
    let older = store
        .route_calls(app, day("2026-11-10"), day("2026-11-30"))
        .unwrap();
    assert_eq!(older.len(), 1, "the last call day is still reported");
    assert_eq!((older[0].day, older[0].calls), (day("2026-11-02"), 0));
}
