//! Rendering new cut issues and ticking steps: exactly one line changes, nothing else.

use proptest::prelude::*;
use relcut_core::checklist::{self, IssueInput, StepState, TickError};
use relcut_core::{StepId, Tag};

fn tag(s: &str) -> Tag {
    Tag::parse(s).unwrap()
}

fn changed_lines(a: &str, b: &str) -> Vec<usize> {
    let (la, lb): (Vec<&str>, Vec<&str>) = (a.split('\n').collect(), b.split('\n').collect());
    assert_eq!(la.len(), lb.len(), "the number of lines changed");
    la.iter()
        .zip(&lb)
        .enumerate()
        .filter(|(_, (x, y))| x != y)
        .map(|(i, _)| i + 1)
        .collect()
}

#[test]
fn rendered_issues_read_back_as_a_fresh_cut() {
    for (t, expect_mock, extra, schedule) in [
        ("v1.36.0-alpha.1", true, None, false),
        ("v1.36.0-beta.0", true, None, false),
        (
            "v1.36.0-rc.0",
            true,
            Some(StepId::BranchCreationTasks),
            false,
        ),
        ("v1.36.0-rc.2", true, None, false),
        ("v1.36.0", true, Some(StepId::CodeThaw), false),
        ("v1.35.4", false, None, true),
    ] {
        let v = tag(t);
        let body = checklist::render(&v).unwrap();
        let issue = checklist::read(IssueInput {
            title: Some(&checklist::title(&v)),
            body: &body,
            created_at: None,
        });
        assert_eq!(issue.version, Some(v), "{t}");
        assert!(issue.warnings.is_empty(), "{t}: {:#?}", issue.warnings);
        assert!(
            issue.history.is_empty(),
            "{t}: the pre-filled rows are no jobs"
        );
        let mock = issue.step(StepId::MockStage).unwrap();
        assert_eq!(mock.state == StepState::Open, expect_mock, "{t}");
        if let Some(x) = extra {
            assert_eq!(issue.step(x).unwrap().state, StepState::Open, "{t}");
        }
        assert_eq!(issue.step(StepId::Schedule).is_some(), schedule, "{t}");
        assert_eq!(
            issue.next,
            Some(if v.is_patch() {
                StepId::SlackThread
            } else {
                StepId::ReleaseSignal
            }),
            "{t}"
        );
    }
}

#[test]
fn render_snapshots() {
    insta::assert_snapshot!(
        "render_v1.36.0-rc.0",
        checklist::render(&tag("v1.36.0-rc.0")).unwrap()
    );
    insta::assert_snapshot!(
        "render_v1.35.4",
        checklist::render(&tag("v1.35.4")).unwrap()
    );
    assert_eq!(
        checklist::title(&tag("v1.35.0-rc.1")),
        "Cut v1.35.0-rc.1 release"
    );
    assert!(checklist::render(&tag("v1.36.0-alpha.0")).is_err());
}

#[test]
fn tick_puts_the_link_where_the_placeholder_was() {
    let body = checklist::render(&tag("v1.36.0-rc.1")).unwrap();
    let url = "https://github.com/kubernetes/k8s.io/pull/9999";
    let out = checklist::tick(&body, "image-promotion", Some(url)).unwrap();
    assert_eq!(changed_lines(&body, &out).len(), 1);
    assert!(
        out.contains(&format!("  - [x] Image Promotion PR: {url}\n")),
        "{out}"
    );
    let issue = checklist::read(IssueInput {
        title: Some("Cut v1.36.0-rc.1 release"),
        body: &out,
        created_at: None,
    });
    assert_eq!(issue.step(StepId::ImagePromotion).unwrap().links, [url]);
    assert_eq!(
        issue.step(StepId::ImagePromotion).unwrap().state,
        StepState::Done
    );
}

