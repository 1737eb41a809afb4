//! `relcut check ... --wait` through the binary, against wiremock stand-ins for GitHub and prow
//! whose answers change from one check to the next; checks 40 ms apart
//! (`RELCUT_POLL_INTERVAL_MS`) instead of 30 s.

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{relcut_against, Run};

async fn relcut_wait(args: &[&str], server: &MockServer) -> Run {
    relcut_against(args, &server.uri(), &[("RELCUT_POLL_INTERVAL_MS", "40")]).await
}

/// Answers `body` to the next `times` requests for `p` (after the answers mounted before it
/// are used up), or to every request when `times` is `None`.
async fn answer(server: &MockServer, p: &str, body: Value, times: Option<u64>) {
    let mock = Mock::given(method("GET"))
        .and(path(p))
        .respond_with(ResponseTemplate::new(200).set_body_json(body));
    match times {
        Some(n) => mock.up_to_n_times(n).mount(server).await,
        None => mock.mount(server).await,
    }
}

async fn merged_pr(server: &MockServer) {
    answer(server, "/repos/kubernetes/k8s.io/pulls/9400", crate::fake_github::pull_json(&json!({"number": 9400, "title": "releng: Image promotion for kubernetes v1.36.0", "merged": true, "merge_commit_sha": "aaa111", "base": {"sha": "b0"}, "head": {"sha": "h0"}})), None).await;
}

/// Deck's `prowjobs.js` with our run in `state`, next to another merge's run.
fn deck(state: &str) -> Value {
    let job = |sha: &str, state: &str, id: &str| {
        json!({
            "kind": "ProwJob",
            "spec": {"type": "postsubmit", "job": "post-k8sio-image-promo", "refs": {"org": "kubernetes", "repo": "k8s.io", "base_ref": "main", "base_sha": sha}},
            "status": {"state": state, "startTime": "2026-04-22T11:00:00Z", "build_id": id, "url": format!("https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/{id}")}
        })
    };
    json!({"items": [job("someone-else", "success", "1914700000000000009"), job("aaa111", state, "1914700000000000002")]})
}

/// The timestamped lines on stderr, in order.
fn lines(r: &Run) -> Vec<&str> {
    let lines: Vec<&str> = r.stderr.lines().collect();
    for l in &lines {
        assert!(
            l.len() > 20
                && l.as_bytes()[4] == b'-'
                && l.as_bytes()[10] == b'T'
                && l.contains("Z ["),
            "not a timestamped line: {l}"
        );
    }
    lines
}

#[tokio::test]
async fn promotion_job_queued_running_succeeded_exits_0() {
    let server = MockServer::start().await;
    merged_pr(&server).await;
    answer(&server, "/prowjobs.js", deck("triggered"), Some(2)).await;
    answer(&server, "/prowjobs.js", deck("pending"), Some(2)).await;
    answer(&server, "/prowjobs.js", deck("success"), None).await;
    let r = relcut_wait(
        &["check", "promotion-job", "--pr", "9400", "--wait"],
        &server,
    )
    .await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let lines = lines(&r);
    let states: Vec<&str> = lines
        .iter()
        .skip(1)
        .map(|l| l.split("] ").nth(1).unwrap().split(':').next().unwrap())
        .collect();
    assert_eq!(states, ["queued", "running", "succeeded"], "{}", r.stderr);
    assert!(lines[0].contains("checking every 40ms"), "{}", lines[0]);
    assert!(
        lines[2].ends_with("https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/1914700000000000002"),
        "each line links the run: {}",
        lines[2]
    );
    assert_eq!(
        r.stdout,
        "the post-k8sio-image-promo run for kubernetes/k8s.io#9400 succeeded: the images are promoted\nhttps://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/1914700000000000002\n"
    );
    let deck_calls = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|q| q.url.path() == "/prowjobs.js")
        .count();
    assert_eq!(deck_calls, 5, "one request to Deck per check, no more");
}

#[tokio::test]
async fn promotion_job_failed_exits_1_with_json() {
    let server = MockServer::start().await;
    merged_pr(&server).await;
    answer(&server, "/prowjobs.js", deck("pending"), Some(1)).await;
    answer(&server, "/prowjobs.js", deck("failure"), None).await;
    let r = relcut_wait(
        &["check", "promotion-job", "--pr", "9400", "--wait", "--json"],
        &server,
    )
    .await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert_eq!(r.json()["state"], "failed");
    assert!(r.stderr.contains("] failed: "), "{}", r.stderr);
}

