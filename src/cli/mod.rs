//! The `sscp` commands: the arguments ([`args`]), what every command reports and how
//! ([`report`]), and one module per command.

/// Prints a line on stdout. A reader that has gone away (`sscp kpis | head`) is not an error
/// worth a message; anything else is reported on stderr.
macro_rules! say {
    ($($arg:tt)*) => {
        if let Err(e) = {
            use std::io::Write;
            writeln!(std::io::stdout().lock(), $($arg)*)
        } {
            if e.kind() != std::io::ErrorKind::BrokenPipe {
                eprintln!("error: cannot write to standard output: {e}");
            }
        }
    };
}

pub mod args;
pub mod batch;
pub mod build;
pub mod bundle;
pub mod comments;
pub mod diff;
pub mod import_comments;
pub mod import_survey;
pub mod kpis;
pub mod new;
pub mod report;
pub mod results;
pub mod validate;
pub mod watch;
