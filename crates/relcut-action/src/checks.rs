//! The live checks: relcut-github fetches from GitHub, prow, GCS and testgrid, relcut-core
//! decides, and this module joins them (no HTTP or JSON of its own). Every base URL is
//! configurable (GitHub Enterprise, tests) and defaults to the real host.

use std::collections::BTreeMap;

use relcut_core::gate::{self, JobState, PromotionJob, ProwRun, PublishingBot};
use relcut_core::images::{self, Verification};
use relcut_core::testgrid::{self, TabSummary};
use relcut_core::Tag;

use relcut_github::client::{Client, GitHubError, RetryPolicy, Service, Session};
use relcut_github::prow::{self, Finished, Started};
use relcut_github::{pulls, threads, SecretString};

pub const GITHUB_API: &str = "https://api.github.com";
pub const PROW: &str = "https://prow.k8s.io";
pub const GCS: &str = "https://storage.googleapis.com";
pub const TESTGRID: &str = "https://testgrid.k8s.io";
pub const IMAGES_YAML: &str = "registry.k8s.io/images/k8s-staging-kubernetes/images.yaml";
const GCS_BUCKET: &str = "kubernetes-ci-logs";

/// Where to look.
#[derive(Debug, Clone)]
pub struct Endpoints {
    pub github: String,
    pub token: Option<SecretString>,
    pub prow: String,
    pub gcs: String,
    pub testgrid: String,
    pub policy: RetryPolicy,
    /// Shared with every other client of the run: the request count, the deadline, the
    /// reporter.
    pub session: Session,
}

impl Default for Endpoints {
    fn default() -> Self {
        Endpoints {
            github: GITHUB_API.into(),
            token: None,
            prow: PROW.into(),
            gcs: GCS.into(),
            testgrid: TESTGRID.into(),
            policy: RetryPolicy::default(),
            session: Session::default(),
        }
    }
}

impl Endpoints {
    /// From the environment a release manager or an Action has: `GITHUB_API_URL`, `GITHUB_TOKEN`,
    /// `RELCUT_PROW_URL`, `RELCUT_GCS_URL`, `RELCUT_TESTGRID_URL`.
    pub fn from_env() -> Endpoints {
        let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
        let d = Endpoints::default();
        Endpoints {
            github: var("GITHUB_API_URL").unwrap_or(d.github),
            token: var("GITHUB_TOKEN").map(SecretString::from),
            prow: var("RELCUT_PROW_URL").unwrap_or(d.prow),
            gcs: var("RELCUT_GCS_URL").unwrap_or(d.gcs),
            testgrid: var("RELCUT_TESTGRID_URL").unwrap_or(d.testgrid),
            policy: d.policy,
            session: d.session,
        }
    }

    pub fn github(&self) -> Result<Client, GitHubError> {
        match &self.token {
            Some(t) => Client::new(&self.github, t, self.policy, &self.session),
            None => Client::anonymous(Service::GitHub, &self.github, self.policy, &self.session),
        }
    }

    fn client(&self, service: Service) -> Result<Client, GitHubError> {
        let base = match service {
            Service::GitHub => return self.github(),
            Service::Prow => &self.prow,
            Service::Gcs => &self.gcs,
            Service::Testgrid => &self.testgrid,
        };
        Client::anonymous(service, base, self.policy, &self.session)
    }
}

/// Runs a check to completion on a small runtime, for the CLI. Clients are built inside the
/// future: octocrab's service needs the runtime.
pub fn block_on<F: std::future::Future>(f: F) -> Result<F::Output, GitHubError> {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| GitHubError::Config(format!("cannot start: {e}")))?;
    Ok(rt.block_on(f))
}

/// kubernetes/kubernetes#56876: closed is healthy; open links the bot's latest failure comment
/// (its own, never a stranger's): the last pages of comments, newest first, at most
/// [`gate::FAILURE_PAGES`] of 100, so an issue with thousands of comments costs at most four
/// requests.
pub async fn publishing_bot(ep: &Endpoints) -> Result<PublishingBot, GitHubError> {
    const REPO: &str = "kubernetes/kubernetes";
    const ISSUE: u64 = 56876;
    let gh = ep.github()?;
    let thread = threads::thread(&gh, REPO, ISSUE).await?;
    if thread.state == "closed" {
        return Ok(gate::publishing_bot(&thread.state, None));
    }
    let mut failure = None;
    for page in (1..=thread.last_page())
        .rev()
        .take(usize::try_from(gate::FAILURE_PAGES).unwrap_or(usize::MAX))
    {
        let comments = threads::page(&gh, REPO, ISSUE, page).await?;
        let listed: Vec<gate::BotComment<'_>> = comments
            .iter()
            .map(|c| gate::BotComment {
                login: c.user.as_ref().map(|u| u.login.as_str()),
                body: c.body.as_deref().unwrap_or_default(),
                url: c.html_url.as_deref(),
            })
            .collect();
        failure = gate::latest_failure(&listed);
        if failure.is_some() {
            break;
        }
    }
    Ok(gate::publishing_bot(&thread.state, failure))
}

