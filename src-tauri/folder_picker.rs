//! The desktop's folder chooser for "Scan a folder…". On Linux it is GTK's native chooser
//! (`FileChooserNative`, which goes through the XDG desktop portal where there is one), run on
//! the main thread where GTK lives; the command awaits its answer on a channel, so neither
//! the async runtime nor the window's event loop is blocked. Elsewhere the window offers the
//! typed path only.

use plumbline_contract::IpcError;

/// The folder the partner chose, or `None` when they cancelled.
#[cfg(target_os = "linux")]
pub(crate) async fn pick(app: &tauri::AppHandle) -> Result<Option<String>, IpcError> {
    use gtk::prelude::{FileChooserExt, NativeDialogExt};
    use tauri::Manager;

    let (tx, rx) = tokio::sync::oneshot::channel();
    let parent = app.get_webview_window("main");
    app.run_on_main_thread(move || {
        let window = parent.and_then(|w| w.gtk_window().ok());
        let dialog = gtk::FileChooserNative::new(
            Some("Choose your app's source folder"),
            window.as_ref(),
            gtk::FileChooserAction::SelectFolder,
            Some("Scan"),
            Some("Cancel"),
        );
        let chosen = (dialog.run() == gtk::ResponseType::Accept)
            .then(|| dialog.filename())
            .flatten()
            .map(|p| p.to_string_lossy().into_owned());
        dialog.destroy();
        // The command may have been dropped (the window closed): nothing to tell.
        let _ = tx.send(chosen);
    })
    .map_err(|e| IpcError::new(plumbline_domain::ErrorCode::Internal, e.to_string()))?;
    rx.await.map_err(|_| {
        IpcError::new(
            plumbline_domain::ErrorCode::Internal,
            "The folder chooser closed without an answer. Type the folder's path instead.",
        )
    })
}

#[cfg(not(target_os = "linux"))]
pub(crate) async fn pick(_app: &tauri::AppHandle) -> Result<Option<String>, IpcError> {
    Err(IpcError::new(
        plumbline_domain::ErrorCode::Invalid,
        "This build has no folder chooser: type or paste the folder's path.",
    ))
}
