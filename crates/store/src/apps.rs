//! The partner's portfolio of apps.

use plumbline_domain::{
    App, AppId, AppPatch, DisplayName, Distribution, Environment, Role, UnixMillis, ValidNewApp,
};
use rusqlite::{Row, params};

use crate::{Store, StoreError};

const APP_COLUMNS: &str = "id, display_name, procore_app_id, client_id, environment, role, demo, created_at, updated_at, distribution";

fn app_from_row(row: &Row<'_>) -> rusqlite::Result<App> {
    // The CHECK constraints keep these columns to known spellings; a value that still fails
    // to parse means the file was edited by hand, which we report rather than panic on.
    let parse_err = |index: usize, e: plumbline_domain::Invalid| {
        rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
    };
    let environment: String = row.get(4)?;
    let role: String = row.get(5)?;
    let distribution: String = row.get(9)?;
    Ok(App {
        id: AppId(row.get(0)?),
        display_name: row.get(1)?,
        procore_app_id: row.get(2)?,
        client_id: row.get(3)?,
        environment: environment
            .parse::<Environment>()
            .map_err(|e| parse_err(4, e))?,
        role: role.parse::<Role>().map_err(|e| parse_err(5, e))?,
        demo: row.get(6)?,
        created_at: UnixMillis(row.get(7)?),
        updated_at: UnixMillis(row.get(8)?),
        distribution: distribution
            .parse::<Distribution>()
            .map_err(|e| parse_err(9, e))?,
    })
}

impl Store {
    /// Every app, demo apps last, then by name (case-insensitive) and id.
    pub fn list_apps(&self) -> Result<Vec<App>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {APP_COLUMNS} FROM apps ORDER BY demo, display_name COLLATE NOCASE, id"
        ))?;
        let apps = stmt
            .query_map([], app_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(apps)
    }

    pub fn get_app(&self, id: AppId) -> Result<App, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {APP_COLUMNS} FROM apps WHERE id = ?1"))?;
        let mut rows = stmt.query_map([id.0], app_from_row)?;
        rows.next().transpose()?.ok_or(StoreError::AppNotFound(id))
    }

    /// Adds an app that passed validation and returns it as stored.
    pub fn add_app(&self, app: &ValidNewApp, now: UnixMillis) -> Result<App, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "INSERT INTO apps (display_name, procore_app_id, client_id, environment, role, demo, created_at, updated_at)
             VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?6)",
        )?;
        stmt.execute(params![
            app.display_name.as_str(),
            app.procore_app_id,
            app.client_id,
            app.environment.as_str(),
            app.role.as_str(),
            now.0,
        ])?;
        self.get_app(AppId(self.conn.last_insert_rowid()))
    }

    /// Renames an app or changes its role, environment or distribution; fields left out stay as they are.
    pub fn update_app(
        &self,
        id: AppId,
        patch: &AppPatch,
        now: UnixMillis,
    ) -> Result<App, StoreError> {
        let display_name = patch
            .display_name
            .as_deref()
            .map(DisplayName::parse)
            .transpose()?
            .map(DisplayName::into_string);
        let changed = self
            .conn
            .prepare_cached(
                "UPDATE apps SET
                display_name = coalesce(?2, display_name),
                environment  = coalesce(?3, environment),
                role         = coalesce(?4, role),
                distribution = coalesce(?6, distribution),
                updated_at   = ?5
             WHERE id = ?1",
            )?
            .execute(params![
                id.0,
                display_name,
                patch.environment.map(Environment::as_str),
                patch.role.map(Role::as_str),
                now.0,
                patch.distribution.map(Distribution::as_str),
            ])?;
        if changed == 0 {
            return Err(StoreError::AppNotFound(id));
        }
        self.get_app(id)
    }

    /// Removes an app and (through foreign keys, as later tables arrive) everything stored
    /// about it.
    pub fn remove_app(&self, id: AppId) -> Result<(), StoreError> {
        let removed = self
            .conn
            .prepare_cached("DELETE FROM apps WHERE id = ?1")?
            .execute([id.0])?;
        if removed == 0 {
            return Err(StoreError::AppNotFound(id));
        }
        Ok(())
    }
}

/// Refuses work for an app that is not (or no longer) in the portfolio, inside the caller's
/// transaction so the answer holds until it commits.
pub(crate) fn ensure_app(conn: &rusqlite::Connection, app: AppId) -> Result<(), StoreError> {
    let exists: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM apps WHERE id = ?1)",
        [app.0],
        |r| r.get(0),
    )?;
    if exists {
        Ok(())
    } else {
        Err(StoreError::AppNotFound(app))
    }
}
