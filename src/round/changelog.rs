//! The change log: a draft diff as a PDF for the city, and as text for a terminal.

use std::fmt::Write as _;

use serde_json::Value;

use super::diff::{Change, DraftDiff, change_kind, field_label};
use super::words::{Span, Starts, Word, typed_words};

/// Words of unchanged text shown on each side of a change.
const CONTEXT_WORDS: usize = 6;

impl DraftDiff {
    /// The change log as a PDF: an A4 document of its own (typst-templates/changes.typ), with
    /// removed words struck through and inserted words marked. Same changes, same bytes.
    pub fn to_pdf(&self) -> Result<Vec<u8>, crate::Error> {
        let count = |kinds: &[&str]| {
            self.changes
                .iter()
                .filter(|c| kinds.contains(&change_kind(c)))
                .count()
        };
        let counted =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let summary = format!(
            "{}; {} and {} moved",
            counted(
                count(&["edited", "added", "removed", "value", "file"]),
                "change to text and data",
                "changes to text and data"
            ),
            counted(count(&["kpi"]), "KPI result", "KPI results"),
            counted(count(&["score"]), "score", "scores"),
        );
        let changes: Vec<Value> = self
            .changes
            .iter()
            .map(|c| {
                // Edits show the changed words with a few words around them, as on the terminal.
                let shown = match c {
                    Change::Edited { pointer, spans } => Change::Edited {
                        pointer: pointer.clone(),
                        spans: trimmed(spans),
                    },
                    // The template has no kind of its own for a file: its words, as an edit's
                    // (the body font has no arrow).
                    Change::File { what, .. } => Change::Edited {
                        pointer: String::new(),
                        spans: vec![Span::Same(typed_words(&format!(
                            "Changed as a file (attached to the PDF): {}.",
                            what.join("; ").replace(" → ", " to ")
                        )))],
                    },
                    other => other.clone(),
                };
                let mut v = serde_json::to_value(&shown).unwrap_or(Value::Null);
                let label = match c {
                    Change::Edited { pointer, .. }
                    | Change::Added { pointer, .. }
                    | Change::Removed { pointer, .. }
                    | Change::Value { pointer, .. } => field_label(pointer),
                    Change::Kpi { label, .. } => label.clone(),
                    Change::File { file, .. } => file.clone(),
                    Change::Score { group, .. } => group.clone(),
                };
                if let Value::Object(map) = &mut v {
                    map.insert("label".into(), label.into());
                    if matches!(c, Change::File { .. }) {
                        map.insert("pointer".into(), Value::Null);
                    }
                    map.entry("pointer").or_insert(Value::Null);
                }
                v
            })
            .collect();
        let data = serde_json::json!({
            "title": format!("Change log: Smart Sustainable City Profile: {}", self.city),
            "city": self.city,
            "from": self.from,
            "to": self.to,
            "summary": summary,
            "authors": self.authors,
            "date": { "year": self.date.year, "month": self.date.month, "day": self.date.day },
            "generator": concat!("sscp ", env!("CARGO_PKG_VERSION")),
            "changes": changes,
        });
        let bytes = serde_json::to_vec_pretty(&data).unwrap_or_default();
        let files = vec![("data/changes.json".to_string(), bytes)];
        let compiled = crate::typeset::compile("changes.typ", files, self.date)?;
        let identity = crate::export::Identity {
            ident: format!("sscp/{}/changes/{}/{}", self.city_id, self.from, self.to),
            date: Some(self.date),
            title: None,
            subject: None,
        };
        Ok(crate::export::pdf_with(
            &compiled.document,
            &identity,
            &|d| compiled.explain(d),
        )?)
    }

    /// The changes for a terminal: `[-removed-]{+inserted+}` as `git diff --word-diff` shows
    /// them, with a few words of context.
    pub fn to_text(&self) -> String {
        let mut out = format!("Changes from {} to {}\n", self.from, self.to);
        if self.changes.is_empty() {
            out.push_str("  no changes\n");
        }
        for change in &self.changes {
            let _ = match change {
                Change::Edited { pointer, spans } => {
                    writeln!(out, "edited   {pointer}: {}", excerpt(spans))
                }
                Change::Added { pointer, text, .. } => {
                    writeln!(out, "added    {pointer}: {}", clip(text, 160))
                }
                Change::Removed { pointer, text, .. } => {
                    writeln!(out, "removed  {pointer}: {}", clip(text, 160))
                }
                Change::Value {
                    pointer,
                    before,
                    after,
                } => writeln!(out, "changed  {pointer}: {before} → {after}"),
                Change::Kpi {
                    code,
                    label,
                    before,
                    after,
                } => writeln!(out, "KPI      {code} {label}: {before} → {after}"),
                Change::File { file, what } => writeln!(
                    out,
                    "file     {file} changed as a file (attached to the PDF): {}",
                    what.join("; ")
                ),
                Change::Score {
                    group,
                    before,
                    after,
                } => writeln!(out, "score    {group}: {before} → {after}"),
            };
        }
        out
    }
}

/// The changed words of an edit with a few words around each change.
fn excerpt(spans: &[Span]) -> String {
    let parts: Vec<String> = trimmed(spans)
        .iter()
        .map(|span| match span {
            Span::Removed(_) => format!("[-{}-]", span.text()),
            Span::Inserted(_) => format!("{{+{}+}}", span.text()),
            Span::Same(_) => span.text(),
        })
        .filter(|part| !part.is_empty())
        .collect();
    parts.join(" ").replace('\n', " ")
}

/// The spans of an edit with the unchanged runs cut to the words next to the changes.
fn trimmed(spans: &[Span]) -> Vec<Span> {
    let last = spans.len().saturating_sub(1);
    spans
        .iter()
        .enumerate()
        .map(|(i, span)| match span {
            Span::Same(words) => Span::Same(context(words, i == 0, i == last)),
            other => other.clone(),
        })
        .collect()
}

/// Unchanged words between changes, shortened to the few next to them: before the first change
/// only its lead-in, after the last only the words that follow it. A cut is an "…" word.
fn context(words: &[Word], first: bool, last: bool) -> Vec<Word> {
    let k = CONTEXT_WORDS;
    let gap = || Word {
        text: "…".into(),
        emph: false,
        strong: false,
        starts: Starts::Word,
        joined: false,
    };
    let n = words.len();
    let joined =
        |parts: &[&[Word]]| -> Vec<Word> { parts.iter().flat_map(|p| p.iter().cloned()).collect() };
    let gap = [gap()];
    match (first, last) {
        (true, false) if n > k => joined(&[&gap, &words[n - k..]]),
        (false, true) if n > k => joined(&[&words[..k], &gap]),
        (false, false) if n > 2 * k => joined(&[&words[..k], &gap, &words[n - k..]]),
        _ => words.to_vec(),
    }
}

fn clip(text: &str, longest: usize) -> String {
    if text.chars().count() <= longest {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(longest).collect::<String>())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::round::words::word_diff;

    #[test]
    fn words_that_changed_are_marked_with_context() {
        let spans = word_diff(
            "Ardenvale is the second-largest city of the Republic.",
            "Ardenvale is the third-largest city of the Republic.",
        );
        assert_eq!(
            excerpt(&spans),
            "Ardenvale is the [-second-largest-] {+third-largest+} city of the Republic."
        );
    }
}
