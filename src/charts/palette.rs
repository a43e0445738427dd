//! The colours charts and template share, read from `typst-templates/palette.json`.

use std::sync::OnceLock;

use plotters::style::RGBColor;
use serde::Deserialize;

use crate::kpi::{Band, Outcome};

const PALETTE_JSON: &str = include_str!("../../typst-templates/palette.json");

#[derive(Debug, Deserialize)]
pub struct Palette {
    pub accent: String,
    pub ink: String,
    pub muted: String,
    pub rule: String,
    pub bands: [String; 4],
    pub band_text: [String; 4],
    pub not_reported: String,
    pub no_benchmark: String,
    pub outline: String,
}

impl Palette {
    pub fn get() -> &'static Palette {
        static PALETTE: OnceLock<Palette> = OnceLock::new();
        PALETTE.get_or_init(|| {
            serde_json::from_str(PALETTE_JSON).expect("palette.json is checked by tests")
        })
    }

    pub fn band(&self, band: Band) -> RGBColor {
        rgb(&self.bands[band as usize - 1])
    }

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
