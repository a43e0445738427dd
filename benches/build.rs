//! Build speed and memory: the Ardenvale profile built repeatedly in one process, as `sscp
//! watch` does. Cold first; then warm rebuilds (Typst's caches shared between builds, evicted,
//! and freed memory handed back, after each as the watch does) of unchanged inputs, after a
//! one-paragraph edit, and after one KPI value changed; then the resident set over many
//! rebuilds, which must stay flat. Run with
//! `cargo bench`; `SSCP_BENCH_RUNS` sets the rebuilds per kind (default 20) and
//! `SSCP_BENCH_MEMORY_RUNS` those of the memory run (default 200).

use std::path::{Path, PathBuf};
use std::time::Duration;

/// A rebuild's stage timings, in the order the build gives them.
type Timings = Vec<(&'static str, Duration)>;

fn main() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ardenvale");
    let runs = setting("SSCP_BENCH_RUNS", 20);
    let memory_runs = setting("SSCP_BENCH_MEMORY_RUNS", 200);
    let city = City::copy(&fixture);

    let cold = sscp::build(&city.dir).expect("the fixture builds");
    print_stages("cold (first build in the process)", &cold.timings);
    sscp::typeset::evict_caches(10);
    sscp::typeset::release_freed_memory();

    let unchanged = rebuilds(runs, |_| {});
    print_stages(
        &format!("warm, unchanged (median of {runs})"),
        &median(&unchanged),
    );
    let edited = rebuilds(runs, |i| city.edit_paragraph(i));
    print_stages(
        &format!("warm, one paragraph edited (median of {runs})"),
        &median(&edited),
    );
    let kpi = rebuilds(runs, |i| city.edit_kpi(i));
    print_stages(
        &format!("warm, one KPI value changed (median of {runs})"),
        &median(&kpi),
    );

    println!(
        "resident set over {memory_runs} warm rebuilds, a paragraph and a KPI edited each time"
    );
    let start = resident_mib();
    for i in 0..memory_runs {
        city.edit_paragraph(1000 + i);
        city.edit_kpi(1000 + i);
        sscp::build(&city.dir).expect("the edited fixture builds");
        sscp::typeset::evict_caches(10);
        sscp::typeset::release_freed_memory();
        if (i + 1) % (memory_runs / 4).max(1) == 0 {
            println!("  after {:>4} rebuilds {:>8.1} MiB", i + 1, resident_mib());
        }
    }
    println!("  (before: {start:.1} MiB)");
    let _ = std::fs::remove_dir_all(&city.dir);

    /// Builds `runs` times, calling `edit` with the run's number before each build.
    fn rebuilds(runs: usize, mut edit: impl FnMut(usize)) -> Vec<Timings> {
        (0..runs)
            .map(|i| {
                edit(i);
                let build = sscp::build(&City::current()).expect("the fixture builds");
                // As the watch does: keep what the next rebuild reuses, drop the rest.
                sscp::typeset::evict_caches(10);
                sscp::typeset::release_freed_memory();
                build.timings
            })
            .collect()
    }
}

/// A scratch copy of the fixture, edited between builds.
struct City {
    dir: PathBuf,
    profile: serde_json::Value,
    kpis: String,
}

impl City {
    fn copy(fixture: &Path) -> City {
        let dir = City::current();
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a scratch folder");
        for file in ["profile.json", "kpis.csv"] {
            std::fs::copy(fixture.join(file), dir.join(file)).expect("the fixture copies");
        }
        let profile = std::fs::read_to_string(dir.join("profile.json")).expect("profile.json");
        City {
            profile: serde_json::from_str(&profile).expect("profile.json is JSON"),
            kpis: std::fs::read_to_string(dir.join("kpis.csv")).expect("kpis.csv"),
            dir,
        }
    }

    /// The scratch folder of this process.
    fn current() -> PathBuf {
        std::env::temp_dir().join(format!("sscp-bench-{}", std::process::id()))
    }

    /// Rewrites one paragraph (the finance section), differently for each `i`.
    fn edit_paragraph(&self, i: usize) {
        let mut profile = self.profile.clone();
        profile["survey"]["finance"] = format!(
            "Projects are financed from the city budget, national programmes and EU funds; \
             revision {i} of this paragraph."
        )
        .into();
        let text = serde_json::to_string_pretty(&profile).expect("the profile serialises");
        std::fs::write(self.dir.join("profile.json"), text).expect("profile.json written");
    }

    /// Changes one KPI value (Household Internet Access, 2024), differently for each `i`.
    fn edit_kpi(&self, i: usize) {
        let value = format!("{:.1}", 80.0 + (i % 150) as f64 / 10.0);
        let kpis = self
            .kpis
            .replace(",91.4,%,2024,", &format!(",{value},%,2024,"));
        assert!(
            kpis != self.kpis || value == "91.4",
            "the KPI row was found"
        );
        std::fs::write(self.dir.join("kpis.csv"), kpis).expect("kpis.csv written");
    }
}

fn setting(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(default)
}

/// The process's resident set, from /proc/self/statm (in pages; Linux pages are 4 KiB).
fn resident_mib() -> f64 {
    std::fs::read_to_string("/proc/self/statm")
        .ok()
        .and_then(|s| s.split_whitespace().nth(1)?.parse::<f64>().ok())
        .map_or(f64::NAN, |pages| pages * 4096.0 / (1024.0 * 1024.0))
}

/// The median of each stage over the rebuilds.
fn median(rebuilds: &[Timings]) -> Timings {
    let stages = &rebuilds[0];
    stages
        .iter()
        .enumerate()
        .map(|(i, (name, _))| {
            let mut times: Vec<Duration> = rebuilds.iter().map(|t| t[i].1).collect();
            times.sort();
            (*name, times[times.len() / 2])
        })
        .collect()
}

fn print_stages(title: &str, stages: &[(&'static str, Duration)]) {
    println!("{title}");
    let mut total = Duration::ZERO;
    for (name, took) in stages {
        total += *took;
        println!("  {name:<16} {:>8.1} ms", took.as_secs_f64() * 1000.0);
    }
    println!("  {:<16} {:>8.1} ms", "total", total.as_secs_f64() * 1000.0);
}
