//! `{{name}}` placeholders in a component's URL, and the URL checks around them.
//!
//! Procore interpolates placeholders in the subdomain, the path and the query
//! (`building_apps_define_manifest_v41.md`, "Interpolation"); values are URI-encoded first.
//! Anywhere else (the scheme, the registrable domain, a port, the fragment) there is nothing
//! for Procore to fill, and the page would not load.

use std::ops::Range;

/// The placeholders Procore fills itself.
pub const BUILT_INS: [&str; 4] = [
    "procore.company.id",
    "procore.company.name",
    "procore.project.id",
    "procore.project.name",
];

/// One `{{name}}` with its byte range in the URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placeholder {
    pub name: String,
    pub range: Range<usize>,
}

/// What is wrong with a URL's placeholders, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PlaceholderProblem {
    /// `{{` without its `}}`, `}}` without its `{{`, or a name with other characters.
    Malformed(String),
    /// A placeholder where Procore does not fill one.
    Position { name: String, part: &'static str },
}

/// The placeholders of a URL, or the first thing malformed about them.
pub fn placeholders(url: &str) -> Result<Vec<Placeholder>, PlaceholderProblem> {
    let mut found = Vec::new();
    let mut rest = 0;
    while let Some(open) = url[rest..].find("{{").map(|i| rest + i) {
        if let Some(stray) = url[rest..open].find("}}") {
            return Err(stray_close(url, rest + stray));
        }
        let Some(close) = url[open + 2..].find("}}").map(|i| open + 2 + i) else {
            return Err(PlaceholderProblem::Malformed(format!(
                "\"{{{{\" at character {} has no closing \"}}}}\"",
                url[..open].chars().count() + 1
            )));
        };
        let inner = &url[open + 2..close];
        let name = inner.trim();
        let well_formed = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        if !well_formed {
            return Err(PlaceholderProblem::Malformed(format!(
                "\"{{{{{inner}}}}}\" is not a placeholder name (letters, digits, '_', '.' and '-' only)"
            )));
        }
        found.push(Placeholder {
            name: name.to_owned(),
            range: open..close + 2,
        });
        rest = close + 2;
    }
    if let Some(stray) = url[rest..].find("}}") {
        return Err(stray_close(url, rest + stray));
    }
    for placeholder in &found {
        if let Some(part) = forbidden_part(url, &placeholder.range) {
            return Err(PlaceholderProblem::Position {
                name: placeholder.name.clone(),
                part,
            });
        }
    }
    Ok(found)
}

fn stray_close(url: &str, at: usize) -> PlaceholderProblem {
    PlaceholderProblem::Malformed(format!(
        "\"}}}}\" at character {} has no opening \"{{{{\"",
        url[..at].chars().count() + 1
    ))
}

/// Where in the URL a placeholder sits, when that is not the subdomain, path or query.
fn forbidden_part(url: &str, range: &Range<usize>) -> Option<&'static str> {
    let Some(scheme_end) = url.find("://") else {
        // Not an absolute URL: the URL check says so; the placeholder is not the problem.
        return None;
    };
    if range.start < scheme_end {
        return Some("scheme");
    }
    let authority_start = scheme_end + 3;
    let authority_end = url[authority_start..]
        .find(['/', '?', '#'])
        .map_or(url.len(), |i| authority_start + i);
    let fragment_start = url.find('#').unwrap_or(url.len());
    if range.start >= fragment_start {
        return Some("fragment");
    }
    if range.start >= authority_end {
        return None; // the path or the query
    }
    let authority = &url[authority_start..authority_end];
    let host_start = authority_start + authority.rfind('@').map_or(0, |i| i + 1);
    if range.start < host_start {
        return Some("user name");
    }
    // A port follows the last ':' outside the placeholders (which contain none).
    let host_end = url[host_start..authority_end]
        .rfind(':')
        .map_or(authority_end, |i| host_start + i);
    if range.start >= host_end {
        return Some("port");
    }
    // The label holding the placeholder must come before the last two (the registrable
    // domain, such as example.com): Procore fills subdomains, not the domain itself.
    let host = &url[host_start..host_end];
    let labels = host.split('.').count();
    let label_index = url[host_start..range.start].matches('.').count();
    if labels < 3 || label_index + 2 >= labels {
        return Some("domain");
    }
    None
}

