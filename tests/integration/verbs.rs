//! The cut's control verbs through `relcut action` against the GitHub stand-in: `/relcut
//! explain` and `/relcut preflight` (issue 22).

use serde_json::{json, Value};

use crate::common::relcut_against;
use crate::fake_github::{
    comment_event, cut_body, issue_like, Fake, Fault, CUT_TITLE, OWNER, REPO,
};

/// The answers relcut posted, by the verb of their marker.
fn answer(fake: &Fake, verb: &str) -> String {
    let marker = format!(":{verb} -->");
    fake.bot_comments()
        .into_iter()
        .find(|c| c.body.lines().next().is_some_and(|l| l.ends_with(&marker)))
        .map(|c| c.body)
        .unwrap_or_else(|| panic!("no `{verb}` answer in {:#?}", fake.bot_comments()))
}

fn reactions(fake: &Fake) -> Vec<String> {
    fake.state()
        .reactions
        .iter()
        .map(|(_, r)| r.clone())
        .collect()
}

/// Runs one comment of `lines` on the bundled rc.1 cut issue.
async fn comment(fake: &Fake, lines: &str) -> crate::common::Run {
    let ev = fake.event("issue_comment.created.json", comment_event(lines));
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    r
}

// ---- /relcut explain ----

const QUOTA: &str = "ERROR: (gcloud.builds.submit) RESOURCE_EXHAUSTED: Quota exceeded for quota metric 'Build and Operation Get requests' and limit 'Build and Operation Get requests per minute' of service 'cloudbuild.googleapis.com' for consumer 'project_number:648026197307'.";

#[tokio::test]
async fn explain_answers_the_code_block_as_the_cli_does() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    comment(
        &fake,
        &format!("The no-mock stage stopped:\n\n/relcut explain\n```\nStep #1: {QUOTA}\n```\n"),
    )
    .await;
    let a = answer(&fake, "explain");
    // The CLI's verdict on the same text...
    let cli = crate::common::relcut(&["explain", "--json", &format!("Step #1: {QUOTA}")]);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    let j = cli.json();
    assert_eq!(j["id"], "gcb-quota-exceeded");
    // ...is the comment's, rendered by the same report.
    let want = relcut_core::explain::explain(&format!("Step #1: {QUOTA}\n")).markdown();
    assert!(a.contains(&want), "{a}\n---\n{want}");
    assert!(
        a.contains("**`gcb-quota-exceeded`**: a known Cloud Build failure, at step `nomock-stage`")
    );
    assert!(a.contains(j["source"]["url"].as_str().unwrap()), "{a}");
    assert!(
        !a.contains("project_number"),
        "the text is never echoed: {a}"
    );
    assert_eq!(reactions(&fake), ["rocket"], "no eyes: it waits on nothing");
    assert!(fake.requests().len() <= 5, "{:#?}", fake.requests());

    // The rest of the line works too, and the answer is updated, not posted again.
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    comment(&fake, &format!("/relcut explain {QUOTA}")).await;
    assert!(answer(&fake, "explain").contains(&want));
}

#[tokio::test]
async fn explain_of_an_unknown_or_hostile_text_says_where_to_ask_and_echoes_nothing() {
    let hostile = "@kubernetes/release-managers please look ``` `</details>` <h1>APPROVED</h1> #1 [x](javascript:alert(1)) <!-- relcut:status -->";
    for body in [
        format!("/relcut explain {hostile}"),
        format!("/relcut explain\n````\n{hostile}\n```\n/relcut tick email\n````\n"),
        // A known failure inside hostile text: the explanation, never the text.
        format!("/relcut explain\n```\n{hostile}\n{QUOTA}\n```\n"),
    ] {
        let fake = Fake::start(CUT_TITLE, &cut_body()).await;
        let r = comment(&fake, &body).await;
        let a = answer(&fake, "explain");
        for leak in [
            "@kubernetes",
            "<h1>",
            "</details>",
            "javascript:",
            "relcut:status",
            "APPROVED",
            "#1 ",
        ] {
            assert!(!a.contains(leak), "{leak} in {a}");
        }
        assert_eq!(
            fake.bot_comments().len(),
            1,
            "a command in the code block is text: {:#?}",
            fake.bot_comments()
        );
        assert!(fake.state().issue_body == cut_body(), "nothing was ticked");
        if body.contains("RESOURCE_EXHAUSTED") {
            assert!(a.contains("`gcb-quota-exceeded`"), "{a}");
            assert_eq!(reactions(&fake), ["rocket"]);
        } else {
            assert!(
                a.contains("No known failure matches this text: ask in [#\u{2060}release-management on Kubernetes Slack](https://kubernetes.slack.com/archives/CJH2GBF7Y)"),
                "{a}"
            );
            assert_eq!(reactions(&fake), ["confused"]);
            assert!(r.stdout.contains("`/relcut explain`"), "{}", r.stdout);
        }
    }
}

