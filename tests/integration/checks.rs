//! The live gates and announcements through the binary, against local stand-ins for the GitHub
//! API, prow's Deck, GCS and testgrid (wiremock), with payloads shaped like the real ones.

use base64::Engine;
use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::{relcut_against, Run};

async fn relcut_env(args: &[&str], server: &MockServer) -> Run {
    relcut_against(args, &server.uri(), &[]).await
}

async fn get(server: &MockServer, p: &str, body: Value) {
    Mock::given(method("GET"))
        .and(path(p))
        .respond_with(ResponseTemplate::new(200).set_body_json(body))
        .mount(server)
        .await;
}

#[tokio::test]
async fn publishing_bot_closed_and_open() {
    let server = MockServer::start().await;
    get(&server, "/repos/kubernetes/kubernetes/issues/56876", crate::fake_github::issue_like(&json!({"number": 56876, "state": "closed", "html_url": "https://github.com/kubernetes/kubernetes/issues/56876"}))).await;
    let r = relcut_env(&["check", "publishing-bot", "--json"], &server).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(r.json()["healthy"], true);

    let server = MockServer::start().await;
    get(
        &server,
        "/repos/kubernetes/kubernetes/issues/56876",
        crate::fake_github::issue_like(&json!({"number": 56876, "state": "open"})),
    )
    .await;
    get(&server, "/repos/kubernetes/kubernetes/issues/56876/comments", crate::fake_github::comments_json(&json!([
        {"id": 1, "body": "/reopen\n\nThe last publishing run failed: exit status 1\n```\n...\n```", "html_url": "https://github.com/kubernetes/kubernetes/issues/56876#issuecomment-99", "user": {"login": "k8s-publishing-bot", "type": "User"}}
    ]))).await;
    let r = relcut_env(&["check", "publishing-bot"], &server).await;
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("stop the cut"), "{}", r.stdout);
    assert!(r.stdout.contains("#issuecomment-99"));
}

fn prowjob(sha: &str, state: &str, start: &str, id: &str) -> Value {
    json!({
        "kind": "ProwJob",
        "metadata": {"name": format!("pj-{id}")},
        "spec": {"type": "postsubmit", "job": "post-k8sio-image-promo", "refs": {"org": "kubernetes", "repo": "k8s.io", "base_ref": "main", "base_sha": sha}},
        "status": {"state": state, "startTime": start, "build_id": id, "url": format!("https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/{id}")}
    })
}

#[tokio::test]
async fn promotion_job_of_our_merge_commit() {
    let server = MockServer::start().await;
    get(&server, "/repos/kubernetes/k8s.io/pulls/9400", crate::fake_github::pull_json(&json!({"number": 9400, "title": "releng: Image promotion for kubernetes v1.36.0", "merged": true, "merge_commit_sha": "aaa111", "base": {"sha": "b0"}, "head": {"sha": "h0"}}))).await;
    get(
        &server,
        "/prowjobs.js",
        json!({"items": [
            prowjob("someone-else", "success", "2026-04-22T12:00:00Z", "1914700000000000009"),
            prowjob("aaa111", "failure", "2026-04-22T10:00:00Z", "1914700000000000001"),
            prowjob("aaa111", "pending", "2026-04-22T11:00:00Z", "1914700000000000002")
        ]}),
    )
    .await;
    let r = relcut_env(
        &["check", "promotion-job", "--pr", "9400", "--json"],
        &server,
    )
    .await;
    assert_eq!(r.code, 1, "running is not done");
    let v = r.json();
    assert_eq!(v["state"], "running");
    assert_eq!(v["merge_sha"], "aaa111");
    assert_eq!(v["merged"], true);
    assert_eq!(v["pr"], 9400);
    assert!(v["url"].as_str().unwrap().ends_with("/1914700000000000002"));
}

