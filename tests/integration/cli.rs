//! The CLI as a Unix tool: a closed stdout ends quietly, and every command keeps the one
//! exit-code table (0 done, 1 input or check, 2 usage, 3 service, 4 timed out).

use std::io::Read;
use std::process::{Command, Stdio};

use serde_json::json;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{relcut, root, Run};

const IN_PROGRESS: &str = "examples/cut-v1.36.0-rc.1-in-progress.md";
const SCHEDULE: &str = "tests/fixtures/website/schedule-2024-10.yaml";

/// Every command that prints, with arguments that make it print a lot.
fn printing_commands() -> Vec<Vec<&'static str>> {
    vec![
        vec!["status", IN_PROGRESS],
        vec!["status", IN_PROGRESS, "--json"],
        vec!["plan", "v1.35.0-rc.0", "--fork", "alice"],
        vec!["plan", "v1.35.0-rc.0", "--json"],
        vec!["promo-tags", "v1.35.0-rc.0"],
        vec!["validate", "v1.35.0-rc.0", "v1.35.0-rc.0.12+abcdef0123"],
        vec!["announce", "v1.35.2"],
        vec!["checklist", "render", "v1.35.0-rc.0"],
        vec!["history", "parse", IN_PROGRESS],
        vec!["history", "render", IN_PROGRESS],
        vec!["schedule", "render", "--schedule", SCHEDULE],
        vec![
            "versions",
            "--type",
            "rc",
            "--branch",
            "release-1.35",
            "--build-version",
            "v1.35.0-rc.0.12+abcdef0123",
        ],
        vec!["completions", "bash"],
        vec!["completions", "zsh"],
        vec!["completions", "fish"],
        vec!["--help"],
        vec!["plan", "--help"],
    ]
}

/// Runs `args` with stdout read for one byte and then closed, like `| head -c1`.
fn run_closing_early(args: &[&str]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_relcut"))
        .args(args)
        .current_dir(root())
        .env_remove("GITHUB_TOKEN")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run relcut");
    {
        let mut stdout = child.stdout.take().unwrap();
        let mut one = [0u8; 1];
        let _ = stdout.read(&mut one);
        // Dropped here: the reader goes away with most of the output unread.
    }
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    Run {
        code: status.code().unwrap_or(-1),
        stdout: String::new(),
        stderr,
    }
}

#[test]
fn a_closed_stdout_ends_quietly_with_exit_0() {
    for args in printing_commands() {
        for i in 0..50 {
            let r = run_closing_early(&args);
            assert_eq!(
                (r.code, r.stderr.as_str()),
                (0, ""),
                "`relcut {}` (run {i})",
                args.join(" ")
            );
        }
    }
}

fn usage(args: &[&str]) {
    let r = relcut(args);
    assert_eq!(
        r.code,
        2,
        "`relcut {}`: {}{}",
        args.join(" "),
        r.stdout,
        r.stderr
    );
    assert!(!r.stderr.is_empty(), "a usage error says what is wrong");
    assert!(!r.stderr.contains("panicked"), "{}", r.stderr);
}

#[test]
fn usage_errors_exit_2() {
    usage(&[
        "versions",
        "--type",
        "foo",
        "--branch",
        "master",
        "--build-version",
        "v1.36.0-alpha.0.1+abcdef0123",
    ]);
    usage(&["testgrid", "--branch", "1.35", "--states", "BOGUS"]);
    usage(&["testgrid", "--branch", "release-1.35"]);
    usage(&[
        "promotion",
        "verify",
        "--base",
        "a.yaml",
        "--head",
        "b.yaml",
    ]);
    usage(&["promotion", "verify"]);
    usage(&["checklist", "tick", "-", "--step", "email", "--in-place"]);
    usage(&["status", IN_PROGRESS, "--fork", "alice_smith"]);
    usage(&["plan", "v1.36.0", "--fork", "alice_smith"]);
    usage(&["promo-tags", "v1.36.0", "--fork", "alice_smith"]);
    usage(&["plan", "v1.36.0", "--date", "2026-13-01"]);
    usage(&["plan", "v1.36.0", "--date", "x; rm -rf ~"]);
    usage(&[
        "schedule",
        "update",
        "--schedule",
        SCHEDULE,
        "--today",
        "2026-02-30",
    ]);
    usage(&["nonsense"]);
    usage(&["validate"]);
    // An unknown flag, in every command.
    for cmd in [
        vec!["status", IN_PROGRESS],
        vec!["checklist", "render", "v1.36.0"],
        vec!["history", "parse", IN_PROGRESS],
        vec!["schedule", "render", "--schedule", SCHEDULE],
        vec!["announce", "v1.36.0"],
        vec!["check", "publishing-bot"],
        vec!["promotion", "verify", "--pr", "1"],
        vec!["testgrid", "--branch", "1.35"],
        vec!["validate", "v1.36.0"],
        vec!["promo-tags", "v1.36.0"],
        vec![
            "versions",
            "--type",
            "rc",
            "--branch",
            "master",
            "--build-version",
            "v",
        ],
        vec!["plan", "v1.36.0"],
        vec!["action"],
        vec!["completions", "bash"],
    ] {
        let mut args = cmd.clone();
        args.push("--no-such-flag");
        usage(&args);
    }
}

