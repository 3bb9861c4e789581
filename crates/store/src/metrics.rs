//! Daily metrics and API call activity: imports written in one transaction, the REST
//! snapshots' daily counts, and the bucketed sums the trend views read.

use plumbline_domain::{AppId, DailyMetric, Day, ImportKind, ImportRecord, UnixMillis};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use crate::{Store, StoreError};

/// How a series groups days.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    Day,
    /// ISO weeks, Monday first.
    Week,
    Month,
}

/// Which apps a series adds up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    App(AppId),
    /// Every app in the portfolio.
    Portfolio,
}

/// The sums of one bucket, as stored (no derived metrics).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BucketSums {
    /// The bucket's first day (a Monday for weeks, the 1st for months).
    pub start: Day,
    pub views: u64,
    pub installs: u64,
    pub uninstalls: u64,
    /// Companies already installed when REST tracking began, counted on that day.
    pub baseline: u64,
    /// Days in the bucket with a number for each metric (none means a gap, not a zero).
    pub views_days: u32,
    pub installs_days: u32,
    pub uninstalls_days: u32,
    /// [`plumbline_domain::MetricSource::bit`]s of the numbers in the bucket.
    pub source_bits: u8,
}

/// One row of an API Call Activity Report, for [`ImportWriter::put_api_calls`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ApiCallRow<'a> {
    pub day: Day,
    pub method: &'a str,
    pub route: &'a str,
    pub status: u16,
    pub count: u64,
}

/// What an import covered, to be recorded with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewImport {
    pub kind: ImportKind,
    pub file_name: String,
    pub sha256: String,
    pub rows: u64,
    pub first_day: Option<Day>,
    pub last_day: Option<Day>,
}

/// An import in progress: one write transaction. Dropping it without [`ImportWriter::finish`]
/// rolls everything back, so a failed or cancelled import leaves nothing behind.
pub struct ImportWriter<'a> {
    tx: Transaction<'a>,
    app: AppId,
    span: Option<(Day, Day)>,
}

fn widen(span: Option<(Day, Day)>, day: Day) -> Option<(Day, Day)> {
    Some(match span {
        None => (day, day),
        Some((a, b)) => (a.min(day), b.max(day)),
    })
}

/// Brings `daily_metrics` and `metric_rollups` in step with `metric_values` for `app` over
/// `[from, to]`, widened to the days holding a REST baseline (whether a baseline counts
/// depends on the CSV history before it) and to whole weeks and months for the rollups.
fn resolve(tx: &Transaction<'_>, app: AppId, from: Day, to: Day) -> Result<(), StoreError> {
    let baselines: (Option<i32>, Option<i32>) = tx
        .prepare_cached(
            "SELECT min(day), max(day) FROM metric_values WHERE app_id = ?1 AND metric = 'baseline'",
        )?
        .query_row([app.0], |r| Ok((r.get(0)?, r.get(1)?)))?;
    let from = baselines.0.map_or(from, |d| from.min(Day(d)));
    let to = baselines.1.map_or(to, |d| to.max(Day(d)));
    tx.prepare_cached("DELETE FROM daily_metrics WHERE app_id = ?1 AND day BETWEEN ?2 AND ?3")?
        .execute(params![app.0, from.0, to.0])?;
    tx.prepare_cached(
        "INSERT INTO daily_metrics SELECT * FROM resolved_metrics
         WHERE app_id = ?1 AND day BETWEEN ?2 AND ?3",
    )?
    .execute(params![app.0, from.0, to.0])?;
    for (grain, first, last) in [
        (1, from.week_start(), to.week_start().plus(6)),
        (2, from.month_start(), to.plus(32).month_start().plus(-1)),
    ] {
        tx.prepare_cached(
            "DELETE FROM metric_rollups WHERE grain = ?1 AND app_id = ?2 AND start BETWEEN ?3 AND ?4",
        )?
        .execute(params![grain, app.0, first.0, last.0])?;
        tx.prepare_cached(
            "INSERT INTO metric_rollups
             SELECT grain, app_id, start, coalesce(sum(views), 0), coalesce(sum(installs), 0),
                    coalesce(sum(uninstalls), 0), sum(baseline), count(views), count(installs),
                    count(uninstalls),
                    max(source_bits & 4) + max(source_bits & 2) + max(source_bits & 1)
             FROM rollup_days
             WHERE grain = ?1 AND app_id = ?2 AND day BETWEEN ?3 AND ?4
             GROUP BY start",
        )?
        .execute(params![grain, app.0, first.0, last.0])?;
    }
    Ok(())
}

