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
