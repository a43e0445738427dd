//! The U4SSC KPIs: the embedded catalogue, scoring of reported values against their benchmarks,
//! and aggregation into category, sub-dimension and dimension scores.

mod catalogue;
pub mod files;
mod results;
mod scoring;

pub(crate) use catalogue::nearest;
pub use catalogue::{Catalogue, DataPointDef, Dimension, KpiDef, Tier, normalize_code};
pub use results::{
    GroupScore, KpiRecord, KpiResults, Measure, Observation, Outcome, Related, Relation, ResultRow,
};
pub use scoring::{BANDS, Band, BandDef, Direction, Score, percent_of_target};
