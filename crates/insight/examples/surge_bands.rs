//! The full grid of the surge detector's bands: 100 simulated app-years per cell, every base
//! rate x dispersion x injected surge, each measure with PASS/FAIL against the method's table;
//! then drops (the lower tail) for reference; then the time of one evaluation of 100 apps x 10
//! years.
//!
//! Run: `./scripts/bench-surge.sh` (or `cargo run --release -p plumbline-insight --example
//! surge_bands`). `APPS=20` runs fewer app-years per cell.

use std::time::{Duration, Instant};

use plumbline_insight::bands::{BASE_RATES, Cell, DISPERSIONS, Measures, measure, verdicts};
use plumbline_insight::simulate::{AppSpec, Dispersion, Scenario, simulate};
use plumbline_insight::{Config, Direction, evaluate};

const SEED: u64 = 0x5EED_2026;
/// The timing budget for 100 apps x 10 years.
const BUDGET: Duration = Duration::from_millis(200);

fn percent(v: Option<f64>) -> String {
    v.map_or("-".into(), |v| format!("{:.0}%", v * 100.0))
}

fn row(cell: &Cell, m: &Measures) -> (String, bool) {
    let checks = verdicts(cell, m);
    let failed = checks.iter().any(|v| !v.pass);
    let bands = checks
        .iter()
        .map(|v| {
            format!(
                "{} {} {}{} {}",
                v.band,
                if v.band.contains("delay") {
                    format!("{:.1}", v.value)
                } else if v.band.contains("false") {
                    format!("{:.2}", v.value)
                } else {
                    format!("{:.0}%", v.value * 100.0)
                },
                if v.at_most { "<=" } else { ">=" },
                if v.band.contains("false") || v.band.contains("delay") {
                    format!("{}", v.limit)
                } else {
                    format!("{:.0}%", v.limit * 100.0)
                },
                if v.pass { "PASS" } else { "FAIL" }
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    let surge = cell.scenario.has_surge();
    let line = format!(
        "{:>5} {:<8} {:<22} {:>6.2} {:>6} {:>6} {:>5} {:>8}  {}",
        cell.base_rate,
        cell.dispersion.label(),
        cell.scenario.label(),
        m.false_alerts_per_year(),
        if surge {
            percent(m.detection())
        } else {
            "".into()
        },
        if surge {
            percent(m.same_day_detection())
        } else {
            "".into()
        },
        if surge {
            m.median_delay().map_or("-".into(), |d| format!("{d:.1}"))
        } else {
            "".into()
        },
        if surge {
            format!("{}/{}", m.notified_once, m.notified)
        } else {
            "".into()
        },
        bands
    );
    (line, failed)
}

fn header() {
    println!(
        "{:>5} {:<8} {:<22} {:>6} {:>6} {:>6} {:>5} {:>8}  bands",
        "base", "disp.", "injected", "FA/yr", "det.", "same", "delay", "one/ntf"
    );
}

fn main() {
    let apps: u32 = std::env::var("APPS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(100);
    println!("Surge detector bands: {apps} simulated app-years per cell (seed {SEED:#x}).");
    println!(
        "FA/yr: episodes begun outside a surge's window per app-year; det.: an alert between \
         the surge's start and 7 days after its end; same: on its first day; delay: median \
         days to the first alert; one/ntf: surges notified exactly once / at least once.\n"
    );
    header();
    let started = Instant::now();
    let (mut cells, mut failures) = (0, Vec::new());
    for scenario in Scenario::ALL {
        for dispersion in DISPERSIONS {
            for base in BASE_RATES {
                let cell = Cell::rise(base, dispersion, scenario);
                let m = measure(&cell, apps, SEED);
                let (line, failed) = row(&cell, &m);
                println!("{line}");
                cells += 1;
                if failed {
                    failures.push(line);
                }
            }
        }
    }
    println!(
        "\n{cells} cells in {:.1} s; {} with a band failed.",
        started.elapsed().as_secs_f64(),
        failures.len()
    );
    for line in &failures {
        println!("FAIL: {line}");
    }

    println!("\nDrops (installations, listing views: the lower tail; the table has no bands):");
    header();
    for scenario in [
        Scenario::Quiet,
        Scenario::HolidayDipRebound,
        Scenario::Scale {
            factor: 0.5,
            days: 14,
        },
    ] {
        for dispersion in [DISPERSIONS[0], DISPERSIONS[2]] {
            for base in [1.0, 3.0, 10.0, 20.0] {
                let cell = Cell {
                    direction: Direction::Drop,
                    ..Cell::rise(base, dispersion, scenario)
                };
                println!("{}", row(&cell, &measure(&cell, apps, SEED)).0);
            }
        }
    }

    timing();
    if !failures.is_empty() {
        std::process::exit(1);
    }
}

/// One evaluation of 100 apps x 10 years (base rates 0.1 to 20, shape 10), best of 5 runs.
fn timing() {
    let series: Vec<_> = (0..100u32)
        .map(|i| {
            let spec = AppSpec {
                base_rate: BASE_RATES[1 + (i as usize % 6)],
                dispersion: Dispersion::Gamma { shape: 10.0 },
                scenario: Scenario::Quiet,
                warmup_days: 0,
                measured_days: 3_650,
            };
            simulate(&spec, u64::from(i)).series
        })
        .collect();
    let config = Config::default();
    let as_of = series[0]
        .last_day()
        .map_or(series[0].start(), |d| d.plus(2));
    let mut runs = Vec::new();
    let mut alerts = 0;
    for _ in 0..5 {
        let started = Instant::now();
        alerts = series
            .iter()
            .map(|s| evaluate(s, as_of, &config, Direction::Rise).alerts.len())
            .sum::<usize>();
        runs.push(started.elapsed());
    }
    runs.sort();
    let best = runs[0];
    println!(
        "\nTiming: one evaluation of 100 apps x 10 years (365,000 days, {alerts} alert days): \
         {:.1} ms (best of 5; median {:.1} ms); budget {} ms: {}",
        best.as_secs_f64() * 1e3,
        runs[2].as_secs_f64() * 1e3,
        BUDGET.as_millis(),
        if best < BUDGET { "PASS" } else { "FAIL" }
    );
}
