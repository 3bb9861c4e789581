//! Alerts with their state and delivery, the partner's mutes, quiet hours and snooze. The
//! bookkeeping that makes "notified once" hold across restarts and between the window and
//! the CLI lives here, in transactions.

use plumbline_domain::{
    Alert, AlertKind, AlertSeverity, AlertState, AppId, Day, Delivery, NewAlert, UnixMillis,
};
use rusqlite::{OptionalExtension, TransactionBehavior, params};

use crate::{Store, StoreError};

/// Preference keys.
const QUIET_HOURS: &str = "alerts.quiet_hours";
const SNOOZED_UNTIL: &str = "alerts.snoozed_until";

/// A daily span of local time, in minutes after midnight; it may wrap past midnight
/// (22:00 to 07:00).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QuietHours {
    pub start_minute: u16,
    pub end_minute: u16,
}

impl QuietHours {
    /// Whether `minute` (after local midnight) falls inside.
    pub fn contains(self, minute: u16) -> bool {
        if self.start_minute <= self.end_minute {
            (self.start_minute..self.end_minute).contains(&minute)
        } else {
            minute >= self.start_minute || minute < self.end_minute
        }
    }
}

/// One mute: an app, a kind, or a kind for one app.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mute {
    pub app: Option<AppId>,
    pub kind: Option<AlertKind>,
}

impl Mute {
    pub fn covers(self, app: AppId, kind: AlertKind) -> bool {
        self.app.is_none_or(|a| a == app) && self.kind.is_none_or(|k| k == kind)
    }
}

const COLUMNS: &str = "id, app_id, kind, identity, day, severity, title, body, state, delivery, \
     created_at, notified_at";

fn alert_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Alert> {
    let text = |i: usize| r.get::<_, String>(i);
    let bad = |i: usize, what: &str| {
        rusqlite::Error::FromSqlConversionFailure(
            i,
            rusqlite::types::Type::Text,
            format!("unknown {what}").into(),
        )
    };
    Ok(Alert {
        id: r.get(0)?,
        app_id: AppId(r.get(1)?),
        kind: AlertKind::parse(&text(2)?).ok_or_else(|| bad(2, "kind"))?,
        identity: text(3)?,
        day: Day(r.get(4)?),
        severity: AlertSeverity::parse(&text(5)?).ok_or_else(|| bad(5, "severity"))?,
        title: text(6)?,
        body: text(7)?,
        state: AlertState::parse(&text(8)?).ok_or_else(|| bad(8, "state"))?,
        delivery: Delivery::parse(&text(9)?).ok_or_else(|| bad(9, "delivery"))?,
        created_at: UnixMillis(r.get(10)?),
        notified_at: r.get::<_, Option<i64>>(11)?.map(UnixMillis),
    })
}