#[tokio::test]
async fn promotion_job_falls_back_to_gcs_and_handles_unmerged() {
    let server = MockServer::start().await;
    get(&server, "/repos/kubernetes/k8s.io/pulls/9401", crate::fake_github::pull_json(&json!({"number": 9401, "title": "t", "merged": true, "merge_commit_sha": "ccc333", "merged_at": "2025-04-22T15:00:00Z", "base": {"sha": "b"}, "head": {"sha": "h"}}))).await;
    get(&server, "/prowjobs.js", json!({"items": []})).await;
    get(
        &server,
        "/storage/v1/b/kubernetes-ci-logs/o",
        json!({"prefixes": [
            "logs/post-k8sio-image-promo/1914700000000000005/",
            "logs/post-k8sio-image-promo/1914700000000000006/"
        ]}),
    )
    .await;
    get(
        &server,
        "/kubernetes-ci-logs/logs/post-k8sio-image-promo/1914700000000000006/started.json",
        json!({"timestamp": 1, "repos": {"kubernetes/k8s.io": "main:zzz"}, "repo-commit": "zzz"}),
    )
    .await;
    get(&server, "/kubernetes-ci-logs/logs/post-k8sio-image-promo/1914700000000000005/started.json", json!({"timestamp": 1, "repos": {"kubernetes/k8s.io": "main:ccc333"}, "repo-commit": "ccc333"})).await;
    get(
        &server,
        "/kubernetes-ci-logs/logs/post-k8sio-image-promo/1914700000000000005/finished.json",
        json!({"timestamp": 2, "passed": true, "result": "SUCCESS", "revision": "ccc333"}),
    )
    .await;
    let r = relcut_env(
        &["check", "promotion-job", "--pr", "9401", "--json"],
        &server,
    )
    .await;
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.json()["state"], "succeeded");
    assert_eq!(r.json()["url"], "https://prow.k8s.io/view/gs/kubernetes-ci-logs/logs/post-k8sio-image-promo/1914700000000000005");

    get(&server, "/repos/kubernetes/k8s.io/pulls/9402", crate::fake_github::pull_json(&json!({"number": 9402, "title": "t", "merged": false, "merge_commit_sha": null, "base": {"sha": "b"}, "head": {"sha": "h"}}))).await;
    let r = relcut_env(&["check", "promotion-job", "--pr", "9402"], &server).await;
    assert_eq!(r.code, 1);
    assert!(r.stdout.contains("is not merged yet"), "{}", r.stdout);
}

const ARCHS: [&str; 4] = ["amd64", "arm64", "ppc64le", "s390x"];
const IMAGES: [&str; 6] = [
    "conformance",
    "kube-apiserver",
    "kube-controller-manager",
    "kube-proxy",
    "kube-scheduler",
    "kubectl",
];

/// An images.yaml in kpromo's canonical form: the 30 names of a 1.28+ release per tag.
fn images_yaml(tags: &[&str], skip: Option<(&str, &str)>, extra: Option<(&str, &str)>) -> String {
    let mut names: Vec<String> = Vec::new();
    for i in IMAGES {
        names.push(i.to_string());
        for a in ARCHS {
            names.push(format!("{i}-{a}"));
        }
    }
    names.push("pause".into());
    names.sort();
    let mut out = String::new();
    for (n, name) in names.iter().enumerate() {
        out.push_str(&format!("- name: {name}\n  dmap:\n"));
        if name == "pause" {
            out.push_str(&format!("    \"sha256:{:064x}\": [\"3.10\"]\n", 7));
            continue;
        }
        for (t, tag) in tags.iter().enumerate() {
            if skip == Some((name.as_str(), tag)) {
                continue;
            }
            out.push_str(&format!(
                "    \"sha256:{:064x}\": [\"{tag}\"]\n",
                (n + 1) * 1000 + t
            ));
        }
        if let Some((en, et)) = extra {
            if en == name {
                out.push_str(&format!("    \"sha256:{:064x}\": [\"{et}\"]\n", 999_999));
            }
        }
    }
    out
}

