//! Every listing rule at its boundary, media read from their headers, hostile text inert.

#![allow(clippy::unwrap_used)]

mod support;

use plumbline_listing::{Listing, ListingReport, precheck, preview_html};
use support::{file, good, jpeg, mp4, png};

fn codes(report: &ListingReport) -> Vec<(String, String)> {
    report
        .errors
        .iter()
        .chain(&report.warnings)
        .map(|f| (f.field.clone(), f.code.clone()))
        .collect()
}

fn has(report: &ListingReport, field: &str, code: &str) -> bool {
    codes(report).contains(&(field.to_owned(), code.to_owned()))
}

fn with(edit: impl FnOnce(&mut Listing)) -> ListingReport {
    let mut listing = good();
    edit(&mut listing);
    precheck(&listing)
}

#[test]
fn the_good_listing_passes_everything() {
    let report = precheck(&good());
    assert_eq!(codes(&report), [], "{report:#?}");
    let name = report.counts.iter().find(|c| c.field == "name").unwrap();
    assert_eq!((name.count, name.max), (14, Some(30)));
    let summary = report.counts.iter().find(|c| c.field == "summary").unwrap();
    assert_eq!((summary.min, summary.max), (Some(200), Some(2000)));
}

#[test]
fn name_30_passes_31_fails_counting_characters() {
    assert!(!has(&with(|l| l.name = "é".repeat(30)), "name", "too-long"));
    let report = with(|l| l.name = "é".repeat(31));
    assert!(has(&report, "name", "too-long"));
    assert!(
        report.errors[0].message.contains("31 characters"),
        "{}",
        report.errors[0].message
    );
}

#[test]
fn names_have_no_emoji_special_characters_or_procore() {
    assert!(has(
        &with(|l| l.name = "Punch 🚧 Pro".into()),
        "name",
        "emoji"
    ));
    assert!(has(
        &with(|l| l.name = "Punch™ Pro".into()),
        "name",
        "special-characters"
    ));
    assert!(has(
        &with(|l| l.name = "Punch <Pro>".into()),
        "name",
        "special-characters"
    ));
    assert!(has(
        &with(|l| l.name = "Punch for PROCORE".into()),
        "name",
        "procore-in-name"
    ));
    assert!(!has(
        &with(|l| l.name = "Müller & Söhne: Punch-List (Pro)".into()),
        "name",
        "special-characters"
    ));
    assert!(has(&with(|l| l.name = "  ".into()), "name", "required"));
}

#[test]
fn text_lengths_at_their_boundaries() {
    assert!(!has(
        &with(|l| l.tagline = "t".repeat(40)),
        "tagline",
        "too-long"
    ));
    assert!(has(
        &with(|l| l.tagline = "t".repeat(41)),
        "tagline",
        "too-long"
    ));
    assert!(has(
        &with(|l| l.summary = "s".repeat(199)),
        "summary",
        "too-short"
    ));
    assert!(!has(
        &with(|l| l.summary = "s".repeat(200)),
        "summary",
        "too-short"
    ));
    assert!(!has(
        &with(|l| l.summary = "s".repeat(2000)),
        "summary",
        "too-long"
    ));
    assert!(has(
        &with(|l| l.summary = "s".repeat(2001)),
        "summary",
        "too-long"
    ));
    assert!(!has(
        &with(|l| l.how_it_works = "h".repeat(500)),
        "how_it_works",
        "too-long"
    ));
    assert!(has(
        &with(|l| l.how_it_works = "h".repeat(501)),
        "how_it_works",
        "too-long"
    ));
}

#[test]
fn at_least_three_features_each_short_and_without_emoji() {
    assert!(has(
        &with(|l| l.features.truncate(2)),
        "features",
        "too-few"
    ));
    assert!(
        has(
            &with(|l| l.features = vec!["a".into(), "b".into(), " ".into()]),
            "features",
            "too-few"
        ),
        "a blank line is not a feature"
    );
    assert!(!has(
        &with(|l| l.features[1] = "f".repeat(200)),
        "features/1",
        "too-long"
    ));
    assert!(has(
        &with(|l| l.features[1] = "f".repeat(201)),
        "features/1",
        "too-long"
    ));
    assert!(has(
        &with(|l| l.features[2] = "Fast ⚡".into()),
        "features/2",
        "emoji"
    ));
}

#[test]
fn the_logo_is_a_real_200_pixel_square() {
    assert!(!has(
        &with(|l| l.logo = Some(file("logo.jpg", jpeg(200, 200)))),
        "logo",
        "logo-size"
    ));
    assert!(has(
        &with(|l| l.logo = Some(file("logo.png", png(201, 200)))),
        "logo",
        "logo-size"
    ));
    assert!(has(&with(|l| l.logo = None), "logo", "required"));
    // A PNG named .jpg is found out by its content.
    let report = with(|l| l.logo = Some(file("logo.jpg", png(200, 200))));
    assert!(has(&report, "logo", "wrong-extension"), "{report:#?}");
    // A GIF or a text file named .png is not an image the Marketplace takes.
    let report = with(|l| l.logo = Some(file("logo.png", b"GIF89a\xc8\x00\xc8\x00".to_vec())));
    assert!(
        has(&report, "logo", "not-an-image") && report.errors[0].message.contains("GIF"),
        "{report:#?}"
    );
    assert!(has(
        &with(|l| l.logo = Some(file("logo.png", b"just text".to_vec()))),
        "logo",
        "not-an-image"
    ));
    assert!(has(
        &with(|l| l.logo = Some(file("logo.png", mp4()))),
        "logo",
        "not-an-image"
    ));
}

