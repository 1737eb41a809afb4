use std::process::ExitCode;

/// Run as the GitHub Action: handle the event in GITHUB_EVENT_PATH (see action.yml).
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args) -> anyhow::Result<ExitCode> {
    Ok(match relcut_github::action::main_from_env() {
        0 => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    })
}
