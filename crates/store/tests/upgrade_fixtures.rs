//! Databases written by every earlier schema version, by that version's own code, open in this
//! build: each goes straight to the current schema after a copy of the file as it was is kept,
//! and every row is still there and still means the same. (That the pending steps are one
//! transaction, rolled back whole when one fails, is `backup.rs`'s test.)
//!
//! The fixtures (`tests/fixtures/upgrade/vN.sqlite3`) were written by the `plumbline` CLI of the
//! last commit at each schema version, plus the rows it could not write; `make.sh` beside them
//! is the only way they are made (README.md there). Nothing here hard-codes what they hold:
//! every expectation is read from the fixture itself before the store opens it.

#![allow(clippy::unwrap_used)]

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use plumbline_domain::{
    AccountEndpoints, AppId, DailyMetric, Day, Distribution, MetricSource, UnixMillis,
};
use plumbline_store::backup::upgrade_copy_path;
use plumbline_store::{
    Bucket, BucketSums, CompanySeen, Mute, QuietHours, SCHEMA_VERSION, Scope, Snapshot, Store,
    WindowGeometry,
};
use rusqlite::types::Value;
use rusqlite::{Connection, OpenFlags, Row};

fn fixture(version: u32) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/fixtures/upgrade/v{version}.sqlite3"))
}

