//! `plumbline manifest lint|diff` and `plumbline versions …`, as a real process against a
//! real database file: exit codes, the lifecycle per role, the release mark.

#![allow(clippy::unwrap_used)]

mod support;

use std::path::Path;

use support::{add_app, json, plumbline, version_count};

const GOOD: &str = include_str!("../../manifest/tests/data/good-4.1.json");

fn write(dir: &Path, name: &str, text: &str) -> String {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path.to_string_lossy().into_owned()
}

#[test]
fn manifest_lint_exits_1_on_errors_and_0_on_warnings_only() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let good = write(dir.path(), "good.json", GOOD);
    let out = plumbline(&db, &["manifest", "lint", &good, "--json"]);
    assert_eq!(out.status.code(), Some(0));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed, serde_json::json!({"errors": [], "warnings": []}));

    let warned = write(
        dir.path(),
        "warned.json",
        &GOOD.replace("\"punch_list\": \"standard\"", "\"punch_list\": \"admin\""),
    );
    let out = plumbline(&db, &["manifest", "lint", &warned, "--json"]);
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        printed["warnings"][0]["pointer"],
        "/permissions/project/punch_list"
    );
    assert_eq!(printed["warnings"][0]["code"], "permission-admin");
    assert!(
        printed["warnings"][0]["message"]
            .as_str()
            .unwrap()
            .contains("least privilege")
    );
    assert_eq!(
        printed["warnings"][0].as_object().unwrap().len(),
        3,
        "pointer, code, message"
    );

    let broken = write(
        dir.path(),
        "broken.json",
        &GOOD.replace("{{mode}}", "{{moed}}"),
    );
    let out = plumbline(&db, &["manifest", "lint", &broken]);
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(
        text.contains("error   /fullscreen/source_url")
            && text.contains("{{moed}}")
            && text.contains("1 error"),
        "{text}"
    );

    let not_json = write(dir.path(), "notes.json", "these are notes");
    let out = plumbline(&db, &["manifest", "lint", &not_json, "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(printed["errors"][0]["code"], "json-syntax");

    let out = plumbline(&db, &["manifest", "lint", "/nonexistent/manifest.json"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Could not read /nonexistent/manifest.json")
    );
}

#[test]
fn manifest_diff_prints_changes_with_impacts() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let old = write(dir.path(), "old.json", GOOD);
    let new = write(
        dir.path(),
        "new.json",
        &GOOD.replace("\"photos\": \"readonly\"", "\"photos\": \"standard\""),
    );
    let printed = json(&plumbline(&db, &["manifest", "diff", &old, &new, "--json"]));
    let changes = printed["changes"].as_array().unwrap();
    assert_eq!(changes.len(), 1);
    assert_eq!(changes[0]["pointer"], "/permissions/project/photos");
    assert_eq!(changes[0]["kind"], "changed");
    assert_eq!(
        (changes[0]["before"].as_str(), changes[0]["after"].as_str()),
        (Some("readonly"), Some("standard"))
    );
    assert!(
        changes[0]["impact"]
            .as_str()
            .unwrap()
            .contains("more access")
    );
}

#[test]
fn a_version_goes_through_review_and_its_promotion_marks_the_chart() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let app = add_app(&db, "Punch List Pro");
    let manifest = write(dir.path(), "m.json", GOOD);
    let notes = write(dir.path(), "notes.md", "Photos on punch items.\n");
    let v = |args: &[&str]| {
        let mut all = vec!["versions"];
        all.extend_from_slice(args);
        all.extend(["--app", app.as_str(), "--json"]);
        plumbline(&db, &all)
    };
    let added = json(&v(&[
        "add",
        "--version",
        "1.0.0",
        "--manifest",
        &manifest,
        "--notes",
        &notes,
    ]));
    assert_eq!(added["state"], "readyForTesting");
    assert_eq!(
        added["manifest"], GOOD,
        "the manifest is stored byte for byte"
    );
    assert_eq!(added["offered"], serde_json::json!(["promote"]));

    // Not a move the portal allows from Ready for Testing.
    let refused = v(&["approve", "--version", "1.0.0"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("Ready for Testing"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );

    let promoted = json(&v(&["promote", "--version", "1.0.0"]));
    assert_eq!(promoted["state"], "promoted");
    assert_eq!(
        json(&v(&["submit", "--version", "1.0.0"]))["state"],
        "inReview"
    );
    let rejected = json(&v(&[
        "reject",
        "--version",
        "1.0.0",
        "--comments",
        "Ask for readonly photos.",
    ]));
    assert_eq!(rejected["state"], "rejected");
    let history = rejected["history"].as_array().unwrap();
    assert_eq!(history.len(), 4);
    assert_eq!(history[3]["comments"], "Ask for readonly photos.");
    assert!(
        history
            .iter()
            .all(|t| t["role"] == "Owner" && t["at"].as_i64().unwrap() > 0)
    );

    // A lower or equal number is refused; a higher one is created.
    let same = v(&["add", "--version", "1.0.0", "--manifest", &manifest]);
    assert_eq!(same.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&same.stderr).contains("not higher than 1.0.0"));
    json(&v(&[
        "add",
        "--version",
        "1.0.1",
        "--manifest",
        &manifest,
        "--notes",
        &notes,
    ]));
    let listed = json(&v(&["list"]));
    assert_eq!(
        listed
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v["version"].as_str().unwrap())
            .collect::<Vec<_>>(),
        ["1.0.1", "1.0.0"]
    );

    // The promotion is a release mark on the app's trend charts.
    let store = plumbline_store::Store::open(&db).unwrap();
    let today = plumbline_domain::Day::of(plumbline_domain::UnixMillis::now());
    let app_id = plumbline_domain::AppId(app.parse().unwrap());
    let marks = store
        .annotations(
            plumbline_store::Scope::App(app_id),
            today.plus(-1),
            today.plus(1),
        )
        .unwrap();
    assert_eq!(
        marks
            .iter()
            .map(|m| (m.kind, m.text.as_str()))
            .collect::<Vec<_>>(),
        [(
            plumbline_domain::AnnotationKind::Release,
            "Version 1.0.0 promoted"
        )]
    );
}

