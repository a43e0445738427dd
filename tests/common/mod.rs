//! Helpers shared by the integration tests: scratch folders, fixture copies, and running the
//! `sscp` binary from the crate root (where the fixtures' relative paths hold).
#![allow(dead_code)] // Each test file uses its own subset.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A fresh, empty folder under the system temp folder, unique to this process and `name`.
pub fn temp_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("sscp-test-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// A copy of a fixture city folder's two data files, to change for one test.
pub fn copy_city(fixture: &str, name: &str) -> PathBuf {
    let dir = temp_dir(name);
    for file in ["profile.json", "kpis.csv"] {
        std::fs::copy(root().join(fixture).join(file), dir.join(file)).unwrap();
    }
    dir
}

/// The `profile.json` of a city folder, to change in a test.
pub fn read_profile(dir: &Path) -> serde_json::Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("profile.json")).unwrap()).unwrap()
}

pub fn write_profile(dir: &Path, profile: &serde_json::Value) {
    std::fs::write(
        dir.join("profile.json"),
        serde_json::to_string_pretty(profile).unwrap(),
    )
    .unwrap();
}

/// Runs `sscp` with the crate root as the current folder.
pub fn sscp(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_sscp"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap()
}

/// Output bytes as text, for messages and assertions.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A path as a command-line argument.
pub fn path(p: &Path) -> &str {
    p.to_str()
        .unwrap_or_else(|| panic!("not UTF-8: {}", p.display()))
}

/// A copy of a whole city folder (pictures included), without its history and output.
pub fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "history" || name == "out" {
            continue;
        }
        if entry.file_type().unwrap().is_dir() {
            copy_folder(&entry.path(), &to.join(&name));
        } else {
            std::fs::copy(entry.path(), to.join(&name)).unwrap();
        }
    }
}

/// How empty each page looks: the tallest band of pixel rows without ink inside the text area,
/// as a share of the text area's height (ink: darker than 150 of 255 in greyscale, so tints and
/// the DRAFT mark do not count). Pages rendered by pdftoppm at 30 dpi.
pub fn emptiness(pdf: &std::path::Path, first: usize, last: usize) -> Option<Vec<(usize, f64)>> {
    // Tests of one binary run at once, often on PDFs of the same name: each rendering gets a
    // folder of its own.
    static RENDERINGS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = RENDERINGS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = temp_dir(&format!("pages-{n}-{}", pdf.file_stem()?.to_string_lossy()));
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

pub fn empty_share(pgm: &[u8]) -> f64 {
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
