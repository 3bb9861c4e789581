//! Demo mode: with the demo portfolio in place, the app starts the Procore simulator
//! in-process on a free loopback port, connects the demo apps to it and syncs them, so the
//! demo shows real synced data, clearly labelled, without touching the internet.
//!
//! The demo credentials are the simulator's test values; they are kept in memory, not in the
//! keychain, because they are not secrets and must not clutter the partner's keychain.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use plumbline_contract::CONNECTIONS_CHANGED_EVENT;
use plumbline_domain::{Account, AccountEndpoints, GrantType, UnixMillis};
use plumbline_engine::{MemorySecrets, SecretKind, SecretStore};
use plumbline_procore::Secret;
use plumbline_procore_sim::{RunningSimulator, SimConfig};
use plumbline_store::Store;
use tauri::Emitter;

/// How often the demo apps sync while the app runs.
const RESYNC: Duration = Duration::from_secs(15 * 60);

/// Starts demo mode in the background if the profile holds demo apps.
pub(crate) fn start(store: Arc<Mutex<Store>>, app: tauri::AppHandle) {
    let has_demo = store
        .lock()
        .map(|s| s.has_demo_apps().unwrap_or(false))
        .unwrap_or(false);
    if !has_demo {
        return;
    }
    tauri::async_runtime::spawn(async move {
        match RunningSimulator::start(SimConfig::default()).await {
            // The task owns the simulator: it serves for as long as the app runs.
            Ok(sim) => loop {
                sync_demo_apps(&sim, &store).await;
                // The Portfolio lists connection states; tell it to read them again.
                if let Err(e) = app.emit(CONNECTIONS_CHANGED_EVENT, ()) {
                    log::warn!("could not tell the window about the demo sync: {e}");
                }
                tokio::time::sleep(RESYNC).await;
            },
            Err(e) => log::warn!("demo mode: the simulator did not start: {e}"),
        }
    });
}

fn locked(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

async fn sync_demo_apps(sim: &RunningSimulator, store: &Mutex<Store>) {
    let secrets = MemorySecrets::default();
    let demo_apps: Vec<_> = locked(store)
        .list_apps()
        .unwrap_or_default()
        .into_iter()
        .filter(|a| a.demo)
        .collect();
    for app in demo_apps {
        let Some(sim_app) = sim
            .summary
            .apps
            .iter()
            .find(|s| s.name == app.display_name && s.service_account)
        else {
            continue;
        };
        let account = Account {
            app_id: app.id,
            // The port changes at every start, so the connection is written afresh each time.
            endpoints: AccountEndpoints::Custom {
                login_url: sim.base_url.clone(),
                api_url: sim.base_url.clone(),
                docs_url: sim.base_url.clone(),
            },
            client_id: sim_app.client_id.clone(),
            grant: GrantType::ClientCredentials,
            connected_at: UnixMillis::now(),
            last_sync_at: None,
            last_error: None,
            rate: None,
        };
        let _ = secrets.set(
            app.id,
            SecretKind::ClientSecret,
            &Secret::new(sim_app.client_secret.clone()),
        );
        if let Err(e) = locked(store).save_account(&account) {
            log::warn!("demo mode: could not connect app {}: {e}", app.id);
            continue;
        }
        // The network part runs without the store's lock; the write is one transaction.
        let now = UnixMillis::now();
        let fetched = plumbline_engine::fetch_installations(&account, &secrets, now).await;
        if let Err(e) = plumbline_engine::record(&mut locked(store), app.id, now, fetched) {
            log::warn!("demo mode: app {}'s sync failed: {e}", app.id);
        }
    }
}
