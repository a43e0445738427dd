//! `sscp validate`: every check `build` makes, writing nothing.

use std::path::Path;

use super::args::{Format, Report};
use super::report::Findings;

/// Reads, scores and lays out a city folder as `build` does, and reports what it found.
pub fn validate(city_dir: &Path, report: Report) -> Findings {
    let (city, results) = match sscp::validate(city_dir) {
        Ok(read) => read,
        Err(e) => return Findings::failed(e),
    };
    if report.deny_warnings && !city.warnings.is_empty() {
        let denied = sscp::input::InputErrors(city.warnings);
        return Findings::failed(sscp::Error::WarningsDenied(denied));
    }
    let scored = results.count(|r| matches!(r.outcome, sscp::kpi::Outcome::Scored { .. }));
    // The pages are laid out and checked as build checks them (plan, PDF/A, print), and
    // nothing is written.
    let options = sscp::Options {
        deny_warnings: report.deny_warnings,
        ..sscp::Options::default()
    };
    let warnings = city.warnings.clone();
    let built = match sscp::build_city(city, std::time::Duration::ZERO, options) {
        Ok(built) => built,
        Err(e) => {
            let input = matches!(e, sscp::Error::Input(_));
            let mut findings = Findings::failed(e);
            if !input {
                findings.problems = warnings;
            }
            return findings;
        }
    };
    if report.deny_warnings && !built.picture_warnings.is_empty() {
        let denied = sscp::input::InputErrors(built.picture_warnings);
        return Findings::failed(sscp::Error::WarningsDenied(denied));
    }
    let mut problems = warnings;
    problems.extend(built.picture_warnings);
    let mut findings = Findings {
        problems,
        template_warnings: built.warnings,
        ..Findings::default()
    };
    findings
        .facts
        .insert("kpi_results".into(), results.rows.len().into());
    findings.facts.insert("scored".into(), scored.into());
    if report.format == Format::Text {
        let warnings = findings.problems.len();
        let noted = if warnings == 0 {
            "no problems found".to_string()
        } else {
            sscp::input::summary(0, warnings).replace(" in the city's data", "")
        };
        say!(
            "{}: {noted} ({} KPI results, {scored} scored against a benchmark)",
            city_dir.display(),
            results.rows.len()
        );
    }
    findings
}
