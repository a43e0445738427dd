//! The command line's arguments: one clap definition per command, in the order `--help`
//! lists them.

use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

use sscp::model::Date;

#[derive(Parser)]
#[command(
    name = "sscp",
    version,
    about = "Builds UNECE Smart Sustainable City Profiles (12-page A4 PDF) from a city folder"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
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
        /// Also write the web edition beside the PDF (<name>.html): the same content as one
        /// accessible, self-contained HTML file.
        #[arg(long)]
        html: bool,
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
        /// As for build: also write each web edition.
        #[arg(long)]
        html: bool,
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
        /// Rewrite the web edition beside the PDF too.
        #[arg(long)]
        html: bool,
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
    /// Read the marks a reviewer left on a draft's PDF (notes, highlights, strike-outs, …)
    /// into the city's comments.json as pending comments.
    ImportComments {
        /// The reviewed PDF, as the reviewer sent it back.
        reviewed: PathBuf,
        /// The city folder whose draft it is.
        #[arg(short, long)]
        output: PathBuf,
        /// Which draft the PDF is [default: told from the PDF's document identifier].
        #[arg(long)]
        draft: Option<u32>,
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
pub struct Report {
    /// Fail on warnings as on errors.
    #[arg(long)]
    pub deny_warnings: bool,
    /// `text` for people (problems on stderr), `json` for tools (one JSON document on stdout).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

#[derive(ValueEnum, Clone, Copy, PartialEq, Eq)]
pub enum CommentsFormat {
    Pdf,
    Json,
}

#[derive(ValueEnum, Clone, Copy, PartialEq, Eq)]
pub enum ResultsFormat {
    Csv,
    Json,
}

#[derive(ValueEnum, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Text,
    Json,
}

/// Reads `--date`; clap turns the error into a usage error (exit 2).
pub fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text).ok_or_else(|| format!("\"{text}\" is not a calendar date written YYYY-MM-DD"))
}
