//! A Procore connection for an app, and what installation tracking records.

use std::str::FromStr;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::{AppId, Environment, ErrorCode, Invalid, UnixMillis};

/// How an app signs in to Procore.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum GrantType {
    /// A service-account (DMSA) app signs in as itself with its client secret; it can list the
    /// companies where it is installed.
    ClientCredentials,
    /// A Procore user signs in through the browser; tokens refresh with rotation.
    AuthorizationCode,
}

impl GrantType {
    /// OAuth's spelling, also used in the database and on the command line.
    pub fn as_str(self) -> &'static str {
        match self {
            GrantType::ClientCredentials => "client_credentials",
            GrantType::AuthorizationCode => "authorization_code",
        }
    }
}

impl FromStr for GrantType {
    type Err = Invalid;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().replace('-', "_").as_str() {
            "client_credentials" => Ok(GrantType::ClientCredentials),
            "authorization_code" => Ok(GrantType::AuthorizationCode),
            other => Err(Invalid(format!(
                "unknown grant {other:?}: use client_credentials (service-account apps) or authorization_code"
            ))),
        }
    }
}

/// Where an account's Procore surfaces are: a known environment or custom base URLs (the
/// simulator, in demo mode and tests).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase", tag = "kind")]
pub enum AccountEndpoints {
    Known {
        environment: Environment,
    },
    #[serde(rename_all = "camelCase")]
    Custom {
        login_url: String,
        api_url: String,
        docs_url: String,
    },
}

/// The rate-limit window Procore last reported for this account.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct RateSnapshot {
    #[ts(type = "number")]
    pub limit: u64,
    #[ts(type = "number")]
    pub remaining: u64,
    pub reset: UnixMillis,
}

/// The last failure, in words for the partner, with its stable code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AccountError {
    pub code: ErrorCode,
    pub message: String,
    pub at: UnixMillis,
}

/// A Procore connection for one app. Secrets are not part of it: they live in the keychain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Account {
    pub app_id: AppId,
    pub endpoints: AccountEndpoints,
    pub client_id: String,
    pub grant: GrantType,
    pub connected_at: UnixMillis,
    pub last_sync_at: Option<UnixMillis>,
    pub last_error: Option<AccountError>,
    pub rate: Option<RateSnapshot>,
}

/// A company where an app is installed, as of the latest snapshot.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InstalledCompany {
    #[ts(type = "number")]
    pub company_id: i64,
    pub name: String,
    pub is_active: bool,
    pub since: UnixMillis,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum InstallationKind {
    Install,
    Uninstall,
}

/// An install or uninstall seen between two snapshots.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct InstallationEvent {
    #[ts(type = "number")]
    pub id: i64,
    pub app_id: AppId,
    #[ts(type = "number")]
    pub company_id: i64,
    pub company_name: String,
    pub kind: InstallationKind,
    /// True for companies already installed when tracking began: not an install that day.
    pub baseline: bool,
    pub at: UnixMillis,
}

/// What one snapshot changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct SnapshotOutcome {
    pub companies: u32,
    pub installs: u32,
    pub uninstalls: u32,
    pub baseline: bool,
}

impl SnapshotOutcome {
    pub fn changed(&self) -> bool {
        self.baseline || self.installs > 0 || self.uninstalls > 0
    }
}

/// One connected app's state as the Portfolio lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ConnectionOverview {
    pub app_id: AppId,
    pub grant: GrantType,
    pub last_sync_at: Option<UnixMillis>,
    /// The last sync's failure, cleared by the next success.
    pub last_error: Option<AccountError>,
    /// Companies where the app was installed at the last snapshot.
    pub companies: u32,
}
