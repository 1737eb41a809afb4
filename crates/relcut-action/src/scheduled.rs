//! Gates that clear themselves: on `schedule` and `workflow_dispatch` events relcut re-checks
//! the live gate of every open cut issue that waits on one, and says so when it settles.
//!
//! - One request lists the open issues ([`LIST_PATH`]: the 100 most recently updated; the
//!   `labels` input narrows it on GitHub when it names one label). The title rule and the
//!   `labels` input pick the cut issues, as for issue events.
//! - An issue waits on the promotion gate while its no-mock release is open, its image
//!   promotion done and it does not carry [`GO_LABEL`]; on the publishing-bot gate while its
//!   publishing-bot step is not ticked (read from the listing: no request). Any other issue, and
//!   every closed one, costs nothing. kubernetes/kubernetes#56876 is asked once per run for all
//!   cuts (one or two requests).
//! - A waiting issue: its comments (one page up to 100), then per linked promotion PR the PR and
//!   Deck (two requests; GCS only when Deck lost the run). The status comment is rewritten only
//!   when its text changes: a job still running writes nothing.
//! - While the publishing-bot fails: a stop line at the top and one comment; when it recovers,
//!   the line goes and one "go on" comment (only if the stop was told).
//! - When every job succeeded: "go: no-mock release" with the command at the top of the status
//!   comment, and one comment mentioning the assignees. When one failed: a stop line with the
//!   failing run and the known causes (429 / quota: rerun from prow), and one such comment.
//! - What was told is recorded in the status comment's ledger (a [`Told`], one of
//!   [`Told::ALL`]); the comment also carries a hidden marker per gate
//!   and outcome. Both count, read only from relcut's own comments: the comment is posted before
//!   the ledger is written, so a run stopped in between leaves the marker and nobody is told
//!   twice nor left untold. From the ledger the issue-event path keeps the go or stop line at
//!   the top while it holds ([`held_top`]): an edit of the issue does not drop it.
//! - Once the go is told, relcut labels the issue [`GO_LABEL`] (one write): later runs skip it
//!   from the listing alone. A label is not authored like a comment: whoever can label issues
//!   could add it by hand, which only stops the scheduled re-check of that issue's promotion
//!   gate (issue events still show the live gate); removing it makes relcut look again, find the
//!   go in its ledger and label it again, without telling anyone twice.
//! - Bounded: at most [`MAX_ISSUES`] waiting issues per run, and no new issue is started once
//!   [`MAX_REQUESTS`] requests are spent; the rest wait for the next run, named in the log.

use relcut_core::checklist::{self, CutIssue};
use relcut_core::gate::PublishingBot;
use relcut_core::ledger::{Ledger, Record, Told};
use relcut_core::md;
use serde::Deserialize;

use relcut_github::api::{Repo, User};
use relcut_github::client::GitHubError;
use relcut_github::comments;
use relcut_github::event::{EventIssue, Label};

use crate::checks;
use crate::config::{ActionError, Config, Outcome};
use crate::status::{
    bot_pending, bot_stop_line, bot_top, promotion_top, release_command, told_marker, top_line,
    Gate,
};
use crate::trust::TrustCheck;

/// The label relcut puts on a cut issue once it told the go: the listing alone then shows that
/// the issue needs no check (see the module docs).
pub const GO_LABEL: &str = "relcut: go";
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
pub(crate) struct ListedIssue {
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
    #[serde(default)]
    user: Option<User>,
}

impl ListedIssue {
    fn go_labelled(&self) -> bool {
        self.labels.iter().any(|l| l.name == GO_LABEL)
    }

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
            user: self.user.clone(),
        }
    }
}

pub(crate) fn mentions(assignees: &[User]) -> String {
    let who: Vec<String> = assignees
        .iter()
        .filter(|u| crate::config::valid_login(&u.login) && !u.is_bot())
        .map(|u| format!("@{}", u.login))
        .collect();
    if who.is_empty() {
        "(no assignee to mention)".to_string()
    } else {
        who.join(" ")
    }
}

