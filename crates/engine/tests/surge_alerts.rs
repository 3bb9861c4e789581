//! Surge and drop alerts from stored daily metrics, against a real SQLite file: an episode is
//! one alert that explains itself, and keeps its identity across a restart, a re-import of
//! the same file, a later day and a revised day; an episode found in old data goes to the
//! inbox without a notification.

#![allow(clippy::unwrap_used)]

use plumbline_domain::{
    AlertKind, AlertSeverity, AnnotationKind, AppId, DailyMetric, Day, Delivery, ImportKind,
    NewApp, UnixMillis,
};
use plumbline_engine::alerts::{self, Notification, Notifier};
use plumbline_store::{CompanySeen, NewImport, Store};
use std::cell::RefCell;

#[derive(Default)]
struct Recorder(RefCell<Vec<Notification>>);

impl Notifier for Recorder {
    fn notify(&self, notification: &Notification) -> Result<(), String> {
        self.0.borrow_mut().push(notification.clone());
        Ok(())
    }
}

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

const TODAY: &str = "2026-12-03";

fn noon_of(d: Day) -> UnixMillis {
    UnixMillis(d.start().0 + 12 * 3_600_000)
}

/// A steady, weekday-heavy app: about 2 uninstalls, 3 installs and 60 views a working day,
/// from a small deterministic generator, with `extra` uninstalls added on chosen days.
fn history(days: i32, last: Day, extra: &[(Day, u64)]) -> Vec<(Day, [u64; 3])> {
    let mut state = 0x2545_F491_4F6C_DD1Du64;
    let mut next = |n: u64| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state % n
    };
    (0..days)
        .map(|i| {
            let d = last.plus(i - days + 1);
            let weekend = (d.0 + 3).rem_euclid(7) >= 5;
            let (u, inst, v) = if weekend {
                (next(2), next(2), 15 + next(8))
            } else {
                (1 + next(3), 2 + next(3), 50 + next(20))
            };
            let more = extra
                .iter()
                .filter(|(e, _)| *e == d)
                .map(|(_, n)| n)
                .sum::<u64>();
            (d, [v, inst, u + more])
        })
        .collect()
}

fn import(store: &mut Store, app: AppId, rows: &[(Day, [u64; 3])], name: &str, now: UnixMillis) {
    let mut writer = store.begin_import(app).unwrap();
    for (d, [v, i, u]) in rows {
        writer.put_metric(*d, DailyMetric::Views, *v).unwrap();
        writer.put_metric(*d, DailyMetric::Installs, *i).unwrap();
        writer.put_metric(*d, DailyMetric::Uninstalls, *u).unwrap();
    }
    writer
        .finish(
            NewImport {
                kind: ImportKind::Metrics,
                file_name: name.into(),
                sha256: format!("{name}-{}", rows.len()),
                rows: rows.len() as u64,
                first_day: rows.first().map(|r| r.0),
                last_day: rows.last().map(|r| r.0),
            },
            now,
        )
        .unwrap();
}

fn setup(dir: &tempfile::TempDir) -> (Store, AppId) {
    let store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    let app = store
        .add_app(
            &NewApp::named("Punch List Pro").validate().unwrap(),
            UnixMillis(1),
        )
        .unwrap()
        .id;
    (store, app)
}

/// One pass as the shell and `plumbline watch` run it: evaluate, record, deliver.
fn pass(store: &mut Store, recorder: &Recorder, today: Day) -> Vec<plumbline_domain::Alert> {
    let now = noon_of(today);
    let current = alerts::current_alerts(store, now).unwrap();
    let recorded = store.record_alerts(&current, now).unwrap();
    alerts::deliver(store, recorder, now, 720, today).unwrap();
    recorded
}

fn surges(store: &Store, app: AppId) -> Vec<plumbline_domain::Alert> {
    store
        .alerts(Some(app), true)
        .unwrap()
        .into_iter()
        .filter(|a| a.kind == AlertKind::Surge)
        .collect()
}

#[test]
fn a_surge_is_one_alert_that_explains_itself_and_is_notified_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = setup(&dir);
    let today = day(TODAY);
    // Ten more uninstalls on each of three days, the last of them final (two days back).
    let surge = [
        (today.plus(-4), 10),
        (today.plus(-3), 10),
        (today.plus(-2), 10),
    ];
    let rows = history(200, today.plus(-1), &surge);
    import(&mut store, app, &rows, "metrics.csv", noon_of(today));
    store
        .add_annotation(
            app,
            today.plus(-9),
            AnnotationKind::Release,
            "v3.2 promoted",
            UnixMillis(2),
        )
        .unwrap();
    // The REST sync saw three companies leave during the surge, and one more after it.
    let seen = |ids: std::ops::RangeInclusive<i64>| -> Vec<CompanySeen> {
        ids.map(|id| CompanySeen {
            id,
            name: format!("Builder {id}"),
            is_active: true,
        })
        .collect()
    };
    for (on, ids) in [(-30, 1..=8), (-3, 1..=5), (-1, 1..=4)] {
        store
            .apply_snapshot(app, noon_of(today.plus(on)), &seen(ids))
            .unwrap();
    }

    let recorder = Recorder::default();
    let recorded = pass(&mut store, &recorder, today);
    let found = surges(&store, app);
    assert_eq!(found.len(), 1, "{recorded:#?}");
    let alert = &found[0];
    assert_eq!(alert.day, today.plus(-4));
    assert_eq!(
        alert.identity,
        format!("surge:uninstalls:{}", today.plus(-4))
    );
    assert_eq!(alert.severity, AlertSeverity::Critical);
    assert_eq!(alert.title, "Punch List Pro: uninstalls surged");
    assert!(alert.body.contains("expected"), "{}", alert.body);
    assert!(alert.body.contains("a chance of"), "{}", alert.body);
    assert!(
        alert
            .body
            .contains(&format!("{} release: v3.2 promoted", today.plus(-9))),
        "{}",
        alert.body
    );
    assert!(
        alert
            .body
            .contains("Companies that uninstalled: Builder 6, Builder 7, Builder 8."),
        "{}",
        alert.body
    );
    assert!(alert.body.contains("What to do"), "{}", alert.body);
    assert_eq!(alert.delivery, Delivery::Notified);
    let shown = recorder.0.borrow();
    assert_eq!(shown.len(), 1, "{shown:#?}");
    assert_eq!(shown[0].alert_id, Some(alert.id));
    drop(shown);
    // A steady app raises nothing else.
    assert_eq!(store.alerts(Some(app), true).unwrap().len(), 1);

    // A restart, a re-import of the same file and the next day's evaluation: nothing new.
    drop(store);
    let mut store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    assert!(pass(&mut store, &recorder, today).is_empty());
    import(&mut store, app, &rows, "metrics.csv", noon_of(today));
    assert!(pass(&mut store, &recorder, today).is_empty());
    let tomorrow_rows = history(201, today, &surge);
    import(
        &mut store,
        app,
        &tomorrow_rows,
        "metrics-2.csv",
        noon_of(today.plus(1)),
    );
    assert!(pass(&mut store, &recorder, today.plus(1)).is_empty());
    assert_eq!(recorder.0.borrow().len(), 1, "notified once");
    assert_eq!(surges(&store, app).len(), 1);
}

