//! The library's modules import one another without a loop: among the modules of one parent,
//! `a` using `b` and `b` using `a` (directly or round a longer ring) fails, naming the files
//! and lines of each step. A module may use its ancestors and its own descendants freely; what
//! must not loop is the graph of siblings, where each stage hands its results on.
//!
//! References are read from the source text: `crate::` and `super::` paths, braces expanded,
//! outside comments and before a file's `#[cfg(test)]` module (tests may reach anywhere).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// A module's path from the crate root: `["typeset", "plan"]`; the root is `[]`.
type ModulePath = Vec<String>;

/// One use of another module: where it is written, and the module it reaches.
struct Reference {
    from: ModulePath,
    to: ModulePath,
    file: PathBuf,
    line: usize,
}

#[test]
fn sibling_modules_do_not_import_each_other_in_a_loop() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let modules = library_modules(&src);
    assert!(
        modules.len() > 20,
        "only {} modules found under {}",
        modules.len(),
        src.display()
    );
    let known: BTreeSet<ModulePath> = modules.keys().cloned().collect();
    let mut references = Vec::new();
    for (module, file) in &modules {
        let text = std::fs::read_to_string(file).unwrap();
        references.extend(references_in(&text, module, file, &known));
    }
    // Sanity: the scan sees the pipeline's real edges, or it would pass on nothing.
    assert!(
        references
            .iter()
            .any(|r| r.from == ["typeset"] && r.to.first().is_some_and(|m| m == "model")),
        "the scan did not find typeset's use of the model"
    );

    let mut edges: BTreeMap<(ModulePath, String, String), Vec<&Reference>> = BTreeMap::new();
    for reference in &references {
        if let Some((parent, a, b)) = sibling_edge(&reference.from, &reference.to) {
            edges.entry((parent, a, b)).or_default().push(reference);
        }
    }
    let loops = find_loops(&edges);
    let report: Vec<String> = loops
        .iter()
        .map(|(parent, ring)| {
            let mut steps = Vec::new();
            for pair in ring.windows(2) {
                let reference = edges[&(parent.clone(), pair[0].clone(), pair[1].clone())][0];
                steps.push(format!(
                    "    {} -> {} ({}:{})",
                    pair[0],
                    pair[1],
                    reference.file.strip_prefix(&src).unwrap().display(),
                    reference.line
                ));
            }
            format!(
                "in {}: {}\n{}",
                ["crate"]
                    .into_iter()
                    .chain(parent.iter().map(String::as_str))
                    .collect::<Vec<_>>()
                    .join("::"),
                ring.join(" -> "),
                steps.join("\n")
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "import loops among sibling modules:\n{}",
        report.join("\n")
    );
}

#[test]
fn the_loop_finder_finds_a_ring() {
    let parent: ModulePath = vec![];
    let reference = Reference {
        from: vec![],
        to: vec![],
        file: PathBuf::from("x.rs"),
        line: 1,
    };
    let mut edges: BTreeMap<(ModulePath, String, String), Vec<&Reference>> = BTreeMap::new();
    for (a, b) in [("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")] {
        edges.insert((parent.clone(), a.into(), b.into()), vec![&reference]);
    }
    let loops = find_loops(&edges);
    assert_eq!(loops.len(), 1);
    assert_eq!(loops[0].1, ["a", "b", "c", "a"]);
    assert_eq!(
        sibling_edge(&path("typeset::plan"), &path("charts::bars")),
        Some((vec![], "typeset".into(), "charts".into()))
    );
    assert_eq!(sibling_edge(&path("typeset::plan"), &path("typeset")), None);
    assert_eq!(sibling_edge(&path("typeset"), &path("typeset::plan")), None);
    assert_eq!(sibling_edge(&path("typeset::plan"), &[]), None);
}

fn path(text: &str) -> ModulePath {
    text.split("::").map(String::from).collect()
}

/// Every module file of the library, from `lib.rs` down (the binary's `main.rs` and `cli/` are
/// not part of it).
fn library_modules(src: &Path) -> BTreeMap<ModulePath, PathBuf> {
    let mut modules = BTreeMap::new();
    modules.insert(vec![], src.join("lib.rs"));
    let mut stack = vec![(vec![], src.join("lib.rs"), src.to_path_buf())];
    while let Some((module, file, dir)) = stack.pop() {
        let text = std::fs::read_to_string(&file).unwrap();
        for child in declared_modules(&text) {
            let own = dir.join(format!("{child}.rs"));
            let (child_file, child_dir) = if own.exists() {
                (own, dir.join(&child))
            } else {
                (dir.join(&child).join("mod.rs"), dir.join(&child))
            };
            assert!(
                child_file.exists(),
                "no file for module {child} in {}",
                dir.display()
            );
            let mut path = module.clone();
            path.push(child);
            modules.insert(path.clone(), child_file.clone());
            stack.push((path, child_file, child_dir));
        }
    }
    modules
}

/// The file modules a source file declares (`mod x;`, with any visibility).
fn declared_modules(text: &str) -> Vec<String> {
    code_lines(text)
        .filter_map(|(_, line)| {
            let line = line.trim();
            let rest = line.strip_suffix(';')?;
            let name = rest.rsplit_once("mod ")?.1;
            let head = rest.rsplit_once("mod ")?.0.trim();
            let visibility = head.is_empty() || head.starts_with("pub");
            (visibility && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
                .then(|| name.to_string())
        })
        .collect()
}

/// The lines that are code: comments dropped, and nothing from `#[cfg(test)]` on.
fn code_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .take_while(|(_, line)| line.trim() != "#[cfg(test)]")
        .map(|(index, line)| (index + 1, line.split("//").next().unwrap_or("")))
}

/// The modules a file's code reaches through `crate::` and `super::` paths.
fn references_in(
    text: &str,
    module: &ModulePath,
    file: &Path,
    known: &BTreeSet<ModulePath>,
) -> Vec<Reference> {
    let mut found = Vec::new();
    for (line_number, line) in code_lines(text) {
        let mut rest = line;
        while let Some(start) = first_path_start(rest) {
            rest = &rest[start..];
            let (base, after) = if let Some(after) = rest.strip_prefix("crate::") {
                (vec![], after)
            } else {
                // `super::` is the parent of the file's module (a mod.rs file is its module).
                let mut base = module.clone();
                let mut after = rest;
                while let Some(next) = after.strip_prefix("super::") {
                    base.pop();
                    after = next;
                }
                (base, after)
            };
            for tail in expand(after) {
                let mut target = base.clone();
                for segment in tail {
                    let mut longer = target.clone();
                    longer.push(segment);
                    if known.contains(&longer) {
                        target = longer;
                    } else {
                        break;
                    }
                }
                found.push(Reference {
                    from: module.clone(),
                    to: target,
                    file: file.to_path_buf(),
                    line: line_number,
                });
            }
            rest = &rest[1..];
        }
    }
    found
}

/// Where the next `crate::` or `super::` path starts, as a whole word.
fn first_path_start(text: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let rest = &text[from..];
        let at = [rest.find("crate::"), rest.find("super::")]
            .into_iter()
            .flatten()
            .min()?;
        let index = from + at;
        let before = text[..index].chars().next_back();
        if before.is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == ':')) {
            return Some(index);
        }
        from = index + 1;
    }
}

