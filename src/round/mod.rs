//! The draft round: how a profile goes back and forth between the editors and the city.
//!
//! 1. The editors build draft *n* (`edition.draft` in `profile.json`). [`history`] keeps the
//!    exact inputs and the PDF in `history/draft-<n>/`; a draft once shared is never changed
//!    silently, and building it again from other inputs is refused.
//! 2. The build compares draft *n* with the latest earlier snapshot and [`marks`] what changed,
//!    so the template draws a change bar beside each changed paragraph, item and KPI row.
//! 3. [`diff`] lists every change between two drafts, text as phrase-grouped [`words`]; the
//!    [`changelog`] prints that list for the terminal and as a PDF for the city.
//! 4. The city's comments on draft *n* come back in `comments.json` or `comments.csv`;
//!    [`comments`] checks them against that draft's snapshot, turns the pending ones into
//!    warnings, and reports how each was resolved and what changed since.
//! 5. The editors raise `edition.draft` to *n*+1 and build again: the round starts over.

pub mod align;
pub mod changelog;
pub mod comments;
pub mod diff;
pub mod history;
pub mod marks;
pub mod review;
pub mod words;

use std::path::Path;

use crate::input::{CityFolder, InputErrors};
use comments::Comments;

/// Reads a city folder with the comments on its drafts, the problems of both in one pass.
pub fn load(dir: &Path) -> Result<(CityFolder, Option<Comments>), InputErrors> {
    let mut found = None;
    let city = crate::input::load_with(dir, &mut |dir, profile| {
        let (comments, problems) = comments::load(dir, profile);
        found = comments;
        problems
    })?;
    Ok((city, found))
}
