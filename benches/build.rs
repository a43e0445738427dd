//! Build speed: the Ardenvale profile built repeatedly in one process, cold first, then warm
//! (Typst's caches shared between builds). Run with `cargo bench`; prints per-stage medians.

use std::path::Path;
use std::time::Duration;

fn main() {
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/ardenvale");
    let runs: usize = std::env::var("SSCP_BENCH_RUNS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);

    let cold = sscp::build(&fixture).expect("the fixture builds");
    print_stages("cold (first build in the process)", &cold.timings);

    let mut warm: Vec<Vec<(&'static str, Duration)>> = Vec::new();
    for _ in 0..runs {
        let build = sscp::build(&fixture).expect("the fixture builds");
        assert!(build.pdf == cold.pdf, "builds must be byte-identical");
        warm.push(build.timings);
        // As a long-lived process would: keep what the next rebuild reuses, drop the rest.
        sscp::typeset::evict_caches(10);
    }
    let stages: Vec<&'static str> = cold.timings.iter().map(|(name, _)| *name).collect();
    let medians: Vec<(&'static str, Duration)> = stages
        .iter()
        .enumerate()
        .map(|(i, name)| {
            let mut times: Vec<Duration> = warm.iter().map(|t| t[i].1).collect();
            times.sort();
            (*name, times[times.len() / 2])
        })
        .collect();
    print_stages(&format!("warm (median of {runs} rebuilds)"), &medians);
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
