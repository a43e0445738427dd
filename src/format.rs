//! How figures and dates are written in the profile, in one place for the tables, the text and
//! the charts: UN style, with thin-space thousands separators and at most two decimals. The
//! separators do not break: a figure never splits across lines.

use crate::model::Date;

/// A figure as printed: `95 424`, `1234`, `12.68`, `1.5`.
pub fn number(n: f64) -> String {
    let rounded = if n.abs() >= 1000.0 {
        format!("{n:.0}")
    } else {
        format!("{n:.2}")
    };
    let text = if rounded.contains('.') {
        rounded
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else {
        rounded
    };
    let (int, frac) = text
        .split_once('.')
        .map_or((text.as_str(), None), |(i, f)| (i, Some(f)));
    let grouped = group_digits(int);
    frac.map_or(grouped.clone(), |f| format!("{grouped}.{f}"))
}

/// The thousands separator: a thin space that does not break.
pub const NARROW_NBSP: char = '\u{202F}';

/// Digits in groups of three from the right, for numbers of five digits or more.
pub fn group_digits(int: &str) -> String {
    let (sign, digits) = int.strip_prefix('-').map_or(("", int), |d| ("-", d));
    if digits.len() <= 4 {
        return int.to_string();
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(NARROW_NBSP);
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

/// An edition's date as printed: `20 November 2026`, or "undated" for a first draft made
/// before its edition block.
pub fn edition_date(date: Option<Date>) -> String {
    date.map_or_else(|| "undated".to_string(), long_date)
}

/// `20 November 2026`.
pub fn long_date(date: Date) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    format!(
        "{} {} {}",
        date.day,
        MONTHS[usize::from(date.month.clamp(1, 12)) - 1],
        date.year
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_printed_un_style() {
        assert_eq!(number(95424.0), "95\u{202F}424");
        assert_eq!(number(1234.0), "1234");
        assert_eq!(number(1.5), "1.5");
        assert_eq!(number(12.678), "12.68");
        assert_eq!(number(182460.0), "182\u{202F}460");
        assert_eq!(number(100.0), "100");
    }

    #[test]
    fn dates_are_written_out() {
        assert_eq!(
            long_date(Date {
                year: 2026,
                month: 11,
                day: 20
            }),
            "20 November 2026"
        );
    }
}
