//! `sscp new`: a fresh city folder that already passes `sscp validate` and builds, so that
//! editors start from a working profile and replace guidance text instead of writing JSON from
//! scratch. Every text still to be written starts with [`GUIDANCE_MARK`].

use std::io::Write;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::kpi::Catalogue;
use crate::model::Date;

/// The start of every text in a new profile that the editors still have to write; `validate`
/// warns about each one left, editors can search for it.
pub use crate::input::GUIDANCE_MARK;
pub use crate::input::{FALLBACK_CITY_ID, city_id};

/// What a new city folder holds, before it is written.
#[derive(Debug, Clone)]
pub struct Skeleton {
    /// `profile.json`: every field the reader accepts except `images`, with guidance text.
    pub profile: Value,
    /// `kpis.csv`: one blank row per KPI and data point.
    pub kpis_csv: String,
    /// `README.md`: how the editors fill the folder in.
    pub readme: String,
    /// Things the user should know, e.g. that the id could not be made from the name.
    pub warnings: Vec<String>,
}

/// A city folder `sscp new` has written.
#[derive(Debug, Clone)]
pub struct NewCity {
    /// The paths written, in the order written: `profile.json`, `kpis.csv`, `README.md`.
    pub files: Vec<PathBuf>,
    /// The skeleton's warnings, for the user to act on before editing.
    pub warnings: Vec<String>,
}

/// Why a new city folder could not be written; nothing already there is ever overwritten.
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    /// The folder given already holds something.
    #[error(
        "{}: the folder is not empty, and sscp new never overwrites files\n  fix: give the path of a folder that does not exist yet (sscp new creates it) or of an empty one",
        .0.display()
    )]
    NotEmpty(PathBuf),
    /// The path given is a file.
    #[error(
        "{}: this is a file, not a folder\n  fix: give the path of a folder that does not exist yet",
        .0.display()
    )]
    NotAFolder(PathBuf),
    /// A file or folder that could not be created, written or listed, or a file already there.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file or folder at fault.
        path: PathBuf,
        /// What the system reported.
        source: std::io::Error,
    },
}

/// Writes a new city folder at `dir`. Refuses a folder that exists and is not empty.
pub fn create(dir: &Path, city: &str, country: &str, date: Date) -> Result<NewCity, ScaffoldError> {
    if dir.exists() {
        if !dir.is_dir() {
            return Err(ScaffoldError::NotAFolder(dir.to_path_buf()));
        }
        let mut entries = std::fs::read_dir(dir).map_err(|source| ScaffoldError::Write {
            path: dir.to_path_buf(),
            source,
        })?;
        if entries.next().is_some() {
            return Err(ScaffoldError::NotEmpty(dir.to_path_buf()));
        }
    }
    let skeleton = skeleton(city, country, date);
    let profile = profile_json_text(&skeleton.profile);
    let mut files = Vec::new();
    for (name, text) in [
        ("profile.json", profile.as_str()),
        ("kpis.csv", skeleton.kpis_csv.as_str()),
        ("README.md", skeleton.readme.as_str()),
    ] {
        let path = dir.join(name);
        write_new_file(&path, text)?;
        files.push(path);
    }
    Ok(NewCity {
        files,
        warnings: skeleton.warnings,
    })
}

/// `profile.json` as sscp writes it: two-space indentation and a final newline.
pub fn profile_json_text(profile: &Value) -> String {
    let mut text = serde_json::to_string_pretty(profile).unwrap_or_default();
    text.push('\n');
    text
}

/// Creates `path` with `text`; fails rather than overwrite a file that is already there.
pub fn write_new_file(path: &Path, text: &str) -> Result<(), ScaffoldError> {
    let error = |source| ScaffoldError::Write {
        path: path.to_path_buf(),
        source,
    };
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(error)?;
    }
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(error)?;
    file.write_all(text.as_bytes()).map_err(error)
}

/// Today's date from the system clock (UTC).
pub fn today() -> Date {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Date::from_days_since_1970((seconds / 86_400) as i64)
}

