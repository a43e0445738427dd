//! Reads `profile.json`: city facts, the edition, survey answers and the editors' text.

use std::path::Path;

use serde_json::Value;

use super::gaps::Gaps;
use super::images;
use super::json::{Obj, plural};
use super::narrative;
use super::problems::Problems;
use crate::kpi::{Catalogue, normalize_code};
use crate::model::*;

/// How `sscp new` marks a text the editors have still to write.
pub const GUIDANCE_MARK: &str = "[to write]";

/// Reads a parsed `profile.json`. Returns `None` when problems were recorded.
///
/// Only the city's name and country are required of every profile. Text that is not written
/// yet is a gap: a draft prints a placeholder for it, a final edition refuses to build.
pub(crate) fn read(root: &Value, city_dir: &Path, p: &mut Problems) -> Option<CityProfile> {
    let top = Obj::new(Some(root), String::new(), p);
    top.only(
        &[
            "sample_data",
            "city",
            "edition",
            "survey",
            "showcase",
            "references",
            "images",
        ],
        p,
    );
    let sample_data = top.opt_bool("sample_data", p).unwrap_or(false);
    let city = read_city(&section(&top, "city", p), p);
    let edition = if top.exists() && top.get("edition").is_none() {
        p.warn_json(
            "/edition",
            "there is no edition block: the profile is built as draft 1, undated",
            "add \"edition\": { \"status\": \"draft\", \"draft\": 1, \"date\": \"YYYY-MM-DD\", \"authors\": [ ... ], \"verification\": { ... } } as docs/input-format.md describes",
        );
        Edition {
            title: default_title(&city.name),
            status: Status::Draft,
            draft: Some(1),
            date: None,
            authors: Vec::new(),
            document_symbol: None,
            isbn: None,
            verification: None,
        }
    } else {
        read_edition(&section(&top, "edition", p), &city.name, p)
    };
    let mut gaps = Gaps {
        final_edition: edition.status == Status::Final,
        list: Vec::new(),
    };
    if top.get("edition").is_some() {
        if edition.date.is_none() && top.get("edition").and_then(|e| e.get("date")).is_none() {
            gaps.missing("/edition/date", p);
        }
        if edition.authors.is_empty() {
            gaps.missing("/edition/authors", p);
        }
        if edition.verification.is_none() {
            gaps.missing("/edition/verification", p);
        }
    }
    if city.key_facts.is_empty() {
        gaps.missing("/city/key_facts", p);
    }
    let survey = read_survey(&optional_section(&top, "survey", p), &mut gaps, p);
    let showcase = read_showcase(
        &optional_section(&top, "showcase", p),
        city_dir,
        &mut gaps,
        p,
    );
    let references = read_references(&optional_section(&top, "references", p), &mut gaps, p);
    let images = images::read(
        &Obj::new(top.get("images"), top.at("images"), p),
        city_dir,
        p,
    );
    if let Some(date) = edition.date {
        check_years(root, date.year, p);
    }
    guidance_left(root, "", &gaps, p);
    super::glyphs::check(root, "", p);
    if p.has_errors() {
        return None;
    }
    Some(CityProfile {
        sample_data,
        city,
        edition,
        survey,
        showcase,
        references,
        images,
        gaps: gaps.list,
    })
}

fn default_title(city_name: &str) -> String {
    format!("Smart Sustainable City Profile: {city_name}")
}

/// The earliest year a figure or a source may refer to.
const FIRST_YEAR: i64 = 1900;

