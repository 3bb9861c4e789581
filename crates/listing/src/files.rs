//! The `listing/` folder a team keeps in git: one plain-text file per text field, media as
//! files, and `listing.json` for the structured fields. The only module that touches the disk.
//!
//! ```text
//! listing/
//!   name.txt  tagline.txt  summary.md  how_it_works.md
//!   features.txt                 one feature a line
//!   logo.png | logo.jpg          the file's own extension (from its content if it has none)
//!   screenshots/01-board.png …   in order by file name; the "01-" prefix is the order
//!   video.mp4 | video.mov        when there is one
//!   listing.json                 the structured fields, snake_case keys
//! ```
//!
//! Formatting is stable, so an export of an import of an export is byte-identical and diffs
//! stay small: a text file is the text plus exactly one newline (none when empty), line
//! breaks are `\n`; `listing.json` is two-space JSON with the known keys in a fixed order,
//! then unknown keys as they were, and a trailing newline. Reading strips exactly that one
//! newline (and a UTF-8 byte order mark), so what the partner typed comes back as typed.
//! Files the folder owns but the listing no longer has (an old `logo.jpg` when the logo is
//! now a PNG, screenshots removed) are deleted; hidden files (`.gitkeep`) are left alone.

use std::fmt;
use std::path::{Path, PathBuf};

use crate::media::{MediaFormat, sniff};
use crate::{Listing, ListingDetails, MediaFile};

/// Media larger than this are not read: a Marketplace video is a short clip.
pub const MEDIA_MAX_BYTES: u64 = 200 * 1024 * 1024;

/// A file of the folder that could not be read, with the line where that helps.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FilesError {
    pub file: PathBuf,
    /// 1-based: the JSON error's line, or the line of a text file's first byte that is not
    /// UTF-8.
    pub line: Option<usize>,
    /// What is wrong, to follow the file's name and line.
    pub message: String,
}

impl fmt::Display for FilesError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, line {line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for FilesError {}

fn error(file: &Path, line: Option<usize>, message: impl Into<String>) -> FilesError {
    FilesError {
        file: file.to_owned(),
        line,
        message: message.into(),
    }
}

/// `\r\n` and a lone `\r` as `\n`: a checkout with `core.autocrlf` must read the same text.
fn unix_lines(text: &str) -> String {
    text.replace("\r\n", "\n").replace('\r', "\n")
}

/// Text as a file: the text and one newline; nothing at all when there is no text.
fn text_file(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("{}\n", unix_lines(text))
    }
}

/// features.txt: one feature a line. A feature with a line break in it becomes two lines, and
/// blank lines are not features, so reading it back gives what a second write writes.
fn features_file(features: &[String]) -> String {
    features
        .iter()
        .flat_map(|f| {
            unix_lines(f)
                .split('\n')
                .filter(|l| !l.trim().is_empty())
                .map(|l| format!("{l}\n"))
                .collect::<Vec<_>>()
        })
        .collect()
}

/// The extension a medium is written with: its own when its name has one (so reading the
/// folder back gives the same name, and a PNG named `.jpg` is still reported), else the one
/// its content says, else `bin`.
fn extension_for(file: &MediaFile) -> String {
    if let Some((stem, extension)) = file.file_name.rsplit_once('.')
        && !stem.is_empty()
        && !extension.is_empty()
        && extension.chars().all(|c| c.is_ascii_alphanumeric())
    {
        return extension.to_owned();
    }
    match sniff(&file.bytes).map(|i| i.format) {
        Ok(MediaFormat::Png) => "png",
        Ok(MediaFormat::Jpeg) => "jpg",
        Ok(MediaFormat::Mp4) => "mp4",
        Ok(MediaFormat::Mov) => "mov",
        Err(_) => "bin",
    }
    .to_owned()
}

