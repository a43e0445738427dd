//! The plain data types every stage shares: what a city folder says once it has been read and
//! checked. Nothing here knows about JSON pointers, Typst or PDF.

use serde::Serialize;

/// Everything one profile is built from.
#[derive(Debug, Clone, Serialize)]
pub struct CityProfile {
    /// True for made-up data: the imprint then says the profile is a sample.
    pub sample_data: bool,
    /// Facts about the city.
    pub city: City,
    /// Which edition of the profile this is.
    pub edition: Edition,
    /// The city's survey answers.
    pub survey: Survey,
    /// The editors' own text: key messages, good practices, recommendations.
    pub showcase: Showcase,
    /// Flagship publications and other references.
    pub references: References,
    /// Optional pictures, already loaded and checked.
    pub images: Images,
    /// Text not written yet, printed as placeholders in a draft (a final edition has none).
    pub gaps: Vec<Gap>,
}

/// A field not written yet, as a draft's placeholder shows it.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct Gap {
    /// The field, as a JSON pointer.
    pub pointer: String,
    /// "To be written: the key messages (3–5 messages of about 22 words)".
    pub text: String,
    /// Words to reserve room for, so the draft's layout is close to the final one.
    pub words: u32,
}

/// Facts about the city shown on the cover and in the key-facts panel.
#[derive(Debug, Clone, Serialize)]
pub struct City {
    /// Slug used in file names, e.g. `ardenvale`.
    pub id: String,
    /// English name.
    pub name: String,
    /// Name in the city's own script, when it differs.
    pub local_name: Option<String>,
    /// Country, printed under the name on the cover and beside it on the back cover.
    pub country: String,
    /// Region or province, when the profile gives one.
    pub region: Option<String>,
    /// Not printed (the key facts say what the profile shows), so optional.
    pub population: Option<u64>,
    /// Year of the population figure; not after the edition year, when the edition is dated.
    pub population_year: Option<i32>,
    /// Land area in square kilometres; not printed.
    pub area_km2: Option<f64>,
    /// Where the city centre lies; not printed.
    pub coordinates: Option<Coordinates>,
    /// Figures for the key-facts panel, usually 5 to 7; none yet in an early draft.
    pub key_facts: Vec<KeyFact>,
}

/// A position in decimal degrees (0, 0 is warned about as a placeholder left in).
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Coordinates {
    /// Latitude, −90 to 90, north positive.
    pub lat: f64,
    /// Longitude, −180 to 180, east positive.
    pub lon: f64,
}

/// One figure of the key-facts panel, each part printed as the editors wrote it.
#[derive(Debug, Clone, Serialize)]
pub struct KeyFact {
    /// What the figure is, e.g. "Population (2024)".
    pub label: String,
    /// The figure with its unit, printed large, e.g. "118.6 km²".
    pub value: String,
    /// Where the figure comes from, printed beneath it.
    pub source: String,
}

/// A calendar date, as written in `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Date {
    /// Year, e.g. 2026.
    pub year: i32,
    /// Month, 1 to 12.
    pub month: u8,
    /// Day of the month, from 1 to the month's last day.
    pub day: u8,
}

impl Date {
    /// Reads `YYYY-MM-DD`; `None` for any other form or a day the calendar does not have.
    pub fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let (year, month, day): (i32, u8, u8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
        let date = Date { year, month, day };
        ((1..=12).contains(&month) && (1..=date.days_in_month()).contains(&day)).then_some(date)
    }

    fn days_in_month(self) -> u8 {
        let leap = (self.year % 4 == 0 && self.year % 100 != 0) || self.year % 400 == 0;
        match self.month {
            2 if leap => 29,
            2 => 28,
            4 | 6 | 9 | 11 => 30,
            _ => 31,
        }
    }