#[test]
fn the_fork_is_refused_the_same_way_everywhere() {
    let messages: Vec<String> = [
        vec!["status", IN_PROGRESS, "--fork", "alice_smith"],
        vec!["plan", "v1.36.0", "--fork", "alice_smith"],
        vec!["promo-tags", "v1.36.0", "--fork", "alice_smith"],
    ]
    .iter()
    .map(|a| {
        let r = relcut(a);
        let line = r.stderr.lines().next().unwrap_or_default().to_string();
        line.split("': ").nth(1).unwrap_or(&line).to_string()
    })
    .collect();
    assert!(messages[0].contains("alice"), "{messages:?}");
    assert!(messages.iter().all(|m| *m == messages[0]), "{messages:?}");
}

#[test]
fn wrong_input_exits_1_with_the_fix() {
    let r = relcut(&["validate", "v1.35.0-alpha.0"]);
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("never cut on its own"), "{}", r.stdout);
    assert!(r.stdout.contains("v1.34.0-rc.0"), "{}", r.stdout);
    let v = relcut(&["validate", "v1.35.0-alpha.0", "--json"]).json();
    assert_eq!(v[0]["valid"], false);

    // Not a cut issue: an empty file, or some other document.
    let empty = std::env::temp_dir().join(format!("relcut-empty-{}.md", std::process::id()));
    std::fs::write(&empty, "").unwrap();
    for file in [empty.to_str().unwrap(), "action.yml"] {
        let r = relcut(&["status", file]);
        assert_eq!(r.code, 1, "{file}: {}{}", r.stdout, r.stderr);
        assert!(r.stderr.contains("no checklist steps"), "{}", r.stderr);
        assert!(r.stderr.contains("relcut checklist render"), "{}", r.stderr);
    }
    let _ = std::fs::remove_file(&empty);

    // A title naming no release is a warning: the steps are still read.
    let r = relcut(&["status", IN_PROGRESS, "--title", "Spelling error"]);
    assert_eq!(r.code, 0, "{}", r.stderr);

    let r = relcut(&["plan", "1.36.0", "--json"]);
    assert_eq!(r.code, 1);
    let v = r.json();
    assert_eq!(v["exit_code"], 1);
    assert!(v["hint"].as_str().unwrap().contains("v1.36.0"), "{v}");
    assert_error_shape(&v);

    let r = relcut(&["status", "no/such/file.md"]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("check the path"), "{}", r.stderr);
}

/// Issue 20: one JSON error shape for every command and kind, printed in one place.
fn assert_error_shape(v: &serde_json::Value) {
    let mut keys: Vec<&str> = v
        .as_object()
        .expect("an object")
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["error", "exit_code", "hint", "kind", "service", "source"],
        "{v}"
    );
}

#[test]
fn done_exits_0() {
    for args in printing_commands() {
        let r = relcut(&args);
        assert_eq!(r.code, 0, "`relcut {}`: {}", args.join(" "), r.stderr);
    }
}

async fn service_failing() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})))
        .mount(&server)
        .await;
    server
}

fn relcut_against(uri: &str, args: &[String]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_relcut"))
        .args(args)
        .current_dir(root())
        .env_remove("GITHUB_TOKEN")
        .env("GITHUB_API_URL", uri)
        .env("RELCUT_PROW_URL", uri)
        .env("RELCUT_GCS_URL", uri)
        .env("RELCUT_TESTGRID_URL", uri)
        .output()
        .expect("run relcut")
        .into()
}

