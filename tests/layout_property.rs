//! The layout holds for content nobody tuned it on: seeded variants of every sample city, each
//! keeping at least half of its text, with paragraphs, list items, activities, good practices,
//! recommendations, pictures and KPI rows dropped at random and sometimes a whole answer
//! removed (so that a draft prints its placeholder). Never a word is added.
//!
//! Every variant must build, and its laid-out pages must hold: 12 pages, no text drawn over
//! text, no text outside the text area. How empty its emptiest inside page (3–11) is, by the
//! measure of `tools/page_emptiness.py` (the tallest band of the text area without ink, on the
//! pages as pdftoppm renders them at 30 dpi), is printed for every variant with a summary, and
//! held to issue 24's limits: every variant at most 0.35, nine in ten at most 0.25 (the README
//! gives the figures).
//!
//! `SSCP_LAYOUT_CASES=<n>` runs `n` variants instead of a dozen, `SSCP_LAYOUT_SEED=<n>` starts
//! from another seed. A failure prints the variant's seed and what it dropped; replay it with
//! `SSCP_LAYOUT_SEED=<seed> SSCP_LAYOUT_CASES=1` (add `SSCP_LAYOUT_KEEP=1` to keep the variants'
//! folders and look at their pages; `SSCP_LAYOUT_PAGES=1` prints every page's emptiness), and
//! keep it as a named case at the end of this file.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// The sample cities every variant is made from, in turn.
const CITIES: [&str; 5] = ["ardenvale", "kestrelbay", "lindmoor", "oskava", "minimal"];

/// The seed the default run starts from.
const SEED: u64 = 24;

fn env_number(name: &str) -> Option<u64> {
    std::env::var(name).ok().and_then(|v| v.parse().ok())
}

/// SplitMix64: small, seedable, and the same on every machine, so a seed replays its variant.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// True with probability `p`.
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// A number in `0..n`.
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// Narrative answers a variant may shorten or remove (removed, a draft prints a placeholder).
const ANSWERS: [&str; 9] = [
    "/survey/context",
    "/survey/legal_framework",
    "/survey/agenda_2030",
    "/survey/areas/society/achievements",
    "/survey/areas/environment/achievements",
    "/survey/areas/economy/achievements",
    "/survey/challenges",
    "/survey/opportunities",
    "/survey/finance",
];

/// Lists a variant may drop items of.
const LISTS: [&str; 9] = [
    "/survey/key_achievements",
    "/showcase/key_messages",
    "/showcase/good_practices",
    "/showcase/recommendations",
    "/survey/areas/society/activities",
    "/survey/areas/environment/activities",
    "/survey/areas/economy/activities",
    "/survey/sources",
    "/images/sections",
];

/// A variant of a sample city: its folder, and what it dropped, to print on failure.
struct Variant {
    city: &'static str,
    seed: u64,
    dir: PathBuf,
    dropped: Vec<String>,
}

/// Words in every string of a JSON value.
fn words(value: &Value) -> usize {
    match value {
        Value::String(s) => s.split_whitespace().count(),
        Value::Array(items) => items.iter().map(words).sum(),
        Value::Object(map) => map.values().map(words).sum(),
        _ => 0,
    }
}

/// The trailing paragraphs (or Markdown list items) of a narrative text dropped: at least the
/// first is kept.
fn shorten(text: &str, rng: &mut Rng) -> Option<String> {
    let blocks: Vec<&str> = text.split("\n\n").collect();
    if blocks.len() > 1 {
        let keep = 1 + rng.below(blocks.len() - 1);
        return Some(blocks[..keep].join("\n\n"));
    }
    let lines: Vec<&str> = text.lines().collect();
    let items = lines.iter().filter(|l| l.starts_with("- ")).count();
    if items > 1 {
        let keep = lines.len() - 1 - rng.below(items - 1);
        return Some(lines[..keep].join("\n"));
    }
    None
}

