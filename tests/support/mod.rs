//! Drives the real Plumbline window through tauri-driver and WebKitWebDriver.
//!
//! Each test gets its own profile (database file and log folder) and its own driver ports.
//! Sessions are serialized: two WebKit windows at once would only fight over two cores.
//! Under `CI=true` a missing display, driver or binary fails the test; elsewhere the test
//! says why it cannot run and returns, so `cargo test` stays usable on a laptop.

#![allow(dead_code)] // each test binary uses a different part of this module

use std::net::TcpListener;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};

static ONE_WINDOW_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The app binary cargo built for these tests.
pub const APP: &str = env!("CARGO_BIN_EXE_plumbline-desktop");

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

fn find_driver() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("TAURI_DRIVER") {
        return Some(PathBuf::from(path));
    }
    let home_bin = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo/bin"));
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .chain(home_bin)
        .map(|dir| dir.join("tauri-driver"))
        .find(|candidate| candidate.is_file())
}

/// Why the end-to-end environment is unusable here, if it is.
fn missing_prerequisite(app: &Path) -> Option<String> {
    if std::env::var_os("DISPLAY").is_none() {
        return Some("no DISPLAY: run under xvfb-run (scripts/test.sh does)".into());
    }
    if find_driver().is_none() {
        return Some("tauri-driver is not installed (cargo install tauri-driver --locked)".into());
    }
    if !Path::new("/usr/bin/WebKitWebDriver").exists() && which("WebKitWebDriver").is_none() {
        return Some("WebKitWebDriver is missing (apt-get install webkit2gtk-driver)".into());
    }
    if !app.is_file() {
        return Some(format!("the app binary {} is not there", app.display()));
    }
    None
}

fn which(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|d| d.join(name))
        .find(|p| p.is_file())
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// Whether the test keychain (a throw-away gnome-keyring, started by
/// scripts/with-test-services.sh) is there. Under CI its absence fails the test.
pub fn test_keychain_available(test: &str) -> bool {
    if std::env::var_os("PLUMBLINE_TEST_KEYRING").is_some() {
        return true;
    }
    assert!(
        !in_ci(),
        "{test}: no test keychain under CI: run through scripts/with-test-services.sh"
    );
    eprintln!("skipping {test}: no test keychain (run through scripts/with-test-services.sh)");
    false
}

/// Where screenshots and other artifacts of the run go (`artifacts/e2e` by default).
pub fn artifacts_dir() -> PathBuf {
    let dir = std::env::var_os("PLUMBLINE_ARTIFACTS")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("artifacts"))
        .join("e2e");
    std::fs::create_dir_all(&dir).expect("create the artifacts folder");
    dir
}

/// One profile (database and logs) and one tauri-driver, for one test.
pub struct Harness {
    _serial: MutexGuard<'static, ()>,
    driver: Child,
    port: u16,
    app: PathBuf,
    pub profile: tempfile::TempDir,
}

/// Which app a harness drives, and where that app keeps its data.
enum Subject<'a> {
    /// The binary cargo built, with its database and logs in the temporary profile.
    Built,
    /// An installed app (the .deb's), keeping its data where a partner's copy would: the
    /// platform folders under `home`.
    Installed { app: &'a Path, home: &'a Path },
}

impl Harness {
    /// Starts tauri-driver for a fresh profile; `None` (outside CI only) when the end-to-end
    /// environment is missing.
    pub fn start(test: &str) -> Option<Self> {
        Self::start_for(test, Subject::Built)
    }

    /// Starts tauri-driver for the installed `app`, with `home` as the user's home folder
    /// (its data lands in `home/.local/share/plumbline`, its logs in `home/.local/state`).
    pub fn start_installed(test: &str, app: &Path, home: &Path) -> Option<Self> {
        Self::start_for(test, Subject::Installed { app, home })
    }

