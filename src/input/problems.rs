//! Problems found in a city's data: how serious, where (file, place, line and column), what is
//! wrong, the value at fault, and how to fix it. Readers collect every problem in one pass
//! instead of stopping at the first.

use std::cmp::Ordering;
use std::fmt;
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

/// Whether a problem stops the build.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The profile cannot be built until it is fixed.
    Error,
    /// Worth knowing, but the profile can be built (`--deny-warnings` makes these fail too).
    Warning,
}

impl Severity {
    /// The word that opens the problem's line, and its `severity` in `--format json`.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Where in a file a problem sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    /// The file as a whole (missing, unreadable).
    File,
    /// A JSON pointer, e.g. `/survey/areas/economy/activities/2/status`.
    Json(String),
    /// A CSV row (1-based, counting the header as row 1) and optionally a column name.
    Csv {
        /// The row number, the header being row 1.
        row: usize,
        /// The column's header name; `None` when the whole row is at fault.
        column: Option<String>,
    },
}

/// One problem in the city's data.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// Whether it stops the build.
    pub severity: Severity,
    /// The file it is in, as its path was given (the city folder joined with the file's name).
    pub file: PathBuf,
    /// Where in the file, by JSON pointer or CSV row; `position` turns it into line and column.
    pub place: Place,
    /// Line and column (1-based, in characters) where the place starts in the file, when known.
    pub position: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
    /// The value at fault as written in the file, when there is one.
    pub value: Option<String>,
    /// What to do about it.
    pub fix: String,
}

impl Problem {
    /// Whether this problem stops the build.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The value line is left out when the message already quotes the value.
    fn value_worth_showing(&self) -> Option<&str> {
        self.value
            .as_deref()
            .filter(|v| !self.message.contains(v.trim_matches('"')))
    }

    /// The problem as a JSON object for editors' tools (`--format json`).
    pub fn to_json(&self) -> Value {
        let (pointer, row, column) = match &self.place {
            Place::File => (None, None, None),
            Place::Json(pointer) => (Some(pointer.as_str()), None, None),
            Place::Csv { row, column } => (None, Some(*row), column.as_deref()),
        };
        json!({
            "severity": self.severity.label(),
            "file": self.file.display().to_string(),
            "line": self.position.map(|(line, _)| line),
            "column": self.position.map(|(_, column)| column),
            "pointer": pointer,
            "row": row,
            "csv_column": column,
            "message": self.message,
            "value": self.value,
            "fix": self.fix,
        })
    }

    /// Orders problems of one file by where they sit in it, the file as a whole first; ties
    /// keep their reading order (the sort using this is stable).
    pub fn by_place(a: &Problem, b: &Problem) -> Ordering {
        let key = |p: &Problem| match &p.place {
            Place::File | Place::Json(_) => p.position.unwrap_or((0, 0)),
            Place::Csv { row, .. } => (*row, 0),
        };
        key(a).cmp(&key(b))
    }
}

impl Problem {
    /// The problem without its severity: `file:line:column: at /pointer: message`, then the
    /// value and the fix on lines of their own.
    pub fn describe(&self) -> String {
        let file = self.file.display();
        let mut text = match (&self.place, self.position) {
            (Place::File, Some((line, column))) => {
                format!("{file}:{line}:{column}: {}", self.message)
            }
            (Place::File, None) => format!("{file}: {}", self.message),
            (Place::Json(pointer), Some((line, column))) => {
                format!("{file}:{line}:{column}: at {pointer}: {}", self.message)
            }
            (Place::Json(pointer), None) => format!("{file}: at {pointer}: {}", self.message),
            (
                Place::Csv {
                    row,
                    column: Some(column),
                },
                _,
            ) => {
                format!("{file}: row {row}, column {column}: {}", self.message)
            }
            (Place::Csv { row, column: None }, _) => format!("{file}: row {row}: {}", self.message),
        };
        if let Some(value) = self.value_worth_showing() {
            text.push_str(&format!("\n  value: {value}"));
        }
        text.push_str(&format!("\n  fix: {}", self.fix));
        text
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity.label(), self.describe())
    }
}

/// Collects problems for one file.
#[derive(Debug)]
pub struct Problems {
    file: PathBuf,
    found: Vec<Problem>,
}

impl Problems {
    /// An empty collection for the problems of `file`.
    pub fn new(file: &Path) -> Self {
        Problems {
            file: file.to_path_buf(),
            found: Vec::new(),
        }
    }

    fn push(&mut self, severity: Severity, place: Place, message: String, fix: String) {
        self.found.push(Problem {
            severity,
            file: self.file.clone(),
            place,
            position: None,
            message,
            value: None,
            fix,
        });
    }

    /// An error at `place`.
    pub fn at(&mut self, place: Place, message: impl Into<String>, fix: impl Into<String>) {
        self.push(Severity::Error, place, message.into(), fix.into());
    }

    /// An error at a JSON pointer.
    pub fn json(&mut self, pointer: &str, message: impl Into<String>, fix: impl Into<String>) {
        self.at(Place::Json(pointer.to_string()), message, fix);
    }

    /// A warning at `place`.
    pub fn warn_at(&mut self, place: Place, message: impl Into<String>, fix: impl Into<String>) {
        self.push(Severity::Warning, place, message.into(), fix.into());
    }

    /// A warning at a JSON pointer.
    pub fn warn_json(&mut self, pointer: &str, message: impl Into<String>, fix: impl Into<String>) {
        self.warn_at(Place::Json(pointer.to_string()), message, fix);
    }

    /// Gives the problem recorded last a line and column (e.g. of a syntax error).
    pub fn position_last(&mut self, line: usize, column: usize) {
        if let Some(problem) = self.found.last_mut() {
            problem.position = Some((line, column));
        }
    }

    /// Whether an error has been recorded (warnings do not count).
    pub fn has_errors(&self) -> bool {
        self.found.iter().any(Problem::is_error)
    }

    /// Every problem, in the order found.
    pub fn into_vec(self) -> Vec<Problem> {
        self.found
    }
}
