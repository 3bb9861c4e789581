//! The deprecation watch against the simulator over loopback and a real SQLite file:
//! conditional reference checks, a revision that moves a sunset earlier and deprecates a used
//! route, the exposure and its events, and a broken document that changes nothing.

#![allow(clippy::unwrap_used)]

use plumbline_deprecations::RouteStatus;
use plumbline_domain::{
    Day, DeprecationEventKind, FactChange, ImportKind, NewApp, ReferenceKind, UnixMillis,
};
use plumbline_engine::watch::{self, ReferenceCheck, WatchError};
use plumbline_procore::{Endpoints, ProcoreClient, ProcoreEnvironment};
use plumbline_procore_sim::{DAY, RunningSimulator, SimConfig};
use plumbline_store::Store;

const START: i64 = 1_795_000_000; // 2026-11-18

fn client(sim: &RunningSimulator) -> ProcoreClient {
    let url = &sim.base_url;
    ProcoreClient::new(&ProcoreEnvironment::Custom(Box::new(
        Endpoints::custom(url, url, url).unwrap(),
    )))
    .unwrap()
}

async fn check(
    client: &ProcoreClient,
    store: &mut Store,
    kind: ReferenceKind,
    now: UnixMillis,
) -> ReferenceCheck {
    let held = store.reference_revision(kind).unwrap();
    let fetched = watch::fetch_reference(client, kind, held.as_ref())
        .await
        .unwrap();
    watch::store_fetch(store, kind, fetched, now).unwrap()
}

