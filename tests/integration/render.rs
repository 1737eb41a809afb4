//! Every kind of comment the Action writes, rendered the way GitHub renders it (comrak is the
//! port of cmark-gfm) and checked for the structure a reader sees: headings, tables with the
//! right number of columns in every row, code in code blocks, nothing raw in paragraphs, and
//! the hidden markers and ledger inside HTML comments. The HTML of each is snapshotted.

use serde_json::Value;

use crate::fake_github::{comment_event, cut_body, promo_body, Fake, StoredComment, CUT_TITLE};

/// GitHub's comment Markdown: GFM with its extensions; raw HTML kept (GitHub sanitises it
/// later, but `<details>` and comments pass).
fn gfm(md: &str) -> String {
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.render.r#unsafe = true;
    comrak::markdown_to_html(md, &o)
}

/// The text between each `open` and the next `close`.
fn spans<'a>(s: &'a str, open: &str, close: &str) -> Vec<&'a str> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        let after = &rest[i + open.len()..];
        let Some(j) = after.find(close) else { break };
        out.push(&after[..j]);
        rest = &after[j + close.len()..];
    }
    out
}

/// `s` with every `open … close` region removed.
fn without(s: &str, open: &str, close: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find(open) {
        out.push_str(&rest[..i]);
        match rest[i..].find(close) {
            Some(j) => rest = &rest[i + j + close.len()..],
            None => {
                rest = "";
                break;
            }
        }
    }
    out.push_str(rest);
    out
}

/// What a reader must see in one comment.
#[derive(Default)]
struct Expect {
    /// Column count of each table, in order.
    tables: &'static [usize],
    /// Headings, as `h3:text start`.
    headings: &'static [&'static str],
    /// Text that must be inside a `<pre><code>` block.
    code_blocks: &'static [&'static str],
    /// The comment starts with a mention of this login, alone in its paragraph.
    mention: Option<&'static str>,
}

fn check(name: &str, markdown: &str, expect: &Expect) -> String {
    let html = gfm(markdown);
    let ctx = format!("{name}:\n--- markdown\n{markdown}\n--- html\n{html}");

    // Hidden markers and the ledger are HTML comments, never text.
    let visible = without(&html, "<!--", "-->");
    for hidden in ["relcut:status", "relcut:answer", "relcut:ledger"] {
        assert!(!visible.contains(hidden), "{hidden} leaks: {ctx}");
    }
    assert!(
        html.contains("<!-- relcut:"),
        "the marker is kept as a comment: {ctx}"
    );

    if let Some(login) = expect.mention {
        let first_p = spans(&visible, "<p>", "</p>");
        assert_eq!(
            first_p.first().copied(),
            Some(format!("@{login}").as_str()),
            "the mention is a paragraph of its own: {ctx}"
        );
    }

    // Headings: only h3/h4, and the expected ones.
    for level in ["<h1", "<h2", "<h5", "<h6"] {
        assert!(!html.contains(level), "{level}: {ctx}");
    }
    let mut headings = Vec::new();
    for level in ["h3", "h4"] {
        for h in spans(&html, &format!("<{level}>"), &format!("</{level}>")) {
            headings.push(format!("{level}:{h}"));
        }
    }
    for want in expect.headings {
        assert!(
            headings.iter().any(|h| h.starts_with(want)),
            "heading {want} missing (have {headings:?}): {ctx}"
        );
    }
    assert_eq!(
        headings.len(),
        expect.headings.len(),
        "headings {headings:?}: {ctx}"
    );

    // Tables: each row has the header's number of cells.
    let tables = spans(&html, "<table>", "</table>");
    assert_eq!(tables.len(), expect.tables.len(), "tables: {ctx}");
    for (t, &cols) in tables.iter().zip(expect.tables) {
        let rows = spans(t, "<tr>", "</tr>");
        assert!(rows.len() >= 2, "a table with rows: {ctx}");
        for row in rows {
            let cells = row.matches("<th").count() + row.matches("<td").count();
            assert_eq!(cells, cols, "row {row}: {ctx}");
        }
    }

    // Code: each expected text is in a code block.
    let blocks = spans(&html, "<pre>", "</pre>");
    for want in expect.code_blocks {
        assert!(
            blocks.iter().any(|b| b.contains(want)),
            "{want} not in a code block: {ctx}"
        );
    }

    // URLs reach the href unaltered: no word joiner (relcut's escape of `#` and `@` in text)
    // inside a link's address, where it would break the link.
    for href in spans(&html, "href=\"", "\"") {
        assert!(
            !href.contains('\u{2060}') && !href.contains("%E2%81%A0"),
            "altered URL {href:?}: {ctx}"
        );
    }

    // Paragraphs carry no Markdown that failed to render.
    for p in spans(&visible, "<p>", "</p>") {
        let text = without(p, "<code>", "</code>");
        let text = without(&text, "<a ", ">");
        assert!(!text.contains('|'), "raw | in a paragraph `{p}`: {ctx}");
        assert!(!text.contains("###"), "raw ### in a paragraph `{p}`: {ctx}");
        assert!(
            !text.contains("```"),
            "raw fence in a paragraph `{p}`: {ctx}"
        );
    }
    html
}

