//! `plumbline import`, `plumbline trend` and `plumbline annotate`: the metrics, offline.

use std::io::Write;
use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use plumbline_domain::{AnnotationKind, AppId, Day, ImportKind, UnixMillis};
use plumbline_store::Store;
use plumbline_trends::{Granularity, TrendMetric, TrendQuery, TrendScope};
use serde::Serialize;

use crate::Failure;
use crate::output::emit;

#[derive(Debug, Subcommand)]
pub(crate) enum ImportCommand {
    /// The Metrics tab's export (daily views and installations, and the activity list).
    Metrics(ImportArgs),
    /// The Integration Health tab's API Call Activity Report.
    Activity(ImportArgs),
}

#[derive(Debug, Args)]
pub(crate) struct ImportArgs {
    /// The CSV file as downloaded from the Developer Portal.
    file: PathBuf,
    #[arg(long)]
    app: i64,
    /// Read and check the file, and say what would be imported, without writing anything.
    #[arg(long)]
    dry_run: bool,
}

fn day(text: &str) -> Result<Day, Failure> {
    Day::parse_iso(text)
        .ok_or_else(|| Failure(format!("“{text}” is not a date: write it as YYYY-MM-DD.")))
}

/// Progress on stderr, for files big enough to wait on.
fn progress_line(quiet: bool) -> impl FnMut(plumbline_ingest::Progress) {
    let mut last = 0;
    move |p| {
        if quiet || p.total_bytes < 8 * 1024 * 1024 {
            return;
        }
        let percent = p.bytes * 100 / p.total_bytes.max(1);
        if percent >= last + 10 || percent == 100 {
            last = percent;
            let _ = write!(std::io::stderr(), "\r{percent:>3}% ({} rows)", p.rows);
            if percent == 100 {
                let _ = writeln!(std::io::stderr());
            }
        }
    }
}

pub(crate) fn import(store: &mut Store, command: ImportCommand, json: bool) -> Result<(), Failure> {
    let (kind, args) = match command {
        ImportCommand::Metrics(args) => (ImportKind::Metrics, args),
        ImportCommand::Activity(args) => (ImportKind::Activity, args),
    };
    let app = store.get_app(AppId(args.app))?.id;
    let mut progress = progress_line(json);
    if args.dry_run {
        let preview = plumbline_ingest::preview_file(&args.file, kind, &mut progress)?;
        let earlier = store.import_of(app, &preview.sha256)?;
        return emit(json, &preview, || {
            let mut text = summary(&preview, "would import");
            if let Some(earlier) = earlier {
                text.push_str(&format!(
                    "\nThis file was imported before (import {}); importing it again changes nothing.",
                    earlier.id
                ));
            }
            text
        });
    }
    let outcome = plumbline_ingest::import_file(
        store,
        app,
        &args.file,
        kind,
        UnixMillis::now(),
        &mut progress,
    )?;
    emit(json, &outcome, || summary(&outcome.preview, "imported"))
}

