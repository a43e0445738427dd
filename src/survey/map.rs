//! The survey map: which question of the export fills which field of `profile.json`, and how
//! its answer is read. Each survey round may reword questions, so the map is a file editors can
//! change; the default for the UNECE questionnaire is compiled in.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use crate::input::{Place, Problem, Problems};

/// The map shipped with sscp, for the UNECE city questionnaire.
pub const DEFAULT_MAP: &str = include_str!("survey-map.json");

/// The file name a city folder's own map has.
pub const CITY_MAP_FILE: &str = "survey-map.json";

/// How an answer becomes a value in `profile.json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Conversion {
    /// A single line of text, e.g. the city's name.
    Text,
    /// Narrative text: paragraphs, bullet lists, emphasis and links.
    Narrative,
    /// One item per line (bullets and numbers removed): an array of strings.
    List,
    /// One source per line, added to the sources list without duplicates.
    Sources,
    /// Names or addresses of files the city attached, kept as sources.
    Attachments,
    /// Free text about activities; the profile needs structured entries, so the answer goes to
    /// `survey-answers.md` for the editors and `profile.json` is left as it is.
    Activities,
}

impl Conversion {
    const NAMES: &str =
        "\"text\", \"narrative\", \"list\", \"sources\", \"attachments\" or \"activities\"";
}

/// One question of the map.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MapEntry {
    /// The question as the export's first header row gives it.
    pub question: String,
    /// Other wordings of the same question, from earlier survey rounds.
    #[serde(default)]
    pub aliases: Vec<String>,
    /// The label in the second header row, for a question with several columns; without it the
    /// entry takes every column of the question not claimed by a more specific entry.
    #[serde(default)]
    pub sub_question: Option<String>,
    /// The field of `profile.json` the answer fills, as a JSON pointer.
    pub target: String,
    /// How the answer is read.
    #[serde(rename = "as")]
    pub conversion: Conversion,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct MapFile {
    /// A note for the people who edit the file; not used.
    #[serde(default)]
    #[allow(dead_code)]
    about: Option<String>,
    questions: Vec<MapEntry>,
}

/// A checked survey map and where it came from.
#[derive(Debug, Clone)]
pub struct SurveyMap {
    /// The map's questions in the file's order, which is the order answers are placed in.
    pub entries: Vec<MapEntry>,
    /// The file it was read from; `None` for the built-in default.
    pub file: Option<PathBuf>,
}

/// The fields a map may fill, with the conversions that give the right kind of value.
fn allowed_conversions(target: &str) -> &'static [Conversion] {
    use Conversion::*;
    const NARRATIVE: [&str; 6] = [
        "context",
        "legal_framework",
        "agenda_2030",
        "challenges",
        "opportunities",
        "finance",
    ];
    let area_field = |field: &str| {
        crate::model::Area::ALL
            .iter()
            .any(|a| target == format!("/survey/areas/{}/{field}", a.key()))
    };
    match target {
        "/city/name" | "/city/country" | "/city/local_name" | "/city/region" => &[Text],
        "/survey/key_achievements" => &[List],
        "/survey/sources" => &[Sources, Attachments],
        t if NARRATIVE.iter().any(|n| t == format!("/survey/{n}")) => &[Narrative],
        _ if area_field("achievements") => &[Narrative],
        _ if area_field("activities") => &[Activities],
        _ => &[],
    }
}

const TARGETS_HELP: &str = "/city/name, /city/country, /city/local_name, /city/region (as text); /survey/context, /survey/legal_framework, /survey/agenda_2030, /survey/challenges, /survey/opportunities, /survey/finance, /survey/areas/<society|environment|economy>/achievements (as narrative); /survey/key_achievements (as list); /survey/sources (as sources or attachments); /survey/areas/<area>/activities (as activities)";

impl SurveyMap {
    /// The map to use for a city folder: `--map` if given, else the folder's own
    /// `survey-map.json`, else the default.
    pub fn find(city_dir: &Path, explicit: Option<&Path>) -> Result<SurveyMap, Vec<Problem>> {
        let city_map = city_dir.join(CITY_MAP_FILE);
        let file = explicit
            .map(Path::to_path_buf)
            .or_else(|| city_map.is_file().then_some(city_map));
        match file {
            None => SurveyMap::parse(DEFAULT_MAP, None),
            Some(path) => {
                let text = std::fs::read_to_string(&path).map_err(|e| {
                    let mut p = Problems::new(&path);
                    p.at(
                        Place::File,
                        format!("the survey map cannot be read: {e}"),
                        "give the path of a UTF-8 JSON file; `sscp import-survey --print-map` writes the default to start from",
                    );
                    p.into_vec()
                })?;
                SurveyMap::parse(&text, Some(path))
            }
        }
    }

