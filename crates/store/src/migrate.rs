//! Embedded migrations, versioned by `PRAGMA user_version`.
//!
//! Every pending step runs in one transaction with the version bump, so a failing or killed
//! upgrade leaves the database as it was, never half-migrated; a file with history is first
//! copied to `<file>.bak-<version>` (`crate::backup`).

use std::path::Path;

use rusqlite::{Connection, TransactionBehavior};

use crate::StoreError;

const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_apps.sql"),
    include_str!("migrations/0002_accounts_installations.sql"),
    include_str!("migrations/0003_deprecation_signals.sql"),
    include_str!("migrations/0004_metrics.sql"),
    include_str!("migrations/0005_deprecation_watch.sql"),
    include_str!("migrations/0006_alerts.sql"),
    include_str!("migrations/0007_surge_episodes.sql"),
    include_str!("migrations/0008_rest_coverage.sql"),
    include_str!("migrations/0009_versions_listing.sql"),
];

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Reads the version without writing anything. Reading `user_version` does not touch the
/// file's contents, but it does read the header, so a file that is not a database fails here.
pub(crate) fn read_version(conn: &Connection) -> rusqlite::Result<u32> {
    // Reading the schema table makes SQLite parse every schema page, which catches a damaged
    // file that reading the header alone would not, without the cost of a full integrity
    // check on a large store.
    conn.query_row("SELECT count(*) FROM sqlite_schema", [], |_| Ok(()))?;
    conn.query_row("PRAGMA user_version", [], |row| row.get(0))
}

pub(crate) fn apply(conn: &mut Connection, path: Option<&Path>) -> Result<(), StoreError> {
    let found = read_version(conn)?;
    if found >= SCHEMA_VERSION {
        return Ok(());
    }
    // A file with history is copied before it changes: the partner can always go back.
    if found > 0
        && let Some(path) = path
    {
        crate::backup::before_migration(conn, path, found)?;
    }
    // Every step in one transaction with the version bump: a failing or killed upgrade leaves
    // the file exactly as it was. The version is read again inside the write lock: another
    // process (the CLI beside the desktop app) may have migrated the file since we looked.
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let version: u32 = tx.query_row("PRAGMA user_version", [], |row| row.get(0))?;
    for (step, sql) in MIGRATIONS.iter().enumerate().skip(version as usize) {
        tx.execute_batch(sql).map_err(|e| StoreError::Migration {
            path: path.map(Path::to_path_buf).unwrap_or_default(),
            from: version,
            step: step as u32 + 1,
            detail: e.to_string(),
        })?;
    }
    if version < SCHEMA_VERSION {
        tx.pragma_update(None, "user_version", SCHEMA_VERSION)?;
    }
    tx.commit()?;
    Ok(())
}
