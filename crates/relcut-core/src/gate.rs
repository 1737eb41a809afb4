//! The live gates between steps, decided from what the services answer: the publishing-bot
//! issue, the `post-k8sio-image-promo` run of *your* merge commit, and the testgrid boards.
//! Fetching is relcut-github's; deciding is here.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::checklist::{Coverage, PromotionCheck};
use crate::promotion::{self, Promotion};
use crate::version::Tag;

pub const PUBLISHING_BOT_ISSUE: &str = "https://github.com/kubernetes/kubernetes/issues/56876";
pub const PROMO_JOB: &str = "post-k8sio-image-promo";
pub const PROMO_JOB_PAGE: &str = "https://prow.k8s.io/?job=post-k8sio-image-promo";

/// The publishing-bot's health: only a closed #56876 means the last run succeeded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishingBot {
    pub healthy: bool,
    pub state: String,
    pub url: String,
    /// The bot's latest failure log, when the issue is open.
    pub failure_comment: Option<String>,
    pub message: String,
}

pub fn publishing_bot(state: &str, failure_comment: Option<String>) -> PublishingBot {
    let healthy = state == "closed";
    let message = if healthy {
        "the publishing-bot is healthy (kubernetes/kubernetes#56876 is closed): go on".to_string()
    } else {
        format!(
            "the publishing-bot is failing (kubernetes/kubernetes#56876 is {state}): stop the cut and tell #release-management{}",
            failure_comment.as_ref().map(|c| format!("; latest failure: {c}")).unwrap_or_default()
        )
    };
    PublishingBot {
        healthy,
        state: state.to_string(),
        url: PUBLISHING_BOT_ISSUE.to_string(),
        failure_comment,
        message,
    }
}

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
            crate::md::link(self.state.as_str(), &self.url),
            self.message().replace(
                &pr,
                &crate::md::reference("kubernetes/k8s.io", self.pr, true)
            )
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

/// The promotion PRs' titles, as GitHub has them, against the cut's tags: kpromo names the
/// tags it promotes in the title, so a PR titled for other tags promoted other images, however
/// green its job. `Ok`: they fit, or a title is not known. `Err`: what does not fit and
/// how the titles should read (no title text in it: tags are parsed, never echoed).
pub fn titles_fit(promo: &Promotion, jobs: &[&PromotionJob]) -> Result<(), String> {
    let mut sets = Vec::new();
    for job in jobs {
        let Some(title) = &job.title else {
            return Ok(());
        };
        let tags = promotion::tags_of_title(title);
        if tags.is_empty() {
            return Err(format!(
                "the title of kubernetes/k8s.io#{} names no tag the way kpromo writes it: it should read {}",
                job.pr,
                promo.title_forms()
            ));
        }
        sets.push(tags);
    }
    if sets.is_empty() {
        return Ok(());
    }
    promo.accepts(&sets).map_err(|e| {
        let numbers: Vec<String> = jobs
            .iter()
            .map(|j| format!("kubernetes/k8s.io#{}", j.pr))
            .collect();
        let tags: Vec<String> = sets.iter().flatten().map(Tag::to_string).collect();
        let whose = match numbers.as_slice() {
            [one] => format!("the title of {one} promotes"),
            many => format!("the titles of {} promote", many.join(", ")),
        };
        format!(
            "{whose} {}: {e}; the title(s) should read {}",
            tags.join(" / "),
            promo.title_forms()
        )
    })
}

