//! `plumbline files export|import` and `plumbline listing lint`, as a real process on real
//! folders: export, import, export is byte-identical; an invalid file writes nothing and is
//! named with its line.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use support::{json, plumbline, version_count};

const GOOD: &str = include_str!("../../manifest/tests/data/good-4.1.json");

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0]);
    bytes
}

fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(
                    path.strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

/// A folder as a team would commit it, written by hand.
fn team_folder(dir: &Path) {
    let l = dir.join("listing");
    std::fs::create_dir_all(l.join("screenshots")).unwrap();
    std::fs::write(dir.join("app.json"), "{\"name\": \"Punch List Pro\", \"procore_app_id\": \"991\", \"environment\": \"production\", \"role\": \"admin\"}").unwrap();
    std::fs::write(l.join("name.txt"), "Punch List Pro\n").unwrap();
    std::fs::write(l.join("tagline.txt"), "Punch lists with photos, synced.\n").unwrap();
    std::fs::write(
        l.join("summary.md"),
        format!(
            "{}\n",
            "Punch lists that stay in step with Procore. ".repeat(6)
        ),
    )
    .unwrap();
    std::fs::write(
        l.join("how_it_works.md"),
        "Install it and enter your tenant.\n",
    )
    .unwrap();
    std::fs::write(l.join("features.txt"), "Photos\nSign-off\nTwo-way sync\n").unwrap();
    std::fs::write(l.join("logo.png"), png(200, 200)).unwrap();
    for (i, name) in ["a.png", "b.png", "c.png"].iter().enumerate() {
        std::fs::write(
            l.join("screenshots").join(name),
            png(1280, 720 + u32::try_from(i).unwrap()),
        )
        .unwrap();
    }
    std::fs::write(l.join("listing.json"), r#"{"categories": ["Quality & Safety"], "contact": {"button": "contact_us", "email": "sales@punchlist.example"}, "installation": "allow", "built_by": "Punch List Pro Inc.", "pricing": {"free_trial": true}, "regions": ["North America"], "support_email": "help@punchlist.example"}"#).unwrap();
    let v = dir.join("versions/1.0.0");
    std::fs::create_dir_all(&v).unwrap();
    std::fs::write(v.join("manifest.json"), GOOD).unwrap();
    std::fs::write(v.join("release_notes.md"), "First release.\n").unwrap();
    std::fs::write(v.join("state.json"), r#"{"state": "in_review", "history": [
        {"state": "ready_for_testing", "role": "admin", "at": "2026-11-01T09:00:00.000Z"},
        {"action": "promote", "state": "promoted", "role": "admin", "at": "2026-11-02T09:00:00.000Z"},
        {"action": "submit", "state": "in_review", "role": "owner", "at": "2026-11-02T09:05:00.000Z"}]}"#).unwrap();
}

#[test]
fn a_team_folder_imports_then_exports_byte_identically() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let team = dir.path().join("team");
    team_folder(&team);
    let lint = plumbline(&db, &["listing", "lint", team.to_str().unwrap(), "--json"]);
    assert_eq!(
        lint.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&lint.stdout)
    );

    let imported = import(&db, &team);
    assert_eq!(imported["created"], true);
    let changes: Vec<&str> = imported["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    assert_eq!(
        changes,
        [
            "added the app \"Punch List Pro\"",
            "version 1.0.0 added (In Review)",
            "listing draft added"
        ]
    );
    let app = imported["app"].as_i64().unwrap().to_string();
    let shown = json(&plumbline(
        &db,
        &[
            "versions",
            "show",
            "--app",
            &app,
            "--version",
            "1.0.0",
            "--json",
        ],
    ));
    assert_eq!(shown["manifest"], GOOD);
    assert_eq!(shown["history"][2]["role"], "Owner");

    let (first, second) = (dir.path().join("first"), dir.path().join("second"));
    json(&plumbline(
        &db,
        &[
            "files",
            "export",
            "--app",
            &app,
            "--dir",
            first.to_str().unwrap(),
            "--json",
        ],
    ));
    let again = import(&db, &first);
    assert_eq!(
        (
            again["created"].as_bool(),
            again["changes"].as_array().map(Vec::len)
        ),
        (Some(false), Some(0)),
        "{again}"
    );
    json(&plumbline(
        &db,
        &[
            "files",
            "export",
            "--app",
            &app,
            "--dir",
            second.to_str().unwrap(),
            "--json",
        ],
    ));
    assert_eq!(tree(&first), tree(&second));
    assert!(tree(&first).contains_key("listing/screenshots/01-a.png"));
    assert_eq!(
        tree(&first)["versions/1.0.0/manifest.json"],
        GOOD.as_bytes()
    );

    // Editing a file in git and importing says what changed.
    std::fs::write(first.join("listing/tagline.txt"), "Punch lists, synced.\n").unwrap();
    let edited = import(&db, &first);
    assert_eq!(edited["changes"][0], "listing draft: tagline");

    // A version the folder does not mention stays, and the report says so.
    let manifest = dir.path().join("m.json");
    std::fs::write(&manifest, GOOD).unwrap();
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
            manifest.to_str().unwrap(),
            "--json",
        ],
    ));
    let kept = import(&db, &first);
    assert_eq!(
        kept["changes"],
        serde_json::json!(["version 2.0.0 kept (not in the folder)"])
    );
    assert_eq!(version_count(&db, &app), 2);
}

