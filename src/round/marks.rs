//! Change marks: what a draft changed since the one before, for the template's change bars.

use std::path::Path;

use serde_json::Value;

use super::diff::{attributes, row_key, unaligned};
use crate::input::CityFolder;
use crate::kpi::{KpiResults, ResultRow};
use crate::model::{Block, Narrative};

pub use crate::typeset::document::ChangeMarks;

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
/// earlier draft has no identical paragraph in the same field, so a paragraph moved down by an
/// insertion above it is not marked; a list item likewise against every list item the field
/// had. List entries (recommendations, activities, …) are aligned by content, and only those
/// inserted, edited or moved are marked.
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
            .map(|n| n.0.iter().map(json).collect())
            .unwrap_or_default();
        // The items of every list the field had, to find the items a list kept.
        let earlier_items: Vec<String> = before
            .map(|n| {
                n.0.iter()
                    .filter_map(|b| match b {
                        Block::List { items, .. } => Some(items),
                        Block::Para(_) => None,
                    })
                    .flatten()
                    .map(json)
                    .collect()
            })
            .unwrap_or_default();
        let (mut changed, mut items) = (Vec::new(), Vec::new());
        for (i, block) in now.0.iter().enumerate() {
            if earlier.contains(&json(block)) {
                continue;
            }
            match block {
                Block::Para(_) => changed.push(i),
                Block::List { items: list, .. } => items.extend(
                    list.iter()
                        .enumerate()
                        .filter(|(_, item)| !earlier_items.contains(&json(item)))
                        .map(|(j, _)| [i, j]),
                ),
            }
        }
        if !changed.is_empty() {
            marks.blocks.insert(field.clone(), changed);
        }
        if !items.is_empty() {
            marks.list_items.insert(field, items);
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
        let city = crate::load(&dir).ok()?;
        let results = crate::score(&city);
        Some((city, results))
    })
}

/// A block or list item as JSON, to compare it with the earlier draft's.
fn json<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
