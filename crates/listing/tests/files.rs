//! The folder a team keeps in git: write, read, write is byte-identical; read, write, read is
//! identical; stale files go; a bad file is named with its line.

#![allow(clippy::unwrap_used)]

mod support;

use std::collections::BTreeMap;
use std::path::Path;

use plumbline_listing::{Listing, diff, read_listing_dir, write_listing_dir};
use support::{file, good, jpeg, mov, png};

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

fn names(dir: &Path) -> Vec<String> {
    snapshot(dir).into_keys().collect()
}

fn text(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap()
}

#[test]
fn write_read_write_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let (first, second) = (dir.path().join("a/listing"), dir.path().join("b/listing"));
    let listing = good();
    write_listing_dir(&listing, &first).unwrap();
    // The export's root works as well as its listing/ folder.
    let read = read_listing_dir(&dir.path().join("a")).unwrap();
    assert_eq!(read, listing, "nothing lost, nothing added");
    assert_eq!(read_listing_dir(&first).unwrap(), listing);
    write_listing_dir(&read, &second).unwrap();
    assert_eq!(snapshot(&first), snapshot(&second));
    assert_eq!(
        names(&first),
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
    // Writing again touches nothing.
    assert_eq!(write_listing_dir(&read, &second).unwrap(), 0);
}

#[test]
fn text_files_end_with_exactly_one_newline_and_come_back_as_typed() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("listing");
    let mut listing = good();
    listing.how_it_works = "Step one.\n\nStep two.".into();
    listing.tagline = String::new();
    write_listing_dir(&listing, &at).unwrap();
    assert_eq!(text(&at.join("name.txt")), "Punch List Pro\n");
    assert_eq!(
        text(&at.join("how_it_works.md")),
        "Step one.\n\nStep two.\n"
    );
    assert_eq!(text(&at.join("tagline.txt")), "", "no text, no newline");
    assert_eq!(
        text(&at.join("features.txt")),
        "Photos on every punch item\nSign-off on site\nSyncs both ways\n"
    );
    assert_eq!(read_listing_dir(&at).unwrap(), listing);
    // A trailing newline the partner typed is kept: the file has one more.
    listing.summary.push('\n');
    write_listing_dir(&listing, &at).unwrap();
    let file = text(&at.join("summary.md"));
    assert!(file.ends_with("\n\n") && !file.ends_with("\n\n\n"));
    assert_eq!(read_listing_dir(&at).unwrap().summary, listing.summary);
}

#[test]
fn listing_json_has_the_snake_case_keys_in_a_stable_order() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("listing");
    write_listing_dir(&good(), &at).unwrap();
    let json = text(&at.join("listing.json"));
    assert!(json.starts_with("{\n  \"categories\": [\n    \"Quality & Safety\"\n  ],\n"));
    assert!(json.ends_with("}\n") && !json.ends_with("}\n\n"));
    let order: Vec<usize> = [
        "\"categories\"",
        "\"contact\"",
        "\"button\": \"contact_us\"",
        "\"email\"",
        "\"installation\": \"allow\"",
        "\"built_by\"",
        "\"sold_by\"",
        "\"pricing\"",
        "\"subscription_required\": true",
        "\"third_party_connector\": false",
        "\"free_trial\": true",
        "\"details\"",
        "\"regions\"",
        "\"support_email\"",
        "\"support_url\"",
        "\"helpful_links\"",
        "\"label\"",
        "\"url\"",
        "\"required_tools\"",
        "\"tool\"",
        "\"level\": \"standard\"",
    ]
    .iter()
    .map(|key| json.find(key).unwrap_or_else(|| panic!("{key} in {json}")))
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{json}");
    assert!(!json.contains("helpfulLinks") && !json.contains("builtBy"));
}

