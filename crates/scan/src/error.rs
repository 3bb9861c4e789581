//! Why a scan could not start.

use std::path::PathBuf;

/// A scan that could not start. Problems with single files inside the tree are not errors:
/// those files are counted in [`crate::ScanReport::files_skipped`].
#[derive(Debug, thiserror::Error)]
pub enum ScanError {
    /// The folder to scan does not exist.
    #[error("cannot scan {}: no such folder; check the path of the source tree", path.display())]
    RootNotFound {
        /// The path that was asked for.
        path: PathBuf,
    },
    /// The path to scan is a file or something else that is not a folder.
    #[error(
        "cannot scan {}: it is not a folder; pass the folder that holds the app's source code",
        path.display()
    )]
    NotADirectory {
        /// The path that was asked for.
        path: PathBuf,
    },
    /// The folder exists but could not be read (permissions, I/O error).
    #[error("cannot read the folder {}: {source}; check that it is readable", path.display())]
    Unreadable {
        /// The path that was asked for.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: std::io::Error,
    },
}
