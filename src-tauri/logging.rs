//! The log file: `<state dir>/plumbline.log` (`~/.local/state/plumbline` on Linux), or
//! `PLUMBLINE_LOG_DIR`. Only events and errors; never secrets, never request bodies.

use std::fs::OpenOptions;
use std::path::PathBuf;

/// Sets up the log file and returns its folder. Logging is a convenience: if the folder
/// cannot be written, the app runs without it and says so on stderr.
pub(crate) fn init() -> PathBuf {
    let dir = std::env::var_os("PLUMBLINE_LOG_DIR")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| {
            directories::ProjectDirs::from("com", "Plumbline", "plumbline").map(|d| {
                d.state_dir()
                    .unwrap_or_else(|| d.data_local_dir())
                    .to_owned()
            })
        })
        .unwrap_or_else(std::env::temp_dir);
    let opened = std::fs::create_dir_all(&dir).and_then(|()| {
        OpenOptions::new()
            .create(true)
            .append(true)
            .open(dir.join("plumbline.log"))
    });
    match opened {
        Ok(file) => {
            let config = simplelog::ConfigBuilder::new()
                .add_filter_allow_str("plumbline")
                .build();
            if simplelog::WriteLogger::init(log::LevelFilter::Info, config, file).is_err() {
                eprintln!("Plumbline: a logger was already installed; not logging to a file");
            }
        }
        Err(e) => eprintln!("Plumbline: cannot write logs to {}: {e}", dir.display()),
    }
    dir
}
