//! Reading a reviewed PDF, which comes from outside and is untrusted: its document identifier
//! and the marks its readers left on the pages (PDF annotations). The file is read with limits
//! on its size, its objects, its marks and the time taken, so that a hostile or broken file is
//! an error naming it, never a panic, a hang or memory without bound.

use std::path::{Path, PathBuf};
use std::time::Duration;

use hayro_syntax::Pdf;
use hayro_syntax::object::{Array, Dict, MaybeRef, Name, Object, ObjectIdentifier};

/// A reviewed profile is some megabytes; far larger is not a reviewed profile.
pub const MAX_PDF_BYTES: u64 = 200 * 1024 * 1024;
/// Typst writes a few thousand objects for a profile; readers add one or two per mark.
pub const MAX_OBJECTS: usize = 500_000;
/// More marks than this on one page is not a review.
pub const MAX_MARKS_PER_PAGE: usize = 5_000;
/// Reading the marks takes milliseconds; a file that takes longer is hostile or broken.
pub const TIME_LIMIT: Duration = Duration::from_secs(20);
/// The longest note kept, in characters; the rest is cut with an ellipsis.
pub const MAX_NOTE_CHARS: usize = 20_000;

/// Why a reviewed PDF cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}: {message}\n  fix: {fix}", path.display())]
pub struct PdfError {
    /// The file given.
    pub path: PathBuf,
    /// What is wrong with it.
    pub message: String,
    /// What to do.
    pub fix: String,
}

/// What a reader can draw on a page, as the PDF names its annotation subtypes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MarkKind {
    /// A sticky note (`Text`).
    Note,
    /// Text highlighted.
    Highlight,
    /// Text underlined.
    Underline,
    /// Text struck out (with a caret in its group: replaced).
    StrikeOut,
    /// Text marked with a wavy line.
    Squiggly,
    /// A text box written on the page.
    FreeText,
    /// An insertion point, with the text to insert as its note.
    Caret,
    /// A freehand drawing.
    Ink,
}

impl MarkKind {
    /// The kind's word in `comments.json`.
    pub fn word(self) -> &'static str {
        match self {
            MarkKind::Note => "note",
            MarkKind::Highlight => "highlight",
            MarkKind::Underline => "underline",
            MarkKind::StrikeOut => "strike-out",
            MarkKind::Squiggly => "squiggly",
            MarkKind::FreeText => "text-box",
            MarkKind::Caret => "insert",
            MarkKind::Ink => "drawing",
        }
    }

    fn of(subtype: &str) -> Option<MarkKind> {
        Some(match subtype {
            "Text" => MarkKind::Note,
            "Highlight" => MarkKind::Highlight,
            "Underline" => MarkKind::Underline,
            "StrikeOut" => MarkKind::StrikeOut,
            "Squiggly" => MarkKind::Squiggly,
            "FreeText" => MarkKind::FreeText,
            "Caret" => MarkKind::Caret,
            "Ink" => MarkKind::Ink,
            _ => return None,
        })
    }

    /// Whether the mark covers words (its quadrilaterals say which).
    pub fn covers_text(self) -> bool {
        matches!(
            self,
            MarkKind::Highlight | MarkKind::Underline | MarkKind::StrikeOut | MarkKind::Squiggly
        )
    }
}

/// A box in points from the page's top-left corner, as the review map measures the pages.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    /// The left edge.
    pub left: f64,
    /// The top edge, down from the page's top.
    pub top: f64,
    /// The right edge.
    pub right: f64,
    /// The bottom edge, down from the page's top.
    pub bottom: f64,
}

/// One mark a reader left on a page.
#[derive(Debug, Clone, PartialEq)]
pub struct Mark {
    /// The page, counted from 1.
    pub page: usize,
    /// What kind of mark it is.
    pub kind: MarkKind,
    /// Its box on the page.
    pub area: Area,
    /// For marks on text: the box of each stretch of text it covers, in reading order.
    pub covers: Vec<Area>,
    /// The reviewer's note (`/Contents`); empty when none was written.
    pub note: String,
    /// Who made it (`/T`), when the reader says.
    pub author: Option<String>,
    /// When it was made or last changed (`/M`, else `/CreationDate`), as `YYYY-MM-DD HH:MM`.
    pub date: Option<String>,
    /// The PDF object that holds it, for replies to find it.
    pub object: Option<(i32, i32)>,
    /// The mark it replies to (`/IRT`), by its object.
    pub reply_to: Option<(i32, i32)>,
    /// Whether it is grouped with the mark it points to (`/RT /Group`: a caret and its
    /// strike-out make one replacement) rather than a reply.
    pub grouped: bool,
}