fn snapshot(name: &str, html: &str) {
    insta::with_settings!({snapshot_suffix => name.to_string(), prepend_module_to_snapshot => false}, {
        insta::assert_snapshot!("render", html);
    });
}

fn answer_to(comments: &[StoredComment], verb: &str) -> String {
    comments
        .iter()
        .find(|c| c.body.contains(&format!(":{verb} -->")))
        .unwrap_or_else(|| panic!("no answer to {verb}"))
        .body
        .clone()
}

fn prow(sha: &str, state: &str) -> Value {
    serde_json::json!({"items": [
        {"spec": {"job": "post-k8sio-image-promo", "refs": {"base_sha": sha}}, "status": {"state": state, "startTime": "2026-04-07T12:00:00Z", "url": "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/7"}}
    ]})
}

async fn with_services(body: &str) -> Fake {
    let fake = Fake::start(CUT_TITLE, body).await;
    {
        let mut st = fake.state();
        st.extra.insert(
            "/repos/kubernetes/kubernetes/issues/56876".into(),
            serde_json::json!({"number": 56876, "state": "closed"}),
        );
        st.extra.insert(
            "/repos/kubernetes/k8s.io/pulls/9350".into(),
            serde_json::json!({"number": 9350, "title": "releng: Image promotion for kubernetes v1.36.0-rc.1 | `x`", "merged": true, "merge_commit_sha": "m9350", "base": {"sha": "b"}, "head": {"sha": "h"}}),
        );
        st.extra.insert(
            "/repos/kubernetes/k8s.io/pulls/9350/files".into(),
            serde_json::json!([{"filename": "registry.k8s.io/images/k8s-staging-kubernetes/images.yaml"}]),
        );
        use base64::Engine;
        let yaml = "- name: kube-proxy\n  dmap:\n    \"sha256:aaaa\": [\"v1.36.0-rc.0\"]\n";
        st.extra.insert(
            "/repos/kubernetes/k8s.io/contents/registry.k8s.io/images/k8s-staging-kubernetes/images.yaml".into(),
            serde_json::json!({"sha": "blob", "encoding": "base64", "content": base64::engine::general_purpose::STANDARD.encode(yaml)}),
        );
        st.extra
            .insert("/prowjobs.js".into(), prow("m9350", "pending"));
    }
    fake
}

/// The status comment an edit of the promotion-stage cut issue leaves, checked as a reader
/// sees it (one table of four columns, the cut's heading, the release command as code).
async fn rendered_status(fake: &Fake, name: &str) -> String {
    let ev = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = promo_body(9350).into();
        v["issue"]["updated_at"] = "2026-04-07T12:30:00Z".into();
    });
    let r = fake.run("issues", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let status = fake.bot_comments()[0].body.clone();
    let html = check(
        name,
        &status,
        &Expect {
            tables: &[4],
            headings: &["h3:Cut v1.36.0-rc.1"],
            code_blocks: &[],
            mention: None,
        },
    );
    not_copy_ready(&html, "krel release --type rc --branch release-1.36");
    html
}

/// Issue 22 item 2: a command that may not run yet (the step after a waiting or failed gate)
/// is listed as code, never in a block with a copy button.
fn not_copy_ready(html: &str, cmd: &str) {
    let blocks = spans(html, "<pre>", "</pre>");
    assert!(
        !blocks.iter().any(|b| b.contains(cmd)),
        "{cmd} copy-ready: {html}"
    );
    assert!(
        html.contains(&format!("<li><code>{cmd}")),
        "{cmd} not listed: {html}"
    );
}