/// The one comment that tells the assignees how the promotion gate ended.
pub(crate) fn told_text(gate: &Gate, reading: &CutIssue, assignees: &[User]) -> String {
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
        crate::status::footer("relcut re-checks the gate on a schedule")
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
    let trust = TrustCheck::for_run(cfg, repo);
    for i in cut_issues {
        let ev = i.as_event_issue();
        let reading = crate::status::read_issue(&ev, i.body.as_deref().unwrap_or_default());
        let promotion = crate::status::gate_in_question(&reading) && !i.go_labelled();
        if promotion || bot_pending(&reading) {
            // Only waiting issues are asked about (one permission read per author per run):
            // a stranger's decoy never takes a slot, a ping or a label.
            let t = trust.issue(&ev).await?;
            if !t.is_trusted() {
                out.log.push(format!(
                    "#{}: not a trusted cut ({}): skipped",
                    i.number,
                    t.reason()
                ));
                continue;
            }
            waiting.push((i, ev, reading));
        } else if crate::status::gate_in_question(&reading) {
            out.log.push(format!(
                "#{}: the go was posted already (label `{GO_LABEL}`); nothing to check",
                i.number
            ));
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

/// A comment that tells the assignees how a gate ended: its ledger record, its marker, its text.
pub(crate) struct Tell {
    told: Told,
    marker: String,
    text: String,
}

impl Tell {
    fn new(told: Told, text: String) -> Tell {
        Tell {
            told,
            marker: told_marker(told),
            text,
        }
    }
}

/// The comment to post about the publishing-bot, if any: its failure once, its recovery once
/// after a told failure.
pub(crate) fn bot_tell(
    b: &PublishingBot,
    failure_told: bool,
    recovery_told: bool,
    assignees: &[User],
) -> Option<Tell> {
    if !b.healthy && !failure_told {
        return Some(Tell::new(
            Told::PublishingBotFailing,
            format!(
                "{}\n\n{}{}",
                mentions(assignees),
                bot_stop_line(b).trim_start_matches("🔴 ").trim_end(),
                crate::status::footer("relcut re-checks the gate on a schedule")
            ),
        ));
    }
    if b.healthy && failure_told && !recovery_told {
        return Some(Tell::new(
            Told::PublishingBotHealthy,
            format!(
                "{}\n\n**go on**: the publishing-bot is healthy again ({} is closed).{}",
                mentions(assignees),
                md::link("kubernetes/kubernetes#56876", &b.url),
                crate::status::footer("relcut re-checks the gate on a schedule")
            ),
        ));
    }
    None
}

pub(crate) async fn one_issue(
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
    // The upsert below logs a damaged ledger; this read stays quiet.
    let mut ledger = crate::status::ledger_of(&known, &repo.me(), &mut Vec::new());
    // Told: recorded in the status comment's ledger, or (issues told before the ledger kept it,
    // or a run stopped between the comment and the status update) the comment's own marker.
    let told = |what: Told, ledger: &Ledger, known: &[relcut_github::api::Comment]| {
        ledger.contains(Record::Told(what))
            || !comments::marked(known, &told_marker(what), &repo.me()).is_empty()
    };
    let go_told = told(Told::PromotionSucceeded, &ledger, &known);
    if go_told && !issue.go_labelled() {
        label_go(repo, n, out).await?;
    }
    if go_told && bot.is_none() {
        out.log
            .push(format!("#{n}: the go was posted already; nothing to check"));
        return Ok(());
    }
    let mut lines = Vec::new();
    let mut tell: Vec<Tell> = Vec::new();
    let mut said = Vec::new();
    let mut live_bot = None;
    if let Some(bot) = bot {
        match bot {
            Ok(b) => {
                live_bot = Some(b);
                said.push(if b.healthy {
                    "publishing-bot healthy"
                } else {
                    "publishing-bot failing"
                });
                let was_failing = told(Told::PublishingBotFailing, &ledger, &known);
                let recovery_told = told(Told::PublishingBotHealthy, &ledger, &known);
                tell.extend(bot_tell(b, was_failing, recovery_told, &issue.assignees));
            }
            Err(e) => out.log.push(format!(
                "#{n}: could not check the publishing-bot ({e}); next run"
            )),
        }
    }
    let mut gate = None;
    let mut live = None;
    if crate::status::gate_in_question(reading) && !go_told {
        let jobs = crate::status::promotion_jobs(cfg, reading)
            .await
            .unwrap_or_default();
        live = Some(crate::status::settled(reading.clone(), Some(&jobs)));
        let g = Gate::of(reading, &jobs);
        lines = crate::status::gate_lines(reading, Some(&jobs));
        said.push(match g {
            Gate::Go => "promotion succeeded",
            Gate::Stop { .. } => "promotion failed",
            Gate::Mismatch { .. } => "promotion of other tags",
            Gate::Waiting => "promotion pending",
        });
        if let Some(what) = g.told() {
            if !told(what, &ledger, &known) {
                tell.push(Tell::new(what, told_text(&g, reading, &issue.assignees)));
            }
        }
        gate = Some(g);
    }
    // The comments first, then the ledger: a run stopped in between leaves the comment's
    // marker, which the next run reads, so nobody is told twice and nobody is left untold.
    for t in &tell {
        comments::upsert(repo, n, &t.marker, &t.text, &mut known).await?;
        out.log.push(format!(
            "#{n}: told the assignees (gate:{}:{})",
            t.told.gate(),
            t.told.outcome()
        ));
    }
    let records: Vec<Told> = tell.iter().map(|t| t.told).collect();
    for r in &records {
        ledger.insert(Record::Told(*r), chrono::Utc::now());
    }
    let top = format!(
        "{}{}",
        bot_top(reading, &ledger, live_bot),
        promotion_top(reading, &ledger, gate.as_ref())
    );
    let up = crate::status::upsert_status(
        repo,
        ev,
        live.as_ref().unwrap_or(reading),
        &lines,
        Some(&crate::status::Top {
            line: Some(&top),
            told: &records,
        }),
        &mut known,
        &mut out.log,
    )
    .await?;
    out.log.push(format!(
        "#{n}: {}; status comment {}",
        said.join(", "),
        if up.unchanged { "unchanged" } else { "updated" }
    ));
    if gate == Some(Gate::Go) && !issue.go_labelled() {
        label_go(repo, n, out).await?;
    }
    Ok(())
}

/// Marks the issue as one whose go was told, so later runs skip it from the listing alone.
pub(crate) async fn label_go(
    repo: &Repo<'_>,
    n: u64,
    out: &mut Outcome,
) -> Result<(), ActionError> {
    let path = format!("/repos/{}/{}/issues/{n}/labels", repo.owner, repo.name);
    let body = serde_json::json!({ "labels": [GO_LABEL] });
    repo.client
        .call(http::Method::POST, &path, Some(&body))
        .await?;
    out.log
        .push(format!("#{n}: labelled `{GO_LABEL}`: later runs skip it"));
    Ok(())
}

/// A label in a query string.
pub(crate) fn percent(s: &str) -> String {
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
    use crate::checks::CheckError;
    use crate::status::*;
    use relcut_core::gate::{JobState, PromotionJob};

    fn job(state: JobState, url: &str) -> Result<PromotionJob, CheckError> {
        titled(state, url, None)
    }

    fn titled(state: JobState, url: &str, title: Option<&str>) -> Result<PromotionJob, CheckError> {
        Ok(PromotionJob {
            pr: 1,
            merged: true,
            merge_sha: Some("m".into()),
            state,
            url: url.into(),
            title: title.map(str::to_string),
        })
    }

    fn cut(title: Option<&str>) -> CutIssue {
        relcut_core::checklist::read(relcut_core::checklist::IssueInput {
            title,
            body: "",
            created_at: Some("2026-11-20T10:00:00Z"),
        })
    }

    #[test]
    fn a_go_needs_titles_that_promote_the_cuts_tags() {
        let rc0 = cut(Some("Cut v1.37.0-rc.0 release"));
        let title = |t: &str| format!("releng: Image promotion for kubernetes {t}");
        let one_pr = title("v1.37.0-rc.0 / v1.38.0-alpha.0");
        assert_eq!(
            Gate::of(
                &rc0,
                &[(1, titled(JobState::Succeeded, "u1", Some(&one_pr)))]
            ),
            Gate::Go,
            "the one-PR form"
        );
        let (a, b) = (title("v1.37.0-rc.0"), title("v1.38.0-alpha.0"));
        assert_eq!(
            Gate::of(
                &rc0,
                &[
                    (1, titled(JobState::Succeeded, "u1", Some(&a))),
                    (2, titled(JobState::Succeeded, "u2", Some(&b)))
                ]
            ),
            Gate::Go,
            "the two-PR form"
        );
        // Both jobs green, but the next minor's alpha.0 was never promoted.
        let half = Gate::of(&rc0, &[(1, titled(JobState::Succeeded, "u1", Some(&a)))]);
        let Gate::Mismatch { message } = &half else {
            panic!("{half:?}")
        };
        assert!(
            message.contains("no PR promotes v1.38.0-alpha.0"),
            "{message}"
        );
        assert_eq!(half.told(), Some(Told::PromotionMismatch));
        assert!(top_line(&half, &rc0).starts_with("🔴 **stop: the promotion PRs do not promote"));
        // A failed job of the wrong PR: the wrong tags are the stop that matters.
        let patch = cut(Some("Cut v1.35.3 release"));
        let wrong = title("v1.35.2");
        assert!(matches!(
            Gate::of(&patch, &[(1, titled(JobState::Failed, "u1", Some(&wrong)))]),
            Gate::Mismatch { .. }
        ));
        // A PR that could not be fetched leaves the titles unjudged.
        let down = Err(CheckError::Service(GitHubError::Config("x".into())));
        assert_eq!(
            Gate::of(
                &rc0,
                &[(1, titled(JobState::Succeeded, "u1", Some(&a))), (2, down)]
            ),
            Gate::Waiting
        );
    }

    #[test]
    fn gate_outcomes() {
        let unknown = cut(None);
        assert_eq!(
            Gate::of(&unknown, &[]),
            Gate::Waiting,
            "no PR linked: nothing settled"
        );
        assert_eq!(
            Gate::of(
                &unknown,
                &[
                    (1, job(JobState::Succeeded, "u1")),
                    (2, job(JobState::Running, "u2"))
                ]
            ),
            Gate::Waiting
        );
        assert_eq!(
            Gate::of(
                &unknown,
                &[
                    (1, job(JobState::Succeeded, "u1")),
                    (2, job(JobState::Succeeded, "u2"))
                ]
            ),
            Gate::Go
        );
        assert_eq!(
            Gate::of(
                &unknown,
                &[
                    (1, job(JobState::Succeeded, "u1")),
                    (2, job(JobState::Failed, "u2"))
                ]
            ),
            Gate::Stop {
                pr: 2,
                url: "u2".into()
            }
        );
        let down = Err(CheckError::Service(GitHubError::Config("x".into())));
        assert_eq!(
            Gate::of(&unknown, &[(1, down)]),
            Gate::Waiting,
            "unreachable is not a verdict"
        );
    }

    #[test]
    fn the_latest_told_outcome_holds() {
        let t = |s: &str| chrono::DateTime::parse_from_rfc3339(s).unwrap().to_utc();
        let both = [Told::PromotionFailed, Told::PromotionSucceeded];
        let mut l = Ledger::new();
        assert_eq!(latest(&l, &both), None);
        l.insert(
            Record::Told(Told::PromotionFailed),
            t("2026-04-07T12:00:00Z"),
        );
        assert_eq!(latest(&l, &both), Some(Told::PromotionFailed));
        l.insert(
            Record::Told(Told::PromotionSucceeded),
            t("2026-04-07T13:00:00Z"),
        );
        assert_eq!(
            latest(&l, &both),
            Some(Told::PromotionSucceeded),
            "the rerun that succeeded is newer"
        );
    }

    #[test]
    fn the_publishing_bot_is_told_failing_once_then_healthy_once() {
        let open = relcut_core::gate::publishing_bot("open", None);
        let closed = relcut_core::gate::publishing_bot("closed", None);
        let who = [User {
            login: "alice".into(),
            kind: Some("User".into()),
        }];
        let t = bot_tell(&open, false, false, &who).expect("a failure is told");
        assert_eq!(t.told, Told::PublishingBotFailing);
        assert!(t.text.starts_with("@alice\n\n"), "{}", t.text);
        assert!(bot_tell(&open, true, false, &who).is_none());
        assert!(
            bot_tell(&closed, false, false, &who).is_none(),
            "healthy all along: nothing to say"
        );
        let t = bot_tell(&closed, true, false, &who).expect("the recovery is told");
        assert_eq!(t.told, Told::PublishingBotHealthy);
        assert!(bot_tell(&closed, true, true, &who).is_none());
    }

    #[test]
    fn markers_and_labels() {
        let markers: std::collections::BTreeSet<String> =
            Told::ALL.into_iter().map(told_marker).collect();
        assert_eq!(markers.len(), Told::ALL.len());
        assert_eq!(
            told_marker(Told::PromotionFailed),
            "<!-- relcut:gate:promotion:failed -->",
            "the markers of comments older runs posted"
        );
        assert!(!told_marker(Told::PromotionFailed).contains(&comments::status_marker()));
        assert_eq!(percent("area/release-eng"), "area%2Frelease-eng");
        assert!(handles("schedule") && handles("workflow_dispatch") && !handles("issues"));
    }
}
