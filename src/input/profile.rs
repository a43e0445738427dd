//! Reads `profile.json`: city facts, the edition, survey answers and the editors' text.

use std::path::Path;

use serde_json::Value;

use super::images;
use super::json::{Obj, plural, quoted};
use super::narrative;
use super::problems::Problems;
use crate::kpi::{Catalogue, normalize_code};
use crate::model::*;

/// How `sscp new` marks a text the editors have still to write.
pub const GUIDANCE_MARK: &str = "[to write]";

/// Reads a parsed `profile.json`. Returns `None` when problems were recorded.
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
    let edition = read_edition(&section(&top, "edition", p), &city.name, p);
    let survey = read_survey(&section(&top, "survey", p), p);
    let showcase = read_showcase(&section(&top, "showcase", p), p);
    let references = read_references(&section(&top, "references", p), p);
    let images = images::read(
        &Obj::new(top.get("images"), top.at("images"), p),
        city_dir,
        p,
    );
    if edition.date.year != UNKNOWN_YEAR {
        check_years(root, edition.date.year, p);
    }
    guidance_left(root, "", p);
    if p.has_errors() {
        return None;
    }
    let profile = CityProfile {
        sample_data,
        city,
        edition,
        survey,
        showcase,
        references,
        images,
    };
    super::fit::check(&profile, p);
    Some(profile)
}

/// The year of the stand-in date used while an unreadable edition date is reported.
const UNKNOWN_YEAR: i32 = 0;

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

