//! `plumbline sim export`, `import`, `trend` and `annotate` as real processes on a real file.

mod support;

use support::{json, plumbline};

/// Installations and uninstalls in a metrics export, counted straight from its text.
fn count_events(csv: &str) -> (u64, u64) {
    let installs = csv.lines().filter(|l| l.ends_with(",INSTALLED")).count() as u64;
    let uninstalls = csv.lines().filter(|l| l.ends_with(",UNINSTALLED")).count() as u64;
    (installs, uninstalls)
}

#[test]
fn import_a_portal_export_then_read_its_trend_offline() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("p.sqlite3");
    let exports = dir.path().join("exports");
    json(&plumbline(
        &db,
        &[
            "--json",
            "sim",
            "export",
            "--dir",
            exports.to_str().expect("path"),
            "--start",
            "1795000000",
        ],
    ));
    let metrics = exports.join("punch-list-pro-metrics.csv");
    let text = std::fs::read_to_string(&metrics).expect("export");
    let (installs, uninstalls) = count_events(&text);
    let app = json(&plumbline(
        &db,
        &["--json", "apps", "add", "Punch List Pro"],
    ))["id"]
        .as_i64()
        .expect("id")
        .to_string();
    let file = metrics.to_str().expect("path");

    let dry = json(&plumbline(
        &db,
        &[
            "--json",
            "import",
            "metrics",
            file,
            "--app",
            &app,
            "--dry-run",
        ],
    ));
    assert_eq!(
        (dry["installs"].as_u64(), dry["uninstalls"].as_u64()),
        (Some(installs), Some(uninstalls))
    );
    let trend_args = [
        "--json",
        "trend",
        "--app",
        &app,
        "--metric",
        "installs",
        "--by",
        "month",
        "--from",
        "2024-01-01",
        "--to",
        "2026-12-31",
    ];
    assert_eq!(
        json(&plumbline(&db, &trend_args))["total"],
        0.0,
        "a dry run writes nothing"
    );

    // Twice: the second import changes nothing.
    for _ in 0..2 {
        json(&plumbline(
            &db,
            &["--json", "import", "metrics", file, "--app", &app],
        ));
    }
    let trend = json(&plumbline(&db, &trend_args));
    assert_eq!(trend["total"].as_f64(), Some(installs as f64));
    let points = trend["points"].as_array().expect("points");
    assert_eq!(points.len(), 36, "one point per month of 2024 to 2026");
    assert_eq!(points[0]["start"], "2024-01-01");
    assert_eq!(trend["sources"], serde_json::json!(["csv"]));
    let net = json(&plumbline(
        &db,
        &[
            "--json",
            "trend",
            "--app",
            &app,
            "--metric",
            "active",
            "--by",
            "week",
            "--from",
            "2024-01-01",
            "--to",
            "2026-12-31",
        ],
    ));
    assert_eq!(net["total"].as_f64(), Some((installs - uninstalls) as f64));

    let activity = exports.join("punch-list-pro-api-activity.csv");
    let imported = json(&plumbline(
        &db,
        &[
            "--json",
            "import",
            "activity",
            activity.to_str().expect("path"),
            "--app",
            &app,
        ],
    ));
    assert!(imported["preview"]["calls"].as_u64().expect("calls") > 1_000);

    // A number entered by hand outranks the CSV, and clearing it brings the CSV's back.
    let day_args = |metric: &'static str| {
        [
            "--json",
            "trend",
            "--app",
            &app,
            "--metric",
            metric,
            "--by",
            "day",
            "--from",
            "2026-01-05",
            "--to",
            "2026-01-05",
        ]
        .map(str::to_owned)
    };
    let csv_views = json(&plumbline(
        &db,
        &day_args("views").each_ref().map(String::as_str),
    ))["total"]
        .clone();
    json(&plumbline(
        &db,
        &[
            "--json",
            "set-metric",
            "--app",
            &app,
            "--date",
            "2026-01-05",
            "--metric",
            "views",
            "7777",
        ],
    ));
    let manual = json(&plumbline(
        &db,
        &day_args("views").each_ref().map(String::as_str),
    ));
    assert_eq!(manual["total"], 7777.0);
    assert_eq!(
        manual["sources"],
        serde_json::json!(["manual", "csv"]),
        "views by hand, the rest from the CSV"
    );
    json(&plumbline(
        &db,
        &[
            "--json",
            "set-metric",
            "--app",
            &app,
            "--date",
            "2026-01-05",
            "--metric",
            "views",
            "--clear",
        ],
    ));
    assert_eq!(
        json(&plumbline(
            &db,
            &day_args("views").each_ref().map(String::as_str)
        ))["total"],
        csv_views
    );

    let mark = json(&plumbline(
        &db,
        &[
            "--json",
            "annotate",
            "--app",
            &app,
            "--date",
            "2026-03-01",
            "--kind",
            "release",
            "v2.0 promoted",
        ],
    ));
    assert_eq!(mark["day"], "2026-03-01");
}

#[test]
fn a_bad_file_fails_with_one_line_naming_where_and_writes_nothing() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("p.sqlite3");
    json(&plumbline(&db, &["--json", "apps", "add", "Site Diary"]));
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        "Date,Views,Installs\n2026-01-01,5,1\n2026-01-02,5,-1\n",
    )
    .expect("write");
    let out = plumbline(
        &db,
        &[
            "import",
            "metrics",
            bad.to_str().expect("path"),
            "--app",
            "1",
        ],
    );
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("line 3, column “Installs”") && stderr.lines().count() == 1,
        "{stderr}"
    );
    let trend = json(&plumbline(
        &db,
        &[
            "--json",
            "trend",
            "--app",
            "1",
            "--metric",
            "views",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-31",
        ],
    ));
    assert_eq!(trend["total"], 0.0);
    let usage = plumbline(&db, &["trend", "--app", "1", "--metric", "revenue"]);
    assert_eq!(usage.status.code(), Some(2), "bad usage");
    assert!(String::from_utf8_lossy(&usage.stderr).contains("revenue"));
}
