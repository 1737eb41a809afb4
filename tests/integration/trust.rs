//! The trusted-cut rule against a stand-in GitHub (issue #19, item 1): a stranger's
//! cut-titled issue is no cut; a maintainer's label makes it one, a stranger's label does not;
//! permissions and events are read once per run however many issues the same people open.

use relcut_action::trust::TrustCheck;
use relcut_core::trust::Permission;
use relcut_github::api::{Identity, Repo};
use relcut_github::client::{Client, RetryPolicy, Session};
use serde_json::{json, Value};

use crate::fake_github::Fake;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CUT: &str = "Cut v1.36.0-rc.1 release";

async fn role(server: &MockServer, login: &str, role: &str) {
    Mock::given(method("GET"))
        .and(path(format!(
            "/repos/kubernetes/sig-release/collaborators/{login}/permission"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"permission": if role == "none" { "none" } else { "read" }, "role_name": role, "user": crate::fake_github::user_json(login)}),
        ))
        .mount(server)
        .await;
}

/// A `labeled`/`unlabeled` event as GitHub sends it.
fn label_event(id: u64, actor: &str, label: &str, added: bool) -> Value {
    json!({
        "id": id, "node_id": format!("LE_{id}"),
        "url": format!("https://api.github.com/repos/kubernetes/sig-release/issues/events/{id}"),
        "actor": crate::fake_github::user_json(actor),
        "event": if added { "labeled" } else { "unlabeled" },
        "commit_id": null, "commit_url": null, "created_at": "2026-12-07T06:00:00Z",
        "label": {"name": label, "color": "ededed"}, "performed_via_github_app": null
    })
}

