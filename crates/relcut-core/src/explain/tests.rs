use super::*;

/// The check of one entry's source: a reference relcut's readers can follow, pointing where its
/// URL points, on a real day not in the future.
fn source_problem(c: &Cite) -> Option<String> {
    let re = Regex::new(
        r"^(?P<owner>[A-Za-z0-9-]+)/(?P<repo>[A-Za-z0-9._-]+)(?:#(?P<num>[1-9][0-9]*)|:(?P<path>[A-Za-z0-9._/-]+[A-Za-z0-9_-]))$",
    )
    .unwrap();
    let Some(m) = re.captures(&c.reference) else {
        return Some(format!(
            "reference `{}` is neither owner/repo#N nor owner/repo:path",
            c.reference
        ));
    };
    let base = format!("https://github.com/{}/{}/", &m["owner"], &m["repo"]);
    if let Some(num) = m.name("num") {
        let issue = format!("{base}issues/{}", num.as_str());
        let pull = format!("{base}pull/{}", num.as_str());
        if c.url != issue && c.url != pull {
            return Some(format!("url `{}` is not {issue} or {pull}", c.url));
        }
    } else {
        let path = &m["path"];
        let page = c.url.split('#').next().unwrap_or_default();
        let blob = page
            .strip_prefix(&format!("{base}blob/"))
            .and_then(|rest| rest.split_once('/'));
        if !blob.is_some_and(|(branch, p)| !branch.is_empty() && p == path) {
            return Some(format!("url `{}` is not {base}blob/BRANCH/{path}", c.url));
        }
    }
    match chrono::NaiveDate::parse_from_str(&c.date, "%Y-%m-%d") {
        Ok(d) if d <= chrono::Utc::now().date_naive() && d.to_string() == c.date => None,
        _ => Some(format!("date `{}` is not a past day as YYYY-MM-DD", c.date)),
    }
}

#[test]
fn the_table_has_at_least_25_entries_from_every_tool() {
    let t = table();
    assert!(t.failures.len() >= 25, "{} entries", t.failures.len());
    for tool in [
        "krel",
        "kpromo",
        "Cloud Build",
        "OBS",
        "prow",
        "publishing-bot",
    ] {
        assert!(
            t.failures.iter().any(|f| f.tool == tool),
            "no entry for {tool}"
        );
    }
}

#[test]
fn ids_are_unique_kebab_case() {
    let kebab = Regex::new("^[a-z0-9]+(-[a-z0-9]+)*$").unwrap();
    let mut seen = std::collections::BTreeSet::new();
    for f in &table().failures {
        assert!(kebab.is_match(&f.id), "`{}` is not kebab-case", f.id);
        assert!(seen.insert(f.id.as_str()), "`{}` twice", f.id);
    }
}

#[test]
fn every_source_is_well_formed() {
    let problems: Vec<String> = table()
        .failures
        .iter()
        .filter_map(|f| source_problem(&f.source).map(|p| format!("{}: {p}", f.id)))
        .collect();
    assert!(problems.is_empty(), "{problems:#?}");
}

#[test]
fn the_source_check_refuses_what_is_not_a_source() {
    let ok = Cite {
        reference: "kubernetes/k8s.io#9563".into(),
        date: "2026-06-03".into(),
        url: "https://github.com/kubernetes/k8s.io/issues/9563".into(),
    };
    assert_eq!(source_problem(&ok), None);
    let file = Cite {
        reference: "kubernetes/release:pkg/gcp/gcb/gcb.go".into(),
        date: "2026-02-24".into(),
        url: "https://github.com/kubernetes/release/blob/master/pkg/gcp/gcb/gcb.go".into(),
    };
    assert_eq!(source_problem(&file), None);
    let bad = [
        Cite {
            url: "https://github.com/kubernetes/k8s.io/issues/9564".into(),
            ..ok.clone()
        },
        Cite {
            reference: "k8s.io#9563".into(),
            ..ok.clone()
        },
        Cite {
            date: "2026-02-30".into(),
            ..ok.clone()
        },
        Cite {
            date: "2999-01-01".into(),
            ..ok.clone()
        },
        Cite {
            url: "https://github.com/kubernetes/release/blob/master/pkg/gcp/gcb/other.go".into(),
            ..file.clone()
        },
        Cite {
            url: "http://github.com/kubernetes/release/blob/master/pkg/gcp/gcb/gcb.go".into(),
            ..file
        },
    ];
    for c in bad {
        assert!(source_problem(&c).is_some(), "{c:?} passed");
    }
}

