//! String literals in every quote style of each language, with their interpolations turned
//! into holes.

use memchr::memchr;

use crate::language::Language;
use crate::lexer::{HeredocSkip, Lexer, count_lines, is_ident_continue, utf8_len};
use crate::token::{HOLE, Kind, Literal, Token};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Escape {
    /// `\x` stands for x (and `\n` for a newline).
    Backslash,
    /// Python raw strings: a backslash keeps the next character from closing the string, and
    /// both stay in the text.
    Raw,
    /// No escapes (Go and Kotlin raw strings, heredoc-like bodies).
    None,
    /// C# verbatim strings: `""` stands for `"`.
    DoubledQuote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Interp {
    None,
    /// `${expr}`: JavaScript template strings.
    DollarBrace,
    /// `{expr}` with `{{` and `}}` for braces: Python f-strings, C# `$"…"`.
    Brace,
    /// `#{expr}`: Ruby.
    HashBrace,
    /// `$name` and `${expr}`: Kotlin.
    Dollar,
    /// `$name`, `$name->prop`, `$name[key]`, `{$expr}` and `${expr}`: PHP.
    Php,
}

#[derive(Debug, Clone)]
struct Style {
    /// Closes the literal; empty for heredoc bodies, which end at `limit`.
    close: Vec<u8>,
    /// For bracket-delimited Ruby `%` literals: the opening bracket, which nests.
    nest_open: Option<u8>,
    escape: Escape,
    interp: Interp,
    multiline: bool,
    kind: Kind,
    limit: usize,
}

impl Style {
    fn new(close: &[u8], escape: Escape, interp: Interp, multiline: bool, limit: usize) -> Self {
        Style {
            close: close.to_vec(),
            nest_open: None,
            escape,
            interp,
            multiline,
            kind: Kind::Str,
            limit,
        }
    }
}

/// Lexes a string literal starting at the lexer's position, if one starts there.
pub(crate) fn lex_literal(lx: &mut Lexer<'_>) -> Option<Token> {
    let c = lx.peek(0)?;
    let end = lx.b.len();
    let simple = |close: u8, interp| Style::new(&[close], Escape::Backslash, interp, false, end);
    match lx.lang {
        Language::JavaScript => match c {
            b'\'' | b'"' => Some(scan(lx, 1, simple(c, Interp::None))),
            b'`' => {
                let style = Style::new(b"`", Escape::Backslash, Interp::DollarBrace, true, end);
                Some(scan(lx, 1, style))
            }
            _ => None,
        },
        Language::Python => python(lx),
        Language::Ruby => ruby(lx),
        Language::CSharp => csharp(lx),
        Language::Go => match c {
            b'"' | b'\'' => Some(scan(lx, 1, simple(c, Interp::None))),
            b'`' => Some(scan(
                lx,
                1,
                Style::new(b"`", Escape::None, Interp::None, true, end),
            )),
            _ => None,
        },
        Language::Java => match c {
            b'"' if lx.starts_with(b"\"\"\"") => {
                let style = Style::new(b"\"\"\"", Escape::Backslash, Interp::None, true, end);
                Some(scan(lx, 3, style))
            }
            b'"' | b'\'' => Some(scan(lx, 1, simple(c, Interp::None))),
            _ => None,
        },
        Language::Kotlin => match c {
            b'"' if lx.starts_with(b"\"\"\"") => {
                let style = Style::new(b"\"\"\"", Escape::None, Interp::Dollar, true, end);
                Some(scan(lx, 3, style))
            }
            b'"' => Some(scan(lx, 1, simple(b'"', Interp::Dollar))),
            b'\'' => Some(scan(lx, 1, simple(b'\'', Interp::None))),
            _ => None,
        },
        Language::Php => match c {
            b'\'' => {
                let style = Style::new(b"'", Escape::Backslash, Interp::None, true, end);
                Some(scan(lx, 1, style))
            }
            b'"' | b'`' => {
                let style = Style::new(&[c], Escape::Backslash, Interp::Php, true, end);
                Some(scan(lx, 1, style))
            }
            b'<' if lx.starts_with(b"<<<") => php_heredoc(lx),
            _ => None,
        },
    }
}

/// Python: optional `r`, `b`, `u`, `f`, `t` prefixes (up to two), then one or three quotes.
fn python(lx: &mut Lexer<'_>) -> Option<Token> {
    let mut i = 0;
    let (mut raw, mut interp) = (false, false);
    while let Some(p) = lx.peek(i) {
        match p.to_ascii_lowercase() {
            b'r' => raw = true,
            b'f' | b't' => interp = true,
            b'b' | b'u' => {}
            _ => break,
        }
        i += 1;
    }
    let quote = lx.peek(i).filter(|&q| q == b'\'' || q == b'"')?;
    if i > 2 {
        return None;
    }
    let triple = lx.peek(i + 1) == Some(quote) && lx.peek(i + 2) == Some(quote);
    let close = if triple { vec![quote; 3] } else { vec![quote] };
    let escape = if raw { Escape::Raw } else { Escape::Backslash };
    let interp = if interp { Interp::Brace } else { Interp::None };
    let style = Style::new(&close, escape, interp, triple, lx.b.len());
    Some(scan(lx, i + close.len(), style))
}

fn ruby(lx: &mut Lexer<'_>) -> Option<Token> {
    let end = lx.b.len();
    match lx.peek(0)? {
        b'\'' => Some(scan(
            lx,
            1,
            Style::new(b"'", Escape::Backslash, Interp::None, true, end),
        )),
        c @ (b'"' | b'`') => {
            let style = Style::new(&[c], Escape::Backslash, Interp::HashBrace, true, end);
            Some(scan(lx, 1, style))
        }
        b'%' => ruby_percent(lx),
        b'<' if lx.starts_with(b"<<") => ruby_heredoc(lx),
        _ => None,
    }
}

/// Ruby `%Q(…)`, `%q[…]`, `%w{…}`, `%r{…}`, `%(…)` and the like.
fn ruby_percent(lx: &mut Lexer<'_>) -> Option<Token> {
    let is_delimiter = |d: u8| !d.is_ascii_alphanumeric() && !d.is_ascii_whitespace();
    let (letter, opener) = match (lx.peek(1), lx.peek(2)) {
        (Some(l), Some(d)) if b"qQwWiIrs".contains(&l) && is_delimiter(d) => (l, 2),
        (Some(d), _) if b"({[<|!^".contains(&d) && lx.value_expected() => (b'Q', 1),
        _ => return None,
    };
    let open = lx.peek(opener)?;
    let close = match open {
        b'(' => b')',
        b'[' => b']',
        b'{' => b'}',
        b'<' => b'>',
        other => other,
    };
    let interp = if letter.is_ascii_uppercase() || letter == b'r' {
        Interp::HashBrace
    } else {
        Interp::None
    };
    let mut style = Style::new(&[close], Escape::Backslash, interp, true, lx.b.len());
    style.nest_open = (open != close).then_some(open);
    if letter == b'r' || letter == b's' {
        style.kind = Kind::Other;
    }
    Some(scan(lx, opener + 1, style))
}

/// Ruby `<<~ID`, `<<-ID`, `<<ID` and their quoted forms.
fn ruby_heredoc(lx: &mut Lexer<'_>) -> Option<Token> {
    let mut i = 2;
    let flexible = matches!(lx.peek(i), Some(b'~' | b'-'));
    if flexible {
        i += 1;
    }
    let quote = lx.peek(i).filter(|q| matches!(q, b'\'' | b'"' | b'`'));
    if quote.is_some() {
        i += 1;
    }
    let id_start = lx.pos + i;
    while lx.peek(i).is_some_and(is_ident_continue) {
        i += 1;
    }
    let id = lx.src.get(id_start..lx.pos + i)?;
    let first = *id.as_bytes().first()?;
    if !(first.is_ascii_alphabetic() || first == b'_') {
        return None;
    }
    if let Some(q) = quote {
        if lx.peek(i) != Some(q) {
            return None;
        }
        i += 1;
    } else if !flexible && !first.is_ascii_uppercase() {
        // `a <<b` is a shift; only `<<UPPER` is taken for a heredoc.
        return None;
    }
    let interp = if quote == Some(b'\'') {
        Interp::None
    } else {
        Interp::HashBrace
    };
    heredoc(lx, i, id, interp, false)
}

/// PHP `<<<ID`, `<<<"ID"` and nowdoc `<<<'ID'`.
fn php_heredoc(lx: &mut Lexer<'_>) -> Option<Token> {
    let mut i = 3;
    while matches!(lx.peek(i), Some(b' ' | b'\t')) {
        i += 1;
    }
    let quote = lx.peek(i).filter(|q| matches!(q, b'\'' | b'"'));
    if quote.is_some() {
        i += 1;
    }
    let id_start = lx.pos + i;
    while lx.peek(i).is_some_and(is_ident_continue) {
        i += 1;
    }
    let id = lx.src.get(id_start..lx.pos + i)?;
    if id.is_empty() {
        return None;
    }
    if let Some(q) = quote {
        if lx.peek(i) != Some(q) {
            return None;
        }
        i += 1;
    }
    let interp = if quote == Some(b'\'') {
        Interp::None
    } else {
        Interp::Php
    };
    heredoc(lx, i, id, interp, true)
}

/// Reads the body of a heredoc whose opener (`opener_len` bytes) is at the lexer's position,
/// and tells the lexer to jump over the body when it reaches it. None when no terminator is
/// found, so that the opener is lexed as operators instead.
fn heredoc(
    lx: &mut Lexer<'_>,
    opener_len: usize,
    id: &str,
    interp: Interp,
    php: bool,
) -> Option<Token> {
    let opener_end = lx.pos + opener_len;
    // Two heredocs opened on one line have their bodies one after the other.
    let search_from = lx
        .heredoc_skip
        .map_or(opener_end, |s| s.end.max(opener_end));
    let body_start = search_from + memchr(b'\n', lx.b.get(search_from..)?)? + 1;
    let mut line_start = body_start;
    let (body_end, skip_end) = loop {
        if line_start >= lx.b.len() {
            return None;
        }
        let line_end = memchr(b'\n', &lx.b[line_start..]).map_or(lx.b.len(), |k| line_start + k);
        let line = lx.src.get(line_start..line_end)?;
        let trimmed = line.trim_start();
        let indent = line.len() - trimmed.len();
        let ends = if php {
            // PHP 7.3+: the terminator may be followed by code on its line (`EOT);`).
            trimmed.starts_with(id)
                && !trimmed
                    .as_bytes()
                    .get(id.len())
                    .is_some_and(|&c| is_ident_continue(c))
        } else {
            trimmed.trim_end() == id
        };
        if ends {
            let skip_end = if php {
                line_start + indent + id.len()
            } else {
                line_end
            };
            break (line_start, skip_end);
        }
        line_start = line_end + 1;
    };

    let (tok_start, tok_line) = (lx.pos, lx.line);
    lx.line += count_lines(&lx.b[lx.pos..body_start]);
    lx.pos = body_start;
    let style = Style::new(b"", Escape::None, interp, true, body_end);
    let literal = body(lx, &style);
    lx.pos = opener_end;
    lx.line = tok_line;

    let skip_start = lx.heredoc_skip.map_or(body_start, |s| s.start);
    lx.heredoc_skip = Some(HeredocSkip {
        start: skip_start,
        end: skip_end,
        lines: count_lines(&lx.b[skip_start..skip_end]),
    });
    let lit = lx.literals.len();
    lx.literals.push(literal);
    Some(Token {
        kind: Kind::Str,
        start: tok_start,
        end: opener_end,
        line: tok_line,
        lit,
    })
}

/// C#: `"…"`, `'c'`, verbatim `@"…"`, interpolated `$"…"`, `$@"…"`, `@$"…"`, and raw
/// `"""…"""` (optionally interpolated).
fn csharp(lx: &mut Lexer<'_>) -> Option<Token> {
    let end = lx.b.len();
    let mut i = 0;
    let mut dollars = 0;
    let mut verbatim = false;
    while let Some(p) = lx.peek(i) {
        match p {
            b'$' => dollars += 1,
            b'@' if !verbatim => verbatim = true,
            _ => break,
        }
        i += 1;
    }
    match lx.peek(i)? {
        b'\'' if i == 0 => {
            let style = Style::new(b"'", Escape::Backslash, Interp::None, false, end);
            return Some(scan(lx, 1, style));
        }
        b'"' => {}
        _ => return None,
    }
    let interp = if dollars > 0 {
        Interp::Brace
    } else {
        Interp::None
    };
    let mut quotes = 0;
    while lx.peek(i + quotes) == Some(b'"') {
        quotes += 1;
    }
    let style = if quotes >= 3 {
        Style::new(&vec![b'"'; quotes], Escape::None, interp, true, end)
    } else if verbatim {
        Style::new(b"\"", Escape::DoubledQuote, interp, true, end)
    } else {
        Style::new(b"\"", Escape::Backslash, interp, false, end)
    };
    let opener = i + if quotes >= 3 { quotes } else { 1 };
    Some(scan(lx, opener, style))
}

/// Lexes a literal whose opener is `opener_len` bytes long.
fn scan(lx: &mut Lexer<'_>, opener_len: usize, style: Style) -> Token {
    let (start, line) = (lx.pos, lx.line);
    lx.pos += opener_len;
    let literal = body(lx, &style);
    let lit = lx.literals.len();
    lx.literals.push(literal);
    Token {
        kind: style.kind,
        start,
        end: lx.pos.min(lx.b.len()),
        line,
        lit,
    }
}

/// Reads a literal's text up to and including its closing delimiter (or up to the end of the
/// line, for a single-line literal left open).
fn body(lx: &mut Lexer<'_>, style: &Style) -> Literal {
    let line = lx.line;
    let mut text = String::new();
    let mut breaks = Vec::new();
    let mut nest = 0usize;
    while lx.pos < style.limit {
        let c = lx.b[lx.pos];
        if Some(c) == style.nest_open {
            nest += 1;
            text.push(char::from(c));
            lx.pos += 1;
            continue;
        }
        if !style.close.is_empty() && lx.starts_with(&style.close) {
            if nest > 0 {
                nest -= 1;
                text.push(char::from(c));
                lx.pos += 1;
                continue;
            }
            if style.escape == Escape::DoubledQuote && lx.peek(1) == Some(b'"') {
                text.push('"');
                lx.pos += 2;
                continue;
            }
            lx.pos += style.close.len();
            break;
        }
        match (c, style.interp) {
            (b'\n', _) => {
                if !style.multiline {
                    break;
                }
                lx.pos += 1;
                lx.line += 1;
                text.push('\n');
                breaks.push(text.len());
            }
            (b'\\', _) if matches!(style.escape, Escape::Backslash | Escape::Raw) => {
                escape(lx, style.escape, &mut text, &mut breaks);
            }
            (b'$', Interp::DollarBrace | Interp::Dollar | Interp::Php)
                if lx.peek(1) == Some(b'{') =>
            {
                text.push(HOLE);
                lx.pos += 2;
                lx.skip_hole();
            }
            (b'#', Interp::HashBrace) if lx.peek(1) == Some(b'{') => {
                text.push(HOLE);
                lx.pos += 2;
                lx.skip_hole();
            }
            (b'{', Interp::Brace) | (b'}', Interp::Brace) if lx.peek(1) == Some(c) => {
                text.push(char::from(c));
                lx.pos += 2;
            }
            (b'{', Interp::Brace) => {
                text.push(HOLE);
                lx.pos += 1;
                lx.skip_hole();
            }
            (b'{', Interp::Php) if lx.peek(1) == Some(b'$') => {
                text.push(HOLE);
                lx.pos += 1;
                lx.skip_hole();
            }
            (b'$', Interp::Dollar | Interp::Php)
                if lx
                    .peek(1)
                    .is_some_and(|n| n.is_ascii_alphabetic() || n == b'_') =>
            {
                text.push(HOLE);
                lx.pos += 1;
                skip_simple_interpolation(lx, style.interp == Interp::Php);
            }
            _ => push_char(lx, &mut text),
        }
    }
    Literal { text, line, breaks }
}

fn escape(lx: &mut Lexer<'_>, escape: Escape, text: &mut String, breaks: &mut Vec<usize>) {
    let Some(next) = lx.peek(1) else {
        lx.pos += 1;
        return;
    };
    if escape == Escape::Raw {
        text.push('\\');
    }
    lx.pos += 1;
    match next {
        b'\n' => {
            if escape == Escape::Raw {
                text.push('\n');
            }
            lx.pos += 1;
            lx.line += 1;
            breaks.push(text.len());
        }
        b'n' if escape == Escape::Backslash => {
            text.push('\n');
            lx.pos += 1;
        }
        b't' if escape == Escape::Backslash => {
            text.push('\t');
            lx.pos += 1;
        }
        _ => push_char(lx, text),
    }
}

/// `$name` in Kotlin and PHP strings; PHP also takes one `->prop` or `[key]` after it.
fn skip_simple_interpolation(lx: &mut Lexer<'_>, php: bool) {
    while lx
        .peek(0)
        .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
    {
        lx.pos += 1;
    }
    if !php {
        return;
    }
    if lx.starts_with(b"->")
        && lx
            .peek(2)
            .is_some_and(|c| c.is_ascii_alphabetic() || c == b'_')
    {
        lx.pos += 2;
        while lx
            .peek(0)
            .is_some_and(|c| c.is_ascii_alphanumeric() || c == b'_')
        {
            lx.pos += 1;
        }
    } else if lx.peek(0) == Some(b'[') {
        let close = memchr(b']', &lx.b[lx.pos..]);
        let newline = memchr(b'\n', &lx.b[lx.pos..]);
        if let Some(k) = close
            && newline.is_none_or(|n| k < n)
        {
            lx.pos += k + 1;
        }
    }
}

/// Copies one whole character of the source into `text`.
fn push_char(lx: &mut Lexer<'_>, text: &mut String) {
    let c = lx.b[lx.pos];
    let len = utf8_len(c);
    match lx.src.get(lx.pos..lx.pos + len) {
        Some(s) => text.push_str(s),
        None => text.push(char::REPLACEMENT_CHARACTER),
    }
    lx.pos += len;
}

#[cfg(test)]
mod tests {
    use crate::language::Language;
    use crate::lexer::lex;
    use crate::token::Kind;

    /// The text of every string literal token, holes shown as `{}`.
    fn strings(src: &str, lang: Language) -> Vec<String> {
        let lexed = lex(src, lang);
        (0..lexed.tokens.len())
            .filter(|&i| lexed.tokens[i].kind == Kind::Str)
            .filter_map(|i| lexed.literal(i))
            .map(|l| l.text.replace('\0', "{}"))
            .collect()
    }

    #[test]
    fn javascript_quotes_and_templates() {
        let src = r#"a('x', "y\"z", `p${f({a: "}"})}q${b}`)"#;
        assert_eq!(
            strings(src, Language::JavaScript),
            vec!["x", "y\"z", "p{}q{}"]
        );
    }

    #[test]
    fn python_prefixes_and_triple_quotes() {
        let src = "a = f\"x{y['k']}z\" + r'\\d' + '''m\n'n'''\nb = F'{{lit}}{v!r:>4}'";
        assert_eq!(
            strings(src, Language::Python),
            vec!["x{}z", "\\d", "m\n'n", "{lit}{}"]
        );
    }

    #[test]
    fn ruby_interpolation_and_percent_literals() {
        let src = "a = \"x#{b + \"}\"}y\" + 'c#{d}' + %Q(p(#{e})q) + %w[r s]";
        assert_eq!(
            strings(src, Language::Ruby),
            vec!["x{}y", "c#{d}", "p({})q", "r s"]
        );
    }

    #[test]
    fn csharp_prefixes() {
        let src = "a = $\"x{y}z{{w}}\" + @\"c:\\d\"\"e\" + $@\"f{g}\" + @$\"h{i}\" + \"j\\\"k\";";
        assert_eq!(
            strings(src, Language::CSharp),
            vec!["x{}z{w}", "c:\\d\"e", "f{}", "h{}", "j\"k"]
        );
    }

    #[test]
    fn go_raw_strings() {
        assert_eq!(
            strings("a := `x\\n` + \"y\"", Language::Go),
            vec!["x\\n", "y"]
        );
    }

    #[test]
    fn kotlin_templates() {
        let src = "val a = \"x$y/\\$z/${w.id}\" + \"\"\"r$s\"\"\"";
        assert_eq!(strings(src, Language::Kotlin), vec!["x{}/$z/{}", "r{}"]);
    }

    #[test]
    fn php_interpolation() {
        let src = "<?php $a = \"x{$b->c}y$d/$e->f/$g[1]h\" . 'i$j';";
        assert_eq!(strings(src, Language::Php), vec!["x{}y{}/{}/{}h", "i$j"]);
    }

    #[test]
    fn php_heredoc() {
        let src = "<?php\n$a = <<<EOT\n  x $b\n  EOT;\n$c = 'd';";
        assert_eq!(strings(src, Language::Php), vec!["  x {}\n", "d"]);
    }
}
