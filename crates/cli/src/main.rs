//! `plumbline`: the headless face of Plumbline, on the same library crates as the window.
//!
//! Exit codes: 0 on success, 2 on bad usage (clap's convention), 1 on failure with a
//! one-line message on stderr.

mod alerts;
mod apps;
mod connectivity;
mod db;
mod listing;
mod metrics;
mod output;
mod report;
mod sim;
mod surge;
mod versions;
mod watch;

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};
use plumbline_store::Store;

#[derive(Debug, Parser)]
#[command(
    name = "plumbline",
    version,
    about = "Plumbline for Procore App Marketplace partners"
)]
struct Cli {
    /// The database file to use instead of the profile's (also PLUMBLINE_DB).
    #[arg(long, global = true, value_name = "PATH")]
    db: Option<PathBuf>,

    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,

    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// The partner's portfolio of Procore apps.
    #[command(subcommand)]
    Apps(apps::AppsCommand),
    /// Connect an app to Procore, or sign it out.
    #[command(subcommand)]
    Account(connectivity::AccountCommand),
    /// Snapshot the companies where each connected service-account app is installed and
    /// record installs and uninstalls.
    Sync {
        /// Only this app.
        #[arg(long)]
        app: Option<i64>,
    },
    /// List an app's installation events.
    Installs {
        #[arg(long)]
        app: i64,
    },
    /// The Procore routes an app (or the portfolio) uses, with their deprecation status,
    /// sunset countdown, history of dates and where each use was seen. Works offline.
    Deprecations(watch::DeprecationsArgs),
    /// Procore's API reference data: import a downloaded copy, check for a new revision, or
    /// show the revisions in force.
    #[command(subcommand)]
    Reference(watch::ReferenceCommand),
    /// Find the Procore API calls in an app's source code and keep them for its exposure.
    Scan(watch::ScanArgs),
    /// The CI gate: exit 1 when a route the app uses is sunset or within --fail-within days
    /// of its sunset (and with --fail-on-deprecated, when any is deprecated), 0 otherwise,
    /// 2 on bad usage. Works with or without a database.
    Check(report::CheckArgs),
    /// API health from the imported activity: daily 401, 403, 404 and 429 answers per app
    /// and route, and calls to deprecated routes.
    Health(watch::HealthArgs),
    /// Import a CSV downloaded from the Developer Portal.
    #[command(subcommand)]
    Import(metrics::ImportCommand),
    /// A metric's trend for an app or the portfolio, from the store (works offline).
    Trend(metrics::TrendArgs),
    /// Enter a day's number by hand (it outranks the portal's CSV and REST snapshots).
    SetMetric(metrics::SetMetricArgs),
    /// Mark a day on an app's trend charts (a release, a listing edit, a note).
    Annotate(metrics::AnnotateArgs),
    /// The alert inbox: list, show, dismiss, mute and unmute.
    #[command(subcommand)]
    Alerts(alerts::AlertsCommand),
    /// Evaluate every app and record new alerts (printed one per line; a JSON line each with
    /// --json): for a server, a cron job or a session without the window.
    Watch(alerts::WatchArgs),
    /// Surges in uninstalls and drops in installations or listing views: an app's stored
    /// daily metrics (--app), or a date,count CSV (`surge eval --series FILE`). Exit 2 on bad
    /// usage or an unreadable series.
    Surge(surge::SurgeArgs),
    /// Validate a manifest (exit 1 on errors) or diff two with each change's impact.
    #[command(subcommand)]
    Manifest(versions::ManifestCommand),
    /// An app's versions through the portal's lifecycle: list, show, add, edit, promote,
    /// submit, approve, reject, withdraw, diff.
    #[command(subcommand)]
    Versions(versions::VersionsCommand),
    /// The Marketplace listing: lint a folder (exit 1 on errors), preview, submit, diff.
    #[command(subcommand)]
    Listing(listing::ListingCommand),
    /// The app, its listing and its versions as a folder to keep in git: export, import.
    #[command(subcommand)]
    Files(listing::FilesCommand),
    /// The profile's database: back it up to a file, or restore it from one.
    #[command(subcommand)]
    Db(db::DbCommand),
    /// The Procore simulator (for demos and tests).
    #[command(subcommand)]
    Sim(SimCommand),
}

