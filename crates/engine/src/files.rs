//! The files a team keeps in git (what fastlane does for app stores; the portal has
//! nothing): an app, its listing and each version as a folder, written with stable
//! formatting so that diffs stay small, and read back into the store all at once or not at
//! all. The layout is documented in the README:
//!
//! ```text
//! app.json                      name, Procore app id, environment, role, distribution
//! listing/…                     see plumbline_listing::files
//! versions/X.Y.Z/manifest.json  the manifest, byte for byte
//! versions/X.Y.Z/release_notes.md
//! versions/X.Y.Z/state.json     state and history
//! ```

use std::fmt;
use std::path::{Path, PathBuf};

use plumbline_domain::{
    AppId, AppVersion, Distribution, Environment, NewApp, Role, Semver, UnixMillis, VersionAction,
    VersionState, VersionTransition,
};
use plumbline_store::{FilesImport, RecordedVersion, Snapshot, Store, StoreError};
use serde::{Deserialize, Serialize};

use crate::listing_files;

/// A file that could not be read or written, named with its line where there is one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileProblem {
    pub file: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}, line {line}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// Why an export or import stopped. An import that stops has written nothing.
#[derive(Debug, thiserror::Error)]
pub enum FilesError {
    #[error("{0} Nothing was imported.")]
    File(FileProblem),
    #[error("{0}")]
    Write(FileProblem),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl FilesError {
    pub fn code(&self) -> plumbline_domain::ErrorCode {
        match self {
            FilesError::File(_) => plumbline_domain::ErrorCode::Invalid,
            FilesError::Write(_) => plumbline_domain::ErrorCode::Internal,
            FilesError::Store(e) => e.code(),
        }
    }
}

fn problem(file: &Path, line: Option<usize>, message: impl Into<String>) -> FileProblem {
    FileProblem {
        file: file.to_owned(),
        line,
        message: message.into(),
    }
}

/// `app.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AppFile {
    name: String,
    procore_app_id: Option<String>,
    environment: String,
    role: String,
    #[serde(default = "marketplace")]
    distribution: String,
}

fn marketplace() -> String {
    Distribution::Marketplace.as_str().into()
}

/// `versions/X.Y.Z/state.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct StateFile {
    state: String,
    history: Vec<TransitionFile>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TransitionFile {
    /// Absent for the creation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    action: Option<String>,
    state: String,
    role: String,
    at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    comments: Option<String>,
}

/// Pretty JSON, two spaces, one trailing newline: what every JSON file here looks like.
pub(crate) fn json_text<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// Writes a file only when its bytes change, so an export leaves unchanged files alone.
pub(crate) fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, FilesError> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).map_err(|e| {
            FilesError::Write(problem(
                parent,
                None,
                format!("could not create the folder: {e}"),
            ))
        })?;
    }
    std::fs::write(path, bytes)
        .map_err(|e| FilesError::Write(problem(path, None, format!("could not write it: {e}"))))?;
    Ok(true)
}

/// Text a partner typed, as a file: one trailing newline when there is text.
fn text_file(text: &str) -> String {
    if text.is_empty() {
        String::new()
    } else {
        format!("{}\n", text.trim_end_matches('\n'))
    }
}

/// What an export wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ExportSummary {
    pub dir: PathBuf,
    pub versions: Vec<String>,
    pub listing: bool,
    /// Files whose bytes changed (a repeated export changes none).
    pub files_changed: usize,
}

/// Writes the app, its listing draft and its versions into `dir`.
pub fn export(store: &Store, app: AppId, dir: &Path) -> Result<ExportSummary, FilesError> {
    let stored = store.get_app(app)?;
    let mut changed = 0;
    let app_file = AppFile {
        name: stored.display_name.clone(),
        procore_app_id: stored.procore_app_id.clone(),
        environment: stored.environment.as_str().into(),
        role: stored.role.as_str().into(),
        distribution: stored.distribution.as_str().into(),
    };
    changed += usize::from(write_if_changed(
        &dir.join("app.json"),
        json_text(&app_file).as_bytes(),
    )?);
    let listing = store.listing(app, Snapshot::Draft)?;
    if let Some(listing) = &listing {
        changed += listing_files::write(listing, &dir.join("listing"))?;
    }
    let versions = store.versions(app)?;
    for version in &versions {
        let at = dir.join("versions").join(&version.version);
        changed += usize::from(write_if_changed(
            &at.join("manifest.json"),
            version.manifest.as_bytes(),
        )?);
        changed += usize::from(write_if_changed(
            &at.join("release_notes.md"),
            text_file(&version.release_notes).as_bytes(),
        )?);
        changed += usize::from(write_if_changed(
            &at.join("state.json"),
            json_text(&state_file(version)).as_bytes(),
        )?);
    }
    Ok(ExportSummary {
        dir: dir.to_owned(),
        versions: versions.iter().map(|v| v.version.clone()).collect(),
        listing: listing.is_some(),
        files_changed: changed,
    })
}