/// Years must not lie after the edition: the population figure's, the sources', and the end of
/// a past activity (planned and ongoing activities may reach into the future).
fn check_years(root: &Value, edition_year: i32, p: &mut Problems) {
    let last = i64::from(edition_year);
    let mut check = |pointer: String, what: &str| {
        if let Some(year) = root.pointer(&pointer).and_then(Value::as_i64)
            && year > last
        {
            p.json(
                &pointer,
                format!("{what} {year} is after the edition year ({edition_year})"),
                format!("year must be between {FIRST_YEAR} and the edition year ({edition_year})"),
            );
        }
    };
    check("/city/population_year".into(), "the population year");
    for list in [
        "/survey/sources",
        "/references/flagship",
        "/references/other",
    ] {
        let count = root
            .pointer(list)
            .and_then(Value::as_array)
            .map_or(0, Vec::len);
        for i in 0..count {
            check(format!("{list}/{i}/year"), "the source's year");
        }
    }
    for area in Area::ALL {
        let list = format!("/survey/areas/{}/activities", area.key());
        let activities = root.pointer(&list).and_then(Value::as_array);
        for (i, activity) in activities.into_iter().flatten().enumerate() {
            let past = activity.get("status").and_then(Value::as_str) == Some("past");
            let Some(period) = activity.get("period").and_then(Value::as_str) else {
                continue;
            };
            let years = years_in(period);
            let pointer = format!("{list}/{i}/period");
            if let Some(year) = years.iter().find(|&&y| !(FIRST_YEAR..=2100).contains(&y)) {
                p.json(
                    &pointer,
                    format!("{year} is not a plausible year for an activity"),
                    format!("write the period with years from {FIRST_YEAR} on, e.g. \"2021–2025\""),
                );
            } else if past && let Some(end) = years.iter().max().filter(|&&y| y > last) {
                p.json(
                    &pointer,
                    format!("a past activity cannot end in {end}, after the edition year ({edition_year})"),
                    "set \"status\" to \"ongoing\" or \"planned\", or correct the years",
                );
            }
        }
    }
}

/// The four-digit numbers in a text such as "2019–2024" or "since 2021".
fn years_in(text: &str) -> Vec<i64> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|run| run.len() == 4)
        .filter_map(|run| run.parse().ok())
        .collect()
}

/// Reports every text that still holds the guidance `sscp new` wrote into the skeleton and
/// was not already reported as a gap: a warning in a draft, an error in a final edition.
fn guidance_left(value: &Value, pointer: &str, gaps: &Gaps, p: &mut Problems) {
    if gaps.covers(pointer) {
        return;
    }
    match value {
        Value::String(s) if s.trim_start().starts_with(GUIDANCE_MARK) => {
            let message = "still holds the skeleton's guidance, not the city's text";
            let fix = format!("replace the text starting \"{GUIDANCE_MARK}\" with the city's own");
            if gaps.final_edition {
                p.json(pointer, message, fix);
            } else {
                p.warn_json(pointer, message, fix);
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                guidance_left(item, &super::json::child(pointer, &i.to_string()), gaps, p);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                guidance_left(item, &super::json::child(pointer, key), gaps, p);
            }
        }
        _ => {}
    }
}

/// A section a first draft may not have yet: absent is fine, the fields inside become gaps.
fn optional_section<'a>(parent: &Obj<'a>, key: &str, p: &mut Problems) -> Obj<'a> {
    Obj::new(parent.get(key), parent.at(key), p)
}

/// Whether a field holds nothing the profile can print yet: absent, empty, or the skeleton's
/// guidance.
fn unwritten(value: Option<&Value>) -> bool {
    match value {
        None => true,
        Some(Value::String(s)) => s.trim().is_empty() || s.trim_start().starts_with(GUIDANCE_MARK),
        Some(Value::Array(items)) => items.iter().all(|item| unwritten(Some(item))),
        // An item still holding guidance: its texts are guidance, what is left are short
        // choices such as "kind": "project".
        Some(Value::Object(map)) => {
            let texts: Vec<&str> = map.values().filter_map(Value::as_str).collect();
            texts
                .iter()
                .any(|t| t.trim_start().starts_with(GUIDANCE_MARK))
                && texts
                    .iter()
                    .filter(|t| t.chars().count() > 20)
                    .all(|t| t.trim_start().starts_with(GUIDANCE_MARK))
        }
        Some(_) => false,
    }
}

/// A narrative field the profile prints: a gap when not written yet.
fn narrative_text(o: &Obj, key: &str, gaps: &mut Gaps, p: &mut Problems) -> Narrative {
    if unwritten(o.get(key)) {
        gaps.missing(&o.at(key), p);
        return Narrative::default();
    }
    narrative_field(o, key, p)
}

