//! The tray-host question asked of a real bus: a private dbus-daemon with nobody owning the
//! watcher's name, then with python3-dbusmock owning it as a tray host would.

#![cfg(all(unix, not(target_os = "macos")))]
#![allow(clippy::unwrap_used)]

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| !v.is_empty() && v != "false" && v != "0")
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn a_tray_host_is_found_only_when_one_owns_the_watcher_name() {
    let available = Path::new("/usr/bin/dbus-daemon").exists()
        && Command::new("/usr/bin/python3")
            .args(["-c", "import dbusmock"])
            .status()
            .is_ok_and(|s| s.success());
    if !available {
        assert!(!in_ci(), "dbus-daemon or python3-dbusmock is missing");
        eprintln!("skipping: dbus-daemon or python3-dbusmock is missing");
        return;
    }
    let mut bus = Command::new("dbus-daemon")
        .args(["--session", "--nofork", "--print-address=1"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut address = String::new();
    BufReader::new(bus.stdout.take().unwrap())
        .read_line(&mut address)
        .unwrap();
    let _bus = Killed(bus);
    let address = address.trim().to_owned();

    assert_eq!(plumbline_notify::tray_host_on(Some(&address)), Ok(false));

    let _host = Killed(
        Command::new("/usr/bin/python3")
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .args([
                "-m",
                "dbusmock",
                plumbline_notify::WATCHER,
                "/StatusNotifierWatcher",
                plumbline_notify::WATCHER,
            ])
            .stdout(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        match plumbline_notify::tray_host_on(Some(&address)) {
            Ok(true) => break,
            answer => assert!(
                Instant::now() < deadline,
                "the mock host never appeared: {answer:?}"
            ),
        }
        std::thread::sleep(Duration::from_millis(50));
    }

    assert!(
        plumbline_notify::tray_host_on(Some("unix:path=/nonexistent/bus")).is_err(),
        "no bus is an error the shell logs, not a tray"
    );
}
