use std::collections::BTreeMap;

use super::*;
use crate::checklist::{self, IssueInput, StepState};
use crate::promotion::{self, Promotion, Rules};
use crate::version::Tag;

/// Live facts as a test states them.
#[derive(Default)]
struct Facts {
    bot: Option<Result<PublishingBot, String>>,
    jobs: BTreeMap<u64, Result<PromotionJob, String>>,
}

impl Live for Facts {
    fn publishing_bot(&self) -> Option<Result<&PublishingBot, String>> {
        self.bot.as_ref().map(|b| b.as_ref().map_err(Clone::clone))
    }
    fn promotion_job(&self, pr: u64) -> Option<Result<&PromotionJob, String>> {
        self.jobs.get(&pr).map(|j| j.as_ref().map_err(Clone::clone))
    }
    fn promotion_change(&self, _pr: u64) -> Option<Result<&PrFacts, String>> {
        None
    }
}

fn job(pr: u64, state: JobState, title: Option<&str>) -> PromotionJob {
    PromotionJob {
        pr,
        merged: true,
        merge_sha: Some("abc".into()),
        state,
        url: format!(
            "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/{pr}"
        ),
        title: title.map(str::to_string),
    }
}

fn titled(pr: u64, title: Option<&str>) -> PromotionJob {
    job(pr, JobState::Succeeded, title)
}

fn promo(tag: &str) -> Promotion {
    promotion::promotion(&Tag::parse(tag).unwrap(), Rules::Current, None).unwrap()
}

/// The bundled rc.1 cut issue with its promotion done and linked to `prs`, publishing-bot
/// `bot` ticked or not.
fn cut(title: &str, prs: &[u64], bot_ticked: bool) -> CutIssue {
    let text = include_str!("../../../../examples/cut-v1.36.0-rc.1-in-progress.md");
    let body = text.splitn(3, "---\n").nth(2).unwrap();
    let links: String = prs
        .iter()
        .map(|n| format!(" https://github.com/kubernetes/k8s.io/pull/{n}"))
        .collect();
    let mut body = body.replace(
        "  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->",
        &format!("  - [x] Image Promotion PR:{links}"),
    );
    if !bot_ticked {
        body = body.replace(
            "- [x] Check the health of the publishing-bot",
            "- [ ] Check the health of the publishing-bot",
        );
    }
    checklist::read(IssueInput {
        title: Some(title),
        body: &body,
        created_at: Some("2026-04-06T08:00:00Z"),
    })
}

/// No ledger yet, at the time of the bundled issue.
fn known() -> Known<'static> {
    Known {
        now: chrono::DateTime::parse_from_rfc3339("2026-04-07T12:00:00Z")
            .unwrap()
            .to_utc(),
        ledger: Box::leak(Box::new(crate::ledger::Ledger::new())),
    }
}

const RC1: &str = "Cut v1.36.0-rc.1 release";
const RC1_TITLE: &str = "releng: Image promotion for kubernetes v1.36.0-rc.1";

#[test]
fn the_registry_lists_each_gate_once_under_its_id() {
    let ids: Vec<GateId> = GATES.iter().map(|g| g.id()).collect();
    assert_eq!(
        ids,
        [
            GateId::PublishingBot,
            GateId::PromotionPr,
            GateId::PromotionJob,
            GateId::ReleaseLive
        ]
    );
}

#[test]
fn needs_follow_the_issue() {
    let idle = cut(RC1, &[], true);
    assert!(
        needs(&idle, known()).is_empty(),
        "nothing linked, bot ticked"
    );
    let waiting = cut(RC1, &[9350], false);
    assert_eq!(
        needs(&waiting, known()),
        Needs {
            publishing_bot: true,
            promotion_jobs: vec![9350],
            promotion_changes: vec![],
            release_live: None,
        },
        "two gates read the same PR: fetched once"
    );
}