/// The paths a `use` tail names: `a::b::c` is one; `{a, b::{c, d}}` is three.
fn expand(text: &str) -> Vec<Vec<String>> {
    let mut segments = Vec::new();
    let mut rest = text;
    loop {
        if let Some(group) = rest.strip_prefix('{') {
            let inner = matching_brace(group);
            return split_top_level(inner)
                .into_iter()
                .flat_map(expand)
                .map(|tail| segments.iter().cloned().chain(tail).collect())
                .collect();
        }
        let word: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if word.is_empty() {
            return vec![segments];
        }
        rest = &rest[word.len()..];
        segments.push(word);
        match rest.strip_prefix("::") {
            Some(next) => rest = next,
            None => return vec![segments],
        }
    }
}

/// The text inside a group whose `{` is already consumed.
fn matching_brace(text: &str) -> &str {
    let mut depth = 1;
    for (index, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return &text[..index];
                }
            }
            _ => {}
        }
    }
    text
}

fn split_top_level(text: &str) -> Vec<&str> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (index, c) in text.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(text[start..index].trim());
                start = index + 1;
            }
            _ => {}
        }
    }
    parts.push(text[start..].trim());
    parts.into_iter().filter(|part| !part.is_empty()).collect()
}

/// The sibling modules a reference joins, under their common parent; none when one module
/// lies inside the other.
fn sibling_edge(from: &[String], to: &[String]) -> Option<(ModulePath, String, String)> {
    let common = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    if common == from.len() || common == to.len() {
        return None;
    }
    Some((
        from[..common].to_vec(),
        from[common].clone(),
        to[common].clone(),
    ))
}

/// Each ring in the sibling graphs, once, as the names round it (first repeated at the end).
fn find_loops(
    edges: &BTreeMap<(ModulePath, String, String), Vec<&Reference>>,
) -> Vec<(ModulePath, Vec<String>)> {
    let mut graphs: BTreeMap<&ModulePath, BTreeMap<&str, Vec<&str>>> = BTreeMap::new();
    for (parent, a, b) in edges.keys() {
        graphs
            .entry(parent)
            .or_default()
            .entry(a.as_str())
            .or_default()
            .push(b.as_str());
    }
    let mut loops = Vec::new();
    for (parent, graph) in graphs {
        let mut seen_rings: BTreeSet<BTreeSet<&str>> = BTreeSet::new();
        for &start in graph.keys() {
            // The shortest way back to `start`, breadth first.
            let mut came_from: BTreeMap<&str, &str> = BTreeMap::new();
            let mut queue = std::collections::VecDeque::from([start]);
            let mut closed = None;
            while let Some(node) = queue.pop_front() {
                for &next in graph.get(node).into_iter().flatten() {
                    if next == start {
                        closed = Some(node);
                        break;
                    }
                    if !came_from.contains_key(next) {
                        came_from.insert(next, node);
                        queue.push_back(next);
                    }
                }
                if closed.is_some() {
                    break;
                }
            }
            let Some(mut node) = closed else { continue };
            let mut ring = vec![start];
            let mut back = vec![];
            while node != start {
                back.push(node);
                node = came_from[node];
            }
            ring.extend(back.into_iter().rev());
            ring.push(start);
            let members: BTreeSet<&str> = ring.iter().copied().collect();
            if seen_rings.insert(members) {
                loops.push((parent.clone(), ring.into_iter().map(String::from).collect()));
            }
        }
    }
    loops
}
