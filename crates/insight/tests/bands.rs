//! A small grid of the method's bands, on the simulator (the full grid is
//! `examples/surge_bands.rs`). Each cell is held to the bands of the method's table that apply
//! to it, with the same definitions the full grid prints.

use plumbline_insight::bands::{Cell, Measures, measure, verdicts};
use plumbline_insight::simulate::{Dispersion, Scenario};

const SEED: u64 = 0x5EED_2026;
const APPS: u32 = 100;

const POISSON: Dispersion = Dispersion::Poisson;
const SHAPE_4: Dispersion = Dispersion::Gamma { shape: 4.0 };

fn check(cells: &[(f64, Dispersion, Scenario)]) {
    let mut report = Vec::new();
    let mut failed = false;
    for &(base, dispersion, scenario) in cells {
        let cell = Cell::rise(base, dispersion, scenario);
        let m: Measures = measure(&cell, APPS, SEED);
        let checks = verdicts(&cell, &m);
        assert!(!checks.is_empty(), "no band applies to {cell:?}");
        for v in checks {
            failed |= !v.pass;
            report.push(format!(
                "{base:>4} {:<8} {:<16} {:<28} {:>7.3} {} {} {}",
                dispersion.label(),
                scenario.label(),
                v.band,
                v.value,
                if v.at_most { "<=" } else { ">=" },
                v.limit,
                if v.pass { "PASS" } else { "FAIL" }
            ));
        }
    }
    assert!(!failed, "bands:\n{}", report.join("\n"));
}

#[test]
fn false_alerts_poisson_at_most_half_a_year() {
    check(&[0.0, 0.1, 0.3, 1.0, 3.0, 10.0, 20.0].map(|b| (b, POISSON, Scenario::Quiet)));
}

#[test]
fn false_alerts_shape_4_at_most_one_and_a_half_a_year() {
    check(&[0.1, 0.3, 1.0, 3.0, 10.0, 20.0].map(|b| (b, SHAPE_4, Scenario::Quiet)));
}

#[test]
fn ten_in_one_day_at_low_volume_is_seen_that_day() {
    let spike = Scenario::Spike { extra: 10 };
    check(&[
        (0.1, POISSON, spike),
        (0.3, POISSON, spike),
        (1.0, POISSON, spike),
        (1.0, SHAPE_4, spike),
    ]);
}

#[test]
fn three_times_for_a_week_is_seen_within_two_days() {
    let triple = Scenario::Scale {
        factor: 3.0,
        days: 7,
    };
    check(&[
        (3.0, POISSON, triple),
        (10.0, POISSON, triple),
        (20.0, POISSON, triple),
        (3.0, SHAPE_4, triple),
    ]);
}

#[test]
fn each_surge_is_notified_once() {
    let doubled = Scenario::Scale {
        factor: 2.0,
        days: 14,
    };
    check(&[
        (3.0, POISSON, doubled),
        (3.0, POISSON, Scenario::LevelShift { factor: 2.0 }),
        (10.0, SHAPE_4, Scenario::LevelShift { factor: 2.0 }),
        (3.0, POISSON, Scenario::RevisedPastDay),
        (10.0, POISSON, Scenario::HolidayDipRebound),
        (
            3.0,
            POISSON,
            Scenario::Ramp {
                step: 0.1,
                days: 10,
            },
        ),
    ]);
}