#[tokio::test]
async fn explain_without_a_text_says_where_to_put_it() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    comment(&fake, "/relcut explain").await;
    let a = answer(&fake, "explain");
    assert!(
        a.contains("**`/relcut explain`**: give the failure text: on the line"),
        "{a}"
    );
    assert_eq!(reactions(&fake), ["confused"]);
}

// ---- /relcut preflight ----

/// GitHub as `/relcut preflight` asks it: the repository's open issues (this cut issue, #1,
/// listing kubernetes/kubernetes#138001 as release-blocking, and `others`), the release branch
/// (`None`: missing) and the blocking issue's state.
fn preflight_world(
    fake: &Fake,
    others: &[(u64, &str, &str)],
    protected: Option<bool>,
    blocker: &str,
) -> String {
    let body = cut_body().replace(
        "None at the time of the cut.",
        "- https://github.com/kubernetes/kubernetes/issues/138001",
    );
    let issue = |n: u64, title: &str, body: &str| {
        let mut v =
            issue_like(&json!({"number": n, "title": title, "body": body, "state": "open"}));
        v["html_url"] = format!("https://github.com/{OWNER}/{REPO}/issues/{n}").into();
        v["created_at"] = "2026-04-06T08:00:00Z".into();
        v
    };
    let mut listed = vec![issue(1, CUT_TITLE, &body)];
    for (n, title, day) in others {
        listed.push(issue(
            *n,
            title,
            &format!("## Scheduled to happen: Thu, {day}\n\n## Release Steps\n\n- [ ] Ensure a green signal\n"),
        ));
    }
    let mut st = fake.state();
    st.issue_body.clone_from(&body);
    // The same open issues under both names: the Action's repository, and kubernetes/sig-release
    // where the CLI looks.
    st.extra.insert(
        format!("/repos/{OWNER}/{REPO}/issues"),
        Value::Array(listed.clone()),
    );
    st.extra.insert(
        "/repos/kubernetes/sig-release/issues".into(),
        Value::Array(listed),
    );
    if let Some(p) = protected {
        st.extra.insert(
            "/repos/kubernetes/kubernetes/branches/release-1.36".into(),
            json!({"name": "release-1.36", "commit": {"sha": "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"}, "protected": p,
                   "protection_url": "https://api.github.com/repos/kubernetes/kubernetes/branches/release-1.36/protection"}),
        );
    }
    st.extra.insert(
        "/repos/kubernetes/kubernetes/issues/138001".into(),
        json!({"number": 138_001, "state": blocker}),
    );
    body
}

/// Runs `/relcut preflight` on the cut issue whose body is `body`.
async fn preflight(fake: &Fake, body: &str) -> (crate::common::Run, String) {
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event("/relcut preflight")(v);
        v["issue"]["body"] = body.into();
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    (r, answer(fake, "preflight"))
}

/// The rows of the answer's table: (check, verdict, found).
fn rows(answer: &str) -> Vec<(String, String, String)> {
    answer
        .lines()
        .filter(|l| l.starts_with("| `"))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            (
                cells[0]
                    .trim_start_matches("| ")
                    .trim_matches('`')
                    .to_string(),
                cells[1].to_string(),
                cells[2].to_string(),
            )
        })
        .collect()
}

#[tokio::test]
async fn preflight_passes_with_the_cli_s_verdicts_and_names_what_it_did_not_run() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let body = preflight_world(&fake, &[], Some(true), "closed");
    let (_, a) = preflight(&fake, &body).await;
    assert!(a.contains("**Preflight for `v1.36.0-rc.1`: pass**"), "{a}");
    let got = rows(&a);
    let ids: Vec<&str> = got.iter().map(|(id, _, _)| id.as_str()).collect();
    assert_eq!(ids, ["other-cuts", "branch-protected", "blocking-issues"]);
    assert!(got.iter().all(|(_, v, _)| v == "pass"), "{got:#?}");
    assert!(
        a.contains("Not run here: `krel-installed`, `krel-clean`, `krel-current`, `kpromo-installed`, `gcloud-account`, `application-default-credentials`, `github-token`.")
            && a.contains("run `relcut preflight v1.36.0-rc.1` there"),
        "{a}"
    );
    assert_eq!(reactions(&fake), ["eyes", "rocket"], "it waits on GitHub");

    // The CLI on the same GitHub: the same verdicts and findings for the same checks.
    let cli = relcut_against(
        &["preflight", "v1.36.0-rc.1", "--json"],
        &fake.server.uri(),
        &[("PATH", "/nonexistent")],
    )
    .await;
    let checks = cli.json()["checks"].as_array().unwrap().clone();
    for (id, verdict, found) in &got {
        let twin = checks
            .iter()
            .find(|c| c["id"] == id.as_str())
            .unwrap_or_else(|| panic!("{id}: {}", cli.stdout));
        assert_eq!(twin["verdict"], verdict.as_str(), "{id}");
        assert_eq!(
            relcut_core::md::plain_with_code(twin["detail"].as_str().unwrap()),
            *found,
            "{id}"
        );
    }
}