    /// The date `days` after 1970-01-01 in the proleptic Gregorian calendar: today's date from
    /// the system clock, and spreadsheet dates, without a date library. The method is the
    /// usual one: count in 400-year eras of 146 097 days, with years starting on 1 March so
    /// that the leap day falls at the end.
    pub fn from_days_since_1970(days: i64) -> Date {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let day_of_era = z.rem_euclid(146_097);
        let year_of_era =
            (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
        let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
        let month_from_march = (5 * day_of_year + 2) / 153;
        let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u8;
        let month = if month_from_march < 10 {
            month_from_march + 3
        } else {
            month_from_march - 9
        } as u8;
        let year = year_of_era + era * 400 + i64::from(month <= 2);
        Date {
            year: year as i32,
            month,
            day,
        }
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// Whether the edition goes out for comments or is the published text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Status {
    /// Marked DRAFT, with the draft line in every page foot; text not written yet prints as a
    /// placeholder (a warning).
    Draft,
    /// The published text: text not written yet is an error, and there are no change bars.
    Final,
}

/// The edition: a numbered draft or the final text.
#[derive(Debug, Clone, Serialize)]
pub struct Edition {
    /// The publication's title, by default `Smart Sustainable City Profile: <name>`.
    pub title: String,
    /// Draft or final; a profile that does not say is a draft.
    pub status: Status,
    /// Draft round, present for drafts.
    pub draft: Option<u32>,
    /// Edition date; also the PDF creation date, which keeps rebuilds byte-identical. A first
    /// draft made before the edition block was written has none ("undated").
    pub date: Option<Date>,
    /// Who prepared the profile, printed on the front matter and set as the PDF's authors;
    /// empty when not written yet (a gap).
    pub authors: Vec<String>,
    /// The UN document symbol, e.g. `ECE/HBP/230`, printed on the front matter and page feet.
    pub document_symbol: Option<String>,
    /// ISBN-13 with hyphens, as written; its check digit has been verified.
    pub isbn: Option<String>,
    /// The KPI verification this profile rests on; not yet known in an early draft.
    pub verification: Option<Verification>,
}

impl Edition {
    /// The date the typesetter is given as "today": the edition date, or a fixed stand-in for
    /// an undated draft, so that output never depends on the clock.
    pub fn typeset_date(&self) -> Date {
        self.date.unwrap_or(Date {
            year: 1970,
            month: 1,
            day: 1,
        })
    }
}

/// The independent verification of the city's U4SSC KPI data, named in the front matter and
/// the KPI section.
#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    /// Who verified the data, e.g. a national standards institute.
    pub verifier: String,
    /// `YYYY-MM` or `YYYY-MM-DD`, as written.
    pub date: String,
    /// The verification report's title.
    pub report: String,
}

/// Narrative text: a small Markdown subset, parsed into blocks. It is data and is only ever
/// rendered as text by the template.
#[derive(Debug, Clone, Default, Serialize)]
#[serde(transparent)]
pub struct Narrative(pub Vec<Block>);

/// A paragraph or list of narrative text.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Block {
    /// A paragraph of inline text.
    Para(Vec<Inline>),
    /// A bullet or numbered list; each item is a list of blocks.
    List {
        /// True for a numbered list (`1. `), false for bullets (`- ` or `* `).
        ordered: bool,
        /// The items in order, each its own blocks (a nested list among them).
        items: Vec<Vec<Block>>,
    },
}

/// A run of text inside a paragraph.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Inline {
    /// Plain text, never run as markup: `#`, `$` or `<` print as typed.
    Text(String),
    /// Emphasis, written `*words*` or `_words_`.
    Emph(Vec<Inline>),
    /// Strong emphasis, written `**words**`.
    Strong(Vec<Inline>),
    /// A working link; what prints is its body (the address itself for `<https://…>`).
    Link {
        /// The address, starting `https://`, `http://` or `mailto:`.
        url: String,
        /// The text that carries the link.
        body: Vec<Inline>,
    },
    /// A hard line break inside the paragraph (Markdown's two spaces or `\` at a line end).
    Br,
}

