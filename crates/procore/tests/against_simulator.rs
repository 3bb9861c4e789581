//! The real client against the simulator over loopback.

// A test that cannot set up must fail loudly: unwrap is the point here.
#![allow(clippy::unwrap_used)]

use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use plumbline_procore::{
    Endpoints, LoopbackListener, OOB_REDIRECT_URI, Observation, ProcoreClient, ProcoreEnvironment,
    ProcoreError, RetryPolicy, Secret, authorization_url, random_state,
};
use plumbline_procore_sim::{Faults, RunningSimulator, SimConfig, SummaryApp};

const START: i64 = 1_795_000_000;

async fn sim(faults: Faults) -> RunningSimulator {
    RunningSimulator::start(SimConfig {
        start: Some(START),
        faults,
        ..SimConfig::default()
    })
    .await
    .unwrap()
}

fn client(sim: &RunningSimulator) -> ProcoreClient {
    let endpoints = Endpoints::custom(&sim.base_url, &sim.base_url, &sim.base_url).unwrap();
    ProcoreClient::new(&ProcoreEnvironment::Custom(Box::new(endpoints))).unwrap()
}

fn app(sim: &RunningSimulator, index: usize) -> (SummaryApp, Secret) {
    let a = sim.summary.apps[index].clone();
    let secret = Secret::new(a.client_secret.clone());
    (a, secret)
}

/// A browser that approves the sign-in and follows the redirect wherever it leads.
async fn approve_in_browser(
    sim: &RunningSimulator,
    authorize: &str,
    client_id: &str,
    redirect_uri: &str,
    state: &str,
) -> String {
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let page = browser
        .get(authorize)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Authorize"), "{page}");
    let decision = browser
        .post(format!("{}/oauth/authorize/decision", sim.base_url))
        .form(&[
            ("client_id", client_id),
            ("redirect_uri", redirect_uri),
            ("state", state),
            ("decision", "approve"),
        ])
        .send()
        .await
        .unwrap();
    if redirect_uri == OOB_REDIRECT_URI {
        let page = decision.text().await.unwrap();
        return page
            .split("<code id=\"authorization-code\">")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned();
    }
    let location = decision.headers()["location"].to_str().unwrap().to_owned();
    let landing = browser.get(&location).send().await.unwrap();
    assert!(landing.text().await.unwrap().contains("Signed in"));
    String::new()
}

#[tokio::test]
async fn client_credentials_and_a_refused_secret() {
    let sim = sim(Faults::default()).await;
    let c = client(&sim);
    let (a, secret) = app(&sim, 0);
    let tokens = c.client_credentials(&a.client_id, &secret).await.unwrap();
    assert!(tokens.refresh.is_none());
    let me = c.me(&tokens.access).await.unwrap();
    assert!(me["name"].as_str().unwrap().contains("Service Account"));

    let err = c
        .client_credentials(&a.client_id, &Secret::new("wrong"))
        .await
        .unwrap_err();
    assert!(matches!(err, ProcoreError::InvalidClient), "{err:?}");
    assert!(
        err.to_string()
            .contains("client id or secret was refused by Procore")
    );
    // A user-level app is told why client credentials cannot work for it.
    let user_app = sim
        .summary
        .apps
        .iter()
        .find(|a| !a.service_account)
        .unwrap();
    let err = c
        .client_credentials(
            &user_app.client_id,
            &Secret::new(user_app.client_secret.clone()),
        )
        .await
        .unwrap_err();
    assert!(
        matches!(err, ProcoreError::UnauthorizedClient(_)),
        "{err:?}"
    );
}

