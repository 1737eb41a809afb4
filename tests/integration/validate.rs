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
