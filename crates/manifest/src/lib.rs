//! App manifests as the Developer Portal shows them (schema 4.1 and legacy 3.x): read byte for
//! byte, validated against Procore's written rules, and diffed with each change's impact on
//! customers. No I/O beyond the bytes handed in; no UI.
//!
//! - [`Manifest::read`] keeps the partner's text and derives a typed view ([`model`]); a file
//!   too large, not UTF-8, nested absurdly deep or not JSON is one clear finding.
//! - [`lint`] / [`validate`] return a [`Report`] of findings, each with an RFC 6901 pointer.
//! - [`diff()`] compares two manifests field by field and says what each change means for the
//!   customers who update.

mod components;
pub mod diff;
pub mod model;
mod placeholders;
mod pointer;
mod read;
pub mod tools;
mod validate;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

pub use components::{Embedded, Placement, embedded};
pub use diff::{Change, ChangeKind, diff};
pub use placeholders::BUILT_INS;
pub use pointer::Pointer;
pub use read::{MAX_DEPTH, MAX_MANIFEST_BYTES, Manifest};
pub use validate::{Context, PERMISSION_LEVELS, lint, validate};

/// How bad a finding is: an error stops a promotion, a warning is advice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Severity {
    Error,
    Warning,
}

/// One thing wrong with a manifest, where it is, and what to do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    /// RFC 6901 pointer to the field ("" for the whole file).
    pub pointer: String,
    #[serde(skip)]
    pub severity: Severity,
    /// A stable code (`placeholder-undefined`, `permission-level`, …) for scripts.
    pub code: String,
    /// A sentence a partner understands.
    pub message: String,
}

impl Finding {
    pub fn error(pointer: Pointer, code: &str, message: impl Into<String>) -> Self {
        Self::new(pointer, Severity::Error, code, message)
    }

    pub fn warning(pointer: Pointer, code: &str, message: impl Into<String>) -> Self {
        Self::new(pointer, Severity::Warning, code, message)
    }

    fn new(pointer: Pointer, severity: Severity, code: &str, message: impl Into<String>) -> Self {
        Self {
            pointer: pointer.into(),
            severity,
            code: code.to_owned(),
            message: message.into(),
        }
    }
}

/// The validator's answer, as `plumbline manifest lint --json` prints it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub errors: Vec<Finding>,
    pub warnings: Vec<Finding>,
}

impl Report {
    pub fn from_findings(findings: Vec<Finding>) -> Self {
        let (errors, warnings) = findings
            .into_iter()
            .partition(|f| f.severity == Severity::Error);
        Self { errors, warnings }
    }

    /// Whether the manifest may be promoted (warnings do not stop it).
    pub fn passes(&self) -> bool {
        self.errors.is_empty()
    }
}

/// The sentence form of a phrase: "the side panel" starts a sentence as "The side panel".
pub(crate) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
