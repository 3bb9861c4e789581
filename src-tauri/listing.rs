//! The listing in the window, and the files export and import: thin commands over
//! `plumbline-listing`, the store and `plumbline_engine::files`, shared with the CLI.

use std::path::PathBuf;

use plumbline_contract::{
    AppArgs, FilesDirArgs, FilesOutcome, IpcError, ListingDraft, ListingDraftArgs, ListingView,
    MediaView, MoveScreenshotArgs, RemoveMediaArgs,
};
use plumbline_domain::{AppId, ErrorCode, UnixMillis};
use plumbline_engine::files::{self, FilesError};
use plumbline_engine::listing_files::{to_listing, to_record};
use plumbline_listing::{Listing, MediaFile, image_data_url, precheck, sniff};
use plumbline_store::{Snapshot, Store, StoreError};
use tauri::State;

use crate::metrics::{export_dir, raw_file, write_new};
use crate::state::{IntoIpc, Shell, blocking, with_reader, with_store};

impl IntoIpc for FilesError {
    fn into_ipc(self) -> IpcError {
        IpcError::new(self.code(), self.to_string())
    }
}

fn stored_listing(store: &Store, app: AppId) -> Result<(bool, Listing), StoreError> {
    Ok(match store.listing(app, Snapshot::Draft)? {
        Some(record) => (true, to_listing(&record)),
        None => (false, Listing::default()),
    })
}

fn with_draft(mut listing: Listing, draft: ListingDraft) -> Listing {
    listing.name = draft.name;
    listing.tagline = draft.tagline;
    listing.summary = draft.summary;
    listing.how_it_works = draft.how_it_works;
    listing.features = draft.features;
    // The window does not edit keys of listing.json Plumbline does not know: keep them.
    let extra = std::mem::take(&mut listing.details.extra);
    listing.details = draft.details;
    if listing.details.extra.is_empty() {
        listing.details.extra = extra;
    }
    listing
}

fn media_view(role: &str, index: usize, file: &MediaFile, images: bool) -> MediaView {
    let info = sniff(&file.bytes).ok();
    MediaView {
        role: role.into(),
        index: u32::try_from(index).unwrap_or(u32::MAX),
        file_name: file.file_name.clone(),
        format: info.map(|i| i.format),
        width: info.and_then(|i| i.width),
        height: info.and_then(|i| i.height),
        size_bytes: file.bytes.len() as u64,
        data_url: images.then(|| image_data_url(file)).flatten(),
    }
}

/// The tab's data; `images` adds the images' data URLs (the precheck while typing leaves
/// them out: the media did not change, and a few megabytes of screenshots need not cross
/// IPC on every keystroke).
fn view_with(
    store: &Store,
    app: AppId,
    saved: bool,
    listing: &Listing,
    images: bool,
) -> Result<ListingView, StoreError> {
    let can_edit = store.get_app(app)?.role.can_edit_versions_and_listing();
    let submitted = store
        .listing(app, Snapshot::Submitted)?
        .map(|r| to_listing(&r));
    let mut media: Vec<MediaView> = listing
        .logo
        .iter()
        .map(|f| media_view("logo", 0, f, images))
        .collect();
    media.extend(
        listing
            .screenshots
            .iter()
            .enumerate()
            .map(|(i, f)| media_view("screenshot", i, f, images)),
    );
    media.extend(
        listing
            .video
            .iter()
            .map(|f| media_view("video", 0, f, images)),
    );
    Ok(ListingView {
        can_edit,
        saved,
        draft: ListingDraft {
            name: listing.name.clone(),
            tagline: listing.tagline.clone(),
            summary: listing.summary.clone(),
            how_it_works: listing.how_it_works.clone(),
            features: listing.features.clone(),
            details: listing.details.clone(),
        },
        media,
        report: precheck(listing),
        changes: submitted
            .as_ref()
            .map(|old| plumbline_listing::diff(old, listing))
            .unwrap_or_default(),
        submitted: submitted.is_some(),
    })
}

/// The tab's data, images included.
fn view(
    store: &Store,
    app: AppId,
    saved: bool,
    listing: &Listing,
) -> Result<ListingView, StoreError> {
    view_with(store, app, saved, listing, true)
}

fn current_view(store: &Store, app: AppId) -> Result<ListingView, StoreError> {
    let (saved, listing) = stored_listing(store, app)?;
    view(store, app, saved, &listing)
}

#[tauri::command]
pub(crate) async fn listing_view(
    shell: State<'_, Shell>,
    args: AppArgs,
) -> Result<ListingView, IpcError> {
    with_reader(&shell, move |store| current_view(store, args.id)).await
}

/// The precheck of what is being typed (nothing saved).
#[tauri::command]
pub(crate) async fn precheck_listing(
    shell: State<'_, Shell>,
    args: ListingDraftArgs,
) -> Result<ListingView, IpcError> {
    with_reader(&shell, move |store| {
        let (saved, listing) = stored_listing(store, args.id)?;
        view_with(
            store,
            args.id,
            saved,
            &with_draft(listing, args.draft),
            false,
        )
    })
    .await
}

#[tauri::command]
pub(crate) async fn save_listing(
    shell: State<'_, Shell>,
    args: ListingDraftArgs,
) -> Result<ListingView, IpcError> {
    with_store(&shell, move |store| {
        let (_, listing) = stored_listing(store, args.id)?;
        let listing = with_draft(listing, args.draft);
        store.save_listing_draft(
            args.id,
            &to_record(&listing, UnixMillis::now()),
            UnixMillis::now(),
        )?;
        view(store, args.id, true, &listing)
    })
    .await
}