/// A screenshot's name without its extension, safe as one file name on every system.
fn screenshot_stem(file: &MediaFile) -> String {
    let name = file.file_name.as_str();
    let stem = match name.rsplit_once('.') {
        Some((stem, extension))
            if !stem.is_empty() && extension.chars().all(|c| c.is_ascii_alphanumeric()) =>
        {
            stem
        }
        _ => name,
    };
    let safe: String = stem
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '-'
            } else {
                c
            }
        })
        .collect();
    if safe.trim().is_empty() {
        "screenshot".into()
    } else {
        safe
    }
}

/// Digits of the order prefix: two, or more past 99 screenshots, so names sort in order.
fn order_width(count: usize) -> usize {
    count.to_string().len().max(2)
}

/// A screenshot's name without the order prefix the export adds (`03-board.png` → `board.png`).
fn without_order(name: &str, width: usize) -> &str {
    match name.split_once('-') {
        Some((digits, rest))
            if digits.len() == width
                && digits.bytes().all(|b| b.is_ascii_digit())
                && !rest.is_empty() =>
        {
            rest
        }
        _ => name,
    }
}

fn write_if_changed(path: &Path, bytes: &[u8], changed: &mut usize) -> std::io::Result<()> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(());
    }
    std::fs::write(path, bytes)?;
    *changed += 1;
    Ok(())
}

/// The names of the regular, non-hidden files in `dir`.
fn listed_files(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if entry.file_type()?.is_file() && !name.starts_with('.') {
            names.push(name);
        }
    }
    Ok(names)
}

/// Whether a file listed in the folder is none of `keep`. On a case-insensitive file system
/// (macOS, Windows) writing `logo.png` where `logo.PNG` was keeps the old name, and that entry
/// is the file just written: deleting it would lose the logo. So a case variant of a kept name
/// is stale only when the kept name is listed too (a case-sensitive file system).
fn is_stale(entry: &str, keep: &[String], listed: &[String]) -> bool {
    !keep
        .iter()
        .any(|k| k == entry || (k.eq_ignore_ascii_case(entry) && !listed.contains(k)))
}

fn remove_stale(
    dir: &Path,
    owned: impl Fn(&str) -> bool,
    keep: &[String],
    changed: &mut usize,
) -> std::io::Result<()> {
    let listed = listed_files(dir)?;
    for name in &listed {
        if owned(name) && is_stale(name, keep, &listed) {
            std::fs::remove_file(dir.join(name))?;
            *changed += 1;
        }
    }
    Ok(())
}

fn stem_is(name: &str, stem: &str) -> bool {
    Path::new(name).file_stem().is_some_and(|s| s == stem)
}

/// Writes the listing into `dir` (the `listing/` folder, created if missing), leaving files
/// whose bytes are already right untouched; returns how many files it wrote or deleted.
pub fn write_listing_dir(listing: &Listing, dir: &Path) -> std::io::Result<usize> {
    let mut changed = 0;
    std::fs::create_dir_all(dir)?;
    for (name, text) in [
        ("name.txt", &listing.name),
        ("tagline.txt", &listing.tagline),
        ("summary.md", &listing.summary),
        ("how_it_works.md", &listing.how_it_works),
    ] {
        write_if_changed(&dir.join(name), text_file(text).as_bytes(), &mut changed)?;
    }
    write_if_changed(
        &dir.join("features.txt"),
        features_file(&listing.features).as_bytes(),
        &mut changed,
    )?;
    write_if_changed(
        &dir.join("listing.json"),
        listing.details.to_json().as_bytes(),
        &mut changed,
    )?;
    for (stem, file) in [("logo", &listing.logo), ("video", &listing.video)] {
        let keep: Vec<String> = file
            .iter()
            .map(|f| format!("{stem}.{}", extension_for(f)))
            .collect();
        if let (Some(name), Some(file)) = (keep.first(), file) {
            write_if_changed(&dir.join(name), &file.bytes, &mut changed)?;
        }
        remove_stale(dir, |name| stem_is(name, stem), &keep, &mut changed)?;
    }
    let shots = dir.join("screenshots");
    let width = order_width(listing.screenshots.len());
    let names: Vec<String> = listing
        .screenshots
        .iter()
        .enumerate()
        .map(|(i, f)| {
            format!(
                "{:0width$}-{}.{}",
                i + 1,
                screenshot_stem(f),
                extension_for(f)
            )
        })
        .collect();
    if !names.is_empty() {
        std::fs::create_dir_all(&shots)?;
        for (name, file) in names.iter().zip(&listing.screenshots) {
            write_if_changed(&shots.join(name), &file.bytes, &mut changed)?;
        }
    }
    if shots.is_dir() {
        // Every visible file in screenshots/ is a screenshot: the folder is the listing's.
        remove_stale(&shots, |_| true, &names, &mut changed)?;
        if names.is_empty() {
            // Only when empty: a .gitkeep or a partner's subfolder stays, and so does the folder.
            let _ = std::fs::remove_dir(&shots);
        }
    }
    Ok(changed)
}

