//! The checks on comments as written, the same for JSON and CSV: ids unique, drafts that have
//! been shared, a known resolution, a response once resolved, fields and KPIs that exist, and a
//! place for every comment. Comments still pending become warnings, and so do comments on a
//! field or KPI of an earlier draft whose snapshot is missing (they are read in today's files).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;

use super::read::{Cell, Origin, Written};
use super::{Comment, Resolution, snapshot_dir, snapshot_kept};
use crate::input::json::{child, quoted};
use crate::input::{MAX_TEXT_FILE, Problems, read_in_folder};
use crate::kpi::{Catalogue, nearest};

/// Checks every comment, reporting all that is wrong; returns the comments that passed.
pub(super) fn check(
    dir: &Path,
    profile: Option<&Value>,
    written: Vec<Written>,
    p: &mut Problems,
) -> Vec<Comment> {
    let current = current_draft(profile);
    let mut profiles = Profiles {
        dir,
        current: profile,
        snapshots: HashMap::new(),
    };
    let mut first_seen: HashMap<String, Origin> = HashMap::new();
    let mut comments = Vec::new();
    for comment in &written {
        let origin = comment.origin;
        let id = required(comment, "id", "the comment's reference, e.g. \"C7\"", p);
        if let Some(id) = &id
            && let Some(first) = first_seen.get(id)
        {
            p.at(
                origin.place("id"),
                format!(
                    "the id \"{id}\" is used again (first at {})",
                    first.describe()
                ),
                "give each comment its own id, e.g. by numbering on from the last one",
            );
        } else if let Some(id) = &id {
            first_seen.insert(id.clone(), origin);
        }
        let from = required(comment, "from", "who made the comment", p);
        let draft = draft(comment, current, p);
        let page = page(comment, p);
        let field = field(comment, draft, &mut profiles, p);
        let kpi = kpi(comment, p);
        if let Some(draft) = draft {
            let subject = Subject {
                id: id.as_deref(),
                draft,
                field: field.as_deref(),
                kpi: kpi.as_deref(),
            };
            warn_without_snapshot(comment.origin, subject, &mut profiles, p);
        }
        let text = required(comment, "text", "the comment as the commenter wrote it", p);
        let resolution = resolution(comment, p);
        let response = comment.text("response").unwrap_or_default().to_string();
        if resolution.is_some_and(|r| r != Resolution::Pending) && response.is_empty() {
            p.at(
                origin.place("response"),
                format!(
                    "the comment is {} but has no response",
                    resolution.map_or("", Resolution::word)
                ),
                "write what was changed, or why not, in \"response\"",
            );
        }
        if !super::read::WHERE.iter().any(|f| comment.given(f)) {
            p.at(
                origin.whole(),
                "the comment does not say what it is about",
                "give at least one of \"page\", \"section\", \"field\" (a JSON pointer into profile.json) or \"kpi\" (a KPI code)",
            );
        }
        if let (Some(id), Some(from), Some(draft), Some(text), Some(resolution)) =
            (id, from, draft, text, resolution)
        {
            if resolution == Resolution::Pending && current.is_none_or(|n| draft <= n) {
                p.warn_at(
                    origin.whole(),
                    format!("comment {id} from {from} on draft {draft} is still pending"),
                    "resolve it: set \"resolution\" to \"accepted\", \"partly-accepted\" or \"rejected\" and write the response",
                );
            }
            comments.push(Comment {
                id,
                from,
                draft,
                page,
                section: comment.text("section").map(str::to_string),
                quote: comment.text("quote").map(str::to_string),
                field,
                kpi,
                text,
                resolution,
                response,
            });
        }
    }
    comments
}

/// The draft round of the profile being built; `None` for a final edition (every draft is
/// then in the past) or a profile whose edition cannot be read (reported there).
fn current_draft(profile: Option<&Value>) -> Option<u32> {
    let edition = profile?.get("edition")?;
    if edition.get("status")?.as_str()? != "draft" {
        return None;
    }
    edition
        .get("draft")?
        .as_u64()
        .and_then(|n| u32::try_from(n).ok())
}

/// A required text field; `what` says what belongs there.
fn required(comment: &Written, field: &str, what: &str, p: &mut Problems) -> Option<String> {
    if let Some(text) = comment.text(field) {
        return Some(text.to_string());
    }
    let place = comment.origin.place(field);
    match (comment.cells.get(field), comment.origin) {
        (Some(Cell::Reported), _) => {}
        (None, Origin::Json(_)) => p.at(
            place,
            format!("required field \"{field}\" is missing"),
            format!("add \"{field}\": {what}"),
        ),
        _ => p.at(
            place,
            format!("\"{field}\" is empty"),
            format!("write {what}"),
        ),
    }
    None
}