#[tokio::test]
async fn authorization_code_through_the_loopback_listener_then_rotation() {
    let sim = sim(Faults::default()).await;
    let c = client(&sim);
    let (a, secret) = app(&sim, 0);
    let listener = LoopbackListener::bind(0).await.unwrap();
    let redirect_uri = listener.redirect_uri();
    // Register this test's port, as a partner registers Plumbline's fixed one.
    reqwest::Client::new()
        .post(format!(
            "{}/_sim/apps/{}/redirect_uris",
            sim.base_url, a.client_id
        ))
        .json(&serde_json::json!({ "uris": [redirect_uri] }))
        .send()
        .await
        .unwrap();
    let state = random_state();
    assert_eq!(state.len(), 32);
    let url = authorization_url(c.endpoints(), &a.client_id, &redirect_uri, &state).unwrap();
    let waiting = tokio::spawn({
        let state = state.clone();
        async move {
            listener
                .wait_for_code(&state, Duration::from_secs(10))
                .await
        }
    });
    approve_in_browser(&sim, url.as_str(), &a.client_id, &redirect_uri, &state).await;
    let code = waiting.await.unwrap().unwrap();
    let tokens = c
        .exchange_code(&a.client_id, &secret, &code, &redirect_uri)
        .await
        .unwrap();
    let refresh = tokens.refresh.clone().unwrap();
    assert!(c.me(&tokens.access).await.unwrap()["login"].is_string());

    let rotated = c.refresh(&a.client_id, &secret, &refresh).await.unwrap();
    assert_ne!(
        rotated.refresh.as_ref().unwrap(),
        &refresh,
        "refresh tokens rotate"
    );
    let err = c
        .refresh(&a.client_id, &secret, &refresh)
        .await
        .unwrap_err();
    assert!(matches!(err, ProcoreError::SignInAgain(_)), "{err:?}");
    c.refresh(&a.client_id, &secret, rotated.refresh.as_ref().unwrap())
        .await
        .unwrap();
}

#[tokio::test]
async fn a_wrong_state_ends_the_sign_in() {
    let listener = LoopbackListener::bind(0).await.unwrap();
    let uri = listener.redirect_uri();
    let waiting = tokio::spawn(async move {
        listener
            .wait_for_code("expected", Duration::from_secs(5))
            .await
    });
    let page = reqwest::get(format!("{uri}?code=abc&state=forged"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("did not come from Plumbline"));
    let err = waiting.await.unwrap().unwrap_err();
    assert!(err.to_string().contains("state mismatch"), "{err}");
}

#[tokio::test]
async fn out_of_band_paste() {
    let sim = sim(Faults::default()).await;
    let c = client(&sim);
    let (a, secret) = app(&sim, 1);
    let state = random_state();
    let url = authorization_url(c.endpoints(), &a.client_id, OOB_REDIRECT_URI, &state).unwrap();
    let code = approve_in_browser(&sim, url.as_str(), &a.client_id, OOB_REDIRECT_URI, &state).await;
    let pasted = format!("  {code}\n");
    let tokens = c
        .exchange_code(&a.client_id, &secret, &pasted, OOB_REDIRECT_URI)
        .await
        .unwrap();
    assert!(tokens.refresh.is_some());
    assert!(matches!(
        c.exchange_code(&a.client_id, &secret, "two words", OOB_REDIRECT_URI)
            .await,
        Err(ProcoreError::Invalid(_))
    ));
}

#[tokio::test]
async fn a_lost_refresh_response_ends_in_sign_in_again_not_a_loop() {
    let sim = sim(Faults::default()).await;
    let c = client(&sim);
    let (a, secret) = app(&sim, 0);
    let state = random_state();
    let url = authorization_url(c.endpoints(), &a.client_id, OOB_REDIRECT_URI, &state).unwrap();
    let code = approve_in_browser(&sim, url.as_str(), &a.client_id, OOB_REDIRECT_URI, &state).await;
    let tokens = c
        .exchange_code(&a.client_id, &secret, &code, OOB_REDIRECT_URI)
        .await
        .unwrap();
    // Procore rotates, then the answer is lost on the way: the old refresh token is dead.
    sim.set_faults(Faults {
        drop_token_responses: 1,
        ..Faults::default()
    });
    let started = Instant::now();
    let err = c
        .refresh(&a.client_id, &secret, tokens.refresh.as_ref().unwrap())
        .await
        .unwrap_err();
    assert!(matches!(err, ProcoreError::SignInAgain(_)), "{err:?}");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "one retry, then a clear answer"
    );
    assert_eq!(
        sim.requests_by_route()["POST /oauth/token"],
        3,
        "exchange, lost refresh, one retry"
    );
}