/// The contents of a new city folder for `city` in `country`, dated `date`.
pub fn skeleton(city: &str, country: &str, date: Date) -> Skeleton {
    let mut warnings = Vec::new();
    let id = city_id(city).unwrap_or_else(|| {
        warnings.push(format!(
            "no letters a–z or digits are left of \"{city}\" for the city id, so it is \"{FALLBACK_CITY_ID}\"; set \"city\" > \"id\" in profile.json to a Latin transcription, e.g. \"hrodna\" (it names the PDF files)"
        ));
        FALLBACK_CITY_ID.to_string()
    });
    Skeleton {
        profile: profile(&id, city, country, date),
        kpis_csv: kpis_csv(),
        readme: readme(city),
        warnings,
    }
}

/// Guidance for a text the editors write: the mark, then what belongs there.
fn to_write(what: &str) -> Value {
    Value::String(format!("{GUIDANCE_MARK} {what}"))
}

/// The lengths below are what the Ardenvale sample (fixtures/ardenvale), which fills its pages,
/// uses per field; they are the rough maximum that fits.
fn profile(id: &str, city: &str, country: &str, date: Date) -> Value {
    let year = date.year;
    let month = format!("{:04}-{:02}", date.year, date.month);
    let areas: serde_json::Map<String, Value> = [
        (
            "society",
            "society and culture (education, health, housing, social inclusion, culture)",
        ),
        (
            "environment",
            "the environment (air, water, waste, energy, green spaces, climate)",
        ),
        (
            "economy",
            "the economy (jobs, innovation, ICT, infrastructure, transport, public services)",
        ),
    ]
    .into_iter()
    .map(|(key, topic)| (key.to_string(), area(topic)))
    .collect();
    json!({
        "sample_data": false,
        "city": {
            "id": id,
            "name": city,
            "local_name": to_write("The city's name in its own language and script if it differs from the English name (e.g. Łódź); otherwise remove this field."),
            "country": country,
            "region": to_write("Region or province; remove this field if not wanted."),
            "population": 100_000,
            "population_year": year,
            "area_km2": 100.0,
            "coordinates": { "lat": 0.0, "lon": 0.0 },
            "key_facts": [
                key_fact("Population (year)"),
                key_fact("Land area"),
                key_fact("GDP per capita (year)"),
            ],
        },
        "edition": {
            "title": format!("Smart Sustainable City Profile: {city}"),
            "status": "draft",
            "draft": 1,
            "date": date.to_string(),
            "authors": [to_write("Full name of an author; one entry per author.")],
            "document_symbol": to_write("UNECE document symbol, e.g. ECE/HBP/000; remove this field until one is assigned."),
            "isbn": to_write("the ISBN-13 the publications office assigns, with hyphens (e.g. 978-92-1-117328-4); remove the field if the profile has none"),
            "verification": {
                "verifier": to_write("Organisation that verified the U4SSC KPIs."),
                "date": month,
                "report": to_write("Title of the KPI verification report."),
            },
        },
        "survey": {
            "context": to_write("Location and the social, economic and environmental context of the city: geography and climate, administrative structure, population and demography, economy, public utilities and services, heritage, environment. About 440 words at most, in 3–4 paragraphs."),
            "legal_framework": to_write("The legal and institutional framework for urban development: powers of the city, its council and administration, recent changes, inter-municipal and international cooperation, main planning instruments (a bullet list works well). About 260 words at most, in 3–4 paragraphs."),
            "agenda_2030": to_write("Progress in implementing the 2030 Agenda to date: strategies aligned with the SDGs, monitoring and Voluntary Local Reviews, where progress is strong and where it is slow. About 220 words at most, in 2–3 paragraphs."),
            "key_achievements": [
                to_write("Key achievement: one statement with a figure and a year, about 15 words. 3 to 6 statements in all."),
                to_write("Key achievement, about 15 words."),
                to_write("Key achievement, about 15 words."),
            ],
            "areas": areas,
            "challenges": to_write("The main challenges for sustainable development and for evidence-based policy-making (data gaps included). About 150 words at most, in 1–2 paragraphs."),
            "opportunities": to_write("The main opportunities the city can build on. About 135 words at most, in 1–2 paragraphs."),
            "finance": to_write("How the city finances its projects (own revenues, national funds, grants, loans, partnerships), the main financing gaps and opportunities. About 130 words at most."),
            "sources": [source("A source the city cites for its answers: publisher, title. 1 to 20 sources.")],
        },
        "showcase": {
            "key_messages": [
                to_write("Key message: one sentence of about 22 words on what the KPI results and the survey show. 3 to 5 messages in all."),
                to_write("Key message, about 22 words."),
                to_write("Key message, about 22 words."),
            ],
            "good_practices": [
                good_practice("society", "society and culture"),
                good_practice("environment", "the environment"),
                good_practice("economy", "the economy"),
            ],
            "recommendations": [
                recommendation("society"),
                recommendation("environment"),
                recommendation("economy"),
                recommendation("governance"),
                recommendation("data"),
            ],
        },
        "references": {
            "flagship": [source("A UNECE or U4SSC flagship publication: author, title, place: publisher. 1 to 8 of them, printed first.")],
            "other": [source("Another reference: author, title, place: publisher. 0 to 12 of them; remove this entry if there are none.")],
        },
    })
}

