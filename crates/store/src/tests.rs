use std::io::Write;

use plumbline_domain::{AppId, AppPatch, Environment, ErrorCode, NewApp, Role, UnixMillis};

use crate::{SCHEMA_VERSION, Store, StoreError, WindowGeometry};

fn new_app(name: &str) -> NewApp {
    NewApp {
        display_name: name.into(),
        procore_app_id: None,
        client_id: Some(" client-123 ".into()),
        environment: Environment::Production,
        role: Role::Owner,
    }
}

fn add(store: &Store, name: &str, at: i64) -> plumbline_domain::App {
    store
        .add_app(&new_app(name).validate().unwrap(), UnixMillis(at))
        .unwrap()
}

#[test]
fn apps_round_trip_through_a_file_and_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nested/profile.sqlite3");
    let id = {
        let store = Store::open(&path).unwrap();
        let app = add(&store, "Site Diary", 1_000);
        assert_eq!(
            app.client_id.as_deref(),
            Some("client-123"),
            "identifiers are trimmed"
        );
        assert_eq!(
            (app.created_at, app.updated_at),
            (UnixMillis(1_000), UnixMillis(1_000))
        );
        app.id
    };
    let store = Store::open(&path).unwrap();
    let apps = store.list_apps().unwrap();
    assert_eq!(apps.len(), 1);
    assert_eq!(
        (apps[0].id, apps[0].display_name.as_str()),
        (id, "Site Diary")
    );
    assert!(!apps[0].demo);
}

#[test]
fn connections_use_wal_normal_sync_and_foreign_keys() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    let pragma = |name: &str| -> String {
        store
            .conn
            .query_row(&format!("PRAGMA {name}"), [], |r| {
                r.get::<_, rusqlite::types::Value>(0)
            })
            .map(|v| format!("{v:?}"))
            .unwrap()
    };
    assert_eq!(pragma("journal_mode"), "Text(\"wal\")");
    assert_eq!(pragma("synchronous"), "Integer(1)", "1 is NORMAL");
    assert_eq!(pragma("foreign_keys"), "Integer(1)");
    assert_eq!(pragma("busy_timeout"), "Integer(5000)");
    assert_eq!(pragma("user_version"), format!("Integer({SCHEMA_VERSION})"));
}

#[test]
fn list_is_sorted_case_insensitively_with_demo_apps_last() {
    let mut store = Store::open_in_memory().unwrap();
    store.seed_demo_portfolio(UnixMillis(0)).unwrap();
    // Seeding only happens into an empty portfolio, so add the partner's apps afterwards.
    add(&store, "zeta", 1);
    add(&store, "Alpha", 2);
    add(&store, "beta", 3);
    let names: Vec<_> = store
        .list_apps()
        .unwrap()
        .into_iter()
        .map(|a| (a.display_name, a.demo))
        .collect();
    assert_eq!(
        &names[..3],
        &[
            ("Alpha".into(), false),
            ("beta".into(), false),
            ("zeta".into(), false)
        ]
    );
    assert!(names[3..].iter().all(|(_, demo)| *demo));
    assert_eq!(names.len(), 3 + crate::DEMO_APPS.len());
}

#[test]
fn update_changes_only_given_fields_and_bumps_updated_at() {
    let store = Store::open_in_memory().unwrap();
    let app = add(&store, "Old", 10);
    let renamed = store
        .update_app(
            app.id,
            &AppPatch {
                display_name: Some(" New ".into()),
                ..Default::default()
            },
            UnixMillis(20),
        )
        .unwrap();
    assert_eq!(
        (renamed.display_name.as_str(), renamed.role),
        ("New", Role::Owner)
    );
    let moved = store
        .update_app(
            app.id,
            &AppPatch {
                role: Some(Role::Developer),
                environment: Some(Environment::Federal),
                ..Default::default()
            },
            UnixMillis(30),
        )
        .unwrap();
    assert_eq!(
        (moved.display_name.as_str(), moved.role, moved.environment),
        ("New", Role::Developer, Environment::Federal)
    );
    assert_eq!(
        (moved.created_at, moved.updated_at),
        (UnixMillis(10), UnixMillis(30))
    );
}

#[test]
fn invalid_updates_and_missing_apps_are_refused_without_change() {
    let store = Store::open_in_memory().unwrap();
    let app = add(&store, "Keep", 1);
    let long = AppPatch {
        display_name: Some("x".repeat(10_000)),
        ..Default::default()
    };
    let err = store.update_app(app.id, &long, UnixMillis(2)).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid);
    assert_eq!(store.get_app(app.id).unwrap().display_name, "Keep");

    let missing = AppId(app.id.0 + 100);
    assert_eq!(
        store
            .update_app(missing, &AppPatch::default(), UnixMillis(3))
            .unwrap_err()
            .code(),
        ErrorCode::NotFound
    );
    assert!(matches!(store.remove_app(missing), Err(StoreError::AppNotFound(id)) if id == missing));
    store.remove_app(app.id).unwrap();
    assert!(store.list_apps().unwrap().is_empty());
}