/// A file's bytes as UTF-8 without a byte order mark; the line of the first bad byte
/// otherwise. A missing file is empty.
fn read_utf8(path: &Path) -> Result<String, FilesError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(String::new()),
        Err(e) => return Err(error(path, None, format!("could not be read: {e}"))),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        error(
            path,
            Some(line),
            "is not UTF-8 text; save it as UTF-8 (an editor's \"Save with encoding\")",
        )
    })?;
    Ok(match text.strip_prefix('\u{FEFF}') {
        Some(rest) => rest.to_owned(),
        None => text,
    })
}

/// A text field's file: `\n` line breaks, the one trailing newline the writer adds dropped.
fn read_text(path: &Path) -> Result<String, FilesError> {
    let text = unix_lines(&read_utf8(path)?);
    Ok(text.strip_suffix('\n').unwrap_or(&text).to_owned())
}

fn read_details(path: &Path) -> Result<ListingDetails, FilesError> {
    ListingDetails::from_json(&read_utf8(path)?).map_err(|e| {
        // serde_json ends its message with " at line L column C"; the line is ours to show.
        let full = e.to_string();
        let place = format!(" at line {} column {}", e.line(), e.column());
        let what = full.strip_suffix(&place).unwrap_or(&full);
        error(
            path,
            Some(e.line().max(1)),
            format!("{what} (column {})", e.column()),
        )
    })
}

fn read_medium(path: &Path) -> Result<MediaFile, FilesError> {
    let size = std::fs::metadata(path)
        .map_err(|e| error(path, None, format!("could not be read: {e}")))?
        .len();
    if size > MEDIA_MAX_BYTES {
        return Err(error(
            path,
            None,
            format!(
                "is {} MB; Plumbline keeps media up to {} MB",
                size / (1024 * 1024),
                MEDIA_MAX_BYTES / (1024 * 1024)
            ),
        ));
    }
    let bytes =
        std::fs::read(path).map_err(|e| error(path, None, format!("could not be read: {e}")))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(MediaFile { file_name, bytes })
}

/// The one `stem.*` file in `dir`, if any; two are an error (which one is meant?).
fn one_named(dir: &Path, stem: &str) -> Result<Option<PathBuf>, FilesError> {
    let mut found: Vec<String> = listed_files(dir)
        .map_err(|e| error(dir, None, format!("could not be listed: {e}")))?
        .into_iter()
        .filter(|name| stem_is(name, stem))
        .collect();
    found.sort();
    match found.as_slice() {
        [] => Ok(None),
        [one] => Ok(Some(dir.join(one))),
        many => Err(error(
            dir,
            None,
            format!(
                "has {} files named {stem}.* ({}); keep one",
                many.len(),
                many.join(", ")
            ),
        )),
    }
}

