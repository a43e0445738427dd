//! `sscp import-comments`: the marks two real PDF libraries left on the sample's draft 2
//! (fixtures/review/, made by make-reviewed.py with PyMuPDF and pypdf) become pending comments
//! on the right fields, KPIs and words, with their authors and threads, and once only.

mod common;

use std::path::{Path, PathBuf};

use common::{path, root, sscp, temp_dir, text};
use serde_json::Value;

const PYMUPDF: &str = "fixtures/review/reviewed-pymupdf.pdf";
const PYPDF: &str = "fixtures/review/reviewed-pypdf.pdf";

/// The sample city as the editors keep it after sending draft 2: its inputs, its comments,
/// draft 1's snapshot from git and draft 2's review map (recorded with the PDF the reviewers
/// marked up).
fn city(name: &str, with_map: bool) -> PathBuf {
    let dir = temp_dir(name);
    let sample = root().join("fixtures/ardenvale");
    for file in ["profile.json", "kpis.csv", "comments.json"] {
        std::fs::copy(sample.join(file), dir.join(file)).unwrap();
    }
    common::copy_folder(
        &sample.join("history/draft-1"),
        &dir.join("history/draft-1"),
    );
    if with_map {
        let draft = dir.join("history/draft-2");
        std::fs::create_dir_all(&draft).unwrap();
        std::fs::copy(
            root().join("fixtures/review/review-map.json"),
            draft.join("review-map.json"),
        )
        .unwrap();
    }
    dir
}

fn import(pdf: &str, city: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["import-comments", pdf, "-o", path(city)];
    args.extend(extra);
    sscp(&args)
}

fn comments(city: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(city.join("comments.json")).unwrap();
    let value: Value = serde_json::from_str(&text).unwrap();
    value["comments"].as_array().unwrap().clone()
}

/// The imported comment of `kind` from `from`.
fn find<'a>(comments: &'a [Value], kind: &str, from: &str) -> &'a Value {
    comments
        .iter()
        .find(|c| c["mark"]["kind"] == kind && c["from"] == from)
        .unwrap_or_else(|| panic!("no {kind} from {from} in {comments:#?}"))
}

