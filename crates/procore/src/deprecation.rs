//! `Deprecation` (RFC 9745), `Sunset` (RFC 8594) and `Link rel="deprecation"|"sunset"`,
//! parsed leniently: Procore documents none of them, so Plumbline accepts every form servers
//! are known to send and ignores what it cannot read rather than failing the request.

use plumbline_domain::{Day, UnixMillis};
use reqwest::header::HeaderMap;

/// What a `Deprecation` header said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeprecationHeader {
    /// Deprecated at (or from) this moment: `@1688169599`, or an HTTP-date in older servers.
    At(UnixMillis),
    /// `true`: deprecated, date not given (drafts before RFC 9745).
    Yes,
}

/// Deprecation signals seen on one response.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeprecationNotice {
    pub method: String,
    /// The request's path, e.g. `/rest/v1.0/companies`.
    pub path: String,
    pub deprecation: Option<DeprecationHeader>,
    pub sunset: Option<UnixMillis>,
    /// `(rel, url)` for `Link` entries with rel `deprecation` or `sunset`.
    pub links: Vec<(String, String)>,
}

/// A moment in any of the forms seen in the wild: `@<unix seconds>`, an HTTP-date, an ISO
/// date or date-time (`2026-06-30`, `2026-06-30T00:00:00Z`).
pub fn parse_moment(text: &str) -> Option<UnixMillis> {
    let text = text.trim().trim_matches('"');
    if let Some(secs) = text.strip_prefix('@') {
        return secs
            .trim()
            .parse::<i64>()
            .ok()
            .map(|s| UnixMillis(s.saturating_mul(1000)));
    }
    if let Ok(at) = httpdate::parse_http_date(text) {
        let ms = at.duration_since(std::time::UNIX_EPOCH).ok()?.as_millis();
        return Some(UnixMillis(ms as i64));
    }
    text.get(..10).and_then(Day::parse_iso).map(Day::start)
}

fn parse_deprecation(value: &str) -> Option<DeprecationHeader> {
    if value.trim().eq_ignore_ascii_case("true") || value.trim() == "?1" {
        return Some(DeprecationHeader::Yes);
    }
    parse_moment(value).map(DeprecationHeader::At)
}

/// `<url>; rel="deprecation", <url>; rel=sunset` → the entries whose rel we care about.
fn parse_links(values: &[&str]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for value in values {
        for entry in value.split(',') {
            let mut parts = entry.split(';');
            let Some(target) = parts
                .next()
                .map(str::trim)
                .and_then(|t| t.strip_prefix('<'))
                .and_then(|t| t.strip_suffix('>'))
            else {
                continue;
            };
            for param in parts {
                let Some((key, rels)) = param.split_once('=') else {
                    continue;
                };
                if !key.trim().eq_ignore_ascii_case("rel") {
                    continue;
                }
                for rel in rels.trim().trim_matches('"').split_ascii_whitespace() {
                    let rel = rel.to_ascii_lowercase();
                    if rel == "deprecation" || rel == "sunset" {
                        out.push((rel, target.to_owned()));
                    }
                }
            }
        }
    }
    out
}

impl DeprecationNotice {
    /// The notice carried by a response, if it carried any signal at all.
    pub fn from_headers(method: &str, path: &str, headers: &HeaderMap) -> Option<Self> {
        let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
        let deprecation = text("deprecation").and_then(parse_deprecation);
        let sunset = text("sunset").and_then(parse_moment);
        let link_values: Vec<&str> = headers
            .get_all("link")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .collect();
        let links = parse_links(&link_values);
        let present = headers.contains_key("deprecation")
            || headers.contains_key("sunset")
            || !links.is_empty();
        present.then(|| Self {
            method: method.to_owned(),
            path: path.to_owned(),
            deprecation,
            sunset,
            links,
        })
    }
}

#[cfg(test)]
mod tests {
    use reqwest::header::{HeaderMap, HeaderValue};

    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    #[test]
    fn rfc_9745_and_8594_forms() {
        let n = DeprecationNotice::from_headers(
            "GET",
            "/rest/v1.0/x",
            &headers(&[
                ("Deprecation", "@1688169599"),
                ("Sunset", "Wed, 11 Nov 2026 23:59:59 GMT"),
                ("Link", "<https://developers.procore.com/x>; rel=\"deprecation\"; type=\"text/html\""),
                ("Link", "<https://a.example/next>; rel=\"next\", <https://developers.procore.com/s>; rel=sunset"),
            ]),
        )
        .unwrap();
        assert_eq!(
            n.deprecation,
            Some(DeprecationHeader::At(UnixMillis(1_688_169_599_000)))
        );
        assert_eq!(n.sunset, Some(UnixMillis(1_794_441_599_000)));
        assert_eq!(
            n.links,
            [
                (
                    "deprecation".to_owned(),
                    "https://developers.procore.com/x".to_owned()
                ),
                (
                    "sunset".to_owned(),
                    "https://developers.procore.com/s".to_owned()
                )
            ]
        );
    }

    #[test]
    fn lenient_with_older_and_odd_forms() {
        let n = DeprecationNotice::from_headers(
            "GET",
            "/p",
            &headers(&[("Deprecation", "true"), ("Sunset", "2026-06-30")]),
        )
        .unwrap();
        assert_eq!(n.deprecation, Some(DeprecationHeader::Yes));
        assert_eq!(n.sunset, Some(UnixMillis(1_782_777_600_000)));
        let n = DeprecationNotice::from_headers(
            "GET",
            "/p",
            &headers(&[("Deprecation", "Sun, 01 Mar 2026 00:00:00 GMT")]),
        )
        .unwrap();
        assert!(matches!(n.deprecation, Some(DeprecationHeader::At(_))));
        // Garbage is ignored, not fatal; the header's presence is still worth recording.
        let n = DeprecationNotice::from_headers(
            "GET",
            "/p",
            &headers(&[("Deprecation", "next tuesday"), ("Sunset", "@x")]),
        )
        .unwrap();
        assert_eq!((n.deprecation, n.sunset), (None, None));
        assert!(
            DeprecationNotice::from_headers("GET", "/p", &headers(&[("Link", "<u>; rel=next")]))
                .is_none()
        );
    }
}
