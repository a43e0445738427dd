//! Reading a city folder (`profile.json`, `kpis.csv`, pictures) into the model. Every problem
//! in the folder is collected and reported together.

mod city_id;
mod gaps;
mod glyphs;
mod images;
mod invisible;
pub(crate) mod json;
pub(crate) mod kpis;
pub mod narrative;
pub mod printed;
mod problems;
mod profile;
mod spans;

use std::fmt;
use std::path::{Path, PathBuf};

pub use city_id::{FALLBACK_CITY_ID, city_id};
pub(crate) use json::child as json_child;
pub use problems::{Place, Problem, Problems, Severity};
pub use profile::GUIDANCE_MARK;

use crate::kpi::KpiRecord;
use crate::model::CityProfile;

/// The largest `profile.json` or `kpis.csv` accepted. A profile's text fills 12 pages (some
/// 60 KB); a file hundreds of times larger is a wrong file, not a city's data.
pub const MAX_TEXT_FILE: u64 = 5 * 1024 * 1024;

/// A city folder that passed every check.
#[derive(Debug, Clone)]
pub struct CityFolder {
    /// The folder as given; picture paths and the draft history are relative to it.
    pub dir: PathBuf,
    /// `profile.json` read into the model, bidirectional and control characters left out.
    pub profile: CityProfile,
    /// The rows of `kpis.csv` in file order: one record per KPI (or data point) and year.
    pub kpis: Vec<KpiRecord>,
    /// Things the user should know that do not stop the build, sorted by file and place.
    pub warnings: Vec<Problem>,
    /// The raw input files, kept for attaching to archival PDFs later.
    pub profile_json: String,
    /// `kpis.csv` as text, a byte order mark dropped.
    pub kpis_csv: String,
    /// `profile.json` and `kpis.csv` byte for byte (a byte order mark included): the draft
    /// history keeps what the build read, not a second reading that an editor's save may
    /// already have changed.
    pub profile_bytes: Vec<u8>,
    /// `kpis.csv` byte for byte, as `profile_bytes` is for the profile.
    pub kpis_bytes: Vec<u8>,
}

impl CityFolder {
    /// Every file of the city folder the build read, by its path relative to the folder as
    /// written in `profile.json` (`images/cover.jpg`), with its bytes as read.
    pub fn input_files(&self) -> Vec<(String, &[u8])> {
        let mut files = vec![
            ("profile.json".to_string(), self.profile_bytes.as_slice()),
            ("kpis.csv".to_string(), self.kpis_bytes.as_slice()),
        ];
        for (_, picture) in self.pictures() {
            if !files.iter().any(|(path, _)| *path == picture.file) {
                files.push((picture.file.clone(), picture.bytes.as_slice()));
            }
        }
        files
    }

    /// Every picture the profile names, with the JSON pointer of its `file`: cover, logo,
    /// section pictures and good practices' pictures.
    pub fn pictures(&self) -> Vec<(String, &crate::model::Picture)> {
        let images = &self.profile.images;
        let mut pictures = Vec::new();
        if let Some(p) = &images.cover {
            pictures.push(("/images/cover/file".to_string(), p));
        }
        if let Some(p) = &images.logo {
            pictures.push(("/images/logo/file".to_string(), p));
        }
        for (i, s) in images.sections.iter().enumerate() {
            pictures.push((format!("/images/sections/{i}/file"), &s.picture));
        }
        for (i, g) in self.profile.showcase.good_practices.iter().enumerate() {
            if let Some(p) = &g.picture {
                pictures.push((format!("/showcase/good_practices/{i}/picture/file"), p));
            }
        }
        pictures
    }
}

/// Everything wrong with a city folder: the errors, and the warnings found in the same pass,
/// sorted by file and place.
#[derive(Debug, Clone)]
pub struct InputErrors(pub Vec<Problem>);

impl InputErrors {
    /// How many of the problems stop the build.
    pub fn errors(&self) -> usize {
        self.0.iter().filter(|p| p.is_error()).count()
    }

