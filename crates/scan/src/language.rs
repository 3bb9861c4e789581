//! Which files are scanned, and as which language.

use std::path::Path;

/// A source language the scanner knows the quote styles, interpolations and comments of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
pub enum Language {
    /// JavaScript and TypeScript: `js`, `jsx`, `mjs`, `cjs`, `ts`, `tsx`, `mts`, `cts`, and
    /// the single-file components `vue` and `svelte`.
    JavaScript,
    /// Python: `py`.
    Python,
    /// Ruby: `rb`, `rake`.
    Ruby,
    /// C#: `cs`.
    CSharp,
    /// Go: `go`.
    Go,
    /// Java: `java`.
    Java,
    /// Kotlin: `kt`, `kts`.
    Kotlin,
    /// PHP: `php`.
    Php,
}

/// The language of a file, from its extension (case-insensitive); None for files that are
/// not scanned.
pub fn language_of(path: &Path) -> Option<Language> {
    let ext = path.extension()?.to_str()?;
    const TABLE: &[(&str, Language)] = &[
        ("js", Language::JavaScript),
        ("jsx", Language::JavaScript),
        ("mjs", Language::JavaScript),
        ("cjs", Language::JavaScript),
        ("ts", Language::JavaScript),
        ("tsx", Language::JavaScript),
        ("mts", Language::JavaScript),
        ("cts", Language::JavaScript),
        ("vue", Language::JavaScript),
        ("svelte", Language::JavaScript),
        ("py", Language::Python),
        ("rb", Language::Ruby),
        ("rake", Language::Ruby),
        ("cs", Language::CSharp),
        ("go", Language::Go),
        ("java", Language::Java),
        ("kt", Language::Kotlin),
        ("kts", Language::Kotlin),
        ("php", Language::Php),
    ];
    TABLE
        .iter()
        .find(|(known, _)| known.eq_ignore_ascii_case(ext))
        .map(|&(_, language)| language)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extensions_map_to_languages() {
        assert_eq!(
            language_of(Path::new("a/b.tsx")),
            Some(Language::JavaScript)
        );
        assert_eq!(
            language_of(Path::new("App.VUE")),
            Some(Language::JavaScript)
        );
        assert_eq!(language_of(Path::new("x.py")), Some(Language::Python));
        assert_eq!(language_of(Path::new("x.rb")), Some(Language::Ruby));
        assert_eq!(language_of(Path::new("X.cs")), Some(Language::CSharp));
        assert_eq!(language_of(Path::new("x.go")), Some(Language::Go));
        assert_eq!(language_of(Path::new("X.java")), Some(Language::Java));
        assert_eq!(language_of(Path::new("X.kt")), Some(Language::Kotlin));
        assert_eq!(language_of(Path::new("x.php")), Some(Language::Php));
        assert_eq!(language_of(Path::new("x.rs")), None);
        assert_eq!(language_of(Path::new("Makefile")), None);
        assert_eq!(language_of(Path::new("notes.json")), None);
    }
}