/// A whole number in a field, or a problem saying it is not one.
fn whole_number(comment: &Written, field: &str, p: &mut Problems) -> Option<i64> {
    let text = comment.text(field)?;
    let number = text.parse::<i64>().ok();
    if number.is_none() {
        p.at(
            comment.origin.place(field),
            format!("\"{text}\" is not a whole number"),
            format!("write \"{field}\" as a whole number, e.g. 1"),
        );
    }
    number
}

/// The draft the comment was made on: from 1 to the profile's current draft.
fn draft(comment: &Written, current: Option<u32>, p: &mut Problems) -> Option<u32> {
    if comment.text("draft").is_none() {
        required(
            comment,
            "draft",
            "the draft round the comment is on, e.g. 1",
            p,
        );
        return None;
    }
    let n = whole_number(comment, "draft", p)?;
    let place = comment.origin.place("draft");
    match (u32::try_from(n), current) {
        (Ok(n), Some(current)) if n > current => {
            p.at(
                place,
                format!("draft {n} is later than the profile's current draft, {current}"),
                format!(
                    "write the draft the comment was made on: the profile is draft {current} (\"draft\" under \"edition\" in profile.json)"
                ),
            );
            None
        }
        (Ok(n), _) if n >= 1 => Some(n),
        _ => {
            p.at(
                place,
                format!("{n} is not a draft round"),
                "drafts count from 1: write the round the comment was made on",
            );
            None
        }
    }
}

/// The page of the profile the comment is on, when given.
fn page(comment: &Written, p: &mut Problems) -> Option<u32> {
    let n = whole_number(comment, "page", p)?;
    let pages = crate::typeset::PAGES;
    match u32::try_from(n) {
        Ok(page) if (1..=pages as u32).contains(&page) => Some(page),
        _ => {
            p.at(
                comment.origin.place("page"),
                format!("page {n} is not a page of the profile"),
                format!("give a page from 1 to {pages}, or leave \"page\" out"),
            );
            None
        }
    }
}

/// The KPI the comment is on, as the catalogue writes its code.
fn kpi(comment: &Written, p: &mut Problems) -> Option<String> {
    let code = comment.text("kpi")?;
    let catalogue = Catalogue::get();
    if let Some((_, def)) = catalogue.find(code) {
        return Some(def.code.clone());
    }
    let nearest = catalogue.nearest(code);
    p.at(
        comment.origin.place("kpi"),
        format!("unknown KPI code \"{}\"", crate::input::kpis::shown(code)),
        format!(
            "did you mean \"{}\" ({})? `sscp kpis` lists every code",
            nearest.code, nearest.name
        ),
    );
    None
}

fn resolution(comment: &Written, p: &mut Problems) -> Option<Resolution> {
    let words = quoted(Resolution::ALL.iter().map(|r| r.word()));
    let Some(word) = comment.text("resolution") else {
        required(comment, "resolution", &format!("one of {words}"), p);
        return None;
    };
    let found = Resolution::from_word(word);
    if found.is_none() {
        let all = Resolution::ALL.map(Resolution::word);
        p.at(
            comment.origin.place("resolution"),
            format!(
                "\"{}\" is not a resolution",
                crate::input::kpis::shown(word)
            ),
            format!(
                "did you mean \"{}\"? use one of {words}",
                nearest(&all, &word.to_ascii_lowercase())
            ),
        );
    }
    found
}

/// What a comment is about, as checked: its draft, and the field and KPI that passed.
#[derive(Debug, Clone, Copy)]
struct Subject<'a> {
    id: Option<&'a str>,
    draft: u32,
    field: Option<&'a str>,
    kpi: Option<&'a str>,
}

/// A comment on a field or KPI of an earlier draft of which the folder keeps no snapshot is
/// read in today's files, which may have changed since: a warning says so.
fn warn_without_snapshot(
    origin: Origin,
    subject: Subject,
    profiles: &mut Profiles,
    p: &mut Problems,
) {
    let Subject {
        id,
        draft,
        field,
        kpi,
    } = subject;
    let read = match (field, kpi) {
        (Some(field), Some(kpi)) => format!(
            "its field \"{field}\" is read in today's profile.json and its KPI \"{kpi}\" in today's kpis.csv"
        ),
        (Some(field), None) => format!("its field \"{field}\" is read in today's profile.json"),
        (None, Some(kpi)) => format!("its KPI \"{kpi}\" is read in today's kpis.csv"),
        (None, None) => return,
    };
    if !profiles.is_past(draft) || profiles.kept(draft) {
        return;
    }
    let who = id.map_or_else(|| "the comment".to_string(), |id| format!("comment {id}"));
    let folder = snapshot_dir(Path::new(""), draft);
    let place = if field.is_some() { "field" } else { "kpi" };
    p.warn_at(
        origin.place(place),
        format!(
            "{who} was made on draft {draft}, but the city folder keeps no snapshot of draft {draft} ({} is missing): {read}, which may no longer hold what was commented on",
            folder.display()
        ),
        format!(
            "restore {}, the snapshot `sscp build` recorded of draft {draft} (its profile.json and kpis.csv), so that the comment is read on the draft it was made on",
            folder.display()
        ),
    );
}

