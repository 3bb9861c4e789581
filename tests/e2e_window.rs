//! The main window comes back where the partner left it.

mod support;

use std::time::Duration;

use plumbline_store::Store;
use support::Harness;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn window_size_and_position_survive_a_restart() {
    let Some(harness) = Harness::start("window_size_and_position_survive_a_restart") else {
        return;
    };
    let window = harness.launch().await;
    window
        .client
        .set_window_rect(140, 90, 1010, 690)
        .await
        .expect("move and resize");
    // The shell saves on each move and resize event; give the window system a moment.
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    let saved = loop {
        let saved = Store::open(&harness.database())
            .unwrap()
            .window_geometry()
            .unwrap();
        if saved.is_some_and(|g| g.width == 1010 && g.height == 690) {
            break saved.unwrap();
        }
        assert!(
            std::time::Instant::now() < deadline,
            "geometry not saved: {saved:?}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    assert_eq!((saved.x, saved.y), (140, 90), "{saved:?}");
    window.quit().await;

    let window = harness.launch().await;
    let (x, y, width, height) = window.client.get_window_rect().await.expect("window rect");
    assert_eq!((x, y, width, height), (140, 90, 1010, 690));
    window.quit().await;
}