/// Rows of `sql` on a raw connection, one `T` each.
fn query<T>(
    conn: &Connection,
    sql: &str,
    f: impl FnMut(&Row<'_>) -> rusqlite::Result<T>,
) -> Vec<T> {
    let mut stmt = conn.prepare(sql).unwrap();
    stmt.query_map([], f)
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// Rows of `sql` on a raw connection, each as a tuple of its columns.
fn all<T>(conn: &Connection, sql: &str) -> Vec<T>
where
    T: for<'a> TryFrom<&'a Row<'a>, Error = rusqlite::Error>,
{
    query(conn, sql, |r| T::try_from(r))
}

fn user_version(conn: &Connection) -> u32 {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
        .unwrap()
}

fn tables(conn: &Connection) -> Vec<String> {
    query(
        conn,
        "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'
         ORDER BY name",
        |r| r.get(0),
    )
}

fn columns(conn: &Connection, table: &str) -> Vec<String> {
    query(
        conn,
        &format!("SELECT name FROM pragma_table_info('{table}')"),
        |r| r.get(0),
    )
}

/// Every row of `table`, the given columns only, in one stable order.
fn rows(conn: &Connection, table: &str, columns: &[String]) -> Vec<Vec<Value>> {
    let list = columns
        .iter()
        .map(|c| format!("\"{c}\""))
        .collect::<Vec<_>>()
        .join(", ");
    let order = (1..=columns.len())
        .map(|i| i.to_string())
        .collect::<Vec<_>>()
        .join(", ");
    query(
        conn,
        &format!("SELECT {list} FROM \"{table}\" ORDER BY {order}"),
        |r| (0..columns.len()).map(|i| r.get::<_, Value>(i)).collect(),
    )
}

/// A table as the fixture holds it.
struct Table {
    columns: Vec<String>,
    rows: Vec<Vec<Value>>,
}

fn contents(conn: &Connection) -> BTreeMap<String, Table> {
    tables(conn)
        .into_iter()
        .map(|name| {
            let columns = columns(conn, &name);
            let rows = rows(conn, &name, &columns);
            (name, Table { columns, rows })
        })
        .collect()
}

/// A fixture opened by this build, with a pristine copy of it to read the expectations from.
struct Upgraded {
    version: u32,
    _dir: tempfile::TempDir,
    path: PathBuf,
    /// The fixture as it was, never opened by the store.
    before: Connection,
    /// Its tables as they were, read before the store opened the file.
    tables: BTreeMap<String, Table>,
    /// The upgraded file, read beside the store.
    after: Connection,
    store: Store,
}

impl Upgraded {
    fn had(&self, table: &str) -> bool {
        self.tables.contains_key(table)
    }

    /// The apps as the fixture lists them.
    fn app_ids(&self) -> Vec<AppId> {
        query(&self.before, "SELECT id FROM apps ORDER BY id", |r| {
            Ok(AppId(r.get(0)?))
        })
    }
}

fn open(version: u32) -> Upgraded {
    let fixture = fixture(version);
    assert!(
        fixture.exists(),
        "no fixture for schema {version}: run crates/store/tests/fixtures/upgrade/make.sh {version}"
    );
    let dir = tempfile::tempdir().unwrap();
    let pristine = dir.path().join("before.sqlite3");
    let path = dir.path().join("profile.sqlite3");
    std::fs::copy(&fixture, &pristine).unwrap();
    std::fs::copy(&fixture, &path).unwrap();
    let before = Connection::open_with_flags(&pristine, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    assert_eq!(
        user_version(&before),
        version,
        "{} is schema {version}",
        fixture.display()
    );
    let tables = contents(&before);

    let store = Store::open(&path)
        .unwrap_or_else(|e| panic!("a schema {version} file does not open in this build: {e}"));
    let after = Connection::open(&path).unwrap();
    Upgraded {
        version,
        _dir: dir,
        path,
        before,
        tables,
        after,
        store,
    }
}

/// Everything this file checks, for one fixture.
fn upgrades(version: u32) {
    let u = open(version);
    upgraded_in_one_step_with_a_copy(&u);
    every_row_is_still_there(&u);
    the_schema_is_a_new_profiles(&u);
    apps(&u);
    preferences(&u);
    if u.had("accounts") {
        connections(&u);
    }
    if u.had("deprecation_signals") {
        deprecation_signals(&u);
    }
    if u.had("daily_metrics") {
        metrics(&u);
    } else {
        metrics_from_installation_events(&u);
    }
    rollups_sum_the_days(&u);
    if u.had("reference_revisions") {
        deprecation_watch(&u);
    }
    if u.had("alerts") {
        alerts(&u);
    }
    if u.had("surge_episodes") {
        surge_episodes(&u);
    }
    versions_and_listing_start_empty(&u);
    the_upgraded_file_keeps_working(u);
}

macro_rules! fixtures {
    ($($name:ident: $version:expr,)*) => {
        $(
            #[test]
            fn $name() {
                upgrades($version);
            }
        )*
    };
}

fixtures! {
    schema_1_upgrades: 1,
    schema_2_upgrades: 2,
    schema_3_upgrades: 3,
    schema_4_upgrades: 4,
    schema_5_upgrades: 5,
    schema_6_upgrades: 6,
    schema_7_upgrades: 7,
    schema_8_upgrades: 8,
}

#[test]
fn every_earlier_schema_version_has_a_fixture() {
    for version in 1..SCHEMA_VERSION {
        assert!(
            fixture(version).exists(),
            "no fixture for schema {version}: add its commit to make.sh, run it, and a test above"
        );
    }
}

fn upgraded_in_one_step_with_a_copy(u: &Upgraded) {
    assert_eq!(
        user_version(&u.after),
        SCHEMA_VERSION,
        "schema {}",
        u.version
    );
    let copy = upgrade_copy_path(&u.path, u.version);
    assert!(copy.exists(), "no {} after upgrading", copy.display());
    let copy = Connection::open_with_flags(&copy, OpenFlags::SQLITE_OPEN_READ_ONLY).unwrap();
    assert_eq!(
        user_version(&copy),
        u.version,
        "the copy is the file before the upgrade"
    );
    let copied = contents(&copy);
    assert_eq!(
        copied.keys().collect::<Vec<_>>(),
        u.tables.keys().collect::<Vec<_>>()
    );
    for (name, table) in &u.tables {
        assert_eq!(copied[name].rows, table.rows, "{name} in the copy");
    }
}

/// Every table of the fixture has as many rows as before, each with the same values in the
/// columns it had (migrations only ever add columns and tables).
fn every_row_is_still_there(u: &Upgraded) {
    for (name, table) in &u.tables {
        assert!(
            !table.rows.is_empty(),
            "the schema {} fixture has no {name} rows",
            u.version
        );
        let count: i64 = u
            .after
            .query_row(&format!("SELECT count(*) FROM \"{name}\""), [], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(
            count as usize,
            table.rows.len(),
            "rows of {name} from schema {}",
            u.version
        );
        assert_eq!(
            rows(&u.after, name, &table.columns),
            table.rows,
            "{name} from schema {}",
            u.version
        );
    }
}

/// The upgraded file has exactly the tables, columns, indexes and views a new profile gets.
fn the_schema_is_a_new_profiles(u: &Upgraded) {
    let fresh_path = u.path.with_file_name("fresh.sqlite3");
    drop(Store::open(&fresh_path).unwrap());
    let fresh = Connection::open(&fresh_path).unwrap();
    let schema = |conn: &Connection| {
        query(
            conn,
            "SELECT type, name, tbl_name, sql FROM sqlite_schema ORDER BY type, name",
            |r| {
                Ok((
                    r.get::<_, String>(0)?,
                    r.get::<_, String>(1)?,
                    r.get::<_, String>(2)?,
                    r.get::<_, Option<String>>(3)?,
                ))
            },
        )
    };
    assert_eq!(
        schema(&u.after),
        schema(&fresh),
        "schema {} upgraded",
        u.version
    );
}

fn apps(u: &Upgraded) {
    type RawApp = (
        i64,
        String,
        Option<String>,
        Option<String>,
        String,
        String,
        bool,
        i64,
        i64,
    );
    let raw: Vec<RawApp> = all(
        &u.before,
        "SELECT id, display_name, procore_app_id, client_id, environment, role, demo, created_at,
                updated_at FROM apps ORDER BY id",
    );
    let listed = u.store.list_apps().unwrap();
    assert_eq!(listed.len(), raw.len());
    for (id, name, procore_id, client_id, environment, role, demo, created, updated) in raw {
        let app = u.store.get_app(AppId(id)).unwrap();
        assert_eq!(app.display_name, name);
        assert_eq!(app.procore_app_id, procore_id, "{name}");
        assert_eq!(app.client_id, client_id, "{name}");
        assert_eq!(app.environment.as_str(), environment, "{name}");
        assert_eq!(app.role.as_str(), role, "{name}");
        assert_eq!(app.demo, demo, "{name}");
        assert_eq!(
            (app.created_at, app.updated_at),
            (UnixMillis(created), UnixMillis(updated))
        );
        // Schema 9 added the distribution: every app from before it is a Marketplace app.
        assert_eq!(app.distribution, Distribution::Marketplace, "{name}");
    }
    let demo: Vec<AppId> = query(
        &u.before,
        "SELECT id FROM apps WHERE demo ORDER BY id",
        |r| Ok(AppId(r.get(0)?)),
    );
    assert_eq!(u.store.demo_app_ids().unwrap(), demo);
    assert_eq!(u.store.has_demo_apps().unwrap(), !demo.is_empty());
}

/// Each preference the window wrote reads back as the setting it was.
fn preferences(u: &Upgraded) {
    let raw: Vec<(String, String)> =
        all(&u.before, "SELECT key, value FROM preferences ORDER BY key");
    for (key, value) in raw {
        match key.as_str() {
            "window.geometry" => {
                let n: Vec<i64> = value
                    .split_whitespace()
                    .map(|p| p.parse().unwrap())
                    .collect();
                assert_eq!(
                    u.store.window_geometry().unwrap(),
                    Some(WindowGeometry {
                        x: n[0] as i32,
                        y: n[1] as i32,
                        width: n[2] as u32,
                        height: n[3] as u32,
                        maximized: n[4] == 1,
                    })
                );
            }
            // Read only by seeding, which never runs on a profile with apps.
            "demo.seeded" => assert_eq!(value, "1"),
            "alerts.quiet_hours" => {
                let (start, end) = value.split_once('-').unwrap();
                assert_eq!(
                    u.store.quiet_hours().unwrap(),
                    Some(QuietHours {
                        start_minute: start.parse().unwrap(),
                        end_minute: end.parse().unwrap(),
                    })
                );
            }
            "alerts.snoozed_until" => assert_eq!(
                u.store.snoozed_until().unwrap(),
                Some(UnixMillis(value.parse().unwrap()))
            ),
            "desktop.close_to_tray" => assert_eq!(u.store.close_to_tray().unwrap(), value != "0"),
            // Shown once already: not again.
            "desktop.tray_hint_shown" => assert!(!u.store.take_tray_hint().unwrap()),
            other => panic!("a preference this test does not know: {other} = {value}"),
        }
    }
}

fn connections(u: &Upgraded) {
    let has_failure_times = u.tables["accounts"]
        .columns
        .iter()
        .any(|c| c == "failing_since");
    let failure_times = if has_failure_times {
        "last_error_at, failing_since"
    } else {
        "NULL, NULL"
    };
    type RawAccount = (
        i64,
        String,
        [Option<String>; 3],
        String,
        String,
        i64,
        Option<i64>,
        (Option<String>, Option<String>),
        [Option<i64>; 5],
    );
    let raw: Vec<RawAccount> = query(
        &u.before,
        &format!(
            "SELECT app_id, environment, login_url, api_url, docs_url, client_id, grant_type,
                    connected_at, last_sync_at, last_error_code, last_error, rate_limit,
                    rate_remaining, rate_reset, {failure_times}
             FROM accounts ORDER BY app_id"
        ),
        |r| {
            Ok((
                r.get(0)?,
                r.get(1)?,
                [r.get(2)?, r.get(3)?, r.get(4)?],
                r.get(5)?,
                r.get(6)?,
                r.get(7)?,
                r.get(8)?,
                (r.get(9)?, r.get(10)?),
                [r.get(11)?, r.get(12)?, r.get(13)?, r.get(14)?, r.get(15)?],
            ))
        },
    );
    assert_eq!(u.store.accounts().unwrap().len(), raw.len());
    let overview = u.store.connection_overview().unwrap();
    for (app, environment, urls, client_id, grant, connected, synced, error, numbers) in raw {
        let [
            rate_limit,
            rate_remaining,
            rate_reset,
            error_at,
            failing_since,
        ] = numbers;
        let account = u.store.account(AppId(app)).unwrap().unwrap();
        match &account.endpoints {
            AccountEndpoints::Custom {
                login_url,
                api_url,
                docs_url,
            } => {
                assert_eq!(environment, "custom");
                assert_eq!(
                    [Some(login_url), Some(api_url), Some(docs_url)],
                    urls.each_ref().map(Option::as_ref)
                );
            }
            AccountEndpoints::Known { environment: known } => {
                assert_eq!(known.as_str(), environment);
                assert_eq!(urls, [None, None, None]);
            }
        }
        assert_eq!(account.client_id, client_id);
        assert_eq!(account.grant.as_str(), grant);
        assert_eq!(account.connected_at, UnixMillis(connected));
        assert_eq!(account.last_sync_at, synced.map(UnixMillis));
        match (error, &account.last_error) {
            ((None, None), None) => {}
            ((Some(code), Some(message)), Some(e)) => {
                assert_eq!(
                    format!("{:?}", e.code),
                    code,
                    "the error's code still means it"
                );
                assert_eq!(e.message, message);
                assert_eq!(Some(e.at.0), error_at.or(synced), "when it happened");
            }
            (raw, read) => panic!("app {app}: {raw:?} read as {read:?}"),
        }
        match &account.rate {
            Some(rate) => assert_eq!(
                [
                    Some(rate.limit as i64),
                    Some(rate.remaining as i64),
                    Some(rate.reset.0)
                ],
                [rate_limit, rate_remaining, rate_reset]
            ),
            None => {
                assert!(rate_limit.is_none() || rate_remaining.is_none() || rate_reset.is_none())
            }
        }
        assert_eq!(
            u.store.failing_since(AppId(app)).unwrap(),
            failing_since.map(UnixMillis)
        );

        let companies: Vec<(i64, String, bool, i64)> = all(
            &u.before,
            &format!(
                "SELECT company_id, name, is_active, since FROM installed_companies
                 WHERE app_id = {app} ORDER BY company_id"
            ),
        );
        let mut read: Vec<(i64, String, bool, i64)> = u
            .store
            .installed_companies(AppId(app))
            .unwrap()
            .into_iter()
            .map(|c| (c.company_id, c.name, c.is_active, c.since.0))
            .collect();
        read.sort();
        assert_eq!(read, companies);
        let seen = overview.iter().find(|o| o.app_id == AppId(app)).unwrap();
        assert_eq!(seen.companies as usize, companies.len());
    }

    for app in u.app_ids() {
        let events: Vec<(i64, i64, String, String, bool, i64)> = all(
            &u.before,
            &format!(
                "SELECT id, company_id, company_name, kind, baseline, at FROM installation_events
                 WHERE app_id = {} ORDER BY id",
                app.0
            ),
        );
        let mut read: Vec<(i64, i64, String, String, bool, i64)> = u
            .store
            .installation_events(app)
            .unwrap()
            .into_iter()
            .map(|e| {
                let kind = kind_text(&e.kind);
                (e.id, e.company_id, e.company_name, kind, e.baseline, e.at.0)
            })
            .collect();
        read.sort();
        assert_eq!(read, events, "installation events of app {}", app.0);
        // The companies already there when tracking began are one baseline, not installs.
        let baseline: Vec<i64> = events.iter().filter(|e| e.4).map(|e| e.5).collect();
        assert_eq!(
            u.store.installation_baseline(app).unwrap(),
            baseline
                .iter()
                .max()
                .map(|&at| (baseline.len() as u32, UnixMillis(at)))
        );
        let recent: BTreeSet<i64> = u
            .store
            .recent_installation_events(app, 1000)
            .unwrap()
            .iter()
            .map(|e| e.id)
            .collect();
        assert_eq!(
            recent,
            events.iter().filter(|e| !e.4).map(|e| e.0).collect()
        );
    }
}

/// An installation event's kind as the table spells it.
fn kind_text(kind: &plumbline_domain::InstallationKind) -> String {
    match kind {
        plumbline_domain::InstallationKind::Install => "install".into(),
        plumbline_domain::InstallationKind::Uninstall => "uninstall".into(),
    }
}

fn deprecation_signals(u: &Upgraded) {
    for app in u.app_ids() {
        type RawSignal = (
            String,
            String,
            bool,
            Option<i64>,
            Option<i64>,
            Option<String>,
            i64,
            i64,
        );
        let raw: Vec<RawSignal> = all(
            &u.before,
            &format!(
                "SELECT method, path, deprecated, deprecated_at, sunset_at, link, first_seen,
                        last_seen FROM deprecation_signals WHERE app_id = {} ORDER BY method, path",
                app.0
            ),
        );
        let mut read: Vec<RawSignal> = u
            .store
            .deprecation_signals(app)
            .unwrap()
            .into_iter()
            .map(|s| {
                (
                    s.method,
                    s.path,
                    s.deprecated,
                    s.deprecated_at.map(|t| t.0),
                    s.sunset_at.map(|t| t.0),
                    s.link,
                    s.first_seen.0,
                    s.last_seen.0,
                )
            })
            .collect();
        read.sort();
        assert_eq!(read, raw, "deprecation signals of app {}", app.0);
    }
}

/// Schema 1 to 3: migration 4 turns the installs and uninstalls the syncs saw into daily
/// numbers from REST, with the companies already there as that day's baseline.
fn metrics_from_installation_events(u: &Upgraded) {
    let mut expected: BTreeMap<(i64, i32), (u32, u32, u32)> = BTreeMap::new();
    if u.had("installation_events") {
        let events: Vec<(i64, i64, String, bool)> = all(
            &u.before,
            "SELECT app_id, at, kind, baseline FROM installation_events",
        );
        for (app, at, kind, baseline) in events {
            let day = expected
                .entry((app, Day::of(UnixMillis(at)).0))
                .or_default();
            match (baseline, kind.as_str()) {
                (true, _) => day.2 += 1,
                (false, "install") => day.0 += 1,
                _ => day.1 += 1,
            }
        }
    }
    let mut derived = 0;
    for app in u.app_ids() {
        for counts in u.store.daily_counts(app).unwrap() {
            let &(installs, uninstalls, _) = expected
                .get(&(app.0, counts.day.0))
                .unwrap_or_else(|| panic!("app {} has a day no event explains: {counts:?}", app.0));
            assert_eq!(counts.views, None);
            assert_eq!(counts.installs, (installs > 0).then_some(installs));
            assert_eq!(counts.uninstalls, (uninstalls > 0).then_some(uninstalls));
            derived += 1;
        }
    }
    assert_eq!(
        derived,
        expected.len(),
        "one day of numbers per day with events"
    );
    for (&(app, day), &(installs, uninstalls, baseline)) in &expected {
        let sums = u
            .store
            .bucket_sums(Scope::App(AppId(app)), Bucket::Day, Day(day), Day(day))
            .unwrap();
        assert_eq!(sums.len(), 1);
        let s = &sums[0];
        assert_eq!(
            (s.installs, s.uninstalls, s.baseline),
            (installs.into(), uninstalls.into(), baseline.into())
        );
        assert_eq!(
            s.source_bits,
            MetricSource::Rest.bit(),
            "numbers from REST snapshots"
        );
    }
}

/// Schema 4 on: the numbers each source gave, the day as the trend reads it, imports, API
/// calls and the marks on the charts.
fn metrics(u: &Upgraded) {
    for app in u.app_ids() {
        let scope = Scope::App(app);
        type RawDay = (i32, Option<u32>, Option<u32>, Option<u32>, i64, i64);
        let days: Vec<RawDay> = all(
            &u.before,
            &format!(
                "SELECT day, views, installs, uninstalls, baseline, source_bits FROM daily_metrics
                 WHERE app_id = {} ORDER BY day",
                app.0
            ),
        );
        let counts: Vec<RawDay> = u
            .store
            .daily_counts(app)
            .unwrap()
            .into_iter()
            .zip(&days)
            .map(|(c, d)| (c.day.0, c.views, c.installs, c.uninstalls, d.4, d.5))
            .collect();
        assert_eq!(counts.len(), u.store.daily_counts(app).unwrap().len());
        assert_eq!(counts, days, "the days of app {}", app.0);
        if let (Some(first), Some(last)) = (days.first(), days.last()) {
            assert_eq!(
                u.store.metrics_span(scope).unwrap(),
                Some((Day(first.0), Day(last.0)))
            );
            let sums = u
                .store
                .bucket_sums(scope, Bucket::Day, Day(first.0), Day(last.0))
                .unwrap();
            let read: Vec<RawDay> = sums
                .iter()
                .map(|s| {
                    let n = |days: u32, v: u64| (days > 0).then_some(v as u32);
                    (
                        s.start.0,
                        n(s.views_days, s.views),
                        n(s.installs_days, s.installs),
                        n(s.uninstalls_days, s.uninstalls),
                        s.baseline as i64,
                        i64::from(s.source_bits),
                    )
                })
                .collect();
            assert_eq!(read, days, "the daily series of app {}", app.0);
        }
        // Each source's number is kept; the day shows the most trusted one.
        let values: Vec<(String, i32, String, u32)> = all(
            &u.before,
            &format!(
                "SELECT metric, day, source, value FROM metric_values WHERE app_id = {}
                 AND metric <> 'baseline'
                 ORDER BY day, metric, CASE source WHEN 'manual' THEN 0 WHEN 'csv' THEN 1 ELSE 2 END",
                app.0
            ));
        let mut shown = BTreeSet::new();
        for (metric, day, source, value) in values {
            if !shown.insert((metric.clone(), day)) {
                continue;
            }
            let c = counts.iter().find(|c| c.0 == day).unwrap();
            let metric = DailyMetric::ALL
                .into_iter()
                .find(|m| m.as_str() == metric)
                .unwrap();
            let read = match metric {
                DailyMetric::Views => c.1,
                DailyMetric::Installs => c.2,
                DailyMetric::Uninstalls => c.3,
            };
            assert_eq!(read, Some(value), "{metric:?} on day {day} from {source}");
        }

        type RawImport = (
            i64,
            String,
            String,
            String,
            i64,
            i64,
            Option<i32>,
            Option<i32>,
        );
        let imports: Vec<RawImport> = all(
            &u.before,
            &format!(
                "SELECT id, kind, file_name, sha256, imported_at, rows, first_day, last_day
                 FROM imports WHERE app_id = {} ORDER BY id",
                app.0
            ),
        );
        let mut read: Vec<RawImport> = u
            .store
            .imports(app)
            .unwrap()
            .into_iter()
            .map(|i| {
                (
                    i.id,
                    i.kind.as_str().to_owned(),
                    i.file_name,
                    i.sha256,
                    i.imported_at.0,
                    i.rows as i64,
                    i.first_day.map(|d| d.0),
                    i.last_day.map(|d| d.0),
                )
            })
            .collect();
        read.sort();
        assert_eq!(read, imports, "imports of app {}", app.0);
        for import in &imports {
            let found = u.store.import_of(app, &import.3).unwrap().unwrap();
            assert_eq!(
                found.id, import.0,
                "a re-import of the same file is still recognised"
            );
        }

        let calls: Vec<(i32, i64, i64)> = all(
            &u.before,
            &format!(
                "SELECT day, sum(count), sum(CASE WHEN status >= 400 THEN count ELSE 0 END)
                 FROM api_calls WHERE app_id = {} GROUP BY day ORDER BY day",
                app.0
            ),
        );
        if let (Some(first), Some(last)) = (calls.first(), calls.last()) {
            let read: Vec<(i32, i64, i64)> = u
                .store
                .api_calls_by_day(app, Day(first.0), Day(last.0))
                .unwrap()
                .into_iter()
                .map(|(d, calls, failed)| (d.0, calls as i64, failed as i64))
                .collect();
            assert_eq!(read, calls, "API calls of app {}", app.0);
            assert_eq!(
                u.store.activity_span(app).unwrap(),
                Some((Day(first.0), Day(last.0)))
            );
        }

        let marks: Vec<(i64, i32, String, String, i64)> = all(
            &u.before,
            &format!(
                "SELECT id, day, kind, text, created_at FROM annotations WHERE app_id = {}
                 ORDER BY id",
                app.0
            ),
        );
        let mut read: Vec<(i64, i32, String, String, i64)> = u
            .store
            .annotations(scope, Day(0), Day(100_000))
            .unwrap()
            .into_iter()
            .map(|a| {
                (
                    a.id,
                    a.day.0,
                    a.kind.as_str().to_owned(),
                    a.text,
                    a.created_at.0,
                )
            })
            .collect();
        read.sort();
        assert_eq!(read, marks, "chart marks of app {}", app.0);
    }
}

/// Weekly and monthly sums, read from `metric_rollups` for whole buckets, equal the days they
/// cover (rows a migration derived and rows old code kept in step alike).
fn rollups_sum_the_days(u: &Upgraded) {
    type Daily = (i32, Option<i64>, Option<i64>, Option<i64>, i64, i64);
    for app in u.app_ids() {
        let days: Vec<Daily> = all(
            &u.after,
            &format!(
                "SELECT day, views, installs, uninstalls, baseline, source_bits FROM daily_metrics
                 WHERE app_id = {} ORDER BY day",
                app.0
            ),
        );
        let (Some(first), Some(last)) = (days.first(), days.last()) else {
            continue;
        };
        for bucket in [Bucket::Week, Bucket::Month] {
            let start_of = |day: i32| match bucket {
                Bucket::Week => Day(day - (day + 3).rem_euclid(7)),
                _ => {
                    let (y, m, _) = Day(day).ymd();
                    Day::from_ymd(y, m, 1).unwrap()
                }
            };
            let end_of = |start: Day| match bucket {
                Bucket::Week => start.plus(6),
                _ => {
                    let (y, m, _) = start.ymd();
                    let next = if m == 12 {
                        Day::from_ymd(y + 1, 1, 1)
                    } else {
                        Day::from_ymd(y, m + 1, 1)
                    };
                    next.unwrap().plus(-1)
                }
            };
            let mut expected: BTreeMap<i32, BucketSums> = BTreeMap::new();
            for &(day, views, installs, uninstalls, baseline, bits) in &days {
                let start = start_of(day);
                let s = expected.entry(start.0).or_insert(BucketSums {
                    start,
                    views: 0,
                    installs: 0,
                    uninstalls: 0,
                    baseline: 0,
                    views_days: 0,
                    installs_days: 0,
                    uninstalls_days: 0,
                    source_bits: 0,
                });
                for (value, sum, days) in [
                    (views, &mut s.views, &mut s.views_days),
                    (installs, &mut s.installs, &mut s.installs_days),
                    (uninstalls, &mut s.uninstalls, &mut s.uninstalls_days),
                ] {
                    if let Some(v) = value {
                        *sum += v as u64;
                        *days += 1;
                    }
                }
                s.baseline += baseline as u64;
                s.source_bits |= bits as u8;
            }
            // Whole buckets only, so that every one is read from the rollups.
            let from = start_of(first.0);
            let to = end_of(start_of(last.0));
            let read = u
                .store
                .bucket_sums(Scope::App(app), bucket, from, to)
                .unwrap();
            let read: Vec<&BucketSums> = read
                .iter()
                .filter(|s| {
                    s.views_days + s.installs_days + s.uninstalls_days > 0 || s.baseline > 0
                })
                .collect();
            assert_eq!(
                read,
                expected.values().collect::<Vec<_>>(),
                "{bucket:?} sums of app {} from schema {}",
                app.0,
                u.version
            );
        }
    }
}

/// Schema 5 on: the reference revisions with their facts, changelog and history of dates, the
/// scans of the partner's code, and the events the watch recorded.
fn deprecation_watch(u: &Upgraded) {
    type RawRevision = (
        i64,
        String,
        String,
        String,
        Option<String>,
        Option<String>,
        Option<String>,
        i64,
        i64,
        i64,
        i64,
    );
    let revisions: Vec<RawRevision> = all(
        &u.before,
        "SELECT id, kind, source, sha256, etag, last_modified, version, operations, deprecated,
                accepted_at, checked_at FROM reference_revisions ORDER BY id DESC",
    );
    let read: Vec<RawRevision> = u
        .store
        .reference_revisions()
        .unwrap()
        .into_iter()
        .map(|r| {
            (
                r.id,
                r.kind.as_str().to_owned(),
                r.source,
                r.sha256,
                r.etag,
                r.last_modified,
                r.version,
                r.operations as i64,
                r.deprecated as i64,
                r.accepted_at.0,
                r.checked_at.0,
            )
        })
        .collect();
    assert_eq!(read, revisions);
    for kind in [
        plumbline_domain::ReferenceKind::OpenApi,
        plumbline_domain::ReferenceKind::Legacy,
    ] {
        let in_force = revisions.iter().find(|r| r.1 == kind.as_str()).map(|r| r.0);
        assert_eq!(
            u.store.reference_revision(kind).unwrap().map(|r| r.id),
            in_force,
            "{kind:?} in force"
        );
    }

    // The facts in force: the OpenAPI document's, completed by the legacy one's.
    type RawFacts = (
        String,
        String,
        String,
        Option<String>,
        bool,
        Option<i32>,
        Option<i32>,
        Option<String>,
    );
    let operations: Vec<RawFacts> = all(
        &u.before,
        "SELECT route_key, kind, method, summary, deprecated, deprecated_at, sunset, replacement
         FROM reference_operations ORDER BY route_key, kind DESC",
    );
    let facts = u.store.reference_facts().unwrap();
    let keys: BTreeSet<&String> = operations.iter().map(|o| &o.0).collect();
    assert_eq!(facts.iter().map(|f| &f.0).collect::<BTreeSet<_>>(), keys);
    for (key, kind, method, summary, deprecated, deprecated_at, sunset, replacement) in &operations
    {
        let (_, fact, _) = facts.iter().find(|f| &f.0 == key).unwrap();
        assert_eq!(&fact.method, method, "{key}");
        assert!(
            fact.deprecated || !deprecated,
            "{key} is deprecated in the {kind} document"
        );
        if kind == "openapi" {
            assert_eq!(&fact.summary, summary, "{key}");
            assert_eq!(fact.deprecated, *deprecated, "{key}");
            assert_eq!(fact.deprecated_at.map(|d| d.0), *deprecated_at, "{key}");
            assert_eq!(fact.sunset.map(|d| d.0), *sunset, "{key}");
            assert_eq!(&fact.replacement, replacement, "{key}");
        }
    }
    // Each route's history of dates, oldest first: every change the old code recorded.
    type RawChange = (String, String, Option<i32>, Option<i32>, i64);
    let changes: Vec<RawChange> = all(
        &u.before,
        "SELECT route_key, change, before, after, seen_at FROM reference_changes ORDER BY seen_at, id",
    );
    let mut read = Vec::new();
    for (key, _, history) in &facts {
        for c in history {
            read.push((
                key.clone(),
                c.change.as_str().to_owned(),
                c.before.map(|d| d.0),
                c.after.map(|d| d.0),
                c.seen_at.0,
            ));
        }
    }
    read.sort_by(|a, b| (a.4, &a.0, &a.1).cmp(&(b.4, &b.0, &b.1)));
    let mut changes_sorted = changes.clone();
    changes_sorted.sort_by(|a, b| (a.4, &a.0, &a.1).cmp(&(b.4, &b.0, &b.1)));
    assert_eq!(read, changes_sorted, "the history of dates");
    type RawChangelog = (String, String, Option<i32>, bool, String, Option<String>);
    let changelog: Vec<RawChangelog> = all(
        &u.before,
        "SELECT route_key, kind, datestamp, breaking, summary, endpoint FROM reference_changelog
         ORDER BY route_key, datestamp",
    );
    for key in changelog.iter().map(|c| &c.0).collect::<BTreeSet<_>>() {
        let read: Vec<_> = u
            .store
            .reference_changelog(key)
            .unwrap()
            .into_iter()
            .map(|e| {
                (
                    key.clone(),
                    e.kind,
                    e.datestamp.map(|d| d.0),
                    e.breaking,
                    e.summary,
                    e.endpoint,
                )
            })
            .collect();
        let raw: Vec<_> = changelog.iter().filter(|c| &c.0 == key).cloned().collect();
        assert_eq!(read, raw, "the changelog of {key}");
    }

    for app in u.app_ids() {
        let scans: Vec<(String, i64, i64)> = all(
            &u.before,
            &format!(
                "SELECT root, scanned_at, files_scanned FROM source_scans WHERE app_id = {}
                 ORDER BY scanned_at DESC",
                app.0
            ),
        );
        let read: Vec<(String, i64, i64)> = u
            .store
            .source_scans(app)
            .unwrap()
            .into_iter()
            .map(|(root, at, n)| (root, at.0, n as i64))
            .collect();
        assert_eq!(read, scans, "scans of app {}", app.0);
        let uses: Vec<(Option<String>, String, String, String, u32)> = all(
            &u.before,
            &format!(
                "SELECT nullif(method, ''), path, root, file, line FROM scanned_uses
                 WHERE app_id = {} ORDER BY root, file, line, path",
                app.0
            ),
        );
        let read: Vec<(Option<String>, String, String, String, u32)> = u
            .store
            .scanned_uses(app)
            .unwrap()
            .into_iter()
            .map(|s| (s.method, s.path, s.root, s.file, s.line))
            .collect();
        assert_eq!(read, uses, "uses found in the code of app {}", app.0);

        type RawEvent = (
            i64,
            String,
            String,
            String,
            i32,
            Option<i32>,
            Option<i32>,
            String,
            i64,
        );
        let events: Vec<RawEvent> = all(
            &u.before,
            &format!(
                "SELECT id, kind, route, key, day, milestone, sunset, message, recorded_at
                 FROM deprecation_events WHERE app_id = {} ORDER BY day DESC, id DESC",
                app.0
            ),
        );
        let read: Vec<RawEvent> = u
            .store
            .deprecation_events(Some(app))
            .unwrap()
            .into_iter()
            .map(|e| {
                (
                    e.id,
                    e.kind.as_str().to_owned(),
                    e.route,
                    e.key,
                    e.day.0,
                    e.milestone,
                    e.sunset.map(|d| d.0),
                    e.message,
                    e.recorded_at.0,
                )
            })
            .collect();
        assert_eq!(read, events, "deprecation events of app {}", app.0);
    }
}

/// Schema 6 on: the inbox with each alert's state and delivery, and the mutes.
fn alerts(u: &Upgraded) {
    type RawAlert = (
        i64,
        i64,
        String,
        String,
        i32,
        String,
        String,
        String,
        String,
        String,
        i64,
        Option<i64>,
    );
    let raw: Vec<RawAlert> = all(
        &u.before,
        "SELECT id, app_id, kind, identity, day, severity, title, body, state, delivery,
                created_at, notified_at FROM alerts ORDER BY day DESC, id DESC",
    );
    let read: Vec<RawAlert> = u
        .store
        .alerts(None, true)
        .unwrap()
        .into_iter()
        .map(|a| {
            (
                a.id,
                a.app_id.0,
                a.kind.as_str().to_owned(),
                a.identity,
                a.day.0,
                a.severity.as_str().to_owned(),
                a.title,
                a.body,
                a.state.as_str().to_owned(),
                a.delivery.as_str().to_owned(),
                a.created_at.0,
                a.notified_at.map(|t| t.0),
            )
        })
        .collect();
    assert_eq!(read, raw, "the inbox");
    let visible = raw.iter().filter(|a| a.8 != "dismissed").count();
    assert_eq!(
        u.store.alerts(None, false).unwrap().len(),
        visible,
        "dismissed stay dismissed"
    );
    assert_eq!(
        u.store.unseen_alerts().unwrap() as usize,
        raw.iter().filter(|a| a.8 == "new").count()
    );
    let undelivered: BTreeSet<i64> = raw
        .iter()
        .filter(|a| a.9 == "pending" || a.9 == "held")
        .map(|a| a.0)
        .collect();
    assert_eq!(
        u.store
            .undelivered_alerts()
            .unwrap()
            .iter()
            .map(|a| a.id)
            .collect::<BTreeSet<_>>(),
        undelivered,
        "an alert notified before the upgrade is not notified again"
    );
    for app in u.app_ids() {
        let identities: BTreeSet<String> = raw
            .iter()
            .filter(|a| a.1 == app.0)
            .map(|a| a.3.clone())
            .collect();
        assert_eq!(
            u.store
                .alert_identities(app)
                .unwrap()
                .into_iter()
                .collect::<BTreeSet<_>>(),
            identities,
            "what a pass need not explain again"
        );
    }

    let mutes: Vec<(Option<i64>, Option<String>)> = all(
        &u.before,
        "SELECT app_id, kind FROM alert_mutes ORDER BY app_id, kind",
    );
    let read: Vec<(Option<i64>, Option<String>)> = u
        .store
        .mutes()
        .unwrap()
        .into_iter()
        .map(|m: Mute| (m.app.map(|a| a.0), m.kind.map(|k| k.as_str().to_owned())))
        .collect();
    assert_eq!(read, mutes);
}

/// Schema 7 on: the episodes the detector last found keep their identities.
fn surge_episodes(u: &Upgraded) {
    let raw: Vec<(i64, String, i32, i32, i32)> = all(
        &u.before,
        "SELECT app_id, metric, id, start_day, end_day FROM surge_episodes
         ORDER BY app_id, metric, start_day",
    );
    let mut read = Vec::new();
    for app in u.app_ids() {
        for metric in [
            DailyMetric::Installs,
            DailyMetric::Uninstalls,
            DailyMetric::Views,
        ] {
            for e in u.store.surge_episodes(app, metric).unwrap() {
                read.push((
                    app.0,
                    metric.as_str().to_owned(),
                    e.id.0,
                    e.start.0,
                    e.end.0,
                ));
            }
        }
    }
    read.sort();
    assert_eq!(read, raw);
}

/// Schema 9 added versions and the listing: an upgraded profile starts with none.
fn versions_and_listing_start_empty(u: &Upgraded) {
    for app in u.app_ids() {
        assert!(u.store.versions(app).unwrap().is_empty());
        assert!(u.store.listing(app, Snapshot::Draft).unwrap().is_none());
        assert!(u.store.listing(app, Snapshot::Submitted).unwrap().is_none());
    }
}

/// Writes after the upgrade build on the old rows: a sync of an app with history is not a
/// baseline, and a number typed in keeps the rollups in step with the days.
fn the_upgraded_file_keeps_working(mut u: Upgraded) {
    let synced: Vec<i64> = if u.had("snapshots") {
        query(
            &u.before,
            "SELECT DISTINCT app_id FROM snapshots ORDER BY app_id",
            |r| r.get(0),
        )
    } else {
        Vec::new()
    };
    for app in synced {
        let mut companies: Vec<CompanySeen> = u
            .store
            .installed_companies(AppId(app))
            .unwrap()
            .into_iter()
            .map(|c| CompanySeen {
                id: c.company_id,
                name: c.name,
                is_active: c.is_active,
            })
            .collect();
        companies.push(CompanySeen {
            id: 1,
            name: "Upgrade Check Builders".into(),
            is_active: true,
        });
        let outcome = u
            .store
            .apply_snapshot(AppId(app), UnixMillis::now(), &companies)
            .unwrap();
        assert!(!outcome.baseline, "app {app} was synced before the upgrade");
        assert_eq!((outcome.installs, outcome.uninstalls), (1, 0));
    }
    let app = u.app_ids()[0];
    let day = Day::parse_iso("2026-11-10").unwrap();
    u.store
        .set_manual_metric(app, day, DailyMetric::Views, Some(7))
        .unwrap();
    let counts = u.store.daily_counts(app).unwrap();
    assert_eq!(counts.iter().find(|c| c.day == day).unwrap().views, Some(7));
    rollups_sum_the_days(&u);
}
