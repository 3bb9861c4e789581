//! Demo mode, end to end: the first start shows the demo apps with their installations,
//! synced from the simulator the app starts in-process on loopback.

mod support;

use support::Harness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_in_demo_mode_shows_demo_apps_with_their_installations() {
    let Some(harness) =
        Harness::start("first_start_in_demo_mode_shows_demo_apps_with_their_installations")
    else {
        return;
    };
    let window = harness.launch().await;
    window.wait_for("[data-testid=demo-banner]").await;
    let names = window.texts("[data-testid=app-name]").await;
    assert!(names.iter().any(|n| n == "Site Diary Sync"), "{names:?}");
    // The background sync ends after the first paint; its event updates the Portfolio in place.
    window
        .wait_for("[data-testid=app-row] [data-testid=connection-state] .state.ok")
        .await;
    let states = window.texts("[data-testid=connection-state]").await;
    assert!(
        states.iter().any(|s| s.ends_with("companies")),
        "{states:?}"
    );
    // The demo imported the simulator's portal exports on its first start: trends per app.
    window.wait_for("[data-testid=app-trend] svg").await;
    window
        .wait_for("[data-testid=portfolio-overview][aria-busy=false]")
        .await;
    window.screenshot("demo-portfolio.png").await;

    window.js("window.location.hash = '#/apps/' + [...document.querySelectorAll('[data-testid=app-row]')].find(r => r.textContent.includes('Site Diary Sync')).dataset.appId + '/metrics'").await;
    window.wait_for("[data-testid=installed-count]").await;
    let count: u32 = window.texts("[data-testid=installed-count]").await[0]
        .replace(|c: char| !c.is_ascii_digit(), "")
        .parse()
        .expect("a number");
    assert!(
        count > 100,
        "the demo app is installed in hundreds of companies: {count}"
    );
    // The first sync's baseline is one line, not a row per company that already had the app
    // (which would hide the real installs and uninstalls).
    let baseline = window.texts("[data-testid=installation-baseline]").await;
    assert!(
        baseline.len() == 1
            && baseline[0].contains("already had the app when Plumbline began tracking it"),
        "{baseline:?}"
    );
    let events = window.texts("[data-testid=installation-events] li").await;
    assert!(
        events.iter().all(|e| !e.contains("Already installed")),
        "{events:?}"
    );
    let panel = window.texts("[data-testid=installations]").await.concat();
    assert!(
        panel.contains("Last synced") && panel.contains("rate limit"),
        "{panel}"
    );
    // Two years of history from the demo's metrics export. The chart of the earlier range is
    // already drawn when the click lands, so wait for the totals of the new one.
    window.click("[data-preset=all]").await;
    window.wait_for("[data-testid=trend-chart] canvas").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let installs = window.texts("[data-testid=total-installs]").await.concat();
        if installs
            .replace(',', "")
            .parse::<u32>()
            .is_ok_and(|n| n > 100)
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "two years of installations, not {installs}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    window.screenshot("demo-installations.png").await;

    // What the window showed is what the store holds.
    let store = plumbline_store::Store::open(&harness.database()).expect("open the profile");
    let app = store
        .list_apps()
        .expect("apps")
        .into_iter()
        .find(|a| a.display_name == "Site Diary Sync")
        .expect("demo app");
    assert_eq!(
        store.installed_companies(app.id).expect("companies").len() as u32,
        count
    );
    assert!(
        store
            .account(app.id)
            .expect("account")
            .is_some_and(|a| a.last_sync_at.is_some())
    );
    window.quit().await;
}
