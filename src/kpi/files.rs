//! The scored results as files: `kpi-results.csv` and `kpi-results.json`, one row per KPI or
//! data point in catalogue order. `build` writes them beside the PDF and attaches them to it;
//! `sscp results` prints them.

use serde_json::{Value, json};

use super::results::{KpiResults, Measure, Outcome, ResultRow};
use super::scoring::Direction;

/// The columns of `kpi-results.csv`, and the keys of each object in `kpi-results.json`.
pub const COLUMNS: [&str; 18] = [
    "code",
    "dimension",
    "sub_dimension",
    "category",
    "name",
    "data_point",
    "value",
    "unit",
    "year",
    "target",
    "local_target",
    "direction",
    "percent_of_target",
    "band",
    "points",
    "verified",
    "data_quality",
    "source",
];

/// One result as the files give it: numbers as JSON numbers, absent values as null.
fn fields(row: &ResultRow) -> [Value; 18] {
    let measure = |m: Option<Measure>| match m {
        Some(Measure::Number(n)) => json!(n),
        Some(Measure::Flag(f)) => json!(if f { "yes" } else { "no" }),
        None => Value::Null,
    };
    let (percent, band, points) = match row.outcome {
        Outcome::Scored { percent, band } => (
            json!((percent * 10.0).round() / 10.0),
            json!(band.label()),
            json!(band.points()),
        ),
        Outcome::NotReported => (Value::Null, json!("Not Reported"), Value::Null),
        Outcome::NoBenchmark => (Value::Null, json!("N/A"), Value::Null),
    };
    let text = |s: &Option<String>| s.as_deref().map_or(Value::Null, |s| json!(s));
    [
        json!(row.code),
        json!(row.dimension.name()),
        json!(row.sub_dimension),
        json!(row.category),
        json!(row.name),
        text(&row.data_point),
        measure(row.value),
        json!(row.unit),
        row.year.map_or(Value::Null, |y| json!(y)),
        measure(row.target),
        row.local_target.map_or(Value::Null, |t| json!(t)),
        json!(match row.direction {
            Direction::Higher => "higher",
            Direction::Lower => "lower",
        }),
        percent,
        band,
        points,
        json!(row.verified),
        text(&row.data_quality),
        text(&row.source),
    ]
}

/// `kpi-results.csv`: a header row and one row per result, every cell inert to spreadsheets.
pub fn results_csv(results: &KpiResults) -> Vec<u8> {
    // Figures as kpis.csv writes them (100, not 100.0); yes and no as in kpis.csv.
    let cell = |v: Value| match v {
        Value::Null => String::new(),
        Value::String(s) => s,
        Value::Bool(b) => if b { "yes" } else { "no" }.to_string(),
        Value::Number(n) => n.as_f64().map_or_else(|| n.to_string(), |f| f.to_string()),
        other => other.to_string(),
    };
    let header = COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>();
    let rows = results
        .rows
        .iter()
        .map(|row| fields(row).into_iter().map(cell).collect::<Vec<_>>());
    crate::csv_cells::write(std::iter::once(header).chain(rows))
}

/// `kpi-results.json`: an array with one object per result, keys as [`COLUMNS`]; figures are
/// numbers, `verified` a boolean, what is absent null.
pub fn results_json(results: &KpiResults) -> Vec<u8> {
    let rows: Vec<Value> = results
        .rows
        .iter()
        .map(|row| {
            let object: serde_json::Map<String, Value> = COLUMNS
                .iter()
                .map(|c| c.to_string())
                .zip(fields(row))
                .collect();
            Value::Object(object)
        })
        .collect();
    let mut bytes = serde_json::to_vec_pretty(&rows).expect("results serialise");
    bytes.push(b'\n');
    bytes
}
