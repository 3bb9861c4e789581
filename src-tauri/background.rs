//! Background work in the window: the engine's one scheduler, with the shell's jobs.
//! Installation syncs for every connected app (the demo's against the embedded simulator),
//! the reference data once a day, and after each sync or import the alerts pass that records
//! and notifies. The window, the tray's "Sync now" and imports talk to it through
//! [`Background`]; dropping its handle (at exit) stops the work.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use plumbline_contract::{CONNECTIONS_CHANGED_EVENT, DEPRECATIONS_CHANGED_EVENT};
use plumbline_domain::{AppId, ReferenceKind, UnixMillis};
use plumbline_engine::scheduler::{self, Job, Jobs, Outcome, SchedulerHandle, SystemClock};
use plumbline_engine::watch::{self, WatchError};
use plumbline_engine::{KeyringSecrets, MemorySecrets, SecretStore, SyncError};
use plumbline_procore::{ProcoreClient, ProcoreError};
use plumbline_store::Store;
use tauri::{AppHandle, Emitter};

/// What a sync of an app with fewer than 2,000 companies costs: a token and one page.
const REQUESTS_PER_SYNC: u64 = 2;

/// The running scheduler, managed by the app; empty until demo mode (if any) is ready.
#[derive(Default)]
pub(crate) struct Background(Mutex<Option<SchedulerHandle>>);

impl Background {
    fn with(&self, f: impl FnOnce(&SchedulerHandle)) {
        let guard = self
            .0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if let Some(handle) = guard.as_ref() {
            f(handle);
        }
    }

    /// "Sync now" from the tray: every connected app, then an alerts pass.
    pub(crate) fn sync_now(&self) {
        self.with(SchedulerHandle::sync_now);
    }

    /// The store changed (an import, a sync from the window): evaluate alerts soon.
    pub(crate) fn evaluate_soon(&self) {
        self.with(SchedulerHandle::evaluate_soon);
    }

    /// Stops the work (at exit), so nothing writes while the app winds down.
    pub(crate) fn stop(&self) {
        self.0
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
    }
}

/// Demo mode's Procore: the embedded simulator and the demo apps' in-memory credentials.
pub(crate) struct DemoBackend {
    pub(crate) sim: plumbline_procore_sim::RunningSimulator,
    pub(crate) secrets: MemorySecrets,
}

impl DemoBackend {
    fn client(&self) -> Result<ProcoreClient, ProcoreError> {
        plumbline_engine::session::client_for(&crate::demo::endpoints(&self.sim))
    }
}

struct ShellJobs {
    store: Arc<Mutex<Store>>,
    app: AppHandle,
    secrets: KeyringSecrets,
    demo: Option<DemoBackend>,
}

fn locked(store: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
    store
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// SQLite off the async runtime.
async fn blocking<T: Send + 'static>(f: impl FnOnce() -> T + Send + 'static) -> Option<T> {
    tauri::async_runtime::spawn_blocking(f).await.ok()
}

fn procore_outcome(e: &ProcoreError) -> Outcome {
    match e {
        ProcoreError::Offline(_) | ProcoreError::Unavailable { .. } => Outcome::Offline,
        ProcoreError::RateLimited { reset: Some(reset) } => Outcome::WaitUntil(*reset),
        ProcoreError::RateLimited { reset: None } => Outcome::Offline,
        _ => Outcome::Failed,
    }
}

fn sync_outcome(e: &SyncError) -> Outcome {
    match e {
        SyncError::Procore(e) => procore_outcome(e),
        _ => Outcome::Failed,
    }
}

impl ShellJobs {
    async fn sync(&self, app: AppId) -> Outcome {
        let store = self.store.clone();
        let found = blocking(move || {
            let store = locked(&store);
            let demo = store.get_app(app).map(|a| a.demo).unwrap_or(false);
            store
                .account(app)
                .ok()
                .flatten()
                .map(|account| (account, demo))
        })
        .await
        .flatten();
        let Some((account, demo)) = found else {
            return Outcome::Done;
        };
        let secrets: &dyn SecretStore = match (&self.demo, demo) {
            (Some(backend), true) => &backend.secrets,
            // A demo app without the simulator (it did not start) has nothing to sync with.
            (None, true) => return Outcome::Done,
            (_, false) => &self.secrets,
        };
        // The network without the store; the write is one transaction.
        let now = UnixMillis::now();
        let fetched = plumbline_engine::fetch_installations(&account, secrets, now).await;
        let store = self.store.clone();
        let outcome = blocking(move || {
            match plumbline_engine::record(&mut locked(&store), app, now, fetched) {
                Ok((outcome, _)) => {
                    log::info!(
                        "background sync of app {app}: {} companies, {} installs, {} uninstalls",
                        outcome.companies,
                        outcome.installs,
                        outcome.uninstalls
                    );
                    Outcome::Done
                }
                Err(e) => {
                    log::warn!("background sync of app {app} failed: {e}");
                    sync_outcome(&e)
                }
            }
        })
        .await
        .unwrap_or(Outcome::Failed);
        if let Err(e) = self.app.emit(CONNECTIONS_CHANGED_EVENT, ()) {
            log::warn!("could not tell the window about a sync: {e}");
        }
        outcome
    }

