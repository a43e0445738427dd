//! The web edition: one self-contained, accessible HTML file of the profile, written beside the
//! PDF from the same data in the same build. It is written here, from the model, the scored
//! results and the files the template reads (the chart SVGs), rather than by Typst's HTML
//! export: the template's page plan, balanced columns and fixed pages mean nothing on a
//! screen, and target-aware rules in the template would put the print layout at risk.
//!
//! Everything goes through the writer in `writer.rs`, whose one escaping function
//! ([`escape`]) every text and attribute value passes; links are written only for `http`,
//! `https` and `mailto`. The content follows the PDF's reading order and wording (its gaps
//! print the same placeholders), so the PDF's text is in the HTML.

mod kpis;
mod style;
mod writer;

pub use writer::{escape, has_event_attribute, safe_url};

use crate::format;
use crate::input::CityFolder;
use crate::kpi::{KpiResults, Outcome};
use crate::model::{
    Block, CityProfile, Gap, Inline, Narrative, Picture, Priority, RecommendationArea, Source,
    Status,
};
use crate::typeset::ProfileFiles;
use writer::Writer;

/// The sections of the profile as the table of contents lists them: id and heading.
const SECTIONS: [(&str, &str); 13] = [
    ("about", "About this profile"),
    ("key-messages", "Key messages"),
    ("context", "The city and its context"),
    ("legal-framework", "Legal and institutional framework"),
    ("agenda", "The 2030 Agenda"),
    ("society", "Society and culture"),
    ("environment", "Environment"),
    ("economy", "Economy"),
    ("kpi-verification", "KPI verification"),
    ("outlook", "Challenges and opportunities"),
    ("recommendations", "Recommendations"),
    ("references", "References and sources"),
    ("summary", "About this edition"),
];

/// The HTML edition of a profile: the city as read, its scored results, and the files the
/// template reads (for the charts' SVG, the same bytes the PDF draws). `kpi_page` is the PDF
/// page the KPI verification starts on, which the areas' summaries name as the PDF does. The
/// same inputs give the same bytes.
pub fn profile(
    city: &CityFolder,
    results: &KpiResults,
    files: &ProfileFiles,
    kpi_page: Option<usize>,
) -> Vec<u8> {
    let document = files
        .files
        .iter()
        .find(|(path, _)| path == crate::typeset::document::DATA_PATH)
        .and_then(|(_, bytes)| serde_json::from_slice(bytes.as_slice()).ok())
        .unwrap_or(serde_json::Value::Null);
    let mut page = Page {
        w: Writer::default(),
        p: &city.profile,
        results,
        files,
        document,
        figures: 0,
        kpi_page,
    };
    page.write();
    page.w.finish()
}

/// The page being written, and what it is written from.
struct Page<'a> {
    w: Writer,
    p: &'a CityProfile,
    results: &'a KpiResults,
    files: &'a ProfileFiles,
    /// The data document the template reads (`data/profile.json`): the charts' paths and alt.
    document: serde_json::Value,
    /// Figures written so far, for their ids.
    figures: usize,
    /// The PDF page the KPI verification starts on.
    kpi_page: Option<usize>,
}

/// The counts the template prints (`kpi.counts` of the data document).
struct Counts {
    total: usize,
    reported: usize,
    scored: usize,
}

impl<'a> Page<'a> {
    fn counts(&self) -> Counts {
        let r = self.results;
        Counts {
            total: r.rows.len(),
            reported: r.count(|row| row.outcome != Outcome::NotReported),
            scored: r.count(|row| matches!(row.outcome, Outcome::Scored { .. })),
        }
    }

    fn draft(&self) -> bool {
        self.p.edition.status == Status::Draft
    }

    /// "Draft 2 · 20 November 2026", or the date alone for a final edition.
    fn status_line(&self) -> String {
        self.document["text"]["status_line"]
            .as_str()
            .map(str::to_string)
            .unwrap_or_else(|| format::edition_date(self.p.edition.date))
    }

    fn year(&self) -> String {
        self.p
            .edition
            .date
            .map_or("undated".to_string(), |d| d.year.to_string())
    }

