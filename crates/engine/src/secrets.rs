//! Secrets in the OS keychain, never in SQLite, files, logs or IPC.

use std::collections::HashMap;
use std::sync::Mutex;

use plumbline_domain::AppId;
use plumbline_procore::Secret;

/// Which secret of an app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SecretKind {
    ClientSecret,
    RefreshToken,
    /// The current access token with its expiry, so that runs of the CLI within a token's
    /// lifetime do not ask Procore for a new one.
    AccessToken,
}

impl SecretKind {
    fn as_str(self) -> &'static str {
        match self {
            SecretKind::ClientSecret => "client-secret",
            SecretKind::RefreshToken => "refresh-token",
            SecretKind::AccessToken => "access-token",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum SecretError {
    #[error(
        "No keychain is available to keep your Procore credentials ({0}). On Linux, install and start a Secret Service: `sudo apt install gnome-keyring`, then sign in to your desktop session (or run `gnome-keyring-daemon --unlock --components=secrets`)."
    )]
    Unavailable(String),
    #[error("The keychain refused to {action} a Plumbline credential: {detail}")]
    Failed {
        action: &'static str,
        detail: String,
    },
}

/// Where secrets live. The keychain in the product; an in-memory map only in unit tests.
pub trait SecretStore: Send + Sync {
    fn get(&self, app: AppId, kind: SecretKind) -> Result<Option<Secret>, SecretError>;
    fn set(&self, app: AppId, kind: SecretKind, secret: &Secret) -> Result<(), SecretError>;
    fn delete(&self, app: AppId, kind: SecretKind) -> Result<(), SecretError>;
}

/// The OS keychain through the keyring crate. Entries are named
/// `plumbline / <namespace>/app-<id>/<kind>`; the namespace keeps profiles apart.
pub struct KeyringSecrets {
    namespace: String,
}

const SERVICE: &str = "plumbline";

impl KeyringSecrets {
    /// The keychain of a profile: entries are named after its database file, so profiles never
    /// share secrets and the CLI and the desktop app find the same ones.
    pub fn for_profile(database: &std::path::Path) -> Self {
        let path = std::fs::canonicalize(database).unwrap_or_else(|_| database.to_owned());
        Self::new(path.display().to_string())
    }

    /// `namespace` identifies the profile (for example, its database path).
    pub fn new(namespace: impl Into<String>) -> Self {
        Self {
            namespace: namespace.into(),
        }
    }

    fn entry(&self, app: AppId, kind: SecretKind) -> Result<keyring::Entry, SecretError> {
        keyring::Entry::new(
            SERVICE,
            &format!("{}/app-{}/{}", self.namespace, app.0, kind.as_str()),
        )
        .map_err(classify("open"))
    }
}

fn classify(action: &'static str) -> impl Fn(keyring::Error) -> SecretError {
    move |e| match e {
        keyring::Error::NoStorageAccess(_)
        | keyring::Error::PlatformFailure(_)
        | keyring::Error::NoDefaultStore => SecretError::Unavailable(e.to_string()),
        other => SecretError::Failed {
            action,
            detail: other.to_string(),
        },
    }
}

impl SecretStore for KeyringSecrets {
    fn get(&self, app: AppId, kind: SecretKind) -> Result<Option<Secret>, SecretError> {
        match self.entry(app, kind)?.get_password() {
            Ok(value) => Ok(Some(Secret::new(value))),
            Err(keyring::Error::NoEntry) => Ok(None),
            Err(e) => Err(classify("read")(e)),
        }
    }

    fn set(&self, app: AppId, kind: SecretKind, secret: &Secret) -> Result<(), SecretError> {
        self.entry(app, kind)?
            .set_password(secret.expose())
            .map_err(classify("save"))
    }

    fn delete(&self, app: AppId, kind: SecretKind) -> Result<(), SecretError> {
        match self.entry(app, kind)?.delete_credential() {
            Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
            Err(e) => Err(classify("delete")(e)),
        }
    }
}

/// A map in memory: for unit tests of logic around the trait only. Everything that proves the
/// keychain works uses [`KeyringSecrets`] against a real Secret Service.
#[derive(Default)]
pub struct MemorySecrets {
    values: Mutex<HashMap<(AppId, SecretKind), Secret>>,
    /// When set, every `set` fails: a keychain that dies mid-rotation.
    pub fail_writes: std::sync::atomic::AtomicBool,
}

impl SecretStore for MemorySecrets {
    fn get(&self, app: AppId, kind: SecretKind) -> Result<Option<Secret>, SecretError> {
        Ok(self
            .values
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&(app, kind))
            .cloned())
    }

    fn set(&self, app: AppId, kind: SecretKind, secret: &Secret) -> Result<(), SecretError> {
        if self.fail_writes.load(std::sync::atomic::Ordering::Relaxed) {
            return Err(SecretError::Failed {
                action: "save",
                detail: "simulated keychain failure".into(),
            });
        }
        self.values
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert((app, kind), secret.clone());
        Ok(())
    }

    fn delete(&self, app: AppId, kind: SecretKind) -> Result<(), SecretError> {
        self.values
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .remove(&(app, kind));
        Ok(())
    }
}
