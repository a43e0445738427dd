//! `sscp import-comments`: a reviewer's marks on a draft's PDF into the city's comments.json.

use std::path::Path;

/// Imports the marks and prints each comment made, the marks that lie on no text, and what
/// was imported before.
pub fn import_comments(
    reviewed: &Path,
    city_dir: &Path,
    draft: Option<u32>,
) -> Result<(), sscp::Error> {
    let import = sscp::round::review::import(reviewed, city_dir, draft)?;
    say!(
        "{}: draft {}, {} mark{} read",
        reviewed.display(),
        import.draft,
        import.marks,
        if import.marks == 1 { "" } else { "s" }
    );
    if import.added.is_empty() {
        say!(
            "nothing new: {} already in {}",
            import.already,
            import.comments_file.display()
        );
        return Ok(());
    }
    say!(
        "added {} pending comment{} to {}{}:",
        import.added.len(),
        if import.added.len() == 1 { "" } else { "s" },
        import.comments_file.display(),
        if import.already > 0 {
            format!(" ({} imported before, left alone)", import.already)
        } else {
            String::new()
        }
    );
    let mut unplaced = Vec::new();
    for comment in &import.added {
        let place = &comment.placed;
        let on = match (&place.field, &place.kpi) {
            (Some(field), _) => field.clone(),
            (None, Some(kpi)) => format!("KPI {kpi}"),
            (None, None) if place.on_text => "the template's own text".to_string(),
            (None, None) => {
                unplaced.push(comment);
                "no text".to_string()
            }
        };
        let quote = if place.quote.is_empty() {
            String::new()
        } else {
            format!(" \"{}\"", shortened(&place.quote, 60))
        };
        let thread = comment
            .reply_to
            .as_ref()
            .map_or(String::new(), |parent| format!(", reply to {parent}"));
        say!(
            "  {:<5} page {:>2}  {:<10} {on}{quote} ({}{thread}): {}",
            comment.id,
            comment.page,
            comment.kind.word(),
            comment.from,
            shortened(&comment.text, 70)
        );
    }
    if !unplaced.is_empty() {
        say!("marks on no text, kept with their place on the page:");
        for comment in unplaced {
            say!(
                "  {} page {} at {:.0} mm across, {:.0} mm down{}",
                comment.id,
                comment.page,
                comment.position_mm.0,
                comment.position_mm.1,
                comment
                    .placed
                    .section
                    .as_ref()
                    .map_or(String::new(), |s| format!(" ({s})"))
            );
        }
    }
    say!(
        "next: resolve each in {} (\"resolution\" and \"response\"), then sscp comments {}",
        import.comments_file.display(),
        city_dir.display()
    );
    Ok(())
}

/// `text` on one line, cut to `most` characters with an ellipsis.
fn shortened(text: &str, most: usize) -> String {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if line.chars().count() <= most {
        return line;
    }
    let mut cut: String = line.chars().take(most - 1).collect();
    cut.push('…');
    cut
}
