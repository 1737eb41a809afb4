use crate::common::relcut;

#[test]
fn runbook_for_first_rc() {
    let r = relcut(&[
        "plan",
        "v1.35.0-rc.0",
        "--fork",
        "alice",
        "--date",
        "2026-11-25",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("plan_v1.35.0-rc.0", r.stdout);
}

#[test]
fn runbook_for_patch() {
    let r = relcut(&[
        "plan",
        "v1.34.3",
        "--build-version",
        "v1.34.2-9+0123456789abcd",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("plan_v1.34.3", r.stdout);
}

#[test]
fn json_contract() {
    let v = relcut(&["plan", "v1.35.0", "--json"]).json();
    assert_eq!(v["version"], "v1.35.0");
    assert_eq!(v["release_type"], "official");
    assert_eq!(v["branch"], "release-1.35");
    let steps = v["steps"].as_array().unwrap();
    let ids: Vec<&str> = steps.iter().map(|s| s["id"].as_str().unwrap()).collect();
    assert_eq!(ids.len(), 19);
    assert_eq!(ids[..3], ["tools", "krel-version", "release-signal"]);
    assert_eq!(ids[17..], ["code-thaw", "cleanup"]);
    for s in steps {
        for key in [
            "id",
            "title",
            "optional",
            "commands",
            "estimate_minutes",
            "applies",
        ] {
            assert!(s.get(key).is_some(), "{key} missing in {s}");
        }
    }
    let code_thaw = &steps[15];
    assert_eq!(code_thaw["applies"], true);
    let schedule = steps.iter().find(|s| s["id"] == "schedule").unwrap();
    assert_eq!(schedule["applies"], false);
}

#[test]
fn mismatched_build_version_is_refused() {
    let r = relcut(&[
        "plan",
        "v1.35.0-rc.2",
        "--build-version",
        "v1.35.0-rc.0.5+0123456789abcd",
    ]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("would make krel cut v1.35.0-rc.1, not v1.35.0-rc.2"),
        "{}",
        r.stderr
    );
}
