//! The CSV files the Developer Portal would let a partner download for a scenario's app: the
//! Metrics tab's export and the Integration Health tab's API Call Activity Report. Their
//! shapes follow what Procore documents (see `../shared/procore-platform.md` §1): a 2022-era
//! metrics export (a daily `Date, Marketplace Visits, Installations` table and an
//! INSTALLED/UNINSTALLED activity list), and `Date, Response Code, HTTP Method, Normalized
//! Route, Count` for the last 30 days.

use std::fmt::Write;

use crate::date::ymd;
use crate::scenario::{DAY, HISTORY_DAYS, Scenario, weekday};

/// A deterministic number in [0, 1) for a key: the same scenario always exports the same file.
fn noise(seed: u64, app: usize, day: i64, salt: u64) -> f64 {
    let mut z = seed
        ^ (app as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
        ^ (day as u64).wrapping_mul(0xBF58_476D_1CE4_E5B9)
        ^ salt.wrapping_mul(0x94D0_49BB_1331_11EB);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^= z >> 31;
    (z >> 11) as f64 / (1u64 << 53) as f64
}

/// A CSV cell: quoted when it holds a comma, a quote or a line break.
fn cell(text: &str) -> String {
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text.to_owned()
    }
}

/// The metrics export of app `app` as the portal would give it at `now` (Unix seconds): every
/// day of the scenario's history up to yesterday.
pub fn metrics_export(scenario: &Scenario, app: usize, now: i64) -> String {
    let Some(sim_app) = scenario.apps.get(app) else {
        return String::new();
    };
    let first = scenario.start.div_euclid(DAY) - HISTORY_DAYS;
    let last = now.div_euclid(DAY) - 1;
    let days = (last - first + 1).max(0) as usize;
    let mut installs = vec![0u32; days];
    for e in sim_app.events.iter().filter(|e| e.installed) {
        let index = e.at.div_euclid(DAY) - first;
        if (0..days as i64).contains(&index) {
            installs[index as usize] += 1;
        }
    }
    // A listing is found by a steady trickle of visitors, more on working days, and each
    // installation follows a couple of dozen visits.
    let popularity = sim_app.events.len() as f64 / HISTORY_DAYS as f64;
    let mut out = String::from("Date,Marketplace Visits,Installations\n");
    for (i, &count) in installs.iter().enumerate() {
        let day = first + i as i64;
        let working = weekday(day * DAY) < 5;
        let base = (8.0 + 30.0 * popularity) * if working { 1.0 } else { 0.3 };
        let views =
            base * (0.7 + 0.6 * noise(scenario.seed, app, day, 1)) + 22.0 * f64::from(count);
        let _ = writeln!(out, "{},{},{count}", ymd(day * DAY), views.round() as u64);
    }
    out.push_str("\nActivity\nDate,Company,Event\n");
    for e in &sim_app.events {
        let day = e.at.div_euclid(DAY);
        if day < first || day > last {
            continue;
        }
        let company = scenario
            .companies
            .get(e.company)
            .map_or("", |c| c.name.as_str());
        let event = if e.installed {
            "INSTALLED"
        } else {
            "UNINSTALLED"
        };
        let _ = writeln!(out, "{},{},{event}", ymd(e.at), cell(company));
    }
    out
}

/// Procore's report writes routes without `/rest` and with `:name` parameters.
fn normalized(path: &str) -> String {
    let path = path.strip_prefix("/rest").unwrap_or(path);
    path.split('/')
        .map(
            |part| match part.strip_prefix('{').and_then(|p| p.strip_suffix('}')) {
                Some(name) => format!(":{name}"),
                None => part.to_owned(),
            },
        )
        .collect::<Vec<_>>()
        .join("/")
}

/// The API Call Activity Report of app `app` at `now`: the last 30 days of calls to a dozen
/// routes (one deprecated in the reference data, one deprecated by its revision), mostly 200s with some 4xx and 429s.
pub fn api_activity_report(scenario: &Scenario, app: usize, now: i64) -> String {
    let operations = &scenario.reference[0];
    if operations.is_empty() || app >= scenario.apps.len() {
        return String::new();
    }
    let mut routes: Vec<usize> = (0..12)
        .map(|k| (noise(scenario.seed, app, k, 2) * operations.len() as f64) as usize)
        .collect();
    // The route whose sunset the revision moves, and the one it deprecates: the demo's
    // Deprecations tab counts down on real calls.
    for (slot, (method, path)) in [&scenario.moved_sunset, &scenario.new_deprecation]
        .into_iter()
        .enumerate()
    {
        if let Some(found) = operations
            .iter()
            .position(|op| &op.method == method && &op.path == path)
        {
            routes[slot] = found;
        }
    }
    routes.sort_unstable();
    routes.dedup();
    let mut out = String::from("Date,Response Code,HTTP Method,Normalized Route,Count\n");
    let today = now.div_euclid(DAY);
    for day in today - 30..today {
        let working = weekday(day * DAY) < 5;
        for (k, &route) in routes.iter().enumerate() {
            let op = &operations[route];
            let volume = (20.0 + 400.0 * noise(scenario.seed, app, k as i64, 3))
                * if working { 1.0 } else { 0.2 };
            let calls =
                (volume * (0.8 + 0.4 * noise(scenario.seed, app, day * 16 + k as i64, 4))) as u64;
            let path = cell(&normalized(&op.path));
            let failed =
                (calls as f64 * 0.02 * noise(scenario.seed, app, day * 16 + k as i64, 5)) as u64;
            let throttled = if k % 5 == 0 { calls / 50 } else { 0 };
            for (status, count) in [(200, calls), (404, failed), (429, throttled)] {
                if count > 0 {
                    let _ = writeln!(
                        out,
                        "{},{status},{},{path},{count}",
                        ymd(day * DAY),
                        op.method
                    );
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_are_written_as_the_portal_normalizes_them() {
        assert_eq!(
            normalized("/rest/v1.0/projects/{project_id}/observations"),
            "/v1.0/projects/:project_id/observations"
        );
    }

    #[test]
    fn exports_are_deterministic_and_cover_the_history() {
        let start = 1_795_000_000;
        let s = Scenario::build("demo", 7, start, 0).unwrap_or_else(|e| panic!("{e}"));
        let a = metrics_export(&s, 0, start);
        assert_eq!(a, metrics_export(&s, 0, start));
        let daily_rows = a.lines().skip(1).take_while(|l| !l.is_empty()).count();
        assert_eq!(daily_rows as i64, HISTORY_DAYS);
        let installs: u64 = a
            .lines()
            .skip(1)
            .take_while(|l| !l.is_empty())
            .filter_map(|l| l.rsplit(',').next()?.parse::<u64>().ok())
            .sum();
        let listed = a.lines().filter(|l| l.ends_with(",INSTALLED")).count() as u64;
        assert_eq!(installs, listed, "the table and the activity list agree");
        let report = api_activity_report(&s, 0, start);
        assert!(report.lines().count() > 300, "{}", report.lines().count());
    }
}
