//! Reads `kpis.csv`: one row per KPI or data point and year, checked against the catalogue.

use std::collections::HashMap;
use std::io::Cursor;

use super::json::quoted;
use super::problems::{Place, Problem, Problems};
use crate::kpi::{Catalogue, Direction, KpiRecord, Measure, nearest};

/// The columns `kpis.csv` may have; the first four are required. `name` is for the reader of
/// the file (the KPI's or data point's name) and is not used.
const COLUMNS: [&str; 12] = [
    "code",
    "value",
    "year",
    "target",
    "data_point",
    "name",
    "unit",
    "direction",
    "local_target",
    "verified",
    "data_quality",
    "source",
];
const REQUIRED: usize = 4;
const DATA_QUALITY: [&str; 6] = [
    "measured",
    "survey",
    "higher-level",
    "estimate",
    "personal-estimate",
    "unknown",
];

/// The records of a read `kpis.csv`.
pub(crate) struct KpiTable {
    pub records: Vec<KpiRecord>,
}

/// The earliest year a KPI value may refer to; the latest is the edition's year.
const FIRST_YEAR: i32 = 1990;

/// Reads `kpis.csv`. `edition_year` bounds the years values may refer to; without it (an
/// unreadable edition date, reported in profile.json) only the catalogue's checks apply.
pub(crate) fn read(text: &str, edition_year: Option<i32>, p: &mut Problems) -> KpiTable {
    let catalogue = Catalogue::get();
    let separator = Separator::of(text);
    let mut reader = reader(text, separator);
    let Some(headers) = header_row(&mut reader, &COLUMNS, &COLUMNS[..REQUIRED], p) else {
        return KpiTable {
            records: Vec::new(),
        };
    };
    if p.has_errors() {
        return KpiTable {
            records: Vec::new(),
        };
    }
    let index: HashMap<&str, usize> = headers
        .iter()
        .enumerate()
        .map(|(i, h)| (h.as_str(), i))
        .collect();

    let mut records = Vec::new();
    // (kpi, data point, year) -> row, to find duplicates.
    let mut seen: HashMap<(usize, Option<usize>, Option<i32>), usize> = HashMap::new();
    for (row, record) in data_rows(&mut reader, p) {
        let cell = |name: &str| {
            index
                .get(name)
                .and_then(|&i| record.get(i))
                .map(str::trim)
                .filter(|s| !s.is_empty())
        };
        let at = |column: &str| Place::Csv {
            row,
            column: Some(column.to_string()),
        };

        let code = cell("code").unwrap_or_default();
        let Some((kpi, def)) = catalogue.find(code) else {
            if code.is_empty() {
                p.at(
                    at("code"),
                    "the KPI code is empty",
                    "write the KPI code, e.g. \"EC: ICT: ICT: 1C\"",
                );
            } else {
                p.at(
                    at("code"),
                    format!("unknown KPI code \"{}\"", shown(code)),
                    format!(
                        "did you mean \"{}\" ({})? `sscp kpis` lists every code",
                        catalogue.nearest(code).code,
                        catalogue.nearest(code).name
                    ),
                );
            }
            continue;
        };

        let data_point = match (cell("data_point"), def.data_points.is_empty()) {
            (None, true) => None,
            (Some(point), true) => {
                p.at(
                    at("data_point"),
                    format!(
                        "{} ({}) has no data points, but this row names \"{}\"",
                        def.code,
                        def.name,
                        shown(point)
                    ),
                    "leave data_point blank for this KPI",
                );
                None
            }
            (None, false) => {
                p.at(
                    at("data_point"),
                    format!("{} ({}) is reported per data point", def.code, def.name),
                    format!(
                        "write one row per data point: {}",
                        quoted(def.data_points.iter().map(|d| d.name.as_str()))
                    ),
                );
                continue;
            }
            (Some(point), false) => match def
                .data_points
                .iter()
                .position(|d| d.name.eq_ignore_ascii_case(point))
            {
                Some(i) => Some(i),
                None => {
                    p.at(
                        at("data_point"),
                        format!(
                            "\"{}\" is not a data point of {} ({})",
                            shown(point),
                            def.code,
                            def.name
                        ),
                        format!(
                            "use one of {}",
                            quoted(def.data_points.iter().map(|d| d.name.as_str()))
                        ),
                    );
                    continue;
                }
            },
        };

        let measure = |text: &str| measure(text, separator);
        let value = cell("value").and_then(|v| measure(v).or_else(|| {
            p.at(at("value"), not_a_figure(v), "write a number below one billion with a decimal point and no thousands separators (e.g. 1234.5), yes or no, or leave it blank for Not Reported");
            None
        }));
        let target = cell("target").and_then(|v| measure(v).or_else(|| {
            p.at(at("target"), not_a_figure(v), "write the benchmark as a number, yes or no, or leave it blank if there is no benchmark");
            None
        }));
        if let (Some(v), Some(t)) = (value, target)
            && std::mem::discriminant(&v) != std::mem::discriminant(&t)
        {
            p.at(
                at("target"),
                "the value and the target are of different kinds (a number and yes/no)",
                "give both as numbers or both as yes/no",
            );
        }
        let unit = cell("unit").unwrap_or(&def.unit);
        for (column, figure) in [("value", value), ("target", target)] {
            if let Some(Measure::Number(n)) = figure
                && let Some((message, fix)) = out_of_unit(n, unit)
            {
                p.at(at(column), format!("the {column} {message}"), fix);
            }
        }
        let last_year = edition_year.unwrap_or(2100);
        let year = cell("year").and_then(|y| match y.parse::<i32>() {
            Ok(n) if (FIRST_YEAR..=last_year).contains(&n) => Some(n),
            Ok(n) if n > last_year && n <= 2100 => {
                p.at(
                    at("year"),
                    format!("{n} is after the edition year ({last_year})"),
                    format!("year must be between {FIRST_YEAR} and the edition year: a value is reported for a year that has begun"),
                );
                None
            }
            _ => {
                p.at(
                    at("year"),
                    format!("\"{}\" is not a year", shown(y)),
                    format!("write the year the value refers to, between {FIRST_YEAR} and {last_year}, e.g. 2024"),
                );
                None
            }
        });
        if value.is_some() && cell("year").is_none() {
            p.at(
                at("year"),
                "a reported value needs the year it refers to",
                "add the year, e.g. 2024",
            );
        }
        let direction = cell("direction").and_then(|d| Direction::parse(d).or_else(|| {
            p.at(at("direction"), format!("\"{}\" is not a direction", shown(d)), "write higher or lower (which is better), or leave it blank for the catalogue's");
            None
        }));
        let better = direction
            .unwrap_or_else(|| data_point.map_or(def.direction, |i| def.data_points[i].direction));
        if better == Direction::Higher && matches!(target, Some(Measure::Number(n)) if n == 0.0) {
            p.at(
                at("target"),
                "a target of zero cannot be scored where higher is better: every value would be 100 % of it",
                "write the benchmark from the verification report, or leave target blank (N/A) if the KPI has none; a zero target only makes sense where lower is better (direction lower)",
            );
        }
        let local_target = cell("local_target").and_then(|v| match measure(v) {
            Some(Measure::Number(n)) => Some(n),
            _ => {
                p.at(
                    at("local_target"),
                    not_a_figure(v),
                    "write the city's own target as a number, or leave it blank",
                );
                None
            }
        });
        let verified = cell("verified").and_then(|v| match v.to_ascii_lowercase().as_str() {
            "yes" => Some(true),
            "no" => Some(false),
            _ => {
                p.at(
                    at("verified"),
                    format!("\"{}\" is not yes or no", shown(v)),
                    "write yes or no",
                );
                None
            }
        });
        let data_quality = cell("data_quality").and_then(|q| {
            let q = q.to_ascii_lowercase();
            if DATA_QUALITY.contains(&q.as_str()) {
                Some(q)
            } else {
                p.at(
                    at("data_quality"),
                    format!("\"{}\" is not a data quality", shown(&q)),
                    format!("use one of {}", quoted(DATA_QUALITY.into_iter())),
                );
                None
            }
        });

        // A row whose value or year could not be read is reported above; it takes no part in
        // the checks across rows, which would only repeat the problem in other words.
        if (cell("value").is_some() && value.is_none()) || (value.is_some() && year.is_none()) {
            continue;
        }
        let key = (kpi, data_point, if value.is_some() { year } else { None });
        if let Some(first) = seen.insert(key, row) {
            let which =
                data_point.map_or(String::new(), |i| format!(" {}", def.data_points[i].name));
            let when = key
                .2
                .map_or("without a value".to_string(), |y| format!("for {y}"));
            p.at(
                Place::Csv { row, column: None },
                format!(
                    "{}{which} is given twice {when} (rows {first} and {row})",
                    def.code
                ),
                "keep one of the two rows",
            );
        }
        // A source a spreadsheet would run as a formula: sscp's own CSVs make it inert, but
        // the city's kpis.csv is attached to the PDF as it was read.
        if let Some(source) = cell("source")
            && crate::csv_cells::inert(source) != source
        {
            let first: String = source.chars().take(1).collect();
            p.warn_at(
                at("source"),
                format!("the source begins with \"{}\", which a spreadsheet takes for a formula", first.escape_default()),
                "write the source as plain text (its title, publisher and address); kpi-results.csv gives it with an apostrophe in front so that it stays text, and the kpis.csv attached to the PDF keeps it as written",
            );
        }
        records.push(KpiRecord {
            kpi,
            data_point,
            value,
            unit: cell("unit").map(str::to_string),
            year: if value.is_some() { year } else { None },
            target,
            direction,
            local_target,
            verified,
            data_quality,
            source: cell("source").map(str::to_string),
        });
    }

    // A blank (Not Reported) row beside reported years of the same KPI is contradictory.
    // Reported in row order, so the messages come out the same every time.
    let mut blank_beside_values: Vec<(usize, usize, Option<usize>)> = seen
        .iter()
        .filter(|&(&(kpi, point, year), _)| {
            year.is_none()
                && seen
                    .keys()
                    .any(|&(k, d, y)| k == kpi && d == point && y.is_some())
        })
        .map(|(&(kpi, point, _), &row)| (row, kpi, point))
        .collect();
    blank_beside_values.sort_unstable();
    for (row, kpi, point) in blank_beside_values {
        let def = &catalogue.kpis[kpi];
        let which = point.map_or(String::new(), |i| format!(" {}", def.data_points[i].name));
        p.at(
            Place::Csv {
                row,
                column: Some("value".into()),
            },
            format!(
                "{}{which} has no value here but values in other rows",
                def.code
            ),
            "remove this row: the latest reported year is the result",
        );
    }

    let missing: Vec<&str> = catalogue
        .kpis
        .iter()
        .enumerate()
        .filter(|(i, _)| !records.iter().any(|r| r.kpi == *i))
        .map(|(_, k)| k.code.as_str())
        .collect();
    if !missing.is_empty() {
        p.warn_at(
            Place::File,
            format!(
                "{} of the 91 KPIs have no row in kpis.csv and are shown as Not Reported: {}",
                missing.len(),
                listed(&missing, 12)
            ),
            "add a row with a blank value for each KPI the city did not report, to confirm it (`sscp new` writes all 91)",
        );
    }
    KpiTable { records }
}