async fn events(server: &MockServer, issue: u64, list: Vec<Value>) {
    Mock::given(method("GET"))
        .and(path(format!(
            "/repos/kubernetes/sig-release/issues/{issue}/events"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(Value::Array(list)))
        .mount(server)
        .await;
}

#[tokio::test]
async fn strangers_cuts_are_no_cuts_until_a_maintainer_labels_them() {
    let server = MockServer::start().await;
    role(&server, "stranger", "read").await;
    role(&server, "rm", "write").await;
    // #1: the stranger labelled it. #2: a maintainer did. #3: a maintainer did, then removed it.
    events(
        &server,
        1,
        vec![label_event(1, "stranger", "release-cut", true)],
    )
    .await;
    events(
        &server,
        2,
        vec![
            label_event(2, "stranger", "sig/release", true),
            label_event(3, "rm", "release-cut", true),
        ],
    )
    .await;
    events(
        &server,
        3,
        vec![
            label_event(4, "rm", "release-cut", true),
            label_event(5, "rm", "release-cut", false),
        ],
    )
    .await;
    let client = Client::new(
        &server.uri(),
        &"ghp_test".to_string().into(),
        RetryPolicy::default(),
        &Session::default(),
    )
    .unwrap();
    let repo = Repo::new(
        &client,
        "kubernetes",
        "sig-release",
        false,
        Identity::Known("github-actions[bot]".into()),
    );
    let check = TrustCheck::new(&repo, Permission::Write, Some("release-cut".into()));
    let stranger = check.cut(1, CUT, "stranger").await.unwrap();
    assert!(!stranger.is_trusted(), "{stranger:?}");
    assert!(check.cut(2, CUT, "stranger").await.unwrap().is_trusted());
    assert!(!check.cut(3, CUT, "stranger").await.unwrap().is_trusted());
    assert!(check.cut(4, CUT, "rm").await.unwrap().is_trusted());
    // A title that names no release is no cut, whoever wrote it; no events are read for it.
    assert!(!check
        .cut(5, "Water the plants", "stranger")
        .await
        .unwrap()
        .is_trusted());
    // Asked again in the same run: nothing more is read.
    let before = server.received_requests().await.unwrap().len();
    for n in 1..=5 {
        check.cut(n, CUT, "stranger").await.unwrap();
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), before, "decided once per run");
    let paths: Vec<String> = requests.iter().map(|r| r.url.path().to_string()).collect();
    let count = |p: &str| paths.iter().filter(|x| x.as_str() == p).count();
    assert_eq!(
        count("/repos/kubernetes/sig-release/collaborators/stranger/permission"),
        1
    );
    assert_eq!(
        count("/repos/kubernetes/sig-release/collaborators/rm/permission"),
        1
    );
    assert_eq!(
        count("/repos/kubernetes/sig-release/issues/4/events"),
        0,
        "a trusted author settles it"
    );
    assert_eq!(count("/repos/kubernetes/sig-release/issues/5/events"), 0);
    assert_eq!(
        requests.len(),
        5,
        "two permissions and three event pages: {paths:?}"
    );
}

/// Issue #19, item 3: an issue that links 300 promotion PRs costs an event what one with four
/// costs: four pull-request reads, and prow's job list once for all of them.
#[tokio::test]
async fn three_hundred_promotion_prs_cost_four_reads() {
    use crate::fake_github::{cut_body, Fake, CUT_TITLE};
    let links: String = (1..=300)
        .map(|n| format!(" https://github.com/kubernetes/k8s.io/pull/{n}"))
        .collect();
    let body = cut_body().replace(
        "  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->",
        &format!("  - [x] Image Promotion PR:{links}"),
    );
    let fake = Fake::start(CUT_TITLE, &body).await;
    {
        let mut st = fake.state();
        for n in 1..=300u64 {
            st.extra.insert(
                format!("/repos/kubernetes/k8s.io/pulls/{n}"),
                json!({"number": n, "title": "releng: Image promotion for kubernetes v1.36.0-rc.1", "merged": true, "merge_commit_sha": format!("m{n}"), "base": {"sha": "b"}, "head": {"sha": "h"}}),
            );
        }
        st.extra.insert("/prowjobs.js".into(), json!({"items": []}));
    }
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = body.clone().into();
    });
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let requests = fake.requests();
    let pulls = requests
        .iter()
        .filter(|(m, u)| m == "GET" && u.contains("/repos/kubernetes/k8s.io/pulls/"))
        .count();
    let prow = requests
        .iter()
        .filter(|(_, u)| u.contains("/prowjobs.js"))
        .count();
    assert!(pulls <= 4, "{pulls} pull-request reads: {requests:?}");
    assert_eq!(prow, 1, "prow's job list read {prow} times");
    let status = fake.bot_comments()[0].body.clone();
    assert!(
        status.contains("relcut checks the first 4"),
        "the rest are named: {status}"
    );
}

// ---- relcut's own comments (#19 item 4) and what strangers cost (#19 item 5). ----

use crate::fake_github::{comment_event, StoredComment, BOT};

/// relcut's footer line, as every comment it writes ends.
const FOOTER: &str =
    "\n\n<sub>relcut keeps this comment current · `/relcut help` lists the commands</sub>\n";

fn stored(id: u64, login: &str, body: &str) -> StoredComment {
    StoredComment {
        id,
        body: body.into(),
        login: login.into(),
    }
}

/// An issue with `n` comments of chatter (ids 1..=n), the first one relcut's status comment
/// when `status_first`; relcut writes with ids after the command comment's.
fn crowded(fake: &Fake, n: u64, status_first: bool) {
    let mut st = fake.state();
    st.next_id = 900_000_000;
    for id in 1..=n {
        st.comments.push(if id == 1 && status_first {
            stored(
                id,
                BOT,
                &format!("<!-- relcut:status -->\nearlier status{FOOTER}"),
            )
        } else {
            stored(id, "someone", &format!("chatter {id}"))
        });
    }
}

fn comment_gets(requests: &[(String, String)]) -> usize {
    requests
        .iter()
        .filter(|(m, u)| m == "GET" && u.contains("/issues/1/comments"))
        .count()
}