impl Narrative {
    /// The plain text, for counting words and for alt text.
    pub fn plain_text(&self) -> String {
        fn inlines(out: &mut String, items: &[Inline]) {
            for item in items {
                match item {
                    Inline::Text(t) => out.push_str(t),
                    Inline::Emph(b) | Inline::Strong(b) | Inline::Link { body: b, .. } => {
                        inlines(out, b)
                    }
                    Inline::Br => out.push(' '),
                }
            }
        }
        fn blocks(out: &mut String, items: &[Block]) {
            for block in items {
                match block {
                    Block::Para(i) => inlines(out, i),
                    Block::List { items, .. } => items.iter().for_each(|b| blocks(out, b)),
                }
                out.push('\n');
            }
        }
        let mut out = String::new();
        blocks(&mut out, &self.0);
        out
    }

    /// Words in the plain text: what the good-practice length check (60 to 160) counts.
    pub fn word_count(&self) -> usize {
        self.plain_text().split_whitespace().count()
    }

    /// The text with at least `chars` characters cut from its end, whole words at a time
    /// (blocks left empty go); `None` if it has fewer. What the overflow message tries before
    /// it names a field to shorten.
    pub fn cut_from_end(&self, chars: usize) -> Option<Narrative> {
        fn inlines(items: &mut Vec<Inline>, left: &mut usize) {
            while *left > 0 {
                let Some(last) = items.last_mut() else { return };
                match last {
                    Inline::Text(t) => {
                        let kept = t.trim_end().len();
                        match t[..kept].rfind(char::is_whitespace) {
                            Some(at) => {
                                *left = left.saturating_sub(t[at..].chars().count());
                                t.truncate(at);
                            }
                            None => {
                                *left = left.saturating_sub(t.chars().count());
                                items.pop();
                            }
                        }
                    }
                    Inline::Emph(b) | Inline::Strong(b) | Inline::Link { body: b, .. } => {
                        inlines(b, left);
                        if b.is_empty() {
                            items.pop();
                        }
                    }
                    Inline::Br => {
                        items.pop();
                    }
                }
            }
        }
        fn blocks(items: &mut Vec<Block>, left: &mut usize) {
            while *left > 0 {
                let Some(last) = items.last_mut() else { return };
                let empty = match last {
                    Block::Para(i) => {
                        inlines(i, left);
                        i.is_empty()
                    }
                    Block::List { items: entries, .. } => {
                        while *left > 0 {
                            let Some(entry) = entries.last_mut() else {
                                break;
                            };
                            blocks(entry, left);
                            if entry.is_empty() {
                                entries.pop();
                            }
                        }
                        entries.is_empty()
                    }
                };
                if empty {
                    items.pop();
                }
            }
        }
        if self.plain_text().trim().chars().count() <= chars {
            return None;
        }
        let mut cut = self.clone();
        let mut left = chars;
        blocks(&mut cut.0, &mut left);
        Some(cut)
    }
}

/// The city's survey answers.
#[derive(Debug, Clone, Serialize)]
pub struct Survey {
    /// The city's location and its social, economic and environmental context; empty when
    /// not written yet (a gap), as for every narrative and list here.
    pub context: Narrative,
    /// The legal and institutional framework for urban development.
    pub legal_framework: Narrative,
    /// Progress in implementing the 2030 Agenda.
    pub agenda_2030: Narrative,
    /// Short statements of what the city has achieved, usually 3 to 6, printed with the
    /// 2030 Agenda.
    pub key_achievements: Vec<Narrative>,
    /// What the city reported for society and culture, environment and economy.
    pub areas: Areas,
    /// The main challenges for sustainable development and evidence-based policy-making.
    pub challenges: Narrative,
    /// The main opportunities the city can build on.
    pub opportunities: Narrative,
    /// How the city finances its projects, and its main financing gaps and opportunities.
    pub finance: Narrative,
    /// The sources the city cites for its answers, listed on the back cover.
    pub sources: Vec<Source>,
}

/// The three areas of a profile, in the order the profile prints them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Area {
    /// Society and culture.
    Society,
    /// The environment.
    Environment,
    /// The economy.
    Economy,
}

