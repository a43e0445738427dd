//! Change bars: a draft after the first marks, beside the text, what changed since the draft
//! before it in `history/`; `--no-change-bars` and final editions leave them out.

mod common;
use common::{copy_city, read_profile, root, write_profile};

use std::path::Path;

use sscp::typeset::boxes::{BarBox, TextBox};

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
    assert_eq!(built.change_bars.len(), 4);
}

#[test]
fn no_change_bars_on_request_in_a_first_draft_or_in_a_final() {
    let dir = city_with_history("no-bars");
    assert_eq!(build(&dir, true).change_bars.len(), 0);

    let mut profile = read_profile(&dir);
    profile["edition"]["status"] = "final".into();
    write_profile(&dir, &profile);
    let final_edition = build(&dir, false);
    assert_eq!(final_edition.change_bars.len(), 0);
    assert_eq!(
        final_edition.changes,
        sscp::round::marks::ChangeMarks::default()
    );

    let first = copy_city("fixtures/ardenvale/history/draft-1", "first-draft");
    assert_eq!(build(&first, false).change_bars.len(), 0);
}

/// The runs of text beside a bar: to its right, in its column, and overlapping it in height.
fn beside<'a>(bar: &BarBox, text: &'a [TextBox]) -> Vec<&'a TextBox> {
    text.iter()
        .filter(|t| t.page == bar.page && t.left > bar.x && t.left < bar.x + 250.0)
        // The draft mark runs across the page, behind everything.
        .filter(|t| t.text != "DRAFT")
        .filter(|t| t.bottom > bar.top + 0.5 && t.top < bar.bottom - 0.5)
        .collect()
}

/// Text as compared with the laid-out runs: no spaces, hyphens or quotes, which line breaking,
/// hyphenation and smart quotes change.
fn squeezed(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !"\u{ad}-‐'’‘".contains(*c))
        .collect()
}

/// Whether a laid-out run is part of `text` (runs of a few letters say nothing).
fn part_of(run: &TextBox, text: &str) -> bool {
    let run = squeezed(&run.text);
    run.chars().count() >= 10 && squeezed(text).contains(&run)
}

/// Replaces the first `from` in the string at `pointer` of the profile.
fn edit(profile: &mut serde_json::Value, pointer: &str, from: &str, to: &str) -> String {
    let field = profile.pointer_mut(pointer).unwrap();
    let text = field.as_str().unwrap();
    assert!(text.contains(from), "{pointer}: {text}");
    let edited = text.replacen(from, to, 1);
    *field = edited.clone().into();
    edited
}

