//! Versions as the partner works with them: a manifest read and validated (with what the
//! deprecation watch knows of the app's routes), the diff a promotion brings, and the
//! portal steps each move takes. The store records; this module decides what to show.

use plumbline_domain::{AppId, AppVersion, Day, Invalid, Semver, UnixMillis, VersionAction};
use plumbline_manifest::{Change, ChangeKind, Context, Manifest, Report, validate};
use plumbline_store::{ActionDetails, NewVersion, Store, StoreError};
use serde::Serialize;

/// What the portal warns about every update (`building_apps_promote_manifest.md`).
pub const CARRY_OVER_WARNING: &str = "Project selections and app settings do not carry over to the new version: company admins set them again after updating, and for DMSA apps admins must re-pick permitted projects.";

/// The validator's context for an app: the routes the deprecation watch has seen it call.
pub fn context_for(store: &Store, app: AppId, today: Day) -> Result<Context, StoreError> {
    let mut routes: Vec<String> = crate::watch::stored_uses(store, app, today)?
        .uses
        .into_iter()
        .map(|u| format!("{} {}", u.method.as_deref().unwrap_or("*"), u.path))
        .collect();
    routes.sort();
    routes.dedup();
    Ok(Context {
        used_routes: (!routes.is_empty()).then_some(routes),
    })
}

/// Validates manifest bytes for an app (unreadable bytes are one error).
pub fn lint_for_app(
    store: &Store,
    app: AppId,
    bytes: &[u8],
    today: Day,
) -> Result<Report, StoreError> {
    Ok(plumbline_manifest::lint(
        bytes,
        &context_for(store, app, today)?,
    ))
}

/// Reads manifest bytes, refusing what cannot be read at all (the finding's sentence).
pub fn read_manifest(bytes: &[u8]) -> Result<Manifest, Invalid> {
    Manifest::read(bytes).map_err(|finding| {
        Invalid(if finding.pointer.is_empty() {
            finding.message
        } else {
            format!("{} ({})", finding.message, finding.pointer)
        })
    })
}

/// Creates a version from manifest bytes. A manifest with findings is saved (so the
/// partner can fix it here), but one that is not a readable manifest is refused.
pub fn create(
    store: &mut Store,
    app: AppId,
    version: &str,
    manifest: &[u8],
    release_notes: &str,
    now: UnixMillis,
) -> Result<(AppVersion, Report), StoreError> {
    let version = Semver::parse(version).map_err(Invalid)?;
    let manifest = read_manifest(manifest)?;
    let report = validate(&manifest, &context_for(store, app, Day::of(now))?);
    let stored = store.add_version(
        app,
        &NewVersion {
            version,
            manifest: manifest.text(),
            release_notes,
        },
        now,
    )?;
    Ok((stored, report))
}

/// Replaces a version's manifest (while Ready for Testing) and/or its release notes.
pub fn edit(
    store: &mut Store,
    app: AppId,
    version: Semver,
    manifest: Option<&[u8]>,
    release_notes: Option<&str>,
    now: UnixMillis,
) -> Result<(AppVersion, Report), StoreError> {
    let manifest = manifest.map(read_manifest).transpose()?;
    let stored = store.edit_version(
        app,
        version,
        manifest.as_ref().map(Manifest::text),
        release_notes,
        now,
    )?;
    let report = check(store, &stored, Day::of(now))?;
    Ok((stored, report))
}

/// The findings on a stored version's manifest.
pub fn check(store: &Store, version: &AppVersion, today: Day) -> Result<Report, StoreError> {
    lint_for_app(store, version.app_id, version.manifest.as_bytes(), today)
}

/// A change between two versions: in the manifest, or the release notes.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct VersionChange {
    #[serde(flatten)]
    pub change: Change,
    /// `manifest` or `release_notes`.
    #[serde(rename = "in")]
    pub within: &'static str,
}

