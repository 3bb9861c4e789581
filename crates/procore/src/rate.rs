//! Procore's rate-limit headers and the throttle that keeps a client under them.

use std::sync::Mutex;
use std::time::Duration;

use plumbline_domain::UnixMillis;
use reqwest::header::HeaderMap;

/// `X-Rate-Limit-Limit/-Remaining/-Reset`: whichever of the hourly and 10-second windows is
/// closer to running out (`plan_your_app/rate_limiting.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RateLimit {
    pub limit: u64,
    pub remaining: u64,
    /// When the window resets.
    pub reset: UnixMillis,
}

fn header_number(headers: &HeaderMap, name: &str) -> Option<i64> {
    headers.get(name)?.to_str().ok()?.trim().parse().ok()
}

impl RateLimit {
    pub fn from_headers(headers: &HeaderMap) -> Option<Self> {
        let limit = header_number(headers, "x-rate-limit-limit")?;
        let remaining = header_number(headers, "x-rate-limit-remaining")?;
        let reset = header_number(headers, "x-rate-limit-reset")?;
        Some(Self {
            limit: limit.max(0) as u64,
            remaining: remaining.max(0) as u64,
            reset: UnixMillis(reset.saturating_mul(1000)),
        })
    }
}

/// Waits before a request when the last answer said the window is (nearly) spent, so the
/// client slows down before Procore has to answer 429. Failed calls count against the quota
/// too, so this matters most during retries.
#[derive(Debug, Default)]
pub struct Throttle {
    last: Mutex<Option<RateLimit>>,
}

/// Requests kept in reserve: other tools of the partner may share the token's quota.
const RESERVE: u64 = 1;

impl Throttle {
    pub fn observe(&self, limit: RateLimit) {
        *self.last.lock().unwrap_or_else(|e| e.into_inner()) = Some(limit);
    }

    pub fn last(&self) -> Option<RateLimit> {
        *self.last.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// How long to wait before the next request, if at all.
    pub fn delay(&self, now: UnixMillis) -> Option<Duration> {
        let last = self.last()?;
        if last.remaining > RESERVE || last.reset <= now {
            return None;
        }
        // Procore's reset has one-second resolution: wait just past it.
        Some(Duration::from_millis((last.reset.0 - now.0) as u64 + 250))
    }

    /// Forget a window once it has reset, so a stale "0 remaining" does not stall the client.
    pub fn note_reset_passed(&self, now: UnixMillis) {
        let mut last = self.last.lock().unwrap_or_else(|e| e.into_inner());
        if last.is_some_and(|l| l.reset <= now) {
            *last = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use reqwest::header::{HeaderMap, HeaderValue};

    use super::*;

    #[test]
    fn parses_headers_and_waits_only_when_spent() {
        let mut h = HeaderMap::new();
        h.insert("X-Rate-Limit-Limit", HeaderValue::from_static("25"));
        h.insert("X-Rate-Limit-Remaining", HeaderValue::from_static("1"));
        h.insert("X-Rate-Limit-Reset", HeaderValue::from_static("1000"));
        let limit = RateLimit::from_headers(&h).unwrap();
        assert_eq!(
            limit,
            RateLimit {
                limit: 25,
                remaining: 1,
                reset: UnixMillis(1_000_000)
            }
        );
        let throttle = Throttle::default();
        throttle.observe(limit);
        assert_eq!(
            throttle.delay(UnixMillis(998_000)),
            Some(Duration::from_millis(2_250))
        );
        assert_eq!(throttle.delay(UnixMillis(1_000_001)), None);
        throttle.observe(RateLimit {
            remaining: 10,
            ..limit
        });
        assert_eq!(throttle.delay(UnixMillis(998_000)), None);
        h.insert("X-Rate-Limit-Remaining", HeaderValue::from_static("lots"));
        assert_eq!(
            RateLimit::from_headers(&h),
            None,
            "unreadable headers are ignored"
        );
    }
}
