//! The listing laid out like its Marketplace page, as one self-contained HTML file to share
//! with someone who has no portal access. Every text is escaped (a `<script>` in the summary
//! is shown as text), images are inlined as data URLs, a link is a link only when it is
//! https, and a Content-Security-Policy forbids scripts and anything fetched from elsewhere.

use std::fmt::Write;

use crate::details::https_problem;
use crate::media::sniff;
use crate::{Contact, Listing, MediaFile};

/// Escapes text for HTML content and attribute values.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

fn base64(bytes: &[u8]) -> String {
    const TABLE: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(TABLE[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// A data URL for an image whose header says it is a PNG or JPEG; `None` otherwise.
pub fn image_data_url(file: &MediaFile) -> Option<String> {
    let info = sniff(&file.bytes).ok().filter(|i| i.format.is_image())?;
    Some(format!(
        "data:{};base64,{}",
        info.format.mime(),
        base64(&file.bytes)
    ))
}

fn link(url: &str, label: &str) -> String {
    if https_problem(url).is_none() {
        format!(
            "<a href=\"{}\" rel=\"noopener noreferrer\">{}</a>",
            escape(url.trim()),
            escape(label)
        )
    } else {
        format!("{} ({})", escape(label), escape(url))
    }
}

/// The contact button: Learn How is a link when its URL is https; Contact Us shows the
/// address its leads go to (a `mailto:` is not https, so it is text, not a link).
fn contact_button(contact: &Contact) -> String {
    match contact.button.as_str() {
        "learn_how" => {
            let url = contact.url.as_deref().unwrap_or_default();
            if https_problem(url).is_none() {
                format!(
                    "<p><a class=\"button\" href=\"{}\" rel=\"noopener noreferrer\">Learn How</a></p>",
                    escape(url.trim())
                )
            } else {
                format!(
                    "<p><span class=\"button\">Learn How</span></p><p class=\"small\">{}</p>",
                    escape(url)
                )
            }
        }
        _ => format!(
            "<p><span class=\"button\">Contact Us</span></p><p class=\"small\">Leads go to {}</p>",
            escape(contact.email.as_deref().unwrap_or("(no address yet)"))
        ),
    }
}

fn paragraphs(text: &str) -> String {
    text.split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("<p>{}</p>", escape(p.trim()).replace('\n', "<br>")))
        .collect()
}

const STYLE: &str = "body{font-family:system-ui,sans-serif;margin:0;background:#f4f5f7;color:#1d2733}\
main{max-width:1080px;margin:0 auto;padding:24px;display:grid;grid-template-columns:1fr 300px;gap:24px}\
header{grid-column:1/3;display:flex;gap:20px;align-items:center;background:#fff;padding:20px;border-radius:8px}\
header img{width:100px;height:100px;border-radius:8px;object-fit:cover}\
h1{margin:0;font-size:28px}.tagline{margin:4px 0;color:#4b5563}section,aside{background:#fff;padding:20px;border-radius:8px}\
.shots{display:flex;gap:12px;overflow-x:auto}.shots img{height:220px;border-radius:6px}\
aside dt{font-weight:600;margin-top:12px}aside dd{margin:2px 0}.button{display:inline-block;background:#f47e42;color:#fff;padding:8px 16px;border-radius:4px;text-decoration:none}\
section{margin-bottom:16px}.note{grid-column:1/3;color:#6b7280;font-size:13px}.small,.missing{color:#6b7280;font-size:13px}";

/// The page, whole: a header (logo, name, tagline, built by), then the integration summary,
/// "How it works", the features, the screenshots and the video's name (a video is not inlined:
/// it may be large, and the policy has no media source), beside a sidebar with the contact
/// button and the details. One file: nothing is fetched, nothing runs.
pub fn preview_html(listing: &Listing) -> String {
    let d = &listing.details;
    let mut html = String::new();
    let _ = write!(
        html,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">\n\
         <meta name=\"viewport\" content=\"width=device-width\">\n<title>{} — Marketplace listing preview</title>\n<style>{STYLE}</style>\n</head>\n<body>\n<main>\n",
        escape(&listing.name)
    );
    html.push_str("<header>");
    if let Some(url) = listing.logo.as_ref().and_then(image_data_url) {
        let _ = write!(html, "<img src=\"{url}\" alt=\"\">");
    }
    let _ = write!(
        html,
        "<div><h1>{}</h1><p class=\"tagline\">{}</p>",
        escape(&listing.name),
        escape(&listing.tagline)
    );
    if let Some(by) = d.built_by.as_deref().filter(|b| !b.is_empty()) {
        let _ = write!(html, "<p>Built by {}</p>", escape(by));
    }
    html.push_str("</div></header>\n<div>\n");
    let _ = writeln!(
        html,
        "<section><h2>Integration summary</h2>{}</section>",
        paragraphs(&listing.summary)
    );
    let _ = writeln!(
        html,
        "<section><h2>How it works</h2>{}</section>",
        paragraphs(&listing.how_it_works)
    );
    html.push_str("<section><h2>Features</h2><ul>");
    for feature in listing.features.iter().filter(|f| !f.trim().is_empty()) {
        let _ = write!(html, "<li>{}</li>", escape(feature));
    }
    html.push_str("</ul></section>\n");
    if !listing.screenshots.is_empty() {
        html.push_str("<section><h2>Screenshots</h2><div class=\"shots\">");
        for shot in &listing.screenshots {
            match image_data_url(shot) {
                Some(url) => {
                    let _ = write!(
                        html,
                        "<img src=\"{url}\" alt=\"{}\">",
                        escape(&shot.file_name)
                    );
                }
                // Only what the header proves is a PNG or JPEG is inlined.
                None => {
                    let _ = write!(
                        html,
                        "<p class=\"missing\">{} is not a PNG or JPEG and is not shown.</p>",
                        escape(&shot.file_name)
                    );
                }
            }
        }
        html.push_str("</div></section>\n");
    }
    if let Some(video) = &listing.video {
        let _ = writeln!(
            html,
            "<section><h2>Video</h2><p>{} (shown on the Marketplace page)</p></section>",
            escape(&video.file_name)
        );
    }
    html.push_str("</div>\n<aside>");
    if let Some(contact) = &d.contact {
        html.push_str(&contact_button(contact));
    }
    html.push_str("<dl>");
    let mut item = |label: &str, value: String| {
        if !value.is_empty() {
            let _ = write!(html, "<dt>{label}</dt><dd>{value}</dd>");
        }
    };
    item("Categories", escape(&d.categories.join(", ")));
    item(
        "Sold by",
        d.sold_by.as_deref().map(escape).unwrap_or_default(),
    );
    if let Some(p) = &d.pricing {
        let yes = |b: bool| if b { "Yes" } else { "No" };
        item(
            "Pricing",
            format!(
                "Subscription required: {}<br>Third-party connector: {}<br>Free trial: {}{}",
                yes(p.subscription_required),
                yes(p.third_party_connector),
                yes(p.free_trial),
                if p.details.is_empty() {
                    String::new()
                } else {
                    format!("<br>{}", escape(&p.details))
                }
            ),
        );
    }
    item("Regions", escape(&d.regions.join(", ")));
    item(
        "Installation",
        match d.installation.as_deref() {
            Some("allow") => "Customers can install from the Marketplace".into(),
            Some("disallow") => "Installation by request".into(),
            _ => String::new(),
        },
    );
    item(
        "Support",
        [
            d.support_email.as_deref().map(escape).unwrap_or_default(),
            d.support_url
                .as_deref()
                .map(|u| link(u, u))
                .unwrap_or_default(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("<br>"),
    );
    item(
        "Helpful links",
        d.helpful_links
            .iter()
            .map(|l| link(&l.url, &l.label))
            .collect::<Vec<_>>()
            .join("<br>"),
    );
    item(
        "Required Procore tools",
        d.required_tools
            .iter()
            .map(|t| format!("{} ({})", escape(&t.tool), escape(&t.level)))
            .collect::<Vec<_>>()
            .join("<br>"),
    );
    html.push_str("</dl></aside>\n<p class=\"note\">A preview made by Plumbline from the listing draft; the Marketplace page may differ in detail.</p>\n</main>\n</body>\n</html>\n");
    html
}

#[cfg(test)]
mod tests {
    use super::base64;

    #[test]
    fn base64_matches_the_rfc_4648_vectors() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
    }
}
