//! The Marketplace listing (`marketplace_listing_guidelines.md`): the fields a partner
//! writes ([`Listing`]), every written rule checked with live counts ([`precheck()`]), logo,
//! screenshot and video formats and sizes read from the files' headers without decoding
//! ([`sniff`]), a self-contained preview laid out like the Marketplace page
//! ([`preview_html`]), the listing as submitted diffed against the draft ([`diff()`]), and the
//! folder a team keeps in git ([`write_listing_dir`], [`read_listing_dir`]).
//!
//! No UI, no store, no clock; only [`files`] touches the disk.

mod details;
pub mod diff;
pub mod files;
pub mod media;
mod model;
pub mod precheck;
mod preview;

pub use details::{https_problem, is_email};
pub use diff::{ListingChange, ListingChangeKind, diff};
pub use files::{FilesError, read_listing_dir, write_listing_dir};
pub use media::{MediaFormat, MediaInfo, MediaProblem, check_extension, sniff};
pub use model::{
    Contact, Extra, HelpfulLink, Listing, ListingDetails, MediaFile, MediaSummary, Pricing,
    RequiredTool,
};
pub use precheck::{FieldCount, ListingFinding, ListingReport, Severity, precheck};
pub use preview::{escape, image_data_url, preview_html};
