//! What to cut when a profile does not fit its pages, tried rather than guessed.
//!
//! The inside pages are one budget, but not every field in it is worth the same: where a
//! section ends above a block kept whole (a chart, a table, a good-practice box) that still
//! does not fit below it, cutting its text moves nothing. So each field that could be cut is
//! cut from its end by the reported amount and one line more, and the profile is laid out
//! once with the plan that fits the most (every section following on, the compact plan); the
//! message names the fields with which it then fits, and those with which it does not.

use crate::model::{CityProfile, Narrative};

use super::document::ProfileFiles;
use super::{Overflow, TypesetError, plan};

/// One field tried: cut by `chars` from its end, does the profile fit?
#[derive(Debug, Clone, PartialEq, serde::Deserialize, serde::Serialize)]
pub struct Cut {
    /// The field, as a JSON pointer into profile.json.
    pub field: String,
    /// How many characters were cut from its end (whole words).
    pub chars: u32,
    /// Whether the profile fits its 12 pages once they are.
    pub fits: bool,
}

/// `profile` with the field at `pointer` cut by `chars` from its end; `None` if the field has
/// fewer characters (a field not written yet has none).
fn cut(profile: &CityProfile, pointer: &str, chars: usize) -> Option<CityProfile> {
    let mut cut = profile.clone();
    let survey = &mut cut.survey;
    let one = |n: &mut Narrative| -> Option<()> {
        *n = n.cut_from_end(chars)?;
        Some(())
    };
    match pointer {
        "/survey/context" => one(&mut survey.context)?,
        "/survey/legal_framework" => one(&mut survey.legal_framework)?,
        "/survey/agenda_2030" => one(&mut survey.agenda_2030)?,
        "/survey/areas/society/achievements" => one(&mut survey.areas.society.achievements)?,
        "/survey/areas/environment/achievements" => {
            one(&mut survey.areas.environment.achievements)?
        }
        "/survey/areas/economy/achievements" => one(&mut survey.areas.economy.achievements)?,
        "/survey/challenges" => one(&mut survey.challenges)?,
        "/survey/opportunities" => one(&mut survey.opportunities)?,
        "/survey/finance" => one(&mut survey.finance)?,
        "/survey/key_achievements" => cut_list(&mut survey.key_achievements, chars)?,
        "/showcase/key_messages" => cut_list(&mut cut.showcase.key_messages, chars)?,
        "/showcase/recommendations" => {
            let mut texts: Vec<Narrative> = cut
                .showcase
                .recommendations
                .iter()
                .map(|r| r.text.clone())
                .collect();
            cut_list(&mut texts, chars)?;
            cut.showcase.recommendations.truncate(texts.len());
            for (r, text) in cut.showcase.recommendations.iter_mut().zip(texts) {
                r.text = text;
            }
        }
        _ => return None,
    }
    Some(cut)
}

/// A list of texts cut by `chars` from its end: the last items go whole while that is not
/// enough, then the one before is cut.
fn cut_list(items: &mut Vec<Narrative>, chars: usize) -> Option<()> {
    let mut left = chars;
    while let Some(last) = items.last() {
        let length = last.plain_text().trim().chars().count();
        if length > left {
            let cut = last.cut_from_end(left)?;
            *items.last_mut()? = cut;
            return Some(());
        }
        left -= length;
        items.pop();
        if left == 0 {
            return Some(());
        }
    }
    None
}

/// Each field tried for the inside pages' overflow `overflow`: cut by its lines and one line
/// more, at the characters a line of its section holds. `files_of` gives the data files of a
/// profile as the build makes them.
pub(crate) fn try_cuts(
    profile: &CityProfile,
    overflow: &Overflow,
    files_of: &dyn Fn(&CityProfile) -> ProfileFiles,
    date: crate::model::Date,
) -> Result<Vec<Cut>, TypesetError> {
    let mut cuts = Vec::new();
    // The fields of each section, in print order; an area is tried by its achievements, and
    // what is not narrative (the key facts, the good practices) has nothing `cut` can take.
    for (_, _, fields, per_line) in plan::SECTIONS {
        for field in fields {
            let field = if field.starts_with("/survey/areas/") {
                format!("{field}/achievements")
            } else {
                field.to_string()
            };
            let chars = (overflow.lines + 1) * per_line;
            let Some(shorter) = cut(profile, &field, chars as usize) else {
                continue;
            };
            let mut files = files_of(&shorter);
            let fits = super::fits_at_tightest(&mut files, date)?;
            cuts.push(Cut { field, chars, fits });
        }
    }
    Ok(cuts)
}
