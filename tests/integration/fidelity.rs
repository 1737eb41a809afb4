//! Behaviour checked against the tools relcut stands in for (krel, schedule-builder, kpromo)
//! and against real cut issues: each test names the source of the shape it uses.

use std::path::PathBuf;

use crate::common::{relcut, root};

/// krel `pkg/announce/announce.go` (kubernetes/release): an empty Go version stops the
/// announcement ("verifying Go version is not empty") instead of writing `<b></b>`.
#[test]
fn announce_refuses_an_empty_go_version() {
    let r = relcut(&["announce", "v1.35.2", "--go-version", ""]);
    assert_eq!(r.code, 1, "{}", r.stdout);
    assert!(
        r.stderr
            .contains("error: verifying Go version is not empty"),
        "{}",
        r.stderr
    );
    assert!(r.stderr.contains("--go-version 1.25.5"), "{}", r.stderr);
    assert!(r.stdout.is_empty(), "nothing written: {}", r.stdout);
    let r = relcut(&["announce", "v1.35.2", "--go-version", "go", "--json"]);
    assert_eq!(r.code, 1);
    assert!(r.json()["hint"]
        .as_str()
        .unwrap()
        .contains("--go-version 1.25.5"));
}

fn schedule_copy(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("relcut-fid-{tag}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let dst = dir.join("schedule.yaml");
    std::fs::copy(
        root().join("tests/fixtures/website/schedule-2024-10.yaml"),
        &dst,
    )
    .unwrap();
    dst
}

fn upcoming(schedule: &PathBuf) -> usize {
    std::fs::read_to_string(schedule)
        .unwrap()
        .split("upcoming_releases:")
        .nth(1)
        .unwrap_or("")
        .matches("targetDate")
        .count()
}

/// schedule-builder (kubernetes/release#4413, `TestUpdatePatchScheduleMaintenanceWindow`): the
/// fourth upcoming release only while the oldest minor is in its maintenance window.
#[test]
fn extra_upcoming_only_inside_the_maintenance_window() {
    // 2024-12-30 without eol.yaml: 1.28 (maintenance 2024-08-28 to 2024-10-28) stays the oldest
    // minor and is past its window.
    let s = schedule_copy("outside");
    let args = |s: &PathBuf| {
        vec![
            "schedule".to_string(),
            "update".into(),
            "--schedule".into(),
            s.display().to_string(),
            "--today".into(),
            "2024-12-30".into(),
            "--extra-upcoming".into(),
        ]
    };
    let a = args(&s);
    let r = relcut(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(upcoming(&s), 3);
    assert!(
        r.stderr.contains("--extra-upcoming has no effect: the oldest supported release 1.28 is not in its maintenance window"),
        "{}",
        r.stderr
    );

    // The same day with 1.29 the oldest (in its window since 2024-12-28): four.
    let s = schedule_copy("inside");
    let text = std::fs::read_to_string(&s).unwrap();
    let (head, _) = text.split_once("- endOfLifeDate: \"2024-10-28\"").unwrap();
    let (_, upcoming_part) = text.split_once("upcoming_releases:").unwrap();
    std::fs::write(&s, format!("{head}upcoming_releases:{upcoming_part}")).unwrap();
    let a = args(&s);
    let r = relcut(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(upcoming(&s), 4);

    // A TBD maintenance start is never in the window.
    let s = schedule_copy("tbd");
    let text = std::fs::read_to_string(&s).unwrap();
    let (head, _) = text.split_once("- endOfLifeDate: \"2024-10-28\"").unwrap();
    let (_, upcoming_part) = text.split_once("upcoming_releases:").unwrap();
    let head = head.replace(
        "maintenanceModeStartDate: \"2024-12-28\"",
        "maintenanceModeStartDate: TBD",
    );
    std::fs::write(&s, format!("{head}upcoming_releases:{upcoming_part}")).unwrap();
    let a = args(&s);
    let r = relcut(&a.iter().map(String::as_str).collect::<Vec<_>>());
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(upcoming(&s), 3);
}

/// kubernetes/k8s.io#9811 (2026-08-06): an rc.0 promoted with one `kpromo pr --tag A --tag B`.
#[test]
fn promo_tags_offers_the_one_pr_form_of_an_rc0() {
    let r = relcut(&["promo-tags", "v1.37.0-rc.0", "--fork", "alice"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Or both tags in one PR, as recent cuts did (kubernetes/k8s.io#9811 (2026-08-06)):\n\n  $ kpromo pr --fork alice --tag v1.37.0-rc.0 --tag v1.38.0-alpha.0 --interactive=true\n    PR title: releng: Image promotion for kubernetes v1.37.0-rc.0 / v1.38.0-alpha.0\n"),
        "{}",
        r.stdout
    );
    let v = relcut(&["promo-tags", "v1.37.0-rc.0", "--json"]).json();
    assert_eq!(
        v["one_pr"]["pull_request"]["title"],
        "releng: Image promotion for kubernetes v1.37.0-rc.0 / v1.38.0-alpha.0"
    );
    assert_eq!(v["one_pr"]["source"]["reference"], "kubernetes/k8s.io#9811");
    assert_eq!(v["commands"].as_array().unwrap().len(), 2);
    let v = relcut(&["promo-tags", "v1.35.3", "--json"]).json();
    assert!(v["one_pr"].is_null());
    assert_eq!(v["source"]["reference"], "kubernetes/release#2765");
    assert_eq!(v["source"]["date"], "2023-03-09");
}

/// release-cuts.md (kubernetes/sig-release, 2026-05-28): "Skip this step for patch releases"
/// (kubernetes/sig-release#2981); `--with-mock` adds the mock runs back.
#[test]
fn plan_of_a_patch_has_no_mock_steps() {
    let r = relcut(&["plan", "v1.35.3"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(!r.stdout.contains("[mock-stage] (~"), "{}", r.stdout);
    assert!(!r.stdout.contains("[mock-release] (~"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("kubernetes/sig-release#2981 (2026-03-26)"),
        "{}",
        r.stdout
    );
    let v = relcut(&["plan", "v1.35.3", "--json"]).json();
    let mock = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "mock-stage")
        .unwrap();
    assert_eq!(mock["applies"], false);
    assert_eq!(mock["source"]["reference"], "kubernetes/sig-release#2981");
    let r = relcut(&["plan", "v1.35.3", "--with-mock"]);
    assert!(r.stdout.contains("[mock-stage] (~120 min)"), "{}", r.stdout);
}

/// release-cuts.md section 5: before alpha.1 the new minor's OBS project must exist.
#[test]
fn plan_of_alpha1_names_the_obs_precondition() {
    let r = relcut(&["plan", "v1.36.0-alpha.1"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Before you start: the OBS project for v1.36 must exist before alpha.1"),
        "{}",
        r.stdout
    );
    let v = relcut(&["plan", "v1.36.0-alpha.1", "--json"]).json();
    assert!(v["preconditions"][0]["text"]
        .as_str()
        .unwrap()
        .contains("osc checkout"));
    assert_eq!(
        v["preconditions"][0]["source"]["reference"],
        "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md"
    );
}

/// Each stage job prints its own build version (kubernetes/release pkg/anago/stage.go).
#[test]
fn plan_build_versions_per_stage() {
    let r = relcut(&[
        "plan",
        "v1.36.0-alpha.2",
        "--build-version",
        "v1.36.0-alpha.1.40+0123456789abcd",
        "--mock-build-version",
        "v1.36.0-alpha.1.38+fedcba98765432",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r.stdout.contains("$ krel release --type alpha --branch master --build-version v1.36.0-alpha.1.38+fedcba98765432\n"), "{}", r.stdout);
    assert!(r.stdout.contains("$ krel release --type alpha --branch master --build-version v1.36.0-alpha.1.40+0123456789abcd --nomock\n"), "{}", r.stdout);
}

/// A promotion PR linked but not ticked (kubernetes/k8s.io#9811's one-PR shape): `in-progress`,
/// and the promotion gate comes before the no-mock release.
#[test]
fn status_of_an_unticked_promotion_pr_is_in_progress() {
    let file = "crates/relcut-core/tests/fixtures/cut-issues/e6-2026-rc0-one-promo-pr-unticked.md";
    let r = relcut(&["status", file]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    // The linked PR leaves only its merge to do: the gate is next, and its check follows the
    // merge, then the job; the PR is never opened a second time.
    assert!(
        r.stdout.contains("Next: Wait for the image promotion job of your merge [promotion-job]\n  kubernetes/k8s.io#9811 is linked but `image-promotion` is not ticked: it is finished when the promotion PR is merged"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("  $ relcut check promotion-job --pr 9811\n"),
        "{}",
        r.stdout
    );
    let next_section = r.stdout.split("\nNext: ").nth(1).unwrap();
    assert!(!next_section.contains("kpromo pr"), "{}", r.stdout);
    assert!(
        next_section.contains("Then: No-mock release [nomock-release]"),
        "{}",
        r.stdout
    );
    let v = relcut(&["status", file, "--json"]).json();
    let promo = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "image-promotion")
        .unwrap();
    assert_eq!(promo["state"], "in-progress");
    assert_eq!(v["next"], "promotion-job");
    // A bare link says nothing of the PR's tags: status says which titles to check.
    let check = &v["promotion_check"];
    assert_eq!(check["coverage"], "unknown", "{check}");
    assert_eq!(check["prs"][0]["number"], 9811);
    assert_eq!(
        check["source"]["reference"],
        "kubernetes-sigs/promo-tools:docs/promotion-pull-requests.md"
    );
    assert!(r.stdout.contains("Promotion PRs (unknown): the issue does not say which tags PR kubernetes/k8s.io#9811 promotes"), "{}", r.stdout);
}

/// The reference of the rule a step's `reason` or a warning states, from `status --json`.
fn cited<'a>(v: &'a serde_json::Value, what: &str, key: &str, field: &str) -> Option<&'a str> {
    v[what]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s[key] == field)
        .and_then(|s| {
            s[if what == "steps" {
                "reason_source"
            } else {
                "source"
            }]["reference"]
                .as_str()
        })
}

/// `status --json` cites the process rule behind what it states: the patch mock skip
/// (kubernetes/sig-release#2981), the mock block commented out on an alpha (#3036), steps the
/// template has only for other cuts, the era-aware missing items, and the promotion gate.
#[test]
fn status_json_cites_the_rules_it_states() {
    let dir = "crates/relcut-core/tests/fixtures/cut-issues";
    let status = |name: &str| relcut(&["status", &format!("{dir}/{name}"), "--json"]).json();

    let patch = status("e5-2026-patch-crlf-mock-skip.md");
    for id in ["mock-stage", "mock-release"] {
        assert_eq!(
            cited(&patch, "steps", "id", id),
            Some("kubernetes/sig-release#2981"),
            "{id}"
        );
    }
    let gate = cited(&patch, "steps", "id", "promotion-job");
    assert_eq!(
        gate,
        Some("kubernetes/sig-release:release-engineering/handbooks/release-cuts.md")
    );
    // Steps found as items keep where they were found in `source`.
    let thread = patch["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "slack-thread")
        .unwrap();
    assert_eq!(thread["source"], "checkbox");
    assert!(
        thread.get("reason_source").is_none(),
        "no rule stated: {thread}"
    );

    let alpha = status("e6-2026-alpha-mock-still-commented.md");
    assert_eq!(
        cited(&alpha, "warnings", "id", "block-commented"),
        Some("kubernetes/sig-release#3036")
    );

    let template = Some("kubernetes/sig-release:.github/ISSUE_TEMPLATE/cut-release.md");
    let rc = status("e4-2025-rc-schedule-ticked.md");
    assert_eq!(cited(&rc, "steps", "id", "schedule"), template);
    assert_eq!(
        cited(&rc, "warnings", "id", "ticked-not-applicable"),
        template
    );

    let deleted = status("e4-2025-free-text-schedule-deleted-items.md");
    assert_eq!(cited(&deleted, "warnings", "id", "missing-items"), template);
    let missing_link = deleted["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == "missing-link")
        .unwrap();
    assert!(
        missing_link.get("source").is_none(),
        "no process rule, no source: {missing_link}"
    );
}

/// A patch opened after kubernetes/sig-release#2981 (2026-03-26) from the older template,
/// whose Mock Run group carries no skip marker (the shape of kubernetes/sig-release#2977): its
/// unticked mock items are not needed, with the reason and its source, and never next; the
/// status JSON keeps its field names.
#[test]
fn status_of_a_patch_from_an_older_template_skips_its_unticked_mock_items() {
    let file =
        "crates/relcut-core/tests/fixtures/cut-issues/e5-2026-patch-older-template-mock-unticked.md";
    let v = relcut(&["status", file, "--json"]).json();
    for key in [
        "title",
        "version",
        "release_type",
        "branch",
        "cut",
        "scheduled",
        "scheduled_text",
        "krel_version",
        "steps",
        "retired",
        "next",
        "warnings",
        "history",
    ] {
        assert!(v.get(key).is_some(), "status --json lost `{key}`: {v}");
    }
    assert_eq!(v["next"], "image-promotion");
    for id in ["mock-stage", "mock-release"] {
        let step = v["steps"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["id"] == id)
            .unwrap();
        assert_eq!(step["state"], "skipped", "{step}");
        assert_eq!(step["checked"], false);
        assert_eq!(step["source"], "checkbox");
        assert_eq!(
            step["reason_source"]["reference"],
            "kubernetes/sig-release#2981"
        );
        assert_eq!(step["reason_source"]["date"], "2026-03-26");
        assert!(
            step["reason"]
                .as_str()
                .unwrap()
                .contains("not needed, although this issue's template still lists it"),
            "{step}"
        );
    }
    assert!(
        !v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["id"] == "open-behind"),
        "{}",
        v["warnings"]
    );
    let r = relcut(&["status", file]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("Next: Image promotion PR in kubernetes/k8s.io [image-promotion]"),
        "{}",
        r.stdout
    );
    assert!(
        r.stdout
            .contains("kubernetes/sig-release#2981 (2026-03-26)"),
        "{}",
        r.stdout
    );
}

/// A promotion PR's title pasted beside its link and wrapped onto the item's next line (the
/// title of kubernetes/k8s.io#9811, `releng: Image promotion for kubernetes v1.37.0-rc.0 /`
/// then `v1.38.0-alpha.0`): `status` reads both tags, as when the title fits on one line.
#[test]
fn status_reads_promotion_tags_wrapped_onto_the_next_line() {
    let file = "crates/relcut-core/tests/fixtures/cut-issues/e6-2026-rc0-promo-title-wrapped.md";
    let v = relcut(&["status", file, "--json"]).json();
    let check = &v["promotion_check"];
    assert_eq!(check["coverage"], "exact", "{check}");
    assert_eq!(check["prs"][0]["number"], 9811);
    assert_eq!(
        check["prs"][0]["tags"],
        serde_json::json!(["v1.37.0-rc.0", "v1.38.0-alpha.0"])
    );
    for key in ["prs", "expected", "coverage", "message", "source"] {
        assert!(
            check.get(key).is_some(),
            "promotion_check lost `{key}`: {check}"
        );
    }
    for key in ["number", "url", "tags"] {
        assert!(
            check["prs"][0].get(key).is_some(),
            "prs[] lost `{key}`: {check}"
        );
    }
    assert_eq!(v["next"], "promotion-job");
    let r = relcut(&["status", file]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout
            .contains("PR kubernetes/k8s.io#9811 promotes exactly v1.37.0-rc.0 / v1.38.0-alpha.0"),
        "{}",
        r.stdout
    );
}
