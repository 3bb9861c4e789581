//! The deprecation watch's logic, free of I/O beyond the reader it is handed: Procore's
//! reference documents parsed as streams, routes normalized to one spelling, each used route
//! met with what the reference says (its exposure), and the events the alerts notify on.
//!
//! Time arrives as a [`Day`](plumbline_domain::Day) argument; nothing here reads the clock.

mod events;
mod exposure;
mod health;
mod legacy;
mod openapi;
mod reference;
mod route;

pub use events::{SUNSET_MILESTONES, deprecation_events};
pub use exposure::{
    CALL_WINDOW_DAYS, HeaderFacts, ReferenceIndex, RouteCalls, RouteExposure, RouteStatus,
    RouteUse, SeenIn, activity_uses, exposure,
};
pub use health::{ApiHealth, HealthDaySummary, HealthRoute, HealthRow, api_health};
pub use legacy::parse_legacy;
pub use openapi::parse_openapi;
pub use reference::{
    ParsedReference, ReferenceError, guess_kind, parse_reference, parse_reference_hashed,
};
pub use route::{NotARoute, RouteKey};