#[test]
fn a_folder_written_by_hand_reads_then_writes_then_reads_the_same() {
    let dir = tempfile::tempdir().unwrap();
    let team = dir.path().join("team");
    let l = team.join("listing");
    std::fs::create_dir_all(l.join("screenshots")).unwrap();
    // Windows line endings, a byte order mark, no trailing newline.
    std::fs::write(l.join("name.txt"), "\u{FEFF}Punch List Pro\r\n").unwrap();
    std::fs::write(l.join("tagline.txt"), "Punch lists, synced.").unwrap();
    std::fs::write(
        l.join("summary.md"),
        format!("{}\r\n\r\nSecond paragraph.\r\n", "Summary. ".repeat(30)),
    )
    .unwrap();
    std::fs::write(
        l.join("features.txt"),
        "Photos\r\n\r\n  Sign-off  \nSync\n\n",
    )
    .unwrap();
    // A PNG named .jpg: kept as named, so the precheck can say so.
    std::fs::write(l.join("logo.jpg"), png(200, 200)).unwrap();
    std::fs::write(l.join("video.MOV"), mov()).unwrap();
    for (name, bytes) in [
        ("b-board.png", png(1280, 720)),
        ("a-item.JPG", jpeg(1280, 720)),
        ("c.png", png(720, 480)),
    ] {
        std::fs::write(l.join("screenshots").join(name), bytes).unwrap();
    }
    std::fs::write(l.join("screenshots/.DS_Store"), "junk").unwrap();
    std::fs::write(
        l.join("listing.json"),
        "{\"zz_note\": {\"b\": 1, \"a\": [true]}, \"installation\": \"allow\", \
         \"contact\": {\"button\": \"learn_how\", \"url\": \"https://x.example\", \"utm\": \"q\"}, \
         \"required_tools\": [{\"tool\": \"RFIs\", \"level\": \"Read Only\", \"why\": \"lists\"}]}",
    )
    .unwrap();

    let read = read_listing_dir(&team).unwrap();
    assert_eq!(read.name, "Punch List Pro");
    assert_eq!(read.features, ["Photos", "  Sign-off  ", "Sync"]);
    assert!(read.summary.ends_with("\n\nSecond paragraph."));
    assert_eq!(read.logo.as_ref().unwrap().file_name, "logo.jpg");
    let shots: Vec<&str> = read
        .screenshots
        .iter()
        .map(|s| s.file_name.as_str())
        .collect();
    assert_eq!(
        shots,
        ["a-item.JPG", "b-board.png", "c.png"],
        "by file name"
    );
    assert_eq!(read.details.extra["zz_note"]["a"][0], true);
    assert_eq!(read.details.contact.as_ref().unwrap().extra["utm"], "q");
    assert_eq!(read.details.required_tools[0].extra["why"], "lists");

    let out = dir.path().join("out/listing");
    write_listing_dir(&read, &out).unwrap();
    let again = read_listing_dir(&out).unwrap();
    assert_eq!(again, read, "read, write, read is identical");
    assert_eq!(
        names(&out),
        [
            "features.txt",
            "how_it_works.md",
            "listing.json",
            "logo.jpg",
            "name.txt",
            "screenshots/01-a-item.JPG",
            "screenshots/02-b-board.png",
            "screenshots/03-c.png",
            "summary.md",
            "tagline.txt",
            "video.MOV",
        ]
    );
    assert_eq!(text(&out.join("name.txt")), "Punch List Pro\n");
    assert_eq!(
        text(&out.join("features.txt")),
        "Photos\n  Sign-off  \nSync\n"
    );
    let json = text(&out.join("listing.json"));
    assert!(json.contains("\"utm\": \"q\"") && json.contains("\"why\": \"lists\""));
    let unknown = json.find("\"zz_note\"").unwrap();
    assert!(
        unknown > json.find("\"required_tools\"").unwrap(),
        "known keys first"
    );
    // And a second write is byte for byte the first.
    let out2 = dir.path().join("out2/listing");
    write_listing_dir(&again, &out2).unwrap();
    assert_eq!(snapshot(&out), snapshot(&out2));
}

