//! Every folder under `fixtures/invalid/` is a city folder with known defects. `sscp build` (with
//! the flags in the case's `args.txt`, if any) must refuse each one with exit status 1, print
//! exactly the messages in its `expected.txt` (every problem, in one pass) and write no PDF.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const FIXTURES: &str = "fixtures/invalid";

/// The case folders, sorted by name, as paths relative to the crate root.
fn invalid_cases() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join(FIXTURES);
    let mut cases: Vec<String> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("cannot list {}: {e}", root.display()))
        .map(|entry| entry.expect("readable directory entry"))
        .filter(|entry| entry.file_type().map(|t| t.is_dir()).unwrap_or(false))
        .map(|entry| entry.file_name().to_string_lossy().into_owned())
        .collect();
    cases.sort();
    cases
}

/// Runs `sscp` with the crate root as the current folder, as the fixtures' paths expect.
fn sscp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sscp"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the sscp binary runs")
}

/// A fresh, empty folder under the system temp folder, unique to this process and case.
fn scratch_dir(case: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sscp-invalid-{}-{case}", std::process::id()));
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    dir
}

/// The first differing line of two texts, for a readable failure report.
fn first_difference(expected: &str, actual: &str) -> String {
    let (e, a): (Vec<&str>, Vec<&str>) = (expected.lines().collect(), actual.lines().collect());
    for i in 0..e.len().max(a.len()) {
        let (el, al) = (e.get(i), a.get(i));
        if el != al {
            return format!(
                "first difference at line {}:\n    expected: {}\n    actual:   {}",
                i + 1,
                el.map_or("<no line>".to_string(), |l| format!("{l:?}")),
                al.map_or("<no line>".to_string(), |l| format!("{l:?}")),
            );
        }
    }
    "the texts differ only in line endings or a final newline".to_string()
}

/// Checks one case; returns what is wrong with sscp's behaviour, if anything.
fn check_case(case: &str) -> Vec<String> {
    let dir = format!("{FIXTURES}/{case}");
    let expected_path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(&dir)
        .join("expected.txt");
    let expected = match fs::read_to_string(&expected_path) {
        Ok(text) => text,
        Err(e) => return vec![format!("cannot read {}: {e}", expected_path.display())],
    };
    // A case may need flags (e.g. --deny-warnings), one per line in args.txt.
    let extra = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join(&dir)
            .join("args.txt"),
    )
    .unwrap_or_default();
    let scratch = scratch_dir(case);
    let pdf = scratch.join("out.pdf");
    let mut args = vec![
        "build",
        &dir,
        "-o",
        pdf.to_str().expect("temp path is UTF-8"),
    ];
    args.extend(extra.lines().map(str::trim).filter(|l| !l.is_empty()));
    let output = sscp(&args);
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();

    let mut failures = Vec::new();
    if output.status.code() != Some(1) {
        failures.push(format!(
            "exit status is {:?}, expected 1",
            output.status.code()
        ));
    }
    if stderr.contains("panicked") {
        failures.push("sscp panicked".to_string());
    }
    if stderr != expected {
        failures.push(format!(
            "stderr differs from {dir}/expected.txt; {}\n--- expected ---\n{expected}--- actual ---\n{stderr}--- end ---",
            first_difference(&expected, &stderr)
        ));
    }
    if pdf.exists() {
        failures.push(format!("a PDF was written to {}", pdf.display()));
    }
    let _ = fs::remove_dir_all(&scratch);
    failures
}

#[test]
fn every_invalid_fixture_reports_its_exact_message() {
    let mut report = String::new();
    let cases = invalid_cases();
    for case in &cases {
        let failures = check_case(case);
        if !failures.is_empty() {
            report.push_str(&format!("\n== {FIXTURES}/{case}\n"));
            for failure in failures {
                report.push_str(&format!("- {failure}\n"));
            }
        }
    }
    assert!(
        report.is_empty(),
        "sscp build misbehaved on invalid fixtures ({} cases checked):{report}",
        cases.len()
    );
}

#[test]
fn invalid_fixture_set_is_not_empty() {
    let cases = invalid_cases();
    assert!(
        cases.len() >= 30,
        "expected at least 30 cases in {FIXTURES}, found {}: {cases:?}",
        cases.len()
    );
}

#[test]
fn validate_reports_every_problem_in_one_pass() {
    let output = sscp(&["validate", &format!("{FIXTURES}/many-problems")]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    let errors = stderr.lines().filter(|l| l.starts_with("error:")).count();
    assert_eq!(
        output.status.code(),
        Some(1),
        "sscp validate should exit 1; stderr:\n{stderr}"
    );
    assert!(
        errors >= 3,
        "expected at least 3 \"error:\" lines from one run, found {errors}; stderr:\n{stderr}"
    );
    assert!(
        stderr.contains("profile.json") && stderr.contains("kpis.csv"),
        "problems in both files should be reported together; stderr:\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "sscp panicked; stderr:\n{stderr}"
    );
}

#[test]
fn unknown_subcommand_is_a_usage_error() {
    let output = sscp(&["frobnicate"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(2),
        "an unknown subcommand should exit 2; stderr:\n{stderr}"
    );
    assert!(
        !stderr.contains("panicked"),
        "sscp panicked; stderr:\n{stderr}"
    );
}
