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
    assert_eq!(r.code, 3, "a service failure");
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
    assert_eq!(r.code, 3);
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
    assert_eq!(r.code, 3);
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
    assert_eq!(r.code, 3);
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
    assert_eq!(r.code, 3);
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

// ---- Bounded time: every run ends within max-wait + 10 s, whatever the service does. ----

/// A loopback server that accepts connections and then does `serve` with each, on its own
/// thread; at most `max_conns` connections, so the thread ends.
fn raw_server(max_conns: usize, serve: fn(TcpStream)) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for conn in listener.incoming().take(max_conns) {
            let Ok(c) = conn else { continue };
            std::thread::spawn(move || serve(c));
        }
    });
    addr
}

/// Reads the request, then never answers (for at most a minute).
fn hang(mut c: TcpStream) {
    let mut buf = [0u8; 4096];
    let _ = c.set_read_timeout(Some(Duration::from_secs(1)));
    let _ = c.read(&mut buf);
    std::thread::sleep(Duration::from_secs(60));
}

/// Answers headers at once, then a body one byte every second (at most 60 bytes).
fn trickle(mut c: TcpStream) {
    let mut buf = [0u8; 4096];
    let _ = c.set_read_timeout(Some(Duration::from_secs(1)));
    let _ = c.read(&mut buf);
    let _ = c.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
    );
    for _ in 0..60 {
        if c.write_all(b" ").is_err() {
            return;
        }
        let _ = c.flush();
        std::thread::sleep(Duration::from_secs(1));
    }
}

async fn bounded_run(api: &str, max_wait: u64) -> (crate::common::Run, Duration, Fake) {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut status"),
    );
    let start = Instant::now();
    let r = fake
        .run_with_api(
            "issue_comment",
            &ev,
            &[("max-wait", &max_wait.to_string())],
            api,
        )
        .await;
    (r, start.elapsed(), fake)
}

#[tokio::test]
async fn a_hanging_endpoint_ends_within_max_wait_plus_ten_seconds() {
    let api = raw_server(20, hang);
    let (r, took, _) = bounded_run(&api, 3).await;
    assert_eq!(r.code, 4, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stdout
            .contains("the run's time of 3 s (max-wait) is used up"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(&format!("GitHub at {api}")),
        "{}",
        r.stdout
    );
    assert!(took < Duration::from_secs(3 + 10), "{took:?}");
}

#[tokio::test]
async fn a_trickling_body_times_out_within_max_wait_plus_ten_seconds() {
    let api = raw_server(20, trickle);
    let (r, took, _) = bounded_run(&api, 3).await;
    assert_eq!(r.code, 4, "{}\n{}", r.stdout, r.stderr);
    assert!(r.stdout.contains("(max-wait) is used up"), "{}", r.stdout);
    assert!(took < Duration::from_secs(3 + 10), "{took:?}");
}

#[tokio::test]
/// The comments are read by page number from the `last` link, never by following `next`: a
/// broken proxy's `next` that points at the page itself cannot make relcut loop.
async fn a_self_referencing_next_link_cannot_make_relcut_loop() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    fake.state().self_link = true;
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut status"),
    );
    let start = Instant::now();
    let r = fake.run("issue_comment", &ev, &[("max-wait", "3")]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(fake.bot_comments().len(), 1);
    assert!(fake.requests().len() <= 5, "{:#?}", fake.requests());
    assert!(start.elapsed() < Duration::from_secs(3 + 10));
}

#[tokio::test]
async fn three_502s_on_a_create_end_with_exactly_one_comment() {
    let (fake, r, _) = status_with(
        (0..3)
            .map(|_| fault("POST", "/issues/1/comments", 502, vec![], false))
            .collect(),
        &[],
    )
    .await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert_eq!(fake.bot_comments().len(), 1);
    let posts = fake
        .requests()
        .iter()
        .filter(|(m, u)| m == "POST" && u.ends_with("/issues/1/comments"))
        .count();
    assert_eq!(posts, 4, "three failed tries and one that worked");
    assert!(
        r.stderr.contains("it is not there; creating it again"),
        "{}",
        r.stderr
    );
}

