//! App versions and every move recorded on them. The rules of which moves are allowed live
//! in `plumbline_domain::version`; this module applies them inside one transaction with the
//! write, so two windows (or the CLI beside the window) cannot both promote a version.

use plumbline_domain::{
    AnnotationKind, AppId, AppVersion, Day, Distribution, Invalid, Role, Semver, UnixMillis,
    VersionAction, VersionState, VersionTransition, check_action,
};
use rusqlite::{OptionalExtension, Transaction, params};

use crate::{Store, StoreError};

/// The largest manifest text stored (the manifest reader refuses larger files first).
const MANIFEST_MAX_BYTES: usize = 1024 * 1024;
/// Release notes and review comments are shown to company admins; a page is plenty.
const NOTES_MAX_CHARS: usize = 10_000;

/// A version to create: saved Ready for Testing.
#[derive(Debug, Clone)]
pub struct NewVersion<'a> {
    pub version: Semver,
    pub manifest: &'a str,
    pub release_notes: &'a str,
}

/// What a move records besides the new state.
#[derive(Debug, Clone, Copy, Default)]
pub struct ActionDetails<'a> {
    /// Promote: the release notes pasted into the portal (kept if not given).
    pub release_notes: Option<&'a str>,
    /// Reject: the reviewer's comments.
    pub comments: Option<&'a str>,
}

/// A version as the files export holds it: state and history as they were recorded.
#[derive(Debug, Clone)]
pub struct RecordedVersion<'a> {
    pub version: Semver,
    pub manifest: &'a str,
    pub release_notes: &'a str,
    pub state: VersionState,
    pub history: &'a [VersionTransition],
}

fn app_gate(tx: &Transaction<'_>, app: AppId) -> Result<(Role, Distribution), StoreError> {
    tx.query_row(
        "SELECT role, distribution FROM apps WHERE id = ?1",
        [app.0],
        |r| Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?)),
    )
    .optional()?
    .ok_or(StoreError::AppNotFound(app))
    .and_then(|(role, distribution)| Ok((role.parse::<Role>()?, distribution.parse()?)))
}

/// Owners and Admins create and modify versions; a Developer is told why not and what to do.
fn require_editor(role: Role, verb: &str) -> Result<(), StoreError> {
    if role.can_edit_versions_and_listing() {
        return Ok(());
    }
    Err(Invalid(format!(
        "As a Developer on this app you may view versions but not {verb} them: ask an Owner or Admin, or change your role in the app's settings if it changed in the portal."
    ))
    .into())
}

fn check_notes(label: &str, text: &str) -> Result<(), StoreError> {
    let chars = text.chars().count();
    if chars > NOTES_MAX_CHARS {
        return Err(Invalid(format!(
            "The {label} are {chars} characters long; keep them under {NOTES_MAX_CHARS}."
        ))
        .into());
    }
    Ok(())
}

fn check_manifest(manifest: &str) -> Result<(), StoreError> {
    if manifest.len() > MANIFEST_MAX_BYTES {
        return Err(Invalid(
            "The manifest is larger than 1 MB; check that it is the manifest JSON.".into(),
        )
        .into());
    }
    Ok(())
}

impl Store {
    /// Creates a version, Ready for Testing, with a number higher than every earlier one.
    pub fn add_version(
        &mut self,
        app: AppId,
        new: &NewVersion<'_>,
        now: UnixMillis,
    ) -> Result<AppVersion, StoreError> {
        check_manifest(new.manifest)?;
        check_notes("release notes", new.release_notes)?;
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (role, _) = app_gate(&tx, app)?;
        require_editor(role, "create")?;
        ensure_higher(&tx, app, new.version)?;
        let id = insert_version(
            &tx,
            app,
            new.version,
            new.manifest,
            new.release_notes,
            VersionState::ReadyForTesting,
            now,
        )?;
        insert_transition(
            &tx,
            id,
            &VersionTransition {
                action: None,
                state: VersionState::ReadyForTesting,
                role,
                at: now,
                comments: None,
            },
        )?;
        tx.commit()?;
        self.version(app, new.version)
    }

    /// Changes a version's manifest (only while Ready for Testing: the portal keeps a promoted
    /// manifest as it was) or its release notes (until it is promoted).
    pub fn edit_version(
        &mut self,
        app: AppId,
        version: Semver,
        manifest: Option<&str>,
        release_notes: Option<&str>,
        now: UnixMillis,
    ) -> Result<AppVersion, StoreError> {
        if let Some(manifest) = manifest {
            check_manifest(manifest)?;
        }
        if let Some(notes) = release_notes {
            check_notes("release notes", notes)?;
        }
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (role, _) = app_gate(&tx, app)?;
        require_editor(role, "modify")?;
        let (id, state) = version_row(&tx, app, version)?;
        if state != VersionState::ReadyForTesting {
            return Err(Invalid(format!(
                "Version {version} is {}: the portal keeps its manifest and release notes as they were promoted. Create a new version to change them.",
                state.label()
            ))
            .into());
        }
        tx.execute(
            "UPDATE app_versions SET manifest = coalesce(?2, manifest),
                 release_notes = coalesce(?3, release_notes), updated_at = ?4
             WHERE id = ?1",
            params![id, manifest, release_notes, now.0],
        )?;
        tx.commit()?;
        self.version(app, version)
    }