impl ImportWriter<'_> {
    /// Sets a CSV number, replacing what an earlier import said for the same day.
    pub fn put_metric(
        &mut self,
        day: Day,
        metric: DailyMetric,
        value: u64,
    ) -> Result<(), StoreError> {
        self.tx
            .prepare_cached(
                "INSERT INTO metric_values (app_id, metric, day, source, value)
                 VALUES (?1, ?2, ?3, 'csv', ?4)
                 ON CONFLICT (app_id, metric, day, source) DO UPDATE SET value = excluded.value",
            )?
            .execute(params![self.app.0, metric.as_str(), day.0, value as i64])?;
        self.span = widen(self.span, day);
        Ok(())
    }

    /// Sets API call counts, each replacing what an earlier report said for the same key
    /// (overlapping reports agree on it; rows repeated inside one file are the caller's to add
    /// up first). One prepared statement for all of them, since a report can hold millions of
    /// rows; `progress` hears the rows written so far every 65,536 rows.
    pub fn put_api_calls<'r>(
        &mut self,
        rows: impl IntoIterator<Item = ApiCallRow<'r>>,
        progress: &mut dyn FnMut(u64),
    ) -> Result<u64, StoreError> {
        let mut insert = self.tx.prepare_cached(
            "INSERT INTO api_calls (app_id, day, method, route, status, count)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)
             ON CONFLICT (app_id, day, route, method, status) DO UPDATE SET count = excluded.count",
        )?;
        let mut written = 0u64;
        for row in rows {
            insert.execute(params![
                self.app.0,
                row.day.0,
                row.method,
                row.route,
                row.status,
                row.count as i64
            ])?;
            written += 1;
            if written.is_multiple_of(65_536) {
                progress(written);
            }
        }
        Ok(written)
    }

    /// Records the import and commits everything it wrote.
    pub fn finish(self, import: NewImport, now: UnixMillis) -> Result<ImportRecord, StoreError> {
        if let Some((from, to)) = self.span {
            resolve(&self.tx, self.app, from, to)?;
        }
        self.tx.execute(
            "INSERT INTO imports (app_id, kind, file_name, sha256, imported_at, rows, first_day, last_day)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
            params![
                self.app.0,
                import.kind.as_str(),
                import.file_name,
                import.sha256,
                now.0,
                import.rows as i64,
                import.first_day.map(|d| d.0),
                import.last_day.map(|d| d.0)
            ],
        )?;
        let id = self.tx.last_insert_rowid();
        self.tx.commit()?;
        Ok(ImportRecord {
            id,
            app_id: self.app,
            kind: import.kind,
            file_name: import.file_name,
            sha256: import.sha256,
            imported_at: now,
            rows: import.rows,
            first_day: import.first_day,
            last_day: import.last_day,
        })
    }
}

/// Writes REST snapshot counts for `day` inside the snapshot's transaction: installs and
/// uninstalls observed that day (baseline excluded), or the baseline itself.
pub(crate) fn record_rest_day(
    tx: &Transaction<'_>,
    app: AppId,
    day: Day,
) -> Result<(), StoreError> {
    let (start, end) = (day.start().0, day.plus(1).start().0);
    tx.prepare_cached(
        "INSERT OR REPLACE INTO metric_values (app_id, metric, day, source, value)
         SELECT ?1, CASE WHEN baseline THEN 'baseline' WHEN kind = 'install' THEN 'installs'
                         ELSE 'uninstalls' END,
                ?2, 'rest', count(*)
         FROM installation_events
         WHERE app_id = ?1 AND at >= ?3 AND at < ?4
         GROUP BY 2",
    )?
    .execute(params![app.0, day.0, start, end])?;
    resolve(tx, app, day, day)
}

