//! Finds the Procore REST API calls in a partner's own source tree.
//!
//! [`scan`] walks a folder the way ripgrep does (`.gitignore`, `.ignore`, hidden files) and
//! reports every string literal, or concatenation of literals, that holds a
//! `/rest/v<major>.<minor>/…` route, together with the HTTP method of the call it sits in
//! when that can be seen. [`scan_text`] is the same scanner for one file's text.
//!
//! The scanner is hand-written rather than regex-based: each language gets a small lexer
//! that knows its quote styles, interpolations and comments, so that a route in a comment
//! is not reported and a route built as `BASE + "/rest/v1.0/projects/" + id` is.

mod concat;
mod error;
mod extract;
mod language;
mod lexer;
mod literals;
mod method;
mod route;
mod token;
mod walk;

pub use error::ScanError;
pub use extract::scan_text;
pub use language::{Language, language_of};
pub use walk::scan;

/// One Procore API call found in source code.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct SourceUse {
    /// Upper-case HTTP method when the call it sits in shows it (GET, POST, PUT, PATCH,
    /// DELETE); None when it cannot be seen.
    pub method: Option<String>,
    /// The route from `/rest/v…` on, query string dropped, every dynamic segment written `{}`:
    /// e.g. "/rest/v1.0/projects/{}/rfis". Literal numeric segments are kept as written
    /// ("/rest/v1.0/projects/42").
    pub path: String,
    /// Path relative to the scanned root, with '/' separators.
    pub file: String,
    /// 1-based line of the literal holding `/rest/v`.
    pub line: u32,
}

/// What a [`scan`] of one folder found.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct ScanReport {
    /// Every call found, sorted by (file, line, path, method) and without duplicates.
    pub uses: Vec<SourceUse>,
    /// Source files (by extension, see [`language_of`]) that were read and searched.
    pub files_scanned: u64,
    /// Source files passed over: over 2 MB, binary (a NUL byte in the first 8 KB), minified
    /// (`*.min.js`), or unreadable, plus entries the walker could not read. Files in always
    /// skipped folders (`node_modules`, `vendor`, …) or ignored by `.gitignore` are not
    /// visited and so not counted.
    pub files_skipped: u64,
}

/// Sorts by (file, line, path, method) and drops exact duplicates.
pub(crate) fn sort_uses(uses: &mut Vec<SourceUse>) {
    uses.sort_by(|a, b| {
        (&a.file, a.line, &a.path, &a.method).cmp(&(&b.file, b.line, &b.path, &b.method))
    });
    uses.dedup();
}