impl Area {
    /// Every area, in print order.
    pub const ALL: [Area; 3] = [Area::Society, Area::Environment, Area::Economy];

    /// The area's key in `profile.json`: under `/survey/areas` and as a good practice's `area`.
    pub fn key(self) -> &'static str {
        match self {
            Area::Society => "society",
            Area::Environment => "environment",
            Area::Economy => "economy",
        }
    }

    /// The area's section heading, as the profile prints it.
    pub fn title(self) -> &'static str {
        match self {
            Area::Society => "Society and culture",
            Area::Environment => "Environment",
            Area::Economy => "Economy",
        }
    }

    /// Prefix of the reference ids of this area's activities (`SC3`), after the U4SSC codes.
    pub fn prefix(self) -> &'static str {
        match self {
            Area::Society => "SC",
            Area::Environment => "EN",
            Area::Economy => "EC",
        }
    }

    /// The U4SSC dimension whose results belong with this area.
    pub fn dimension(self) -> &'static str {
        match self {
            Area::Society => "Society and Culture",
            Area::Environment => "Environment",
            Area::Economy => "Economy",
        }
    }
}

/// The city's answers for each of the three areas.
#[derive(Debug, Clone, Serialize)]
pub struct Areas {
    /// Society and culture.
    pub society: AreaAnswers,
    /// The environment.
    pub environment: AreaAnswers,
    /// The economy.
    pub economy: AreaAnswers,
}

impl Areas {
    /// The answers for one area, for code that goes through [`Area::ALL`].
    pub fn get(&self, area: Area) -> &AreaAnswers {
        match area {
            Area::Society => &self.society,
            Area::Environment => &self.environment,
            Area::Economy => &self.economy,
        }
    }
}

/// What the city reported for one area.
#[derive(Debug, Clone, Serialize)]
pub struct AreaAnswers {
    /// Key achievements in the area; empty when not written yet (a gap).
    pub achievements: Narrative,
    /// Its key policies, programmes, projects and partnerships, 0 to 8 (no table without any);
    /// entries still holding the skeleton's guidance are left out.
    pub activities: Vec<Activity>,
}

/// What sort of undertaking an activity is, printed in its table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivityKind {
    /// A policy the city has adopted.
    Policy,
    /// A programme: a line of work that may span several projects.
    Programme,
    /// A project with its own scope and period.
    Project,
    /// A partnership with other organisations.
    Partnership,
}

/// Where an activity stands at the edition date, printed in its table row.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ActivityStatus {
    /// Finished: its period may not end after the edition year.
    Past,
    /// Under way; its period may reach past the edition year.
    Ongoing,
    /// Not started yet; its period may lie in the future.
    Planned,
}

/// A key policy, programme, project or partnership.
#[derive(Debug, Clone, Serialize)]
pub struct Activity {
    /// Reference id, e.g. `EN2`: the area's prefix and the activity's place in its table.
    pub id: String,
    /// The activity's name, as the table prints it.
    pub name: String,
    /// Policy, programme, project or partnership.
    pub kind: ActivityKind,
    /// When it runs, as written: `2019–2024`, `since 2021`, `2027` (years from 1900).
    pub period: String,
    /// Past, ongoing or planned.
    pub status: ActivityStatus,
    /// One or two sentences, with the narrative subset (emphasis, links).
    pub summary: Narrative,
    /// The Sustainable Development Goals it serves, numbers 1 to 17, printed as their squares.
    pub sdgs: Vec<u8>,
    /// KPI codes (normalised to the catalogue's spelling) or category names it addresses.
    pub related: Vec<String>,
}

/// The editors' own text.
#[derive(Debug, Clone, Serialize)]
pub struct Showcase {
    /// Sentences on what the results and the survey show, usually 3 to 5, for page 3; empty
    /// when not written yet (a gap).
    pub key_messages: Vec<Narrative>,
    /// Practices worth sharing, at most two per area, printed in their area's section.
    pub good_practices: Vec<GoodPractice>,
    /// Usually 1 to 12, printed after the challenges and opportunities; empty when not
    /// written yet (a gap).
    pub recommendations: Vec<Recommendation>,
}

