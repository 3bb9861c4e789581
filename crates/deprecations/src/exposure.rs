//! Exposure: each route an app uses, met with what the reference says about it. A pure
//! function of the reference, the uses and the day, so the CI gate (files only), the store's
//! views and the tests compute it the same way.

use std::collections::{BTreeMap, HashMap};

use plumbline_domain::{DateChange, Day, OperationFacts, UseSource};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::route::RouteKey;

/// Where a route stands today.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum RouteStatus {
    /// Its sunset date has passed: it no longer answers in production.
    Sunset,
    Deprecated,
    /// Not in the reference: a typo, a private route, or one already removed.
    Unknown,
    Active,
}

impl RouteStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            RouteStatus::Sunset => "sunset",
            RouteStatus::Deprecated => "deprecated",
            RouteStatus::Unknown => "unknown",
            RouteStatus::Active => "active",
        }
    }
}

/// One place a use of a route was seen.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SeenIn {
    pub source: UseSource,
    /// Source file (scan), relative to the scanned folder.
    pub file: Option<String>,
    pub line: Option<u32>,
    /// Calls in the activity reports (last 30 days before today).
    #[ts(type = "number | null")]
    pub calls: Option<u64>,
    pub last_called: Option<Day>,
    /// The scanned folder, for a scan.
    pub root: Option<String>,
    /// The call in the source did not show its method: the use is matched to every method
    /// of the path.
    pub method_guessed: bool,
}

impl SeenIn {
    /// A call found in source code: `file` relative to the scanned folder `root`.
    pub fn scanned(file: String, line: u32, root: String) -> Self {
        Self {
            source: UseSource::Scan,
            file: Some(file),
            line: Some(line),
            calls: None,
            last_called: None,
            root: Some(root),
            method_guessed: false,
        }
    }

    fn headers() -> Self {
        Self {
            source: UseSource::Headers,
            file: None,
            line: None,
            calls: None,
            last_called: None,
            root: None,
            method_guessed: false,
        }
    }
}

/// One use of a route, as a source saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteUse {
    /// `None` when the source does not show the method (a scan of an unusual client).
    pub method: Option<String>,
    pub path: String,
    pub seen: SeenIn,
}

/// Daily calls of one route, from the activity reports.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct RouteCalls {
    /// `(day, calls)`, any order.
    pub days: Vec<(Day, u64)>,
}

/// What `Deprecation`/`Sunset` headers said about a route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeaderFacts {
    pub method: String,
    pub path: String,
    pub deprecated: bool,
    pub deprecated_at: Option<Day>,
    pub sunset: Option<Day>,
    pub link: Option<String>,
}

/// The reference as exposure needs it: facts and their history by route.
#[derive(Debug, Default)]
pub struct ReferenceIndex {
    by_key: HashMap<RouteKey, usize>,
    by_path: HashMap<String, Vec<usize>>,
    entries: Vec<(RouteKey, OperationFacts, Vec<DateChange>)>,
}

impl ReferenceIndex {
    pub fn new(entries: Vec<(RouteKey, OperationFacts, Vec<DateChange>)>) -> Self {
        let mut index = Self::default();
        for (i, (key, _, _)) in entries.iter().enumerate() {
            index.by_key.insert(key.clone(), i);
            index
                .by_path
                .entry(key.path().to_owned())
                .or_default()
                .push(i);
        }
        index.entries = entries;
        index
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    pub fn get(&self, key: &RouteKey) -> Option<&OperationFacts> {
        self.by_key.get(key).map(|&i| &self.entries[i].1)
    }

    /// Every operation the use may be: the one of its method, or all of its path's when the
    /// method is not known.
    fn candidates(&self, method: Option<&str>, key: &RouteKey) -> Vec<usize> {
        match method {
            Some(_) => self.by_key.get(key).map(|&i| vec![i]).unwrap_or_default(),
            None => self.by_path.get(key.path()).cloned().unwrap_or_default(),
        }
    }
}

/// One used route and everything known about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RouteExposure {
    /// Upper case; `*` for an unknown route whose method no source showed.
    pub method: String,
    /// The reference's template, or the normalized path of an unknown route.
    pub path: String,
    /// The normalized route: `GET /rest/v1.0/projects/{}/rfis`.
    pub route: String,
    pub status: RouteStatus,
    pub summary: Option<String>,
    pub deprecated_at: Option<Day>,
    pub sunset: Option<Day>,
    /// Negative once the sunset has passed.
    pub days_left: Option<i32>,
    /// How the reference's dates for it changed, oldest first.
    pub history: Vec<DateChange>,
    #[ts(type = "number")]
    pub calls_30d: u64,
    pub last_called: Option<Day>,
    /// Calls per day over the 30 days ending today, oldest first (for a sparkline).
    #[ts(type = "number[]")]
    pub daily_calls: Vec<u64>,
    pub seen_in: Vec<SeenIn>,
    /// Procore's page about it.
    pub link: Option<String>,
    /// The operation that replaces it, where the reference names one.
    pub replacement: Option<String>,
}