/// Drops content from one profile at random, saying what it dropped.
fn cut(profile: &mut Value, rng: &mut Rng, dropped: &mut Vec<String>) {
    for pointer in ANSWERS {
        let Some(answer) = profile.pointer_mut(pointer) else {
            continue;
        };
        let Some(text) = answer.as_str().map(str::to_string) else {
            continue;
        };
        if rng.chance(0.12) {
            *answer = Value::String(String::new());
            dropped.push(format!("{pointer} (the whole answer)"));
        } else if rng.chance(0.5)
            && let Some(short) = shorten(&text, rng)
        {
            dropped.push(format!(
                "{pointer}: its last {} words",
                words(answer) - short.split_whitespace().count()
            ));
            *answer = Value::String(short);
        }
    }
    for pointer in LISTS {
        let Some(Value::Array(items)) = profile.pointer_mut(pointer) else {
            continue;
        };
        let rate = if rng.chance(0.5) { 0.0 } else { 0.35 };
        let mut kept = Vec::new();
        for (i, item) in std::mem::take(items).into_iter().enumerate() {
            if rng.chance(rate) {
                dropped.push(format!("{pointer}/{i}"));
            } else {
                kept.push(item);
            }
        }
        *items = kept;
    }
    // Longer texts inside list items: good practices, recommendations, activity summaries.
    for (list, field) in [
        ("/showcase/good_practices", "text"),
        ("/showcase/recommendations", "text"),
    ] {
        let Some(Value::Array(items)) = profile.pointer_mut(list) else {
            continue;
        };
        for (i, item) in items.iter_mut().enumerate() {
            let Some(text) = item.get(field).and_then(Value::as_str).map(str::to_string) else {
                continue;
            };
            if rng.chance(0.3)
                && let Some(short) = shorten(&text, rng)
            {
                dropped.push(format!("{list}/{i}/{field}: its last paragraphs"));
                item[field] = Value::String(short);
            }
        }
    }
    // Pictures of good practices.
    if let Some(Value::Array(practices)) = profile.pointer_mut("/showcase/good_practices") {
        for (i, practice) in practices.iter_mut().enumerate() {
            if let Some(map) = practice.as_object_mut()
                && map.contains_key("picture")
                && rng.chance(0.4)
            {
                map.remove("picture");
                dropped.push(format!("/showcase/good_practices/{i}/picture"));
            }
        }
    }
}

/// The rows of some KPIs dropped from `kpis.csv` (they then print as Not Reported).
fn cut_kpis(csv: &str, rng: &mut Rng, dropped: &mut Vec<String>) -> String {
    if !rng.chance(0.3) {
        return csv.to_string();
    }
    let mut lines = csv.lines();
    let header = lines.next().unwrap_or_default();
    let rows: Vec<&str> = lines.collect();
    let mut codes: Vec<&str> = rows
        .iter()
        .filter_map(|r| r.split(',').next())
        .filter(|c| !c.is_empty())
        .collect();
    codes.dedup();
    let share = 0.2 + 0.4 * (rng.below(100) as f64 / 100.0);
    let gone: Vec<&str> = codes.into_iter().filter(|_| rng.chance(share)).collect();
    if !gone.is_empty() {
        dropped.push(format!("the kpis.csv rows of {} KPIs", gone.len()));
    }
    let mut out = String::from(header);
    out.push('\n');
    for row in rows {
        if !gone.iter().any(|c| row.split(',').next() == Some(c)) {
            out.push_str(row);
            out.push('\n');
        }
    }
    out
}

/// The variant `seed` of a sample city, written to a scratch folder as a draft (a gap is an
/// error in a final edition), without the city's history or comments, which point at what a
/// variant may have dropped.
fn variant(city: &'static str, seed: u64) -> Variant {
    let source = common::root().join("fixtures").join(city);
    let dir = common::temp_dir(&format!("layout-{city}-{seed}"));
    common::copy_folder(&source, &dir);
    for file in ["comments.json", "comments.csv"] {
        let _ = std::fs::remove_file(dir.join(file));
    }
    let original = common::read_profile(&source);
    let csv = std::fs::read_to_string(source.join("kpis.csv")).unwrap();
    // Redrawn until at least half of the text is kept.
    for attempt in 0.. {
        let mut rng = Rng(seed.wrapping_mul(1_000_003).wrapping_add(attempt));
        let mut profile = original.clone();
        let mut dropped = Vec::new();
        cut(&mut profile, &mut rng, &mut dropped);
        if 2 * words(&profile) < words(&original) {
            continue;
        }
        let kpis = cut_kpis(&csv, &mut rng, &mut dropped);
        if let Some(edition) = profile.get_mut("edition").and_then(Value::as_object_mut) {
            edition.insert("status".into(), "draft".into());
            edition.entry("draft").or_insert(1.into());
        }
        common::write_profile(&dir, &profile);
        std::fs::write(dir.join("kpis.csv"), kpis).unwrap();
        return Variant {
            city,
            seed,
            dir,
            dropped,
        };
    }
    unreachable!()
}