/// A practice of the city's worth sharing with other cities, printed in a box in its area.
#[derive(Debug, Clone, Serialize)]
pub struct GoodPractice {
    /// Reference id, e.g. `EN-GP`.
    pub id: String,
    /// The heading of its box.
    pub title: String,
    /// The area whose section shows it.
    pub area: Area,
    /// The Sustainable Development Goals it serves, numbers 1 to 17.
    pub sdgs: Vec<u8>,
    /// Partner organisations, printed after "Partners:"; empty, the line is left out.
    pub partners: Vec<String>,
    /// The practice told for readers in other cities, usually 60 to 160 words.
    pub text: Narrative,
    /// KPI codes (normalised to the catalogue's spelling) or category names it addresses.
    pub related: Vec<String>,
    /// Where the practice is documented, when the editors cite it.
    pub source: Option<Source>,
    /// A picture of the practice, printed in its box.
    pub picture: Option<Picture>,
}

/// What a recommendation is about, printed in capitals at its head: one of the three areas,
/// or one of two themes that run across them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum RecommendationArea {
    /// Society and culture.
    Society,
    /// The environment.
    Environment,
    /// The economy.
    Economy,
    /// Governance, across the three areas.
    Governance,
    /// Data and evidence for policy-making, printed "Data and evidence".
    Data,
}

/// How urgent a recommendation is, printed at its head ("High priority").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Priority {
    /// Printed "High priority".
    High,
    /// Printed "Medium priority".
    Medium,
    /// Printed "Low priority".
    Low,
}

/// When a recommendation should bear fruit, printed at its head ("short term").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Horizon {
    /// Short term.
    Short,
    /// Medium term.
    Medium,
    /// Long term.
    Long,
}

/// One of the editors' recommendations to the city.
#[derive(Debug, Clone, Serialize)]
pub struct Recommendation {
    /// A short title, as UN recommendations usually have.
    pub title: Option<String>,
    /// The area or theme it belongs to.
    pub area: RecommendationArea,
    /// What the city should do, how and by when, usually one or two sentences.
    pub text: Narrative,
    /// How urgent it is; none leaves it out of the head line.
    pub priority: Option<Priority>,
    /// Its time frame; none leaves it out of the head line.
    pub horizon: Option<Horizon>,
}

/// The publications the profile refers to, listed on the back cover.
#[derive(Debug, Clone, Serialize)]
pub struct References {
    /// UNECE and U4SSC flagship publications, printed first; empty when not written yet (a gap).
    pub flagship: Vec<Source>,
    /// Other references, printed after them; may be empty.
    pub other: Vec<Source>,
}

/// A cited source or reference.
#[derive(Debug, Clone, Serialize)]
pub struct Source {
    /// The citation as printed, e.g. author, title, place: publisher.
    pub text: String,
    /// Web address (`http://` or `https://`), printed as a link after the citation.
    pub url: Option<String>,
    /// Year of publication, printed in brackets after the text.
    pub year: Option<i32>,
}

/// The profile's optional pictures.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Images {
    /// Photo for the cover band; without one the band is a graphic in the accent colour.
    pub cover: Option<Picture>,
    /// The city's logo or coat of arms: read and checked, not yet printed.
    pub logo: Option<Picture>,
    /// Pictures of the city for its sections, in the order given.
    pub sections: Vec<SectionPicture>,
}

/// Where in the profile a section picture belongs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum PicturePlace {
    /// Under the key messages, on page 3.
    #[serde(rename = "key-messages")]
    KeyMessages,
    /// In the section on the city and its context.
    Context,
    /// In the 2030 Agenda section.
    Agenda,
    /// In the society and culture section.
    Society,
    /// In the environment section.
    Environment,
    /// In the economy section.
    Economy,
    /// In the challenges and opportunities, after the recommendations.
    Outlook,
}

