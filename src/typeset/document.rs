//! The one data document the template reads (`data/profile.json`) and the files beside it
//! (chart SVGs, pictures). The template sees only these, never the city folder.

use serde::Serialize;
use serde_json::json;
use typst::foundations::Bytes;

use crate::charts::{self, Chart};
use crate::format;
use crate::kpi::{BANDS, Dimension, KpiResults, Measure, Outcome, ResultRow};
use crate::model::{CityProfile, Status};

/// The text width of an inside page (A4 less the 19 mm and 17 mm margins), in points.
const TEXT_WIDTH_PT: f64 = (210.0 - 36.0) * 72.0 / 25.4;

/// Print or screen (`data/print.json`): the bleed and the slug for crop marks, in mm.
pub const PRINT_PATH: &str = "data/print.json";
/// The printer's PDF: 3 mm of bleed on every side, and 10 mm beyond it for the crop marks.
pub const PRINT_BLEED_MM: f64 = 3.0;
/// The slug beyond the printer's bleed, in mm, where the crop marks are drawn.
pub const PRINT_SLUG_MM: f64 = 10.0;

/// Project paths of the generated files.
pub const DATA_PATH: &str = "data/profile.json";
/// The page plan, apart from the data so that trying plans leaves the data as it was.
pub const PLAN_PATH: &str = "data/plan.json";

/// What each part of the template is handed (`data/parts/<name>.json`): the branches of the
/// data document it prints, in the data document's shape, with the gaps and change marks of its
/// own fields. A part sees nothing else, so an edit elsewhere leaves its input, and so Typst's
/// cached evaluation and layout of it, as they were: a one-paragraph edit re-lays one section.
/// The city, the edition and the band labels are small and rarely change; the parts that print
/// them have them whole.
const PARTS: [(&str, &[&str]); 11] = [
    (
        "cover",
        &[
            "/profile/city",
            "/profile/edition",
            "/profile/sample_data",
            "/images/cover",
            "/text",
        ],
    ),
    (
        "about",
        &[
            "/profile/city",
            "/profile/edition",
            "/profile/sample_data",
            "/kpi/counts",
            "/text",
        ],
    ),
    (
        "key-messages",
        &[
            "/profile/showcase/key_messages",
            "/profile/city/key_facts",
            "/kpi/counts",
            "/kpi/dimensions",
            "/kpi/categories",
            "/kpi/bands",
            "/charts/overview",
            "/images/sections",
        ],
    ),
    (
        "context",
        &[
            "/profile/survey/context",
            "/profile/survey/legal_framework",
            "/images/sections",
        ],
    ),
    (
        "agenda",
        &[
            "/profile/survey/agenda_2030",
            "/profile/survey/key_achievements",
            "/charts/progress",
            "/images/sections",
        ],
    ),
    ("society", &AREA_PART),
    ("environment", &AREA_PART),
    ("economy", &AREA_PART),
    (
        "kpis",
        &[
            "/profile/city/name",
            "/profile/edition/verification",
            "/kpi",
            "/charts/wheel",
        ],
    ),
    (
        "outlook",
        &[
            "/profile/survey/challenges",
            "/profile/survey/opportunities",
            "/profile/survey/finance",
            "/profile/showcase/recommendations",
            "/images/sections",
        ],
    ),
    (
        "back",
        &[
            "/profile/city",
            "/profile/edition",
            "/profile/showcase/good_practices",
            "/profile/showcase/recommendations",
            "/profile/references",
            "/profile/survey/sources",
            "/kpi/counts",
            "/text",
        ],
    ),
];

/// An area section: all three areas' answers (the template picks its own), the good practices
/// (filtered by area in the template, numbered across all), the KPI results (its dimension's
/// shown in detail where there is room), its charts and pictures.
const AREA_PART: [&str; 10] = [
    "/profile/survey/areas",
    "/profile/showcase/good_practices",
    "/kpi/dimensions",
    "/kpi/categories",
    "/kpi/rows",
    "/kpi/bands",
    "/charts/categories",
    "/charts/categories_compact",
    "/images/practices",
    "/images/sections",
];

