//! The Marketplace listing (`marketplace_listing_guidelines.md`): the fields a partner
//! writes, every written rule checked with live counts ([`precheck`]), logo, screenshot and
//! video sizes read from the files' headers ([`media`]), a self-contained preview laid out
//! like the Marketplace page ([`preview_html`]), the submitted snapshot diffed against the
//! draft ([`diff()`]), and the folder a team keeps in git ([`files`]). No UI, no store.

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
pub use media::{MediaFormat, MediaInfo, sniff};
pub use model::{Contact, HelpfulLink, Listing, ListingDetails, MediaFile, Pricing, RequiredTool};
pub use precheck::{FieldCount, ListingFinding, ListingReport, precheck};
pub use preview::{escape, image_data_url, preview_html};
