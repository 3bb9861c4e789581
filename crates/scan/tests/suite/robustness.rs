//! Malformed input (a file cut anywhere, brackets and interpolations that never close) must
//! not panic, and must not take long.

use std::time::{Duration, Instant};

use plumbline_scan::{Language, scan_text};

const SOURCES: &[(&str, Language)] = &[
    (crate::javascript::SOURCE, Language::JavaScript),
    (crate::python::SOURCE, Language::Python),
    (crate::ruby::SOURCE, Language::Ruby),
    (crate::csharp::SOURCE, Language::CSharp),
    (crate::go::SOURCE, Language::Go),
    (crate::java::SOURCE, Language::Java),
    (crate::kotlin::SOURCE, Language::Kotlin),
    (crate::php::SOURCE, Language::Php),
];

const LANGUAGES: [Language; 8] = [
    Language::JavaScript,
    Language::Python,
    Language::Ruby,
    Language::CSharp,
    Language::Go,
    Language::Java,
    Language::Kotlin,
    Language::Php,
];

#[test]
fn every_prefix_and_suffix_of_every_sample_scans() {
    for &(source, language) in SOURCES {
        for (cut, _) in source.char_indices() {
            scan_text(&source[..cut], language, "prefix");
            scan_text(&source[cut..], language, "suffix");
        }
    }
}

#[test]
fn samples_read_as_every_other_language_scan() {
    for &(source, _) in SOURCES {
        for language in LANGUAGES {
            scan_text(source, language, "other");
        }
    }
}

#[test]
fn pathological_nesting_is_bounded() {
    let nested_templates = format!("x = `{}/rest/v1.0/a", "${`".repeat(20_000));
    let open_brackets = format!("{}\"/rest/v1.0/b\"", "f(".repeat(50_000));
    let many_routes = "get(\"/rest/v1.0/c/\" + id\n".repeat(5_000);
    let started = Instant::now();
    for text in [&nested_templates, &open_brackets, &many_routes] {
        for language in LANGUAGES {
            scan_text(text, language, "big");
        }
    }
    assert!(
        started.elapsed() < Duration::from_secs(30),
        "took {:?}",
        started.elapsed()
    );
}
