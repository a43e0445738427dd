//! Word-level differences between a field's text in the draft commented on and now, for the
//! resolution report: both sides as runs of unchanged, removed and added words, with long
//! unchanged stretches cut to a few words of context so the change stands out.

use std::time::{Duration, Instant};

use serde::Serialize;
use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

/// Unchanged words kept on each side of a change; longer unchanged runs are cut.
const CONTEXT: usize = 12;
/// Long enough for any profile field; a pathological text gets a coarser diff, not a hang.
const DEADLINE: Duration = Duration::from_secs(2);

/// A run of text as the report prints it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(super) struct Segment {
    pub kind: Kind,
    pub text: String,
    /// A word printed in emphasis or strong in the profile: a segment of its own.
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub emph: bool,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub strong: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub(super) enum Kind {
    Same,
    Removed,
    Added,
    /// Unchanged words left out.
    Gap,
    /// A line break of the text (between paragraphs or list items).
    Break,
}

/// The two sides of a comparison.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Compared {
    pub before: Vec<Segment>,
    pub after: Vec<Segment>,
    pub changed: bool,
}

/// A word and whether it starts a line of its text.
#[derive(Debug, Clone)]
struct Word {
    text: String,
    starts_line: bool,
    emph: bool,
    strong: bool,
}

/// The words of a text as the profile prints them (Markdown's syntax gone, a list item with
/// its bullet), each marked where it starts a line: a paragraph, a list item, or a line of
/// the text as written (the fields of an item, one per line).
fn words(text: &str) -> Vec<Word> {
    let mut out: Vec<Word> = Vec::new();
    for (i, line) in text
        .split("\n\n")
        .filter(|l| !l.trim().is_empty())
        .enumerate()
    {
        for (j, word) in crate::round::words::printed_words(line)
            .into_iter()
            .enumerate()
        {
            use crate::round::words::Starts;
            let text = match word.starts {
                Starts::Item => format!("• {}", word.text),
                _ => word.text,
            };
            // `word*emphasis*` prints as one word.
            if word.joined
                && j > 0
                && let Some(last) = out.last_mut()
            {
                last.text.push_str(&text);
                continue;
            }
            out.push(Word {
                text,
                starts_line: (i > 0 && j == 0) || (j > 0 && word.starts != Starts::Word),
                emph: word.emph,
                strong: word.strong,
            });
        }
    }
    out
}

/// Compares two texts word by word; line breaks are kept for display but do not count as
/// changes.
pub(super) fn compare(before: &str, after: &str) -> Compared {
    let old = words(before);
    let new = words(after);
    let old_text: Vec<&str> = old.iter().map(|w| w.text.as_str()).collect();
    let new_text: Vec<&str> = new.iter().map(|w| w.text.as_str()).collect();
    let ops = capture_diff_slices_deadline(
        Algorithm::Myers,
        &old_text,
        &new_text,
        Some(Instant::now() + DEADLINE),
    );
    let mut compared = Compared {
        before: Vec::new(),
        after: Vec::new(),
        changed: false,
    };
    let last = ops.len().saturating_sub(1);
    for (i, op) in ops.iter().enumerate() {
        let (tag, old_range, new_range) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {
                let keep = Keep {
                    head: i > 0,
                    tail: i < last,
                };
                push_equal(&mut compared.before, &old[old_range], keep);
                push_equal(&mut compared.after, &new[new_range], keep);
            }
            DiffTag::Delete | DiffTag::Insert | DiffTag::Replace => {
                compared.changed = true;
                push(&mut compared.before, &old[old_range], Kind::Removed);
                push(&mut compared.after, &new[new_range], Kind::Added);
            }
        }
    }
    compared
}

/// Which ends of an unchanged run border a change, and so keep their words.
#[derive(Debug, Clone, Copy)]
struct Keep {
    head: bool,
    tail: bool,
}

/// An unchanged run, cut to `CONTEXT` words beside each change it borders. A run that borders
/// no change (the text is unchanged) keeps its opening words.
fn push_equal(out: &mut Vec<Segment>, run: &[Word], keep: Keep) {
    let n = run.len();
    let (head, tail) = match (keep.head, keep.tail) {
        (false, false) => (2 * CONTEXT, 0),
        (true, true) => (CONTEXT, CONTEXT),
        (true, false) => (CONTEXT, 0),
        (false, true) => (0, CONTEXT),
    };
    if n <= head + tail + 3 {
        push(out, run, Kind::Same);
        return;
    }
    push(out, &run[..head], Kind::Same);
    out.push(Segment {
        kind: Kind::Gap,
        text: "…".to_string(),
        emph: false,
        strong: false,
    });
    push(out, &run[n - tail..], Kind::Same);
}

