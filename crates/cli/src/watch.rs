//! `plumbline reference`, `plumbline scan`, `plumbline deprecations`, `plumbline health`:
//! the deprecation watch from the store, offline except for `reference check`.

use std::path::PathBuf;

use clap::{Args, Subcommand, ValueEnum};
use plumbline_deprecations::{RouteExposure, guess_kind};
use plumbline_domain::{AppId, Day, ReferenceKind, UnixMillis};
use plumbline_engine::watch::{self, ReferenceCheck};
use plumbline_procore::{Endpoints, ProcoreClient, ProcoreEnvironment};
use plumbline_store::{RevisionOutcome, Store};
use serde::Serialize;

use crate::Failure;
use crate::output::emit;
use crate::report::table;

/// Procore's documentation host, where the reference data lives for every environment.
const PROCORE_DOCS: &str = "https://developers.procore.com";

#[derive(Debug, Subcommand)]
pub(crate) enum ReferenceCommand {
    /// Read a reference document a partner downloaded (the OpenAPI document or the legacy
    /// resource-groups JSON).
    Import {
        file: PathBuf,
        /// Which document it is; told from its shape when not given.
        #[arg(long, value_enum)]
        kind: Option<KindArg>,
    },
    /// Ask the docs host for both documents, conditionally: a document that has not changed
    /// costs one request and no body.
    Check {
        /// The docs host (the simulator's, for a demo). Default: Procore's.
        #[arg(long, default_value = PROCORE_DOCS)]
        docs_url: String,
    },
    /// The revisions in force and when they were last checked.
    Status,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub(crate) enum KindArg {
    Openapi,
    Legacy,
}

impl From<KindArg> for ReferenceKind {
    fn from(k: KindArg) -> Self {
        match k {
            KindArg::Openapi => ReferenceKind::OpenApi,
            KindArg::Legacy => ReferenceKind::Legacy,
        }
    }
}

/// Reads the first bytes of a file to tell which document it is.
pub(crate) fn file_kind(path: &std::path::Path) -> Result<ReferenceKind, Failure> {
    use std::io::Read;
    let mut head = vec![0u8; 4096];
    let mut file = std::fs::File::open(path)
        .map_err(|e| Failure(format!("Could not read {}: {e}", path.display())))?;
    let n = file
        .read(&mut head)
        .map_err(|e| Failure(format!("Could not read {}: {e}", path.display())))?;
    head.truncate(n);
    Ok(guess_kind(&head))
}

#[derive(Serialize)]
struct Accepted<'a> {
    kind: &'a str,
    source: &'a str,
    unchanged: bool,
    operations: u64,
    deprecated: u64,
    changes: Vec<Change>,
}

#[derive(Serialize)]
struct Change {
    route: String,
    change: String,
    before: Option<Day>,
    after: Option<Day>,
}

fn describe(outcome: &RevisionOutcome) -> Accepted<'_> {
    Accepted {
        kind: outcome.revision.kind.as_str(),
        source: &outcome.revision.source,
        unchanged: outcome.unchanged,
        operations: outcome.revision.operations,
        deprecated: outcome.revision.deprecated,
        changes: outcome
            .changes
            .iter()
            .map(|(route, c)| Change {
                route: route.clone(),
                change: c.change.as_str().to_owned(),
                before: c.before,
                after: c.after,
            })
            .collect(),
    }
}

fn accepted_text(a: &Accepted<'_>) -> String {
    if a.unchanged {
        return format!(
            "{}: the same document as the one in force; nothing changed.",
            a.kind
        );
    }
    let mut text = format!(
        "{}: accepted {} operations ({} deprecated) from {}.",
        a.kind, a.operations, a.deprecated, a.source
    );
    for c in &a.changes {
        let date = |d: Option<Day>| d.map_or_else(|| "none".to_owned(), |d| d.to_string());
        text.push_str(&format!(
            "\n  {:<18} {}  ({} -> {})",
            c.change,
            c.route,
            date(c.before),
            date(c.after)
        ));
    }
    text
}

