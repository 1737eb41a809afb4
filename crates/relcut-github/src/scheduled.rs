//! Gates that clear themselves: on `schedule` and `workflow_dispatch` events relcut re-checks
//! the live gate of every open cut issue that waits on one, and says so when it settles.
//!
//! - One request lists the open issues ([`LIST_PATH`]: the 100 most recently updated; the
//!   `labels` input narrows it on GitHub when it names one label). The title rule and the
//!   `labels` input pick the cut issues, as for issue events.
//! - An issue waits on the promotion gate while its no-mock release is open and its image
//!   promotion done, and on the publishing-bot gate while its publishing-bot step is not ticked
//!   (read from the body: no request). Any other issue, and every closed one, costs nothing.
//!   kubernetes/kubernetes#56876 is asked once per run for all cuts (one or two requests).
//! - A waiting issue: its comments (one page up to 100), then per linked promotion PR the PR and
//!   Deck (two requests; GCS only when Deck lost the run). The status comment is rewritten only
//!   when its text changes: a job still running writes nothing.
//! - While the publishing-bot fails: a stop line at the top and one comment; when it recovers,
//!   the line goes and one "go on" comment (only if the stop was told).
//! - When every job succeeded: "go: no-mock release" with the command at the top of the status
//!   comment, and one comment mentioning the assignees. When one failed: a stop line with the
//!   failing run and the known causes (429 / quota: rerun from prow), and one such comment. Each
//!   of these comments carries a hidden marker per gate and outcome: it is the record that the
//!   people were told, so reruns and later schedules never post it again, and an issue whose
//!   go was posted is not checked again (one request: its comments).
//! - Bounded: at most [`MAX_ISSUES`] waiting issues per run, and no new issue is started once
//!   [`MAX_REQUESTS`] requests are spent; the rest wait for the next run, named in the log.

use relcut_core::checklist::{CutIssue, StepState};
use relcut_core::gate::{JobState, PromotionJob, PublishingBot};
use relcut_core::{checklist, md, StepId};
use serde::Deserialize;

use crate::action::{self, ActionError, Config, Outcome};
use crate::api::{Repo, User};
use crate::checks;
use crate::client::GitHubError;
use crate::comments;
use crate::event::{EventIssue, Label};

/// Waiting cut issues re-checked per run at most.
pub const MAX_ISSUES: usize = 5;
/// No new issue is started past this many requests (GitHub, prow and GCS together).
pub const MAX_REQUESTS: usize = 40;
/// The listing: open issues, most recently updated first, one page.
pub const LIST_PATH: &str = "issues?state=open&sort=updated&direction=desc&per_page=100";

/// The events handled here.
pub fn handles(event_name: &str) -> bool {
    matches!(event_name, "schedule" | "workflow_dispatch")
}

#[derive(Debug, Clone, Deserialize)]
struct ListedIssue {
    number: u64,
    title: String,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    labels: Vec<Label>,
    #[serde(default)]
    assignees: Vec<User>,
    #[serde(default)]
    pull_request: Option<serde_json::Value>,
    #[serde(default)]
    html_url: Option<String>,
}

impl ListedIssue {
    fn as_event_issue(&self) -> EventIssue {
        EventIssue {
            number: self.number,
            title: self.title.clone(),
            body: self.body.clone(),
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
            labels: self.labels.clone(),
            pull_request: None,
            html_url: self.html_url.clone(),
        }
    }
}

/// Where the promotion gate stands after a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Every linked job succeeded.
    Go,
    /// A job failed: its run.
    Stop { pr: u64, url: String },
    /// Still waiting (or not checkable now).
    Waiting,
}

impl Gate {
    pub fn of(jobs: &[(u64, Result<PromotionJob, GitHubError>)]) -> Gate {
        if let Some((pr, Ok(job))) = jobs
            .iter()
            .find(|(_, j)| matches!(j, Ok(j) if j.state == JobState::Failed))
        {
            return Gate::Stop {
                pr: *pr,
                url: job.url.clone(),
            };
        }
        let all_ok = !jobs.is_empty()
            && jobs
                .iter()
                .all(|(_, j)| matches!(j, Ok(j) if j.state == JobState::Succeeded));
        if all_ok {
            Gate::Go
        } else {
            Gate::Waiting
        }
    }

    fn outcome(&self) -> Option<&'static str> {
        match self {
            Gate::Go => Some("succeeded"),
            Gate::Stop { .. } => Some("failed"),
            Gate::Waiting => None,
        }
    }
}

/// The hidden marker of the one comment that tells the assignees how a gate (`promotion`,
/// `publishing-bot`) ended.
pub fn told_marker(gate: &str, outcome: &str) -> String {
    format!("<!-- relcut:gate:{gate}:{outcome} -->")
}

/// The publishing-bot gate is pending while its step is not ticked.
fn bot_pending(reading: &CutIssue) -> bool {
    reading
        .step(StepId::PublishingBot)
        .is_some_and(|s| s.state == StepState::Open)
}

