//! Reading a city folder (`profile.json`, `kpis.csv`, pictures) into the model. Every problem
//! in the folder is collected and reported together.

mod images;
mod json;
mod kpis;
pub mod narrative;
mod problems;
mod profile;

use std::fmt;
use std::path::{Path, PathBuf};

pub use problems::{Place, Problem};

use crate::kpi::KpiRecord;
use crate::model::CityProfile;
pub use problems::Problems;

/// A city folder that passed every check.
#[derive(Debug, Clone)]
pub struct CityFolder {
    pub dir: PathBuf,
    pub profile: CityProfile,
    pub kpis: Vec<KpiRecord>,
    /// Things the user should know that are not errors.
    pub warnings: Vec<String>,
    /// The raw input files, kept for attaching to archival PDFs later.
    pub profile_json: String,
    pub kpis_csv: String,
}

/// Everything wrong with a city folder.
#[derive(Debug, Clone)]
pub struct InputErrors(pub Vec<Problem>);

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.0 {
            writeln!(f, "error: {problem}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} found in the city's data",
            if n == 1 { "" } else { "s" }
        )
    }
}

impl std::error::Error for InputErrors {}

/// Reads and checks a city folder.
pub fn load(dir: &Path) -> Result<CityFolder, InputErrors> {
    let profile_path = dir.join("profile.json");
    let kpis_path = dir.join("kpis.csv");
    let mut profile_problems = Problems::new(&profile_path);
    let mut kpi_problems = Problems::new(&kpis_path);

    if !dir.is_dir() {
        let mut problems = Problems::new(dir);
        let what = if dir.exists() {
            "is not a folder"
        } else {
            "does not exist"
        };
        problems.at(
            Place::File,
            what,
            "give the path of a city folder containing profile.json and kpis.csv",
        );
        return Err(InputErrors(problems.into_vec()));
    }

    let profile_json = read_text(&profile_path, &mut profile_problems);
    let profile = profile_json.as_deref().and_then(|text| match serde_json::from_str(text) {
        Ok(value) => profile::read(&value, dir, &mut profile_problems),
        Err(e) => {
            // serde_json's message ends with the position, which the place already gives.
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            let fix = if message.contains("trailing comma") {
                "remove the comma after the last item of the list or object that closes here"
            } else {
                "fix the JSON syntax near this place (a missing comma, quote or bracket is the usual cause); an editor with JSON checking shows the spot"
            };
            profile_problems.at(
                Place::Json(format!("line {}, column {}", e.line(), e.column())),
                format!("not valid JSON: {message}"),
                fix,
            );
            None
        }
    });
    let kpis_csv = read_text(&kpis_path, &mut kpi_problems);
    let table = kpis_csv
        .as_deref()
        .map(|text| kpis::read(text, &mut kpi_problems));

    let mut problems = profile_problems.into_vec();
    problems.extend(kpi_problems.into_vec());
    match (profile, table, problems.is_empty()) {
        (Some(profile), Some(table), true) => Ok(CityFolder {
            dir: dir.to_path_buf(),
            profile,
            kpis: table.records,
            warnings: table.warnings,
            profile_json: profile_json.unwrap_or_default(),
            kpis_csv: kpis_csv.unwrap_or_default(),
        }),
        _ => Err(InputErrors(problems)),
    }
}

fn read_text(path: &Path, p: &mut Problems) -> Option<String> {
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Some(text),
            Err(_) => {
                p.at(
                    Place::File,
                    "the file is not UTF-8 text",
                    "save the file with UTF-8 encoding",
                );
                None
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            p.at(
                Place::File,
                "the file does not exist",
                format!("create {} (see docs/input-format.md)", path.display()),
            );
            None
        }
        Err(e) => {
            p.at(
                Place::File,
                format!("the file cannot be read: {e}"),
                "check the file's permissions",
            );
            None
        }
    }
}
