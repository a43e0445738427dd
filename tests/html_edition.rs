//! The web edition (`build --html`): every sample city gets one self-contained HTML file beside
//! its PDF, the same bytes for the same inputs, holding every text the PDF prints, with the
//! city's text escaped and nothing that runs.

mod common;

use std::path::Path;

use common::{copy_city, path, read_profile, root, sscp, text, write_profile};

const CITIES: [&str; 5] = [
    "fixtures/ardenvale",
    "fixtures/kestrelbay",
    "fixtures/lindmoor",
    "fixtures/oskava",
    "fixtures/minimal",
];

fn build_html(dir: &Path) -> (sscp::Build, String) {
    let options = sscp::Options {
        html: true,
        ..Default::default()
    };
    let build = sscp::build_with(dir, options).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let html = String::from_utf8(build.html.clone().expect("asked for the web edition")).unwrap();
    (build, html)
}

/// Lower-case letters and digits only, as `src/input/printed.rs` compares printed text: what
/// survives markup, typography, line breaks and the PDF's hyphenation.
fn letters(text: &str) -> String {
    text.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The HTML's text content: the style sheet dropped, tags stripped, entities undone.
fn html_text(html: &str) -> String {
    let body = match (html.find("<style>"), html.find("</style>")) {
        (Some(a), Some(b)) => format!("{}{}", &html[..a], &html[b..]),
        _ => html.to_string(),
    };
    let mut out = String::new();
    let mut in_tag = false;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push(' ');
            }
            _ if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Every attribute name of every tag, lower-cased (the text's `<` are all escaped, so every
/// `<` followed by a letter opens a real tag).
fn attribute_names(html: &str) -> Vec<String> {
    let bytes = html.as_bytes();
    let mut names = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' && bytes.get(i + 1).is_some_and(u8::is_ascii_alphabetic) {
            i += 1;
            while i < bytes.len() && !bytes[i].is_ascii_whitespace() && bytes[i] != b'>' {
                i += 1;
            }
            loop {
                while i < bytes.len() && (bytes[i].is_ascii_whitespace() || bytes[i] == b'/') {
                    i += 1;
                }
                if i >= bytes.len() || bytes[i] == b'>' {
                    break;
                }
                let start = i;
                while i < bytes.len() && !b"= \t\n\r/>".contains(&bytes[i]) {
                    i += 1;
                }
                names.push(html[start..i].to_ascii_lowercase());
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    let quote = bytes[i];
                    assert!(quote == b'"', "unquoted attribute value at byte {i}");
                    i += 1;
                    while i < bytes.len() && bytes[i] != quote {
                        i += 1;
                    }
                    i += 1;
                }
            }
        }
        i += 1;
    }
    names
}

fn assert_nothing_runs(html: &str, city: &str) {
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "{city}: a <script> in the HTML");
    let events: Vec<String> = attribute_names(html)
        .into_iter()
        .filter(|name| name.starts_with("on"))
        .collect();
    assert!(events.is_empty(), "{city}: event attributes {events:?}");
    assert!(
        !lower.contains("javascript:"),
        "{city}: a javascript: address"
    );
}

/// Runs of the PDF's text layer that the web edition leaves out on purpose: the draft's frames
/// asking for a photograph at a print size ("Photo for Environment: at least 2056 px wide",
/// with the `place` to give), which mean nothing on a screen.
fn print_only(run: &str) -> bool {
    run.starts_with("Photo for ") || run.contains("images.sections")
}

#[test]
fn every_sample_city_has_a_web_edition_with_the_pdfs_text() {
    for city in CITIES {
        let (build, html) = build_html(&root().join(city));
        assert!(
            html.starts_with("<!DOCTYPE html>\n<html lang=\"en\">"),
            "{city}"
        );
        for landmark in [
            "<header",
            "<nav aria-label=\"Contents\"",
            "<main",
            "<footer",
            "<title>",
        ] {
            assert!(html.contains(landmark), "{city}: no {landmark}");
        }
        assert_eq!(html.matches("<h1").count(), 1, "{city}: one h1");
        assert!(html.contains("@font-face{font-family:\"Roboto\""), "{city}");
        assert!(html.contains("@font-face{font-family:\"Oswald\""), "{city}");
        assert!(html.contains("prefers-color-scheme: dark") && html.contains("@media print"));
        assert!(
            !html.contains("<?xml") && !html.contains("<!DOCTYPE svg"),
            "{city}: SVG prolog left in"
        );
        assert_eq!(
            html.matches("<svg").count(),
            html.matches("role=\"img\" aria-labelledby=").count(),
            "{city}: every chart labelled"
        );
        assert_nothing_runs(&html, city);
        // Every id once.
        let mut ids: Vec<&str> = html
            .split(" id=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .collect();
        let count = ids.len();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), count, "{city}: ids repeated");

        let html_letters = letters(&html_text(&html));
        let mut missing = Vec::new();
        let mut checked = 0;
        for run in &build.text_boxes {
            let run = run.text.trim();
            let wanted = letters(run);
            if wanted.chars().count() < 12 || print_only(run) {
                continue;
            }
            checked += 1;
            if !html_letters.contains(&wanted) {
                missing.push(run.to_string());
            }
        }
        missing.dedup();
        assert!(
            checked > 150,
            "{city}: only {checked} runs of the PDF's text compared"
        );
        assert!(
            missing.is_empty(),
            "{city}: {} runs of the PDF's text are not in the HTML:\n{}",
            missing.len(),
            missing.join("\n")
        );
    }
}

