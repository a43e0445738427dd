//! What changed between two drafts of a profile: text word by word, KPI values and bands,
//! scores, pictures, and items (recommendations, good practices, activities, key messages)
//! added, removed or edited; every row of `kpis.csv`, earlier years included; and the files
//! attached to the PDF where their bytes changed but no field or row says so. Drafts are city
//! folders: `history/draft-<n>/` snapshots, or the city folder itself for the draft being edited.

mod files;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::words::{Span, Word, printed_words, word_diff};
use crate::input::CityFolder;
use crate::kpi::{Catalogue, KpiRecord, KpiResults, Outcome, ResultRow};

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
    /// A KPI (or data point) whose result or a column of its latest row moved, or one of its
    /// earlier years' rows in `kpis.csv`.
    Kpi {
        /// The KPI's catalogue code (`EC: ICT: ICT: 1C`).
        code: String,
        /// The KPI's name (and data point), the year for an earlier year's row, and the column
        /// that moved in brackets unless it is the result or value itself:
        /// `Household Internet Access (target)`, `Air Pollution: PM2.5, 2021 (data quality)`.
        label: String,
        /// That column in the earlier draft, in words; `no row` when the KPI (or the year)
        /// had none then, and a whole row in one line where the year had one only then.
        before: String,
        /// That column in the later draft, in words.
        after: String,
    },
    /// A file attached to the PDF byte for byte (`profile.json`, `kpis.csv`) whose bytes
    /// changed in ways its fields and rows do not show: rows or members in another order,
    /// spacing, line ends, a value written another way.
    File {
        /// The file in the city folder.
        file: String,
        /// What changed in it, as far as can be told: `rows in another order`.
        what: Vec<String>,
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

/// Every change from `from` to `to`, in the order of the profile, then KPIs, then scores; a
/// file's changes as a file follow its fields or rows.
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
    let fields_changed = !changes.is_empty();
    compare_pictures(from.1, to.1, &mut changes);
    let as_file = files::profile_json(&from.1.profile_bytes, &to.1.profile_bytes, fields_changed);
    file_change("profile.json", as_file, &mut changes);
    let first_kpi = changes.len();
    compare_kpis((from.1, from.2), (to.1, to.2), &mut changes);
    let rows_changed: HashSet<String> = changes[first_kpi..]
        .iter()
        .filter_map(|c| match c {
            Change::Kpi { code, .. } => Some(code.clone()),
            _ => None,
        })
        .collect();
    let as_file = files::kpis_csv(&from.1.kpis_bytes, &to.1.kpis_bytes, &rows_changed);
    file_change("kpis.csv", as_file, &mut changes);
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

/// A [`Change::File`] for `file` when there is anything to say of it.
fn file_change(file: &str, what: Vec<String>, out: &mut Vec<Change>) {
    if !what.is_empty() {
        out.push(Change::File {
            file: file.to_string(),
            what,
        });
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
        Change::File { .. } => "file",
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
    use super::align::Step;
    // A move is listed as what it is on each side: removed here, added there.
    for step in super::align::lists(a, b) {
        match step {
            Step::Kept { .. } => {}
            Step::Edited { before, after } => {
                compare_values(&format!("{pointer}/{after}"), &a[before], &b[after], out);
            }
            Step::Removed { before, .. } => {
                out.push(removed(format!("{pointer}/{before}"), &a[before]));
            }
            Step::Added { after, .. } => out.push(added(format!("{pointer}/{after}"), &b[after])),
        }
    }
}

/// The items of the later list that the alignment with the earlier one does not match
/// unchanged: inserted, edited or moved.
pub(super) fn unaligned(a: &[Value], b: &[Value]) -> Vec<usize> {
    let mut kept = vec![false; b.len()];
    for step in super::align::lists(a, b) {
        if let super::align::Step::Kept { after, .. } = step {
            kept[after] = true;
        }
    }
    (0..b.len()).filter(|&j| !kept[j]).collect()
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
/// data quality and source (the attached results). Each that differs is one change. Then the
/// rows of the earlier years one by one, as `kpis.csv` (attached to the PDF) holds them.
fn compare_kpis(
    before: (&CityFolder, &KpiResults),
    after: (&CityFolder, &KpiResults),
    out: &mut Vec<Change>,
) {
    let (rows_before, rows_after) = (records_by_row(before.0), records_by_row(after.0));
    for row in &after.1.rows {
        let old = before.1.rows.iter().find(|r| row_key(r) == row_key(row));
        let old_attributes = old.map(attributes);
        let mut result_moved = old.is_none();
        for (i, (name, new)) in attributes(row).into_iter().enumerate() {
            let old = match &old_attributes {
                Some(list) => list[i].1.clone(),
                None if i == 0 => "no row".to_string(),
                None => continue,
            };
            if old != new {
                result_moved |= i == 0;
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
        let key = row_key(row);
        let years = (
            rows_before.get(&key).map_or(&[][..], Vec::as_slice),
            rows_after.get(&key).map_or(&[][..], Vec::as_slice),
        );
        compare_years(row, years, result_moved, out);
    }
}

/// The rows of `kpis.csv` by KPI and data point, keyed as [`row_key`] keys result rows.
fn records_by_row(city: &CityFolder) -> HashMap<(String, Option<String>), Vec<&KpiRecord>> {
    let catalogue = Catalogue::get();
    let mut rows: HashMap<_, Vec<&KpiRecord>> = HashMap::new();
    for record in &city.kpis {
        let def = &catalogue.kpis[record.kpi];
        let point = record.data_point.map(|p| def.data_points[p].name.clone());
        rows.entry((def.code.clone(), point))
            .or_default()
            .push(record);
    }
    rows
}

/// The rows of one KPI (or data point) year by year, beyond what its result row compares:
/// each earlier year's row column by column (a value only where the earlier years of the
/// result do not show it: yes or no), and rows there in one draft only, unless the row is
/// that draft's latest and the result already moved with it.
fn compare_years<'r>(
    row: &ResultRow,
    (before, after): (&[&'r KpiRecord], &[&'r KpiRecord]),
    result_moved: bool,
    out: &mut Vec<Change>,
) {
    // Rows without a year sort first, as the results take the latest.
    let latest = |rows: &[&KpiRecord]| rows.iter().map(|r| r.year).max();
    let (latest_before, latest_after) = (latest(before), latest(after));
    let mut years: Vec<Option<i32>> = before.iter().chain(after).map(|r| r.year).collect();
    years.sort_unstable();
    years.dedup();
    for year in years {
        let (is_latest_before, is_latest_after) =
            (latest_before == Some(year), latest_after == Some(year));
        let in_year = match year {
            Some(y) => format!("{}, {y}", row.label()),
            None => format!("{}, no year", row.label()),
        };
        let change = |label: String, before: String, after: String| Change::Kpi {
            code: row.code.clone(),
            label,
            before,
            after,
        };
        let in_draft = |rows: &[&'r KpiRecord]| rows.iter().copied().find(|r| r.year == year);
        match (in_draft(before), in_draft(after)) {
            (Some(_), Some(_)) if is_latest_before && is_latest_after => {}
            (Some(old), Some(new)) => {
                let numbers = [old, new]
                    .iter()
                    .all(|r| matches!(r.value, Some(crate::kpi::Measure::Number(_))));
                let columns = row_attributes(old).into_iter().zip(row_attributes(new));
                for ((name, was), (_, is)) in columns {
                    if was == is || (name.is_empty() && numbers) {
                        continue;
                    }
                    let label = if name.is_empty() {
                        in_year.clone()
                    } else {
                        format!("{in_year} ({name})")
                    };
                    out.push(change(label, was, is));
                }
            }
            (Some(old), None) if !(is_latest_before && result_moved) => {
                out.push(change(in_year, row_summary(old), "no row".to_string()));
            }
            (None, Some(new)) if !(is_latest_after && result_moved) => {
                out.push(change(in_year, "no row".to_string(), row_summary(new)));
            }
            _ => {}
        }
    }
}

/// A row of `kpis.csv` in words, column by column as [`attributes`] names a result's: the
/// value first (with no name of its own), then what the row gives or the catalogue supplies.
fn row_attributes(record: &KpiRecord) -> Vec<(&'static str, String)> {
    let def = &Catalogue::get().kpis[record.kpi];
    let direction = record.direction.unwrap_or_else(|| {
        record
            .data_point
            .map_or(def.direction, |p| def.data_points[p].direction)
    });
    vec![
        ("", measure_text(record.value)),
        ("target", measure_text(record.target)),
        (
            "local target",
            record
                .local_target
                .map_or("none".to_string(), crate::format::number),
        ),
        (
            "unit",
            record.unit.clone().unwrap_or_else(|| def.unit.clone()),
        ),
        ("direction", direction_text(direction)),
        (
            "verified",
            yes_no(record.verified.unwrap_or(record.value.is_some())),
        ),
        ("data quality", text_or_none(&record.data_quality)),
        ("source", text_or_none(&record.source)),
    ]
}

/// A whole row of `kpis.csv` in one line, for a row added or removed: value and unit, then
/// what else it gives: `84.2 % (target 100; data quality survey; source …)`.
fn row_summary(record: &KpiRecord) -> String {
    let columns = row_attributes(record);
    let value = match record.value {
        None => "Not Reported".to_string(),
        Some(crate::kpi::Measure::Number(_)) => format!("{} {}", columns[0].1, columns[3].1),
        Some(crate::kpi::Measure::Flag(_)) => columns[0].1.clone(),
    };
    let mut given: Vec<String> = Vec::new();
    for (name, text) in &columns[1..] {
        match *name {
            "unit" => {}
            "direction" if record.direction.is_none() => {}
            "direction" => given.push(text.clone()),
            "verified" if text == "yes" => {}
            "verified" => given.push("not verified".to_string()),
            _ if text == "none" => {}
            _ => given.push(format!("{name} {text}")),
        }
    }
    if given.is_empty() {
        value
    } else {
        format!("{value} ({})", given.join("; "))
    }
}

/// A value or target in words: a figure, `yes` or `no`, or `none`.
fn measure_text(measure: Option<crate::kpi::Measure>) -> String {
    match measure {
        Some(crate::kpi::Measure::Number(n)) => crate::format::number(n),
        Some(crate::kpi::Measure::Flag(b)) => yes_no(b),
        None => "none".to_string(),
    }
}

fn direction_text(direction: crate::kpi::Direction) -> String {
    match direction {
        crate::kpi::Direction::Higher => "higher is better",
        crate::kpi::Direction::Lower => "lower is better",
    }
    .to_string()
}

fn yes_no(b: bool) -> String {
    (if b { "yes" } else { "no" }).to_string()
}

fn text_or_none(text: &Option<String>) -> String {
    text.clone().unwrap_or_else(|| "none".to_string())
}

/// A result's attributes in words, the result first (with no name of its own).
pub(super) fn attributes(row: &ResultRow) -> Vec<(&'static str, String)> {
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
        ("target", measure_text(row.target)),
        (
            "local target",
            row.local_target
                .map_or("none".to_string(), crate::format::number),
        ),
        ("unit", row.unit.clone()),
        ("direction", direction_text(row.direction)),
        ("verified", yes_no(row.verified)),
        ("data quality", text_or_none(&row.data_quality)),
        ("source", text_or_none(&row.source)),
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
