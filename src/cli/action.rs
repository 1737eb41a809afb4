use std::process::ExitCode;

/// Run as the GitHub Action: handle the event in GITHUB_EVENT_PATH (see action.yml).
#[derive(Debug, clap::Args)]
pub struct Args {}

pub fn run(_: Args) -> anyhow::Result<ExitCode> {
    let result = relcut_action::action::main_from_env(std::sync::Arc::new(super::out::Console));
    Ok(super::exit::action(result))
}
