//! The command line: one module per subcommand, each turning its arguments into a core request.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

mod action;
mod announce;
mod check;
mod checklist;
mod completions;
mod history;
mod input;
mod plan;
mod promo_tags;
mod promotion;
mod schedule;
mod status;
mod testgrid;
mod validate;
mod versions;

/// Cut Kubernetes releases without the toil: the plan, the promotion tags and the cut issue.
#[derive(Debug, Parser)]
#[command(name = "relcut", version, about, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    Status(status::Args),
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
    Plan(plan::Args),
    Action(action::Args),
    Completions(completions::Args),
}

/// Exit 0: done; 1: the input is wrong or a check failed (the message says how to fix it);
/// 2: usage error (from clap).
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Status(a) => status::run(a),
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
        Command::Plan(a) => plan::run(a),
        Command::Action(a) => action::run(a),
        Command::Completions(a) => completions::run(a),
    }
}

/// Prints a value as pretty JSON on stdout.
pub(crate) fn print_json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    println!("{}", serde_json::to_string_pretty(value)?);
    Ok(())
}

/// Reports a user error on stderr (or as JSON on stdout) and returns exit code 1.
pub(crate) fn fail(json: bool, message: &str, hint: &str) -> anyhow::Result<ExitCode> {
    if json {
        print_json(&serde_json::json!({ "error": message, "hint": hint }))?;
    }
    eprintln!("error: {message}");
    Ok(ExitCode::from(1))
}
