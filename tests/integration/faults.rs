//! Fault injection against the real binary: for each fault, the outcome, the number of
//! requests, the time spent (bounded), and exactly one answer afterwards, or none with a clear
//! error. Races between two `relcut action` processes converge.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::fake_github::{comment_event, cut_body, Fake, Fault, CUT_TITLE};

fn fault(
    method: &'static str,
    path: &'static str,
    status: u16,
    headers: Vec<(&'static str, String)>,
    apply: bool,
) -> Fault {
    Fault {
        method,
        path_contains: path,
        status,
        headers,
        apply,
    }
}

/// Runs `/relcut status` with the faults queued; returns the run, its duration and requests.
async fn status_with(
    faults: Vec<Fault>,
    inputs: &[(&str, &str)],
) -> (Fake, crate::common::Run, Duration) {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    fake.state().faults.extend(faults);
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut status"),
    );
    let start = Instant::now();
    let r = fake.run("issue_comment", &ev, inputs).await;
    (fake, r, start.elapsed())
}

#[tokio::test]
async fn burst_of_502_and_503_is_retried_with_backoff() {
    let (fake, r, took) = status_with(
        vec![
            fault("GET", "/comments", 502, vec![], false),
            fault("GET", "/comments", 503, vec![], false),
            fault("GET", "/comments", 502, vec![], false),
            fault("POST", "/reactions", 503, vec![], false),
        ],
        &[],
    )
    .await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(fake.bot_comments().len(), 1);
    // 5 for the command, 3 retried listings; the failed reaction is not re-sent blindly
    assert_eq!(fake.requests().len(), 8, "{:#?}", fake.requests());
    assert!(took < Duration::from_secs(10), "{took:?}");
}

#[tokio::test]
async fn too_many_requests_without_headers_waits_then_succeeds() {
    let (fake, r, took) =
        status_with(vec![fault("GET", "/permission", 429, vec![], false)], &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stderr.contains("429 rate limited"), "{}", r.stderr);
    assert_eq!(fake.bot_comments().len(), 1);
    assert_eq!(fake.requests().len(), 6);
    assert!(
        took >= Duration::from_millis(50) && took < Duration::from_secs(10),
        "{took:?}"
    );
}

#[tokio::test]
async fn secondary_rate_limit_beyond_the_budget_gives_up_cleanly() {
    let (fake, r, took) = status_with(
        vec![fault(
            "GET",
            "/permission",
            403,
            vec![("retry-after", "30".into())],
            false,
        )],
        &[("max-wait", "2")],
    )
    .await;
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "gave up on `GET /repos/Codertocat/Hello-World/collaborators/Codertocat/permission`"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("rerun the job later"));
    assert_eq!(fake.bot_comments().len(), 0);
    assert_eq!(fake.requests().len(), 1);
    assert!(
        took < Duration::from_secs(5),
        "never waits past max-wait: {took:?}"
    );
}

#[tokio::test]
async fn a_server_that_stays_down_is_given_up_within_max_wait() {
    let faults = (0..20)
        .map(|_| fault("GET", "/comments", 503, vec![], false))
        .collect();
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    fake.state().faults.extend::<Vec<Fault>>(faults);
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut status"),
    );
    let start = Instant::now();
    let r = fake.run("issue_comment", &ev, &[("max-wait", "1")]).await;
    let took = start.elapsed();
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("gave up on `GET /repos/Codertocat/Hello-World/issues/1/comments`"),
        "{}",
        r.stdout
    );
    assert!(took < Duration::from_secs(5), "{took:?}");
    assert_eq!(fake.bot_comments().len(), 0, "nothing posted");
}

#[tokio::test]
async fn body_too_long_is_a_clear_error_without_retry() {
    let (fake, r, _) = status_with(
        vec![fault("POST", "/issues/1/comments", 422, vec![], false)],
        &[],
    )
    .await;
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "GitHub rejected `POST /repos/Codertocat/Hello-World/issues/1/comments` (422"
        ),
        "{}",
        r.stdout
    );
    let posts = fake.requests().iter().filter(|(m, _)| m == "POST").count();
    assert_eq!(posts, 1, "a 422 is not retried");
    assert_eq!(fake.bot_comments().len(), 0);
}

