//! What the surge detector reads and keeps: an app's daily counts (a day without a number is
//! missing, not zero) and the episodes it found last time, for stable identities.

use plumbline_domain::{AppId, DailyMetric, Day};
use rusqlite::params;

use crate::{Store, StoreError};

/// One stored day of an app's metrics; `None` where the day has no number for a metric.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DailyCounts {
    pub day: Day,
    pub views: Option<u32>,
    pub installs: Option<u32>,
    pub uninstalls: Option<u32>,
}

impl DailyCounts {
    pub fn get(&self, metric: DailyMetric) -> Option<u32> {
        match metric {
            DailyMetric::Views => self.views,
            DailyMetric::Installs => self.installs,
            DailyMetric::Uninstalls => self.uninstalls,
        }
    }
}

/// An episode as last evaluated: its identity and the days it covered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StoredEpisode {
    pub id: Day,
    pub start: Day,
    pub end: Day,
}

impl Store {
    /// Every stored day of `app`, oldest first.
    pub fn daily_counts(&self, app: AppId) -> Result<Vec<DailyCounts>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT day, views, installs, uninstalls FROM daily_metrics
             WHERE app_id = ?1 ORDER BY day",
        )?;
        let count = |v: Option<i64>| v.map(|v| u32::try_from(v.max(0)).unwrap_or(u32::MAX));
        let rows = stmt.query_map([app.0], |r| {
            Ok(DailyCounts {
                day: Day(r.get(0)?),
                views: count(r.get(1)?),
                installs: count(r.get(2)?),
                uninstalls: count(r.get(3)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The episodes last recorded for `app` and `metric`, oldest first.
    pub fn surge_episodes(
        &self,
        app: AppId,
        metric: DailyMetric,
    ) -> Result<Vec<StoredEpisode>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, start_day, end_day FROM surge_episodes
             WHERE app_id = ?1 AND metric = ?2 ORDER BY start_day",
        )?;
        let rows = stmt.query_map(params![app.0, metric.as_str()], |r| {
            Ok(StoredEpisode {
                id: Day(r.get(0)?),
                start: Day(r.get(1)?),
                end: Day(r.get(2)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Replaces the episodes of `app` and `metric` with `episodes`, in one transaction.
    pub fn replace_surge_episodes(
        &mut self,
        app: AppId,
        metric: DailyMetric,
        episodes: &[StoredEpisode],
    ) -> Result<(), StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "DELETE FROM surge_episodes WHERE app_id = ?1 AND metric = ?2",
            params![app.0, metric.as_str()],
        )?;
        {
            let mut insert = tx.prepare_cached(
                "INSERT OR REPLACE INTO surge_episodes (app_id, metric, id, start_day, end_day)
                 SELECT ?1, ?2, ?3, ?4, ?5 WHERE EXISTS (SELECT 1 FROM apps WHERE id = ?1)",
            )?;
            for e in episodes {
                insert.execute(params![app.0, metric.as_str(), e.id.0, e.start.0, e.end.0])?;
            }
        }
        tx.commit()?;
        Ok(())
    }
}
