//! The command line: one module per subcommand, each turning its arguments into a core request.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// `println!` for commands: a reader that went away (`relcut status FILE | head`) ends the
/// command quietly with exit 0 instead of a panic.
macro_rules! outln {
    () => { $crate::cli::out::write("\n")? };
    ($($t:tt)*) => { $crate::cli::out::write(&format!("{}\n", format_args!($($t)*)))? };
}

/// `print!` for commands, with the same care as [`outln!`].
macro_rules! out {
    ($($t:tt)*) => { $crate::cli::out::write(&format!($($t)*))? };
}

/// Prints a report's `text()`: [`out!`], coloured on a terminal (`style::paint`).
macro_rules! report {
    ($text:expr) => {
        $crate::cli::out::report(&$text)?
    };
}

mod action;
mod announce;
mod args;
mod check;
mod checklist;
mod completions;
mod cuts;
pub mod exit;
mod explain;
mod history;
mod input;
mod live;
pub mod out;
mod plan;
mod preflight;
mod promo_tags;
mod promotion;
mod schedule;
mod status;
pub mod style;
mod testgrid;
mod validate;
mod verify;
mod versions;
mod wait;

/// The exit codes, the same in every command (also in the README).
pub const EXIT_CODES: &str = "\
Exit codes (every command):
  0  done; the check passed, go on
  1  a check failed, or the input is wrong (the message says how to fix it)
  2  usage error: an unknown flag, a missing or invalid argument
  3  a service could not be reached or answered wrongly (GitHub, prow, GCS, testgrid):
     the message names it and its URL; with --json an error object is printed
  4  timed out waiting";

/// Cut Kubernetes releases without the toil: the plan, the promotion tags and the cut issue.
#[derive(Debug, Parser)]
// The version with the commit and tree state it was built from, when known (build.rs).
#[command(name = "relcut", version = env!("RELCUT_LONG_VERSION"), about, propagate_version = true, after_help = EXIT_CODES)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// When to colour the output: `auto` on a terminal unless `NO_COLOR` is set
    /// (`CLICOLOR_FORCE` colours pipes too), `always`, or `never`. JSON is never coloured.
    #[arg(long, global = true, value_enum, value_name = "WHEN", default_value_t = style::When::Auto)]
    color: style::When,
}

#[derive(Debug, Subcommand)]
enum Command {
    Status(status::Args),
    Cuts(cuts::Args),
    Checklist(checklist::Args),
    History(history::Args),
    Schedule(schedule::Args),
    Announce(announce::Args),
    Check(check::Args),
    Promotion(promotion::Args),
    Testgrid(testgrid::Args),
    Validate(validate::Args),
    PromoTags(promo_tags::Args),
    Versions(versions::Args),
    Explain(explain::Args),
    VerifyRelease(verify::Args),
    Plan(plan::Args),
    Preflight(preflight::Args),
    Action(action::Args),
    Completions(completions::Args),
}

/// Runs one command; see [`EXIT_CODES`] for what the code means and [`exit`] for how an
/// outcome or an error becomes one.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    cli.color.apply();
    match cli.command {
        Command::Status(a) => status::run(a),
        Command::Cuts(a) => cuts::run(a),
        Command::Checklist(a) => checklist::run(a),
        Command::History(a) => history::run(a),
        Command::Schedule(a) => schedule::run(a),
        Command::Announce(a) => announce::run(a),
        Command::Check(a) => check::run(a),
        Command::Promotion(a) => promotion::run(a),
        Command::Testgrid(a) => testgrid::run(a),
        Command::Validate(a) => validate::run(a),
        Command::PromoTags(a) => promo_tags::run(a),
        Command::Versions(a) => versions::run(a),
        Command::Explain(a) => explain::run(a),
        Command::VerifyRelease(a) => verify::run(a),
        Command::Plan(a) => plan::run(a),
        Command::Preflight(a) => preflight::run(a),
        Command::Action(a) => action::run(a),
        Command::Completions(a) => completions::run(a),
    }
}

