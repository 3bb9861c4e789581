//! Connecting an app to Procore through the window, against the simulator on loopback, with
//! the secret in a real Secret Service (started by scripts/with-test-services.sh).

mod support;

use plumbline_domain::AppId;
use plumbline_engine::{KeyringSecrets, SecretKind, SecretStore};
use plumbline_procore_sim::{RunningSimulator, SimConfig};
use support::Harness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn connect_with_a_credential_check_then_sign_out() {
    if !support::test_keychain_available("connect_with_a_credential_check_then_sign_out") {
        return;
    }
    let Some(harness) = Harness::start("connect_with_a_credential_check_then_sign_out") else {
        return;
    };
    let sim = RunningSimulator::start(SimConfig::default())
        .await
        .expect("simulator");
    let sim_app = sim.summary.apps[0].clone();
    let window = harness.launch().await;
    let id = window
        .add_and_open_app("Connected From The Window", "Owner", "metrics")
        .await;
    window.click("[data-testid=connect]").await;
    fill_endpoint_and_client(&window, &sim, &sim_app.client_id).await;
    let secret_field = window.wait_for("#connect-client-secret").await;
    secret_field
        .send_keys("not-the-secret")
        .await
        .expect("secret");
    window.click("[data-testid=connect-submit]").await;
    window.wait_for("[data-testid=connect-error]").await;
    let error = window.texts("[data-testid=connect-error]").await.concat();
    assert!(
        error.contains("client id or secret was refused by Procore"),
        "{error}"
    );
    let secrets = KeyringSecrets::for_profile(&harness.database());
    assert!(
        secrets
            .get(AppId(id), SecretKind::ClientSecret)
            .expect("keychain")
            .is_none(),
        "nothing saved"
    );

    secret_field.clear().await.expect("clear");
    secret_field
        .send_keys(&sim_app.client_secret)
        .await
        .expect("secret");
    window.click("[data-testid=connect-submit]").await;
    window.wait_for("[data-testid=installed-count]").await;
    let count: usize = window.texts("[data-testid=installed-count]").await[0]
        .replace(|c: char| !c.is_ascii_digit(), "")
        .parse()
        .expect("count");
    assert_eq!(count, sim.installed_company_ids(&sim_app.client_id).len());
    assert_eq!(
        secrets
            .get(AppId(id), SecretKind::ClientSecret)
            .expect("keychain")
            .expect("saved")
            .expose(),
        sim_app.client_secret
    );
    // Not in the database, not in the log.
    for entry in std::fs::read_dir(harness.profile.path()).expect("profile") {
        let bytes = std::fs::read(entry.expect("entry").path()).unwrap_or_default();
        let secret = sim_app.client_secret.as_bytes();
        assert!(
            !bytes.windows(secret.len()).any(|w| w == secret),
            "the secret leaked into a file"
        );
    }
    window.screenshot("connected.png").await;

    window.click("[data-testid=sign-out]").await;
    window
        .click("[role=alertdialog] [data-testid=confirm]")
        .await;
    window.wait_for("[data-testid=not-connected]").await;
    for kind in [SecretKind::ClientSecret, SecretKind::AccessToken] {
        assert!(
            secrets.get(AppId(id), kind).expect("keychain").is_none(),
            "{kind:?} left in the keychain"
        );
    }
    window.quit().await;
}

/// A user-level app of the simulator's scenario.
fn user_app(sim: &RunningSimulator) -> plumbline_procore_sim::SummaryApp {
    sim.summary
        .apps
        .iter()
        .find(|a| !a.service_account)
        .expect("a user-level app")
        .clone()
}

/// Points the connect dialog at the simulator and types the client id.
async fn fill_endpoint_and_client(
    window: &support::Window,
    sim: &RunningSimulator,
    client_id: &str,
) {
    window
        .wait_for("#connect-environment")
        .await
        .select_by_value("custom")
        .await
        .expect("custom");
    window
        .wait_for("#connect-url")
        .await
        .send_keys(&sim.base_url)
        .await
        .expect("url");
    window
        .wait_for("#connect-client-id")
        .await
        .send_keys(client_id)
        .await
        .expect("id");
}

