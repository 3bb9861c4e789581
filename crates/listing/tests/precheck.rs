//! Every listing rule at its boundary, a passing and a failing case each; media judged by
//! their headers.

#![allow(clippy::unwrap_used)]

mod support;

use plumbline_listing::{Contact, Listing, ListingReport, precheck};
use support::{file, good, jpeg, link, mov, mp4, png, tool};

fn findings(report: &ListingReport) -> Vec<(String, String)> {
    report
        .errors
        .iter()
        .chain(&report.warnings)
        .map(|f| (f.field.clone(), f.code.clone()))
        .collect()
}

fn is_error(report: &ListingReport, field: &str, code: &str) -> bool {
    report
        .errors
        .iter()
        .any(|f| f.field == field && f.code == code)
}

/// The message of the finding, error or warning.
fn message(report: &ListingReport, field: &str, code: &str) -> String {
    report
        .errors
        .iter()
        .chain(&report.warnings)
        .find(|f| f.field == field && f.code == code)
        .map(|f| f.message.clone())
        .unwrap_or_else(|| panic!("no {field} {code} in {report:#?}"))
}

fn with(edit: impl FnOnce(&mut Listing)) -> ListingReport {
    let mut listing = good();
    edit(&mut listing);
    precheck(&listing)
}

/// Only this finding (errors and warnings), so a boundary case tests one rule.
fn only(report: &ListingReport, field: &str, code: &str) {
    assert_eq!(
        findings(report),
        [(field.to_owned(), code.to_owned())],
        "{report:#?}"
    );
}

fn clean(report: &ListingReport) {
    assert_eq!(findings(report), [], "{report:#?}");
}

#[test]
fn the_good_listing_passes_everything_with_counts() {
    let report = precheck(&good());
    clean(&report);
    assert!(report.passes());
    let count = |field: &str| {
        let c = report.counts.iter().find(|c| c.field == field).unwrap();
        (c.count, c.min, c.max)
    };
    assert_eq!(count("name"), (14, None, Some(30)));
    assert_eq!(count("tagline"), (32, None, Some(40)));
    assert_eq!(
        count("summary").1..count("summary").2,
        Some(200)..Some(2000)
    );
    assert_eq!(count("how_it_works").2, Some(500));
    assert_eq!(count("features"), (3, Some(3), None));
    assert_eq!(count("features/1"), (16, None, Some(200)));
    assert_eq!(count("screenshots"), (3, Some(3), None));
    assert_eq!(count("categories"), (1, None, Some(3)));
    assert_eq!(count("helpful_links"), (1, None, Some(3)));
}

#[test]
fn findings_cross_as_field_code_and_message_only() {
    let report = with(|l| l.name = "n".repeat(31));
    let json = serde_json::to_value(&report).unwrap();
    // (serde_json's map sorts its keys.)
    let keys: Vec<&String> = json.as_object().unwrap().keys().collect();
    assert_eq!(keys, ["counts", "errors", "warnings"]);
    let finding = json["errors"][0].as_object().unwrap();
    let keys: Vec<&String> = finding.keys().collect();
    assert_eq!(keys, ["code", "field", "message"]);
    assert_eq!(finding["field"], "name");
    assert_eq!(finding["code"], "too-long");
}

#[test]
fn name_30_characters_passes_31_fails_counting_characters_not_bytes() {
    clean(&with(|l| l.name = "é".repeat(30)));
    clean(&with(|l| l.name = "n".repeat(30)));
    let report = with(|l| l.name = "é".repeat(31));
    only(&report, "name", "too-long");
    assert_eq!(
        message(&report, "name", "too-long"),
        "The name is 31 characters; the Marketplace allows 30."
    );
    // An accent typed as a combining mark is a letter, not a special character.
    clean(&with(|l| l.name = "Cafe\u{0301} Punch".into()));
}

