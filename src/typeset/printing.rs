//! What a printer needs of the laid-out pages, checked on the layout itself:
//! - no text within 5 mm of the trim, where the guillotine may cut;
//! - every picture printed at 300 ppi or more at the size it is placed (below 150 ppi it
//!   prints visibly soft and is refused);
//! - no line of the template's own drawing thinner than 0.25 pt, which presses lose.

use typst::layout::{Abs, Frame, FrameItem, Point, Transform};
use typst::visualize::ImageKind;
use typst_layout::PagedDocument;

/// How close text may come to the trim.
const SAFE_MM: f64 = 5.0;
/// The thinnest line a press holds.
const THINNEST_PT: f64 = 0.25;
/// Pixels per inch a picture needs: below the first it is refused, below the second warned of.
pub const PPI_REFUSED: f64 = 150.0;
/// Pixels per inch at which a picture prints sharp; below it the build warns.
pub const PPI_SHARP: f64 = 300.0;

/// A picture as placed on a page, the smallest ppi of its placements.
#[derive(Debug, Clone, PartialEq)]
pub struct Placement {
    /// Which picture: its index in the list given to [`pictures`].
    pub picture: usize,
    /// The page of the lowest-resolution placement, counted from 1.
    pub page: usize,
    /// The picture's width and height in pixels, as the file holds it.
    pub pixels: (u32, u32),
    /// The placed size in millimetres (before any crop by its box).
    pub size_mm: (f64, f64),
    /// Pixels per inch as printed, the lower of width and height.
    pub ppi: f64,
}

/// Where each of `pictures` (their bytes) is placed, at its lowest resolution; pictures not
/// placed are left out.
pub fn pictures(document: &PagedDocument, pictures: &[&[u8]]) -> Vec<Placement> {
    let mut found: Vec<Placement> = Vec::new();
    for (i, page) in document.pages().iter().enumerate() {
        walk(&page.frame, Transform::identity(), &mut |item, ts| {
            let FrameItem::Image(image, size, _) = item else {
                return;
            };
            let ImageKind::Raster(raster) = image.kind() else {
                return;
            };
            let data = raster.data().as_slice();
            let Some(picture) = pictures.iter().position(|p| *p == data) else {
                return;
            };
            let scale = (ts.sx.get().powi(2) + ts.ky.get().powi(2)).sqrt();
            let width_in = size.x.to_inches() * scale;
            let height_in = size.y.to_inches() * scale;
            if width_in <= 0.0 {
                return;
            }
            let (w, h) = (raster.width(), raster.height());
            let ppi = (f64::from(w) / width_in).min(f64::from(h) / height_in);
            let placement = Placement {
                picture,
                page: i + 1,
                pixels: (w, h),
                size_mm: (width_in * 25.4, height_in * 25.4),
                ppi,
            };
            match found.iter_mut().find(|p| p.picture == picture) {
                Some(p) if p.ppi <= ppi => {}
                Some(p) => *p = placement,
                None => found.push(placement),
            }
        });
    }
    found.sort_by_key(|p| p.picture);
    found
}

/// Text set within 5 mm of the trim, and lines thinner than 0.25 pt: one sentence each, with
/// the page and the place.
pub fn layout_problems(document: &PagedDocument) -> Vec<String> {
    let mut problems = Vec::new();
    let safe = Abs::mm(SAFE_MM);
    for (i, page) in document.pages().iter().enumerate() {
        let size = page.frame.size();
        let mut near: Vec<(String, f64)> = Vec::new();
        let mut thin: Option<(f64, Point)> = None;
        walk(
            &page.frame,
            Transform::identity(),
            &mut |item, ts| match item {
                FrameItem::Text(text) => {
                    // The text's box: its advance across, ascender above and descender below
                    // the baseline (taken as 0.8 and 0.2 of the size).
                    let (w, em) = (text.width(), text.size);
                    let corners = [
                        Point::new(Abs::zero(), -em * 0.8),
                        Point::new(w, -em * 0.8),
                        Point::new(Abs::zero(), em * 0.2),
                        Point::new(w, em * 0.2),
                    ]
                    .map(|p| p.transform(ts));
                    let margin = corners
                        .iter()
                        .map(|p| p.x.min(p.y).min(size.x - p.x).min(size.y - p.y))
                        .fold(Abs::inf(), Abs::min);
                    if margin < safe && !text.text.trim().is_empty() {
                        near.push((text.text.to_string(), margin.to_mm()));
                    }
                }
                FrameItem::Shape(shape, _) => {
                    if let Some(stroke) = &shape.stroke {
                        let scale = (ts.sx.get().powi(2) + ts.ky.get().powi(2)).sqrt();
                        let pt = stroke.thickness.to_pt() * scale;
                        if pt > 0.0 && pt < THINNEST_PT - 1e-6 && thin.is_none_or(|(t, _)| pt < t) {
                            thin = Some((pt, Point::zero().transform(ts)));
                        }
                    }
                }
                _ => {}
            },
        );
        if let Some((text, mm)) = near.first() {
            let more = match near.len() {
                1 => String::new(),
                n => format!(
                    " (and {} more piece{} of text)",
                    n - 1,
                    if n == 2 { "" } else { "s" }
                ),
            };
            problems.push(format!(
                "page {}: \"{}\" is set {:.1} mm from the trim{more}; text must keep {SAFE_MM} mm from it, or the cut may touch it",
                i + 1,
                text.trim(),
                mm.max(0.0)
            ));
        }
        if let Some((pt, at)) = thin {
            problems.push(format!(
                "page {}: a line {pt:.2} pt thick at {:.0} mm across, {:.0} mm down; lines under {THINNEST_PT} pt do not hold on press",
                i + 1,
                at.x.to_mm(),
                at.y.to_mm()
            ));
        }
    }
    problems
}

/// Calls `visit` with every item of `frame` and its transform to page coordinates. Groups
/// that clip are followed too: a picture cropped by its box is still printed at its scale.
pub(super) fn walk(frame: &Frame, ts: Transform, visit: &mut dyn FnMut(&FrameItem, Transform)) {
    for (pos, item) in frame.items() {
        let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
        match item {
            FrameItem::Group(group) => walk(&group.frame, here.pre_concat(group.transform), visit),
            other => visit(other, here),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::typeset::lay_out;

    #[test]
    fn text_near_the_trim_and_thin_lines_are_found_with_their_page() {
        let problems = layout_problems(&lay_out(
            "Well inside.\n#place(top + left, dx: -17mm, dy: 40mm)[Near the edge]\n#pagebreak()\n#line(length: 50%, stroke: 0.2pt)",
        ));
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems[0].starts_with(
                "page 1: \"Near the edge\" is set 3.0 mm from the trim; text must keep 5 mm from it"
            ),
            "{}",
            problems[0]
        );
        assert!(
            problems[1].starts_with("page 2: a line 0.20 pt thick at 20 mm across, 20 mm down"),
            "{}",
            problems[1]
        );
        assert!(
            layout_problems(&lay_out("Well inside.\n#line(length: 50%, stroke: 0.25pt)"))
                .is_empty()
        );
    }
}
