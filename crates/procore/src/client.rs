//! The HTTP client: every request goes through one loop that throttles, retries, records the
//! rate-limit window and any deprecation signals, and maps failures to partner words.

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use plumbline_domain::UnixMillis;
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use url::Url;

use crate::deprecation::DeprecationNotice;
use plumbline_domain::GrantType;

use crate::oauth::{TokenResponse, TokenSet, token_error};
use crate::pagination::{next_link, total};
use crate::rate::{RateLimit, Throttle};
use crate::retry::{RetryPolicy, retry_after, retryable};
use crate::{Endpoints, ProcoreEnvironment, ProcoreError, Secret};

/// What the client saw that others want to know: the rate-limit window and deprecations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Observation {
    RateLimit(RateLimit),
    Deprecation(DeprecationNotice),
}

type Observer = Arc<dyn Fn(Observation) + Send + Sync>;

/// Counts of what the client sent, for the sync summary and the benchmarks.
#[derive(Debug, Default)]
pub struct RequestLog {
    pub requests: AtomicU64,
    pub retries: AtomicU64,
    pub rate_limited: AtomicU64,
}

impl RequestLog {
    pub fn requests(&self) -> u64 {
        self.requests.load(Ordering::Relaxed)
    }
    pub fn retries(&self) -> u64 {
        self.retries.load(Ordering::Relaxed)
    }
    pub fn rate_limited(&self) -> u64 {
        self.rate_limited.load(Ordering::Relaxed)
    }
}

/// A company where a service-account app is installed (`GET /rest/v1.0/companies`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Company {
    pub id: i64,
    pub name: String,
    #[serde(default = "yes")]
    pub is_active: bool,
}

fn yes() -> bool {
    true
}

/// A response read in full: the body is part of the attempt, so a truncated body is retried
/// like any other broken transfer.
struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