#[test]
fn names_have_no_emoji_or_special_characters() {
    only(&with(|l| l.name = "Punch 🚧 Pro".into()), "name", "emoji");
    only(&with(|l| l.name = "Punch ✅".into()), "name", "emoji");
    for special in [
        "Punch™ Pro",
        "Punch <Pro>",
        "Punch @ Site",
        "Punch #1",
        "Punch\tPro",
        "Punch \"Pro\"",
        "Punch_Pro",
        "Punch©",
    ] {
        let report = with(|l| l.name = special.into());
        only(&report, "name", "special-characters");
        assert!(
            message(&report, "name", "special-characters").contains("letters, digits, spaces"),
            "{special}"
        );
    }
    for fine in [
        "Müller & Söhne: Punch (Pro)",
        "Punch-List, Inc.",
        "Site+Safety!",
        "What's Due?",
        "Plans/Specs Sync",
        "O’Brien Punch – Pro",
        "現場日報",
        "Punch 2",
    ] {
        clean(&with(|l| l.name = fine.into()));
    }
}

#[test]
fn names_must_not_contain_procore() {
    for name in ["Procore Punch", "Punch for PROCORE", "myprocoretool"] {
        let report = with(|l| l.name = name.into());
        only(&report, "name", "procore-in-name");
        assert!(message(&report, "name", "procore-in-name").contains("\"Procore\""));
    }
    clean(&with(|l| l.name = "Pro Core Punch".into()));
}

#[test]
fn empty_text_fields_are_errors_that_say_what_to_write() {
    for (field, edit) in [
        (
            "name",
            (|l: &mut Listing| l.name = " ".into()) as fn(&mut Listing),
        ),
        ("tagline", |l| l.tagline.clear()),
        ("summary", |l| l.summary = "\n".into()),
        ("how_it_works", |l| l.how_it_works.clear()),
    ] {
        let report = with(edit);
        only(&report, field, "required");
        let text = message(&report, field, "required");
        assert!(
            text.contains("is empty") && text.contains("characters"),
            "{field}: {text}"
        );
    }
}

#[test]
fn tagline_40_passes_41_fails() {
    clean(&with(|l| l.tagline = "t".repeat(40)));
    let report = with(|l| l.tagline = "t".repeat(41));
    only(&report, "tagline", "too-long");
    assert_eq!(
        message(&report, "tagline", "too-long"),
        "The tagline is 41 characters; the Marketplace allows 40."
    );
}

#[test]
fn summary_from_200_to_2000() {
    let report = with(|l| l.summary = "s".repeat(199));
    only(&report, "summary", "too-short");
    assert_eq!(
        message(&report, "summary", "too-short"),
        "The integration summary is 199 characters; the Marketplace asks for at least 200."
    );
    clean(&with(|l| l.summary = "s".repeat(200)));
    clean(&with(|l| l.summary = "s".repeat(2000)));
    let report = with(|l| l.summary = "s".repeat(2001));
    only(&report, "summary", "too-long");
    assert_eq!(
        message(&report, "summary", "too-long"),
        "The integration summary is 2,001 characters; the Marketplace allows 2,000."
    );
}

#[test]
fn how_it_works_500_passes_501_fails() {
    clean(&with(|l| l.how_it_works = "h".repeat(500)));
    let report = with(|l| l.how_it_works = "h".repeat(501));
    only(&report, "how_it_works", "too-long");
    assert_eq!(
        message(&report, "how_it_works", "too-long"),
        "\"How it works\" is 501 characters; the Marketplace allows 500."
    );
}

#[test]
fn at_least_three_features() {
    let report = with(|l| l.features.truncate(2));
    only(&report, "features", "too-few");
    assert_eq!(
        message(&report, "features", "too-few"),
        "The listing has 2 features; the Marketplace asks for at least 3."
    );
    only(
        &with(|l| l.features = vec!["a".into(), "b".into(), " ".into()]),
        "features",
        "too-few",
    );
    clean(&with(|l| l.features.push(String::new())));
}

#[test]
fn each_feature_at_most_200_characters_without_emoji() {
    clean(&with(|l| l.features[1] = "f".repeat(200)));
    let report = with(|l| l.features[1] = "f".repeat(201));
    only(&report, "features/1", "too-long");
    assert_eq!(
        message(&report, "features/1", "too-long"),
        "Feature 2 is 201 characters; the Marketplace allows 200."
    );
    only(
        &with(|l| l.features[2] = "Fast ⚡".into()),
        "features/2",
        "emoji",
    );
    // Symbols that are not emoji are fine in a feature.
    clean(&with(|l| l.features[2] = "Search with ⌘K → results".into()));
}

