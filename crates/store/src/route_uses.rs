//! Where each app's use of a Procore route was seen (its source scans and its API Call
//! Activity Reports), the events of the deprecation watch, and the API health counts.

use plumbline_domain::{
    AppId, Day, DeprecationEvent, DeprecationEventKind, NewDeprecationEvent, ScannedUse, UnixMillis,
};
use rusqlite::{TransactionBehavior, params};

use crate::{Store, StoreError};

/// One use found by a scan, to store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScanFinding {
    pub method: Option<String>,
    pub path: String,
    pub file: String,
    pub line: u32,
}

/// One route's calls on one day, from the activity reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteDay {
    pub method: String,
    /// As the report wrote it: `/v1.0/projects/:project_id/rfis`.
    pub route: String,
    pub day: Day,
    pub calls: u64,
}

/// One route's health on one day: the statuses Integration Health scores.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HealthDay {
    pub day: Day,
    pub method: String,
    pub route: String,
    pub calls: u64,
    pub unauthorized: u64,
    pub forbidden: u64,
    pub not_found: u64,
    pub rate_limited: u64,
}

fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DeprecationEvent> {
    let kind: String = r.get(2)?;
    Ok(DeprecationEvent {
        id: r.get(0)?,
        app_id: AppId(r.get(1)?),
        kind: DeprecationEventKind::parse(&kind).unwrap_or(DeprecationEventKind::SunsetMilestone),
        route: r.get(3)?,
        key: r.get(4)?,
        day: Day(r.get(5)?),
        milestone: r.get(6)?,
        sunset: r.get::<_, Option<i32>>(7)?.map(Day),
        message: r.get(8)?,
        recorded_at: UnixMillis(r.get(9)?),
    })
}

const EVENT_COLUMNS: &str =
    "id, app_id, kind, route, key, day, milestone, sunset, message, recorded_at";

