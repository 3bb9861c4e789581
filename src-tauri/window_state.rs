//! The main window: opened where the partner left it, and its size and position remembered
//! in the profile's database.

use std::sync::{Mutex, PoisonError};

use plumbline_store::WindowGeometry;
use tauri::{
    AppHandle, Manager, WebviewUrl, WebviewWindow, WebviewWindowBuilder, Window, WindowEvent,
};

use crate::rendering::Rendering;
use crate::state::Shell;

const DEFAULT_SIZE: (f64, f64) = (1180.0, 760.0);
const MIN_SIZE: (f64, f64) = (880.0, 560.0);

/// Creates the main window at its saved geometry, running `boot_script` before the page's
/// own scripts. A saved position is used only if it still lands on a monitor (one may have
/// been unplugged); otherwise the window keeps its size and opens centred.
pub(crate) fn open_main_window(
    app: &AppHandle,
    shell: &Shell,
    boot_script: &str,
) -> tauri::Result<WebviewWindow> {
    // From a read connection: a sync or an import holding the writer does not delay the window.
    let saved = shell
        .readers()
        .ok()
        .and_then(|readers| readers.read().window_geometry().ok().flatten());
    let monitors = app.available_monitors().unwrap_or_default();
    let mut builder = WebviewWindowBuilder::new(app, MAIN, WebviewUrl::App("index.html".into()))
        .title("Plumbline")
        .min_inner_size(MIN_SIZE.0, MIN_SIZE.1)
        .initialization_script(boot_script);
    builder = match saved {
        Some(g) => {
            let home = monitors.iter().find(|m| {
                let (p, s) = (m.position(), m.size());
                g.x >= p.x
                    && g.y >= p.y
                    && g.x < p.x + s.width as i32
                    && g.y < p.y + s.height as i32
            });
            // Saved values are physical pixels; the builder takes logical ones.
            let scale = home.or(monitors.first()).map_or(1.0, |m| m.scale_factor());
            let sized = builder.inner_size(f64::from(g.width) / scale, f64::from(g.height) / scale);
            let placed = match home {
                Some(_) => sized.position(f64::from(g.x) / scale, f64::from(g.y) / scale),
                None => sized.center(),
            };
            placed.maximized(g.maximized)
        }
        None => builder.inner_size(DEFAULT_SIZE.0, DEFAULT_SIZE.1).center(),
    };
    let window = builder.build()?;
    let rendering = Rendering::for_this_machine();
    log::info!("drawing the window on the {rendering:?}");
    rendering.apply(&window)?;
    Ok(window)
}

/// The label of the one main window.
pub(crate) const MAIN: &str = "main";

/// Brings the main window forward, building it again if it was closed to the tray (closing
/// releases its webview; a new one is ready well within a second). A window built anew opens
/// at `route` (a hash route such as `/alerts/3`); an open one is sent there by its caller.
pub(crate) fn show_main_window(app: &AppHandle, route: Option<String>) {
    let handle = app.clone();
    let shown = app.run_on_main_thread(move || {
        if let Some(window) = handle.get_webview_window(MAIN) {
            let _ = window.unminimize();
            let _ = window.show();
            let _ = window.set_focus();
            return;
        }
        let shell = handle.state::<Shell>();
        let mut boot = shell.boot_script();
        if let Some(route) = route.and_then(|r| serde_json::to_string(&format!("#{r}")).ok()) {
            // Before the page's scripts read the route; no reload.
            boot.push_str(&format!("history.replaceState(null, '', {route});"));
        }
        match open_main_window(&handle, shell.inner(), &boot) {
            Ok(window) => {
                log::info!("reopened the window");
                let _ = window.set_focus();
            }
            Err(e) => log::error!("could not open the window again: {e}"),
        }
    });
    if let Err(e) = shown {
        log::warn!("could not reach the main thread to show the window: {e}");
    }
}

/// The window's latest geometry as the main thread read it, waiting for a save. A drag sends
/// many events: each replaces what waits here, and one save takes the newest.
static LATEST: Mutex<Option<WindowGeometry>> = Mutex::new(None);

/// Saves the geometry when the window is moved, resized or closed. The window is read here,
/// on the main thread; the save (one small upsert, skipped when nothing changed) runs on a
/// blocking thread, so a sync or an import holding the store never makes the window wait.
pub(crate) fn on_event(window: &Window, event: &WindowEvent) {
    if !matches!(
        event,
        WindowEvent::Moved(_) | WindowEvent::Resized(_) | WindowEvent::CloseRequested { .. }
    ) {
        return;
    }
    if window.is_minimized().unwrap_or(false) {
        return;
    }
    let maximized = window.is_maximized().unwrap_or(false);
    let (Ok(pos), Ok(size)) = (window.outer_position(), window.inner_size()) else {
        return;
    };
    let seen = WindowGeometry {
        x: pos.x,
        y: pos.y,
        width: size.width,
        height: size.height,
        maximized,
    };
    let waiting = LATEST
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .replace(seen)
        .is_some();
    if waiting {
        // A save is already on its way and will take this one.
        return;
    }
    let shell = window.state::<Shell>();
    let Ok(store) = shell.store() else { return };
    tauri::async_runtime::spawn_blocking(move || {
        save_latest(&store.lock().unwrap_or_else(PoisonError::into_inner));
    });
}

/// Saves the geometry waiting in [`LATEST`], if any. Called with the writer's lock held, so
/// saves happen in the order the window moved (and before the process makes way for its
/// background image, which holds that lock across the `exec`).
pub(crate) fn save_latest(store: &plumbline_store::Store) {
    let Some(seen) = LATEST.lock().unwrap_or_else(PoisonError::into_inner).take() else {
        return;
    };
    let previous = store.window_geometry().ok().flatten();
    let geometry = match (seen.maximized, previous) {
        // While maximized, keep the restored size and position so un-maximizing after a
        // restart returns to them.
        (true, Some(p)) => WindowGeometry {
            maximized: true,
            ..p
        },
        _ => seen,
    };
    if previous != Some(geometry)
        && let Err(e) = store.set_window_geometry(geometry)
    {
        log::warn!("could not save the window position: {e}");
    }
}