#[test]
fn marks_made_with_pymupdf_become_comments_on_their_fields_kpis_and_words() {
    let city = city("review-pymupdf", true);
    let before = comments(&city).len();
    let run = import(PYMUPDF, &city, &[]);
    let out = text(&run.stdout);
    assert!(run.status.success(), "{out}{}", text(&run.stderr));
    assert!(
        out.starts_with(&format!("{PYMUPDF}: draft 2, 9 marks read\n")),
        "{out}"
    );
    let all = comments(&city);
    assert_eq!(all.len(), before + 9, "{out}");

    let highlight = find(&all, "highlight", "Mayor's Office");
    assert_eq!(highlight["draft"], 2);
    assert_eq!(highlight["resolution"], "pending");
    assert_eq!(highlight["where"]["page"], 4);
    assert_eq!(highlight["where"]["section"], "The city and its context");
    assert_eq!(highlight["where"]["field"], "/survey/context");
    assert_eq!(
        highlight["where"]["quote"],
        "third-largest city of the Republic of Valdoria."
    );
    assert_eq!(
        highlight["text"],
        "Third-largest is right; add the population rank source."
    );
    assert_eq!(highlight["mark"]["date"], "2026-11-30 10:00");

    // The reply stays in the highlight's thread and on its text.
    let reply = find(&all, "note", "Statistics Department");
    assert_eq!(reply["mark"]["reply_to"], highlight["id"]);
    assert_eq!(reply["where"]["field"], "/survey/context");
    assert_eq!(
        reply["text"],
        "Source: national statistics office, 2024 census."
    );

    let underline = find(&all, "underline", "Transport Department");
    assert_eq!(underline["where"]["quote"], "two motorways and the main");
    assert_eq!(underline["text"], "Three motorways since 2025.");
    let squiggly = find(&all, "squiggly", "Tourism Office");
    assert_eq!(squiggly["where"]["quote"], "Baroque old town");
    assert_eq!(squiggly["text"], "Squiggly (no note).");

    // Strike-out and caret, grouped: one replacement, on the recommendation it strikes.
    let replace = find(&all, "strike-out", "Environment Department");
    assert_eq!(
        replace["where"]["field"],
        "/showcase/recommendations/1/text"
    );
    assert_eq!(replace["where"]["section"], "Recommendations");
    assert_eq!(
        replace["where"]["quote"],
        "bio-waste collection to all districts"
    );
    assert_eq!(
        replace["text"],
        "Replace with: food and garden waste collection to every district"
    );
    assert!(!all.iter().any(|c| c["mark"]["kind"] == "insert"));

    // A sticky note on a results row is on the KPI, not on a field.
    let kpi = find(&all, "note", "Transport Department");
    assert_eq!(kpi["where"]["kpi"], "EC: I: T: 5A");
    assert!(kpi["where"].get("field").is_none(), "{kpi}");
    assert_eq!(kpi["where"]["page"], 10);

    // A text box is about what it starts at: the activity "Digital Skills for All".
    let text_box = find(&all, "text-box", "Social Affairs");
    assert!(
        text_box["where"]["field"]
            .as_str()
            .unwrap()
            .starts_with("/survey/areas/society/activities/1/"),
        "{text_box}"
    );
    assert_eq!(text_box["text"], "Rename: Digital Skills for Everyone");
    let drawing = find(&all, "drawing", "Environment Department");
    assert_eq!(drawing["text"], "A drawing on page 7.");

    // A note far in the margin is kept with its place and listed.
    let margin = find(&all, "note", "Mayor's Office");
    assert!(margin["where"].get("field").is_none(), "{margin}");
    assert_eq!(margin["mark"]["position_mm"][0], 0.7);
    assert!(
        out.contains(&format!(
            "marks on no text, kept with their place on the page:\n  {} page 8 at 1 mm across, 293 mm down",
            margin["id"].as_str().unwrap()
        )),
        "{out}"
    );

    // The resolution report shows them like any other, with the words they were made on.
    let json = sscp(&["comments", path(&city), "--format", "json"]);
    assert!(json.status.success(), "{}", text(&json.stderr));
    let report: Value = serde_json::from_slice(&json.stdout).unwrap();
    let entry = report["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == highlight["id"])
        .unwrap();
    assert_eq!(
        entry["quote"],
        "third-largest city of the Republic of Valdoria."
    );
    assert_eq!(entry["field"], "/survey/context");
    assert_eq!(entry["resolution"], "pending");

    // The folder still validates: the new comments are pending, which is a warning.
    let validate = sscp(&["validate", path(&city)]);
    assert!(validate.status.success(), "{}", text(&validate.stderr));
    let warned = text(&validate.stderr);
    assert!(
        warned.contains(&format!(
            "comment {} from Mayor's Office on draft 2 is still pending",
            highlight["id"].as_str().unwrap()
        )),
        "{warned}"
    );
}

#[test]
fn the_same_copy_again_adds_nothing_and_a_copy_rewritten_by_pypdf_adds_its_reviewers() {
    let city = city("review-again", true);
    assert!(import(PYMUPDF, &city, &[]).status.success());
    let first = std::fs::read(city.join("comments.json")).unwrap();
    let again = import(PYMUPDF, &city, &[]);
    assert!(again.status.success());
    assert_eq!(
        text(&again.stdout),
        format!(
            "{PYMUPDF}: draft 2, 9 marks read\nnothing new: 9 already in {}\n",
            city.join("comments.json").display()
        )
    );
    assert_eq!(std::fs::read(city.join("comments.json")).unwrap(), first);

    // pypdf writes the whole file anew: its document identifier still says draft 2.
    let second = import(PYPDF, &city, &[]);
    let out = text(&second.stdout);
    assert!(second.status.success(), "{out}{}", text(&second.stderr));
    assert!(
        out.starts_with(&format!("{PYPDF}: draft 2, 2 marks read\n")),
        "{out}"
    );
    let all = comments(&city);
    let highlight = find(&all, "highlight", "Finance Committee");
    assert_eq!(highlight["where"]["field"], "/survey/context");
    assert_eq!(highlight["where"]["quote"], "river port handles building");
    assert_eq!(
        highlight["text"],
        "The port also handles containers since 2025."
    );
    let note = find(&all, "note", "Finance Committee");
    assert_eq!(note["where"]["page"], 5);
    assert_eq!(note["text"], "Is the unemployment rate for 2024 final?");
    // Ids go on from the file's last.
    let ids: Vec<&str> = all.iter().map(|c| c["id"].as_str().unwrap()).collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), ids.len(), "{ids:?}");
}

