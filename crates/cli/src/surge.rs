//! `plumbline surge`: the surge detector (`plumbline-insight`) over an app's stored daily
//! metrics, or over a `date,count` CSV with `surge eval`. Uninstalls are watched for rises,
//! installations and listing views for drops.
//!
//! Exit codes: 0 when it ran (alerts or not), 2 on bad usage or an unreadable series (the
//! line is named), 1 when the store fails.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use plumbline_domain::{AppId, DailyMetric, Day, UnixMillis};
use plumbline_engine::surges;
use plumbline_insight::{
    COLD_START_DAYS, Config, DEFAULT_LAG_DAYS, DayAlert, Direction, Episode, Evaluation, Series,
    State, evaluate,
};
use plumbline_store::Store;
use serde::Serialize;

use crate::Failure;
use crate::output::emit;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub(crate) struct SurgeArgs {
    #[command(subcommand)]
    command: Option<SurgeCommand>,
    /// The app whose stored daily metrics to evaluate.
    #[arg(long)]
    app: Option<i64>,
    /// One metric; by default all three.
    #[arg(long, value_enum)]
    metric: Option<SurgeMetric>,
    #[command(flatten)]
    when: When,
}

#[derive(Debug, Subcommand)]
pub(crate) enum SurgeCommand {
    /// Evaluate a CSV of `date,count` lines (header optional; a date not listed, or listed
    /// with no count, is a missing day, not a zero).
    Eval(EvalArgs),
}

#[derive(Debug, Args)]
pub(crate) struct EvalArgs {
    /// The CSV file.
    #[arg(long, value_name = "FILE")]
    series: PathBuf,
    /// What the counts are: uninstalls are watched for rises, the others for drops.
    #[arg(long, value_enum, default_value = "uninstalls")]
    metric: SurgeMetric,
    #[command(flatten)]
    when: When,
}

#[derive(Debug, Args)]
struct When {
    /// Days after which a day's count is taken as final.
    #[arg(long, value_name = "DAYS", default_value_t = DEFAULT_LAG_DAYS)]
    lag: u32,
    /// Evaluate as of this day (YYYY-MM-DD); by default today (UTC).
    #[arg(long, value_name = "DATE")]
    as_of: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum SurgeMetric {
    Uninstalls,
    #[value(alias = "installs")]
    Installations,
    Views,
}

impl SurgeMetric {
    const ALL: [SurgeMetric; 3] = [
        SurgeMetric::Uninstalls,
        SurgeMetric::Installations,
        SurgeMetric::Views,
    ];

    fn as_str(self) -> &'static str {
        match self {
            SurgeMetric::Uninstalls => "uninstalls",
            SurgeMetric::Installations => "installations",
            SurgeMetric::Views => "views",
        }
    }

    fn direction(self) -> Direction {
        surges::direction(self.daily())
    }

    fn daily(self) -> DailyMetric {
        match self {
            SurgeMetric::Uninstalls => DailyMetric::Uninstalls,
            SurgeMetric::Installations => DailyMetric::Installs,
            SurgeMetric::Views => DailyMetric::Views,
        }
    }
}

/// One metric's findings, as printed. Field names are snake_case, as in the command's
/// documented output (`learning_until`, `alerts`).
#[derive(Debug, Serialize)]
struct MetricReport {
    metric: &'static str,
    direction: &'static str,
    as_of: Day,
    /// The last day evaluated: `as_of` minus the lag, or the last day of the series.
    last_final: Option<Day>,
    /// "no_data", "learning" or "watching".
    state: &'static str,
    learning_until: Option<Day>,
    level_per_day: Option<f64>,
    min_detectable_week: Option<u32>,
    /// The low-volume sentence, when the volume is too low to see small changes.
    note: Option<String>,
    alerts: Vec<DayAlert>,
    episodes: Vec<EpisodeReport>,
}

#[derive(Debug, Serialize)]
struct EpisodeReport {
    id: Day,
    first_alert: Day,
    last_alert: Day,
    /// The first day of the evidence behind its alerts.
    from: Day,
    closed_on: Option<Day>,
    alert_days: u32,
    severity: &'static str,
    /// Set when it lasted 28 days and its level became the expected one.
    new_level: Option<NewLevelReport>,
    /// Marks (releases, listing edits, notes) in the 14 days before its first alert.
    #[serde(skip_serializing_if = "Option::is_none")]
    changes_before: Option<Vec<ChangeReport>>,
    /// Companies that uninstalled during it, where known (REST snapshots).
    #[serde(skip_serializing_if = "Option::is_none")]
    companies: Option<Vec<String>>,
}

#[derive(Debug, Serialize)]
struct NewLevelReport {
    since: Day,
    per_day: f64,
}

#[derive(Debug, Serialize)]
struct ChangeReport {
    day: Day,
    kind: &'static str,
    text: String,
}

#[derive(Debug, Serialize)]
struct AppReport {
    app: i64,
    name: String,
    as_of: Day,
    metrics: Vec<MetricReport>,
}

