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
//!    there grows into it, as far as its width allows.
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

/// Sections whose last element is a chart that may grow.
const ELASTIC: [&str; 5] = ["key-messages", "society", "environment", "economy", "kpis"];

/// The last inside page: the back cover follows.
const LAST_INSIDE: usize = 11;

/// The text area of an inside page, in points from the page top (A4, margins of the style).
const BODY_TOP: f64 = 21.0 * MM;
const BODY_BOTTOM: f64 = 841.89 - 19.0 * MM;
const MM: f64 = 72.0 / 25.4;
const LINE: f64 = 13.0;

/// Room at a page end smaller than this is not worth growing a chart into.
const WORTH_FILLING: f64 = 2.0 * LINE;

/// What the template is told.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Plan {
    /// Sections that start on a fresh page; the others follow on where the one before ends.
    pub breaks: BTreeMap<&'static str, bool>,
    /// Points of height each section's chart grows by.
    pub grow: BTreeMap<&'static str, f64>,
}

impl Default for Plan {
    /// Every section on a fresh page, charts at their own size.
    fn default() -> Plan {
        Plan {
            breaks: SECTIONS.iter().map(|(name, ..)| (*name, true)).collect(),
            grow: BTreeMap::new(),
        }
    }
}

/// Where a section starts and ends on the laid-out pages.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Span {
    pub start: (usize, f64),
    pub end: (usize, f64),
}

/// The spans of every section the template marked, by name.
pub(crate) fn spans(document: &PagedDocument) -> BTreeMap<String, Span> {
    let introspector = document.introspector();
    let find = |label: &str| -> Vec<(String, (usize, f64))> {
        let Some(label) = Label::new(PicoStr::intern(label)) else {
            return Vec::new();
        };
        introspector
            .query(&Selector::Label(label))
            .iter()
            .filter_map(|content| {
                let name = content
                    .to_packed::<MetadataElem>()?
                    .value
                    .clone()
                    .cast::<String>()
                    .ok()?;
                let position = introspector.position(content.location()?)?;
                Some((name, (position.page.get(), position.point.y.to_pt())))
            })
            .collect()
    };
    let ends: BTreeMap<String, (usize, f64)> = find("sscp-section-end").into_iter().collect();
    find("sscp-section-start")
        .into_iter()
        .filter_map(|(name, start)| {
            let end = *ends.get(&name)?;
            Some((name, Span { start, end }))
        })
        .collect()
}

/// Room left below a point on an inside page.
fn room_below(y: f64) -> f64 {
    (BODY_BOTTOM - y).max(0.0)
}

/// The section printed before `name`.
fn previous(name: &str) -> Option<&'static str> {
    let i = SECTIONS.iter().position(|(n, ..)| *n == name)?;
    i.checked_sub(1).map(|j| SECTIONS[j].0)
}

/// Which break to give up next: the fresh page after the most room left at a page end.
pub(crate) fn break_to_remove(plan: &Plan, spans: &BTreeMap<String, Span>) -> Option<&'static str> {
    SECTIONS
        .iter()
        .skip(1)
        .map(|(name, ..)| *name)
        .filter(|name| plan.breaks.get(name).copied().unwrap_or(false))
        .filter_map(|name| {
            let before = spans.get(previous(name)?)?;
            Some((name, room_below(before.end.1)))
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
        .map(|(name, _)| name)
}

/// Charts to grow: for each run of sections that ends with room on its page (before a fresh
/// page, or at the end of the inside pages), the last elastic section of the run, by the room.
pub(crate) fn growth(plan: &Plan, spans: &BTreeMap<String, Span>) -> BTreeMap<&'static str, f64> {
    let mut grow = BTreeMap::new();
    let names: Vec<&'static str> = SECTIONS.iter().map(|(n, ..)| *n).collect();
    let mut run: Vec<&'static str> = Vec::new();
    for (i, name) in names.iter().enumerate() {
        if plan.breaks.get(name).copied().unwrap_or(false) {
            run.clear();
        }
        run.push(name);
        let run_ends = names
            .get(i + 1)
            .is_none_or(|next| plan.breaks.get(next).copied().unwrap_or(false));
        if !run_ends {
            continue;
        }
        let Some(span) = spans.get(*name) else {
            continue;
        };
        let room = room_below(span.end.1);
        if room < WORTH_FILLING {
            continue;
        }
        if let Some(elastic) = run.iter().rev().find(|n| ELASTIC.contains(n)) {
            let already = plan.grow.get(elastic).copied().unwrap_or(0.0);
            // A little less than the room: the chart's caption lines round up.
            grow.insert(*elastic, already + room - LINE / 2.0);
        }
    }
    grow
}

/// The overflow of a profile laid out with every section following on: how far its inside
/// pages run past page 11, and the sections there.
pub(crate) fn overflow(spans: &BTreeMap<String, Span>, pages: usize) -> Vec<Overflow> {
    let mut overflows = Vec::new();
    let body = BODY_BOTTOM - BODY_TOP;
    let past = |(page, y): (usize, f64)| -> f64 {
        if page <= LAST_INSIDE {
            0.0
        } else {
            (page - LAST_INSIDE - 1) as f64 * body + (y - BODY_TOP).max(0.0)
        }
    };
    let last = SECTIONS
        .iter()
        .rev()
        .find_map(|(name, ..)| spans.get(*name).map(|s| (*name, s)));
    if let Some((_, span)) = last {
        let over = past(span.end);
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
            });
        }
    }
    // The references on the back cover have one page.
    if let Some(span) = spans.get("references")
        && span.end.0 > span.start.0
    {
        let over =
            (span.end.0 - span.start.0 - 1) as f64 * body + (span.end.1 - 18.0 * MM).max(0.0);
        let lines = (over / LINE).ceil() as u32;
        overflows.push(Overflow {
            title: "References and sources".to_string(),
            pages: "12".to_string(),
            over_pt: over,
            lines,
            chars: lines * 86,
            fields: vec!["/references".into(), "/survey/sources".into()],
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
        });
    }
    overflows
}
