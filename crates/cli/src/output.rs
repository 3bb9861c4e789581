//! Text and JSON output.

use std::io::Write;

use serde::Serialize;

use crate::Failure;

/// Prints `value` as pretty JSON, or the text that `text` renders.
pub(crate) fn emit<T: Serialize>(
    json: bool,
    value: &T,
    text: impl FnOnce() -> String,
) -> Result<(), Failure> {
    let mut out = std::io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, value)?;
        writeln!(out)?;
    } else {
        let text = text();
        if !text.is_empty() {
            writeln!(out, "{text}")?;
        }
    }
    Ok(())
}
