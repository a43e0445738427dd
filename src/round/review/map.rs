//! The review map of a draft: where each word of the profile lies on its pages, and which
//! field of `profile.json` (or which KPI) printed it. `sscp build` records it in the draft's
//! history snapshot; `sscp import-comments` reads a reviewer's marks against it, so that a
//! highlight becomes a comment on the field and words it covers.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::pdf::{Area, Mark};
use crate::input::printed::PrintedFields;
use crate::kpi::Catalogue;
use crate::typeset::boxes::{TextBox, WordBox};

/// The map's file in a snapshot folder.
pub const FILE: &str = crate::round::history::REVIEW_MAP;
/// What the map's `format` says, so that a later sscp can tell its maps apart.
pub const FORMAT: &str = "sscp review map 1";
/// The section headings' type size (`size.h1` in `style.typ`), in points.
const HEADING_PT: f64 = 21.0;
/// The results tables' type size (`size.table` in `style.typ`, with room for rounding).
const TABLE_PT: f64 = 7.6;
/// The most a KPI's next row lies below its last one, in points.
const ROW_GAP_PT: f64 = 20.0;
/// A mark this far (in points) from every word is not on the text: kept with its position.
const REACH_PT: f64 = 36.0;

/// A draft's review map.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReviewMap {
    /// [`FORMAT`].
    pub format: String,
    /// The city id, as in `profile.json`.
    pub city: String,
    /// The draft round, or `None` for the final edition.
    pub draft: Option<u32>,
    /// The PDF's document identifier (the first part of `/ID`, in hex).
    pub document_id: String,
    /// Every run of text, in layout order.
    pub runs: Vec<MappedRun>,
}

/// A run of text of the profile as laid out, with what printed it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MappedRun {
    /// The page, counted from 1.
    pub page: usize,
    /// The top of its capitals, in points down from the page's top.
    pub top: f64,
    /// Its descender line, in points down from the page's top.
    pub bottom: f64,
    /// The JSON pointer of the field of `profile.json` that printed it, when it can be told.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// The KPI whose row it is part of, as the catalogue writes its code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kpi: Option<String>,
    /// The section it is printed in, as its heading reads.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub section: Option<String>,
    /// Its words: left and right edge in points from the page's left, and the word.
    pub words: Vec<(f64, f64, String)>,
}

impl ReviewMap {
    /// The map of a laid-out profile: its runs and words (from
    /// [`crate::typeset::boxes::text_boxes`] and [`crate::typeset::boxes::word_boxes`]), told
    /// apart by the fields of `profile` (the parsed `profile.json`) that printed them.
    pub fn of(
        runs: &[TextBox],
        words: &[WordBox],
        profile: &Value,
        city: &str,
        draft: Option<u32>,
        document_id: &str,
    ) -> ReviewMap {
        let fields = PrintedFields::of(profile);
        let mut mapped: Vec<MappedRun> = Vec::with_capacity(runs.len());
        for run in runs {
            // A run several fields print (a name in a table and in a paragraph) goes with
            // the field of the run before it when that field holds it; only otherwise are all
            // fields searched.
            let before = mapped
                .last()
                .filter(|m: &&MappedRun| m.page == run.page)
                .and_then(|m| m.field.as_deref());
            let field = before
                .filter(|b| fields.holds(b, run.text.trim()))
                .or_else(|| fields.field_of(run.text.trim()))
                .map(str::to_string);
            mapped.push(MappedRun {
                page: run.page,
                top: round(run.top),
                bottom: round(run.bottom),
                field,
                kpi: None,
                section: None,
                words: Vec::new(),
            });
        }
        for word in words {
            if let Some(run) = mapped.get_mut(word.run) {
                run.words
                    .push((round(word.left), round(word.right), word.text.clone()));
            }
        }
        find_kpis(runs, &mut mapped);
        inherit_fields(runs, &mut mapped);
        name_sections(runs, &mut mapped);
        ReviewMap {
            format: FORMAT.to_string(),
            city: city.to_string(),
            draft,
            document_id: document_id.to_string(),
            runs: mapped,
        }
    }