fn state_file(version: &AppVersion) -> StateFile {
    StateFile {
        state: version.state.as_str().into(),
        history: version
            .history
            .iter()
            .map(|t| TransitionFile {
                action: t.action.map(|a| a.as_str().into()),
                state: t.state.as_str().into(),
                role: t.role.as_str().into(),
                at: t.at.to_rfc3339(),
                comments: t.comments.clone(),
            })
            .collect(),
    }
}

/// What an import changed, in sentences.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    pub app: AppId,
    pub created: bool,
    pub changes: Vec<String>,
}

/// Reads a file as UTF-8, naming the line of the first bad byte.
pub(crate) fn read_text(path: &Path) -> Result<String, FilesError> {
    let bytes = std::fs::read(path)
        .map_err(|e| FilesError::File(problem(path, None, format!("could not read it: {e}."))))?;
    String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        FilesError::File(problem(
            path,
            Some(line),
            "is not UTF-8 text; save it as UTF-8.",
        ))
    })
}

/// Parses a JSON file, naming the line of the first mistake.
pub(crate) fn read_json<T: for<'de> Deserialize<'de>>(path: &Path) -> Result<T, FilesError> {
    let text = read_text(path)?;
    serde_json::from_str(&text)
        .map_err(|e| FilesError::File(problem(path, Some(e.line()), e.to_string())))
}

fn parse_field<T: std::str::FromStr<Err = plumbline_domain::Invalid>>(
    path: &Path,
    text: &str,
) -> Result<T, FilesError> {
    text.parse()
        .map_err(|e: plumbline_domain::Invalid| FilesError::File(problem(path, None, e.0)))
}

/// A version folder, read and checked.
struct VersionFiles {
    version: Semver,
    manifest: String,
    release_notes: String,
    state: VersionState,
    history: Vec<VersionTransition>,
}

fn read_version(
    dir: &Path,
    version: Semver,
    distribution: Distribution,
) -> Result<VersionFiles, FilesError> {
    let manifest_path = dir.join("manifest.json");
    let manifest = read_text(&manifest_path)?;
    if let Err(finding) = plumbline_manifest::Manifest::read(manifest.as_bytes()) {
        // The reader's message starts with "Line N, column M" (or "End of line N") for JSON
        // mistakes.
        let line = finding
            .message
            .strip_prefix("Line ")
            .or_else(|| finding.message.strip_prefix("End of line "))
            .and_then(|rest| rest.split([',', ' ', ':']).next())
            .and_then(|n| n.parse().ok());
        return Err(FilesError::File(problem(
            &manifest_path,
            line,
            finding.message,
        )));
    }
    let notes_path = dir.join("release_notes.md");
    let release_notes = if notes_path.exists() {
        read_text(&notes_path)?.trim_end_matches('\n').to_owned()
    } else {
        String::new()
    };
    let state_path = dir.join("state.json");
    let state_file: StateFile = read_json(&state_path)?;
    let state: VersionState = parse_field(&state_path, &state_file.state)?;
    let mut history = Vec::with_capacity(state_file.history.len());
    let mut current: Option<VersionState> = None;
    for (index, t) in state_file.history.iter().enumerate() {
        let action = t
            .action
            .as_deref()
            .map(|a| parse_field::<VersionAction>(&state_path, a))
            .transpose()?;
        let to: VersionState = parse_field(&state_path, &t.state)?;
        let role: Role = parse_field(&state_path, &t.role)?;
        let at = UnixMillis::parse_rfc3339(&t.at).ok_or_else(|| {
            FilesError::File(problem(
                &state_path,
                None,
                format!(
                    "history entry {} has the time {:?}; write it as 2026-12-04T09:30:00.000Z.",
                    index + 1,
                    t.at
                ),
            ))
        })?;
        // The history must be a path the portal allows, from Ready for Testing.
        let allowed = match (current, action) {
            (None, None) => to == VersionState::ReadyForTesting,
            (Some(from), Some(action)) => action.target(from, distribution) == Some(to),
            _ => false,
        };
        if !allowed {
            return Err(FilesError::File(problem(
                &state_path,
                None,
                format!(
                    "history entry {} ({} to {}) is not a move the portal allows{}.",
                    index + 1,
                    action.map_or("creation", VersionAction::as_str),
                    to.as_str(),
                    current.map_or(String::new(), |c| format!(" from {}", c.as_str()))
                ),
            )));
        }
        current = Some(to);
        history.push(VersionTransition {
            action,
            state: to,
            role,
            at,
            comments: t.comments.clone(),
        });
    }
    if current != Some(state) {
        return Err(FilesError::File(problem(
            &state_path,
            None,
            format!(
                "the state is {} but the history ends at {}.",
                state.as_str(),
                current.map_or("nothing", VersionState::as_str)
            ),
        )));
    }
    Ok(VersionFiles {
        version,
        manifest,
        release_notes,
        state,
        history,
    })
}

