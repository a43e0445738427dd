//! The `sscp` command line: parse arguments, call the library, print, set the exit status
//! (0 success, 1 problems in the city's data or the build, 2 usage errors).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use clap::{Parser, Subcommand, ValueEnum};

use sscp::kpi::Catalogue;
use sscp::model::Date;

#[derive(Parser)]
#[command(
    name = "sscp",
    version,
    about = "Builds UNECE Smart Sustainable City Profiles (12-page A4 PDF) from a city folder"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the profile PDF of a city folder.
    Build {
        /// The city folder (profile.json, kpis.csv, images/).
        city_dir: PathBuf,
        /// Where to write the PDF [default: <CITY_DIR>/out/<city>-draft-<n>.pdf or -final.pdf].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// Write the PDF even when sections run past their pages, to see where (still exits 1).
        #[arg(long)]
        keep_overflowing: bool,
        /// No change bars beside what changed since the previous draft.
        #[arg(long)]
        no_change_bars: bool,
        /// Replace this draft's history snapshot even though its inputs changed since it was
        /// recorded (shared); without it such a build is refused.
        #[arg(long)]
        force: bool,
        /// Also write the printer's PDF beside the screen one (<name>-print.pdf): 3 mm bleed,
        /// crop marks, TrimBox and BleedBox.
        #[arg(long)]
        print: bool,
        #[command(flatten)]
        report: Report,
    },
    /// Build many city folders in one process, in parallel, each exactly as `build` does
    /// (default output, history snapshot, refusals); one city's failure does not stop the
    /// others. Ends with a summary: city, edition, pages, warnings, time, output.
    Batch {
        /// City folders to build.
        city_dirs: Vec<PathBuf>,
        /// Also build every subfolder of this folder that holds a profile.json.
        #[arg(long, value_name = "PARENT_DIR")]
        all: Option<PathBuf>,
        /// How many cities to build at once [default: the number of cores].
        #[arg(short, long)]
        jobs: Option<usize>,
        /// As for build.
        #[arg(long)]
        no_change_bars: bool,
        /// As for build: also write each printer's PDF.
        #[arg(long)]
        print: bool,
        #[command(flatten)]
        report: Report,
    },
    /// Rebuild the PDF on every saved change to the city's files, until Ctrl-C. Records no
    /// history snapshot: `build` records the draft that is shared.
    Watch {
        city_dir: PathBuf,
        /// Where to write the PDF [default: as for build].
        #[arg(short, long)]
        output: Option<PathBuf>,
    },
    /// Check a city folder as `build` would (the data, the page plan, the PDF/A and print
    /// checks), without writing anything.
    Validate {
        city_dir: PathBuf,
        #[command(flatten)]
        report: Report,
    },
    /// List the U4SSC KPI catalogue.
    Kpis,
    /// Make a new city folder that validates and builds, with guidance text to replace.
    New {
        /// The folder to create; it must not exist yet or be empty.
        city_dir: PathBuf,
        /// The city's English name, as on the cover.
        #[arg(long)]
        city: String,
        #[arg(long)]
        country: String,
        /// The edition date, YYYY-MM-DD [default: today].
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
    },
    /// Read a city's answers from a SurveyMonkey export (CSV or XLSX) into its profile.json.
    ImportSurvey {
        /// The export file, .csv or .xlsx.
        #[arg(required_unless_present = "print_map")]
        export: Option<PathBuf>,
        /// The city folder; made from the `sscp new` skeleton when it has no profile.json.
        #[arg(short, long, required_unless_present = "print_map")]
        output: Option<PathBuf>,
        /// Which respondent to import: a Respondent ID, or a position counting from 1.
        #[arg(long)]
        respondent: Option<String>,
        /// The survey map to use [default: <CITY_DIR>/survey-map.json, else the built-in map].
        #[arg(long)]
        map: Option<PathBuf>,
        /// The city's name, for a new folder when the survey does not give it.
        #[arg(long)]
        city: Option<String>,
        /// The country, for a new folder when the survey does not give it.
        #[arg(long)]
        country: Option<String>,
        /// The edition date of a new folder, YYYY-MM-DD [default: today].
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
        /// Print the built-in survey map (to save as survey-map.json and edit) and stop.
        #[arg(long, exclusive = true)]
        print_map: bool,
    },
    /// Show what changed between two drafts: text word by word, KPIs, scores, items.
    Diff {
        city_dir: PathBuf,
        /// The earlier draft's number (its inputs are in history/draft-<n>/).
        #[arg(long)]
        from: u32,
        /// The later draft's number [default: the draft the city folder is at now].
        #[arg(long)]
        to: Option<u32>,
        /// Also write the change log as a PDF.
        #[arg(long, value_name = "OUT.pdf")]
        pdf: Option<PathBuf>,
    },
    /// Build the resolution report on the comments (comments.json or comments.csv): a
    /// separate A4 PDF with each comment, its resolution and what changed since its draft.
    Comments {
        /// The city folder, with its comments file and history/draft-<n>/ snapshots.
        city_dir: PathBuf,
        /// Where to write the PDF [default: <CITY_DIR>/out/<city>-comments-draft-<n>.pdf, n the
        /// latest draft commented on].
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// `pdf` writes the report; `json` prints what it shows (each comment, its resolution
        /// and response, what changed since its draft) on standard output instead.
        #[arg(long, value_enum, default_value_t = CommentsFormat::Pdf)]
        format: CommentsFormat,
    },
    /// Print the scored KPI results of a city folder (as build writes them beside the PDF and
    /// attaches them to it).
    Results {
        city_dir: PathBuf,
        /// `csv` (one row per KPI or data point) or `json` (the same fields).
        #[arg(long, value_enum, default_value_t = ResultsFormat::Csv)]
        format: ResultsFormat,
    },
    /// Write the Typst project a build compiles, for work with the stock Typst CLI.
    Bundle {
        city_dir: PathBuf,
        /// The folder to write the project into.
        #[arg(short, long)]
        output: PathBuf,
    },
}

