use std::process::ExitCode;

use super::exit::Status;

use relcut_core::checklist::{self, IssueInput};

/// Where a cut stands: the checklist read from the cut issue, the next step and its commands.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The cut issue: Markdown (front matter `title:` allowed), a GitHub issue JSON, `-`, or
    /// the live issue: `kubernetes/sig-release#3200`, `#3200` (in --repo), or its URL.
    #[arg(value_name = "FILE|-|ISSUE")]
    file: String,
    /// The repository of `#N`.
    #[arg(long, value_name = "OWNER/NAME", default_value = relcut_core::issue_ref::DEFAULT_REPO, value_parser = super::args::repo)]
    repo: String,
    /// The issue title (`Cut v1.35.0-rc.1 release`), if the file does not carry it.
    #[arg(long)]
    title: Option<String>,
    /// Your GitHub login, for the kpromo commands.
    #[arg(long, value_name = "LOGIN", value_parser = super::args::fork)]
    fork: Option<String>,
    /// Print the reading of the issue (steps, next step, warnings) as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let issue = super::input::load_arg(&args.file, &args.repo)?;
    let title = args.title.or(issue.title);
    let reading = checklist::read(IssueInput {
        title: title.as_deref(),
        body: &issue.body,
        created_at: issue.created_at.as_deref(),
    });
    if args.json {
        super::print_json(&super::input::with_link(&reading, issue.link.as_ref())?)?;
    } else {
        if let Some(link) = &issue.link {
            outln!("{}#{} {}", link.repo, link.number, link.url);
        }
        report!(reading.report(args.fork.as_deref()));
    }
    // An empty file or some other document: there is no cut to report on. A title that names
    // no release is only a warning, since the steps can still be read.
    if reading.steps.is_empty() {
        eprintln!(
            "error: no checklist steps in `{}`: give the body of a cut issue (`relcut checklist render TAG` writes one)",
            args.file
        );
        return Ok(Status::CheckFailed.into());
    }
    Ok(ExitCode::SUCCESS)
}
