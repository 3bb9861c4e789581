//! Demo mode: with the demo portfolio in place, the app starts the Procore simulator
//! in-process on a free loopback port and connects the demo apps to it; the scheduler
//! (`background.rs`) then syncs them, checks the reference and raises alerts as for real apps,
//! so the demo shows real synced data, clearly labelled, without touching the internet.
//!
//! The demo credentials are the simulator's test values; they are kept in memory, not in the
//! keychain, because they are not secrets and must not clutter the partner's keychain.

use std::sync::{Arc, Mutex};

use plumbline_contract::METRICS_CHANGED_EVENT;
use plumbline_domain::{Account, AccountEndpoints, GrantType, UnixMillis};
use plumbline_engine::watch;
use plumbline_engine::{MemorySecrets, SecretKind, SecretStore};
use plumbline_procore::Secret;
use plumbline_procore_sim::{PortalExport, RunningSimulator, SimConfig};
use plumbline_store::Store;
use tauri::Emitter;

use crate::background::DemoBackend;

/// Readies demo mode if the profile holds demo apps: starts the simulator, imports the
/// portal's exports on the first start, scans the demo source folder once, and connects the
/// demo apps to the simulator. The scheduler then syncs, checks and alerts as for real apps.
pub(crate) async fn prepare(
    store: Arc<Mutex<Store>>,
    app: &tauri::AppHandle,
) -> Option<DemoBackend> {
    let has_demo = locked(&store).has_demo_apps().unwrap_or(false);
    if !has_demo {
        return None;
    }
    let sim = match RunningSimulator::start(SimConfig::default()).await {
        Ok(sim) => sim,
        Err(e) => {
            log::warn!("demo mode: the simulator did not start: {e}");
            return None;
        }
    };
    let secrets = MemorySecrets::default();
    let (exports, demo_store) = (sim.portal_exports(), store.clone());
    let prepared = tauri::async_runtime::spawn_blocking(move || {
        let imported = import_demo_exports(&exports, &demo_store);
        if scan_demo_source(&demo_store) {
            log::info!("demo mode: scanned the demo source folder");
        }
        imported
    })
    .await
    .unwrap_or(false);
    if prepared && let Err(e) = app.emit(METRICS_CHANGED_EVENT, ()) {
        log::warn!("could not tell the window about the demo import: {e}");
    }
    connect_demo_apps(&sim, &store, &secrets);
    Some(DemoBackend { sim, secrets })
}

/// Where the simulator answers, as an account's endpoints.
pub(crate) fn endpoints(sim: &RunningSimulator) -> AccountEndpoints {
    AccountEndpoints::Custom {
        login_url: sim.base_url.clone(),
        api_url: sim.base_url.clone(),
        docs_url: sim.base_url.clone(),
    }
}

fn locked(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// On the demo's first start, imports the CSV files the portal would offer for each demo app
/// (two years of metrics and a month of API calls), so the trend views have history. True
/// when it imported something.
fn import_demo_exports(exports: &[PortalExport], store: &Mutex<Store>) -> bool {
    let demo_apps: Vec<_> = {
        let store = locked(store);
        let apps = store.list_apps().unwrap_or_default();
        let first_start = apps
            .iter()
            .filter(|a| a.demo)
            .all(|a| store.imports(a.id).map(|i| i.is_empty()).unwrap_or(false));
        if !first_start {
            return false;
        }
        apps.into_iter().filter(|a| a.demo).collect()
    };
    let dir = std::env::temp_dir().join(format!("plumbline-demo-{}", std::process::id()));
    if let Err(e) = std::fs::create_dir_all(&dir) {
        log::warn!("demo mode: no folder for the demo exports: {e}");
        return false;
    }
    let mut imported = false;
    for app in &demo_apps {
        let Some(export) = exports.iter().find(|e| e.app_name == app.display_name) else {
            continue;
        };
        for (kind, name, text) in [
            (
                plumbline_domain::ImportKind::Metrics,
                "metrics.csv",
                &export.metrics_csv,
            ),
            (
                plumbline_domain::ImportKind::Activity,
                "api-activity.csv",
                &export.activity_csv,
            ),
        ] {
            let path = dir.join(format!("{}-{name}", app.id));
            let result = std::fs::write(&path, text)
                .map_err(|e| e.to_string())
                .and_then(|()| {
                    plumbline_ingest::import_file(
                        &mut locked(store),
                        app.id,
                        &path,
                        kind,
                        UnixMillis::now(),
                        &mut |_| {},
                    )
                    .map_err(|e| e.to_string())
                });
            match result {
                Ok(_) => imported = true,
                Err(e) => log::warn!("demo mode: could not import {name} for app {}: {e}", app.id),
            }
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
    imported
}

/// The demo app whose source folder demo mode scans (it calls RFIs and BIM models).
const DEMO_SOURCE_APP: &str = "Site Diary Sync";

/// Writes the simulator's demo source folder beside the profile and scans it for the demo app
/// that owns it, once per profile. True when it scanned.
fn scan_demo_source(store: &Mutex<Store>) -> bool {
    let (app, dir) = {
        let store = locked(store);
        let Some(app) = store
            .list_apps()
            .unwrap_or_default()
            .into_iter()
            .find(|a| a.demo && a.display_name == DEMO_SOURCE_APP)
        else {
            return false;
        };
        if !store.source_scans(app.id).unwrap_or_default().is_empty() {
            return false;
        }
        let Some(dir) = store
            .path()
            .and_then(|p| p.parent())
            .map(|p| p.join("demo-source"))
        else {
            return false;
        };
        (app.id, dir)
    };
    if let Err(e) = plumbline_procore_sim::write_demo_source(&dir) {
        log::warn!("demo mode: could not write the demo source folder: {e}");
        return false;
    }
    // The scan reads files without the store's lock.
    match plumbline_scan::scan(&dir) {
        Ok(report) => {
            let now = UnixMillis::now();
            let mut store = locked(store);
            if let Err(e) = watch::record_scan(&mut store, app, &dir, &report, now) {
                log::warn!("demo mode: could not record the demo scan: {e}");
                return false;
            }
            true
        }
        Err(e) => {
            log::warn!("demo mode: could not scan the demo source folder: {e}");
            false
        }
    }
}

/// Connects each demo app to the simulator (its port changes at every start, so the
/// account is written afresh), with the simulator's test credentials held in memory.
fn connect_demo_apps(sim: &RunningSimulator, store: &Mutex<Store>, secrets: &MemorySecrets) {
    let store = locked(store);
    for app in store
        .list_apps()
        .unwrap_or_default()
        .into_iter()
        .filter(|a| a.demo)
    {
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
            endpoints: endpoints(sim),
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
        if let Err(e) = store.save_account(&account) {
            log::warn!("demo mode: could not connect app {}: {e}", app.id);
        }
    }
}
