//! The HTTP server: routes, the faulty listener, and the response helpers.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Serialize;
use serde_json::json;
use tokio::net::{TcpListener, TcpStream};

use crate::clock::SimClock;
use crate::faults::Faults;
use crate::scenario::Scenario;
use crate::state::SimState;
use crate::{api, control, oauth, reference};

/// How to run a simulator.
#[derive(Debug, Clone)]
pub struct SimConfig {
    pub scenario: String,
    pub seed: u64,
    /// The simulated "now" at start (Unix seconds); the real clock when `None`.
    pub start: Option<i64>,
    /// Installed companies in the "large" scenario.
    pub companies: usize,
    pub faults: Faults,
    /// `expires_in` of access tokens; Procore's is 5400 s.
    pub token_lifetime_secs: i64,
    /// The hourly window; Procore's historical default is 3,600 per token.
    pub hourly_limit: u64,
    /// The 10-second spike window (Procore documents 25 as an example).
    pub spike_limit: u64,
    /// 0 picks a free port.
    pub port: u16,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            scenario: "demo".into(),
            seed: 1,
            start: None,
            companies: 2_000,
            faults: Faults::default(),
            token_lifetime_secs: 5_400,
            hourly_limit: 3_600,
            spike_limit: 25,
            port: 0,
        }
    }
}

/// What `plumbline sim serve` prints: where the surfaces are and the scenario's test
/// credentials.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub login_url: String,
    pub api_url: String,
    pub docs_url: String,
    pub scenario: String,
    pub seed: u64,
    pub start: i64,
    pub apps: Vec<SummaryApp>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SummaryApp {
    pub name: String,
    pub client_id: String,
    /// A test value generated from the seed, never a real secret.
    pub client_secret: String,
    pub service_account: bool,
}

pub(crate) fn summary_of(sim: &SimState, base_url: &str) -> Summary {
    let live = sim.live();
    let s = &live.scenario;
    Summary {
        login_url: base_url.to_owned(),
        api_url: base_url.to_owned(),
        docs_url: base_url.to_owned(),
        scenario: s.name.clone(),
        seed: s.seed,
        start: s.start,
        apps: s
            .apps
            .iter()
            .map(|a| SummaryApp {
                name: a.name.clone(),
                client_id: a.client_id.clone(),
                client_secret: a.client_secret.clone(),
                service_account: a.service_account,
            })
            .collect(),
    }
}

/// A simulator serving on 127.0.0.1 until dropped or stopped.
pub struct RunningSimulator {
    pub base_url: String,
    pub addr: SocketAddr,
    pub summary: Summary,
    state: Arc<SimState>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    task: Option<tokio::task::JoinHandle<()>>,
}

