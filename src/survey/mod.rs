//! `sscp import-survey`: reads a city's answers from a SurveyMonkey export (CSV or XLSX) into
//! its `profile.json`. A survey map says which question fills which field; only those fields
//! change. What cannot go into `profile.json` faithfully (free-text activities, questions the
//! map does not know) is written to `survey-answers.md` for the editors.

mod convert;
mod csv_export;
mod export;
pub mod map;
mod merge;
mod rows;
mod xlsx_export;

use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::input::{Place, Problem, Problems};
use crate::model::Date;
use crate::scaffold::{self, ScaffoldError};
use convert::FoundSource;
use export::{Column, Export, Respondent};
use map::{Conversion, MapEntry, SurveyMap};

pub use export::MAX_EXPORT_BYTES;
pub use map::DEFAULT_MAP;

/// The side file for the editors, in the city folder.
pub const ANSWERS_FILE: &str = "survey-answers.md";

/// How many characters of a question warnings quote.
const QUOTED_CHARS: usize = 60;

/// What to import, and where.
#[derive(Debug, Clone, Default)]
pub struct ImportOptions {
    /// The SurveyMonkey export, `.csv` or `.xlsx`.
    pub export: PathBuf,
    /// The city folder; made from the `sscp new` skeleton when it has no `profile.json`.
    pub city_dir: PathBuf,
    /// A Respondent ID, or a 1-based position; needed when the export has several respondents.
    pub respondent: Option<String>,
    /// A survey map that overrides the city folder's and the default.
    pub map: Option<PathBuf>,
    /// The city's name and country for a new folder, when the survey does not give them.
    pub city: Option<String>,
    /// `--country`; like the city, a survey answer wins over it.
    pub country: Option<String>,
    /// The edition date of a new folder [default: today].
    pub date: Option<Date>,
}

/// What an import did.
#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// The survey map's file; `None` for the built-in default.
    pub map: Option<PathBuf>,
    /// The respondent imported, described for people.
    pub respondent: String,
    /// Files made from the `sscp new` skeleton because the folder had no `profile.json`.
    pub created: Vec<PathBuf>,
    /// Fields whose value the import changed, as JSON pointers.
    pub set: Vec<String>,
    /// Fields the survey answered with the value they already had.
    pub unchanged: Vec<String>,
    /// The texts of the sources added to `/survey/sources`.
    pub sources_added: Vec<String>,
    /// `survey-answers.md`, when there was something the editors must place by hand.
    pub answers_file: Option<PathBuf>,
    /// Unmapped questions, unused map entries, empty answers, and other notes.
    pub warnings: Vec<String>,
}

/// Why an import stopped; nothing was written.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    /// Problems in the export, the map or the city folder, all of them.
    #[error("{}", ProblemList(.0))]
    Problems(Vec<Problem>),
    /// A file of the `sscp new` skeleton, for a folder without `profile.json`, could not be
    /// written.
    #[error("{0}")]
    Scaffold(#[from] ScaffoldError),
    /// `profile.json` or `survey-answers.md` could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The file at fault.
        path: PathBuf,
        /// What the system reported.
        source: std::io::Error,
    },
}

impl From<Vec<Problem>> for ImportError {
    fn from(problems: Vec<Problem>) -> Self {
        ImportError::Problems(problems)
    }
}

struct ProblemList<'a>(&'a [Problem]);

impl fmt::Display for ProblemList<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in self.0 {
            writeln!(f, "{problem}")?;
        }
        let n = self.0.len();
        write!(
            f,
            "{n} problem{} found; nothing was imported",
            if n == 1 { "" } else { "s" }
        )
    }
}

/// One answer the map placed: the entry, the columns it came from, and the text.
struct Answer<'a> {
    entry: &'a MapEntry,
    columns: Vec<&'a Column>,
    text: String,
}

