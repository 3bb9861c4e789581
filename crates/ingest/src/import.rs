//! Preview and import: the same parse, once without writing and once into one transaction.

use std::collections::HashMap;
use std::path::Path;

use plumbline_domain::{AppId, DailyMetric, Day, ImportKind, ImportRecord, UnixMillis};
use plumbline_store::{ApiCallRow, NewImport, Store};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::activity_report;
use crate::columns::{ColumnMapping, Field, Header};
use crate::metrics_export::{self, MetricsFile};
use crate::reader::{Source, csv_error};
use crate::{ImportError, values::shorten};

/// How far a parse has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    #[ts(type = "number")]
    pub bytes: u64,
    #[ts(type = "number")]
    pub total_bytes: u64,
    #[ts(type = "number")]
    pub rows: u64,
}

/// What an import would write, shown before anything is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub kind: ImportKind,
    pub file_name: String,
    /// SHA-256 of the file, hex: the same file imported again is recognised.
    pub sha256: String,
    #[ts(type = "number")]
    pub bytes: u64,
    /// Data rows (headers, titles and blank lines not counted).
    #[ts(type = "number")]
    pub rows: u64,
    pub first_day: Option<Day>,
    pub last_day: Option<Day>,
    /// Every column of every table in the file and what it is read as.
    pub columns: Vec<ColumnMapping>,
    /// Headers Plumbline could not map; those columns are ignored.
    pub unmapped: Vec<String>,
    /// Totals of the numbers the import would store (metrics export).
    #[ts(type = "number")]
    pub views: u64,
    #[ts(type = "number")]
    pub installs: u64,
    #[ts(type = "number")]
    pub uninstalls: u64,
    /// Calls in the report (API Call Activity Report).
    #[ts(type = "number")]
    pub calls: u64,
}

/// A finished import.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ImportOutcome {
    pub import: ImportRecord,
    pub preview: Preview,
}

fn progress_sink<'a>(
    total: u64,
    on_progress: &'a mut dyn FnMut(Progress),
) -> impl FnMut(u64, u64) + 'a {
    move |bytes, rows| {
        on_progress(Progress {
            bytes,
            total_bytes: total,
            rows,
        })
    }
}

fn metrics_preview(file: &MetricsFile, file_name: String, sha256: String, bytes: u64) -> Preview {
    let (mut views, mut installs, mut uninstalls) = (0, 0, 0);
    for (_, metric, value) in file.values() {
        match metric {
            DailyMetric::Views => views += value,
            DailyMetric::Installs => installs += value,
            DailyMetric::Uninstalls => uninstalls += value,
        }
    }
    let span = file.span();
    Preview {
        kind: ImportKind::Metrics,
        file_name,
        sha256,
        bytes,
        rows: file.rows,
        first_day: span.map(|s| s.0),
        last_day: span.map(|s| s.1),
        unmapped: unmapped(&file.columns),
        columns: file.columns.clone(),
        views,
        installs,
        uninstalls,
        calls: 0,
    }
}

fn unmapped(columns: &[ColumnMapping]) -> Vec<String> {
    columns
        .iter()
        .filter(|c| c.reads_as.is_none())
        .map(|c| c.header.clone())
        .collect()
}

fn activity_preview(
    stats: activity_report::ActivityStats,
    file_name: String,
    sha256: String,
    bytes: u64,
) -> Preview {
    Preview {
        kind: ImportKind::Activity,
        file_name,
        sha256,
        bytes,
        rows: stats.rows,
        first_day: stats.span.map(|s| s.0),
        last_day: stats.span.map(|s| s.1),
        unmapped: unmapped(&stats.columns),
        columns: stats.columns,
        views: 0,
        installs: 0,
        uninstalls: 0,
        calls: stats.calls,
    }
}

/// One report row with its strings interned: a million rows take 24 MB, not hundreds.
#[derive(Debug, Clone, Copy)]
struct CompactRow {
    day: i32,
    route: u32,
    method: u32,
    status: u16,
    count: u64,
}

