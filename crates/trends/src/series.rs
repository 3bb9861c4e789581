//! Series over a range, bucket by bucket, with totals and the previous period.

use plumbline_domain::{AppId, Day, MetricSource, UnixMillis};
use plumbline_store::{Bucket, BucketSums, Scope, Store, StoreError};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The numbers a trend can plot.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum TrendMetric {
    Views,
    Installs,
    Uninstalls,
    /// Installations minus uninstalls.
    Net,
    /// Companies with the app installed at the end of each bucket.
    Active,
    /// Installations per listing view.
    Conversion,
}

impl TrendMetric {
    pub const ALL: [TrendMetric; 6] = [
        TrendMetric::Views,
        TrendMetric::Installs,
        TrendMetric::Uninstalls,
        TrendMetric::Net,
        TrendMetric::Active,
        TrendMetric::Conversion,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            TrendMetric::Views => "views",
            TrendMetric::Installs => "installs",
            TrendMetric::Uninstalls => "uninstalls",
            TrendMetric::Net => "net",
            TrendMetric::Active => "active",
            TrendMetric::Conversion => "conversion",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|m| m.as_str() == text)
    }

    /// This metric's value in a point.
    pub fn of_point(self, p: &TrendPoint) -> Option<f64> {
        match self {
            TrendMetric::Views => p.views.map(|v| v as f64),
            TrendMetric::Installs => p.installs.map(|v| v as f64),
            TrendMetric::Uninstalls => p.uninstalls.map(|v| v as f64),
            TrendMetric::Net => p.net.map(|v| v as f64),
            TrendMetric::Active => Some(p.active as f64),
            TrendMetric::Conversion => p.conversion,
        }
    }

    /// This metric's value over a whole period.
    pub fn of_totals(self, t: &Totals) -> Option<f64> {
        match self {
            TrendMetric::Views => Some(t.views as f64),
            TrendMetric::Installs => Some(t.installs as f64),
            TrendMetric::Uninstalls => Some(t.uninstalls as f64),
            TrendMetric::Net => Some(t.net as f64),
            TrendMetric::Active => Some(t.active_at_end as f64),
            TrendMetric::Conversion => t.conversion,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Granularity {
    Day,
    Week,
    Month,
}

impl Granularity {
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "day" => Some(Granularity::Day),
            "week" => Some(Granularity::Week),
            "month" => Some(Granularity::Month),
            _ => None,
        }
    }

    fn bucket(self) -> Bucket {
        match self {
            Granularity::Day => Bucket::Day,
            Granularity::Week => Bucket::Week,
            Granularity::Month => Bucket::Month,
        }
    }

    /// The start of the bucket holding `day`.
    pub fn start_of(self, day: Day) -> Day {
        match self {
            Granularity::Day => day,
            Granularity::Week => day.week_start(),
            Granularity::Month => day.month_start(),
        }
    }

    /// The start of the bucket after the one starting at `start`.
    fn next(self, start: Day) -> Day {
        match self {
            Granularity::Day => start.plus(1),
            Granularity::Week => start.plus(7),
            Granularity::Month => start.plus(32).month_start(),
        }
    }
}

/// One app, or the whole portfolio.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum TrendScope {
    App { id: AppId },
    Portfolio,
}

impl TrendScope {
    fn store_scope(self) -> Scope {
        match self {
            TrendScope::App { id } => Scope::App(id),
            TrendScope::Portfolio => Scope::Portfolio,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrendQuery {
    pub scope: TrendScope,
    /// First day, inclusive.
    pub from: Day,
    /// Last day, inclusive.
    pub to: Day,
    pub by: Granularity,
}

/// One bucket. Counts are `None` when no source had a number for any day in it (a gap, not
/// a zero).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct TrendPoint {
    /// The bucket's first day (the range's first day for a partial first bucket).
    pub start: Day,
    #[ts(type = "number | null")]
    pub views: Option<u64>,
    #[ts(type = "number | null")]
    pub installs: Option<u64>,
    #[ts(type = "number | null")]
    pub uninstalls: Option<u64>,
    #[ts(type = "number | null")]
    pub net: Option<i64>,
    /// Installed companies at the end of the bucket.
    #[ts(type = "number")]
    pub active: i64,
    pub conversion: Option<f64>,
    /// Where this bucket's numbers came from.
    pub sources: Vec<MetricSource>,
}

/// Sums over a period.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    #[ts(type = "number")]
    pub views: u64,
    #[ts(type = "number")]
    pub installs: u64,
    #[ts(type = "number")]
    pub uninstalls: u64,
    #[ts(type = "number")]
    pub net: i64,
    #[ts(type = "number")]
    pub active_at_end: i64,
    /// Installations per view over the days that had a views number.
    pub conversion: Option<f64>,
}

/// A trend over a range, with the period of the same length just before it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Trend {
    pub query: TrendQuery,
    pub points: Vec<TrendPoint>,
    pub totals: Totals,
    pub previous: Totals,
    /// The first and last day the store has numbers for, in this scope.
    pub span: Option<(Day, Day)>,
    /// When the numbers were last refreshed (latest import or sync).
    pub as_of: Option<UnixMillis>,
    /// Every source behind the points.
    pub sources: Vec<MetricSource>,
}

