//! API health: what the portal's Integration Health scores over 14 days (401, 403, 404 and 429
//! answers, calls to deprecated routes), per day and per route, over any span of the history
//! the store keeps.

use std::collections::BTreeMap;

use plumbline_domain::Day;
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::exposure::ReferenceIndex;
use crate::route::RouteKey;

/// One route's answers on one day, as the activity reports counted them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthRow<'a> {
    pub day: Day,
    pub method: &'a str,
    pub route: &'a str,
    pub calls: u64,
    pub unauthorized: u64,
    pub forbidden: u64,
    pub not_found: u64,
    pub rate_limited: u64,
}

/// One day of an app's API health.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HealthDaySummary {
    pub day: Day,
    #[ts(type = "number")]
    pub calls: u64,
    #[ts(type = "number")]
    pub unauthorized: u64,
    #[ts(type = "number")]
    pub forbidden: u64,
    #[ts(type = "number")]
    pub not_found: u64,
    #[ts(type = "number")]
    pub rate_limited: u64,
    /// Calls to routes the reference marks deprecated.
    #[ts(type = "number")]
    pub deprecated_calls: u64,
}

/// One route's API health over the span.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct HealthRoute {
    pub method: String,
    /// As the activity report writes it (`/v1.0/projects/:project_id/rfis`).
    pub route: String,
    #[ts(type = "number")]
    pub calls: u64,
    #[ts(type = "number")]
    pub unauthorized: u64,
    #[ts(type = "number")]
    pub forbidden: u64,
    #[ts(type = "number")]
    pub not_found: u64,
    #[ts(type = "number")]
    pub rate_limited: u64,
    pub deprecated: bool,
    /// 401, 403, 404 and 429 answers per day of the span, oldest first: the route's trend.
    #[ts(type = "number[]")]
    pub daily_errors: Vec<u64>,
}

impl HealthRoute {
    /// The answers Integration Health counts against the app.
    pub fn errors(&self) -> u64 {
        self.unauthorized + self.forbidden + self.not_found + self.rate_limited
    }
}

/// An app's API health from `from` to `to`: every day of the span (a day without calls is a
/// row of zeros, so a chart shows the gap as quiet rather than skipping it), and the routes
/// with the most errors first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ApiHealth {
    pub from: Day,
    pub to: Day,
    pub days: Vec<HealthDaySummary>,
    pub routes: Vec<HealthRoute>,
}

/// Sums `rows` by day and by route; a route is deprecated when the reference says so.
pub fn api_health<'a>(
    rows: impl IntoIterator<Item = HealthRow<'a>>,
    reference: &ReferenceIndex,
    from: Day,
    to: Day,
) -> ApiHealth {
    let mut days: Vec<HealthDaySummary> = (from.0..=to.0)
        .map(|d| HealthDaySummary {
            day: Day(d),
            calls: 0,
            unauthorized: 0,
            forbidden: 0,
            not_found: 0,
            rate_limited: 0,
            deprecated_calls: 0,
        })
        .collect();
    let span = (to.0 - from.0 + 1).max(0) as usize;
    let mut routes: BTreeMap<(String, String), HealthRoute> = BTreeMap::new();
    for row in rows {
        if row.day < from || row.day > to {
            continue;
        }
        let deprecated = RouteKey::new(row.method, row.route)
            .ok()
            .and_then(|k| reference.get(&k))
            .is_some_and(|f| f.deprecated);
        let day = &mut days[(row.day.0 - from.0) as usize];
        day.calls += row.calls;
        day.unauthorized += row.unauthorized;
        day.forbidden += row.forbidden;
        day.not_found += row.not_found;
        day.rate_limited += row.rate_limited;
        if deprecated {
            day.deprecated_calls += row.calls;
        }
        let route = routes
            .entry((row.route.to_owned(), row.method.to_owned()))
            .or_insert_with(|| HealthRoute {
                method: row.method.to_owned(),
                route: row.route.to_owned(),
                calls: 0,
                unauthorized: 0,
                forbidden: 0,
                not_found: 0,
                rate_limited: 0,
                deprecated,
                daily_errors: vec![0; span],
            });
        route.calls += row.calls;
        route.unauthorized += row.unauthorized;
        route.forbidden += row.forbidden;
        route.not_found += row.not_found;
        route.rate_limited += row.rate_limited;
        route.daily_errors[(row.day.0 - from.0) as usize] +=
            row.unauthorized + row.forbidden + row.not_found + row.rate_limited;
    }
    let mut routes: Vec<HealthRoute> = routes.into_values().collect();
    routes.sort_by(|a, b| {
        (b.errors(), b.deprecated, b.calls).cmp(&(a.errors(), a.deprecated, a.calls))
    });
    ApiHealth {
        from,
        to,
        days,
        routes,
    }
}