#[test]
fn a_go_needs_every_gate_of_the_step() {
    let issue = cut(RC1, &[9350], true);
    let mut live = Facts::default();
    live.jobs.insert(9350, Ok(titled(9350, Some(RC1_TITLE))));
    let d = decide(&issue, &live, known());
    assert_eq!(d.light(StepId::NomockRelease), Some(Light::Go));
    let seen = Seen {
        issue: &issue,
        live: &live,
        known: known(),
    };
    assert!(d.top(seen).starts_with("🟢 **go: no-mock release**"));
    assert!(d
        .top(seen)
        .contains("krel release --type rc --branch release-1.36"));
    let lines = d.lines(seen);
    assert!(
        lines[0].starts_with("✅ **Gate:** every promotion job succeeded"),
        "{lines:?}"
    );
    let tells = d.tells(seen, &|_| false);
    assert_eq!(tells.len(), 1);
    assert_eq!(tells[0].0, Told::PromotionSucceeded);
    assert!(
        tells[0]
            .1
            .starts_with("**go: no-mock release** of v1.36.0-rc.1"),
        "{}",
        tells[0].1
    );
    assert!(
        d.tells(seen, &|t| t == Told::PromotionSucceeded).is_empty(),
        "told once"
    );
    assert_eq!(d.said(), ["promotion succeeded"]);

    // Still running: no go, whatever was told before.
    live.jobs
        .insert(9350, Ok(job(9350, JobState::Running, Some(RC1_TITLE))));
    let d = decide(&issue, &live, known());
    let seen = Seen {
        issue: &issue,
        live: &live,
        known: known(),
    };
    assert_eq!(d.light(StepId::NomockRelease), Some(Light::Waiting));
    assert_eq!(d.top(seen), "");
    assert!(d.tells(seen, &|_| true).is_empty());
    assert!(d.lines(seen)[0].starts_with("🚫 **Gate:** `nomock-release` is blocked until"));
}

#[test]
fn wrong_tags_are_the_stop_that_matters_never_a_go() {
    // A failed job of a PR titled for other tags: the titles are said, not the rerun.
    let issue = cut("Cut v1.35.3 release", &[7], true);
    let mut live = Facts::default();
    live.jobs.insert(
        7,
        Ok(job(
            7,
            JobState::Failed,
            Some("releng: Image promotion for kubernetes v1.35.2"),
        )),
    );
    let d = decide(&issue, &live, known());
    let seen = Seen {
        issue: &issue,
        live: &live,
        known: known(),
    };
    assert_eq!(d.light(StepId::NomockRelease), Some(Light::Stop));
    let top = d.top(seen);
    assert!(
        top.starts_with("🔴 **stop: the promotion PRs do not promote"),
        "{top}"
    );
    assert!(!top.contains("failing run"), "one stop line: {top}");
    let tells = d.tells(seen, &|_| false);
    assert_eq!(
        tells.iter().map(|t| t.0).collect::<Vec<_>>(),
        [Told::PromotionMismatch]
    );
    let lines = d.lines(seen).join("\n");
    assert!(
        lines.starts_with("🚫 **Gate:** `nomock-release` is blocked: the promotion PRs"),
        "{lines}"
    );
    assert!(
        lines.contains("- 🚫 the title of kubernetes/k8s.io#7 promotes v1.35.2"),
        "{lines}"
    );
    assert!(
        lines.contains("[failed]("),
        "the job is listed too: {lines}"
    );
    // The settled reading does not take the green-or-red run as the promotion job done.
    let settled = d.settle(seen);
    assert!(settled
        .step(StepId::PromotionJob)
        .is_some_and(|s| s.state != StepState::Done));
}

#[test]
fn a_failed_job_is_a_stop_with_its_run_and_an_unreachable_one_is_no_verdict() {
    let issue = cut(RC1, &[1, 2], true);
    let mut live = Facts::default();
    // Titles not known: the titles gate has nothing to say.
    live.jobs.insert(1, Ok(job(1, JobState::Succeeded, None)));
    live.jobs.insert(2, Ok(job(2, JobState::Failed, None)));
    let d = decide(&issue, &live, known());
    let seen = Seen {
        issue: &issue,
        live: &live,
        known: known(),
    };
    assert_eq!(d.light(StepId::NomockRelease), Some(Light::Stop));
    assert!(
        d.top(seen).contains("post-k8sio-image-promo/2)"),
        "{}",
        d.top(seen)
    );
    assert_eq!(d.tells(seen, &|_| false)[0].0, Told::PromotionFailed);

    live.jobs.insert(2, Err("GitHub did not answer".into()));
    let d = decide(&issue, &live, known());
    let seen = Seen {
        issue: &issue,
        live: &live,
        known: known(),
    };
    assert_eq!(
        d.light(StepId::NomockRelease),
        Some(Light::Waiting),
        "unreachable is not a verdict"
    );
    assert!(d
        .lines(seen)
        .join("\n")
        .contains("could not check (GitHub did not answer)"));
}

#[test]
fn no_pr_linked_asks_for_one() {
    let text = include_str!("../../../../examples/cut-v1.36.0-rc.1-in-progress.md");
    let body = text.splitn(3, "---\n").nth(2).unwrap().replace(
        "  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->",
        "  - [x] Image Promotion PR: done",
    );
    let issue = checklist::read(IssueInput {
        title: Some(RC1),
        body: &body,
        created_at: None,
    });
    let live = Facts::default();
    let d = decide(&issue, &live, known());
    let seen = Seen {
        issue: &issue,
        live: &live,
        known: known(),
    };
    assert_eq!(
        d.lines(seen),
        ["🚧 **Gate:** link the promotion PR on the Image Promotion item so relcut can watch its promotion job."]
    );
}

