//! The simulator draws what it says: Poisson and Gamma-Poisson moments, the weekday profile,
//! the injected surge; and the series type keeps missing days missing.

use plumbline_domain::Day;
use plumbline_insight::Series;
use plumbline_insight::simulate::{
    AppSpec, Dispersion, Rng, Scenario, WEEKDAY_PROFILE, first_day, simulate,
};

fn moments(draws: &[f64]) -> (f64, f64) {
    let n = draws.len() as f64;
    let mean = draws.iter().sum::<f64>() / n;
    let var = draws.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (n - 1.0);
    (mean, var)
}

#[test]
fn poisson_and_gamma_poisson_draws_have_their_moments() {
    let mut rng = Rng::seeded(1);
    for mean in [0.1, 0.375, 3.75, 11.9, 12.5, 75.0] {
        let draws: Vec<f64> = (0..60_000).map(|_| f64::from(rng.poisson(mean))).collect();
        let (m, v) = moments(&draws);
        assert!((m - mean).abs() < 0.03 * mean + 0.01, "mean {mean}: {m}");
        assert!(
            (v - mean).abs() < 0.05 * mean + 0.01,
            "variance at {mean}: {v}"
        );
    }
    // Negative binomial with 1/r = 1/shape: variance mean + mean²/shape.
    for (mean, shape) in [(1.25, 4.0), (25.0, 4.0), (12.5, 10.0)] {
        let draws: Vec<f64> = (0..60_000)
            .map(|_| {
                let rate = mean * rng.gamma(shape) / shape;
                f64::from(rng.poisson(rate))
            })
            .collect();
        let (m, v) = moments(&draws);
        let want = mean + mean * mean / shape;
        assert!((m - mean).abs() < 0.03 * mean, "mean {mean}: {m}");
        assert!(
            (v - want).abs() < 0.08 * want,
            "variance {mean}/{shape}: {v} vs {want}"
        );
    }
}

#[test]
fn counts_follow_the_working_week_and_the_surge() {
    assert_eq!(first_day().to_string(), "2024-01-01");
    assert_eq!(first_day().week_start(), first_day(), "a Monday");
    let spec = AppSpec {
        base_rate: 10.0,
        dispersion: Dispersion::Poisson,
        scenario: Scenario::Scale {
            factor: 3.0,
            days: 7,
        },
        warmup_days: 84,
        measured_days: 3_000,
    };
    let sim = simulate(&spec, 3);
    let surge = sim.surge.expect("a surge");
    assert_eq!(surge.end.0 - surge.start.0, 6);
    let mut by_dow = [(0.0, 0.0); 7];
    for (day, count) in sim.series.iter() {
        if day < surge.start || day > surge.end {
            let d = (day.0 - first_day().0).rem_euclid(7) as usize;
            by_dow[d].0 += f64::from(count.unwrap_or(0));
            by_dow[d].1 += 1.0;
        }
    }
    for (d, (sum, n)) in by_dow.iter().enumerate() {
        let want = 10.0 * WEEKDAY_PROFILE[d];
        assert!(
            (sum / n - want).abs() < 0.05 * want,
            "weekday {d}: {}",
            sum / n
        );
    }
    let during: u32 = (0..7)
        .filter_map(|k| sim.series.get(surge.start.plus(k)))
        .sum();
    assert!(during > 150, "{during}");
}

#[test]
fn a_series_keeps_missing_days_missing() {
    let d = |n: i32| Day(20_000 + n);
    let mut s = Series::from_days([(d(3), Some(4)), (d(0), Some(1)), (d(3), Some(5))]);
    assert_eq!((s.start(), s.last_day(), s.len()), (d(0), Some(d(3)), 4));
    assert_eq!(s.counts(), &[Some(1), None, None, Some(5)]);
    s.set(d(-2), Some(0));
    s.set(d(5), None);
    assert_eq!(s.start(), d(-2));
    assert_eq!(s.get(d(-2)), Some(0));
    assert_eq!(s.get(d(1)), None);
    assert_eq!(s.get(d(9)), None);
    assert_eq!(s.last_day(), Some(d(5)));
    assert!(Series::from_days([]).is_empty());
}
