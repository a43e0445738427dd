//! Progress over time for one KPI or data point with earlier years: the reported values as a
//! line with labelled points, the U4SSC benchmark dashed, and the city's own target dotted.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Chart, Palette, SCALE, px, text};
use crate::format;
use crate::kpi::{Measure, ResultRow};

const W: f64 = 118.0;
const H: f64 = 74.0;

/// `None` when the row has fewer than two years to compare.
pub fn progress_chart(row: &ResultRow) -> Option<Chart> {
    if row.history.len() < 2 {
        return None;
    }
    let palette = Palette::get();
    let ink = palette.color(&palette.ink);
    let muted = palette.color(&palette.muted);
    let accent = palette.color(&palette.accent);
    let target = match row.target {
        Some(Measure::Number(t)) => Some(t),
        _ => None,
    };
    let values = row
        .history
        .iter()
        .map(|o| o.value)
        .chain(target)
        .chain(row.local_target);
    let (lo, hi) = values.fold((f64::MAX, f64::MIN), |(lo, hi), v| (lo.min(v), hi.max(v)));
    let pad = ((hi - lo) * 0.2).max(hi.abs() * 0.05).max(0.5);
    let (y_lo, y_hi) = ((lo - pad).max(0.0).min(lo), hi + pad);
    let first = row.history.first().map_or(0, |o| o.year);
    let last = row.history.last().map_or(0, |o| o.year);
    // The plot leaves room on the right for the target labels, so they never meet the values.
    let (x0, x1, y0, y1) = (10.0, W - 40.0, 9.0, H - 14.0);
    let x_at = |year: i32| {
        if last == first {
            (x0 + x1) / 2.0
        } else {
            x0 + (x1 - x0) * f64::from(year - first) / f64::from(last - first)
        }
    };
    let y_at = |v: f64| y1 - (y1 - y0) * (v - y_lo) / (y_hi - y_lo);

    let mut svg = String::new();
    {
        let root =
            SVGBackend::with_string(&mut svg, (px(W) as u32, px(H) as u32)).into_drawing_area();
        let _ = root.draw(&PathElement::new(
            vec![(px(2.0), px(y1 + 2.0)), (px(x1 + 6.0), px(y1 + 2.0))],
            palette
                .color(&palette.rule)
                .stroke_width((0.5 * SCALE) as u32),
        ));
        let mut lines: Vec<(f64, &str, f64)> = Vec::new();
        if let Some(t) = target {
            lines.push((y_at(t), "U4SSC target", 3.0));
        }
        if let Some(t) = row.local_target {
            lines.push((y_at(t), "local target", 1.0));
        }
        // Labels of two close lines are pushed apart.
        let mut label_y: Vec<f64> = lines.iter().map(|l| l.0).collect();
        if label_y.len() == 2 && (label_y[0] - label_y[1]).abs() < 7.0 {
            let mid = (label_y[0] + label_y[1]) / 2.0;
            let (a, b) = if label_y[0] <= label_y[1] {
                (-3.5, 3.5)
            } else {
                (3.5, -3.5)
            };
            label_y = vec![mid + a, mid + b];
        }
        for ((y, label, dash), ly) in lines.iter().zip(&label_y) {
            let mut x = 2.0;
            while x < x1 + 6.0 {
                let _ = root.draw(&PathElement::new(
                    vec![(px(x), px(*y)), (px((x + dash).min(x1 + 6.0)), px(*y))],
                    muted.stroke_width((0.6 * SCALE) as u32),
                ));
                x += dash * 2.0;
            }
            let _ = root.draw(&Text::new(
                label.to_string(),
                (px(x1 + 8.0), px(*ly)),
                text(5.5, false, muted).pos(Pos::new(HPos::Left, VPos::Center)),
            ));
        }
        let points: Vec<(i32, i32)> = row
            .history
            .iter()
            .map(|o| (px(x_at(o.year)), px(y_at(o.value))))
            .collect();
        let _ = root.draw(&PathElement::new(
            points.clone(),
            accent.stroke_width((1.2 * SCALE) as u32),
        ));
        for (o, p) in row.history.iter().zip(&points) {
            let _ = root.draw(&Circle::new(*p, px(1.8), accent.filled()));
            let _ = root.draw(&Text::new(
                format::number(o.value),
                (p.0, p.1 - px(3.0)),
                text(6.0, true, ink).pos(Pos::new(HPos::Center, VPos::Bottom)),
            ));
            let _ = root.draw(&Text::new(
                o.year.to_string(),
                (p.0, px(y1 + 4.0)),
                text(6.0, false, muted).pos(Pos::new(HPos::Center, VPos::Top)),
            ));
        }
        let _ = root.present();
    }
    let alt = format!(
        "{}: {}{}",
        row.label(),
        row.history
            .iter()
            .map(|o| format!("{} in {}", format::number(o.value), o.year))
            .collect::<Vec<_>>()
            .join(", "),
        target.map_or(String::new(), |t| format!(
            "; U4SSC target {}",
            format::number(t)
        ))
    );
    Some(Chart {
        svg,
        width_pt: W,
        height_pt: H,
        alt,
    })
}
