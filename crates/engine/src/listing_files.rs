//! The listing part of the files a team keeps in git: the store's record of a listing to and
//! from `plumbline_listing`'s folder layout (`listing/name.txt`, …, `listing.json`).

use std::path::Path;

use plumbline_domain::UnixMillis;
use plumbline_listing::{Listing, MediaFile};
use plumbline_store::{ListingRecord, MediaRecord, MediaRole};

use crate::files::{FileProblem, FilesError};

/// The listing a record holds (details that cannot be read count as empty: the store only
/// ever holds what the listing crate wrote).
pub fn to_listing(record: &ListingRecord) -> Listing {
    let media = |role: MediaRole| {
        record
            .media
            .iter()
            .filter(move |m| m.role == role)
            .map(|m| MediaFile {
                file_name: m.file_name.clone(),
                bytes: m.bytes.clone(),
            })
    };
    Listing {
        name: record.name.clone(),
        tagline: record.tagline.clone(),
        summary: record.summary.clone(),
        how_it_works: record.how_it_works.clone(),
        features: record.features.clone(),
        details: plumbline_listing::ListingDetails::from_json(&record.details).unwrap_or_default(),
        logo: media(MediaRole::Logo).next(),
        screenshots: media(MediaRole::Screenshot).collect(),
        video: media(MediaRole::Video).next(),
    }
}

/// The record of a listing, as the store keeps it.
pub fn to_record(listing: &Listing, now: UnixMillis) -> ListingRecord {
    let medium = |role, m: &MediaFile| MediaRecord {
        role,
        file_name: m.file_name.clone(),
        bytes: m.bytes.clone(),
    };
    let mut media: Vec<MediaRecord> = listing
        .logo
        .iter()
        .map(|m| medium(MediaRole::Logo, m))
        .collect();
    media.extend(
        listing
            .screenshots
            .iter()
            .map(|m| medium(MediaRole::Screenshot, m)),
    );
    media.extend(listing.video.iter().map(|m| medium(MediaRole::Video, m)));
    ListingRecord {
        name: listing.name.clone(),
        tagline: listing.tagline.clone(),
        summary: listing.summary.clone(),
        how_it_works: listing.how_it_works.clone(),
        features: listing.features.clone(),
        details: listing.details.to_json(),
        media,
        updated_at: now,
    }
}

/// Writes a listing into its folder; returns how many files changed.
pub fn write(record: &ListingRecord, dir: &Path) -> Result<usize, FilesError> {
    plumbline_listing::write_listing_dir(&to_listing(record), dir).map_err(|e| {
        FilesError::Write(FileProblem {
            file: dir.to_owned(),
            line: None,
            message: format!("could not write the listing: {e}"),
        })
    })
}

/// Reads a listing folder.
pub fn read(dir: &Path, now: UnixMillis) -> Result<ListingRecord, FilesError> {
    let listing = plumbline_listing::read_listing_dir(dir).map_err(|e| {
        FilesError::File(FileProblem {
            file: e.file,
            line: e.line,
            message: e.message,
        })
    })?;
    Ok(to_record(&listing, now))
}

/// What importing `new` over `old` changes, field by field.
pub fn describe_changes(old: Option<&ListingRecord>, new: &ListingRecord) -> Vec<String> {
    let Some(old) = old else {
        return vec!["listing draft added".to_owned()];
    };
    let changes = plumbline_listing::diff(&to_listing(old), &to_listing(new));
    if changes.is_empty() {
        return Vec::new();
    }
    let mut fields: Vec<String> = changes.into_iter().map(|c| c.field).collect();
    fields.dedup();
    vec![format!("listing draft: {}", fields.join(", "))]
}
