//! Draft rounds: every page of a draft says which draft it is, and each build records the
//! inputs it was built from, its PDF and their sums in the city's history, so that a draft
//! shared with a city is never silently replaced by a different one.

use std::collections::BTreeMap;
use std::path::Path;

use sha2::{Digest, Sha256};

mod common;
use common::{copy_city, path, read_profile, root, sscp, text, write_profile};

const FIXTURE: &str = "fixtures/ardenvale";
const DRAFT_LINE: &str = "Draft 2 · 20 November 2026";

/// Every file under `dir` by its `/`-separated path inside it.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(dir: &Path, prefix: &str, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let entry = entry.unwrap();
            let name = format!("{prefix}{}", entry.file_name().to_string_lossy());
            if entry.file_type().unwrap().is_dir() {
                walk(&entry.path(), &format!("{name}/"), out);
            } else {
                out.insert(name, std::fs::read(entry.path()).unwrap());
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, "", &mut out);
    out
}

/// Checks `SHA256SUMS` against SHA-256 sums computed here: one `<hex>  <path>` line per other
/// file of the snapshot, sorted by path.
fn assert_sums_cover_every_file(snapshot: &Path) {
    let mut files = files(snapshot);
    let sums = String::from_utf8(files.remove("SHA256SUMS").expect("SHA256SUMS")).unwrap();
    let expected: String = files
        .iter()
        .map(|(path, bytes)| {
            let hex: String = Sha256::digest(bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("{hex}  {path}\n")
        })
        .collect();
    assert_eq!(sums, expected, "{}", snapshot.display());
}

fn build(dir: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["build", path(dir)];
    args.extend(extra);
    sscp(&args)
}

#[test]
fn every_page_of_a_draft_carries_the_mark_and_the_draft_number_and_date() {
    let build = sscp::build(&root().join(FIXTURE)).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(build.text.len(), 12);
    for (i, page) in build.text.iter().enumerate() {
        assert!(page.contains("DRAFT"), "page {} has no DRAFT mark", i + 1);
        assert!(
            page.contains(DRAFT_LINE),
            "page {} does not say {DRAFT_LINE:?}",
            i + 1
        );
    }
}

#[test]
fn a_build_records_its_inputs_pdf_and_sums_as_a_city_folder() {
    let dir = copy_city(FIXTURE, "history-snapshot");
    std::fs::copy(
        root().join(FIXTURE).join("comments.json"),
        dir.join("comments.json"),
    )
    .unwrap();
    std::fs::create_dir_all(dir.join("images")).unwrap();
    image::RgbImage::from_pixel(320, 320, image::Rgb([0, 90, 160]))
        .save(dir.join("images/logo.png"))
        .unwrap();
    // A picture the profile does not name is not an input.
    std::fs::write(dir.join("images/unused.png"), b"not a picture").unwrap();
    let mut profile = read_profile(&dir);
    profile["images"] =
        serde_json::json!({ "logo": { "file": "images/logo.png", "alt": "Ardenvale's arms" } });
    write_profile(&dir, &profile);

    let run = build(&dir, &[]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let snapshot = dir.join("history/draft-2");
    assert!(
        text(&run.stdout).contains(&format!(
            "recorded the inputs, the PDF and their SHA-256 sums in {}",
            snapshot.display()
        )),
        "{}",
        text(&run.stdout)
    );
    let recorded = files(&snapshot);
    assert_eq!(
        recorded.keys().collect::<Vec<_>>(),
        [
            "SHA256SUMS",
            "ardenvale-draft-2.pdf",
            "comments.json",
            "images/logo.png",
            "kpis.csv",
            "profile.json",
            "review-map.json"
        ]
    );
    for input in [
        "comments.json",
        "images/logo.png",
        "kpis.csv",
        "profile.json",
    ] {
        assert!(
            recorded[input] == std::fs::read(dir.join(input)).unwrap(),
            "{input}"
        );
    }
    assert!(
        recorded["ardenvale-draft-2.pdf"]
            == std::fs::read(dir.join("out/ardenvale-draft-2.pdf")).unwrap()
    );
    assert_sums_cover_every_file(&snapshot);
    sscp::load(&snapshot).unwrap_or_else(|e| panic!("the snapshot is no city folder: {e}"));
}

#[test]
fn a_shared_draft_is_not_replaced_by_other_inputs_without_force() {
    let dir = copy_city(FIXTURE, "history-refusal");
    let first = build(&dir, &[]);
    assert!(first.status.success(), "{}", text(&first.stderr));
    let snapshot = dir.join("history/draft-2");
    let pdf = dir.join("out/ardenvale-draft-2.pdf");
    let (recorded, shared_pdf) = (files(&snapshot), std::fs::read(&pdf).unwrap());

    // The same inputs again: accepted, nothing changes.
    let again = build(&dir, &[]);
    assert!(again.status.success(), "{}", text(&again.stderr));
    assert!(
        text(&again.stdout).contains("history unchanged: the same inputs are recorded in"),
        "{}",
        text(&again.stdout)
    );
    assert!(files(&snapshot) == recorded);

    // One paragraph edited after the draft was shared.
    let mut profile = read_profile(&dir);
    profile["survey"]["finance"] = "Projects are financed from the city budget.".into();
    write_profile(&dir, &profile);
    let refused = build(&dir, &[]);
    assert_eq!(refused.status.code(), Some(1));
    assert_eq!(
        text(&refused.stderr),
        format!(
            "error: {}: draft 2 was recorded here from other inputs (profile.json changed); \
             a draft is kept as it was shared, so neither the PDF nor the snapshot was written\n  \
             fix: raise \"draft\" at /edition/draft in {} to 3 for the next round, \
             or build with --force to replace draft 2 and its snapshot\n\
             warning: page 3 holds a placeholder for a photo for Key messages: at least 2056 px wide (images.sections, \"place\": \"key-messages\"); a final edition prints no placeholder\n\
             warning: page 11 holds a placeholder for a photo for Challenges and opportunities: at least 2056 px wide (images.sections, \"place\": \"outlook\"); a final edition prints no placeholder\n",
            snapshot.display(),
            dir.join("profile.json").display()
        )
    );
    assert!(
        text(&refused.stdout).is_empty(),
        "{}",
        text(&refused.stdout)
    );
    assert!(files(&snapshot) == recorded, "the snapshot was changed");
    assert!(
        std::fs::read(&pdf).unwrap() == shared_pdf,
        "the PDF was written"
    );

    let forced = build(&dir, &["--force"]);
    assert!(forced.status.success(), "{}", text(&forced.stderr));
    assert!(
        text(&forced.stdout).contains("replaced (--force) the earlier snapshot in"),
        "{}",
        text(&forced.stdout)
    );
    let replaced = files(&snapshot);
    assert!(replaced["profile.json"] == std::fs::read(dir.join("profile.json")).unwrap());
    assert!(replaced["ardenvale-draft-2.pdf"] == std::fs::read(&pdf).unwrap());
    assert!(replaced["ardenvale-draft-2.pdf"] != shared_pdf);
    assert_sums_cover_every_file(&snapshot);
    let leftovers: Vec<_> = std::fs::read_dir(dir.join("history"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["draft-2"]);
}

#[test]
fn a_final_edition_is_recorded_in_history_final() {
    let dir = copy_city(FIXTURE, "history-final");
    let mut profile = read_profile(&dir);
    profile["edition"]["status"] = "final".into();
    write_profile(&dir, &profile);
    let run = build(&dir, &[]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let snapshot = dir.join("history/final");
    assert!(snapshot.join("ardenvale-final.pdf").is_file());
    assert_sums_cover_every_file(&snapshot);

    profile["survey"]["finance"] = "Projects are financed from the city budget.".into();
    write_profile(&dir, &profile);
    let refused = build(&dir, &[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(
        text(&refused.stderr).contains(
            "the final edition was recorded here from other inputs (profile.json changed)"
        ),
        "{}",
        text(&refused.stderr)
    );
}

#[test]
fn the_sample_draft_one_is_a_city_folder_with_its_sums() {
    let snapshot = root().join(FIXTURE).join("history/draft-1");
    sscp::load(&snapshot).unwrap_or_else(|e| panic!("{e}"));
    // The sample keeps its inputs in git, not the PDF a build adds; check the committed files.
    let sums = std::fs::read_to_string(snapshot.join("SHA256SUMS")).unwrap();
    for line in sums.lines() {
        let (hex, name) = line.split_once("  ").unwrap();
        let bytes = std::fs::read(snapshot.join(name)).unwrap();
        let actual: String = Sha256::digest(&bytes)
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect();
        assert_eq!(hex, actual, "{name}");
    }
    assert!(sums.contains("  profile.json\n") && sums.contains("  kpis.csv\n"));
}

#[test]
fn two_builds_recording_the_same_new_draft_at_once_settle_on_one_snapshot() {
    // Both builds find no snapshot, then record: the second's rename meets the first's folder.
    let dir = copy_city("fixtures/ardenvale", "concurrent");
    let city = sscp::load(&dir).unwrap();
    let first = sscp::round::history::prepare(&city, false).unwrap();
    let second = sscp::round::history::prepare(&city, false).unwrap();
    let built = sscp::build(&dir).unwrap();
    let snapshot = first.dir.clone();
    assert!(matches!(
        first.record(&built.pdf),
        Ok(sscp::round::history::Recorded::New)
    ));
    let settled = second.record(&built.pdf);
    assert!(
        matches!(settled, Ok(sscp::round::history::Recorded::Unchanged)),
        "the identical snapshot is accepted: {settled:?}"
    );
    assert_sums_cover_every_file(&snapshot);
    let leftovers: Vec<String> = std::fs::read_dir(snapshot.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(leftovers.is_empty(), "staging folders left: {leftovers:?}");

    // Two processes at once, the same way.
    let dir = copy_city("fixtures/ardenvale", "concurrent-cli");
    let runs: Vec<_> = (0..2)
        .map(|i| {
            let out = dir.join(format!("out-{i}.pdf"));
            std::process::Command::new(env!("CARGO_BIN_EXE_sscp"))
                .args(["build", path(&dir), "-o", path(&out)])
                .current_dir(root())
                .spawn()
                .unwrap()
        })
        .collect();
    for run in runs {
        let out = run.wait_with_output().unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
    }
    assert_sums_cover_every_file(&dir.join("history/draft-2"));

    // Other inputs recorded first: the later build is refused as a changed shared draft.
    let dir = copy_city("fixtures/ardenvale", "concurrent-other");
    let city = sscp::load(&dir).unwrap();
    let mine = sscp::round::history::prepare(&city, false).unwrap();
    let mut profile = read_profile(&dir);
    profile["edition"]["title"] = "Another title".into();
    write_profile(&dir, &profile);
    let theirs = sscp::round::history::prepare(&sscp::load(&dir).unwrap(), false).unwrap();
    let built = sscp::build(&dir).unwrap();
    theirs.record(&built.pdf).unwrap();
    let refused = mine.record(&built.pdf).unwrap_err();
    assert!(
        matches!(refused, sscp::round::history::HistoryError::Changed { .. }),
        "{refused}"
    );
}
