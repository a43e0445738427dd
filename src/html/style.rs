//! The web edition's style sheet: the bundled fonts as `@font-face` rules with their bytes in
//! base64, and the colours of `typst-templates/palette.json` (the template's and the charts'),
//! for light and dark screens and for print.

use std::fmt::Write;

use super::writer::base64;

const PALETTE_JSON: &str = include_str!("../../typst-templates/palette.json");

/// The faces the page uses: Roboto for text (regular, italic, bold), Oswald for headings.
const FACES: [(&str, &str, u16, &str); 4] = [
    ("Roboto", "Roboto-Regular.ttf", 400, "normal"),
    ("Roboto", "Roboto-Italic.ttf", 400, "italic"),
    ("Roboto", "Roboto-Bold.ttf", 700, "normal"),
    ("Oswald", "Oswald-SemiBold.ttf", 600, "normal"),
];

/// A `#RRGGBB` colour of the palette, or black if the palette lacks it; only hex digits and
/// `#` are kept, so nothing else reaches the style sheet.
fn colour(palette: &serde_json::Value, pointer: &str) -> String {
    let value = palette
        .pointer(pointer)
        .and_then(|v| v.as_str())
        .unwrap_or("#000000");
    value
        .chars()
        .filter(|c| *c == '#' || c.is_ascii_hexdigit())
        .collect()
}

