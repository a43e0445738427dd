//! `sscp diff` on the sample's draft history: draft 1 (fixtures/ardenvale/history/draft-1)
//! against draft 2 (the folder itself), as the municipality's comments changed it.

mod common;
use common::{sscp, text};

#[test]
fn the_changes_between_two_drafts_are_listed() {
    let run = sscp(&["diff", "fixtures/ardenvale", "--from", "1"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(
        text(&run.stdout),
        "Changes from draft 1 (15 September 2026) to draft 2 (20 November 2026)\n\
         edited   /survey/context: … the Upper Varna Region and the [-second-largest-] {+third-largest+} city of the Republic of Valdoria. …\n\
         edited   /showcase/recommendations/1/text: Extend separate bio-waste collection to [-the remaining-] {+all+} districts [-by 2028-] and agree a metropolitan plan to …\n\
         added    /showcase/recommendations/7: Link the KPI results to the annual budget and the next Voluntary Local Review, and publish the underlying datasets on the open data platform with clear update s…\n\
         KPI      EC: ICT: ICT: 1C Household Internet Access: 61.5 % (2024), band 33–66% → 91.4 % (2024), band 66–95%\n"
    );
}

#[test]
fn a_draft_with_nothing_changed_says_so() {
    let run = sscp(&["diff", "fixtures/ardenvale", "--from", "2", "--to", "2"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert!(text(&run.stdout).ends_with("  no changes\n"));
}

#[test]
fn a_draft_that_is_not_there_is_named_with_those_that_are() {
    let run = sscp(&["diff", "fixtures/ardenvale", "--from", "3"]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        text(&run.stderr),
        "error: fixtures/ardenvale: there is no draft 3 to compare (drafts found: 1, 2)\n  \
         fix: each successful build of a draft keeps its inputs in history/draft-<n>/; build that draft first, or choose one of the drafts found\n"
    );
}

#[test]
fn the_change_log_pdf_is_reproducible_and_says_what_changed() {
    let dir = common::root().join("fixtures/ardenvale");
    let changes = sscp::round::diff::drafts(&dir, 1, None).unwrap_or_else(|e| panic!("{e}"));
    let pdf = changes.to_pdf().unwrap_or_else(|e| panic!("{e}"));
    assert!(pdf.starts_with(b"%PDF-"));
    assert_eq!(pdf, changes.to_pdf().unwrap(), "same changes, same bytes");

    let out = common::temp_dir("change-log").join("changes.pdf");
    let run = sscp(&[
        "diff",
        "fixtures/ardenvale",
        "--from",
        "1",
        "--pdf",
        out.to_str().unwrap(),
    ]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    assert_eq!(std::fs::read(&out).unwrap(), pdf);
    // The words themselves (poppler-utils, which .ci/run installs).
    let extracted = std::process::Command::new("pdftotext")
        .args([out.to_str().unwrap(), "-"])
        .output()
        .expect("pdftotext is needed for this test (apt-get install poppler-utils)");
    {
        let words = text(&extracted.stdout);
        for expected in [
            "Changes from draft 1 (15 September 2026) to",
            // A draft and its date on one line.
            "\ndraft 2 (20 November 2026)\n",
            "second-largest",
            "third-largest",
            "Recommendation 8 — added",
            "61.5 % (2024), band 33–66%",
            "91.4 % (2024), band 66–95%",
        ] {
            assert!(
                words.contains(expected),
                "{expected:?} missing from:\n{words}"
            );
        }
    }
}

/// Every column of kpis.csv a change can touch appears in the diff, each named.
#[test]
fn every_kpi_column_changed_appears_in_the_diff() {
    let dir = common::copy_city("fixtures/ardenvale", "diff-columns");
    let draft1 = dir.join("history/draft-1");
    std::fs::create_dir_all(&draft1).unwrap();
    for file in ["profile.json", "kpis.csv"] {
        std::fs::copy(dir.join(file), draft1.join(file)).unwrap();
    }
    let mut profile = common::read_profile(&draft1);
    profile["edition"]["draft"] = 1.into();
    common::write_profile(&draft1, &profile);
    let original = std::fs::read_to_string(dir.join("kpis.csv")).unwrap();
    // Row 2 is Household Internet Access 2019, an earlier year; row 4 its latest (2024).
    let row2 =
        "EC: ICT: ICT: 1C,,84.2,%,2019,100,higher,,yes,survey,Ardenvale Statistical Office 2019";
    let row4 =
        "EC: ICT: ICT: 1C,,91.4,%,2024,100,higher,98,yes,survey,Ardenvale Statistical Office 2024";
    assert!(original.contains(row2) && original.contains(row4));
    // (row, text in it, replacement, the attribute the diff names; "" for the result).
    for (row, old, new, attribute) in [
        (row2, "84.2", "80.1", "earlier years"),
        (row4, ",2024,100,", ",2024,95,", "target"),
        (row4, ",98,", ",99,", "local target"),
        (row4, ",yes,", ",no,", "verified"),
        (row4, "survey", "estimate", "data quality"),
        (row4, "Office 2024", "Office, 2024 release", "source"),
        (row4, "91.4", "93", ""),
    ] {
        let to = row.replace(old, new);
        let named = &if attribute.is_empty() {
            "Household Internet Access".to_string()
        } else {
            format!("Household Internet Access ({attribute})")
        };
        std::fs::write(dir.join("kpis.csv"), original.replace(row, &to)).unwrap();
        let diff = sscp::round::diff::drafts(&dir, 1, None).unwrap_or_else(|e| panic!("{e}"));
        let labels: Vec<String> = diff
            .changes
            .iter()
            .filter_map(|c| match c {
                sscp::round::diff::Change::Kpi { label, .. } => Some(label.clone()),
                _ => None,
            })
            .collect();
        assert!(labels.iter().any(|l| l == named), "{to}: {labels:?}");
        assert!(
            diff.to_text().contains(named),
            "the terminal diff does not name {named}"
        );
    }
}

/// A picture replaced under the same name is a change; a build's snapshot keeps every picture.
#[test]
fn a_picture_replaced_under_its_name_appears_in_the_diff() {
    let dir = common::temp_dir("diff-picture");
    common::copy_folder(&common::root().join("fixtures/lindmoor"), &dir);
    let run = sscp(&[
        "build",
        common::path(&dir),
        "-o",
        common::path(&dir.join("out.pdf")),
    ]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let draft = common::read_profile(&dir)["edition"]["draft"]
        .as_u64()
        .unwrap();
    let snapshot = dir.join(format!("history/draft-{draft}"));
    for picture in [
        "images/cover.png",
        "images/old-town.png",
        "images/library.png",
    ] {
        assert!(
            snapshot.join(picture).exists(),
            "the snapshot lacks {picture}"
        );
    }
    let mut profile = common::read_profile(&dir);
    profile["edition"]["draft"] = (draft + 1).into();
    common::write_profile(&dir, &profile);
    std::fs::copy(
        dir.join("images/rail-hub.png"),
        dir.join("images/old-town.png"),
    )
    .unwrap();
    let diff =
        sscp::round::diff::drafts(&dir, draft as u32, None).unwrap_or_else(|e| panic!("{e}"));
    let text = diff.to_text();
    assert!(
        text.contains("/images/sections/0/file: images/old-town.png, 2400 × 1800 pixels"),
        "{text}"
    );
    assert!(
        text.contains("another picture: images/old-town.png"),
        "{text}"
    );
}

/// One recommendation inserted in the middle is one change, and the only item marked.
#[test]
fn an_item_inserted_in_the_middle_is_one_change() {
    let dir = common::copy_city("fixtures/ardenvale", "diff-insert");
    let draft1 = dir.join("history/draft-1");
    std::fs::create_dir_all(&draft1).unwrap();
    std::fs::copy(dir.join("kpis.csv"), draft1.join("kpis.csv")).unwrap();
    let mut earlier = common::read_profile(&dir);
    earlier["edition"]["draft"] = 1.into();
    common::write_profile(&draft1, &earlier);
    let mut profile = common::read_profile(&dir);
    let recommendations = profile["showcase"]["recommendations"]
        .as_array_mut()
        .unwrap();
    let mut inserted = recommendations[0].clone();
    inserted["text"] = "Publish a yearly open data report on the city's progress towards the KPI targets, with the underlying datasets.".into();
    recommendations.insert(2, inserted);
    common::write_profile(&dir, &profile);

    let diff = sscp::round::diff::drafts(&dir, 1, None).unwrap_or_else(|e| panic!("{e}"));
    let listed: Vec<String> = diff
        .changes
        .iter()
        .map(|c| serde_json::to_value(c).unwrap())
        .filter(|c| {
            c["pointer"]
                .as_str()
                .is_some_and(|p| p.starts_with("/showcase/recommendations"))
        })
        .map(|c| {
            format!(
                "{} {}",
                c["kind"].as_str().unwrap(),
                c["pointer"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(listed, ["added /showcase/recommendations/2"]);
    let build = sscp::build(&dir).unwrap();
    assert_eq!(build.changes.items, ["/showcase/recommendations/2"]);
}

/// The change log's words as pdftotext reads them.
fn change_log_text(diff: &sscp::round::diff::DraftDiff, name: &str) -> String {
    let out = common::temp_dir(name).join("changes.pdf");
    std::fs::write(&out, diff.to_pdf().unwrap_or_else(|e| panic!("{e}"))).unwrap();
    let extracted = std::process::Command::new("pdftotext")
        .args([common::path(&out), "-"])
        .output()
        .expect("pdftotext is needed for this test (apt-get install poppler-utils)");
    text(&extracted.stdout)
}

#[test]
fn the_change_log_prints_markdown_as_the_profile_does_and_items_field_by_field() {
    let dir = common::copy_city("fixtures/ardenvale", "diff-markdown");
    let history = common::root().join("fixtures/ardenvale/history/draft-1");
    common::copy_folder(&history, &dir.join("history/draft-1"));
    let mut profile = common::read_profile(&dir);
    let finance = profile["survey"]["finance"].as_str().unwrap().to_string();
    profile["survey"]["finance"] = finance
        .replacen("million loan", "million *green* loan", 1)
        .into();
    let practices = profile["showcase"]["good_practices"]
        .as_array_mut()
        .unwrap();
    let practice = practices.remove(0);
    common::write_profile(&dir, &profile);

    let diff = sscp::round::diff::drafts(&dir, 1, None).unwrap_or_else(|e| panic!("{e}"));
    let terminal = diff.to_text();
    assert!(
        terminal.contains("; • a EUR 60 million {+green+} loan from"),
        "{terminal}"
    );
    assert!(!terminal.contains("*green*"), "{terminal}");
    let words = change_log_text(&diff, "diff-markdown-pdf");
    // The bullet, not the Markdown marker; emphasis without its asterisks.
    assert!(words.contains("• a EUR 60 million"), "{words}");
    assert!(
        !words.contains("*green*") && !words.contains("- a EUR"),
        "{words}"
    );
    // The removed good practice, field by field.
    assert!(words.contains("Good practice 1 — removed"), "{words}");
    for (name, value) in [
        ("Title", practice["title"].as_str().unwrap()),
        (
            "Partners",
            "City of Ardenvale, Department of Social Affairs;",
        ),
    ] {
        assert!(words.contains(name), "no {name} field: {words}");
        assert!(words.contains(value), "no {value}: {words}");
    }
}

/// A copy of the sample whose draft 1 (in its history) holds the same files byte for byte but
/// for the draft number and date, as an editor would raise them: the folder is draft 2.
fn two_drafts(name: &str) -> std::path::PathBuf {
    let dir = common::copy_city("fixtures/ardenvale", name);
    let draft1 = dir.join("history/draft-1");
    std::fs::create_dir_all(&draft1).unwrap();
    std::fs::copy(dir.join("kpis.csv"), draft1.join("kpis.csv")).unwrap();
    let profile = std::fs::read_to_string(dir.join("profile.json")).unwrap();
    let earlier = profile
        .replacen("\"draft\": 2,", "\"draft\": 1,", 1)
        .replacen("\"date\": \"2026-11-20\"", "\"date\": \"2026-09-15\"", 1);
    assert_ne!(earlier, profile);
    std::fs::write(draft1.join("profile.json"), earlier).unwrap();
    dir
}

/// Replaces `old` (found exactly once) with `new` in a file of the folder.
fn rewrite(dir: &std::path::Path, file: &str, old: &str, new: &str) {
    let path = dir.join(file);
    let text = std::fs::read_to_string(&path).unwrap();
    assert_eq!(text.matches(old).count(), 1, "{old:?} in {file}");
    std::fs::write(&path, text.replacen(old, new, 1)).unwrap();
}

/// `sscp diff --from 1` as the terminal shows it.
fn diff_from_draft_1(dir: &std::path::Path) -> String {
    let run = sscp(&["diff", common::path(dir), "--from", "1"]);
    assert_eq!(run.status.code(), Some(0), "{}", text(&run.stderr));
    text(&run.stdout)
}

const HEAD: &str = "Changes from draft 1 (15 September 2026) to draft 2 (20 November 2026)\n";
/// Air Pollution's PM2.5 in 2021, an earlier year (2024 is its latest).
const PM25_2021: &str = "EN: EN: AQ: 1C,PM2.5,16.2,µg/m³,2021,5,lower,,yes,measured,Upper Varna Environment Agency 2021";

#[test]
fn inputs_the_same_but_for_the_draft_number_and_date_say_no_changes() {
    let dir = two_drafts("diff-same");
    assert_eq!(diff_from_draft_1(&dir), format!("{HEAD}  no changes\n"));
}

#[test]
fn an_earlier_years_data_quality_source_and_unit_are_each_a_change_in_that_year() {
    let dir = two_drafts("diff-earlier-columns");
    let original = std::fs::read(dir.join("kpis.csv")).unwrap();
    for (old, new, line) in [
        (
            ",measured,Upper Varna Environment Agency 2021",
            ",estimate,Upper Varna Environment Agency 2021",
            "KPI      EN: EN: AQ: 1C Air Pollution: PM2.5, 2021 (data quality): measured → estimate",
        ),
        (
            "Upper Varna Environment Agency 2021",
            "Valdoria Air Quality Network 2021",
            "KPI      EN: EN: AQ: 1C Air Pollution: PM2.5, 2021 (source): Upper Varna Environment Agency 2021 → Valdoria Air Quality Network 2021",
        ),
        (
            "16.2,µg/m³,2021",
            "16.2,mg/m³,2021",
            "KPI      EN: EN: AQ: 1C Air Pollution: PM2.5, 2021 (unit): µg/m³ → mg/m³",
        ),
    ] {
        std::fs::write(dir.join("kpis.csv"), &original).unwrap();
        rewrite(&dir, "kpis.csv", PM25_2021, &PM25_2021.replace(old, new));
        assert_eq!(diff_from_draft_1(&dir), format!("{HEAD}{line}\n"), "{new}");
    }
}

#[test]
fn an_earlier_years_row_added_or_removed_is_a_change_in_that_year() {
    let dir = two_drafts("diff-earlier-rows");
    let original = std::fs::read_to_string(dir.join("kpis.csv")).unwrap();
    std::fs::write(
        dir.join("kpis.csv"),
        original.replacen(&format!("{PM25_2021}\n"), "", 1),
    )
    .unwrap();
    assert_eq!(
        diff_from_draft_1(&dir),
        format!(
            "{HEAD}\
             KPI      EN: EN: AQ: 1C Air Pollution: PM2.5 (earlier years): 18.6 in 2019, 16.2 in 2021 → 18.6 in 2019\n\
             KPI      EN: EN: AQ: 1C Air Pollution: PM2.5, 2021: 16.2 µg/m³ (target 5; lower is better; data quality measured; source Upper Varna Environment Agency 2021) → no row\n"
        )
    );

    // A yes/no row for an earlier year, which no progress chart shows.
    let earlier = "SC: SH: SA: 3A,,no,,2021,yes,,,no,estimate,\n";
    let latest = original
        .lines()
        .find(|l| l.starts_with("SC: SH: SA: 3A,"))
        .unwrap();
    std::fs::write(
        dir.join("kpis.csv"),
        original.replacen(latest, &format!("{earlier}{latest}"), 1),
    )
    .unwrap();
    assert_eq!(
        diff_from_draft_1(&dir),
        format!(
            "{HEAD}\
             KPI      SC: SH: SA: 3A Resilience Plans, 2021: no row → no (target yes; not verified; data quality estimate)\n"
        )
    );
}

#[test]
fn kpis_csv_changed_only_as_a_file_is_a_change_of_its_own() {
    let dir = two_drafts("diff-kpis-bytes");
    let original = std::fs::read_to_string(dir.join("kpis.csv")).unwrap();
    let lines: Vec<&str> = original.lines().collect();
    let swapped = {
        let mut l = lines.clone();
        l.swap(1, 2);
        l.join("\n") + "\n"
    };
    for (kpis, what) in [
        (swapped, "rows in another order"),
        (original.replace('\n', "\r\n"), "line ends LF → CRLF"),
        (
            original.replacen(",88.0,", ",88,", 1),
            "1 cell written another way, the same in meaning (first row 3, value: \"88.0\" → \"88\")",
        ),
        (
            original.replacen(
                "Ardenvale Statistical Office 2019",
                "\"Ardenvale Statistical Office 2019\"",
                1,
            ),
            "spacing or quotes",
        ),
        (
            format!("\u{feff}{original}\n"),
            "byte order mark added; blank lines",
        ),
    ] {
        std::fs::write(dir.join("kpis.csv"), kpis).unwrap();
        assert_eq!(
            diff_from_draft_1(&dir),
            format!("{HEAD}file     kpis.csv changed as a file (attached to the PDF): {what}\n")
        );
    }
}

#[test]
fn profile_json_changed_only_as_a_file_is_a_change_of_its_own() {
    let dir = two_drafts("diff-profile-bytes");
    let original = std::fs::read_to_string(dir.join("profile.json")).unwrap();
    let value: serde_json::Value = serde_json::from_str(&original).unwrap();
    let mut reordered = value.clone();
    let edition = reordered["edition"].as_object_mut().unwrap();
    let status = edition.shift_remove("status").unwrap();
    edition.insert("status".into(), status);
    for (profile, what) in [
        (
            serde_json::to_string(&value).unwrap(),
            "spacing and line breaks; white space at the end of the file",
        ),
        (original.replace('\n', "\r\n"), "line ends LF → CRLF"),
        (
            serde_json::to_string_pretty(&reordered).unwrap() + "\n",
            "members in another order (first in /edition)",
        ),
        (
            original.replacen("\"118.6 km²\"", "\"118.6 km\\u00b2\"", 1),
            "1 value written another way, the same in meaning (first /city/key_facts/1/value: \"118.6 km²\" → \"118.6 km\\u00b2\")",
        ),
    ] {
        std::fs::write(dir.join("profile.json"), profile).unwrap();
        assert_eq!(
            diff_from_draft_1(&dir),
            format!(
                "{HEAD}file     profile.json changed as a file (attached to the PDF): {what}\n"
            )
        );
    }
}

#[test]
fn the_change_log_pdf_lists_earlier_years_and_files_changed() {
    let dir = two_drafts("diff-earlier-pdf");
    rewrite(
        &dir,
        "kpis.csv",
        PM25_2021,
        &PM25_2021.replace(",measured,", ",estimate,"),
    );
    let profile = std::fs::read_to_string(dir.join("profile.json")).unwrap();
    std::fs::write(dir.join("profile.json"), profile.replace('\n', "\r\n")).unwrap();
    let diff = sscp::round::diff::drafts(&dir, 1, None).unwrap_or_else(|e| panic!("{e}"));
    let words = change_log_text(&diff, "diff-earlier-pdf-log");
    for expected in [
        "Air Pollution: PM2.5, 2021 (data",
        "measured",
        "estimate",
        "profile.json",
        "Changed as a file (attached to the PDF): line ends LF to CRLF.",
    ] {
        assert!(
            words.contains(expected),
            "{expected:?} missing from:\n{words}"
        );
    }
}
