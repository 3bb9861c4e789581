//! From a literal's text to the route it names: `/rest/v1.0/projects/{}/rfis`.

use memchr::memmem;

use crate::token::HOLE;

/// Offset of the first `/rest/v<digits>.<digits>` in `text`.
pub(crate) fn route_start(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    memmem::find_iter(b, b"/rest/v").find(|&at| version_len(&b[at + 6..]).is_some())
}

/// Length of a leading `v<digits>.<digits>`.
fn version_len(b: &[u8]) -> Option<usize> {
    let digits = |from: usize| {
        b.get(from..)
            .map_or(0, |r| r.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    if b.first() != Some(&b'v') {
        return None;
    }
    let major = digits(1);
    if major == 0 || b.get(1 + major) != Some(&b'.') {
        return None;
    }
    let minor = digits(2 + major);
    (minor > 0).then_some(2 + major + minor)
}

/// The route named by `text`, which starts at `/rest/v`: query string, fragment and trailing
/// slash dropped, `//` collapsed, dynamic segments written `{}`. None for a base URL that has
/// nothing after the version.
pub(crate) fn normalize(text: &str) -> Option<String> {
    let end = text
        .char_indices()
        .find(|&(i, c)| {
            c == '?'
                || c.is_whitespace()
                || matches!(c, '"' | '\'' | '`')
                || (c == '#' && !text[i + 1..].starts_with('{'))
        })
        .map_or(text.len(), |(i, _)| i);
    let mut segments = text[..end].split('/').filter(|s| !s.is_empty());
    segments.next()?; // "rest"
    let versioned = segments.next()?;
    let (version, tail) = versioned.split_at(version_len(versioned.as_bytes())?);
    let mut route = format!("/rest/{version}");
    let mut after_version = 0;
    // `"/rest/v1.0" + path`: what follows the version in the same segment is one of its own.
    for segment in (!tail.is_empty())
        .then_some(tail)
        .into_iter()
        .chain(segments)
    {
        route.push('/');
        if is_dynamic(segment) {
            push_dynamic(segment, &mut route);
        } else {
            route.push_str(segment);
        }
        after_version += 1;
    }
    (after_version > 0).then_some(route)
}

/// A segment filled in at run time. A value that fills the whole segment is `{}`; a value
/// inside a segment keeps the literal around it (`id + ".pdf"` is `{}.pdf`), as Procore's
/// reference writes such paths (`/submittals/{id}.pdf`), so the two still meet.
fn push_dynamic(segment: &str, route: &mut String) {
    let whole = segment.starts_with(':')
        || segment.starts_with('<')
        || has_dollar_name(segment)
        || has_printf_verb(segment);
    if whole {
        route.push_str("{}");
        return;
    }
    let mut rest = segment;
    while let Some(c) = rest.chars().next() {
        if c == HOLE {
            route.push_str("{}");
            rest = &rest[c.len_utf8()..];
        } else if (c == '#' || c == '$') && rest[1..].starts_with('{') {
            // Ruby's `#{x}` and `${x}`: the brace group that follows is the value.
            rest = &rest[1..];
        } else if c == '{' {
            route.push_str("{}");
            rest = rest.find('}').map_or("", |end| &rest[end + 1..]);
        } else if c == '}' {
            rest = &rest[1..];
        } else {
            route.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    // Two values side by side are one value as far as a route is concerned.
    while route.ends_with("{}{}") {
        route.truncate(route.len() - 2);
    }
}

/// Whether a segment is filled in at run time: an interpolation or operand, a `{name}`,
/// `:name` or `<name>` placeholder, a `$name` variable, or a printf verb.
fn is_dynamic(segment: &str) -> bool {
    segment.contains([HOLE, '{', '}'])
        || (segment.len() > 1 && segment.starts_with(':'))
        || (segment.starts_with('<') && segment.ends_with('>'))
        || has_dollar_name(segment)
        || has_printf_verb(segment)
}

fn has_dollar_name(segment: &str) -> bool {
    let b = segment.as_bytes();
    memchr::memchr_iter(b'$', b).any(|i| {
        b.get(i + 1)
            .is_some_and(|&c| c.is_ascii_alphabetic() || c == b'_')
    })
}

/// `%s`, `%d`, `%v`, `%i`, `%u`, `%q`, with flags, width, precision or a Python `%(name)`.
fn has_printf_verb(segment: &str) -> bool {
    let b = segment.as_bytes();
    memchr::memchr_iter(b'%', b).any(|i| {
        let mut j = i + 1;
        if b.get(j) == Some(&b'(') {
            match memchr::memchr(b')', &b[j..]) {
                Some(k) => j += k + 1,
                None => return false,
            }
        }
        while b.get(j).is_some_and(|c| b"-+ #0".contains(c)) {
            j += 1;
        }
        while b.get(j).is_some_and(u8::is_ascii_digit) {
            j += 1;
        }
        if b.get(j) == Some(&b'.') {
            j += 1;
            while b.get(j).is_some_and(u8::is_ascii_digit) {
                j += 1;
            }
        }
        b.get(j).is_some_and(|c| b"sdviuq".contains(c))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn route(text: &str) -> Option<String> {
        normalize(&text[route_start(text)?..])
    }

    #[test]
    fn finds_versioned_prefix() {
        assert_eq!(route_start("https://api.procore.com/rest/v1.0/x"), Some(23));
        assert_eq!(route_start("/rest/vx/rest/v2.1/y"), Some(8));
        assert_eq!(route_start("/rest/v1/x"), None);
        assert_eq!(route_start("/rest/v1./x"), None);
    }

    #[test]
    fn drops_prefix_query_fragment_and_slashes() {
        let r = route("https://api.procore.com/rest/v1.0/projects/42/rfis/?page=2#top");
        assert_eq!(r.as_deref(), Some("/rest/v1.0/projects/42/rfis"));
        let r = route("\0/rest/v1.1//companies//\0/users/");
        assert_eq!(r.as_deref(), Some("/rest/v1.1/companies/{}/users"));
    }

    #[test]
    fn dynamic_segments() {
        let cases = [
            (
                "/rest/v1.0/projects/{project_id}/rfis",
                "/rest/v1.0/projects/{}/rfis",
            ),
            (
                "/rest/v1.0/projects/:project_id/rfis",
                "/rest/v1.0/projects/{}/rfis",
            ),
            (
                "/rest/v1.0/projects/%s/rfis/%d",
                "/rest/v1.0/projects/{}/rfis/{}",
            ),
            ("/rest/v1.0/projects/%(pid)s/x", "/rest/v1.0/projects/{}/x"),
            ("/rest/v1.0/projects/{0}/x", "/rest/v1.0/projects/{}/x"),
            ("/rest/v1.0/projects/$id/x", "/rest/v1.0/projects/{}/x"),
            ("/rest/v1.0/projects/\0.json", "/rest/v1.0/projects/{}.json"),
            (
                "/rest/v1.1/projects/{pid}/submittals/{id}.pdf",
                "/rest/v1.1/projects/{}/submittals/{}.pdf",
            ),
            ("/rest/v1.0/projects/<int:id>", "/rest/v1.0/projects/{}"),
            ("/rest/v1.0/projects/#{id}/x", "/rest/v1.0/projects/{}/x"),
            ("/rest/v1.0/files/a%20b", "/rest/v1.0/files/a%20b"),
            ("/rest/v1.0\0", "/rest/v1.0/{}"),
        ];
        for (text, want) in cases {
            assert_eq!(route(text).as_deref(), Some(want), "{text:?}");
        }
    }

    #[test]
    fn base_urls_are_not_routes() {
        assert_eq!(route("https://api.procore.com/rest/v1.0"), None);
        assert_eq!(route("https://api.procore.com/rest/v1.0/"), None);
        assert_eq!(route("/rest/v1.0?x=1"), None);
    }

    #[test]
    fn stops_at_white_space_and_quotes() {
        let r = route("<a href=\"/rest/v1.0/me\">see /rest/v1.0/other</a>");
        assert_eq!(r.as_deref(), Some("/rest/v1.0/me"));
    }
}
