use crate::common::relcut;

#[test]
fn first_rc_promotes_two_tags_in_two_prs() {
    let r = relcut(&["promo-tags", "v1.35.0-rc.0", "--fork", "alice", "--json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v["version"], "v1.35.0-rc.0");
    assert_eq!(
        v["tags"],
        serde_json::json!(["v1.35.0-rc.0", "v1.36.0-alpha.0"])
    );
    assert_eq!(
        v["commands"],
        serde_json::json!([
            "kpromo pr --fork alice --tag v1.35.0-rc.0 --interactive=true",
            "kpromo pr --fork alice --tag v1.36.0-alpha.0 --interactive=true"
        ])
    );
    assert_eq!(
        v["pull_requests"][0]["branch"],
        "kubernetes-v1.35.0-rc.0-image-promotion"
    );
    assert_eq!(
        v["pull_requests"][1]["title"],
        "releng: Image promotion for kubernetes v1.36.0-alpha.0"
    );
    assert_eq!(
        v["pull_requests"][1]["tags"],
        serde_json::json!(["v1.36.0-alpha.0"])
    );
}

#[test]
fn official_promotes_only_itself_unless_legacy() {
    let v = relcut(&["promo-tags", "v1.34.3", "--json"]).json();
    assert_eq!(v["tags"], serde_json::json!(["v1.34.3"]));
    let v = relcut(&["promo-tags", "v1.23.3", "--legacy-promotion", "--json"]).json();
    assert_eq!(v["tags"], serde_json::json!(["v1.23.3", "v1.23.4-rc.0"]));
    assert_eq!(v["rules"], "legacy");
    // The old rule cites where it was stated, not the PR that ended it.
    assert_eq!(v["source"]["reference"], "kubernetes/release#1286");
    assert_eq!(v["source"]["date"], "2020-05-14");
    let human = relcut(&["promo-tags", "v1.23.3", "--legacy-promotion"]);
    assert!(human.stdout.contains("LEGACY"));
    assert!(
        human.stdout.contains(
            "kubernetes/release#1286 (2020-05-14), ended by kubernetes/release#2765 (2023-03-09)"
        ),
        "{}",
        human.stdout
    );
}

#[test]
fn errors_exit_one_with_hint() {
    let r = relcut(&["promo-tags", "v1.36.0-alpha.0", "--json"]);
    assert_eq!(r.code, 1);
    assert!(r.json()["hint"].as_str().unwrap().contains("v1.35.0-rc.0"));
    let r = relcut(&["promo-tags", "v1.35.0", "--fork", "alice/k8s.io"]);
    assert_eq!(r.code, 2, "a bad --fork is a usage error, in every command");
    assert!(
        r.stderr.contains("pass only your login, `alice`"),
        "{}",
        r.stderr
    );
    let r = relcut(&["promo-tags", "1.35.0"]);
    assert!(r.stderr.contains("use `v1.35.0`"), "{}", r.stderr);
}