impl RunningSimulator {
    /// Builds the scenario and starts serving on the current tokio runtime.
    pub async fn start(config: SimConfig) -> Result<Self, String> {
        let start = config.start.unwrap_or_else(now_unix);
        let scenario = Scenario::build(&config.scenario, config.seed, start, config.companies)?;
        let state = Arc::new(SimState::new(
            scenario,
            config.faults,
            config.token_lifetime_secs,
            config.hourly_limit,
            config.spike_limit,
        ));
        let listener = TcpListener::bind(("127.0.0.1", config.port))
            .await
            .map_err(|e| format!("cannot listen on 127.0.0.1:{}: {e}", config.port))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        let base_url = format!("http://{addr}");
        let summary = summary_of(&state, &base_url);
        let (tx, rx) = tokio::sync::oneshot::channel::<()>();
        let app = router(state.clone());
        let listener = FaultyListener {
            inner: listener,
            state: state.clone(),
        };
        let task = tokio::spawn(async move {
            let _ = axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = rx.await;
                })
                .await;
        });
        Ok(Self {
            base_url,
            addr,
            summary,
            state,
            shutdown: Some(tx),
            task: Some(task),
        })
    }

    pub fn clock(&self) -> &SimClock {
        &self.state.clock
    }

    /// Replaces the active faults.
    pub fn set_faults(&self, faults: Faults) {
        self.state.live().faults = faults;
    }

    /// Requests served to non-`/_sim` routes so far, by "METHOD /route".
    pub fn requests_by_route(&self) -> std::collections::BTreeMap<String, u64> {
        self.state.live().by_route.clone()
    }

    /// Responses so far, by status code.
    pub fn responses_by_status(&self) -> std::collections::BTreeMap<u16, u64> {
        self.state.live().by_status.clone()
    }

    /// Uninstalls (or installs) a company for an app, now.
    pub fn set_installed(&self, client_id: &str, company_id: i64, installed: bool) -> bool {
        let now = self.state.clock.now();
        let mut live = self.state.live();
        let (Some(app), Some(company)) = (
            live.app_by_client(client_id),
            live.scenario
                .companies
                .iter()
                .position(|c| c.id == company_id),
        ) else {
            return false;
        };
        live.scenario.apps[app].events.push(crate::InstallEvent {
            at: now,
            company,
            installed,
        });
        live.scenario.apps[app].events.sort_by_key(|e| e.at);
        true
    }

    /// Ids of the companies where the app is installed now, as the simulator sees it.
    pub fn installed_company_ids(&self, client_id: &str) -> Vec<i64> {
        let now = self.state.clock.now();
        let live = self.state.live();
        let Some(app) = live.app_by_client(client_id) else {
            return Vec::new();
        };
        let s = &live.scenario;
        s.installed_at(&s.apps[app], now)
            .into_iter()
            .map(|c| s.companies[c].id)
            .collect()
    }

    /// The CSV files the Developer Portal would offer for each app now: its metrics export
    /// and its API Call Activity Report.
    pub fn portal_exports(&self) -> Vec<PortalExport> {
        let now = self.state.clock.now();
        let live = self.state.live();
        live.scenario
            .apps
            .iter()
            .enumerate()
            .map(|(i, app)| PortalExport {
                app_name: app.name.clone(),
                client_id: app.client_id.clone(),
                metrics_csv: crate::metrics_export(&live.scenario, i, now),
                activity_csv: crate::api_activity_report(&live.scenario, i, now),
            })
            .collect()
    }

    /// Plays the partner in a browser: approves an out-of-band sign-in on the authorization
    /// page over HTTP and returns the code the page shows.
    pub async fn approve_out_of_band(&self, client_id: &str) -> Result<String, String> {
        let page = self
            .decide(&[
                ("client_id", client_id),
                ("redirect_uri", crate::OOB_REDIRECT_URI),
                ("state", "s"),
            ])
            .await?;
        page.split("<code id=\"authorization-code\">")
            .nth(1)
            .and_then(|rest| rest.split('<').next())
            .map(str::to_owned)
            .ok_or_else(|| format!("no code on the page: {page}"))
    }

    /// Plays the partner's browser for a loopback sign-in: opens `authorization_url`, chooses
    /// Authorize, and follows Procore's redirect to the listener on 127.0.0.1. Returns the page
    /// the listener answered with.
    pub async fn approve_in_browser(&self, authorization_url: &str) -> Result<String, String> {
        let (path, query) = authorization_url
            .split_once("/oauth/authorize?")
            .map(|(_, q)| ("/oauth/authorize", q))
            .ok_or_else(|| format!("not an authorization URL: {authorization_url}"))?;
        let page = http(
            self.addr,
            &format!(
                "GET {path}?{query} HTTP/1.1\r\nhost: {}\r\nconnection: close\r\n\r\n",
                self.addr
            ),
        )
        .await?;
        if !page.contains("value=\"approve\"") {
            return Err(format!("no approval page: {page}"));
        }
        let params: Vec<(String, String)> =
            serde_urlencoded::from_str(query).map_err(|e| e.to_string())?;
        let param = |name: &str| {
            params
                .iter()
                .find(|(k, _)| k == name)
                .map(|(_, v)| v.as_str())
                .unwrap_or_default()
        };
        let answer = self
            .decide(&[
                ("client_id", param("client_id")),
                ("redirect_uri", param("redirect_uri")),
                ("state", param("state")),
            ])
            .await?;
        let location = answer
            .lines()
            .find_map(|l| {
                l.strip_prefix("location: ")
                    .or_else(|| l.strip_prefix("Location: "))
            })
            .ok_or_else(|| format!("Procore did not redirect: {answer}"))?
            .trim();
        // Only ever follow to the loopback listener: this browser never leaves 127.0.0.1.
        let rest = location
            .strip_prefix("http://127.0.0.1:")
            .ok_or_else(|| format!("redirect outside loopback: {location}"))?;
        let (port, target) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let port: u16 = port
            .parse()
            .map_err(|_| format!("bad port in {location}"))?;
        let listener = SocketAddr::from(([127, 0, 0, 1], port));
        http(
            listener,
            &format!("GET {target} HTTP/1.1\r\nhost: {listener}\r\nconnection: close\r\n\r\n"),
        )
        .await
    }

    /// Posts the approval form with `decision=approve`.
    async fn decide(&self, fields: &[(&str, &str)]) -> Result<String, String> {
        let mut body: String = fields
            .iter()
            .map(|(k, v)| format!("{k}={}&", crate::oauth::urlencode(v)))
            .collect();
        body.push_str("decision=approve");
        http(
            self.addr,
            &format!(
                "POST /oauth/authorize/decision HTTP/1.1\r\nhost: {}\r\ncontent-type: application/x-www-form-urlencoded\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{body}",
                self.addr,
                body.len()
            ),
        )
        .await
    }

    /// Stops serving and waits for open connections to finish.
    pub async fn stop(mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
    }
}