#[derive(Debug, thiserror::Error)]
pub enum TrendError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Range(String),
}

/// The longest range a query may span: a day-by-day series of it is what a chart can draw.
pub const MAX_RANGE_DAYS: i32 = 100 * 366;

fn conversion(installs: u64, views: u64, view_days: u32) -> Option<f64> {
    (view_days > 0 && views > 0).then(|| installs as f64 / views as f64)
}

/// Adds up the buckets of a period.
fn totals(sums: &[BucketSums], active_before: i64) -> Totals {
    let (mut views, mut installs, mut uninstalls, mut baseline, mut view_days) = (0, 0, 0, 0, 0);
    let mut installs_with_views = 0;
    for s in sums {
        views += s.views;
        installs += s.installs;
        uninstalls += s.uninstalls;
        baseline += s.baseline;
        view_days += s.views_days;
        if s.views_days > 0 {
            installs_with_views += s.installs;
        }
    }
    Totals {
        views,
        installs,
        uninstalls,
        net: installs as i64 - uninstalls as i64,
        active_at_end: active_before + installs as i64 - uninstalls as i64 + baseline as i64,
        conversion: conversion(installs_with_views, views, view_days),
    }
}

/// Lays the stored buckets on every bucket of the range: empty buckets become gaps, and the
/// active count carries across them.
fn points(query: &TrendQuery, sums: &[BucketSums], active_before: i64) -> Vec<TrendPoint> {
    let mut out = Vec::new();
    let mut active = active_before;
    let mut stored = sums.iter().peekable();
    let mut start = query.by.start_of(query.from);
    while start <= query.to {
        let sum = stored.next_if(|s| s.start == start);
        let point = match sum {
            Some(s) => {
                active += s.installs as i64 - s.uninstalls as i64 + s.baseline as i64;
                let has = |days: u32| days > 0;
                TrendPoint {
                    start: start.max(query.from),
                    views: has(s.views_days).then_some(s.views),
                    installs: has(s.installs_days).then_some(s.installs),
                    uninstalls: has(s.uninstalls_days).then_some(s.uninstalls),
                    net: (has(s.installs_days) || has(s.uninstalls_days))
                        .then_some(s.installs as i64 - s.uninstalls as i64),
                    active,
                    conversion: conversion(s.installs, s.views, s.views_days),
                    sources: MetricSource::from_bits(s.source_bits),
                }
            }
            None => TrendPoint {
                start: start.max(query.from),
                views: None,
                installs: None,
                uninstalls: None,
                net: None,
                active,
                conversion: None,
                sources: Vec::new(),
            },
        };
        out.push(point);
        start = query.by.next(start);
    }
    out
}

/// The trend for `query`, read from `store`.
pub fn trend(store: &Store, query: TrendQuery) -> Result<Trend, TrendError> {
    if query.to < query.from {
        return Err(TrendError::Range(format!(
            "The range ends ({}) before it starts ({}): swap the dates.",
            query.to, query.from
        )));
    }
    let length = query.from.span_to(query.to);
    if length > MAX_RANGE_DAYS {
        return Err(TrendError::Range(format!(
            "The range spans {length} days; the limit is {MAX_RANGE_DAYS}."
        )));
    }
    let scope = query.scope.store_scope();
    let sums = store.bucket_sums(scope, query.by.bucket(), query.from, query.to)?;
    let active_before = store.active_before(scope, query.from)?;
    let (previous_from, previous_to) = (query.from.plus(-length), query.from.plus(-1));
    let previous_sums = store.bucket_sums(scope, Bucket::Month, previous_from, previous_to)?;
    let previous_active = store.active_before(scope, previous_from)?;
    let bits = sums.iter().fold(0, |acc, s| acc | s.source_bits);
    Ok(Trend {
        points: points(&query, &sums, active_before),
        totals: totals(&sums, active_before),
        previous: totals(&previous_sums, previous_active),
        span: store.metrics_span(scope)?,
        as_of: store.metrics_as_of(scope)?,
        sources: MetricSource::from_bits(bits),
        query,
    })
}