#[test]
fn the_publishing_bot_is_told_failing_once_then_healthy_once() {
    let issue = cut(RC1, &[], false);
    let mut live = Facts {
        bot: Some(Ok(publishing_bot(
            "open",
            Some("https://github.com/kubernetes/kubernetes/issues/56876#issuecomment-1".into()),
        ))),
        ..Facts::default()
    };
    let d = decide(&issue, &live, known());
    let seen = Seen {
        issue: &issue,
        live: &live,
        known: known(),
    };
    assert!(d
        .top(seen)
        .starts_with("🔴 **stop: the publishing-bot is failing**"));
    assert!(d.top(seen).contains("[its latest failure](https://github.com/kubernetes/kubernetes/issues/56876#issuecomment-1)"));
    let t = d.tells(seen, &|_| false);
    assert_eq!(t[0].0, Told::PublishingBotFailing);
    assert!(
        t[0].1
            .starts_with("**stop: the publishing-bot is failing**"),
        "{}",
        t[0].1
    );
    assert!(d
        .tells(seen, &|t| t == Told::PublishingBotFailing)
        .is_empty());

    live.bot = Some(Ok(publishing_bot("closed", None)));
    let d = decide(&issue, &live, known());
    let seen = Seen {
        issue: &issue,
        live: &live,
        known: known(),
    };
    assert_eq!(d.top(seen), "");
    assert!(
        d.tells(seen, &|_| false).is_empty(),
        "healthy all along: nothing to say"
    );
    let t = d.tells(seen, &|t| t == Told::PublishingBotFailing);
    assert_eq!(t[0].0, Told::PublishingBotHealthy);
    assert!(t[0].1.contains("**go on**"));
    assert!(d
        .tells(seen, &|t| matches!(
            t,
            Told::PublishingBotFailing | Told::PublishingBotHealthy
        ))
        .is_empty());
}

#[test]
fn only_the_bots_own_failure_comment_is_linked() {
    let c = |login: &'static str, body: &'static str, url: &'static str| BotComment {
        login: Some(login),
        body,
        url: Some(url),
    };
    let page = [
        c(
            "k8s-publishing-bot",
            "/reopen\n\nThe last publishing run failed: exit status 1",
            "u1",
        ),
        c(
            "mallory",
            "/reopen\n\nThe last publishing run failed: see https://evil.example",
            "u2",
        ),
        c("K8S-Publishing-Bot", "thanks", "u3"),
    ];
    assert_eq!(latest_failure(&page).as_deref(), Some("u1"));
    assert_eq!(latest_failure(&page[1..]), None);
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
    let run = |job: &str, sha: &str, state: &str, start: &str, url: Option<&str>| ProwRun {
        job: Some(job.into()),
        base_sha: Some(sha.into()),
        state: Some(state.into()),
        start_time: Some(start.into()),
        url: url.map(str::to_string),
    };
    let runs = [
        run(
            PROMO_JOB,
            "other",
            "success",
            "2026-04-07T12:00:00Z",
            Some("u0"),
        ),
        run(
            PROMO_JOB,
            "abc",
            "failure",
            "2026-04-07T10:00:00Z",
            Some("u1"),
        ),
        run(
            PROMO_JOB,
            "abc",
            "pending",
            "2026-04-07T11:00:00Z",
            Some("u2"),
        ),
        run(
            "pull-k8sio-cip",
            "abc",
            "success",
            "2026-04-07T13:00:00Z",
            None,
        ),
    ];
    assert_eq!(
        promo_run(&runs, "abc"),
        Some((JobState::Running, "u2".into())),
        "the newest run of our merge"
    );
    assert_eq!(promo_run(&runs, "none"), None);
}

#[test]
fn gcs_records() {
    let s = BuildStart {
        repos: vec!["main:abc123".into()],
        repo_commit: Some("abc123".into()),
    };
    assert!(s.is_for("abc123"));
    assert!(!s.is_for("zzz"));
    assert_eq!(finished_state(None), JobState::Running);
    assert_eq!(
        finished_state(Some((Some(true), Some("SUCCESS")))),
        JobState::Succeeded
    );
    assert_eq!(
        finished_state(Some((Some(false), Some("FAILURE")))),
        JobState::Failed
    );
}
