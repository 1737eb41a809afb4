use super::*;

const KREL: &str = "GitVersion:    v0.20.2\nGitCommit:     2c2e73f4e15c85beba135e4513308bffa79abc64\nGitTreeState:  clean\nBuildDate:     2026-11-30T08:01:01\nGoVersion:     go1.25.4\nCompiler:      gc\nPlatform:      linux/amd64\n";

fn tag(s: &str) -> Tag {
    Tag::parse(s).unwrap()
}

fn cut(number: u64, day: &str, collisions: &[&str]) -> Option<Result<Option<OpenCut>, String>> {
    Some(Ok(Some(OpenCut {
        number,
        scheduled: Some(day.to_string()),
        collisions: collisions.iter().map(|c| (*c).to_string()).collect(),
    })))
}

/// Everything in order, for a cut of v1.36.0-rc.1 scheduled 2026-04-14.
fn ready() -> Facts {
    Facts {
        krel: Probe::Ran(KREL.into()),
        krel_vs_master: Some(Ok(Compare::Identical)),
        kpromo: Probe::Ran("GitVersion: v4.5.1\n".into()),
        gcloud_accounts: Probe::Ran("jane@example.com\n".into()),
        adc: (
            "/home/jane/.config/gcloud/application_default_credentials.json".into(),
            true,
        ),
        token_set: true,
        token_scopes: Some(Ok(TokenScopes::Classic(
            ["gist", "notifications", "repo", "user"]
                .map(String::from)
                .to_vec(),
        ))),
        cut: CutFacts {
            this_cut: cut(2995, "2026-04-14", &[]),
            branch_protected: Some(Ok(Some(true))),
            blockers: Some(Ok(vec![Blocker {
                reference: "kubernetes/kubernetes#138001".into(),
                url: "https://github.com/kubernetes/kubernetes/issues/138001".into(),
                closed: Ok(true),
            }])),
        },
    }
}

