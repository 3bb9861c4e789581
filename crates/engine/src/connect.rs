//! Connecting an app to Procore: credentials are checked against Procore before anything is
//! saved, and saved to the keychain (secrets) and the store (everything else).

use plumbline_domain::{Account, AccountEndpoints, AppId, GrantType, UnixMillis};
use plumbline_procore::Secret;
use plumbline_store::Store;

use crate::secrets::{SecretKind, SecretStore};
use crate::session::client_for;
use crate::sync::SyncError;

/// What the partner typed or pasted.
pub struct ConnectRequest {
    pub app: AppId,
    pub endpoints: AccountEndpoints,
    pub client_id: String,
    pub client_secret: Secret,
}

fn clean(request: &ConnectRequest) -> Result<(String, Secret), SyncError> {
    let client_id = request.client_id.trim().to_owned();
    let secret = Secret::new(request.client_secret.expose().trim());
    if client_id.is_empty() || client_id.chars().any(char::is_whitespace) {
        return Err(SyncError::Invalid(
            "the client id is empty or has spaces in it: copy it again from the Developer Portal"
                .into(),
        ));
    }
    if secret.is_empty() {
        return Err(SyncError::Invalid(
            "the client secret is empty: paste it from the Developer Portal".into(),
        ));
    }
    Ok((client_id, secret))
}

/// Credentials that Procore accepted, not saved yet.
pub struct Verified {
    app: AppId,
    endpoints: AccountEndpoints,
    client_id: String,
    secret: Secret,
    grant: GrantType,
    tokens: plumbline_procore::TokenSet,
}

/// Gets a client-credentials token to prove the credentials work. Touches neither the store
/// nor the keychain, so the desktop can run it without holding any lock.
pub async fn verify_client_credentials(request: ConnectRequest) -> Result<Verified, SyncError> {
    let (client_id, secret) = clean(&request)?;
    let client = client_for(&request.endpoints)?;
    let tokens = client.client_credentials(&client_id, &secret).await?;
    Ok(Verified {
        app: request.app,
        endpoints: request.endpoints,
        client_id,
        secret,
        grant: GrantType::ClientCredentials,
        tokens,
    })
}

/// Exchanges an authorization code (from the loopback redirect or Procore's out-of-band
/// page). Touches neither the store nor the keychain.
pub async fn verify_code(
    request: ConnectRequest,
    code: &str,
    redirect_uri: &str,
) -> Result<Verified, SyncError> {
    let (client_id, secret) = clean(&request)?;
    let client = client_for(&request.endpoints)?;
    let tokens = client
        .exchange_code(&client_id, &secret, code, redirect_uri)
        .await?;
    if tokens.refresh.is_none() {
        return Err(SyncError::Invalid(
            "Procore returned no refresh token for this sign-in".into(),
        ));
    }
    Ok(Verified {
        app: request.app,
        endpoints: request.endpoints,
        client_id,
        secret,
        grant: GrantType::AuthorizationCode,
        tokens,
    })
}

/// Saves verified credentials: the refresh token (for a user sign-in) and the secret to the
/// keychain, the account to the store.
pub fn save_verified(
    store: &Store,
    secrets: &dyn SecretStore,
    verified: Verified,
    now: UnixMillis,
) -> Result<Account, SyncError> {
    store.get_app(verified.app)?;
    if let Some(refresh) = &verified.tokens.refresh {
        secrets.set(verified.app, SecretKind::RefreshToken, refresh)?;
    }
    save(
        store,
        secrets,
        verified.app,
        verified.endpoints,
        verified.client_id,
        verified.grant,
        &verified.secret,
        now,
    )?;
    // The token that proved the credentials serves the first use too.
    crate::session::cache_access_token(secrets, verified.app, &verified.tokens, now);
    store.account(verified.app)?.ok_or(SyncError::NotConnected)
}

/// Connects a service-account (DMSA) app: gets a token to prove the credentials work, then
/// saves the secret in the keychain and the account in the store.
pub async fn connect_client_credentials(
    store: &Store,
    secrets: &dyn SecretStore,
    request: ConnectRequest,
    now: UnixMillis,
) -> Result<Account, SyncError> {
    store.get_app(request.app)?;
    let verified = verify_client_credentials(request).await?;
    save_verified(store, secrets, verified, now)
}

/// Completes an authorization-code sign-in with the code from the loopback redirect or the
/// out-of-band page: exchanges it, then saves the secret and the refresh token.
pub async fn finish_sign_in(
    store: &Store,
    secrets: &dyn SecretStore,
    request: ConnectRequest,
    code: &str,
    redirect_uri: &str,
    now: UnixMillis,
) -> Result<Account, SyncError> {
    store.get_app(request.app)?;
    let verified = verify_code(request, code, redirect_uri).await?;
    save_verified(store, secrets, verified, now)
}

#[allow(clippy::too_many_arguments)]
fn save(
    store: &Store,
    secrets: &dyn SecretStore,
    app: AppId,
    endpoints: AccountEndpoints,
    client_id: String,
    grant: GrantType,
    secret: &Secret,
    now: UnixMillis,
) -> Result<(), SyncError> {
    // Keychain first: an account row without its secret would look connected but fail.
    secrets.set(app, SecretKind::ClientSecret, secret)?;
    store.save_account(&Account {
        app_id: app,
        endpoints,
        client_id,
        grant,
        connected_at: now,
        last_sync_at: None,
        last_error: None,
        rate: None,
    })?;
    Ok(())
}

/// Revokes an account's tokens at Procore, best effort: an offline partner can still sign out
/// locally. Touches only the keychain (to read the tokens), not the store.
pub async fn revoke_tokens(account: &Account, secrets: &dyn SecretStore) {
    let app = account.app_id;
    let (Ok(client), Ok(Some(secret))) = (
        client_for(&account.endpoints),
        secrets.get(app, SecretKind::ClientSecret),
    ) else {
        return;
    };
    for kind in [SecretKind::RefreshToken, SecretKind::AccessToken] {
        if let Ok(Some(stored)) = secrets.get(app, kind) {
            // Access tokens are kept with their expiry in front.
            let token = match kind {
                SecretKind::AccessToken => stored
                    .expose()
                    .split_once(' ')
                    .map(|(_, t)| Secret::new(t))
                    .unwrap_or(stored),
                _ => stored,
            };
            let _ = client.revoke(&account.client_id, &secret, &token).await;
        }
    }
}

/// Deletes an account's secrets from the keychain and the account from the store.
pub fn forget(store: &Store, secrets: &dyn SecretStore, app: AppId) -> Result<bool, SyncError> {
    for kind in [
        SecretKind::AccessToken,
        SecretKind::RefreshToken,
        SecretKind::ClientSecret,
    ] {
        secrets.delete(app, kind)?;
    }
    Ok(store.remove_account(app)?)
}

/// Signs out: revokes the tokens, deletes every secret, and removes the account.
pub async fn disconnect(
    store: &Store,
    secrets: &dyn SecretStore,
    app: AppId,
) -> Result<bool, SyncError> {
    let Some(account) = store.account(app)? else {
        return Ok(false);
    };
    revoke_tokens(&account, secrets).await;
    forget(store, secrets, app)
}
