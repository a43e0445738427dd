//! How problems in a city's data are reported and how hostile files are handled: JSON output
//! for tools, warnings that fail on request, the fit estimate against a real overflow, files
//! refused for size or for leading outside the city folder, spreadsheet CSV dialects, and a
//! failed build that leaves the previous PDF alone.

mod common;
use common::{copy_city, read_profile, sscp, temp_dir, write_profile};

use std::fs;

#[test]
fn format_json_gives_every_problem_with_its_place() {
    let run = sscp(&[
        "validate",
        "fixtures/invalid/many-problems",
        "--format",
        "json",
    ]);
    assert_eq!(run.status.code(), Some(1));
    assert!(
        run.stderr.is_empty(),
        "JSON mode keeps stderr quiet: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("stdout is JSON");
    assert_eq!(report["command"], "validate");
    assert_eq!(report["ok"], false);
    assert_eq!(report["errors"], 5);
    assert_eq!(report["warnings"], 1);
    let diagnostics = report["diagnostics"].as_array().unwrap();
    assert_eq!(diagnostics.len(), 6);
    let first = &diagnostics[0];
    assert_eq!(first["severity"], "error");
    assert_eq!(first["file"], "fixtures/invalid/many-problems/profile.json");
    assert_eq!(first["pointer"], "/city/population_year");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(8), Some(5))
    );
    assert_eq!(first["value"], "\"2024\"");
    let code = diagnostics
        .iter()
        .find(|d| d["csv_column"] == "code")
        .expect("the unknown code is reported");
    assert_eq!(code["row"], 8);
    assert_eq!(code["value"], "\"EC: ICT: ICT: 9C\"");
    assert!(
        code["fix"]
            .as_str()
            .unwrap()
            .starts_with("did you mean \"EC: ICT: ICT: 1C\"")
    );
}