/// How problems in the city's data are treated and shown.
#[derive(clap::Args, Clone, Copy)]
struct Report {
    /// Fail on warnings as on errors.
    #[arg(long)]
    deny_warnings: bool,
    /// `text` for people (problems on stderr), `json` for tools (one JSON document on stdout).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
}

#[derive(ValueEnum, Clone, Copy, PartialEq, Eq)]
enum CommentsFormat {
    Pdf,
    Json,
}

#[derive(ValueEnum, Clone, Copy, PartialEq, Eq)]
enum ResultsFormat {
    Csv,
    Json,
}

#[derive(ValueEnum, Clone, Copy, PartialEq, Eq)]
enum Format {
    Text,
    Json,
}

/// Prints a line on stdout. A reader that has gone away (`sscp kpis | head`) is not an error
/// worth a message; anything else is reported on stderr.
macro_rules! say {
    ($($arg:tt)*) => {
        if let Err(e) = writeln!(std::io::stdout().lock(), $($arg)*) {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("error: cannot write to standard output: {e}");
            }
        }
    };
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Build {
            city_dir,
            output,
            keep_overflowing,
            no_change_bars,
            force,
            print,
            report,
        } => {
            let options = sscp::Options {
                keep_overflowing,
                deny_warnings: report.deny_warnings,
                no_change_bars,
                print,
            };
            let result = build(&city_dir, output, options, History::Record { force });
            return finish("build", report.format, result);
        }
        Command::Batch {
            city_dirs,
            all,
            jobs,
            no_change_bars,
            print,
            report,
        } => {
            let options = sscp::Options {
                deny_warnings: report.deny_warnings,
                no_change_bars,
                print,
                ..Default::default()
            };
            return batch(city_dirs, all.as_deref(), jobs, options, report.format);
        }
        Command::Watch { city_dir, output } => watch(&city_dir, output),
        Command::Validate { city_dir, report } => {
            let result = validate(&city_dir, report);
            return finish("validate", report.format, result);
        }
        Command::Kpis => {
            kpis();
            Ok(())
        }
        Command::Comments {
            city_dir,
            output,
            format,
        } => comments(&city_dir, output, format),
        Command::Bundle { city_dir, output } => bundle(&city_dir, &output),
        Command::Results { city_dir, format } => results(&city_dir, format),
        Command::Diff {
            city_dir,
            from,
            to,
            pdf,
        } => diff(&city_dir, from, to, pdf.as_deref()),
        Command::New {
            city_dir,
            city,
            country,
            date,
        } => new(&city_dir, &city, &country, date),
        Command::ImportSurvey {
            export,
            output,
            respondent,
            map,
            city,
            country,
            date,
            print_map,
        } => {
            if print_map {
                say!("{}", sscp::survey::DEFAULT_MAP.trim_end());
                Ok(())
            } else {
                import_survey(&sscp::survey::ImportOptions {
                    export: export.unwrap_or_default(),
                    city_dir: output.unwrap_or_default(),
                    respondent,
                    map,
                    city,
                    country,
                    date,
                })
            }
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("{}", error_text(&error));
            ExitCode::from(1)
        }
    }
}