#[test]
fn each_sample_resolves_to_its_entry_and_to_no_other() {
    let t = table();
    for f in &t.failures {
        let ids: Vec<&str> = t
            .matching(&f.sample)
            .into_iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(ids, [f.id.as_str()], "sample of `{}`", f.id);
        let e = explain(&f.sample);
        assert_eq!(e.failure.map(|m| m.id.as_str()), Some(f.id.as_str()));
        assert!(e.also.is_empty());
    }
}

#[test]
fn each_sample_is_found_inside_a_log() {
    // A failure is one line of a long job log, with timestamps and other steps around it.
    for f in &table().failures {
        let log = format!(
            "Step #1: Already have image (with digest): gcr.io/cloud-builders/gcloud\n\
             INFO Running GCB with the following options\n{}\nStep #5: ERROR\n",
            f.sample
        );
        assert_eq!(
            explain(&log).failure.map(|m| m.id.as_str()),
            Some(f.id.as_str())
        );
    }
}

#[test]
fn ordinary_text_matches_nothing() {
    for text in [
        "",
        " ",
        "INFO Successfully created PR #9811",
        "GitVersion:    v0.20.2\nGitTreeState:  clean",
        "Step #3: rpm                  x86_64     succeeded",
        "level=info msg=\"Repository is up-to-date\"",
        "tag v1.35.1 already exists",
        "failed",
    ] {
        let e = explain(text);
        assert!(
            !e.matched(),
            "`{text}` matched {:?}",
            e.failure.map(|f| &f.id)
        );
    }
}

#[test]
fn a_failure_is_found_at_the_end_of_megabytes_of_log() {
    let noise = "Step #4: I1207 04:38:12.123456 building kube-apiserver (linux/amd64) ((((((((\n";
    let mut log = noise.repeat(4 * 1024 * 1024 / noise.len());
    log.push_str("FATA checking command line options: cannot start promotion --tag is required\n");
    let e = explain(&log);
    assert_eq!(
        e.failure.map(|f| f.id.as_str()),
        Some("kpromo-missing-flag")
    );
}

#[test]
fn several_failures_in_one_log_name_the_first_in_table_order_and_the_others() {
    let t = table();
    let (a, b) = (&t.failures[3], &t.failures[17]);
    let e = explain(&format!("{}\n{}\n", b.sample, a.sample));
    assert_eq!(e.failure.map(|f| f.id.as_str()), Some(a.id.as_str()));
    assert_eq!(e.also, [b.id.as_str()]);
    assert!(e.text().contains(&format!("also matches: {}", b.id)));
}

#[test]
fn json_has_exactly_the_six_fields() {
    let hit = serde_json::to_value(explain(&table().failures[0].sample).json()).unwrap();
    let miss = serde_json::to_value(explain("something else").json()).unwrap();
    for v in [&hit, &miss] {
        let keys: std::collections::BTreeSet<&str> =
            v.as_object().unwrap().keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["matched", "id", "step", "cause", "fix", "source"].into()
        );
    }
    // In this order, as printed.
    let printed = serde_json::to_string(&explain("x").json()).unwrap();
    assert!(
        printed.starts_with(r#"{"matched":false,"id":null,"step":null,"cause":null,"fix":"#),
        "{printed}"
    );
    assert_eq!(hit["matched"], true);
    assert_eq!(hit["id"], "krel-checkout-behind-remote");
    assert_eq!(hit["step"], "tools");
    assert_eq!(
        hit["source"]["reference"],
        "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md"
    );
    assert_eq!(miss["matched"], false);
    assert!(miss["id"].is_null() && miss["step"].is_null() && miss["source"].is_null());
    assert!(miss["fix"]
        .as_str()
        .unwrap()
        .contains("#release-management"));
}