fn verdict_of(r: &Report, id: &str) -> (Verdict, String) {
    let c = r
        .checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no check {id}: {:#?}", r.checks));
    (c.verdict, c.detail.clone())
}

#[test]
fn a_ready_machine_passes_every_check() {
    let r = decide(&tag("v1.36.0-rc.1"), &ready());
    assert_eq!(r.verdict, Verdict::Pass, "{}", r.text());
    let ids: Vec<&str> = r.checks.iter().map(|c| c.id).collect();
    assert_eq!(
        ids,
        [
            "krel-installed",
            "krel-clean",
            "krel-current",
            "kpromo-installed",
            "gcloud-account",
            "application-default-credentials",
            "github-token",
            "other-cuts",
            "branch-protected",
            "blocking-issues"
        ]
    );
    assert!(r.checks.iter().all(|c| c.fix.is_none()));
}

#[test]
fn krel_missing_dirty_behind_or_unknown() {
    let t = tag("v1.36.0-rc.1");
    let mut f = ready();
    f.krel = Probe::Missing;
    let r = decide(&t, &f);
    assert_eq!(verdict_of(&r, "krel-installed").0, Verdict::Fail);
    assert!(!r.checks.iter().any(|c| c.id == "krel-current"));

    let mut f = ready();
    f.krel = Probe::TimedOut { seconds: 10 };
    assert!(verdict_of(&decide(&t, &f), "krel-installed")
        .1
        .contains("within 10 s"));

    let mut f = ready();
    f.krel = Probe::Ran(KREL.replace("clean", "dirty"));
    assert_eq!(verdict_of(&decide(&t, &f), "krel-clean").0, Verdict::Fail);

    for (cmp, want, says) in [
        (Compare::Behind { by: 3 }, Verdict::Fail, "3 commits behind"),
        (Compare::Behind { by: 1 }, Verdict::Fail, "1 commit behind"),
        (Compare::Ahead { by: 2 }, Verdict::Warn, "a local branch"),
        (
            Compare::Diverged {
                ahead: 1,
                behind: 4,
            },
            Verdict::Fail,
            "lacks 4",
        ),
        (Compare::UnknownCommit, Verdict::Warn, "never pushed"),
    ] {
        let mut f = ready();
        f.krel_vs_master = Some(Ok(cmp.clone()));
        let (v, d) = verdict_of(&decide(&t, &f), "krel-current");
        assert_eq!(v, want, "{cmp:?}");
        assert!(d.contains(says), "{cmp:?}: {d}");
    }
    let mut f = ready();
    f.krel_vs_master = Some(Err("GitHub at http://x: 502".into()));
    assert_eq!(verdict_of(&decide(&t, &f), "krel-current").0, Verdict::Warn);
}

#[test]
fn krel_version_output_is_read_field_by_field() {
    let k = KrelVersion::from_output(KREL).unwrap();
    assert_eq!(k.git_version, "v0.20.2");
    assert_eq!(
        k.git_commit.as_deref(),
        Some("2c2e73f4e15c85beba135e4513308bffa79abc64")
    );
    assert_eq!(k.git_tree_state.as_deref(), Some("clean"));
    assert_eq!(
        KrelVersion::from_output("krel: command not understood"),
        None
    );
    let mut f = ready();
    f.krel = Probe::Ran("GitVersion: v0.20.2\n".into());
    let (v, d) = verdict_of(&decide(&tag("v1.36.0-rc.1"), &f), "krel-installed");
    assert_eq!(v, Verdict::Fail);
    assert!(
        d.contains("no GitVersion, GitCommit and GitTreeState"),
        "{d}"
    );
}

#[test]
fn tools_and_credentials() {
    let t = tag("v1.36.0-rc.1");
    let mut f = ready();
    f.kpromo = Probe::Failed { code: Some(2) };
    assert_eq!(
        verdict_of(&decide(&t, &f), "kpromo-installed").0,
        Verdict::Fail
    );

    let mut f = ready();
    f.gcloud_accounts = Probe::Ran("\n".into());
    let r = decide(&t, &f);
    assert_eq!(verdict_of(&r, "gcloud-account").0, Verdict::Fail);
    let fix = r
        .checks
        .iter()
        .find(|c| c.id == "gcloud-account")
        .unwrap()
        .fix
        .clone();
    assert!(fix.unwrap().contains("gcloud auth login"));

    let mut f = ready();
    f.gcloud_accounts = Probe::Missing;
    let r = decide(&t, &f);
    let c = r.checks.iter().find(|c| c.id == "gcloud-account").unwrap();
    assert_eq!(c.verdict, Verdict::Fail);
    assert!(c
        .fix
        .as_deref()
        .unwrap()
        .contains("install the Google Cloud CLI"));

    let mut f = ready();
    f.adc.1 = false;
    let (v, d) = verdict_of(&decide(&t, &f), "application-default-credentials");
    assert_eq!(v, Verdict::Warn);
    assert!(d.contains("krel history"), "{d}");
}

#[test]
fn the_token_and_its_scopes() {
    let t = tag("v1.36.0-rc.1");
    let mut f = ready();
    f.token_set = false;
    f.token_scopes = None;
    assert_eq!(verdict_of(&decide(&t, &f), "github-token").0, Verdict::Fail);

    for (scopes, want, says) in [
        (
            vec!["repo"],
            Verdict::Warn,
            "lack gist, notifications, user",
        ),
        (
            vec!["gist", "user"],
            Verdict::Fail,
            "lack repo, notifications",
        ),
        (vec![], Verdict::Fail, "(none)"),
        (
            vec!["repo", "gist", "notifications", "user", "workflow"],
            Verdict::Pass,
            "workflow",
        ),
    ] {
        let (v, d) = scope_verdict(&scopes.iter().map(|s| (*s).to_string()).collect::<Vec<_>>());
        assert_eq!(v, want, "{scopes:?}");
        assert!(d.contains(says), "{scopes:?}: {d}");
    }
    for (answer, want) in [
        (TokenScopes::Rejected, Verdict::Fail),
        (TokenScopes::Unlisted, Verdict::Warn),
    ] {
        let mut f = ready();
        f.token_scopes = Some(Ok(answer));
        assert_eq!(verdict_of(&decide(&t, &f), "github-token").0, want);
    }
}

#[test]
fn other_cuts_are_the_collisions_relcut_cuts_finds() {
    let t = tag("v1.36.0-rc.1");
    let (v, d) = verdict_of(&decide(&t, &ready()), "other-cuts");
    assert_eq!(v, Verdict::Pass);
    assert!(
        d.contains("#2995 (2026-04-14) collides with no other open cut"),
        "{d}"
    );

    let mut f = ready();
    f.cut.this_cut = cut(2995, "2026-04-14", &["one", "two"]);
    let r = decide(&t, &f);
    assert_eq!(
        verdict_of(&r, "other-cuts"),
        (Verdict::Warn, "one; two".into())
    );
    let c = r.checks.iter().find(|c| c.id == "other-cuts").unwrap();
    assert_eq!(c.source, source::NO_PATCH_IN_PROGRESS);

    for (answer, says) in [
        (Some(Ok(None)), "has no open issue"),
        (
            Some(Err("GitHub at http://x: 502".into())),
            "could not list",
        ),
        (None, "not listed"),
    ] {
        let mut f = ready();
        f.cut.this_cut = answer;
        let (v, d) = verdict_of(&decide(&t, &f), "other-cuts");
        assert_eq!(v, Verdict::Warn);
        assert!(d.contains(says), "{d}");
    }
}

#[test]
fn the_branch_is_checked_from_rc1_on() {
    for (t, branch) in [
        ("v1.36.0-rc.1", Some("release-1.36")),
        ("v1.36.0", Some("release-1.36")),
        ("v1.35.4", Some("release-1.35")),
        ("v1.36.0-rc.0", None),
        ("v1.36.0-beta.1", None),
        ("v1.37.0-alpha.1", None),
    ] {
        assert_eq!(branch_to_protect(&tag(t)).as_deref(), branch, "{t}");
    }
    let t = tag("v1.36.0-rc.1");
    for (answer, want) in [
        (Ok(Some(false)), Verdict::Fail),
        (Ok(None), Verdict::Fail),
        (Err("502".to_string()), Verdict::Warn),
    ] {
        let mut f = ready();
        f.cut.branch_protected = Some(answer.clone());
        assert_eq!(
            verdict_of(&decide(&t, &f), "branch-protected").0,
            want,
            "{answer:?}"
        );
    }
    let r = decide(&tag("v1.37.0-alpha.1"), &ready());
    assert!(!r.checks.iter().any(|c| c.id == "branch-protected"));
}

#[test]
fn blocking_issues_must_be_closed() {
    let t = tag("v1.36.0-rc.1");
    let mut f = ready();
    f.cut.blockers = Some(Ok(vec![
        Blocker {
            reference: "kubernetes/kubernetes#138001".into(),
            url: "https://github.com/kubernetes/kubernetes/issues/138001".into(),
            closed: Ok(true),
        },
        Blocker {
            reference: "kubernetes/kubernetes#138002".into(),
            url: "https://github.com/kubernetes/kubernetes/issues/138002".into(),
            closed: Ok(false),
        },
    ]));
    let (v, d) = verdict_of(&decide(&t, &f), "blocking-issues");
    assert_eq!(
        (v, d.as_str()),
        (Verdict::Fail, "still open: kubernetes/kubernetes#138002")
    );

    let mut f = ready();
    f.cut.blockers = Some(Ok(Vec::new()));
    assert_eq!(
        verdict_of(&decide(&t, &f), "blocking-issues").0,
        Verdict::Pass
    );

    let mut f = ready();
    f.cut.this_cut = None;
    let (v, d) = verdict_of(&decide(&t, &f), "blocking-issues");
    assert_eq!(v, Verdict::Warn);
    assert!(d.contains("no open cut issue for this tag"), "{d}");

    let mut f = ready();
    f.cut.this_cut = Some(Err("cannot reach GitHub".into()));
    let (v, d) = verdict_of(&decide(&t, &f), "blocking-issues");
    assert_eq!(v, Verdict::Warn);
    assert!(
        d.contains("could not look for this cut's issue: cannot reach GitHub"),
        "{d}"
    );
}

#[test]
fn blocking_references_come_from_their_section_only() {
    let body = "## Scheduled to happen: Tue, 2026-04-14\n\n## Release Blocking Issues\n\n<!--\n- [ ] Issue 1 kubernetes/kubernetes#1\n-->\n- https://github.com/kubernetes/kubernetes/issues/138001\n- kubernetes/kubernetes#138002 and <!-- kubernetes/kubernetes#3 --> [PR](https://github.com/kubernetes/kubernetes/pull/138003)\n- again kubernetes/kubernetes#138002\n\n## Release Steps\n\n- see kubernetes/k8s.io#9811\n";
    let refs: Vec<String> = blocking_references(body)
        .into_iter()
        .map(|(r, _)| r)
        .collect();
    assert_eq!(
        refs,
        [
            "kubernetes/kubernetes#138001",
            "kubernetes/kubernetes#138002",
            "kubernetes/kubernetes#138003"
        ]
    );
    assert!(blocking_references("## Release Blocking Issues\n\nN/A\n").is_empty());
}

#[test]
fn the_report_as_text_json_and_comment() {
    let mut f = ready();
    f.krel_vs_master = Some(Ok(Compare::Behind { by: 3 }));
    f.adc.1 = false;
    let r = decide(&tag("v1.36.0-rc.1"), &f);
    assert_eq!(r.verdict, Verdict::Fail);
    insta::assert_snapshot!(r.text());
    let j = serde_json::to_value(&r).unwrap();
    assert_eq!(j["verdict"], "fail");
    assert_eq!(j["checks"][2]["id"], "krel-current");
    assert_eq!(j["checks"][2]["verdict"], "fail");
    assert_eq!(
        j["checks"][2]["source"]["reference"],
        "kubernetes/release:pkg/release/repository.go"
    );
    assert!(j["checks"][0]["fix"].is_null());
    insta::assert_snapshot!(r.markdown());
}

#[test]
fn the_checks_table_is_the_reports_order() {
    let ids = |r: &Report| r.checks.iter().map(|c| c.id).collect::<Vec<_>>();
    let all: Vec<&str> = CHECKS.iter().map(|(id, _)| *id).collect();
    assert_eq!(ids(&decide(&tag("v1.36.0-rc.1"), &ready())), all);
    let github: Vec<&str> = CHECKS
        .iter()
        .filter(|(_, r)| *r == Runs::GitHub)
        .map(|(id, _)| *id)
        .collect();
    let on_github = decide_on_github(&tag("v1.36.0-rc.1"), &ready().cut);
    assert_eq!(ids(&on_github), github);
    let machine: Vec<&str> = all.into_iter().filter(|id| !github.contains(id)).collect();
    assert_eq!(on_github.not_run, machine);
    assert!(on_github.not_run.contains(&"krel-current"));
}

/// `/relcut preflight`: the same checks of the cut as the CLI, the same verdicts, and the
/// machine's checks named as not run, never passed.
#[test]
fn on_github_the_machines_checks_are_named_not_run() {
    let t = tag("v1.36.0-rc.1");
    let mut f = ready();
    f.cut.blockers = Some(Ok(vec![Blocker {
        reference: "kubernetes/kubernetes#138002".into(),
        url: "https://github.com/kubernetes/kubernetes/issues/138002".into(),
        closed: Ok(false),
    }]));
    let cli = decide(&t, &f);
    let r = decide_on_github(&t, &f.cut);
    assert_eq!(r.verdict, Verdict::Fail);
    for c in &r.checks {
        let twin = cli.checks.iter().find(|x| x.id == c.id).unwrap();
        assert_eq!(
            (c.verdict, &c.detail),
            (twin.verdict, &twin.detail),
            "{}",
            c.id
        );
    }
    assert!(r
        .text()
        .contains("Not run here: krel-installed, krel-clean, krel-current"));
    assert!(r.text().contains("run relcut preflight v1.36.0-rc.1 there"));
    let md = r.markdown();
    assert!(
        md.contains("Not run here: `krel-installed`, `krel-clean`, `krel-current`, `kpromo-installed`, `gcloud-account`, `application-default-credentials`, `github-token`."),
        "{md}"
    );
    assert!(
        md.contains("run `relcut preflight v1.36.0-rc.1` there"),
        "{md}"
    );
    let j = serde_json::to_value(&r).unwrap();
    assert_eq!(j["not_run"][2], "krel-current");
    // The CLI's JSON keeps its shape: no `not_run` when everything ran.
    assert!(serde_json::to_value(&cli).unwrap().get("not_run").is_none());
    assert!(!cli.text().contains("Not run here"));
}

#[test]
fn only_account_shaped_lines_of_gcloud_are_accounts() {
    for yes in [
        "jane@example.com",
        "release-bot@k8s-releng-prod.iam.gserviceaccount.com",
        "j.doe+k8s@kubernetes.io",
    ] {
        assert!(super::is_account(yes), "{yes}");
    }
    for no in [
        "ya29.a0AfB_byC3xQm9Zk2LrVt8sWq1eHn0pJ4uYd6",
        "ghp_0123456789abcdefghij",
        "@example.com",
        "jane@localhost",
        "jane doe@example.com",
        "ACTIVE  jane@example.com",
        "",
    ] {
        assert!(!super::is_account(no), "{no}");
    }
}

/// A `krel` that runs but prints no version (another program of that name, or an old krel
/// without GitTreeState) fails `krel-installed`, and what it printed is not shown.
#[test]
fn a_krel_without_a_version_fails_and_is_not_echoed() {
    let t = tag("v1.36.0-rc.1");
    for out in [
        "ya29.a0AfB_byC3xQm9Zk2LrVt8sWq1eHn0pJ4uYd6\n",
        "GitVersion:    v0.20.2\nGitCommit:     2c2e73f4e15c85beba135e4513308bffa79abc64\n",
        "",
    ] {
        let mut f = ready();
        f.krel = Probe::Ran(out.into());
        let r = decide(&t, &f);
        let (v, detail) = verdict_of(&r, "krel-installed");
        assert_eq!(v, Verdict::Fail, "{out:?}");
        assert!(detail.contains("printed no GitVersion"), "{detail}");
        assert!(!r.text().contains("ya29."), "{}", r.text());
        assert!(!r.checks.iter().any(|c| c.id == "krel-current"));
    }
}
