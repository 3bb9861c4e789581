//! Copies of the database: one taken before each upgrade (`<file>.bak-<version>`, the last
//! three kept), and the partner's own (`plumbline db backup FILE` / `restore FILE`).
//!
//! Copies are made with `VACUUM INTO`, which writes a consistent, compact copy of the
//! committed state while other connections keep working, and restores with SQLite's online
//! backup into the live file, which readers see change all at once.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::{SCHEMA_VERSION, StoreError, migrate};

/// How many upgrade copies are kept beside the database.
pub const KEEP_UPGRADE_COPIES: usize = 3;

fn io(path: &Path) -> impl Fn(std::io::Error) -> StoreError + '_ {
    move |source| StoreError::Io {
        path: path.to_owned(),
        source,
    }
}

/// The copy taken before upgrading `path` from `version`.
pub fn upgrade_copy_path(path: &Path, version: u32) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(format!(".bak-{version}"));
    path.with_file_name(name)
}

/// Writes a consistent copy of the committed database to `to`, through a temporary name so
/// that a copy is either whole or absent.
fn vacuum_into(conn: &Connection, to: &Path) -> Result<(), StoreError> {
    let mut temporary = to.as_os_str().to_os_string();
    temporary.push(".partial");
    let temporary = PathBuf::from(temporary);
    let _ = std::fs::remove_file(&temporary);
    conn.execute("VACUUM INTO ?1", [temporary.to_string_lossy()])?;
    std::fs::rename(&temporary, to).map_err(io(to))
}

/// Before an upgrade from `version`: a copy, unless one for that version exists (an upgrade
/// that failed and is tried again keeps the first), then only the newest three kept.
pub(crate) fn before_migration(
    conn: &Connection,
    path: &Path,
    version: u32,
) -> Result<(), StoreError> {
    let copy = upgrade_copy_path(path, version);
    if !copy.exists() {
        vacuum_into(conn, &copy)?;
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let prefix = format!(
        "{}.bak-",
        path.file_name().unwrap_or_default().to_string_lossy()
    );
    let mut copies: Vec<(u32, PathBuf)> = std::fs::read_dir(dir)
        .map_err(io(dir))?
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let version = name.strip_prefix(&prefix)?.parse().ok()?;
            Some((version, e.path()))
        })
        .collect();
    copies.sort_by_key(|(v, _)| std::cmp::Reverse(*v));
    for (_, old) in copies.into_iter().skip(KEEP_UPGRADE_COPIES) {
        std::fs::remove_file(&old).map_err(io(&old))?;
    }
    Ok(())
}

impl crate::Store {
    /// Writes a copy of the database to `to` (which must not exist yet).
    pub fn backup_to(&self, to: &Path) -> Result<(), StoreError> {
        if to.exists() {
            return Err(plumbline_domain::Invalid(format!(
                "{} already exists; choose a new file name (a backup never replaces a file).",
                to.display()
            ))
            .into());
        }
        vacuum_into(&self.conn, to)
    }

    /// Replaces the database's contents with the copy at `from`, after checking that it is a
    /// sound Plumbline database this build can read; it is then upgraded if it is older.
    /// Connections elsewhere (the window) see the restored data at their next read.
    pub fn restore_from(&mut self, from: &Path) -> Result<(), StoreError> {
        let source = Connection::open_with_flags(from, OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| StoreError::from_open(from, e))?;
        let found = migrate::read_version(&source).map_err(|e| StoreError::from_open(from, e))?;
        if found == 0 {
            return Err(plumbline_domain::Invalid(format!(
                "{} is not a Plumbline database (it has no Plumbline tables).",
                from.display()
            ))
            .into());
        }
        if found > SCHEMA_VERSION {
            return Err(StoreError::NewerSchema {
                path: from.to_owned(),
                found,
                supported: SCHEMA_VERSION,
            });
        }
        let check: String = source.query_row("PRAGMA integrity_check", [], |r| r.get(0))?;
        if check != "ok" {
            return Err(StoreError::Corrupt {
                path: from.to_owned(),
                detail: check,
            });
        }
        {
            let backup = rusqlite::backup::Backup::new(&source, &mut self.conn)?;
            backup.run_to_completion(256, std::time::Duration::from_millis(10), None)?;
        }
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        let path = self.path.clone();
        migrate::apply(&mut self.conn, path.as_deref())
    }
}