/// The stop line while the publishing-bot fails.
pub fn bot_stop_line(bot: &PublishingBot) -> String {
    let failure = bot
        .failure_comment
        .as_deref()
        .map(|c| format!("; {}", md::link("its latest failure", c)))
        .unwrap_or_default();
    format!(
        "🔴 **stop: the publishing-bot is failing** ({} is {}): stop the cut and tell #release-management{failure}.\n\n",
        md::link("kubernetes/kubernetes#56876", &bot.url),
        md::plain(&bot.state)
    )
}

fn mentions(assignees: &[User]) -> String {
    let who: Vec<String> = assignees
        .iter()
        .filter(|u| action::valid_login(&u.login) && !u.is_bot())
        .map(|u| format!("@{}", u.login))
        .collect();
    if who.is_empty() {
        "(no assignee to mention)".to_string()
    } else {
        who.join(" ")
    }
}

fn release_command(reading: &CutIssue) -> String {
    let commands = reading
        .plan(None)
        .and_then(|p| p.step(StepId::NomockRelease).map(|s| s.commands.clone()))
        .unwrap_or_default();
    if commands.is_empty() {
        String::new()
    } else {
        md::fence_lines("sh", &commands)
    }
}

/// The line at the top of the status comment once the gate settled.
pub fn top_line(gate: &Gate, reading: &CutIssue) -> String {
    match gate {
        Gate::Go => format!(
            "🟢 **go: no-mock release**: every promotion job succeeded.\n\n{}\n",
            release_command(reading)
        ),
        Gate::Stop { pr, url } => format!(
            "🔴 **stop: the promotion job of kubernetes/k8s.io#{pr} failed**: {}. Read its build-log.txt; 429 / quota errors from the registries usually pass on a rerun: rerun it from the prow page, never a new PR.\n\n",
            md::link("the failing run", url)
        ),
        Gate::Waiting => String::new(),
    }
}

/// The one comment that tells the assignees how the promotion gate ended.
fn told_text(gate: &Gate, reading: &CutIssue, assignees: &[User]) -> String {
    let version = reading
        .version
        .map(|v| format!(" of {v}"))
        .unwrap_or_default();
    let body = match gate {
        Gate::Go => format!(
            "**go: no-mock release**{version}: every promotion job succeeded.\n\n{}",
            release_command(reading)
        ),
        _ => format!(
            "**stop**{version}: {}",
            top_line(gate, reading).trim_start_matches("🔴 ")
        ),
    };
    format!(
        "{}\n\n{body}{}",
        mentions(assignees),
        action::footer("relcut re-checks the gate on a schedule")
    )
}

/// One scheduled run.
pub async fn run(cfg: &Config, repo: &Repo<'_>, out: &mut Outcome) -> Result<(), ActionError> {
    let mut path = format!("/repos/{}/{}/{LIST_PATH}", repo.owner, repo.name);
    if let [one] = cfg.labels.as_slice() {
        path.push_str(&format!("&labels={}", percent(one)));
    }
    let listed: Vec<ListedIssue> = repo
        .client
        .call(http::Method::GET, &path, None)
        .await?
        .json("open issues")?;
    let cut_issues: Vec<&ListedIssue> = listed
        .iter()
        .filter(|i| i.pull_request.is_none())
        .filter(|i| cfg.labels.is_empty() || i.labels.iter().any(|l| cfg.labels.contains(&l.name)))
        .filter(|i| checklist::version_from_title(&i.title).is_some())
        .collect();
    let mut waiting = Vec::new();
    for i in cut_issues {
        let ev = i.as_event_issue();
        let reading = action::read_issue(&ev, i.body.as_deref().unwrap_or_default());
        if action::gate_in_question(&reading) || bot_pending(&reading) {
            waiting.push((i, ev, reading));
        } else {
            out.log.push(format!("#{}: no live gate pending", i.number));
        }
    }
    let mut done = 0;
    // The publishing-bot is one issue for every cut: asked once per run, when a cut waits on it.
    let mut bot: Option<Result<PublishingBot, GitHubError>> = None;
    for (i, ev, reading) in &waiting {
        if done == MAX_ISSUES || repo.client.requests() >= MAX_REQUESTS {
            out.log.push(format!(
                "#{}: left for the next run (at most {MAX_ISSUES} issues and {MAX_REQUESTS} requests per run)",
                i.number
            ));
            continue;
        }
        done += 1;
        if bot_pending(reading) && bot.is_none() {
            bot = Some(checks::publishing_bot(&cfg.endpoints).await);
        }
        let bot = bot.as_ref().filter(|_| bot_pending(reading));
        one_issue(cfg, repo, i, ev, reading, bot, out).await?;
    }
    out.log.push(format!(
        "scheduled run: {} cut issue(s) waiting on a gate, {done} checked",
        waiting.len()
    ));
    Ok(())
}