    /// Reads and checks map text. `file` names it in problems (the default has none).
    pub fn parse(text: &str, file: Option<PathBuf>) -> Result<SurveyMap, Vec<Problem>> {
        let mut p = Problems::new(&display_name(file.as_deref()));
        let parsed: MapFile = match serde_json::from_str(text) {
            Ok(parsed) => parsed,
            Err(e) => {
                let message = e.to_string();
                let message = message.split(" at line ").next().unwrap_or(&message);
                p.at(
                    Place::Json(format!("line {}, column {}", e.line(), e.column())),
                    format!("not a valid survey map: {message}"),
                    "each entry of \"questions\" has \"question\", \"target\" and \"as\", and optionally \"aliases\" and \"sub_question\" (see docs/input-format.md)",
                );
                return Err(p.into_vec());
            }
        };
        for (i, entry) in parsed.questions.iter().enumerate() {
            let at = |field: &str| format!("/questions/{i}/{field}");
            if normalise_question(&entry.question).is_empty() {
                p.json(
                    &at("question"),
                    "the question is empty",
                    "copy the question text from the first header row of the export",
                );
            }
            let allowed = allowed_conversions(&entry.target);
            if allowed.is_empty() {
                p.json(
                    &at("target"),
                    format!("\"{}\" is not a field the survey can fill", entry.target),
                    format!("use one of: {TARGETS_HELP}"),
                );
            } else if !allowed.contains(&entry.conversion) {
                p.json(
                    &at("as"),
                    format!(
                        "{} cannot be filled \"as\": \"{}\"",
                        entry.target,
                        conversion_name(entry.conversion)
                    ),
                    format!(
                        "write \"as\": {}",
                        allowed
                            .iter()
                            .map(|c| format!("\"{}\"", conversion_name(*c)))
                            .collect::<Vec<_>>()
                            .join(" or ")
                    ),
                );
            }
        }
        if parsed.questions.is_empty() {
            p.json(
                "/questions",
                "the map has no questions",
                format!(
                    "add entries with \"question\", \"target\" and \"as\" ({})",
                    Conversion::NAMES
                ),
            );
        }
        if !p.has_errors() {
            Ok(SurveyMap {
                entries: parsed.questions,
                file,
            })
        } else {
            Err(p.into_vec())
        }
    }

    /// How messages name the map: its file, or the built-in default.
    pub fn name(&self) -> PathBuf {
        display_name(self.file.as_deref())
    }

    /// Whether `entry` is about the question written `question` in the export.
    pub fn asks(entry: &MapEntry, question: &str) -> bool {
        let wanted = normalise_question(question);
        std::iter::once(&entry.question)
            .chain(&entry.aliases)
            .any(|q| normalise_question(q) == wanted)
    }
}

fn display_name(file: Option<&Path>) -> PathBuf {
    file.map_or_else(
        || PathBuf::from("the built-in survey map (src/survey/survey-map.json)"),
        Path::to_path_buf,
    )
}

/// How a map file writes the conversion in an entry's `"as"`.
pub fn conversion_name(conversion: Conversion) -> &'static str {
    match conversion {
        Conversion::Text => "text",
        Conversion::Narrative => "narrative",
        Conversion::List => "list",
        Conversion::Sources => "sources",
        Conversion::Attachments => "attachments",
        Conversion::Activities => "activities",
    }
}

/// The form questions are compared in: lower case, letters and digits only, single spaces, and
/// no leading question number (`3.`, `Q3:`, `Question 3 -`), since exports number questions
/// and rewordings rarely change more than that.
pub fn normalise_question(text: &str) -> String {
    let lowered: String = text
        .chars()
        .flat_map(char::to_lowercase)
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect();
    let mut words: Vec<&str> = lowered.split_whitespace().collect();
    let is_number = |w: &str| {
        let digits = w.strip_prefix('q').unwrap_or(w);
        !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit())
    };
    let mut start = 0;
    if words.first() == Some(&"question") && words.get(1).is_some_and(|w| is_number(w)) {
        start = 1;
    }
    while words.get(start).is_some_and(|w| is_number(w)) && words.len() > start + 1 {
        start += 1;
    }
    words.drain(..start);
    words.join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_map_is_valid() {
        let map = SurveyMap::parse(DEFAULT_MAP, None).unwrap_or_else(|p| panic!("{p:?}"));
        assert!(map.entries.len() >= 15);
    }

    #[test]
    fn questions_match_whatever_their_number_case_and_punctuation() {
        let plain = normalise_question("Please list the sources, one per line.");
        for variant in [
            "3. Please list the sources, one per line.",
            "Q3: please list the SOURCES one per line",
            "Question 12 - Please  list the sources; one per line",
        ] {
            assert_eq!(normalise_question(variant), plain, "{variant}");
        }
        assert_eq!(normalise_question("2030"), "2030");
    }

    #[test]
    fn a_target_the_survey_cannot_fill_is_refused_with_the_list() {
        let map = r#"{"questions": [{"question": "Q", "target": "/showcase/key_messages", "as": "list"}]}"#;
        let problems = SurveyMap::parse(map, None).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert!(
            problems[0]
                .message
                .contains("not a field the survey can fill")
        );
        assert_eq!(problems[0].place, Place::Json("/questions/0/target".into()));
    }
}
