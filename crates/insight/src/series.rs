//! A daily count series in which a missing day is missing, not zero.

use plumbline_domain::Day;

/// One count (or none) per calendar day from [`Series::start`]. `None` is a day no source
/// gave a number for: the detector leaves it out of every sum instead of reading it as zero.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    start: Day,
    counts: Vec<Option<u32>>,
}

impl Series {
    /// Counts for consecutive days from `start`.
    pub fn new(start: Day, counts: Vec<Option<u32>>) -> Self {
        Series { start, counts }
    }

    /// A series from dated counts in any order; days not given are missing, and a later entry
    /// for a day replaces an earlier one.
    pub fn from_days(days: impl IntoIterator<Item = (Day, Option<u32>)>) -> Self {
        let days: Vec<(Day, Option<u32>)> = days.into_iter().collect();
        let Some(start) = days.iter().map(|(d, _)| *d).min() else {
            return Series::new(Day(0), Vec::new());
        };
        let mut series = Series::new(start, Vec::new());
        for (day, count) in days {
            series.set(day, count);
        }
        series
    }

    /// The first day the series covers.
    pub fn start(&self) -> Day {
        self.start
    }

    /// The last day the series covers, if any.
    pub fn last_day(&self) -> Option<Day> {
        let len = i32::try_from(self.counts.len()).ok()?;
        (len > 0).then(|| self.start.plus(len - 1))
    }

    pub fn len(&self) -> usize {
        self.counts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.counts.is_empty()
    }

    /// The day's count; `None` when it is missing or outside the series.
    pub fn get(&self, day: Day) -> Option<u32> {
        let i = usize::try_from(day.0 - self.start.0).ok()?;
        self.counts.get(i).copied().flatten()
    }

    /// Sets (or clears) one day's count, growing the series to reach it; days added on the
    /// way are missing.
    pub fn set(&mut self, day: Day, count: Option<u32>) {
        if self.counts.is_empty() {
            self.start = day;
        }
        if day < self.start {
            let grow = (self.start.0 - day.0) as usize;
            let mut counts = vec![None; grow];
            counts.append(&mut self.counts);
            self.counts = counts;
            self.start = day;
        }
        let i = (day.0 - self.start.0) as usize;
        if i >= self.counts.len() {
            self.counts.resize(i + 1, None);
        }
        self.counts[i] = count;
    }

    /// The counts, one per day from [`Series::start`].
    pub fn counts(&self) -> &[Option<u32>] {
        &self.counts
    }

    /// `(day, count)` for every day the series covers.
    pub fn iter(&self) -> impl Iterator<Item = (Day, Option<u32>)> + '_ {
        self.counts
            .iter()
            .enumerate()
            .map(|(i, c)| (self.start.plus(i as i32), *c))
    }
}