#[tokio::test]
async fn a_revision_that_moves_a_sunset_earlier_is_seen_and_told_once() {
    let sim = RunningSimulator::start(SimConfig {
        start: Some(START),
        ..SimConfig::default()
    })
    .await
    .unwrap();
    let scenario = plumbline_procore_sim::Scenario::build("demo", 1, START, 0).unwrap();
    let client = client(&sim);
    let dir = tempfile::tempdir().unwrap();
    let mut store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    let app = store
        .add_app(
            &NewApp::named(&scenario.apps[0].name).validate().unwrap(),
            UnixMillis(1),
        )
        .unwrap()
        .id;
    // The app's API Call Activity Report, as the portal offers it.
    let report = dir.path().join("activity.csv");
    std::fs::write(
        &report,
        plumbline_procore_sim::api_activity_report(&scenario, 0, START),
    )
    .unwrap();
    plumbline_ingest::import_file(
        &mut store,
        app,
        &report,
        ImportKind::Activity,
        UnixMillis(START * 1000),
        &mut |_| {},
    )
    .unwrap();

    let t0 = UnixMillis(START * 1000);
    for kind in [ReferenceKind::OpenApi, ReferenceKind::Legacy] {
        let ReferenceCheck::Accepted(_, outcome) = check(&client, &mut store, kind, t0).await
        else {
            panic!("the first check must bring the document");
        };
        assert!(!outcome.unchanged);
    }
    let held = store
        .reference_revision(ReferenceKind::OpenApi)
        .unwrap()
        .unwrap();
    assert_eq!(held.operations, 1_953, "1,957 operations, 4 of them OAuth");
    assert!(held.etag.is_some());

    // Nothing new: one conditional request per document, answered 304.
    let before = sim.requests_by_route();
    let t1 = UnixMillis(t0.0 + 3_600_000);
    for kind in [ReferenceKind::OpenApi, ReferenceKind::Legacy] {
        assert!(matches!(
            check(&client, &mut store, kind, t1).await,
            ReferenceCheck::NotModified(_)
        ));
    }
    let after = sim.requests_by_route();
    let spent: u64 = after.values().sum::<u64>() - before.values().sum::<u64>();
    assert_eq!(spent, 2, "{before:?} -> {after:?}");
    let held = store
        .reference_revision(ReferenceKind::OpenApi)
        .unwrap()
        .unwrap();
    assert_eq!(held.checked_at, t1);
    assert_eq!(held.accepted_at, t0);

    let today = Day::of(t0);
    let (routes, events) = watch::evaluate(&mut store, app, today, t0).unwrap();
    let (m, p) = &scenario.moved_sunset;
    let moved = routes
        .iter()
        .find(|r| &r.method == m && &r.path == p)
        .expect("the activity calls the route whose sunset moves");
    assert_eq!(moved.status, RouteStatus::Deprecated);
    assert_eq!(moved.days_left, Some(75));
    assert!(moved.calls_30d > 0);
    assert_eq!(
        events
            .iter()
            .map(|e| (e.kind, e.milestone))
            .collect::<Vec<_>>(),
        vec![(DeprecationEventKind::SunsetMilestone, Some(90))]
    );

    // Four days later Procore publishes the revision.
    sim.clock().advance(4 * DAY);
    let t2 = UnixMillis((START + 4 * DAY) * 1000);
    let ReferenceCheck::Accepted(_, outcome) =
        check(&client, &mut store, ReferenceKind::OpenApi, t2).await
    else {
        panic!("the revision is a new document");
    };
    let mut changes: Vec<_> = outcome
        .changes
        .iter()
        .map(|(k, c)| (k.clone(), c.change))
        .collect();
    changes.sort();
    assert_eq!(
        changes,
        vec![
            (
                format!("{m} /rest/v1.0/bim_models/{{}}/change_history"),
                FactChange::SunsetEarlier
            ),
            (
                "GET /rest/v1.0/projects/{}/rfis".into(),
                FactChange::Deprecated
            ),
            (
                "GET /rest/v1.0/projects/{}/rfis".into(),
                FactChange::SunsetAnnounced
            ),
        ]
    );
    let today = Day::of(t2);
    let (routes, events) = watch::evaluate(&mut store, app, today, t2).unwrap();
    let moved = routes.iter().find(|r| &r.path == p).unwrap();
    assert_eq!(moved.days_left, Some(41));
    assert_eq!(moved.history.len(), 1);
    assert_eq!(moved.history[0].seen_at, t2);
    let mut kinds: Vec<_> = events.iter().map(|e| (e.kind, e.milestone)).collect();
    kinds.sort();
    assert_eq!(
        kinds,
        vec![
            (DeprecationEventKind::NewDeprecation, None),
            (DeprecationEventKind::SunsetEarlier, None),
            (DeprecationEventKind::SunsetMilestone, Some(90)),
        ],
        "the moved date starts a new countdown; the RFIs route is newly deprecated"
    );
    let rfis = routes
        .iter()
        .find(|r| r.path == "/rest/v1.0/projects/{project_id}/rfis" && r.method == "GET")
        .unwrap();
    assert_eq!(rfis.status, RouteStatus::Deprecated);

    // Evaluating again, or after reopening the file, tells nothing twice.
    let (_, again) = watch::evaluate(&mut store, app, today, t2).unwrap();
    assert!(again.is_empty(), "{again:?}");
    drop(store);
    let mut store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    let (_, again) = watch::evaluate(&mut store, app, today, t2).unwrap();
    assert!(again.is_empty());

    // A broken download changes nothing.
    let good = store
        .reference_revision(ReferenceKind::OpenApi)
        .unwrap()
        .unwrap();
    let facts = store.reference_facts().unwrap().len();
    for body in [
        b"<html><body>Bad gateway</body></html>".to_vec(),
        Vec::new(),
        br#"{"openapi": "3.0.1", "paths": {"/rest/v1.0/x": {"get": {"#.to_vec(),
        br#"{"data": [1, 2, 3]}"#.to_vec(),
    ] {
        let refused = watch::accept_reference(
            &mut store,
            ReferenceKind::OpenApi,
            "download",
            body.as_slice(),
            (None, None),
            UnixMillis(t2.0 + 1),
        );
        assert!(
            matches!(refused, Err(WatchError::Reference(_))),
            "{refused:?}"
        );
    }
    assert_eq!(
        store
            .reference_revision(ReferenceKind::OpenApi)
            .unwrap()
            .unwrap(),
        good
    );
    assert_eq!(store.reference_facts().unwrap().len(), facts);
}