/// Reads the export, picks the respondent, and writes the answers into the city folder.
pub fn import(options: &ImportOptions) -> Result<ImportReport, ImportError> {
    let map = SurveyMap::find(&options.city_dir, options.map.as_deref())?;
    let export = export::read(&options.export)?;
    let mut export_notes = Problems::new(&options.export);
    let mut map_notes = Problems::new(&map.name());

    let (by_entry, unmapped) = match_columns(&map, &export, &mut export_notes, &mut map_notes);
    let city_column = map
        .entries
        .iter()
        .position(|e| e.target == "/city/name")
        .and_then(|i| by_entry[i].first().copied());
    let respondent = choose_respondent(
        &export,
        options.respondent.as_deref(),
        city_column,
        &options.export,
    )?;

    let answers = answers_of(&map, &by_entry, respondent, &mut export_notes);
    let placed = place_answers(&answers);
    let profile_path = options.city_dir.join("profile.json");
    let mut report = ImportReport {
        map: map.file.clone(),
        respondent: describe_respondent(&export, respondent),
        ..ImportReport::default()
    };
    let (mut profile, new_folder) = if profile_path.exists() {
        (read_profile(&profile_path)?, None)
    } else {
        let skeleton = new_skeleton(options, &placed, &mut report.warnings)?;
        (skeleton.profile.clone(), Some(skeleton))
    };

    merge_into(&mut profile, &placed, &profile_path, &mut report)?;

    if let Some(skeleton) = &new_folder {
        for (name, text) in [
            ("kpis.csv", &skeleton.kpis_csv),
            ("README.md", &skeleton.readme),
        ] {
            let path = options.city_dir.join(name);
            if !path.exists() {
                scaffold::write_new_file(&path, text)?;
                report.created.push(path);
            }
        }
        report.created.push(profile_path.clone());
    }
    if new_folder.is_some() || !report.set.is_empty() {
        write(&profile_path, &scaffold::profile_json_text(&profile))?;
    }
    let notes = answers_for_editors(&answers, &unmapped, respondent, &report.respondent, options);
    if let Some(text) = notes {
        let path = options.city_dir.join(ANSWERS_FILE);
        write(&path, &text)?;
        report.answers_file = Some(path);
    }
    // Everything noted about the export and the map is a warning; `main` labels them so.
    report.warnings.extend(
        export_notes
            .into_vec()
            .into_iter()
            .chain(map_notes.into_vec())
            .map(|w| w.describe()),
    );
    Ok(report)
}

/// The respondent's answers to the columns each map entry claimed, in map order. An entry
/// whose columns are all blank is noted as an empty answer and gives nothing.
fn answers_of<'m>(
    map: &'m SurveyMap,
    by_entry: &[Vec<&'m Column>],
    respondent: &Respondent,
    notes: &mut Problems,
) -> Vec<Answer<'m>> {
    let mut answers = Vec::new();
    for (entry, columns) in map.entries.iter().zip(by_entry) {
        let Some(first) = columns.first() else {
            continue;
        };
        let texts: Vec<String> = columns
            .iter()
            .map(|c| export::clean_answer(respondent.answer(c)))
            .filter(|t| !t.is_empty())
            .collect();
        if texts.is_empty() {
            notes.warn_at(
                Place::Csv {
                    row: respondent.row,
                    column: Some(first.name()),
                },
                format!(
                    "the answer to \"{}\" is empty, so {} is left as it was",
                    quote(&first.question),
                    entry.target
                ),
                "ask the city for the answer, or write the field in profile.json",
            );
            continue;
        }
        answers.push(Answer {
            entry,
            columns: columns.clone(),
            text: texts.join("\n\n"),
        });
    }
    answers
}

/// Sets the answered fields and adds the sources, noting in `report` what changed.
fn merge_into(
    profile: &mut Value,
    placed: &Placed,
    profile_path: &Path,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let mut profile_problems = Problems::new(profile_path);
    for (pointer, value) in &placed.fields {
        match merge::set_field(profile, pointer, value.clone()) {
            Ok(true) => report.set.push(pointer.clone()),
            Ok(false) => report.unchanged.push(pointer.clone()),
            Err(why) => profile_problems.json(
                pointer,
                format!("the answer cannot be put here: {why}"),
                "make it an object as docs/input-format.md describes, then import again",
            ),
        }
    }
    match merge::add_sources(profile, "/survey/sources", &placed.sources) {
        Ok(added) => report.sources_added = added,
        Err(why) => profile_problems.json(
            "/survey/sources",
            format!("the sources cannot be added: {why}"),
            "make \"sources\" a list of sources as docs/input-format.md describes, then import again",
        ),
    }
    if !report.sources_added.is_empty() {
        report.set.push("/survey/sources".to_string());
    }
    if !profile_problems.has_errors() {
        Ok(())
    } else {
        Err(profile_problems.into_vec().into())
    }
}