#[tokio::test]
async fn promotion_verify_files() {
    let dir = std::env::temp_dir().join(format!("relcut-images-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let base = dir.join("base.yaml");
    std::fs::write(&base, images_yaml(&["v1.35.0", "v1.35.1"], None, None)).unwrap();
    let good = dir.join("good.yaml");
    std::fs::write(
        &good,
        images_yaml(&["v1.35.0", "v1.35.1", "v1.35.2"], None, None),
    )
    .unwrap();
    let args = |head: &str| {
        vec![
            "promotion".to_string(),
            "verify".into(),
            "--base".into(),
            base.to_str().unwrap().into(),
            "--head".into(),
            head.into(),
            "--tag".into(),
            "v1.35.2".into(),
            "--json".into(),
        ]
    };
    let server = MockServer::start().await;
    let run = |a: Vec<String>| {
        let server = &server;
        async move { relcut_env(&a.iter().map(String::as_str).collect::<Vec<_>>(), server).await }
    };
    let r = run(args(good.to_str().unwrap())).await;
    assert_eq!(r.code, 0, "{}", r.stdout);
    let v = r.json();
    assert_eq!(v["added"], 30);
    assert_eq!(v["expected"]["v1.35.2"], json!(["v1.35.1", 30]));

    let bad = dir.join("bad.yaml");
    std::fs::write(
        &bad,
        images_yaml(
            &["v1.35.0", "v1.35.1", "v1.35.2"],
            Some(("kubectl-s390x", "v1.35.2")),
            Some(("kube-proxy", "v1.35.3-rc.0")),
        ),
    )
    .unwrap();
    let r = run(args(bad.to_str().unwrap())).await;
    assert_eq!(r.code, 1);
    let problems: Vec<String> = r.json()["problems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["message"].as_str().unwrap().to_string())
        .collect();
    assert!(
        problems
            .iter()
            .any(|p| p == "kubectl-s390x has no digest for v1.35.2"),
        "{problems:#?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("kube-proxy:v1.35.3-rc.0 is added")),
        "{problems:#?}"
    );
    assert_eq!(problems.len(), 2);
}

#[tokio::test]
async fn promotion_verify_pr_through_the_api() {
    let server = MockServer::start().await;
    let b64 = |s: &str| base64::engine::general_purpose::STANDARD.encode(s);
    let base = images_yaml(&["v1.36.0-rc.0"], None, None);
    let head = images_yaml(&["v1.36.0-rc.0", "v1.36.0-rc.1"], None, None);
    get(&server, "/repos/kubernetes/k8s.io/pulls/9300", crate::fake_github::pull_json(&json!({"number": 9300, "title": "releng: Image promotion for kubernetes v1.36.0-rc.1", "merged": false, "base": {"sha": "basesha"}, "head": {"sha": "headsha"}}))).await;
    get(
        &server,
        "/repos/kubernetes/k8s.io/pulls/9300/files",
        json!([{"filename": "registry.k8s.io/images/k8s-staging-kubernetes/images.yaml"}]),
    )
    .await;
    // base: small enough for the contents API; head: over 1 MB, only through the blob API.
    Mock::given(method("GET")).and(path("/repos/kubernetes/k8s.io/contents/registry.k8s.io/images/k8s-staging-kubernetes/images.yaml")).and(query_param("ref", "basesha"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"sha": "blob-base", "encoding": "base64", "content": b64(&base)}))).mount(&server).await;
    Mock::given(method("GET")).and(path("/repos/kubernetes/k8s.io/contents/registry.k8s.io/images/k8s-staging-kubernetes/images.yaml")).and(query_param("ref", "headsha"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"sha": "blob-head", "encoding": "none", "content": ""}))).mount(&server).await;
    get(
        &server,
        "/repos/kubernetes/k8s.io/git/blobs/blob-head",
        json!({"sha": "blob-head", "encoding": "base64", "content": b64(&head)}),
    )
    .await;
    let r = relcut_env(&["promotion", "verify", "--pr", "9300", "--json"], &server).await;
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    let v = r.json();
    assert_eq!(v["verification"]["added"], 30);
    assert_eq!(
        v["expected_title"],
        "releng: Image promotion for kubernetes v1.36.0-rc.1"
    );
}

