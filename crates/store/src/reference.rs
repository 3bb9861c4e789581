//! Procore's reference data with history: each accepted revision replaces the facts of its
//! kind and records, in the same transaction, how every route's dates changed.

use std::collections::HashMap;

use plumbline_domain::{
    ChangelogEntry, DateChange, Day, FactChange, OperationFacts, ReferenceKind, ReferenceRevision,
    UnixMillis,
};
use rusqlite::{OptionalExtension, Transaction, TransactionBehavior, params};

use crate::{Store, StoreError};

/// A parsed revision to accept. `operations` and `changelog` are keyed by the normalized
/// route (`GET /rest/v1.0/projects/{}/rfis`), which the caller computes.
#[derive(Debug, Clone, Copy)]
pub struct NewRevision<'a> {
    pub kind: ReferenceKind,
    pub source: &'a str,
    pub sha256: &'a str,
    pub etag: Option<&'a str>,
    pub last_modified: Option<&'a str>,
    pub version: Option<&'a str>,
    pub operations: &'a [(String, OperationFacts)],
    pub changelog: &'a [(String, ChangelogEntry)],
}

/// What accepting a revision did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RevisionOutcome {
    pub revision: ReferenceRevision,
    /// The same bytes as the revision in force: nothing but its check time was written.
    pub unchanged: bool,
    /// Date changes recorded, by route.
    pub changes: Vec<(String, DateChange)>,
}

const REVISION_COLUMNS: &str = "id, kind, source, sha256, etag, last_modified, version, \
     operations, deprecated, accepted_at, checked_at";

fn revision_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ReferenceRevision> {
    let kind: String = r.get(1)?;
    Ok(ReferenceRevision {
        id: r.get(0)?,
        kind: kind.parse().unwrap_or(ReferenceKind::OpenApi),
        source: r.get(2)?,
        sha256: r.get(3)?,
        etag: r.get(4)?,
        last_modified: r.get(5)?,
        version: r.get(6)?,
        operations: r.get::<_, i64>(7)? as u64,
        deprecated: r.get::<_, i64>(8)? as u64,
        accepted_at: UnixMillis(r.get(9)?),
        checked_at: UnixMillis(r.get(10)?),
    })
}

fn latest(
    conn: &rusqlite::Connection,
    kind: ReferenceKind,
) -> rusqlite::Result<Option<ReferenceRevision>> {
    conn.prepare_cached(&format!(
        "SELECT {REVISION_COLUMNS} FROM reference_revisions WHERE kind = ?1
         ORDER BY id DESC LIMIT 1"
    ))?
    .query_row([kind.as_str()], revision_row)
    .optional()
}

/// The facts in force, both documents merged: the OpenAPI document first, the legacy one
/// filling what it leaves out (a deprecation date, a sunset, the support level).
fn merged_facts(conn: &rusqlite::Connection) -> rusqlite::Result<HashMap<String, OperationFacts>> {
    let mut stmt = conn.prepare_cached(
        "SELECT kind, route_key, method, path, summary, tag, deprecated, deprecated_at, sunset,
                link, replacement, support_level
         FROM reference_operations ORDER BY kind DESC",
    )?;
    let mut facts: HashMap<String, OperationFacts> = HashMap::new();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, String>(1)?,
            OperationFacts {
                method: r.get(2)?,
                path: r.get(3)?,
                summary: r.get(4)?,
                tag: r.get(5)?,
                deprecated: r.get(6)?,
                deprecated_at: r.get::<_, Option<i32>>(7)?.map(Day),
                sunset: r.get::<_, Option<i32>>(8)?.map(Day),
                link: r.get(9)?,
                replacement: r.get(10)?,
                support_level: r.get(11)?,
            },
        ))
    })?;
    // `ORDER BY kind DESC`: "openapi" rows come before "legacy" rows.
    for row in rows {
        let (key, op) = row?;
        match facts.get_mut(&key) {
            None => {
                facts.insert(key, op);
            }
            Some(primary) => primary.fill_from(op),
        }
    }
    Ok(facts)
}

