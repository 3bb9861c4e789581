//! Cell values: dates as the portal and spreadsheets write them, and counts.

use plumbline_domain::Day;

/// A date in ISO form (`2026-03-09`, optionally followed by a time) or US form
/// (`3/9/2026`, `03/09/2026`, optionally followed by a time). Procore is a US company and its
/// exports opened in a US spreadsheet come back in US form; day-first dates are not guessed.
pub(crate) fn parse_date(text: &str) -> Option<Day> {
    let text = text.trim().trim_matches('"');
    // Drop a time part: `2026-03-09T10:00:00Z`, `2026-03-09 10:00`, `3/9/2026 10:00 AM`.
    let date = text.split(['T', ' ']).next().unwrap_or(text);
    if date.len() == 10 && date.as_bytes()[4] == b'-' {
        return Day::parse_iso(date);
    }
    let mut parts = date.split('/');
    let (m, d, y) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some()
        || y.len() != 4
        || m.is_empty()
        || d.is_empty()
        || m.len() > 2
        || d.len() > 2
    {
        return None;
    }
    let number = |s: &str| -> Option<u32> {
        s.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| s.parse().ok())?
    };
    Day::from_ymd(number(y)? as i32, number(m)?, number(d)?)
}

/// A count: digits, optionally with thousands separators (`1,234` in a quoted cell). Empty
/// means "no number". Negative, fractional and other text are refused with the reason.
pub(crate) fn parse_count(text: &str) -> Result<Option<u64>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    // Only a grouped number ("1,234") needs a copy without its commas.
    let grouped;
    let digits: &str = if looks_grouped(text) {
        grouped = text.replace(',', "");
        &grouped
    } else {
        text
    };
    if let Some(rest) = digits.strip_prefix('-')
        && !rest.is_empty()
        && rest.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    {
        return Err(format!("“{text}” is negative; a count cannot be"));
    }
    if !digits.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("“{}” is not a whole number", shorten(text)));
    }
    digits
        .parse()
        .map(Some)
        .map_err(|_| format!("“{}” is too large", shorten(text)))
}

fn looks_grouped(text: &str) -> bool {
    let mut groups = text.split(',');
    let first = groups.next().unwrap_or_default();
    text.contains(',')
        && (1..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_digit())
        && groups.all(|g| g.len() == 3 && g.bytes().all(|b| b.is_ascii_digit()))
}

/// At most 40 characters of a cell, for messages (a garbage cell can be megabytes long).
pub(crate) fn shorten(text: &str) -> String {
    let mut out: String = text.chars().take(40).collect();
    if text.chars().nth(40).is_some() {
        out.push('…');
    }
    out.chars()
        .map(|c| if c.is_control() { '�' } else { c })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_iso_and_us_forms_and_nothing_else() {
        let d = |s| parse_date(s).map(|d| d.to_string());
        assert_eq!(d("2026-03-09").as_deref(), Some("2026-03-09"));
        assert_eq!(d("2026-03-09T10:00:00Z").as_deref(), Some("2026-03-09"));
        assert_eq!(d("3/9/2026").as_deref(), Some("2026-03-09"));
        assert_eq!(d("03/09/2026 10:15 AM").as_deref(), Some("2026-03-09"));
        for bad in [
            "2026-02-30",
            "13/01/2026",
            "9 March 2026",
            "2026/03/09",
            "",
            "3/9/26",
        ] {
            assert_eq!(parse_date(bad), None, "{bad}");
        }
    }

    #[test]
    fn counts_are_whole_non_negative_numbers() {
        assert_eq!(parse_count(" 42 "), Ok(Some(42)));
        assert_eq!(parse_count("1,234"), Ok(Some(1234)));
        assert_eq!(parse_count(""), Ok(None));
        assert!(parse_count("-3").unwrap_err().contains("negative"));
        assert!(parse_count("2.5").unwrap_err().contains("whole number"));
        assert!(parse_count("12,34").unwrap_err().contains("whole number"));
        assert!(parse_count("abc").unwrap_err().contains("whole number"));
        assert!(
            parse_count("99999999999999999999999")
                .unwrap_err()
                .contains("too large")
        );
    }
}
