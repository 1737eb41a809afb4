use std::process::ExitCode;

use super::exit::Status;

use clap::Subcommand;
use relcut_action::checks;
use relcut_action::live::{Fetched, Services};
use relcut_core::checklist::{self, CutIssue, IssueInput};
use relcut_core::gate::{JobState, Needs, PromotionJob};
use relcut_core::issue_ref::IssueLink;
use relcut_core::output::{Asked, CheckReport};

use super::wait;

/// The live gates: is it safe to go on?
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// kubernetes/kubernetes#56876 must be closed; open means stop the cut (exit 1).
    PublishingBot {
        /// Print the verdict as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        wait: Wait,
    },
    /// The post-k8sio-image-promo run for the merge commit of a promotion PR (exit 0 only when it
    /// succeeded). Never reruns anything: it links the prow page.
    // Named like the comment verb's `/relcut check promotion`; the old name still works.
    #[command(name = "promotion", alias = "promotion-job")]
    #[command(group(clap::ArgGroup::new("which").required(true).args(["issue", "pr"])))]
    PromotionJob {
        /// The cut issue whose Image Promotion item links the PR(s), when --pr is not given:
        /// `kubernetes/sig-release#3200`, `#3200` (in --repo), its URL, or a file.
        #[arg(value_name = "ISSUE", conflicts_with = "pr")]
        issue: Option<String>,
        /// The repository of `#N`.
        #[arg(long, value_name = "OWNER/NAME", default_value = relcut_core::issue_ref::DEFAULT_REPO, value_parser = super::args::repo)]
        repo: String,
        /// The merged kubernetes/k8s.io promotion PR.
        #[arg(long, value_name = "N")]
        pr: Option<u64>,
        /// prow's address (default https://prow.k8s.io, or RELCUT_PROW_URL).
        #[arg(long, value_name = "URL")]
        prow_url: Option<String>,
        /// The GCS address of prow's logs (default https://storage.googleapis.com, or RELCUT_GCS_URL).
        #[arg(long, value_name = "URL")]
        gcs_url: Option<String>,
        /// Print the job's state and link as JSON.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        wait: Wait,
    },
}

#[derive(Debug, clap::Args)]
struct Wait {
    /// Check until the gate settles (exit 0 succeeded, 1 failed, 3 unreachable, 4 timed out,
    /// 130 on Ctrl-C): every 30 s at first, doubling to every 5 min; progress on stderr.
    #[arg(long)]
    wait: bool,
    /// With --wait: how long to wait at most, like 2h, 90m or 1h30m.
    #[arg(long, value_name = "DURATION", default_value = "2h", value_parser = super::wait::duration, requires = "wait")]
    timeout: std::time::Duration,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let (mut ep, _) = super::input::github_endpoints();
    let (Command::PublishingBot { wait, .. } | Command::PromotionJob { wait, .. }) = &args.command;
    if wait.wait {
        // Bounded by its own --timeout instead of the one-shot deadline.
        super::out::unbounded(&mut ep);
    }
    match args.command {
        Command::PublishingBot { json, wait } => {
            let bot = if wait.wait {
                let end = checks::block_on(wait::until_settled(
                    "the publishing-bot",
                    wait.timeout,
                    wait::Schedule::from_env(),
                    || async {
                        checks::publishing_bot(&ep)
                            .await
                            .map_err(checks::CheckError::from)
                            .map(|b| wait::Look {
                                state: b.state.clone(),
                                message: b.message.clone(),
                                url: b.failure_comment.clone().unwrap_or_else(|| b.url.clone()),
                                // Open is the bot failing now, not for good: keep waiting.
                                settled: b.healthy.then_some(true),
                                value: b,
                            })
                    },
                ))??;
                match end {
                    wait::End::Settled(look) => look.value,
                    wait::End::Interrupted => return Ok(Status::Interrupted.into()),
                }
            } else {
                checks::block_on(checks::publishing_bot(&ep))??
            };
            // The report `/relcut check publishing-bot` answers with.
            let asked = Asked {
                publishing_bot: true,
                ..Asked::default()
            };
            let facts = Fetched {
                publishing_bot: Some(Ok(bot.clone())),
                ..Fetched::default()
            };
            let report = CheckReport::build(asked, None, &[], &facts);
            if json {
                super::print_json(&bot)?;
            } else {
                report!(report.text());
            }
            Ok(Status::passed(report.ok()).into())
        }
        Command::PromotionJob {
            issue,
            repo,
            pr,
            prow_url,
            gcs_url,
            json,
            wait,
        } => {
            if let Some(u) = prow_url {
                ep.prow = u;
            }
            if let Some(u) = gcs_url {
                ep.gcs = u;
            }
            let (prs, link, reading) = match (pr, issue) {
                (Some(pr), _) => (vec![pr], None, None),
                (None, arg) => prs_of(&arg.unwrap_or_default(), &repo)?,
            };
            // With a cut issue, the report `/relcut check promotion` answers with: each PR's
            // change and job, and the titles against the cut's tags. A PR alone: its job.
            let asked = Asked {
                promotion_jobs: true,
                promotion_changes: reading.is_some(),
                ..Asked::default()
            };
            let Some(facts) = promotion_facts(&ep, &prs, asked, &wait)? else {
                return Ok(Status::Interrupted.into());
            };
            let report = CheckReport::build(asked, reading.as_ref(), &prs, &facts);
            if json {
                let jobs: Vec<&PromotionJob> = prs
                    .iter()
                    .filter_map(|pr| facts.jobs.get(pr)?.as_ref().ok())
                    .collect();
                let value = match jobs.as_slice() {
                    [job] => super::input::with_link(job, link.as_ref())?,
                    _ => super::input::with_link(
                        &serde_json::json!({ "jobs": jobs }),
                        link.as_ref(),
                    )?,
                };
                super::print_json(&value)?;
            } else {
                if let Some(link) = &link {
                    outln!("{}#{} {}", link.repo, link.number, link.url);
                }
                report!(report.text());
            }
            Ok(Status::passed(report.ok()).into())
        }
    }
}

