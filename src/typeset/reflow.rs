//! Plans for a sparse profile, found on a model of its pages and where its pages end.
//!
//! The page plan's search ([`super::plan`]) starts every section on a fresh page and lets a
//! section follow on only where the room it leaves is taken by something that grows within
//! the run. A profile with little text (a final edition without pictures, say) can leave pages
//! more than a quarter empty that no such step fills: following on below the context saves a
//! page that nothing after it can take, and the profile would be a page short.
//!
//! Such a profile has two things of its own that can take more room than one page's end: an
//! area's KPI results in detail, every category of them, running on to the next page under
//! repeated column heads; and the sources of its results with their data quality, printed after
//! the results tables (otherwise only attached to the PDF). [`plans`] tries every choice of
//! fresh pages, of areas that show all their results in detail and of printing the sources on
//! a model of the pages (each section's height as first laid out, [`Model`]) and names the
//! plans whose emptiest page the model finds least empty, the profile still ending on page
//! 11. [`at_the_end`] changes the kept plan where the model is weakest, at the last inside
//! pages. The caller lays them out and keeps one only if it is fuller than what it had.

use std::collections::BTreeMap;

use typst::foundations::Dict;
use typst_layout::PagedDocument;

use super::plan::{self, BODY, LINE, Model, Plan, SECTIONS, Span};

/// The areas, whose KPI results in detail may run on.
const AREAS: [&str; 3] = ["society", "environment", "economy"];

/// Sections whose chart grows by its height as far as its width allows: the key-messages'
/// dashboard and the benchmarking wheel. The model counts them as taking up to
/// [`CHART_GROWS`] of the room where their run ends.
const CHARTS: [&str; 2] = ["key-messages", "kpis"];
const CHART_GROWS: f64 = BODY / 2.0;

/// The number of inside pages (3–11) the profile must fill.
const INSIDE_PAGES: f64 = 9.0;

/// How many plans the caller lays out, best first.
pub(crate) const CANDIDATES: usize = 2;

/// What a sparse profile may show besides what it has, by the section it adds to, as the
/// template measured it: every area's KPI results in detail, all categories shown
/// (`sscp-detail`), and the results' sources (`sscp-sources`, as "results").
pub(crate) fn more_heights(document: &PagedDocument) -> BTreeMap<String, f64> {
    ["sscp-detail", "sscp-sources"]
        .into_iter()
        .flat_map(|label| plan::records::<Dict>(document, label))
        .filter_map(|(record, _)| {
            let section = record.get("section").ok()?.clone().cast::<String>().ok()?;
            let full = record.get("full").ok()?.clone().cast::<f64>().ok()?;
            Some((section, full))
        })
        .collect()
}

/// Whether the layout measured in `spans` has every section the model needs: a profile's
/// template has, a document of another template may not.
pub(crate) fn modelled(spans: &BTreeMap<String, Span>) -> bool {
    Model::measure(spans).is_some()
}

