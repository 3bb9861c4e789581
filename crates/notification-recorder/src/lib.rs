//! A notification server for tests and CI.
//!
//! It owns `org.freedesktop.Notifications` on whatever session bus it is given (in CI, the
//! private bus of `dbus-run-session`) and records every `Notify` call, in memory and, when
//! asked, as JSON lines in a file. It needs no X display, unlike a real notification daemon,
//! and it sees exactly what the app sent, which is what the tests assert on. It can also
//! emit `ActionInvoked`, as a person's click on a notification would.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::PathBuf;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};

use serde::Serialize;
use zbus::OwnedVariant;
use zbus::object_server::SignalEmitter;

/// The well-known name and path of the freedesktop notification service.
pub const BUS_NAME: &str = "org.freedesktop.Notifications";
pub const OBJECT_PATH: &str = "/org/freedesktop/Notifications";

/// One notification as the app sent it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Recorded {
    pub id: u32,
    pub app_name: String,
    pub summary: String,
    pub body: String,
    /// Pairs of action key and label, flattened as the protocol sends them.
    pub actions: Vec<String>,
    /// Hints rendered as text (urgency, category, desktop-entry…).
    pub hints: BTreeMap<String, String>,
    pub expire_timeout: i32,
}

/// The notifications received so far, shared with whoever started the server.
pub type Log = Arc<Mutex<Vec<Recorded>>>;

struct Notifications {
    next_id: AtomicU32,
    log: Log,
    file: Option<PathBuf>,
}

#[zbus::interface(name = "org.freedesktop.Notifications")]
impl Notifications {
    #[allow(clippy::too_many_arguments)] // the D-Bus method's signature
    fn notify(
        &self,
        app_name: String,
        replaces_id: u32,
        _app_icon: String,
        summary: String,
        body: String,
        actions: Vec<String>,
        hints: HashMap<String, OwnedVariant>,
        expire_timeout: i32,
    ) -> u32 {
        let id = if replaces_id != 0 {
            replaces_id
        } else {
            self.next_id.fetch_add(1, Ordering::Relaxed)
        };
        let hints = hints
            .into_iter()
            .map(|(k, v)| (k, format!("{v:?}")))
            .collect();
        let recorded = Recorded {
            id,
            app_name,
            summary,
            body,
            actions,
            hints,
            expire_timeout,
        };
        if let Some(path) = &self.file {
            // A test artifact: if it cannot be written, the in-memory log still has it.
            let line = serde_json::to_string(&recorded).unwrap_or_default();
            let _ = std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(path)
                .and_then(|mut f| writeln!(f, "{line}"));
        }
        self.log
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(recorded);
        id
    }

    fn close_notification(&self, _id: u32) {}

    fn get_capabilities(&self) -> Vec<&'static str> {
        vec!["actions", "body", "persistence"]
    }

    fn get_server_information(&self) -> (&'static str, &'static str, &'static str, &'static str) {
        (
            "plumbline-notification-recorder",
            "Plumbline",
            env!("CARGO_PKG_VERSION"),
            "1.2",
        )
    }

    #[zbus(signal)]
    async fn action_invoked(
        emitter: &SignalEmitter<'_>,
        id: u32,
        action_key: &str,
    ) -> zbus::Result<()>;
}

/// A running recorder: keep it alive for as long as notifications should be recorded.
pub struct Recorder {
    connection: zbus::Connection,
    pub log: Log,
}

impl Recorder {
    /// Serves on the session bus (`DBUS_SESSION_BUS_ADDRESS`), or on `address` when given.
    pub async fn start(address: Option<&str>, file: Option<PathBuf>) -> zbus::Result<Self> {
        let log = Log::default();
        let server = Notifications {
            next_id: AtomicU32::new(1),
            log: log.clone(),
            file,
        };
        let builder = match address {
            Some(address) => zbus::connection::Builder::address(address),
            None => zbus::connection::Builder::session(),
        };
        let connection = builder
            .name(BUS_NAME)
            .serve_at(OBJECT_PATH, server)
            .build()
            .await?;
        Ok(Self { connection, log })
    }

    /// Everything recorded so far.
    pub fn recorded(&self) -> Vec<Recorded> {
        self.log.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Emits `ActionInvoked`, as a click on the notification would (`"default"` on Linux).
    pub async fn invoke_action(&self, id: u32, action_key: &str) -> zbus::Result<()> {
        let emitter = SignalEmitter::new(&self.connection, OBJECT_PATH)?;
        Notifications::action_invoked(&emitter, id, action_key).await
    }
}
