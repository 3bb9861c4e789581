//! Installation tracking: for a service-account app, read the companies where it is
//! installed, diff with the previous snapshot, and record installs and uninstalls.

use plumbline_domain::{
    Account, AccountError, AppId, ErrorCode, GrantType, RateSnapshot, SnapshotOutcome, UnixMillis,
};
use plumbline_procore::{ProcoreError, RateLimit};
use plumbline_store::{CompanySeen, Store, StoreError};
use serde::Serialize;

use crate::secrets::{SecretError, SecretStore};
use crate::session::{Session, client_for};

/// Page size for `/rest/v1.0/companies`: Procore's documented ceiling, so that a sync costs
/// ceil(companies / 2000) requests.
pub const COMPANIES_PER_PAGE: usize = 2_000;

#[derive(Debug, thiserror::Error)]
pub enum SyncError {
    #[error(transparent)]
    Procore(#[from] ProcoreError),
    #[error(transparent)]
    Secrets(#[from] SecretError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(
        "This app is not connected to Procore, or its secret is missing from the keychain: connect it again."
    )]
    NotConnected,
    #[error(
        "Only service-account (DMSA) apps can list the companies where they are installed; this app signs in as a user."
    )]
    NotServiceAccount,
    #[error("{0}")]
    Invalid(String),
}

impl SyncError {
    pub fn code(&self) -> ErrorCode {
        match self {
            SyncError::Procore(e) => e.code(),
            SyncError::Secrets(_) => ErrorCode::Internal,
            SyncError::Store(e) => e.code(),
            SyncError::NotConnected => ErrorCode::Unauthorized,
            SyncError::NotServiceAccount | SyncError::Invalid(_) => ErrorCode::Invalid,
        }
    }
}

/// What one app's sync did, as `plumbline sync` prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SyncSummary {
    pub app_id: AppId,
    /// HTTP requests sent to Procore, retries included.
    pub requests: u64,
    pub retries: u64,
    pub rate_limited: u64,
    pub companies: u32,
    pub installs: u32,
    pub uninstalls: u32,
    pub baseline: bool,
}

fn snapshot(limit: Option<RateLimit>) -> Option<RateSnapshot> {
    limit.map(|l| RateSnapshot {
        limit: l.limit,
        remaining: l.remaining,
        reset: l.reset,
    })
}

/// Reads the installed companies (all pages, consistent) without touching the store, so the
/// caller can hold no lock across the network.
pub async fn fetch_installations(
    account: &Account,
    secrets: &dyn SecretStore,
    now: UnixMillis,
) -> Result<(Vec<CompanySeen>, Stats), SyncError> {
    if account.grant != GrantType::ClientCredentials {
        return Err(SyncError::NotServiceAccount);
    }
    let session = Session::new(account.clone(), client_for(&account.endpoints)?, secrets);
    let log = session.client.log();
    let mut token = session.access_token(now).await?;
    let companies = match session
        .client
        .installed_companies(&token, COMPANIES_PER_PAGE)
        .await
    {
        // Revoked early or expired in the keychain cache: one fresh token, one more try.
        Err(ProcoreError::TokenRejected(_)) => {
            session.forget_access_token();
            token = session.access_token(now).await?;
            session
                .client
                .installed_companies(&token, COMPANIES_PER_PAGE)
                .await
        }
        other => other,
    };
    let stats = Stats {
        requests: log.requests(),
        retries: log.retries(),
        rate_limited: log.rate_limited(),
        rate: snapshot(session.client.rate_limit()),
    };
    let companies = companies?;
    Ok((
        companies
            .into_iter()
            .map(|c| CompanySeen {
                id: c.id,
                name: c.name,
                is_active: c.is_active,
            })
            .collect(),
        stats,
    ))
}

/// Counters from one fetch.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub requests: u64,
    pub retries: u64,
    pub rate_limited: u64,
    pub rate: Option<RateSnapshot>,
}

/// Records what a fetch brought, in one transaction: the snapshot and the success, or only
/// the failure on the account (in the partner's words) so nothing else changes and no
/// uninstall is ever recorded from a list that was not read in full.
pub fn record(
    store: &mut Store,
    app: AppId,
    now: UnixMillis,
    fetched: Result<(Vec<CompanySeen>, Stats), SyncError>,
) -> Result<(SnapshotOutcome, Stats), SyncError> {
    match fetched {
        Ok((companies, stats)) => {
            let outcome = store.apply_snapshot(app, now, &companies)?;
            store.record_sync_success(app, now, stats.rate)?;
            Ok((outcome, stats))
        }
        Err(e) => {
            let failure = AccountError {
                code: e.code(),
                message: e.to_string(),
                at: now,
            };
            store.record_sync_error(app, &failure, None)?;
            Err(e)
        }
    }
}

/// One app's sync, start to finish: fetch, then record.
pub async fn sync_app(
    store: &mut Store,
    secrets: &dyn SecretStore,
    app: AppId,
    now: UnixMillis,
) -> Result<SyncSummary, SyncError> {
    let account = store.account(app)?.ok_or(SyncError::NotConnected)?;
    let fetched = fetch_installations(&account, secrets, now).await;
    let (outcome, stats) = record(store, app, now, fetched)?;
    Ok(SyncSummary {
        app_id: app,
        requests: stats.requests,
        retries: stats.retries,
        rate_limited: stats.rate_limited,
        companies: outcome.companies,
        installs: outcome.installs,
        uninstalls: outcome.uninstalls,
        baseline: outcome.baseline,
    })
}
