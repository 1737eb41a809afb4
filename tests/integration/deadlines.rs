//! Deadlines that hold (issue #19, item 7): `--wait --timeout T` ends within T + 10 s whatever
//! the services do (a service that never answers, a rate limit longer than the wait), numeric
//! inputs are bounded (a clear error, never a panic), and tokens print as `[REDACTED]`.

use std::time::{Duration, Instant};

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{relcut_against, Run};
use crate::fake_github::{comment_event, cut_body, Fake, CUT_TITLE};

/// The promotion PR, merged, answered at once (or after `delay`).
async fn merged_pr(server: &MockServer, delay: Duration) {
    Mock::given(method("GET"))
        .and(path("/repos/kubernetes/k8s.io/pulls/9400"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(crate::fake_github::pull_json(&json!({"number": 9400, "title": "releng: Image promotion for kubernetes v1.36.0", "merged": true, "merge_commit_sha": "aaa111", "base": {"sha": "b0"}, "head": {"sha": "h0"}})))
                .set_delay(delay),
        )
        .mount(server)
        .await;
}

fn deck() -> Value {
    json!({"items": [{
        "kind": "ProwJob",
        "spec": {"type": "postsubmit", "job": "post-k8sio-image-promo", "refs": {"org": "kubernetes", "repo": "k8s.io", "base_ref": "main", "base_sha": "aaa111"}},
        "status": {"state": "pending", "startTime": "2026-04-22T11:00:00Z", "build_id": "1914700000000000002", "url": "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/1914700000000000002"}
    }]})
}

/// `relcut check promotion-job --pr 9400 --wait --timeout 2s`, and how long it ran.
async fn wait_two_seconds(server: &MockServer) -> (Run, Duration) {
    let started = Instant::now();
    let r = relcut_against(
        &[
            "check",
            "promotion-job",
            "--pr",
            "9400",
            "--wait",
            "--timeout",
            "2s",
        ],
        &server.uri(),
        &[("RELCUT_POLL_INTERVAL_MS", "40")],
    )
    .await;
    (r, started.elapsed())
}

/// The bound the issue sets: the timeout and 10 s.
const BOUND: Duration = Duration::from_secs(2 + 10);

#[tokio::test]
async fn a_hanging_prow_cannot_stretch_the_wait() {
    let server = MockServer::start().await;
    merged_pr(&server, Duration::ZERO).await;
    // Far beyond the timeout, and beyond the client's own request timeout (30 s).
    Mock::given(method("GET"))
        .and(path("/prowjobs.js"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(deck())
                .set_delay(Duration::from_secs(120)),
        )
        .mount(&server)
        .await;
    let (r, took) = wait_two_seconds(&server).await;
    assert_eq!(r.code, 4, "{}\n{}", r.stdout, r.stderr);
    assert!(took < BOUND, "ran {took:?}:\n{}", r.stderr);
    assert!(
        r.stderr
            .contains("(the --timeout) (a check was still running)"),
        "{}",
        r.stderr
    );
}

#[tokio::test]
async fn a_hanging_github_cannot_stretch_the_wait() {
    let server = MockServer::start().await;
    merged_pr(&server, Duration::from_secs(120)).await;
    let (r, took) = wait_two_seconds(&server).await;
    assert_eq!(r.code, 4, "{}\n{}", r.stdout, r.stderr);
    assert!(took < BOUND, "ran {took:?}:\n{}", r.stderr);
}

#[tokio::test]
async fn a_rate_limit_is_waited_out_only_inside_the_deadline() {
    for retry_after in ["30", "18446744073709551615"] {
        let server = MockServer::start().await;
        merged_pr(&server, Duration::ZERO).await;
        Mock::given(method("GET"))
            .and(path("/prowjobs.js"))
            .respond_with(
                ResponseTemplate::new(429)
                    .insert_header("retry-after", retry_after)
                    .set_body_string("slow down"),
            )
            .mount(&server)
            .await;
        let (r, took) = wait_two_seconds(&server).await;
        assert!(
            matches!(r.code, 3 | 4),
            "Retry-After {retry_after}: exit {}\n{}",
            r.code,
            r.stderr
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
        assert!(took < BOUND, "Retry-After {retry_after}: ran {took:?}");
    }
}

#[tokio::test]
async fn numeric_inputs_are_bounded_with_a_clear_error() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut status"),
    );
    for max_wait in ["18446744073709551615", "21601", "-1", "1e3"] {
        let r = fake
            .run("issue_comment", &ev, &[("max-wait", max_wait)])
            .await;
        assert_eq!(r.code, 1, "max-wait {max_wait}: {}\n{}", r.stdout, r.stderr);
        assert!(
            r.stdout
                .contains("give whole seconds up to 21600 (GitHub ends a job after 6 h)"),
            "max-wait {max_wait}: {}",
            r.stdout
        );
        assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
    }
    let r = relcut_against(
        &["check", "publishing-bot", "--wait", "--timeout", "25h"],
        "http://127.0.0.1:9",
        &[],
    )
    .await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("wait at most 24h"), "{}", r.stderr);
}

