//! `relcut action` end to end: the real binary against a local stand-in for the GitHub API,
//! fed with the real webhook payloads of `tests/fixtures/github-events`.

use serde_json::Value;

use crate::fake_github::{
    comment_event, cut_body, promo_body, Fake, StoredComment, BOT, CUT_TITLE, TOKEN,
};

fn outputs(fake: &Fake) -> String {
    std::fs::read_to_string(fake.output_file()).unwrap_or_default()
}

fn output(fake: &Fake, name: &str) -> Option<String> {
    let text = outputs(fake);
    let mut lines = text.lines();
    while let Some(l) = lines.next() {
        if let Some(delim) = l.strip_prefix(&format!("{name}<<")) {
            let mut value = Vec::new();
            for v in lines.by_ref() {
                if v == delim {
                    return Some(value.join("\n"));
                }
                value.push(v);
            }
        }
    }
    None
}

#[tokio::test]
async fn status_command_is_answered_in_at_most_five_requests() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("Where are we?\r\n/relcut status\r\n"),
    );
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let reqs = fake.requests();
    assert!(reqs.len() <= 5, "{reqs:#?}");
    let answers = fake.bot_comments();
    assert_eq!(answers.len(), 1);
    assert!(
        answers[0].body.starts_with("<!-- relcut:answer:"),
        "{}",
        answers[0].body
    );
    assert!(answers[0]
        .body
        .contains("**Next: Image promotion PR in kubernetes/k8s.io**"));
    assert!(
        answers[0]
            .body
            .contains("kpromo pr --fork Codertocat --tag v1.36.0-rc.1 --interactive=true"),
        "the commenter is the default fork"
    );
    let reactions = fake.state().reactions.clone();
    assert_eq!(
        reactions.iter().map(|r| r.1.as_str()).collect::<Vec<_>>(),
        ["rocket"],
        "no eyes for a command that waits on nothing"
    );
    assert_eq!(output(&fake, "version").as_deref(), Some("v1.36.0-rc.1"));
    assert_eq!(output(&fake, "release-type").as_deref(), Some("rc"));
    assert_eq!(output(&fake, "branch").as_deref(), Some("release-1.36"));
    assert_eq!(
        output(&fake, "next-step").as_deref(),
        Some("image-promotion")
    );
    assert_eq!(
        output(&fake, "promo-tags").as_deref(),
        Some("[\"v1.36.0-rc.1\"]")
    );
    assert!(output(&fake, "comment-url")
        .unwrap()
        .contains("#issuecomment-"));
    let summary = std::fs::read_to_string(ev.parent().unwrap().join("summary.md")).unwrap();
    assert!(summary.contains("### Cut v1.36.0-rc.1"));
}

#[tokio::test]
async fn a_rerun_updates_instead_of_duplicating() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut plan\n/relcut promo-tags fork=alice"),
    );
    assert_eq!(fake.run("issue_comment", &ev, &[]).await.code, 0);
    let first = fake.bot_comments();
    assert_eq!(first.len(), 2);
    let before = fake.requests().len();
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(fake.bot_comments().len(), 2, "no duplicate answers");
    let rerun: Vec<(String, String)> = fake.requests()[before..].to_vec();
    assert!(
        !rerun
            .iter()
            .any(|(m, u)| m == "POST" && u.ends_with("/comments")),
        "{rerun:#?}"
    );
}

#[tokio::test]
async fn refused_user_gets_a_reaction_and_nothing_else() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    fake.state()
        .permissions
        .insert("mallory".into(), "read".into());
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event("/relcut tick email https://groups.google.com/a/kubernetes.io/g/dev/c/x")(v);
        v["comment"]["user"]["login"] = "mallory".into();
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("refused: mallory has `read`, needs `write`; `tick` answered with a `confused` reaction, no comment"),
        "{}",
        r.stdout
    );
    assert!(fake.bot_comments().is_empty(), "{:#?}", fake.bot_comments());
    assert_eq!(
        fake.state()
            .reactions
            .iter()
            .map(|r| r.1.clone())
            .collect::<Vec<_>>(),
        ["confused"]
    );
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 2, "the permission and the reaction: {reqs:#?}");
    assert_eq!(fake.state().issue_body, cut_body(), "no tick");
}

#[tokio::test]
async fn bots_and_quoted_commands_cost_no_request() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event("/relcut status")(v);
        v["comment"]["user"]["login"] = "k8s-ci-robot".into();
        v["comment"]["user"]["type"] = "Bot".into();
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains("ignoring a comment by the bot k8s-ci-robot"),
        "{}",
        r.stdout
    );
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("Try this:\n```\n/relcut tick email\n```\n> /relcut status\n"),
    );
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0);
    assert!(fake.requests().is_empty(), "{:#?}", fake.requests());
}