/// A cell's text as messages quote it: whole when short, else its start and "…" (a cell can
/// hold anything, up to the file's size limit).
pub(crate) fn shown(text: &str) -> String {
    const LONGEST: usize = 40;
    if text.chars().count() <= LONGEST {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(LONGEST).collect::<String>())
    }
}

/// The first `shown` items, and how many more there are.
fn listed(items: &[&str], shown: usize) -> String {
    if items.len() <= shown {
        return items.join(", ");
    }
    format!(
        "{} and {} more",
        items[..shown].join(", "),
        items.len() - shown
    )
}

/// The field separator of a `kpis.csv`. Spreadsheet programs in locales with a decimal comma
/// save "CSV" with semicolons; there a decimal comma is read as a decimal point.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Separator {
    Comma,
    Semicolon,
    Tab,
}

impl Separator {
    /// Decided by the header row: the separator it uses where a comma is absent.
    fn of(text: &str) -> Self {
        let header = text.lines().next().unwrap_or_default();
        if header.contains(',') {
            Separator::Comma
        } else if header.contains(';') {
            Separator::Semicolon
        } else if header.contains('\t') {
            Separator::Tab
        } else {
            Separator::Comma
        }
    }

    fn byte(self) -> u8 {
        match self {
            Separator::Comma => b',',
            Separator::Semicolon => b';',
            Separator::Tab => b'\t',
        }
    }
}

