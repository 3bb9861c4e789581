//! The deprecation watch's commands as a real process: `check` (with and without a database,
//! every output format, its exit codes), `reference import`, `scan`, `deprecations`, `health`.

#![allow(clippy::unwrap_used)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn plumbline(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plumbline"))
        .current_dir(dir)
        .args(args)
        .env_remove("PLUMBLINE_DB")
        .env("PLUMBLINE_PROFILE", "cli-watch-test-never-used")
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

/// Three operations: one sunsetting on 2027-01-15, one deprecated without a sunset, one
/// active, and the v1.1 twin of the deprecated upload.
const SPEC: &str = r#"{
  "openapi": "3.0.1",
  "info": { "title": "Procore Rest API Documentation", "version": "2026.12" },
  "paths": {
    "/rest/v1.0/projects/{project_id}/rfis": {
      "get": { "summary": "List RFIs", "tags": ["RFIs"], "deprecated": true,
               "x-deprecated-at": "2026-01-15", "x-sunset": "2027-01-15",
               "x-replaced-by": "GET /rest/v1.1/projects/{project_id}/rfis" }
    },
    "/rest/v1.0/companies/{company_id}/uploads": {
      "post": { "summary": "Create Upload", "deprecated": true, "x-deprecated-at": "2023-12-03" }
    },
    "/rest/v1.1/companies/{company_id}/uploads": { "post": { "summary": "Create Upload" } },
    "/rest/v1.0/companies": { "get": { "summary": "List Companies" } }
  }
}"#;

const ACTIVITY: &str = "Date,Response Code,HTTP Method,Normalized Route,Count\n\
2026-11-30,200,GET,/v1.0/projects/:project_id/rfis,120\n\
2026-11-30,429,GET,/v1.0/projects/:project_id/rfis,4\n\
2026-12-01,200,GET,/v1.0/companies,10\n\
2026-12-01,401,GET,/v1.0/companies,2\n\
2026-12-02,404,GET,/v1.0/widgets/:id,3\n";

struct Fixture {
    dir: tempfile::TempDir,
}

impl Fixture {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("openapi.json"), SPEC).unwrap();
        std::fs::write(dir.path().join("activity.csv"), ACTIVITY).unwrap();
        let src = dir.path().join("app/src");
        std::fs::create_dir_all(&src).unwrap();
        std::fs::write(
            src.join("upload.ts"),
            "import axios from 'axios';\n\
             export const upload = (companyId: number, body: unknown) =>\n\
             \x20 axios.post(`/rest/v1.0/companies/${companyId}/uploads`, body);\n\
             export const uploadNew = (companyId: number, body: unknown) =>\n\
             \x20 axios.post(`/rest/v1.1/companies/${companyId}/uploads`, body);\n",
        )
        .unwrap();
        Self { dir }
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("p.sqlite3")
    }

    fn run(&self, args: &[&str]) -> Output {
        plumbline(self.path(), args)
    }
}

const TODAY: &str = "2026-12-03";

#[test]
fn check_without_a_database_gates_on_the_sunset_window() {
    let f = Fixture::new();
    let base = [
        "check",
        "--reference",
        "openapi.json",
        "--activity",
        "activity.csv",
        "--scan",
        "app",
        "--today",
        TODAY,
    ];
    // The RFIs sunset is 43 days away: inside the default 90.
    let out = f.run(&base);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let table = text(&out);
    assert!(
        table.contains("GET /rest/v1.0/projects/{project_id}/rfis"),
        "{table}"
    );
    assert!(table.contains("43 days"), "{table}");
    assert!(table.contains("app/src/upload.ts:3"), "{table}");
    assert!(table.contains("1 failing"), "{table}");
    assert!(!f.db().exists(), "no database is created without --app");

    // Within 30 days nothing fails; with --fail-on-deprecated the upload does.
    let mut within = base.to_vec();
    within.extend(["--fail-within", "30"]);
    assert_eq!(f.run(&within).status.code(), Some(0));
    within.push("--fail-on-deprecated");
    assert_eq!(f.run(&within).status.code(), Some(1));

    // A later day: the sunset has passed.
    let mut later = base.to_vec();
    later[8] = "2027-02-01";
    later.push("--json");
    let out = f.run(&later);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let rfis = &json["routes"][0];
    assert_eq!(rfis["status"], "sunset");
    assert_eq!(rfis["days_left"], -17);
}

