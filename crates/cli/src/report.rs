//! `plumbline check`: the CI gate. It works with a database (`--app`: the stored reference
//! and routes) or without one (the files and folders given), and reports as a terminal
//! table, JSON, SARIF (each scanned use on its file and line, so code hosts show it on the
//! diff) or JUnit (each failing route a failed case).
//!
//! Exit codes: 0 when nothing fails, 1 when a used route fails the gate, 2 on bad usage or
//! input that cannot be read (so a CI can tell "your routes fail" from "the check did not run").

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use clap::Args;
use plumbline_deprecations::{
    ReferenceIndex, RouteCalls, RouteExposure, RouteKey, RouteStatus, RouteUse, SeenIn,
    activity_uses, exposure, parse_reference_hashed,
};
use plumbline_domain::{AppId, Day, ReferenceKind, UseSource};
use plumbline_engine::watch;
use plumbline_procore::{Endpoints, Fetched, ProcoreClient, ProcoreEnvironment};
use serde::Serialize;

use crate::Failure;
use crate::watch::{file_kind, today_or};

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    /// Use this app's stored reference, activity, headers and scans.
    #[arg(long)]
    app: Option<i64>,
    /// A reference document: a file (OpenAPI or legacy JSON) or an http(s) URL. Repeatable.
    #[arg(long, value_name = "FILE|URL")]
    reference: Vec<String>,
    /// An API Call Activity Report downloaded from the portal. Repeatable.
    #[arg(long, value_name = "FILE")]
    activity: Vec<PathBuf>,
    /// A source folder to scan for Procore calls. Repeatable.
    #[arg(long, value_name = "DIR")]
    scan: Vec<PathBuf>,
    /// Fail when a used route's sunset is within this many days (or past).
    #[arg(long, default_value_t = 90, value_name = "DAYS")]
    fail_within: i32,
    /// Also fail when any used route is deprecated.
    #[arg(long)]
    fail_on_deprecated: bool,
    /// The day to count from (YYYY-MM-DD), for reproducible runs.
    #[arg(long)]
    today: Option<String>,
    /// Write SARIF 2.1.0 to this file.
    #[arg(long, value_name = "FILE", conflicts_with = "junit")]
    sarif: Option<PathBuf>,
    /// Write a JUnit XML report to this file.
    #[arg(long, value_name = "FILE")]
    junit: Option<PathBuf>,
}

/// `--json`: the shape scripts read.
#[derive(Serialize)]
struct CheckJson<'a> {
    today: Day,
    fail_within: i32,
    routes: Vec<RouteJson<'a>>,
}

#[derive(Serialize)]
struct RouteJson<'a> {
    method: &'a str,
    path: &'a str,
    status: &'static str,
    deprecated_at: Option<Day>,
    sunset: Option<Day>,
    days_left: Option<i32>,
    failing: bool,
    replacement: Option<&'a str>,
    link: Option<&'a str>,
    seen_in: Vec<SeenJson>,
}

#[derive(Serialize)]
struct SeenJson {
    source: &'static str,
    file: Option<String>,
    line: Option<u32>,
    calls: Option<u64>,
    last_called: Option<Day>,
}

/// Where a scanned use lives, as a path a reader (and a code host) recognises: relative to
/// the working directory when the scanned folder is inside it.
fn use_location(seen: &SeenIn) -> Option<String> {
    let file = seen.file.as_deref()?;
    let Some(root) = seen.root.as_deref() else {
        return Some(file.to_owned());
    };
    let full = Path::new(root).join(file);
    let relative = std::env::current_dir()
        .ok()
        .and_then(|cwd| full.strip_prefix(cwd).ok().map(Path::to_path_buf))
        .unwrap_or(full);
    Some(relative.to_string_lossy().replace('\\', "/"))
}

/// Where a use was seen, for a person: `src/app.ts:12`, `activity`, `headers`.
fn place(seen: &SeenIn) -> String {
    match seen.source {
        UseSource::Scan => format!(
            "{}:{}",
            use_location(seen).unwrap_or_default(),
            seen.line.unwrap_or(0)
        ),
        other => other.as_str().to_owned(),
    }
}

pub(crate) fn days_left_text(route: &RouteExposure) -> String {
    match route.days_left {
        Some(d) if d < 0 => format!("{} days ago", -d),
        Some(0) => "today".into(),
        Some(d) => format!("{d} days"),
        None => "-".into(),
    }
}

