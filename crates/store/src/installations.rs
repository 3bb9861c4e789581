//! Installation tracking: snapshots of the companies where a service-account app is
//! installed, and the installs and uninstalls between them.

use std::collections::HashMap;

use plumbline_domain::{
    AppId, Day, InstallationEvent, InstallationKind, InstalledCompany, SnapshotOutcome, UnixMillis,
};
use rusqlite::{TransactionBehavior, params};

use crate::{Store, StoreError};

/// A company as one snapshot saw it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompanySeen {
    pub id: i64,
    pub name: String,
    pub is_active: bool,
}

impl Store {
    /// Applies a complete snapshot in one transaction: companies new since the last snapshot
    /// are installs, companies gone are uninstalls. The first snapshot is the baseline. A
    /// snapshot identical to the last records no events, but still extends the time the syncs
    /// watched (a day watched whole counts its quiet kinds as zero). Only ever pass a snapshot
    /// that was read in full: a partial list would look like uninstalls.
    pub fn apply_snapshot(
        &mut self,
        app: AppId,
        taken_at: UnixMillis,
        companies: &[CompanySeen],
    ) -> Result<SnapshotOutcome, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        crate::apps::ensure_app(&tx, app)?;
        let baseline: bool = tx.query_row(
            "SELECT NOT EXISTS (SELECT 1 FROM snapshots WHERE app_id = ?1)",
            [app.0],
            |r| r.get(0),
        )?;
        let previous: HashMap<i64, (String, bool)> = {
            let mut stmt = tx.prepare_cached(
                "SELECT company_id, name, is_active FROM installed_companies WHERE app_id = ?1",
            )?;
            stmt.query_map([app.0], |r| Ok((r.get(0)?, (r.get(1)?, r.get(2)?))))?
                .collect::<Result<_, _>>()?
        };
        let mut current: HashMap<i64, &CompanySeen> = HashMap::with_capacity(companies.len());
        for company in companies {
            current.insert(company.id, company);
        }
        let mut installed: Vec<&CompanySeen> = current
            .values()
            .filter(|c| !previous.contains_key(&c.id))
            .copied()
            .collect();
        installed.sort_by_key(|c| c.id);
        let mut uninstalled: Vec<(i64, &str)> = previous
            .iter()
            .filter(|(id, _)| !current.contains_key(id))
            .map(|(id, (name, _))| (*id, name.as_str()))
            .collect();
        uninstalled.sort_by_key(|(id, _)| *id);
        let renamed = current.values().any(|c| {
            previous
                .get(&c.id)
                .is_some_and(|(name, active)| name != &c.name || *active != c.is_active)
        });

