use plumbline_domain::{ErrorCode, UnixMillis};

/// What can go wrong talking to Procore, each with words a partner can act on.
#[derive(Debug, thiserror::Error)]
pub enum ProcoreError {
    #[error(
        "Procore could not be reached ({0}). Check your connection; everything already synced is still here."
    )]
    Offline(String),

    #[error(
        "The client id or secret was refused by Procore. Copy both again from the Developer Portal (Manage App, then OAuth Credentials)."
    )]
    InvalidClient,

    #[error(
        "This app is not allowed to use that sign-in method ({0}). Service-account (DMSA) apps use client credentials; other apps sign in with a Procore user."
    )]
    UnauthorizedClient(String),

    #[error("Procore no longer accepts this sign-in ({0}). Sign in again.")]
    SignInAgain(String),

    #[error("Procore refused the access token ({0}).")]
    TokenRejected(String),

    #[error("Procore asked Plumbline to slow down; it will try again after {}.", describe_reset(*reset))]
    RateLimited { reset: Option<UnixMillis> },

    #[error("Procore is unavailable right now (HTTP {status}). Plumbline will try again later.")]
    Unavailable { status: u16 },

    #[error(
        "Procore answered with something Plumbline cannot read ({0}). Try again later; if it persists, Procore may have changed this endpoint."
    )]
    BadResponse(String),

    #[error("Procore refused the request (HTTP {status}): {message}")]
    Refused { status: u16, message: String },

    #[error(
        "The list changed while Plumbline was reading it ({0}); nothing was recorded. The next sync will try again."
    )]
    Inconsistent(String),

    #[error("{0}")]
    Invalid(String),

    #[error("Sign-in did not complete: {0}")]
    SignIn(String),
}

fn describe_reset(reset: Option<UnixMillis>) -> String {
    match reset {
        Some(UnixMillis(ms)) => {
            let secs = (ms - UnixMillis::now().0).max(0) / 1000;
            if secs < 90 {
                format!("{secs} seconds")
            } else {
                format!("{} minutes", (secs + 59) / 60)
            }
        }
        None => "a short wait".into(),
    }
}

impl ProcoreError {
    /// The stable code the UI and CLI branch on.
    pub fn code(&self) -> ErrorCode {
        match self {
            ProcoreError::Offline(_) => ErrorCode::Offline,
            ProcoreError::InvalidClient
            | ProcoreError::UnauthorizedClient(_)
            | ProcoreError::SignInAgain(_)
            | ProcoreError::TokenRejected(_) => ErrorCode::Unauthorized,
            ProcoreError::RateLimited { .. } => ErrorCode::RateLimited,
            ProcoreError::Invalid(_) | ProcoreError::SignIn(_) => ErrorCode::Invalid,
            ProcoreError::Inconsistent(_) => ErrorCode::Conflict,
            ProcoreError::Unavailable { .. }
            | ProcoreError::BadResponse(_)
            | ProcoreError::Refused { .. } => ErrorCode::Internal,
        }
    }
}
