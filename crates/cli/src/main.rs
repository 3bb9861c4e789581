//! `plumbline`: the headless face of Plumbline, on the same library crates as the window.
//!
//! Exit codes: 0 on success, 2 on bad usage (clap's convention), 1 on failure with a
//! one-line message on stderr.

mod apps;
mod connectivity;
mod metrics;
mod output;
mod sim;

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
    /// List the API routes Procore marked deprecated or sunsetting on an app's responses.
    Deprecations {
        #[arg(long)]
        app: i64,
    },
    /// Import a CSV downloaded from the Developer Portal.
    #[command(subcommand)]
    Import(metrics::ImportCommand),
    /// A metric's trend for an app or the portfolio, from the store (works offline).
    Trend(metrics::TrendArgs),
    /// Enter a day's number by hand (it outranks the portal's CSV and REST snapshots).
    SetMetric(metrics::SetMetricArgs),
    /// Mark a day on an app's trend charts (a release, a listing edit, a note).
    Annotate(metrics::AnnotateArgs),
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

fn main() -> ExitCode {
    let cli = Cli::parse();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build();
    let result = runtime.map_err(Failure::from).and_then(|runtime| {
        runtime.block_on(async {
            match cli.command {
                Command::Apps(command) => {
                    open_store(cli.db).and_then(|store| apps::run(&store, command, cli.json))
                }
                Command::Account(command) => {
                    connectivity::account(&open_store(cli.db)?, command, cli.json).await
                }
                Command::Sync { app } => {
                    connectivity::sync(&mut open_store(cli.db)?, app, cli.json).await
                }
                Command::Installs { app } => {
                    connectivity::installs(&open_store(cli.db)?, app, cli.json)
                }
                Command::Deprecations { app } => {
                    connectivity::deprecations(&open_store(cli.db)?, app, cli.json)
                }
                Command::Import(command) => {
                    metrics::import(&mut open_store(cli.db)?, command, cli.json)
                }
                Command::Trend(args) => metrics::trend(&open_store(cli.db)?, args, cli.json),
                Command::SetMetric(args) => {
                    metrics::set_metric(&mut open_store(cli.db)?, args, cli.json)
                }
                Command::Annotate(args) => {
                    metrics::annotate(&mut open_store(cli.db)?, args, cli.json)
                }
                Command::Sim(SimCommand::Serve(args)) => sim::serve(args).await,
                Command::Sim(SimCommand::Export(args)) => sim::export(args, cli.json),
            }
        })
    });
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure(message)) => {
            // One line, whatever the underlying error carried.
            let line = message.split_whitespace().collect::<Vec<_>>().join(" ");
            eprintln!("plumbline: {line}");
            ExitCode::FAILURE
        }
    }
}