/// A table a person reads in a terminal; `gate` marks failing routes.
pub(crate) fn table(routes: &[RouteExposure], gate: Option<(i32, bool)>) -> String {
    if routes.is_empty() {
        return "No Procore routes known for this app yet: import an API Call Activity \
                Report or scan its source folder."
            .into();
    }
    let date = |d: Option<Day>| d.map_or_else(|| "-".to_owned(), |d| d.to_string());
    let mut text = format!(
        "{:<2}{:<11} {:>13}  {:<10}  {:<10}  {:>8}  {:<60}  SEEN IN",
        "", "STATUS", "SUNSET IN", "SUNSET", "DEPRECATED", "CALLS/30D", "ROUTE"
    );
    for r in routes {
        let failing = gate.is_some_and(|(within, dep)| r.failing(within, dep));
        let seen: Vec<String> = r.seen_in.iter().map(place).collect();
        text.push_str(&format!(
            "\n{:<2}{:<11} {:>13}  {:<10}  {:<10}  {:>8}  {:<60}  {}",
            if failing { "✗" } else { "" },
            r.status.as_str(),
            days_left_text(r),
            date(r.sunset),
            date(r.deprecated_at),
            r.calls_30d,
            format!("{} {}", r.method, r.path),
            seen.join(", ")
        ));
        if let Some(replacement) = &r.replacement {
            text.push_str(&format!("\n{:>15} use instead: {replacement}", ""));
        }
    }
    text
}

/// Reads a reference from a file or a URL (fetched once, unconditionally: a CI keeps no
/// validators).
async fn read_reference(
    source: &str,
) -> Result<(ReferenceKind, plumbline_deprecations::ParsedReference), Failure> {
    if source.starts_with("http://") || source.starts_with("https://") {
        let url = url_parts(source)?;
        let endpoints = Endpoints::custom(&url.0, &url.0, &url.0)?;
        let client = ProcoreClient::new(&ProcoreEnvironment::Custom(Box::new(endpoints)))?;
        let Fetched::Fresh { body, .. } = client.fetch_conditional(&url.1, None, None).await?
        else {
            return Err(Failure(format!(
                "{source} answered 304 to a request without validators"
            )));
        };
        let kind = plumbline_deprecations::guess_kind(&body[..body.len().min(4096)]);
        let (parsed, _) = parse_reference_hashed(kind, body.as_slice())?;
        return Ok((kind, parsed));
    }
    let path = Path::new(source);
    let kind = file_kind(path)?;
    let file =
        std::fs::File::open(path).map_err(|e| Failure(format!("Could not read {source}: {e}")))?;
    let (parsed, _) = parse_reference_hashed(kind, std::io::BufReader::new(file))
        .map_err(|e| Failure(format!("{source}: {e}")))?;
    Ok((kind, parsed))
}

/// `https://host/path?query` -> (`https://host`, `/path?query`).
fn url_parts(url: &str) -> Result<(String, String), Failure> {
    let after = url.find("://").map(|i| i + 3).unwrap_or(0);
    let slash = url[after..]
        .find('/')
        .map(|i| after + i)
        .unwrap_or(url.len());
    if slash == after {
        return Err(Failure(format!("{url} has no host")));
    }
    let path = if slash == url.len() {
        "/"
    } else {
        &url[slash..]
    };
    Ok((url[..slash].to_owned(), path.to_owned()))
}

fn index_from(
    parsed: Vec<(ReferenceKind, plumbline_deprecations::ParsedReference)>,
) -> ReferenceIndex {
    // The OpenAPI document first; the legacy one fills what it leaves out.
    let mut merged: HashMap<RouteKey, plumbline_domain::OperationFacts> = HashMap::new();
    let mut ordered = parsed;
    ordered.sort_by_key(|(k, _)| *k == ReferenceKind::Legacy);
    for (_, p) in ordered {
        for (key, op) in p.operations {
            match merged.get_mut(&key) {
                None => {
                    merged.insert(key, op);
                }
                Some(primary) => primary.fill_from(op),
            }
        }
    }
    ReferenceIndex::new(
        merged
            .into_iter()
            .map(|(k, f)| (k, f, Vec::new()))
            .collect(),
    )
}

/// Uses from activity reports given on the command line.
fn report_uses(
    files: &[PathBuf],
    today: Day,
    uses: &mut Vec<RouteUse>,
    calls: &mut HashMap<RouteKey, RouteCalls>,
) -> Result<(), Failure> {
    for file in files {
        let mut rows: Vec<(String, String, Day, u64)> = Vec::new();
        plumbline_ingest::read_activity_calls(file, &mut |day, method, route, count| {
            rows.push((method.to_owned(), route.to_owned(), day, count));
        })
        .map_err(|e| Failure(format!("{}: {e}", file.display())))?;
        activity_uses(
            rows.iter()
                .map(|(m, r, d, c)| (m.as_str(), r.as_str(), *d, *c)),
            Some(&file.display().to_string()),
            today,
            uses,
            calls,
        );
    }
    Ok(())
}

