//! Archive, accessibility and print: every edition is PDF/A-3a and PDF/UA-1 with the city's
//! data attached; `--print` adds a printer's PDF with bleed, crop marks and boxes. Checked with
//! readers other than Typst: qpdf and poppler's pdfinfo.

mod common;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{
    copy_city, copy_folder, path, read_profile, root, sscp, temp_dir, text, write_profile,
};

/// Runs a checking tool and returns its standard output; the tool must succeed.
fn tool(program: &str, args: &[&str]) -> Vec<u8> {
    let out = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| {
            panic!("{program} is needed for this test (apt-get install poppler-utils qpdf): {e}")
        });
    assert!(
        out.status.success(),
        "{program} {args:?} failed:\n{}{}",
        text(&out.stdout),
        text(&out.stderr)
    );
    out.stdout
}

/// Builds `city` with `--print` into a scratch folder; returns the screen PDF's path.
fn build_print(city: &Path, name: &str) -> PathBuf {
    let out = temp_dir(name).join(format!("{name}.pdf"));
    let run = sscp(&["build", path(city), "--print", "-o", path(&out)]);
    assert!(run.status.success(), "build failed:\n{}", text(&run.stderr));
    out
}

/// Whether the structure element `node` (or a reference to one) has a `tag` below it.
fn has_tag(
    node: &serde_json::Value,
    tag: &str,
    by_ref: &HashMap<String, serde_json::Value>,
    depth: usize,
) -> bool {
    let node = match node.as_str() {
        Some(r) if r.ends_with(" R") => by_ref.get(r).unwrap_or(&serde_json::Value::Null),
        _ => node,
    };
    if depth > 10 || !node.is_object() {
        return false;
    }
    if node["/S"] == tag {
        return true;
    }
    match &node["/K"] {
        serde_json::Value::Array(kids) => kids.iter().any(|k| has_tag(k, tag, by_ref, depth + 1)),
        kid => has_tag(kid, tag, by_ref, depth + 1),
    }
}

/// Every dictionary in the file as qpdf's JSON gives it.
fn objects(pdf: &Path) -> Vec<serde_json::Value> {
    let json: serde_json::Value =
        serde_json::from_slice(&tool("qpdf", &["--json", "--json-key=qpdf", path(pdf)])).unwrap();
    json["qpdf"][1]
        .as_object()
        .unwrap()
        .values()
        .filter_map(|o| {
            o["value"]
                .as_object()
                .cloned()
                .map(serde_json::Value::Object)
        })
        .collect()
}

/// The alternative text of every Figure structure element (None where it has none).
fn figure_alts(pdf: &Path) -> Vec<Option<String>> {
    objects(pdf)
        .iter()
        .filter(|o| o["/S"] == "/Figure")
        .map(|o| {
            o["/Alt"]
                .as_str()
                .map(|s| s.trim_start_matches("u:").to_string())
        })
        .collect()
}

