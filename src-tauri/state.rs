//! What the shell keeps while it runs: the open store, or the reason it could not be opened.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use plumbline_contract::{AppInfo, BootState, IpcError};
use plumbline_domain::{ErrorCode, UnixMillis};
use plumbline_store::{Store, StoreError};

use crate::sign_in::PendingSignIn;

/// Shared by every command. Opening the store can fail (a newer or damaged file); the window
/// still opens and shows that message instead of quitting silently.
pub(crate) struct Shell {
    store: Result<Arc<Mutex<Store>>, IpcError>,
    /// Connections for the window's reads (see [`Readers`]).
    readers: Result<Arc<Readers>, IpcError>,
    /// User sign-ins waiting for Procore's answer, by app: credentials held in memory only.
    pending_sign_ins: Mutex<std::collections::HashMap<plumbline_domain::AppId, PendingSignIn>>,
    pub(crate) database_path: PathBuf,
    pub(crate) log_dir: PathBuf,
}

/// Two readers: the window rarely has more than two reads in flight (a trend and a list).
const READERS: usize = 2;

pub(crate) fn ipc_error(e: StoreError) -> IpcError {
    IpcError::new(e.code(), e.to_string())
}

impl Shell {
    pub(crate) fn start(log_dir: PathBuf) -> Self {
        let (store, database_path) = match database_path() {
            Ok(path) => (open(&path), path),
            Err(e) => (Err(ipc_error(e)), PathBuf::new()),
        };
        if let Err(e) = &store {
            log::error!("store unavailable: {}", e.message);
        }
        let readers = store
            .as_ref()
            .map(|writer| Arc::new(Readers::open(&database_path, writer.clone())))
            .map_err(Clone::clone);
        Self {
            store,
            readers,
            pending_sign_ins: Mutex::default(),
            database_path,
            log_dir,
        }
    }

    /// What the window shows about the running app, except what needs the store.
    pub(crate) fn info_without_store(&self) -> AppInfo {
        AppInfo {
            version: env!("CARGO_PKG_VERSION").to_owned(),
            database_path: self.database_path.display().to_string(),
            log_dir: self.log_dir.display().to_string(),
            demo_mode: false,
        }
    }

    /// A script that hands the first screen's data to the page before its own scripts run.
    /// Empty when the store is unavailable: the page then asks over IPC and shows the error.
    pub(crate) fn boot_script(&self) -> String {
        // GTK's settings, read before the store is locked: nothing else needs to wait on them.
        let ui_font = crate::desktop_font::family();
        let Ok(readers) = &self.readers else {
            return String::new();
        };
        let store = readers.read();
        let boot = (|| -> Result<BootState, StoreError> {
            let info = AppInfo {
                demo_mode: store.has_demo_apps()?,
                ..self.info_without_store()
            };
            Ok(BootState {
                info,
                apps: store.list_apps()?,
                ui_font,
            })
        })();
        match boot.map(|b| serde_json::to_string(&b)) {
            // JSON is a JavaScript expression (ES2019 made U+2028/2029 legal in strings), and
            // this is a script, not HTML, so no `</script>` can end it early.
            Ok(Ok(json)) => format!("window.__PLUMBLINE_BOOT__ = {json};"),
            _ => String::new(),
        }
    }

    pub(crate) fn pending_sign_ins(
        &self,
    ) -> std::sync::MutexGuard<'_, std::collections::HashMap<plumbline_domain::AppId, PendingSignIn>>
    {
        self.pending_sign_ins
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// The profile's keychain (client secrets and tokens of connected apps).
    pub(crate) fn secrets(&self) -> plumbline_engine::KeyringSecrets {
        plumbline_engine::KeyringSecrets::for_profile(&self.database_path)
    }

    /// The store, for a command to use on a blocking thread.
    pub(crate) fn store(&self) -> Result<Arc<Mutex<Store>>, IpcError> {
        self.store.clone()
    }
}

/// The profile's database: `--db`, else `PLUMBLINE_DB`, else the platform's data folder.
pub(crate) fn database_path() -> Result<PathBuf, StoreError> {
    plumbline_store::resolve_db_path(db_flag(std::env::args_os()))
}

fn open(path: &std::path::Path) -> Result<Arc<Mutex<Store>>, IpcError> {
    let mut store = Store::open(path).map_err(ipc_error)?;
    // With no Procore account configured the app opens on the demo portfolio. Accounts
    // arrive with the connectivity work; until then every profile starts in demo mode.
    match store.seed_demo_portfolio(UnixMillis::now()) {
        Ok(true) => log::info!("seeded the demo portfolio in {}", path.display()),
        Ok(false) => {}
        Err(e) => log::warn!("could not seed the demo portfolio: {e}"),
    }
    log::info!("opened {}", path.display());
    Ok(Arc::new(Mutex::new(store)))
}

/// `--db PATH` or `--db=PATH` on the desktop app's command line, like the CLI's flag.
fn db_flag(args: impl IntoIterator<Item = std::ffi::OsString>) -> Option<PathBuf> {
    let mut args = args.into_iter().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--db" {
            return args.next().map(PathBuf::from);
        }
        if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
            return Some(PathBuf::from(path));
        }
    }
    None
}