fn usage(message: String) -> (Failure, u8) {
    (Failure(message), 2)
}

fn as_of(when: &When) -> Result<Day, (Failure, u8)> {
    match &when.as_of {
        None => Ok(Day::of(UnixMillis::now())),
        Some(text) => Day::parse_iso(text).ok_or_else(|| {
            usage(format!(
                "--as-of “{text}” is not a date: write it as YYYY-MM-DD."
            ))
        }),
    }
}

/// Runs `surge`; the error carries its exit code.
pub(crate) fn run(db: Option<PathBuf>, args: SurgeArgs, json: bool) -> Result<(), (Failure, u8)> {
    match (args.command, args.app) {
        (Some(SurgeCommand::Eval(eval)), _) => run_eval(eval, json),
        (None, Some(app)) => {
            let as_of = as_of(&args.when)?;
            let store = crate::open_store(db).map_err(|f| (f, 1))?;
            run_app(&store, AppId(app), args.metric, &args.when, as_of, json).map_err(|f| (f, 1))
        }
        (None, None) => Err(usage(
            "say which series: `plumbline surge --app ID` for an app's stored metrics, or \
             `plumbline surge eval --series FILE` for a date,count CSV."
                .into(),
        )),
    }
}

fn run_eval(args: EvalArgs, json: bool) -> Result<(), (Failure, u8)> {
    let as_of = as_of(&args.when)?;
    let name = args.series.display().to_string();
    let bytes =
        std::fs::read(&args.series).map_err(|e| usage(format!("cannot read {name}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|_| {
        usage(format!(
            "{name} is not UTF-8 text: save it as CSV (UTF-8) with one date,count per line."
        ))
    })?;
    let series = parse_series(&text).map_err(|e| usage(format!("{name}: {e}")))?;
    let config = Config {
        lag_days: args.when.lag,
    };
    let evaluation = evaluate(&series, as_of, &config, args.metric.direction());
    let report = metric_report(args.metric, &evaluation, |_| (None, None));
    emit(json, &report, || metric_text(&report)).map_err(|f| (f, 1))
}

/// `date,count` lines. A header is a first line whose first field has no digit; blank lines
/// are skipped; an empty count is a missing day.
fn parse_series(text: &str) -> Result<Series, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut days: Vec<(Day, Option<u32>, usize)> = Vec::new();
    let mut seen_data = false;
    for (i, raw) in text.lines().enumerate() {
        let number = i + 1;
        let line = raw.trim();
        if line.is_empty() {
            continue;
        }
        let fields: Vec<&str> = line
            .split(',')
            .map(|f| f.trim().trim_matches('"').trim())
            .collect();
        if !seen_data && !fields[0].bytes().any(|b| b.is_ascii_digit()) {
            seen_data = true;
            continue;
        }
        seen_data = true;
        let [date, count] = fields[..] else {
            return Err(format!(
                "line {number}: expected date,count, found “{line}”."
            ));
        };
        let day = Day::parse_iso(date).ok_or_else(|| {
            format!("line {number}: “{date}” is not a date; write it as YYYY-MM-DD.")
        })?;
        let count = if count.is_empty() {
            None
        } else {
            Some(count.parse::<u32>().map_err(|_| {
                format!(
                    "line {number}: “{count}” is not a count (a whole number, 0 or more; \
                     leave it empty for a missing day)."
                )
            })?)
        };
        if let Some((_, _, first)) = days.iter().find(|(d, _, _)| *d == day) {
            return Err(format!(
                "line {number}: {day} is listed again (first on line {first})."
            ));
        }
        days.push((day, count, number));
    }
    if days.is_empty() {
        return Err("no date,count lines.".into());
    }
    Ok(Series::from_days(days.into_iter().map(|(d, c, _)| (d, c))))
}

fn run_app(
    store: &Store,
    app: AppId,
    metric: Option<SurgeMetric>,
    when: &When,
    as_of: Day,
    json: bool,
) -> Result<(), Failure> {
    let app = store.get_app(app)?;
    let days = store.daily_counts(app.id)?;
    let config = Config { lag_days: when.lag };
    let mut metrics = Vec::new();
    for m in metric.map_or(SurgeMetric::ALL.to_vec(), |m| vec![m]) {
        let series = surges::series(&days, m.daily());
        let mut evaluation = evaluate(&series, as_of, &config, m.direction());
        // The identities the alerts carry (kept across revised days).
        evaluation.carry_episode_spans(&surges::spans(&store.surge_episodes(app.id, m.daily())?));
        let mut context = |episode: &Episode| -> (Option<Vec<ChangeReport>>, Option<Vec<String>>) {
            let Ok(context) = surges::Context::read(store, app.id, m.daily(), episode) else {
                return (None, None);
            };
            let changes = context
                .changes
                .into_iter()
                .map(|(day, kind, text)| ChangeReport {
                    day,
                    kind: kind.as_str(),
                    text,
                })
                .collect();
            let companies = (m == SurgeMetric::Uninstalls).then_some(context.companies);
            (Some(changes), companies)
        };
        metrics.push(metric_report(m, &evaluation, &mut context));
    }
    let report = AppReport {
        app: app.id.0,
        name: app.display_name.clone(),
        as_of,
        metrics,
    };
    emit(json, &report, || {
        let mut text = format!("{} (app {}), as of {as_of}", report.name, report.app);
        for m in &report.metrics {
            text.push_str("\n\n");
            text.push_str(&metric_text(m));
        }
        text
    })
}

