//! One spelling for every way a Procore route is written, so that a route seen in an activity
//! report, in source code or on a response meets its operation in the reference.
//!
//! `procore-platform.md` §7: normalise both sides to `METHOD /rest/v{api}.{resource}/segments/{param}`;
//! activity reports write `:param` and omit `/rest`; the method and the resource version are
//! part of the identity (`/rest/v1.0/x` deprecated says nothing of `/rest/v1.1/x`).

use std::fmt;

/// A normalized route: upper-case method and a path whose parameters are all `{}`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RouteKey {
    method: String,
    path: String,
}

/// Why a string is not a Procore REST route.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotARoute {
    /// No `/rest/v1.0` (or `/v1.0` as activity reports write it).
    NoVersion,
    /// Nothing after the version: a base URL, not a call.
    NoResource,
}

impl RouteKey {
    /// Normalizes `method` and `path`; `path` may carry a scheme and host, a query string, a
    /// fragment, `:param`, `{param}`, `${param}`, `#{param}`, `%s`, `{0}`, `{}` or a literal id.
    pub fn new(method: &str, path: &str) -> Result<Self, NotARoute> {
        Ok(Self {
            method: method.trim().to_ascii_uppercase(),
            path: normalize_path(path)?,
        })
    }

    pub fn method(&self) -> &str {
        &self.method
    }

    /// `/rest/v1.0/projects/{}/rfis`.
    pub fn path(&self) -> &str {
        &self.path
    }

    /// The same path with another method.
    pub fn with_method(&self, method: &str) -> Self {
        Self {
            method: method.to_ascii_uppercase(),
            path: self.path.clone(),
        }
    }

    /// Parses the stored form `GET /rest/v1.0/x`.
    pub fn parse(text: &str) -> Option<Self> {
        let (method, path) = text.split_once(' ')?;
        Self::new(method, path).ok()
    }
}

impl fmt::Display for RouteKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

/// Is this segment `v1.0`, `v2.1`, `v1`?
fn is_version(segment: &str) -> bool {
    let Some(rest) = segment.strip_prefix('v') else {
        return false;
    };
    let mut parts = rest.split('.');
    let major = parts.next().unwrap_or("");
    !major.is_empty()
        && major.bytes().all(|b| b.is_ascii_digit())
        && parts.all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()))
}

/// A segment with every value in it written `{}`: `{id}.pdf` -> `{}.pdf`, `:id` -> `{}`,
/// `42` -> `{}`; a resource name stays as it is.
fn normalize_segment(segment: &str, out: &mut String) {
    if segment.starts_with(':') || segment.bytes().all(|b| b.is_ascii_digit()) || is_uuid(segment) {
        out.push_str("{}");
        return;
    }
    let bytes = segment.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let rest = &segment[i..];
        // `${x}`, `#{x}`, `{x}`, `{$x}`, `{0}`, `{}`: up to the matching brace.
        let brace = if rest.starts_with("${") || rest.starts_with("#{") {
            Some(i + 1)
        } else if rest.starts_with('{') {
            Some(i)
        } else {
            None
        };
        if let Some(open) = brace {
            let close = segment[open..]
                .find('}')
                .map_or(segment.len(), |c| open + c + 1);
            out.push_str("{}");
            i = close;
            continue;
        }
        // `%s`, `%d`, `%v`, `%i`: printf-style; `$name` (PHP, Kotlin); `<id>` (Flask).
        if let Some(after) = rest.strip_prefix('%')
            && after.starts_with(['s', 'd', 'v', 'i', 'u'])
        {
            out.push_str("{}");
            i += 2;
            continue;
        }
        if rest.starts_with('$') || rest.starts_with('<') {
            let end = rest[1..]
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '>'))
                .map_or(segment.len(), |e| i + 1 + e);
            out.push_str("{}");
            i = end;
            continue;
        }
        let c = rest.chars().next().unwrap_or(' ');
        out.push(c);
        i += c.len_utf8();
    }
}

fn is_uuid(segment: &str) -> bool {
    segment.len() == 36
        && segment.bytes().enumerate().all(|(i, b)| match i {
            8 | 13 | 18 | 23 => b == b'-',
            _ => b.is_ascii_hexdigit(),
        })
}

