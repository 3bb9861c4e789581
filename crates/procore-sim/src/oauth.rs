//! `/oauth/*`: Procore's OAuth 2.0 endpoints (`oauth/oauth_endpoints.md`).

use std::collections::HashMap;
use std::sync::Arc;

use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde_json::json;

use crate::OOB_REDIRECT_URI;
use crate::server::{lost_response, oauth_error};
use crate::state::{AccessToken, AuthCode, Grant, RefreshToken, SimState};

const CODE_LIFETIME: i64 = 600;

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The app behind `client_id`, if `redirect_uri` is registered for it. Procore shows an
/// error page rather than redirecting to an unregistered URI.
fn registered_app(
    live: &crate::state::Live,
    client_id: &str,
    redirect_uri: &str,
) -> Result<usize, Response> {
    let page = |status: StatusCode, text: &str| (status, Html(text.to_owned())).into_response();
    let app = live.app_by_client(client_id).ok_or_else(|| {
        page(
            StatusCode::UNAUTHORIZED,
            "<h1>Client authentication failed</h1><p>Unknown client.</p>",
        )
    })?;
    if !live.scenario.apps[app]
        .redirect_uris
        .iter()
        .any(|u| u == redirect_uri)
    {
        return Err(page(
            StatusCode::BAD_REQUEST,
            "<h1>invalid_redirect_uri</h1><p>The redirect uri included is not valid.</p>",
        ));
    }
    Ok(app)
}

/// `GET /oauth/authorize`: the approval page a signed-in Procore user sees.
pub async fn authorize(
    State(sim): State<Arc<SimState>>,
    Query(q): Query<HashMap<String, String>>,
) -> Response {
    let live = sim.live();
    let client_id = q.get("client_id").map(String::as_str).unwrap_or_default();
    let redirect_uri = q.get("redirect_uri").cloned().unwrap_or_default();
    if q.get("response_type").map(String::as_str) != Some("code") {
        return (
            StatusCode::BAD_REQUEST,
            Html("<h1>unsupported_response_type</h1>".to_owned()),
        )
            .into_response();
    }
    let app = match registered_app(&live, client_id, &redirect_uri) {
        Ok(app) => app,
        Err(page) => return page,
    };
    let state = q.get("state").cloned().unwrap_or_default();
    let name = escape(&live.scenario.apps[app].name);
    Html(format!(
        "<!doctype html><html><head><title>Authorize {name}</title></head><body>\
         <h1>Authorize {name}</h1><p>{name} wants to use your Procore account.</p>\
         <form method=\"post\" action=\"/oauth/authorize/decision\">\
         <input type=\"hidden\" name=\"client_id\" value=\"{}\">\
         <input type=\"hidden\" name=\"redirect_uri\" value=\"{}\">\
         <input type=\"hidden\" name=\"state\" value=\"{}\">\
         <button type=\"submit\" name=\"decision\" value=\"approve\">Authorize</button>\
         <button type=\"submit\" name=\"decision\" value=\"deny\">Deny</button></form></body></html>",
        escape(client_id),
        escape(&redirect_uri),
        escape(&state)
    ))
    .into_response()
}

/// `POST /oauth/authorize/decision`: the approval form's target. Redirects to the registered
/// redirect URI with `code` and `state`, or shows the code for the out-of-band flow.
pub async fn decide(
    State(sim): State<Arc<SimState>>,
    axum::Form(form): axum::Form<HashMap<String, String>>,
) -> Response {
    let mut live = sim.live();
    let redirect_uri = form.get("redirect_uri").cloned().unwrap_or_default();
    let client_id = form
        .get("client_id")
        .map(String::as_str)
        .unwrap_or_default();
    let app = match registered_app(&live, client_id, &redirect_uri) {
        Ok(app) => app,
        Err(page) => return page,
    };
    let state = form.get("state").cloned().unwrap_or_default();
    let separator = if redirect_uri.contains('?') { '&' } else { '?' };
    if form.get("decision").map(String::as_str) != Some("approve") {
        return Redirect::to(&format!(
            "{redirect_uri}{separator}error=access_denied&state={}",
            urlencode(&state)
        ))
        .into_response();
    }
    let code = live.token("code-");
    let expires_at = sim.clock.now() + CODE_LIFETIME;
    live.codes.insert(
        code.clone(),
        AuthCode {
            app,
            redirect_uri: redirect_uri.clone(),
            expires_at,
            used: false,
        },
    );
    if redirect_uri == OOB_REDIRECT_URI {
        return Html(format!(
            "<!doctype html><html><body><h1>Authorization code</h1><p>Copy this code into the application:</p>\
             <code id=\"authorization-code\">{code}</code></body></html>"
        ))
        .into_response();
    }
    Redirect::to(&format!(
        "{redirect_uri}{separator}code={code}&state={}",
        urlencode(&state)
    ))
    .into_response()
}

pub fn urlencode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Reads a form or JSON body: Procore accepts both on `/oauth/token`.
pub fn params(headers: &HeaderMap, body: &[u8]) -> HashMap<String, String> {
    let json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"));
    if json {
        serde_json::from_slice::<HashMap<String, serde_json::Value>>(body)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| {
                (
                    k,
                    v.as_str()
                        .map(str::to_owned)
                        .unwrap_or_else(|| v.to_string()),
                )
            })
            .collect()
    } else {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(body)
            .unwrap_or_default()
            .into_iter()
            .collect()
    }
}