/// Issue #19 item 4: past 3,000 comments every command and refresh failed (relcut listed every
/// comment, twice per command). On 10,000 it reads the oldest page and the newest ones.
#[tokio::test]
async fn ten_thousand_comments_cost_a_few_pages() {
    use crate::fake_github::{cut_body, Fake, CUT_TITLE};
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    crowded(&fake, 10_000, true);
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = cut_body().into();
    });
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let reqs = fake.requests();
    assert_eq!(comment_gets(&reqs), 2, "page 1 and the last: {reqs:#?}");
    assert!(reqs.len() <= 4, "{reqs:#?}");
    assert!(
        fake.state().comments[0]
            .body
            .contains("### Cut v1.36.0-rc.1"),
        "the status comment on page 1 is updated, not posted again"
    );
    assert_eq!(fake.bot_comments().len(), 1);

    // A command: the status comment from page 1 (for the ledger), the answer after the command.
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event("/relcut status")(v);
        v["comment"]["id"] = 800_000_000.into();
    });
    let before = fake.requests().len();
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let run: Vec<(String, String)> = fake.requests()[before..].to_vec();
    // The permission, pages 1 and 100, the answer, the re-read from page 100 that proves no
    // racing run answered too (here 2 pages: the answer opened page 101), the reaction.
    assert!(comment_gets(&run) <= 4, "{run:#?}");
    assert!(run.len() <= 7, "{} requests: {run:#?}", run.len());
    assert_eq!(fake.bot_comments().len(), 2);
    // The same event again (a rerun): the answer is found on the newest page.
    let before = fake.requests().len();
    assert_eq!(fake.run("issue_comment", &ev, &[]).await.code, 0);
    let run: Vec<(String, String)> = fake.requests()[before..].to_vec();
    assert_eq!(fake.bot_comments().len(), 2, "updated, not posted again");
    assert!(run.len() <= 5, "{run:#?}");
    let pages: Vec<&String> = run.iter().map(|(_, u)| u).collect();
    assert!(
        pages.iter().any(|u| u.contains("page=101")),
        "the newest page: {pages:#?}"
    );
}

/// relcut came late to a long issue: its status comment is on none of the pages it reads
/// first. It reads back a bounded number of pages, posts one, and finds that one next time.
#[tokio::test]
async fn a_status_comment_past_page_one_is_found_on_the_newest_pages() {
    use crate::fake_github::{cut_body, Fake, CUT_TITLE};
    use relcut_github::api::MAX_COMMENT_PAGES;
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    crowded(&fake, 10_000, false);
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = cut_body().into();
    });
    assert_eq!(fake.run("issues", &edited, &[]).await.code, 0);
    let first = comment_gets(&fake.requests());
    assert!(
        first <= MAX_COMMENT_PAGES as usize + 2,
        "{first} comment pages"
    );
    assert_eq!(fake.bot_comments().len(), 1);
    for i in 0..150u64 {
        fake.state()
            .comments
            .push(stored(10_001 + i, "someone", "more chatter"));
    }
    let before = fake.requests().len();
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let run: Vec<(String, String)> = fake.requests()[before..].to_vec();
    assert_eq!(fake.bot_comments().len(), 1, "found, not posted again");
    assert_eq!(comment_gets(&run), 3, "page 1, the last two: {run:#?}");
}

/// Issue #19 item 5: each stranger's `/relcut` line cost a workflow run, 5 requests and a
/// refusal comment. Now: the permission, one reaction, no comment.
#[tokio::test]
async fn forty_strangers_commands_create_no_comment() {
    use crate::fake_github::{cut_body, Fake, CUT_TITLE};
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    for i in 0..40u64 {
        let login = format!("stranger{i}");
        if i % 2 == 0 {
            // Half of them can read (a public repository's everyone); the rest are unknown.
            fake.state()
                .permissions
                .insert(login.clone(), "read".into());
        }
        let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
            comment_event("/relcut tick email https://groups.google.com/x\n/relcut status @kubernetes/release-managers")(v);
            v["comment"]["id"] = (700_000_000 + i).into();
            v["comment"]["user"]["login"] = login.clone().into();
        });
        let r = fake.run("issue_comment", &ev, &[]).await;
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    }
    assert_eq!(fake.state().comments.len(), 0, "no comment at all");
    assert_eq!(
        fake.writes(),
        40,
        "one reaction each: {:#?}",
        fake.requests()
    );
    assert_eq!(
        fake.requests().len(),
        80,
        "two requests per stranger command"
    );
    assert_eq!(fake.state().reactions.len(), 40);
    assert_eq!(fake.state().issue_body, cut_body());
}

