//! Daily metrics in a real SQLite file: imports, merge rules, sources, buckets.

#![allow(clippy::unwrap_used)]

use plumbline_domain::{
    AnnotationKind, AppId, DailyMetric, Day, ImportKind, MetricSource, NewApp, UnixMillis,
};
use plumbline_store::{ApiCallRow, Bucket, CompanySeen, NewImport, Scope, Store};

use DailyMetric::{Installs, Uninstalls, Views};

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

fn store_with_app(dir: &tempfile::TempDir, name: &str) -> (Store, AppId) {
    let store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    let app = add_app(&store, name);
    (store, app)
}

fn add_app(store: &Store, name: &str) -> AppId {
    store
        .add_app(&NewApp::named(name).validate().unwrap(), UnixMillis(1))
        .unwrap()
        .id
}

/// A company as a REST snapshot lists it.
fn company(id: i64) -> CompanySeen {
    CompanySeen {
        id,
        name: format!("Company {id}"),
        is_active: true,
    }
}

fn import(store: &mut Store, app: AppId, rows: &[(&str, DailyMetric, u64)]) {
    let mut writer = store.begin_import(app).unwrap();
    for (d, metric, value) in rows {
        writer.put_metric(day(d), *metric, *value).unwrap();
    }
    writer
        .finish(
            NewImport {
                kind: ImportKind::Metrics,
                file_name: "metrics.csv".into(),
                sha256: "00".into(),
                rows: rows.len() as u64,
                first_day: rows.first().map(|r| day(r.0)),
                last_day: rows.last().map(|r| day(r.0)),
            },
            UnixMillis(2),
        )
        .unwrap();
}

#[test]
fn buckets_by_day_week_and_month_add_up_by_hand() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = store_with_app(&dir, "Site Diary");
    // 2026-02-27 is a Friday; 2026-03-02 a Monday.
    import(
        &mut store,
        app,
        &[
            ("2026-02-27", Views, 10),
            ("2026-02-27", Installs, 2),
            ("2026-02-28", Views, 20),
            ("2026-02-28", Uninstalls, 1),
            ("2026-03-01", Views, 30),
            ("2026-03-01", Installs, 3),
            ("2026-03-02", Views, 40),
            ("2026-03-02", Installs, 4),
            ("2026-03-02", Uninstalls, 2),
        ],
    );
    let (from, to) = (day("2026-02-01"), day("2026-03-31"));
    let days = store
        .bucket_sums(Scope::App(app), Bucket::Day, from, to)
        .unwrap();
    assert_eq!(days.len(), 4);
    assert_eq!(
        (
            days[3].start,
            days[3].views,
            days[3].installs,
            days[3].uninstalls
        ),
        (day("2026-03-02"), 40, 4, 2)
    );
    let weeks = store
        .bucket_sums(Scope::App(app), Bucket::Week, from, to)
        .unwrap();
    let summary: Vec<_> = weeks
        .iter()
        .map(|w| (w.start.to_string(), w.views, w.installs, w.uninstalls))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("2026-02-23".to_owned(), 60, 5, 1),
            ("2026-03-02".to_owned(), 40, 4, 2)
        ]
    );
    let months = store
        .bucket_sums(Scope::App(app), Bucket::Month, from, to)
        .unwrap();
    let summary: Vec<_> = months
        .iter()
        .map(|m| {
            (
                m.start.to_string(),
                m.views,
                m.installs,
                m.uninstalls,
                m.views_days,
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("2026-02-01".to_owned(), 30, 2, 1, 2),
            ("2026-03-01".to_owned(), 70, 7, 2, 2)
        ]
    );
    assert_eq!(months[0].source_bits, MetricSource::Csv.bit());
    // A range that starts mid-way counts only its days.
    let tail = store
        .bucket_sums(Scope::App(app), Bucket::Month, day("2026-03-02"), to)
        .unwrap();
    assert_eq!((tail.len(), tail[0].views), (1, 40));
    assert_eq!(
        store
            .active_before(Scope::App(app), day("2026-03-02"))
            .unwrap(),
        4
    );
    assert_eq!(
        store.metrics_span(Scope::App(app)).unwrap(),
        Some((day("2026-02-27"), day("2026-03-02")))
    );
}