    fn gap(&self, pointer: &str) -> Option<&'a Gap> {
        self.p.gaps.iter().find(|g| g.pointer == pointer)
    }

    fn write(&mut self) {
        let p = self.p;
        self.w.own("<!DOCTYPE html>\n");
        self.w.open("html", &[("lang", Some("en"))]);
        self.w.own("\n");
        self.w.open("head", &[]);
        self.w.void("meta", &[("charset", Some("utf-8"))]);
        self.w.void(
            "meta",
            &[
                ("name", Some("viewport")),
                ("content", Some("width=device-width, initial-scale=1")),
            ],
        );
        let description = format!(
            "Smart Sustainable City Profile of {}, {}: context, progress on the 2030 Agenda, U4SSC KPI verification results and recommendations.",
            p.city.name, p.city.country
        );
        self.w.void(
            "meta",
            &[
                ("name", Some("description")),
                ("content", Some(&description)),
            ],
        );
        self.w.void(
            "meta",
            &[
                ("name", Some("generator")),
                ("content", Some(concat!("sscp ", env!("CARGO_PKG_VERSION")))),
            ],
        );
        let title = if self.draft() {
            format!("{} ({})", p.edition.title, self.status_line())
        } else {
            p.edition.title.clone()
        };
        self.w.element("title", &[], &title);
        self.w.style(&style::style_sheet());
        self.w.close("head");
        self.w.open("body", &[]);
        self.w.element(
            "a",
            &[("class", Some("skip")), ("href", Some("#main"))],
            "Skip to the content",
        );
        self.w.open("div", &[("class", Some("page"))]);
        self.cover();
        self.contents();
        self.w
            .open("main", &[("id", Some("main")), ("tabindex", Some("-1"))]);
        self.about();
        self.key_messages();
        self.context();
        self.agenda();
        for area in crate::model::Area::ALL {
            self.area(area);
        }
        self.kpi_verification();
        self.outlook();
        self.references();
        self.w.close("main");
        self.back();
        self.w.close("div");
        self.w.close("body");
        self.w.close("html");
    }

    // ---- Building blocks ------------------------------------------------------------------

    fn section(&mut self, id: &'static str) {
        let heading = SECTIONS
            .iter()
            .find(|(key, _)| *key == id)
            .map_or("", |(_, h)| *h);
        let label = format!("{id}-title");
        self.w.open(
            "section",
            &[("id", Some(id)), ("aria-labelledby", Some(&label))],
        );
        self.w.element("h2", &[("id", Some(&label))], heading);
    }

    fn placeholder(&mut self, gap: &Gap) {
        self.w
            .element("p", &[("class", Some("placeholder"))], &gap.text);
    }

    fn inlines(&mut self, items: &[Inline]) {
        for item in items {
            match item {
                Inline::Text(t) => self.w.text(t),
                Inline::Emph(b) => {
                    self.w.open("em", &[]);
                    self.inlines(b);
                    self.w.close("em");
                }
                Inline::Strong(b) => {
                    self.w.open("strong", &[]);
                    self.inlines(b);
                    self.w.close("strong");
                }
                Inline::Link { url, body } => {
                    let safe = writer::safe_url(url);
                    if safe {
                        self.w.open("a", &[("href", Some(url))]);
                    }
                    self.inlines(body);
                    if safe {
                        self.w.close("a");
                    }
                }
                Inline::Br => self.w.void("br", &[]),
            }
        }
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for block in blocks {
            match block {
                Block::Para(items) => {
                    self.w.open("p", &[]);
                    self.inlines(items);
                    self.w.close("p");
                }
                Block::List { ordered, items } => {
                    let tag = if *ordered { "ol" } else { "ul" };
                    self.w.open(tag, &[]);
                    for item in items {
                        self.w.open("li", &[]);
                        // A one-paragraph item is its text, not a paragraph inside an item.
                        match item.as_slice() {
                            [Block::Para(inline)] => self.inlines(inline),
                            _ => self.blocks(item),
                        }
                        self.w.close("li");
                    }
                    self.w.close(tag);
                }
            }
        }
    }

    /// A narrative inside an element that already is its block (a list item, a cell).
    fn narrative_inline(&mut self, narrative: &Narrative) {
        match narrative.0.as_slice() {
            [Block::Para(inline)] => self.inlines(inline),
            blocks => self.blocks(blocks),
        }
    }

    /// A narrative field, or its placeholder in a draft that does not have it yet.
    fn narrative_field(&mut self, pointer: &str, narrative: &Narrative) {
        match self.gap(pointer) {
            Some(gap) => self.placeholder(gap),
            None => self.blocks(&narrative.0),
        }
    }

    fn sdgs(&mut self, goals: &[u8]) {
        if goals.is_empty() {
            return;
        }
        self.w.open("span", &[("class", Some("sdgs"))]);
        for (i, goal) in goals.iter().enumerate() {
            if i > 0 {
                self.w.text(" ");
            }
            let class = format!("sdg sdg-{}", goal.clamp(&1, &17));
            self.w.open("span", &[("class", Some(&class))]);
            self.w
                .element("span", &[("class", Some("visually-hidden"))], "SDG ");
            self.w.text(&goal.to_string());
            self.w.close("span");
        }
        self.w.close("span");
    }

    fn next_figure(&mut self) -> String {
        self.figures += 1;
        format!("figure-{}", self.figures)
    }

    /// A picture as a `data:` address, with its alt text, caption and credit.
    fn picture(&mut self, picture: &Picture) {
        let mime = if picture.bytes.starts_with(b"\x89PNG") {
            "image/png"
        } else {
            "image/jpeg"
        };
        let src = format!("data:{mime};base64,{}", writer::base64(&picture.bytes));
        let (width, height) = (picture.width.to_string(), picture.height.to_string());
        self.w.open("figure", &[]);
        self.w.void(
            "img",
            &[
                ("src", Some(&src)),
                ("alt", Some(&picture.alt)),
                ("width", Some(&width)),
                ("height", Some(&height)),
                ("loading", Some("lazy")),
            ],
        );
        if picture.caption.is_some() || picture.credit.is_some() {
            self.w.open("figcaption", &[]);
            if let Some(caption) = &picture.caption {
                self.w.text(caption);
            }
            if let Some(credit) = &picture.credit {
                if picture.caption.is_some() {
                    self.w.text(" · ");
                }
                self.w.element(
                    "span",
                    &[("class", Some("credit"))],
                    &format!("Photo: {credit}"),
                );
            }
            self.w.close("figcaption");
        }
        self.w.close("figure");
    }

    fn section_pictures(&mut self, place: &str) {
        let p = self.p;
        for section in &p.images.sections {
            let name = serde_json::to_value(section.place).unwrap_or_default();
            if name.as_str() == Some(place) {
                self.picture(&section.picture);
            }
        }
    }

    fn source(&mut self, s: &Source) {
        let t = s.text.trim();
        if let Some(year) = s.year {
            self.w.text(t.strip_suffix('.').unwrap_or(t));
            self.w.text(&format!(" ({year})"));
            if let Some(url) = &s.url {
                self.w.text(". ");
                self.w.link(url, url);
            }
        } else {
            self.w.text(t);
            if let Some(url) = &s.url {
                let ends = t.ends_with('.') || t.ends_with('?') || t.ends_with('!');
                self.w.text(if ends { " " } else { ". " });
                self.w.link(url, url);
            }
        }
    }

    fn sources(&mut self, sources: &[Source]) {
        if sources.is_empty() {
            return;
        }
        self.w.open("ul", &[("class", Some("sources"))]);
        for s in sources {
            self.w.open("li", &[]);
            self.source(s);
            self.w.close("li");
        }
        self.w.close("ul");
    }

    // ---- The sections, in the PDF's order ---------------------------------------------------

    fn cover(&mut self) {
        let p = self.p;
        self.w.open("header", &[("class", Some("cover"))]);
        self.w.element(
            "p",
            &[("class", Some("kicker"))],
            "United Nations Economic Commission for Europe",
        );
        self.w.element("h1", &[], &p.edition.title);
        self.w
            .element("p", &[("class", Some("city"))], &p.city.name);
        if let Some(local) = p.city.local_name.as_ref().filter(|l| **l != p.city.name) {
            self.w.element("p", &[("class", Some("local"))], local);
        }
        self.w.element("p", &[], &p.city.country);
        self.w.open("p", &[]);
        self.w.text(&self.year());
        if p.sample_data {
            self.w.text(" · ");
            self.w
                .element("strong", &[], "Sample data for demonstration");
        }
        self.w.close("p");
        if self.draft() {
            let mark = format!("{} · not for citation", self.status_line());
            self.w.element("p", &[("class", Some("draft-mark"))], &mark);
        }
        if let Some(cover) = &p.images.cover {
            self.picture(cover);
        }
        self.w.close("header");
    }

    fn contents(&mut self) {
        self.w.open("nav", &[("aria-label", Some("Contents"))]);
        self.w
            .element("h2", &[("class", Some("kicker"))], "Contents");
        self.w.open("ol", &[]);
        for (id, heading) in SECTIONS {
            let href = format!("#{id}");
            self.w.open("li", &[]);
            self.w.element("a", &[("href", Some(&href))], heading);
            self.w.close("li");
        }
        self.w.close("ol");
        self.w.close("nav");
    }

    fn about(&mut self) {
        let p = self.p;
        let c = self.counts();
        self.section("about");
        self.w.element("p", &[], "Smart Sustainable City Profiles show how a city is progressing towards the 2030 Agenda for Sustainable Development and where it can act next. Each profile combines three sources: the city's own answers to the UNECE city survey; the independent verification of the United for Smart Sustainable Cities (U4SSC) Key Performance Indicators; and the analysis of UNECE experts, with good practices worth sharing and recommendations for evidence-based policy-making.");
        self.w.element("p", &[], &format!("This profile of {} rests on 91 KPIs, reported as {} results once multi-part indicators are counted by data point. {} of them were reported, and {} could be scored against a U4SSC benchmark. Scores place each result in one of four bands of its target; they give context to the data and are meant to be read together with the city's own goals.", p.city.name, c.total, c.reported, c.scored));
        self.w.element("p", &[], "The profile follows the structure of the survey: the city and its context, its legal and institutional framework, its progress on the 2030 Agenda, and its policies, programmes, projects and partnerships in three areas — society and culture, environment, and economy — before turning to the KPI results, the challenges and opportunities ahead, and recommendations.");
        // The path from survey to publication, with this edition's step marked.
        let e = &p.edition;
        let current = match (e.status, e.draft) {
            (Status::Final, _) => 4,
            (_, Some(1)) => 2,
            _ => 3,
        };
        let verified = match &e.verification {
            Some(v) => format!(
                "The city’s U4SSC KPI data is checked by an independent verifier ({}).",
                v.date
            ),
            None => "The city’s U4SSC KPI data is checked by an independent verifier.".into(),
        };
        let steps = [
            (
                "City survey",
                "The municipality answers the UNECE survey on its context, policies and plans."
                    .to_string(),
            ),
            ("KPI verification", verified),
            (
                "First draft",
                "UNECE drafts the profile from the survey, the KPI results and expert analysis."
                    .into(),
            ),
            (
                "Comments and revision",
                "The city reviews each draft; comments are answered in the next round.".into(),
            ),
            (
                "Publication",
                "The final profile is published in English and archived.".into(),
            ),
        ];
        self.w.element("h3", &[], "How this profile is made");
        self.w.open("ol", &[("class", Some("steps"))]);
        for (i, (title, text)) in steps.iter().enumerate() {
            let here = i == current;
            self.w.open(
                "li",
                &[
                    ("class", here.then_some("current")),
                    ("aria-current", here.then_some("step")),
                ],
            );
            self.w.open("strong", &[]);
            self.w.text(&format!("{} {title}", i + 1));
            if here {
                self.w.text(" · this edition");
            }
            self.w.close("strong");
            self.w.void("br", &[]);
            self.w.text(text);
            self.w.close("li");
        }
        self.w.close("ol");
        self.imprint();
        self.w.close("section");
    }

    fn imprint(&mut self) {
        let p = self.p;
        let e = &p.edition;
        self.w.element("h3", &[], "Imprint");
        self.w.open("dl", &[("class", Some("imprint"))]);
        let item = |w: &mut Writer, label: &str, value: &str| {
            w.element("dt", &[], label);
            w.element("dd", &[], value);
        };
        item(&mut self.w, "Title:", &e.title);
        if let Some(symbol) = &e.document_symbol {
            item(&mut self.w, "Document symbol:", symbol);
        }
        if let Some(isbn) = &e.isbn {
            item(&mut self.w, "ISBN:", isbn);
        }
        let status = self.status_line();
        item(&mut self.w, "Edition:", &status);
        let authors = if e.authors.is_empty() {
            "to be written".to_string()
        } else {
            e.authors.join(", ")
        };
        item(&mut self.w, "Prepared by:", &authors);
        let verification = match &e.verification {
            Some(v) => format!("{}, {} ({})", v.report, v.verifier, v.date),
            None => "to be written".into(),
        };
        item(&mut self.w, "KPI verification:", &verification);
        self.w.close("dl");
        self.w.element("p", &[("class", Some("note"))], "The designations employed and the presentation of the material in this publication do not imply the expression of any opinion whatsoever on the part of the Secretariat of the United Nations concerning the legal status of any country, territory, city or area, or of its authorities, or concerning the delimitation of its frontiers or boundaries.");
        if self.draft() {
            self.w.element(
                "p",
                &[("class", Some("note"))],
                "This is a draft for review by the city and is not for citation.",
            );
        }
        if p.sample_data {
            self.w.open("p", &[("class", Some("note"))]);
            self.w.element("strong", &[], "Sample data.");
            self.w.text(&format!(" All names, figures and statements about {} in this profile are invented to demonstrate the format.", p.city.name));
            self.w.close("p");
        }
    }

    fn key_messages(&mut self) {
        let p = self.p;
        self.section("key-messages");
        match self.gap("/showcase/key_messages") {
            Some(gap) => self.placeholder(gap),
            None => {
                self.w.open("ul", &[("class", Some("messages"))]);
                for message in &p.showcase.key_messages {
                    self.w.open("li", &[]);
                    self.narrative_inline(message);
                    self.w.close("li");
                }
                self.w.close("ul");
            }
        }
        self.section_pictures("key-messages");
        self.w.element("h3", &[], "Key facts");
        match self.gap("/city/key_facts") {
            Some(gap) => self.placeholder(gap),
            None => {
                self.w.open("ul", &[("class", Some("facts"))]);
                for fact in &p.city.key_facts {
                    self.w.open("li", &[]);
                    self.w
                        .element("span", &[("class", Some("value"))], &fact.value);
                    self.w
                        .element("span", &[("class", Some("label"))], &fact.label);
                    self.w
                        .element("span", &[("class", Some("source"))], &fact.source);
                    self.w.close("li");
                }
                self.w.close("ul");
            }
        }
        self.performance();
        self.w.close("section");
    }

    fn context(&mut self) {
        let s = &self.p.survey;
        self.section("context");
        self.narrative_field("/survey/context", &s.context);
        self.section_pictures("context");
        self.w.close("section");
        self.section("legal-framework");
        self.narrative_field("/survey/legal_framework", &s.legal_framework);
        self.w.close("section");
    }

    fn agenda(&mut self) {
        let s = &self.p.survey;
        self.section("agenda");
        self.narrative_field("/survey/agenda_2030", &s.agenda_2030);
        self.section_pictures("agenda");
        self.w.element("h3", &[], "Key achievements");
        match self.gap("/survey/key_achievements") {
            Some(gap) => self.placeholder(gap),
            None => {
                self.w.open("ol", &[("class", Some("panel achievements"))]);
                for achievement in &s.key_achievements {
                    self.w.open("li", &[]);
                    self.narrative_inline(achievement);
                    self.w.close("li");
                }
                self.w.close("ol");
            }
        }
        self.progress();
        self.w.close("section");
    }

    fn area(&mut self, area: crate::model::Area) {
        let p = self.p;
        let key = area.key();
        let answers = p.survey.areas.get(area);
        self.section(key);
        self.w.element("h3", &[], "Key achievements");
        self.narrative_field(
            &format!("/survey/areas/{key}/achievements"),
            &answers.achievements,
        );
        self.section_pictures(key);
        for practice in p.showcase.good_practices.iter().filter(|g| g.area == area) {
            self.w.open("div", &[("class", Some("practice"))]);
            self.w.element(
                "p",
                &[("class", Some("kicker"))],
                &format!("Good practice · {}", practice.id),
            );
            self.w.element("h4", &[], &practice.title);
            if !practice.sdgs.is_empty() {
                self.w.open("p", &[]);
                self.sdgs(&practice.sdgs);
                self.w.close("p");
            }
            if let Some(picture) = &practice.picture {
                self.picture(picture);
            }
            self.blocks(&practice.text.0);
            if !practice.partners.is_empty() {
                self.w.open("p", &[("class", Some("note"))]);
                self.w.element("strong", &[], "Partners:");
                self.w.text(&format!(" {}", practice.partners.join(", ")));
                self.w.close("p");
            }
            if let Some(source) = &practice.source {
                self.w.open("p", &[("class", Some("note"))]);
                self.w.element("strong", &[], "Source:");
                self.w.text(" ");
                self.source(source);
                self.w.close("p");
            }
            self.w.close("div");
        }
        if !answers.activities.is_empty() {
            self.w
                .element("h3", &[], "Policies, programmes, projects and partnerships");
            let name = format!(
                "Policies, programmes, projects and partnerships: {}",
                area.title()
            );
            self.scroller(&name);
            self.w.open("table", &[]);
            self.w.element(
                "caption",
                &[("class", Some("visually-hidden"))],
                &format!(
                    "Policies, programmes, projects and partnerships: {}",
                    area.title()
                ),
            );
            self.w.open("thead", &[]);
            self.w.open("tr", &[]);
            for head in ["Ref.", "Name", "Type and period", "SDGs", "Summary"] {
                self.w.element("th", &[("scope", Some("col"))], head);
            }
            self.w.close("tr");
            self.w.close("thead");
            self.w.open("tbody", &[]);
            for a in &answers.activities {
                self.w.open("tr", &[]);
                self.w.element("td", &[], &a.id);
                self.w.element("th", &[("scope", Some("row"))], &a.name);
                self.w.open("td", &[]);
                let kind = match a.kind {
                    crate::model::ActivityKind::Policy => "Policy",
                    crate::model::ActivityKind::Programme => "Programme",
                    crate::model::ActivityKind::Project => "Project",
                    crate::model::ActivityKind::Partnership => "Partnership",
                };
                let status = match a.status {
                    crate::model::ActivityStatus::Past => "Past",
                    crate::model::ActivityStatus::Ongoing => "Ongoing",
                    crate::model::ActivityStatus::Planned => "Planned",
                };
                self.w.text(kind);
                self.w.void("br", &[]);
                self.w.text(&a.period);
                self.w.void("br", &[]);
                self.w.element("span", &[("class", Some("muted"))], status);
                self.w.close("td");
                self.w.open("td", &[]);
                self.sdgs(&a.sdgs);
                self.w.close("td");
                self.w.open("td", &[]);
                self.narrative_inline(&a.summary);
                self.w.close("td");
                self.w.close("tr");
            }
            self.w.close("tbody");
            self.w.close("table");
            self.w.close("div");
        }
        self.area_results(area);
        self.w.close("section");
    }

    fn outlook(&mut self) {
        let p = self.p;
        let s = &p.survey;
        self.section("outlook");
        for (title, pointer, narrative) in [
            ("Challenges", "/survey/challenges", &s.challenges),
            ("Opportunities", "/survey/opportunities", &s.opportunities),
            ("Finance", "/survey/finance", &s.finance),
        ] {
            self.w.element("h3", &[], title);
            self.narrative_field(pointer, narrative);
        }
        self.w.close("section");
        self.section("recommendations");
        match self.gap("/showcase/recommendations") {
            Some(gap) => self.placeholder(gap),
            None => {
                self.w.open("ol", &[("class", Some("recommendations"))]);
                for (i, r) in p.showcase.recommendations.iter().enumerate() {
                    self.w.open("li", &[]);
                    let area = match r.area {
                        RecommendationArea::Society => "Society and culture",
                        RecommendationArea::Environment => "Environment",
                        RecommendationArea::Economy => "Economy",
                        RecommendationArea::Governance => "Governance",
                        RecommendationArea::Data => "Data and evidence",
                    };
                    let mut when = Vec::new();
                    if let Some(priority) = r.priority {
                        when.push(match priority {
                            Priority::High => "High priority",
                            Priority::Medium => "Medium priority",
                            Priority::Low => "Low priority",
                        });
                    }
                    if let Some(horizon) = r.horizon {
                        when.push(match horizon {
                            crate::model::Horizon::Short => "short term",
                            crate::model::Horizon::Medium => "medium term",
                            crate::model::Horizon::Long => "long term",
                        });
                    }
                    let mut head = format!("{} {area}", i + 1);
                    if !when.is_empty() {
                        head.push_str(&format!(" · {}", when.join(", ")));
                    }
                    self.w.element("p", &[("class", Some("head"))], &head);
                    if let Some(title) = &r.title {
                        self.w.open("p", &[]);
                        self.w.element("strong", &[], title);
                        self.w.close("p");
                    }
                    self.blocks(&r.text.0);
                    self.w.close("li");
                }
                self.w.close("ol");
            }
        }
        self.section_pictures("outlook");
        self.w.close("section");
    }

    fn references(&mut self) {
        let p = self.p;
        let e = &p.edition;
        self.section("references");
        self.w.element("h3", &[], "Flagship publications");
        if let Some(gap) = self.gap("/references/flagship") {
            self.placeholder(gap);
        }
        self.sources(&p.references.flagship);
        if !p.references.other.is_empty() {
            self.w.element("h3", &[], "Other references");
            self.sources(&p.references.other);
        }
        self.w.element("h3", &[], "Sources cited by the city");
        if let Some(gap) = self.gap("/survey/sources") {
            self.placeholder(gap);
        }
        self.sources(&p.survey.sources);
        self.w.element("h3", &[], "Sources of the KPI results");
        self.w.open("p", &[]);
        self.w
            .text("The source, year, data quality and verification of every KPI value are in ");
        self.w.element("em", &[], "kpi-results.csv");
        self.w.text(" (and ");
        self.w.element("em", &[], "kpi-results.json");
        self.w.text("), attached to this PDF; in the results tables, ≈ marks an estimate and † a value not verified.");
        self.w.close("p");
        self.w.element("h3", &[], "How to cite this profile");
        self.w.open("p", &[]);
        self.w.text(&format!(
            "United Nations Economic Commission for Europe ({}). ",
            self.year()
        ));
        self.w.element("em", &[], &e.title);
        self.w.text(". ");
        if let Some(symbol) = &e.document_symbol {
            self.w.text(&format!("{symbol}. "));
        }
        if self.draft() {
            self.w
                .text(&format!("{}, not for citation.", self.status_line()));
        }
        self.w.close("p");
        self.w.close("section");
    }

    /// The back cover's summary and the edition's line, as the page's foot.
    fn back(&mut self) {
        let p = self.p;
        let e = &p.edition;
        let c = self.counts();
        self.w.open(
            "footer",
            &[("class", Some("back")), ("id", Some("summary"))],
        );
        self.w.element("h2", &[], "About this edition");
        self.w.element(
            "p",
            &[("class", Some("kicker"))],
            "Smart Sustainable City Profile",
        );
        self.w.element(
            "p",
            &[("class", Some("city"))],
            &format!("{}, {}", p.city.name, p.city.country),
        );
        let mut summary = format!(
            "This profile tells the story of {}'s progress towards the 2030 Agenda, in the city's own words and in the figures of the U4SSC Key Performance Indicators: {} of {} results reported, {} scored against benchmarks.",
            p.city.name, c.reported, c.total, c.scored
        );
        let practices = p.showcase.good_practices.len();
        let recommendations = p.showcase.recommendations.len();
        if practices > 0 {
            let what = if practices == 1 {
                "a good practice".to_string()
            } else {
                format!("{practices} good practices")
            };
            summary.push_str(&format!(
                " It shows {what} of the city's policies, programmes, projects and partnerships."
            ));
        }
        if recommendations > 0 {
            let what = if recommendations == 1 {
                "one recommendation".to_string()
            } else {
                format!("{recommendations} recommendations")
            };
            summary.push_str(&format!(" It gives {what} for evidence-based policy-making, infrastructure and services, and partnerships."));
        }
        self.w.element("p", &[], &summary);
        let mut line = String::new();
        if let Some(symbol) = &e.document_symbol {
            line.push_str(&format!("{symbol} · "));
        }
        if let Some(isbn) = &e.isbn {
            line.push_str(&format!("ISBN {isbn} · "));
        }
        line.push_str(&self.status_line());
        if self.draft() {
            line.push_str(" · not for citation");
        }
        self.w.open("p", &[("class", Some("note"))]);
        self.w
            .text("United Nations Economic Commission for Europe · ");
        self.w.text(&line);
        self.w.close("p");
        self.w.close("footer");
    }
}