#[tokio::test]
async fn testgrid_comment_like_krel() {
    let server = MockServer::start().await;
    get(&server, "/sig-release-1.35-blocking/summary", json!({
        "gce-cos-master-default": {"overall_status": "FAILING", "dashboard_name": "sig-release-1.35-blocking", "alert": ""},
        "build-1.35": {"overall_status": "PASSING", "dashboard_name": "sig-release-1.35-blocking"}
    })).await;
    get(
        &server,
        "/sig-release-1.35-informing/summary",
        json!({
            "kind-ipv6": {"overall_status": "FLAKY", "dashboard_name": "sig-release-1.35-informing"}
        }),
    )
    .await;
    let r = relcut_env(
        &["testgrid", "--branch", "1.35", "--states", "failing,flaky"],
        &server,
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert!(r
        .stdout
        .starts_with("<!-- ----[ issue comment ]---- -->\n### Testgrid dashboards for 1.35\n"));
    assert!(r.stdout.contains("FAILING <a href=\""));
    assert!(r
        .stdout
        .contains("sig-release-1.35-blocking#gce-cos-master-default - TestGrid"));
    assert!(r
        .stdout
        .contains("sig-release-1.35-informing#kind-ipv6 - TestGrid"));
    assert!(!r.stdout.contains("build-1.35"));
    let r = relcut_env(&["testgrid", "--branch", "release-1.35"], &server).await;
    assert_eq!(r.code, 2, "a usage error");
    assert!(r.stderr.contains("pass `--branch 1.35`"));
}

#[test]
fn announce_json_contract() {
    let r = crate::common::relcut(&[
        "announce",
        "v1.35.2",
        "--shoutout",
        "alice",
        "--shoutout",
        "@bob",
        "--go-version",
        "1.25.5",
        "--json",
    ]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    for key in [
        "subject",
        "to",
        "text",
        "html",
        "slack",
        "slack_thread",
        "command",
    ] {
        assert!(v.get(key).is_some(), "{key}");
    }
    assert_eq!(v["subject"], "Kubernetes v1.35.2 is live!");
    assert_eq!(
        v["to"],
        json!(["kubernetes-announce@googlegroups.com", "dev@kubernetes.io"])
    );
    assert_eq!(v["command"], "krel announce send --tag v1.35.2 --nomock");
    insta::assert_snapshot!("announce_v1.35.2_html", v["html"].as_str().unwrap());
    let mock = crate::common::relcut(&["announce", "v1.36.0-rc.1", "--mock", "--json"]).json();
    assert_eq!(
        mock["to"],
        json!(["kubernetes-announce-test@googlegroups.com"])
    );
    let human = crate::common::relcut(&["announce", "v1.35.2"]);
    assert!(human
        .stdout
        .contains("Subject: Kubernetes v1.35.2 is live!"));
}

/// Each part of the announcement names the krel file or handbook that states it, in `--json`
/// and in the text; the refusal of an empty Go version names krel's check.
#[test]
fn announce_cites_krel_and_the_handbook() {
    let v = crate::common::relcut(&["announce", "v1.35.2", "--json"]).json();
    for (key, reference, date) in [
        (
            "source",
            "kubernetes/release:pkg/announce/announce.go",
            "2026-03-06",
        ),
        (
            "send_source",
            "kubernetes/release:cmd/krel/cmd/announce_send.go",
            "2026-03-20",
        ),
        ("sign_in_source", "kubernetes/release#4268", "2026-02-12"),
        (
            "slack_source",
            "kubernetes/sig-release:release-engineering/handbooks/release-cuts.md",
            "2026-05-28",
        ),
    ] {
        assert_eq!(v[key]["reference"], reference, "{key}");
        assert_eq!(v[key]["date"], date, "{key}");
        assert!(v[key]["url"]
            .as_str()
            .unwrap()
            .starts_with("https://github.com/"));
    }
    let human = crate::common::relcut(&["announce", "v1.35.2"]);
    assert!(
        human.stdout.contains(
            "To: kubernetes-announce@googlegroups.com, dev@kubernetes.io\n  per kubernetes/release:cmd/krel/cmd/announce_send.go (2026-03-20)\n"
        ),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("  per kubernetes/release:pkg/announce/announce.go (2026-03-06)\n"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("Gmail sign-in in the browser since kubernetes/release#4268 (2026-02-12)"),
        "{}",
        human.stdout
    );

    let r = crate::common::relcut(&["announce", "v1.35.2", "--go-version", "", "--json"]);
    assert_eq!(r.code, 1);
    let e = r.json();
    assert_eq!(
        e["source"]["reference"],
        "kubernetes/release:pkg/announce/announce.go"
    );
    assert_eq!(e["source"]["date"], "2026-03-06");
    assert!(
        r.stderr
            .contains("per kubernetes/release:pkg/announce/announce.go (2026-03-06)"),
        "{}",
        r.stderr
    );
}

/// A stand-in GCS bucket listing: `prefixes` sorted as text, honouring `prefix`, `startOffset`,
/// `maxResults` (default 1000) and `pageToken` like the JSON API; counts its requests.
struct Bucket {
    prefixes: Vec<String>,
    listings: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl wiremock::Respond for Bucket {
    fn respond(&self, req: &wiremock::Request) -> ResponseTemplate {
        self.listings
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        let q = |k: &str| {
            req.url
                .query_pairs()
                .find(|(key, _)| key == k)
                .map(|(_, v)| v.into_owned())
        };
        let prefix = q("prefix").unwrap_or_default();
        let from = q("pageToken").or(q("startOffset")).unwrap_or_default();
        let max: usize = q("maxResults")
            .and_then(|m| m.parse().ok())
            .unwrap_or(1000)
            .min(1000);
        let page: Vec<&String> = self
            .prefixes
            .iter()
            .filter(|p| p.starts_with(&prefix) && p.as_str() >= from.as_str())
            .take(max + 1)
            .collect();
        let mut body = json!({"kind": "storage#objects", "prefixes": page.iter().take(max).collect::<Vec<_>>()});
        if page.len() > max {
            body["nextPageToken"] = page[max].clone().into();
        }
        ResponseTemplate::new(200).set_body_json(body)
    }
}

#[tokio::test]
async fn the_gcs_lookup_takes_a_constant_number_of_requests_in_a_bucket_of_20000_builds() {
    let server = MockServer::start().await;
    let merged = "2026-04-22T10:00:00Z";
    // Snowflake ids: ms since 2010-11-04T01:42:54.657Z, shifted 22 bits; a build every ~10 min
    // for the last 20,000 runs, the last ones after the merge.
    let merged_ms = chrono::DateTime::parse_from_rfc3339(merged)
        .unwrap()
        .timestamp_millis();
    let id_at = |ms: i64| ((ms - 1_288_834_974_657) as u64) << 22;
    let ids: Vec<u64> = (0..20_000i64)
        .map(|i| id_at(merged_ms - (19_995 - i) * 600_000 + 7_000))
        .collect();
    let ours = ids[19_997];
    let mut prefixes: Vec<String> = ids
        .iter()
        .map(|id| format!("logs/post-k8sio-image-promo/{id}/"))
        .collect();
    prefixes.sort();
    let listings = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    Mock::given(method("GET"))
        .and(path("/storage/v1/b/kubernetes-ci-logs/o"))
        .respond_with(Bucket {
            prefixes,
            listings: listings.clone(),
        })
        .mount(&server)
        .await;
    get(&server, "/repos/kubernetes/k8s.io/pulls/9500", crate::fake_github::pull_json(&json!({"number": 9500, "title": "t", "merged": true, "merge_commit_sha": "fff999", "merged_at": merged, "base": {"sha": "b"}, "head": {"sha": "h"}}))).await;
    get(&server, "/prowjobs.js", json!({"items": []})).await;
    for id in &ids[19_990..] {
        let sha = if *id == ours { "fff999" } else { "other" };
        get(
            &server,
            &format!("/kubernetes-ci-logs/logs/post-k8sio-image-promo/{id}/started.json"),
            json!({"timestamp": 1, "repos": {"kubernetes/k8s.io": format!("main:{sha}")}, "repo-commit": sha}),
        )
        .await;
    }
    get(
        &server,
        &format!("/kubernetes-ci-logs/logs/post-k8sio-image-promo/{ours}/finished.json"),
        json!({"timestamp": 2, "passed": true, "result": "SUCCESS", "revision": "fff999"}),
    )
    .await;
    let r = relcut_env(
        &["check", "promotion-job", "--pr", "9500", "--json"],
        &server,
    )
    .await;
    assert_eq!(r.code, 0, "{}{}", r.stdout, r.stderr);
    assert_eq!(r.json()["state"], "succeeded");
    assert!(r.json()["url"]
        .as_str()
        .unwrap()
        .ends_with(&format!("/{ours}")));
    assert_eq!(
        listings.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "one listing, not every page"
    );
    let gcs = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| {
            r.url.path().starts_with("/kubernetes-ci-logs/")
                || r.url.path().starts_with("/storage/")
        })
        .count();
    assert!(gcs <= 12, "{gcs} requests to GCS");
}

#[tokio::test]
async fn an_unreachable_service_is_named_with_its_url_and_exits_3_after_a_short_time() {
    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", l.local_addr().unwrap())
    };
    let github = MockServer::start().await;
    let run = |args: &'static [&'static str], prow: String, testgrid: String, api: String| {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_relcut"));
        cmd.args(args)
            .env_remove("GITHUB_TOKEN")
            .env("GITHUB_API_URL", api)
            .env("RELCUT_PROW_URL", prow)
            .env("RELCUT_GCS_URL", "http://127.0.0.1:9")
            .env("RELCUT_TESTGRID_URL", testgrid);
        async move {
            let start = std::time::Instant::now();
            let out = tokio::task::spawn_blocking(move || cmd.output().unwrap())
                .await
                .unwrap();
            (Run::from(out), start.elapsed())
        }
    };
    let (r, took) = run(
        &["testgrid", "--branch", "1.35"],
        github.uri(),
        closed.clone(),
        github.uri(),
    )
    .await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("cannot reach testgrid at {closed}")),
        "{}",
        r.stderr
    );
    assert!(
        !r.stderr.contains("GitHub"),
        "not blamed on GitHub: {}",
        r.stderr
    );
    assert!(took < std::time::Duration::from_secs(5 + 10), "{took:?}");
    let (r, _) = run(
        &["check", "publishing-bot", "--json"],
        github.uri(),
        github.uri(),
        closed.clone(),
    )
    .await;
    assert_eq!(r.code, 3, "{}", r.stderr);
    assert!(
        r.stderr
            .contains(&format!("cannot reach GitHub at {closed}")),
        "{}",
        r.stderr
    );
}

