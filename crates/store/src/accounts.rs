//! Procore connections: which app signs in where, how, and how its last sync went.

use plumbline_domain::{
    Account, AccountEndpoints, AccountError, AppId, ConnectionOverview, Environment, ErrorCode,
    GrantType, RateSnapshot, UnixMillis,
};
use rusqlite::{OptionalExtension, Row, params};

use crate::{Store, StoreError};

const COLUMNS: &str = "app_id, environment, login_url, api_url, docs_url, client_id, grant_type, connected_at, last_sync_at, last_error_code, last_error, rate_limit, rate_remaining, rate_reset, coalesce(last_error_at, last_sync_at)";
/// How many columns `COLUMNS` names: a query that selects more reads them from here on.
const COLUMN_COUNT: usize = 15;

fn conversion(index: usize, e: plumbline_domain::Invalid) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(index, rusqlite::types::Type::Text, Box::new(e))
}

fn error_code(text: &str) -> ErrorCode {
    ErrorCode::ALL
        .into_iter()
        .find(|c| format!("{c:?}") == text)
        .unwrap_or(ErrorCode::Internal)
}

fn account_from_row(row: &Row<'_>) -> rusqlite::Result<Account> {
    let environment: String = row.get(1)?;
    let endpoints = if environment == "custom" {
        AccountEndpoints::Custom {
            login_url: row.get::<_, Option<String>>(2)?.unwrap_or_default(),
            api_url: row.get::<_, Option<String>>(3)?.unwrap_or_default(),
            docs_url: row.get::<_, Option<String>>(4)?.unwrap_or_default(),
        }
    } else {
        AccountEndpoints::Known {
            environment: environment
                .parse::<Environment>()
                .map_err(|e| conversion(1, e))?,
        }
    };
    let grant: String = row.get(6)?;
    let last_error = match (
        row.get::<_, Option<String>>(9)?,
        row.get::<_, Option<String>>(10)?,
    ) {
        (Some(code), Some(message)) => Some(AccountError {
            code: error_code(&code),
            message,
            at: UnixMillis(row.get::<_, Option<i64>>(14)?.unwrap_or_default()),
        }),
        _ => None,
    };
    let rate = match (
        row.get::<_, Option<i64>>(11)?,
        row.get::<_, Option<i64>>(12)?,
        row.get::<_, Option<i64>>(13)?,
    ) {
        (Some(limit), Some(remaining), Some(reset)) => Some(RateSnapshot {
            limit: limit.max(0) as u64,
            remaining: remaining.max(0) as u64,
            reset: UnixMillis(reset),
        }),
        _ => None,
    };
    Ok(Account {
        app_id: AppId(row.get(0)?),
        endpoints,
        client_id: row.get(5)?,
        grant: grant.parse::<GrantType>().map_err(|e| conversion(6, e))?,
        connected_at: UnixMillis(row.get(7)?),
        last_sync_at: row.get::<_, Option<i64>>(8)?.map(UnixMillis),
        last_error,
        rate,
    })
}

impl Store {
    /// Saves (or replaces) an app's connection. The app must exist.
    pub fn save_account(&self, account: &Account) -> Result<(), StoreError> {
        self.get_app(account.app_id)?;
        let (environment, login, api, docs) = match &account.endpoints {
            AccountEndpoints::Known { environment } => (environment.as_str(), None, None, None),
            AccountEndpoints::Custom {
                login_url,
                api_url,
                docs_url,
            } => (
                "custom",
                Some(login_url.as_str()),
                Some(api_url.as_str()),
                Some(docs_url.as_str()),
            ),
        };
        self.conn.prepare_cached(
            "INSERT INTO accounts (app_id, environment, login_url, api_url, docs_url, client_id, grant_type, connected_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
             ON CONFLICT (app_id) DO UPDATE SET
                environment = excluded.environment, login_url = excluded.login_url,
                api_url = excluded.api_url, docs_url = excluded.docs_url,
                client_id = excluded.client_id, grant_type = excluded.grant_type,
                connected_at = excluded.connected_at, last_error_code = NULL, last_error = NULL,
                last_error_at = NULL, failing_since = NULL,
                rate_limit = NULL, rate_remaining = NULL, rate_reset = NULL",
        )?
        .execute(params![account.app_id.0, environment, login, api, docs, account.client_id, account.grant.as_str(), account.connected_at.0])?;
        Ok(())
    }

