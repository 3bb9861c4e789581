//! The metrics views: trends read from the store (no network), imports of the portal's CSV
//! files with a preview and progress, chart marks, and saving exported charts and series.

use std::io::Write;
use std::path::{Path, PathBuf};

use plumbline_contract::{
    AddAnnotationArgs, AppSparkline, IMPORT_PROGRESS_EVENT, ImportFileArgs, ImportPreview,
    ImportProgress, IpcError, MetricsView, PortfolioTrendArgs, PortfolioTrends,
    RemoveAnnotationArgs, TrendArgs,
};
use plumbline_domain::{Annotation, ErrorCode, ImportKind, UnixMillis};
use plumbline_ingest::{ImportError, ImportOutcome};
use plumbline_store::Scope;
use plumbline_trends::{TrendError, TrendQuery, TrendScope};
use tauri::{AppHandle, Emitter, Manager, State};

use crate::state::{IntoIpc, Shell, blocking, with_reader, with_store};

impl IntoIpc for TrendError {
    fn into_ipc(self) -> IpcError {
        match self {
            TrendError::Store(e) => e.into_ipc(),
            TrendError::Range(message) => IpcError::new(ErrorCode::Invalid, message),
        }
    }
}

impl IntoIpc for ImportError {
    fn into_ipc(self) -> IpcError {
        IpcError::new(self.code(), self.to_string())
    }
}

fn scope(query: &TrendQuery) -> Scope {
    match query.scope {
        TrendScope::App { id } => Scope::App(id),
        TrendScope::Portfolio => Scope::Portfolio,
    }
}

#[tauri::command]
pub(crate) async fn metrics_trend(
    shell: State<'_, Shell>,
    args: TrendArgs,
) -> Result<MetricsView, IpcError> {
    let query = args.query;
    with_reader(&shell, move |store| {
        if let TrendScope::App { id } = query.scope {
            store.get_app(id)?;
        }
        let trend = plumbline_trends::trend(store, query)?;
        let annotations = store.annotations(scope(&query), query.from, query.to)?;
        Ok::<_, TrendError>(MetricsView { trend, annotations })
    })
    .await
}

#[tauri::command]
pub(crate) async fn portfolio_trends(
    shell: State<'_, Shell>,
    args: PortfolioTrendArgs,
) -> Result<PortfolioTrends, IpcError> {
    with_reader(&shell, move |store| {
        let query = |scope| TrendQuery {
            scope,
            from: args.from,
            to: args.to,
            by: args.by,
        };
        let total = plumbline_trends::trend(store, query(TrendScope::Portfolio))?;
        let mut apps = Vec::new();
        for app in store.list_apps()? {
            let t = plumbline_trends::trend(store, query(TrendScope::App { id: app.id }))?;
            apps.push(AppSparkline {
                app_id: app.id,
                net: t.points.iter().map(|p| p.net).collect(),
                installs: t.totals.installs,
                uninstalls: t.totals.uninstalls,
                active: t.totals.active_at_end,
            });
        }
        Ok::<_, TrendError>(PortfolioTrends { total, apps })
    })
    .await
}

/// Reports a file's progress to the window, a few times a second at most.
fn progress_reporter(app: AppHandle, path: String) -> impl FnMut(plumbline_ingest::Progress) {
    let mut last = std::time::Instant::now() - std::time::Duration::from_secs(1);
    move |progress| {
        let done = progress.bytes >= progress.total_bytes;
        if !done && last.elapsed() < std::time::Duration::from_millis(100) {
            return;
        }
        last = std::time::Instant::now();
        let event = ImportProgress {
            path: path.clone(),
            progress,
        };
        if let Err(e) = app.emit(IMPORT_PROGRESS_EVENT, event) {
            log::warn!("could not report import progress: {e}");
        }
    }
}

fn kind_of(path: &Path, kind: Option<ImportKind>) -> Result<ImportKind, IpcError> {
    match kind {
        Some(kind) => Ok(kind),
        None => plumbline_ingest::detect_kind(path).map_err(IntoIpc::into_ipc),
    }
}

