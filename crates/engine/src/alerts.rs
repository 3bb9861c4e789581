//! The alert policy: which alerts exist (surges and drops from `insight`, the deprecation
//! watch's events and connection trouble), and what becomes of each one's notification.
//!
//! Notified once: an alert's identity is stable, it is recorded once, and its delivery leaves
//! `pending`/`held` in the transaction that claims it (`Store::claim_alerts`), so a restart, a
//! re-import, a re-evaluation or a second process (the window beside `plumbline watch`) never
//! notifies it again. History is not news: an alert about a day more than a week back goes to
//! the inbox without a notification.

use plumbline_domain::{
    Account, Alert, AlertKind, AlertSeverity, App, Day, Delivery, DeprecationEvent,
    DeprecationEventKind, ErrorCode, NewAlert, UnixMillis,
};
use plumbline_store::{Mute, QuietHours, Store, StoreError};

/// An alert is news while its day is among the last this many days.
pub const NEWS_DAYS: i32 = 7;
/// More alerts than this in one pass become one summary notification.
pub const DIGEST_OVER: usize = 3;
/// Syncs failing for longer than this raise an alert.
const FAILING_FOR_MS: i64 = 24 * 3_600_000;

/// A notification to raise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    pub title: String,
    pub body: String,
    pub severity: AlertSeverity,
    /// The alert a click opens (`None` for a summary: the click opens the inbox).
    pub alert_id: Option<i64>,
}

/// Raises desktop notifications; the shell implements it with notify-rust, tests with a
/// server on a private bus.
pub trait Notifier {
    /// Shows `notification`; an error is reported and the alert stays in the window's inbox.
    fn notify(&self, notification: &Notification) -> Result<(), String>;
}

/// The alert for one deprecation event.
pub fn deprecation_alert(app: &App, event: &DeprecationEvent) -> NewAlert {
    use DeprecationEventKind as K;
    let severity = match (event.kind, event.milestone) {
        (K::CallsAfterSunset | K::SunsetEarlier, _) => AlertSeverity::Critical,
        (K::SunsetMilestone, Some(days)) if days <= 7 => AlertSeverity::Critical,
        _ => AlertSeverity::Warning,
    };
    let title = match (event.kind, event.milestone) {
        (K::SunsetMilestone, Some(days)) => format!(
            "{}: a Procore route it uses stops working within {days} day{}",
            app.display_name,
            if days == 1 { "" } else { "s" }
        ),
        (K::NewDeprecation, _) => {
            format!("{}: Procore deprecated a route it uses", app.display_name)
        }
        (K::SunsetEarlier, _) => {
            format!(
                "{}: a route it uses will stop working sooner",
                app.display_name
            )
        }
        (K::CallsAfterSunset, _) => {
            format!("{}: calls to a route past its sunset", app.display_name)
        }
        (K::SunsetMilestone, None) => format!("{}: a sunset is near", app.display_name),
    };
    NewAlert {
        app_id: app.id,
        kind: AlertKind::Deprecation,
        identity: format!("deprecation:{}", event.key),
        day: event.day,
        severity,
        title,
        body: format!(
            "{} Open the app's Deprecations tab for where it is called and what replaces it.",
            event.message
        ),
    }
}

/// Connection trouble: credentials Procore refused, or syncs failing for more than a day
/// (`failing_since`: the first failure after the last success).
pub fn connection_alert(
    app: &App,
    account: &Account,
    failing_since: Option<UnixMillis>,
) -> Option<NewAlert> {
    let error = account.last_error.as_ref()?;
    let since = failing_since.unwrap_or(error.at);
    if error.code == ErrorCode::Unauthorized {
        return Some(NewAlert {
            app_id: app.id,
            kind: AlertKind::Connection,
            identity: format!("connection:refused:{}", Day::of(error.at)),
            day: Day::of(error.at),
            severity: AlertSeverity::Critical,
            title: format!("{}: Procore refused its credentials", app.display_name),
            body: format!(
                "{} Installations are not being tracked. Connect the app again with a current \
                 client secret.",
                error.message
            ),
        });
    }
    let last_success = account
        .last_sync_at
        .map_or_else(|| "never".to_owned(), |t| Day::of(t).to_string());
    (error.at.0 - since.0 > FAILING_FOR_MS).then(|| NewAlert {
        app_id: app.id,
        kind: AlertKind::Connection,
        identity: format!("connection:failing:{}", since.0),
        day: Day::of(error.at),
        severity: AlertSeverity::Warning,
        title: format!("{}: syncs have failed for over a day", app.display_name),
        body: format!(
            "Syncs have failed since {}; the last one that worked: {last_success}. The latest \
             failure: {} Plumbline keeps trying; check the network or Procore's status page.",
            Day::of(since),
            error.message
        ),
    })
}

/// Every alert the store's data implies now, for every app: surge and drop episodes, the
/// deprecation watch's events (evaluated afresh) and connection trouble. Recording them is
/// idempotent.
pub fn current_alerts(store: &mut Store, now: UnixMillis) -> Result<Vec<NewAlert>, StoreError> {
    let today = Day::of(now);
    let apps = store.list_apps()?;
    let mut alerts = crate::surges::surge_alerts(store, &apps, today)?;
    for app in apps {
        crate::watch::evaluate(store, app.id, today, now)?;
        for event in store.deprecation_events(Some(app.id))? {
            alerts.push(deprecation_alert(&app, &event));
        }
        if let Some(account) = store.account(app.id)?
            && let Some(alert) = connection_alert(&app, &account, store.failing_since(app.id)?)
        {
            alerts.push(alert);
        }
    }
    Ok(alerts)
}

