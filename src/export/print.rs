//! The printer's PDF: Typst writes a TrimBox (the A4 sheet) inside a MediaBox enlarged by the
//! page bleed, but no BleedBox. This adds one to every page, 3 mm outside the trim, as an
//! incremental update: the pages are written again with the box, after the file as Typst
//! wrote it, with a cross-reference section that points at them. Nothing of the original
//! bytes changes, so the PDF/A and PDF/UA parts stay as Typst checked them.

use super::ExportError;

/// `pdf` with a BleedBox `bleed_pt` outside every page's TrimBox.
pub fn add_bleed_box(pdf: &[u8], bleed_pt: f64) -> Result<Vec<u8>, ExportError> {
    let broken = |what: &str| ExportError::Pdf(format!("cannot add the bleed box: {what}"));
    let text = Ascii(pdf);
    let pages = page_objects(&text);
    if pages.is_empty() {
        return Err(broken("no page objects found"));
    }
    let trailer_at = text.rfind("trailer").ok_or_else(|| broken("no trailer"))?;
    let trailer = text.slice(trailer_at, pdf.len());
    let trailer = trailer.as_str();
    let dict_start = trailer
        .find("<<")
        .ok_or_else(|| broken("no trailer dictionary"))?;
    let dict_end = trailer
        .find("startxref")
        .ok_or_else(|| broken("no startxref"))?;
    let dict = trailer[dict_start..dict_end].trim();
    let dict = dict
        .strip_prefix("<<")
        .and_then(|d| d.strip_suffix(">>"))
        .ok_or_else(|| broken("a trailer dictionary that is not one"))?;
    let previous: usize = trailer[dict_end + "startxref".len()..]
        .split_whitespace()
        .next()
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| broken("no cross-reference offset"))?;

    let mut out = pdf.to_vec();
    if !out.ends_with(b"\n") {
        out.push(b'\n');
    }
    let mut offsets = Vec::new();
    for page in &pages {
        let [l, b, r, t] = page.trim;
        let bleed = format!(
            "/BleedBox [{} {} {} {}]",
            number(l - bleed_pt),
            number(b - bleed_pt),
            number(r + bleed_pt),
            number(t + bleed_pt)
        );
        offsets.push((page.number, out.len()));
        let body = &page.body;
        let open = body
            .find("<<")
            .ok_or_else(|| broken("a page that is not a dictionary"))?;
        let object = format!(
            "{} 0 obj\n{}{}\n{}\nendobj\n",
            page.number,
            &body[..open + 2],
            bleed,
            &body[open + 2..]
        );
        out.extend_from_slice(object.as_bytes());
    }
    let xref_at = out.len();
    let mut xref = String::from("xref\n");
    let mut sorted = offsets.clone();
    sorted.sort();
    for (number, offset) in sorted {
        xref.push_str(&format!("{number} 1\n{offset:010} 00000 n \n"));
    }
    // The new trailer repeats the old one's entries (size, root, info, ids) and points back.
    let dict = without_key(dict, "/Prev");
    xref.push_str(&format!(
        "trailer\n<<{dict} /Prev {previous}>>\nstartxref\n{xref_at}\n%%EOF\n"
    ));
    out.extend_from_slice(xref.as_bytes());
    Ok(out)
}

/// A page object: its number, its TrimBox, and the text between `obj` and `endobj`.
struct Page {
    number: u32,
    trim: [f64; 4],
    body: String,
}

/// Every page object (`/Type /Page`) with a TrimBox, as Typst (pdf-writer) writes them:
/// plain dictionaries, not inside object streams.
fn page_objects(text: &Ascii) -> Vec<Page> {
    let mut pages = Vec::new();
    let mut at = 0;
    while let Some(start) = text.find(" 0 obj", at) {
        let line_start = text.0[..start]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |i| i + 1);
        let number = text.slice(line_start, start).trim().parse::<u32>().ok();
        let body_start = start + " 0 obj".len();
        let Some(end) = text.find("endobj", body_start) else {
            break;
        };
        at = end;
        // Page dictionaries are short; a long object is a stream, never a page.
        if end - body_start > 4096 {
            continue;
        }
        let body = text.slice(body_start, end);
        let body = body.trim();
        // `/Type /Page` or, as Typst writes it, `/Type/Page`, but not `/Pages`.
        let compact: String = body.split_whitespace().collect::<Vec<_>>().join("");
        let is_page = body.starts_with("<<")
            && compact.match_indices("/Type/Page").any(|(i, m)| {
                !compact[i + m.len()..].starts_with(|c: char| c.is_ascii_alphanumeric())
            });
        if let (Some(number), true) = (number, is_page)
            && let Some(trim) = trim_box(body)
        {
            pages.push(Page {
                number,
                trim,
                body: body.to_string(),
            });
        }
    }
    pages
}

fn trim_box(body: &str) -> Option<[f64; 4]> {
    let start = body.find("/TrimBox")? + "/TrimBox".len();
    let open = body[start..].find('[')? + start + 1;
    let close = body[open..].find(']')? + open;
    let values: Vec<f64> = body[open..close]
        .split_whitespace()
        .map(|v| v.parse().ok())
        .collect::<Option<_>>()?;
    values.try_into().ok()
}

/// A dictionary's entries without `key` and its value (a number).
fn without_key(dict: &str, key: &str) -> String {
    let mut parts: Vec<&str> = dict.split_whitespace().collect();
    if let Some(i) = parts.iter().position(|p| *p == key) {
        parts.drain(i..(i + 2).min(parts.len()));
    }
    format!(" {} ", parts.join(" "))
}

/// A PDF real with at most three decimals.
fn number(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A PDF's bytes, searched for the ASCII keywords of its structure.
struct Ascii<'a>(&'a [u8]);

impl Ascii<'_> {
    fn find(&self, needle: &str, from: usize) -> Option<usize> {
        let needle = needle.as_bytes();
        self.0
            .get(from..)?
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|i| from + i)
    }

    fn rfind(&self, needle: &str) -> Option<usize> {
        let needle = needle.as_bytes();
        self.0.windows(needle.len()).rposition(|w| w == needle)
    }

    /// The bytes from `start` to `end` as text (the structure is ASCII; anything else is
    /// replaced, and such an object is not one this module rewrites).
    fn slice(&self, start: usize, end: usize) -> String {
        String::from_utf8_lossy(&self.0[start..end]).into_owned()
    }
}