#[tokio::test]
async fn the_answer_is_found_past_the_first_hundred_comments() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut status"),
    );
    {
        let mut st = fake.state();
        for i in 0..130u64 {
            st.comments.push(StoredComment {
                id: i + 1,
                body: format!("chatter {i}"),
                login: "someone".into(),
            });
        }
    }
    assert_eq!(fake.run("issue_comment", &ev, &[]).await.code, 0);
    assert_eq!(fake.bot_comments().len(), 1);
    {
        let mut st = fake.state();
        for i in 0..40u64 {
            st.comments.push(StoredComment {
                id: 2000 + i,
                body: "more".into(),
                login: "someone".into(),
            });
        }
    }
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert_eq!(
        fake.bot_comments().len(),
        1,
        "found on page 2, not posted again"
    );
    assert!(fake.requests().iter().any(|(_, u)| u.contains("page=2")));
    assert!(fake
        .requests()
        .iter()
        .all(|(m, u)| m != "GET" || !u.contains("/comments") || u.contains("per_page=100")));
}

#[tokio::test]
async fn server_errors_and_rate_limits_are_waited_out_without_double_posting() {
    use crate::fake_github::Fault;
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    {
        let mut st = fake.state();
        st.faults.push_back(Fault {
            method: "GET",
            path_contains: "/permission",
            status: 403,
            headers: vec![("retry-after", "1".into())],
            apply: false,
        });
        st.faults.push_back(Fault {
            method: "GET",
            path_contains: "/comments",
            status: 502,
            headers: vec![],
            apply: false,
        });
        st.faults.push_back(Fault {
            method: "GET",
            path_contains: "/comments",
            status: 503,
            headers: vec![],
            apply: false,
        });
        // GitHub created the comment, then the gateway failed: relcut must not post it twice.
        st.faults.push_back(Fault {
            method: "POST",
            path_contains: "/issues/1/comments",
            status: 502,
            headers: vec![],
            apply: true,
        });
    }
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut status"),
    );
    let started = std::time::Instant::now();
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        started.elapsed() >= std::time::Duration::from_secs(1),
        "Retry-After honoured"
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(30));
    assert_eq!(fake.bot_comments().len(), 1, "exactly one answer");
    let posts = fake
        .requests()
        .iter()
        .filter(|(m, u)| m == "POST" && u.ends_with("/issues/1/comments"))
        .count();
    assert_eq!(posts, 1, "{:#?}", fake.requests());
    assert!(r.stderr.contains("retrying"), "{}", r.stderr);
}

#[tokio::test]
async fn bad_token_is_a_clear_error_and_never_printed() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut status"),
    );
    let r = fake
        .run("issue_comment", &ev, &[("token", "ghp_wrongTokenValue42")])
        .await;
    assert_eq!(r.code, 3, "GitHub refused");
    assert!(
        r.stdout
            .contains("::error title=relcut::GitHub rejected the token (401 Bad credentials)"),
        "{}",
        r.stdout
    );
    for text in [&r.stdout, &r.stderr] {
        let leaks: Vec<&str> = text
            .lines()
            .filter(|l| l.contains("ghp_wrongTokenValue42") && !l.starts_with("::add-mask::"))
            .collect();
        assert!(leaks.is_empty(), "{leaks:?}");
    }
    let ok = fake.run("issue_comment", &ev, &[]).await;
    assert!(!ok
        .stdout
        .lines()
        .any(|l| l.contains(TOKEN) && !l.starts_with("::add-mask::")));
    assert!(!ok.stderr.contains(TOKEN));
}

#[tokio::test]
async fn tick_edits_the_fresh_body_and_keeps_a_human_edit() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    // A person edited the issue after the comment was made: the event carries the old body.
    let human = cut_body().replace(
        "None at the time of the cut.",
        "kubernetes/kubernetes#135000 (watching)",
    );
    fake.state().issue_body = human.clone();
    let url = "https://github.com/kubernetes/k8s.io/pull/9350";
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event(&format!("/relcut tick image-promotion {url}")),
    );
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let after = fake.state().issue_body.clone();
    assert!(
        after.contains("kubernetes/kubernetes#135000 (watching)"),
        "the human edit is kept"
    );
    let changed: Vec<(&str, &str)> = human
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(
        changed,
        [(
            "  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->",
            "  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9350"
        )]
    );
    let bots = fake.bot_comments();
    assert!(bots
        .iter()
        .any(|c| c.body.contains("ticked `image-promotion`")));
    let status = bots
        .iter()
        .find(|c| c.body.starts_with("<!-- relcut:status -->"))
        .expect("status comment refreshed");
    // The promotion PR is ticked: the promotion-job gate comes before the no-mock release.
    assert!(
        status
            .body
            .contains("**Next: Wait for the image promotion job of your merge**"),
        "{}",
        status.body
    );
    assert!(
        status.body.contains("Then: **No-mock release**"),
        "{}",
        status.body
    );
    assert_eq!(output(&fake, "next-step").as_deref(), Some("promotion-job"));
}

