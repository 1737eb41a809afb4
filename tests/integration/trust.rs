//! The trusted-cut rule against a stand-in GitHub (issue #19, item 1): a stranger's
//! cut-titled issue is no cut; a maintainer's label makes it one, a stranger's label does not;
//! permissions and events are read once per run however many issues the same people open.

use relcut_action::trust::TrustCheck;
use relcut_core::trust::Permission;
use relcut_github::api::Repo;
use relcut_github::client::{Client, RetryPolicy, Session};
use serde_json::{json, Value};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const CUT: &str = "Cut v1.36.0-rc.1 release";

async fn role(server: &MockServer, login: &str, role: &str) {
    Mock::given(method("GET"))
        .and(path(format!(
            "/repos/kubernetes/sig-release/collaborators/{login}/permission"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(
            json!({"permission": if role == "none" { "none" } else { "read" }, "role_name": role, "user": crate::fake_github::user_json(login)}),
        ))
        .mount(server)
        .await;
}

/// A `labeled`/`unlabeled` event as GitHub sends it.
fn label_event(id: u64, actor: &str, label: &str, added: bool) -> Value {
    json!({
        "id": id, "node_id": format!("LE_{id}"),
        "url": format!("https://api.github.com/repos/kubernetes/sig-release/issues/events/{id}"),
        "actor": crate::fake_github::user_json(actor),
        "event": if added { "labeled" } else { "unlabeled" },
        "commit_id": null, "commit_url": null, "created_at": "2026-12-07T06:00:00Z",
        "label": {"name": label, "color": "ededed"}, "performed_via_github_app": null
    })
}

async fn events(server: &MockServer, issue: u64, list: Vec<Value>) {
    Mock::given(method("GET"))
        .and(path(format!(
            "/repos/kubernetes/sig-release/issues/{issue}/events"
        )))
        .respond_with(ResponseTemplate::new(200).set_body_json(Value::Array(list)))
        .mount(server)
        .await;
}

#[tokio::test]
async fn strangers_cuts_are_no_cuts_until_a_maintainer_labels_them() {
    let server = MockServer::start().await;
    role(&server, "stranger", "read").await;
    role(&server, "rm", "write").await;
    // #1: the stranger labelled it. #2: a maintainer did. #3: a maintainer did, then removed it.
    events(
        &server,
        1,
        vec![label_event(1, "stranger", "release-cut", true)],
    )
    .await;
    events(
        &server,
        2,
        vec![
            label_event(2, "stranger", "sig/release", true),
            label_event(3, "rm", "release-cut", true),
        ],
    )
    .await;
    events(
        &server,
        3,
        vec![
            label_event(4, "rm", "release-cut", true),
            label_event(5, "rm", "release-cut", false),
        ],
    )
    .await;
    let client = Client::new(
        &server.uri(),
        &"ghp_test".to_string().into(),
        RetryPolicy::default(),
        &Session::default(),
    )
    .unwrap();
    let repo = Repo {
        client: &client,
        owner: "kubernetes".into(),
        name: "sig-release".into(),
        dry_run: false,
        me: std::sync::Mutex::new("github-actions[bot]".into()),
    };
    let check = TrustCheck::new(&repo, Permission::Write, Some("release-cut".into()));
    let stranger = check.cut(1, CUT, "stranger").await.unwrap();
    assert!(!stranger.is_trusted(), "{stranger:?}");
    assert!(check.cut(2, CUT, "stranger").await.unwrap().is_trusted());
    assert!(!check.cut(3, CUT, "stranger").await.unwrap().is_trusted());
    assert!(check.cut(4, CUT, "rm").await.unwrap().is_trusted());
    // A title that names no release is no cut, whoever wrote it; no events are read for it.
    assert!(!check
        .cut(5, "Water the plants", "stranger")
        .await
        .unwrap()
        .is_trusted());
    // Asked again in the same run: nothing more is read.
    let before = server.received_requests().await.unwrap().len();
    for n in 1..=5 {
        check.cut(n, CUT, "stranger").await.unwrap();
    }
    let requests = server.received_requests().await.unwrap();
    assert_eq!(requests.len(), before, "decided once per run");
    let paths: Vec<String> = requests.iter().map(|r| r.url.path().to_string()).collect();
    let count = |p: &str| paths.iter().filter(|x| x.as_str() == p).count();
    assert_eq!(
        count("/repos/kubernetes/sig-release/collaborators/stranger/permission"),
        1
    );
    assert_eq!(
        count("/repos/kubernetes/sig-release/collaborators/rm/permission"),
        1
    );
    assert_eq!(
        count("/repos/kubernetes/sig-release/issues/4/events"),
        0,
        "a trusted author settles it"
    );
    assert_eq!(count("/repos/kubernetes/sig-release/issues/5/events"), 0);
    assert_eq!(
        requests.len(),
        5,
        "two permissions and three event pages: {paths:?}"
    );
}

/// Issue #19, item 3: an issue that links 300 promotion PRs costs an event what one with four
/// costs: four pull-request reads, and prow's job list once for all of them.
#[tokio::test]
async fn three_hundred_promotion_prs_cost_four_reads() {
    use crate::fake_github::{cut_body, Fake, CUT_TITLE};
    let links: String = (1..=300)
        .map(|n| format!(" https://github.com/kubernetes/k8s.io/pull/{n}"))
        .collect();
    let body = cut_body().replace(
        "  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->",
        &format!("  - [x] Image Promotion PR:{links}"),
    );
    let fake = Fake::start(CUT_TITLE, &body).await;
    {
        let mut st = fake.state();
        for n in 1..=300u64 {
            st.extra.insert(
                format!("/repos/kubernetes/k8s.io/pulls/{n}"),
                json!({"number": n, "title": "releng: Image promotion for kubernetes v1.36.0-rc.1", "merged": true, "merge_commit_sha": format!("m{n}"), "base": {"sha": "b"}, "head": {"sha": "h"}}),
            );
        }
        st.extra.insert("/prowjobs.js".into(), json!({"items": []}));
    }
    let edited = fake.event("issues.edited.json", |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = body.clone().into();
    });
    let r = fake.run("issues", &edited, &[]).await;
    assert_eq!(r.code, 0, "{}\n{}", r.stdout, r.stderr);
    let requests = fake.requests();
    let pulls = requests
        .iter()
        .filter(|(m, u)| m == "GET" && u.contains("/repos/kubernetes/k8s.io/pulls/"))
        .count();
    let prow = requests
        .iter()
        .filter(|(_, u)| u.contains("/prowjobs.js"))
        .count();
    assert!(pulls <= 4, "{pulls} pull-request reads: {requests:?}");
    assert_eq!(prow, 1, "prow's job list read {prow} times");
    let status = fake.bot_comments()[0].body.clone();
    assert!(
        status.contains("relcut checks the first 4"),
        "the rest are named: {status}"
    );
}