/// What the policy decided for the alerts not yet delivered.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Each notified on its own.
    pub notify: Vec<i64>,
    /// Notified together, as one summary.
    pub digest: Vec<i64>,
    /// Held until quiet hours or a snooze end.
    pub hold: Vec<i64>,
    /// Old news: inbox only.
    pub history: Vec<i64>,
    /// Muted app or kind: inbox only.
    pub muted: Vec<i64>,
}

/// The partner's settings the policy reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Quiet {
    pub hours: Option<QuietHours>,
    pub snoozed_until: Option<UnixMillis>,
    pub mutes: Vec<Mute>,
}

/// Decides each undelivered alert's fate. `local_minute` is the local time of day (minutes
/// after midnight) for quiet hours; `today` the local day.
pub fn plan(
    undelivered: &[Alert],
    quiet: &Quiet,
    now: UnixMillis,
    local_minute: u16,
    today: Day,
) -> Plan {
    let mut plan = Plan::default();
    let mut deliverable: Vec<&Alert> = Vec::new();
    for alert in undelivered {
        let old = alert.day < today.plus(-(NEWS_DAYS - 1));
        // A held alert was news when it arrived: it is delivered after the quiet, however
        // long that took.
        if alert.delivery == Delivery::Pending && old {
            plan.history.push(alert.id);
        } else if quiet
            .mutes
            .iter()
            .any(|m| m.covers(alert.app_id, alert.kind))
        {
            plan.muted.push(alert.id);
        } else {
            deliverable.push(alert);
        }
    }
    let paused = quiet.snoozed_until.is_some_and(|until| now < until)
        || quiet.hours.is_some_and(|h| h.contains(local_minute));
    if paused {
        plan.hold = deliverable.iter().map(|a| a.id).collect();
    } else if deliverable.len() > DIGEST_OVER
        || deliverable.iter().any(|a| a.delivery == Delivery::Held)
    {
        // A critical alert (a surge, a sunset within a week) is not buried in a summary of
        // countdowns while only a few arrive at once: those come on their own beside it.
        let critical: Vec<i64> = deliverable
            .iter()
            .filter(|a| a.severity == AlertSeverity::Critical && a.delivery == Delivery::Pending)
            .map(|a| a.id)
            .collect();
        let alone = if critical.len() <= DIGEST_OVER {
            critical
        } else {
            Vec::new()
        };
        let rest: Vec<i64> = deliverable
            .iter()
            .map(|a| a.id)
            .filter(|id| !alone.contains(id))
            .collect();
        plan.notify = alone;
        // A summary of one alert is that alert.
        if rest.len() == 1 {
            plan.notify.extend(rest);
        } else {
            plan.digest = rest;
        }
    } else {
        plan.notify = deliverable.iter().map(|a| a.id).collect();
    }
    plan
}

/// What one delivery pass did.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DeliveryReport {
    /// Alerts this pass notified, on their own or in the summary.
    pub notified: Vec<i64>,
    /// Notifications the notifier could not show (the alerts stay in the inbox).
    pub failures: Vec<String>,
    pub held: usize,
}

fn summary(alerts: &[&Alert]) -> Notification {
    let severity = alerts
        .iter()
        .map(|a| a.severity)
        .max()
        .unwrap_or(AlertSeverity::Warning);
    let mut body: Vec<String> = alerts.iter().take(5).map(|a| a.title.clone()).collect();
    if alerts.len() > 5 {
        body.push(format!("and {} more", alerts.len() - 5));
    }
    Notification {
        title: format!("{} Plumbline alerts", alerts.len()),
        body: body.join("\n"),
        severity,
        alert_id: None,
    }
}

/// Decides, claims and notifies. Only alerts this call claimed are notified, so two processes
/// passing at once never notify one alert twice.
pub fn deliver(
    store: &mut Store,
    notifier: &dyn Notifier,
    now: UnixMillis,
    local_minute: u16,
    today: Day,
) -> Result<DeliveryReport, StoreError> {
    let undelivered = store.undelivered_alerts()?;
    let quiet = Quiet {
        hours: store.quiet_hours()?,
        snoozed_until: store.snoozed_until()?,
        mutes: store.mutes()?,
    };
    let plan = plan(&undelivered, &quiet, now, local_minute, today);
    let decisions: Vec<(i64, Delivery)> = [
        (&plan.history, Delivery::History),
        (&plan.muted, Delivery::Muted),
        (&plan.hold, Delivery::Held),
        (&plan.notify, Delivery::Notified),
        (&plan.digest, Delivery::Digest),
    ]
    .into_iter()
    .flat_map(|(ids, d)| ids.iter().map(move |&id| (id, d)))
    .collect();
    let claimed = store.claim_alerts(&decisions, now)?;
    let mine = |ids: &[i64]| -> Vec<&Alert> {
        undelivered
            .iter()
            .filter(|a| ids.contains(&a.id) && claimed.contains(&a.id))
            .collect()
    };
    let mut report = DeliveryReport {
        held: plan.hold.len(),
        ..DeliveryReport::default()
    };
    for alert in mine(&plan.notify) {
        let notification = Notification {
            title: alert.title.clone(),
            body: alert.body.clone(),
            severity: alert.severity,
            alert_id: Some(alert.id),
        };
        match notifier.notify(&notification) {
            Ok(()) => report.notified.push(alert.id),
            Err(e) => report.failures.push(e),
        }
    }
    let digest = mine(&plan.digest);
    if !digest.is_empty() {
        match notifier.notify(&summary(&digest)) {
            Ok(()) => report.notified.extend(digest.iter().map(|a| a.id)),
            Err(e) => report.failures.push(e),
        }
    }
    Ok(report)
}