/// A reader for a city folder's CSV file, with the separator its header row uses.
pub(crate) fn csv_reader(text: &str) -> csv::Reader<Cursor<Vec<u8>>> {
    reader(text, Separator::of(text))
}

/// Reads a CSV header row as lower-case names and checks it with [`check_columns`]; `None`
/// (with the problem recorded) when the row cannot be read.
pub(crate) fn header_row<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    allowed: &[&str],
    required: &[&str],
    p: &mut Problems,
) -> Option<Vec<String>> {
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h
            .iter()
            .map(|s| s.trim().trim_start_matches('\u{feff}').to_ascii_lowercase())
            .collect(),
        Err(e) => {
            p.at(
                Place::Csv {
                    row: 1,
                    column: None,
                },
                format!("cannot read the header row: {e}"),
                "save the file as UTF-8 CSV with a header row",
            );
            return None;
        }
    };
    check_columns(&headers, allowed, required, p);
    Some(headers)
}

/// Checks a CSV header row: every column must be one of `allowed` (the nearest is suggested)
/// and every one of `required` must be there.
fn check_columns(headers: &[String], allowed: &[&str], required: &[&str], p: &mut Problems) {
    for (i, name) in headers.iter().enumerate() {
        if !allowed.contains(&name.as_str()) {
            p.at(
                Place::Csv {
                    row: 1,
                    column: Some(format!("{} ({name})", i + 1)),
                },
                format!("unknown column \"{name}\""),
                format!(
                    "rename it to \"{}\" if that is what you meant, or remove the column",
                    nearest(allowed, name)
                ),
            );
        }
    }
    for required in required {
        if !headers.iter().any(|h| h == required) {
            p.at(
                Place::Csv {
                    row: 1,
                    column: None,
                },
                format!("the required column \"{required}\" is missing"),
                format!("add a column headed \"{required}\" (see docs/input-format.md)"),
            );
        }
    }
}