    /// How many of the problems are warnings only.
    pub fn warnings(&self) -> usize {
        self.0.len() - self.errors()
    }
}

impl fmt::Display for InputErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.0 {
            writeln!(f, "{problem}")?;
        }
        write!(f, "{}", summary(self.errors(), self.warnings()))
    }
}

impl std::error::Error for InputErrors {}

/// "2 errors and 1 warning found in the city's data".
pub fn summary(errors: usize, warnings: usize) -> String {
    let count = |n: usize, what: &str| format!("{n} {what}{}", if n == 1 { "" } else { "s" });
    match (errors, warnings) {
        (0, 0) => "no problems found in the city's data".to_string(),
        (e, 0) => format!("{} found in the city's data", count(e, "error")),
        (0, w) => format!("{} found in the city's data", count(w, "warning")),
        (e, w) => format!(
            "{} and {} found in the city's data",
            count(e, "error"),
            count(w, "warning")
        ),
    }
}

/// Files beside `profile.json` that are checked against it (the draft round's comments): given
/// the folder and the profile as parsed (when it parsed), they return their own problems, which
/// join the folder's in the same pass.
pub type Companions<'a> = &'a mut dyn FnMut(&Path, Option<&serde_json::Value>) -> Vec<Problem>;

/// Reads and checks a city folder: `profile.json`, `kpis.csv` and the pictures the profile
/// names, then the `companions`. Every problem is collected; any error fails the whole read.
pub fn load_with(dir: &Path, companions: Companions) -> Result<CityFolder, InputErrors> {
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

    let (profile_json, profile_bytes) =
        read_text(dir, "profile.json", &mut profile_problems).unzip();
    let mut parsed = profile_json.as_deref().and_then(|text| {
        serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| json_syntax_problem(&e, &mut profile_problems))
            .ok()
    });
    // The model and every check after this see the text without bidirectional and control
    // characters; `profile_json` and `profile_bytes` keep the file as read.
    if let Some(value) = &mut parsed {
        invisible::leave_out(value, "", &mut profile_problems);
    }
    let profile = parsed
        .as_ref()
        .and_then(|value| profile::read(value, dir, &mut profile_problems));
    let edition_year = parsed
        .as_ref()
        .and_then(|v| v.pointer("/edition/date"))
        .and_then(|v| v.as_str())
        .and_then(crate::model::Date::parse)
        .map(|d| d.year);
    let (kpis_csv, kpis_bytes) = read_text(dir, "kpis.csv", &mut kpi_problems).unzip();
    let table = kpis_csv
        .as_deref()
        .map(|text| kpis::read(text, edition_year, &mut kpi_problems));

    // Sorted by file in reading order, then by place within each file.
    let mut problems = profile_problems.into_vec();
    if let (Some(text), Some(value)) = (&profile_json, &parsed) {
        locate_in_json(&mut problems, text, value);
    }
    problems.sort_by(Problem::by_place);
    let mut csv_problems = kpi_problems.into_vec();
    if let Some(text) = &kpis_csv {
        kpis::quote_cells(&mut csv_problems, text);
    }
    csv_problems.sort_by(Problem::by_place);
    problems.extend(csv_problems);
    problems.extend(companions(dir, parsed.as_ref()));
    let has_errors = problems.iter().any(Problem::is_error);
    match (profile, table, has_errors) {
        (Some(profile), Some(table), false) => Ok(CityFolder {
            dir: dir.to_path_buf(),
            profile,
            kpis: table.records,
            warnings: problems,
            profile_json: profile_json.unwrap_or_default(),
            kpis_csv: kpis_csv.unwrap_or_default(),
            profile_bytes: profile_bytes.unwrap_or_default(),
            kpis_bytes: kpis_bytes.unwrap_or_default(),
        }),
        _ => Err(InputErrors(problems)),
    }
}

