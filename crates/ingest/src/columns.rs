//! Column mapping by header name: case, spacing and punctuation do not matter, and the names
//! Procore has used over the years are all accepted.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    Date,
    Views,
    Installs,
    Uninstalls,
    Event,
    Company,
    Status,
    Method,
    Route,
    Count,
}

impl Field {
    pub(crate) fn label(self) -> &'static str {
        match self {
            Field::Date => "date",
            Field::Views => "listing views",
            Field::Installs => "installations",
            Field::Uninstalls => "uninstalls",
            Field::Event => "event (INSTALLED/UNINSTALLED)",
            Field::Company => "company",
            Field::Status => "response code",
            Field::Method => "HTTP method",
            Field::Route => "normalized route",
            Field::Count => "call count",
        }
    }
}

/// Header names as compared: lower case, letters and digits only.
fn key(header: &str) -> String {
    header
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect()
}

const ALIASES: &[(Field, &[&str])] = &[
    (
        Field::Date,
        &["date", "day", "eventdate", "timestamp", "datetime", "time"],
    ),
    (
        Field::Views,
        &[
            "marketplacevisits",
            "visits",
            "views",
            "listingviews",
            "pageviews",
            "marketplaceviews",
        ],
    ),
    (
        Field::Installs,
        &[
            "installations",
            "installs",
            "install",
            "newinstalls",
            "newinstallations",
        ],
    ),
    (
        Field::Uninstalls,
        &["uninstalls", "uninstallations", "uninstall", "removals"],
    ),
    (
        Field::Event,
        &["event", "action", "activity", "eventtype", "type"],
    ),
    (
        Field::Company,
        &["company", "companyname", "companyid", "customer"],
    ),
    (
        Field::Status,
        &["responsecode", "statuscode", "status", "httpstatus", "code"],
    ),
    (Field::Method, &["httpmethod", "method", "verb"]),
    (
        Field::Route,
        &["normalizedroute", "route", "path", "endpoint"],
    ),
    (
        Field::Count,
        &["count", "calls", "requests", "callcount", "total"],
    ),
];

pub(crate) fn field_of(header: &str) -> Option<Field> {
    let k = key(header);
    ALIASES
        .iter()
        .find(|(_, names)| names.contains(&k.as_str()))
        .map(|(field, _)| *field)
}

/// How one column of the file was read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct ColumnMapping {
    /// The header as the file wrote it.
    pub header: String,
    /// What Plumbline reads it as; `None` when it could not map it (the column is ignored).
    pub reads_as: Option<String>,
}

/// A header line: each column's field, if any.
#[derive(Debug, Clone)]
pub(crate) struct Header {
    pub names: Vec<String>,
    pub fields: Vec<Option<Field>>,
}

impl Header {
    /// Reads a header line; only `allowed` fields are mapped (a "Total" column means nothing
    /// in a metrics export).
    pub(crate) fn new(names: Vec<String>, allowed: &[Field]) -> Self {
        let mut fields: Vec<Option<Field>> = Vec::with_capacity(names.len());
        for name in &names {
            let field = field_of(name).filter(|f| allowed.contains(f));
            // A second column mapping to the same field is reported, not read.
            let taken = field.is_some() && fields.contains(&field);
            fields.push(if taken { None } else { field });
        }
        Self { names, fields }
    }

    pub(crate) fn index(&self, field: Field) -> Option<usize> {
        self.fields.iter().position(|f| *f == Some(field))
    }

    pub(crate) fn has(&self, field: Field) -> bool {
        self.index(field).is_some()
    }

    pub(crate) fn mapping(&self) -> Vec<ColumnMapping> {
        self.names
            .iter()
            .zip(&self.fields)
            .map(|(name, field)| ColumnMapping {
                header: name.clone(),
                reads_as: field.map(|f| f.label().to_owned()),
            })
            .collect()
    }

    pub(crate) fn name(&self, index: usize) -> &str {
        self.names.get(index).map(String::as_str).unwrap_or("?")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_map_by_name_whatever_their_case_and_spacing() {
        assert_eq!(field_of("Marketplace Visits"), Some(Field::Views));
        assert_eq!(field_of("  VIEWS "), Some(Field::Views));
        assert_eq!(field_of("Installs"), Some(Field::Installs));
        assert_eq!(field_of("Normalized_Route"), Some(Field::Route));
        assert_eq!(field_of("HTTP Method"), Some(Field::Method));
        assert_eq!(field_of("Response Code"), Some(Field::Status));
        assert_eq!(field_of("Revenue"), None);
        let header = Header::new(
            vec![
                "Date".into(),
                "Views".into(),
                "Visits".into(),
                "Total".into(),
            ],
            &[Field::Date, Field::Views],
        );
        assert_eq!(header.index(Field::Views), Some(1));
        assert_eq!(
            header.mapping()[2].reads_as,
            None,
            "a second views column is not read"
        );
        assert_eq!(
            header.mapping()[3].reads_as,
            None,
            "not a field of this kind of file"
        );
    }
}
