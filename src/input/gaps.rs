//! Text a profile prints that the city or the editors have not written yet. A draft prints a
//! placeholder in its place, sized for the text to come, so the municipality sees what is still
//! missing and the layout stays close to the final one; a final edition refuses to build until
//! every gap is filled. Nothing is ever made up to fill one.

use super::problems::Problems;
use crate::model::Gap;

/// What belongs in a field and about how long it is, as the placeholder and the message say it.
struct Expected {
    /// The field, as a JSON pointer.
    pointer: &'static str,
    /// What is to be written, as a phrase: "the city and its context".
    what: &'static str,
    /// Its usual length, as the placeholder prints it.
    length: &'static str,
    /// Words the text usually has, for the placeholder's height.
    words: u32,
}

/// Every field that may be a gap. The lengths are those of profiles that fill their pages
/// (the Ardenvale sample's, rounded).
const EXPECTED: &[Expected] = &[
    Expected {
        pointer: "/city/key_facts",
        what: "the key facts",
        length: "5–7 figures with label and source",
        words: 40,
    },
    Expected {
        pointer: "/edition/authors",
        what: "the authors",
        length: "one name per author",
        words: 6,
    },
    Expected {
        pointer: "/edition/verification",
        what: "the KPI verification (verifier, date and report)",
        length: "three fields",
        words: 20,
    },
    Expected {
        pointer: "/edition/date",
        what: "the edition date",
        length: "YYYY-MM-DD",
        words: 2,
    },
    Expected {
        pointer: "/survey/context",
        what: "the city and its context",
        length: "about 300–450 words",
        words: 380,
    },
    Expected {
        pointer: "/survey/legal_framework",
        what: "the legal and institutional framework",
        length: "about 200–300 words",
        words: 250,
    },
    Expected {
        pointer: "/survey/agenda_2030",
        what: "progress on the 2030 Agenda",
        length: "about 150–250 words",
        words: 200,
    },
    Expected {
        pointer: "/survey/key_achievements",
        what: "the key achievements",
        length: "3–6 statements of about 15 words",
        words: 60,
    },
    Expected {
        pointer: "/survey/areas/society/achievements",
        what: "the key achievements in society and culture",
        length: "about 100–150 words",
        words: 120,
    },
    Expected {
        pointer: "/survey/areas/environment/achievements",
        what: "the key achievements in the environment",
        length: "about 100–150 words",
        words: 120,
    },
    Expected {
        pointer: "/survey/areas/economy/achievements",
        what: "the key achievements in the economy",
        length: "about 100–150 words",
        words: 120,
    },
    Expected {
        pointer: "/survey/challenges",
        what: "the challenges",
        length: "about 100–150 words",
        words: 130,
    },
    Expected {
        pointer: "/survey/opportunities",
        what: "the opportunities",
        length: "about 100–150 words",
        words: 120,
    },
    Expected {
        pointer: "/survey/finance",
        what: "how the city finances its plans",
        length: "about 100–150 words",
        words: 120,
    },
    Expected {
        pointer: "/survey/sources",
        what: "the sources the city cites",
        length: "1–20 sources",
        words: 40,
    },
    Expected {
        pointer: "/showcase/key_messages",
        what: "the key messages",
        length: "3–5 messages of about 22 words",
        words: 90,
    },
    Expected {
        pointer: "/showcase/recommendations",
        what: "the recommendations",
        length: "1–12 recommendations of about 40–90 words",
        words: 300,
    },
    Expected {
        pointer: "/references/flagship",
        what: "the flagship publications",
        length: "1–8 references",
        words: 40,
    },
];

/// The gaps found while reading a profile, and whether they are allowed (drafts) or not.
#[derive(Debug, Default)]
pub(crate) struct Gaps {
    pub(crate) final_edition: bool,
    pub(crate) list: Vec<Gap>,
}

impl Gaps {
    /// Records that the field at `pointer` is not written yet: a warning for a draft, an error
    /// for a final edition.
    pub(crate) fn missing(&mut self, pointer: &str, p: &mut Problems) {
        let Some(e) = EXPECTED.iter().find(|e| e.pointer == pointer) else {
            debug_assert!(false, "no expectation for gap {pointer}");
            return;
        };
        if self.list.iter().any(|g| g.pointer == pointer) {
            return;
        }
        if self.final_edition {
            p.json(
                pointer,
                format!("still to be written: {}; a final edition needs it", e.what),
                format!(
                    "write {} ({}), or build the edition as a draft",
                    e.what, e.length
                ),
            );
        } else {
            p.warn_json(
                pointer,
                format!(
                    "still to be written: {}; the draft prints a placeholder",
                    e.what
                ),
                format!("write {} ({}) before the final edition", e.what, e.length),
            );
        }
        self.list.push(Gap {
            pointer: pointer.to_string(),
            text: format!("To be written: {} ({})", e.what, e.length),
            words: e.words,
        });
    }

    /// Whether `pointer` or a field inside it was reported as a gap.
    pub(crate) fn covers(&self, pointer: &str) -> bool {
        self.list.iter().any(|g| {
            pointer == g.pointer
                || pointer
                    .strip_prefix(g.pointer.as_str())
                    .is_some_and(|rest| rest.starts_with('/'))
        })
    }
}