pub(crate) async fn reference(
    store: &mut Store,
    command: ReferenceCommand,
    json: bool,
) -> Result<(), Failure> {
    let now = UnixMillis::now();
    match command {
        ReferenceCommand::Import { file, kind } => {
            let kind = match kind {
                Some(k) => k.into(),
                None => file_kind(&file)?,
            };
            let (outcome, _) = watch::import_reference_file(store, kind, &file, now)?;
            let accepted = describe(&outcome);
            emit(json, &accepted, || accepted_text(&accepted))
        }
        ReferenceCommand::Check { docs_url } => {
            let endpoints = Endpoints::custom(&docs_url, &docs_url, &docs_url)?;
            let client = ProcoreClient::new(&ProcoreEnvironment::Custom(Box::new(endpoints)))?;
            let mut results = Vec::new();
            for kind in [ReferenceKind::OpenApi, ReferenceKind::Legacy] {
                let held = store.reference_revision(kind)?;
                let fetched = watch::fetch_reference(&client, kind, held.as_ref()).await?;
                results.push(watch::store_fetch(store, kind, fetched, now)?);
            }
            let described: Vec<serde_json::Value> = results
                .iter()
                .map(|r| match r {
                    ReferenceCheck::NotModified(kind) => serde_json::json!({
                        "kind": kind.as_str(), "notModified": true,
                    }),
                    ReferenceCheck::Accepted(_, outcome) => {
                        serde_json::to_value(describe(outcome)).unwrap_or_default()
                    }
                })
                .collect();
            emit(json, &described, || {
                results
                    .iter()
                    .map(|r| match r {
                        ReferenceCheck::NotModified(kind) => {
                            format!("{}: not modified since the last check.", kind.as_str())
                        }
                        ReferenceCheck::Accepted(_, outcome) => accepted_text(&describe(outcome)),
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
        ReferenceCommand::Status => {
            let held: Vec<_> = [ReferenceKind::OpenApi, ReferenceKind::Legacy]
                .into_iter()
                .filter_map(|k| store.reference_revision(k).transpose())
                .collect::<Result<_, _>>()?;
            emit(json, &held, || {
                if held.is_empty() {
                    return "No reference data yet: run `plumbline reference check` or \
                            `plumbline reference import FILE`."
                        .into();
                }
                held.iter()
                    .map(|r| {
                        format!(
                            "{:<8} {} operations ({} deprecated), accepted {}, checked {}, from {}",
                            r.kind.as_str(),
                            r.operations,
                            r.deprecated,
                            Day::of(r.accepted_at),
                            Day::of(r.checked_at),
                            r.source
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })
        }
    }
}

#[derive(Debug, Args)]
pub(crate) struct ScanArgs {
    /// The folder holding the app's source code.
    dir: PathBuf,
    #[arg(long)]
    app: i64,
}

pub(crate) fn scan(store: &mut Store, args: ScanArgs, json: bool) -> Result<(), Failure> {
    let app = store.get_app(AppId(args.app))?.id;
    let root = std::fs::canonicalize(&args.dir)
        .map_err(|e| Failure(format!("Could not open {}: {e}", args.dir.display())))?;
    let report = plumbline_scan::scan(&root)?;
    watch::record_scan(store, app, &root, &report, UnixMillis::now())?;
    emit(json, &report, || {
        let mut text = format!(
            "Scanned {} files in {} ({} skipped): {} Procore calls.",
            report.files_scanned,
            root.display(),
            report.files_skipped,
            report.uses.len()
        );
        for u in &report.uses {
            text.push_str(&format!(
                "\n  {:<6} {}  {}:{}",
                u.method.as_deref().unwrap_or("?"),
                u.path,
                u.file,
                u.line
            ));
        }
        text
    })
}

#[derive(Debug, Args)]
#[group(required = true, multiple = false)]
pub(crate) struct Scope {
    #[arg(long)]
    app: Option<i64>,
    /// Every app in the portfolio.
    #[arg(long)]
    portfolio: bool,
}

#[derive(Debug, Args)]
pub(crate) struct DeprecationsArgs {
    #[command(flatten)]
    scope: Scope,
    /// The day to count from (YYYY-MM-DD); today when not given.
    #[arg(long)]
    today: Option<String>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct AppExposure {
    app_id: AppId,
    app: String,
    routes: Vec<RouteExposure>,
}

pub(crate) fn today_or(text: Option<&str>) -> Result<Day, Failure> {
    match text {
        Some(text) => Day::parse_iso(text)
            .ok_or_else(|| Failure(format!("“{text}” is not a date: write it as YYYY-MM-DD."))),
        None => Ok(Day::of(UnixMillis::now())),
    }
}

pub(crate) fn deprecations(
    store: &mut Store,
    args: DeprecationsArgs,
    json: bool,
) -> Result<(), Failure> {
    let today = today_or(args.today.as_deref())?;
    let apps = match args.scope.app {
        Some(id) => vec![store.get_app(AppId(id))?],
        None => store.list_apps()?,
    };
    let mut out = Vec::new();
    for app in apps {
        // Evaluating records the events the alerts notify on; the view is the same either way.
        let (routes, _) = watch::evaluate(store, app.id, today, UnixMillis::now())?;
        out.push(AppExposure {
            app_id: app.id,
            app: app.display_name,
            routes,
        });
    }
    if store.reference_revision(ReferenceKind::OpenApi)?.is_none()
        && store.reference_revision(ReferenceKind::Legacy)?.is_none()
        && !json
    {
        eprintln!(
            "plumbline: no reference data yet, so every route is unknown: run `plumbline \
             reference check` or `plumbline reference import FILE`."
        );
    }
    if args.scope.portfolio {
        emit(json, &out, || {
            out.iter()
                .map(|a| format!("{} (app {})\n{}", a.app, a.app_id, table(&a.routes, None)))
                .collect::<Vec<_>>()
                .join("\n\n")
        })
    } else {
        let routes = out.pop().map(|a| a.routes).unwrap_or_default();
        emit(json, &routes, || table(&routes, None))
    }
}

#[derive(Debug, Args)]
pub(crate) struct HealthArgs {
    #[arg(long)]
    app: i64,
    /// How many days, ending today (or the last day with activity).
    #[arg(long, default_value_t = 14)]
    days: i32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct HealthReport {
    from: Day,
    to: Day,
    days: Vec<plumbline_deprecations::HealthDaySummary>,
    routes: Vec<plumbline_deprecations::HealthRoute>,
}

pub(crate) fn health(store: &Store, args: HealthArgs, json: bool) -> Result<(), Failure> {
    let app = store.get_app(AppId(args.app))?.id;
    let Some(health) = watch::api_health(store, app, args.days.max(1))? else {
        return emit(json, &serde_json::Value::Null, || {
            "No API Call Activity Report imported for this app yet: download it from the \
             portal's Integration Health tab and run `plumbline import activity FILE --app ID`."
                .into()
        });
    };
    let report = HealthReport {
        from: health.from,
        to: health.to,
        days: health.days,
        routes: health.routes,
    };
    emit(json, &report, || {
        let mut text = format!(
            "API health {} to {}\n{:<10} {:>9} {:>6} {:>6} {:>6} {:>6} {:>11}",
            report.from, report.to, "DAY", "CALLS", "401", "403", "404", "429", "DEPRECATED"
        );
        for d in &report.days {
            text.push_str(&format!(
                "\n{:<10} {:>9} {:>6} {:>6} {:>6} {:>6} {:>11}",
                d.day.to_string(),
                d.calls,
                d.unauthorized,
                d.forbidden,
                d.not_found,
                d.rate_limited,
                d.deprecated_calls
            ));
        }
        text.push_str("\n\nRoutes with errors:");
        for r in report
            .routes
            .iter()
            .filter(|r| r.errors() > 0 || r.deprecated)
        {
            text.push_str(&format!(
                "\n  {:<6} {:<55} calls {:>8}  401 {:>4}  403 {:>4}  404 {:>4}  429 {:>4}{}",
                r.method,
                r.route,
                r.calls,
                r.unauthorized,
                r.forbidden,
                r.not_found,
                r.rate_limited,
                if r.deprecated { "  deprecated" } else { "" }
            ));
        }
        text
    })
}
