//! Demo mode: with the demo portfolio in place, the app starts the Procore simulator
//! in-process on a free loopback port, connects the demo apps to it and syncs them, so the
//! demo shows real synced data, clearly labelled, without touching the internet.
//!
//! The demo credentials are the simulator's test values; they are kept in memory, not in the
//! keychain, because they are not secrets and must not clutter the partner's keychain.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use plumbline_contract::{
    CONNECTIONS_CHANGED_EVENT, DEPRECATIONS_CHANGED_EVENT, METRICS_CHANGED_EVENT,
};
use plumbline_domain::{Account, AccountEndpoints, GrantType, ReferenceKind, UnixMillis};
use plumbline_engine::watch;
use plumbline_engine::{MemorySecrets, SecretKind, SecretStore};
use plumbline_procore::Secret;
use plumbline_procore_sim::{PortalExport, RunningSimulator, SimConfig};
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
                // File writes and SQLite: off the async runtime.
                let (exports, importer) = (sim.portal_exports(), store.clone());
                let imported = tauri::async_runtime::spawn_blocking(move || {
                    import_demo_exports(&exports, &importer)
                })
                .await
                .unwrap_or(false);
                if imported && let Err(e) = app.emit(METRICS_CHANGED_EVENT, ()) {
                    log::warn!("could not tell the window about the demo import: {e}");
                }
                sync_demo_apps(&sim, &store).await;
                // The Portfolio lists connection states; tell it to read them again.
                if let Err(e) = app.emit(CONNECTIONS_CHANGED_EVENT, ()) {
                    log::warn!("could not tell the window about the demo sync: {e}");
                }
                watch_demo_deprecations(&sim, &store, &app).await;
                // The demo's alerts, as real (demo-labelled) desktop notifications.
                crate::alerts::pass_in_background(store.clone(), app.clone(), true).await;
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

/// The deprecation watch in demo mode: the simulator's reference checked conditionally (the
/// revision it publishes a few days in moves a sunset earlier), the demo source folder
/// scanned once, and every demo app's events recorded, so the Deprecations tab shows a real
/// countdown.
async fn watch_demo_deprecations(
    sim: &RunningSimulator,
    store: &Arc<Mutex<Store>>,
    app: &tauri::AppHandle,
) {
    let client = match plumbline_engine::session::client_for(&AccountEndpoints::Custom {
        login_url: sim.base_url.clone(),
        api_url: sim.base_url.clone(),
        docs_url: sim.base_url.clone(),
    }) {
        Ok(client) => client,
        Err(e) => {
            log::warn!("demo mode: no client for the reference data: {e}");
            return;
        }
    };
    for kind in [ReferenceKind::OpenApi, ReferenceKind::Legacy] {
        let held = locked(store).reference_revision(kind).ok().flatten();
        // The network without the store's lock; the write is one transaction.
        match watch::fetch_reference(&client, kind, held.as_ref()).await {
            Ok(fetched) => {
                let store = store.clone();
                let stored = tauri::async_runtime::spawn_blocking(move || {
                    watch::store_fetch(&mut locked(&store), kind, fetched, UnixMillis::now())
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                })
                .await
                .map_err(|e| e.to_string())
                .and_then(|r| r);
                if let Err(e) = stored {
                    log::warn!("demo mode: the reference was not stored: {e}");
                }
            }
            Err(e) => log::warn!("demo mode: the reference check failed: {e}"),
        }
    }
    let store = store.clone();
    let recorded = tauri::async_runtime::spawn_blocking(move || {
        if scan_demo_source(&store) {
            log::info!("demo mode: scanned the demo source folder");
        }
        // The events the alerts will notify on, recorded once each.
        let mut store = locked(&store);
        let now = UnixMillis::now();
        let mut recorded = 0;
        for demo in store
            .list_apps()
            .unwrap_or_default()
            .into_iter()
            .filter(|a| a.demo)
        {
            match watch::evaluate(&mut store, demo.id, plumbline_domain::Day::of(now), now) {
                Ok((_, events)) => recorded += events.len(),
                Err(e) => log::warn!("demo mode: app {}'s deprecations: {e}", demo.id),
            }
        }
        recorded
    })
    .await
    .unwrap_or(0);
    log::info!("demo mode: {recorded} new deprecation events");
    if let Err(e) = app.emit(DEPRECATIONS_CHANGED_EVENT, ()) {
        log::warn!("could not tell the window about the demo's deprecations: {e}");
    }
}

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
