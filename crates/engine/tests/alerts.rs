//! The alert policy against a real SQLite file: an alert is notified once across restarts,
//! re-evaluations and two processes; old news goes to the inbox; quiet hours hold and then
//! summarise; mutes, snooze and the digest.

#![allow(clippy::unwrap_used)]

use std::cell::RefCell;

use plumbline_domain::{
    AlertKind, AlertSeverity, AppId, Day, Delivery, NewAlert, NewApp, UnixMillis,
};
use plumbline_engine::alerts::{self, Notification, Notifier};
use plumbline_store::{Mute, QuietHours, Store};

/// Records what it was asked to show; `fail` makes it refuse like a bus with no server.
#[derive(Default)]
struct Recorder {
    shown: RefCell<Vec<Notification>>,
    fail: bool,
}

impl Notifier for Recorder {
    fn notify(&self, notification: &Notification) -> Result<(), String> {
        if self.fail {
            return Err("no notification server on the session bus".into());
        }
        self.shown.borrow_mut().push(notification.clone());
        Ok(())
    }
}

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

const TODAY: &str = "2026-12-03";

fn noon() -> UnixMillis {
    UnixMillis(day(TODAY).start().0 + 12 * 3_600_000)
}

fn alert(app: AppId, identity: &str, on: &str) -> NewAlert {
    NewAlert {
        app_id: app,
        kind: AlertKind::Surge,
        identity: identity.into(),
        day: day(on),
        severity: AlertSeverity::Warning,
        title: format!("Site Diary: {identity}"),
        body: "Uninstalls: 9 against 1.2 expected over the last 7 days.".into(),
    }
}

fn setup(dir: &tempfile::TempDir) -> (Store, AppId) {
    let store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    let app = store
        .add_app(
            &NewApp::named("Site Diary").validate().unwrap(),
            UnixMillis(1),
        )
        .unwrap()
        .id;
    (store, app)
}

fn deliver(store: &mut Store, notifier: &Recorder, now: UnixMillis, minute: u16) -> Vec<i64> {
    alerts::deliver(store, notifier, now, minute, Day::of(now))
        .unwrap()
        .notified
}

#[test]
fn an_alert_is_notified_once_across_re_evaluation_restart_and_two_processes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = setup(&dir);
    let recorder = Recorder::default();
    let first = store
        .record_alerts(
            &[alert(app, "surge:uninstalls:2026-12-01", "2026-12-01")],
            noon(),
        )
        .unwrap();
    assert_eq!(first.len(), 1);
    assert_eq!(
        deliver(&mut store, &recorder, noon(), 720),
        vec![first[0].id]
    );
    assert_eq!(recorder.shown.borrow()[0].alert_id, Some(first[0].id));

    // The same surge found again (a re-import, a revised day): nothing new, nothing shown.
    let again = store
        .record_alerts(
            &[alert(app, "surge:uninstalls:2026-12-01", "2026-12-02")],
            noon(),
        )
        .unwrap();
    assert!(again.is_empty());
    assert!(deliver(&mut store, &recorder, noon(), 721).is_empty());

    // A restart: the file remembers.
    drop(store);
    let mut store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    assert!(deliver(&mut store, &recorder, noon(), 722).is_empty());
    let stored = store.alerts(Some(app), false).unwrap();
    assert_eq!(stored[0].delivery, Delivery::Notified);
    assert_eq!(stored[0].notified_at, Some(noon()));

    // Two processes deciding at once: only the one that claims notifies.
    let other = Recorder::default();
    let mut second = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    store
        .record_alerts(&[alert(app, "surge:uninstalls:2026-12-03", TODAY)], noon())
        .unwrap();
    let undelivered = store.undelivered_alerts().unwrap();
    let id = undelivered[0].id;
    let won = second
        .claim_alerts(&[(id, Delivery::Notified)], noon())
        .unwrap();
    assert_eq!(won, vec![id]);
    assert!(
        deliver(&mut store, &other, noon(), 723).is_empty(),
        "claimed by the other"
    );
    assert!(other.shown.borrow().is_empty());
    assert_eq!(recorder.shown.borrow().len(), 1);
}

