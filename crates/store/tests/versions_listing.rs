//! Versions and the listing in a real SQLite file: the lifecycle inside one transaction, the
//! role gate, two writers racing, the listing's snapshots and media.

#![allow(clippy::unwrap_used)]

use plumbline_domain::{
    AnnotationKind, AppId, AppPatch, Day, ErrorCode, NewApp, Role, Semver, UnixMillis,
    VersionAction, VersionState,
};
use plumbline_store::{
    ActionDetails, ListingRecord, MediaRecord, MediaRole, NewVersion, Scope, Snapshot, Store,
};

fn v(text: &str) -> Semver {
    Semver::parse(text).unwrap()
}

fn setup(dir: &tempfile::TempDir) -> (Store, AppId) {
    let store = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    let app = store
        .add_app(
            &NewApp::named("Punch List Pro").validate().unwrap(),
            UnixMillis(1),
        )
        .unwrap()
        .id;
    (store, app)
}

fn add(
    store: &mut Store,
    app: AppId,
    version: &str,
    at: i64,
) -> Result<plumbline_domain::AppVersion, plumbline_store::StoreError> {
    store.add_version(
        app,
        &NewVersion {
            version: v(version),
            manifest: "{\"schema_version\": \"4.1\"}\n",
            release_notes: "Notes.",
        },
        UnixMillis(at),
    )
}

#[test]
fn versions_are_ordered_as_numbers_and_must_rise() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = setup(&dir);
    add(&mut store, app, "1.9.0", 10).unwrap();
    add(&mut store, app, "1.10.0", 20).unwrap();
    let err = add(&mut store, app, "1.9.5", 30).unwrap_err();
    assert_eq!(err.code(), ErrorCode::Invalid);
    assert!(
        err.to_string().contains("not higher than 1.10.0") && err.to_string().contains("1.10.1"),
        "{err}"
    );
    let listed: Vec<String> = store
        .versions(app)
        .unwrap()
        .into_iter()
        .map(|v| v.version)
        .collect();
    assert_eq!(listed, ["1.10.0", "1.9.0"]);
    assert_eq!(
        store.version(app, v("2.0.0")).unwrap_err().code(),
        ErrorCode::NotFound
    );
}

#[test]
fn every_move_is_recorded_with_time_and_role_and_a_refused_one_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = setup(&dir);
    add(&mut store, app, "1.0.0", 10).unwrap();
    let refused = store.record_version_action(
        app,
        v("1.0.0"),
        VersionAction::Submit,
        ActionDetails::default(),
        UnixMillis(15),
    );
    assert_eq!(refused.unwrap_err().code(), ErrorCode::Invalid);
    store
        .update_app(
            app,
            &AppPatch {
                role: Some(Role::Admin),
                ..Default::default()
            },
            UnixMillis(16),
        )
        .unwrap();
    let promoted = store
        .record_version_action(
            app,
            v("1.0.0"),
            VersionAction::Promote,
            ActionDetails {
                release_notes: Some(" Photos. "),
                comments: None,
            },
            UnixMillis(20),
        )
        .unwrap();
    assert_eq!(promoted.state, VersionState::Promoted);
    assert_eq!(promoted.release_notes, "Photos.");
    let history: Vec<_> = promoted
        .history
        .iter()
        .map(|t| (t.action, t.state, t.role, t.at.0))
        .collect();
    assert_eq!(
        history,
        [
            (None, VersionState::ReadyForTesting, Role::Owner, 10),
            (
                Some(VersionAction::Promote),
                VersionState::Promoted,
                Role::Admin,
                20
            ),
        ]
    );
    // The promotion is a release mark on its day.
    let marks = store
        .annotations(
            Scope::App(app),
            Day::of(UnixMillis(0)),
            Day::of(UnixMillis(20)),
        )
        .unwrap();
    assert_eq!(
        marks
            .iter()
            .map(|m| (m.kind, m.text.as_str()))
            .collect::<Vec<_>>(),
        [(AnnotationKind::Release, "Version 1.0.0 promoted")]
    );
    // A promoted manifest is kept as it was.
    let err = store
        .edit_version(app, v("1.0.0"), Some("{}"), None, UnixMillis(30))
        .unwrap_err();
    assert!(err.to_string().contains("Create a new version"), "{err}");
}

