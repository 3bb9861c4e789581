//! `plumbline db backup FILE` and `plumbline db restore FILE`: the partner's own copies of
//! the profile's database (upgrades take theirs by themselves, as `<file>.bak-<version>`).

use std::path::PathBuf;

use clap::Subcommand;
use plumbline_store::Store;

use crate::Failure;
use crate::output::emit;

#[derive(Debug, Subcommand)]
pub(crate) enum DbCommand {
    /// Write a consistent copy of the database to FILE (a new file; works while the window
    /// is open).
    Backup { file: PathBuf },
    /// Replace the database's contents with the copy in FILE, after checking it (it is
    /// upgraded if it is older). Close the window first; the current contents are kept as
    /// `<database>.before-restore`.
    Restore { file: PathBuf },
}

pub(crate) fn run(store: &mut Store, command: DbCommand, json: bool) -> Result<(), Failure> {
    match command {
        DbCommand::Backup { file } => {
            store.backup_to(&file)?;
            emit(json, &serde_json::json!({ "backup": file }), || {
                format!("Wrote a copy of the database to {}", file.display())
            })
        }
        DbCommand::Restore { file } => {
            let before = store.path().map(|p| {
                let mut name = p.as_os_str().to_os_string();
                name.push(".before-restore");
                PathBuf::from(name)
            });
            if let Some(before) = &before {
                // A restore must be undoable: the contents it replaces are kept first.
                let _ = std::fs::remove_file(before);
                store.backup_to(before)?;
            }
            store.restore_from(&file)?;
            emit(
                json,
                &serde_json::json!({ "restored": file, "previous": before }),
                || {
                    let kept = before.as_ref().map_or(String::new(), |b| {
                        format!(" The previous contents are in {}.", b.display())
                    });
                    format!("Restored the database from {}.{kept}", file.display())
                },
            )
        }
    }
}