#[test]
fn database_from_a_newer_plumbline_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("newer.sqlite3");
    {
        let conn = rusqlite::Connection::open(&path).unwrap();
        conn.execute_batch("CREATE TABLE future (x); PRAGMA user_version = 999;")
            .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a newer schema must be refused");
    assert_eq!(err.code(), ErrorCode::Conflict);
    let message = err.to_string();
    assert!(
        message.contains("newer Plumbline") && message.contains("999"),
        "{message}"
    );
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "the file must not be modified"
    );
    assert!(
        !dir.path().join("newer.sqlite3-wal").exists(),
        "WAL must not be switched on"
    );
}

#[test]
fn corrupt_file_is_refused_and_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("garbage.sqlite3");
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::File::create(&path)
        .unwrap()
        .write_all(&garbage)
        .unwrap();
    let err = Store::open(&path).err().expect("garbage must be refused");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains("left untouched"), "{err}");
    assert_eq!(std::fs::read(&path).unwrap(), garbage);
}

#[test]
fn damaged_database_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("damaged.sqlite3");
    {
        let store = Store::open(&path).unwrap();
        add(&store, "A", 1);
        store
            .conn
            .pragma_update(None, "journal_mode", "DELETE")
            .unwrap();
    }
    // Overwrite the schema page (page 1 after the 100-byte header) with noise.
    let mut bytes = std::fs::read(&path).unwrap();
    for b in &mut bytes[100..600] {
        *b = 0xA5;
    }
    std::fs::write(&path, &bytes).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a damaged schema must be refused");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert_eq!(std::fs::read(&path).unwrap(), bytes);
}

#[test]
fn two_openers_of_a_fresh_file_both_succeed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("race.sqlite3");
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let path = path.clone();
            std::thread::spawn(move || Store::open(&path).map(|_| ()))
        })
        .collect();
    for handle in handles {
        handle.join().unwrap().unwrap();
    }
}

#[test]
fn demo_portfolio_is_seeded_once_and_removable() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(store.seed_demo_portfolio(UnixMillis(5)).unwrap());
    assert!(store.has_demo_apps().unwrap());
    assert!(
        !store.seed_demo_portfolio(UnixMillis(6)).unwrap(),
        "seeded only once"
    );
    assert_eq!(store.list_apps().unwrap().len(), crate::DEMO_APPS.len());
    add(&store, "Mine", 7);
    assert_eq!(
        store.remove_demo_portfolio().unwrap(),
        crate::DEMO_APPS.len()
    );
    let left: Vec<_> = store
        .list_apps()
        .unwrap()
        .into_iter()
        .map(|a| a.display_name)
        .collect();
    assert_eq!(left, ["Mine"]);
    store.remove_app(store.list_apps().unwrap()[0].id).unwrap();
    assert!(
        !store.seed_demo_portfolio(UnixMillis(8)).unwrap(),
        "removed demo data stays removed"
    );
}

#[test]
fn demo_is_not_seeded_over_the_partners_own_apps() {
    let mut store = Store::open_in_memory().unwrap();
    add(&store, "Mine", 1);
    assert!(!store.seed_demo_portfolio(UnixMillis(2)).unwrap());
    assert!(!store.has_demo_apps().unwrap());
}

#[test]
fn window_geometry_round_trips_and_ignores_junk() {
    let store = Store::open_in_memory().unwrap();
    assert_eq!(store.window_geometry().unwrap(), None);
    let g = WindowGeometry {
        x: -20,
        y: 40,
        width: 1200,
        height: 780,
        maximized: true,
    };
    store.set_window_geometry(g).unwrap();
    assert_eq!(store.window_geometry().unwrap(), Some(g));
    store
        .set_preference("window.geometry", "not numbers")
        .unwrap();
    assert_eq!(store.window_geometry().unwrap(), None);
}

#[test]
fn profile_names_are_checked() {
    assert!(
        crate::default_db_path("work")
            .unwrap()
            .ends_with("profiles/work.sqlite3")
    );
    assert!(crate::default_db_path("../etc").is_err());
    assert!(crate::default_db_path("").is_err());
}

mod tracking {
    use plumbline_domain::{
        Account, AccountEndpoints, AccountError, Environment, ErrorCode, GrantType,
        InstallationKind, RateSnapshot, UnixMillis,
    };

    use super::add;
    use crate::{CompanySeen, Store};