    fn start_for(test: &str, subject: Subject<'_>) -> Option<Self> {
        let app = match subject {
            Subject::Built => PathBuf::from(APP),
            Subject::Installed { app, .. } => app.to_owned(),
        };
        if let Some(reason) = missing_prerequisite(&app) {
            assert!(
                !in_ci(),
                "end-to-end test {test} cannot run under CI: {reason}"
            );
            eprintln!("skipping end-to-end test {test}: {reason}");
            return None;
        }
        let serial = ONE_WINDOW_AT_A_TIME
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        let profile = tempfile::tempdir().expect("a temporary profile");
        let (port, native_port) = (free_port(), free_port());
        let log = std::fs::File::create(profile.path().join("tauri-driver.log")).expect("log");
        // The app inherits this environment through tauri-driver and WebKitWebDriver.
        let mut command = Command::new(find_driver().expect("checked above"));
        match subject {
            Subject::Built => command
                .env("PLUMBLINE_DB", profile.path().join("profile.sqlite3"))
                .env("PLUMBLINE_LOG_DIR", profile.path()),
            Subject::Installed { home, .. } => command
                .env("HOME", home)
                .env_remove("PLUMBLINE_DB")
                .env_remove("PLUMBLINE_LOG_DIR")
                .env_remove("XDG_DATA_HOME")
                .env_remove("XDG_STATE_HOME")
                .env_remove("XDG_CONFIG_HOME"),
        };
        let driver = command
            // Its own process group, so that Drop can end WebKitWebDriver and the app with it.
            .process_group(0)
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            // Exported charts and series land here, not in the Downloads folder.
            .env("PLUMBLINE_EXPORT_DIR", profile.path().join("exports"))
            // Never a real browser: a stand-in that notes the page it was asked to open.
            .env(
                "PLUMBLINE_BROWSER",
                concat!(env!("CARGO_MANIFEST_DIR"), "/tests/support/browser.sh"),
            )
            .env(
                "PLUMBLINE_TEST_BROWSER_LOG",
                profile.path().join("browser.log"),
            )
            .env_remove("PLUMBLINE_PROFILE")
            // WebKit's own drawing path (src-tauri/rendering.rs would pick the CPU on this
            // GPU-less machine): WebKitWebDriver's screenshot command never answers on some
            // pages when hardware acceleration is off (the demo Portfolio, WebKitGTK 2.50), while
            // the window itself draws them fine. PLUMBLINE_GPU=off in the environment runs the
            // suite on the CPU path anyway.
            .env(
                "PLUMBLINE_GPU",
                std::env::var("PLUMBLINE_GPU").unwrap_or_else(|_| "on".into()),
            )
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .expect("start tauri-driver");
        let harness = Self {
            _serial: serial,
            driver,
            port,
            app,
            profile,
        };
        harness.wait_for_port();
        Some(harness)
    }