/// What is wrong with a variant's pages, if anything, and its emptiest inside page.
fn check(variant: &Variant) -> Result<(usize, f64), String> {
    let build = sscp::build_with(&variant.dir, sscp::Options::default())
        .map_err(|e| format!("the build failed: {e}"))?;
    if build.pages != 12 {
        return Err(format!("{} pages", build.pages));
    }
    let overlaps = sscp::typeset::boxes::overlaps(&build.text_boxes);
    if let Some(o) = overlaps.first() {
        return Err(format!(
            "page {}: {:?} drawn over {:?}",
            o.page, build.text_boxes[o.second].text, build.text_boxes[o.first].text
        ));
    }
    let outside = sscp::typeset::boxes::outside_text_area(&build.text_boxes);
    if let Some(&i) = outside.first() {
        let t = &build.text_boxes[i];
        return Err(format!(
            "page {}: {:?} outside the text area",
            t.page, t.text
        ));
    }
    // The measure of `tools/page_emptiness.py`, on the pages as pdftoppm renders them.
    let pdf = variant.dir.join("variant.pdf");
    std::fs::write(&pdf, &build.pdf).unwrap();
    let pages = common::emptiness(&pdf, 3, 11)
        .expect("pdftoppm (poppler-utils) is needed to measure the pages");
    if std::env::var_os("SSCP_LAYOUT_PAGES").is_some() {
        let shown: Vec<String> = pages.iter().map(|(p, e)| format!("{p}:{e:.2}")).collect();
        eprintln!("  pages: {}", shown.join(" "));
    }
    Ok(pages
        .into_iter()
        .fold((0, 0.0), |worst, p| if p.1 > worst.1 { p } else { worst }))
}

fn report(variant: &Variant, problem: &str) -> String {
    format!(
        "{} seed {}: {problem}\n  dropped: {}\n  replay: SSCP_LAYOUT_SEED={} SSCP_LAYOUT_CASES=1 cargo test --test layout_property",
        variant.city,
        variant.seed,
        if variant.dropped.is_empty() {
            "nothing".to_string()
        } else {
            variant.dropped.join(", ")
        },
        variant.seed
    )
}

/// The city of variant `seed`: the sample cities in turn.
fn city_of(seed: u64) -> &'static str {
    CITIES[(seed % CITIES.len() as u64) as usize]
}

/// Each variant's emptiest inside page, with how to replay it, or what did not hold.
fn run(seeds: impl Iterator<Item = u64>) -> Result<Vec<(String, f64)>, Vec<String>> {
    let mut failures = Vec::new();
    let mut emptiest = Vec::new();
    for seed in seeds {
        let variant = variant(city_of(seed), seed);
        match check(&variant) {
            Ok((page, share)) => {
                eprintln!(
                    "{} seed {seed}: 12 pages, emptiest page {page} at {share:.2}",
                    variant.city
                );
                emptiest.push((
                    format!(
                        "{} seed {seed} (page {page}; replay: SSCP_LAYOUT_SEED={seed} SSCP_LAYOUT_CASES=1)",
                        variant.city
                    ),
                    share,
                ));
            }
            Err(problem) => failures.push(report(&variant, &problem)),
        }
        if std::env::var_os("SSCP_LAYOUT_KEEP").is_some() {
            eprintln!("  kept in {}", variant.dir.display());
        } else {
            let _ = std::fs::remove_dir_all(&variant.dir);
        }
    }
    if failures.is_empty() {
        Ok(emptiest)
    } else {
        Err(failures)
    }
}

#[test]
fn random_variants_of_the_sample_cities_keep_full_clean_pages() {
    let cases = env_number("SSCP_LAYOUT_CASES").unwrap_or(12);
    let first = env_number("SSCP_LAYOUT_SEED").unwrap_or(SEED);
    let emptiest = run(first..first + cases).unwrap_or_else(|failures| {
        panic!(
            "{} of {cases} variants do not hold:\n{}",
            failures.len(),
            failures.join("\n")
        )
    });
    let mut sorted: Vec<f64> = emptiest.iter().map(|(_, share)| *share).collect();
    sorted.sort_by(f64::total_cmp);
    let within = |limit: f64| sorted.iter().filter(|s| **s <= limit).count();
    eprintln!(
        "emptiest inside page of {} variants: median {:.2}, worst {:.2}; {} at most 0.25, {} at most 0.35",
        sorted.len(),
        sorted[sorted.len() / 2],
        sorted[sorted.len() - 1],
        within(0.25),
        within(0.35)
    );
    let too_empty: Vec<String> = emptiest
        .iter()
        .filter(|(_, share)| *share > MOST_EMPTY)
        .map(|(which, share)| format!("{which}: emptiest page at {share:.2}"))
        .collect();
    assert!(
        too_empty.is_empty(),
        "{} of {cases} variants have a page more than {MOST_EMPTY} empty:\n{}",
        too_empty.len(),
        too_empty.join("\n")
    );
    assert!(
        10 * within(FULL) >= 9 * sorted.len(),
        "only {} of {} variants have every inside page at most {FULL} empty; nine in ten must",
        within(FULL),
        sorted.len()
    );
}

