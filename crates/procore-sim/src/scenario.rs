//! Seeded, deterministic scenarios: the apps, the companies that install and uninstall them
//! over two years, and the reference data's deprecations.

use crate::rng::Rng;

pub const DAY: i64 = 86_400;
/// How much history a scenario has before its start time.
pub const HISTORY_DAYS: i64 = 730;

/// A Marketplace app as the simulator knows it: its OAuth client and its installations.
#[derive(Debug, Clone)]
pub struct SimApp {
    pub name: String,
    pub client_id: String,
    pub client_secret: String,
    /// Service-account (DMSA) apps may use the client-credentials grant and list the
    /// companies where they are installed.
    pub service_account: bool,
    pub redirect_uris: Vec<String>,
    /// Install and uninstall events, ordered by time.
    pub events: Vec<InstallEvent>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InstallEvent {
    pub at: i64,
    pub company: usize,
    pub installed: bool,
}

#[derive(Debug, Clone)]
pub struct Company {
    pub id: i64,
    pub name: String,
    pub is_active: bool,
}

/// One operation of the reference data, with the scenario's dates.
#[derive(Debug, Clone)]
pub struct Operation {
    pub method: String,
    pub path: String,
    pub deprecated_at: Option<i64>,
    pub sunset: Option<i64>,
}

#[derive(Debug, Clone)]
pub struct Scenario {
    pub name: String,
    pub seed: u64,
    pub start: i64,
    pub apps: Vec<SimApp>,
    pub companies: Vec<Company>,
    /// The reference data as first published (index 0) and as revised (index 1): the revision
    /// moves one sunset date earlier and deprecates one more operation, as Procore's dates
    /// move in practice (and sometimes with short notice).
    pub reference: [Vec<Operation>; 2],
    /// When each reference version was published.
    pub reference_published: [i64; 2],
    /// The operation whose sunset moves earlier between the two versions.
    pub moved_sunset: (String, String),
    /// The operation the revision deprecates (`GET /rest/v1.0/projects/{project_id}/rfis`).
    pub new_deprecation: (String, String),
}

/// The redirect URIs every scenario app registers: Procore's default `http://localhost`, the
/// fixed loopback port Plumbline listens on, and the out-of-band page.
pub fn default_redirect_uris() -> Vec<String> {
    vec![
        "http://localhost".into(),
        format!(
            "http://127.0.0.1:{}/callback",
            crate::PLUMBLINE_REDIRECT_PORT
        ),
        crate::OOB_REDIRECT_URI.into(),
    ]
}

const OPERATIONS_TSV: &str = include_str!("../data/procore-operations-2024-10.tsv");

/// Monday is 0. The Unix epoch fell on a Thursday.
pub fn weekday(unix: i64) -> i64 {
    (unix.div_euclid(DAY) + 3).rem_euclid(7)
}

struct AppPlan {
    name: &'static str,
    service_account: bool,
    /// Mean installs on a working day.
    installs_per_weekday: f64,
    /// Daily chance that an installed company uninstalls.
    uninstall_rate: f64,
    /// Days before the start when a week-long uninstall surge began, if any.
    surge_days_ago: Option<i64>,
}

const DEMO_PLANS: &[AppPlan] = &[
    AppPlan {
        name: "Site Diary Sync",
        service_account: true,
        installs_per_weekday: 1.1,
        uninstall_rate: 0.0012,
        surge_days_ago: None,
    },
    AppPlan {
        name: "Punch List Pro",
        service_account: true,
        installs_per_weekday: 0.8,
        uninstall_rate: 0.0010,
        // Recent enough that the demo's first start notifies it: alerts are news for a week.
        surge_days_ago: Some(5),
    },
    AppPlan {
        name: "Concrete Pour Tracker",
        service_account: true,
        installs_per_weekday: 0.25,
        uninstall_rate: 0.0015,
        surge_days_ago: None,
    },
    AppPlan {
        name: "Federal Timesheets",
        service_account: false,
        installs_per_weekday: 0.3,
        uninstall_rate: 0.0008,
        surge_days_ago: None,
    },
];

/// The scenarios `plumbline sim serve --scenario` knows: `demo` (four apps, two years of
/// history, a surge), `large` (one app installed in `companies` companies), `fleet` (twenty
/// service-account apps, for scheduling benchmarks).
pub const SCENARIOS: &[&str] = &["demo", "large", "fleet"];

/// The apps of the `fleet` scenario: service-account apps of different sizes.
fn fleet_plans() -> Vec<AppPlan> {
    const NAMES: [&str; 20] = [
        "Daily Log Bridge",
        "RFI Router",
        "Submittal Sync",
        "Crew Clock",
        "Safety Pulse",
        "Bid Board Link",
        "Drawing Drop",
        "Budget Mirror",
        "Invoice Relay",
        "Photo Vault",
        "Punch Runner",
        "Meeting Minutes",
        "Weather Watch",
        "Equipment Track",
        "Permit Pilot",
        "Change Order Hub",
        "Schedule Sync",
        "Timecard Bridge",
        "Material Ledger",
        "Closeout Kit",
    ];
    NAMES
        .iter()
        .enumerate()
        .map(|(i, &name)| AppPlan {
            name,
            service_account: true,
            installs_per_weekday: 0.2 + (i % 5) as f64 * 0.3,
            uninstall_rate: 0.001,
            surge_days_ago: None,
        })
        .collect()
}

impl Scenario {
    /// Builds a scenario. `start` is the simulated "now" when the simulator starts (Unix
    /// seconds); history runs two years back from it. `companies` sizes the "large" scenario.
    pub fn build(name: &str, seed: u64, start: i64, companies: usize) -> Result<Self, String> {
        let mut rng = Rng::new(seed);
        let pool = match name {
            "demo" | "fleet" => 2_600,
            "large" => companies.max(1) + 400,
            other => {
                return Err(format!(
                    "unknown scenario {other:?}: use one of {}",
                    SCENARIOS.join(", ")
                ));
            }
        };
        let companies = company_pool(&mut rng, pool);
        let apps = match name {
            "demo" => DEMO_PLANS
                .iter()
                .map(|plan| plan_app(&mut rng, plan, start, &companies))
                .collect(),
            "fleet" => fleet_plans()
                .iter()
                .map(|plan| plan_app(&mut rng, plan, start, &companies))
                .collect(),
            _ => vec![large_app(
                &mut rng,
                start,
                companies.len(),
                companies.len() - 400,
            )],
        };
        let (reference, moved_sunset, new_deprecation) = reference_versions(&mut rng, start);
        Ok(Self {
            name: name.to_owned(),
            seed,
            start,
            apps,
            companies,
            reference,
            reference_published: [start - 20 * DAY, start + 3 * DAY],
            moved_sunset,
            new_deprecation,
        })
    }

