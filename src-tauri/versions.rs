//! Versions in the window: thin commands over `plumbline_engine::versions` and the store,
//! shared with `plumbline versions`.

use plumbline_contract::{
    ActionSteps, AppArgs, CreateVersionArgs, DiffVersionsArgs, EditVersionArgs, IpcError,
    LintManifestArgs, METRICS_CHANGED_EVENT, PromotionPlanView, RecordVersionActionArgs,
    SavedVersion, VersionArgs, VersionChangeView, VersionDetail, VersionSummary, VersionsView,
};
use plumbline_domain::{
    AppVersion, Day, Invalid, Semver, UnixMillis, VersionAction, allowed_actions,
};
use plumbline_engine::versions::{self, VersionChange};
use plumbline_store::{ActionDetails, StoreError};
use tauri::{AppHandle, Emitter, State};

use crate::state::{Shell, with_reader, with_store};

fn semver(text: &str) -> Result<Semver, StoreError> {
    Semver::parse(text).map_err(|e| Invalid(e).into())
}

fn change_view(c: VersionChange) -> VersionChangeView {
    let text = |v: Option<serde_json::Value>| {
        v.map(|v| match v {
            serde_json::Value::String(s) => s,
            other => other.to_string(),
        })
    };
    VersionChangeView {
        pointer: c.change.pointer,
        kind: c.change.kind,
        before: text(c.change.before),
        after: text(c.change.after),
        impact: c.change.impact,
        within: if c.within == "manifest" {
            "manifest".into()
        } else {
            "releaseNotes".into()
        },
    }
}

#[tauri::command]
pub(crate) async fn list_versions(
    shell: State<'_, Shell>,
    args: AppArgs,
) -> Result<VersionsView, IpcError> {
    with_reader(&shell, move |store| {
        let app = store.get_app(args.id)?;
        let today = Day::of(UnixMillis::now());
        let context = versions::context_for(store, app.id, today)?;
        let list = store.versions(app.id)?;
        Ok::<_, StoreError>(VersionsView {
            can_edit: app.role.can_edit_versions_and_listing(),
            distribution: app.distribution,
            versions: list
                .into_iter()
                .map(|version| {
                    let report = plumbline_manifest::lint(version.manifest.as_bytes(), &context);
                    VersionSummary {
                        offered: allowed_actions(version.state, app.distribution, app.role),
                        errors: u32::try_from(report.errors.len()).unwrap_or(u32::MAX),
                        warnings: u32::try_from(report.warnings.len()).unwrap_or(u32::MAX),
                        version,
                    }
                })
                .collect(),
        })
    })
    .await
}

#[tauri::command]
pub(crate) async fn version_detail(
    shell: State<'_, Shell>,
    args: VersionArgs,
) -> Result<VersionDetail, IpcError> {
    with_reader(&shell, move |store| {
        let app = store.get_app(args.id)?;
        let version = store.version(app.id, semver(&args.version)?)?;
        let report = versions::check(store, &version, Day::of(UnixMillis::now()))?;
        let offered = allowed_actions(version.state, app.distribution, app.role);
        let steps = offered
            .iter()
            .map(|&action| ActionSteps {
                action,
                steps: versions::portal_steps(action, &version.version),
            })
            .collect();
        Ok::<_, StoreError>(VersionDetail {
            version,
            offered,
            report,
            steps,
        })
    })
    .await
}

#[tauri::command]
pub(crate) async fn lint_manifest(
    shell: State<'_, Shell>,
    args: LintManifestArgs,
) -> Result<plumbline_manifest::Report, IpcError> {
    with_reader(&shell, move |store| {
        versions::lint_for_app(
            store,
            args.id,
            args.text.as_bytes(),
            Day::of(UnixMillis::now()),
        )
    })
    .await
}

#[tauri::command]
pub(crate) async fn create_version(
    shell: State<'_, Shell>,
    args: CreateVersionArgs,
) -> Result<SavedVersion, IpcError> {
    with_store(&shell, move |store| {
        let (version, report) = versions::create(
            store,
            args.id,
            &args.version,
            args.manifest.as_bytes(),
            &args.release_notes,
            UnixMillis::now(),
        )?;
        Ok::<_, StoreError>(SavedVersion { version, report })
    })
    .await
}

#[tauri::command]
pub(crate) async fn edit_version(
    shell: State<'_, Shell>,
    args: EditVersionArgs,
) -> Result<SavedVersion, IpcError> {
    with_store(&shell, move |store| {
        let (version, report) = versions::edit(
            store,
            args.id,
            semver(&args.version)?,
            args.manifest.as_deref().map(str::as_bytes),
            args.release_notes.as_deref(),
            UnixMillis::now(),
        )?;
        Ok::<_, StoreError>(SavedVersion { version, report })
    })
    .await
}

#[tauri::command]
pub(crate) async fn promotion_plan(
    shell: State<'_, Shell>,
    args: VersionArgs,
) -> Result<PromotionPlanView, IpcError> {
    with_reader(&shell, move |store| {
        let plan = versions::promotion_plan(
            store,
            args.id,
            semver(&args.version)?,
            Day::of(UnixMillis::now()),
        )?;
        Ok::<_, StoreError>(PromotionPlanView {
            version: plan.version,
            replaces: plan.replaces,
            changes: plan.changes.into_iter().map(change_view).collect(),
            warning: plan.warning.into(),
            steps: plan.steps,
            report: plan.report,
        })
    })
    .await
}

#[tauri::command]
pub(crate) async fn record_version_action(
    app: AppHandle,
    shell: State<'_, Shell>,
    args: RecordVersionActionArgs,
) -> Result<AppVersion, IpcError> {
    let action = args.action;
    let recorded = with_store(&shell, move |store| {
        versions::record(
            store,
            args.id,
            semver(&args.version)?,
            args.action,
            ActionDetails {
                release_notes: args.release_notes.as_deref(),
                comments: args.comments.as_deref(),
            },
            UnixMillis::now(),
        )
    })
    .await?;
    // A promotion put a release mark on the Metrics charts.
    if action == VersionAction::Promote
        && let Err(e) = app.emit(METRICS_CHANGED_EVENT, ())
    {
        log::warn!("could not tell the window the metrics changed: {e}");
    }
    Ok(recorded)
}

#[tauri::command]
pub(crate) async fn diff_versions(
    shell: State<'_, Shell>,
    args: DiffVersionsArgs,
) -> Result<Vec<VersionChangeView>, IpcError> {
    with_reader(&shell, move |store| {
        let from = store.version(args.id, semver(&args.from)?)?;
        let to = store.version(args.id, semver(&args.to)?)?;
        let changes = versions::diff(&from, &to)?;
        Ok::<_, StoreError>(changes.into_iter().map(change_view).collect())
    })
    .await
}
