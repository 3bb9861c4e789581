//! Metrics through the real window: import the portal's CSV export through the file picker,
//! see the chart and the right totals, mark a day, export the series and the chart; then
//! restart with Procore out of reach (the simulator stopped) and find everything still there.

mod support;

use plumbline_domain::{AccountEndpoints, AppId, UnixMillis};
use plumbline_engine::{ConnectRequest, KeyringSecrets};
use plumbline_procore::Secret;
use plumbline_procore_sim::{RunningSimulator, Scenario, SimConfig};
use support::Harness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn import_a_csv_see_the_trend_and_find_it_again_offline() {
    if !support::test_keychain_available("import_a_csv_see_the_trend_and_find_it_again_offline") {
        return;
    }
    let Some(harness) = Harness::start("import_a_csv_see_the_trend_and_find_it_again_offline")
    else {
        return;
    };
    // The portal's export for a scenario app, ending yesterday.
    let now = UnixMillis::now().0 / 1000;
    let scenario = Scenario::build("demo", 3, now, 0).expect("scenario");
    let csv = plumbline_procore_sim::metrics_export(&scenario, 1, now);
    let installs = csv.lines().filter(|l| l.ends_with(",INSTALLED")).count();
    let rows = csv
        .lines()
        .filter(|l| l.starts_with("20") && !l.starts_with("Date"))
        .count();
    let file = harness.profile.path().join("Punch List Pro metrics.csv");
    std::fs::write(&file, &csv).expect("write the export");

    let window = harness.launch().await;
    let id = window
        .add_and_open_app("Imported Metrics", "Owner", "metrics")
        .await;
    window.wait_for("[data-testid=metrics-empty]").await;
    window
        .wait_for("[data-testid=import-file]")
        .await
        .send_keys(&file.display().to_string())
        .await
        .expect("pick the file");
    window.wait_for("[data-testid=import-preview]").await;
    window
        .wait_for_text("[data-testid=import-kind]", "Metrics export")
        .await;
    let shown_rows = window.texts("[data-testid=import-rows]").await.concat();
    assert_eq!(
        shown_rows.replace([',', '.', '\u{a0}'], ""),
        rows.to_string()
    );
    window.click("[data-testid=import-confirm]").await;
    window.wait_gone("[data-testid=import-dialog]").await;

    window.click("[data-preset=all]").await;
    window
        .wait_for_text("[data-testid=total-installs]", &group(installs))
        .await;
    let points: usize = window
        .wait_for("[data-testid=trend-chart]")
        .await
        .attr("data-points")
        .await
        .expect("attr")
        .expect("points")
        .parse()
        .expect("a number");
    assert!(points > 50, "two years by week: {points}");
    let provenance = window
        .texts("[data-testid=metrics-provenance]")
        .await
        .concat();
    assert!(provenance.contains("portal CSV"), "{provenance}");

    // A mark on the chart.
    window
        .click("[data-testid=metrics-panel] .actions button:nth-of-type(2)")
        .await;
    window
        .wait_for("#annotation-text")
        .await
        .send_keys("v2.0 promoted")
        .await
        .expect("type");
    window.click("[data-testid=annotation-save]").await;
    window.wait_gone("#annotation-text").await;
    // The list reads the marks again after the dialog closes: wait for that read.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        let marks = window.texts("[aria-label='Marks on the chart'] li").await;
        if marks.iter().any(|m| m.contains("v2.0 promoted")) {
            break;
        }
        assert!(std::time::Instant::now() < deadline, "{marks:?}");
        tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    }

    // The visible series as CSV, and the chart as PNG.
    window.click("[data-testid=export-csv]").await;
    let exported = harness.exports(1).await;
    let text = std::fs::read_to_string(&exported[0]).expect("the CSV");
    assert!(
        text.starts_with("Bucket start,Installations,Uninstalls,Sources"),
        "{text}"
    );
    let exported_installs: u64 = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(',').nth(1)?.parse::<u64>().ok())
        .sum();
    assert_eq!(exported_installs as usize, installs);
    window.click("[data-testid=export-png]").await;
    let exported = harness.exports(2).await;
    let png = exported
        .iter()
        .find(|p| p.extension().is_some_and(|e| e == "png"))
        .expect("a PNG");
    let bytes = std::fs::read(png).expect("read");
    assert!(
        bytes.starts_with(b"\x89PNG"),
        "{} bytes starting {:?}",
        bytes.len(),
        &bytes[..bytes.len().min(16)]
    );
    window.screenshot("metrics.png").await;
    window.quit().await;

    // Connect the app to a simulator, then take Procore away.
    let sim = RunningSimulator::start(SimConfig::default())
        .await
        .expect("simulator");
    let sim_app = sim.summary.apps[0].clone();
    {
        let store = plumbline_store::Store::open(&harness.database()).expect("store");
        plumbline_engine::connect_client_credentials(
            &store,
            &KeyringSecrets::for_profile(&harness.database()),
            ConnectRequest {
                app: AppId(id),
                endpoints: AccountEndpoints::Custom {
                    login_url: sim.base_url.clone(),
                    api_url: sim.base_url.clone(),
                    docs_url: sim.base_url.clone(),
                },
                client_id: sim_app.client_id.clone(),
                client_secret: Secret::new(sim_app.client_secret.clone()),
            },
            UnixMillis::now(),
        )
        .await
        .expect("connect");
    }
    sim.stop().await;

    let window = harness.launch().await;
    window
        .js(&format!("window.location.hash = '#/apps/{id}/metrics'"))
        .await;
    window.click("[data-preset=all]").await;
    window
        .wait_for_text("[data-testid=total-installs]", &group(installs))
        .await;
    window.click("[data-testid=sync-now]").await;
    window.wait_for("[data-testid=sync-error]").await;
    let error = window.texts("[data-testid=sync-error]").await.concat();
    assert!(error.contains("could not be reached"), "{error}");
    window
        .wait_for_text("[data-testid=total-installs]", &group(installs))
        .await;
    window.screenshot("metrics-offline.png").await;
    plumbline_engine::disconnect(
        &plumbline_store::Store::open(&harness.database()).expect("store"),
        &KeyringSecrets::for_profile(&harness.database()),
        AppId(id),
    )
    .await
    .expect("clean the keychain");
    window.quit().await;
}

/// A count as the window formats it (en-US grouping).
fn group(n: usize) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