fn write(path: &Path, text: &str) -> Result<(), ImportError> {
    crate::write_atomically(path, text.as_bytes()).map_err(|source| ImportError::Write {
        path: path.to_path_buf(),
        source,
    })
}

/// Assigns each answer column to the map entry that asks its question: an entry naming the
/// column's sub-question first, else one for the whole question. Notes the columns no entry
/// asks, and the entries no column answers.
fn match_columns<'e>(
    map: &SurveyMap,
    export: &'e Export,
    export_notes: &mut Problems,
    map_notes: &mut Problems,
) -> (Vec<Vec<&'e Column>>, Vec<&'e Column>) {
    let mut by_entry: Vec<Vec<&Column>> = vec![Vec::new(); map.entries.len()];
    let mut unmapped: Vec<&Column> = Vec::new();
    for column in &export.columns {
        let asking: Vec<usize> = (0..map.entries.len())
            .filter(|&i| SurveyMap::asks(&map.entries[i], &column.question))
            .collect();
        let sub = map::normalise_question(&column.sub_question);
        let specific = asking.iter().find(|&&i| {
            map.entries[i]
                .sub_question
                .as_deref()
                .is_some_and(|s| map::normalise_question(s) == sub)
        });
        let whole = asking
            .iter()
            .find(|&&i| map.entries[i].sub_question.is_none());
        match specific.or(whole) {
            Some(&i) => by_entry[i].push(column),
            None => unmapped.push(column),
        }
    }
    // One note per question, however many of its columns went unmapped.
    for group in unmapped.chunk_by(|a, b| a.question == b.question) {
        let (first, last) = (group[0], group[group.len() - 1]);
        let columns = if group.len() == 1 {
            first.name()
        } else {
            format!("{} to {}", first.name(), last.name())
        };
        let subs = if group.len() == 1 && !is_plain_response(&first.sub_question) {
            format!(" (sub-question \"{}\")", quote(&first.sub_question))
        } else {
            String::new()
        };
        export_notes.warn_at(
            Place::Csv {
                row: 1,
                column: Some(columns),
            },
            format!(
                "the question \"{}\"{subs} is not in the survey map; its answers are only copied to {ANSWERS_FILE}",
                quote(&first.question)
            ),
            "add it to survey-map.json with the field it fills (`sscp import-survey --print-map > survey-map.json` in the city folder gives the default to edit), or ignore it if the profile does not need it",
        );
    }
    for (i, (entry, columns)) in map.entries.iter().zip(&by_entry).enumerate() {
        if columns.is_empty() {
            let sub = entry
                .sub_question
                .as_deref()
                .map_or(String::new(), |s| format!(" with the sub-question \"{s}\""));
            map_notes.warn_json(
                &format!("/questions/{i}"),
                format!(
                    "no column of the export asks \"{}\"{sub}, so {} is left as it was",
                    quote(&entry.question),
                    entry.target
                ),
                "if the survey words this question differently, add its wording from the export's first header row to \"aliases\"",
            );
        }
    }
    (by_entry, unmapped)
}

/// "Response" and "Open-Ended Response" say nothing about the column.
fn is_plain_response(sub_question: &str) -> bool {
    let sub = map::normalise_question(sub_question);
    sub.is_empty() || sub == "response" || sub == "open ended response"
}

/// The first characters of a question, for messages.
fn quote(text: &str) -> String {
    let text = convert::text(text);
    if text.chars().count() <= QUOTED_CHARS {
        text
    } else {
        let cut: String = text.chars().take(QUOTED_CHARS).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The respondent to import: the only one, or the one `--respondent` names by Respondent ID
/// or, failing that, by position. Never a guess between several.
fn choose_respondent<'e>(
    export: &'e Export,
    wanted: Option<&str>,
    city_column: Option<&Column>,
    path: &Path,
) -> Result<&'e Respondent, ImportError> {
    let respondents = &export.respondents;
    let chosen = match wanted.map(str::trim) {
        None if respondents.len() == 1 => return Ok(&respondents[0]),
        None => None,
        Some(wanted) => respondents.iter().find(|r| r.id == wanted).or_else(|| {
            wanted
                .parse::<usize>()
                .ok()
                .and_then(|n| n.checked_sub(1))
                .and_then(|i| respondents.get(i))
        }),
    };
    if let Some(respondent) = chosen {
        return Ok(respondent);
    }
    let list: Vec<String> = respondents
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let ended = if r.end_date.is_empty() {
                "no end date".to_string()
            } else {
                format!("ended {}", r.end_date)
            };
            let city = city_column
                .map(|c| convert::text(r.answer(c)))
                .filter(|c| !c.is_empty())
                .map_or("no city name given".to_string(), |c| {
                    format!("city \"{c}\"")
                });
            format!("\n    {}. Respondent ID {}, {ended}, {city}", i + 1, r.id)
        })
        .collect();
    let n = respondents.len();
    let message = match wanted {
        None => format!("the export has {n} respondents; choose the one to import:"),
        Some(wanted) => format!(
            "no respondent has the Respondent ID \"{}\", and it is not a position from 1 to {n}:",
            wanted.trim()
        ),
    };
    let example = respondents.last().map_or("1", |r| r.id.as_str());
    let mut p = Problems::new(path);
    p.at(
        Place::File,
        format!("{message}{}", list.concat()),
        format!(
            "run again with --respondent and a Respondent ID or a position from this list, e.g. --respondent {example}"
        ),
    );
    Err(p.into_vec().into())
}

