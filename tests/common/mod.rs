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
