//! Turns one file's text into tokens, dropping comments.
//!
//! The lexer is deliberately small: it only has to get strings, comments and brackets right
//! so that literals are found whole and a quote inside a comment or a regex does not throw
//! the rest of the file out of step. String literal rules live in `literals.rs`.

use memchr::{memchr, memchr_iter, memmem};

use crate::language::Language;
use crate::literals;
use crate::token::{Kind, Lexed, Literal, Token};

/// Interpolations nested deeper than this are skipped by counting braces instead of lexing,
/// so that a pathological file cannot exhaust the stack.
const MAX_HOLE_DEPTH: u32 = 24;

/// Operators of more than one character that the method and concatenation logic must tell
/// apart from their one-character prefixes, longest first.
const MULTI_PUNCT: &[&str] = &[
    "?->", "===", "!==", "...", "<=>", "->", "=>", "::", "?.", ":=", "+=", "-=", ".=", "==", "!=",
    "<=", ">=", "&&", "||", "!!", "??", "++", "--", "**", "|=", "&=", "*=", "/=", "%=",
];

/// Words after which a `/` starts a regex rather than a division.
const VALUE_KEYWORDS: &[&str] = &[
    "return",
    "typeof",
    "instanceof",
    "in",
    "of",
    "new",
    "delete",
    "void",
    "throw",
    "case",
    "do",
    "else",
    "yield",
    "await",
    "when",
    "if",
    "unless",
    "and",
    "or",
    "not",
    "while",
    "until",
    "puts",
    "print",
];

/// The body of a heredoc, which the lexer jumps over when it reaches the line it starts on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HeredocSkip {
    pub start: usize,
    pub end: usize,
    pub lines: u32,
}

pub(crate) struct Lexer<'a> {
    pub src: &'a str,
    pub b: &'a [u8],
    pub pos: usize,
    pub line: u32,
    pub lang: Language,
    pub literals: Vec<Literal>,
    pub heredoc_skip: Option<HeredocSkip>,
    /// The previous token, for telling a regex from a division.
    prev: Option<(Kind, usize, usize)>,
    depth: u32,
}

/// Lexes `src` as `lang`.
pub(crate) fn lex(src: &str, lang: Language) -> Lexed<'_> {
    let mut lx = Lexer {
        src,
        b: src.as_bytes(),
        pos: 0,
        line: 1,
        lang,
        literals: Vec::new(),
        heredoc_skip: None,
        prev: None,
        depth: 0,
    };
    // A PHP file with an open tag starts as HTML; one without is taken to be all code
    // (snippets, or files included by others).
    if lang == Language::Php
        && (memmem::find(lx.b, b"<?php").is_some() || memmem::find(lx.b, b"<?=").is_some())
    {
        lx.skip_html();
    }
    let mut tokens = Vec::new();
    while let Some(tok) = lx.next_token() {
        tokens.push(tok);
    }
    Lexed {
        src,
        tokens,
        literals: lx.literals,
    }
}

pub(crate) fn is_ident_start(c: u8) -> bool {
    c.is_ascii_alphabetic() || c == b'_' || c == b'$' || c == b'@' || c >= 0x80
}

pub(crate) fn is_ident_continue(c: u8) -> bool {
    c.is_ascii_alphanumeric() || c == b'_' || c == b'$' || c >= 0x80
}

/// Length of the UTF-8 sequence that starts with `c`.
pub(crate) fn utf8_len(c: u8) -> usize {
    match c {
        0xF0.. => 4,
        0xE0.. => 3,
        0xC0.. => 2,
        _ => 1,
    }
}

pub(crate) fn count_lines(bytes: &[u8]) -> u32 {
    u32::try_from(memchr_iter(b'\n', bytes).count()).unwrap_or(u32::MAX)
}