#[test]
fn reimporting_the_same_or_an_overlapping_file_never_double_counts() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = store_with_app(&dir, "Site Diary");
    let first = [("2026-01-01", Views, 5), ("2026-01-02", Views, 6)];
    import(&mut store, app, &first);
    import(&mut store, app, &first);
    // The newer export revises the 2nd and adds the 3rd.
    import(
        &mut store,
        app,
        &[("2026-01-02", Views, 7), ("2026-01-03", Views, 8)],
    );
    let sums = store
        .bucket_sums(
            Scope::App(app),
            Bucket::Month,
            day("2026-01-01"),
            day("2026-01-31"),
        )
        .unwrap();
    assert_eq!(sums[0].views, 5 + 7 + 8);
    assert_eq!(store.imports(app).unwrap().len(), 3);
}

#[test]
fn an_unfinished_import_leaves_nothing_behind() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = store_with_app(&dir, "Site Diary");
    {
        let mut writer = store.begin_import(app).unwrap();
        writer.put_metric(day("2026-01-01"), Views, 5).unwrap();
        let row = ApiCallRow {
            day: day("2026-01-01"),
            method: "GET",
            route: "/rest/v1.0/me",
            status: 200,
            count: 3,
        };
        assert_eq!(writer.put_api_calls([row], &mut |_| {}).unwrap(), 1);
        // Dropped: the file turned out to be bad further down.
    }
    assert!(store.metrics_span(Scope::App(app)).unwrap().is_none());
    assert!(store.imports(app).unwrap().is_empty());
    assert!(
        store
            .api_calls_by_day(app, day("2026-01-01"), day("2026-01-01"))
            .unwrap()
            .is_empty()
    );
}

#[test]
fn sources_rank_manual_then_csv_then_rest_and_the_baseline_counts_once() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = store_with_app(&dir, "Site Diary");
    // REST: three companies at the baseline on Jan 10, one more on Jan 12.
    let at = |d: &str| day(d).start();
    store
        .apply_snapshot(app, at("2026-01-10"), &[company(1), company(2), company(3)])
        .unwrap();
    store
        .apply_snapshot(
            app,
            UnixMillis(at("2026-01-12").0 + 3_600_000),
            &[company(1), company(2), company(3), company(4)],
        )
        .unwrap();
    let range = (day("2026-01-01"), day("2026-01-31"));
    let month = |store: &Store| {
        store
            .bucket_sums(Scope::App(app), Bucket::Month, range.0, range.1)
            .unwrap()[0]
    };
    let rest = month(&store);
    assert_eq!((rest.installs, rest.baseline), (1, 3));
    assert_eq!(rest.source_bits, MetricSource::Rest.bit());
    assert_eq!(
        store
            .active_before(Scope::App(app), day("2026-02-01"))
            .unwrap(),
        4
    );

    // The portal's CSV says two installs on the 12th and has history from the 5th: it wins
    // for the 12th, and the baseline no longer counts (the CSV already counts those).
    import(
        &mut store,
        app,
        &[("2026-01-05", Installs, 3), ("2026-01-12", Installs, 2)],
    );
    let csv = month(&store);
    assert_eq!((csv.installs, csv.baseline), (5, 0));
    assert_eq!(csv.source_bits, MetricSource::Csv.bit());

    // The partner corrects the 12th by hand; clearing the correction restores the CSV.
    store
        .set_manual_metric(app, day("2026-01-12"), Installs, Some(1))
        .unwrap();
    let manual = month(&store);
    assert_eq!(manual.installs, 4);
    assert_eq!(
        manual.source_bits,
        MetricSource::Manual.bit() | MetricSource::Csv.bit()
    );
    store
        .set_manual_metric(app, day("2026-01-12"), Installs, None)
        .unwrap();
    assert_eq!(month(&store).installs, 5);
}