#[test]
fn the_logo_is_a_real_200_pixel_square_jpg_or_png() {
    clean(&with(|l| l.logo = Some(file("logo.png", png(200, 200)))));
    clean(&with(|l| l.logo = Some(file("logo.jpg", jpeg(200, 200)))));
    clean(&with(|l| l.logo = Some(file("logo.JPEG", jpeg(200, 200)))));
    let report = with(|l| l.logo = Some(file("logo.png", png(201, 200))));
    only(&report, "logo", "logo-size");
    assert_eq!(
        message(&report, "logo", "logo-size"),
        "The logo is 201x200 pixels; the Marketplace takes exactly 200x200."
    );
    only(
        &with(|l| l.logo = Some(file("logo.jpg", jpeg(200, 199)))),
        "logo",
        "logo-size",
    );
    only(&with(|l| l.logo = None), "logo", "required");
}

#[test]
fn files_that_lie_about_their_type_are_found_by_content() {
    // PNG bytes named .jpg.
    let report = with(|l| l.logo = Some(file("logo.jpg", png(200, 200))));
    only(&report, "logo", "wrong-extension");
    assert_eq!(
        message(&report, "logo", "wrong-extension"),
        "The logo logo.jpg is named .jpg but is a PNG image; rename it logo.png."
    );
    // JPEG bytes named .png, as a screenshot.
    only(
        &with(|l| l.screenshots[0] = file("board.png", jpeg(1280, 720))),
        "screenshots/0",
        "wrong-extension",
    );
    // A GIF named .png.
    let report = with(|l| l.logo = Some(file("logo.png", b"GIF89a\xc8\x00\xc8\x00".to_vec())));
    only(&report, "logo", "not-an-image");
    assert_eq!(
        message(&report, "logo", "not-an-image"),
        "The logo logo.png cannot be used: it is a GIF image, not a PNG, JPEG, MP4 or MOV file. Use a JPG or PNG."
    );
    // A WebP named .png.
    let report = with(|l| {
        l.screenshots[2] = file("shot.png", b"RIFF\x24\0\0\0WEBPVP8 ".to_vec());
    });
    only(&report, "screenshots/2", "not-an-image");
    assert!(message(&report, "screenshots/2", "not-an-image").contains("WebP"));
    // A text file named .png.
    let report = with(|l| l.logo = Some(file("logo.png", b"just some text\n".to_vec())));
    only(&report, "logo", "not-an-image");
    assert!(
        message(&report, "logo", "not-an-image").contains("it is not a PNG, JPEG, MP4 or MOV file")
    );
    // A video as the logo.
    let report = with(|l| l.logo = Some(file("logo.png", mp4())));
    only(&report, "logo", "not-an-image");
    assert!(message(&report, "logo", "not-an-image").contains("MP4 video"));
}

#[test]
fn a_header_claiming_100000_pixels_square_is_read_and_refused_without_decoding() {
    let report = with(|l| l.screenshots[0] = file("huge.png", png(100_000, 100_000)));
    only(&report, "screenshots/0", "screenshot-size");
    assert!(message(&report, "screenshots/0", "screenshot-size").contains("100000x100000"));
    let report = with(|l| l.logo = Some(file("logo.png", png(100_000, 100_000))));
    only(&report, "logo", "logo-size");
    assert!(message(&report, "logo", "logo-size").contains("100000x100000"));
}

#[test]
fn truncated_headers_are_refused_with_what_is_wrong() {
    let report = with(|l| l.screenshots[1] = file("b.jpg", jpeg(1280, 720)[..12].to_vec()));
    only(&report, "screenshots/1", "not-an-image");
    assert!(
        message(&report, "screenshots/1", "not-an-image").contains("the JPEG header is cut short")
    );
    let report = with(|l| l.logo = Some(file("logo.png", png(200, 200)[..20].to_vec())));
    only(&report, "logo", "not-an-image");
    assert!(message(&report, "logo", "not-an-image").contains("the PNG header is cut short"));
    let report = with(|l| l.logo = Some(file("logo.png", Vec::new())));
    assert!(message(&report, "logo", "not-an-image").contains("empty"));
}

