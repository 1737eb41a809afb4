//! Gates that clear themselves: `relcut action` on `schedule` / `workflow_dispatch` events
//! against the GitHub stand-in, with prow's Deck on the same server, run after run.

use serde_json::{json, Value};

use crate::fake_github::{cut_body, promo_body, Fake, CUT_TITLE, OWNER, REPO};
use relcut_core::ledger::{Ledger, Record, Told};

fn deck(state: &str) -> Value {
    json!({"items": [
        {"spec": {"job": "post-k8sio-image-promo", "refs": {"base_sha": "not-ours"}}, "status": {"state": "success", "startTime": "2026-04-07T13:00:00Z", "url": "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/9"}},
        {"spec": {"job": "post-k8sio-image-promo", "refs": {"base_sha": "m9350"}}, "status": {"state": state, "startTime": "2026-04-07T12:00:00Z", "url": "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/7"}}
    ]})
}

/// The open issues as GitHub lists them: our cut issue (assigned to two release managers), a
/// pull request and an issue that is not a cut issue.
fn listing(body: &str) -> Value {
    json!([
        {"number": 1, "title": CUT_TITLE, "body": body, "state": "open", "created_at": "2026-04-06T08:00:00Z", "updated_at": "2026-04-07T12:30:00Z",
         "user": {"login": "Codertocat", "type": "User"},
         "labels": [{"name": "sig/release"}], "assignees": [{"login": "alice", "type": "User"}, {"login": "bob-rm", "type": "User"}],
         "html_url": format!("https://github.com/{OWNER}/{REPO}/issues/1")},
        {"number": 2, "title": "Cut v1.36.0-rc.1 release", "body": "", "state": "open", "labels": [], "assignees": [], "pull_request": {"url": "x"}},
        {"number": 3, "title": "Flaky test in e2e", "body": "", "state": "open", "labels": [], "assignees": []}
    ])
}

async fn setup(job: &str) -> Fake {
    let fake = Fake::start(CUT_TITLE, &promo_body(9350)).await;
    {
        let mut st = fake.state();
        st.extra.insert(
            "/repos/kubernetes/k8s.io/pulls/9350".into(),
            json!({"number": 9350, "title": "releng: Image promotion for kubernetes v1.36.0-rc.1", "merged": true, "merge_commit_sha": "m9350", "base": {"sha": "b"}, "head": {"sha": "h"}}),
        );
        st.extra.insert("/prowjobs.js".into(), deck(job));
        st.extra.insert(
            format!("/repos/{OWNER}/{REPO}/issues"),
            listing(&promo_body(9350)),
        );
    }
    // The status comment as the issue event left it: the job running.
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = promo_body(9350).into();
        v["issue"]["updated_at"] = "2026-04-07T12:30:00Z".into();
        v["issue"]["created_at"] = "2026-04-06T08:00:00Z".into();
    });
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(fake.bot_comments().len(), 1);
    fake
}

fn status_of(bot: &[crate::fake_github::StoredComment]) -> String {
    bot.iter()
        .find(|c| c.body.contains("<!-- relcut:status -->"))
        .map(|c| c.body.clone())
        .unwrap_or_default()
}