/// Reads the whole file without the store's lock and says what an import would write.
#[tauri::command]
pub(crate) async fn preview_import(
    app: AppHandle,
    shell: State<'_, Shell>,
    args: ImportFileArgs,
) -> Result<ImportPreview, IpcError> {
    let app_id = args.app_id;
    with_store(&shell, move |store| store.get_app(app_id)).await?;
    let path = args.path.clone();
    let preview = blocking(move || {
        let file = PathBuf::from(&path);
        let kind = kind_of(&file, args.kind)?;
        let mut progress = progress_reporter(app, path);
        plumbline_ingest::preview_file(&file, kind, &mut progress).map_err(IntoIpc::into_ipc)
    })
    .await?;
    let sha256 = preview.sha256.clone();
    let already_imported =
        with_store(&shell, move |store| store.import_of(app_id, &sha256)).await?;
    Ok(ImportPreview {
        path: args.path,
        preview,
        already_imported,
    })
}

/// Imports the file in one transaction (the store is locked while it runs: a million rows
/// take a couple of seconds).
#[tauri::command]
pub(crate) async fn import_csv(
    app: AppHandle,
    shell: State<'_, Shell>,
    args: ImportFileArgs,
) -> Result<ImportOutcome, IpcError> {
    let file = PathBuf::from(&args.path);
    let kind = {
        let file = file.clone();
        blocking(move || kind_of(&file, args.kind)).await?
    };
    let app_id = args.app_id;
    let path = args.path.clone();
    let background = app.clone();
    let outcome = with_store(&shell, move |store| {
        let mut progress = progress_reporter(app, path);
        plumbline_ingest::import_file(store, app_id, &file, kind, UnixMillis::now(), &mut progress)
    })
    .await?;
    log::info!(
        "imported {} ({} rows) for app {app_id}",
        outcome.preview.file_name,
        outcome.preview.rows
    );
    remove_if_staged(&shell, &args.path);
    // New days may hold a surge: the alerts pass reads them.
    background
        .state::<crate::background::Background>()
        .evaluate_soon();
    Ok(outcome)
}

#[tauri::command]
pub(crate) async fn add_annotation(
    shell: State<'_, Shell>,
    args: AddAnnotationArgs,
) -> Result<Annotation, IpcError> {
    with_store(&shell, move |store| {
        store.add_annotation(
            args.app_id,
            args.day,
            args.kind,
            &args.text,
            UnixMillis::now(),
        )
    })
    .await
}

#[tauri::command]
pub(crate) async fn remove_annotation(
    shell: State<'_, Shell>,
    args: RemoveAnnotationArgs,
) -> Result<(), IpcError> {
    with_store(&shell, move |store| {
        store.remove_annotation(args.id).map(drop)
    })
    .await
}