fn error_text(error: &sscp::Error) -> String {
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
struct Findings {
    /// What stopped the command, if anything.
    error: Option<sscp::Error>,
    /// Problems in the city's data (warnings when the command succeeded).
    problems: Vec<sscp::input::Problem>,
    /// Template warnings from typesetting.
    template_warnings: Vec<String>,
    /// Facts for the JSON report (`"output"`, `"pages"`, ...).
    facts: serde_json::Map<String, serde_json::Value>,
    /// What was done, for people: printed on stdout in the text format.
    done: Vec<String>,
}

impl Findings {
    fn failed(error: sscp::Error) -> Self {
        Findings {
            error: Some(error),
            ..Findings::default()
        }
    }
}

/// The JSON report of one command's findings: `ok`, counts, the facts, every diagnostic.
fn json_report(
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
fn finish(command: &str, format: Format, mut findings: Findings) -> ExitCode {
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

/// Whether a build records its history snapshot.
#[derive(Clone, Copy)]
enum History {
    /// `build`: record the edition; `force` replaces a snapshot from other inputs.
    Record { force: bool },
    /// `watch`: every save would be a snapshot; only `build` records.
    Skip,
}

fn build(
    city_dir: &Path,
    output: Option<PathBuf>,
    options: sscp::Options,
    history: History,
) -> Findings {
    let started = Instant::now();
    let mut findings = Findings::default();
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
        match snapshot.record(&build.pdf) {
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

/// How many cities' worth of Typst's caches a batch keeps: after each city, what no build has
/// used for this many cities is dropped, so memory stays flat however many cities follow.
/// Cities that share parts (the same KPI results, pictures or paragraphs) reuse them within
/// this window; a city's own plan layouts, which no other city reuses, are dropped soon.
/// Measured on 50 distinct cities, two at a time: age 10 (what `watch` keeps) peaked at about
/// 1 GB, 5 at 680 MiB, 1 at 510 MiB for 15 % more time.
const BATCH_CACHE_AGE: usize = 5;

/// Runs one city's build, turning a panic into that city's failure (its message kept), so
/// that the other cities of a batch are still built.
fn guarded(build: impl FnOnce() -> Findings) -> Findings {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(build)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        Findings::failed(sscp::Error::Panic(message))
    })
}

/// Runs `job` on every item, `jobs` at a time, and returns the outputs in the items' order.
///
/// Each worker is a thread of its own that takes the next item when it has finished one, so a
/// worker has one city in progress at a time. Typst lays out pages on rayon's global pool; had
/// the cities been rayon tasks too, a worker waiting there for its page runs would steal
/// further cities and start them on its own stack, with every city so started held in memory
/// until the innermost finished (half a gigabyte for ten sample cities on one worker).
fn run_jobs<T: Sync, R: Send>(items: &[T], jobs: usize, job: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<std::sync::Mutex<Option<R>>> =
        items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let work = || {
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let output = job(item);
            *done[i]
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(output);
        }
    };
    std::thread::scope(|scope| {
        // This thread is one of the workers; a worker the system cannot start leaves its
        // share to the others.
        for n in 1..jobs {
            if let Err(e) = std::thread::Builder::new()
                .name(format!("batch-{n}"))
                .spawn_scoped(scope, work)
            {
                eprintln!(
                    "warning: cannot start build thread {n} of {jobs} ({e}); going on with fewer"
                );
                break;
            }
        }
        work();
    });
    done.into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .expect("every item is taken by a worker, and a worker finishes what it takes")
        })
        .collect()
}

