//! What changed between two drafts of a profile: text word by word, KPI values and bands,
//! scores, pictures, and items (recommendations, good practices, activities, key messages)
//! added, removed or edited. Drafts are city folders: `history/draft-<n>/` snapshots, or the
//! city folder itself for the draft being edited.

use std::path::{Path, PathBuf};

use serde_json::Value;
use similar::TextDiff;

use super::words::{Span, Word, printed_words, word_diff};
use crate::input::CityFolder;
use crate::kpi::{KpiResults, Outcome, ResultRow};

/// Parts of `profile.json` whose change is expected from draft to draft and says nothing
/// about the content.
const BOOKKEEPING: [&str; 2] = ["/edition/draft", "/edition/date"];

/// One draft to compare: where it is and how to name it.
#[derive(Debug, Clone)]
pub struct Draft {
    /// How the change log names it, before its date: `draft 2`.
    pub label: String,
    /// Its snapshot, `history/draft-<n>/`, or the city folder for the draft it is at now.
    pub dir: PathBuf,
}

/// Where draft `n` of a city is: its snapshot in `history/`, or, for the draft the folder is
/// at now, the city folder itself.
pub fn find_draft(city_dir: &Path, n: u32) -> Option<Draft> {
    let snapshot = city_dir.join("history").join(format!("draft-{n}"));
    if snapshot.join("profile.json").is_file() {
        return Some(Draft {
            label: format!("draft {n}"),
            dir: snapshot,
        });
    }
    let current = crate::load(city_dir).ok()?;
    (current.profile.edition.draft == Some(n)).then(|| Draft {
        label: format!("draft {n}"),
        dir: city_dir.to_path_buf(),
    })
}

/// Why two drafts cannot be compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// Draft `n` is neither kept in `history/` nor the draft the city folder is at now.
    #[error("{}: there is no draft {n} to compare{}\n  fix: {}", city.display(), if available.is_empty() { String::new() } else { format!(" (drafts found: {})", available.join(", ")) }, "each successful build of a draft keeps its inputs in history/draft-<n>/; build that draft first, or choose one of the drafts found")]
    NoDraft {
        /// The city folder looked in.
        city: PathBuf,
        /// The draft number asked for.
        n: u32,
        /// The draft numbers found, as "1", "2", for the message; empty when there are none.
        available: Vec<String>,
    },
    /// A draft whose data no longer reads (e.g. a snapshot edited by hand).
    #[error("{0}")]
    Input(#[from] crate::input::InputErrors),
}

/// Compares draft `from` with draft `to` (default: the draft the city folder is at now).
pub fn drafts(city_dir: &Path, from: u32, to: Option<u32>) -> Result<DraftDiff, DiffError> {
    let to = match to {
        Some(n) => n,
        None => crate::load(city_dir)?
            .profile
            .edition
            .draft
            .unwrap_or(from + 1),
    };
    let find = |n: u32| {
        find_draft(city_dir, n).ok_or_else(|| DiffError::NoDraft {
            city: city_dir.to_path_buf(),
            n,
            available: available_drafts(city_dir),
        })
    };
    let (a, b) = (find(from)?, find(to)?);
    let read = |d: &Draft| -> Result<(CityFolder, KpiResults), DiffError> {
        let city = crate::load(&d.dir)?;
        let results = crate::score(&city);
        Ok((city, results))
    };
    let (city_a, results_a) = read(&a)?;
    let (city_b, results_b) = read(&b)?;
    Ok(compare(
        (&a, &city_a, &results_a),
        (&b, &city_b, &results_b),
    ))
}

