//! The page plan: how the inside pages (3–11) are shared out among the sections of one city's
//! profile. The cover, page 2 and the back cover are fixed; the rest is one budget. The plan
//! says which sections start on a fresh page and how much each section's chart grows into the
//! room left where its page ends; the template follows it (`data.plan`).
//!
//! The driver finds the plan by laying the profile out and measuring it:
//! 1. every section starts on a fresh page (what a designer does when there is room);
//! 2. while the profile runs past its 12 pages, the section after the largest space left at a
//!    page end follows on instead, so that space is used;
//! 3. where a section still ends with room on its page, the chart of the run of sections ending
//!    there grows into it, as far as its width allows;
//! 4. where a run leaves more than a quarter of its page empty with nothing that grows, the
//!    section after it follows on instead, if the run it starts can grow into the room and the
//!    profile keeps its pages, the layout filled again and kept if it is fuller.
//!
//! Two things measured on the way are set right before they mislead the search: a block of
//! balanced columns whose empty rest ran onto a page of its own is trimmed (`spills`), and
//! room left above a section that follows on but starts a page later counts as a run's end.
//!
//! If even a profile where every section follows on does not fit, the shortfall is measured
//! where the text ends, beyond page 11, so that cutting that much makes it fit.

use std::collections::BTreeMap;

use serde::Serialize;
use typst::foundations::{Label, Selector};
use typst::introspection::{Introspector, MetadataElem};
use typst::utils::PicoStr;
use typst_layout::PagedDocument;

use super::Overflow;

/// The inside sections in print order, with the fields that fill them and how many characters
/// of their text one line of the page's height holds (across its columns).
pub(crate) const SECTIONS: [(&str, &str, &[&str], u32); 9] = [
    (
        "key-messages",
        "Key messages",
        &["/showcase/key_messages", "/city/key_facts"],
        98,
    ),
    (
        "context",
        "The city and its context",
        &["/survey/context", "/survey/legal_framework"],
        110,
    ),
    (
        "agenda",
        "The 2030 Agenda",
        &["/survey/agenda_2030", "/survey/key_achievements"],
        100,
    ),
    (
        "society",
        "Society and culture",
        &["/survey/areas/society", "/showcase/good_practices"],
        66,
    ),
    (
        "environment",
        "Environment",
        &["/survey/areas/environment", "/showcase/good_practices"],
        66,
    ),
    (
        "economy",
        "Economy",
        &["/survey/areas/economy", "/showcase/good_practices"],
        66,
    ),
    ("kpis", "KPI verification", &[], 60),
    ("results", "Results by dimension", &[], 60),
    (
        "outlook",
        "Challenges and opportunities",
        &[
            "/survey/challenges",
            "/survey/opportunities",
            "/survey/finance",
            "/showcase/recommendations",
        ],
        124,
    ),
];

/// Sections whose last element is a chart that may grow; a section with pictures grows them.
pub(crate) const ELASTIC: [&str; 5] = ["key-messages", "society", "environment", "economy", "kpis"];

/// The last inside page: the back cover follows.
const LAST_INSIDE: usize = 11;

/// The text area of an inside page, in points from the page top (A4, margins of the style).
const BODY_TOP: f64 = 21.0 * MM;
const BODY_BOTTOM: f64 = 841.89 - 19.0 * MM;
const MM: f64 = 72.0 / 25.4;
pub(crate) const LINE: f64 = 13.0;

/// Room at a page end smaller than this is not worth growing a chart into.
const WORTH_FILLING: f64 = 2.0 * LINE;

/// What the template is told.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// Sections that start on a fresh page; the others follow on where the one before ends.
    pub breaks: BTreeMap<&'static str, bool>,
    /// Points of height each section's chart grows by.
    pub grow: BTreeMap<&'static str, f64>,
    /// Charts drawn to take less height (the area charts in two columns) and the body set a
    /// little tighter, for a profile short of room.
    pub compact: bool,
    /// The height of the two-column block of results tables, in points over all its pages, that
    /// evens out the columns of its last page; none until measured.
    pub results_height: Option<f64>,
    /// Points by which a section's last block of balanced columns is set shorter: its fixed
    /// height ran a sliver past the page its text fitted on, and that empty sliver took a page
    /// of its own (`spills`).
    pub trim: BTreeMap<&'static str, f64>,
    /// Whether the results are followed by their sources and data quality, a table a sparse
    /// profile's plan may give the room it has (`reflow`).
    pub sources: bool,
    /// Whether the outlook's pictures come before its recommendations, not after them, so that
    /// the recommendations run on below the pictures (`reflow`).
    pub pictures_before_recommendations: bool,
    /// Whether the layout records the heights a sparse profile's plans are weighed with (every
    /// area's results in detail, the results' sources), which only such a profile needs.
    pub measure: bool,
}

impl Default for Plan {
    /// Every section on a fresh page, charts at their own size.
    fn default() -> Plan {
        Plan {
            breaks: SECTIONS.iter().map(|(name, ..)| (*name, true)).collect(),
            grow: BTreeMap::new(),
            compact: false,
            results_height: None,
            trim: BTreeMap::new(),
            sources: false,
            pictures_before_recommendations: false,
            measure: false,
        }
    }
}

/// Where a section starts and ends on the laid-out pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Span {
    /// Page and distance from the page top, in points.
    pub start: (usize, f64),
    pub end: (usize, f64),
    /// How far from the page's left edge the section ends (which column), in points.
    pub end_x: f64,
}

/// Where a mark lies: its page, and x and y in points from the page's top left.
pub(crate) type At = (usize, f64, f64);

/// The values of the metadata the template marked with `label`, of type `T`, each with where
/// it lies, where it was laid out.
pub(crate) fn records<T: typst::foundations::FromValue>(
    document: &PagedDocument,
    label: &str,
) -> Vec<(T, Option<At>)> {
    let introspector = document.introspector();
    let Some(label) = Label::new(PicoStr::intern(label)) else {
        return Vec::new();
    };
    introspector
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|content| {
            let value = content
                .to_packed::<MetadataElem>()?
                .value
                .clone()
                .cast::<T>()
                .ok()?;
            let at = content
                .location()
                .and_then(|location| introspector.position(location))
                .map(|p| (p.page.get(), p.point.x.to_pt(), p.point.y.to_pt()));
            Some((value, at))
        })
        .collect()
}

