//! Scoring as U4SSC does it: per cent of target, direction-aware, in four bands worth 1 to 4
//! points; groups score points earned over points possible.

use serde::Serialize;

/// Which way is better for a KPI or data point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    /// A larger value is better (e.g. household Internet access).
    Higher,
    /// A smaller value is better (e.g. unemployment); the target is a ceiling.
    Lower,
}

impl Direction {
    /// Reads `higher` or `lower` as `catalogue.csv` and `kpis.csv` write them, in any case and
    /// with surrounding spaces; `None` for anything else.
    pub fn parse(s: &str) -> Option<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "higher" => Some(Direction::Higher),
            "lower" => Some(Direction::Lower),
            _ => None,
        }
    }
}

/// A scoring band: the share of target reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "u8")]
pub enum Band {
    /// Less than 33 % of target: 1 point.
    Below33 = 1,
    /// 33 % to below 66 % of target: 2 points.
    From33To66 = 2,
    /// 66 % to below 95 % of target: 3 points.
    From66To95 = 3,
    /// 95 % of target or more: 4 points.
    From95 = 4,
}

impl From<Band> for u8 {
    fn from(band: Band) -> u8 {
        band as u8
    }
}

/// One row of the band table: the single place the thresholds and labels live.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct BandDef {
    /// The band this row defines.
    pub band: Band,
    /// Lowest per cent of target in this band (inclusive).
    pub from_percent: f64,
    /// Points a KPI in this band earns.
    pub points: u32,
    /// Label printed on chips and legends.
    pub label: &'static str,
    /// Legend wording as in U4SSC snapshots.
    pub legend: &'static str,
}

/// The four U4SSC bands, lowest first.
pub const BANDS: [BandDef; 4] = [
    BandDef {
        band: Band::Below33,
        from_percent: 0.0,
        points: 1,
        label: "<33%",
        legend: "Less than 33% of target",
    },
    BandDef {
        band: Band::From33To66,
        from_percent: 33.0,
        points: 2,
        label: "33–66%",
        legend: "33–66% of target",
    },
    BandDef {
        band: Band::From66To95,
        from_percent: 66.0,
        points: 3,
        label: "66–95%",
        legend: "66–95% of target",
    },
    BandDef {
        band: Band::From95,
        from_percent: 95.0,
        points: 4,
        label: "95%+",
        legend: "95%+ of target",
    },
];

impl Band {
    /// The band a per-cent-of-target figure falls in.
    pub fn for_percent(percent: f64) -> Band {
        BANDS
            .iter()
            .rev()
            .find(|def| percent >= def.from_percent)
            .map_or(Band::Below33, |def| def.band)
    }

    /// This band's row of [`BANDS`]: its threshold, points and wording.
    pub fn def(self) -> &'static BandDef {
        &BANDS[self as usize - 1]
    }

    /// Points a KPI or data point in this band earns towards its group's score (1 to 4).
    pub fn points(self) -> u32 {
        self.def().points
    }

    /// The short label printed on chips and in `kpi-results.csv`, e.g. `66–95%`.
    pub fn label(self) -> &'static str {
        self.def().label
    }
}

/// Per cent of target reached, direction-aware. `None` when the figures cannot be compared
/// (a negative value or target).
pub fn percent_of_target(value: f64, target: f64, direction: Direction) -> Option<f64> {
    if value < 0.0 || target < 0.0 || !value.is_finite() || !target.is_finite() {
        return None;
    }
    match direction {
        Direction::Higher if target == 0.0 => Some(100.0),
        Direction::Higher => Some(value / target * 100.0),
        // Lower is better: reaching or undercutting the target is 100 % and more.
        Direction::Lower if value == 0.0 => Some(100.0),
        Direction::Lower => Some(target / value * 100.0),
    }
}

/// Points earned over points possible for a group of scored KPIs and data points.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Score {
    /// Sum of the band points of the group's scored KPIs and data points.
    pub earned: u32,
    /// Four points for each scored KPI or data point; Not Reported and N/A add nothing.
    pub possible: u32,
}

impl Score {
    /// Counts one scored KPI or data point in its band.
    pub fn add(&mut self, band: Band) {
        self.earned += band.points();
        self.possible += Band::From95.points();
    }

    /// `None` when nothing in the group could be scored.
    pub fn percent(self) -> Option<f64> {
        (self.possible > 0).then(|| f64::from(self.earned) / f64::from(self.possible) * 100.0)
    }

    /// The band of [`Score::percent`], by the same thresholds as a single KPI; `None` when
    /// nothing in the group could be scored.
    pub fn band(self) -> Option<Band> {
        self.percent().map(Band::for_percent)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_follow_the_u4ssc_thresholds() {
        assert_eq!(Band::for_percent(0.0), Band::Below33);
        assert_eq!(Band::for_percent(32.99), Band::Below33);
        assert_eq!(Band::for_percent(33.0), Band::From33To66);
        assert_eq!(Band::for_percent(65.9), Band::From33To66);
        assert_eq!(Band::for_percent(66.0), Band::From66To95);
        assert_eq!(Band::for_percent(94.99), Band::From66To95);
        assert_eq!(Band::for_percent(95.0), Band::From95);
        assert_eq!(Band::for_percent(250.0), Band::From95);
    }

    #[test]
    fn education_worked_example_scores_56_25_percent() {
        // U4SSC: Education with four KPIs in bands 1, 3, 4, 1 earns 9 of 16 points.
        let mut education = Score::default();
        for band in [Band::Below33, Band::From66To95, Band::From95, Band::Below33] {
            education.add(band);
        }
        assert_eq!(
            education,
            Score {
                earned: 9,
                possible: 16
            }
        );
        assert_eq!(education.percent(), Some(56.25));
        assert_eq!(education.band(), Some(Band::From33To66));

        // With only three reported (3 + 4 + 2) it is 9 of 12 = 75 %, band 66–95 %.
        let mut three = Score::default();
        for band in [Band::From66To95, Band::From95, Band::From33To66] {
            three.add(band);
        }
        assert_eq!(three.percent(), Some(75.0));
        assert_eq!(three.band(), Some(Band::From66To95));
    }

    #[test]
    fn direction_decides_how_per_cent_of_target_is_computed() {
        assert_eq!(
            percent_of_target(80.0, 100.0, Direction::Higher),
            Some(80.0)
        );
        assert_eq!(percent_of_target(10.0, 5.0, Direction::Lower), Some(50.0));
        assert_eq!(percent_of_target(4.0, 5.0, Direction::Lower), Some(125.0));
        assert_eq!(percent_of_target(0.0, 5.0, Direction::Lower), Some(100.0));
        assert_eq!(percent_of_target(-1.0, 5.0, Direction::Lower), None);
    }

    #[test]
    fn an_empty_group_has_no_score() {
        assert_eq!(Score::default().percent(), None);
        assert_eq!(Score::default().band(), None);
    }
}
