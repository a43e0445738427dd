//! The 91 U4SSC KPIs, compiled into the binary from `catalogue.csv` (one source of truth:
//! code, dimension, sub-dimension, category, name, unit, core/advanced, SDG reference, the
//! default direction and the data points of multi-point KPIs).

use std::sync::OnceLock;

use serde::Serialize;

use super::scoring::Direction;

const CATALOGUE_CSV: &str = include_str!("catalogue.csv");

/// The three U4SSC dimensions, in the order profiles print them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub enum Dimension {
    /// Economy: ICT, productivity and infrastructure.
    Economy,
    /// Environment: environment and energy.
    Environment,
    #[serde(rename = "Society and Culture")]
    /// Society and Culture: education, health and culture; safety, housing and social inclusion.
    SocietyAndCulture,
}

impl Dimension {
    /// Every dimension, in print order: the order dimension scores are computed and shown in.
    pub const ALL: [Dimension; 3] = [
        Dimension::Economy,
        Dimension::Environment,
        Dimension::SocietyAndCulture,
    ];

    /// The name as `catalogue.csv` spells it and the profile prints it.
    pub fn name(self) -> &'static str {
        match self {
            Dimension::Economy => "Economy",
            Dimension::Environment => "Environment",
            Dimension::SocietyAndCulture => "Society and Culture",
        }
    }

    fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|d| d.name() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
/// Whether a KPI is one of the 55 core KPIs or one of the 36 advanced ones (codes ending in
/// `C` and `A`), from the catalogue's `type` column.
pub enum Tier {
    /// A core KPI (`core` in the catalogue).
    Core,
    /// An advanced KPI (`advanced` in the catalogue).
    Advanced,
}

/// One data point of a multi-point KPI, e.g. `PM2.5` of Air Pollution.
#[derive(Debug, Clone, Serialize)]
pub struct DataPointDef {
    /// As `kpis.csv` gives it in the `data_point` column, e.g. `PM2.5` or `Landfill`.
    pub name: String,
    /// Which way is better for this data point: its own in the catalogue (`name:lower`), else
    /// the KPI's.
    pub direction: Direction,
}

/// One KPI as the catalogue defines it.
#[derive(Debug, Clone, Serialize)]
pub struct KpiDef {
    /// Canonical code, e.g. `SC: EH: ED: 1C`.
    pub code: String,
    /// The U4SSC dimension the KPI belongs to.
    pub dimension: Dimension,
    /// The sub-dimension within the dimension, e.g. `ICT` or `Education, Health and Culture`.
    pub sub_dimension: String,
    /// The category within the sub-dimension, e.g. `ICT Infrastructure`; a few names recur in
    /// more than one sub-dimension.
    pub category: String,
    /// The English name as profiles print it, e.g. `Household Internet Access`.
    pub name: String,
    /// The unit the value is reported in, e.g. `Percentage`; a `kpis.csv` row may give its own.
    pub unit: String,
    /// Core or advanced.
    pub tier: Tier,
    /// Official SDG reference where known; often empty.
    pub sdg: String,
    /// Which way is better, unless the city's data says otherwise.
    pub direction: Direction,
    /// Empty for single-value KPIs.
    pub data_points: Vec<DataPointDef>,
}

/// The embedded catalogue, in catalogue order (dimension, sub-dimension, category).
#[derive(Debug)]
pub struct Catalogue {
    /// The 91 KPIs; a KPI's position here is the index that [`crate::kpi::KpiRecord::kpi`]
    /// holds.
    pub kpis: Vec<KpiDef>,
}