#[test]
fn history_is_not_news_and_mutes_keep_alerts_in_the_inbox_only() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = setup(&dir);
    let recorder = Recorder::default();
    // A first import of two years finds an old episode: inbox, no notification.
    store
        .record_alerts(
            &[
                alert(app, "surge:uninstalls:2025-03-02", "2025-03-02"),
                alert(app, "surge:uninstalls:2026-11-26", "2026-11-26"),
                alert(app, "surge:uninstalls:2026-11-27", "2026-11-27"),
            ],
            noon(),
        )
        .unwrap();
    let notified = deliver(&mut store, &recorder, noon(), 720);
    assert_eq!(notified.len(), 1, "only the day among the last 7 is news");
    let inbox = store.alerts(Some(app), false).unwrap();
    let delivery = |identity: &str| {
        inbox
            .iter()
            .find(|a| a.identity == identity)
            .map(|a| a.delivery)
            .unwrap()
    };
    assert_eq!(delivery("surge:uninstalls:2025-03-02"), Delivery::History);
    assert_eq!(delivery("surge:uninstalls:2026-11-26"), Delivery::History);
    assert_eq!(delivery("surge:uninstalls:2026-11-27"), Delivery::Notified);

    // Muting the kind for this app: recorded, never notified, even after unmuting.
    let mute = Mute {
        app: Some(app),
        kind: Some(AlertKind::Surge),
    };
    assert!(store.mute(mute).unwrap());
    assert!(!store.mute(mute).unwrap(), "a mute exists once");
    store
        .record_alerts(&[alert(app, "surge:uninstalls:2026-12-03", TODAY)], noon())
        .unwrap();
    assert!(deliver(&mut store, &recorder, noon(), 720).is_empty());
    assert!(store.unmute(mute).unwrap());
    assert!(deliver(&mut store, &recorder, noon(), 721).is_empty());
    assert_eq!(
        store.alerts(Some(app), false).unwrap()[0].delivery,
        Delivery::Muted
    );
    // Another kind of the same app is not muted by it.
    store.mute(mute).unwrap();
    let mut connection = alert(app, "connection:refused:2026-12-03", TODAY);
    connection.kind = AlertKind::Connection;
    store.record_alerts(&[connection], noon()).unwrap();
    assert_eq!(deliver(&mut store, &recorder, noon(), 722).len(), 1);
}

#[test]
fn quiet_hours_and_snooze_hold_alerts_then_deliver_one_summary() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = setup(&dir);
    let recorder = Recorder::default();
    store
        .set_quiet_hours(Some(QuietHours {
            start_minute: 22 * 60,
            end_minute: 7 * 60,
        }))
        .unwrap();
    store
        .record_alerts(&[alert(app, "a", TODAY), alert(app, "b", TODAY)], noon())
        .unwrap();
    // 23:30 and 06:59 are quiet; nothing is shown, both are held.
    assert!(deliver(&mut store, &recorder, noon(), 23 * 60 + 30).is_empty());
    assert!(deliver(&mut store, &recorder, noon(), 6 * 60 + 59).is_empty());
    assert!(
        store
            .alerts(Some(app), false)
            .unwrap()
            .iter()
            .all(|a| a.delivery == Delivery::Held)
    );
    // 07:00: one summary carries both.
    let notified = deliver(&mut store, &recorder, noon(), 7 * 60);
    assert_eq!(notified.len(), 2);
    let shown = recorder.shown.borrow().clone();
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0].title, "2 Plumbline alerts");
    assert_eq!(shown[0].alert_id, None);
    assert!(
        store
            .alerts(Some(app), false)
            .unwrap()
            .iter()
            .all(|a| a.delivery == Delivery::Digest && a.notified_at.is_some())
    );

    // Snoozed for an hour: held; an hour later, delivered.
    store.set_quiet_hours(None).unwrap();
    let hour = 3_600_000;
    store
        .snooze_until(Some(UnixMillis(noon().0 + hour)))
        .unwrap();
    store
        .record_alerts(&[alert(app, "c", TODAY)], noon())
        .unwrap();
    assert!(deliver(&mut store, &recorder, noon(), 720).is_empty());
    let later = UnixMillis(noon().0 + hour);
    assert_eq!(deliver(&mut store, &recorder, later, 780).len(), 1);
}