#[test]
fn bars_stand_beside_what_changed_and_nothing_else() {
    let dir = city_with_history("bars-placed");
    let mut profile = read_profile(&dir);
    let before = profile.clone();
    let text = |pointer: &str| {
        before
            .pointer(pointer)
            .unwrap()
            .as_str()
            .unwrap()
            .to_string()
    };
    // Every paragraph of the context changed, so that one runs across a column break.
    let mut changed = Vec::new();
    let context = text("/survey/context");
    let paragraphs: Vec<&str> = context.split("\n\n").collect();
    let edited: Vec<String> = paragraphs
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i == 0 {
                p.to_string()
            } else {
                p.replacen(" and ", " as well as ", 1)
            }
        })
        .collect();
    profile["survey"]["context"] = edited.join("\n\n").into();
    changed.extend(edited.iter().cloned());
    // One bullet of a list, a table row, a grid entry, a key message and a good practice.
    let finance = edit(
        &mut profile,
        "/survey/finance",
        "million loan",
        "million credit line",
    );
    let bullets: Vec<String> = finance
        .lines()
        .filter_map(|l| l.strip_prefix("- "))
        .map(str::to_string)
        .collect();
    changed.push(bullets[1].clone());
    changed.push(edit(
        &mut profile,
        "/survey/areas/environment/activities/1/summary",
        "55 %",
        "56 %",
    ));
    // Printed in the changed row too, but wrapped to lines too short to look for.
    let also_changed = [text("/survey/areas/environment/activities/1/name")];
    changed.push(edit(
        &mut profile,
        "/survey/key_achievements/2",
        "replaced",
        "exchanged",
    ));
    changed.push(edit(
        &mut profile,
        "/showcase/key_messages/1",
        "improving",
        "getting better",
    ));
    let practice = edit(
        &mut profile,
        "/showcase/good_practices/0/text",
        " the ",
        " its ",
    );
    changed.extend(practice.split("\n\n").map(str::to_string));
    write_profile(&dir, &profile);
    let unchanged = [
        bullets[0].clone(),
        bullets[2].clone(),
        text("/survey/areas/environment/activities/0/summary"),
        text("/survey/key_achievements/1"),
        text("/survey/key_achievements/3"),
        text("/showcase/key_messages/0"),
        text("/showcase/key_messages/2"),
        text("/showcase/recommendations/0/text"),
        text("/showcase/recommendations/2/text"),
        text("/survey/legal_framework"),
    ];

    let built = build(&dir, false);
    let plain = build(&dir, true);
    let same = |a: &TextBox, b: &TextBox| {
        a.page == b.page
            && a.text == b.text
            && [a.left - b.left, a.right - b.right, a.baseline - b.baseline]
                .iter()
                .all(|d| d.abs() < 0.01)
    };
    let moved = built
        .text_boxes
        .iter()
        .zip(&plain.text_boxes)
        .find(|(a, b)| !same(a, b));
    assert!(moved.is_none(), "marking moved the text: {moved:?}");
    assert_eq!(built.text_boxes.len(), plain.text_boxes.len());
    let bars = &built.change_bars;
    assert!(bars.len() >= 12, "{bars:?}");
    // A bar broken by a column or page is a piece on each side: the context gives two on one
    // page or across two pages.
    let context_bars: Vec<&BarBox> = bars
        .iter()
        .filter(|b| {
            beside(b, &built.text_boxes)
                .iter()
                .any(|t| paragraphs.iter().any(|p| part_of(t, p)))
        })
        .collect();
    assert!(
        context_bars
            .windows(2)
            .any(|w| w[0].page != w[1].page || (w[0].x - w[1].x).abs() > 100.0),
        "the context's bars do not follow its column break: {context_bars:?}"
    );
    for bar in bars {
        let next = beside(bar, &built.text_boxes);
        assert!(!next.is_empty(), "a bar beside no text: {bar:?}");
        let top = next.iter().map(|t| t.top).fold(f64::INFINITY, f64::min);
        let bottom = next
            .iter()
            .map(|t| t.bottom)
            .fold(f64::NEG_INFINITY, f64::max);
        assert!(
            (bar.top - top).abs() <= 2.0 && (bar.bottom - bottom).abs() <= 2.0,
            "bar {bar:?} against its text {top:.1}–{bottom:.1}: {:?}",
            next.iter().map(|t| &t.text).collect::<Vec<_>>()
        );
        for run in &next {
            assert!(
                !unchanged.iter().any(|u| part_of(run, u))
                    || changed.iter().chain(&also_changed).any(|c| part_of(run, c)),
                "bar {bar:?} beside unchanged text {:?}",
                run.text
            );
        }
    }
    // And every changed text has a bar beside it, line by line.
    for text in &changed {
        // Whole lines: a short run (a name, a source) may also stand elsewhere.
        let runs: Vec<&TextBox> = built
            .text_boxes
            .iter()
            .filter(|t| squeezed(&t.text).chars().count() >= 32 && part_of(t, text))
            .collect();
        assert!(!runs.is_empty(), "not found in the layout: {text}");
        for run in runs {
            assert!(
                // A bar left of the line, level with it (a table's last column is far from it).
                bars.iter().any(|b| b.page == run.page
                    && b.x < run.left
                    && b.top <= run.top + 0.5
                    && b.bottom >= run.bottom - 0.5),
                "no bar beside {:?} (page {}, {:.1} down)",
                run.text,
                run.page,
                run.top
            );
        }
    }
}