/// Appends words as segments of `kind`, with the spaces and line breaks between them.
fn push(out: &mut Vec<Segment>, run: &[Word], kind: Kind) {
    for word in run {
        if !out.is_empty() {
            if word.starts_line {
                out.push(Segment {
                    kind: Kind::Break,
                    text: String::new(),
                    emph: false,
                    strong: false,
                });
            } else if out
                .last()
                .is_some_and(|s| !matches!(s.kind, Kind::Break | Kind::Gap))
            {
                append(out, Kind::Same, " ");
            }
        }
        if word.emph || word.strong {
            out.push(Segment {
                kind,
                text: word.text.clone(),
                emph: word.emph,
                strong: word.strong,
            });
        } else {
            append(out, kind, &word.text);
        }
    }
}

/// Adds text to the last segment when it is of the same kind, else starts a segment. A space
/// between two words of a change belongs to the change, so it is marked as one run.
fn append(out: &mut Vec<Segment>, kind: Kind, text: &str) {
    if kind != Kind::Same
        && let [.., marked, space] = out.as_mut_slice()
        && marked.kind == kind
        && !marked.emph
        && !marked.strong
        && space.kind == Kind::Same
        && space.text == " "
    {
        marked.text.push(' ');
        marked.text.push_str(text);
        out.pop();
        return;
    }
    match out.last_mut() {
        Some(last)
            if last.kind == kind
                && !last.emph
                && !last.strong
                && kind != Kind::Gap
                && kind != Kind::Break =>
        {
            last.text.push_str(text);
        }
        _ => out.push(Segment {
            kind,
            text: text.to_string(),
            emph: false,
            strong: false,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(segments: &[Segment]) -> String {
        segments
            .iter()
            .map(|s| match s.kind {
                Kind::Same => s.text.clone(),
                Kind::Removed => format!("[-{}-]", s.text),
                Kind::Added => format!("{{+{}+}}", s.text),
                Kind::Gap => "…".to_string(),
                Kind::Break => "¶".to_string(),
            })
            .collect()
    }

    #[test]
    fn a_changed_word_is_marked_on_both_sides() {
        let c = compare(
            "Ardenvale is the second-largest city of Valdoria.",
            "Ardenvale is the third-largest city of Valdoria.",
        );
        assert!(c.changed);
        assert_eq!(
            shown(&c.before),
            "Ardenvale is the [-second-largest-] city of Valdoria."
        );
        assert_eq!(
            shown(&c.after),
            "Ardenvale is the {+third-largest+} city of Valdoria."
        );
    }

    #[test]
    fn several_changed_words_in_a_row_are_one_run() {
        let c = compare("one two three four", "one five six four");
        assert_eq!(shown(&c.before), "one [-two three-] four");
        assert_eq!(shown(&c.after), "one {+five six+} four");
    }

    #[test]
    fn long_unchanged_stretches_are_cut_to_context() {
        let long: Vec<String> = (1..=60).map(|i| format!("w{i}")).collect();
        let before = long.join(" ");
        let after = before.replace("w30 ", "x30 ");
        let c = compare(&before, &after);
        let after = shown(&c.after);
        assert!(after.starts_with("…w18 w19"), "{after}");
        assert!(after.contains("w29 {+x30+} w31"), "{after}");
        assert!(after.ends_with("w42…"), "{after}");
    }

    #[test]
    fn paragraph_breaks_show_but_are_not_changes() {
        let c = compare("first line\n\nsecond line", "first line\n\n\nsecond line");
        assert!(!c.changed);
        assert_eq!(shown(&c.after), "first line¶second line");
    }

    #[test]
    fn an_added_paragraph_is_marked() {
        let c = compare("a\n\nb", "a\n\nb\n\nc d");
        assert_eq!(shown(&c.before), "a¶b");
        assert_eq!(shown(&c.after), "a¶b¶{+c d+}");
    }

    #[test]
    fn markdown_shows_as_printed() {
        let c = compare(
            "Funds:\n\n- *grants*;\n- a loan.",
            "Funds:\n\n- *grants*;\n- a bond.",
        );
        assert_eq!(shown(&c.after), "Funds:¶• grants;¶• a {+bond.+}");
        // The emphasised word keeps its emphasis, as a segment of its own.
        let grants = c.after.iter().find(|s| s.text.contains("grants")).unwrap();
        assert!(grants.emph && !grants.strong, "{grants:?}");
    }
}
