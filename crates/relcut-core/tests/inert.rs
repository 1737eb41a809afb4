//! Every byte of issue and comment text is inert where relcut writes it (issue #19, item 2): a
//! hostile corpus (mentions, team mentions, headings, links, HTML, backtick runs, pipes, `<!--`,
//! right-to-left and zero-width characters) goes through every field relcut quotes, the result
//! is rendered as GitHub renders it (comrak, the port of GitHub's cmark-gfm, with GFM's
//! extensions), and nothing in the HTML may come from the input: each kind of element appears
//! as often as when the field holds a plain word, no mention or issue reference appears outside
//! code, no link leads to the corpus's host, and no hidden character survives where GitHub
//! shows it. The fields: the issue's (status comment, history), every verb's arguments and their
//! errors (explain's text and preflight's included), a hold's or a no-go's reason (banner and
//! hidden records), and what `/relcut preflight` quotes from GitHub.

use relcut_core::checklist::{self, IssueInput};
use relcut_core::command::{self, Context};
use relcut_core::ledger::{self, Call, Ledger};
use relcut_core::output::History;
use relcut_core::preflight::{self, Blocker, CutFacts, OpenCut};
use relcut_core::Tag;

const TITLE: &str = "Cut v1.36.0-rc.1 release";

/// One value per shape of attack; each is also tried with all the others after it.
const CORPUS: [&str; 24] = [
    "@alice",
    "@kubernetes/release-managers",
    "#123",
    "kubernetes/kubernetes#1",
    "[click](https://evil.example/a)",
    "![i](https://evil.example/i.png)",
    "https://evil.example/b",
    "www.evil.example",
    "someone@evil.example",
    "<img/src=x/onerror=alert(1)>",
    "<b>bold</b>",
    "<!--",
    "</details><details><summary>x</summary>",
    "`",
    "``@carol``",
    "a`@bob`c",
    "```",
    "|",
    "|a|b|",
    "*em*_em_~~del~~",
    "\u{202E}gnp.exe",
    "x\u{200B}@\u{200B}dave",
    "1.",
    "\\",
];

/// A value with spaces and line starts, for the fields that are whole lines of the body.
const LINE: &str = "# Heading @erin [x](https://evil.example/c) <b>b</b> ``` | > q";

fn render(md: &str) -> String {
    let mut o = comrak::Options::default();
    o.extension.table = true;
    o.extension.strikethrough = true;
    o.extension.autolink = true;
    o.extension.tasklist = true;
    o.render.r#unsafe = true;
    comrak::markdown_to_html(md, &o)
}

