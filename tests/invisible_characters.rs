//! Invisible and control characters in what a city sent: a draft still builds. A bidirectional
//! control is left out of the printed profile with a warning naming its field, a zero width
//! space prints as nothing without one, and the `profile.json` attached to the PDF is the file
//! as it was read.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::{copy_city, path, temp_dir, text};
use sscp::input::Place;

const FIELD: &str = "/showcase/recommendations/0/text";

/// Part of Ardenvale's first recommendation, as printed.
const RECOMMENDATION: &str = "solid-fuel boilers by 2028, starting in the districts";

/// A copy of Ardenvale (without its history, so that a changed draft 2 is no conflict) whose
/// `profile.json` has the first `from` replaced by `to` in the text as written: lines and
/// columns stay the fixture's.
fn ardenvale_with(name: &str, from: &str, to: &str) -> PathBuf {
    let dir = copy_city("fixtures/ardenvale", name);
    let file = dir.join("profile.json");
    let json = std::fs::read_to_string(&file).unwrap();
    assert!(json.contains(from), "the fixture no longer says {from:?}");
    std::fs::write(&file, json.replacen(from, to, 1)).unwrap();
    dir
}

/// The warnings about the first recommendation's text, as the build prints them.
fn warnings_at_field(warnings: &[sscp::input::Problem]) -> Vec<String> {
    warnings
        .iter()
        .filter(|p| p.place == Place::Json(FIELD.into()))
        .map(ToString::to_string)
        .collect()
}

/// Page text without white space and hyphens, which line breaking adds and moves.
fn unbroken(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{ad}' | '\u{2010}'))
        .collect()
}

/// The bytes of the file `name` attached to the PDF `pdf`, as qpdf reads them.
fn attachment(pdf: &Path, name: &str) -> Vec<u8> {
    let out = Command::new("qpdf")
        .args([&format!("--show-attachment={name}"), path(pdf)])
        .output()
        .unwrap_or_else(|e| panic!("qpdf is needed for this test (apt-get install qpdf): {e}"));
    assert!(out.status.success(), "qpdf failed: {}", text(&out.stderr));
    out.stdout
}

#[test]
fn a_right_to_left_override_in_a_recommendation_is_left_out_with_a_warning() {
    let dir = ardenvale_with(
        "rlo",
        "solid-fuel boilers by 2028",
        "solid-fuel \u{202E}boilers by 2028",
    );
    let build = sscp::build(&dir).unwrap_or_else(|e| panic!("the draft did not build:\n{e}"));

    assert_eq!(
        warnings_at_field(&build.city.warnings),
        [format!(
            "warning: {}:441:9: at {FIELD}: holds the invisible right-to-left override (U+202E) \
             after \"…the remaining 3 850 solid-fuel\": it can make text read in another order \
             than it is written, and is left out of what is printed\n  \
             fix: delete it (an editor that shows invisible characters shows where it is); every \
             script the profile prints runs left to right without it",
            dir.join("profile.json").display()
        )]
    );

    // The model and the pages hold the visible characters only.
    let text = build.city.profile.showcase.recommendations[0]
        .text
        .plain_text();
    assert!(text.contains(RECOMMENDATION), "{text:?}");
    let printed = build.text.concat();
    assert!(!printed.contains('\u{202E}'), "U+202E is printed");
    assert!(
        unbroken(&printed).contains(&unbroken(RECOMMENDATION)),
        "the recommendation is not printed as written"
    );

    // The profile.json attached to the PDF is the file as read, the override included.
    let as_read = std::fs::read(dir.join("profile.json")).unwrap();
    assert_eq!(build.city.profile_bytes, as_read);
    let pdf = temp_dir("rlo-pdf").join("profile.pdf");
    std::fs::write(&pdf, &build.pdf).unwrap();
    assert!(
        attachment(&pdf, "profile.json") == as_read,
        "the attached profile.json differs from the file"
    );
}

#[test]
fn every_bidirectional_control_is_left_out_with_a_warning_each() {
    let controls: String = ('\u{202A}'..='\u{202E}')
        .chain('\u{2066}'..='\u{2069}')
        .chain(['\u{200E}', '\u{200F}', '\u{061C}'])
        .collect();
    let dir = ardenvale_with(
        "bidi",
        "solid-fuel boilers by 2028",
        &format!("solid-fuel {controls}boilers by 2028"),
    );
    let city = sscp::load(&dir).unwrap_or_else(|e| panic!("not read:\n{e}"));
    let text = city.profile.showcase.recommendations[0].text.plain_text();
    assert!(text.contains(RECOMMENDATION), "{text:?}");
    let warnings = warnings_at_field(&city.warnings);
    assert_eq!(warnings.len(), 12, "{warnings:#?}");
    for c in controls.chars() {
        let code = format!("(U+{:04X})", u32::from(c));
        assert!(
            warnings.iter().any(|w| w.contains(&code)),
            "no warning about {code}"
        );
    }
}

#[test]
fn a_zero_width_space_inside_a_word_builds_without_a_warning_and_prints_nothing() {
    let dir = ardenvale_with(
        "zwsp",
        "solid-fuel boilers by 2028",
        "solid-fuel boi\u{200B}lers by 2028",
    );
    let build = sscp::build(&dir).unwrap_or_else(|e| panic!("the draft did not build:\n{e}"));
    // The same warnings as the fixture has (its file path aside).
    let untouched = sscp::load(&copy_city("fixtures/ardenvale", "zwsp-untouched")).unwrap();
    let found = |warnings: &[sscp::input::Problem]| -> Vec<(Place, String)> {
        warnings
            .iter()
            .map(|p| (p.place.clone(), p.message.clone()))
            .collect()
    };
    assert_eq!(
        found(&build.city.warnings),
        found(&untouched.warnings),
        "the zero width space brought a warning"
    );
    // The text layer keeps the character as written; the page shows nothing for it.
    let printed = build.text.concat();
    assert!(
        unbroken(&printed.replace('\u{200B}', "")).contains(&unbroken(RECOMMENDATION)),
        "the recommendation is not printed as written"
    );
    assert!(
        !build.warnings.iter().any(|w| w.contains("print as boxes")),
        "{:#?}",
        build.warnings
    );
}

#[test]
fn control_and_zero_width_characters_of_every_kind_do_not_stop_the_build() {
    // JSON has C0 controls only as escapes (written as they are, they are a syntax error
    // with its own message); DEL, C1 and the rest may stand as they are.
    let every = "\\u0007\\u001b\u{7F}\u{90}\\u000b\\u000c\u{85}\u{FEFF}\u{202E}\u{2066}\u{200F}\
                 \u{200B}\u{200C}\u{2060}👩\u{200D}💻";
    let dir = ardenvale_with(
        "every-kind",
        "solid-fuel boilers by 2028",
        &format!("solid-fuel {every} boilers by 2028"),
    );
    let build = sscp::build(&dir).unwrap_or_else(|e| panic!("the draft did not build:\n{e}"));
    // Ten warnings: the four controls left out, the three printed as a space, the override, the
    // isolate and the mark; none for the byte order mark or the zero-width characters.
    let warnings = warnings_at_field(&build.city.warnings);
    assert_eq!(warnings.len(), 10, "{warnings:#?}");
    assert!(
        !build.warnings.iter().any(|w| w.contains("print as boxes")),
        "{:#?}",
        build.warnings
    );
    let text = build.city.profile.showcase.recommendations[0]
        .text
        .plain_text();
    assert!(
        text.contains("solid-fuel    \u{200B}\u{200C}\u{2060}👩\u{200D}💻 boilers"),
        "{text:?}"
    );
}
