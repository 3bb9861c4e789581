//! Plumbline's domain: the partner's apps and the words Procore uses for them.
//!
//! Nothing here performs I/O or reads the clock; times arrive as arguments so that the store,
//! the CLI, the desktop shell and the tests all agree on what a value means.

mod account;
mod alert;
mod app;
mod day;
mod deprecation;
mod error;
mod metrics;
mod reference;
mod splitmix;
mod time;
mod version;

pub use account::{
    Account, AccountEndpoints, AccountError, ConnectionOverview, GrantType, InstallationEvent,
    InstallationKind, InstalledCompany, RateSnapshot, SnapshotOutcome,
};
pub use alert::{Alert, AlertKind, AlertSeverity, AlertState, Delivery, NewAlert};
pub use app::{
    App, AppId, AppPatch, DISPLAY_NAME_MAX_CHARS, DisplayName, Environment, NewApp, Role,
    ValidNewApp,
};
pub use day::Day;
pub use deprecation::DeprecationSignal;
pub use error::{ErrorCode, Invalid};
pub use metrics::{
    Annotation, AnnotationKind, ApiCallCount, DailyMetric, ImportKind, ImportRecord, MetricSource,
};
pub use reference::{
    ChangelogEntry, DateChange, DeprecationEvent, DeprecationEventKind, FactChange,
    NewDeprecationEvent, OperationFacts, ReferenceKind, ReferenceRevision, ScannedUse, UseSource,
};
pub use splitmix::SplitMix64;
pub use time::UnixMillis;
pub use version::{
    AppVersion, Distribution, Semver, VersionAction, VersionState, VersionTransition,
    allowed_actions, check_action,
};