pub(crate) fn json_syntax_problem(e: &serde_json::Error, p: &mut Problems) {
    // serde_json's message ends with the position, which the place already gives.
    let message = e.to_string();
    let message = message
        .split(" at line ")
        .next()
        .unwrap_or(&message)
        .to_string();
    let fix = if message.contains("trailing comma") {
        "remove the comma after the last item of the list or object that closes here"
    } else if message.contains("recursion limit") {
        "profile.json nests lists and objects far deeper than its format allows; check the file is a profile"
    } else {
        "fix the JSON syntax near this place (a missing comma, quote or bracket is the usual cause); an editor with JSON checking shows the spot"
    };
    p.at(Place::File, format!("not valid JSON: {message}"), fix);
    p.position_last(e.line(), e.column());
}

/// Gives each problem in `profile.json` the line and column of its place, and the value found
/// there when it is a short scalar.
pub(crate) fn locate_in_json(problems: &mut [Problem], text: &str, value: &serde_json::Value) {
    if !problems.iter().any(|p| matches!(p.place, Place::Json(_))) {
        return;
    }
    let positions = spans::positions(text);
    for problem in problems {
        let Place::Json(pointer) = &problem.place else {
            continue;
        };
        problem.position = spans::locate(&positions, pointer);
        problem.value = match value.pointer(pointer) {
            Some(v @ serde_json::Value::String(s)) if s.chars().count() <= 60 => {
                Some(v.to_string())
            }
            Some(v @ (serde_json::Value::Number(_) | serde_json::Value::Bool(_))) => {
                Some(v.to_string())
            }
            _ => None,
        };
    }
}

/// Reads a text file of the city folder, with a problem recorded for anything that stops it
/// being read: missing, outside the folder, too large, not UTF-8. The text drops a byte order
/// mark; the bytes beside it are the file's as read.
pub(crate) fn read_text(dir: &Path, name: &str, p: &mut Problems) -> Option<(String, Vec<u8>)> {
    let bytes = match read_in_folder(dir, Path::new(name), MAX_TEXT_FILE) {
        Ok(bytes) => bytes,
        Err(FileProblem { message, fix }) => {
            p.at(Place::File, message, fix);
            return None;
        }
    };
    match std::str::from_utf8(&bytes) {
        Ok(text) => Some((
            text.strip_prefix('\u{feff}').unwrap_or(text).to_string(),
            bytes,
        )),
        Err(e) => {
            p.at(
                Place::File,
                not_utf8_message(&bytes, e.valid_up_to()),
                "save the file with UTF-8 encoding (spreadsheet programs: \"CSV UTF-8\"; a Windows-1252 or Latin-1 file must be converted)",
            );
            None
        }
    }
}

/// The characters of Windows-1252 at bytes 0x80 to 0x9F (where it differs from Latin-1);
/// `None` where it has none.
const WINDOWS_1252_80_9F: [Option<char>; 32] = [
    Some('€'),
    None,
    Some('‚'),
    Some('ƒ'),
    Some('„'),
    Some('…'),
    Some('†'),
    Some('‡'),
    Some('ˆ'),
    Some('‰'),
    Some('Š'),
    Some('‹'),
    Some('Œ'),
    None,
    Some('Ž'),
    None,
    None,
    Some('‘'),
    Some('’'),
    Some('“'),
    Some('”'),
    Some('•'),
    Some('–'),
    Some('—'),
    Some('˜'),
    Some('™'),
    Some('š'),
    Some('›'),
    Some('œ'),
    None,
    Some('ž'),
    Some('Ÿ'),
];

