//! Indicator charts drawn with plotters as SVG. Text is measured with the bundled Roboto (via
//! ab_glyph) and named by its exact family, so Typst sets it in the same font; every chart is
//! vector in the PDF. Colours come from `typst-templates/palette.json`, shared with the template.

mod bars;
mod palette;
mod progress;
mod wheel;

pub use bars::{category_chart, compact_category_chart, overview_chart};
pub use palette::Palette;
pub use progress::progress_chart;
pub use wheel::wheel_chart;

use std::sync::OnceLock;

use plotters::style::{FontStyle, IntoFont, RGBColor, TextStyle};

/// A chart's SVG text and the size, in points, it is drawn for.
#[derive(Debug, Clone)]
pub struct Chart {
    /// The SVG document, drawn at twice the placed size so coordinates stay whole numbers.
    pub svg: String,
    /// Width the chart is placed at on the page, in points.
    pub width_pt: f64,
    /// Height the chart is placed at on the page, in points.
    pub height_pt: f64,
    /// A sentence describing what the chart shows, generated from the data.
    pub alt: String,
}

/// SVG units per point: drawing at twice the placed size keeps integer coordinates fine.
pub(crate) const SCALE: f64 = 2.0;

/// The family name the bundled font reports; Typst looks the SVG's text up by it.
pub(crate) const FAMILY: &str = "Roboto";

pub(crate) fn px(pt: f64) -> i32 {
    (pt * SCALE).round() as i32
}

/// A text style of `size_pt` points as placed on the page.
pub(crate) fn text(size_pt: f64, bold: bool, color: RGBColor) -> TextStyle<'static> {
    register_fonts();
    // plotters' SVG backend writes font-size = size / 1.24.
    let size = size_pt * SCALE * 1.24;
    let style = if bold {
        FontStyle::Bold
    } else {
        FontStyle::Normal
    };
    (FAMILY, size).into_font().style(style).color(&color)
}

fn register_fonts() {
    static REGISTERED: OnceLock<()> = OnceLock::new();
    REGISTERED.get_or_init(|| {
        plotters::style::register_font(FAMILY, FontStyle::Normal, crate::fonts::ROBOTO_REGULAR)
            .unwrap_or_else(|_| unreachable!("bundled Roboto Regular parses"));
        plotters::style::register_font(FAMILY, FontStyle::Bold, crate::fonts::ROBOTO_BOLD)
            .unwrap_or_else(|_| unreachable!("bundled Roboto Bold parses"));
    });
}

/// Width in points of `label` set at `size_pt` in the bundled Roboto.
pub(crate) fn measure(label: &str, size_pt: f64, bold: bool) -> f64 {
    let style = text(size_pt, bold, RGBColor(0, 0, 0));
    plotters::style::FontDesc::box_size(&style.font, label)
        .map_or(0.0, |(w, _)| f64::from(w) / SCALE)
}

pub(crate) fn percent_label(percent: f64) -> String {
    format!("{:.0}%", percent)
}

#[cfg(test)]
mod tests {
    use crate::kpi::{Catalogue, KpiRecord, KpiResults, Measure};

    fn sample_results() -> KpiResults {
        let record = |code: &str, year: i32, value: f64| KpiRecord {
            kpi: Catalogue::get().find(code).unwrap().0,
            data_point: None,
            value: Some(Measure::Number(value)),
            unit: None,
            year: Some(year),
            target: Some(Measure::Number(100.0)),
            direction: None,
            local_target: Some(90.0),
            verified: Some(true),
            data_quality: None,
            source: None,
        };
        let records = vec![
            record("EC: ICT: ICT: 1C", 2019, 80.0),
            record("EC: ICT: ICT: 1C", 2024, 91.0),
            record("SC: EH: ED: 1C", 2024, 40.0),
        ];
        KpiResults::compute(&records, &[])
    }

    #[test]
    fn chart_text_names_only_the_bundled_family() {
        let results = sample_results();
        let charts = [
            super::overview_chart(&results),
            super::category_chart(&results, crate::kpi::Dimension::Economy),
            super::wheel_chart(&results, "Ardenvale"),
            super::progress_chart(&results.rows[0]).expect("two years give a progress chart"),
        ];
        for chart in charts {
            assert!(
                chart.svg.contains("font-family=\"Roboto\""),
                "no text in Roboto"
            );
            let families = chart.svg.matches("font-family=\"").count();
            assert_eq!(
                families,
                chart.svg.matches("font-family=\"Roboto\"").count(),
                "another family in {}",
                chart.alt
            );
            assert!(!chart.alt.is_empty());
        }
    }

    #[test]
    fn progress_needs_two_years_and_bars_carry_their_band_label() {
        let results = sample_results();
        let student_ict = results
            .rows
            .iter()
            .find(|r| r.code == "SC: EH: ED: 1C")
            .unwrap();
        assert!(super::progress_chart(student_ict).is_none());
        let chart = super::category_chart(&results, crate::kpi::Dimension::SocietyAndCulture);
        // Education: one KPI at 40 % of target is band 2, 2 of 4 points = 50 %, band 33–66 %;
        // the figure and the band are written beside the bar, not only coloured.
        assert!(chart.svg.contains("50% · 33–66%"), "{}", chart.svg);
    }
}
