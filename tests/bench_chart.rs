//! Chart benchmark (issue 4: "a 10-year daily chart draws in at most 100 ms in the app"):
//! one app with ten years of daily metrics, its Metrics tab set to a ten-year range by day,
//! and the time from the start of the chart's build to the end of its first draw, as the page
//! measures it, for several redraws. Prints the figures; asserts nothing about speed.
//!
//! Run: `./scripts/bench-chart.sh` (a release build under Xvfb).

mod support;

use plumbline_domain::{DailyMetric, Day, ImportKind, NewApp, UnixMillis};
use plumbline_store::{NewImport, Store};
use support::Harness;

const DAYS: i32 = 3_650;
const RUNS: usize = 15;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "a benchmark: run with scripts/bench-chart.sh"]
async fn ten_year_daily_chart_draw_time() {
    let harness = Harness::start("ten_year_daily_chart_draw_time").expect("the e2e environment");
    let last = Day::of(UnixMillis::now()).plus(-1);
    let first = last.plus(-(DAYS - 1));
    let id = {
        let mut store = Store::open(&harness.database()).expect("store");
        let app = NewApp::named("Ten Years");
        let id = store
            .add_app(&app.validate().expect("valid"), UnixMillis(0))
            .expect("add")
            .id;
        let mut writer = store.begin_import(id).expect("import");
        for d in 0..DAYS {
            let day = first.plus(d);
            writer
                .put_metric(day, DailyMetric::Views, 30 + (d as u64 * 7) % 50)
                .expect("views");
            writer
                .put_metric(day, DailyMetric::Installs, (d as u64 * 13) % 5)
                .expect("installs");
            writer
                .put_metric(day, DailyMetric::Uninstalls, (d as u64 * 5) % 3)
                .expect("uninstalls");
        }
        writer
            .finish(
                NewImport {
                    kind: ImportKind::Metrics,
                    file_name: "bench.csv".into(),
                    sha256: "bench".into(),
                    rows: DAYS as u64,
                    first_day: Some(first),
                    last_day: Some(last),
                },
                UnixMillis::now(),
            )
            .expect("finish");
        id.0
    };
    let window = harness.launch().await;
    window
        .js(&format!("window.location.hash = '#/apps/{id}/metrics'"))
        .await;
    window.click("[data-preset=custom]").await;
    window.wait_for("[data-testid=range-from]").await;
    window
        .paste("[data-testid=range-from]", &first.to_string())
        .await;
    window
        .paste("[data-testid=range-to]", &last.to_string())
        .await;
    window.js("window.__plumblineChartDrawMs = undefined").await;
    window
        .wait_for("[data-testid=granularity]")
        .await
        .select_by_value("day")
        .await
        .expect("by day");
    // The page sets __plumblineChartDrawMs at the end of each chart's first draw.
    let drawn = |window: &support::Window| {
        let window = window.client.clone();
        async move {
            loop {
                let value = window
                    .execute(
                        "const c = document.querySelector('[data-testid=trend-chart]'); \
                         return [c ? Number(c.dataset.points) : 0, window.__plumblineChartDrawMs ?? null]",
                        vec![],
                    )
                    .await
                    .expect("read the timing");
                if let Some(ms) = value[1]
                    .as_f64()
                    .filter(|_| value[0].as_u64().unwrap_or(0) >= DAYS as u64)
                {
                    return ms;
                }
                tokio::time::sleep(std::time::Duration::from_millis(20)).await;
            }
        }
    };
    let first = drawn(&window).await;
    let mut times = Vec::new();
    // Each draw switches to a different view, so the chart is built afresh every time.
    let views = ["net", "active", "views", "installs"];
    for run in 0..RUNS {
        window.js("window.__plumblineChartDrawMs = undefined").await;
        window
            .wait_for("[data-testid=chart-view]")
            .await
            .select_by_value(views[run % views.len()])
            .await
            .expect("view");
        times.push(drawn(&window).await);
    }
    window.screenshot("bench-chart.png").await;
    window.quit().await;
    let mut sorted = times.clone();
    sorted.sort_by(f64::total_cmp);
    println!(
        "\nchart benchmark: {DAYS} daily points, from the start of a build to the end of its first draw\n\
         the first ten-year daily chart (with the page's update around it): {first:.1} ms\n\
         {RUNS} draws: median {:.1} ms, min {:.1} ms, max {:.1} ms (budget <= 100 ms)\nall: {times:.1?}",
        sorted[RUNS / 2],
        sorted[0],
        sorted[RUNS - 1]
    );
}
