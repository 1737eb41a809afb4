//! `relcut preflight` end to end: fake krel, kpromo and gcloud (shell scripts, the only programs
//! on PATH) and a stand-in GitHub answering as the real API does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{root, Run};
use crate::fake_github::issue_like;

const TOKEN: &str = "ghp_preflightTestToken0123456789abcdef";
const COMMIT: &str = "2c2e73f4e15c85beba135e4513308bffa79abc64";

/// What the machine and GitHub look like.
struct World {
    /// The body of each fake tool script (`None`: not installed).
    krel: Option<String>,
    kpromo: Option<String>,
    gcloud: Option<String>,
    adc: bool,
    token: bool,
    /// `X-OAuth-Scopes` of `GET /user` (`None`: no header); status 401 when `rejected`.
    scopes: Option<&'static str>,
    rejected: bool,
    /// The compare API's `status`, `ahead_by`, `behind_by`, or 404.
    compare: Option<(&'static str, u64, u64)>,
    /// Open issues of kubernetes/sig-release: (number, title, body).
    issues: Vec<(u64, String, String)>,
    /// `release-1.36`: protected, unprotected, or missing (`None`).
    branch: Option<bool>,
    /// GitHub refuses to show `release-1.36` with this status, whatever `branch` says.
    branch_refused: Option<u16>,
    /// kubernetes/kubernetes issues and their state.
    blockers: Vec<(u64, &'static str)>,
}

fn krel_script(state: &str) -> String {
    format!(
        "printf 'GitVersion:    v0.20.2\\nGitCommit:     {COMMIT}\\nGitTreeState:  {state}\\nBuildDate:     2026-11-30T08:01:01\\nGoVersion:     go1.25.4\\nCompiler:      gc\\nPlatform:      linux/amd64\\n'"
    )
}

fn cut_body(day: &str, blockers: &str) -> String {
    format!("## Scheduled to happen: Tue, {day}\n\n## Release Blocking Issues\n\n<!--\n- [ ] Issue 1\n-->\n{blockers}\n\n## Release Steps\n\n- [ ] Ensure a green signal\n")
}

impl World {
    fn ready() -> World {
        World {
            krel: Some(krel_script("clean")),
            kpromo: Some("echo 'GitVersion:    v4.5.1'".into()),
            gcloud: Some("echo jane@example.com".into()),
            adc: true,
            token: true,
            scopes: Some("gist, notifications, repo, user"),
            rejected: false,
            compare: Some(("identical", 0, 0)),
            issues: vec![(
                2995,
                "Cut v1.36.0-rc.1 release".into(),
                cut_body(
                    "2026-04-14",
                    "- https://github.com/kubernetes/kubernetes/issues/138001",
                ),
            )],
            branch: Some(true),
            branch_refused: None,
            blockers: vec![(138_001, "closed")],
        }
    }

    async fn serve(&self) -> MockServer {
        let server = MockServer::start().await;
        let user = ResponseTemplate::new(if self.rejected { 401 } else { 200 });
        let user = if self.rejected {
            user.set_body_json(json!({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest", "status": "401"}))
        } else {
            let u = user.set_body_json(crate::fake_github::user_json("jane"));
            match self.scopes {
                Some(s) => u.insert_header("X-OAuth-Scopes", s),
                None => u,
            }
        };
        Mock::given(method("GET"))
            .and(path("/user"))
            .respond_with(user)
            .mount(&server)
            .await;
        let compare = match self.compare {
            Some((status, ahead, behind)) => ResponseTemplate::new(200).set_body_json(json!({
                "url": format!("https://api.github.com/repos/kubernetes/release/compare/{COMMIT}...master"),
                "html_url": format!("https://github.com/kubernetes/release/compare/{COMMIT}...master"),
                "status": status, "ahead_by": ahead, "behind_by": behind,
                "total_commits": ahead, "commits": [], "files": [],
                "base_commit": {"sha": COMMIT}, "merge_base_commit": {"sha": COMMIT},
            })),
            None => ResponseTemplate::new(404).set_body_json(json!({"message": format!("No commit found for SHA: {COMMIT}"), "documentation_url": "https://docs.github.com/rest/commits/commits#compare-two-commits", "status": "404"})),
        };
        Mock::given(method("GET"))
            .and(path(format!(
                "/repos/kubernetes/release/compare/{COMMIT}...master"
            )))
            .respond_with(compare)
            .mount(&server)
            .await;
        let listed: Vec<Value> = self
            .issues
            .iter()
            .map(|(n, title, body)| {
                let mut v = issue_like(
                    &json!({"number": n, "title": title, "body": body, "state": "open"}),
                );
                v["html_url"] =
                    format!("https://github.com/kubernetes/sig-release/issues/{n}").into();
                v["created_at"] = "2026-04-07T08:00:00Z".into();
                v
            })
            .collect();
        Mock::given(method("GET"))
            .and(path("/repos/kubernetes/sig-release/issues"))
            .and(query_param("state", "open"))
            .respond_with(ResponseTemplate::new(200).set_body_json(listed))
            .mount(&server)
            .await;
        let branch = match self.branch {
            _ if self.branch_refused.is_some() => ResponseTemplate::new(self.branch_refused.unwrap()).set_body_json(json!({"message": "Resource not accessible by personal access token", "documentation_url": "https://docs.github.com/rest/branches/branches#get-a-branch", "status": "403"})),
            Some(protected) => ResponseTemplate::new(200).set_body_json(json!({
                "name": "release-1.36",
                "commit": {"sha": "9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d", "url": "https://api.github.com/repos/kubernetes/kubernetes/commits/9e8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d"},
                "_links": {"self": "https://api.github.com/repos/kubernetes/kubernetes/branches/release-1.36", "html": "https://github.com/kubernetes/kubernetes/tree/release-1.36"},
                "protected": protected,
                "protection": {"enabled": protected, "required_status_checks": {"enforcement_level": if protected { "everyone" } else { "off" }, "contexts": [], "checks": []}},
                "protection_url": "https://api.github.com/repos/kubernetes/kubernetes/branches/release-1.36/protection",
            })),
            None => ResponseTemplate::new(404).set_body_json(json!({"message": "Branch not found", "documentation_url": "https://docs.github.com/rest/branches/branches#get-a-branch", "status": "404"})),
        };
        Mock::given(method("GET"))
            .and(path("/repos/kubernetes/kubernetes/branches/release-1.36"))
            .respond_with(branch)
            .mount(&server)
            .await;
        for (n, state) in &self.blockers {
            Mock::given(method("GET"))
                .and(path(format!("/repos/kubernetes/kubernetes/issues/{n}")))
                .respond_with(
                    ResponseTemplate::new(200)
                        .set_body_json(issue_like(&json!({"number": n, "state": state}))),
                )
                .mount(&server)
                .await;
        }
        server
    }

    /// Writes the tools into a fresh directory (the whole PATH) and a gcloud config directory.
    fn machine(&self, name: &str) -> (PathBuf, PathBuf) {
        let dir =
            std::env::temp_dir().join(format!("relcut-preflight-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let bin = dir.join("bin");
        let gcloud_config = dir.join("gcloud");
        std::fs::create_dir_all(&bin).unwrap();
        std::fs::create_dir_all(&gcloud_config).unwrap();
        for (tool, script) in [
            ("krel", &self.krel),
            ("kpromo", &self.kpromo),
            ("gcloud", &self.gcloud),
        ] {
            if let Some(s) = script {
                write_script(&bin.join(tool), s);
            }
        }
        if self.adc {
            std::fs::write(
                gcloud_config.join("application_default_credentials.json"),
                r#"{"client_id": "x.apps.googleusercontent.com", "client_secret": "d-FL95Q19q7MQmFpd7hHD0Ty", "refresh_token": "1//secret-refresh-token", "type": "authorized_user"}"#,
            )
            .unwrap();
        }
        (bin, gcloud_config)
    }

    async fn run(&self, name: &str, tag: &str) -> Run {
        let server = self.serve().await;
        let (bin, gcloud_config) = self.machine(name);
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_relcut"));
        cmd.args(["preflight", tag, "--json"])
            .current_dir(root())
            .env_clear()
            .env("PATH", &bin)
            .env("HOME", bin.parent().unwrap())
            .env("CLOUDSDK_CONFIG", &gcloud_config)
            .env("GITHUB_API_URL", server.uri())
            .env("RELCUT_PROBE_TIMEOUT_MS", "1500");
        if self.token {
            cmd.env("GITHUB_TOKEN", TOKEN);
        }
        let run: Run = tokio::task::spawn_blocking(move || cmd.output().expect("run relcut"))
            .await
            .unwrap()
            .into();
        assert!(!run.stdout.contains(TOKEN) && !run.stderr.contains(TOKEN));
        assert!(!run.stdout.contains("secret-refresh-token"));
        run
    }
}

fn write_script(path: &Path, body: &str) {
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

/// Each check's verdict and detail, by id.
fn verdicts(run: &Run) -> BTreeMap<String, (String, String)> {
    run.json()["checks"]
        .as_array()
        .unwrap_or_else(|| panic!("no checks: {}\n{}", run.stdout, run.stderr))
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                (
                    c["verdict"].as_str().unwrap().to_string(),
                    c["detail"].as_str().unwrap().to_string(),
                ),
            )
        })
        .collect()
}

fn assert_check(v: &BTreeMap<String, (String, String)>, id: &str, verdict: &str, says: &str) {
    let (got, detail) = v.get(id).unwrap_or_else(|| panic!("no {id}: {v:#?}"));
    assert_eq!(got, verdict, "{id}: {detail}");
    assert!(detail.contains(says), "{id}: `{detail}` lacks `{says}`");
}

#[tokio::test]
async fn a_ready_machine_passes_every_check() {
    let r = World::ready().run("pass", "v1.36.0-rc.1").await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v = verdicts(&r);
    assert_check(&v, "krel-installed", "pass", "krel v0.20.2 (2c2e73f4e15c)");
    assert_check(&v, "krel-clean", "pass", "clean");
    assert_check(&v, "krel-current", "pass", "master's latest commit");
    assert_check(&v, "kpromo-installed", "pass", "ran");
    assert_check(&v, "gcloud-account", "pass", "jane@example.com");
    assert_check(
        &v,
        "application-default-credentials",
        "pass",
        "application_default_credentials.json",
    );
    assert_check(
        &v,
        "github-token",
        "pass",
        "gist, notifications, repo, user",
    );
    assert_check(
        &v,
        "other-cuts",
        "pass",
        "#2995 (2026-04-14) collides with no other open cut",
    );
    assert_check(
        &v,
        "branch-protected",
        "pass",
        "`release-1.36` is protected",
    );
    assert_check(
        &v,
        "blocking-issues",
        "pass",
        "closed: kubernetes/kubernetes#138001",
    );
    assert_eq!(v.len(), 10);
    let j = r.json();
    assert_eq!(j["verdict"], "pass");
    assert_eq!(j["tag"], "v1.36.0-rc.1");
    assert!(j["checks"]
        .as_array()
        .unwrap()
        .iter()
        .all(|c| c["fix"].is_null()
            && c["source"]["url"]
                .as_str()
                .unwrap()
                .starts_with("https://github.com/")));
}

#[tokio::test]
async fn warnings_do_not_fail_the_run() {
    let mut w = World::ready();
    w.compare = Some(("behind", 0, 2));
    w.adc = false;
    w.scopes = Some("repo");
    w.issues.push((
        2996,
        "Cut v1.35.4 release".into(),
        cut_body("2026-04-14", "N/A"),
    ));
    let r = w.run("warn", "v1.36.0-rc.1").await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v = verdicts(&r);
    assert_check(&v, "krel-current", "warn", "2 commits that master has not");
    assert_check(
        &v,
        "application-default-credentials",
        "warn",
        "krel history",
    );
    assert_check(&v, "github-token", "warn", "lack gist, notifications, user");
    assert_check(
        &v,
        "other-cuts",
        "warn",
        "v1.36.0-rc.1 (#2995) is scheduled the same day (2026-04-14) as v1.35.4 (#2996)",
    );
    assert_eq!(r.json()["verdict"], "warn");

    // A fine-grained token lists no scopes; no open cut issue for the tag: its blockers unread.
    let mut w = World::ready();
    w.scopes = None;
    w.compare = None;
    w.issues.clear();
    let r = w.run("warn2", "v1.36.0-rc.1").await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v = verdicts(&r);
    assert_check(&v, "github-token", "warn", "fine-grained");
    assert_check(&v, "krel-current", "warn", "never pushed");
    assert_check(
        &v,
        "blocking-issues",
        "warn",
        "no open cut issue for this tag",
    );
}

#[tokio::test]
async fn failures_exit_1_with_their_fixes() {
    let mut w = World::ready();
    w.krel = Some(krel_script("dirty"));
    w.compare = Some(("ahead", 5, 0));
    w.kpromo = Some("exit 3".into());
    w.gcloud = Some("true".into());
    w.rejected = true;
    w.branch = Some(false);
    w.blockers = vec![(138_001, "open")];
    let r = w.run("fail", "v1.36.0-rc.1").await;
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let v = verdicts(&r);
    assert_check(&v, "krel-clean", "fail", "dirty");
    assert_check(
        &v,
        "krel-current",
        "fail",
        "5 commits behind kubernetes/release master",
    );
    assert_check(&v, "kpromo-installed", "fail", "exit 3");
    assert_check(&v, "gcloud-account", "fail", "no active account");
    assert_check(&v, "github-token", "fail", "rejects the token (401)");
    assert_check(&v, "branch-protected", "fail", "is not protected");
    assert_check(
        &v,
        "blocking-issues",
        "fail",
        "still open: kubernetes/kubernetes#138001",
    );
    let j = r.json();
    assert_eq!(j["verdict"], "fail");
    let current = j["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "krel-current")
        .unwrap();
    assert!(current["fix"]
        .as_str()
        .unwrap()
        .contains("git pull origin master"));
    assert_eq!(
        current["source"]["reference"],
        "kubernetes/release:pkg/release/repository.go"
    );
}

#[tokio::test]
async fn missing_tools_no_token_and_no_branch_fail() {
    let mut w = World::ready();
    w.krel = None;
    w.gcloud = None;
    w.kpromo = None;
    w.token = false;
    w.branch = None;
    w.issues.push((
        2990,
        "Cut v1.35.4 release".into(),
        cut_body("2026-04-16", ""),
    ));
    let r = w.run("missing", "v1.36.0-rc.1").await;
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let v = verdicts(&r);
    assert_check(&v, "krel-installed", "fail", "`krel` is not on PATH");
    assert!(!v.contains_key("krel-current"));
    assert_check(&v, "kpromo-installed", "fail", "`kpromo` is not on PATH");
    assert_check(&v, "gcloud-account", "fail", "`gcloud` is not on PATH");
    assert_check(&v, "github-token", "fail", "GITHUB_TOKEN is not set");
    assert_check(
        &v,
        "branch-protected",
        "fail",
        "has no branch `release-1.36`",
    );
    // A pre-release two days before an open patch cut: the handbook's note.
    assert_check(
        &v,
        "other-cuts",
        "warn",
        "while the patch cut v1.35.4 (#2990) is open (scheduled 2026-04-16)",
    );
}

#[tokio::test]
async fn a_tool_that_hangs_is_given_up() {
    let mut w = World::ready();
    w.krel = Some("exec /bin/sleep 30".into());
    let started = std::time::Instant::now();
    let r = w.run("hang", "v1.37.0-alpha.1").await;
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    let v = verdicts(&r);
    assert_check(
        &v,
        "krel-installed",
        "fail",
        "`krel version` did not answer within 1 s",
    );
    // An alpha is cut from master: no branch to check.
    assert!(!v.contains_key("branch-protected"));
}

#[test]
fn a_wrong_tag_is_refused_with_its_fix() {
    let r = crate::common::relcut(&["preflight", "1.36.0", "--json"]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("v1.36.0"), "{}", r.stderr);
    assert_eq!(r.json()["kind"], "input");
}

/// The tools are asked only their own read-only commands, and what gcloud prints that is not an
/// account (here an access token, as `gcloud auth print-access-token` would print it) is never
/// shown: only account-shaped lines are.
#[tokio::test]
async fn probes_are_read_only_and_a_token_from_gcloud_is_never_printed() {
    const GTOKEN: &str = "ya29.a0AfB_byC3xQm9Zk2LrVt8sWq1eHn0pJ4uYd6";
    let log = std::env::temp_dir().join(format!("relcut-preflight-args-{}", std::process::id()));
    let _ = std::fs::remove_file(&log);
    let record =
        |tool: &str, then: &str| format!("echo \"{tool} $*\" >> '{}'\n{then}", log.display());
    let mut w = World::ready();
    w.krel = Some(record("krel", &krel_script("clean")));
    w.kpromo = Some(record("kpromo", "echo 'GitVersion:    v4.5.1'"));
    w.gcloud = Some(record(
        "gcloud",
        &format!("echo jane@example.com\necho {GTOKEN}"),
    ));
    let r = w.run("gtoken", "v1.36.0-rc.1").await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    assert!(
        !r.stdout.contains(GTOKEN) && !r.stderr.contains(GTOKEN),
        "{}",
        r.stdout
    );
    let v = verdicts(&r);
    assert_check(
        &v,
        "gcloud-account",
        "pass",
        "gcloud's active account: jane@example.com",
    );
    let mut asked: Vec<String> = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect();
    asked.sort();
    assert_eq!(
        asked,
        [
            "gcloud auth list --filter=status:ACTIVE --format=value(account)",
            "kpromo version",
            "krel version",
        ]
    );

    // Only a token, no account: no active account, and the token still not shown.
    w.gcloud = Some(format!("echo {GTOKEN}"));
    let r = w.run("gtoken2", "v1.36.0-rc.1").await;
    assert_eq!(r.code, 1, "{}\n{}", r.stdout, r.stderr);
    assert!(
        !r.stdout.contains(GTOKEN) && !r.stderr.contains(GTOKEN),
        "{}",
        r.stdout
    );
    let v = verdicts(&r);
    assert_check(&v, "gcloud-account", "fail", "no active account");
    let _ = std::fs::remove_file(&log);
}

/// What GitHub cannot tell is a warning, never a pass: the branch it refuses to show, the
/// blocking issue it does not find.
#[tokio::test]
async fn what_github_cannot_tell_warns() {
    let mut w = World::ready();
    w.branch_refused = Some(403);
    w.blockers.clear();
    let r = w.run("unread", "v1.36.0-rc.1").await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let v = verdicts(&r);
    assert_check(
        &v,
        "branch-protected",
        "warn",
        "could not read `release-1.36`",
    );
    assert_check(
        &v,
        "blocking-issues",
        "warn",
        "could not read: kubernetes/kubernetes#138001",
    );
    assert_eq!(r.json()["verdict"], "warn");
}

/// A GitHub that accepts and never answers: the GitHub facts are given up at the preflight's
/// deadline (`RELCUT_SERVICE_TIMEOUT_MS`, 60 s by default) and shown as `warn`, instead of
/// each request's retries adding up to minutes (it ran past 300 s).
#[tokio::test]
async fn a_github_that_hangs_is_given_up_at_the_deadline() {
    let server = MockServer::start().await;
    Mock::given(wiremock::matchers::any())
        .respond_with(ResponseTemplate::new(200).set_delay(std::time::Duration::from_secs(600)))
        .mount(&server)
        .await;
    let dir = std::env::temp_dir().join(format!("relcut-preflight-hangs-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_relcut"));
    cmd.args(["preflight", "v1.36.0-rc.1", "--json"])
        .current_dir(root())
        .env_clear()
        .env("PATH", &dir)
        .env("HOME", &dir)
        .env("GITHUB_API_URL", server.uri())
        .env("GITHUB_TOKEN", TOKEN)
        .env("RELCUT_PROBE_TIMEOUT_MS", "1500")
        .env("RELCUT_SERVICE_TIMEOUT_MS", "3000");
    let started = std::time::Instant::now();
    let run: Run = tokio::task::spawn_blocking(move || cmd.output().expect("run relcut"))
        .await
        .unwrap()
        .into();
    assert!(
        started.elapsed() < std::time::Duration::from_secs(15),
        "{:?}: {}",
        started.elapsed(),
        run.stderr
    );
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let v = verdicts(&run);
    for id in ["other-cuts", "branch-protected"] {
        assert_eq!(v[id].0, "warn", "{id}: {v:#?}");
    }
}
