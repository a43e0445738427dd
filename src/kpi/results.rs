//! From checked KPI records to results: the latest year of each KPI or data point is its
//! verified result, earlier years are its history, and groups are scored from the results.

use std::collections::BTreeMap;

use serde::Serialize;

use super::catalogue::{Catalogue, Dimension, Tier};
use super::scoring::{Band, Direction, Score, percent_of_target};

/// A reported value or benchmark.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(untagged)]
pub enum Measure {
    /// A figure in the KPI's unit; never negative once `kpis.csv` has been checked.
    Number(f64),
    /// A `yes` / `no` answer, e.g. whether the city has resilience plans.
    Flag(bool),
}

/// One checked row of `kpis.csv`.
#[derive(Debug, Clone)]
pub struct KpiRecord {
    /// Index into the catalogue.
    pub kpi: usize,
    /// Index into the KPI's data points, for multi-point KPIs.
    pub data_point: Option<usize>,
    /// `None` is Not Reported.
    pub value: Option<Measure>,
    /// The unit as the row reports it; `None` takes the catalogue's.
    pub unit: Option<String>,
    /// The year the value refers to; `None` on a Not Reported row.
    pub year: Option<i32>,
    /// `None` is no benchmark (N/A).
    pub target: Option<Measure>,
    /// Which way is better, as the row gives it; `None` keeps the catalogue's.
    pub direction: Option<Direction>,
    /// The city's own target, shown beside the benchmark; not used for scoring.
    pub local_target: Option<f64>,
    /// Whether the value was verified; `None` counts as verified when a value is given.
    pub verified: Option<bool>,
    /// How the value was obtained, lower-cased: `measured`, `survey`, `higher-level`, `estimate`,
    /// `personal-estimate` or `unknown`.
    pub data_quality: Option<String>,
    /// Where the value comes from, as the city wrote it.
    pub source: Option<String>,
}

/// A value in a given year, for progress charts.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Observation {
    /// The year the value refers to.
    pub year: i32,
    /// The figure reported for that year, in the KPI's unit.
    pub value: f64,
}

/// How a KPI or data point came out.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "kebab-case")]
pub enum Outcome {
    /// No value in the latest row, or no row in `kpis.csv` at all.
    NotReported,
    /// Reported, but there is no benchmark to score it against.
    NoBenchmark,
    /// Reported and scored against its benchmark; only these count towards group scores.
    Scored {
        /// Per cent of target reached, direction-aware; above 100 when the target is beaten.
        percent: f64,
        /// The band `percent` falls in.
        band: Band,
    },
}

/// One line of the results tables: a KPI, or one data point of a multi-point KPI.
#[derive(Debug, Clone, Serialize)]
pub struct ResultRow {
    /// The KPI's code as the catalogue spells it, e.g. `SC: EH: ED: 1C`.
    pub code: String,
    /// The KPI's name from the catalogue (the data point's is in `data_point`).
    pub name: String,
    /// The data point's name, e.g. `PM2.5`; `None` for single-value KPIs.
    pub data_point: Option<String>,
    /// The dimension the KPI belongs to.
    pub dimension: Dimension,
    /// The sub-dimension, as the catalogue names it.
    pub sub_dimension: String,
    /// The category, as the catalogue names it.
    pub category: String,
    /// Core or advanced.
    pub tier: Tier,
    /// The unit of the latest row, or the catalogue's when it gives none.
    pub unit: String,
    /// Which way is better: the latest row's, else the catalogue's for the KPI or data point.
    pub direction: Direction,
    /// The value of the latest year; `None` is Not Reported.
    pub value: Option<Measure>,
    /// The year the value refers to; `None` when not reported.
    pub year: Option<i32>,
    /// The U4SSC benchmark of the latest row; `None` is no benchmark (N/A).
    pub target: Option<Measure>,
    /// The city's own target from the latest row, shown beside the benchmark.
    pub local_target: Option<f64>,
    /// Whether the latest value is verified; `false` when nothing was reported.
    pub verified: bool,
    /// How the latest value was obtained, e.g. `measured` or `estimate`, when `kpis.csv` says.
    pub data_quality: Option<String>,
    /// Where the latest value comes from, as the city wrote it.
    pub source: Option<String>,
    /// How the latest value scored against the benchmark.
    pub outcome: Outcome,
    /// Earlier years and the latest, oldest first; numeric values only.
    pub history: Vec<Observation>,
    /// The activities and good practices that address this KPI.
    pub related: Vec<Related>,
}

