//! Versions and the listing through the real window: create a version from a manifest file,
//! see a validation error, fix it, promote it with the diff shown, and find its release mark
//! on the Metrics chart; edit the listing, see the precheck count past 30 and the preview show
//! a `<script>` in the summary as text.

mod support;

use std::time::{Duration, Instant};

use plumbline_store::{Snapshot, Store};
use support::{Harness, Window};

/// Waits until the texts of `css` satisfy `ok`.
async fn eventually(window: &Window, css: &str, ok: impl Fn(&[String]) -> bool) -> Vec<String> {
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let texts = window.texts(css).await;
        if ok(&texts) {
            return texts;
        }
        assert!(Instant::now() < deadline, "{css}: {texts:?}");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

async fn app_id(window: &Window, name: &str) -> i64 {
    window.wait_for("[data-testid=app-row]").await;
    window
        .client
        .execute(
            "return Number([...document.querySelectorAll('[data-testid=app-row]')].find(r => r.querySelector('[data-testid=app-name]').textContent === arguments[0]).dataset.appId)",
            vec![serde_json::json!(name)],
        )
        .await
        .expect("find the app")
        .as_i64()
        .expect("listed")
}

/// The demo's Punch List Pro 1.2.0 manifest with one more permission, and a misspelt
/// placeholder the partner will fix.
fn manifests() -> (String, String) {
    let base = include_str!("../crates/store/src/demo_manifests/punch-list-pro-1.2.0.json");
    let good = base.replace(
        "\"punch_list\": \"admin\"",
        "\"punch_list\": \"admin\", \"daily_log\": \"readonly\"",
    );
    let broken = good.replace("?region={{region}}", "?region={{regoin}}");
    assert_ne!(good, broken);
    (broken, good)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_version_from_a_file_is_fixed_promoted_with_its_diff_and_marks_the_chart() {
    let Some(harness) =
        Harness::start("a_version_from_a_file_is_fixed_promoted_with_its_diff_and_marks_the_chart")
    else {
        return;
    };
    let (broken, good) = manifests();
    let file = harness.profile.path().join("manifest.json");
    std::fs::write(&file, &broken).expect("write the manifest");

    let window = harness.launch().await;
    let id = app_id(&window, "Punch List Pro").await;
    window
        .js(&format!("window.location.hash = '#/apps/{id}/versions'"))
        .await;
    // The demo's history is there: two approved releases and one Ready for Testing.
    let states = eventually(&window, "[data-testid=version-state]", |t| t.len() == 3).await;
    assert_eq!(states, ["Ready for Testing", "Approved", "Approved"]);
    // The demo's released manifests ask only for tools its routes use: least privilege holds.
    let released = window.texts("[data-testid='version-row-1.1.0']").await;
    assert!(
        !released[0].contains("warning") && !released[0].contains("error"),
        "{released:?}"
    );

    window.click("[data-testid=create-version]").await;
    window.paste("[data-testid=version-number]", "1.3.0").await;
    window
        .wait_for("[data-testid=manifest-file]")
        .await
        .send_keys(&file.display().to_string())
        .await
        .expect("choose the manifest file");
    // The validator finds the misspelt placeholder, at its pointer.
    let findings = eventually(&window, "[data-testid=finding][data-severity=error]", |t| {
        !t.is_empty()
    })
    .await;
    assert!(findings[0].contains("{{regoin}}"), "{findings:?}");
    let pointer = window
        .js("return document.querySelector('[data-testid=finding][data-severity=error]').dataset.pointer")
        .await;
    assert_eq!(pointer, "/fullscreen/source_url");
    // Fixed in the editor: the error goes.
    window.paste("[data-testid=manifest-text]", &good).await;
    eventually(
        &window,
        "[data-testid=finding][data-severity=error]",
        <[String]>::is_empty,
    )
    .await;
    window
        .paste("[data-testid=release-notes]", "RFIs in the side panel.")
        .await;
    window.click("[data-testid=save-version]").await;
    window.wait_gone("[data-testid=version-editor]").await;
    window.wait_for("[data-testid='version-row-1.3.0']").await;

    // Promote: the diff against 1.1.0 (what customers have) and the portal's warning.
    window.click("[data-testid='version-row-1.3.0']").await;
    window.click("[data-testid=action-promote]").await;
    window.wait_for("[data-testid=promote-dialog]").await;
    let heading = eventually(&window, "[data-testid=promote-diff] h3", |t| !t.is_empty()).await;
    assert_eq!(heading[0], "What changes since 1.1.0");
    let changes = window.texts("[data-testid=diff-change]").await;
    assert!(
        changes
            .iter()
            .any(|c| c.contains("New required setting \"region\"")),
        "{changes:?}"
    );
    assert!(
        changes
            .iter()
            .any(|c| c.contains("more access: readonly on the project tool \"daily_log\"")),
        "{changes:?}"
    );
    assert!(window.texts("[data-testid=promote-warning]").await[0].contains("do not carry over"));
    window.screenshot("promote-dialog.png").await;
    window.click("[data-testid=confirm-promote]").await;
    window.wait_gone("[data-testid=promote-dialog]").await;
    eventually(&window, "[data-testid=version-state]", |t| {
        t.first().map(String::as_str) == Some("Promoted")
    })
    .await;

    // The release mark, on the Metrics chart.
    window
        .js(&format!("window.location.hash = '#/apps/{id}/metrics'"))
        .await;
    let marks = eventually(&window, "[aria-label='Marks on the chart'] li", |t| {
        t.iter().any(|m| m.contains("Version 1.3.0 promoted"))
    })
    .await;
    assert!(marks.iter().any(|m| m.contains("Release")), "{marks:?}");
    window.quit().await;

    let store = Store::open(&harness.database()).expect("open the profile");
    let stored = store
        .version(
            plumbline_domain::AppId(id),
            plumbline_domain::Semver::parse("1.3.0").expect("semver"),
        )
        .expect("stored");
    assert_eq!(stored.manifest, good, "the manifest is kept byte for byte");
    assert_eq!(stored.release_notes, "RFIs in the side panel.");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_listing_precheck_counts_and_the_preview_shows_a_script_as_text() {
    let Some(harness) =
        Harness::start("the_listing_precheck_counts_and_the_preview_shows_a_script_as_text")
    else {
        return;
    };
    let window = harness.launch().await;
    let id = app_id(&window, "Site Diary Sync").await;
    window
        .js(&format!("window.location.hash = '#/apps/{id}/listing'"))
        .await;
    window.wait_for("[data-testid=listing-name]").await;
    window
        .paste("[data-testid=listing-name]", &"n".repeat(30))
        .await;
    eventually(&window, "[data-testid=count-name]", |t| {
        t.first().map(String::as_str) == Some("30 / 30")
    })
    .await;
    window
        .paste("[data-testid=listing-name]", &"n".repeat(31))
        .await;
    eventually(&window, "[data-testid=count-name]", |t| {
        t.first().map(String::as_str) == Some("31 / 30")
    })
    .await;
    let finding = eventually(
        &window,
        "[data-testid=listing-finding][data-field=name]",
        |t| !t.is_empty(),
    )
    .await;
    assert!(finding[0].contains("31 characters"), "{finding:?}");

    let script = "<script>window.pwned = true</script><img src=x onerror=\"window.pwned = true\">";
    window
        .paste("[data-testid=listing-summary-text]", script)
        .await;
    window.click("[data-testid=toggle-preview]").await;
    eventually(&window, "[data-testid=preview-summary]", |t| {
        t.first().map(String::as_str) == Some(script)
    })
    .await;
    let markup = window
        .js("return document.querySelector('[data-testid=preview-summary]').children.length")
        .await;
    assert_eq!(markup, 0, "shown as text, not markup");
    assert_eq!(window.js("return window.pwned === undefined").await, true);
    window.screenshot("listing-preview.png").await;

    // Media are judged by their headers: a 200x200 logo clears the finding; a PNG claiming
    // 100,000 x 100,000 is refused without being decoded, and can be removed.
    let png = |width: u32, height: u32| {
        let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 6, 0, 0, 0, 0, 0, 0, 0]);
        bytes
    };
    let logo = harness.profile.path().join("logo.png");
    std::fs::write(&logo, png(200, 200)).expect("write the logo");
    let huge = harness.profile.path().join("huge.png");
    std::fs::write(&huge, png(100_000, 100_000)).expect("write the screenshot");
    eventually(
        &window,
        "[data-testid=listing-finding][data-field=logo]",
        |t| !t.is_empty(),
    )
    .await;
    window
        .wait_for("[data-testid=logo-file]")
        .await
        .send_keys(&logo.display().to_string())
        .await
        .expect("choose the logo");
    eventually(
        &window,
        "[data-testid=listing-finding][data-field=logo]",
        <[String]>::is_empty,
    )
    .await;
    window
        .wait_for("[data-testid=screenshot-files]")
        .await
        .send_keys(&huge.display().to_string())
        .await
        .expect("add the screenshot");
    let shot = eventually(
        &window,
        "[data-testid=listing-finding][data-field='screenshots/0']",
        |t| !t.is_empty(),
    )
    .await;
    assert!(shot[0].contains("100000x100000"), "{shot:?}");
    // Below the fold: WebKitWebDriver clicks only what is in view.
    window
        .js("document.querySelector(\"[aria-label='Remove huge.png']\").scrollIntoView({ block: 'center' })")
        .await;
    window.click("[aria-label='Remove huge.png']").await;
    eventually(
        &window,
        "[data-testid=listing-finding][data-field='screenshots/0']",
        <[String]>::is_empty,
    )
    .await;

    window.click("[data-testid=save-listing]").await;
    eventually(&window, "[data-testid=listing-summary]", |t| {
        t.first().is_some_and(|s| !s.contains("not saved"))
    })
    .await;
    window.quit().await;

    let store = Store::open(&harness.database()).expect("open the profile");
    let draft = store
        .listing(plumbline_domain::AppId(id), Snapshot::Draft)
        .expect("read")
        .expect("saved");
    assert_eq!((draft.name.len(), draft.summary.as_str()), (31, script));
    let media: Vec<&str> = draft.media.iter().map(|m| m.file_name.as_str()).collect();
    assert_eq!(
        media,
        ["logo.png"],
        "the logo kept, the refused screenshot removed"
    );
}
