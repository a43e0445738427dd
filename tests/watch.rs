//! `sscp watch`: an editor saves profile.json and the PDF is rebuilt by the running process.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

mod common;
use common::{copy_city, path, read_profile, root, write_profile};

/// Stops the watch however the test ends.
struct Child(std::process::Child);

impl Drop for Child {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// A running `sscp watch` of `dir` (with `extra` arguments) and the lines it prints.
fn start(dir: &std::path::Path, extra: &[&str]) -> (Child, mpsc::Receiver<String>) {
    let mut child = Child(
        Command::new(env!("CARGO_BIN_EXE_sscp"))
            .args(["watch", path(dir)])
            .args(extra)
            .current_dir(root())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = child.0.stdout.take().unwrap();
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send(line).is_err() {
                break;
            }
        }
    });
    (child, received)
}

/// Lines until one starts with `verb`, or panics after the time allowed.
fn wait_for(received: &mpsc::Receiver<String>, verb: &str, seen: &mut Vec<String>) {
    loop {
        match received.recv_timeout(Duration::from_secs(60)) {
            Ok(line) => {
                let done = line.starts_with(verb);
                seen.push(line);
                if done {
                    return;
                }
            }
            Err(e) => panic!("no \"{verb}\" line ({e}); the watch printed {seen:#?}"),
        }
    }
}

#[test]
fn watch_rebuilds_after_a_saved_edit_and_records_no_history() {
    let dir = copy_city("fixtures/ardenvale", "watch");
    let (_child, received) = start(&dir, &[]);
    let wait_for = |verb: &str, seen: &mut Vec<String>| wait_for(&received, verb, seen);
    let mut seen = Vec::new();
    wait_for("built ", &mut seen);
    let pdf = dir.join("out/ardenvale-draft-2.pdf");
    let first = std::fs::read(&pdf).unwrap();

    let mut profile = read_profile(&dir);
    profile["survey"]["finance"] = "Projects are financed from the city budget.".into();
    write_profile(&dir, &profile);
    wait_for("rebuilt ", &mut seen);

    assert!(
        std::fs::read(&pdf).unwrap() != first,
        "the PDF was not rebuilt"
    );
    assert!(
        seen[0].starts_with(&format!("watching {}", dir.display())),
        "{seen:#?}"
    );
    assert!(seen.last().unwrap().ends_with("(12 pages)"), "{seen:#?}");
    assert!(!dir.join("history").exists(), "watch recorded a snapshot");
}

#[test]
fn watch_with_html_rewrites_the_web_edition_too() {
    let dir = copy_city("fixtures/ardenvale", "watch-html");
    let (_child, received) = start(&dir, &["--html"]);
    let mut seen = Vec::new();
    wait_for(&received, "built ", &mut seen);
    let html = dir.join("out/ardenvale-draft-2.html");
    assert!(html.is_file(), "no web edition: {seen:#?}");
    let mut profile = read_profile(&dir);
    profile["survey"]["finance"] = "Projects are financed from the harbour levy.".into();
    write_profile(&dir, &profile);
    wait_for(&received, "rebuilt ", &mut seen);
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.contains("financed from the harbour levy"), "{seen:#?}");
}
