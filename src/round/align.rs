//! Which item of a later list is which item of an earlier one, by content, not position: the
//! one alignment that `sscp diff`, the change bars and the comments share, so that what the
//! change log calls edited, moved or removed is where a comment on that item is followed.
//!
//! Lists are aligned on their items exactly (Myers); within each run of items that differ, an
//! earlier item is paired with the first later one whose words are at least half alike (taken
//! as edited). An item left over on both sides exactly as it was is the same item moved.

use serde_json::Value;
use similar::{Algorithm, DiffTag, TextDiff, capture_diff_slices};

/// How alike the words of two differing items must be (as [`similar`]'s ratio, 0 to 1) for
/// the later one to be taken as the earlier one edited.
pub const ALIKE: f32 = 0.5;

/// One step of an alignment: what became of an earlier item, or where a later one came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The item is in both lists exactly as it was, in the same order as its neighbours.
    Kept {
        /// Its index in the earlier list.
        before: usize,
        /// Its index in the later list.
        after: usize,
    },
    /// The earlier item was edited into the later one: they differ, but most words survive.
    Edited {
        /// Its index in the earlier list.
        before: usize,
        /// Its index in the later list.
        after: usize,
    },
    /// The earlier item is not where its neighbours are: removed, or, when `moved_to` is
    /// given, moved unchanged to that index of the later list.
    Removed {
        /// Its index in the earlier list.
        before: usize,
        /// Where it is in the later list, when it was moved rather than removed.
        moved_to: Option<usize>,
    },
    /// The later item is not where its neighbours are: inserted, or, when `moved_from` is
    /// given, moved unchanged from that index of the earlier list.
    Added {
        /// Its index in the later list.
        after: usize,
        /// Where it was in the earlier list, when it was moved rather than inserted.
        moved_from: Option<usize>,
    },
}

/// Aligns two lists. The steps come in the order of the lists: each run of items kept, then
/// each run that differs, its earlier items first (edited or removed) and then the later ones
/// left over (added). A move is both a [`Step::Removed`] at the old place and a
/// [`Step::Added`] at the new one, each naming the other.
pub fn lists(a: &[Value], b: &[Value]) -> Vec<Step> {
    let keys = |items: &[Value]| items.iter().map(Value::to_string).collect::<Vec<_>>();
    let (ka, kb) = (keys(a), keys(b));
    let mut steps = Vec::new();
    for op in capture_diff_slices(Algorithm::Myers, &ka, &kb) {
        let (tag, old, new) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            steps.extend(
                old.zip(new)
                    .map(|(before, after)| Step::Kept { before, after }),
            );
            continue;
        }
        let mut unmatched: Vec<usize> = new.collect();
        for before in old {
            let words = leaf_text(&a[before]);
            let partner = unmatched
                .iter()
                .position(|&j| alike(&words, &leaf_text(&b[j])));
            steps.push(match partner {
                Some(k) => Step::Edited {
                    before,
                    after: unmatched.remove(k),
                },
                None => Step::Removed {
                    before,
                    moved_to: None,
                },
            });
        }
        steps.extend(unmatched.into_iter().map(|after| Step::Added {
            after,
            moved_from: None,
        }));
    }
    pair_moves(&mut steps, &ka, &kb);
    steps
}

/// Whether two items' words are alike enough for one to be the other edited.
fn alike(before: &str, after: &str) -> bool {
    TextDiff::from_words(before, after).ratio() >= ALIKE
}

/// Pairs each removed item with the first added one that is exactly the same: the item moved.
/// (Myers never leaves two equal items in one run of differences, so a move always spans two.)
fn pair_moves(steps: &mut [Step], ka: &[String], kb: &[String]) {
    for r in 0..steps.len() {
        let Step::Removed { before, .. } = steps[r] else {
            continue;
        };
        let found = steps.iter().position(
            |s| matches!(*s, Step::Added { after, moved_from: None } if kb[after] == ka[before]),
        );
        if let Some(k) = found
            && let Step::Added { after, .. } = steps[k]
        {
            steps[r] = Step::Removed {
                before,
                moved_to: Some(after),
            };
            steps[k] = Step::Added {
                after,
                moved_from: Some(before),
            };
        }
    }
}

/// Where item `before` of the earlier list is in the later one; `None` when it was removed.
pub fn position(steps: &[Step], before: usize) -> Option<usize> {
    steps.iter().find_map(|step| match *step {
        Step::Kept { before: i, after } | Step::Edited { before: i, after } if i == before => {
            Some(after)
        }
        Step::Removed {
            before: i,
            moved_to,
        } if i == before => moved_to,
        _ => None,
    })
}

/// Follows a JSON pointer into `before` to the same place in `after`: object keys as they
/// are, and at every list on the way the item the alignment takes for the same one. `None`
/// when that place is gone from `after` (an item removed, a key dropped, a list that is no
/// longer one), or when `pointer` is not a place in `before`.
pub fn follow(pointer: &str, before: &Value, after: &Value) -> Option<String> {
    let mut followed = String::new();
    let (mut old, mut new) = (before, after);
    if pointer.is_empty() {
        return Some(followed);
    }
    for token in pointer.strip_prefix('/')?.split('/') {
        let key = token.replace("~1", "/").replace("~0", "~");
        let (next_old, next_new, at) = match (old, new) {
            (Value::Array(a), Value::Array(b)) => {
                let i = index(&key)?;
                let item = a.get(i)?;
                let j = position(&lists(a, b), i)?;
                (item, &b[j], j.to_string())
            }
            (Value::Object(a), Value::Object(b)) => (a.get(&key)?, b.get(&key)?, key),
            _ => return None,
        };
        followed = crate::input::json_child(&followed, &at);
        (old, new) = (next_old, next_new);
    }
    Some(followed)
}