#[test]
fn the_portfolio_adds_up_every_app_and_annotations_mark_days() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, a) = store_with_app(&dir, "Alpha");
    let b = add_app(&store, "Beta");
    import(&mut store, a, &[("2026-05-04", Installs, 2)]);
    import(
        &mut store,
        b,
        &[("2026-05-05", Installs, 5), ("2026-05-05", Views, 50)],
    );
    let week = store
        .bucket_sums(
            Scope::Portfolio,
            Bucket::Week,
            day("2026-05-01"),
            day("2026-05-31"),
        )
        .unwrap();
    assert_eq!(
        week.iter()
            .map(|w| (w.installs, w.views))
            .collect::<Vec<_>>(),
        vec![(7, 50)]
    );
    let mark = store
        .add_annotation(
            a,
            day("2026-05-04"),
            AnnotationKind::Release,
            "  v2.1 promoted ",
            UnixMillis(9),
        )
        .unwrap();
    assert_eq!(mark.text, "v2.1 promoted");
    assert!(
        store
            .add_annotation(
                a,
                day("2026-05-04"),
                AnnotationKind::Note,
                "   ",
                UnixMillis(9)
            )
            .is_err()
    );
    let marks = store
        .annotations(Scope::Portfolio, day("2026-05-01"), day("2026-05-31"))
        .unwrap();
    assert_eq!(marks, vec![mark.clone()]);
    assert!(store.remove_annotation(mark.id).unwrap());
    // Removing an app removes its numbers.
    store.remove_app(b).unwrap();
    let week = store
        .bucket_sums(
            Scope::Portfolio,
            Bucket::Week,
            day("2026-05-01"),
            day("2026-05-31"),
        )
        .unwrap();
    assert_eq!(week[0].installs, 2);
}

#[test]
fn upgrading_a_store_turns_its_observed_installs_into_daily_numbers() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("p.sqlite3");
    {
        // A profile as version 3 of the schema left it, with a baseline of two and one install.
        let conn = rusqlite::Connection::open(&path).unwrap();
        for sql in [
            include_str!("../src/migrations/0001_apps.sql"),
            include_str!("../src/migrations/0002_accounts_installations.sql"),
            include_str!("../src/migrations/0003_deprecation_signals.sql"),
        ] {
            conn.execute_batch(sql).unwrap();
        }
        conn.execute_batch(
            "INSERT INTO apps (id, display_name, environment, role, demo, created_at, updated_at)
                 VALUES (1, 'Old', 'production', 'owner', 0, 0, 0);
             INSERT INTO snapshots VALUES (1, 1, 86400000, 2, 0, 0, 1);
             INSERT INTO installation_events VALUES (1, 1, 1, 10, 'A', 'install', 1, 86400000);
             INSERT INTO installation_events VALUES (2, 1, 1, 11, 'B', 'install', 1, 86400000);
             INSERT INTO installation_events VALUES (3, 1, 1, 12, 'C', 'install', 0, 172800000);
             PRAGMA user_version = 3;",
        )
        .unwrap();
    }
    let store = Store::open(&path).unwrap();
    let days = store
        .bucket_sums(Scope::App(AppId(1)), Bucket::Day, Day(0), Day(10))
        .unwrap();
    assert_eq!(
        days.iter()
            .map(|d| (d.start.0, d.baseline, d.installs))
            .collect::<Vec<_>>(),
        vec![(1, 2, 0), (2, 0, 1)]
    );
}

