//! `plumbline manifest lint|diff` and `plumbline versions …`: manifests validated and
//! diffed, versions recorded through the portal's lifecycle.
//!
//! `manifest lint` exits 1 on any error and 0 on warnings only; a file that cannot be read
//! from disk is a failure (exit 1 with the reason), a file that is not a manifest is an
//! error finding.

use std::path::{Path, PathBuf};

use clap::{Args, Subcommand};
use plumbline_domain::{
    AppId, AppVersion, Day, Semver, UnixMillis, VersionAction, VersionState, allowed_actions,
};
use plumbline_engine::versions::{self, VersionChange};
use plumbline_manifest::{Change, Context, Manifest, Report};
use plumbline_store::{ActionDetails, Store};
use serde::Serialize;

use crate::output::emit;
use crate::{Failure, open_store};

#[derive(Debug, Subcommand)]
pub(crate) enum ManifestCommand {
    /// Validate a manifest: exit 1 on any error, 0 on warnings only.
    Lint {
        file: PathBuf,
        /// Judge least privilege against the routes this app is known to call.
        #[arg(long)]
        app: Option<i64>,
    },
    /// What changes from OLD to NEW, with each change's impact on customers.
    Diff { old: PathBuf, new: PathBuf },
}

#[derive(Debug, Subcommand)]
pub(crate) enum VersionsCommand {
    /// An app's versions, newest first, with their states.
    List(AppArg),
    /// One version: state, history, release notes, findings and the moves offered.
    Show(VersionArgs),
    /// Create a version (Ready for Testing) from a manifest file.
    Add {
        #[command(flatten)]
        target: VersionArgs,
        #[arg(long, value_name = "FILE")]
        manifest: PathBuf,
        /// Release notes (Markdown), shown to company admins when the version is promoted.
        #[arg(long, value_name = "FILE")]
        notes: Option<PathBuf>,
    },
    /// Replace a Ready for Testing version's manifest or release notes.
    Edit {
        #[command(flatten)]
        target: VersionArgs,
        #[arg(long, value_name = "FILE")]
        manifest: Option<PathBuf>,
        #[arg(long, value_name = "FILE")]
        notes: Option<PathBuf>,
    },
    /// Record that you clicked Promote Version in the portal (shows the diff and the steps).
    Promote {
        #[command(flatten)]
        target: VersionArgs,
        /// The release notes you pasted (otherwise the version's own).
        #[arg(long, value_name = "FILE")]
        notes: Option<PathBuf>,
    },
    /// Record that you clicked Submit for Review.
    Submit(VersionArgs),
    /// Record the reviewers' approval.
    Approve(VersionArgs),
    /// Record the reviewers' rejection, with their comments.
    Reject {
        #[command(flatten)]
        target: VersionArgs,
        #[arg(long)]
        comments: String,
    },
    /// Record that you clicked Withdraw from Review.
    Withdraw(VersionArgs),
    /// What changes from version A to version B.
    Diff {
        #[command(flatten)]
        app: AppArg,
        a: String,
        b: String,
    },
}

#[derive(Debug, Args)]
pub(crate) struct AppArg {
    #[arg(long)]
    app: i64,
}

#[derive(Debug, Args)]
pub(crate) struct VersionArgs {
    #[arg(long)]
    app: i64,
    /// The version number, such as 1.4.0.
    #[arg(long)]
    version: String,
}

impl VersionArgs {
    fn parse(&self) -> Result<(AppId, Semver), Failure> {
        Ok((
            AppId(self.app),
            Semver::parse(&self.version).map_err(Failure)?,
        ))
    }
}

fn read_file(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure(format!("Could not read {}: {e}.", path.display())))
}

fn read_text(path: &Path) -> Result<String, Failure> {
    String::from_utf8(read_file(path)?).map_err(|_| {
        Failure(format!(
            "{} is not UTF-8 text; save it as UTF-8.",
            path.display()
        ))
    })
}

fn findings_text(report: &Report) -> String {
    let line = |kind: &str, f: &plumbline_manifest::Finding| {
        let at = if f.pointer.is_empty() {
            "(file)"
        } else {
            f.pointer.as_str()
        };
        format!("{kind} {at}: {} [{}]", f.message, f.code)
    };
    let mut lines: Vec<String> = report.errors.iter().map(|f| line("error  ", f)).collect();
    lines.extend(report.warnings.iter().map(|f| line("warning", f)));
    lines.push(format!(
        "{} error{}, {} warning{}",
        report.errors.len(),
        if report.errors.len() == 1 { "" } else { "s" },
        report.warnings.len(),
        if report.warnings.len() == 1 { "" } else { "s" }
    ));
    lines.join("\n")
}