/// The drafts there are to compare: those kept in `history/` and the folder's own, as "1", "2".
fn available_drafts(city_dir: &Path) -> Vec<String> {
    let mut found: Vec<u32> = std::fs::read_dir(city_dir.join("history"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| e.file_name().to_str()?.strip_prefix("draft-")?.parse().ok())
        .collect();
    if let Some(current) = crate::load(city_dir)
        .ok()
        .and_then(|c| c.profile.edition.draft)
    {
        found.push(current);
    }
    found.sort_unstable();
    found.dedup();
    found.iter().map(u32::to_string).collect()
}

/// One change between the drafts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Change {
    /// A text field edited; `spans` give the words.
    Edited {
        /// The JSON pointer of the field in the later draft's `profile.json`.
        pointer: String,
        /// The field's printed words, unchanged, removed and inserted, in reading order.
        spans: Vec<Span>,
    },
    /// A field or list item present only in the later draft: `text` in one line, `fields`
    /// as printed, one by one for a structured item (an activity, a good practice).
    Added {
        /// Where it is in the later draft's `profile.json`.
        pointer: String,
        /// In one line, for the terminal: the text itself, or an item's title, name or text.
        text: String,
        /// What the PDF change log prints, field by field; a text is one field without a name.
        fields: Vec<Field>,
    },
    /// A field or list item present only in the earlier draft.
    Removed {
        /// Where it was in the earlier draft's `profile.json`.
        pointer: String,
        /// In one line, for the terminal: the text itself, or an item's title, name or text.
        text: String,
        /// What the PDF change log prints, field by field; a text is one field without a name.
        fields: Vec<Field>,
    },
    /// A number or yes/no changed, a value changed kind, or a picture was replaced (a text or
    /// choice written as text is [`Change::Edited`], word by word).
    Value {
        /// The JSON pointer of the value, or of a replaced picture's `file`, in `profile.json`.
        pointer: String,
        /// The earlier draft's value in one line; for a picture its file, pixels and KiB.
        before: String,
        /// The later draft's value, likewise.
        after: String,
    },
    /// A KPI (or data point) whose value, year or outcome moved.
    Kpi {
        /// The KPI's catalogue code (`EC: ICT: ICT: 1C`).
        code: String,
        /// The KPI's name (and data point), with the column that moved in brackets unless it
        /// is the result itself: `Household Internet Access (target)`.
        label: String,
        /// That column in the earlier draft, in words; `no row` when the KPI had none then.
        before: String,
        /// That column in the later draft, in words.
        after: String,
    },
    /// A dimension's or the overall score that moved.
    Score {
        /// The dimension's name (`Society and Culture`), or `Overall`.
        group: String,
        /// The earlier draft's score as a whole per cent (`56 %`), or `not scored`.
        before: String,
        /// The later draft's score, likewise.
        after: String,
    },
}

/// Every change from `from` to `to`, in the order of the profile, then KPIs, then scores.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DraftDiff {
    /// The earlier draft as the change log names it, with its edition date:
    /// `draft 1 (3 March 2025)`.
    pub from: String,
    /// The later draft, likewise.
    pub to: String,
    /// Every change found; empty when only the draft number and date moved.
    pub changes: Vec<Change>,
    /// The later draft's city name, authors and date, for the change log's title block.
    pub city: String,
    /// The later draft's city id, part of the change log PDF's document identifier.
    pub city_id: String,
    /// The later draft's authors, as its edition lists them.
    pub authors: Vec<String>,
    /// The later draft's edition date (a fixed stand-in when undated): the PDF's date, so
    /// the same changes give the same bytes.
    #[serde(skip)]
    pub date: crate::model::Date,
}

/// Compares two read and scored drafts.
pub fn compare(
    from: (&Draft, &CityFolder, &KpiResults),
    to: (&Draft, &CityFolder, &KpiResults),
) -> DraftDiff {
    let mut changes = Vec::new();
    let before: Value = serde_json::from_str(&from.1.profile_json).unwrap_or(Value::Null);
    let after: Value = serde_json::from_str(&to.1.profile_json).unwrap_or(Value::Null);
    compare_values("", &before, &after, &mut changes);
    compare_pictures(from.1, to.1, &mut changes);
    compare_kpis(from.2, to.2, &mut changes);
    compare_scores(from.2, to.2, &mut changes);
    let later = &to.1.profile;
    DraftDiff {
        from: describe(from.0, from.1),
        to: describe(to.0, to.1),
        changes,
        city: later.city.name.clone(),
        city_id: later.city.id.clone(),
        authors: later.edition.authors.clone(),
        date: later.edition.typeset_date(),
    }
}

fn describe(draft: &Draft, city: &CityFolder) -> String {
    format!(
        "{} ({})",
        draft.label,
        crate::format::edition_date(city.profile.edition.date)
    )
}

