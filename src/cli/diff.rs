//! `sscp diff`: what changed between two drafts.

use std::path::Path;

/// Prints the changes between two drafts, and writes them as a PDF when asked.
pub fn diff(
    city_dir: &Path,
    from: u32,
    to: Option<u32>,
    pdf: Option<&Path>,
) -> Result<(), sscp::Error> {
    let changes = sscp::round::diff::drafts(city_dir, from, to)?;
    for line in changes.to_text().lines() {
        say!("{line}");
    }
    if let Some(out) = pdf {
        let bytes = changes.to_pdf()?;
        sscp::write_atomically(out, &bytes).map_err(|source| sscp::Error::Write {
            path: out.to_path_buf(),
            source,
        })?;
        say!("wrote {}", out.display());
    }
    Ok(())
}
