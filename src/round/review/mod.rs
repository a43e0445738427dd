//! `sscp import-comments`: the marks a reviewer left on a draft's PDF, in whatever reader they
//! had, become pending comments in the city's `comments.json`. The PDF tells which draft it is
//! (its document identifier), the draft's review map ([`map`]) tells which field or KPI and
//! which words each mark lies on, and a mark already imported is never imported twice.

pub mod map;
pub mod pdf;

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value, json};
use sha2::Digest;

use map::{Placed, ReviewMap};
use pdf::{Mark, MarkKind, PdfError};

/// Why a reviewed PDF's marks cannot be imported.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The PDF cannot be read.
    #[error("{0}")]
    Pdf(#[from] PdfError),
    /// Something else about the PDF, the city folder or its history stops the import.
    #[error("{}: {message}\n  fix: {fix}", path.display())]
    Import {
        /// The file or folder the problem is in.
        path: PathBuf,
        /// What is wrong.
        message: String,
        /// What to do.
        fix: String,
    },
}

fn problem(path: &Path, message: impl Into<String>, fix: impl Into<String>) -> ReviewError {
    ReviewError::Import {
        path: path.to_path_buf(),
        message: message.into(),
        fix: fix.into(),
    }
}

/// One mark as imported: the comment it became.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    /// The comment's id in `comments.json`.
    pub id: String,
    /// The page the mark is on.
    pub page: usize,
    /// What kind of mark it was.
    pub kind: MarkKind,
    /// Where it lies on the profile.
    pub placed: Placed,
    /// Who made it.
    pub from: String,
    /// The comment's text.
    pub text: String,
    /// The comment it replies to, when it is a reply.
    pub reply_to: Option<String>,
    /// Its position on the page in millimetres from the top-left corner, for a mark that lies
    /// on no text.
    pub position_mm: (f64, f64),
}

/// What an import did.
#[derive(Debug, Clone, PartialEq)]
pub struct Import {
    /// The draft the reviewed PDF is.
    pub draft: u32,
    /// The comments file written.
    pub comments_file: PathBuf,
    /// The new comments, in page order.
    pub added: Vec<Imported>,
    /// Marks imported before (from this copy or another with the same marks), left alone.
    pub already: usize,
    /// The file's marks that are not comments (links, form fields, pop-up windows) are not
    /// counted; this is how many marks of a kind sscp reads the file held.
    pub marks: usize,
}

