//! `plumbline listing …` and `plumbline files …`: the listing's precheck, preview, snapshots,
//! and the folder a team keeps in git.
//!
//! `listing lint` exits 1 on any error and 0 on warnings only, like `manifest lint`.

use std::path::PathBuf;

use clap::{Args, Subcommand};
use plumbline_domain::{AppId, UnixMillis};
use plumbline_engine::{files, listing_files};
use plumbline_listing::{ListingReport, precheck, preview_html, read_listing_dir};
use plumbline_store::{Snapshot, Store};

use crate::output::emit;
use crate::{Failure, open_store};

#[derive(Debug, Subcommand)]
pub(crate) enum ListingCommand {
    /// Check a listing folder (an export, or its listing/ folder) against every written rule:
    /// exit 1 on any error, 0 on warnings only.
    Lint { dir: PathBuf },
    /// Write the listing draft's preview, laid out like the Marketplace page, as one HTML file.
    Preview {
        #[command(flatten)]
        app: AppArg,
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Record that the draft was submitted in the portal (it becomes the submitted snapshot).
    Submit(AppArg),
    /// What the draft changes from the listing last submitted.
    Diff(AppArg),
}

#[derive(Debug, Subcommand)]
pub(crate) enum FilesCommand {
    /// Write the app, its listing and every version into a folder to keep in git.
    Export {
        #[command(flatten)]
        app: AppArg,
        #[arg(long)]
        dir: PathBuf,
    },
    /// Read such a folder back into the store: all of it, or nothing when a file is invalid.
    Import {
        #[arg(long)]
        dir: PathBuf,
    },
}

#[derive(Debug, Args)]
pub(crate) struct AppArg {
    #[arg(long)]
    app: i64,
}

fn report_text(report: &ListingReport) -> String {
    let line = |kind: &str, f: &plumbline_listing::ListingFinding| {
        format!("{kind} {}: {} [{}]", f.field, f.message, f.code)
    };
    let mut lines: Vec<String> = report.errors.iter().map(|f| line("error  ", f)).collect();
    lines.extend(report.warnings.iter().map(|f| line("warning", f)));
    lines.push(format!(
        "{} error(s), {} warning(s)",
        report.errors.len(),
        report.warnings.len()
    ));
    lines.join("\n")
}

/// `listing lint`: returns whether the listing passed.
pub(crate) fn lint(dir: &std::path::Path, json: bool) -> Result<bool, Failure> {
    let listing = read_listing_dir(dir).map_err(|e| Failure(e.to_string()))?;
    let mut report = precheck(&listing);
    report.counts.clear();
    emit(json, &report, || report_text(&report))?;
    Ok(report.passes())
}

pub(crate) fn listing(
    db: Option<PathBuf>,
    command: ListingCommand,
    json: bool,
) -> Result<bool, Failure> {
    match command {
        ListingCommand::Lint { dir } => lint(&dir, json),
        ListingCommand::Preview { app, out } => {
            let store = open_store(db)?;
            let record = draft(&store, AppId(app.app))?;
            let html = preview_html(&listing_files::to_listing(&record));
            std::fs::write(&out, html)
                .map_err(|e| Failure(format!("Could not write {}: {e}.", out.display())))?;
            emit(json, &serde_json::json!({ "preview": out }), || {
                format!("Wrote the preview to {}", out.display())
            })?;
            Ok(true)
        }
        ListingCommand::Submit(app) => {
            let mut store = open_store(db)?;
            store.submit_listing(AppId(app.app), UnixMillis::now())?;
            emit(json, &serde_json::json!({ "submitted": app.app }), || {
                "Recorded: the draft is now the listing as submitted.".into()
            })?;
            Ok(true)
        }
        ListingCommand::Diff(app) => {
            let store = open_store(db)?;
            let id = AppId(app.app);
            let new = listing_files::to_listing(&draft(&store, id)?);
            let old = store
                .listing(id, Snapshot::Submitted)?
                .map(|r| listing_files::to_listing(&r))
                .unwrap_or_default();
            let changes = plumbline_listing::diff(&old, &new);
            emit(json, &serde_json::json!({ "changes": changes }), || {
                if changes.is_empty() {
                    return "The draft is the listing as submitted.".into();
                }
                changes
                    .iter()
                    .map(|c| {
                        format!(
                            "{:?} {}: {} -> {}",
                            c.kind,
                            c.field,
                            c.before.as_deref().unwrap_or("(none)"),
                            c.after.as_deref().unwrap_or("(none)")
                        )
                    })
                    .collect::<Vec<_>>()
                    .join("\n")
            })?;
            Ok(true)
        }
    }
}

fn draft(store: &Store, app: AppId) -> Result<plumbline_store::ListingRecord, Failure> {
    store.listing(app, Snapshot::Draft)?.ok_or_else(|| {
        Failure(format!("App {app} has no listing draft yet: write it in the window, or import a folder with plumbline files import."))
    })
}

pub(crate) fn files(store: &mut Store, command: FilesCommand, json: bool) -> Result<(), Failure> {
    match command {
        FilesCommand::Export { app, dir } => {
            let summary = files::export(store, AppId(app.app), &dir)?;
            emit(json, &summary, || {
                format!(
                    "Exported to {}: app.json{}, {} version(s); {} file(s) changed.",
                    summary.dir.display(),
                    if summary.listing { ", the listing" } else { "" },
                    summary.versions.len(),
                    summary.files_changed
                )
            })
        }
        FilesCommand::Import { dir } => {
            let summary = files::import(store, &dir, UnixMillis::now())?;
            emit(json, &summary, || {
                let head = if summary.created {
                    format!("Imported into a new app {}.", summary.app)
                } else {
                    format!("Imported into app {}.", summary.app)
                };
                if summary.changes.is_empty() {
                    format!("{head} Nothing changed.")
                } else {
                    std::iter::once(head)
                        .chain(summary.changes.iter().map(|c| format!("  {c}")))
                        .collect::<Vec<_>>()
                        .join("\n")
                }
            })
        }
    }
}