    /// Indices of the companies where `app` is installed at `at`, ascending by company id.
    pub fn installed_at(&self, app: &SimApp, at: i64) -> Vec<usize> {
        let mut installed = std::collections::BTreeSet::new();
        for event in app.events.iter().take_while(|e| e.at <= at) {
            if event.installed {
                installed.insert(event.company);
            } else {
                installed.remove(&event.company);
            }
        }
        let mut ids: Vec<usize> = installed.into_iter().collect();
        ids.sort_by_key(|&c| self.companies[c].id);
        ids
    }

    /// The reference version in force at `at`.
    pub fn reference_version(&self, at: i64) -> usize {
        usize::from(at >= self.reference_published[1])
    }
}

fn company_pool(rng: &mut Rng, n: usize) -> Vec<Company> {
    const FIRST: &[&str] = &[
        "Granite",
        "Summit",
        "Keystone",
        "Harbor",
        "Ironwood",
        "Cedar",
        "Blue Ridge",
        "Northgate",
        "Riverbend",
        "Pioneer",
        "Lakeshore",
        "Redstone",
        "Silver Creek",
        "Oakline",
        "Prairie",
        "Coastal",
        "Highland",
        "Union",
        "Meridian",
        "Evergreen",
    ];
    const SECOND: &[&str] = &[
        "Builders",
        "Construction",
        "Contracting",
        "Constructors",
        "Civil",
        "Builders Group",
        "Development",
        "Mechanical",
        "Electric",
        "Concrete",
        "Steel",
        "Roofing",
        "Site Works",
        "Interiors",
        "Infrastructure",
    ];
    const SUFFIX: &[&str] = &["Inc.", "LLC", "Co.", "Ltd.", "Group", "Partners", ""];
    (0..n)
        .map(|i| {
            let name = format!(
                "{} {} {}",
                rng.pick(FIRST),
                rng.pick(SECOND),
                rng.pick(SUFFIX)
            );
            Company {
                // Procore ids are large and sparse; keep them 64-bit and increasing.
                id: 562_949_953_420_000 + i as i64 * 37 + rng.below(30) as i64,
                name: name.trim_end().to_owned(),
                is_active: !rng.chance(0.03),
            }
        })
        .collect()
}

fn credentials(rng: &mut Rng, name: &str) -> (String, String) {
    let slug: String = name
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join("-");
    // Test values, generated per seed: never real credentials.
    (
        format!("sim-{slug}-{}", rng.hex(8)),
        format!("sim-secret-{}", rng.hex(20)),
    )
}

fn plan_app(rng: &mut Rng, plan: &AppPlan, start: i64, companies: &[Company]) -> SimApp {
    let (client_id, client_secret) = credentials(rng, plan.name);
    let first_day = start.div_euclid(DAY) * DAY - HISTORY_DAYS * DAY;
    let mut installed: Vec<usize> = Vec::new();
    let mut events = Vec::new();
    for day in 0..=HISTORY_DAYS {
        let midnight = first_day + day * DAY;
        let weekend = weekday(midnight) >= 5;
        // Growth: newer apps are found more often as the listing gathers reviews.
        let growth = 0.6 + 0.8 * day as f64 / HISTORY_DAYS as f64;
        let mean = plan.installs_per_weekday * growth * if weekend { 0.15 } else { 1.0 };
        let surge = plan
            .surge_days_ago
            .is_some_and(|ago| (HISTORY_DAYS - ago..HISTORY_DAYS - ago + 5).contains(&day));
        let uninstall_rate =
            plan.uninstall_rate * if surge { 18.0 } else { 1.0 } * if weekend { 0.3 } else { 1.0 };
        // Working hours, UTC-ish: 13:00 to 23:00.
        let at = |rng: &mut Rng| midnight + 13 * 3600 + rng.below(10 * 3600) as i64;
        let mut today = Vec::new();
        installed.retain(|&c| {
            let leaves = rng.chance(uninstall_rate);
            if leaves {
                today.push(InstallEvent {
                    at: at(rng),
                    company: c,
                    installed: false,
                });
            }
            !leaves
        });
        for _ in 0..rng.poisson(mean) {
            let company = rng.below(companies.len() as u64) as usize;
            if !installed.contains(&company) {
                installed.push(company);
                today.push(InstallEvent {
                    at: at(rng),
                    company,
                    installed: true,
                });
            }
        }
        today.sort_by_key(|e| e.at);
        // Events after the start time are not history yet; they never happen.
        events.extend(today.into_iter().filter(|e| e.at <= start));
    }
    SimApp {
        name: plan.name.to_owned(),
        client_id,
        client_secret,
        service_account: plan.service_account,
        redirect_uris: default_redirect_uris(),
        events,
    }
}

/// One service-account app installed in exactly `target` companies at the start.
fn large_app(rng: &mut Rng, start: i64, pool: usize, target: usize) -> SimApp {
    let (client_id, client_secret) = credentials(rng, "Bulk Installer");
    let first = start - HISTORY_DAYS * DAY;
    let mut events: Vec<InstallEvent> = (0..target)
        .map(|company| InstallEvent {
            at: first + rng.below((HISTORY_DAYS - 1) as u64 * DAY as u64) as i64,
            company,
            installed: true,
        })
        .collect();
    // Some companies came and went.
    for company in target..pool {
        let at = first + rng.below((HISTORY_DAYS - 2) as u64 * DAY as u64) as i64;
        events.push(InstallEvent {
            at,
            company,
            installed: true,
        });
        events.push(InstallEvent {
            at: at + DAY,
            company,
            installed: false,
        });
    }
    events.sort_by_key(|e| e.at);
    SimApp {
        name: "Bulk Installer".into(),
        client_id,
        client_secret,
        service_account: true,
        redirect_uris: default_redirect_uris(),
        events,
    }
}

type Revisions = ([Vec<Operation>; 2], (String, String), (String, String));

fn reference_versions(rng: &mut Rng, start: i64) -> Revisions {
    // Deprecation dates are drawn relative to the start, so a scenario's routes stand in the
    // same relation to its "today" whenever it runs: a demo started today and one started
    // next month call the same routes past their sunsets and raise the same alerts.
    let spread = 1_800 * DAY;
    let mut v1: Vec<Operation> = OPERATIONS_TSV
        .lines()
        .skip(1)
        .filter_map(|line| {
            let mut cols = line.split('\t');
            let (method, path, deprecated) = (cols.next()?, cols.next()?, cols.next()?);
            let deprecated_at = (deprecated == "true").then(|| {
                (start - 60 * DAY - rng.below(spread as u64) as i64).div_euclid(DAY) * DAY
            });
            // A third of the deprecations have a published sunset, a year after deprecation.
            let sunset = deprecated_at
                .filter(|_| rng.chance(0.34))
                .map(|d| d + 365 * DAY);
            Some(Operation {
                method: method.to_owned(),
                path: path.to_owned(),
                deprecated_at,
                sunset,
            })
        })
        .collect();
    // Make sure one deprecation has a sunset still ahead, and move it earlier in the revision.
    let index = v1
        .iter()
        .position(|op| op.deprecated_at.is_some())
        .unwrap_or(0);
    let today = start.div_euclid(DAY) * DAY;
    let upcoming = today + 75 * DAY;
    v1[index].deprecated_at.get_or_insert(start - 290 * DAY);
    v1[index].sunset = Some(upcoming);
    let mut v2 = v1.clone();
    v2[index].sunset = Some(upcoming - 30 * DAY);
    // The revision deprecates a route every RFI integration calls, with six months' notice.
    let fresh = v1
        .iter()
        .position(|op| op.method == "GET" && op.path == NEWLY_DEPRECATED)
        .or_else(|| v1.iter().position(|op| op.deprecated_at.is_none()))
        .unwrap_or(0);
    v2[fresh].deprecated_at = Some(today + 3 * DAY);
    v2[fresh].sunset = Some(today + 183 * DAY);
    let moved = (v1[index].method.clone(), v1[index].path.clone());
    let newly = (v1[fresh].method.clone(), v1[fresh].path.clone());
    ([v1, v2], moved, newly)
}

/// The operation the reference's revision deprecates.
const NEWLY_DEPRECATED: &str = "/rest/v1.0/projects/{project_id}/rfis";

#[cfg(test)]
mod tests {
    use super::*;

