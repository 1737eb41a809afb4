use crate::common::{relcut, root};

const IN_PROGRESS: &str = "examples/cut-v1.36.0-rc.1-in-progress.md";

#[test]
fn readme_example_reports_the_next_step_with_its_command() {
    let r = relcut(&["status", IN_PROGRESS, "--fork", "alice"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    insta::assert_snapshot!("status_in_progress", r.stdout);
}

#[test]
fn json_contract() {
    let v = relcut(&["status", IN_PROGRESS, "--json"]).json();
    assert_eq!(v["version"], "v1.36.0-rc.1");
    assert_eq!(v["release_type"], "rc");
    assert_eq!(v["branch"], "release-1.36");
    assert_eq!(v["scheduled"], "2026-04-07");
    assert_eq!(v["krel_version"]["git_version"], "v0.20.2");
    assert_eq!(v["next"], "image-promotion");
    let steps = v["steps"].as_array().unwrap();
    for s in steps {
        for key in ["id", "label", "state", "links", "line"] {
            assert!(s.get(key).is_some(), "{key} missing in {s}");
        }
    }
    let thread = steps.iter().find(|s| s["id"] == "slack-thread").unwrap();
    assert_eq!(thread["state"], "done");
    assert_eq!(thread["line"], 14, "lines count from the top of the file");
    assert_eq!(v["history"].as_array().unwrap().len(), 3);
    assert_eq!(v["history"][2]["step"], "nomock-stage");
    assert!(
        v["warnings"].as_array().unwrap().is_empty(),
        "{}",
        v["warnings"]
    );
}

/// A real `issues` webhook payload with only the title and body changed, as the Action sees it.
#[test]
fn reads_an_issue_payload() {
    let payload =
        std::fs::read_to_string(root().join("tests/fixtures/github-events/issues.opened.json"))
            .expect("tests/fixtures");
    let mut v: serde_json::Value = serde_json::from_str(&payload).unwrap();
    let body = std::fs::read_to_string(root().join("examples/cut-v1.35.5-patch.md")).unwrap();
    let body = body
        .splitn(3, "---\n")
        .nth(2)
        .unwrap()
        .replace('\n', "\r\n");
    v["issue"]["title"] = "Cut v1.35.5 release".into();
    v["issue"]["body"] = body.into();
    let dir = std::env::temp_dir().join(format!("relcut-status-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("event.json");
    std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
    let out = relcut(&["status", path.to_str().unwrap(), "--json"]).json();
    assert_eq!(out["version"], "v1.35.5");
    assert_eq!(out["next"], "testgrid");
    let skipped: Vec<&str> = out["steps"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["state"] == "skipped")
        .map(|s| s["id"].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["release-signal", "mock-stage", "mock-release"]);
    // the same payload's own (non-cut) issue: no version, a warning, no crash
    let plain = relcut(&[
        "status",
        "tests/fixtures/github-events/issues.opened.json",
        "--json",
    ])
    .json();
    assert_eq!(plain["version"], serde_json::Value::Null);
    assert_eq!(plain["warnings"][0]["id"], "title-names-no-release");
    assert!(plain["warnings"][0]["message"]
        .as_str()
        .unwrap()
        .contains("names no release"));
}

#[test]
fn finished_cut_has_nothing_next() {
    let r = relcut(&["status", "examples/cut-v1.36.0-finished.md"]);
    assert!(r.stdout.contains("Nothing left to do"), "{}", r.stdout);
    let v = relcut(&["status", "examples/cut-v1.36.0-finished.md", "--json"]).json();
    assert_eq!(v["next"], serde_json::Value::Null);
}

#[test]
fn missing_file_is_a_clear_error() {
    let r = relcut(&["status", "no/such/file.md"]);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr.contains("cannot read `no/such/file.md`"),
        "{}",
        r.stderr
    );
}

/// An in-progress step's evidence says its commands ran: `status` says what finishes it and
/// never offers to run them again (a second `krel stage` job, a second testgrid comment).
#[test]
fn an_in_progress_step_is_not_offered_its_commands_again() {
    let body = std::fs::read_to_string(root().join("examples/cut-v1.35.5-patch.md"))
        .unwrap()
        .replace(
            "- [ ] Screenshot unhealthy release branch testgrid boards",
            "- [ ] Screenshot unhealthy release branch testgrid boards: https://github.com/kubernetes/sig-release/issues/3001#issuecomment-4001",
        );
    let dir = std::env::temp_dir().join(format!("relcut-inprogress-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("cut.md");
    std::fs::write(&file, body).unwrap();
    let r = relcut(&["status", file.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let next = r.stdout.split("\nNext: ").nth(1).unwrap();
    assert!(
        next.starts_with("Post the unhealthy testgrid boards on the cut issue [testgrid]\n  in progress: finished when the testgrid comment is posted"),
        "{}",
        r.stdout
    );
    assert!(!next.contains("$ krel testgridshot"), "{}", r.stdout);
    let _ = std::fs::remove_dir_all(&dir);
}

const FIXTURES: &str = "crates/relcut-core/tests/fixtures/cut-issues";

/// Review of issue 12, item 6: a promotion PR pasted as `kubernetes/k8s.io#9811` is linked, so
/// the gate names its number instead of asking for it.
#[test]
fn a_short_promotion_pr_reference_feeds_the_gate() {
    let fixture = format!("{FIXTURES}/e6-2026-rc0-promo-short-reference.md");
    let r = relcut(&["status", &fixture]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("$ relcut check promotion-job --pr 9811"),
        "{}",
        r.stdout
    );
    assert!(!r.stdout.contains("has no link"), "{}", r.stdout);
    assert!(
        r.stdout
            .contains("https://github.com/kubernetes/k8s.io/pull/9811"),
        "{}",
        r.stdout
    );
}

/// Review of issue 12, item 7: `plan` refuses an alpha.0; `status` of a cut issue titled so
/// warns with the same words.
#[test]
fn status_of_an_alpha_0_warns_as_plan_refuses() {
    let fixture = format!("{FIXTURES}/e6-2026-alpha-mock-still-commented.md");
    let title = "Cut v1.36.0-alpha.0 release";
    let plan = relcut(&["plan", "v1.36.0-alpha.0"]);
    assert_eq!(plan.code, 1);
    // The refusal's first line; its `per` line follows.
    let refusal = plan
        .stderr
        .lines()
        .next()
        .unwrap_or_default()
        .trim_start_matches("error: ")
        .to_string();
    assert!(refusal.contains("never cut on its own"), "{refusal}");
    let v = relcut(&["status", "--title", title, &fixture, "--json"]).json();
    let w = v["warnings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|w| w["id"] == "never-cut-alone")
        .unwrap_or_else(|| panic!("{}", v["warnings"]));
    assert_eq!(w["message"], refusal.as_str());
    let r = relcut(&["status", "--title", title, &fixture]);
    assert!(r.stdout.contains(&refusal), "{}", r.stdout);
}

/// Review of issue 12, item 13: titles with words around them still name their version.
#[test]
fn titles_with_extra_words_name_their_version() {
    let fixture = format!("{FIXTURES}/e6-2026-patch-history-only.md");
    for (title, version) in [
        ("Cut v1.35.3 release (rescheduled)", "v1.35.3"),
        ("[WIP] Cut v1.35.3 release", "v1.35.3"),
        ("Cut v1.35.3-rc.1 release candidate", "v1.35.3-rc.1"),
    ] {
        let v = relcut(&["status", "--title", title, &fixture, "--json"]).json();
        assert_eq!(v["version"], version, "{title}");
        assert!(
            v["warnings"]
                .as_array()
                .unwrap()
                .iter()
                .any(|w| w["id"] == "non-canonical-title"),
            "{title}: {}",
            v["warnings"]
        );
    }
}

/// A warning that enforces a written rule names it in the text too, not only in `--json`; and
/// a 2019 beta is read on the release branch its beta.0 created (kubernetes/sig-release#1300
/// moved that to rc.0 for 1.20).
#[test]
fn the_text_cites_the_rule_behind_a_warning_and_old_betas_their_branch() {
    let fixtures = root().join("crates/relcut-core/tests/fixtures/cut-issues");
    let r = relcut(&[
        "status",
        fixtures
            .join("e0-2019-official-unicode-arrow.md")
            .to_str()
            .unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("  - the issue has no item for: testgrid, metrics (per kubernetes/sig-release:.github/ISSUE_TEMPLATE/cut-release.md (2019-03-02))\n"),
        "{}",
        r.stdout
    );
    let r = relcut(&["status", fixtures.join("e0-2019-beta.md").to_str().unwrap()]);
    assert!(
        r.stdout
            .starts_with("Cut v1.14.0-beta.1 (beta, --type beta --branch release-1.14)\n"),
        "{}",
        r.stdout
    );
}

/// An alpha.0 title is not called a "cut": the previous minor's rc.0 tags it.
#[test]
fn an_alpha0_issue_is_not_called_a_cut() {
    let file = root().join("examples/cut-v1.35.5-patch.md");
    let r = relcut(&[
        "status",
        "--title",
        "Cut v1.36.0-alpha.0 release",
        file.to_str().unwrap(),
    ]);
    assert!(
        r.stdout.starts_with("Cut v1.36.0-alpha.0 (not a cut of its own: the previous minor's rc.0 tags it, --type alpha --branch master)\n"),
        "{}",
        r.stdout
    );
}
