//! A SurveyMonkey export as sscp reads it: two header rows (the question, then the
//! sub-question or "Response"), metadata columns first, then one row per respondent. The CSV and
//! XLSX readers give the same rows; everything after them is shared.

use std::path::Path;

use crate::input::{Place, Problem, Problems};

use super::rows::Row;
use super::{csv_export, xlsx_export};

/// Larger files are refused: a city's export is a few hundred kilobytes, and reading a huge
/// file by mistake should not exhaust memory.
pub const MAX_EXPORT_BYTES: u64 = 20 * 1024 * 1024;

/// The metadata columns SurveyMonkey puts before the questions.
const METADATA: [&str; 9] = [
    "Respondent ID",
    "Collector ID",
    "Start Date",
    "End Date",
    "IP Address",
    "Email Address",
    "First Name",
    "Last Name",
    "Custom Data 1",
];

/// One answer column.
#[derive(Debug, Clone)]
pub(crate) struct Column {
    /// 0-based position in the row.
    pub index: usize,
    /// The question, carried over from the first column of a question that spans several.
    pub question: String,
    /// The second header row: the sub-question, option, or "Response".
    pub sub_question: String,
}

impl Column {
    /// How problems name the column: its spreadsheet letter and its number, `N (14)`.
    pub fn name(&self) -> String {
        column_name(self.index)
    }
}

pub(crate) fn column_name(index: usize) -> String {
    let mut letters = Vec::new();
    let mut n = index + 1;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.reverse();
    format!(
        "{} ({})",
        letters.into_iter().collect::<String>(),
        index + 1
    )
}

/// One respondent's row.
#[derive(Debug, Clone)]
pub(crate) struct Respondent {
    /// Row number in the file.
    pub row: usize,
    /// The value of "Respondent ID".
    pub id: String,
    /// The value of "End Date", when the export has it.
    pub end_date: String,
    /// Every cell of the row, by column index.
    pub cells: Vec<String>,
}

impl Respondent {
    pub fn answer(&self, column: &Column) -> &str {
        self.cells.get(column.index).map_or("", String::as_str)
    }
}

/// The export: its answer columns and its respondents.
#[derive(Debug, Clone)]
pub(crate) struct Export {
    pub columns: Vec<Column>,
    pub respondents: Vec<Respondent>,
}

/// Reads an export file, CSV or XLSX (by its extension).
pub(crate) fn read(path: &Path) -> Result<Export, Vec<Problem>> {
    let mut p = Problems::new(path);
    let rows = read_rows(path, &mut p);
    match rows {
        Some(rows) if !p.has_errors() => from_rows(rows, &mut p).filter(|_| !p.has_errors()),
        _ => None,
    }
    .ok_or_else(|| p.into_vec())
}

fn read_rows(path: &Path, p: &mut Problems) -> Option<Vec<Row>> {
    let size = match std::fs::metadata(path) {
        Ok(meta) if meta.is_file() => meta.len(),
        Ok(_) => {
            p.at(
                Place::File,
                "this is a folder, not a survey export",
                "give the CSV or XLSX file exported from SurveyMonkey",
            );
            return None;
        }
        Err(e) => {
            p.at(
                Place::File,
                format!("the export cannot be read: {e}"),
                "check the path of the CSV or XLSX file exported from SurveyMonkey",
            );
            return None;
        }
    };
    if size > MAX_EXPORT_BYTES {
        p.at(
            Place::File,
            format!(
                "the file is {:.1} MB; survey exports larger than {} MB are refused",
                size as f64 / 1_048_576.0,
                MAX_EXPORT_BYTES / 1_048_576
            ),
            "export only the city's responses (filter them in SurveyMonkey), or check that this is the right file",
        );
        return None;
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
        Err(e) => {
            p.at(
                Place::File,
                format!("the export cannot be read: {e}"),
                "check the file's permissions",
            );
            return None;
        }
    };
    let is_xlsx = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("xlsx"));
    if is_xlsx {
        xlsx_export::rows(&bytes, p)
    } else if bytes.starts_with(b"PK\x03\x04") {
        p.at(
            Place::File,
            "the file is a spreadsheet (a ZIP archive), not CSV text",
            "give it the extension .xlsx, or export the responses as CSV",
        );
        None
    } else {
        csv_export::rows(&bytes, p)
    }
}