fn summary(p: &plumbline_ingest::Preview, verb: &str) -> String {
    let range = match (p.first_day, p.last_day) {
        (Some(a), Some(b)) => format!("{a} to {b}"),
        _ => "no dates".into(),
    };
    let numbers = match p.kind {
        ImportKind::Metrics => format!(
            "{} views, {} installations, {} uninstalls",
            p.views, p.installs, p.uninstalls
        ),
        ImportKind::Activity => format!("{} API calls", p.calls),
    };
    let mut text = format!(
        "{} {verb}: {} rows, {range}; {numbers}.",
        p.file_name, p.rows
    );
    if !p.unmapped.is_empty() {
        text.push_str(&format!(
            "\nColumns not read (not recognised): {}.",
            p.unmapped.join(", ")
        ));
    }
    text
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum MetricArg {
    Views,
    Installs,
    Uninstalls,
    Net,
    Active,
    Conversion,
}

impl From<MetricArg> for TrendMetric {
    fn from(m: MetricArg) -> Self {
        match m {
            MetricArg::Views => TrendMetric::Views,
            MetricArg::Installs => TrendMetric::Installs,
            MetricArg::Uninstalls => TrendMetric::Uninstalls,
            MetricArg::Net => TrendMetric::Net,
            MetricArg::Active => TrendMetric::Active,
            MetricArg::Conversion => TrendMetric::Conversion,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum KindArg {
    Release,
    Listing,
    Note,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum By {
    Day,
    Week,
    Month,
}

#[derive(Debug, Args)]
pub(crate) struct TrendArgs {
    /// One app.
    #[arg(
        long,
        conflicts_with = "portfolio",
        required_unless_present = "portfolio"
    )]
    app: Option<i64>,
    /// Every app in the portfolio, added up.
    #[arg(long)]
    portfolio: bool,
    #[arg(long, value_enum, default_value = "installs")]
    metric: MetricArg,
    /// First day (YYYY-MM-DD); by default the first day with numbers.
    #[arg(long)]
    from: Option<String>,
    /// Last day (YYYY-MM-DD); by default today.
    #[arg(long)]
    to: Option<String>,
    #[arg(long, value_enum, default_value = "week")]
    by: By,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct TrendReport {
    metric: TrendMetric,
    from: Day,
    to: Day,
    by: Granularity,
    points: Vec<TrendPointOut>,
    total: Option<f64>,
    previous_total: Option<f64>,
    /// Relative change from the previous period of the same length, when it had any.
    change: Option<f64>,
    as_of: Option<UnixMillis>,
    sources: Vec<plumbline_domain::MetricSource>,
}

#[derive(Serialize)]
struct TrendPointOut {
    start: Day,
    value: Option<f64>,
}

pub(crate) fn trend(store: &Store, args: TrendArgs, json: bool) -> Result<(), Failure> {
    let metric = TrendMetric::from(args.metric);
    let scope = match args.app {
        Some(id) => TrendScope::App {
            id: store.get_app(AppId(id))?.id,
        },
        None => TrendScope::Portfolio,
    };
    let store_scope = match scope {
        TrendScope::App { id } => plumbline_store::Scope::App(id),
        TrendScope::Portfolio => plumbline_store::Scope::Portfolio,
    };
    let to = match &args.to {
        Some(text) => day(text)?,
        None => Day::of(UnixMillis::now()),
    };
    let from = match &args.from {
        Some(text) => day(text)?,
        None => store
            .metrics_span(store_scope)?
            .map_or(to, |(first, _)| first.min(to)),
    };
    let by = match args.by {
        By::Day => Granularity::Day,
        By::Week => Granularity::Week,
        By::Month => Granularity::Month,
    };
    let trend = plumbline_trends::trend(
        store,
        TrendQuery {
            scope,
            from,
            to,
            by,
        },
    )?;
    let total = metric.of_totals(&trend.totals);
    let previous_total = metric.of_totals(&trend.previous);
    let report = TrendReport {
        metric,
        from,
        to,
        by,
        points: trend
            .points
            .iter()
            .map(|p| TrendPointOut {
                start: p.start,
                value: metric.of_point(p),
            })
            .collect(),
        total,
        previous_total,
        change: match (total, previous_total) {
            (Some(now), Some(before)) if before != 0.0 => Some((now - before) / before.abs()),
            _ => None,
        },
        as_of: trend.as_of,
        sources: trend.sources.clone(),
    };
    emit(json, &report, || {
        let value = |v: Option<f64>| match (v, metric) {
            (None, _) => "-".to_owned(),
            (Some(v), TrendMetric::Conversion) => format!("{:.2}%", v * 100.0),
            (Some(v), _) => format!("{v}"),
        };
        let mut lines: Vec<String> = report
            .points
            .iter()
            .map(|p| format!("{}  {:>10}", p.start, value(p.value)))
            .collect();
        lines.push(format!(
            "{} {from} to {to}: {} (previous period: {})",
            metric.as_str(),
            value(report.total),
            value(report.previous_total)
        ));
        lines.join("\n")
    })
}

#[derive(Debug, Args)]
pub(crate) struct AnnotateArgs {
    #[arg(long)]
    app: i64,
    /// The day (YYYY-MM-DD).
    #[arg(long)]
    date: String,
    #[arg(long, value_enum, default_value = "note")]
    kind: KindArg,
    /// What happened.
    text: String,
}

pub(crate) fn annotate(store: &mut Store, args: AnnotateArgs, json: bool) -> Result<(), Failure> {
    let kind = match args.kind {
        KindArg::Release => AnnotationKind::Release,
        KindArg::Listing => AnnotationKind::Listing,
        KindArg::Note => AnnotationKind::Note,
    };
    let mark = store.add_annotation(
        AppId(args.app),
        day(&args.date)?,
        kind,
        &args.text,
        UnixMillis::now(),
    )?;
    emit(json, &mark, || {
        format!("Marked {} on {}: {}", kind.as_str(), mark.day, mark.text)
    })
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum DailyArg {
    Views,
    Installs,
    Uninstalls,
}

#[derive(Debug, Args)]
pub(crate) struct SetMetricArgs {
    #[arg(long)]
    app: i64,
    /// The day (YYYY-MM-DD).
    #[arg(long)]
    date: String,
    #[arg(long, value_enum)]
    metric: DailyArg,
    /// The number for that day; it outranks the portal's CSV and REST snapshots.
    #[arg(required_unless_present = "clear", conflicts_with = "clear")]
    value: Option<u64>,
    /// Remove the number entered by hand (the CSV's or REST's shows again).
    #[arg(long)]
    clear: bool,
}

pub(crate) fn set_metric(
    store: &mut Store,
    args: SetMetricArgs,
    json: bool,
) -> Result<(), Failure> {
    let metric = match args.metric {
        DailyArg::Views => plumbline_domain::DailyMetric::Views,
        DailyArg::Installs => plumbline_domain::DailyMetric::Installs,
        DailyArg::Uninstalls => plumbline_domain::DailyMetric::Uninstalls,
    };
    let date = day(&args.date)?;
    let app = store.get_app(AppId(args.app))?.id;
    let value = if args.clear { None } else { args.value };
    store.set_manual_metric(app, date, metric, value)?;
    let report = serde_json::json!({ "appId": app, "day": date, "metric": metric, "value": value });
    emit(json, &report, || match value {
        Some(v) => format!("{} on {date}: {v} (entered by hand).", metric.as_str()),
        None => format!(
            "{} on {date}: the number entered by hand was removed.",
            metric.as_str()
        ),
    })
}
