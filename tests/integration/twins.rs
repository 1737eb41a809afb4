//! Issue 20: each operation is built once, in relcut-core, and shown by every front end. For
//! every CLI command that has a `/relcut` twin, the same cut issue goes through both (the CLI
//! on the bundled example, the Action on the same issue through the GitHub stand-in) and both
//! must say the same thing: the same commands to run, the same verdicts, the same refusals.
//! The terminal text and the comment's Markdown differ in form only.

use std::collections::BTreeSet;

use relcut_core::checklist::{self, IssueInput, StatusReport};
use relcut_core::output::History;
use relcut_core::promotion::{self, Fork, Rules};
use relcut_core::{announce, ledger, plan, validate, PlanRequest, Tag};

use crate::common::relcut;
use crate::fake_github::{comment_event, cut_body, Fake, CUT_TITLE};

/// The bundled cut issue the stand-in serves (front matter and all).
const ISSUE: &str = "examples/cut-v1.36.0-rc.1-in-progress.md";
/// The commenter of the real payload: the default `fork=` of the comment's answers.
const COMMENTER: &str = "Codertocat";
/// When the bundled issue was opened (its front matter): the comment's event says the same.
const OPENED: &str = "2026-04-07T07:45:00Z";

/// Every `krel ...` / `kpromo ...` command line in a text or a comment, as run.
fn commands(text: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for line in text.lines() {
        for tool in ["krel ", "kpromo "] {
            let mut rest = line;
            while let Some(at) = rest.find(tool) {
                // Only a command where it starts: the line (after a `$ ` prompt or list
                // marker) or a code span; never a word of prose.
                let before = rest[..at].trim_end_matches([' ', '$', '-', '*']);
                let starts = before.is_empty() || before.ends_with('`') || before.ends_with('|');
                let cmd: String = rest[at..]
                    .chars()
                    .take_while(|c| !matches!(c, '`' | '|' | '\n'))
                    .collect();
                if starts && cmd.contains(" --") {
                    out.insert(cmd.trim_end().to_string());
                }
                rest = &rest[at + tool.len()..];
            }
        }
    }
    out
}

/// The comment's answers to one comment of `/relcut` lines, by verb.
async fn answers(lines: &str) -> Vec<(String, String)> {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event("issue_comment.created.json", |v: &mut serde_json::Value| {
        comment_event(lines)(v);
        v["issue"]["created_at"] = OPENED.into();
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    fake.bot_comments()
        .into_iter()
        .map(|c| {
            let verb = c
                .body
                .split(':')
                .nth(3)
                .and_then(|v| v.split(' ').next())
                .unwrap_or_default()
                .to_string();
            (verb, c.body)
        })
        .collect()
}

fn answer<'a>(all: &'a [(String, String)], verb: &str) -> &'a str {
    all.iter()
        .find(|(v, _)| v == verb)
        .map(|(_, b)| b.as_str())
        .unwrap_or_else(|| panic!("no `{verb}` answer in {all:#?}"))
}

/// The report of a comment's answer: what follows the mention of the commenter, up to the
/// footer.
fn report_of(answer: &str) -> &str {
    let mention = format!("@{COMMENTER}\n\n");
    let from = answer.find(&mention).expect("the mention") + mention.len();
    let to = answer.rfind("\n\n<sub>").expect("the footer");
    &answer[from..to]
}

/// Both front ends print the renderers of one value: the terminal its `text()`, the comment
/// its `markdown()`, whole, so a line that differs anywhere (a header, a note, a warning, a
/// footer of its own) fails.
fn same_report(what: &str, cli: &str, text: &str, comment: &str, markdown: &str) {
    assert_eq!(cli, text, "{what}: the CLI prints the report's text()");
    assert_eq!(
        report_of(comment),
        markdown,
        "{what}: the comment is the report's markdown()"
    );
}

/// `v` without its `line` fields.
fn without_lines(mut v: serde_json::Value) -> serde_json::Value {
    match &mut v {
        serde_json::Value::Object(o) => {
            o.remove("line");
            for x in o.values_mut() {
                *x = without_lines(x.take());
            }
        }
        serde_json::Value::Array(a) => {
            for x in a.iter_mut() {
                *x = without_lines(x.take());
            }
        }
        _ => {}
    }
    v
}

