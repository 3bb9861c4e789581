//! Upgrades keep a copy and are all-or-nothing; the partner's backup and restore.

#![allow(clippy::unwrap_used)]

use std::path::Path;

use plumbline_domain::{NewApp, UnixMillis};
use plumbline_store::{SCHEMA_VERSION, Store, StoreError};
use rusqlite::Connection;

const MIGRATIONS: [&str; 8] = [
    include_str!("../src/migrations/0001_apps.sql"),
    include_str!("../src/migrations/0002_accounts_installations.sql"),
    include_str!("../src/migrations/0003_deprecation_signals.sql"),
    include_str!("../src/migrations/0004_metrics.sql"),
    include_str!("../src/migrations/0005_deprecation_watch.sql"),
    include_str!("../src/migrations/0006_alerts.sql"),
    include_str!("../src/migrations/0007_surge_episodes.sql"),
    include_str!("../src/migrations/0008_rest_coverage.sql"),
];

/// A database as schema 8 wrote it, with one app.
fn version_8(path: &Path, extra_sql: &str) {
    let conn = Connection::open(path).unwrap();
    for sql in MIGRATIONS {
        conn.execute_batch(sql).unwrap();
    }
    conn.execute_batch(
        "INSERT INTO apps (display_name, environment, role, created_at, updated_at)
         VALUES ('Site Diary', 'production', 'owner', 1, 1);",
    )
    .unwrap();
    conn.execute_batch(extra_sql).unwrap();
    conn.pragma_update(None, "user_version", 8).unwrap();
}

fn version_of(path: &Path) -> u32 {
    Connection::open(path)
        .unwrap()
        .query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

#[test]
fn an_upgrade_keeps_a_copy_of_the_file_as_it_was_and_only_the_last_three() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    version_8(&path, "");
    for old in 1..=5 {
        std::fs::write(dir.path().join(format!("p.sqlite3.bak-{old}")), b"old copy").unwrap();
    }
    let store = Store::open(&path).unwrap();
    assert_eq!(version_of(&path), SCHEMA_VERSION);
    assert_eq!(
        store.list_apps().unwrap()[0].display_name,
        "Site Diary",
        "every row still there"
    );
    let copy = dir.path().join("p.sqlite3.bak-8");
    assert_eq!(
        version_of(&copy),
        8,
        "the copy is the file before the upgrade"
    );
    let names: Vec<String> = {
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains(".bak-"))
            .collect();
        names.sort();
        names
    };
    assert_eq!(
        names,
        ["p.sqlite3.bak-4", "p.sqlite3.bak-5", "p.sqlite3.bak-8"]
    );
    // Opening again (nothing to upgrade) takes no copy.
    drop(store);
    Store::open(&path).unwrap();
    assert!(
        !dir.path()
            .join(format!("p.sqlite3.bak-{SCHEMA_VERSION}"))
            .exists()
    );
}

#[test]
fn a_failing_upgrade_leaves_the_file_as_it_was_and_says_what_to_do() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    // A table in the way of migration 9 (made by hand, say): its CREATE TABLE fails after
    // its ALTER TABLE has run, inside the same transaction.
    version_8(&path, "CREATE TABLE app_versions (x INTEGER);");
    let err = Store::open(&path).err().expect("the upgrade fails");
    assert!(
        matches!(
            err,
            StoreError::Migration {
                from: 8,
                step: 9,
                ..
            }
        ),
        "{err:?}"
    );
    assert!(err.to_string().contains("left as it was"), "{err}");
    assert_eq!(version_of(&path), 8);
    let conn = Connection::open(&path).unwrap();
    let columns: Vec<String> = conn
        .prepare("SELECT name FROM pragma_table_info('apps')")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(
        !columns.contains(&"distribution".to_owned()),
        "the ALTER TABLE was rolled back"
    );
    assert!(dir.path().join("p.sqlite3.bak-8").exists());
}

#[test]
fn backup_and_restore() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    let mut store = Store::open(&path).unwrap();
    store
        .add_app(&NewApp::named("Kept").validate().unwrap(), UnixMillis(1))
        .unwrap();
    let copy = dir.path().join("copy.sqlite3");
    store.backup_to(&copy).unwrap();
    assert!(
        store
            .backup_to(&copy)
            .unwrap_err()
            .to_string()
            .contains("already exists")
    );
    store
        .add_app(&NewApp::named("Later").validate().unwrap(), UnixMillis(2))
        .unwrap();
    let reader = Store::open_reader(&path).unwrap();
    assert_eq!(reader.list_apps().unwrap().len(), 2);
    store.restore_from(&copy).unwrap();
    let names = |s: &Store| {
        s.list_apps()
            .unwrap()
            .into_iter()
            .map(|a| a.display_name)
            .collect::<Vec<_>>()
    };
    assert_eq!(names(&store), ["Kept"]);
    assert_eq!(
        names(&reader),
        ["Kept"],
        "another connection sees the restored data"
    );

    // Not a database, or a newer one: refused, nothing changed.
    let junk = dir.path().join("junk.sqlite3");
    std::fs::write(
        &junk,
        b"not a database at all, just text that is long enough",
    )
    .unwrap();
    assert!(matches!(
        store.restore_from(&junk).unwrap_err(),
        StoreError::Corrupt { .. }
    ));
    let newer = dir.path().join("newer.sqlite3");
    store.backup_to(&newer).unwrap();
    Connection::open(&newer)
        .unwrap()
        .pragma_update(None, "user_version", SCHEMA_VERSION + 1)
        .unwrap();
    assert!(matches!(
        store.restore_from(&newer).unwrap_err(),
        StoreError::NewerSchema { .. }
    ));
    assert_eq!(names(&store), ["Kept"]);
}
