//! Problems found in a city's data: where (file and place), what is wrong, and how to fix it.
//! Readers collect every problem in one pass instead of stopping at the first.

use std::fmt;
use std::path::{Path, PathBuf};

/// Where in a file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole (missing, unreadable).
    File,
    /// A JSON pointer, e.g. `/survey/areas/economy/activities/2/status`.
    Json(String),
    /// A CSV row (1-based, counting the header as row 1) and optionally a column name.
    Csv { row: usize, column: Option<String> },
}

/// One problem in the city's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: PathBuf,
    pub place: Place,
    /// What is wrong.
    pub message: String,
    /// What to do about it.
    pub fix: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let file = self.file.display();
        match &self.place {
            Place::File => write!(f, "{file}: {}", self.message)?,
            Place::Json(pointer) => write!(f, "{file}: at {pointer}: {}", self.message)?,
            Place::Csv {
                row,
                column: Some(column),
            } => write!(f, "{file}: row {row}, column {column}: {}", self.message)?,
            Place::Csv { row, column: None } => write!(f, "{file}: row {row}: {}", self.message)?,
        }
        write!(f, "\n  fix: {}", self.fix)
    }
}

/// Collects problems for one file.
#[derive(Debug)]
pub struct Problems {
    file: PathBuf,
    found: Vec<Problem>,
}

impl Problems {
    pub fn new(file: &Path) -> Self {
        Problems {
            file: file.to_path_buf(),
            found: Vec::new(),
        }
    }

    pub fn at(&mut self, place: Place, message: impl Into<String>, fix: impl Into<String>) {
        self.found.push(Problem {
            file: self.file.clone(),
            place,
            message: message.into(),
            fix: fix.into(),
        });
    }

    pub fn json(&mut self, pointer: &str, message: impl Into<String>, fix: impl Into<String>) {
        self.at(Place::Json(pointer.to_string()), message, fix);
    }

    pub fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    pub fn into_vec(self) -> Vec<Problem> {
        self.found
    }
}