/// The whole style sheet.
pub fn style_sheet() -> String {
    let palette: serde_json::Value =
        serde_json::from_str(PALETTE_JSON).expect("palette.json is valid JSON");
    let c = |pointer: &str| colour(&palette, pointer);
    let mut css = String::new();
    for (family, file, weight, style) in FACES {
        let bytes = crate::fonts::FONT_FILES
            .iter()
            .find(|(name, _)| *name == file)
            .map_or(&[][..], |(_, bytes)| *bytes);
        let _ = writeln!(
            css,
            "@font-face{{font-family:\"{family}\";font-weight:{weight};font-style:{style};font-display:swap;src:url(data:font/ttf;base64,{}) format(\"truetype\")}}",
            base64(bytes)
        );
    }
    let _ = write!(
        css,
        r#":root{{--ink:{ink};--muted:{muted};--bg:#FFFFFF;--accent:{accent};--accent-dark:{accent_dark};--tint:{tint};--rule:{rule};--outline:{outline};--chip-edge:transparent;--not-reported:{not_reported};--link:{accent_dark}}}
@media (prefers-color-scheme: dark){{:root{{--ink:#ECECEC;--muted:#B8B8B8;--bg:#121518;--accent:{accent};--accent-dark:#6CCBF2;--tint:#1B2A33;--rule:#4A4F55;--outline:#9A9A9A;--chip-edge:#D0D0D0;--link:#8AD6F5}}}}
"#,
        ink = c("/ink"),
        muted = c("/muted"),
        accent = c("/accent"),
        accent_dark = c("/accent_dark"),
        tint = c("/accent_tint"),
        rule = c("/rule"),
        outline = c("/outline"),
        not_reported = c("/not_reported"),
    );
    for band in 0..4 {
        let _ = writeln!(
            css,
            ".band-{}{{background:{};color:{}}}",
            band + 1,
            c(&format!("/bands/{band}")),
            c(&format!("/band_text/{band}"))
        );
    }
    for goal in 0..17 {
        let _ = writeln!(
            css,
            ".sdg-{}{{background:{};color:{}}}",
            goal + 1,
            c(&format!("/sdg/{goal}")),
            c(&format!("/sdg_text/{goal}"))
        );
    }
    css.push_str(RULES);
    css
}

/// Layout, type and print rules; the colours are the custom properties above.
const RULES: &str = r#"*,*::before,*::after{box-sizing:border-box}
html{-webkit-text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);font:1rem/1.55 "Roboto",system-ui,sans-serif}
.page{max-width:70ch;margin:0 auto;padding:0 1rem 3rem}
.wide{overflow-x:auto}
h1,h2{font-family:"Oswald","Roboto",sans-serif;font-weight:600;line-height:1.2;color:var(--accent-dark)}
h1{font-size:clamp(1.9rem,6vw,2.8rem);margin:.4rem 0}
h2{font-size:1.6rem;margin:2.6rem 0 .8rem;padding-top:.6rem;border-top:3px solid var(--accent)}
h3{font-size:1.15rem;margin:1.8rem 0 .5rem}
h4{font-size:1rem;margin:1.2rem 0 .4rem;color:var(--accent-dark)}
a{color:var(--link)}
a:focus-visible,summary:focus-visible{outline:3px solid var(--accent);outline-offset:2px}
.skip{position:absolute;left:-999px;top:0;background:var(--bg);color:var(--link);padding:.5rem 1rem;z-index:2}
.skip:focus{left:1rem}
.visually-hidden{position:absolute!important;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap;border:0}
header.cover{border-bottom:4px solid var(--accent);padding:1.5rem 0 1rem;margin-bottom:1rem}
.kicker{font-family:"Oswald","Roboto",sans-serif;font-weight:600;letter-spacing:.06em;text-transform:uppercase;color:var(--accent-dark);font-size:.85rem;margin:.2rem 0}
.city{font-size:1.5rem;font-weight:700;margin:.2rem 0}
.local,.muted,.credit,.note{color:var(--muted)}
.draft-mark{display:inline-block;background:var(--ink);color:var(--bg);padding:.25rem .6rem;font-weight:700;letter-spacing:.04em}
nav h2.kicker{border-top:0;margin:1rem 0 .3rem;padding:0;font-size:.85rem}
nav ol{padding-left:1.4rem}
nav li{margin:.2rem 0}
.panel,.practice{background:var(--tint);padding:.8rem 1rem;margin:1rem 0;border-top:3px solid var(--accent)}
.messages{border-left:4px solid var(--accent);padding-left:1rem;font-size:1.08rem}
.facts{display:grid;grid-template-columns:repeat(auto-fit,minmax(12rem,1fr));gap:.8rem;list-style:none;padding:0}
.facts .value{display:block;font-family:"Oswald","Roboto",sans-serif;font-size:1.5rem;font-weight:600;color:var(--accent-dark)}
.facts .label{display:block;font-weight:700}
.facts .source{display:block;font-size:.85rem;color:var(--muted)}
.steps{list-style:none;padding:0;display:grid;grid-template-columns:repeat(auto-fit,minmax(10rem,1fr));gap:.5rem}
.steps li{background:var(--tint);padding:.5rem .7rem;border-top:3px solid var(--rule)}
.steps li.current{border-top-color:var(--accent);outline:2px solid var(--accent)}
.band,.sdg,.chip{display:inline-block;border-radius:.2rem;padding:0 .35rem;font-size:.8rem;font-weight:700;white-space:nowrap;border:1px solid var(--chip-edge)}
.sdg{min-width:1.7rem;text-align:center}
.not-reported{background:var(--not-reported);color:#1A1A1A}
.no-benchmark{background:#FFFFFF;color:#1A1A1A;border:1px solid var(--outline)}
table{border-collapse:collapse;width:100%;margin:.6rem 0 1rem;font-size:.9rem}
caption{text-align:left;font-weight:700;color:var(--accent-dark);background:var(--tint);padding:.3rem .4rem}
th,td{text-align:left;vertical-align:top;padding:.3rem .4rem;border-bottom:1px solid var(--rule)}
thead th{border-bottom:2px solid var(--accent);color:var(--accent-dark)}
th[scope=row]{font-weight:400}
td.num{text-align:right;white-space:nowrap}
.related{font-size:.8rem;font-weight:700;color:var(--accent-dark)}
figure{margin:1.2rem 0}
figure svg,figure img{display:block;max-width:100%;height:auto}
figure svg{background:#FFFFFF;border-radius:.2rem}
figcaption{font-size:.9rem;color:var(--muted);margin-top:.3rem}
details{margin:.4rem 0 1rem}
summary{cursor:pointer;color:var(--link)}
.placeholder{background:var(--tint);border:1px dashed var(--accent);border-left:4px solid var(--accent-dark);padding:.6rem .9rem;color:var(--accent-dark);font-weight:500}
.recommendations{list-style:none;padding:0}
.recommendations li{margin:0 0 1rem}
.recommendations .head{font-size:.8rem;font-weight:700;text-transform:uppercase;color:var(--accent-dark)}
.sources li{margin:.3rem 0;overflow-wrap:anywhere}
footer.back{border-top:4px solid var(--accent);margin-top:3rem;padding-top:1rem}
p,li,td,th,dd{overflow-wrap:break-word}
@media (min-width:60rem){.page{max-width:78rem}.page>main>section>*:not(.wide):not(figure):not(.facts):not(.steps){max-width:70ch}}
@media print{
  body{background:#FFFFFF;color:#000000;font-size:10pt}
  :root{--ink:#1A1A1A;--muted:#595959;--bg:#FFFFFF;--link:#00689D;--tint:#E5F5FB;--accent-dark:#00689D}
  .skip,nav{display:none}
  .page{max-width:none;padding:0}
  h2{break-before:page;break-after:avoid}
  h3,h4,caption{break-after:avoid}
  tr,figure,.practice{break-inside:avoid}
  .sources a[href]::after{content:" (" attr(href) ")"}
  figure svg{background:none}
}
"#;