/// The bundled issue as both front ends read it.
fn reading() -> checklist::CutIssue {
    checklist::read(IssueInput {
        title: Some(CUT_TITLE),
        body: &cut_body(),
        created_at: Some(OPENED),
    })
}

#[tokio::test]
async fn cli_and_comment_give_the_same_reports() {
    let all = answers(
        "/relcut status\n/relcut plan\n/relcut promo-tags\n/relcut announce\n/relcut history\n/relcut validate v1.36.0-rc.1 1.36.0\n",
    )
    .await;
    whole_reports_are_the_same(&all);

    // status: the same next step and its commands.
    let cli = relcut(&["status", ISSUE, "--fork", COMMENTER]);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    let comment = answer(&all, "status");
    assert!(cli
        .stdout
        .contains("Next: Image promotion PR in kubernetes/k8s.io"));
    assert!(
        comment.contains("**Next: Image promotion PR in kubernetes/k8s.io**"),
        "{comment}"
    );
    let next = commands(&cli.stdout);
    assert!(
        next.contains("kpromo pr --fork Codertocat --tag v1.36.0-rc.1 --interactive=true"),
        "{next:#?}"
    );
    assert_eq!(next, commands(comment), "status");

    // plan: the same runbook (the issue's tag and day).
    let cli = relcut(&[
        "plan",
        "v1.36.0-rc.1",
        "--fork",
        COMMENTER,
        "--date",
        "2026-04-07",
    ]);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    let plan = commands(&cli.stdout);
    assert!(plan.len() > 5, "{plan:#?}");
    assert_eq!(plan, commands(answer(&all, "plan")), "plan");

    // promo-tags: the same kpromo commands.
    let cli = relcut(&["promo-tags", "v1.36.0-rc.1", "--fork", COMMENTER]);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    let tags = commands(&cli.stdout);
    assert_eq!(
        tags,
        BTreeSet::from([
            "kpromo pr --fork Codertocat --tag v1.36.0-rc.1 --interactive=true".to_string()
        ])
    );
    assert_eq!(tags, commands(answer(&all, "promo-tags")), "promo-tags");

    // announce: the same krel commands that send it.
    let cli = relcut(&["announce", "v1.36.0-rc.1"]);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    let sends = commands(&cli.stdout);
    assert!(
        sends.contains("krel announce send --tag v1.36.0-rc.1 --nomock"),
        "{sends:#?}"
    );
    assert_eq!(sends, commands(answer(&all, "announce")), "announce");

    // history: the same jobs, in krel's table.
    let cli = relcut(&["history", "render", ISSUE]);
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    let jobs = commands(&cli.stdout);
    assert_eq!(jobs.len(), 3, "{jobs:#?}");
    assert_eq!(jobs, commands(answer(&all, "history")), "history");

    // validate: the same verdicts and fixes (exit 1 and an answer with an error).
    let cli = relcut(&["validate", "v1.36.0-rc.1", "1.36.0"]);
    assert_eq!(cli.code, 1, "{}", cli.stderr);
    let comment = answer(&all, "validate");
    for fix in ["use `v1.36.0`", "--type rc --branch release-1.36"] {
        assert!(cli.stdout.contains(fix), "{fix}: {}", cli.stdout);
        assert!(comment.contains(fix), "{fix}: {comment}");
    }
}