/// The spans of every section the template marked, by name.
pub(crate) fn spans(document: &PagedDocument) -> BTreeMap<String, Span> {
    let find = |label: &str| -> Vec<(String, At)> {
        records::<String>(document, label)
            .into_iter()
            .filter_map(|(name, at)| Some((name, at?)))
            .collect()
    };
    let ends: BTreeMap<String, At> = find("sscp-section-end").into_iter().collect();
    find("sscp-section-start")
        .into_iter()
        .filter_map(|(name, (page, _, y))| {
            let (end_page, end_x, end_y) = *ends.get(&name)?;
            Some((
                name,
                Span {
                    start: (page, y),
                    end: (end_page, end_y),
                    end_x,
                },
            ))
        })
        .collect()
}

/// Room left below a point on an inside page.
pub(crate) fn room_below(y: f64) -> f64 {
    (BODY_BOTTOM - y).max(0.0)
}

/// Sections whose end lies a sliver below the top of a page they did not start on: less than
/// half a line, so no line of text can be there, only the empty rest of a block of balanced
/// columns whose fixed height (half the text plus a line to spare) was a little more than the
/// room its text fitted in. With the sliver each adds to its section's trim, the block ends on
/// the page before; a section that has trimmed half a line already is left as it is (the spare
/// line is then needed).
pub(crate) fn spills(plan: &Plan, spans: &BTreeMap<String, Span>) -> BTreeMap<&'static str, f64> {
    let mut trim = plan.trim.clone();
    for (name, ..) in SECTIONS {
        let Some(span) = spans.get(name) else {
            continue;
        };
        let sliver = span.end.1 - BODY_TOP;
        let already = trim.get(name).copied().unwrap_or(0.0);
        if span.end.0 > span.start.0 && sliver > 0.0 && sliver < LINE / 2.0 && already < LINE / 2.0
        {
            trim.insert(name, already + sliver.ceil());
        }
    }
    trim
}

/// Which break to give up next: the fresh page after the most room left at a page end.
pub(crate) fn break_to_remove(plan: &Plan, spans: &BTreeMap<String, Span>) -> Option<&'static str> {
    after_most_room(plan, |before| {
        spans.get(before).map(|span| room_below(span.end.1))
    })
}

/// Of the sections the plan starts on a fresh page, the one after the most room left at the
/// end of the section before it (`room_after`, by that section's name, where known).
fn after_most_room(plan: &Plan, room_after: impl Fn(&str) -> Option<f64>) -> Option<&'static str> {
    SECTIONS
        .windows(2)
        .map(|pair| (pair[0].0, pair[1].0))
        .filter(|(_, name)| plan.breaks.get(name).copied().unwrap_or(false))
        .filter_map(|(before, name)| Some((name, room_after(before)?)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(name, _)| name)
}

/// Which breaks to give up, in order, before the next layout: [`break_to_remove`] repeated on
/// a model of the layout instead of a layout per break. The model keeps every section's height
/// as measured (the results tables as the amount they fill in their two columns) and moves
/// the sections up as breaks are given up. The first break it names is the one
/// [`break_to_remove`] names; it names more only while the profile would surely still run past
/// page 11, and never the results' own page, which it knows least well.
///
/// The model does not know where text will break across pages once moved, so the caller lays
/// the profile out with these breaks given up and goes on from what it measures. Compared on
/// 120 variants of the sample cities (paragraphs cut or lengthened at random), this gave up the
/// same breaks as one layout per break every time; allowed to go on until the model fitted,
/// it gave up more than needed for 7 of them.
pub(crate) fn breaks_to_remove(plan: &Plan, spans: &BTreeMap<String, Span>) -> Vec<&'static str> {
    let Some(first) = break_to_remove(plan, spans) else {
        return Vec::new();
    };
    let Some(model) = Model::measure(spans) else {
        return vec![first];
    };
    let mut tried = plan.clone();
    tried.breaks.insert(first, false);
    let mut removed = vec![first];
    loop {
        let ends = model.ends(&tried);
        // Only while the model is sure the profile is still too long: past page 11 by more
        // than it can be wrong (a measured section moved up breaks differently across pages).
        let inside_pages = (LAST_INSIDE - 2) as f64 * BODY;
        if ends
            .last()
            .is_none_or(|end| end - inside_pages <= SURELY_OVER)
        {
            break;
        }
        // The fresh page after the most room left, as `break_to_remove` chooses.
        let next = after_most_room(&tried, |before| {
            let i = SECTIONS.iter().position(|(n, ..)| *n == before)?;
            Some(room_below(y_of(ends[i])))
        });
        // The model knows the results tables least well (rows kept whole in two columns), so
        // whether they follow on is left to a layout.
        let Some(name) = next.filter(|name| *name != "results") else {
            break;
        };
        tried.breaks.insert(name, false);
        removed.push(name);
    }
    removed
}

/// How far past page 11 the model must put the end of the profile to give up another break
/// without a layout.
const SURELY_OVER: f64 = BODY / 2.0;

/// The distance from the page top of a position in the flow.
pub(crate) fn y_of(at: f64) -> f64 {
    BODY_TOP + at.rem_euclid(BODY)
}

/// The height of the text area of an inside page.
pub(crate) const BODY: f64 = BODY_BOTTOM - BODY_TOP;

/// The inside sections as heights in one flow of text areas, page 3's top at 0.
pub(crate) struct Model {
    /// Each section's height as measured, in print order; for the results section only its
    /// heading, the tables being in `columns`.
    heights: Vec<f64>,
    /// How far the results tables reach when laid out in one column of a page's height.
    columns: f64,
    /// The space between a section and the next one following on.
    gap: f64,
}

impl Model {
    pub(crate) fn measure(spans: &BTreeMap<String, Span>) -> Option<Model> {
        let flow = |(page, y): (usize, f64)| (page as f64 - 3.0) * BODY + (y - BODY_TOP);
        let mut heights = Vec::new();
        let mut gaps = Vec::new();
        for (i, (name, ..)) in SECTIONS.iter().enumerate() {
            let span = spans.get(*name)?;
            heights.push(flow(span.end) - flow(span.start));
            if i > 0 {
                let before = spans.get(SECTIONS[i - 1].0)?;
                if span.start.0 == before.end.0 {
                    gaps.push(flow(span.start) - flow(before.end));
                }
            }
        }
        // The results tables fill their first page from where they start, then whole pages,
        // in two columns each.
        let tables = spans.get("results-columns")?;
        let (first, top) = tables.start;
        let last = tables.end.0;
        let last_page = LastPage::of(tables).used;
        let columns = if last == first {
            last_page
        } else {
            2.0 * (BODY_BOTTOM - top) + 2.0 * BODY * (last - first - 1) as f64 + last_page
        };
        let results = SECTIONS.iter().position(|(n, ..)| *n == "results")?;
        heights[results] = flow(tables.start) - flow(spans.get("results")?.start);
        let gap = if gaps.is_empty() {
            LINE
        } else {
            gaps.iter().sum::<f64>() / gaps.len() as f64
        };
        Some(Model {
            heights,
            columns,
            gap,
        })
    }

