use super::*;

fn plan(tag: &str) -> Plan {
    let bases = Bases {
        registry: "https://r.test/".into(),
        dl: "https://dl.test".into(),
        pkgs: "https://pkgs.test".into(),
        github_api: "https://api.test".into(),
        mirrors: Mirror::parse_list("https://eu-docker.pkg.dev/k8s-artifacts-prod/images").unwrap(),
    };
    Plan::new(Tag::parse(tag).unwrap(), bases)
}

fn ok(body: &str) -> Reply {
    Reply::Answer {
        status: 200,
        headers: Vec::new(),
        body: body.as_bytes().to_vec(),
        truncated: false,
    }
}

fn status(s: u16) -> Reply {
    Reply::Answer {
        status: s,
        headers: Vec::new(),
        body: Vec::new(),
        truncated: false,
    }
}

const IMAGES: &str = "- name: kube-proxy\n  dmap:\n    \"sha256:aa\": [\"v1.35.3\"]\n    \"sha256:ab\": [\"v1.35.2\"]\n- name: kube-proxy-amd64\n  dmap:\n    \"sha256:ac\": [\"v1.35.3\"]\n";

fn index(arches: &[&str]) -> String {
    let m: Vec<String> = arches
        .iter()
        .map(|a| format!("{{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:{a}\",\"size\":1,\"platform\":{{\"architecture\":\"{a}\",\"os\":\"linux\"}}}}"))
        .collect();
    format!("{{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\"manifests\":[{}]}}", m.join(","))
}

fn find<'a>(r: &'a Report, id: &str) -> &'a Check {
    r.checks
        .iter()
        .find(|c| c.id == id)
        .unwrap_or_else(|| panic!("no {id} in {r:#?}"))
}

#[test]
fn only_multi_arch_names_are_asked_on_every_registry() {
    let p = plan("v1.35.3");
    let mut first = Replies::new();
    first.insert(super::registry::images_list_url(&p), ok(IMAGES));
    let urls: Vec<String> = p.second(&first).into_iter().map(|r| r.url).collect();
    assert!(
        urls.contains(&"https://r.test/v2/kube-proxy/manifests/v1.35.3".to_string()),
        "{urls:?}"
    );
    assert!(urls.contains(
        &"https://eu-docker.pkg.dev/v2/k8s-artifacts-prod/images/kube-proxy/manifests/v1.35.3"
            .to_string()
    ));
    assert!(
        !urls.iter().any(|u| u.contains("kube-proxy-amd64")),
        "{urls:?}"
    );
}

#[test]
fn manifests_judged_by_index_and_architectures() {
    let p = plan("v1.35.3");
    let reg = "https://r.test/v2/kube-proxy/manifests/v1.35.3";
    let eu = "https://eu-docker.pkg.dev/v2/k8s-artifacts-prod/images/kube-proxy/manifests/v1.35.3";
    let run = |r: Reply, m: Reply| {
        let mut all = Replies::new();
        all.insert(super::registry::images_list_url(&p), ok(IMAGES));
        all.insert(reg.into(), r);
        all.insert(eu.into(), m);
        p.judge(&all)
    };
    let full = index(&ARCHES);
    let rep = run(ok(&full), ok(&full));
    assert_eq!(find(&rep, "registry/kube-proxy").state, State::Ok);
    assert_eq!(find(&rep, "mirror/eu").state, State::Ok);
    assert_eq!(find(&rep, "images/list").state, State::Ok);

    let rep = run(ok(&index(&["amd64", "arm64"])), status(404));
    let c = find(&rep, "registry/kube-proxy");
    assert_eq!(c.state, State::Wrong);
    assert!(c.detail.contains("lacks ppc64le, s390x"), "{}", c.detail);
    let m = find(&rep, "mirror/eu");
    assert_eq!(m.state, State::Missing);
    assert_eq!(m.url, eu);
    assert!(m.fix.contains("#sig-k8s-infra"), "{}", m.fix);

    let single = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{}}";
    let rep = run(ok(single), Reply::Failed("connection refused".into()));
    assert_eq!(find(&rep, "registry/kube-proxy").state, State::Wrong);
    assert_eq!(find(&rep, "mirror/eu").state, State::Unknown);
}