    const START: i64 = 1_795_000_000; // 2026-11-18

    #[test]
    fn scenarios_are_deterministic() {
        let a = Scenario::build("demo", 42, START, 0).unwrap();
        let b = Scenario::build("demo", 42, START, 0).unwrap();
        assert_eq!(a.apps[0].client_id, b.apps[0].client_id);
        assert_eq!(a.apps[1].events, b.apps[1].events);
        let c = Scenario::build("demo", 43, START, 0).unwrap();
        assert_ne!(a.apps[1].events, c.apps[1].events);
    }

    #[test]
    fn demo_has_two_years_of_weekday_heavy_history_and_a_surge() {
        let s = Scenario::build("demo", 1, START, 0).unwrap();
        let app = &s.apps[0];
        let first = app.events.first().unwrap().at;
        assert!(START - first > 700 * DAY, "history starts two years back");
        let installs: Vec<_> = app.events.iter().filter(|e| e.installed).collect();
        let weekend = installs.iter().filter(|e| weekday(e.at) >= 5).count();
        assert!(installs.len() > 300, "{}", installs.len());
        assert!(
            weekend * 10 < installs.len(),
            "installs follow a working week: {weekend} of {}",
            installs.len()
        );

        // Punch List Pro loses far more companies in its surge week than in an ordinary week.
        let punch = &s.apps[1];
        let week = |from_days_ago: i64| {
            punch
                .events
                .iter()
                .filter(|e| {
                    !e.installed
                        && e.at > START - from_days_ago * DAY
                        && e.at <= START - (from_days_ago - 7) * DAY
                })
                .count()
        };
        let surge = week(6);
        let ordinary = week(120);
        assert!(
            surge >= 5 * ordinary.max(1),
            "surge {surge} vs ordinary {ordinary}"
        );
        assert!(!s.apps[3].service_account);
    }

