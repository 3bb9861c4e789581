//! The installed .deb, end to end: the desktop app from `/usr/bin`, started by its menu
//! entry's command with a partner's home folder, opens in demo mode and shows the demo
//! Portfolio; the menu entry and the icons carry the names notifications use.
//!
//! Ignored by a plain `cargo test`: it needs the package installed. scripts/test.sh installs
//! the .deb it built, runs this with `--ignored`, then removes the package and checks that the
//! profile written here is still there (scripts/deb.sh, `try_installed_deb`).

mod support;

use std::path::{Path, PathBuf};

use support::Harness;

/// Set by scripts/deb.sh: the installed app and the home folder its data goes to.
fn from_env(name: &str) -> PathBuf {
    std::env::var_os(name)
        .map(PathBuf::from)
        .unwrap_or_else(|| panic!("{name} is not set: scripts/test.sh runs this test"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs the .deb installed: scripts/test.sh installs it and runs this"]
async fn the_installed_app_opens_the_demo_portfolio() {
    let app = from_env("PLUMBLINE_INSTALLED_APP");
    let home = from_env("PLUMBLINE_INSTALLED_HOME");

    // The menu entry starts the installed binary, under the name notifications point at.
    let entry_path = Path::new("/usr/share/applications")
        .join(format!("{}.desktop", plumbline_notify::DESKTOP_ENTRY));
    let entry = std::fs::read_to_string(&entry_path)
        .unwrap_or_else(|e| panic!("{}: {e}", entry_path.display()));
    let exec = entry
        .lines()
        .find_map(|l| l.strip_prefix("Exec="))
        .expect("an Exec line");
    assert_eq!(
        Path::new("/usr/bin").join(exec.split_whitespace().next().expect("a command")),
        app
    );
    assert!(
        entry
            .lines()
            .any(|l| l == format!("Icon={}", plumbline_notify::ICON)),
        "{entry}"
    );
    for size in ["16x16", "32x32", "48x48", "128x128", "256x256", "512x512"] {
        let icon = Path::new("/usr/share/icons/hicolor")
            .join(size)
            .join("apps")
            .join(format!("{}.png", plumbline_notify::ICON));
        assert!(icon.is_file(), "{} is missing", icon.display());
    }

    let Some(harness) =
        Harness::start_installed("the_installed_app_opens_the_demo_portfolio", &app, &home)
    else {
        return;
    };
    let window = harness.launch().await;
    window.wait_for("[data-testid=demo-banner]").await;
    let names = window.texts("[data-testid=app-name]").await;
    for demo in ["Site Diary Sync", "Punch List Pro"] {
        assert!(names.iter().any(|n| n == demo), "{demo} in {names:?}");
    }
    // Start at login, turned on in the installed app, starts the installed binary in the tray.
    window.js("window.location.hash = '#/settings'").await;
    window.click("[data-testid=start-at-login]").await;
    let autostart = home.join(".config/autostart/plumbline.desktop");
    let entry = wait_for_file(&autostart).await;
    assert!(
        entry
            .lines()
            .any(|l| l == format!("Exec=\"{}\" --background", app.display())),
        "{entry}"
    );
    assert!(
        entry
            .lines()
            .any(|l| l == format!("Icon={}", plumbline_notify::ICON)),
        "{entry}"
    );
    // The profile is where a partner's would be, not in a test folder.
    let profile = home.join(".local/share/plumbline/profiles/default.sqlite3");
    assert!(profile.is_file(), "{} is missing", profile.display());
    assert!(
        home.join(".local/state/plumbline/plumbline.log").is_file(),
        "no log in {}",
        home.display()
    );
}

async fn wait_for_file(path: &Path) -> String {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Ok(text) = std::fs::read_to_string(path) {
            return text;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "{} was never written",
            path.display()
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}