impl Drop for RunningSimulator {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

/// One app's portal downloads.
#[derive(Debug, Clone)]
pub struct PortalExport {
    pub app_name: String,
    pub client_id: String,
    pub metrics_csv: String,
    pub activity_csv: String,
}

/// One HTTP/1.1 exchange over a fresh connection; the whole response, head and body.
async fn http(addr: SocketAddr, request: &str) -> Result<String, String> {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let mut stream = TcpStream::connect(addr).await.map_err(|e| e.to_string())?;
    stream
        .write_all(request.as_bytes())
        .await
        .map_err(|e| e.to_string())?;
    let mut response = String::new();
    stream
        .read_to_string(&mut response)
        .await
        .map_err(|e| e.to_string())?;
    Ok(response)
}

fn now_unix() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}

fn router(state: Arc<SimState>) -> Router {
    Router::new()
        .route("/oauth/authorize", get(oauth::authorize))
        .route("/oauth/authorize/decision", post(oauth::decide))
        .route("/oauth/token", post(oauth::token))
        .route("/oauth/token/info", get(oauth::token_info))
        .route("/oauth/revoke", post(oauth::revoke))
        .route("/rest/v1.0/companies", get(api::companies))
        .route("/rest/v1.0/me", get(api::me))
        .route("/api/v1/resource_groups/full_oas", get(reference::full_oas))
        .route("/api/v1/resource_groups", get(reference::resource_groups))
        .route("/_sim/summary", get(control::summary))
        .route("/_sim/clock", post(control::clock))
        .route("/_sim/apps/{client_id}/install", post(control::install))
        .route("/_sim/apps/{client_id}/uninstall", post(control::uninstall))
        .route(
            "/_sim/apps/{client_id}/redirect_uris",
            post(control::redirect_uris),
        )
        .route("/_sim/faults", post(control::faults))
        .route("/_sim/tokens/revoke_all", post(control::revoke_all))
        .route("/_sim/stats", get(control::stats))
        .route("/_sim/stats/reset", post(control::reset_stats))
        .route("/_sim/redirect", get(control::redirect))
        .fallback(|| async { json_error(StatusCode::NOT_FOUND, "404 Not Found") })
        .layer(middleware::from_fn_with_state(state.clone(), observe))
        .with_state(state)
}

/// Adds the configured latency and counts every request outside `/_sim`.
async fn observe(State(sim): State<Arc<SimState>>, request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| request.uri().path().to_owned());
    let key = format!("{} {route}", request.method());
    let latency = sim.live().faults.latency();
    if let Some(latency) = latency {
        tokio::time::sleep(latency).await;
    }
    let response = next.run(request).await;
    if !route.starts_with("/_sim/") {
        let mut live = sim.live();
        *live.by_route.entry(key).or_default() += 1;
        *live
            .by_status
            .entry(response.status().as_u16())
            .or_default() += 1;
    }
    response
}

/// Procore's JSON error shape for the REST API.
pub(crate) fn json_error(status: StatusCode, message: &str) -> Response {
    (
        status,
        axum::Json(json!({ "errors": message, "message": message })),
    )
        .into_response()
}

/// The OAuth error shape (Doorkeeper's, which Procore's login service uses).
pub(crate) fn oauth_error(status: StatusCode, error: &str, description: &str) -> Response {
    (
        status,
        axum::Json(json!({ "error": error, "error_description": description })),
    )
        .into_response()
}

/// A body that promises `len` bytes and breaks off after `sent` of them: the client sees a
/// connection that died mid-response.
fn broken_body(sent: Vec<u8>, len: usize) -> Response {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = vec![
        Ok(sent),
        Err(std::io::Error::other("simulated connection loss")),
    ];
    let mut response = Body::from_stream(futures_util::stream::iter(chunks)).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_LENGTH, HeaderValue::from(len));
    response
}

/// The body, or (when `truncate`) only its first half before the connection dies.
pub(crate) fn maybe_truncated(body: Vec<u8>, truncate: bool) -> Response {
    if !truncate {
        return body.into_response();
    }
    let len = body.len();
    broken_body(body[..len / 2].to_vec(), len)
}

/// A response the client never receives: the work was done, the answer is lost.
pub(crate) fn lost_response() -> Response {
    broken_body(Vec::new(), 512)
}

/// Accepts connections, resetting the configured share of them at once.
struct FaultyListener {
    inner: TcpListener,
    state: Arc<SimState>,
}

impl axum::serve::Listener for FaultyListener {
    type Io = TcpStream;
    type Addr = SocketAddr;

    async fn accept(&mut self) -> (TcpStream, SocketAddr) {
        loop {
            let (stream, addr) = match self.inner.accept().await {
                Ok(accepted) => accepted,
                Err(_) => {
                    // Out of file descriptors and the like: wait rather than spin.
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    continue;
                }
            };
            let reset = {
                let mut live = self.state.live();
                let rate = live.faults.reset_rate;
                rate > 0.0 && live.rng.chance(rate)
            };
            if reset {
                // Linger 0 makes close() send RST instead of FIN: a reset, not a clean close.
                #[allow(deprecated)]
                let _ = stream.set_linger(Some(Duration::ZERO));
                drop(stream);
                continue;
            }
            return (stream, addr);
        }
    }

    fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.inner.local_addr()
    }
}
