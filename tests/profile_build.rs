//! The whole pipeline on the bundled Ardenvale fixture: a 12-page A4 profile with the city,
//! its KPIs and every survey section in it, byte-identical on rebuild, and narrative that looks
//! like Typst or HTML printed literally.

use std::path::{Path, PathBuf};
use std::process::Command;

const FIXTURE: &str = "fixtures/ardenvale";

mod common;
use common::{read_profile, root, sscp, temp_dir, write_profile};

/// A copy of the Ardenvale folder to change for one test.
fn copy_fixture(name: &str) -> PathBuf {
    common::copy_city(FIXTURE, name)
}

/// Whether a poppler tool is installed (CI installs poppler-utils; a bare machine may not).
fn have(tool: &str) -> bool {
    Command::new(tool).arg("-v").output().is_ok()
}

#[test]
fn ardenvale_builds_a_twelve_page_profile_with_its_content() {
    let build = sscp::build(&root().join(FIXTURE)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(build.pages, 12);
    assert!(build.pdf.starts_with(b"%PDF-"));
    let text = build.text.join("\n");
    for expected in [
        "Ardenvale",
        "Ardenvále",
        "SMART SUSTAINABLE",
        "Key messages",
        "The city and its context",
        "Legal and institutional framework",
        "The 2030 Agenda",
        "Society and culture",
        "Policies, programmes, projects and partnerships",
        "KPI verification",
        "Household Internet Access",
        "Unemployment Rate",
        "Local Food Production",
        "Challenges and opportunities",
        "Recommendations",
        "References and sources",
        "Sample data",
    ] {
        assert!(
            text.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(expected),
            "{expected:?} is not in the profile text"
        );
    }
    // The cover is page 1, the KPI tables end on page 10 or 11 (the plan decides), the
    // references are on page 12; the results not reported are listed once.
    assert!(build.text[0].contains("Ardenvale"));
    assert_eq!(
        build.text[8..11]
            .join(" ")
            .matches("KPIs NOT REPORTED")
            .count(),
        1
    );
    assert!(build.text[11].contains("References and sources"));
}

#[test]
fn rebuilding_gives_byte_identical_pdfs() {
    // A copy: a CLI build records the draft's history in the city folder.
    let dir = copy_fixture("determinism");
    let (a, b) = (dir.join("a.pdf"), dir.join("b.pdf"));
    for out in [&a, &b] {
        let run = sscp(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
    let (a, b) = (std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
    assert!(a == b, "two builds of the same inputs differ");
    let in_process = sscp::build(&dir).unwrap();
    assert!(
        in_process.pdf == a,
        "the library and the CLI give different bytes"
    );
}

#[test]
fn build_reports_where_it_wrote_and_stage_timings() {
    let dir = copy_fixture("cli");
    let out = dir.join("profile.pdf");
    let run = sscp(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let stdout = String::from_utf8(run.stdout).unwrap();
    assert!(
        stdout.starts_with(&format!("wrote {} (12 pages", out.display())),
        "{stdout}"
    );
    for stage in [
        "read and check",
        "score KPIs",
        "charts and data",
        "typeset",
        "export PDF",
        "total",
    ] {
        assert!(stdout.contains(stage), "no timing for {stage}: {stdout}");
    }
    // Each layout of the page plan's search, timed (the sample needs more than one), and the
    // passes that finished the one kept.
    let (count, each, finished) = stdout
        .lines()
        .find_map(|l| {
            let (count, rest) = l
                .trim()
                .strip_suffix(" ms")?
                .split_once(" layouts of the page plan: ")?;
            let (each, finished) = rest.split_once(" ms; the one kept finished in ")?;
            Some((count, each, finished))
        })
        .unwrap_or_else(|| panic!("no layout timings: {stdout}"));
    let count: usize = count.parse().unwrap();
    assert!(count > 1, "{stdout}");
    assert_eq!(each.split(", ").count(), count, "{stdout}");
    assert!(finished.parse::<u32>().is_ok(), "{stdout}");
    check_with_poppler(&out);
}

/// With poppler installed (CI), check the file as readers see it: 12 A4 pages, metadata,
/// every font embedded, the text extractable.
fn check_with_poppler(pdf: &Path) {
    if !have("pdfinfo") {
        eprintln!("poppler-utils not installed: skipping pdfinfo/pdffonts/pdftotext checks");
        return;
    }
    let info =
        String::from_utf8(Command::new("pdfinfo").arg(pdf).output().unwrap().stdout).unwrap();
    assert!(info.contains("Pages:           12"), "{info}");
    assert!(info.contains("595.276 x 841.89 pts (A4)"), "{info}");
    assert!(
        info.contains("Title:           Smart Sustainable City Profile: Ardenvale"),
        "{info}"
    );
    assert!(
        info.lines()
            .any(|l| l.starts_with("Author:") && l.len() > 20),
        "{info}"
    );
    assert!(
        info.contains("Keywords:") && info.contains("U4SSC"),
        "{info}"
    );
    assert!(info.contains("Tagged:          yes"), "{info}");

    let fonts =
        String::from_utf8(Command::new("pdffonts").arg(pdf).output().unwrap().stdout).unwrap();
    let rows: Vec<&str> = fonts.lines().skip(2).collect();
    assert!(!rows.is_empty(), "{fonts}");
    for row in &rows {
        let cols: Vec<&str> = row.split_whitespace().collect();
        // name type encoding emb sub uni object ID: emb and sub are "yes".
        let n = cols.len();
        assert_eq!(
            &cols[n - 5..n - 3],
            &["yes", "yes"],
            "font not embedded and subset: {row}"
        );
    }
    assert!(
        fonts.contains("Roboto") && fonts.contains("Oswald"),
        "{fonts}"
    );

    let text = String::from_utf8(
        Command::new("pdftotext")
            .args([pdf.to_str().unwrap(), "-"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert!(text.contains("Ardenvale"));
    assert!(text.contains("Household Internet Access"));
}

#[test]
fn narrative_that_looks_like_code_is_printed_literally() {
    let dir = copy_fixture("hostile");
    let hostile = [
        "#read(\"/etc/passwd\")",
        "#set page(width: 1cm)",
        "costs $5 and $x^2$",
        "a back\\slash",
        "closing ] bracket",
        "less < than",
        "<b>bold?</b>",
        "@ref and = heading?",
    ];
    let mut profile = read_profile(&dir);
    let context = profile["survey"]["context"].as_str().unwrap().to_string();
    let short: String = context.split("\n\n").next().unwrap().to_string();
    profile["survey"]["context"] =
        serde_json::Value::String(format!("{}\n\n{}", hostile.join(" "), short));
    profile["city"]["name"] = serde_json::Value::String("#emph[Ardenvale]".into());
    write_profile(&dir, &profile);

    let build = sscp::build(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(
        build.pages, 12,
        "set rules in the narrative must not change the page"
    );
    // Lines break anywhere; compare with runs of white space collapsed.
    let text = build
        .text
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for piece in hostile.iter().chain(&["#emph[Ardenvale]"]) {
        // Straight quotes print as the profile's curly ones, the only change.
        let piece = sscp::typeset::typography::printed(piece);
        assert!(text.contains(&piece), "{piece:?} is not printed literally");
    }
    assert!(
        !text.contains("root:x:0"),
        "a file was read into the profile"
    );
}

#[test]
fn validate_checks_without_typesetting_and_kpis_lists_the_catalogue() {
    let run = sscp(&["validate", FIXTURE]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert_eq!(
        String::from_utf8(run.stdout).unwrap().trim(),
        // The one warning: comment C6, pending on purpose (tests/comments.rs).
        "fixtures/ardenvale: 1 warning found (112 KPI results, 94 scored against a benchmark)"
    );

    let run = sscp(&["kpis"]);
    assert!(run.status.success());
    let list = String::from_utf8(run.stdout).unwrap();
    assert!(list.contains("SC: EH: ED: 1C") && list.contains("Student ICT Access"));
    assert!(list.trim_end().ends_with("91 KPIs"));
}

#[test]
fn bundle_writes_the_typst_project_the_build_compiles() {
    let dir = temp_dir("bundle");
    let run = sscp(&["bundle", FIXTURE, "-o", dir.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for file in [
        "main.typ",
        "style.typ",
        "palette.json",
        "sections/kpis.typ",
        "data/profile.json",
        "charts/wheel.svg",
        "charts/overview.svg",
        "fonts/Roboto-Regular.ttf",
        "fonts/LICENSE-Roboto.txt",
    ] {
        assert!(dir.join(file).is_file(), "{file} missing from the bundle");
    }
    let data: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("data/profile.json")).unwrap()).unwrap();
    assert_eq!(data["profile"]["city"]["name"], "Ardenvale");
    assert_eq!(data["kpi"]["rows"].as_array().unwrap().len(), 112);
}

#[test]
fn default_output_goes_to_the_city_out_folder() {
    let dir = copy_fixture("default-out");
    let run = sscp(&["build", dir.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(dir.join("out/ardenvale-draft-2.pdf").is_file());
}

/// The characters the overflow message asks to cut.
fn characters_over(message: &str) -> usize {
    let before = message.split(" characters").next().unwrap();
    before.rsplit(' ').next().unwrap().parse().unwrap()
}

/// A profile with `extra` characters of plain sentences added to its challenges.
fn with_longer_challenges(dir: &std::path::Path, base: &serde_json::Value, extra: usize) {
    let sentence = "The port, the railway and the university shape the city and its daily life. ";
    let added: String = sentence
        .repeat(extra / sentence.len() + 1)
        .chars()
        .take(extra)
        .collect();
    let mut profile = base.clone();
    let text = profile["survey"]["challenges"]
        .as_str()
        .unwrap()
        .to_string();
    profile["survey"]["challenges"] = format!("{text}\n\n{}", added.trim_end()).into();
    write_profile(dir, &profile);
}

#[test]
fn an_overflow_names_its_fields_and_the_real_shortfall() {
    let dir = copy_fixture("overflow");
    let base = read_profile(&dir);
    with_longer_challenges(&dir, &base, 9_000);
    let out = dir.join("out.pdf");
    let run = sscp(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8(run.stderr).unwrap();
    assert!(
        stderr.contains("error: the profile does not fit its 12 pages:\n- the text runs "),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "past the end of pages 3–11 (last section: \"Challenges and opportunities\")"
        ),
        "{stderr}"
    );
    // Only the challenges are long enough to give up that much: the one field named.
    let over = characters_over(&stderr);
    let cut = (over / 124 + 1) * 124;
    assert!(
        stderr.contains(&format!(
            "  fix: shorten one of these in profile.json by as much, from anywhere in it (each was tried, cut from its end: the profile then fits): /survey/challenges by {cut} characters\n"
        )),
        "{stderr}"
    );
    assert!(
        !out.exists(),
        "no PDF is written for a profile that does not fit"
    );

    // Cutting the amount asked for, and one line more, makes it fit; cutting 60 % does not.
    // Less than what was added: the sample itself leaves a little room.
    assert!(over > 0 && over < 9_000, "{stderr}");
    let line = 124;
    with_longer_challenges(&dir, &base, 9_000 - over * 6 / 10);
    let still = sscp(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(
        still.status.code(),
        Some(1),
        "cutting 60 % of the shortfall made it fit"
    );
    with_longer_challenges(&dir, &base, 9_000 - over - line);
    let fits = sscp(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(
        fits.status.code(),
        Some(0),
        "cut {} of 9000: {}",
        over + line,
        String::from_utf8_lossy(&fits.stderr)
    );
}

/// `text` with at least `chars` characters cut from its end, at a space.
fn cut_end(text: &str, chars: usize) -> String {
    let keep = text.chars().count().saturating_sub(chars);
    let kept: String = text.chars().take(keep).collect();
    match kept.rfind(char::is_whitespace) {
        Some(at) => kept[..at].trim_end().to_string(),
        None => String::new(),
    }
}

/// The fields and amounts an overflow message names as fitting.
fn named_cuts(message: &str) -> Vec<(String, usize)> {
    let Some(list) = message
        .lines()
        .find_map(|l| l.split("the profile then fits): ").nth(1))
    else {
        return Vec::new();
    };
    list.split(", ")
        .map(|each| {
            let (field, chars) = each.split_once(" by ").unwrap();
            let chars = chars.trim_end_matches(" characters").parse().unwrap();
            (field.to_string(), chars)
        })
        .collect()
}

#[test]
fn an_overflow_of_the_dense_city_names_the_fields_whose_cut_was_tried() {
    // The dense sample with its challenges 1,500 characters longer: about a dozen lines over.
    let dir = common::copy_city("fixtures/kestrelbay", "dense-overflow");
    let mut profile = read_profile(&dir);
    let sentence = "The port, the railway and the university shape the city and its daily life. ";
    let added: String = sentence.repeat(20).chars().take(1_500).collect();
    let challenges = profile["survey"]["challenges"]
        .as_str()
        .unwrap()
        .to_string();
    profile["survey"]["challenges"] = format!("{challenges}\n\n{}", added.trim_end()).into();
    write_profile(&dir, &profile);
    let out = dir.join("out.pdf");
    let run = sscp(&["build", dir.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = String::from_utf8(run.stderr).unwrap();
    let named = named_cuts(&stderr);
    // Fields before the outlook are named with the characters their own lines hold; a field
    // shorter than the cut (the opportunities here) is not.
    let fields: Vec<&str> = named.iter().map(|(f, _)| f.as_str()).collect();
    assert!(fields.contains(&"/survey/context"), "{stderr}");
    assert!(fields.contains(&"/survey/challenges"), "{stderr}");
    assert!(!fields.contains(&"/survey/opportunities"), "{stderr}");
    // What it says is true: cut by the amount named, from a field before the outlook or from
    // the challenges, the profile builds.
    for field in ["context", "challenges"] {
        let pointer = format!("/survey/{field}");
        let (_, chars) = named.iter().find(|(f, _)| *f == pointer).unwrap();
        let text = profile["survey"][field].as_str().unwrap().to_string();
        let mut shorter = profile.clone();
        shorter["survey"][field] = cut_end(&text, *chars).into();
        write_profile(&dir, &shorter);
        let run = sscp(&["validate", dir.to_str().unwrap()]);
        assert_eq!(
            run.status.code(),
            Some(0),
            "cut {chars} from {pointer}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
    }
}

#[test]
fn a_city_that_reports_few_kpis_still_gets_twelve_pages() {
    let build = sscp::build(&root().join("fixtures/minimal")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(build.pages, 12);
    assert!(
        build.city.warnings[0]
            .message
            .starts_with("88 of the 91 KPIs have no row in kpis.csv")
    );
    let tables = build.text[8..11].join(" ");
    assert!(
        tables.contains("107 of 112 results were not reported:"),
        "{tables}"
    );
}

#[test]
fn local_names_in_five_scripts_set_and_a_script_no_font_has_is_refused() {
    let dir = copy_fixture("scripts");
    let original = read_profile(&dir);
    for local in ["Łódź", "Гродна", "Θεσσαλονίκη", "თბილისი", "Երևան"]
    {
        let mut profile = original.clone();
        profile["city"]["local_name"] = serde_json::Value::String(local.into());
        write_profile(&dir, &profile);
        let build = sscp::build(&dir).unwrap_or_else(|e| panic!("{local}: {e}"));
        assert!(build.text[0].contains(local), "{local} is not on the cover");
    }

    let mut profile = original;
    profile["city"]["local_name"] = serde_json::Value::String("阿登谷".into());
    write_profile(&dir, &profile);
    // A script no bundled font covers cannot go into an archival PDF: an error naming the
    // field and each character, once.
    let Err(sscp::Error::Input(errors)) = sscp::build(&dir) else {
        panic!("a character no font has is refused");
    };
    let messages: Vec<&str> = errors
        .0
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.message.as_str())
        .collect();
    assert_eq!(messages.len(), 3, "{messages:?}");
    let first = errors
        .0
        .iter()
        .find(|p| p.message.contains("U+963F"))
        .unwrap();
    assert_eq!(
        first.place,
        sscp::input::Place::Json("/city/local_name".into())
    );
    assert_eq!(
        first.message,
        "\"阿\" (U+963F) is in none of the bundled fonts, and an archival PDF (PDF/A) cannot carry a character it cannot draw"
    );
}

#[test]
fn a_final_edition_has_no_draft_marks_and_its_own_file_name() {
    let dir = copy_fixture("final");
    let mut profile = read_profile(&dir);
    profile["edition"]["status"] = "final".into();
    write_profile(&dir, &profile);

    let run = sscp(&["build", dir.to_str().unwrap()]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(dir.join("out/ardenvale-final.pdf").is_file());
    let build = sscp::build(&dir).unwrap();
    let text = build.text.join(" ");
    assert!(
        !text.contains("DRAFT") && !text.contains("not for citation"),
        "a final edition carries a draft mark"
    );
    for (i, page) in build.text.iter().enumerate() {
        assert!(
            !page.contains("Draft 2"),
            "page {} of a final edition gives a draft number",
            i + 1
        );
    }
    assert!(text.contains("20 November 2026"));
}

#[test]
fn a_cover_photo_is_placed_and_a_small_one_is_refused() {
    let dir = copy_fixture("cover");
    std::fs::create_dir_all(dir.join("images")).unwrap();
    let photo = image::RgbImage::from_fn(2600, 1600, |x, y| {
        image::Rgb([(x / 11) as u8, (y / 7) as u8, 160])
    });
    photo.save(dir.join("images/cover.png")).unwrap();
    image::RgbImage::from_pixel(800, 500, image::Rgb([0, 90, 160]))
        .save(dir.join("images/small.png"))
        .unwrap();

    let path = dir.join("profile.json");
    let original = read_profile(&dir);
    let mut profile = original.clone();
    profile["images"] = serde_json::json!({ "cover": { "file": "images/cover.png", "credit": "Test pattern", "alt": "A test pattern" } });
    write_profile(&dir, &profile);
    let build = sscp::build(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(build.pages, 12);
    assert!(build.text[0].contains("Photo: Test pattern"));

    let mut profile = original;
    profile["images"] =
        serde_json::json!({ "cover": { "file": "images/small.png", "alt": "Too small" } });
    write_profile(&dir, &profile);
    let err = sscp::build(&dir)
        .err()
        .expect("a small cover photo is refused");
    // The problem is placed at the cover's "file", with the size the layout gives it.
    let written = std::fs::read_to_string(&path).unwrap();
    let (line, text) = written
        .lines()
        .enumerate()
        .find(|(_, l)| l.trim_start().starts_with("\"file\": \"images/small.png\""))
        .expect("the cover entry was written");
    let column = text.len() - text.trim_start().len() + 1;
    assert_eq!(
        err.to_string(),
        format!(
            "error: {}:{}:{column}: at /images/cover/file: images/small.png is 800 × 500 pixels, placed at 269 × 168 mm on page 1: 76 ppi, too few to print (at least 150 ppi)\n  \
             fix: use a picture of at least 3175 × 1985 pixels (300 ppi at that size)\n\
             1 error found in the city's data",
            path.display(),
            line + 1
        )
    );
}

#[test]
fn a_missing_city_folder_is_named_as_such() {
    let run = sscp(&["build", "fixtures/no-such-city"]);
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        String::from_utf8(run.stderr).unwrap(),
        "error: fixtures/no-such-city: does not exist\n  \
         fix: give the path of a city folder containing profile.json and kpis.csv\n\
         1 error found in the city's data\n"
    );
}

/// The data parts each section of the template is handed, by file name.
fn section_parts(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let city = sscp::load(dir).unwrap_or_else(|e| panic!("{e}"));
    let results = sscp::score(&city);
    let files = sscp::typeset::profile_files(&city.profile, &results, &Default::default());
    files
        .files
        .into_iter()
        .filter(|(path, _)| path.starts_with("data/parts/"))
        .map(|(path, bytes)| (path, bytes.to_vec()))
        .collect()
}

#[test]
fn a_paragraph_edit_changes_only_its_own_sections_data() {
    // Typst re-lays only what its input changed: each section reads a part of its own, so a
    // paragraph edited in one section leaves every other section's part byte for byte.
    let dir = common::copy_city("fixtures/ardenvale", "parts-edit");
    let before = section_parts(&dir);
    assert_eq!(before.len(), 11, "{:?}", before.keys());
    let mut profile = read_profile(&dir);
    profile["survey"]["finance"] = "Financed from the city budget, revised.".into();
    write_profile(&dir, &profile);
    let after = section_parts(&dir);
    let changed: Vec<&String> = before
        .keys()
        .filter(|name| before[*name] != after[*name])
        .collect();
    assert_eq!(changed, ["data/parts/outlook.json"]);
    // And the part holds what its section prints.
    let outlook: serde_json::Value =
        serde_json::from_slice(&after["data/parts/outlook.json"]).unwrap();
    assert!(
        outlook["profile"]["survey"]["finance"]
            .to_string()
            .contains("Financed from the city budget, revised."),
        "{outlook}"
    );
    assert!(outlook["profile"]["survey"].get("context").is_none());
}