/// Warns about every text that still holds the guidance `sscp new` wrote into the skeleton.
fn guidance_left(value: &Value, pointer: &str, p: &mut Problems) {
    match value {
        Value::String(s) if s.trim_start().starts_with(GUIDANCE_MARK) => p.warn_json(
            pointer,
            "still holds the skeleton's guidance, not the city's text",
            format!("replace the text starting \"{GUIDANCE_MARK}\" with the city's own"),
        ),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                guidance_left(item, &super::json::child(pointer, &i.to_string()), p);
            }
        }
        Value::Object(map) => {
            for (key, item) in map {
                guidance_left(item, &super::json::child(pointer, key), p);
            }
        }
        _ => {}
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
    let id = o.plain_string("id", p);
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
    let coords = section(o, "coordinates", p);
    coords.only(&["lat", "lon"], p);
    let coordinates = Coordinates {
        lat: coords.number("lat", (-90.0, 90.0), p).unwrap_or_default(),
        lon: coords.number("lon", (-180.0, 180.0), p).unwrap_or_default(),
    };
    if coords.get("lat").is_some() && coordinates.lat == 0.0 && coordinates.lon == 0.0 {
        p.warn_json(
            &coords.pointer,
            "the coordinates 0, 0 lie in the Atlantic Ocean: a placeholder, not the city's",
            "write the city centre's latitude and longitude in decimal degrees, e.g. 45.956, 13.648",
        );
    }
    let key_facts = o
        .array("key_facts", (3, 7), p)
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
        .collect();
    City {
        id,
        name: o.string("name", p),
        local_name: o.opt_string("local_name", p),
        country: o.string("country", p),
        region: o.opt_string("region", p),
        population: o
            .integer("population", (1, 100_000_000), p)
            .unwrap_or_default() as u64,
        population_year: o
            .integer("population_year", (1900, 2100), p)
            .unwrap_or_default() as i32,
        area_km2: o
            .number("area_km2", (0.01, 100_000.0), p)
            .unwrap_or_default(),
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
    let status = o.choice(
        "status",
        &[("draft", Status::Draft), ("final", Status::Final)],
        p,
    );
    let draft = o.opt_integer("draft", (1, 99), p).map(|n| n as u32);
    if status == Some(Status::Draft) && draft.is_none() && o.get("draft").is_none() {
        p.json(
            &o.at("draft"),
            "a draft needs its draft number",
            "add \"draft\": 1 (the round of comments this draft is for)",
        );
    }
    let date = if o.exists() && o.get("date").is_none() {
        p.json(
            &o.at("date"),
            "required field \"date\" is missing",
            "add \"date\": \"YYYY-MM-DD\", the edition date, e.g. \"2026-11-20\"",
        );
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
    // Guidance from `sscp new` is warned about as such, not checked as an ISBN.
    if let Some(isbn) = isbn.as_ref().filter(|i| !i.starts_with(GUIDANCE_MARK))
        && let Err(why) = check_isbn(isbn)
    {
        p.json(
            &o.at("isbn"),
            format!("\"{isbn}\" is not a valid ISBN-13: {why}"),
            "copy the ISBN from the publications office, with hyphens, e.g. \"978-92-1-117328-4\"",
        );
    }
    let v = section(o, "verification", p);
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
    Edition {
        title: o
            .opt_string("title", p)
            .unwrap_or_else(|| format!("Smart Sustainable City Profile: {city_name}")),
        status: status.unwrap_or(Status::Draft),
        draft: if status == Some(Status::Final) {
            None
        } else {
            draft
        },
        date: date.unwrap_or(Date {
            year: UNKNOWN_YEAR,
            month: 1,
            day: 1,
        }),
        authors: o.strings("authors", (1, 12), p),
        document_symbol: o.opt_string("document_symbol", p),
        isbn,
        verification,
    }
}

fn read_survey(o: &Obj, p: &mut Problems) -> Survey {
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
    let areas = section(o, "areas", p);
    areas.only(&["society", "environment", "economy"], p);
    let area = |area: Area, p: &mut Problems| {
        let a = section(&areas, area.key(), p);
        a.only(&["achievements", "activities"], p);
        AreaAnswers {
            achievements: narrative_field(&a, "achievements", p),
            activities: a
                .array("activities", (2, 8), p)
                .into_iter()
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
    Survey {
        context: narrative_field(o, "context", p),
        legal_framework: narrative_field(o, "legal_framework", p),
        agenda_2030: narrative_field(o, "agenda_2030", p),
        key_achievements: o.strings("key_achievements", (3, 6), p),
        areas: Areas {
            society: area(Area::Society, p),
            environment: area(Area::Environment, p),
            economy: area(Area::Economy, p),
        },
        challenges: narrative_field(o, "challenges", p),
        opportunities: narrative_field(o, "opportunities", p),
        finance: narrative_field(o, "finance", p),
        sources: read_sources(o, "sources", (1, 20), p),
    }
}

fn read_activity(o: &Obj, id: String, p: &mut Problems) -> Activity {
    o.only(
        &[
            "name", "kind", "period", "status", "summary", "sdgs", "related",
        ],
        p,
    );
    let summary = o.string("summary", p);
    let chars = summary.chars().count();
    if chars > 220 {
        p.json(
            &o.at("summary"),
            format!("the summary is {chars} characters, at most 220 fit the activities table"),
            format!("shorten it by {} characters", chars - 220),
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
    for (ptr, v) in o.array("sdgs", (1, 17), p) {
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

fn read_showcase(o: &Obj, p: &mut Problems) -> Showcase {
    o.only(&["key_messages", "good_practices", "recommendations"], p);
    let area_options = [
        ("society", Area::Society),
        ("environment", Area::Environment),
        ("economy", Area::Economy),
    ];
    let good_practices: Vec<GoodPractice> = o
        .array("good_practices", (3, 3), p)
        .into_iter()
        .map(|(ptr, v)| {
            let g = Obj::new(Some(v), ptr, p);
            g.only(&["title", "area", "sdgs", "partners", "text", "related"], p);
            let text = narrative_field(&g, "text", p);
            let words = text.word_count();
            if g.get("text").is_some() && !(60..=160).contains(&words) {
                p.json(
                    &g.at("text"),
                    format!("the good practice has {words} words; its box holds 60 to 160"),
                    if words > 160 {
                        format!("shorten it by about {} words", words - 160)
                    } else {
                        format!("add about {} words", 60 - words)
                    },
                );
            }
            let area = g.choice("area", &area_options, p).unwrap_or(Area::Society);
            GoodPractice {
                id: format!("{}-GP", area.prefix()),
                title: g.string("title", p),
                area,
                sdgs: read_sdgs(&g, p),
                partners: g.opt_strings("partners", p),
                text,
                related: read_related(&g, p),
            }
        })
        .collect();
    for area in Area::ALL {
        let n = good_practices.iter().filter(|g| g.area == area).count();
        if good_practices.len() == 3 && n != 1 {
            p.json(
                &o.at("good_practices"),
                format!(
                    "{n} good practice{} for area \"{}\"; each area page shows exactly one",
                    plural(n),
                    area.key()
                ),
                "give one good practice each to \"society\", \"environment\" and \"economy\"",
            );
        }
    }
    let recommendations = o
        .array("recommendations", (4, 10), p)
        .into_iter()
        .map(|(ptr, v)| {
            let r = Obj::new(Some(v), ptr, p);
            r.only(&["area", "text", "priority", "horizon"], p);
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
            if r.exists() && r.get("priority").is_none() && r.get("horizon").is_none() {
                p.json(
                    &r.pointer,
                    "a recommendation needs a priority or a horizon",
                    format!(
                        "add \"priority\": {} or \"horizon\": {}",
                        quoted(["high", "medium", "low"].into_iter()),
                        quoted(["short", "medium", "long"].into_iter())
                    ),
                );
            }
            Recommendation {
                area,
                text: r.string("text", p),
                priority,
                horizon,
            }
        })
        .collect();
    Showcase {
        key_messages: o.strings("key_messages", (3, 5), p),
        good_practices,
        recommendations,
    }
}

fn read_references(o: &Obj, p: &mut Problems) -> References {
    o.only(&["flagship", "other"], p);
    References {
        flagship: read_sources(o, "flagship", (1, 8), p),
        other: read_sources(o, "other", (0, 12), p),
    }
}

fn read_sources(o: &Obj, key: &str, count: (usize, usize), p: &mut Problems) -> Vec<Source> {
    o.array(key, count, p)
        .into_iter()
        .map(|(ptr, v)| {
            let s = Obj::new(Some(v), ptr, p);
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
        })
        .collect()
}

fn narrative_field(o: &Obj, key: &str, p: &mut Problems) -> Narrative {
    let text = o.plain_string(key, p);
    match narrative::parse(&text) {
        Ok(n) => {
            // What is printed is the text without the link addresses.
            super::json::check_breakable(&o.at(key), &n.plain_text(), p);
            n
        }
        Err(unsupported) => {
            p.json(&o.at(key), unsupported.message, unsupported.fix);
            Narrative::default()
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