#[test]
fn the_same_inputs_give_the_same_html() {
    let dir = root().join("fixtures/lindmoor");
    let (_, first) = build_html(&dir);
    let (_, second) = build_html(&dir);
    assert!(
        first == second,
        "two builds of Lindmoor wrote different HTML"
    );
    // Its pictures are in the file, with their alt text.
    assert!(first.contains("src=\"data:image/"));
}

/// The web edition has room for everything: it always lists the results' sources with their
/// data quality (the PDF only where its pages have room), a row per source and data quality.
#[test]
fn the_web_edition_lists_the_sources_of_the_results() {
    let (_, html) = build_html(&root().join("fixtures/lindmoor"));
    let at = html
        .find("<h4>Sources and data quality</h4>")
        .expect("the sources");
    let table = &html[at..at + html[at..].find("</table>").unwrap()];
    assert!(
        table.contains("<tr><th scope=\"row\">Lindmoor Water Company 2024</th>\n<td>Measured</td>"),
        "{table}"
    );
    // Every reported code once, in some row.
    let csv = std::fs::read_to_string(root().join("fixtures/lindmoor/kpis.csv")).unwrap();
    for line in csv.lines().skip(1) {
        let cells: Vec<&str> = line.split(',').collect();
        if !cells[2].is_empty() {
            assert!(table.contains(cells[0]), "{} is in no row", cells[0]);
        }
    }
}

#[test]
fn build_html_writes_the_web_edition_beside_the_pdf() {
    let dir = copy_city("fixtures/minimal", "html-cli");
    let out = dir.join("out/brookfield.pdf");
    let result = sscp(&["build", path(&dir), "-o", path(&out), "--html"]);
    assert!(result.status.success(), "{}", text(&result.stderr));
    let html = std::fs::read_to_string(dir.join("out/brookfield.html")).unwrap();
    assert!(html.contains("<h1>"));
    assert!(
        text(&result.stdout).contains("brookfield.html")
            || text(&result.stderr).contains("brookfield.html")
    );
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn hostile_text_is_shown_escaped_and_never_runs() {
    let dir = copy_city("fixtures/minimal", "html-hostile");
    let mut profile = read_profile(&dir);
    let hostile = "<script>alert(1)</script> \" onmouseover=alert(1) x=' #set text(red) </style> <img src=x onerror=alert(2)>";
    profile["survey"]["context"] = hostile.into();
    profile["showcase"]["key_messages"][0] = format!("A message: {hostile}").into();
    profile["city"]["key_facts"][0]["label"] = "\" onmouseover=\"alert(3)".into();
    profile["survey"]["areas"]["society"]["activities"][0]["name"] =
        "</td></table><script>x</script>".into();
    profile["survey"]["finance"] =
        "[b](https://example.org/\"onmouseover=\"x) and `#set text(red)`".into();
    write_profile(&dir, &profile);
    let (_, html) = build_html(&dir);
    assert_nothing_runs(&html, "hostile");
    for escaped in [
        "&lt;script&gt;alert(1)&lt;/script&gt; &quot; onmouseover=alert(1) x=&#39; #set text(red) &lt;/style&gt; &lt;img src=x onerror=alert(2)&gt;",
        "&quot; onmouseover=&quot;alert(3)",
        "&lt;/td&gt;&lt;/table&gt;&lt;script&gt;x&lt;/script&gt;",
        "<a href=\"https://example.org/&quot;onmouseover=&quot;x\">b</a>",
    ] {
        assert!(html.contains(escaped), "not escaped literally: {escaped}");
    }
    assert_eq!(html.matches("<style>").count(), 1);
    assert_eq!(html.matches("</style>").count(), 1);
    let _ = std::fs::remove_dir_all(&dir);
}
