//! The deprecation watch in the real window: demo mode checks the simulator's reference and
//! scans its demo source, so the Deprecations tab counts down to a real sunset; a folder
//! scanned through the window adds its routes, and the store holds them; the Portfolio shows
//! each app's nearest sunset.

mod support;

use std::time::{Duration, Instant};

use support::{Harness, Window};

/// The demo route whose sunset the simulator's reference sets 75 days after its start.
const MOVED: &str = "GET /rest/v1.0/bim_models/{}/change_history";

async fn wait_long(window: &Window, css: &str, seconds: u64) {
    // The demo's first start imports two years of metrics, syncs and checks the reference
    // before the tab has anything to count down: allow it more than one element wait.
    let deadline = Instant::now() + Duration::from_secs(seconds);
    loop {
        let found = window
            .js(&format!(
                "return document.querySelector({}) !== null",
                serde_json::json!(css)
            ))
            .await;
        if found == serde_json::json!(true) {
            return;
        }
        assert!(
            Instant::now() < deadline,
            "{css} did not appear in {seconds} s"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
}

fn days(text: &str) -> i64 {
    text.split_whitespace()
        .next()
        .and_then(|n| n.replace(',', "").parse().ok())
        .unwrap_or_else(|| panic!("{text:?} does not start with a number of days"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn demo_counts_down_to_a_sunset_and_a_scanned_folder_adds_its_routes() {
    let Some(harness) =
        Harness::start("demo_counts_down_to_a_sunset_and_a_scanned_folder_adds_its_routes")
    else {
        return;
    };
    let window = harness.launch().await;
    window.wait_for("[data-testid=demo-banner]").await;
    let id = window
        .js("return [...document.querySelectorAll('[data-testid=app-row]')].find(r => r.textContent.includes('Site Diary Sync')).dataset.appId")
        .await;
    let id = id.as_str().expect("the demo app's id").to_owned();
    window
        .js(&format!(
            "window.location.hash = '#/apps/{id}/deprecations'"
        ))
        .await;
    window.wait_for("[data-testid=deprecations-panel]").await;

    let countdown = format!("[data-route=\"{MOVED}\"] [data-testid=countdown]");
    wait_long(&window, &countdown, 90).await;
    let left = days(&window.texts(&countdown).await[0]);
    assert!(
        (74..=75).contains(&left),
        "the simulator's sunset is 75 days after its start: {left}"
    );
    // Where the demo saw it: its activity report and the demo source folder.
    let seen = window
        .texts(&format!("[data-route=\"{MOVED}\"]"))
        .await
        .concat();
    assert!(seen.contains("rfis.ts:"), "{seen}");
    window.screenshot("deprecations-demo.png").await;

    // A folder of the partner's own code, scanned through the window's typed path.
    let code = tempfile::tempdir().expect("a source folder");
    std::fs::write(
        code.path().join("calendar.js"),
        "// Reads a project's calendar.\n\
         export async function events(projectId) {\n\
         \x20 const res = await fetch(`https://api.procore.com/rest/v1.0/calendar_events?project_id=${projectId}`);\n\
         \x20 return res.json();\n\
         }\n",
    )
    .expect("write the source file");
    let folder = code.path().to_str().expect("a UTF-8 path").to_owned();
    window
        .paste("input[aria-label='Folder path to scan']", &folder)
        .await;
    window.click("[data-testid=scan-typed]").await;
    let calendar = "[data-route=\"GET /rest/v1.0/calendar_events\"]";
    wait_long(&window, calendar, 20).await;
    let card = window.texts(calendar).await.concat();
    assert!(card.contains("calendar.js:3"), "{card}");
    window.screenshot("deprecations-scanned.png").await;

    // What the window showed is what the store holds.
    let store = plumbline_store::Store::open(&harness.database()).expect("open the profile");
    let app = plumbline_domain::AppId(id.parse().expect("a numeric id"));
    let canonical = std::fs::canonicalize(code.path()).expect("canonical path");
    let uses = store.scanned_uses(app).expect("scanned uses");
    assert!(
        uses.iter().any(|u| u.root == canonical.to_string_lossy()
            && u.file == "calendar.js"
            && u.line == 3
            && u.path == "/rest/v1.0/calendar_events"
            && u.method.as_deref() == Some("GET")),
        "{uses:?}"
    );
    assert!(
        store
            .deprecation_events(Some(app))
            .expect("events")
            .iter()
            .any(|e| e.route == MOVED && e.milestone == Some(90)),
        "the 90-day milestone is recorded for the alerts"
    );
    drop(store);

    // The Portfolio: each app's nearest sunset.
    window.js("window.location.hash = '#/'").await;
    let cell = format!("[data-testid=app-row][data-app-id=\"{id}\"] [data-testid=nearest-sunset]");
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let text = window.texts(&cell).await.concat();
        if text.contains("days") {
            assert!(text.contains("Sunset"), "{text}");
            break;
        }
        assert!(
            Instant::now() < deadline,
            "the nearest sunset never showed: {text:?}"
        );
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    window.quit().await;
}
