//! What changed between two drafts of a profile: text word by word, KPI values and bands,
//! scores, and items (recommendations, good practices, activities, key messages) added,
//! removed or edited. Drafts are city folders: `history/draft-<n>/` snapshots, or the city
//! folder itself for the draft being edited.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use serde_json::Value;
use similar::{ChangeTag, TextDiff};

use crate::input::CityFolder;
use crate::kpi::{KpiResults, Outcome, ResultRow};
use crate::model::Narrative;

/// Parts of `profile.json` whose change is expected from draft to draft and says nothing
/// about the content.
const BOOKKEEPING: [&str; 2] = ["/edition/draft", "/edition/date"];

/// Words of unchanged text shown on each side of a change.
const CONTEXT_WORDS: usize = 6;

/// One draft to compare: where it is and how to name it.
#[derive(Debug, Clone)]
pub struct Draft {
    pub label: String,
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
    let current = crate::input::load(city_dir).ok()?;
    (current.profile.edition.draft == Some(n)).then(|| Draft {
        label: format!("draft {n}"),
        dir: city_dir.to_path_buf(),
    })
}

/// What a draft changed since the one before, as the template marks it with change bars:
/// narrative paragraphs (by field and block index), list items and table rows (by pointer), and
/// KPI result rows (by code, and `code|data point`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ChangeMarks {
    pub blocks: std::collections::BTreeMap<String, Vec<usize>>,
    pub items: Vec<String>,
    pub kpis: Vec<String>,
}

/// Lists of the profile whose items the template prints as rows or entries of their own.
const ITEM_LISTS: [&str; 7] = [
    "/showcase/key_messages",
    "/survey/key_achievements",
    "/showcase/recommendations",
    "/showcase/good_practices",
    "/survey/areas/society/activities",
    "/survey/areas/environment/activities",
    "/survey/areas/economy/activities",
];

/// Finds what `current` changed since `previous`. A paragraph counts as changed when the
/// earlier draft has no identical paragraph in the same field, so a paragraph moved up by an
/// insertion above it is not marked; an item when it differs from the item at its place.
pub fn change_marks(
    previous: (&CityFolder, &KpiResults),
    current: (&CityFolder, &KpiResults),
) -> ChangeMarks {
    let mut marks = ChangeMarks::default();
    let (old, new) = (&previous.0.profile, &current.0.profile);
    type Field = fn(&crate::model::Survey) -> &Narrative;
    let survey_fields: [(&str, Field); 6] = [
        ("/survey/context", |s| &s.context),
        ("/survey/legal_framework", |s| &s.legal_framework),
        ("/survey/agenda_2030", |s| &s.agenda_2030),
        ("/survey/challenges", |s| &s.challenges),
        ("/survey/opportunities", |s| &s.opportunities),
        ("/survey/finance", |s| &s.finance),
    ];
    let mut narratives: Vec<(String, &Narrative, Option<&Narrative>)> = survey_fields
        .iter()
        .map(|(field, get)| (field.to_string(), get(&new.survey), Some(get(&old.survey))))
        .collect();
    for area in crate::model::Area::ALL {
        narratives.push((
            format!("/survey/areas/{}/achievements", area.key()),
            &new.survey.areas.get(area).achievements,
            Some(&old.survey.areas.get(area).achievements),
        ));
    }
    for (i, practice) in new.showcase.good_practices.iter().enumerate() {
        let before = old
            .showcase
            .good_practices
            .iter()
            .find(|g| g.area == practice.area);
        narratives.push((
            format!("/showcase/good_practices/{i}/text"),
            &practice.text,
            before.map(|g| &g.text),
        ));
    }
    for (field, now, before) in narratives {
        let earlier: Vec<String> = before
            .map(|n| {
                n.0.iter()
                    .map(|b| serde_json::to_string(b).unwrap_or_default())
                    .collect()
            })
            .unwrap_or_default();
        let changed: Vec<usize> = now
            .0
            .iter()
            .enumerate()
            .filter(|(_, b)| !earlier.contains(&serde_json::to_string(b).unwrap_or_default()))
            .map(|(i, _)| i)
            .collect();
        if !changed.is_empty() {
            marks.blocks.insert(field, changed);
        }
    }
    let before: Value = serde_json::from_str(&previous.0.profile_json).unwrap_or(Value::Null);
    let after: Value = serde_json::from_str(&current.0.profile_json).unwrap_or(Value::Null);
    // Items aligned by content: only those inserted, edited or moved are marked.
    let empty = Vec::new();
    for list in ITEM_LISTS {
        let old = before
            .pointer(list)
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        let new = after
            .pointer(list)
            .and_then(Value::as_array)
            .unwrap_or(&empty);
        for i in unaligned(old, new) {
            marks.items.push(format!("{list}/{i}"));
        }
    }
    // A row is marked when anything it prints changed (the source is not printed on it).
    let printed = |row: &ResultRow| {
        let mut list = attributes(row);
        list.retain(|(name, _)| *name != "source");
        list
    };
    for row in &current.1.rows {
        let earlier = previous.1.rows.iter().find(|r| row_key(r) == row_key(row));
        if earlier.map(printed) != Some(printed(row)) {
            marks.kpis.push(match &row.data_point {
                Some(point) => format!("{}|{point}", row.code),
                None => row.code.clone(),
            });
        }
    }
    marks
}

/// The latest draft before `n` kept in `history/`, read and scored; `None` when there is none
/// (the first draft, or a history that was not kept).
pub fn previous_draft(city_dir: &Path, n: u32) -> Option<(CityFolder, KpiResults)> {
    (1..n).rev().find_map(|m| {
        let dir = city_dir.join("history").join(format!("draft-{m}"));
        let city = crate::input::load(&dir).ok()?;
        let results = crate::score(&city);
        Some((city, results))
    })
}

