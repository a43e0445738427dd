//! A small checked walk over `serde_json::Value`: every accessor records a problem with its JSON
//! pointer instead of failing, so one pass reports everything wrong in `profile.json`.

use serde_json::{Map, Value};

use super::problems::Problems;
use crate::kpi::nearest;

/// A JSON object being read, with its pointer and the keys it is allowed to have.
pub(crate) struct Obj<'a> {
    map: Option<&'a Map<String, Value>>,
    pub(crate) pointer: String,
}

pub(crate) fn child(pointer: &str, key: &str) -> String {
    format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"))
}

/// The kind of a value, with short strings and numbers quoted: `a string ("182 000")`.
pub(crate) fn describe(v: &Value) -> String {
    match v {
        Value::String(s) if s.chars().count() <= 40 => format!("a string (\"{s}\")"),
        Value::Number(n) => format!("the number {n}"),
        other => type_name(other).to_string(),
    }
}

pub(crate) fn type_name(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

impl<'a> Obj<'a> {
    /// Reads `value` as an object; records a problem (and yields an empty object) otherwise.
    pub(crate) fn new(value: Option<&'a Value>, pointer: String, p: &mut Problems) -> Self {
        let map = match value {
            Some(Value::Object(map)) => Some(map),
            Some(other) => {
                p.json(
                    &pointer,
                    format!("expected an object, found {}", type_name(other)),
                    "write this field as { ... } with the fields docs/input-format.md lists",
                );
                None
            }
            None => None,
        };
        Obj { map, pointer }
    }

    pub(crate) fn exists(&self) -> bool {
        self.map.is_some()
    }

    pub(crate) fn get(&self, key: &str) -> Option<&'a Value> {
        self.map.and_then(|m| m.get(key)).filter(|v| !v.is_null())
    }

    pub(crate) fn at(&self, key: &str) -> String {
        child(&self.pointer, key)
    }

    /// Reports keys that are not in `allowed`, with the closest allowed key as a hint.
    pub(crate) fn only(&self, allowed: &[&str], p: &mut Problems) {
        let Some(map) = self.map else { return };
        for key in map.keys() {
            if key == "$schema" || allowed.contains(&key.as_str()) {
                continue;
            }
            let nearest = nearest(allowed, key);
            p.json(
                &self.at(key),
                format!("unknown field \"{key}\""),
                format!("rename it to \"{nearest}\" if that is what you meant, or remove it"),
            );
        }
    }

    fn missing(&self, key: &str, what: &str, p: &mut Problems) {
        if self.map.is_some() {
            p.json(
                &self.at(key),
                format!("required field \"{key}\" is missing"),
                format!("add \"{key}\": {what}"),
            );
        }
    }

    fn wrong(&self, key: &str, found: &Value, what: &str, p: &mut Problems) {
        p.json(
            &self.at(key),
            format!("expected {what}, found {}", describe(found)),
            format!("write \"{key}\" as {what}"),
        );
    }

    /// A required non-empty string that is printed, so it must break across lines.
    pub(crate) fn string(&self, key: &str, p: &mut Problems) -> String {
        let text = self.plain_string(key, p);
        check_breakable(&self.at(key), &text, p);
        text
    }

    /// A required non-empty string that is not printed as it stands (a file name, a date, the
    /// source of a narrative, whose printed text is checked after parsing).
    pub(crate) fn plain_string(&self, key: &str, p: &mut Problems) -> String {
        match self.get(key) {
            None => {
                self.missing(key, "\"…\" (a text)", p);
                String::new()
            }
            Some(v) => self.string_value(key, v, p).unwrap_or_default(),
        }
    }

    /// An optional printed string; empty text, or the skeleton's guidance still in it (warned
    /// about as such), counts as absent.
    pub(crate) fn opt_string(&self, key: &str, p: &mut Problems) -> Option<String> {
        let v = self.get(key)?;
        let text = self
            .string_value(key, v, p)
            .filter(|s| !s.is_empty() && !s.starts_with(super::GUIDANCE_MARK))?;
        check_breakable(&self.at(key), &text, p);
        Some(text)
    }

    fn string_value(&self, key: &str, v: &Value, p: &mut Problems) -> Option<String> {
        match v {
            Value::String(s) if s.trim().is_empty() => {
                p.json(
                    &self.at(key),
                    format!("\"{key}\" is empty"),
                    "write the text, or remove the field if it is optional",
                );
                None
            }
            Value::String(s) => Some(s.trim().to_string()),
            other => {
                self.wrong(key, other, "a text in double quotes", p);
                None
            }
        }
    }

    pub(crate) fn opt_integer(
        &self,
        key: &str,
        range: (i64, i64),
        p: &mut Problems,
    ) -> Option<i64> {
        self.get(key)
            .and_then(|v| self.integer_value(key, v, range, p))
    }

    fn integer_value(
        &self,
        key: &str,
        v: &Value,
        (lo, hi): (i64, i64),
        p: &mut Problems,
    ) -> Option<i64> {
        match v.as_i64() {
            Some(n) if (lo..=hi).contains(&n) => Some(n),
            Some(n) => {
                p.json(
                    &self.at(key),
                    format!("{n} is out of range"),
                    format!("use a whole number from {lo} to {hi}"),
                );
                None
            }
            None => {
                self.wrong(key, v, "a whole number without quotes", p);
                None
            }
        }
    }

    pub(crate) fn number(&self, key: &str, range: (f64, f64), p: &mut Problems) -> Option<f64> {
        let Some(v) = self.get(key) else {
            self.missing(key, "a number", p);
            return None;
        };
        match v.as_f64() {
            Some(n) if n >= range.0 && n <= range.1 => Some(n),
            Some(n) => {
                p.json(
                    &self.at(key),
                    format!("{n} is out of range"),
                    format!("use a number from {} to {}", range.0, range.1),
                );
                None
            }
            None => {
                self.wrong(key, v, "a number without quotes", p);
                None
            }
        }
    }

    pub(crate) fn opt_number(&self, key: &str, range: (f64, f64), p: &mut Problems) -> Option<f64> {
        self.get(key)?;
        self.number(key, range, p)
    }

    pub(crate) fn opt_bool(&self, key: &str, p: &mut Problems) -> Option<bool> {
        match self.get(key)? {
            Value::Bool(b) => Some(*b),
            other => {
                self.wrong(key, other, "true or false", p);
                None
            }
        }
    }

    /// One of a fixed set of words.
    pub(crate) fn choice<T: Copy>(
        &self,
        key: &str,
        options: &[(&str, T)],
        p: &mut Problems,
    ) -> Option<T> {
        if self.get(key).is_none() {
            let words = quoted(options.iter().map(|(w, _)| *w));
            self.missing(key, &format!("one of {words}"), p);
            return None;
        }
        self.opt_choice(key, options, p)
    }

    pub(crate) fn opt_choice<T: Copy>(
        &self,
        key: &str,
        options: &[(&str, T)],
        p: &mut Problems,
    ) -> Option<T> {
        let v = self.get(key)?;
        let words = quoted(options.iter().map(|(w, _)| *w));
        match v.as_str() {
            Some(s) => match options.iter().find(|(w, _)| *w == s.trim()) {
                Some((_, t)) => Some(*t),
                None => {
                    p.json(
                        &self.at(key),
                        format!("\"{s}\" is not allowed here"),
                        format!("use one of {words}"),
                    );
                    None
                }
            },
            None => {
                self.wrong(key, v, &format!("one of {words}"), p);
                None
            }
        }
    }

    /// A required array; `count` is the allowed number of items (inclusive).
    pub(crate) fn array(
        &self,
        key: &str,
        count: (usize, usize),
        p: &mut Problems,
    ) -> Vec<(String, &'a Value)> {
        match self.get(key) {
            None => {
                self.missing(key, "a list [ ... ]", p);
                Vec::new()
            }
            Some(v) => self.array_value(key, v, count, p),
        }
    }

    pub(crate) fn opt_array(
        &self,
        key: &str,
        count: (usize, usize),
        p: &mut Problems,
    ) -> Vec<(String, &'a Value)> {
        self.get(key)
            .map(|v| self.array_value(key, v, count, p))
            .unwrap_or_default()
    }

    fn array_value(
        &self,
        key: &str,
        v: &'a Value,
        (lo, hi): (usize, usize),
        p: &mut Problems,
    ) -> Vec<(String, &'a Value)> {
        let Value::Array(items) = v else {
            self.wrong(key, v, "a list [ ... ]", p);
            return Vec::new();
        };
        if items.len() < lo || items.len() > hi {
            let want = if lo == hi {
                format!("exactly {lo}")
            } else {
                format!("{lo} to {hi}")
            };
            p.json(
                &self.at(key),
                format!(
                    "has {} item{}, the profile needs {want}",
                    items.len(),
                    plural(items.len())
                ),
                if items.len() > hi {
                    format!("keep the {hi} most important and remove the rest")
                } else {
                    format!("add items until there are at least {lo}")
                },
            );
        }
        let base = self.at(key);
        items
            .iter()
            .enumerate()
            .map(|(i, item)| (child(&base, &i.to_string()), item))
            .collect()
    }

    pub(crate) fn opt_strings(&self, key: &str, p: &mut Problems) -> Vec<String> {
        let items = self.opt_array(key, (0, usize::MAX), p);
        strings_of(items, p)
    }
}

