//! OAuth 2.0 token responses and errors (`oauth/oauth_endpoints.md`).

use plumbline_domain::UnixMillis;
use serde::Deserialize;

use crate::{ProcoreError, Secret};

/// Procore's out-of-band redirect: the code is shown on a page for the partner to paste.
pub const OOB_REDIRECT_URI: &str = "urn:ietf:wg:oauth:2.0:oob";

/// Tokens from `/oauth/token`. Client-credentials responses carry no refresh token.
#[derive(Debug, Clone)]
pub struct TokenSet {
    pub access: Secret,
    pub refresh: Option<Secret>,
    pub expires_at: UnixMillis,
}

#[derive(Deserialize)]
pub(crate) struct TokenResponse {
    access_token: String,
    #[serde(default)]
    refresh_token: Option<String>,
    #[serde(default)]
    expires_in: Option<i64>,
    #[serde(default)]
    created_at: Option<i64>,
}

impl TokenResponse {
    pub(crate) fn into_tokens(self, now: UnixMillis) -> Result<TokenSet, ProcoreError> {
        if self.access_token.is_empty() {
            return Err(ProcoreError::BadResponse(
                "the token response had no access token".into(),
            ));
        }
        // Procore's tokens last 5400 s; trust the response, but expire a minute early so a
        // token never dies in flight.
        let lifetime = self.expires_in.unwrap_or(5_400).clamp(60, 86_400);
        let issued = self
            .created_at
            .map(|s| UnixMillis(s * 1000))
            .filter(|t| (t.0 - now.0).abs() < 3_600_000)
            .unwrap_or(now);
        Ok(TokenSet {
            access: Secret::new(self.access_token),
            refresh: self
                .refresh_token
                .filter(|r| !r.is_empty())
                .map(Secret::new),
            expires_at: UnixMillis(issued.0 + (lifetime - 60) * 1000),
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
