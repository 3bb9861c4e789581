//! The seeded generator the bands are measured on: negative-binomial daily counts (a
//! Gamma-Poisson mixture) with a working-week profile, and injected surges.
//!
//! The generators are written out (SplitMix64, shared with the simulator, to seed; xoshiro256**
//! to draw) so that a seed gives the same series across dependency upgrades and platforms.

use plumbline_domain::Day;
pub use plumbline_domain::SplitMix64;

use crate::series::Series;
use crate::stats::ln_gamma;

/// Monday to Sunday: Mon-Fri x1.25, Sat-Sun x0.375 (the week's mean is 1).
pub const WEEKDAY_PROFILE: [f64; 7] = [1.25, 1.25, 1.25, 1.25, 1.25, 0.375, 0.375];

/// xoshiro256**, seeded through SplitMix64.
#[derive(Debug, Clone)]
pub struct Rng {
    s: [u64; 4],
}

impl Rng {
    pub fn seeded(seed: u64) -> Self {
        let mut mix = SplitMix64::new(seed);
        Rng {
            s: [
                mix.next_u64(),
                mix.next_u64(),
                mix.next_u64(),
                mix.next_u64(),
            ],
        }
    }

    pub fn next_u64(&mut self) -> u64 {
        let s = &mut self.s;
        let result = s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = s[3].rotate_left(45);
        result
    }

    /// Uniform on [0, 1).
    pub fn uniform(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    /// Uniform on 0..n (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }

    /// Standard normal (Box-Muller).
    pub fn normal(&mut self) -> f64 {
        let u = 1.0 - self.uniform();
        let v = self.uniform();
        (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
    }

    /// Gamma with this shape and scale 1 (Marsaglia and Tsang).
    pub fn gamma(&mut self, shape: f64) -> f64 {
        if shape < 1.0 {
            let u = 1.0 - self.uniform();
            return self.gamma(shape + 1.0) * u.powf(1.0 / shape);
        }
        let d = shape - 1.0 / 3.0;
        let c = 1.0 / (9.0 * d).sqrt();
        loop {
            let x = self.normal();
            let v = (1.0 + c * x).powi(3);
            if v <= 0.0 {
                continue;
            }
            let u = 1.0 - self.uniform();
            if u < 1.0 - 0.0331 * x.powi(4) || u.ln() < 0.5 * x * x + d * (1.0 - v + v.ln()) {
                return d * v;
            }
        }
    }

    /// Poisson: multiplication of uniforms below a mean of 12, Hörmann's PTRS above.
    pub fn poisson(&mut self, mean: f64) -> u32 {
        if mean <= 0.0 {
            return 0;
        }
        if mean < 12.0 {
            let limit = (-mean).exp();
            let mut k = 0;
            let mut p = self.uniform();
            while p > limit {
                k += 1;
                p *= self.uniform();
            }
            return k;
        }
        let sq = mean.sqrt();
        let ln_mean = mean.ln();
        let b = 0.931 + 2.53 * sq;
        let a = -0.059 + 0.02483 * b;
        let inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
        let vr = 0.9277 - 3.6224 / (b - 2.0);
        loop {
            let u = self.uniform() - 0.5;
            let v = self.uniform();
            let us = 0.5 - u.abs();
            let k = ((2.0 * a / us + b) * u + mean + 0.43).floor();
            if us >= 0.07 && v <= vr {
                return k as u32;
            }
            if k < 0.0 || (us < 0.013 && v > us) {
                continue;
            }
            if v.ln() + inv_alpha.ln() - (a / (us * us) + b).ln()
                <= -mean + k * ln_mean - ln_gamma(k + 1.0)
            {
                return k as u32;
            }
        }
    }
}

/// How much more variable than Poisson the counts are.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Dispersion {
    Poisson,
    /// Each day's rate is the mean times a Gamma(shape, 1/shape) draw: 1/r = 1/shape.
    Gamma {
        shape: f64,
    },
}

impl Dispersion {
    pub fn label(self) -> String {
        match self {
            Dispersion::Poisson => "Poisson".into(),
            Dispersion::Gamma { shape } => format!("shape {shape}"),
        }
    }
}

/// What is injected into an app's year.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Scenario {
    /// Nothing: every episode is a false alert.
    Quiet,
    /// `extra` more on one day.
    Spike { extra: u32 },
    /// The rate times `factor` for `days` days.
    Scale { factor: f64, days: u32 },
    /// `extra` more on each of `days` consecutive weekdays, from a Monday.
    WeekdayExtra { extra: u32, days: u32 },
    /// The rate up `step` (0.1 = 10%) a day, compounding, for `days` days, then back.
    Ramp { step: f64, days: u32 },
    /// The rate times `factor` from one day on, for good.
    LevelShift { factor: f64 },
    /// A holiday: 10 days at a quarter of the rate, then 5 days at 1.75 times (catching up).
    HolidayDipRebound,
    /// Nothing injected, but a tenth of the days are missing at random and 14 in a row.
    MissingDays,
    /// A x3 for 7 days surge, and its first day revised upward by 5 after the first four
    /// days were evaluated.
    RevisedPastDay,
}

