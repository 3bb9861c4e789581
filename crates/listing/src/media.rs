//! What a logo, screenshot or video really is, read from its header: never by trusting the
//! file's extension, and never by decoding it. A PNG header may claim 100,000 x 100,000
//! pixels; we read the claim (eight bytes) and let the precheck refuse it, without allocating
//! anything for the pixels.
//!
//! Only the first bytes are looked at: the PNG signature and IHDR chunk, the JPEG segments up
//! to the first start-of-frame, and the first ISO BMFF box of a video.

use std::fmt;

use serde::Serialize;
use ts_rs::TS;

/// The formats the Marketplace takes: PNG and JPEG images, MP4 and MOV videos.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MediaFormat {
    Png,
    Jpeg,
    Mp4,
    Mov,
}

impl MediaFormat {
    /// The format's usual name: `PNG`, `JPEG`, `MP4`, `MOV`.
    pub fn label(self) -> &'static str {
        match self {
            MediaFormat::Png => "PNG",
            MediaFormat::Jpeg => "JPEG",
            MediaFormat::Mp4 => "MP4",
            MediaFormat::Mov => "MOV",
        }
    }

    /// The format with its article, for sentences: "a PNG image", "an MP4 video".
    pub fn described(self) -> &'static str {
        match self {
            MediaFormat::Png => "a PNG image",
            MediaFormat::Jpeg => "a JPEG image",
            MediaFormat::Mp4 => "an MP4 video",
            MediaFormat::Mov => "a MOV (QuickTime) video",
        }
    }

    /// The extensions a file of this format may carry, the usual one first. Only the ones the
    /// guidelines name ("JPG or PNG", "MP4 or MOV"), plus `.jpeg`, which every tool writes.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            MediaFormat::Png => &["png"],
            MediaFormat::Jpeg => &["jpg", "jpeg"],
            MediaFormat::Mp4 => &["mp4"],
            MediaFormat::Mov => &["mov"],
        }
    }

    /// Whether this is an image (a logo or screenshot may be one).
    pub fn is_image(self) -> bool {
        matches!(self, MediaFormat::Png | MediaFormat::Jpeg)
    }

    /// The MIME type, for the preview's data URLs.
    pub fn mime(self) -> &'static str {
        match self {
            MediaFormat::Png => "image/png",
            MediaFormat::Jpeg => "image/jpeg",
            MediaFormat::Mp4 => "video/mp4",
            MediaFormat::Mov => "video/quicktime",
        }
    }
}

/// What a file's header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct MediaInfo {
    pub format: MediaFormat,
    /// Pixels, as the image header claims them; `None` for videos.
    pub width: Option<u32>,
    /// Pixels, as the image header claims them; `None` for videos.
    pub height: Option<u32>,
}

/// Why a file is not a PNG, JPEG, MP4 or MOV we can read the header of. Its `Display` is a
/// clause a partner understands ("the PNG header is cut short"), for the precheck to put in a
/// sentence about the logo or screenshot.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MediaProblem {
    /// The file has no bytes at all.
    Empty,
    /// Another format, recognised by its signature so the message can name it: the value is
    /// the format with its article ("a GIF image").
    OtherFormat(&'static str),
    /// Nothing we recognise (a text file, say).
    Unknown,
    /// The file starts like this format but ends before the header does.
    CutShort(MediaFormat),
    /// The file starts like this format but its header does not follow the format's rules.
    Damaged(MediaFormat),
}

impl MediaProblem {
    /// A stable code for scripts: `empty`, `other-format`, `unknown-format`, `cut-short`,
    /// `damaged`.
    pub fn code(self) -> &'static str {
        match self {
            MediaProblem::Empty => "empty",
            MediaProblem::OtherFormat(_) => "other-format",
            MediaProblem::Unknown => "unknown-format",
            MediaProblem::CutShort(_) => "cut-short",
            MediaProblem::Damaged(_) => "damaged",
        }
    }
}

impl fmt::Display for MediaProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            MediaProblem::Empty => f.write_str("the file is empty"),
            MediaProblem::OtherFormat(what) => {
                write!(f, "it is {what}, not a PNG, JPEG, MP4 or MOV file")
            }
            MediaProblem::Unknown => f.write_str("it is not a PNG, JPEG, MP4 or MOV file"),
            MediaProblem::CutShort(format) => {
                write!(f, "the {} header is cut short", format.label())
            }
            MediaProblem::Damaged(format) => {
                write!(f, "the {} header is damaged", format.label())
            }
        }
    }
}