fn key_fact(label: &str) -> Value {
    json!({
        "label": to_write(&format!("Label, e.g. {label}.")),
        "value": to_write("Figure with unit."),
        "source": to_write("Source of the figure."),
    })
}

fn source(what: &str) -> Value {
    json!({ "text": to_write(what), "url": "https://example.org/", "year": 2000 })
}

fn area(topic: &str) -> Value {
    let activity = |name: &str, status: &str, period: &str| {
        json!({
            "name": to_write(name),
            "kind": "project",
            "period": to_write(period),
            "status": status,
            "summary": to_write("What it does and what it has achieved, in one or two sentences (about 150–250 characters)."),
            "sdgs": [11],
            "related": [],
        })
    };
    json!({
        "achievements": to_write(&format!("Key achievements in {topic}, with figures. About 125 words at most, in 2–3 paragraphs; a short bullet list works well.")),
        "activities": [
            activity(
                "Name of a key policy, programme, project or partnership; 0 to 8 of them, about 5 fill the table.",
                "past",
                "Years, e.g. 2019–2024.",
            ),
            activity("Name of the activity.", "ongoing", "Years, e.g. since 2021."),
            activity("Name of the activity.", "planned", "Year, e.g. 2027."),
        ],
    })
}

fn good_practice(key: &str, topic: &str) -> Value {
    json!({
        "title": to_write("Name of the good practice."),
        "area": key,
        "sdgs": [11],
        "partners": [to_write("A partner organisation; one entry per partner.")],
        "text": to_write(&format!("The good practice in {topic}, told for readers in other cities: the problem it answers, what the city did and with whom, how it works, what it has achieved so far with figures and years, how it was financed and what comes next. Between 60 and 160 words, about 120 fill the box, in one or two paragraphs (sscp validate warns outside that range). 0 to 2 good practices per area; remove this one until the editors have one.")),
        "related": [],
    })
}

fn recommendation(area: &str) -> Value {
    json!({
        "area": area,
        "text": to_write(&format!("A recommendation on {area}: what the city should do, how and by when, in one or two sentences of about 25 words; a short title may head it. 1 to 12 recommendations in all.")),
        "priority": "medium",
        "horizon": "medium",
    })
}

/// The columns of a new `kpis.csv`: what identifies the row, then what the editors fill in.
const KPI_COLUMNS: [&str; 8] = [
    "code",
    "data_point",
    "name",
    "value",
    "year",
    "target",
    "unit",
    "source",
];

