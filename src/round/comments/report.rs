//! The resolution report: a separate A4 document for the commenters (not one of the profile's
//! 12 pages) with every comment, how it was resolved and the response, and what changed since
//! the draft commented on: a field's words before and after, a KPI's result before and after,
//! each where it is now (moved, edited or removed since: `follow.rs`). Everything the
//! template prints arrives as data in `data/comments.json`.

use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::diff::{self, Compared};
use super::follow::{Editions, MadeOn, Now, Stage};
use super::{Comment, Comments, Resolution};
use crate::input::{InputErrors, Place, Problems};
use crate::kpi::{BANDS, Catalogue, KpiResults, Outcome, ResultRow};
use crate::typeset::document::{measure_text, short_unit};
use crate::{Error, export, format, typeset};

/// The data document's path in the Typst project.
const DATA_PATH: &str = "data/comments.json";

/// A finished resolution report.
pub struct CommentsReport {
    /// The PDF's bytes, to be written where the caller chooses ([`default_output`] by default).
    pub pdf: Vec<u8>,
    /// How many A4 pages it runs to.
    pub pages: usize,
    /// The text set on each page, as Typst laid it out.
    pub text: Vec<String>,
    /// The city's id, for the file name.
    pub city_id: String,
    /// The first and the last draft commented on.
    pub drafts: (u32, u32),
    /// What the report shows, as data (`sscp comments --format json`): each comment with its
    /// resolution, response, where its field or KPI is now and what changed since its draft.
    pub data: Value,
}

/// `<CITY_DIR>/out/<city>-comments-draft-<n>.pdf`, n the latest draft commented on.
pub fn default_output(dir: &Path, report: &CommentsReport) -> PathBuf {
    dir.join("out").join(format!(
        "{}-comments-draft-{}.pdf",
        report.city_id, report.drafts.1
    ))
}

/// Builds the resolution report on a city folder's comments. The folder must pass every check
/// `build` makes (the comments included) and hold at least one comment.
pub fn comments_report(dir: &Path) -> Result<CommentsReport, Error> {
    let (city, comments) = crate::round::load(dir)?;
    let now = crate::score(&city);
    let comments = match &comments {
        Some(found) if !found.comments.is_empty() => found,
        _ => return Err(nothing_to_report(dir, comments.as_ref())),
    };
    let first = comments.comments.iter().map(|c| c.draft).min().unwrap_or(1);
    let last = comments.comments.iter().map(|c| c.draft).max().unwrap_or(1);
    let editions = Editions::read(dir, first, Stage::current(&city, now));

    let profile = &city.profile;
    let drafts = if first == last {
        format!("draft {first}")
    } else {
        format!("drafts {first} to {last}")
    };
    let now_text = match profile.edition.draft {
        Some(n) if profile.edition.status == crate::model::Status::Draft => format!("draft {n}"),
        _ => "the final edition".to_string(),
    };
    let counts: Vec<Value> = Resolution::ALL
        .iter()
        .map(|r| {
            let count = comments
                .comments
                .iter()
                .filter(|c| c.resolution == *r)
                .count();
            json!({ "resolution": r.word(), "label": r.label(), "count": count })
        })
        .collect();
    let (entries, places): (Vec<Value>, Vec<Option<String>>) = comments
        .comments
        .iter()
        .map(|comment| entry(comment, &editions))
        .unzip();
    let title = format!("Comments on {drafts} and their resolution");
    let document = json!({
        "title": title,
        "authors": profile.edition.authors,
        "city": { "name": profile.city.name, "local_name": profile.city.local_name, "country": profile.city.country },
        "drafts": drafts,
        "now": now_text,
        "date": format::edition_date(profile.edition.date),
        "total": comments.comments.len(),
        "counts": counts,
        "band_labels": BANDS.iter().map(|b| b.label).collect::<Vec<_>>(),
        "comments": entries,
    });
    let data = serde_json::to_vec_pretty(&for_template(&document, &places)).unwrap_or_default();
    let compiled = typeset::compile(
        typeset::template::COMMENTS,
        vec![(DATA_PATH.to_string(), data)],
        profile.edition.typeset_date(),
    )?;
    let identity = export::Identity {
        ident: format!(
            "sscp/{}/comments/draft-{last}/{}",
            profile.city.id,
            profile.edition.typeset_date()
        ),
        date: profile.edition.date,
        title: Some(format!("{}: {title}", profile.edition.title)),
        subject: Some(format!(
            "How the comments on {drafts} of the Smart Sustainable City Profile of {} were resolved in {now_text}",
            profile.city.name
        )),
    };
    let pdf = export::pdf_with(&compiled.document, &identity, &|d| compiled.explain(d))?;
    Ok(CommentsReport {
        pdf,
        pages: compiled.document.pages().len(),
        text: typeset::page_text(&compiled.document),
        city_id: profile.city.id.clone(),
        drafts: (first, last),
        data: document,
    })
}