#[test]
fn every_edition_is_pdf_a_3a_and_pdf_ua_1_with_the_data_attached() {
    // A copy: a CLI build records the draft's history in the city folder.
    let city = temp_dir("archive-city");
    copy_folder(&root().join("fixtures/ardenvale"), &city);
    let out = build_print(&city, "archive");
    tool("qpdf", &["--check", path(&out)]);

    let meta = text(&tool("pdfinfo", &["-meta", path(&out)]));
    for claim in [
        "<pdfaid:part>3</pdfaid:part>",
        "<pdfaid:conformance>A</pdfaid:conformance>",
        "<pdfuaid:part>1</pdfuaid:part>",
    ] {
        assert!(meta.contains(claim), "XMP lacks {claim}:\n{meta}");
    }

    // The four files, byte for byte: the inputs as read, the results as written beside it.
    let listed = text(&tool("qpdf", &["--list-attachments", path(&out)]));
    let [csv, json] = sscp::results_paths(&out);
    for (name, expected) in [
        (
            "profile.json",
            std::fs::read(city.join("profile.json")).unwrap(),
        ),
        ("kpis.csv", std::fs::read(city.join("kpis.csv")).unwrap()),
        ("kpi-results.csv", std::fs::read(&csv).unwrap()),
        ("kpi-results.json", std::fs::read(&json).unwrap()),
    ] {
        assert!(listed.contains(name), "{name} is not attached:\n{listed}");
        let attached = tool("qpdf", &[&format!("--show-attachment={name}"), path(&out)]);
        assert!(
            attached == expected,
            "the attached {name} differs from its source"
        );
    }
    // Associated files, with relationship, MIME type and description.
    let files: Vec<serde_json::Value> = objects(&out)
        .into_iter()
        .filter(|o| o["/Type"] == "/Filespec")
        .collect();
    assert_eq!(files.len(), 4, "{files:?}");
    for f in &files {
        assert!(f["/AFRelationship"].is_string(), "{f}");
        assert!(f["/Desc"].as_str().is_some_and(|d| d.len() > 20), "{f}");
    }
    let relationships: Vec<&str> = files
        .iter()
        .filter_map(|f| f["/AFRelationship"].as_str())
        .collect();
    assert_eq!(relationships.iter().filter(|r| **r == "/Source").count(), 2);
    assert_eq!(relationships.iter().filter(|r| **r == "/Data").count(), 2);

    // `sscp results` prints the same files.
    for (format, file) in [("csv", &csv), ("json", &json)] {
        let printed = sscp(&["results", path(&city), "--format", format]);
        assert!(printed.status.success(), "{}", text(&printed.stderr));
        assert_eq!(
            printed.stdout,
            std::fs::read(file).unwrap(),
            "sscp results --format {format}"
        );
    }
    let header = text(&std::fs::read(&csv).unwrap())
        .lines()
        .next()
        .unwrap()
        .to_string();
    assert_eq!(
        header,
        "code,dimension,sub_dimension,category,name,data_point,value,unit,year,target,local_target,direction,percent_of_target,band,points,verified,data_quality,source"
    );

    // Every figure has alternative text; the wheel's gives each dimension and category, the
    // SDG squares read "SDG 7".
    let alts = figure_alts(&out);
    assert!(alts.len() > 20, "{} figures", alts.len());
    assert!(
        alts.iter().all(Option::is_some),
        "a figure without alternative text: {alts:?}"
    );
    let alts: Vec<String> = alts.into_iter().flatten().collect();
    let wheel = alts
        .iter()
        .find(|a| a.starts_with("Benchmarking wheel"))
        .expect("the wheel's alt");
    for part in [
        "Scores as per cent of target: Economy ",
        "Environment ",
        "Society and Culture ",
        "ICT Infrastructure ",
        "band)",
    ] {
        assert!(
            wheel.contains(part),
            "the wheel's alt lacks {part:?}: {wheel}"
        );
    }
    assert!(
        alts.iter().any(|a| a == "SDG 7"),
        "no SDG square reads \"SDG 7\": {alts:?}"
    );

    // Every table has a tagged header row.
    let json: serde_json::Value =
        serde_json::from_slice(&tool("qpdf", &["--json", "--json-key=qpdf", path(&out)])).unwrap();
    let by_ref: HashMap<String, serde_json::Value> = json["qpdf"][1]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.trim_start_matches("obj:").to_string(), v["value"].clone()))
        .collect();
    let tables: Vec<&serde_json::Value> = by_ref.values().filter(|o| o["/S"] == "/Table").collect();
    assert!(tables.len() > 20, "{} tables", tables.len());
    let without = tables
        .iter()
        .filter(|t| !has_tag(t, "/TH", &by_ref, 0))
        .count();
    assert_eq!(
        without,
        0,
        "{without} of {} tables have no tagged header cell",
        tables.len()
    );
}

