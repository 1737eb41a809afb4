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

/// Every process rule the plan states cites where it is written (issue #12): in --json each
/// step's `source` (and `sources`), in the text a `per` line under the step.
#[test]
fn every_rule_cites_its_source() {
    let v = relcut(&["plan", "v1.37.0-rc.0", "--json"]).json();
    let steps = v["steps"].as_array().unwrap();
    assert_eq!(steps.len(), 19);
    for s in steps {
        let src = &s["source"];
        assert!(
            src["reference"].is_string() && src["date"].is_string() && src["url"].is_string(),
            "{} has no source: {s}",
            s["id"]
        );
        assert_eq!(s["sources"][0], *src, "{}", s["id"]);
    }
    let step = |id: &str| steps.iter().find(|s| s["id"] == id).unwrap().clone();
    let reference = |id: &str| {
        step(id)["source"]["reference"]
            .as_str()
            .unwrap()
            .to_string()
    };
    // The `Really submit a --nomock …` prompt and the BUILDVERSION each stage gets.
    for id in ["nomock-stage", "nomock-release"] {
        assert_eq!(
            reference(id),
            "kubernetes/release:pkg/gcp/gcb/gcb.go",
            "{id}"
        );
        assert_eq!(step(id)["source"]["date"], "2026-02-24");
    }
    // `Send email? (y/N)`, and Gmail instead of --name/--email.
    assert_eq!(
        reference("email"),
        "kubernetes/release:cmd/krel/cmd/announce_send.go"
    );
    let email = step("email");
    let email_refs: Vec<&str> = email["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["reference"].as_str().unwrap())
        .collect();
    assert!(
        email_refs.contains(&"kubernetes/release#4268"),
        "{email_refs:?}"
    );
    let handbook = "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md";
    for id in [
        "promotion-job",
        "release-signal",
        "schedule",
        "tools",
        "cleanup",
    ] {
        assert_eq!(reference(id), handbook, "{id}");
    }

    let text = relcut(&["plan", "v1.37.0-rc.0"]).stdout;
    let section = |title: &str| {
        let start = text
            .find(title)
            .unwrap_or_else(|| panic!("{title} in {text}"));
        let rest = &text[start..];
        rest[..rest.find("\n\n").unwrap_or(rest.len())].to_string()
    };
    for (title, per) in [
        ("[tools]", "per kubernetes/sig-release:release-engineering/handbooks/release-cuts.md (2026-05-28)"),
        ("[krel-version]", "per kubernetes/sig-release:release-engineering/handbooks/release-cuts.md (2026-05-28); kubernetes/sig-release:.github/ISSUE_TEMPLATE/cut-release.md (2026-05-28)"),
        ("[release-signal]", "per kubernetes/sig-release:release-engineering/handbooks/release-cuts.md (2026-05-28)"),
        ("[cleanup]", "per kubernetes/sig-release:release-engineering/handbooks/release-cuts.md (2026-05-28)"),
        ("[nomock-stage]", "per kubernetes/release:pkg/gcp/gcb/gcb.go (2026-02-24)"),
        ("[nomock-release]", "per kubernetes/release:pkg/gcp/gcb/gcb.go (2026-02-24)"),
        ("[email]", "per kubernetes/release:cmd/krel/cmd/announce_send.go (2026-03-20); kubernetes/release#4268 (2026-02-12)"),
        ("[promotion-job]", "per kubernetes/sig-release:release-engineering/handbooks/release-cuts.md (2026-05-28)"),
    ] {
        let s = section(title);
        assert!(s.contains(&format!("\n      {per}")), "{title}: {s}");
    }

    let patch = relcut(&["plan", "v1.35.3"]).stdout;
    assert!(
        patch.contains("      per kubernetes/release:cmd/schedule-builder/cmd/markdown.go (2026-08-31); kubernetes/release#4413 (2026-05-26)"),
        "{patch}"
    );
}

/// A refusal from one of krel's rules cites it, in --json and in the text, as `versions` does.
#[test]
fn krel_refusal_cites_the_krel_file() {
    let args = [
        "plan",
        "v1.35.1",
        "--build-version",
        "v1.34.0-3+0123456789abcd",
    ];
    let r = relcut(&args);
    assert_eq!(r.code, 1);
    assert!(
        r.stderr
            .contains("\n  per kubernetes/release:pkg/release/branch_checker.go (2025-01-28)"),
        "{}",
        r.stderr
    );
    let mut json = args.to_vec();
    json.push("--json");
    let r = relcut(&json);
    assert_eq!(r.code, 1);
    let v = r.json();
    assert_eq!(v["exit_code"], 1);
    assert_eq!(
        v["source"]["reference"],
        "kubernetes/release:pkg/release/branch_checker.go"
    );
    let v = relcut(&[
        "plan",
        "v1.35.0-rc.2",
        "--build-version",
        "v1.35.0-rc.0.5+0123456789abcd",
        "--json",
    ])
    .json();
    assert_eq!(
        v["source"]["reference"],
        "kubernetes/release:pkg/release/release_version.go"
    );
    assert_eq!(v["source"]["date"], "2025-08-12");
}

/// A patch skips the mock runs (kubernetes/sig-release#2981): a mock build version without
/// --with-mock is said to have no effect, not dropped in silence.
#[test]
fn mock_build_version_on_a_patch_needs_with_mock() {
    let args = [
        "plan",
        "v1.35.3",
        "--mock-build-version",
        "v1.35.2-3+0123456789abcd",
    ];
    let r = relcut(&args);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(
        r.stdout.contains("Note: --mock-build-version `v1.35.2-3+0123456789abcd` applies only with --with-mock: patch releases skip the mock runs since kubernetes/sig-release#2981 (2026-03-26)"),
        "{}",
        r.stdout
    );
    assert!(r
        .stdout
        .contains("\n  per kubernetes/sig-release#2981 (2026-03-26)\n"));
    let mut json = args.to_vec();
    json.push("--json");
    let v = relcut(&json).json();
    let notes = v["notes"].as_array().unwrap();
    assert_eq!(notes.len(), 1, "{v}");
    assert!(notes[0]["text"]
        .as_str()
        .unwrap()
        .contains("applies only with --with-mock"));
    assert_eq!(
        notes[0]["source"]["reference"],
        "kubernetes/sig-release#2981"
    );

    let mut with = args.to_vec();
    with.extend(["--with-mock", "--json"]);
    let v = relcut(&with).json();
    assert_eq!(v["notes"].as_array().unwrap().len(), 0, "{v}");
    let mock = v["steps"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["id"] == "mock-release")
        .unwrap();
    assert_eq!(
        mock["commands"][0],
        "krel release --type official --branch release-1.35 --build-version v1.35.2-3+0123456789abcd"
    );
}

/// Issue #22 Done when: `plan --json` lists the handbook's prerequisites and cautions, each with
/// its source; an rc.0 adds protecting the new branch.
#[test]
fn json_lists_prerequisites_and_cautions_with_sources() {
    let v = relcut(&["plan", "v1.36.0-rc.0", "--json"]).json();
    let texts = |key: &str| -> Vec<String> {
        v[key]
            .as_array()
            .unwrap_or_else(|| panic!("no {key}: {v}"))
            .iter()
            .map(|p| {
                let src = &p["source"];
                assert!(
                    src["url"]
                        .as_str()
                        .is_some_and(|u| u.starts_with("https://github.com/kubernetes/")),
                    "{p}"
                );
                assert!(
                    src["reference"].as_str().is_some_and(|r| !r.is_empty()),
                    "{p}"
                );
                p["text"].as_str().unwrap().to_string()
            })
            .collect()
    };
    let prerequisites = texts("prerequisites").join("\n");
    for want in [
        "GITHUB_TOKEN",
        "gcloud auth login",
        "k8s-infra-release-editors",
        "gcloud auth application-default login",
        "moderator of dev@kubernetes.io",
        "admin of kubernetes-announce",
    ] {
        assert!(prerequisites.contains(want), "{want}: {prerequisites}");
    }
    let cautions = texts("cautions");
    assert_eq!(cautions.len(), 2, "{cautions:#?}");
    assert!(cautions[0].contains("promotion PR on hold while a release-blocking test is red"));
    assert!(cautions[1].contains("`release-1.36` is protected"));
    let v = relcut(&["plan", "v1.36.0-rc.1", "--json"]).json();
    assert_eq!(v["cautions"].as_array().unwrap().len(), 1);
}
