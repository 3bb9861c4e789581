//! The desktop's interface font, handed to the page so it draws in the same family as the
//! rest of the desktop.
//!
//! CSS's `system-ui` would say the same, but WebKitGTK hands it to fontconfig as a family name:
//! where none of fontconfig's `system-ui` fonts is installed the lookup fails and is repeated
//! with the next family, for every weight and size on the page (~5 ms each on the benchmark
//! machine). GTK already knows the answer.

/// The family GTK draws its own widgets in (`gtk-font-name`, e.g. "Cantarell 11" gives
/// "Cantarell"), as a CSS family: a generic alias such as GTK's default "Sans" becomes the
/// CSS keyword. None where there is no GTK setting to read.
pub(crate) fn family() -> Option<String> {
    #[cfg(target_os = "linux")]
    {
        use gtk::prelude::GtkSettingsExt;
        let name = gtk::Settings::default()?.gtk_font_name()?;
        let description = gtk::pango::FontDescription::from_string(&name);
        css_family(description.family()?.as_str())
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// The first family of a Pango family list, generic aliases spelled the CSS way.
fn css_family(pango_families: &str) -> Option<String> {
    let first = pango_families.split(',').next()?.trim();
    let generic = match first.to_ascii_lowercase().as_str() {
        "sans" | "sans-serif" | "sans serif" => Some("sans-serif"),
        "serif" => Some("serif"),
        "monospace" | "mono" => Some("monospace"),
        "system-ui" => Some("system-ui"),
        _ => None,
    };
    match generic {
        Some(keyword) => Some(keyword.to_owned()),
        None if first.is_empty() || first.chars().any(char::is_control) => None,
        None => Some(first.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::css_family;

    #[test]
    fn names_the_first_family_and_spells_generic_aliases_the_css_way() {
        assert_eq!(css_family("Cantarell").as_deref(), Some("Cantarell"));
        assert_eq!(css_family("Noto Sans, Sans").as_deref(), Some("Noto Sans"));
        assert_eq!(css_family("Sans").as_deref(), Some("sans-serif"));
        assert_eq!(css_family(" sans serif ").as_deref(), Some("sans-serif"));
        assert_eq!(css_family("Monospace").as_deref(), Some("monospace"));
        assert_eq!(css_family(""), None);
        assert_eq!(css_family("Bad\nFont"), None);
    }
}
