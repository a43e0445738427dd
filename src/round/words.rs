//! Word differences grouped into phrases, as a person marks an edit up.

use similar::{ChangeTag, TextDiff};

/// A piece of text with its changes: runs of unchanged, removed and inserted words.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Span {
    Same(String),
    Removed(String),
    Inserted(String),
}

/// The words of `after` against those of `before`.
pub fn word_diff(before: &str, after: &str) -> Vec<Span> {
    let diff = TextDiff::from_words(before, after);
    // Runs of one kind: (tag, text).
    let mut runs: Vec<(ChangeTag, String)> = Vec::new();
    for change in diff.iter_all_changes() {
        match runs.last_mut() {
            Some((tag, text)) if *tag == change.tag() => text.push_str(change.value()),
            _ => runs.push((change.tag(), change.value().to_string())),
        }
    }
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
                        ChangeTag::Delete => deleted += runs[i].1.trim().chars().count(),
                        ChangeTag::Insert => inserted += runs[i].1.trim().chars().count(),
                    }
                }
                deleted.max(inserted)
            };
            let left = side(&mut (0..k).rev());
            let right = side(&mut (k + 1..runs.len()));
            let length = runs[k].1.trim().chars().count();
            if left > 0 && right > 0 && length <= left && length <= right {
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
    let (mut removed, mut inserted) = (String::new(), String::new());
    let flush = |spans: &mut Vec<Span>, removed: &mut String, inserted: &mut String| {
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
            ChangeTag::Delete => removed.push_str(&text),
            ChangeTag::Insert => inserted.push_str(&text),
        }
    }
    flush(&mut spans, &mut removed, &mut inserted);
    spans
}

#[cfg(test)]
mod word_diff_tests {
    use super::*;

    #[test]
    fn word_changes_are_grouped_into_phrases() {
        let spans = word_diff(
            "Set aside 1 per cent of the budget for the fund.",
            "Mobilise about EUR 25 million for the fund.",
        );
        assert_eq!(
            spans,
            [
                Span::Removed("Set aside 1 per cent of the budget".into()),
                Span::Inserted("Mobilise about EUR 25 million".into()),
                Span::Same(" for the fund.".into()),
            ]
        );
        // A longer unchanged word between two changes stays unchanged.
        let spans = word_diff(
            "to the remaining districts by 2028 and agree",
            "to all districts and agree",
        );
        assert!(
            spans.contains(&Span::Same(" districts".into())),
            "{spans:?}"
        );
    }
}