fn describe_respondent(export: &Export, respondent: &Respondent) -> String {
    let position = export
        .respondents
        .iter()
        .position(|r| std::ptr::eq(r, respondent))
        .map_or(0, |i| i + 1);
    let ended = if respondent.end_date.is_empty() {
        String::new()
    } else {
        format!(", ended {}", respondent.end_date)
    };
    format!(
        "Respondent ID {} ({position} of {}{ended})",
        respondent.id,
        export.respondents.len()
    )
}

/// The values answers give, by field, and the sources found in them.
#[derive(Default)]
struct Placed {
    /// `(pointer, value)` in map order; several answers for one field are joined.
    fields: Vec<(String, Value)>,
    sources: Vec<FoundSource>,
}

fn place_answers(answers: &[Answer]) -> Placed {
    let mut placed = Placed::default();
    let mut addresses = Vec::new();
    // Several answers may fill one field: narrative is joined by paragraphs, lists are
    // concatenated; the field keeps the place of its first answer.
    let mut joined: Vec<(String, Conversion, Vec<String>)> = Vec::new();
    for answer in answers {
        let entry = answer.entry;
        let parts: Vec<String> = match entry.conversion {
            Conversion::Activities => continue,
            Conversion::Sources => {
                placed.sources.extend(convert::sources(&answer.text));
                continue;
            }
            Conversion::Attachments => {
                placed.sources.extend(convert::attachments(&answer.text));
                continue;
            }
            Conversion::Text => vec![convert::text(&answer.text)],
            Conversion::Narrative => {
                let (text, cited) = convert::narrative(&answer.text);
                placed.sources.extend(cited);
                addresses.extend(convert::addresses(&text));
                vec![text]
            }
            Conversion::List => {
                let (items, cited) = convert::list(&answer.text);
                placed.sources.extend(cited);
                addresses.extend(items.iter().flat_map(|item| convert::addresses(item)));
                items
            }
        };
        match joined.iter_mut().find(|(t, _, _)| *t == entry.target) {
            Some((_, _, existing)) => existing.extend(parts),
            None => joined.push((entry.target.clone(), entry.conversion, parts)),
        }
    }
    placed.fields = joined
        .into_iter()
        .map(|(target, conversion, parts)| {
            let value = match conversion {
                Conversion::List => Value::from(parts),
                Conversion::Text => Value::from(parts.join(" ")),
                _ => Value::from(parts.join("\n\n")),
            };
            (target, value)
        })
        .collect();
    placed.sources.extend(addresses);
    placed
}

fn read_profile(path: &Path) -> Result<Value, ImportError> {
    let mut p = Problems::new(path);
    let parsed = std::fs::read_to_string(path)
        .map_err(|e| {
            p.at(
                Place::File,
                format!("the file cannot be read: {e}"),
                "check the file's permissions and that it is UTF-8 text",
            )
        })
        .ok()
        .and_then(|text| match serde_json::from_str::<Value>(&text) {
            Ok(value @ Value::Object(_)) => Some(value),
            Ok(_) => {
                p.json("", "profile.json is not a JSON object", "start from `sscp new` or fixtures/ardenvale/profile.json");
                None
            }
            Err(e) => {
                p.at(
                    Place::Json(format!("line {}, column {}", e.line(), e.column())),
                    format!("not valid JSON: {e}"),
                    "fix the JSON first (`sscp validate` shows the same problem), then import again",
                );
                None
            }
        });
    parsed.ok_or_else(|| p.into_vec().into())
}

