//! `sscp import-survey` on the sample SurveyMonkey export of Ardenvale (fixtures/survey): both
//! file formats and the locale variants import alike, only survey fields change, problems in
//! the export are reported with their place, and the result validates.

use std::path::Path;

mod common;
use common::{path, root, sscp, temp_dir as scratch, text};

use serde_json::Value;

const CSV_EXPORT: &str = "fixtures/survey/ardenvale-export.csv";
const XLSX_EXPORT: &str = "fixtures/survey/ardenvale-export.xlsx";
/// The real respondent of the sample export; the other one is a test submission.
const ARDENVALE: &str = "11860000002";

/// Imports `export` into `city` (a new folder unless it has a profile.json) and checks that
/// the import succeeded; returns its report.
fn import(export: &Path, city: &Path, extra: &[&str]) -> String {
    let mut args = vec![
        "import-survey",
        path(export),
        "-o",
        path(city),
        "--date",
        "2026-11-20",
    ];
    args.extend(extra);
    let out = sscp(&args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // The report on stdout, then the warnings on stderr.
    format!("{}{}", text(&out.stdout), text(&out.stderr))
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn profile(city: &Path) -> Value {
    serde_json::from_str(&read(&city.join("profile.json"))).unwrap_or_else(|e| panic!("{e}"))
}

fn validates(city: &Path) {
    let out = sscp(&["validate", path(city)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
}

/// The sample export's records, to write variants of it.
fn export_records() -> Vec<csv::StringRecord> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_path(root().join(CSV_EXPORT))
        .unwrap_or_else(|e| panic!("{e}"))
        .records()
        .map(|r| r.unwrap_or_else(|e| panic!("{e}")))
        .collect()
}

fn write_variant(file: &Path, delimiter: u8, crlf: bool, bom: bool) {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(delimiter)
        .terminator(if crlf {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        })
        .from_writer(Vec::new());
    for record in export_records() {
        let record: Vec<String> = record
            .iter()
            .map(|cell| {
                if crlf {
                    cell.replace('\n', "\r\n")
                } else {
                    cell.to_string()
                }
            })
            .collect();
        writer
            .write_record(&record)
            .unwrap_or_else(|e| panic!("{e}"));
    }
    let mut bytes = if bom {
        b"\xEF\xBB\xBF".to_vec()
    } else {
        Vec::new()
    };
    bytes.extend(writer.into_inner().unwrap_or_else(|e| panic!("{e}")));
    std::fs::write(file, bytes).unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn csv_and_xlsx_exports_give_the_same_profile() {
    let dir = scratch("formats");
    let (from_csv, from_xlsx) = (dir.join("csv"), dir.join("xlsx"));
    import(
        &root().join(CSV_EXPORT),
        &from_csv,
        &["--respondent", ARDENVALE],
    );
    import(
        &root().join(XLSX_EXPORT),
        &from_xlsx,
        &["--respondent", ARDENVALE],
    );
    assert_eq!(
        read(&from_csv.join("profile.json")),
        read(&from_xlsx.join("profile.json"))
    );
}

#[test]
fn a_new_folder_from_an_export_validates_and_holds_the_answers() {
    let city = scratch("new").join("ardenvale");
    let report = import(&root().join(CSV_EXPORT), &city, &["--respondent", "2"]);
    assert!(report.starts_with(&format!(
        "imported Respondent ID {ARDENVALE} (2 of 2, ended 05/11/2026 16:40:02) from"
    )));
    validates(&city);
    let profile = profile(&city);
    assert_eq!(profile["city"]["id"], "ardenvale");
    assert_eq!(profile["city"]["country"], "Republic of Valdoria");
    let context = profile["survey"]["context"].as_str().unwrap_or_default();
    assert!(context.starts_with("Ardenvale is the capital of the Upper Varna Region"));
    assert_eq!(context.matches("\n\n").count(), 3, "four paragraphs");
    assert!(!context.contains("Source:"));
    assert_eq!(
        profile["survey"]["key_achievements"]
            .as_array()
            .map(Vec::len),
        Some(5)
    );
    // Guidance stays where the city gave no answer.
    assert!(
        profile["survey"]["opportunities"]
            .as_str()
            .is_some_and(|t| t.starts_with("[to write] "))
    );
    let sources: Vec<&str> = profile["survey"]["sources"]
        .as_array()
        .map(|s| s.iter().filter_map(|s| s["text"].as_str()).collect())
        .unwrap_or_default();
    assert!(sources.contains(&"Ardenvale Statistical Office, Population Register 2024"));
    assert!(sources.contains(&"File attached to the survey: ardenvale-mobility-plan-2024.pdf"));
    assert!(!sources.iter().any(|s| s.starts_with("[to write]")));
    let answers = read(&city.join("survey-answers.md"));
    assert!(answers.contains("### `/survey/areas/economy/activities`: Planned"));
    assert!(answers.contains("- Open City Data Platform 2.0 (project, 2026)"));
    for file in ["kpis.csv", "README.md"] {
        assert!(city.join(file).is_file(), "{file}");
    }
}

/// The fields an import of the sample export may change.
const SURVEY_FIELDS: [&str; 13] = [
    "/city/name",
    "/city/country",
    "/survey/context",
    "/survey/legal_framework",
    "/survey/agenda_2030",
    "/survey/key_achievements",
    "/survey/areas/society/achievements",
    "/survey/areas/environment/achievements",
    "/survey/areas/economy/achievements",
    "/survey/challenges",
    "/survey/opportunities",
    "/survey/finance",
    "/survey/sources",
];

fn without_survey_fields(mut profile: Value) -> Value {
    for pointer in SURVEY_FIELDS {
        let (parent, key) = pointer.rsplit_once('/').unwrap_or_default();
        if let Some(Value::Object(object)) = profile.pointer_mut(parent) {
            object.remove(key);
        }
    }
    profile
}

#[test]
fn importing_into_an_existing_profile_changes_only_survey_fields() {
    let city = scratch("merge");
    let fixture = root().join("fixtures/ardenvale");
    std::fs::copy(fixture.join("kpis.csv"), city.join("kpis.csv"))
        .unwrap_or_else(|e| panic!("{e}"));
    // The export holds Ardenvale's own survey text; an outdated finance answer shows a change.
    let mut before: Value = serde_json::from_str(&read(&fixture.join("profile.json")))
        .unwrap_or_else(|e| panic!("{e}"));
    before["survey"]["finance"] = Value::from("An earlier answer.");
    std::fs::write(
        city.join("profile.json"),
        serde_json::to_string_pretty(&before).unwrap_or_default() + "\n",
    )
    .unwrap_or_else(|e| panic!("{e}"));

    let report = import(
        &root().join(CSV_EXPORT),
        &city,
        &["--respondent", ARDENVALE],
    );
    let after = profile(&city);
    assert_eq!(
        without_survey_fields(after.clone()),
        without_survey_fields(before.clone())
    );
    assert!(
        report.contains("fields set (2):\n  /survey/finance\n  /survey/sources\n"),
        "{report}"
    );
    assert!(report.contains("fields answered with the value they had (10): /city/name, /city/country, /survey/context,"), "{report}");
    let original = profile(&fixture);
    for field in ["finance", "context", "key_achievements", "opportunities"] {
        assert_eq!(after["survey"][field], original["survey"][field], "{field}");
    }
    // Sources already in the profile are not added again: only the cited population register
    // and the attached file are new.
    let count = |v: &Value| v["survey"]["sources"].as_array().map_or(0, Vec::len);
    assert_eq!(count(&after), count(&before) + 2, "{report}");
    // Apart from those, the file is the one the editors wrote, byte for byte.
    let mut expected = before.clone();
    expected["survey"]["finance"] = original["survey"]["finance"].clone();
    expected["survey"]["sources"] = after["survey"]["sources"].clone();
    assert_eq!(
        read(&city.join("profile.json")),
        serde_json::to_string_pretty(&expected).unwrap_or_default() + "\n"
    );
    validates(&city);
}

#[test]
fn unmapped_questions_unused_entries_and_empty_answers_are_warnings() {
    let city = scratch("warnings").join("city");
    let export = root().join(CSV_EXPORT);
    let report = import(&export, &city, &["--respondent", ARDENVALE]);
    let file = export.display();
    assert!(report.contains(&format!(
        "warning: {file}: row 1, column AD (30): the question \"Would your municipality like to present its profile at a UNE…\" is not in the survey map; its answers are only copied to survey-answers.md\n  fix: add it to survey-map.json"
    )), "{report}");
    assert!(report.contains(&format!(
        "warning: {file}: row 4, column Z (26): the answer to \"Please briefly outline the main opportunities for sustainabl…\" is empty, so /survey/opportunities is left as it was\n  fix: ask the city for the answer, or write the field in profile.json"
    )), "{report}");
    assert!(
        report.contains(&format!(
            "2 warnings; next: sscp validate {}\n",
            city.display()
        )),
        "{report}"
    );
    let answers = read(&city.join("survey-answers.md"));
    assert!(answers.contains("### Column AD (30)\n\n> Would your municipality like to present its profile at a UNECE meeting?\n\nYes, at the Forum of Mayors in 2027.\n"));
}

#[test]
fn several_respondents_need_a_choice_and_the_error_lists_them() {
    let city = scratch("respondents").join("city");
    let export = root().join(CSV_EXPORT);
    let out = sscp(&["import-survey", path(&export), "-o", path(&city)]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: {}: the export has 2 respondents; choose the one to import:
    1. Respondent ID 11860000001, ended 05/04/2026 09:12:44, city \"Test\"
    2. Respondent ID 11860000002, ended 05/11/2026 16:40:02, city \"Ardenvale\"
  fix: run again with --respondent and a Respondent ID or a position from this list, e.g. --respondent 11860000002
1 problem found; nothing was imported
",
            export.display()
        )
    );
    assert!(!city.exists(), "nothing is written after an error");

    let out = sscp(&[
        "import-survey",
        path(&export),
        "-o",
        path(&city),
        "--respondent",
        "3",
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(text(&out.stderr).contains(
        "no respondent has the Respondent ID \"3\", and it is not a position from 1 to 2:"
    ));

    let report = import(
        &export,
        &city,
        &["--respondent", "11860000001", "--country", "Testland"],
    );
    assert!(
        report.starts_with("imported Respondent ID 11860000001 (1 of 2"),
        "{report}"
    );
    assert_eq!(profile(&city)["city"]["name"], "Test");
}

#[test]
fn semicolon_and_bom_crlf_exports_import_the_same() {
    let dir = scratch("locales");
    let plain = dir.join("plain");
    import(
        &root().join(CSV_EXPORT),
        &plain,
        &["--respondent", ARDENVALE],
    );
    for (name, delimiter, crlf, bom) in [
        ("semicolon", b';', false, false),
        ("bom-crlf", b',', true, true),
    ] {
        let export = dir.join(format!("{name}.csv"));
        write_variant(&export, delimiter, crlf, bom);
        let city = dir.join(name);
        import(&export, &city, &["--respondent", ARDENVALE]);
        assert_eq!(
            read(&city.join("profile.json")),
            read(&plain.join("profile.json")),
            "{name}"
        );
    }
}

#[test]
fn an_export_that_is_not_utf8_is_refused_with_the_place() {
    let dir = scratch("encoding");
    let export = dir.join("windows-1252.csv");
    let mut bytes = std::fs::read(root().join(CSV_EXPORT)).unwrap_or_default();
    let at = bytes
        .windows(9)
        .position(|w| w == b"Ardenvale")
        .unwrap_or_default();
    // "Ardenvále" as Excel on Windows would save it.
    bytes.splice(at + 6..at + 7, [0xE1]);
    std::fs::write(&export, &bytes).unwrap_or_default();
    let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
    let line_start = bytes[..at]
        .iter()
        .rposition(|b| *b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&bytes[line_start..at + 6])
        .chars()
        .count()
        + 1;
    let out = sscp(&[
        "import-survey",
        path(&export),
        "-o",
        path(&dir.join("city")),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: {}: the file is not UTF-8 text: the byte at offset {} (line {line}, column {column}) is 0xE1, which is \"á\" in Windows-1252
  fix: export the responses from SurveyMonkey again as CSV (it writes UTF-8), or open the file in a spreadsheet and save it as \"CSV UTF-8\"; files saved by Excel on Windows are often Windows-1252
1 problem found; nothing was imported
",
            export.display(),
            at + 6
        )
    );
}

#[test]
fn an_export_over_the_size_limit_is_refused() {
    let dir = scratch("size");
    let export = dir.join("huge.csv");
    let file = std::fs::File::create(&export).unwrap_or_else(|e| panic!("{e}"));
    file.set_len(sscp::survey::MAX_EXPORT_BYTES + 1)
        .unwrap_or_else(|e| panic!("{e}"));
    let out = sscp(&[
        "import-survey",
        path(&export),
        "-o",
        path(&dir.join("city")),
    ]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr)
            .contains("the file is 20.0 MB; survey exports larger than 20 MB are refused"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn the_city_folders_own_map_overrides_the_default() {
    let city = scratch("own-map");
    let out = sscp(&["import-survey", "--print-map"]);
    assert!(out.status.success());
    let printed = text(&out.stdout);
    assert_eq!(printed.trim_end(), sscp::survey::DEFAULT_MAP.trim_end());
    // A map that knows the extra question and sends it to the region.
    let mut map: Value = serde_json::from_str(&printed).unwrap_or_else(|e| panic!("{e}"));
    let extra = serde_json::json!({
        "question": "Would your municipality like to present its profile at a UNECE meeting?",
        "target": "/city/region",
        "as": "text"
    });
    let retired = serde_json::json!({
        "question": "How many public libraries does your municipality run?",
        "target": "/city/local_name",
        "as": "text"
    });
    if let Some(Value::Array(questions)) = map.get_mut("questions") {
        questions.extend([extra, retired]);
    }
    std::fs::write(city.join("survey-map.json"), map.to_string()).unwrap_or_default();
    let report = import(
        &root().join(CSV_EXPORT),
        &city,
        &["--respondent", ARDENVALE],
    );
    assert!(report.contains(&format!(
        "survey map: {}",
        city.join("survey-map.json").display()
    )));
    assert!(!report.contains("is not in the survey map"), "{report}");
    let last = map["questions"].as_array().map_or(0, Vec::len) - 1;
    assert!(report.contains(&format!(
        "warning: {}: at /questions/{last}: no column of the export asks \"How many public libraries does your municipality run?\", so /city/local_name is left as it was\n  fix: if the survey words this question differently, add its wording from the export's first header row to \"aliases\"\n",
        city.join("survey-map.json").display()
    )), "{report}");
    assert_eq!(
        profile(&city)["city"]["region"],
        "Yes, at the Forum of Mayors in 2027."
    );
}