#[test]
fn tick_keeps_crlf_and_old_placeholders() {
    let body = "- [ ] Stage & release\r\n  - [ ] Notify [#release-management](https://kubernetes.slack.com/messages/CJH2GBF7Y): [see notification](https://link-to-slack-message)\r\n- [ ] Send notification [email](https://link-to-email-on-kubernetes-announce-google-group)\r\n";
    let out = checklist::tick(
        body,
        "email",
        Some("https://groups.google.com/g/kubernetes-announce/c/X1"),
    )
    .unwrap();
    assert_eq!(
        out,
        "- [ ] Stage & release\r\n  - [ ] Notify [#release-management](https://kubernetes.slack.com/messages/CJH2GBF7Y): [see notification](https://link-to-slack-message)\r\n- [x] Send notification [email](https://groups.google.com/g/kubernetes-announce/c/X1)\r\n"
    );
    let out = checklist::tick(body, "nomock-stage", None).unwrap();
    assert!(out.starts_with("- [x] Stage & release\r\n"));
    assert_eq!(out.len(), body.len());
}

#[test]
fn tick_appends_when_there_is_no_placeholder() {
    let body = "- NoMock Run\n  - [ ] Stage\n  - [ ] Release\n";
    let out = checklist::tick(
        body,
        "nomock-stage",
        Some("https://console.cloud.google.com/cloud-build/builds/abc"),
    )
    .unwrap();
    assert_eq!(out, "- NoMock Run\n  - [x] Stage: https://console.cloud.google.com/cloud-build/builds/abc\n  - [ ] Release\n");
    // ticking again changes nothing
    assert_eq!(
        checklist::tick(
            &out,
            "nomock-stage",
            Some("https://console.cloud.google.com/cloud-build/builds/abc")
        )
        .unwrap(),
        out
    );
}

#[test]
fn tick_errors_list_the_steps_present() {
    let body = "- NoMock Run\n  - [ ] Stage\n  - [ ] Release\n";
    match checklist::tick(body, "email", None) {
        Err(e @ TickError::Absent { .. }) => assert_eq!(
            e.to_string(),
            "this issue has no item for `email`: it has `nomock-stage`, `nomock-release`"
        ),
        other => panic!("{other:?}"),
    }
    let e = checklist::tick(body, "stage", None).unwrap_err();
    assert!(
        e.to_string()
            .starts_with("unknown step `stage`: this issue has `nomock-stage`"),
        "{e}"
    );
    let e = checklist::tick(body, "nomock-stage", Some("https://x.example/a\nb")).unwrap_err();
    assert!(matches!(e, TickError::BadLink));
    let commented = "<!-- Uncomment for non-patch releases\n- Mock Run\n  - [ ] Stage\n-->\n- NoMock Run\n  - [ ] Stage\n";
    let e = checklist::tick(commented, "mock-stage", None).unwrap_err();
    assert!(matches!(e, TickError::Absent { .. }), "{e}");
}

#[test]
fn tick_preserves_front_matter_through_the_blanked_body() {
    let text = "---\ntitle: Cut v1.35.4 release\n---\n- NoMock Run\n  - [ ] Stage\n";
    let doc = checklist::split_front_matter(text);
    assert_eq!(doc.title.as_deref(), Some("Cut v1.35.4 release"));
    let ticked = checklist::tick(&doc.body, "nomock-stage", None).unwrap();
    let out = format!("{}{}", &text[..doc.body_offset], &ticked[doc.body_offset..]);
    assert_eq!(
        out,
        "---\ntitle: Cut v1.35.4 release\n---\n- NoMock Run\n  - [x] Stage\n"
    );
}

fn any_step() -> impl Strategy<Value = StepId> {
    proptest::sample::select(StepId::ALL.to_vec())
}