/// The HTML without what code elements hold (GitHub links and pings nothing there).
fn outside_code(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<code") {
        out.push_str(&rest[..i]);
        match rest[i..].find("</code>") {
            Some(j) => rest = &rest[i + j + 7..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// The HTML without its comments (`<!-- ... -->`), which GitHub does not show.
fn without_comments(html: &str) -> String {
    let mut out = String::new();
    let mut rest = html;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        match rest[i..].find("-->") {
            Some(j) => rest = &rest[i + j + 3..],
            None => return out,
        }
    }
    out.push_str(rest);
    out
}

/// How many of each element kind, and the mentions and references GitHub would make of the text.
fn shape(html: &str) -> Vec<(&'static str, usize)> {
    // The text GitHub reads for mentions: outside code, without tags and their attributes.
    let mut text = String::new();
    for (i, part) in outside_code(html).split('<').enumerate() {
        text.push_str(if i == 0 {
            part
        } else {
            part.split_once('>').map_or("", |(_, t)| t)
        });
    }
    let mentions = text
        .char_indices()
        .filter(|(i, c)| {
            matches!(c, '@' | '#')
                && text[i + 1..]
                    .chars()
                    .next()
                    .is_some_and(|n| n.is_ascii_alphanumeric())
        })
        .count();
    let mut out: Vec<(&'static str, usize)> = [
        "<h1",
        "<h2",
        "<h3",
        "<h4",
        "<h5",
        "<h6",
        "<a ",
        "<img",
        "<b>",
        "<em>",
        "<del>",
        "<details",
        "<summary",
        "<!--",
        "<li",
        "<ol",
        "<blockquote",
        "<td",
        "<th",
        "<table",
        "<pre",
        "<hr",
    ]
    .into_iter()
    .map(|t| (t, html.matches(t).count()))
    .collect();
    out.push(("mentions and references", mentions));
    out
}

/// Renders `make(value)` with a plain word and with each hostile value, and compares.
fn assert_inert(field: &str, make: impl Fn(&str) -> String) {
    check(field, false, None, make);
}

/// As [`assert_inert`], for a field of the issue body that an unclosed `<!--` before it hides
/// (from relcut as from GitHub): the comment may then read as `hidden`, the field unread.
fn assert_inert_or_hidden(field: &str, hidden: &str, make: impl Fn(&str) -> String) {
    check(field, false, Some(hidden), make);
}

/// As [`assert_inert`], for a field whose URLs are the step's evidence: relcut links those on
/// purpose (as `link`, its own word), so a value holding a URL may add that link and its list
/// entry, and nothing else.
fn assert_inert_but_evidence(field: &str, make: impl Fn(&str) -> String) {
    check(field, true, None, make);
}

fn check(field: &str, evidence: bool, hidden: Option<&str>, make: impl Fn(&str) -> String) {
    // A word valid wherever a value is checked, one invalid everywhere, and nothing (an
    // unclosed `<!--` in a body hides the rest of it from relcut, as from GitHub): a hostile
    // value reads as one of them, and the answer must have that one's shape.
    let mut bases = vec![
        shape(&render(&make("benign"))),
        shape(&render(&make("benign!"))),
        shape(&render(&make(""))),
    ];
    bases.extend(hidden.map(|h| shape(&render(h))));
    let mut values: Vec<String> = CORPUS.iter().map(|s| (*s).to_string()).collect();
    values.push(CORPUS.concat());
    for value in values {
        let html = render(&make(&value));
        let linked = evidence && value.contains("https://");
        let kinds = |shape: Vec<(&'static str, usize)>| -> Vec<(&'static str, usize)> {
            shape
                .into_iter()
                .filter(|(k, _)| !linked || !matches!(*k, "<a " | "<li"))
                .collect()
        };
        // A hostile value may make relcut say less (a row it cannot read), never more: no
        // element kind, mention or reference beyond what a plain word gives.
        let most = |k: &str| {
            bases
                .iter()
                .filter_map(|b| b.iter().find(|(kind, _)| *kind == k).map(|(_, n)| *n))
                .max()
                .unwrap_or(0)
        };
        let more: Vec<(&str, usize, usize)> = kinds(shape(&html))
            .into_iter()
            .filter(|(k, n)| *n > most(k))
            .map(|(k, n)| (k, n, most(k)))
            .collect();
        assert!(
            more.is_empty(),
            "{field} with {value:?} added to the comment (kind, count, at most): {more:?}\n{html}"
        );
        for (i, _) in html.match_indices("href=\"https://evil") {
            let anchor = &html[i..];
            let anchor = &anchor[..anchor.find("</a>").unwrap_or(anchor.len())];
            assert!(
                linked
                    && anchor
                        .rsplit_once('>')
                        .is_some_and(|(_, t)| t.starts_with("link")),
                "{field} with {value:?} made a link: {anchor}\n{html}"
            );
        }
        assert!(
            !html.contains("src=\"https://evil") && !html.contains("href=\"http://www.evil"),
            "{field} with {value:?} made a link:\n{html}"
        );
        // What GitHub shows: relcut's hidden records (HTML comments) keep the person's words
        // as written, and nobody sees them.
        assert!(
            !without_comments(&html).contains(['\u{202E}', '\u{200B}']),
            "{field} with {value:?} kept a hidden character:\n{html}"
        );
    }
}

fn status(body: &str) -> String {
    let issue = checklist::read(IssueInput {
        title: Some(TITLE),
        body,
        created_at: None,
    });
    checklist::StatusReport::build(&issue, Some("alice"), None).markdown()
}

fn history(body: &str) -> String {
    let issue = checklist::read(IssueInput {
        title: Some(TITLE),
        body,
        created_at: None,
    });
    History::of(&issue, &Ledger::default()).markdown(true)
}

fn answer(comment: &str) -> String {
    answer_with(comment, None)
}

/// The answer to `comment` on the example cut, with relcut's ledger as its status comment holds
/// it.
fn answer_with(comment: &str, ledger: Option<&Ledger>) -> String {
    let body = include_str!("../../../examples/cut-v1.36.0-rc.1-in-progress.md");
    let body = checklist::split_front_matter(body).body;
    let cmds = command::parse(comment);
    assert_eq!(cmds.len(), 1, "{comment:?}");
    command::answer(
        &cmds[0],
        &Context {
            title: TITLE,
            body: &body,
            created_at: None,
            author: "alice",
            ledger,
        },
    )
    .markdown
}

const JOBS: &str = "## Release Jobs History\n\n| Step | Command | Link | Start | Duration | Succeeded? |\n| --- | --- | --- | --- | --- | --- |\n";

#[test]
fn issue_fields_are_inert_in_the_status_comment_and_history() {
    assert_inert("the krel version line", |v| {
        status(&format!(
            "## Release Tools Version\n\n```\nGitVersion:    v0.20.1-{}\nGitCommit:     29b1a9894813\nGitTreeState:  clean\n```\n",
            v.replace('\n', " ")
        ))
    });
    assert_inert("an unknown checklist item", |v| {
        status(&format!("## Release Steps\n\n- [x] Water {v} the plants\n"))
    });
    assert_inert("an unknown checklist item line", |v| {
        status(&format!("## Release Steps\n\n- [x] {LINE} {v}\n"))
    });
    assert_inert_but_evidence("a step label", |v| {
        status(&format!(
            "## Release Steps\n\n- [ ] Send email notification {v}\n"
        ))
    });
    assert_inert_or_hidden("a history command cell", &history(JOBS), |v| {
        history(&format!(
            "{JOBS}| `stage` | `krel stage {v} --nomock` | https://console.cloud.google.com/cloud-build/builds/1 | 2026-04-07T09:41:30Z | 01:15:02 | Yes |\n"
        ))
    });
    assert_inert_or_hidden("a history start cell", &history(JOBS), |v| {
        history(&format!(
            "{JOBS}| `stage` | `krel stage --nomock` | https://console.cloud.google.com/cloud-build/builds/1 | 09:41 {v} | 01:15:02 | Yes |\n"
        ))
    });
    assert_inert_or_hidden("the status of a history", &status(JOBS), |v| {
        status(&format!(
            "{JOBS}| `stage` | `krel stage {v}` | https://console.cloud.google.com/cloud-build/builds/1 | {v} | {v} | {v} |\n"
        ))
    });
}

#[test]
fn command_arguments_are_inert_in_answers_and_their_errors() {
    for (field, template) in [
        ("validate", "/relcut validate {}"),
        ("validate, two values", "/relcut validate v1.36.0 {}"),
        ("plan's tag", "/relcut plan {}"),
        ("plan's option", "/relcut plan --{}"),
        ("plan's second tag", "/relcut plan v1.36.0-rc.1 {}"),
        ("plan's build version", "/relcut plan --build-version {}"),
        ("plan's fork", "/relcut plan fork={}"),
        ("promo-tags' tag", "/relcut promo-tags {}"),
        (
            "promo-tags' fork",
            "/relcut promo-tags v1.36.0-rc.1 fork={}",
        ),
        ("announce's tag", "/relcut announce {}"),
        ("announce's go version", "/relcut announce go={}"),
        ("announce's shoutout", "/relcut announce shoutout={}"),
        ("an unknown verb", "/relcut {}"),
        ("status' fork", "/relcut status fork={}"),
        ("tick's step", "/relcut tick {}"),
        ("check's target", "/relcut check {}"),
    ] {
        assert_inert(field, |v| {
            // A command is one line of words: the value as one word.
            let word: String = v.split_whitespace().collect::<Vec<_>>().join("");
            answer(&template.replace("{}", &word))
        });
    }
}

#[test]
fn the_new_verbs_arguments_are_inert_in_answers_and_their_errors() {
    for (field, template) in [
        ("explain's text", "/relcut explain {}"),
        ("explain's text in a block", "/relcut explain\n```\n{}\n```"),
        ("preflight's argument", "/relcut preflight {}"),
        ("preflight's option", "/relcut preflight fork={}"),
        ("history's argument", "/relcut history {}"),
        ("hold's reason", "/relcut hold {}"),
        ("no-go's reason", "/relcut no-go {}"),
        ("unhold's reason", "/relcut unhold {}"),
    ] {
        assert_inert(field, |v| {
            let word: String = v.split_whitespace().collect::<Vec<_>>().join("");
            answer(&template.replace("{}", &word))
        });
    }
}

/// A hold's or a no-go's reason is the person's own text: the status comment shows it on top
/// (the banner), and keeps it in its hidden ledger and in the call's answer.
#[test]
fn a_calls_reason_is_inert_in_the_banner_and_the_hidden_records() {
    let at = chrono::DateTime::parse_from_rfc3339("2026-04-07T12:00:00Z")
        .unwrap()
        .with_timezone(&chrono::Utc);
    for call in [Call::Hold, Call::NoGo] {
        assert_inert_or_hidden(
            &format!("a {}'s reason", call.as_str()),
            &answer_with("/relcut status", None),
            |v| {
                let mut l = Ledger::new();
                // An empty reason is refused before anything is written: nothing to render.
                let Ok(record) = l.call(call, "alice", at, Some(&format!("{v} {LINE}"))) else {
                    return answer_with("/relcut status", None);
                };
                let hidden = ledger::call_comment(&record.clone());
                format!(
                    "{}\n{hidden}\n\n{}\n\n{}",
                    l.comment(),
                    answer_with("/relcut status", Some(&l)),
                    answer_with("/relcut history", Some(&l))
                )
            },
        );
    }
}

/// `/relcut preflight` quotes what GitHub said: error messages, the blockers' references, the
/// warnings about other cuts.
#[test]
fn preflights_findings_are_inert() {
    let tag = Tag::parse("v1.36.0-rc.1").unwrap();
    let facts = |v: &str| CutFacts {
        this_cut: Some(Ok(Some(OpenCut {
            number: 1,
            scheduled: Some(format!("2026-04-07 {v}")),
            collisions: vec![format!("cut {v} the same day")],
        }))),
        branch_protected: Some(Err(format!("GitHub answered {v}"))),
        blockers: Some(Ok(vec![
            Blocker {
                reference: format!("kubernetes/kubernetes#1{v}"),
                url: "https://github.com/kubernetes/kubernetes/issues/1".into(),
                closed: Err(format!("GitHub answered {v}")),
            },
            Blocker {
                reference: "kubernetes/kubernetes#2".into(),
                url: "https://github.com/kubernetes/kubernetes/issues/2".into(),
                closed: Ok(false),
            },
        ])),
    };
    assert_inert("preflight's findings", |v| {
        preflight::decide_on_github(&tag, &facts(v)).markdown()
    });
    assert_inert("preflight's errors", |v| {
        preflight::decide_on_github(
            &tag,
            &CutFacts {
                this_cut: Some(Err(format!("GitHub answered {v}"))),
                branch_protected: Some(Err(v.to_string())),
                blockers: Some(Err(v.to_string())),
            },
        )
        .markdown()
    });
}
