//! JSON pointers (RFC 6901): how every finding and every change names its field.

use std::fmt;

/// A JSON pointer built segment by segment; `~` and `/` inside a segment are escaped as
/// `~0` and `~1` (RFC 6901 §3), so a tool named `a/b` still points at one field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Pointer(String);

impl Pointer {
    /// The whole document (the empty pointer).
    pub fn root() -> Self {
        Self(String::new())
    }

    /// This pointer with one more segment.
    pub fn push(&self, segment: impl fmt::Display) -> Self {
        let segment = segment.to_string().replace('~', "~0").replace('/', "~1");
        Self(format!("{}/{segment}", self.0))
    }

    /// Builds a pointer from its segments.
    pub fn of<S: fmt::Display>(segments: impl IntoIterator<Item = S>) -> Self {
        segments
            .into_iter()
            .fold(Self::root(), |pointer, s| pointer.push(s))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The pointer for a `serde_path_to_error` path (`fullscreen.views[0]`), which is how a
    /// field of the wrong type is located.
    pub(crate) fn from_path(path: &serde_path_to_error::Path) -> Self {
        use serde_path_to_error::Segment;
        path.iter()
            .fold(Self::root(), |pointer, segment| match segment {
                Segment::Seq { index } => pointer.push(index),
                Segment::Map { key } => pointer.push(key),
                Segment::Enum { variant } => pointer.push(variant),
                Segment::Unknown => pointer,
            })
    }
}

impl fmt::Display for Pointer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Pointer> for String {
    fn from(pointer: Pointer) -> Self {
        pointer.0
    }
}

#[cfg(test)]
mod tests {
    use super::Pointer;

    #[test]
    fn segments_are_escaped_as_rfc_6901_says() {
        assert_eq!(Pointer::root().as_str(), "");
        assert_eq!(
            Pointer::of(["permissions", "company", "a/b~c"]).as_str(),
            "/permissions/company/a~1b~0c"
        );
        assert_eq!(Pointer::of(["views"]).push(0).as_str(), "/views/0");
        // serde_json's own pointer lookup reads what we write.
        let doc = serde_json::json!({"permissions": {"company": {"a/b~c": "readonly"}}});
        assert_eq!(
            doc.pointer(Pointer::of(["permissions", "company", "a/b~c"]).as_str()),
            Some(&serde_json::json!("readonly"))
        );
    }
}
