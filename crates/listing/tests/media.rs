//! Media read from their headers through the public API: files that lie about their type,
//! absurd claims, cut files.

#![allow(clippy::unwrap_used)]

mod support;

use plumbline_listing::{MediaFormat, MediaProblem, check_extension, sniff};
use support::{file, jpeg, mov, mp4, png};

#[test]
fn formats_and_sizes_come_from_the_content() {
    let info = sniff(&png(1280, 720)).unwrap();
    assert_eq!(
        (info.format, info.width, info.height),
        (MediaFormat::Png, Some(1280), Some(720))
    );
    let info = sniff(&jpeg(1920, 1080)).unwrap();
    assert_eq!(
        (info.format, info.width, info.height),
        (MediaFormat::Jpeg, Some(1920), Some(1080))
    );
    let info = sniff(&mp4()).unwrap();
    assert_eq!((info.format, info.width), (MediaFormat::Mp4, None));
    assert_eq!(sniff(&mov()).unwrap().format, MediaFormat::Mov);
}

#[test]
fn a_png_named_jpg_is_a_png() {
    let info = sniff(&png(200, 200)).unwrap();
    assert_eq!(info.format, MediaFormat::Png);
    let sentence = check_extension("logo.jpg", &info).unwrap();
    assert!(
        sentence.contains("PNG") && sentence.contains("logo.png"),
        "{sentence}"
    );
    assert_eq!(check_extension("logo.png", &info), None);
}

#[test]
fn a_gif_or_text_named_png_is_refused() {
    let gif = sniff(b"GIF89a\xc8\x00\xc8\x00\x00\x00\x00").unwrap_err();
    assert_eq!(gif, MediaProblem::OtherFormat("a GIF image"));
    assert_eq!(gif.code(), "other-format");
    let text = sniff(b"This is a README, not a logo.\n").unwrap_err();
    assert_eq!(text, MediaProblem::Unknown);
    assert!(
        text.to_string()
            .contains("not a PNG, JPEG, MP4 or MOV file")
    );
}

#[test]
fn a_png_claiming_100000_pixels_square_is_read_without_decoding() {
    let bytes = png(100_000, 100_000);
    assert!(bytes.len() < 64, "a header, nothing more");
    let info = sniff(&bytes).unwrap();
    assert_eq!((info.width, info.height), (Some(100_000), Some(100_000)));
    let summary = file("huge.png", bytes).summary();
    assert_eq!(
        (summary.format, summary.width, summary.size_bytes),
        (Some(MediaFormat::Png), Some(100_000), 33)
    );
}

#[test]
fn truncated_headers_say_so() {
    let png = png(200, 200);
    assert_eq!(
        sniff(&png[..16]).unwrap_err().to_string(),
        "the PNG header is cut short"
    );
    let jpeg = jpeg(200, 200);
    for cut in [3, 10, 22, 26] {
        assert_eq!(
            sniff(&jpeg[..cut]),
            Err(MediaProblem::CutShort(MediaFormat::Jpeg)),
            "{cut} bytes"
        );
    }
    assert_eq!(
        sniff(&mp4()[..10]),
        Err(MediaProblem::CutShort(MediaFormat::Mp4))
    );
}

#[test]
fn summaries_cross_in_camel_case_without_bytes() {
    let shot = file("board.png", png(1280, 720));
    let json = serde_json::to_value(shot.summary()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "fileName": "board.png",
            "format": "png",
            "width": 1280,
            "height": 720,
            "sizeBytes": 33
        })
    );
    assert_eq!(
        serde_json::to_value(&shot).unwrap(),
        serde_json::json!({"fileName": "board.png"}),
        "bytes never go into JSON"
    );
    let text = file("notes.png", b"hello".to_vec()).summary();
    assert_eq!((text.format, text.width), (None, None));
}
