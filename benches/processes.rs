//! Whole processes, as a user runs them, in alternating runs (so that a noisy machine slows
//! both sides alike), with medians and peak resident memory:
//! 1. `sscp build` of the Ardenvale sample against `typst compile` of the bundle `sscp bundle`
//!    writes for it, when a `typst` is on the PATH (Typst 0.15.1, the version sscp embeds);
//! 2. `sscp batch --all` over many city folders (copies of the sample cities, each with its own
//!    id) against one `sscp build` process per folder, one after the other;
//! 3. the peak memory of one large batch, and how it grows with the number of cities.
//!
//! Run with `cargo bench --bench processes` (add `--profile dev` for the README's profile).
//! `SSCP_BENCH_RUNS` sets the alternating runs (default 7), `SSCP_BENCH_CITIES` the folders of
//! the batch comparison (default 48) and `SSCP_BENCH_LARGE` those of the large batch (default
//! 500; 0 skips it).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const SSCP: &str = env!("CARGO_BIN_EXE_sscp");
const SAMPLES: [&str; 4] = ["ardenvale", "kestrelbay", "lindmoor", "oskava"];

fn main() {
    let runs = setting("SSCP_BENCH_RUNS", 7);
    let cities = setting("SSCP_BENCH_CITIES", 48);
    let large = setting("SSCP_BENCH_LARGE", 500);
    let scratch = std::env::temp_dir().join(format!("sscp-bench-processes-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).expect("a scratch folder");
    println!("sscp: {SSCP}");

    // 1. One build against the stock compiler on the same document.
    let city = copies(&scratch.join("one"), 1).remove(0);
    let bundle = scratch.join("bundle");
    run(Command::new(SSCP)
        .arg("bundle")
        .arg(&city)
        .arg("-o")
        .arg(&bundle));
    let build = || {
        let mut c = Command::new(SSCP);
        c.arg("build").arg(&city);
        c
    };
    match typst_cli() {
        Some(version) => {
            println!("{version}");
            let cli = || {
                let mut c = Command::new("typst");
                c.args(["compile", "--ignore-system-fonts", "--font-path"])
                    .arg(bundle.join("fonts"))
                    .args(["--pdf-standard", "a-3a,ua-1"])
                    .arg(bundle.join("main.typ"))
                    .arg(scratch.join("cli.pdf"));
                c
            };
            compare(
                runs,
                "sscp build (Ardenvale)",
                &build,
                "typst compile of its bundle",
                &cli,
            );
        }
        None => {
            println!("no typst 0.15.1 on the PATH: sscp build timed alone");
            let (wall, memory) = measure(&mut build());
            println!(
                "sscp build (Ardenvale): {:.3} s, {memory:.0} MiB",
                secs(wall)
            );
        }
    }

    // 2. Many cities in one process against one process per city.
    let parent = scratch.join("many");
    let folders = copies(&parent, cities);
    let sequential = || {
        // One command that runs the builds in turn: a shell loop, as a user would write it.
        let mut c = Command::new("sh");
        c.arg("-c")
            .arg("for d in \"$@\"; do \"$0\" build \"$d\" >/dev/null 2>&1 || exit 1; done")
            .arg(SSCP)
            .args(&folders);
        c
    };
    let batch = || {
        let mut c = Command::new(SSCP);
        c.arg("batch").arg("--all").arg(&parent);
        c
    };
    compare(
        runs.min(3),
        &format!("sscp batch --all ({cities} cities)"),
        &batch,
        &format!("{cities} sscp build processes"),
        &sequential,
    );

    // 3. Memory as the batch grows: the peak must not follow the count.
    if large > 0 {
        let parent = scratch.join("large");
        copies(&parent, large);
        for count in [large / 10, large] {
            let mut c = Command::new(SSCP);
            c.arg("batch");
            for i in 0..count {
                c.arg(parent.join(format!("city-{i:04}")));
            }
            let (wall, memory) = measure(&mut c);
            println!(
                "sscp batch of {count} cities: {:.1} s ({:.1} cities a second), peak {memory:.0} MiB",
                secs(wall),
                count as f64 / secs(wall)
            );
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
}

/// `count` city folders under `parent` (city-0000, city-0001, …): the sample cities in turn,
/// each with the id of its folder so that every profile is a city of its own.
fn copies(parent: &Path, count: usize) -> Vec<PathBuf> {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    (0..count)
        .map(|i| {
            let sample = fixtures.join(SAMPLES[i % SAMPLES.len()]);
            let dir = parent.join(format!("city-{i:04}"));
            copy_folder(&sample, &dir);
            // A copy is the sample's first draft: no history or comments to check against.
            for extra in ["history", "comments.json", "out"] {
                let _ = std::fs::remove_dir_all(dir.join(extra));
                let _ = std::fs::remove_file(dir.join(extra));
            }
            let path = dir.join("profile.json");
            let text = std::fs::read_to_string(&path).expect("profile.json");
            let mut profile: serde_json::Value = serde_json::from_str(&text).expect("JSON");
            profile["city"]["id"] = format!("city-{i:04}").into();
            std::fs::write(&path, serde_json::to_string_pretty(&profile).expect("JSON"))
                .expect("profile.json written");
            dir
        })
        .collect()
}

fn copy_folder(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("a folder");
    for entry in std::fs::read_dir(from).expect("a fixture").flatten() {
        let path = entry.path();
        if path.is_dir() {
            copy_folder(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("a copy");
        }
    }
}

/// Times `a` and `b` in alternating runs after one warm-up each, and prints their medians,
/// the ratio of a to b (with its range over the pairs) and each one's peak memory.
fn compare(
    runs: usize,
    a_name: &str,
    a: &dyn Fn() -> Command,
    b_name: &str,
    b: &dyn Fn() -> Command,
) {
    measure(&mut a());
    measure(&mut b());
    let mut a_runs = Vec::new();
    let mut b_runs = Vec::new();
    for i in 0..runs {
        // Alternate which goes first, so neither always follows the other.
        if i % 2 == 0 {
            a_runs.push(measure(&mut a()));
            b_runs.push(measure(&mut b()));
        } else {
            b_runs.push(measure(&mut b()));
            a_runs.push(measure(&mut a()));
        }
    }
    let mut ratios: Vec<f64> = a_runs
        .iter()
        .zip(&b_runs)
        .map(|(a, b)| secs(a.0) / secs(b.0))
        .collect();
    ratios.sort_by(f64::total_cmp);
    let (a_wall, a_mem) = medians(&a_runs);
    let (b_wall, b_mem) = medians(&b_runs);
    println!("{runs} alternating runs, medians:");
    println!("  {a_name:<40} {a_wall:>8.3} s {a_mem:>6.0} MiB");
    println!("  {b_name:<40} {b_wall:>8.3} s {b_mem:>6.0} MiB");
    println!(
        "  ratio {:.2} (pairs {:.2}–{:.2})",
        a_wall / b_wall,
        ratios[0],
        ratios[ratios.len() - 1]
    );
}

/// Runs the command to its end: wall time, and the peak resident set in MiB (the process's
/// own high-water mark, read from /proc every 2 ms while it runs; a shell's children are
/// followed too, and the largest counts).
fn measure(command: &mut Command) -> (Duration, f64) {
    let start = Instant::now();
    let mut child = command
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("the command starts");
    let mut peak: f64 = 0.0;
    loop {
        peak = peak.max(high_water(child.id()));
        if let Some(status) = child.try_wait().expect("the command runs") {
            assert!(status.success(), "{command:?} failed: {status}");
            return (start.elapsed(), peak);
        }
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// The high-water resident set of a process and its children, in MiB.
fn high_water(pid: u32) -> f64 {
    let own = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            let line = s.lines().find(|l| l.starts_with("VmHWM:"))?;
            line.split_whitespace().nth(1)?.parse::<f64>().ok()
        })
        .map_or(0.0, |kib| kib / 1024.0);
    let children =
        std::fs::read_to_string(format!("/proc/{pid}/task/{pid}/children")).unwrap_or_default();
    children
        .split_whitespace()
        .filter_map(|c| c.parse().ok())
        .map(high_water)
        .fold(own, f64::max)
}

fn medians(runs: &[(Duration, f64)]) -> (f64, f64) {
    let mut walls: Vec<f64> = runs.iter().map(|r| secs(r.0)).collect();
    let mut memory: Vec<f64> = runs.iter().map(|r| r.1).collect();
    walls.sort_by(f64::total_cmp);
    memory.sort_by(f64::total_cmp);
    (walls[walls.len() / 2], memory[memory.len() / 2])
}

/// The `typst` on the PATH, if it is the version sscp embeds.
fn typst_cli() -> Option<String> {
    let out = Command::new("typst").arg("--version").output().ok()?;
    let version = String::from_utf8_lossy(&out.stdout).trim().to_string();
    version.contains("0.15.1").then_some(version)
}

fn run(command: &mut Command) {
    let status = command
        .stdout(Stdio::null())
        .status()
        .expect("the command starts");
    assert!(status.success(), "{command:?} failed");
}

fn secs(d: Duration) -> f64 {
    d.as_secs_f64()
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}