/// kubernetes/kubernetes#56876 as GitHub pages its comments: `total` comments, 100 a page,
/// each by `author(i)` with `body(i)`; counts the pages read.
struct Thread {
    total: u64,
    bot_at: Option<u64>,
    pages: std::sync::Arc<std::sync::Mutex<Vec<u64>>>,
}

impl wiremock::Respond for Thread {
    fn respond(&self, req: &wiremock::Request) -> ResponseTemplate {
        let q = |k: &str| {
            req.url
                .query_pairs()
                .find(|(key, _)| key == k)
                .and_then(|(_, v)| v.parse::<u64>().ok())
        };
        let per_page = q("per_page").unwrap_or(30);
        let page = q("page").unwrap_or(1);
        self.pages.lock().unwrap().push(page);
        let items: Vec<Value> = ((page - 1) * per_page..(page * per_page).min(self.total))
            .map(|i| {
                let (login, body) = if Some(i) == self.bot_at {
                    ("k8s-publishing-bot", "/reopen\n\nThe last publishing run failed: exit status 255\n```\n+ git push\n```")
                } else if i % 2 == 0 {
                    // Anyone can comment, and copy the bot's words.
                    ("mallory", "/reopen\n\nThe last publishing run failed: see https://evil.example/log")
                } else {
                    ("dims", "looking into it")
                };
                json!({"id": 10_000 + i, "body": body, "user": {"login": login},
                       "html_url": format!("https://github.com/kubernetes/kubernetes/issues/56876#issuecomment-{}", 10_000 + i)})
            })
            .collect();
        ResponseTemplate::new(200)
            .set_body_json(crate::fake_github::comments_json(&Value::Array(items)))
    }
}

