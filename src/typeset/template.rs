//! The profile template, compiled into the binary from `typst-templates/`. `sscp bundle`
//! writes the same files out so designers can work on them with the stock Typst CLI.

macro_rules! template {
    ($($file:literal),* $(,)?) => {
        /// Every template file: its path in the Typst project and its text.
        pub const TEMPLATE_FILES: &[(&str, &str)] = &[
            $(($file, include_str!(concat!("../../typst-templates/", $file)))),*
        ];
    };
}

template!(
    "main.typ",
    "changes.typ",
    "style.typ",
    "components.typ",
    "palette.json",
    "sections/cover.typ",
    "sections/front.typ",
    "sections/context.typ",
    "sections/agenda.typ",
    "sections/area.typ",
    "sections/kpis.typ",
    "sections/outlook.typ",
    "sections/back.typ",
    "comments.typ",
);

/// The file Typst starts from for the profile.
pub const MAIN: &str = "main.typ";
/// The file Typst starts from for the resolution report on the comments.
pub const COMMENTS: &str = "comments.typ";
