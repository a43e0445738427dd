//! The `sscp` command line: parse arguments, call the library, print, set the exit status
//! (0 success, 1 problems in the city's data or the build, 2 usage errors).

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use clap::{Parser, Subcommand};

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
    },
    /// Check a city folder as `build` would, without typesetting.
    Validate { city_dir: PathBuf },
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
    /// Write the Typst project a build compiles, for work with the stock Typst CLI.
    Bundle {
        city_dir: PathBuf,
        /// The folder to write the project into.
        #[arg(short, long)]
        output: PathBuf,
    },
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
        } => build(&city_dir, output, keep_overflowing),
        Command::Validate { city_dir } => validate(&city_dir),
        Command::Kpis => {
            kpis();
            Ok(())
        }
        Command::Bundle { city_dir, output } => bundle(&city_dir, &output),
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
        sscp::Error::Input(_) | sscp::Error::Survey(sscp::survey::ImportError::Problems(_)) => {
            error.to_string()
        }
        other => format!("error: {other}"),
    }
}

fn warn(warnings: &[String]) {
    for w in warnings {
        eprintln!("warning: {w}");
    }
}

fn build(
    city_dir: &Path,
    output: Option<PathBuf>,
    keep_overflowing: bool,
) -> Result<(), sscp::Error> {
    let started = Instant::now();
    let build = sscp::build_with(city_dir, keep_overflowing)?;
    warn(&build.city.warnings);
    warn(&build.warnings);
    let out = output.unwrap_or_else(|| sscp::default_output(city_dir, &build.city));
    let write = Instant::now();
    out.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map_or(Ok(()), std::fs::create_dir_all)
        .and_then(|()| std::fs::write(&out, &build.pdf))
        .map_err(|source| sscp::Error::Write {
            path: out.clone(),
            source,
        })?;
    say!(
        "wrote {} ({} pages, {} KiB)",
        out.display(),
        build.pages,
        build.pdf.len().div_ceil(1024)
    );
    for (stage, took) in build.timings.iter().chain([&("write", write.elapsed())]) {
        say!("  {stage:<16} {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
    say!(
        "  {:<16} {:>8.1} ms",
        "total",
        started.elapsed().as_secs_f64() * 1000.0
    );
    if !build.overflows.is_empty() {
        return Err(sscp::typeset::TypesetError::Overflow(build.overflows).into());
    }
    Ok(())
}

fn validate(city_dir: &Path) -> Result<(), sscp::Error> {
    let (city, results) = sscp::validate(city_dir)?;
    warn(&city.warnings);
    let scored = results.count(|r| matches!(r.outcome, sscp::kpi::Outcome::Scored { .. }));
    say!(
        "{}: no problems found ({} KPI results, {scored} scored against a benchmark)",
        city_dir.display(),
        results.rows.len()
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
        say!("warning: {warning}");
    }
    say!(
        "{} warning{}; next: sscp validate {}",
        report.warnings.len(),
        if report.warnings.len() == 1 { "" } else { "s" },
        options.city_dir.display()
    );
    Ok(())
}

fn bundle(city_dir: &Path, out: &Path) -> Result<(), sscp::Error> {
    let written = sscp::bundle(city_dir, out)?;
    say!("wrote {} files to {}", written.len(), out.display());
    say!(
        "compile with: typst compile --ignore-system-fonts --font-path {0}/fonts {0}/main.typ",
        out.display()
    );
    Ok(())
}
