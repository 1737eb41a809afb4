use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

/// Print shell completions (bash, zsh, fish, elvish, powershell).
#[derive(Debug, clap::Args)]
pub struct Args {
    shell: Shell,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut cmd = super::Cli::command();
    clap_complete::generate(args.shell, &mut cmd, "relcut", &mut std::io::stdout());
    Ok(ExitCode::SUCCESS)
}
