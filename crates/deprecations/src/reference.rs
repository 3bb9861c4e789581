//! A reference document, checked before anything of it is believed: an empty body, an HTML
//! page (a login wall, an error page), a truncated download or the wrong kind of JSON is
//! refused with a sentence saying which, so the revision already stored stays in force.

use std::collections::HashSet;
use std::fmt;
use std::io::{BufRead, BufReader, Read};

use plumbline_domain::{ChangelogEntry, Day, OperationFacts, ReferenceKind};
use serde::Deserializer;
use serde::de::{self, Visitor};
use sha2::{Digest, Sha256};

use crate::route::RouteKey;

/// Large enough that serde's byte-at-a-time reads come from memory, small enough to stay out
/// of the peak-memory budget.
const READ_BUFFER: usize = 256 * 1024;

/// One parsed revision of a reference document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedReference {
    pub kind: ReferenceKind,
    /// `info.version` of an OpenAPI document.
    pub version: Option<String>,
    /// Every REST operation, one per normalized route; the first spelling wins.
    pub operations: Vec<(RouteKey, OperationFacts)>,
    /// Legacy changelog entries, by the operation they belong to.
    pub changelog: Vec<(RouteKey, ChangelogEntry)>,
    /// Operations that are not REST routes (`/oauth/token`…), counted and left out.
    pub skipped: usize,
}

/// Why a document was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReferenceError {
    Empty,
    Html,
    /// It ends in the middle: a download cut short.
    Truncated,
    /// Not JSON at all, or broken JSON.
    Malformed {
        line: usize,
        column: usize,
        detail: String,
    },
    /// JSON, but not the document it claims to be.
    WrongShape(String),
    Io(String),
}

impl fmt::Display for ReferenceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let keep = "Plumbline keeps the reference data it already had.";
        match self {
            ReferenceError::Empty => write!(f, "The reference document is empty. {keep}"),
            ReferenceError::Html => write!(
                f,
                "The reference document is an HTML page, not Procore's JSON (a sign-in or error \
                 page?). Download the JSON file itself and try again. {keep}"
            ),
            ReferenceError::Truncated => write!(
                f,
                "The reference document ends in the middle: the download was cut short. Fetch \
                 or download it again. {keep}"
            ),
            ReferenceError::Malformed {
                line,
                column,
                detail,
            } => write!(
                f,
                "The reference document is not valid JSON (line {line}, column {column}: \
                 {detail}). {keep}"
            ),
            ReferenceError::WrongShape(why) => write!(
                f,
                "The file is JSON but not Procore's reference data: {why}. {keep}"
            ),
            ReferenceError::Io(why) => {
                write!(f, "The reference document could not be read: {why}. {keep}")
            }
        }
    }
}

impl std::error::Error for ReferenceError {}

impl ReferenceError {
    pub(crate) fn from_json(e: serde_json::Error) -> Self {
        use serde_json::error::Category;
        match e.classify() {
            Category::Eof => ReferenceError::Truncated,
            Category::Io => ReferenceError::Io(e.to_string()),
            Category::Syntax => ReferenceError::Malformed {
                line: e.line(),
                column: e.column(),
                detail: strip_position(&e.to_string()),
            },
            Category::Data => ReferenceError::WrongShape(format!(
                "{} (line {}, column {})",
                strip_position(&e.to_string()),
                e.line(),
                e.column()
            )),
        }
    }
}

fn strip_position(text: &str) -> String {
    text.split(" at line ").next().unwrap_or(text).to_owned()
}

impl ParsedReference {
    pub(crate) fn new(
        kind: ReferenceKind,
        version: Option<String>,
        facts: Vec<OperationFacts>,
        changelog: Vec<(RouteKey, ChangelogEntry)>,
    ) -> Result<Self, ReferenceError> {
        let mut seen = HashSet::with_capacity(facts.len());
        let mut operations = Vec::with_capacity(facts.len());
        let mut skipped = 0;
        for op in facts {
            match RouteKey::new(&op.method, &op.path) {
                Ok(key) if seen.insert(key.clone()) => operations.push((key, op)),
                Ok(_) => {}
                Err(_) => skipped += 1,
            }
        }
        if operations.is_empty() {
            return Err(ReferenceError::WrongShape(
                "it lists no REST operations".to_owned(),
            ));
        }
        Ok(Self {
            kind,
            version,
            operations,
            changelog,
            skipped,
        })
    }

