use std::fmt;

/// A client secret or token. Its `Debug` and `Display` never show the value, and it does not
/// implement `Serialize`, so it cannot slip into a log line, an IPC response or a JSON file.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The value, for the one place that must send it (a request) or keep it (the keychain).
    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(«redacted»)")
    }
}

impl fmt::Display for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("«redacted»")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn never_shows_its_value() {
        let s = super::Secret::new("very-secret-token-value");
        assert!(!format!("{s:?} {s}").contains("very-secret"));
        assert_eq!(s.expose(), "very-secret-token-value");
    }
}
