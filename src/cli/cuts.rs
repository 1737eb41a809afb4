use std::process::ExitCode;

use relcut_action::checks;
use relcut_core::issue_ref::{Repo, DEFAULT_REPO};
use relcut_github::issues;

/// Every cut in flight at a glance: the open cut issues of a repository, each with its steps
/// done, next step, promotion gate and assignees, and the cuts that collide.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The repository of the cut issues.
    #[arg(long, value_name = "OWNER/NAME", default_value = DEFAULT_REPO, value_parser = super::args::repo)]
    repo: String,
    /// Print the cuts as JSON (`{"cuts": [...]}`).
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let repo = Repo::parse(&args.repo).map_err(super::input::bad_reference)?;
    let ep = super::input::github_endpoints_noted();
    let got = checks::block_on(async {
        let gh = ep.github()?;
        issues::open_issues(&gh, &repo.owner, &repo.name).await
    })?;
    let open = got.map_err(|e| super::input::not_found(e, &repo.to_string(), true, &ep))?;
    let report = relcut_action::cuts::weigh(&repo.to_string(), &open);
    if args.json {
        super::print_json(&report)?;
    } else {
        report!(report.text());
    }
    if open.more {
        eprintln!(
            "relcut: read the newest {} open issues of {repo} ({} requests); older open cut issues, if any, are not listed",
            issues::MAX_PAGES * 100,
            issues::MAX_PAGES
        );
    }
    Ok(ExitCode::SUCCESS)
}