/// `relcut checklist tick` and `/relcut tick` take and refuse the same links, with the same
/// words: the step table's proof kinds.
#[tokio::test]
async fn tick_takes_the_same_links_in_both_front_ends() {
    let cloud_build =
        "https://console.cloud.google.com/cloud-build/builds/9c0d-09?project=648026197307";
    for (step, link, taken) in [
        ("metrics", "https://docs.google.com/document/d/1x", false),
        ("metrics", cloud_build, true),
        (
            "image-promotion",
            "https://groups.google.com/g/x/c/1",
            false,
        ),
        (
            "image-promotion",
            "https://github.com/kubernetes/k8s.io/pull/9350",
            true,
        ),
    ] {
        let cli = relcut(&["checklist", "tick", ISSUE, "--step", step, "--link", link]);
        let fake = Fake::start(CUT_TITLE, &cut_body()).await;
        let ev = fake.event(
            "issue_comment.created.json",
            comment_event(&format!("/relcut tick {step} {link}")),
        );
        let r = fake.run("issue_comment", &ev, &[]).await;
        assert_eq!(r.code, 0, "{}", r.stdout);
        let ticked = fake.state().issue_body.contains(link);
        assert_eq!(ticked, taken, "/relcut tick {step} {link}");
        assert_eq!(
            cli.code == 0,
            taken,
            "checklist tick {step} {link}: {}",
            cli.stderr
        );
        if !taken {
            let why = cli
                .stderr
                .strip_prefix("error: ")
                .and_then(|e| e.lines().next())
                .unwrap_or_default();
            assert!(why.contains("is proven by"), "{}", cli.stderr);
            let answer = &fake.bot_comments()[0].body;
            assert!(answer.contains(why), "{why}\n{answer}");
        }
    }
}

/// A report as plain lines: Markdown links to their text, code spans to their text, list
/// markers, escapes, word joiners and bare web addresses (the terminal's second line of a job)
/// dropped.
fn plain_lines(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for line in text.lines() {
        let mut s = String::new();
        let mut rest = line.replace('\u{2060}', "").replace(['`', '\\'], "");
        while let Some(open) = rest.find('[') {
            let Some(mid) = rest[open..].find("](").map(|m| open + m) else {
                break;
            };
            let Some(close) = rest[mid..].find(')').map(|c| mid + c) else {
                break;
            };
            s.push_str(&rest[..open]);
            s.push_str(&rest[open + 1..mid]);
            rest = rest[close + 1..].to_string();
        }
        s.push_str(&rest);
        let s = s.trim().trim_start_matches("- ").trim().to_string();
        if !s.is_empty() && !s.starts_with("https://") {
            out.push(s);
        }
    }
    out
}