/// The longest run of characters a printed word usually has. A longer one still prints: the
/// template breaks it inside its box, where a reader would not expect a break, so it is warned
/// about.
pub(crate) const LONGEST_WORD: usize = 30;

/// What a reader counts as characters: grapheme clusters, so a letter with its combining
/// accents is one, and a word joiner (U+2060), which prints as nothing, is none.
pub(crate) fn graphemes(text: &str) -> usize {
    unicode_segmentation::UnicodeSegmentation::graphemes(text, true)
        .filter(|g| *g != "\u{2060}")
        .count()
}

/// Warns about a word too long to break across lines at a space, a hyphen or a zero width
/// space (U+200B, which Unicode makes a place to break and the typesetter prints as nothing).
pub(crate) fn check_breakable(pointer: &str, text: &str, p: &mut Problems) {
    let longest = text
        .split(|c: char| {
            c.is_whitespace()
                || matches!(
                    c,
                    '/' | '-' | '\u{2010}' | '\u{2013}' | '\u{2014}' | '\u{200B}'
                )
        })
        .max_by_key(|word| graphemes(word))
        .unwrap_or_default();
    let length = graphemes(longest);
    if length > LONGEST_WORD {
        let start: String = unicode_segmentation::UnicodeSegmentation::graphemes(longest, true)
            .take(20)
            .collect();
        p.warn_json(
            pointer,
            format!("the word \"{start}…\" is {length} characters long: it is broken inside the word where it does not fit its column"),
            format!("split it with spaces or hyphens into parts of at most {LONGEST_WORD} characters; for a web address, use the url field or a link [text](https://…)"),
        );
    }
}

