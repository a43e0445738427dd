//! Change bars: a draft after the first marks, beside the text, what changed since the draft
//! before it in `history/`; `--no-change-bars` and final editions leave them out.

mod common;
use common::{copy_city, read_profile, root, write_profile};

use std::path::Path;

/// A copy of Ardenvale (draft 2) with its draft-1 snapshot.
fn city_with_history(name: &str) -> std::path::PathBuf {
    let dir = copy_city("fixtures/ardenvale", name);
    let snapshot = dir.join("history/draft-1");
    std::fs::create_dir_all(&snapshot).unwrap();
    for file in ["profile.json", "kpis.csv"] {
        let from = root().join("fixtures/ardenvale/history/draft-1").join(file);
        std::fs::copy(from, snapshot.join(file)).unwrap();
    }
    dir
}

fn build(dir: &Path, no_change_bars: bool) -> sscp::Build {
    let options = sscp::Options {
        no_change_bars,
        ..Default::default()
    };
    sscp::build_with(dir, options).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_second_draft_marks_what_changed_since_the_first() {
    let dir = city_with_history("bars");
    let built = build(&dir, false);
    let marks = &built.changes;
    assert_eq!(
        marks.blocks.get("/survey/context"),
        Some(&vec![0]),
        "only the corrected first paragraph: {marks:?}"
    );
    assert_eq!(marks.blocks.len(), 1, "{marks:?}");
    assert_eq!(
        marks.items,
        ["/showcase/recommendations/1", "/showcase/recommendations/7"]
    );
    assert_eq!(marks.kpis, ["EC: ICT: ICT: 1C"]);
    // One bar each: the paragraph, two recommendation rows, one KPI row.
    assert_eq!(built.change_bars, 4);
}

#[test]
fn no_change_bars_on_request_in_a_first_draft_or_in_a_final() {
    let dir = city_with_history("no-bars");
    assert_eq!(build(&dir, true).change_bars, 0);

    let mut profile = read_profile(&dir);
    profile["edition"]["status"] = "final".into();
    write_profile(&dir, &profile);
    let final_edition = build(&dir, false);
    assert_eq!(final_edition.change_bars, 0);
    assert_eq!(
        final_edition.changes,
        sscp::round::marks::ChangeMarks::default()
    );

    let first = copy_city("fixtures/ardenvale/history/draft-1", "first-draft");
    assert_eq!(build(&first, false).change_bars, 0);
}