    /// Where each section would end, in the flow, with the breaks of `plan`.
    fn ends(&self, plan: &Plan) -> Vec<f64> {
        self.flow(plan, &BTreeMap::new(), false)
            .into_iter()
            .map(|(_, end)| end)
            .collect()
    }

    /// Where each section would start and end, in the flow, with the breaks of `plan` and
    /// `taller` points added to the sections it names (to the results, after their columns);
    /// `evened`: the results' last page evened out between its columns.
    pub(crate) fn flow(
        &self,
        plan: &Plan,
        taller: &BTreeMap<&str, f64>,
        evened: bool,
    ) -> Vec<(f64, f64)> {
        let mut at = 0.0;
        let mut ends = Vec::new();
        for (i, (name, ..)) in SECTIONS.iter().enumerate() {
            if i > 0 {
                if plan.breaks.get(name).copied().unwrap_or(false) {
                    at = (at / BODY).ceil() * BODY;
                } else {
                    at += self.gap;
                    // A heading with too little room under it goes to the next page.
                    if room_below(y_of(at)) < 3.0 * LINE {
                        at = (at / BODY).ceil() * BODY;
                    }
                }
            }
            let start = at;
            at += self.heights[i];
            if *name == "results" {
                at = self.two_columns(at, evened);
            }
            at += taller.get(name).copied().unwrap_or(0.0);
            ends.push((start, at));
        }
        ends
    }

    /// Where the results tables end when they start at `at`: each page takes twice its room
    /// (two columns); a last page whose second column is used is taken whole.
    fn two_columns(&self, at: f64, evened: bool) -> f64 {
        let mut left = self.columns.max(0.0);
        let mut at = at;
        // A page at a time; a page's room is at least a line, so this ends.
        loop {
            let room = (BODY - at.rem_euclid(BODY)).max(LINE);
            if left <= room && !evened {
                return at + left;
            }
            if left <= 2.0 * room {
                return at
                    + if evened {
                        (left / 2.0 + LINE).min(room)
                    } else {
                        room
                    };
            }
            left -= 2.0 * room;
            at += room;
        }
    }
}

/// The runs of the plan: sections in print order, a new run at each fresh page.
fn runs(plan: &Plan) -> Vec<Vec<&'static str>> {
    let mut runs: Vec<Vec<&'static str>> = Vec::new();
    for (name, ..) in SECTIONS {
        match runs.last_mut() {
            Some(run) if !plan.breaks.get(name).copied().unwrap_or(false) => run.push(name),
            _ => runs.push(vec![name]),
        }
    }
    runs
}

/// The runs of the plan as laid out: a run also ends where the section after it, following on,
/// starts on a later page than it ends (its first block did not fit below), so that the room
/// left there is seen.
fn laid_runs(plan: &Plan, spans: &BTreeMap<String, Span>) -> Vec<Vec<&'static str>> {
    let mut laid: Vec<Vec<&'static str>> = Vec::new();
    for run in runs(plan) {
        let mut part: Vec<&'static str> = Vec::new();
        for name in run {
            let apart =
                part.last()
                    .is_some_and(|before| match (spans.get(*before), spans.get(name)) {
                        (Some(b), Some(n)) => n.start.0 > b.end.0,
                        _ => false,
                    });
            if apart {
                laid.push(std::mem::take(&mut part));
            }
            part.push(name);
        }
        laid.push(part);
    }
    laid
}

/// The runs of the layout that end with room worth filling on their page (before a fresh page
/// or a section that starts on the next one, or at the end of the inside pages), with that room.
fn runs_with_room(
    plan: &Plan,
    spans: &BTreeMap<String, Span>,
) -> impl Iterator<Item = (Vec<&'static str>, f64)> {
    laid_runs(plan, spans).into_iter().filter_map(|run| {
        let room = room_below(spans.get(*run.last()?)?.end.1);
        (room >= WORTH_FILLING).then_some((run, room))
    })
}

/// The plan that fits the most on the pages: every section following on, the compact plan.
pub(crate) fn tightest() -> Plan {
    Plan {
        breaks: SECTIONS.iter().map(|(name, ..)| (*name, false)).collect(),
        compact: true,
        ..Plan::default()
    }
}

/// A page left more than this empty (a share of the text area) by a run with nothing that
/// grows is worth a section following on below it.
pub(crate) const RUN_ON: f64 = 0.25;

/// Sections that may follow on below the run before them instead of starting a fresh page,
/// the most room first: that run ends with more than a quarter of its page empty and has
/// nothing that grows into it (no chart, no pictures), and the run the section starts ends with
/// something that does, so that following on moves the room to where it fills. The caller
/// keeps a run-on only if the profile keeps its pages.
pub(crate) fn run_ons(
    plan: &Plan,
    spans: &BTreeMap<String, Span>,
    with_pictures: &[String],
) -> Vec<&'static str> {
    let runs = runs(plan);
    let mut found: Vec<(&'static str, f64)> = runs
        .windows(2)
        .filter_map(|pair| {
            let (before, run) = (&pair[0], &pair[1]);
            let room = room_below(spans.get(*before.last()?)?.end.1);
            let fills = |run: &[&str]| run.iter().any(|n| elastic(n, with_pictures));
            (room > RUN_ON * BODY && !fills(before) && fills(run)).then_some((run[0], room))
        })
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    found.into_iter().map(|(name, _)| name).collect()
}

/// Charts to grow: for each run of sections that ends with room on its page, the last elastic
/// section of the run, by the room. The results count as elastic: with room on their last
/// page they list the KPIs not reported one a line, as the verification reports do.
pub(crate) fn growth(
    plan: &Plan,
    spans: &BTreeMap<String, Span>,
    with_pictures: &[String],
) -> BTreeMap<&'static str, f64> {
    // What the plan gives already stays (a sparse profile's results in detail, `reflow`).
    let mut grow = plan.grow.clone();
    for (run, room) in runs_with_room(plan, spans) {
        if let Some(last) = run
            .iter()
            .rev()
            .find(|n| elastic(n, with_pictures) || **n == "results")
        {
            let already = plan.grow.get(last).copied().unwrap_or(0.0);
            // A little less than the room: the chart's caption lines round up.
            grow.insert(*last, already + room - LINE / 2.0);
        }
    }
    grow
}