/// The longest time between two syncs that still counts as watching without a gap. The
/// scheduler syncs every 15 minutes to an hour or so; a laptop asleep over midnight leaves a
/// gap, and the days around it stay missing rather than quiet.
pub const REST_COVERAGE_GAP_MS: i64 = 3 * 3_600_000;

/// Extends the app's latest span of watching to `at` (or starts a new one after a gap) and
/// gives each day that span now covers whole an explicit zero for the kinds of event its
/// syncs did not see, inside the snapshot's transaction.
pub(crate) fn extend_rest_coverage(
    tx: &Transaction<'_>,
    app: AppId,
    at: UnixMillis,
) -> Result<(), StoreError> {
    let latest: Option<(i64, i64, i64)> = tx
        .prepare_cached(
            "SELECT rowid, from_at, to_at FROM rest_coverage WHERE app_id = ?1
             ORDER BY to_at DESC LIMIT 1",
        )?
        .query_row([app.0], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .optional()?;
    let within = |&(_, _, to): &(i64, i64, i64)| at.0 >= to && at.0 - to <= REST_COVERAGE_GAP_MS;
    let Some((span, from, to)) = latest.filter(within) else {
        // A first sync, or one after a gap: a new span (a clock set back adds nothing).
        if latest.is_none_or(|(_, _, to)| at.0 > to) {
            tx.execute(
                "INSERT INTO rest_coverage (app_id, from_at, to_at) VALUES (?1, ?2, ?2)",
                params![app.0, at.0],
            )?;
        }
        return Ok(());
    };
    tx.execute(
        "UPDATE rest_coverage SET to_at = ?2 WHERE rowid = ?1",
        params![span, at.0],
    )?;
    // The days the span now covers whole for the first time: starting at or after its start,
    // ending after its previous end and at or before `at`.
    let from_day = Day::of(UnixMillis(from));
    let first_whole = if from_day.start().0 == from {
        from_day
    } else {
        from_day.plus(1)
    };
    let first = first_whole.max(Day::of(UnixMillis(to)));
    let mut last = None;
    let mut zeros = tx.prepare_cached(
        "INSERT OR IGNORE INTO metric_values (app_id, metric, day, source, value)
         VALUES (?1, ?2, ?3, 'rest', 0)",
    )?;
    let mut day = first;
    while day.plus(1).start().0 <= at.0 {
        for metric in [DailyMetric::Installs, DailyMetric::Uninstalls] {
            zeros.execute(params![app.0, metric.as_str(), day.0])?;
        }
        last = Some(day);
        day = day.plus(1);
    }
    if let Some(last) = last {
        resolve(tx, app, first, last)?;
    }
    Ok(())
}

/// The days of `[from, to]` split for a series: whole buckets read from `metric_rollups`,
/// the partial first and last buckets from `daily_metrics`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Plan {
    /// Whole buckets start in `[whole_from, whole_until)`.
    whole_from: Day,
    whole_until: Day,
    /// Days read one by one: `[from, head_to]` and `[tail_from, to]` (empty when reversed).
    head_to: Day,
    tail_from: Day,
}

fn next_start(bucket: Bucket, day: Day) -> Day {
    match bucket {
        Bucket::Day => day.plus(1),
        Bucket::Week => day.week_start().plus(7),
        Bucket::Month => day.plus(32).month_start(),
    }
}

fn start_of(bucket: Bucket, day: Day) -> Day {
    match bucket {
        Bucket::Day => day,
        Bucket::Week => day.week_start(),
        Bucket::Month => day.month_start(),
    }
}

