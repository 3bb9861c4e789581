//! The simulator's surfaces, checked with a real HTTP client over loopback.

// A test that cannot set up must fail loudly: unwrap is the point here.
#![allow(clippy::unwrap_used)]

use plumbline_procore_sim::{DAY, Faults, RunningSimulator, SimConfig};
use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_NONE_MATCH, LINK, LOCATION, RETRY_AFTER};

const START: i64 = 1_795_000_000;

async fn sim(config: SimConfig) -> RunningSimulator {
    RunningSimulator::start(SimConfig {
        start: Some(START),
        ..config
    })
    .await
    .unwrap()
}

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn client_credentials(sim: &RunningSimulator, app: usize) -> String {
    let a = &sim.summary.apps[app];
    let body: serde_json::Value = client()
        .post(format!("{}/oauth/token", sim.base_url))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", &a.client_id),
            ("client_secret", &a.client_secret),
        ])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(body["token_type"], "bearer");
    assert_eq!(body["expires_in"], 5400);
    assert!(
        body.get("refresh_token").is_none(),
        "client credentials carry no refresh token"
    );
    body["access_token"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn companies_paginate_with_link_total_and_rate_limit_headers() {
    let sim = sim(SimConfig::default()).await;
    let token = client_credentials(&sim, 0).await;
    let expected = sim.installed_company_ids(&sim.summary.apps[0].client_id);
    assert!(expected.len() > 250, "{}", expected.len());

    let mut url = format!("{}/rest/v1.0/companies?page=1&per_page=100", sim.base_url);
    let mut seen = Vec::new();
    let mut pages = 0;
    loop {
        let response = client().get(&url).bearer_auth(&token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let h = response.headers().clone();
        assert_eq!(h["Total"].to_str().unwrap(), expected.len().to_string());
        assert_eq!(h["Per-Page"], "100");
        for name in [
            "X-Rate-Limit-Limit",
            "X-Rate-Limit-Remaining",
            "X-Rate-Limit-Reset",
        ] {
            assert!(h.contains_key(name), "{name}");
        }
        let page: Vec<serde_json::Value> = response.json().await.unwrap();
        assert!(
            page.iter()
                .all(|c| c["id"].is_i64() && c["name"].is_string() && c["is_active"].is_boolean())
        );
        seen.extend(page.iter().map(|c| c["id"].as_i64().unwrap()));
        pages += 1;
        let link = h[LINK].to_str().unwrap().to_owned();
        match link.split(", ").find(|l| l.ends_with("rel=\"next\"")) {
            Some(next) => {
                url = next
                    .trim_start_matches('<')
                    .split('>')
                    .next()
                    .unwrap()
                    .to_owned()
            }
            None => break,
        }
    }
    assert_eq!(seen, expected);
    assert_eq!(pages, expected.len().div_ceil(100));
}

#[tokio::test]
async fn the_client_secret_is_always_required() {
    let sim = sim(SimConfig::default()).await;
    let a = &sim.summary.apps[0];
    let response = client()
        .post(format!("{}/oauth/token", sim.base_url))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", a.client_id.as_str()),
            ("client_secret", "wrong"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = response.json().await.unwrap();
    assert_eq!(body["error"], "invalid_client");
    // A user-level app cannot use client credentials.
    let user_app = sim
        .summary
        .apps
        .iter()
        .find(|a| !a.service_account)
        .unwrap();
    let response = client()
        .post(format!("{}/oauth/token", sim.base_url))
        .form(&[
            ("grant_type", "client_credentials"),
            ("client_id", &user_app.client_id),
            ("client_secret", &user_app.client_secret),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn authorization_code_flow_with_single_use_codes_and_rotating_refresh_tokens() {
    let sim = sim(SimConfig::default()).await;
    let a = sim.summary.apps[0].clone();
    let redirect = format!(
        "http://127.0.0.1:{}/callback",
        plumbline_procore_sim::PLUMBLINE_REDIRECT_PORT
    );
    let page = client()
        .get(format!("{}/oauth/authorize", sim.base_url))
        .query(&[
            ("response_type", "code"),
            ("client_id", &a.client_id),
            ("redirect_uri", &redirect),
            ("state", "s-123"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    assert!(
        page.text()
            .await
            .unwrap()
            .contains("Authorize Site Diary Sync")
    );
    let decision = client()
        .post(format!("{}/oauth/authorize/decision", sim.base_url))
        .form(&[
            ("client_id", a.client_id.as_str()),
            ("redirect_uri", &redirect),
            ("state", "s-123"),
            ("decision", "approve"),
        ])
        .send()
        .await
        .unwrap();
    assert!(decision.status().is_redirection());
    let location = decision.headers()[LOCATION].to_str().unwrap().to_owned();
    assert!(
        location.starts_with(&redirect) && location.contains("state=s-123"),
        "{location}"
    );
    let code = location
        .split("code=")
        .nth(1)
        .unwrap()
        .split('&')
        .next()
        .unwrap()
        .to_owned();

    let exchange = |code: String| {
        let (a, redirect, base) = (a.clone(), redirect.clone(), sim.base_url.clone());
        async move {
            client()
                .post(format!("{base}/oauth/token"))
                .form(&[
                    ("grant_type", "authorization_code"),
                    ("code", &code),
                    ("client_id", &a.client_id),
                    ("client_secret", &a.client_secret),
                    ("redirect_uri", &redirect),
                ])
                .send()
                .await
                .unwrap()
        }
    };
    let first = exchange(code.clone()).await;
    assert_eq!(first.status(), StatusCode::OK);
    let tokens: serde_json::Value = first.json().await.unwrap();
    let refresh = tokens["refresh_token"].as_str().unwrap().to_owned();
    assert_eq!(
        exchange(code).await.status(),
        StatusCode::BAD_REQUEST,
        "codes are single-use"
    );

    let refresh_with = |token: String| {
        let (a, base) = (a.clone(), sim.base_url.clone());
        async move {
            client()
                .post(format!("{base}/oauth/token"))
                .json(&serde_json::json!({ "grant_type": "refresh_token", "refresh_token": token, "client_id": a.client_id, "client_secret": a.client_secret }))
                .send()
                .await
                .unwrap()
        }
    };
    let rotated: serde_json::Value = refresh_with(refresh.clone()).await.json().await.unwrap();
    let new_refresh = rotated["refresh_token"].as_str().unwrap().to_owned();
    assert_ne!(new_refresh, refresh);
    assert_eq!(
        refresh_with(refresh).await.status(),
        StatusCode::BAD_REQUEST,
        "refresh tokens are single-use"
    );
    assert_eq!(refresh_with(new_refresh).await.status(), StatusCode::OK);

    // Token info, then expiry by the simulated clock.
    let access = rotated["access_token"].as_str().unwrap();
    let info = client()
        .get(format!("{}/oauth/token/info", sim.base_url))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(info.status(), StatusCode::OK);
    sim.clock().advance(5_401);
    let expired = client()
        .get(format!("{}/rest/v1.0/me", sim.base_url))
        .bearer_auth(access)
        .send()
        .await
        .unwrap();
    assert_eq!(expired.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn codes_expire_after_ten_minutes_and_unregistered_redirects_are_refused() {
    let sim = sim(SimConfig::default()).await;
    let a = sim.summary.apps[0].clone();
    let bad = client()
        .get(format!("{}/oauth/authorize", sim.base_url))
        .query(&[
            ("response_type", "code"),
            ("client_id", a.client_id.as_str()),
            ("redirect_uri", "http://evil.example/cb"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);
    let decision = client()
        .post(format!("{}/oauth/authorize/decision", sim.base_url))
        .form(&[
            ("client_id", a.client_id.as_str()),
            ("redirect_uri", plumbline_procore_sim::OOB_REDIRECT_URI),
            ("decision", "approve"),
        ])
        .send()
        .await
        .unwrap();
    let page = decision.text().await.unwrap();
    let code = page
        .split("<code id=\"authorization-code\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_owned();
    sim.clock().advance(601);
    let late = client()
        .post(format!("{}/oauth/token", sim.base_url))
        .form(&[
            ("grant_type", "authorization_code"),
            ("code", code.as_str()),
            ("client_id", &a.client_id),
            ("client_secret", &a.client_secret),
            ("redirect_uri", plumbline_procore_sim::OOB_REDIRECT_URI),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(late.status(), StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn the_spike_window_answers_429_with_retry_after() {
    let sim = sim(SimConfig {
        spike_limit: 5,
        ..SimConfig::default()
    })
    .await;
    let token = client_credentials(&sim, 0).await;
    let mut statuses = Vec::new();
    for _ in 0..7 {
        let r = client()
            .get(format!("{}/rest/v1.0/me", sim.base_url))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        if r.status() == StatusCode::TOO_MANY_REQUESTS {
            assert!(r.headers().contains_key(RETRY_AFTER));
            assert_eq!(r.headers()["X-Rate-Limit-Remaining"], "0");
        }
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [200, 200, 200, 200, 200, 429, 429]);
}

#[tokio::test]
async fn reference_data_is_conditional_and_a_sunset_moves() {
    let sim = sim(SimConfig::default()).await;
    let url = format!("{}/api/v1/resource_groups/full_oas?version=1", sim.base_url);
    let first = client().get(&url).send().await.unwrap();
    let etag = first.headers()[ETAG].clone();
    assert!(first.headers().contains_key("last-modified"));
    let v1: serde_json::Value = first.json().await.unwrap();
    assert_eq!(v1["info"]["title"], "Procore Rest API Documentation");
    let again = client()
        .get(&url)
        .header(IF_NONE_MATCH, etag.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);

    sim.clock().advance(4 * DAY);
    let revised = client()
        .get(&url)
        .header(IF_NONE_MATCH, etag)
        .send()
        .await
        .unwrap();
    assert_eq!(
        revised.status(),
        StatusCode::OK,
        "a new version is a new ETag"
    );
    let v2: serde_json::Value = revised.json().await.unwrap();
    let moved = |doc: &serde_json::Value| -> Vec<(String, String)> {
        let mut out = Vec::new();
        for (path, ops) in doc["paths"].as_object().unwrap() {
            for (method, op) in ops.as_object().unwrap() {
                if let Some(sunset) = op.get("x-sunset") {
                    out.push((
                        format!("{method} {path}"),
                        sunset.as_str().unwrap().to_owned(),
                    ));
                }
            }
        }
        out
    };
    let (a, b) = (moved(&v1), moved(&v2));
    let before: std::collections::BTreeMap<_, _> = a.into_iter().collect();
    let after: std::collections::BTreeMap<_, _> = b.into_iter().collect();
    let changed: Vec<_> = after
        .iter()
        .filter(|(op, sunset)| before.get(*op) != Some(*sunset))
        .collect();
    assert_eq!(
        changed.len(),
        2,
        "one sunset moves, one appears: {changed:?}"
    );
    let rfis = "get /rest/v1.0/projects/{project_id}/rfis";
    assert!(!before.contains_key(rfis) && after.contains_key(rfis));
    assert_eq!(
        v2["paths"]["/rest/v1.0/projects/{project_id}/rfis"]["get"]["deprecated"],
        true
    );
    let moved_earlier = changed.iter().find(|(op, _)| op.as_str() != rfis).unwrap();
    assert!(
        moved_earlier.1 < &before[moved_earlier.0],
        "the sunset moves earlier"
    );

    let legacy = client()
        .get(format!(
            "{}/api/v1/resource_groups?version=rest_v1",
            sim.base_url
        ))
        .send()
        .await
        .unwrap();
    let groups: serde_json::Value = legacy.json().await.unwrap();
    let changes: usize = groups
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|g| g["endpoints"].as_array().unwrap())
        .flat_map(|e| e["changelog"].as_array().unwrap())
        .filter(|c| c["type"] == "sunset_change")
        .count();
    assert_eq!(changes, 1);
}

#[tokio::test]
async fn faults_503_truncation_and_resets() {
    let sim = sim(SimConfig {
        faults: Faults {
            error_rate: 1.0,
            ..Faults::default()
        },
        ..SimConfig::default()
    })
    .await;
    let token = client_credentials(&sim, 0).await;
    let r = client()
        .get(format!("{}/rest/v1.0/companies", sim.base_url))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.headers()[RETRY_AFTER], "1");
    assert!(
        r.text().await.unwrap().contains("<html>"),
        "an HTML error page, as a load balancer sends"
    );

    sim.set_faults(Faults {
        truncate_rate: 1.0,
        ..Faults::default()
    });
    // Depending on how much hyper flushed before the break, the client sees the message end
    // early either while reading the head or while reading the body: never a whole answer.
    let broken = match client()
        .get(format!("{}/rest/v1.0/companies", sim.base_url))
        .bearer_auth(&token)
        .send()
        .await
    {
        Err(e) => e.is_request() || e.is_body(),
        Ok(r) => r.bytes().await.is_err(),
    };
    assert!(broken, "the body breaks off");

    sim.set_faults(Faults {
        reset_rate: 1.0,
        ..Faults::default()
    });
    let fresh = reqwest::Client::builder()
        .pool_max_idle_per_host(0)
        .build()
        .unwrap();
    assert!(
        fresh
            .get(format!("{}/rest/v1.0/me", sim.base_url))
            .send()
            .await
            .is_err(),
        "the connection is reset"
    );
}

#[tokio::test]
async fn a_429_burst_has_the_configured_length() {
    let sim = sim(SimConfig {
        faults: Faults {
            burst_429_every: 50,
            burst_429_length: 3,
            ..Faults::default()
        },
        ..SimConfig::default()
    })
    .await;
    let token = client_credentials(&sim, 0).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        let r = client()
            .get(format!("{}/rest/v1.0/me", sim.base_url))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap();
        statuses.push(r.status().as_u16());
    }
    assert_eq!(statuses, [429, 429, 429, 200, 200]);
}