impl RouteExposure {
    /// Whether the CI gate fails on it: a sunset within `fail_within` days (or past), or any
    /// deprecation when `fail_on_deprecated`.
    pub fn failing(&self, fail_within: i32, fail_on_deprecated: bool) -> bool {
        self.days_left.is_some_and(|d| d <= fail_within)
            || (fail_on_deprecated
                && matches!(self.status, RouteStatus::Deprecated | RouteStatus::Sunset))
    }

    /// Most urgent first: past sunsets, then the nearest sunsets, deprecations, unknown
    /// routes, active ones.
    fn urgency(&self) -> (u8, i32, &str, &str) {
        let rank = match (self.status, self.days_left) {
            (RouteStatus::Sunset, _) => 0,
            (RouteStatus::Deprecated, Some(_)) => 1,
            (RouteStatus::Deprecated, None) => 2,
            (RouteStatus::Unknown, Some(_)) => 1,
            (RouteStatus::Unknown, None) => 3,
            (RouteStatus::Active, _) => 4,
        };
        (
            rank,
            self.days_left.unwrap_or(i32::MAX),
            &self.path,
            &self.method,
        )
    }
}

/// The days of the activity window: the 30 days ending `today`.
pub const CALL_WINDOW_DAYS: i32 = 30;

/// Activity rows `(method, route, day, calls)` (one report's, or the store's) as uses, one per
/// route with its calls over the window ending `today` and its last call, and as daily calls
/// by route for the sparkline. `report` names the file a use was seen in, if any.
pub fn activity_uses<'a>(
    rows: impl IntoIterator<Item = (&'a str, &'a str, Day, u64)>,
    report: Option<&str>,
    today: Day,
    uses: &mut Vec<RouteUse>,
    calls: &mut HashMap<RouteKey, RouteCalls>,
) {
    let from = today.plus(-(CALL_WINDOW_DAYS - 1));
    /// One route as the report spells it, and its days.
    struct Spelled<'a> {
        method: &'a str,
        route: &'a str,
        days: Vec<(Day, u64)>,
    }
    let mut routes: BTreeMap<RouteKey, Spelled<'a>> = BTreeMap::new();
    for (method, route, day, count) in rows {
        if let Ok(key) = RouteKey::new(method, route) {
            routes
                .entry(key)
                .or_insert_with(|| Spelled {
                    method,
                    route,
                    days: Vec::new(),
                })
                .days
                .push((day, count));
        }
    }
    for (
        key,
        Spelled {
            method,
            route,
            days,
        },
    ) in routes
    {
        let window = days
            .iter()
            .filter(|(d, _)| *d >= from && *d <= today)
            .map(|(_, c)| c)
            .sum();
        uses.push(RouteUse {
            method: Some(method.to_owned()),
            path: route.to_owned(),
            seen: SeenIn {
                source: UseSource::Activity,
                file: report.map(str::to_owned),
                line: None,
                calls: Some(window),
                last_called: days.iter().filter(|(_, c)| *c > 0).map(|(d, _)| *d).max(),
                root: None,
                method_guessed: false,
            },
        });
        calls.entry(key).or_default().days.extend(days);
    }
}