#[test]
fn a_header_claiming_100000_pixels_square_is_refused_without_decoding() {
    let report = with(|l| l.screenshots[0] = file("huge.png", png(100_000, 100_000)));
    assert!(has(&report, "screenshots/0", "screenshot-size"));
    assert!(
        report.errors[0].message.contains("100000x100000"),
        "{}",
        report.errors[0].message
    );
}

#[test]
fn screenshots_between_720x480_and_1920x1080() {
    assert!(has(
        &with(|l| l.screenshots[0] = file("a.png", png(719, 480))),
        "screenshots/0",
        "screenshot-size"
    ));
    assert!(has(
        &with(|l| l.screenshots[0] = file("a.png", png(720, 479))),
        "screenshots/0",
        "screenshot-size"
    ));
    assert!(!has(
        &with(|l| l.screenshots[0] = file("a.png", png(720, 480))),
        "screenshots/0",
        "screenshot-size"
    ));
    assert!(!has(
        &with(|l| l.screenshots[0] = file("a.png", png(1920, 1080))),
        "screenshots/0",
        "screenshot-size"
    ));
    assert!(has(
        &with(|l| l.screenshots[0] = file("a.png", png(1921, 1080))),
        "screenshots/0",
        "screenshot-size"
    ));
    assert!(has(
        &with(|l| l.screenshots.truncate(2)),
        "screenshots",
        "too-few"
    ));
    assert!(has(
        &with(|l| l.screenshots[1] = file("b.jpg", jpeg(1280, 720)[..12].to_vec())),
        "screenshots/1",
        "not-an-image"
    ));
}

#[test]
fn the_video_is_mp4_or_mov_by_content() {
    let mut mov = vec![0, 0, 0, 0x14];
    mov.extend(b"ftypqt  \0\0\0\0qt  ");
    assert!(!has(
        &with(|l| l.video = Some(file("video.mov", mov.clone()))),
        "video",
        "not-a-video"
    ));
    assert!(has(
        &with(|l| l.video = Some(file("video.mp4", mov))),
        "video",
        "wrong-extension"
    ));
    assert!(has(
        &with(|l| l.video = Some(file("video.mp4", png(10, 10)))),
        "video",
        "not-a-video"
    ));
}

#[test]
fn structured_fields() {
    assert!(has(
        &with(|l| l.details.categories = vec!["a".into(), "b".into(), "c".into(), "d".into()]),
        "categories",
        "too-many"
    ));
    assert!(!has(
        &with(|l| l.details.categories = vec!["a".into(), "b".into(), "c".into()]),
        "categories",
        "too-many"
    ));
    assert!(has(
        &with(|l| l.details.contact.as_mut().unwrap().email = Some("sales at example".into())),
        "contact/email",
        "email-invalid"
    ));
    assert!(has(
        &with(|l| l.details.contact = Some(plumbline_listing::Contact {
            button: "learn_how".into(),
            email: None,
            url: Some("http://x.example".into())
        })),
        "contact/url",
        "url-invalid"
    ));
    assert!(has(
        &with(|l| l.details.contact.as_mut().unwrap().button = "call_us".into()),
        "contact/button",
        "contact-button"
    ));
    assert!(has(
        &with(|l| l.details.installation = Some("maybe".into())),
        "installation",
        "installation"
    ));
    assert!(has(
        &with(|l| l.details.support_url = Some("https://".into())),
        "support_url",
        "url-invalid"
    ));
    assert!(has(
        &with(|l| l.details.helpful_links[0].url = "javascript:alert(1)".into()),
        "helpful_links/0/url",
        "url-invalid"
    ));
    assert!(has(
        &with(|l| l.details.required_tools[0].level = "owner".into()),
        "required_tools/0/level",
        "tool-level"
    ));
    let links = |n| {
        with(|l| {
            l.details.helpful_links = vec![
                plumbline_listing::HelpfulLink {
                    label: "x".into(),
                    url: "https://x.example".into()
                };
                n
            ]
        })
    };
    assert!(!has(&links(3), "helpful_links", "too-many"));
    assert!(has(&links(4), "helpful_links", "too-many"));
    assert!(has(&with(|l| l.details.pricing = None), "pricing", "empty"));
}

#[test]
fn the_preview_shows_hostile_text_inert_and_loads_nothing() {
    let mut listing = good();
    listing.summary = format!("<script>alert(1)</script> {}", "s".repeat(200));
    listing.name = "\"><img src=x onerror=alert(1)>".into();
    listing.details.helpful_links[0].url = "javascript:alert(1)".into();
    let html = preview_html(&listing);
    assert!(!html.contains("<script>alert(1)</script>"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(!html.contains("<img src=x"));
    assert!(
        !html.contains("href=\"javascript:"),
        "only https links are links"
    );
    assert!(
        html.contains("default-src 'none'; img-src data:"),
        "a CSP forbids scripts and fetches"
    );
    assert!(!html.contains("src=\"http"), "nothing is fetched");
    assert_eq!(
        html.matches("src=\"data:image/").count(),
        1 + 3,
        "the logo and three screenshots inlined"
    );
    assert!(
        html.contains("href=\"https://docs.punchlist.example/setup\"")
            || html.contains("Setup guide")
    );
}