#[test]
fn the_print_pdf_has_bleed_crop_marks_and_boxes_and_the_screen_pdf_is_unchanged() {
    let city = temp_dir("print-city");
    copy_folder(&root().join("fixtures/lindmoor"), &city);
    let out = build_print(&city, "print");
    let print = sscp::print_path(&out);
    tool("qpdf", &["--check", path(&print)]);
    let meta = text(&tool("pdfinfo", &["-meta", path(&print)]));
    assert!(meta.contains("<pdfaid:part>3</pdfaid:part>"), "{meta}");

    // TrimBox = A4, BleedBox = A4 + 3 mm, MediaBox = A4 + 13 mm (bleed and marks).
    let boxes = text(&tool(
        "pdfinfo",
        &["-box", "-f", "1", "-l", "12", path(&print)],
    ));
    let mm = 72.0 / 25.4;
    let expect = |what: &str, off: f64| {
        let o = 13.0 * mm - off;
        let b = format!(
            "{what}: {:10.2} {:10.2} {:10.2} {:10.2}",
            o,
            o,
            o + 595.28 + 2.0 * off,
            o + 841.89 + 2.0 * off
        );
        b
    };
    for (what, off) in [("TrimBox", 0.0), ("BleedBox", 3.0 * mm)] {
        let line = boxes
            .lines()
            .find(|l| l.starts_with("Page    1 ") && l.contains(what))
            .unwrap_or_else(|| panic!("no {what}:\n{boxes}"));
        let numbers: Vec<f64> = line
            .split_whitespace()
            .rev()
            .take(4)
            .map(|n| n.parse().unwrap())
            .collect();
        let wanted: Vec<f64> = expect(what, off)
            .split_whitespace()
            .rev()
            .take(4)
            .map(|n| n.parse().unwrap())
            .collect();
        for (a, b) in numbers.iter().zip(&wanted) {
            assert!((a - b).abs() < 0.1, "{line} is not {wanted:?}");
        }
    }
    assert_eq!(
        boxes.matches("BleedBox").count(),
        12,
        "every page has a BleedBox:\n{boxes}"
    );
    let media = boxes
        .lines()
        .find(|l| l.starts_with("Page    1 MediaBox"))
        .unwrap();
    let width: f64 = media.split_whitespace().nth(5).unwrap().parse().unwrap();
    assert!((width - (595.28 + 26.0 * mm)).abs() < 0.1, "{media}");

    // The same inputs give the same bytes, the printer's PDF and its attachments included.
    let again = build_print(&city, "print-again");
    assert!(
        std::fs::read(sscp::print_path(&again)).unwrap() == std::fs::read(&print).unwrap(),
        "two builds give different print PDFs"
    );

    // The screen PDF beside it is the one a build without --print writes.
    let plain = temp_dir("print-plain").join("plain.pdf");
    let run = sscp(&["build", path(&city), "-o", path(&plain)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    assert!(
        std::fs::read(&plain).unwrap() == std::fs::read(&out).unwrap(),
        "--print changed the screen PDF"
    );
    let info = text(&tool("pdfinfo", &["-box", path(&out)]));
    assert!(
        info.contains("MediaBox:            0.00     0.00   595.28   841.89"),
        "{info}"
    );
    assert!(
        info.contains("TrimBox:             0.00     0.00   595.28   841.89"),
        "{info}"
    );

    // The cover band runs into the bleed: the corner of the bleed is the band's colour, and
    // the slug beyond it is white but for the crop marks.
    let dir = temp_dir("print-pages");
    tool(
        "pdftoppm",
        &[
            "-r",
            "72",
            "-f",
            "1",
            "-l",
            "1",
            "-png",
            path(&print),
            path(&dir.join("p")),
        ],
    );
    let page = image::open(dir.join("p-01.png")).unwrap().to_rgb8();
    let at = |x_mm: f64, y_mm: f64| *page.get_pixel((x_mm * mm) as u32, (y_mm * mm) as u32);
    let white = image::Rgb([255u8, 255, 255]);
    assert_ne!(
        at(11.0, 30.0),
        white,
        "the band does not run into the left bleed"
    );
    assert_ne!(
        at(100.0, 11.0),
        white,
        "the band does not run into the top bleed"
    );
    assert_eq!(at(5.0, 30.0), white, "the slug is not white");
    // A crop mark continues the trim's left edge upwards, above the bleed.
    let mark = (0..20).any(|dx| at(13.0 + (dx as f64 - 10.0) * 0.1, 5.0) != white);
    assert!(mark, "no crop mark above the top-left corner");
}

/// Every cell of a CSV file, parsed as a spreadsheet would read the file.
fn cells(bytes: &[u8]) -> Vec<String> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(bytes)
        .records()
        .flat_map(|r| r.unwrap().iter().map(str::to_string).collect::<Vec<_>>())
        .collect()
}

#[test]
fn a_formula_in_a_source_is_inert_in_every_csv_sscp_writes_or_attaches() {
    let city = copy_city("fixtures/ardenvale", "formula");
    let formula = r#"=HYPERLINK("https://x.example","y")"#;
    let original = std::fs::read_to_string(city.join("kpis.csv")).unwrap();
    // The source of ICT 1C's latest year, which the results give.
    let planted = original.replacen(
        "Ardenvale Statistical Office 2024",
        &format!("\"{}\"", formula.replace('"', "\"\"")),
        1,
    );
    assert_ne!(planted, original);
    std::fs::write(city.join("kpis.csv"), &planted).unwrap();

    let out = temp_dir("formula-out").join("formula.pdf");
    let run = sscp(&["build", path(&city), "-o", path(&out)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let [csv, _] = sscp::results_paths(&out);
    let printed = sscp(&["results", path(&city)]).stdout;
    let attached = tool("qpdf", &["--show-attachment=kpi-results.csv", path(&out)]);
    // A new city folder's kpis.csv, the other CSV sscp writes.
    let new = temp_dir("formula-new").join("city");
    assert!(
        sscp(&["new", path(&new), "--city", "=cmd", "--country", "@x"])
            .status
            .success()
    );
    for (what, bytes) in [
        (
            "kpi-results.csv beside the PDF",
            std::fs::read(&csv).unwrap(),
        ),
        ("sscp results", printed.clone()),
        ("the attached kpi-results.csv", attached.clone()),
        (
            "sscp new's kpis.csv",
            std::fs::read(new.join("kpis.csv")).unwrap(),
        ),
    ] {
        let cells = cells(&bytes);
        let live: Vec<&String> = cells
            .iter()
            .filter(|c| {
                c.starts_with(['=', '+', '-', '@', '\t', '\r']) && c.parse::<f64>().is_err()
            })
            .collect();
        assert!(
            live.is_empty(),
            "{what} has cells a spreadsheet runs: {live:?}"
        );
    }
    let cells = cells(&printed);
    assert!(
        cells.contains(&format!("'{formula}")),
        "the source is kept, made inert"
    );
    // Numbers stay numbers.
    assert!(cells.contains(&"91.4".to_string()), "{:?}", &cells[..40]);
    assert_eq!(attached, printed);
    // The city's own kpis.csv is attached as it was read, and the build says the cell would
    // run in a spreadsheet.
    let as_read = tool("qpdf", &["--show-attachment=kpis.csv", path(&out)]);
    assert_eq!(as_read, planted.as_bytes());
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("kpis.csv: row 4, column source: the source begins with \"=\", which a spreadsheet takes for a formula"),
        "{stderr}"
    );
}

/// A PNG of `width` × `height` pixels in one colour.
fn picture(dir: &Path, name: &str, width: u32, height: u32) {
    std::fs::create_dir_all(dir.join("images")).unwrap();
    image::RgbImage::from_pixel(width, height, image::Rgb([40, 90, 140]))
        .save(dir.join("images").join(name))
        .unwrap();
}

#[test]
fn a_picture_too_small_for_print_is_refused_and_a_soft_one_warned_of() {
    let city = copy_city("fixtures/ardenvale", "small-picture");
    picture(&city, "small.png", 600, 480);
    picture(&city, "soft.png", 1800, 1440);
    let mut profile = read_profile(&city);
    profile["images"] = serde_json::json!({
        "cover": { "file": "images/small.png", "credit": "Test", "alt": "A blue square" }
    });
    write_profile(&city, &profile);
    let run = sscp(&["validate", path(&city)]);
    assert_eq!(run.status.code(), Some(1));
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("at /images/cover/file: images/small.png is 600 × 480 pixels, placed at 210 × 168 mm on page 1: 73 ppi, too few to print (at least 150 ppi)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("fix: use a picture of at least 2481 × 1985 pixels (300 ppi at that size)"),
        "{stderr}"
    );

    profile["images"]["cover"]["file"] = "images/soft.png".into();
    write_profile(&city, &profile);
    let out = temp_dir("soft-out").join("soft.pdf");
    let run = sscp(&["build", path(&city), "-o", path(&out)]);
    assert!(run.status.success(), "{}", text(&run.stderr));
    let stderr = text(&run.stderr);
    assert!(
        stderr.contains("at /images/cover/file: images/soft.png is 1800 × 1440 pixels, placed at 210 × 168 mm on page 1: 218 ppi, less than the 300 ppi print needs to look sharp"),
        "{stderr}"
    );
}