#[tokio::test]
async fn pagination_over_three_pages_matches_the_installed_companies() {
    let sim = sim(Faults::default()).await;
    let c = client(&sim);
    let (a, secret) = app(&sim, 0);
    let token = c
        .client_credentials(&a.client_id, &secret)
        .await
        .unwrap()
        .access;
    let companies = c.installed_companies(&token, 100).await.unwrap();
    let expected = sim.installed_company_ids(&a.client_id);
    assert!(expected.len() > 200);
    assert_eq!(companies.iter().map(|c| c.id).collect::<Vec<_>>(), expected);
    assert_eq!(
        sim.requests_by_route()["GET /rest/v1.0/companies"],
        expected.len().div_ceil(100) as u64
    );
}

#[tokio::test]
async fn a_company_vanishing_between_pages_is_never_a_false_uninstall() {
    let sim = sim(Faults {
        vanish_company_after_page: Some(1),
        ..Faults::default()
    })
    .await;
    let c = client(&sim);
    let (a, secret) = app(&sim, 0);
    let before = sim.installed_company_ids(&a.client_id);
    let token = c
        .client_credentials(&a.client_id, &secret)
        .await
        .unwrap()
        .access;
    let companies = c.installed_companies(&token, 100).await.unwrap();
    let after = sim.installed_company_ids(&a.client_id);
    assert_eq!(
        after.len(),
        before.len() - 1,
        "one company uninstalled mid-read"
    );
    // The list read again from the start: exactly the companies installed now, none missing.
    assert_eq!(companies.iter().map(|c| c.id).collect::<Vec<_>>(), after);
}

#[tokio::test]
async fn a_429_storm_is_waited_out() {
    let sim = sim(Faults {
        burst_429_every: 50,
        burst_429_length: 3,
        ..Faults::default()
    })
    .await;
    let c = client(&sim);
    let (a, secret) = app(&sim, 0);
    let token = c
        .client_credentials(&a.client_id, &secret)
        .await
        .unwrap()
        .access;
    let started = Instant::now();
    c.me(&token).await.unwrap();
    let log = c.log();
    assert_eq!(log.rate_limited(), 3);
    assert_eq!(log.retries(), 3);
    assert!(
        started.elapsed() >= Duration::from_millis(2_500),
        "each 429 asked for about a second: {:?}",
        started.elapsed()
    );
}

#[tokio::test]
async fn a_503_with_retry_after_is_honoured_then_reported() {
    let sim = sim(Faults {
        error_rate: 1.0,
        ..Faults::default()
    })
    .await;
    let c = client(&sim).with_retry_policy(RetryPolicy {
        max_attempts: 3,
        ..RetryPolicy::default()
    });
    let (a, secret) = app(&sim, 0);
    let token = c
        .client_credentials(&a.client_id, &secret)
        .await
        .unwrap()
        .access;
    let started = Instant::now();
    let err = c.me(&token).await.unwrap_err();
    assert!(
        matches!(err, ProcoreError::Unavailable { status: 503 }),
        "{err:?}"
    );
    assert!(
        started.elapsed() >= Duration::from_secs(2),
        "Retry-After: 1 twice"
    );
    assert!(err.to_string().contains("try again later"));
    sim.set_faults(Faults {
        error_rate: 0.5,
        ..Faults::default()
    });
    c.me(&token).await.unwrap();
}

