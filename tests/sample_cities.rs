//! The sample cities beside Ardenvale: a sparse one (Lindmoor), a minimal first draft (Oskava)
//! and a dense one (Kestrel Bay), and what every profile must get right whatever its city.

mod common;

use std::process::Command;

use common::{copy_city, read_profile, root, sscp, text, write_profile};

/// How empty each page looks: the tallest band of pixel rows without ink inside the text area,
/// as a share of the text area's height (ink: darker than 150 of 255 in greyscale, so tints and
/// the DRAFT mark do not count). Pages rendered by pdftoppm at 30 dpi.
fn emptiness(pdf: &std::path::Path, first: usize, last: usize) -> Option<Vec<(usize, f64)>> {
    let dir = common::temp_dir(&format!("pages-{}", pdf.file_stem()?.to_string_lossy()));
    let status = Command::new("pdftoppm")
        .args([
            "-gray",
            "-r",
            "30",
            "-f",
            &first.to_string(),
            "-l",
            &last.to_string(),
        ])
        .arg(pdf)
        .arg(dir.join("p"))
        .status()
        .ok()?;
    assert!(status.success(), "pdftoppm failed");
    let mut pages: Vec<(usize, f64)> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| {
            let path = e.ok()?.path();
            let n = path
                .file_stem()?
                .to_str()?
                .rsplit('-')
                .next()?
                .parse()
                .ok()?;
            Some((n, empty_share(&std::fs::read(&path).ok()?)))
        })
        .collect();
    pages.sort_by_key(|(n, _)| *n);
    Some(pages)
}

fn empty_share(pgm: &[u8]) -> f64 {
    // P5 header: magic, width, height, maxval, each followed by white space.
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !pgm[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(String::from_utf8_lossy(&pgm[start..i]).into_owned());
    }
    let pixels = &pgm[i + 1..];
    let (w, h): (usize, usize) = (fields[1].parse().unwrap(), fields[2].parse().unwrap());
    let (y0, y1) = ((h as f64 * 0.09) as usize, (h as f64 * 0.93) as usize);
    let (x0, x1) = ((w as f64 * 0.08) as usize, (w as f64 * 0.92) as usize);
    let (mut best, mut run) = (0, 0);
    for y in y0..y1 {
        if pixels[y * w + x0..y * w + x1].iter().all(|&p| p >= 150) {
            run += 1;
            best = best.max(run);
        } else {
            run = 0;
        }
    }
    best as f64 / (y1 - y0) as f64
}

#[test]
fn ardenvale_text_pages_have_no_band_emptier_than_a_quarter() {
    let dir = copy_city("fixtures/ardenvale", "empty-ardenvale");
    let pdf = dir.join("ardenvale.pdf");
    let out = sscp(&["build", dir.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let Some(pages) = emptiness(&pdf, 3, 11) else {
        eprintln!("pdftoppm is not installed: emptiness not measured");
        return;
    };
    for (page, share) in pages.into_iter().filter(|(n, _)| *n <= 8 || *n == 11) {
        assert!(share <= 0.25, "page {page} is {share:.2} empty");
    }
}

#[test]
fn the_sparse_city_builds_twelve_pages_with_its_pictures() {
    let build = sscp::build(&root().join("fixtures/lindmoor")).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(build.pages, 12);
    assert_eq!(build.city.profile.images.sections.len(), 3);
    let all = build.text.join(" ");
    for caption in build
        .city
        .profile
        .images
        .sections
        .iter()
        .filter_map(|s| s.picture.caption.as_ref())
    {
        let start: String = caption
            .split_whitespace()
            .take(3)
            .collect::<Vec<_>>()
            .join(" ");
        assert!(
            all.split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
                .contains(&start),
            "caption {caption:?} is not printed"
        );
    }
    let _ = std::fs::remove_dir_all(root().join("fixtures/lindmoor/history"));
}

#[test]
fn a_minimal_city_builds_a_draft_with_placeholders_and_fails_as_a_final() {
    let dir = copy_city("fixtures/oskava", "minimal-draft");
    let out = sscp(&[
        "build",
        dir.to_str().unwrap(),
        "-o",
        dir.join("o.pdf").to_str().unwrap(),
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "at /edition: there is no edition block: the profile is built as draft 1, undated"
        ),
        "{stderr}"
    );
    assert!(stderr.contains("at /showcase/key_messages: still to be written: the key messages; the draft prints a placeholder"), "{stderr}");
    let build = sscp::build(&dir).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(build.pages, 12);
    let all = build
        .text
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for placeholder in [
        "To be written: the key messages (3–5 messages of about 22 words)",
        "To be written: the legal and institutional framework",
        "To be written: the flagship publications",
        "Draft 1 · undated",
    ] {
        assert!(all.contains(placeholder), "{placeholder:?} is not printed");
    }

    // The same folder as a final edition: every gap is an error, each at its place.
    let mut profile = read_profile(&dir);
    profile["edition"] = serde_json::json!({ "status": "final", "date": "2026-12-01" });
    write_profile(&dir, &profile);
    let out = sscp(&["validate", dir.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = text(&out.stderr);
    for gap in [
        "/city/key_facts",
        "/edition/authors",
        "/edition/verification",
        "/survey/legal_framework",
        "/survey/agenda_2030",
        "/survey/key_achievements",
        "/survey/areas/society/achievements",
        "/survey/areas/environment/achievements",
        "/survey/areas/economy/achievements",
        "/survey/challenges",
        "/survey/opportunities",
        "/survey/finance",
        "/survey/sources",
        "/showcase/key_messages",
        "/references/flagship",
    ] {
        assert!(
            stderr.contains(&format!("at {gap}: still to be written: ")),
            "{gap} is not named: {stderr}"
        );
    }
    assert_eq!(
        stderr.matches("; a final edition needs it").count(),
        15,
        "{stderr}"
    );
}

#[test]
fn every_kpi_name_can_be_found_in_the_text() {
    let build = sscp::build(&root().join("fixtures/lindmoor")).unwrap_or_else(|e| panic!("{e}"));
    let all = build
        .text
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let catalogue = sscp::kpi::Catalogue::get();
    let mut missing = Vec::new();
    for kpi in &catalogue.kpis {
        if !all.contains(kpi.name.as_str()) {
            missing.push(kpi.name.clone());
        }
    }
    assert!(
        missing.is_empty(),
        "{} names not found: {missing:?}",
        missing.len()
    );
    let _ = std::fs::remove_dir_all(root().join("fixtures/lindmoor/history"));
}
