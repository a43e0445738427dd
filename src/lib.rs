//! sscp builds UNECE Smart Sustainable City Profiles: a city's survey answers, its verified
//! U4SSC KPI results and the editors' text go in; a 12-page, print-ready A4 PDF comes out.
//!
//! The pipeline runs one way: [`input`] reads and checks a city folder into the [`model`];
//! [`kpi`] scores the results; [`charts`] draws them; [`typeset`] compiles the Typst template
//! in memory; [`export`] writes the PDF (PDF/A-3a and PDF/UA-1, the city's data attached).
//! [`round`] holds the draft round around it: history snapshots, change bars, comments, diffs.
//!
//! Building the sample city's profile and writing it where `sscp build` would:
//!
//! ```
//! use std::path::Path;
//!
//! let city = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ardenvale");
//! let build = sscp::build(&city)?;
//! assert_eq!(build.pages, 12);
//! assert!(build.text[0].contains("Ardenvale"));
//!
//! // Warnings do not stop a build: a comment still pending, a photograph still to send.
//! for warning in &build.city.warnings {
//!     eprintln!("{warning}");
//! }
//!
//! let out = std::env::temp_dir().join(format!("sscp-doc-{}", std::process::id()));
//! let pdf = out.join(sscp::default_output(&city, &build.city).file_name().unwrap());
//! sscp::write_atomically(&pdf, &build.pdf)?;
//! assert!(std::fs::read(&pdf)?.starts_with(b"%PDF-"));
//! # std::fs::remove_dir_all(&out)?;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! [`build`] records nothing; the command line's `sscp build` also writes the scored results
//! beside the PDF and the draft's snapshot under `history/`.

#![warn(missing_docs)]

pub mod charts;
pub mod csv_cells;
pub mod export;
pub mod fonts;
pub mod format;
pub mod html;
pub mod input;
pub mod kpi;
pub mod model;
pub mod round;
pub mod scaffold;
pub mod survey;
pub mod typeset;
pub mod watch;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use input::{CityFolder, InputErrors};
use kpi::KpiResults;
use model::Status;