    /// Records a move made in the portal. A promotion also puts a release mark on the app's
    /// Metrics charts, on the day it was recorded.
    pub fn record_version_action(
        &mut self,
        app: AppId,
        version: Semver,
        action: VersionAction,
        details: ActionDetails<'_>,
        now: UnixMillis,
    ) -> Result<AppVersion, StoreError> {
        let tx = self
            .conn
            .transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
        let (role, distribution) = app_gate(&tx, app)?;
        let (id, state) = version_row(&tx, app, version)?;
        let next = check_action(action, state, distribution, role)?;
        let comments = details.comments.map(str::trim).filter(|c| !c.is_empty());
        if let Some(comments) = comments {
            check_notes("reviewer's comments", comments)?;
        }
        if action == VersionAction::Promote {
            if let Some(notes) = details.release_notes {
                check_notes("release notes", notes)?;
                tx.execute(
                    "UPDATE app_versions SET release_notes = ?2 WHERE id = ?1",
                    params![id, notes.trim()],
                )?;
            }
            let notes: String = tx.query_row(
                "SELECT release_notes FROM app_versions WHERE id = ?1",
                [id],
                |r| r.get(0),
            )?;
            if notes.trim().is_empty() {
                return Err(Invalid(format!(
                    "Promoting {version} needs release notes: company admins see them with \"Update Available\". Write them, then promote."
                ))
                .into());
            }
            tx.execute(
                "INSERT INTO annotations (app_id, day, kind, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
                params![app.0, Day::of(now).0, AnnotationKind::Release.as_str(), format!("Version {version} promoted"), now.0],
            )?;
        }
        tx.execute(
            "UPDATE app_versions SET state = ?2, updated_at = ?3 WHERE id = ?1",
            params![id, next.as_str(), now.0],
        )?;
        insert_transition(
            &tx,
            id,
            &VersionTransition {
                action: Some(action),
                state: next,
                role,
                at: now,
                comments: comments.map(str::to_owned),
            },
        )?;
        tx.commit()?;
        self.version(app, version)
    }

    /// An app's versions, newest first, each with its history.
    pub fn versions(&self, app: AppId) -> Result<Vec<AppVersion>, StoreError> {
        crate::apps::ensure_app(&self.conn, app)?;
        let mut stmt = self.conn.prepare_cached(
            "SELECT id, app_id, version, state, manifest, release_notes, created_at
             FROM app_versions WHERE app_id = ?1 ORDER BY major DESC, minor DESC, patch DESC",
        )?;
        let rows = stmt
            .query_map([app.0], version_from_row)?
            .collect::<Result<Vec<_>, _>>()?;
        rows.into_iter().map(|v| self.with_history(v)).collect()
    }

    /// One version, with its history.
    pub fn version(&self, app: AppId, version: Semver) -> Result<AppVersion, StoreError> {
        let row = self
            .conn
            .prepare_cached(
                "SELECT id, app_id, version, state, manifest, release_notes, created_at
                 FROM app_versions WHERE app_id = ?1 AND major = ?2 AND minor = ?3 AND patch = ?4",
            )?
            .query_row(
                params![app.0, version.major, version.minor, version.patch],
                version_from_row,
            )
            .optional()?;
        match row {
            Some(v) => self.with_history(v),
            None => {
                crate::apps::ensure_app(&self.conn, app)?;
                Err(StoreError::VersionNotFound {
                    app,
                    version: version.to_string(),
                })
            }
        }
    }

    fn with_history(&self, mut version: AppVersion) -> Result<AppVersion, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT action, state, role, at, comments FROM version_transitions
             WHERE version_id = ?1 ORDER BY id",
        )?;
        version.history = stmt
            .query_map([version.id], transition_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(version)
    }
}