fn plan(bucket: Bucket, from: Day, to: Day) -> Plan {
    let whole_from = if start_of(bucket, from) == from {
        from
    } else {
        next_start(bucket, from)
    };
    let whole_until = start_of(bucket, to.plus(1));
    if whole_from >= whole_until {
        // No whole bucket: every day is read from daily_metrics.
        return Plan {
            whole_from: Day(0),
            whole_until: Day(0),
            head_to: to,
            tail_from: to.plus(1),
        };
    }
    Plan {
        whole_from,
        whole_until,
        head_to: whole_from.plus(-1),
        tail_from: whole_until,
    }
}

/// Parameters: ?1 app (NULL for the portfolio), ?2 from, ?3 to, ?4 grain, ?5 whole_from,
/// ?6 whole_until, ?7 head_to, ?8 tail_from.
fn bucket_sql(scope: Scope, bucket: Bucket) -> String {
    let (app, rollup_app) = match scope {
        Scope::App(_) => ("app_id = ?1", "app_id = ?1"),
        Scope::Portfolio => ("?1 IS NULL", "?1 IS NULL"),
    };
    let day_columns = "views, installs, uninstalls, baseline, views IS NOT NULL AS views_days,
               installs IS NOT NULL AS installs_days, uninstalls IS NOT NULL AS uninstalls_days,
               source_bits";
    let totals = "sum(views), sum(installs), sum(uninstalls), sum(baseline), sum(views_days),
            sum(installs_days), sum(uninstalls_days),
            max(source_bits & 4) + max(source_bits & 2) + max(source_bits & 1)";
    if bucket == Bucket::Day {
        return format!(
            "SELECT day, {totals} FROM (SELECT day, {day_columns} FROM daily_metrics
                                        WHERE {app} AND day BETWEEN ?2 AND ?3)
             GROUP BY day ORDER BY day"
        );
    }
    let key = match bucket {
        Bucket::Week => "day - (day + 3) % 7",
        _ => "month_start",
    };
    format!(
        "SELECT bucket, {totals} FROM (
             SELECT start AS bucket, views, installs, uninstalls, baseline, views_days,
                    installs_days, uninstalls_days, source_bits
             FROM metric_rollups
             WHERE grain = ?4 AND {rollup_app} AND start >= ?5 AND start < ?6
             UNION ALL
             SELECT {key} AS bucket, {day_columns} FROM daily_metrics
             WHERE {app} AND day BETWEEN ?2 AND ?7
             UNION ALL
             SELECT {key} AS bucket, {day_columns} FROM daily_metrics
             WHERE {app} AND day BETWEEN ?8 AND ?3)
         GROUP BY bucket ORDER BY bucket"
    )
}

fn grain(bucket: Bucket) -> i64 {
    match bucket {
        Bucket::Day => 0,
        Bucket::Week => 1,
        Bucket::Month => 2,
    }
}

fn scope_param(scope: Scope) -> Option<i64> {
    match scope {
        Scope::App(app) => Some(app.0),
        Scope::Portfolio => None,
    }
}