    fn seen(ids: &[i64]) -> Vec<CompanySeen> {
        ids.iter()
            .map(|&id| CompanySeen {
                id,
                name: format!("Company {id}"),
                is_active: true,
            })
            .collect()
    }

    #[test]
    fn snapshots_diff_into_installs_and_uninstalls_and_repeat_records_nothing() {
        let mut store = Store::open_in_memory().unwrap();
        let app = add(&store, "Tracked", 1).id;
        let first = store
            .apply_snapshot(app, UnixMillis(100), &seen(&[1, 2, 3]))
            .unwrap();
        assert!(first.baseline && first.companies == 3 && first.installs == 0);
        let events = store.installation_events(app).unwrap();
        assert_eq!(events.len(), 3);
        assert!(
            events
                .iter()
                .all(|e| e.baseline && e.kind == InstallationKind::Install)
        );

        let second = store
            .apply_snapshot(app, UnixMillis(200), &seen(&[2, 3, 4, 5]))
            .unwrap();
        assert_eq!(
            (second.installs, second.uninstalls, second.baseline),
            (2, 1, false)
        );
        let events = store.installation_events(app).unwrap();
        let new: Vec<_> = events
            .iter()
            .filter(|e| e.at == UnixMillis(200))
            .map(|e| (e.company_id, e.kind))
            .collect();
        assert_eq!(
            new,
            [
                (4, InstallationKind::Install),
                (5, InstallationKind::Install),
                (1, InstallationKind::Uninstall)
            ]
        );
        // The window's recent changes leave the baseline out and tell it as one line.
        let recent: Vec<_> = store
            .recent_installation_events(app, 12)
            .unwrap()
            .into_iter()
            .map(|e| e.company_id)
            .collect();
        assert_eq!(recent.len(), 3, "{recent:?}");
        assert_eq!(
            store.installation_baseline(app).unwrap(),
            Some((3, UnixMillis(100)))
        );

        let snapshots = |s: &Store| -> i64 {
            s.conn
                .query_row("SELECT count(*) FROM snapshots", [], |r| r.get(0))
                .unwrap()
        };
        let before = (store.installation_events(app).unwrap(), snapshots(&store));
        let again = store
            .apply_snapshot(app, UnixMillis(300), &seen(&[5, 4, 3, 2]))
            .unwrap();
        assert!(!again.changed());
        assert_eq!(
            (store.installation_events(app).unwrap(), snapshots(&store)),
            before,
            "running twice records nothing new"
        );
        let installed: Vec<i64> = store
            .installed_companies(app)
            .unwrap()
            .iter()
            .map(|c| c.company_id)
            .collect();
        assert_eq!(installed, [2, 3, 4, 5]);
    }

    #[test]
    fn removing_an_app_removes_its_tracking() {
        let mut store = Store::open_in_memory().unwrap();
        let app = add(&store, "Gone", 1).id;
        store
            .apply_snapshot(app, UnixMillis(1), &seen(&[1]))
            .unwrap();
        store.remove_app(app).unwrap();
        let left: i64 = store.conn.query_row("SELECT (SELECT count(*) FROM installation_events) + (SELECT count(*) FROM installed_companies) + (SELECT count(*) FROM snapshots)", [], |r| r.get(0)).unwrap();
        assert_eq!(left, 0);
    }

    #[test]
    fn accounts_round_trip_with_sync_state() {
        let store = Store::open_in_memory().unwrap();
        let app = add(&store, "Connected", 1).id;
        let account = Account {
            app_id: app,
            endpoints: AccountEndpoints::Custom {
                login_url: "http://127.0.0.1:1".into(),
                api_url: "http://127.0.0.1:1".into(),
                docs_url: "http://127.0.0.1:1".into(),
            },
            client_id: "cid".into(),
            grant: GrantType::ClientCredentials,
            connected_at: UnixMillis(5),
            last_sync_at: None,
            last_error: None,
            rate: None,
        };
        store.save_account(&account).unwrap();
        assert_eq!(store.account(app).unwrap(), Some(account.clone()));
        let rate = RateSnapshot {
            limit: 3600,
            remaining: 3590,
            reset: UnixMillis(9_000),
        };
        store
            .record_sync_success(app, UnixMillis(10), Some(rate))
            .unwrap();
        let error = AccountError {
            code: ErrorCode::Offline,
            message: "Procore could not be reached".into(),
            at: UnixMillis(20),
        };
        store.record_sync_error(app, &error, None).unwrap();
        let stored = store.account(app).unwrap().unwrap();
        assert_eq!(
            stored.last_sync_at,
            Some(UnixMillis(10)),
            "a failure keeps the last good sync"
        );
        assert_eq!(stored.rate, Some(rate));
        assert_eq!(
            stored
                .last_error
                .as_ref()
                .map(|e| (e.code, e.message.as_str())),
            Some((ErrorCode::Offline, "Procore could not be reached"))
        );
        assert_eq!(
            stored.last_error.as_ref().map(|e| e.at),
            Some(UnixMillis(20))
        );
        assert_eq!(store.failing_since(app).unwrap(), Some(UnixMillis(20)));
        let overview = store.connection_overview().unwrap();
        assert_eq!(
            (overview[0].companies, overview[0].last_sync_at),
            (0, Some(UnixMillis(10))),
            "the installed-company count is its own column"
        );

        let known = Account {
            endpoints: AccountEndpoints::Known {
                environment: Environment::Federal,
            },
            grant: GrantType::AuthorizationCode,
            ..account
        };
        store.save_account(&known).unwrap();
        let reloaded = store.account(app).unwrap().unwrap();
        assert_eq!(
            (reloaded.endpoints, reloaded.grant, reloaded.last_error),
            (known.endpoints, GrantType::AuthorizationCode, None)
        );
        assert_eq!(
            store.failing_since(app).unwrap(),
            None,
            "reconnecting starts afresh"
        );
        assert!(store.remove_account(app).unwrap());
        assert_eq!(store.accounts().unwrap(), []);
    }