/// Imports the marks of `reviewed` into the comments of the city folder `city_dir`. The draft
/// is told from the PDF, or given as `draft`.
pub fn import(reviewed: &Path, city_dir: &Path, draft: Option<u32>) -> Result<Import, ReviewError> {
    let read = pdf::read(reviewed)?;
    if read.pages != crate::typeset::PAGES {
        return Err(problem(
            reviewed,
            format!(
                "has {} pages; a profile has {}: is it the draft that was sent?",
                read.pages,
                crate::typeset::PAGES
            ),
            "give the reviewed copy of the profile's PDF",
        ));
    }
    let (draft, map) = which_draft(reviewed, city_dir, read.document_id.as_deref(), draft)?;
    let comments_file = city_dir.join("comments.json");
    if city_dir.join("comments.csv").exists() {
        return Err(problem(
            &city_dir.join("comments.csv"),
            "the folder keeps its comments in comments.csv; imported comments are written to comments.json",
            "move the comments into comments.json (docs/input-format.md shows the format), then import again",
        ));
    }
    let mut document = read_comments(&comments_file)?;
    let comments = document
        .get_mut("comments")
        .and_then(Value::as_array_mut)
        .ok_or_else(|| {
            problem(
                &comments_file,
                "has no \"comments\" list",
                "fix comments.json (sscp validate says how), then import again",
            )
        })?;
    let known_keys: HashMap<String, String> = comments
        .iter()
        .filter_map(|c| {
            Some((
                c.pointer("/mark/key")?.as_str()?.to_string(),
                c.get("id")?.as_str()?.to_string(),
            ))
        })
        .collect();
    let mut next = next_number(comments);
    let file_name = reviewed
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let document_id = read.document_id.clone().unwrap_or_default();

    // Each mark by its object, for replies and groups to find the mark they point to.
    let by_object: HashMap<(i32, i32), usize> = read
        .marks
        .iter()
        .enumerate()
        .filter_map(|(i, m)| Some((m.object?, i)))
        .collect();
    // A caret grouped with a strike-out is one replacement: the caret's text goes with it.
    let mut replacement: HashMap<(i32, i32), String> = HashMap::new();
    let mut absorbed = vec![false; read.marks.len()];
    for (i, mark) in read.marks.iter().enumerate() {
        if mark.kind == MarkKind::Caret
            && mark.grouped
            && let Some(target) = mark.reply_to
        {
            replacement.insert(target, mark.note.clone());
            absorbed[i] = true;
        }
    }
    // And a strike-out grouped onto a caret (the other way readers write it).
    for mark in read.marks.iter() {
        if mark.kind == MarkKind::StrikeOut
            && mark.grouped
            && let Some(target) = mark.reply_to
            && let Some(&j) = by_object.get(&target)
            && read.marks[j].kind == MarkKind::Caret
        {
            if let Some(own) = mark.object {
                replacement.insert(own, read.marks[j].note.clone());
            }
            absorbed[j] = true;
        }
    }

    let mut ids_by_object: HashMap<(i32, i32), String> = HashMap::new();
    let mut added = Vec::new();
    let mut already = 0;
    let counted = read.marks.len() - absorbed.iter().filter(|a| **a).count();
    // Parents before their replies: a reply's thread needs its parent's id.
    let mut order: Vec<usize> = (0..read.marks.len()).filter(|&i| !absorbed[i]).collect();
    order.sort_by_key(|&i| depth(&read.marks, &by_object, i));
    let mut placed_by_object: HashMap<(i32, i32), Placed> = HashMap::new();
    for i in order {
        let mark = &read.marks[i];
        let key = mark_key(&document_id, mark);
        if let Some(id) = known_keys.get(&key) {
            if let Some(object) = mark.object {
                ids_by_object.insert(object, id.clone());
            }
            already += 1;
            continue;
        }
        let reply_to = mark
            .reply_to
            .filter(|_| !mark.grouped)
            .and_then(|parent| ids_by_object.get(&parent).cloned());
        // A reply is about what its parent is about.
        let placed = match mark.reply_to.and_then(|p| placed_by_object.get(&p)) {
            Some(parent) if reply_to.is_some() => parent.clone(),
            _ => map.place(mark),
        };
        let id = format!("C{next}");
        next += 1;
        if let Some(object) = mark.object {
            ids_by_object.insert(object, id.clone());
            placed_by_object.insert(object, placed.clone());
        }
        let from = mark
            .author
            .clone()
            .unwrap_or_else(|| format!("a reviewer of {file_name}"));
        let text = comment_text(mark, mark.object.and_then(|o| replacement.get(&o)), &placed);
        let position_mm = (mm(mark.area.left), mm(mark.area.top));
        comments.push(comment_json(
            &id,
            &from,
            draft,
            mark,
            &placed,
            &text,
            &key,
            reply_to.as_deref(),
            position_mm,
            &file_name,
        ));
        added.push(Imported {
            id,
            page: mark.page,
            kind: mark.kind,
            placed,
            from,
            text,
            reply_to,
            position_mm,
        });
    }
    if !added.is_empty() {
        let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
        text.push('\n');
        crate::write_atomically(&comments_file, text.as_bytes()).map_err(|e| {
            problem(
                &comments_file,
                format!("cannot be written: {e}"),
                "check the folder's permissions",
            )
        })?;
    }
    added.sort_by_key(|a| a.page);
    Ok(Import {
        draft,
        comments_file,
        added,
        already,
        marks: counted,
    })
}

