//! The bundled fonts, compiled into the binary from `fonts/`. Typst sees these and nothing
//! else: no system fonts, no Typst-embedded fonts, so a missing glyph cannot be papered over.

use std::sync::LazyLock;

use typst::foundations::Bytes;
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;

macro_rules! bundled {
    ($($file:literal),* $(,)?) => {
        /// Every bundled font file: its name in `fonts/` and its bytes.
        pub const FONT_FILES: &[(&str, &[u8])] = &[
            $(($file, include_bytes!(concat!("../fonts/", $file)))),*
        ];
    };
}

bundled!(
    "Roboto-Regular.ttf",
    "Roboto-Italic.ttf",
    "Roboto-Medium.ttf",
    "Roboto-Bold.ttf",
    "Roboto-BoldItalic.ttf",
    "RobotoCondensed-Regular.ttf",
    "RobotoCondensed-Italic.ttf",
    "RobotoCondensed-Bold.ttf",
    "Oswald-Medium.ttf",
    "Oswald-SemiBold.ttf",
    "Oswald-Bold.ttf",
    "NotoSansGeorgian-Regular.ttf",
    "NotoSansGeorgian-Bold.ttf",
    "NotoSansArmenian-Regular.ttf",
    "NotoSansArmenian-Bold.ttf",
    "NotoEmoji-Regular.ttf",
    "NotoEmoji-Bold.ttf",
);

/// The licence texts shipped beside the fonts; `sscp bundle` copies them along.
pub const LICENCE_FILES: &[(&str, &str)] = &[
    (
        "LICENSE-Roboto.txt",
        include_str!("../fonts/LICENSE-Roboto.txt"),
    ),
    (
        "LICENSE-Oswald.txt",
        include_str!("../fonts/LICENSE-Oswald.txt"),
    ),
    (
        "LICENSE-Noto.txt",
        include_str!("../fonts/LICENSE-Noto.txt"),
    ),
    (
        "LICENSE-NotoEmoji.txt",
        include_str!("../fonts/LICENSE-NotoEmoji.txt"),
    ),
];

/// Roboto for plotters, which measures chart text with the same faces Typst draws.
pub const ROBOTO_REGULAR: &[u8] = include_bytes!("../fonts/Roboto-Regular.ttf");
/// Roboto Bold for plotters, for the bold chart labels.
pub const ROBOTO_BOLD: &[u8] = include_bytes!("../fonts/Roboto-Bold.ttf");

/// Parsed fonts and their book, built once per process and shared by every world.
pub struct BundledFonts {
    /// What Typst looks families, styles and weights up in; its indices point into `fonts`.
    pub book: LazyHash<FontBook>,
    /// Every face of every file in [`FONT_FILES`], in that order.
    pub fonts: Vec<Font>,
}

/// The bundled fonts, parsed on first use.
pub fn bundled() -> &'static BundledFonts {
    static FONTS: LazyLock<BundledFonts> = LazyLock::new(|| {
        let fonts: Vec<Font> = FONT_FILES
            .iter()
            .flat_map(|(_, data)| Font::iter(Bytes::new(*data)))
            .collect();
        BundledFonts {
            book: LazyHash::new(FontBook::from_fonts(&fonts)),
            fonts,
        }
    });
    &FONTS
}

/// The family names Typst knows the bundled fonts by.
pub fn families() -> Vec<String> {
    let mut names: Vec<String> = bundled()
        .fonts
        .iter()
        .map(|f| f.info().family.clone())
        .collect();
    names.dedup();
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_bundled_file_parses_with_the_families_the_template_names() {
        let fonts = bundled();
        assert_eq!(fonts.fonts.len(), FONT_FILES.len());
        let families = families();
        for family in [
            "Roboto",
            "Oswald",
            "Noto Sans Georgian",
            "Noto Sans Armenian",
            "Noto Emoji",
        ] {
            assert!(
                families.iter().any(|f| f == family),
                "{family} missing from {families:?}"
            );
        }
    }

    #[test]
    fn roboto_covers_latin_cyrillic_and_greek_local_names() {
        let roboto = &bundled().fonts[0];
        for c in "ŁódźГродноΘεσσαλονίκη".chars() {
            assert!(
                roboto.info().coverage.contains(c as u32),
                "Roboto lacks {c}"
            );
        }
    }
}
