//! The web edition in a real browser: every sample city's HTML loads in headless Chromium and
//! axe-core finds no WCAG 2.1 AA violation, in light and dark mode, at 375 and 1280 px, with
//! nothing wider than a phone's screen (tests/browser/check.mjs). Needs Debian's chromium and
//! `npm ci --prefix tests/browser`, which `.ci/run` installs.

mod common;

use std::process::Command;

use common::{copy_folder, path, root, sscp, temp_dir, text};

const CITIES: [&str; 5] = ["ardenvale", "kestrelbay", "lindmoor", "oskava", "minimal"];

#[test]
fn every_sample_citys_web_edition_has_no_accessibility_violation_in_chromium() {
    let browser = root().join("tests/browser");
    assert!(
        browser.join("node_modules/axe-core").is_dir(),
        "axe-core is not installed\n  fix: npm ci --prefix tests/browser (and apt-get install chromium), as .ci/run does"
    );
    let mut pages = Vec::new();
    for city in CITIES {
        let dir = temp_dir(&format!("browser-{city}"));
        copy_folder(&root().join("fixtures").join(city), &dir);
        let out = dir.join("out").join(format!("{city}.pdf"));
        let build = sscp(&["build", path(&dir), "-o", path(&out), "--html"]);
        assert!(build.status.success(), "{city}: {}", text(&build.stderr));
        let html = out.with_extension("html");
        assert!(html.is_file(), "{city}: no {}", html.display());
        pages.push(html);
    }
    let shots = temp_dir("browser-shots");
    let run = Command::new("node")
        .arg(browser.join("check.mjs"))
        .arg("--shots")
        .arg(&shots)
        .args(&pages)
        .output()
        .expect("node is needed for this test (Debian's nodejs)");
    let report = text(&run.stdout);
    assert!(
        run.status.success(),
        "axe-core or the layout found problems:\n{report}{}",
        text(&run.stderr)
    );
    // Each city checked four ways: light and dark, phone and desktop.
    assert_eq!(report.lines().count(), 4 * CITIES.len(), "{report}");
    assert!(
        report
            .lines()
            .all(|l| l.contains("\"violations\":[]") && l.contains("\"overflow\":0")),
        "{report}"
    );
    assert_eq!(std::fs::read_dir(&shots).unwrap().count(), 4 * CITIES.len());
}