    #[test]
    fn large_scenario_has_exactly_the_companies_asked_for() {
        let s = Scenario::build("large", 1, START, 2_000).unwrap();
        assert_eq!(s.installed_at(&s.apps[0], START).len(), 2_000);
    }

    #[test]
    fn a_sunset_moves_between_reference_versions() {
        let s = Scenario::build("demo", 1, START, 0).unwrap();
        let (method, path) = &s.moved_sunset;
        let find = |v: usize| {
            s.reference[v]
                .iter()
                .find(|o| &o.method == method && &o.path == path)
                .unwrap()
                .sunset
        };
        assert!(
            find(0).is_some() && find(1) < find(0),
            "the sunset moves earlier"
        );
        let (method, path) = &s.new_deprecation;
        let deprecated = |v: usize| {
            s.reference[v]
                .iter()
                .find(|o| &o.method == method && &o.path == path)
                .unwrap()
                .deprecated_at
        };
        assert_eq!(path, "/rest/v1.0/projects/{project_id}/rfis");
        assert!(deprecated(0).is_none() && deprecated(1).is_some());
        assert_eq!(s.reference[0].len(), 1_957);
        assert_eq!(
            s.reference[0]
                .iter()
                .filter(|o| o.deprecated_at.is_some())
                .count(),
            94
        );
        assert_eq!(s.reference_version(START), 0);
        assert_eq!(s.reference_version(START + 4 * DAY), 1);
    }

    #[test]
    fn unknown_scenario_is_refused_with_the_choices() {
        assert!(
            Scenario::build("moon", 1, START, 0)
                .unwrap_err()
                .contains("demo, large")
        );
    }
}