#[test]
fn tokens_print_redacted() {
    let ep = relcut_action::checks::Endpoints {
        token: Some("ghp_secret_endpoints".to_string().into()),
        ..relcut_action::checks::Endpoints::default()
    };
    let shown = format!("{ep:?}");
    assert!(
        !shown.contains("ghp_secret") && shown.contains("[REDACTED]"),
        "{shown}"
    );
    let t = relcut_github::token::find(
        &|k| (k == "GH_TOKEN").then(|| "ghp_secret_cli".to_string()),
        "gh-not-installed",
        "https://api.github.com",
    );
    assert!(!format!("{t:?}").contains("ghp_secret"));
    // verify-release and the release-live gate send the token as a probe's header.
    let p = relcut_github::probe::Probe::get("https://api.github.com/repos/a/b", 10)
        .header("Authorization", "Bearer ghp_secret_probe")
        .header("accept", "application/json");
    let shown = format!("{p:?}");
    assert!(
        !shown.contains("ghp_secret") && shown.contains("[REDACTED]"),
        "{shown}"
    );
    assert!(shown.contains("application/json"), "{shown}");
}

/// The publishing-bot's issue, closed (the bot healthy), answered after `delay`.
async fn bot_closed(server: &MockServer, delay: Duration) {
    Mock::given(method("GET"))
        .and(path("/repos/kubernetes/kubernetes/issues/56876"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(crate::fake_github::issue_like(&json!({"number": 56876, "state": "closed", "html_url": "https://github.com/kubernetes/kubernetes/issues/56876"})))
                .set_delay(delay),
        )
        .mount(server)
        .await;
}

/// A one-shot command ends at its deadline (60 s, `RELCUT_SERVICE_TIMEOUT_MS` here 2 s)
/// however GitHub hangs, with the JSON error of a timeout (exit 4); it took 216 s (the client's
/// own retries) before.
#[tokio::test]
async fn a_hanging_github_ends_a_one_shot_check_at_its_deadline() {
    let server = MockServer::start().await;
    bot_closed(&server, Duration::from_secs(600)).await;
    let started = Instant::now();
    let r = relcut_against(
        &["check", "publishing-bot", "--json"],
        &server.uri(),
        &[("RELCUT_SERVICE_TIMEOUT_MS", "2000")],
    )
    .await;
    let took = started.elapsed();
    assert!(
        took < Duration::from_secs(2 + 5),
        "ran {took:?}:\n{}",
        r.stderr
    );
    assert_eq!(r.code, 4, "{}\n{}", r.stdout, r.stderr);
    let v = r.json();
    assert_eq!(v["kind"], "timed-out", "{v:#}");
    assert_eq!(v["exit_code"], 4, "{v:#}");
    assert_eq!(v["service"], "GitHub", "{v:#}");
    let error = v["error"].as_str().unwrap_or_default();
    assert!(error.contains("stopped waiting for GitHub"), "{error}");
    // The fix the CLI can follow, with its own time: not the Action's max-wait.
    assert!(
        error.contains("the run's time of 2 s (a one-shot command's time with the services)"),
        "{error}"
    );
    assert!(error.contains("use --wait"), "{error}");
    assert!(!error.contains("max-wait"), "{error}");
}

/// The deadline is the one-shot path's: an answer slower than it ends the check at once, and
/// is waited for under `--wait`, which keeps to its own `--timeout`.
#[tokio::test]
async fn the_one_shot_deadline_does_not_cut_a_wait() {
    let server = MockServer::start().await;
    bot_closed(&server, Duration::from_millis(1500)).await;
    let knob = [("RELCUT_SERVICE_TIMEOUT_MS", "300")];
    let once = relcut_against(&["check", "publishing-bot", "--json"], &server.uri(), &knob).await;
    assert_eq!(once.code, 4, "{}\n{}", once.stdout, once.stderr);
    let waited = relcut_against(
        &[
            "check",
            "publishing-bot",
            "--json",
            "--wait",
            "--timeout",
            "30s",
        ],
        &server.uri(),
        &knob,
    )
    .await;
    assert_eq!(waited.code, 0, "{}\n{}", waited.stdout, waited.stderr);
    assert_eq!(waited.json()["healthy"], true, "{}", waited.stdout);
}
