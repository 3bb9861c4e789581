//! Demo mode, end to end: the first start shows the demo apps with their installations,
//! synced from the simulator the app starts in-process on loopback.

mod support;

use support::Harness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_start_in_demo_mode_shows_demo_apps_with_their_installations() {
    let Some(harness) =
        Harness::start("first_start_in_demo_mode_shows_demo_apps_with_their_installations")
    else {
        return;
    };
    let window = harness.launch().await;
    window.wait_for("[data-testid=demo-banner]").await;
    let names = window.texts("[data-testid=app-name]").await;
    assert!(names.iter().any(|n| n == "Site Diary Sync"), "{names:?}");
    // The background sync ends after the first paint; its event updates the Portfolio in place.
    window
        .wait_for("[data-testid=app-row] [data-testid=connection-state] .state.ok")
        .await;
    let states = window.texts("[data-testid=connection-state]").await;
    assert!(
        states.iter().any(|s| s.ends_with("companies")),
        "{states:?}"
    );
    // The demo imported the simulator's portal exports on its first start: trends per app.
    window.wait_for("[data-testid=app-trend] svg").await;
    window
        .wait_for("[data-testid=portfolio-overview][aria-busy=false]")
        .await;
    window.screenshot("demo-portfolio.png").await;
    first_screen_holds_its_promises(&window).await;

    window.js("window.location.hash = '#/apps/' + [...document.querySelectorAll('[data-testid=app-row]')].find(r => r.textContent.includes('Site Diary Sync')).dataset.appId + '/metrics'").await;
    window.wait_for("[data-testid=installed-count]").await;
    let count: u32 = window.texts("[data-testid=installed-count]").await[0]
        .replace(|c: char| !c.is_ascii_digit(), "")
        .parse()
        .expect("a number");
    assert!(
        count > 100,
        "the demo app is installed in hundreds of companies: {count}"
    );
    // The first sync's baseline is one line, not a row per company that already had the app
    // (which would hide the real installs and uninstalls).
    let baseline = window.texts("[data-testid=installation-baseline]").await;
    assert!(
        baseline.len() == 1
            && baseline[0].contains("already had the app when Plumbline began tracking it"),
        "{baseline:?}"
    );
    let events = window.texts("[data-testid=installation-events] li").await;
    assert!(
        events.iter().all(|e| !e.contains("Already installed")),
        "{events:?}"
    );
    let panel = window.texts("[data-testid=installations]").await.concat();
    assert!(
        panel.contains("Last synced") && panel.contains("rate limit"),
        "{panel}"
    );
    // Two years of history from the demo's metrics export. The chart of the earlier range is
    // already drawn when the click lands, so wait for the totals of the new one.
    window.click("[data-preset=all]").await;
    window.wait_for("[data-testid=trend-chart] canvas").await;
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
    loop {
        let installs = window.texts("[data-testid=total-installs]").await.concat();
        if installs
            .replace(',', "")
            .parse::<u32>()
            .is_ok_and(|n| n > 100)
        {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "two years of installations, not {installs}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    window.screenshot("demo-installations.png").await;

    // Issue 11, item 6: every figure card reads in full at the size the window opens at, at
    // the smallest it can be made (src-tauri/window_state.rs) and in a wide window.
    assert_eq!(
        inner_size(&window).await,
        (1180, 760),
        "the default window size"
    );
    let mut problems = metric_card_problems(&window, "the default size").await;
    for (width, height, name) in [(880, 560, "the smallest size"), (1600, 900, "1600 px")] {
        window
            .client
            .set_window_rect(0, 0, width, height)
            .await
            .unwrap_or_else(|e| panic!("resize the window to {name}: {e}"));
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
        while inner_size(&window).await != (width.into(), height.into()) {
            assert!(
                std::time::Instant::now() < deadline,
                "the window did not take {name}: {:?}",
                inner_size(&window).await
            );
            tokio::time::sleep(std::time::Duration::from_millis(50)).await;
        }
        problems.extend(metric_card_problems(&window, name).await);
        window
            .screenshot(&format!("demo-metrics-{width}x{height}.png"))
            .await;
    }
    assert!(problems.is_empty(), "{problems:#?}");

    // What the window showed is what the store holds.
    let store = plumbline_store::Store::open(&harness.database()).expect("open the profile");
    let app = store
        .list_apps()
        .expect("apps")
        .into_iter()
        .find(|a| a.display_name == "Site Diary Sync")
        .expect("demo app");
    assert_eq!(
        store.installed_companies(app.id).expect("companies").len() as u32,
        count
    );
    assert!(
        store
            .account(app.id)
            .expect("account")
            .is_some_and(|a| a.last_sync_at.is_some())
    );
    window.quit().await;
}

/// What keeps the Metrics figure cards from reading in full, measured in the window's own
/// layout: text overflowing its box or ellipsized, a label over more than two lines, a figure
/// out of line with the others in its row, a card reaching past the panel, a row left short
/// (five cards and an orphan).
async fn metric_card_problems(window: &support::Window, size: &str) -> Vec<String> {
    // Layout settles a frame after a resize.
    let measured = window
        .client
        .execute_async(
            "const done = arguments[arguments.length - 1];
             requestAnimationFrame(() => requestAnimationFrame(() => {
             const list = document.querySelector('[data-testid=metric-cards]');
             list.scrollIntoView();
             const outer = list.getBoundingClientRect();
             const lines = (el) => {
               const range = document.createRange();
               range.selectNodeContents(el);
               return new Set([...range.getClientRects()].map((r) => Math.round(r.top))).size;
             };
             const clipped = (el) => {
               const style = getComputedStyle(el);
               return el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight
                 || style.textOverflow === 'ellipsis' || style.webkitLineClamp !== 'none' && style.webkitLineClamp !== '';
             };
             done({
               page: [window.innerWidth, window.innerHeight],
               list: { left: outer.left, right: outer.right, scroll: list.scrollWidth, client: list.clientWidth },
               cards: [...list.children].map((card) => {
                 const box = card.getBoundingClientRect();
                 const parts = [...card.children];
                 return {
                   metric: card.dataset.metric,
                   text: parts.map((p) => p.textContent.trim()),
                   left: box.left, right: box.right, top: Math.round(box.top),
                   clipped: [card, ...parts].filter(clipped).map((p) => p.className || p.tagName),
                   labelLines: lines(card.querySelector('.label')),
                   valueTop: Math.round(card.querySelector('strong').getBoundingClientRect().top),
                 };
               }),
             });
             }));",
            vec![],
        )
        .await
        .expect("measure the figure cards");
    eprintln!("metric cards at {size}: {measured:#}");
    let cards = measured["cards"].as_array().expect("the cards");
    let list = &measured["list"];
    let px = |v: &serde_json::Value| v.as_f64().expect("a length");
    let mut problems = Vec::new();
    if cards.len() != 6 {
        problems.push(format!("{} figure cards at {size}", cards.len()));
    }
    if px(&list["scroll"]) > px(&list["client"]) {
        problems.push(format!("the cards overflow their row at {size}"));
    }
    let mut rows: Vec<(&serde_json::Value, usize)> = Vec::new();
    for card in cards {
        match rows.iter_mut().find(|(top, _)| *top == &card["top"]) {
            Some((_, n)) => *n += 1,
            None => rows.push((&card["top"], 1)),
        }
    }
    if rows.iter().any(|(_, n)| *n != rows[0].1) {
        let counts: Vec<usize> = rows.iter().map(|(_, n)| *n).collect();
        problems.push(format!("rows of {counts:?} cards at {size}"));
    }
    for card in cards {
        let metric = &card["metric"];
        if !card["clipped"].as_array().is_some_and(Vec::is_empty) {
            problems.push(format!(
                "{metric} is cut off at {size}: {}",
                card["clipped"]
            ));
        }
        if px(&card["left"]) < px(&list["left"]) || px(&card["right"]) > px(&list["right"]) {
            problems.push(format!("{metric} reaches past the panel at {size}"));
        }
        if !card["labelLines"]
            .as_u64()
            .is_some_and(|n| (1..=2).contains(&n))
        {
            problems.push(format!(
                "{metric}'s label takes {} lines at {size}",
                card["labelLines"]
            ));
        }
        if cards
            .iter()
            .any(|c| c["top"] == card["top"] && c["valueTop"] != card["valueTop"])
        {
            problems.push(format!(
                "{metric}'s figure is out of line with its row at {size}"
            ));
        }
    }
    problems
}

/// The size of the window's page, in CSS pixels.
async fn inner_size(window: &support::Window) -> (u64, u64) {
    let size = window
        .js("return [window.innerWidth, window.innerHeight]")
        .await;
    (
        size[0].as_u64().expect("a width"),
        size[1].as_u64().expect("a height"),
    )
}

/// What the Portfolio's first frame is built on (Portfolio.svelte, App.svelte, theme.css):
/// every row exactly ROW_HEIGHT_PX (60) high, a Demo badge included, below at least
/// TABLE_BODY_TOP_PX (290) of heading, figures and table header; every navigation link at
/// least NAV_LINK_MIN_PX (32) high, the first below NAV_APPS_TOP_PX (88); and the text in
/// 14 and 24 px, 12 only for the rows' facts (each size costs the first paint its font set-up).
async fn first_screen_holds_its_promises(window: &support::Window) {
    let measured = window
        .js("const visible = (el) => { const r = el.getBoundingClientRect(); return r.height > 0 && r.top < innerHeight; };
             const sizes = new Set();
             for (const el of document.querySelectorAll('.frame *')) {
               const text = [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent.trim());
               // The facts, and the cells filled after the first paint, keep their own sizes.
               const own = el.closest('.facts, .visually-hidden, [data-testid=app-trend], [data-testid=nearest-sunset], [data-testid=alerts-unseen]');
               if (text && visible(el) && !own) sizes.add(getComputedStyle(el).fontSize);
             }
             const rows = [...document.querySelectorAll('[data-testid=app-row]')].map((r) => r.getBoundingClientRect());
             const links = [...document.querySelectorAll('nav a.app-link')].map((a) => a.getBoundingClientRect());
             // The banners (demo, offline) come and go above the figures, a 24 px gap each.
             const banners = [...document.querySelectorAll('.main .banner')].reduce((sum, b) => sum + b.getBoundingClientRect().height + 24, 0);
             return {
               rows: rows.map((r) => r.height),
               links: links.map((r) => r.height),
               rowsTop: rows[0].top - document.querySelector('.main').getBoundingClientRect().top - banners,
               linksTop: links[0].top,
               facts: [...new Set([...document.querySelectorAll('.facts')].map((f) => getComputedStyle(f).fontSize))],
               sizes: [...sizes].sort(),
             };")
        .await;
    let lengths = |key: &str| -> Vec<f64> {
        measured[key]
            .as_array()
            .expect(key)
            .iter()
            .map(|v| v.as_f64().expect("a length"))
            .collect()
    };
    let length = |key: &str| measured[key].as_f64().expect(key);
    let rows = lengths("rows");
    assert!(
        !rows.is_empty() && rows.iter().all(|h| (h - 60.0).abs() < 0.5),
        "every Portfolio row is 60 px high: {rows:?}"
    );
    assert!(
        length("rowsTop") >= 290.0,
        "the rows start at least 290 px down, banners aside: {}",
        length("rowsTop")
    );
    let links = lengths("links");
    assert!(
        !links.is_empty() && links.iter().all(|h| *h >= 32.0),
        "every app link in the navigation is at least 32 px high: {links:?}"
    );
    assert!(
        length("linksTop") >= 88.0,
        "the first app link starts at least 88 px down: {}",
        length("linksTop")
    );
    let texts = |key: &str| -> Vec<String> {
        measured[key]
            .as_array()
            .expect(key)
            .iter()
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect()
    };
    assert_eq!(
        texts("sizes"),
        ["14px", "24px"],
        "the first screen's text sizes"
    );
    assert_eq!(texts("facts"), ["12px"], "the rows' facts");
}
