//! `plumbline watch --once --notify` against a notification server Plumbline did not write:
//! python3-dbusmock's notification daemon on a private D-Bus session bus started here (so it
//! never meets the recorder the rest of the suite uses). It records every `Notify` call; the
//! test reads them back through the mock's own interface.

#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

/// A private bus and the mock server on it; both end with the value.
struct MockServer {
    bus: Child,
    mock: Child,
    address: String,
}

impl Drop for MockServer {
    fn drop(&mut self) {
        let _ = self.mock.kill();
        let _ = self.bus.kill();
        let _ = self.mock.wait();
        let _ = self.bus.wait();
    }
}

fn gdbus(address: &str, args: &[&str]) -> Output {
    Command::new("gdbus")
        .env("DBUS_SESSION_BUS_ADDRESS", address)
        .args([
            "call",
            "--session",
            "--dest",
            "org.freedesktop.Notifications",
            "--object-path",
            "/org/freedesktop/Notifications",
            "--method",
        ])
        .args(args)
        .output()
        .unwrap()
}

impl MockServer {
    fn start(test: &str) -> Option<Self> {
        let available = Command::new("/usr/bin/python3")
            .args(["-c", "import dbusmock"])
            .status()
            .is_ok_and(|s| s.success())
            && Path::new("/usr/bin/dbus-daemon").exists()
            && Command::new("gdbus").arg("help").output().is_ok();
        if !available {
            assert!(
                !in_ci(),
                "{test}: python3-dbusmock, dbus-daemon or gdbus is missing"
            );
            eprintln!("skipping {test}: python3-dbusmock, dbus-daemon or gdbus is missing");
            return None;
        }
        let mut bus = Command::new("dbus-daemon")
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut address = String::new();
        BufReader::new(bus.stdout.take().unwrap())
            .read_line(&mut address)
            .unwrap();
        let address = address.trim().to_owned();
        let mock = Command::new("/usr/bin/python3")
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .args([
                "-m",
                "dbusmock",
                "--template",
                "notification_daemon",
                "-p",
                r#"{"capabilities": "actions body"}"#,
            ])
            .stdout(Stdio::null())
            .spawn()
            .unwrap();
        let server = Self { bus, mock, address };
        let deadline = Instant::now() + Duration::from_secs(20);
        while !gdbus(
            &server.address,
            &["org.freedesktop.Notifications.GetCapabilities"],
        )
        .status
        .success()
        {
            assert!(
                Instant::now() < deadline,
                "the mock notification server did not start"
            );
            std::thread::sleep(Duration::from_millis(100));
        }
        Some(server)
    }

    /// Every `Notify` call the server received, as gdbus prints them.
    fn notify_calls(&self) -> String {
        let out = gdbus(
            &self.address,
            &["org.freedesktop.DBus.Mock.GetMethodCalls", "Notify"],
        );
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }
}

fn plumbline(dir: &Path, bus: &str, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plumbline"))
        .current_dir(dir)
        .args(args)
        .env_remove("PLUMBLINE_DB")
        .env("DBUS_SESSION_BUS_ADDRESS", bus)
        .output()
        .unwrap()
}

fn real_today() -> plumbline_domain::Day {
    let ms = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_millis() as i64;
    plumbline_domain::Day::of(plumbline_domain::UnixMillis(ms))
}

#[test]
fn watch_notifies_each_alert_once_on_a_real_notification_server() {
    let Some(server) =
        MockServer::start("watch_notifies_each_alert_once_on_a_real_notification_server")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("p.sqlite3");
    let db = db.to_str().unwrap();
    let bus = server.address.clone();
    let run = |args: &[&str]| {
        let mut all = vec!["--db", db];
        all.extend_from_slice(args);
        let out = plumbline(dir.path(), &bus, &all);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    };
    // A reference whose route sunsets in 5 days, and code that calls it.
    let sunset = real_today().plus(5).to_string();
    std::fs::write(
        dir.path().join("openapi.json"),
        format!(
            r#"{{"openapi": "3.0.1", "paths": {{"/rest/v1.0/projects/{{project_id}}/rfis": {{"get":
               {{"summary": "List RFIs", "deprecated": true, "x-deprecated-at": "2026-01-15",
                 "x-sunset": "{sunset}"}}}}}}}}"#
        ),
    )
    .unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::write(
        dir.path().join("src/rfis.js"),
        "export const rfis = (p) => fetch(`/rest/v1.0/projects/${p}/rfis`);\n",
    )
    .unwrap();
    let added = run(&["apps", "add", "Site Diary & Co", "--json"]);
    let id = serde_json::from_slice::<serde_json::Value>(&added.stdout).unwrap()["id"].to_string();
    run(&["reference", "import", "openapi.json"]);
    run(&["scan", "src", "--app", &id]);

    run(&["watch", "--once", "--notify"]);
    let calls = server.notify_calls();
    assert_eq!(
        calls.matches("[<'Plumbline'>").count(),
        1,
        "one Notify call: {calls}"
    );
    assert!(
        calls.contains("Site Diary & Co: a Procore route it uses stops working within 7 days"),
        "{calls}"
    );
    // The body is escaped for servers that read markup; the click opens the alert.
    assert!(
        calls.contains("Site Diary &amp; Co") || calls.contains("stops working in 5 days"),
        "{calls}"
    );
    assert!(calls.contains("'default'"), "a default action: {calls}");
    assert!(
        calls.contains("'urgency': <byte 0x02>"),
        "critical urgency: {calls}"
    );
    assert!(calls.contains("'desktop-entry': <'Plumbline'>"), "{calls}");

    // Again, and after the window's bookkeeping would have run: never twice.
    run(&["watch", "--once", "--notify"]);
    run(&["watch", "--once", "--notify"]);
    assert_eq!(server.notify_calls().matches("[<'Plumbline'>").count(), 1);
    let alerts = run(&["alerts", "list", "--json"]);
    let alerts: serde_json::Value = serde_json::from_slice(&alerts.stdout).unwrap();
    assert_eq!(alerts[0]["delivery"], "notified");
}
