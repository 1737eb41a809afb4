//! Bodies built to make the parser work hard read the same steps as the issue without them:
//! relcut looks only so deep into nested lists, and what lies deeper is not read at all. (How
//! fast they are read is measured in benches/parse.rs, never timed here.)

use proptest::prelude::*;
use relcut_core::checklist::{self, CutIssue, IssueInput};

const TITLE: &str = "Cut v1.36.0-rc.1 release";

fn body() -> String {
    let file = include_str!("../../../examples/cut-v1.36.0-rc.1-in-progress.md");
    checklist::split_front_matter(file).body
}

fn read(body: &str) -> CutIssue {
    checklist::read(IssueInput {
        title: Some(TITLE),
        body,
        created_at: None,
    })
}

/// What the reader concluded, without the positions that the added text may shift.
fn steps(issue: &CutIssue) -> Vec<(String, String, Vec<String>)> {
    issue
        .steps
        .iter()
        .map(|s| (s.id.to_string(), format!("{:?}", s.state), s.links.clone()))
        .collect()
}

#[test]
fn a_64k_line_of_nested_markers_changes_nothing() {
    let base = body();
    let nested = format!("\n\n{}[ ] Send email notification\n", "- ".repeat(32_700));
    assert!(nested.len() > 65_000);
    for text in [format!("{base}{nested}"), format!("{nested}{base}")] {
        let issue = read(&text);
        assert_eq!(steps(&issue), steps(&read(&base)));
        assert_eq!(issue.next, read(&base).next);
    }
    let ticked = checklist::tick(
        &format!("{base}{nested}"),
        "email",
        Some("https://groups.google.com/a/kubernetes.io/g/dev/c/abc"),
    )
    .unwrap();
    let alone = checklist::tick(
        &base,
        "email",
        Some("https://groups.google.com/a/kubernetes.io/g/dev/c/abc"),
    )
    .unwrap();
    assert_eq!(ticked, format!("{alone}{nested}"));
}

#[test]
fn nesting_is_read_to_a_fixed_depth() {
    // A step 16 lists deep is still a step; one level deeper, it is not read.
    let at = |depth: usize| {
        let body = format!("{}[ ] Send email notification\n", "- ".repeat(depth));
        read(&body)
            .steps
            .iter()
            .map(|s| s.id.to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(at(16), ["email"]);
    assert!(at(17).is_empty());
    assert!(at(30_000).is_empty());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Any mix of list markers, quotes and links, however deep, appended after a blank line,
    /// leaves the issue's steps as they were.
    #[test]
    fn appended_nesting_leaves_the_steps(
        markers in proptest::collection::vec(
            proptest::sample::select(vec!["- ", "* ", "+ ", "1. ", "> ", "- [ ] ", "[a](", "https://x.example/a "]),
            0..400,
        ),
    ) {
        let base = body();
        let text = format!("{base}\n\n{}x\n", markers.concat());
        prop_assert_eq!(steps(&read(&text)), steps(&read(&base)));
    }
}

#[test]
fn three_hundred_promotion_prs_cost_what_four_do() {
    let links: String = (1..=300)
        .map(|n| {
            format!("- [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/{n}\n")
        })
        .collect();
    let issue = read(&format!("## Release Steps\n\n{links}\n{}", body()));
    assert_eq!(issue.promotion_prs(), [1, 2, 3, 4]);
    let w = issue
        .warnings
        .iter()
        .find(|w| w.id.as_str() == "too-many-promotion-prs")
        .expect("the rest are named in a warning");
    assert!(
        w.message
            .starts_with("the issue links 300 promotion PRs; relcut checks the first 4 and not kubernetes/k8s.io#5, kubernetes/k8s.io#6"),
        "{}",
        w.message
    );
    assert!(!read(&body())
        .warnings
        .iter()
        .any(|w| w.id.as_str() == "too-many-promotion-prs"));
}
