//! The KPI parts of the web edition: the dashboard, the charts (inline SVG, each with its data
//! as a table), the area's results in detail, the verification and the results tables, with
//! each band written as its label beside its colour.

use super::Page;
use crate::kpi::{BANDS, GroupScore, Outcome, ResultRow};
use crate::typeset::document::{measure_text, short_unit};

/// A band's label ("66–95%") and its chip class, or the words for an outcome without one.
fn outcome_chip(outcome: &Outcome) -> (&'static str, String) {
    match outcome {
        Outcome::Scored { band, .. } => (
            BANDS[*band as usize - 1].label,
            format!("band band-{}", *band as u8),
        ),
        Outcome::NotReported => ("Not reported", "chip not-reported".into()),
        Outcome::NoBenchmark => ("N/A (no benchmark)", "chip no-benchmark".into()),
    }
}

/// A percentage as the template rounds it.
fn percent(p: f64) -> String {
    format!("{}%", p.round())
}

/// The code as a category's table prints it: its last two parts (`WS: 1C`).
fn short_code(code: &str) -> String {
    code_parts(code, 2..usize::MAX)
}

/// The category heading's part of a code: its first two parts (`EC: ICT`).
fn code_prefix(code: &str) -> String {
    code_parts(code, 0..2)
}

/// The parts of a code (`EC: ICT: ICT: 1C`) in `range`, joined as the catalogue writes them.
fn code_parts(code: &str, range: std::ops::Range<usize>) -> String {
    code.split(':')
        .enumerate()
        .filter(|(i, _)| range.contains(i))
        .map(|(_, part)| part.trim())
        .collect::<Vec<_>>()
        .join(": ")
}

/// The unit after a figure: `%` close, a word after a space, nothing for yes/no.
fn unit_after(row: &ResultRow) -> String {
    match short_unit(&row.unit).as_str() {
        "%" => "%".into(),
        "" => String::new(),
        unit => format!("\u{a0}{unit}"),
    }
}

