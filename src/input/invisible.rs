//! Characters that print as nothing. Bidirectional controls can make a text read in another
//! order than it is written ("Trojan Source", CVE-2021-42574) and control characters are not
//! text at all: both are left out of what the profile prints, with a warning naming the field.
//! The zero-width characters that tell the typesetter something stay, and print as nothing.
//!
//! This runs on the parsed `profile.json` before it is read into the model, so every later
//! check and the template see the cleaned text; the file as read is kept byte for byte.

use serde_json::Value;

use super::problems::Problems;

/// Fields that name something instead of being printed: a file of the city folder, the city's
/// id. Their own checks refuse what does not fit their form, invisible characters included.
const NAMES: [&str; 3] = ["file", "id", "$schema"];

/// How much of the text before an invisible character a warning quotes, so that it can be
/// found in a long text.
const CONTEXT: usize = 30;

/// What becomes of a character that prints as nothing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Invisible {
    /// A bidirectional control, by name: left out, with a warning.
    Direction(&'static str),
    /// A C0 or C1 control character (not tab or a line end): left out, with a warning.
    Control,
    /// A control that other programs use as a line or page break: printed as a space (so the
    /// words on either side stay apart), with a warning.
    Break,
    /// Left out without a warning: a byte order mark inside a text (a stray from joined files;
    /// its other meaning, "no break here", is the word joiner's now), and in a web address the
    /// zero-width characters, which no address has.
    Stray,
}

/// The bidirectional controls: embeddings, overrides and isolates, and the marks that set a
/// direction. The marks cannot reorder a whole run as an override does, but they move digits
/// and punctuation around them; and every script the bundled fonts print (Latin, Cyrillic,
/// Greek, Georgian, Armenian) runs left to right, so no text the profile can print needs them.
const DIRECTION: [(char, &str); 12] = [
    ('\u{202A}', "left-to-right embedding"),
    ('\u{202B}', "right-to-left embedding"),
    ('\u{202C}', "pop directional formatting"),
    ('\u{202D}', "left-to-right override"),
    ('\u{202E}', "right-to-left override"),
    ('\u{2066}', "left-to-right isolate"),
    ('\u{2067}', "right-to-left isolate"),
    ('\u{2068}', "first strong isolate"),
    ('\u{2069}', "pop directional isolate"),
    ('\u{200E}', "left-to-right mark"),
    ('\u{200F}', "right-to-left mark"),
    ('\u{061C}', "Arabic letter mark"),
];

/// What becomes of `c` in a printed text (`address`: in a web address); `None` for a character
/// printed as it is.
///
/// Kept, and printed as nothing by the typesetter: tab, line feed and carriage return (white
/// space: line ends are Markdown's in narrative text), the zero width space (a place where the
/// line may break, as Unicode has it), the word joiner (a place where it may not), and the
/// zero width joiner and non-joiner. The bundled Noto Emoji draws sequences joined by the zero
/// width joiner as one picture (👩‍💻 is one glyph, not 👩 and 💻), so taking the joiner out would
/// change what prints; the non-joiner keeps letters such as "fl" from becoming a ligature.
fn invisible(c: char, address: bool) -> Option<Invisible> {
    if let Some((_, name)) = DIRECTION.iter().find(|(d, _)| *d == c) {
        return Some(Invisible::Direction(name));
    }
    match c {
        '\t' | '\n' | '\r' => None,
        '\u{0B}' | '\u{0C}' | '\u{85}' => Some(Invisible::Break),
        c if c.is_control() => Some(Invisible::Control),
        '\u{FEFF}' => Some(Invisible::Stray),
        '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{2060}' if address => Some(Invisible::Stray),
        _ => None,
    }
}

