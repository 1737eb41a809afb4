use std::process::ExitCode;

use clap::Subcommand;
use relcut_core::checklist::{self, IssueInput};
use relcut_core::history;
use relcut_core::output::History;

/// Release jobs history tables: read any shape, write krel's.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Read the jobs table(s) of a cut issue body or a pasted table.
    Parse {
        /// Markdown, a GitHub issue JSON, `-`, or the live issue (`kubernetes/sig-release#3200`,
        /// `#3200` in --repo, or its URL).
        #[arg(value_name = "FILE|-|ISSUE")]
        file: String,
        /// The repository of `#N`.
        #[arg(long, value_name = "OWNER/NAME", default_value = relcut_core::issue_ref::DEFAULT_REPO, value_parser = super::args::repo)]
        repo: String,
        /// Print the rows as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The history comment, locally: the jobs table in krel's current format, and the timeline
    /// when the file carries relcut's ledger (a saved status comment).
    Render {
        /// A cut issue body or a saved status comment (Markdown, GitHub issue JSON, or `-`).
        file: String,
        /// Add a Mermaid gantt chart of the jobs and of the steps' completion times.
        #[arg(long)]
        mermaid: bool,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Parse { file, repo, json } => {
            let issue = super::input::load_arg(&file, &repo)?;
            let rows = history::parse(&issue.body);
            if json {
                super::print_json(&super::input::with_link(
                    &serde_json::json!({ "rows": rows }),
                    issue.link.as_ref(),
                )?)?;
            } else if rows.is_empty() {
                outln!("no jobs found");
            } else {
                out!("{}", history::render(&rows));
            }
        }
        Command::Render { file, mermaid } => {
            let issue = super::input::load(&file)?;
            let ledger = relcut_core::ledger::Ledger::from_text(&issue.raw);
            let reading = checklist::read(IssueInput {
                title: issue.title.as_deref(),
                body: &issue.body,
                created_at: issue.created_at.as_deref(),
            });
            // The same value the `/relcut history` answer renders.
            let h = History::of(&reading, &ledger);
            out!("{}", h.markdown(mermaid));
        }
    }
    Ok(ExitCode::SUCCESS)
}
