//! Every CSV sscp writes goes through here, so that no cell can run as a spreadsheet formula.
//!
//! A spreadsheet takes a cell that begins with `=`, `+`, `-` or `@` (or a tab or carriage
//! return before one) for a formula: `=HYPERLINK("https://x.example","y")` in a KPI's source
//! would become a live link when the file is opened. Such a cell is written with a leading
//! apostrophe, which spreadsheets show as text; a number (`-12.5`, `+3`) stays a number.

use std::borrow::Cow;

/// The characters that make a spreadsheet read a cell as a formula.
const FORMULA_START: [char; 6] = ['=', '+', '-', '@', '\t', '\r'];

/// `cell` made inert: as it is, or with an apostrophe in front when a spreadsheet would take it
/// for a formula.
pub fn inert(cell: &str) -> Cow<'_, str> {
    let risky = cell.starts_with(FORMULA_START);
    if risky && !is_number(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// A plain decimal number, as a spreadsheet reads one: sign, digits, one point, exponent.
fn is_number(cell: &str) -> bool {
    let digits = cell.strip_prefix(['+', '-']).unwrap_or(cell);
    !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
        && cell.parse::<f64>().is_ok_and(f64::is_finite)
}

/// Writes `rows` (the header first) as CSV, every cell made [`inert`].
pub fn write<R, C>(rows: R) -> Vec<u8>
where
    R: IntoIterator,
    R::Item: IntoIterator<Item = C>,
    C: AsRef<str>,
{
    let mut writer = csv::Writer::from_writer(Vec::new());
    for row in rows {
        let cells: Vec<String> = row
            .into_iter()
            .map(|c| inert(c.as_ref()).into_owned())
            .collect();
        // Writing to memory cannot fail.
        writer
            .write_record(&cells)
            .expect("writing CSV to memory cannot fail");
    }
    writer
        .into_inner()
        .expect("writing CSV to memory cannot fail")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_made_text_and_numbers_stay_numbers() {
        for (cell, written) in [
            (
                "=HYPERLINK(\"https://x.example\",\"y\")",
                "'=HYPERLINK(\"https://x.example\",\"y\")",
            ),
            ("+cmd", "'+cmd"),
            ("-2+3", "'-2+3"),
            ("@SUM(A1)", "'@SUM(A1)"),
            ("\t=1", "'\t=1"),
            ("\r=1", "'\r=1"),
            ("-", "'-"),
            ("-inf", "'-inf"),
            ("-12.5", "-12.5"),
            ("+3", "+3"),
            ("-1e3", "-1e3"),
            ("12", "12"),
            ("Open Data", "Open Data"),
            ("a=b", "a=b"),
            ("", ""),
        ] {
            assert_eq!(inert(cell), written, "{cell:?}");
        }
    }

    #[test]
    fn written_csv_quotes_and_neutralises() {
        let bytes = write([["code", "source"], ["EC: ICT: ICT: 1C", "=1+1"]]);
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "code,source\nEC: ICT: ICT: 1C,'=1+1\n"
        );
    }
}
