//! The Developer Portal's metrics export: a daily table (Date, Marketplace Visits or Views,
//! Installations, Uninstalls) and an activity list (Date, Company, INSTALLED/UNINSTALLED),
//! in either order, each under its own header (and perhaps a one-cell title line).

use std::collections::{BTreeMap, HashMap};

use plumbline_domain::{DailyMetric, Day};

use crate::ImportError;
use crate::columns::{ColumnMapping, Field, Header};
use crate::reader::{Source, csv_error};
use crate::values::{parse_count, parse_date, shorten};

const FIELDS: &[Field] = &[
    Field::Date,
    Field::Views,
    Field::Installs,
    Field::Uninstalls,
    Field::Event,
    Field::Company,
];

/// How many one-cell title lines ("Activity") may stand before a header.
const MAX_TITLE_LINES: u32 = 3;

/// The export, read in full (a few thousand rows even for a decade).
#[derive(Debug, Default)]
pub(crate) struct MetricsFile {
    /// `[views, installs, uninstalls]` per day of the daily table.
    daily: BTreeMap<Day, [Option<u64>; 3]>,
    /// `(installs, uninstalls)` per day of the activity list.
    activity: BTreeMap<Day, (u64, u64)>,
    has_activity: bool,
    pub(crate) rows: u64,
    pub(crate) columns: Vec<ColumnMapping>,
}

enum Section {
    Between { titles: u32 },
    Daily(Header),
    Activity(Header),
}

fn cells(record: &csv::ByteRecord, line: u64) -> Result<Vec<&str>, ImportError> {
    record
        .iter()
        .map(|field| {
            std::str::from_utf8(field).map_err(|_| {
                ImportError::at(
                    line,
                    None,
                    "this line is not UTF-8 text: is the file a CSV export? Save it as \"CSV UTF-8\" and try again",
                )
            })
        })
        .collect()
}

fn day_at(header: &Header, row: &[&str], line: u64) -> Result<Day, ImportError> {
    let index = header.index(Field::Date).unwrap_or(0);
    let text = row.get(index).copied().unwrap_or_default();
    parse_date(text).ok_or_else(|| {
        ImportError::at(
            line,
            Some(header.name(index)),
            format!(
                "“{}” is not a date; dates must be YYYY-MM-DD or MM/DD/YYYY",
                shorten(text)
            ),
        )
    })
}

fn count_at(
    header: &Header,
    row: &[&str],
    line: u64,
    field: Field,
) -> Result<Option<u64>, ImportError> {
    let Some(index) = header.index(field) else {
        return Ok(None);
    };
    parse_count(row.get(index).copied().unwrap_or_default())
        .map_err(|m| ImportError::at(line, Some(header.name(index)), m))
}

fn start_section(
    row: &[&str],
    line: u64,
    titles: u32,
    file: &mut MetricsFile,
) -> Result<Section, ImportError> {
    let header = Header::new(row.iter().map(|c| c.trim().to_owned()).collect(), FIELDS);
    let metrics = [Field::Views, Field::Installs, Field::Uninstalls];
    let has_metric = metrics.iter().any(|f| header.has(*f));
    let found = || shorten(&row.join(", "));
    if header.has(Field::Date) && has_metric {
        file.columns.extend(header.mapping());
        return Ok(Section::Daily(header));
    }
    if header.has(Field::Date) && header.has(Field::Event) {
        file.columns.extend(header.mapping());
        return Ok(Section::Activity(header));
    }
    let non_empty = row.iter().filter(|c| !c.trim().is_empty()).count();
    if non_empty == 1 && titles < MAX_TITLE_LINES && row.concat().chars().count() <= 100 {
        return Ok(Section::Between { titles: titles + 1 });
    }
    let message = if header.has(Field::Date) {
        format!(
            "this header has a date but no column for listing views (Marketplace Visits or Views), Installations or Uninstalls, nor an Event column (found: {})",
            found()
        )
    } else if has_metric {
        format!("this header has no Date column (found: {})", found())
    } else {
        format!(
            "expected a header naming Date and Marketplace Visits (or Views), Installations or Uninstalls; found “{}”. Is this the metrics export?",
            found()
        )
    };
    Err(ImportError::at(line, None, message))
}