/// The `sscp new` skeleton for a folder without `profile.json`, named from the survey's
/// answers or, failing those, from `--city` and `--country`.
fn new_skeleton(
    options: &ImportOptions,
    placed: &Placed,
    warnings: &mut Vec<String>,
) -> Result<scaffold::Skeleton, ImportError> {
    let answered = |pointer: &str| {
        placed
            .fields
            .iter()
            .find(|(p, _)| p == pointer)
            .and_then(|(_, v)| v.as_str())
            .map(str::to_string)
    };
    let mut p = Problems::new(&options.city_dir.join("profile.json"));
    let mut pick =
        |pointer: &str, option: &Option<String>, flag: &str| match (answered(pointer), option) {
            (Some(answer), Some(given)) if answer != *given => {
                warnings.push(format!(
                    "{flag} \"{given}\" is not used: the survey answers {pointer} with \"{answer}\""
                ));
                Some(answer)
            }
            (Some(answer), _) => Some(answer),
            (None, Some(given)) => Some(given.clone()),
            (None, None) => {
                p.json(
                    pointer,
                    format!(
                        "profile.json does not exist yet, and the survey does not answer {pointer}"
                    ),
                    format!("give {flag} \"...\" to start the new city folder with"),
                );
                None
            }
        };
    let city = pick("/city/name", &options.city, "--city");
    let country = pick("/city/country", &options.country, "--country");
    let (Some(city), Some(country)) = (city, country) else {
        return Err(p.into_vec().into());
    };
    let date = options.date.unwrap_or_else(scaffold::today);
    let skeleton = scaffold::skeleton(&city, &country, date);
    warnings.extend(skeleton.warnings.iter().cloned());
    Ok(skeleton)
}

/// `survey-answers.md`: the answers the editors must place by hand. `None` when there are none.
fn answers_for_editors(
    answers: &[Answer],
    unmapped: &[&Column],
    respondent: &Respondent,
    described: &str,
    options: &ImportOptions,
) -> Option<String> {
    let activities: Vec<&Answer> = answers
        .iter()
        .filter(|a| a.entry.conversion == Conversion::Activities)
        .collect();
    let unmapped: Vec<(&Column, String)> = unmapped
        .iter()
        .map(|c| (*c, export::clean_answer(respondent.answer(c))))
        .filter(|(_, text)| !text.is_empty())
        .collect();
    if activities.is_empty() && unmapped.is_empty() {
        return None;
    }
    let export_name = options.export.file_name().map_or_else(
        || options.export.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    );
    let mut out = format!(
        "# Survey answers for the editors\n\nWritten by `sscp import-survey` from `{export_name}`, {described}. \
         Importing again replaces this file. sscp does not read it: it keeps the answers that \
         could not be put into profile.json as they stand.\n"
    );
    if !activities.is_empty() {
        out.push_str(
            "\n## Activities, to be turned into entries of profile.json by the editors\n\n\
             profile.json lists each area's key policies, programmes, projects and partnerships \
             as entries with `name`, `kind`, `period`, `status`, `summary` (one or two \
             sentences), `sdgs` and optionally `related` (docs/input-format.md). The city \
             answered in free text, copied here unchanged; write the entries from it into the \
             field each heading names.\n",
        );
        for answer in activities {
            let sub = answer
                .entry
                .sub_question
                .as_deref()
                .unwrap_or("all columns");
            out.push_str(&format!(
                "\n### `{}`: {sub}\n\n> {}\n\n{}\n",
                answer.entry.target,
                convert::text(&answer.columns[0].question),
                answer.text
            ));
        }
    }
    if !unmapped.is_empty() {
        out.push_str(
            "\n## Answers to questions the survey map does not know\n\n\
             Add a question to survey-map.json to import its answer into profile.json.\n",
        );
        for (column, text) in unmapped {
            let sub = if is_plain_response(&column.sub_question) {
                String::new()
            } else {
                format!(" ({})", column.sub_question)
            };
            out.push_str(&format!(
                "\n### Column {}\n\n> {}{sub}\n\n{text}\n",
                column.name(),
                convert::text(&column.question)
            ));
        }
    }
    Some(out)
}