/// A conditional fetch's outcome.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    NotModified,
    Fresh {
        body: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

pub struct ProcoreClient {
    http: reqwest::Client,
    endpoints: Endpoints,
    policy: RetryPolicy,
    throttle: Throttle,
    observer: Option<Observer>,
    log: Arc<RequestLog>,
    jitter_state: Mutex<u64>,
}

fn same_origin(a: &Url, b: &Url) -> bool {
    a.scheme() == b.scheme()
        && a.host_str() == b.host_str()
        && a.port_or_known_default() == b.port_or_known_default()
}

impl ProcoreClient {
    pub fn new(environment: &ProcoreEnvironment) -> Result<Self, ProcoreError> {
        // Never carry credentials to another origin: follow same-origin redirects only, and
        // hand any other redirect back to the caller as a response.
        let redirects = reqwest::redirect::Policy::custom(|attempt| {
            if attempt.previous().len() >= 5 {
                return attempt.error("too many redirects");
            }
            let same = attempt
                .previous()
                .first()
                .is_some_and(|first| same_origin(first, attempt.url()));
            if same {
                attempt.follow()
            } else {
                attempt.stop()
            }
        });
        let http = reqwest::Client::builder()
            .user_agent(concat!("Plumbline/", env!("CARGO_PKG_VERSION")))
            .redirect(redirects)
            .connect_timeout(Duration::from_secs(10))
            .timeout(Duration::from_secs(60))
            .build()
            .map_err(|e| ProcoreError::Invalid(format!("cannot set up HTTPS: {e}")))?;
        Ok(Self {
            http,
            endpoints: environment.endpoints(),
            policy: RetryPolicy::default(),
            throttle: Throttle::default(),
            observer: None,
            log: Arc::new(RequestLog::default()),
            jitter_state: Mutex::new(UnixMillis::now().0 as u64 | 1),
        })
    }

    /// Receives rate-limit windows and deprecation notices as they arrive.
    pub fn with_observer(mut self, observer: impl Fn(Observation) + Send + Sync + 'static) -> Self {
        self.observer = Some(Arc::new(observer));
        self
    }

    pub fn with_retry_policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }

    pub fn endpoints(&self) -> &Endpoints {
        &self.endpoints
    }

    pub fn log(&self) -> Arc<RequestLog> {
        self.log.clone()
    }

    /// The last rate-limit window Procore reported.
    pub fn rate_limit(&self) -> Option<RateLimit> {
        self.throttle.last()
    }

    fn jitter(&self) -> f64 {
        let mut s = self.jitter_state.lock().unwrap_or_else(|e| e.into_inner());
        *s ^= *s << 13;
        *s ^= *s >> 7;
        *s ^= *s << 17;
        (*s >> 11) as f64 / (1u64 << 53) as f64
    }

    fn observe(&self, observation: Observation) {
        if let Some(observer) = &self.observer {
            observer(observation);
        }
    }

    /// Sends one logical request, retrying what is worth retrying.
    async fn send(
        &self,
        build: &(dyn Fn() -> reqwest::RequestBuilder + Send + Sync),
        method: &Method,
        url: &Url,
    ) -> Result<Reply, ProcoreError> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let now = UnixMillis::now();
            self.throttle.note_reset_passed(now);
            if let Some(delay) = self.throttle.delay(now) {
                if delay > self.policy.max_wait {
                    return Err(ProcoreError::RateLimited {
                        reset: self.throttle.last().map(|l| l.reset),
                    });
                }
                tokio::time::sleep(delay).await;
            }
            self.log.requests.fetch_add(1, Ordering::Relaxed);
            let outcome = match build().send().await {
                Ok(response) => {
                    let status = response.status();
                    let headers = response.headers().clone();
                    response.bytes().await.map(|b| Reply {
                        status,
                        headers,
                        body: b.to_vec(),
                    })
                }
                Err(e) => Err(e),
            };
            let last_try = attempt >= self.policy.max_attempts;
            let reply = match outcome {
                Ok(reply) => reply,
                Err(e) => {
                    // Connection refused or reset, a timeout, a body cut off: transient.
                    let wait = self.policy.wait(attempt, None, self.jitter());
                    match wait.filter(|_| !last_try) {
                        Some(wait) => {
                            self.log.retries.fetch_add(1, Ordering::Relaxed);
                            tokio::time::sleep(wait).await;
                            continue;
                        }
                        None if e.is_connect() || e.is_timeout() => {
                            return Err(ProcoreError::Offline(plain(&e)));
                        }
                        None => {
                            return Err(ProcoreError::BadResponse(format!(
                                "the connection broke off mid-answer ({})",
                                plain(&e)
                            )));
                        }
                    }
                }
            };
            if let Some(limit) = RateLimit::from_headers(&reply.headers) {
                self.throttle.observe(limit);
                self.observe(Observation::RateLimit(limit));
            }
            if let Some(notice) =
                DeprecationNotice::from_headers(method.as_str(), url.path(), &reply.headers)
            {
                self.observe(Observation::Deprecation(notice));
            }
            if !retryable(reply.status) {
                return Ok(reply);
            }
            let now = UnixMillis::now();
            let asked = if reply.status == StatusCode::TOO_MANY_REQUESTS {
                self.log.rate_limited.fetch_add(1, Ordering::Relaxed);
                // Docs disagree on which to honour: take the later of the two.
                let reset = RateLimit::from_headers(&reply.headers)
                    .map(|l| Duration::from_millis((l.reset.0 - now.0).max(0) as u64));
                retry_after(&reply.headers, now).max(reset)
            } else {
                retry_after(&reply.headers, now)
            };
            match self
                .policy
                .wait(attempt, asked, self.jitter())
                .filter(|_| !last_try)
            {
                Some(wait) => {
                    self.log.retries.fetch_add(1, Ordering::Relaxed);
                    tokio::time::sleep(wait).await;
                }
                None if reply.status == StatusCode::TOO_MANY_REQUESTS => {
                    let reset = asked.map(|d| UnixMillis(now.0 + d.as_millis() as i64));
                    return Err(ProcoreError::RateLimited { reset });
                }
                None => {
                    return Err(ProcoreError::Unavailable {
                        status: reply.status.as_u16(),
                    });
                }
            }
        }
    }

    fn api_url(&self, path_and_query: &str) -> Result<Url, ProcoreError> {
        self.endpoints
            .api
            .join(path_and_query)
            .map_err(|e| ProcoreError::Invalid(format!("bad API path {path_and_query}: {e}")))
    }

    /// `GET` on the REST API with a bearer token, and `Procore-Company-Id` when company-scoped.
    async fn api_get(
        &self,
        url: &Url,
        token: &Secret,
        company_id: Option<i64>,
    ) -> Result<Reply, ProcoreError> {
        if !same_origin(url, &self.endpoints.api) {
            // A `Link` pointing elsewhere must not receive the token.
            return Err(ProcoreError::BadResponse(format!(
                "Procore pointed to another host ({}); Plumbline did not send your credentials there",
                url.host_str().unwrap_or("?")
            )));
        }
        let build = || {
            let mut request = self
                .http
                .get(url.clone())
                .bearer_auth(token.expose())
                .header("Accept", "application/json");
            if let Some(company) = company_id {
                request = request.header("Procore-Company-Id", HeaderValue::from(company));
            }
            request
        };
        let reply = self.send(&build, &Method::GET, url).await?;
        check_api_status(reply)
    }

    /// GET a JSON resource from the REST API.
    pub async fn get_json<T: DeserializeOwned>(
        &self,
        path_and_query: &str,
        token: &Secret,
        company_id: Option<i64>,
    ) -> Result<T, ProcoreError> {
        let url = self.api_url(path_and_query)?;
        let reply = self.api_get(&url, token, company_id).await?;
        decode(&reply.body)
    }

    /// Every company where a service-account app is installed, read page by page. A list that
    /// changes while it is being read (its `Total` moves, or an id repeats) is read again from
    /// the start, at most three times; an inconsistent list is never returned.
    pub async fn installed_companies(
        &self,
        token: &Secret,
        per_page: usize,
    ) -> Result<Vec<Company>, ProcoreError> {
        let per_page = per_page.clamp(1, 2_000);
        let mut reason = String::new();
        for _ in 0..3 {
            let mut url =
                self.api_url(&format!("rest/v1.0/companies?page=1&per_page={per_page}"))?;
            let mut companies: Vec<Company> = Vec::new();
            let mut first_total = None;
            let consistent = loop {
                let reply = self.api_get(&url, token, None).await?;
                let page_total = total(&reply.headers);
                let page: Vec<Company> = decode(&reply.body)?;
                match (first_total, page_total) {
                    (None, t) => first_total = Some(t),
                    (Some(before), now) if before != now => {
                        reason = format!(
                            "the company count went from {} to {}",
                            before.unwrap_or(0),
                            now.unwrap_or(0)
                        );
                        break false;
                    }
                    _ => {}
                }
                companies.extend(page);
                match next_link(&reply.headers) {
                    Some(next) => {
                        url = Url::parse(&next).map_err(|e| {
                            ProcoreError::BadResponse(format!("unreadable Link header ({e})"))
                        })?
                    }
                    None => break true,
                }
            };
            if !consistent {
                continue;
            }
            let mut ids: Vec<i64> = companies.iter().map(|c| c.id).collect();
            ids.sort_unstable();
            ids.dedup();
            if ids.len() != companies.len() {
                reason = "a company appeared on two pages".into();
                continue;
            }
            if let Some(Some(total)) =
                first_total.filter(|t| t.is_some_and(|t| t != companies.len()))
            {
                reason = format!(
                    "Procore announced {total} companies but listed {}",
                    companies.len()
                );
                continue;
            }
            return Ok(companies);
        }
        Err(ProcoreError::Inconsistent(reason))
    }

    async fn token_request(
        &self,
        form: Vec<(&'static str, String)>,
    ) -> Result<TokenSet, ProcoreError> {
        let url = self
            .endpoints
            .login
            .join("oauth/token")
            .map_err(|e| ProcoreError::Invalid(e.to_string()))?;
        let build = || self.http.post(url.clone()).form(&form);
        let reply = self.send(&build, &Method::POST, &url).await?;
        if !reply.status.is_success() {
            return Err(token_error(reply.status.as_u16(), &reply.body));
        }
        let parsed: TokenResponse = decode(&reply.body)?;
        parsed.into_tokens()
    }

    /// The client-credentials grant of a service-account (DMSA) app.
    pub async fn client_credentials(
        &self,
        client_id: &str,
        secret: &Secret,
    ) -> Result<TokenSet, ProcoreError> {
        self.token_request(vec![
            ("grant_type", GrantType::ClientCredentials.as_str().into()),
            ("client_id", client_id.into()),
            ("client_secret", secret.expose().into()),
        ])
        .await
    }

    /// Exchanges an authorization code (from the loopback redirect or the out-of-band page).
    pub async fn exchange_code(
        &self,
        client_id: &str,
        secret: &Secret,
        code: &str,
        redirect_uri: &str,
    ) -> Result<TokenSet, ProcoreError> {
        let code = code.trim();
        if code.is_empty() || code.chars().any(char::is_whitespace) {
            return Err(ProcoreError::Invalid("the authorization code is empty or has spaces in it: copy it again from Procore's page".into()));
        }
        self.token_request(vec![
            ("grant_type", GrantType::AuthorizationCode.as_str().into()),
            ("code", code.into()),
            ("client_id", client_id.into()),
            ("client_secret", secret.expose().into()),
            ("redirect_uri", redirect_uri.into()),
        ])
        .await
    }

    /// Refreshes. The old refresh token is dead from the moment Procore receives this call:
    /// the caller must store the returned refresh token before using the new access token.
    pub async fn refresh(
        &self,
        client_id: &str,
        secret: &Secret,
        refresh_token: &Secret,
    ) -> Result<TokenSet, ProcoreError> {
        self.token_request(vec![
            ("grant_type", "refresh_token".into()),
            ("refresh_token", refresh_token.expose().into()),
            ("client_id", client_id.into()),
            ("client_secret", secret.expose().into()),
        ])
        .await
    }

    /// Revokes a token (`POST /oauth/revoke`).
    pub async fn revoke(
        &self,
        client_id: &str,
        secret: &Secret,
        token: &Secret,
    ) -> Result<(), ProcoreError> {
        let url = self
            .endpoints
            .login
            .join("oauth/revoke")
            .map_err(|e| ProcoreError::Invalid(e.to_string()))?;
        let form = [
            ("token", token.expose()),
            ("client_id", client_id),
            ("client_secret", secret.expose()),
        ];
        let build = || self.http.post(url.clone()).form(&form);
        let reply = self.send(&build, &Method::POST, &url).await?;
        if reply.status.is_success() {
            Ok(())
        } else {
            Err(token_error(reply.status.as_u16(), &reply.body))
        }
    }

    /// `GET /rest/v1.0/me`: who the token signs in as.
    pub async fn me(&self, token: &Secret) -> Result<serde_json::Value, ProcoreError> {
        self.get_json("rest/v1.0/me", token, None).await
    }

    /// Fetches reference data conditionally, sending the validators of the copy we hold.
    pub async fn fetch_conditional(
        &self,
        path_and_query: &str,
        etag: Option<&str>,
        last_modified: Option<&str>,
    ) -> Result<Fetched, ProcoreError> {
        let url = self
            .endpoints
            .docs
            .join(path_and_query)
            .map_err(|e| ProcoreError::Invalid(e.to_string()))?;
        let build = || {
            let mut request = self.http.get(url.clone());
            if let Some(etag) = etag {
                request = request.header("If-None-Match", etag);
            }
            if let Some(lm) = last_modified {
                request = request.header("If-Modified-Since", lm);
            }
            request
        };
        let reply = self.send(&build, &Method::GET, &url).await?;
        if reply.status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        let reply = check_api_status(reply)?;
        let header = |name: &str| {
            reply
                .headers
                .get(name)
                .and_then(|v| v.to_str().ok())
                .map(str::to_owned)
        };
        Ok(Fetched::Fresh {
            etag: header("etag"),
            last_modified: header("last-modified"),
            body: reply.body,
        })
    }
}

