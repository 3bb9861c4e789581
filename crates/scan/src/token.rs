//! The tokens and string literals a lexed file is made of.

/// How far bracket matching looks, in tokens: bounds the work on files with brackets that
/// never close.
pub(crate) const SPAN: usize = 4000;

/// Stands for a dynamic part (interpolation or non-literal operand) in literal text.
pub(crate) const HOLE: char = '\0';

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    Ident,
    Num,
    Punct,
    /// A string literal; its text is in [`Lexed::literals`].
    Str,
    /// A Ruby symbol (`:post`); the token's text is the name without the colon.
    Sym,
    /// A value that is neither a string nor a name, such as a regex literal.
    Other,
}

#[derive(Debug, Clone, Copy)]
pub(crate) struct Token {
    pub kind: Kind,
    pub start: usize,
    pub end: usize,
    /// 1-based line of the token's first byte.
    pub line: u32,
    /// Index into [`Lexed::literals`] for [`Kind::Str`].
    pub lit: usize,
}

/// The decoded text of one string literal, interpolations replaced by [`HOLE`].
#[derive(Debug, Clone)]
pub(crate) struct Literal {
    pub text: String,
    /// Line the literal's text starts on.
    pub line: u32,
    /// Offsets in `text` at which the source went on to a new line.
    pub breaks: Vec<usize>,
}

impl Literal {
    /// The source line that holds `text[offset]`.
    pub fn line_at(&self, offset: usize) -> u32 {
        let crossed = self.breaks.iter().take_while(|&&b| b <= offset).count();
        self.line + u32::try_from(crossed).unwrap_or(u32::MAX - self.line)
    }
}

/// A lexed file.
pub(crate) struct Lexed<'a> {
    pub src: &'a str,
    pub tokens: Vec<Token>,
    pub literals: Vec<Literal>,
}

impl Lexed<'_> {
    pub fn text(&self, i: usize) -> &str {
        self.tokens
            .get(i)
            .and_then(|t| self.src.get(t.start..t.end))
            .unwrap_or("")
    }

    pub fn kind(&self, i: usize) -> Option<Kind> {
        self.tokens.get(i).map(|t| t.kind)
    }

    pub fn line(&self, i: usize) -> u32 {
        self.tokens.get(i).map_or(0, |t| t.line)
    }

    pub fn is_punct(&self, i: usize, p: &str) -> bool {
        self.kind(i) == Some(Kind::Punct) && self.text(i) == p
    }

    pub fn is_ident(&self, i: usize) -> bool {
        self.kind(i) == Some(Kind::Ident)
    }

    /// The decoded text of a string literal token.
    pub fn literal(&self, i: usize) -> Option<&Literal> {
        let t = self.tokens.get(i)?;
        if t.kind == Kind::Str {
            self.literals.get(t.lit)
        } else {
            None
        }
    }

    /// The value of a string or symbol token, the way a method name or key is compared.
    pub fn value(&self, i: usize) -> Option<&str> {
        match self.kind(i)? {
            Kind::Str => self.literal(i).map(|l| l.text.as_str()),
            Kind::Sym | Kind::Ident => Some(self.text(i)),
            _ => None,
        }
    }

    /// Index of the bracket closing the one at `open`, or None when it is not closed within
    /// [`SPAN`] tokens.
    pub fn closer(&self, open: usize) -> Option<usize> {
        let mut depth = 0usize;
        let end = self.tokens.len().min(open.saturating_add(SPAN));
        for i in open..end {
            if self.kind(i) != Some(Kind::Punct) {
                continue;
            }
            match self.text(i) {
                "(" | "[" | "{" => depth += 1,
                ")" | "]" | "}" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
        }
        None
    }

    /// Index of the bracket opening the one that closes at `close`, within [`SPAN`] tokens.
    pub fn opener(&self, close: usize) -> Option<usize> {
        let mut depth = 0usize;
        for i in (close.saturating_sub(SPAN)..=close).rev() {
            if self.kind(i) != Some(Kind::Punct) {
                continue;
            }
            match self.text(i) {
                ")" | "]" | "}" => depth += 1,
                "(" | "[" | "{" => {
                    depth = depth.saturating_sub(1);
                    if depth == 0 {
                        return Some(i);
                    }
                }
                _ => {}
            }
        }
        None
    }
}
