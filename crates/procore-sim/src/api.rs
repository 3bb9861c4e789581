//! `/rest/v1.0/*`: the REST endpoints Plumbline calls, behind Procore's rate limits.

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde_json::json;

use crate::oauth::bearer;
use crate::server::{json_error, maybe_truncated};
use crate::state::{Grant, SimState, Window};

const HOUR: i64 = 3_600;
const SPIKE: i64 = 10;
const MAX_PER_PAGE: usize = 2_000;
const DEFAULT_PER_PAGE: usize = 100;

/// What the rate-limit headers report: the window closer to running out.
struct RateHeaders {
    limit: u64,
    remaining: u64,
    reset: i64,
}

impl RateHeaders {
    fn apply(&self, headers: &mut HeaderMap) {
        headers.insert("X-Rate-Limit-Limit", HeaderValue::from(self.limit));
        headers.insert("X-Rate-Limit-Remaining", HeaderValue::from(self.remaining));
        headers.insert("X-Rate-Limit-Reset", HeaderValue::from(self.reset));
    }
}

fn roll(window: &mut Window, now: i64, length: i64) {
    if now - window.started >= length {
        *window = Window {
            started: now,
            count: 0,
        };
    }
}

/// Authenticates, counts the request against both windows, and injects the configured
/// faults. Failed calls count against the quota, as Procore's do.
fn gate(
    sim: &SimState,
    headers: &HeaderMap,
) -> Result<(crate::state::AccessToken, RateHeaders), Response> {
    let (token, access) = bearer(sim, headers)?;
    let now = sim.clock.now();
    let mut live = sim.live();
    live.api_requests += 1;
    let limits = live.limits.entry(token).or_default();
    roll(&mut limits.hourly, now, HOUR);
    roll(&mut limits.spike, now, SPIKE);
    limits.hourly.count += 1;
    limits.spike.count += 1;
    let hourly_left = sim.hourly_limit.saturating_sub(limits.hourly.count);
    let spike_left = sim.spike_limit.saturating_sub(limits.spike.count);
    let hourly_over = limits.hourly.count > sim.hourly_limit;
    let spike_over = limits.spike.count > sim.spike_limit;
    let rate = if hourly_left <= spike_left {
        RateHeaders {
            limit: sim.hourly_limit,
            remaining: hourly_left,
            reset: limits.hourly.started + HOUR,
        }
    } else {
        RateHeaders {
            limit: sim.spike_limit,
            remaining: spike_left,
            reset: limits.spike.started + SPIKE,
        }
    };
    let too_many = |reset: i64| {
        let mut response = json_error(StatusCode::TOO_MANY_REQUESTS, "Rate limit exceeded");
        RateHeaders {
            limit: rate.limit,
            remaining: 0,
            reset,
        }
        .apply(response.headers_mut());
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from((reset - now).max(1)));
        response
    };
    if hourly_over {
        return Err(too_many(limits.hourly.started + HOUR));
    }
    if spike_over {
        return Err(too_many(limits.spike.started + SPIKE));
    }
    // Faults, in the order a real outage shows them.
    let faults = live.faults.clone();
    if faults.burst_429_every > 0
        && live.burst_remaining == 0
        && (live.api_requests - 1).is_multiple_of(faults.burst_429_every)
    {
        live.burst_remaining = faults.burst_429_length;
    }
    if live.burst_remaining > 0 {
        live.burst_remaining -= 1;
        return Err(too_many(now + 1));
    }
    if faults.error_rate > 0.0 && live.rng.chance(faults.error_rate) {
        let mut response = (StatusCode::SERVICE_UNAVAILABLE, "<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>").into_response();
        response
            .headers_mut()
            .insert(header::RETRY_AFTER, HeaderValue::from(1));
        response
            .headers_mut()
            .insert(header::CONTENT_TYPE, HeaderValue::from_static("text/html"));
        return Err(response);
    }
    Ok((access, rate))
}

/// The base URL the client used, for `Link` headers.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("127.0.0.1");
    format!("http://{host}")
}

fn query_number(q: &HashMap<String, String>, key: &str) -> Result<Option<usize>, Response> {
    match q.get(key) {
        None => Ok(None),
        Some(v) => v.parse::<usize>().map(Some).map_err(|_| {
            json_error(
                StatusCode::BAD_REQUEST,
                &format!("{key} must be a positive integer"),
            )
        }),
    }
}