/// [`growth`] in the layout that evens out the results: they end higher on their last page by
/// what evening them out saves there, and the room below is theirs to grow into (the KPIs not
/// reported listed one a line).
pub(crate) fn growth_with_results_evened(
    plan: &Plan,
    spans: &BTreeMap<String, Span>,
    with_pictures: &[String],
) -> BTreeMap<&'static str, f64> {
    let mut evened = spans.clone();
    if let (Some(out), Some(results)) = (evening_out(spans), evened.get_mut("results")) {
        results.end.1 -= out.saves;
    }
    growth(plan, &evened, with_pictures)
}

/// Whether a section has a chart that grows, or pictures.
fn elastic(name: &str, with_pictures: &[String]) -> bool {
    ELASTIC.contains(&name) || with_pictures.iter().any(|p| p == name)
}

/// Growth held back after the layout of try `round` (from 0) took more pages: the sections to
/// blame have theirs halved after the first two tries and dropped after the third, so that a
/// fourth try still grows the sections that fitted. Growth under a line is dropped.
pub(crate) fn hold_back(
    grow: &mut BTreeMap<&'static str, f64>,
    blamed: &[&'static str],
    round: usize,
) {
    for name in blamed {
        if round < 2 {
            if let Some(g) = grow.get_mut(name) {
                *g /= 2.0;
            }
        } else {
            grow.remove(name);
        }
    }
    grow.retain(|_, g| *g >= LINE);
}

/// Whether the results' columns can be evened out in the layout that grows the charts: the
/// results share their run (the sections between two fresh pages) with no chart or pictures, so
/// evening them out moves nothing that grows and leaves every other run where it was, and the
/// growth measured before is the growth that would be measured after.
pub(crate) fn results_apart_from_growth(plan: &Plan, with_pictures: &[String]) -> bool {
    runs(plan)
        .iter()
        .find(|run| run.contains(&"results"))
        .is_some_and(|run| !run.iter().any(|n| elastic(n, with_pictures)))
}

/// Room still left where runs end after their last elastic section grew (a chart can be held
/// back by its width, or the wheel by its key): offered to the elastic section before the
/// grown one in the same run, on top of what it has.
pub(crate) fn leftover_growth(
    plan: &Plan,
    spans: &BTreeMap<String, Span>,
    with_pictures: &[String],
) -> BTreeMap<&'static str, f64> {
    let mut grow = plan.grow.clone();
    for (run, room) in runs_with_room(plan, spans) {
        let Some(grown) = run.iter().rposition(|n| plan.grow.contains_key(n)) else {
            continue;
        };
        if let Some(before) = run[..grown]
            .iter()
            .rev()
            .find(|n| elastic(n, with_pictures))
        {
            *grow.entry(*before).or_insert(0.0) += room - LINE / 2.0;
        }
    }
    grow
}

/// The height for the results block that evens out its last page: the columns as laid out end
/// at `end`, in the second column or the first; both are given about half of what the last page
/// holds, plus a line for the unbreakable rows. `None` when there is nothing to even out.
pub(crate) fn balanced_results(spans: &BTreeMap<String, Span>) -> Option<f64> {
    evening_out(spans).map(|e| e.height)
}

/// The last page the results' two columns reach, as laid out.
struct LastPage {
    /// Where the columns start on it: the text area's top, or where the tables start when they
    /// begin on that page.
    top: f64,
    /// The column height they fill there, both columns counted.
    used: f64,
    /// The height of the page they take: the first column's when they reach the second.
    taken: f64,
}

impl LastPage {
    fn of(columns: &Span) -> LastPage {
        let top = if columns.end.0 == columns.start.0 {
            columns.start.1
        } else {
            BODY_TOP
        };
        let in_first = columns.end.1 - top;
        // The second column starts right of the middle of the text area; reaching it, the
        // columns have filled the first to the page's foot.
        if columns.end_x > MIDDLE_X {
            let region = BODY_BOTTOM - top;
            LastPage {
                top,
                used: region + in_first,
                taken: region,
            }
        } else {
            LastPage {
                top,
                used: in_first,
                taken: in_first,
            }
        }
    }
}

/// Evening out the results' last page: the block's height over all its pages, and how much
/// less of its last page it takes than as laid out.
struct EvenedOut {
    height: f64,
    saves: f64,
}

fn evening_out(spans: &BTreeMap<String, Span>) -> Option<EvenedOut> {
    let span = spans.get("results-columns")?;
    let (first, start_y) = span.start;
    let last = span.end.0;
    let LastPage { top, used, taken } = LastPage::of(span);
    let region = BODY_BOTTOM - top;
    let last_page = (used / 2.0 + LINE).min(region);
    if last_page >= region - 1.0 || used < 2.0 * LINE {
        return None;
    }
    let before = if last == first {
        0.0
    } else {
        (BODY_BOTTOM - start_y) + (last - first - 1) as f64 * BODY
    };
    Some(EvenedOut {
        height: before + last_page,
        saves: (taken - last_page).max(0.0),
    })
}

/// Whether evening out the results' columns surely leaves the profile too long, so that the
/// layout that would try it can be skipped. What follows the results moves up by what evening
/// them out saves on their last page, and at best also into the room left at the foot of every
/// page from there on (text held back by a page break, a picture that did not fit); if the
/// text would still run past page 11 by more than two lines, it cannot fit.
pub(crate) fn evening_out_falls_short(
    document: &PagedDocument,
    spans: &BTreeMap<String, Span>,
) -> bool {
    let (Some(evened), Some(columns), Some(end)) = (
        evening_out(spans),
        spans.get("results-columns"),
        last_inside_end(spans),
    ) else {
        return false;
    };
    let over = past_page_11(end);
    let room: f64 = (columns.end.0..end.0)
        .map(|page| room_at_foot(document, page))
        .sum();
    over > evened.saves + room + 2.0 * LINE
}

/// Where the last inside section ends.
fn last_inside_end(spans: &BTreeMap<String, Span>) -> Option<(usize, f64)> {
    SECTIONS
        .iter()
        .rev()
        .find_map(|(name, ..)| spans.get(*name))
        .map(|span| span.end)
}

