//! The CLI reading the live cut issue (issue #18 item 4): `status`, `history parse`, `plan` and
//! `check promotion` take `kubernetes/sig-release#N`, `#N` (with `--repo`) or the issue's URL,
//! against a stand-in GitHub (wiremock) answering with GitHub's issue object
//! (`tests/fixtures/github-api/issue.json`), with and without a token.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::common::{relcut, root, Run, NO_GH};

/// An issue as GitHub answers it: the documented issue object with the cut's fields.
pub fn issue_json(repo: &str, number: u64, title: &str, body: &str, created_at: &str) -> Value {
    let text = std::fs::read_to_string(root().join("tests/fixtures/github-api/issue.json"))
        .expect("tests/fixtures/github-api/issue.json");
    let mut v: Value = serde_json::from_str(&text).unwrap();
    let api = format!("https://api.github.com/repos/{repo}");
    v["number"] = number.into();
    v["title"] = title.into();
    v["body"] = body.into();
    v["created_at"] = created_at.into();
    v["updated_at"] = created_at.into();
    v["url"] = format!("{api}/issues/{number}").into();
    v["repository_url"] = api.clone().into();
    v["labels_url"] = format!("{api}/issues/{number}/labels{{/name}}").into();
    v["comments_url"] = format!("{api}/issues/{number}/comments").into();
    v["events_url"] = format!("{api}/issues/{number}/events").into();
    v["html_url"] = format!("https://github.com/{repo}/issues/{number}").into();
    v
}