impl Store {
    /// Starts an import for `app` (which must exist): one transaction until `finish`.
    pub fn begin_import(&mut self, app: AppId) -> Result<ImportWriter<'_>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        crate::apps::ensure_app(&tx, app)?;
        Ok(ImportWriter {
            tx,
            app,
            span: None,
        })
    }

    /// The SQL behind [`Store::bucket_sums`] with its parameters written in, for benchmarks
    /// that run the same query elsewhere (the `sqlite3` shell).
    pub fn bucket_sums_sql(scope: Scope, bucket: Bucket, from: Day, to: Day) -> String {
        let p = plan(bucket, from, to);
        let app = scope_param(scope).map_or("NULL".to_owned(), |a| a.to_string());
        let values = [
            app,
            from.0.to_string(),
            to.0.to_string(),
            grain(bucket).to_string(),
            p.whole_from.0.to_string(),
            p.whole_until.0.to_string(),
            p.head_to.0.to_string(),
            p.tail_from.0.to_string(),
        ];
        let mut sql = bucket_sql(scope, bucket);
        // Highest first, so that ?1 does not match the start of ?10 (there is none, but still).
        for (i, value) in values.iter().enumerate().rev() {
            sql = sql.replace(&format!("?{}", i + 1), value);
        }
        sql
    }

    /// Per-bucket sums over `[from, to]`, buckets without data left out.
    pub fn bucket_sums(
        &self,
        scope: Scope,
        bucket: Bucket,
        from: Day,
        to: Day,
    ) -> Result<Vec<BucketSums>, StoreError> {
        let p = plan(bucket, from, to);
        let mut stmt = self.conn.prepare_cached(&bucket_sql(scope, bucket))?;
        let mut values: Vec<Option<i64>> =
            vec![scope_param(scope), Some(from.0.into()), Some(to.0.into())];
        if bucket != Bucket::Day {
            values.extend(
                [
                    grain(bucket),
                    p.whole_from.0.into(),
                    p.whole_until.0.into(),
                    p.head_to.0.into(),
                    p.tail_from.0.into(),
                ]
                .map(Some),
            );
        }
        let params = rusqlite::params_from_iter(values);
        let rows = stmt.query_map(params, |r| {
            let number = |i: usize| -> rusqlite::Result<u64> {
                Ok(r.get::<_, Option<i64>>(i)?.unwrap_or(0).max(0) as u64)
            };
            Ok(BucketSums {
                start: Day(r.get(0)?),
                views: number(1)?,
                installs: number(2)?,
                uninstalls: number(3)?,
                baseline: number(4)?,
                views_days: number(5)? as u32,
                installs_days: number(6)? as u32,
                uninstalls_days: number(7)? as u32,
                source_bits: number(8)? as u8,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Installed companies at the start of `day`: the baseline plus installs minus uninstalls
    /// before it (whole months from the rollups, the rest of `day`'s month day by day).
    pub fn active_before(&self, scope: Scope, day: Day) -> Result<i64, StoreError> {
        let app = match scope {
            Scope::App(_) => "app_id = ?1",
            Scope::Portfolio => "?1 IS NULL",
        };
        let sql = format!(
            "SELECT coalesce(sum(n), 0) FROM (
                 SELECT installs - uninstalls + baseline AS n FROM metric_rollups
                 WHERE grain = 2 AND {app} AND start < ?2
                 UNION ALL
                 SELECT coalesce(installs, 0) - coalesce(uninstalls, 0) + baseline FROM daily_metrics
                 WHERE {app} AND day >= ?2 AND day < ?3)"
        );
        Ok(self.conn.prepare_cached(&sql)?.query_row(
            params![scope_param(scope), day.month_start().0, day.0],
            |r| r.get(0),
        )?)
    }

    /// The first and last day with any number, if there are any.
    pub fn metrics_span(&self, scope: Scope) -> Result<Option<(Day, Day)>, StoreError> {
        let sql = match scope {
            // One aggregate per subquery: SQLite answers each from one end of an index.
            Scope::App(_) => {
                "SELECT (SELECT min(day) FROM daily_metrics WHERE app_id = ?1),
                        (SELECT max(day) FROM daily_metrics WHERE app_id = ?1)"
            }
            Scope::Portfolio => {
                "SELECT (SELECT min(day) FROM daily_metrics), (SELECT max(day) FROM daily_metrics)
                 WHERE ?1 IS NULL"
            }
        };
        let span: (Option<i32>, Option<i32>) = self
            .conn
            .prepare_cached(sql)?
            .query_row(params![scope_param(scope)], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(match span {
            (Some(a), Some(b)) => Some((Day(a), Day(b))),
            _ => None,
        })
    }

    /// When the numbers were last refreshed: the latest import or sync.
    pub fn metrics_as_of(&self, scope: Scope) -> Result<Option<UnixMillis>, StoreError> {
        let sql = match scope {
            Scope::App(_) => {
                "SELECT max(at) FROM (SELECT max(imported_at) AS at FROM imports WHERE app_id = ?1
                                     UNION ALL SELECT max(last_sync_at) FROM accounts WHERE app_id = ?1)"
            }
            Scope::Portfolio => {
                "SELECT max(at) FROM (SELECT max(imported_at) AS at FROM imports WHERE ?1 IS NULL
                                     UNION ALL SELECT max(last_sync_at) FROM accounts WHERE ?1 IS NULL)"
            }
        };
        Ok(self
            .conn
            .prepare_cached(sql)?
            .query_row(params![scope_param(scope)], |r| r.get::<_, Option<i64>>(0))?
            .map(UnixMillis))
    }

    /// An app's imports, newest first.
    pub fn imports(&self, app: AppId) -> Result<Vec<ImportRecord>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, kind, file_name, sha256, imported_at, rows, first_day, last_day
             FROM imports WHERE app_id = ?1 ORDER BY imported_at DESC, id DESC",
        )?;
        let rows = stmt.query_map([app.0], |r| {
            let kind: String = r.get(1)?;
            Ok(ImportRecord {
                id: r.get(0)?,
                app_id: app,
                kind: ImportKind::parse(&kind).unwrap_or(ImportKind::Metrics),
                file_name: r.get(2)?,
                sha256: r.get(3)?,
                imported_at: UnixMillis(r.get(4)?),
                rows: r.get::<_, i64>(5)? as u64,
                first_day: r.get::<_, Option<i32>>(6)?.map(Day),
                last_day: r.get::<_, Option<i32>>(7)?.map(Day),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The last import of a file with these bytes for `app`, if any.
    pub fn import_of(&self, app: AppId, sha256: &str) -> Result<Option<ImportRecord>, StoreError> {
        let id: Option<i64> = self
            .conn
            .prepare_cached(
                "SELECT id FROM imports WHERE app_id = ?1 AND sha256 = ?2 ORDER BY id DESC LIMIT 1",
            )?
            .query_row(params![app.0, sha256], |r| r.get(0))
            .optional()?;
        Ok(id.and_then(|id| self.imports(app).ok()?.into_iter().find(|i| i.id == id)))
    }

    /// API calls per day over `[from, to]` for `app`: total and failed (status 400 and up).
    pub fn api_calls_by_day(
        &self,
        app: AppId,
        from: Day,
        to: Day,
    ) -> Result<Vec<(Day, u64, u64)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, sum(count), sum(CASE WHEN status >= 400 THEN count ELSE 0 END)
             FROM api_calls WHERE app_id = ?1 AND day BETWEEN ?2 AND ?3
             GROUP BY day ORDER BY day",
        )?;
        let rows = stmt.query_map(params![app.0, from.0, to.0], |r| {
            Ok((
                Day(r.get(0)?),
                r.get::<_, i64>(1)? as u64,
                r.get::<_, i64>(2)? as u64,
            ))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// One number typed in by the partner; it outranks every other source for that day.
    pub fn set_manual_metric(
        &mut self,
        app: AppId,
        day: Day,
        metric: DailyMetric,
        value: Option<u64>,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        crate::apps::ensure_app(&tx, app)?;
        match value {
            Some(value) => tx.execute(
                "INSERT OR REPLACE INTO metric_values (app_id, metric, day, source, value)
                 VALUES (?1, ?2, ?3, 'manual', ?4)",
                params![app.0, metric.as_str(), day.0, value as i64],
            )?,
            None => tx.execute(
                "DELETE FROM metric_values
                 WHERE app_id = ?1 AND metric = ?2 AND day = ?3 AND source = 'manual'",
                params![app.0, metric.as_str(), day.0],
            )?,
        };
        resolve(&tx, app, day, day)?;
        tx.commit()?;
        Ok(())
    }
}