impl std::error::Error for MediaProblem {}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// Reads the header of a logo, screenshot or video: its format by content, and for images the
/// size the header claims. Reads at most the first segments; never decodes.
pub fn sniff(bytes: &[u8]) -> Result<MediaInfo, MediaProblem> {
    if bytes.is_empty() {
        return Err(MediaProblem::Empty);
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        return png(bytes);
    }
    // Two bytes of the signature are already more than chance.
    if bytes.len() >= 2 && PNG_SIGNATURE.starts_with(bytes) {
        return Err(MediaProblem::CutShort(MediaFormat::Png));
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        return jpeg(bytes);
    }
    if let Some(result) = iso_bmff(bytes) {
        return result;
    }
    match other_format(bytes) {
        Some(what) => Err(MediaProblem::OtherFormat(what)),
        None => Err(MediaProblem::Unknown),
    }
}

fn be32(b: &[u8]) -> u32 {
    b.iter()
        .take(4)
        .fold(0, |n, &byte| (n << 8) | u32::from(byte))
}

fn be16(b: &[u8]) -> u16 {
    b.iter()
        .take(2)
        .fold(0, |n, &byte| (n << 8) | u16::from(byte))
}

/// PNG: the signature (8 bytes), then the IHDR chunk, which the specification puts first:
/// length 13 (4), "IHDR" (4), width (4), height (4), then five one-byte fields.
fn png(bytes: &[u8]) -> Result<MediaInfo, MediaProblem> {
    let ihdr = bytes
        .get(8..24)
        .ok_or(MediaProblem::CutShort(MediaFormat::Png))?;
    if &ihdr[4..8] != b"IHDR" || be32(&ihdr[0..4]) != 13 {
        return Err(MediaProblem::Damaged(MediaFormat::Png));
    }
    Ok(MediaInfo {
        format: MediaFormat::Png,
        width: Some(be32(&ihdr[8..12])),
        height: Some(be32(&ihdr[12..16])),
    })
}

/// JPEG: after SOI (FF D8), walk the marker segments to the first start-of-frame, which holds
/// the size. Every step moves forward by at least one byte, so the walk ends within the file.
fn jpeg(bytes: &[u8]) -> Result<MediaInfo, MediaProblem> {
    const CUT: MediaProblem = MediaProblem::CutShort(MediaFormat::Jpeg);
    const DAMAGED: MediaProblem = MediaProblem::Damaged(MediaFormat::Jpeg);
    let mut at = 2;
    loop {
        match bytes.get(at) {
            None => return Err(CUT),
            Some(0xFF) => {}
            Some(_) => return Err(DAMAGED),
        }
        let marker = *bytes.get(at + 1).ok_or(CUT)?;
        match marker {
            // A fill byte: any number of FF may precede a marker.
            0xFF => {
                at += 1;
                continue;
            }
            // Markers without a length: TEM, RST0-7 and a repeated SOI.
            0x01 | 0xD0..=0xD8 => {
                at += 2;
                continue;
            }
            // End of image, or image data (SOS), before any frame header; 00 is only valid
            // inside image data.
            0xD9 | 0xDA | 0x00 => return Err(DAMAGED),
            _ => {}
        }
        let length = usize::from(be16(bytes.get(at + 2..at + 4).ok_or(CUT)?));
        if length < 2 {
            return Err(DAMAGED);
        }
        // SOF0-SOF15, except C4 (DHT, Huffman tables), C8 (JPG, reserved) and CC (DAC,
        // arithmetic coding conditioning), which share the range.
        let is_frame = (0xC0..=0xCF).contains(&marker) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if is_frame {
            // Length (2), precision (1), height (2), width (2), component count (1).
            if length < 8 {
                return Err(DAMAGED);
            }
            let frame = bytes.get(at + 4..at + 9).ok_or(CUT)?;
            return Ok(MediaInfo {
                format: MediaFormat::Jpeg,
                width: Some(u32::from(be16(&frame[3..5]))),
                height: Some(u32::from(be16(&frame[1..3]))),
            });
        }
        at += 2 + length;
    }
}

