//! Pagination by `Link` (`plan_your_app/pagination.md`).

use reqwest::header::HeaderMap;

/// The `rel="next"` target of a `Link` header, absent on the last page.
pub fn next_link(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(reqwest::header::LINK)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|value| {
            value.split(',').find_map(|entry| {
                let mut parts = entry.split(';');
                let target = parts.next()?.trim().strip_prefix('<')?.strip_suffix('>')?;
                parts
                    .filter_map(|p| p.split_once('='))
                    .any(|(k, v)| {
                        k.trim().eq_ignore_ascii_case("rel")
                            && v.trim()
                                .trim_matches('"')
                                .split_ascii_whitespace()
                                .any(|r| r.eq_ignore_ascii_case("next"))
                    })
                    .then(|| target.to_owned())
            })
        })
}

/// `Total`, when the server sent a readable one.
pub fn total(headers: &HeaderMap) -> Option<usize> {
    headers.get("total")?.to_str().ok()?.trim().parse().ok()
}

#[cfg(test)]
mod tests {
    use reqwest::header::{HeaderMap, HeaderValue, LINK};

    #[test]
    fn finds_next_among_other_rels() {
        let mut h = HeaderMap::new();
        h.insert(LINK, HeaderValue::from_static("<https://api.procore.com/rest/v1.0/companies?page=1>; rel=\"first\", <https://api.procore.com/rest/v1.0/companies?page=3>; rel=\"next\", <https://api.procore.com/rest/v1.0/companies?page=9>; rel=\"last\""));
        assert_eq!(
            super::next_link(&h).as_deref(),
            Some("https://api.procore.com/rest/v1.0/companies?page=3")
        );
        h.insert(
            LINK,
            HeaderValue::from_static("<https://api.procore.com/x?page=1>; rel=\"first\""),
        );
        assert_eq!(super::next_link(&h), None);
    }
}
