//! Matching used routes to Procore's real operations, and the exposure and events that follow.

use std::collections::HashMap;

use plumbline_deprecations::{
    HeaderFacts, ReferenceIndex, RouteCalls, RouteKey, RouteStatus, RouteUse, SeenIn,
    deprecation_events, exposure, parse_openapi,
};
use plumbline_domain::{
    DateChange, Day, DeprecationEventKind, FactChange, OperationFacts, UnixMillis, UseSource,
};

const OPERATIONS_2024: &str = include_str!("../../procore-sim/data/procore-operations-2024-10.tsv");
const OPERATIONS_2026: &str = include_str!("data/procore-operations-2026-04.tsv");

fn day(text: &str) -> Day {
    Day::parse_iso(text).expect("a date")
}

/// The 2024-10 operations as an OpenAPI document, deprecated ones flagged as Procore does.
fn spec_2024() -> String {
    let mut paths: HashMap<&str, serde_json::Map<String, serde_json::Value>> = HashMap::new();
    for line in OPERATIONS_2024.lines().skip(1) {
        let mut cols = line.split('\t');
        let (Some(method), Some(path), Some(deprecated)) = (cols.next(), cols.next(), cols.next())
        else {
            continue;
        };
        paths.entry(path).or_default().insert(
            method.to_lowercase(),
            serde_json::json!({ "summary": "op", "deprecated": deprecated == "true" }),
        );
    }
    serde_json::json!({ "openapi": "3.0.1", "paths": paths }).to_string()
}

fn index_2024() -> ReferenceIndex {
    let parsed = parse_openapi(spec_2024().as_bytes()).expect("the real operations parse");
    ReferenceIndex::new(
        parsed
            .operations
            .into_iter()
            .map(|(k, f)| (k, f, Vec::new()))
            .collect(),
    )
}

/// `/rest/v1.0/projects/{project_id}/rfis` as the activity report writes it.
fn activity_spelling(path: &str) -> String {
    path.trim_start_matches("/rest")
        .split('/')
        .map(
            |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                Some(name) => format!(":{name}"),
                None => s.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

/// The same path as JavaScript, Ruby and C# code writes it.
fn code_spellings(path: &str) -> [String; 4] {
    let each = |f: &dyn Fn(&str) -> String| {
        path.split('/')
            .map(
                |s| match s.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) => f(name),
                    None => s.to_owned(),
                },
            )
            .collect::<Vec<_>>()
            .join("/")
    };
    [
        format!("https://api.procore.com{}", each(&|n| format!("${{{n}}}"))),
        each(&|n| format!("#{{{n}}}")),
        each(&|_| "{0}".to_owned()),
        format!("{}?page=2&per_page=100", each(&|_| "12345".to_owned())),
    ]
}

#[test]
fn every_real_operation_is_its_own_route_and_every_spelling_finds_it() {
    let index = index_2024();
    let rest_ops: Vec<(&str, &str, bool)> = OPERATIONS_2024
        .lines()
        .skip(1)
        .filter_map(|l| {
            let mut c = l.split('\t');
            Some((c.next()?, c.next()?, c.next()? == "true"))
        })
        .filter(|(_, p, _)| p.starts_with("/rest/"))
        .collect();
    assert_eq!(
        index.len(),
        rest_ops.len(),
        "no two real operations share a normalized route"
    );
    for (method, path, deprecated) in rest_ops {
        let mut spellings = vec![activity_spelling(path)];
        spellings.extend(code_spellings(path));
        for spelling in spellings {
            let key = RouteKey::new(method, &spelling).expect("a route");
            let facts = index
                .get(&key)
                .unwrap_or_else(|| panic!("{method} {spelling} did not meet {path}"));
            assert_eq!(facts.path, path);
            assert_eq!(facts.deprecated, deprecated, "{method} {path}");
        }
    }
}

#[test]
fn the_2026_operations_normalize_to_distinct_routes() {
    let mut seen = HashMap::new();
    let mut count = 0;
    for line in OPERATIONS_2026.lines().skip(1) {
        let mut cols = line.split('\t');
        let (Some(method), Some(path)) = (cols.next(), cols.next()) else {
            continue;
        };
        if path.starts_with("/oauth/") {
            assert!(
                RouteKey::new(method, path).is_err(),
                "{path} is not a REST route"
            );
            continue;
        }
        count += 1;
        let key = RouteKey::new(method, path).expect("every other operation is a REST route");
        if let Some(other) = seen.insert(key.clone(), path.to_owned()) {
            panic!("{path} and {other} normalize to the same {key}");
        }
    }
    assert_eq!(count, 2_632, "2,636 operations, 4 of them OAuth");
}

fn scan_use(method: Option<&str>, path: &str, file: &str, line: u32) -> RouteUse {
    RouteUse {
        method: method.map(str::to_owned),
        path: path.to_owned(),
        seen: SeenIn {
            source: UseSource::Scan,
            file: Some(file.to_owned()),
            line: Some(line),
            calls: None,
            last_called: None,
            root: Some("/src/app".to_owned()),
            method_guessed: false,
        },
    }
}

