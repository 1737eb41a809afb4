//! The status comment of a cut issue: its reading settled by the live promotion jobs, the
//! gate's lines, the go or stop line at its top while it holds, and its ledger.

use chrono::{DateTime, Utc};
use relcut_core::checklist::{self, CutIssue, IssueInput, StepState};
use relcut_core::gate::{self, JobState, PromotionJob, PublishingBot};
use relcut_core::ledger::{Ledger, Record, Told};
use relcut_core::{md, StepId};

use relcut_github::api::{Comment, Repo};
use relcut_github::client::GitHubError;
use relcut_github::comments::{self, Upserted};
use relcut_github::event::EventIssue;

use crate::checks::{self, CheckError};
use crate::config::{Config, Outcome};

pub(crate) fn footer(what: &str) -> String {
    // A paragraph of its own, whether or not the answer ended its last line.
    format!("\n\n<sub>{what} · `/relcut help` lists the commands</sub>\n")
}

pub(crate) fn issue_outputs(out: &mut Outcome, reading: &checklist::CutIssue) {
    let v = reading.version;
    out.outputs
        .push(("version", v.map(|v| v.to_string()).unwrap_or_default()));
    out.outputs.push((
        "release-type",
        v.map(|v| v.release_type().to_string()).unwrap_or_default(),
    ));
    out.outputs.push((
        "branch",
        reading
            .branch
            .or_else(|| v.map(|v| v.branch()))
            .map(|b| b.to_string())
            .unwrap_or_default(),
    ));
    out.outputs.push((
        "next-step",
        reading.next.map(|s| s.to_string()).unwrap_or_default(),
    ));
    let tags: Vec<String> = reading
        .promotion()
        .map(|p| {
            p.tags
                .iter()
                .map(std::string::ToString::to_string)
                .collect()
        })
        .unwrap_or_default();
    out.outputs.push((
        "promo-tags",
        serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into()),
    ));
}

pub(crate) fn read_issue(issue: &EventIssue, body: &str) -> checklist::CutIssue {
    checklist::read(IssueInput {
        title: Some(&issue.title),
        body,
        created_at: issue.created_at.as_deref(),
    })
}

/// The ledger kept in relcut's own status comment, if there is one. A ledger that is not one
/// relcut could have written is dropped (and said so in the log): it starts again from now.
pub(crate) fn ledger_of(known: &[Comment], me: &str, log: &mut Vec<String>) -> Ledger {
    let marker = comments::status_marker();
    let Some(body) = comments::marked(known, &marker, me)
        .first()
        .and_then(|c| c.body.as_deref())
    else {
        return Ledger::new();
    };
    match Ledger::parse(body) {
        Ok(l) => l.unwrap_or_default(),
        Err(e) => {
            log.push(format!("ignored the ledger of the status comment: {e}"));
            Ledger::new()
        }
    }
}

/// The promotion jobs the gate before the no-mock release waits on, fetched; `None` when the
/// gate is not in question (the release is not the step at hand). An empty list: no PR linked.
pub(crate) async fn promotion_jobs(
    cfg: &Config,
    reading: &checklist::CutIssue,
) -> Option<Vec<(u64, Result<PromotionJob, CheckError>)>> {
    if !gate_in_question(reading) {
        return None;
    }
    let mut jobs = Vec::new();
    for pr in reading.promotion_prs() {
        jobs.push((pr, checks::promotion_job(&cfg.endpoints, pr).await));
    }
    Some(jobs)
}

/// Whether the no-mock release waits on the promotion jobs: it is open and the promotion done,
/// or its PR linked (not ticked yet: the check follows the merge, then the job).
pub(crate) fn gate_in_question(reading: &checklist::CutIssue) -> bool {
    let release_open = reading
        .step(StepId::NomockRelease)
        .is_some_and(|s| s.state == StepState::Open);
    let promo_linked = reading.step(StepId::ImagePromotion).is_some_and(|s| {
        s.state == StepState::Done
            || (s.state == StepState::InProgress && !reading.promotion_prs().is_empty())
    });
    release_open && promo_linked
}

/// The reading with its promotion check settled by the PRs' titles the jobs fetched, when
/// every PR was fetched (see [`gate::settle_check`]).
pub(crate) fn settled(
    mut reading: checklist::CutIssue,
    jobs: Option<&[(u64, Result<PromotionJob, CheckError>)]>,
) -> checklist::CutIssue {
    let fetched: Option<Vec<&PromotionJob>> =
        jobs.and_then(|j| j.iter().map(|(_, j)| j.as_ref().ok()).collect());
    let Some(fetched) = fetched.filter(|f| !f.is_empty()) else {
        return reading;
    };
    let mut fit = true;
    if let Some(promo) = reading.promotion() {
        let titles = gate::titles_fit(&promo, &fetched);
        fit = titles.is_ok();
        if let Some(check) = reading.promotion_check.as_mut() {
            gate::settle_check(check, &promo, &fetched, &titles);
        }
    }
    let all_merged = fetched.iter().all(|j| j.merged);
    let runs: Option<Vec<String>> = (fit && fetched.iter().all(|j| j.state == JobState::Succeeded))
        .then(|| fetched.iter().map(|j| j.url.clone()).collect());
    reading.settle_promotion(all_merged, runs.as_deref());
    reading
}