/// How far a position in the flow lies past the end of page 11.
fn past_page_11((page, y): (usize, f64)) -> f64 {
    if page <= LAST_INSIDE {
        0.0
    } else {
        (page - LAST_INSIDE - 1) as f64 * BODY + (y - BODY_TOP).max(0.0)
    }
}

/// The room below the lowest ink in the text area of a page (all of it on a page without).
fn room_at_foot(document: &PagedDocument, page: usize) -> f64 {
    let Some(page) = document.pages().get(page - 1) else {
        return 0.0;
    };
    let mut inked: Vec<(f64, f64)> = Vec::new();
    collect_ink(&page.frame, 0.0, &mut inked);
    let lowest = inked
        .iter()
        .filter(|(top, bottom)| *bottom > BODY_TOP && *top < BODY_BOTTOM)
        .map(|(_, bottom)| *bottom)
        .fold(BODY_TOP, f64::max);
    room_below(lowest)
}

/// Whether the results tables all lie inside their block: their end before the block's end and
/// in one of its two columns.
pub(crate) fn results_inside(spans: &BTreeMap<String, Span>) -> bool {
    match (spans.get("results-columns"), spans.get("results")) {
        (Some(columns), Some(block)) => columns.end <= block.end && columns.end_x < RIGHT_EDGE,
        _ => false,
    }
}

/// The right edge of the text area on either page side, in points.
const RIGHT_EDGE: f64 = 595.28 - 17.0 * MM;

/// The horizontal middle of the text area (the inner and outer margins differ by 2 mm, so a
/// marker in the second column is well right of this on every page).
const MIDDLE_X: f64 = 297.6;

/// The sections whose growth made their run take another page: the run ends more pages after
/// it starts than before (a run only pushed down by the one before it is not to blame), or,
/// when nothing shows where, every growing section.
pub(crate) fn overgrown(
    plan: &Plan,
    before: &BTreeMap<String, Span>,
    after: &BTreeMap<String, Span>,
) -> Vec<&'static str> {
    let extent = |spans: &BTreeMap<String, Span>, run: &[&str]| -> Option<usize> {
        let first = spans.get(*run.first()?)?;
        let last = spans.get(*run.last()?)?;
        Some(last.end.0 - first.start.0)
    };
    let culprits: Vec<&'static str> = runs(plan)
        .into_iter()
        .filter(|run| match (extent(before, run), extent(after, run)) {
            (Some(b), Some(a)) => a > b,
            _ => false,
        })
        .flatten()
        .collect();
    if culprits.is_empty() {
        SECTIONS.iter().map(|(n, ..)| *n).collect()
    } else {
        culprits
    }
}

/// The overflow of a profile laid out with every section following on: how far its inside
/// pages run past page 11, and the sections there.
pub(crate) fn overflow(spans: &BTreeMap<String, Span>, pages: usize) -> Vec<Overflow> {
    let mut overflows = Vec::new();
    if let Some(end) = last_inside_end(spans) {
        let over = past_page_11(end);
        if over > 0.5 {
            // The sections printed past page 11, last first, name the fields to shorten; any
            // text before them counts as much, since the inside pages are one budget.
            let beyond: Vec<&(&str, &str, &[&str], u32)> = SECTIONS
                .iter()
                .filter(|(name, ..)| spans.get(*name).is_some_and(|s| s.end.0 > LAST_INSIDE))
                .collect();
            let (_, title, _, chars_per_line) =
                beyond.last().copied().copied().unwrap_or(SECTIONS[8]);
            let lines = (over / LINE).ceil() as u32;
            let mut fields: Vec<String> = beyond
                .iter()
                .rev()
                .flat_map(|(_, _, fields, _)| fields.iter().map(|f| f.to_string()))
                .collect();
            fields.dedup();
            overflows.push(Overflow {
                title: title.to_string(),
                pages: "3–11".to_string(),
                over_pt: over,
                lines,
                chars: lines * chars_per_line,
                fields,
                cuts: Vec::new(),
            });
        }
    }
    // The references on the back cover have one page.
    if let Some(span) = spans.get("references")
        && span.end.0 > span.start.0
    {
        let over =
            (span.end.0 - span.start.0 - 1) as f64 * BODY + (span.end.1 - 18.0 * MM).max(0.0);
        let lines = (over / LINE).ceil() as u32;
        overflows.push(Overflow {
            title: "References and sources".to_string(),
            pages: "12".to_string(),
            over_pt: over,
            lines,
            chars: lines * 86,
            fields: vec!["/references".into(), "/survey/sources".into()],
            cuts: Vec::new(),
        });
    }
    if overflows.is_empty() && pages > super::PAGES {
        // Something else ran over (a picture or table taller than a page): say where.
        overflows.push(Overflow {
            title: "The inside pages".to_string(),
            pages: "3–11".to_string(),
            over_pt: 0.0,
            lines: 0,
            chars: 0,
            fields: Vec::new(),
            cuts: Vec::new(),
        });
    }
    overflows
}

/// Text pages emptier than a quarter of their height: what a city could add to fill them (the
/// layout never stretches spacing or makes up text to do it). The KPI pages are left out: their
/// wheel and tables take the room they need.
pub(crate) fn empty_pages(document: &PagedDocument) -> Vec<String> {
    let spans = spans(document);
    let kpi_pages = ["kpis", "results"]
        .iter()
        .filter_map(|name| spans.get(*name))
        .flat_map(|s| s.start.0..=s.end.0)
        .collect::<Vec<_>>();
    (3..=LAST_INSIDE)
        .filter(|page| !kpi_pages.contains(page))
        .filter_map(|page| {
            let share = emptiness(document, page);
            if share <= 0.25 {
                return None;
            }
            // The section that ends on the page left the room.
            let (name, title) = SECTIONS
                .iter()
                .filter(|(name, ..)| spans.get(*name).is_some_and(|s| s.end.0 == page))
                .map(|(name, title, ..)| (*name, *title))
                .next_back()?;
            let place = match name {
                "key-messages" => None,
                other => Some(other),
            };
            Some(format!(
                "page {page} is {:.0} % empty at the end of \"{title}\": the city's text is short there{}",
                share * 100.0,
                place.map_or(String::new(), |p| format!(
                    "; a picture for the section (images.sections, \"place\": \"{p}\") or more of the city's text would fill it"
                ))
            ))
        })
        .collect()
}

