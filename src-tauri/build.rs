fn main() {
    // tauri.conf.json sits at the top level beside Cargo.toml (see ../shared/e2e.md), which is
    // also the manifest directory, so the default lookup finds it.
    tauri_build::build();
}