/// A list of short narrative texts (key messages, key achievements): a gap when empty. A count
/// outside the `usual` range is a warning: the page fit decides what the layout holds.
fn narrative_list(
    o: &Obj,
    key: &str,
    usual: (usize, usize),
    gaps: &mut Gaps,
    p: &mut Problems,
) -> Vec<Narrative> {
    if unwritten(o.get(key)) {
        gaps.missing(&o.at(key), p);
        return Vec::new();
    }
    super::json::texts_of(usual_items(o, key, usual, p), p)
        .into_iter()
        .filter_map(|(pointer, text)| parse_narrative(&pointer, text, p))
        .collect()
}

/// The items of an optional list, with a warning when there are fewer or more than profiles
/// usually have.
fn usual_items<'a>(
    o: &Obj<'a>,
    key: &str,
    usual: (usize, usize),
    p: &mut Problems,
) -> Vec<(String, &'a Value)> {
    let items = o.opt_array(key, (0, usize::MAX), p);
    usual_count(&o.at(key), items.len(), usual, p);
    items
}

/// Warns when a list has fewer or more items than profiles usually have.
fn usual_count(pointer: &str, n: usize, (lo, hi): (usize, usize), p: &mut Problems) {
    if n < lo || n > hi {
        p.warn_json(
            pointer,
            format!(
                "has {n} item{}; profiles usually have {lo} to {hi}",
                plural(n)
            ),
            if n > hi {
                format!("consider keeping the {hi} most important; the build says whether they fit")
            } else {
                format!("consider adding items until there are {lo}")
            },
        );
    }
}

fn section<'a>(parent: &Obj<'a>, key: &str, p: &mut Problems) -> Obj<'a> {
    if parent.exists() && parent.get(key).is_none() {
        p.json(
            &parent.at(key),
            format!("required section \"{key}\" is missing"),
            format!("add \"{key}\": {{ ... }} as docs/input-format.md describes"),
        );
    }
    Obj::new(parent.get(key), parent.at(key), p)
}

fn read_city(o: &Obj, p: &mut Problems) -> City {
    o.only(
        &[
            "id",
            "name",
            "local_name",
            "country",
            "region",
            "population",
            "population_year",
            "area_km2",
            "coordinates",
            "key_facts",
        ],
        p,
    );
    let name = o.string("name", p);
    let id = match o.get("id") {
        // The id names the PDF files; a city without one gets it from its name.
        None => super::city_id(&name).unwrap_or_else(|| super::FALLBACK_CITY_ID.to_string()),
        Some(_) => o.plain_string("id", p),
    };
    if !id.is_empty()
        && !id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
    {
        p.json(
            &o.at("id"),
            format!("\"{id}\" is not a valid city id"),
            "use lower-case letters a–z, digits and - only, e.g. \"nova-gorica\"",
        );
    }
    let coordinates = o.get("coordinates").map(|_| {
        let coords = Obj::new(o.get("coordinates"), o.at("coordinates"), p);
        coords.only(&["lat", "lon"], p);
        let c = Coordinates {
            lat: coords.number("lat", (-90.0, 90.0), p).unwrap_or_default(),
            lon: coords.number("lon", (-180.0, 180.0), p).unwrap_or_default(),
        };
        if coords.get("lat").is_some() && c.lat == 0.0 && c.lon == 0.0 {
            p.warn_json(
                &coords.pointer,
                "the coordinates 0, 0 lie in the Atlantic Ocean: a placeholder, not the city's",
                "write the city centre's latitude and longitude in decimal degrees, e.g. 45.956, 13.648",
            );
        }
        c
    });
    let key_facts = if unwritten(o.get("key_facts")) {
        Vec::new()
    } else {
        usual_items(o, "key_facts", (3, 7), p)
            .into_iter()
            .map(|(ptr, v)| {
                let f = Obj::new(Some(v), ptr, p);
                f.only(&["label", "value", "source"], p);
                KeyFact {
                    label: f.string("label", p),
                    value: f.string("value", p),
                    source: f.string("source", p),
                }
            })
            .collect()
    };
    City {
        id,
        name,
        local_name: o.opt_string("local_name", p),
        country: o.string("country", p),
        region: o.opt_string("region", p),
        population: o
            .opt_integer("population", (1, 100_000_000), p)
            .map(|n| n as u64),
        population_year: o
            .opt_integer("population_year", (1900, 2100), p)
            .map(|n| n as i32),
        area_km2: o.opt_number("area_km2", (0.01, 100_000.0), p),
        coordinates,
        key_facts,
    }
}