/// The diff from `old` to `new`: every manifest change with its impact, then the release
/// notes.
pub fn diff(old: &AppVersion, new: &AppVersion) -> Result<Vec<VersionChange>, Invalid> {
    let (before, after) = (
        read_manifest(old.manifest.as_bytes())?,
        read_manifest(new.manifest.as_bytes())?,
    );
    let mut changes: Vec<VersionChange> = plumbline_manifest::diff(&before, &after)
        .into_iter()
        .map(|change| VersionChange {
            change,
            within: "manifest",
        })
        .collect();
    if old.release_notes.trim() != new.release_notes.trim() {
        changes.push(VersionChange {
            change: Change {
                pointer: String::new(),
                kind: match (old.release_notes.trim().is_empty(), new.release_notes.trim().is_empty()) {
                    (true, _) => ChangeKind::Added,
                    (_, true) => ChangeKind::Removed,
                    _ => ChangeKind::Changed,
                },
                before: Some(old.release_notes.clone().into()),
                after: Some(new.release_notes.clone().into()),
                impact: "Company admins read these notes with \"Update Available\", and the listing shows them.".into(),
            },
            within: "release_notes",
        });
    }
    Ok(changes)
}

/// What the promote dialog shows: the version it replaces for customers, the diff, the
/// portal's warning and the steps in the portal.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PromotionPlan {
    pub version: String,
    /// The latest version promoted before this one (what customers have), if any.
    pub replaces: Option<String>,
    pub changes: Vec<VersionChange>,
    pub warning: &'static str,
    pub steps: Vec<String>,
    /// Errors block the promotion; warnings are shown.
    pub report: Report,
}

/// The plan for promoting `version`.
pub fn promotion_plan(
    store: &Store,
    app: AppId,
    version: Semver,
    today: Day,
) -> Result<PromotionPlan, StoreError> {
    let target = store.version(app, version)?;
    let versions = store.versions(app)?;
    let previous = versions.iter().find(|v| {
        Semver::parse(&v.version).is_ok_and(|n| n < version)
            && v.history
                .iter()
                .any(|t| t.action == Some(VersionAction::Promote))
    });
    let changes = match previous {
        Some(previous) => diff(previous, &target)?,
        None => Vec::new(),
    };
    Ok(PromotionPlan {
        version: target.version.clone(),
        replaces: previous.map(|p| p.version.clone()),
        changes,
        warning: CARRY_OVER_WARNING,
        steps: portal_steps(VersionAction::Promote, &target.version),
        report: check(store, &target, today)?,
    })
}

/// What to do in the portal for a move, in its own words.
pub fn portal_steps(action: VersionAction, version: &str) -> Vec<String> {
    let open = "In the Developer Portal (developers.procore.com), open the app and its Versions"
        .to_owned();
    match action {
        VersionAction::Promote => vec![
            open,
            format!("Select version {version} and click Promote Version"),
            "Paste the release notes (copy them here) and confirm".into(),
        ],
        VersionAction::Submit => vec![
            open,
            format!("Select version {version} and click Submit for Review"),
        ],
        VersionAction::Withdraw => vec![
            open,
            format!("Select version {version} and click Withdraw from Review"),
        ],
        VersionAction::Approve => vec![format!(
            "Record this when the Marketplace team's email says version {version} is approved"
        )],
        VersionAction::Reject => vec![format!(
            "Record this when the Marketplace team's email says version {version} was rejected; paste their comments"
        )],
    }
}

/// Records a move. A promotion is refused while the manifest has errors.
pub fn record(
    store: &mut Store,
    app: AppId,
    version: Semver,
    action: VersionAction,
    details: ActionDetails<'_>,
    now: UnixMillis,
) -> Result<AppVersion, StoreError> {
    if action == VersionAction::Promote {
        let stored = store.version(app, version)?;
        let report = check(store, &stored, Day::of(now))?;
        if let Some(first) = report.errors.first() {
            return Err(Invalid(format!(
                "Version {version}'s manifest has {} error{}; fix {} before promoting: {}",
                report.errors.len(),
                if report.errors.len() == 1 { "" } else { "s" },
                if report.errors.len() == 1 {
                    "it"
                } else {
                    "them"
                },
                first.message
            ))
            .into());
        }
    }
    store.record_version_action(app, version, action, details, now)
}
