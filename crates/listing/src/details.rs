//! The structured fields' rules: categories, contact button, installation setting, pricing,
//! support, helpful links and required tools.

use crate::ListingDetails;
use crate::precheck::{CATEGORIES_MAX, HELPFUL_LINKS_MAX, Out, TOOL_LEVELS, plural};

/// Why an address is not a usable https URL, as the end of a sentence ("is empty", "uses
/// http; use https"); `None` when it is one: https, a public host name (with a dot), no user
/// name or password. Surrounding spaces are ignored.
pub fn https_problem(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return Some("is empty".into());
    }
    // The url crate reads "https:///x" as host "x"; a partner meant a host and forgot it.
    if let Some((_, rest)) = url.split_once("://")
        && (rest.is_empty() || rest.starts_with(['/', '?', '#']))
    {
        return Some("has no host name".into());
    }
    match url::Url::parse(url) {
        Err(url::ParseError::RelativeUrlWithoutBase) => {
            Some("is not a full URL (start it with https://)".into())
        }
        Err(e) => Some(format!("is not a valid URL ({e})")),
        Ok(u) if u.scheme() != "https" => Some(format!("uses {}; use https", u.scheme())),
        Ok(u) if u.host_str().is_none_or(|h| !h.contains('.')) => {
            Some("has no public host name".into())
        }
        // A listing is public: a password in a link would be published with it.
        Ok(u) if !u.username().is_empty() || u.password().is_some() => {
            Some("has a user name or password in it".into())
        }
        Ok(_) => None,
    }
}

/// Whether an address is a well-formed email: one `@`, a local part without spaces or
/// address punctuation, a domain of at least two dot-separated labels.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && local.len() <= 64
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..")
        && !local.contains(|c: char| {
            c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '@' | '<' | '>' | '(' | ')' | ',' | ';' | ':' | '"' | '[' | ']' | '\\'
                )
        })
        && labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        })
}