#[test]
fn the_worst_state_decides() {
    let c = |state| Check {
        id: "x".into(),
        state,
        url: String::new(),
        detail: String::new(),
        fix: String::new(),
    };
    let r = |states: &[State]| Report {
        tag: "v1.35.3".into(),
        live: states.iter().all(|s| *s == State::Ok),
        checks: states.iter().map(|s| c(*s)).collect(),
    };
    assert_eq!(r(&[State::Ok, State::Ok]).worst(), State::Ok);
    assert_eq!(r(&[State::Ok, State::Unknown]).worst(), State::Unknown);
    assert_eq!(r(&[State::Unknown, State::Missing]).worst(), State::Missing);
    assert_eq!(r(&[State::Wrong, State::Missing]).worst(), State::Wrong);
    assert_eq!(r(&[State::Ok]).summary(), "v1.35.3 is live everywhere");
}

#[test]
fn markers_move_forward_only() {
    let p = plan("v1.35.3");
    let url = "https://dl.test/release/stable-1.35.txt";
    for (body, state) in [
        ("v1.35.3", State::Ok),
        ("v1.35.4\n", State::Ok),
        ("v1.35.2", State::Wrong),
        ("<html>", State::Wrong),
    ] {
        let mut all = Replies::new();
        all.insert(url.into(), ok(body));
        assert_eq!(
            find(&p.judge(&all), "dl/stable-1.35.txt").state,
            state,
            "{body}"
        );
    }
    let pre = plan("v1.36.0-rc.1");
    let ids: Vec<String> = pre
        .judge(&Replies::new())
        .checks
        .into_iter()
        .map(|c| c.id)
        .collect();
    assert!(ids.contains(&"dl/latest-1.36.txt".to_string()));
    assert!(!ids.iter().any(|i| i.starts_with("dl/stable")), "{ids:?}");
    assert!(
        !ids.contains(&"website/schedule".to_string()),
        "no schedule for an rc"
    );
}

#[test]
fn mirrors_from_the_environment() {
    let m = Mirror::parse_list(
        " http://127.0.0.1:8080/k8s-artifacts-prod/images/ ,https://mirror.example",
    )
    .unwrap();
    assert_eq!(m[0].base, "http://127.0.0.1:8080");
    assert_eq!(m[0].repo, "k8s-artifacts-prod/images");
    assert_eq!(m[1].name, "mirror.example");
    assert!(Mirror::parse_list("").unwrap().is_empty());
    assert!(Mirror::parse_list("ftp://x")
        .unwrap_err()
        .to_string()
        .contains("RELCUT_REGISTRY_MIRRORS"));
    assert_eq!(Bases::default().mirrors.len(), REGIONS.len());
    assert_eq!(
        Bases::default().mirrors[15].base,
        "https://us-central1-docker.pkg.dev"
    );
}

#[test]
fn stale_schedule_fix_goes_all_the_way_to_the_pr() {
    let fix = schedule_fix(&Tag::parse("v1.35.3").unwrap());
    assert!(
        fix.contains(
            "git fetch origin main && git switch -c update-patch-schedule-v1.35.3 origin/main"
        ),
        "{fix}"
    );
    assert!(fix.contains("\nrelcut schedule update --schedule data/releases/schedule.yaml --eol data/releases/eol.yaml\n"));
    assert!(fix.contains("gh pr create --repo kubernetes/website --base main --head <your-login>:update-patch-schedule-v1.35.3 --title 'Update patch release schedule' --body 'Updated running:"), "{fix}");
    assert!(fix.contains("cc @kubernetes/release-managers'"));
}

/// A report with one check in each state, as the terminal and GitHub show it: service text
/// stays inert in the comment (a `|` cannot end a cell, `@` pings nobody).
fn mixed_report() -> Report {
    let c = |id: &str, state, detail: &str, fix: &str| Check {
        id: id.into(),
        state,
        url: format!("https://example.test/{id}"),
        detail: detail.into(),
        fix: fix.into(),
    };
    Report {
        tag: "v1.35.3".into(),
        live: false,
        checks: vec![
            c("registry/kube-proxy", State::Ok, "multi-arch index", ""),
            c(
                "mirror/us-east5",
                State::Missing,
                "kube-proxy has no v1.35.3 (404)",
                "ask #sig-k8s-infra",
            ),
            c(
                "dl/stable.txt",
                State::Wrong,
                "stable.txt names `v1.35.2 | @alice`",
                "first line\nsecond line",
            ),
            c(
                "pkgs/deb",
                State::Unknown,
                "pkgs.k8s.io answered 503",
                "Run again",
            ),
        ],
    }
}

#[test]
fn report_text() {
    insta::assert_snapshot!(mixed_report().text());
}

