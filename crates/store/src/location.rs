//! Where a profile's database lives.

use std::path::PathBuf;

use crate::StoreError;

/// Overrides the database file outright (tests, end-to-end runs, benchmarks).
pub const DB_ENV_VAR: &str = "PLUMBLINE_DB";
/// Chooses a profile (a separate database file) in the platform data directory.
pub const PROFILE_ENV_VAR: &str = "PLUMBLINE_PROFILE";
/// The profile used when none is named.
pub const DEFAULT_PROFILE: &str = "default";

/// `<data dir>/profiles/<profile>.sqlite3`, where the data dir is the platform's
/// (`~/.local/share/plumbline` on Linux, honouring `XDG_DATA_HOME`).
pub fn default_db_path(profile: &str) -> Result<PathBuf, StoreError> {
    let valid = !profile.is_empty()
        && profile.len() <= 64
        && profile
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(plumbline_domain::Invalid(format!(
            "profile name {profile:?} is not usable: use letters, digits, '-' or '_' (at most 64)"
        ))
        .into());
    }
    let dirs =
        directories::ProjectDirs::from("com", "Plumbline", "plumbline").ok_or_else(|| {
            StoreError::Io {
                path: PathBuf::from("~"),
                source: std::io::Error::other("no home directory is set (HOME)"),
            }
        })?;
    Ok(dirs
        .data_dir()
        .join("profiles")
        .join(format!("{profile}.sqlite3")))
}

/// The database to open: an explicit path (a `--db` flag) wins, then `PLUMBLINE_DB`, then
/// the profile named by `PLUMBLINE_PROFILE` or the default profile.
pub fn resolve_db_path(explicit: Option<PathBuf>) -> Result<PathBuf, StoreError> {
    if let Some(path) = explicit {
        return Ok(path);
    }
    if let Some(path) = std::env::var_os(DB_ENV_VAR).filter(|p| !p.is_empty()) {
        return Ok(PathBuf::from(path));
    }
    let profile = std::env::var(PROFILE_ENV_VAR).unwrap_or_else(|_| DEFAULT_PROFILE.to_owned());
    default_db_path(&profile)
}
