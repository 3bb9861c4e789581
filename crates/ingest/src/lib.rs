//! Importers for the CSV files a partner downloads from Procore's Developer Portal:
//!
//! - the **metrics export** (Metrics tab): a daily table of listing views and installations,
//!   and an activity list of INSTALLED/UNINSTALLED events. Procore has changed its columns
//!   over the years and documents none of them, so columns are mapped by header name with
//!   aliases, case-insensitively, and whatever cannot be mapped is reported;
//! - the **API Call Activity Report** (Integration Health tab): `Date, Response Code, HTTP
//!   Method, Normalized Route, Count`.
//!
//! Every import is previewed first (rows, date range, column mapping) without writing; the
//! import itself streams the file into one store transaction, so a file that turns out to be
//! bad on its last line leaves nothing behind. Errors name the line and the column.
//!
//! Merge rule (why re-imports never double count): a file's number for an app, day and
//! metric (or API route, method and status) *replaces* what an earlier import said for the
//! same key; rows repeated inside one activity report are added up, as the portal would.

mod activity_report;
mod columns;
mod error;
mod import;
mod metrics_export;
mod reader;
mod values;

pub use columns::ColumnMapping;
pub use error::ImportError;
pub use import::{
    ImportOutcome, Preview, Progress, detect_kind, import_file, preview_file, read_activity_calls,
};