    /// The map as recorded: JSON, one run a line.
    pub fn to_json(&self) -> Vec<u8> {
        let mut out = String::from("{\n");
        let head = serde_json::json!({
            "format": self.format,
            "city": self.city,
            "draft": self.draft,
            "document_id": self.document_id,
        });
        if let Value::Object(map) = head {
            for (key, value) in map {
                out.push_str(&format!("  {}: {value},\n", Value::String(key)));
            }
        }
        out.push_str("  \"runs\": [\n");
        for (i, run) in self.runs.iter().enumerate() {
            let line = serde_json::to_string(run).unwrap_or_default();
            let comma = if i + 1 < self.runs.len() { "," } else { "" };
            out.push_str(&format!("    {line}{comma}\n"));
        }
        out.push_str("  ]\n}\n");
        out.into_bytes()
    }

    /// Where a mark lies: the field or KPI and section it is on, and the words it covers.
    pub fn place(&self, mark: &Mark) -> Placed {
        let on_page: Vec<(usize, &MappedRun)> = self
            .runs
            .iter()
            .enumerate()
            .filter(|(_, run)| run.page == mark.page)
            .collect();
        // Words under the mark's stretches (text marks), or within its box (drawings, text
        // boxes): a word counts when its middle is inside.
        let areas: Vec<Area> = if mark.kind.covers_text() && !mark.covers.is_empty() {
            mark.covers.clone()
        } else if matches!(
            mark.kind,
            super::pdf::MarkKind::Caret
                | super::pdf::MarkKind::Note
                | super::pdf::MarkKind::FreeText
        ) {
            // A note's icon and a caret stand by the text, not over it; a text box starts at
            // what it is about and runs on over whatever is beside it.
            Vec::new()
        } else {
            // Text marks without stretches and drawings: what lies inside them.
            vec![mark.area]
        };
        let mut covered: Vec<(usize, &str)> = Vec::new();
        for &(index, run) in &on_page {
            let middle_y = (run.top + run.bottom) / 2.0;
            for (left, right, text) in &run.words {
                let middle_x = (left + right) / 2.0;
                if areas.iter().any(|a| {
                    middle_x >= a.left - 1.0
                        && middle_x <= a.right + 1.0
                        && middle_y >= a.top - 1.0
                        && middle_y <= a.bottom + 1.0
                }) {
                    covered.push((index, text));
                }
            }
        }
        if !covered.is_empty() {
            let runs: Vec<usize> = covered.iter().map(|(i, _)| *i).collect();
            return self.placed_on(&runs, quote(covered.iter().map(|(_, t)| *t)));
        }
        // A point mark: the word nearest its anchor (a note's icon and a text box hang from
        // their top-left corner; a caret sits in the line at its middle).
        let anchor = match mark.kind {
            super::pdf::MarkKind::Caret => (
                (mark.area.left + mark.area.right) / 2.0,
                (mark.area.top + mark.area.bottom) / 2.0,
            ),
            _ => (mark.area.left, mark.area.top),
        };
        let mut nearest: Option<(f64, usize, &str)> = None;
        for &(index, run) in &on_page {
            for (left, right, text) in &run.words {
                let dx = if anchor.0 < *left {
                    left - anchor.0
                } else if anchor.0 > *right {
                    anchor.0 - right
                } else {
                    0.0
                };
                let dy = if anchor.1 < run.top {
                    run.top - anchor.1
                } else if anchor.1 > run.bottom {
                    anchor.1 - run.bottom
                } else {
                    0.0
                };
                let distance = (dx * dx + dy * dy).sqrt();
                if nearest.is_none_or(|(d, _, _)| distance < d) {
                    nearest = Some((distance, index, text));
                }
            }
        }
        match nearest {
            Some((distance, index, text)) if distance <= REACH_PT => {
                let quote = if mark.kind == super::pdf::MarkKind::Caret {
                    text.to_string()
                } else {
                    String::new()
                };
                self.placed_on(&[index], quote)
            }
            _ => Placed {
                field: None,
                kpi: None,
                section: self.section_of_page(mark.page),
                quote: String::new(),
                on_text: false,
            },
        }
    }

