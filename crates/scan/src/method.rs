//! The HTTP method of the call a route sits in.
//!
//! The evidence is read from the token structure rather than from raw lines: first the call
//! whose arguments hold the route (`axios.post(…)`, `requests.request("DELETE", …)`), then
//! the calls chained onto it (`.uri(…).POST(…)`, `webClient.get().uri(…)`), then the calls
//! and option objects around it. A route assigned to a variable takes the method of the
//! first nearby call that uses the variable. Because only brackets that are still open at
//! the route count, the method of an earlier, finished call cannot leak into a later route.

use crate::language::Language;
use crate::token::{Kind, Lexed};

/// How many lines above the route a call or object holding it may start.
const BACK_LINES: u32 = 3;
/// How many lines below the route arguments, options and chained calls are read.
const FORWARD_LINES: u32 = 6;
/// How many brackets out from the route are looked at.
const MAX_LEVELS: usize = 6;

const METHODS: &[(&str, &str)] = &[
    ("get", "GET"),
    ("post", "POST"),
    ("put", "PUT"),
    ("patch", "PATCH"),
    ("delete", "DELETE"),
    ("del", "DELETE"),
];

/// Endings of client method names that carry the HTTP method as their prefix:
/// `getForObject`, `PostAsJsonAsync`, `GetStringAsync`, `getJSON`, `PostForm`.
const NAME_SUFFIXES: &[&str] = &[
    "",
    "async",
    "forobject",
    "forentity",
    "forlocation",
    "asjsonasync",
    "fromjsonasync",
    "stringasync",
    "streamasync",
    "bytearrayasync",
    "json",
    "asjson",
    "form",
];

/// Calls that send a GET unless their options say otherwise.
const DEFAULT_GET: &[&str] = &["fetch", "axios", "got", "ky", "ajax", "useFetch"];

/// Keys whose value is an HTTP method.
const METHOD_KEYS: &[&str] = &[
    "method",
    "type",
    "verb",
    "http_method",
    "httpmethod",
    "request_method",
    "requestmethod",
    "httpverb",
    "curlopt_customrequest",
];

/// Calls whose argument is a method value rather than a request of its own.
const METHOD_WRAPPERS: &[&str] = &["HttpMethod", "Method", "valueOf", "resolve", "HttpVerb"];

/// Words that are followed by `(` without being calls.
const NOT_CALLEES: &[&str] = &[
    "if",
    "for",
    "foreach",
    "while",
    "switch",
    "catch",
    "return",
    "function",
    "func",
    "fn",
    "def",
    "elif",
    "when",
    "using",
    "lock",
    "with",
    "and",
    "or",
    "not",
    "in",
    "typeof",
    "sizeof",
    "await",
    "yield",
    "match",
    "else",
    "do",
    "try",
    "throw",
    "unless",
    "until",
    "synchronized",
    "array",
    "list",
    "isset",
    "empty",
];

/// The upper-case method a string names: "post" -> "POST".
fn method_word(text: &str) -> Option<&'static str> {
    METHODS
        .iter()
        .filter(|(word, _)| *word != "del")
        .find(|(word, _)| word.eq_ignore_ascii_case(text))
        .map(|&(_, method)| method)
}

/// The method a client function's name carries: `get`, `PostAsync`, `getForObject`,
/// `HttpDelete`, `wp_remote_post`, Ruby's `Net::HTTP::Patch`.
pub(crate) fn method_in_name(name: &str) -> Option<&'static str> {
    let lower = name.to_ascii_lowercase();
    // Apache HttpClient's `HttpGet`, `HttpPost`, …
    let bare = match name.get(..4) {
        Some(http)
            if http.eq_ignore_ascii_case("http")
                && name.as_bytes().get(4).is_some_and(u8::is_ascii_uppercase) =>
        {
            &lower[4..]
        }
        _ => &lower[..],
    };
    METHODS.iter().find_map(|&(word, method)| {
        let prefixed = bare
            .strip_prefix(word)
            .is_some_and(|rest| NAME_SUFFIXES.contains(&rest));
        let suffixed = lower
            .strip_suffix(word)
            .is_some_and(|head| head.len() > 1 && head.ends_with('_'));
        (prefixed || suffixed).then_some(method)
    })
}

