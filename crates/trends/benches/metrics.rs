//! Metrics performance (issue 4): a store of 100 apps x 10 years of daily metrics and 5
//! million API call rows; one app's 10-year weekly series and the portfolio's monthly series,
//! each beside the same SQL run by the `sqlite3` shell on the same file; importing a 1-million
//! row API Call Activity Report beside the shell's `.import` of the same file into an
//! equivalent table.
//!
//! Run: `./scripts/bench-metrics.sh` (or `cargo bench -p plumbline-trends --bench metrics`
//! with `sqlite3` on the PATH). The store is built once and kept under target/.

#![allow(clippy::unwrap_used)]

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use plumbline_domain::{AppId, DailyMetric, Day, ImportKind, NewApp, UnixMillis};
use plumbline_store::{ApiCallRow, Bucket, NewImport, Scope, Store};
use plumbline_trends::{Granularity, TrendQuery, TrendScope};

const APPS: i64 = 100;
const DAYS: i32 = 3_650;
const ACTIVITY_ROWS: u64 = 5_000_000;
const IMPORT_ROWS: u64 = 1_000_000;
const RUNS: usize = 41;
/// Bump when the generated data changes, so a stale cached store is rebuilt.
const DATA_VERSION: u32 = 2;

fn last_day() -> Day {
    Day::parse_iso("2026-10-31").unwrap()
}

fn first_day() -> Day {
    last_day().plus(-(DAYS - 1))
}

/// A cheap deterministic number for synthetic data.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

fn build_store(path: &Path) {
    remove_database(path);
    let started = Instant::now();
    let mut store = Store::open(path).unwrap();
    let routes: Vec<String> = (0..250)
        .map(|i| format!("/rest/v1.0/projects/:project_id/resource_{i}/:id"))
        .collect();
    let per_app_calls = ACTIVITY_ROWS / APPS as u64;
    for a in 0..APPS {
        let app = NewApp::named(&format!("Bench App {a}"));
        let id = store
            .add_app(&app.validate().unwrap(), UnixMillis(0))
            .unwrap()
            .id;
        let mut writer = store.begin_import(id).unwrap();
        for d in 0..DAYS {
            let day = first_day().plus(d);
            let r = mix((a as u64) << 32 | d as u64);
            writer
                .put_metric(day, DailyMetric::Views, 20 + r % 80)
                .unwrap();
            writer
                .put_metric(day, DailyMetric::Installs, (r >> 8) % 4)
                .unwrap();
            writer
                .put_metric(
                    day,
                    DailyMetric::Uninstalls,
                    u64::from((r >> 16).is_multiple_of(9)),
                )
                .unwrap();
        }
        // API call rows: the last days, spread over routes, methods and statuses.
        let rows = (0..per_app_calls).map(|k| {
            let (method, status) = match (k / 250) % 2 {
                0 => ("GET", 200),
                _ => ("POST", 201),
            };
            ApiCallRow {
                day: last_day().plus(-((k / 500) as i32)),
                method,
                route: &routes[(k % 250) as usize],
                status,
                count: 1 + mix(k) % 50,
            }
        });
        writer.put_api_calls(rows, &mut |_| {}).unwrap();
        writer
            .finish(
                NewImport {
                    kind: ImportKind::Metrics,
                    file_name: "bench".into(),
                    sha256: "bench".into(),
                    rows: 0,
                    first_day: None,
                    last_day: None,
                },
                UnixMillis(0),
            )
            .unwrap();
    }
    drop(store);
    // The shell reads the same file: leave it checkpointed, WAL empty.
    sqlite3(path, "PRAGMA wal_checkpoint(TRUNCATE);\n");
    eprintln!(
        "built {} in {:.1} s",
        path.display(),
        started.elapsed().as_secs_f64()
    );
}

/// Runs the sqlite3 shell on `db` with `script` on its standard input; returns its output.
fn sqlite3(db: &Path, script: &str) -> std::process::Output {
    let mut child = Command::new("sqlite3")
        .arg(db)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("sqlite3 on the PATH (scripts/bench-metrics.sh installs it)");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// Removes a database and its WAL files, so a run starts from nothing.
fn remove_database(path: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", path.display()));
    }
}

fn median(mut xs: Vec<Duration>) -> Duration {
    xs.sort();
    xs[xs.len() / 2]
}

fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> Duration {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let started = Instant::now();
        std::hint::black_box(f());
        times.push(started.elapsed());
    }
    median(times)
}

/// The median "Run Time: real" the sqlite3 shell reports for `sql`, run `runs` times.
fn shell_time(db: &Path, sql: &str, runs: usize) -> Duration {
    let mut script = String::from(".output /dev/null\n.timer on\n");
    for _ in 0..runs {
        script.push_str(sql);
        script.push_str(";\n");
    }
    let out = sqlite3(db, &script);
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    let times: Vec<Duration> = text
        .lines()
        .filter_map(|l| l.strip_prefix("Run Time: real "))
        .filter_map(|l| l.split_whitespace().next()?.parse::<f64>().ok())
        .map(Duration::from_secs_f64)
        .collect();
    assert_eq!(times.len(), runs, "sqlite3 said: {text}");
    median(times)
}