/// The level as [`TOOL_LEVELS`] spells it, when it is one: case, spaces, hyphens and
/// underscores are ignored.
fn tool_level(level: &str) -> Option<&'static str> {
    let squeezed: String = level
        .chars()
        .filter(|c| !matches!(c, ' ' | '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect();
    TOOL_LEVELS.into_iter().find(|l| *l == squeezed)
}

/// A value the window leaves blank is the same as one not given.
fn given(value: &Option<String>) -> Option<&str> {
    value.as_deref().filter(|v| !v.trim().is_empty())
}

pub(crate) fn check(details: &ListingDetails, out: &mut Out) {
    let n = details.categories.len();
    if n > CATEGORIES_MAX {
        out.error(
            "categories",
            "too-many",
            format!(
                "The listing has {n} categories; the Marketplace allows up to {CATEGORIES_MAX}."
            ),
        );
    }
    for (index, category) in details.categories.iter().enumerate() {
        if category.trim().is_empty() {
            out.error(
                format!("categories/{index}"),
                "required",
                format!("Category {} is empty: name it or remove it.", index + 1),
            );
        }
    }
    check_contact(details, out);
    match details.installation.as_deref() {
        Some("allow" | "disallow") => {}
        Some(other) if !other.trim().is_empty() => out.error(
            "installation",
            "installation",
            format!(
                "The installation setting is {other:?}; use allow (customers install from the listing) or disallow."
            ),
        ),
        _ => out.error(
            "installation",
            "required",
            "Choose whether customers may install the app from the listing (allow or disallow).",
        ),
    }
    if let Some(email) = given(&details.support_email)
        && !is_email(email)
    {
        out.error(
            "support_email",
            "email-invalid",
            format!("The support email \"{email}\" is not an email address."),
        );
    }
    if let Some(url) = given(&details.support_url)
        && let Some(problem) = https_problem(url)
    {
        out.error(
            "support_url",
            "url-invalid",
            format!("The support URL {problem}."),
        );
    }
    check_links_and_tools(details, out);
    advise(details, out);
}

fn check_contact(details: &ListingDetails, out: &mut Out) {
    let Some(contact) = &details.contact else {
        out.error(
            "contact",
            "required",
            "Choose the contact button: \"Contact Us\" (leads by email) or \"Learn How\" (a link).",
        );
        return;
    };
    match contact.button.as_str() {
        "contact_us" => match given(&contact.email) {
            Some(email) if is_email(email) => {}
            Some(email) => out.error(
                "contact/email",
                "email-invalid",
                format!(
                    "\"{email}\" is not an email address; the Contact Us button sends leads to it."
                ),
            ),
            None => out.error(
                "contact/email",
                "required",
                "The Contact Us button needs the email address leads go to.",
            ),
        },
        "learn_how" => match given(&contact.url) {
            Some(url) => {
                if let Some(problem) = https_problem(url) {
                    out.error(
                        "contact/url",
                        "url-invalid",
                        format!("The Learn How link {problem}."),
                    );
                }
            }
            None => out.error(
                "contact/url",
                "required",
                "The Learn How button needs the https link it opens.",
            ),
        },
        other => out.error(
            "contact/button",
            "contact-button",
            format!(
                "The contact button is {other:?}; use contact_us (Contact Us) or learn_how (Learn How)."
            ),
        ),
    }
}

fn check_links_and_tools(details: &ListingDetails, out: &mut Out) {
    let links = details.helpful_links.len();
    if links > HELPFUL_LINKS_MAX {
        out.error(
            "helpful_links",
            "too-many",
            format!(
                "The listing has {}; the Marketplace shows up to {HELPFUL_LINKS_MAX}.",
                plural(links, "helpful link", "helpful links")
            ),
        );
    }
    for (index, link) in details.helpful_links.iter().enumerate() {
        if link.label.trim().is_empty() {
            out.error(
                format!("helpful_links/{index}/label"),
                "required",
                format!("Helpful link {} has no label.", index + 1),
            );
        }
        if let Some(problem) = https_problem(&link.url) {
            out.error(
                format!("helpful_links/{index}/url"),
                "url-invalid",
                format!("Helpful link {} {problem}.", index + 1),
            );
        }
    }
    for (index, tool) in details.required_tools.iter().enumerate() {
        let number = index + 1;
        if tool.tool.trim().is_empty() {
            out.error(
                format!("required_tools/{index}/tool"),
                "required",
                format!("Required tool {number} names no tool."),
            );
        }
        if tool_level(&tool.level).is_none() {
            let which = if tool.tool.trim().is_empty() {
                String::new()
            } else {
                format!(" ({})", tool.tool.trim())
            };
            let message = if tool.level.trim().is_empty() {
                format!(
                    "Required tool {number}{which} has no permission level; use readonly, standard or admin."
                )
            } else {
                format!(
                    "Required tool {number}{which} has the level {:?}; use readonly, standard or admin.",
                    tool.level
                )
            };
            out.error(
                format!("required_tools/{index}/level"),
                "tool-level",
                message,
            );
        }
    }
}

/// Fields the guidelines list that a listing without them still submits with: advice.
fn advise(details: &ListingDetails, out: &mut Out) {
    if details.categories.is_empty() {
        out.warning(
            "categories",
            "empty",
            "Choose up to three categories so customers find the app.",
        );
    }
    if given(&details.support_email).is_none() && given(&details.support_url).is_none() {
        out.warning(
            "support_email",
            "empty",
            "Give a support email or URL: the listing shows customers where to get help.",
        );
    }
    if given(&details.built_by).is_none() {
        out.warning("built_by", "empty", "Say who built the app.");
    }
    if given(&details.sold_by).is_none() {
        out.warning(
            "sold_by",
            "empty",
            "Say who sells the app (often the company that built it).",
        );
    }
    if details.pricing.is_none() {
        out.warning(
            "pricing",
            "empty",
            "Say whether a subscription is needed, whether it connects a third-party product, and whether there is a free trial.",
        );
    }
    if details.regions.is_empty() {
        out.warning(
            "regions",
            "empty",
            "List the regions where the app is available.",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert_eq!(https_problem("https://help.example.com/x?y=1"), None);
        assert_eq!(https_problem(" https://help.example.com "), None);
        assert_eq!(
            https_problem("http://help.example.com").as_deref(),
            Some("uses http; use https")
        );
        for bad in [
            "",
            "https://",
            "https:///path",
            "help.example.com",
            "https://localhost/x",
            "https://exa mple.com",
            "https://user:secret@help.example.com",
            "javascript:alert(1)",
            "mailto:help@example.com",
        ] {
            assert!(https_problem(bad).is_some(), "{bad}");
        }
    }

    #[test]
    fn emails() {
        for good in [
            "help@example.com",
            "first.last+tag@mail.example.co.uk",
            "a@b.io",
        ] {
            assert!(is_email(good), "{good}");
        }
        for bad in [
            "",
            "help",
            "help@",
            "@example.com",
            "help@example",
            "help @example.com",
            "help@exa mple.com",
            "help@@example.com",
            "help@example..com",
            ".help@example.com",
            "a..b@example.com",
            "<help@example.com>",
            "help@-example.com",
        ] {
            assert!(!is_email(bad), "{bad}");
        }
    }

    #[test]
    fn tool_levels() {
        for (written, level) in [
            ("readonly", "readonly"),
            ("Read Only", "readonly"),
            ("read-only", "readonly"),
            ("read_only", "readonly"),
            ("Standard", "standard"),
            ("ADMIN", "admin"),
        ] {
            assert_eq!(tool_level(written), Some(level), "{written}");
        }
        for bad in ["", "none", "owner", "read", "write"] {
            assert_eq!(tool_level(bad), None, "{bad}");
        }
    }
}
