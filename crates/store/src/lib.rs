//! Plumbline's store: SQLite is the single source of truth for everything the partner sees.
//!
//! One database file per profile in the platform data directory. Every connection runs in WAL
//! mode with `synchronous=NORMAL`, foreign keys on and a busy timeout. Migrations are embedded
//! and versioned by `PRAGMA user_version`; a file written by a newer Plumbline, or one that is
//! not a Plumbline database at all, is refused before anything is written to it.

mod accounts;
mod alerts;
mod annotations;
mod apps;
pub mod backup;
mod demo;
mod deprecations;
mod error;
mod installations;
mod listings;
mod location;
mod metrics;
mod migrate;
mod preferences;
mod reference;
mod route_uses;
mod surges;
mod versions;

use std::path::{Path, PathBuf};
use std::time::Duration;

use rusqlite::{Connection, OpenFlags};

pub use alerts::{Mute, QuietHours};
pub use demo::DEMO_APPS;
pub use deprecations::DeprecationSeen;
pub use error::StoreError;
pub use installations::CompanySeen;
pub use listings::{FilesImport, ListingRecord, MEDIA_MAX_BYTES, MediaRecord, MediaRole, Snapshot};
pub use location::{
    DB_ENV_VAR, DEFAULT_PROFILE, PROFILE_ENV_VAR, default_db_path, resolve_db_path,
};
pub use metrics::{ApiCallRow, Bucket, BucketSums, ImportWriter, NewImport, Scope};
pub use migrate::SCHEMA_VERSION;
pub use preferences::WindowGeometry;
pub use reference::{NewRevision, RevisionOutcome};
pub use route_uses::{HealthDay, RouteDay, ScanFinding};
pub use surges::{DailyCounts, StoredEpisode};
pub use versions::{ActionDetails, NewVersion, RecordedVersion};

/// How long a writer waits for another connection's lock before giving up. The CLI and the
/// desktop app may open the same profile at once; their transactions are short.
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// An open Plumbline database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (creating if needed) the database at `path` and brings its schema up to date.
    pub fn open(path: &Path) -> Result<Self, StoreError> {
        if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
            std::fs::create_dir_all(parent).map_err(|source| StoreError::Io {
                path: parent.to_owned(),
                source,
            })?;
        }
        let flags = OpenFlags::SQLITE_OPEN_READ_WRITE
            | OpenFlags::SQLITE_OPEN_CREATE
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        // Two processes bringing up a fresh file at once (the window and the CLI) can meet in
        // SQLite's lock upgrade while one switches the file to WAL: SQLite then answers "busy"
        // at once, without the busy handler, to avoid a deadlock. Every step of opening is
        // idempotent, so the loser starts again on a new connection.
        let deadline = std::time::Instant::now() + BUSY_TIMEOUT;
        loop {
            let conn = Connection::open_with_flags(path, flags)
                .map_err(|e| StoreError::from_open(path, e))?;
            match Self::prepare(conn, Some(path.to_owned())) {
                Err(StoreError::Sqlite(e))
                    if e.sqlite_error_code() == Some(rusqlite::ErrorCode::DatabaseBusy)
                        && std::time::Instant::now() < deadline =>
                {
                    std::thread::sleep(Duration::from_millis(10));
                }
                other => return other,
            }
        }
    }

    /// A second connection to a database [`Store::open`] has already brought up to date, for
    /// reads only: in WAL mode it reads the last committed state while the writer works, so a
    /// window's reads never wait behind an import, a sync or an alerts pass. Writing through
    /// it fails (`query_only`).
    pub fn open_reader(path: &Path) -> Result<Self, StoreError> {
        let flags = OpenFlags::SQLITE_OPEN_READ_ONLY
            | OpenFlags::SQLITE_OPEN_NO_MUTEX
            | OpenFlags::SQLITE_OPEN_URI;
        let conn =
            Connection::open_with_flags(path, flags).map_err(|e| StoreError::from_open(path, e))?;
        conn.busy_timeout(BUSY_TIMEOUT)?;
        let found = migrate::read_version(&conn).map_err(|e| StoreError::from_open(path, e))?;
        if found != SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.to_owned(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        conn.pragma_update(None, "query_only", "ON")?;
        Ok(Self {
            conn,
            path: Some(path.to_owned()),
        })
    }

    /// A private database in memory, for tests.
    pub fn open_in_memory() -> Result<Self, StoreError> {
        Self::prepare(Connection::open_in_memory()?, None)
    }

    fn prepare(mut conn: Connection, path: Option<PathBuf>) -> Result<Self, StoreError> {
        conn.busy_timeout(BUSY_TIMEOUT)?;
        // Check before any pragma that writes: switching to WAL rewrites the header of a file
        // that may belong to a newer Plumbline, or may not be a database at all.
        let found = migrate::read_version(&conn).map_err(|e| {
            StoreError::from_open(path.as_deref().unwrap_or(Path::new(":memory:")), e)
        })?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: path.unwrap_or_default(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        if path.is_some() {
            conn.pragma_update(None, "journal_mode", "WAL")?;
        }
        conn.pragma_update(None, "synchronous", "NORMAL")?;
        conn.pragma_update(None, "foreign_keys", "ON")?;
        migrate::apply(&mut conn, path.as_deref())?;
        Ok(Self { conn, path })
    }

    /// The database file, or `None` for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }
}

#[cfg(test)]
mod tests;