    pub fn account(&self, app: AppId) -> Result<Option<Account>, StoreError> {
        Ok(self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM accounts WHERE app_id = ?1"))?
            .query_row([app.0], account_from_row)
            .optional()?)
    }

    /// Every connection, by app id.
    pub fn accounts(&self) -> Result<Vec<Account>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {COLUMNS} FROM accounts ORDER BY app_id"))?;
        let accounts = stmt
            .query_map([], account_from_row)?
            .collect::<Result<_, _>>()?;
        Ok(accounts)
    }

    /// Every connection with its installed-company count, for the Portfolio: one query.
    pub fn connection_overview(&self) -> Result<Vec<ConnectionOverview>, StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS},
                    (SELECT count(*) FROM installed_companies c WHERE c.app_id = accounts.app_id)
             FROM accounts ORDER BY app_id"
        ))?;
        let rows = stmt.query_map([], |row| {
            let account = account_from_row(row)?;
            Ok(ConnectionOverview {
                app_id: account.app_id,
                grant: account.grant,
                last_sync_at: account.last_sync_at,
                last_error: account.last_error,
                companies: row.get(COLUMN_COUNT)?,
            })
        })?;
        Ok(rows.collect::<Result<_, _>>()?)
    }

    /// Removes a connection (the secrets are the caller's to delete from the keychain).
    pub fn remove_account(&self, app: AppId) -> Result<bool, StoreError> {
        Ok(self
            .conn
            .prepare_cached("DELETE FROM accounts WHERE app_id = ?1")?
            .execute([app.0])?
            > 0)
    }

    /// Records a successful sync and the rate-limit window it ended with.
    pub fn record_sync_success(
        &self,
        app: AppId,
        at: UnixMillis,
        rate: Option<RateSnapshot>,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE accounts SET last_sync_at = ?2, last_error_code = NULL, last_error = NULL,
                    last_error_at = NULL, failing_since = NULL,
                    rate_limit = coalesce(?3, rate_limit), rate_remaining = coalesce(?4, rate_remaining),
                    rate_reset = coalesce(?5, rate_reset)
                 WHERE app_id = ?1",
            )?
            .execute(params![app.0, at.0, rate.map(|r| r.limit as i64), rate.map(|r| r.remaining as i64), rate.map(|r| r.reset.0)])?;
        Ok(())
    }

    /// Records why a sync failed; the last successful sync time stays as it was.
    pub fn record_sync_error(
        &self,
        app: AppId,
        error: &AccountError,
        rate: Option<RateSnapshot>,
    ) -> Result<(), StoreError> {
        self.conn
            .prepare_cached(
                "UPDATE accounts SET last_error_code = ?2, last_error = ?3,
                    rate_limit = coalesce(?4, rate_limit), rate_remaining = coalesce(?5, rate_remaining),
                    rate_reset = coalesce(?6, rate_reset),
                    last_error_at = ?7, failing_since = coalesce(failing_since, ?7)
                 WHERE app_id = ?1",
            )?
            .execute(params![app.0, format!("{:?}", error.code), error.message, rate.map(|r| r.limit as i64), rate.map(|r| r.remaining as i64), rate.map(|r| r.reset.0), error.at.0])?;
        Ok(())
    }

    /// Since when `app`'s syncs have failed with no success in between, if they are failing.
    pub fn failing_since(&self, app: AppId) -> Result<Option<UnixMillis>, StoreError> {
        Ok(self
            .conn
            .prepare_cached("SELECT failing_since FROM accounts WHERE app_id = ?1")?
            .query_row([app.0], |r| r.get::<_, Option<i64>>(0))
            .optional()?
            .flatten()
            .map(UnixMillis))
    }
}
