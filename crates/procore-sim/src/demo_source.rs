//! A small source folder for demo mode to scan, as a partner scans their own code: it calls
//! the route whose sunset the reference's revision moves earlier, the route the revision
//! deprecates, a few active routes and one the reference does not know.

use std::path::Path;

/// `(relative path, contents)` of each file.
pub const DEMO_SOURCE: [(&str, &str); 3] = [
    (
        "web/src/rfis.ts",
        include_str!("../demo-source/web/src/rfis.ts"),
    ),
    (
        "sync/companies.py",
        include_str!("../demo-source/sync/companies.py"),
    ),
    ("README.md", include_str!("../demo-source/README.md")),
];

/// Writes the demo source folder under `dir` (created if needed).
pub fn write_demo_source(dir: &Path) -> std::io::Result<()> {
    for (relative, text) in DEMO_SOURCE {
        let path = dir.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        std::fs::write(path, text)?;
    }
    Ok(())
}
