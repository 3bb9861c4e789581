//! The demo portfolio shown when no Procore account is configured.
//!
//! Seeded once per profile: a partner who removes the demo apps does not get them back.

use plumbline_domain::{AppId, DisplayName, Environment, Role, UnixMillis};

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
