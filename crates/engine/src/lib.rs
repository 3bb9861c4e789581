//! Plumbline's engine: what the desktop app and the CLI both do with Procore.
//!
//! - [`alerts`]: the alert policy: identity, notified once, history, quiet hours, mutes,
//!   snooze, digest, and the notifier trait the shell implements.
//! - [`secrets`]: client secrets and refresh tokens in the OS keychain (Secret Service on
//!   Linux), behind a trait so a missing keychain is a clear error, not a panic.
//! - [`session`]: an account's token lifecycle; a rotated refresh token is stored before the
//!   new access token is used.
//! - [`connect`]: checking credentials against Procore before saving them.
//! - [`sync`]: installation tracking: snapshot, diff, store, in one transaction.
//! - [`watch`]: the deprecation watch: reference revisions, scans, exposure and its events.

pub mod alerts;
pub mod connect;
pub mod files;
pub mod listing_files;
pub mod scheduler;
pub mod secrets;
pub mod session;
pub mod surges;
pub mod sync;
pub mod versions;
pub mod watch;

pub use connect::{
    ConnectRequest, Verified, connect_client_credentials, disconnect, finish_sign_in, forget,
    revoke_tokens, save_verified, verify_client_credentials, verify_code,
};
pub use secrets::{KeyringSecrets, MemorySecrets, SecretError, SecretKind, SecretStore};
pub use session::Session;
pub use sync::{
    COMPANIES_PER_PAGE, InstallationsFetch, Stats, SyncError, SyncSummary, fetch_installations,
    record, sync_app,
};