/// The method of the call that the route literal at token `lit` sits in; `expr_end` is the
/// token after the whole concatenation.
pub(crate) fn infer(
    lx: &Lexed<'_>,
    lang: Language,
    lit: usize,
    expr_end: usize,
) -> Option<&'static str> {
    let cx = Ctx {
        lx,
        lang,
        line: lx.line(lit),
        anchor: lit,
    };
    if let Some(method) = cx.bare_call(lit) {
        return Some(method);
    }
    match cx.enclosing(lit, 0) {
        Found::Method(method) => Some(method),
        Found::Statement(start) => {
            let var = cx.assigned_var(start)?;
            cx.later_use(var, expr_end)
        }
    }
}

enum Found {
    Method(&'static str),
    /// No method seen; the outermost expression around the route starts at this token.
    Statement(usize),
}

#[derive(Clone, Copy)]
struct Ctx<'a, 'src> {
    lx: &'a Lexed<'src>,
    lang: Language,
    /// Line of the token the search is about; bounds how far it looks.
    line: u32,
    /// That token; among several pieces of evidence the nearest to it wins.
    anchor: usize,
}

impl Ctx<'_, '_> {
    fn is_member(&self, t: usize) -> bool {
        ["->", "?.", "::", "?->"]
            .iter()
            .any(|p| self.lx.is_punct(t, p))
            || (self.lang != Language::Php && self.lx.is_punct(t, "."))
    }

    /// Walks out through the brackets around token `from` (not below token `floor`).
    fn enclosing(&self, from: usize, floor: usize) -> Found {
        let lx = self.lx;
        let mut pos = from;
        let mut start = from;
        for _ in 0..MAX_LEVELS {
            let Some(open) = self.unmatched_opener(pos, floor) else {
                break;
            };
            match lx.text(open) {
                "(" => match self.callee(open) {
                    Some(name) => {
                        if let Some(method) = self.eval_call(name, open) {
                            return Found::Method(method);
                        }
                        pos = self.chain_start(name);
                    }
                    None => pos = open,
                },
                "{" => {
                    if let Some(method) = self.block_call(open) {
                        return Found::Method(method);
                    }
                    if self.is_block(open) {
                        break;
                    }
                    if let Some(method) = self.evidence_in(open, lx.closer(open), false) {
                        return Found::Method(method);
                    }
                    pos = open;
                }
                _ => {
                    if let Some(method) = self.evidence_in(open, lx.closer(open), false) {
                        return Found::Method(method);
                    }
                    pos = open;
                }
            }
            start = pos;
        }
        Found::Statement(start)
    }

    /// The nearest bracket before `pos` that is still open at `pos`, within [`BACK_LINES`] and
    /// the current statement.
    fn unmatched_opener(&self, pos: usize, floor: usize) -> Option<usize> {
        let lx = self.lx;
        let mut depth = 0usize;
        let mut t = pos;
        while t > floor {
            t -= 1;
            if lx.line(t) + BACK_LINES < self.line {
                return None;
            }
            if depth == 0 && lx.is_ident(t) && lx.text(t) == "lambda" {
                return None;
            }
            if lx.kind(t) != Some(Kind::Punct) {
                continue;
            }
            match lx.text(t) {
                ")" | "]" | "}" => depth += 1,
                "(" | "[" | "{" if depth == 0 => return Some(t),
                "(" | "[" | "{" => depth -= 1,
                ";" if depth == 0 => return None,
                // The route is the body of a lambda: the call the lambda is passed to (an
                // `app.post(path, handler)` route) is not the call that sends the route.
                "=>" if depth == 0
                    && matches!(self.lang, Language::JavaScript | Language::CSharp) =>
                {
                    return None;
                }
                "->" if depth == 0 && matches!(self.lang, Language::Java | Language::Kotlin) => {
                    return None;
                }
                _ => {}
            }
        }
        None
    }