/// The issue's check of its promotion PRs, settled by the titles GitHub has now: what a bare
/// link could not tell, the titles do. `fit` is [`titles_fit`] of the same jobs. Nothing
/// changes while a title is unknown.
pub fn settle_check(
    check: &mut PromotionCheck,
    promo: &Promotion,
    jobs: &[&PromotionJob],
    fit: &Result<(), String>,
) {
    let Some(titled) = jobs
        .iter()
        .map(|j| {
            j.title
                .as_deref()
                .map(|t| (j.pr, promotion::tags_of_title(t)))
        })
        .collect::<Option<Vec<_>>>()
    else {
        return;
    };
    if titled.is_empty() {
        return;
    }
    for (pr, tags) in &titled {
        if let Some(p) = check.prs.iter_mut().find(|p| p.number == *pr) {
            p.tags = Some(tags.clone());
        }
    }
    match fit {
        Ok(()) => {
            let numbers: Vec<String> = titled
                .iter()
                .map(|(pr, _)| format!("kubernetes/k8s.io#{pr}"))
                .collect();
            let tags: Vec<String> = promo.tags.iter().map(Tag::to_string).collect();
            check.coverage = Coverage::Exact;
            check.message = format!(
                "{} {} exactly {}, by {} on GitHub",
                numbers.join(", "),
                if numbers.len() == 1 {
                    "promotes"
                } else {
                    "promote"
                },
                tags.join(" / "),
                if numbers.len() == 1 {
                    "its title"
                } else {
                    "their titles"
                }
            );
        }
        Err(e) => {
            check.coverage = Coverage::Mismatch;
            check.message.clone_from(e);
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProwRefs {
    #[serde(default)]
    pub base_sha: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProwSpec {
    #[serde(default)]
    pub job: Option<String>,
    #[serde(default)]
    pub refs: Option<ProwRefs>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProwStatus {
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default, rename = "startTime")]
    pub start_time: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProwJob {
    pub spec: ProwSpec,
    #[serde(default)]
    pub status: Option<ProwStatus>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct ProwJobs {
    #[serde(default)]
    pub items: Vec<ProwJob>,
}

/// The newest `post-k8sio-image-promo` run for `merge_sha` in Deck's `prowjobs.js`: its state
/// and link. Runs of other merges (other SIGs share the job) are never taken for ours.
pub fn promo_run(jobs: &ProwJobs, merge_sha: &str) -> Option<(JobState, String)> {
    let run = jobs
        .items
        .iter()
        .filter(|j| j.spec.job.as_deref() == Some(PROMO_JOB))
        .filter(|j| j.spec.refs.as_ref().and_then(|r| r.base_sha.as_deref()) == Some(merge_sha))
        .max_by_key(|j| {
            j.status
                .as_ref()
                .and_then(|s| s.start_time.clone())
                .unwrap_or_default()
        })?;
    let status = run.status.clone();
    let state = match status
        .as_ref()
        .and_then(|s| s.state.as_deref())
        .unwrap_or("")
    {
        "success" => JobState::Succeeded,
        "failure" | "error" | "aborted" => JobState::Failed,
        "pending" => JobState::Running,
        _ => JobState::Queued,
    };
    let url = status
        .and_then(|s| s.url)
        .unwrap_or_else(|| PROMO_JOB_PAGE.to_string());
    Some((state, url))
}

/// A run's `started.json` / `finished.json` on GCS, the durable record.
#[derive(Debug, Clone, Deserialize)]
pub struct Started {
    #[serde(default)]
    pub repos: BTreeMap<String, String>,
    #[serde(default, rename = "repo-commit")]
    pub repo_commit: Option<String>,
}

impl Started {
    pub fn is_for(&self, merge_sha: &str) -> bool {
        self.repo_commit.as_deref() == Some(merge_sha)
            || self.repos.values().any(|v| v.ends_with(merge_sha))
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct Finished {
    #[serde(default)]
    pub passed: Option<bool>,
    #[serde(default)]
    pub result: Option<String>,
}

pub fn finished_state(finished: Option<&Finished>) -> JobState {
    match finished {
        None => JobState::Running,
        Some(f) if f.passed == Some(true) || f.result.as_deref() == Some("SUCCESS") => {
            JobState::Succeeded
        }
        Some(_) => JobState::Failed,
    }
}

/// One testgrid dashboard's summary: tab name → state.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TabSummary {
    #[serde(default)]
    pub overall_status: String,
    #[serde(default)]
    pub dashboard_name: String,
}

pub const BOARDS: [&str; 2] = ["blocking", "informing"];

/// Validates `--states` like krel testgridshot: upper-cased, one of FAILING, FLAKY, PASSING.
pub fn testgrid_states(list: &str) -> Result<Vec<String>, String> {
    list.split(',')
        .map(|s| s.trim().to_ascii_uppercase())
        .filter(|s| !s.is_empty())
        .map(|s| match s.as_str() {
            "FAILING" | "FLAKY" | "PASSING" => Ok(s),
            _ => Err(format!(
                "invalid state {s} option. Valid options are: FAILING, FLAKY, PASSING"
            )),
        })
        .collect()
}

/// `--branch` for testgrid: `1.35` or `master`, never `release-1.35`.
pub fn testgrid_branch(branch: &str) -> Result<String, String> {
    if let Some(rest) = branch.strip_prefix("release-") {
        return Err(format!(
            "testgrid dashboards are named after `{rest}`, not `{branch}`: pass `--branch {rest}`"
        ));
    }
    Ok(branch.to_string())
}

/// A UTC time as Go's `time.Time.String()` prints it (`krel testgridshot` puts
/// `time.Now().UTC()` in the comment): the layout `2006-01-02 15:04:05.999999999 -0700 MST`, so
/// trailing zeros of the fraction are trimmed and a whole second has no fraction at all.
pub fn go_time_string(t: chrono::DateTime<chrono::Utc>) -> String {
    use chrono::Timelike;
    let fraction = format!("{:09}", t.nanosecond());
    let fraction = fraction.trim_end_matches('0');
    let dot = if fraction.is_empty() { "" } else { "." };
    format!("{}{dot}{fraction} +0000 UTC", t.format("%Y-%m-%d %H:%M:%S"))
}

/// The comment `krel testgridshot` posts (docs section 6), with tabs in name order.
pub fn testgrid_comment(
    branch: &str,
    url: &str,
    states: &[String],
    boards: &[(&str, BTreeMap<String, TabSummary>)],
    now: &str,
) -> String {
    let mut parts: Vec<String> = vec![
        "<!-- ----[ issue comment ]---- -->".into(),
        format!("### Testgrid dashboards for {branch}"),
        String::new(),
    ];
    for (si, state) in states.iter().enumerate() {
        parts.push(format!("Boards checked for {state}:"));
        for (board, _) in boards {
            parts.push(format!(
                "- [sig-release-{branch}-{board}]({url}/sig-release-{branch}-{board})"
            ));
        }
        parts.push(String::new());
        parts.push(String::new());
        let mut any = false;
        for (_, tabs) in boards {
            for (tab, s) in tabs {
                if &s.overall_status != state {
                    continue;
                }
                any = true;
                let d = &s.dashboard_name;
                parts.push(format!(
                    "<details><summary><tt>{now}</tt> {state} <a href=\"{url}/{d}#{tab}&width=30\">{d}#{tab} - TestGrid</a></summary><p>"
                ));
                parts.push(String::new());
                parts.push(format!("{d}#{tab}"));
                parts.push(String::new());
                parts.push("</p></details>".into());
            }
        }
        if !any {
            parts.push(format!("**No {state} Jobs**"));
        }
        let gap = if si + 1 < states.len() { 3 } else { 4 };
        for _ in 0..gap {
            parts.push(String::new());
        }
    }
    parts.push("**comment generated by [krel](https://github.com/kubernetes/release/tree/master/docs/krel)**".into());
    parts.push(String::new());
    parts.push("<!-- ----[ issue comment ]---- -->".into());
    parts.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::promotion::Rules;

    fn titled(pr: u64, title: Option<&str>) -> PromotionJob {
        PromotionJob {
            pr,
            merged: true,
            merge_sha: Some("abc".into()),
            state: JobState::Succeeded,
            url: PROMO_JOB_PAGE.into(),
            title: title.map(str::to_string),
        }
    }

    fn promo(tag: &str) -> Promotion {
        promotion::promotion(&Tag::parse(tag).unwrap(), Rules::Current, None).unwrap()
    }

    #[test]
    fn titles_that_fit_the_cut() {
        let one = titled(
            9811,
            Some("releng: Image promotion for kubernetes v1.37.0-rc.0 / v1.38.0-alpha.0"),
        );
        assert_eq!(titles_fit(&promo("v1.37.0-rc.0"), &[&one]), Ok(()));
        let a = titled(
            1,
            Some("releng: Image promotion for kubernetes v1.37.0-rc.0"),
        );
        let b = titled(
            2,
            Some("releng: Image promotion for kubernetes v1.38.0-alpha.0"),
        );
        assert_eq!(titles_fit(&promo("v1.37.0-rc.0"), &[&a, &b]), Ok(()));
        let p = titled(3, Some("releng: Image promotion for kubernetes v1.35.3"));
        assert_eq!(titles_fit(&promo("v1.35.3"), &[&p]), Ok(()));
        // Nothing known, nothing said.
        assert_eq!(titles_fit(&promo("v1.35.3"), &[&titled(3, None)]), Ok(()));
        assert_eq!(titles_fit(&promo("v1.35.3"), &[]), Ok(()));
    }

    #[test]
    fn titles_that_do_not_fit_say_what_and_how() {
        let other = titled(7, Some("releng: Image promotion for kubernetes v1.35.2"));
        let e = titles_fit(&promo("v1.35.3"), &[&other]).unwrap_err();
        assert!(
            e.contains("the title of kubernetes/k8s.io#7 promotes v1.35.2: "),
            "{e}"
        );
        assert!(e.contains("no PR promotes v1.35.3"), "{e}");
        assert!(
            e.contains("`releng: Image promotion for kubernetes v1.35.3`"),
            "{e}"
        );
        // rc.0 with only one of its two tags promoted.
        let half = titled(
            8,
            Some("releng: Image promotion for kubernetes v1.37.0-rc.0"),
        );
        let e = titles_fit(&promo("v1.37.0-rc.0"), &[&half]).unwrap_err();
        assert!(e.contains("no PR promotes v1.38.0-alpha.0"), "{e}");
        // A renamed PR: its title is never echoed.
        let renamed = titled(9, Some("@someone <b>fix</b>"));
        let e = titles_fit(&promo("v1.35.3"), &[&renamed]).unwrap_err();
        assert!(e.contains("kubernetes/k8s.io#9 names no tag"), "{e}");
        assert!(!e.contains("someone") && !e.contains("<b>"), "{e}");
    }

    #[test]
    fn publishing_bot_states() {
        assert!(publishing_bot("closed", None).healthy);
        let open = publishing_bot(
            "open",
            Some("https://github.com/kubernetes/kubernetes/issues/56876#issuecomment-1".into()),
        );
        assert!(!open.healthy);
        assert!(open.message.contains("stop the cut"));
        assert!(open.message.contains("#issuecomment-1"));
    }

    #[test]
    fn only_the_run_of_our_merge_counts() {
        let json = r#"{"items":[
          {"spec":{"job":"post-k8sio-image-promo","refs":{"base_sha":"other"}},"status":{"state":"success","startTime":"2026-04-07T12:00:00Z","url":"https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/2"}},
          {"spec":{"job":"post-k8sio-image-promo","refs":{"base_sha":"abc"}},"status":{"state":"failure","startTime":"2026-04-07T10:00:00Z","url":"u1"}},
          {"spec":{"job":"post-k8sio-image-promo","refs":{"base_sha":"abc"}},"status":{"state":"pending","startTime":"2026-04-07T11:00:00Z","url":"u2"}},
          {"spec":{"job":"pull-k8sio-cip","refs":{"base_sha":"abc"}},"status":{"state":"success","startTime":"2026-04-07T13:00:00Z"}}
        ]}"#;
        let jobs: ProwJobs = serde_json::from_str(json).unwrap();
        assert_eq!(
            promo_run(&jobs, "abc"),
            Some((JobState::Running, "u2".into())),
            "the newest run of our merge"
        );
        assert_eq!(promo_run(&jobs, "none"), None);
    }

    #[test]
    fn gcs_records() {
        let s: Started = serde_json::from_str(
            r#"{"timestamp":1,"repos":{"kubernetes/k8s.io":"main:abc123"},"repo-commit":"abc123"}"#,
        )
        .unwrap();
        assert!(s.is_for("abc123"));
        assert!(!s.is_for("zzz"));
        assert_eq!(finished_state(None), JobState::Running);
        let f: Finished = serde_json::from_str(r#"{"passed":true,"result":"SUCCESS"}"#).unwrap();
        assert_eq!(finished_state(Some(&f)), JobState::Succeeded);
        let f: Finished = serde_json::from_str(r#"{"passed":false,"result":"FAILURE"}"#).unwrap();
        assert_eq!(finished_state(Some(&f)), JobState::Failed);
    }

    #[test]
    fn go_time_strings() {
        use chrono::TimeZone;
        let at = |nanos| {
            chrono::Utc
                .with_ymd_and_hms(2026, 11, 25, 10, 11, 12)
                .unwrap()
                .with_nanosecond(nanos)
                .unwrap()
        };
        use chrono::Timelike;
        for (nanos, want) in [
            (0, "2026-11-25 10:11:12 +0000 UTC"),
            (120_000_000, "2026-11-25 10:11:12.12 +0000 UTC"),
            (123_456_789, "2026-11-25 10:11:12.123456789 +0000 UTC"),
            (1_000, "2026-11-25 10:11:12.000001 +0000 UTC"),
        ] {
            assert_eq!(go_time_string(at(nanos)), want, "{nanos}");
        }
    }

    #[test]
    fn testgrid_options_and_comment() {
        assert_eq!(
            testgrid_states("failing,Flaky").unwrap(),
            ["FAILING", "FLAKY"]
        );
        assert!(testgrid_states("BROKEN")
            .unwrap_err()
            .contains("invalid state BROKEN option"));
        assert!(testgrid_branch("release-1.35")
            .unwrap_err()
            .contains("--branch 1.35"));
        let mut blocking = BTreeMap::new();
        blocking.insert(
            "gce-cos-master-default".to_string(),
            TabSummary {
                overall_status: "FAILING".into(),
                dashboard_name: "sig-release-1.35-blocking".into(),
            },
        );
        blocking.insert(
            "build".to_string(),
            TabSummary {
                overall_status: "PASSING".into(),
                dashboard_name: "sig-release-1.35-blocking".into(),
            },
        );
        let c = testgrid_comment(
            "1.35",
            "https://testgrid.k8s.io",
            &["FAILING".into(), "FLAKY".into()],
            &[("blocking", blocking), ("informing", BTreeMap::new())],
            "2026-11-25 10:11:12 +0000 UTC",
        );
        let expected = "<!-- ----[ issue comment ]---- -->\n### Testgrid dashboards for 1.35\n\nBoards checked for FAILING:\n- [sig-release-1.35-blocking](https://testgrid.k8s.io/sig-release-1.35-blocking)\n- [sig-release-1.35-informing](https://testgrid.k8s.io/sig-release-1.35-informing)\n\n\n<details><summary><tt>2026-11-25 10:11:12 +0000 UTC</tt> FAILING <a href=\"https://testgrid.k8s.io/sig-release-1.35-blocking#gce-cos-master-default&width=30\">sig-release-1.35-blocking#gce-cos-master-default - TestGrid</a></summary><p>\n\nsig-release-1.35-blocking#gce-cos-master-default\n\n</p></details>\n\n\n\nBoards checked for FLAKY:\n- [sig-release-1.35-blocking](https://testgrid.k8s.io/sig-release-1.35-blocking)\n- [sig-release-1.35-informing](https://testgrid.k8s.io/sig-release-1.35-informing)\n\n\n**No FLAKY Jobs**\n\n\n\n\n**comment generated by [krel](https://github.com/kubernetes/release/tree/master/docs/krel)**\n\n<!-- ----[ issue comment ]---- -->";
        assert_eq!(c, expected);
    }
}
