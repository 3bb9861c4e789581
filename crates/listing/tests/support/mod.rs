//! Listings and media headers built by hand (we never decode images, so a header is enough).

#![allow(dead_code)]

use plumbline_listing::{
    Contact, HelpfulLink, Listing, ListingDetails, MediaFile, Pricing, RequiredTool,
};

pub fn png(width: u32, height: u32) -> Vec<u8> {
    let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
    bytes.extend(width.to_be_bytes());
    bytes.extend(height.to_be_bytes());
    bytes.extend([8, 6, 0, 0, 0, 0x1f, 0x15, 0xc4, 0x89]);
    bytes
}

/// SOI, an APP0 segment, then SOF0 with the size.
pub fn jpeg(width: u16, height: u16) -> Vec<u8> {
    let mut bytes = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
    bytes.extend(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
    bytes.extend([0xFF, 0xC0, 0x00, 0x11, 0x08]);
    bytes.extend(height.to_be_bytes());
    bytes.extend(width.to_be_bytes());
    bytes.extend([0x03, 0x01, 0x22, 0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01]);
    bytes
}

pub fn mp4() -> Vec<u8> {
    let mut bytes = vec![0, 0, 0, 0x18];
    bytes.extend(b"ftypisom\0\0\x02\0isomiso2");
    bytes
}

pub fn mov() -> Vec<u8> {
    let mut bytes = vec![0, 0, 0, 0x14];
    bytes.extend(b"ftypqt  \0\0\0\0qt  ");
    bytes
}

pub fn link(label: &str, url: &str) -> HelpfulLink {
    HelpfulLink {
        label: label.into(),
        url: url.into(),
        ..Default::default()
    }
}

pub fn tool(tool: &str, level: &str) -> RequiredTool {
    RequiredTool {
        tool: tool.into(),
        level: level.into(),
        ..Default::default()
    }
}

pub fn file(name: &str, bytes: Vec<u8>) -> MediaFile {
    MediaFile {
        file_name: name.into(),
        bytes,
    }
}

/// A listing that passes every rule.
pub fn good() -> Listing {
    Listing {
        name: "Punch List Pro".into(),
        tagline: "Punch lists with photos, synced.".into(),
        summary: "Punch List Pro keeps punch items, their photos and their sign-off in step with Procore. ".repeat(3),
        how_it_works: "Install it, enter your tenant, and open it from the project's Apps menu.".into(),
        features: vec!["Photos on every punch item".into(), "Sign-off on site".into(), "Syncs both ways".into()],
        details: ListingDetails {
            categories: vec!["Quality & Safety".into()],
            contact: Some(Contact { button: "contact_us".into(), email: Some("sales@punchlist.example".into()), ..Default::default() }),
            installation: Some("allow".into()),
            built_by: Some("Punch List Pro Inc.".into()),
            sold_by: Some("Punch List Pro Inc.".into()),
            pricing: Some(Pricing { subscription_required: true, free_trial: true, details: "Per project.".into(), ..Default::default() }),
            regions: vec!["North America".into()],
            support_email: Some("help@punchlist.example".into()),
            support_url: Some("https://help.punchlist.example".into()),
            helpful_links: vec![link("Setup guide", "https://docs.punchlist.example/setup")],
            required_tools: vec![tool("Punch List", "standard")],
            extra: Default::default(),
        },
        logo: Some(file("logo.png", png(200, 200))),
        screenshots: vec![
            file("board.png", png(1280, 720)),
            file("item.jpg", jpeg(1920, 1080)),
            file("signoff.png", png(720, 480)),
        ],
        video: Some(file("video.mp4", mp4())),
    }
}