    /// The name token of the call whose argument list opens at `open`.
    fn callee(&self, open: usize) -> Option<usize> {
        let lx = self.lx;
        let mut t = open.checked_sub(1)?;
        // Type arguments: `this.http.get<Rfi[]>(…)`, `GetFromJsonAsync<List<Rfi>>(…)`.
        if lx.is_punct(t, ">") {
            let mut depth = 0usize;
            loop {
                if lx.is_punct(t, ">") {
                    depth += 1;
                } else if lx.is_punct(t, "<") {
                    depth -= 1;
                    if depth == 0 {
                        break;
                    }
                } else if [";", "(", ")", "{", "}"].iter().any(|p| lx.is_punct(t, p))
                    || open - t > 40
                {
                    return None;
                }
                t = t.checked_sub(1)?;
            }
            t = t.checked_sub(1)?;
        }
        (lx.is_ident(t) && !NOT_CALLEES.contains(&lx.text(t))).then_some(t)
    }

    /// A call's name without PHP's `$` or Ruby's `@`; for Ruby's `Get.new(…)`, the class.
    fn call_name(&self, name: usize) -> &str {
        let lx = self.lx;
        let text = lx.text(name);
        if text == "new" && name >= 2 && self.is_member(name - 1) && lx.is_ident(name - 2) {
            return lx.text(name - 2);
        }
        text.trim_start_matches(['$', '@'])
    }

    /// The method shown by a call that holds the route (or a variable holding it).
    fn eval_call(&self, name: usize, open: usize) -> Option<&'static str> {
        let text = self.call_name(name);
        if let Some(method) = method_in_name(text) {
            return Some(method);
        }
        if text.starts_with("curl_") {
            return self.curl_options(open);
        }
        let close = self.lx.closer(open);
        if let Some(method) = self.evidence_in(open, close, true) {
            return Some(method);
        }
        // Kotlin (ktor): `client.request(url) { method = HttpMethod.Patch }`.
        if self.lang == Language::Kotlin
            && let Some(c) = close
            && self.lx.is_punct(c + 1, "{")
            && let Some(method) = self.evidence_in(c + 1, self.lx.closer(c + 1), false)
        {
            return Some(method);
        }
        if let Some(method) = self.chain(name, close) {
            return Some(method);
        }
        DEFAULT_GET.contains(&text).then_some("GET")
    }

    /// Method evidence inside a bracket pair: a method string as a direct argument (when
    /// `positional`), a `method`/`type` key with a method value, or a constant such as
    /// `HttpMethod.Delete`. Other calls' arguments are not looked into.
    fn evidence_in(
        &self,
        open: usize,
        close: Option<usize>,
        positional: bool,
    ) -> Option<&'static str> {
        let lx = self.lx;
        let end = close.unwrap_or(lx.tokens.len());
        let mut best: Option<(usize, &'static str)> = None;
        let mut nested = 0usize;
        let mut t = open + 1;
        while t < end {
            if lx.line(t) > self.line + FORWARD_LINES {
                break;
            }
            if lx.kind(t) == Some(Kind::Punct) {
                match lx.text(t) {
                    "(" => {
                        let wrapper = self
                            .callee(t)
                            .is_some_and(|n| METHOD_WRAPPERS.contains(&self.call_name(n)));
                        if !wrapper && let Some(c) = lx.closer(t) {
                            t = c + 1;
                            continue;
                        }
                    }
                    "{" | "[" => nested += 1,
                    "}" | "]" => nested = nested.saturating_sub(1),
                    _ => {}
                }
            }
            if let Some(method) = self.evidence_at(t, positional && nested == 0) {
                let distance = t.abs_diff(self.anchor);
                if best.is_none_or(|(d, _)| distance < d) {
                    best = Some((distance, method));
                }
            }
            t += 1;
        }
        best.map(|(_, method)| method)
    }

