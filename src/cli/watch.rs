//! `sscp watch`: rebuilds the PDF on every saved change to the city's files.

use std::path::{Path, PathBuf};
use std::time::Instant;

use super::args::Format;
use super::build::{History, build};
use super::report::finish;

/// Rebuilds on every saved change until the process is stopped (Ctrl-C: the PDF is written
/// in one rename, so stopping never leaves half a file). Typst's caches stay warm between
/// builds, so a rebuild after a small edit takes a fraction of the first build; each build's
/// time and problems are printed, and a failing build does not end the watch. With `html`, the
/// web edition beside the PDF is rewritten each time too.
pub fn watch(city_dir: &Path, output: Option<PathBuf>, html: bool) -> Result<(), sscp::Error> {
    say!(
        "watching {} (profile.json, kpis.csv, images/, {}); Ctrl-C stops",
        city_dir.display(),
        sscp::round::history::COMMENT_FILES.join(", ")
    );
    say!(
        "watch records no history snapshot: run sscp build {} to record the draft you share",
        city_dir.display()
    );
    let mut verb = "built";
    loop {
        // Taken before the build, so that a save during the build starts another.
        let state = sscp::watch::state(city_dir);
        let started = Instant::now();
        let mut findings = build(
            city_dir,
            output.clone(),
            sscp::Options {
                html,
                ..Default::default()
            },
            History::Skip,
        );
        let took = started.elapsed().as_secs_f64() * 1000.0;
        let status = match (&findings.error, findings.facts.get("output")) {
            (None, Some(out)) => format!(
                "{verb} {} in {took:.0} ms ({} pages)",
                out.as_str().unwrap_or_default(),
                findings
                    .facts
                    .get("pages")
                    .map(ToString::to_string)
                    .unwrap_or_default()
            ),
            _ => format!(
                "build failed after {took:.0} ms (problems above); waiting for the next change"
            ),
        };
        findings.done.clear();
        let _ = finish("watch", Format::Text, findings);
        say!("{status}");
        // As typst-cli's watch does: keep what the next rebuild reuses, drop the rest.
        sscp::typeset::evict_caches(10);
        sscp::typeset::release_freed_memory();
        sscp::watch::wait_for_change(city_dir, &state);
        verb = "rebuilt";
    }
}