#[tokio::test]
async fn tick_of_a_missing_step_answers_with_the_steps_present() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut tick schedule https://github.com/kubernetes/website/pull/1"),
    );
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("::warning title=relcut command::"),
        "{}",
        r.stdout
    );
    let answer = &fake.bot_comments()[0];
    assert!(
        answer
            .body
            .contains("this issue has no item for `schedule`: it has `release-signal`"),
        "{}",
        answer.body
    );
    assert_eq!(fake.state().reactions.last().unwrap().1, "confused");
    assert_eq!(fake.state().issue_body, cut_body());
}

#[tokio::test]
async fn issue_events_keep_one_status_comment() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let opened = fake.event("issues.opened.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = cut_body().replace('\n', "\r\n").into();
    });
    let r = fake.run("issues", &opened, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(fake.bot_comments().len(), 1);
    // The author's permission (the trusted-cut rule), the comments, the status comment.
    assert!(fake.requests().len() <= 4, "{:#?}", fake.requests());
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = cut_body()
            .replace(
                "  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->",
                "  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9350",
            )
            .into();
    });
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0);
    let bots = fake.bot_comments();
    assert_eq!(bots.len(), 1, "updated in place");
    assert!(bots[0]
        .body
        .contains("**Next: Wait for the image promotion job of your merge**"));
    assert!(bots[0].body.contains("Then: **No-mock release**"));
    // labelled: same comment, already current, no write
    let writes = fake.writes();
    let labeled = fake.event("issues.labeled.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = fake.state().issue_body.clone().into();
        v["issue"]["body"] = cut_body()
            .replace(
                "  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->",
                "  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9350",
            )
            .into();
    });
    assert_eq!(fake.run("issues", &labeled, &[]).await.code, 0);
    assert_eq!(
        fake.writes(),
        writes,
        "an unchanged status is not rewritten"
    );
}

#[tokio::test]
async fn other_issues_and_label_filters_are_left_alone() {
    let fake = Fake::start("Spelling error in the README file", "").await;
    let plain = fake.event("issues.opened.json", |_| {});
    let r = fake.run("issues", &plain, &[]).await;
    assert_eq!(r.code, 0);
    assert!(r.stdout.contains("is not a cut issue"));
    let empty = fake.event("issues.opened.with-empty-body.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
    });
    let r = fake
        .run("issues", &empty, &[("labels", "sig/release")])
        .await;
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("has none of the labels sig/release"),
        "{}",
        r.stdout
    );
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn edited_comments_need_allow_edits_and_dry_run_writes_nothing() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event("issue_comment.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = cut_body().into();
        v["comment"]["body"] = "/relcut status".into();
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0);
    assert!(fake.requests().is_empty());
    let r = fake
        .run(
            "issue_comment",
            &ev,
            &[("allow-edits", "true"), ("dry-run", "true")],
        )
        .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stderr.contains("dry-run: would comment on #1"),
        "{}",
        r.stderr
    );
    assert_eq!(fake.writes(), 0, "{:#?}", fake.requests());
    let r = fake
        .run("issue_comment", &ev, &[("allow-edits", "maybe")])
        .await;
    assert_eq!(r.code, 1);
    assert!(r
        .stdout
        .contains("input `allow-edits` is `maybe`: use `true` or `false`"));
}

fn prow_items(sha: &str, state: &str) -> Value {
    serde_json::json!({"items": [
        {"spec": {"job": "post-k8sio-image-promo", "refs": {"base_sha": "not-ours"}}, "status": {"state": "success", "startTime": "2026-04-07T13:00:00Z", "url": "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/9"}},
        {"spec": {"job": "post-k8sio-image-promo", "refs": {"base_sha": sha}}, "status": {"state": state, "startTime": "2026-04-07T12:00:00Z", "url": "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/7"}}
    ]})
}

