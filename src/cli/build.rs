//! `sscp build`: one city folder into its PDF, the scored results beside it and, for the
//! draft that is shared, its history snapshot. `batch` and `watch` build each city this way.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use super::args::Report;
use super::report::{Findings, finish};

/// `sscp build`, with the command's arguments.
pub fn run(
    city_dir: &Path,
    output: Option<PathBuf>,
    options: sscp::Options,
    force: bool,
    report: Report,
) -> ExitCode {
    let result = build(city_dir, output, options, History::Record { force });
    finish("build", report.format, result)
}

/// Whether a build records its history snapshot.
#[derive(Clone, Copy)]
pub enum History {
    /// `build`: record the edition; `force` replaces a snapshot from other inputs.
    Record { force: bool },
    /// `watch`: every save would be a snapshot; only `build` records.
    Skip,
}

/// Builds one city folder and writes what it built: the PDF (and the printer's), the scored
/// results beside it, and the history snapshot when `history` says so. What it did and what
/// it found are in the findings; nothing is written for a build that is refused.
pub fn build(
    city_dir: &Path,
    output: Option<PathBuf>,
    options: sscp::Options,
    history: History,
) -> Findings {
    let started = Instant::now();
    let mut findings = Findings::default();
    // A draft that is recorded is a draft that is shared: its review map goes with it.
    let options = sscp::Options {
        review_map: matches!(history, History::Record { .. }),
        ..options
    };
    let city = match sscp::load(city_dir) {
        Ok(city) => city,
        Err(e) => return Findings::failed(e.into()),
    };
    // Warnings are shown whatever happens next, unless they are what fails the build.
    if !options.deny_warnings {
        findings.problems = city.warnings.clone();
    }
    // The history snapshot is compared with this build's inputs (reading the snapshot folder and
    // hashing the inputs: megabytes with a city's pictures) while the profile is typeset. What
    // it finds is reported as before, after a build that succeeded.
    let pending = match history {
        History::Record { force } => Some(sscp::round::history::Pending::of(&city, force)),
        History::Skip => None,
    };
    let (built, compared) = std::thread::scope(|scope| {
        let compared = pending.map(|pending| {
            scope.spawn(move || pending.and_then(sscp::round::history::Pending::compare))
        });
        let built = sscp::build_city(city, started.elapsed(), options);
        let compared = compared.map(|thread| {
            thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (built, compared)
    });
    let build = match built {
        Ok(build) => build,
        Err(e) => {
            // Problems found on the laid-out pages come with the city's warnings.
            if matches!(e, sscp::Error::Input(_)) {
                findings.problems.clear();
            }
            findings.error = Some(e);
            return findings;
        }
    };
    findings.template_warnings = build.warnings.clone();
    if !options.deny_warnings {
        findings
            .problems
            .extend(build.picture_warnings.iter().cloned());
    } else if !build.picture_warnings.is_empty() {
        let denied = sscp::input::InputErrors(build.picture_warnings.clone());
        findings.error = Some(sscp::Error::WarningsDenied(denied));
        return findings;
    }
    // Checked before anything is written: a refused build leaves the shared draft alone. A
    // profile that does not fit is no edition to record.
    let snapshot = match compared {
        Some(compared) if build.overflows.is_empty() => match compared {
            Ok(snapshot) => Some(snapshot),
            Err(e) => {
                findings.error = Some(e.into());
                return findings;
            }
        },
        _ => None,
    };
    let out = output.unwrap_or_else(|| sscp::default_output(city_dir, &build.city));
    let write = Instant::now();
    if let Err(source) = sscp::write_atomically(&out, &build.pdf) {
        findings.error = Some(sscp::Error::Write { path: out, source });
        return findings;
    }
    // The scored results beside the PDF, the same bytes as attached to it.
    let tables = [
        sscp::kpi::files::results_csv(&build.results),
        sscp::kpi::files::results_json(&build.results),
    ];
    for (path, bytes) in sscp::results_paths(&out).iter().zip(&tables) {
        if let Err(source) = sscp::write_atomically(path, bytes) {
            findings.error = Some(sscp::Error::Write {
                path: path.clone(),
                source,
            });
            return findings;
        }
    }
    let write = write.elapsed();
    findings
        .facts
        .insert("output".into(), out.display().to_string().into());
    findings.facts.insert("pages".into(), build.pages.into());
    let edition = &build.city.profile.edition;
    let edition = match (edition.status, edition.draft) {
        (sscp::model::Status::Final, _) => "final".to_string(),
        (_, Some(n)) => format!("draft {n}"),
        (_, None) => "draft".to_string(),
    };
    findings.facts.insert("edition".into(), edition.into());
    findings.done.push(format!(
        "wrote {} ({} pages, {} KiB)",
        out.display(),
        build.pages,
        build.pdf.len().div_ceil(1024)
    ));
    let [csv, json] = sscp::results_paths(&out);
    findings.done.push(format!(
        "wrote the scored KPI results beside it: {} and {}",
        csv.display(),
        json.display()
    ));
    findings.facts.insert(
        "results".into(),
        serde_json::json!([csv.display().to_string(), json.display().to_string()]),
    );
    if let Some(html) = &build.html {
        let path = sscp::html_path(&out);
        if let Err(source) = sscp::write_atomically(&path, html) {
            findings.error = Some(sscp::Error::Write { path, source });
            return findings;
        }
        findings.done.push(format!(
            "wrote {} (the web edition, {} KiB)",
            path.display(),
            html.len().div_ceil(1024)
        ));
        findings
            .facts
            .insert("html".into(), path.display().to_string().into());
    }
    if let Some(print) = &build.print_pdf {
        let path = sscp::print_path(&out);
        if let Err(source) = sscp::write_atomically(&path, print) {
            findings.error = Some(sscp::Error::Write { path, source });
            return findings;
        }
        findings.done.push(format!(
            "wrote {} (for the printer: 3 mm bleed, crop marks, {} KiB)",
            path.display(),
            print.len().div_ceil(1024)
        ));
        findings
            .facts
            .insert("print".into(), path.display().to_string().into());
    }
    for (stage, took) in build.timings.iter().chain([&("write", write)]) {
        findings.done.push(format!(
            "  {stage:<16} {:>8.1} ms",
            took.as_secs_f64() * 1000.0
        ));
        if *stage == "typeset" {
            let each: Vec<String> = build
                .layouts
                .iter()
                .map(|t| format!("{:.0}", t.as_secs_f64() * 1000.0))
                .collect();
            findings.done.push(format!(
                "    {} layouts of the page plan: {} ms; the one kept finished in {:.0} ms",
                each.len(),
                each.join(", "),
                build.finishing.as_secs_f64() * 1000.0
            ));
        }
    }
    findings.done.push(format!(
        "  {:<16} {:>8.1} ms",
        "total",
        started.elapsed().as_secs_f64() * 1000.0
    ));
    if let Some(snapshot) = snapshot {
        let dir = snapshot.dir.clone();
        match snapshot.record_with_map(&build.pdf, build.review_map.as_deref()) {
            Ok(recorded) => {
                use sscp::round::history::Recorded;
                let what = match recorded {
                    Recorded::New => "recorded the inputs, the PDF and their SHA-256 sums in",
                    Recorded::Unchanged => "history unchanged: the same inputs are recorded in",
                    Recorded::KeptEarlierPdf => {
                        "history unchanged (this PDF differs from the recorded one, which is kept as shared: another sscp version or template?):"
                    }
                    Recorded::Replaced => "replaced (--force) the earlier snapshot in",
                };
                findings.done.push(format!("{what} {}", dir.display()));
                findings
                    .facts
                    .insert("history".into(), dir.display().to_string().into());
            }
            Err(e) => findings.error = Some(e.into()),
        }
    }
    if !build.overflows.is_empty() {
        findings.error = Some(sscp::typeset::TypesetError::Overflow(build.overflows).into());
    }
    findings
}