/// Writes a version as a files import found it: its state and history as recorded. An
/// existing version of that number is replaced, history included.
pub(crate) fn put_recorded(
    tx: &Transaction<'_>,
    app: AppId,
    recorded: &RecordedVersion<'_>,
    now: UnixMillis,
) -> Result<(), StoreError> {
    check_manifest(recorded.manifest)?;
    check_notes("release notes", recorded.release_notes)?;
    let v = recorded.version;
    let existing: Option<i64> = tx
        .query_row(
            "SELECT id FROM app_versions WHERE app_id = ?1 AND major = ?2 AND minor = ?3 AND patch = ?4",
            params![app.0, v.major, v.minor, v.patch],
            |r| r.get(0),
        )
        .optional()?;
    let id = match existing {
        Some(id) => {
            tx.execute(
                "UPDATE app_versions SET manifest = ?2, release_notes = ?3, state = ?4, updated_at = ?5 WHERE id = ?1",
                params![id, recorded.manifest, recorded.release_notes, recorded.state.as_str(), now.0],
            )?;
            tx.execute(
                "DELETE FROM version_transitions WHERE version_id = ?1",
                [id],
            )?;
            id
        }
        None => {
            let created = recorded.history.first().map_or(now, |t| t.at);
            insert_version(
                tx,
                app,
                v,
                recorded.manifest,
                recorded.release_notes,
                recorded.state,
                created,
            )?
        }
    };
    for transition in recorded.history {
        insert_transition(tx, id, transition)?;
        // A promotion is a release mark on the charts, once, whoever recorded it.
        if transition.action == Some(VersionAction::Promote) {
            let text = format!("Version {v} promoted");
            tx.execute(
                "INSERT INTO annotations (app_id, day, kind, text, created_at)
                 SELECT ?1, ?2, ?3, ?4, ?5 WHERE NOT EXISTS
                     (SELECT 1 FROM annotations WHERE app_id = ?1 AND kind = ?3 AND text = ?4)",
                params![
                    app.0,
                    Day::of(transition.at).0,
                    AnnotationKind::Release.as_str(),
                    text,
                    transition.at.0
                ],
            )?;
        }
    }
    Ok(())
}

fn ensure_higher(tx: &Transaction<'_>, app: AppId, version: Semver) -> Result<(), StoreError> {
    let highest: Option<(u32, u32, u32)> = tx
        .query_row(
            "SELECT major, minor, patch FROM app_versions WHERE app_id = ?1
             ORDER BY major DESC, minor DESC, patch DESC LIMIT 1",
            [app.0],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    if let Some((major, minor, patch)) = highest {
        let highest = Semver {
            major,
            minor,
            patch,
        };
        if version <= highest {
            return Err(Invalid(format!(
                "Version {version} is not higher than {highest}, the app's latest: the portal takes only a higher number. Use {} or above.",
                Semver { patch: highest.patch + 1, ..highest }
            ))
            .into());
        }
    }
    Ok(())
}

fn insert_version(
    tx: &Transaction<'_>,
    app: AppId,
    version: Semver,
    manifest: &str,
    release_notes: &str,
    state: VersionState,
    now: UnixMillis,
) -> Result<i64, StoreError> {
    tx.execute(
        "INSERT INTO app_versions (app_id, version, major, minor, patch, state, manifest, release_notes, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?9)",
        params![
            app.0,
            version.to_string(),
            version.major,
            version.minor,
            version.patch,
            state.as_str(),
            manifest,
            release_notes.trim(),
            now.0
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

fn insert_transition(
    tx: &Transaction<'_>,
    version_id: i64,
    t: &VersionTransition,
) -> Result<(), StoreError> {
    tx.execute(
        "INSERT INTO version_transitions (version_id, action, state, role, at, comments)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            version_id,
            t.action.map(VersionAction::as_str),
            t.state.as_str(),
            t.role.as_str(),
            t.at.0,
            t.comments
        ],
    )?;
    Ok(())
}

fn version_row(
    tx: &Transaction<'_>,
    app: AppId,
    version: Semver,
) -> Result<(i64, VersionState), StoreError> {
    tx.query_row(
        "SELECT id, state FROM app_versions WHERE app_id = ?1 AND major = ?2 AND minor = ?3 AND patch = ?4",
        params![app.0, version.major, version.minor, version.patch],
        |r| Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?)),
    )
    .optional()?
    .ok_or_else(|| StoreError::VersionNotFound { app, version: version.to_string() })
    .and_then(|(id, state)| Ok((id, state.parse()?)))
}

fn parse_column<T: std::str::FromStr<Err = Invalid>>(
    index: usize,
    text: &str,
) -> rusqlite::Result<T> {
    text.parse().map_err(|e: Invalid| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn version_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AppVersion> {
    Ok(AppVersion {
        id: r.get(0)?,
        app_id: AppId(r.get(1)?),
        version: r.get(2)?,
        state: parse_column(3, &r.get::<_, String>(3)?)?,
        manifest: r.get(4)?,
        release_notes: r.get(5)?,
        created_at: UnixMillis(r.get(6)?),
        history: Vec::new(),
    })
}

fn transition_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VersionTransition> {
    let action: Option<String> = r.get(0)?;
    Ok(VersionTransition {
        action: action.as_deref().map(|a| parse_column(0, a)).transpose()?,
        state: parse_column(1, &r.get::<_, String>(1)?)?,
        role: parse_column(2, &r.get::<_, String>(2)?)?,
        at: UnixMillis(r.get(3)?),
        comments: r.get(4)?,
    })
}
