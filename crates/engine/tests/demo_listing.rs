//! The demo's listing draft, as the Listing tab shows it on a first start: its text meets
//! every written rule, and the precheck asks only for the logo and the screenshots.

#![allow(clippy::unwrap_used)]

use plumbline_domain::UnixMillis;
use plumbline_engine::listing_files::to_listing;
use plumbline_store::{Snapshot, Store};

#[test]
fn the_demo_listing_needs_only_its_media() {
    let mut store = Store::open_in_memory().unwrap();
    assert!(
        store
            .seed_demo_portfolio(UnixMillis(1_796_000_000_000))
            .unwrap()
    );
    let punch = store
        .list_apps()
        .unwrap()
        .into_iter()
        .find(|a| a.display_name == "Punch List Pro")
        .unwrap();
    let listing = to_listing(&store.listing(punch.id, Snapshot::Draft).unwrap().unwrap());
    let report = plumbline_listing::precheck(&listing);
    let errors: Vec<(&str, &str)> = report
        .errors
        .iter()
        .map(|f| (f.field.as_str(), f.code.as_str()))
        .collect();
    assert_eq!(
        errors,
        [("logo", "required"), ("screenshots", "too-few")],
        "{report:#?}"
    );
    assert_eq!(report.warnings, [], "{report:#?}");
    assert!(
        listing.details.extra.is_empty(),
        "the demo's listing.json uses only known keys"
    );
}