fn read_edition(o: &Obj, city_name: &str, p: &mut Problems) -> Edition {
    o.only(
        &[
            "title",
            "status",
            "draft",
            "date",
            "authors",
            "document_symbol",
            "isbn",
            "verification",
        ],
        p,
    );
    let status = o
        .opt_choice(
            "status",
            &[("draft", Status::Draft), ("final", Status::Final)],
            p,
        )
        .unwrap_or(Status::Draft);
    let draft = o.opt_integer("draft", (1, 99), p).map(|n| n as u32);
    if status == Status::Draft && draft.is_none() && o.get("draft").is_none() {
        p.warn_json(
            &o.at("draft"),
            "the draft has no number: it is built as draft 1",
            "add \"draft\": 1 (the round of comments this draft is for)",
        );
    }
    let date = if o.get("date").is_none() {
        None
    } else {
        let text = o.plain_string("date", p);
        let date = (!text.is_empty()).then(|| Date::parse(&text)).flatten();
        if !text.is_empty() && date.is_none() {
            let (message, fix) = date_problem(&text);
            p.json(&o.at("date"), message, fix);
        }
        date
    };
    let isbn = o.opt_string("isbn", p);
    if let Some(isbn) = isbn.as_ref()
        && let Err(why) = check_isbn(isbn)
    {
        p.json(
            &o.at("isbn"),
            format!("\"{isbn}\" is not a valid ISBN-13: {why}"),
            "copy the ISBN from the publications office, with hyphens, e.g. \"978-92-1-117328-4\"",
        );
    }
    let verification = (!unwritten(o.get("verification"))).then(|| {
        let v = Obj::new(o.get("verification"), o.at("verification"), p);
        v.only(&["verifier", "date", "report"], p);
        let verification = Verification {
            verifier: v.string("verifier", p),
            date: v.plain_string("date", p),
            report: v.string("report", p),
        };
        if !verification.date.is_empty()
            && Date::parse(&verification.date).is_none()
            && Date::parse(&format!("{}-01", verification.date)).is_none()
        {
            p.json(
                &v.at("date"),
                format!("\"{}\" is not a date", verification.date),
                "write \"YYYY-MM\" or \"YYYY-MM-DD\"",
            );
        }
        verification
    });
    let authors = if unwritten(o.get("authors")) {
        Vec::new()
    } else {
        o.opt_strings("authors", p)
    };
    Edition {
        title: o
            .opt_string("title", p)
            .unwrap_or_else(|| default_title(city_name)),
        status,
        draft: match status {
            Status::Final => None,
            Status::Draft => Some(draft.unwrap_or(1)),
        },
        date,
        authors,
        document_symbol: o.opt_string("document_symbol", p),
        isbn,
        verification,
    }
}

fn read_survey(o: &Obj, gaps: &mut Gaps, p: &mut Problems) -> Survey {
    o.only(
        &[
            "context",
            "legal_framework",
            "agenda_2030",
            "key_achievements",
            "areas",
            "challenges",
            "opportunities",
            "finance",
            "sources",
        ],
        p,
    );
    let areas = optional_section(o, "areas", p);
    areas.only(&["society", "environment", "economy"], p);
    let mut area = |area: Area, p: &mut Problems| {
        let a = optional_section(&areas, area.key(), p);
        a.only(&["achievements", "activities"], p);
        // Items still holding the skeleton's guidance are left out (and warned about).
        let activities = a.opt_array("activities", (0, 8), p);
        AreaAnswers {
            achievements: narrative_text(&a, "achievements", gaps, p),
            activities: activities
                .into_iter()
                .filter(|(_, v)| !unwritten(Some(v)))
                .enumerate()
                .map(|(i, (ptr, v))| {
                    read_activity(
                        &Obj::new(Some(v), ptr, p),
                        format!("{}{}", area.prefix(), i + 1),
                        p,
                    )
                })
                .collect(),
        }
    };
    let areas = Areas {
        society: area(Area::Society, p),
        environment: area(Area::Environment, p),
        economy: area(Area::Economy, p),
    };
    Survey {
        context: narrative_text(o, "context", gaps, p),
        legal_framework: narrative_text(o, "legal_framework", gaps, p),
        agenda_2030: narrative_text(o, "agenda_2030", gaps, p),
        key_achievements: narrative_list(o, "key_achievements", (3, 6), gaps, p),
        areas,
        challenges: narrative_text(o, "challenges", gaps, p),
        opportunities: narrative_text(o, "opportunities", gaps, p),
        finance: narrative_text(o, "finance", gaps, p),
        sources: read_sources(o, "sources", (1, 20), gaps, p),
    }
}

