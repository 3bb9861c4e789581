//! The deprecation watch, end to end: reference documents fetched conditionally (or read from
//! a file) and accepted with their history, source folders scanned, each app's exposure
//! computed from the store, and its events recorded once for the alerts.
//!
//! Network and file work happen without the store; each write is one transaction.

use std::collections::HashMap;
use std::io::Read;
use std::path::Path;

use plumbline_deprecations::{
    ApiHealth, CALL_WINDOW_DAYS, HeaderFacts, HealthRow, ParsedReference, ReferenceError,
    ReferenceIndex, RouteCalls, RouteExposure, RouteKey, RouteUse, SeenIn, activity_uses,
    deprecation_events, exposure, parse_reference_hashed,
};
use plumbline_domain::{
    AppId, Day, DeprecationEvent, ErrorCode, ReferenceKind, ReferenceRevision, UnixMillis,
};
use plumbline_procore::{Fetched, ProcoreClient, ProcoreError};
use plumbline_scan::{ScanError, ScanReport};
use plumbline_store::{NewRevision, RevisionOutcome, ScanFinding, Store, StoreError};

/// Everything the watch can fail at, each with a sentence a partner can act on.
#[derive(Debug, thiserror::Error)]
pub enum WatchError {
    #[error(transparent)]
    Reference(#[from] ReferenceError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Procore(#[from] ProcoreError),
    #[error(transparent)]
    Scan(#[from] ScanError),
    #[error("Could not read {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
}

impl WatchError {
    /// The stable code the UI and the CLI branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            WatchError::Reference(_) => ErrorCode::Invalid,
            WatchError::Store(e) => e.code(),
            WatchError::Procore(e) => e.code(),
            WatchError::Scan(plumbline_scan::ScanError::RootNotFound { .. }) => ErrorCode::NotFound,
            WatchError::Scan(_) => ErrorCode::Invalid,
            WatchError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
                ErrorCode::NotFound
            }
            WatchError::Io { .. } => ErrorCode::Invalid,
        }
    }
}

/// The reference as the exposure needs it, from the store.
pub fn reference_index(store: &Store) -> Result<ReferenceIndex, StoreError> {
    let entries = store
        .reference_facts()?
        .into_iter()
        .filter_map(|(key, facts, history)| Some((RouteKey::parse(&key)?, facts, history)))
        .collect();
    Ok(ReferenceIndex::new(entries))
}

/// What the store knows of one app's use of routes, as the exposure reads it.
#[derive(Debug, Default)]
pub struct StoredUses {
    /// Scanned uses and the activity reports' routes.
    pub uses: Vec<RouteUse>,
    /// Daily calls per route over the activity window.
    pub calls: HashMap<RouteKey, RouteCalls>,
    /// `Deprecation`/`Sunset` headers seen during syncs.
    pub headers: Vec<HeaderFacts>,
}

/// The uses, calls and headers of `app` that the store holds.
pub fn stored_uses(store: &Store, app: AppId, today: Day) -> Result<StoredUses, StoreError> {
    let mut uses: Vec<RouteUse> = store
        .scanned_uses(app)?
        .into_iter()
        .map(|u| RouteUse {
            method: u.method,
            path: u.path,
            seen: SeenIn::scanned(u.file, u.line, u.root),
        })
        .collect();
    let rows = store.route_calls(app, today.plus(-(CALL_WINDOW_DAYS - 1)), today)?;
    let mut calls = HashMap::new();
    activity_uses(
        rows.iter()
            .map(|r| (r.method.as_str(), r.route.as_str(), r.day, r.calls)),
        None,
        today,
        &mut uses,
        &mut calls,
    );
    let headers = store
        .deprecation_signals(app)?
        .into_iter()
        .map(|s| HeaderFacts {
            method: s.method,
            path: s.path,
            deprecated: s.deprecated,
            deprecated_at: s.deprecated_at.map(Day::of),
            sunset: s.sunset_at.map(Day::of),
            link: s.link,
        })
        .collect();
    Ok(StoredUses {
        uses,
        calls,
        headers,
    })
}

/// `app`'s exposure on `today`, from the store alone (works offline).
pub fn app_exposure(
    store: &Store,
    app: AppId,
    today: Day,
) -> Result<Vec<RouteExposure>, StoreError> {
    exposure_with(&reference_index(store)?, store, app, today)
}

/// [`app_exposure`] with a reference index already read, for a pass over many apps.
pub fn exposure_with(
    index: &ReferenceIndex,
    store: &Store,
    app: AppId,
    today: Day,
) -> Result<Vec<RouteExposure>, StoreError> {
    let stored = stored_uses(store, app, today)?;
    Ok(exposure(
        index,
        &stored.uses,
        &stored.calls,
        &stored.headers,
        today,
    ))
}

/// Computes `app`'s exposure and records the events it implies; returns the exposure and
/// the events recorded for the first time.
pub fn evaluate(
    store: &mut Store,
    app: AppId,
    today: Day,
    now: UnixMillis,
) -> Result<(Vec<RouteExposure>, Vec<DeprecationEvent>), StoreError> {
    let routes = app_exposure(store, app, today)?;
    let events = deprecation_events(&routes, today);
    let recorded = store.record_deprecation_events(app, &events, now)?;
    Ok((routes, recorded))
}