/// The fetched promotion PRs' titles against the cut's tags (see [`gate::titles_fit`]); `Ok`
/// while a PR could not be fetched or the cut's version is unknown.
pub(crate) fn titles_fit(
    reading: &checklist::CutIssue,
    jobs: &[(u64, Result<PromotionJob, CheckError>)],
) -> Result<(), String> {
    let Some(promo) = reading.promotion() else {
        return Ok(());
    };
    let fetched: Option<Vec<&PromotionJob>> = jobs.iter().map(|(_, j)| j.as_ref().ok()).collect();
    fetched.map_or(Ok(()), |f| gate::titles_fit(&promo, &f))
}

/// The gate's lines in the status comment.
pub(crate) fn gate_lines(
    reading: &checklist::CutIssue,
    jobs: Option<&[(u64, Result<PromotionJob, CheckError>)]>,
) -> Vec<String> {
    let Some(jobs) = jobs else {
        return Vec::new();
    };
    if jobs.is_empty() {
        return vec!["🚧 **Gate:** link the promotion PR on the Image Promotion item so relcut can watch its promotion job.".into()];
    }
    let mut lines = Vec::new();
    let mut clear = true;
    for (pr, job) in jobs {
        match job {
            Ok(job) => {
                clear &= job.state == JobState::Succeeded;
                lines.push(format!("- {}", job.markdown()));
            }
            Err(e) => {
                clear = false;
                lines.push(format!(
                    "- {}: could not check ({})",
                    md::reference("kubernetes/k8s.io", *pr, true),
                    md::plain_with_code(&e.to_string())
                ));
            }
        }
    }
    let fit = titles_fit(reading, jobs);
    if let Err(e) = &fit {
        lines.push(format!("- 🚫 {e}"));
    }
    let head = if fit.is_err() {
        "🚫 **Gate:** `nomock-release` is blocked: the promotion PRs do not promote this cut's tags."
    } else if clear {
        "✅ **Gate:** every promotion job succeeded: the no-mock release may go ahead."
    } else {
        "🚫 **Gate:** `nomock-release` is blocked until the promotion job of each merged promotion PR succeeded."
    };
    let mut out = vec![head.to_string()];
    out.push(lines.join("\n"));
    out
}

/// What goes at the top of the status comment and into its ledger.
pub(crate) struct Top<'a> {
    /// The go or stop line; `None`: the one relcut told, while it holds (from the ledger).
    pub line: Option<&'a str>,
    /// What the people were just told, recorded in the ledger.
    pub told: &'a [Told],
}

/// The status comment: the go or stop line, then the report with the gate's lines. `top`
/// `None`: the line relcut told, while it holds, and nothing newly told.
pub(crate) async fn upsert_status(
    repo: &Repo<'_>,
    issue: &EventIssue,
    reading: &checklist::CutIssue,
    gates: &[String],
    top: Option<&Top<'_>>,
    known: &mut Vec<Comment>,
    log: &mut Vec<String>,
) -> Result<Upserted, GitHubError> {
    let mut ledger = ledger_of(known, &repo.me(), log);
    for told in top.map(|t| t.told).unwrap_or_default() {
        ledger.insert(Record::Told(*told), Utc::now());
    }
    let top = match top.and_then(|t| t.line) {
        Some(line) => line.to_string(),
        None => held_top(reading, &ledger, None),
    };
    let done: Vec<StepId> = reading
        .steps
        .iter()
        .filter(|s| s.state == StepState::Done)
        .map(|s| s.id)
        .collect();
    // When GitHub says the issue changed, else now.
    let when = issue
        .updated_at
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map_or_else(Utc::now, |t| t.to_utc());
    ledger.record_done(&done, when);
    let text = format!(
        "{}\n{top}{}{}",
        ledger.comment(),
        reading.report_markdown_with(None, gates),
        footer("relcut keeps this comment current")
    );
    comments::upsert(repo, issue.number, &comments::status_marker(), &text, known).await
}

/// Where the promotion gate stands after a check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Gate {
    /// Every linked job succeeded.
    Go,
    /// A job failed: its run.
    Stop { pr: u64, url: String },
    /// The PRs' titles promote other tags than the cut's: what does not fit.
    Mismatch { message: String },
    /// Still waiting (or not checkable now).
    Waiting,
}

