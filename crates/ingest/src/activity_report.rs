//! The API Call Activity Report: `Date, Response Code, HTTP Method, Normalized Route, Count`,
//! one row per day, status, method and route. Streamed: a report can hold millions of rows.

use plumbline_domain::Day;

use crate::ImportError;
use crate::columns::{ColumnMapping, Field, Header};
use crate::reader::{Source, csv_error};
use crate::values::{parse_count, parse_date, shorten};

const FIELDS: &[Field] = &[
    Field::Date,
    Field::Status,
    Field::Method,
    Field::Route,
    Field::Count,
];

/// One row, borrowed from the parser's buffer.
pub(crate) struct ActivityRow<'a> {
    pub day: Day,
    pub status: u16,
    pub method: &'a str,
    pub route: &'a str,
    pub count: u64,
}

/// What the report held, for the preview and the import record.
#[derive(Debug, Default)]
pub(crate) struct ActivityStats {
    pub rows: u64,
    pub calls: u64,
    pub span: Option<(Day, Day)>,
    pub columns: Vec<ColumnMapping>,
}

fn text<'a>(
    record: &'a csv::ByteRecord,
    header: &Header,
    index: usize,
    line: u64,
) -> Result<&'a str, ImportError> {
    std::str::from_utf8(record.get(index).unwrap_or_default())
        .map(str::trim)
        .map_err(|_| {
            ImportError::at(
                line,
                Some(header.name(index)),
                "this cell is not UTF-8 text: save the file as \"CSV UTF-8\" and try again",
            )
        })
}

fn header(source: &mut Source, record: &mut csv::ByteRecord) -> Result<Header, ImportError> {
    loop {
        match source.csv.read_byte_record(record) {
            Ok(true) => {}
            Ok(false) => {
                return Err(ImportError::Empty(
                    "The file is empty: download the API Call Activity Report again.".into(),
                ));
            }
            Err(e) => return Err(csv_error(&e)),
        }
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let line = record.position().map(|p| p.line()).unwrap_or(1);
        let names: Vec<String> = record
            .iter()
            .map(|f| String::from_utf8_lossy(f).trim().to_owned())
            .collect();
        let header = Header::new(names, FIELDS);
        let missing: Vec<&str> = [
            (Field::Date, "Date"),
            (Field::Status, "Response Code"),
            (Field::Method, "HTTP Method"),
            (Field::Route, "Normalized Route"),
            (Field::Count, "Count"),
        ]
        .into_iter()
        .filter(|(f, _)| !header.has(*f))
        .map(|(_, name)| name)
        .collect();
        if !missing.is_empty() {
            return Err(ImportError::at(
                line,
                None,
                format!(
                    "the header lacks {} (found: {}). Is this the API Call Activity Report?",
                    missing.join(", "),
                    shorten(&header.names.join(", "))
                ),
            ));
        }
        return Ok(header);
    }
}

/// Reads every row, handing each to `each`; `progress` gets bytes and rows read so far.
pub(crate) fn parse(
    source: &mut Source,
    mut each: impl FnMut(ActivityRow<'_>) -> Result<(), ImportError>,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<ActivityStats, ImportError> {
    let mut record = csv::ByteRecord::new();
    let header = header(source, &mut record)?;
    let [date, status, method, route, count] = [
        Field::Date,
        Field::Status,
        Field::Method,
        Field::Route,
        Field::Count,
    ]
    .map(|f| header.index(f).unwrap_or(0));
    let mut stats = ActivityStats {
        columns: header.mapping(),
        ..ActivityStats::default()
    };
    loop {
        match source.csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(&e)),
        }
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let cell = |index| text(&record, &header, index, line);
        let at = |index: usize, message: String| {
            ImportError::at(line, Some(header.name(index)), message)
        };

        let date_text = cell(date)?;
        let day = parse_date(date_text).ok_or_else(|| {
            at(
                date,
                format!(
                    "“{}” is not a date; dates must be YYYY-MM-DD or MM/DD/YYYY",
                    shorten(date_text)
                ),
            )
        })?;
        let status_text = cell(status)?;
        let status_code = status_text
            .parse::<u16>()
            .ok()
            .filter(|s| (100..=599).contains(s))
            .ok_or_else(|| {
                at(
                    status,
                    format!("“{}” is not an HTTP status code", shorten(status_text)),
                )
            })?;
        let method_text = cell(method)?;
        if method_text.is_empty()
            || method_text.len() > 10
            || !method_text.bytes().all(|b| b.is_ascii_alphabetic())
        {
            return Err(at(
                method,
                format!("“{}” is not an HTTP method", shorten(method_text)),
            ));
        }
        let route_text = cell(route)?;
        if !route_text.starts_with('/')
            || route_text.len() > 2_000
            || route_text.chars().any(char::is_control)
        {
            return Err(at(
                route,
                format!(
                    "“{}” is not a route (routes start with /)",
                    shorten(route_text)
                ),
            ));
        }
        let calls = parse_count(cell(count)?)
            .map_err(|m| at(count, m))?
            .ok_or_else(|| at(count, "the count is missing".into()))?;

        let upper;
        let method_text = if method_text.bytes().all(|b| b.is_ascii_uppercase()) {
            method_text
        } else {
            upper = method_text.to_ascii_uppercase();
            upper.as_str()
        };
        each(ActivityRow {
            day,
            status: status_code,
            method: method_text,
            route: route_text,
            count: calls,
        })?;
        stats.rows += 1;
        stats.calls += calls;
        stats.span = Some(match stats.span {
            None => (day, day),
            Some((a, b)) => (a.min(day), b.max(day)),
        });
        if stats.rows.is_multiple_of(16_384) {
            progress(source.bytes_read(), stats.rows);
        }
    }
    if stats.rows == 0 {
        return Err(ImportError::Empty(
            "The report has a header but no rows: there is nothing to import.".into(),
        ));
    }
    Ok(stats)
}