#[test]
fn report_markdown() {
    let md = mixed_report().markdown();
    assert!(
        !md.contains("registry/kube-proxy"),
        "ok checks stay out: {md}"
    );
    insta::assert_snapshot!(md);
    let live = Report {
        live: true,
        checks: vec![mixed_report().checks[0].clone()],
        ..mixed_report()
    };
    assert_eq!(live.markdown(), "v1.35.3 is live everywhere\n");
}

#[test]
fn prereleases_use_the_prerelease_repositories() {
    let urls: Vec<String> = plan("v1.36.0-rc.1")
        .first()
        .into_iter()
        .map(|r| r.url)
        .collect();
    assert!(
        urls.contains(&"https://pkgs.test/core:/prerelease:/v1.36/deb/Packages".to_string()),
        "{urls:?}"
    );
    let p = plan("v1.36.0-rc.1");
    let deb = "Package: kubeadm\nVersion: 1.36.0~rc.1-1.1\nArchitecture: amd64\n\nPackage: kubeadm\nVersion: 1.36.0-rc.0-1.1\nArchitecture: arm64\n";
    let have = super::pkgs::deb_entries(&p, deb);
    assert!(have.contains(&("kubeadm".to_string(), "amd64".to_string())));
    assert!(
        !have.contains(&("kubeadm".to_string(), "arm64".to_string())),
        "rc.0 is not rc.1"
    );
}

/// GitHub's release, as `GET /repos/kubernetes/kubernetes/releases/tags/TAG` sends it
/// (tests/fixtures/verify/release-v1.35.3.json), for `tag`, drafted and marked as given.
fn release_json(tag: &str, draft: bool, prerelease: bool) -> String {
    let real = include_str!("../../../../tests/fixtures/verify/release-v1.35.3.json");
    assert!(real.contains("\"draft\": false") && real.contains("\"prerelease\": false"));
    real.replace("v1.35.3", tag)
        .replace("\"draft\": false", &format!("\"draft\": {draft}"))
        .replace(
            "\"prerelease\": false",
            &format!("\"prerelease\": {prerelease}"),
        )
}

/// #21 item 1: the release exists, is not a draft, is a pre-release exactly for alpha/beta/rc,
/// and is "latest" only when it is the newest official release or patch.
#[test]
fn the_github_release_is_published_prerelease_exactly_for_prereleases_and_latest_when_newest() {
    let states = |tag: &str, release: Option<String>, latest: &str| {
        let p = plan(tag);
        let mut all = Replies::new();
        let rel = format!("https://api.test/repos/kubernetes/kubernetes/releases/tags/{tag}");
        all.insert(rel, release.map_or_else(|| status(404), |b| ok(&b)));
        all.insert(
            "https://api.test/repos/kubernetes/kubernetes/releases/latest".into(),
            ok(&release_json(latest, false, false)),
        );
        let r = p.judge(&all);
        (
            find(&r, "github/release").state,
            find(&r, "github/latest").state,
        )
    };
    let rc = "v1.36.0-rc.1";
    for (tag, release, latest, want) in [
        // A patch: published, not pre-release, latest.
        (
            "v1.35.3",
            Some(release_json("v1.35.3", false, false)),
            "v1.35.3",
            (State::Ok, State::Ok),
        ),
        ("v1.35.3", None, "v1.35.2", (State::Missing, State::Wrong)),
        (
            "v1.35.3",
            Some(release_json("v1.35.3", true, false)),
            "v1.35.3",
            (State::Wrong, State::Ok),
        ),
        // A patch of an older minor is not latest, rightly.
        (
            "v1.34.6",
            Some(release_json("v1.34.6", false, false)),
            "v1.35.3",
            (State::Ok, State::Ok),
        ),
        // An rc: a pre-release, never latest.
        (
            rc,
            Some(release_json(rc, false, true)),
            "v1.35.3",
            (State::Ok, State::Ok),
        ),
        (
            rc,
            Some(release_json(rc, false, false)),
            "v1.35.3",
            (State::Wrong, State::Ok),
        ),
        (
            rc,
            Some(release_json(rc, false, true)),
            rc,
            (State::Ok, State::Wrong),
        ),
        // A draft is not a release yet.
        (
            rc,
            Some(release_json(rc, true, true)),
            "v1.35.3",
            (State::Wrong, State::Ok),
        ),
    ] {
        assert_eq!(
            states(tag, release, latest),
            want,
            "{tag} (latest {latest})"
        );
    }
}
