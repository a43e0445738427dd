//! Typesetting: the in-memory Typst World, compiling the profile template against one data
//! document, and the checks on the result (template errors, fonts and glyphs, the 12-page plan).

pub mod boxes;
mod converge;
mod diagnostics;
pub mod document;
pub mod plan;
pub mod printing;
mod reflow;
pub mod shortfall;
pub mod template;
pub mod typography;
mod world;

use std::collections::BTreeMap;

use serde::Deserialize;
use typst::diag::SourceDiagnostic;
use typst::foundations::{Bytes, Datetime};
use typst::layout::{Frame, FrameItem};
use typst_layout::PagedDocument;

pub use document::{ProfileFiles, profile_files};
pub use world::ProfileWorld;

use crate::model::Date;

/// The page count of every profile: three A4 sheets folded.
pub const PAGES: usize = 12;

/// How many run-ons the page plan tries once the profile has its pages.
const RUN_ON_TRIES: usize = 3;

/// A section that does not fit the pages the plan gives it.
#[derive(Debug, Clone, Deserialize, PartialEq)]
pub struct Overflow {
    /// The section's title as printed.
    pub title: String,
    /// The pages the plan gives it, e.g. "4" or "9–10".
    pub pages: String,
    /// How far the content runs past its last page, in points.
    pub over_pt: f64,
    /// The same in lines of body text, rounded up.
    pub lines: u32,
    /// About how many characters of body text that is.
    pub chars: u32,
    /// JSON pointers of the input fields to shorten: those in the sections past the pages,
    /// until the cuts are tried; then those with which the profile fits.
    pub fields: Vec<String>,
    /// The fields tried, each cut by the amount and a line more, and whether the profile
    /// then fits ([`shortfall`]); empty for a section that is not text.
    #[serde(default)]
    pub cuts: Vec<shortfall::Cut>,
}

/// Why a document could not be typeset, or was typeset unfit to export.
#[derive(Debug, thiserror::Error)]
pub enum TypesetError {
    /// Typst's errors, each placed in the template or the data.
    #[error("the profile template failed to compile:\n{0}")]
    Template(String),
    /// Sections the page plan could not fit into the 12 pages, even in its compact form.
    #[error("{}", overflow_message(.0))]
    Overflow(Vec<Overflow>),
    /// The finished profile did not come out at exactly [`PAGES`] pages.
    #[error("the profile has {found} pages; it must have exactly {PAGES} (three folded A4 sheets)")]
    PageCount {
        /// How many pages it had.
        found: usize,
    },
    /// Typst's warnings about font families the template asks for that are not bundled, made
    /// an error so that text is never quietly set in another font.
    #[error("the template asks for fonts that are not bundled:\n{0}")]
    UnknownFont(String),
    /// Text drawn over other text, or outside the text area: a fault of the layout, which is
    /// never written without being said.
    #[error("the pages are laid out wrong:\n{}\n  fix: this is a fault of sscp's page layout, not of the city's data; report it with the city folder (shortening one of the fields named may get round it meanwhile)", .0.iter().map(|p| format!("- {p}")).collect::<Vec<_>>().join("\n"))]
    Layout(Vec<String>),
    /// What a printer would refuse in the layout: text near the trim, lines too thin.
    #[error("the profile is not fit to print:\n{}", .0.iter().map(|p| format!("- {p}")).collect::<Vec<_>>().join("\n"))]
    Print(Vec<String>),
}