/// One city of a batch: its folder, what its build found, and how long it took.
struct Built {
    dir: PathBuf,
    findings: Findings,
    took: Duration,
}

/// `sscp batch`: builds each city folder as `build` does, `jobs` at a time (see [`run_jobs`];
/// the fonts, the parsed template and Typst's library are shared by the process). A panic is
/// caught at the city's boundary and reported as that city's failure.
fn batch(
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

/// How a batch shows that it is getting on, on stderr: a bar with the count and the time left
/// on a terminal, one line per finished city otherwise (a log keeps them all), nothing for
/// `--format json`.
enum Progress {
    Bar(indicatif::ProgressBar),
    Lines {
        total: usize,
        started: Instant,
        finished: std::sync::atomic::AtomicUsize,
    },
    Quiet,
}

impl Progress {
    fn new(total: usize, format: Format) -> Progress {
        use std::io::IsTerminal;
        if format == Format::Json {
            return Progress::Quiet;
        }
        if !std::io::stderr().is_terminal() {
            return Progress::Lines {
                total,
                started: Instant::now(),
                finished: Default::default(),
            };
        }
        let bar = indicatif::ProgressBar::new(total as u64);
        let style = indicatif::ProgressStyle::with_template(
            "{bar:32.cyan/blue} {pos}/{len} cities, {elapsed} so far, about {eta} left  {msg}",
        )
        .expect("the template is valid")
        .progress_chars("█▌ ");
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(250));
        Progress::Bar(bar)
    }

    /// One more city is done; a failure is also said above the bar.
    fn finished(&self, dir: &Path, ok: bool, took: Duration) {
        let outcome = if ok { "built" } else { "FAILED" };
        match self {
            Progress::Bar(bar) => {
                if !ok {
                    bar.println(format!("FAILED {}", dir.display()));
                }
                bar.set_message(format!("{outcome} {}", dir.display()));
                bar.inc(1);
            }
            Progress::Lines {
                total,
                started,
                finished,
            } => {
                let n = finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                let left = started.elapsed().as_secs_f64() / n as f64 * (total - n) as f64;
                eprintln!(
                    "[{n}/{total}] {outcome} {} in {:.2} s (about {left:.0} s left)",
                    dir.display(),
                    took.as_secs_f64()
                );
            }
            Progress::Quiet => {}
        }
    }

    /// The bar makes way for the summary.
    fn done(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
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

/// Rebuilds on every saved change until the process is stopped (Ctrl-C: the PDF is written
/// in one rename, so stopping never leaves half a file). Typst's caches stay warm between
/// builds, so a rebuild after a small edit takes a fraction of the first build; each build's
/// time and problems are printed, and a failing build does not end the watch.
fn watch(city_dir: &Path, output: Option<PathBuf>) -> Result<(), sscp::Error> {
    say!(
        "watching {} (profile.json, kpis.csv, images/, {}); Ctrl-C stops",
        city_dir.display(),
        sscp::round::history::COMMENT_FILES.join(", ")
    );
    say!(
        "watch records no history snapshot: run sscp build {} to record the draft you share",
        city_dir.display()
    );
    let mut verb = "built";
    loop {
        // Taken before the build, so that a save during the build starts another.
        let state = sscp::watch::state(city_dir);
        let started = Instant::now();
        let mut findings = build(
            city_dir,
            output.clone(),
            sscp::Options::default(),
            History::Skip,
        );
        let took = started.elapsed().as_secs_f64() * 1000.0;
        let status = match (&findings.error, findings.facts.get("output")) {
            (None, Some(out)) => format!(
                "{verb} {} in {took:.0} ms ({} pages)",
                out.as_str().unwrap_or_default(),
                findings
                    .facts
                    .get("pages")
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ),
            _ => format!(
                "build failed after {took:.0} ms (problems above); waiting for the next change"
            ),
        };
        findings.done.clear();
        let _ = finish("watch", Format::Text, findings);
        say!("{status}");
        // As typst-cli's watch does: keep what the next rebuild reuses, drop the rest.
        sscp::typeset::evict_caches(10);
        sscp::typeset::release_freed_memory();
        sscp::watch::wait_for_change(city_dir, &state);
        verb = "rebuilt";
    }
}

fn validate(city_dir: &Path, report: Report) -> Findings {
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

fn results(city_dir: &Path, format: ResultsFormat) -> Result<(), sscp::Error> {
    let (city, results) = sscp::validate(city_dir)?;
    for warning in &city.warnings {
        eprintln!("{warning}");
    }
    let bytes = match format {
        ResultsFormat::Csv => sscp::kpi::files::results_csv(&results),
        ResultsFormat::Json => sscp::kpi::files::results_json(&results),
    };
    if let Err(e) = std::io::stdout().lock().write_all(&bytes)
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write to standard output: {e}");
    }
    Ok(())
}

fn comments(
    city_dir: &Path,
    output: Option<PathBuf>,
    format: CommentsFormat,
) -> Result<(), sscp::Error> {
    let report = sscp::round::comments::comments_report(city_dir)?;
    if format == CommentsFormat::Json {
        let text = serde_json::to_string_pretty(&report.data).unwrap_or_default();
        say!("{text}");
        return Ok(());
    }
    let out = output.unwrap_or_else(|| sscp::round::comments::default_output(city_dir, &report));
    sscp::write_atomically(&out, &report.pdf).map_err(|source| sscp::Error::Write {
        path: out.clone(),
        source,
    })?;
    say!(
        "wrote {} ({} page{}, {} KiB)",
        out.display(),
        report.pages,
        if report.pages == 1 { "" } else { "s" },
        report.pdf.len().div_ceil(1024)
    );
    Ok(())
}

fn kpis() {
    let catalogue = Catalogue::get();
    say!(
        "{:<18} {:<9} {:<20} {:<38} NAME",
        "CODE",
        "TYPE",
        "DIMENSION",
        "SUB-DIMENSION / CATEGORY"
    );
    for k in &catalogue.kpis {
        let tier = match k.tier {
            sscp::kpi::Tier::Core => "core",
            sscp::kpi::Tier::Advanced => "advanced",
        };
        let place = format!("{} / {}", k.sub_dimension, k.category);
        let points = if k.data_points.is_empty() {
            String::new()
        } else {
            format!(
                " [data points: {}]",
                k.data_points
                    .iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        };
        say!(
            "{:<18} {:<9} {:<20} {:<38} {}{points}",
            k.code,
            tier,
            k.dimension.name(),
            place,
            k.name
        );
    }
    say!("{} KPIs", catalogue.kpis.len());
}

/// Prints warnings that are plain sentences (from `new` and `import-survey`).
fn warn(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

/// Reads `--date`; clap turns the error into a usage error (exit 2).
fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("\"{text}\" is not a calendar date written YYYY-MM-DD"))
}

fn new(city_dir: &Path, city: &str, country: &str, date: Option<Date>) -> Result<(), sscp::Error> {
    let date = date.unwrap_or_else(sscp::scaffold::today);
    let made = sscp::scaffold::create(city_dir, city, country, date)?;
    warn(&made.warnings);
    for file in &made.files {
        say!("wrote {}", file.display());
    }
    say!(
        "next: replace every text starting with \"{}\" (README.md says how), then run sscp validate {}",
        sscp::scaffold::GUIDANCE_MARK,
        city_dir.display()
    );
    Ok(())
}

fn import_survey(options: &sscp::survey::ImportOptions) -> Result<(), sscp::Error> {
    let report = sscp::survey::import(options)?;
    say!(
        "imported {} from {}",
        report.respondent,
        options.export.display()
    );
    let map = report
        .map
        .as_ref()
        .map_or("built in".to_string(), |m| m.display().to_string());
    say!("survey map: {map}");
    if !report.created.is_empty() {
        say!("new city folder from the sscp new skeleton:");
        for file in &report.created {
            say!("  {}", file.display());
        }
    }
    say!("fields set ({}):", report.set.len());
    for field in &report.set {
        say!("  {field}");
    }
    if !report.unchanged.is_empty() {
        say!(
            "fields answered with the value they had ({}): {}",
            report.unchanged.len(),
            report.unchanged.join(", ")
        );
    }
    if !report.sources_added.is_empty() {
        say!("sources added ({}):", report.sources_added.len());
        for source in &report.sources_added {
            say!("  {source}");
        }
    }
    if let Some(file) = &report.answers_file {
        say!(
            "answers for the editors to place by hand (activities, questions not in the map): {}",
            file.display()
        );
    }
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    say!(
        "{} warning{}; next: sscp validate {}",
        report.warnings.len(),
        if report.warnings.len() == 1 { "" } else { "s" },
        options.city_dir.display()
    );
    Ok(())
}

fn diff(
    city_dir: &Path,
    from: u32,
    to: Option<u32>,
    pdf: Option<&Path>,
) -> Result<(), sscp::Error> {
    let changes = sscp::round::diff::drafts(city_dir, from, to)?;
    for line in changes.to_text().lines() {
        say!("{line}");
    }
    if let Some(out) = pdf {
        let bytes = changes.to_pdf()?;
        sscp::write_atomically(out, &bytes).map_err(|source| sscp::Error::Write {
            path: out.to_path_buf(),
            source,
        })?;
        say!("wrote {}", out.display());
    }
    Ok(())
}

fn bundle(city_dir: &Path, out: &Path) -> Result<(), sscp::Error> {
    let written = sscp::bundle(city_dir, out)?;
    say!("wrote {} files to {}", written.len(), out.display());
    say!(
        "compile with: typst compile --ignore-system-fonts --font-path {0}/fonts --pdf-standard a-3a,ua-1 {0}/main.typ",
        out.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panicking_build_is_reported_as_that_citys_failure() {
        let findings = guarded(|| panic!("index out of bounds: the len is 3 but the index is 7"));
        let error = findings.error.expect("a failure");
        assert_eq!(
            error.to_string(),
            "the build stopped on an internal error: index out of bounds: the len is 3 but the index is 7\n  fix: this is a bug in sscp, not in the city's data; report it with the city folder (the other cities were built)"
        );
        let fine = guarded(Findings::default);
        assert!(fine.error.is_none());
    }

    #[test]
    fn batch_jobs_take_every_item_once_and_keep_their_order() {
        let items: Vec<usize> = (0..37).collect();
        for jobs in [1, 2, 5] {
            let seen = std::sync::Mutex::new(Vec::new());
            let out = run_jobs(&items, jobs, |i| {
                seen.lock().unwrap().push(*i);
                i * 10
            });
            assert_eq!(out, items.iter().map(|i| i * 10).collect::<Vec<_>>());
            let mut seen = seen.into_inner().unwrap();
            seen.sort();
            assert_eq!(seen, items, "jobs {jobs}");
        }
    }

    #[test]
    fn batch_jobs_run_at_once_up_to_the_number_asked() {
        // Each job waits (up to ten seconds) to see the other one started: both can only see
        // it if they run at the same time.
        use std::sync::atomic::{AtomicUsize, Ordering};
        let started = AtomicUsize::new(0);
        let together = |_: &u8| {
            started.fetch_add(1, Ordering::SeqCst);
            let clock = Instant::now();
            while started.load(Ordering::SeqCst) < 2 {
                if clock.elapsed() > Duration::from_secs(10) {
                    return false;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            true
        };
        assert_eq!(run_jobs(&[1, 2], 2, together), vec![true, true]);
    }
}