impl Store {
    /// Records the alerts not recorded before (by app and identity) in one transaction and
    /// returns the new ones. An alert seen again (a re-import, a revised day, a restart) is
    /// left exactly as it was.
    pub fn record_alerts(
        &mut self,
        alerts: &[NewAlert],
        now: UnixMillis,
    ) -> Result<Vec<Alert>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut recorded = Vec::new();
        {
            let mut insert = tx.prepare_cached(&format!(
                "INSERT INTO alerts (app_id, kind, identity, day, severity, title, body, created_at)
                 SELECT ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8 WHERE EXISTS (SELECT 1 FROM apps WHERE id = ?1)
                 ON CONFLICT (app_id, identity) DO NOTHING
                 RETURNING {COLUMNS}"
            ))?;
            for a in alerts {
                let mut rows = insert.query(params![
                    a.app_id.0,
                    a.kind.as_str(),
                    a.identity,
                    a.day.0,
                    a.severity.as_str(),
                    a.title,
                    a.body,
                    now.0
                ])?;
                if let Some(row) = rows.next()? {
                    recorded.push(alert_row(row)?);
                }
            }
        }
        tx.commit()?;
        Ok(recorded)
    }

    /// Alerts newest first, of one app or all; dismissed ones only when asked.
    pub fn alerts(
        &self,
        app: Option<AppId>,
        include_dismissed: bool,
    ) -> Result<Vec<Alert>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM alerts
             WHERE (?1 IS NULL OR app_id = ?1) AND (?2 OR state != 'dismissed')
             ORDER BY day DESC, id DESC"
        ))?;
        let rows = stmt.query_map(params![app.map(|a| a.0), include_dismissed], alert_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// The identities recorded for `app`: what a pass need not explain again.
    pub fn alert_identities(
        &self,
        app: AppId,
    ) -> Result<std::collections::HashSet<String>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT identity FROM alerts WHERE app_id = ?1")?;
        let rows = stmt.query_map([app.0], |r| r.get(0))?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// How many alerts the partner has not seen yet, across apps.
    pub fn unseen_alerts(&self) -> Result<u32, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT count(*) FROM alerts WHERE state = 'new'")?
            .query_row([], |row| row.get(0))?)
    }

    pub fn alert(&self, id: i64) -> Result<Option<Alert>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM alerts WHERE id = ?1"))?
            .query_row([id], alert_row)
            .optional()?)
    }

    /// Marks an alert seen or dismissed; false when there is no such alert.
    pub fn set_alert_state(&self, id: i64, state: AlertState) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "UPDATE alerts SET state = ?2 WHERE id = ?1",
            params![id, state.as_str()],
        )? == 1)
    }

    /// Alerts whose delivery is not decided yet (`pending`) or waiting (`held`), oldest first.
    pub fn undelivered_alerts(&self) -> Result<Vec<Alert>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM alerts WHERE delivery IN ('pending', 'held') ORDER BY id"
        ))?;
        let rows = stmt.query_map([], alert_row)?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Moves each alert to its delivery in one transaction, but only from `pending` or `held`:
    /// returns the ids this call moved. Two processes deciding at once cannot both claim an
    /// alert, so only the claimer notifies it.
    pub fn claim_alerts(
        &mut self,
        decisions: &[(i64, Delivery)],
        now: UnixMillis,
    ) -> Result<Vec<i64>, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut claimed = Vec::new();
        {
            let mut update = tx.prepare_cached(
                "UPDATE alerts SET delivery = ?2,
                     notified_at = CASE WHEN ?2 IN ('notified', 'digest') THEN ?3 ELSE notified_at END
                 WHERE id = ?1 AND delivery IN ('pending', 'held')
                   AND NOT (delivery = ?2)",
            )?;
            for &(id, delivery) in decisions {
                if update.execute(params![id, delivery.as_str(), now.0])? == 1 {
                    claimed.push(id);
                }
            }
        }
        tx.commit()?;
        Ok(claimed)
    }

    pub fn mutes(&self) -> Result<Vec<Mute>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT app_id, kind FROM alert_mutes ORDER BY app_id, kind")?;
        let rows = stmt.query_map([], |r| {
            Ok(Mute {
                app: r.get::<_, Option<i64>>(0)?.map(AppId),
                kind: r
                    .get::<_, Option<String>>(1)?
                    .and_then(|k| AlertKind::parse(&k)),
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Mutes an app, a kind, or a kind for one app (`false`: it already was).
    pub fn mute(&self, mute: Mute) -> Result<bool, StoreError> {
        if let Some(app) = mute.app {
            self.get_app(app)?;
        }
        Ok(self.conn.execute(
            "INSERT OR IGNORE INTO alert_mutes (app_id, kind) VALUES (?1, ?2)",
            params![mute.app.map(|a| a.0), mute.kind.map(AlertKind::as_str)],
        )? == 1)
    }

    /// Lifts a mute (`false`: there was none).
    pub fn unmute(&self, mute: Mute) -> Result<bool, StoreError> {
        Ok(self.conn.execute(
            "DELETE FROM alert_mutes WHERE app_id IS ?1 AND kind IS ?2",
            params![mute.app.map(|a| a.0), mute.kind.map(AlertKind::as_str)],
        )? == 1)
    }

    pub fn quiet_hours(&self) -> Result<Option<QuietHours>, StoreError> {
        Ok(self.preference(QUIET_HOURS)?.and_then(|text| {
            let (a, b) = text.split_once('-')?;
            Some(QuietHours {
                start_minute: a.parse().ok()?,
                end_minute: b.parse().ok()?,
            })
        }))
    }

    pub fn set_quiet_hours(&self, hours: Option<QuietHours>) -> Result<(), StoreError> {
        match hours {
            Some(h) => self.set_preference(
                QUIET_HOURS,
                &format!("{}-{}", h.start_minute.min(1439), h.end_minute.min(1439)),
            ),
            None => self.clear_preference(QUIET_HOURS),
        }
    }

    /// Until when notifications are paused ("for an hour", "until tomorrow").
    pub fn snoozed_until(&self) -> Result<Option<UnixMillis>, StoreError> {
        Ok(self
            .preference(SNOOZED_UNTIL)?
            .and_then(|t| t.parse().ok())
            .map(UnixMillis))
    }

    pub fn snooze_until(&self, until: Option<UnixMillis>) -> Result<(), StoreError> {
        match until {
            Some(t) => self.set_preference(SNOOZED_UNTIL, &t.0.to_string()),
            None => self.clear_preference(SNOOZED_UNTIL),
        }
    }
}
