//! Installation tracking: for a service-account app, read the companies where it is
//! installed, diff with the previous snapshot, and record installs and uninstalls.

use plumbline_domain::{
    Account, AccountError, AppId, ErrorCode, GrantType, RateSnapshot, SnapshotOutcome, UnixMillis,
};
use std::sync::{Arc, Mutex};

use plumbline_procore::{
    DeprecationHeader, DeprecationNotice, Observation, ProcoreError, RateLimit,
};
use plumbline_store::{CompanySeen, DeprecationSeen, Store, StoreError};
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
    /// Routes that answered with `Deprecation` or `Sunset` headers during this sync.
    pub deprecations: u32,
}

fn snapshot(limit: Option<RateLimit>) -> Option<RateSnapshot> {
    limit.map(|l| RateSnapshot {
        limit: l.limit,
        remaining: l.remaining,
        reset: l.reset,
    })
}

/// What one fetch brought back: the companies (or why they could not be read in full), the
/// request counters, and every deprecation signal seen on the way, failed requests included
/// (a sunset route answers with an error and its `Sunset` header).
#[derive(Debug)]
pub struct InstallationsFetch {
    pub companies: Result<Vec<CompanySeen>, SyncError>,
    pub stats: Stats,
    pub deprecations: Vec<DeprecationSeen>,
}

fn deprecation_seen(notice: DeprecationNotice) -> DeprecationSeen {
    let (deprecated, deprecated_at) = match notice.deprecation {
        Some(DeprecationHeader::At(at)) => (true, Some(at)),
        Some(DeprecationHeader::Yes) => (true, None),
        // A sunset announced without a deprecation still means the route is going away.
        None => (notice.sunset.is_some(), None),
    };
    let link = notice
        .links
        .iter()
        .find(|(rel, _)| rel == "deprecation")
        .or_else(|| notice.links.first())
        .map(|(_, url)| url.clone());
    DeprecationSeen {
        method: notice.method,
        path: notice.path,
        deprecated,
        deprecated_at,
        sunset_at: notice.sunset,
        link,
    }
}

/// Reads the installed companies (all pages, consistent) without touching the store, so the
/// caller can hold no lock across the network.
pub async fn fetch_installations(
    account: &Account,
    secrets: &dyn SecretStore,
    now: UnixMillis,
) -> InstallationsFetch {
    let seen: Arc<Mutex<Vec<DeprecationSeen>>> = Arc::default();
    let sink = seen.clone();
    let observer = move |observation: Observation| {
        if let Observation::Deprecation(notice) = observation {
            let mut seen = sink.lock().unwrap_or_else(|e| e.into_inner());
            let signal = deprecation_seen(notice);
            // Every page of a list repeats its route's headers: keep one per route.
            seen.retain(|s| (&s.method, &s.path) != (&signal.method, &signal.path));
            seen.push(signal);
        }
    };
    let mut stats = Stats::default();
    let companies = read_companies(account, secrets, now, observer, &mut stats).await;
    let deprecations = std::mem::take(&mut *seen.lock().unwrap_or_else(|e| e.into_inner()));
    InstallationsFetch {
        companies,
        stats,
        deprecations,
    }
}

async fn read_companies(
    account: &Account,
    secrets: &dyn SecretStore,
    now: UnixMillis,
    observer: impl Fn(Observation) + Send + Sync + 'static,
    stats: &mut Stats,
) -> Result<Vec<CompanySeen>, SyncError> {
    if account.grant != GrantType::ClientCredentials {
        return Err(SyncError::NotServiceAccount);
    }
    let client = client_for(&account.endpoints)?.with_observer(observer);
    let session = Session::new(account.clone(), client, secrets);
    let log = session.client.log();
    let companies = async {
        let mut token = session.access_token(now).await?;
        match session
            .client
            .installed_companies(&token, COMPANIES_PER_PAGE)
            .await
        {
            // Revoked early or expired in the keychain cache: one fresh token, one more try.
            Err(ProcoreError::TokenRejected(_)) => {
                session.forget_access_token();
                token = session.access_token(now).await?;
                Ok::<_, SyncError>(
                    session
                        .client
                        .installed_companies(&token, COMPANIES_PER_PAGE)
                        .await?,
                )
            }
            other => Ok(other?),
        }
    }
    .await;
    *stats = Stats {
        requests: log.requests(),
        retries: log.retries(),
        rate_limited: log.rate_limited(),
        rate: snapshot(session.client.rate_limit()),
    };
    Ok(companies?
        .into_iter()
        .map(|c| CompanySeen {
            id: c.id,
            name: c.name,
            is_active: c.is_active,
        })
        .collect())
}

/// Counters from one fetch.
#[derive(Debug, Clone, Copy, Default)]
pub struct Stats {
    pub requests: u64,
    pub retries: u64,
    pub rate_limited: u64,
    pub rate: Option<RateSnapshot>,
}

/// Records what a fetch brought: the deprecation signals (true whatever else happened), then
/// the snapshot and the success in one transaction, or only the failure on the account (in
/// the partner's words) so that no uninstall is ever recorded from a list not read in full.
pub fn record(
    store: &mut Store,
    app: AppId,
    now: UnixMillis,
    fetched: InstallationsFetch,
) -> Result<(SnapshotOutcome, Stats), SyncError> {
    store.record_deprecation_signals(app, now, &fetched.deprecations)?;
    match fetched.companies {
        Ok(companies) => {
            let outcome = store.apply_snapshot(app, now, &companies)?;
            store.record_sync_success(app, now, fetched.stats.rate)?;
            Ok((outcome, fetched.stats))
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
    let deprecations = fetched.deprecations.len() as u32;
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
        deprecations,
    })
}
