//! Connecting apps to Procore from the window: the credentials are checked with Procore
//! before anything is saved; the secret goes to the OS keychain; the network never runs while
//! the store is locked.

use plumbline_contract::{
    AppArgs, AppInstallations, ConnectAccountArgs, InstallationBaseline, IpcError,
    METRICS_CHANGED_EVENT,
};
use plumbline_domain::{AppId, UnixMillis};
use plumbline_engine::{ConnectRequest, KeyringSecrets};
use plumbline_procore::Secret;
use plumbline_store::Store;
use tauri::{AppHandle, Emitter, Manager, State};

use crate::state::{IntoIpc, Shell, with_reader, with_store};

/// How many recent installs and uninstalls the app page shows.
const RECENT_EVENTS: u32 = 12;

pub(crate) fn installations(
    store: &Store,
    app: AppId,
) -> Result<AppInstallations, plumbline_store::StoreError> {
    store.get_app(app)?;
    let account = store.account(app)?;
    Ok(AppInstallations {
        connected: account.is_some(),
        grant: account.as_ref().map(|a| a.grant),
        last_sync_at: account.as_ref().and_then(|a| a.last_sync_at),
        last_error: account.as_ref().and_then(|a| a.last_error.clone()),
        rate: account.as_ref().and_then(|a| a.rate),
        companies: store.installed_companies(app)?,
        recent_events: store.recent_installation_events(app, RECENT_EVENTS)?,
        baseline: store
            .installation_baseline(app)?
            .map(|(companies, at)| InstallationBaseline { companies, at }),
    })
}

#[tauri::command]
pub(crate) async fn app_installations(
    shell: State<'_, Shell>,
    args: AppArgs,
) -> Result<AppInstallations, IpcError> {
    with_reader(&shell, move |store| installations(store, args.id)).await
}

#[tauri::command]
pub(crate) async fn portfolio_connections(
    shell: State<'_, Shell>,
) -> Result<Vec<plumbline_domain::ConnectionOverview>, IpcError> {
    with_reader(&shell, |store| store.connection_overview()).await
}

/// Reads the installed companies (no lock held) and records them (one transaction). A failed
/// read is recorded on the account and shown with the data already there.
async fn sync(
    shell: &Shell,
    secrets: &KeyringSecrets,
    app: AppId,
) -> Result<AppInstallations, IpcError> {
    let account = with_store(shell, move |store| store.account(app)).await?;
    let Some(account) = account else {
        return Err(IpcError::new(
            plumbline_domain::ErrorCode::Unauthorized,
            "This app is not connected to Procore.",
        ));
    };
    let now = UnixMillis::now();
    let fetched = plumbline_engine::fetch_installations(&account, secrets, now).await;
    with_store(shell, move |store| {
        // A failure is recorded on the account and shown beside the data already there.
        if let Err(e) = plumbline_engine::record(store, app, now, fetched) {
            log::warn!("sync of app {app} failed: {e}");
        }
        installations(store, app)
    })
    .await
}

pub(crate) fn connect_request(
    app: AppId,
    endpoints: plumbline_domain::AccountEndpoints,
    client_id: String,
    client_secret: String,
) -> ConnectRequest {
    ConnectRequest {
        app,
        endpoints,
        client_id,
        client_secret: Secret::new(client_secret),
    }
}

/// Saves credentials Procore accepted: secrets to the keychain, the account to the store.
pub(crate) async fn save(
    shell: &Shell,
    verified: plumbline_engine::Verified,
) -> Result<(), IpcError> {
    let keychain = shell.secrets();
    let now = UnixMillis::now();
    with_store(shell, move |store| {
        plumbline_engine::save_verified(store, &keychain, verified, now).map(drop)
    })
    .await
}

#[tauri::command]
pub(crate) async fn connect_account(
    window: AppHandle,
    shell: State<'_, Shell>,
    args: ConnectAccountArgs,
) -> Result<AppInstallations, IpcError> {
    let app = args.id;
    with_store(&shell, move |store| store.get_app(app)).await?;
    let request = connect_request(app, args.endpoints, args.client_id, args.client_secret);
    let verified = plumbline_engine::verify_client_credentials(request)
        .await
        .map_err(IntoIpc::into_ipc)?;
    save(&shell, verified).await?;
    log::info!("connected app {app} to Procore");
    let synced = sync(&shell, &shell.secrets(), app).await;
    metrics_changed(&window);
    synced
}

/// A sync records the day's installs and uninstalls: the open metrics views read them again.
/// New installation data: the window reads it again, and the alerts pass looks at it.
fn metrics_changed(window: &AppHandle) {
    if let Err(e) = window.emit(METRICS_CHANGED_EVENT, ()) {
        log::warn!("could not tell the window about new numbers: {e}");
    }
    window
        .state::<crate::background::Background>()
        .evaluate_soon();
}

#[tauri::command]
pub(crate) async fn sync_app_now(
    window: AppHandle,
    shell: State<'_, Shell>,
    args: AppArgs,
) -> Result<AppInstallations, IpcError> {
    let synced = sync(&shell, &shell.secrets(), args.id).await;
    metrics_changed(&window);
    synced
}

#[tauri::command]
pub(crate) async fn disconnect_account(
    shell: State<'_, Shell>,
    args: AppArgs,
) -> Result<AppInstallations, IpcError> {
    let app = args.id;
    if let Some(account) = with_store(&shell, move |store| store.account(app)).await? {
        plumbline_engine::revoke_tokens(&account, &shell.secrets()).await;
        let secrets = shell.secrets();
        with_store(&shell, move |store| {
            plumbline_engine::forget(store, &secrets, app)
        })
        .await?;
        log::info!("signed app {app} out of Procore");
    }
    with_store(&shell, move |store| installations(store, app)).await
}