    /// The field, KPI and section most of `runs` (indexes into the map's runs) carry.
    fn placed_on(&self, runs: &[usize], quote: String) -> Placed {
        let most = |value: &dyn Fn(&MappedRun) -> Option<&String>| -> Option<String> {
            let mut counts: Vec<(&String, usize)> = Vec::new();
            for &i in runs {
                if let Some(v) = value(&self.runs[i]) {
                    match counts.iter_mut().find(|(seen, _)| *seen == v) {
                        Some((_, n)) => *n += 1,
                        None => counts.push((v, 1)),
                    }
                }
            }
            // The first of the most frequent: ties go to reading order.
            let best = counts.iter().map(|(_, n)| *n).max()?;
            counts
                .into_iter()
                .find(|(_, n)| *n == best)
                .map(|(v, _)| v.clone())
        };
        let field = most(&|r| r.field.as_ref());
        let kpi = if field.is_none() {
            most(&|r| r.kpi.as_ref())
        } else {
            None
        };
        Placed {
            field,
            kpi,
            section: most(&|r| r.section.as_ref()),
            quote,
            on_text: true,
        }
    }

    fn section_of_page(&self, page: usize) -> Option<String> {
        self.runs
            .iter()
            .find(|r| r.page == page && r.section.is_some())
            .and_then(|r| r.section.clone())
    }
}

/// Where a mark lies on the profile.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Placed {
    /// The field of `profile.json` it is on, as a JSON pointer.
    pub field: Option<String>,
    /// The KPI it is on, when it is on a results row rather than a field.
    pub kpi: Option<String>,
    /// The section, as its heading reads.
    pub section: Option<String>,
    /// The words it covers (a caret: the word it stands by), as printed.
    pub quote: String,
    /// Whether it lies on the text at all; a mark far from every word is kept with its
    /// position only.
    pub on_text: bool,
}

/// Words as one text: a word broken at a line end (`envi-` + `ronment`) joined again.
fn quote<'a>(words: impl Iterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for word in words {
        if out.ends_with('\u{00AD}') || (out.ends_with('-') && !out.ends_with(" -")) {
            out.pop();
        } else if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.replace('\u{00AD}', "")
}

fn round(value: f64) -> f64 {
    (value * 100.0).round() / 100.0
}

/// Runs too short to tell their field by their letters (a word in bold, the end of a line)
/// take the field of the run beside them on the same line, or of the line above in the same
/// column.
fn inherit_fields(runs: &[TextBox], mapped: &mut [MappedRun]) {
    for i in 0..mapped.len() {
        if mapped[i].field.is_some() || mapped[i].kpi.is_some() || runs[i].size >= HEADING_PT - 0.5
        {
            continue;
        }
        let near = |j: usize| {
            let (a, b) = (&runs[i], &runs[j]);
            if a.page != b.page {
                return false;
            }
            let same_line = (a.baseline - b.baseline).abs() < 0.6
                && (a.left - b.right).abs().min((b.left - a.right).abs()) < 24.0;
            let line_above = (a.size - b.size).abs() < 0.1
                && b.baseline < a.baseline
                && a.baseline - b.baseline < 2.2 * a.size
                && b.left < a.right
                && a.left < b.right;
            same_line || line_above
        };
        let found = (i.saturating_sub(6)..(i + 6).min(mapped.len()))
            .filter(|&j| j != i && mapped[j].field.is_some() && near(j))
            .min_by_key(|&j| j.abs_diff(i));
        if let Some(j) = found {
            mapped[i].field = mapped[j].field.clone();
        }
    }
}

