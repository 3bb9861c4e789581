//! One Plumbline per profile: a second launch hands over to the first (which shows its
//! window) and exits.
//!
//! The first instance holds an exclusive lock on `plumbline.lock` beside the database (the
//! system drops it when the process ends, however it ends) and listens on a Unix socket
//! beside it. A launch that cannot take the lock connects to that socket, asks the first to
//! show itself, and exits. Keyed by profile rather than by a name on the session bus, so two
//! profiles (and parallel tests, each on its own) run side by side, and it works without a
//! bus.

use std::fs::{File, TryLockError};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// What a second launch asks for.
const SHOW: &str = "show";
/// How long a second launch waits for the first to listen (it may be starting up too).
const HANDOVER_WAIT: Duration = Duration::from_secs(5);

/// This process owns the profile; the lock lasts as long as the value.
pub(crate) struct Primary {
    lock: File,
    #[cfg(unix)]
    listener: std::os::unix::net::UnixListener,
    #[cfg(unix)]
    socket: PathBuf,
}

pub(crate) enum Claim {
    Primary(Primary),
    /// Another instance has the profile and was asked to show its window.
    HandedOver,
}

/// Takes the profile, or hands over to the instance that has it.
pub(crate) fn claim(profile_dir: &Path) -> std::io::Result<Claim> {
    std::fs::create_dir_all(profile_dir)?;
    let lock = File::options()
        .create(true)
        .truncate(false)
        .write(true)
        .open(profile_dir.join("plumbline.lock"))?;
    match lock.try_lock() {
        Ok(()) => primary(lock, profile_dir).map(Claim::Primary),
        Err(TryLockError::WouldBlock) => hand_over(profile_dir).map(|()| Claim::HandedOver),
        Err(TryLockError::Error(e)) => Err(e),
    }
}

#[cfg(unix)]
fn socket_path(profile_dir: &Path) -> PathBuf {
    profile_dir.join("plumbline.sock")
}

#[cfg(unix)]
fn primary(lock: File, profile_dir: &Path) -> std::io::Result<Primary> {
    let socket = socket_path(profile_dir);
    // Holding the lock means any socket file left here belongs to a process that has gone.
    match std::fs::remove_file(&socket) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    let listener = std::os::unix::net::UnixListener::bind(&socket)?;
    Ok(Primary {
        lock,
        listener,
        socket,
    })
}

#[cfg(not(unix))]
fn primary(lock: File, _profile_dir: &Path) -> std::io::Result<Primary> {
    Ok(Primary { lock })
}

#[cfg(unix)]
fn hand_over(profile_dir: &Path) -> std::io::Result<()> {
    let socket = socket_path(profile_dir);
    let deadline = Instant::now() + HANDOVER_WAIT;
    loop {
        match std::os::unix::net::UnixStream::connect(&socket) {
            Ok(mut stream) => {
                stream.set_read_timeout(Some(HANDOVER_WAIT))?;
                writeln!(stream, "{SHOW}")?;
                let mut answer = String::new();
                BufReader::new(stream).read_line(&mut answer)?;
                return if answer.trim() == "ok" {
                    Ok(())
                } else {
                    Err(std::io::Error::other(
                        "the running Plumbline did not answer",
                    ))
                };
            }
            // The first instance holds the lock but is not listening yet.
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => return Err(e),
        }
    }
}

#[cfg(not(unix))]
fn hand_over(_profile_dir: &Path) -> std::io::Result<()> {
    Err(std::io::Error::other(
        "Plumbline is already running for this profile",
    ))
}

impl Primary {
    /// Serves second launches on a thread of its own: each one calls `show`.
    #[cfg(unix)]
    pub(crate) fn serve(self, show: impl Fn() + Send + 'static) {
        let spawned = std::thread::Builder::new()
            .name("single-instance".into())
            .spawn(move || {
                for stream in self.listener.incoming() {
                    let Ok(mut stream) = stream else { continue };
                    let _ = stream.set_read_timeout(Some(HANDOVER_WAIT));
                    let mut line = String::new();
                    if BufReader::new(&stream).read_line(&mut line).is_ok() && line.trim() == SHOW {
                        log::info!("a second launch asked for the window");
                        show();
                        let _ = writeln!(stream, "ok");
                    }
                }
                // Keeps the lock (and the socket's name) for as long as the loop serves.
                drop(self.lock);
                let _ = std::fs::remove_file(&self.socket);
            });
        if let Err(e) = spawned {
            log::warn!("second launches will not find this window: {e}");
        }
    }

    #[cfg(not(unix))]
    pub(crate) fn serve(self, _show: impl Fn() + Send + 'static) {
        // The lock alone: a second launch says Plumbline is running and exits.
        std::mem::forget(self);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_second_claim_hands_over_and_the_first_is_asked_to_show() {
        let dir = tempfile::tempdir().expect("temp dir");
        let Claim::Primary(first) = claim(dir.path()).expect("first claim") else {
            panic!("the first claim must own the profile");
        };
        let shown = Arc::new(AtomicUsize::new(0));
        let counter = shown.clone();
        first.serve(move || {
            counter.fetch_add(1, Ordering::SeqCst);
        });
        for _ in 0..2 {
            assert!(matches!(
                claim(dir.path()).expect("second claim"),
                Claim::HandedOver
            ));
        }
        assert_eq!(shown.load(Ordering::SeqCst), 2);
    }

    #[test]
    fn a_stale_socket_from_a_killed_instance_does_not_block_the_next() {
        let dir = tempfile::tempdir().expect("temp dir");
        // What a killed process leaves: the socket file, no lock.
        let stale = std::os::unix::net::UnixListener::bind(socket_path(dir.path())).expect("bind");
        drop(stale);
        assert!(matches!(
            claim(dir.path()).expect("claim"),
            Claim::Primary(_)
        ));
    }

    #[test]
    fn other_profiles_are_independent() {
        let (a, b) = (
            tempfile::tempdir().expect("a"),
            tempfile::tempdir().expect("b"),
        );
        let first = claim(a.path()).expect("a");
        let second = claim(b.path()).expect("b");
        assert!(matches!(first, Claim::Primary(_)));
        assert!(matches!(second, Claim::Primary(_)));
    }
}
