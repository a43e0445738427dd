//! The U4SSC benchmarking wheel: the city at the centre, then rings for dimensions, categories
//! (numbered; the key beside the wheel names them) and every KPI or data point. KPI segments
//! grow outwards with their band, so length carries the score as well as colour.

use std::f64::consts::PI;

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Chart, Palette, SCALE, measure, px, text};
use crate::kpi::{Band, KpiResults, Outcome};

const SIZE: f64 = 236.0;
const R_CITY: f64 = 33.0;
const R_DIM: (f64, f64) = (34.0, 60.0);
const R_CAT: (f64, f64) = (61.0, 85.0);
const R_KPI_IN: f64 = 87.0;
const KPI_STEP: f64 = 7.0;

/// The benchmarking wheel for all of `results`, with `city` named in the centre disc.
pub fn wheel_chart(results: &KpiResults, city: &str) -> Chart {
    let palette = Palette::get();
    let white = RGBColor(255, 255, 255);
    let ink = palette.color(&palette.ink);
    let outline = palette.color(&palette.outline);
    let c = SIZE / 2.0;
    let total = results.rows.len() as f64;
    let angle = |i: usize| 2.0 * PI * i as f64 / total;

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (px(SIZE) as u32, px(SIZE) as u32))
            .into_drawing_area();
        let sector = |a0: f64, a1: f64, r0: f64, r1: f64| -> Vec<(i32, i32)> {
            let steps = (((a1 - a0) / (PI / 90.0)).ceil() as usize).max(1);
            let point = |a: f64, r: f64| (px(c + r * a.sin()), px(c - r * a.cos()));
            let outer = (0..=steps).map(|s| point(a0 + (a1 - a0) * s as f64 / steps as f64, r1));
            let inner = (0..=steps)
                .rev()
                .map(|s| point(a0 + (a1 - a0) * s as f64 / steps as f64, r0));
            outer.chain(inner).collect()
        };
        let label_at = |a0: f64, a1: f64, r: f64| {
            let a = (a0 + a1) / 2.0;
            (px(c + r * a.sin()), px(c - r * a.cos()))
        };
        let fill_for = |band: Option<Band>| {
            band.map_or(palette.color(&palette.not_reported), |b| palette.band(b))
        };
        let text_for = |band: Option<Band>| band.map_or(ink, |b| palette.band_text(b));

        // KPI ring: one segment per KPI or data point, its length by band.
        for (i, row) in results.rows.iter().enumerate() {
            let (a0, a1) = (angle(i), angle(i + 1));
            let r1 = match row.outcome {
                Outcome::Scored { band, .. } => R_KPI_IN + KPI_STEP * f64::from(band.points()),
                Outcome::NotReported => R_KPI_IN + KPI_STEP * 0.6,
                Outcome::NoBenchmark => R_KPI_IN + KPI_STEP * 4.0,
            };
            let shape = sector(a0, a1, R_KPI_IN, r1);
            let _ = root.draw(&Polygon::new(
                shape.clone(),
                palette.outcome(row.outcome).filled(),
            ));
            let border = if row.outcome == Outcome::NoBenchmark {
                outline
            } else {
                white
            };
            let mut closed = shape;
            closed.push(closed[0]);
            let _ = root.draw(&PathElement::new(
                closed,
                border.stroke_width((0.4 * SCALE) as u32),
            ));
        }
        // Faint guides at the four band lengths.
        for band in 1..=4 {
            let r = R_KPI_IN + KPI_STEP * f64::from(band);
            let _ = root.draw(&Circle::new(
                (px(c), px(c)),
                px(r),
                palette.color(&palette.rule).stroke_width(1),
            ));
        }

        // Category ring, numbered in catalogue order.
        let mut start = 0;
        for (n, cat) in results.categories.iter().enumerate() {
            let (a0, a1) = (angle(start), angle(start + cat.rows));
            start += cat.rows;
            let _ = root.draw(&Polygon::new(
                sector(a0, a1, R_CAT.0, R_CAT.1),
                fill_for(cat.band).filled(),
            ));
            let mut edge = sector(a0, a1, R_CAT.0, R_CAT.1);
            edge.push(edge[0]);
            let _ = root.draw(&PathElement::new(
                edge,
                white.stroke_width((0.8 * SCALE) as u32),
            ));
            // Narrow segments get smaller numbers, so neighbours do not run into each other.
            let arc = (a1 - a0) * (R_CAT.0 + R_CAT.1) / 2.0;
            let size = (arc * 0.75).min(6.0);
            if size >= 3.5 {
                let _ = root.draw(&Text::new(
                    (n + 1).to_string(),
                    label_at(a0, a1, (R_CAT.0 + R_CAT.1) / 2.0),
                    text(size, true, text_for(cat.band)).pos(Pos::new(HPos::Center, VPos::Center)),
                ));
            }
        }

        // Dimension ring.
        let mut start = 0;
        for dim in &results.dimensions {
            let (a0, a1) = (angle(start), angle(start + dim.rows));
            start += dim.rows;
            let _ = root.draw(&Polygon::new(
                sector(a0, a1, R_DIM.0, R_DIM.1),
                fill_for(dim.band).filled(),
            ));
            let mut edge = sector(a0, a1, R_DIM.0, R_DIM.1);
            edge.push(edge[0]);
            let _ = root.draw(&PathElement::new(
                edge,
                white.stroke_width((1.2 * SCALE) as u32),
            ));
            let (size, words) = dimension_label(dim.dimension.name(), a0, a1);
            let (x, y) = label_at(a0, a1, (R_DIM.0 + R_DIM.1) / 2.0);
            let line = px(size + 0.8);
            let top = y - line * (words.len() as i32 - 1) / 2;
            for (k, word) in words.iter().enumerate() {
                let _ = root.draw(&Text::new(
                    word.to_string(),
                    (x, top + line * k as i32),
                    text(size, true, text_for(dim.band)).pos(Pos::new(HPos::Center, VPos::Center)),
                ));
            }
        }

        // The city at the centre.
        let _ = root.draw(&Circle::new(
            (px(c), px(c)),
            px(R_CITY),
            palette.color(&palette.accent).filled(),
        ));
        let size = fit_size(city, 8.5, 2.0 * R_CITY - 8.0);
        let _ = root.draw(&Text::new(
            city.to_string(),
            (px(c), px(c)),
            text(size, true, white).pos(Pos::new(HPos::Center, VPos::Center)),
        ));
        let _ = root.present();
    }
    let scored = results.count(|r| matches!(r.outcome, Outcome::Scored { .. }));
    // What the rings show, dimension by dimension: its score, then each category's.
    let dimensions = results
        .dimensions
        .iter()
        .map(|d| {
            let categories = results
                .categories
                .iter()
                .filter(|c| c.dimension == d.dimension)
                .map(|c| {
                    format!(
                        "{} {}",
                        c.category.as_deref().unwrap_or_default(),
                        super::bars::score_text(c)
                    )
                })
                .collect::<Vec<_>>()
                .join(", ");
            format!(
                "{} {}; its categories: {categories}",
                d.dimension.name(),
                super::bars::score_text(d)
            )
        })
        .collect::<Vec<_>>()
        .join(". ");
    let alt = format!(
        "Benchmarking wheel for {city}: {} KPIs and data points, {scored} scored against a benchmark, {} not reported, {} without benchmark. Rings from the centre show the dimensions, their {} categories and each KPI, coloured by band. Scores as per cent of target: {dimensions}.",
        results.rows.len(),
        results.count(|r| r.outcome == Outcome::NotReported),
        results.count(|r| r.outcome == Outcome::NoBenchmark),
        results.categories.len(),
    );
    Chart {
        svg,
        width_pt: SIZE,
        height_pt: SIZE,
        alt,
    }
}