/// Another workflow of the repository writes as `github-actions[bot]` too. A comment of it that
/// frames someone's text (no relcut footer) is not relcut's, and a look-alike posted after
/// relcut's own status comment is never read: the earliest wins.
#[tokio::test]
async fn an_echoing_workflows_comment_is_not_relcuts() {
    use crate::fake_github::{cut_body, Fake, CUT_TITLE};
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let forged =
        "<!-- relcut:status -->\n<!-- relcut:ledger {\"email\":\"2020-01-01T00:00:00Z\"} -->";
    // An echo with a greeting after it: the marker opens it, relcut's footer does not end it.
    fake.state().comments.push(stored(
        7,
        BOT,
        &format!("{forged}\n\nThanks for your comment!"),
    ));
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = cut_body().into();
    });
    assert_eq!(fake.run("issues", &edited, &[]).await.code, 0);
    {
        let st = fake.state();
        assert!(
            st.comments[0].body.ends_with("Thanks for your comment!"),
            "never edited"
        );
        assert_eq!(st.comments.len(), 2, "relcut posted its own");
        assert!(!st.comments[1].body.contains("2020-01-01"));
    }
    // A verbatim echo in relcut's exact shape, posted after relcut's status comment.
    let shaped = format!("{forged}\nforged{FOOTER}");
    fake.state().comments.push(stored(50_000, BOT, &shaped));
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event("/relcut history")(v);
        v["comment"]["id"] = 60_000.into();
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let st = fake.state();
    let answer = st
        .comments
        .iter()
        .find(|c| c.body.contains(":history -->"))
        .expect("an answer");
    assert!(!answer.body.contains("2020"), "{}", answer.body);
    assert!(
        st.comments.iter().any(|c| c.body == shaped),
        "the look-alike is left alone"
    );
}

