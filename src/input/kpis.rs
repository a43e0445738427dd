//! Reads `kpis.csv`: one row per KPI or data point and year, checked against the catalogue.

use std::collections::HashMap;

use super::json::quoted;
use super::problems::{Place, Problems};
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

/// What a successful read gives besides the records: notes for the user that are not errors.
pub(crate) struct KpiTable {
    pub records: Vec<KpiRecord>,
    pub warnings: Vec<String>,
}

pub(crate) fn read(text: &str, p: &mut Problems) -> KpiTable {
    let catalogue = Catalogue::get();
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_reader(text.as_bytes());
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
            return KpiTable {
                records: Vec::new(),
                warnings: Vec::new(),
            };
        }
    };
    for (i, name) in headers.iter().enumerate() {
        if !COLUMNS.contains(&name.as_str()) {
            let nearest = nearest(&COLUMNS, name);
            p.at(
                Place::Csv {
                    row: 1,
                    column: Some(format!("{} ({name})", i + 1)),
                },
                format!("unknown column \"{name}\""),
                format!(
                    "rename it to \"{nearest}\" if that is what you meant, or remove the column"
                ),
            );
        }
    }
    for required in &COLUMNS[..REQUIRED] {
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
    if !p.is_empty() {
        return KpiTable {
            records: Vec::new(),
            warnings: Vec::new(),
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
    for result in reader.records() {
        let record = match result {
            Ok(r) => r,
            Err(e) => {
                let row = e.position().map_or(0, |pos| pos.line() as usize);
                p.at(
                    Place::Csv { row, column: None },
                    format!("cannot read this row: {e}"),
                    "check the quotes: a field with a comma must be enclosed in double quotes",
                );
                continue;
            }
        };
        let row = record.position().map_or(0, |pos| pos.line() as usize);
        if record.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
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
                    format!("unknown KPI code \"{code}\""),
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
                        "{} ({}) has no data points, but this row names \"{point}\"",
                        def.code, def.name
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
                            "\"{point}\" is not a data point of {} ({})",
                            def.code, def.name
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
        if matches!(value, Some(Measure::Number(n)) if n < 0.0) {
            p.at(
                at("value"),
                "the value is negative",
                "KPI values are counts, rates or shares: check the sign",
            );
        }
        let year = cell("year").and_then(|y| match y.parse::<i32>() {
            Ok(n) if (1990..=2100).contains(&n) => Some(n),
            _ => {
                p.at(
                    at("year"),
                    format!("\"{y}\" is not a year"),
                    "write the year the value refers to, e.g. 2024",
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
            p.at(at("direction"), format!("\"{d}\" is not a direction"), "write higher or lower (which is better), or leave it blank for the catalogue's");
            None
        }));
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
                    format!("\"{v}\" is not yes or no"),
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
                    format!("\"{q}\" is not a data quality"),
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
    let mut warnings = Vec::new();
    if !missing.is_empty() {
        warnings.push(format!(
            "{} of the 91 KPIs have no row in kpis.csv and are shown as Not Reported: {}",
            missing.len(),
            missing.join(", ")
        ));
    }
    KpiTable { records, warnings }
}

/// What is wrong with a cell that is not a usable figure.
fn not_a_figure(text: &str) -> String {
    match text.parse::<f64>() {
        Ok(n) if n.is_finite() => format!("\"{text}\" is too large for a KPI figure"),
        _ => format!("\"{text}\" is not a number"),
    }
}

/// Larger figures are typing errors in any U4SSC unit (and would not fit a table cell).
const LARGEST_FIGURE: f64 = 1e9;

fn measure(text: &str) -> Option<Measure> {
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
