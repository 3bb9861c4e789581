//! Deprecation and sunset headers seen on Procore's responses, kept per app and route for the
//! deprecation watch.

use plumbline_domain::{AppId, DeprecationSignal, UnixMillis};
use rusqlite::{TransactionBehavior, params};

use crate::{Store, StoreError};

/// What one response's headers said about its route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeprecationSeen {
    pub method: String,
    pub path: String,
    pub deprecated: bool,
    pub deprecated_at: Option<UnixMillis>,
    pub sunset_at: Option<UnixMillis>,
    pub link: Option<String>,
}

impl Store {
    /// Records the signals of one sync in one transaction. The latest headers replace the
    /// previous ones (a sunset date can move); the first sighting is kept.
    pub fn record_deprecation_signals(
        &mut self,
        app: AppId,
        seen_at: UnixMillis,
        signals: &[DeprecationSeen],
    ) -> Result<(), StoreError> {
        if signals.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        crate::apps::ensure_app(&tx, app)?;
        {
            let mut upsert = tx.prepare_cached(
                "INSERT INTO deprecation_signals
                     (app_id, method, path, deprecated, deprecated_at, sunset_at, link,
                      first_seen, last_seen)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)
                 ON CONFLICT (app_id, method, path) DO UPDATE SET
                     deprecated = excluded.deprecated,
                     deprecated_at = excluded.deprecated_at,
                     sunset_at = excluded.sunset_at,
                     link = excluded.link,
                     last_seen = excluded.last_seen",
            )?;
            for s in signals {
                upsert.execute(params![
                    app.0,
                    s.method,
                    s.path,
                    s.deprecated,
                    s.deprecated_at.map(|t| t.0),
                    s.sunset_at.map(|t| t.0),
                    s.link,
                    seen_at.0
                ])?;
            }
        }
        tx.commit()?;
        Ok(())
    }

    /// Every route of `app` that Procore marked, soonest sunset first.
    pub fn deprecation_signals(&self, app: AppId) -> Result<Vec<DeprecationSignal>, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT method, path, deprecated, deprecated_at, sunset_at, link, first_seen, last_seen
             FROM deprecation_signals WHERE app_id = ?1
             ORDER BY sunset_at IS NULL, sunset_at, path, method",
        )?;
        let rows = stmt.query_map([app.0], |r| {
            Ok(DeprecationSignal {
                app_id: app,
                method: r.get(0)?,
                path: r.get(1)?,
                deprecated: r.get(2)?,
                deprecated_at: r.get::<_, Option<i64>>(3)?.map(UnixMillis),
                sunset_at: r.get::<_, Option<i64>>(4)?.map(UnixMillis),
                link: r.get(5)?,
                first_seen: UnixMillis(r.get(6)?),
                last_seen: UnixMillis(r.get(7)?),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }
}