/// Takes the bidirectional and control characters out of every printed text in `value`
/// (`pointer` is where it sits), with a warning for each one a field holds.
pub(crate) fn leave_out(value: &mut Value, pointer: &str, p: &mut Problems) {
    match value {
        Value::String(text) => {
            let address = pointer.rsplit('/').next() == Some("url");
            if text.chars().any(|c| invisible(c, address).is_some()) {
                *text = cleaned(text, address, pointer, p);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                leave_out(item, &super::json::child(pointer, &i.to_string()), p);
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if !NAMES.contains(&key.as_str()) {
                    leave_out(item, &super::json::child(pointer, key), p);
                }
            }
        }
        _ => {}
    }
}

/// `text` without its invisible characters, warned about once per character and field.
fn cleaned(text: &str, address: bool, pointer: &str, p: &mut Problems) -> String {
    let mut out = String::with_capacity(text.len());
    // Each character warned about: how often, and the text before its first occurrence.
    let mut found: Vec<(char, Invisible, usize, String)> = Vec::new();
    for c in text.chars() {
        let Some(kind) = invisible(c, address) else {
            out.push(c);
            continue;
        };
        if kind != Invisible::Stray {
            match found.iter_mut().find(|(f, ..)| *f == c) {
                Some((_, _, times, _)) => *times += 1,
                None => found.push((c, kind, 1, place(&out))),
            }
        }
        if kind == Invisible::Break {
            out.push(' ');
        }
    }
    for (c, kind, times, place) in found {
        let times = match times {
            1 => String::new(),
            n => format!(" {n} times, the first"),
        };
        let code = u32::from(c);
        match kind {
            Invisible::Direction(name) => p.warn_json(
                pointer,
                format!(
                    "holds the invisible {name} (U+{code:04X}){times} {place}: it can make text read in another order than it is written, and is left out of what is printed"
                ),
                "delete it (an editor that shows invisible characters shows where it is); every script the profile prints runs left to right without it",
            ),
            Invisible::Control | Invisible::Break => p.warn_json(
                pointer,
                format!(
                    "holds the control character U+{code:04X}{times} {place}: it is not text, and is {}",
                    if kind == Invisible::Break {
                        "printed as a space"
                    } else {
                        "left out of what is printed"
                    }
                ),
                "delete it, or write what it stood for (a space, a new line); such characters come with text copied out of other programs",
            ),
            Invisible::Stray => {}
        }
    }
    out
}