impl Scenario {
    /// Every scenario the bands are measured on.
    pub const ALL: [Scenario; 12] = [
        Scenario::Quiet,
        Scenario::Spike { extra: 3 },
        Scenario::Spike { extra: 5 },
        Scenario::Spike { extra: 10 },
        Scenario::Scale {
            factor: 2.0,
            days: 14,
        },
        Scenario::Scale {
            factor: 3.0,
            days: 7,
        },
        Scenario::WeekdayExtra { extra: 2, days: 5 },
        Scenario::Ramp {
            step: 0.1,
            days: 10,
        },
        Scenario::LevelShift { factor: 2.0 },
        Scenario::HolidayDipRebound,
        Scenario::MissingDays,
        Scenario::RevisedPastDay,
    ];

    pub fn label(self) -> String {
        match self {
            Scenario::Quiet => "none".into(),
            Scenario::Spike { extra } => format!("+{extra} one day"),
            Scenario::Scale { factor, days } => format!("x{factor} for {days} days"),
            Scenario::WeekdayExtra { extra, days } => format!("+{extra}/weekday {days} days"),
            Scenario::Ramp { step, days } => format!("+{}%/day ramp {days} d", step * 100.0),
            Scenario::LevelShift { factor } => format!("x{factor} level shift"),
            Scenario::HolidayDipRebound => "holiday dip+rebound".into(),
            Scenario::MissingDays => "missing days".into(),
            Scenario::RevisedPastDay => "revised past day".into(),
        }
    }

    /// Whether it injects a change to detect.
    pub fn has_surge(self) -> bool {
        !matches!(self, Scenario::Quiet | Scenario::MissingDays)
    }
}

/// One simulated app.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AppSpec {
    /// Mean count per day over a week.
    pub base_rate: f64,
    pub dispersion: Dispersion,
    pub scenario: Scenario,
    /// Days before the measured period (the detector's windows fill up).
    pub warmup_days: u32,
    pub measured_days: u32,
}

impl AppSpec {
    /// 84 days of warm-up and one measured year.
    pub fn year(base_rate: f64, dispersion: Dispersion, scenario: Scenario) -> Self {
        AppSpec {
            base_rate,
            dispersion,
            scenario,
            warmup_days: 84,
            measured_days: 365,
        }
    }
}

/// Where a surge was injected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Surge {
    pub start: Day,
    /// The last day it changed; for a level shift, the series' last day.
    pub end: Day,
    pub permanent: bool,
}

/// A past day's number replaced after it was first evaluated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision {
    /// The last finalized day of the evaluation that saw the first number.
    pub seen_through: Day,
    pub day: Day,
    pub count: Option<u32>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct SimulatedApp {
    /// The series as first reported (before any revision).
    pub series: Series,
    pub measured_from: Day,
    pub surge: Option<Surge>,
    pub revision: Option<Revision>,
}

