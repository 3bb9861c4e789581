//! Calendar dates from Unix seconds, as Procore writes them.

/// `YYYY-MM-DD` for the UTC day holding `unix`.
pub fn ymd(unix: i64) -> String {
    plumbline_domain::Day(unix.div_euclid(86_400) as i32).to_string()
}

#[cfg(test)]
mod tests {
    #[test]
    fn known_dates() {
        assert_eq!(super::ymd(0), "1970-01-01");
        assert_eq!(super::ymd(1_709_164_800), "2024-02-29");
        assert_eq!(super::ymd(1_795_000_000), "2026-11-18");
    }
}