/// MP4 and MOV are both ISO base media files (QuickTime's format, standardised): a `ftyp` box
/// first, whose major brand `qt  ` marks a QuickTime movie. QuickTime files older than `ftyp`
/// start straight with a `moov`, `mdat`, `wide`, `free`, `skip` or `pnot` atom. `None` when
/// the file is not a box file at all.
fn iso_bmff(bytes: &[u8]) -> Option<Result<MediaInfo, MediaProblem>> {
    let kind = bytes.get(4..8)?;
    let size = u64::from(be32(&bytes[0..4]));
    let len = bytes.len() as u64;
    let video = |format| {
        Ok(MediaInfo {
            format,
            width: None,
            height: None,
        })
    };
    if kind == b"ftyp" {
        // A ftyp box is a few dozen bytes and always whole in a real file; a size beyond the
        // end means the file was cut.
        if size < 12 {
            return Some(Err(MediaProblem::Damaged(MediaFormat::Mp4)));
        }
        let Some(brand) = bytes.get(8..12).filter(|_| size <= len) else {
            return Some(Err(MediaProblem::CutShort(MediaFormat::Mp4)));
        };
        return Some(match brand {
            b"qt  " => video(MediaFormat::Mov),
            // Still images and audio that share the box format.
            b"heic" | b"heix" | b"hevc" | b"heim" | b"heis" | b"hevm" | b"hevs" | b"mif1"
            | b"msf1" => Err(MediaProblem::OtherFormat("a HEIC image")),
            b"avif" | b"avis" => Err(MediaProblem::OtherFormat("an AVIF image")),
            b"M4A " | b"M4B " | b"M4P " => Err(MediaProblem::OtherFormat("an audio file")),
            _ => video(MediaFormat::Mp4),
        });
    }
    let old_quicktime = [b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"];
    // Size 0 runs to the end of the file and 1 means a 64-bit size follows; otherwise the box
    // is at least its own header and, for a whole file, inside it. That keeps a text file that
    // happens to start "I'm free" from passing for a movie.
    let plausible = size == 0 || size == 1 || (8..=len).contains(&size);
    (old_quicktime.iter().any(|k| k.as_slice() == kind) && plausible)
        .then(|| video(MediaFormat::Mov))
}

/// Formats a partner might pick by mistake, named so the message can say what the file is.
fn other_format(bytes: &[u8]) -> Option<&'static str> {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = &text[text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len())..];
    Some(match bytes {
        b if b.starts_with(b"GIF87a") || b.starts_with(b"GIF89a") => "a GIF image",
        b if b.starts_with(b"RIFF") && b.get(8..12) == Some(b"WEBP") => "a WebP image",
        b if b.starts_with(b"RIFF") && b.get(8..12) == Some(b"AVI ") => "an AVI video",
        b if b.starts_with(b"II*\0") || b.starts_with(b"MM\0*") => "a TIFF image",
        // BMP: "BM", the file size, then two reserved words that are zero.
        b if b.starts_with(b"BM") && b.get(6..10) == Some(&[0, 0, 0, 0]) => "a BMP image",
        b if b.starts_with(b"\x1A\x45\xDF\xA3") => "a WebM or Matroska video",
        b if b.starts_with(b"%PDF-") => "a PDF document",
        _ if text.starts_with(b"<svg") || text.starts_with(b"<?xml") => "an SVG or XML file",
        _ => return None,
    })
}