/// The error for a folder without comments: on the comments file it has, or on
/// `comments.json` when it has none.
fn nothing_to_report(dir: &Path, comments: Option<&Comments>) -> Error {
    let (file, message) = match comments {
        Some(comments) => (comments.file.clone(), "the file holds no comments"),
        None => (
            dir.join("comments.json"),
            "the city folder has no comments file (comments.json or comments.csv)",
        ),
    };
    let mut p = Problems::new(&file);
    p.at(
        Place::File,
        message,
        "write the comments on a draft in comments.json or comments.csv (docs/input-format.md, \"Comments on a draft\")",
    );
    Error::Input(InputErrors(p.into_vec()))
}

/// The data the template prints: the report's data, with each comment's `field` giving its
/// place as printed, which says where the field is now when it moved or was removed.
fn for_template(document: &Value, places: &[Option<String>]) -> Value {
    let mut data = document.clone();
    if let Some(comments) = data["comments"].as_array_mut() {
        for (comment, place) in comments.iter_mut().zip(places) {
            if let Some(place) = place {
                comment["field"] = place.as_str().into();
            }
        }
    }
    data
}

/// One comment as the report shows it, and, when its field moved or was removed, the field's
/// place as the report prints it.
fn entry(comment: &Comment, editions: &Editions) -> (Value, Option<String>) {
    let made_on = editions.made_on(comment.draft);
    let field = comment
        .field
        .as_deref()
        .map(|pointer| field_change(comment.draft, pointer, &made_on, editions));
    let kpi = comment
        .kpi
        .as_deref()
        .map(|code| kpi_change(comment.draft, code, &made_on, editions));
    let place = field.as_ref().and_then(|(_, place)| place.clone());
    let entry = json!({
        "id": comment.id,
        "from": comment.from,
        "draft": comment.draft,
        "page": comment.page,
        "section": comment.section,
        "quote": comment.quote,
        "field": comment.field,
        "kpi_code": comment.kpi,
        "text": comment.text,
        "resolution": comment.resolution.word(),
        "label": comment.resolution.label(),
        "response": comment.response,
        "field_change": field.map(|(change, _)| change),
        "kpi_change": kpi,
    });
    (entry, place)
}

/// Where a comment's field or KPI is now, as the JSON gives it: its `state`, where it was in
/// the draft commented on (`was`), where it is now (under `key`: `field` or `kpi`; null once
/// removed) and the edition it was first gone in (`removed_in`).
fn whereabouts(state: &str, key: &str, was: &str, now: &Now) -> Value {
    let (at, removed_in) = match now {
        Now::At(at) => (Value::from(at.as_str()), Value::Null),
        Now::Removed(edition) => (Value::Null, edition.json()),
    };
    json!({ "state": state, "was": was, key: at, "removed_in": removed_in })
}

/// A field's text before and after, with the words that changed marked, and where the field
/// is now; with the field's place as printed when it moved or was removed.
fn field_change(
    draft: u32,
    pointer: &str,
    made_on: &MadeOn,
    editions: &Editions,
) -> (Value, Option<String>) {
    let current = editions.current().profile.as_ref().unwrap_or(&Value::Null);
    let known = match made_on {
        MadeOn::Kept(stage) => match &stage.profile {
            Some(profile) => profile.pointer(pointer).map(|value| (profile, value)),
            None => None,
        },
        MadeOn::NotKept(_) => None,
    };
    let Some((profile, value)) = known else {
        // Read as it is now, at the same place.
        let note = match made_on {
            MadeOn::Kept(stage) => stage
                .note
                .clone()
                .or_else(|| Some(format!("\"{pointer}\" is not in draft {draft}'s snapshot."))),
            MadeOn::NotKept(note) => Some(note.clone()),
        };
        let after = current
            .pointer(pointer)
            .map(|value| diff::compare(&field_text(value), &field_text(value)).after);
        let now = whereabouts("unknown", "field", pointer, &Now::At(pointer.to_string()));
        let change = json!({
            "status": "unknown",
            "note": note,
            "before": null,
            "after": after,
            "now": now,
        });
        return (change, None);
    };
    let followed = editions.follow_field(draft, profile, pointer);
    let before = field_text(value);
    let (state, status, compared, place) = match &followed {
        Now::At(at) => {
            let after = current.pointer(at).map(field_text).unwrap_or_default();
            let compared = diff::compare(&before, &after);
            let moved = at != pointer;
            let (state, status) = match (compared.changed, moved) {
                (true, _) => ("edited", "changed"),
                (false, true) => ("moved", "unchanged"),
                (false, false) => ("unchanged", "unchanged"),
            };
            let place = moved.then(|| format!("{pointer}, now {at}"));
            (state, status, compared, place)
        }
        Now::Removed(edition) => (
            "removed",
            "removed",
            diff::compare(&before, ""),
            Some(format!("{pointer}, removed in {}", edition.label())),
        ),
    };
    let Compared { before, after, .. } = compared;
    let now = whereabouts(state, "field", pointer, &followed);
    let change = json!({
        "status": status,
        "note": null,
        "before": before,
        "after": after,
        "now": now,
    });
    (change, place)
}

