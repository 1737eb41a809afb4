use crate::common::relcut;

#[test]
fn rc0_on_a_new_branch_cuts_two_tags() {
    let r = relcut(&[
        "versions",
        "--type",
        "rc",
        "--branch",
        "release-1.35",
        "--build-version",
        "v1.35.0-beta.2.40+0123456789abcd",
        "--new-branch",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["prime"], "v1.35.0-rc.0");
    assert_eq!(
        v["tags"],
        serde_json::json!(["v1.35.0-rc.0", "v1.36.0-alpha.0"])
    );
}

#[test]
fn patch_bump_from_a_branch_build() {
    let v = relcut(&[
        "versions",
        "--type",
        "official",
        "--branch",
        "release-1.25",
        "--build-version",
        "v1.25.8-1+3a14fe1af239a0",
        "--json",
    ])
    .json();
    assert_eq!(v["prime"], "v1.25.9");
    assert_eq!(v["tags"], serde_json::json!(["v1.25.9"]));
}

#[test]
fn krel_errors_exit_one() {
    for (args, msg) in [
        (
            [
                "--type",
                "rc",
                "--branch",
                "master",
                "--build-version",
                "v1.35.0-beta.1.3+0123456789abcd",
            ],
            "cannot cut a release candidate or an official release from master",
        ),
        (
            [
                "--type",
                "alpha",
                "--branch",
                "release-1.35",
                "--build-version",
                "v1.35.0-alpha.1.3+0123456789abcd",
            ],
            "cannot cut an alpha or beta release from a release branch",
        ),
        (
            [
                "--type",
                "alpha",
                "--branch",
                "master",
                "--build-version",
                "v1.35.0-beta.1.3+0123456789abcd",
            ],
            "cannot cut an alpha tag after a non-alpha release",
        ),
    ] {
        let mut a = vec!["versions"];
        a.extend(args);
        let r = relcut(&a);
        assert_eq!(r.code, 1, "{a:?}");
        assert!(r.stderr.contains(msg), "{a:?}: {}", r.stderr);
    }
    // A release type krel does not know is a usage error, listing the ones it knows.
    let r = relcut(&[
        "versions",
        "--type",
        "stable",
        "--branch",
        "master",
        "--build-version",
        "v1.35.0-alpha.1.3+0123456789abcd",
    ]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("'stable'") && r.stderr.contains("alpha, beta, rc, official"),
        "{}",
        r.stderr
    );
    let r = relcut(&[
        "versions",
        "--type",
        "official",
        "--branch",
        "release-1.36",
        "--build-version",
        "v1.36.0-rc.0.1+0123456789abcd",
        "--new-branch",
    ]);
    assert!(r
        .stderr
        .contains("can't do officials releases when creating a new branch"));
}

/// The versions, the branch creation and every check name the krel file that states them, in
/// `--json` and in the text, so a release manager can check relcut against krel.
#[test]
fn versions_cite_krel() {
    let args = [
        "versions",
        "--type",
        "rc",
        "--branch",
        "release-1.35",
        "--build-version",
        "v1.35.0-beta.2.40+0123456789abcd",
        "--new-branch",
    ];
    let mut json_args = args.to_vec();
    json_args.push("--json");
    let v = relcut(&json_args).json();
    assert_eq!(
        v["source"]["reference"],
        "kubernetes/release:pkg/release/release_version.go"
    );
    assert_eq!(v["source"]["date"], "2025-08-12");
    assert_eq!(
        v["source"]["url"],
        "https://github.com/kubernetes/release/blob/master/pkg/release/release_version.go"
    );
    let checks: Vec<(&str, &str)> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["source"]["reference"].as_str().unwrap(),
                c["source"]["date"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        checks,
        [
            ("kubernetes/release:pkg/anago/anago.go", "2026-06-11"),
            ("kubernetes/release:pkg/release/release.go", "2026-03-25"),
            ("kubernetes/release:pkg/gcp/gcb/gcb.go", "2026-02-24"),
            (
                "kubernetes/release:pkg/release/branch_checker.go",
                "2025-01-28"
            ),
        ]
    );
    // The fields that were there before stay.
    for key in ["prime", "tags", "creates_branch", "versions"] {
        assert!(v.get(key).is_some(), "{key}");
    }

    let r = relcut(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains(
            "tags, in krel's order: v1.35.0-rc.0, v1.36.0-alpha.0\n  per kubernetes/release:pkg/release/release_version.go (2025-08-12)\n"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout.contains(
            "creates release-1.35 and tags master for the next minor\n  per kubernetes/release:pkg/release/branch_checker.go (2025-01-28)"
        ),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("  rcs and officials are cut from release-X.Y, alphas and betas from master\n    per kubernetes/release:pkg/gcp/gcb/gcb.go (2026-02-24)\n"),
        "{}",
        r.stdout
    );
}

/// A refusal names the krel file whose check it replays.
#[test]
fn versions_refusal_cites_the_check() {
    let r = relcut(&[
        "versions",
        "--type",
        "rc",
        "--branch",
        "master",
        "--build-version",
        "v1.35.0-beta.1.3+0123456789abcd",
        "--json",
    ]);
    assert_eq!(r.code, 1);
    let v = r.json();
    assert_eq!(v["exit_code"], 1);
    assert_eq!(
        v["source"]["reference"],
        "kubernetes/release:pkg/gcp/gcb/gcb.go"
    );
    assert_eq!(v["source"]["date"], "2026-02-24");
    assert!(
        r.stderr
            .contains("per kubernetes/release:pkg/gcp/gcb/gcb.go (2026-02-24)"),
        "{}",
        r.stderr
    );
}