impl Page<'_> {
    /// The frame a wide table scrolls in on a narrow screen: reachable by keyboard, and named
    /// after its table.
    pub(super) fn scroller(&mut self, name: &str) {
        self.w.open(
            "div",
            &[
                ("class", Some("wide")),
                ("tabindex", Some("0")),
                ("role", Some("region")),
                ("aria-label", Some(name)),
            ],
        );
    }

    /// One list item per band: its chip and what it means, as the PDF's keys give them.
    fn band_items(&mut self) {
        for b in BANDS {
            self.w.open("li", &[]);
            self.chip(&Outcome::Scored {
                percent: b.from_percent,
                band: b.band,
            });
            self.w.text(&format!(" {}", b.legend));
            self.w.close("li");
        }
    }

    fn chip(&mut self, outcome: &Outcome) {
        let (label, class) = outcome_chip(outcome);
        self.w.element("span", &[("class", Some(&class))], label);
    }

    fn group_chip(&mut self, group: &GroupScore) {
        match group.band {
            Some(band) => self.chip(&Outcome::Scored {
                percent: group.percent.unwrap_or(0.0),
                band,
            }),
            None => self.w.text("–"),
        }
    }

    /// A chart of the data document (`charts/...`) as a figure: its SVG inline, labelled by
    /// its caption and alt text, then `table` (its data) in a disclosure.
    fn chart(&mut self, chart: &serde_json::Value, caption: &str, table: impl FnOnce(&mut Self)) {
        let id = self.next_figure();
        let (caption_id, alt_id) = (format!("{id}-caption"), format!("{id}-alt"));
        let path = chart["path"].as_str().unwrap_or("").trim_start_matches('/');
        let alt = chart["alt"].as_str().unwrap_or("").to_string();
        let svg = self
            .files
            .files
            .iter()
            .find(|(p, _)| p == path)
            .map(|(_, bytes)| String::from_utf8_lossy(bytes.as_slice()).into_owned());
        self.w.open("figure", &[("id", Some(&id))]);
        let labels = format!("{caption_id} {alt_id}");
        if let Some(svg) = svg {
            self.w.svg(&svg, &labels);
        }
        self.w.open("figcaption", &[("id", Some(&caption_id))]);
        self.w.text(caption);
        self.w.close("figcaption");
        self.w.element(
            "p",
            &[("id", Some(&alt_id)), ("class", Some("visually-hidden"))],
            &alt,
        );
        self.w.open("details", &[]);
        self.w
            .element("summary", &[], &format!("The data of the chart: {caption}"));
        table(self);
        self.w.close("details");
        self.w.close("figure");
    }

    fn table_head(&mut self, caption: &str, heads: &[&str]) {
        self.scroller(caption);
        self.w.open("table", &[]);
        self.w.element("caption", &[], caption);
        self.w.open("thead", &[]);
        self.w.open("tr", &[]);
        for head in heads {
            self.w.element("th", &[("scope", Some("col"))], head);
        }
        self.w.close("tr");
        self.w.close("thead");
        self.w.open("tbody", &[]);
    }

    fn table_end(&mut self) {
        self.w.close("tbody");
        self.w.close("table");
        self.w.close("div");
    }

    /// A group's score and band, as two cells of a row.
    fn score_cells(&mut self, g: &GroupScore) {
        self.w.element(
            "td",
            &[("class", Some("num"))],
            &g.percent.map_or("–".to_string(), percent),
        );
        self.w.open("td", &[]);
        self.group_chip(g);
        self.w.close("td");
    }

    /// Rows of group scores: name (the row's header), score, band, points.
    fn score_rows(&mut self, groups: &[(String, &GroupScore)]) {
        for (name, g) in groups {
            self.w.open("tr", &[]);
            self.w.element("th", &[("scope", Some("row"))], name);
            self.score_cells(g);
            self.w.element(
                "td",
                &[("class", Some("num"))],
                &format!("{} of {}", g.score.earned, g.score.possible),
            );
            self.w.close("tr");
        }
    }

    /// Performance at a glance: the dimension tiles, the findings, the overview chart and the
    /// band key.
    pub(super) fn performance(&mut self) {
        let results = self.results;
        let c = self.counts();
        self.w.element("h3", &[], "Performance at a glance");
        self.w.element("p", &[], &format!("Scores are the points the city's reported KPIs earn against U4SSC benchmarks, as a share of the points possible ({} results scored).", c.scored));
        self.w.open("ul", &[("class", Some("facts dimensions"))]);
        for d in &results.dimensions {
            self.w.open("li", &[]);
            self.w
                .element("span", &[("class", Some("label"))], d.dimension.name());
            self.w.open("span", &[("class", Some("value"))]);
            self.w.text(&d.percent.map_or("–".to_string(), percent));
            self.w.close("span");
            if d.band.is_some() {
                self.group_chip(d);
            }
            self.w.element(
                "span",
                &[("class", Some("source"))],
                &format!(
                    "{} of {} points · {} of {} results reported",
                    d.score.earned,
                    d.score.possible,
                    d.rows - d.not_reported,
                    d.rows
                ),
            );
            self.w.close("li");
        }
        self.w.close("ul");
        // Strongest and weakest categories, as the PDF's "key findings".
        let mut scored: Vec<&GroupScore> = results
            .categories
            .iter()
            .filter(|c| c.percent.is_some())
            .collect();
        if scored.len() >= 6 {
            scored.sort_by(|a, b| {
                b.percent
                    .partial_cmp(&a.percent)
                    .unwrap_or(std::cmp::Ordering::Equal)
            });
            let furthest: Vec<&GroupScore> = scored.iter().rev().take(3).copied().collect();
            let closest: Vec<&GroupScore> = scored.iter().take(3).copied().collect();
            for (title, list) in [
                ("Closest to target", closest),
                ("Furthest from target", furthest),
            ] {
                self.w.element("h4", &[], title);
                self.w.open("ul", &[]);
                for g in list {
                    self.w.open("li", &[]);
                    self.w
                        .element("strong", &[], g.category.as_deref().unwrap_or(""));
                    self.w.text(&format!(
                        " ({}) {} ",
                        g.sub_dimension.as_deref().unwrap_or(""),
                        g.percent.map_or(String::new(), percent)
                    ));
                    self.group_chip(g);
                    self.w.close("li");
                }
                self.w.close("ul");
            }
        }
        let overview = self.document["charts"]["overview"].clone();
        self.chart(&overview, "Scores by dimension and sub-dimension", |page| {
            page.table_head(
                "Scores by dimension and sub-dimension",
                &["Dimension or sub-dimension", "Score", "Band", "Points"],
            );
            let mut groups = Vec::new();
            for d in &results.dimensions {
                groups.push((d.dimension.name().to_string(), d));
                for s in results
                    .sub_dimensions
                    .iter()
                    .filter(|s| s.dimension == d.dimension)
                {
                    groups.push((
                        format!(
                            "{}: {}",
                            d.dimension.name(),
                            s.sub_dimension.as_deref().unwrap_or("")
                        ),
                        s,
                    ));
                }
            }
            page.score_rows(&groups);
            page.table_end();
        });
        self.w.element("h4", &[], "How to read the bands");
        self.w.open("ul", &[]);
        self.band_items();
        self.w.close("ul");
        self.w.element("p", &[], "Bars show the score of each dimension and sub-dimension. Results that were not reported, or that have no benchmark, are left out of the scores.");
    }

    /// Progress over time: the first twelve indicators with earlier years, as the PDF.
    pub(super) fn progress(&mut self) {
        const MAX_PROGRESS: usize = 12;
        let progress = self.document["charts"]["progress"]
            .as_array()
            .cloned()
            .unwrap_or_default();
        if progress.is_empty() {
            return;
        }
        self.w.element("h3", &[], "Progress over time");
        let mut intro = "Indicators the city reported for earlier years, with the U4SSC benchmark (dashed) and the city's own target (dotted) where it has one.".to_string();
        if progress.len() > MAX_PROGRESS {
            intro.push_str(&format!(
                " The first {MAX_PROGRESS} of {} are shown; every result is in the results tables.",
                progress.len()
            ));
        }
        self.w.element("p", &[], &intro);
        let results = self.results;
        for entry in progress.iter().take(MAX_PROGRESS) {
            let label = entry["label"].as_str().unwrap_or("");
            let unit = entry["unit"].as_str().unwrap_or("");
            let code = entry["code"].as_str().unwrap_or("");
            let caption = if unit.is_empty() {
                label.to_string()
            } else {
                format!("{label} ({unit})")
            };
            let row = results
                .rows
                .iter()
                .find(|r| r.code == code && r.label() == label);
            self.chart(&entry["chart"], &caption, |page| {
                page.table_head(&caption, &["Year", "Value"]);
                for o in row.map(|r| r.history.as_slice()).unwrap_or_default() {
                    page.w.open("tr", &[]);
                    page.w
                        .element("th", &[("scope", Some("row"))], &o.year.to_string());
                    page.w.element(
                        "td",
                        &[("class", Some("num"))],
                        &crate::format::number(o.value),
                    );
                    page.w.close("tr");
                }
                page.table_end();
            });
        }
    }

    /// An area's KPI results: the summary, the category chart and the results in detail.
    pub(super) fn area_results(&mut self, area: crate::model::Area) {
        let results = self.results;
        let dimension = area.dimension();
        self.w
            .element("h3", &[], &format!("KPI results: {dimension}"));
        let Some(dim) = results
            .dimensions
            .iter()
            .find(|d| d.dimension.name() == dimension)
        else {
            return;
        };
        let reported = dim.rows - dim.not_reported;
        let mut summary = format!(
            "Of the {} results in the {dimension} dimension, {reported} were reported and {} could be scored against a benchmark.",
            dim.rows,
            reported - dim.no_benchmark
        );
        if let Some(p) = dim.percent {
            summary.push_str(&format!(
                " Together they reach {} of the points possible.",
                percent(p)
            ));
        }
        self.w.open("p", &[]);
        self.w.text(&summary);
        self.w.text(" The full results are in the ");
        let target = match self.kpi_page {
            Some(page) => format!("KPI verification, page {page}"),
            None => "KPI verification".into(),
        };
        self.w
            .element("a", &[("href", Some("#kpi-verification"))], &target);
        self.w.text(".");
        self.w.close("p");
        let chart = self.document["charts"]["categories"][dimension].clone();
        let categories: Vec<&GroupScore> = results
            .categories
            .iter()
            .filter(|c| c.dimension == dim.dimension)
            .collect();
        self.chart(
            &chart,
            &format!("Scores by category: {dimension}"),
            |page| {
                page.table_head(
                    &format!("Scores by category: {dimension}"),
                    &["Category", "Score", "Band", "Points"],
                );
                let groups: Vec<(String, &GroupScore)> = categories
                    .iter()
                    .map(|c| {
                        (
                            format!(
                                "{} ({})",
                                c.category.as_deref().unwrap_or(""),
                                c.sub_dimension.as_deref().unwrap_or("")
                            ),
                            *c,
                        )
                    })
                    .collect();
                page.score_rows(&groups);
                page.table_end();
            },
        );
        // The results in detail, which the PDF shows where its page has room.
        self.w.open("details", &[]);
        self.w.element("summary", &[], "KPI results in detail");
        for c in categories.iter().filter(|c| c.not_reported < c.rows) {
            let members: Vec<&ResultRow> = results
                .rows
                .iter()
                .filter(|r| {
                    r.dimension == dim.dimension
                        && Some(&r.sub_dimension) == c.sub_dimension.as_ref()
                        && Some(&r.category) == c.category.as_ref()
                })
                .collect();
            let reported: Vec<&ResultRow> = members
                .iter()
                .filter(|r| r.outcome != Outcome::NotReported)
                .copied()
                .collect();
            let missing = members.len() - reported.len();
            let mut caption = format!(
                "{} — {}",
                c.category.as_deref().unwrap_or(""),
                c.sub_dimension.as_deref().unwrap_or("")
            );
            if missing > 0 {
                caption.push_str(&format!(" · {missing} of {} not reported", members.len()));
            }
            self.table_head(
                &caption,
                &[
                    "KPI / data point",
                    "Result (year)",
                    "Target",
                    "Band",
                    "Share of target",
                    "Trend",
                ],
            );
            for r in reported {
                self.w.open("tr", &[]);
                self.w.open("th", &[("scope", Some("row"))]);
                self.w.text(&r.label());
                self.w.text(" ");
                self.w.element("span", &[("class", Some("muted"))], &r.code);
                self.w.close("th");
                let mut value = format!(
                    "{}{}",
                    r.value.map_or("Not reported".into(), measure_text),
                    unit_after(r)
                );
                if let Some(year) = r.year {
                    value.push_str(&format!(" ({year})"));
                }
                self.w.element("td", &[], &value);
                self.target_cell(r);
                self.w.open("td", &[]);
                self.chip(&r.outcome);
                self.w.close("td");
                let share = match r.outcome {
                    Outcome::Scored { percent: p, .. } => format!("{} of target", percent(p)),
                    _ => "no benchmark".into(),
                };
                self.w.element("td", &[], &share);
                let trend = match (r.history.first(), r.history.last()) {
                    (Some(first), Some(last)) if r.history.len() >= 2 => {
                        format!("{}–{}", first.year, last.year)
                    }
                    _ => "one year".into(),
                };
                self.w.element("td", &[], &trend);
                self.w.close("tr");
            }
            self.table_end();
        }
        self.w.close("details");
    }

    fn target_cell(&mut self, r: &ResultRow) {
        self.w.open("td", &[("class", Some("num"))]);
        self.w.text(&r.target.map_or("N/A".into(), measure_text));
        if let Some(local) = r.local_target {
            self.w.void("br", &[]);
            self.w.element(
                "span",
                &[("class", Some("muted"))],
                &format!("local {}", crate::format::number(local)),
            );
        }
        self.w.close("td");
    }

    /// The KPI verification: method, the wheel with its key, the results by dimension and the
    /// KPIs not reported.
    pub(super) fn kpi_verification(&mut self) {
        let p = self.p;
        let results = self.results;
        let c = self.counts();
        self.section("kpi-verification");
        let verified = match &p.edition.verification {
            Some(v) => format!(
                "{} verified {}'s results ({}, {}).",
                v.verifier, p.city.name, v.report, v.date
            ),
            None => "The verification report is to be named.".into(),
        };
        self.w.element("p", &[], &format!("The U4SSC Key Performance Indicators for Smart Sustainable Cities comprise 91 indicators in three dimensions — Economy, Environment, and Society and Culture — grouped in seven sub-dimensions and 22 categories. {verified}"));
        self.w.element("p", &[], &format!("Each reported result was compared with its U4SSC benchmark and scored in four bands: 1 point below 33 % of target, 2 points for 33–66 %, 3 for 66–95 % and 4 for 95 % or more. Groups score points earned over points possible; results not reported or without benchmark are left out. Of {} results, {} were reported and {} scored.", c.total, c.reported, c.scored));
        self.w.element("h3", &[], "Benchmarking wheel");
        self.w.element("p", &[], "From the centre: dimensions, categories (numbered below) and each KPI or data point. KPI segments grow with their band: the longer, the closer to target. Grey stubs are not reported; outlined segments have no benchmark.");
        let wheel = self.document["charts"]["wheel"].clone();
        self.chart(
            &wheel,
            "Benchmarking wheel: the score of every category and KPI",
            |page| {
                page.table_head(
                    "The wheel's categories",
                    &["No.", "Category", "Score", "Band"],
                );
                for (i, g) in results.categories.iter().enumerate() {
                    let name = g.category.as_deref().unwrap_or("");
                    let repeated = results
                        .categories
                        .iter()
                        .filter(|o| o.category == g.category)
                        .count()
                        > 1;
                    let label = if repeated {
                        format!("{name} ({})", g.sub_dimension.as_deref().unwrap_or(""))
                    } else {
                        name.to_string()
                    };
                    page.w.open("tr", &[]);
                    page.w.element("td", &[], &(i + 1).to_string());
                    page.w.element("th", &[("scope", Some("row"))], &label);
                    page.score_cells(g);
                    page.w.close("tr");
                }
                page.table_end();
            },
        );
        self.w.open("ul", &[]);
        self.band_items();
        for (outcome, words) in [
            (Outcome::NotReported, "not reported"),
            (Outcome::NoBenchmark, "no benchmark"),
        ] {
            self.w.open("li", &[]);
            self.chip(&outcome);
            self.w.text(&format!(" {words}"));
            self.w.close("li");
        }
        self.w.close("ul");
        self.w
            .element("h3", &[("id", Some("results"))], "Results by dimension");
        for dim in &results.dimensions {
            self.w.element("h4", &[], dim.dimension.name());
            let rows: Vec<&ResultRow> = results
                .rows
                .iter()
                .filter(|r| r.dimension == dim.dimension && r.outcome != Outcome::NotReported)
                .collect();
            if rows.is_empty() {
                self.w
                    .element("p", &[("class", Some("muted"))], "No result reported.");
                continue;
            }
            let mut keys: Vec<(&str, &str)> = Vec::new();
            for r in &rows {
                let key = (r.sub_dimension.as_str(), r.category.as_str());
                if !keys.contains(&key) {
                    keys.push(key);
                }
            }
            for (sub, category) in keys {
                let members: Vec<&ResultRow> = rows
                    .iter()
                    .filter(|r| r.sub_dimension == sub && r.category == category)
                    .copied()
                    .collect();
                self.results_table(&members);
            }
        }
        self.w.open("p", &[("class", Some("note"))]);
        self.w.text("Codes omit the dimension and sub-dimension of the category heading. ≈ Estimate. † Not verified. Sources: ");
        self.w
            .element("a", &[("href", Some("#references"))], "page 12");
        self.w.text(". “local”: the city’s own target. Blue references such as EC3 name the activities and good practices (GP) that address a KPI.");
        self.w.close("p");
        self.not_reported();
        self.result_sources();
        self.w.close("section");
    }

    /// Where the results come from: each source with the data quality the city stated and the
    /// codes of the results it supplied, as the PDF lists them where it has room.
    fn result_sources(&mut self) {
        let groups = self.results.sources();
        if groups.is_empty() {
            return;
        }
        self.w.element("h4", &[], "Sources and data quality");
        self.table_head(
            "Sources and data quality of the reported results",
            &["Source", "Data quality", "Results it supplied"],
        );
        for g in &groups {
            self.w.open("tr", &[]);
            self.w.element(
                "th",
                &[("scope", Some("row"))],
                g.source.as_deref().unwrap_or("Source not given"),
            );
            self.w
                .element("td", &[], g.quality.as_deref().unwrap_or("Not stated"));
            self.w.element("td", &[], &g.codes.join(", "));
            self.w.close("tr");
        }
        self.table_end();
    }

    /// One category's reported results, as the PDF's table: code, KPI, result, year, target,
    /// band.
    fn results_table(&mut self, members: &[&ResultRow]) {
        let first = members[0];
        let caption = format!(
            "{} — {} · {}",
            first.category,
            first.sub_dimension,
            code_prefix(&first.code)
        );
        self.table_head(
            &caption,
            &[
                "Code",
                "KPI / data point",
                "Result",
                "Year",
                "Target",
                "Band",
            ],
        );
        for r in members {
            self.w.open("tr", &[]);
            self.w
                .element("td", &[("class", Some("muted"))], &short_code(&r.code));
            self.w.open("th", &[("scope", Some("row"))]);
            self.w.text(&r.label());
            if !r.related.is_empty() {
                self.w.text(" ");
                let ids: Vec<&str> = r.related.iter().map(|x| x.id.as_str()).collect();
                self.w
                    .element("span", &[("class", Some("related"))], &ids.join(" "));
            }
            self.w.close("th");
            let estimate = matches!(
                r.data_quality.as_deref(),
                Some("estimate" | "personal-estimate")
            );
            let mut value = String::new();
            if estimate {
                value.push('≈');
            }
            value.push_str(&r.value.map_or("Not reported".into(), measure_text));
            value.push_str(&unit_after(r));
            self.w.open("td", &[("class", Some("num"))]);
            self.w.text(&value);
            if estimate {
                self.w
                    .element("span", &[("class", Some("visually-hidden"))], " (estimate)");
            }
            if !r.verified {
                self.w.element("sup", &[], "†");
                self.w.element(
                    "span",
                    &[("class", Some("visually-hidden"))],
                    " (not verified)",
                );
            }
            self.w.close("td");
            self.w
                .element("td", &[], &r.year.map_or(String::new(), |y| y.to_string()));
            self.target_cell(r);
            self.w.open("td", &[]);
            self.chip(&r.outcome);
            self.w.close("td");
            self.w.close("tr");
        }
        self.table_end();
    }

    /// The results not reported, by dimension: a multi-point KPI with no point reported is
    /// named once.
    fn not_reported(&mut self) {
        let results = self.results;
        let c = self.counts();
        self.w.element("h4", &[], "KPIs not reported");
        let missing: Vec<&ResultRow> = results
            .rows
            .iter()
            .filter(|r| r.outcome == Outcome::NotReported)
            .collect();
        if missing.is_empty() {
            self.w.element("p", &[], "All KPIs were reported.");
            return;
        }
        self.w.element(
            "p",
            &[],
            &format!(
                "{} of {} results were not reported:",
                missing.len(),
                c.total
            ),
        );
        for dim in &results.dimensions {
            let mut entries: Vec<(String, String)> = Vec::new();
            let mut seen: Vec<&str> = Vec::new();
            for r in missing.iter().filter(|r| r.dimension == dim.dimension) {
                let none_reported = results
                    .rows
                    .iter()
                    .filter(|x| x.code == r.code)
                    .all(|x| x.outcome == Outcome::NotReported);
                if none_reported && seen.contains(&r.code.as_str()) {
                    continue;
                }
                seen.push(&r.code);
                let name = if none_reported {
                    r.name.clone()
                } else {
                    r.label()
                };
                entries.push((short_code(&r.code), name));
            }
            if entries.is_empty() {
                continue;
            }
            self.w
                .element("p", &[], &format!("{}:", dim.dimension.name()));
            self.w.open("ul", &[]);
            for (code, name) in entries {
                self.w.open("li", &[]);
                self.w.text(&name);
                self.w.text(" ");
                self.w
                    .element("span", &[("class", Some("muted"))], &format!("({code})"));
                self.w.close("li");
            }
            self.w.close("ul");
        }
    }
}