fn scan_uses(dirs: &[PathBuf], uses: &mut Vec<RouteUse>) -> Result<(), Failure> {
    for dir in dirs {
        let root = std::fs::canonicalize(dir)
            .map_err(|e| Failure(format!("Could not open {}: {e}", dir.display())))?;
        let report = plumbline_scan::scan(&root)?;
        for u in report.uses {
            uses.push(RouteUse {
                method: u.method,
                path: u.path,
                seen: SeenIn::scanned(u.file, u.line, root.display().to_string()),
            });
        }
    }
    Ok(())
}

/// Runs the gate; `Ok(true)` when a route fails it.
pub(crate) async fn check(
    db: Option<PathBuf>,
    args: CheckArgs,
    json: bool,
) -> Result<bool, Failure> {
    let today = today_or(args.today.as_deref())?;
    if args.fail_within < 0 {
        return Err(Failure(
            "--fail-within takes a number of days, 0 or more.".into(),
        ));
    }
    let mut uses = Vec::new();
    let mut calls = HashMap::new();
    let mut headers = Vec::new();
    let mut index = None;
    if let Some(app) = args.app {
        let store = crate::open_store(db)?;
        let app = store.get_app(AppId(app))?.id;
        let stored = watch::stored_uses(&store, app, today)?;
        uses = stored.uses;
        calls = stored.calls;
        headers = stored.headers;
        if args.reference.is_empty() {
            let stored_index = watch::reference_index(&store)?;
            if stored_index.is_empty() {
                return Err(Failure(
                    "No reference data is stored: run `plumbline reference check`, or pass \
                     --reference FILE|URL."
                        .into(),
                ));
            }
            index = Some(stored_index);
        }
    } else if args.reference.is_empty() {
        return Err(Failure(
            "Without --app, give the reference to check against: --reference FILE|URL (the \
             OpenAPI document from Procore's docs host, or a downloaded copy)."
                .into(),
        ));
    } else if args.activity.is_empty() && args.scan.is_empty() {
        return Err(Failure(
            "Nothing to check: give --activity FILE or --scan DIR (or --app ID).".into(),
        ));
    }
    let index = match index {
        Some(index) => index,
        None => {
            let mut parsed = Vec::new();
            for source in &args.reference {
                parsed.push(read_reference(source).await?);
            }
            index_from(parsed)
        }
    };
    report_uses(&args.activity, today, &mut uses, &mut calls)?;
    scan_uses(&args.scan, &mut uses)?;
    let routes = exposure(&index, &uses, &calls, &headers, today);
    let failing = routes
        .iter()
        .any(|r| r.failing(args.fail_within, args.fail_on_deprecated));

    if let Some(path) = &args.sarif {
        write_file(
            path,
            &sarif(&routes, args.fail_within, args.fail_on_deprecated),
        )?;
    }
    if let Some(path) = &args.junit {
        write_file(
            path,
            &junit(&routes, args.fail_within, args.fail_on_deprecated, today),
        )?;
    }
    if json {
        let out = CheckJson {
            today,
            fail_within: args.fail_within,
            routes: routes
                .iter()
                .map(|r| route_json(r, args.fail_within, args.fail_on_deprecated))
                .collect(),
        };
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!(
            "{}",
            table(&routes, Some((args.fail_within, args.fail_on_deprecated)))
        );
        let count = routes
            .iter()
            .filter(|r| r.failing(args.fail_within, args.fail_on_deprecated))
            .count();
        let unknown = routes
            .iter()
            .filter(|r| r.status == RouteStatus::Unknown)
            .count();
        println!(
            "\n{} routes checked on {today}: {count} failing (sunset within {} days{}), {unknown} \
             not in the reference.",
            routes.len(),
            args.fail_within,
            if args.fail_on_deprecated {
                " or deprecated"
            } else {
                ""
            }
        );
    }
    Ok(failing)
}

fn write_file(path: &Path, text: &str) -> Result<(), Failure> {
    std::fs::write(path, text)
        .map_err(|e| Failure(format!("Could not write {}: {e}", path.display())))
}

fn route_json(r: &RouteExposure, within: i32, dep: bool) -> RouteJson<'_> {
    RouteJson {
        method: &r.method,
        path: &r.path,
        status: r.status.as_str(),
        deprecated_at: r.deprecated_at,
        sunset: r.sunset,
        days_left: r.days_left,
        failing: r.failing(within, dep),
        replacement: r.replacement.as_deref(),
        link: r.link.as_deref(),
        seen_in: r
            .seen_in
            .iter()
            .map(|s| SeenJson {
                source: s.source.as_str(),
                file: match s.source {
                    UseSource::Scan => use_location(s),
                    _ => s.file.clone(),
                },
                line: s.line,
                calls: s.calls,
                last_called: s.last_called,
            })
            .collect(),
    }
}

