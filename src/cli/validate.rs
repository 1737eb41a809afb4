use std::process::ExitCode;

use super::exit::Status;

use relcut_core::validate;

/// Check release tags and build versions the way krel and kpromo will, with the fix for each.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Tags (`v1.35.0-rc.1`) or build versions (`v1.35.0-rc.0.12+abcdef0123`).
    #[arg(required = true, value_name = "VALUE")]
    values: Vec<String>,
    /// Print one object per value as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let v = validate::validate(&args.values);
    if args.json {
        super::print_json(&v)?;
    } else {
        report!(v.text());
    }
    Ok(Status::passed(v.ok()).into())
}
