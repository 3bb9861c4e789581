//! The `listing/` folder a team keeps in git: one plain-text file per text field, images as
//! files, and `listing.json` for the structured fields. Written with stable formatting
//! (text files end with one newline; JSON in two spaces), so an export of an import of an
//! export is byte-identical and diffs stay small.
//!
//! ```text
//! name.txt  tagline.txt  summary.md  how_it_works.md  features.txt (one feature a line)
//! logo.png | logo.jpg    screenshots/ (in order by file name)    video.mp4 | video.mov
//! listing.json
//! ```

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
    pub line: Option<usize>,
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

/// Text as a file: one trailing newline when there is text, nothing when there is none.
fn text_file(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("{}\n", text.trim_end_matches(['\n', '\r']))
    }
}

/// A screenshot's name without the order prefix the export adds (`03-board.png` → `board.png`).
fn without_order(name: &str) -> &str {
    match name.split_once('-') {
        Some((digits, rest))
            if digits.len() == 2
                && digits.bytes().all(|b| b.is_ascii_digit())
                && !rest.is_empty() =>
        {
            rest
        }
        _ => name,
    }
}

fn extension_for(file: &MediaFile) -> String {
    match sniff(&file.bytes).map(|i| i.format) {
        Ok(MediaFormat::Png) => "png".into(),
        Ok(MediaFormat::Jpeg) => "jpg".into(),
        Ok(MediaFormat::Mp4) => "mp4".into(),
        Ok(MediaFormat::Mov) => "mov".into(),
        // Not a medium the Marketplace takes: keep the partner's extension (the precheck says why).
        Err(_) => file
            .file_name
            .rsplit_once('.')
            .map_or_else(|| "bin".into(), |(_, e)| e.to_ascii_lowercase()),
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

/// Removes files named `stem.*` in `dir` other than `keep`.
fn remove_others(
    dir: &Path,
    stem: &str,
    keep: Option<&str>,
    changed: &mut usize,
) -> std::io::Result<()> {
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name().to_string_lossy().into_owned();
        if name.split_once('.').is_some_and(|(s, _)| s == stem) && Some(name.as_str()) != keep {
            std::fs::remove_file(dir.join(&name))?;
            *changed += 1;
        }
    }
    Ok(())
}

/// Writes the listing into `dir` (the `listing/` folder); returns how many files changed.
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
    let features: String = listing
        .features
        .iter()
        .filter(|f| !f.trim().is_empty())
        .map(|f| format!("{f}\n"))
        .collect();
    write_if_changed(&dir.join("features.txt"), features.as_bytes(), &mut changed)?;
    write_if_changed(
        &dir.join("listing.json"),
        listing.details.to_json().as_bytes(),
        &mut changed,
    )?;
    for (stem, file) in [("logo", &listing.logo), ("video", &listing.video)] {
        let name = file
            .as_ref()
            .map(|f| format!("{stem}.{}", extension_for(f)));
        if let (Some(name), Some(file)) = (&name, file) {
            write_if_changed(&dir.join(name), &file.bytes, &mut changed)?;
        }
        remove_others(dir, stem, name.as_deref(), &mut changed)?;
    }
    let shots = dir.join("screenshots");
    if listing.screenshots.is_empty() {
        if shots.is_dir() {
            std::fs::remove_dir_all(&shots)?;
            changed += 1;
        }
    } else {
        std::fs::create_dir_all(&shots)?;
        let names: Vec<String> = listing
            .screenshots
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let stem = without_order(&f.file_name);
                let stem = stem.rsplit_once('.').map_or(stem, |(s, _)| s);
                format!("{:02}-{stem}.{}", i + 1, extension_for(f))
            })
            .collect();
        for (name, file) in names.iter().zip(&listing.screenshots) {
            write_if_changed(&shots.join(name), &file.bytes, &mut changed)?;
        }
        for entry in std::fs::read_dir(&shots)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if !names.contains(&name) {
                std::fs::remove_file(shots.join(&name))?;
                changed += 1;
            }
        }
    }
    Ok(changed)
}

/// Reads a text file: UTF-8 (the line of the first bad byte otherwise), one trailing
/// newline dropped. A missing file is empty text.
fn read_text(path: &Path) -> Result<String, FilesError> {
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(String::new()),
        Err(e) => return Err(error(path, None, format!("could not read it: {e}"))),
    };
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        error(path, Some(line), "is not UTF-8 text; save it as UTF-8")
    })?;
    let text = text
        .strip_suffix('\n')
        .map_or(text.as_str(), |t| t.strip_suffix('\r').unwrap_or(t));
    Ok(text.to_owned())
}

fn read_medium(path: &Path) -> Result<MediaFile, FilesError> {
    let size = std::fs::metadata(path)
        .map_err(|e| error(path, None, format!("could not read it: {e}")))?
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
        std::fs::read(path).map_err(|e| error(path, None, format!("could not read it: {e}")))?;
    let file_name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok(MediaFile { file_name, bytes })
}

/// The one `stem.*` file in `dir`, if any; two are an error (which one is meant?).
fn one_named(dir: &Path, stem: &str) -> Result<Option<PathBuf>, FilesError> {
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| error(dir, None, format!("could not list it: {e}")))?
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_file() && p.file_stem().is_some_and(|s| s == stem))
        .collect();
    found.sort();
    match found.len() {
        0 => Ok(None),
        1 => Ok(found.pop()),
        _ => Err(error(
            dir,
            None,
            format!("has {} files named {stem}.*; keep one", found.len()),
        )),
    }
}

/// Reads a listing folder: `dir` may be the export or its `listing/` folder.
pub fn read_listing_dir(dir: &Path) -> Result<Listing, FilesError> {
    let dir = if dir.join("listing").is_dir() {
        dir.join("listing")
    } else {
        dir.to_owned()
    };
    if !dir.is_dir() {
        return Err(error(&dir, None, "is not a folder"));
    }
    let json_path = dir.join("listing.json");
    let details = ListingDetails::from_json(&read_text(&json_path)?)
        .map_err(|e| error(&json_path, Some(e.line()), format!("{e}")))?;
    let features = read_text(&dir.join("features.txt"))?
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.trim().is_empty())
        .map(str::to_owned)
        .collect();
    let shots_dir = dir.join("screenshots");
    let mut screenshots = Vec::new();
    if shots_dir.is_dir() {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(&shots_dir)
            .map_err(|e| error(&shots_dir, None, format!("could not list it: {e}")))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| {
                p.is_file()
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        paths.sort();
        for path in paths {
            // The order is the file names'; the export's "01-" prefix is not part of the name.
            let mut shot = read_medium(&path)?;
            shot.file_name = without_order(&shot.file_name).to_owned();
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
