//! `plumbline sim serve`: the Procore simulator on 127.0.0.1.

use clap::Args;
use plumbline_procore_sim::{Faults, RunningSimulator, SimConfig};

use crate::Failure;

#[derive(Debug, Args)]
pub(crate) struct ServeArgs {
    /// 0 picks a free port.
    #[arg(long, default_value_t = 0)]
    port: u16,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// demo or large.
    #[arg(long, default_value = "demo")]
    scenario: String,
    /// Installed companies in the large scenario.
    #[arg(long, default_value_t = 2_000)]
    companies: usize,
    /// The simulated "now" (Unix seconds); the real clock by default.
    #[arg(long)]
    start: Option<i64>,
    /// Access-token lifetime in seconds.
    #[arg(long, default_value_t = 5_400)]
    token_lifetime: i64,
    #[arg(long, default_value_t = 3_600)]
    hourly_limit: u64,
    #[arg(long, default_value_t = 25)]
    spike_limit: u64,
    /// Fault: milliseconds added to every response.
    #[arg(long, default_value_t = 0)]
    latency_ms: u64,
    /// Fault: share of API requests answered 503 with Retry-After.
    #[arg(long, default_value_t = 0.0)]
    error_rate: f64,
    /// Fault: the first API request and every N-th after it start a burst of 429s.
    #[arg(long, default_value_t = 0)]
    burst_429_every: u64,
    #[arg(long, default_value_t = 3)]
    burst_429_length: u64,
    /// Fault: share of API responses cut off mid-body.
    #[arg(long, default_value_t = 0.0)]
    truncate_rate: f64,
    /// Fault: share of connections reset on accept.
    #[arg(long, default_value_t = 0.0)]
    reset_rate: f64,
    /// Fault: access tokens stop working after this many seconds.
    #[arg(long)]
    revoke_tokens_after: Option<u64>,
    /// Fault: announce `/rest/v1.0/companies` as deprecated (Deprecation, Sunset, Link).
    #[arg(long)]
    announce_deprecation: bool,
}

pub(crate) async fn serve(args: ServeArgs) -> Result<(), Failure> {
    let faults = Faults {
        latency_ms: args.latency_ms,
        error_rate: args.error_rate,
        burst_429_every: args.burst_429_every,
        burst_429_length: args.burst_429_length,
        truncate_rate: args.truncate_rate,
        reset_rate: args.reset_rate,
        revoke_tokens_after_secs: args.revoke_tokens_after,
        announce_deprecation: args.announce_deprecation,
        ..Faults::default()
    };
    let config = SimConfig {
        scenario: args.scenario,
        seed: args.seed,
        start: args.start,
        companies: args.companies,
        faults,
        token_lifetime_secs: args.token_lifetime,
        hourly_limit: args.hourly_limit,
        spike_limit: args.spike_limit,
        port: args.port,
    };
    let sim = RunningSimulator::start(config).await.map_err(Failure)?;
    // One JSON line, then serve until interrupted.
    println!("{}", serde_json::to_string(&sim.summary)?);
    tokio::signal::ctrl_c().await?;
    sim.stop().await;
    Ok(())
}

#[derive(Debug, Args)]
pub(crate) struct ExportArgs {
    /// Where to write the files (created if missing).
    #[arg(long)]
    dir: std::path::PathBuf,
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// demo, large or fleet.
    #[arg(long, default_value = "demo")]
    scenario: String,
    /// The simulated "now" (Unix seconds); the real clock by default.
    #[arg(long)]
    start: Option<i64>,
}

/// A file name from an app name: `Site Diary Sync` → `site-diary-sync`.
fn slug(name: &str) -> String {
    name.split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect::<Vec<_>>()
        .join("-")
}

/// Writes each app's portal downloads, as `<app>-metrics.csv` and `<app>-api-activity.csv`.
pub(crate) fn export(args: ExportArgs, json: bool) -> Result<(), Failure> {
    let start = args
        .start
        .unwrap_or_else(|| plumbline_domain::UnixMillis::now().0 / 1000);
    let scenario = plumbline_procore_sim::Scenario::build(&args.scenario, args.seed, start, 2_000)
        .map_err(Failure)?;
    std::fs::create_dir_all(&args.dir)?;
    let mut written = Vec::new();
    for (i, app) in scenario.apps.iter().enumerate() {
        for (suffix, text) in [
            (
                "metrics",
                plumbline_procore_sim::metrics_export(&scenario, i, start),
            ),
            (
                "api-activity",
                plumbline_procore_sim::api_activity_report(&scenario, i, start),
            ),
        ] {
            let path = args.dir.join(format!("{}-{suffix}.csv", slug(&app.name)));
            std::fs::write(&path, text)?;
            written.push(path.display().to_string());
        }
    }
    crate::output::emit(json, &written, || written.join("\n"))
}