/// Errors that cross IPC as `{code, message}`: the store's and the engine's.
pub(crate) trait IntoIpc {
    fn into_ipc(self) -> IpcError;
}

impl IntoIpc for StoreError {
    fn into_ipc(self) -> IpcError {
        ipc_error(self)
    }
}

impl IntoIpc for plumbline_procore::ProcoreError {
    fn into_ipc(self) -> IpcError {
        plumbline_engine::SyncError::from(self).into_ipc()
    }
}

impl IntoIpc for plumbline_engine::SyncError {
    fn into_ipc(self) -> IpcError {
        IpcError::new(self.code(), self.to_string())
    }
}

/// Runs `f` with the store on a blocking thread, off the async runtime.
pub(crate) async fn with_store<T: Send + 'static, E: IntoIpc + Send + 'static>(
    shell: &Shell,
    f: impl FnOnce(&mut Store) -> Result<T, E> + Send + 'static,
) -> Result<T, IpcError> {
    let store = shell.store()?;
    blocking(move || {
        // A panic while holding the lock poisons it; the data is still consistent (every
        // write is a transaction), so carry on with it.
        let mut guard = store
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        f(&mut guard).map_err(IntoIpc::into_ipc)
    })
    .await
}

/// Read-only connections for the window's reads. In WAL mode they see the last commit while
/// the writer is busy with an import, a sync or an alerts pass, so the window never waits on
/// background work. Where they could not be opened, reads share the writer.
pub(crate) struct Readers {
    conns: Vec<Mutex<Store>>,
    writer: Arc<Mutex<Store>>,
}

impl Readers {
    fn open(path: &std::path::Path, writer: Arc<Mutex<Store>>) -> Self {
        let conns = (0..READERS)
            .map(|_| Store::open_reader(path).map(Mutex::new))
            .collect::<Result<Vec<_>, _>>()
            .unwrap_or_else(|e| {
                log::warn!("reads will share the writer's connection: {e}");
                Vec::new()
            });
        Self { conns, writer }
    }

    /// A free reader if there is one, else the first to come free (or the writer).
    pub(crate) fn read(&self) -> std::sync::MutexGuard<'_, Store> {
        fn lock(m: &Mutex<Store>) -> std::sync::MutexGuard<'_, Store> {
            m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
        }
        for reader in &self.conns {
            if let Ok(guard) = reader.try_lock() {
                return guard;
            }
        }
        match self.conns.first() {
            Some(reader) => lock(reader),
            None => lock(&self.writer),
        }
    }
}

impl Shell {
    /// The reading connections, for work that runs on its own thread.
    pub(crate) fn readers(&self) -> Result<Arc<Readers>, IpcError> {
        self.readers.clone()
    }
}

/// Runs `f` with a reading connection on a blocking thread: it never waits behind a write.
pub(crate) async fn with_reader<T: Send + 'static, E: IntoIpc + Send + 'static>(
    shell: &Shell,
    f: impl FnOnce(&Store) -> Result<T, E> + Send + 'static,
) -> Result<T, IpcError> {
    let readers = shell.readers()?;
    blocking(move || f(&readers.read()).map_err(IntoIpc::into_ipc)).await
}

/// Runs `f` on a blocking thread (file and database work), off the async runtime.
pub(crate) async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, IpcError> + Send + 'static,
) -> Result<T, IpcError> {
    tauri::async_runtime::spawn_blocking(f).await.map_err(|e| {
        IpcError::new(
            ErrorCode::Internal,
            format!("a background task failed: {e}"),
        )
    })?
}

#[cfg(test)]
mod tests {
    use super::db_flag;

    #[test]
    fn db_flag_forms() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(
            db_flag(args(&["app", "--db", "/x.db"])),
            Some("/x.db".into())
        );
        assert_eq!(db_flag(args(&["app", "--db=/y.db"])), Some("/y.db".into()));
        assert_eq!(db_flag(args(&["app"])), None);
    }
}
