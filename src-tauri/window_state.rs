//! Remembers the main window's size and position in the profile's database.

use plumbline_store::WindowGeometry;
use tauri::{Manager, PhysicalPosition, PhysicalSize, WebviewWindow, Window, WindowEvent};

use crate::state::Shell;

/// Puts the window back where the partner left it, if that place is still on a screen.
pub(crate) fn restore(window: &WebviewWindow, shell: &Shell) {
    let Ok(store) = shell.store() else { return };
    let saved = store
        .lock()
        .ok()
        .and_then(|s| s.window_geometry().ok().flatten());
    let Some(g) = saved else { return };
    // A monitor may have been unplugged since: only restore a position whose top-left corner
    // lands on a monitor that exists now; otherwise keep the size and let it centre.
    let on_screen = window
        .available_monitors()
        .unwrap_or_default()
        .iter()
        .any(|m| {
            let (p, s) = (m.position(), m.size());
            g.x >= p.x && g.y >= p.y && g.x < p.x + s.width as i32 && g.y < p.y + s.height as i32
        });
    let _ = window.set_size(PhysicalSize::new(g.width, g.height));
    if on_screen {
        let _ = window.set_position(PhysicalPosition::new(g.x, g.y));
    }
    if g.maximized {
        let _ = window.maximize();
    }
}

/// Saves the geometry when the window is moved, resized or closed. Each save is one small
/// upsert, so no debouncing is needed beyond skipping unchanged values.
pub(crate) fn on_event(window: &Window, event: &WindowEvent) {
    if !matches!(
        event,
        WindowEvent::Moved(_) | WindowEvent::Resized(_) | WindowEvent::CloseRequested { .. }
    ) {
        return;
    }
    let shell = window.state::<Shell>();
    let Ok(store) = shell.store() else { return };
    let Ok(store) = store.lock() else { return };
    let maximized = window.is_maximized().unwrap_or(false);
    let minimized = window.is_minimized().unwrap_or(false);
    if minimized {
        return;
    }
    let previous = store.window_geometry().ok().flatten();
    let geometry = match (maximized, previous) {
        // While maximized, keep the restored size and position so un-maximizing after a
        // restart returns to them.
        (true, Some(p)) => WindowGeometry {
            maximized: true,
            ..p
        },
        _ => {
            let (Ok(pos), Ok(size)) = (window.outer_position(), window.inner_size()) else {
                return;
            };
            WindowGeometry {
                x: pos.x,
                y: pos.y,
                width: size.width,
                height: size.height,
                maximized,
            }
        }
    };
    if previous != Some(geometry)
        && let Err(e) = store.set_window_geometry(geometry)
    {
        log::warn!("could not save the window position: {e}");
    }
}
