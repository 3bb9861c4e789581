//! Surge and drop alerts: the surge detector (`plumbline-insight`) over each app's stored
//! daily metrics (uninstalls watched for rises, installations and listing views for drops),
//! one alert per episode.
//!
//! An episode's identity is the day of its first alert, kept across re-evaluations by the
//! detector (it is causal) and across revised days by carrying the identity of the episode
//! it overlaps from the last evaluation (`surge_episodes`), so neither a re-import nor a
//! revised day notifies an episode twice.

use plumbline_domain::Alert;
use plumbline_domain::{
    AlertKind, AlertSeverity, AnnotationKind, App, AppId, DailyMetric, Day, NewAlert, UnixMillis,
};
use plumbline_insight::{
    Config, DayAlert, DayRange, Direction, Episode, Evaluation, Rule, Series, Severity, evaluate,
    trace,
};
use plumbline_store::{DailyCounts, Scope, Store, StoreError, StoredEpisode};

/// Days before an episode's first alert whose marks (releases, listing edits, notes) explain it.
pub const CHANGES_BEFORE_DAYS: i32 = 14;
/// Companies named in an alert's text; the rest are counted.
const COMPANIES_NAMED: usize = 5;

/// The metrics watched, in the order their alerts are listed.
pub const WATCHED: [DailyMetric; 3] = [
    DailyMetric::Uninstalls,
    DailyMetric::Installs,
    DailyMetric::Views,
];

/// Uninstalls are watched for rises; installations and listing views for drops.
pub fn direction(metric: DailyMetric) -> Direction {
    match metric {
        DailyMetric::Uninstalls => Direction::Rise,
        DailyMetric::Installs | DailyMetric::Views => Direction::Drop,
    }
}

/// The series of one metric: a stored day without a number for it is missing, not zero.
pub fn series(days: &[DailyCounts], metric: DailyMetric) -> Series {
    Series::from_days(days.iter().map(|d| (d.day, d.get(metric))))
}

/// The identities and spans of episodes as kept in the store, for
/// [`Evaluation::carry_episode_spans`].
pub fn spans(kept: &[StoredEpisode]) -> Vec<(Day, DayRange)> {
    kept.iter()
        .map(|e| {
            (
                e.id,
                DayRange {
                    start: e.start,
                    end: e.end,
                },
            )
        })
        .collect()
}

/// Evaluates every watched metric of `app` as of `today`, each episode carrying its identity
/// from the last evaluation, and keeps the episodes for the next one.
pub fn evaluate_app(
    store: &mut Store,
    app: AppId,
    today: Day,
) -> Result<Vec<(DailyMetric, Evaluation)>, StoreError> {
    let days = store.daily_counts(app)?;
    keep_episodes(store, app, evaluate_days(&days, today))
}

/// The detector over each watched metric of one app's days: pure, so it runs on any thread.
fn evaluate_days(days: &[DailyCounts], today: Day) -> Vec<(DailyMetric, Evaluation)> {
    let config = Config::default();
    WATCHED
        .iter()
        .map(|&m| (m, evaluate(&series(days, m), today, &config, direction(m))))
        .collect()
}

/// Gives each episode the identity of the kept episode it overlaps, and keeps the new set.
fn keep_episodes(
    store: &mut Store,
    app: AppId,
    mut evaluations: Vec<(DailyMetric, Evaluation)>,
) -> Result<Vec<(DailyMetric, Evaluation)>, StoreError> {
    for (metric, evaluation) in &mut evaluations {
        let previous = store.surge_episodes(app, *metric)?;
        evaluation.carry_episode_spans(&spans(&previous));
        let kept: Vec<StoredEpisode> = evaluation
            .episodes
            .iter()
            .map(|e| {
                let span = e.span();
                StoredEpisode {
                    id: e.id,
                    start: span.start,
                    end: span.end,
                }
            })
            .collect();
        if kept != previous {
            store.replace_surge_episodes(app, *metric, &kept)?;
        }
    }
    Ok(evaluations)
}