/// The URL with every placeholder replaced by a sample value, to check what remains.
pub fn with_samples(url: &str, found: &[Placeholder]) -> String {
    let mut out = String::with_capacity(url.len());
    let mut last = 0;
    for placeholder in found {
        out.push_str(&url[last..placeholder.range.start]);
        out.push_str("sample");
        last = placeholder.range.end;
    }
    out.push_str(&url[last..]);
    out
}

/// Why a URL cannot be used, when it cannot: it must parse, use https and have a host.
pub fn https_problem(url: &str) -> Option<String> {
    // The URL standard reads "https:///x" as host "x"; a partner who wrote it meant a host.
    if let Some((_, rest)) = url.split_once("://")
        && (rest.is_empty() || rest.starts_with(['/', '?', '#']))
    {
        return Some("has no host name".into());
    }
    match url::Url::parse(url) {
        Err(url::ParseError::EmptyHost) => Some("has no host name".into()),
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            Some("is not a full URL (it should start with https://)".into())
        }
        Err(e) => Some(format!("is not a valid URL ({e})")),
        Ok(parsed) if parsed.scheme() != "https" => Some(format!(
            "uses {}: Procore loads only https pages",
            parsed.scheme()
        )),
        Ok(parsed) if parsed.host_str().is_none_or(str::is_empty) => {
            Some("has no host name".into())
        }
        Ok(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(url: &str) -> Vec<String> {
        placeholders(url)
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect()
    }

    #[test]
    fn placeholders_in_subdomain_path_and_query_are_found() {
        assert_eq!(
            names(
                "https://{{tenant}}.example.com/{{ pathVar }}/x?q={{queryVar}}&c={{procore.company.id}}"
            ),
            ["tenant", "pathVar", "queryVar", "procore.company.id"]
        );
        assert_eq!(names("https://example.com/plain"), Vec::<String>::new());
    }

    #[test]
    fn placeholders_elsewhere_are_refused_with_the_part() {
        let part = |url: &str| match placeholders(url) {
            Err(PlaceholderProblem::Position { part, .. }) => part,
            other => panic!("{url}: {other:?}"),
        };
        assert_eq!(part("{{scheme}}://example.com"), "scheme");
        assert_eq!(part("https://example.{{tld}}"), "domain");
        assert_eq!(part("https://{{domain}}.com/x"), "domain");
        assert_eq!(part("https://a.example.com:{{port}}/x"), "port");
        assert_eq!(part("https://{{user}}@a.example.com/x"), "user name");
        assert_eq!(part("https://a.example.com/x#{{frag}}"), "fragment");
    }

    #[test]
    fn malformed_braces_are_named() {
        for url in [
            "https://example.com/{{open",
            "https://example.com/close}}",
            "https://example.com/{{}}",
            "https://example.com/{{a b}}",
            "https://example.com/{{a}}/b}}",
        ] {
            assert!(
                matches!(placeholders(url), Err(PlaceholderProblem::Malformed(_))),
                "{url}"
            );
        }
    }

    #[test]
    fn urls_must_parse_use_https_and_have_a_host() {
        assert_eq!(https_problem("https://app.example.com/x?y=1"), None);
        assert!(
            https_problem("http://app.example.com")
                .unwrap()
                .contains("uses http")
        );
        assert!(https_problem("https://").unwrap().contains("host"));
        assert!(
            https_problem("app.example.com/x")
                .unwrap()
                .contains("full URL")
        );
        assert!(https_problem("https://exa mple.com").is_some());
        let found = placeholders("https://{{t}}.example.com/{{p}}").unwrap();
        assert_eq!(
            with_samples("https://{{t}}.example.com/{{p}}", &found),
            "https://sample.example.com/sample"
        );
    }
}