/// The rows after the header that hold anything, with their row numbers; a row the CSV reader
/// cannot read (unbalanced quotes) is a problem at its row.
pub(crate) fn data_rows<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    p: &mut Problems,
) -> Vec<(usize, csv::StringRecord)> {
    let mut rows = Vec::new();
    for result in reader.records() {
        match result {
            Ok(record) if record.iter().all(|cell| cell.trim().is_empty()) => {}
            Ok(record) => {
                let row = record.position().map_or(0, |pos| pos.line() as usize);
                rows.push((row, record));
            }
            Err(e) => {
                let row = e.position().map_or(0, |pos| pos.line() as usize);
                p.at(
                    Place::Csv { row, column: None },
                    format!("cannot read this row: {e}"),
                    "check the quotes: a field with a comma or semicolon must be enclosed in double quotes",
                );
            }
        }
    }
    rows
}

fn reader(text: &str, separator: Separator) -> csv::Reader<Cursor<Vec<u8>>> {
    // The csv crate dates a record that follows a CRLF line end from the line before (its LF
    // is still unread when the record starts), which would number rows one too low.
    let text = text.replace("\r\n", "\n");
    csv::ReaderBuilder::new()
        .flexible(true)
        .delimiter(separator.byte())
        .from_reader(Cursor::new(text.into_bytes()))
}

/// Gives each problem at a cell the cell's text as written.
pub(crate) fn quote_cells(problems: &mut [Problem], text: &str) {
    let mut reader = csv_reader(text);
    let Ok(headers) = reader.headers().cloned() else {
        return;
    };
    let mut rows = HashMap::new();
    for record in reader.records().flatten() {
        if let Some(position) = record.position() {
            rows.insert(position.line() as usize, record);
        }
    }
    for problem in problems {
        let Place::Csv {
            row,
            column: Some(column),
        } = &problem.place
        else {
            continue;
        };
        let cell = headers
            .iter()
            .position(|h| {
                h.trim()
                    .trim_start_matches('\u{feff}')
                    .eq_ignore_ascii_case(column)
            })
            .and_then(|i| rows.get(row).and_then(|record| record.get(i)))
            .filter(|cell| !cell.trim().is_empty());
        problem.value = cell.map(|c| format!("\"{}\"", shown(c.trim())));
    }
}

/// What is wrong with a figure its unit rules out: shares above 100 %, a Gini coefficient
/// above 1, and negative counts, rates and shares (no U4SSC unit allows a negative figure).
fn out_of_unit(n: f64, unit: &str) -> Option<(String, String)> {
    let lower = unit.to_ascii_lowercase();
    if n < 0.0 {
        return Some((
            format!("{n} is negative, which a figure in \"{unit}\" cannot be"),
            "check the sign: KPI values are counts, rates or shares".to_string(),
        ));
    }
    if (lower.starts_with("percentage") || lower.trim() == "%") && n > 100.0 {
        return Some((
            format!("{n} is over 100 %, which a share cannot be"),
            "write the share as a percentage from 0 to 100 (not per thousand, not a count)"
                .to_string(),
        ));
    }
    if lower.contains("gini") && n > 1.0 {
        return Some((
            format!("{n} is over 1, which a Gini coefficient cannot be"),
            "write the coefficient from 0 to 1 (e.g. 0.31, not 31)".to_string(),
        ));
    }
    None
}

/// What is wrong with a cell that is not a usable figure.
fn not_a_figure(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => format!("\"{text}\" is too large for a KPI figure"),
        _ => format!("\"{}\" is not a number", shown(text)),
    }
}

/// Larger figures are typing errors in any U4SSC unit (and would not fit a table cell).
const LARGEST_FIGURE: f64 = 1e9;

fn measure(text: &str, separator: Separator) -> Option<Measure> {
    let decimal_comma =
        separator != Separator::Comma && text.matches(',').count() == 1 && !text.contains('.');
    let text = if decimal_comma {
        text.replace(',', ".")
    } else {
        text.to_string()
    };
    match text.to_ascii_lowercase().as_str() {
        "yes" => Some(Measure::Flag(true)),
        "no" => Some(Measure::Flag(false)),
        t => t
            .parse::<f64>()
            .ok()
            .filter(|n| n.is_finite() && n.abs() < LARGEST_FIGURE)
            .map(Measure::Number),
    }
}