/// The rows of an API Call Activity Report, held to be written in key order.
#[derive(Default)]
struct ActivityRows {
    rows: Vec<CompactRow>,
    routes: Vec<String>,
    methods: Vec<String>,
    route_ids: HashMap<String, u32, Fnv>,
    method_ids: HashMap<String, u32, Fnv>,
}

/// FNV-1a: the interning maps hash a route per row, and these keys are not attacker-chosen
/// in any way that matters (a slow import of one's own file at worst), so a fast hash wins.
#[derive(Default, Clone, Copy)]
struct Fnv;

struct FnvHasher(u64);

impl std::hash::BuildHasher for Fnv {
    type Hasher = FnvHasher;
    fn build_hasher(&self) -> FnvHasher {
        FnvHasher(0xcbf2_9ce4_8422_2325)
    }
}

impl std::hash::Hasher for FnvHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 ^ u64::from(*b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

fn intern(names: &mut Vec<String>, ids: &mut HashMap<String, u32, Fnv>, name: &str) -> u32 {
    if let Some(&id) = ids.get(name) {
        return id;
    }
    let id = names.len() as u32;
    names.push(name.to_owned());
    ids.insert(name.to_owned(), id);
    id
}

impl ActivityRows {
    fn push(&mut self, row: &activity_report::ActivityRow<'_>) {
        let route = intern(&mut self.routes, &mut self.route_ids, row.route);
        let method = intern(&mut self.methods, &mut self.method_ids, row.method);
        self.rows.push(CompactRow {
            day: row.day.0,
            route,
            method,
            status: row.status,
            count: row.count,
        });
    }

    /// Sorted as the table's primary key (day, route, method, status; text compares as
    /// bytes, as SQLite's BINARY collation does), with rows repeated in the file added up.
    fn sorted_and_merged(&mut self) -> Vec<CompactRow> {
        let rank = |names: &[String]| {
            let mut order: Vec<u32> = (0..names.len() as u32).collect();
            order.sort_by(|a, b| names[*a as usize].cmp(&names[*b as usize]));
            let mut rank = vec![0u32; names.len()];
            for (position, id) in order.into_iter().enumerate() {
                rank[id as usize] = position as u32;
            }
            rank
        };
        let (route_rank, method_rank) = (rank(&self.routes), rank(&self.methods));
        let mut rows = std::mem::take(&mut self.rows);
        rows.sort_unstable_by_key(|r| {
            (
                r.day,
                route_rank[r.route as usize],
                method_rank[r.method as usize],
                r.status,
            )
        });
        let mut merged: Vec<CompactRow> = Vec::with_capacity(rows.len());
        for row in rows {
            match merged.last_mut() {
                Some(last)
                    if (last.day, last.route, last.method, last.status)
                        == (row.day, row.route, row.method, row.status) =>
                {
                    last.count += row.count;
                }
                _ => merged.push(row),
            }
        }
        merged
    }
}

/// Which of the two portal files this is, from its first header.
pub fn detect_kind(path: &Path) -> Result<ImportKind, ImportError> {
    let mut source = Source::open(path)?;
    let mut record = csv::StringRecord::new();
    for _ in 0..5 {
        match source.csv.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(&e)),
        }
        let line = record.position().map(|p| p.line()).unwrap_or(1);
        let header = Header::new(
            record.iter().map(str::to_owned).collect(),
            &[
                Field::Date,
                Field::Views,
                Field::Installs,
                Field::Uninstalls,
                Field::Event,
                Field::Status,
                Field::Method,
                Field::Route,
            ],
        );
        if header.has(Field::Route) && header.has(Field::Method) {
            return Ok(ImportKind::Activity);
        }
        if header.has(Field::Date)
            && [
                Field::Views,
                Field::Installs,
                Field::Uninstalls,
                Field::Event,
            ]
            .iter()
            .any(|f| header.has(*f))
        {
            return Ok(ImportKind::Metrics);
        }
        if record.iter().filter(|c| !c.trim().is_empty()).count() > 1 {
            return Err(ImportError::at(
                line,
                None,
                format!(
                    "“{}” is neither the metrics export nor the API Call Activity Report: their headers name Date with Marketplace Visits or Installations, or Response Code, HTTP Method and Normalized Route",
                    shorten(&record.iter().collect::<Vec<_>>().join(", "))
                ),
            ));
        }
    }
    Err(ImportError::Empty(
        "No header found at the top of the file: is it a CSV from the Developer Portal?".into(),
    ))
}