#[derive(Debug, Subcommand)]
enum SimCommand {
    /// Serve the simulator on 127.0.0.1, printing one JSON line with its URLs and the
    /// scenario's test credentials, until interrupted.
    Serve(sim::ServeArgs),
    /// Write the CSV files the Developer Portal would offer for the scenario's apps.
    Export(sim::ExportArgs),
}

/// A failure to report: the message is one line a partner can act on.
pub(crate) struct Failure(String);

impl<E: std::fmt::Display> From<E> for Failure {
    fn from(e: E) -> Self {
        Failure(e.to_string())
    }
}

fn open_store(db: Option<PathBuf>) -> Result<Store, Failure> {
    let path = plumbline_store::resolve_db_path(db)?;
    Ok(Store::open(&path)?)
}

/// Runs every command but `check`, whose exit codes differ.
async fn run(command: Command, db: Option<PathBuf>, json: bool) -> Result<(), Failure> {
    match command {
        Command::Apps(command) => open_store(db).and_then(|store| apps::run(&store, command, json)),
        Command::Account(command) => connectivity::account(&open_store(db)?, command, json).await,
        Command::Sync { app } => connectivity::sync(&mut open_store(db)?, app, json).await,
        Command::Installs { app } => connectivity::installs(&open_store(db)?, app, json),
        Command::Deprecations(args) => watch::deprecations(&mut open_store(db)?, args, json),
        Command::Reference(command) => watch::reference(&mut open_store(db)?, command, json).await,
        Command::Scan(args) => watch::scan(&mut open_store(db)?, args, json),
        Command::Health(args) => watch::health(&open_store(db)?, args, json),
        Command::Import(command) => metrics::import(&mut open_store(db)?, command, json),
        Command::Trend(args) => metrics::trend(&open_store(db)?, args, json),
        Command::SetMetric(args) => metrics::set_metric(&mut open_store(db)?, args, json),
        Command::Annotate(args) => metrics::annotate(&mut open_store(db)?, args, json),
        Command::Alerts(command) => alerts::alerts(&open_store(db)?, command, json),
        Command::Watch(args) => alerts::watch(&mut open_store(db)?, args, json),
        Command::Versions(command) => versions::run(&mut open_store(db)?, command, json),
        Command::Files(command) => listing::files(&mut open_store(db)?, command, json),
        Command::Db(command) => db::run(&mut open_store(db)?, command, json),
        Command::Sim(SimCommand::Serve(args)) => sim::serve(args).await,
        Command::Sim(SimCommand::Export(args)) => sim::export(args, json),
        Command::Check(_) => unreachable!("`check` is run by main"),
        Command::Surge(_) => unreachable!("`surge` is run by main"),
        Command::Manifest(_) => unreachable!("`manifest` is run by main"),
        Command::Listing(_) => unreachable!("`listing` is run by main"),
    }
}

fn main() -> ExitCode {
    let Cli { db, json, command } = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build();
    let result = match runtime {
        Err(e) => Err((Failure::from(e), 1)),
        Ok(runtime) => runtime.block_on(async {
            match command {
                // The check did not run (bad usage, unreadable input): exit 2, told apart
                // from routes that fail it (exit 1).
                Command::Check(args) => report::check(db, args, json)
                    .await
                    .map(u8::from)
                    .map_err(|failure| (failure, 2)),
                // Bad usage and an unreadable series exit 2, a failing store 1.
                Command::Surge(args) => surge::run(db, args, json).map(|()| 0),
                // Findings that are errors exit 1; so does a file that cannot be read.
                Command::Manifest(command) => versions::manifest(db, command, json)
                    .map(|passed| u8::from(!passed))
                    .map_err(|failure| (failure, 1)),
                Command::Listing(command) => listing::listing(db, command, json)
                    .map(|passed| u8::from(!passed))
                    .map_err(|failure| (failure, 1)),
                other => run(other, db, json)
                    .await
                    .map(|()| 0)
                    .map_err(|failure| (failure, 1)),
            }
        }),
    };
    match result {
        Ok(code) => ExitCode::from(code),
        Err((Failure(message), code)) => {
            // One line, whatever the underlying error carried.
            let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
            eprintln!("plumbline: {line}");
            ExitCode::from(code)
        }
    }
}
