//! Word differences grouped into phrases, as a person marks an edit up.

use similar::ChangeTag;

/// A word as it prints: Markdown's syntax gone, its emphasis kept, and where it stands in its
/// text (the first word of a paragraph or of a list item).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Word {
    /// The word as printed, punctuation included; as typed where the Markdown would be refused.
    pub text: String,
    /// Set in italics (`*word*`).
    pub emph: bool,
    /// Set in bold (`**word**`).
    pub strong: bool,
    /// Whether it opens a paragraph or a list item, so the words can be laid out again.
    pub starts: Starts,
    /// Set right after the word before, with no space (`word*emphasis*`).
    pub joined: bool,
}

/// What a word opens: what goes before it when words are printed again (a space, a new
/// line, a bullet).
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Starts {
    /// Nothing: it follows the word before in the same paragraph, or is the text's first.
    Word,
    /// A paragraph after the first, or a line after a hard line break.
    Paragraph,
    /// A list item, bulleted or numbered.
    Item,
}

/// The words of a text as the profile prints it: narrative Markdown parsed as the template
/// renders it, or, where it would be refused, the words as typed.
pub fn printed_words(text: &str) -> Vec<Word> {
    match crate::input::narrative::parse(text) {
        Ok(narrative) => {
            let mut words = Vec::new();
            blocks(&narrative.0, Starts::Word, &mut words);
            words
        }
        Err(_) => typed_words(text),
    }
}

fn blocks(list: &[crate::model::Block], first: Starts, out: &mut Vec<Word>) {
    use crate::model::Block;
    for (i, block) in list.iter().enumerate() {
        let starts = if i == 0 { first } else { Starts::Paragraph };
        match block {
            Block::Para(inlines) => {
                let mut pending = Some(starts);
                inline(inlines, (false, false), &mut pending, out);
            }
            Block::List { items, .. } => {
                for item in items {
                    blocks(item, Starts::Item, out);
                }
            }
        }
    }
}

/// Walks inline text; `pending` is where the next word starts, until one is written.
fn inline(
    list: &[crate::model::Inline],
    style: (bool, bool),
    pending: &mut Option<Starts>,
    out: &mut Vec<Word>,
) {
    use crate::model::Inline;
    for item in list {
        match item {
            Inline::Text(text) => {
                let glued = !text.starts_with(char::is_whitespace) && pending.is_none();
                for (k, word) in text.split_whitespace().enumerate() {
                    let starts = pending.take().unwrap_or(Starts::Word);
                    push_words(out, word, style, starts);
                    if k == 0
                        && glued
                        && let Some(last) = out.last_mut()
                    {
                        last.joined = true;
                    }
                }
                if text.ends_with(char::is_whitespace) && pending.is_none() {
                    // The next piece starts a word of its own.
                    *pending = Some(Starts::Word);
                }
            }
            Inline::Emph(body) => inline(body, (true, style.1), pending, out),
            Inline::Strong(body) => inline(body, (style.0, true), pending, out),
            Inline::Link { body, .. } => inline(body, style, pending, out),
            Inline::Br => *pending = Some(Starts::Paragraph),
        }
    }
}

/// The words of a text as typed, no Markdown read: sscp's own wording, which may quote a
/// city's cells (`*`, `_` and all) and must print them as they are.
pub fn typed_words(text: &str) -> Vec<Word> {
    let mut words = Vec::new();
    for word in text.split_whitespace() {
        push_words(&mut words, word, (false, false), Starts::Word);
    }
    words
}

fn push_words(out: &mut Vec<Word>, word: &str, (emph, strong): (bool, bool), starts: Starts) {
    out.push(Word {
        text: word.to_string(),
        emph,
        strong,
        // A text's first word starts nothing, unless it opens a list item.
        starts: match starts {
            Starts::Paragraph if out.is_empty() => Starts::Word,
            other => other,
        },
        joined: false,
    });
}

/// Words as plain text: spaces between them, a new line before a paragraph, and "• " before
/// a list item.
pub fn plain(words: &[Word]) -> String {
    let mut out = String::new();
    for (i, word) in words.iter().enumerate() {
        match word.starts {
            Starts::Item => out.push_str(if i == 0 { "• " } else { "\n• " }),
            Starts::Paragraph if i > 0 => out.push('\n'),
            _ if i > 0 && !word.joined => out.push(' '),
            _ => {}
        }
        out.push_str(&word.text);
    }
    out
}

/// A piece of text with its changes: runs of unchanged, removed and inserted words.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Span {
    /// Words left as they were.
    Same(Vec<Word>),
    /// Words of the earlier text that the later one drops or replaces.
    Removed(Vec<Word>),
    /// Words of the later text in their place, right after the removal they replace, if any.
    Inserted(Vec<Word>),
}

impl Span {
    /// The span's words, whichever its kind.
    pub fn words(&self) -> &[Word] {
        match self {
            Span::Same(w) | Span::Removed(w) | Span::Inserted(w) => w,
        }
    }

    /// The words as plain text.
    pub fn text(&self) -> String {
        plain(self.words())
    }
}