/// Reads the whole file and says what an import would write. Writes nothing.
pub fn preview_file(
    path: &Path,
    kind: ImportKind,
    on_progress: &mut dyn FnMut(Progress),
) -> Result<Preview, ImportError> {
    let mut source = Source::open(path)?;
    let (file_name, total) = (source.file_name.clone(), source.total);
    let mut progress = progress_sink(total, on_progress);
    match kind {
        ImportKind::Metrics => {
            let file = metrics_export::parse(&mut source, &mut progress)?;
            let sha256 = source.finish()?;
            Ok(metrics_preview(&file, file_name, sha256, total))
        }
        ImportKind::Activity => {
            let stats = activity_report::parse(&mut source, |_| Ok(()), &mut progress)?;
            let sha256 = source.finish()?;
            Ok(activity_preview(stats, file_name, sha256, total))
        }
    }
}

/// Reads an API Call Activity Report without a store (the CI gate's `--activity`), handing
/// each row's day, method, route and count to `each`.
pub fn read_activity_calls(
    path: &Path,
    each: &mut dyn FnMut(Day, &str, &str, u64),
) -> Result<(), ImportError> {
    let mut source = Source::open(path)?;
    activity_report::parse(
        &mut source,
        |row| {
            each(row.day, row.method, row.route, row.count);
            Ok(())
        },
        &mut |_, _| {},
    )?;
    Ok(())
}

/// Imports the file for `app` in one transaction: all of it, or (on any error) nothing.
pub fn import_file(
    store: &mut Store,
    app: AppId,
    path: &Path,
    kind: ImportKind,
    now: UnixMillis,
    on_progress: &mut dyn FnMut(Progress),
) -> Result<ImportOutcome, ImportError> {
    let mut source = Source::open(path)?;
    let (file_name, total) = (source.file_name.clone(), source.total);
    let mut progress = progress_sink(total, on_progress);
    let mut writer = store.begin_import(app)?;
    let preview = match kind {
        ImportKind::Metrics => {
            let file = metrics_export::parse(&mut source, &mut progress)?;
            for (day, metric, value) in file.values() {
                writer.put_metric(day, metric, value)?;
            }
            let sha256 = source.finish()?;
            metrics_preview(&file, file_name, sha256, total)
        }
        ImportKind::Activity => {
            let mut rows = ActivityRows::default();
            let stats = activity_report::parse(
                &mut source,
                |row| {
                    rows.push(&row);
                    Ok(())
                },
                &mut progress,
            )?;
            let sha256 = source.finish()?;
            // In key order: each insert lands beside the previous one in the table's B-tree,
            // which is what makes a million rows fast.
            let merged = rows.sorted_and_merged();
            writer.put_api_calls(
                merged.iter().map(|row| ApiCallRow {
                    day: Day(row.day),
                    method: &rows.methods[row.method as usize],
                    route: &rows.routes[row.route as usize],
                    status: row.status,
                    count: row.count,
                }),
                &mut |written| progress(total, written),
            )?;
            activity_preview(stats, file_name, sha256, total)
        }
    };
    drop(progress);
    let import = writer.finish(
        NewImport {
            kind,
            file_name: preview.file_name.clone(),
            sha256: preview.sha256.clone(),
            rows: preview.rows,
            first_day: preview.first_day,
            last_day: preview.last_day,
        },
        now,
    )?;
    on_progress(Progress {
        bytes: total,
        total_bytes: total,
        rows: preview.rows,
    });
    Ok(ImportOutcome { import, preview })
}