/// Reads `dir` (an export) into the store: all of it, or nothing when any file is invalid.
pub fn import(store: &mut Store, dir: &Path, now: UnixMillis) -> Result<ImportSummary, FilesError> {
    let app_path = dir.join("app.json");
    let app_file: AppFile = read_json(&app_path)?;
    let new_app = NewApp {
        display_name: app_file.name.clone(),
        procore_app_id: app_file.procore_app_id.clone(),
        client_id: None,
        environment: parse_field::<Environment>(&app_path, &app_file.environment)?,
        role: parse_field(&app_path, &app_file.role)?,
    }
    .validate()
    .map_err(|e| FilesError::File(problem(&app_path, None, e.0)))?;
    let distribution: Distribution = parse_field(&app_path, &app_file.distribution)?;

    let listing_dir = dir.join("listing");
    let listing = if listing_dir.is_dir() {
        Some(listing_files::read(&listing_dir, now)?)
    } else {
        None
    };

    let mut versions = Vec::new();
    let versions_dir = dir.join("versions");
    if versions_dir.is_dir() {
        let entries = std::fs::read_dir(&versions_dir).map_err(|e| {
            FilesError::File(problem(
                &versions_dir,
                None,
                format!("could not list it: {e}."),
            ))
        })?;
        for entry in entries {
            let entry =
                entry.map_err(|e| FilesError::File(problem(&versions_dir, None, e.to_string())))?;
            if !entry.path().is_dir() {
                continue;
            }
            let name = entry.file_name().to_string_lossy().into_owned();
            let version = Semver::parse(&name)
                .map_err(|e| FilesError::File(problem(&entry.path(), None, e)))?;
            versions.push(read_version(&entry.path(), version, distribution)?);
        }
    }
    versions.sort_by_key(|v| v.version);

    // Which app: the same Procore app id, else the same name; otherwise a new one.
    let existing = store
        .list_apps()?
        .into_iter()
        .filter(|a| !a.demo)
        .find(|a| match (&a.procore_app_id, &new_app.procore_app_id) {
            (Some(theirs), Some(ours)) => theirs == ours,
            _ => a
                .display_name
                .eq_ignore_ascii_case(new_app.display_name.as_str()),
        });
    let mut changes = Vec::new();
    if let Some(app) = &existing {
        if app.display_name != new_app.display_name.as_str() {
            changes.push(format!(
                "renamed \"{}\" to \"{}\"",
                app.display_name,
                new_app.display_name.as_str()
            ));
        }
        if app.role != new_app.role {
            changes.push(format!(
                "role {} → {}",
                app.role.as_str(),
                new_app.role.as_str()
            ));
        }
        if app.environment != new_app.environment {
            changes.push(format!(
                "environment {} → {}",
                app.environment.as_str(),
                new_app.environment.as_str()
            ));
        }
        if app.distribution != distribution {
            changes.push(format!(
                "distribution {} → {}",
                app.distribution.as_str(),
                distribution.as_str()
            ));
        }
        if app.procore_app_id != new_app.procore_app_id {
            changes.push("Procore app id set".to_owned());
        }
    } else {
        changes.push(format!(
            "added the app \"{}\"",
            new_app.display_name.as_str()
        ));
    }
    let before_versions = match &existing {
        Some(app) => store.versions(app.id)?,
        None => Vec::new(),
    };
    for v in &versions {
        let name = v.version.to_string();
        match before_versions.iter().find(|b| b.version == name) {
            None => changes.push(format!("version {name} added ({})", v.state.label())),
            Some(b) => {
                let mut what = Vec::new();
                if b.manifest != v.manifest {
                    what.push("manifest".to_owned());
                }
                if b.release_notes != v.release_notes {
                    what.push("release notes".to_owned());
                }
                if b.state != v.state {
                    what.push(format!("state {} → {}", b.state.label(), v.state.label()));
                }
                if b.history != v.history && b.state == v.state {
                    what.push("history".to_owned());
                }
                if !what.is_empty() {
                    changes.push(format!("version {name}: {}", what.join(", ")));
                }
            }
        }
    }
    // An import adds and updates; it never deletes what the folder does not mention.
    for b in &before_versions {
        if !versions.iter().any(|v| v.version.to_string() == b.version) {
            changes.push(format!("version {} kept (not in the folder)", b.version));
        }
    }
    if let Some(listing) = &listing {
        let before = match &existing {
            Some(app) => store.listing(app.id, Snapshot::Draft)?,
            None => None,
        };
        changes.extend(listing_files::describe_changes(before.as_ref(), listing));
    }

    let recorded: Vec<RecordedVersion<'_>> = versions
        .iter()
        .map(|v| RecordedVersion {
            version: v.version,
            manifest: &v.manifest,
            release_notes: &v.release_notes,
            state: v.state,
            history: &v.history,
        })
        .collect();
    let id = store.apply_files_import(
        &FilesImport {
            target: existing.as_ref().map(|a| a.id),
            app: &new_app,
            distribution,
            listing: listing.as_ref(),
            versions: &recorded,
        },
        now,
    )?;
    Ok(ImportSummary {
        app: id,
        created: existing.is_none(),
        changes,
    })
}
