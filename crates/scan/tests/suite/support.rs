//! Builds expected results.

use plumbline_scan::SourceUse;

/// `(line, method, path)` triples in `file`, as the scanner reports them.
pub fn uses_in(file: &str, calls: &[(u32, Option<&str>, &str)]) -> Vec<SourceUse> {
    calls
        .iter()
        .map(|&(line, method, path)| SourceUse {
            method: method.map(str::to_owned),
            path: path.to_owned(),
            file: file.to_owned(),
            line,
        })
        .collect()
}
