//! The demo portfolio shown when no Procore account is configured.
//!
//! Seeded once per profile: a partner who removes the demo apps does not get them back.

use plumbline_domain::{
    AppId, DisplayName, Distribution, Environment, Invalid, Role, Semver, UnixMillis,
    VersionAction, VersionState, VersionTransition,
};

use crate::preferences::DEMO_SEEDED;
use crate::{Store, StoreError};

/// The sample apps: plausible Marketplace apps across environments and roles.
pub const DEMO_APPS: &[(&str, Environment, Role)] = &[
    ("Site Diary Sync", Environment::Production, Role::Owner),
    ("Punch List Pro", Environment::Production, Role::Admin),
    (
        "Concrete Pour Tracker",
        Environment::DeveloperSandbox,
        Role::Developer,
    ),
    ("Federal Timesheets", Environment::Federal, Role::Admin),
];

impl Store {
    /// Seeds the demo portfolio if this profile has never had it and holds no apps of the
    /// partner's own. Returns whether anything was added. One transaction: either every demo
    /// app is there, or none is.
    pub fn seed_demo_portfolio(&mut self, now: UnixMillis) -> Result<bool, StoreError> {
        if self.preference(DEMO_SEEDED)?.is_some() || !self.list_apps()?.is_empty() {
            return Ok(false);
        }
        let tx = self.conn.transaction()?;
        for (index, (name, environment, role)) in DEMO_APPS.iter().enumerate() {
            tx.execute(
                "INSERT INTO apps (display_name, procore_app_id, client_id, environment, role, demo, created_at, updated_at)
                 VALUES (?1, ?2, NULL, ?3, ?4, 1, ?5, ?5)",
                rusqlite::params![
                    DisplayName::parse(name)?.as_str(),
                    format!("demo-{}", index + 1),
                    environment.as_str(),
                    role.as_str(),
                    now.0,
                ],
            )?;
        }
        seed_demo_versions(&tx, now)?;
        seed_demo_listing(&tx, now)?;
        tx.execute(
            "INSERT INTO preferences (key, value) VALUES (?1, '1')",
            [DEMO_SEEDED],
        )?;
        tx.commit()?;
        Ok(true)
    }

    /// Removes the demo apps (the partner's own stay) and remembers not to seed them again.
    pub fn remove_demo_portfolio(&mut self) -> Result<usize, StoreError> {
        let tx = self.conn.transaction()?;
        let removed = tx.execute("DELETE FROM apps WHERE demo = 1", [])?;
        tx.execute(
            "INSERT INTO preferences (key, value) VALUES (?1, '1') ON CONFLICT (key) DO NOTHING",
            [DEMO_SEEDED],
        )?;
        tx.commit()?;
        Ok(removed)
    }

    /// Whether any demo app is in the portfolio.
    pub fn has_demo_apps(&self) -> Result<bool, StoreError> {
        Ok(self.conn.query_row(
            "SELECT EXISTS (SELECT 1 FROM apps WHERE demo = 1)",
            [],
            |r| r.get(0),
        )?)
    }

    /// The demo apps, whose alerts and notifications say they are demo data.
    pub fn demo_app_ids(&self) -> Result<Vec<AppId>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id FROM apps WHERE demo = 1 ORDER BY id")?;
        let ids = stmt.query_map([], |r| Ok(AppId(r.get(0)?)))?;
        Ok(ids.collect::<Result<_, _>>()?)
    }
}

/// A demo version: app index in [`DEMO_APPS`], number, manifest, release notes, and its moves
/// as (action, days before now).
type DemoVersion = (
    usize,
    &'static str,
    &'static str,
    &'static str,
    &'static [(Option<VersionAction>, i64)],
);

const DEMO_VERSIONS: &[DemoVersion] = &[
    (
        0,
        "2.3.0",
        include_str!("demo_manifests/site-diary-sync-2.3.0.json"),
        "Daily logs copy every night, with photos.",
        &[
            (None, 205),
            (Some(VersionAction::Promote), 200),
            (Some(VersionAction::Submit), 200),
            (Some(VersionAction::Approve), 193),
        ],
    ),
    (
        1,
        "1.0.0",
        include_str!("demo_manifests/punch-list-pro-1.0.0.json"),
        "First release: punch lists with photos, synced to Procore.",
        &[
            (None, 402),
            (Some(VersionAction::Promote), 400),
            (Some(VersionAction::Submit), 400),
            (Some(VersionAction::Approve), 391),
        ],
    ),
    (
        1,
        "1.1.0",
        include_str!("demo_manifests/punch-list-pro-1.1.0.json"),
        "A side panel on punch items, and photos from the Photos tool.",
        &[
            (None, 72),
            (Some(VersionAction::Promote), 70),
            (Some(VersionAction::Submit), 70),
            (Some(VersionAction::Approve), 62),
        ],
    ),
    (
        1,
        "1.2.0",
        include_str!("demo_manifests/punch-list-pro-1.2.0.json"),
        "Regions, and the side panel on purchase orders.",
        &[(None, 1)],
    ),
];