fn compare_values(pointer: &str, before: &Value, after: &Value, out: &mut Vec<Change>) {
    if before == after || BOOKKEEPING.contains(&pointer) {
        return;
    }
    match (before, after) {
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let at = crate::input::json_child(pointer, key);
                match b.get(key) {
                    Some(other) => compare_values(&at, value, other, out),
                    None => out.push(removed(at, value)),
                }
            }
            for (key, value) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                out.push(added(crate::input::json_child(pointer, key), value));
            }
        }
        (Value::Array(a), Value::Array(b)) => compare_lists(pointer, a, b, out),
        (Value::String(a), Value::String(b)) => out.push(Change::Edited {
            pointer: pointer.to_string(),
            spans: word_diff(a, b),
        }),
        (a, b) => out.push(Change::Value {
            pointer: pointer.to_string(),
            before: summary(a),
            after: summary(b),
        }),
    }
}

/// One field of an added or removed item, as printed: its name (none for a text) and words.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct Field {
    /// The key for readers (`Local target`); empty when the value is a text, not an item.
    pub name: String,
    /// Its value's printed words; lists joined with "; ".
    pub words: Vec<Word>,
}

fn added(pointer: String, value: &Value) -> Change {
    Change::Added {
        pointer,
        text: summary(value),
        fields: fields(value),
    }
}

fn removed(pointer: String, value: &Value) -> Change {
    Change::Removed {
        pointer,
        text: summary(value),
        fields: fields(value),
    }
}

/// A value's fields as printed: a text's words, or an object's fields one by one ("Partners:
/// City of Ardenvale; Valdoria Employment Office"), empty ones left out.
pub fn fields(value: &Value) -> Vec<Field> {
    match value {
        Value::Object(map) => map
            .iter()
            .map(|(key, v)| Field {
                name: field_name(key),
                words: printed_words(&flat(v)),
            })
            .filter(|f| !f.words.is_empty())
            .collect(),
        other => vec![Field {
            name: String::new(),
            words: printed_words(&flat(other)),
        }],
    }
}

/// A field's key for readers: `local_target` is "Local target".
pub fn field_name(key: &str) -> String {
    let words = key.replace('_', " ");
    let mut chars = words.chars();
    chars
        .next()
        .map_or(String::new(), |c| c.to_uppercase().chain(chars).collect())
}

/// A value in one text: lists joined with "; ", objects field by field.
fn flat(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Array(items) => items
            .iter()
            .map(flat)
            .filter(|t| !t.is_empty())
            .collect::<Vec<_>>()
            .join("; "),
        Value::Object(map) => map
            .iter()
            .map(|(k, v)| format!("{}: {}", field_name(k), flat(v)))
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    }
}

/// The `kind` a change serialises with.
pub(super) fn change_kind(change: &Change) -> &'static str {
    match change {
        Change::Edited { .. } => "edited",
        Change::Added { .. } => "added",
        Change::Removed { .. } => "removed",
        Change::Value { .. } => "value",
        Change::Kpi { .. } => "kpi",
        Change::Score { .. } => "score",
    }
}

/// A value in one line: strings as they are, objects by their title, name or text.
fn summary(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(map) => ["title", "name", "text", "label"]
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_str))
            .map_or_else(|| value.to_string(), str::to_string),
        other => other.to_string(),
    }
}

pub(super) fn row_key(row: &ResultRow) -> (String, Option<String>) {
    (row.code.clone(), row.data_point.clone())
}

/// A KPI result in words: value, unit and year, and how it scored.
fn outcome_text(row: &ResultRow) -> String {
    let value = match row.value {
        Some(crate::kpi::Measure::Number(n)) => {
            format!("{} {}", crate::format::number(n), row.unit)
        }
        Some(crate::kpi::Measure::Flag(b)) => (if b { "yes" } else { "no" }).to_string(),
        None => return "Not Reported".to_string(),
    };
    let year = row.year.map_or(String::new(), |y| format!(" ({y})"));
    let scored = match row.outcome {
        Outcome::Scored { band, .. } => format!(", band {}", band.label()),
        Outcome::NoBenchmark => ", no benchmark".to_string(),
        Outcome::NotReported => String::new(),
    };
    format!("{value}{year}{scored}")
}