impl Store {
    /// Replaces what earlier scans of `root` found for `app` with this scan's findings, in one
    /// transaction (a scan that fails halfway never reaches here).
    pub fn replace_scan(
        &mut self,
        app: AppId,
        root: &str,
        findings: &[ScanFinding],
        files_scanned: u64,
        files_skipped: u64,
        now: UnixMillis,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        crate::apps::ensure_app(&tx, app)?;
        tx.execute(
            "DELETE FROM source_scans WHERE app_id = ?1 AND root = ?2",
            params![app.0, root],
        )?;
        tx.execute(
            "INSERT INTO source_scans (app_id, root, scanned_at, files_scanned, files_skipped)
             VALUES (?1, ?2, ?3, ?4, ?5)",
            params![
                app.0,
                root,
                now.0,
                files_scanned as i64,
                files_skipped as i64
            ],
        )?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR IGNORE INTO scanned_uses (app_id, root, file, line, method, path)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for f in findings {
                insert.execute(params![
                    app.0,
                    root,
                    f.file,
                    f.line,
                    f.method.as_deref().unwrap_or(""),
                    f.path
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every use the scans of `app` found, by folder, file and line.
    pub fn scanned_uses(&self, app: AppId) -> Result<Vec<ScannedUse>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT u.method, u.path, u.root, u.file, u.line, s.scanned_at
             FROM scanned_uses u JOIN source_scans s USING (app_id, root)
             WHERE u.app_id = ?1 ORDER BY u.root, u.file, u.line, u.path",
        )?;
        let rows = stmt.query_map([app.0], |r| {
            let method: String = r.get(0)?;
            Ok(ScannedUse {
                method: (!method.is_empty()).then_some(method),
                path: r.get(1)?,
                root: r.get(2)?,
                file: r.get(3)?,
                line: r.get(4)?,
                scanned_at: UnixMillis(r.get(5)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The folders scanned for `app`: `(root, scanned_at, files_scanned)`.
    pub fn source_scans(&self, app: AppId) -> Result<Vec<(String, UnixMillis, u64)>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT root, scanned_at, files_scanned FROM source_scans WHERE app_id = ?1
             ORDER BY scanned_at DESC",
        )?;
        let rows = stmt.query_map([app.0], |r| {
            Ok((r.get(0)?, UnixMillis(r.get(1)?), r.get::<_, i64>(2)? as u64))
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The routes `app` called per day over `[from, to]` (any status), and for every route
    /// ever called the last day it was, as a row with `day` = that day and `calls` = 0 when
    /// it falls before `from`.
    pub fn route_calls(&self, app: AppId, from: Day, to: Day) -> Result<Vec<RouteDay>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT method, route, day, sum(count) FROM api_calls
             WHERE app_id = ?1 AND day BETWEEN ?2 AND ?3
             GROUP BY method, route, day
             UNION ALL
             SELECT method, route, max(day), 0 FROM api_calls
             WHERE app_id = ?1 AND count > 0 GROUP BY method, route HAVING max(day) < ?2",
        )?;
        let rows = stmt.query_map(params![app.0, from.0, to.0], |r| {
            Ok(RouteDay {
                method: r.get(0)?,
                route: r.get(1)?,
                day: Day(r.get(2)?),
                calls: r.get::<_, i64>(3)? as u64,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Per day and route over `[from, to]`: calls and the 401, 403, 404 and 429 answers
    /// Integration Health scores, kept for the whole history.
    pub fn api_health(&self, app: AppId, from: Day, to: Day) -> Result<Vec<HealthDay>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, method, route, sum(count),
                    sum(CASE status WHEN 401 THEN count ELSE 0 END),
                    sum(CASE status WHEN 403 THEN count ELSE 0 END),
                    sum(CASE status WHEN 404 THEN count ELSE 0 END),
                    sum(CASE status WHEN 429 THEN count ELSE 0 END)
             FROM api_calls WHERE app_id = ?1 AND day BETWEEN ?2 AND ?3
             GROUP BY day, method, route ORDER BY day, route, method",
        )?;
        let rows = stmt.query_map(params![app.0, from.0, to.0], |r| {
            let n = |i: usize| r.get::<_, i64>(i).map(|v| v as u64);
            Ok(HealthDay {
                day: Day(r.get(0)?),
                method: r.get(1)?,
                route: r.get(2)?,
                calls: n(3)?,
                unauthorized: n(4)?,
                forbidden: n(5)?,
                not_found: n(6)?,
                rate_limited: n(7)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The first and last day of `app`'s activity, if it has any.
    pub fn activity_span(&self, app: AppId) -> Result<Option<(Day, Day)>, StoreError> {
        let span: (Option<i32>, Option<i32>) = self.conn.query_row(
            "SELECT min(day), max(day) FROM api_calls WHERE app_id = ?1",
            [app.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(match span {
            (Some(a), Some(b)) => Some((Day(a), Day(b))),
            _ => None,
        })
    }

    /// Records the events not recorded before (by `key`) in one transaction, and returns the
    /// ones that are new.
    pub fn record_deprecation_events(
        &mut self,
        app: AppId,
        events: &[NewDeprecationEvent],
        now: UnixMillis,
    ) -> Result<Vec<DeprecationEvent>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        crate::apps::ensure_app(&tx, app)?;
        let mut recorded = Vec::new();
        {
            let mut insert = tx.prepare_cached(&format!(
                "INSERT INTO deprecation_events
                     (app_id, kind, route, key, day, milestone, sunset, message, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
                 ON CONFLICT (app_id, key) DO NOTHING
                 RETURNING {EVENT_COLUMNS}"
            ))?;
            for e in events {
                let mut rows = insert.query(params![
                    app.0,
                    e.kind.as_str(),
                    e.route,
                    e.key,
                    e.day.0,
                    e.milestone,
                    e.sunset.map(|d| d.0),
                    e.message,
                    now.0
                ])?;
                if let Some(row) = rows.next()? {
                    recorded.push(event_row(row)?);
                }
            }
        }
        tx.commit()?;
        Ok(recorded)
    }

    /// The deprecation events of `app` (or of every app), newest first.
    pub fn deprecation_events(
        &self,
        app: Option<AppId>,
    ) -> Result<Vec<DeprecationEvent>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {EVENT_COLUMNS} FROM deprecation_events
             WHERE ?1 IS NULL OR app_id = ?1 ORDER BY day DESC, id DESC"
        ))?;
        let rows = stmt.query_map([app.map(|a| a.0)], event_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