/// Plans for the profile measured in `spans` (a layout of [`Plan::default`], nothing grown)
/// whose emptiest inside page is, on the model, below `worst` (the emptiest page of the plan
/// the search has): at most [`CANDIDATES`], the least empty first. Besides the fresh pages,
/// each plan says which areas show all their results in detail (their growth, the height those
/// take) and whether the results are followed by their sources; `more` holds those heights
/// ([`more_heights`]). An area with pictures is left to grow them as the search does.
pub(crate) fn plans(
    spans: &BTreeMap<String, Span>,
    more: &BTreeMap<String, f64>,
    with_pictures: &[String],
    worst: f64,
) -> Vec<Plan> {
    let Some(model) = Model::measure(spans) else {
        return Vec::new();
    };
    let options: Vec<(&'static str, f64)> = AREAS
        .iter()
        .copied()
        .filter(|area| !with_pictures.iter().any(|p| p == area))
        .chain(["results"])
        .filter_map(|name| Some((name, *more.get(name).filter(|h| **h > 0.0)?)))
        .collect();
    let free: Vec<&'static str> = SECTIONS.iter().skip(1).map(|(name, ..)| *name).collect();
    let mut found: Vec<(f64, usize, Plan)> = Vec::new();
    for fresh in 0u32..(1 << free.len()) {
        for taken in 0u32..(1 << options.len()) {
            let mut tried = Plan::default();
            for (i, name) in free.iter().enumerate() {
                tried.breaks.insert(name, fresh & (1 << i) != 0);
            }
            let taller: BTreeMap<&str, f64> = options
                .iter()
                .enumerate()
                .filter(|(i, _)| taken & (1 << i) != 0)
                .map(|(_, option)| *option)
                .collect();
            let Some(emptiest) = emptiest(&model, &tried, &taller, more) else {
                continue;
            };
            if emptiest >= worst - 0.01 {
                continue;
            }
            // Of plans the model finds as full, the one closest to every section on a fresh
            // page, with the least added.
            let changes = tried.breaks.values().filter(|fresh| !**fresh).count() + taller.len();
            for (name, height) in &options {
                if !taller.contains_key(name) {
                    continue;
                }
                if *name == "results" {
                    tried.sources = true;
                } else {
                    // A point over: the template takes a category while it fits.
                    tried.grow.insert(name, height + 1.0);
                }
            }
            found.push((emptiest, changes, tried));
        }
    }
    found.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    found
        .into_iter()
        .map(|(.., plan)| plan)
        .take(CANDIDATES)
        .collect()
}

/// The plan the search kept, filled, changed where the inside pages end: the results' sources
/// printed and the outlook following on below them, which moves the outlook's end (its text,
/// then its pictures) down the last page; and, where the outlook has pictures, those placed
/// before its recommendations, with the sources and without, so that the recommendations run
/// on below them rather than leave them alone on page 11. The model knows least well how the
/// results' columns and the outlook's pictures land there, so these plans are laid out
/// whatever it says, as they are.
pub(crate) fn at_the_end(
    plan: &Plan,
    more: &BTreeMap<String, f64>,
    with_pictures: &[String],
) -> Vec<Plan> {
    let mut plans = Vec::new();
    if !plan.sources && more.get("results").is_some_and(|h| *h > 0.0) {
        let mut sourced = Plan {
            sources: true,
            ..plan.clone()
        };
        sourced.breaks.insert("outlook", false);
        plans.push(sourced);
    }
    if with_pictures.iter().any(|p| p == "outlook") && !plan.pictures_before_recommendations {
        let before: Vec<Plan> = plans
            .iter()
            .chain([plan])
            .map(|base| Plan {
                pictures_before_recommendations: true,
                ..base.clone()
            })
            .collect();
        plans.extend(before);
    }
    plans
}

/// The emptiest inside page of `plan` on the model, as a share of the text area; `None` if
/// the profile would not end on page 11. Room where a run of sections ends is counted as
/// filled as far as the run's last area has results in detail still to show, or its chart
/// can grow ([`CHARTS`]); an area's chart growing is not counted.
fn emptiest(
    model: &Model,
    plan: &Plan,
    taller: &BTreeMap<&str, f64>,
    more: &BTreeMap<String, f64>,
) -> Option<f64> {
    let flow = model.flow(plan, taller, true);
    let end = flow.last()?.1;
    if end > INSIDE_PAGES * BODY || end <= (INSIDE_PAGES - 1.0) * BODY {
        return None;
    }
    let mut worst: f64 = 0.0;
    for page in 0..INSIDE_PAGES as usize {
        let (top, bottom) = (page as f64 * BODY, (page + 1) as f64 * BODY);
        let mut lowest: Option<f64> = None;
        let mut crossed = false;
        for (i, (start, stop)) in flow.iter().enumerate() {
            if *start >= bottom || *stop <= top {
                continue;
            }
            if *stop >= bottom - LINE / 2.0 {
                crossed = true;
                break;
            }
            // Room below a run's end fills with the detail its last area has still to show.
            let name = SECTIONS[i].0;
            let run_ends = SECTIONS
                .get(i + 1)
                .is_none_or(|(next, ..)| plan.breaks.get(next).copied().unwrap_or(false));
            let left = if CHARTS.contains(&name) {
                CHART_GROWS
            } else if AREAS.contains(&name) {
                more.get(name).copied().unwrap_or(0.0) - taller.get(name).copied().unwrap_or(0.0)
            } else {
                0.0
            };
            let filled = if run_ends && left > 0.0 {
                (stop + left).min(bottom)
            } else {
                *stop
            };
            lowest = Some(lowest.map_or(filled, |l: f64| l.max(filled)));
        }
        if crossed {
            continue;
        }
        let empty = match lowest {
            Some(lowest) => (bottom - lowest) / BODY,
            None => 1.0,
        };
        worst = worst.max(empty);
    }
    Some(worst)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::plan::tests::every_section_fresh;

    /// A sparse city as first laid out, every section on a fresh page: its context and its
    /// Agenda each fill a quarter of their page.
    fn sparse() -> BTreeMap<String, Span> {
        every_section_fresh([
            (0, 600.0),
            (0, 180.0),
            (0, 170.0),
            (0, 470.0),
            (0, 460.0),
            (0, 560.0),
            (0, 360.0),
            (0, 700.0),
            (0, 600.0),
        ])
    }

    fn more(economy: f64) -> BTreeMap<String, f64> {
        BTreeMap::from([
            ("society".to_string(), 260.0),
            ("environment".to_string(), 260.0),
            ("economy".to_string(), economy),
            ("results".to_string(), 230.0),
        ])
    }

    #[test]
    fn a_page_a_short_section_leaves_goes_to_results_in_detail_that_run_on() {
        let spans = sparse();
        let plans = plans(&spans, &more(1100.0), &[], 0.76);
        let best = plans.first().expect("a fuller plan");
        // The Agenda follows on below the context, and the society section below it; the room
        // that saves goes to results in detail that run on to the next page.
        assert!(
            !best.breaks["agenda"] && !best.breaks["society"],
            "{best:?}"
        );
        assert!(best.grow.contains_key("economy"), "{best:?}");
        let model = Model::measure(&spans).unwrap();
        let taller: BTreeMap<&str, f64> = best
            .grow
            .iter()
            .map(|(name, g)| (*name, g - 1.0))
            .chain(best.sources.then_some(("results", 230.0)))
            .collect();
        let worst = emptiest(&model, best, &taller, &more(1100.0)).unwrap();
        assert!(worst <= 0.35, "{worst}");
        assert!(plans.len() <= CANDIDATES);
    }

    #[test]
    fn no_plan_is_offered_that_the_model_finds_no_fuller() {
        // With every section on a fresh page already at 0.2, nothing is offered.
        assert!(plans(&sparse(), &more(900.0), &[], 0.2).is_empty());
        // Without measured sections there is no model, and no plan.
        assert!(plans(&BTreeMap::new(), &more(900.0), &[], 0.9).is_empty());
    }

    #[test]
    fn the_end_is_tried_with_the_sources_and_with_the_outlook_pictures_first() {
        let kept = Plan::default();
        let tried = at_the_end(&kept, &more(900.0), &["outlook".to_string()]);
        let shapes: Vec<(bool, bool, bool)> = tried
            .iter()
            .map(|p| {
                (
                    p.sources,
                    p.breaks["outlook"],
                    p.pictures_before_recommendations,
                )
            })
            .collect();
        // With the sources the outlook follows on below them; the pictures first, with the
        // sources and without.
        assert_eq!(
            shapes,
            [
                (true, false, false),
                (true, false, true),
                (false, true, true)
            ]
        );
        // No sources to print and no pictures in the outlook: nothing to try.
        let none = BTreeMap::from([("results".to_string(), 0.0)]);
        assert!(at_the_end(&kept, &none, &["society".to_string()]).is_empty());
    }

    #[test]
    fn an_area_with_pictures_keeps_its_room_for_them() {
        let with_pictures = ["economy".to_string()];
        let found = plans(&sparse(), &more(1100.0), &with_pictures, 1.01);
        assert!(!found.is_empty());
        for plan in found {
            assert!(!plan.grow.contains_key("economy"), "{plan:?}");
        }
    }
}
