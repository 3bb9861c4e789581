//! `plumbline account …`, `plumbline sync`, `plumbline installs`: Procore connectivity.

use std::io::BufRead;
use std::time::Duration;

use clap::{Args, Subcommand};
use plumbline_domain::{AccountEndpoints, AppId, Environment, UnixMillis};
use plumbline_engine::{ConnectRequest, KeyringSecrets, SecretStore, SyncSummary};
use plumbline_procore::{LoopbackListener, OOB_REDIRECT_URI, PLUMBLINE_REDIRECT_PORT, Secret};
use plumbline_store::Store;
use serde::Serialize;

use crate::Failure;
use crate::output::emit;

#[derive(Debug, Subcommand)]
pub(crate) enum AccountCommand {
    /// Connect an app to Procore. The client secret is read from standard input.
    Connect(ConnectArgs),
    /// Sign out: revoke the tokens and delete the app's secrets from the keychain.
    Disconnect {
        #[arg(long)]
        app: i64,
    },
}

#[derive(Debug, Args)]
pub(crate) struct ConnectArgs {
    #[arg(long)]
    app: i64,
    /// production, developer-sandbox, monthly-sandbox, federal, or custom (with the URLs).
    #[arg(long, default_value = "production")]
    env: String,
    #[arg(long, requires_all = ["api_url", "docs_url"])]
    login_url: Option<String>,
    #[arg(long)]
    api_url: Option<String>,
    #[arg(long)]
    docs_url: Option<String>,
    #[arg(long)]
    client_id: String,
    /// client_credentials (service-account apps) or authorization_code.
    #[arg(long, default_value = "client_credentials")]
    grant: String,
    /// For authorization_code: paste the code from Procore's page instead of the loopback
    /// redirect (the code is read from standard input after the secret).
    #[arg(long)]
    oob: bool,
    /// For authorization_code: the loopback port registered with Procore.
    #[arg(long, default_value_t = PLUMBLINE_REDIRECT_PORT)]
    redirect_port: u16,
}

/// The keychain namespace of a profile: its database file, so profiles never share secrets.
pub(crate) fn secrets_for(store: &Store) -> KeyringSecrets {
    match store.path() {
        Some(path) => KeyringSecrets::for_profile(path),
        None => KeyringSecrets::new("memory"),
    }
}

fn endpoints(args: &ConnectArgs) -> Result<AccountEndpoints, Failure> {
    match (&args.login_url, &args.api_url, &args.docs_url) {
        (Some(login), Some(api), Some(docs)) => Ok(AccountEndpoints::Custom {
            login_url: login.clone(),
            api_url: api.clone(),
            docs_url: docs.clone(),
        }),
        (None, None, None) if args.env != "custom" => Ok(AccountEndpoints::Known {
            environment: args.env.parse::<Environment>()?,
        }),
        _ => Err(Failure(
            "a custom environment needs --login-url, --api-url and --docs-url".into(),
        )),
    }
}

fn read_line(what: &str) -> Result<String, Failure> {
    let mut line = String::new();
    std::io::stdin().lock().read_line(&mut line)?;
    let line = line.trim().to_owned();
    if line.is_empty() {
        return Err(Failure(format!(
            "no {what} on standard input: pipe it in, e.g. `printf %s \"$SECRET\" | plumbline account connect …`"
        )));
    }
    Ok(line)
}

pub(crate) async fn account(
    store: &Store,
    command: AccountCommand,
    json: bool,
) -> Result<(), Failure> {
    let secrets = secrets_for(store);
    match command {
        AccountCommand::Connect(args) => {
            let grant: plumbline_domain::GrantType = args.grant.parse()?;
            let request = ConnectRequest {
                app: AppId(args.app),
                endpoints: endpoints(&args)?,
                client_id: args.client_id.clone(),
                client_secret: Secret::new(read_line("client secret")?),
            };
            let now = UnixMillis::now();
            let account = match grant {
                plumbline_domain::GrantType::ClientCredentials => {
                    plumbline_engine::connect_client_credentials(store, &secrets, request, now)
                        .await?
                }
                plumbline_domain::GrantType::AuthorizationCode => {
                    let client = plumbline_engine::session::client_for(&request.endpoints)?;
                    let state = plumbline_procore::random_state();
                    let (code, redirect_uri) = if args.oob {
                        let url = plumbline_procore::authorization_url(
                            client.endpoints(),
                            &request.client_id,
                            OOB_REDIRECT_URI,
                            &state,
                        )?;
                        eprintln!(
                            "Open this page, choose Authorize, then paste the code here:\n{url}"
                        );
                        (
                            read_line("authorization code")?,
                            OOB_REDIRECT_URI.to_owned(),
                        )
                    } else {
                        let listener = LoopbackListener::bind(args.redirect_port).await?;
                        let redirect_uri = listener.redirect_uri();
                        let url = plumbline_procore::authorization_url(
                            client.endpoints(),
                            &request.client_id,
                            &redirect_uri,
                            &state,
                        )?;
                        eprintln!("Open this page in your browser and choose Authorize:\n{url}");
                        (
                            listener
                                .wait_for_code(&state, Duration::from_secs(300))
                                .await?,
                            redirect_uri,
                        )
                    };
                    plumbline_engine::finish_sign_in(
                        store,
                        &secrets,
                        request,
                        &code,
                        &redirect_uri,
                        now,
                    )
                    .await?
                }
            };
            emit(json, &account, || {
                format!(
                    "Connected app {} to Procore ({}).",
                    account.app_id,
                    account.grant.as_str()
                )
            })
        }
        AccountCommand::Disconnect { app } => {
            let removed = plumbline_engine::disconnect(store, &secrets, AppId(app)).await?;
            emit(
                json,
                &serde_json::json!({ "disconnected": removed }),
                || {
                    if removed {
                        format!("Signed app {app} out of Procore and deleted its secrets.")
                    } else {
                        format!("App {app} was not connected.")
                    }
                },
            )
        }
    }
}