impl ResultRow {
    /// `Open Data: Availability`, or just the name for single-value KPIs.
    pub fn label(&self) -> String {
        match &self.data_point {
            Some(point) => format!("{}: {}", self.name, point),
            None => self.name.clone(),
        }
    }
}

/// An activity or good practice that addresses a KPI.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Related {
    /// Its reference id on the area pages, e.g. `EC3`.
    pub id: String,
    /// Its name or title as the profile gives it.
    pub name: String,
}

/// What an activity or good practice addresses: KPI codes (catalogue spelling) or category
/// names.
#[derive(Debug, Clone)]
pub struct Relation {
    /// The activity or good practice, as result rows list it.
    pub related: Related,
    /// What it addresses, from its `related` list in `profile.json`: a code matches one KPI, a
    /// category name (any case) every KPI in that category.
    pub targets: Vec<String>,
}

/// A scored group: a category (within its sub-dimension), a sub-dimension or a dimension.
#[derive(Debug, Clone, Serialize)]
pub struct GroupScore {
    /// The dimension the group lies in; for [`KpiResults::overall`] it is `Economy` and means
    /// nothing.
    pub dimension: Dimension,
    /// The sub-dimension; `None` for dimension scores and the overall score.
    pub sub_dimension: Option<String>,
    /// The category; `None` for sub-dimension, dimension and overall scores.
    pub category: Option<String>,
    /// Points earned over points possible by the group's scored rows.
    pub score: Score,
    /// The score as a per cent of the points possible; `None` when nothing could be scored.
    pub percent: Option<f64>,
    /// The band of `percent`, by the thresholds a single KPI is banded with.
    pub band: Option<Band>,
    /// Rows in the group, scored or not.
    pub rows: usize,
    /// Rows in the group without a value.
    pub not_reported: usize,
    /// Rows in the group with a value but nothing to score it against (N/A).
    pub no_benchmark: usize,
}

/// All results of one city, in catalogue order, with the group scores.
#[derive(Debug, Clone, Serialize)]
pub struct KpiResults {
    /// One row per KPI or data point of the catalogue (112), reported or not.
    pub rows: Vec<ResultRow>,
    /// The three dimension scores, in the order of [`Dimension::ALL`].
    pub dimensions: Vec<GroupScore>,
    /// The sub-dimension scores, in catalogue order.
    pub sub_dimensions: Vec<GroupScore>,
    /// The category scores, each within its sub-dimension (a category name in two
    /// sub-dimensions is scored twice), in catalogue order.
    pub categories: Vec<GroupScore>,
    /// The score of every row of the profile together.
    pub overall: GroupScore,
}

/// One source the city gave for its results, with one data quality it stated for them: the
/// results it supplied, by code, in catalogue order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SourceGroup {
    /// The source as the city wrote it; `None` where a result gives none.
    pub source: Option<String>,
    /// The data quality, in words ([`data_quality_text`]); `None` where none is stated.
    pub quality: Option<String>,
    /// The KPI codes, each once.
    pub codes: Vec<String>,
}

/// A data quality of `kpis.csv` in the words of the U4SSC data collection template's classes;
/// an unknown one as written.
pub fn data_quality_text(quality: &str) -> &str {
    match quality {
        "measured" => "Measured",
        "survey" => "Survey of inhabitants",
        "higher-level" => "Higher-level data",
        "estimate" => "Estimate",
        "personal-estimate" => "Personal estimate",
        "unknown" => "Unknown method",
        other => other,
    }
}

