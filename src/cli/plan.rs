use std::process::ExitCode;

use relcut_core::{plan, PlanRequest, Rules};

/// The ordered runbook of a cut: every step with its estimate and the exact commands.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The tag being cut, like `v1.35.0-rc.0`.
    tag: String,
    /// Your GitHub login, for the kpromo commands.
    #[arg(long, value_name = "LOGIN", value_parser = super::args::fork)]
    fork: Option<String>,
    /// The BUILDVERSION the no-mock stage printed, for the no-mock `krel release`.
    #[arg(long, value_name = "V")]
    build_version: Option<String>,
    /// The BUILDVERSION the mock stage printed, for the mock `krel release`.
    #[arg(long, value_name = "V")]
    mock_build_version: Option<String>,
    /// Add the mock stage and release that patch releases skip (kubernetes/sig-release#2981).
    #[arg(long)]
    with_mock: bool,
    /// The day of the cut (`YYYY-MM-DD`), for `krel history --date-from`.
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::args::date)]
    date: Option<String>,
    /// Promotion rules from before 2023-03-09 (history only).
    #[arg(long)]
    legacy_promotion: bool,
    /// Print the plan (steps, commands, estimates) as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let req = PlanRequest {
        tag: args.tag,
        fork: args.fork,
        build_version: args.build_version,
        mock_build_version: args.mock_build_version,
        with_mock: args.with_mock,
        date: args.date,
        rules: if args.legacy_promotion {
            Rules::Legacy
        } else {
            Rules::Current
        },
    };
    let plan = match plan(&req) {
        Ok(p) => p,
        Err(e) => {
            return match e.rule_source() {
                Some(src) => Err(super::exit::Input::citing(e.to_string(), e.hint(), src).into()),
                None => Err(super::exit::Input::new(e.to_string(), e.hint()).into()),
            }
        }
    };
    if args.json {
        super::print_json(&plan)?;
    } else {
        out!("{}", plan.text());
    }
    Ok(ExitCode::SUCCESS)
}