/// How one route's facts changed between two revisions.
fn diff(
    before: Option<&OperationFacts>,
    after: Option<&OperationFacts>,
) -> Vec<(FactChange, Option<Day>, Option<Day>)> {
    let mut out = Vec::new();
    match (before, after) {
        (None, None) => {}
        (Some(b), None) => out.push((FactChange::Removed, b.sunset, None)),
        (None, Some(a)) => {
            out.push((FactChange::Added, None, None));
            if a.deprecated {
                out.push((FactChange::Deprecated, None, a.deprecated_at));
            }
            if a.sunset.is_some() {
                out.push((FactChange::SunsetAnnounced, None, a.sunset));
            }
        }
        (Some(b), Some(a)) => {
            match (b.deprecated, a.deprecated) {
                (false, true) => out.push((FactChange::Deprecated, None, a.deprecated_at)),
                (true, false) => out.push((FactChange::Undeprecated, b.deprecated_at, None)),
                (true, true) if b.deprecated_at != a.deprecated_at => {
                    out.push((
                        FactChange::DeprecationMoved,
                        b.deprecated_at,
                        a.deprecated_at,
                    ));
                }
                _ => {}
            }
            match (b.sunset, a.sunset) {
                (None, Some(s)) => out.push((FactChange::SunsetAnnounced, None, Some(s))),
                (Some(s), None) => out.push((FactChange::SunsetWithdrawn, Some(s), None)),
                (Some(x), Some(y)) if y < x => {
                    out.push((FactChange::SunsetEarlier, Some(x), Some(y)))
                }
                (Some(x), Some(y)) if y > x => {
                    out.push((FactChange::SunsetLater, Some(x), Some(y)))
                }
                _ => {}
            }
        }
    }
    out
}

