//! What the files attached to the PDF show beyond their fields and rows. `profile.json` and
//! `kpis.csv` go into the PDF byte for byte, so a byte order mark, line ends, the order of
//! members, columns or rows, a value written another way or mere spacing change the PDF too:
//! each is told here in a few words, so that a diff never says "no changes" of other bytes.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::BOOKKEEPING;
use crate::input::json_child as child;

/// How `profile.json` changed as a file where its fields do not say; empty when its bytes are
/// the same but for the draft number and date. `fields_changed`: some field did change, which
/// a difference of bytes may then be (spacing is told only where the members and items stand
/// as they did).
pub(super) fn profile_json(before: &[u8], after: &[u8], fields_changed: bool) -> Vec<String> {
    let mut found = encoding(before, after);
    let (a, b) = (text(before), text(after));
    let parse = |t: &str| serde_json::from_str::<Value>(t).unwrap_or(Value::Null);
    if let Some(at) = reordered(&parse(&a), &parse(&b), "") {
        let place = if at.is_empty() { "the top level" } else { &at };
        found.push(format!("members in another order (first in {place})"));
    }
    let ((ta, end_a), (tb, end_b)) = (tokens(&a), tokens(&b));
    // A key or value at the same place, written otherwise and read the same (`\u00e9`, `é`).
    let earlier: HashMap<(&str, Kind), &str> = ta
        .iter()
        .filter(|t| t.kind != Kind::Punctuation)
        .map(|t| ((t.pointer.as_str(), t.kind), t.text))
        .collect();
    let respelled: Vec<(&str, &str, &str)> = tb
        .iter()
        .filter(|t| t.kind != Kind::Punctuation)
        .filter_map(|t| {
            let old = *earlier.get(&(t.pointer.as_str(), t.kind))?;
            (old != t.text && parse(old) == parse(t.text)).then_some((
                t.pointer.as_str(),
                old,
                t.text,
            ))
        })
        .collect();
    if let Some((at, old, new)) = respelled.first() {
        found.push(format!(
            "{} written another way, the same in meaning (first {at}: {} → {})",
            counted(respelled.len(), "value", "values"),
            clip(old),
            clip(new)
        ));
    }
    let aligned = ta.len() == tb.len()
        && ta
            .iter()
            .zip(&tb)
            .all(|(x, y)| x.pointer == y.pointer && x.kind == y.kind);
    let same_spaces = |x: &str, y: &str| x.replace('\r', "") == y.replace('\r', "");
    if aligned
        && ta
            .iter()
            .zip(&tb)
            .any(|(x, y)| !same_spaces(x.space, y.space))
    {
        found.push("spacing and line breaks".to_string());
    }
    if !same_spaces(end_a, end_b) {
        found.push("white space at the end of the file".to_string());
    }
    // Whatever else differs, where no field changed and nothing above says it.
    let only_bookkeeping = aligned
        && end_a == end_b
        && ta.iter().zip(&tb).all(|(x, y)| {
            x.space == y.space && (x.text == y.text || BOOKKEEPING.contains(&x.pointer.as_str()))
        });
    if found.is_empty() && !fields_changed && !only_bookkeeping {
        found.push("formatting".to_string());
    }
    found
}