/// Adds a logo (replacing the old one), a screenshot (after the others) or a video.
#[tauri::command]
pub(crate) async fn add_listing_media(
    shell: State<'_, Shell>,
    request: tauri::ipc::Request<'_>,
) -> Result<ListingView, IpcError> {
    let (bytes, file_name) = raw_file(&request, "media")?;
    let header = |name: &str| {
        request
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let app = header("x-app-id")
        .and_then(|v| v.parse().ok())
        .map(AppId)
        .ok_or_else(|| {
            IpcError::new(
                ErrorCode::Invalid,
                "Which app's listing? (x-app-id missing)",
            )
        })?;
    let role = header("x-media-role").unwrap_or_default();
    with_store(&shell, move |store| {
        let (_, mut listing) = stored_listing(store, app)?;
        let file = MediaFile { file_name, bytes };
        match role.as_str() {
            "logo" => listing.logo = Some(file),
            "screenshot" => listing.screenshots.push(file),
            "video" => listing.video = Some(file),
            other => {
                return Err(StoreError::Invalid(plumbline_domain::Invalid(format!(
                    "unknown media role {other:?}"
                ))));
            }
        }
        store.save_listing_draft(
            app,
            &to_record(&listing, UnixMillis::now()),
            UnixMillis::now(),
        )?;
        view(store, app, true, &listing)
    })
    .await
}

#[tauri::command]
pub(crate) async fn remove_listing_media(
    shell: State<'_, Shell>,
    args: RemoveMediaArgs,
) -> Result<ListingView, IpcError> {
    let index = args.index as usize;
    edit_media(&shell, args.id, move |listing| match args.role.as_str() {
        "logo" => listing.logo.take().is_some(),
        "video" => listing.video.take().is_some(),
        "screenshot" if index < listing.screenshots.len() => {
            listing.screenshots.remove(index);
            true
        }
        _ => false,
    })
    .await
}

#[tauri::command]
pub(crate) async fn move_screenshot(
    shell: State<'_, Shell>,
    args: MoveScreenshotArgs,
) -> Result<ListingView, IpcError> {
    let (from, to) = (args.from as usize, args.to as usize);
    edit_media(&shell, args.id, move |listing| {
        let count = listing.screenshots.len();
        if from >= count || to >= count || from == to {
            return false;
        }
        let shot = listing.screenshots.remove(from);
        listing.screenshots.insert(to, shot);
        true
    })
    .await
}

/// Changes the saved draft's media with `change` (which says whether it changed anything),
/// saves the draft whole, and answers with the tab's data.
async fn edit_media(
    shell: &Shell,
    app: AppId,
    change: impl FnOnce(&mut Listing) -> bool + Send + 'static,
) -> Result<ListingView, IpcError> {
    with_store(shell, move |store| {
        let (saved, mut listing) = stored_listing(store, app)?;
        if !saved || !change(&mut listing) {
            return current_view(store, app);
        }
        let now = UnixMillis::now();
        store.save_listing_draft(app, &to_record(&listing, now), now)?;
        view(store, app, true, &listing)
    })
    .await
}

#[tauri::command]
pub(crate) async fn submit_listing(
    shell: State<'_, Shell>,
    args: AppArgs,
) -> Result<ListingView, IpcError> {
    with_store(&shell, move |store| {
        store.submit_listing(args.id, UnixMillis::now())?;
        current_view(store, args.id)
    })
    .await
}

/// Saves the preview as one HTML file in the exports folder; returns where.
#[tauri::command]
pub(crate) async fn save_listing_preview(
    shell: State<'_, Shell>,
    args: AppArgs,
) -> Result<String, IpcError> {
    let (name, html) = with_reader(&shell, move |store| {
        let app = store.get_app(args.id)?;
        let (_, listing) = stored_listing(store, args.id)?;
        Ok::<_, StoreError>((app.display_name, plumbline_listing::preview_html(&listing)))
    })
    .await?;
    let dir = export_dir();
    let file = format!("{name} listing preview.html");
    blocking(move || write_new(&dir, &file, html.as_bytes()).map(|p| p.display().to_string())).await
}

#[tauri::command]
pub(crate) async fn export_files(
    shell: State<'_, Shell>,
    args: FilesDirArgs,
) -> Result<FilesOutcome, IpcError> {
    let id = args
        .id
        .ok_or_else(|| IpcError::new(ErrorCode::Invalid, "Which app to export?"))?;
    with_reader(&shell, move |store| {
        let summary = files::export(store, id, &PathBuf::from(&args.dir))?;
        let mut lines = vec![format!(
            "app.json{}",
            if summary.listing {
                " and the listing"
            } else {
                ""
            }
        )];
        lines.extend(summary.versions.iter().map(|v| format!("version {v}")));
        lines.push(format!("{} file(s) changed", summary.files_changed));
        Ok::<_, FilesError>(FilesOutcome {
            app_id: id,
            dir: args.dir,
            lines,
        })
    })
    .await
}

#[tauri::command]
pub(crate) async fn import_files(
    shell: State<'_, Shell>,
    args: FilesDirArgs,
) -> Result<FilesOutcome, IpcError> {
    with_store(&shell, move |store| {
        let summary = files::import(store, &PathBuf::from(&args.dir), UnixMillis::now())?;
        Ok::<_, FilesError>(FilesOutcome {
            app_id: summary.app,
            dir: args.dir,
            lines: summary.changes,
        })
    })
    .await
}