#[tokio::test]
async fn malformed_json_and_html_pages_are_named_not_panicked_on() {
    let sim = sim(Faults {
        malformed_json_rate: 1.0,
        ..Faults::default()
    })
    .await;
    let c = client(&sim);
    let (a, secret) = app(&sim, 0);
    let token = c
        .client_credentials(&a.client_id, &secret)
        .await
        .unwrap()
        .access;
    let err = c.installed_companies(&token, 100).await.unwrap_err();
    assert!(
        matches!(&err, ProcoreError::BadResponse(m) if m.contains("malformed JSON")),
        "{err:?}"
    );
    sim.set_faults(Faults {
        html_page_rate: 1.0,
        ..Faults::default()
    });
    let err = c.installed_companies(&token, 100).await.unwrap_err();
    assert!(
        matches!(&err, ProcoreError::BadResponse(m) if m.contains("HTML page")),
        "{err:?}"
    );
}

#[tokio::test]
async fn truncated_bodies_and_resets_are_retried() {
    let sim = sim(Faults {
        truncate_rate: 0.25,
        reset_rate: 0.15,
        ..Faults::default()
    })
    .await;
    let c = client(&sim);
    let (a, secret) = app(&sim, 0);
    let token = c
        .client_credentials(&a.client_id, &secret)
        .await
        .unwrap()
        .access;
    let companies = c.installed_companies(&token, 100).await.unwrap();
    assert_eq!(
        companies.len(),
        sim.installed_company_ids(&a.client_id).len()
    );
    assert!(c.log().retries() > 0);
}

#[tokio::test]
async fn revoked_tokens_are_rejected() {
    let sim = sim(Faults::default()).await;
    let c = client(&sim);
    let (a, secret) = app(&sim, 0);
    let token = c
        .client_credentials(&a.client_id, &secret)
        .await
        .unwrap()
        .access;
    c.revoke(&a.client_id, &secret, &token).await.unwrap();
    let err = c.me(&token).await.unwrap_err();
    assert!(matches!(err, ProcoreError::TokenRejected(_)), "{err:?}");

    sim.set_faults(Faults {
        revoke_tokens_after_secs: Some(0),
        ..Faults::default()
    });
    let early = c
        .client_credentials(&a.client_id, &secret)
        .await
        .unwrap()
        .access;
    assert!(matches!(
        c.me(&early).await,
        Err(ProcoreError::TokenRejected(_))
    ));
}

#[tokio::test]
async fn deprecation_and_rate_limit_headers_reach_the_observer() {
    let sim = sim(Faults {
        announce_deprecation: true,
        ..Faults::default()
    })
    .await;
    let seen = Arc::new(Mutex::new(Vec::new()));
    let c = client(&sim).with_observer({
        let seen = seen.clone();
        move |o| seen.lock().unwrap().push(o)
    });
    let (a, secret) = app(&sim, 0);
    let token = c
        .client_credentials(&a.client_id, &secret)
        .await
        .unwrap()
        .access;
    c.installed_companies(&token, 2_000).await.unwrap();
    let seen = seen.lock().unwrap();
    let notice = seen
        .iter()
        .find_map(|o| match o {
            Observation::Deprecation(n) => Some(n.clone()),
            _ => None,
        })
        .unwrap();
    assert_eq!(
        (notice.method.as_str(), notice.path.as_str()),
        ("GET", "/rest/v1.0/companies")
    );
    assert!(notice.sunset.is_some() && notice.deprecation.is_some());
    assert_eq!(notice.links.len(), 1);
    assert!(
        seen.iter()
            .any(|o| matches!(o, Observation::RateLimit(l) if l.limit > 0))
    );
    assert!(c.rate_limit().is_some());
}

