//! The colours charts and template share, read from `typst-templates/palette.json`.

use std::sync::OnceLock;

use plotters::style::RGBColor;
use serde::Deserialize;

use crate::kpi::{Band, Outcome};

const PALETTE_JSON: &str = include_str!("../../typst-templates/palette.json");

/// The chart colours from `palette.json`, each a `#RRGGBB` string; the template reads the same
/// file, so a chart and the page around it never disagree.
#[derive(Debug, Deserialize)]
pub struct Palette {
    /// The accent blue: the city disc at the wheel's centre and the progress chart's line.
    pub accent: String,
    /// Body text colour, near black.
    pub ink: String,
    /// Grey for secondary marks: threshold labels, years, target lines, "not scored".
    pub muted: String,
    /// Light grey for band-threshold guides, the wheel's band rings and the progress baseline.
    pub rule: String,
    /// Fills for the four bands, lightest (below 33 %) to darkest (95 % and over).
    pub bands: [String; 4],
    /// Text colour that reads on each band's fill, in the same order as `bands`.
    pub band_text: [String; 4],
    /// Fill for a KPI the city did not report.
    pub not_reported: String,
    /// Fill for a KPI reported but without a benchmark to score against.
    pub no_benchmark: String,
    /// Border drawn round no-benchmark segments, so a white fill still shows.
    pub outline: String,
}

impl Palette {
    /// The palette embedded at build time, parsed once.
    pub fn get() -> &'static Palette {
        static PALETTE: OnceLock<Palette> = OnceLock::new();
        PALETTE.get_or_init(|| {
            serde_json::from_str(PALETTE_JSON).expect("palette.json is checked by tests")
        })
    }

    /// Fill for a band.
    pub fn band(&self, band: Band) -> RGBColor {
        rgb(&self.bands[band as usize - 1])
    }

    /// Text colour to set on a band's fill.
    pub fn band_text(&self, band: Band) -> RGBColor {
        rgb(&self.band_text[band as usize - 1])
    }

    /// Fill for an outcome: band colour, grey for Not Reported, white for no benchmark.
    pub fn outcome(&self, outcome: Outcome) -> RGBColor {
        match outcome {
            Outcome::Scored { band, .. } => self.band(band),
            Outcome::NotReported => rgb(&self.not_reported),
            Outcome::NoBenchmark => rgb(&self.no_benchmark),
        }
    }

    /// One of the palette's `#RRGGBB` entries as a plotters colour.
    pub fn color(&self, hex: &str) -> RGBColor {
        rgb(hex)
    }
}

/// `#RRGGBB` to a colour; the palette file is checked by a test, so a bad entry is a bug.
fn rgb(hex: &str) -> RGBColor {
    let n = u32::from_str_radix(hex.trim_start_matches('#'), 16).unwrap_or(0);
    RGBColor((n >> 16) as u8, (n >> 8) as u8, n as u8)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn palette_parses_and_bands_get_darker() {
        let p = Palette::get();
        let lightness = |c: RGBColor| {
            0.2126 * f64::from(c.0) + 0.7152 * f64::from(c.1) + 0.0722 * f64::from(c.2)
        };
        let bands: Vec<f64> = [
            Band::Below33,
            Band::From33To66,
            Band::From66To95,
            Band::From95,
        ]
        .into_iter()
        .map(|b| lightness(p.band(b)))
        .collect();
        // The scale must read in greyscale: each band clearly darker than the one before.
        for pair in bands.windows(2) {
            assert!(
                pair[0] - pair[1] > 30.0,
                "bands too close in greyscale: {bands:?}"
            );
        }
    }
}