fn write_activity_csv(path: &Path) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).unwrap());
    writeln!(out, "Date,Response Code,HTTP Method,Normalized Route,Count").unwrap();
    for k in 0..IMPORT_ROWS {
        let day = last_day().plus(-((k / 2_000) as i32));
        let (method, status) = if k % 2 == 0 {
            ("GET", 200)
        } else {
            ("POST", 201)
        };
        writeln!(
            out,
            "{day},{status},{method},/v1.0/projects/:project_id/resource_{}/:id,{}",
            (k / 2) % 1_000,
            1 + mix(k) % 50
        )
        .unwrap();
    }
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1e3)
}

fn main() {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("metrics-bench");
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join(format!("store-v{DATA_VERSION}.sqlite3"));
    if !db.exists() {
        build_store(&db);
    }
    let store = Store::open(&db).unwrap();
    let app = Scope::App(AppId(1));
    let (from, to) = (first_day(), last_day());

    let weekly_query = time(RUNS, || {
        store.bucket_sums(app, Bucket::Week, from, to).unwrap()
    });
    let weekly_trend = time(RUNS, || {
        plumbline_trends::trend(
            &store,
            TrendQuery {
                scope: TrendScope::App { id: AppId(1) },
                from,
                to,
                by: Granularity::Week,
            },
        )
        .unwrap()
    });
    let weekly_shell = shell_time(
        &db,
        &Store::bucket_sums_sql(app, Bucket::Week, from, to),
        RUNS,
    );
    let monthly_query = time(RUNS, || {
        store
            .bucket_sums(Scope::Portfolio, Bucket::Month, from, to)
            .unwrap()
    });
    let monthly_trend = time(RUNS, || {
        plumbline_trends::trend(
            &store,
            TrendQuery {
                scope: TrendScope::Portfolio,
                from,
                to,
                by: Granularity::Month,
            },
        )
        .unwrap()
    });
    let monthly_shell = shell_time(
        &db,
        &Store::bucket_sums_sql(Scope::Portfolio, Bucket::Month, from, to),
        RUNS,
    );
    drop(store);

    // Import: a fresh store and a fresh shell database each run, the same 1M-row file.
    let csv = dir.join("activity-1m.csv");
    if !csv.exists() {
        write_activity_csv(&csv);
    }
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for run in 0..3 {
        let target = dir.join(format!("import-{run}.sqlite3"));
        remove_database(&target);
        let mut store = Store::open(&target).unwrap();
        let id = store
            .add_app(&NewApp::named("Import").validate().unwrap(), UnixMillis(0))
            .unwrap()
            .id;
        let started = Instant::now();
        let outcome = plumbline_ingest::import_file(
            &mut store,
            id,
            &csv,
            ImportKind::Activity,
            UnixMillis(0),
            &mut |_| {},
        )
        .unwrap();
        ours.push(started.elapsed());
        assert_eq!(outcome.preview.rows, IMPORT_ROWS);
        drop(store);

        let shell_db = dir.join(format!("shell-import-{run}.sqlite3"));
        remove_database(&shell_db);
        // The same columns and key, the same journal settings, one transaction.
        let script = format!(
            "PRAGMA journal_mode=WAL;\nPRAGMA synchronous=NORMAL;\n\
             CREATE TABLE api_calls (day TEXT NOT NULL, status INTEGER NOT NULL, method TEXT NOT NULL, \
             route TEXT NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (day, route, method, status)) WITHOUT ROWID;\n\
             BEGIN;\n.import --csv --skip 1 {} api_calls\nCOMMIT;\n",
            csv.display()
        );
        let started = Instant::now();
        let out = sqlite3(&shell_db, &script);
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        theirs.push(started.elapsed());
    }
    let (import_ours, import_shell) = (median(ours), median(theirs));

    let ratio = |a: Duration, b: Duration| a.as_secs_f64() / b.as_secs_f64();
    println!(
        "\nmetrics benchmark: {APPS} apps x {DAYS} days, {ACTIVITY_ROWS} API call rows (median of {RUNS}; imports median of 3)"
    );
    println!(
        "{:<44}{:>12}{:>14}{:>8}   budget",
        "", "Plumbline", "sqlite3 shell", "ratio"
    );
    let row = |name: &str, ours: Duration, shell: Duration, budget: &str| {
        println!(
            "{name:<44}{:>12}{:>14}{:>8.2}   {budget}",
            ms(ours),
            ms(shell),
            ratio(ours, shell)
        );
    };
    row(
        "one app, 10-year weekly series (query)",
        weekly_query,
        weekly_shell,
        "<= 5 ms, <= 1.5x",
    );
    row(
        "  the whole trend (series + previous period)",
        weekly_trend,
        weekly_shell,
        "",
    );
    row(
        "portfolio, 10-year monthly series (query)",
        monthly_query,
        monthly_shell,
        "<= 50 ms, <= 1.5x",
    );
    row(
        "  the whole trend (series + previous period)",
        monthly_trend,
        monthly_shell,
        "",
    );
    row(
        "import a 1,000,000-row activity CSV",
        import_ours,
        import_shell,
        "<= 3 s, <= 1.0x",
    );
}
