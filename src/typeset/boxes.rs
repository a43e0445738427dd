//! Where things landed on the laid-out pages: the change bars and the runs of text, in points
//! from each page's top-left corner. The build reports its bars with these, and the tests hold
//! each bar against the text beside it.

use typst::layout::{FrameItem, Point, Transform};

use super::printing::walk;
use typst::visualize::Geometry;
use typst_layout::PagedDocument;

/// The thickness of a change bar: `change-bar-width` in `style.typ`. Nothing else the
/// template draws is a filled shape or a line of this width.
const BAR_WIDTH_PT: f64 = 1.6;

/// One change bar, or the piece of one in a column or on a page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BarBox {
    /// The page, counted from 1.
    pub page: usize,
    /// The bar's centre line across the page.
    pub x: f64,
    /// Where the bar starts, down from the page's top edge.
    pub top: f64,
    /// Where the bar ends, down from the page's top edge.
    pub bottom: f64,
}

/// A run of text of one font and size, with its box as the eye sees it: from the font's cap
/// height above the baseline to its descender below.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    /// The page, counted from 1.
    pub page: usize,
    /// Where the run starts, across from the page's left edge.
    pub left: f64,
    /// Where the run ends: its start plus its set width.
    pub right: f64,
    /// The cap height's line, down from the page's top edge.
    pub top: f64,
    /// The baseline, down from the page's top edge.
    pub baseline: f64,
    /// The descender's line, down from the page's top edge.
    pub bottom: f64,
    /// The font size as set on the page, in points.
    pub size: f64,
    /// The characters of the run, as Typst shaped them.
    pub text: String,
}

/// Every change bar of the document, in page order.
pub fn change_bars(document: &PagedDocument) -> Vec<BarBox> {
    let mut bars = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        walk(&page.frame, Transform::identity(), &mut |item, ts| {
            let FrameItem::Shape(shape, _) = item else {
                return;
            };
            let bbox = shape.geometry.bbox(None);
            let (wide, tall) = (
                (bbox.max.x - bbox.min.x).to_pt(),
                (bbox.max.y - bbox.min.y).to_pt(),
            );
            let bar = match (&shape.stroke, &shape.fill) {
                // A block's one-sided stroke is drawn as a filled outline of that side.
                (None, Some(_)) => {
                    matches!(shape.geometry, Geometry::Curve(_))
                        && (wide - BAR_WIDTH_PT).abs() < 1e-3
                }
                // A row's bar is a stroked line.
                (Some(stroke), _) => {
                    (stroke.thickness.to_pt() - BAR_WIDTH_PT).abs() < 1e-6
                        && matches!(shape.geometry, Geometry::Line(_))
                        && wide.abs() < 1e-6
                }
                (None, None) => false,
            };
            if !bar || tall <= 2.0 * BAR_WIDTH_PT {
                return;
            }
            let (a, b) = (bbox.min.transform(ts), bbox.max.transform(ts));
            bars.push(BarBox {
                page: i + 1,
                x: (a.x.to_pt() + b.x.to_pt()) / 2.0,
                top: a.y.min(b.y).to_pt(),
                bottom: a.y.max(b.y).to_pt(),
            });
        });
    }
    bars
}

/// Where a run of text sits on its page: its left edge, the top of its capitals, its
/// baseline and its descender line, in points from the page's top-left corner.
#[derive(Clone, Copy)]
struct RunLine {
    left: f64,
    top: f64,
    baseline: f64,
    bottom: f64,
}

/// Visits every run of text that shows something, page by page in layout order, with its page
/// (from 1), its item, its transform and where it sits: what [`text_boxes`] and [`word_boxes`]
/// both read, so that their runs are the same runs.
fn each_run(
    document: &PagedDocument,
    mut visit: impl FnMut(usize, &typst::text::TextItem, Transform, RunLine),
) {
    for (i, page) in document.pages().iter().enumerate() {
        walk(&page.frame, Transform::identity(), &mut |item, ts| {
            let FrameItem::Text(text) = item else {
                return;
            };
            if text.text.trim().is_empty() {
                return;
            }
            let metrics = text.font.metrics();
            let origin = Point::zero().transform(ts);
            let scale = ts.sy.get();
            let baseline = origin.y.to_pt();
            let line = RunLine {
                left: origin.x.to_pt(),
                top: baseline - metrics.cap_height.at(text.size).to_pt() * scale,
                baseline,
                bottom: baseline - metrics.descender.at(text.size).to_pt() * scale,
            };
            visit(i + 1, text, ts, line);
        });
    }
}

