//! `sscp comments`: the resolution report on the comments on a city's drafts.

use std::path::{Path, PathBuf};

use super::args::CommentsFormat;

/// Writes the resolution report as a PDF, or prints what it shows as JSON.
pub fn comments(
    city_dir: &Path,
    output: Option<PathBuf>,
    format: CommentsFormat,
) -> Result<(), sscp::Error> {
    let report = sscp::round::comments::comments_report(city_dir)?;
    if format == CommentsFormat::Json {
        let text = serde_json::to_string_pretty(&report.data).unwrap_or_default();
        say!("{text}");
        return Ok(());
    }
    let out = output.unwrap_or_else(|| sscp::round::comments::default_output(city_dir, &report));
    sscp::write_atomically(&out, &report.pdf).map_err(|source| sscp::Error::Write {
        path: out.clone(),
        source,
    })?;
    say!(
        "wrote {} ({} page{}, {} KiB)",
        out.display(),
        report.pages,
        if report.pages == 1 { "" } else { "s" },
        report.pdf.len().div_ceil(1024)
    );
    Ok(())
}