/// Why a live check has no answer: the cut issue names a promotion PR that does not exist (a
/// wrong number: the input's, exit 1), or a service failed (exit 3, or 4 out of time). The
/// kind is decided where the 404 is seen, on the pull request itself; a 404 anywhere else (its
/// files, a commit) stays the service's.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CheckError {
    #[error("kubernetes/k8s.io#{0} does not exist: check the number on the Image Promotion item")]
    MissingPr(u64),
    #[error(transparent)]
    Service(#[from] GitHubError),
}

const K8S_IO: &str = "kubernetes/k8s.io";

/// A kubernetes/k8s.io pull request; one that does not exist is the input's.
async fn pull(gh: &Client, pr: u64) -> Result<pulls::Pull, CheckError> {
    pulls::pull(gh, K8S_IO, pr).await.map_err(|e| match e {
        GitHubError::NotFound {
            service: Service::GitHub,
            ..
        } => CheckError::MissingPr(pr),
        e => CheckError::Service(e),
    })
}

/// Deck's job list for a run: read at most once, whatever the number of PRs and issues.
#[derive(Debug, Clone, Default)]
pub enum Deck {
    /// Not needed yet (no merged PR so far).
    #[default]
    NotAsked,
    /// Deck did not answer: GCS still knows; not asked again this run.
    Down,
    Runs(Vec<ProwRun>),
}

/// Deck's job list, `None` when Deck is down or slow (GCS still knows).
pub async fn prow_runs(ep: &Endpoints) -> Option<Vec<ProwRun>> {
    let deck = ep.client(Service::Prow).ok()?;
    let jobs = prow::jobs(&deck).await.ok()?;
    Some(
        jobs.into_iter()
            .map(|j| ProwRun {
                job: j.job,
                base_sha: j.base_sha,
                state: j.state,
                start_time: j.start_time,
                url: j.url,
            })
            .collect(),
    )
}

/// The `post-k8sio-image-promo` run for the PR's merge commit: Deck first, GCS as the durable
/// fallback. Never reruns anything; the URL is the page to rerun from.
pub async fn promotion_job(ep: &Endpoints, pr: u64) -> Result<PromotionJob, CheckError> {
    promotion_job_with(ep, pr, &mut Deck::NotAsked).await
}

/// [`promotion_job`] with Deck's job list read at most once for all the PRs of a run.
pub async fn promotion_job_with(
    ep: &Endpoints,
    pr: u64,
    deck: &mut Deck,
) -> Result<PromotionJob, CheckError> {
    let gh = ep.github()?;
    let p = pull(&gh, pr).await?;
    let title = p.title.clone().filter(|t| !t.is_empty());
    let sha = match (p.merged, &p.merge_commit_sha) {
        (Some(true), Some(sha)) => sha.clone(),
        _ => {
            return Ok(PromotionJob {
                pr,
                merged: false,
                merge_sha: None,
                state: JobState::NotMerged,
                url: format!("https://github.com/kubernetes/k8s.io/pull/{pr}"),
                title,
            })
        }
    };
    if matches!(deck, Deck::NotAsked) {
        *deck = prow_runs(ep).await.map_or(Deck::Down, Deck::Runs);
    }
    let found = match deck {
        Deck::Runs(runs) => gate::promo_run(runs, &sha),
        _ => None,
    };
    let (state, url) = match found {
        Some(found) => found,
        None => gcs_run(ep, &sha, p.merged_at.as_deref()).await?,
    };
    Ok(PromotionJob {
        pr,
        merged: true,
        merge_sha: Some(sha),
        state,
        url,
        title,
    })
}

/// Prow's build ids are snowflake ids: milliseconds since this epoch, shifted left 22 bits.
/// So the builds started after a moment are the ids above one number, and GCS lists them from
/// there (`startOffset`) in one request, however many builds the job has had.
const SNOWFLAKE_EPOCH_MS: i64 = 1_288_834_974_657;

/// The smallest build id prow could have given a run started at `rfc3339`.
fn first_build_id_after(rfc3339: &str) -> Option<u64> {
    let t = chrono::DateTime::parse_from_rfc3339(rfc3339).ok()?;
    let ms = t.timestamp_millis() - SNOWFLAKE_EPOCH_MS;
    u64::try_from(ms).ok().map(|ms| ms << 22)
}

/// Runs of the job looked at after the merge: the run for a merge starts within minutes of it,
/// after at most a few runs for other merges.
const GCS_CANDIDATES: usize = 10;