/// Versions for the demo apps with Owner or Admin roles, so the Versions tab and the release
/// marks on the charts show something real from the first start. Each history is a path the
/// portal allows (checked as it is replayed), and each promotion marks its day (as every
/// recorded version's does).
fn seed_demo_versions(tx: &rusqlite::Transaction<'_>, now: UnixMillis) -> Result<(), StoreError> {
    const DAY: i64 = 86_400_000;
    for (app_index, number, manifest, notes, moves) in DEMO_VERSIONS {
        let (name, _, role) = DEMO_APPS[*app_index];
        let app: i64 = tx.query_row(
            "SELECT id FROM apps WHERE demo = 1 AND display_name = ?1",
            [name],
            |r| r.get(0),
        )?;
        let mut history = Vec::new();
        let mut state = VersionState::ReadyForTesting;
        for (action, days_ago) in moves.iter() {
            let at = UnixMillis(now.0 - days_ago * DAY);
            if let Some(action) = action {
                state = action
                    .target(state, Distribution::Marketplace)
                    .ok_or_else(|| {
                        Invalid(format!(
                            "demo version {number}: {} is not allowed",
                            action.as_str()
                        ))
                    })?;
            }
            history.push(VersionTransition {
                action: *action,
                state,
                role,
                at,
                comments: None,
            });
        }
        crate::versions::put_recorded(
            tx,
            AppId(app),
            &crate::RecordedVersion {
                version: Semver::parse(number).map_err(Invalid)?,
                manifest,
                release_notes: notes,
                state,
                history: &history,
            },
            now,
        )?;
    }
    Ok(())
}

/// Punch List Pro's listing draft, so the Listing tab shows a real one: its text passes the
/// guidelines, and the logo and screenshots are still to add (the precheck says so).
fn seed_demo_listing(tx: &rusqlite::Transaction<'_>, now: UnixMillis) -> Result<(), StoreError> {
    let app: i64 = tx.query_row(
        "SELECT id FROM apps WHERE demo = 1 AND display_name = 'Punch List Pro'",
        [],
        |r| r.get(0),
    )?;
    let listing = crate::ListingRecord {
        name: "Punch List Pro".into(),
        tagline: "Punch lists with photos, synced.".into(),
        summary: "Punch List Pro keeps every punch item, its photos and its sign-off in step with \
Procore's Punch List tool. Superintendents walk the site with the phone app, mark items with \
photos and assignees, and the items appear in Procore within a minute; closing an item in \
Procore closes it on the phone."
            .into(),
        how_it_works: "Install the app, enter your Punch List Pro tenant in its settings, and \
open it from the project's Apps menu. The side panel shows the punch items of the record you \
are looking at."
            .into(),
        features: vec![
            "Photos and markups on every punch item".into(),
            "Sign-off on site, with the assignee's name and time".into(),
            "Two-way sync with Procore's Punch List tool".into(),
        ],
        details: r#"{
  "categories": ["Quality & Safety", "Project Management"],
  "contact": {"button": "learn_how", "url": "https://punchlist.example/procore"},
  "installation": "allow",
  "built_by": "Punch List Pro Inc.",
  "sold_by": "Punch List Pro Inc.",
  "pricing": {"subscription_required": true, "third_party_connector": false, "free_trial": true, "details": "Per project, billed yearly."},
  "regions": ["North America"],
  "support_email": "help@punchlist.example",
  "support_url": "https://help.punchlist.example",
  "helpful_links": [{"label": "Setup guide", "url": "https://docs.punchlist.example/setup"}],
  "required_tools": [{"tool": "RFIs", "level": "standard"}, {"tool": "Submittals", "level": "readonly"}]
}
"#
        .into(),
        media: Vec::new(),
        updated_at: now,
    };
    crate::listings::put_listing(tx, AppId(app), crate::Snapshot::Draft, &listing, now)
}
