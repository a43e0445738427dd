//! Reads a SurveyMonkey CSV export into rows. Exports differ by the locale of the computer
//! that saved them: a byte order mark, CRLF line ends, `;` instead of `,`, and sometimes a
//! Windows code page instead of UTF-8, which is refused with the place and a hint.

use crate::input::{Place, Problems};

use super::rows::Row;

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) fn rows(bytes: &[u8], p: &mut Problems) -> Option<Vec<Row>> {
    let (offset, body) = match bytes.strip_prefix(BOM) {
        Some(body) => (BOM.len(), body),
        None => (0, bytes),
    };
    let text = match std::str::from_utf8(body) {
        Ok(text) => text,
        Err(e) => {
            not_utf8(bytes, offset + e.valid_up_to(), p);
            return None;
        }
    };
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for (i, record) in reader.records().enumerate() {
        match record {
            Ok(record) => rows.push(Row {
                number: i + 1,
                cells: record.iter().map(str::to_string).collect(),
            }),
            Err(e) => {
                p.at(
                    Place::Csv {
                        row: i + 1,
                        column: None,
                    },
                    format!("cannot read this row: {e}"),
                    "check the quotes: an answer with a comma, semicolon or line break must be enclosed in double quotes (export again from SurveyMonkey rather than editing the file)",
                );
                return None;
            }
        }
    }
    Some(rows)
}

/// Refuses text that is not UTF-8, naming the first bad byte and what it would be in
/// Windows-1252, the usual encoding of CSV files saved by Excel on Windows.
fn not_utf8(bytes: &[u8], at: usize, p: &mut Problems) {
    p.at(
        Place::File,
        crate::input::not_utf8_message(bytes, at),
        "export the responses from SurveyMonkey again as CSV (it writes UTF-8), or open the file in a spreadsheet and save it as \"CSV UTF-8\"; files saved by Excel on Windows are often Windows-1252",
    );
}

/// The field separator: `,`, `;` (spreadsheets in many European locales) or tab. Counting
/// characters is not enough, since unquoted questions contain commas, so each candidate reads
/// the two header rows: the one that finds a "Respondent ID" field, gives both rows the same
/// number of fields, and the most fields, wins.
fn delimiter(text: &str) -> u8 {
    let score = |delimiter: u8| {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(text.as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().take(2).flatten().collect();
        let first = rows.first().map_or(0, csv::StringRecord::len);
        let has_id = rows
            .first()
            .is_some_and(|r| r.iter().any(|f| f.trim() == "Respondent ID"));
        let even = rows.iter().all(|r| r.len() == first);
        (has_id, even, first)
    };
    // On a tie the last candidate wins: the comma, the CSV default.
    [b'\t', b';', b',']
        .into_iter()
        .max_by_key(|&d| score(d))
        .unwrap_or(b',')
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_separator_is_the_one_that_splits_the_header_rows_alike() {
        let header =
            "Respondent ID,Name?,\"Where; and when?\",\"One, two\"\n,Response,Response,Response\n";
        assert_eq!(delimiter(header), b',');
        let header = "Respondent ID;Name, please?;Where, and when?;\"One; two\"\n;Response;Response;Response\n";
        assert_eq!(delimiter(header), b';');
        assert_eq!(
            delimiter("Respondent ID\tA, B\tC\n\tResponse\tResponse"),
            b'\t'
        );
        assert_eq!(delimiter("a;b,c"), b',');
    }

    #[test]
    fn a_windows_1252_file_is_refused_with_the_byte_and_its_reading() {
        let mut p = Problems::new(Path::new("export.csv"));
        assert!(rows(b"Respondent ID\nCaf\xE9\n", &mut p).is_none());
        let problems = p.into_vec();
        assert_eq!(
            problems[0].message,
            "the file is not UTF-8 text: the byte at offset 17 (line 2, column 4) is 0xE9, which is \"é\" in Windows-1252"
        );
    }

    #[test]
    fn a_byte_order_mark_is_skipped_but_counted_in_offsets() {
        let mut p = Problems::new(Path::new("export.csv"));
        let rows = rows(b"\xEF\xBB\xBFa,b\r\n\"x\r\ny\",z\r\n", &mut p).expect("rows");
        assert_eq!(rows[0].cells, ["a", "b"]);
        assert_eq!(rows[1].cells, ["x\r\ny", "z"]);
        let mut p = Problems::new(Path::new("export.csv"));
        assert!(super::rows(b"\xEF\xBB\xBFab\x92", &mut p).is_none());
        assert!(
            p.into_vec()[0]
                .message
                .contains("offset 5 (line 1, column 3) is 0x92, which is \"’\"")
        );
    }
}