    #[test]
    fn no_secret_columns_exist() {
        let store = Store::open_in_memory().unwrap();
        let columns: Vec<String> = store
            .conn
            .prepare("SELECT name FROM pragma_table_info('accounts')")
            .unwrap()
            .query_map([], |r| r.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        assert!(
            columns
                .iter()
                .all(|c| !c.contains("secret") && !c.contains("token")),
            "{columns:?}"
        );
    }
}

#[test]
fn a_reader_sees_the_last_commit_while_the_writer_holds_a_transaction() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("p.sqlite3");
    let mut writer = Store::open(&path).expect("open");
    let first = add(&writer, "First", 1);
    let reader = Store::open_reader(&path).expect("reader");

    // An import's transaction, not yet committed: the reader neither waits nor sees it.
    let tx = writer.conn.transaction().expect("begin");
    tx.execute(
        "UPDATE apps SET display_name = 'Renamed' WHERE id = ?1",
        [first.id.0],
    )
    .expect("write");
    let started = std::time::Instant::now();
    let apps = reader.list_apps().expect("read beside the writer");
    assert!(started.elapsed() < std::time::Duration::from_secs(1));
    assert_eq!(apps.len(), 1);
    assert_eq!(apps[0].display_name, "First");
    tx.commit().expect("commit");
    assert_eq!(reader.list_apps().expect("read")[0].display_name, "Renamed");

    // It cannot write.
    let second = new_app("Second").validate().expect("valid");
    assert!(reader.add_app(&second, UnixMillis(2)).is_err());
}

#[test]
fn demo_apps_have_versions_through_the_lifecycle_with_release_marks() {
    use plumbline_domain::{AnnotationKind, Day, VersionState};
    let mut store = Store::open_in_memory().unwrap();
    let now = UnixMillis(1_796_000_000_000);
    assert!(store.seed_demo_portfolio(now).unwrap());
    let apps = store.list_apps().unwrap();
    let punch = apps
        .iter()
        .find(|a| a.display_name == "Punch List Pro")
        .unwrap();
    let versions = store.versions(punch.id).unwrap();
    let states: Vec<_> = versions
        .iter()
        .map(|v| (v.version.as_str(), v.state))
        .collect();
    assert_eq!(
        states,
        [
            ("1.2.0", VersionState::ReadyForTesting),
            ("1.1.0", VersionState::Approved),
            ("1.0.0", VersionState::Approved),
        ]
    );
    assert_eq!(versions[1].history.len(), 4);
    let marks = store
        .annotations(
            crate::Scope::App(punch.id),
            Day::of(now).plus(-500),
            Day::of(now),
        )
        .unwrap();
    let releases: Vec<_> = marks
        .iter()
        .filter(|m| m.kind == AnnotationKind::Release)
        .map(|m| (m.day, m.text.as_str()))
        .collect();
    assert_eq!(
        releases,
        [
            (Day::of(now).plus(-400), "Version 1.0.0 promoted"),
            (Day::of(now).plus(-70), "Version 1.1.0 promoted"),
        ]
    );
    let developer = apps.iter().find(|a| a.role == Role::Developer).unwrap();
    assert!(store.versions(developer.id).unwrap().is_empty());
    let listing = store
        .listing(punch.id, crate::Snapshot::Draft)
        .unwrap()
        .unwrap();
    assert_eq!(
        (listing.name.as_str(), listing.features.len()),
        ("Punch List Pro", 3)
    );
}
