use std::process::ExitCode;

use relcut_core::checklist;
use relcut_core::issue_ref::{IssueSource, Repo};
use relcut_core::{plan, PlanRequest, Rules};

/// The ordered runbook of a cut: every step with its estimate and the exact commands.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The tag being cut, like `v1.35.0-rc.0`, or a cut issue whose title names it
    /// (`kubernetes/sig-release#3200`, `#3200` in --repo, or its URL).
    #[arg(value_name = "TAG|ISSUE")]
    tag: String,
    /// The repository of `#N`.
    #[arg(long, value_name = "OWNER/NAME", default_value = relcut_core::issue_ref::DEFAULT_REPO, value_parser = super::args::repo)]
    repo: String,
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
    let repo = Repo::parse(&args.repo).map_err(super::input::bad_reference)?;
    let (tag, link) =
        match IssueSource::parse(&args.tag, &repo).map_err(super::input::bad_reference)? {
            IssueSource::Issue(r) => {
                let issue = super::input::fetch(&r)?;
                let title = issue.title.as_deref().unwrap_or_default();
                let Some(v) = checklist::version_from_title(title) else {
                    return Err(super::exit::Input::new(
                        format!("the title of {r} names no release, so it gives no tag"),
                        "rename the issue `Cut vX.Y.Z[-rc.N] release`, or give the tag",
                    )
                    .into());
                };
                (v.to_string(), issue.link)
            }
            _ => (args.tag, None),
        };
    let req = PlanRequest {
        tag,
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
        super::print_json(&super::input::with_link(&plan, link.as_ref())?)?;
    } else {
        if let Some(link) = &link {
            outln!("{}#{} {}", link.repo, link.number, link.url);
        }
        report!(plan.text());
    }
    Ok(ExitCode::SUCCESS)
}
