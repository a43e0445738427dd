//! Reads a SurveyMonkey XLSX export (its first worksheet) into the same rows the CSV reader
//! gives, so that both formats import alike.

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};

use crate::input::{Place, Problems};

use super::rows::Row;

pub(crate) fn rows(bytes: &[u8], p: &mut Problems) -> Option<Vec<Row>> {
    let unreadable = |p: &mut Problems, why: String| {
        p.at(
            Place::File,
            format!("the file cannot be read as an XLSX workbook: {why}"),
            "export the responses from SurveyMonkey again as XLSX or CSV, or open the file in a spreadsheet and save it as .xlsx",
        );
    };
    let mut workbook = match Xlsx::new(Cursor::new(bytes)) {
        Ok(workbook) => workbook,
        Err(e) => {
            unreadable(p, e.to_string());
            return None;
        }
    };
    let range = match workbook.worksheet_range_at(0) {
        Some(Ok(range)) => range,
        Some(Err(e)) => {
            unreadable(p, e.to_string());
            return None;
        }
        None => {
            unreadable(p, "it has no worksheet".to_string());
            return None;
        }
    };
    // The range starts at its first used cell; rows and columns before it are empty.
    let (first_row, first_column) = range.start().unwrap_or((0, 0));
    let rows = range
        .rows()
        .enumerate()
        .map(|(i, cells)| Row {
            number: first_row as usize + i + 1,
            cells: std::iter::repeat_n(String::new(), first_column as usize)
                .chain(cells.iter().map(cell_text))
                .collect(),
        })
        .collect();
    Some(rows)
}

/// A cell as the CSV export would show it: numbers without a trailing `.0` (respondent ids
/// are stored as numbers), dates as `YYYY-MM-DD hh:mm:ss`.
fn cell_text(cell: &Data) -> String {
    match cell {
        Data::DateTime(when) => {
            let (year, month, day, hour, minute, second, _) = when.to_ymd_hms_milli();
            format!("{year:04}-{month:02}-{day:02} {hour:02}:{minute:02}:{second:02}")
        }
        other => other.to_string(),
    }
}
