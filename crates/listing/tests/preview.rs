//! The preview: one self-contained page, every text inert, nothing fetched.

#![allow(clippy::unwrap_used)]

mod support;

use plumbline_listing::{Contact, escape, preview_html};
use support::{file, good, link};

const CSP: &str = "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">";

#[test]
fn a_script_in_the_summary_is_shown_as_text() {
    let mut listing = good();
    listing.summary = format!("<script>alert(1)</script> {}", "s".repeat(200));
    let html = preview_html(&listing);
    assert!(!html.contains("<script>"), "no raw script tag");
    assert!(!html.to_lowercase().contains("<script"));
    assert!(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
}

#[test]
fn every_text_is_escaped_everywhere_it_appears() {
    let hostile = "\"><img src=x onerror=alert(1)> & 'quoted'";
    let mut listing = good();
    listing.name = hostile.into();
    listing.tagline = hostile.into();
    listing.how_it_works = hostile.into();
    listing.features[0] = hostile.into();
    listing.screenshots[0].file_name = hostile.into();
    listing.details.built_by = Some(hostile.into());
    listing.details.categories = vec![hostile.into()];
    listing.details.regions = vec![hostile.into()];
    listing.details.helpful_links[0].label = hostile.into();
    listing.details.required_tools[0].tool = hostile.into();
    let html = preview_html(&listing);
    assert!(!html.contains("<img src=x"));
    assert!(!html.contains("onerror=alert(1)>"));
    assert!(!html.contains("'quoted'"));
    let escaped = "&quot;&gt;&lt;img src=x onerror=alert(1)&gt; &amp; &#39;quoted&#39;";
    assert_eq!(escape(hostile), escaped);
    // Title, header, tagline, how it works, feature, alt text, built by, categories,
    // regions, link label, tool.
    assert!(html.matches(escaped).count() >= 11, "{html}");
}

#[test]
fn the_page_is_self_contained_under_a_strict_policy() {
    let html = preview_html(&good());
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains(CSP));
    assert!(
        html.find(CSP).unwrap() < html.find("<style>").unwrap(),
        "the policy comes first"
    );
    assert!(!html.contains("src=\"http"), "nothing fetched");
    assert!(!html.contains("<link"), "no stylesheets from elsewhere");
    assert!(!html.contains("url("), "no CSS fetches");
    assert_eq!(
        html.matches("src=\"data:image/").count(),
        1 + 3,
        "the logo and three screenshots inlined"
    );
    assert!(html.contains("src=\"data:image/png;base64,iVBORw0KGgo"));
    assert!(html.contains("src=\"data:image/jpeg;base64,/9j/"));
    for section in [
        "Built by Punch List Pro Inc.",
        "<h2>Integration summary</h2>",
        "<h2>How it works</h2>",
        "<h2>Features</h2>",
        "<h2>Screenshots</h2>",
        "<li>Sign-off on site</li>",
        "<dt>Categories</dt><dd>Quality &amp; Safety</dd>",
        "<dt>Pricing</dt>",
        "Free trial: Yes",
        "<dt>Regions</dt><dd>North America</dd>",
        "<dt>Support</dt>",
        "<dt>Helpful links</dt>",
        "<dt>Required Procore tools</dt><dd>Punch List (standard)</dd>",
        "Contact Us",
        "video.mp4",
    ] {
        assert!(html.contains(section), "{section}");
    }
}

#[test]
fn only_https_urls_become_links() {
    let mut listing = good();
    listing.details.helpful_links = vec![
        link("Bad", "javascript:alert(1)"),
        link("Plain", "http://docs.example.com"),
        link("Good", "https://docs.example.com/a?b=1&c=2"),
    ];
    listing.details.support_url = Some("data:text/html,<b>x</b>".into());
    let html = preview_html(&listing);
    assert!(!html.contains("href=\"javascript:"));
    assert!(!html.contains("href=\"http:"));
    assert!(!html.contains("href=\"data:"));
    assert!(html.contains("javascript:alert(1)"), "shown as text");
    assert!(html.contains("href=\"https://docs.example.com/a?b=1&amp;c=2\""));
    assert!(html.contains("data:text/html,&lt;b&gt;x&lt;/b&gt;"));
    assert_eq!(
        html.matches("href=\"").count(),
        1,
        "only the https helpful link"
    );
}

#[test]
fn the_contact_button_links_only_to_https() {
    let mut listing = good();
    listing.details.contact = Some(Contact {
        button: "learn_how".into(),
        url: Some("https://punchlist.example/demo".into()),
        ..Default::default()
    });
    let html = preview_html(&listing);
    assert!(html.contains("<a class=\"button\" href=\"https://punchlist.example/demo\""));
    listing.details.contact.as_mut().unwrap().url = Some("javascript:alert(1)".into());
    let html = preview_html(&listing);
    assert!(!html.contains("href=\"javascript:"));
    assert!(html.contains("<span class=\"button\">Learn How</span>"));
}

#[test]
fn a_file_that_is_not_an_image_is_not_inlined() {
    let mut listing = good();
    listing.screenshots[1] = file("fake.png", b"<svg onload=alert(1)>".to_vec());
    let html = preview_html(&listing);
    assert_eq!(html.matches("src=\"data:image/").count(), 1 + 2);
    assert!(html.contains("fake.png is not a PNG or JPEG and is not shown."));
    assert!(!html.contains("<svg"));
}
