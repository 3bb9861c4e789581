use std::path::{Path, PathBuf};

use plumbline_domain::{AppId, ErrorCode, Invalid};

/// Everything the store can refuse or fail at, each with a message a partner can act on.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(
        "{path} was written by a newer Plumbline (database version {found}; this one understands up to {supported}). Update Plumbline; the file was left untouched."
    )]
    NewerSchema {
        path: PathBuf,
        found: u32,
        supported: u32,
    },

    #[error(
        "{path} is not a Plumbline database or is damaged ({detail}). It was left untouched: restore it from a backup, or move it aside to start afresh."
    )]
    Corrupt { path: PathBuf, detail: String },

    #[error("Could not use {path}: {source}. Check that the folder exists and is writable.")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },

    #[error("No app with id {0} in this portfolio; it may have been removed. Refresh the list.")]
    AppNotFound(AppId),

    #[error(
        "App {app} has no version {version} in Plumbline. List its versions to see which exist."
    )]
    VersionNotFound { app: AppId, version: String },

    #[error(
        "Upgrading {path} from database version {from} failed at step {step} ({detail}). The file was left as it was, and a copy was kept beside it (.bak-{from}). Keep using the Plumbline that wrote it, and report this with the log."
    )]
    Migration {
        path: PathBuf,
        from: u32,
        step: u32,
        detail: String,
    },

    #[error(transparent)]
    Invalid(#[from] Invalid),

    #[error("The database reported an error: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    /// The stable code the UI and the CLI branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            StoreError::NewerSchema { .. } => ErrorCode::Conflict,
            StoreError::AppNotFound(_) | StoreError::VersionNotFound { .. } => ErrorCode::NotFound,
            StoreError::Invalid(_) => ErrorCode::Invalid,
            StoreError::Corrupt { .. }
            | StoreError::Io { .. }
            | StoreError::Migration { .. }
            | StoreError::Sqlite(_) => ErrorCode::Internal,
        }
    }

    /// Errors from opening or first reading a file: "not a database" and friends become
    /// [`StoreError::Corrupt`] so that the partner hears what happened and what to do.
    pub(crate) fn from_open(path: &Path, e: rusqlite::Error) -> Self {
        use rusqlite::ErrorCode as C;
        match e.sqlite_error_code() {
            Some(C::NotADatabase | C::DatabaseCorrupt) => StoreError::Corrupt {
                path: path.to_owned(),
                detail: e.to_string(),
            },
            Some(C::CannotOpen | C::PermissionDenied | C::ReadOnly) => StoreError::Io {
                path: path.to_owned(),
                source: std::io::Error::other(e.to_string()),
            },
            _ => StoreError::Sqlite(e),
        }
    }
}
