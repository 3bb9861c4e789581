//! Reading a manifest from the bytes a partner pasted or saved: refused cleanly when it is
//! too large, not UTF-8, nested absurdly deep, not JSON or of the wrong shape, each with the
//! place it went wrong.

use serde_json::Value;

use crate::model::{Document, ManifestV3, ManifestV4};
use crate::{Finding, Pointer};

/// The largest manifest read. Real ones are a few kilobytes; the portal's editor holds one
/// page of JSON. Anything this large is a wrong file, and refusing it before parsing keeps a
/// 5 MB paste from costing memory and time.
pub const MAX_MANIFEST_BYTES: usize = 1024 * 1024;

/// The deepest nesting read. A real manifest is about six levels deep; serde_json's own
/// limit (128) would refuse 10,000 levels too, but with a message about recursion.
pub const MAX_DEPTH: usize = 32;

/// A manifest as read: the partner's text, kept byte for byte, and its typed view.
#[derive(Debug, Clone, PartialEq)]
pub struct Manifest {
    text: String,
    value: Value,
    document: Document,
}

impl Manifest {
    /// Reads a manifest. The error is one finding naming where it went wrong.
    pub fn read(bytes: &[u8]) -> Result<Self, Finding> {
        if bytes.len() > MAX_MANIFEST_BYTES {
            return Err(Finding::error(
                Pointer::root(),
                "too-large",
                format!(
                    "The file is {} KB; a manifest is a few KB and Plumbline reads at most {} KB. Check that this is the manifest JSON from the Developer Portal.",
                    bytes.len() / 1024,
                    MAX_MANIFEST_BYTES / 1024
                ),
            ));
        }
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            Finding::error(
                Pointer::root(),
                "not-utf8",
                format!(
                    "Line {line} has bytes that are not UTF-8 text (at byte {at}). Save the manifest as UTF-8 and try again."
                ),
            )
        })?;
        // A byte-order mark is how some Windows editors save UTF-8; the text keeps it.
        let json = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Some(line) = too_deep_at(json) {
            return Err(Finding::error(
                Pointer::root(),
                "too-deep",
                format!(
                    "Line {line} nests objects or lists more than {MAX_DEPTH} levels deep; a manifest is about six. Check that this is the manifest JSON from the Developer Portal."
                ),
            ));
        }
        let value: Value = serde_json::from_str(json).map_err(|e| {
            // serde_json reports a line break inside a string as column 0 of the next line;
            // the partner's mistake is at the end of the line before.
            let place = if e.column() == 0 && e.line() > 1 {
                format!("End of line {}", e.line() - 1)
            } else {
                format!("Line {}, column {}", e.line(), e.column())
            };
            Finding::error(
                Pointer::root(),
                "json-syntax",
                format!(
                    "{place}: {}. Fix the JSON there (the portal shows the manifest as JSON).",
                    syntax_message(&e)
                ),
            )
        })?;
        let document = typed(&value, json)?;
        Ok(Self {
            text: text.to_owned(),
            value,
            document,
        })
    }

    /// The partner's text, exactly as read: writing a manifest back writes these bytes.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// The JSON value (for pointer lookups and the diff).
    pub fn value(&self) -> &Value {
        &self.value
    }

    /// The typed view.
    pub fn document(&self) -> &Document {
        &self.document
    }

    /// The schema version as written, or "3.x" for a legacy manifest that does not say.
    pub fn schema_version(&self) -> &str {
        match &self.document {
            Document::V4(m) => &m.schema_version,
            Document::V3(m) => m.schema_version.as_deref().unwrap_or("3.x"),
        }
    }
}

/// serde_json's message without its own " at line X column Y" suffix (we say it first).
fn syntax_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    match full.rfind(" at line ") {
        Some(at) => full[..at].to_owned(),
        None => full,
    }
}

/// The line where nesting first passes [`MAX_DEPTH`], scanning outside strings.
fn too_deep_at(json: &str) -> Option<usize> {
    let (mut depth, mut line) = (0usize, 1usize);
    let (mut in_string, mut escaped) = (false, false);
    for b in json.bytes() {
        if b == b'\n' {
            line += 1;
        }
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'{' | b'[' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(line);
                }
            }
            b'}' | b']' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Which schema, then the typed view; a field of the wrong type is named by its pointer.
/// The typed view is read from the text, not the value, so that its maps keep the order
/// the partner wrote.
fn typed(value: &Value, json: &str) -> Result<Document, Finding> {
    let Value::Object(object) = value else {
        return Err(Finding::error(
            Pointer::root(),
            "shape",
            "A manifest is a JSON object ({ ... }); this file holds something else.",
        ));
    };
    let version = object.get("schema_version");
    let legacy = match version {
        Some(Value::String(v)) if v.starts_with('4') => false,
        Some(Value::String(v)) if v.starts_with('3') => true,
        None if object.contains_key("components") => true,
        None => {
            return Err(Finding::error(
                Pointer::of(["schema_version"]),
                "schema-version-missing",
                "The manifest has no \"schema_version\". Copy the whole manifest from the portal: it starts with \"schema_version\": \"4.1\".",
            ));
        }
        Some(other) => {
            return Err(Finding::error(
                Pointer::of(["schema_version"]),
                "schema-version-unknown",
                format!(
                    "Schema version {other} is not one Plumbline knows: Procore's manifests are 4.1 (current) or 3.x (legacy)."
                ),
            ));
        }
    };
    let shape = |path: &serde_path_to_error::Path, e: &serde_json::Error| {
        let pointer = Pointer::from_path(path);
        let field = if pointer.as_str().is_empty() {
            "The manifest".to_owned()
        } else {
            format!("The field {pointer}")
        };
        Finding::error(
            pointer,
            "shape",
            format!("{field} has the wrong type: {e}. Compare it with the manifest in the portal."),
        )
    };
    let mut text = serde_json::Deserializer::from_str(json);
    if legacy {
        serde_path_to_error::deserialize::<_, ManifestV3>(&mut text)
            .map(|m| Document::V3(Box::new(m)))
            .map_err(|e| shape(e.path(), e.inner()))
    } else {
        serde_path_to_error::deserialize::<_, ManifestV4>(&mut text)
            .map(|m| Document::V4(Box::new(m)))
            .map_err(|e| shape(e.path(), e.inner()))
    }
}
