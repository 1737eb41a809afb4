use crate::common::relcut;

#[test]
fn valid_values_exit_zero() {
    let r = relcut(&[
        "validate",
        "v1.35.0-rc.1",
        "v1.35.0-rc.0.12+abcdef012345",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v[0]["valid"], true);
    assert_eq!(v[0]["kind"], "tag");
    assert_eq!(v[0]["version"], "v1.35.0-rc.1");
    assert_eq!(v[0]["release_type"], "rc");
    assert_eq!(v[1]["kind"], "build-version");
    assert_eq!(v[1]["error"], serde_json::Value::Null);
}

#[test]
fn every_mistake_has_a_hint() {
    let inputs = [
        ("1.29.0-alpha.1", "tag", "use `v1.29.0-alpha.1`"),
        ("V1.35.0", "tag", "use `v1.35.0`"),
        ("v1.35.0-gamma.1", "tag", "`alpha`, `beta` or `rc`"),
        ("v1.035.0", "tag", "use `v1.35.0`"),
        (
            "v1.22.0-alpha.0.787+e6",
            "build-version",
            "whole BUILDVERSION",
        ),
        (
            "v1.35.0-rc.0.12+ABCDEF012345",
            "build-version",
            "v1.35.0-rc.0.12+abcdef012345",
        ),
    ];
    let mut args = vec!["validate", "--json"];
    args.extend(inputs.iter().map(|i| i.0));
    let r = relcut(&args);
    assert_eq!(r.code, 1);
    let v = r.json();
    for (i, (input, kind, hint)) in inputs.iter().enumerate() {
        assert_eq!(v[i]["input"], *input);
        assert_eq!(v[i]["valid"], false, "{input}");
        assert_eq!(v[i]["kind"], *kind, "{input}");
        let h = v[i]["hint"].as_str().unwrap();
        assert!(h.contains(hint), "{input}: {h}");
        assert!(v[i]["error"].as_str().is_some());
    }
}

#[test]
fn human_output_names_the_fix() {
    let r = relcut(&["validate", "1.29.0-alpha.1"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout
            .contains("tag `1.29.0-alpha.1` lacks the leading `v`: use `v1.29.0-alpha.1`"),
        "{}",
        r.stdout
    );
}

#[test]
fn usage_errors_exit_two() {
    assert_eq!(relcut(&["validate"]).code, 2);
    assert_eq!(relcut(&["no-such-command"]).code, 2);
    let v = relcut(&["--version"]);
    assert_eq!(v.code, 0);
    assert!(v.stdout.starts_with("relcut "));
}

#[test]
fn completions() {
    for shell in ["bash", "zsh", "fish"] {
        let r = relcut(&["completions", shell]);
        assert_eq!(r.code, 0);
        assert!(r.stdout.contains("promo-tags"), "{shell}");
    }
}

/// Each verdict carries the krel rule that decided it, in `--json` and in the text.
#[test]
fn verdicts_cite_krel() {
    let values = [
        "v1.35.0-rc.1",
        "v1.35.0-alpha.0",
        "v1.35.0-rc.0.12+abcdef012345",
    ];
    let mut args = vec!["validate", "--json"];
    args.extend(values);
    let v = relcut(&args).json();
    let cited: Vec<(&str, &str)> = v
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            (
                o["source"]["reference"].as_str().unwrap(),
                o["source"]["date"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        cited,
        [
            ("kubernetes/release:pkg/gcp/gcb/gcb.go", "2026-02-24"),
            (
                "kubernetes/release:pkg/release/release_version.go",
                "2025-08-12"
            ),
            ("kubernetes/release:pkg/release/release.go", "2026-03-25"),
        ]
    );
    assert_eq!(
        v[2]["source"]["url"],
        "https://github.com/kubernetes/release/blob/master/pkg/release/release.go"
    );
    // The fields that were there before stay.
    for key in [
        "input",
        "valid",
        "kind",
        "version",
        "release_type",
        "branch",
        "error",
        "hint",
    ] {
        assert!(v[0].get(key).is_some(), "{key}");
    }

    let mut args = vec!["validate"];
    args.extend(values);
    let r = relcut(&args);
    assert_eq!(r.code, 1);
    assert!(
        r.stdout.contains(
            "ok       v1.35.0-rc.1: tag (--type rc --branch release-1.35)\n         per kubernetes/release:pkg/gcp/gcb/gcb.go (2026-02-24)\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "build-version\n         per kubernetes/release:pkg/release/release.go (2026-03-25)\n"
        ),
        "{}",
        r.stdout
    );
}

/// Issue #22 item 5: under `--json` a usage error is the same JSON error object as any other
/// error (exit 2), clap's text still on stderr; `--help` and `--version` still exit 0.
#[test]
fn usage_errors_are_json_under_json() {
    for args in [
        &["validate", "--json", "--bogus"][..],
        &["plan", "--json"][..],
        &["testgrid", "--branch", "release-1.35", "--json"][..],
    ] {
        let r = relcut(args);
        assert_eq!(r.code, 2, "{args:?}: {}", r.stderr);
        let v = r.json();
        assert_eq!(v["kind"], "usage", "{args:?}");
        assert_eq!(v["exit_code"], 2);
        let e = v["error"].as_str().unwrap();
        assert!(!e.is_empty() && !e.starts_with("error:"), "{e}");
        assert!(r.stderr.contains("error:"), "{}", r.stderr);
    }
    let r = relcut(&["validate", "--json", "--bogus"]);
    assert!(r.json()["error"].as_str().unwrap().contains("--bogus"));
    // The error says what is missing or allowed: clap puts it on the lines after the first.
    let r = relcut(&["check", "promotion", "--json"]);
    let e = r.json()["error"].as_str().unwrap().to_string();
    assert!(e.contains("<ISSUE|--pr <N>>"), "{e}");
    let r = relcut(&["check", "publishing-bot", "--color", "mauve", "--json"]);
    let e = r.json()["error"].as_str().unwrap().to_string();
    assert!(e.contains("mauve") && e.contains("always"), "{e}");
    // Without --json nothing goes to stdout.
    let r = relcut(&["validate", "--bogus"]);
    assert_eq!((r.code, r.stdout.as_str()), (2, ""));
    for args in [
        &["--help"][..],
        &["--version"][..],
        &["validate", "--help"][..],
    ] {
        let r = relcut(args);
        assert_eq!(r.code, 0, "{args:?}: {}", r.stderr);
        assert!(!r.stdout.is_empty());
    }
}