/// `app`'s API health over the `days` days ending on its last day of activity, or `None`
/// when no activity report was imported.
pub fn api_health(store: &Store, app: AppId, days: i32) -> Result<Option<ApiHealth>, StoreError> {
    let Some((_, last)) = store.activity_span(app)? else {
        return Ok(None);
    };
    let from = last.plus(-(days.max(1) - 1));
    let rows = store.api_health(app, from, last)?;
    let index = reference_index(store)?;
    Ok(Some(plumbline_deprecations::api_health(
        rows.iter().map(|r| HealthRow {
            day: r.day,
            method: &r.method,
            route: &r.route,
            calls: r.calls,
            unauthorized: r.unauthorized,
            forbidden: r.forbidden,
            not_found: r.not_found,
            rate_limited: r.rate_limited,
        }),
        &index,
        from,
        last,
    )))
}

/// Parses a reference document and, if it is sound, accepts it with its history. A refused
/// document leaves the store untouched.
pub fn accept_reference(
    store: &mut Store,
    kind: ReferenceKind,
    source: &str,
    reader: impl Read,
    validators: (Option<&str>, Option<&str>),
    now: UnixMillis,
) -> Result<(RevisionOutcome, ParsedReference), WatchError> {
    let (parsed, sha256) = parse_reference_hashed(kind, reader)?;
    let operations: Vec<(String, _)> = parsed
        .operations
        .iter()
        .map(|(key, facts)| (key.to_string(), facts.clone()))
        .collect();
    let changelog: Vec<(String, _)> = parsed
        .changelog
        .iter()
        .map(|(key, entry)| (key.to_string(), entry.clone()))
        .collect();
    let outcome = store.accept_reference_revision(
        NewRevision {
            kind,
            source,
            sha256: &sha256,
            etag: validators.0,
            last_modified: validators.1,
            version: parsed.version.as_deref(),
            operations: &operations,
            changelog: &changelog,
        },
        now,
    )?;
    Ok((outcome, parsed))
}

/// Reads a downloaded reference file.
pub fn import_reference_file(
    store: &mut Store,
    kind: ReferenceKind,
    path: &Path,
    now: UnixMillis,
) -> Result<(RevisionOutcome, ParsedReference), WatchError> {
    let io = |source| WatchError::Io {
        path: path.display().to_string(),
        source,
    };
    let file = std::fs::File::open(path).map_err(io)?;
    let name = path.display().to_string();
    accept_reference(store, kind, &name, file, (None, None), now)
}

/// What a conditional request for one document found.
#[derive(Debug)]
pub enum ReferenceFetch {
    /// 304: the revision held is current. Costs one request and no body.
    NotModified,
    Fresh {
        url: String,
        body: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
}

/// Asks the docs host for `kind`, sending the validators of the revision held. No store is
/// touched, so the window and other writers are never kept waiting on the network.
pub async fn fetch_reference(
    client: &ProcoreClient,
    kind: ReferenceKind,
    held: Option<&ReferenceRevision>,
) -> Result<ReferenceFetch, WatchError> {
    let fetched = client
        .fetch_conditional(
            kind.path_and_query(),
            held.and_then(|r| r.etag.as_deref()),
            held.and_then(|r| r.last_modified.as_deref()),
        )
        .await?;
    Ok(match fetched {
        Fetched::NotModified => ReferenceFetch::NotModified,
        Fetched::Fresh {
            body,
            etag,
            last_modified,
        } => ReferenceFetch::Fresh {
            url: client
                .endpoints()
                .docs
                .join(kind.path_and_query())
                .map(|u| u.to_string())
                .unwrap_or_else(|_| kind.path_and_query().to_owned()),
            body,
            etag,
            last_modified,
        },
    })
}

/// The outcome of checking one document.
#[derive(Debug)]
pub enum ReferenceCheck {
    NotModified(ReferenceKind),
    Accepted(ReferenceKind, RevisionOutcome),
}

/// Stores what [`fetch_reference`] brought: a 304 only moves the check time.
pub fn store_fetch(
    store: &mut Store,
    kind: ReferenceKind,
    fetch: ReferenceFetch,
    now: UnixMillis,
) -> Result<ReferenceCheck, WatchError> {
    match fetch {
        ReferenceFetch::NotModified => {
            store.confirm_reference(kind, now)?;
            Ok(ReferenceCheck::NotModified(kind))
        }
        ReferenceFetch::Fresh {
            url,
            body,
            etag,
            last_modified,
        } => {
            let (outcome, _) = accept_reference(
                store,
                kind,
                &url,
                body.as_slice(),
                (etag.as_deref(), last_modified.as_deref()),
                now,
            )?;
            Ok(ReferenceCheck::Accepted(kind, outcome))
        }
    }
}

/// Stores a finished scan of `root` for `app`, replacing the folder's earlier findings.
pub fn record_scan(
    store: &mut Store,
    app: AppId,
    root: &Path,
    report: &ScanReport,
    now: UnixMillis,
) -> Result<(), StoreError> {
    let findings: Vec<ScanFinding> = report
        .uses
        .iter()
        .map(|u| ScanFinding {
            method: u.method.clone(),
            path: u.path.clone(),
            file: u.file.clone(),
            line: u.line,
        })
        .collect();
    store.replace_scan(
        app,
        &root.display().to_string(),
        &findings,
        report.files_scanned,
        report.files_skipped,
        now,
    )
}
