//! The smallest Tauri app with Plumbline's build settings: one window, one page, and the same
//! first-paint report as the real app, so the start-up benchmark compares like with like. The
//! window is built the way the shell builds Plumbline's: in `setup`, at the same size, drawn
//! by the same renderer choice (the shell's own `rendering.rs`, compiled in).

use std::io::Write;

use serde::Deserialize;
use tauri::{WebviewUrl, WebviewWindowBuilder};

#[path = "../../../src-tauri/rendering.rs"]
mod rendering;

/// The shape of Plumbline's `FirstPaintArgs`.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct FirstPaintArgs {
    page_ms: f64,
}

#[tauri::command]
fn mark_first_paint(args: FirstPaintArgs) {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "plumbline:first-paint {:.1}", args.page_ms).and_then(|()| out.flush());
}

fn main() {
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![mark_first_paint])
        .setup(|app| {
            let window =
                WebviewWindowBuilder::new(app, "main", WebviewUrl::App("index.html".into()))
                    .title("Bare")
                    .inner_size(1180.0, 760.0)
                    .center()
                    .build()?;
            rendering::Rendering::for_this_machine().apply(&window)?;
            Ok(())
        })
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("bare window failed: {e}");
        std::process::exit(1);
    }
}