#[test]
fn a_developer_may_view_but_not_create_or_promote_and_custom_apps_skip_review() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let app = add_app(&db, "Internal Tool");
    let manifest = write(dir.path(), "m.json", GOOD);
    let notes = write(dir.path(), "notes.md", "Notes.");
    json(&plumbline(
        &db,
        &[
            "versions",
            "add",
            "--app",
            &app,
            "--version",
            "2.0.0",
            "--manifest",
            &manifest,
            "--notes",
            &notes,
            "--json",
        ],
    ));
    json(&plumbline(
        &db,
        &["apps", "update", &app, "--role", "developer", "--json"],
    ));
    let shown = json(&plumbline(
        &db,
        &[
            "versions",
            "show",
            "--app",
            &app,
            "--version",
            "2.0.0",
            "--json",
        ],
    ));
    assert_eq!(shown["offered"], serde_json::json!([]));
    for args in [
        vec!["versions", "promote", "--app", &app, "--version", "2.0.0"],
        vec![
            "versions",
            "add",
            "--app",
            &app,
            "--version",
            "2.1.0",
            "--manifest",
            &manifest,
        ],
    ] {
        let out = plumbline(&db, &args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("Developer"),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    json(&plumbline(
        &db,
        &[
            "apps",
            "update",
            &app,
            "--role",
            "admin",
            "--distribution",
            "custom",
            "--json",
        ],
    ));
    let promoted = json(&plumbline(
        &db,
        &[
            "versions",
            "promote",
            "--app",
            &app,
            "--version",
            "2.0.0",
            "--json",
        ],
    ));
    assert_eq!(
        promoted["offered"],
        serde_json::json!([]),
        "custom apps are not reviewed"
    );
    let out = plumbline(
        &db,
        &["versions", "submit", "--app", &app, "--version", "2.0.0"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not reviewed"));
}

#[test]
fn a_manifest_with_errors_is_saved_but_not_promoted() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let app = add_app(&db, "Punch List Pro");
    let bad = write(
        dir.path(),
        "bad.json",
        &GOOD.replace(
            "https://app.punchlist.example",
            "http://app.punchlist.example",
        ),
    );
    let notes = write(dir.path(), "notes.md", "Notes.");
    let added = json(&plumbline(
        &db,
        &[
            "versions",
            "add",
            "--app",
            &app,
            "--version",
            "1.0.0",
            "--manifest",
            &bad,
            "--notes",
            &notes,
            "--json",
        ],
    ));
    assert_eq!(
        added["findings"]["errors"][0]["pointer"],
        "/sidepanel/source_url"
    );
    let out = plumbline(
        &db,
        &["versions", "promote", "--app", &app, "--version", "1.0.0"],
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("fix it before promoting"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let good = write(dir.path(), "good.json", GOOD);
    json(&plumbline(
        &db,
        &[
            "versions",
            "edit",
            "--app",
            &app,
            "--version",
            "1.0.0",
            "--manifest",
            &good,
            "--json",
        ],
    ));
    assert_eq!(
        json(&plumbline(
            &db,
            &[
                "versions",
                "promote",
                "--app",
                &app,
                "--version",
                "1.0.0",
                "--json"
            ]
        ))["state"],
        "promoted"
    );
    // Not a manifest at all: refused, nothing stored.
    let junk = write(dir.path(), "junk.json", "<html>");
    let out = plumbline(
        &db,
        &[
            "versions",
            "add",
            "--app",
            &app,
            "--version",
            "1.1.0",
            "--manifest",
            &junk,
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(version_count(&db, &app), 1);
}

#[test]
fn least_privilege_is_judged_against_the_routes_the_app_is_known_to_call() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let app = add_app(&db, "Punch List Pro");
    // The app's source calls the RFIs and the Punch List, nothing else.
    let src = dir.path().join("src");
    std::fs::create_dir_all(&src).unwrap();
    std::fs::write(
        src.join("sync.js"),
        "await client.get(`/rest/v1.0/projects/${projectId}/rfis`);\nawait client.get(`/rest/v1.0/projects/${projectId}/punch_items`);\n",
    )
    .unwrap();
    json(&plumbline(
        &db,
        &["scan", src.to_str().unwrap(), "--app", &app, "--json"],
    ));
    let manifest = write(dir.path(), "m.json", GOOD);
    let out = plumbline(
        &db,
        &["manifest", "lint", &manifest, "--app", &app, "--json"],
    );
    assert_eq!(out.status.code(), Some(0), "warnings only");
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let unused: Vec<&str> = printed["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|w| w["code"] == "permission-unused")
        .map(|w| w["pointer"].as_str().unwrap())
        .collect();
    // photos and directory are never touched; punch_list is.
    assert_eq!(
        unused,
        [
            "/permissions/company/directory",
            "/permissions/project/photos"
        ]
    );
    // Without the app, nothing is known: no such warning.
    let plain: serde_json::Value =
        serde_json::from_slice(&plumbline(&db, &["manifest", "lint", &manifest, "--json"]).stdout)
            .unwrap();
    assert!(
        plain["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|w| w["code"] != "permission-unused")
    );
}