fn explain(r: &RouteExposure) -> String {
    let mut text = format!("{} {} is {}", r.method, r.path, r.status.as_str());
    match (r.sunset, r.days_left) {
        (Some(s), Some(d)) if d < 0 => text.push_str(&format!(": it stopped working on {s}")),
        (Some(s), Some(d)) => text.push_str(&format!(": it stops working on {s}, in {d} days")),
        _ => {}
    }
    if let Some(at) = r.deprecated_at {
        text.push_str(&format!(" (deprecated {at})"));
    }
    if r.status == RouteStatus::Unknown {
        text.push_str(": Procore's reference does not list it");
    }
    if let Some(replacement) = &r.replacement {
        text.push_str(&format!(". Use {replacement} instead"));
    }
    text.push('.');
    text
}

/// SARIF 2.1.0: one result per scanned use of a route that is not active, on its file and
/// line; routes seen only in activity or headers are results without a location.
fn sarif(routes: &[RouteExposure], within: i32, dep: bool) -> String {
    let rule = |status: RouteStatus| match status {
        RouteStatus::Sunset => "procore-route-sunset",
        RouteStatus::Deprecated => "procore-route-deprecated",
        RouteStatus::Unknown => "procore-route-unknown",
        RouteStatus::Active => "procore-route-active",
    };
    let mut results = Vec::new();
    for r in routes.iter().filter(|r| r.status != RouteStatus::Active) {
        let level = if r.failing(within, dep) {
            "error"
        } else if r.status == RouteStatus::Unknown {
            "note"
        } else {
            "warning"
        };
        let message = serde_json::json!({ "text": explain(r) });
        let scanned: Vec<&SeenIn> = r
            .seen_in
            .iter()
            .filter(|s| s.source == UseSource::Scan)
            .collect();
        if scanned.is_empty() {
            results.push(serde_json::json!({
                "ruleId": rule(r.status), "level": level, "message": message,
            }));
        }
        for s in scanned {
            results.push(serde_json::json!({
                "ruleId": rule(r.status),
                "level": level,
                "message": message,
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": { "uri": use_location(s).unwrap_or_default() },
                        "region": { "startLine": s.line.unwrap_or(1) }
                    }
                }],
            }));
        }
    }
    let rules: Vec<_> = [
        (
            "procore-route-sunset",
            "A Procore route past its sunset: it no longer answers in production.",
        ),
        (
            "procore-route-deprecated",
            "A deprecated Procore route: move to its replacement before the sunset.",
        ),
        (
            "procore-route-unknown",
            "A route Procore's API reference does not list.",
        ),
    ]
    .iter()
    .map(|(id, text)| serde_json::json!({ "id": id, "shortDescription": { "text": text } }))
    .collect();
    let doc = serde_json::json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "plumbline",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": results,
        }],
    });
    serde_json::to_string_pretty(&doc).unwrap_or_default()
}

fn xml(text: &str) -> String {
    text.chars()
        .map(|c| match c {
            '&' => "&amp;".into(),
            '<' => "&lt;".into(),
            '>' => "&gt;".into(),
            '"' => "&quot;".into(),
            '\'' => "&apos;".into(),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\t') => " ".into(),
            c => c.to_string(),
        })
        .collect()
}

/// JUnit XML: one test case per used route, failed when the route fails the gate.
fn junit(routes: &[RouteExposure], within: i32, dep: bool, today: Day) -> String {
    let failures = routes.iter().filter(|r| r.failing(within, dep)).count();
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"plumbline check\" \
         tests=\"{}\" failures=\"{failures}\">\n  <testsuite name=\"Procore routes ({today})\" \
         tests=\"{}\" failures=\"{failures}\" errors=\"0\" skipped=\"0\">\n",
        routes.len(),
        routes.len()
    );
    for r in routes {
        out.push_str(&format!(
            "    <testcase classname=\"{}\" name=\"{}\"",
            xml(r.status.as_str()),
            xml(&format!("{} {}", r.method, r.path))
        ));
        if r.failing(within, dep) {
            let places: Vec<String> = r.seen_in.iter().map(place).collect();
            out.push_str(&format!(
                ">\n      <failure message=\"{}\" type=\"{}\">Seen in: {}</failure>\n    </testcase>\n",
                xml(&explain(r)),
                r.status.as_str(),
                xml(&places.join(", "))
            ));
        } else {
            out.push_str("/>\n");
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}
