//! Running `plumbline` as a real process against one database file, for the CLI's tests.

#![allow(dead_code)] // each test binary uses a different part of this module

use std::path::Path;
use std::process::{Command, Output};

/// `plumbline --db DB ARGS…`, with no `PLUMBLINE_DB` from the environment.
pub fn plumbline(db: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_plumbline"))
        .arg("--db")
        .arg(db)
        .args(args)
        .env_remove("PLUMBLINE_DB")
        .output()
        .expect("run plumbline")
}

/// The JSON a successful run printed; a failed run fails the test with its stderr.
pub fn json(out: &Output) -> serde_json::Value {
    assert!(
        out.status.success(),
        "failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).expect("JSON on stdout")
}

/// Adds an app named `name` and returns its id, as the next command's `--app` takes it.
pub fn add_app(db: &Path, name: &str) -> String {
    json(&plumbline(db, &["apps", "add", name, "--json"]))["id"]
        .as_i64()
        .expect("the new app's id")
        .to_string()
}

/// How many versions `plumbline versions list` knows for the app.
pub fn version_count(db: &Path, app: &str) -> usize {
    json(&plumbline(
        db,
        &["versions", "list", "--app", app, "--json"],
    ))
    .as_array()
    .expect("a list of versions")
    .len()
}