#[test]
fn screenshots_between_720x480_and_1920x1080_inclusive() {
    let shot = |w, h| with(|l| l.screenshots[0] = file("a.png", png(w, h)));
    for (w, h) in [
        (720, 480),
        (1920, 1080),
        (720, 1080),
        (1920, 480),
        (1280, 720),
    ] {
        clean(&shot(w, h));
    }
    for (w, h) in [
        (719, 480),
        (720, 479),
        (1921, 1080),
        (1920, 1081),
        (200, 200),
    ] {
        only(&shot(w, h), "screenshots/0", "screenshot-size");
    }
    assert_eq!(
        message(&shot(719, 480), "screenshots/0", "screenshot-size"),
        "Screenshot 1 (a.png) is 719x480 pixels; screenshots are 720 to 1920 pixels wide and 480 to 1080 high (between 720x480 and 1920x1080)."
    );
    clean(&with(|l| {
        l.screenshots[2] = file("c.jpg", jpeg(1920, 1080));
    }));
    only(
        &with(|l| l.screenshots[2] = file("c.jpg", jpeg(1921, 1080))),
        "screenshots/2",
        "screenshot-size",
    );
}

#[test]
fn at_least_three_screenshots() {
    let report = with(|l| l.screenshots.truncate(2));
    only(&report, "screenshots", "too-few");
    assert_eq!(
        message(&report, "screenshots", "too-few"),
        "The listing has 2 screenshots; the Marketplace asks for at least 3."
    );
    clean(&with(|l| {
        l.screenshots.push(file("d.png", png(1024, 768)));
    }));
}

#[test]
fn the_video_is_optional_and_mp4_or_mov_by_content() {
    clean(&with(|l| l.video = None));
    clean(&with(|l| l.video = Some(file("demo.mov", mov()))));
    clean(&with(|l| l.video = Some(file("demo.MP4", mp4()))));
    // A QuickTime movie named .mp4 plays either way: advice, not an error.
    let report = with(|l| l.video = Some(file("demo.mp4", mov())));
    only(&report, "video", "wrong-extension");
    assert!(report.passes());
    // Any other extension the upload would not take.
    assert!(is_error(
        &with(|l| l.video = Some(file("demo.avi", mp4()))),
        "video",
        "wrong-extension"
    ));
    let report = with(|l| l.video = Some(file("demo.mp4", png(10, 10))));
    only(&report, "video", "not-a-video");
    assert!(message(&report, "video", "not-a-video").contains("PNG image"));
    only(
        &with(|l| l.video = Some(file("demo.mp4", b"not a movie".to_vec()))),
        "video",
        "not-a-video",
    );
}

#[test]
fn up_to_three_categories() {
    clean(&with(|l| {
        l.details.categories = vec!["a".into(), "b".into(), "c".into()]
    }));
    let report =
        with(|l| l.details.categories = vec!["a".into(), "b".into(), "c".into(), "d".into()]);
    only(&report, "categories", "too-many");
    assert_eq!(
        message(&report, "categories", "too-many"),
        "The listing has 4 categories; the Marketplace allows up to 3."
    );
    only(
        &with(|l| l.details.categories = vec!["a".into(), " ".into()]),
        "categories/1",
        "required",
    );
    only(
        &with(|l| l.details.categories.clear()),
        "categories",
        "empty",
    );
}

fn contact(button: &str, email: Option<&str>, url: Option<&str>) -> Option<Contact> {
    Some(Contact {
        button: button.into(),
        email: email.map(Into::into),
        url: url.map(Into::into),
        ..Default::default()
    })
}

