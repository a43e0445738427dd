//! What every command reports, and how: the findings of `build` and `validate`, printed for
//! people (stdout and stderr) or as one JSON document for tools, and the exit status (0
//! success, 1 problems in the city's data or the build).

use std::process::ExitCode;

use super::args::Format;

/// The exit status of a command that returns a result: its error, if any, on stderr.
pub fn exit(result: Result<(), sscp::Error>) -> ExitCode {
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", error_text(&error));
            ExitCode::from(1)
        }
    }
}

/// An error as printed on stderr: input problems as their own lines, anything else after
/// "error: ".
pub fn error_text(error: &sscp::Error) -> String {
    match error {
        // Input problems print one "error: ..." line each, with their own summary line.
        sscp::Error::Input(_)
        | sscp::Error::WarningsDenied(_)
        | sscp::Error::Survey(sscp::survey::ImportError::Problems(_)) => error.to_string(),
        other => format!("error: {other}"),
    }
}

/// What `build` and `validate` found, for the final report.
#[derive(Default)]
pub struct Findings {
    /// What stopped the command, if anything.
    pub error: Option<sscp::Error>,
    /// Problems in the city's data (warnings when the command succeeded).
    pub problems: Vec<sscp::input::Problem>,
    /// Template warnings from typesetting.
    pub template_warnings: Vec<String>,
    /// Facts for the JSON report (`"output"`, `"pages"`, ...).
    pub facts: serde_json::Map<String, serde_json::Value>,
    /// What was done, for people: printed on stdout in the text format.
    pub done: Vec<String>,
}

impl Findings {
    /// The findings of a command that `error` stopped.
    pub fn failed(error: sscp::Error) -> Self {
        Findings {
            error: Some(error),
            ..Findings::default()
        }
    }
}

/// The JSON report of one command's findings: `ok`, counts, the facts, every diagnostic.
pub fn json_report(
    command: &str,
    findings: Findings,
    error: Option<&sscp::Error>,
) -> serde_json::Map<String, serde_json::Value> {
    let ok = error.is_none();
    let mut problems: Vec<&sscp::input::Problem> = findings.problems.iter().collect();
    if let Some(sscp::Error::Input(e) | sscp::Error::WarningsDenied(e)) = error {
        problems.extend(&e.0);
    }
    let mut diagnostics: Vec<serde_json::Value> = problems.iter().map(|p| p.to_json()).collect();
    for warning in &findings.template_warnings {
        diagnostics.push(serde_json::json!({ "severity": "warning", "message": warning }));
    }
    match error {
        None | Some(sscp::Error::Input(_) | sscp::Error::WarningsDenied(_)) => {}
        // One diagnostic per section that does not fit, with the fields to shorten.
        Some(sscp::Error::Typeset(sscp::typeset::TypesetError::Overflow(overflows))) => {
            for o in overflows {
                diagnostics.push(serde_json::json!({
                    "severity": "error",
                    "message": format!("\"{}\" (page {}) does not fit: about {} lines or {} characters too long", o.title, o.pages, o.lines, o.chars),
                    "pointers": o.fields,
                    "cuts": o.cuts,
                    "fix": if o.cuts.iter().any(|c| c.fits) {
                        "shorten one of these fields by the characters its cut gives: each was tried, and the profile then fits"
                    } else {
                        "shorten these fields by about that much"
                    },
                }));
            }
        }
        Some(other) => {
            diagnostics
                .push(serde_json::json!({ "severity": "error", "message": other.to_string() }));
        }
    }
    let count = |s: &str| diagnostics.iter().filter(|d| d["severity"] == s).count();
    let mut report = serde_json::Map::new();
    report.insert("command".into(), command.into());
    report.insert("ok".into(), ok.into());
    report.insert("errors".into(), count("error").into());
    report.insert("warnings".into(), count("warning").into());
    report.extend(findings.facts);
    report.insert("diagnostics".into(), diagnostics.into());
    report
}

/// Prints the outcome in the chosen format and gives the exit status.
pub fn finish(command: &str, format: Format, mut findings: Findings) -> ExitCode {
    let error = findings.error.take();
    let ok = error.is_none();
    match format {
        Format::Text => {
            for line in &findings.done {
                say!("{line}");
            }
            for problem in &findings.problems {
                eprintln!("{problem}");
            }
            if let Some(error) = &error {
                eprintln!("{}", error_text(error));
            }
            for warning in &findings.template_warnings {
                eprintln!("warning: {warning}");
            }
        }
        Format::Json => {
            let report = json_report(command, findings, error.as_ref());
            let text = serde_json::to_string_pretty(&serde_json::Value::Object(report))
                .unwrap_or_else(|e| format!("{{\"ok\": false, \"error\": \"{e}\"}}"));
            say!("{text}");
        }
    }
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Prints warnings that are plain sentences (from `new` and `import-survey`).
pub fn warn(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}