        let outcome = SnapshotOutcome {
            companies: current.len() as u32,
            installs: if baseline { 0 } else { installed.len() as u32 },
            uninstalls: uninstalled.len() as u32,
            baseline,
        };
        // Every successful sync extends what the syncs have watched, changed or not.
        crate::metrics::extend_rest_coverage(&tx, app, taken_at)?;
        if !outcome.changed() && !renamed {
            // Nothing new beyond the coverage.
            tx.commit()?;
            return Ok(outcome);
        }
        if outcome.changed() {
            tx.execute(
                "INSERT INTO snapshots (app_id, taken_at, companies, installs, uninstalls, baseline) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![app.0, taken_at.0, outcome.companies, outcome.installs, outcome.uninstalls, baseline],
            )?;
            let snapshot = tx.last_insert_rowid();
            let mut event = tx.prepare_cached(
                "INSERT INTO installation_events (app_id, snapshot_id, company_id, company_name, kind, baseline, at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for company in &installed {
                event.execute(params![
                    app.0,
                    snapshot,
                    company.id,
                    company.name,
                    "install",
                    baseline,
                    taken_at.0
                ])?;
            }
            for (id, name) in &uninstalled {
                event.execute(params![
                    app.0,
                    snapshot,
                    id,
                    name,
                    "uninstall",
                    false,
                    taken_at.0
                ])?;
            }
            // The day's counts feed the trend views, in the same transaction.
            crate::metrics::record_rest_day(&tx, app, Day::of(taken_at))?;
        }
        {
            let mut remove = tx.prepare_cached(
                "DELETE FROM installed_companies WHERE app_id = ?1 AND company_id = ?2",
            )?;
            for (id, _) in &uninstalled {
                remove.execute(params![app.0, id])?;
            }
            let mut upsert = tx.prepare_cached(
                "INSERT INTO installed_companies (app_id, company_id, name, is_active, since) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (app_id, company_id) DO UPDATE SET name = excluded.name, is_active = excluded.is_active",
            )?;
            for company in current.values() {
                upsert.execute(params![
                    app.0,
                    company.id,
                    company.name,
                    company.is_active,
                    taken_at.0
                ])?;
            }
        }
        tx.commit()?;
        Ok(outcome)
    }

    /// Installs and uninstalls, oldest first.
    pub fn installation_events(&self, app: AppId) -> Result<Vec<InstallationEvent>, StoreError> {
        self.installation_events_query(
            "SELECT id, app_id, company_id, company_name, kind, baseline, at FROM installation_events WHERE app_id = ?1 ORDER BY at, id",
            rusqlite::params![app.0],
        )
    }

    fn installation_events_query(
        &self,
        sql: &str,
        params: impl rusqlite::Params,
    ) -> Result<Vec<InstallationEvent>, StoreError> {
        let mut stmt = self.conn.prepare_cached(sql)?;
        let events = stmt
            .query_map(params, |r| {
                let kind: String = r.get(4)?;
                Ok(InstallationEvent {
                    id: r.get(0)?,
                    app_id: AppId(r.get(1)?),
                    company_id: r.get(2)?,
                    company_name: r.get(3)?,
                    kind: if kind == "install" {
                        InstallationKind::Install
                    } else {
                        InstallationKind::Uninstall
                    },
                    baseline: r.get(5)?,
                    at: UnixMillis(r.get(6)?),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(events)
    }

    /// The `limit` most recent installs and uninstalls, newest first.
    pub fn recent_installation_events(
        &self,
        app: AppId,
        limit: u32,
    ) -> Result<Vec<InstallationEvent>, StoreError> {
        self.installation_events_query(
            "SELECT id, app_id, company_id, company_name, kind, baseline, at FROM installation_events WHERE app_id = ?1 AND NOT baseline ORDER BY at DESC, id DESC LIMIT ?2",
            rusqlite::params![app.0, limit],
        )
    }

    /// How many companies already had the app when tracking began, and when that was: the
    /// first snapshot's baseline, told as one line rather than as a row per company.
    pub fn installation_baseline(
        &self,
        app: AppId,
    ) -> Result<Option<(u32, UnixMillis)>, StoreError> {
        let (count, at): (u32, Option<i64>) = self.conn.query_row(
            "SELECT count(*), max(at) FROM installation_events WHERE app_id = ?1 AND baseline",
            [app.0],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        Ok(at.filter(|_| count > 0).map(|at| (count, UnixMillis(at))))
    }

    /// The companies that uninstalled the app between `from` and `to` (inclusive), in the
    /// order they left, each once; the baseline is not an uninstall.
    pub fn uninstalled_companies(
        &self,
        app: AppId,
        from: UnixMillis,
        to: UnixMillis,
    ) -> Result<Vec<String>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT company_name FROM installation_events
             WHERE app_id = ?1 AND at BETWEEN ?2 AND ?3 AND kind = 'uninstall' AND NOT baseline
             GROUP BY company_id ORDER BY min(at), min(id)",
        )?;
        let names = stmt
            .query_map(rusqlite::params![app.0, from.0, to.0], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        Ok(names)
    }

    /// The companies where the app was installed at its latest snapshot, by name.
    pub fn installed_companies(&self, app: AppId) -> Result<Vec<InstalledCompany>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT company_id, name, is_active, since FROM installed_companies WHERE app_id = ?1 ORDER BY name COLLATE NOCASE, company_id",
        )?;
        let companies = stmt
            .query_map([app.0], |r| {
                Ok(InstalledCompany {
                    company_id: r.get(0)?,
                    name: r.get(1)?,
                    is_active: r.get(2)?,
                    since: UnixMillis(r.get(3)?),
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(companies)
    }
}
