//! Cut-issue reading from 1 KB to 1 MB (it should scale linearly) and comment-command parsing,
//! then the adversarial shapes (GitHub's 65,536-character body limit filled with nesting, links
//! or brackets), which must stay linear too. `cargo bench -p relcut-core`; figures in
//! BENCHMARKS.md.

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use relcut_core::checklist::{self, IssueInput};
use relcut_core::command;
use relcut_core::ledger::Ledger;
use relcut_core::output::History;

/// A cut issue of about `size` bytes: the bundled in-progress cut, then as many jobs-history
/// rows and discussion lines as it takes (long issues grow by pasted tables and notes).
fn issue_of(size: usize) -> String {
    let base = include_str!("../../../examples/cut-v1.36.0-rc.1-in-progress.md");
    let mut body = base.splitn(3, "---\n").nth(2).unwrap_or(base).to_string();
    let row = "| `stage`        | `krel stage --type rc --branch release-1.36 --build-version v1.36.0-rc.0.28+5e4d3c2b1a0f9e --nomock` | https://console.cloud.google.com/cloud-build/builds/9c0d-03?project=648026197307 | 2026-04-07T09:41:30.777102345Z | 01:15:02 | Yes        |\n";
    let note = "- note: rerun after a flake, see https://kubernetes.slack.com/archives/CJH2GBF7Y/p1775548800100002 and `krel history` <!-- kept -->\n";
    let mut i = 0;
    while body.len() < size {
        body.push_str(if i % 3 == 0 { note } else { row });
        i += 1;
    }
    body.truncate(size.max(1));
    while !body.is_char_boundary(body.len()) {
        body.pop();
    }
    body
}

fn cut_issue(c: &mut Criterion) {
    let mut g = c.benchmark_group("cut_issue_read");
    for size in [1_000usize, 10_000, 100_000, 1_000_000] {
        let body = issue_of(size);
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_with_input(BenchmarkId::from_parameter(size), &body, |b, body| {
            b.iter(|| {
                checklist::read(IssueInput {
                    title: Some("Cut v1.36.0-rc.1 release"),
                    body: black_box(body),
                    created_at: None,
                })
            });
        });
    }
    g.finish();
    let body = issue_of(100_000);
    c.bench_function("cut_issue_tick_100k", |b| {
        b.iter(|| {
            checklist::tick(
                black_box(&body),
                "image-promotion",
                Some("https://github.com/kubernetes/k8s.io/pull/1"),
            )
        });
    });
}

fn commands(c: &mut Criterion) {
    let comment = "Thanks, looks good.\r\n\r\n/relcut status\r\n```\n/relcut tick email\n```\n> /relcut plan\n/relcut promo-tags v1.36.0-rc.0 fork=alice\n<!-- /relcut help -->\n";
    c.bench_function("command_parse", |b| {
        b.iter(|| command::parse(black_box(comment)));
    });
}