    fn evidence_at(&self, t: usize, positional: bool) -> Option<&'static str> {
        let lx = self.lx;
        match lx.kind(t)? {
            Kind::Str | Kind::Sym => {
                let method = method_word(lx.value(t)?)?;
                let prev = t.checked_sub(1)?;
                if positional && (lx.is_punct(prev, "(") || lx.is_punct(prev, ",")) {
                    return Some(method);
                }
                let keyed = [":", "=", "=>", ","].iter().any(|p| lx.is_punct(prev, p))
                    && prev >= 1
                    && self.is_method_key(prev - 1);
                keyed.then_some(method)
            }
            Kind::Ident => self.method_constant(t),
            _ => None,
        }
    }

    fn is_method_key(&self, t: usize) -> bool {
        self.lx.value(t).is_some_and(|key| {
            let key = key.trim_start_matches(['$', '@', ':']);
            METHOD_KEYS.iter().any(|k| k.eq_ignore_ascii_case(key))
        })
    }

    /// `HttpMethod.Delete`, `Method.Post`, `RequestMethod.GET`, Go's `http.MethodPatch`,
    /// PHP's `CURLOPT_POST`.
    fn method_constant(&self, t: usize) -> Option<&'static str> {
        let lx = self.lx;
        let name = lx.text(t);
        if let Some(option) = name.strip_prefix("CURLOPT_") {
            let method = match option {
                "POST" => "POST",
                "PUT" => "PUT",
                "HTTPGET" => "GET",
                _ => return None,
            };
            let switched_off = (lx.is_punct(t + 1, ",") || lx.is_punct(t + 1, "=>"))
                && matches!(lx.text(t + 2), "false" | "0");
            return (!switched_off).then_some(method);
        }
        if t < 2 || !self.is_member(t - 1) || !lx.is_ident(t - 2) {
            return None;
        }
        if let Some(method) = name.strip_prefix("Method").and_then(method_word) {
            return Some(method);
        }
        let owner = lx.text(t - 2).to_ascii_lowercase();
        let owner_is_method_type =
            owner.ends_with("method") || owner.ends_with("methods") || owner.ends_with("verb");
        owner_is_method_type.then(|| method_word(name)).flatten()
    }

    /// Evidence in the calls chained onto the call named at `name`: after it
    /// (`.uri(…).POST(…)`, `.url(…).delete()`, `.method(HttpMethod.PUT)`) and before it
    /// (`webClient.get().uri(…)`).
    fn chain(&self, name: usize, close: Option<usize>) -> Option<&'static str> {
        let lx = self.lx;
        let mut at = close;
        while let Some(c) = at {
            let next = c + 2;
            if !self.is_member(c + 1)
                || !lx.is_ident(next)
                || lx.line(next) > self.line + FORWARD_LINES
            {
                break;
            }
            if lx.is_punct(next + 1, "(") {
                let next_close = lx.closer(next + 1);
                if let Some(method) = self.member_evidence(next, next + 1, next_close) {
                    return Some(method);
                }
                at = next_close;
            } else {
                at = Some(next);
            }
        }
        let mut k = name;
        for _ in 0..8 {
            if k < 2 || !self.is_member(k - 1) || lx.line(k - 2) + BACK_LINES < self.line {
                break;
            }
            let prev = k - 2;
            if lx.is_punct(prev, ")") {
                let open = lx.opener(prev)?;
                let prev_name = self.callee(open)?;
                if let Some(method) = self.member_evidence(prev_name, open, Some(prev)) {
                    return Some(method);
                }
                k = prev_name;
            } else if lx.is_ident(prev) {
                k = prev;
            } else {
                break;
            }
        }
        None
    }

    fn member_evidence(
        &self,
        name: usize,
        open: usize,
        close: Option<usize>,
    ) -> Option<&'static str> {
        let text = self.call_name(name);
        if let Some(method) = method_in_name(text) {
            return Some(method);
        }
        if text.eq_ignore_ascii_case("method") {
            return self.evidence_in(open, close, true);
        }
        None
    }

    /// First token of the receiver chain that ends with the call name at `name`:
    /// `Net::HTTP::Get.new`, `new Request.Builder().url`, `fmt.Sprintf`.
    fn chain_start(&self, name: usize) -> usize {
        let lx = self.lx;
        let mut k = name;
        while k >= 2 && self.is_member(k - 1) {
            let prev = k - 2;
            if lx.is_ident(prev) {
                k = prev;
            } else if (lx.is_punct(prev, ")") || lx.is_punct(prev, "]"))
                && let Some(open) = lx.opener(prev)
            {
                k = self.callee(open).unwrap_or(open);
            } else {
                break;
            }
        }
        if k >= 1 && lx.is_ident(k - 1) && lx.text(k - 1) == "new" {
            k -= 1;
        }
        k
    }

    /// Kotlin (ktor) `client.get { url(…) }` and Ruby `conn.get { |req| … }`.
    fn block_call(&self, open: usize) -> Option<&'static str> {
        let name = open.checked_sub(1)?;
        if !self.lx.is_ident(name) || name < 1 || !self.is_member(name - 1) {
            return None;
        }
        method_in_name(self.lx.text(name))
    }

    /// Whether the `{` at `open` starts a block of statements rather than an object, map or
    /// initializer (which may hold a `method` key).
    fn is_block(&self, open: usize) -> bool {
        let lx = self.lx;
        let Some(prev) = open.checked_sub(1) else {
            return true;
        };
        match lx.kind(prev) {
            Some(Kind::Punct) => match lx.text(prev) {
                "(" | "," | "=" | ":" | "[" | "?" | "||" | "&&" | "??" | ":=" | "+=" => false,
                "=>" => !matches!(self.lang, Language::Ruby | Language::Php),
                // `new HttpRequestMessage() { Method = … }`
                ")" => !lx
                    .opener(prev)
                    .and_then(|o| self.callee(o))
                    .is_some_and(|n| n >= 1 && lx.text(n - 1) == "new"),
                _ => true,
            },
            Some(Kind::Ident) => {
                let word = lx.text(prev);
                let initializer = prev >= 1 && lx.text(prev - 1) == "new";
                // Go composite literals: `http.Request{Method: "POST"}`.
                let composite =
                    self.lang == Language::Go && word.starts_with(|c: char| c.is_ascii_uppercase());
                !(word == "return" || initializer || composite)
            }
            _ => true,
        }
    }

    /// Ruby calls without parentheses: `HTTParty.get "/rest/…"`, `get "/rest/…"`.
    fn bare_call(&self, t: usize) -> Option<&'static str> {
        let lx = self.lx;
        if self.lang != Language::Ruby {
            return None;
        }
        let name = t.checked_sub(1)?;
        if !lx.is_ident(name) || lx.line(name) != lx.line(t) {
            return None;
        }
        let method = method_in_name(lx.text(name))?;
        let first_on_line = name == 0 || lx.line(name - 1) < lx.line(name);
        (first_on_line || (name >= 1 && self.is_member(name - 1))).then_some(method)
    }

    /// The variable that the expression starting at `start` is assigned to, if it is.
    fn assigned_var(&self, start: usize) -> Option<usize> {
        let lx = self.lx;
        let mut t = start;
        loop {
            let p = t.checked_sub(1)?;
            if lx.line(p) + BACK_LINES < self.line {
                return None;
            }
            // A line break inside the expression comes after an operator or before one.
            let continued = ["+", ".", "=", ":=", "->", "::", "?."]
                .iter()
                .any(|o| lx.is_punct(p, o))
                || ["+", ".", "->", "?."].iter().any(|o| lx.is_punct(t, o));
            if lx.line(p) < lx.line(t) && !continued {
                return None;
            }
            match lx.kind(p)? {
                Kind::Punct => match lx.text(p) {
                    "=" | ":=" | "?=" | "||=" | "??=" => return self.assignee(p),
                    ")" | "]" => t = lx.opener(p)?,
                    "+" | "." | "->" | "::" | "?." | "!!" => t = p,
                    _ => return None,
                },
                Kind::Ident if matches!(lx.text(p), "return" | "yield" | "puts" | "print") => {
                    return None;
                }
                _ => t = p,
            }
        }
    }

    fn assignee(&self, eq: usize) -> Option<usize> {
        let lx = self.lx;
        let mut v = eq.checked_sub(1)?;
        // `val url: String = …`, `const url: string = …`
        if lx.is_ident(v) && v >= 2 && lx.is_punct(v - 1, ":") && lx.is_ident(v - 2) {
            v -= 2;
        }
        lx.is_ident(v).then_some(v)
    }

    /// The method of the first call after token `from` (within [`FORWARD_LINES`] and the
    /// current block) that uses the variable named at token `var`.
    fn later_use(&self, var: usize, from: usize) -> Option<&'static str> {
        let lx = self.lx;
        let name = lx.text(var);
        let mut depth = 0usize;
        for t in from..lx.tokens.len() {
            if lx.line(t) > self.line + FORWARD_LINES {
                break;
            }
            match lx.kind(t) {
                Some(Kind::Punct) if lx.text(t) == "{" => depth += 1,
                Some(Kind::Punct) if lx.text(t) == "}" => match depth.checked_sub(1) {
                    Some(d) => depth = d,
                    None => break,
                },
                Some(Kind::Ident) if lx.text(t) == name => {
                    if lx.is_punct(t + 1, "=") {
                        break;
                    }
                    let at_use = Ctx {
                        line: lx.line(t),
                        anchor: t,
                        ..*self
                    };
                    if let Some(method) = at_use.bare_call(t) {
                        return Some(method);
                    }
                    if let Found::Method(method) = at_use.enclosing(t, from) {
                        return Some(method);
                    }
                }
                Some(Kind::Ident)
                    if matches!(lx.text(t), "def" | "function" | "func" | "fun" | "class") =>
                {
                    break;
                }
                _ => {}
            }
        }
        None
    }

    /// PHP curl: a handle's options are set between `curl_init` and `curl_exec`, so read the
    /// `curl_setopt` calls around the route within those bounds.
    fn curl_options(&self, open: usize) -> Option<&'static str> {
        let lx = self.lx;
        let mut strong: Option<(usize, &'static str)> = None;
        let mut weak = None;
        let mut consider = |t: usize| {
            if lx.text(t) == "CURLOPT_POSTFIELDS" {
                weak = Some("POST");
            } else if let Some(method) = self.evidence_at(t, false) {
                let distance = t.abs_diff(self.anchor);
                if strong.is_none_or(|(d, _)| distance < d) {
                    strong = Some((distance, method));
                }
            }
        };
        let mut t = open;
        while t > 0 {
            t -= 1;
            if lx.line(t) + BACK_LINES < self.line || lx.text(t) == "curl_init" {
                break;
            }
            consider(t);
        }
        for t in open..lx.tokens.len() {
            if lx.line(t) > self.line + FORWARD_LINES
                || matches!(lx.text(t), "curl_exec" | "curl_close" | "curl_init")
            {
                break;
            }
            consider(t);
        }
        strong.map(|(_, method)| method).or(weak)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_carry_a_method() {
        let cases = [
            ("get", Some("GET")),
            ("Post", Some("POST")),
            ("PUT", Some("PUT")),
            ("patchForObject", Some("PATCH")),
            ("DeleteAsync", Some("DELETE")),
            ("GetFromJsonAsync", Some("GET")),
            ("PostAsJsonAsync", Some("POST")),
            ("GetStringAsync", Some("GET")),
            ("getJSON", Some("GET")),
            ("PostForm", Some("POST")),
            ("HttpDelete", Some("DELETE")),
            ("wp_remote_post", Some("POST")),
            ("del", Some("DELETE")),
            ("getUrl", None),
            ("get_client", None),
            ("request", None),
            ("posts", None),
            ("_get", None),
        ];
        for (name, want) in cases {
            assert_eq!(method_in_name(name), want, "{name}");
        }
    }

    #[test]
    fn method_words() {
        assert_eq!(method_word("post"), Some("POST"));
        assert_eq!(method_word("DELETE"), Some("DELETE"));
        assert_eq!(method_word("del"), None);
        assert_eq!(method_word("json"), None);
    }
}