/// Issue #19 item 7: deadlines hold for `/relcut preflight`'s questions too. The release branch
/// never answers: the run still ends within `max-wait` + 10 s, and says so.
#[tokio::test]
async fn preflight_ends_within_max_wait_plus_ten_seconds_when_github_hangs() {
    use std::time::{Duration, Instant};
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, ResponseTemplate};
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let body = preflight_world(&fake, &[], None, "closed");
    Mock::given(method("GET"))
        .and(path("/repos/kubernetes/kubernetes/branches/release-1.36"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(120)))
        .with_priority(1)
        .mount(&fake.server)
        .await;
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event("/relcut preflight")(v);
        v["issue"]["body"] = body.clone().into();
    });
    let started = Instant::now();
    let r = fake.run("issue_comment", &ev, &[("max-wait", "3")]).await;
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(3 + 10),
        "ran {took:?}\n{}",
        r.stdout
    );
    assert!(matches!(r.code, 0 | 4), "{}\n{}", r.stdout, r.stderr);
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    let asked = fake.server.received_requests().await.unwrap_or_default();
    assert!(
        asked
            .iter()
            .any(|q| q.url.path().ends_with("/branches/release-1.36")),
        "the hanging question was asked: {:#?}",
        fake.requests()
    );
}

#[tokio::test]
async fn preflight_warns_of_a_patch_cut_open_before_the_pre_release() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let body = preflight_world(
        &fake,
        &[(2, "Cut v1.35.4 release", "2026-04-09")],
        Some(true),
        "closed",
    );
    let (r, a) = preflight(&fake, &body).await;
    assert!(a.contains("**Preflight for `v1.36.0-rc.1`: warn**"), "{a}");
    let got = rows(&a);
    assert_eq!(got[0].0, "other-cuts");
    assert_eq!(got[0].1, "warn", "{a}");
    assert!(
        got[0]
            .2
            .contains("while the patch cut v1.35.4 (#\u{2060}2) is open"),
        "{a}"
    );
    assert_eq!(
        reactions(&fake),
        ["eyes", "rocket"],
        "a warning is not a failure"
    );
    assert!(
        r.stdout.contains("answered a `preflight` command"),
        "{}",
        r.stdout
    );
}

#[tokio::test]
async fn preflight_fails_on_an_unprotected_branch_and_an_open_blocker() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let body = preflight_world(&fake, &[], Some(false), "open");
    let (r, a) = preflight(&fake, &body).await;
    assert!(a.contains("**Preflight for `v1.36.0-rc.1`: fail**"), "{a}");
    let got = rows(&a);
    assert_eq!(
        got.iter()
            .map(|(id, v, _)| format!("{id}:{v}"))
            .collect::<Vec<_>>(),
        [
            "other-cuts:pass",
            "branch-protected:fail",
            "blocking-issues:fail"
        ]
    );
    assert!(got[1].2.contains("`release-1.36` is not protected"), "{a}");
    assert!(
        got[2]
            .2
            .contains("still open: kubernetes/kubernetes#\u{2060}138001"),
        "{a}"
    );
    assert!(a.contains("branchprotector"), "the fix: {a}");
    assert_eq!(reactions(&fake), ["eyes", "confused"]);
    assert!(r.stdout.contains("(with an error)"), "{}", r.stdout);

    // No branch at all: the rc.0 was not released.
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let body = preflight_world(&fake, &[], None, "closed");
    let (_, a) = preflight(&fake, &body).await;
    assert!(a.contains("has no branch `release-1.36`"), "{a}");
    // Bounded: permission, comments, listing, blocker, branch, answer, its check, reactions.
    assert!(fake.requests().len() <= 10, "{:#?}", fake.requests());
}