fn facts(
    method: &str,
    path: &str,
    deprecated_at: Option<&str>,
    sunset: Option<&str>,
) -> OperationFacts {
    OperationFacts {
        method: method.to_owned(),
        path: path.to_owned(),
        deprecated: deprecated_at.is_some(),
        deprecated_at: deprecated_at.map(day),
        sunset: sunset.map(day),
        ..OperationFacts::default()
    }
}

fn index(entries: Vec<(OperationFacts, Vec<DateChange>)>) -> ReferenceIndex {
    ReferenceIndex::new(
        entries
            .into_iter()
            .map(|(f, h)| (RouteKey::new(&f.method, &f.path).expect("route"), f, h))
            .collect(),
    )
}

#[test]
fn exposure_meets_uses_with_the_reference_and_keeps_unknown_routes() {
    let today = day("2026-12-03");
    let moved = DateChange {
        change: FactChange::SunsetEarlier,
        before: Some(day("2027-03-01")),
        after: Some(day("2027-01-15")),
        seen_at: UnixMillis(day("2026-11-20").start().0),
    };
    let reference = index(vec![
        (
            facts(
                "POST",
                "/rest/v1.0/companies/{company_id}/uploads",
                Some("2023-12-03"),
                Some("2027-01-15"),
            ),
            vec![moved.clone()],
        ),
        (
            facts(
                "POST",
                "/rest/v1.1/companies/{company_id}/uploads",
                None,
                None,
            ),
            vec![],
        ),
        (
            facts("GET", "/rest/v1.0/projects/{project_id}/rfis", None, None),
            vec![],
        ),
        (
            facts(
                "PATCH",
                "/rest/v1.0/projects/{project_id}/rfis/{id}",
                None,
                None,
            ),
            vec![],
        ),
        (
            facts(
                "DELETE",
                "/rest/v1.0/projects/{project_id}/rfis/{id}",
                Some("2025-01-01"),
                Some("2026-06-30"),
            ),
            vec![],
        ),
        (
            facts("GET", "/rest/v1.0/schedule_type", Some("2021-03-31"), None),
            vec![],
        ),
    ]);
    let uses = vec![
        scan_use(
            Some("POST"),
            "/rest/v1.0/companies/{}/uploads",
            "src/upload.ts",
            12,
        ),
        scan_use(
            Some("POST"),
            "/rest/v1.1/companies/{}/uploads",
            "src/upload.ts",
            40,
        ),
        scan_use(None, "/rest/v1.0/projects/{}/rfis/{}", "lib/rfi.rb", 3),
        scan_use(Some("GET"), "/rest/v1.0/not_a_thing", "main.go", 9),
        RouteUse {
            method: Some("GET".into()),
            path: "/v1.0/projects/:project_id/rfis".into(),
            seen: SeenIn {
                source: UseSource::Activity,
                file: None,
                line: None,
                calls: Some(30),
                last_called: Some(day("2026-12-01")),
                root: None,
                method_guessed: false,
            },
        },
    ];
    let mut calls = HashMap::new();
    calls.insert(
        RouteKey::new("GET", "/v1.0/projects/:id/rfis").expect("route"),
        RouteCalls {
            days: vec![
                (day("2026-12-01"), 20),
                (day("2026-11-04"), 10),
                (day("2026-10-01"), 99),
            ],
        },
    );
    calls.insert(
        RouteKey::new("DELETE", "/rest/v1.0/projects/{}/rfis/{}").expect("route"),
        RouteCalls {
            days: vec![(day("2026-07-02"), 4)],
        },
    );
    let headers = vec![HeaderFacts {
        method: "GET".into(),
        path: "/rest/v1.0/companies".into(),
        deprecated: true,
        deprecated_at: Some(day("2026-01-01")),
        sunset: Some(day("2027-02-01")),
        link: Some("https://developers.procore.com/changelog".into()),
    }];
    let routes = exposure(&reference, &uses, &calls, &headers, today);
    let summary: Vec<(String, RouteStatus, Option<i32>)> = routes
        .iter()
        .map(|r| (format!("{} {}", r.method, r.path), r.status, r.days_left))
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "DELETE /rest/v1.0/projects/{project_id}/rfis/{id}".into(),
                RouteStatus::Sunset,
                Some(-156)
            ),
            (
                "POST /rest/v1.0/companies/{company_id}/uploads".into(),
                RouteStatus::Deprecated,
                Some(43)
            ),
            (
                "GET /rest/v1.0/companies".into(),
                RouteStatus::Deprecated,
                Some(60)
            ),
            (
                "GET /rest/v1.0/not_a_thing".into(),
                RouteStatus::Unknown,
                None
            ),
            (
                "GET /rest/v1.0/projects/{project_id}/rfis".into(),
                RouteStatus::Active,
                None
            ),
            (
                "PATCH /rest/v1.0/projects/{project_id}/rfis/{id}".into(),
                RouteStatus::Active,
                None
            ),
            (
                "POST /rest/v1.1/companies/{company_id}/uploads".into(),
                RouteStatus::Active,
                None
            ),
        ],
        "sorted by urgency; the v1.1 upload is not deprecated; the method-less scan meets both \
         methods of its path; the unknown route is kept"
    );
    let upload = &routes[1];
    assert_eq!(upload.history, vec![moved]);
    assert_eq!(upload.seen_in.len(), 1);
    assert_eq!(upload.seen_in[0].file.as_deref(), Some("src/upload.ts"));
    assert_eq!(upload.seen_in[0].line, Some(12));
    assert!(upload.failing(90, false));
    assert!(!upload.failing(30, false));
    assert!(!routes[3].failing(0, false) && !routes[3].failing(90, true));
    let rfis = &routes[4];
    assert_eq!(
        rfis.calls_30d, 30,
        "the call 63 days ago is outside the window"
    );
    assert_eq!(rfis.last_called, Some(day("2026-12-01")));
    assert_eq!(rfis.daily_calls.len(), 30);
    assert_eq!(rfis.daily_calls[29], 0);
    assert_eq!(rfis.daily_calls[27], 20);
    let patch = &routes[5];
    assert!(patch.seen_in[0].method_guessed);
    let headers_only = &routes[2];
    assert_eq!(headers_only.seen_in[0].source, UseSource::Headers);
    assert_eq!(
        headers_only.link.as_deref(),
        Some("https://developers.procore.com/changelog")
    );
}

