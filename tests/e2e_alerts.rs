//! Alerts on a real notification server on the private bus: the demo's first start raises its
//! alerts as exactly one (summary) notification, a click on it brings the window to the
//! inbox, and a restart notifies nothing again.

mod support;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use support::Harness;

/// The notifications the recorder on the private bus has seen so far, as JSON values.
fn recorded(log: &Path) -> Vec<serde_json::Value> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .filter_map(|l| serde_json::from_str(l).ok())
        .collect()
}

fn plumbline_notifications(log: &Path, skip: usize) -> Vec<serde_json::Value> {
    recorded(log)
        .into_iter()
        .skip(skip)
        .filter(|n| n["appName"] == "Plumbline")
        .collect()
}

/// Waits until the app's log says its alert pass ran `passes` times.
async fn wait_for_passes(profile: &Path, passes: usize) {
    let deadline = Instant::now() + Duration::from_secs(90);
    loop {
        let log = std::fs::read_to_string(profile.join("plumbline.log")).unwrap_or_default();
        if log.matches("alerts: ").count() >= passes {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "the alert pass did not run {passes} time(s):\n{log}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

fn notification_log(test: &str) -> Option<PathBuf> {
    match std::env::var_os("PLUMBLINE_NOTIFICATION_LOG") {
        Some(path) => Some(PathBuf::from(path)),
        None => {
            let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
            assert!(!ci, "{test}: run through scripts/with-test-services.sh");
            eprintln!("skipping {test}: no notification recorder on the bus");
            None
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_notifies_once_a_click_opens_the_inbox_and_a_restart_is_quiet() {
    let test = "the_demo_notifies_once_a_click_opens_the_inbox_and_a_restart_is_quiet";
    let Some(harness) = Harness::start(test) else {
        return;
    };
    let Some(log) = notification_log(test) else {
        return;
    };
    let before = recorded(&log).len();
    let window = harness.launch().await;
    window.wait_for("[data-testid=demo-banner]").await;
    wait_for_passes(harness.profile.path(), 1).await;

    // The demo's four apps each call a route 75 days from its sunset: four alerts at once,
    // so one summary, labelled as demo.
    let shown = plumbline_notifications(&log, before);
    assert_eq!(shown.len(), 1, "{shown:#?}");
    let summary = &shown[0];
    assert_eq!(summary["summary"], "4 Plumbline alerts (demo)", "{summary}");
    assert!(
        summary["body"]
            .as_str()
            .is_some_and(|b| b.contains("stops working within 90 days")),
        "{summary}"
    );
    assert!(
        summary["hints"]["desktop-entry"]
            .as_str()
            .is_some_and(|h| h.contains("\"Plumbline\"")),
        "{summary}"
    );
    assert_eq!(
        summary["actions"][0], "default",
        "a click opens the inbox: {summary}"
    );
    let store = plumbline_store::Store::open(&harness.database()).expect("open the profile");
    let alerts = store.alerts(None, true).expect("alerts");
    assert_eq!(alerts.len(), 4);
    assert!(
        alerts
            .iter()
            .all(|a| a.delivery == plumbline_domain::Delivery::Digest),
        "{alerts:?}"
    );
    drop(store);

    // A click on it, as a notification server sends one: the window shows the inbox.
    let id = summary["id"].as_u64().expect("the notification's id");
    let clicked = std::process::Command::new("gdbus")
        .args([
            "emit",
            "--session",
            "--object-path",
            "/org/freedesktop/Notifications",
            "--signal",
            "org.freedesktop.Notifications.ActionInvoked",
            &format!("uint32 {id}"),
            "'default'",
        ])
        .status()
        .expect("gdbus");
    assert!(clicked.success());
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let hash = window.js("return window.location.hash").await;
        if hash.as_str().is_some_and(|h| h.starts_with("#/alerts")) {
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the click did not open the inbox: {hash}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    window.wait_for("[data-testid=alert]").await;
    window.screenshot("alerts-inbox.png").await;
    window.quit().await;

    // A restart: the same profile, the same alerts, no notification.
    let after_first = recorded(&log).len();
    let window = harness.launch().await;
    window.wait_for("[data-testid=demo-banner]").await;
    wait_for_passes(harness.profile.path(), 2).await;
    assert!(
        plumbline_notifications(&log, after_first).is_empty(),
        "a restart notified again"
    );
    window.quit().await;
}