/// A dimension's name set level in its ring segment from angle `a0` to `a1`: its box must stay
/// inside the ring where it sits (half its width and height, turned into the ring's radial and
/// tangential directions, within half the ring's width and half its arc). The largest size that
/// fits wins, on as few lines as it needs; the size and the lines.
fn dimension_label(name: &str, a0: f64, a1: f64) -> (f64, Vec<&str>) {
    let mid = (a0 + a1) / 2.0;
    let (sin, cos) = (mid.sin().abs(), mid.cos().abs());
    let radial_room = (R_DIM.1 - R_DIM.0) / 2.0 - 1.5;
    let arc_room = 0.85 * (R_DIM.0 + R_DIM.1) / 4.0 * (a1 - a0);
    let all: Vec<&str> = name.split(' ').collect();
    let two = name
        .rsplit_once(' ')
        .filter(|_| all.len() > 2)
        .map(|(a, b)| vec![a, b]);
    let splits: Vec<Vec<&str>> = [Some(vec![name]), two, Some(all)]
        .into_iter()
        .flatten()
        .collect();
    let fits =
        |words: &[&str], size: f64| label_box_fits(words, size, sin, cos, radial_room, arc_room);
    for size in [6.5, 6.0, 5.5, 5.0, 4.5] {
        if let Some(words) = splits.iter().find(|w| fits(w, size)) {
            return (size, words.clone());
        }
    }
    (4.5, splits.last().cloned().unwrap_or_default())
}

fn label_box_fits(words: &[&str], size: f64, sin: f64, cos: f64, radial: f64, arc: f64) -> bool {
    let w = words
        .iter()
        .map(|w| measure(w, size, true))
        .fold(0.0, f64::max)
        / 2.0;
    let h = words.len() as f64 * (size + 0.8) / 2.0;
    w * sin + h * cos <= radial && w * cos + h * sin <= arc
}

/// The largest size up to `max_pt` at which `label` fits in `width_pt`.
fn fit_size(label: &str, max_pt: f64, width_pt: f64) -> f64 {
    let mut size = max_pt;
    while size > 5.0 && measure(label, size, true) > width_pt {
        size -= 0.5;
    }
    size
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The sample's shares of the 112 results: Economy 55, Environment 28, Society 29.
    fn segments() -> [(&'static str, f64, f64); 3] {
        let at = |n: f64| 2.0 * PI * n / 112.0;
        [
            ("Economy", at(0.0), at(55.0)),
            ("Environment", at(55.0), at(83.0)),
            ("Society and Culture", at(83.0), at(112.0)),
        ]
    }

    #[test]
    fn dimension_labels_stay_inside_their_ring() {
        for (name, a0, a1) in segments() {
            let (size, words) = dimension_label(name, a0, a1);
            let mid = (a0 + a1) / 2.0;
            let (sin, cos) = (mid.sin().abs(), mid.cos().abs());
            let radial = (R_DIM.1 - R_DIM.0) / 2.0 - 1.5;
            let arc = 0.85 * (R_DIM.0 + R_DIM.1) / 4.0 * (a1 - a0);
            assert!(
                label_box_fits(&words, size, sin, cos, radial, arc),
                "{name} at {size} pt on {words:?} runs out of its ring"
            );
            assert_eq!(words.join(" "), name, "no word is dropped");
        }
        // Where the ring runs up and down, "Society and Culture" needs its three lines.
        let (_, a0, a1) = segments()[2];
        assert_eq!(dimension_label("Society and Culture", a0, a1).1.len(), 3);
    }
}
