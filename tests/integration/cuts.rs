//! `relcut cuts` (issue #18 item 5): the open cut issues of a repository at a glance, against a
//! stand-in GitHub listing GitHub's issue objects (`tests/fixtures/github-api/issue.json`).

use serde_json::{json, Value};
use wiremock::matchers::{method, path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::common::relcut;
use crate::live_issue::{auth, issue_json, run};

const LIST: &str = "/repos/kubernetes/sig-release/issues";

/// A new cut issue for `tag` as `checklist render` writes it, scheduled on `day`.
fn cut_body(tag: &str, day: &str) -> String {
    let r = relcut(&["checklist", "render", tag]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let body: Vec<String> = r
        .stdout
        .lines()
        .map(|l| {
            if l.starts_with("## Scheduled to happen") {
                format!("## Scheduled to happen: {day}")
            } else {
                l.to_string()
            }
        })
        .collect();
    body.join("\n")
}

fn cut(number: u64, tag: &str, day: &str, assignees: &[&str]) -> Value {
    let mut v = issue_json(
        "kubernetes/sig-release",
        number,
        &format!("Cut {tag} release"),
        &cut_body(tag, day),
        "2026-01-20T09:00:00Z",
    );
    let user = v["user"].clone();
    v["assignees"] = assignees
        .iter()
        .map(|login| {
            let mut u = user.clone();
            u["login"] = (*login).into();
            u
        })
        .collect();
    v["assignee"] = v["assignees"].get(0).cloned().unwrap_or(Value::Null);
    v
}

async fn list(server: &MockServer, items: Value) {
    Mock::given(method("GET"))
        .and(path(LIST))
        .and(query_param("state", "open"))
        .respond_with(ResponseTemplate::new(200).set_body_json(items))
        .mount(server)
        .await;
}

#[tokio::test]
async fn an_alpha_scheduled_while_the_patches_are_open_is_warned_as_2954_was() {
    let server = MockServer::start().await;
    let mut pr = cut(2990, "v1.36.0-beta.0", "2026-02-04", &[]);
    pr["pull_request"] = json!({"url": "https://api.github.com/repos/kubernetes/sig-release/pulls/2990", "html_url": "https://github.com/kubernetes/sig-release/pull/2990", "diff_url": "https://github.com/kubernetes/sig-release/pull/2990.diff", "patch_url": "https://github.com/kubernetes/sig-release/pull/2990.patch", "merged_at": null});
    let docs = issue_json(
        "kubernetes/sig-release",
        2796,
        "Improve release cut docs",
        "Improve the release cut docs",
        "2025-06-05T10:00:00Z",
    );
    list(
        &server,
        json!([
            cut(
                2954,
                "v1.36.0-alpha.1",
                "Wednesday 4th February 2026",
                &["aibarbetta"]
            ),
            pr,
            cut(2951, "v1.32.12", "Wed, 2026-01-28", &[]),
            cut(
                2950,
                "v1.33.8",
                "Wed, 2026-01-28",
                &["saschagrunert", "cpanato"]
            ),
            docs,
        ]),
    )
    .await;
    let r = run(
        &["cuts", "--json"],
        &server,
        &[("GH_TOKEN", "ghp_cutsTest")],
    )
    .await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let v = r.json();
    assert_eq!(v.as_object().unwrap().len(), 1, "only `cuts`: {v}");
    let cuts = v["cuts"].as_array().unwrap();
    let numbers: Vec<u64> = cuts.iter().map(|c| c["number"].as_u64().unwrap()).collect();
    assert_eq!(
        numbers,
        [2950, 2951, 2954],
        "by day; the PR and the docs issue left out"
    );
    let patch = &cuts[0];
    assert_eq!(patch["tag"], "v1.33.8");
    assert_eq!(patch["type"], "patch");
    assert_eq!(patch["scheduled"], "2026-01-28");
    assert_eq!(patch["assignees"], json!(["saschagrunert", "cpanato"]));
    assert_eq!(patch["gate"], "not-reached");
    assert_eq!(
        patch["warnings"],
        json!([]),
        "patches of two branches are cut together"
    );
    let alpha = &cuts[2];
    assert_eq!(
        (alpha["type"].as_str(), alpha["scheduled"].as_str()),
        (Some("alpha"), Some("2026-02-04"))
    );
    let warnings = alpha["warnings"].as_array().unwrap();
    assert_eq!(warnings.len(), 2, "{warnings:?}");
    for w in warnings {
        assert_eq!(w["id"], "patch-in-progress");
        assert_eq!(w["source"]["reference"], "kubernetes/sig-release#2819");
    }
    assert!(warnings[0]["message"]
        .as_str()
        .unwrap()
        .contains("the patch cut v1.33.8 (#2950) is open (scheduled 2026-01-28)"));
    // What `status` says of the same issue: steps, next.
    for c in cuts {
        assert!(c["done"].as_u64() <= c["total"].as_u64());
        assert!(c["next"].is_string(), "{c}");
    }
    // One request, with the token; the listing as the issues API filters it.
    assert_eq!(auth(&server).await, [Some("Bearer ghp_cutsTest".into())]);
    let req = &server.received_requests().await.unwrap()[0];
    let query = req.url.query().unwrap_or_default();
    assert!(
        query.contains("state=open") && query.contains("per_page=100"),
        "{query}"
    );
}

#[tokio::test]
async fn same_day_cuts_warn_each_other_and_the_text_shows_it() {
    let server = MockServer::start().await;
    list(
        &server,
        json!([
            cut(3200, "v1.36.0-rc.1", "Tue, 2026-04-07", &["alice"]),
            cut(3201, "v1.35.4", "Tue, 2026-04-07", &[]),
        ]),
    )
    .await;
    let r = run(&["cuts", "--json"], &server, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    for c in r.json()["cuts"].as_array().unwrap() {
        let ids: Vec<&str> = c["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|w| w["id"].as_str().unwrap())
            .collect();
        assert_eq!(ids, ["same-day"], "{c}");
    }
    assert_eq!(auth(&server).await, [None]);
    assert_eq!(
        r.stderr.matches("60 requests an hour").count(),
        1,
        "{}",
        r.stderr
    );

    let r = run(&["cuts"], &server, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines[0], "2 open cut issues in kubernetes/sig-release");
    assert!(
        lines[1].starts_with("#3200  v1.36.0-rc.1  rc"),
        "{}",
        r.stdout
    );
    assert!(lines[1].ends_with("@alice"), "{}", r.stdout);
    assert!(lines[2].starts_with("  ! same-day: v1.36.0-rc.1 (#3200) is scheduled the same day (2026-04-07) as v1.35.4 (#3201)"), "{}", r.stdout);
    assert!(r.stdout.contains("(unassigned)"), "{}", r.stdout);
}

#[tokio::test]
async fn the_listing_is_bounded_and_a_wrong_repository_is_named() {
    let server = MockServer::start().await;
    let base = server.uri();
    for page in 1..=4u32 {
        let mut m = Mock::given(method("GET")).and(path("/repos/o/r/issues"));
        m = if page == 1 {
            m.and(wiremock::matchers::query_param_is_missing("page"))
        } else {
            m.and(query_param("page", page.to_string()))
        };
        let next = format!(
            "<{base}/repos/o/r/issues?state=open&per_page=100&page={}>; rel=\"next\"",
            page + 1
        );
        m.respond_with(
            ResponseTemplate::new(200)
                .insert_header("link", next.as_str())
                .set_body_json(json!([cut(
                    u64::from(page),
                    "v1.36.0-rc.1",
                    "2026-04-07",
                    &[]
                )])),
        )
        .mount(&server)
        .await;
    }
    let r = run(&["cuts", "--repo", "o/r", "--json"], &server, &[]).await;
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(server.received_requests().await.unwrap().len(), 3);
    assert_eq!(r.json()["cuts"].as_array().unwrap().len(), 3);
    assert!(
        r.stderr.contains("read the newest 300 open issues of o/r"),
        "{}",
        r.stderr
    );

    let missing = MockServer::start().await;
    Mock::given(method("GET"))
        .respond_with(
            ResponseTemplate::new(404)
                .set_body_json(json!({"message": "Not Found", "status": "404"})),
        )
        .mount(&missing)
        .await;
    let r = run(&["cuts", "--repo", "kubernetes/sig-relase"], &missing, &[]).await;
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr
            .contains("the repository kubernetes/sig-relase was not found (404 at GitHub")
            && r.stderr.contains("GH_TOKEN"),
        "{}",
        r.stderr
    );
}