/// The template's inputs: project path and bytes of every generated file. The bytes are
/// Typst's own, shared (not copied) by every layout the page plan tries, so that Typst hashes
/// each file once per build rather than once per layout: a city's pictures are megabytes.
pub struct ProfileFiles {
    /// Each file by its project path, without the leading slash; for a profile, the data
    /// document and its parts, the charts (`charts/wheel.svg`) and the pictures.
    pub files: Vec<(String, Bytes)>,
    /// The data document as built, before the page plan is set into it; empty for files that
    /// do not belong to a profile.
    document: serde_json::Value,
}

impl ProfileFiles {
    /// Files for any template that are not a profile's (tests, the other reports).
    pub fn plain(files: Vec<(String, Vec<u8>)>) -> ProfileFiles {
        ProfileFiles {
            files: super::world::shared(files),
            document: serde_json::Value::Null,
        }
    }

    /// The sections that have pictures of their own (`images.sections`). In a draft, every
    /// section that can take a picture: one without gets a placeholder for it where there is
    /// room, so that the draft is laid out as the final will be once the photograph is sent.
    pub fn picture_places(&self) -> Vec<String> {
        if self.document["profile"]["edition"]["status"] == "draft" {
            return crate::model::PicturePlace::ALL
                .iter()
                .map(|(name, _)| name.to_string())
                .collect();
        }
        self.document["images"]["sections"]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|p| p["place"].as_str().map(str::to_string))
            .collect()
    }

    /// Sets the pages up for a printer (bleed and crop marks) or for the screen (neither).
    /// The layout inside the trim is the same either way.
    pub fn set_print(&mut self, print: bool) {
        let (bleed, slug) = if print {
            (PRINT_BLEED_MM, PRINT_SLUG_MM)
        } else {
            (0.0, 0.0)
        };
        let bytes = serde_json::to_vec(&json!({ "bleed": bleed, "slug": slug }))
            .expect("the print settings serialise");
        let bytes = Bytes::new(bytes);
        match self.files.iter_mut().find(|(path, _)| path == PRINT_PATH) {
            Some((_, old)) => *old = bytes,
            None => self.files.push((PRINT_PATH.to_string(), bytes)),
        }
    }

    /// Sets the page plan the template follows (`data/plan.json`, beside the data document,
    /// which stays as it is).
    pub fn set_plan(&mut self, plan: &super::plan::Plan) {
        if self.document.is_null() {
            return;
        }
        let bytes = Bytes::new(serde_json::to_vec_pretty(plan).expect("the plan serialises"));
        match self.files.iter_mut().find(|(path, _)| path == PLAN_PATH) {
            Some((_, old)) => *old = bytes,
            None => self.files.insert(1, (PLAN_PATH.to_string(), bytes)),
        }
    }
}

/// A chart as the template places it.
#[derive(Serialize)]
struct ChartRef {
    path: String,
    width: f64,
    height: f64,
    alt: String,
}

/// A result row with its figures formatted for print.
#[derive(Serialize)]
struct RowView<'a> {
    #[serde(flatten)]
    row: &'a ResultRow,
    label: String,
    value_text: String,
    target_text: String,
    local_target_text: Option<String>,
    /// Short unit for the compact tables.
    unit_short: String,
}

/// What a draft changed since the one before, as the template marks it with change bars
/// (found by [`crate::round::marks::change_marks`]):
/// narrative paragraphs (by field and block index), list items and table rows (by pointer), and
/// KPI result rows (by code, and `code|data point`).
#[derive(Debug, Clone, Default, PartialEq, serde::Serialize)]
pub struct ChangeMarks {
    /// Changed paragraphs of a narrative, by field (its JSON pointer): their block indexes.
    pub blocks: std::collections::BTreeMap<String, Vec<usize>>,
    /// Items of a narrative's lists, by field: `[block, item]`. A list whose items changed is
    /// marked item by item, so the bars stay beside the items that changed.
    pub list_items: std::collections::BTreeMap<String, Vec<[usize; 2]>>,
    /// Entries of the profile's lists (key messages, practices, activities…) that were inserted,
    /// edited or moved, as JSON pointers such as `/showcase/key_messages/2`.
    pub items: Vec<String>,
    /// Result rows where anything printed changed: the KPI code, or `code|data point`.
    pub kpis: Vec<String>,
}