impl Gate {
    pub fn of(reading: &CutIssue, jobs: &[(u64, Result<PromotionJob, CheckError>)]) -> Gate {
        // Wrong tags are the stop a rerun cannot fix: said first, and never a go.
        if let Err(message) = titles_fit(reading, jobs) {
            return Gate::Mismatch { message };
        }
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

    /// What the assignees are told when the gate ends so.
    pub(crate) fn told(&self) -> Option<Told> {
        match self {
            Gate::Go => Some(Told::PromotionSucceeded),
            Gate::Stop { .. } => Some(Told::PromotionFailed),
            Gate::Mismatch { .. } => Some(Told::PromotionMismatch),
            Gate::Waiting => None,
        }
    }
}

/// The hidden marker of the one comment that tells the assignees how a gate (`promotion`,
/// `publishing-bot`) ended.
pub fn told_marker(told: Told) -> String {
    format!("<!-- relcut:gate:{}:{} -->", told.gate(), told.outcome())
}

/// The publishing-bot gate is pending while its step is not ticked.
pub(crate) fn bot_pending(reading: &CutIssue) -> bool {
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

pub(crate) fn release_command(reading: &CutIssue) -> String {
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
            "🔴 **stop: the promotion job of {} failed**: {}. Read its build-log.txt; 429 / quota errors from the registries usually pass on a rerun: rerun it from the prow page, never a new PR.\n\n",
            md::reference("kubernetes/k8s.io", *pr, true),
            md::link("the failing run", url)
        ),
        Gate::Mismatch { message } => format!(
            "🔴 **stop: the promotion PRs do not promote this cut's tags**: {message}. Open a promotion PR with `kpromo pr` for the missing tags (see `relcut promo-tags`) before the no-mock release.\n\n"
        ),
        Gate::Waiting => String::new(),
    }
}

/// Which of `outcomes` relcut told last, from its own ledger. On a tie the later of
/// `outcomes` wins.
pub(crate) fn latest(ledger: &Ledger, outcomes: &[Told]) -> Option<Told> {
    outcomes
        .iter()
        .filter_map(|o| ledger.get(Record::Told(*o)).map(|t| (t, *o)))
        .max_by(|a, b| a.0.cmp(&b.0))
        .map(|(_, o)| o)
}

/// The promotion gate's line at the top of the status comment: shown once relcut told an
/// outcome (its ledger says so), for as long as it holds: the release is still the step in
/// question and a live check, when there is one, does not say otherwise.
pub fn promotion_top(reading: &CutIssue, ledger: &Ledger, live: Option<&Gate>) -> String {
    if !gate_in_question(reading) {
        return String::new();
    }
    let told = latest(ledger, &[Told::PromotionFailed, Told::PromotionSucceeded]);
    match (told, live) {
        (_, Some(mismatch @ Gate::Mismatch { .. })) => top_line(mismatch, reading),
        (None, _) | (Some(Told::PromotionFailed), Some(Gate::Go)) => String::new(),
        (Some(_), Some(stop @ Gate::Stop { .. })) => top_line(stop, reading),
        (Some(Told::PromotionSucceeded), _) => top_line(&Gate::Go, reading),
        // Told failed; a rerun is under way or prow did not answer: the stop holds.
        (Some(_), _) => "🔴 **stop: a promotion job failed** (see the gate below): read its build-log.txt; 429 / quota errors from the registries usually pass on a rerun: rerun it from the prow page, never a new PR.\n\n".to_string(),
    }
}

/// The publishing-bot's stop line: from the live check when there is one, else from the
/// ledger (relcut told it is failing, and not yet that it recovered).
pub fn bot_top(reading: &CutIssue, ledger: &Ledger, live: Option<&PublishingBot>) -> String {
    if !bot_pending(reading) {
        return String::new();
    }
    match live {
        Some(b) if !b.healthy => bot_stop_line(b),
        Some(_) => String::new(),
        None if latest(
            ledger,
            &[Told::PublishingBotHealthy, Told::PublishingBotFailing],
        ) == Some(Told::PublishingBotFailing) =>
        {
            bot_stop_line(&relcut_core::gate::publishing_bot("open", None))
        }
        None => String::new(),
    }
}

/// The top of the status comment outside a scheduled run (an edit of the issue, a tick): what
/// relcut told, kept while it holds. `jobs`: the promotion jobs when the caller checked them.
pub fn held_top(
    reading: &CutIssue,
    ledger: &Ledger,
    jobs: Option<&[(u64, Result<PromotionJob, CheckError>)]>,
) -> String {
    let live = jobs.map(|j| Gate::of(reading, j));
    format!(
        "{}{}",
        bot_top(reading, ledger, None),
        promotion_top(reading, ledger, live.as_ref())
    )
}
