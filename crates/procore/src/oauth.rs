//! OAuth 2.0 token responses and errors (`oauth/oauth_endpoints.md`).

use serde::Deserialize;

use crate::{ProcoreError, Secret};

/// Procore's out-of-band redirect: the code is shown on a page for the partner to paste.
pub const OOB_REDIRECT_URI: &str = "urn:ietf:wg:oauth:2.0:oob";

/// Tokens from `/oauth/token`. Client-credentials responses carry no refresh token.
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access: Secret,
    pub refresh: Option<Secret>,
    /// Seconds the access token may still be used, a minute short of Procore's `expires_in`
    /// so that it never dies in flight. Relative, so the caller's clock decides the expiry.
    pub usable_for_secs: i64,
}

#[derive(Deserialize)]
pub(crate) struct TokenResponse {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    expires_in: Option<i64>,
}

impl TokenResponse {
    pub(crate) fn into_tokens(self) -> Result<TokenSet, ProcoreError> {
        if self.access_token.is_empty() {
            return Err(ProcoreError::BadResponse(
                "the token response had no access token".into(),
            ));
        }
        // Procore's tokens last 5400 s; trust the response within reason. `created_at` is
        // Procore's clock, not ours, so it is not used for the expiry.
        let lifetime = self.expires_in.unwrap_or(5_400).clamp(120, 86_400);
        Ok(TokenSet {
            access: Secret::new(self.access_token),
            refresh: self
                .refresh_token
                .filter(|r| !r.is_empty())
                .map(Secret::new),
            usable_for_secs: lifetime - 60,
        })
    }
}

#[derive(Deserialize)]
pub(crate) struct OAuthErrorBody {
    #[serde(default)]
    pub error: String,
    #[serde(default)]
    pub error_description: String,
}

/// The error a token endpoint answer means, in the partner's words.
pub(crate) fn token_error(status: u16, body: &[u8]) -> ProcoreError {
    let parsed: Option<OAuthErrorBody> = serde_json::from_slice(body).ok();
    let (error, description) = parsed
        .map(|b| (b.error, b.error_description))
        .unwrap_or_default();
    match error.as_str() {
        "invalid_client" => ProcoreError::InvalidClient,
        "invalid_grant" => ProcoreError::SignInAgain("the saved sign-in was refused".into()),
        "unauthorized_client" => ProcoreError::UnauthorizedClient(description),
        _ if status == 401 => ProcoreError::InvalidClient,
        _ => ProcoreError::Refused {
            status,
            message: if description.is_empty() {
                error
            } else {
                description
            },
        },
    }
}