/// Prints a value as pretty JSON on stdout.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    outln!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

#[cfg(test)]
mod tests {
    use clap::CommandFactory;

    fn walk(cmd: &clap::Command, path: &str, missing: &mut Vec<String>) {
        for a in cmd.get_arguments() {
            let id = a.get_id().as_str();
            if matches!(id, "help" | "version") {
                continue;
            }
            if a.get_help().is_none() && a.get_long_help().is_none() {
                missing.push(format!("{path} {id}"));
            }
        }
        for sub in cmd.get_subcommands() {
            if sub.get_about().is_none() {
                missing.push(format!("{path} {} (about)", sub.get_name()));
            }
            walk(sub, &format!("{path} {}", sub.get_name()), missing);
        }
    }

    #[test]
    fn every_argument_has_help() {
        let mut missing = Vec::new();
        walk(&super::Cli::command(), "relcut", &mut missing);
        assert!(missing.is_empty(), "no help text: {missing:#?}");
    }

    #[test]
    fn help_lists_the_exit_codes() {
        let help = super::Cli::command().render_long_help().to_string();
        for code in [
            "0  done",
            "1  a check failed",
            "2  usage",
            "3  a service",
            "4  timed out",
        ] {
            assert!(help.contains(code), "{code}: {help}");
        }
        super::Cli::command().debug_assert();
    }

    /// Leaf commands ("history parse"), and whether each takes `--json`.
    fn leaves(cmd: &clap::Command, path: &str, out: &mut Vec<(String, bool)>) {
        if cmd.get_subcommands().next().is_none() {
            let json = cmd.get_arguments().any(|a| a.get_id() == "json");
            out.push((path.trim().to_string(), json));
        }
        for sub in cmd.get_subcommands() {
            leaves(sub, &format!("{path} {}", sub.get_name()), out);
        }
    }

    #[test]
    fn readme_says_exactly_which_commands_print_json() {
        let readme = include_str!("../../README.md");
        let start = readme
            .find("These commands print JSON")
            .expect("the JSON list");
        let end = start + readme[start..].find("The others").expect("the others");
        let listed: Vec<&str> = readme[start..end].split('`').skip(3).step_by(2).collect();
        let mut all = Vec::new();
        leaves(&super::Cli::command(), "", &mut all);
        let with_json: Vec<&str> = all
            .iter()
            .filter(|(_, j)| *j)
            .map(|(n, _)| n.as_str())
            .collect();
        let mut a = listed.clone();
        let mut b = with_json.clone();
        a.sort_unstable();
        b.sort_unstable();
        assert_eq!(a, b, "README's JSON list vs the commands with --json");
        for (code, _) in super::EXIT_CODES.lines().skip(1).filter_map(|l| {
            let l = l.trim_start();
            l.chars()
                .next()
                .filter(char::is_ascii_digit)
                .map(|c| (c, l))
        }) {
            assert!(
                readme.contains(&format!("| {code} | ")),
                "exit code {code} in the README"
            );
        }
    }

    #[test]
    fn verbs_and_commands_share_names_and_the_readme_table() {
        let readme = include_str!("../../README.md");
        assert!(
            readme.contains(&relcut_core::command::verb_table()),
            "the README's verb table drifted from the registry: paste relcut_core::command::verb_table()"
        );
        let cli = super::Cli::command();
        for spec in relcut_core::command::COMMANDS {
            let Some(path) = spec.cli else { continue };
            let mut cmd = &cli;
            for word in path.split(' ') {
                cmd = cmd
                    .find_subcommand(word)
                    .unwrap_or_else(|| panic!("verb `{}`: no CLI command `{path}`", spec.name));
            }
            // Where both exist under the verb's name, they are the same word.
            assert_eq!(path.split(' ').next_back(), Some(cmd.get_name()));
        }
        // `check promotion` is the verb's word; the CLI takes it (and its old name).
        let check = cli.find_subcommand("check").unwrap();
        assert!(check.find_subcommand("promotion").is_some());
        assert!(check.find_subcommand("promotion-job").is_some());
    }
}
