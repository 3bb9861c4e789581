//! What can go wrong with a file, in words a partner can act on.

use std::fmt;

use plumbline_store::StoreError;

/// Where in the file a problem is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct At {
    /// 1-based line number.
    pub line: u64,
    /// The column's header, when the problem is in one cell.
    pub column: Option<String>,
}

impl fmt::Display for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.column {
            Some(column) => write!(f, "line {}, column “{column}”", self.line),
            None => write!(f, "line {}", self.line),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("Could not read {path}: {detail}")]
    Io { path: String, detail: String },

    #[error("{0}")]
    Encoding(String),

    #[error("{at}: {message}")]
    Format { at: At, message: String },

    #[error("{0}")]
    Empty(String),

    #[error(transparent)]
    Store(#[from] StoreError),
}

impl ImportError {
    pub(crate) fn at(line: u64, column: Option<&str>, message: impl Into<String>) -> Self {
        ImportError::Format {
            at: At {
                line,
                column: column.map(str::to_owned),
            },
            message: message.into(),
        }
    }

    /// The stable code the UI and the CLI branch on.
    pub fn code(&self) -> plumbline_domain::ErrorCode {
        match self {
            ImportError::Io { .. } => plumbline_domain::ErrorCode::NotFound,
            ImportError::Store(e) => e.code(),
            ImportError::Encoding(_) | ImportError::Format { .. } | ImportError::Empty(_) => {
                plumbline_domain::ErrorCode::Invalid
            }
        }
    }
}
