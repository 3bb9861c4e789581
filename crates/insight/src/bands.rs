//! The measures of the method's table of bands, on the simulator: false alerts per app-year
//! (an episode, not a day, is one), detection (the first alert between a surge's start and 7
//! days after its end, or [`PERMANENT_WINDOW_DAYS`] after a level shift's start), its delay
//! from the start, and notifications (episodes beginning in that window) per surge.
//!
//! `tests/bands.rs` runs a small grid; `examples/surge_bands.rs` the full one.

use plumbline_domain::Day;

use crate::detect::{Config, Direction, evaluate};
use crate::simulate::{AppSpec, Dispersion, Scenario, SplitMix64, simulate};

/// Mean counts per day.
pub const BASE_RATES: [f64; 7] = [0.0, 0.1, 0.3, 1.0, 3.0, 10.0, 20.0];

pub const DISPERSIONS: [Dispersion; 3] = [
    Dispersion::Poisson,
    Dispersion::Gamma { shape: 10.0 },
    Dispersion::Gamma { shape: 4.0 },
];

/// A surge counts as notified more than once only if it was notified at all; with fewer than
/// this many notified surges a cell's share is too noisy to hold to the band.
pub const MIN_NOTIFIED_FOR_BAND: u32 = 20;

/// A level shift has no end: its window is the 28 days it may take to be detected and the 28
/// after which its level is accepted. Episodes beginning later are false alerts at the new
/// level, counted as such.
pub const PERMANENT_WINDOW_DAYS: i32 = 56;

/// One cell of the grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    pub base_rate: f64,
    pub dispersion: Dispersion,
    pub scenario: Scenario,
    pub direction: Direction,
}

impl Cell {
    pub fn rise(base_rate: f64, dispersion: Dispersion, scenario: Scenario) -> Self {
        Cell {
            base_rate,
            dispersion,
            scenario,
            direction: Direction::Rise,
        }
    }

    /// The seed of this cell's `app`-th app: every cell draws its own apps.
    pub fn app_seed(&self, seed: u64, app: u32) -> u64 {
        // FNV-1a over the cell's description, then SplitMix64 per app.
        let text = format!(
            "{}|{}|{}|{}",
            self.base_rate,
            self.dispersion.label(),
            self.scenario.label(),
            self.direction.as_str()
        );
        let hash = text.bytes().fold(0xcbf2_9ce4_8422_2325u64, |h, b| {
            (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01B3)
        });
        let mut mix = SplitMix64::new(seed ^ hash);
        let mut value = mix.next_u64();
        for _ in 0..app {
            value = mix.next_u64();
        }
        value
    }
}

/// What a cell measured.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Measures {
    pub apps: u32,
    /// Days in the measured periods, all apps together.
    pub measured_days: u64,
    /// Episodes that began in the measured period and outside any surge's window.
    pub false_alerts: u32,
    pub surges: u32,
    /// Surges with an alert between their start and 7 days after their end.
    pub detected: u32,
    /// ...on their first day.
    pub same_day: u32,
    /// Days from each detected surge's start to its first alert, ascending.
    pub delays: Vec<i32>,
    /// Surges with at least one notification (an episode beginning in the window)...
    pub notified: u32,
    /// ...and exactly one.
    pub notified_once: u32,
}

impl Measures {
    pub fn false_alerts_per_year(&self) -> f64 {
        if self.measured_days == 0 {
            return 0.0;
        }
        f64::from(self.false_alerts) * 365.0 / self.measured_days as f64
    }

    fn share(part: u32, whole: u32) -> Option<f64> {
        (whole > 0).then(|| f64::from(part) / f64::from(whole))
    }

    pub fn detection(&self) -> Option<f64> {
        Self::share(self.detected, self.surges)
    }

    pub fn same_day_detection(&self) -> Option<f64> {
        Self::share(self.same_day, self.surges)
    }

    pub fn median_delay(&self) -> Option<f64> {
        let n = self.delays.len();
        if n == 0 {
            return None;
        }
        let mid = |i: usize| f64::from(self.delays[i]);
        Some(if n % 2 == 1 {
            mid(n / 2)
        } else {
            (mid(n / 2 - 1) + mid(n / 2)) / 2.0
        })
    }

    /// Of the surges notified at all, the share notified exactly once.
    pub fn exactly_one(&self) -> Option<f64> {
        Self::share(self.notified_once, self.notified)
    }
}

/// One app's outcome.
struct AppOutcome {
    measured_days: u64,
    false_alerts: u32,
    /// Some for an app with a surge: (delay of the first alert, notifications).
    surge: Option<(Option<i32>, u32)>,
}