/// Builds the data document and draws the charts.
pub fn profile_files(
    profile: &CityProfile,
    results: &KpiResults,
    changes: &ChangeMarks,
) -> ProfileFiles {
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut place = |name: &str, chart: Chart| {
        let path = format!("charts/{name}.svg");
        let reference = ChartRef {
            path: format!("/{path}"),
            width: chart.width_pt,
            height: chart.height_pt,
            alt: chart.alt,
        };
        files.push((path, chart.svg.into_bytes()));
        reference
    };

    let overview = place("overview", charts::overview_chart(results));
    let wheel = place("wheel", charts::wheel_chart(results, &profile.city.name));
    let categories: serde_json::Map<String, serde_json::Value> = Dimension::ALL
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let chart = place(
                &format!("categories-{}", i + 1),
                charts::category_chart(results, *d),
            );
            (
                d.name().to_string(),
                serde_json::to_value(chart).unwrap_or_default(),
            )
        })
        .collect();
    // The same in two columns across the text width, for a plan short of room.
    let compact: serde_json::Map<String, serde_json::Value> = Dimension::ALL
        .iter()
        .enumerate()
        .map(|(i, d)| {
            let chart = place(
                &format!("categories-{}-compact", i + 1),
                charts::compact_category_chart(results, *d, TEXT_WIDTH_PT),
            );
            (
                d.name().to_string(),
                serde_json::to_value(chart).unwrap_or_default(),
            )
        })
        .collect();
    let progress: Vec<serde_json::Value> = results
        .rows
        .iter()
        .filter_map(|row| charts::progress_chart(row).map(|chart| (row, chart)))
        .enumerate()
        .map(|(i, (row, chart))| {
            json!({ "code": row.code, "label": row.label(), "unit": short_unit(&row.unit), "chart": place(&format!("progress-{}", i + 1), chart) })
        })
        .collect();

    let mut images = serde_json::Map::new();
    for (key, picture) in [
        ("cover", &profile.images.cover),
        ("logo", &profile.images.logo),
    ] {
        if let Some(pic) = picture {
            let path = format!("images/{key}.{}", picture_extension(&pic.bytes));
            images.insert(key.into(), json!({ "path": format!("/{path}"), "alt": pic.alt, "credit": pic.credit, "width": pic.width, "height": pic.height }));
            files.push((path, pic.bytes.clone()));
        }
    }
    let mut sections = Vec::new();
    for (i, section) in profile.images.sections.iter().enumerate() {
        let pic = &section.picture;
        let path = format!("images/section-{}.{}", i + 1, picture_extension(&pic.bytes));
        sections.push(json!({ "place": section.place, "path": format!("/{path}"), "alt": pic.alt, "caption": pic.caption, "credit": pic.credit, "width": pic.width, "height": pic.height }));
        files.push((path, pic.bytes.clone()));
    }
    images.insert("sections".into(), serde_json::Value::Array(sections));
    // Good practices' pictures, by the practice's place in the list.
    let mut practices = serde_json::Map::new();
    for (i, practice) in profile.showcase.good_practices.iter().enumerate() {
        if let Some(pic) = &practice.picture {
            let path = format!(
                "images/practice-{}.{}",
                i + 1,
                picture_extension(&pic.bytes)
            );
            practices.insert(i.to_string(), json!({ "path": format!("/{path}"), "alt": pic.alt, "caption": pic.caption, "credit": pic.credit, "width": pic.width, "height": pic.height }));
            files.push((path, pic.bytes.clone()));
        }
    }
    images.insert("practices".into(), serde_json::Value::Object(practices));

    let rows: Vec<RowView> = results
        .rows
        .iter()
        .map(|row| RowView {
            row,
            label: row.label(),
            value_text: row.value.map_or("Not reported".into(), measure_text),
            target_text: row.target.map_or("N/A".into(), measure_text),
            local_target_text: row.local_target.map(format::number),
            unit_short: short_unit(&row.unit),
        })
        .collect();
    let counts = json!({
        "total": results.rows.len(),
        "kpis": 91,
        "reported": results.count(|r| r.outcome != Outcome::NotReported),
        "scored": results.count(|r| matches!(r.outcome, Outcome::Scored { .. })),
        "not_reported": results.count(|r| r.outcome == Outcome::NotReported),
        "no_benchmark": results.count(|r| r.outcome == Outcome::NoBenchmark),
        "verified": results.count(|r| r.verified),
        "bands": BANDS.iter().map(|b| results.count(|r| matches!(r.outcome, Outcome::Scored { band, .. } if band == b.band))).collect::<Vec<_>>(),
    });
    let edition = &profile.edition;
    let status_line = match (edition.status, edition.draft) {
        (Status::Draft, Some(n)) => format!("Draft {n} · {}", format::edition_date(edition.date)),
        _ => format::edition_date(edition.date),
    };
    let mut document = json!({
        "profile": profile,
        "kpi": {
            "rows": rows,
            "dimensions": results.dimensions,
            "sub_dimensions": results.sub_dimensions,
            "categories": results.categories,
            "overall": results.overall,
            "counts": counts,
            "bands": BANDS,
            "sources": results.sources(),
        },
        "charts": { "overview": overview, "wheel": wheel, "categories": categories, "categories_compact": compact, "progress": progress },
        "images": images,
        "changes": changes,
        "text": {
            "date": format::edition_date(edition.date),
            "year": edition.date.map_or("undated".to_string(), |d| d.year.to_string()),
            "status_line": status_line,
            "location": profile.city.region.as_ref().map_or(profile.city.country.clone(), |r| format!("{r}, {}", profile.city.country)),
            "generator": concat!("sscp ", env!("CARGO_PKG_VERSION")),
        },
    });
    for printed in ["profile", "kpi", "text", "images"] {
        super::typography::apply(&mut document[printed]);
    }
    let data = serde_json::to_vec_pretty(&document).expect("the data document serialises");
    files.insert(0, (DATA_PATH.to_string(), data));
    for (name, branches) in PARTS {
        let bytes = serde_json::to_vec(&part(&document, branches)).expect("a part serialises");
        files.push((format!("data/parts/{name}.json"), bytes));
    }
    // Nothing attached until `attach` is called.
    files.push((ATTACHMENTS_PATH.to_string(), b"[]".to_vec()));
    let mut files = ProfileFiles {
        files: super::world::shared(files),
        document,
    };
    files.set_plan(&super::plan::Plan::default());
    files.set_print(false);
    files
}