#[tokio::test]
async fn preflight_warns_where_github_cannot_tell() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let body = preflight_world(&fake, &[], Some(true), "closed");
    {
        // GitHub refuses both (403): the stand-in's answers give way to the faults.
        let mut st = fake.state();
        for path_contains in ["/branches/release-1.36", "/issues/138001"] {
            st.extra.retain(|p, _| !p.ends_with(path_contains));
            st.faults.push_back(Fault {
                method: "GET",
                path_contains,
                status: 403,
                headers: Vec::new(),
                apply: false,
            });
        }
    }
    let (_, a) = preflight(&fake, &body).await;
    assert!(a.contains("**Preflight for `v1.36.0-rc.1`: warn**"), "{a}");
    let got = rows(&a);
    assert_eq!(
        got.iter()
            .map(|(id, v, _)| format!("{id}:{v}"))
            .collect::<Vec<_>>(),
        [
            "other-cuts:pass",
            "branch-protected:warn",
            "blocking-issues:warn"
        ]
    );
    assert!(got[1].2.contains("could not read `release-1.36`"), "{a}");
    assert!(
        got[2]
            .2
            .contains("could not read: kubernetes/kubernetes#\u{2060}138001"),
        "{a}"
    );
    assert_eq!(
        reactions(&fake),
        ["eyes", "rocket"],
        "a warning is not a failure"
    );
}

// ---- /relcut hold, /relcut unhold, /relcut no-go ----

mod calls {
    use serde_json::{json, Value};

    use crate::fake_github::{promo_body, user_json, Fake, CUT_TITLE, OWNER, REPO};
    use relcut_core::ledger::{Call, Ledger};

    const NOMOCK: &str = "krel release --type rc --branch release-1.36";

    fn deck(state: &str) -> Value {
        json!({"items": [
            {"spec": {"job": "post-k8sio-image-promo", "refs": {"base_sha": "m9350"}}, "status": {"state": state, "startTime": "2026-04-07T12:00:00Z", "url": "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/7"}}
        ]})
    }

    fn assignees() -> Value {
        json!([user_json("alice"), user_json("bob-rm")])
    }