/// No variant's inside page may be emptier than this.
const MOST_EMPTY: f64 = 0.35;

/// Nine variants in ten have every inside page at most this empty.
const FULL: f64 = 0.25;

/// Replays one variant, which must hold, its emptiest inside page included.
fn holds(city: &'static str, seed: u64) {
    let variant = variant(city, seed);
    match check(&variant) {
        Err(problem) => panic!("{}", report(&variant, &problem)),
        Ok((page, share)) if share > MOST_EMPTY => panic!(
            "{}",
            report(&variant, &format!("page {page} is {share:.2} empty"))
        ),
        Ok(_) => {}
    }
    let _ = std::fs::remove_dir_all(&variant.dir);
}

/// Found by this test: the outlook's answers in two balanced columns with Opportunities not
/// written yet. Its placeholder is kept whole, went to the second column, and Finance ran out
/// of the columns' block over the recommendations.
#[test]
fn a_placeholder_in_the_outlook_never_lets_its_columns_run_over_what_follows() {
    holds("kestrelbay", 46);
}

/// Found by this test: evening out the results tables' columns saved the page that made the
/// profile 12 pages, and the build failed with 11. Later, in the same variant: the
/// recommendations' balanced columns, a fraction of a point taller than the room their text
/// fitted in, put their empty rest on a page of its own, so that the outlook seemed to need two
/// pages and its last page held nothing but a photo placeholder (0.31 empty).
#[test]
fn evening_out_the_results_never_leaves_the_profile_short_of_twelve_pages() {
    holds("ardenvale", 55);
}

/// Found by this test: the results ended halfway down their last page and the outlook started
/// on a fresh one, leaving that page 0.48 empty; the outlook now follows on below the results.
#[test]
fn a_section_follows_on_below_results_that_end_high_on_their_page() {
    holds("ardenvale", 60);
}

/// Found by this test: the context's placeholder (an answer not written yet) read as a gap of
/// 0.42 of the page; the placeholder's dark bar now marks the room as held.
#[test]
fn a_placeholder_for_an_answer_is_room_held_not_a_gap() {
    holds("minimal", 74);
}

/// Found by this test: the outlook's text filled its page and its photograph stood alone on
/// page 11, 0.40 empty below it (a photograph is cropped by a quarter at most, so it cannot
/// take the page). The results' sources and data quality are now printed before the outlook,
/// which follows on below them, so that text and photograph share page 11.
#[test]
fn a_photograph_is_never_left_alone_on_the_last_inside_page() {
    holds("lindmoor", 1202);
    let variant = variant("lindmoor", 1202);
    let build = sscp::build_with(&variant.dir, sscp::Options::default()).unwrap();
    let sources = build
        .text
        .iter()
        .position(|page| page.contains("SOURCES AND DATA QUALITY"))
        .expect("the sources printed");
    // Each source with its data quality and the results it supplied.
    assert!(
        build.text[sources].contains("Lind Valley Environment Office 2024"),
        "{}",
        build.text[sources]
    );
    // The back cover's references point to them.
    // (Compared without spaces: the page number is a run of its own in the page's text.)
    let squeezed = |text: &str| text.split_whitespace().collect::<String>();
    let listed = format!("listedonpage{}.", sources + 1);
    assert!(
        squeezed(&build.text[11]).contains(&listed),
        "{}",
        build.text[11]
    );
    let _ = std::fs::remove_dir_all(&variant.dir);
}

/// A variant is made the same from its seed every time, so a failure replays.
#[test]
fn a_seed_makes_the_same_variant_every_time() {
    let a = variant("ardenvale", 7);
    let first = (
        std::fs::read(a.dir.join("profile.json")).unwrap(),
        std::fs::read(a.dir.join("kpis.csv")).unwrap(),
        a.dropped.clone(),
    );
    let b = variant("ardenvale", 7);
    assert_eq!(
        first,
        (
            std::fs::read(b.dir.join("profile.json")).unwrap(),
            std::fs::read(b.dir.join("kpis.csv")).unwrap(),
            b.dropped
        )
    );
    let original = common::read_profile(&common::root().join("fixtures/ardenvale"));
    assert!(2 * words(&common::read_profile(&b.dir)) >= words(&original));
    let _ = std::fs::remove_dir_all(Path::new(&b.dir));
}