impl Lexer<'_> {
    pub fn peek(&self, ahead: usize) -> Option<u8> {
        self.b.get(self.pos + ahead).copied()
    }

    pub fn starts_with(&self, s: &[u8]) -> bool {
        self.b
            .get(self.pos..)
            .is_some_and(|rest| rest.starts_with(s))
    }

    /// The next token, or None at the end of the text.
    pub fn next_token(&mut self) -> Option<Token> {
        loop {
            let c = *self.b.get(self.pos)?;
            match c {
                b'\n' => self.newline(),
                b' ' | b'\t' | b'\r' | 0x0b | 0x0c => self.pos += 1,
                // A line continuation: the newline that follows is plain white space.
                b'\\' if matches!(self.peek(1), Some(b'\n' | b'\r')) => self.pos += 1,
                _ => {
                    if self.skip_comment() {
                        continue;
                    }
                    if self.lang == Language::Php && self.starts_with(b"?>") {
                        self.pos += 2;
                        self.skip_html();
                        continue;
                    }
                    let tok = self.token();
                    self.prev = Some((tok.kind, tok.start, tok.end));
                    return Some(tok);
                }
            }
        }
    }

    fn newline(&mut self) {
        self.pos += 1;
        self.line += 1;
        if let Some(skip) = self.heredoc_skip
            && skip.start == self.pos
        {
            self.pos = skip.end;
            self.line += skip.lines;
            self.heredoc_skip = None;
        }
    }

    fn at_line_start(&self) -> bool {
        self.pos == 0 || self.b.get(self.pos - 1) == Some(&b'\n')
    }

    fn skip_comment(&mut self) -> bool {
        let hash_comments = matches!(self.lang, Language::Python | Language::Ruby);
        if !hash_comments && self.starts_with(b"//") {
            self.skip_to_line_end();
            return true;
        }
        if !hash_comments && self.starts_with(b"/*") {
            let body = self.pos + 2;
            let end = memmem::find(&self.b[body..], b"*/").map_or(self.b.len(), |k| body + k + 2);
            self.line += count_lines(&self.b[self.pos..end]);
            self.pos = end;
            return true;
        }
        // PHP 8 attributes start with `#[`; every other PHP `#` starts a comment.
        let hash = hash_comments || (self.lang == Language::Php && self.peek(1) != Some(b'['));
        if hash && self.peek(0) == Some(b'#') {
            self.skip_to_line_end();
            return true;
        }
        if self.lang == Language::Ruby && self.at_line_start() && self.starts_with(b"=begin") {
            let end = memmem::find(&self.b[self.pos..], b"\n=end")
                .map_or(self.b.len(), |k| self.pos + k + 1);
            self.line += count_lines(&self.b[self.pos..end]);
            self.pos = end;
            self.skip_to_line_end();
            return true;
        }
        false
    }

    fn skip_to_line_end(&mut self) {
        self.pos = memchr(b'\n', &self.b[self.pos..]).map_or(self.b.len(), |k| self.pos + k);
    }

    /// Skips PHP's inline HTML up to and including the next open tag.
    fn skip_html(&mut self) {
        let rest = &self.b[self.pos..];
        match memmem::find(rest, b"<?") {
            Some(k) => {
                self.line += count_lines(&rest[..k]);
                self.pos += k + 2;
                if self.starts_with(b"php") {
                    self.pos += 3;
                } else if self.starts_with(b"=") {
                    self.pos += 1;
                }
            }
            None => {
                self.line += count_lines(rest);
                self.pos = self.b.len();
            }
        }
    }

    /// Whether a value (rather than an operator) is expected next: decides whether `/` starts
    /// a regex, and whether Ruby's `%` starts a literal.
    pub fn value_expected(&self) -> bool {
        match self.prev {
            None => true,
            Some((Kind::Ident, s, e)) => VALUE_KEYWORDS.contains(&self.src.get(s..e).unwrap_or("")),
            Some((Kind::Punct, s, e)) => !matches!(self.src.get(s..e), Some(")" | "]" | "}")),
            Some(_) => false,
        }
    }

    fn token(&mut self) -> Token {
        let start = self.pos;
        let line = self.line;
        if let Some(tok) = literals::lex_literal(self) {
            return tok;
        }
        let c = self.b[start];
        let make = |kind, start, end| Token {
            kind,
            start,
            end,
            line,
            lit: 0,
        };
        if is_ident_start(c) {
            self.pos += 1;
            while self.peek(0).is_some_and(is_ident_continue) {
                self.pos += 1;
            }
            return make(Kind::Ident, start, self.pos);
        }
        if c.is_ascii_digit() {
            self.pos += 1;
            while let Some(d) = self.peek(0) {
                let fraction = d == b'.' && self.peek(1).is_some_and(|n| n.is_ascii_digit());
                if !(d.is_ascii_alphanumeric() || d == b'_' || fraction) {
                    break;
                }
                self.pos += if fraction { 2 } else { 1 };
            }
            return make(Kind::Num, start, self.pos);
        }
        if c == b'/'
            && matches!(self.lang, Language::JavaScript | Language::Ruby)
            && self.value_expected()
            && let Some(end) = self.regex_end()
        {
            self.pos = end;
            return make(Kind::Other, start, end);
        }
        if self.lang == Language::Ruby
            && c == b':'
            && self
                .peek(1)
                .is_some_and(|n| n != b':' && n != b'$' && is_ident_start(n))
        {
            self.pos += 1;
            let name = self.pos;
            while self.peek(0).is_some_and(is_ident_continue) {
                self.pos += 1;
            }
            return make(Kind::Sym, name, self.pos);
        }
        for p in MULTI_PUNCT {
            if self.starts_with(p.as_bytes()) {
                self.pos += p.len();
                return make(Kind::Punct, start, self.pos);
            }
        }
        self.pos += utf8_len(c);
        make(Kind::Punct, start, self.pos.min(self.b.len()))
    }

    /// End of a regex literal starting at `self.pos`, or None when the `/` does not start one
    /// on this line.
    fn regex_end(&self) -> Option<usize> {
        let mut i = self.pos + 1;
        let mut in_class = false;
        loop {
            match *self.b.get(i)? {
                b'\\' => i += 1,
                b'\n' => return None,
                b'[' => in_class = true,
                b']' => in_class = false,
                b'/' if !in_class => break,
                _ => {}
            }
            i += 1;
        }
        if i == self.pos + 1 {
            return None;
        }
        i += 1;
        while self.b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
        }
        Some(i)
    }

    /// Skips the code of an interpolation whose opening brace was just passed, up to and
    /// including its closing brace.
    pub fn skip_hole(&mut self) {
        if self.depth >= MAX_HOLE_DEPTH {
            self.skip_hole_bytes();
            return;
        }
        self.depth += 1;
        let saved_prev = self.prev;
        let mut braces = 0usize;
        while let Some(tok) = self.next_token() {
            if tok.kind != Kind::Punct {
                continue;
            }
            match self.src.get(tok.start..tok.end).unwrap_or("") {
                "{" => braces += 1,
                "}" if braces == 0 => break,
                "}" => braces -= 1,
                _ => {}
            }
        }
        self.prev = saved_prev;
        self.depth -= 1;
    }

    fn skip_hole_bytes(&mut self) {
        let mut braces = 0usize;
        while let Some(&c) = self.b.get(self.pos) {
            self.pos += 1;
            match c {
                b'\n' => self.line += 1,
                b'{' => braces += 1,
                b'}' if braces == 0 => return,
                b'}' => braces -= 1,
                _ => {}
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds_and_texts(src: &str, lang: Language) -> Vec<(Kind, String)> {
        let lexed = lex(src, lang);
        (0..lexed.tokens.len())
            .map(|i| {
                let text = match lexed.literal(i) {
                    Some(lit) => lit.text.clone(),
                    None => lexed.text(i).to_owned(),
                };
                (lexed.tokens[i].kind, text)
            })
            .collect()
    }

    #[test]
    fn comments_are_dropped() {
        let toks = kinds_and_texts("a // 'x\n/* \"y */ b", Language::JavaScript);
        assert_eq!(
            toks,
            vec![(Kind::Ident, "a".to_owned()), (Kind::Ident, "b".to_owned())]
        );
        let toks = kinds_and_texts("a # 'x\nb", Language::Python);
        assert_eq!(
            toks,
            vec![(Kind::Ident, "a".to_owned()), (Kind::Ident, "b".to_owned())]
        );
    }

    #[test]
    fn regex_with_quote_does_not_start_a_string() {
        let toks = kinds_and_texts("s.replace(/'/g, \"x\")", Language::JavaScript);
        assert_eq!(toks[4].0, Kind::Other);
        assert_eq!(toks[6], (Kind::Str, "x".to_owned()));
        // After a name, `/` divides.
        let toks = kinds_and_texts("a / b / c", Language::JavaScript);
        assert!(toks.iter().all(|(k, _)| *k != Kind::Other));
    }

    #[test]
    fn lines_are_counted_through_comments_and_strings() {
        let lexed = lex("a\n/* x\ny */\n`p\nq`\nb", Language::JavaScript);
        let lines: Vec<u32> = lexed.tokens.iter().map(|t| t.line).collect();
        assert_eq!(lines, vec![1, 4, 6]);
    }

    #[test]
    fn php_html_is_skipped() {
        let toks = kinds_and_texts(
            "<p>Don't</p>\n<?php $a = 'x'; ?>\n<b>it's</b>",
            Language::Php,
        );
        let texts: Vec<&str> = toks.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, vec!["$a", "=", "x", ";"]);
    }

    #[test]
    fn ruby_heredoc_body_is_one_literal() {
        let src = "x = <<~SQL\n  don't #{y}\nSQL\nz = 'q'\n";
        let lexed = lex(src, Language::Ruby);
        let texts: Vec<(Kind, String, u32)> = (0..lexed.tokens.len())
            .map(|i| {
                let t = lexed.tokens[i];
                let text = lexed
                    .literal(i)
                    .map_or_else(|| lexed.text(i).to_owned(), |l| l.text.clone());
                (t.kind, text, t.line)
            })
            .collect();
        assert_eq!(
            texts,
            vec![
                (Kind::Ident, "x".to_owned(), 1),
                (Kind::Punct, "=".to_owned(), 1),
                (Kind::Str, "  don't \0\n".to_owned(), 1),
                (Kind::Ident, "z".to_owned(), 4),
                (Kind::Punct, "=".to_owned(), 4),
                (Kind::Str, "q".to_owned(), 4),
            ]
        );
    }
}