/// The run of `post-k8sio-image-promo` for `sha` in GCS: one listing of the builds started
/// since the merge (a minute of clock skew allowed; a week back when the merge time is
/// unknown), then `started.json` of at most [`GCS_CANDIDATES`] of them, oldest first; the
/// last run for the commit wins (a rerun). At most 12 requests, whatever the bucket holds.
async fn gcs_run(
    ep: &Endpoints,
    sha: &str,
    merged_at: Option<&str>,
) -> Result<(JobState, String), GitHubError> {
    let gcs = ep.client(Service::Gcs)?;
    let since = merged_at
        .and_then(|m| chrono::DateTime::parse_from_rfc3339(m).ok())
        .map(|t| t.with_timezone(&chrono::Utc) - chrono::Duration::minutes(1))
        .unwrap_or_else(|| chrono::Utc::now() - chrono::Duration::days(7));
    let from = first_build_id_after(&since.to_rfc3339()).unwrap_or(0);
    let prefix = format!("logs/{}/", gate::PROMO_JOB);
    let listed = prow::builds(
        &gcs,
        GCS_BUCKET,
        &prefix,
        &format!("{prefix}{from}"),
        GCS_CANDIDATES,
    )
    .await?;
    let mut builds: Vec<u64> = listed
        .iter()
        .filter_map(|p| {
            p.trim_end_matches('/')
                .rsplit('/')
                .next()?
                .parse::<u64>()
                .ok()
        })
        .filter(|id| *id >= from)
        .collect();
    builds.sort_unstable();
    builds.truncate(GCS_CANDIDATES);
    let mut ours = None;
    for id in builds {
        let base = format!("/{GCS_BUCKET}/logs/{}/{id}", gate::PROMO_JOB);
        let Some(started) = prow::record::<Started>(&gcs, &base, "started.json").await? else {
            continue;
        };
        let start = gate::BuildStart {
            repos: started.repos.into_values().collect(),
            repo_commit: started.repo_commit,
        };
        if start.is_for(sha) {
            ours = Some((id, base));
        }
    }
    let Some((id, base)) = ours else {
        return Ok((JobState::Waiting, gate::PROMO_JOB_PAGE.to_string()));
    };
    let finished = prow::record::<Finished>(&gcs, &base, "finished.json").await?;
    let url = format!(
        "https://prow.k8s.io/view/gs/{GCS_BUCKET}/logs/{}/{id}",
        gate::PROMO_JOB
    );
    let end = finished.as_ref().map(|f| (f.passed, f.result.as_deref()));
    Ok((gate::finished_state(end), url))
}

/// A promotion PR checked: its images.yaml change, its changed files and its title.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PrVerification {
    pub pr: u64,
    pub title: String,
    pub expected_title: String,
    pub other_files: Vec<String>,
    pub verification: Verification,
}

impl PrVerification {
    pub fn ok(&self) -> bool {
        self.verification.ok && self.title == self.expected_title && self.other_files.is_empty()
    }
}

pub async fn verify_pr(
    ep: &Endpoints,
    pr: u64,
    tags: &[Tag],
) -> Result<PrVerification, CheckError> {
    let gh = ep.github()?;
    let p = pull(&gh, pr).await?;
    let title = p.title.unwrap_or_default();
    let tags: Vec<Tag> = if tags.is_empty() {
        relcut_core::promotion::tags_of_title(&title)
    } else {
        tags.to_vec()
    };
    let other_files = pulls::files(&gh, K8S_IO, pr)
        .await?
        .into_iter()
        .filter(|f| f != IMAGES_YAML)
        .collect();
    let base_text = pulls::file_at(&gh, K8S_IO, IMAGES_YAML, &p.base.sha).await?;
    let head_text = pulls::file_at(&gh, K8S_IO, IMAGES_YAML, &p.head.sha).await?;
    let bad = |e: images::ImagesError| GitHubError::Decode {
        what: "images.yaml".into(),
        message: e.to_string(),
    };
    let base = images::parse(&base_text, "base images.yaml").map_err(bad)?;
    let head = images::parse(&head_text, "head images.yaml").map_err(bad)?;
    Ok(PrVerification {
        pr,
        expected_title: images::expected_title(&tags),
        title,
        other_files,
        verification: images::verify(&base, &head, &tags),
    })
}

/// The comment `krel testgridshot` would post for `branch`.
pub async fn testgrid(
    ep: &Endpoints,
    branch: &str,
    states: &[String],
    now: &str,
) -> Result<String, GitHubError> {
    let tg = ep.client(Service::Testgrid)?;
    let mut boards = Vec::new();
    for board in testgrid::BOARDS {
        let summary: BTreeMap<String, TabSummary> =
            prow::testgrid_summary(&tg, &format!("sig-release-{branch}-{board}"))
                .await?
                .into_iter()
                .map(|(tab, t)| {
                    (
                        tab,
                        TabSummary {
                            overall_status: t.overall_status,
                            dashboard_name: t.dashboard_name,
                        },
                    )
                })
                .collect();
        boards.push((board, summary));
    }
    Ok(testgrid::testgrid_comment(
        branch,
        ep.testgrid.trim_end_matches('/'),
        states,
        &boards,
        now,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn build_ids_from_times() {
        // A real post-k8sio-image-promo run: build 1778383833335570432 started 2024-04-11.
        let id = first_build_id_after("2024-04-11T11:00:00Z").unwrap();
        assert!(id < 1_778_383_833_335_570_432, "{id}");
        let a_day_later = first_build_id_after("2024-04-12T12:00:00Z").unwrap();
        assert!(a_day_later > 1_778_383_833_335_570_432, "{a_day_later}");
        assert_eq!(first_build_id_after("2000-01-01T00:00:00Z"), None);
        assert_eq!(first_build_id_after("yesterday"), None);
    }
}
