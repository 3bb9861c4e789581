//! `plumbline surge` as a real process: `surge eval` on CSV files (a clear spike, a short
//! history, malformed lines) and `surge --app` on a store holding the simulator's export.

mod support;

use serde_json::Value;
use support::{json, plumbline};

/// `YYYY-MM-DD` for day `n` of 2026 (January 5th is a Monday).
fn date(n: u32) -> String {
    let days_in = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let (mut month, mut day) = (0, n + 4);
    while day >= days_in[month] {
        day -= days_in[month];
        month += 1;
    }
    format!("2026-{:02}-{:02}", month + 1, day + 1)
}

/// 120 days of about one uninstall a weekday from 2026-01-05, days 50 to 52 missing, and 15
/// on day 100 (2026-04-15).
fn spike_csv() -> String {
    let weekday = [1, 2, 0, 1, 3];
    let weekend = [0, 1];
    let mut csv = String::from("date,count\n");
    for n in 0..120u32 {
        if (50..53).contains(&n) {
            continue;
        }
        let count = match n {
            100 => 15,
            _ if n % 7 < 5 => weekday[(n / 7 % 5) as usize],
            _ => weekend[(n % 7 - 5) as usize],
        };
        csv.push_str(&format!("{},{count}\n", date(n)));
    }
    csv
}

#[test]
fn a_clear_spike_is_one_critical_alert_with_its_episode() {
    assert_eq!(date(0), "2026-01-05");
    assert_eq!(date(100), "2026-04-15");
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("p.sqlite3");
    let file = dir.path().join("uninstalls.csv");
    std::fs::write(&file, spike_csv()).expect("write");
    let out = plumbline(
        &db,
        &[
            "surge",
            "eval",
            "--series",
            file.to_str().expect("path"),
            "--as-of",
            "2026-05-10",
            "--json",
        ],
    );
    let report = json(&out);
    assert_eq!(report["learning_until"], Value::Null);
    // The series ends before as-of minus the lag (2026-05-08): its last day is the last final.
    assert_eq!(report["last_final"], "2026-05-04");
    let alerts = report["alerts"].as_array().expect("alerts");
    let spike = alerts
        .iter()
        .find(|a| a["date"] == "2026-04-15")
        .unwrap_or_else(|| panic!("no alert on the spike: {alerts:?}"));
    assert_eq!(spike["rule"], "spike");
    assert_eq!(spike["observed"], 15);
    assert!(spike["expected"].as_f64().expect("expected") < 3.0);
    assert!(spike["p"].as_f64().expect("p") < 1e-4);
    assert_eq!(spike["severity"], "critical");
    assert_eq!(spike["episode"], "2026-04-15");
    assert_eq!(spike["window"]["start"], "2026-04-15");
    assert_eq!(spike["window"]["end"], "2026-04-15");
    // One entry per alerting day; the days of one episode carry its identity, and nothing
    // alerted on the missing days or before the spike.
    for a in alerts {
        assert!(a["date"].as_str() >= Some("2026-04-15"), "{a}");
        let keys: Vec<&str> = a
            .as_object()
            .expect("object")
            .keys()
            .map(|k| k.as_str())
            .collect();
        for key in [
            "date", "rule", "episode", "observed", "expected", "p", "severity", "window",
        ] {
            assert!(keys.contains(&key), "{key} missing from {a}");
        }
    }
    let episodes = report["episodes"].as_array().expect("episodes");
    assert_eq!(episodes.len(), 1, "{episodes:?}");
    assert_eq!(episodes[0]["id"], "2026-04-15");
    assert!(
        alerts
            .iter()
            .filter(|a| a["date"].as_str() <= episodes[0]["last_alert"].as_str())
            .all(|a| a["episode"] == "2026-04-15")
    );

    // The same file again gives the same answer, byte for byte; the text says the same.
    let again = plumbline(
        &db,
        &[
            "--json",
            "surge",
            "eval",
            "--series",
            file.to_str().expect("path"),
            "--as-of",
            "2026-05-10",
        ],
    );
    assert_eq!(out.stdout, again.stdout);
    let text = plumbline(
        &db,
        &[
            "surge",
            "eval",
            "--series",
            file.to_str().expect("path"),
            "--as-of",
            "2026-05-10",
        ],
    );
    let text = String::from_utf8(text.stdout).expect("UTF-8");
    assert!(text.contains("2026-04-15  spike"), "{text}");
    assert!(text.contains("critical"), "{text}");

    // As installations the same counts are watched for drops: the spike is no alert.
    let drops = json(&plumbline(
        &db,
        &[
            "--json",
            "surge",
            "eval",
            "--series",
            file.to_str().expect("path"),
            "--metric",
            "installations",
            "--as-of",
            "2026-05-10",
        ],
    ));
    assert_eq!(drops["direction"], "drop");
    assert!(
        drops["alerts"]
            .as_array()
            .expect("alerts")
            .iter()
            .all(|a| a["date"] != "2026-04-15")
    );
}