#[tokio::test]
async fn a_service_answering_wrongly_exits_3_and_says_so_in_json() {
    let server = service_failing().await;
    // The PR exists (a 404 on the PR itself is a wrong number, exit 1): its files 404.
    Mock::given(wiremock::matchers::path(
        "/repos/kubernetes/k8s.io/pulls/9350",
    ))
    .respond_with(
        ResponseTemplate::new(200).set_body_json(crate::fake_github::pull_json(&json!({
            "number": 9350, "title": "releng: Image promotion for kubernetes v1.36.0",
            "merged": true, "merge_commit_sha": "aaa111",
            "base": {"sha": "b0"}, "head": {"sha": "h0"}
        }))),
    )
    .with_priority(1)
    .mount(&server)
    .await;
    for (args, service) in [
        (vec!["check", "publishing-bot", "--json"], "GitHub"),
        (
            vec!["promotion", "verify", "--pr", "9350", "--json"],
            "GitHub",
        ),
        (vec!["testgrid", "--branch", "1.35", "--json"], "testgrid"),
    ] {
        let uri = server.uri();
        let owned: Vec<String> = args.iter().map(std::string::ToString::to_string).collect();
        let r = tokio::task::spawn_blocking(move || relcut_against(&uri, &owned))
            .await
            .unwrap();
        assert_eq!(
            r.code,
            3,
            "`relcut {}`: {}{}",
            args.join(" "),
            r.stdout,
            r.stderr
        );
        let v = r.json();
        assert_error_shape(&v);
        assert_eq!(v["kind"], "service", "{v}");
        assert_eq!(v["exit_code"], 3, "{v}");
        assert!(v["error"].as_str().unwrap().contains("404"), "{v}");
        assert_eq!(v["service"], service, "{v}");
        assert!(
            v["error"].as_str().unwrap().contains(&server.uri()),
            "the URL is named: {v}"
        );
    }
}

/// `status -` on a terminal says it is waiting for stdin; from a pipe it says nothing.
#[test]
fn status_from_a_terminal_says_it_reads_stdin() {
    // `script` (util-linux) gives relcut a terminal; the text and a Ctrl-D are typed into it.
    let mut child = Command::new("script")
        .args([
            "-qec",
            &format!("{} status -", env!("CARGO_BIN_EXE_relcut")),
            "/dev/null",
        ])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("`script` (util-linux) runs relcut on a terminal");
    {
        use std::io::Write;
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"hello\n\x04").unwrap();
    }
    let out = child.wait_with_output().unwrap();
    let shown = String::from_utf8_lossy(&out.stdout);
    assert!(shown.contains("reading from stdin"), "{shown}");

    let mut piped = Command::new(env!("CARGO_BIN_EXE_relcut"))
        .args(["status", "-"])
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(piped.stdin.take());
    let out = piped.wait_with_output().unwrap();
    assert!(!String::from_utf8_lossy(&out.stderr).contains("reading from stdin"));
}

/// Review 2 of issue 12, item 7: every refusal of `alpha.0` cites the krel file `validate`
/// cites, in the JSON error object, on a `per` line, and on status's `never-cut-alone` warning.
#[test]
fn the_alpha_0_refusal_cites_krel_everywhere() {
    let tag = "v1.36.0-alpha.0";
    let cited = relcut(&["validate", tag, "--json"]).json()[0]["source"].clone();
    assert_eq!(
        cited["reference"], "kubernetes/release:pkg/release/release_version.go",
        "{cited}"
    );
    let per = format!(
        "\n  per {} ({})\n",
        cited["reference"].as_str().unwrap(),
        cited["date"].as_str().unwrap()
    );
    for cmd in ["plan", "promo-tags"] {
        let r = relcut(&[cmd, tag, "--json"]);
        assert_eq!(r.code, 1, "{cmd}: {}", r.stderr);
        let v = r.json();
        assert!(
            v["error"]
                .as_str()
                .unwrap()
                .contains("never cut on its own"),
            "{cmd}: {v}"
        );
        assert_eq!(v["source"], cited, "{cmd}");
        let r = relcut(&[cmd, tag]);
        assert!(r.stderr.ends_with(&per), "{cmd}: {}", r.stderr);
    }
    let r = relcut(&["checklist", "render", tag]);
    assert_eq!(r.code, 1);
    assert!(r.stderr.contains("never cut on its own"), "{}", r.stderr);
    assert!(r.stderr.ends_with(&per), "{}", r.stderr);

    let issue = std::env::temp_dir().join(format!("relcut-alpha0-{}.md", std::process::id()));
    std::fs::write(&issue, "## Release Steps\n\n- [ ] Mock Stage\n").unwrap();
    let title = format!("Cut {tag} release");
    let v = relcut(&[
        "status",
        issue.to_str().unwrap(),
        "--title",
        &title,
        "--json",
    ])
    .json();
    let _ = std::fs::remove_file(&issue);
    let w = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == "never-cut-alone")
        .unwrap_or_else(|| panic!("{}", v["warnings"]));
    assert_eq!(w["source"], cited, "{w}");
}