fn schedule_event(name: &str) -> std::path::PathBuf {
    let path = std::env::temp_dir().join(format!(
        "relcut-schedule-{}-{name}.json",
        std::process::id()
    ));
    std::fs::write(&path, r#"{"schedule": "*/10 * * * *"}"#).unwrap();
    path
}

/// Runs a scheduled run; returns (requests, writes) it made.
async fn scheduled(fake: &Fake, event: &std::path::PathBuf) -> (usize, usize, String) {
    let before = fake.requests().len();
    let r = fake.run("schedule", event, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let new: Vec<(String, String)> = fake.requests()[before..].to_vec();
    let writes = new.iter().filter(|(m, _)| m != "GET").count();
    (new.len(), writes, r.stdout)
}

#[tokio::test]
async fn the_go_is_told_once_when_the_promotion_job_succeeds() {
    let fake = setup("pending").await;
    let ev = schedule_event("go");
    let status_before = fake.bot_comments()[0].body.clone();

    // Run 1: the job still runs: nothing is written.
    let (requests, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!(writes, 0, "{:#?}\n{log}", fake.requests());
    assert_eq!(
        requests,
        5,
        "listing, the author's permission, comments, the PR, Deck: {:#?}",
        fake.requests()
    );
    assert!(
        log.contains("#1: promotion pending; status comment unchanged"),
        "{log}"
    );
    assert!(
        log.contains("#3: no live gate pending") || !log.contains("#3"),
        "{log}"
    );
    assert_eq!(fake.bot_comments()[0].body, status_before);

    // Run 2: it succeeded: the status comment says go at its top, one comment tells the
    // assignees.
    fake.state()
        .extra
        .insert("/prowjobs.js".into(), deck("success"));
    let (requests, writes, log) = scheduled(&fake, &ev).await;
    let bot = fake.bot_comments();
    assert_eq!(bot.len(), 2, "{bot:#?}");
    let status = &bot[0].body;
    let after_ledger = status.split_once(" -->\n").unwrap().1;
    let after_marker = after_ledger.trim_start_matches("<!-- relcut:status -->\n");
    assert!(
        after_marker.contains("🟢 **go: no-mock release**")
            && after_marker.find("🟢").unwrap() < after_marker.find("### Cut").unwrap(),
        "the go line is at the top: {status}"
    );
    assert!(
        status.contains("krel release --type rc --branch release-1.36"),
        "with the command: {status}"
    );
    assert!(
        status.contains("✅ **Gate:** every promotion job succeeded"),
        "{status}"
    );
    let told = &bot[1].body;
    assert!(
        told.starts_with("<!-- relcut:gate:promotion:succeeded -->\n@alice @bob-rm\n"),
        "{told}"
    );
    assert!(
        told.contains("**go: no-mock release** of v1.36.0-rc.1"),
        "{told}"
    );
    assert_eq!(
        writes,
        3,
        "the comment, the status update with the record in its ledger, the label: {:#?}",
        fake.requests()
    );
    assert_eq!(
        requests, 9,
        "the author's permission, and the listing that proves no racing run posted it: {log}"
    );
    let ledger = Ledger::from_text(status);
    assert!(
        ledger.contains(Record::Told(Told::PromotionSucceeded)),
        "the ledger records that the go was told: {status}"
    );

    // Run 3: nothing written, and the cleared gate costs nothing beyond the listing.
    let (requests, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!(writes, 0, "{log}");
    assert_eq!(requests, 1, "the listing only: {log}");
    assert!(log.contains("the go was posted already"), "{log}");
    assert_eq!(fake.bot_comments().len(), 2);

    // Someone edits the cut issue: the status comment is rewritten, and keeps the go line
    // (read from the ledger) while the no-mock release is still open.
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] =
            format!("{}\nA note from a release manager.\n", promo_body(9350)).into();
        v["issue"]["updated_at"] = "2026-04-07T14:00:00Z".into();
        v["issue"]["created_at"] = "2026-04-06T08:00:00Z".into();
    });
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let status = fake.bot_comments()[0].body.clone();
    assert!(
        status.contains("🟢 **go: no-mock release**")
            && status.contains("krel release --type rc --branch release-1.36"),
        "the go line stays after an edit: {status}"
    );
    let (requests, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!((requests, writes), (1, 0), "{log}");

    // Someone removes the label: one run looks again, live (the ledger's go is never taken
    // for prow's), finds the job still green, labels again and tells nobody twice (the
    // ledger dates what was told); the next costs the listing only.
    fake.state().extra.insert(
        format!("/repos/{OWNER}/{REPO}/issues"),
        listing(&promo_body(9350)),
    );
    let (requests, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!(
        (requests, writes),
        (6, 1),
        "listing, the author's permission, comments, the PR, Deck, the label: {log}"
    );
    assert_eq!(fake.bot_comments().len(), 2);
    let (requests, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!((requests, writes), (1, 0), "{log}");

    // workflow_dispatch does the same, and an issue event keeps the record.
    let (_, writes, _) = {
        let before = fake.requests().len();
        let r = fake.run("workflow_dispatch", &ev, &[]).await;
        assert_eq!(r.code, 0, "{}", r.stderr);
        let new = fake.requests()[before..].to_vec();
        (
            new.len(),
            new.iter().filter(|(m, _)| m != "GET").count(),
            r.stdout,
        )
    };
    assert_eq!(writes, 0);
}

#[tokio::test]
async fn a_failed_promotion_job_is_told_once_with_its_run_and_the_known_causes() {
    let fake = setup("pending").await;
    let ev = schedule_event("stop");
    let (_, writes, _) = scheduled(&fake, &ev).await;
    assert_eq!(writes, 0);

    fake.state()
        .extra
        .insert("/prowjobs.js".into(), deck("failure"));
    let (requests, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!(writes, 2, "the comment and the status update: {log}");
    assert_eq!(
        requests, 8,
        "listing, the author's permission, comments, the PR, Deck, the listing before creating, the two writes: {log}"
    );
    let bot = fake.bot_comments();
    let status = &bot[0].body;
    assert!(status.contains("🔴 **stop: the promotion job of [kubernetes/k8s.io#\u{2060}9350](https://github.com/kubernetes/k8s.io/pull/9350) failed**: [the failing run](https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/7)"), "{status}");
    assert!(status.contains("429 / quota errors"), "{status}");
    let told = &bot[1].body;
    assert!(
        told.starts_with("<!-- relcut:gate:promotion:failed -->\n@alice @bob-rm\n"),
        "{told}"
    );
    assert!(told.contains("rerun it from the prow page"), "{told}");

    // Run 3: still failed: nothing written, nobody told twice.
    let (requests, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!((requests, writes), (5, 0), "{log}");
    assert_eq!(fake.bot_comments().len(), 2);

    // An edit of the issue keeps the stop line, and the next run has nothing to rewrite.
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = format!("{}\nA note.\n", promo_body(9350)).into();
        v["issue"]["updated_at"] = "2026-04-07T14:00:00Z".into();
        v["issue"]["created_at"] = "2026-04-06T08:00:00Z".into();
    });
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let status = fake.bot_comments()[0].body.clone();
    assert!(
        status.contains("🔴 **stop: the promotion job of [kubernetes/k8s.io#\u{2060}9350](https://github.com/kubernetes/k8s.io/pull/9350) failed**"),
        "the stop line stays after an edit: {status}"
    );
    let (requests, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!((requests, writes), (5, 0), "{log}");

    // The rerun from prow succeeds: the go is told too, once.
    fake.state()
        .extra
        .insert("/prowjobs.js".into(), deck("success"));
    let (_, writes, _) = scheduled(&fake, &ev).await;
    assert_eq!(writes, 3, "the comment, the status, the label");
    let bot = fake.bot_comments();
    assert_eq!(bot.len(), 3);
    assert!(bot[0].body.contains("🟢 **go: no-mock release**") && !bot[0].body.contains("🔴"));
    let (_, writes, _) = scheduled(&fake, &ev).await;
    assert_eq!(writes, 0);
}

fn titled_pr(title: &str) -> Value {
    json!({"number": 9350, "title": title, "merged": true, "merge_commit_sha": "m9350", "base": {"sha": "b"}, "head": {"sha": "h"}})
}

#[tokio::test]
async fn a_green_job_of_a_pr_titled_for_other_tags_is_a_stop_never_a_go() {
    let fake = setup("pending").await;
    let ev = schedule_event("mismatch");
    // The PR promotes the previous rc's tag; its job went green.
    fake.state().extra.insert(
        "/repos/kubernetes/k8s.io/pulls/9350".into(),
        titled_pr("releng: Image promotion for kubernetes v1.36.0-rc.0"),
    );
    fake.state()
        .extra
        .insert("/prowjobs.js".into(), deck("success"));
    let (_, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!(
        writes, 2,
        "the comment and the status update, no label: {log}"
    );
    assert!(log.contains("promotion of other tags"), "{log}");
    let bot = fake.bot_comments();
    let status = &bot[0].body;
    assert!(
        !status.contains("🟢") && !status.contains("✅ **Gate:**"),
        "{status}"
    );
    assert!(
        status.contains("🔴 **stop: the promotion PRs do not promote this cut's tags**"),
        "{status}"
    );
    assert!(
        status.contains("the title of kubernetes/k8s.io#9350 promotes v1.36.0-rc.0: v1.36.0-rc.0 is not a tag of the v1.36.0-rc.1 cut, and no PR promotes v1.36.0-rc.1"),
        "what is wrong, from the title GitHub has: {status}"
    );
    assert!(
        status.contains("🚫 **Gate:** `nomock-release` is blocked: the promotion PRs do not promote this cut's tags."),
        "{status}"
    );
    let told = &bot[1].body;
    assert!(
        told.starts_with("<!-- relcut:gate:promotion:mismatch -->\n@alice @bob-rm\n"),
        "{told}"
    );
    let labels = fake
        .requests()
        .iter()
        .filter(|(m, p)| m == "POST" && p.ends_with("/labels"))
        .count();
    assert_eq!(labels, 0, "no `relcut: go` label");

    // Still wrong: nothing written, nobody told twice.
    let (_, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!(writes, 0, "{log}");

    // A PR for the right tag replaces it (the same number here): the go follows, told once.
    fake.state().extra.insert(
        "/repos/kubernetes/k8s.io/pulls/9350".into(),
        titled_pr("releng: Image promotion for kubernetes v1.36.0-rc.1"),
    );
    let (_, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!(writes, 3, "the comment, the status, the label: {log}");
    let bot = fake.bot_comments();
    assert!(bot[0].body.contains("🟢 **go: no-mock release**") && !bot[0].body.contains("🔴"));
}

#[tokio::test]
async fn issues_without_a_pending_gate_cost_nothing() {
    // The promotion is not done yet: no gate in question, only the listing is read.
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    fake.state().extra.insert(
        format!("/repos/{OWNER}/{REPO}/issues"),
        listing(&cut_body()),
    );
    let ev = schedule_event("idle");
    let (requests, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!((requests, writes), (1, 0), "{log}");
    assert!(log.contains("#1: no live gate pending"), "{log}");
}

#[tokio::test]
async fn the_publishing_bot_gate_stops_then_clears_told_once_each() {
    // A cut that has not checked the publishing-bot yet, while kubernetes/kubernetes#56876 is open.
    let body = cut_body().replace(
        "- [x] Check the health of the publishing-bot",
        "- [ ] Check the health of the publishing-bot",
    );
    assert_ne!(body, cut_body());
    let fake = Fake::start(CUT_TITLE, &body).await;
    let bot_issue = "/repos/kubernetes/kubernetes/issues/56876";
    {
        let mut st = fake.state();
        st.extra
            .insert(format!("/repos/{OWNER}/{REPO}/issues"), listing(&body));
        st.extra
            .insert(bot_issue.into(), json!({"number": 56876, "state": "open"}));
        st.extra.insert(format!("{bot_issue}/comments"), json!([
            {"id": 7, "body": "The last publishing run failed: exit status 1", "html_url": "https://github.com/kubernetes/kubernetes/issues/56876#issuecomment-99", "user": {"login": "k8s-publishing-bot", "type": "User"}}
        ]));
    }
    let ev = schedule_event("bot");
    let (requests, writes, log) = scheduled(&fake, &ev).await;
    // listing, comments, the bot issue and its comments; the status comment and one mention.
    assert_eq!(writes, 2, "{log}");
    assert_eq!(
        requests, 9,
        "the author's permission, and the listings after each create: {log}"
    );
    // The comment is posted before the status comment records it (see scheduled.rs).
    let bot = fake.bot_comments();
    let status = status_of(&bot);
    assert!(
        status.contains("🔴 **stop: the publishing-bot is failing**")
            && status.contains("[its latest failure](https://github.com/kubernetes/kubernetes/issues/56876#issuecomment-99)"),
        "{status}"
    );
    assert!(Ledger::from_text(&status).contains(Record::Told(Told::PublishingBotFailing)));
    assert!(bot[0]
        .body
        .starts_with("<!-- relcut:gate:publishing-bot:failing -->\n@alice @bob-rm\n"));

    // Still failing: nothing written (listing, the author's permission, comments, the bot
    // issue and its comments).
    let (requests, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!((requests, writes), (5, 0), "{log}");

    // The bot recovers: the stop line goes, one comment says go on; then nothing more.
    fake.state().extra.insert(
        bot_issue.into(),
        json!({"number": 56876, "state": "closed"}),
    );
    let (_, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!(writes, 2, "{log}");
    let bot = fake.bot_comments();
    assert_eq!(bot.len(), 3);
    assert!(!status_of(&bot).contains("🔴"), "{}", status_of(&bot));
    assert!(bot[2]
        .body
        .contains("**go on**: the publishing-bot is healthy again"));
    let (_, writes, log) = scheduled(&fake, &ev).await;
    assert_eq!(writes, 0, "{log}");
    assert_eq!(fake.bot_comments().len(), 3);
}

#[tokio::test]
async fn a_strangers_waiting_cut_gets_no_check_no_ping_and_no_label() {
    let fake = setup("success").await;
    {
        let mut st = fake.state();
        let mut list = listing(&promo_body(9350));
        // The same waiting cut, opened by a stranger: first in the listing, so it would take
        // the first slot.
        let mut decoy = list[0].clone();
        decoy["number"] = 7.into();
        decoy["user"] = json!({"login": "mallory", "type": "User"});
        list.as_array_mut().unwrap().insert(0, decoy);
        st.extra
            .insert(format!("/repos/{OWNER}/{REPO}/issues"), list);
    }
    let ev = schedule_event("go");
    let (_, _, log) = scheduled(&fake, &ev).await;
    assert!(log.contains("#7: not a trusted cut"), "{log}");
    let reqs = fake.requests();
    assert!(
        !reqs.iter().any(|(_, u)| u.contains("/issues/7")),
        "nothing is read from or written to the stranger's issue: {reqs:#?}"
    );
    assert!(log.contains("1 checked"), "the real cut is checked: {log}");
}

/// Issue #19, item 4: a ledger record never outranks a live check. Another workflow writing
/// as the same login (or a stale ledger) says the go was told; prow says the job still runs:
/// no go line, no go label, nobody pinged, on a scheduled run and on an issue event alike.
#[tokio::test]
async fn a_ledger_that_says_succeeded_gives_no_go_while_prow_says_running() {
    let fake = setup("pending").await;
    {
        let mut st = fake.state();
        let status = st
            .comments
            .iter_mut()
            .find(|c| c.body.contains("<!-- relcut:status -->"))
            .unwrap();
        let mut forged = Ledger::from_text(&status.body);
        forged.insert(
            Record::Told(Told::PromotionSucceeded),
            chrono::DateTime::parse_from_rfc3339("2026-04-07T13:00:00Z")
                .unwrap()
                .to_utc(),
        );
        let line = status
            .body
            .lines()
            .find(|l| l.starts_with("<!-- relcut:ledger "))
            .unwrap()
            .to_string();
        status.body = status.body.replace(&line, &forged.comment());
        assert!(Ledger::from_text(&status.body).contains(Record::Told(Told::PromotionSucceeded)));
    }
    let ev = schedule_event("forged");
    let (_, _, log) = scheduled(&fake, &ev).await;
    assert!(log.contains("#1: promotion pending"), "{log}");
    let bot = fake.bot_comments();
    assert_eq!(bot.len(), 1, "nobody pinged: {bot:#?}");
    let status = status_of(&bot);
    assert!(
        !status.contains("🟢") && !status.contains("go: no-mock release"),
        "{status}"
    );
    assert!(status.contains("[running]("), "the live state: {status}");
    let labels = fake
        .requests()
        .iter()
        .filter(|(m, p)| m == "POST" && p.ends_with("/labels"))
        .count();
    assert_eq!(labels, 0, "no `relcut: go` label");

    // An edit of the issue re-derives the gate too: still no go.
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = promo_body(9350).into();
        v["issue"]["updated_at"] = "2026-04-07T14:00:00Z".into();
        v["issue"]["created_at"] = "2026-04-06T08:00:00Z".into();
    });
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let status = status_of(&fake.bot_comments());
    assert!(!status.contains("🟢"), "{status}");
    assert_eq!(fake.bot_comments().len(), 1);

    // The job succeeds: the go is the live check's, and since the ledger says it was told,
    // nobody is told twice.
    fake.state()
        .extra
        .insert("/prowjobs.js".into(), deck("success"));
    let (_, _, log) = scheduled(&fake, &ev).await;
    let bot = fake.bot_comments();
    assert!(
        status_of(&bot).contains("🟢 **go: no-mock release**"),
        "{log}"
    );
    assert_eq!(bot.len(), 1, "told already, per the ledger: {bot:#?}");
}

/// Issue #19, item 3: prow's job list is read once per run, whatever the number of waiting
/// cuts and PRs (here two cuts, three merged PRs: one read of Deck, three of the PRs).
#[tokio::test]
async fn prows_job_list_is_read_once_per_scheduled_run() {
    let fake = Fake::start(CUT_TITLE, &promo_body(9350)).await;
    let two_prs = cut_body().replace(
        "  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->",
        "  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9351 https://github.com/kubernetes/k8s.io/pull/9352",
    );
    {
        let mut st = fake.state();
        for n in [9350, 9351, 9352] {
            st.extra.insert(
                format!("/repos/kubernetes/k8s.io/pulls/{n}"),
                json!({"number": n, "title": "releng: Image promotion for kubernetes v1.36.0-rc.1", "merged": true, "merge_commit_sha": format!("m{n}"), "base": {"sha": "b"}, "head": {"sha": "h"}}),
            );
        }
        st.extra.insert("/prowjobs.js".into(), deck("pending"));
        let mut list = listing(&promo_body(9350));
        let mut other = list[0].clone();
        other["number"] = 4.into();
        other["title"] = "Cut v1.35.4 release".into();
        other["body"] = two_prs.into();
        list.as_array_mut().unwrap().push(other);
        st.extra
            .insert(format!("/repos/{OWNER}/{REPO}/issues"), list);
        st.extra.insert(
            format!("/repos/{OWNER}/{REPO}/issues/4/comments"),
            json!([]),
        );
    }
    let ev = schedule_event("deck-once");
    let r = fake.run("schedule", &ev, &[("dry-run", "true")]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("2 cut issue(s) waiting on a gate, 2 checked"),
        "{}",
        r.stdout
    );
    let requests = fake.requests();
    let deck = requests
        .iter()
        .filter(|(_, u)| u.contains("/prowjobs.js"))
        .count();
    let pulls = requests
        .iter()
        .filter(|(_, u)| u.contains("/repos/kubernetes/k8s.io/pulls/"))
        .count();
    assert_eq!((deck, pulls), (1, 3), "{requests:#?}");
}
