//! Reading a comments file, JSON or CSV, into comments as written: every field as text with
//! its place in the file, so that one set of checks ([`super::check`]) serves both formats and
//! names the same places an editor sees.

use std::collections::HashMap;
use std::path::Path;

use serde_json::Value;

use crate::input::json::{Obj, describe};
use crate::input::kpis::{csv_reader, data_rows, header_row};
use crate::input::{Place, Problem, Problems};

/// Every field of a comment, in the order of the CSV columns.
pub(super) const FIELDS: [&str; 11] = [
    "id",
    "from",
    "draft",
    "page",
    "section",
    "field",
    "kpi",
    "quote",
    "text",
    "resolution",
    "response",
];
/// The fields JSON nests under `where`.
pub(super) const WHERE: [&str; 4] = ["page", "section", "field", "kpi"];
/// The fields JSON nests under `where`: those, and the words a mark covered (`quote`), which
/// say where but not enough on their own.
const NESTED: [&str; 5] = ["page", "section", "field", "kpi", "quote"];
/// The fields that are whole numbers (JSON numbers without quotes).
const NUMBERS: [&str; 2] = ["draft", "page"];
/// The CSV columns a file must have; the others may be left out.
const REQUIRED_COLUMNS: [&str; 5] = ["id", "from", "draft", "text", "resolution"];

/// Which comments file a city folder has.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Format {
    Json,
    Csv,
}

impl Format {
    pub(super) fn file_name(self) -> &'static str {
        match self {
            Format::Json => "comments.json",
            Format::Csv => "comments.csv",
        }
    }
}

/// Where a comment sits in its file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Origin {
    /// Its index in the JSON `comments` list.
    Json(usize),
    /// Its CSV row (the header is row 1).
    Csv(usize),
}

impl Origin {
    /// The place of the whole comment.
    pub(super) fn whole(self) -> Place {
        match self {
            Origin::Json(i) => Place::Json(format!("/comments/{i}")),
            Origin::Csv(row) => Place::Csv { row, column: None },
        }
    }

    /// The place of one of its fields.
    pub(super) fn place(self, field: &str) -> Place {
        match self {
            Origin::Json(i) if NESTED.contains(&field) => {
                Place::Json(format!("/comments/{i}/where/{field}"))
            }
            Origin::Json(i) => Place::Json(format!("/comments/{i}/{field}")),
            Origin::Csv(row) => Place::Csv {
                row,
                column: Some(field.to_string()),
            },
        }
    }

    /// How a message refers to the comment: `/comments/1` or `row 3`.
    pub(super) fn describe(self) -> String {
        match self {
            Origin::Json(i) => format!("/comments/{i}"),
            Origin::Csv(row) => format!("row {row}"),
        }
    }
}

/// One field as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Cell {
    /// Its text, trimmed (numbers written out).
    Text(String),
    /// Present but of the wrong type, already reported.
    Reported,
}

/// A comment as written, before its checks. A field the file leaves out is not in `cells`.
#[derive(Debug, Clone)]
pub(super) struct Written {
    pub origin: Origin,
    pub cells: HashMap<&'static str, Cell>,
}

impl Written {
    /// Whether the field is written (not blank), even if wrongly.
    pub(super) fn given(&self, field: &str) -> bool {
        matches!(self.cells.get(field), Some(Cell::Reported)) || self.text(field).is_some()
    }

    /// The field's text, when it is given and not blank.
    pub(super) fn text(&self, field: &str) -> Option<&str> {
        match self.cells.get(field) {
            Some(Cell::Text(text)) if !text.is_empty() => Some(text),
            _ => None,
        }
    }
}

