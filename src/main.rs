//! The `sscp` command line: parse the arguments ([`cli::args`]) and run the command (one
//! module each in [`cli`]), which prints what it did and gives the exit status (0 success, 1
//! problems in the city's data or the build, 2 usage errors).

mod cli;

use std::process::ExitCode;

use clap::Parser;

use cli::args::{Cli, Command};
use cli::report::exit;

fn main() -> ExitCode {
    match Cli::parse().command {
        Command::Build {
            city_dir,
            output,
            keep_overflowing,
            no_change_bars,
            force,
            print,
            html,
            report,
        } => {
            let options = sscp::Options {
                keep_overflowing,
                deny_warnings: report.deny_warnings,
                no_change_bars,
                print,
                html,
                review_map: false,
            };
            cli::build::run(&city_dir, output, options, force, report)
        }
        Command::Batch {
            city_dirs,
            all,
            jobs,
            no_change_bars,
            print,
            html,
            report,
        } => {
            let options = sscp::Options {
                deny_warnings: report.deny_warnings,
                no_change_bars,
                print,
                html,
                ..Default::default()
            };
            cli::batch::batch(city_dirs, all.as_deref(), jobs, options, report.format)
        }
        Command::Watch {
            city_dir,
            output,
            html,
        } => exit(cli::watch::watch(&city_dir, output, html)),
        Command::Validate { city_dir, report } => {
            let findings = cli::validate::validate(&city_dir, report);
            cli::report::finish("validate", report.format, findings)
        }
        Command::Kpis => {
            cli::kpis::kpis();
            ExitCode::SUCCESS
        }
        Command::Comments {
            city_dir,
            output,
            format,
        } => exit(cli::comments::comments(&city_dir, output, format)),
        Command::Bundle { city_dir, output } => exit(cli::bundle::bundle(&city_dir, &output)),
        Command::Results { city_dir, format } => exit(cli::results::results(&city_dir, format)),
        Command::Diff {
            city_dir,
            from,
            to,
            pdf,
        } => exit(cli::diff::diff(&city_dir, from, to, pdf.as_deref())),
        Command::New {
            city_dir,
            city,
            country,
            date,
        } => exit(cli::new::new(&city_dir, &city, &country, date)),
        Command::ImportSurvey {
            export,
            output,
            respondent,
            map,
            city,
            country,
            date,
            print_map,
        } => exit(if print_map {
            cli::import_survey::print_map();
            Ok(())
        } else {
            cli::import_survey::import_survey(&sscp::survey::ImportOptions {
                export: export.unwrap_or_default(),
                city_dir: output.unwrap_or_default(),
                respondent,
                map,
                city,
                country,
                date,
            })
        }),
        Command::ImportComments {
            reviewed,
            output,
            draft,
        } => exit(cli::import_comments::import_comments(
            &reviewed, &output, draft,
        )),
    }
}
