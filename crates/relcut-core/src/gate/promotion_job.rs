//! The promotion-job gate: the `post-k8sio-image-promo` run of *your* promotion PR's merge
//! commit succeeded (other SIGs share the job: a green run of another merge is not ours). It
//! holds the no-mock release. prow's Deck answers first; GCS, the durable record, when Deck
//! lost the run.

use serde::Serialize;

use crate::checklist::{CutIssue, StepState};
use crate::ledger::Told;
use crate::md;
use crate::step::StepId;

use super::{Gate, GateId, Light, Needs, Seen};

pub const PROMO_JOB: &str = "post-k8sio-image-promo";
pub const PROMO_JOB_PAGE: &str = "https://prow.k8s.io/?job=post-k8sio-image-promo";

/// Where the promotion job of a merge stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum JobState {
    NotMerged,
    Waiting,
    Queued,
    Running,
    Succeeded,
    Failed,
}

impl JobState {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NotMerged => "not-merged",
            Self::Waiting => "waiting",
            Self::Queued => "queued",
            Self::Running => "running",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PromotionJob {
    pub pr: u64,
    pub merged: bool,
    pub merge_sha: Option<String>,
    pub state: JobState,
    pub url: String,
    /// The PR's title as GitHub has it now: kpromo writes the promoted tags into it.
    pub title: Option<String>,
}

impl PromotionJob {
    /// `[state](run link) message`, as the status comment and `/relcut check` show it.
    pub fn markdown(&self) -> String {
        let pr = format!("kubernetes/k8s.io#{}", self.pr);
        format!(
            "{} {}",
            md::link(self.state.as_str(), &self.url),
            self.message()
                .replace(&pr, &md::reference("kubernetes/k8s.io", self.pr, true))
        )
    }

    pub fn message(&self) -> String {
        let pr = format!("kubernetes/k8s.io#{}", self.pr);
        match self.state {
            JobState::NotMerged => format!("{pr} is not merged yet: get /lgtm and /approve, then /unhold"),
            JobState::Waiting => format!("{pr} is merged; no {PROMO_JOB} run for its merge commit yet (the queue is shared): wait"),
            JobState::Queued => format!("the {PROMO_JOB} run for {pr} is triggered and queued (normal, the queue is shared): wait, do not touch it"),
            JobState::Running => format!("the {PROMO_JOB} run for {pr} is running: wait for it"),
            JobState::Succeeded => format!("the {PROMO_JOB} run for {pr} succeeded: the images are promoted"),
            JobState::Failed => format!("the {PROMO_JOB} run for {pr} failed: read its build-log.txt, then rerun it from the prow page (429 / quota errors usually pass on a rerun)"),
        }
    }
}

/// One prow job as Deck's `prowjobs.js` lists it: the fields the gate reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProwRun {
    pub job: Option<String>,
    /// The commit a postsubmit ran for.
    pub base_sha: Option<String>,
    /// `success`, `failure`, `error`, `aborted`, `pending`, `triggered`.
    pub state: Option<String>,
    /// RFC 3339, as prow writes it.
    pub start_time: Option<String>,
    pub url: Option<String>,
}

/// The newest `post-k8sio-image-promo` run for `merge_sha` among Deck's runs: its state and
/// link. Runs of other merges (other SIGs share the job) are never taken for ours.
pub fn promo_run(runs: &[ProwRun], merge_sha: &str) -> Option<(JobState, String)> {
    let run = runs
        .iter()
        .filter(|r| r.job.as_deref() == Some(PROMO_JOB))
        .filter(|r| r.base_sha.as_deref() == Some(merge_sha))
        .max_by_key(|r| r.start_time.clone().unwrap_or_default())?;
    let state = match run.state.as_deref().unwrap_or("") {
        "success" => JobState::Succeeded,
        "failure" | "error" | "aborted" => JobState::Failed,
        "pending" => JobState::Running,
        _ => JobState::Queued,
    };
    let url = run
        .url
        .clone()
        .unwrap_or_else(|| PROMO_JOB_PAGE.to_string());
    Some((state, url))
}

/// A run's `started.json` on GCS, the durable record: what it ran for.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BuildStart {
    /// The `repos` map's values (`main:abc123`).
    pub repos: Vec<String>,
    pub repo_commit: Option<String>,
}

impl BuildStart {
    pub fn is_for(&self, merge_sha: &str) -> bool {
        self.repo_commit.as_deref() == Some(merge_sha)
            || self.repos.iter().any(|v| v.ends_with(merge_sha))
    }
}

/// A run's state from its `finished.json` (`passed`, `result`); none yet: still running.
pub fn finished_state(finished: Option<(Option<bool>, Option<&str>)>) -> JobState {
    match finished {
        None => JobState::Running,
        Some((passed, result)) if passed == Some(true) || result == Some("SUCCESS") => {
            JobState::Succeeded
        }
        Some(_) => JobState::Failed,
    }
}

/// Whether the no-mock release waits on the promotion jobs: it is open and the promotion done,
/// or its PR linked (not ticked yet: the check follows the merge, then the job).
pub fn in_question(issue: &CutIssue) -> bool {
    let release_open = issue
        .step(StepId::NomockRelease)
        .is_some_and(|s| s.state == StepState::Open);
    let promo_linked = issue.step(StepId::ImagePromotion).is_some_and(|s| {
        s.state == StepState::Done
            || (s.state == StepState::InProgress && !issue.promotion_prs().is_empty())
    });
    release_open && promo_linked
}