/// `GET /rest/v1.0/companies`: for a client-credentials token, the companies where that app
/// is installed; for a user's token, the companies that user belongs to.
pub async fn companies(
    State(sim): State<Arc<SimState>>,
    headers: HeaderMap,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let (access, rate) = match gate(&sim, &headers) {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let (page, per_page) = match (query_number(&q, "page"), query_number(&q, "per_page")) {
        (Ok(page), Ok(per_page)) => (
            page.unwrap_or(1).max(1),
            per_page.unwrap_or(DEFAULT_PER_PAGE).clamp(1, MAX_PER_PAGE),
        ),
        (Err(r), _) | (_, Err(r)) => return r,
    };
    let now = sim.clock.now();
    let mut live = sim.live();
    let scenario = &live.scenario;
    let app = &scenario.apps[access.app];
    let visible: Vec<usize> = match access.grant {
        Grant::ClientCredentials => scenario.installed_at(app, now),
        Grant::AuthorizationCode => vec![0, 1],
    };
    let total = visible.len();
    let last = total.div_ceil(per_page).max(1);
    let items: Vec<_> = visible
        .iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .map(|&c| {
            let company = &scenario.companies[c];
            json!({ "id": company.id, "name": company.name, "is_active": company.is_active })
        })
        .collect();
    // A company that uninstalls while the client is between pages (a fault on request).
    if access.grant == Grant::ClientCredentials
        && live.faults.vanish_company_after_page == Some(page as u32)
    {
        live.faults.vanish_company_after_page = None;
        if let Some(&first) = visible.first() {
            let app = &mut live.scenario.apps[access.app];
            app.events.push(crate::InstallEvent {
                at: now,
                company: first,
                installed: false,
            });
        }
    }
    let truncate_rate = live.faults.truncate_rate;
    let truncate = truncate_rate > 0.0 && live.rng.chance(truncate_rate);
    let (malformed_rate, html_rate) = (live.faults.malformed_json_rate, live.faults.html_page_rate);
    let malformed = malformed_rate > 0.0 && live.rng.chance(malformed_rate);
    let html = html_rate > 0.0 && live.rng.chance(html_rate);
    let announce = live.faults.announce_deprecation;
    drop(live);
    if malformed {
        // A broken body from Procore itself still carries Procore's headers.
        let mut response = (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            "[{\"id\": 1, \"name\": \"Trunc",
        )
            .into_response();
        if announce {
            announce_deprecation(response.headers_mut(), now);
        }
        return response;
    }
    if html {
        return (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "text/html")],
            "<!DOCTYPE html><html><body><h1>Sign in to the hotel Wi-Fi</h1></body></html>",
        )
            .into_response();
    }

    let base = format!("{}/rest/v1.0/companies", origin(&headers));
    let link =
        |p: usize, rel: &str| format!("<{base}?page={p}&per_page={per_page}>; rel=\"{rel}\"");
    let mut links = vec![link(1, "first")];
    if page > 1 {
        links.push(link(page - 1, "prev"));
    }
    if page < last {
        links.push(link(page + 1, "next"));
    }
    links.push(link(last, "last"));

    let body = serde_json::to_vec(&items).unwrap_or_default();
    let mut response = maybe_truncated(body, truncate);
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json; charset=utf-8"),
    );
    h.insert("Total", HeaderValue::from(total));
    h.insert("Per-Page", HeaderValue::from(per_page));
    if let Ok(value) = HeaderValue::from_str(&links.join(", ")) {
        h.insert(header::LINK, value);
    }
    rate.apply(h);
    if announce {
        announce_deprecation(h, now);
    }
    response
}

/// `Deprecation` a month ago, `Sunset` in 90 days, and where to read about it.
fn announce_deprecation(h: &mut HeaderMap, now: i64) {
    let sunset = httpdate::fmt_http_date(
        std::time::UNIX_EPOCH
            + std::time::Duration::from_secs((now + 90 * crate::DAY).max(0) as u64),
    );
    h.insert(
        "Deprecation",
        HeaderValue::from_str(&format!("@{}", now - 30 * crate::DAY))
            .unwrap_or(HeaderValue::from_static("true")),
    );
    if let Ok(v) = HeaderValue::from_str(&sunset) {
        h.insert("Sunset", v);
    }
    h.append(header::LINK, HeaderValue::from_static("<https://developers.procore.com/documentation/rest-api-lifecycle>; rel=\"deprecation\""));
}

/// `GET /rest/v1.0/me`.
pub async fn me(State(sim): State<Arc<SimState>>, headers: HeaderMap) -> Response {
    let (access, rate) = match gate(&sim, &headers) {
        Ok(ok) => ok,
        Err(response) => return response,
    };
    let live = sim.live();
    let app = &live.scenario.apps[access.app];
    let body = match access.grant {
        Grant::AuthorizationCode => {
            json!({ "id": 1_000_001, "login": "pat.partner@example.com", "name": "Pat Partner" })
        }
        Grant::ClientCredentials => json!({
            "id": 2_000_000 + access.app as i64,
            "login": format!("{}@service-account.example.com", app.client_id),
            "name": format!("{} Service Account", app.name),
        }),
    };
    let mut response = axum::Json(body).into_response();
    rate.apply(response.headers_mut());
    response
}