/// A reviewed PDF as read: its identifier and its marks.
#[derive(Debug, Clone, PartialEq)]
pub struct Reviewed {
    /// The first part of the file identifier (`/ID`), in hex: the same in every copy of one
    /// draft, however a reader saved it.
    pub document_id: Option<String>,
    /// How many pages it has.
    pub pages: usize,
    /// Every mark, page by page in the order the pages list them.
    pub marks: Vec<Mark>,
}

/// Reads the reviewed PDF at `path` within the limits above.
pub fn read(path: &Path) -> Result<Reviewed, PdfError> {
    let error = |message: String, fix: &str| PdfError {
        path: path.to_path_buf(),
        message,
        fix: fix.to_string(),
    };
    let size = std::fs::metadata(path)
        .map_err(|e| {
            error(
                format!("cannot be read: {e}"),
                "give the path of the reviewed PDF",
            )
        })?
        .len();
    if size > MAX_PDF_BYTES {
        return Err(error(
            format!(
                "is {} MB, more than a reviewed profile can be ({} MB)",
                size / (1024 * 1024),
                MAX_PDF_BYTES / (1024 * 1024)
            ),
            "give the PDF the reviewer sent back",
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| {
        error(
            format!("cannot be read: {e}"),
            "give the path of the reviewed PDF",
        )
    })?;
    let (sender, receiver) = std::sync::mpsc::channel();
    // The parser runs on a thread of its own so that a file that would take it too long is
    // given up on, and a panic in it is a broken file, not a crash.
    std::thread::Builder::new()
        .name("review-pdf".into())
        .spawn(move || {
            let result = std::panic::catch_unwind(|| read_bytes(bytes));
            let _ = sender.send(result);
        })
        .map_err(|e| error(format!("cannot be read: {e}"), "try again"))?;
    match receiver.recv_timeout(TIME_LIMIT) {
        Ok(Ok(result)) => result.map_err(|(message, fix)| error(message, fix)),
        Ok(Err(_)) => Err(error(
            "is broken: reading its marks failed".into(),
            "open it in a PDF reader and save it again, or ask the reviewer for a new copy",
        )),
        Err(_) => Err(error(
            format!(
                "took more than {} seconds to read: it is broken or not a reviewed profile",
                TIME_LIMIT.as_secs()
            ),
            "open it in a PDF reader and save it again, or ask the reviewer for a new copy",
        )),
    }
}

type Failure = (String, &'static str);

fn read_bytes(bytes: Vec<u8>) -> Result<Reviewed, Failure> {
    if !bytes.starts_with(b"%PDF-")
        && !bytes[..bytes.len().min(1024)]
            .windows(5)
            .any(|w| w == b"%PDF-")
    {
        return Err((
            "is not a PDF (it does not start with %PDF-)".into(),
            "give the reviewed PDF itself, not another file",
        ));
    }
    let document_id = document_id(&bytes);
    let pdf = Pdf::new(bytes).map_err(|e| match e {
        hayro_syntax::LoadPdfError::Decryption(_) => (
            "is encrypted (protected by a password), so its marks cannot be read".to_string(),
            "ask the reviewer to save a copy without a password (in Acrobat: File > Properties > Security > No Security)",
        ),
        hayro_syntax::LoadPdfError::Invalid => (
            "is broken: its structure cannot be read (truncated or damaged)".to_string(),
            "open it in a PDF reader and save it again, or ask the reviewer for a new copy",
        ),
    })?;
    if pdf.len() > MAX_OBJECTS {
        return Err((
            format!(
                "has {} objects, more than a reviewed profile can have ({MAX_OBJECTS})",
                pdf.len()
            ),
            "give the PDF the reviewer sent back",
        ));
    }
    let xref = pdf.xref();
    let mut marks = Vec::new();
    for (index, page) in pdf.pages().iter().enumerate() {
        let height = page.media_box().y1;
        let Some(annots) = page.raw().get::<Array>(b"Annots") else {
            continue;
        };
        for (count, item) in annots.raw_iter().enumerate() {
            if count >= MAX_MARKS_PER_PAGE {
                return Err((
                    format!(
                        "has more than {MAX_MARKS_PER_PAGE} marks on page {}: not a review",
                        index + 1
                    ),
                    "give the PDF the reviewer sent back",
                ));
            }
            let (dict, object) = match item {
                MaybeRef::Ref(r) => (
                    xref.get::<Dict>(ObjectIdentifier::from(r)),
                    Some((r.obj_number, r.gen_number)),
                ),
                MaybeRef::NotRef(Object::Dict(d)) => (Some(d), None),
                MaybeRef::NotRef(_) => (None, None),
            };
            let Some(dict) = dict else { continue };
            if let Some(mark) = mark(&dict, index + 1, object, height) {
                marks.push(mark);
            }
        }
    }
    Ok(Reviewed {
        document_id,
        pages: pdf.pages().len(),
        marks,
    })
}

fn mark(dict: &Dict<'_>, page: usize, object: Option<(i32, i32)>, top_edge: f64) -> Option<Mark> {
    let subtype = dict.get::<Name>(b"Subtype")?;
    let kind = MarkKind::of(subtype.as_str())?;
    let flip = |x0: f64, y0: f64, x1: f64, y1: f64| Area {
        left: x0.min(x1),
        right: x0.max(x1),
        top: top_edge - y0.max(y1),
        bottom: top_edge - y0.min(y1),
    };
    let numbers = |key: &[u8]| -> Vec<f64> {
        dict.get::<Array>(key)
            .map(|a| a.iter::<f64>().take(80_000).collect())
            .unwrap_or_default()
    };
    let rect = numbers(b"Rect");
    let area = match rect.as_slice() {
        [x0, y0, x1, y1, ..] if [x0, y0, x1, y1].iter().all(|v| v.is_finite()) => {
            flip(*x0, *y0, *x1, *y1)
        }
        _ => return None,
    };
    let covers = if kind.covers_text() {
        numbers(b"QuadPoints")
            .chunks_exact(8)
            .filter(|q| q.iter().all(|v| v.is_finite()))
            .map(|q| {
                let xs = [q[0], q[2], q[4], q[6]];
                let ys = [q[1], q[3], q[5], q[7]];
                let min = |v: [f64; 4]| v.into_iter().fold(f64::INFINITY, f64::min);
                let max = |v: [f64; 4]| v.into_iter().fold(f64::NEG_INFINITY, f64::max);
                flip(min(xs), min(ys), max(xs), max(ys))
            })
            .collect()
    } else {
        Vec::new()
    };
    let text = |key: &[u8]| {
        dict.get::<hayro_syntax::object::String>(key)
            .map(|s| text_string(s.as_bytes()))
            .filter(|s| !s.trim().is_empty())
    };
    let reply_to = dict.get_ref(b"IRT").map(|r| (r.obj_number, r.gen_number));
    let grouped = dict
        .get::<Name>(b"RT")
        .is_some_and(|n| n.as_str() == "Group");
    Some(Mark {
        page,
        kind,
        area,
        covers,
        note: text(b"Contents")
            .map(|t| limited(t.trim()))
            .unwrap_or_default(),
        author: text(b"T").map(|t| limited(t.trim())),
        date: text(b"M")
            .and_then(|d| pdf_date(&d))
            .or_else(|| text(b"CreationDate").and_then(|d| pdf_date(&d))),
        object: object.or_else(|| dict.obj_id().map(|id| (id.obj_number, id.gen_number))),
        reply_to,
        grouped,
    })
}

/// A note cut to [`MAX_NOTE_CHARS`].
fn limited(text: &str) -> String {
    if text.chars().count() <= MAX_NOTE_CHARS {
        return text.to_string();
    }
    let mut cut: String = text.chars().take(MAX_NOTE_CHARS).collect();
    cut.push('…');
    cut
}

/// A PDF text string: UTF-16BE after its byte order mark, UTF-8 after its own (PDF 2.0), else
/// PDFDocEncoding, which is Latin-1 for every letter a note is likely to hold.
pub fn text_string(bytes: &[u8]) -> String {
    let text = if let Some(utf16) = bytes.strip_prefix(&[0xFE, 0xFF]) {
        let units: Vec<u16> = utf16
            .chunks_exact(2)
            .map(|pair| u16::from_be_bytes([pair[0], pair[1]]))
            .collect();
        String::from_utf16_lossy(&units)
    } else if let Some(utf8) = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        String::from_utf8_lossy(utf8).into_owned()
    } else {
        bytes.iter().map(|&b| pdf_doc_char(b)).collect()
    };
    // Control characters (a reader's line breaks aside) are not text.
    text.chars()
        .map(|c| if c == '\r' { '\n' } else { c })
        .filter(|c| !c.is_control() || *c == '\n' || *c == '\t')
        .collect()
}

/// PDFDocEncoding: Latin-1 but for a few punctuation marks in 0x18–0x1F and 0x80–0x9F.
fn pdf_doc_char(byte: u8) -> char {
    match byte {
        0x80 => '•',
        0x81 => '†',
        0x82 => '‡',
        0x83 => '…',
        0x84 => '—',
        0x85 => '–',
        0x8D => '“',
        0x8E => '”',
        0x8F => '‘',
        0x90 => '’',
        0x91 => '‚',
        0x92 => '™',
        0x93 => 'ﬁ',
        0x94 => 'ﬂ',
        other => other as char,
    }
}

/// `D:YYYYMMDDHHmmSS…` as `YYYY-MM-DD HH:MM` (the date alone when the time is not given).
fn pdf_date(text: &str) -> Option<String> {
    let digits: String = text
        .trim()
        .trim_start_matches("D:")
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    if digits.len() < 8 {
        return None;
    }
    let date = format!("{}-{}-{}", &digits[0..4], &digits[4..6], &digits[6..8]);
    Some(if digits.len() >= 12 {
        format!("{date} {}:{}", &digits[8..10], &digits[10..12])
    } else {
        date
    })
}

/// The first part of the last file identifier in the file (`/ID [<…> <…>]` in a trailer or a
/// cross-reference stream), in lower-case hex. An incremental update repeats it; a reader
/// that rewrites the file keeps it.
pub fn document_id(bytes: &[u8]) -> Option<String> {
    let mut found = None;
    let mut from = 0;
    while let Some(at) = find(&bytes[from..], b"/ID") {
        let start = from + at + 3;
        from = start;
        let rest = &bytes[start..bytes.len().min(start + 400)];
        let rest = skip_space(rest);
        let Some(rest) = rest.strip_prefix(b"[") else {
            continue;
        };
        if let Some(first) = pdf_string(skip_space(rest)) {
            found = Some(first.iter().map(|b| format!("{b:02x}")).collect());
        }
    }
    found
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn skip_space(bytes: &[u8]) -> &[u8] {
    let n = bytes
        .iter()
        .take_while(|b| b.is_ascii_whitespace() || **b == 0)
        .count();
    &bytes[n..]
}

/// A literal `( … )` or hex `< … >` string's bytes.
fn pdf_string(bytes: &[u8]) -> Option<Vec<u8>> {
    match bytes.first()? {
        b'<' => {
            let end = bytes.iter().position(|&b| b == b'>')?;
            let hex: Vec<u8> = bytes[1..end]
                .iter()
                .copied()
                .filter(u8::is_ascii_hexdigit)
                .collect();
            let mut out = Vec::new();
            for pair in hex.chunks(2) {
                let text = std::str::from_utf8(pair).ok()?;
                let digit = u8::from_str_radix(text, 16).ok()?;
                out.push(if pair.len() == 1 { digit << 4 } else { digit });
            }
            Some(out)
        }
        b'(' => {
            let mut out = Vec::new();
            let mut depth = 0usize;
            let mut bytes = bytes[1..].iter().copied();
            while let Some(b) = bytes.next() {
                match b {
                    b'\\' => match bytes.next()? {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        d @ b'0'..=b'7' => {
                            // Up to three octal digits; the common case in identifiers is one.
                            out.push(d - b'0');
                        }
                        other => out.push(other),
                    },
                    b'(' => {
                        depth += 1;
                        out.push(b);
                    }
                    b')' if depth == 0 => return Some(out),
                    b')' => {
                        depth -= 1;
                        out.push(b);
                    }
                    other => out.push(other),
                }
            }
            None
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_identifier_is_read_in_either_spelling() {
        let typst = b"trailer\n<</Size 3/ID[(r7LT)(1j8r)]>>\nstartxref";
        assert_eq!(document_id(typst).as_deref(), Some("72374c54"));
        let rewritten = b"trailer << /ID [ <72374C54> <00> ] >>";
        assert_eq!(document_id(rewritten).as_deref(), Some("72374c54"));
        assert_eq!(document_id(b"no identifier here"), None);
    }

    #[test]
    fn text_strings_are_read_in_each_encoding() {
        assert_eq!(text_string(&[0xFE, 0xFF, 0x00, 0x48, 0x00, 0xE9]), "Hé");
        assert_eq!(text_string(b"caf\xe9 \x84 ok"), "café — ok");
        assert_eq!(text_string(b"line\rnext\x07"), "line\nnext");
    }

    #[test]
    fn dates_keep_the_day_and_minute() {
        assert_eq!(
            pdf_date("D:20261130142501+01'00'").as_deref(),
            Some("2026-11-30 14:25")
        );
        assert_eq!(pdf_date("D:20261130").as_deref(), Some("2026-11-30"));
        assert_eq!(pdf_date("yesterday"), None);
    }
}
