//! `sscp import-survey`: a city's answers from a SurveyMonkey export into its profile.json.

/// Imports one respondent's answers and prints what was set, kept and left for the editors.
pub fn import_survey(options: &sscp::survey::ImportOptions) -> Result<(), sscp::Error> {
    let report = sscp::survey::import(options)?;
    say!(
        "imported {} from {}",
        report.respondent,
        options.export.display()
    );
    let map = report
        .map
        .as_ref()
        .map_or("built in".to_string(), |m| m.display().to_string());
    say!("survey map: {map}");
    if !report.created.is_empty() {
        say!("new city folder from the sscp new skeleton:");
        for file in &report.created {
            say!("  {}", file.display());
        }
    }
    say!("fields set ({}):", report.set.len());
    for field in &report.set {
        say!("  {field}");
    }
    if !report.unchanged.is_empty() {
        say!(
            "fields answered with the value they had ({}): {}",
            report.unchanged.len(),
            report.unchanged.join(", ")
        );
    }
    if !report.sources_added.is_empty() {
        say!("sources added ({}):", report.sources_added.len());
        for source in &report.sources_added {
            say!("  {source}");
        }
    }
    if let Some(file) = &report.answers_file {
        say!(
            "answers for the editors to place by hand (activities, questions not in the map): {}",
            file.display()
        );
    }
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    say!(
        "{} warning{}; next: sscp validate {}",
        report.warnings.len(),
        if report.warnings.len() == 1 { "" } else { "s" },
        options.city_dir.display()
    );
    Ok(())
}

/// `--print-map`: the built-in survey map, to save as survey-map.json and edit.
pub fn print_map() {
    say!("{}", sscp::survey::DEFAULT_MAP.trim_end());
}
