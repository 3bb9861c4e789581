//! The Portfolio, end to end through the real window: add, restart, remove, refuse, escape.

mod support;

use plumbline_store::Store;
use support::Harness;

fn stored_names(harness: &Harness) -> Vec<String> {
    let store = Store::open(&harness.database()).expect("open the profile the app wrote");
    store
        .list_apps()
        .expect("list")
        .into_iter()
        .map(|a| a.display_name)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_is_demo_mode_and_added_apps_survive_a_restart() {
    let Some(harness) = Harness::start("first_start_is_demo_mode_and_added_apps_survive_a_restart")
    else {
        return;
    };
    let window = harness.launch().await;
    window.wait_for("[data-testid=demo-banner]").await;
    assert!(window.texts("[data-testid=demo-banner]").await[0].contains("Demo data"));
    let demo_rows = window.texts("[data-testid=app-row]").await;
    assert_eq!(
        demo_rows.len(),
        plumbline_store::DEMO_APPS.len(),
        "{demo_rows:?}"
    );
    assert!(
        demo_rows.iter().all(|r| r.contains("Demo")),
        "{demo_rows:?}"
    );

    window.add_app("Field Notes", "Admin").await;
    window.wait_gone("[role=dialog]").await;
    let names = window.texts("[data-testid=app-name]").await;
    assert_eq!(
        names.first().map(String::as_str),
        Some("Field Notes"),
        "own apps come first"
    );
    window.quit().await;

    assert!(stored_names(&harness).contains(&"Field Notes".to_owned()));

    let window = harness.launch().await;
    let rows = window.texts("[data-testid=app-row]").await;
    let field_notes = rows
        .iter()
        .find(|r| r.contains("Field Notes"))
        .expect("listed after restart");
    assert!(
        field_notes.contains("Admin") && !field_notes.contains("Demo"),
        "{field_notes}"
    );
    let shot = window.screenshot("portfolio.png").await;
    assert!(
        std::fs::metadata(&shot).unwrap().len() > 10_000,
        "a real screenshot"
    );
    window.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn remove_asks_for_confirmation() {
    let Some(harness) = Harness::start("remove_asks_for_confirmation") else {
        return;
    };
    let window = harness.launch().await;
    let before = window.texts("[data-testid=app-name]").await;
    let target = before[0].clone();

    window
        .click("[data-testid=app-row]:first-child [data-testid=remove-app]")
        .await;
    window.wait_for("[role=alertdialog]").await;
    let dialog = window.texts("[role=alertdialog]").await;
    assert!(dialog[0].contains(&target), "{dialog:?}");
    // Cancel keeps it.
    window
        .click("[role=alertdialog] button:not([data-testid=confirm])")
        .await;
    window.wait_gone("[role=alertdialog]").await;
    assert_eq!(window.texts("[data-testid=app-name]").await, before);
    assert!(stored_names(&harness).contains(&target));

    window
        .click("[data-testid=app-row]:first-child [data-testid=remove-app]")
        .await;
    window
        .click("[role=alertdialog] [data-testid=confirm]")
        .await;
    window.wait_gone("[role=alertdialog]").await;
    let after = window.texts("[data-testid=app-name]").await;
    assert_eq!(after.len(), before.len() - 1);
    assert!(!after.contains(&target));
    assert!(
        !stored_names(&harness).contains(&target),
        "removed from the database too"
    );
    window.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_ten_thousand_character_name_is_refused_clearly() {
    let Some(harness) = Harness::start("a_ten_thousand_character_name_is_refused_clearly") else {
        return;
    };
    let window = harness.launch().await;
    let before = stored_names(&harness);
    window.click("[data-testid=add-app]").await;
    let input = window.wait_for("#app-name").await;
    input.send_keys("typed by hand ").await.expect("type");
    window.paste("#app-name", &"n".repeat(10_000)).await;
    window.wait_for("#app-name-help").await;
    let help = window.texts("#app-name-help").await.concat();
    assert!(
        help.contains("10000 characters") && help.contains("limit is 120"),
        "{help}"
    );
    window.click("[data-testid=save-app]").await;
    window.wait_for("[data-testid=form-error]").await;
    let error = window.texts("[data-testid=form-error]").await.concat();
    assert!(
        error.contains("10000 characters long; the limit is 120"),
        "{error}"
    );
    assert_eq!(stored_names(&harness), before, "nothing was written");
    window.quit().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn markup_in_names_is_shown_as_inert_text() {
    let Some(harness) = Harness::start("markup_in_names_is_shown_as_inert_text") else {
        return;
    };
    let window = harness.launch().await;
    // Record any script that would run: alert() from an injected handler, or a global set
    // by an injected <script>.
    window
        .js("window.__alerts = []; window.alert = (m) => window.__alerts.push(String(m));")
        .await;
    let hostile = [
        "<img src=x onerror=alert(1)>",
        "<script>window.__pwned = true; alert(2)</script>",
    ];
    for name in hostile {
        window.add_app(name, "Owner").await;
        window.wait_gone("[role=dialog]").await;
    }
    // Visit the app page too: its title and the navigation render the name as well.
    window.click("nav a.app-link").await;
    window.wait_for("[data-testid=app-title]").await;
    window.js("window.location.hash = '#/portfolio'").await;
    // The hash changes in a task of its own: read the names once the Portfolio is back.
    window.wait_for("[data-testid=portfolio-table]").await;
    let names = window.texts("[data-testid=app-name]").await;
    for name in hostile {
        assert!(
            names.iter().any(|n| n == name),
            "{name} not shown verbatim in {names:?}"
        );
    }
    let verdict = window
        .js(
            "return { alerts: window.__alerts.length, pwned: typeof window.__pwned, \
             injected: document.querySelectorAll('main img, main script, nav img, nav script').length }",
        )
        .await;
    assert_eq!(
        verdict,
        serde_json::json!({ "alerts": 0, "pwned": "undefined", "injected": 0 })
    );
    let mut stored = stored_names(&harness);
    stored.retain(|n| hostile.contains(&n.as_str()));
    assert_eq!(stored.len(), 2, "stored verbatim");
    window.quit().await;
}