#[test]
fn more_than_three_at_once_become_one_digest_and_a_failed_notification_is_not_retried() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = setup(&dir);
    let recorder = Recorder::default();
    let four: Vec<NewAlert> = ["a", "b", "c", "d"]
        .iter()
        .map(|i| alert(app, i, TODAY))
        .collect();
    store.record_alerts(&four[..3], noon()).unwrap();
    assert_eq!(deliver(&mut store, &recorder, noon(), 720).len(), 3);
    assert_eq!(
        recorder.shown.borrow().len(),
        3,
        "three are shown one by one"
    );
    let five: Vec<NewAlert> = ["e", "f", "g", "h"]
        .iter()
        .map(|i| alert(app, i, TODAY))
        .collect();
    store.record_alerts(&five, noon()).unwrap();
    assert_eq!(deliver(&mut store, &recorder, noon(), 720).len(), 4);
    assert_eq!(
        recorder.shown.borrow().len(),
        4,
        "four more are one summary"
    );

    // No server: the failure is reported, the alert stays in the inbox and is not retried
    // (a retry could notify twice if the server did show it).
    let broken = Recorder {
        fail: true,
        ..Recorder::default()
    };
    store
        .record_alerts(&[alert(app, "i", TODAY)], noon())
        .unwrap();
    let report = alerts::deliver(&mut store, &broken, noon(), 720, day(TODAY)).unwrap();
    assert!(report.notified.is_empty());
    assert_eq!(
        report.failures,
        vec!["no notification server on the session bus".to_owned()]
    );
    assert!(deliver(&mut store, &recorder, noon(), 721).is_empty());
    assert_eq!(store.alerts(Some(app), false).unwrap().len(), 8);
}

#[test]
fn quiet_hours_wrap_past_midnight() {
    let h = QuietHours {
        start_minute: 22 * 60,
        end_minute: 7 * 60,
    };
    assert!(h.contains(22 * 60) && h.contains(0) && h.contains(7 * 60 - 1));
    assert!(!h.contains(7 * 60) && !h.contains(12 * 60) && !h.contains(22 * 60 - 1));
    let day_span = QuietHours {
        start_minute: 12 * 60,
        end_minute: 13 * 60,
    };
    assert!(day_span.contains(12 * 60 + 30) && !day_span.contains(13 * 60));
}

