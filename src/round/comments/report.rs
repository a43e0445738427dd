//! The resolution report: a separate A4 document for the commenters (not one of the profile's
//! 12 pages) with every comment, how it was resolved and the response, and what changed since
//! the draft commented on: a field's words before and after, a KPI's result before and after.
//! Everything the template prints arrives as data in `data/comments.json`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use super::diff::{self, Compared};
use super::{Comment, Comments, Resolution, snapshot_dir};
use crate::input::{InputErrors, MAX_TEXT_FILE, Place, Problems, read_in_folder};
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
    /// resolution, response and what changed since its draft.
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
    let current: Value = serde_json::from_str(&city.profile_json).unwrap_or(Value::Null);
    let mut snapshots = BTreeMap::new();
    for comment in &comments.comments {
        snapshots
            .entry(comment.draft)
            .or_insert_with(|| Snapshot::read(dir, comment.draft));
    }

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
    let entries: Vec<Value> = comments
        .comments
        .iter()
        .map(|comment| {
            let snapshot = snapshots.get(&comment.draft);
            entry(comment, snapshot, &current, &now)
        })
        .collect();
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
    let data = serde_json::to_vec_pretty(&document).unwrap_or_default();
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

/// What is known of a draft as it was shared: its profile and KPI results, from its snapshot.
struct Snapshot {
    profile: Option<Value>,
    results: Option<KpiResults>,
    /// Why something is missing, for the report.
    note: Option<String>,
}

impl Snapshot {
    fn read(dir: &Path, draft: u32) -> Snapshot {
        let folder = snapshot_dir(Path::new(""), draft);
        let shown = folder.display();
        if !dir.join(&folder).is_dir() {
            return Snapshot {
                profile: None,
                results: None,
                note: Some(format!(
                    "No snapshot of draft {draft} is kept ({shown}), so its text is not known."
                )),
            };
        }
        let profile = read_in_folder(dir, &folder.join("profile.json"), MAX_TEXT_FILE)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok());
        let results = crate::validate(&dir.join(&folder)).ok().map(|(_, r)| r);
        let note = (profile.is_none() || results.is_none()).then(|| {
            format!(
                "The snapshot of draft {draft} ({shown}) does not pass sscp's checks; `sscp validate` on it says why."
            )
        });
        Snapshot {
            profile,
            results,
            note,
        }
    }
}

/// One comment as the report shows it.
fn entry(
    comment: &Comment,
    snapshot: Option<&Snapshot>,
    current: &Value,
    now: &KpiResults,
) -> Value {
    let note = snapshot.and_then(|s| s.note.clone());
    let field = comment.field.as_deref().map(|pointer| {
        let before = snapshot.and_then(|s| s.profile.as_ref());
        field_change(pointer, before, current, note.clone())
    });
    let kpi = comment.kpi.as_deref().map(|code| {
        let before = snapshot.and_then(|s| s.results.as_ref());
        kpi_change(code, before, now, note.clone())
    });
    json!({
        "id": comment.id,
        "from": comment.from,
        "draft": comment.draft,
        "page": comment.page,
        "section": comment.section,
        "field": comment.field,
        "kpi_code": comment.kpi,
        "text": comment.text,
        "resolution": comment.resolution.word(),
        "label": comment.resolution.label(),
        "response": comment.response,
        "field_change": field,
        "kpi_change": kpi,
    })
}

/// A field's text before and after, with the words that changed marked.
fn field_change(
    pointer: &str,
    before: Option<&Value>,
    current: &Value,
    note: Option<String>,
) -> Value {
    let after = current.pointer(pointer).map(field_text);
    let Some(before_profile) = before else {
        let after = after.map(|text| diff::compare(&text, &text).after);
        return json!({ "status": "unknown", "note": note, "before": null, "after": after });
    };
    let before = before_profile.pointer(pointer).map(field_text);
    let (status, Compared { before, after, .. }) = match (before, after) {
        (Some(b), Some(a)) => {
            let compared = diff::compare(&b, &a);
            let status = if compared.changed {
                "changed"
            } else {
                "unchanged"
            };
            (status, compared)
        }
        (Some(b), None) => ("removed", diff::compare(&b, "")),
        (None, Some(a)) => ("added", diff::compare("", &a)),
        (None, None) => ("unchanged", diff::compare("", "")),
    };
    json!({ "status": status, "note": null, "before": before, "after": after })
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

/// A KPI's results (one row per data point) before and after.
fn kpi_change(
    code: &str,
    before: Option<&KpiResults>,
    now: &KpiResults,
    note: Option<String>,
) -> Value {
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
    let after = rows_of(now);
    let before = before.map(rows_of);
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
    json!({
        "code": code,
        "name": name,
        "rows": rows,
        "note": if before.is_none() { note } else { None },
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
