use std::io::Write;
use std::process::{Command, Stdio};

use crate::common::{relcut, root, Run};

/// Runs `relcut explain ARGS` with `input` on stdin.
fn explain_stdin(args: &[&str], input: &[u8]) -> Run {
    let mut child = Command::new(env!("CARGO_BIN_EXE_relcut"))
        .arg("explain")
        .args(args)
        .current_dir(root())
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run relcut");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    // Written from a thread: relcut may stop reading (a too-long input) before all is written.
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("wait for relcut");
    writer.join().unwrap();
    out.into()
}

#[test]
fn a_known_message_is_explained_with_its_step_and_source() {
    let r = relcut(&[
        "explain",
        "FATA growing manifest with image filter [] and tag [1.29.0-alpha.1]: no images survived filtering; double-check your --filter_* flag(s) for typos",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.starts_with(
            "kpromo-no-images-survived: a known kpromo failure, at step image-promotion"
        ),
        "{}",
        r.stdout
    );
    assert!(r.stdout.contains("leading `v`"), "{}", r.stdout);
    assert!(r.stdout.contains("per kubernetes/sig-release:release-engineering/handbooks/release-cuts.md (2026-05-28) https://github.com/kubernetes/sig-release/blob/master/release-engineering/handbooks/release-cuts.md#7-image-promotion"), "{}", r.stdout);
}

#[test]
fn json_gives_exactly_the_six_fields() {
    let r = relcut(&[
        "explain",
        "--json",
        "ERROR: (gcloud.builds.submit) RESOURCE_EXHAUSTED: Quota exceeded for quota metric 'Build and Operation Get requests'",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    let keys: std::collections::BTreeSet<&str> =
        v.as_object().unwrap().keys().map(String::as_str).collect();
    assert_eq!(
        keys,
        ["matched", "id", "step", "cause", "fix", "source"].into()
    );
    assert!(
        r.stdout.starts_with("{\n  \"matched\": true,\n  \"id\": "),
        "{}",
        r.stdout
    );
    assert_eq!(v["matched"], true);
    assert_eq!(v["id"], "gcb-quota-exceeded");
    assert_eq!(v["step"], "nomock-stage");
    assert_eq!(v["source"]["reference"], "kubernetes/k8s.io#1576");
    assert_eq!(
        v["source"]["url"],
        "https://github.com/kubernetes/k8s.io/issues/1576"
    );
}

#[test]
fn a_whole_log_on_stdin_is_searched() {
    let log = "Step #3: Already have image\nStep #3: rpm  x86_64  succeeded\n\
               Step #3: deb                  ppc64le    failed\nStep #3: DONE\n";
    for args in [&["-"][..], &[][..]] {
        let r = explain_stdin(args, log.as_bytes());
        assert_eq!(r.code, 0, "{}", r.stderr);
        assert!(
            r.stdout.starts_with("obs-package-build-failed:"),
            "{}",
            r.stdout
        );
        assert!(r.stdout.contains("kubernetes/release#3632"), "{}", r.stdout);
    }
    // Stray bytes (a cut-off progress bar) do not hide the failure.
    let mut bytes = b"\xff\xfe progress \x1b[2K\n".to_vec();
    bytes.extend_from_slice(
        b"FATA checking command line options: cannot start promotion --tag is required\n",
    );
    let r = explain_stdin(&["--json"], &bytes);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["id"], "kpromo-missing-flag");
}

#[test]
fn an_unknown_text_exits_1_and_says_where_to_ask() {
    let r = relcut(&["explain", "segmentation", "fault"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains("no known failure matches this text"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains("#release-management on Kubernetes Slack"),
        "{}",
        r.stdout
    );
    let r = relcut(&["explain", "--json", "segmentation fault"]);
    assert_eq!(r.code, 1);
    let v = r.json();
    assert_eq!(v["matched"], false);
    assert!(
        v["id"].is_null() && v["step"].is_null() && v["cause"].is_null() && v["source"].is_null()
    );
    assert!(v["fix"].as_str().unwrap().contains("#release-management"));
}

#[test]
fn a_text_over_64_mib_is_refused_with_its_fix() {
    let big = vec![b'('; 64 * 1024 * 1024 + 1];
    let r = explain_stdin(&["--json"], &big);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(r.stderr.contains("over 64 MiB"), "{}", r.stderr);
    assert!(r.stderr.contains("tail -n 2000"), "{}", r.stderr);
    assert_eq!(r.json()["kind"], "input");
}
