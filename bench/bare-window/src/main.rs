//! The smallest Tauri app with Plumbline's build settings: one window, one page, and the same
//! first-paint report as the real app, so the start-up benchmark compares like with like.

use std::io::Write;

#[tauri::command]
fn mark_first_paint() {
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "plumbline:first-paint").and_then(|()| out.flush());
}

fn main() {
    let result = tauri::Builder::default()
        .invoke_handler(tauri::generate_handler![mark_first_paint])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("bare window failed: {e}");
        std::process::exit(1);
    }
}