/// Canonical form for comparing codes: `SC: EH: ED:1C`, `sc:eh:ed:1c` and `SC: EH: ED: 1C`
/// all become `SC:EH:ED:1C`.
pub fn normalize_code(code: &str) -> String {
    code.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

impl Catalogue {
    /// The catalogue compiled into this binary.
    pub fn get() -> &'static Catalogue {
        static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
        CATALOGUE.get_or_init(|| {
            Catalogue::parse(CATALOGUE_CSV).expect("the embedded catalogue is checked by tests")
        })
    }

    /// Parses catalogue CSV text; errors name the row.
    pub fn parse(text: &str) -> Result<Catalogue, String> {
        let mut reader = csv::Reader::from_reader(text.as_bytes());
        let mut kpis = Vec::new();
        for (i, record) in reader.records().enumerate() {
            let row = i + 2;
            let r = record.map_err(|e| format!("catalogue row {row}: {e}"))?;
            let field = |n: usize| r.get(n).unwrap_or("").trim().to_string();
            let dimension = Dimension::parse(&field(1))
                .ok_or_else(|| format!("catalogue row {row}: unknown dimension {:?}", field(1)))?;
            let tier = match field(6).as_str() {
                "core" => Tier::Core,
                "advanced" => Tier::Advanced,
                other => return Err(format!("catalogue row {row}: unknown type {other:?}")),
            };
            let direction = Direction::parse(&field(8))
                .ok_or_else(|| format!("catalogue row {row}: unknown direction {:?}", field(8)))?;
            let data_points = field(9)
                .split(';')
                .filter(|s| !s.is_empty())
                .map(|spec| match spec.split_once(':') {
                    Some((name, dir)) => Direction::parse(dir)
                        .map(|direction| DataPointDef {
                            name: name.into(),
                            direction,
                        })
                        .ok_or_else(|| format!("catalogue row {row}: bad data point {spec:?}")),
                    None => Ok(DataPointDef {
                        name: spec.into(),
                        direction,
                    }),
                })
                .collect::<Result<_, _>>()?;
            kpis.push(KpiDef {
                code: field(0),
                dimension,
                sub_dimension: field(2),
                category: field(3),
                name: field(4),
                unit: field(5),
                tier,
                sdg: field(7),
                direction,
                data_points,
            });
        }
        Ok(Catalogue { kpis })
    }

    /// Finds a KPI by code, accepting the usual spacing and case variants.
    pub fn find(&self, code: &str) -> Option<(usize, &KpiDef)> {
        let wanted = normalize_code(code);
        self.kpis
            .iter()
            .enumerate()
            .find(|(_, k)| normalize_code(&k.code) == wanted)
    }

    /// The catalogue code closest to an unknown one, for "did you mean" hints.
    pub fn nearest(&self, code: &str) -> &KpiDef {
        let wanted = normalize_code(code);
        self.kpis
            .iter()
            .min_by_key(|k| edit_distance(&normalize_code(&k.code), &wanted))
            .expect("the catalogue is not empty")
    }

    /// True when `name` is one of the category names (e.g. `Transport`), ignoring case.
    pub fn has_category(&self, name: &str) -> bool {
        self.kpis
            .iter()
            .any(|k| k.category.eq_ignore_ascii_case(name))
    }

    /// The distinct category names, in catalogue order.
    pub fn category_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for k in &self.kpis {
            if !names.contains(&k.category.as_str()) {
                names.push(&k.category);
            }
        }
        names
    }
}

/// The option closest to `word`, for "did you mean" hints; empty when there are no options.
pub(crate) fn nearest<'a>(options: &[&'a str], word: &str) -> &'a str {
    options
        .iter()
        .min_by_key(|o| edit_distance(o, word))
        .copied()
        .unwrap_or_default()
}

/// Levenshtein distance over characters, of the first 64 of each side: the work grows with the
/// product of the lengths, and a hint for anything longer than a code or name would mean nothing.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    const COMPARED: usize = 64;
    let b: Vec<char> = b.chars().take(COMPARED).collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().take(COMPARED).enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn catalogue_has_the_u4ssc_structure() {
        let c = Catalogue::get();
        assert_eq!(c.kpis.len(), 91);
        let count = |d| c.kpis.iter().filter(|k| k.dimension == d).count();
        assert_eq!(count(Dimension::Economy), 45);
        assert_eq!(count(Dimension::Environment), 17);
        assert_eq!(count(Dimension::SocietyAndCulture), 29);
        let mut subs: Vec<&str> = c.kpis.iter().map(|k| k.sub_dimension.as_str()).collect();
        subs.dedup();
        assert_eq!(subs.len(), 7);
        assert_eq!(c.category_names().len(), 22);
        let core = c.kpis.iter().filter(|k| k.tier == Tier::Core).count();
        assert_eq!((core, 91 - core), (55, 36));
        let rows: usize = c.kpis.iter().map(|k| k.data_points.len().max(1)).sum();
        assert_eq!(
            rows, 112,
            "91 KPIs report 112 values once data points are counted"
        );
    }

    #[test]
    fn codes_match_with_spacing_variants() {
        let c = Catalogue::get();
        for variant in ["SC: EH: ED:1C", "sc:eh:ed:1c", " SC: EH: ED: 1C "] {
            assert_eq!(c.find(variant).unwrap().1.name, "Student ICT Access");
        }
        assert!(c.find("SC: EH: ED: 9C").is_none());
    }

    #[test]
    fn nearest_code_is_suggested() {
        let c = Catalogue::get();
        assert_eq!(c.nearest("EC: ICT: ICT: 9C").code, "EC: ICT: ICT: 1C");
        assert_eq!(c.nearest("EN: EN: AQ: 3C").code, "EN: EN: AQ: 1C");
    }

    #[test]
    fn electronic_health_records_sit_in_health() {
        let (_, k) = Catalogue::get().find("SC: EH: ED: 5A").unwrap();
        assert_eq!(k.category, "Health");
    }
}