impl PicturePlace {
    /// Every place, with the name `images.sections[].place` gives it, in print order.
    pub const ALL: [(&'static str, PicturePlace); 7] = [
        ("key-messages", PicturePlace::KeyMessages),
        ("context", PicturePlace::Context),
        ("agenda", PicturePlace::Agenda),
        ("society", PicturePlace::Society),
        ("environment", PicturePlace::Environment),
        ("economy", PicturePlace::Economy),
        ("outlook", PicturePlace::Outlook),
    ];
}

/// A picture for one section of the profile.
#[derive(Debug, Clone, Serialize)]
pub struct SectionPicture {
    /// The section it belongs in.
    pub place: PicturePlace,
    /// The picture itself, its fields beside `place` in the data document.
    #[serde(flatten)]
    pub picture: Picture,
}

/// A checked picture from the city folder.
#[derive(Debug, Clone, Serialize)]
pub struct Picture {
    /// Path relative to the city folder, as written.
    pub file: String,
    /// The line printed under a section picture.
    pub caption: Option<String>,
    /// Who took the picture, printed as "Photo: …".
    pub credit: Option<String>,
    /// Alternative text for the PDF's structure tree (PDF/UA): what a screen reader says.
    pub alt: String,
    /// Width in pixels, as decoded; what limits the placed size to 300 ppi.
    pub width: u32,
    /// Height in pixels, as decoded.
    pub height: u32,
    /// File contents, handed to the typesetter as a virtual file.
    #[serde(skip)]
    pub bytes: Vec<u8>,
}

#[cfg(test)]
mod tests {
    use super::{Block, Date, Inline, Narrative};

    fn date(year: i32, month: u8, day: u8) -> Date {
        Date { year, month, day }
    }

    #[test]
    fn days_since_1970_become_calendar_dates() {
        assert_eq!(Date::from_days_since_1970(0), date(1970, 1, 1));
        assert_eq!(Date::from_days_since_1970(-1), date(1969, 12, 31));
        assert_eq!(Date::from_days_since_1970(11_016), date(2000, 2, 29));
        assert_eq!(Date::from_days_since_1970(11_017), date(2000, 3, 1));
        assert_eq!(Date::from_days_since_1970(19_782), date(2024, 2, 29));
        assert_eq!(Date::from_days_since_1970(20_818), date(2026, 12, 31));
    }

    #[test]
    fn only_real_days_parse() {
        assert_eq!(Date::parse("2024-02-29"), Some(date(2024, 2, 29)));
        assert_eq!(Date::parse("2026-02-29"), None);
        assert_eq!(Date::parse("2026-04-31"), None);
        assert_eq!(Date::parse("20-11-2026"), None);
        assert_eq!(Date::parse("2026-1-05"), None);
    }

    #[test]
    fn a_narrative_is_cut_from_its_end_by_whole_words() {
        let text = |t: &str| Inline::Text(t.into());
        let narrative = Narrative(vec![
            Block::Para(vec![text("The port and the railway.")]),
            Block::List {
                ordered: false,
                items: vec![
                    vec![Block::Para(vec![text("one item")])],
                    vec![Block::Para(vec![
                        text("a "),
                        Inline::Strong(vec![text("strong")]),
                        text(" end"),
                    ])],
                ],
            },
        ]);
        // " end" and "strong": 10 characters, whole words.
        let cut = narrative.cut_from_end(9).unwrap();
        assert_eq!(
            cut.plain_text(),
            "The port and the railway.\none item\na \n\n"
        );
        // Then "a " too, and the item it leaves empty goes; the first stays whole.
        let cut = narrative.cut_from_end(11).unwrap();
        assert_eq!(cut.plain_text(), "The port and the railway.\none item\n\n");
        // Into the paragraph: the list goes, then "railway." and " the".
        let cut = narrative.cut_from_end(30).unwrap();
        assert_eq!(cut.plain_text(), "The port and\n");
        // No more than it has.
        assert!(narrative.cut_from_end(500).is_none());
    }
}