#[tokio::test]
async fn promotion_job_timeout_exits_4() {
    let server = MockServer::start().await;
    merged_pr(&server).await;
    answer(&server, "/prowjobs.js", deck("pending"), None).await;
    let r = relcut_wait(
        &[
            "check",
            "promotion-job",
            "--pr",
            "9400",
            "--wait",
            "--timeout",
            "1s",
        ],
        &server,
    )
    .await;
    assert_eq!(r.code, 4, "{}\n{}", r.stdout, r.stderr);
    // The time waited is at least the timeout; how much more depends on the machine.
    assert!(
        r.stderr.contains("still running after ") && r.stderr.contains("s (the --timeout)"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stderr.matches("] running: ").count(),
        1,
        "one line per change, not per check: {}",
        r.stderr
    );
}

#[tokio::test]
async fn publishing_bot_open_then_closed_exits_0() {
    let server = MockServer::start().await;
    answer(
        &server,
        "/repos/kubernetes/kubernetes/issues/56876",
        crate::fake_github::issue_like(&json!({"number": 56876, "state": "open"})),
        Some(2),
    )
    .await;
    answer(
        &server,
        "/repos/kubernetes/kubernetes/issues/56876",
        crate::fake_github::issue_like(&json!({"number": 56876, "state": "closed"})),
        None,
    )
    .await;
    answer(&server, "/repos/kubernetes/kubernetes/issues/56876/comments", crate::fake_github::comments_json(&json!([
        {"id": 1, "body": "The last publishing run failed: exit status 1", "html_url": "https://github.com/kubernetes/kubernetes/issues/56876#issuecomment-99", "user": {"login": "k8s-publishing-bot", "type": "User"}}
    ])), None).await;
    let r = relcut_wait(&["check", "publishing-bot", "--wait"], &server).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines = lines(&r);
    assert!(
        lines[1].contains("] open: the publishing-bot is failing")
            && lines[1].ends_with("#issuecomment-99"),
        "{}",
        r.stderr
    );
    assert!(
        lines[2].contains("] closed: the publishing-bot is healthy"),
        "{}",
        r.stderr
    );
    assert!(r.stdout.contains("healthy"), "{}", r.stdout);
}

#[tokio::test]
async fn unreachable_exits_3_and_timeout_needs_wait() {
    let server = MockServer::start().await;
    // Nothing mounted: every request is a 404.
    let r = relcut_wait(&["check", "publishing-bot", "--wait"], &server).await;
    assert_eq!(r.code, 3, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("3 checks in a row failed"),
        "{}",
        r.stderr
    );
    assert_eq!(
        r.stderr.matches("could not check").count(),
        2,
        "{}",
        r.stderr
    );

    let r = relcut_wait(&["check", "publishing-bot", "--timeout", "1h"], &server).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    let r = relcut_wait(
        &["check", "publishing-bot", "--wait", "--timeout", "90"],
        &server,
    )
    .await;
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("write it like 2h"), "{}", r.stderr);
    // Review 2 of issue 12, item 8: a zero timeout is a duration, just not a positive one.
    for zero in ["0s", "0m", "0h0m"] {
        let r = relcut_wait(
            &["check", "publishing-bot", "--wait", "--timeout", zero],
            &server,
        )
        .await;
        assert_eq!(r.code, 2, "{zero}");
        assert!(
            r.stderr.contains("the timeout must be positive"),
            "{zero}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("is not a duration"), "{}", r.stderr);
    }
}

#[tokio::test]
async fn ctrl_c_exits_130_saying_where_it_stood() {
    use std::io::{BufRead, BufReader};
    let server = MockServer::start().await;
    merged_pr(&server).await;
    answer(&server, "/prowjobs.js", deck("pending"), None).await;
    let uri = server.uri();
    let (code, stderr) = tokio::task::spawn_blocking(move || {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_relcut"))
            .args(["check", "promotion-job", "--pr", "9400", "--wait"])
            .env_remove("GITHUB_TOKEN")
            .env("GITHUB_API_URL", &uri)
            .env("RELCUT_PROW_URL", &uri)
            .env("RELCUT_GCS_URL", &uri)
            .env("RELCUT_POLL_INTERVAL_MS", "40")
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        let mut err = BufReader::new(child.stderr.take().unwrap());
        let mut seen = String::new();
        while !seen.contains("] running: ") {
            let mut line = String::new();
            if err.read_line(&mut line).unwrap() == 0 {
                break;
            }
            seen.push_str(&line);
        }
        let sent = std::process::Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut err, &mut rest).unwrap();
        (child.wait().unwrap().code(), seen + &rest)
    })
    .await
    .unwrap();
    assert_eq!(code, Some(130), "{stderr}");
    assert!(
        stderr.contains("interrupted after")
            && stderr.contains(
                "was running: the post-k8sio-image-promo run for kubernetes/k8s.io#9400 is running"
            ),
        "{stderr}"
    );
}

/// Review 2 of issue 12, item 8: a promotion PR that does not exist (GitHub's 404 on the pull
/// request) is a wrong number: exit 1 with the fix, at once even under --wait, not exit 3.
#[tokio::test]
async fn a_pr_that_does_not_exist_exits_1_with_the_fix() {
    // The stand-in answers 404 to every request it has no answer for.
    let server = MockServer::start().await;
    let fix =
        "kubernetes/k8s.io#99999 does not exist: check the number on the Image Promotion item";
    for args in [
        &["check", "promotion-job", "--pr", "99999"][..],
        &["check", "promotion", "--pr", "99999", "--wait"],
    ] {
        let r = relcut_wait(args, &server).await;
        assert_eq!(r.code, 1, "{args:?}: {}", r.stderr);
        assert!(
            r.stderr.contains(&format!("error: {fix}")),
            "{args:?}: {}",
            r.stderr
        );
        assert!(!r.stderr.contains("trying again"), "{args:?}: {}", r.stderr);
    }
    let r = relcut_wait(&["check", "promotion", "--pr", "99999", "--json"], &server).await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["error"], fix);
    assert_eq!(v["kind"], "input");
    assert_eq!(v["service"], Value::Null);

    // GitHub failing on the same request is still the service's fault.
    Mock::given(method("GET"))
        .and(path("/repos/kubernetes/k8s.io/pulls/99999"))
        .respond_with(ResponseTemplate::new(422).set_body_json(json!({"message": "nope"})))
        .mount(&server)
        .await;
    let r = relcut_wait(&["check", "promotion", "--pr", "99999"], &server).await;
    assert_eq!(r.code, 3, "{}", r.stderr);
}
