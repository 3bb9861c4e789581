//! Follows a literal through `+` (`.` in PHP) concatenations, so that
//! `"/rest/v1.0/projects/" + id + "/rfis"` reads as one route.

use crate::language::Language;
use crate::route::route_start;
use crate::token::{HOLE, Kind, Lexed};

/// The text of the concatenation that starts with the literal token `first`, non-literal
/// operands written as [`HOLE`], and the index of the token after it.
pub(crate) struct Concat {
    pub text: String,
    pub end: usize,
}

pub(crate) fn follow(lx: &Lexed<'_>, lang: Language, first: usize) -> Concat {
    let mut text = lx
        .literal(first)
        .map(|l| l.text.clone())
        .unwrap_or_default();
    let mut at = first + 1;
    let op = if lang == Language::Php { "." } else { "+" };
    // Python and Ruby join adjacent literals ("a" "b"), often across lines in parentheses.
    let adjacent = matches!(lang, Language::Python | Language::Ruby);
    loop {
        let next = if adjacent && lx.kind(at) == Some(Kind::Str) {
            at
        } else if lx.is_punct(at, op) {
            at + 1
        } else {
            break;
        };
        match lx.literal(next) {
            // Another route starts a use of its own.
            Some(lit) if route_start(&lit.text).is_some() => break,
            Some(lit) => {
                text.push_str(&lit.text);
                at = next + 1;
            }
            None => match operand_end(lx, lang, next) {
                Some(end) => {
                    text.push(HOLE);
                    at = end;
                }
                None => break,
            },
        }
    }
    Concat { text, end: at }
}

/// The token after a non-literal operand such as `id`, `str(id)`, `project.id`, `$p->id`,
/// `ids[0]`, `(a ? b : c)` or `id.toString()`.
fn operand_end(lx: &Lexed<'_>, lang: Language, start: usize) -> Option<usize> {
    let mut at = start;
    if lx.is_ident(at) && matches!(lx.text(at), "new" | "await") {
        at += 1;
    }
    match lx.kind(at)? {
        Kind::Punct if lx.is_punct(at, "(") => at = lx.closer(at)? + 1,
        Kind::Ident | Kind::Num | Kind::Sym | Kind::Other => at += 1,
        _ => return None,
    }
    loop {
        let member = ["->", "?.", "::", "?->"].iter().any(|p| lx.is_punct(at, p))
            || (lang != Language::Php && lx.is_punct(at, "."));
        if member && lx.is_ident(at + 1) {
            at += 2;
        } else if lx.is_punct(at, "(") || lx.is_punct(at, "[") {
            at = lx.closer(at)? + 1;
        } else if lx.is_punct(at, "!!") {
            at += 1;
        } else {
            return Some(at);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexer::lex;

    fn concat(src: &str, lang: Language) -> String {
        let lexed = lex(src, lang);
        let first = (0..lexed.tokens.len())
            .find(|&i| lexed.literal(i).is_some())
            .expect("a literal in the test source");
        follow(&lexed, lang, first).text.replace(HOLE, "{}")
    }

    #[test]
    fn operands_become_holes() {
        let src = "u = \"/a/\" + p.id + \"/b/\" + str(x[1]) + \"/c\" + (y ? 1 : 2) + \"/d\"; z";
        assert_eq!(concat(src, Language::JavaScript), "/a/{}/b/{}/c{}/d");
    }

    #[test]
    fn php_dot_and_arrow() {
        let src = "<?php $u = '/a/' . $p->id . \"/b\" . $q->r() . '/c';";
        assert_eq!(concat(src, Language::Php), "/a/{}/b{}/c");
    }

    #[test]
    fn python_adjacent_literals_across_lines() {
        let src = "u = (\n  '/a/'\n  f'{x}/b'\n  + y\n)";
        assert_eq!(concat(src, Language::Python), "/a/{}/b{}");
    }

    #[test]
    fn stops_at_other_operators() {
        assert_eq!(concat("u = '/a/%s' % x", Language::Python), "/a/%s");
        assert_eq!(concat("f('/a', b + '/c')", Language::JavaScript), "/a");
    }
}