fn normalize_path(raw: &str) -> Result<String, NotARoute> {
    let mut text = raw.trim();
    // Scheme and host: everything up to the first '/' after "://".
    if let Some(at) = text.find("://") {
        let after = &text[at + 3..];
        text = after.find('/').map_or("", |slash| &after[slash..]);
    }
    // Query and fragment, but not an interpolation that starts with '#'.
    let mut end = text.len();
    for (i, c) in text.char_indices() {
        if c == '?' || (c == '#' && !text[i..].starts_with("#{")) {
            end = i;
            break;
        }
    }
    let text = &text[..end];

    let segments: Vec<&str> = text.split('/').filter(|s| !s.is_empty()).collect();
    let version_at = segments
        .iter()
        .position(|s| is_version(s))
        .ok_or(NotARoute::NoVersion)?;
    // Activity reports omit `/rest`; a base URL may carry a prefix before it.
    let rest = &segments[version_at + 1..];
    if rest.is_empty() {
        return Err(NotARoute::NoResource);
    }
    let mut path = String::with_capacity(text.len() + 6);
    path.push_str("/rest/");
    path.push_str(segments[version_at]);
    for segment in rest {
        path.push('/');
        normalize_segment(segment, &mut path);
    }
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(method: &str, path: &str) -> String {
        RouteKey::new(method, path)
            .map(|k| k.to_string())
            .unwrap_or_else(|e| format!("{e:?}"))
    }

    #[test]
    fn every_parameter_spelling_meets_the_template() {
        let template = key("get", "/rest/v1.0/projects/{project_id}/rfis/{id}");
        assert_eq!(template, "GET /rest/v1.0/projects/{}/rfis/{}");
        for spelling in [
            "/v1.0/projects/:project_id/rfis/:id",
            "/rest/v1.0/projects/${projectId}/rfis/${rfi.id}",
            "/rest/v1.0/projects/{0}/rfis/{1}",
            "/rest/v1.0/projects/#{project_id}/rfis/#{id}",
            "/rest/v1.0/projects/%s/rfis/%d",
            "/rest/v1.0/projects/{}/rfis/{}",
            "/rest/v1.0/projects/42/rfis/7",
            "https://api.procore.com/rest/v1.0/projects/42/rfis/7?per_page=100#top",
            "/rest/v1.0/projects/$id/rfis/{$rfi}",
            "/rest/v1.0/projects/42/rfis/7/",
        ] {
            assert_eq!(key("GET", spelling), template, "{spelling}");
        }
    }

    #[test]
    fn a_value_inside_a_segment_keeps_the_rest_of_it() {
        assert_eq!(
            key(
                "GET",
                "/rest/v1.1/projects/{project_id}/submittals/{id}.pdf"
            ),
            "GET /rest/v1.1/projects/{}/submittals/{}.pdf"
        );
        assert_eq!(
            key("GET", "/rest/v1.1/projects/1/submittals/${s.id}.pdf"),
            "GET /rest/v1.1/projects/{}/submittals/{}.pdf"
        );
        assert_eq!(
            key("GET", "/rest/v1.1/projects/%d/submittals/%s.pdf"),
            "GET /rest/v1.1/projects/{}/submittals/{}.pdf"
        );
    }

    #[test]
    fn method_and_resource_version_are_part_of_the_identity() {
        assert_ne!(key("GET", "/rest/v1.0/x"), key("POST", "/rest/v1.0/x"));
        assert_ne!(key("GET", "/rest/v1.0/x"), key("GET", "/rest/v1.1/x"));
        assert_eq!(
            key("get", "/v2.0/companies/:company_id/x"),
            "GET /rest/v2.0/companies/{}/x"
        );
    }

    #[test]
    fn base_urls_and_other_paths_are_not_routes() {
        assert_eq!(
            key("GET", "https://api.procore.com/rest/v1.0"),
            "NoResource"
        );
        assert_eq!(key("GET", "/oauth/token"), "NoVersion");
        assert_eq!(key("GET", ""), "NoVersion");
    }

    #[test]
    fn stored_form_round_trips() {
        let k = RouteKey::new("delete", "/rest/v1.1/projects/1").expect("a route");
        assert_eq!(RouteKey::parse(&k.to_string()), Some(k));
    }
}