/// `plumbline sync`'s JSON summary.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
struct SyncReport {
    requests: u64,
    companies: u64,
    installs: u64,
    uninstalls: u64,
    apps: Vec<SyncSummary>,
    failures: Vec<serde_json::Value>,
}

pub(crate) async fn sync(store: &mut Store, app: Option<i64>, json: bool) -> Result<(), Failure> {
    let secrets = secrets_for(store);
    let accounts = store.accounts()?;
    let targets: Vec<AppId> = match app {
        Some(id) => {
            store.get_app(AppId(id))?;
            vec![AppId(id)]
        }
        None => accounts
            .iter()
            .filter(|a| a.grant == plumbline_domain::GrantType::ClientCredentials)
            .map(|a| a.app_id)
            .collect(),
    };
    let mut report = SyncReport {
        requests: 0,
        companies: 0,
        installs: 0,
        uninstalls: 0,
        apps: Vec::new(),
        failures: Vec::new(),
    };
    for app in targets {
        match plumbline_engine::sync_app(
            store,
            &secrets as &dyn SecretStore,
            app,
            UnixMillis::now(),
        )
        .await
        {
            Ok(summary) => {
                report.requests += summary.requests;
                report.companies += u64::from(summary.companies);
                report.installs += u64::from(summary.installs);
                report.uninstalls += u64::from(summary.uninstalls);
                report.apps.push(summary);
            }
            Err(e) => report.failures.push(
                serde_json::json!({ "appId": app, "code": e.code(), "message": e.to_string() }),
            ),
        }
    }
    let failed = report.failures.len();
    let only = report
        .failures
        .first()
        .and_then(|f| f["message"].as_str())
        .map(str::to_owned);
    emit(json, &report, || {
        let mut lines: Vec<String> = report
            .apps
            .iter()
            .map(|s| {
                format!(
                    "app {}: {} companies, {} installs, {} uninstalls ({} requests)",
                    s.app_id, s.companies, s.installs, s.uninstalls, s.requests
                )
            })
            .collect();
        lines.extend(report.failures.iter().map(|f| {
            format!(
                "app {}: failed: {}",
                f["appId"],
                f["message"].as_str().unwrap_or("")
            )
        }));
        if lines.is_empty() {
            "No service-account apps are connected; nothing to sync.".into()
        } else {
            lines.join("\n")
        }
    })?;
    match (failed, only) {
        (0, _) => Ok(()),
        (1, Some(message)) if app.is_some() => Err(Failure(message)),
        _ => Err(Failure(format!("{failed} app(s) failed to sync"))),
    }
}

pub(crate) fn installs(store: &Store, app: i64, json: bool) -> Result<(), Failure> {
    let app = store.get_app(AppId(app))?.id;
    let events = store.installation_events(app)?;
    emit(json, &events, || {
        if events.is_empty() {
            return "No installation events yet: connect the app and run `plumbline sync`.".into();
        }
        events
            .iter()
            .map(|e| {
                let kind = match (e.kind, e.baseline) {
                    (_, true) => "installed (before tracking began)",
                    (plumbline_domain::InstallationKind::Install, false) => "installed",
                    (plumbline_domain::InstallationKind::Uninstall, _) => "uninstalled",
                };
                format!(
                    "{}  {:<34}  {} ({})",
                    e.at.0, kind, e.company_name, e.company_id
                )
            })
            .collect::<Vec<_>>()
            .join("\n")
    })
}
