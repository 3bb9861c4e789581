//! What a logo, screenshot or video really is, read from its header: never by trusting the
//! file's extension, and never by decoding it (a PNG header may claim 100,000 x 100,000
//! pixels; we read the claim and refuse it without allocating anything).

use serde::Serialize;
use ts_rs::TS;

/// The formats the Marketplace takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum MediaFormat {
    Png,
    Jpeg,
    Mp4,
    Mov,
}

impl MediaFormat {
    pub fn label(self) -> &'static str {
        match self {
            MediaFormat::Png => "PNG",
            MediaFormat::Jpeg => "JPEG",
            MediaFormat::Mp4 => "MP4",
            MediaFormat::Mov => "MOV",
        }
    }

    /// The extensions a file of this format may carry.
    pub fn extensions(self) -> &'static [&'static str] {
        match self {
            MediaFormat::Png => &["png"],
            MediaFormat::Jpeg => &["jpg", "jpeg"],
            MediaFormat::Mp4 => &["mp4", "m4v"],
            MediaFormat::Mov => &["mov", "qt"],
        }
    }

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
    /// Pixels, for images.
    pub width: Option<u32>,
    pub height: Option<u32>,
}

/// Reads the header. The error is a sentence saying what the file is not.
pub fn sniff(bytes: &[u8]) -> Result<MediaInfo, String> {
    const PNG: &[u8] = b"\x89PNG\r\n\x1a\n";
    if bytes.starts_with(PNG) {
        return png(bytes);
    }
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return jpeg(bytes);
    }
    if bytes.len() >= 12 {
        let kind = &bytes[4..8];
        if kind == b"ftyp" {
            let brand = &bytes[8..12];
            let format = if brand == b"qt  " {
                MediaFormat::Mov
            } else {
                MediaFormat::Mp4
            };
            return Ok(MediaInfo {
                format,
                width: None,
                height: None,
            });
        }
        // Old QuickTime files start with their atoms, without ftyp.
        if [&b"moov"[..], b"mdat", b"wide", b"free", b"skip"].contains(&kind) {
            return Ok(MediaInfo {
                format: MediaFormat::Mov,
                width: None,
                height: None,
            });
        }
    }
    let what = if bytes.starts_with(b"GIF8") {
        "a GIF image"
    } else if bytes.starts_with(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        "a WebP image"
    } else if bytes.is_empty() {
        "empty"
    } else {
        "not a PNG, JPEG, MP4 or MOV file"
    };
    Err(format!("is {what}"))
}

fn png(bytes: &[u8]) -> Result<MediaInfo, String> {
    // Signature (8), then the IHDR chunk: length (4), "IHDR" (4), width (4), height (4).
    let ihdr = bytes
        .get(8..24)
        .ok_or("is a PNG whose header is cut short")?;
    if &ihdr[4..8] != b"IHDR" {
        return Err("is a PNG without its IHDR header".into());
    }
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    Ok(MediaInfo {
        format: MediaFormat::Png,
        width: Some(be(&ihdr[8..12])),
        height: Some(be(&ihdr[12..16])),
    })
}

fn jpeg(bytes: &[u8]) -> Result<MediaInfo, String> {
    // Walk the segments after SOI to the first start-of-frame, which holds the size.
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xFF {
            return Err("is a JPEG whose segments are damaged".into());
        }
        let marker = bytes[at + 1];
        // Fill bytes and markers without a length.
        if marker == 0xFF {
            at += 1;
            continue;
        }
        if marker == 0x01 || (0xD0..=0xD7).contains(&marker) {
            at += 2;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if length < 2 {
            return Err("is a JPEG whose segments are damaged".into());
        }
        let is_frame = (0xC0..=0xCF).contains(&marker) && ![0xC4, 0xC8, 0xCC].contains(&marker);
        if is_frame {
            let frame = bytes
                .get(at + 4..at + 9)
                .ok_or("is a JPEG whose header is cut short")?;
            let height = u32::from(u16::from_be_bytes([frame[1], frame[2]]));
            let width = u32::from(u16::from_be_bytes([frame[3], frame[4]]));
            return Ok(MediaInfo {
                format: MediaFormat::Jpeg,
                width: Some(width),
                height: Some(height),
            });
        }
        if marker == 0xDA {
            break; // image data began without a frame header
        }
        at += 2 + length;
    }
    Err("is a JPEG whose header is cut short".into())
}

/// A sentence when the file's name says another format than its content.
pub fn extension_mismatch(file_name: &str, info: &MediaInfo) -> Option<String> {
    let extension = file_name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())?;
    (!info.format.extensions().contains(&extension.as_str())).then(|| {
        format!(
            "{file_name} is named .{extension} but is a {} file; rename it .{} so the portal accepts it",
            info.format.label(),
            info.format.extensions()[0]
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn png_header(width: u32, height: u32) -> Vec<u8> {
        let mut bytes = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR".to_vec();
        bytes.extend(width.to_be_bytes());
        bytes.extend(height.to_be_bytes());
        bytes.extend([8, 6, 0, 0, 0]);
        bytes
    }

    #[test]
    fn sizes_come_from_the_header() {
        assert_eq!(
            sniff(&png_header(200, 200)).unwrap(),
            MediaInfo {
                format: MediaFormat::Png,
                width: Some(200),
                height: Some(200)
            }
        );
        let claim = sniff(&png_header(100_000, 100_000)).unwrap();
        assert_eq!((claim.width, claim.height), (Some(100_000), Some(100_000)));
        assert!(
            sniff(&png_header(1, 1)[..12])
                .unwrap_err()
                .contains("cut short")
        );
        assert!(sniff(b"GIF89a....").unwrap_err().contains("GIF"));
        assert!(
            sniff(b"hello, I am text")
                .unwrap_err()
                .contains("not a PNG")
        );
        assert!(sniff(b"").unwrap_err().contains("empty"));
    }
}