/// A reqwest error in one line, without the URL (which may carry a code or state).
fn plain(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text
            .replace(&format!(" ({url})"), "")
            .replace(url.as_str(), "the server");
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}

fn check_api_status(reply: Reply) -> Result<Reply, ProcoreError> {
    let status = reply.status;
    if status.is_success() {
        return Ok(reply);
    }
    if status.is_redirection() {
        return Err(ProcoreError::BadResponse(
            "Procore redirected to another host; Plumbline did not follow it with your credentials"
                .into(),
        ));
    }
    let message = error_message(&reply.body);
    match status {
        StatusCode::UNAUTHORIZED => Err(ProcoreError::TokenRejected(message)),
        StatusCode::FORBIDDEN => Err(ProcoreError::Refused {
            status: 403,
            message: format!("{message} (the app or user lacks the permission for this tool)"),
        }),
        _ => Err(ProcoreError::Refused {
            status: status.as_u16(),
            message,
        }),
    }
}

/// The human part of an error body: Procore's JSON `errors`/`message`/`error_description`,
/// or a note that the body was an HTML page.
fn error_message(body: &[u8]) -> String {
    if let Ok(value) = serde_json::from_slice::<serde_json::Value>(body) {
        for key in ["error_description", "message", "errors", "error"] {
            if let Some(text) = value.get(key).and_then(|v| v.as_str()) {
                return text.chars().take(300).collect();
            }
        }
    }
    if looks_like_html(body) {
        "an HTML error page".into()
    } else {
        String::from_utf8_lossy(&body[..body.len().min(200)])
            .trim()
            .to_owned()
    }
}

fn looks_like_html(body: &[u8]) -> bool {
    let start = String::from_utf8_lossy(&body[..body.len().min(64)])
        .trim_start()
        .to_ascii_lowercase();
    start.starts_with('<')
}

fn decode<T: DeserializeOwned>(body: &[u8]) -> Result<T, ProcoreError> {
    serde_json::from_slice(body).map_err(|e| {
        if looks_like_html(body) {
            ProcoreError::BadResponse("an HTML page where JSON was expected".into())
        } else {
            ProcoreError::BadResponse(format!("malformed JSON: {e}"))
        }
    })
}