/// Why two drafts cannot be compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    #[error("{}: there is no draft {n} to compare{}\n  fix: {}", city.display(), if available.is_empty() { String::new() } else { format!(" (drafts found: {})", available.join(", ")) }, "each successful build of a draft keeps its inputs in history/draft-<n>/; build that draft first, or choose one of the drafts found")]
    NoDraft {
        city: PathBuf,
        n: u32,
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
        None => crate::input::load(city_dir)?
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
        let city = crate::input::load(&d.dir)?;
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
    if let Some(current) = crate::input::load(city_dir)
        .ok()
        .and_then(|c| c.profile.edition.draft)
    {
        found.push(current);
    }
    found.sort_unstable();
    found.dedup();
    found.iter().map(u32::to_string).collect()
}

/// A piece of text with its changes: runs of unchanged, removed and inserted words.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Span {
    Same(String),
    Removed(String),
    Inserted(String),
}

/// One change between the drafts.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Change {
    /// A text field edited; `spans` give the words.
    Edited { pointer: String, spans: Vec<Span> },
    /// A field or list item present only in the later draft.
    Added { pointer: String, text: String },
    /// A field or list item present only in the earlier draft.
    Removed { pointer: String, text: String },
    /// A number, yes/no or choice changed.
    Value {
        pointer: String,
        before: String,
        after: String,
    },
    /// A KPI (or data point) whose value, year or outcome moved.
    Kpi {
        code: String,
        label: String,
        before: String,
        after: String,
    },
    /// A dimension's or the overall score that moved.
    Score {
        group: String,
        before: String,
        after: String,
    },
}

/// Every change from `from` to `to`, in the order of the profile, then KPIs, then scores.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DraftDiff {
    pub from: String,
    pub to: String,
    pub changes: Vec<Change>,
    /// The later draft's city name, authors and date, for the change log's title block.
    pub city: String,
    pub city_id: String,
    pub authors: Vec<String>,
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
                    None => out.push(Change::Removed {
                        pointer: at,
                        text: summary(value),
                    }),
                }
            }
            for (key, value) in b.iter().filter(|(k, _)| !a.contains_key(*k)) {
                out.push(Change::Added {
                    pointer: crate::input::json_child(pointer, key),
                    text: summary(value),
                });
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

/// The `kind` a change serialises with.
fn change_kind(change: &Change) -> &'static str {
    match change {
        Change::Edited { .. } => "edited",
        Change::Added { .. } => "added",
        Change::Removed { .. } => "removed",
        Change::Value { .. } => "value",
        Change::Kpi { .. } => "kpi",
        Change::Score { .. } => "score",
    }
}

/// A value in one line: strings as they are, objects by their first text field.
fn summary(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        Value::Object(map) => ["text", "title", "name", "label"]
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_str))
            .map_or_else(|| value.to_string(), str::to_string),
        other => other.to_string(),
    }
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

fn row_key(row: &ResultRow) -> (String, Option<String>) {
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
                        None => out.push(Change::Removed {
                            pointer: format!("{pointer}/{i}"),
                            text: summary(&a[i]),
                        }),
                    }
                }
                for j in unmatched {
                    out.push(Change::Added {
                        pointer: format!("{pointer}/{j}"),
                        text: summary(&b[j]),
                    });
                }
            }
        }
    }
}

/// The items of the later list that the alignment with the earlier one does not match
/// unchanged: inserted, edited or moved.
fn unaligned(a: &[Value], b: &[Value]) -> Vec<usize> {
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
fn attributes(row: &ResultRow) -> Vec<(&'static str, String)> {
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
                count(&["edited", "added", "removed", "value"]),
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
                    other => other.clone(),
                };
                let mut v = serde_json::to_value(&shown).unwrap_or(Value::Null);
                let label = match c {
                    Change::Edited { pointer, .. }
                    | Change::Added { pointer, .. }
                    | Change::Removed { pointer, .. }
                    | Change::Value { pointer, .. } => field_label(pointer),
                    Change::Kpi { label, .. } => label.clone(),
                    Change::Score { group, .. } => group.clone(),
                };
                if let Value::Object(map) = &mut v {
                    map.insert("label".into(), label.into());
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
                Change::Added { pointer, text } => {
                    writeln!(out, "added    {pointer}: {}", clip(text, 160))
                }
                Change::Removed { pointer, text } => {
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
            Span::Removed(text) => format!("[-{}-]", text.trim()),
            Span::Inserted(text) => format!("{{+{}+}}", text.trim()),
            Span::Same(text) => text.clone(),
        })
        .filter(|part| !part.is_empty())
        .collect();
    parts.join(" ")
}

/// The spans of an edit with the unchanged runs cut to the words next to the changes.
fn trimmed(spans: &[Span]) -> Vec<Span> {
    let last = spans.len().saturating_sub(1);
    spans
        .iter()
        .enumerate()
        .map(|(i, span)| match span {
            Span::Same(text) => Span::Same(context(text, i == 0, i == last)),
            other => other.clone(),
        })
        .collect()
}

/// Unchanged words between changes, shortened to the few next to them: before the first change
/// only its lead-in, after the last only the words that follow it.
fn context(text: &str, first: bool, last: bool) -> String {
    let words: Vec<&str> = text.split_whitespace().collect();
    let k = CONTEXT_WORDS;
    let head = || words[..k].join(" ");
    let tail = || words[words.len() - k..].join(" ");
    match (first, last) {
        (true, false) if words.len() > k => format!("… {}", tail()),
        (false, true) if words.len() > k => format!("{} …", head()),
        (false, false) if words.len() > 2 * k => format!("{} … {}", head(), tail()),
        _ => words.join(" "),
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