/// [`evaluate_app`] for many apps at once. Reading from SQLite stays on this thread (the
/// store is one connection) while helper threads run the detector on the apps already read;
/// once everything is read this thread helps too. With two cores a pass over 100 apps x 10
/// years takes about half the time it would take in line.
pub fn evaluate_apps(
    store: &mut Store,
    apps: &[AppId],
    today: Day,
) -> Result<Vec<Vec<(DailyMetric, Evaluation)>>, StoreError> {
    let helpers = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4)
        - 1;
    let mut results: Vec<Option<Vec<(DailyMetric, Evaluation)>>> = vec![None; apps.len()];
    if helpers == 0 || apps.len() < 2 {
        for (i, &app) in apps.iter().enumerate() {
            results[i] = Some(evaluate_days(&store.daily_counts(app)?, today));
        }
    } else {
        let (work, queue) = std::sync::mpsc::channel::<(usize, Vec<DailyCounts>)>();
        let queue = std::sync::Mutex::new(queue);
        let (done, finished) = std::sync::mpsc::channel();
        let drain =
            |queue: &std::sync::Mutex<std::sync::mpsc::Receiver<(usize, Vec<DailyCounts>)>>,
             done: std::sync::mpsc::Sender<(usize, Vec<(DailyMetric, Evaluation)>)>| {
                loop {
                    let next = queue
                        .lock()
                        .unwrap_or_else(std::sync::PoisonError::into_inner)
                        .recv();
                    let Ok((i, days)) = next else { return };
                    if done.send((i, evaluate_days(&days, today))).is_err() {
                        return;
                    }
                }
            };
        let read = std::thread::scope(|scope| {
            for _ in 0..helpers {
                let done = done.clone();
                scope.spawn(|| drain(&queue, done));
            }
            let read = apps.iter().enumerate().try_for_each(|(i, &app)| {
                let days = store.daily_counts(app)?;
                // The helpers outlive every send: they end when `work` is dropped below.
                let _ = work.send((i, days));
                Ok::<_, StoreError>(())
            });
            drop(work);
            drain(&queue, done);
            read
        });
        read?;
        for (i, evaluated) in finished.try_iter() {
            results[i] = Some(evaluated);
        }
    }
    apps.iter()
        .zip(results)
        .map(|(&app, evaluated)| match evaluated {
            Some(evaluated) => keep_episodes(store, app, evaluated),
            // Every app read is evaluated; should one be missing, it is evaluated here rather
            // than taken as having no episodes (which would forget their identities).
            None => evaluate_app(store, app, today),
        })
        .collect()
}

/// What the detector says of each watched metric of `app` now, without keeping anything (the
/// window's read connections call it).
pub fn watch(
    store: &Store,
    app: AppId,
    today: Day,
) -> Result<Vec<(DailyMetric, Evaluation)>, StoreError> {
    Ok(evaluate_days(&store.daily_counts(app)?, today))
}

/// The days around a surge or drop alert's episode, for its chart.
#[derive(Debug, Clone, PartialEq)]
pub struct EpisodeChart {
    pub metric: DailyMetric,
    pub episode: DayRange,
    /// Each day: what was counted (`None`: missing) and what the detector expected (`None`
    /// before it could).
    pub days: Vec<(Day, Option<u32>, Option<f64>)>,
}

/// Days shown before an episode on its chart.
const CHART_DAYS_BEFORE: i32 = 28;
/// Days shown after an episode's end, where the data reaches that far.
const CHART_DAYS_AFTER: i32 = 14;

/// The chart of a surge or drop alert (`None` for other kinds, or an identity it cannot
/// read): four weeks before its episode, the episode, and up to two weeks after.
pub fn episode_chart(
    store: &Store,
    alert: &Alert,
    today: Day,
) -> Result<Option<EpisodeChart>, StoreError> {
    if !matches!(alert.kind, AlertKind::Surge | AlertKind::Drop) {
        return Ok(None);
    }
    let Some((metric, id)) = parse_identity(&alert.identity) else {
        return Ok(None);
    };
    let episode = store
        .surge_episodes(alert.app_id, metric)?
        .into_iter()
        .find(|e| e.id == id)
        .map_or(
            DayRange {
                start: alert.day,
                end: alert.day,
            },
            |e| DayRange {
                start: e.start,
                end: e.end,
            },
        );
    let days = store.daily_counts(alert.app_id)?;
    let series = series(&days, metric);
    let (evaluation, traced) = trace(&series, today, &Config::default(), direction(metric));
    let last = evaluation.last_final.unwrap_or(today);
    let (from, to) = (
        episode.start.plus(-CHART_DAYS_BEFORE),
        episode
            .end
            .plus(CHART_DAYS_AFTER)
            .min(last)
            .max(episode.start),
    );
    let days = (from.0..=to.0)
        .map(|d| {
            let day = Day(d);
            // Traced days are in order.
            let expected = traced
                .binary_search_by_key(&day, |t| t.day)
                .ok()
                .map(|i| traced[i].expected);
            (day, series.get(day), expected)
        })
        .collect();
    Ok(Some(EpisodeChart {
        metric,
        episode,
        days,
    }))
}