/// Bodies of about `size` bytes built to make a parser work hard: one line of nested list
/// markers (`- - - … - [ ] x`), ordered and mixed markers, nested quotes holding a command, one
/// line of thousands of distinct links, a promotion item wrapped over thousands of PR links,
/// many items of one step each with its own link, a kpromo title of thousands of tags, a
/// promotion PR followed by thousands of URLs, unclosed brackets and link openers, a line of
/// pipes.
fn adversarial(size: usize) -> Vec<(&'static str, String)> {
    let fill =
        |unit: &str, tail: &str| unit.repeat(size.saturating_sub(tail.len()) / unit.len()) + tail;
    vec![
        ("nested_markers", fill("- ", "[ ] x\n")),
        ("nested_mixed_markers", fill("* 1. + ", "[ ] Stage\n")),
        ("nested_quotes_command", fill("> - ", "/relcut status\n")),
        (
            "distinct_links_one_line",
            (0..size / 24)
                .map(|i| format!("https://x.example/{i:05} "))
                .fold("- [x] Send notification ".to_string(), |acc, u| acc + &u),
        ),
        (
            // One promotion item whose text wraps over thousands of lines of PR links, each
            // after a `](` with no `[` before it: the item's whole text is read for tags.
            "promotion_prs_wrapped",
            (0..size / 56)
                .map(|i| format!("](https://github.com/kubernetes/k8s.io/pull/{i:05})\n    "))
                .fold("- [x] Image Promotion PR: ".to_string(), |acc, u| acc + &u),
        ),
        // Many items of one step, each with its own link (issue #19): notify items, NoMock
        // Run / Stage groups, one item wrapped over many links, Image Promotion items.
        (
            "notify_items",
            (0..size / 100)
                .map(|i| format!("- [x] Notify #release-management: https://kubernetes.slack.com/archives/CJH2GBF7Y/p{i:016}\n"))
                .collect(),
        ),
        (
            "nomock_stage_groups",
            (0..size / 110)
                .map(|i| format!("- NoMock Run\n  - [x] Stage https://console.cloud.google.com/cloud-build/builds/{i:08}?project=648026197307\n"))
                .collect(),
        ),
        (
            "one_item_wrapped_over_links",
            (0..size / 68)
                .map(|i| format!("  https://kubernetes.slack.com/archives/CJH2GBF7Y/p{i:016}\n"))
                .fold("- [x] Notify #release-management:\n".to_string(), |acc, u| acc + &u),
        ),
        (
            "image_promotion_items",
            (1..=size / 72)
                .map(|i| format!("- [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/{i}\n"))
                .collect(),
        ),
        (
            // A kpromo title naming thousands of tags, and one PR followed by thousands of URLs.
            "promotion_title_of_many_tags",
            (0..size / 9)
                .map(|i| format!(" v1.{}.{}", i / 1000, i % 1000))
                .fold("- [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9811 releng: Image promotion for kubernetes".to_string(), |acc, t| acc + &t),
        ),
        (
            "promotion_pr_then_urls",
            (0..size / 25)
                .map(|i| format!(" https://x.example/{i:06}"))
                .fold("- [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9811 releng: Image promotion for kubernetes v1.36.0-rc.1".to_string(), |acc, u| acc + &u),
        ),
        ("unclosed_brackets", fill("[a](", "\n")),
        ("pipes", fill("|", "\n")),
    ]
}

fn adversarial_shapes(c: &mut Criterion) {
    let mut g = c.benchmark_group("adversarial_64k");
    for (name, body) in adversarial(65_536) {
        g.throughput(Throughput::Bytes(body.len() as u64));
        g.bench_with_input(BenchmarkId::new("read", name), &body, |b, body| {
            b.iter(|| {
                checklist::read(IssueInput {
                    title: Some("Cut v1.36.0-rc.1 release"),
                    body: black_box(body),
                    created_at: None,
                })
            });
        });
        g.bench_with_input(BenchmarkId::new("tick", name), &body, |b, body| {
            b.iter(|| checklist::tick(black_box(body), "email", Some("https://x.example/y")));
        });
        g.bench_with_input(BenchmarkId::new("command_parse", name), &body, |b, body| {
            b.iter(|| command::parse(black_box(body)));
        });
    }
    g.finish();
    // What `relcut status` does with the worst shape: read, then the report with its plan.
    let nested = adversarial(65_536).swap_remove(0).1;
    c.bench_function("status_nested_markers_64k", |b| {
        b.iter(|| {
            let issue = checklist::read(IssueInput {
                title: Some("Cut v1.36.0-rc.1 release"),
                body: black_box(&nested),
                created_at: None,
            });
            checklist::StatusReport::build(&issue, None, None).text()
        });
    });
}

/// `relcut history render` of a jobs table of 100,000 rows (the chart is computed whether shown
/// or not).
fn history_rows(c: &mut Criterion) {
    let mut body = "## Release Jobs History\n\n| Step | Command | Link | Start | Duration | Succeeded? |\n| --- | --- | --- | --- | --- | --- |\n".to_string();
    for i in 0..100_000 {
        body.push_str(&format!(
            "| `stage` | `krel stage --type rc --branch release-1.36 --nomock` | https://console.cloud.google.com/cloud-build/builds/{i:08}?project=648026197307 | 2026-04-07T09:{:02}:{:02}Z | 01:15:02 | Yes |\n",
            (i / 60) % 60,
            i % 60
        ));
    }
    let mut g = c.benchmark_group("history");
    g.sample_size(10);
    g.bench_function("render_100k_rows", |b| {
        b.iter(|| {
            let issue = checklist::read(IssueInput {
                title: Some("Cut v1.36.0-rc.1 release"),
                body: black_box(&body),
                created_at: None,
            });
            History::of(&issue, &Ledger::default()).markdown(false)
        });
    });
    g.finish();
}

criterion_group!(
    benches,
    cut_issue,
    commands,
    adversarial_shapes,
    history_rows
);
criterion_main!(benches);
