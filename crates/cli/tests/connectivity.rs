//! `plumbline sim serve`, `account connect`, `sync` and `installs`, as real processes, with the
//! secret in a real Secret Service (started by scripts/with-test-services.sh).

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};

struct Simulator {
    child: Child,
    summary: serde_json::Value,
}

impl Simulator {
    fn start(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_plumbline"))
            .args(["sim", "serve"])
            .args(args)
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the simulator");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("its JSON line");
        let summary = serde_json::from_str(&line).expect("one JSON line");
        Self { child, summary }
    }

    fn url(&self) -> &str {
        self.summary["apiUrl"].as_str().expect("apiUrl")
    }
}

impl Drop for Simulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn keychain_available(test: &str) -> bool {
    if std::env::var_os("PLUMBLINE_TEST_KEYRING").is_some() {
        return true;
    }
    let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
    assert!(
        !ci,
        "{test}: no test keychain under CI: run through scripts/with-test-services.sh"
    );
    eprintln!("skipping {test}: no test keychain");
    false
}

fn plumbline(db: &Path, args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_plumbline"))
        .arg("--db")
        .arg(db)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run plumbline");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes())
        .expect("write stdin");
    child.wait_with_output().expect("wait")
}

fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

#[test]
fn sim_serve_prints_its_urls_and_test_credentials() {
    let sim = Simulator::start(&["--seed", "7", "--scenario", "demo"]);
    assert!(sim.url().starts_with("http://127.0.0.1:"));
    let apps = sim.summary["apps"].as_array().expect("apps");
    assert!(apps.len() >= 3);
    assert!(
        apps.iter()
            .all(|a| a["clientId"].is_string() && a["clientSecret"].is_string())
    );
    let unknown = Command::new(env!("CARGO_BIN_EXE_plumbline"))
        .args(["sim", "serve", "--scenario", "moon"])
        .output()
        .expect("run");
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("demo, large"));
}

#[test]
fn connect_sync_and_list_installs() {
    if !keychain_available("connect_sync_and_list_installs") {
        return;
    }
    // Procore also announces the companies route as deprecated, for `plumbline deprecations`.
    let sim = Simulator::start(&["--announce-deprecation"]);
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("p.sqlite3");
    let app = json(&plumbline(
        &db,
        &["--json", "apps", "add", "Site Diary Sync"],
        "",
    ))["id"]
        .as_i64()
        .expect("id");
    let client_id = sim.summary["apps"][0]["clientId"]
        .as_str()
        .expect("client id")
        .to_owned();
    let secret = sim.summary["apps"][0]["clientSecret"]
        .as_str()
        .expect("secret")
        .to_owned();
    let url = sim.url().to_owned();
    let connect = |secret: &str| {
        plumbline(
            &db,
            &[
                "--json",
                "account",
                "connect",
                "--app",
                &app.to_string(),
                "--env",
                "custom",
                "--login-url",
                &url,
                "--api-url",
                &url,
                "--docs-url",
                &url,
                "--client-id",
                &client_id,
                "--grant",
                "client_credentials",
            ],
            &format!("{secret}\n"),
        )
    };
    let refused = connect("wrong-secret");
    assert_eq!(refused.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&refused.stderr);
    assert!(
        stderr.contains("client id or secret was refused by Procore")
            && stderr.lines().count() == 1,
        "{stderr}"
    );

    let connected = json(&connect(&secret));
    assert_eq!(connected["clientId"], client_id.as_str());
    let first = json(&plumbline(&db, &["--json", "sync"], ""));
    assert!(first["companies"].as_u64().expect("companies") > 100);
    assert_eq!(
        first["requests"], 1,
        "one page of up to 2,000 companies with the token from connecting"
    );
    let second = json(&plumbline(
        &db,
        &["--json", "sync", "--app", &app.to_string()],
        "",
    ));
    assert_eq!(
        (second["installs"].as_u64(), second["uninstalls"].as_u64()),
        (Some(0), Some(0))
    );
    let events = json(&plumbline(
        &db,
        &["--json", "installs", "--app", &app.to_string()],
        "",
    ));
    assert_eq!(
        events.as_array().expect("events").len() as u64,
        first["companies"].as_u64().expect("companies")
    );
    assert!(events[0]["baseline"].as_bool().expect("baseline"));
    assert_eq!(first["apps"][0]["deprecations"], 1);
    let deprecations = json(&plumbline(
        &db,
        &["--json", "deprecations", "--app", &app.to_string()],
        "",
    ));
    // No reference data is stored: the route is known from its headers alone.
    assert_eq!(deprecations[0]["path"], "/rest/v1.0/companies");
    assert_eq!(deprecations[0]["status"], "deprecated");
    assert_eq!(deprecations[0]["seenIn"][0]["source"], "headers");
    let sunset = deprecations[0]["sunset"].as_str().expect("a sunset date");
    assert!(
        plumbline_domain::Day::parse_iso(sunset).is_some(),
        "{sunset}"
    );
    let listed = plumbline(&db, &["deprecations", "--app", &app.to_string()], "");
    let text = String::from_utf8_lossy(&listed.stdout);
    assert!(
        text.contains("GET /rest/v1.0/companies")
            && text.contains(sunset)
            && text.contains("headers"),
        "{text}"
    );
    // The secret is nowhere in the profile's files.
    for entry in std::fs::read_dir(dir.path()).expect("dir") {
        let bytes = std::fs::read(entry.expect("entry").path()).expect("read");
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret.as_bytes()),
            "secret found on disk"
        );
    }
    let gone = json(&plumbline(
        &db,
        &["--json", "account", "disconnect", "--app", &app.to_string()],
        "",
    ));
    assert_eq!(gone["disconnected"], true);
}

#[test]
fn connect_needs_a_secret_on_stdin_and_a_known_grant() {
    let dir = tempfile::tempdir().expect("tempdir");
    let db = dir.path().join("p.sqlite3");
    let app = json(&plumbline(&db, &["--json", "apps", "add", "X"], ""))["id"]
        .as_i64()
        .expect("id")
        .to_string();
    let no_secret = plumbline(
        &db,
        &["account", "connect", "--app", &app, "--client-id", "abc"],
        "",
    );
    assert_eq!(no_secret.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&no_secret.stderr).contains("no client secret on standard input")
    );
    let bad_grant = plumbline(
        &db,
        &[
            "account",
            "connect",
            "--app",
            &app,
            "--client-id",
            "abc",
            "--grant",
            "password",
        ],
        "s\n",
    );
    assert_eq!(bad_grant.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad_grant.stderr).contains("client_credentials"));
}