/// A thread deeper than this is no review (and a ring of replies, hostile): counting stops.
const MAX_THREAD_DEPTH: usize = 64;

/// How many replies up a mark is from the mark its thread starts with (rings cut).
fn depth(marks: &[Mark], by_object: &HashMap<(i32, i32), usize>, i: usize) -> usize {
    let mut depth = 0;
    let mut at = i;
    while let Some(parent) = marks[at].reply_to
        && depth < MAX_THREAD_DEPTH
        && let Some(&j) = by_object.get(&parent)
    {
        depth += 1;
        at = j;
    }
    depth
}

/// Which draft the reviewed PDF is: the snapshot whose review map has its identifier, or the
/// one given.
fn which_draft(
    reviewed: &Path,
    city_dir: &Path,
    document_id: Option<&str>,
    given: Option<u32>,
) -> Result<(u32, ReviewMap), ReviewError> {
    let history = city_dir.join(crate::round::history::FOLDER);
    let mut drafts: BTreeMap<u32, Option<ReviewMap>> = BTreeMap::new();
    if let Ok(entries) = std::fs::read_dir(&history) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let Some(n) = name
                .strip_prefix("draft-")
                .and_then(|n| n.parse::<u32>().ok())
            else {
                continue;
            };
            let map = std::fs::read(entry.path().join(map::FILE))
                .ok()
                .and_then(|bytes| serde_json::from_slice::<ReviewMap>(&bytes).ok())
                .filter(|m| m.format == map::FORMAT);
            drafts.insert(n, map);
        }
    }
    if let Some(n) = given {
        return match drafts.remove(&n) {
            Some(Some(map)) => Ok((n, map)),
            Some(None) => Err(problem(
                &history.join(format!("draft-{n}")),
                format!(
                    "draft {n}'s snapshot has no review map, so the marks cannot be placed on its fields"
                ),
                "a draft's map is recorded when `sscp build` records the draft; drafts recorded before sscp kept maps have none",
            )),
            None => Err(problem(
                &history,
                format!("there is no snapshot of draft {n}{}", listed(&drafts)),
                "give --draft with a draft the folder's history keeps",
            )),
        };
    }
    let matching = document_id.and_then(|id| {
        drafts
            .iter()
            .find(|(_, map)| map.as_ref().is_some_and(|m| m.document_id == id))
            .map(|(n, _)| *n)
    });
    match matching {
        Some(n) => Ok((
            n,
            drafts
                .remove(&n)
                .flatten()
                .expect("the draft matched has a map"),
        )),
        None => Err(problem(
            reviewed,
            format!(
                "is none of the drafts recorded in {}{}",
                history.display(),
                listed(&drafts)
            ),
            "import it into the city folder whose draft it is, or give --draft N to say which draft it is",
        )),
    }
}

/// `: draft 1 (no review map), draft 2` — what the history holds, for messages.
fn listed(drafts: &BTreeMap<u32, Option<ReviewMap>>) -> String {
    if drafts.is_empty() {
        return " (the folder keeps no draft snapshots)".to_string();
    }
    let each: Vec<String> = drafts
        .iter()
        .map(|(n, map)| match map {
            Some(_) => format!("draft {n}"),
            None => format!("draft {n} (no review map)"),
        })
        .collect();
    format!(": it has {}", each.join(", "))
}

fn read_comments(path: &Path) -> Result<Value, ReviewError> {
    if !path.exists() {
        return Ok(json!({ "comments": [] }));
    }
    let text = std::fs::read_to_string(path).map_err(|e| {
        problem(
            path,
            format!("cannot be read: {e}"),
            "check the file's permissions",
        )
    })?;
    serde_json::from_str(&text).map_err(|e| {
        problem(
            path,
            format!("is not valid JSON ({e})"),
            "fix comments.json (sscp validate says where), then import again",
        )
    })
}

