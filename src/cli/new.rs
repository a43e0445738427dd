//! `sscp new`: a new city folder that already validates.

use std::path::Path;

use sscp::model::Date;

use super::report::warn;

/// Writes the new city folder and says what to do next.
pub fn new(
    city_dir: &Path,
    city: &str,
    country: &str,
    date: Option<Date>,
) -> Result<(), sscp::Error> {
    let date = date.unwrap_or_else(sscp::scaffold::today);
    let made = sscp::scaffold::create(city_dir, city, country, date)?;
    warn(&made.warnings);
    for file in &made.files {
        say!("wrote {}", file.display());
    }
    say!(
        "next: replace every text starting with \"{}\" (README.md says how), then run sscp validate {}",
        sscp::scaffold::GUIDANCE_MARK,
        city_dir.display()
    );
    Ok(())
}
