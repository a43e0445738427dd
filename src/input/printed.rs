//! Which field of `profile.json` printed a piece of text, so that a check on the laid-out pages
//! (text drawn over text) can name the fields it found there. The pages hold the text as
//! printed (Markdown read, quotes curled, figures joined), so both sides are compared on their
//! letters and digits alone.

use serde_json::Value;

/// Fewer letters and digits than this say too little to tell one field from another.
const TELLING: usize = 12;

/// Every printed string of a profile, by JSON pointer, reduced to its letters and digits.
pub struct PrintedFields {
    fields: Vec<(String, String)>,
}

impl PrintedFields {
    /// The printed strings of `profile` (the parsed `profile.json`); addresses, file names and
    /// identifiers are not printed and so left out.
    pub fn of(profile: &Value) -> PrintedFields {
        let mut fields = Vec::new();
        collect(profile, "", &mut fields);
        PrintedFields { fields }
    }

    /// The field that printed `text` (a run of one line as laid out), if the run is long enough
    /// to tell and one field holds it; the first in file order if several do.
    pub fn field_of(&self, text: &str) -> Option<&str> {
        let run = letters(text.trim_end_matches(['-', '\u{2010}', '\u{00AD}']));
        if run.chars().count() < TELLING {
            return None;
        }
        self.fields
            .iter()
            .find(|(_, printed)| printed.contains(&run))
            .map(|(pointer, _)| pointer.as_str())
    }

    /// Whether the field at `pointer` printed `text` (as [`PrintedFields::field_of`] tells
    /// it: a run long enough to tell, compared on its letters and digits).
    pub fn holds(&self, pointer: &str, text: &str) -> bool {
        let run = letters(text.trim_end_matches(['-', '\u{2010}', '\u{00AD}']));
        run.chars().count() >= TELLING
            && self
                .fields
                .iter()
                .any(|(p, printed)| p == pointer && printed.contains(&run))
    }
}

/// Lower-case letters and digits only: what survives Markdown, typography and line breaks.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

fn collect(value: &Value, pointer: &str, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) => out.push((pointer.to_string(), letters(s))),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                collect(item, &super::json::child(pointer, &i.to_string()), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                if !super::glyphs::NOT_PRINTED.contains(&key.as_str()) {
                    collect(item, &super::json::child(pointer, key), out);
                }
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_run_of_text_is_traced_to_the_field_that_printed_it() {
        let profile = serde_json::json!({
            "survey": {"finance": "The city's budget is **EUR 412 million**, of which 28 % is invested."},
            "showcase": {"recommendations": [{"text": "Replace the boilers.", "url": "https://boilers.example"}]}
        });
        let fields = PrintedFields::of(&profile);
        assert_eq!(
            fields.field_of("budget is EUR 412 mil-"),
            Some("/survey/finance")
        );
        assert_eq!(
            fields.field_of("Replace the boilers."),
            Some("/showcase/recommendations/0/text")
        );
        // Too short to tell, and text no field holds (a heading of the template).
        assert_eq!(fields.field_of("28 %"), None);
        assert_eq!(fields.field_of("Policies, programmes and projects"), None);
    }
}