/// An activity summary longer than this is unusual for a table row; the page fit decides.
const LONG_SUMMARY: usize = 300;

fn read_activity(o: &Obj, id: String, p: &mut Problems) -> Activity {
    o.only(
        &[
            "name", "kind", "period", "status", "summary", "sdgs", "related",
        ],
        p,
    );
    let summary = narrative_field(o, "summary", p);
    let chars = super::json::graphemes(summary.plain_text().trim());
    if chars > LONG_SUMMARY {
        p.warn_json(
            &o.at("summary"),
            format!("the summary is {chars} characters; a table row usually holds at most {LONG_SUMMARY}"),
            "consider shortening it to one or two sentences; the build says whether the page holds it",
        );
    }
    Activity {
        id,
        name: o.string("name", p),
        kind: o
            .choice(
                "kind",
                &[
                    ("policy", ActivityKind::Policy),
                    ("programme", ActivityKind::Programme),
                    ("project", ActivityKind::Project),
                    ("partnership", ActivityKind::Partnership),
                ],
                p,
            )
            .unwrap_or(ActivityKind::Project),
        period: o.string("period", p),
        status: o
            .choice(
                "status",
                &[
                    ("past", ActivityStatus::Past),
                    ("ongoing", ActivityStatus::Ongoing),
                    ("planned", ActivityStatus::Planned),
                ],
                p,
            )
            .unwrap_or(ActivityStatus::Ongoing),
        summary,
        sdgs: read_sdgs(o, p),
        related: read_related(o, p),
    }
}

fn read_sdgs(o: &Obj, p: &mut Problems) -> Vec<u8> {
    let mut sdgs = Vec::new();
    for (ptr, v) in o.opt_array("sdgs", (0, 17), p) {
        match v.as_u64() {
            Some(n @ 1..=17) => sdgs.push(n as u8),
            _ => p.json(
                &ptr,
                format!("{v} is not a Sustainable Development Goal"),
                "use the goal's number, 1 to 17",
            ),
        }
    }
    sdgs
}

/// KPI codes (normalised to catalogue spelling) or category names.
fn read_related(o: &Obj, p: &mut Problems) -> Vec<String> {
    let catalogue = Catalogue::get();
    let mut related = Vec::new();
    for (ptr, value) in o.opt_array("related", (0, usize::MAX), p) {
        let Some(item) = value.as_str().map(str::trim).filter(|s| !s.is_empty()) else {
            p.json(&ptr, format!("expected a KPI code or category name, found {}", super::json::describe(value)), "write the code or category in double quotes, e.g. \"EC: I: T: 3C\" or \"Transport\"");
            continue;
        };
        if let Some((_, kpi)) = catalogue.find(item) {
            related.push(kpi.code.clone());
        } else if catalogue.has_category(item) {
            related.push(item.to_string());
        } else {
            let looks_like_code = normalize_code(item).matches(':').count() >= 2;
            let fix = if looks_like_code {
                format!(
                    "did you mean \"{}\"? `sscp kpis` lists every code",
                    catalogue.nearest(item).code
                )
            } else {
                format!(
                    "use a KPI code or one of the categories: {}",
                    catalogue.category_names().join(", ")
                )
            };
            p.json(
                &ptr,
                format!("\"{item}\" is neither a U4SSC KPI code nor a KPI category"),
                fix,
            );
        }
    }
    related
}

/// Good practices a profile shows for one area, at most.
const PRACTICES_PER_AREA: usize = 2;

