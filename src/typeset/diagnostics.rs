//! Typst diagnostics as `file:line:column: error: message`, with hints and the call trace,
//! resolved against the world that produced them.

use typst::World;
use typst::WorldExt;
use typst::diag::{Severity, SourceDiagnostic};
use typst::syntax::DiagSpan;

use super::world::ProfileWorld;

pub fn format(world: &ProfileWorld, diagnostics: &[SourceDiagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = locate(world, d.span).unwrap_or_else(|| "template".into());
        out.push_str(&format!("{place}: {severity}: {}\n", d.message));
        for hint in &d.hints {
            match locate(world, hint.span) {
                Some(at) => out.push_str(&format!("  hint ({at}): {}\n", hint.v)),
                None => out.push_str(&format!("  hint: {}\n", hint.v)),
            }
        }
        for point in &d.trace {
            if let Some(at) = locate(world, point.span.into()) {
                out.push_str(&format!("  {} at {at}\n", point.v));
            }
        }
    }
    out.trim_end().to_string()
}

/// `path:line:column`, 1-based.
fn locate(world: &ProfileWorld, span: DiagSpan) -> Option<String> {
    let id = span.id()?;
    let start = world.range(span)?.start;
    let lines = match world.source(id) {
        Ok(source) => source.lines().clone(),
        Err(_) => world.file(id).ok()?.lines().ok()?,
    };
    let (line, column) = lines.byte_to_line_column(start)?;
    Some(format!(
        "{}:{}:{}",
        ProfileWorld::path_of(id),
        line + 1,
        column + 1
    ))
}
