//! Connecting and syncing against the simulator, with secrets in a real Secret Service.
//!
//! The test command starts gnome-keyring on the private session bus and sets
//! PLUMBLINE_TEST_KEYRING; under CI a missing keychain fails these tests instead of skipping.

// A test that cannot set up must fail loudly: unwrap is the point here.
#![allow(clippy::unwrap_used)]

use plumbline_domain::{
    AccountEndpoints, AppId, Environment, ErrorCode, InstallationKind, NewApp, Role, UnixMillis,
};
use plumbline_engine::{
    ConnectRequest, KeyringSecrets, MemorySecrets, SecretKind, SecretStore, SyncError,
};
use plumbline_procore::{OOB_REDIRECT_URI, ProcoreError, Secret};
use plumbline_procore_sim::{Faults, RunningSimulator, SimConfig};
use plumbline_store::Store;

fn keychain(test: &str) -> Option<KeyringSecrets> {
    if std::env::var_os("PLUMBLINE_TEST_KEYRING").is_none() {
        let ci = std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0");
        assert!(
            !ci,
            "{test}: no test keychain under CI: run through scripts/with-test-services.sh"
        );
        eprintln!("skipping {test}: no test keychain (run through scripts/with-test-services.sh)");
        return None;
    }
    Some(KeyringSecrets::new(format!(
        "test-{test}-{}",
        std::process::id()
    )))
}

