//! Comments on a draft (`comments.json` or `comments.csv` in the city folder): who said what
//! about which draft, and how the editors resolved it. [`crate::round::load`] reads and checks
//! them in one pass with the rest of the city folder, and turns every comment still pending
//! into a warning; [`report`] typesets the resolution report that goes back to the commenters.

mod check;
mod diff;
mod follow;
mod read;
pub mod report;

use std::path::{Path, PathBuf};

use crate::input::{Problem, Problems};

pub use report::{CommentsReport, comments_report, default_output};

/// The comments on a city's drafts, as read from its comments file.
#[derive(Debug, Clone)]
pub struct Comments {
    /// The file they came from, for messages.
    pub file: PathBuf,
    /// Every comment in the file, in the order written; all of them passed the checks.
    pub comments: Vec<Comment>,
}

/// One comment on a draft and its resolution.
#[derive(Debug, Clone, PartialEq)]
pub struct Comment {
    /// The commenters' or editors' reference, unique in the file (`C6`).
    pub id: String,
    /// Who made it: an office, a department, a person.
    pub from: String,
    /// The draft round it was made on.
    pub draft: u32,
    /// What it is about: at least one of these four is given.
    pub page: Option<u32>,
    /// The section as the profile prints its heading (`The city and its context`); taken as
    /// written, not checked.
    pub section: Option<String>,
    /// The words the comment is on, as printed in that draft (what a reviewer's highlight
    /// covered, for an imported comment); taken as written.
    pub quote: Option<String>,
    /// A JSON pointer into that draft's `profile.json`.
    pub field: Option<String>,
    /// A catalogue KPI code, as the catalogue writes it.
    pub kpi: Option<String>,
    /// The comment as the commenter wrote it, printed as it stands (no Markdown).
    pub text: String,
    /// How the editors resolved it; a pending comment is a warning on every build and validation.
    pub resolution: Resolution,
    /// What the editors did, or why not; may be empty only while pending.
    pub response: String,
}

/// How the editors resolved a comment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Resolution {
    /// The change asked for was made.
    Accepted,
    /// Part of it was made; the response says which part.
    PartlyAccepted,
    /// Nothing was changed; the response says why.
    Rejected,
    /// Not decided yet: a warning until it is, and no response needed.
    Pending,
}

impl Resolution {
    /// Every resolution, in the order the report counts them.
    pub const ALL: [Resolution; 4] = [
        Resolution::Accepted,
        Resolution::PartlyAccepted,
        Resolution::Rejected,
        Resolution::Pending,
    ];

    /// The word the comments file uses.
    pub fn word(self) -> &'static str {
        match self {
            Resolution::Accepted => "accepted",
            Resolution::PartlyAccepted => "partly-accepted",
            Resolution::Rejected => "rejected",
            Resolution::Pending => "pending",
        }
    }

    /// The label the report prints.
    pub fn label(self) -> &'static str {
        match self {
            Resolution::Accepted => "Accepted",
            Resolution::PartlyAccepted => "Partly accepted",
            Resolution::Rejected => "Rejected",
            Resolution::Pending => "Pending",
        }
    }

    fn from_word(word: &str) -> Option<Resolution> {
        Resolution::ALL
            .into_iter()
            .find(|r| r.word().eq_ignore_ascii_case(word))
    }
}

/// The folder holding the inputs of draft `draft` as it was shared: itself a city folder. The
/// build keeps these snapshots; the comments are checked and reported against them.
pub fn snapshot_dir(dir: &Path, draft: u32) -> PathBuf {
    dir.join("history").join(format!("draft-{draft}"))
}

/// Whether the city folder keeps a snapshot of draft `draft`: its `profile.json` is there
/// (whether it reads is another matter, reported where it is read).
fn snapshot_kept(dir: &Path, draft: u32) -> bool {
    dir.join(snapshot_dir(Path::new(""), draft))
        .join("profile.json")
        .symlink_metadata()
        .is_ok()
}

/// Reads and checks the city folder's comments file, if it has one, against `profile` (the
/// current `profile.json`, when it parsed). Returns the comments when they passed, and every
/// problem found, sorted by place: errors, and a warning for each comment still pending.
pub(crate) fn load(
    dir: &Path,
    profile: Option<&serde_json::Value>,
) -> (Option<Comments>, Vec<Problem>) {
    let format = match read::which(dir) {
        Ok(Some(format)) => format,
        Ok(None) => return (None, Vec::new()),
        Err(both) => return (None, both),
    };
    let file = dir.join(format.file_name());
    let mut problems = Problems::new(&file);
    let Some((text, _)) = crate::input::read_text(dir, format.file_name(), &mut problems) else {
        return (None, problems.into_vec());
    };
    let (value, written) = match format {
        read::Format::Json => read::json(&text, &mut problems),
        read::Format::Csv => (None, read::csv(&text, &mut problems)),
    };
    let comments = check::check(dir, profile, written, &mut problems);
    let ok = !problems.has_errors();
    let mut found = problems.into_vec();
    read::locate(format, &text, value.as_ref(), &mut found);
    found.sort_by(Problem::by_place);
    (ok.then_some(Comments { file, comments }), found)
}
