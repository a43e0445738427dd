//! Horizontal bar charts of scores: the dimension and sub-dimension overview, and the
//! categories of one dimension. Each bar is coloured by its band and labelled with its figure
//! and band, so colour never carries the meaning alone.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::{Chart, Palette, SCALE, measure, percent_label, px, text};
use crate::kpi::{BANDS, Dimension, GroupScore, KpiResults};

struct Bar {
    label: String,
    strong: bool,
    group: GroupScore,
}

/// Dimensions with their sub-dimensions beneath.
pub fn overview_chart(results: &KpiResults) -> Chart {
    let mut bars = Vec::new();
    for dim in &results.dimensions {
        bars.push(Bar {
            label: dim.dimension.name().to_string(),
            strong: true,
            group: dim.clone(),
        });
        for sub in results
            .sub_dimensions
            .iter()
            .filter(|s| s.dimension == dim.dimension)
        {
            bars.push(Bar {
                label: sub.sub_dimension.clone().unwrap_or_default(),
                strong: false,
                group: sub.clone(),
            });
        }
    }
    let alt = format!(
        "Bar chart of scores as per cent of target. {}",
        results
            .dimensions
            .iter()
            .map(|d| format!("{}: {}", d.dimension.name(), score_text(d)))
            .collect::<Vec<_>>()
            .join("; ")
    );
    draw(&bars, 300.0, alt)
}

/// The categories of one dimension.
pub fn category_chart(results: &KpiResults, dimension: Dimension) -> Chart {
    let (bars, alt) = category_bars(results, dimension);
    draw(&bars, 250.0, alt)
}

/// The same categories in two columns across the text width, for pages with little room to
/// spare: half the height, the same type.
pub fn compact_category_chart(results: &KpiResults, dimension: Dimension, width_pt: f64) -> Chart {
    let (bars, alt) = category_bars(results, dimension);
    let half = bars.len().div_ceil(2);
    let (left, right) = bars.split_at(half);
    let gap = 18.0;
    let column = (width_pt - gap) / 2.0;
    let a = draw(left, column, String::new());
    let b = draw(right, column, String::new());
    // Two drawings side by side in one SVG: the right one shifted by a column and the gap.
    let inner = |svg: &str| {
        let start = svg.find('>').map_or(0, |i| i + 1);
        let end = svg.rfind("</svg>").unwrap_or(svg.len());
        svg[start..end].to_string()
    };
    let height_pt = a.height_pt.max(b.height_pt);
    let svg = format!(
        "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\"><g>{}</g><g transform=\"translate({dx},0)\">{}</g></svg>",
        inner(&a.svg),
        inner(&b.svg),
        w = px(width_pt),
        h = px(height_pt),
        dx = px(column + gap),
    );
    Chart {
        svg,
        width_pt,
        height_pt,
        alt,
    }
}

fn category_bars(results: &KpiResults, dimension: Dimension) -> (Vec<Bar>, String) {
    let groups: Vec<&GroupScore> = results
        .categories
        .iter()
        .filter(|c| c.dimension == dimension)
        .collect();
    let name = |g: &GroupScore| g.category.clone().unwrap_or_default();
    let bars: Vec<Bar> = groups
        .iter()
        .map(|g| {
            // "Water and Sanitation" is a category of ICT and of Infrastructure: say which.
            let repeated = groups.iter().filter(|other| name(other) == name(g)).count() > 1;
            let label = match (&g.sub_dimension, repeated) {
                (Some(sub), true) => format!("{} ({sub})", name(g)),
                _ => name(g),
            };
            Bar {
                label,
                strong: false,
                group: (*g).clone(),
            }
        })
        .collect();
    let alt = format!(
        "Bar chart of {} category scores as per cent of target: {}",
        dimension.name(),
        bars.iter()
            .map(|b| format!("{} {}", b.label, score_text(&b.group)))
            .collect::<Vec<_>>()
            .join("; ")
    );
    (bars, alt)
}

pub(super) fn score_text(g: &GroupScore) -> String {
    match (g.percent, g.band) {
        (Some(p), Some(b)) => format!("{} ({} band)", percent_label(p), b.label()),
        _ => "not scored".into(),
    }
}

const ROW: f64 = 13.0;
const VALUE_W: f64 = 52.0;

fn draw(bars: &[Bar], width_pt: f64, alt: String) -> Chart {
    let palette = Palette::get();
    let ink = palette.color(&palette.ink);
    let muted = palette.color(&palette.muted);
    let rule = palette.color(&palette.rule);
    let axis_h = 12.0;
    let height_pt = bars.len() as f64 * ROW + axis_h + 2.0;
    // Labels are measured in the bundled font, so the bars start just after the longest.
    let label_w = bars
        .iter()
        .map(|b| measure(&b.label, 7.5, b.strong) + if b.strong { 0.0 } else { 6.0 })
        .fold(40.0, f64::max);
    let bar_x0 = label_w + 6.0;
    let bar_x1 = width_pt - VALUE_W;
    let x_at = |percent: f64| bar_x0 + (bar_x1 - bar_x0) * percent.clamp(0.0, 100.0) / 100.0;

    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (px(width_pt) as u32, px(height_pt) as u32))
            .into_drawing_area();
        // Band thresholds as light guides, labelled along the bottom.
        for def in BANDS.iter().skip(1) {
            let x = px(x_at(def.from_percent));
            let _ = root.draw(&PathElement::new(
                vec![(x, 0), (x, px(height_pt - axis_h))],
                rule.stroke_width((0.5 * SCALE) as u32),
            ));
            let _ = root.draw(&Text::new(
                format!("{}%", def.from_percent),
                (x, px(height_pt - axis_h + 2.0)),
                text(6.5, false, muted).pos(Pos::new(HPos::Center, VPos::Top)),
            ));
        }
        for (i, bar) in bars.iter().enumerate() {
            let y = i as f64 * ROW;
            let mid = px(y + ROW / 2.0);
            let indent = if bar.strong { 0.0 } else { 6.0 };
            let _ = root.draw(&Text::new(
                bar.label.clone(),
                (px(indent), mid),
                text(7.5, bar.strong, ink).pos(Pos::new(HPos::Left, VPos::Center)),
            ));
            match (bar.group.percent, bar.group.band) {
                (Some(percent), Some(band)) => {
                    let x1 = px(x_at(percent));
                    let _ = root.draw(&Rectangle::new(
                        [
                            (px(bar_x0), px(y + 2.5)),
                            (x1.max(px(bar_x0) + 1), px(y + ROW - 2.5)),
                        ],
                        palette.band(band).filled(),
                    ));
                    let _ = root.draw(&Text::new(
                        format!("{} · {}", percent_label(percent), band.label()),
                        (px(bar_x1 + 4.0), mid),
                        text(7.0, bar.strong, ink).pos(Pos::new(HPos::Left, VPos::Center)),
                    ));
                }
                _ => {
                    let _ = root.draw(&Text::new(
                        "not scored",
                        (px(bar_x0 + 2.0), mid),
                        text(7.0, false, muted).pos(Pos::new(HPos::Left, VPos::Center)),
                    ));
                }
            }
        }
        let _ = root.present();
    }
    Chart {
        svg,
        width_pt,
        height_pt,
        alt,
    }
}