/// The printed text of a field: a text as written (its Markdown printed as the profile does),
/// list items on lines of their own, and a structured item (an activity, a good practice)
/// field by field, one line each ("Partners: City of Ardenvale; Valdoria Employment Office").
fn field_text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Bool(b) => b.to_string(),
        Value::Number(n) => n.to_string(),
        Value::String(s) => s.clone(),
        Value::Array(items) => {
            let flat = items.iter().all(|v| !matches!(v, Value::Object(_)));
            let parts: Vec<String> = items.iter().map(field_text).collect();
            parts.join(if flat { "; " } else { "\n\n" })
        }
        Value::Object(map) => map
            .iter()
            .map(|(key, value)| (key, field_text(value)))
            .filter(|(_, text)| !text.is_empty())
            .map(|(key, text)| format!("{}: {text}", crate::round::diff::field_name(key)))
            .collect::<Vec<_>>()
            .join("\n\n"),
    }
}

/// A KPI's results (one row per data point) before and after, and whether `kpis.csv` still
/// has a row for it.
fn kpi_change(draft: u32, code: &str, made_on: &MadeOn, editions: &Editions) -> Value {
    let name = Catalogue::get()
        .find(code)
        .map_or(String::new(), |(_, def)| def.name.clone());
    let rows_of = |results: &KpiResults| -> Vec<ResultRow> {
        results
            .rows
            .iter()
            .filter(|r| r.code == code)
            .cloned()
            .collect()
    };
    let after = editions
        .current()
        .results
        .as_ref()
        .map(rows_of)
        .unwrap_or_default();
    let (before, mut note, followed) = match made_on {
        MadeOn::Kept(stage) => (
            stage.results.as_ref().map(rows_of),
            stage.note.clone(),
            Some(editions.follow_kpi(draft, stage, code)),
        ),
        MadeOn::NotKept(note) => (None, Some(note.clone()), None),
    };
    if before.is_some() {
        note = None;
    }
    let rows: Vec<Value> = after
        .iter()
        .map(|row| {
            let earlier = before.as_ref().map(|rows| {
                rows.iter()
                    .find(|r| r.data_point == row.data_point)
                    .map(result_view)
            });
            let later = result_view(row);
            let changed = earlier.as_ref().is_some_and(|e| e.as_ref() != Some(&later));
            json!({
                "label": row.data_point.clone().unwrap_or_else(|| row.name.clone()),
                "before": earlier.flatten(),
                "after": later,
                "changed": changed,
            })
        })
        .collect();
    let changed = rows.iter().any(|r| r["changed"] == true);
    let (state, now) = match followed {
        Some(Now::Removed(edition)) => {
            note = Some(format!(
                "kpis.csv has had no row for this KPI since {}.",
                edition.label()
            ));
            ("removed", Now::Removed(edition))
        }
        Some(now) if before.is_some() => (if changed { "edited" } else { "unchanged" }, now),
        _ => ("unknown", Now::At(code.to_string())),
    };
    json!({
        "code": code,
        "name": name,
        "rows": rows,
        "note": note,
        "now": whereabouts(state, "kpi", code, &now),
    })
}

/// A result as printed: value with unit, year, band (1 to 4, or none with a label saying why).
fn result_view(row: &ResultRow) -> Value {
    let unit = short_unit(&row.unit);
    let value = row.value.map_or("Not reported".to_string(), |m| {
        let figure = measure_text(m);
        match unit.as_str() {
            "" => figure,
            "%" => format!("{figure}%"),
            unit => format!("{figure} {unit}"),
        }
    });
    let (band, band_label, percent) = match row.outcome {
        Outcome::Scored { percent, band } => {
            let i = BANDS.iter().position(|b| b.band == band).unwrap_or(0);
            (
                Some(i + 1),
                BANDS[i].label.to_string(),
                Some(format!("{}% of target", format::number(percent))),
            )
        }
        Outcome::NotReported => (None, "Not reported".to_string(), None),
        Outcome::NoBenchmark => (None, "N/A".to_string(), None),
    };
    json!({
        "value": value,
        "year": row.year,
        "band": band,
        "band_label": band_label,
        "percent": percent,
    })
}