/// Finds the header rows, metadata and answer columns, and the respondents.
pub(crate) fn from_rows(rows: Vec<Row>, p: &mut Problems) -> Option<Export> {
    let mut rows = rows.into_iter();
    let (Some(questions), Some(subs)) = (rows.next(), rows.next()) else {
        p.at(
            Place::File,
            "the export has fewer than two rows, so it has no answers",
            "export the individual responses from SurveyMonkey with both header rows (questions, then sub-questions)",
        );
        return None;
    };
    let is_metadata = |text: &str| METADATA.iter().any(|m| m.eq_ignore_ascii_case(text.trim()));
    let find = |name: &str| {
        questions
            .cells
            .iter()
            .position(|c| c.trim().eq_ignore_ascii_case(name))
    };
    let Some(id_column) = find("Respondent ID") else {
        p.at(
            Place::Csv {
                row: questions.number,
                column: None,
            },
            "the first header row has no \"Respondent ID\" column, so this does not look like a SurveyMonkey export",
            "export the individual responses from SurveyMonkey (CSV or XLSX) without removing the metadata columns",
        );
        return None;
    };
    let end_column = find("End Date");

    let mut columns = Vec::new();
    let mut question = String::new();
    for (index, text) in questions.cells.iter().enumerate() {
        if is_metadata(text) {
            question.clear();
            continue;
        }
        if !text.trim().is_empty() {
            question = text.trim().to_string();
        }
        let sub_question = subs.cells.get(index).map_or("", |s| s.trim());
        // Trailing columns with no header at all hold nothing the map could name.
        if question.is_empty() && sub_question.is_empty() {
            continue;
        }
        columns.push(Column {
            index,
            question: question.clone(),
            sub_question: sub_question.to_string(),
        });
    }

    let cell = |cells: &[String], index: Option<usize>| {
        index
            .and_then(|i| cells.get(i))
            .map_or(String::new(), |c| c.trim().to_string())
    };
    let respondents: Vec<Respondent> = rows
        .filter(|row| row.cells.iter().any(|c| !c.trim().is_empty()))
        .map(|row| Respondent {
            row: row.number,
            id: cell(&row.cells, Some(id_column)),
            end_date: cell(&row.cells, end_column),
            cells: row.cells,
        })
        .collect();
    if respondents.is_empty() {
        p.at(
            Place::File,
            "the export has its two header rows but no responses",
            "export again once the city has submitted the survey",
        );
        return None;
    }
    Some(Export {
        columns,
        respondents,
    })
}

/// Answer text as the rest of sscp expects it: `\n` line ends, no trailing spaces on lines,
/// no blank lines at either end.
pub(crate) fn clean_answer(text: &str) -> String {
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = text.lines().map(str::trim_end).collect();
    lines.join("\n").trim_matches('\n').trim().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_named_like_spreadsheet_columns() {
        assert_eq!(column_name(0), "A (1)");
        assert_eq!(column_name(25), "Z (26)");
        assert_eq!(column_name(26), "AA (27)");
        assert_eq!(column_name(51), "AZ (52)");
        assert_eq!(column_name(52), "BA (53)");
    }

    #[test]
    fn a_question_spanning_columns_gives_its_text_to_each() {
        let row = |number, cells: &[&str]| Row {
            number,
            cells: cells.iter().map(|c| c.to_string()).collect(),
        };
        let rows = vec![
            row(
                1,
                &["Respondent ID", "End Date", "Activities?", "", "Name?"],
            ),
            row(2, &["", "", "Past", "Planned", "Response"]),
            row(3, &["7", "2026-05-01", "a", "b", "c"]),
        ];
        let mut p = Problems::new(Path::new("x.csv"));
        let export = from_rows(rows, &mut p).expect("an export");
        let described: Vec<(String, String)> = export
            .columns
            .iter()
            .map(|c| (c.question.clone(), c.sub_question.clone()))
            .collect();
        assert_eq!(
            described,
            [
                ("Activities?".into(), "Past".into()),
                ("Activities?".into(), "Planned".into()),
                ("Name?".into(), "Response".into())
            ]
        );
        assert_eq!(export.respondents[0].id, "7");
        assert_eq!(export.respondents[0].end_date, "2026-05-01");
    }

    #[test]
    fn answers_lose_carriage_returns_and_outer_blank_lines() {
        assert_eq!(clean_answer("\r\n One \r\n\r\nTwo  \r\n"), "One\n\nTwo");
    }
}