/// The facts a promotion check needs: each PR's job (checked once, or each until it settles:
/// `None` when interrupted) and, when asked, each PR's change. A job that could not be
/// checked ends the command with its typed error (a PR that does not exist is the input's,
/// exit 1; a service's, exit 3); a change that could not be verified is said in the report,
/// as the comment says it.
fn promotion_facts(
    ep: &checks::Endpoints,
    prs: &[u64],
    asked: Asked,
    wait: &Wait,
) -> anyhow::Result<Option<Fetched>> {
    let mut facts = Fetched::default();
    if wait.wait {
        for pr in prs {
            match promotion_job(ep, *pr, wait)? {
                Some(job) => facts.jobs.insert(*pr, Ok(job)),
                None => return Ok(None),
            };
        }
    } else {
        let needs = Needs {
            promotion_jobs: prs.to_vec(),
            ..Needs::default()
        };
        facts = checks::block_on(async { Services::new(ep).facts(&needs).await })?;
        if let Some(e) = prs.iter().find_map(|pr| facts.jobs.get(pr)?.as_ref().err()) {
            return Err(e.clone().into());
        }
    }
    if asked.promotion_changes {
        let needs = Needs {
            promotion_changes: prs.to_vec(),
            ..Needs::default()
        };
        facts.changes = checks::block_on(async { Services::new(ep).facts(&needs).await })?.changes;
    }
    Ok(Some(facts))
}

/// The promotion PRs the cut issue `arg` links on its Image Promotion item (a refusal when it
/// links none), the issue when it was read live, and its reading.
fn prs_of(
    arg: &str,
    repo: &str,
) -> anyhow::Result<(Vec<u64>, Option<IssueLink>, Option<CutIssue>)> {
    let issue = super::input::load_arg(arg, repo)?;
    let reading = checklist::read(IssueInput {
        title: issue.title.as_deref(),
        body: &issue.body,
        created_at: issue.created_at.as_deref(),
    });
    let prs = reading.promotion_prs();
    if prs.is_empty() {
        return Err(super::exit::Input::new(
            format!("`{arg}` links no kubernetes/k8s.io promotion PR on its Image Promotion item"),
            "give --pr N, or link the PR there once `kpromo pr` opened it",
        )
        .into());
    }
    Ok((prs, issue.link, Some(reading)))
}

/// The promotion job of `pr`, checked once or until it settles (`None`: interrupted).
fn promotion_job(
    ep: &checks::Endpoints,
    pr: u64,
    wait: &Wait,
) -> anyhow::Result<Option<PromotionJob>> {
    if !wait.wait {
        return Ok(Some(checks::block_on(checks::promotion_job(ep, pr))??));
    }
    let end = checks::block_on(wait::until_settled(
        &format!("the promotion job of kubernetes/k8s.io#{pr}"),
        wait.timeout,
        wait::Schedule::from_env(),
        || async {
            checks::promotion_job(ep, pr).await.map(|j| wait::Look {
                state: j.state.as_str().to_string(),
                message: j.message(),
                url: j.url.clone(),
                settled: match j.state {
                    JobState::Succeeded => Some(true),
                    JobState::Failed => Some(false),
                    _ => None,
                },
                value: j,
            })
        },
    ))??;
    Ok(match end {
        wait::End::Settled(look) => Some(look.value),
        wait::End::Interrupted => None,
    })
}