/// Every run of text of the document, in the order it was laid out.
pub fn text_boxes(document: &PagedDocument) -> Vec<TextBox> {
    let mut boxes = Vec::new();
    each_run(document, |page, text, ts, line| {
        boxes.push(TextBox {
            page,
            left: line.left,
            right: line.left + text.width().to_pt() * ts.sx.get(),
            top: line.top,
            baseline: line.baseline,
            bottom: line.bottom,
            size: text.size.to_pt() * ts.sy.get(),
            text: text.text.to_string(),
        });
    });
    boxes
}

/// Type larger than this is display type (the DRAFT mark across a draft's pages, the covers'
/// titles), drawn over other things on purpose; the checks below leave it out.
const DISPLAY_PT: f64 = 30.0;

/// Two runs of text drawn over each other on one page: indexes into the boxes given to
/// [`overlaps`], in layout order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Overlap {
    /// The page both runs are on, counted from 1.
    pub page: usize,
    /// The run laid out first.
    pub first: usize,
    /// The run laid out second.
    pub second: usize,
}

/// Every pair of text runs whose boxes overlap as the eye sees it: they share more than half a
/// point across, at least half the smaller box's height, and at least 30 % of the smaller box
/// (the measure of `tools/text_overlaps.py`, on the layout instead of the PDF). Runs of one
/// line touch end to end, and lines of one paragraph share no more than a sliver of their
/// leading, so neither counts.
pub fn overlaps(boxes: &[TextBox]) -> Vec<Overlap> {
    let mut found = Vec::new();
    let mut order: Vec<usize> = (0..boxes.len())
        .filter(|&i| boxes[i].size <= DISPLAY_PT && boxes[i].right > boxes[i].left)
        .collect();
    order.sort_by(|&a, &b| {
        (boxes[a].page, boxes[a].left)
            .partial_cmp(&(boxes[b].page, boxes[b].left))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    for (k, &i) in order.iter().enumerate() {
        let a = &boxes[i];
        for &j in &order[k + 1..] {
            let b = &boxes[j];
            if b.page != a.page || b.left >= a.right {
                break;
            }
            let across = a.right.min(b.right) - a.left.max(b.left);
            let down = a.bottom.min(b.bottom) - a.top.max(b.top);
            let height = |t: &TextBox| t.bottom - t.top;
            if across <= 0.5 || down < 0.5 * height(a).min(height(b)) {
                continue;
            }
            let area = |t: &TextBox| (t.right - t.left) * height(t);
            if across * down >= 0.3 * area(a).min(area(b)) {
                let (first, second) = (i.min(j), i.max(j));
                found.push(Overlap {
                    page: a.page,
                    first,
                    second,
                });
            }
        }
    }
    found.sort_by_key(|o| (o.page, o.first, o.second));
    found
}

/// The text area of an inside page, in points from its top-left corner: A4 less the margins
/// of `style.typ` (top 21 mm, bottom 19 mm, inside 19 mm, outside 17 mm; odd pages are
/// right-hand pages, bound on their left).
pub fn text_area(page: usize) -> (f64, f64, f64, f64) {
    const MM: f64 = 72.0 / 25.4;
    let (inside, outside) = (19.0 * MM, 17.0 * MM);
    let (left, right) = if page % 2 == 1 {
        (inside, 595.276 - outside)
    } else {
        (outside, 595.276 - inside)
    };
    (left, 21.0 * MM, right, 841.89 - 19.0 * MM)
}

/// Runs of text on the inside pages (3–11) that lie outside the text area: past its sides, or
/// above or below it other than in the running head and foot. Nothing flows up out of the text
/// area, so all text above it is the head's; Typst sets the foot in the bottom margin less its
/// descent (30 % of the margin), so text between the text area and the foot ran out of its
/// block. Half a point of give on each side takes in the overhang of round letters.
pub fn outside_text_area(boxes: &[TextBox]) -> Vec<usize> {
    const GIVE: f64 = 0.5;
    const PAGE_HEIGHT: f64 = 841.89;
    (0..boxes.len())
        .filter(|&i| {
            let t = &boxes[i];
            if !(3..=11).contains(&t.page) || t.size > DISPLAY_PT {
                return false;
            }
            let (left, top, right, bottom) = text_area(t.page);
            let sideways = t.left < left - GIVE || t.right > right + GIVE;
            let head = t.bottom <= top + GIVE;
            let foot = t.top >= PAGE_HEIGHT - 0.7 * (PAGE_HEIGHT - bottom) - GIVE;
            let marginal = head || foot;
            // A line's descenders hang below the text area at a page foot, as in any book:
            // its baseline is what must stay inside.
            let across = t.top < top - GIVE || t.baseline > bottom + GIVE;
            sideways || (across && !marginal)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::lay_out;

    #[test]
    fn a_bar_and_the_text_beside_it_are_found_where_they_are_laid_out() {
        let document = lay_out(
            "#set text(size: 10pt)\nBefore.\n\n#block(stroke: (left: 1.6pt + red), outset: (left: 5.8pt, bottom: 0.271em))[Changed text.]\n\nAfter.",
        );
        let bars = change_bars(&document);
        let text = text_boxes(&document);
        assert_eq!(bars.len(), 1);
        let (bar, changed) = (bars[0], &text[1]);
        assert_eq!(changed.text, "Changed text.");
        assert!(
            (bar.x + 0.8 - (changed.left - 5.0)).abs() < 0.01,
            "{bar:?} {changed:?}"
        );
        assert!((bar.top - changed.top).abs() < 0.01, "{bar:?} {changed:?}");
        assert!(
            (bar.bottom - changed.bottom).abs() < 0.01,
            "{bar:?} {changed:?}"
        );
    }

    #[test]
    fn text_drawn_over_text_is_found_and_lines_of_a_paragraph_are_not() {
        let document = lay_out(
            "#set text(size: 9.5pt)\n#set par(leading: 3.6pt)\nA paragraph of several lines, set tight, whose lines touch but never cover one another. It goes on for a while so that it wraps onto three or four lines at this width.\n\n#place(top + left, dy: 4pt)[Laid over the paragraph]",
        );
        let boxes = text_boxes(&document);
        let found = overlaps(&boxes);
        assert!(!found.is_empty(), "{boxes:?}");
        assert!(
            found
                .iter()
                .all(|o| boxes[o.second].text == "Laid over the paragraph"),
            "{found:?}"
        );
        let clean = lay_out(
            "#set text(size: 9.5pt)\n#set par(leading: 3.6pt)\nA paragraph of several lines, set tight, whose lines touch but never cover one another. It goes on for a while so that it wraps onto three or four lines at this width.",
        );
        assert_eq!(overlaps(&text_boxes(&clean)), []);
    }

    #[test]
    fn text_outside_the_text_area_of_an_inside_page_is_found() {
        let page = "#set page(paper: \"a4\", margin: (top: 21mm, bottom: 19mm, inside: 19mm, outside: 17mm))";
        let document = lay_out(&format!(
            "{page}\nOne.\n#pagebreak()\nTwo.\n#pagebreak()\nInside.\n#place(top + left, dy: 259mm)[Below the text area]\n#place(top + left, dx: 170mm, dy: 50mm)[Past its side]"
        ));
        let boxes = text_boxes(&document);
        let outside: Vec<&str> = outside_text_area(&boxes)
            .into_iter()
            .map(|i| boxes[i].text.as_str())
            .collect();
        assert_eq!(outside, ["Below the text area", "Past its side"]);
    }
}

/// One word as laid out: its letters as printed and its box, in points from the page's
/// top-left corner (cap height to descender, as [`TextBox`]).
#[derive(Debug, Clone, PartialEq)]
pub struct WordBox {
    /// The page, counted from 1.
    pub page: usize,
    /// The run of text the word is part of: an index into [`text_boxes`]' list.
    pub run: usize,
    /// The word's left edge.
    pub left: f64,
    /// The word's right edge.
    pub right: f64,
    /// The top of the run's capitals.
    pub top: f64,
    /// The run's descender line.
    pub bottom: f64,
    /// The word as printed (a hyphenated word's first part ends in its hyphen).
    pub text: String,
}

/// Every word of the document as laid out, in the order of [`text_boxes`]' runs: what a
/// reviewer's highlight covers is read from these.
pub fn word_boxes(document: &PagedDocument) -> Vec<WordBox> {
    let mut words = Vec::new();
    let mut run = 0;
    each_run(document, |page, text, ts, line| {
        let sx = ts.sx.get();
        let mut x = line.left;
        let mut current: Option<WordBox> = None;
        for glyph in &text.glyphs {
            let advance = glyph.x_advance.at(text.size).to_pt() * sx;
            let letters = text.text.get(glyph.range()).unwrap_or("");
            if letters.chars().all(char::is_whitespace) {
                words.extend(current.take());
            } else {
                let word = current.get_or_insert_with(|| WordBox {
                    page,
                    run,
                    left: x,
                    right: x,
                    top: line.top,
                    bottom: line.bottom,
                    text: String::new(),
                });
                word.right = x + advance;
                word.text.push_str(letters);
            }
            x += advance;
        }
        words.extend(current);
        run += 1;
    });
    words
}
