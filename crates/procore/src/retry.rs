//! When and how long to wait before trying a request again.

use std::time::Duration;

use plumbline_domain::UnixMillis;
use reqwest::StatusCode;
use reqwest::header::HeaderMap;

/// Jittered exponential backoff with a cap, a bounded number of attempts and a bound on the
/// total wait, so a sync never hangs for an hour on a long `Retry-After`.
#[derive(Debug, Clone)]
pub struct RetryPolicy {
    pub max_attempts: u32,
    pub base: Duration,
    pub cap: Duration,
    /// The longest single wait the client accepts; beyond it the call fails as RateLimited or
    /// Unavailable and the scheduler tries again later.
    pub max_wait: Duration,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 6,
            base: Duration::from_millis(250),
            cap: Duration::from_secs(20),
            max_wait: Duration::from_secs(90),
        }
    }
}

/// Whether a status is worth another try: 429, and the server errors a load balancer sends.
pub fn retryable(status: StatusCode) -> bool {
    status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error()
}

/// `Retry-After` as seconds or an HTTP-date.
pub fn retry_after(headers: &HeaderMap, now: UnixMillis) -> Option<Duration> {
    let value = headers
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    let at_ms = at.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis() as i64;
    Some(Duration::from_millis((at_ms - now.0).max(0) as u64))
}

impl RetryPolicy {
    /// The backoff before attempt `attempt` (1-based retries), with full jitter from `jitter`
    /// in [0, 1).
    pub fn backoff(&self, attempt: u32, jitter: f64) -> Duration {
        let exp = self.base.saturating_mul(1u32 << attempt.min(16));
        let capped = exp.min(self.cap);
        // Half fixed, half random: spreads clients apart without ever retrying instantly.
        capped / 2 + capped.mul_f64(jitter.clamp(0.0, 1.0) / 2.0)
    }

    /// The wait before the next attempt: what the server asked for when it said, else the
    /// backoff; `None` when the server asks for longer than `max_wait`.
    pub fn wait(
        &self,
        attempt: u32,
        server_asked: Option<Duration>,
        jitter: f64,
    ) -> Option<Duration> {
        let wait = match server_asked {
            // A little jitter on top, so that many clients told the same second do not return
            // in the same instant.
            Some(asked) => asked + Duration::from_millis((jitter * 250.0) as u64),
            None => self.backoff(attempt, jitter),
        };
        (wait <= self.max_wait).then_some(wait)
    }
}

#[cfg(test)]
mod tests {
    use reqwest::header::{HeaderMap, HeaderValue, RETRY_AFTER};

    use super::*;

    #[test]
    fn backoff_grows_caps_and_jitters() {
        let p = RetryPolicy::default();
        assert_eq!(p.backoff(1, 0.0), Duration::from_millis(250));
        assert_eq!(p.backoff(1, 0.999_999).as_millis(), 499);
        assert_eq!(p.backoff(3, 0.0), Duration::from_millis(1_000));
        assert_eq!(
            p.backoff(12, 0.0),
            Duration::from_secs(10),
            "capped at 20 s, half fixed"
        );
        assert_eq!(
            p.wait(1, Some(Duration::from_secs(3600)), 0.0),
            None,
            "too long to wait"
        );
        assert_eq!(
            p.wait(1, Some(Duration::from_secs(2)), 0.0),
            Some(Duration::from_secs(2))
        );
    }

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static("7"));
        assert_eq!(retry_after(&h, UnixMillis(0)), Some(Duration::from_secs(7)));
        h.insert(
            RETRY_AFTER,
            HeaderValue::from_static("Thu, 01 Jan 1970 00:00:30 GMT"),
        );
        assert_eq!(
            retry_after(&h, UnixMillis(10_000)),
            Some(Duration::from_secs(20))
        );
        h.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert_eq!(retry_after(&h, UnixMillis(0)), None);
        assert!(
            retryable(StatusCode::SERVICE_UNAVAILABLE) && retryable(StatusCode::TOO_MANY_REQUESTS)
        );
        assert!(!retryable(StatusCode::NOT_FOUND) && !retryable(StatusCode::UNAUTHORIZED));
    }
}