#[test]
fn stale_files_the_folder_owns_are_removed_and_others_left() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("listing");
    write_listing_dir(&good(), &at).unwrap();
    std::fs::write(at.join("screenshots/.gitkeep"), "").unwrap();
    std::fs::write(at.join("README.md"), "ours, not Plumbline's").unwrap();
    let mut changed = good();
    changed.logo = Some(file("new-logo.jpg", jpeg(200, 200)));
    changed.screenshots.remove(0);
    changed.video = None;
    write_listing_dir(&changed, &at).unwrap();
    let media: Vec<String> = names(&at)
        .into_iter()
        .filter(|f| f.starts_with("logo") || f.starts_with("screenshots") || f.starts_with("video"))
        .collect();
    assert_eq!(
        media,
        [
            "logo.jpg",
            "screenshots/.gitkeep",
            "screenshots/01-item.jpg",
            "screenshots/02-signoff.png"
        ]
    );
    assert!(at.join("README.md").exists());
    assert_eq!(read_listing_dir(&at).unwrap(), {
        let mut expected = changed.clone();
        expected.logo.as_mut().unwrap().file_name = "logo.jpg".into();
        expected
    });
    // No screenshots at all: the files go; the folder stays while it holds the .gitkeep.
    changed.screenshots.clear();
    write_listing_dir(&changed, &at).unwrap();
    assert_eq!(
        names(&at.join("screenshots")),
        [".gitkeep"],
        "only the partner's file is left"
    );
    std::fs::remove_file(at.join("screenshots/.gitkeep")).unwrap();
    write_listing_dir(&good(), &at).unwrap();
    changed.logo = None;
    write_listing_dir(&changed, &at).unwrap();
    assert!(!at.join("screenshots").exists(), "an empty folder goes");
    assert!(!at.join("logo.png").exists() && !at.join("logo.jpg").exists());
}

#[test]
fn screenshot_names_cannot_leave_the_folder() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("listing");
    let mut listing = good();
    listing.screenshots[0].file_name = "../../escape.png".into();
    listing.screenshots[1].file_name = "a\\b:c.jpg".into();
    write_listing_dir(&listing, &at).unwrap();
    assert!(!dir.path().join("escape.png").exists());
    let shots = names(&at.join("screenshots"));
    assert_eq!(
        shots,
        ["01-..-..-escape.png", "02-a-b-c.jpg", "03-signoff.png"]
    );
}

#[test]
fn unknown_keys_in_listing_json_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let at = dir.path().join("listing");
    write_listing_dir(&good(), &at).unwrap();
    let json = text(&at.join("listing.json"));
    let edited = json.replacen('{', "{\n  \"zz_team_note\": \"keep me\",", 1);
    std::fs::write(at.join("listing.json"), edited).unwrap();
    let read = read_listing_dir(&at).unwrap();
    assert_eq!(read.details.extra["zz_team_note"], "keep me");
    write_listing_dir(&read, &at).unwrap();
    assert!(text(&at.join("listing.json")).contains("\"zz_team_note\": \"keep me\""));
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
    assert!(err.to_string().contains("listing.json, line 2: "), "{err}");
    assert!(
        !err.message.contains("at line"),
        "the line is said once: {err}"
    );
    // A value of the wrong kind, also with its line.
    std::fs::write(
        at.join("listing.json"),
        "{\n\n  \"categories\": \"not a list\"\n}\n",
    )
    .unwrap();
    assert_eq!(read_listing_dir(&at).unwrap_err().line, Some(3));
    // A text file that is not UTF-8: the line of the first bad byte.
    write_listing_dir(&good(), &at).unwrap();
    std::fs::write(at.join("summary.md"), b"fine\nfine\n\xff\xfe bad\n").unwrap();
    let err = read_listing_dir(&at).unwrap_err();
    assert_eq!(
        (err.file.file_name().unwrap().to_str(), err.line),
        (Some("summary.md"), Some(3))
    );
    assert!(err.to_string().contains("not UTF-8"));
    std::fs::write(at.join("listing.json"), b"{\"name\": \"caf\xe9\"}").unwrap();
    assert_eq!(read_listing_dir(&at).unwrap_err().line, Some(1));
    // Two logos: which one is meant?
    write_listing_dir(&good(), &at).unwrap();
    std::fs::write(at.join("logo.jpg"), png(200, 200)).unwrap();
    let err = read_listing_dir(&at).unwrap_err();
    assert!(
        err.message.contains("logo.*") && err.message.contains("logo.jpg, logo.png"),
        "{err}"
    );
    // Not a folder at all.
    assert!(
        read_listing_dir(&dir.path().join("nowhere"))
            .unwrap_err()
            .message
            .contains("not a folder")
    );
}

#[test]
fn an_empty_folder_is_an_empty_listing() {
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(read_listing_dir(dir.path()).unwrap(), Listing::default());
    let at = dir.path().join("listing");
    write_listing_dir(&Listing::default(), &at).unwrap();
    assert_eq!(read_listing_dir(&at).unwrap(), Listing::default());
    assert!(diff(&Listing::default(), &read_listing_dir(&at).unwrap()).is_empty());
}