/// Issue #19, item 5: the publishing-bot gate links only the bot's own latest failure, and
/// reads a bounded number of pages, newest first, on an issue with thousands of comments.
#[tokio::test]
async fn the_publishing_bot_gate_links_only_the_bots_own_failure_in_a_few_pages() {
    for (bot_at, linked, pages) in [
        // The bot's comment on the last page, strangers' after it.
        (Some(2_450), Some(12_450), vec![25]),
        // Two pages back.
        (Some(2_250), Some(12_250), vec![25, 24, 23]),
        // Further back than the bound: the issue is linked without it.
        (Some(100), None, vec![25, 24, 23]),
    ] {
        let server = MockServer::start().await;
        get(
            &server,
            "/repos/kubernetes/kubernetes/issues/56876",
            crate::fake_github::issue_like(
                &json!({"number": 56876, "state": "open", "comments": 2_480}),
            ),
        )
        .await;
        let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        Mock::given(method("GET"))
            .and(path("/repos/kubernetes/kubernetes/issues/56876/comments"))
            .respond_with(Thread {
                total: 2_480,
                bot_at,
                pages: seen.clone(),
            })
            .mount(&server)
            .await;
        let r = relcut_env(&["check", "publishing-bot", "--json"], &server).await;
        assert_eq!(r.code, 1, "{}", r.stderr);
        let v = r.json();
        assert_eq!(v["healthy"], false);
        let want = linked.map(|id| {
            format!("https://github.com/kubernetes/kubernetes/issues/56876#issuecomment-{id}")
        });
        assert_eq!(v["failure_comment"].as_str(), want.as_deref(), "{v}");
        assert!(!v.to_string().contains("evil.example"));
        assert_eq!(
            *seen.lock().unwrap(),
            pages,
            "newest pages first, at most 3"
        );
    }
}