#[tokio::test]
async fn the_status_comment_renders() {
    let fake = with_services(&promo_body(9350)).await;
    let html = rendered_status(&fake, "status").await;
    snapshot("status", &html);
}

#[tokio::test]
async fn the_status_comment_of_a_promotion_for_other_tags_renders() {
    let fake = with_services(&promo_body(9350)).await;
    fake.state().extra.insert(
        "/repos/kubernetes/k8s.io/pulls/9350".into(),
        serde_json::json!({"number": 9350, "title": "releng: Image promotion for kubernetes v1.36.0-rc.0 @alice", "merged": true, "merge_commit_sha": "m9350", "base": {"sha": "b"}, "head": {"sha": "h"}}),
    );
    fake.state()
        .extra
        .insert("/prowjobs.js".into(), prow("m9350", "success"));
    let html = rendered_status(&fake, "status-mismatch").await;
    // What a reader sees first: the stop, in bold, above the heading; the expected title as code.
    let first = spans(&html, "<p>", "</p>")[0];
    assert!(
        first.starts_with(
            "🔴 <strong>stop: the promotion PRs do not promote this cut's tags</strong>"
        ),
        "{html}"
    );
    assert!(
        html.find("🔴").unwrap() < html.find("<h3>").unwrap(),
        "{html}"
    );
    assert!(
        first.contains("<code>releng: Image promotion for kubernetes v1.36.0-rc.1</code>"),
        "{first}"
    );
    assert!(!html.contains("✅ <strong>Gate"), "never a go: {html}");
    assert!(
        !html.contains("@alice"),
        "the PR's title is never echoed: {html}"
    );
    snapshot("status-mismatch", &html);
}

#[tokio::test]
async fn every_answer_renders() {
    let fake = with_services(&promo_body(9350)).await;
    let comment = "/relcut help\n/relcut status\n/relcut plan\n/relcut promo-tags\n/relcut validate v1.36.0-rc.1 'a|b' v1.36.0-rc.0.12+abcdef0123\n/relcut announce shoutout=alice go=1.26.1\n/relcut history\n/relcut check all\n/relcut frobnicate `x`\n";
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event(comment)(v);
        v["issue"]["body"] = promo_body(9350).into();
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let answers = fake.bot_comments();
    let login = Some("Codertocat");
    let cases: [(&str, Expect); 9] = [
        (
            "help",
            Expect {
                tables: &[2],
                mention: login,
                ..Expect::default()
            },
        ),
        (
            "status",
            Expect {
                tables: &[4],
                headings: &["h3:Cut v1.36.0-rc.1"],
                code_blocks: &[],
                mention: login,
            },
        ),
        (
            "plan",
            Expect {
                // The steps' table, then a heading per step (16 for an rc).
                tables: &[4],
                headings: &[
                    "h3:Runbook for <code>v1.36.0-rc.1</code>",
                    "h4:1. Update Go",
                    "h4:2. ",
                    "h4:3. ",
                    "h4:4. ",
                    "h4:5. ",
                    "h4:6. ",
                    "h4:7. Mock stage",
                    "h4:8. ",
                    "h4:9. No-mock stage",
                    "h4:10. ",
                    "h4:11. ",
                    "h4:12. No-mock release",
                    "h4:13. ",
                    "h4:14. ",
                    "h4:15. ",
                    "h4:16. ",
                ],
                code_blocks: &[
                    "krel stage --type rc --branch release-1.36\n",
                    "krel stage --type rc --branch release-1.36 --nomock",
                ],
                mention: login,
            },
        ),
        (
            "promo-tags",
            Expect {
                code_blocks: &["kpromo pr --fork Codertocat --tag v1.36.0-rc.1"],
                mention: login,
                ..Expect::default()
            },
        ),
        (
            "validate",
            Expect {
                tables: &[2],
                mention: login,
                ..Expect::default()
            },
        ),
        (
            "announce",
            Expect {
                code_blocks: &["krel announce send --tag v1.36.0-rc.1 --nomock"],
                mention: login,
                ..Expect::default()
            },
        ),
        (
            "history",
            Expect {
                tables: &[6],
                headings: &["h4:Release jobs"],
                mention: login,
                ..Expect::default()
            },
        ),
        (
            "check",
            Expect {
                mention: login,
                ..Expect::default()
            },
        ),
        (
            "frobnicate",
            Expect {
                mention: login,
                ..Expect::default()
            },
        ),
    ];
    for (verb, expect) in &cases {
        // Unknown verbs share one answer.
        let marker = if *verb == "frobnicate" {
            "unknown"
        } else {
            verb
        };
        let body = answer_to(&answers, marker);
        let html = check(verb, &body, expect);
        snapshot(&format!("answer_{verb}"), &html);
    }
    // The validate table keeps `a|b` in one cell, as code.
    assert!(answer_to(&answers, "validate").contains("`a\\|b`"));
    assert!(gfm(&answer_to(&answers, "validate")).contains("<code>a|b</code>"));
    // The PR title with a pipe and backticks stays one code span.
    assert!(gfm(&answer_to(&answers, "check"))
        .contains("<code>releng: Image promotion for kubernetes v1.36.0-rc.1 | `x`</code>"));
}

