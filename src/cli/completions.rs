use std::process::ExitCode;

use clap::CommandFactory;
use clap_complete::Shell;

/// Print shell completions (bash, zsh, fish, elvish, powershell).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The shell to write completions for.
    shell: Shell,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut cmd = super::Cli::command();
    // Into a buffer first: clap_complete panics when its writer fails.
    let mut buf = Vec::new();
    clap_complete::generate(args.shell, &mut cmd, "relcut", &mut buf);
    super::out::write_bytes(&buf)?;
    Ok(ExitCode::SUCCESS)
}