#[tokio::test]
async fn missing_issue_on_tick_is_a_clear_error() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    fake.state()
        .faults
        .push_back(fault("GET", "/issues/1", 404, vec![], false));
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut tick email https://groups.google.com/a/kubernetes.io/g/dev/c/x"),
    );
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("`GET /repos/Codertocat/Hello-World/issues/1` was not found (404)"),
        "{}",
        r.stdout
    );
    assert_eq!(fake.state().issue_body, cut_body(), "nothing written");
    assert!(!fake.requests().iter().any(|(m, _)| m == "PATCH"));
}

/// A TCP front that drops the first `drops` connections and then forwards to `target`.
fn flaky_proxy(target: String, drops: usize) -> (String, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    let seen = Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    std::thread::spawn(move || {
        for conn in listener.incoming() {
            let Ok(mut client) = conn else { continue };
            let n = counter.fetch_add(1, Ordering::SeqCst);
            if n < drops {
                // Read the request, then hang up: a reset before any answer.
                let mut buf = [0u8; 1024];
                let _ = client.set_read_timeout(Some(Duration::from_millis(200)));
                let _ = client.read(&mut buf);
                drop(client);
                continue;
            }
            let target = target.trim_start_matches("http://").to_string();
            std::thread::spawn(move || {
                let Ok(mut server) = TcpStream::connect(&target) else {
                    return;
                };
                let (mut c2, mut s2) = (client.try_clone().unwrap(), server.try_clone().unwrap());
                let up = std::thread::spawn(move || {
                    let _ = std::io::copy(&mut c2, &mut s2);
                    let _ = s2.shutdown(std::net::Shutdown::Write);
                });
                let _ = std::io::copy(&mut server, &mut client);
                let _ = client.flush();
                let _ = up.join();
            });
        }
    });
    (addr, seen)
}

#[tokio::test]
async fn connection_resets_are_retried() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let (proxy, seen) = flaky_proxy(fake.server.uri(), 2);
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut status"),
    );
    let r = fake.run_with_api("issue_comment", &ev, &[], &proxy).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stderr.contains("connection"), "{}", r.stderr);
    assert!(seen.load(Ordering::SeqCst) >= 3);
    assert_eq!(fake.bot_comments().len(), 1);
}

#[tokio::test]
async fn nothing_listening_is_a_clear_error() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let closed = {
        let l = TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut status"),
    );
    let start = Instant::now();
    let r = fake
        .run_with_api("issue_comment", &ev, &[("max-wait", "1")], &closed)
        .await;
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("GITHUB_API_URL") || r.stdout.contains("gave up"),
        "{}",
        r.stdout
    );
    assert!(start.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn two_racing_runs_converge_on_one_answer() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut status\n/relcut promo-tags"),
    );
    let (a, b) = tokio::join!(
        fake.run("issue_comment", &ev, &[]),
        fake.run("issue_comment", &ev, &[])
    );
    assert_eq!((a.code, b.code), (0, 0), "{}\n{}", a.stderr, b.stderr);
    let bots = fake.bot_comments();
    let status = bots
        .iter()
        .filter(|c| c.body.contains(":status -->"))
        .count();
    let promo = bots
        .iter()
        .filter(|c| c.body.contains(":promo-tags -->"))
        .count();
    assert_eq!((status, promo), (1, 1), "{bots:#?}");
}

#[tokio::test]
async fn a_tick_racing_a_human_edit_keeps_both() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    // The person's edit lands right after relcut's first read of the body.
    let human = cut_body().replace(
        "None at the time of the cut.",
        "kubernetes/kubernetes#135999 (new blocker)",
    );
    fake.state().human_edit_after_get = Some(human);
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event(
            "/relcut tick image-promotion https://github.com/kubernetes/k8s.io/pull/9350",
        ),
    );
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let body = fake.state().issue_body.clone();
    assert!(
        body.contains("kubernetes/kubernetes#135999 (new blocker)"),
        "the human edit is kept"
    );
    assert!(
        body.contains("  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9350"),
        "the tick is made"
    );
}
