//! Signing in as a Procore user (authorization code), two ways: the system browser with
//! Procore's redirect caught by a one-shot listener on 127.0.0.1, or the out-of-band page whose
//! code the partner pastes. The client secret stays in memory until Procore has accepted the
//! code; only then does it go to the keychain.

use std::sync::Arc;
use std::time::Duration;

use plumbline_contract::{
    AppArgs, AppInstallations, BeginSignInArgs, FinishSignInArgs, IpcError, SignInMethod,
    SignInStarted,
};
use plumbline_domain::{AppId, ErrorCode};
use plumbline_engine::ConnectRequest;
use plumbline_procore::{LoopbackListener, OOB_REDIRECT_URI, PLUMBLINE_REDIRECT_PORT};
use tauri::State;
use tokio::sync::Notify;

use crate::accounts::{connect_request, installations, save};
use crate::state::{IntoIpc, Shell, with_store};

/// How long the window waits for the partner to choose Authorize in the browser.
const BROWSER_WAIT: Duration = Duration::from_secs(5 * 60);

/// Overrides the system browser with a program given the URL as its one argument (a
/// particular browser, or the end-to-end tests' stand-in).
const BROWSER_ENV_VAR: &str = "PLUMBLINE_BROWSER";

/// Overrides the loopback port (tests that run beside another Plumbline).
const REDIRECT_PORT_ENV_VAR: &str = "PLUMBLINE_REDIRECT_PORT";

/// A sign-in waiting for Procore's answer. Held in memory only.
pub(crate) struct PendingSignIn {
    request: ConnectRequest,
    redirect_uri: String,
    /// The browser variant's listener and the `state` it expects; taken by the waiting call.
    loopback: Option<(LoopbackListener, String)>,
    cancelled: Arc<Notify>,
}

fn expired() -> IpcError {
    IpcError::new(
        ErrorCode::Invalid,
        "This sign-in has ended or expired; start it again.",
    )
}

fn redirect_port() -> u16 {
    std::env::var(REDIRECT_PORT_ENV_VAR)
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(PLUMBLINE_REDIRECT_PORT)
}

/// Binds the loopback port, giving a sign-in that was just cancelled a moment to let go of it.
async fn bind_loopback() -> Result<LoopbackListener, IpcError> {
    let mut attempt = 0;
    loop {
        match LoopbackListener::bind(redirect_port()).await {
            Ok(listener) => return Ok(listener),
            Err(_) if attempt < 10 => {
                attempt += 1;
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            Err(e) => return Err(e.into_ipc()),
        }
    }
}

/// Opens `url` in the partner's browser. Failing is not fatal: the window shows the link.
fn open_in_browser(url: &str) -> bool {
    let opened = match std::env::var_os(BROWSER_ENV_VAR) {
        Some(program) => std::process::Command::new(program)
            .arg(url)
            .spawn()
            .map(drop)
            .map_err(|e| e.to_string()),
        None => open::that_detached(url).map_err(|e| e.to_string()),
    };
    if let Err(e) = &opened {
        log::warn!("could not open the system browser: {e}");
    }
    opened.is_ok()
}

/// Ends any sign-in already waiting for this app (a second click on "Sign in").
fn cancel_pending(shell: &Shell, app: AppId) -> bool {
    match shell.pending_sign_ins().remove(&app) {
        Some(pending) => {
            pending.cancelled.notify_one();
            true
        }
        None => false,
    }
}

#[tauri::command]
pub(crate) async fn begin_sign_in(
    shell: State<'_, Shell>,
    args: BeginSignInArgs,
) -> Result<SignInStarted, IpcError> {
    let app = args.id;
    with_store(&shell, move |store| store.get_app(app)).await?;
    cancel_pending(&shell, app);
    let request = connect_request(app, args.endpoints, args.client_id, args.client_secret);
    let client =
        plumbline_engine::session::client_for(&request.endpoints).map_err(IntoIpc::into_ipc)?;
    let state = plumbline_procore::random_state();
    let (redirect_uri, loopback) = match args.method {
        SignInMethod::PasteCode => (OOB_REDIRECT_URI.to_owned(), None),
        SignInMethod::Browser => {
            let listener = bind_loopback().await?;
            (listener.redirect_uri(), Some((listener, state.clone())))
        }
    };
    let url = plumbline_procore::authorization_url(
        client.endpoints(),
        request.client_id.trim(),
        &redirect_uri,
        &state,
    )
    .map_err(IntoIpc::into_ipc)?;
    let browser = loopback.is_some();
    shell.pending_sign_ins().insert(
        app,
        PendingSignIn {
            request,
            redirect_uri,
            loopback,
            cancelled: Arc::new(Notify::new()),
        },
    );
    let browser_opened = browser && open_in_browser(url.as_str());
    Ok(SignInStarted {
        authorization_url: url.to_string(),
        browser_opened,
    })
}

/// Completes a sign-in: with the pasted code, or by waiting for the browser's redirect.
#[tauri::command]
pub(crate) async fn finish_sign_in(
    shell: State<'_, Shell>,
    args: FinishSignInArgs,
) -> Result<AppInstallations, IpcError> {
    let app = args.id;
    // The sign-in this call finishes; a newer one for the same app (a second click) is left
    // alone whatever happens here.
    let this = shell
        .pending_sign_ins()
        .get(&app)
        .map(|p| p.cancelled.clone())
        .ok_or_else(expired)?;
    let take_this = |shell: &Shell| {
        let mut pending = shell.pending_sign_ins();
        match pending.get(&app) {
            Some(p) if Arc::ptr_eq(&p.cancelled, &this) => pending.remove(&app),
            _ => None,
        }
    };
    let code = match args.code {
        Some(code) => code,
        None => {
            let (listener, state) = shell
                .pending_sign_ins()
                .get_mut(&app)
                .filter(|p| Arc::ptr_eq(&p.cancelled, &this))
                .and_then(|p| p.loopback.take())
                .ok_or_else(expired)?;
            let answer = tokio::select! {
                code = listener.wait_for_code(&state, BROWSER_WAIT) => code.map_err(IntoIpc::into_ipc),
                () = this.notified() => Err(IpcError::new(ErrorCode::Invalid, "Sign-in cancelled.")),
            };
            if answer.is_err() {
                take_this(&shell);
            }
            answer?
        }
    };
    let pending = take_this(&shell).ok_or_else(expired)?;
    let verified =
        plumbline_engine::verify_code(pending.request, code.trim(), &pending.redirect_uri)
            .await
            .map_err(IntoIpc::into_ipc)?;
    save(&shell, verified).await?;
    log::info!("signed app {app} in to Procore as a user");
    with_store(&shell, move |store| installations(store, app)).await
}

/// Stops waiting for the browser and forgets the credentials held for the sign-in.
#[tauri::command]
pub(crate) async fn cancel_sign_in(shell: State<'_, Shell>, args: AppArgs) -> Result<(), IpcError> {
    if cancel_pending(&shell, args.id) {
        log::info!("sign-in of app {} cancelled", args.id);
    }
    Ok(())
}