fn strings_of(items: Vec<(String, &Value)>, p: &mut Problems) -> Vec<String> {
    texts_of(items, p)
        .into_iter()
        .map(|(pointer, s)| {
            check_breakable(&pointer, s, p);
            s.to_string()
        })
        .collect()
}

/// The texts of a list with their pointers, trimmed; an empty item or one that is not a text is
/// reported and left out.
pub(crate) fn texts_of<'a>(
    items: Vec<(String, &'a Value)>,
    p: &mut Problems,
) -> Vec<(String, &'a str)> {
    items
        .into_iter()
        .filter_map(|(pointer, v)| match v.as_str().map(str::trim) {
            Some(s) if !s.is_empty() => Some((pointer, s)),
            Some(_) => {
                p.json(
                    &pointer,
                    "empty text in a list",
                    "write the text or remove the item",
                );
                None
            }
            None => {
                p.json(
                    &pointer,
                    format!("expected a text, found {}", describe(v)),
                    "write the item in double quotes",
                );
                None
            }
        })
        .collect()
}

pub(crate) fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

pub(crate) fn quoted<'s>(words: impl Iterator<Item = &'s str>) -> String {
    let words: Vec<String> = words.map(|w| format!("\"{w}\"")).collect();
    match words.len() {
        0 => String::new(),
        1 => words[0].clone(),
        n => format!("{} or {}", words[..n - 1].join(", "), words[n - 1]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_count_what_a_reader_sees_as_one_character() {
        let accented = format!("e{}", "\u{301}".repeat(30));
        assert_eq!(graphemes(&accented), 1);
        assert_eq!(graphemes("Łódź"), 4);
        let mut p = Problems::new(std::path::Path::new("profile.json"));
        check_breakable("/survey/context", &format!("a {accented} word"), &mut p);
        assert!(
            p.into_vec().is_empty(),
            "one letter with 30 accents is not a long word"
        );
    }

    #[test]
    fn a_zero_width_space_is_a_place_to_break_and_a_word_joiner_takes_no_room() {
        let mut p = Problems::new(std::path::Path::new("profile.json"));
        let parts = format!("{}\u{200B}{}", "a".repeat(30), "b".repeat(30));
        check_breakable("/survey/context", &parts, &mut p);
        let joined = format!("{}\u{2060}{}", "a".repeat(15), "b".repeat(15));
        check_breakable("/survey/context", &joined, &mut p);
        assert!(p.into_vec().is_empty());
        assert_eq!(graphemes(&joined), 30);
    }
}