fn overflow_message(overflows: &[Overflow]) -> String {
    let mut out = String::from("the profile does not fit its 12 pages:");
    for o in overflows {
        if o.over_pt == 0.0 {
            out.push_str(&format!(
                "\n- {} (pages {}) run past their pages: a picture or table is taller than the room left",
                o.title, o.pages
            ));
            continue;
        }
        out.push_str(&format!(
            "\n- the text runs {:.0} pt past the end of page{} {} (last section: \"{}\"), about {} line{} or {} characters",
            o.over_pt,
            if o.pages.contains('–') { "s" } else { "" },
            o.pages,
            o.title,
            o.lines,
            if o.lines == 1 { "" } else { "s" },
            o.chars
        ));
        let (fit, short): (Vec<&shortfall::Cut>, Vec<&shortfall::Cut>) =
            o.cuts.iter().partition(|c| c.fits);
        if !fit.is_empty() {
            let each: Vec<String> = fit
                .iter()
                .map(|c| format!("{} by {} characters", c.field, c.chars))
                .collect();
            out.push_str(&format!(
                "\n  fix: shorten one of these in profile.json by as much, from anywhere in it (each was tried, cut from its end: the profile then fits): {}",
                each.join(", ")
            ));
        } else if !o.cuts.is_empty() {
            out.push_str(
                "\n  fix: no one field cut by that much and a line more makes it fit: shorten several, most of it in the sections past page 11",
            );
        } else if !o.fields.is_empty() {
            out.push_str(&format!(
                "\n  fix: shorten {} in profile.json by about that much",
                o.fields.join(" or ")
            ));
        }
        if !short.is_empty() {
            let names: Vec<&str> = short.iter().map(|c| c.field.as_str()).collect();
            out.push_str(&format!(
                "\n  cutting as much from {} does not make it fit: what follows them is kept whole and does not move up",
                names.join(", ")
            ));
        }
    }
    out.push_str("\nNothing is shrunk or dropped to make it fit: the text has to be shortened.");
    out
}

/// Compiles the profile and checks the result. Warnings Typst raises that do not stop the
/// build are returned for the user to see.
/// With `keep_overflowing`, a document whose sections overflow is returned with its overflows
/// instead of failing, so an editor can look at it; callers still treat it as a failure.
///
/// The page plan is found here (see [`plan`]): `files` ends up holding the data document with
/// the plan the returned document was laid out with, so that `sscp bundle` gives the same pages.
///
/// The search measures each layout after Typst's first pass and finishes only the one it keeps
/// (see `converge`). Should the finished layout not be where the first pass put it (a
/// template whose text depends on its own page numbers), the search is run again on finished
/// layouts, as the stock compile loop gives them.
pub fn typeset(
    files: &mut ProfileFiles,
    date: Date,
    keep_overflowing: bool,
) -> Result<Typeset, TypesetError> {
    let mut layouts = Vec::new();
    if let Some(typeset) = search(files, date, keep_overflowing, false, &mut layouts)? {
        return Ok(typeset);
    }
    let typeset = search(files, date, keep_overflowing, true, &mut layouts)?;
    Ok(typeset.expect("a search on finished layouts keeps what it measured"))
}