#[tokio::test]
async fn authorization_never_follows_a_redirect_to_another_host() {
    let sim = sim(Faults::default()).await;
    let c = client(&sim);
    let (a, secret) = app(&sim, 0);
    let token = c
        .client_credentials(&a.client_id, &secret)
        .await
        .unwrap()
        .access;
    // Another host: "localhost" is not "127.0.0.1" to a browser or to reqwest.
    let elsewhere = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = elsewhere.local_addr().unwrap().port();
    let hits = Arc::new(Mutex::new(Vec::<String>::new()));
    tokio::spawn({
        let hits = hits.clone();
        async move {
            use tokio::io::{AsyncReadExt, AsyncWriteExt};
            while let Ok((mut s, _)) = elsewhere.accept().await {
                let mut buf = vec![0; 4096];
                let n = s.read(&mut buf).await.unwrap_or(0);
                hits.lock()
                    .unwrap()
                    .push(String::from_utf8_lossy(&buf[..n]).into_owned());
                let _ = s
                    .write_all(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\n[]")
                    .await;
            }
        }
    });
    let path = format!("_sim/redirect?to=http://localhost:{port}/capture");
    let err = c
        .get_json::<serde_json::Value>(&path, &token, None)
        .await
        .unwrap_err();
    assert!(err.to_string().contains("another host"), "{err}");
    tokio::time::sleep(Duration::from_millis(100)).await;
    assert!(
        hits.lock()
            .unwrap()
            .iter()
            .all(|h| !h.to_ascii_lowercase().contains("authorization")),
        "no credentials elsewhere"
    );
}

#[tokio::test]
async fn company_scoped_calls_send_procore_company_id() {
    let server = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", server.local_addr().unwrap());
    let seen = tokio::spawn(async move {
        use tokio::io::{AsyncReadExt, AsyncWriteExt};
        let (mut s, _) = server.accept().await.unwrap();
        let mut buf = vec![0; 4096];
        let n = s.read(&mut buf).await.unwrap();
        s.write_all(
            b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 2\r\n\r\n[]",
        )
        .await
        .unwrap();
        String::from_utf8_lossy(&buf[..n]).to_ascii_lowercase()
    });
    let c = ProcoreClient::new(&ProcoreEnvironment::Custom(Box::new(
        Endpoints::custom(&base, &base, &base).unwrap(),
    )))
    .unwrap();
    let _: Vec<serde_json::Value> = c
        .get_json(
            "rest/v1.0/projects",
            &Secret::new("t"),
            Some(562_949_953_421_312),
        )
        .await
        .unwrap();
    let request = seen.await.unwrap();
    assert!(
        request.contains("procore-company-id: 562949953421312"),
        "{request}"
    );
}

#[tokio::test]
async fn a_dead_network_is_offline() {
    // Nothing listens on port 9 of loopback (discard): connection refused.
    let endpoints = Endpoints::custom(
        "http://127.0.0.1:9",
        "http://127.0.0.1:9",
        "http://127.0.0.1:9",
    )
    .unwrap();
    let c = ProcoreClient::new(&ProcoreEnvironment::Custom(Box::new(endpoints)))
        .unwrap()
        .with_retry_policy(RetryPolicy {
            max_attempts: 2,
            ..RetryPolicy::default()
        });
    let err = c
        .client_credentials("x", &Secret::new("y"))
        .await
        .unwrap_err();
    assert!(matches!(err, ProcoreError::Offline(_)), "{err:?}");
    assert_eq!(err.code(), plumbline_domain::ErrorCode::Offline);
}

#[tokio::test]
async fn reference_data_is_fetched_conditionally() {
    let sim = sim(Faults::default()).await;
    let c = client(&sim);
    let path = "api/v1/resource_groups/full_oas?version=1";
    let plumbline_procore::Fetched::Fresh {
        etag,
        last_modified,
        body,
    } = c.fetch_conditional(path, None, None).await.unwrap()
    else {
        panic!("first fetch must be fresh");
    };
    assert!(body.len() > 100_000);
    assert_eq!(
        c.fetch_conditional(path, etag.as_deref(), last_modified.as_deref())
            .await
            .unwrap(),
        plumbline_procore::Fetched::NotModified
    );
}
