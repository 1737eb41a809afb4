use std::io::{IsTerminal, Read};
use std::process::ExitCode;

use anyhow::Context;
use relcut_core::explain;

use super::exit::{Input, Status};

/// The most relcut reads from stdin: a whole Cloud Build or prow log fits; more is refused
/// rather than held in memory.
const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// Explain a failure text of krel, kpromo, Cloud Build, OBS or prow: its cause, its fix, its
/// source and the step of the cut it belongs to.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The failure text (one quoted argument, or several words), or `-` (or nothing) to read it
    /// from stdin: a line, a message or a whole job log.
    #[arg(value_name = "TEXT")]
    text: Vec<String>,
    /// Print {"matched", "id", "step", "cause", "fix", "source"} as JSON.
    #[arg(long)]
    json: bool,
}

fn read_stdin() -> anyhow::Result<String> {
    let stdin = std::io::stdin();
    if stdin.is_terminal() {
        eprintln!(
            "relcut: reading from stdin: paste the text, then press Ctrl-D (Ctrl-Z on Windows)"
        );
    }
    let mut bytes = Vec::new();
    stdin
        .lock()
        .take(MAX_INPUT + 1)
        .read_to_end(&mut bytes)
        .context("reading stdin")?;
    if bytes.len() as u64 > MAX_INPUT {
        return Err(Input::new(
            format!("the text on stdin is over {} MiB", MAX_INPUT / 1024 / 1024),
            "pass the failing lines, or the end of the log (`tail -n 2000 build-log.txt | relcut explain -`)",
        )
        .into());
    }
    // Logs carry stray bytes (progress bars, cut-off UTF-8); they never hold a failure's words.
    Ok(String::from_utf8_lossy(&bytes).into_owned())
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let text = match args.text.as_slice() {
        [] => read_stdin()?,
        [one] if one == "-" => read_stdin()?,
        words => words.join(" "),
    };
    let e = explain::explain(&text);
    if args.json {
        super::print_json(&e.json())?;
    } else {
        report!(e.text());
    }
    Ok(Status::passed(e.matched()).into())
}