/// Fills the connect dialog for a user sign-in by `method` and submits it; returns the
/// authorization URL the window shows.
async fn start_user_sign_in(
    window: &support::Window,
    sim: &RunningSimulator,
    sim_app: &plumbline_procore_sim::SummaryApp,
    method: &str,
) -> String {
    window.click("[data-testid=connect]").await;
    window
        .click("input[name=grant][value=authorizationCode]")
        .await;
    window
        .click(&format!("input[name=method][value={method}]"))
        .await;
    fill_endpoint_and_client(window, sim, &sim_app.client_id).await;
    window
        .wait_for("#connect-client-secret")
        .await
        .send_keys(&sim_app.client_secret)
        .await
        .expect("secret");
    window.click("[data-testid=connect-submit]").await;
    let url = window
        .wait_for("[data-testid=authorization-url]")
        .await
        .prop("value")
        .await
        .expect("value")
        .expect("a URL");
    assert!(
        url.starts_with(&format!("{}/oauth/authorize?", sim.base_url)),
        "{url}"
    );
    url
}

/// Signed in: the refresh token is in the keychain; signing out removes it.
async fn assert_signed_in_then_sign_out(window: &support::Window, harness: &Harness, id: i64) {
    window.wait_for("[data-testid=signed-in-as-user]").await;
    let secrets = KeyringSecrets::for_profile(&harness.database());
    assert!(
        secrets
            .get(AppId(id), SecretKind::RefreshToken)
            .expect("keychain")
            .is_some(),
        "refresh token kept in the keychain"
    );
    window.click("[data-testid=sign-out]").await;
    window
        .click("[role=alertdialog] [data-testid=confirm]")
        .await;
    window.wait_for("[data-testid=not-connected]").await;
    assert!(
        secrets
            .get(AppId(id), SecretKind::RefreshToken)
            .expect("keychain")
            .is_none(),
        "refresh token deleted on sign-out"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_as_a_procore_user_with_the_pasted_code() {
    if !support::test_keychain_available("sign_in_as_a_procore_user_with_the_pasted_code") {
        return;
    }
    let Some(harness) = Harness::start("sign_in_as_a_procore_user_with_the_pasted_code") else {
        return;
    };
    let sim = RunningSimulator::start(SimConfig::default())
        .await
        .expect("simulator");
    let sim_app = user_app(&sim);
    let window = harness.launch().await;
    let id = window
        .add_and_open_app("Signed In As A User", "Admin", "metrics")
        .await;
    start_user_sign_in(&window, &sim, &sim_app, "pasteCode").await;
    // The partner's browser: open the page, Authorize, read the code Procore shows.
    let code = sim
        .approve_out_of_band(&sim_app.client_id)
        .await
        .expect("approve");
    window
        .wait_for("#connect-code")
        .await
        .send_keys(&code)
        .await
        .expect("code");
    window.click("[data-testid=connect-submit]").await;
    assert_signed_in_then_sign_out(&window, &harness, id).await;
    window.quit().await;
}

/// The system browser variant: Plumbline asks the browser (a stand-in that notes the URL) to
/// open Procore's page, the partner approves there, Procore redirects to Plumbline's listener
/// on 127.0.0.1, and the window finishes by itself.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_as_a_procore_user_through_the_browser() {
    if !support::test_keychain_available("sign_in_as_a_procore_user_through_the_browser") {
        return;
    }
    let Some(harness) = Harness::start("sign_in_as_a_procore_user_through_the_browser") else {
        return;
    };
    let sim = RunningSimulator::start(SimConfig::default())
        .await
        .expect("simulator");
    let sim_app = user_app(&sim);
    let window = harness.launch().await;
    let id = window
        .add_and_open_app("Signed In Through The Browser", "Admin", "metrics")
        .await;
    let shown = start_user_sign_in(&window, &sim, &sim_app, "browser").await;
    let waiting = window.texts("[data-testid=sign-in-waiting]").await.concat();
    assert!(waiting.contains("open in your browser"), "{waiting}");
    let opened = harness.browser_opened().await;
    assert_eq!(
        opened, shown,
        "the browser was asked to open the page the window shows"
    );
    assert!(
        opened.contains("redirect_uri=http%3A%2F%2F127.0.0.1%3A47613%2Fcallback"),
        "{opened}"
    );
    let page = sim.approve_in_browser(&opened).await.expect("approve");
    assert!(page.contains("Signed in"), "{page}");
    assert_signed_in_then_sign_out(&window, &harness, id).await;
    window.quit().await;
}