#[test]
fn format_json_reports_a_successful_build() {
    // A copy: a CLI build records the draft's history in the city folder.
    let dir = copy_city("fixtures/ardenvale", "json-build");
    let out = dir.join("out.pdf");
    let run = sscp(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("stdout is JSON");
    assert_eq!(report["ok"], true);
    assert_eq!(report["pages"], 12);
    assert_eq!(report["errors"], 0);
    assert_eq!(report["output"], out.to_str().unwrap());
    assert!(out.exists());
}

#[test]
fn deny_warnings_turns_warnings_into_failure() {
    let plain = sscp(&["validate", "fixtures/minimal"]);
    assert_eq!(plain.status.code(), Some(0));
    let stderr = String::from_utf8(plain.stderr).unwrap();
    assert!(
        stderr.starts_with(
            "warning: fixtures/minimal/kpis.csv: 88 of the 91 KPIs have no row in kpis.csv"
        ),
        "{stderr}"
    );

    let denied = sscp(&["validate", "fixtures/minimal", "--deny-warnings"]);
    assert_eq!(denied.status.code(), Some(1));
    let stderr = String::from_utf8(denied.stderr).unwrap();
    assert!(
        stderr.ends_with(
            "1 warning found in the city's data\n\
             error: warnings are denied (--deny-warnings): fix them, or build without the flag\n"
        ),
        "{stderr}"
    );

    let dir = temp_dir("deny-build");
    let out = dir.join("out.pdf");
    let build = sscp(&[
        "build",
        "fixtures/minimal",
        "-o",
        out.to_str().unwrap(),
        "--deny-warnings",
    ]);
    assert_eq!(build.status.code(), Some(1));
    assert!(!out.exists(), "a build failed on warnings writes no PDF");
}

#[test]
fn a_failed_build_leaves_the_previous_pdf_in_place() {
    let dir = copy_city("fixtures/minimal", "atomic");
    let out = dir.join("shared.pdf");
    let first = sscp(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(first.status.code(), Some(0));
    let good = fs::read(&out).unwrap();

    let mut profile = read_profile(&dir);
    let sentence =
        "The river port, the railway and the university shape the city and its daily life. ";
    profile["survey"]["context"] = sentence.repeat(120).trim().into();
    write_profile(&dir, &profile);
    let second = sscp(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(second.status.code(), Some(1));
    assert_eq!(fs::read(&out).unwrap(), good, "the shared PDF is untouched");
    let leftovers: Vec<_> = fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("partial"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn oversized_and_outside_files_are_refused() {
    let dir = copy_city("fixtures/minimal", "limits");
    // A 6 MB kpis.csv: refused before it is read.
    let mut big = fs::read_to_string(dir.join("kpis.csv")).unwrap();
    while big.len() < 6_000_000 {
        big.push_str(
            "EC: ICT: ICT: 1C,,91.4,%,2024,100,higher,,yes,survey,padding padding padding\n",
        );
    }
    fs::write(dir.join("kpis.csv"), big).unwrap();
    let error = sscp::load(&dir).unwrap_err().to_string();
    assert!(
        error.contains("kpis.csv: the file is 6.0 MB, larger than the 5 MB sscp accepts"),
        "{error}"
    );

    // profile.json as a link to a file outside the folder.
    let outside = temp_dir("limits-outside");
    fs::copy(dir.join("profile.json"), outside.join("profile.json")).unwrap();
    fs::remove_file(dir.join("profile.json")).unwrap();
    std::os::unix::fs::symlink(outside.join("profile.json"), dir.join("profile.json")).unwrap();
    let error = sscp::load(&dir).unwrap_err().to_string();
    assert!(
        error.contains(&format!(
            "{}: {} is a link to a file outside the city folder",
            dir.join("profile.json").display(),
            dir.join("profile.json").display()
        )),
        "{error}"
    );
}

/// A spreadsheet in a decimal-comma locale saves `;`-separated CSV, often with a byte order mark
/// and CRLF line ends; it reads as the same data.
#[test]
fn spreadsheet_csv_dialects_read_as_the_same_data() {
    let dir = copy_city("fixtures/minimal", "dialects");
    let plain = sscp::validate(&dir).unwrap_or_else(|e| panic!("{e}")).1;

    let csv = fs::read_to_string(dir.join("kpis.csv")).unwrap();
    let european = csv
        .lines()
        .map(|line| {
            line.split(',')
                .map(|cell| {
                    if cell.parse::<f64>().is_ok() {
                        cell.replace('.', ",")
                    } else {
                        cell.to_string()
                    }
                })
                .collect::<Vec<_>>()
                .join(";")
        })
        .collect::<Vec<_>>()
        .join("\r\n");
    fs::write(dir.join("kpis.csv"), format!("\u{feff}{european}\r\n")).unwrap();
    let profile = fs::read_to_string(dir.join("profile.json")).unwrap();
    fs::write(
        dir.join("profile.json"),
        format!("\u{feff}{}", profile.replace('\n', "\r\n")),
    )
    .unwrap();

    let read = sscp::validate(&dir).unwrap_or_else(|e| panic!("{e}")).1;
    assert_eq!(
        serde_json::to_value(&read.rows).unwrap(),
        serde_json::to_value(&plain.rows).unwrap()
    );
}

#[test]
fn format_json_names_the_fields_of_a_profile_that_does_not_fit() {
    let dir = copy_city("fixtures/ardenvale", "json-overflow");
    let mut profile = read_profile(&dir);
    let context = profile["survey"]["context"].as_str().unwrap().to_string();
    profile["survey"]["context"] = [context.as_str(); 5].join("\n\n").into();
    write_profile(&dir, &profile);
    let out = dir.join("out.pdf");
    let run = sscp(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(run.status.code(), Some(1));
    let report: serde_json::Value = serde_json::from_slice(&run.stdout).expect("stdout is JSON");
    assert_eq!(report["errors"].as_u64(), Some(1), "{report}");
    let overflow = report["diagnostics"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    assert_eq!(overflow["severity"], "error");
    // The context, five times as long, is the one field with that much to give up: the cut
    // of each field was tried, and only the context's makes the profile fit.
    assert_eq!(overflow["pointers"], serde_json::json!(["/survey/context"]));
    let cuts = overflow["cuts"].as_array().unwrap();
    let context = cuts
        .iter()
        .find(|c| c["field"] == "/survey/context")
        .unwrap();
    assert_eq!(context["fits"], true);
    assert!(context["chars"].as_u64().unwrap() > 5_000, "{context}");
    assert!(
        cuts.iter()
            .filter(|c| c["field"] != "/survey/context")
            .all(|c| c["fits"] == false)
    );
    assert!(!out.exists());
}
