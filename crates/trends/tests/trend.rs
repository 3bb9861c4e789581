//! Trend numbers against values computed by hand, from a real SQLite file.

#![allow(clippy::unwrap_used)]

use plumbline_domain::{AppId, DailyMetric, Day, ImportKind, MetricSource, NewApp, UnixMillis};
use plumbline_store::{NewImport, Store};
use plumbline_trends::{Granularity, TrendMetric, TrendQuery, TrendScope, trend};

fn day(text: &str) -> Day {
    Day::parse_iso(text).unwrap()
}

fn app(store: &Store, name: &str) -> AppId {
    let app = NewApp::named(name);
    store
        .add_app(&app.validate().unwrap(), UnixMillis(1))
        .unwrap()
        .id
}

fn import(store: &mut Store, app: AppId, rows: &[(&str, u64, u64, u64)]) {
    let mut writer = store.begin_import(app).unwrap();
    for &(d, views, installs, uninstalls) in rows {
        writer
            .put_metric(day(d), DailyMetric::Views, views)
            .unwrap();
        writer
            .put_metric(day(d), DailyMetric::Installs, installs)
            .unwrap();
        writer
            .put_metric(day(d), DailyMetric::Uninstalls, uninstalls)
            .unwrap();
    }
    writer
        .finish(
            NewImport {
                kind: ImportKind::Metrics,
                file_name: "m.csv".into(),
                sha256: "x".into(),
                rows: rows.len() as u64,
                first_day: None,
                last_day: None,
            },
            UnixMillis(1_700_000_000_000),
        )
        .unwrap();
}

#[test]
fn daily_weekly_and_previous_period_numbers_match_hand_computed_values() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    let id = app(&store, "Site Diary");
    // (day, views, installs, uninstalls)
    import(
        &mut store,
        id,
        &[
            ("2026-03-01", 100, 10, 0), // before the range: active starts at 10
            ("2026-03-09", 200, 4, 1),  // Monday
            ("2026-03-10", 50, 1, 3),
            // 2026-03-11 .. 2026-03-15: no numbers at all
            ("2026-03-16", 100, 5, 0), // next Monday
        ],
    );
    let query = TrendQuery {
        scope: TrendScope::App { id },
        from: day("2026-03-09"),
        to: day("2026-03-16"),
        by: Granularity::Day,
    };
    let t = trend(&store, query).unwrap();
    assert_eq!(t.points.len(), 8, "one point per day of the range");
    let values = |metric: TrendMetric| -> Vec<Option<f64>> {
        t.points.iter().map(|p| metric.of_point(p)).collect()
    };
    assert_eq!(
        values(TrendMetric::Installs),
        vec![
            Some(4.0),
            Some(1.0),
            None,
            None,
            None,
            None,
            None,
            Some(5.0)
        ]
    );
    assert_eq!(
        values(TrendMetric::Net),
        vec![
            Some(3.0),
            Some(-2.0),
            None,
            None,
            None,
            None,
            None,
            Some(5.0)
        ]
    );
    // 10 before, +3, -2, carried over the gap, +5.
    assert_eq!(
        values(TrendMetric::Active),
        [13.0, 11.0, 11.0, 11.0, 11.0, 11.0, 11.0, 16.0]
            .map(Some)
            .to_vec()
    );
    assert_eq!(values(TrendMetric::Conversion)[0], Some(4.0 / 200.0));
    assert_eq!(
        (
            t.totals.views,
            t.totals.installs,
            t.totals.uninstalls,
            t.totals.net
        ),
        (350, 10, 4, 6)
    );
    assert_eq!(t.totals.active_at_end, 16);
    assert_eq!(t.totals.conversion, Some(10.0 / 350.0));
    // The eight days before: only 2026-03-01 (100 views, 10 installs).
    assert_eq!(
        (
            t.previous.views,
            t.previous.installs,
            t.previous.active_at_end
        ),
        (100, 10, 10)
    );
    assert_eq!(t.sources, vec![MetricSource::Csv]);
    assert_eq!(t.span, Some((day("2026-03-01"), day("2026-03-16"))));
    assert_eq!(t.as_of, Some(UnixMillis(1_700_000_000_000)));

    let weekly = trend(
        &store,
        TrendQuery {
            by: Granularity::Week,
            ..query
        },
    )
    .unwrap();
    let summary: Vec<_> = weekly
        .points
        .iter()
        .map(|p| (p.start.to_string(), p.installs, p.uninstalls, p.active))
        .collect();
    assert_eq!(
        summary,
        vec![
            ("2026-03-09".to_owned(), Some(5), Some(4), 11),
            ("2026-03-16".to_owned(), Some(5), Some(0), 16)
        ]
    );
}

#[test]
fn the_portfolio_adds_apps_up_by_month_and_bad_ranges_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    let a = app(&store, "Alpha");
    let b = app(&store, "Beta");
    import(
        &mut store,
        a,
        &[("2026-01-15", 10, 1, 0), ("2026-02-03", 20, 2, 1)],
    );
    import(&mut store, b, &[("2026-01-20", 30, 3, 0)]);
    let t = trend(
        &store,
        TrendQuery {
            scope: TrendScope::Portfolio,
            from: day("2026-01-01"),
            to: day("2026-03-31"),
            by: Granularity::Month,
        },
    )
    .unwrap();
    let months: Vec<_> = t
        .points
        .iter()
        .map(|p| (p.start.to_string(), p.views, p.installs, p.active))
        .collect();
    assert_eq!(
        months,
        vec![
            ("2026-01-01".to_owned(), Some(40), Some(4), 4),
            ("2026-02-01".to_owned(), Some(20), Some(2), 5),
            ("2026-03-01".to_owned(), None, None, 5)
        ]
    );
    let backwards = trend(
        &store,
        TrendQuery {
            scope: TrendScope::App { id: a },
            from: day("2026-03-01"),
            to: day("2026-01-01"),
            by: Granularity::Day,
        },
    );
    assert!(
        backwards
            .unwrap_err()
            .to_string()
            .contains("swap the dates")
    );
}
