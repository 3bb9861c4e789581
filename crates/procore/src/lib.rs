//! A careful client for the Procore surfaces Plumbline uses (`../shared/procore-platform.md`).
//!
//! - OAuth: authorization code (system browser with a one-shot loopback listener, or the
//!   out-of-band paste), refresh with single-use rotating refresh tokens, client credentials
//!   for service-account (DMSA) apps, token info and revoke.
//! - REST: `Procore-Company-Id` on company-scoped calls, pagination by `Link`, throttling from
//!   the rate-limit headers before a 429 happens, jittered retries on 429/503/5xx/timeouts that
//!   honour `Retry-After` and `X-Rate-Limit-Reset`, no retry on other 4xx.
//! - `Deprecation`, `Sunset` and `Link rel=deprecation|sunset` parsed leniently on every
//!   response and handed to an observer for the deprecation watch.
//! - `Authorization` never follows a redirect to another origin.
//!
//! Secrets pass through as [`Secret`], whose `Debug` is redacted and which cannot be
//! serialized; where they are kept is the caller's business (the OS keychain).

mod client;
mod deprecation;
mod environment;
mod error;
mod loopback;
mod oauth;
mod pagination;
mod rate;
mod retry;
mod secret;

pub use client::{Company, Fetched, Observation, ProcoreClient, RequestLog};
pub use deprecation::{DeprecationHeader, DeprecationNotice};
pub use environment::{Endpoints, ProcoreEnvironment};
pub use error::ProcoreError;
pub use loopback::{LoopbackListener, PLUMBLINE_REDIRECT_PORT, authorization_url, random_state};
pub use oauth::{OOB_REDIRECT_URI, TokenSet};
pub use pagination::next_link;
pub use rate::RateLimit;
pub use retry::RetryPolicy;
pub use secret::Secret;