fn replace_operations(tx: &Transaction<'_>, rev: &NewRevision<'_>) -> rusqlite::Result<()> {
    let kind = rev.kind.as_str();
    tx.execute("DELETE FROM reference_operations WHERE kind = ?1", [kind])?;
    let mut insert = tx.prepare_cached(
        "INSERT OR IGNORE INTO reference_operations
             (kind, route_key, method, path, summary, tag, deprecated, deprecated_at, sunset,
              link, replacement, support_level)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?;
    for (key, op) in rev.operations {
        insert.execute(params![
            kind,
            key,
            op.method,
            op.path,
            op.summary,
            op.tag,
            op.deprecated,
            op.deprecated_at.map(|d| d.0),
            op.sunset.map(|d| d.0),
            op.link,
            op.replacement,
            op.support_level
        ])?;
    }
    if rev.kind == ReferenceKind::Legacy {
        tx.execute("DELETE FROM reference_changelog", [])?;
        let mut insert = tx.prepare_cached(
            "INSERT INTO reference_changelog (route_key, kind, datestamp, breaking, summary, endpoint)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (key, entry) in rev.changelog {
            insert.execute(params![
                key,
                entry.kind,
                entry.datestamp.map(|d| d.0),
                entry.breaking,
                entry.summary,
                entry.endpoint
            ])?;
        }
    }
    Ok(())
}

impl Store {
    /// The revision in force of `kind`, if any was ever accepted.
    pub fn reference_revision(
        &self,
        kind: ReferenceKind,
    ) -> Result<Option<ReferenceRevision>, StoreError> {
        Ok(latest(&self.conn, kind)?)
    }

    /// Every accepted revision, newest first.
    pub fn reference_revisions(&self) -> Result<Vec<ReferenceRevision>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {REVISION_COLUMNS} FROM reference_revisions ORDER BY id DESC"
        ))?;
        let rows = stmt.query_map([], revision_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Accepts a parsed revision in one transaction: the facts of its kind are replaced and
    /// every change of a route's dates is recorded with `now`. The first revision ever is
    /// the baseline: nothing is recorded as a change. The same bytes as the revision in force
    /// only move its check time.
    pub fn accept_reference_revision(
        &mut self,
        rev: NewRevision<'_>,
        now: UnixMillis,
    ) -> Result<RevisionOutcome, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        if let Some(current) = latest(&tx, rev.kind)?
            && current.sha256 == rev.sha256
        {
            tx.execute(
                "UPDATE reference_revisions SET checked_at = ?2, etag = coalesce(?3, etag),
                     last_modified = coalesce(?4, last_modified) WHERE id = ?1",
                params![current.id, now.0, rev.etag, rev.last_modified],
            )?;
            let revision = latest(&tx, rev.kind)?.unwrap_or(current);
            tx.commit()?;
            return Ok(RevisionOutcome {
                revision,
                unchanged: true,
                changes: Vec::new(),
            });
        }
        let before = merged_facts(&tx)?;
        let deprecated = rev
            .operations
            .iter()
            .filter(|(_, op)| op.deprecated)
            .count();
        tx.execute(
            "INSERT INTO reference_revisions (kind, source, sha256, etag, last_modified, version,
                 operations, deprecated, accepted_at, checked_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
            params![
                rev.kind.as_str(),
                rev.source,
                rev.sha256,
                rev.etag,
                rev.last_modified,
                rev.version,
                rev.operations.len() as i64,
                deprecated as i64,
                now.0
            ],
        )?;
        let revision_id = tx.last_insert_rowid();
        replace_operations(&tx, &rev)?;
        let after = merged_facts(&tx)?;
        let mut changes = Vec::new();
        if !before.is_empty() {
            let mut keys: Vec<&String> = before.keys().chain(after.keys()).collect();
            keys.sort_unstable();
            keys.dedup();
            let mut insert = tx.prepare_cached(
                "INSERT INTO reference_changes (route_key, change, before, after, seen_at, revision_id)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            )?;
            for key in keys {
                for (change, b, a) in diff(before.get(key), after.get(key)) {
                    insert.execute(params![
                        key,
                        change.as_str(),
                        b.map(|d| d.0),
                        a.map(|d| d.0),
                        now.0,
                        revision_id
                    ])?;
                    changes.push((
                        key.clone(),
                        DateChange {
                            change,
                            before: b,
                            after: a,
                            seen_at: now,
                        },
                    ));
                }
            }
        }
        let revision = latest(&tx, rev.kind)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?;
        tx.commit()?;
        Ok(RevisionOutcome {
            revision,
            unchanged: false,
            changes,
        })
    }

    /// A conditional request found the revision in force still current (HTTP 304).
    pub fn confirm_reference(
        &mut self,
        kind: ReferenceKind,
        now: UnixMillis,
    ) -> Result<(), StoreError> {
        self.conn.execute(
            "UPDATE reference_revisions SET checked_at = ?2
             WHERE id = (SELECT max(id) FROM reference_revisions WHERE kind = ?1)",
            params![kind.as_str(), now.0],
        )?;
        Ok(())
    }

    /// The facts in force for every route, both documents merged, with each route's history
    /// of changes (oldest first).
    pub fn reference_facts(
        &self,
    ) -> Result<Vec<(String, OperationFacts, Vec<DateChange>)>, StoreError> {
        let facts = merged_facts(&self.conn)?;
        let mut history: HashMap<String, Vec<DateChange>> = HashMap::new();
        let mut stmt = self.conn.prepare_cached(
            "SELECT route_key, change, before, after, seen_at FROM reference_changes
             ORDER BY seen_at, id",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((
                r.get::<_, String>(0)?,
                r.get::<_, String>(1)?,
                r.get::<_, Option<i32>>(2)?,
                r.get::<_, Option<i32>>(3)?,
                r.get::<_, i64>(4)?,
            ))
        })?;
        for row in rows {
            let (key, change, before, after, seen_at) = row?;
            let Some(change) = FactChange::parse(&change) else {
                continue;
            };
            history.entry(key).or_default().push(DateChange {
                change,
                before: before.map(Day),
                after: after.map(Day),
                seen_at: UnixMillis(seen_at),
            });
        }
        let mut out: Vec<_> = facts
            .into_iter()
            .map(|(key, op)| {
                let h = history.remove(&key).unwrap_or_default();
                (key, op, h)
            })
            .collect();
        out.sort_by(|a, b| a.0.cmp(&b.0));
        Ok(out)
    }

    /// The legacy changelog entries of one route.
    pub fn reference_changelog(&self, route_key: &str) -> Result<Vec<ChangelogEntry>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT kind, datestamp, breaking, summary, endpoint FROM reference_changelog
             WHERE route_key = ?1 ORDER BY datestamp",
        )?;
        let rows = stmt.query_map([route_key], |r| {
            Ok(ChangelogEntry {
                kind: r.get(0)?,
                datestamp: r.get::<_, Option<i32>>(1)?.map(Day),
                breaking: r.get(2)?,
                summary: r.get(3)?,
                endpoint: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