/// One alert per episode of each watched metric of every app in `apps`, with its
/// explanation.
pub fn surge_alerts(
    store: &mut Store,
    apps: &[App],
    today: Day,
) -> Result<Vec<NewAlert>, StoreError> {
    let ids: Vec<AppId> = apps.iter().map(|a| a.id).collect();
    let evaluated = evaluate_apps(store, &ids, today)?;
    let mut alerts = Vec::new();
    for (app, evaluations) in apps.iter().zip(&evaluated) {
        alerts.extend(app_alerts(store, app, evaluations)?);
    }
    Ok(alerts)
}

/// The alerts of one app's evaluations, explaining only the episodes not yet recorded.
fn app_alerts(
    store: &Store,
    app: &App,
    evaluations: &[(DailyMetric, Evaluation)],
) -> Result<Vec<NewAlert>, StoreError> {
    // An episode already recorded keeps the explanation it was notified with; only new ones
    // are explained (recording is idempotent either way).
    let recorded = store.alert_identities(app.id)?;
    let mut alerts = Vec::new();
    for (metric, evaluation) in evaluations {
        for episode in &evaluation.episodes {
            if recorded.contains(&identity(
                kind_of(evaluation.direction),
                *metric,
                episode.id,
            )) {
                continue;
            }
            let context = Context::read(store, app.id, *metric, episode)?;
            alerts.push(episode_alert(app, *metric, evaluation, episode, &context));
        }
    }
    Ok(alerts)
}

/// What surrounds an episode: the marks before it and who left during it.
#[derive(Debug, Default)]
pub struct Context {
    /// (day, kind, text) of the marks in the 14 days before its first alert.
    pub changes: Vec<(Day, AnnotationKind, String)>,
    /// Companies whose uninstall the REST snapshots saw during it (uninstalls only).
    pub companies: Vec<String>,
}

impl Context {
    pub fn read(
        store: &Store,
        app: AppId,
        metric: DailyMetric,
        episode: &Episode,
    ) -> Result<Self, StoreError> {
        let changes = store
            .annotations(
                Scope::App(app),
                episode.first_alert.plus(-CHANGES_BEFORE_DAYS),
                episode.first_alert,
            )?
            .into_iter()
            .map(|a| (a.day, a.kind, a.text))
            .collect();
        let companies = if metric == DailyMetric::Uninstalls {
            // The episode's days, from its evidence's first to its last alert's end.
            let (from, to) = (episode.span().start, episode.last_alert.plus(1));
            store.uninstalled_companies(app, from.start(), UnixMillis(to.start().0 - 1))?
        } else {
            Vec::new()
        };
        Ok(Context { changes, companies })
    }
}

fn noun(metric: DailyMetric) -> &'static str {
    match metric {
        DailyMetric::Uninstalls => "uninstalls",
        DailyMetric::Installs => "installations",
        DailyMetric::Views => "listing views",
    }
}

/// "about 1 in 48,000", in words a partner reads without statistics.
fn chance(p: f64) -> String {
    if p.is_nan() || p < 1e-6 {
        return "less than 1 in a million".to_owned();
    }
    let n = 1.0 / p;
    // Two significant figures.
    let magnitude = 10f64.powi((n.log10().floor() as i32 - 1).max(0));
    let rounded = ((n / magnitude).round() * magnitude) as u64;
    let digits = rounded.to_string();
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            grouped.push(',');
        }
        grouped.push(c);
    }
    format!("about 1 in {grouped}")
}

fn rule_words(rule: Rule, direction: Direction) -> &'static str {
    match (rule, direction) {
        (Rule::Spike, Direction::Rise) => "one day far above the usual",
        (Rule::Spike, Direction::Drop) => "one day far below the usual",
        (Rule::Week, Direction::Rise) => "the last 7 days together well above the usual",
        (Rule::Week, Direction::Drop) => "the last 7 days together well below the usual",
        (Rule::Sustained, Direction::Rise) => "a sustained rise, toward double the usual",
        (Rule::Sustained, Direction::Drop) => "a sustained fall, toward half the usual",
    }
}

/// The day that speaks for an episode: its strongest alert so far.
fn strongest<'a>(evaluation: &'a Evaluation, episode: &Episode) -> Option<&'a DayAlert> {
    evaluation
        .alerts
        .iter()
        .filter(|a| a.episode == episode.id)
        .min_by(|a, b| a.p.total_cmp(&b.p))
}

/// Rises are surges; falls are drops.
fn kind_of(direction: Direction) -> AlertKind {
    match direction {
        Direction::Rise => AlertKind::Surge,
        Direction::Drop => AlertKind::Drop,
    }
}

/// An episode's alert identity: `surge:uninstalls:2026-11-29`.
fn identity(kind: AlertKind, metric: DailyMetric, episode: Day) -> String {
    format!("{}:{}:{episode}", kind.as_str(), metric.as_str())
}

