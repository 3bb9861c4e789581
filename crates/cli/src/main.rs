//! `plumbline`: the headless face of Plumbline, on the same library crates as the window.
//!
//! Exit codes: 0 on success, 2 on bad usage (clap's convention), 1 on failure with a
//! one-line message on stderr.

mod apps;
mod output;

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
    let result = match cli.command {
        Command::Apps(command) => {
            open_store(cli.db).and_then(|store| apps::run(&store, command, cli.json))
        }
    };
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