/// The page plan's search; `None` if the layout kept moved when it was finished.
fn search(
    files: &mut ProfileFiles,
    date: Date,
    keep_overflowing: bool,
    finish_each: bool,
    layouts: &mut Vec<std::time::Duration>,
) -> Result<Option<Typeset>, TypesetError> {
    let mut plan = plan::Plan::default();
    let picture_places = files.picture_places();
    // A layout of `plan`; should a section's balanced columns leave an empty sliver on a page
    // of their own, the plan trims them and the profile is laid out again.
    let mut lay_out = |plan: &mut plan::Plan| -> Result<Trial, TypesetError> {
        let mut trial = lay_out_once(plan, files, date, finish_each, layouts)?;
        let trim = plan::spills(plan, &plan::spans(trial.document()));
        if trim != plan.trim {
            plan.trim = trim;
            trial = lay_out_once(plan, files, date, finish_each, layouts)?;
        }
        Ok(trial)
    };
    let mut compiled = lay_out(&mut plan)?;
    // Every section on a fresh page and nothing grown: the heights a sparse profile's plans
    // are modelled on (`reflow`).
    let first = plan::spans(compiled.document());
    // Fewer fresh pages until the profile has its 12.
    loop {
        let pages = compiled.document().pages().len();
        if pages <= PAGES {
            break;
        }
        let spans = plan::spans(compiled.document());
        let removed = plan::breaks_to_remove(&plan, &spans);
        if !removed.is_empty() {
            for name in removed {
                plan.breaks.insert(name, false);
            }
            plan.results_height = None;
            compiled = lay_out(&mut plan)?;
            continue;
        }
        // Every section follows on. Even out the results, then try the compact plan (the area
        // charts in two columns, the body a little tighter) before giving up. Where evening
        // them out surely cannot make the profile fit, the compact plan is tried at once.
        if plan.compact || !plan::evening_out_falls_short(compiled.document(), &spans) {
            compiled = balance(&mut plan, compiled, &mut lay_out)?;
        }
        if compiled.document().pages().len() <= PAGES {
            break;
        }
        if !plan.compact {
            plan = plan::Plan {
                compact: true,
                results_height: None,
                ..plan.clone()
            };
            compiled = lay_out(&mut plan)?;
            continue;
        }
        let overflows = plan::overflow(
            &plan::spans(compiled.document()),
            compiled.document().pages().len(),
        );
        let clock = std::time::Instant::now();
        let Some(compiled) = compiled.finish_in_place(finish_each)? else {
            return Ok(None);
        };
        if !keep_overflowing {
            return Err(TypesetError::Overflow(overflows));
        }
        return Ok(Some(Typeset {
            document: compiled.document,
            overflows,
            warnings: compiled.warnings,
            layouts: std::mem::take(layouts),
            finishing: clock.elapsed(),
            world: compiled.world,
        }));
    }
    let (mut plan, mut compiled) = fill(plan, compiled, &picture_places, &mut lay_out)?;
    // A section follows on below a run that leaves its page more than a quarter empty with
    // nothing to grow into it, when the run it starts has something that grows; kept where the
    // profile keeps its pages and its emptiest inside page, grown again, is emptier no more.
    let mut given_up: Vec<&'static str> = Vec::new();
    let mut worst = None;
    while given_up.len() < RUN_ON_TRIES {
        let spans = plan::spans(compiled.document());
        let Some(name) = plan::run_ons(&plan, &spans, &picture_places)
            .into_iter()
            .find(|name| !given_up.contains(name))
        else {
            break;
        };
        given_up.push(name);
        let mut tried = plan::Plan {
            grow: BTreeMap::new(),
            results_height: None,
            ..plan.clone()
        };
        tried.breaks.insert(name, false);
        let attempt = lay_out(&mut tried)?;
        if attempt.document().pages().len() != PAGES {
            continue;
        }
        let (tried, attempt) = fill(tried, attempt, &picture_places, &mut lay_out)?;
        if attempt.document().pages().len() != PAGES {
            continue;
        }
        let before = *worst.get_or_insert_with(|| emptiest(compiled.document()));
        let after = emptiest(attempt.document());
        if after < before - 0.01 {
            plan = tried;
            compiled = attempt;
            worst = Some(after);
        }
    }
    // A page still more than a quarter empty: plans found on a model of the pages, in which
    // an area's results in detail may run on to the next page and the results' sources be
    // printed, then changes where the pages end; one is kept where the profile keeps its
    // pages and they are fuller (`fuller`).
    let mut now = emptiness_by_page(compiled.document());
    if now.first().is_some_and(|worst| *worst > plan::RUN_ON) && reflow::modelled(&first) {
        // What the profile has to show besides, measured in one more layout.
        let mut measuring = plan::Plan {
            measure: true,
            ..plan::Plan::default()
        };
        let more = reflow::more_heights(lay_out(&mut measuring)?.document());
        // The model's plans are filled after their layout; those changed where the pages end
        // are made from the plan kept by then, filled already.
        for tried in reflow::plans(&first, &more, &picture_places, now[0]) {
            try_plan(
                tried,
                true,
                (&mut plan, &mut compiled, &mut now),
                &picture_places,
                &mut lay_out,
            )?;
        }
        for tried in reflow::at_the_end(&plan, &more, &picture_places) {
            try_plan(
                tried,
                false,
                (&mut plan, &mut compiled, &mut now),
                &picture_places,
                &mut lay_out,
            )?;
        }
    }
    files.set_plan(&plan);
    let clock = std::time::Instant::now();
    let Some(compiled) = compiled.finish_in_place(finish_each)? else {
        return Ok(None);
    };
    let pages = compiled.document.pages().len();
    if pages != PAGES {
        return Err(TypesetError::PageCount { found: pages });
    }
    let mut warnings = compiled.warnings;
    warnings.extend(plan::empty_pages(&compiled.document));
    warnings.extend(plan::picture_placeholders(&compiled.document));
    warnings.extend(plan::headings_at_foot(&compiled.document));
    Ok(Some(Typeset {
        document: compiled.document,
        overflows: Vec::new(),
        warnings,
        layouts: std::mem::take(layouts),
        finishing: clock.elapsed(),
        world: compiled.world,
    }))
}