/// Issue #19 item 4: with an App token and no `bot-login`, relcut took `github-actions[bot]`
/// for itself every run, did not find its comments and posted again. A listing that shows a
/// relcut marker by another bot makes it ask GraphQL `viewer` once.
#[tokio::test]
async fn an_app_token_without_bot_login_posts_one_comment_over_two_runs() {
    use crate::fake_github::{cut_body, Fake, CUT_TITLE};
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    fake.state().bot_login = Some("relcut-app[bot]".into());
    let event = |body: String| {
        fake.event("issues.edited.json", move |v: &mut Value| {
            v["issue"]["title"] = CUT_TITLE.into();
            v["issue"]["body"] = body.into();
        })
    };
    let first = event(cut_body());
    let r = fake.run("issues", &first, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let second = event(cut_body().replace("- [ ] Send email", "- [x] Send email"));
    let before = fake.requests().len();
    let r = fake.run("issues", &second, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let run: Vec<(String, String)> = fake.requests()[before..].to_vec();
    let comments = fake.state().comments.clone();
    assert_eq!(comments.len(), 1, "{comments:#?}");
    assert_eq!(comments[0].login, "relcut-app[bot]");
    let posts = fake
        .requests()
        .iter()
        .filter(|(m, u)| m == "POST" && u.ends_with("/issues/1/comments"))
        .count();
    assert_eq!(posts, 1, "one comment ever posted");
    assert_eq!(
        run.iter().filter(|(_, u)| u.ends_with("/graphql")).count(),
        1,
        "viewer asked once: {run:#?}"
    );
    assert!(
        r.stderr
            .contains("set the `bot-login` input to `relcut-app[bot]`"),
        "{}",
        r.stderr
    );
}

/// Issue #19 item 3: five strangers' decoy "waiting" issues took every slot of the scheduled
/// run, and 100 bumped issues pushed the real cut out of the one page it listed. Here 60
/// strangers' cut-titled, labelled, waiting issues (older than the real cut) and 40 bumped
/// issues come before it in the listing: the real cut is on page 2, and it is checked.
#[tokio::test]
async fn a_hundred_decoys_do_not_hide_or_starve_the_real_cut() {
    use crate::fake_github::{promo_body, CUT_TITLE, OWNER, REPO};
    use relcut_action::scheduled::MAX_TRUST_READS;
    let fake = Fake::start(CUT_TITLE, &promo_body(9350)).await;
    let waiting_body = promo_body(9350);
    let mut listing: Vec<Value> = Vec::new();
    for i in 0..100u64 {
        let n = 100 + i;
        listing.push(if i < 60 {
            json!({"number": n, "title": format!("Cut v1.36.0-rc.{} release", i % 3), "body": waiting_body,
                   "state": "open", "created_at": format!("2026-01-01T00:{:02}:00Z", i % 60),
                   "updated_at": "2026-04-07T12:59:00Z", "author_association": "NONE",
                   "user": {"login": format!("stranger{i}"), "type": "User"},
                   "labels": [{"name": "sig/release"}], "assignees": [{"login": "alice", "type": "User"}]})
        } else {
            json!({"number": n, "title": format!("Flaky test {i}"), "body": "bump", "state": "open",
                   "created_at": "2026-02-01T00:00:00Z", "updated_at": "2026-04-07T12:59:30Z",
                   "author_association": "NONE", "user": {"login": "bumper", "type": "User"},
                   "labels": [{"name": "sig/release"}], "assignees": []})
        });
    }
    listing.push(
        json!({"number": 1, "title": CUT_TITLE, "body": waiting_body, "state": "open",
        "created_at": "2026-04-06T08:00:00Z", "updated_at": "2026-04-07T12:30:00Z",
        "author_association": "MEMBER", "user": {"login": "Codertocat", "type": "User"},
        "labels": [{"name": "sig/release"}], "assignees": [{"login": "alice", "type": "User"}],
        "html_url": format!("https://github.com/{OWNER}/{REPO}/issues/1")}),
    );
    {
        let mut st = fake.state();
        for i in 0..60u64 {
            if i % 2 == 0 {
                st.permissions.insert(format!("stranger{i}"), "read".into());
            }
            // Each stranger labelled their own decoy (prow applies `sig/*` labels for anyone).
            st.extra.insert(
                format!("/repos/{OWNER}/{REPO}/issues/{}/events", 100 + i),
                json!([label_event(i, &format!("stranger{i}"), "sig/release", true)]),
            );
        }
        st.extra.insert(
            "/repos/kubernetes/k8s.io/pulls/9350".into(),
            json!({"number": 9350, "title": "releng: Image promotion for kubernetes v1.36.0-rc.1", "merged": true, "merge_commit_sha": "m9350", "base": {"sha": "b"}, "head": {"sha": "h"}}),
        );
        st.extra.insert(
            "/prowjobs.js".into(),
            json!({"items": [{"spec": {"job": "post-k8sio-image-promo", "refs": {"base_sha": "m9350"}}, "status": {"state": "pending", "startTime": "2026-04-07T12:00:00Z", "url": "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/7"}}]}),
        );
        st.extra.insert(
            format!("/repos/{OWNER}/{REPO}/issues"),
            Value::Array(listing),
        );
    }
    let event = std::env::temp_dir().join(format!("relcut-decoys-{}.json", std::process::id()));
    std::fs::write(&event, r#"{"schedule": "*/10 * * * *"}"#).unwrap();
    let r = fake
        .run("schedule", &event, &[("labels", "sig/release")])
        .await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let reqs = fake.requests();
    let listing_pages = reqs
        .iter()
        .filter(|(_, u)| u.contains(&format!("/repos/{OWNER}/{REPO}/issues?")))
        .count();
    assert_eq!(listing_pages, 2, "every page of the listing: {reqs:#?}");
    // Narrowed on GitHub by the `labels` input, so unlabelled issues take no page.
    assert!(
        reqs.iter()
            .filter(|(_, u)| u.contains(&format!("/repos/{OWNER}/{REPO}/issues?")))
            .all(|(_, u)| u.contains("labels=sig%2Frelease")),
        "{reqs:#?}"
    );
    assert!(
        r.stdout.contains("#1: promotion pending"),
        "the real cut is checked: {}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("scheduled run: 1 cut issue(s) waiting on a gate, 1 checked"),
        "{}",
        r.stdout
    );
    assert_eq!(
        fake.writes(),
        1,
        "only the real cut's status comment: {reqs:#?}"
    );
    assert_eq!(fake.bot_comments().len(), 1);
    let asked_first = reqs
        .iter()
        .position(|(_, u)| u.contains("/collaborators/"))
        .unwrap();
    assert!(
        reqs[asked_first].1.contains("/collaborators/Codertocat/"),
        "the member's cut is asked about first: {reqs:#?}"
    );
    let trust_reads = reqs
        .iter()
        .filter(|(_, u)| u.contains("/collaborators/") || u.contains("/events"))
        .count();
    assert!(
        trust_reads <= MAX_TRUST_READS + 4,
        "{trust_reads} trust reads: {reqs:#?}"
    );
    assert!(r.stdout.contains("left for a later run"), "{}", r.stdout);
}

/// An event list that names many appliers since the last removal (GitHub records one) costs
/// at most `MAX_LABELLERS` permission reads.
#[tokio::test]
async fn odd_label_events_cost_a_bounded_number_of_permission_reads() {
    use relcut_action::trust::MAX_LABELLERS;
    let server = MockServer::start().await;
    role(&server, "stranger", "read").await;
    let many: Vec<Value> = (0..20)
        .map(|i| label_event(i, &format!("labeller{i}"), "release-cut", true))
        .collect();
    events(&server, 1, many).await;
    let client = Client::new(
        &server.uri(),
        &"ghp_test".to_string().into(),
        RetryPolicy::default(),
        &Session::default(),
    )
    .unwrap();
    let repo = Repo::new(
        &client,
        "kubernetes",
        "sig-release",
        false,
        Identity::Known("github-actions[bot]".into()),
    );
    let check = TrustCheck::new(&repo, Permission::Write, Some("release-cut".into()));
    assert!(!check.cut(1, CUT, "stranger").await.unwrap().is_trusted());
    let asked = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path().contains("/collaborators/labeller"))
        .count();
    assert_eq!(asked, MAX_LABELLERS);
}

/// Issue #19 item 1: the trusted-cut rule is decided with what the run already read. A call by
/// the issue's author (the release manager who opened the cut) costs one permission read: the
/// command's check and the issue's trust share it.
#[tokio::test]
async fn a_call_by_the_cuts_author_reads_one_permission() {
    use crate::fake_github::{cut_body, Fake, CUT_TITLE};
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut hold waiting for the re-run of a blocking test"),
    );
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        fake.bot_comments()
            .iter()
            .any(|c| c.body.starts_with("<!-- relcut:status -->") && c.body.contains("On hold")),
        "the issue was found trusted and its status comment written: {:#?}",
        fake.bot_comments()
    );
    let reads: Vec<String> = fake
        .requests()
        .into_iter()
        .filter(|(_, u)| u.contains("/permission"))
        .map(|(_, u)| u)
        .collect();
    assert_eq!(reads.len(), 1, "{reads:#?}");
}
