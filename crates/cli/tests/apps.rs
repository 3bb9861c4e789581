//! The `plumbline apps` commands, run as a real process against a real database file.

mod support;

use std::process::Command;

use support::{json, plumbline};

#[test]
fn add_list_update_remove_round_trip() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let added = json(&plumbline(
        &db,
        &[
            "apps",
            "add",
            "Site Diary",
            "--role",
            "admin",
            "--env",
            "monthly-sandbox",
            "--json",
        ],
    ));
    assert_eq!(added["displayName"], "Site Diary");
    assert_eq!(added["role"], "Admin");
    assert_eq!(added["environment"], "monthlySandbox");
    let id = added["id"].as_i64().unwrap();

    let listed = json(&plumbline(&db, &["apps", "list", "--json"]));
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["id"], id);

    let text = plumbline(&db, &["apps", "list"]);
    let text = String::from_utf8(text.stdout).unwrap();
    assert!(
        text.contains("Site Diary") && text.contains("admin") && text.contains("monthly-sandbox"),
        "{text}"
    );

    let updated = json(&plumbline(
        &db,
        &[
            "apps",
            "update",
            &id.to_string(),
            "--name",
            "Diary",
            "--json",
        ],
    ));
    assert_eq!(updated["displayName"], "Diary");
    assert_eq!(updated["role"], "Admin");

    let removed = json(&plumbline(
        &db,
        &["--json", "apps", "remove", &id.to_string()],
    ));
    assert_eq!(removed["removed"], id);
    assert_eq!(
        json(&plumbline(&db, &["apps", "list", "--json"])),
        serde_json::json!([])
    );
}

#[test]
fn bad_usage_exits_2() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    for args in [
        &["apps", "add"][..],
        &["apps", "add", "X", "--role", "boss"],
        &["apps", "frobnicate"],
        &["apps", "remove", "abc"],
    ] {
        let out = plumbline(&db, args);
        assert_eq!(
            out.status.code(),
            Some(2),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let out = plumbline(&db, &["apps", "add", "X", "--role", "boss"]);
    assert!(String::from_utf8_lossy(&out.stderr).contains("owner, admin, developer"));
}

#[test]
fn failures_exit_1_with_one_line_on_stderr() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let long = "x".repeat(10_000);
    for (args, expected) in [
        (vec!["apps", "remove", "42"], "No app with id 42"),
        (vec!["apps", "add", long.as_str()], "10000 characters"),
        (
            vec!["apps", "add", "ok", "--client-id", "has space"],
            "client id",
        ),
    ] {
        let out = plumbline(&db, &args);
        assert_eq!(out.status.code(), Some(1));
        let stderr = String::from_utf8(out.stderr).unwrap();
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(
            stderr.starts_with("plumbline: ") && stderr.contains(expected),
            "{stderr}"
        );
        assert!(out.stdout.is_empty());
    }
    // Nothing was written by the refused commands.
    assert_eq!(
        json(&plumbline(&db, &["apps", "list", "--json"])),
        serde_json::json!([])
    );
}

#[test]
fn a_corrupt_database_is_reported_in_one_line_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("broken.sqlite3");
    std::fs::write(
        &db,
        b"this is not a database, it is a shopping list\n".repeat(200),
    )
    .unwrap();
    let before = std::fs::read(&db).unwrap();
    let out = plumbline(&db, &["apps", "list"]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8(out.stderr).unwrap();
    assert!(
        stderr.contains("not a Plumbline database") && stderr.lines().count() == 1,
        "{stderr}"
    );
    assert_eq!(std::fs::read(&db).unwrap(), before);
}

#[test]
fn db_env_var_is_honoured() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("env.sqlite3");
    let out = Command::new(env!("CARGO_BIN_EXE_plumbline"))
        .args(["apps", "add", "From env", "--json"])
        .env("PLUMBLINE_DB", &db)
        .output()
        .unwrap();
    assert!(out.status.success());
    assert_eq!(
        json(&plumbline(&db, &["apps", "list", "--json"]))[0]["displayName"],
        "From env"
    );
}

#[test]
fn db_backup_and_restore_round_trip_and_keep_the_previous_contents() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    json(&plumbline(&db, &["apps", "add", "Kept", "--json"]));
    let copy = dir.path().join("copy.sqlite3");
    json(&plumbline(
        &db,
        &["db", "backup", copy.to_str().unwrap(), "--json"],
    ));
    let again = plumbline(&db, &["db", "backup", copy.to_str().unwrap()]);
    assert_eq!(
        again.status.code(),
        Some(1),
        "a backup never replaces a file"
    );
    json(&plumbline(&db, &["apps", "add", "Later", "--json"]));
    let restored = json(&plumbline(
        &db,
        &["db", "restore", copy.to_str().unwrap(), "--json"],
    ));
    assert!(
        restored["previous"]
            .as_str()
            .unwrap()
            .ends_with("p.sqlite3.before-restore")
    );
    let names: Vec<String> = json(&plumbline(&db, &["apps", "list", "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["displayName"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(names, ["Kept"]);
    let before = dir.path().join("p.sqlite3.before-restore");
    let previous: Vec<String> = json(&plumbline(&before, &["apps", "list", "--json"]))
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["displayName"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        previous.len(),
        2,
        "the replaced contents are kept: {previous:?}"
    );
    let junk = dir.path().join("junk.txt");
    std::fs::write(&junk, "hello").unwrap();
    let refused = plumbline(&db, &["db", "restore", junk.to_str().unwrap()]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("not a Plumbline database")
            || String::from_utf8_lossy(&refused.stderr).contains("damaged"),
        "{}",
        String::from_utf8_lossy(&refused.stderr)
    );
}