/// The layout filled: the results tables evened out, then charts and pictures grown into the
/// room left where runs of sections end, and what they could not take offered to the section
/// before them. Each step is kept only where the profile keeps its pages.
fn fill(
    mut plan: plan::Plan,
    mut compiled: Trial,
    picture_places: &[String],
    lay_out: &mut dyn FnMut(&mut plan::Plan) -> Result<Trial, TypesetError>,
) -> Result<(plan::Plan, Trial), TypesetError> {
    let picture_places = picture_places.to_vec();
    // Where the results share their run with nothing that grows, they are evened out in the
    // layout that grows the charts: one layout instead of two, the same plan. Should that
    // layout not keep the profile's pages, they are evened out first and the charts grown after.
    let mut grown = false;
    if plan.results_height.is_none() {
        let spans = plan::spans(compiled.document());
        let together = plan::balanced_results(&spans)
            .filter(|_| plan::results_apart_from_growth(&plan, &picture_places));
        if let Some(height) = together {
            let mut tried = plan::Plan {
                results_height: Some(height),
                grow: plan::growth_with_results_evened(&plan, &spans, &picture_places),
                ..plan.clone()
            };
            let attempt = lay_out(&mut tried)?;
            if keeps_its_pages(&tried, &attempt, &plan::spans(attempt.document())) {
                compiled = attempt;
                plan = tried;
                grown = true;
            }
        }
        if !grown {
            compiled = balance(&mut plan, compiled, lay_out)?;
        }
    }
    // Charts and pictures grow into the room left where runs of sections end. A section whose
    // growth pushes its run onto another page has it halved, twice at most, then dropped, so
    // that the sections that fitted still grow.
    if !grown {
        let before = plan::spans(compiled.document());
        let mut tried = plan.clone();
        tried.grow = plan::growth(&plan, &before, &picture_places);
        for round in 0..4 {
            if tried.grow.is_empty() {
                break;
            }
            let attempt = lay_out(&mut tried)?;
            let after = plan::spans(attempt.document());
            if keeps_its_pages(&tried, &attempt, &after) {
                compiled = attempt;
                plan = tried;
                break;
            }
            plan::hold_back(
                &mut tried.grow,
                &plan::overgrown(&plan, &before, &after),
                round,
            );
        }
    }
    // Room a grown chart could not take goes, once, to the elastic section before it in its
    // run; kept only if the profile still has its pages.
    let leftover = plan::leftover_growth(&plan, &plan::spans(compiled.document()), &picture_places);
    if leftover != plan.grow {
        let mut tried = plan::Plan {
            grow: leftover,
            ..plan.clone()
        };
        let attempt = lay_out(&mut tried)?;
        if keeps_its_pages(&tried, &attempt, &plan::spans(attempt.document())) {
            compiled = attempt;
            plan = tried;
        }
    }
    Ok((plan, compiled))
}

/// A plan laid out (and filled, if `to_fill`) and kept in `kept` (the plan, its layout and
/// [`emptiness_by_page`]) where it keeps the profile's 12 pages and is [`fuller`].
fn try_plan(
    mut tried: plan::Plan,
    to_fill: bool,
    kept: (&mut plan::Plan, &mut Trial, &mut Vec<f64>),
    picture_places: &[String],
    lay_out: &mut dyn FnMut(&mut plan::Plan) -> Result<Trial, TypesetError>,
) -> Result<(), TypesetError> {
    let mut attempt = lay_out(&mut tried)?;
    if to_fill && attempt.document().pages().len() == PAGES {
        (tried, attempt) = fill(tried, attempt, picture_places, lay_out)?;
    }
    if attempt.document().pages().len() != PAGES {
        return Ok(());
    }
    let after = emptiness_by_page(attempt.document());
    if fuller(&after, kept.2) {
        *kept.0 = tried;
        *kept.1 = attempt;
        *kept.2 = after;
    }
    Ok(())
}

/// How empty each inside page is, by [`plan::emptiness`], the emptiest first.
fn emptiness_by_page(document: &PagedDocument) -> Vec<f64> {
    let mut pages: Vec<f64> = (3..PAGES)
        .map(|page| plan::emptiness(document, page))
        .collect();
    pages.sort_by(|a, b| b.total_cmp(a));
    pages
}

/// Whether pages `after` are fuller than `before` (both by [`emptiness_by_page`]): their
/// emptiest page is fuller, or as full and the next emptiest fuller, and so on; a hundredth
/// or less is as full.
fn fuller(after: &[f64], before: &[f64]) -> bool {
    after
        .iter()
        .zip(before)
        .find(|(a, b)| (*a - *b).abs() > 0.01)
        .is_some_and(|(a, b)| a < b)
}

