//! An estimate, before typesetting, of whether each section's text fits its pages. Typesetting
//! gives the exact answer (and fails the build on overflow); this lets `validate` warn early,
//! without the seconds a build takes, and say roughly how much to cut.
//!
//! The estimate counts characters: each field's printed text, plus a part of a line for every
//! paragraph or list item (which ends on a part-filled line). A section holds `capacity` such
//! characters. Capacities were measured with the Ardenvale fixture, whose sections are nearly
//! full: the fixture's count plus the space left, found by lengthening one field until
//! typesetting reported an overflow (`tests/diagnostics.rs` checks the estimate against a real
//! overflow).

use super::problems::Problems;
use crate::model::{Area, CityProfile, Narrative};

/// What a paragraph's last, part-filled line and the space after it cost, in characters.
const PARAGRAPH_COST: usize = 40;

/// A section of the page plan with the text fields that fill it.
struct Section {
    title: &'static str,
    pages: &'static str,
    /// Characters of text (as counted here) the section holds.
    capacity: usize,
    /// Characters per line of the section's body, across its columns.
    chars_per_line: usize,
    /// Each field's JSON pointer and its count.
    fields: Vec<(String, usize)>,
}

/// Warns about every section whose text is estimated to run past its pages.
pub(crate) fn check(profile: &CityProfile, p: &mut Problems) {
    for section in sections(profile) {
        let used: usize = section.fields.iter().map(|(_, n)| n).sum();
        if used <= section.capacity {
            continue;
        }
        let over = used - section.capacity;
        let lines = over.div_ceil(section.chars_per_line);
        // Placed at the longest field, the first one to shorten.
        let Some((longest, _)) = section.fields.iter().max_by_key(|(_, n)| *n) else {
            continue;
        };
        let names: Vec<&str> = section.fields.iter().map(|(f, _)| f.as_str()).collect();
        p.warn_json(
            longest,
            format!(
                "\"{}\" (page {}) will probably not fit: its text is estimated at about {over} characters (some {lines} lines) more than the page holds",
                section.title, section.pages
            ),
            format!(
                "shorten {} by about that much; `sscp build` measures exactly",
                names.join(" or ")
            ),
        );
    }
}

fn narrative(n: &Narrative) -> usize {
    let text = n.plain_text();
    text.chars().count() + text.matches('\n').count() * PARAGRAPH_COST
}

fn items<'a>(list: impl IntoIterator<Item = &'a String>) -> usize {
    list.into_iter()
        .map(|s| s.chars().count() + PARAGRAPH_COST)
        .sum()
}

fn sections(profile: &CityProfile) -> Vec<Section> {
    let s = &profile.survey;
    let show = &profile.showcase;
    let mut sections = vec![
        Section {
            title: "Key messages",
            pages: "3",
            capacity: 1_570,
            chars_per_line: 98,
            fields: vec![("/showcase/key_messages".into(), items(&show.key_messages))],
        },
        Section {
            title: "The city and its context",
            pages: "4",
            capacity: 5_390,
            chars_per_line: 110,
            fields: vec![
                ("/survey/context".into(), narrative(&s.context)),
                (
                    "/survey/legal_framework".into(),
                    narrative(&s.legal_framework),
                ),
            ],
        },
        Section {
            title: "The 2030 Agenda",
            pages: "5",
            capacity: 2_550,
            chars_per_line: 100,
            fields: vec![
                ("/survey/agenda_2030".into(), narrative(&s.agenda_2030)),
                (
                    "/survey/key_achievements".into(),
                    items(&s.key_achievements),
                ),
            ],
        },
    ];
    for (i, area) in Area::ALL.into_iter().enumerate() {
        let answers = s.areas.get(area);
        // Activity rows: name and summary, in narrow table columns that take more lines.
        let activities: usize = answers
            .activities
            .iter()
            .map(|a| (a.name.chars().count() + a.summary.chars().count()) * 3 / 2)
            .sum();
        let practice = show
            .good_practices
            .iter()
            .position(|g| g.area == area)
            .map(|j| (j, narrative(&show.good_practices[j].text)));
        let mut fields = vec![
            (
                format!("/survey/areas/{}/achievements", area.key()),
                narrative(&answers.achievements),
            ),
            (
                format!("/survey/areas/{}/activities", area.key()),
                activities,
            ),
        ];
        if let Some((j, count)) = practice {
            fields.push((format!("/showcase/good_practices/{j}/text"), count));
        }
        sections.push(Section {
            title: area.title(),
            pages: ["6", "7", "8"][i],
            capacity: 3_650,
            chars_per_line: 66,
            fields,
        });
    }
    let recommendations: usize = show
        .recommendations
        .iter()
        .map(|r| (r.text.chars().count() + PARAGRAPH_COST) * 13 / 10)
        .sum();
    sections.push(Section {
        title: "Challenges and opportunities",
        pages: "11",
        capacity: 5_650,
        chars_per_line: 104,
        fields: vec![
            ("/survey/challenges".into(), narrative(&s.challenges)),
            ("/survey/opportunities".into(), narrative(&s.opportunities)),
            ("/survey/finance".into(), narrative(&s.finance)),
            ("/showcase/recommendations".into(), recommendations),
        ],
    });
    sections
}