async fn one_issue(
    cfg: &Config,
    repo: &Repo<'_>,
    issue: &ListedIssue,
    ev: &EventIssue,
    reading: &CutIssue,
    bot: Option<&Result<PublishingBot, GitHubError>>,
    out: &mut Outcome,
) -> Result<(), ActionError> {
    let n = issue.number;
    let mut known = repo.comments(n).await?;
    let told = |gate: &str, outcome: &str, known: &[crate::api::Comment]| {
        !comments::marked(known, &told_marker(gate, outcome), &repo.me()).is_empty()
    };
    if told("promotion", "succeeded", &known) {
        out.log
            .push(format!("#{n}: the go was posted already; nothing to check"));
        return Ok(());
    }
    let mut top = String::new();
    let mut lines = Vec::new();
    // (marker, text) of the comments that tell the assignees, each posted once.
    let mut tell: Vec<(String, String)> = Vec::new();
    let mut said = Vec::new();
    if let Some(bot) = bot {
        match bot {
            Ok(b) if !b.healthy => {
                top.push_str(&bot_stop_line(b));
                said.push("publishing-bot failing");
                if !told("publishing-bot", "failing", &known) {
                    tell.push((
                        told_marker("publishing-bot", "failing"),
                        format!(
                            "{}\n\n{}{}",
                            mentions(&issue.assignees),
                            bot_stop_line(b).trim_start_matches("🔴 ").trim_end(),
                            action::footer("relcut re-checks the gate on a schedule")
                        ),
                    ));
                }
            }
            Ok(b) => {
                said.push("publishing-bot healthy");
                if told("publishing-bot", "failing", &known)
                    && !told("publishing-bot", "healthy", &known)
                {
                    tell.push((
                        told_marker("publishing-bot", "healthy"),
                        format!(
                            "{}\n\n**go on**: the publishing-bot is healthy again ({} is closed).{}",
                            mentions(&issue.assignees),
                            md::link("kubernetes/kubernetes#56876", &b.url),
                            action::footer("relcut re-checks the gate on a schedule")
                        ),
                    ));
                }
            }
            Err(e) => out.log.push(format!(
                "#{n}: could not check the publishing-bot ({e}); next run"
            )),
        }
    }
    if action::gate_in_question(reading) {
        let jobs = action::promotion_jobs(cfg, reading)
            .await
            .unwrap_or_default();
        let gate = Gate::of(&jobs);
        lines = action::gate_lines(Some(&jobs));
        top.push_str(&top_line(&gate, reading));
        said.push(match gate {
            Gate::Go => "promotion succeeded",
            Gate::Stop { .. } => "promotion failed",
            Gate::Waiting => "promotion pending",
        });
        if let Some(outcome) = gate.outcome() {
            if !told("promotion", outcome, &known) {
                tell.push((
                    told_marker("promotion", outcome),
                    told_text(&gate, reading, &issue.assignees),
                ));
            }
        }
    }
    let up =
        action::upsert_status(repo, ev, reading, &lines, &top, &mut known, &mut out.log).await?;
    out.log.push(format!(
        "#{n}: {}; status comment {}",
        said.join(", "),
        if up.unchanged { "unchanged" } else { "updated" }
    ));
    for (marker, text) in tell {
        comments::upsert(repo, n, &marker, &text, &mut known).await?;
        out.log.push(format!(
            "#{n}: told the assignees ({})",
            marker
                .trim_start_matches("<!-- relcut:")
                .trim_end_matches(" -->")
        ));
    }
    Ok(())
}

/// A label in a query string.
fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(state: JobState, url: &str) -> Result<PromotionJob, GitHubError> {
        Ok(PromotionJob {
            pr: 1,
            merged: true,
            merge_sha: Some("m".into()),
            state,
            url: url.into(),
        })
    }

    #[test]
    fn gate_outcomes() {
        assert_eq!(
            Gate::of(&[]),
            Gate::Waiting,
            "no PR linked: nothing settled"
        );
        assert_eq!(
            Gate::of(&[
                (1, job(JobState::Succeeded, "u1")),
                (2, job(JobState::Running, "u2"))
            ]),
            Gate::Waiting
        );
        assert_eq!(
            Gate::of(&[
                (1, job(JobState::Succeeded, "u1")),
                (2, job(JobState::Succeeded, "u2"))
            ]),
            Gate::Go
        );
        assert_eq!(
            Gate::of(&[
                (1, job(JobState::Succeeded, "u1")),
                (2, job(JobState::Failed, "u2"))
            ]),
            Gate::Stop {
                pr: 2,
                url: "u2".into()
            }
        );
        let down = Err(GitHubError::Config("x".into()));
        assert_eq!(
            Gate::of(&[(1, down)]),
            Gate::Waiting,
            "unreachable is not a verdict"
        );
    }

    #[test]
    fn markers_and_labels() {
        assert_ne!(
            told_marker("promotion", "succeeded"),
            told_marker("promotion", "failed")
        );
        assert_ne!(
            told_marker("promotion", "failed"),
            told_marker("publishing-bot", "failing")
        );
        assert!(!told_marker("promotion", "failed").contains(&comments::status_marker()));
        assert_eq!(percent("area/release-eng"), "area%2Frelease-eng");
        assert!(handles("schedule") && handles("workflow_dispatch") && !handles("issues"));
    }
}