/// How `kpis.csv` changed as a file where its rows do not say; empty when its bytes are the
/// same. `changed`: the KPIs (catalogue codes) whose rows changed, whose cells are then told
/// by those changes.
pub(super) fn kpis_csv(before: &[u8], after: &[u8], changed: &HashSet<String>) -> Vec<String> {
    if before == after {
        return Vec::new();
    }
    let mut found = encoding(before, after);
    let (a, b) = (text(before), text(after));
    let (sep_a, sep_b) = (separator(&a), separator(&b));
    if sep_a != sep_b {
        found.push(format!(
            "cells separated by {} instead of {}",
            separator_name(sep_b),
            separator_name(sep_a)
        ));
    }
    let (ta, tb) = (Table::read(&a), Table::read(&b));
    for column in tb.columns.iter().filter(|c| !ta.columns.contains(c)) {
        found.push(format!("column {column} added"));
    }
    for column in ta.columns.iter().filter(|c| !tb.columns.contains(c)) {
        found.push(format!("column {column} removed"));
    }
    let common = |of: &Table, other: &Table| -> Vec<String> {
        of.columns
            .iter()
            .filter(|c| other.columns.contains(c))
            .cloned()
            .collect()
    };
    if common(&ta, &tb) != common(&tb, &ta) {
        found.push("columns in another order".to_string());
    }
    let (by_key_a, by_key_b) = (ta.by_key(), tb.by_key());
    let shared = |of: &Table, other: &HashMap<&RowKey, &Row>| -> Vec<RowKey> {
        of.rows
            .iter()
            .filter(|r| other.contains_key(&r.key))
            .map(|r| r.key.clone())
            .collect()
    };
    if shared(&ta, &by_key_b) != shared(&tb, &by_key_a) {
        found.push("rows in another order".to_string());
    }
    let mut names = 0;
    let mut respelled: Vec<(usize, String, String, String)> = Vec::new();
    for row in &tb.rows {
        let Some(old) = by_key_a.get(&row.key) else {
            continue;
        };
        // A column added or removed is said as such, not cell by cell.
        for column in tb.columns.iter().filter(|c| ta.columns.contains(c)) {
            let (x, y) = (old.cell(column), row.cell(column));
            if x == y {
                continue;
            }
            if column == "name" {
                names += 1;
            } else if !changed.contains(&row.key.0) {
                respelled.push((row.line, column.clone(), x.to_string(), y.to_string()));
            }
        }
    }
    if names > 0 {
        found.push(format!(
            "the name column (not printed) in {}",
            counted(names, "row", "rows")
        ));
    }
    if let Some((line, column, old, new)) = respelled.first() {
        found.push(format!(
            "{} written another way, the same in meaning (first row {line}, {column}: \"{}\" → \"{}\")",
            counted(respelled.len(), "cell", "cells"),
            clip(old),
            clip(new)
        ));
    }
    if blank_lines(&a, sep_a) != blank_lines(&b, sep_b) {
        found.push("blank lines".to_string());
    }
    if found.is_empty() && changed.is_empty() {
        found.push("spacing or quotes".to_string());
    }
    found
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// A file's text without its byte order mark (the files were read as UTF-8 already).
fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes.strip_prefix(BOM).unwrap_or(bytes)).into_owned()
}

/// A byte order mark added or removed, and line ends of another kind.
fn encoding(before: &[u8], after: &[u8]) -> Vec<String> {
    let mut found = Vec::new();
    match (before.starts_with(BOM), after.starts_with(BOM)) {
        (false, true) => found.push("byte order mark added".to_string()),
        (true, false) => found.push("byte order mark removed".to_string()),
        _ => {}
    }
    if let (Some(x), Some(y)) = (line_ends(before), line_ends(after))
        && x != y
    {
        found.push(format!("line ends {x} → {y}"));
    }
    found
}

/// The kind of line ends a file has: `LF`, `CRLF` or `mixed`; `None` for a single line.
fn line_ends(bytes: &[u8]) -> Option<&'static str> {
    let crlf = bytes.windows(2).filter(|w| w == b"\r\n").count();
    let lf = bytes.iter().filter(|&&b| b == b'\n').count() - crlf;
    match (crlf, lf) {
        (0, 0) => None,
        (_, 0) => Some("CRLF"),
        (0, _) => Some("LF"),
        _ => Some("mixed"),
    }
}

/// The first object, by JSON pointer, whose members present in both values stand in another
/// order (serde_json keeps the file's order).
fn reordered(a: &Value, b: &Value, pointer: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            let order_x: Vec<&String> = x.keys().filter(|k| y.contains_key(*k)).collect();
            let order_y: Vec<&String> = y.keys().filter(|k| x.contains_key(*k)).collect();
            if order_x != order_y {
                return Some(pointer.to_string());
            }
            order_x
                .into_iter()
                .find_map(|k| reordered(&x[k], &y[k], &child(pointer, k)))
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (p, q))| reordered(p, q, &child(pointer, &i.to_string()))),
        _ => None,
    }
}

