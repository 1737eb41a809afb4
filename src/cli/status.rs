use std::process::ExitCode;

use super::exit::Status;

use relcut_action::checks;
use relcut_action::live::Services;
use relcut_core::checklist::{self, CutIssue, IssueInput, StatusReport};
use relcut_core::gate;
use relcut_core::ledger::Ledger;

/// Where a cut stands: the checklist read from the cut issue, the next step and its commands;
/// for a live issue, the live gates as its status comment shows them.
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
    let fork = args.fork.as_deref();
    let report = if issue.link.is_some() {
        live_report(&reading, fork)?
    } else {
        StatusReport::build(&reading, fork, None)
    };
    if args.json {
        super::print_json(&super::input::with_link(&report, issue.link.as_ref())?)?;
    } else {
        if let Some(link) = &issue.link {
            outln!("{}#{} {}", link.repo, link.number, link.url);
        }
        report!(report.text());
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

/// The report of a live issue with its gates, fetched as the Action's status comment fetches
/// them (relcut-action's [`Services`]): only what a gate in question needs, often nothing.
fn live_report(reading: &CutIssue, fork: Option<&str>) -> anyhow::Result<StatusReport> {
    let (ep, _) = super::input::github_endpoints();
    // The CLI does not read the status comment: no ledger, so no gate seen over for good.
    let ledger = Ledger::new();
    let known = gate::Known {
        now: chrono::Utc::now(),
        ledger: &ledger,
    };
    let needs = gate::needs(reading, known);
    let facts = checks::block_on(async { Services::new(&ep).facts(&needs).await })?;
    let decision = gate::decide(reading, &facts, known);
    Ok(StatusReport::build(
        reading,
        fork,
        Some((&decision, &facts, known)),
    ))
}