/// The no-mock release's commands, fenced, as the go line shows them.
pub fn release_command(issue: &CutIssue) -> String {
    let commands = issue
        .plan(None)
        .and_then(|p| p.step(StepId::NomockRelease).map(|s| s.commands.clone()))
        .unwrap_or_default();
    if commands.is_empty() {
        String::new()
    } else {
        md::fence_lines("sh", &commands)
    }
}

/// The promotion-job gate (see the module docs).
pub struct PromotionJobGate;

type Jobs<'a> = Vec<(u64, Option<Result<&'a PromotionJob, String>>)>;

fn jobs(seen: Seen<'_>) -> Jobs<'_> {
    seen.issue
        .promotion_prs()
        .into_iter()
        .map(|pr| (pr, seen.live.promotion_job(pr)))
        .collect()
}

/// The first failed job: its PR and run.
fn failed(seen: Seen<'_>) -> Option<(u64, String)> {
    jobs(seen).into_iter().find_map(|(pr, j)| match j {
        Some(Ok(j)) if j.state == JobState::Failed => Some((pr, j.url.clone())),
        _ => None,
    })
}

fn stop_line(pr: u64, url: &str) -> String {
    format!(
        "🔴 **stop: the promotion job of {} failed**: {}. Read its build-log.txt; 429 / quota errors from the registries usually pass on a rerun: rerun it from the prow page, never a new PR.\n\n",
        md::reference("kubernetes/k8s.io", pr, true),
        md::link("the failing run", url)
    )
}

fn version(issue: &CutIssue) -> String {
    issue
        .version
        .map(|v| format!(" of {v}"))
        .unwrap_or_default()
}

impl Gate for PromotionJobGate {
    fn id(&self) -> GateId {
        GateId::PromotionJob
    }

    fn guards(&self) -> StepId {
        StepId::NomockRelease
    }

    fn needs(&self, issue: &CutIssue) -> Option<Needs> {
        in_question(issue).then(|| Needs {
            promotion_jobs: issue.promotion_prs(),
            ..Needs::default()
        })
    }

    fn decide(&self, seen: Seen<'_>) -> Light {
        let jobs = jobs(seen);
        if failed(seen).is_some() {
            return Light::Stop;
        }
        let all_ok = !jobs.is_empty()
            && jobs
                .iter()
                .all(|(_, j)| matches!(j, Some(Ok(j)) if j.state == JobState::Succeeded));
        if all_ok {
            Light::Go
        } else {
            Light::Waiting
        }
    }

    fn said(&self, light: Light) -> Option<&'static str> {
        Some(match light {
            Light::Go => "promotion succeeded",
            Light::Stop => "promotion failed",
            Light::Waiting => "promotion pending",
        })
    }

    fn head(&self, seen: Seen<'_>, light: Light) -> Option<String> {
        Some(match light {
            _ if seen.issue.promotion_prs().is_empty() => "🚧 **Gate:** link the promotion PR on the Image Promotion item so relcut can watch its promotion job.",
            Light::Go => "✅ **Gate:** every promotion job succeeded: the no-mock release may go ahead.",
            _ => "🚫 **Gate:** `nomock-release` is blocked until the promotion job of each merged promotion PR succeeded.",
        }.to_string())
    }

    fn lines(&self, seen: Seen<'_>) -> Vec<String> {
        jobs(seen)
            .into_iter()
            .filter_map(|(pr, job)| match job? {
                Ok(job) => Some(format!("- {}", job.markdown())),
                Err(e) => Some(format!(
                    "- {}: could not check ({})",
                    md::reference("kubernetes/k8s.io", pr, true),
                    md::plain_with_code(&e)
                )),
            })
            .collect()
    }

    fn top(&self, seen: Seen<'_>, light: Light) -> Option<String> {
        match light {
            Light::Go => Some(format!(
                "🟢 **go: no-mock release**: every promotion job succeeded.\n\n{}\n",
                release_command(seen.issue)
            )),
            Light::Stop => failed(seen).map(|(pr, url)| stop_line(pr, &url)),
            Light::Waiting => None,
        }
    }

    fn told(&self, light: Light, _told: &dyn Fn(Told) -> bool) -> Option<Told> {
        match light {
            Light::Go => Some(Told::PromotionSucceeded),
            Light::Stop => Some(Told::PromotionFailed),
            Light::Waiting => None,
        }
    }

    fn tell(&self, seen: Seen<'_>, what: Told) -> String {
        let v = version(seen.issue);
        match what {
            Told::PromotionSucceeded => format!(
                "**go: no-mock release**{v}: every promotion job succeeded.\n\n{}",
                release_command(seen.issue)
            ),
            _ => {
                let stop = failed(seen)
                    .map(|(pr, url)| stop_line(pr, &url))
                    .unwrap_or_default();
                format!("**stop**{v}: {}", stop.trim_start_matches("🔴 "))
            }
        }
    }

    fn settle(&self, seen: Seen<'_>, issue: &mut CutIssue, held: bool) {
        let fetched: Option<Vec<&PromotionJob>> = jobs(seen)
            .into_iter()
            .map(|(_, j)| j.and_then(Result::ok))
            .collect();
        let Some(fetched) = fetched.filter(|f| !f.is_empty()) else {
            return;
        };
        let all_merged = fetched.iter().all(|j| j.merged);
        let runs: Option<Vec<String>> = (!held
            && fetched.iter().all(|j| j.state == JobState::Succeeded))
        .then(|| fetched.iter().map(|j| j.url.clone()).collect());
        issue.settle_promotion(all_merged, runs.as_deref());
    }
}