#[test]
fn two_writers_cannot_both_promote() {
    let dir = tempfile::tempdir().unwrap();
    let (mut first, app) = setup(&dir);
    add(&mut first, app, "1.0.0", 10).unwrap();
    let mut second = Store::open(&dir.path().join("p.sqlite3")).unwrap();
    first
        .record_version_action(
            app,
            v("1.0.0"),
            VersionAction::Promote,
            ActionDetails::default(),
            UnixMillis(20),
        )
        .unwrap();
    let again = second.record_version_action(
        app,
        v("1.0.0"),
        VersionAction::Promote,
        ActionDetails::default(),
        UnixMillis(21),
    );
    assert!(
        again.unwrap_err().to_string().contains("Promoted"),
        "the second sees the first's commit"
    );
    let version = second.version(app, v("1.0.0")).unwrap();
    assert_eq!(version.history.len(), 2);
    let marks = second
        .annotations(
            Scope::App(app),
            Day::of(UnixMillis(0)),
            Day::of(UnixMillis(30)),
        )
        .unwrap();
    assert_eq!(marks.len(), 1, "one release mark");
}

#[test]
fn promoting_needs_release_notes() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = setup(&dir);
    store
        .add_version(
            app,
            &NewVersion {
                version: v("1.0.0"),
                manifest: "{}",
                release_notes: "",
            },
            UnixMillis(1),
        )
        .unwrap();
    let err = store
        .record_version_action(
            app,
            v("1.0.0"),
            VersionAction::Promote,
            ActionDetails::default(),
            UnixMillis(2),
        )
        .unwrap_err();
    assert!(err.to_string().contains("needs release notes"), "{err}");
    assert_eq!(
        store.version(app, v("1.0.0")).unwrap().state,
        VersionState::ReadyForTesting
    );
}

fn listing(name: &str) -> ListingRecord {
    ListingRecord {
        name: name.into(),
        tagline: "Punch lists, done.".into(),
        summary: "s".repeat(250),
        how_it_works: "It syncs.".into(),
        features: vec!["One".into(), "Two".into(), "Three".into()],
        details: "{}\n".into(),
        media: vec![
            MediaRecord {
                role: MediaRole::Screenshot,
                file_name: "02.png".into(),
                bytes: vec![2],
            },
            MediaRecord {
                role: MediaRole::Logo,
                file_name: "logo.png".into(),
                bytes: vec![0],
            },
            MediaRecord {
                role: MediaRole::Screenshot,
                file_name: "01.png".into(),
                bytes: vec![1],
            },
        ],
        updated_at: UnixMillis(5),
    }
}

#[test]
fn the_listing_draft_and_the_submitted_snapshot() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, app) = setup(&dir);
    assert_eq!(store.listing(app, Snapshot::Draft).unwrap(), None);
    assert!(
        store.submit_listing(app, UnixMillis(6)).is_err(),
        "nothing to submit"
    );
    store
        .save_listing_draft(app, &listing("Punch List Pro"), UnixMillis(5))
        .unwrap();
    let draft = store.listing(app, Snapshot::Draft).unwrap().unwrap();
    // Media come back logo first, then screenshots in the order given.
    assert_eq!(
        draft
            .media
            .iter()
            .map(|m| m.file_name.as_str())
            .collect::<Vec<_>>(),
        ["logo.png", "02.png", "01.png"]
    );
    assert_eq!(draft.features, ["One", "Two", "Three"]);
    store.submit_listing(app, UnixMillis(7)).unwrap();
    store
        .save_listing_draft(app, &listing("Punch List Pro 2"), UnixMillis(8))
        .unwrap();
    assert_eq!(
        store
            .listing(app, Snapshot::Submitted)
            .unwrap()
            .unwrap()
            .name,
        "Punch List Pro"
    );
    assert_eq!(
        store.listing(app, Snapshot::Draft).unwrap().unwrap().name,
        "Punch List Pro 2"
    );
    let marks = store
        .annotations(
            Scope::App(app),
            Day::of(UnixMillis(0)),
            Day::of(UnixMillis(8)),
        )
        .unwrap();
    assert_eq!(marks[0].kind, AnnotationKind::Listing);

    let mut bad = listing("x");
    bad.features.push("two\nlines".into());
    assert!(store.save_listing_draft(app, &bad, UnixMillis(9)).is_err());
    assert_eq!(
        store.listing(app, Snapshot::Draft).unwrap().unwrap().name,
        "Punch List Pro 2",
        "nothing written"
    );

    store
        .update_app(
            app,
            &AppPatch {
                role: Some(Role::Developer),
                ..Default::default()
            },
            UnixMillis(10),
        )
        .unwrap();
    let err = store
        .save_listing_draft(app, &listing("Mine"), UnixMillis(11))
        .unwrap_err();
    assert!(err.to_string().contains("Developer"), "{err}");
    assert!(
        store
            .submit_listing(app, UnixMillis(12))
            .unwrap_err()
            .to_string()
            .contains("Developer")
    );
}
