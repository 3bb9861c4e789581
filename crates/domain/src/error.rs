use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The small, stable set of error kinds that cross every boundary (IPC, CLI exit paths).
/// The UI branches on the code and shows the message; it never matches on message text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub enum ErrorCode {
    /// The network or Procore could not be reached; cached data is still usable.
    Offline,
    /// Procore refused the credentials or token.
    Unauthorized,
    /// Procore asked us to slow down.
    RateLimited,
    /// The change conflicts with the stored state (for example, a newer database).
    Conflict,
    /// The input broke a rule; the message says which and how to fix it.
    Invalid,
    /// The thing asked for does not exist (any more).
    NotFound,
    /// Anything else: a bug or an environment problem, described in plain words.
    Internal,
}

impl ErrorCode {
    pub const ALL: [ErrorCode; 7] = [
        ErrorCode::Offline,
        ErrorCode::Unauthorized,
        ErrorCode::RateLimited,
        ErrorCode::Conflict,
        ErrorCode::Invalid,
        ErrorCode::NotFound,
        ErrorCode::Internal,
    ];
}

/// Input that breaks one of Plumbline's or Procore's rules. The message is written for the
/// partner: it says what is wrong and what to do.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);