/// A sentence when the file's name says another format than its content, or says none: the
/// portal's upload goes by the extension, and a PNG named `.jpg` (or a GIF named `.png`, which
/// [`sniff`] refuses first) is what reviewers send back. `None` when the name fits.
pub fn check_extension(file_name: &str, info: &MediaInfo) -> Option<String> {
    let usual = info.format.extensions()[0];
    let what = info.format.described();
    let Some((stem, extension)) = file_name
        .rsplit_once('.')
        .filter(|(stem, extension)| !stem.is_empty() && !extension.is_empty())
    else {
        return Some(format!(
            "{file_name} has no extension but is {what}; name it {file_name}.{usual}."
        ));
    };
    let lower = extension.to_ascii_lowercase();
    (!info.format.extensions().contains(&lower.as_str())).then(|| {
        format!("{file_name} is named .{extension} but is {what}; rename it {stem}.{usual}.")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 6, 0, 0, 0]);
        bytes
    }

    fn jpeg_segments(segments: &[u8]) -> Vec<u8> {
        let mut bytes = vec![0xFF, 0xD8];
        bytes.extend(segments);
        bytes
    }

    const SOF0_640X480: [u8; 19] = [
        0xFF, 0xC0, 0x00, 0x11, 0x08, 0x01, 0xE0, 0x02, 0x80, 0x03, 0x01, 0x22, 0x00, 0x02, 0x11,
        0x01, 0x03, 0x11, 0x01,
    ];

    fn size(info: MediaInfo) -> (Option<u32>, Option<u32>) {
        (info.width, info.height)
    }

    #[test]
    fn png_sizes_come_from_ihdr() {
        assert_eq!(
            sniff(&png_header(200, 200)),
            Ok(MediaInfo {
                format: MediaFormat::Png,
                width: Some(200),
                height: Some(200)
            })
        );
        // The claim is read, not acted on: nothing is allocated for 10^10 pixels.
        let claim = sniff(&png_header(100_000, 100_000)).unwrap();
        assert_eq!(size(claim), (Some(100_000), Some(100_000)));
    }

    #[test]
    fn a_cut_or_damaged_png_says_so() {
        let whole = png_header(1, 1);
        for cut in [2, 8, 12, 23] {
            assert_eq!(
                sniff(&whole[..cut]),
                Err(MediaProblem::CutShort(MediaFormat::Png)),
                "{cut} bytes"
            );
        }
        assert_eq!(
            sniff(&whole[..12]).unwrap_err().to_string(),
            "the PNG header is cut short"
        );
        let mut renamed_chunk = whole.clone();
        renamed_chunk[12..16].copy_from_slice(b"IDAT");
        assert_eq!(
            sniff(&renamed_chunk),
            Err(MediaProblem::Damaged(MediaFormat::Png))
        );
    }

    #[test]
    fn jpeg_walks_segments_to_the_frame() {
        let mut bytes = jpeg_segments(&[0xFF, 0xE0, 0x00, 0x04, 0xAA, 0xBB]); // APP0
        bytes.extend([0xFF, 0xC4, 0x00, 0x03, 0x00]); // DHT: in the SOF range, not a frame
        bytes.extend([0xFF, 0xCC, 0x00, 0x02]); // DAC: likewise
        bytes.extend([0xFF, 0xFF, 0xFF]); // fill bytes before the next marker
        bytes.extend([0xFF, 0xD0]); // a stray RST0, which has no length
        bytes.extend(SOF0_640X480);
        let info = sniff(&bytes).unwrap();
        assert_eq!(info.format, MediaFormat::Jpeg);
        assert_eq!(size(info), (Some(640), Some(480)));
        // A progressive frame (SOF2) reads the same.
        let mut progressive = SOF0_640X480;
        progressive[1] = 0xC2;
        assert_eq!(
            size(sniff(&jpeg_segments(&progressive)).unwrap()),
            (Some(640), Some(480))
        );
    }

    #[test]
    fn a_cut_or_damaged_jpeg_says_so() {
        let whole = jpeg_segments(&SOF0_640X480);
        for cut in [2, 3, 5, 8] {
            assert_eq!(
                sniff(&whole[..cut]),
                Err(MediaProblem::CutShort(MediaFormat::Jpeg)),
                "{cut} bytes"
            );
        }
        // A segment that runs past the end.
        assert_eq!(
            sniff(&jpeg_segments(&[0xFF, 0xE1, 0x40, 0x00, 1, 2, 3])),
            Err(MediaProblem::CutShort(MediaFormat::Jpeg))
        );
        // Image data, or the end, before any frame header.
        for marker in [0xDA, 0xD9] {
            assert_eq!(
                sniff(&jpeg_segments(&[0xFF, marker, 0x00, 0x02])),
                Err(MediaProblem::Damaged(MediaFormat::Jpeg))
            );
        }
        // Garbage where a marker should be, and a length below its own two bytes.
        assert_eq!(
            sniff(&jpeg_segments(&[0x12, 0x34, 0x56, 0x78])),
            Err(MediaProblem::Damaged(MediaFormat::Jpeg))
        );
        assert_eq!(
            sniff(&jpeg_segments(&[0xFF, 0xE0, 0x00, 0x01, 0, 0])),
            Err(MediaProblem::Damaged(MediaFormat::Jpeg))
        );
    }

    #[test]
    fn a_long_run_of_fill_bytes_ends() {
        // The walk moves at least one byte a step: a megabyte of FF ends, cut short.
        let bytes = jpeg_segments(&vec![0xFF; 1 << 20]);
        assert_eq!(
            sniff(&bytes),
            Err(MediaProblem::CutShort(MediaFormat::Jpeg))
        );
    }

    fn boxed(kind: &[u8; 4], body: &[u8]) -> Vec<u8> {
        let size = u32::try_from(8 + body.len()).unwrap();
        let mut bytes = size.to_be_bytes().to_vec();
        bytes.extend(kind);
        bytes.extend(body);
        bytes
    }

    #[test]
    fn mp4_and_mov_by_their_first_box() {
        let format = |bytes: &[u8]| sniff(bytes).map(|i| i.format);
        assert_eq!(
            format(&boxed(b"ftyp", b"isom\0\0\x02\0isomiso2")),
            Ok(MediaFormat::Mp4)
        );
        assert_eq!(
            format(&boxed(b"ftyp", b"qt  \0\0\0\0qt  ")),
            Ok(MediaFormat::Mov)
        );
        for old in [b"moov", b"mdat", b"wide", b"free"] {
            assert_eq!(format(&boxed(old, &[0; 8])), Ok(MediaFormat::Mov));
        }
        assert_eq!(sniff(&boxed(b"ftyp", b"isom")).unwrap().width, None);
        // A ftyp box claiming more bytes than the file has.
        let mut cut = boxed(b"ftyp", b"isom\0\0\x02\0isomiso2");
        cut.truncate(14);
        assert_eq!(format(&cut), Err(MediaProblem::CutShort(MediaFormat::Mp4)));
        // An iPhone photo is a box file too, but not a video.
        assert_eq!(
            format(&boxed(b"ftyp", b"heic\0\0\0\0mif1heic")),
            Err(MediaProblem::OtherFormat("a HEIC image"))
        );
        // Text that happens to have "free" at offset 4 is not a movie.
        assert_eq!(
            format(b"I'm free, said the text"),
            Err(MediaProblem::Unknown)
        );
    }

    #[test]
    fn other_files_are_named_or_refused() {
        let problem = |bytes: &[u8]| sniff(bytes).unwrap_err().to_string();
        assert_eq!(
            problem(b"GIF89a\x01\x00\x01\x00"),
            "it is a GIF image, not a PNG, JPEG, MP4 or MOV file"
        );
        assert!(problem(b"RIFF\0\0\0\0WEBPVP8 ").contains("WebP"));
        assert!(problem(b"  <svg xmlns=\"http://www.w3.org/2000/svg\"/>").contains("SVG"));
        assert!(problem(b"%PDF-1.7").contains("PDF"));
        assert_eq!(
            problem(b"hello, I am text"),
            "it is not a PNG, JPEG, MP4 or MOV file"
        );
        assert_eq!(problem(b""), "the file is empty");
        assert_eq!(sniff(b"\x89").unwrap_err(), MediaProblem::Unknown);
    }

    #[test]
    fn extensions_that_lie_or_are_missing() {
        let png = sniff(&png_header(200, 200)).unwrap();
        let jpeg = sniff(&jpeg_segments(&SOF0_640X480)).unwrap();
        assert_eq!(check_extension("logo.png", &png), None);
        assert_eq!(check_extension("LOGO.PNG", &png), None);
        assert_eq!(check_extension("shot.JPEG", &jpeg), None);
        assert_eq!(
            check_extension("logo.jpg", &png).as_deref(),
            Some("logo.jpg is named .jpg but is a PNG image; rename it logo.png.")
        );
        assert!(check_extension("shot.png", &jpeg).unwrap().contains("JPEG"));
        assert!(
            check_extension("logo", &png)
                .unwrap()
                .contains("no extension")
        );
        assert!(check_extension(".png", &png).is_some());
    }
}
