//! Linear on every input (issue #19, item 6): each shape that once cost quadratic time is read
//! at size `n` and `3n`, and the larger must cost less than 6x the smaller (linear work costs
//! ~3x; quadratic ~9x). Each time is the least of several runs, so that a busy machine slows
//! both sizes alike instead of failing the test; sizes are large enough that the quadratic
//! term dominates the fixed costs. The same shapes are in benches/parse.rs.

use std::time::Duration;

use relcut_core::checklist::{self, IssueInput};
use relcut_core::ledger::Ledger;
use relcut_core::output::History;

const TITLE: &str = "Cut v1.36.0-rc.1 release";

/// A shape: its name, and its body of `n` units.
type Shape = (&'static str, fn(usize) -> String);

/// Each shape, as a body of `n` units.
fn shapes() -> Vec<Shape> {
    vec![
        ("notify_items", |n| {
            (0..n)
                .map(|i| format!("- [x] Notify #release-management: https://kubernetes.slack.com/archives/CJH2GBF7Y/p{i:016}\n"))
                .collect()
        }),
        ("nomock_stage_groups", |n| {
            (0..n)
                .map(|i| format!("- NoMock Run\n  - [x] Stage https://console.cloud.google.com/cloud-build/builds/{i:08}?project=648026197307\n"))
                .collect()
        }),
        ("one_item_wrapped_over_links", |n| {
            (0..n).fold(
                "- [x] Notify #release-management:\n".to_string(),
                |acc, i| {
                    acc + &format!("  https://kubernetes.slack.com/archives/CJH2GBF7Y/p{i:016}\n")
                },
            )
        }),
        ("image_promotion_items", |n| {
            (0..n)
                .map(|i| {
                    format!(
                        "- [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/{}\n",
                        i + 1
                    )
                })
                .collect()
        }),
        ("promotion_title_of_many_tags", |n| {
            (0..n).fold(
                "- [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9811 releng: Image promotion for kubernetes".to_string(),
                |acc, i| acc + &format!(" v1.{}.{}", i / 1000, i % 1000),
            ) + "\n"
        }),
        ("promotion_pr_then_urls", |n| {
            (0..n).fold(
                "- [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9811 releng: Image promotion for kubernetes v1.36.0-rc.1".to_string(),
                |acc, i| acc + &format!(" https://x.example/{i:06}"),
            ) + "\n"
        }),
        ("history_rows", |n| {
            let mut t = "## Release Jobs History\n\n| Step | Command | Link | Start | Duration | Succeeded? |\n| --- | --- | --- | --- | --- | --- |\n".to_string();
            for i in 0..n {
                t.push_str(&format!(
                    "| `stage` | `krel stage --type rc --branch release-1.36 --nomock` | https://console.cloud.google.com/cloud-build/builds/{i:08}?project=648026197307 | 2026-04-07T09:{:02}:{:02}Z | 01:15:02 | Yes |\n",
                    (i / 60) % 60,
                    i % 60
                ));
            }
            t
        }),
    ]
}

/// What `relcut status` and `relcut history render` do with a body: read it, report it, and
/// render its history (the chart is computed whether shown or not).
fn work(body: &str) {
    let issue = checklist::read(IssueInput {
        title: Some(TITLE),
        body,
        created_at: None,
    });
    std::hint::black_box(relcut_core::checklist::StatusReport::build(&issue, None, None).text());
    std::hint::black_box(History::of(&issue, &Ledger::default()).markdown(false));
}

/// The CPU time this thread has used (time spent waiting for a core is not counted), where the
/// system tells it; wall time elsewhere.
struct Cpu(Duration);

impl Cpu {
    #[cfg(unix)]
    fn now() -> Cpu {
        let t = rustix::time::clock_gettime(rustix::time::ClockId::ThreadCPUTime);
        Cpu(Duration::new(
            u64::try_from(t.tv_sec).unwrap_or(0),
            u32::try_from(t.tv_nsec).unwrap_or(0),
        ))
    }

    #[cfg(not(unix))]
    fn now() -> Cpu {
        static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
        Cpu(START.get_or_init(std::time::Instant::now).elapsed())
    }

    fn elapsed(&self) -> Duration {
        Cpu::now().0.saturating_sub(self.0)
    }
}

/// The least time of `work` on `small` and on `big`, runs interleaved so that both sizes see
/// the machine alike.
fn least_times(small: &str, big: &str, runs: usize) -> (Duration, Duration) {
    let time = |body: &str| {
        let t = Cpu::now();
        work(body);
        t.elapsed()
    };
    let (mut s, mut b) = (Duration::MAX, Duration::MAX);
    for _ in 0..runs {
        s = s.min(time(small));
        b = b.min(time(big));
    }
    (s, b)
}

/// 4x the input may cost at most this many times the time: linear work costs ~4x, and the
/// quadratic shapes this guards against cost 6.4x to 9x at these sizes in a debug build
/// (measured before the fixes), whose constant factors hide much of a quadratic term.
const MAX_RATIO: f64 = 5.5;

#[test]
fn every_shape_scales_linearly() {
    let mut slow = Vec::new();
    for (name, shape) in shapes() {
        let (small, big) = (shape(2_000), shape(8_000));
        let (s, b) = least_times(&small, &big, 3);
        let ratio = b.as_secs_f64() / s.as_secs_f64().max(1e-9);
        eprintln!("{name}: {s:?} -> {b:?} ({ratio:.1}x for 4x the input)");
        if ratio > MAX_RATIO {
            // One more look before calling it: a burst of load can land on one size.
            let (s, b) = least_times(&small, &big, 5);
            let ratio = b.as_secs_f64() / s.as_secs_f64().max(1e-9);
            if ratio > MAX_RATIO {
                slow.push(format!("{name}: {ratio:.1}x"));
            }
        }
    }
    assert!(
        slow.is_empty(),
        "4x the input cost more than {MAX_RATIO}x the time: {slow:?}"
    );
}

#[test]
#[ignore = "measure"]
fn measure() {
    let only = std::env::var("SHAPE").unwrap_or_default();
    for (name, shape) in shapes().into_iter().filter(|(n, _)| n.contains(&only)) {
        for n in [1000, 3000, 9000] {
            let body = shape(n);
            let (t, _) = least_times(&body, "", 3);
            eprintln!("{name:32} n={n:6} bytes={:8} {:?}", body.len(), t);
        }
    }
}
