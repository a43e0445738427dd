//! The typographic pass over every text the template prints from the data: one choice of
//! quotes for the city's text and the template's alike (the template's markup quotes are
//! Typst's curly English ones; straight quotes in the data become the same), and spaces that
//! must not break (inside a figure, between a figure and its unit, after a currency code).
//! Only spacing and quote characters change; the words are the city's, in their order.

use serde_json::Value;

use crate::format::NARROW_NBSP;

const NBSP: char = '\u{00A0}';

/// Fields that are not printed as text: addresses, file paths, ids, pointers.
const NOT_TEXT: [&str; 6] = ["url", "path", "file", "id", "pointer", "code"];

/// Applies [`printed`] to every string inside `value`, except addresses and the like.
pub fn apply(value: &mut Value) {
    match value {
        Value::String(s) => *s = printed(s),
        Value::Array(items) => items.iter_mut().for_each(apply),
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if !NOT_TEXT.contains(&key.as_str()) {
                    apply(item);
                }
            }
        }
        _ => {}
    }
}

/// A text as printed: curly quotes, non-breaking spaces where a break would split a figure, and
/// places to break inside a word too long for any column (the input check warns about it).
pub fn printed(text: &str) -> String {
    breakable(&typographic(text))
}

/// Words longer than this many characters get a zero-width break opportunity every
/// [`BREAK_EVERY`] characters, so that they break inside their box instead of running out of it.
const LONG_WORD: usize = 30;
const BREAK_EVERY: usize = 12;

fn breakable(text: &str) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    // A zero-width space the city wrote is already a place to break, as a space is.
    let ends_word = |c: char| c.is_whitespace() || c == '\u{200B}';
    if !text.split(ends_word).any(|w| w.len() > LONG_WORD) {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len() + 16);
    let mut word: Vec<&str> = Vec::new();
    let flush = |word: &mut Vec<&str>, out: &mut String| {
        let long = word.len() > LONG_WORD;
        for (i, g) in word.iter().enumerate() {
            if long && i > 0 && i % BREAK_EVERY == 0 {
                out.push('\u{200B}');
            }
            out.push_str(g);
        }
        word.clear();
    };
    for g in text.graphemes(true) {
        if g.chars().all(ends_word) {
            flush(&mut word, &mut out);
            out.push_str(g);
        } else {
            word.push(g);
        }
    }
    flush(&mut word, &mut out);
    out
}

fn typographic(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (i, &c) in chars.iter().enumerate() {
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let opens = before.is_none_or(|b| b.is_whitespace() || "([{‘“—–-/".contains(b));
        match c {
            '\'' if opens && after.is_some_and(|a| !a.is_whitespace()) => out.push('‘'),
            '\'' => out.push('’'),
            '"' if opens => out.push('“'),
            '"' => out.push('”'),
            ' ' | NBSP if keeps_together(&chars, i) => {
                // Digit groups get the thin separator figures use; the rest a plain NBSP.
                let group = before.is_some_and(|b| b.is_ascii_digit())
                    && chars[i + 1..]
                        .iter()
                        .take_while(|d| d.is_ascii_digit())
                        .count()
                        == 3
                    && chars.get(i + 4).is_none_or(|d| !d.is_ascii_digit());
                out.push(if group { NARROW_NBSP } else { NBSP });
            }
            _ => out.push(c),
        }
    }
    out
}

/// Whether the space at `i` joins a figure to its other half: digit groups (`100 000`), a
/// figure and a short unit after it (`25 %`, `118.6 km²`, `10.4 °C`), a currency code and the
/// figure after it (`EUR 31 400`).
fn keeps_together(chars: &[char], i: usize) -> bool {
    let before = i.checked_sub(1).map(|j| chars[j]);
    let next_word: String = chars[i + 1..]
        .iter()
        .take_while(|c| !c.is_whitespace())
        .collect();
    let previous_word: String = {
        let mut w: Vec<char> = chars[..i]
            .iter()
            .rev()
            .take_while(|c| !c.is_whitespace())
            .copied()
            .collect();
        w.reverse();
        w.into_iter().collect()
    };
    let digit_before = before.is_some_and(|b| b.is_ascii_digit());
    let digit_after = next_word.starts_with(|c: char| c.is_ascii_digit());
    if digit_before && digit_after {
        // "100 000", but not "in 2019 2 000 people" style runs of unrelated figures: a group
        // is exactly three digits.
        return next_word.chars().take_while(char::is_ascii_digit).count() == 3;
    }
    if digit_before && is_unit(&next_word) {
        return true;
    }
    digit_after
        && (previous_word == "per"
            || (previous_word.len() == 3 && previous_word.chars().all(|c| c.is_ascii_uppercase())))
}

/// Units and symbols that follow a figure.
fn is_unit(word: &str) -> bool {
    let word = word.trim_end_matches([',', '.', ';', ':', ')']);
    const UNITS: [&str; 28] = [
        "%", "‰", "km²", "km2", "km", "m", "m²", "m³", "ha", "t", "kg", "kt", "Mt", "kWh", "MWh",
        "GWh", "MW", "GW", "kW", "°C", "mm", "cm", "µg/m³", "l", "EUR", "USD", "min", "h",
    ];
    UNITS.contains(&word) || word.starts_with('°') || word == "per"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn figures_do_not_break_inside_or_from_their_unit() {
        assert_eq!(
            printed("118 400 per 100 000"),
            "118\u{202F}400\u{A0}per\u{A0}100\u{202F}000"
        );
        assert_eq!(printed("21.4 % of residents"), "21.4\u{A0}% of residents");
        assert_eq!(printed("EUR 31 400"), "EUR\u{A0}31\u{202F}400");
        assert_eq!(printed("118.6 km²"), "118.6\u{A0}km²");
        assert_eq!(printed("in 2019 and 2024"), "in 2019 and 2024");
    }

    #[test]
    fn a_word_too_long_for_a_column_gets_places_to_break() {
        let word = "BRKFLD2024SMARTCITYINITIATIVEPHASEONE";
        let printed = printed(&format!("code {word} here"));
        assert_eq!(printed.replace('\u{200B}', ""), format!("code {word} here"));
        assert_eq!(printed.matches('\u{200B}').count(), 3);
        assert_eq!(
            super::printed("short words stay as they are"),
            "short words stay as they are"
        );
        // Where the city marked its own places to break, no others are made.
        let marked = "BRKFLD2024SMART\u{200B}CITYINITIATIVE\u{200B}PHASEONE";
        assert_eq!(super::printed(marked), marked);
    }

    #[test]
    fn quotes_are_curly_and_in_order() {
        assert_eq!(
            printed("the city's \"open data\" portal"),
            "the city’s “open data” portal"
        );
        assert_eq!(printed("'Green Ring' (2021)"), "‘Green Ring’ (2021)");
        assert_eq!(printed("the 1990s' plans"), "the 1990s’ plans");
    }
}