#[test]
fn a_short_history_is_learning() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("short.csv");
    // No header, CRLF line ends, an empty count (a missing day).
    std::fs::write(
        &file,
        "2026-03-01,1\r\n2026-03-02,\r\n2026-03-03,40\r\n2026-03-10,0\r\n",
    )
    .expect("write");
    let report = json(&plumbline(
        &dir.path().join("p.sqlite3"),
        &[
            "--json",
            "surge",
            "eval",
            "--series",
            file.to_str().expect("path"),
            "--as-of",
            "2026-03-20",
        ],
    ));
    assert_eq!(report["learning_until"], "2026-04-05");
    assert_eq!(report["state"], "learning");
    assert_eq!(report["alerts"], serde_json::json!([]));
}

#[test]
fn a_malformed_series_exits_2_naming_the_line() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("p.sqlite3");
    for (name, body, says) in [
        (
            "count.csv",
            "date,count\n2026-01-01,3\n2026-01-02,three\n",
            "line 3: “three” is not a count",
        ),
        (
            "date.csv",
            "date,count\n2026-01-01,3\n2026-02-30,1\n",
            "line 3: “2026-02-30” is not a date",
        ),
        (
            "fields.csv",
            "2026-01-01,3\n2026-01-02;4\n",
            "line 2: expected date,count",
        ),
        (
            "twice.csv",
            "date,count\n2026-01-01,3\n\n2026-01-01,4\n",
            "line 4: 2026-01-01 is listed again (first on line 2)",
        ),
    ] {
        let file = dir.path().join(name);
        std::fs::write(&file, body).expect("write");
        let out = plumbline(
            &db,
            &[
                "surge",
                "eval",
                "--series",
                file.to_str().expect("path"),
                "--json",
            ],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(stderr.contains(says), "{name}: {stderr}");
        assert!(stderr.contains(name), "{name}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{stderr}");
        assert!(out.stdout.is_empty());
    }
    let missing = plumbline(&db, &["surge", "eval", "--series", "/no/such/file.csv"]);
    assert_eq!(missing.status.code(), Some(2));
    let neither = plumbline(&db, &["surge"]);
    assert_eq!(neither.status.code(), Some(2));
}

#[test]
fn an_apps_stored_metrics_show_the_simulated_surge_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("p.sqlite3");
    let exports = dir.path().join("exports");
    // The simulator's Punch List Pro: two years to 2026-11-16, an uninstall surge from
    // 2026-11-12 (5 days before the scenario's start) for five days.
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
    let app = json(&plumbline(
        &db,
        &["--json", "apps", "add", "Punch List Pro"],
    ))["id"]
        .as_i64()
        .expect("id")
        .to_string();
    let file = exports.join("punch-list-pro-metrics.csv");
    json(&plumbline(
        &db,
        &[
            "--json",
            "import",
            "metrics",
            file.to_str().expect("path"),
            "--app",
            &app,
        ],
    ));
    json(&plumbline(
        &db,
        &[
            "--json",
            "annotate",
            "--app",
            &app,
            "--date",
            "2026-11-01",
            "--kind",
            "release",
            "v3.2 promoted",
        ],
    ));
    let report = json(&plumbline(
        &db,
        &["--json", "surge", "--app", &app, "--as-of", "2026-11-18"],
    ));
    let metrics = report["metrics"].as_array().expect("metrics");
    let names: Vec<&str> = metrics
        .iter()
        .filter_map(|m| m["metric"].as_str())
        .collect();
    assert_eq!(names, ["uninstalls", "installations", "views"]);
    let uninstalls = &metrics[0];
    assert_eq!(uninstalls["state"], "watching");
    assert_eq!(uninstalls["direction"], "rise");
    let in_surge: Vec<&Value> = uninstalls["episodes"]
        .as_array()
        .expect("episodes")
        .iter()
        .filter(|e| e["last_alert"].as_str() >= Some("2026-11-12"))
        .collect();
    assert_eq!(in_surge.len(), 1, "{in_surge:?}");
    let episode = in_surge[0];
    let first = episode["first_alert"].as_str().expect("first alert");
    assert!(("2026-11-12".."2026-11-17").contains(&first), "{first}");
    assert_eq!(episode["severity"], "critical");
    assert_eq!(episode["changes_before"][0]["text"], "v3.2 promoted");
    for m in &metrics[1..] {
        assert_eq!(m["direction"], "drop");
    }

    let text = plumbline(&db, &["surge", "--app", &app, "--metric", "uninstalls"]);
    let text = String::from_utf8(text.stdout).expect("UTF-8");
    assert!(text.contains("uninstalls (rises): watching"), "{text}");
    let missing = plumbline(&db, &["surge", "--app", "999"]);
    assert_eq!(missing.status.code(), Some(1));
}