/// Reads `comments.json`: its parsed value (for placing problems) and the comments in it.
pub(super) fn json(text: &str, p: &mut Problems) -> (Option<Value>, Vec<Written>) {
    let value = match serde_json::from_str::<Value>(text) {
        Ok(value) => value,
        Err(e) => {
            crate::input::json_syntax_problem(&e, p);
            return (None, Vec::new());
        }
    };
    let root = Obj::new(Some(&value), String::new(), p);
    root.only(&["comments"], p);
    let mut written = Vec::new();
    for (i, (pointer, item)) in root
        .array("comments", (0, usize::MAX), p)
        .into_iter()
        .enumerate()
    {
        let comment = Obj::new(Some(item), pointer, p);
        if !comment.exists() {
            continue;
        }
        let mut keys: Vec<&str> = FIELDS
            .iter()
            .copied()
            .filter(|f| !NESTED.contains(f))
            .collect();
        keys.push("where");
        // What `sscp import-comments` keeps of the reviewer's mark (its kind, its key for
        // importing again, its thread) and the words it covers: kept as written.
        keys.push("mark");
        comment.only(&keys, p);
        let place = Obj::new(comment.get("where"), comment.at("where"), p);
        place.only(&NESTED, p);
        let mut cells = HashMap::new();
        for field in FIELDS {
            let (object, found) = if NESTED.contains(&field) {
                (&place, place.get(field))
            } else {
                (&comment, comment.get(field))
            };
            if let Some(found) = found {
                cells.insert(field, json_cell(field, found, &object.at(field), p));
            }
        }
        written.push(Written {
            origin: Origin::Json(i),
            cells,
        });
    }
    (Some(value), written)
}

/// A JSON field as text, after checking its type: numbers for `draft` and `page`, text for
/// the rest.
fn json_cell(field: &str, value: &Value, pointer: &str, p: &mut Problems) -> Cell {
    match (NUMBERS.contains(&field), value) {
        (true, Value::Number(n)) if n.is_i64() => Cell::Text(n.to_string()),
        (true, other) => {
            p.json(
                pointer,
                format!(
                    "expected a whole number without quotes, found {}",
                    describe(other)
                ),
                format!("write \"{field}\" as a whole number, e.g. 1"),
            );
            Cell::Reported
        }
        (false, Value::String(s)) => Cell::Text(s.trim().to_string()),
        (false, other) => {
            p.json(
                pointer,
                format!(
                    "expected a text in double quotes, found {}",
                    describe(other)
                ),
                format!("write \"{field}\" as a text in double quotes"),
            );
            Cell::Reported
        }
    }
}

/// Reads `comments.csv`: a header row naming the columns (in any order), one comment a row;
/// `,` or `;` separated, as `kpis.csv`.
pub(super) fn csv(text: &str, p: &mut Problems) -> Vec<Written> {
    let mut reader = csv_reader(text);
    let Some(headers) = header_row(&mut reader, &FIELDS, &REQUIRED_COLUMNS, p) else {
        return Vec::new();
    };
    if p.has_errors() {
        return Vec::new();
    }
    let mut written = Vec::new();
    for (row, record) in data_rows(&mut reader, p) {
        let cells = FIELDS
            .iter()
            .filter_map(|&field| {
                let i = headers.iter().position(|h| h == field)?;
                let text = record.get(i).unwrap_or_default().trim().to_string();
                Some((field, Cell::Text(text)))
            })
            .collect();
        written.push(Written {
            origin: Origin::Csv(row),
            cells,
        });
    }
    written
}

/// Gives each problem the line and column, or the cell, it refers to.
pub(super) fn locate(format: Format, text: &str, value: Option<&Value>, problems: &mut [Problem]) {
    match (format, value) {
        (Format::Json, Some(value)) => crate::input::locate_in_json(problems, text, value),
        (Format::Json, None) => {}
        (Format::Csv, _) => crate::input::kpis::quote_cells(problems, text),
    }
}

/// Which comments file `dir` has; both at once is a problem, reported on the CSV file.
pub(super) fn which(dir: &Path) -> Result<Option<Format>, Vec<Problem>> {
    let present = |format: Format| dir.join(format.file_name()).symlink_metadata().is_ok();
    match (present(Format::Json), present(Format::Csv)) {
        (false, false) => Ok(None),
        (true, false) => Ok(Some(Format::Json)),
        (false, true) => Ok(Some(Format::Csv)),
        (true, true) => {
            let mut p = Problems::new(&dir.join(Format::Csv.file_name()));
            p.at(
                Place::File,
                "comments.json is in the city folder too: sscp reads one comments file, and cannot tell which of the two is current",
                "keep the comments in one of the two files and delete the other",
            );
            Err(p.into_vec())
        }
    }
}