fn measure_app(cell: &Cell, seed: u64) -> AppOutcome {
    let spec = AppSpec::year(cell.base_rate, cell.dispersion, cell.scenario);
    let sim = simulate(&spec, seed);
    let config = Config::default();
    let lag = config.lag_days as i32;
    let last = sim.series.last_day().unwrap_or(sim.measured_from);
    let as_of = last.plus(lag);

    // Alert days and notified episode identities, across the evaluations a revision causes.
    let (alerts, mut ids): (Vec<Day>, Vec<Day>) = match sim.revision {
        None => {
            let e = evaluate(&sim.series, as_of, &config, cell.direction);
            (
                e.alerts.iter().map(|a| a.date).collect(),
                e.episodes.iter().map(|e| e.id).collect(),
            )
        }
        Some(revision) => {
            let first = evaluate(
                &sim.series,
                revision.seen_through.plus(lag),
                &config,
                cell.direction,
            );
            let mut revised = sim.series.clone();
            revised.set(revision.day, revision.count);
            let mut second = evaluate(&revised, as_of, &config, cell.direction);
            second.carry_episode_ids(&first.episodes);
            let alerts = first.alerts.iter().chain(&second.alerts).map(|a| a.date);
            let ids = first.episodes.iter().chain(&second.episodes).map(|e| e.id);
            (alerts.collect(), ids.collect())
        }
    };
    ids.sort();
    ids.dedup();

    let window = sim.surge.map(|s| {
        let end = if s.permanent {
            s.start.plus(PERMANENT_WINDOW_DAYS).min(last)
        } else {
            s.end.plus(7)
        };
        (s.start, end)
    });
    let inside = |d: Day| window.is_some_and(|(a, b)| a <= d && d <= b);
    let false_alerts = ids
        .iter()
        .filter(|id| **id >= sim.measured_from && !inside(**id))
        .count() as u32;
    let surge = sim.surge.map(|s| {
        let first = alerts.iter().filter(|d| inside(**d)).min();
        let notifications = ids.iter().filter(|id| inside(**id)).count() as u32;
        (first.map(|d| d.0 - s.start.0), notifications)
    });
    AppOutcome {
        measured_days: u64::from(spec.measured_days),
        false_alerts,
        surge,
    }
}

/// Measures one cell over `apps` simulated app-years.
pub fn measure(cell: &Cell, apps: u32, seed: u64) -> Measures {
    let mut m = Measures::default();
    for app in 0..apps {
        let outcome = measure_app(cell, cell.app_seed(seed, app));
        m.apps += 1;
        m.measured_days += outcome.measured_days;
        m.false_alerts += outcome.false_alerts;
        if let Some((delay, notifications)) = outcome.surge {
            m.surges += 1;
            if let Some(delay) = delay {
                m.detected += 1;
                m.same_day += u32::from(delay == 0);
                m.delays.push(delay);
            }
            m.notified += u32::from(notifications > 0);
            m.notified_once += u32::from(notifications == 1);
        }
    }
    m.delays.sort_unstable();
    m
}

/// A band a cell is held to.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    pub band: &'static str,
    pub value: f64,
    pub limit: f64,
    /// The value must be at most the limit (else at least).
    pub at_most: bool,
    pub pass: bool,
}

impl Verdict {
    fn new(band: &'static str, value: f64, limit: f64, at_most: bool) -> Self {
        let pass = if at_most {
            value <= limit
        } else {
            value >= limit
        };
        Verdict {
            band,
            value,
            limit,
            at_most,
            pass,
        }
    }
}

/// The bands of the method's table that apply to a cell (rises only; the table has none for
/// drops).
pub fn verdicts(cell: &Cell, m: &Measures) -> Vec<Verdict> {
    let mut out = Vec::new();
    if cell.direction != Direction::Rise {
        return out;
    }
    match cell.dispersion {
        Dispersion::Poisson => out.push(Verdict::new(
            "false alerts/yr (Poisson)",
            m.false_alerts_per_year(),
            0.5,
            true,
        )),
        Dispersion::Gamma { shape: 4.0 } => out.push(Verdict::new(
            "false alerts/yr (shape 4)",
            m.false_alerts_per_year(),
            1.5,
            true,
        )),
        Dispersion::Gamma { .. } => {}
    }
    if cell.scenario == (Scenario::Spike { extra: 10 }) && cell.base_rate <= 1.0 {
        out.push(Verdict::new(
            "+10 detected same day",
            m.same_day_detection().unwrap_or(0.0),
            0.9,
            false,
        ));
    }
    let triple = Scenario::Scale {
        factor: 3.0,
        days: 7,
    };
    if cell.scenario == triple && cell.base_rate >= 3.0 {
        out.push(Verdict::new(
            "x3/7d detected",
            m.detection().unwrap_or(0.0),
            0.85,
            false,
        ));
        out.push(Verdict::new(
            "x3/7d median delay",
            m.median_delay().unwrap_or(f64::INFINITY),
            2.0,
            true,
        ));
    }
    if cell.scenario.has_surge() && m.notified >= MIN_NOTIFIED_FOR_BAND {
        out.push(Verdict::new(
            "one notification per surge",
            m.exactly_one().unwrap_or(0.0),
            0.95,
            false,
        ));
    }
    out
}