/// A file name from the window, made safe: the last path part only, letters, digits and a
/// few marks, at most 100 characters.
fn safe_file_name(raw: &str, fallback: &str) -> String {
    let decoded = percent_decode(raw);
    let base = decoded.rsplit(['/', '\\']).next().unwrap_or_default();
    let clean: String = base
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || " ._()-".contains(c) {
                c
            } else {
                '_'
            }
        })
        .take(100)
        .collect();
    let clean = clean.trim().trim_start_matches('.').to_owned();
    if clean.is_empty() {
        fallback.to_owned()
    } else {
        clean
    }
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(byte) = text
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
        {
            out.push(byte);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// `dir/name`, or `dir/stem (2).ext` and so on when taken.
fn unique_path(dir: &Path, name: &str) -> PathBuf {
    let candidate = dir.join(name);
    if !candidate.exists() {
        return candidate;
    }
    let (stem, ext) = match name.rsplit_once('.') {
        Some((stem, ext)) => (stem, format!(".{ext}")),
        None => (name, String::new()),
    };
    (2..)
        .map(|n| dir.join(format!("{stem} ({n}){ext}")))
        .find(|p| !p.exists())
        .unwrap_or(candidate)
}

/// The body and file name of a raw-body command.
pub(crate) fn raw_file(
    request: &tauri::ipc::Request<'_>,
    fallback: &str,
) -> Result<(Vec<u8>, String), IpcError> {
    let tauri::ipc::InvokeBody::Raw(bytes) = request.body() else {
        return Err(IpcError::new(
            ErrorCode::Invalid,
            "Expected the file's bytes.",
        ));
    };
    let name = request
        .headers()
        .get("x-file-name")
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default();
    Ok((bytes.clone(), safe_file_name(name, fallback)))
}

pub(crate) fn write_new(dir: &Path, name: &str, bytes: &[u8]) -> Result<PathBuf, IpcError> {
    let io = |e: std::io::Error| {
        IpcError::new(
            ErrorCode::Internal,
            format!(
                "Could not write to {}: {e}. Check that the folder exists and is writable.",
                dir.display()
            ),
        )
    };
    std::fs::create_dir_all(dir).map_err(io)?;
    // Written under a hidden temporary name, then moved into place without replacing anything
    // (rename with RENAME_NOREPLACE, or a hard link where that is missing): a file under the
    // visible name is always complete (a partner opening Downloads, or a script watching it,
    // never sees half a PNG) and an existing file is never overwritten. On any failure the
    // temporary file is removed with `part`.
    let mut part = tempfile::Builder::new()
        .prefix(".plumbline-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(io)?;
    part.write_all(bytes).map_err(io)?;
    part.as_file().sync_all().map_err(io)?;
    loop {
        let path = unique_path(dir, name);
        match part.persist_noclobber(&path) {
            Ok(_) => return Ok(path),
            // Another writer took the name between the check and the move: pick the next.
            Err(e) if e.error.kind() == std::io::ErrorKind::AlreadyExists => part = e.file,
            Err(e) => return Err(io(e.error)),
        }
    }
}

/// Where files picked in the window wait to be previewed and imported: beside the profile.
fn staging_dir(shell: &Shell) -> PathBuf {
    shell
        .database_path
        .parent()
        .map_or_else(std::env::temp_dir, Path::to_path_buf)
        .join("staged-imports")
}

fn remove_if_staged(shell: &Shell, path: &str) {
    let path = Path::new(path);
    if path.parent() == Some(staging_dir(shell).as_path()) {
        let _ = std::fs::remove_file(path);
    }
}

/// Removes files staged by an earlier run that never got imported.
pub(crate) fn clear_staged_imports(shell: &Shell) {
    let _ = std::fs::remove_dir_all(staging_dir(shell));
}

/// A file picked in the window (its bytes, since the page cannot see paths), kept until it is
/// imported. Returns its path for `preview_import` and `import_csv`.
#[tauri::command]
pub(crate) async fn stage_import_file(
    shell: State<'_, Shell>,
    request: tauri::ipc::Request<'_>,
) -> Result<String, IpcError> {
    let (bytes, name) = raw_file(&request, "import.csv")?;
    let dir = staging_dir(&shell);
    blocking(move || write_new(&dir, &name, &bytes).map(|p| p.display().to_string())).await
}

/// Saves an exported series (CSV) or chart (PNG) in the Downloads folder, or in
/// `PLUMBLINE_EXPORT_DIR` when set. Returns where it went.
#[tauri::command]
pub(crate) async fn save_export(request: tauri::ipc::Request<'_>) -> Result<String, IpcError> {
    let (bytes, name) = raw_file(&request, "plumbline-export")?;
    let dir = export_dir();
    blocking(move || write_new(&dir, &name, &bytes).map(|p| p.display().to_string())).await
}

/// Where exports go: `PLUMBLINE_EXPORT_DIR`, else Downloads, else home.
pub(crate) fn export_dir() -> PathBuf {
    std::env::var_os("PLUMBLINE_EXPORT_DIR")
        .map(PathBuf::from)
        .or_else(|| {
            directories::UserDirs::new().and_then(|u| u.download_dir().map(Path::to_path_buf))
        })
        .or_else(|| directories::UserDirs::new().map(|u| u.home_dir().to_path_buf()))
        .unwrap_or_else(std::env::temp_dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exports_never_overwrite_and_leave_no_temporary_file() {
        let dir = tempfile::tempdir().expect("temp dir");
        let first = write_new(dir.path(), "chart.png", b"first").expect("first");
        let second = write_new(dir.path(), "chart.png", b"second").expect("second");
        assert_eq!(first, dir.path().join("chart.png"));
        assert_eq!(second, dir.path().join("chart (2).png"));
        assert_eq!(std::fs::read(&first).expect("read"), b"first");
        assert_eq!(std::fs::read(&second).expect("read"), b"second");
        let mut names: Vec<String> = std::fs::read_dir(dir.path())
            .expect("list")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        assert_eq!(names, ["chart (2).png", "chart.png"]);
    }

    #[test]
    fn file_names_from_the_window_are_made_safe() {
        assert_eq!(
            safe_file_name("metrics%20export.csv", "x"),
            "metrics export.csv"
        );
        assert_eq!(safe_file_name("..%2F..%2Fetc%2Fpasswd", "x"), "passwd");
        assert_eq!(safe_file_name("a<b>:c.csv", "x"), "a_b__c.csv");
        assert_eq!(safe_file_name("", "fallback.csv"), "fallback.csv");
        assert_eq!(safe_file_name("...", "fallback.csv"), "fallback.csv");
    }
}