/// A bundled example's title, `created_at` and body (its front matter taken apart).
pub fn example(name: &str) -> (String, String, String) {
    let text = std::fs::read_to_string(root().join("examples").join(name)).unwrap();
    let rest = text.strip_prefix("---\n").expect("front matter");
    let (front, body) = rest.split_once("---\n").expect("front matter end");
    let field = |k: &str| {
        front
            .lines()
            .find_map(|l| l.strip_prefix(k))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    (field("title:"), field("created_at:"), body.to_string())
}

/// Serves `example` as `repo#number`; returns a file holding the same issue JSON, saved as a
/// release manager would save it (what a live read must equal).
async fn serve(server: &MockServer, repo: &str, number: u64, example_name: &str) -> String {
    let (title, created, body) = example(example_name);
    let issue = issue_json(repo, number, &title, &body, &created);
    Mock::given(method("GET"))
        .and(path(format!("/repos/{repo}/issues/{number}")))
        .respond_with(ResponseTemplate::new(200).set_body_json(&issue))
        .mount(server)
        .await;
    static SAVED: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let saved = std::env::temp_dir().join(format!(
        "relcut-live-{}-{}.json",
        std::process::id(),
        SAVED.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    ));
    std::fs::write(&saved, issue.to_string()).unwrap();
    saved.to_string_lossy().into_owned()
}

/// relcut against the stand-in, with no token anywhere unless `env` gives one.
pub async fn run(args: &[&str], server: &MockServer, env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_relcut"));
    cmd.args(args)
        .current_dir(root())
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env("RELCUT_GH", NO_GH)
        .env("GITHUB_API_URL", server.uri());
    for (k, v) in env {
        cmd.env(k, v);
    }
    tokio::task::spawn_blocking(move || cmd.output().expect("run relcut"))
        .await
        .unwrap()
        .into()
}

/// The Authorization header of every request the stand-in received.
pub async fn auth(server: &MockServer) -> Vec<Option<String>> {
    server
        .received_requests()
        .await
        .unwrap_or_default()
        .iter()
        .map(|r: &Request| {
            r.headers
                .get("authorization")
                .and_then(|v| v.to_str().ok())
                .map(str::to_string)
        })
        .collect()
}

fn without_issue(mut v: Value) -> Value {
    v.as_object_mut().unwrap().remove("issue");
    v
}

const RC1: &str = "cut-v1.36.0-rc.1-in-progress.md";
const ANON: &str = "60 requests an hour";

#[tokio::test]
async fn status_of_hash_n_in_repo_sends_the_token_and_names_the_issue() {
    let server = MockServer::start().await;
    let saved = serve(&server, "octo-org/cuts", 3200, RC1).await;
    let r = run(
        &["status", "#3200", "--repo", "octo-org/cuts", "--json"],
        &server,
        &[
            ("GH_TOKEN", "ghp_liveIssueTest1"),
            ("GITHUB_TOKEN", "ghs_notThisOne"),
        ],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(
        v["issue"],
        json!({"number": 3200, "repo": "octo-org/cuts", "url": "https://github.com/octo-org/cuts/issues/3200"})
    );
    // The same reading as the file: title, body and created_at all came from GitHub.
    let file = relcut(&["status", &saved, "--json"]);
    assert_eq!(file.code, 0, "{}", file.stderr);
    assert_eq!(without_issue(v), file.json());
    assert_eq!(
        auth(&server).await,
        [Some("Bearer ghp_liveIssueTest1".to_string())]
    );
    assert!(!r.stderr.contains(ANON), "{}", r.stderr);
    assert!(!r.stderr.contains("ghp_liveIssueTest1") && !r.stdout.contains("ghp_"));
}

#[tokio::test]
async fn owner_repo_hash_n_without_a_token_is_anonymous_and_says_so_once() {
    let server = MockServer::start().await;
    let saved = serve(&server, "kubernetes/sig-release", 3200, RC1).await;
    let r = run(&["status", "kubernetes/sig-release#3200"], &server, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(
            "kubernetes/sig-release#3200 https://github.com/kubernetes/sig-release/issues/3200\nCut v1.36.0-rc.1 "
        ),
        "{}",
        r.stdout
    );
    let file = relcut(&["status", &saved]);
    assert!(r.stdout.ends_with(&file.stdout), "{}", r.stdout);
    assert_eq!(r.stderr.matches(ANON).count(), 1, "{}", r.stderr);
    assert_eq!(auth(&server).await, [None]);
}

/// A gh that prints `token` for `auth token --hostname HOST` and records that it was asked.
#[cfg(unix)]
fn fake_gh(dir: &std::path::Path, token: &str) -> (String, PathBuf) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(dir).unwrap();
    let asked = dir.join("asked");
    let script = dir.join("gh");
    std::fs::write(
        &script,
        format!(
            "#!/bin/sh\necho \"$@\" >> '{}'\n[ \"$1 $2\" = \"auth token\" ] && echo {token}\n",
            asked.display()
        ),
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    (script.to_string_lossy().into_owned(), asked)
}

#[cfg(unix)]
#[tokio::test]
async fn the_url_form_with_the_token_gh_prints_and_github_token_before_gh() {
    let server = MockServer::start().await;
    serve(&server, "kubernetes/sig-release", 3200, RC1).await;
    let dir = std::env::temp_dir().join(format!("relcut-live-gh-{}", std::process::id()));
    let (gh, asked) = fake_gh(&dir, "gho_fromGhCli42");
    let url = "https://github.com/kubernetes/sig-release/issues/3200#issuecomment-1";
    let r = run(&["status", url, "--json"], &server, &[("RELCUT_GH", &gh)]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["issue"]["number"], 3200);
    assert_eq!(auth(&server).await, [Some("Bearer gho_fromGhCli42".into())]);
    let host = server.uri().trim_start_matches("http://").to_string();
    assert_eq!(
        std::fs::read_to_string(&asked).unwrap().trim(),
        format!("auth token --hostname {host}")
    );
    assert!(
        !r.stderr.contains("gho_") && !r.stderr.contains(ANON),
        "{}",
        r.stderr
    );

    std::fs::remove_file(&asked).unwrap();
    let r = run(
        &["status", url, "--json"],
        &server,
        &[("RELCUT_GH", &gh), ("GITHUB_TOKEN", "ghs_fromEnv7")],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(auth(&server).await[1], Some("Bearer ghs_fromEnv7".into()));
    assert!(!asked.exists(), "gh was asked although GITHUB_TOKEN is set");
    let _ = std::fs::remove_dir_all(&dir);
}

#[tokio::test]
async fn no_such_issue_exits_1_with_the_fix_and_the_token_hint() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({
            "message": "Not Found",
            "documentation_url": "https://docs.github.com/rest/issues/issues#get-an-issue",
            "status": "404"
        })))
        .mount(&server)
        .await;
    let r = run(&["status", "#99999", "--json"], &server, &[]).await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("kubernetes/sig-release#99999 was not found (404 at GitHub"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--repo OWNER/NAME"), "{}", r.stderr);
    assert!(
        r.stderr
            .contains("a private repository answers 404 without a token: set GH_TOKEN or GITHUB_TOKEN, or run `gh auth login`"),
        "{}",
        r.stderr
    );
    let v = r.json();
    assert_eq!(
        (v["kind"].as_str(), v["exit_code"].as_u64()),
        (Some("input"), Some(1))
    );
    assert!(
        v["error"]
            .as_str()
            .is_some_and(|e| e.starts_with("kubernetes/sig-release#99999 was not found")),
        "{v}"
    );
    assert!(
        v["hint"].as_str().is_some_and(|h| h.contains("GH_TOKEN")),
        "{v}"
    );
    // With a token, the hint is the token's reach instead.
    let r = run(
        &["status", "kubernetes/private#5"],
        &server,
        &[("GH_TOKEN", "ghp_x1")],
    )
    .await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("kubernetes/private#5 was not found")
            && r.stderr.contains("a token that cannot see it"),
        "{}",
        r.stderr
    );
}

