//! `sscp batch`: many city folders in one process, each built exactly as `build` builds it.

mod common;
use common::{copy_folder, path, root, sscp, temp_dir, text};

use std::path::{Path, PathBuf};

/// A parent folder holding copies of the named sample cities.
fn cities(name: &str, samples: &[&str]) -> (PathBuf, Vec<PathBuf>) {
    let parent = temp_dir(name);
    let dirs: Vec<PathBuf> = samples
        .iter()
        .map(|sample| {
            let dir = parent.join(sample);
            copy_folder(&root().join("fixtures").join(sample), &dir);
            dir
        })
        .collect();
    (parent, dirs)
}

/// Every file a build wrote into a city folder (its output and history), with its bytes.
fn written(dir: &Path) -> Vec<(String, Vec<u8>)> {
    fn walk(base: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) {
        let mut entries: Vec<_> = std::fs::read_dir(dir).unwrap().flatten().collect();
        entries.sort_by_key(|e| e.file_name());
        for entry in entries {
            let p = entry.path();
            if p.is_dir() {
                walk(base, &p, out);
            } else {
                let name = p.strip_prefix(base).unwrap().display().to_string();
                out.push((name, std::fs::read(&p).unwrap()));
            }
        }
    }
    let mut out = Vec::new();
    for sub in ["out", "history"] {
        if dir.join(sub).is_dir() {
            walk(dir, &dir.join(sub), &mut out);
        }
    }
    out
}

#[test]
fn batch_writes_the_same_bytes_as_separate_builds_with_one_job_or_two() {
    let samples = ["lindmoor", "minimal"];
    let (_, separate) = cities("batch-separate", &samples);
    for dir in &separate {
        let run = sscp(&["build", path(dir)]);
        assert!(run.status.success(), "{}", text(&run.stderr));
    }
    for jobs in ["1", "2"] {
        let (parent, dirs) = cities(&format!("batch-jobs-{jobs}"), &samples);
        let run = sscp(&["batch", "--jobs", jobs, "--all", path(&parent)]);
        assert!(run.status.success(), "{}", text(&run.stderr));
        for (batch, alone) in dirs.iter().zip(&separate) {
            let (a, b) = (written(batch), written(alone));
            assert!(
                a.iter().any(|(name, _)| name.ends_with(".pdf")),
                "no PDF in {}",
                batch.display()
            );
            let names = |files: &[(String, Vec<u8>)]| {
                files.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>()
            };
            assert_eq!(names(&a), names(&b), "--jobs {jobs}: other files written");
            for ((name, x), (_, y)) in a.iter().zip(&b) {
                assert!(
                    x == y,
                    "--jobs {jobs}: {name} differs from a separate build"
                );
            }
        }
    }
}

#[test]
fn a_failing_city_is_reported_and_the_others_are_built_with_a_json_summary() {
    let (parent, dirs) = cities("batch-failing", &["minimal"]);
    let broken = parent.join("broken");
    std::fs::create_dir_all(&broken).unwrap();
    std::fs::write(broken.join("profile.json"), "{\"city\": ").unwrap();

    let run = sscp(&["batch", "--all", path(&parent)]);
    assert_eq!(run.status.code(), Some(1), "{}", text(&run.stderr));
    let err = text(&run.stderr);
    assert!(
        err.contains(&format!(
            "{}: error: {}:1:9: not valid JSON",
            broken.display(),
            broken.join("profile.json").display()
        )),
        "{err}"
    );
    let out = text(&run.stdout);
    assert!(out.contains("1 of 2 cities built"), "{out}");
    assert!(
        dirs[0].join("out/brookfield-draft-1.pdf").is_file(),
        "{out}"
    );

    let run = sscp(&["batch", "--format", "json", path(&dirs[0]), path(&broken)]);
    assert_eq!(run.status.code(), Some(1));
    let summary: serde_json::Value = serde_json::from_slice(&run.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", text(&run.stdout)));
    assert_eq!(summary["command"], "batch");
    assert_eq!(summary["ok"], false);
    assert_eq!(summary["built"], 1);
    assert_eq!(summary["failed"], 1);
    let cities = summary["cities"].as_array().unwrap();
    assert_eq!(cities[0]["city"], path(&dirs[0]));
    assert_eq!(cities[0]["ok"], true);
    assert_eq!(cities[0]["pages"], 12);
    assert_eq!(cities[0]["edition"], "draft 1");
    assert_eq!(cities[1]["ok"], false);
    assert!(cities[1]["errors"].as_u64().unwrap() >= 1, "{summary}");
}

#[test]
fn a_batch_with_no_cities_says_how_to_name_them() {
    let empty = temp_dir("batch-empty");
    let run = sscp(&["batch", "--all", path(&empty)]);
    assert_eq!(run.status.code(), Some(2));
    assert_eq!(
        text(&run.stderr),
        "error: no city folders to build\n  fix: name them (sscp batch fixtures/ardenvale fixtures/lindmoor) or give --all <PARENT_DIR>; a city folder holds a profile.json\n"
    );
}
