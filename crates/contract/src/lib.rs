//! The IPC contract between the desktop shell and its UI: every command's arguments and
//! result, and the error shape. The shell's commands take these types; the UI's
//! `ui/src/ipc/contract.ts` is generated from them (see [`typescript`]) and a test fails
//! when the committed file is stale.

mod alerts;
mod commands;
mod deprecations;
mod desktop;
mod listing;
mod metrics;
mod typescript;
mod versions;

pub use alerts::*;
pub use commands::*;
pub use deprecations::*;
pub use desktop::*;
pub use listing::*;
pub use metrics::*;
pub use typescript::{GENERATED_TS_PATH, typescript};
pub use versions::*;
