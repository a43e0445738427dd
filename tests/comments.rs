//! Comments on a draft: the pending warning every build gives, and the resolution report that
//! goes back to the commenters, from `comments.json` or the same comments as `comments.csv`.

mod common;

use std::path::Path;

use common::{path, root, sscp, temp_dir, text};

const ARDENVALE: &str = "fixtures/ardenvale";

/// The report's text, all pages, with runs of spaces made one (the layout splits text into
/// pieces wherever the style changes).
fn report_text(dir: &Path) -> String {
    let report = sscp::round::comments::comments_report(dir).unwrap_or_else(|e| panic!("{e}"));
    report
        .text
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn draft_two_report_shows_every_comment_its_resolution_and_what_changed() {
    let text = report_text(&root().join(ARDENVALE));
    for id in ["C1", "C2", "C3", "C4", "C5", "C6"] {
        assert!(text.contains(id), "{id} missing from:\n{text}");
    }
    for label in ["ACCEPTED", "PARTLY ACCEPTED", "REJECTED", "PENDING"] {
        assert!(text.contains(label), "{label} missing from:\n{text}");
    }
    assert!(
        text.contains("Comments on draft 1 and their resolution"),
        "{text}"
    );
    // C1: the field as it was in draft 1 and as it is now.
    assert!(text.contains("second-largest"), "{text}");
    assert!(text.contains("third-largest"), "{text}");
    // C2: the KPI before and after, and its band change.
    assert!(text.contains("61.5%"), "{text}");
    assert!(text.contains("91.4%"), "{text}");
    let c2 = &text[text
        .find("Household Internet Access")
        .expect("C2's KPI named")..];
    let before = c2.find("33–66%").expect("draft 1's band");
    let after = c2.find("66–95%").expect("the band now");
    assert!(before < after, "{c2}");
    // C4 was rejected: its field is shown, unchanged.
    assert!(text.contains("UNCHANGED SINCE DRAFT 1"), "{text}");
}

#[test]
fn resolution_report_is_byte_identical_on_rebuild() {
    let dir = root().join(ARDENVALE);
    let first = sscp::round::comments::comments_report(&dir).unwrap_or_else(|e| panic!("{e}"));
    let second = sscp::round::comments::comments_report(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(first.pdf.starts_with(b"%PDF"));
    assert!(first.pdf == second.pdf, "two builds gave different bytes");
    assert_eq!(
        sscp::round::comments::default_output(&dir, &first),
        dir.join("out/ardenvale-comments-draft-1.pdf")
    );
}

#[test]
fn sscp_comments_writes_the_report() {
    let out = temp_dir("comments-cli").join("report.pdf");
    let run = sscp(&["comments", ARDENVALE, "-o", path(&out)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        text(&run.stdout).starts_with(&format!("wrote {} (", out.display())),
        "{}",
        text(&run.stdout)
    );
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
}

#[test]
fn sscp_comments_format_json_prints_each_comment_and_writes_no_pdf() {
    let out = temp_dir("comments-json").join("report.pdf");
    let run = sscp(&["comments", ARDENVALE, "--format", "json", "-o", path(&out)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(!out.exists(), "--format json wrote a PDF");
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(report["total"], 6);
    let comments = report["comments"].as_array().unwrap();
    assert_eq!(comments.len(), 6);
    let c1 = &comments[0];
    assert_eq!(c1["id"], "C1");
    assert_eq!(c1["resolution"], "accepted");
    assert_eq!(c1["field"], "/survey/context");
    assert_eq!(c1["field_change"]["status"], "changed");
    let removed: Vec<&str> = c1["field_change"]["before"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|p| p["kind"] == "removed")
        .filter_map(|p| p["text"].as_str())
        .collect();
    assert_eq!(removed, ["second-largest"]);
    let pending = comments
        .iter()
        .filter(|c| c["resolution"] == "pending")
        .count();
    assert_eq!(pending, 1);
}

#[test]
fn sscp_comments_on_a_folder_without_comments_says_so() {
    let out = temp_dir("comments-none").join("report.pdf");
    let run = sscp(&["comments", "fixtures/minimal", "-o", path(&out)]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        text(&run.stderr).starts_with(
            "error: fixtures/minimal/comments.json: the city folder has no comments file (comments.json or comments.csv)\n"
        ),
        "{}",
        text(&run.stderr)
    );
    assert!(!out.exists());
}

#[test]
fn build_warns_about_the_comment_still_pending() {
    let out = temp_dir("comments-pending").join("ardenvale.pdf");
    let run = sscp(&["build", ARDENVALE, "-o", path(&out)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert_eq!(
        text(&run.stderr),
        "warning: fixtures/ardenvale/comments.json:67:5: at /comments/5: comment C6 from Ardenvale City Council, Finance Committee on draft 1 is still pending\n  \
         fix: resolve it: set \"resolution\" to \"accepted\", \"partly-accepted\" or \"rejected\" and write the response\n\
         warning: page 3 holds a placeholder for a photo for Key messages: at least 2056 px wide (images.sections, \"place\": \"key-messages\"); a final edition prints no placeholder\n\
         warning: page 11 holds a placeholder for a photo for Challenges and opportunities: at least 2056 px wide (images.sections, \"place\": \"outlook\"); a final edition prints no placeholder\n"
    );
}

#[test]
fn a_folder_without_comments_has_no_comment_warnings() {
    let (city, comments) = sscp::round::load(&root().join("fixtures/minimal")).unwrap();
    assert!(comments.is_none());
    assert!(
        city.warnings.iter().all(|w| !w.message.contains("pending")),
        "{:?}",
        city.warnings
    );
}

/// A copy of Ardenvale with its draft history, and its comments as `comments.csv` instead:
/// `;`-separated, with a byte order mark and CRLF line ends, as a spreadsheet saves it.
fn ardenvale_with_csv_comments() -> std::path::PathBuf {
    let dir = temp_dir("comments-csv");
    let source = root().join(ARDENVALE);
    std::fs::create_dir_all(dir.join("history/draft-1")).unwrap();
    for file in [
        "profile.json",
        "kpis.csv",
        "history/draft-1/profile.json",
        "history/draft-1/kpis.csv",
    ] {
        std::fs::copy(source.join(file), dir.join(file)).unwrap();
    }
    let comments: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(source.join("comments.json")).unwrap())
            .unwrap();
    let cell = |v: &serde_json::Value| -> String {
        let raw = match v {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        };
        format!("\"{}\"", raw.replace('"', "\"\""))
    };
    let mut csv =
        String::from("\u{feff}id;from;draft;page;section;field;kpi;text;resolution;response\r\n");
    for c in comments["comments"].as_array().unwrap() {
        let w = &c["where"];
        let row = [
            &c["id"],
            &c["from"],
            &c["draft"],
            &w["page"],
            &w["section"],
            &w["field"],
            &w["kpi"],
            &c["text"],
            &c["resolution"],
            &c["response"],
        ]
        .map(cell)
        .join(";");
        csv.push_str(&row);
        csv.push_str("\r\n");
    }
    std::fs::write(dir.join("comments.csv"), csv).unwrap();
    dir
}

#[test]
fn comments_as_csv_give_the_same_report() {
    let from_json = report_text(&root().join(ARDENVALE));
    let from_csv = report_text(&ardenvale_with_csv_comments());
    assert_eq!(from_csv, from_json);
}

#[test]
fn a_pending_comment_in_csv_is_warned_about_at_its_row() {
    let dir = ardenvale_with_csv_comments();
    let city = sscp::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let shown: Vec<String> = city.warnings.iter().map(ToString::to_string).collect();
    assert_eq!(
        shown,
        [format!(
            "warning: {}: row 7: comment C6 from Ardenvale City Council, Finance Committee on draft 1 is still pending\n  \
             fix: resolve it: set \"resolution\" to \"accepted\", \"partly-accepted\" or \"rejected\" and write the response",
            dir.join("comments.csv").display()
        )]
    );
}

#[test]
fn comment_text_is_printed_as_written_never_run_as_markup() {
    let dir = ardenvale_with_csv_comments();
    let csv = std::fs::read_to_string(dir.join("comments.csv")).unwrap();
    let typst = r#"See #panic("boom") and $x^2$ <b>*not bold*</b> \ [link](https://x.org) @ref"#;
    let csv = csv.replace(
        "Mention the green municipal bond planned for 2027.",
        &typst.replace('"', "\"\""),
    );
    std::fs::write(dir.join("comments.csv"), csv).unwrap();
    let text = report_text(&dir);
    assert!(text.contains(typst), "{text}");
}

/// Each comment starts on the page that holds it with its field and KPI tables: its text and
/// its tables' "Draft n" column are on one page.
#[test]
fn a_comment_is_kept_on_one_page_with_its_tables() {
    let report = sscp::round::comments::comments_report(std::path::Path::new(ARDENVALE)).unwrap();
    let pages: Vec<String> = report
        .text
        .iter()
        .map(|t| t.split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    for c in report.data["comments"].as_array().unwrap() {
        let id = c["id"].as_str().unwrap();
        let words: Vec<&str> = c["text"]
            .as_str()
            .unwrap()
            .split_whitespace()
            .take(5)
            .collect();
        let start = words.join(" ");
        let page = pages
            .iter()
            .position(|p| p.contains(&start))
            .unwrap_or_else(|| panic!("{id}'s text \"{start}\" is not printed"));
        let tables = !c["field_change"].is_null() || !c["kpi_change"].is_null();
        if tables {
            let after = &pages[page][pages[page].find(&start).unwrap()..];
            assert!(
                after.contains("DRAFT 1") || after.contains("UNCHANGED SINCE DRAFT"),
                "{id}'s tables are not on its page {}",
                page + 1
            );
        }
    }
}

// ---- A comment stays on the text it was made on ------------------------------------------------

/// A copy of Ardenvale with its comments and draft 1's snapshot, today's `profile.json` changed
/// by `edit` (given it and draft 1's profile) and written back.
fn ardenvale_round(
    name: &str,
    edit: impl FnOnce(&mut serde_json::Value, &serde_json::Value),
) -> std::path::PathBuf {
    let dir = temp_dir(name);
    let source = root().join(ARDENVALE);
    common::copy_folder(&source, &dir);
    common::copy_folder(
        &source.join("history/draft-1"),
        &dir.join("history/draft-1"),
    );
    let draft_1 = common::read_profile(&dir.join("history/draft-1"));
    let mut profile = common::read_profile(&dir);
    edit(&mut profile, &draft_1);
    common::write_profile(&dir, &profile);
    dir
}

/// The recommendations of a profile, to change.
fn recommendations(profile: &mut serde_json::Value) -> &mut Vec<serde_json::Value> {
    profile["showcase"]["recommendations"]
        .as_array_mut()
        .expect("a list of recommendations")
}

/// A recommendation no draft had.
fn new_recommendation() -> serde_json::Value {
    serde_json::json!({
        "area": "governance",
        "priority": "high",
        "horizon": "short",
        "text": "Publish the profile's KPI results as open data, updated each year."
    })
}

/// The comment with `id` in `sscp comments --format json`'s output.
fn comment_json(dir: &Path, id: &str) -> serde_json::Value {
    let run = sscp(&["comments", path(dir), "--format", "json"]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    report["comments"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == id)
        .unwrap_or_else(|| panic!("no comment {id}"))
        .clone()
}

/// A side of a field's comparison as one line: `[-removed-]`, `{+added+}`.
fn side(segments: &serde_json::Value) -> String {
    segments
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let t = s["text"].as_str().unwrap_or_default();
            match s["kind"].as_str().unwrap() {
                "removed" => format!("[-{t}-]"),
                "added" => format!("{{+{t}+}}"),
                "break" => " ¶ ".to_string(),
                _ => t.to_string(),
            }
        })
        .collect()
}

/// The report's words as pdftotext reads them from the PDF `sscp comments` writes.
fn pdf_words(dir: &Path) -> String {
    let out = dir.join("out/report.pdf");
    let run = sscp(&["comments", path(dir), "-o", path(&out)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let extracted = std::process::Command::new("pdftotext")
        .arg(&out)
        .arg("-")
        .output()
        .expect("pdftotext is needed for this test (apt-get install poppler-utils)");
    text(&extracted.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// The report's text from C3's heading to C4's.
fn c3_in(report: &str) -> &str {
    let start = report.find("C3 ").expect("C3");
    let end = report[start..].find("C4 ").expect("C4") + start;
    &report[start..end]
}

#[test]
fn a_comment_follows_its_item_when_one_is_inserted_before_it() {
    // Draft 1's recommendations again, with a new one first: C3's bio-waste recommendation
    // (the second in draft 1) is now the third, word for word.
    let dir = ardenvale_round("comments-inserted", |profile, draft_1| {
        let mut list = draft_1["showcase"]["recommendations"].clone();
        list.as_array_mut().unwrap().insert(0, new_recommendation());
        profile["showcase"]["recommendations"] = list;
    });
    let c3 = comment_json(&dir, "C3");
    assert_eq!(c3["field"], "/showcase/recommendations/1");
    assert_eq!(
        c3["field_change"]["now"],
        serde_json::json!({
            "state": "moved",
            "was": "/showcase/recommendations/1",
            "field": "/showcase/recommendations/2",
            "removed_in": null
        })
    );
    assert_eq!(c3["field_change"]["status"], "unchanged");
    let after = side(&c3["field_change"]["after"]);
    assert!(
        after.contains("bio-waste collection to the remaining districts"),
        "{after}"
    );

    let report = pdf_words(&dir);
    let c3 = c3_in(&report);
    assert!(
        c3.contains("/showcase/recommendations/1, now /showcase/recommendations/2"),
        "{c3}"
    );
    assert!(c3.contains("UNCHANGED SINCE DRAFT 1"), "{c3}");
    assert!(
        !c3.contains("boilers"),
        "C3 is shown on another recommendation: {c3}"
    );
}

#[test]
fn a_comment_on_an_edited_item_that_moved_compares_that_item() {
    // Today's recommendations (C3's edited in draft 2) with a new one first.
    let dir = ardenvale_round("comments-edited-moved", |profile, _| {
        recommendations(profile).insert(0, new_recommendation());
    });
    let c3 = comment_json(&dir, "C3");
    let change = &c3["field_change"];
    assert_eq!(change["now"]["state"], "edited");
    assert_eq!(change["now"]["field"], "/showcase/recommendations/2");
    assert_eq!(change["status"], "changed");
    let (before, after) = (side(&change["before"]), side(&change["after"]));
    assert!(
        before.contains("to [-the remaining-] districts [-by 2028-] and"),
        "{before}"
    );
    assert!(after.contains("to {+all+} districts"), "{after}");
    let report = report_text(&dir);
    let c3 = c3_in(&report);
    assert!(c3.contains("now /showcase/recommendations/2"), "{c3}");
    assert!(!c3.contains("boilers"), "{c3}");
}

#[test]
fn a_comment_on_an_edited_item_shows_its_words_before_and_after_where_it_stands() {
    let c3 = comment_json(&root().join(ARDENVALE), "C3");
    assert_eq!(
        c3["field_change"]["now"],
        serde_json::json!({
            "state": "edited",
            "was": "/showcase/recommendations/1",
            "field": "/showcase/recommendations/1",
            "removed_in": null
        })
    );
    let after = side(&c3["field_change"]["after"]);
    assert!(after.contains("to {+all+} districts"), "{after}");
    // C4 is unchanged, C2's KPI is there with its result changed.
    let c4 = comment_json(&root().join(ARDENVALE), "C4");
    assert_eq!(c4["field_change"]["now"]["state"], "unchanged");
    let c2 = comment_json(&root().join(ARDENVALE), "C2");
    assert_eq!(
        c2["kpi_change"]["now"],
        serde_json::json!({
            "state": "edited",
            "was": "EC: ICT: ICT: 1C",
            "kpi": "EC: ICT: ICT: 1C",
            "removed_in": null
        })
    );
    // Nothing moved: the place is printed as written.
    let report = report_text(&root().join(ARDENVALE));
    assert!(!report.contains(", now /"), "{report}");
}

#[test]
fn a_comment_on_a_removed_item_says_so_and_shows_the_item_as_it_was() {
    let dir = ardenvale_round("comments-removed", |profile, _| {
        recommendations(profile).remove(1);
    });
    let c3 = comment_json(&dir, "C3");
    let change = &c3["field_change"];
    assert_eq!(
        change["now"],
        serde_json::json!({
            "state": "removed",
            "was": "/showcase/recommendations/1",
            "field": null,
            "removed_in": 2
        })
    );
    assert_eq!(change["status"], "removed");
    let before = side(&change["before"]);
    assert!(
        before.contains("bio-waste collection to the remaining districts by 2028"),
        "{before}"
    );
    assert_eq!(side(&change["after"]), "");

    let report = pdf_words(&dir);
    let c3 = c3_in(&report);
    assert!(
        c3.contains("/showcase/recommendations/1, removed in draft 2"),
        "{c3}"
    );
    assert!(c3.contains("no longer in the profile"), "{c3}");
    assert!(
        !c3.contains("housing"),
        "C3 is shown on the next recommendation: {c3}"
    );
}

#[test]
fn a_comment_on_an_item_past_the_end_of_todays_list_is_no_error() {
    // Only the first recommendation is left: nothing is at C3's index any more.
    let dir = ardenvale_round("comments-truncated", |profile, _| {
        recommendations(profile).truncate(1);
    });
    let city = sscp::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert!(
        city.warnings.iter().all(|w| !w.message.contains("C3")),
        "{:?}",
        city.warnings
    );
    let c3 = comment_json(&dir, "C3");
    assert_eq!(c3["field_change"]["now"]["state"], "removed");
    assert_eq!(c3["field_change"]["now"]["removed_in"], 2);
}

#[test]
fn a_removed_item_is_removed_in_the_first_draft_without_it() {
    // Draft 2 (kept in history/) removed C3's recommendation; the profile is now draft 3.
    let dir = ardenvale_round("comments-removed-earlier", |profile, _| {
        recommendations(profile).remove(1);
    });
    common::copy_folder(&dir, &dir.join("history/draft-2"));
    let _ = std::fs::remove_file(dir.join("history/draft-2/comments.json"));
    let mut profile = common::read_profile(&dir);
    profile["edition"]["draft"] = 3.into();
    recommendations(&mut profile).push(new_recommendation());
    common::write_profile(&dir, &profile);
    let c3 = comment_json(&dir, "C3");
    assert_eq!(c3["field_change"]["now"]["state"], "removed");
    assert_eq!(c3["field_change"]["now"]["removed_in"], 2);
    assert!(report_text(&dir).contains("/showcase/recommendations/1, removed in draft 2"));
}

#[test]
fn a_comment_follows_its_item_when_it_is_moved() {
    // Draft 1's recommendations with C3's moved from second to last, word for word.
    let dir = ardenvale_round("comments-moved", |profile, draft_1| {
        let mut list = draft_1["showcase"]["recommendations"].clone();
        let items = list.as_array_mut().unwrap();
        let bio_waste = items.remove(1);
        items.push(bio_waste);
        profile["showcase"]["recommendations"] = list;
    });
    let c3 = comment_json(&dir, "C3");
    assert_eq!(c3["field_change"]["now"]["state"], "moved");
    assert_eq!(
        c3["field_change"]["now"]["field"],
        "/showcase/recommendations/6"
    );
    // `sscp diff` lists the move as the same two places.
    let diff = sscp(&["diff", path(&dir), "--from", "1"]);
    assert!(diff.status.success(), "{}", text(&diff.stderr));
    let listed = text(&diff.stdout);
    assert!(
        listed.contains("/showcase/recommendations/1")
            && listed.contains("/showcase/recommendations/6"),
        "{listed}"
    );
    let report = report_text(&dir);
    assert!(
        c3_in(&report).contains("/showcase/recommendations/1, now /showcase/recommendations/6"),
        "{report}"
    );
}

#[test]
fn a_comment_on_a_kpi_no_longer_reported_says_since_when() {
    let dir = ardenvale_round("comments-kpi-removed", |_, _| {});
    let csv = std::fs::read_to_string(dir.join("kpis.csv")).unwrap();
    let kept: Vec<&str> = csv
        .lines()
        .filter(|l| !l.starts_with("EC: ICT: ICT: 1C,"))
        .collect();
    std::fs::write(dir.join("kpis.csv"), kept.join("\n") + "\n").unwrap();
    let c2 = comment_json(&dir, "C2");
    assert_eq!(
        c2["kpi_change"]["now"],
        serde_json::json!({
            "state": "removed",
            "was": "EC: ICT: ICT: 1C",
            "kpi": null,
            "removed_in": 2
        })
    );
    let report = report_text(&dir);
    assert!(
        report.contains("kpis.csv has had no row for this KPI since draft 2."),
        "{report}"
    );
}

#[test]
fn a_field_not_in_the_draft_commented_on_is_an_error_even_if_it_is_there_now() {
    // The eighth recommendation was added in draft 2: draft 1 had none.
    let dir = ardenvale_round("comments-not-in-draft", |_, _| {});
    let comments = std::fs::read_to_string(dir.join("comments.json")).unwrap();
    std::fs::write(
        dir.join("comments.json"),
        comments.replacen(
            "\"field\": \"/showcase/recommendations/1\"",
            "\"field\": \"/showcase/recommendations/7\"",
            1,
        ),
    )
    .unwrap();
    let err = sscp::load(&dir).expect_err("a field draft 1 did not have");
    let shown = err.to_string();
    assert!(
        shown.contains(
            "at /comments/2/where/field: \"/showcase/recommendations/7\" is not a field of draft 1's profile.json (history/draft-1/profile.json)"
        ),
        "{shown}"
    );
}

#[test]
fn a_comment_on_a_draft_without_its_snapshot_is_read_as_today_with_a_warning() {
    let dir = temp_dir("comments-no-snapshot");
    common::copy_folder(&root().join(ARDENVALE), &dir);
    // A comment on draft 2, the draft being built, needs no snapshot.
    let comments = std::fs::read_to_string(dir.join("comments.json")).unwrap();
    let on_draft_2 = r#"{ "id": "C7", "from": "Mayor's Office", "draft": 2, "where": { "field": "/survey/context" }, "text": "Fine now.", "resolution": "accepted", "response": "Thanks." },
    {
      "id": "C1","#;
    std::fs::write(
        dir.join("comments.json"),
        comments.replacen("{\n      \"id\": \"C1\",", on_draft_2, 1),
    )
    .unwrap();
    let city = sscp::load(&dir).unwrap_or_else(|e| panic!("{e}"));
    let shown: Vec<String> = city.warnings.iter().map(ToString::to_string).collect();
    let file = dir.join("comments.json");
    let c3 = format!(
        "warning: {}:36:9: at /comments/3/where/field: comment C3 was made on draft 1, but the city folder keeps no snapshot of draft 1 (history/draft-1 is missing): its field \"/showcase/recommendations/1\" is read in today's profile.json, which may no longer hold what was commented on\n  \
         fix: restore history/draft-1, the snapshot `sscp build` recorded of draft 1 (its profile.json and kpis.csv), so that the comment is read on the draft it was made on",
        file.display()
    );
    assert!(shown.contains(&c3), "{shown:#?}");
    let c2 = shown
        .iter()
        .find(|w| w.contains("comment C2"))
        .expect("a warning on C2");
    assert!(
        c2.contains("its KPI \"EC: ICT: ICT: 1C\" is read in today's kpis.csv"),
        "{c2}"
    );
    // C1, C2, C3, C4, C5, C6 (on draft 1); not C7; C6 is also pending.
    let snapshot = shown.iter().filter(|w| w.contains("no snapshot")).count();
    assert_eq!(snapshot, 6, "{shown:#?}");
    assert!(!shown.iter().any(|w| w.contains("C7")), "{shown:#?}");

    let c3 = comment_json(&dir, "C3");
    assert_eq!(
        c3["field_change"]["now"],
        serde_json::json!({
            "state": "unknown",
            "was": "/showcase/recommendations/1",
            "field": "/showcase/recommendations/1",
            "removed_in": null
        })
    );
    assert_eq!(c3["field_change"]["status"], "unknown");
    assert_eq!(
        c3["field_change"]["note"],
        "No snapshot of draft 1 is kept (history/draft-1), so its text is not known."
    );
    assert_eq!(
        comment_json(&dir, "C7")["field_change"]["now"]["state"],
        "unchanged"
    );
    assert_eq!(
        comment_json(&dir, "C2")["kpi_change"]["now"]["state"],
        "unknown"
    );
}