#[tokio::test]
async fn the_status_comment_gates_the_nomock_release_on_our_promotion_job() {
    let fake = Fake::start(CUT_TITLE, &promo_body(9350)).await;
    {
        let mut st = fake.state();
        st.extra.insert(
            "/repos/kubernetes/k8s.io/pulls/9350".into(),
            serde_json::json!({"number": 9350, "title": "releng: Image promotion for kubernetes v1.36.0-rc.1", "merged": true, "merge_commit_sha": "m9350", "base": {"sha": "b"}, "head": {"sha": "h"}}),
        );
        st.extra
            .insert("/prowjobs.js".into(), prow_items("m9350", "pending"));
    }
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = promo_body(9350).into();
        v["issue"]["updated_at"] = "2026-04-07T12:30:00Z".into();
    });
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let status = fake.bot_comments()[0].body.clone();
    assert!(
        status.contains("🚫 **Gate:** `nomock-release` is blocked"),
        "{status}"
    );
    assert!(status.contains("[running](https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/7)"), "{status}");
    assert!(
        status.contains("<!-- relcut:ledger {"),
        "the ledger rides along"
    );
    assert!(
        status.contains("\"image\\u002dpromotion\":\"2026\\u002d04\\u002d07T12:30:00Z\""),
        "{status}"
    );

    fake.state()
        .extra
        .insert("/prowjobs.js".into(), prow_items("m9350", "success"));
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0);
    let status = fake.bot_comments()[0].body.clone();
    assert!(
        status.contains("✅ **Gate:** every promotion job succeeded"),
        "{status}"
    );
    assert_eq!(fake.bot_comments().len(), 1);

    // /relcut history shows the jobs table and the timeline from the ledger
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event("/relcut history")(v);
        v["issue"]["body"] = promo_body(9350).into();
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0);
    let answer = fake
        .bot_comments()
        .into_iter()
        .find(|c| c.body.contains(":history -->"))
        .unwrap();
    assert!(answer.body.contains("| `mock stage`"), "{}", answer.body);
    assert!(
        answer
            .body
            .contains("| `image-promotion` | 2026-04-07T12:30:00Z |"),
        "{}",
        answer.body
    );
}

#[tokio::test]
async fn check_command_reports_the_gates_with_an_eyes_reaction() {
    let fake = Fake::start(CUT_TITLE, &promo_body(9350)).await;
    {
        let mut st = fake.state();
        st.extra.insert(
            "/repos/kubernetes/kubernetes/issues/56876".into(),
            serde_json::json!({"number": 56876, "state": "closed"}),
        );
        st.extra.insert(
            "/repos/kubernetes/k8s.io/pulls/9350".into(),
            serde_json::json!({"number": 9350, "title": "releng: Image promotion for kubernetes v1.36.0-rc.1", "merged": true, "merge_commit_sha": "m9350", "base": {"sha": "b"}, "head": {"sha": "h"}}),
        );
        st.extra.insert("/repos/kubernetes/k8s.io/pulls/9350/files".into(), serde_json::json!([{"filename": "registry.k8s.io/images/k8s-staging-kubernetes/images.yaml"}]));
        use base64::Engine;
        let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
        let base = "- name: kube-proxy\n  dmap:\n    \"sha256:aaaa\": [\"v1.36.0-rc.0\"]\n";
        let head = "- name: kube-proxy\n  dmap:\n    \"sha256:aaaa\": [\"v1.36.0-rc.0\"]\n    \"sha256:bbbb\": [\"v1.36.0-rc.1\"]\n";
        // both refs share the path; the fake answers by path only, so use the blob API for head
        st.extra.insert(
            "/repos/kubernetes/k8s.io/contents/registry.k8s.io/images/k8s-staging-kubernetes/images.yaml".into(),
            serde_json::json!({"sha": "blob", "encoding": "base64", "content": b64(base)}),
        );
        let _ = head;
        st.extra
            .insert("/prowjobs.js".into(), prow_items("m9350", "success"));
    }
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event("/relcut check all")(v);
        v["issue"]["body"] = promo_body(9350).into();
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let reactions: Vec<String> = fake.state().reactions.iter().map(|r| r.1.clone()).collect();
    assert_eq!(
        reactions.first().map(String::as_str),
        Some("eyes"),
        "check waits on other services"
    );
    let answer = fake
        .bot_comments()
        .into_iter()
        .find(|c| c.body.contains(":check -->"))
        .unwrap();
    assert!(
        answer
            .body
            .contains("✅ publishing-bot: the publishing-bot is healthy"),
        "{}",
        answer.body
    );
    assert!(
        answer.body.contains("promotion job: [succeeded]"),
        "{}",
        answer.body
    );
    // base and head are the same file here: nothing was added, which the check reports
    assert!(
        answer.body.contains(
            "🚫 [kubernetes/k8s.io#\u{2060}9350](https://github.com/kubernetes/k8s.io/pull/9350)"
        ),
        "{}",
        answer.body
    );
    assert!(
        answer.body.contains("has no digest for v1.36.0-rc.1")
            || answer.body.contains("no image carries v1.36.0-rc.1"),
        "{}",
        answer.body
    );
    assert_eq!(reactions.last().map(String::as_str), Some("confused"));
}