/// How empty the emptiest inside page is, by [`plan::emptiness`].
fn emptiest(document: &PagedDocument) -> f64 {
    (3..PAGES)
        .map(|page| plan::emptiness(document, page))
        .fold(0.0, f64::max)
}

/// The results tables' last page evened out between its two columns: a second layout with
/// the measured height, kept if every row stays inside the block (the unbreakable rows may
/// need a line or two more than half) and it takes no more pages, nor fewer than 12 (a page
/// saved there would leave the profile short).
fn balance(
    plan: &mut plan::Plan,
    compiled: Trial,
    lay_out: &mut dyn FnMut(&mut plan::Plan) -> Result<Trial, TypesetError>,
) -> Result<Trial, TypesetError> {
    let Some(height) = plan::balanced_results(&plan::spans(compiled.document())) else {
        return Ok(compiled);
    };
    for extra in [0.0, 13.0, 26.0] {
        let mut tried = plan.clone();
        tried.results_height = Some(height + extra);
        let attempt = lay_out(&mut tried)?;
        let (before, after) = (
            compiled.document().pages().len(),
            attempt.document().pages().len(),
        );
        if plan::results_inside(&plan::spans(attempt.document()))
            && after <= before
            && after >= before.min(PAGES)
        {
            *plan = tried;
            return Ok(attempt);
        }
    }
    Ok(compiled)
}

/// One layout of the profile with `plan`, timed into `layouts`.
fn lay_out_once(
    plan: &plan::Plan,
    files: &mut ProfileFiles,
    date: Date,
    finish_each: bool,
    layouts: &mut Vec<std::time::Duration>,
) -> Result<Trial, TypesetError> {
    let clock = std::time::Instant::now();
    files.set_plan(plan);
    let mut trial = trial(template::MAIN, files.files.clone(), date)?;
    if finish_each {
        trial.advance()?;
    }
    layouts.push(clock.elapsed());
    Ok(trial)
}

/// Whether the profile of `files` fits its pages with the plan that fits the most
/// ([`plan::tightest`]), laid out once.
pub(crate) fn fits_at_tightest(files: &mut ProfileFiles, date: Date) -> Result<bool, TypesetError> {
    let plan = plan::tightest();
    files.set_plan(&plan);
    let trial = trial(template::MAIN, files.files.clone(), date)?;
    let document = trial.document();
    let pages = document.pages().len();
    Ok(pages <= PAGES && plan::overflow(&plan::spans(document), pages).is_empty())
}

/// Whether a layout with grown charts is kept: the profile still has its pages, and the
/// results tables, if evened out, still lie inside their block.
fn keeps_its_pages(
    plan: &plan::Plan,
    attempt: &Trial,
    spans: &std::collections::BTreeMap<String, plan::Span>,
) -> bool {
    attempt.document().pages().len() == PAGES
        && (plan.results_height.is_none() || plan::results_inside(spans))
}

/// Compiles the template file `main` against a job's `files` (by project path) and checks what
/// every sscp document must pass: no template errors, no fonts that are not bundled, no
/// missing glyphs. `date` is what the template gets as today, so output does not depend on the
/// clock.
pub fn compile(
    main: &str,
    files: Vec<(String, Vec<u8>)>,
    date: Date,
) -> Result<Compiled, TypesetError> {
    compile_bytes(main, world::shared(files), date)
}

/// [`compile`] for files already held as Typst's bytes, such as a profile's
/// ([`ProfileFiles`]), which its layouts share.
pub fn compile_bytes(
    main: &str,
    files: Vec<(String, Bytes)>,
    date: Date,
) -> Result<Compiled, TypesetError> {
    trial(main, files, date)?.finish()
}

/// The template file `main` laid out against a job's `files` by Typst's first pass (see
/// [`converge`]), to be measured by the page plan's search and finished if it is kept.
fn trial(main: &str, files: Vec<(String, Bytes)>, date: Date) -> Result<Trial, TypesetError> {
    let today =
        Datetime::from_ymd(date.year, date.month, date.day).expect("dates are checked on input");
    let world = ProfileWorld::with_main(main, files, today);
    match converge::Pass::first(&world) {
        Ok(pass) => Ok(Trial { pass, world }),
        Err(errors) => Err(TypesetError::Template(diagnostics::format(&world, &errors))),
    }
}

