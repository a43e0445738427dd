//! `sscp batch`: many city folders built in one process, `jobs` at a time, each exactly as
//! `build` builds it; one city's failure does not stop the others. The worker pool is in
//! [`pool`], the progress display in [`progress`].

mod pool;
mod progress;

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use super::args::Format;
use super::build::{History, build};
use super::report::{Findings, error_text, json_report};
use pool::{guarded, run_jobs};
use progress::Progress;

/// How many cities' worth of Typst's caches a batch keeps: after each city, what no build has
/// used for this many cities is dropped, so memory stays flat however many cities follow.
/// Cities that share parts (the same KPI results, pictures or paragraphs) reuse them within
/// this window; a city's own plan layouts, which no other city reuses, are dropped soon.
/// Measured on 50 distinct cities, two at a time: age 10 (what `watch` keeps) peaked at about
/// 1 GB, 5 at 680 MiB, 1 at 510 MiB for 15 % more time.
const BATCH_CACHE_AGE: usize = 5;

/// One city of a batch: its folder, what its build found, and how long it took.
struct Built {
    dir: PathBuf,
    findings: Findings,
    took: Duration,
}

/// `sscp batch`: builds each city folder as `build` does, `jobs` at a time (see [`run_jobs`];
/// the fonts, the parsed template and Typst's library are shared by the process). A panic is
/// caught at the city's boundary and reported as that city's failure.
pub fn batch(
    mut dirs: Vec<PathBuf>,
    all: Option<&Path>,
    jobs: Option<usize>,
    options: sscp::Options,
    format: Format,
) -> ExitCode {
    if let Some(parent) = all {
        match std::fs::read_dir(parent) {
            Ok(entries) => {
                let mut found: Vec<PathBuf> = entries
                    .flatten()
                    .map(|e| e.path())
                    .filter(|p| p.join("profile.json").is_file())
                    .collect();
                found.sort();
                dirs.extend(found);
            }
            Err(e) => {
                eprintln!(
                    "error: {}: cannot list its folders: {e}\n  fix: give --all the folder that holds the city folders",
                    parent.display()
                );
                return ExitCode::from(2);
            }
        }
    }
    if dirs.is_empty() {
        eprintln!(
            "error: no city folders to build\n  fix: name them (sscp batch fixtures/ardenvale fixtures/lindmoor) or give --all <PARENT_DIR>; a city folder holds a profile.json"
        );
        return ExitCode::from(2);
    }
    let jobs = jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, dirs.len());
    let started = Instant::now();
    let progress = Progress::new(dirs.len(), format);
    let built = run_jobs(&dirs, jobs, |dir| {
        let clock = Instant::now();
        let findings = guarded(|| build(dir, None, options, History::Record { force: false }));
        let took = clock.elapsed();
        sscp::typeset::evict_caches(BATCH_CACHE_AGE);
        progress.finished(dir, findings.error.is_none(), took);
        Built {
            dir: dir.clone(),
            findings,
            took,
        }
    });
    progress.done();
    let total = built.len();
    let failed = built.iter().filter(|b| b.findings.error.is_some()).count();
    match format {
        Format::Text => batch_text(&built, started.elapsed()),
        Format::Json => {
            let cities: Vec<serde_json::Value> = built
                .into_iter()
                .map(|mut b| {
                    let error = b.findings.error.take();
                    let mut report = json_report("build", b.findings, error.as_ref());
                    report.remove("command");
                    let mut city = serde_json::Map::new();
                    city.insert("city".into(), b.dir.display().to_string().into());
                    city.insert(
                        "time_ms".into(),
                        ((b.took.as_secs_f64() * 1000.0).round() as u64).into(),
                    );
                    city.extend(report);
                    serde_json::Value::Object(city)
                })
                .collect();
            let summary = serde_json::json!({
                "command": "batch",
                "ok": failed == 0,
                "built": total - failed,
                "failed": failed,
                "time_ms": (started.elapsed().as_secs_f64() * 1000.0).round() as u64,
                "cities": cities,
            });
            say!(
                "{}",
                serde_json::to_string_pretty(&summary).unwrap_or_default()
            );
        }
    }
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// A batch for people: each city's problems on stderr, then the summary table on stdout.
fn batch_text(built: &[Built], took: Duration) {
    for b in built {
        for problem in &b.findings.problems {
            eprintln!("{problem}");
        }
        if let Some(error) = &b.findings.error {
            eprintln!("{}: {}", b.dir.display(), error_text(error));
        }
        for warning in &b.findings.template_warnings {
            eprintln!("warning: {}: {warning}", b.dir.display());
        }
    }
    let fact = |b: &Built, key: &str| match b.findings.facts.get(key) {
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
        None => "–".to_string(),
    };
    let rows: Vec<[String; 6]> = built
        .iter()
        .map(|b| {
            let warnings = b.findings.problems.len() + b.findings.template_warnings.len();
            let output = if b.findings.error.is_some() {
                "FAILED".to_string()
            } else {
                fact(b, "output")
            };
            [
                b.dir.display().to_string(),
                fact(b, "edition"),
                fact(b, "pages"),
                warnings.to_string(),
                format!("{:.2} s", b.took.as_secs_f64()),
                output,
            ]
        })
        .collect();
    let head = ["city", "edition", "pages", "warnings", "time", "output"].map(String::from);
    let mut widths = head.clone().map(|h| h.chars().count());
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    for row in std::iter::once(&head).chain(&rows) {
        let cells: Vec<String> = row
            .iter()
            .zip(widths)
            .map(|(cell, w)| format!("{cell:<w$}"))
            .collect();
        say!("{}", cells.join("  ").trim_end());
    }
    let failed = built.iter().filter(|b| b.findings.error.is_some()).count();
    say!(
        "{} of {} cities built in {:.1} s{}",
        built.len() - failed,
        built.len(),
        took.as_secs_f64(),
        if failed > 0 {
            format!("; {failed} failed")
        } else {
            String::new()
        }
    );
}
