//! `sscp results`: the scored KPI results on standard output, as attached to the PDF.

use std::io::Write;
use std::path::Path;

use super::args::ResultsFormat;

/// Prints the results as CSV or JSON, the city's warnings on stderr.
pub fn results(city_dir: &Path, format: ResultsFormat) -> Result<(), sscp::Error> {
    let (city, results) = sscp::validate(city_dir)?;
    for warning in &city.warnings {
        eprintln!("{warning}");
    }
    let bytes = match format {
        ResultsFormat::Csv => sscp::kpi::files::results_csv(&results),
        ResultsFormat::Json => sscp::kpi::files::results_json(&results),
    };
    if let Err(e) = std::io::stdout().lock().write_all(&bytes)
        && e.kind() != std::io::ErrorKind::BrokenPipe
    {
        eprintln!("error: cannot write to standard output: {e}");
    }
    Ok(())
}
