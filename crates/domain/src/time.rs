use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// Milliseconds since the Unix epoch, UTC. Stored and sent as a plain integer so that SQLite,
/// JSON and JavaScript's `Date` all read it without conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[ts(type = "number")]
pub struct UnixMillis(pub i64);

impl UnixMillis {
    /// The current time from the system clock; only the edges (shell, CLI) should call this.
    pub fn now() -> Self {
        let since_epoch = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap_or_default();
        Self(i64::try_from(since_epoch.as_millis()).unwrap_or(i64::MAX))
    }
}

impl UnixMillis {
    /// `2026-12-04T01:02:03.456Z`: how times are written in files a partner keeps in git
    /// (readable in a diff, exact to the millisecond).
    pub fn to_rfc3339(self) -> String {
        let day = crate::Day::of(self);
        let (y, m, d) = day.ymd();
        let in_day = self.0 - day.start().0;
        let (h, rest) = (in_day / 3_600_000, in_day % 3_600_000);
        let (min, rest) = (rest / 60_000, rest % 60_000);
        let (s, ms) = (rest / 1000, rest % 1000);
        format!("{y:04}-{m:02}-{d:02}T{h:02}:{min:02}:{s:02}.{ms:03}Z")
    }

    /// Reads what [`UnixMillis::to_rfc3339`] writes (UTC, `Z`, milliseconds optional).
    pub fn parse_rfc3339(text: &str) -> Option<Self> {
        let (date, time) = text.split_once('T')?;
        let day = crate::Day::parse_iso(date)?;
        let time = time.strip_suffix('Z')?;
        let (hms, ms) = match time.split_once('.') {
            Some((hms, ms)) if ms.len() == 3 && ms.bytes().all(|b| b.is_ascii_digit()) => {
                (hms, ms.parse::<i64>().ok()?)
            }
            Some(_) => return None,
            None => (time, 0),
        };
        let parts: Vec<i64> = hms
            .split(':')
            .map(|p| {
                (p.len() == 2 && p.bytes().all(|b| b.is_ascii_digit()))
                    .then(|| p.parse().ok())
                    .flatten()
            })
            .collect::<Option<_>>()?;
        let [h, m, s] = parts.as_slice() else {
            return None;
        };
        if *h > 23 || *m > 59 || *s > 59 {
            return None;
        }
        Some(Self(
            day.start().0 + h * 3_600_000 + m * 60_000 + s * 1000 + ms,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::UnixMillis;

    #[test]
    fn rfc3339_round_trips_to_the_millisecond() {
        for ms in [0, 1_796_000_123_456, 86_399_999, -1] {
            let text = UnixMillis(ms).to_rfc3339();
            assert_eq!(
                UnixMillis::parse_rfc3339(&text),
                Some(UnixMillis(ms)),
                "{text}"
            );
        }
        assert_eq!(UnixMillis(1_000).to_rfc3339(), "1970-01-01T00:00:01.000Z");
        assert_eq!(
            UnixMillis::parse_rfc3339("1970-01-01T00:00:01Z"),
            Some(UnixMillis(1_000))
        );
        for bad in [
            "1970-01-01",
            "1970-01-01T24:00:00Z",
            "1970-01-01T00:00:00+01:00",
            "x",
        ] {
            assert_eq!(UnixMillis::parse_rfc3339(bad), None, "{bad}");
        }
    }
}
