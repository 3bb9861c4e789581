//! The Marketplace listing: the draft the partner edits and the snapshot last submitted, with
//! their media. The listing's rules live in `plumbline-listing`; this module keeps what was
//! written, whole, in one transaction per save.

use plumbline_domain::{AnnotationKind, AppId, Day, Invalid, Role, UnixMillis};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::{Store, StoreError};

/// Which copy of the listing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Snapshot {
    /// What the partner is editing.
    Draft,
    /// What they last submitted in the portal.
    Submitted,
}

impl Snapshot {
    fn as_str(self) -> &'static str {
        match self {
            Snapshot::Draft => "draft",
            Snapshot::Submitted => "submitted",
        }
    }
}

/// What a medium is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaRole {
    Logo,
    Screenshot,
    Video,
}

impl MediaRole {
    fn as_str(self) -> &'static str {
        match self {
            MediaRole::Logo => "logo",
            MediaRole::Screenshot => "screenshot",
            MediaRole::Video => "video",
        }
    }

    fn parse(text: &str) -> Option<Self> {
        [MediaRole::Logo, MediaRole::Screenshot, MediaRole::Video]
            .into_iter()
            .find(|r| r.as_str() == text)
    }
}

/// A logo, screenshot or video, as the partner's file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediaRecord {
    pub role: MediaRole,
    pub file_name: String,
    pub bytes: Vec<u8>,
}

/// A listing as stored: text as typed, the structured fields as listing.json's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingRecord {
    pub name: String,
    pub tagline: String,
    pub summary: String,
    pub how_it_works: String,
    /// One feature each; a feature is one line.
    pub features: Vec<String>,
    /// listing.json's text.
    pub details: String,
    /// Logo, screenshots in order, video.
    pub media: Vec<MediaRecord>,
    pub updated_at: UnixMillis,
}

/// Media larger than this are refused: a Marketplace video is a short clip, and the whole
/// listing is read into memory to preview and export it.
pub const MEDIA_MAX_BYTES: usize = 200 * 1024 * 1024;

fn edit_gate(tx: &Transaction<'_>, app: AppId) -> Result<(), StoreError> {
    let role: Option<String> = tx
        .query_row("SELECT role FROM apps WHERE id = ?1", [app.0], |r| r.get(0))
        .optional()?;
    let role: Role = role.ok_or(StoreError::AppNotFound(app))?.parse()?;
    if role.can_edit_versions_and_listing() {
        Ok(())
    } else {
        Err(Invalid(
            "As a Developer on this app you may view the listing but not edit or submit it: ask an Owner or Admin, or change your role in the app's settings if it changed in the portal.".into(),
        )
        .into())
    }
}

pub(crate) fn put_listing(
    tx: &Transaction<'_>,
    app: AppId,
    snapshot: Snapshot,
    listing: &ListingRecord,
    now: UnixMillis,
) -> Result<(), StoreError> {
    if let Some(feature) = listing.features.iter().find(|f| f.contains('\n')) {
        return Err(Invalid(format!(
            "A feature is one line; this one has a line break: {feature:?}"
        ))
        .into());
    }
    if let Some(big) = listing
        .media
        .iter()
        .find(|m| m.bytes.len() > MEDIA_MAX_BYTES)
    {
        return Err(Invalid(format!(
            "{} is {} MB; Plumbline keeps media up to {} MB.",
            big.file_name,
            big.bytes.len() / (1024 * 1024),
            MEDIA_MAX_BYTES / (1024 * 1024)
        ))
        .into());
    }
    tx.execute(
        "INSERT INTO listings (app_id, snapshot, name, tagline, summary, how_it_works, features, details, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT (app_id, snapshot) DO UPDATE SET name = ?3, tagline = ?4, summary = ?5,
             how_it_works = ?6, features = ?7, details = ?8, updated_at = ?9",
        params![
            app.0,
            snapshot.as_str(),
            listing.name,
            listing.tagline,
            listing.summary,
            listing.how_it_works,
            listing.features.join("\n"),
            listing.details,
            now.0
        ],
    )?;
    tx.execute(
        "DELETE FROM listing_media WHERE app_id = ?1 AND snapshot = ?2",
        params![app.0, snapshot.as_str()],
    )?;
    let mut positions = [0i64; 3];
    for medium in &listing.media {
        let slot = &mut positions[medium.role as usize];
        tx.execute(
            "INSERT INTO listing_media (app_id, snapshot, role, position, file_name, bytes)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
            params![
                app.0,
                snapshot.as_str(),
                medium.role.as_str(),
                *slot,
                medium.file_name,
                medium.bytes
            ],
        )?;
        *slot += 1;
    }
    Ok(())
}