#[test]
fn the_contact_button_needs_an_email_or_an_https_url() {
    clean(&with(|l| {
        l.details.contact = contact("contact_us", Some("sales@x.example"), None)
    }));
    clean(&with(|l| {
        l.details.contact = contact("learn_how", None, Some("https://x.example/demo"))
    }));
    only(
        &with(|l| l.details.contact = contact("contact_us", Some("sales at x.example"), None)),
        "contact/email",
        "email-invalid",
    );
    only(
        &with(|l| l.details.contact = contact("contact_us", None, Some("https://x.example"))),
        "contact/email",
        "required",
    );
    only(
        &with(|l| l.details.contact = contact("contact_us", Some("  "), None)),
        "contact/email",
        "required",
    );
    let report = with(|l| l.details.contact = contact("learn_how", None, Some("http://x.example")));
    only(&report, "contact/url", "url-invalid");
    assert_eq!(
        message(&report, "contact/url", "url-invalid"),
        "The Learn How link uses http; use https."
    );
    only(
        &with(|l| l.details.contact = contact("learn_how", Some("a@x.example"), None)),
        "contact/url",
        "required",
    );
    only(
        &with(|l| l.details.contact = contact("call_us", None, None)),
        "contact/button",
        "contact-button",
    );
    only(&with(|l| l.details.contact = None), "contact", "required");
}

#[test]
fn installation_is_allow_or_disallow() {
    clean(&with(|l| l.details.installation = Some("disallow".into())));
    only(
        &with(|l| l.details.installation = Some("maybe".into())),
        "installation",
        "installation",
    );
    only(
        &with(|l| l.details.installation = None),
        "installation",
        "required",
    );
    only(
        &with(|l| l.details.installation = Some(String::new())),
        "installation",
        "required",
    );
}

#[test]
fn support_email_and_url_are_well_formed() {
    only(
        &with(|l| l.details.support_email = Some("help@".into())),
        "support_email",
        "email-invalid",
    );
    let report = with(|l| l.details.support_url = Some("http://help.x.example".into()));
    only(&report, "support_url", "url-invalid");
    for bad in ["https://", "help.x.example", "https://localhost/help"] {
        only(
            &with(|l| l.details.support_url = Some(bad.into())),
            "support_url",
            "url-invalid",
        );
    }
    // A field left blank is a field not given: one of the two is enough.
    clean(&with(|l| l.details.support_email = Some(String::new())));
    clean(&with(|l| l.details.support_url = None));
    only(
        &with(|l| {
            l.details.support_email = None;
            l.details.support_url = Some(" ".into());
        }),
        "support_email",
        "empty",
    );
}

#[test]
fn up_to_three_helpful_links_each_https() {
    let links = |n| {
        with(|l| {
            l.details.helpful_links = vec![link("Guide", "https://x.example/guide"); n];
        })
    };
    clean(&links(3));
    let report = links(4);
    only(&report, "helpful_links", "too-many");
    assert_eq!(
        message(&report, "helpful_links", "too-many"),
        "The listing has 4 helpful links; the Marketplace shows up to 3."
    );
    only(
        &with(|l| l.details.helpful_links[0].url = "javascript:alert(1)".into()),
        "helpful_links/0/url",
        "url-invalid",
    );
    only(
        &with(|l| l.details.helpful_links[0].url = "https://".into()),
        "helpful_links/0/url",
        "url-invalid",
    );
    only(
        &with(|l| l.details.helpful_links[0].label = String::new()),
        "helpful_links/0/label",
        "required",
    );
}

#[test]
fn required_tools_name_a_known_level() {
    for level in ["readonly", "Read Only", "read-only", "standard", "Admin"] {
        clean(&with(|l| l.details.required_tools[0].level = level.into()));
    }
    let report = with(|l| {
        l.details.required_tools.push(tool("Drawings", "owner"));
    });
    only(&report, "required_tools/1/level", "tool-level");
    assert_eq!(
        message(&report, "required_tools/1/level", "tool-level"),
        "Required tool 2 (Drawings) has the level \"owner\"; use readonly, standard or admin."
    );
    only(
        &with(|l| l.details.required_tools[0].level = String::new()),
        "required_tools/0/level",
        "tool-level",
    );
    only(
        &with(|l| l.details.required_tools[0].tool = String::new()),
        "required_tools/0/tool",
        "required",
    );
}

#[test]
fn missing_also_fields_are_advice() {
    let report = with(|l| {
        l.details.built_by = None;
        l.details.sold_by = Some(" ".into());
        l.details.pricing = None;
        l.details.regions.clear();
    });
    assert!(report.passes(), "{report:#?}");
    let warned: Vec<&str> = report.warnings.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(warned, ["built_by", "sold_by", "pricing", "regions"]);
}
