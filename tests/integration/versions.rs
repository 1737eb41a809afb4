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