impl Store {
    /// The listing's draft or submitted snapshot, if there is one.
    pub fn listing(
        &self,
        app: AppId,
        snapshot: Snapshot,
    ) -> Result<Option<ListingRecord>, StoreError> {
        crate::apps::ensure_app(&self.conn, app)?;
        let row = self
            .conn
            .prepare_cached(
                "SELECT name, tagline, summary, how_it_works, features, details, updated_at
                 FROM listings WHERE app_id = ?1 AND snapshot = ?2",
            )?
            .query_row(params![app.0, snapshot.as_str()], |r| {
                let features: String = r.get(4)?;
                Ok(ListingRecord {
                    name: r.get(0)?,
                    tagline: r.get(1)?,
                    summary: r.get(2)?,
                    how_it_works: r.get(3)?,
                    features: if features.is_empty() {
                        Vec::new()
                    } else {
                        features.split('\n').map(str::to_owned).collect()
                    },
                    details: r.get(5)?,
                    media: Vec::new(),
                    updated_at: UnixMillis(r.get(6)?),
                })
            })
            .optional()?;
        let Some(mut listing) = row else {
            return Ok(None);
        };
        let mut stmt = self.conn.prepare_cached(
            "SELECT role, file_name, bytes FROM listing_media WHERE app_id = ?1 AND snapshot = ?2
             ORDER BY CASE role WHEN 'logo' THEN 0 WHEN 'screenshot' THEN 1 ELSE 2 END, position",
        )?;
        listing.media = stmt
            .query_map(params![app.0, snapshot.as_str()], |r| {
                let role: String = r.get(0)?;
                Ok((role, r.get::<_, String>(1)?, r.get::<_, Vec<u8>>(2)?))
            })?
            .filter_map(|row| match row {
                Ok((role, file_name, bytes)) => MediaRole::parse(&role).map(|role| {
                    Ok(MediaRecord {
                        role,
                        file_name,
                        bytes,
                    })
                }),
                Err(e) => Some(Err(e)),
            })
            .collect::<Result<_, _>>()?;
        Ok(Some(listing))
    }

    /// Saves the draft, whole (Owners and Admins only).
    pub fn save_listing_draft(
        &mut self,
        app: AppId,
        listing: &ListingRecord,
        now: UnixMillis,
    ) -> Result<(), StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        edit_gate(&tx, app)?;
        put_listing(&tx, app, Snapshot::Draft, listing, now)?;
        tx.commit()?;
        Ok(())
    }

    /// Records that the draft was submitted in the portal: it becomes the submitted snapshot,
    /// and the day gets a listing mark on the Metrics charts.
    pub fn submit_listing(&mut self, app: AppId, now: UnixMillis) -> Result<(), StoreError> {
        let draft = self.listing(app, Snapshot::Draft)?.ok_or_else(|| {
            Invalid("There is no listing draft to submit: write the listing first.".into())
        })?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        edit_gate(&tx, app)?;
        put_listing(&tx, app, Snapshot::Submitted, &draft, now)?;
        tx.execute(
            "INSERT INTO annotations (app_id, day, kind, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
            params![app.0, Day::of(now).0, AnnotationKind::Listing.as_str(), "Listing submitted for review", now.0],
        )?;
        tx.commit()?;
        Ok(())
    }
}

/// What a files import writes, all of it or nothing.
#[derive(Debug, Clone)]
pub struct FilesImport<'a> {
    /// The app to update, or `None` to add it.
    pub target: Option<AppId>,
    pub app: &'a plumbline_domain::ValidNewApp,
    pub distribution: plumbline_domain::Distribution,
    pub listing: Option<&'a ListingRecord>,
    pub versions: &'a [crate::RecordedVersion<'a>],
}

impl Store {
    /// Writes a files import in one transaction and returns the app's id.
    pub fn apply_files_import(
        &mut self,
        import: &FilesImport<'_>,
        now: UnixMillis,
    ) -> Result<AppId, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let app = import.app;
        let id = match import.target {
            Some(id) => {
                let changed = tx.execute(
                    "UPDATE apps SET display_name = ?2, procore_app_id = ?3, environment = ?4, role = ?5,
                         distribution = ?6, updated_at = ?7 WHERE id = ?1",
                    params![
                        id.0,
                        app.display_name.as_str(),
                        app.procore_app_id,
                        app.environment.as_str(),
                        app.role.as_str(),
                        import.distribution.as_str(),
                        now.0
                    ],
                )?;
                if changed == 0 {
                    return Err(StoreError::AppNotFound(id));
                }
                id
            }
            None => {
                tx.execute(
                    "INSERT INTO apps (display_name, procore_app_id, client_id, environment, role, demo, distribution, created_at, updated_at)
                     VALUES (?1, ?2, NULL, ?3, ?4, 0, ?5, ?6, ?6)",
                    params![
                        app.display_name.as_str(),
                        app.procore_app_id,
                        app.environment.as_str(),
                        app.role.as_str(),
                        import.distribution.as_str(),
                        now.0
                    ],
                )?;
                AppId(tx.last_insert_rowid())
            }
        };
        if let Some(listing) = import.listing {
            put_listing(&tx, id, Snapshot::Draft, listing, listing.updated_at)?;
        }
        for version in import.versions {
            crate::versions::put_recorded(&tx, id, version, now)?;
        }
        tx.commit()?;
        Ok(id)
    }
}