/// Two lists compared by content, not position: items are aligned (an item inserted, removed
/// or moved is one change, the others stay unmarked), and where items differ an earlier one
/// is taken as edited into a later one when most of its words survive. Edits and additions
/// are named by their place in the later draft, removals by theirs in the earlier.
fn compare_lists(pointer: &str, a: &[Value], b: &[Value], out: &mut Vec<Change>) {
    use similar::DiffTag;
    let keys = |items: &[Value]| items.iter().map(Value::to_string).collect::<Vec<_>>();
    let (ka, kb) = (keys(a), keys(b));
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ka, &kb) {
        let (tag, old, new) = op.as_tag_tuple();
        match tag {
            DiffTag::Equal => {}
            DiffTag::Delete | DiffTag::Insert | DiffTag::Replace => {
                let mut unmatched: Vec<usize> = new.clone().collect();
                for i in old {
                    let words = leaf_text(&a[i]);
                    let partner = unmatched.iter().position(|&j| {
                        TextDiff::from_words(words.as_str(), leaf_text(&b[j]).as_str()).ratio()
                            >= 0.5
                    });
                    match partner {
                        Some(k) => {
                            let j = unmatched.remove(k);
                            compare_values(&format!("{pointer}/{j}"), &a[i], &b[j], out);
                        }
                        None => out.push(removed(format!("{pointer}/{i}"), &a[i])),
                    }
                }
                for j in unmatched {
                    out.push(added(format!("{pointer}/{j}"), &b[j]));
                }
            }
        }
    }
}

/// The items of the later list that the alignment with the earlier one does not match
/// unchanged: inserted, edited or moved.
pub(super) fn unaligned(a: &[Value], b: &[Value]) -> Vec<usize> {
    let keys = |items: &[Value]| items.iter().map(Value::to_string).collect::<Vec<_>>();
    let (ka, kb) = (keys(a), keys(b));
    let mut matched = vec![false; b.len()];
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ka, &kb) {
        let (tag, _, new) = op.as_tag_tuple();
        if tag == similar::DiffTag::Equal {
            for j in new {
                matched[j] = true;
            }
        }
    }
    (0..b.len()).filter(|&j| !matched[j]).collect()
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

/// A picture file replaced under the same name: its bytes differ, so the page does. (A new
/// name is a change of the `file` field, which [`compare_values`] finds.)
fn compare_pictures(before: &CityFolder, after: &CityFolder, out: &mut Vec<Change>) {
    let earlier = before.pictures();
    for (pointer, picture) in after.pictures() {
        let Some((_, old)) = earlier.iter().find(|(p, _)| *p == pointer) else {
            continue;
        };
        if old.file == picture.file && old.bytes != picture.bytes {
            let describe = |p: &crate::model::Picture| {
                format!(
                    "{}, {} × {} pixels, {} KiB",
                    p.file,
                    p.width,
                    p.height,
                    p.bytes.len().div_ceil(1024)
                )
            };
            out.push(Change::Value {
                pointer,
                before: describe(old),
                after: format!("another picture: {}", describe(picture)),
            });
        }
    }
}

/// Every column of `kpis.csv` that a KPI's row shows or carries: the result itself, its
/// earlier years (the progress charts), target, local target, unit, direction, verification,
/// data quality and source (the attached results). Each that differs is one change.
fn compare_kpis(before: &KpiResults, after: &KpiResults, out: &mut Vec<Change>) {
    for row in &after.rows {
        let old = before.rows.iter().find(|r| row_key(r) == row_key(row));
        let old_attributes = old.map(attributes);
        for (i, (name, new)) in attributes(row).into_iter().enumerate() {
            let old = match &old_attributes {
                Some(list) => list[i].1.clone(),
                None if i == 0 => "no row".to_string(),
                None => continue,
            };
            if old != new {
                out.push(Change::Kpi {
                    code: row.code.clone(),
                    label: if name.is_empty() {
                        row.label()
                    } else {
                        format!("{} ({name})", row.label())
                    },
                    before: old,
                    after: new,
                });
            }
        }
    }
}