/// Each run's section: the last heading laid out before it (the covers and the front matter
/// have none of their own).
fn name_sections(runs: &[TextBox], mapped: &mut [MappedRun]) {
    let mut current: Option<String> = None;
    let mut last_heading: Option<usize> = None;
    for i in 0..mapped.len() {
        let run = &runs[i];
        let fixed = match run.page {
            1 => Some("Cover"),
            2 => Some("Front matter"),
            p if p >= crate::typeset::PAGES => Some("Back cover"),
            _ => None,
        };
        if let Some(name) = fixed {
            mapped[i].section = Some(name.to_string());
            current = None;
            continue;
        }
        if (run.size - HEADING_PT).abs() < 0.3 {
            // A heading in several runs or lines is one title.
            let continues = last_heading.is_some_and(|h| h + 1 == i && runs[h].page == run.page);
            let text = run.text.trim();
            current = Some(match (continues, current.take()) {
                (true, Some(title)) => format!("{title} {text}"),
                _ => text.to_string(),
            });
            last_heading = Some(i);
        }
        mapped[i].section = current.clone();
    }
}

/// The KPI of each run of a results table: a row starts with its code as the table prints it
/// (`T: 5A`) under its category's heading, which ends with the dimension and sub-dimension
/// (`· EC: I`); the rows of its data points follow, line after line, until the next code. The
/// tables are set in the table size; a run in a KPI's rows belongs to the KPI, not to a field
/// whose text happens to hold the same words.
fn find_kpis(runs: &[TextBox], mapped: &mut [MappedRun]) {
    let catalogue = Catalogue::get();
    // By column (left or right half of the page): the heading's prefix, and the current KPI
    // with the baseline of its last row.
    let mut prefix: [Option<String>; 2] = [None, None];
    let mut current: [Option<(String, f64)>; 2] = [None, None];
    let mut page = 0;
    let middle = 297.6;
    for i in 0..mapped.len() {
        let run = &runs[i];
        if run.page != page {
            page = run.page;
            prefix = [None, None];
            current = [None, None];
        }
        if run.size > TABLE_PT {
            continue;
        }
        let column = usize::from(run.left >= middle);
        let text = run.text.trim();
        if let Some((_, tail)) = text.rsplit_once("· ")
            && tail.len() <= 9
            && tail.contains(": ")
        {
            prefix[column] = Some(tail.to_string());
            current[column] = None;
            continue;
        }
        if let Some(head) = &prefix[column]
            && looks_like_code(text)
        {
            let code = format!("{head}: {text}");
            current[column] = catalogue
                .find(&code)
                .map(|(_, def)| (def.code.clone(), run.baseline));
        }
        if let Some((code, last)) = &mut current[column] {
            // The rows of one KPI follow each other: a gap means its table has ended.
            if run.baseline - *last > ROW_GAP_PT {
                current[column] = None;
                continue;
            }
            *last = last.max(run.baseline);
            mapped[i].kpi = Some(code.clone());
            mapped[i].field = None;
        }
    }
}

/// `T: 5A`, `ED: 1C`, `ICT: 4C`: a category's letters, a number and C or A.
fn looks_like_code(text: &str) -> bool {
    let Some((letters, number)) = text.split_once(": ") else {
        return false;
    };
    let digits = number.trim_end_matches(['A', 'C']);
    !letters.is_empty()
        && letters.len() <= 4
        && letters.chars().all(|c| c.is_ascii_uppercase())
        && !digits.is_empty()
        && digits.len() < number.len()
        && digits.chars().all(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_as_the_tables_print_them() {
        assert!(looks_like_code("T: 5A"));
        assert!(looks_like_code("ICT: 12C"));
        assert!(!looks_like_code("T: A"));
        assert!(!looks_like_code("Partners: City"));
    }

    #[test]
    fn a_quote_joins_words_broken_at_a_line_end() {
        assert_eq!(
            quote(["the", "envi-", "ronment"].into_iter()),
            "the environment"
        );
        assert_eq!(quote(["Stan\u{00AD}", "dards"].into_iter()), "Standards");
    }
}
