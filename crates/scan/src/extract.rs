//! The per-file scanner: lex, find route literals, follow concatenations, read the method.

use memchr::memmem;

use crate::language::Language;
use crate::token::Kind;
use crate::{SourceUse, concat, lexer, method, route, sort_uses};

/// Finds the Procore API calls in one file's text. `file` is copied into each
/// [`SourceUse::file`]. The result is sorted by (file, line, path, method), without
/// duplicates.
pub fn scan_text(text: &str, language: Language, file: &str) -> Vec<SourceUse> {
    if memmem::find(text.as_bytes(), b"/rest/v").is_none() {
        return Vec::new();
    }
    let lexed = lexer::lex(text, language);
    let mut uses = Vec::new();
    for (i, token) in lexed.tokens.iter().enumerate() {
        if token.kind != Kind::Str {
            continue;
        }
        let Some(literal) = lexed.literal(i) else {
            continue;
        };
        let Some(offset) = route::route_start(&literal.text) else {
            continue;
        };
        let expr = concat::follow(&lexed, language, i);
        let Some(path) = expr.text.get(offset..).and_then(route::normalize) else {
            continue;
        };
        uses.push(SourceUse {
            method: method::infer(&lexed, language, i, expr.end).map(str::to_owned),
            path,
            file: file.to_owned(),
            line: literal.line_at(offset),
        });
    }
    sort_uses(&mut uses);
    uses
}