/// A result's attributes in words, the result first (with no name of its own).
pub(super) fn attributes(row: &ResultRow) -> Vec<(&'static str, String)> {
    let measure = |m: Option<crate::kpi::Measure>| match m {
        Some(crate::kpi::Measure::Number(n)) => crate::format::number(n),
        Some(crate::kpi::Measure::Flag(b)) => (if b { "yes" } else { "no" }).to_string(),
        None => "none".to_string(),
    };
    let text = |t: &Option<String>| t.clone().unwrap_or_else(|| "none".to_string());
    let earlier: Vec<String> = row
        .history
        .iter()
        .filter(|o| Some(o.year) != row.year)
        .map(|o| format!("{} in {}", crate::format::number(o.value), o.year))
        .collect();
    vec![
        ("", outcome_text(row)),
        (
            "earlier years",
            if earlier.is_empty() {
                "none".to_string()
            } else {
                earlier.join(", ")
            },
        ),
        ("target", measure(row.target)),
        (
            "local target",
            row.local_target
                .map_or("none".to_string(), crate::format::number),
        ),
        ("unit", row.unit.clone()),
        (
            "direction",
            match row.direction {
                crate::kpi::Direction::Higher => "higher is better",
                crate::kpi::Direction::Lower => "lower is better",
            }
            .to_string(),
        ),
        (
            "verified",
            (if row.verified { "yes" } else { "no" }).to_string(),
        ),
        ("data quality", text(&row.data_quality)),
        ("source", text(&row.source)),
    ]
}

fn compare_scores(before: &KpiResults, after: &KpiResults, out: &mut Vec<Change>) {
    let percent = |p: Option<f64>| p.map_or("not scored".to_string(), |p| format!("{p:.0} %"));
    let groups = before
        .dimensions
        .iter()
        .zip(&after.dimensions)
        .map(|(a, b)| (b.dimension.name().to_string(), a.percent, b.percent))
        .chain([(
            "Overall".to_string(),
            before.overall.percent,
            after.overall.percent,
        )]);
    for (group, a, b) in groups {
        if percent(a) != percent(b) {
            out.push(Change::Score {
                group,
                before: percent(a),
                after: percent(b),
            });
        }
    }
}

/// A field's place in the profile, for readers: "/showcase/recommendations/1/text" is
/// "Recommendation 2 (text)".
pub fn field_label(pointer: &str) -> String {
    const NAMES: [(&str, &str); 22] = [
        ("/survey/context", "The city and its context"),
        (
            "/survey/legal_framework",
            "Legal and institutional framework",
        ),
        ("/survey/agenda_2030", "The 2030 Agenda"),
        ("/survey/key_achievements", "Key achievement"),
        ("/survey/challenges", "Challenges"),
        ("/survey/opportunities", "Opportunities"),
        ("/survey/finance", "Finance"),
        ("/survey/sources", "Source"),
        (
            "/survey/areas/society/activities",
            "Society and culture activity",
        ),
        (
            "/survey/areas/environment/activities",
            "Environment activity",
        ),
        ("/survey/areas/economy/activities", "Economy activity"),
        (
            "/survey/areas/society/achievements",
            "Society and culture: key achievements",
        ),
        (
            "/survey/areas/environment/achievements",
            "Environment: key achievements",
        ),
        (
            "/survey/areas/economy/achievements",
            "Economy: key achievements",
        ),
        ("/survey/areas/society", "Society and culture"),
        ("/survey/areas/environment", "Environment"),
        ("/survey/areas/economy", "Economy"),
        ("/showcase/key_messages", "Key message"),
        ("/showcase/good_practices", "Good practice"),
        ("/showcase/recommendations", "Recommendation"),
        ("/references", "References"),
        ("/city", "The city"),
    ];
    let Some((prefix, name)) = NAMES.iter().find(|(p, _)| pointer.starts_with(p)) else {
        return pointer.to_string();
    };
    let rest: Vec<&str> = pointer[prefix.len()..]
        .split('/')
        .filter(|s| !s.is_empty())
        .collect();
    match rest.as_slice() {
        [] => name.to_string(),
        [first, more @ ..] => {
            let detail = more.join(" ").replace('_', " ");
            match (first.parse::<usize>(), detail.is_empty()) {
                (Ok(i), true) => format!("{name} {}", i + 1),
                (Ok(i), false) => format!("{name} {} ({detail})", i + 1),
                (Err(_), _) => format!("{name}: {}", rest.join(" ").replace('_', " ")),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_are_named_for_readers() {
        assert_eq!(field_label("/survey/context"), "The city and its context");
        assert_eq!(
            field_label("/showcase/recommendations/1/text"),
            "Recommendation 2 (text)"
        );
        assert_eq!(field_label("/showcase/key_messages/0"), "Key message 1");
        assert_eq!(
            field_label("/survey/areas/economy/activities/2/period"),
            "Economy activity 3 (period)"
        );
    }
}
