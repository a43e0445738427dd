//! `sscp bundle`: the exact Typst project a build compiles.

use std::path::Path;

/// Writes the Typst project of a city folder into `out`, and says how to compile it.
pub fn bundle(city_dir: &Path, out: &Path) -> Result<(), sscp::Error> {
    let written = sscp::bundle(city_dir, out)?;
    say!("wrote {} files to {}", written.len(), out.display());
    say!(
        "compile with: typst compile --ignore-system-fonts --font-path {0}/fonts --pdf-standard a-3a,ua-1 {0}/main.typ",
        out.display()
    );
    Ok(())
}