/// What a token of a JSON text is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Kind {
    Punctuation,
    Key,
    Scalar,
}

/// A token of a JSON text, the white space before it, and the JSON pointer of the value it
/// belongs to (a member's key and its value have the member's pointer).
struct Token<'t> {
    kind: Kind,
    pointer: String,
    text: &'t str,
    space: &'t str,
}

/// Where a token stands: the object (and the member being read) or the array (and the item).
enum Frame {
    Object {
        pointer: String,
        key: String,
        expect_key: bool,
    },
    Array {
        pointer: String,
        index: usize,
    },
}

/// The tokens of a JSON text that serde_json has read, and the white space after the last.
fn tokens(text: &str) -> (Vec<Token<'_>>, &str) {
    let bytes = text.as_bytes();
    let mut stack: Vec<Frame> = Vec::new();
    let mut out = Vec::new();
    let mut at = 0;
    loop {
        let start = at;
        while at < bytes.len() && matches!(bytes[at], b' ' | b'\t' | b'\n' | b'\r') {
            at += 1;
        }
        let space = &text[start..at];
        if at == bytes.len() {
            return (out, space);
        }
        let begin = at;
        let mut pointer = match stack.last() {
            None => String::new(),
            Some(Frame::Object { pointer, key, .. }) => child(pointer, key),
            Some(Frame::Array { pointer, index }) => child(pointer, &index.to_string()),
        };
        let mut kind = Kind::Punctuation;
        match bytes[at] {
            b'{' => {
                at += 1;
                stack.push(Frame::Object {
                    pointer: pointer.clone(),
                    key: String::new(),
                    expect_key: true,
                });
            }
            b'[' => {
                at += 1;
                stack.push(Frame::Array {
                    pointer: pointer.clone(),
                    index: 0,
                });
            }
            b'}' | b']' => {
                at += 1;
                if let Some(Frame::Object { pointer: p, .. } | Frame::Array { pointer: p, .. }) =
                    stack.pop()
                {
                    pointer = p;
                }
            }
            b',' => {
                at += 1;
                match stack.last_mut() {
                    Some(Frame::Object { expect_key, .. }) => *expect_key = true,
                    Some(Frame::Array { index, .. }) => *index += 1,
                    None => {}
                }
            }
            b':' => at += 1,
            b'"' => {
                at = string_end(bytes, at);
                kind = Kind::Scalar;
                if let Some(Frame::Object {
                    pointer: object,
                    key,
                    expect_key,
                }) = stack.last_mut()
                    && *expect_key
                {
                    *key = serde_json::from_str(&text[begin..at]).unwrap_or_default();
                    *expect_key = false;
                    pointer = child(object, key);
                    kind = Kind::Key;
                }
            }
            _ => {
                while at < bytes.len()
                    && !matches!(
                        bytes[at],
                        b',' | b'}' | b']' | b':' | b' ' | b'\t' | b'\n' | b'\r'
                    )
                {
                    at += 1;
                }
                kind = Kind::Scalar;
            }
        }
        out.push(Token {
            kind,
            pointer,
            text: &text[begin..at],
            space,
        });
    }
}