/// What is wrong with text that is not UTF-8: where the first bad byte is, and what it would
/// be in Windows-1252, the usual encoding of files saved by spreadsheet programs on Windows.
pub(crate) fn not_utf8_message(bytes: &[u8], at: usize) -> String {
    let byte = bytes.get(at).copied().unwrap_or_default();
    let before = &bytes[..at.min(bytes.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    // Columns as an editor shows them: a byte order mark takes none.
    let column = String::from_utf8_lossy(before)
        .rsplit('\n')
        .next()
        .map_or(0, |l| l.trim_start_matches('\u{feff}').chars().count())
        + 1;
    let windows_1252 = match byte {
        0x80..=0x9F => WINDOWS_1252_80_9F[usize::from(byte - 0x80)],
        0xA0..=0xFF => Some(char::from(byte)),
        _ => None,
    };
    let reading = windows_1252.map_or(String::new(), |c| {
        format!(", which is \"{c}\" in Windows-1252")
    });
    format!(
        "the file is not UTF-8 text: the byte at offset {at} (line {line}, column {column}) is 0x{byte:02X}{reading}"
    )
}

/// Why a file of the city folder cannot be read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct FileProblem {
    pub message: String,
    pub fix: String,
}

/// Reads `relative` inside the city folder `dir`, refusing paths that lead outside it (`..`,
/// absolute paths, symbolic links pointing elsewhere), anything that is not a regular file, and
/// files larger than `limit` bytes.
pub(crate) fn read_in_folder(
    dir: &Path,
    relative: &Path,
    limit: u64,
) -> Result<Vec<u8>, FileProblem> {
    let problem = |message: String, fix: &str| FileProblem {
        message,
        fix: fix.to_string(),
    };
    let shown = relative.display();
    if relative.is_absolute()
        || relative.components().any(|c| {
            !matches!(
                c,
                std::path::Component::Normal(_) | std::path::Component::CurDir
            )
        })
    {
        return Err(problem(
            format!("\"{shown}\" points outside the city folder"),
            "copy the file into the city folder and give its path from there, e.g. \"images/cover.jpg\"",
        ));
    }
    let path = dir.join(relative);
    let real = match (path.canonicalize(), dir.canonicalize()) {
        (Ok(real), Ok(folder)) if real.starts_with(&folder) => real,
        (Ok(_), Ok(_)) => {
            return Err(problem(
                format!(
                    "{} is a link to a file outside the city folder",
                    path.display()
                ),
                "copy the file itself into the city folder instead of linking to it",
            ));
        }
        (Err(e), _) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(problem(
                if path.symlink_metadata().is_ok() {
                    format!("{} is a link to a file that does not exist", path.display())
                } else {
                    "the file does not exist".to_string()
                },
                &format!(
                    "create {} (see docs/input-format.md) or correct the name",
                    path.display()
                ),
            ));
        }
        (Err(e), _) | (_, Err(e)) => {
            return Err(problem(
                format!("the file cannot be read: {e}"),
                "check the file's permissions",
            ));
        }
    };
    let metadata = std::fs::metadata(&real).map_err(|e| {
        problem(
            format!("the file cannot be read: {e}"),
            "check the file's permissions",
        )
    })?;
    if !metadata.is_file() {
        return Err(problem(
            format!("{} is not a file", path.display()),
            "give the path of a file",
        ));
    }
    if metadata.len() > limit {
        return Err(problem(
            format!(
                "the file is {:.1} MB, larger than the {:.0} MB sscp accepts",
                metadata.len() as f64 / 1e6,
                limit as f64 / 1e6
            ),
            "check that this is the right file; pictures can be saved smaller (a cover photo needs about 3000 × 1800 pixels)",
        ));
    }
    // Read no more than the limit even if the file grows meanwhile.
    let mut bytes = Vec::new();
    std::fs::File::open(&real)
        .and_then(|file| {
            std::io::Read::read_to_end(&mut std::io::Read::take(file, limit + 1), &mut bytes)
        })
        .map_err(|e| {
            problem(
                format!("the file cannot be read: {e}"),
                "check the file's permissions",
            )
        })?;
    if bytes.len() as u64 > limit {
        return Err(problem(
            "the file grew past the size limit while it was read".to_string(),
            "build again once the file is saved",
        ));
    }
    Ok(bytes)
}