/// A layout after Typst's first pass: where everything lands.
struct Trial {
    pass: converge::Pass,
    world: ProfileWorld,
}

impl Trial {
    fn document(&self) -> &PagedDocument {
        self.pass.document()
    }

    /// Runs the passes after the first now, so that the search measures the finished layout.
    fn advance(&mut self) -> Result<(), TypesetError> {
        self.pass
            .advance(&self.world)
            .map_err(|errors| TypesetError::Template(diagnostics::format(&self.world, &errors)))
    }

    /// [`Trial::finish`], or `None` if the finished layout is not where this trial's pages and
    /// sections were measured; a trial measured finished ([`Trial::advance`]) is kept as it is.
    fn finish_in_place(self, measured_finished: bool) -> Result<Option<Compiled>, TypesetError> {
        if measured_finished {
            return self.finish().map(Some);
        }
        let measured = (self.document().pages().len(), plan::spans(self.document()));
        let compiled = self.finish()?;
        let finished = (
            compiled.document.pages().len(),
            plan::spans(&compiled.document),
        );
        Ok((finished == measured).then_some(compiled))
    }

    /// The passes after the first, then [`compile`]'s checks.
    fn finish(self) -> Result<Compiled, TypesetError> {
        let Trial { pass, world } = self;
        let result = pass.settle(&world);
        let (font_warnings, other_warnings): (Vec<_>, Vec<_>) = result
            .warnings
            .iter()
            .cloned()
            .partition(|w| w.message.contains("font"));
        let document = result
            .output
            .map_err(|errors| TypesetError::Template(diagnostics::format(&world, &errors)))?;
        if !font_warnings.is_empty() {
            return Err(TypesetError::UnknownFont(diagnostics::format(
                &world,
                &font_warnings,
            )));
        }
        let mut warnings: Vec<String> =
            other_warnings.is_empty().then(Vec::new).unwrap_or_else(|| {
                diagnostics::format(&world, &other_warnings)
                    .lines()
                    .map(str::to_string)
                    .collect()
            });
        // A character no bundled font has prints as a visible box and stays in the text layer
        // as written; the data's check names its field (input::glyphs), this names its page.
        let missing = missing_glyphs(&document);
        if !missing.is_empty() {
            warnings
                .push("text uses characters the bundled fonts lack; they print as boxes:".into());
            warnings.extend(missing);
        }
        Ok(Compiled {
            document,
            warnings,
            world,
        })
    }
}

/// A compiled document that passed [`compile`]'s checks.
pub struct Compiled {
    /// The laid-out pages, ready for [`crate::export::pdf_with`].
    pub document: PagedDocument,
    /// Template warnings that did not stop the build.
    pub warnings: Vec<String>,
    /// The world it was compiled in, kept to place what the PDF export reports.
    world: ProfileWorld,
}

impl Compiled {
    /// Diagnostics from exporting this document (PDF/A and PDF/UA violations), each with its
    /// place in the template or the data.
    pub fn explain(&self, diagnostics: &[SourceDiagnostic]) -> String {
        diagnostics::format(&self.world, diagnostics)
    }
}

/// A compiled profile.
pub struct Typeset {
    /// The profile's laid-out pages, ready for [`crate::export::pdf`].
    pub document: PagedDocument,
    /// Empty unless overflowing output was asked for.
    pub overflows: Vec<Overflow>,
    /// Template warnings that did not stop the build.
    pub warnings: Vec<String>,
    /// How long each layout of the page plan's search took to its first pass (to its last, when
    /// the search had to be run again on finished layouts), in order.
    pub layouts: Vec<std::time::Duration>,
    /// How long the passes after the first took for the layout kept, the document.
    pub finishing: std::time::Duration,
    world: ProfileWorld,
}

impl Typeset {
    /// As [`Compiled::explain`].
    pub fn explain(&self, diagnostics: &[SourceDiagnostic]) -> String {
        diagnostics::format(&self.world, diagnostics)
    }
}