#[test]
fn check_json_has_every_route_with_where_it_was_seen() {
    let f = Fixture::new();
    let out = f.run(&[
        "check",
        "--reference",
        "openapi.json",
        "--activity",
        "activity.csv",
        "--scan",
        "app",
        "--today",
        TODAY,
        "--json",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["today"], TODAY);
    assert_eq!(json["fail_within"], 90);
    let routes: Vec<(String, String, String)> = json["routes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["method"].as_str().unwrap().to_owned(),
                r["path"].as_str().unwrap().to_owned(),
                r["status"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        routes,
        vec![
            (
                "GET".into(),
                "/rest/v1.0/projects/{project_id}/rfis".into(),
                "deprecated".into()
            ),
            (
                "POST".into(),
                "/rest/v1.0/companies/{company_id}/uploads".into(),
                "deprecated".into()
            ),
            (
                "GET".into(),
                "/rest/v1.0/widgets/{}".into(),
                "unknown".into()
            ),
            ("GET".into(), "/rest/v1.0/companies".into(), "active".into()),
            (
                "POST".into(),
                "/rest/v1.1/companies/{company_id}/uploads".into(),
                "active".into()
            ),
        ],
        "the unknown route is reported with its normalized path, never dropped"
    );
    let rfis = &json["routes"][0];
    assert_eq!(rfis["deprecated_at"], "2026-01-15");
    assert_eq!(rfis["sunset"], "2027-01-15");
    assert_eq!(rfis["days_left"], 43);
    assert_eq!(rfis["failing"], true);
    assert_eq!(
        rfis["replacement"],
        "GET /rest/v1.1/projects/{project_id}/rfis"
    );
    assert_eq!(rfis["seen_in"][0]["source"], "activity");
    assert_eq!(rfis["seen_in"][0]["calls"], 124);
    assert_eq!(rfis["seen_in"][0]["last_called"], "2026-11-30");
    let upload = &json["routes"][1];
    assert_eq!(upload["sunset"], serde_json::Value::Null);
    assert_eq!(upload["days_left"], serde_json::Value::Null);
    assert_eq!(upload["failing"], false);
    assert_eq!(upload["seen_in"][0]["source"], "scan");
    assert_eq!(upload["seen_in"][0]["file"], "app/src/upload.ts");
    assert_eq!(upload["seen_in"][0]["line"], 3);
}

#[test]
fn sarif_puts_scanned_uses_on_their_lines_and_junit_fails_the_failing_routes() {
    let f = Fixture::new();
    let out = f.run(&[
        "check",
        "--reference",
        "openapi.json",
        "--activity",
        "activity.csv",
        "--scan",
        "app",
        "--today",
        TODAY,
        "--fail-on-deprecated",
        "--sarif",
        "out.sarif",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let sarif: serde_json::Value =
        serde_json::from_slice(&std::fs::read(f.path().join("out.sarif")).unwrap()).unwrap();
    assert_eq!(sarif["version"], "2.1.0");
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let located: Vec<_> = results
        .iter()
        .filter(|r| r.get("locations").is_some())
        .collect();
    assert_eq!(located.len(), 1, "{results:?}");
    let location = &located[0]["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "app/src/upload.ts");
    assert_eq!(location["region"]["startLine"], 3);
    assert_eq!(located[0]["ruleId"], "procore-route-deprecated");
    assert_eq!(located[0]["level"], "error");
    assert!(
        located[0]["message"]["text"]
            .as_str()
            .unwrap()
            .contains("POST /rest/v1.0/companies/{company_id}/uploads is deprecated")
    );

    let out = f.run(&[
        "check",
        "--reference",
        "openapi.json",
        "--activity",
        "activity.csv",
        "--scan",
        "app",
        "--today",
        TODAY,
        "--junit",
        "junit.xml",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let junit = std::fs::read_to_string(f.path().join("junit.xml")).unwrap();
    assert!(junit.contains("tests=\"5\" failures=\"1\""), "{junit}");
    assert_eq!(junit.matches("<failure ").count(), 1, "{junit}");
    assert!(
        junit.contains("name=\"GET /rest/v1.0/projects/{project_id}/rfis\">\n      <failure"),
        "{junit}"
    );
    assert_eq!(junit.matches("<testcase ").count(), 5);
}

#[test]
fn check_usage_errors_exit_2() {
    let f = Fixture::new();
    for args in [
        vec!["check", "--scan", "app"],
        vec!["check", "--reference", "openapi.json"],
        vec!["check", "--reference", "missing.json", "--scan", "app"],
        vec!["check", "--reference", "activity.csv", "--scan", "app"],
        vec![
            "check",
            "--reference",
            "openapi.json",
            "--scan",
            "app",
            "--today",
            "tomorrow",
        ],
        vec![
            "check",
            "--reference",
            "openapi.json",
            "--scan",
            "no-such-dir",
        ],
        vec!["check", "--bogus"],
        vec![
            "check",
            "--sarif",
            "a",
            "--junit",
            "b",
            "--reference",
            "openapi.json",
        ],
    ] {
        let out = f.run(&args);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {}", text(&out));
        assert!(!text(&out).trim().is_empty(), "{args:?} says why");
    }
}

#[test]
fn stored_reference_scans_and_activity_feed_deprecations_check_and_health() {
    let f = Fixture::new();
    let db = f.db();
    let db = db.to_str().unwrap();
    let added = f.run(&["--db", db, "apps", "add", "Site Diary", "--json"]);
    assert!(added.status.success(), "{}", text(&added));
    let id = serde_json::from_slice::<serde_json::Value>(&added.stdout).unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();

    // A broken download is refused and changes nothing; the good one is accepted.
    std::fs::write(f.path().join("broken.json"), &SPEC[..SPEC.len() / 2]).unwrap();
    std::fs::write(
        f.path().join("page.html"),
        "<!doctype html><title>Sign in</title>",
    )
    .unwrap();
    let ok = f.run(&["--db", db, "reference", "import", "openapi.json"]);
    assert!(ok.status.success(), "{}", text(&ok));
    assert!(
        text(&ok).contains("accepted 4 operations (2 deprecated)"),
        "{}",
        text(&ok)
    );
    for bad in ["broken.json", "page.html"] {
        let out = f.run(&["--db", db, "reference", "import", bad, "--kind", "openapi"]);
        assert_eq!(out.status.code(), Some(1), "{bad}");
        assert!(
            text(&out).contains("keeps the reference data it already had"),
            "{}",
            text(&out)
        );
    }
    let status = f.run(&["--db", db, "reference", "status", "--json"]);
    let status: serde_json::Value = serde_json::from_slice(&status.stdout).unwrap();
    assert_eq!(status.as_array().unwrap().len(), 1);
    assert_eq!(status[0]["operations"], 4);

    let imported = f.run(&[
        "--db",
        db,
        "import",
        "activity",
        "activity.csv",
        "--app",
        &id,
    ]);
    assert!(imported.status.success(), "{}", text(&imported));
    let scanned = f.run(&["--db", db, "scan", "app", "--app", &id]);
    assert!(scanned.status.success(), "{}", text(&scanned));
    assert!(
        text(&scanned).contains("2 Procore calls"),
        "{}",
        text(&scanned)
    );

    let out = f.run(&[
        "--db",
        db,
        "deprecations",
        "--app",
        &id,
        "--today",
        TODAY,
        "--json",
    ]);
    assert!(out.status.success(), "{}", text(&out));
    let routes: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(routes.as_array().unwrap().len(), 5);
    assert_eq!(routes[0]["route"], "GET /rest/v1.0/projects/{}/rfis");
    assert_eq!(routes[0]["daysLeft"], 43);
    let portfolio = f.run(&["--db", db, "deprecations", "--portfolio", "--today", TODAY]);
    assert!(
        text(&portfolio).contains("Site Diary (app"),
        "{}",
        text(&portfolio)
    );

    let gate = f.run(&["--db", db, "check", "--app", &id, "--today", TODAY]);
    assert_eq!(gate.status.code(), Some(1), "{}", text(&gate));
    let relaxed = f.run(&[
        "--db",
        db,
        "check",
        "--app",
        &id,
        "--today",
        TODAY,
        "--fail-within",
        "7",
    ]);
    assert_eq!(relaxed.status.code(), Some(0), "{}", text(&relaxed));

    let health = f.run(&["--db", db, "health", "--app", &id, "--json"]);
    assert!(health.status.success(), "{}", text(&health));
    let health: serde_json::Value = serde_json::from_slice(&health.stdout).unwrap();
    assert_eq!(health["to"], "2026-12-02");
    assert_eq!(health["days"].as_array().unwrap().len(), 14);
    let last3: Vec<_> = health["days"].as_array().unwrap()[11..]
        .iter()
        .map(|d| {
            (
                d["calls"].as_u64().unwrap(),
                d["unauthorized"].as_u64().unwrap(),
                d["notFound"].as_u64().unwrap(),
                d["rateLimited"].as_u64().unwrap(),
                d["deprecatedCalls"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        last3,
        vec![(124, 0, 0, 4, 124), (12, 2, 0, 0, 0), (3, 0, 3, 0, 0)]
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_reference_comes_from_a_docs_host_conditionally_and_check_reads_a_url() {
    const START: i64 = 1_795_000_000; // 2026-11-18
    let sim = plumbline_procore_sim::RunningSimulator::start(plumbline_procore_sim::SimConfig {
        start: Some(START),
        ..plumbline_procore_sim::SimConfig::default()
    })
    .await
    .unwrap();
    let f = Fixture::new();
    let db = f.db();
    let db = db.to_str().unwrap().to_owned();
    let base = sim.base_url.clone();
    let run = |args: Vec<String>| {
        let dir = f.path().to_owned();
        tokio::task::spawn_blocking(move || {
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            plumbline(&dir, &args)
        })
    };
    let check = vec![
        "--db".to_owned(),
        db.clone(),
        "reference".into(),
        "check".into(),
        "--docs-url".into(),
        base.clone(),
    ];
    let first = run(check.clone()).await.unwrap();
    assert!(first.status.success(), "{}", text(&first));
    assert!(
        text(&first).contains("openapi: accepted 1953 operations"),
        "{}",
        text(&first)
    );
    let second = run(check).await.unwrap();
    assert_eq!(
        text(&second),
        "openapi: not modified since the last check.\nlegacy: not modified since the last check.\n"
    );

    // The gate reads the same document from its URL; the demo's deprecated BIM route sunsets
    // 75 days after the simulator's start.
    std::fs::write(
        f.path().join("app/src/bim.js"),
        "export const history = (id) => fetch(`/rest/v1.0/bim_models/${id}/change_history`);\n",
    )
    .unwrap();
    let url = format!("{base}/api/v1/resource_groups/full_oas?version=1");
    let gate = run([
        "check",
        "--reference",
        &url,
        "--scan",
        "app",
        "--today",
        "2026-11-18",
        "--json",
    ]
    .map(str::to_owned)
    .to_vec())
    .await
    .unwrap();
    assert_eq!(gate.status.code(), Some(1), "{}", text(&gate));
    let json: serde_json::Value = serde_json::from_slice(&gate.stdout).unwrap();
    let bim = json["routes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"] == "/rest/v1.0/bim_models/{id}/change_history")
        .unwrap();
    assert_eq!(bim["days_left"], 75);
    assert_eq!(bim["seen_in"][0]["file"], "app/src/bim.js");
    sim.stop().await;
}

/// Today as the CLI sees it (the real clock), to write a sunset a known number of days ahead.
fn real_today() -> plumbline_domain::Day {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    plumbline_domain::Day::of(plumbline_domain::UnixMillis(ms))
}

#[test]
fn watch_records_alerts_once_and_the_inbox_lists_shows_dismisses_and_mutes() {
    let f = Fixture::new();
    let db = f.db();
    let db = db.to_str().unwrap();
    let sunset = real_today().plus(20).to_string();
    std::fs::write(
        f.path().join("soon.json"),
        SPEC.replace(
            "\"x-sunset\": \"2027-01-15\"",
            &format!("\"x-sunset\": \"{sunset}\""),
        ),
    )
    .unwrap();
    let added = f.run(&["--db", db, "apps", "add", "Site Diary", "--json"]);
    let id = serde_json::from_slice::<serde_json::Value>(&added.stdout).unwrap()["id"]
        .as_i64()
        .unwrap()
        .to_string();
    assert!(
        f.run(&["--db", db, "reference", "import", "soon.json"])
            .status
            .success()
    );
    std::fs::write(
        f.path().join("app/src/rfis.ts"),
        "export const rfis = (p: number) => fetch(`/rest/v1.0/projects/${p}/rfis`);\n",
    )
    .unwrap();
    assert!(
        f.run(&["--db", db, "scan", "app", "--app", &id])
            .status
            .success()
    );

    let first = f.run(&["--db", db, "watch", "--once", "--json"]);
    assert!(first.status.success(), "{}", text(&first));
    let lines: Vec<serde_json::Value> = String::from_utf8_lossy(&first.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 1, "{lines:?}");
    assert_eq!(lines[0]["kind"], "deprecation");
    assert_eq!(lines[0]["severity"], "warning");
    assert_eq!(
        lines[0]["title"],
        "Site Diary: a Procore route it uses stops working within 30 days"
    );
    assert!(
        lines[0]["body"]
            .as_str()
            .unwrap()
            .contains(&format!("in 20 days, on {sunset}"))
    );
    let again = f.run(&["--db", db, "watch", "--once", "--json"]);
    assert!(again.status.success());
    assert!(
        again.stdout.is_empty(),
        "an alert is recorded once: {}",
        text(&again)
    );

    let alert = lines[0]["id"].to_string();
    let listed = f.run(&["--db", db, "alerts", "list", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(listed.as_array().unwrap().len(), 1);
    assert_eq!(listed[0]["state"], "new");
    let shown = f.run(&["--db", db, "alerts", "show", &alert]);
    assert!(
        text(&shown).contains("Open the app's Deprecations tab"),
        "{}",
        text(&shown)
    );
    let listed = f.run(&["--db", db, "alerts", "list", "--json"]);
    let listed: serde_json::Value = serde_json::from_slice(&listed.stdout).unwrap();
    assert_eq!(listed[0]["state"], "seen");
    assert!(
        f.run(&["--db", db, "alerts", "dismiss", &alert])
            .status
            .success()
    );
    let listed = f.run(&["--db", db, "alerts", "list", "--json"]);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&listed.stdout).unwrap(),
        serde_json::json!([])
    );
    let all = f.run(&["--db", db, "alerts", "list", "--all", "--json"]);
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&all.stdout).unwrap()[0]["state"],
        "dismissed"
    );
    assert_eq!(
        f.run(&["--db", db, "alerts", "dismiss", "999"])
            .status
            .code(),
        Some(1)
    );

    let muted = f.run(&[
        "--db", db, "alerts", "mute", "--app", &id, "--kind", "surge",
    ]);
    assert_eq!(text(&muted).trim(), "Muted.");
    let twice = f.run(&[
        "--db", db, "alerts", "mute", "--app", &id, "--kind", "surge",
    ]);
    assert_eq!(text(&twice).trim(), "Already muted.");
    let unmuted = f.run(&[
        "--db", db, "alerts", "unmute", "--app", &id, "--kind", "surge",
    ]);
    assert_eq!(text(&unmuted).trim(), "Unmuted.");
    assert_eq!(
        f.run(&["--db", db, "alerts", "mute"]).status.code(),
        Some(2)
    );
}