/// A link of the first kind the step table lists as the step's proof (tick takes no other).
fn proof_link(step: StepId, n: u32) -> String {
    use relcut_core::evidence::LinkKind as L;
    let url = match step.spec().tick_kinds()[0] {
        L::Slack => format!("https://kubernetes.slack.com/archives/C2C40FMNF/p{n}"),
        L::PromotionJob => format!(
            "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/{n}"
        ),
        L::Email => format!("https://groups.google.com/a/kubernetes.io/g/dev/c/{n}"),
        L::WebsitePr => format!("https://github.com/kubernetes/website/pull/{n}"),
        L::TestInfraPr => format!("https://github.com/kubernetes/test-infra/pull/{n}"),
        L::CloudBuild => format!(
            "https://console.cloud.google.com/cloud-build/builds/{n}?project=k8s-staging-releng"
        ),
        L::Testgrid => format!("https://testgrid.k8s.io/sig-release-{n}"),
        L::GitHub => format!("https://github.com/kubernetes/kubernetes/issues/{n}"),
        _ => format!("https://github.com/kubernetes/k8s.io/pull/{n}"),
    };
    assert_eq!(checklist::check_link(step, &url), Ok(()), "{step}: {url}");
    url
}

fn any_tag() -> impl Strategy<Value = Tag> {
    proptest::sample::select(vec![
        "v1.36.0-alpha.2",
        "v1.36.0-beta.1",
        "v1.36.0-rc.0",
        "v1.36.0-rc.3",
        "v1.36.0",
        "v1.35.7",
    ])
    .prop_map(tag)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Whatever is ticked, in whichever template, with LF or CRLF: exactly one line changes.
    #[test]
    fn tick_changes_exactly_one_line(t in any_tag(), step in any_step(), crlf in any::<bool>(), with_link in any::<bool>(), n in 1u32..99999) {
        let mut body = checklist::render(&t).unwrap();
        if crlf {
            body = body.replace('\n', "\r\n");
        }
        let link = proof_link(step, n);
        match checklist::tick(&body, step.as_str(), with_link.then_some(link.as_str())) {
            Ok(out) => {
                prop_assert_eq!(changed_lines(&body, &out).len(), 1);
                prop_assert_eq!(out.matches("\r\n").count(), body.matches("\r\n").count());
                let issue = checklist::read(IssueInput { title: None, body: &out, created_at: None });
                prop_assert!(issue.step(step).unwrap().checked);
            }
            Err(TickError::Absent { present, .. }) => prop_assert!(!present.contains(&step)),
            Err(e) => prop_assert!(false, "{e}"),
        }
    }

    /// Arbitrary text never panics the reader, the history parser or tick.
    #[test]
    fn arbitrary_input_never_panics(s in ".{0,400}", title in ".{0,40}", step in any_step()) {
        let issue = checklist::read(IssueInput { title: Some(&title), body: &s, created_at: Some(&title) });
        for st in &issue.steps {
            prop_assert!(st.line >= 1);
        }
        let _ = relcut_core::history::parse(&s);
        let _ = checklist::tick(&s, step.as_str(), Some("https://example.com/x"));
        let _ = checklist::split_front_matter(&s);
    }

    /// Markdown-shaped noise: list markers, boxes, comments, pipes, CRLF.
    #[test]
    fn markdown_noise_never_panics(parts in proptest::collection::vec(proptest::sample::select(vec![
        "- [ ] ", "- [x] ", "  ", "\r\n", "\n", "<!--", "-->", "|", "Stage", "Release", "Mock Run", "NoMock Run",
        "Image Promotion PR:", "~~", "n/a", "https://github.com/kubernetes/k8s.io/pull/1", "`", "## Release Steps", "é", "GitVersion:  v1.2.3",
    ]), 0..60), step in any_step()) {
        let s: String = parts.concat();
        let _ = checklist::read(IssueInput { title: Some("Cut v1.35.0 release"), body: &s, created_at: None });
        if let Ok(out) = checklist::tick(&s, step.as_str(), Some("https://example.com/x")) {
            prop_assert_eq!(changed_lines(&s, &out).len(), 1);
        }
    }
}