/// Meets every use with the reference. Every use lands in the result: a route the reference
/// does not know is reported as `unknown`, never dropped.
pub fn exposure(
    reference: &ReferenceIndex,
    uses: &[RouteUse],
    calls: &HashMap<RouteKey, RouteCalls>,
    headers: &[HeaderFacts],
    today: Day,
) -> Vec<RouteExposure> {
    // Built by key: the reference's key for known routes, the normalized use otherwise.
    let mut routes: BTreeMap<RouteKey, RouteExposure> = BTreeMap::new();
    let unknown_method = "*";
    let mut add = |key: RouteKey,
                   facts: Option<&(RouteKey, OperationFacts, Vec<DateChange>)>,
                   seen: SeenIn| {
        let entry = routes.entry(key.clone()).or_insert_with(|| match facts {
            Some((_, op, history)) => RouteExposure {
                method: op.method.clone(),
                path: op.path.clone(),
                route: key.to_string(),
                status: RouteStatus::Active,
                summary: op.summary.clone(),
                deprecated_at: op.deprecated_at,
                sunset: op.sunset,
                days_left: None,
                history: history.clone(),
                calls_30d: 0,
                last_called: None,
                daily_calls: Vec::new(),
                seen_in: Vec::new(),
                link: op.link.clone(),
                replacement: op.replacement.clone(),
            },
            None => RouteExposure {
                method: key.method().to_owned(),
                path: key.path().to_owned(),
                route: key.to_string(),
                status: RouteStatus::Unknown,
                summary: None,
                deprecated_at: None,
                sunset: None,
                days_left: None,
                history: Vec::new(),
                calls_30d: 0,
                last_called: None,
                daily_calls: Vec::new(),
                seen_in: Vec::new(),
                link: None,
                replacement: None,
            },
        });
        if !entry.seen_in.contains(&seen) {
            entry.seen_in.push(seen);
        }
    };

    let mut place = |method: Option<&str>, path: &str, seen: SeenIn| {
        let Ok(key) = RouteKey::new(method.unwrap_or(unknown_method), path) else {
            return;
        };
        let candidates = reference.candidates(method, &key);
        if candidates.is_empty() {
            add(key, None, seen);
            return;
        }
        for i in candidates {
            let entry = &reference.entries[i];
            let mut seen = seen.clone();
            seen.method_guessed = method.is_none();
            add(entry.0.clone(), Some(entry), seen);
        }
    };

    for u in uses {
        place(u.method.as_deref(), &u.path, u.seen.clone());
    }
    for h in headers {
        place(Some(&h.method), &h.path, SeenIn::headers());
    }

    let header_facts: HashMap<RouteKey, &HeaderFacts> = headers
        .iter()
        .filter_map(|h| Some((RouteKey::new(&h.method, &h.path).ok()?, h)))
        .collect();
    let first_day = today.plus(-(CALL_WINDOW_DAYS - 1));

    let mut out: Vec<RouteExposure> = routes
        .into_iter()
        .map(|(key, mut route)| {
            let known = reference.get(&key);
            // What the headers said counts where the reference is silent: Procore documents
            // no such headers, but a server that sends them knows its own dates.
            if let Some(h) = header_facts.get(&key) {
                route.deprecated_at = route.deprecated_at.or(h.deprecated_at);
                route.sunset = route.sunset.or(h.sunset);
                route.link = route.link.take().or_else(|| h.link.clone());
            }
            let deprecated = known.is_some_and(|op| op.deprecated)
                || route.deprecated_at.is_some()
                || header_facts.get(&key).is_some_and(|h| h.deprecated);
            route.days_left = route.sunset.map(|s| s.0 - today.0);
            route.status = match (route.sunset, known) {
                (Some(s), _) if s <= today => RouteStatus::Sunset,
                _ if deprecated => RouteStatus::Deprecated,
                (_, None) => RouteStatus::Unknown,
                _ => RouteStatus::Active,
            };
            if let Some(days) = calls.get(&key) {
                let mut daily = vec![0u64; CALL_WINDOW_DAYS as usize];
                for &(day, count) in &days.days {
                    if count > 0 {
                        route.last_called = route.last_called.max(Some(day));
                    }
                    if day >= first_day && day <= today {
                        route.calls_30d += count;
                        daily[(day.0 - first_day.0) as usize] += count;
                    }
                }
                route.daily_calls = daily;
            }
            route.seen_in.sort();
            route
        })
        .collect();
    out.sort_by(|a, b| a.urgency().cmp(&b.urgency()));
    out
}