#[tokio::test]
async fn ten_parallel_ticks_of_different_steps_all_stay() {
    let open = cut_body().replace("- [x]", "- [ ]");
    let fake = Fake::start(CUT_TITLE, &open).await;
    let steps = [
        "release-signal",
        "slack-thread",
        "testgrid",
        "publishing-bot",
        "mock-stage",
        "mock-release",
        "nomock-stage",
        "image-promotion",
        "nomock-release",
        "email",
    ];
    let api = fake.server.uri();
    let threads: Vec<_> = steps
        .iter()
        .enumerate()
        .map(|(i, step)| {
            let ev = fake.event("issue_comment.created.json", |v: &mut serde_json::Value| {
                comment_event(&format!("/relcut tick {step}"))(v);
                v["issue"]["body"] = open.clone().into();
                v["comment"]["id"] = (500 + i as u64).into();
            });
            let mut cmd = fake.command("issue_comment", &ev, &[], &api);
            std::thread::spawn(move || crate::common::Run::from(cmd.output().unwrap()))
        })
        .collect();
    let results: Vec<crate::common::Run> = tokio::task::spawn_blocking(move || {
        threads.into_iter().map(|t| t.join().unwrap()).collect()
    })
    .await
    .unwrap();
    for r in &results {
        assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    }
    let body = fake.state().issue_body.clone();
    let reading = relcut_core::checklist::read(relcut_core::checklist::IssueInput {
        title: Some(CUT_TITLE),
        body: &body,
        created_at: None,
    });
    for step in steps {
        let s = reading
            .steps
            .iter()
            .find(|s| s.id.as_str() == step)
            .unwrap();
        assert_eq!(
            s.state,
            relcut_core::checklist::StepState::Done,
            "{step} lost:\n{body}"
        );
    }
    let answers: Vec<String> = fake
        .bot_comments()
        .into_iter()
        .filter(|c| c.body.contains(":tick -->"))
        .map(|c| c.body)
        .collect();
    assert_eq!(answers.len(), 10);
    assert!(
        answers.iter().all(|a| a.contains("ticked `")),
        "{answers:#?}"
    );
}

// ---- No workflow-command injection: outside text is escaped or inside ::stop-commands::. ----

/// Every workflow command the runner would see in `log` (lines split at CR and LF alike),
/// outside `::stop-commands::` regions.
fn commands_seen(log: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut stopped: Option<String> = None;
    for line in log.split(['\n', '\r']) {
        if let Some(token) = &stopped {
            if line == format!("::{token}::") {
                stopped = None;
            }
            continue;
        }
        if let Some(token) = line.strip_prefix("::stop-commands::") {
            stopped = Some(token.to_string());
            continue;
        }
        if line.starts_with("::") {
            out.push(line.to_string());
        }
    }
    out
}

#[tokio::test]
async fn no_workflow_command_injection_in_dry_run_retries_or_errors() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    fake.state().fault_message =
        Some("bad gateway\r\n::set-output name=pwned::1\n::add-mask::x".into());
    fake.state()
        .faults
        .push_back(fault("GET", "/comments", 502, vec![], false));
    let evil =
        "/relcut status\r::set-output name=pwned::1\n::add-mask::y\r\n/relcut frob\r::error::owned";
    let ev = fake.event("issue_comment.created.json", comment_event(evil));
    let r = fake.run("issue_comment", &ev, &[("dry-run", "true")]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        r.stderr.contains("dry-run: would comment on #1"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("retrying"), "{}", r.stderr);
    for log in [&r.stdout, &r.stderr] {
        for cmd in commands_seen(log) {
            assert!(
                cmd.starts_with("::add-mask::ghs_") || cmd.starts_with("::warning title=relcut"),
                "{cmd} in\n{log}"
            );
        }
    }
    // An error path: the injected text in a failure that ends the run.
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    fake.state().fault_message = Some("no\r\n::set-output name=pwned::1".into());
    fake.state()
        .faults
        .push_back(fault("GET", "/permission", 418, vec![], false));
    let ev = fake.event(
        "issue_comment.created.json",
        comment_event("/relcut status"),
    );
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 3, "{}", r.stdout);
    for log in [&r.stdout, &r.stderr] {
        for cmd in commands_seen(log) {
            assert!(
                cmd.starts_with("::add-mask::ghs_") || cmd.starts_with("::error title=relcut::"),
                "{cmd} in\n{log}"
            );
            assert!(!cmd.contains('\n'));
        }
    }
    assert!(
        r.stdout.contains("::error title=relcut::GitHub rejected"),
        "{}",
        r.stdout
    );
}

#[tokio::test]
async fn the_request_count_covers_every_service_and_check_runs_once() {
    let fake = Fake::start(CUT_TITLE, &cut_body()).await;
    let body: String = (0..50).map(|_| "/relcut check\n").collect();
    let ev = fake.event("issue_comment.created.json", comment_event(&body));
    let r = fake.run("issue_comment", &ev, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let seen = fake.requests().len();
    assert!(
        r.stdout.contains(&format!(
            "relcut: {seen} request(s) to GitHub, prow, GCS and testgrid"
        )),
        "{seen} requests; {}",
        r.stdout
    );
    let publishing_bot = fake
        .requests()
        .iter()
        .filter(|(_, u)| u.contains("/issues/56876"))
        .count();
    assert_eq!(publishing_bot, 1, "check runs once per comment");
    assert!(seen <= 12, "{:#?}", fake.requests());
}