/// A list index as a JSON pointer writes it: digits, without leading zeros.
fn index(token: &str) -> Option<usize> {
    let digits = !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit());
    if !digits || (token.len() > 1 && token.starts_with('0')) {
        return None;
    }
    token.parse().ok()
}

/// Every string inside a value, joined by spaces: what an item says, for matching.
fn leaf_text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Array(items) => items.iter().map(leaf_text).collect::<Vec<_>>().join(" "),
        Value::Object(map) => map.values().map(leaf_text).collect::<Vec<_>>().join(" "),
        other => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn items(texts: &[&str]) -> Vec<Value> {
        texts.iter().map(|t| json!({ "text": t })).collect()
    }

    const BOILERS: &str = "Replace the remaining solid-fuel boilers by 2030.";
    const BIO_WASTE: &str =
        "Extend separate bio-waste collection to the remaining districts by 2028.";
    const HOUSING: &str = "Scale up affordable rental housing on brownfield land.";
    const NEW: &str = "Link the KPI results to the annual budget.";

    #[test]
    fn an_item_inserted_before_moves_the_rest_down() {
        let (a, b) = (
            items(&[BOILERS, BIO_WASTE, HOUSING]),
            items(&[NEW, BOILERS, BIO_WASTE, HOUSING]),
        );
        let steps = lists(&a, &b);
        assert_eq!(position(&steps, 1), Some(2));
        assert!(steps.contains(&Step::Added {
            after: 0,
            moved_from: None
        }));
        let (before, after) = (json!({ "r": a }), json!({ "r": b }));
        assert_eq!(follow("/r/1", &before, &after).as_deref(), Some("/r/2"));
        assert_eq!(
            follow("/r/1/text", &before, &after).as_deref(),
            Some("/r/2/text")
        );
    }

    #[test]
    fn a_removed_item_is_gone_and_its_neighbours_stay_themselves() {
        let (a, b) = (
            items(&[BOILERS, BIO_WASTE, HOUSING]),
            items(&[BOILERS, HOUSING]),
        );
        let steps = lists(&a, &b);
        assert_eq!(position(&steps, 1), None);
        assert_eq!(position(&steps, 2), Some(1));
        assert_eq!(follow("/1", &json!(a), &json!(b)), None);
    }

    #[test]
    fn an_item_moved_unchanged_is_followed_to_its_new_place() {
        let (a, b) = (
            items(&[BOILERS, BIO_WASTE, HOUSING]),
            items(&[BOILERS, HOUSING, BIO_WASTE]),
        );
        let steps = lists(&a, &b);
        assert_eq!(position(&steps, 1), Some(2));
        assert_eq!(follow("/1", &json!(a), &json!(b)).as_deref(), Some("/2"));
        // A move is a removal and an addition, each naming the other.
        let moves = steps
            .iter()
            .filter(|s| {
                matches!(
                    s,
                    Step::Removed {
                        moved_to: Some(_),
                        ..
                    } | Step::Added {
                        moved_from: Some(_),
                        ..
                    }
                )
            })
            .count();
        assert_eq!(moves, 2, "{steps:?}");
    }

    #[test]
    fn an_edited_item_is_paired_with_its_edit() {
        let edited = BIO_WASTE.replace("the remaining", "all");
        let (a, b) = (
            items(&[BOILERS, BIO_WASTE, HOUSING]),
            items(&[BOILERS, &edited, HOUSING]),
        );
        assert_eq!(
            lists(&a, &b),
            [
                Step::Kept {
                    before: 0,
                    after: 0
                },
                Step::Edited {
                    before: 1,
                    after: 1
                },
                Step::Kept {
                    before: 2,
                    after: 2
                },
            ]
        );
    }

    #[test]
    fn lists_on_the_way_are_aligned_too_and_keys_are_kept() {
        let before = json!({ "areas": [{ "activities": [{ "name": "a" }, { "name": "b" }] }] });
        let after = json!({ "areas": [{ "activities": [{ "name": "new" }, { "name": "a" }, { "name": "b" }] }] });
        assert_eq!(
            follow("/areas/0/activities/1/name", &before, &after).as_deref(),
            Some("/areas/0/activities/2/name")
        );
        let keys = json!({ "a/b": { "c~d": 1 } });
        assert_eq!(
            follow("/a~1b/c~0d", &keys, &keys).as_deref(),
            Some("/a~1b/c~0d")
        );
        assert_eq!(follow("/areas/0/gone", &before, &after), None);
        assert_eq!(follow("/areas/01", &before, &after), None);
        assert_eq!(follow("areas", &before, &after), None);
        assert_eq!(follow("", &before, &after).as_deref(), Some(""));
    }
}