#[tokio::test]
async fn a_linked_unticked_promotion_pr_is_watched_from_its_merge_and_settles_the_title_check() {
    // The release manager pasted the PR but has not ticked it: relcut follows the PR itself.
    let body =
        promo_body(9350).replace("  - [x] Image Promotion PR:", "  - [ ] Image Promotion PR:");
    let fake = Fake::start(CUT_TITLE, &body).await;
    fake.state().extra.insert(
        "/repos/kubernetes/k8s.io/pulls/9350".into(),
        serde_json::json!({"number": 9350, "title": "releng: Image promotion for kubernetes v1.36.0-rc.1", "merged": false, "merge_commit_sha": null, "base": {"sha": "b"}, "head": {"sha": "h"}}),
    );
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = body.clone().into();
        v["issue"]["updated_at"] = "2026-04-07T12:30:00Z".into();
    });
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let status = fake.bot_comments()[0].body.clone();
    assert!(
        status
            .contains("**Next: Wait for the image promotion job of your merge** (`promotion-job`)"),
        "{status}"
    );
    assert!(
        status.contains(
            "🔄 [kubernetes/k8s.io#\u{2060}9350](https://github.com/kubernetes/k8s.io/pull/9350) is linked but `image-promotion` is not ticked"
        ),
        "{status}"
    );
    assert!(
        status.contains(
            "[kubernetes/k8s.io#\u{2060}9350](https://github.com/kubernetes/k8s.io/pull/9350) is not merged yet: get /lgtm and /approve, then /unhold"
        ),
        "the live gate follows the PR before its merge: {status}"
    );
    assert!(!status.contains("kpromo pr"), "never a second PR: {status}");
    // The bare link said nothing of the tags; the title GitHub has does.
    assert!(
        status.contains("Promotion PRs (exact): [kubernetes/k8s.io#\u{2060}9350](https://github.com/kubernetes/k8s.io/pull/9350) promotes exactly v1.36.0-rc.1, by its title on GitHub"),
        "{status}"
    );

    // Merged, and the job of its merge commit succeeded: the comment moves on to the release,
    // with both rows done (the unticked box named) and the run linked.
    fake.state().extra.insert(
        "/repos/kubernetes/k8s.io/pulls/9350".into(),
        serde_json::json!({"number": 9350, "title": "releng: Image promotion for kubernetes v1.36.0-rc.1", "merged": true, "merge_commit_sha": "m9350", "base": {"sha": "b"}, "head": {"sha": "h"}}),
    );
    fake.state()
        .extra
        .insert("/prowjobs.js".into(), prow_items("m9350", "success"));
    // GitHub gives each step an output file of its own.
    std::fs::write(fake.output_file(), "").unwrap();
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let status = fake.bot_comments()[0].body.clone();
    assert!(
        status.contains("**Next: No-mock release** (`nomock-release`)"),
        "{status}"
    );
    assert!(
        !status.contains("Wait for the image promotion job"),
        "{status}"
    );
    assert!(
        status.contains("✅ **Gate:** every promotion job succeeded"),
        "{status}"
    );
    assert!(
        status.contains("| ✅ | `image-promotion` | Image Promotion PR _(merged, as GitHub says: tick the box)_ |"),
        "{status}"
    );
    assert!(
        status.contains("| ✅ | `promotion-job` |")
            && status.contains(
                "(https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/7)"
            ),
        "{status}"
    );
    assert_eq!(
        output(&fake, "next-step").as_deref(),
        Some("nomock-release")
    );
}

#[tokio::test]
async fn a_promotion_pr_that_does_not_exist_is_named_with_its_fix_and_a_payload_without_issue_is_said(
) {
    // No such PR on GitHub (the stand-in answers 404): a wrong number on the issue, not an
    // outage.
    let fake = Fake::start(CUT_TITLE, &promo_body(9350)).await;
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = promo_body(9350).into();
    });
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let status = fake.bot_comments()[0].body.clone();
    assert!(
        status.contains("could not check (kubernetes/k8s.io#\u{2060}9350 does not exist: check the number on the Image Promotion item)"),
        "{status}"
    );

    let empty = fake.event("issues.edited.json", |v: &mut Value| {
        *v = serde_json::json!({});
    });
    let r = fake.run("issues", &empty, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("the `issues` event payload has no `issue` object"),
        "{}",
        r.stdout
    );
}

#[tokio::test]
async fn check_says_when_the_promotion_prs_leave_a_tag_of_the_cut_unpromoted() {
    // An rc.0 promotes its tag and the next minor's alpha.0; one PR with only the rc.0 went in.
    let title = "Cut v1.36.0-rc.0 release";
    let fake = Fake::start(title, &promo_body(9350)).await;
    {
        let mut st = fake.state();
        st.extra.insert(
            "/repos/kubernetes/k8s.io/pulls/9350".into(),
            serde_json::json!({"number": 9350, "title": "releng: Image promotion for kubernetes v1.36.0-rc.0", "merged": true, "merge_commit_sha": "m9350", "base": {"sha": "b"}, "head": {"sha": "h"}}),
        );
        st.extra
            .insert("/prowjobs.js".into(), prow_items("m9350", "success"));
    }
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event("/relcut check promotion")(v);
        v["issue"]["title"] = title.into();
        v["issue"]["body"] = promo_body(9350).into();
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let answer = fake
        .bot_comments()
        .into_iter()
        .find(|c| c.body.contains(":check -->"))
        .unwrap()
        .body;
    assert!(answer.contains("promotion job: [succeeded]"), "{answer}");
    assert!(
        answer.contains("- 🚫 the title of kubernetes/k8s.io#9350 promotes v1.36.0-rc.0: no PR promotes v1.37.0-alpha.0"),
        "{answer}"
    );
    let reactions: Vec<String> = fake.state().reactions.iter().map(|r| r.1.clone()).collect();
    assert_eq!(reactions.last().map(String::as_str), Some("confused"));
}