/// The profiles a `field` is looked up in: the snapshot of the draft commented on when the
/// folder keeps one, else the current `profile.json`.
struct Profiles<'a> {
    dir: &'a Path,
    current: Option<&'a Value>,
    /// Snapshots read so far, by draft; `None` where the folder keeps none.
    snapshots: HashMap<u32, Option<SnapshotProfile>>,
}

/// A draft's `profile.json` as shared: its path in the city folder, and its value or why it
/// cannot be read.
struct SnapshotProfile {
    path: PathBuf,
    value: Result<Value, String>,
}

impl Profiles<'_> {
    /// Whether the folder keeps a snapshot of `draft`.
    fn kept(&mut self, draft: u32) -> bool {
        self.snapshots
            .entry(draft)
            .or_insert_with(|| read_snapshot(self.dir, draft))
            .is_some()
    }

    /// Whether `draft` is earlier than the profile being built (every draft is, for a final
    /// edition), so that today's files may no longer be that draft's.
    fn is_past(&self, draft: u32) -> bool {
        match current_draft(self.current) {
            Some(current) => draft < current,
            None => {
                self.current
                    .and_then(|p| p.pointer("/edition/status"))
                    .and_then(Value::as_str)
                    == Some("final")
            }
        }
    }

    /// The profile of `draft` (the current one when `None` or without a snapshot), with the
    /// name messages give it; `Err` says why a snapshot that exists cannot be read.
    fn of(&mut self, draft: Option<u32>) -> Option<(String, Result<&Value, String>)> {
        let snapshot = draft.and_then(|d| {
            self.snapshots
                .entry(d)
                .or_insert_with(|| read_snapshot(self.dir, d))
                .as_ref()
        });
        match snapshot {
            Some(SnapshotProfile { path, value }) => Some((
                format!(
                    "draft {}'s profile.json ({})",
                    draft.unwrap_or(0),
                    path.display()
                ),
                value.as_ref().map_err(Clone::clone),
            )),
            None => self
                .current
                .map(|value| ("profile.json".to_string(), Ok(value))),
        }
    }
}

/// Draft `draft`'s snapshot of `profile.json`, when the folder has one.
fn read_snapshot(dir: &Path, draft: u32) -> Option<SnapshotProfile> {
    if !snapshot_kept(dir, draft) {
        return None;
    }
    let relative = snapshot_dir(Path::new(""), draft).join("profile.json");
    let value = read_in_folder(dir, &relative, MAX_TEXT_FILE)
        .map_err(|problem| problem.message)
        .and_then(|bytes| {
            serde_json::from_slice::<Value>(&bytes).map_err(|e| format!("is not valid JSON: {e}"))
        });
    Some(SnapshotProfile {
        path: relative,
        value,
    })
}

/// The field the comment is on: a JSON pointer that exists in that draft's profile.
fn field(
    comment: &Written,
    draft: Option<u32>,
    profiles: &mut Profiles,
    p: &mut Problems,
) -> Option<String> {
    let pointer = comment.text("field")?;
    let place = comment.origin.place("field");
    let (name, profile) = profiles.of(draft)?;
    let profile = match profile {
        Ok(profile) => profile,
        Err(why) => {
            p.at(
                place,
                format!("cannot check \"{pointer}\": {name} {why}"),
                "restore the snapshot of that draft, or remove \"field\"",
            );
            return None;
        }
    };
    if pointer.starts_with('/') && profile.pointer(pointer).is_some() {
        return Some(pointer.to_string());
    }
    let mut all = Vec::new();
    pointers(profile, String::new(), &mut all);
    let all: Vec<&str> = all.iter().map(String::as_str).collect();
    let what = if pointer.starts_with('/') {
        format!("\"{pointer}\" is not a field of {name}")
    } else {
        format!("\"{pointer}\" is not a JSON pointer: it must start with \"/\"")
    };
    p.at(
        place,
        what,
        format!(
            "did you mean \"{}\"? \"field\" is the path of a field in profile.json, e.g. \"/survey/context\" or \"/showcase/recommendations/1\"",
            nearest(&all, pointer)
        ),
    );
    None
}

/// Every JSON pointer in `value`, depth first, for "did you mean" hints.
fn pointers(value: &Value, at: String, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, item) in map {
                let pointer = child(&at, key);
                out.push(pointer.clone());
                pointers(item, pointer, out);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let pointer = child(&at, &i.to_string());
                out.push(pointer.clone());
                pointers(item, pointer, out);
            }
        }
        _ => {}
    }
}