/// Issue #20: `relcut check promotion ISSUE` and `/relcut check promotion` build the same
/// `CheckReport` from the same cut issue and the same services: each PR's change and job, the
/// titles against the cut's tags, and the verdict (exit 1, a confused reaction).
#[tokio::test]
async fn check_gives_the_same_report_in_both_front_ends() {
    use base64::Engine;
    // An rc.0 cut whose one PR promotes the rc.0 only: its job is green, its change adds one
    // digest, and the next minor's alpha.0 is left unpromoted.
    let title = "Cut v1.36.0-rc.0 release";
    // The same day for both: the promotion rules follow the day the issue was opened.
    const OPENED: &str = "2026-04-07T07:45:00Z";
    let body = crate::fake_github::promo_body(9350);
    let fake = Fake::start(title, &body).await;
    {
        let mut st = fake.state();
        st.extra.insert(
            "/repos/kubernetes/k8s.io/pulls/9350".into(),
            serde_json::json!({"number": 9350, "title": "releng: Image promotion for kubernetes v1.36.0-rc.0", "merged": true, "merge_commit_sha": "m9350", "base": {"sha": "b"}, "head": {"sha": "h"}}),
        );
        st.extra.insert(
            "/repos/kubernetes/k8s.io/pulls/9350/files".into(),
            serde_json::json!([{"filename": "registry.k8s.io/images/k8s-staging-kubernetes/images.yaml"}]),
        );
        let yaml = "- name: kube-proxy\n  dmap:\n    \"sha256:aaaa\": [\"v1.36.0-rc.0\"]\n";
        st.extra.insert(
            "/repos/kubernetes/k8s.io/contents/registry.k8s.io/images/k8s-staging-kubernetes/images.yaml".into(),
            serde_json::json!({"sha": "blob", "encoding": "base64", "content": base64::engine::general_purpose::STANDARD.encode(yaml)}),
        );
        st.extra.insert(
            "/prowjobs.js".into(),
            serde_json::json!({"items": [
                {"spec": {"job": "post-k8sio-image-promo", "refs": {"base_sha": "m9350"}}, "status": {"state": "success", "startTime": "2026-04-07T12:00:00Z", "url": "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/7"}}
            ]}),
        );
    }
    let ev = fake.event("issue_comment.created.json", |v: &mut serde_json::Value| {
        comment_event("/relcut check promotion")(v);
        v["issue"]["title"] = title.into();
        v["issue"]["body"] = body.clone().into();
        v["issue"]["created_at"] = OPENED.into();
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let answer = fake
        .bot_comments()
        .into_iter()
        .find(|c| c.body.contains(":check -->"))
        .unwrap()
        .body;
    let report = answer
        .lines()
        .skip_while(|l| !l.starts_with("- "))
        .take_while(|l| !l.starts_with("<sub>"))
        .collect::<Vec<_>>()
        .join("\n");
    let reacted: Vec<String> = fake.state().reactions.iter().map(|r| r.1.clone()).collect();

    // The same issue, from a file, through the CLI against the same stand-in.
    let file = std::env::temp_dir().join(format!("relcut-twin-check-{}.md", std::process::id()));
    std::fs::write(
        &file,
        format!("---\ntitle: \"{title}\"\ncreated_at: {OPENED}\n---\n{body}"),
    )
    .unwrap();
    let cli = crate::common::relcut_against(
        &["check", "promotion", file.to_str().unwrap()],
        &fake.server.uri(),
        &[],
    )
    .await;
    assert_eq!(cli.code, 1, "the tags are not all promoted: {}", cli.stderr);
    assert_eq!(reacted.last().map(String::as_str), Some("confused"));
    let (cli_lines, comment_lines) = (plain_lines(&cli.stdout), plain_lines(&report));
    assert!(
        comment_lines
            .iter()
            .any(|l| l.contains("no PR promotes v1.37.0-alpha.0")),
        "{report}"
    );
    assert!(
        comment_lines
            .iter()
            .any(|l| l.starts_with("promotion job: succeeded")),
        "{report}"
    );
    assert_eq!(
        cli_lines, comment_lines,
        "CLI:\n{}\ncomment:\n{report}",
        cli.stdout
    );
}

/// Each operation's report, built here from the same input, is what both front ends print:
/// the CLI its `text()` (and, for status, its serde form under `--json`), the comment its
/// `markdown()`.
fn whole_reports_are_the_same(all: &[(String, String)]) {
    let tag = Tag::parse("v1.36.0-rc.1").unwrap();

    let status = StatusReport::build(&reading(), Some(COMMENTER), None);
    let cli = relcut(&["status", ISSUE, "--fork", COMMENTER]);
    let comment = answer(all, "status");
    same_report(
        "status",
        &cli.stdout,
        &status.text(),
        comment,
        &status.markdown(),
    );
    // The same value under --json; its line numbers count from the top of the file, front
    // matter included, where the comment's issue has none.
    let json = relcut(&["status", ISSUE, "--fork", COMMENTER, "--json"]).json();
    assert_eq!(
        without_lines(json),
        without_lines(serde_json::to_value(&status).unwrap()),
        "status --json"
    );

    let p = plan::plan(&PlanRequest {
        tag: tag.to_string(),
        fork: Some(COMMENTER.into()),
        date: Some("2026-04-07".into()),
        ..PlanRequest::default()
    })
    .unwrap();
    let cli = relcut(&[
        "plan",
        "v1.36.0-rc.1",
        "--fork",
        COMMENTER,
        "--date",
        "2026-04-07",
    ]);
    same_report(
        "plan",
        &cli.stdout,
        &p.text(),
        answer(all, "plan"),
        &p.markdown(),
    );

    let fork = Fork::parse(COMMENTER).unwrap();
    let promo = promotion::promotion(&tag, Rules::Current, Some(&fork)).unwrap();
    let cli = relcut(&["promo-tags", "v1.36.0-rc.1", "--fork", COMMENTER]);
    let comment = answer(all, "promo-tags");
    same_report(
        "promo-tags",
        &cli.stdout,
        &promo.text(),
        comment,
        &promo.markdown(),
    );

    let a = announce::announce(&announce::AnnounceRequest {
        tag: tag.to_string(),
        ..announce::AnnounceRequest::default()
    })
    .unwrap();
    let cli = relcut(&["announce", "v1.36.0-rc.1"]);
    same_report(
        "announce",
        &cli.stdout,
        &a.text(),
        answer(all, "announce"),
        &a.markdown(),
    );

    // The history is a document: the same Markdown in both, the chart with --mermaid.
    let h = History::of(&reading(), &ledger::Ledger::new());
    let cli = relcut(&["history", "render", ISSUE, "--mermaid"]);
    let md = h.markdown(true);
    same_report("history", &cli.stdout, &md, answer(all, "history"), &md);

    let v = validate::validate(&["v1.36.0-rc.1".to_string(), "1.36.0".to_string()]);
    let cli = relcut(&["validate", "v1.36.0-rc.1", "1.36.0"]);
    same_report(
        "validate",
        &cli.stdout,
        &v.text(),
        answer(all, "validate"),
        &v.markdown(),
    );
}

/// A live issue: `relcut status OWNER/REPO#N` fetches the gates' facts as the status comment
/// does (relcut-action's `Services`) and shows the same gate lines, as text, with the release
/// after the pending promotion job as what comes after it in both.
#[tokio::test]
async fn live_status_shows_the_status_comments_gates() {
    let body = crate::fake_github::promo_body(9350);
    let fake = Fake::start(CUT_TITLE, &body).await;
    {
        let mut st = fake.state();
        st.extra.insert(
            "/repos/kubernetes/k8s.io/pulls/9350".into(),
            serde_json::json!({"number": 9350, "title": "releng: Image promotion for kubernetes v1.36.0-rc.1", "merged": true, "merge_commit_sha": "m9350", "base": {"sha": "b"}, "head": {"sha": "h"}}),
        );
        st.extra.insert(
            "/prowjobs.js".into(),
            serde_json::json!({"items": [
                {"spec": {"job": "post-k8sio-image-promo", "refs": {"base_sha": "m9350"}}, "status": {"state": "pending", "startTime": "2026-04-07T12:00:00Z", "url": "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/7"}}
            ]}),
        );
    }
    let ev = fake.event("issues.edited.json", |v: &mut serde_json::Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = body.clone().into();
    });
    let r = fake.run("issues", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let comment = fake
        .bot_comments()
        .into_iter()
        .find(|c| c.body.starts_with("<!-- relcut:status -->"))
        .expect("the status comment")
        .body;
    let cli = crate::common::relcut_against(
        &["status", "Codertocat/Hello-World#1"],
        &fake.server.uri(),
        &[("GITHUB_TOKEN", crate::fake_github::TOKEN)],
    )
    .await;
    assert_eq!(cli.code, 0, "{}", cli.stderr);
    let between = |s: &str, from: &str, to: &str| -> String {
        let start = s.find(from).unwrap_or_else(|| panic!("{from} in {s}"));
        let end = start + s[start..].find(to).unwrap_or_else(|| panic!("{to} in {s}"));
        s[start..end].trim().to_string()
    };
    // The gates' lines, and the step after them.
    let gates_md = between(&comment, "🚫 **Gate:**", "\nThen: ");
    let gates_text = between(&cli.stdout, "🚫 Gate:", "\nThen: ");
    assert!(
        gates_text.contains("is running: wait for it"),
        "{}",
        cli.stdout
    );
    assert_eq!(
        gates_text,
        relcut_core::md::to_text(&gates_md).trim(),
        "CLI:\n{}\ncomment:\n{comment}",
        cli.stdout
    );
    assert!(comment.contains("- `krel release --type rc"), "{comment}");
    assert!(
        cli.stdout
            .contains("Then: No-mock release [nomock-release], after promotion-job:\n    krel release --type rc"),
        "{}",
        cli.stdout
    );
    let json = crate::common::relcut_against(
        &["status", "Codertocat/Hello-World#1", "--json"],
        &fake.server.uri(),
        &[("GITHUB_TOKEN", crate::fake_github::TOKEN)],
    )
    .await
    .json();
    assert_eq!(
        json["gates"]["lights"],
        serde_json::json!([{"step": "nomock-release", "light": "waiting"}])
    );
}
