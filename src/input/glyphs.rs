//! Characters the bundled fonts cannot draw. The template falls back from Roboto to the Noto
//! fonts (Georgian, Armenian, emoji); a character none of them has would print as a box, which
//! an archival PDF (PDF/A) may not contain, so it is an error naming the field it is in.

use serde_json::Value;

use super::problems::Problems;

/// Fields that are never printed as text.
pub(super) const NOT_PRINTED: [&str; 4] = ["url", "file", "id", "$schema"];

/// Reports once per field each character no bundled font covers.
pub(crate) fn check(value: &Value, pointer: &str, p: &mut Problems) {
    match value {
        Value::String(s) => {
            let mut seen = Vec::new();
            for c in s.chars().filter(|c| !covered(*c)) {
                if seen.contains(&c) {
                    continue;
                }
                seen.push(c);
                p.json(
                    pointer,
                    format!(
                        "\"{c}\" (U+{:04X}) is in none of the bundled fonts, and an archival PDF (PDF/A) cannot carry a character it cannot draw",
                        u32::from(c)
                    ),
                    "write it in another form (a transliteration), or ask for a font that covers it to be bundled",
                );
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                check(item, &super::json::child(pointer, &i.to_string()), p);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                if !NOT_PRINTED.contains(&key.as_str()) {
                    check(item, &super::json::child(pointer, key), p);
                }
            }
        }
        _ => {}
    }
}

/// Whether some bundled font draws `c`, or it needs no glyph of its own (spaces, joiners,
/// variation selectors and other marks shaped with the character before them).
fn covered(c: char) -> bool {
    if c.is_whitespace()
        || c.is_control()
        || matches!(u32::from(c), 0x200B..=0x200F | 0x2060 | 0xFE00..=0xFE0F | 0xE0020..=0xE007F | 0x1F3FB..=0x1F3FF)
    {
        return true;
    }
    crate::fonts::bundled()
        .fonts
        .iter()
        .any(|font| font.info().coverage.contains(u32::from(c)))
}