/// Reads a listing folder: `dir` may be the export (holding `listing/`) or the `listing/`
/// folder itself. Missing text files are empty fields; a missing `listing.json` is empty
/// details. An invalid `listing.json` or a text file that is not UTF-8 is named with its line.
pub fn read_listing_dir(dir: &Path) -> Result<Listing, FilesError> {
    let dir = if dir.join("listing").is_dir() {
        dir.join("listing")
    } else {
        dir.to_owned()
    };
    if !dir.is_dir() {
        return Err(error(&dir, None, "is not a folder"));
    }
    let details = read_details(&dir.join("listing.json"))?;
    let features = read_text(&dir.join("features.txt"))?
        .split('\n')
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    let shots_dir = dir.join("screenshots");
    let mut screenshots = Vec::new();
    if shots_dir.is_dir() {
        let mut names = listed_files(&shots_dir)
            .map_err(|e| error(&shots_dir, None, format!("could not be listed: {e}")))?;
        names.sort();
        let width = order_width(names.len());
        for name in names {
            // The order is the file names'; the export's "01-" prefix is not part of the name.
            let mut shot = read_medium(&shots_dir.join(&name))?;
            shot.file_name = without_order(&name, width).to_owned();
            screenshots.push(shot);
        }
    }
    Ok(Listing {
        name: read_text(&dir.join("name.txt"))?,
        tagline: read_text(&dir.join("tagline.txt"))?,
        summary: read_text(&dir.join("summary.md"))?,
        how_it_works: read_text(&dir.join("how_it_works.md"))?,
        features,
        details,
        logo: one_named(&dir, "logo")?
            .map(|p| read_medium(&p))
            .transpose()?,
        screenshots,
        video: one_named(&dir, "video")?
            .map(|p| read_medium(&p))
            .transpose()?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_files_hold_the_text_and_one_newline() {
        for text in ["", "a", "a\n", "a\n\nb", "\n", "tail  "] {
            let file = text_file(text);
            let back = unix_lines(&file);
            assert_eq!(back.strip_suffix('\n').unwrap_or(&back), text, "{text:?}");
        }
        assert_eq!(text_file(""), "");
        assert_eq!(text_file("a\r\nb"), "a\nb\n");
    }

    #[test]
    fn stale_names_respect_case_insensitive_systems() {
        let keep = vec!["logo.png".to_owned()];
        // Case-insensitive: only the old spelling is listed, and it is the file just written.
        assert!(!is_stale("logo.PNG", &keep, &["logo.PNG".into()]));
        // Case-sensitive: both are listed; the old one goes.
        assert!(is_stale(
            "logo.PNG",
            &keep,
            &["logo.PNG".into(), "logo.png".into()]
        ));
        assert!(is_stale("logo.jpg", &keep, &["logo.jpg".into()]));
        assert!(!is_stale("logo.png", &keep, &["logo.png".into()]));
    }

    #[test]
    fn screenshot_names_are_safe_and_ordered() {
        let file = |name: &str| MediaFile {
            file_name: name.into(),
            bytes: Vec::new(),
        };
        assert_eq!(screenshot_stem(&file("board.png")), "board");
        assert_eq!(
            screenshot_stem(&file("../../etc/passwd.png")),
            "..-..-etc-passwd"
        );
        assert_eq!(screenshot_stem(&file("a:b*c.jpg")), "a-b-c");
        assert_eq!(screenshot_stem(&file(".png")), ".png");
        assert_eq!(screenshot_stem(&file("")), "screenshot");
        assert_eq!(extension_for(&file("noext")), "bin");
        assert_eq!(order_width(3), 2);
        assert_eq!(order_width(100), 3);
        assert_eq!(without_order("01-board.png", 2), "board.png");
        assert_eq!(without_order("2024-plan.png", 2), "2024-plan.png");
        assert_eq!(without_order("01-", 2), "01-");
    }
}
