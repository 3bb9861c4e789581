//! `/_sim/*`: the simulator's own controls for tests and demos. Procore has nothing like them.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::faults::Faults;
use crate::server::json_error;
use crate::state::SimState;

pub async fn summary(State(sim): State<Arc<SimState>>) -> Response {
    axum::Json(crate::server::summary_of(&sim, "")).into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Advance {
    advance_secs: i64,
}

/// Moves the simulated clock forward (token expiry, the next reference version, a new day).
pub async fn clock(
    State(sim): State<Arc<SimState>>,
    axum::Json(body): axum::Json<Advance>,
) -> Response {
    if body.advance_secs < 0 {
        return json_error(StatusCode::BAD_REQUEST, "the clock only moves forward");
    }
    sim.clock.advance(body.advance_secs);
    axum::Json(json!({ "now": sim.clock.now() })).into_response()
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompanyChange {
    company_id: i64,
}

fn change(sim: &SimState, client_id: &str, company_id: i64, installed: bool) -> Response {
    let now = sim.clock.now();
    let mut live = sim.live();
    let Some(app) = live.app_by_client(client_id) else {
        return json_error(StatusCode::NOT_FOUND, "no such client id in this scenario");
    };
    let Some(company) = live
        .scenario
        .companies
        .iter()
        .position(|c| c.id == company_id)
    else {
        return json_error(StatusCode::NOT_FOUND, "no such company in this scenario");
    };
    live.scenario.apps[app].events.push(crate::InstallEvent {
        at: now,
        company,
        installed,
    });
    live.scenario.apps[app].events.sort_by_key(|e| e.at);
    axum::Json(json!({ "at": now })).into_response()
}

pub async fn install(
    State(sim): State<Arc<SimState>>,
    Path(client_id): Path<String>,
    axum::Json(b): axum::Json<CompanyChange>,
) -> Response {
    change(&sim, &client_id, b.company_id, true)
}

pub async fn uninstall(
    State(sim): State<Arc<SimState>>,
    Path(client_id): Path<String>,
    axum::Json(b): axum::Json<CompanyChange>,
) -> Response {
    change(&sim, &client_id, b.company_id, false)
}

#[derive(Deserialize)]
pub struct RedirectUris {
    uris: Vec<String>,
}

/// Registers redirect URIs for an app, as a partner does in the Developer Portal.
pub async fn redirect_uris(
    State(sim): State<Arc<SimState>>,
    Path(client_id): Path<String>,
    axum::Json(b): axum::Json<RedirectUris>,
) -> Response {
    let mut live = sim.live();
    let Some(app) = live.app_by_client(&client_id) else {
        return json_error(StatusCode::NOT_FOUND, "no such client id in this scenario");
    };
    live.scenario.apps[app].redirect_uris = b.uris;
    StatusCode::NO_CONTENT.into_response()
}

pub async fn faults(
    State(sim): State<Arc<SimState>>,
    axum::Json(faults): axum::Json<Faults>,
) -> Response {
    sim.live().faults = faults;
    StatusCode::NO_CONTENT.into_response()
}

pub async fn revoke_all(State(sim): State<Arc<SimState>>) -> Response {
    let mut live = sim.live();
    live.access.values_mut().for_each(|t| t.revoked = true);
    live.refresh.values_mut().for_each(|r| r.used = true);
    StatusCode::NO_CONTENT.into_response()
}

/// Requests served so far, by route and by status.
pub async fn stats(State(sim): State<Arc<SimState>>) -> Response {
    let live = sim.live();
    let total: u64 = live.by_route.values().sum();
    axum::Json(json!({ "requests": total, "byRoute": live.by_route, "byStatus": live.by_status }))
        .into_response()
}

pub async fn reset_stats(State(sim): State<Arc<SimState>>) -> Response {
    let mut live = sim.live();
    live.by_route.clear();
    live.by_status.clear();
    StatusCode::NO_CONTENT.into_response()
}

#[derive(Deserialize)]
pub struct RedirectTo {
    to: String,
}

/// Redirects anywhere: lets tests check that credentials never follow a redirect off-host.
pub async fn redirect(axum::extract::Query(q): axum::extract::Query<RedirectTo>) -> Response {
    axum::response::Redirect::temporary(&q.to).into_response()
}