/// The printed words of `after` against those of `before`.
pub fn word_diff(before: &str, after: &str) -> Vec<Span> {
    let (old, new) = (printed_words(before), printed_words(after));
    let key = |w: &Word| format!("{}|{}|{}|{:?}", w.text, w.emph, w.strong, w.starts);
    let (ko, kn): (Vec<String>, Vec<String>) =
        (old.iter().map(key).collect(), new.iter().map(key).collect());
    // Runs of one kind: (tag, words).
    let mut runs: Vec<(ChangeTag, Vec<Word>)> = Vec::new();
    let mut add = |tag: ChangeTag, words: &[Word]| {
        if words.is_empty() {
            return;
        }
        match runs.last_mut() {
            Some((last, run)) if *last == tag => run.extend_from_slice(words),
            _ => runs.push((tag, words.to_vec())),
        }
    };
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ko, &kn) {
        let (tag, a, b) = op.as_tag_tuple();
        match tag {
            similar::DiffTag::Equal => add(ChangeTag::Equal, &new[b]),
            similar::DiffTag::Delete => add(ChangeTag::Delete, &old[a]),
            similar::DiffTag::Insert => add(ChangeTag::Insert, &new[b]),
            similar::DiffTag::Replace => {
                add(ChangeTag::Delete, &old[a]);
                add(ChangeTag::Insert, &new[b]);
            }
        }
    }
    let length = |words: &[Word]| {
        words
            .iter()
            .map(|w| w.text.chars().count() + 1)
            .sum::<usize>()
            .saturating_sub(1)
    };
    // A semantic clean-up, as a person marks text up: an unchanged stretch between two
    // changes that is no longer than the change on either side of it (a space, a short word)
    // becomes part of both, so "Set aside 1 per cent" -> "Mobilise about EUR 25 million" reads
    // as one phrase replaced rather than alternating words.
    loop {
        let mut absorbed = false;
        for k in 1..runs.len().saturating_sub(1) {
            if runs[k].0 != ChangeTag::Equal {
                continue;
            }
            let side = |range: &mut dyn Iterator<Item = usize>| {
                let (mut deleted, mut inserted) = (0, 0);
                for i in range {
                    match runs[i].0 {
                        ChangeTag::Equal => break,
                        ChangeTag::Delete => deleted += length(&runs[i].1),
                        ChangeTag::Insert => inserted += length(&runs[i].1),
                    }
                }
                deleted.max(inserted)
            };
            let left = side(&mut (0..k).rev());
            let right = side(&mut (k + 1..runs.len()));
            let same = length(&runs[k].1);
            if left > 0 && right > 0 && same <= left && same <= right {
                let text = runs[k].1.clone();
                runs.splice(
                    k..=k,
                    [(ChangeTag::Delete, text.clone()), (ChangeTag::Insert, text)],
                );
                absorbed = true;
                break;
            }
        }
        if !absorbed {
            break;
        }
    }
    // Each stretch of changes as one removal followed by one insertion.
    let mut spans: Vec<Span> = Vec::new();
    let (mut removed, mut inserted) = (Vec::new(), Vec::new());
    let flush = |spans: &mut Vec<Span>, removed: &mut Vec<Word>, inserted: &mut Vec<Word>| {
        if !removed.is_empty() {
            spans.push(Span::Removed(std::mem::take(removed)));
        }
        if !inserted.is_empty() {
            spans.push(Span::Inserted(std::mem::take(inserted)));
        }
    };
    for (tag, text) in runs {
        match tag {
            ChangeTag::Equal => {
                flush(&mut spans, &mut removed, &mut inserted);
                spans.push(Span::Same(text));
            }
            ChangeTag::Delete => removed.extend(text),
            ChangeTag::Insert => inserted.extend(text),
        }
    }
    flush(&mut spans, &mut removed, &mut inserted);
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(spans: &[Span]) -> Vec<(&'static str, String)> {
        spans
            .iter()
            .map(|s| {
                let kind = match s {
                    Span::Same(_) => "same",
                    Span::Removed(_) => "removed",
                    Span::Inserted(_) => "inserted",
                };
                (kind, s.text())
            })
            .collect()
    }

    #[test]
    fn word_changes_are_grouped_into_phrases() {
        let spans = word_diff(
            "Set aside 1 per cent of the budget for the fund.",
            "Mobilise about EUR 25 million for the fund.",
        );
        assert_eq!(
            shown(&spans),
            [
                ("removed", "Set aside 1 per cent of the budget".into()),
                ("inserted", "Mobilise about EUR 25 million".into()),
                ("same", "for the fund.".into()),
            ]
        );
        // A longer unchanged word between two changes stays unchanged.
        let spans = word_diff(
            "to the remaining districts by 2028 and agree",
            "to all districts and agree",
        );
        assert!(
            shown(&spans).contains(&("same", "districts".into())),
            "{spans:?}"
        );
    }

    #[test]
    fn markdown_prints_as_words_with_their_emphasis_and_list_items() {
        let words = printed_words("Two *funds* and **one** loan:\n\n- grants;\n- a loan.");
        assert_eq!(
            plain(&words),
            "Two funds and one loan:\n• grants;\n• a loan."
        );
        let funds = &words[1];
        assert!(funds.emph && !funds.strong, "{funds:?}");
        assert!(words[3].strong);
        assert_eq!(words[5].starts, Starts::Item);
        // Glued emphasis stays one word on paper.
        let words = printed_words("the *bond*s market");
        assert_eq!(plain(&words), "the bonds market");
        // Emphasis added is a change of the word, with no asterisks shown.
        let spans = word_diff("a green bond", "a *green* bond");
        assert_eq!(
            shown(&spans),
            [
                ("same", "a".into()),
                ("removed", "green".into()),
                ("inserted", "green".into()),
                ("same", "bond".into()),
            ]
        );
    }
}