async fn sim(faults: Faults) -> RunningSimulator {
    RunningSimulator::start(SimConfig {
        faults,
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

fn endpoints(sim: &RunningSimulator) -> AccountEndpoints {
    AccountEndpoints::Custom {
        login_url: sim.base_url.clone(),
        api_url: sim.base_url.clone(),
        docs_url: sim.base_url.clone(),
    }
}

fn store_with_app(dir: &tempfile::TempDir) -> (Store, AppId) {
    let store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    let app = store
        .add_app(
            &NewApp {
                display_name: "Site Diary Sync".into(),
                procore_app_id: None,
                client_id: None,
                environment: Environment::Production,
                role: Role::Owner,
            }
            .validate()
            .unwrap(),
            UnixMillis(1),
        )
        .unwrap();
    (store, app.id)
}

fn request(sim: &RunningSimulator, app: AppId, index: usize, secret: &str) -> ConnectRequest {
    ConnectRequest {
        app,
        endpoints: endpoints(sim),
        client_id: sim.summary.apps[index].client_id.clone(),
        client_secret: Secret::new(secret),
    }
}

/// Every byte SQLite wrote for this profile (database and WAL).
fn database_bytes(dir: &tempfile::TempDir) -> Vec<u8> {
    let mut bytes = Vec::new();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        bytes.extend(std::fs::read(entry.unwrap().path()).unwrap());
    }
    bytes
}

fn contains(haystack: &[u8], needle: &str) -> bool {
    haystack
        .windows(needle.len())
        .any(|w| w == needle.as_bytes())
}

#[tokio::test]
async fn connect_then_sync_twice_and_see_changes() {
    let Some(secrets) = keychain("connect_then_sync") else {
        return;
    };
    let sim = sim(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = store_with_app(&dir);
    let secret = sim.summary.apps[0].client_secret.clone();
    let account = plumbline_engine::connect_client_credentials(
        &store,
        &secrets,
        request(&sim, app, 0, &secret),
        UnixMillis::now(),
    )
    .await
    .unwrap();
    assert_eq!(account.client_id, sim.summary.apps[0].client_id);
    assert_eq!(
        secrets
            .get(app, SecretKind::ClientSecret)
            .unwrap()
            .unwrap()
            .expose(),
        secret
    );

    let first = plumbline_engine::sync_app(&mut store, &secrets, app, UnixMillis::now())
        .await
        .unwrap();
    let installed = sim.installed_company_ids(&sim.summary.apps[0].client_id);
    assert!(first.baseline);
    assert_eq!(first.companies as usize, installed.len());
    // The token from connecting is reused: one page of up to 2,000 companies, nothing else.
    assert_eq!(first.requests, installed.len().div_ceil(2_000) as u64);

    let events = store.installation_events(app).unwrap();
    let second = plumbline_engine::sync_app(&mut store, &secrets, app, UnixMillis::now())
        .await
        .unwrap();
    assert_eq!(
        (second.installs, second.uninstalls, second.baseline),
        (0, 0, false)
    );
    assert_eq!(
        store.installation_events(app).unwrap(),
        events,
        "a second sync records nothing new"
    );

    let gone = installed[3];
    assert!(sim.set_installed(&sim.summary.apps[0].client_id, gone, false));
    let third = plumbline_engine::sync_app(
        &mut store,
        &secrets,
        app,
        UnixMillis(UnixMillis::now().0 + 1),
    )
    .await
    .unwrap();
    assert_eq!((third.installs, third.uninstalls), (0, 1));
    let last = store.installation_events(app).unwrap().pop().unwrap();
    assert_eq!(
        (last.company_id, last.kind),
        (gone, InstallationKind::Uninstall)
    );
    let account = store.account(app).unwrap().unwrap();
    assert!(
        account.last_sync_at.is_some() && account.rate.is_some() && account.last_error.is_none()
    );

    // The secret and tokens are in the keychain, never in the database.
    let bytes = database_bytes(&dir);
    assert!(!contains(&bytes, &secret), "client secret found in SQLite");
    let access = secrets.get(app, SecretKind::AccessToken).unwrap().unwrap();
    let token = access.expose().split_once(' ').unwrap().1;
    assert!(!contains(&bytes, token), "access token found in SQLite");

    assert!(
        plumbline_engine::disconnect(&store, &secrets, app)
            .await
            .unwrap()
    );
    for kind in [
        SecretKind::ClientSecret,
        SecretKind::AccessToken,
        SecretKind::RefreshToken,
    ] {
        assert!(
            secrets.get(app, kind).unwrap().is_none(),
            "{kind:?} left behind"
        );
    }
    assert!(store.account(app).unwrap().is_none());
}

#[tokio::test]
async fn a_refused_secret_saves_nothing() {
    let Some(secrets) = keychain("refused_secret") else {
        return;
    };
    let sim = sim(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let (store, app) = store_with_app(&dir);
    let err = plumbline_engine::connect_client_credentials(
        &store,
        &secrets,
        request(&sim, app, 0, "not-the-secret"),
        UnixMillis::now(),
    )
    .await
    .unwrap_err();
    assert!(
        err.to_string()
            .contains("client id or secret was refused by Procore"),
        "{err}"
    );
    assert_eq!(err.code(), ErrorCode::Unauthorized);
    assert!(store.account(app).unwrap().is_none());
    assert!(
        secrets
            .get(app, SecretKind::ClientSecret)
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn a_snapshot_that_fails_part_way_records_nothing() {
    let Some(secrets) = keychain("fails_part_way") else {
        return;
    };
    let sim = sim(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = store_with_app(&dir);
    let secret = sim.summary.apps[0].client_secret.clone();
    plumbline_engine::connect_client_credentials(
        &store,
        &secrets,
        request(&sim, app, 0, &secret),
        UnixMillis::now(),
    )
    .await
    .unwrap();
    plumbline_engine::sync_app(&mut store, &secrets, app, UnixMillis::now())
        .await
        .unwrap();
    let before = (
        store.installation_events(app).unwrap(),
        store.installed_companies(app).unwrap(),
    );

    // Every answer now breaks off mid-body: a sync that cannot finish.
    sim.set_faults(Faults {
        truncate_rate: 1.0,
        ..Faults::default()
    });
    let err = plumbline_engine::sync_app(&mut store, &secrets, app, UnixMillis::now())
        .await
        .unwrap_err();
    assert!(
        matches!(err, SyncError::Procore(ProcoreError::BadResponse(_))),
        "{err:?}"
    );
    assert_eq!(
        (
            store.installation_events(app).unwrap(),
            store.installed_companies(app).unwrap()
        ),
        before,
        "no false uninstalls"
    );
    let account = store.account(app).unwrap().unwrap();
    let error = account.last_error.unwrap();
    assert!(error.message.contains("broke off"), "{}", error.message);
    plumbline_engine::disconnect(&store, &secrets, app)
        .await
        .unwrap();
}

/// The keychain fails while a rotated refresh token is being stored (as if the process had
/// been killed between receiving and storing it): the next start must ask the partner to sign
/// in again, once, and never loop. The failing keychain is a fake: a real one cannot be made
/// to fail on cue.
#[tokio::test]
async fn a_rotation_lost_before_it_was_stored_asks_to_sign_in_again() {
    let sim = sim(Faults::default()).await;
    let dir = tempfile::tempdir().unwrap();
    let (store, app) = store_with_app(&dir);
    let secrets = MemorySecrets::default();
    let a = sim.summary.apps[1].clone();
    // Sign in through the out-of-band page.
    let browser = sim.approve_out_of_band(&a.client_id).await.unwrap();
    let account = plumbline_engine::finish_sign_in(
        &store,
        &secrets,
        request(&sim, app, 1, &a.client_secret),
        &browser,
        OOB_REDIRECT_URI,
        UnixMillis::now(),
    )
    .await
    .unwrap();
    assert!(
        secrets
            .get(app, SecretKind::RefreshToken)
            .unwrap()
            .is_some()
    );

    // The access token from signing in has expired: the next use must refresh.
    secrets.delete(app, SecretKind::AccessToken).unwrap();
    secrets
        .fail_writes
        .store(true, std::sync::atomic::Ordering::Relaxed);
    let client = plumbline_engine::session::client_for(&account.endpoints).unwrap();
    let session = plumbline_engine::Session::new(account.clone(), client, &secrets);
    let err = session.access_token(UnixMillis::now()).await.unwrap_err();
    assert!(matches!(err, SyncError::Secrets(_)), "{err:?}");

    // "Restart": the keychain works again, but it still holds the refresh token Procore
    // already retired.
    secrets
        .fail_writes
        .store(false, std::sync::atomic::Ordering::Relaxed);
    let client = plumbline_engine::session::client_for(&account.endpoints).unwrap();
    let session = plumbline_engine::Session::new(account, client, &secrets);
    let started = std::time::Instant::now();
    let err = session.access_token(UnixMillis::now()).await.unwrap_err();
    assert!(
        matches!(err, SyncError::Procore(ProcoreError::SignInAgain(_))),
        "{err:?}"
    );
    assert!(err.to_string().contains("Sign in again"));
    assert!(
        started.elapsed() < std::time::Duration::from_secs(3),
        "no retry loop"
    );
}

/// Procore announces the companies route as deprecated: the sync records the route with its
/// dates and link, and a later sync that fails still refreshes what the headers said.
#[tokio::test]
async fn deprecation_headers_are_recorded_even_when_the_sync_fails() {
    let Some(secrets) = keychain("deprecation_headers") else {
        return;
    };
    let sim = sim(Faults {
        announce_deprecation: true,
        ..Faults::default()
    })
    .await;
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = store_with_app(&dir);
    let secret = sim.summary.apps[0].client_secret.clone();
    plumbline_engine::connect_client_credentials(
        &store,
        &secrets,
        request(&sim, app, 0, &secret),
        UnixMillis::now(),
    )
    .await
    .unwrap();
    let summary = plumbline_engine::sync_app(&mut store, &secrets, app, UnixMillis(1_000))
        .await
        .unwrap();
    assert_eq!(summary.deprecations, 1);
    let signals = store.deprecation_signals(app).unwrap();
    assert_eq!(signals.len(), 1, "{signals:?}");
    let signal = &signals[0];
    assert_eq!(
        (signal.method.as_str(), signal.path.as_str()),
        ("GET", "/rest/v1.0/companies")
    );
    assert!(signal.deprecated);
    let (deprecated_at, sunset_at) = (signal.deprecated_at.unwrap(), signal.sunset_at.unwrap());
    // The simulator announces a deprecation 30 days ago and a sunset 90 days ahead.
    assert_eq!(sunset_at.0 - deprecated_at.0, 120 * 86_400_000);
    assert_eq!(
        signal.link.as_deref(),
        Some("https://developers.procore.com/documentation/rest-api-lifecycle")
    );
    assert_eq!(
        (signal.first_seen, signal.last_seen),
        (UnixMillis(1_000), UnixMillis(1_000))
    );

    sim.set_faults(Faults {
        announce_deprecation: true,
        malformed_json_rate: 1.0,
        ..Faults::default()
    });
    plumbline_engine::sync_app(&mut store, &secrets, app, UnixMillis(2_000))
        .await
        .unwrap_err();
    let signals = store.deprecation_signals(app).unwrap();
    assert_eq!(signals.len(), 1);
    assert_eq!(
        (signals[0].first_seen, signals[0].last_seen),
        (UnixMillis(1_000), UnixMillis(2_000))
    );
    plumbline_engine::disconnect(&store, &secrets, app)
        .await
        .unwrap();
}