    /// The client for the reference data: the simulator's in demo mode, else the docs host
    /// of the first connected app's environment. `None` with nothing to watch.
    async fn reference_client(&self) -> Option<Result<ProcoreClient, ProcoreError>> {
        if let Some(demo) = &self.demo {
            return Some(demo.client());
        }
        let store = self.store.clone();
        let account = blocking(move || locked(&store).accounts().ok())
            .await
            .flatten()?
            .into_iter()
            .next()?;
        Some(plumbline_engine::session::client_for(&account.endpoints))
    }

    async fn check_reference(&self) -> Outcome {
        let client = match self.reference_client().await {
            None => return Outcome::Done,
            Some(Ok(client)) => client,
            Some(Err(e)) => {
                log::warn!("reference check: no client: {e}");
                return Outcome::Failed;
            }
        };
        let outcome = refresh_reference(&client, &self.store).await;
        if let Err(e) = self.app.emit(DEPRECATIONS_CHANGED_EVENT, ()) {
            log::warn!("could not tell the window about the reference: {e}");
        }
        outcome
    }
}

/// Both reference documents, each fetched conditionally and stored in one transaction.
pub(crate) async fn refresh_reference(
    client: &ProcoreClient,
    store: &Arc<Mutex<Store>>,
) -> Outcome {
    let mut outcome = Outcome::Done;
    for kind in [ReferenceKind::OpenApi, ReferenceKind::Legacy] {
        let reader = store.clone();
        let held = blocking(move || locked(&reader).reference_revision(kind).ok().flatten())
            .await
            .flatten();
        match watch::fetch_reference(client, kind, held.as_ref()).await {
            Ok(fetched) => {
                let writer = store.clone();
                let stored = blocking(move || {
                    watch::store_fetch(&mut locked(&writer), kind, fetched, UnixMillis::now())
                        .map(|_| ())
                        .map_err(|e| e.to_string())
                })
                .await;
                if let Some(Err(e)) = stored {
                    log::warn!("the reference was not stored: {e}");
                    outcome = Outcome::Failed;
                }
            }
            Err(WatchError::Procore(e)) => {
                log::info!("reference check: {e}");
                return procore_outcome(&e);
            }
            Err(e) => {
                log::warn!("reference check failed: {e}");
                outcome = Outcome::Failed;
            }
        }
    }
    outcome
}

impl Jobs for ShellJobs {
    async fn apps(&self) -> Vec<(AppId, Duration)> {
        let store = self.store.clone();
        let demo = self.demo.is_some();
        blocking(move || {
            let store = locked(&store);
            let demo_apps: Vec<AppId> = store.demo_app_ids().unwrap_or_default();
            store
                .accounts()
                .unwrap_or_default()
                .into_iter()
                .filter(|a| demo || !demo_apps.contains(&a.app_id))
                .map(|a| {
                    (
                        a.app_id,
                        scheduler::sync_interval(a.rate.as_ref(), REQUESTS_PER_SYNC),
                    )
                })
                .collect()
        })
        .await
        .unwrap_or_default()
    }

    async fn run(&self, job: Job) -> Outcome {
        match job {
            Job::Sync(app) => self.sync(app).await,
            Job::Reference => self.check_reference().await,
            Job::Evaluate => {
                crate::alerts::pass_in_background(self.store.clone(), self.app.clone()).await;
                crate::tray::refresh(&self.app);
                Outcome::Done
            }
        }
    }
}

/// Starts the scheduler with demo mode's backend, if there is one.
pub(crate) fn start(
    background: &Background,
    store: Arc<Mutex<Store>>,
    app: AppHandle,
    secrets: KeyringSecrets,
    demo: Option<DemoBackend>,
) {
    let jobs = ShellJobs {
        store,
        app,
        secrets,
        demo,
    };
    let handle = scheduler::spawn(jobs, SystemClock);
    *background
        .0
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(handle);
}