/// Reads the whole export; `progress` gets the bytes read so far.
pub(crate) fn parse(
    source: &mut Source,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<MetricsFile, ImportError> {
    let mut file = MetricsFile::default();
    let mut section = Section::Between { titles: 0 };
    let mut daily_lines: HashMap<Day, u64> = HashMap::new();
    let mut record = csv::ByteRecord::new();
    let mut headers = 0;
    loop {
        match source.csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(&e)),
        }
        let line = record.position().map(|p| p.line()).unwrap_or(0);
        let row = cells(&record, line)?;
        if row.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        // The CSV reader skips blank lines, so a table ends where the next one's title or
        // header begins: a line with one text cell, or one that reads as a header.
        if !matches!(section, Section::Between { .. }) {
            let non_empty = row.iter().filter(|c| !c.trim().is_empty()).count();
            let first = row.first().copied().unwrap_or_default();
            if non_empty == 1 && parse_date(first).is_none() {
                section = Section::Between { titles: 0 };
            } else if let Ok(next @ (Section::Daily(_) | Section::Activity(_))) =
                start_section(&row, line, MAX_TITLE_LINES, &mut MetricsFile::default())
            {
                file.columns.extend(match &next {
                    Section::Daily(h) | Section::Activity(h) => h.mapping(),
                    Section::Between { .. } => Vec::new(),
                });
                section = next;
                headers += 1;
                continue;
            }
        }
        match &section {
            Section::Between { titles } => {
                section = start_section(&row, line, *titles, &mut file)?;
                if !matches!(section, Section::Between { .. }) {
                    headers += 1;
                }
            }
            Section::Daily(header) => {
                let day = day_at(header, &row, line)?;
                let values = [
                    count_at(header, &row, line, Field::Views)?,
                    count_at(header, &row, line, Field::Installs)?,
                    count_at(header, &row, line, Field::Uninstalls)?,
                ];
                if let Some(first) = daily_lines.insert(day, line) {
                    return Err(ImportError::at(
                        line,
                        Some(header.name(header.index(Field::Date).unwrap_or(0))),
                        format!("{day} is already on line {first}; each day may appear once"),
                    ));
                }
                file.daily.insert(day, values);
                file.rows += 1;
            }
            Section::Activity(header) => {
                let day = day_at(header, &row, line)?;
                let index = header.index(Field::Event).unwrap_or(0);
                let event = row.get(index).copied().unwrap_or_default().trim();
                let entry = file.activity.entry(day).or_default();
                match event.to_ascii_uppercase().as_str() {
                    "INSTALLED" | "INSTALL" | "INSTALLATION" => entry.0 += 1,
                    "UNINSTALLED" | "UNINSTALL" | "UNINSTALLATION" => entry.1 += 1,
                    _ => {
                        return Err(ImportError::at(
                            line,
                            Some(header.name(index)),
                            format!("“{}” is neither INSTALLED nor UNINSTALLED", shorten(event)),
                        ));
                    }
                }
                file.has_activity = true;
                file.rows += 1;
            }
        }
        if file.rows.is_multiple_of(4096) {
            progress(source.bytes_read(), file.rows);
        }
    }
    if headers == 0 {
        return Err(ImportError::Empty(
            "The file has no header naming Date and Marketplace Visits, Installations or Uninstalls: is it the Developer Portal's metrics export?".into(),
        ));
    }
    if file.rows == 0 {
        return Err(ImportError::Empty(
            "The file has a header but no rows: there is nothing to import. Download the export again once the portal shows metrics."
                .into(),
        ));
    }
    Ok(file)
}

impl MetricsFile {
    /// The numbers to store. Per day and metric the daily table's number wins; the activity
    /// list supplies what the table lacks (2022-era exports have no Uninstalls column). Where
    /// an activity list is present it is the whole history, so a day without events there
    /// had none.
    pub(crate) fn values(&self) -> Vec<(Day, DailyMetric, u64)> {
        let mut out = Vec::new();
        let from_activity = |day: &Day| {
            self.has_activity
                .then(|| self.activity.get(day).copied().unwrap_or_default())
        };
        for (day, [views, installs, uninstalls]) in &self.daily {
            let events = from_activity(day);
            if let Some(v) = views {
                out.push((*day, DailyMetric::Views, *v));
            }
            if let Some(i) = installs.or(events.map(|e| e.0)) {
                out.push((*day, DailyMetric::Installs, i));
            }
            if let Some(u) = uninstalls.or(events.map(|e| e.1)) {
                out.push((*day, DailyMetric::Uninstalls, u));
            }
        }
        for (day, (installs, uninstalls)) in &self.activity {
            if !self.daily.contains_key(day) {
                out.push((*day, DailyMetric::Installs, *installs));
                out.push((*day, DailyMetric::Uninstalls, *uninstalls));
            }
        }
        out
    }

    pub(crate) fn span(&self) -> Option<(Day, Day)> {
        let first = [self.daily.keys().next(), self.activity.keys().next()]
            .into_iter()
            .flatten()
            .min()?;
        let last = [
            self.daily.keys().next_back(),
            self.activity.keys().next_back(),
        ]
        .into_iter()
        .flatten()
        .max()?;
        Some((*first, *last))
    }
}