impl KpiResults {
    /// Where the reported results come from: a group per source and data quality, in the order
    /// the results first name them.
    pub fn sources(&self) -> Vec<SourceGroup> {
        let mut groups: Vec<SourceGroup> = Vec::new();
        for row in self
            .rows
            .iter()
            .filter(|r| r.outcome != Outcome::NotReported)
        {
            let quality = row
                .data_quality
                .as_deref()
                .map(|q| data_quality_text(q).to_string());
            let at = groups
                .iter()
                .position(|g| g.source == row.source && g.quality == quality);
            let group = match at {
                Some(i) => &mut groups[i],
                None => {
                    groups.push(SourceGroup {
                        source: row.source.clone(),
                        quality,
                        codes: Vec::new(),
                    });
                    groups.last_mut().expect("just pushed")
                }
            };
            if !group.codes.contains(&row.code) {
                group.codes.push(row.code.clone());
            }
        }
        groups
    }

    /// Builds the results from checked records and what the city's activities address.
    pub fn compute(records: &[KpiRecord], relations: &[Relation]) -> KpiResults {
        let catalogue = Catalogue::get();
        let mut by_slot: BTreeMap<(usize, Option<usize>), Vec<&KpiRecord>> = BTreeMap::new();
        for record in records {
            by_slot
                .entry((record.kpi, record.data_point))
                .or_default()
                .push(record);
        }

        let mut rows = Vec::new();
        for (index, def) in catalogue.kpis.iter().enumerate() {
            let slots: Vec<Option<usize>> = if def.data_points.is_empty() {
                vec![None]
            } else {
                (0..def.data_points.len()).map(Some).collect()
            };
            for slot in slots {
                let mut history: Vec<&KpiRecord> =
                    by_slot.get(&(index, slot)).cloned().unwrap_or_default();
                // Latest year last; an undated (not reported) row sorts first.
                history.sort_by_key(|r| r.year.unwrap_or(i32::MIN));
                let latest = history.last().copied();
                let default_direction =
                    slot.map_or(def.direction, |p| def.data_points[p].direction);
                let direction = latest
                    .and_then(|r| r.direction)
                    .unwrap_or(default_direction);
                let value = latest.and_then(|r| r.value);
                let target = latest.and_then(|r| r.target);
                let outcome = outcome(value, target, direction);
                let related = relations
                    .iter()
                    .filter(|r| {
                        r.targets
                            .iter()
                            .any(|t| t == &def.code || t.eq_ignore_ascii_case(&def.category))
                    })
                    .map(|r| r.related.clone())
                    .collect();
                rows.push(ResultRow {
                    code: def.code.clone(),
                    name: def.name.clone(),
                    data_point: slot.map(|p| def.data_points[p].name.clone()),
                    dimension: def.dimension,
                    sub_dimension: def.sub_dimension.clone(),
                    category: def.category.clone(),
                    tier: def.tier,
                    unit: latest
                        .and_then(|r| r.unit.clone())
                        .unwrap_or_else(|| def.unit.clone()),
                    direction,
                    value,
                    year: latest.and_then(|r| r.year),
                    target,
                    local_target: latest.and_then(|r| r.local_target),
                    verified: latest.is_some_and(|r| r.verified.unwrap_or(r.value.is_some())),
                    data_quality: latest.and_then(|r| r.data_quality.clone()),
                    source: latest.and_then(|r| r.source.clone()),
                    outcome,
                    history: history
                        .iter()
                        .filter_map(|r| match (r.year, r.value) {
                            (Some(year), Some(Measure::Number(value))) => {
                                Some(Observation { year, value })
                            }
                            _ => None,
                        })
                        .collect(),
                    related,
                });
            }
        }

        let group = |dimension: Dimension,
                     sub: Option<&str>,
                     category: Option<&str>,
                     rows: &[ResultRow]| {
            let members: Vec<&ResultRow> = rows
                .iter()
                .filter(|r| r.dimension == dimension)
                .filter(|r| sub.is_none_or(|s| r.sub_dimension == s))
                .filter(|r| category.is_none_or(|c| r.category == c))
                .collect();
            group_score(dimension, sub, category, &members)
        };

        let mut categories = Vec::new();
        let mut sub_dimensions = Vec::new();
        let mut dimensions = Vec::new();
        for dimension in Dimension::ALL {
            dimensions.push(group(dimension, None, None, &rows));
            let mut seen_subs: Vec<&str> = Vec::new();
            for row in rows.iter().filter(|r| r.dimension == dimension) {
                if !seen_subs.contains(&row.sub_dimension.as_str()) {
                    seen_subs.push(&row.sub_dimension);
                }
            }
            for sub in seen_subs {
                sub_dimensions.push(group(dimension, Some(sub), None, &rows));
                let mut seen_cats: Vec<&str> = Vec::new();
                for row in rows
                    .iter()
                    .filter(|r| r.dimension == dimension && r.sub_dimension == sub)
                {
                    if !seen_cats.contains(&row.category.as_str()) {
                        seen_cats.push(&row.category);
                    }
                }
                for cat in seen_cats {
                    categories.push(group(dimension, Some(sub), Some(cat), &rows));
                }
            }
        }
        let all: Vec<&ResultRow> = rows.iter().collect();
        let mut overall = group_score(Dimension::Economy, None, None, &all);
        overall.dimension = Dimension::Economy; // unused for the overall score
        KpiResults {
            rows,
            dimensions,
            sub_dimensions,
            categories,
            overall,
        }
    }