/// A small document laid out with the bundled fonts (Roboto, A4, 20 mm margins), for tests.
#[cfg(test)]
pub(crate) fn lay_out(body: &str) -> PagedDocument {
    let source =
        format!("#set page(paper: \"a4\", margin: 20mm)\n#set text(font: \"Roboto\")\n{body}");
    let date = Date {
        year: 2026,
        month: 1,
        day: 2,
    };
    compile(
        "test.typ",
        vec![("test.typ".into(), source.into_bytes())],
        date,
    )
    .map(|c| c.document)
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Ages Typst's memoisation caches and drops entries unused for `max_age` calls. Call it from
/// one place after each build in a long-lived process (watch mode, many cities): 10 keeps the
/// entries a rebuild of a slightly changed draft reuses. `comemo` is pinned to the version Typst
/// uses, so this reaches Typst's caches and not a second, empty copy.
pub fn evict_caches(max_age: usize) {
    comemo::evict(max_age);
}

/// Hands the memory the allocator holds free back to the system, so that the resident set of a
/// long-lived process follows what it really keeps. `watch` calls it after each rebuild: over
/// 240 rebuilds of the sample, a paragraph and a KPI edited each time, the resident set stayed
/// at 330–334 MiB instead of creeping from 385 to 397 MiB. The heap itself does not grow
/// (heaptrack: 315 MB live after 30 rebuilds and after 90); the creep was freed memory the
/// allocator kept. Not after each city of a batch: there it cost a tenth more time for a
/// twentieth less memory.
pub fn release_freed_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        unsafe extern "C" {
            /// glibc: gives back free memory at the top of the heap and whole free pages of
            /// every arena; returns 1 if it gave any.
            fn malloc_trim(pad: usize) -> std::ffi::c_int;
        }
        // SAFETY: malloc_trim takes no pointers and holds each arena's lock while it works,
        // so it may run while other threads allocate.
        unsafe {
            malloc_trim(0);
        }
    }
}

/// The text of each page, in reading order of the layout: for tests and, later, for showing
/// what changed between drafts.
pub fn page_text(document: &PagedDocument) -> Vec<String> {
    fn walk(frame: &Frame, out: &mut String) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, out),
                FrameItem::Text(text) => {
                    out.push_str(&text.text);
                    out.push(' ');
                }
                _ => {}
            }
        }
    }
    document
        .pages()
        .iter()
        .map(|page| {
            let mut text = String::new();
            walk(&page.frame, &mut text);
            text
        })
        .collect()
}

