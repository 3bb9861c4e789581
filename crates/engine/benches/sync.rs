//! Sync benchmarks (issue: "Talk to Procore for real"), against the simulator on loopback:
//!
//! 1. requests per sync: must be ceil(companies / per_page) (plus the conditional
//!    reference-data checks once the deprecation watch syncs them);
//! 2. a sync of 2,000 installed companies: wall time, median of several runs;
//! 3. a simulated day: 20 service-account apps syncing every 15 minutes for 24 hours of
//!    simulated time under Procore's default hourly limit; prints requests and any 429s.
//!
//! Run: `cargo bench -p plumbline-engine --bench sync`

#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::time::{Duration, Instant};

use plumbline_domain::{AccountEndpoints, AppId, Environment, NewApp, Role, UnixMillis};
use plumbline_engine::{COMPANIES_PER_PAGE, ConnectRequest, MemorySecrets};
use plumbline_procore::Secret;
use plumbline_procore_sim::{RunningSimulator, SimConfig};
use plumbline_store::Store;

fn endpoints(sim: &RunningSimulator) -> AccountEndpoints {
    AccountEndpoints::Custom {
        login_url: sim.base_url.clone(),
        api_url: sim.base_url.clone(),
        docs_url: sim.base_url.clone(),
    }
}

/// A store with one app per simulator app, each connected with client credentials.
async fn connected(sim: &RunningSimulator, secrets: &MemorySecrets) -> (Store, Vec<AppId>) {
    let store = Store::open_in_memory().unwrap();
    let mut apps = Vec::new();
    for (i, sim_app) in sim
        .summary
        .apps
        .iter()
        .enumerate()
        .filter(|(_, a)| a.service_account)
    {
        let new = NewApp {
            display_name: sim_app.name.clone(),
            procore_app_id: None,
            client_id: None,
            environment: Environment::Production,
            role: Role::Owner,
        };
        let app = store
            .add_app(&new.validate().unwrap(), UnixMillis(i as i64))
            .unwrap()
            .id;
        let request = ConnectRequest {
            app,
            endpoints: endpoints(sim),
            client_id: sim_app.client_id.clone(),
            client_secret: Secret::new(sim_app.client_secret.clone()),
        };
        plumbline_engine::connect_client_credentials(&store, secrets, request, UnixMillis::now())
            .await
            .unwrap();
        apps.push(app);
    }
    (store, apps)
}

async fn requests_per_sync() {
    println!("1. requests per sync (demo scenario, per_page {COMPANIES_PER_PAGE})");
    let sim = RunningSimulator::start(SimConfig::default()).await.unwrap();
    let secrets = MemorySecrets::default();
    let (mut store, apps) = connected(&sim, &secrets).await;
    println!(
        "   {:<26} {:>9} {:>9} {:>9}",
        "app", "companies", "requests", "expected"
    );
    for app in apps {
        let summary = plumbline_engine::sync_app(&mut store, &secrets, app, UnixMillis::now())
            .await
            .unwrap();
        let expected = (summary.companies as usize)
            .div_ceil(COMPANIES_PER_PAGE)
            .max(1);
        let name = store.get_app(app).unwrap().display_name;
        println!(
            "   {name:<26} {:>9} {:>9} {:>9}{}",
            summary.companies,
            summary.requests,
            expected,
            if summary.requests as usize == expected {
                ""
            } else {
                "  MISMATCH"
            }
        );
    }
}

async fn sync_of_2000() {
    println!("\n2. one sync of 2,000 installed companies (large scenario), 9 runs");
    let mut times = Vec::new();
    let mut requests = 0;
    for _ in 0..9 {
        let sim = RunningSimulator::start(SimConfig {
            scenario: "large".into(),
            companies: 2_000,
            ..SimConfig::default()
        })
        .await
        .unwrap();
        let secrets = MemorySecrets::default();
        let (mut store, apps) = connected(&sim, &secrets).await;
        let started = Instant::now();
        let summary = plumbline_engine::sync_app(&mut store, &secrets, apps[0], UnixMillis::now())
            .await
            .unwrap();
        times.push(started.elapsed());
        assert_eq!(summary.companies, 2_000);
        requests = summary.requests;
    }
    times.sort();
    println!(
        "   median {:.1} ms (min {:.1}, max {:.1}), {requests} request(s), 2000 companies stored",
        ms(times[4]),
        ms(times[0]),
        ms(times[8])
    );
}

async fn simulated_day() {
    println!(
        "\n3. a simulated day: 20 apps, a sync every 15 minutes, hourly limit 3,600 per token"
    );
    let sim = RunningSimulator::start(SimConfig {
        scenario: "fleet".into(),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let secrets = MemorySecrets::default();
    let (mut store, apps) = connected(&sim, &secrets).await;
    let mut total = 0u64;
    let mut limited = 0u64;
    let mut busiest_hour = 0u64;
    let mut this_hour = 0u64;
    let mut now = UnixMillis::now();
    for round in 0..96 {
        for &app in &apps {
            let summary = plumbline_engine::sync_app(&mut store, &secrets, app, now)
                .await
                .unwrap();
            total += summary.requests;
            this_hour += summary.requests;
            limited += summary.rate_limited;
        }
        if round % 4 == 3 {
            busiest_hour = busiest_hour.max(this_hour);
            this_hour = 0;
        }
        // Fifteen minutes pass, for Procore (token expiry, rate windows) and for the store.
        sim.clock().advance(15 * 60);
        now = UnixMillis(now.0 + 15 * 60 * 1000);
    }
    let oauth = sim
        .requests_by_route()
        .get("POST /oauth/token")
        .copied()
        .unwrap_or(0);
    let status_429 = sim.responses_by_status().get(&429).copied().unwrap_or(0);
    println!(
        "   syncs {}, requests {total} (of which token requests {oauth}), busiest hour {busiest_hour} requests for 20 tokens",
        96 * apps.len()
    );
    println!(
        "   429s seen by the client {limited}, answered by Procore {status_429}: {}",
        if status_429 == 0 {
            "never over the limit"
        } else {
            "OVER THE LIMIT"
        }
    );
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    runtime.block_on(async {
        requests_per_sync().await;
        sync_of_2000().await;
        simulated_day().await;
    });
}
