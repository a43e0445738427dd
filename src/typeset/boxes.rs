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
    pub top: f64,
    pub bottom: f64,
}

/// A run of text of one font and size, with its box as the eye sees it: from the font's cap
/// height above the baseline to its descender below.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBox {
    pub page: usize,
    pub left: f64,
    pub right: f64,
    pub top: f64,
    pub baseline: f64,
    pub bottom: f64,
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

/// Every run of text of the document, in the order it was laid out.
pub fn text_boxes(document: &PagedDocument) -> Vec<TextBox> {
    let mut boxes = Vec::new();
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
            let cap_height = metrics.cap_height.at(text.size).to_pt() * scale;
            let descender = metrics.descender.at(text.size).to_pt() * scale;
            let baseline = origin.y.to_pt();
            boxes.push(TextBox {
                page: i + 1,
                left: origin.x.to_pt(),
                right: origin.x.to_pt() + text.width().to_pt() * ts.sx.get(),
                top: baseline - cap_height,
                baseline,
                bottom: baseline - descender,
                text: text.text.to_string(),
            });
        });
    }
    boxes
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
}
