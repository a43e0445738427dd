//! `sscp new`: a new city folder validates and builds at once, lists every KPI, marks every
//! text still to write, and never overwrites anything.

use std::path::PathBuf;
use std::process::Command;

mod common;
use common::{path, sscp, temp_dir as scratch, text};

use serde_json::Value;

const MARK: &str = "[to write] ";

/// Runs `sscp new` for Nova Gorica in `<scratch>/city` and returns the city folder.
fn new_city(test: &str) -> PathBuf {
    let city = scratch(test).join("city");
    let out = sscp(&[
        "new",
        path(&city),
        "--city",
        "Nova Gorica",
        "--country",
        "Slovenia",
        "--date",
        "2026-11-20",
    ]);
    assert!(out.status.success(), "{}", text(&out.stderr));
    city
}

#[test]
fn a_new_city_folder_validates_at_once() {
    let city = new_city("validates");
    let out = sscp(&["validate", path(&city)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // Valid, with a warning for each text still to write and for the placeholder coordinates.
    let stderr = text(&out.stderr);
    // The data's warnings; the laid-out pages of a skeleton are also warned about as empty.
    let warnings = stderr
        .lines()
        .filter(|l| l.starts_with("warning: ") && !l.starts_with("warning: page "))
        .count();
    // Texts the profile prints are gaps (the draft shows placeholders); other guidance left in
    // a field is warned about as such.
    let guidance = stderr
        .matches("still holds the skeleton's guidance")
        .count();
    let gaps = stderr.matches("the draft prints a placeholder").count();
    assert!(guidance > 30 && gaps >= 12, "{stderr}");
    assert_eq!(warnings, guidance + gaps + 1, "{stderr}");
    assert!(
        stderr.contains("at /city/coordinates: the coordinates 0, 0 lie in the Atlantic Ocean")
    );
    assert!(text(&out.stdout).contains(&format!("{} warnings found", warnings)));
    let denied = sscp(&["validate", path(&city), "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    let readme = std::fs::read_to_string(city.join("README.md")).unwrap_or_default();
    assert!(readme.contains("[to write]") && readme.contains("sscp validate"));
}

#[test]
fn a_new_city_folder_builds_a_twelve_page_profile() {
    let city = new_city("builds");
    let pdf = city.join("out").join("nova-gorica-draft-1.pdf");
    let out = sscp(&["build", path(&city)]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.starts_with(&format!("wrote {} (12 pages", pdf.display())),
        "{stdout}"
    );
    if let Ok(info) = Command::new("pdfinfo").arg(&pdf).output() {
        assert!(text(&info.stdout).contains("Pages:           12"));
    }
}

#[test]
fn kpis_csv_has_a_row_for_every_kpi_and_data_point() {
    let city = new_city("kpis");
    let csv = std::fs::read_to_string(city.join("kpis.csv")).unwrap_or_default();
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map(|h| h.iter().map(String::from).collect())
        .unwrap_or_default();
    assert_eq!(
        header,
        [
            "code",
            "data_point",
            "name",
            "value",
            "year",
            "target",
            "unit",
            "source"
        ]
    );
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 112);
    let mut codes: Vec<&str> = rows.iter().map(|r| &r[0]).collect();
    codes.dedup();
    assert_eq!(codes.len(), 91);
    let catalogue = sscp::kpi::Catalogue::get();
    assert!(
        catalogue
            .kpis
            .iter()
            .all(|k| codes.contains(&k.code.as_str()))
    );
    let air: Vec<&str> = rows
        .iter()
        .filter(|r| &r[0] == "EN: EN: AQ: 1C")
        .map(|r| &r[1])
        .collect();
    assert_eq!(air, ["PM10", "PM2.5", "NO2", "SO2", "O3"]);
    assert!(rows.iter().all(|r| r.iter().skip(3).all(str::is_empty)));
}

#[test]
fn a_folder_that_is_not_empty_is_refused_and_left_alone() {
    let dir = scratch("refuses");
    std::fs::write(dir.join("notes.txt"), "mine").unwrap_or_default();
    let out = sscp(&["new", path(&dir), "--city", "X", "--country", "Y"]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        text(&out.stderr),
        format!(
            "error: {}: the folder is not empty, and sscp new never overwrites files\n  fix: give the path of a folder that does not exist yet (sscp new creates it) or of an empty one\n",
            dir.display()
        )
    );
    let left: Vec<_> = std::fs::read_dir(&dir)
        .map(|d| d.count())
        .into_iter()
        .collect();
    assert_eq!(left, [1]);
}

/// Strings in profile.json that are not text for the editors to write: the name and country
/// given to `sscp new`, the default title, and values a program reads (ids, choices, dates,
/// codes, addresses).
fn is_given_value(pointer: &str) -> bool {
    const GIVEN: [&str; 8] = [
        "/city/id",
        "/city/name",
        "/city/country",
        "/edition/title",
        "/edition/status",
        "/edition/date",
        "/edition/isbn",
        "/edition/verification/date",
    ];
    const CHOICES: [&str; 6] = ["kind", "status", "area", "priority", "horizon", "url"];
    let last = pointer.rsplit('/').next().unwrap_or_default();
    GIVEN.contains(&pointer) || CHOICES.contains(&last)
}

fn printed_strings(value: &Value, pointer: String, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) if !is_given_value(&pointer) => out.push((pointer, s.clone())),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                printed_strings(item, format!("{pointer}/{i}"), out);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                printed_strings(item, format!("{pointer}/{key}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn every_text_to_write_starts_with_the_guidance_mark() {
    assert_eq!(sscp::scaffold::GUIDANCE_MARK, MARK.trim_end());
    let city = new_city("marks");
    let profile: Value = serde_json::from_str(
        &std::fs::read_to_string(city.join("profile.json")).unwrap_or_default(),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let mut strings = Vec::new();
    printed_strings(&profile, String::new(), &mut strings);
    assert!(strings.len() > 60, "{} texts", strings.len());
    for (pointer, text) in &strings {
        assert!(text.starts_with(MARK), "{pointer}: {text}");
        assert!(
            text.len() > MARK.len() + 10,
            "{pointer}: no guidance after the mark"
        );
    }
    assert_eq!(profile["city"]["id"], "nova-gorica");
    assert_eq!(profile["edition"]["date"], "2026-11-20");
    let keys: Vec<&String> = profile
        .as_object()
        .map(|o| o.keys().collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "sample_data",
            "city",
            "edition",
            "survey",
            "showcase",
            "references"
        ]
    );
}

#[test]
fn a_name_in_another_script_gets_a_placeholder_id_and_a_warning() {
    let city = scratch("cyrillic").join("city");
    let out = sscp(&[
        "new",
        path(&city),
        "--city",
        "Гродна",
        "--country",
        "Belarus",
    ]);
    assert!(out.status.success());
    assert!(
        text(&out.stderr).contains("so it is \"city\""),
        "{}",
        text(&out.stderr)
    );
    let profile = std::fs::read_to_string(city.join("profile.json")).unwrap_or_default();
    assert!(profile.contains("\"id\": \"city\""));
}