#[test]
fn an_invalid_file_writes_nothing_and_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let team = dir.path().join("team");
    team_folder(&team);
    for (file, text, expected) in [
        (
            "versions/1.0.0/state.json",
            "{\n  \"state\": \"approved\",\n  \"history\": [}\n",
            "state.json, line 3",
        ),
        (
            "versions/1.0.0/state.json",
            r#"{"state": "approved", "history": [{"state": "ready_for_testing", "role": "admin", "at": "2026-11-01T09:00:00.000Z"}, {"action": "approve", "state": "approved", "role": "admin", "at": "2026-11-01T10:00:00.000Z"}]}"#,
            "not a move the portal allows",
        ),
        (
            "versions/1.0.0/manifest.json",
            "{\n  \"schema_version\": \"4.1\",\n  oops\n}\n",
            "manifest.json, line 3",
        ),
        (
            "listing/listing.json",
            "{\n\n  \"categories\": 3\n}",
            "listing.json, line 3",
        ),
    ] {
        let original = std::fs::read(team.join(file)).unwrap();
        std::fs::write(team.join(file), text).unwrap();
        let out = plumbline(&db, &["files", "import", "--dir", team.to_str().unwrap()]);
        assert_eq!(out.status.code(), Some(1), "{file}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(
            stderr.contains(expected) && stderr.contains("Nothing was imported"),
            "{file}: {stderr}"
        );
        std::fs::write(team.join(file), original).unwrap();
    }
    let apps = json(&plumbline(&db, &["apps", "list", "--json"]));
    assert_eq!(apps.as_array().unwrap().len(), 0, "nothing half-imported");
}

#[test]
fn listing_lint_exits_1_on_errors_with_fields() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let team = dir.path().join("team");
    team_folder(&team);
    std::fs::write(
        team.join("listing/name.txt"),
        format!("{}\n", "n".repeat(31)),
    )
    .unwrap();
    std::fs::write(team.join("listing/logo.png"), png(100_000, 100_000)).unwrap();
    let out = plumbline(
        &db,
        &[
            "listing",
            "lint",
            team.join("listing").to_str().unwrap(),
            "--json",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let printed: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let errors: Vec<(&str, &str)> = printed["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| (e["field"].as_str().unwrap(), e["code"].as_str().unwrap()))
        .collect();
    assert_eq!(errors, [("name", "too-long"), ("logo", "logo-size")]);
    assert_eq!(
        printed["errors"][0].as_object().unwrap().len(),
        3,
        "field, code, message"
    );
}

/// `plumbline files import --dir DIR --json`, which must succeed.
fn import(db: &Path, dir: &Path) -> serde_json::Value {
    json(&plumbline(
        db,
        &["files", "import", "--dir", dir.to_str().unwrap(), "--json"],
    ))
}
