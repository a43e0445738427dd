//! Noticing saved changes to a city's files, for `sscp watch`. The files are polled (size and
//! modification time, every [`POLL`]) rather than watched through the operating system's
//! notifications: a city folder has a handful of files, polling them costs nothing measurable,
//! needs no dependency, and works the same on network drives and in containers, where
//! notifications are often missing.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use crate::round::history::COMMENT_FILES;

/// How often the files are looked at; also how long they must stay unchanged before a
/// rebuild, so that an editor's save in several writes gives one build.
pub const POLL: Duration = Duration::from_millis(200);

/// The watched files at one moment: each one's size and modification time, `None` when it
/// does not exist (a file that appears or goes is a change too).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct State(BTreeMap<PathBuf, Option<(u64, SystemTime)>>);

/// Looks at the files a build of `dir` reads: `profile.json`, `kpis.csv`, the comment files,
/// everything under `images/`, and the pictures `profile.json` names wherever they are.
pub fn state(dir: &Path) -> State {
    let mut paths: Vec<PathBuf> = ["profile.json", "kpis.csv"]
        .into_iter()
        .chain(COMMENT_FILES)
        .map(|name| dir.join(name))
        .collect();
    paths.extend(named_pictures(dir));
    files_under(&dir.join("images"), 4, &mut paths);
    State(
        paths
            .into_iter()
            .map(|path| {
                let seen = std::fs::metadata(&path)
                    .ok()
                    .map(|m| (m.len(), m.modified().unwrap_or(SystemTime::UNIX_EPOCH)));
                (path, seen)
            })
            .collect(),
    )
}

/// Blocks until the files differ from `since` and have then stayed unchanged for one
/// [`POLL`]; returns what they look like then.
pub fn wait_for_change(dir: &Path, since: &State) -> State {
    loop {
        std::thread::sleep(POLL);
        let mut now = state(dir);
        if now == *since {
            continue;
        }
        loop {
            std::thread::sleep(POLL);
            let next = state(dir);
            if next == now {
                return now;
            }
            now = next;
        }
    }
}

/// The pictures `profile.json` names, read loosely: a profile with errors still names them.
fn named_pictures(dir: &Path) -> Vec<PathBuf> {
    let Ok(text) = std::fs::read_to_string(dir.join("profile.json")) else {
        return Vec::new();
    };
    let Ok(profile) = serde_json::from_str::<serde_json::Value>(&text) else {
        return Vec::new();
    };
    ["/images/cover/file", "/images/logo/file"]
        .iter()
        .filter_map(|pointer| profile.pointer(pointer)?.as_str())
        .map(|file| dir.join(file))
        .collect()
}

/// Every file under `folder`, `depth` folders deep at most.
fn files_under(folder: &Path, depth: usize, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(folder) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        match entry.file_type() {
            Ok(kind) if kind.is_dir() && depth > 0 => files_under(&path, depth - 1, out),
            Ok(_) => out.push(path),
            Err(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_file_changes_the_state_and_a_new_picture_does_too() {
        let dir = std::env::temp_dir().join(format!("sscp-watch-state-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("images")).unwrap();
        std::fs::write(dir.join("profile.json"), "{}").unwrap();
        let before = state(&dir);
        assert_eq!(state(&dir), before);
        std::fs::write(dir.join("profile.json"), "{ }").unwrap();
        let edited = state(&dir);
        assert_ne!(edited, before);
        std::fs::write(dir.join("images/logo.png"), "").unwrap();
        assert_ne!(state(&dir), edited);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