/// Weeks and months come from rollups plus partial edges; whatever the range, they must add
/// up to what the days say.
#[test]
fn rollups_and_partial_edges_agree_with_the_days_for_any_range() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = store_with_app(&dir, "Site Diary");
    let other = add_app(&store, "Other");
    let start = day("2025-12-20");
    let mut rows = Vec::new();
    for i in 0..120 {
        let d = start.plus(i).to_string();
        rows.push((d.clone(), Views, (i * 7 % 13) as u64));
        if i % 3 == 0 {
            rows.push((d, Installs, (i % 5) as u64));
        }
    }
    let rows: Vec<(&str, DailyMetric, u64)> =
        rows.iter().map(|(d, m, v)| (d.as_str(), *m, *v)).collect();
    import(&mut store, app, &rows);
    import(&mut store, other, &rows[..40]);
    let mut seed = 17u64;
    for _ in 0..200 {
        seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
        let from = start.plus((seed >> 33) as i32 % 130 - 5);
        let to = from.plus((seed >> 13) as i32 % 100);
        for scope in [Scope::App(app), Scope::Portfolio] {
            let days = store.bucket_sums(scope, Bucket::Day, from, to).unwrap();
            for (bucket, start_of) in [
                (Bucket::Week, Day::week_start as fn(Day) -> Day),
                (Bucket::Month, Day::month_start),
            ] {
                let mut expected: Vec<(Day, u64, u64, u32)> = Vec::new();
                for d in &days {
                    let key = start_of(d.start);
                    match expected.last_mut() {
                        Some(last) if last.0 == key => {
                            last.1 += d.views;
                            last.2 += d.installs;
                            last.3 += d.installs_days;
                        }
                        _ => expected.push((key, d.views, d.installs, d.installs_days)),
                    }
                }
                let got: Vec<(Day, u64, u64, u32)> = store
                    .bucket_sums(scope, bucket, from, to)
                    .unwrap()
                    .iter()
                    .map(|b| (b.start, b.views, b.installs, b.installs_days))
                    .collect();
                assert_eq!(got, expected, "{scope:?} {bucket:?} {from}..{to}");
            }
        }
    }
}

#[test]
fn a_day_the_syncs_watched_whole_counts_its_quiet_kinds_as_zero_and_a_gap_stays_missing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = store_with_app(&dir, "Site Diary");
    let hour = |d: &str, h: i64| UnixMillis(day(d).start().0 + h * 3_600_000);
    let sync = |store: &mut Store, at: UnixMillis, ids: &[i64]| {
        let seen: Vec<CompanySeen> = ids.iter().map(|&id| company(id)).collect();
        store.apply_snapshot(app, at, &seen).unwrap();
    };
    // Hourly syncs from Mar 2, 10:00 (the baseline) to Mar 4, 05:00; one company leaves on
    // Mar 3 around 14:00. Most syncs change nothing and record no snapshot.
    for h in 10..24 {
        sync(&mut store, hour("2026-03-02", h), &[1, 2, 3]);
    }
    for h in 0..24 {
        let ids: &[i64] = if h >= 14 { &[1, 2] } else { &[1, 2, 3] };
        sync(&mut store, hour("2026-03-03", h), ids);
    }
    for h in 0..=5 {
        sync(&mut store, hour("2026-03-04", h), &[1, 2]);
    }
    // Asleep from 05:00 to 12:00 on Mar 4, then hourly again into Mar 6.
    for h in 12..24 {
        sync(&mut store, hour("2026-03-04", h), &[1, 2]);
    }
    for h in 0..24 {
        sync(&mut store, hour("2026-03-05", h), &[1, 2]);
    }
    sync(&mut store, hour("2026-03-06", 0), &[1, 2]);
    sync(&mut store, hour("2026-03-06", 1), &[1, 2]);

    let counts: Vec<(String, Option<u32>, Option<u32>)> = store
        .daily_counts(app)
        .unwrap()
        .into_iter()
        .map(|d| (d.day.to_string(), d.installs, d.uninstalls))
        .collect();
    assert_eq!(
        counts,
        [
            // The baseline's day: watched from 10:00 only, so nothing but the baseline.
            ("2026-03-02".to_owned(), None, None),
            // Watched whole: no installs is a zero; one uninstall.
            ("2026-03-03".to_owned(), Some(0), Some(1)),
            // The gap: missing, not quiet.
            // Watched whole again.
            ("2026-03-05".to_owned(), Some(0), Some(0)),
        ],
        "{counts:?}"
    );

    // A later sync does not disturb a day already counted, and a CSV still outranks REST.
    sync(&mut store, hour("2026-03-06", 2), &[1, 2]);
    import(&mut store, app, &[("2026-03-05", Uninstalls, 4)]);
    let mar5 = store
        .daily_counts(app)
        .unwrap()
        .into_iter()
        .find(|d| d.day == day("2026-03-05"))
        .unwrap();
    assert_eq!((mar5.installs, mar5.uninstalls), (Some(0), Some(4)));
}