// ---- Trust: only relcut's own comments (written by the token's identity, marker first). ----

fn foreign(id: u64, login: &str, body: &str) -> StoredComment {
    StoredComment {
        id,
        body: body.into(),
        login: login.into(),
    }
}

#[tokio::test]
async fn a_status_marker_squatted_by_someone_else_is_not_adopted() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let squat = "<!-- relcut:status -->\nI got here first";
    fake.state().comments.push(foreign(7, "mallory", squat));
    let opened = fake.event("issues.opened.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = cut_body().into();
    });
    for _ in 0..2 {
        let r = fake.run("issues", &opened, &[]).await;
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    }
    let st = fake.state();
    assert_eq!(st.comments[0].body, squat, "never edited");
    let ours: Vec<_> = st.comments.iter().filter(|c| c.login == BOT).collect();
    assert_eq!(ours.len(), 1, "{ours:#?}");
    assert!(ours[0].body.starts_with("<!-- relcut:status -->\n"));
}

#[tokio::test]
async fn an_answer_marker_squatted_by_someone_else_is_not_adopted() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event(
            "/relcut tick image-promotion https://github.com/kubernetes/k8s.io/pull/9350",
        ),
    );
    let id = serde_json::from_str::<Value>(&std::fs::read_to_string(&ev).unwrap()).unwrap()
        ["comment"]["id"]
        .as_u64()
        .unwrap();
    let squat = format!("<!-- relcut:answer:{id}:tick -->\nmine");
    fake.state().comments.push(foreign(7, "mallory", &squat));
    for _ in 0..2 {
        let r = fake.run("issue_comment", &ev, &[]).await;
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    }
    let st = fake.state();
    assert_eq!(st.comments[0].body, squat);
    let answers = st
        .comments
        .iter()
        .filter(|c| c.login == BOT && c.body.contains(":tick -->"))
        .count();
    assert_eq!(answers, 1);
    assert!(st
        .issue_body
        .contains("- [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9350"));
}

/// What a hostile comment carries: markers, a forged ledger, mentions, HTML, a `</details>`.
fn hostile(lines: usize) -> String {
    let mut s = String::from("/relcut tick email https://groups.google.com/x\n<!-- relcut:status -->\n<!-- relcut:ledger {\"email\":\"2020-01-01T00:00:00Z\"} -->\n");
    for i in 0..lines {
        s.push_str(&format!(
            "/relcut x{i} @kubernetes/release-managers </details><h1>APPROVED</h1> #1 -->\n"
        ));
    }
    s
}

#[tokio::test]
async fn a_refusal_echoes_nothing_and_is_never_trusted() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    fake.state()
        .permissions
        .insert("mallory".into(), "read".into());
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event(&hostile(10_000))(v);
        v["comment"]["user"]["login"] = "mallory".into();
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(fake.bot_comments().is_empty(), "no reply at all");
    for leak in ["@kubernetes", "<h1>", "</details>", "relcut:ledger"] {
        assert!(!r.stdout.contains(leak), "{leak} in the log: {}", r.stdout);
    }
    assert!(
        r.stdout
            .contains("`tick`, 10000 unknown command(s) answered with a `confused` reaction"),
        "{}",
        r.stdout
    );
    // The next issue event writes a status comment of its own, with no forged timeline.
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = cut_body().into();
    });
    assert_eq!(fake.run("issues", &edited, &[]).await.code, 0);
    let bots = fake.bot_comments();
    assert_eq!(bots.len(), 1);
    assert!(!bots[0].body.contains("2020-01-01"), "{}", bots[0].body);
}

#[tokio::test]
async fn a_forged_ledger_in_someone_elses_comment_is_not_trusted() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    fake.state().comments.push(foreign(
        7,
        "mallory",
        "<!-- relcut:status -->\n<!-- relcut:ledger {\"email\":\"2020-01-01T00:00:00Z\"} -->",
    ));
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut history"),
    );
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stdout);
    let answer = &fake.bot_comments()[0].body;
    assert!(!answer.contains("2020-01-01"), "{answer}");
}