/// Anything that stops a build.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A build that stopped on a bug in sscp rather than on the city's data, caught where
    /// `batch` runs each city so the others are still built.
    #[error(
        "the build stopped on an internal error: {0}\n  fix: this is a bug in sscp, not in the city's data; report it with the city folder (the other cities were built)"
    )]
    Panic(String),
    /// Problems in the city's data, all of them.
    #[error("{0}")]
    Input(#[from] InputErrors),
    /// The pages cannot be laid out: the text runs past them, or the template failed.
    #[error("{0}")]
    Typeset(#[from] typeset::TypesetError),
    /// The laid-out pages cannot be written as the PDF the profile must be.
    #[error("{0}")]
    Export(#[from] export::ExportError),
    /// Two drafts cannot be compared.
    #[error("{0}")]
    Diff(#[from] round::diff::DiffError),
    /// Warnings, when the caller asked for them to fail the build.
    #[error(
        "{0}\nerror: warnings are denied (--deny-warnings): fix them, or build without the flag"
    )]
    WarningsDenied(InputErrors),
    /// A new city folder that cannot be made.
    #[error("{0}")]
    Scaffold(#[from] scaffold::ScaffoldError),
    /// A reviewed PDF whose marks cannot be imported.
    #[error("{0}")]
    Review(#[from] round::review::ReviewError),
    /// A survey export that cannot be imported.
    #[error("{0}")]
    Survey(#[from] survey::ImportError),
    /// A draft's history snapshot that cannot be recorded, or must not be replaced.
    #[error("{0}")]
    History(#[from] round::history::HistoryError),
    /// A file of the output that cannot be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file being written.
        path: PathBuf,
        /// Why the system refused.
        source: std::io::Error,
    },
}

/// A finished profile.
pub struct Build {
    /// The PDF's bytes, the same for the same inputs.
    pub pdf: Vec<u8>,
    /// How many pages the profile has (always 12 for a build that succeeds).
    pub pages: usize,
    /// The text set on each page, as Typst laid it out.
    pub text: Vec<String>,
    /// The city folder as read, with its warnings.
    pub city: CityFolder,
    /// The scored KPI results the pages and the attached files show.
    pub results: KpiResults,
    /// Template warnings that did not stop the build.
    pub warnings: Vec<String>,
    /// What changed since the previous draft, as the pages mark it with change bars (nothing
    /// for a first draft or a final edition).
    pub changes: round::marks::ChangeMarks,
    /// The change bars as the pages draw them: a bar broken by a column or page is one piece on
    /// each side.
    pub change_bars: Vec<typeset::boxes::BarBox>,
    /// Every run of text as laid out, with its glyph box: what the bars are measured against.
    pub text_boxes: Vec<typeset::boxes::TextBox>,
    /// How empty each inside page (3–11) looks: the tallest band of its text area without
    /// ink, as a share of the area's height (see [`typeset::plan::emptiness`]).
    pub emptiness: Vec<(usize, f64)>,
    /// The printer's PDF (bleed, crop marks, trim and bleed boxes), when asked for.
    pub print_pdf: Option<Vec<u8>>,
    /// Warnings about the pictures as laid out (below 300 ppi), with their fields.
    pub picture_warnings: Vec<input::Problem>,
    /// Sections that run past their pages; empty unless asked for with `keep_overflowing`.
    pub overflows: Vec<typeset::Overflow>,
    /// How long each stage took, in order.
    pub timings: Vec<(&'static str, Duration)>,
    /// How long each layout of the page plan's search took to Typst's first pass (to its last,
    /// when the search had to be run again on finished layouts), in order (part of "typeset").
    pub layouts: Vec<Duration>,
    /// How long Typst's passes after the first took for the layout kept (part of "typeset").
    pub finishing: Duration,
    /// The review map ([`round::review::map::ReviewMap`]) as recorded, when asked for.
    pub review_map: Option<Vec<u8>>,
    /// The web edition ([`html::profile`]): one self-contained HTML file from the same data,
    /// when asked for with [`Options::html`].
    pub html: Option<Vec<u8>>,
}

/// Reads and checks a city folder (its comments included, whose pending ones are warnings).
pub fn load(dir: &Path) -> Result<CityFolder, InputErrors> {
    round::load(dir).map(|(city, _)| city)
}

/// Reads and checks a city folder and scores its KPIs, without typesetting.
pub fn validate(dir: &Path) -> Result<(CityFolder, KpiResults), Error> {
    let city = load(dir)?;
    let results = score(&city);
    Ok((city, results))
}

/// Scores a city folder's KPIs, with the activities and good practices that address them.
pub fn score(city: &CityFolder) -> KpiResults {
    let profile = &city.profile;
    let relation = |id: &str, name: &str, targets: &[String]| kpi::Relation {
        related: kpi::Related {
            id: id.to_string(),
            name: name.to_string(),
        },
        targets: targets.to_vec(),
    };
    let mut relations = Vec::new();
    for area in model::Area::ALL {
        for activity in &profile.survey.areas.get(area).activities {
            relations.push(relation(&activity.id, &activity.name, &activity.related));
        }
    }
    for practice in &profile.showcase.good_practices {
        relations.push(relation(&practice.id, &practice.title, &practice.related));
    }
    KpiResults::compute(&city.kpis, &relations)
}

/// How a build treats problems that do not stop it by default.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Export a profile whose sections run past their pages anyway (the overflows are in
    /// [`Build::overflows`]) so editors can see where.
    pub keep_overflowing: bool,
    /// Fail on warnings in the city's data as on errors.
    pub deny_warnings: bool,
    /// Leave out the change bars a draft after the first carries beside what changed since the
    /// draft before (final editions never have them).
    pub no_change_bars: bool,
    /// Also write the printer's PDF: 3 mm bleed, crop marks, TrimBox and BleedBox.
    pub print: bool,
    /// Also make the draft's review map ([`Build::review_map`]): where each word lies and
    /// which field printed it, for `sscp import-comments`.
    pub review_map: bool,
    /// Also write the web edition ([`Build::html`]): the same content as one accessible,
    /// self-contained HTML file.
    pub html: bool,
}

/// Builds the profile PDF for a city folder.
pub fn build(dir: &Path) -> Result<Build, Error> {
    build_with(dir, Options::default())
}

/// Like [`build`], with [`Options`].
pub fn build_with(dir: &Path, options: Options) -> Result<Build, Error> {
    let started = Instant::now();
    let city = load(dir)?;
    build_city(city, started.elapsed(), options)
}

/// Builds a city folder already read with [`load`] (so that a caller can show its
/// warnings even when typesetting fails). `read` is how long reading took, for the timings.
pub fn build_city(city: CityFolder, read: Duration, options: Options) -> Result<Build, Error> {
    if options.deny_warnings && !city.warnings.is_empty() {
        return Err(Error::WarningsDenied(InputErrors(city.warnings)));
    }
    let mut timings = vec![("read and check", read)];
    let mut clock = Instant::now();
    let mut lap = |name: &'static str, timings: &mut Vec<(&'static str, Duration)>| {
        timings.push((name, clock.elapsed()));
        clock = Instant::now();
    };
    let results = score(&city);
    lap("score KPIs", &mut timings);
    let marks = change_marks(&city, &results, !options.no_change_bars);
    let mut files = typeset::profile_files(&city.profile, &results, &marks);
    typeset::document::attach(&mut files, &city, &results);
    lap("charts and data", &mut timings);
    let date = city.profile.edition.typeset_date();
    let mut typeset = match typeset::typeset(&mut files, date, options.keep_overflowing) {
        Err(typeset::TypesetError::Overflow(overflows)) => {
            let overflows = with_cuts(overflows, &city, &results, &marks)?;
            return Err(typeset::TypesetError::Overflow(overflows).into());
        }
        other => other?,
    };
    if !typeset.overflows.is_empty() {
        typeset.overflows = with_cuts(
            std::mem::take(&mut typeset.overflows),
            &city,
            &results,
            &marks,
        )?;
    }
    lap("typeset", &mut timings);
    let text_boxes = typeset::boxes::text_boxes(&typeset.document);
    // An overflowing profile (kept to look at) runs past its pages by definition.
    if typeset.overflows.is_empty() {
        let misplaced = misplaced_text(&city, &text_boxes);
        if !misplaced.is_empty() {
            return Err(typeset::TypesetError::Layout(misplaced).into());
        }
    }
    // What a printer needs, checked on every build: a screen edition gets printed too.
    let picture_warnings = check_pictures(&city, &typeset.document)?;
    let unprintable = typeset::printing::layout_problems(&typeset.document);
    if !unprintable.is_empty() {
        return Err(typeset::TypesetError::Print(unprintable).into());
    }
    lap("print checks", &mut timings);
    // The review map is made from the pages while they are exported (both only read them);
    // the PDF's identifier, known after, completes it.
    let (pdf, review_map) = std::thread::scope(|scope| {
        let map = options.review_map.then(|| {
            scope.spawn(|| {
                let profile =
                    serde_json::from_str(&city.profile_json).unwrap_or(serde_json::Value::Null);
                round::review::map::ReviewMap::of(
                    &text_boxes,
                    &typeset::boxes::word_boxes(&typeset.document),
                    &profile,
                    &city.profile.city.id,
                    city.profile.edition.draft,
                    "",
                )
            })
        });
        let pdf = export::pdf(&typeset.document, &city.profile, &|d| typeset.explain(d));
        let map = map.map(|thread| {
            thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        });
        (pdf, map)
    });
    let pdf = pdf?;
    lap("export PDF", &mut timings);
    let review_map = review_map.map(|mut map| {
        map.document_id = round::review::pdf::document_id(&pdf).unwrap_or_default();
        map.to_json()
    });
    if review_map.is_some() {
        lap("review map", &mut timings);
    }
    // The printer's edition: the same layout inside the trim, with bleed and marks around it.
    let print_pdf = if options.print {
        files.set_print(true);
        let printed = typeset::compile_bytes(
            typeset::template::MAIN,
            files.files.clone(),
            city.profile.edition.typeset_date(),
        )?;
        let pdf = export::pdf(&printed.document, &city.profile, &|d| printed.explain(d))?;
        let bleed_pt = typeset::document::PRINT_BLEED_MM * 72.0 / 25.4;
        let pdf = export::add_bleed_box(&pdf, bleed_pt)?;
        lap("print PDF", &mut timings);
        Some(pdf)
    } else {
        None
    };
    // The web edition, from the same data and chart files as the pages.
    let html = options.html.then(|| {
        // The page the areas' summaries name, as the PDF prints it: where its heading is set.
        let kpi_page = text_boxes
            .iter()
            .find(|b| b.text.trim() == "KPI verification" && b.size > 15.0)
            .map(|b| b.page);
        let html = html::profile(&city, &results, &files, kpi_page);
        lap("web edition", &mut timings);
        html
    });
    Ok(Build {
        pdf,
        html,
        print_pdf,
        picture_warnings,
        pages: typeset.document.pages().len(),
        text: typeset::page_text(&typeset.document),
        change_bars: typeset::boxes::change_bars(&typeset.document),
        emptiness: (3..=11)
            .map(|page| (page, typeset::plan::emptiness(&typeset.document, page)))
            .collect(),
        text_boxes,
        changes: marks,
        city,
        results,
        warnings: typeset.warnings,
        overflows: typeset.overflows,
        layouts: typeset.layouts,
        finishing: typeset.finishing,
        review_map,
        timings,
    })
}

/// Text drawn over other text, and text outside the text area of an inside page, as laid out:
/// one sentence each, with the page and the fields that printed the text where they can be told.
fn misplaced_text(city: &CityFolder, boxes: &[typeset::boxes::TextBox]) -> Vec<String> {
    let overlaps = typeset::boxes::overlaps(boxes);
    let outside = typeset::boxes::outside_text_area(boxes);
    if overlaps.is_empty() && outside.is_empty() {
        return Vec::new();
    }
    let profile = serde_json::from_str(&city.profile_json).unwrap_or(serde_json::Value::Null);
    let fields = input::printed::PrintedFields::of(&profile);
    let name = |i: usize| {
        let run = boxes[i].text.trim();
        match fields.field_of(run) {
            Some(pointer) => format!("\"{run}\" ({pointer})"),
            None => format!("\"{run}\" (the template's own text)"),
        }
    };
    let mut found: Vec<String> = overlaps
        .iter()
        .map(|o| {
            format!(
                "page {}: {} is drawn over {}",
                o.page,
                name(o.second),
                name(o.first)
            )
        })
        .collect();
    found.extend(outside.iter().map(|&i| {
        format!(
            "page {}: {} lies outside the text area, at {:.0} pt down and {:.0} pt across",
            boxes[i].page,
            name(i),
            boxes[i].top,
            boxes[i].left
        )
    }));
    found
}

/// Every picture's resolution as laid out: below 150 ppi an error, below 300 ppi a warning
/// (returned), each naming the picture's field and file, its pixels, the placed size and the
/// ppi that gives.
fn check_pictures(
    city: &CityFolder,
    document: &typst_layout::PagedDocument,
) -> Result<Vec<input::Problem>, Error> {
    use typeset::printing::{PPI_REFUSED, PPI_SHARP};
    let pictures = city.pictures();
    let bytes: Vec<&[u8]> = pictures.iter().map(|(_, p)| p.bytes.as_slice()).collect();
    let mut problems = input::Problems::new(&city.dir.join("profile.json"));
    for placed in typeset::printing::pictures(document, &bytes) {
        if placed.ppi >= PPI_SHARP {
            continue;
        }
        let (pointer, picture) = &pictures[placed.picture];
        let (w, h) = placed.pixels;
        let (mm_w, mm_h) = placed.size_mm;
        let needed = |mm: f64| (mm / 25.4 * PPI_SHARP).ceil();
        let message = format!(
            "{} is {w} × {h} pixels, placed at {mm_w:.0} × {mm_h:.0} mm on page {}: {:.0} ppi, {}",
            picture.file,
            placed.page,
            placed.ppi,
            if placed.ppi < PPI_REFUSED {
                format!("too few to print (at least {PPI_REFUSED:.0} ppi)")
            } else {
                format!("less than the {PPI_SHARP:.0} ppi print needs to look sharp")
            }
        );
        let fix = format!(
            "use a picture of at least {} × {} pixels ({PPI_SHARP:.0} ppi at that size)",
            needed(mm_w),
            needed(mm_h)
        );
        if placed.ppi < PPI_REFUSED {
            problems.json(pointer, message, fix);
        } else {
            problems.warn_json(pointer, message, fix);
        }
    }
    let refused = problems.has_errors();
    let mut problems = problems.into_vec();
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(&city.profile_json) {
        input::locate_in_json(&mut problems, &city.profile_json, &value);
    }
    if refused {
        // Reported with the city's other warnings, as one pass over its data.
        let mut all = city.warnings.clone();
        all.extend(problems);
        all.sort_by(input::Problem::by_place);
        return Err(Error::Input(InputErrors(all)));
    }
    Ok(problems)
}

/// The overflows of the inside pages with each field that could be cut tried
/// ([`typeset::shortfall`]): the fields named to shorten are those with which the profile then
/// fits, where there are any.
fn with_cuts(
    mut overflows: Vec<typeset::Overflow>,
    city: &CityFolder,
    results: &KpiResults,
    marks: &round::marks::ChangeMarks,
) -> Result<Vec<typeset::Overflow>, Error> {
    let files_of = |profile: &model::CityProfile| {
        let mut files = typeset::profile_files(profile, results, marks);
        typeset::document::attach(&mut files, city, results);
        files
    };
    let date = city.profile.edition.typeset_date();
    for overflow in &mut overflows {
        if overflow.pages != "3–11" || overflow.over_pt == 0.0 {
            continue;
        }
        overflow.cuts = typeset::shortfall::try_cuts(&city.profile, overflow, &files_of, date)?;
        let fitting: Vec<String> = overflow
            .cuts
            .iter()
            .filter(|c| c.fits)
            .map(|c| c.field.clone())
            .collect();
        if !fitting.is_empty() {
            overflow.fields = fitting;
        }
    }
    Ok(overflows)
}

/// What a draft after the first changed since the latest earlier draft kept in `history/`, for
/// its change bars; nothing for a first draft, a final edition, or when bars are not wanted.
fn change_marks(
    city: &CityFolder,
    results: &KpiResults,
    wanted: bool,
) -> round::marks::ChangeMarks {
    let edition = &city.profile.edition;
    match (wanted, edition.status, edition.draft) {
        (true, Status::Draft, Some(n)) => round::marks::previous_draft(&city.dir, n)
            .map(|(earlier, scored)| {
                round::marks::change_marks((&earlier, &scored), (city, results))
            })
            .unwrap_or_default(),
        _ => round::marks::ChangeMarks::default(),
    }
}

/// The default output path: `<CITY_DIR>/out/<city>-draft-<n>.pdf` or `<city>-final.pdf`.
pub fn default_output(dir: &Path, city: &CityFolder) -> PathBuf {
    let profile = &city.profile;
    let name = match (profile.edition.status, profile.edition.draft) {
        (Status::Draft, Some(n)) => format!("{}-draft-{n}.pdf", profile.city.id),
        _ => format!("{}-final.pdf", profile.city.id),
    };
    dir.join("out").join(name)
}

/// Where `build --print` writes the printer's PDF: `<name>-print.pdf` beside `<name>.pdf`.
pub fn print_path(pdf: &Path) -> PathBuf {
    beside(pdf, "print.pdf")
}

/// Where `build --html` writes the web edition: `<name>.html` beside `<name>.pdf`.
pub fn html_path(pdf: &Path) -> PathBuf {
    pdf.with_extension("html")
}

/// Where `build` writes the scored results beside a PDF: `<name>-kpi-results.csv` and
/// `.json` for `<name>.pdf`.
pub fn results_paths(pdf: &Path) -> [PathBuf; 2] {
    ["csv", "json"].map(|ext| beside(pdf, &format!("kpi-results.{ext}")))
}

/// `<name>-<what>` in the folder of `<name>.pdf`.
fn beside(pdf: &Path, what: &str) -> PathBuf {
    let stem = pdf
        .file_stem()
        .map_or_else(|| "profile".into(), |s| s.to_string_lossy().into_owned());
    pdf.with_file_name(format!("{stem}-{what}"))
}

/// Writes the exact Typst project a build compiles: template, data document, charts, pictures
/// and fonts, so that `typst compile --ignore-system-fonts --font-path <DIR>/fonts
/// --pdf-standard a-3a,ua-1 <DIR>/main.typ`
/// gives the same pages.
pub fn bundle(dir: &Path, out: &Path) -> Result<Vec<PathBuf>, Error> {
    let (city, results) = validate(dir)?;
    let marks = change_marks(&city, &results, true);
    let mut files = typeset::profile_files(&city.profile, &results, &marks);
    typeset::document::attach(&mut files, &city, &results);
    // The page plan is found by laying the profile out; the bundle carries the one chosen.
    typeset::typeset(&mut files, city.profile.edition.typeset_date(), true)?;
    let mut written = Vec::new();
    let mut write = |relative: &str, bytes: &[u8]| -> Result<(), Error> {
        let path = out.join(relative);
        write_atomically(&path, bytes).map_err(|source| Error::Write {
            path: path.clone(),
            source,
        })?;
        written.push(path);
        Ok(())
    };
    for (path, text) in typeset::template::TEMPLATE_FILES {
        write(path, text.as_bytes())?;
    }
    for (path, bytes) in &files.files {
        write(path, bytes)?;
    }
    for (name, bytes) in fonts::FONT_FILES {
        write(&format!("fonts/{name}"), bytes)?;
    }
    for (name, text) in fonts::LICENCE_FILES {
        write(&format!("fonts/{name}"), text.as_bytes())?;
    }
    Ok(written)
}

/// Writes `bytes` to `path` so that `path` holds either its previous content or all of the new
/// one, never a part: the bytes go to a temporary file in the same folder, which then replaces
/// `path` in one rename. Missing parent folders are created.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    use std::io::Write;
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(folder)?;
    let name = path
        .file_name()
        .ok_or_else(|| std::io::Error::other("the path names a folder, not a file"))?;
    let temporary = folder.join(format!(
        ".{}.{}.partial",
        name.to_string_lossy(),
        std::process::id()
    ));
    let written = std::fs::File::create(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    let renamed = written.and_then(|()| std::fs::rename(&temporary, path));
    if renamed.is_err() {
        // The write's own error is what the caller needs; a leftover partial file is harmless
        // (hidden, and replaced by the next attempt), so a failure to remove it is not reported.
        let _ = std::fs::remove_file(&temporary);
    }
    renamed
}