/// One row per KPI, and one per data point for multi-point KPIs, with only what identifies it
/// filled in; a blank value is read as Not Reported.
fn kpis_csv() -> String {
    let mut rows = Vec::new();
    for kpi in &Catalogue::get().kpis {
        if kpi.data_points.is_empty() {
            rows.push((kpi.code.as_str(), "", kpi.name.clone()));
        }
        for point in &kpi.data_points {
            rows.push((
                kpi.code.as_str(),
                point.name.as_str(),
                format!("{}: {}", kpi.name, point.name),
            ));
        }
    }
    let blank = [""; KPI_COLUMNS.len() - 3];
    let header = KPI_COLUMNS
        .iter()
        .map(|c| c.to_string())
        .collect::<Vec<_>>();
    let lines = rows.iter().map(|(code, point, name)| {
        [*code, point, name.as_str()]
            .iter()
            .chain(&blank)
            .map(|c| c.to_string())
            .collect::<Vec<_>>()
    });
    let bytes = crate::csv_cells::write(std::iter::once(header).chain(lines));
    String::from_utf8(bytes).expect("the catalogue is UTF-8")
}

fn readme(city: &str) -> String {
    format!(
        r#"# Smart Sustainable City Profile: {city}

This folder holds everything `sscp` needs to build the city's profile, a 12-page A4 PDF.
It was made by `sscp new`: it already passes `sscp validate` and builds, with guidance text
where the real text belongs.

## The files

- `profile.json`: the city's facts, the edition, the survey answers (`survey`), the editors'
  own text (`showcase`) and the references.
- `kpis.csv`: the verified U4SSC KPI results, one row per KPI and, for the seven multi-point
  KPIs, one row per data point. `code`, `data_point` and `name` are filled in; write `value`,
  `year`, `unit`, `target` (the U4SSC benchmark) and `source` from the verification report.
  A blank value means Not Reported and a blank target means no benchmark. Add a row with an
  earlier year to show the city's progress over time.
- `images/` (make it when needed): a cover photo and the city's logo. `profile.json` has no
  `images` section yet because each entry must name a real picture file; add
  `"images": {{ "cover": {{ "file": "images/cover.jpg", "credit": "…", "alt": "…" }} }}` when
  you have one. Without a cover photo the cover shows a coloured band.

## Filling in profile.json

Every text still to write starts with `{GUIDANCE_MARK}`, followed by what belongs there and
roughly how long it usually is. Replace the whole text, mark included; search for
`{GUIDANCE_MARK}` to find what is left. Until then a draft prints a placeholder in its place
(or leaves an activity, good practice or optional field out), so the profile already builds;
a final edition refuses to build while any is left. Narrative fields (`context`,
`achievements`, `challenges`, ...) take paragraphs separated by a blank line, `- ` bullet
lists, `*emphasis*`, `**strong**` and `[links](https://...)`.

Lists show a few entries to start from (e.g. 3 key achievements, 3 activities per area); add
entries by copying one, remove those you do not need. Remove an optional field you do not
need.

These values are **placeholders** that only make the file valid; replace each of them:

- `city`: `population` (100000), `population_year`, `area_km2` (100),
  `coordinates` (0, 0: latitude and longitude in decimal degrees; `sscp validate` warns while
  they are 0, 0);
- `edition`: `verification.date` (the month of the verification, `YYYY-MM`); `isbn` holds
  guidance like the texts (the one the publications office assigns, or remove the field);
- activities and good practices: `kind`, `status`, `sdgs` (11) and `related` (empty);
- good practices: `area` (0 to 2 per area);
- recommendations: `area`, `priority` and `horizon`;
- sources and references: `url` (`https://example.org/`, or remove it) and `year` (2000).

`sample_data` is `false`; `edition.status` is `draft` with `draft` 1 and today's date.

## Checking and building

```sh
sscp validate <folder>   # every check the build makes, each problem with its place and fix
sscp build <folder>      # the PDF, in <folder>/out/
```

(`<folder>` is the path of this folder.)

If a section is too long, the build names it and says how much to cut. The full description of
every field, with the allowed values and lengths, is `docs/input-format.md` in the sscp
repository (with a JSON Schema, `docs/profile.schema.json`).

Survey answers exported from SurveyMonkey can be read into this folder with
`sscp import-survey <export.csv or .xlsx> -o <folder>`.
"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_without_latin_letters_gets_the_fallback_id_and_a_warning() {
        let skeleton = skeleton("Гродна", "Belarus", Date::from_days_since_1970(0));
        assert_eq!(skeleton.profile["city"]["id"], FALLBACK_CITY_ID);
        assert_eq!(skeleton.warnings.len(), 1);
    }
}