/// `POST /oauth/token`.
pub async fn token(
    State(sim): State<Arc<SimState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let p = params(&headers, &body);
    let get = |k: &str| p.get(k).map(String::as_str).unwrap_or_default();
    let mut live = sim.live();
    let now = sim.clock.now();
    let Some(app) = live.app_by_client(get("client_id")) else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
        );
    };
    // The client secret is always required (oauth_endpoints.md), whatever the grant.
    if get("client_secret") != live.scenario.apps[app].client_secret {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
        );
    }
    let grant = match get("grant_type") {
        "client_credentials" => {
            if !live.scenario.apps[app].service_account {
                return oauth_error(
                    StatusCode::BAD_REQUEST,
                    "unauthorized_client",
                    "The client is not authorized to perform this request using this method.",
                );
            }
            Grant::ClientCredentials
        }
        "authorization_code" => {
            let code = get("code").to_owned();
            let redirect_uri = get("redirect_uri").to_owned();
            let valid = live.codes.get_mut(&code).filter(|c| {
                c.app == app && !c.used && c.expires_at > now && c.redirect_uri == redirect_uri
            });
            match valid {
                Some(c) => c.used = true,
                None => {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
                    );
                }
            }
            Grant::AuthorizationCode
        }
        "refresh_token" => {
            let presented = get("refresh_token").to_owned();
            match live
                .refresh
                .get_mut(&presented)
                .filter(|r| r.app == app && !r.used)
            {
                // Single use: the old refresh token dies now, whether or not the answer arrives.
                Some(r) => r.used = true,
                None => {
                    return oauth_error(
                        StatusCode::BAD_REQUEST,
                        "invalid_grant",
                        "The provided authorization grant is invalid, expired, revoked, does not match the redirection URI used in the authorization request, or was issued to another client.",
                    );
                }
            }
            Grant::AuthorizationCode
        }
        other => {
            return oauth_error(
                StatusCode::BAD_REQUEST,
                "unsupported_grant_type",
                &format!(
                    "The authorization grant type {other:?} is not supported by the authorization server."
                ),
            );
        }
    };
    let access = live.token("");
    live.access.insert(
        access.clone(),
        AccessToken {
            app,
            grant,
            issued_at: now,
            expires_at: now + sim.token_lifetime,
            revoked: false,
        },
    );
    let mut body = json!({
        "access_token": access,
        "token_type": "bearer",
        "expires_in": sim.token_lifetime,
        "created_at": now,
    });
    if grant == Grant::AuthorizationCode {
        let refresh = live.token("");
        live.refresh
            .insert(refresh.clone(), RefreshToken { app, used: false });
        body["refresh_token"] = json!(refresh);
    }
    if live.faults.drop_token_responses > 0 {
        live.faults.drop_token_responses -= 1;
        return lost_response();
    }
    axum::Json(body).into_response()
}

/// The access token a request presents, if it is one the simulator issued and still honours.
pub fn bearer(sim: &SimState, headers: &HeaderMap) -> Result<(String, AccessToken), Response> {
    let presented = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.strip_prefix("Bearer ")
                .or_else(|| v.strip_prefix("bearer "))
        })
        .map(str::trim)
        .unwrap_or_default()
        .to_owned();
    let live = sim.live();
    let now = sim.clock.now();
    let revoke_after = live.faults.revoke_tokens_after_secs;
    match live.access.get(&presented) {
        Some(t) if t.revoked => Err(unauthorized("The access token was revoked")),
        Some(t) if t.expires_at <= now => Err(unauthorized("The access token expired")),
        Some(t) if revoke_after.is_some_and(|after| now - t.issued_at >= after as i64) => {
            Err(unauthorized("The access token was revoked"))
        }
        Some(t) => Ok((presented, t.clone())),
        None => Err(unauthorized("The access token is invalid")),
    }
}

fn unauthorized(description: &str) -> Response {
    let mut response = oauth_error(StatusCode::UNAUTHORIZED, "invalid_token", description);
    response.headers_mut().insert(
        header::WWW_AUTHENTICATE,
        header::HeaderValue::from_static("Bearer realm=\"Doorkeeper\", error=\"invalid_token\""),
    );
    response
}

/// `GET /oauth/token/info`.
pub async fn token_info(State(sim): State<Arc<SimState>>, headers: HeaderMap) -> Response {
    match bearer(&sim, &headers) {
        Ok((_, t)) => {
            let live = sim.live();
            axum::Json(json!({
                "resource_owner_id": if t.grant == Grant::AuthorizationCode { json!(1_000_001) } else { json!(null) },
                "scope": [],
                "expires_in_seconds": t.expires_at - sim.clock.now(),
                "application": { "uid": live.scenario.apps[t.app].client_id },
                "created_at": t.issued_at,
            }))
            .into_response()
        }
        Err(response) => response,
    }
}

/// `POST /oauth/revoke`: revokes an access or refresh token. Answers 200 either way, as
/// RFC 7009 asks, so that a client cannot probe which tokens exist.
pub async fn revoke(
    State(sim): State<Arc<SimState>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let p = params(&headers, &body);
    let mut live = sim.live();
    let Some(app) = p.get("client_id").and_then(|c| live.app_by_client(c)) else {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed.",
        );
    };
    if p.get("client_secret") != Some(&live.scenario.apps[app].client_secret) {
        return oauth_error(
            StatusCode::UNAUTHORIZED,
            "invalid_client",
            "Client authentication failed.",
        );
    }
    let token = p.get("token").cloned().unwrap_or_default();
    if let Some(t) = live.access.get_mut(&token).filter(|t| t.app == app) {
        t.revoked = true;
    }
    if let Some(r) = live.refresh.get_mut(&token).filter(|r| r.app == app) {
        r.used = true;
    }
    axum::Json(json!({})).into_response()
}