/// Where the string literal starting at `start` ends, just past its closing quote.
fn string_end(bytes: &[u8], start: usize) -> usize {
    let mut at = start + 1;
    while at < bytes.len() {
        match bytes[at] {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// A row of `kpis.csv` by what it is about: the KPI (catalogue code), data point and year.
type RowKey = (String, String, String);

/// `kpis.csv` as cells, for telling how the file changed: no checks, the reading is done.
struct Table {
    /// The header row's names, lower case, in file order.
    columns: Vec<String>,
    /// The rows that hold anything, in file order.
    rows: Vec<Row>,
}

/// A row of [`Table`]: its key, its line and its cells by column name, as written.
struct Row {
    key: RowKey,
    line: usize,
    cells: HashMap<String, String>,
}

impl Row {
    fn cell(&self, column: &str) -> &str {
        self.cells.get(column).map_or("", String::as_str)
    }
}

impl Table {
    /// The rows by their key (the reading refused two rows with one key).
    fn by_key(&self) -> HashMap<&RowKey, &Row> {
        self.rows.iter().map(|r| (&r.key, r)).collect()
    }

    fn read(text: &str) -> Table {
        let mut reader = crate::input::kpis::csv_reader(text);
        let columns: Vec<String> = reader
            .headers()
            .map(|h| h.iter().map(|s| s.trim().to_ascii_lowercase()).collect())
            .unwrap_or_default();
        let catalogue = crate::kpi::Catalogue::get();
        let rows = reader
            .records()
            .flatten()
            .filter(|r| r.iter().any(|cell| !cell.trim().is_empty()))
            .map(|record| {
                let cells: HashMap<String, String> = columns
                    .iter()
                    .cloned()
                    .zip(record.iter().map(str::to_string))
                    .collect();
                let cell = |c: &str| cells.get(c).map_or("", |s| s.trim());
                let code = catalogue
                    .find(cell("code"))
                    .map_or_else(|| cell("code").to_string(), |(_, def)| def.code.clone());
                let key = (
                    code,
                    cell("data_point").to_lowercase(),
                    cell("year").to_string(),
                );
                Row {
                    key,
                    line: record.position().map_or(0, |p| p.line() as usize),
                    cells,
                }
            })
            .collect();
        Table { columns, rows }
    }
}

/// The separator a header row uses, as `kpis.csv` is read: a comma, else a semicolon or tab.
fn separator(text: &str) -> char {
    let header = text.lines().next().unwrap_or_default();
    [',', ';', '\t']
        .into_iter()
        .find(|&c| header.contains(c))
        .unwrap_or(',')
}

fn separator_name(c: char) -> &'static str {
    match c {
        ';' => "semicolons",
        '\t' => "tabs",
        _ => "commas",
    }
}

/// Lines holding nothing but white space and separators.
fn blank_lines(text: &str, separator: char) -> usize {
    text.lines()
        .filter(|l| l.chars().all(|c| c.is_whitespace() || c == separator))
        .count()
}

fn counted(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// A value as written, cut to a few words for one line.
fn clip(text: &str) -> String {
    const LONGEST: usize = 40;
    if text.chars().count() <= LONGEST {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(LONGEST).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_tokens_carry_the_pointer_of_their_value() {
        let (tokens, end) = tokens("{\n  \"a\": [1, {\"b\": \"x\\\"y\"}],\n  \"c\": null\n}\n");
        let named: Vec<(&str, &str)> = tokens
            .iter()
            .filter(|t| t.kind != Kind::Punctuation)
            .map(|t| (t.pointer.as_str(), t.text))
            .collect();
        assert_eq!(
            named,
            [
                ("/a", "\"a\""),
                ("/a/0", "1"),
                ("/a/1/b", "\"b\""),
                ("/a/1/b", "\"x\\\"y\""),
                ("/c", "\"c\""),
                ("/c", "null"),
            ]
        );
        assert_eq!(end, "\n");
    }

    #[test]
    fn a_profile_that_differs_only_in_its_draft_and_date_has_no_file_change() {
        let a = b"{\n  \"edition\": { \"draft\": 1, \"date\": \"2026-09-15\" },\n  \"x\": 1.0\n}\n";
        let b = b"{\n  \"edition\": { \"draft\": 2, \"date\": \"2026-11-20\" },\n  \"x\": 1.0\n}\n";
        assert!(profile_json(a, b, false).is_empty());
        let c = b"{\r\n  \"edition\": { \"draft\": 2, \"date\": \"2026-11-20\" },\r\n  \"\\u0078\": 1.0\r\n}";
        assert_eq!(
            profile_json(a, c, false),
            [
                "line ends LF → CRLF",
                "1 value written another way, the same in meaning (first /x: \"x\" → \"\\u0078\")",
                "white space at the end of the file"
            ]
        );
        let d =
            b"{\n  \"edition\": { \"draft\": 2, \"date\": \"2026-11-20\" },\n  \"x\":  2.0\n}\n";
        assert_eq!(profile_json(a, d, true), ["spacing and line breaks"]);
    }
}