/// The metric and episode an [`identity`] names.
fn parse_identity(identity: &str) -> Option<(DailyMetric, Day)> {
    let mut parts = identity.splitn(3, ':').skip(1);
    let metric = parts
        .next()
        .and_then(|m| WATCHED.into_iter().find(|w| w.as_str() == m))?;
    Some((metric, parts.next().and_then(Day::parse_iso)?))
}

/// The alert for one episode: observed against expected, the window and the rule, what
/// changed in the 14 days before, who left, and what to do.
pub fn episode_alert(
    app: &App,
    metric: DailyMetric,
    evaluation: &Evaluation,
    episode: &Episode,
    context: &Context,
) -> NewAlert {
    let direction = evaluation.direction;
    let kind = kind_of(direction);
    let moved = match direction {
        Direction::Rise => "surged",
        Direction::Drop => "dropped",
    };
    let title = format!("{}: {} {moved}", app.display_name, noun(metric));
    let mut body = Vec::new();
    if let Some(a) = strongest(evaluation, episode) {
        let days = a.window.end.0 - a.window.start.0 + 1;
        let window = if days == 1 {
            format!("on {}", a.window.start)
        } else {
            format!("in the {days} days {} to {}", a.window.start, a.window.end)
        };
        let noun = noun(metric);
        body.push(format!(
            "{} {noun} {window}, against {:.1} expected: {} (a chance of {}).",
            a.observed,
            a.expected,
            rule_words(a.rule, direction),
            chance(a.p)
        ));
    }
    if episode.alert_days > 1 {
        body.push(format!(
            "It alerted on {} days from {} to {}.",
            episode.alert_days, episode.first_alert, episode.last_alert
        ));
    }
    if context.changes.is_empty() {
        body.push(format!(
            "Nothing was marked in the {CHANGES_BEFORE_DAYS} days before it (releases, listing \
             edits, notes)."
        ));
    } else {
        let marks: Vec<String> = context
            .changes
            .iter()
            .map(|(day, kind, text)| format!("{day} {}: {text}", kind.as_str()))
            .collect();
        body.push(format!(
            "In the {CHANGES_BEFORE_DAYS} days before: {}.",
            marks.join("; ")
        ));
    }
    if !context.companies.is_empty() {
        let named = &context.companies[..context.companies.len().min(COMPANIES_NAMED)];
        let more = context.companies.len() - named.len();
        let mut list = named.join(", ");
        if more > 0 {
            list.push_str(&format!(" and {more} more"));
        }
        body.push(format!("Companies that uninstalled: {list}."));
    }
    body.push(
        match (metric, direction) {
            (DailyMetric::Uninstalls, _) => {
                "What to do: look at what changed for customers just before (a release, a \
                 listing edit, a price change, a Procore change), ask the companies that left, \
                 and check the app's errors and support inbox for those days."
            }
            (DailyMetric::Installs, _) => {
                "What to do: check that the listing is live and its install steps still work, \
                 and what changed just before (a release, a listing edit, the price)."
            }
            (DailyMetric::Views, _) => {
                "What to do: check that the listing is still published and found in the \
                 Marketplace's search and categories, and what changed just before."
            }
        }
        .to_owned(),
    );
    NewAlert {
        app_id: app.id,
        kind,
        identity: identity(kind, metric, episode.id),
        day: episode.first_alert,
        severity: match episode.severity {
            Severity::Critical => AlertSeverity::Critical,
            Severity::Warning => AlertSeverity::Warning,
        },
        title,
        body: body.join("\n"),
    }
}

#[cfg(test)]
mod tests {
    use super::{AlertKind, DailyMetric, Day, chance, identity, parse_identity};

    #[test]
    fn an_identity_reads_back_as_its_metric_and_episode() {
        let day = Day::parse_iso("2026-11-29").unwrap_or(Day(0));
        let id = identity(AlertKind::Surge, DailyMetric::Uninstalls, day);
        assert_eq!(id, "surge:uninstalls:2026-11-29");
        assert_eq!(parse_identity(&id), Some((DailyMetric::Uninstalls, day)));
        assert_eq!(parse_identity("deprecation:GET /x"), None);
    }

    #[test]
    fn chances_read_as_plain_odds() {
        assert_eq!(chance(0.5), "about 1 in 2");
        assert_eq!(chance(1.0 / 48_321.0), "about 1 in 48,000");
        assert_eq!(chance(2e-4), "about 1 in 5,000");
        assert_eq!(chance(1e-9), "less than 1 in a million");
        assert_eq!(chance(0.0), "less than 1 in a million");
    }
}