fn read_showcase(o: &Obj, city_dir: &Path, gaps: &mut Gaps, p: &mut Problems) -> Showcase {
    o.only(&["key_messages", "good_practices", "recommendations"], p);
    let area_options = [
        ("society", Area::Society),
        ("environment", Area::Environment),
        ("economy", Area::Economy),
    ];
    let practices = if unwritten(o.get("good_practices")) {
        Vec::new()
    } else {
        o.opt_array("good_practices", (0, 3 * PRACTICES_PER_AREA), p)
    };
    let mut good_practices: Vec<GoodPractice> = Vec::new();
    for (ptr, v) in practices.into_iter().filter(|(_, v)| !unwritten(Some(v))) {
        let g = Obj::new(Some(v), ptr, p);
        g.only(
            &[
                "title", "area", "sdgs", "partners", "text", "related", "source", "picture",
            ],
            p,
        );
        let text = narrative_field(&g, "text", p);
        let words = text.word_count();
        if g.get("text").is_some() && !(60..=160).contains(&words) {
            p.warn_json(
                &g.at("text"),
                format!("the good practice has {words} words; its box usually holds 60 to 160"),
                if words > 160 {
                    format!(
                        "consider shortening it by about {} words; the build says whether it fits",
                        words - 160
                    )
                } else {
                    format!("consider adding about {} words", 60 - words)
                },
            );
        }
        let area = g.choice("area", &area_options, p).unwrap_or(Area::Society);
        let n = good_practices.iter().filter(|gp| gp.area == area).count();
        if n == PRACTICES_PER_AREA {
            p.json(
                &g.at("area"),
                format!(
                    "a third good practice for area \"{}\"; an area shows at most {PRACTICES_PER_AREA}",
                    area.key()
                ),
                "keep the two that matter most for this area, or move this one to another area",
            );
        }
        let source = g.get("source").map(|_| {
            let s = Obj::new(g.get("source"), g.at("source"), p);
            read_source(&s, p)
        });
        let picture = g.get("picture").and_then(|_| {
            let o = Obj::new(g.get("picture"), g.at("picture"), p);
            images::practice_picture(&o, city_dir, p)
        });
        good_practices.push(GoodPractice {
            // SC-GP, and SC-GP2 for an area's second practice.
            id: if n == 0 {
                format!("{}-GP", area.prefix())
            } else {
                format!("{}-GP{}", area.prefix(), n + 1)
            },
            title: g.string("title", p),
            area,
            sdgs: read_sdgs(&g, p),
            partners: g.opt_strings("partners", p),
            text,
            related: read_related(&g, p),
            source,
            picture,
        });
    }
    let recommendations = if unwritten(o.get("recommendations")) {
        gaps.missing(&o.at("recommendations"), p);
        Vec::new()
    } else {
        usual_items(o, "recommendations", (1, 12), p)
            .into_iter()
            .map(|(ptr, v)| {
                let r = Obj::new(Some(v), ptr, p);
                r.only(&["title", "area", "text", "priority", "horizon"], p);
                let area = r
                    .choice(
                        "area",
                        &[
                            ("society", RecommendationArea::Society),
                            ("environment", RecommendationArea::Environment),
                            ("economy", RecommendationArea::Economy),
                            ("governance", RecommendationArea::Governance),
                            ("data", RecommendationArea::Data),
                        ],
                        p,
                    )
                    .unwrap_or(RecommendationArea::Governance);
                let priority = r.opt_choice(
                    "priority",
                    &[
                        ("high", Priority::High),
                        ("medium", Priority::Medium),
                        ("low", Priority::Low),
                    ],
                    p,
                );
                let horizon = r.opt_choice(
                    "horizon",
                    &[
                        ("short", Horizon::Short),
                        ("medium", Horizon::Medium),
                        ("long", Horizon::Long),
                    ],
                    p,
                );
                Recommendation {
                    title: r.opt_string("title", p),
                    area,
                    text: narrative_field(&r, "text", p),
                    priority,
                    horizon,
                }
            })
            .collect()
    };
    Showcase {
        key_messages: narrative_list(o, "key_messages", (3, 5), gaps, p),
        good_practices,
        recommendations,
    }
}

