//! The folder a team keeps in git: export, import, export is byte-identical; a bad file is
//! named with its line.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use plumbline_listing::{diff, read_listing_dir, write_listing_dir};
use support::{file, good, png};

fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_owned()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else {
                out.insert(
                    path.strip_prefix(dir).unwrap().display().to_string(),
                    std::fs::read(&path).unwrap(),
                );
            }
        }
    }
    out
}

#[test]
fn export_import_export_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("a/listing"), dir.path().join("b/listing"));
    let listing = good();
    write_listing_dir(&listing, &first).unwrap();
    let read = read_listing_dir(&dir.path().join("a")).unwrap();
    assert_eq!(
        diff(&listing, &read),
        [],
        "nothing lost but the order prefix"
    );
    write_listing_dir(&read, &second).unwrap();
    assert_eq!(snapshot(&first), snapshot(&second));
    let files: Vec<String> = snapshot(&first).into_keys().collect();
    assert_eq!(
        files,
        [
            "features.txt",
            "how_it_works.md",
            "listing.json",
            "logo.png",
            "name.txt",
            "screenshots/01-board.png",
            "screenshots/02-item.jpg",
            "screenshots/03-signoff.png",
            "summary.md",
            "tagline.txt",
            "video.mp4",
        ]
    );
    assert_eq!(
        std::fs::read_to_string(first.join("name.txt")).unwrap(),
        "Punch List Pro\n"
    );
    assert_eq!(
        std::fs::read_to_string(first.join("features.txt"))
            .unwrap()
            .lines()
            .count(),
        3
    );
    // Writing again changes nothing.
    assert_eq!(write_listing_dir(&read, &second).unwrap(), 0);
}

#[test]
fn a_new_logo_format_and_fewer_screenshots_leave_no_stale_files() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("listing");
    write_listing_dir(&good(), &at).unwrap();
    let mut changed = good();
    changed.logo = Some(file("logo.jpg", support::jpeg(200, 200)));
    changed.screenshots.truncate(1);
    changed.video = None;
    write_listing_dir(&changed, &at).unwrap();
    let files: Vec<String> = snapshot(&at)
        .into_keys()
        .filter(|f| f.starts_with("logo") || f.starts_with("screenshots") || f.starts_with("video"))
        .collect();
    assert_eq!(files, ["logo.jpg", "screenshots/01-board.png"]);
}

#[test]
fn unknown_keys_in_listing_json_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("listing");
    write_listing_dir(&good(), &at).unwrap();
    let json = std::fs::read_to_string(at.join("listing.json")).unwrap();
    let edited = json.replacen('{', "{\n  \"zz_team_note\": \"keep me\",", 1);
    std::fs::write(at.join("listing.json"), edited).unwrap();
    let read = read_listing_dir(&at).unwrap();
    assert_eq!(read.details.extra["zz_team_note"], "keep me");
    write_listing_dir(&read, &at).unwrap();
    assert!(
        std::fs::read_to_string(at.join("listing.json"))
            .unwrap()
            .contains("\"zz_team_note\": \"keep me\"")
    );
}

#[test]
fn an_invalid_file_is_named_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("listing");
    write_listing_dir(&good(), &at).unwrap();
    std::fs::write(
        at.join("listing.json"),
        "{\n  \"categories\": [\"a\",]\n}\n",
    )
    .unwrap();
    let err = read_listing_dir(&at).unwrap_err();
    assert_eq!(
        (err.file.file_name().unwrap().to_str(), err.line),
        (Some("listing.json"), Some(2))
    );
    std::fs::write(
        at.join("listing.json"),
        "{\n  \"categories\": \"not a list\"\n}\n",
    )
    .unwrap();
    assert_eq!(read_listing_dir(&at).unwrap_err().line, Some(2));
    write_listing_dir(&good(), &at).unwrap();
    std::fs::write(at.join("summary.md"), b"fine\nfine\n\xff\xfe bad\n").unwrap();
    let err = read_listing_dir(&at).unwrap_err();
    assert_eq!(
        (err.file.file_name().unwrap().to_str(), err.line),
        (Some("summary.md"), Some(3))
    );
    assert!(err.to_string().contains("not UTF-8"));
    write_listing_dir(&good(), &at).unwrap();
    std::fs::write(at.join("logo.jpg"), png(200, 200)).unwrap();
    assert!(
        read_listing_dir(&at)
            .unwrap_err()
            .message
            .contains("logo.*"),
        "two logos: which one?"
    );
}