/// The picture placeholders of a draft, each as the warning that says what to send: the
/// section, the page and the pixels a photograph needs to print sharp in that frame.
pub(crate) fn picture_placeholders(document: &PagedDocument) -> Vec<String> {
    let introspector = document.introspector();
    let Some(label) = Label::new(PicoStr::intern("sscp-picture-placeholder")) else {
        return Vec::new();
    };
    introspector
        .query(&Selector::Label(label))
        .iter()
        .filter_map(|content| {
            let value = &content.to_packed::<MetadataElem>()?.value;
            let dict = value.clone().cast::<typst::foundations::Dict>().ok()?;
            let place = dict.get("place").ok()?.clone().cast::<String>().ok()?;
            let pixels = dict.get("pixels").ok()?.clone().cast::<i64>().ok()?;
            let page = introspector.position(content.location()?)?.page.get();
            let title = dict.get("title").ok()?.clone().cast::<String>().ok()?;
            Some(format!(
                "page {page} holds a placeholder for a photo for {title}: at least {pixels} px wide (images.sections, \"place\": \"{place}\"); a final edition prints no placeholder"
            ))
        })
        .collect()
}

/// Headings left at the foot of an inside page, with nothing of their section under them there:
/// the template keeps every heading with what follows (sticky blocks), so any found is a fault
/// of the layout to report.
pub(crate) fn headings_at_foot(document: &PagedDocument) -> Vec<String> {
    use typst::foundations::NativeElement;
    let introspector = document.introspector();
    let selector = Selector::Elem(<typst::model::HeadingElem as NativeElement>::ELEM, None);
    introspector
        .query(&selector)
        .iter()
        .filter_map(|heading| {
            let position = introspector.position(heading.location()?)?;
            let page = position.page.get();
            let y = position.point.y.to_pt();
            ((2..=LAST_INSIDE).contains(&page) && y > BODY_BOTTOM - 2.5 * LINE).then(|| {
                let title = heading
                    .to_packed::<typst::model::HeadingElem>()
                    .map_or_else(|| heading.plain_text(), |h| h.body.plain_text());
                format!(
                    "the heading \"{title}\" is left at the foot of page {page}, its text on the next"
                )
            })
        })
        .collect()
}

/// How empty an inside page looks: the tallest band of its text area without ink, as a share of
/// the text area's height. Ink is what a reader sees as content: text and shapes darker than a
/// light tint (so the DRAFT mark and panel backgrounds do not count), and pictures. The same
/// measure as `tests/sample_cities.rs` takes from rendered pages, read off the layout instead.
pub fn emptiness(document: &PagedDocument, page: usize) -> f64 {
    let Some(page) = document.pages().get(page - 1) else {
        return 0.0;
    };
    let height = page.frame.size().y.to_pt();
    let (top, bottom) = (height * 0.09, height * 0.93);
    let mut inked: Vec<(f64, f64)> = Vec::new();
    collect_ink(&page.frame, 0.0, &mut inked);
    inked.retain(|(a, b)| *b > top && *a < bottom);
    inked.sort_by(|a, b| a.0.total_cmp(&b.0));
    let (mut reached, mut tallest) = (top, 0.0f64);
    for (a, b) in inked {
        tallest = tallest.max(a.max(top) - reached);
        reached = reached.max(b);
    }
    tallest = tallest.max(bottom - reached);
    tallest / (bottom - top)
}

/// The vertical extents of everything inked in `frame`, placed `dy` down the page.
fn collect_ink(frame: &typst::layout::Frame, dy: f64, out: &mut Vec<(f64, f64)>) {
    use typst::layout::FrameItem;
    for (point, item) in frame.items() {
        let y = dy + point.y.to_pt();
        match item {
            FrameItem::Group(group) => {
                collect_ink(&group.frame, y + group.transform.ty.to_pt(), out)
            }
            FrameItem::Text(text) if dark(&text.fill) => {
                let size = text.size.to_pt();
                out.push((y - 0.75 * size, y + 0.2 * size));
            }
            FrameItem::Shape(shape, _) => {
                // A line thinner than a pixel of the measure's rendering (30 dpi) is drawn as
                // a lighter grey in proportion.
                // A slanted line covers more of a pixel across its run than its thickness.
                let slant = match shape.geometry {
                    typst::visualize::Geometry::Line(d) => {
                        let (dx, dy) = (d.x.to_pt().abs(), d.y.to_pt().abs());
                        dx.hypot(dy) / dx.max(dy).max(f64::EPSILON)
                    }
                    _ => 1.0,
                };
                let stroked = shape.stroke.as_ref().is_some_and(|s| {
                    dark_at(
                        &s.paint,
                        (s.thickness.to_pt() * slant * 30.0 / 72.0).min(1.0),
                    )
                });
                let filled = shape.fill.as_ref().is_some_and(dark);
                let bbox = shape.bbox(true);
                let (top, bottom) = (y + bbox.min.y.to_pt(), y + bbox.max.y.to_pt());
                let line = matches!(shape.geometry, typst::visualize::Geometry::Line(_));
                if filled || (stroked && line) {
                    out.push((top, bottom));
                } else if stroked {
                    // An outline inks its edges, not what it encloses.
                    let width = shape.stroke.as_ref().map_or(0.0, |s| s.thickness.to_pt());
                    out.push((top, top + width));
                    out.push((bottom - width, bottom));
                }
            }
            FrameItem::Image(_, size, _) => out.push((y, y + size.y.to_pt())),
            _ => {}
        }
    }
}

/// Whether a paint reads as ink: darker than 150 of 255 in grey, its transparency counted.
fn dark(paint: &typst::visualize::Paint) -> bool {
    dark_at(paint, 1.0)
}