#[tokio::test]
async fn tick_errors_render_and_a_refusal_writes_nothing() {
    let fake = with_services(&cut_body()).await;
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event("/relcut tick image-promotion https://github.com/kubernetes/k8s.io/pull/9350\n/relcut plan v9\n")(v);
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let answers = fake.bot_comments();
    let login = Some("Codertocat");
    for (verb, name) in [("tick", "answer_tick"), ("plan", "answer_error")] {
        let html = check(
            name,
            &answer_to(&answers, verb),
            &Expect {
                mention: login,
                ..Expect::default()
            },
        );
        snapshot(name, &html);
    }
    // The status comment the tick refreshed.
    let status = answers
        .iter()
        .find(|c| c.body.contains("relcut:status"))
        .expect("status after tick");
    let html = check(
        "status after tick",
        &status.body,
        &Expect {
            tables: &[4],
            headings: &["h3:Cut v1.36.0-rc.1"],
            code_blocks: &[],
            mention: None,
        },
    );
    not_copy_ready(&html, "krel release --type rc");

    fake.state()
        .permissions
        .insert("mallory".into(), "read".into());
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event("/relcut tick email `x` | y")(v);
        v["comment"]["user"]["login"] = "mallory".into();
    });
    let before = fake.bot_comments().len();
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    // A refusal renders nothing: a reaction, no comment (issue #19 item 5).
    assert_eq!(fake.bot_comments().len(), before);
}

/// Issue #22 item 4 (Done when: the comment render tests cover the mid-cut chart): relcut was
/// added three days after the jobs ran, so `/relcut history` draws the jobs and relcut's steps
/// each on its own scale, the steps' axis with dates, both as Mermaid blocks GitHub renders.
#[tokio::test]
async fn a_mid_cut_history_renders_two_readable_charts() {
    let fake = with_services(&promo_body(9350)).await;
    fake.state().comments.push(StoredComment {
        id: 77,
        body: "<!-- relcut:status -->\n<!-- relcut:ledger {\"email\":\"2026-04-10T15:10:00Z\",\"slack-notify\":\"2026-04-10T15:20:00Z\",\"metrics\":\"2026-04-11T16:00:00Z\"} -->\nstatus\n\n<sub>relcut keeps this comment current · `/relcut help` lists the commands</sub>\n".into(),
        login: crate::fake_github::BOT.into(),
    });
    let ev = fake.event("issue_comment.created.json", |v: &mut Value| {
        comment_event("/relcut history")(v);
        v["issue"]["body"] = promo_body(9350).into();
    });
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let answer = answer_to(&fake.bot_comments(), "history");
    let html = gfm(&answer);
    let charts = spans(&html, "<code class=\"language-mermaid\">", "</code>");
    assert_eq!(charts.len(), 2, "{html}");
    assert!(charts[0].contains("axisFormat %H:%M\n"), "{}", charts[0]);
    assert!(charts[0].contains("mock stage :done"), "{}", charts[0]);
    assert!(
        charts[1].contains("axisFormat %m-%d %H:%M\n"),
        "{}",
        charts[1]
    );
    assert!(charts[1].contains("2026-04-10 15:10:00"), "{}", charts[1]);
    assert!(!charts[0].contains("2026-04-10"), "{}", charts[0]);
    snapshot("answer_history_mid_cut", &html);
}