    /// How many operations are deprecated.
    pub fn deprecated(&self) -> usize {
        self.operations
            .iter()
            .filter(|(_, op)| op.deprecated)
            .count()
    }
}

/// A buffered reader that has looked at the first bytes: empty and HTML bodies are refused
/// before the JSON parser sees them, and a UTF-8 byte order mark is passed over.
pub(crate) fn sniff<R: Read>(reader: R) -> Result<BufReader<R>, ReferenceError> {
    let mut buffered = BufReader::with_capacity(READ_BUFFER, reader);
    let mut bom_checked = false;
    loop {
        let chunk = buffered
            .fill_buf()
            .map_err(|e| ReferenceError::Io(e.to_string()))?;
        if chunk.is_empty() {
            return Err(ReferenceError::Empty);
        }
        if !bom_checked {
            bom_checked = true;
            if chunk.starts_with(&[0xEF, 0xBB, 0xBF]) {
                buffered.consume(3);
                continue;
            }
        }
        let blank = chunk.iter().take_while(|b| b.is_ascii_whitespace()).count();
        if blank < chunk.len() {
            return match chunk[blank] {
                b'<' => Err(ReferenceError::Html),
                b'{' | b'[' => Ok(buffered),
                _ => Err(ReferenceError::Malformed {
                    line: 1,
                    column: 1,
                    detail: "it does not start with a JSON object or array".to_owned(),
                }),
            };
        }
        buffered.consume(blank);
    }
}

/// `2026-06-30`, `2026-06-30T00:00:00Z`: the calendar day; anything else is no date.
pub(crate) fn day_of(text: &str) -> Option<Day> {
    text.trim().get(..10).and_then(Day::parse_iso)
}

/// A string field that tolerates `null`, numbers and booleans (kept as text) and skips
/// objects and arrays, so one odd value does not refuse a 50 MB document.
pub(crate) fn lenient_text<'de, D: Deserializer<'de>>(d: D) -> Result<Option<String>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("text")
        }
        fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
            Ok(Some(v))
        }
        fn visit_unit<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
            while seq.next_element::<de::IgnoredAny>()?.is_some() {}
            Ok(None)
        }
        fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            while map
                .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                .is_some()
            {}
            Ok(None)
        }
    }
    d.deserialize_any(V)
}

/// Reads either document, telling them apart by their first bytes' shape: the OpenAPI
/// document is an object with `openapi`, the legacy one an array of resource groups (or an
/// object holding one).
pub fn parse_reference(
    kind: ReferenceKind,
    reader: impl Read,
) -> Result<ParsedReference, ReferenceError> {
    match kind {
        ReferenceKind::OpenApi => crate::openapi::parse_openapi(reader),
        ReferenceKind::Legacy => crate::legacy::parse_legacy(reader),
    }
}

/// A reader that hashes what passes through it, so a file is hashed in the same pass that
/// parses it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        Ok(n)
    }
}

/// Parses `reader` and returns the SHA-256 (hex) of every byte it read: the parser reads to
/// the end (trailing bytes are an error), so that is the whole document.
pub fn parse_reference_hashed(
    kind: ReferenceKind,
    reader: impl Read,
) -> Result<(ParsedReference, String), ReferenceError> {
    let mut hashing = Hashing {
        inner: reader,
        hasher: Sha256::new(),
    };
    let parsed = parse_reference(kind, &mut hashing)?;
    let digest = hashing.hasher.finalize();
    let hex = digest.iter().map(|b| format!("{b:02x}")).collect();
    Ok((parsed, hex))
}

/// Guesses the kind of a downloaded file from its first non-blank byte: `{` OpenAPI, `[`
/// the legacy resource groups.
pub fn guess_kind(head: &[u8]) -> ReferenceKind {
    let first = head
        .iter()
        .copied()
        .find(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
    match first {
        Some(b'[') => ReferenceKind::Legacy,
        _ => {
            let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
            if text.contains("\"resource_groups\"") && !text.contains("\"openapi\"") {
                ReferenceKind::Legacy
            } else {
                ReferenceKind::OpenApi
            }
        }
    }
}