fn changes_text(changes: &[Change]) -> String {
    if changes.is_empty() {
        return "No changes.".into();
    }
    changes
        .iter()
        .map(|c| {
            let value =
                |v: &Option<serde_json::Value>| v.as_ref().map_or(String::new(), |v| v.to_string());
            let what = match c.kind {
                plumbline_manifest::ChangeKind::Added => {
                    format!("+ {} {}", c.pointer, value(&c.after))
                }
                plumbline_manifest::ChangeKind::Removed => {
                    format!("- {} {}", c.pointer, value(&c.before))
                }
                plumbline_manifest::ChangeKind::Changed => format!(
                    "~ {} {} -> {}",
                    c.pointer,
                    value(&c.before),
                    value(&c.after)
                ),
            };
            format!("{what}\n    {}", c.impact)
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// `manifest lint`: returns whether the manifest passed (no errors).
pub(crate) fn manifest(
    db: Option<PathBuf>,
    command: ManifestCommand,
    json: bool,
) -> Result<bool, Failure> {
    match command {
        ManifestCommand::Lint { file, app } => {
            let bytes = read_file(&file)?;
            let report = match app {
                Some(app) => versions::lint_for_app(
                    &open_store(db)?,
                    AppId(app),
                    &bytes,
                    Day::of(UnixMillis::now()),
                )?,
                None => plumbline_manifest::lint(&bytes, &Context::default()),
            };
            emit(json, &report, || findings_text(&report))?;
            Ok(report.passes())
        }
        ManifestCommand::Diff { old, new } => {
            let read = |path: &Path| -> Result<Manifest, Failure> {
                Manifest::read(&read_file(path)?)
                    .map_err(|f| Failure(format!("{}: {}", path.display(), f.message)))
            };
            let changes = plumbline_manifest::diff(&read(&old)?, &read(&new)?);
            emit(json, &serde_json::json!({ "changes": changes }), || {
                changes_text(&changes)
            })?;
            Ok(true)
        }
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct VersionOut<'a> {
    #[serde(flatten)]
    version: &'a AppVersion,
    offered: Vec<VersionAction>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<Report>,
}

fn version_line(v: &AppVersion) -> String {
    let at = v.history.last().map_or(v.created_at, |t| t.at);
    format!(
        "{:<12} {:<18} since {}",
        v.version,
        v.state.label(),
        Day::of(at)
    )
}

pub(crate) fn run(store: &mut Store, command: VersionsCommand, json: bool) -> Result<(), Failure> {
    let now = UnixMillis::now();
    match command {
        VersionsCommand::List(AppArg { app }) => {
            let list = store.versions(AppId(app))?;
            emit(json, &list, || {
                if list.is_empty() {
                    return format!(
                        "No versions yet. Create one with: plumbline versions add --app {app} --version 1.0.0 --manifest manifest.json"
                    );
                }
                list.iter().map(version_line).collect::<Vec<_>>().join("\n")
            })
        }
        VersionsCommand::Show(args) => {
            let (app, version) = args.parse()?;
            let v = store.version(app, version)?;
            let report = versions::check(store, &v, Day::of(now))?;
            show(store, &v, Some(report), json)
        }
        VersionsCommand::Add {
            target,
            manifest,
            notes,
        } => {
            let (app, _) = target.parse()?;
            let notes = notes
                .as_deref()
                .map(read_text)
                .transpose()?
                .unwrap_or_default();
            let (v, report) = versions::create(
                store,
                app,
                &target.version,
                &read_file(&manifest)?,
                &notes,
                now,
            )?;
            show(store, &v, Some(report), json)
        }
        VersionsCommand::Edit {
            target,
            manifest,
            notes,
        } => {
            let (app, version) = target.parse()?;
            let manifest = manifest.as_deref().map(read_file).transpose()?;
            let notes = notes.as_deref().map(read_text).transpose()?;
            let (v, report) = versions::edit(
                store,
                app,
                version,
                manifest.as_deref(),
                notes.as_deref(),
                now,
            )?;
            show(store, &v, Some(report), json)
        }
        VersionsCommand::Promote { target, notes } => {
            let (app, version) = target.parse()?;
            let plan = versions::promotion_plan(store, app, version, Day::of(now))?;
            let notes = notes.as_deref().map(read_text).transpose()?;
            let v = versions::record(
                store,
                app,
                version,
                VersionAction::Promote,
                ActionDetails {
                    release_notes: notes.as_deref(),
                    comments: None,
                },
                now,
            )?;
            if !json {
                let since = plan
                    .replaces
                    .as_deref()
                    .map_or("(the first promoted version)".to_owned(), |r| {
                        format!("since {r}")
                    });
                println!("Changes {since}:");
                let changes: Vec<Change> = plan.changes.iter().map(|c| c.change.clone()).collect();
                println!("{}", changes_text(&changes));
                println!("Note: {}", plan.warning);
                for (n, step) in plan.steps.iter().enumerate() {
                    println!("{}. {step}", n + 1);
                }
            }
            show(store, &v, None, json)
        }
        VersionsCommand::Submit(args) => act(store, &args, VersionAction::Submit, None, json),
        VersionsCommand::Approve(args) => act(store, &args, VersionAction::Approve, None, json),
        VersionsCommand::Withdraw(args) => act(store, &args, VersionAction::Withdraw, None, json),
        VersionsCommand::Reject { target, comments } => {
            act(store, &target, VersionAction::Reject, Some(&comments), json)
        }
        VersionsCommand::Diff {
            app: AppArg { app },
            a,
            b,
        } => {
            let app = AppId(app);
            let a = store.version(app, Semver::parse(&a).map_err(Failure)?)?;
            let b = store.version(app, Semver::parse(&b).map_err(Failure)?)?;
            let changes: Vec<VersionChange> = versions::diff(&a, &b)?;
            let plain: Vec<Change> = changes.iter().map(|c| c.change.clone()).collect();
            emit(json, &serde_json::json!({ "changes": changes }), || {
                changes_text(&plain)
            })
        }
    }
}

fn act(
    store: &mut Store,
    args: &VersionArgs,
    action: VersionAction,
    comments: Option<&str>,
    json: bool,
) -> Result<(), Failure> {
    let (app, version) = args.parse()?;
    let v = versions::record(
        store,
        app,
        version,
        action,
        ActionDetails {
            release_notes: None,
            comments,
        },
        UnixMillis::now(),
    )?;
    if !json {
        for (n, step) in versions::portal_steps(action, &v.version)
            .iter()
            .enumerate()
        {
            println!("{}. {step}", n + 1);
        }
    }
    show(store, &v, None, json)
}

fn show(
    store: &Store,
    v: &AppVersion,
    findings: Option<Report>,
    json: bool,
) -> Result<(), Failure> {
    let app = store.get_app(v.app_id)?;
    let offered = allowed_actions(v.state, app.distribution, app.role);
    let out = VersionOut {
        version: v,
        offered: offered.clone(),
        findings,
    };
    emit(json, &out, || {
        let mut lines = vec![format!(
            "{} — version {}: {}",
            app.display_name,
            v.version,
            v.state.label()
        )];
        for t in &v.history {
            let what = t
                .action
                .map_or("Created".to_owned(), |a| a.label().to_owned());
            let comments = t
                .comments
                .as_deref()
                .map_or(String::new(), |c| format!(" — \"{c}\""));
            lines.push(format!(
                "  {} {what} -> {} (as {}){comments}",
                Day::of(t.at),
                t.state.label(),
                t.role.as_str()
            ));
        }
        if !v.release_notes.is_empty() {
            lines.push(format!("Release notes:\n{}", v.release_notes));
        }
        if let Some(report) = &out.findings {
            lines.push(findings_text(report));
        }
        lines.push(if offered.is_empty() {
            match v.state {
                VersionState::Approved | VersionState::Rejected => {
                    "Nothing more to record for this version.".into()
                }
                _ if !app.role.can_edit_versions_and_listing() => {
                    "As a Developer you may view this version.".into()
                }
                _ => "Nothing more to record for this version.".into(),
            }
        } else {
            format!(
                "Next: {}",
                offered
                    .iter()
                    .map(|a| a.label())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        });
        lines.join("\n")
    })
}
