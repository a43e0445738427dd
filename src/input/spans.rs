//! Where each value of a JSON text starts, by JSON pointer, so that problems found in the parsed
//! value can name a line and column an editor can jump to. `serde_json::Value` keeps no
//! positions, so this walks the text once more; it runs only on text serde_json has accepted.

use std::collections::HashMap;

use super::json::child;

/// Line and column (1-based; the column counts characters) of every member and item, keyed by
/// JSON pointer. A member's position is that of its key, where an editor shows the field.
pub(crate) fn positions(text: &str) -> HashMap<String, (usize, usize)> {
    let mut scanner = Scanner {
        chars: text.chars().collect(),
        at: 0,
        line: 1,
        column: 1,
        found: HashMap::new(),
    };
    scanner.skip_space();
    scanner.found.insert(String::new(), scanner.position());
    scanner.value(String::new());
    scanner.found
}

/// The position of `pointer`, or of its nearest ancestor present in the text (a missing field
/// is reported where its object starts).
pub(crate) fn locate(
    positions: &HashMap<String, (usize, usize)>,
    pointer: &str,
) -> Option<(usize, usize)> {
    let mut pointer = pointer;
    loop {
        if let Some(position) = positions.get(pointer) {
            return Some(*position);
        }
        pointer = &pointer[..pointer.rfind('/')?];
    }
}

struct Scanner {
    chars: Vec<char>,
    at: usize,
    line: usize,
    column: usize,
    found: HashMap<String, (usize, usize)>,
}

impl Scanner {
    fn position(&self) -> (usize, usize) {
        (self.line, self.column)
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += 1;
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_space(&mut self) {
        while self
            .peek()
            .is_some_and(|c| matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{feff}'))
        {
            self.bump();
        }
    }

    /// Reads the value starting here; records the positions of the members and items inside.
    fn value(&mut self, pointer: String) {
        match self.peek() {
            Some('{') => self.object(&pointer),
            Some('[') => self.array(&pointer),
            Some('"') => {
                self.string();
            }
            Some(_) => {
                // A number, true, false or null: up to the next delimiter.
                while self
                    .peek()
                    .is_some_and(|c| !matches!(c, ',' | '}' | ']') && !c.is_whitespace())
                {
                    self.bump();
                }
            }
            None => {}
        }
    }

    fn object(&mut self, pointer: &str) {
        self.bump();
        loop {
            self.skip_space();
            match self.peek() {
                Some('"') => {
                    let start = self.position();
                    let key = self.string();
                    let member = child(pointer, &key);
                    self.found.insert(member.clone(), start);
                    self.skip_space();
                    if self.peek() == Some(':') {
                        self.bump();
                    }
                    self.skip_space();
                    self.value(member);
                    self.skip_space();
                    if self.peek() == Some(',') {
                        self.bump();
                    }
                }
                Some('}') => {
                    self.bump();
                    return;
                }
                // Not JSON serde_json accepted; stop rather than guess.
                _ => {
                    self.at = self.chars.len();
                    return;
                }
            }
        }
    }

    fn array(&mut self, pointer: &str) {
        self.bump();
        let mut index = 0;
        loop {
            self.skip_space();
            match self.peek() {
                Some(']') => {
                    self.bump();
                    return;
                }
                Some(_) => {
                    let item = child(pointer, &index.to_string());
                    self.found.insert(item.clone(), self.position());
                    let before = self.at;
                    self.value(item);
                    self.skip_space();
                    if self.peek() == Some(',') {
                        self.bump();
                    } else if self.at == before {
                        self.at = self.chars.len();
                        return;
                    }
                    index += 1;
                }
                None => return,
            }
        }
    }

    /// Reads a string literal and returns its text with escapes resolved.
    fn string(&mut self) -> String {
        self.bump();
        let mut text = String::new();
        while let Some(c) = self.bump() {
            match c {
                '"' => break,
                '\\' => match self.bump() {
                    Some('n') => text.push('\n'),
                    Some('t') => text.push('\t'),
                    Some('r') => text.push('\r'),
                    Some('b') => text.push('\u{8}'),
                    Some('f') => text.push('\u{c}'),
                    Some('u') => text.push(self.unicode_escape()),
                    Some(other) => text.push(other),
                    None => break,
                },
                other => text.push(other),
            }
        }
        text
    }

    /// The character of a `\uXXXX` escape, joining surrogate pairs.
    fn unicode_escape(&mut self) -> char {
        let high = self.hex4();
        if (0xD800..0xDC00).contains(&high)
            && self.peek() == Some('\\')
            && self.chars.get(self.at + 1) == Some(&'u')
        {
            self.bump();
            self.bump();
            let low = self.hex4();
            let code = 0x10000 + ((high - 0xD800) << 10) + (low.wrapping_sub(0xDC00) & 0x3FF);
            return char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
        }
        char::from_u32(high).unwrap_or(char::REPLACEMENT_CHARACTER)
    }

    fn hex4(&mut self) -> u32 {
        let mut n = 0;
        for _ in 0..4 {
            let digit = self.peek().and_then(|c| c.to_digit(16));
            match digit {
                Some(d) => {
                    n = n * 16 + d;
                    self.bump();
                }
                None => break,
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn members_and_items_are_found_where_an_editor_shows_them() {
        let text = "{\n  \"a\": 1,\n  \"b\": [\n    {\"c/d\": \"x\\\"y\"},\n    2\n  ],\n  \"é\": \"\\u00e9\"\n}";
        let found = positions(text);
        assert_eq!(found["/a"], (2, 3));
        assert_eq!(found["/b"], (3, 3));
        assert_eq!(found["/b/0"], (4, 5));
        assert_eq!(found["/b/0/c~1d"], (4, 6));
        assert_eq!(found["/b/1"], (5, 5));
        assert_eq!(found["/é"], (7, 3));
        assert_eq!(locate(&found, "/b/0/missing"), Some((4, 5)));
        assert_eq!(locate(&found, "/nowhere"), Some((1, 1)));
    }
}
