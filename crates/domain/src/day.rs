//! Calendar days in UTC, the unit of every metric: Procore's exports and the trend views count
//! by day, so a day is a plain integer (days since 1970-01-01) that SQLite indexes and
//! compares without parsing.

use std::fmt;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::UnixMillis;

const MILLIS_PER_DAY: i64 = 86_400_000;

/// A UTC calendar day, as days since 1970-01-01. Crosses JSON as `"YYYY-MM-DD"`, which
/// scripts reading the CLI's output and people reading it both understand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, TS)]
#[ts(type = "string")]
pub struct Day(pub i32);

impl Serialize for Day {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Day {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Day::parse_iso(&text).ok_or_else(|| {
            serde::de::Error::custom(format!("“{text}” is not a date in the form YYYY-MM-DD"))
        })
    }
}

impl Day {
    /// The day for a calendar date, or `None` when no such date exists (2023-02-29).
    pub fn from_ymd(year: i32, month: u32, day: u32) -> Option<Self> {
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let (y, m, d) = (
            i64::from(year) - i64::from(month <= 2),
            i64::from(month),
            i64::from(day),
        );
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        i32::try_from(era * 146_097 + doe - 719_468).ok().map(Day)
    }

    /// `(year, month, day)`.
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = i64::from(self.0) + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z.rem_euclid(146_097);
        let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let y = yoe + era * 400 + i64::from(m <= 2);
        (y as i32, m, d)
    }

    /// The UTC day holding a moment.
    pub fn of(at: UnixMillis) -> Self {
        Day(at.0.div_euclid(MILLIS_PER_DAY) as i32)
    }

    /// Midnight UTC at the start of the day.
    pub fn start(self) -> UnixMillis {
        UnixMillis(i64::from(self.0) * MILLIS_PER_DAY)
    }

    /// `YYYY-MM-DD`, strictly (the form every Plumbline output uses).
    pub fn parse_iso(text: &str) -> Option<Self> {
        let bytes = text.as_bytes();
        if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
            return None;
        }
        let number = |range: std::ops::Range<usize>| -> Option<u32> {
            let part = text.get(range)?;
            part.bytes()
                .all(|b| b.is_ascii_digit())
                .then(|| part.parse().ok())?
        };
        Day::from_ymd(number(0..4)? as i32, number(5..7)?, number(8..10)?)
    }

    /// Monday of the ISO week holding this day (1970-01-01 was a Thursday).
    pub fn week_start(self) -> Self {
        Day(self.0 - (self.0 + 3).rem_euclid(7))
    }

    /// The first day of this day's month.
    pub fn month_start(self) -> Self {
        let (y, m, _) = self.ymd();
        Day::from_ymd(y, m, 1).unwrap_or(self)
    }

    /// Days from `self` to `other`, inclusive of both ends when `other >= self`.
    pub fn span_to(self, other: Day) -> i32 {
        other.0 - self.0 + 1
    }

    pub fn plus(self, days: i32) -> Self {
        Day(self.0 + days)
    }
}

fn is_leap(year: i32) -> bool {
    (year % 4 == 0 && year % 100 != 0) || year % 400 == 0
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl fmt::Display for Day {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_day_for_four_centuries() {
        for n in -146_097..146_097 {
            let (y, m, d) = Day(n).ymd();
            assert_eq!(Day::from_ymd(y, m, d), Some(Day(n)));
        }
    }

    #[test]
    fn known_dates_weeks_and_months() {
        assert_eq!(Day::from_ymd(1970, 1, 1), Some(Day(0)));
        assert_eq!(
            Day::parse_iso("2024-02-29")
                .map(|d| d.to_string())
                .as_deref(),
            Some("2024-02-29")
        );
        assert_eq!(Day::parse_iso("2023-02-29"), None);
        assert_eq!(Day::parse_iso("2024-2-29"), None);
        assert_eq!(Day::parse_iso("2024-02-3x"), None);
        // 2026-11-28 is a Saturday; its week began on Monday the 23rd.
        let day = Day::parse_iso("2026-11-28").unwrap_or(Day(0));
        assert_eq!(day.week_start().to_string(), "2026-11-23");
        assert_eq!(day.month_start().to_string(), "2026-11-01");
        assert_eq!(
            Day::of(UnixMillis(1_795_000_000_000)).to_string(),
            "2026-11-18"
        );
        assert_eq!(Day(-1).to_string(), "1969-12-31");
        assert_eq!(
            serde_json::to_string(&day).ok().as_deref(),
            Some("\"2026-11-28\"")
        );
        assert_eq!(
            serde_json::from_str::<Day>("\"2026-11-28\"").ok(),
            Some(day)
        );
        assert!(serde_json::from_str::<Day>("\"28/11/2026\"").is_err());
    }
}
