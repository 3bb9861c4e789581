//! An account's token lifecycle.

use plumbline_domain::{Account, AccountEndpoints, GrantType, UnixMillis};
use plumbline_procore::{
    Endpoints, ProcoreClient, ProcoreEnvironment, ProcoreError, Secret, TokenSet,
};

use crate::secrets::{SecretKind, SecretStore};
use crate::sync::SyncError;

/// The client for an account's endpoints.
pub fn client_for(endpoints: &AccountEndpoints) -> Result<ProcoreClient, ProcoreError> {
    let environment = match endpoints {
        AccountEndpoints::Known { environment } => ProcoreEnvironment::Known(*environment),
        AccountEndpoints::Custom {
            login_url,
            api_url,
            docs_url,
        } => ProcoreEnvironment::Custom(Box::new(Endpoints::custom(login_url, api_url, docs_url)?)),
    };
    ProcoreClient::new(&environment)
}

/// Keeps an access token in the keychain as `<expiry ms> <token>`. A cache only: losing it
/// costs one token request, so a failure here is not fatal.
pub(crate) fn cache_access_token(
    secrets: &dyn SecretStore,
    app: plumbline_domain::AppId,
    tokens: &TokenSet,
    now: UnixMillis,
) {
    let expiry = now.0 + tokens.usable_for_secs * 1000;
    let value = Secret::new(format!("{expiry} {}", tokens.access.expose()));
    let _ = secrets.set(app, SecretKind::AccessToken, &value);
}

fn decode(stored: &Secret) -> Option<(UnixMillis, Secret)> {
    let (expiry, token) = stored.expose().split_once(' ')?;
    Some((UnixMillis(expiry.parse().ok()?), Secret::new(token)))
}

/// Signs an account in and keeps its access token fresh.
pub struct Session<'a> {
    pub account: Account,
    pub client: ProcoreClient,
    secrets: &'a dyn SecretStore,
}

impl<'a> Session<'a> {
    pub fn new(account: Account, client: ProcoreClient, secrets: &'a dyn SecretStore) -> Self {
        Self {
            account,
            client,
            secrets,
        }
    }

    /// A valid access token: the cached one while it lasts, else a new one. For the
    /// authorization-code grant the rotated refresh token is stored in the keychain *before*
    /// the new access token is used: if storing fails, or the process dies in between, the
    /// old refresh token is already dead and the next attempt asks the partner to sign in
    /// again, once, instead of looping.
    pub async fn access_token(&self, now: UnixMillis) -> Result<Secret, SyncError> {
        let app = self.account.app_id;
        if let Some((expiry, token)) = self
            .secrets
            .get(app, SecretKind::AccessToken)?
            .as_ref()
            .and_then(decode)
            && expiry > now
        {
            return Ok(token);
        }
        let client_secret = self
            .secrets
            .get(app, SecretKind::ClientSecret)?
            .ok_or(SyncError::NotConnected)?;
        let tokens = match self.account.grant {
            GrantType::ClientCredentials => {
                self.client
                    .client_credentials(&self.account.client_id, &client_secret)
                    .await?
            }
            GrantType::AuthorizationCode => {
                let refresh = self
                    .secrets
                    .get(app, SecretKind::RefreshToken)?
                    .ok_or_else(|| ProcoreError::SignInAgain("no saved sign-in".into()))?;
                let tokens = self
                    .client
                    .refresh(&self.account.client_id, &client_secret, &refresh)
                    .await?;
                let rotated = tokens.refresh.clone().ok_or_else(|| {
                    ProcoreError::BadResponse("the refresh answer had no new refresh token".into())
                })?;
                self.secrets.set(app, SecretKind::RefreshToken, &rotated)?;
                tokens
            }
        };
        cache_access_token(self.secrets, app, &tokens, now);
        Ok(tokens.access)
    }

    /// Forgets the cached access token (after Procore rejected it).
    pub fn forget_access_token(&self) {
        let _ = self
            .secrets
            .delete(self.account.app_id, SecretKind::AccessToken);
    }
}