#[test]
fn events_follow_milestones_changes_and_calls_after_a_sunset() {
    let today = day("2026-12-03");
    let seen = UnixMillis(day("2026-11-20").start().0);
    let reference = index(vec![
        (
            facts(
                "GET",
                "/rest/v1.0/a",
                Some("2026-11-20"),
                Some("2027-01-01"),
            ),
            vec![
                DateChange {
                    change: FactChange::Deprecated,
                    before: None,
                    after: Some(day("2026-11-20")),
                    seen_at: seen,
                },
                DateChange {
                    change: FactChange::SunsetEarlier,
                    before: Some(day("2027-05-01")),
                    after: Some(day("2027-01-01")),
                    seen_at: seen,
                },
            ],
        ),
        (
            facts(
                "GET",
                "/rest/v1.0/b",
                Some("2025-01-01"),
                Some("2026-12-08"),
            ),
            vec![],
        ),
        (
            facts(
                "GET",
                "/rest/v1.0/c",
                Some("2025-01-01"),
                Some("2026-11-01"),
            ),
            vec![],
        ),
        (
            facts(
                "GET",
                "/rest/v1.0/d",
                Some("2025-01-01"),
                Some("2027-12-01"),
            ),
            vec![],
        ),
        (
            facts(
                "GET",
                "/rest/v1.0/e",
                Some("2025-01-01"),
                Some("2026-12-03"),
            ),
            vec![],
        ),
    ]);
    let uses: Vec<RouteUse> = ["a", "b", "c", "d", "e"]
        .iter()
        .map(|r| scan_use(Some("GET"), &format!("/rest/v1.0/{r}"), "x.js", 1))
        .collect();
    let mut calls = HashMap::new();
    calls.insert(
        RouteKey::new("GET", "/rest/v1.0/c").expect("route"),
        RouteCalls {
            days: vec![(day("2026-11-02"), 3)],
        },
    );
    let routes = exposure(&reference, &uses, &calls, &[], today);
    let events = deprecation_events(&routes, today);
    let mut got: Vec<(DeprecationEventKind, String, Option<i32>, Day)> = events
        .iter()
        .map(|e| (e.kind, e.route.clone(), e.milestone, e.day))
        .collect();
    got.sort();
    use DeprecationEventKind::*;
    assert_eq!(
        got,
        vec![
            (
                NewDeprecation,
                "GET /rest/v1.0/a".into(),
                None,
                day("2026-11-20")
            ),
            (
                SunsetEarlier,
                "GET /rest/v1.0/a".into(),
                None,
                day("2026-11-20")
            ),
            (SunsetMilestone, "GET /rest/v1.0/a".into(), Some(30), today),
            (SunsetMilestone, "GET /rest/v1.0/b".into(), Some(7), today),
            (SunsetMilestone, "GET /rest/v1.0/e".into(), Some(1), today),
            (
                CallsAfterSunset,
                "GET /rest/v1.0/c".into(),
                None,
                day("2026-11-02")
            ),
        ]
    );
    // The same exposure gives the same identities: recording is idempotent.
    let again: Vec<String> = deprecation_events(&routes, today)
        .into_iter()
        .map(|e| e.key)
        .collect();
    assert_eq!(
        again,
        events.iter().map(|e| e.key.clone()).collect::<Vec<_>>()
    );
    let milestone = events
        .iter()
        .find(|e| e.milestone == Some(7))
        .expect("7-day");
    assert_eq!(
        milestone.message,
        "GET /rest/v1.0/b stops working in 5 days, on 2026-12-08."
    );
}