/// The number after the largest `C<n>` id in the file.
fn next_number(comments: &[Value]) -> u64 {
    comments
        .iter()
        .filter_map(|c| {
            c.get("id")?
                .as_str()?
                .strip_prefix('C')?
                .parse::<u64>()
                .ok()
        })
        .max()
        .map_or(1, |n| n + 1)
}

/// What identifies a mark, whichever copy it is in: the draft, its page, kind, box, note,
/// author and date.
fn mark_key(document_id: &str, mark: &Mark) -> String {
    let text = format!(
        "{document_id}|{}|{}|{:.0},{:.0},{:.0},{:.0}|{}|{}|{}",
        mark.page,
        mark.kind.word(),
        mark.area.left,
        mark.area.top,
        mark.area.right,
        mark.area.bottom,
        mark.note,
        mark.author.as_deref().unwrap_or(""),
        mark.date.as_deref().unwrap_or("")
    );
    let digest = sha2::Sha256::digest(text.as_bytes());
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

fn mm(points: f64) -> f64 {
    (points * 25.4 / 72.0 * 10.0).round() / 10.0
}

/// The comment's text: the reviewer's note, or what the mark asks for when it has none.
fn comment_text(mark: &Mark, replacement: Option<&String>, placed: &Placed) -> String {
    let note = mark.note.trim();
    let asked = match (mark.kind, replacement) {
        (MarkKind::StrikeOut, Some(new)) => Some(format!("Replace with: {}", new.trim())),
        (MarkKind::StrikeOut, None) => Some("Delete these words.".to_string()),
        (MarkKind::Caret, _) => Some(format!("Insert: {note}")),
        (MarkKind::Ink, _) => Some(format!("A drawing on page {}.", mark.page)),
        _ => None,
    };
    match (asked, note.is_empty()) {
        (Some(asked), _) if mark.kind == MarkKind::Caret => asked,
        (Some(asked), true) => asked,
        (Some(asked), false) if replacement.is_some() => format!("{asked}\n{note}"),
        (Some(_), false) if mark.kind == MarkKind::Ink => {
            format!("A drawing on page {}: {note}", mark.page)
        }
        (Some(_), false) => note.to_string(),
        (None, false) => note.to_string(),
        (None, true) if !placed.quote.is_empty() => {
            format!("{} (no note).", capitalised(mark.kind.word()))
        }
        (None, true) => format!("A {} without a note.", mark.kind.word()),
    }
}

fn capitalised(word: &str) -> String {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

#[allow(clippy::too_many_arguments)]
fn comment_json(
    id: &str,
    from: &str,
    draft: u32,
    mark: &Mark,
    placed: &Placed,
    text: &str,
    key: &str,
    reply_to: Option<&str>,
    position_mm: (f64, f64),
    file_name: &str,
) -> Value {
    let mut place = Map::new();
    place.insert("page".into(), json!(mark.page));
    if let Some(section) = &placed.section {
        place.insert("section".into(), json!(section));
    }
    if let Some(field) = &placed.field {
        place.insert("field".into(), json!(field));
    }
    if let Some(kpi) = &placed.kpi {
        place.insert("kpi".into(), json!(kpi));
    }
    if !placed.quote.is_empty() {
        place.insert("quote".into(), json!(placed.quote));
    }
    let mut about = Map::new();
    about.insert("kind".into(), json!(mark.kind.word()));
    about.insert("key".into(), json!(key));
    about.insert("file".into(), json!(file_name));
    if let Some(date) = &mark.date {
        about.insert("date".into(), json!(date));
    }
    if let Some(parent) = reply_to {
        about.insert("reply_to".into(), json!(parent));
    }
    if !placed.on_text {
        about.insert("position_mm".into(), json!([position_mm.0, position_mm.1]));
    }
    json!({
        "id": id,
        "from": from,
        "draft": draft,
        "where": Value::Object(place),
        "text": text,
        "resolution": "pending",
        "response": "",
        "mark": Value::Object(about),
    })
}
