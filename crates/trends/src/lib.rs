//! Plumbline's trend engine: what the Metrics views and `plumbline trend` show.
//!
//! The store adds up each bucket (one range scan of `daily_metrics`); this crate derives the
//! rest: net installations, active installations carried from before the range, conversion,
//! empty buckets as gaps, and the comparison with the period just before. It takes the range
//! and the store as arguments and reads no clock.

mod series;

pub use series::{
    Granularity, Totals, Trend, TrendError, TrendMetric, TrendPoint, TrendQuery, TrendScope, trend,
};
