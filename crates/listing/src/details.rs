//! The structured fields' rules: categories, contact button, installation setting, pricing,
//! support, helpful links and required tools.

use crate::ListingDetails;
use crate::precheck::{CATEGORIES_MAX, HELPFUL_LINKS_MAX, Severity, TOOL_LEVELS};

/// Why an address is not a usable https URL, when it is not.
pub fn https_problem(url: &str) -> Option<String> {
    let url = url.trim();
    if url.is_empty() {
        return Some("is empty".into());
    }
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
        Ok(_) => None,
    }
}

/// Whether an address is a well-formed email: one `@`, a local part, a domain with a dot.
pub fn is_email(text: &str) -> bool {
    let Some((local, domain)) = text.split_once('@') else {
        return false;
    };
    let labels: Vec<&str> = domain.split('.').collect();
    !local.is_empty()
        && local.len() <= 64
        && !local.contains(|c: char| {
            c.is_whitespace()
                || c.is_control()
                || matches!(
                    c,
                    '@' | '<' | '>' | '(' | ')' | ',' | ';' | ':' | '"' | '[' | ']'
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

pub(crate) fn check(details: &ListingDetails, out: &mut dyn FnMut(String, Severity, &str, String)) {
    let mut error = |field: &str, code: &str, message: String| {
        out(field.into(), Severity::Error, code, message)
    };
    let n = details.categories.len();
    if n > CATEGORIES_MAX {
        error(
            "categories",
            "too-many",
            format!(
                "The listing has {n} categories; the Marketplace allows up to {CATEGORIES_MAX}."
            ),
        );
    }
    match &details.contact {
        None => error(
            "contact",
            "required",
            "Choose the contact button: \"Contact Us\" (leads by email) or \"Learn How\" (a link)."
                .into(),
        ),
        Some(contact) => match contact.button.as_str() {
            "contact_us" => match contact.email.as_deref() {
                Some(email) if is_email(email) => {}
                Some(email) => error(
                    "contact/email",
                    "email-invalid",
                    format!(
                        "\"{email}\" is not an email address; the Contact Us button sends leads to it."
                    ),
                ),
                None => error(
                    "contact/email",
                    "required",
                    "The Contact Us button needs the email address leads go to.".into(),
                ),
            },
            "learn_how" => match contact.url.as_deref() {
                Some(url) => {
                    if let Some(problem) = https_problem(url) {
                        error(
                            "contact/url",
                            "url-invalid",
                            format!("The Learn How link {problem}."),
                        );
                    }
                }
                None => error(
                    "contact/url",
                    "required",
                    "The Learn How button needs the link it opens.".into(),
                ),
            },
            other => error(
                "contact/button",
                "contact-button",
                format!(
                    "The contact button is {other:?}; use contact_us (Contact Us) or learn_how (Learn How)."
                ),
            ),
        },
    }
    match details.installation.as_deref() {
        Some("allow" | "disallow") => {}
        Some(other) => error(
            "installation",
            "installation",
            format!("The installation setting is {other:?}; use allow or disallow."),
        ),
        None => error(
            "installation",
            "required",
            "Choose whether customers may install the app from the listing (allow or disallow)."
                .into(),
        ),
    }
    match details.support_email.as_deref() {
        Some(email) if !is_email(email) => error(
            "support_email",
            "email-invalid",
            format!("\"{email}\" is not an email address."),
        ),
        _ => {}
    }
    if let Some(url) = details.support_url.as_deref()
        && let Some(problem) = https_problem(url)
    {
        error(
            "support_url",
            "url-invalid",
            format!("The support URL {problem}."),
        );
    }
    if details.helpful_links.len() > HELPFUL_LINKS_MAX {
        error(
            "helpful_links",
            "too-many",
            format!(
                "The listing has {} helpful links; the Marketplace shows up to {HELPFUL_LINKS_MAX}.",
                details.helpful_links.len()
            ),
        );
    }
    for (index, link) in details.helpful_links.iter().enumerate() {
        if link.label.trim().is_empty() {
            error(
                &format!("helpful_links/{index}/label"),
                "required",
                format!("Helpful link {} has no label.", index + 1),
            );
        }
        if let Some(problem) = https_problem(&link.url) {
            error(
                &format!("helpful_links/{index}/url"),
                "url-invalid",
                format!("Helpful link {} {problem}.", index + 1),
            );
        }
    }
    for (index, tool) in details.required_tools.iter().enumerate() {
        if tool.tool.trim().is_empty() {
            error(
                &format!("required_tools/{index}/tool"),
                "required",
                format!("Required tool {} names no tool.", index + 1),
            );
        }
        if !TOOL_LEVELS.contains(&tool.level.as_str()) {
            error(
                &format!("required_tools/{index}/level"),
                "tool-level",
                format!(
                    "Required tool {} has the level {:?}; use readonly, standard or admin.",
                    index + 1,
                    tool.level
                ),
            );
        }
    }
    let mut warning = |field: &str, code: &str, message: &str| {
        out(field.into(), Severity::Warning, code, message.into())
    };
    if details.categories.is_empty() {
        warning(
            "categories",
            "empty",
            "Choose up to three categories so customers find the app.",
        );
    }
    if details.support_email.is_none() && details.support_url.is_none() {
        warning(
            "support_email",
            "empty",
            "Give a support email or URL: the listing shows customers where to get help.",
        );
    }
    if details
        .built_by
        .as_deref()
        .is_none_or(|b| b.trim().is_empty())
    {
        warning("built_by", "empty", "Say who built the app.");
    }
    if details.pricing.is_none() {
        warning(
            "pricing",
            "empty",
            "Say whether a subscription is needed, whether it connects a third-party product, and whether there is a free trial.",
        );
    }
    if details.regions.is_empty() {
        warning(
            "regions",
            "empty",
            "List the regions where the app is available.",
        );
    }
}