/// The branches of `document` at `pointers`, in its shape, with the gaps (`/profile/gaps`) and
/// change marks (`/changes`) of the fields under them; a branch the document lacks stays absent.
fn part(document: &serde_json::Value, pointers: &[&str]) -> serde_json::Value {
    use serde_json::Value;
    let mut out = json!({});
    for pointer in pointers {
        // The dictionaries on the way are there even when the branch is not, as in the whole
        // document (the template asks `"cover" in data.images`).
        let (parents, leaf) = pointer.rsplit_once('/').expect("pointers start with /");
        let mut at = &mut out;
        for key in parents.split('/').skip(1) {
            if at.get(key).is_none() {
                at[key] = json!({});
            }
            at = &mut at[key];
        }
        if let Some(branch) = document.pointer(pointer) {
            at[leaf] = branch.clone();
        }
    }
    // Gaps and marks name profile.json's pointers: the part's own are those under its branches
    // of the profile (or of the KPI results, for the KPI rows' marks).
    let fields: Vec<&str> = pointers
        .iter()
        .filter_map(|p| p.strip_prefix("/profile"))
        .collect();
    let own = |field: &str| {
        fields.iter().any(|f| {
            field == *f
                || field
                    .strip_prefix(f)
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    };
    let gaps: Vec<Value> = document["profile"]["gaps"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|g| g["pointer"].as_str().is_some_and(own))
        .cloned()
        .collect();
    if out.get("profile").is_none() {
        out["profile"] = json!({});
    }
    out["profile"]["gaps"] = Value::Array(gaps);
    let changes = &document["changes"];
    let keyed = |name: &str| -> Value {
        let map = changes[name].as_object().into_iter().flatten();
        Value::Object(
            map.filter(|(k, _)| own(k))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    };
    let listed = |name: &str, keep: &dyn Fn(&str) -> bool| -> Value {
        let list = changes[name].as_array().into_iter().flatten();
        Value::Array(
            list.filter(|v| v.as_str().is_some_and(keep))
                .cloned()
                .collect(),
        )
    };
    let kpis = pointers.contains(&"/kpi");
    out["changes"] = json!({
        "blocks": keyed("blocks"),
        "list_items": keyed("list_items"),
        "items": listed("items", &own),
        "kpis": listed("kpis", &|_| kpis),
    });
    out
}

fn picture_extension(bytes: &[u8]) -> &'static str {
    if bytes.starts_with(b"\x89PNG") {
        "png"
    } else {
        "jpg"
    }
}

pub(crate) fn measure_text(m: Measure) -> String {
    match m {
        Measure::Number(n) => format::number(n),
        Measure::Flag(true) => "Yes".into(),
        Measure::Flag(false) => "No".into(),
    }
}

/// A compact unit for the results tables: `%` for percentages, the rest without its
/// parenthesised explanation.
pub(crate) fn short_unit(unit: &str) -> String {
    let lower = unit.to_ascii_lowercase();
    if lower.starts_with("percentage") || unit.starts_with('%') {
        return "%".into();
    }
    if lower.starts_with("yes/no") {
        return String::new();
    }
    let base = unit.split(" (").next().unwrap_or(unit).trim();
    base.replace("Number per 100 000 inhabitants", "per 100 000")
        .replace("per 100 000 inhabitants", "per 100 000")
        .replace("Per 100 000 inhabitants", "per 100 000")
}

/// Where the list of attached files is (`data/attachments.json`); the template attaches each
/// one to the PDF.
pub const ATTACHMENTS_PATH: &str = "data/attachments.json";

/// Attaches the city's data to the PDF as PDF/A-3 associated files, byte for byte:
/// `profile.json` and `kpis.csv` as read (relationship `source`), and the scored results as
/// `kpi-results.csv` and `kpi-results.json` (relationship `data`: the results pages are drawn
/// from them).
pub fn attach(files: &mut ProfileFiles, city: &crate::input::CityFolder, results: &KpiResults) {
    let name = &city.profile.city.name;
    let attached = [
        (
            "profile.json",
            city.profile_bytes.clone(),
            "source",
            "application/json",
            format!(
                "The profile's data as the editors wrote it: the survey answers of {name}, its facts, the editors' text and the edition (sscp's profile.json, as read)."
            ),
        ),
        (
            "kpis.csv",
            city.kpis_bytes.clone(),
            "source",
            "text/csv",
            format!(
                "The verified U4SSC KPI values of {name} as the verification gave them (sscp's kpis.csv, as read)."
            ),
        ),
        (
            "kpi-results.csv",
            crate::kpi::files::results_csv(results),
            "data",
            "text/csv",
            format!(
                "The scored U4SSC KPI results of {name}, one row per KPI or data point: value, target, per cent of target, band, points, verification, data quality and source."
            ),
        ),
        (
            "kpi-results.json",
            crate::kpi::files::results_json(results),
            "data",
            "application/json",
            format!(
                "The scored U4SSC KPI results of {name} as JSON, with the same fields as kpi-results.csv."
            ),
        ),
    ];
    let list: Vec<serde_json::Value> = attached
        .iter()
        .map(|(path, _, relationship, mime, description)| {
            json!({ "path": format!("/{path}"), "relationship": relationship, "mime": mime, "description": description })
        })
        .collect();
    for (path, bytes, ..) in attached {
        files.files.push((path.to_string(), Bytes::new(bytes)));
    }
    let list = Bytes::new(serde_json::to_vec_pretty(&list).expect("the list serialises"));
    match files
        .files
        .iter_mut()
        .find(|(path, _)| path == ATTACHMENTS_PATH)
    {
        Some((_, old)) => *old = list,
        None => files.files.push((ATTACHMENTS_PATH.to_string(), list)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_are_shortened_for_tables() {
        assert_eq!(short_unit("Percentage (of households)"), "%");
        assert_eq!(
            short_unit("Number per 100 000 inhabitants (new patents granted per year)"),
            "per 100 000"
        );
        assert_eq!(
            short_unit("Tonnes eCO2 per capita"),
            "Tonnes eCO2 per capita"
        );
    }
}