#[test]
fn the_text_and_the_comment_say_the_same() {
    let e = explain("FATA checking command line options: cannot promote images if GitHub token env var GITHUB_TOKEN is not set");
    insta::assert_snapshot!(e.text(), @r"
    kpromo-no-token: a known kpromo failure, at step image-promotion (Image promotion PR in kubernetes/k8s.io)
      cause: `kpromo pr` opens the PR through the GitHub API and found no token in `GITHUB_TOKEN`.
      fix:   Export a personal access token (`export GITHUB_TOKEN=...`, scopes repo, gist, notifications and user per the handbook) in this shell and run the command again.
      per kubernetes-sigs/promo-tools:cmd/kpromo/cmd/pr/pr.go (2026-04-29) https://github.com/kubernetes-sigs/promo-tools/blob/main/cmd/kpromo/cmd/pr/pr.go
    ");
    insta::assert_snapshot!(e.markdown(), @r"
    **`kpromo-no-token`**: a known kpromo failure, at step `image-promotion` (Image promotion PR in kubernetes/k8s.io)

    - **cause**: `kpromo pr` opens the PR through the GitHub API and found no token in `GITHUB_TOKEN`.
    - **fix**: Export a personal access token (`export GITHUB_TOKEN=...`, scopes repo, gist, notifications and user per the handbook) in this shell and run the command again.
    - **source**: [kubernetes-sigs/promo-tools:cmd/kpromo/cmd/pr/pr.go](https://github.com/kubernetes-sigs/promo-tools/blob/main/cmd/kpromo/cmd/pr/pr.go) (2026-04-29)
    ");
    let miss = explain("nothing known");
    assert!(miss.text().contains("no known failure matches this text"));
    assert!(miss
        .markdown()
        .contains("[#\u{2060}release-management on Kubernetes Slack](https://kubernetes.slack.com/archives/CJH2GBF7Y)"));
}

#[test]
fn broken_tables_are_refused_with_the_entry_named() {
    let good = "- id: a\n  tool: krel\n  step: tools\n  pattern: 'x+y'\n  sample: 'xy'\n  cause: c\n  fix: f\n  source: {reference: 'a/b#1', date: '2026-01-01', url: 'https://github.com/a/b/issues/1'}\n";
    assert_eq!(parse_table(good).unwrap().failures.len(), 1);
    for (broken, says) in [
        (good.replace("step: tools", "step: toolz"), "toolz"),
        (
            good.replace("pattern: 'x+y'", "pattern: 'x(+'"),
            "does not compile",
        ),
        (good.replace("  fix: f\n", ""), "`fix` is missing"),
        (
            good.replace("  fix: f\n", "  fix: f\n  fixx: g\n"),
            "unknown key",
        ),
        ("id: a\n".to_string(), "not a list"),
        ("- [a\n".to_string(), "does not parse"),
    ] {
        let Err(e) = parse_table(&broken) else {
            panic!("accepted: {broken}");
        };
        assert!(e.to_string().contains(says), "{e}");
    }
}

/// Lines quoted in the threads the table cites (copied from the issue or PR named beside each),
/// other than the entries' own samples, resolve to the entry of that thread.
#[test]
fn texts_quoted_in_the_cited_threads_resolve() {
    for (text, id) in [
        // kubernetes-sigs/promo-tools#1271 (2024-07-17), the v1.30 release.
        (
            "time=\"19:28:07.077\" level=fatal msg=\"run `cip run`: promote images: filtering edges: filtering promotion edges: reading registries: getting tag list: GET https://us-west1-docker.pkg.dev/v2/token?scope=repository%3Ak8s-artifacts-prod%2Fimages%2Fsig-storage%2Fsnapshot-controller%3Apull&service=: TOOMANYREQUESTS: Quota exceeded for quota metric 'Requests per project per region' and limit 'Requests per project per region per minute per region' of service 'artifactregistry.googleapis.com' for consumer 'project_number:388270116193'.\" diff=152ms",
            "promo-job-quota-429",
        ),
        // kubernetes/release#616 (2018-08-30).
        (
            "ERROR: (gcloud.builds.list) User [idealhack] does not have permission to access project [kubernetes-release-test] (or it may not exist): Caller does not have required permission to use project unknown.",
            "gcb-no-permission",
        ),
        // kubernetes/release#816 (2019-07-05), the message wrapped over two lines.
        (
            "FAILED: Job was not submitted.  Details:\nERROR: (gcloud.builds.submit) User [davanum@gmail.com] does not have permission to access project [kubernetes-release-test] (or it may not exist): Caller\ndoes not have required permission to use project project:kubernetes-release-test.",
            "gcb-no-permission",
        ),
        // kubernetes/k8s.io#9563 (2026-06-03), inside kpromo's fatal log line.
        (
            "level=fatal msg=\"run `cip run`: phase \\\"plan\\\" failed: computing promotion edges: encountered errors during edge filtering\"",
            "promo-job-plan-failed",
        ),
        // The handbook's kpromo WARNING, as a release manager pastes it without `FATA`.
        (
            "growing manifest with image filter [] and tag [1.29.0-alpha.1]: no images survived filtering; double-check your --filter_* flag(s) for typos",
            "kpromo-no-images-survived",
        ),
    ] {
        assert_eq!(
            explain(text).failure.map(|f| f.id.as_str()),
            Some(id),
            "{text}"
        );
    }
}
