//! How a batch shows that it is getting on.

use std::path::Path;
use std::time::{Duration, Instant};

use super::super::args::Format;

/// How a batch shows that it is getting on, on stderr: a bar with the count and the time left
/// on a terminal, one line per finished city otherwise (a log keeps them all), nothing for
/// `--format json`.
pub enum Progress {
    Bar(indicatif::ProgressBar),
    Lines {
        total: usize,
        started: Instant,
        finished: std::sync::atomic::AtomicUsize,
    },
    Quiet,
}

impl Progress {
    /// A bar on a terminal, lines in a log, nothing for JSON.
    pub fn new(total: usize, format: Format) -> Progress {
        use std::io::IsTerminal;
        if format == Format::Json {
            return Progress::Quiet;
        }
        if !std::io::stderr().is_terminal() {
            return Progress::Lines {
                total,
                started: Instant::now(),
                finished: Default::default(),
            };
        }
        let bar = indicatif::ProgressBar::new(total as u64);
        let style = indicatif::ProgressStyle::with_template(
            "{bar:32.cyan/blue} {pos}/{len} cities, {elapsed} so far, about {eta} left  {msg}",
        )
        .expect("the template is valid")
        .progress_chars("█▌ ");
        bar.set_style(style);
        bar.enable_steady_tick(Duration::from_millis(250));
        Progress::Bar(bar)
    }

    /// One more city is done; a failure is also said above the bar.
    pub fn finished(&self, dir: &Path, ok: bool, took: Duration) {
        let outcome = if ok { "built" } else { "FAILED" };
        match self {
            Progress::Bar(bar) => {
                if !ok {
                    bar.println(format!("FAILED {}", dir.display()));
                }
                bar.set_message(format!("{outcome} {}", dir.display()));
                bar.inc(1);
            }
            Progress::Lines {
                total,
                started,
                finished,
            } => {
                let n = finished.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                let left = started.elapsed().as_secs_f64() / n as f64 * (total - n) as f64;
                eprintln!(
                    "[{n}/{total}] {outcome} {} in {:.2} s (about {left:.0} s left)",
                    dir.display(),
                    took.as_secs_f64()
                );
            }
            Progress::Quiet => {}
        }
    }

    /// The bar makes way for the summary.
    pub fn done(&self) {
        if let Progress::Bar(bar) = self {
            bar.finish_and_clear();
        }
    }
}