    /// How many result rows satisfy `predicate`, e.g. how many are scored.
    pub fn count(&self, predicate: impl Fn(&ResultRow) -> bool) -> usize {
        self.rows.iter().filter(|r| predicate(r)).count()
    }
}

fn outcome(value: Option<Measure>, target: Option<Measure>, direction: Direction) -> Outcome {
    let percent = match (value, target) {
        (None, _) => return Outcome::NotReported,
        (Some(_), None) => return Outcome::NoBenchmark,
        (Some(Measure::Number(v)), Some(Measure::Number(t))) => percent_of_target(v, t, direction),
        (Some(Measure::Flag(v)), Some(Measure::Flag(t))) => Some(if v == t { 100.0 } else { 0.0 }),
        // Mixed kinds are rejected when the CSV is read.
        _ => None,
    };
    match percent {
        Some(percent) => Outcome::Scored {
            percent,
            band: Band::for_percent(percent),
        },
        None => Outcome::NoBenchmark,
    }
}

fn group_score(
    dimension: Dimension,
    sub_dimension: Option<&str>,
    category: Option<&str>,
    rows: &[&ResultRow],
) -> GroupScore {
    let mut score = Score::default();
    for row in rows {
        if let Outcome::Scored { band, .. } = row.outcome {
            score.add(band);
        }
    }
    GroupScore {
        dimension,
        sub_dimension: sub_dimension.map(str::to_string),
        category: category.map(str::to_string),
        score,
        percent: score.percent(),
        band: score.band(),
        rows: rows.len(),
        not_reported: rows
            .iter()
            .filter(|r| r.outcome == Outcome::NotReported)
            .count(),
        no_benchmark: rows
            .iter()
            .filter(|r| r.outcome == Outcome::NoBenchmark)
            .count(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(code: &str, value: f64, target: Option<f64>) -> KpiRecord {
        let (kpi, _) = Catalogue::get().find(code).unwrap();
        KpiRecord {
            kpi,
            data_point: None,
            value: Some(Measure::Number(value)),
            unit: None,
            year: Some(2024),
            target: target.map(Measure::Number),
            direction: None,
            local_target: None,
            verified: Some(true),
            data_quality: None,
            source: None,
        }
    }

    #[test]
    fn education_category_scores_the_worked_example() {
        // Bands 1, 3, 4, 1 from values of 20, 80, 100 and 10 % of target.
        let records = vec![
            record("SC: EH: ED: 1C", 20.0, Some(100.0)),
            record("SC: EH: ED: 2C", 80.0, Some(100.0)),
            record("SC: EH: ED: 3C", 30000.0, Some(30000.0)),
            record("SC: EH: ED: 4C", 10.0, Some(100.0)),
        ];
        let results = KpiResults::compute(&records, &[]);
        let education = results
            .categories
            .iter()
            .find(|g| g.category.as_deref() == Some("Education"))
            .unwrap();
        assert_eq!(
            education.score,
            Score {
                earned: 9,
                possible: 16
            }
        );
        assert_eq!(education.percent, Some(56.25));
        assert_eq!(education.band, Some(Band::From33To66));
    }

    #[test]
    fn sources_group_the_reported_results_by_source_and_data_quality() {
        let mut records = vec![
            record("SC: EH: ED: 1C", 20.0, Some(100.0)),
            record("SC: EH: ED: 2C", 80.0, Some(100.0)),
            record("SC: EH: ED: 3C", 300.0, Some(300.0)),
            record("SC: EH: ED: 4C", 10.0, Some(100.0)),
        ];
        let office = Some("Town Office 2025".to_string());
        for (r, (source, quality)) in records.iter_mut().zip([
            (office.clone(), Some("measured")),
            (None, None),
            (office.clone(), Some("measured")),
            (office.clone(), Some("personal-estimate")),
        ]) {
            r.source = source;
            r.data_quality = quality.map(str::to_string);
        }
        let groups = KpiResults::compute(&records, &[]).sources();
        let group = |source: &Option<String>, quality: Option<&str>, codes: &[&str]| SourceGroup {
            source: source.clone(),
            quality: quality.map(str::to_string),
            codes: codes.iter().map(|c| c.to_string()).collect(),
        };
        // In the order the results first name them; a result not reported is in none.
        assert_eq!(
            groups,
            vec![
                group(
                    &office,
                    Some("Measured"),
                    &["SC: EH: ED: 1C", "SC: EH: ED: 3C"]
                ),
                group(&None, None, &["SC: EH: ED: 2C"]),
                group(&office, Some("Personal estimate"), &["SC: EH: ED: 4C"]),
            ]
        );
    }

    #[test]
    fn latest_year_is_the_result_and_earlier_years_are_history() {
        let mut old = record("EC: P: EM: 1C", 9.0, Some(5.0));
        old.year = Some(2019);
        let new = record("EC: P: EM: 1C", 6.0, Some(5.0));
        let results = KpiResults::compute(&[new, old], &[]);
        let row = results
            .rows
            .iter()
            .find(|r| r.code == "EC: P: EM: 1C")
            .unwrap();
        assert_eq!(row.year, Some(2024));
        assert_eq!(row.history.len(), 2);
        assert_eq!(row.history[0].year, 2019);
        // Unemployment: lower is better, 5 / 6 = 83 %.
        assert!(matches!(
            row.outcome,
            Outcome::Scored {
                band: Band::From66To95,
                ..
            }
        ));
    }

    #[test]
    fn not_reported_and_no_benchmark_are_left_out_of_scores() {
        let records = vec![
            record("SC: EH: ED: 1C", 100.0, Some(100.0)),
            record("SC: EH: ED: 2C", 50.0, None),
        ];
        let results = KpiResults::compute(&records, &[]);
        assert_eq!(results.rows.len(), 112);
        let education = results
            .categories
            .iter()
            .find(|g| g.category.as_deref() == Some("Education"))
            .unwrap();
        assert_eq!(
            education.score,
            Score {
                earned: 4,
                possible: 4
            }
        );
        assert_eq!(education.not_reported, 2);
        assert_eq!(education.no_benchmark, 1);
        assert_eq!(
            results.categories.len(),
            27,
            "22 category names, 27 within sub-dimensions"
        );
        assert_eq!(results.sub_dimensions.len(), 7);
    }

    #[test]
    fn relations_attach_activities_by_code_or_category() {
        let relation = |id: &str, name: &str, target: &str| Relation {
            related: Related {
                id: id.into(),
                name: name.into(),
            },
            targets: vec![target.into()],
        };
        let relations = vec![
            relation("EC1", "Cycle Ardenvale", "EC: I: T: 3C"),
            relation("EC2", "Transit plan", "transport"),
        ];
        let results = KpiResults::compute(&[], &relations);
        let ids = |code: &str| -> Vec<String> {
            let row = results.rows.iter().find(|r| r.code == code).unwrap();
            row.related.iter().map(|r| r.id.clone()).collect()
        };
        assert_eq!(ids("EC: I: T: 3C"), vec!["EC1", "EC2"]);
        assert_eq!(ids("EC: ICT: T: 2C"), vec!["EC2"]);
        assert!(ids("EC: I: WS: 1C").is_empty());
    }
}