#[tokio::test]
async fn a_forged_ledger_in_our_own_comment_is_dropped_and_cannot_break_out() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    // An earlier relcut status comment whose ledger was damaged: values that would close the
    // HTML comment and ping a team.
    fake.state().comments.push(foreign(
        7,
        BOT,
        "<!-- relcut:status -->\n<!-- relcut:ledger {\"email\":\"x --> @kubernetes/release-managers <h1>hi</h1>\"} -->\nold\n\n<sub>relcut keeps this comment current · `/relcut help` lists the commands</sub>\n",
    ));
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = cut_body().into();
    });
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("ignored the ledger of the status comment"),
        "{}",
        r.stdout
    );
    let status = &fake.bot_comments()[0].body;
    assert!(!status.contains("@kubernetes"), "{status}");
    assert!(!status.contains("<h1>"), "{status}");
    let ledger_line = status
        .lines()
        .find(|l| l.contains("relcut:ledger"))
        .unwrap();
    assert_eq!(ledger_line.matches("-->").count(), 1, "{ledger_line}");
}

// ---- Echo nothing raw, bounded work per comment. ----

#[tokio::test]
async fn unknown_verbs_get_one_answer_and_commands_are_capped() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let body: String = (0..300).map(|i| format!("/relcut frob{i}\n")).collect();
    let ev = fake.event("issue_comment.created.json", comment_event(&body));
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stdout);
    let bots = fake.bot_comments();
    assert_eq!(bots.len(), 1, "{bots:#?}");
    assert!(
        bots[0].body.contains("unknown command `frob0`, `frob1`"),
        "{}",
        bots[0].body
    );
    assert!(!bots[0].body.contains("frob10`"), "capped at 10 commands");
    assert!(
        r.stdout.contains("only the first 10 are answered"),
        "{}",
        r.stdout
    );
    assert!(fake.requests().len() <= 6, "{:#?}", fake.requests());
}

#[tokio::test]
async fn tick_writes_only_plain_links_of_the_steps_host() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    for link in [
        "https://x.example/)[**Approved**](https://evil.example/a",
        "https://github.com/kubernetes/k8s.io/pull/1)[**Approved**](https://evil.example/",
        "https://github.com@evil.example/kubernetes/k8s.io/pull/1",
        "javascript:alert(1)",
        "https://groups.google.com/a/kubernetes.io/g/dev/c/x",
    ] {
        let ev = fake.event(
            "issue_comment.created.json",
            comment_event(&format!("/relcut tick image-promotion {link}")),
        );
        let r = fake.run("issue_comment", &ev, &[]).await;
        assert_eq!(r.code, 0, "{}", r.stdout);
        assert_eq!(fake.state().issue_body, cut_body(), "{link} not written");
    }
    let answers: Vec<String> = fake.bot_comments().into_iter().map(|c| c.body).collect();
    assert!(
        answers
            .iter()
            .all(|a| !a.contains("evil.example") && !a.contains("**Approved**")),
        "{answers:#?}"
    );
    // Issue 20: the rule is the step table's, shared with `relcut checklist tick` (the
    // wording changed with it: the kinds of link that prove the step, not a host list). The
    // same comment's answer is upserted: the last link's refusal stands.
    assert!(
        answers[0].contains("`image-promotion` is proven by a kubernetes/k8s.io pull request, not by a groups.google.com thread"),
        "{}",
        answers[0]
    );
}

// ---- Scope. ----

#[tokio::test]
async fn pull_requests_unlabelled_and_non_cut_issues_take_no_commands() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let tick = "/relcut tick image-promotion https://github.com/kubernetes/k8s.io/pull/9350";
    let pr = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event(tick)(v);
        v["issue"]["pull_request"] =
            serde_json::json!({"url": "https://api.github.com/repos/o/r/pulls/1"});
    });
    let r = fake.run("issue_comment", &pr, &[]).await;
    assert_eq!(r.code, 0);
    assert!(
        r.stdout.contains("is a pull request, never a cut issue"),
        "{}",
        r.stdout
    );
    let unlabelled = fake.event("issue_comment.created.json", comment_event(tick));
    let r = fake
        .run("issue_comment", &unlabelled, &[("labels", "sig/release")])
        .await;
    assert!(
        r.stdout.contains("has none of the labels sig/release"),
        "{}",
        r.stdout
    );
    let other = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event(tick)(v);
        v["issue"]["title"] = "Spelling error in the README file".into();
    });
    let r = fake.run("issue_comment", &other, &[]).await;
    assert!(r.stdout.contains("is not a cut issue"), "{}", r.stdout);
    assert!(fake.requests().is_empty(), "{:#?}", fake.requests());
    assert_eq!(fake.state().issue_body, cut_body());
}