#[test]
fn a_revised_day_that_moves_the_first_alert_keeps_the_episode() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = setup(&dir);
    let today = day(TODAY);
    let surge = [(today.plus(-3), 12), (today.plus(-2), 12)];
    import(
        &mut store,
        app,
        &history(200, today.plus(-1), &surge),
        "a.csv",
        noon_of(today),
    );
    let recorder = Recorder::default();
    pass(&mut store, &recorder, today);
    let before = surges(&store, app);
    assert_eq!(before.len(), 1);
    assert_eq!(before[0].day, today.plus(-3));

    // The portal's next export revises an earlier day upwards: the surge now starts a day
    // sooner. The detector's episode starts on another day; the alert is the same one.
    let revised = [
        (today.plus(-4), 12),
        (today.plus(-3), 12),
        (today.plus(-2), 12),
    ];
    import(
        &mut store,
        app,
        &history(200, today.plus(-1), &revised),
        "b.csv",
        noon_of(today),
    );
    assert!(pass(&mut store, &recorder, today).is_empty());
    let after = surges(&store, app);
    assert_eq!(after.len(), 1);
    assert_eq!(after[0].identity, before[0].identity);
    assert_eq!(recorder.0.borrow().len(), 1);
}

#[test]
fn history_is_not_news_and_a_drop_is_its_own_kind() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = setup(&dir);
    let today = day(TODAY);
    // A first import of two years with a surge a year ago, and installations that stopped
    // this week (the listing was unpublished).
    let mut rows = history(730, today.plus(-1), &[(today.plus(-365), 25)]);
    for (d, counts) in &mut rows {
        if *d >= today.plus(-8) {
            counts[1] = 0;
        }
    }
    import(&mut store, app, &rows, "two-years.csv", noon_of(today));
    let recorder = Recorder::default();
    pass(&mut store, &recorder, today);

    let old = surges(&store, app);
    assert_eq!(old.len(), 1, "{old:#?}");
    assert_eq!(old[0].day, today.plus(-365));
    assert_eq!(old[0].delivery, Delivery::History, "history is not news");

    let drops: Vec<_> = store
        .alerts(Some(app), true)
        .unwrap()
        .into_iter()
        .filter(|a| a.kind == AlertKind::Drop)
        .collect();
    assert_eq!(drops.len(), 1, "{drops:#?}");
    assert!(drops[0].identity.starts_with("drop:installs:"));
    assert_eq!(drops[0].title, "Punch List Pro: installations dropped");
    assert_eq!(drops[0].delivery, Delivery::Notified);
    assert_eq!(recorder.0.borrow().len(), 1);
}

#[test]
fn many_apps_evaluated_together_match_each_evaluated_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, first) = setup(&dir);
    let today = day(TODAY);
    let mut apps = vec![first];
    for name in [
        "Site Diary Sync",
        "Concrete Pour Tracker",
        "Federal Timesheets",
    ] {
        apps.push(
            store
                .add_app(&NewApp::named(name).validate().unwrap(), UnixMillis(1))
                .unwrap()
                .id,
        );
    }
    for (i, &app) in apps.iter().enumerate() {
        // Each app its own surge, on its own days (one with none).
        let extra: Vec<(Day, u64)> = (0..i as i32)
            .map(|k| (today.plus(-2 - 90 * k), 12))
            .collect();
        let rows = history(400 + 50 * i as i32, today.plus(-1), &extra);
        import(
            &mut store,
            app,
            &rows,
            &format!("app-{i}.csv"),
            noon_of(today),
        );
    }
    let together = plumbline_engine::surges::evaluate_apps(&mut store, &apps, today).unwrap();
    assert_eq!(together.len(), apps.len());
    for (app, evaluated) in apps.iter().zip(&together) {
        let alone = plumbline_engine::surges::evaluate_app(&mut store, *app, today).unwrap();
        assert_eq!(&alone, evaluated, "app {app:?}");
    }
    let episodes: Vec<usize> = together.iter().map(|e| e[0].1.episodes.len()).collect();
    assert_eq!(episodes, [0, 1, 2, 3], "the uninstall episodes of each app");
}