    fn wait_for_port(&self) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not listen on {}",
                self.port
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Files the app exported (CSV, PNG), waiting until there are `count`. Only visible names
    /// count: the app writes under a hidden temporary name, so a visible file is complete the
    /// moment it appears (the tests read it straight away, which checks that).
    pub async fn exports(&self, count: usize) -> Vec<PathBuf> {
        let dir = self.profile.path().join("exports");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map(|entries| {
                    entries
                        .filter_map(|e| e.ok().map(|e| e.path()))
                        .filter(|p| {
                            !p.file_name()
                                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
                        })
                        .collect()
                })
                .unwrap_or_default();
            if files.len() >= count {
                files.sort();
                return files;
            }
            assert!(
                Instant::now() < deadline,
                "expected {count} exported files, found {files:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// The page the app asked the browser to open (waits for it).
    pub async fn browser_opened(&self) -> String {
        let log = self.profile.path().join("browser.log");
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if let Some(line) = std::fs::read_to_string(&log)
                .ok()
                .and_then(|text| text.lines().next().map(str::to_owned))
            {
                return line;
            }
            assert!(
                Instant::now() < deadline,
                "the app never asked the browser to open a page"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    pub fn port(&self) -> u16 {
        self.port
    }

    pub fn database(&self) -> PathBuf {
        self.profile.path().join("profile.sqlite3")
    }

    /// Starts the app and opens a WebDriver session on its window.
    pub async fn launch(&self) -> Window {
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("wry"));
        caps.insert("tauri:options".into(), json!({ "application": self.app }));
        let client = ClientBuilder::rustls()
            .expect("rustls")
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a WebDriver session on the Plumbline window");
        let window = Window { client };
        window
            .wait_for("[data-testid=portfolio-table], [data-testid=empty-portfolio]")
            .await;
        window
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        // The whole group: tauri-driver, WebKitWebDriver and any app they left running.
        let _ = Command::new("kill")
            .args(["-TERM", "--", &format!("-{}", self.driver.id())])
            .status();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

/// The app's window, with the few verbs the tests need.
pub struct Window {
    pub client: Client,
}

impl Window {
    pub async fn wait_for(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .wait()
            .at_most(Duration::from_secs(20))
            .for_element(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css} did not appear: {e}"))
    }

    /// Clicks `css`, retrying for a few seconds while the click is refused: WebKitWebDriver
    /// refuses clicks on an element that is still moving (a dialog fading in or out).
    pub async fn click(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self.wait_for(css).await.click().await {
                Ok(()) => return,
                Err(e) if Instant::now() < deadline => {
                    eprintln!("retrying click on {css}: {e:?}");
                    tokio::time::sleep(Duration::from_millis(100)).await;
                }
                Err(e) => panic!("click {css}: {e:?}"),
            }
        }
    }

    pub async fn js(&self, script: &str) -> Value {
        self.client
            .execute(script, vec![])
            .await
            .unwrap_or_else(|e| panic!("{script}: {e}"))
    }

    /// The text content of every element matching `css`, in document order. (WebDriver's
    /// rendered text comes back empty for ellipsized links in WebKitGTK; the content is what
    /// the assertions are about, and screenshots show the rendering.)
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let value = self
            .client
            .execute(
                "return [...document.querySelectorAll(arguments[0])].map(e => e.textContent.trim())",
                vec![json!(css)],
            )
            .await
            .unwrap_or_else(|e| panic!("texts of {css}: {e}"));
        serde_json::from_value(value).expect("a list of strings")
    }

    /// Puts `text` into an input as a paste would: one `input` event, however long the text.
    /// Typing 10,000 keys through WebDriver takes minutes and tests nothing more.
    pub async fn paste(&self, css: &str, text: &str) {
        self.client
            .execute(
                "const e = document.querySelector(arguments[0]); e.focus(); e.value = arguments[1]; \
                 e.dispatchEvent(new Event('input', { bubbles: true }));",
                vec![json!(css), json!(text)],
            )
            .await
            .unwrap_or_else(|e| panic!("paste into {css}: {e}"));
    }

    /// Waits until the text of `css` is `expected`.
    pub async fn wait_for_text(&self, css: &str, expected: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let texts = self.texts(css).await;
            if texts.first().map(String::as_str) == Some(expected) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{css} shows {texts:?}, expected {expected:?}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Waits until `css` matches nothing.
    pub async fn wait_gone(&self, css: &str) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let found = self.client.find_all(Locator::Css(css)).await.expect("find");
            if found.is_empty() {
                return;
            }
            assert!(Instant::now() < deadline, "{css} is still shown");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Fills the add-app dialog and submits it.
    pub async fn add_app(&self, name: &str, role: &str) {
        self.click("[data-testid=add-app]").await;
        let input = self.wait_for("#app-name").await;
        input.send_keys(name).await.expect("type the name");
        let select = self.wait_for("#app-role").await;
        select
            .select_by_value(role)
            .await
            .unwrap_or_else(|e| panic!("choose role {role}: {e}"));
        self.click("[data-testid=save-app]").await;
    }

    /// Adds an app through the dialog, opens its page on `tab`, and returns its id.
    pub async fn add_and_open_app(&self, name: &str, role: &str, tab: &str) -> i64 {
        self.add_app(name, role).await;
        self.wait_gone("[role=dialog]").await;
        let id = self
            .client
            .execute(
                "return Number([...document.querySelectorAll('[data-testid=app-row]')].find(r => r.querySelector('[data-testid=app-name]').textContent === arguments[0]).dataset.appId)",
                vec![json!(name)],
            )
            .await
            .unwrap_or_else(|e| panic!("find {name}: {e}"))
            .as_i64()
            .unwrap_or_else(|| panic!("{name} is not listed"));
        self.js(&format!("window.location.hash = '#/apps/{id}/{tab}'"))
            .await;
        id
    }

    pub async fn screenshot(&self, name: &str) -> PathBuf {
        // What the DOM holds now, painted: right after a launch the first screen can be in
        // the DOM a frame before it is on screen (a fresh-clone run saved a blank window).
        // The second frame's callback runs after the first frame's paint.
        self.client
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 requestAnimationFrame(() => requestAnimationFrame(() => done(null)));",
                vec![],
            )
            .await
            .expect("two animation frames before the screenshot");
        let png = self.client.screenshot().await.expect("screenshot");
        let path = artifacts_dir().join(name);
        std::fs::write(&path, png).expect("write the screenshot");
        path
    }

    /// Quits the app (ending the session ends the process).
    pub async fn quit(self) {
        self.client.close().await.expect("end the session");
    }
}