#[test]
fn a_pdf_of_no_recorded_draft_is_an_error_that_lists_the_drafts() {
    let city = city("review-unknown", false);
    let run = import(PYMUPDF, &city, &[]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        text(&run.stderr),
        format!(
            "error: {PYMUPDF}: is none of the drafts recorded in {}: it has draft 1 (no review map)\n  fix: import it into the city folder whose draft it is, or give --draft N to say which draft it is\n",
            city.join("history").display()
        )
    );
    let run = import(PYMUPDF, &city, &["--draft", "1"]);
    assert_eq!(
        text(&run.stderr),
        format!(
            "error: {}: draft 1's snapshot has no review map, so the marks cannot be placed on its fields\n  fix: a draft's map is recorded when `sscp build` records the draft; drafts recorded before sscp kept maps have none\n",
            city.join("history/draft-1").display()
        )
    );
    assert!(!city.join("comments.json").exists() || comments(&city).len() == 6);
}

#[test]
fn a_built_draft_records_its_map_and_its_own_pdf_is_recognised() {
    let city = city("review-built", false);
    let out = city.join("out/ardenvale-draft-2.pdf");
    let build = sscp(&["build", path(&city)]);
    assert!(build.status.success(), "{}", text(&build.stderr));
    let snapshot = city.join("history/draft-2");
    let map: Value =
        serde_json::from_slice(&std::fs::read(snapshot.join("review-map.json")).unwrap()).unwrap();
    assert_eq!(map["format"], "sscp review map 1");
    assert_eq!(map["draft"], 2);
    let sums = std::fs::read_to_string(snapshot.join("SHA256SUMS")).unwrap();
    assert!(sums.contains("  review-map.json\n"), "{sums}");
    // An unmarked copy: known by its identifier, nothing to add.
    let run = import(path(&out), &city, &[]);
    assert_eq!(
        text(&run.stdout),
        format!(
            "{}: draft 2, 0 marks read\nnothing new: 0 already in {}\n",
            out.display(),
            city.join("comments.json").display()
        )
    );
    // A PDF that is not the profile's 12 pages is said to be so.
    let encrypted_is_one_page = root().join("fixtures/review/encrypted.pdf");
    let run = import(path(&encrypted_is_one_page), &city, &[]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run.stderr).contains("is encrypted"),
        "{}",
        text(&run.stderr)
    );
}

#[test]
fn a_broken_copy_is_an_error_naming_it_and_nothing_is_written() {
    let city = city("review-broken", true);
    let before = std::fs::read(city.join("comments.json")).unwrap();
    let bytes = std::fs::read(root().join(PYMUPDF)).unwrap();
    let broken = city.join("broken.pdf");
    std::fs::write(&broken, &bytes[..bytes.len() / 3]).unwrap();
    let run = import(path(&broken), &city, &[]);
    let stderr = text(&run.stderr);
    assert_eq!(run.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.starts_with(&format!("error: {}: ", broken.display())),
        "{stderr}"
    );
    assert!(stderr.contains("\n  fix: "), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert_eq!(std::fs::read(city.join("comments.json")).unwrap(), before);
}