#[test]
fn deprecation_events_and_connection_trouble_become_alerts_once() {
    use plumbline_domain::{
        Account, AccountEndpoints, AccountError, DeprecationEventKind, Environment, ErrorCode,
        GrantType, NewDeprecationEvent,
    };
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = setup(&dir);
    store
        .record_deprecation_events(
            app,
            &[NewDeprecationEvent {
                kind: DeprecationEventKind::SunsetMilestone,
                route: "GET /rest/v1.0/projects/{}/rfis".into(),
                key: "milestone:7:2026-12-08:GET /rest/v1.0/projects/{}/rfis".into(),
                day: day(TODAY),
                milestone: Some(7),
                sunset: Some(day("2026-12-08")),
                message: "GET /rest/v1.0/projects/{project_id}/rfis stops working in 5 days, on 2026-12-08.".into(),
            }],
            noon(),
        )
        .unwrap();
    let refused = UnixMillis(noon().0 - 3_600_000);
    store
        .save_account(&Account {
            app_id: app,
            endpoints: AccountEndpoints::Known {
                environment: Environment::Production,
            },
            client_id: "client".into(),
            grant: GrantType::ClientCredentials,
            connected_at: UnixMillis(noon().0 - 10 * 86_400_000),
            last_sync_at: None,
            last_error: None,
            rate: None,
        })
        .unwrap();
    store
        .record_sync_success(app, UnixMillis(noon().0 - 2 * 3_600_000), None)
        .unwrap();
    store
        .record_sync_error(
            app,
            &AccountError {
                code: ErrorCode::Unauthorized,
                message: "Procore refused the client secret.".into(),
                at: refused,
            },
            None,
        )
        .unwrap();
    assert_eq!(store.failing_since(app).unwrap(), Some(refused));
    let current = alerts::current_alerts(&mut store, noon()).unwrap();
    let mut summary: Vec<(AlertKind, AlertSeverity, String)> = current
        .iter()
        .map(|a| (a.kind, a.severity, a.title.clone()))
        .collect();
    summary.sort();
    assert_eq!(
        summary,
        vec![
            (
                AlertKind::Deprecation,
                AlertSeverity::Critical,
                "Site Diary: a Procore route it uses stops working within 7 days".into()
            ),
            (
                AlertKind::Connection,
                AlertSeverity::Critical,
                "Site Diary: Procore refused its credentials".into()
            ),
        ]
    );
    assert_eq!(store.record_alerts(&current, noon()).unwrap().len(), 2);
    let again = alerts::current_alerts(&mut store, noon()).unwrap();
    assert!(store.record_alerts(&again, noon()).unwrap().is_empty());

    // Failing (not refused) for more than a day since the first failure: one warning, whose
    // identity holds however many failures follow.
    let network = |at: i64| AccountError {
        code: ErrorCode::Offline,
        message: "Procore could not be reached.".into(),
        at: UnixMillis(at),
    };
    store.record_sync_success(app, noon(), None).unwrap();
    let start = noon().0 + 3_600_000;
    for hours in [0, 6, 20, 26, 30] {
        store
            .record_sync_error(app, &network(start + hours * 3_600_000), None)
            .unwrap();
    }
    assert_eq!(store.failing_since(app).unwrap(), Some(UnixMillis(start)));
    let later = UnixMillis(start + 30 * 3_600_000);
    let failing: Vec<_> = alerts::current_alerts(&mut store, later)
        .unwrap()
        .into_iter()
        .filter(|a| a.kind == AlertKind::Connection)
        .collect();
    assert_eq!(failing.len(), 1);
    assert_eq!(failing[0].severity, AlertSeverity::Warning);
    assert_eq!(failing[0].identity, format!("connection:failing:{start}"));
    store.record_sync_success(app, later, None).unwrap();
    assert_eq!(store.failing_since(app).unwrap(), None);
}

#[test]
fn a_critical_alert_comes_on_its_own_beside_the_summary_of_the_rest() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = setup(&dir);
    let recorder = Recorder::default();
    let mut five: Vec<NewAlert> = ["a", "b", "c", "d"]
        .iter()
        .map(|i| alert(app, i, TODAY))
        .collect();
    five.push(NewAlert {
        severity: AlertSeverity::Critical,
        ..alert(app, "surge:uninstalls:2026-12-01", TODAY)
    });
    store.record_alerts(&five, noon()).unwrap();
    assert_eq!(deliver(&mut store, &recorder, noon(), 720).len(), 5);
    let shown = recorder.shown.borrow();
    assert_eq!(shown.len(), 2, "{shown:#?}");
    assert_eq!(shown[0].title, "Site Diary: surge:uninstalls:2026-12-01");
    assert!(shown[0].alert_id.is_some(), "the surge opens itself");
    assert_eq!(shown[1].title, "4 Plumbline alerts");
    assert_eq!(shown[1].alert_id, None);
    drop(shown);

    // Four critical ones at once are a summary like any other four.
    let recorder = Recorder::default();
    let four: Vec<NewAlert> = ["e", "f", "g", "h"]
        .iter()
        .map(|i| NewAlert {
            severity: AlertSeverity::Critical,
            ..alert(app, i, TODAY)
        })
        .collect();
    store.record_alerts(&four, noon()).unwrap();
    assert_eq!(deliver(&mut store, &recorder, noon(), 720).len(), 4);
    assert_eq!(recorder.shown.borrow().len(), 1);
    assert_eq!(recorder.shown.borrow()[0].alert_id, None);
}