    /// The cut issue waiting on its promotion job (`job`), with its status comment written
    /// by an issue event, and the listing a scheduled run reads.
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
                json!([{"number": 1, "title": CUT_TITLE, "body": promo_body(9350), "state": "open",
                        "created_at": "2026-04-06T08:00:00Z", "updated_at": "2026-04-07T12:30:00Z",
                        "user": {"login": "Codertocat", "type": "User"}, "labels": [],
                        "assignees": assignees(),
                        "html_url": format!("https://github.com/{OWNER}/{REPO}/issues/1")}]),
            );
        }
        let edited = fake.event("issues.edited.json", |v: &mut Value| {
            v["issue"]["title"] = CUT_TITLE.into();
            v["issue"]["body"] = promo_body(9350).into();
            v["issue"]["created_at"] = "2026-04-06T08:00:00Z".into();
        });
        let r = fake.run("issues", &edited, &[]).await;
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
        fake
    }

    /// `/relcut ...` by `login` on the cut issue (assigned to alice and bob-rm), with the
    /// labels the listing shows it has.
    async fn say(fake: &Fake, login: &str, lines: &str) -> crate::common::Run {
        let labels =
            fake.state().extra[&format!("/repos/{OWNER}/{REPO}/issues")][0]["labels"].clone();
        let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
            v["issue"]["title"] = CUT_TITLE.into();
            v["issue"]["body"] = promo_body(9350).into();
            v["issue"]["created_at"] = "2026-04-06T08:00:00Z".into();
            v["issue"]["assignees"] = assignees();
            v["issue"]["labels"] = labels;
            v["comment"]["body"] = lines.into();
            v["comment"]["user"] = user_json(login);
        });
        let r = fake.run("issue_comment", &ev, &[]).await;
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
        r
    }

    async fn scheduled(fake: &Fake) -> crate::common::Run {
        let path =
            std::env::temp_dir().join(format!("relcut-verbs-schedule-{}.json", std::process::id()));
        std::fs::write(&path, r#"{"schedule": "*/10 * * * *"}"#).unwrap();
        let r = fake.run("schedule", &path, &[]).await;
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
        r
    }

    fn status(fake: &Fake) -> String {
        fake.bot_comments()
            .into_iter()
            .find(|c| c.body.contains("<!-- relcut:status -->"))
            .map(|c| c.body)
            .expect("a status comment")
    }

    /// The comments that told the go.
    fn go_pings(fake: &Fake) -> Vec<String> {
        fake.bot_comments()
            .into_iter()
            .filter(|c| {
                c.body
                    .starts_with("<!-- relcut:gate:promotion:succeeded -->")
            })
            .map(|c| c.body)
            .collect()
    }

    fn labelled(fake: &Fake) -> bool {
        fake.requests()
            .iter()
            .any(|(m, u)| m == "POST" && u.ends_with("/issues/1/labels"))
    }

    /// The labels the issue carries now.
    fn labels(fake: &Fake) -> Vec<String> {
        fake.state().extra[&format!("/repos/{OWNER}/{REPO}/issues")][0]["labels"]
            .as_array()
            .unwrap()
            .iter()
            .map(|l| l["name"].as_str().unwrap().to_string())
            .collect()
    }

    /// The status comment past its hidden lines (marker, ledger), where a reader starts.
    fn shown(status: &str) -> &str {
        let rest = status
            .split_once("<!-- relcut:status -->\n")
            .map_or(status, |(_, rest)| rest);
        rest.strip_prefix("<!-- relcut:ledger ")
            .and_then(|l| l.split_once(" -->\n"))
            .map_or(rest, |(_, after)| after)
    }

    /// One `issues` run on `event` while a hold stands: its step summary is the status
    /// comment's report, the banner first and no go line.
    async fn run_shows_the_hold_in_its_summary(fake: &Fake, event: &std::path::PathBuf) {
        let summary = event.parent().unwrap().join("summary.md");
        let _ = std::fs::remove_file(&summary);
        assert_eq!(fake.run("issues", event, &[]).await.code, 0);
        let summary = std::fs::read_to_string(summary).unwrap();
        assert!(
            summary.starts_with("⏸️ **On hold**") && !summary.contains("🟢"),
            "{summary}"
        );
    }

    #[tokio::test]
    async fn a_hold_withholds_the_go_and_unhold_tells_it_once() {
        let fake = setup("pending").await;
        let hostile = "re-run of `pull-kubernetes-e2e` @kubernetes/release-managers <h1>x</h1> [y](javascript:alert(1)) -->";
        let before = fake.requests().len();
        say(&fake, "Codertocat", &format!("/relcut hold {hostile}")).await;
        // The permission, comments, the answer and its check, the PR and Deck for the status
        // comment, its write, the go label taken off (whatever the event's labels say), the
        // reaction.
        let cost = fake.requests().len() - before;
        assert!(cost <= 9, "{cost}: {:#?}", &fake.requests()[before..]);
        let st = status(&fake);
        let top = shown(&st);
        assert!(
            top.starts_with("⏸️ **On hold** since ")
                && top.contains(" by @\u{2060}Codertocat: re-run of "),
            "the banner is at the top: {st}"
        );
        for raw in [
            "@kubernetes",
            "<h1>",
            "`pull-kubernetes-e2e`",
            "[y](",
            "javascript:alert(1)) -->",
        ] {
            assert!(!top.contains(raw), "{raw} in {st}");
        }
        let ledger = Ledger::from_text(&st);
        let call = ledger.calls().last().expect("the hold is in the ledger");
        assert_eq!((call.call, call.by.as_str()), (Call::Hold, "Codertocat"));
        assert!(
            call.reason
                .as_deref()
                .unwrap()
                .contains("@kubernetes/release-managers <h1>"),
            "stored as written"
        );
        let line = st
            .lines()
            .find(|l| l.starts_with("<!-- relcut:ledger "))
            .unwrap();
        assert_eq!(line.matches("-->").count(), 1, "{line}");
        let answer = fake
            .bot_comments()
            .into_iter()
            .find(|c| c.body.contains(":hold -->"))
            .unwrap()
            .body;
        assert!(answer.contains("⏸️ **On hold**, recorded"), "{answer}");

        // The promotion job succeeds: no go ping, no label, no go line, no command to copy.
        fake.state()
            .extra
            .insert("/prowjobs.js".into(), deck("success"));
        let r = scheduled(&fake).await;
        assert!(
            r.stdout
                .contains("held: no go while the hold or no-go stands"),
            "{}",
            r.stdout
        );
        assert!(go_pings(&fake).is_empty(), "{:#?}", fake.bot_comments());
        assert!(!labelled(&fake), "{:#?}", fake.requests());
        let st = status(&fake);
        assert!(shown(&st).starts_with("⏸️ **On hold**"), "{st}");
        assert!(!st.contains("🟢"), "no go line: {st}");
        assert!(!st.contains("```sh"), "nothing copy-ready: {st}");
        assert!(
            st.contains(&format!(
                "Not to run yet: after the hold is lifted (`/relcut unhold`):\n\n- `{NOMOCK}"
            )),
            "the no-mock release as what comes after the hold: {st}"
        );
        assert!(
            st.contains("✅ **Gate:** every promotion job succeeded"),
            "the gate's own line: {st}"
        );
        // An edit of the issue keeps the hold.
        let edited = fake.event("issues.edited.json", |v: &mut Value| {
            v["issue"]["title"] = CUT_TITLE.into();
            v["issue"]["body"] = promo_body(9350).into();
        });
        run_shows_the_hold_in_its_summary(&fake, &edited).await;
        let st = status(&fake);
        assert!(
            shown(&st).starts_with("⏸️ **On hold**") && !st.contains("```sh"),
            "{st}"
        );

        // Unhold: the go is told now, once, with the command to copy, and the issue labelled.
        let before = fake.requests().len();
        let r = say(&fake, "Codertocat", "/relcut unhold").await;
        // The hold's 8, then the issue's scheduled check: comments, the PR (Deck is read once
        // per run), the go comment and its check, the status write, the label.
        let cost = fake.requests().len() - before;
        assert!(cost <= 14, "{cost}: {:#?}", &fake.requests()[before..]);
        assert!(
            r.stdout.contains("recorded `unhold` in the ledger"),
            "{}",
            r.stdout
        );
        let pings = go_pings(&fake);
        assert_eq!(pings.len(), 1, "{:#?}", fake.bot_comments());
        assert!(
            pings[0].contains("@alice @bob-rm\n\n**go: no-mock release** of v1.36.0-rc.1"),
            "{}",
            pings[0]
        );
        assert!(
            pings[0].contains(&format!("```sh\n{NOMOCK}")),
            "{}",
            pings[0]
        );
        assert!(labelled(&fake));
        let st = status(&fake);
        assert!(!st.contains("On hold"), "{st}");
        assert!(shown(&st).starts_with("🟢 **go: no-mock release**"), "{st}");
        assert_eq!(
            Ledger::from_text(&st)
                .calls()
                .iter()
                .map(|c| c.call)
                .collect::<Vec<_>>(),
            [Call::Hold, Call::Unhold],
            "who and when of both calls are kept"
        );

        // Later runs and a second unhold tell nobody again.
        scheduled(&fake).await;
        say(&fake, "Codertocat", "/relcut unhold").await;
        assert_eq!(go_pings(&fake).len(), 1, "{:#?}", fake.bot_comments());
    }

    #[tokio::test]
    async fn a_no_go_stops_the_go_the_same_way() {
        let fake = setup("success").await;
        say(
            &fake,
            "Codertocat",
            "/relcut no-go a release-blocking regression is still open",
        )
        .await;
        let st = status(&fake);
        assert!(
            shown(&st).starts_with("⛔ **No-go** since ")
                && st.contains("a release-blocking regression is still open"),
            "{st}"
        );
        assert!(!st.contains("```sh") && !st.contains("🟢"), "{st}");
        scheduled(&fake).await;
        assert!(go_pings(&fake).is_empty(), "{:#?}", fake.bot_comments());
        assert!(!labelled(&fake));
        // Without a reason, nothing is recorded.
        say(&fake, "Codertocat", "/relcut hold").await;
        let answer = fake
            .bot_comments()
            .into_iter()
            .find(|c| c.body.contains(":hold -->"))
            .unwrap()
            .body;
        assert!(answer.contains("needs a reason"), "{answer}");
        assert_eq!(Ledger::from_text(&status(&fake)).calls().len(), 1);
    }

    #[tokio::test]
    async fn someone_below_min_permission_cannot_hold() {
        let fake = setup("pending").await;
        fake.state()
            .permissions
            .insert("mallory".into(), "triage".into());
        let before = status(&fake);
        let comments = fake.bot_comments().len();
        let r = say(
            &fake,
            "mallory",
            "/relcut hold @kubernetes/release-managers stop everything",
        )
        .await;
        assert_eq!(status(&fake), before, "no banner, no ledger change");
        // A reaction, never a comment (#19 item 5); the log names the verb only.
        assert_eq!(fake.bot_comments().len(), comments);
        assert!(
            r.stdout
                .contains("`hold` answered with a `confused` reaction"),
            "{}",
            r.stdout
        );
        assert!(!r.stdout.contains("@kubernetes"), "{}", r.stdout);
        // The go is told when the job succeeds, as if nothing was said.
        fake.state()
            .extra
            .insert("/prowjobs.js".into(), deck("success"));
        scheduled(&fake).await;
        assert_eq!(go_pings(&fake).len(), 1);
        assert!(labelled(&fake));
    }

    #[tokio::test]
    async fn a_hold_after_the_go_takes_the_label_off_and_tells_nobody_twice() {
        let fake = setup("success").await;
        scheduled(&fake).await;
        assert_eq!(go_pings(&fake).len(), 1);
        assert_eq!(labels(&fake), ["relcut: go"]);
        say(
            &fake,
            "Codertocat",
            "/relcut hold the release-blocking test went red again",
        )
        .await;
        assert!(labels(&fake).is_empty(), "{:#?}", fake.requests());
        let st = status(&fake);
        assert!(
            shown(&st).starts_with("⏸️ **On hold**") && !st.contains("🟢") && !st.contains("```sh"),
            "{st}"
        );
        // Held: the scheduled run looks (no label), and says nothing.
        let r = scheduled(&fake).await;
        assert!(r.stdout.contains("held"), "{}", r.stdout);
        assert!(labels(&fake).is_empty());
        say(&fake, "Codertocat", "/relcut unhold").await;
        assert_eq!(labels(&fake), ["relcut: go"], "labelled again");
        assert_eq!(go_pings(&fake).len(), 1, "told once in all");
        assert!(shown(&status(&fake)).starts_with("🟢 **go: no-mock release**"));
    }

    /// A scheduled run that read the status comment before the hold, and wrote it after, loses
    /// the hold from the status comment's ledger; the hold's own answer brings it back.
    #[tokio::test]
    async fn a_racing_run_that_overwrites_the_ledger_does_not_lose_the_hold() {
        let fake = setup("pending").await;
        let before = status(&fake);
        say(
            &fake,
            "Codertocat",
            "/relcut hold waiting for the blocking test",
        )
        .await;
        assert!(shown(&status(&fake)).starts_with("⏸️ **On hold**"));
        {
            let mut st = fake.state();
            let c = st
                .comments
                .iter_mut()
                .find(|c| c.body.contains("<!-- relcut:status -->"))
                .unwrap();
            c.body.clone_from(&before);
        }
        assert!(
            Ledger::from_text(&status(&fake)).calls().is_empty(),
            "the race lost it"
        );
        fake.state()
            .extra
            .insert("/prowjobs.js".into(), deck("success"));
        scheduled(&fake).await;
        assert!(go_pings(&fake).is_empty(), "{:#?}", fake.bot_comments());
        assert!(!labelled(&fake));
        let st = status(&fake);
        assert!(shown(&st).starts_with("⏸️ **On hold**"), "{st}");
        assert_eq!(
            Ledger::from_text(&st).calls().len(),
            1,
            "written back: {st}"
        );
    }

    /// Another workflow of the repository writes as `github-actions[bot]` too. A verbatim echo
    /// shaped as relcut's answer to an `unhold` (any command id: each answer marker is its own,
    /// so "the earliest wins" does not guard it) must not lift a real hold, and a forged hold
    /// dated in the future must not stand over every later call.
    #[tokio::test]
    async fn a_forged_call_answer_neither_lifts_a_hold_nor_outlasts_an_unhold() {
        use crate::fake_github::{StoredComment, BOT};
        const FOOTER: &str = "\n\n<sub>relcut answers · `/relcut help` lists the commands</sub>\n";
        let forge = |id: u64, call: &str, at: &str| {
            StoredComment {
            id,
            body: format!(
                "<!-- relcut:answer:{id}:{call} -->\n@Codertocat\n\n<!-- relcut:call {{\"call\":\"{call}\",\"by\":\"Codertocat\",\"at\":\"{at}\",\"reason\":\"forged\"}} -->\nforged{FOOTER}"
            ),
            login: BOT.into(),
        }
        };
        let fake = setup("success").await;
        say(
            &fake,
            "Codertocat",
            "/relcut hold waiting for the blocking test",
        )
        .await;
        assert!(shown(&status(&fake)).starts_with("⏸️ **On hold**"));
        // An echo shaped as relcut's answer to an unhold, dated now.
        let now = (chrono::Utc::now() + chrono::Duration::seconds(5))
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        fake.state().comments.push(forge(900_001, "unhold", &now));
        scheduled(&fake).await;
        assert!(go_pings(&fake).is_empty(), "{:#?}", fake.bot_comments());
        assert!(!labelled(&fake), "{:#?}", fake.requests());
        assert!(
            shown(&status(&fake)).starts_with("⏸️ **On hold**"),
            "{}",
            status(&fake)
        );

        // A forged hold dated 2099 outlasts no real unhold.
        let fake = setup("success").await;
        fake.state()
            .comments
            .push(forge(900_002, "hold", "2099-01-01T00:00:00Z"));
        say(&fake, "Codertocat", "/relcut hold the blocking test again").await;
        say(&fake, "Codertocat", "/relcut unhold").await;
        assert_eq!(go_pings(&fake).len(), 1, "{:#?}", fake.bot_comments());
        assert!(
            !status(&fake).contains("On hold"),
            "the real unhold is the latest call: {}",
            status(&fake)
        );
    }

    /// A stranger's cut-titled issue, assigned (anyone can `/assign` org members) to alice and
    /// bob-rm: a maintainer's `/relcut hold` and `/relcut unhold` on it are answered, but the
    /// issue gets no status comment, no go ping and no label (#19 item 1: an untrusted issue
    /// gets none of them, whoever comments).
    #[tokio::test]
    async fn calls_on_a_strangers_cut_issue_write_no_status_ping_or_label() {
        let fake = setup("success").await;
        {
            let mut st = fake.state();
            st.comments.clear();
            st.permissions.insert("mallory".into(), "read".into());
        }
        let on_strangers = |lines: &'static str| {
            fake.event("issue_comment.created.json", move |v: &mut Value| {
                v["issue"]["title"] = CUT_TITLE.into();
                v["issue"]["body"] = promo_body(9350).into();
                v["issue"]["created_at"] = "2026-04-06T08:00:00Z".into();
                v["issue"]["user"] = user_json("mallory");
                v["issue"]["assignees"] = assignees();
                v["comment"]["body"] = lines.into();
                v["comment"]["user"] = user_json("Codertocat");
            })
        };
        for lines in [
            "/relcut hold the blocking test",
            "/relcut unhold",
            "/relcut tick nomock-release",
        ] {
            let ev = on_strangers(lines);
            let r = fake.run("issue_comment", &ev, &[]).await;
            assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
        }
        let comments = fake.bot_comments();
        assert!(
            !comments
                .iter()
                .any(|c| c.body.starts_with("<!-- relcut:status -->")),
            "no status comment: {comments:#?}"
        );
        assert!(go_pings(&fake).is_empty(), "{comments:#?}");
        assert!(!labelled(&fake), "{:#?}", fake.requests());
        assert!(
            comments.iter().all(|c| !c.body.contains("@alice")),
            "nobody the stranger assigned is pinged: {comments:#?}"
        );
        let hold = answer_of(&fake, "hold");
        assert!(
            hold.contains("not a trusted cut") && !hold.contains("recorded with your login"),
            "{hold}"
        );
    }

    fn answer_of(fake: &Fake, verb: &str) -> String {
        fake.bot_comments()
            .into_iter()
            .find(|c| {
                c.body
                    .lines()
                    .next()
                    .is_some_and(|l| l.ends_with(&format!(":{verb} -->")))
            })
            .map(|c| c.body)
            .unwrap_or_else(|| panic!("no `{verb}` answer"))
    }

    /// The hold's event was sent before the scheduled run labelled the go (the comment's run
    /// waited for that run in the workflow's concurrency group): its payload shows no label,
    /// but the issue has it. The hold still takes it off: no go label while a hold stands.
    #[tokio::test]
    async fn a_hold_queued_behind_the_go_takes_the_label_off() {
        let fake = setup("success").await;
        let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
            v["issue"]["title"] = CUT_TITLE.into();
            v["issue"]["body"] = promo_body(9350).into();
            v["issue"]["created_at"] = "2026-04-06T08:00:00Z".into();
            v["issue"]["assignees"] = assignees();
            v["issue"]["labels"] = json!([]);
            v["comment"]["body"] = "/relcut hold the blocking test went red".into();
            v["comment"]["user"] = user_json("Codertocat");
        });
        scheduled(&fake).await;
        assert_eq!(labels(&fake), ["relcut: go"]);
        let r = fake.run("issue_comment", &ev, &[]).await;
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
        assert!(shown(&status(&fake)).starts_with("⏸️ **On hold**"));
        assert!(
            labels(&fake).is_empty(),
            "no go label while held: {:#?}",
            fake.requests()
        );
    }

    /// While a hold stands, `/relcut plan` of the cut shows no command copy-ready either: the
    /// banner first, each step's commands as what comes after the hold. A plan for another tag
    /// is not held.
    #[tokio::test]
    async fn a_plan_under_a_hold_shows_nothing_copy_ready() {
        let fake = setup("success").await;
        say(&fake, "Codertocat", "/relcut hold the blocking test").await;
        say(&fake, "Codertocat", "/relcut plan").await;
        let plan = answer_of(&fake, "plan");
        assert!(plan.contains("⏸️ **On hold**"), "{plan}");
        assert!(!plan.contains("```sh") && !plan.contains("~~~"), "{plan}");
        assert!(
            plan.contains("Not to run yet: after the hold is lifted"),
            "{plan}"
        );
        assert!(plan.contains(&format!("- `{NOMOCK}")), "{plan}");
        say(&fake, "Codertocat", "/relcut unhold").await;
        let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
            v["issue"]["title"] = CUT_TITLE.into();
            v["issue"]["body"] = promo_body(9350).into();
            v["comment"]["id"] = 777.into();
            v["comment"]["body"] = "/relcut plan".into();
        });
        assert_eq!(fake.run("issue_comment", &ev, &[]).await.code, 0);
        let plan = fake
            .bot_comments()
            .into_iter()
            .find(|c| c.body.starts_with("<!-- relcut:answer:777:plan -->"))
            .unwrap()
            .body;
        assert!(
            plan.contains("```sh") && !plan.contains("On hold"),
            "{plan}"
        );
    }
}
