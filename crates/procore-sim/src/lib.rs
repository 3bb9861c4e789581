//! A simulator of the Procore surfaces Plumbline uses, served over real HTTP on 127.0.0.1.
//!
//! It imitates Procore's paths, status codes, headers and JSON shapes
//! (`../shared/procore-platform.md` §2, §3, §7): OAuth (authorization code, refresh with
//! single-use rotating refresh tokens, client credentials, token info, revoke), the REST
//! endpoints `GET /rest/v1.0/companies` and `GET /rest/v1.0/me` with both rate-limit windows
//! and pagination, and the API reference data with `ETag`/`Last-Modified` and 304s. Scenarios
//! are seeded and deterministic; faults are switched on by configuration. Demo mode and every
//! test talk to it in place of the internet.
//!
//! Routes under `/_sim/` are the simulator's own controls (move the clock, uninstall a company,
//! revoke tokens, read request counts); Procore has nothing like them.

// Handlers return a ready `Response` as their error: boxing it would only add noise.
#![allow(clippy::result_large_err)]

mod api;
mod clock;
mod control;
mod date;
mod demo_source;
mod exports;
mod faults;
mod oauth;
mod reference;
mod rng;
mod scenario;
mod server;
mod state;

pub use clock::SimClock;
pub use demo_source::{DEMO_SOURCE, write_demo_source};
pub use exports::{api_activity_report, metrics_export};
pub use faults::Faults;
pub use scenario::{Company, DAY, InstallEvent, Operation, SCENARIOS, Scenario, SimApp, weekday};
pub use server::{PortalExport, RunningSimulator, SimConfig, Summary, SummaryApp};

/// The loopback port Plumbline registers with Procore for the authorization-code redirect.
pub const PLUMBLINE_REDIRECT_PORT: u16 = 47_613;
/// Procore's out-of-band redirect: the code is shown on a page for the user to paste.
pub const OOB_REDIRECT_URI: &str = "urn:ietf:wg:oauth:2.0:oob";