/// Where in the text an invisible character sits, from the text before it: its last words up
/// to [`CONTEXT`] characters (`after "…the remaining 3 850 solid-fuel"`), or `at the start`.
fn place(before: &str) -> String {
    let mut words = before.split_whitespace().rev();
    let Some(last) = words.next() else {
        return "at the start".to_string();
    };
    // The last word alone is cut to its end when it is longer than the context.
    let length = last.chars().count();
    let mut quoted: String = last.chars().skip(length.saturating_sub(CONTEXT)).collect();
    let mut cut = length > CONTEXT;
    for word in words {
        if quoted.chars().count() + 1 + word.chars().count() > CONTEXT {
            cut = true;
            break;
        }
        quoted = format!("{word} {quoted}");
    }
    format!("after \"{}{quoted}\"", if cut { "…" } else { "" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::Place;
    use serde_json::json;

    /// The profile after [`leave_out`], and the warnings' pointers and messages.
    fn clean(mut profile: Value) -> (Value, Vec<(String, String)>) {
        let mut p = Problems::new(std::path::Path::new("profile.json"));
        leave_out(&mut profile, "", &mut p);
        let warnings = p
            .into_vec()
            .into_iter()
            .map(|problem| {
                assert!(!problem.is_error(), "{problem}");
                let Place::Json(pointer) = problem.place else {
                    panic!("{problem}")
                };
                (pointer, problem.message)
            })
            .collect();
        (profile, warnings)
    }

    #[test]
    fn every_bidirectional_control_is_left_out_with_a_warning() {
        for (c, name) in DIRECTION {
            let (profile, warnings) = clean(json!({ "city": { "name": format!("Arden{c}vale") } }));
            assert_eq!(
                profile["city"]["name"],
                "Ardenvale",
                "U+{:04X}",
                u32::from(c)
            );
            assert_eq!(
                warnings,
                [(
                    "/city/name".to_string(),
                    format!(
                        "holds the invisible {name} (U+{:04X}) after \"Arden\": it can make text read in another order than it is written, and is left out of what is printed",
                        u32::from(c)
                    )
                )]
            );
        }
    }

    #[test]
    fn the_whole_ranges_are_bidirectional_controls() {
        for code in (0x202A..=0x202E).chain(0x2066..=0x2069) {
            let c = char::from_u32(code).unwrap();
            assert!(
                matches!(invisible(c, false), Some(Invisible::Direction(_))),
                "U+{code:04X}"
            );
        }
    }

    #[test]
    fn a_control_repeated_in_a_field_is_one_warning_counting_them() {
        let text = "a\u{202E}b\u{202C} and again\u{202E}c";
        let (profile, warnings) = clean(json!({ "survey": { "finance": text } }));
        assert_eq!(profile["survey"]["finance"], "ab and againc");
        let messages: Vec<&str> = warnings.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(
            messages,
            [
                "holds the invisible right-to-left override (U+202E) 2 times, the first after \"a\": it can make text read in another order than it is written, and is left out of what is printed",
                "holds the invisible pop directional formatting (U+202C) after \"ab\": it can make text read in another order than it is written, and is left out of what is printed",
            ]
        );
    }

    #[test]
    fn zero_width_characters_stay_in_text_without_a_warning() {
        let text = "Donaudampf\u{200B}schiff, Auf\u{200C}lage, 👩\u{200D}💻, 10\u{2060}%";
        let (profile, warnings) = clean(json!({ "survey": { "context": text } }));
        assert_eq!(profile["survey"]["context"], text);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_byte_order_mark_inside_text_and_zero_widths_in_an_address_go_silently() {
        let (profile, warnings) = clean(json!({
            "survey": { "context": "one\u{FEFF}two" },
            "references": { "flagship": [{ "url": "https://example.org/long\u{200B}/path\u{2060}" }] },
        }));
        assert_eq!(profile["survey"]["context"], "onetwo");
        assert_eq!(
            profile["references"]["flagship"][0]["url"],
            "https://example.org/long/path"
        );
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn control_characters_are_left_out_and_line_breaks_of_other_programs_become_spaces() {
        let text = "bell\u{7} escape\u{1B}[31m next\u{B}line page\u{C}two nel\u{85}end c1\u{90}x\ttab\nline";
        let (profile, warnings) = clean(json!({ "showcase": { "key_messages": [text] } }));
        assert_eq!(
            profile["showcase"]["key_messages"][0],
            "bell escape[31m next line page two nel end c1x\ttab\nline"
        );
        let messages: Vec<&str> = warnings.iter().map(|(_, m)| m.as_str()).collect();
        assert_eq!(messages.len(), 6, "{messages:#?}");
        assert_eq!(
            messages[0],
            "holds the control character U+0007 after \"bell\": it is not text, and is left out of what is printed"
        );
        assert_eq!(
            messages[2],
            "holds the control character U+000B after \"bell escape[31m next\": it is not text, and is printed as a space"
        );
        assert!(
            warnings
                .iter()
                .all(|(pointer, _)| pointer == "/showcase/key_messages/0")
        );
    }

    #[test]
    fn names_of_files_and_ids_are_left_to_their_own_checks() {
        let profile = json!({
            "city": { "id": "arden\u{202E}vale" },
            "images": { "cover": { "file": "images/cover\u{202E}gpj.exe" } },
        });
        let (cleaned, warnings) = clean(profile.clone());
        assert_eq!(cleaned, profile);
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    #[test]
    fn a_long_text_is_quoted_only_just_before_the_character() {
        assert_eq!(place(""), "at the start");
        assert_eq!(place("  Complete\n the "), "after \"Complete the\"");
        assert_eq!(
            place(&"x".repeat(40)),
            format!("after \"…{}\"", "x".repeat(CONTEXT))
        );
        assert_eq!(
            place("Complete the replacement of the remaining 3 850 solid-fuel "),
            "after \"…the remaining 3 850 solid-fuel\""
        );
    }
}