/// Monday 2024-01-01, the first day of every simulated series.
pub fn first_day() -> Day {
    Day::from_ymd(2024, 1, 1).unwrap_or(Day(19_723))
}

/// Draws one app's series. The same spec and seed give the same series.
pub fn simulate(spec: &AppSpec, seed: u64) -> SimulatedApp {
    let mut rng = Rng::seeded(seed);
    let start = first_day();
    let warmup = spec.warmup_days as usize;
    let total = warmup + spec.measured_days as usize;
    let first_dow = (start.0 + 3).rem_euclid(7) as usize;
    let dow = |i: usize| (first_dow + i) % 7;

    // The surge starts in the measured period, with room after it to see it end.
    let room = total.saturating_sub(warmup + 7 + 42).max(1);
    let mut at = warmup + 7 + rng.below(room as u64) as usize;
    let mut multiplier = vec![1.0; total];
    let mut extra = vec![0u32; total];
    let span = |from: usize, days: usize| (from, (from + days).min(total) - 1);
    let surge = match spec.scenario {
        Scenario::Quiet | Scenario::MissingDays => None,
        Scenario::Spike { extra: e } => {
            extra[at] += e;
            Some(span(at, 1))
        }
        Scenario::Scale { factor, days } => {
            let (a, b) = span(at, days as usize);
            multiplier[a..=b].iter_mut().for_each(|m| *m = factor);
            Some((a, b))
        }
        Scenario::RevisedPastDay => {
            let (a, b) = span(at, 7);
            multiplier[a..=b].iter_mut().for_each(|m| *m = 3.0);
            Some((a, b))
        }
        Scenario::WeekdayExtra { extra: e, days } => {
            while dow(at) != 0 {
                at += 1;
            }
            let (mut i, mut left) = (at, days);
            while left > 0 && i < total {
                if dow(i) < 5 {
                    extra[i] += e;
                    left -= 1;
                }
                i += 1;
            }
            Some((at, i - 1))
        }
        Scenario::Ramp { step, days } => {
            let (a, b) = span(at, days as usize);
            for (k, m) in multiplier[a..=b].iter_mut().enumerate() {
                *m = (1.0 + step).powi(k as i32 + 1);
            }
            Some((a, b))
        }
        Scenario::LevelShift { factor } => {
            multiplier[at..].iter_mut().for_each(|m| *m = factor);
            Some((at, total - 1))
        }
        Scenario::HolidayDipRebound => {
            let (a, b) = span(at, 15);
            for (k, m) in multiplier[a..=b].iter_mut().enumerate() {
                *m = if k < 10 { 0.25 } else { 1.75 };
            }
            Some((a, b))
        }
    };

    let mut counts: Vec<Option<u32>> = (0..total)
        .map(|i| {
            let mean = spec.base_rate * WEEKDAY_PROFILE[dow(i)] * multiplier[i];
            let rate = match spec.dispersion {
                Dispersion::Poisson => mean,
                Dispersion::Gamma { shape } => mean * rng.gamma(shape) / shape,
            };
            Some(rng.poisson(rate) + extra[i])
        })
        .collect();

    if spec.scenario == Scenario::MissingDays {
        for c in counts.iter_mut() {
            if rng.below(10) == 0 {
                *c = None;
            }
        }
        let gap = warmup + rng.below(room as u64) as usize;
        counts[gap..(gap + 14).min(total)]
            .iter_mut()
            .for_each(|c| *c = None);
    }

    let day = |i: usize| start.plus(i as i32);
    let revision = match (spec.scenario, surge) {
        (Scenario::RevisedPastDay, Some((a, _))) => Some(Revision {
            seen_through: day(a + 3),
            day: day(a),
            count: counts[a].map(|c| c + 5),
        }),
        _ => None,
    };
    SimulatedApp {
        series: Series::new(start, counts),
        measured_from: day(warmup),
        surge: surge.map(|(a, b)| Surge {
            start: day(a),
            end: day(b),
            permanent: matches!(spec.scenario, Scenario::LevelShift { .. }),
        }),
        revision,
    }
}