#[tokio::test]
async fn with_allow_edits_the_editor_must_pass_the_same_checks() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    fake.state()
        .permissions
        .insert("mallory".into(), "read".into());
    let tick = "/relcut tick image-promotion https://github.com/kubernetes/k8s.io/pull/9350";
    let by = |login: &'static str, kind: &'static str| {
        move |v: &mut Value| {
            v["issue"]["title"] = CUT_TITLE.into();
            v["issue"]["body"] = cut_body().into();
            v["comment"]["body"] = tick.into();
            v["sender"]["login"] = login.into();
            v["sender"]["type"] = kind.into();
        }
    };
    let bot = fake.event("issue_comment.edited.json", by("renovate[bot]", "Bot"));
    let r = fake
        .run("issue_comment", &bot, &[("allow-edits", "true")])
        .await;
    assert_eq!(r.code, 0);
    assert!(
        r.stdout
            .contains("ignoring a comment by the bot renovate[bot]"),
        "{}",
        r.stdout
    );
    assert!(fake.requests().is_empty());
    let reader = fake.event("issue_comment.edited.json", by("mallory", "User"));
    let r = fake
        .run("issue_comment", &reader, &[("allow-edits", "true")])
        .await;
    assert_eq!(r.code, 0, "{}", r.stdout);
    assert!(
        r.stdout
            .contains("refused: mallory has `read`, needs `write`"),
        "{}",
        r.stdout
    );
    assert_eq!(fake.state().issue_body, cut_body(), "not ticked");
}

#[tokio::test]
async fn a_token_with_a_newline_is_a_clear_error() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut status"),
    );
    let r = fake
        .run("issue_comment", &ev, &[("token", "ghp_abc\ndef")])
        .await;
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("the token has a space, a line break or a non-ASCII character at position 8"),
        "{}",
        r.stdout
    );
    assert!(
        !r.stdout.contains("ghp_abc") && !r.stderr.contains("ghp_abc"),
        "never printed"
    );
    assert!(fake.requests().is_empty());
}

#[tokio::test]
async fn an_app_token_learns_who_it_writes_as_and_bot_login_keeps_it() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    fake.state().bot_login = Some("relcut-app[bot]".into());
    let opened = fake.event("issues.opened.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = cut_body().into();
    });
    let r = fake.run("issues", &opened, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr
            .contains("set the `bot-login` input to `relcut-app[bot]`"),
        "{}",
        r.stderr
    );
    assert_eq!(fake.bot_comments().len(), 1);
    let posts = |fake: &Fake| {
        fake.requests()
            .iter()
            .filter(|(m, u)| m == "POST" && u.ends_with("/issues/1/comments"))
            .count()
    };
    let before = posts(&fake);
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = cut_body()
            .replace("- [ ] Send email", "- [x] Send email")
            .into();
    });
    let r = fake
        .run("issues", &edited, &[("bot-login", "relcut-app[bot]")])
        .await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(posts(&fake), before, "updated in place");
    assert_eq!(fake.bot_comments().len(), 1);
}

/// Review 2 of issue 12, item 8: `/relcut plan` in a comment takes the CLI's flags (a patch's
/// mock runs with their own build version), and still refuses an option it does not know.
#[tokio::test]
async fn plan_in_a_comment_takes_the_clis_flags() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let (mock, nomock) = ("v1.35.2-9+0123456789abcd", "v1.35.2-10+abcdef0123456");
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event(&format!(
            "/relcut plan v1.35.3 --with-mock --mock-build-version {mock} --build-version {nomock}\n/relcut plan --frobnicate"
        )),
    );
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stdout);
    let answers = fake.bot_comments();
    let all: String = answers.iter().map(|c| c.body.as_str()).collect();
    for cmd in [
        format!("krel release --type official --branch release-1.35 --build-version {mock}"),
        format!(
            "krel release --type official --branch release-1.35 --build-version {nomock} --nomock"
        ),
        "unknown option `--frobnicate`".to_string(),
    ] {
        assert!(all.contains(&cmd), "{cmd}: {all}");
    }
    assert!(!all.contains("is not a Kubernetes release tag"), "{all}");
}

#[tokio::test]
async fn a_strangers_cut_issue_costs_one_permission_read_and_nothing_visible() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let mention_bait = format!("{}\n@kubernetes/release-managers @alice", cut_body());
    let opened = fake.event("issues.opened.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = mention_bait.clone().into();
        v["issue"]["user"]["login"] = "mallory".into();
    });
    let r = fake.run("issues", &opened, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("not a trusted cut"), "{}", r.stdout);
    assert_eq!(fake.bot_comments().len(), 0);
    assert_eq!(fake.writes(), 0, "{:#?}", fake.requests());
    let reqs = fake.requests();
    assert_eq!(reqs.len(), 1, "{reqs:#?}");
    assert!(
        reqs[0].1.contains("/collaborators/mallory/permission"),
        "{reqs:#?}"
    );
    // The workflow's outputs still say what the issue reads as (nothing is written with them).
    assert_eq!(output(&fake, "version").as_deref(), Some("v1.36.0-rc.1"));
    assert_eq!(output(&fake, "branch").as_deref(), Some("release-1.36"));
    assert!(
        output(&fake, "next-step").is_some_and(|s| !s.is_empty()),
        "{}",
        outputs(&fake)
    );

    // The same issue opened by a maintainer is a cut.
    let opened = fake.event("issues.opened.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = cut_body().into();
    });
    let r = fake.run("issues", &opened, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(fake.bot_comments().len(), 1);
}