fn metric_report(
    metric: SurgeMetric,
    e: &Evaluation,
    mut context: impl FnMut(&Episode) -> (Option<Vec<ChangeReport>>, Option<Vec<String>>),
) -> MetricReport {
    let (state, level, min_week) = match e.state {
        State::NoData => ("no_data", None, None),
        State::Learning { .. } => ("learning", None, None),
        State::Watching {
            level_per_day,
            min_detectable_week,
            ..
        } => ("watching", Some(level_per_day), min_detectable_week),
    };
    MetricReport {
        metric: metric.as_str(),
        direction: e.direction.as_str(),
        as_of: e.as_of,
        last_final: e.last_final,
        state,
        learning_until: e.learning_until,
        level_per_day: level,
        min_detectable_week: min_week,
        note: e.volume_note(),
        alerts: e.alerts.clone(),
        episodes: e
            .episodes
            .iter()
            .map(|ep| {
                let (changes_before, companies) = context(ep);
                EpisodeReport {
                    id: ep.id,
                    first_alert: ep.first_alert,
                    last_alert: ep.last_alert,
                    from: ep.from,
                    closed_on: ep.closed_on,
                    alert_days: ep.alert_days,
                    severity: ep.severity.as_str(),
                    new_level: ep.new_level.map(|l| NewLevelReport {
                        since: l.since,
                        per_day: l.per_day,
                    }),
                    changes_before,
                    companies,
                }
            })
            .collect(),
    }
}

fn metric_text(m: &MetricReport) -> String {
    let watched = match m.direction {
        "rise" => "rises",
        _ => "drops",
    };
    let mut lines = vec![match m.state {
        "no_data" => format!("{} ({watched}): no numbers yet.", m.metric),
        "learning" => format!(
            "{} ({watched}): learning until {} ({COLD_START_DAYS} days of history are needed); \
             no alerts before then.",
            m.metric,
            m.learning_until.map_or("-".into(), |d| d.to_string())
        ),
        _ => {
            let mut line = format!(
                "{} ({watched}): watching, about {:.1} a day through {}",
                m.metric,
                m.level_per_day.unwrap_or(0.0),
                m.last_final.map_or("-".into(), |d| d.to_string())
            );
            match (&m.note, m.min_detectable_week) {
                (Some(note), _) => line.push_str(&format!("; {note}.")),
                (None, Some(n)) => line.push_str(&format!(
                    "; {} smaller than {n} a week would not show.",
                    watched
                )),
                (None, None) => line.push('.'),
            }
            line
        }
    }];
    if m.alerts.is_empty() {
        if m.state == "watching" {
            lines.push("No alerts.".into());
        }
        return lines.join("\n");
    }
    lines.push(format!(
        "{:<10}  {:<9}  {:>8}  {:>8}  {:>8}  {:<8}  {:<10}  window",
        "date", "rule", "observed", "expected", "p", "severity", "episode"
    ));
    for a in &m.alerts {
        lines.push(format!(
            "{:<10}  {:<9}  {:>8}  {:>8.1}  {:>8.1e}  {:<8}  {:<10}  {} to {}",
            a.date.to_string(),
            a.rule.as_str(),
            a.observed,
            a.expected,
            a.p,
            a.severity.as_str(),
            a.episode.to_string(),
            a.window.start,
            a.window.end
        ));
    }
    for ep in &m.episodes {
        let closed = match (ep.closed_on, &ep.new_level) {
            (_, Some(level)) => format!(
                "; still high after 28 days, so about {:.1} a day since {} is now the expected level",
                level.per_day, level.since
            ),
            (Some(day), None) => format!("; over on {day}"),
            (None, None) => "; ongoing".into(),
        };
        let days = if ep.alert_days == 1 { "day" } else { "days" };
        lines.push(format!(
            "Episode {}: {} alert {days} to {}, {}{closed}.",
            ep.id, ep.alert_days, ep.last_alert, ep.severity
        ));
        if let Some(changes) = ep.changes_before.as_ref().filter(|c| !c.is_empty()) {
            for c in changes {
                lines.push(format!(
                    "  changed before: {} {}: {}",
                    c.day, c.kind, c.text
                ));
            }
        }
        if let Some(companies) = ep.companies.as_ref().filter(|c| !c.is_empty()) {
            lines.push(format!("  uninstalled: {}", companies.join(", ")));
        }
    }
    lines.join("\n")
}
