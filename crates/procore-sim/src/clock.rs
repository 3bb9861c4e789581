use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// The simulator's notion of now: real time shifted by an offset that tests can move forward
/// (token expiry, the next reference-data version, a new day of installs).
#[derive(Debug, Clone)]
pub struct SimClock {
    offset: Arc<AtomicI64>,
}

impl SimClock {
    /// A clock that reads `start` now and then runs at real speed.
    pub fn starting_at(start: i64) -> Self {
        Self {
            offset: Arc::new(AtomicI64::new(start - real_now())),
        }
    }

    /// Unix seconds.
    pub fn now(&self) -> i64 {
        real_now() + self.offset.load(Ordering::Relaxed)
    }

    pub fn advance(&self, seconds: i64) {
        self.offset.fetch_add(seconds, Ordering::Relaxed);
    }
}

fn real_now() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or_default()
}