#[tokio::test]
async fn a_pull_request_is_refused_with_exit_1() {
    let server = MockServer::start().await;
    let mut pr = issue_json(
        "kubernetes/sig-release",
        3100,
        "Update the cut issue template",
        "",
        "2026-05-20T10:00:00Z",
    );
    pr["pull_request"] = json!({
        "url": "https://api.github.com/repos/kubernetes/sig-release/pulls/3100",
        "html_url": "https://github.com/kubernetes/sig-release/pull/3100",
        "diff_url": "https://github.com/kubernetes/sig-release/pull/3100.diff",
        "patch_url": "https://github.com/kubernetes/sig-release/pull/3100.patch",
        "merged_at": null
    });
    Mock::given(method("GET"))
        .and(path("/repos/kubernetes/sig-release/issues/3100"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pr))
        .mount(&server)
        .await;
    let r = run(&["status", "#3100"], &server, &[]).await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("kubernetes/sig-release#3100 is a pull request, not an issue"),
        "{}",
        r.stderr
    );
    // A pull request's URL is refused before any request.
    let r = run(
        &[
            "status",
            "https://github.com/kubernetes/sig-release/pull/3100",
        ],
        &server,
        &[],
    )
    .await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("is a pull request"), "{}", r.stderr);
    assert_eq!(server.received_requests().await.unwrap().len(), 1);
    // A wrong --repo is a usage error.
    let r = run(&["status", "#1", "--repo", "kubernetes"], &server, &[]).await;
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(r.stderr.contains("OWNER/NAME"), "{}", r.stderr);
}

#[tokio::test]
async fn github_failing_exits_3_naming_github() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(502).set_body_string("<html>Bad Gateway</html>"))
        .mount(&server)
        .await;
    let r = run(&["status", "#3200", "--json"], &server, &[]).await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["kind"], "service");
    assert_eq!(v["service"], "GitHub");
    assert!(r.stderr.contains(&server.uri()), "{}", r.stderr);
    // Retried, with one backoff, and given up.
    let n = server.received_requests().await.unwrap().len();
    assert!(n > 1, "{n} requests");
}

#[tokio::test]
async fn history_plan_and_check_promotion_take_the_issue_too() {
    let server = MockServer::start().await;
    let saved = serve(&server, "kubernetes/sig-release", 3200, RC1).await;
    serve(
        &server,
        "kubernetes/sig-release",
        3300,
        "cut-v1.36.0-finished.md",
    )
    .await;
    let link = json!({"number": 3200, "repo": "kubernetes/sig-release", "url": "https://github.com/kubernetes/sig-release/issues/3200"});

    let r = run(&["history", "parse", "#3200", "--json"], &server, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let file = relcut(&["history", "parse", &saved, "--json"]);
    assert_eq!(r.json()["issue"], link);
    assert_eq!(without_issue(r.json()), file.json());

    let r = run(
        &["plan", "#3200", "--fork", "alice", "--json"],
        &server,
        &[],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let by_tag = relcut(&["plan", "v1.36.0-rc.1", "--fork", "alice", "--json"]);
    assert_eq!(r.json()["issue"], link);
    assert_eq!(without_issue(r.json()), by_tag.json());

    // The finished cut links kubernetes/k8s.io#9400: the check asks GitHub for that PR.
    let pr = crate::fake_github::pull_json(
        &json!({"number": 9400, "state": "open", "merged": false, "title": "Promote v1.36.0"}),
    );
    Mock::given(method("GET"))
        .and(path("/repos/kubernetes/k8s.io/pulls/9400"))
        .respond_with(ResponseTemplate::new(200).set_body_json(pr))
        .mount(&server)
        .await;
    let r = run(&["check", "promotion", "#3300", "--json"], &server, &[]).await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    let v = r.json();
    assert_eq!(
        (v["pr"].as_u64(), v["state"].as_str()),
        (Some(9400), Some("not-merged"))
    );
    assert_eq!(v["issue"]["number"], 3300);
    // No PR linked yet: say so, exit 1.
    let r = run(&["check", "promotion", "#3200"], &server, &[]).await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.contains("links no kubernetes/k8s.io promotion PR"),
        "{}",
        r.stderr
    );
}
