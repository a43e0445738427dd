//! The batch's worker pool: a fixed number of threads, each building one city at a time, and
//! the guard that turns a city's panic into that city's failure.

use super::super::report::Findings;

/// Runs one city's build, turning a panic into that city's failure (its message kept), so
/// that the other cities of a batch are still built.
pub fn guarded(build: impl FnOnce() -> Findings) -> Findings {
    std::panic::catch_unwind(std::panic::AssertUnwindSafe(build)).unwrap_or_else(|panic| {
        let message = panic
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| panic.downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "no message".to_string());
        Findings::failed(sscp::Error::Panic(message))
    })
}

/// Runs `job` on every item, `jobs` at a time, and returns the outputs in the items' order.
///
/// Each worker is a thread of its own that takes the next item when it has finished one, so a
/// worker has one city in progress at a time. Typst lays out pages on rayon's global pool; had
/// the cities been rayon tasks too, a worker waiting there for its page runs would steal
/// further cities and start them on its own stack, with every city so started held in memory
/// until the innermost finished (half a gigabyte for ten sample cities on one worker).
pub fn run_jobs<T: Sync, R: Send>(
    items: &[T],
    jobs: usize,
    job: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Vec<std::sync::Mutex<Option<R>>> =
        items.iter().map(|_| std::sync::Mutex::new(None)).collect();
    let work = || {
        loop {
            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let output = job(item);
            *done[i]
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(output);
        }
    };
    std::thread::scope(|scope| {
        // This thread is one of the workers; a worker the system cannot start leaves its
        // share to the others.
        for n in 1..jobs {
            if let Err(e) = std::thread::Builder::new()
                .name(format!("batch-{n}"))
                .spawn_scoped(scope, work)
            {
                eprintln!(
                    "warning: cannot start build thread {n} of {jobs} ({e}); going on with fewer"
                );
                break;
            }
        }
        work();
    });
    done.into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|poisoned| poisoned.into_inner())
                .expect("every item is taken by a worker, and a worker finishes what it takes")
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    #[test]
    fn a_panicking_build_is_reported_as_that_citys_failure() {
        let findings = guarded(|| panic!("index out of bounds: the len is 3 but the index is 7"));
        let error = findings.error.expect("a failure");
        assert_eq!(
            error.to_string(),
            "the build stopped on an internal error: index out of bounds: the len is 3 but the index is 7\n  fix: this is a bug in sscp, not in the city's data; report it with the city folder (the other cities were built)"
        );
        let fine = guarded(Findings::default);
        assert!(fine.error.is_none());
    }

    #[test]
    fn batch_jobs_take_every_item_once_and_keep_their_order() {
        let items: Vec<usize> = (0..37).collect();
        for jobs in [1, 2, 5] {
            let seen = std::sync::Mutex::new(Vec::new());
            let out = run_jobs(&items, jobs, |i| {
                seen.lock().unwrap().push(*i);
                i * 10
            });
            assert_eq!(out, items.iter().map(|i| i * 10).collect::<Vec<_>>());
            let mut seen = seen.into_inner().unwrap();
            seen.sort();
            assert_eq!(seen, items, "jobs {jobs}");
        }
    }

    #[test]
    fn batch_jobs_run_at_once_up_to_the_number_asked() {
        // Each job waits (up to ten seconds) to see the other one started: both can only see
        // it if they run at the same time.
        use std::sync::atomic::{AtomicUsize, Ordering};
        let started = AtomicUsize::new(0);
        let together = |_: &u8| {
            started.fetch_add(1, Ordering::SeqCst);
            let clock = Instant::now();
            while started.load(Ordering::SeqCst) < 2 {
                if clock.elapsed() > Duration::from_secs(10) {
                    return false;
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            true
        };
        assert_eq!(run_jobs(&[1, 2], 2, together), vec![true, true]);
    }
}