fn read_references(o: &Obj, gaps: &mut Gaps, p: &mut Problems) -> References {
    o.only(&["flagship", "other"], p);
    References {
        flagship: read_sources(o, "flagship", (1, 8), gaps, p),
        other: if o.get("other").is_none() {
            Vec::new()
        } else {
            read_sources(o, "other", (0, 12), gaps, p)
        },
    }
}

/// A list of sources; an empty required list (`usual.0` > 0) is a gap.
fn read_sources(
    o: &Obj,
    key: &str,
    usual: (usize, usize),
    gaps: &mut Gaps,
    p: &mut Problems,
) -> Vec<Source> {
    if usual.0 > 0 && unwritten(o.get(key)) {
        gaps.missing(&o.at(key), p);
        return Vec::new();
    }
    usual_items(o, key, usual, p)
        .into_iter()
        .map(|(ptr, v)| read_source(&Obj::new(Some(v), ptr, p), p))
        .collect()
}

fn read_source(s: &Obj, p: &mut Problems) -> Source {
    s.only(&["text", "url", "year"], p);
    let url = s.opt_string("url", p);
    if let Some(url) = &url
        && (!(url.starts_with("https://") || url.starts_with("http://"))
            || url.contains(char::is_whitespace))
    {
        p.json(
            &s.at("url"),
            format!("\"{url}\" is not a web address"),
            "write the full address starting with https://",
        );
    }
    Source {
        text: s.string("text", p),
        url,
        year: s.opt_integer("year", (1900, 2100), p).map(|y| y as i32),
    }
}

/// A required narrative field, parsed.
fn narrative_field(o: &Obj, key: &str, p: &mut Problems) -> Narrative {
    let text = o.plain_string(key, p);
    if text.is_empty() {
        return Narrative::default();
    }
    parse_narrative(&o.at(key), &text, p).unwrap_or_default()
}

/// Parses the narrative at `pointer`; `None` (with the problem recorded) outside the subset.
fn parse_narrative(pointer: &str, text: &str, p: &mut Problems) -> Option<Narrative> {
    match narrative::parse(text) {
        Ok(n) => {
            // What is printed is the text without the link addresses.
            super::json::check_breakable(pointer, &n.plain_text(), p);
            Some(n)
        }
        Err(unsupported) => {
            p.json(pointer, unsupported.message, unsupported.fix);
            None
        }
    }
}

/// Why a text is not a date: the wrong form, or a day the calendar does not have.
fn date_problem(text: &str) -> (String, String) {
    let parts: Vec<&str> = text.split('-').collect();
    let shaped = parts.len() == 3
        && [4, 2, 2]
            .iter()
            .zip(&parts)
            .all(|(n, part)| part.len() == *n && part.chars().all(|c| c.is_ascii_digit()));
    if shaped {
        (
            format!("\"{text}\" is not a day of the calendar"),
            "check the day and the month: the form YYYY-MM-DD is right, the date does not exist"
                .into(),
        )
    } else {
        (
            format!("\"{text}\" is not a date in the form YYYY-MM-DD"),
            "write the edition date as \"YYYY-MM-DD\", e.g. \"2026-11-20\"".into(),
        )
    }
}

fn check_isbn(isbn: &str) -> Result<(), String> {
    let digits: Vec<u32> = isbn
        .chars()
        .filter(|c| *c != '-' && *c != ' ')
        .map(|c| c.to_digit(10).ok_or(()))
        .collect::<Result<_, _>>()
        .map_err(|_| "only digits and hyphens are allowed".to_string())?;
    if digits.len() != 13 {
        return Err(format!("it has {} digits, not 13", digits.len()));
    }
    let sum: u32 = digits[..12]
        .iter()
        .enumerate()
        .map(|(i, d)| if i % 2 == 0 { *d } else { d * 3 })
        .sum();
    let check = (10 - sum % 10) % 10;
    if check != digits[12] {
        return Err(format!("the check digit should be {check}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn isbn_check_digit_is_verified() {
        assert!(check_isbn("978-92-1-117328-4").is_ok());
        assert_eq!(
            check_isbn("978-92-1-117328-5"),
            Err("the check digit should be 4".into())
        );
    }
}