/// Every character that came out as the missing-glyph box, with the font that lacked it.
fn missing_glyphs(document: &PagedDocument) -> Vec<String> {
    fn walk(frame: &Frame, page: usize, out: &mut Vec<String>) {
        for (_, item) in frame.items() {
            match item {
                FrameItem::Group(group) => walk(&group.frame, page, out),
                FrameItem::Text(text) => {
                    for glyph in text.glyphs.iter().filter(|g| g.id == 0) {
                        let c = text.text.get(glyph.range()).unwrap_or("?");
                        let line = format!(
                            "- page {page}: \"{c}\" (U+{:04X}) is not in {}; write it in another form or ask for a font that covers it",
                            c.chars().next().map_or(0, u32::from),
                            text.font.font().info().family
                        );
                        if !out.contains(&line) {
                            out.push(line);
                        }
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        walk(&page.frame, i + 1, &mut out);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile_main(main: &str) -> Result<Typeset, TypesetError> {
        let mut files = ProfileFiles::plain(vec![("main.typ".into(), main.as_bytes().to_vec())]);
        typeset(
            &mut files,
            Date {
                year: 2026,
                month: 1,
                day: 2,
            },
            false,
        )
    }

    /// A one-section document of 12 pages whose section starts lower once the layout knows
    /// that a label exists further on, which the first pass does not.
    const MOVES_WHEN_FINISHED: &str = "#set page(paper: \"a4\")\n#set text(font: \"Roboto\")\n\
        #context { if query(<further-on>).len() > 0 { v(200pt) } }\n\
        #metadata(\"key-messages\") <sscp-section-start>\nKey messages.\n\
        #metadata(\"key-messages\") <sscp-section-end>\n\
        #metadata(none) <further-on>\n#for _ in range(11) { pagebreak() }\n";

    #[test]
    fn pages_are_fuller_by_their_emptiest_page_then_the_next() {
        assert!(fuller(&[0.3, 0.2], &[0.5, 0.1]));
        // As empty at their emptiest (within a hundredth): the next emptiest decides.
        assert!(fuller(&[0.52, 0.38], &[0.515, 0.50]));
        assert!(!fuller(&[0.52, 0.50], &[0.52, 0.38]));
        // The same pages are not fuller.
        assert!(!fuller(&[0.4, 0.2], &[0.4, 0.2]));
    }

    #[test]
    fn the_search_measures_first_passes_and_searches_again_if_the_kept_one_moves() {
        // The search lays the steady document out twice (as planned, then with the section's
        // room given to it), measuring each after the first pass; the moving one is searched
        // again on finished layouts because the layout it kept moved when finished.
        let steady = compile_main(&MOVES_WHEN_FINISHED.replace("v(200pt)", "v(0pt)")).unwrap();
        assert_eq!(steady.layouts.len(), 2);
        let moving = compile_main(MOVES_WHEN_FINISHED).unwrap();
        assert_eq!(moving.layouts.len(), 4);
        let start = plan::spans(&moving.document)["key-messages"].start;
        assert_eq!(start.0, 1);
        assert!(start.1 > 200.0, "the section starts at {} pt", start.1);
    }

    #[test]
    fn a_finished_trial_is_what_typst_compile_gives() {
        // Each page names the page count, which the first pass does not know.
        let body = "#set page(paper: \"a4\")\n#set text(font: \"Roboto\")\n\
            #for i in range(3) [Page #(i + 1) of #context counter(page).final().first() #pagebreak(weak: true)]";
        let date = Date {
            year: 2026,
            month: 1,
            day: 2,
        };
        let words = |document: &PagedDocument| -> Vec<String> {
            page_text(document)
                .iter()
                .map(|page| page.split_whitespace().collect::<Vec<_>>().join(" "))
                .collect()
        };
        let files = world::shared(vec![("test.typ".to_string(), body.as_bytes().to_vec())]);
        let first = trial("test.typ", files.clone(), date).unwrap();
        assert_eq!(words(first.document())[0], "Page 1 of 1");
        let finished = first.finish().unwrap();
        let world =
            ProfileWorld::with_main("test.typ", files, Datetime::from_ymd(2026, 1, 2).unwrap());
        let stock = typst::compile::<PagedDocument>(&world).output.unwrap();
        assert_eq!(words(&finished.document), words(&stock));
        assert_eq!(words(&finished.document)[2], "Page 3 of 3");
    }

    #[test]
    fn template_errors_name_file_line_and_column() {
        let err = compile_main("#let a = 1\n#unknown-function(a)\n")
            .err()
            .unwrap();
        assert_eq!(
            err.to_string(),
            "the profile template failed to compile:\nmain.typ:2:2: error: unknown variable: unknown-function\n  \
             hint: if you meant to use subtraction, try adding spaces around the minus sign: `unknown - function`"
        );
    }

    #[test]
    fn an_unknown_font_family_is_an_error_not_a_fallback() {
        let err = compile_main("#set text(font: \"Comic Sans MS\")\nHello")
            .err()
            .unwrap();
        assert!(matches!(err, TypesetError::UnknownFont(_)), "{err}");
        assert!(
            err.to_string()
                .contains("main.typ:1:17: warning: unknown font family: comic sans ms"),
            "{err}"
        );
    }

    #[test]
    fn a_character_no_bundled_font_has_prints_as_a_box_with_a_warning() {
        let compiled = compile(
            "main.typ",
            vec![(
                "main.typ".into(),
                "#set text(font: \"Roboto\", fallback: false)\n北京"
                    .as_bytes()
                    .to_vec(),
            )],
            Date {
                year: 2026,
                month: 1,
                day: 2,
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            compiled.warnings[1],
            "- page 1: \"北\" (U+5317) is not in Roboto; write it in another form or ask for a font that covers it"
        );
        assert!(page_text(&compiled.document)[0].contains("北京"));
    }

    #[test]
    fn packages_are_refused() {
        let err = compile_main("#import \"@preview/cetz:0.3.0\": canvas")
            .err()
            .unwrap();
        assert!(err.to_string().contains("package not found"), "{err}");
    }

    #[test]
    fn the_date_is_the_edition_date_not_the_clock() {
        let world = ProfileWorld::new(vec![], Datetime::from_ymd(2026, 1, 2).unwrap());
        assert_eq!(
            typst::World::today(&world, None),
            Datetime::from_ymd(2026, 1, 2)
        );
    }
}