/// [`dark`] for a paint covering `coverage` of a pixel, the rest white.
fn dark_at(paint: &typst::visualize::Paint, coverage: f64) -> bool {
    match paint {
        typst::visualize::Paint::Solid(color) => {
            let rgb = color.to_rgb();
            let grey = 0.299 * rgb.red + 0.587 * rgb.green + 0.114 * rgb.blue;
            let seen = 1.0 - coverage as f32 * rgb.alpha * (1.0 - grey);
            seen < 150.0 / 255.0
        }
        _ => true,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn lay_out(main: &str) -> PagedDocument {
        let files = vec![("main.typ".into(), main.as_bytes().to_vec())];
        let date = crate::model::Date {
            year: 2026,
            month: 1,
            day: 2,
        };
        super::super::compile("main.typ", files, date)
            .unwrap_or_else(|e| panic!("{e}"))
            .document
    }

    /// A section of `pages` whole pages and `last` points more, starting on page `page`.
    pub(crate) fn span(page: usize, pages: usize, last: f64) -> Span {
        Span {
            start: (page, BODY_TOP),
            end: (page + pages, BODY_TOP + last),
            end_x: 100.0,
        }
    }

    /// Every inside section on a fresh page of its own, from page 3, each `(pages, last)` long
    /// as [`span`] says; the results tables start 30 pt into theirs and end with them.
    pub(crate) fn every_section_fresh(sizes: [(usize, f64); 9]) -> BTreeMap<String, Span> {
        let mut spans: BTreeMap<String, Span> = SECTIONS
            .iter()
            .zip(sizes)
            .enumerate()
            .map(|(i, ((name, ..), (pages, last)))| (name.to_string(), span(3 + i, pages, last)))
            .collect();
        let mut columns = spans["results"];
        columns.start.1 += 30.0;
        spans.insert("results-columns".into(), columns);
        spans
    }

    #[test]
    fn the_breaks_to_give_up_are_found_from_one_layout() {
        // Every section on a fresh page: the outlook runs onto page 13, two pages too many.
        let mut spans = every_section_fresh([
            (0, 600.0),
            (0, 700.0),
            (0, 300.0),
            (0, 650.0),
            (0, 650.0),
            (0, 650.0),
            (0, 500.0),
            (0, 400.0),
            (2, 200.0),
        ]);
        let plan = Plan::default();
        assert_eq!(break_to_remove(&plan, &spans), Some("society"));
        // The most room is after the agenda (428 pt), but the society's 650 pt do not fit
        // there, nor each area in the room after the one before; the KPI section does fit
        // after the economy, and so the results and the outlook move up a page. The outlook
        // then ends 200 pt into page 12: perhaps a layout fits it there, so the model stops.
        assert_eq!(
            breaks_to_remove(&plan, &spans),
            ["society", "environment", "economy", "kpis"]
        );
        // Once the first break given up is enough, it is the only one.
        spans.insert("outlook".into(), span(11, 0, 200.0));
        assert_eq!(breaks_to_remove(&plan, &spans), ["society"]);
    }

    #[test]
    fn the_model_leaves_the_results_page_to_a_layout() {
        // Full pages but for the agenda's (700 pt left) and the KPI section's (628 pt); the
        // outlook ends three pages too late.
        let mut spans = every_section_fresh([
            (0, 718.0),
            (0, 718.0),
            (0, 28.0),
            (0, 650.0),
            (0, 718.0),
            (0, 718.0),
            (0, 100.0),
            (0, 400.0),
            (3, 200.0),
        ]);
        // The society moves up beside the agenda. The most room is then after the KPI section,
        // and the profile is still far too long, but the results' page is not given up on
        // paper.
        assert_eq!(breaks_to_remove(&Plan::default(), &spans), ["society"]);
        // As the first break, from a layout, it is.
        spans.insert("agenda".into(), span(5, 0, 718.0));
        assert_eq!(breaks_to_remove(&Plan::default(), &spans)[0], "results");
    }

    #[test]
    fn an_empty_sliver_on_a_page_of_its_own_is_trimmed_and_a_line_of_text_is_not() {
        let mut spans = every_section_fresh([(0, 700.0); 9]);
        // The outlook's balanced columns end 0.42 pt into page 12: their empty rest.
        spans.insert("outlook".into(), span(11, 1, 0.42));
        // The context's last line on the next page: text, which a trim cannot move.
        spans.insert("context".into(), span(4, 1, 11.0));
        let trim = spills(&Plan::default(), &spans);
        assert_eq!(trim, BTreeMap::from([("outlook", 1.0)]));
        // Trimmed and still a sliver over: trimmed more, up to half a line in all.
        let plan = Plan {
            trim: BTreeMap::from([("outlook", 6.0)]),
            ..Plan::default()
        };
        assert_eq!(spills(&plan, &spans)["outlook"], 7.0);
        let plan = Plan {
            trim: BTreeMap::from([("outlook", 7.0)]),
            ..Plan::default()
        };
        assert_eq!(spills(&plan, &spans)["outlook"], 7.0);
    }

    #[test]
    fn a_section_may_follow_on_where_the_room_before_it_has_nothing_to_fill_it() {
        // The results end halfway down their page; the outlook, on a fresh page, has pictures.
        let mut spans = every_section_fresh([(0, 700.0); 9]);
        spans.insert("results".into(), span(10, 0, 350.0));
        let plan = Plan::default();
        let pictures = ["outlook".to_string()];
        assert_eq!(run_ons(&plan, &spans, &pictures), ["outlook"]);
        // Without pictures the outlook cannot take the room either: following on would only
        // move it to the outlook's own page.
        assert!(run_ons(&plan, &spans, &[]).is_empty());
        // A quarter of the page or less is left as it is.
        spans.insert("results".into(), span(10, 0, 0.76 * BODY));
        assert!(run_ons(&plan, &spans, &pictures).is_empty());
        // Room after a chart that grows is the chart's: the area pages are full.
        let mut spans = every_section_fresh([(0, 700.0); 9]);
        spans.insert("society".into(), span(6, 0, 300.0));
        assert!(run_ons(&plan, &spans, &[]).is_empty());
    }

    #[test]
    fn room_a_grown_chart_left_goes_to_the_chart_before_it_in_its_run() {
        let mut plan = Plan::default();
        plan.breaks.insert("kpis", false);
        plan.grow.insert("kpis", 120.0);
        plan.grow.insert("society", 40.0);
        let spans: BTreeMap<String, Span> = SECTIONS
            .iter()
            .enumerate()
            .map(|(i, (name, ..))| (name.to_string(), span(3 + i, 0, 718.0)))
            .chain([("kpis".to_string(), span(8, 0, 518.0))])
            .collect();
        let grow = leftover_growth(&plan, &spans, &[]);
        // The economy and the wheel share a run that still ends 210 pt short of the page's
        // end: the economy's chart is offered that room. The society's run is full.
        let room = BODY - 518.0 - LINE / 2.0;
        assert_eq!(grow.get("economy").copied(), Some(room));
        assert_eq!(grow.get("kpis").copied(), Some(120.0));
        assert_eq!(grow.get("society").copied(), Some(40.0));
        // A run whose grown chart is its first elastic section offers its room to none.
        plan.breaks.insert("kpis", true);
        assert_eq!(leftover_growth(&plan, &spans, &[]), plan.grow);
    }

    #[test]
    fn the_results_are_evened_out_with_the_growth_only_in_a_run_of_their_own_or_without_charts() {
        let mut plan = Plan::default();
        assert!(results_apart_from_growth(&plan, &[]));
        // The results follow the wheel, which grows into the room where their run ends.
        plan.breaks.insert("results", false);
        assert!(!results_apart_from_growth(&plan, &[]));
        // The outlook follows the results: no chart, unless it has pictures.
        plan.breaks.insert("results", true);
        plan.breaks.insert("outlook", false);
        assert!(results_apart_from_growth(&plan, &[]));
        assert!(!results_apart_from_growth(&plan, &["outlook".to_string()]));
    }

    #[test]
    fn growth_to_blame_is_halved_twice_then_dropped_and_the_rest_kept() {
        let mut grow = BTreeMap::from([("kpis", 200.0), ("society", 40.0)]);
        hold_back(&mut grow, &["kpis"], 0);
        assert_eq!(grow, BTreeMap::from([("kpis", 100.0), ("society", 40.0)]));
        hold_back(&mut grow, &["kpis"], 1);
        assert_eq!(grow, BTreeMap::from([("kpis", 50.0), ("society", 40.0)]));
        // After a third try still too long, the wheel grows no more; the society still does.
        hold_back(&mut grow, &["kpis"], 2);
        assert_eq!(grow, BTreeMap::from([("society", 40.0)]));
        // Halved below a line, growth is not worth a layout.
        hold_back(&mut grow, &["society"], 0);
        hold_back(&mut grow, &["society"], 1);
        assert!(grow.is_empty());
    }

    #[test]
    fn evening_out_the_results_is_skipped_only_when_it_surely_falls_short() {
        // Every section follows on: the results end a third of the way down the second column
        // of page 10, the outlook 300 pt into page 13, a page and 300 pt past page 11.
        let mut spans = every_section_fresh([(0, 0.0); 9]);
        let at = |page: usize, y: f64| Span {
            start: (page, BODY_TOP),
            end: (page, y),
            end_x: 100.0,
        };
        spans.insert(
            "results-columns".into(),
            Span {
                start: (9, 300.0),
                end: (10, BODY_TOP + 240.0),
                end_x: 400.0,
            },
        );
        spans.insert("results".into(), at(10, BODY_TOP + 240.0));
        spans.insert("outlook".into(), at(13, BODY_TOP + 300.0));
        // Pages inked down to the foot: the results even out to about 490 pt of page 10, which
        // saves about 230 pt; nothing else can move up.
        let page =
            "#set page(width: 595.28pt, height: 841.89pt, margin: (top: 21mm, bottom: 19mm))";
        let full = lay_out(&format!(
            "{page}\n#for i in range(13) {{ rect(width: 100%, height: 100%, fill: black) }}"
        ));
        assert!(evening_out_falls_short(&full, &spans));
        // Ending 200 pt into page 12 instead, it might fit: the layout is tried.
        spans.insert("outlook".into(), at(12, BODY_TOP + 200.0));
        assert!(!evening_out_falls_short(&full, &spans));
        // Room left at the feet of pages 10 and 11 might take the rest too.
        spans.insert("outlook".into(), at(13, BODY_TOP + 300.0));
        let blank = lay_out(&format!("{page}\n#for i in range(12) {{ pagebreak() }}"));
        assert!(!evening_out_falls_short(&blank, &spans));
    }

    #[test]
    fn growth_is_blamed_on_the_run_that_took_another_page_not_the_ones_it_pushed() {
        let plan = Plan::default();
        let at = |page: usize, last: f64| span(page, 0, last);
        let before: BTreeMap<String, Span> = SECTIONS
            .iter()
            .enumerate()
            .map(|(i, (name, ..))| (name.to_string(), at(3 + i, 500.0)))
            .collect();
        // The economy's picture outgrew its page; every fresh page after it moved down one.
        let mut after = before.clone();
        after.insert("economy".into(), span(8, 1, 100.0));
        for (i, name) in ["kpis", "results", "outlook"].iter().enumerate() {
            after.insert(name.to_string(), at(10 + i, 600.0));
        }
        assert_eq!(overgrown(&plan, &before, &after), ["economy"]);
    }

    #[test]
    fn the_results_tables_take_a_whole_page_once_they_reach_its_second_column() {
        let model = Model {
            heights: Vec::new(),
            columns: 500.0,
            gap: LINE,
        };
        // 300 pt left on the page: 500 pt of tables fill the first column and part of the
        // second, so the next section starts on the next page.
        let close = |a: f64, b: f64| (a - b).abs() < 1e-6;
        assert!(close(model.two_columns(BODY - 300.0, false), BODY));
        // At a page top they fit in its first column.
        assert!(close(model.two_columns(BODY, false), BODY + 500.0));
        // 100 pt left: 200 pt in two columns there, 300 pt in the next page's first column.
        assert!(close(
            model.two_columns(2.0 * BODY - 100.0, false),
            2.0 * BODY + 300.0
        ));
    }

    #[test]
    fn a_heading_at_a_page_foot_is_found() {
        let page = "#set page(paper: \"a4\", margin: (top: 21mm, bottom: 19mm, x: 18mm))\n";
        let stranded = lay_out(&format!(
            "{page}#pagebreak()#v(700pt)\n#block(sticky: false)[= Stranded]\n#pagebreak()Text"
        ));
        assert_eq!(
            headings_at_foot(&stranded),
            vec!["the heading \"Stranded\" is left at the foot of page 2, its text on the next"]
        );
        let kept = lay_out(&format!("{page}#pagebreak()#v(300pt)\n= Kept\nText"));
        assert!(headings_at_foot(&kept).is_empty());
    }

    #[test]
    fn an_empty_band_is_measured_from_the_layout() {
        let page = "#set page(paper: \"a4\", margin: (top: 21mm, bottom: 19mm, x: 18mm))\n";
        let half = lay_out(&format!(
            "{page}#pagebreak()#rect(width: 100%, height: 340pt, fill: black)"
        ));
        let share = emptiness(&half, 2);
        assert!((0.45..0.56).contains(&share), "{share}");
        // A light tint is no ink: the DRAFT mark and panel backgrounds do not fill a page.
        let tint = lay_out(&format!(
            "{page}#pagebreak()#rect(width: 100%, height: 700pt, fill: luma(240))"
        ));
        assert!(emptiness(&tint, 2) > 0.99);
    }
}
