//! A local stand-in for the GitHub REST API (wiremock), with the state relcut touches: one
//! issue, its comments, reactions, collaborator permissions, and injectable faults.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde_json::{json, Value};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

use crate::common::{root, Run};

pub const OWNER: &str = "Codertocat";
pub const REPO: &str = "Hello-World";
pub const TOKEN: &str = "ghs_relcutTestToken0123456789";
/// Who [`TOKEN`] writes as.
pub const BOT: &str = "github-actions[bot]";

#[derive(Debug, Clone)]
pub struct StoredComment {
    pub id: u64,
    pub body: String,
    pub login: String,
}

/// A fault to inject: the next matching request gets this answer instead.
#[derive(Debug, Clone)]
pub struct Fault {
    pub method: &'static str,
    pub path_contains: &'static str,
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    /// The request still takes effect (a 502 after the write happened).
    pub apply: bool,
}

#[derive(Default)]
pub struct State {
    pub title: String,
    pub issue_body: String,
    pub comments: Vec<StoredComment>,
    pub reactions: Vec<(u64, String)>,
    pub permissions: HashMap<String, String>,
    pub faults: VecDeque<Fault>,
    pub next_id: u64,
    pub log: Vec<(String, String)>,
    /// Other services on the same server (prow, GCS, other repositories): path → JSON.
    pub extra: HashMap<String, Value>,
    /// A person's edit of the issue body that lands right after relcut's next read of it.
    pub human_edit_after_get: Option<String>,
    /// The comment listing's `Link: rel="next"` points at the page itself (a broken proxy).
    pub self_link: bool,
    /// The `message` of injected faults (default: `injected <status>`).
    pub fault_message: Option<String>,
    /// Who the token writes as (default [`BOT`]); a GitHub App's token writes as its own bot.
    pub bot_login: Option<String>,
}

#[derive(Clone)]
pub struct FakeGitHub {
    pub state: Arc<Mutex<State>>,
    base: Arc<Mutex<String>>,
}

/// The real `issue_comment.created` payload the stand-in's objects are cut from, so relcut
/// decodes what GitHub sends (full user objects, URLs, timestamps), not a sketch of it.
fn real_payload() -> &'static Value {
    static PAYLOAD: std::sync::OnceLock<Value> = std::sync::OnceLock::new();
    PAYLOAD.get_or_init(|| {
        let text = std::fs::read_to_string(
            root().join("tests/fixtures/github-events/issue_comment.created.json"),
        )
        .expect("tests/fixtures/github-events/issue_comment.created.json");
        serde_json::from_str(&text).unwrap()
    })
}

/// A complete GitHub user object: the real one with only its login, id and type changed.
pub fn user_json(login: &str) -> Value {
    let mut u = real_payload()["comment"]["user"].clone();
    let id = login.bytes().fold(7_u64, |h, b| {
        h.wrapping_mul(31).wrapping_add(u64::from(b)) % 1_000_000_007
    });
    u["login"] = login.into();
    u["id"] = id.into();
    u["type"] = if login.ends_with("[bot]") {
        "Bot"
    } else {
        "User"
    }
    .into();
    u
}

fn comment_json(base: &str, c: &StoredComment) -> Value {
    let mut v = real_payload()["comment"].clone();
    v["id"] = c.id.into();
    v["body"] = c.body.clone().into();
    v["html_url"] = format!(
        "https://github.com/{OWNER}/{REPO}/issues/1#issuecomment-{}",
        c.id
    )
    .into();
    v["created_at"] = "2026-11-25T10:00:00Z".into();
    v["updated_at"] = "2026-11-25T10:00:00Z".into();
    v["user"] = user_json(&c.login);
    v["url"] = format!("{base}/repos/{OWNER}/{REPO}/issues/comments/{}", c.id).into();
    v["issue_url"] = format!("{base}/repos/{OWNER}/{REPO}/issues/1").into();
    v
}

/// A listing of issue comments as GitHub answers it: each item's fields over a complete
/// comment, its `user` a complete user object with the item's login.
pub fn comments_json(items: &Value) -> Value {
    let full = |item: &Value| {
        let mut v = real_payload()["comment"].clone();
        for (k, x) in item.as_object().into_iter().flatten() {
            v[k] = match (k.as_str(), x["login"].as_str()) {
                ("user", Some(login)) => user_json(login),
                _ => x.clone(),
            };
        }
        v
    };
    Value::Array(items.as_array().into_iter().flatten().map(full).collect())
}

/// An issue as GitHub answers `GET /repos/{owner}/{repo}/issues/{n}`: the fields a test cares
/// about over a complete issue.
pub fn issue_like(fields: &Value) -> Value {
    let mut v = real_payload()["issue"].clone();
    if let Some(n) = fields["number"].as_u64() {
        v["url"] = format!("https://api.github.com/repos/kubernetes/kubernetes/issues/{n}").into();
        v["html_url"] = format!("https://github.com/kubernetes/kubernetes/issues/{n}").into();
    }
    for (k, x) in fields.as_object().into_iter().flatten() {
        v[k] = x.clone();
    }
    v
}

/// The cut issue as GitHub answers `GET /repos/{owner}/{repo}/issues/1`.
fn issue_json(st: &State) -> Value {
    let mut v = real_payload()["issue"].clone();
    v["number"] = 1.into();
    v["title"] = st.title.clone().into();
    v["body"] = st.issue_body.clone().into();
    v["state"] = "open".into();
    v["created_at"] = "2026-11-25T08:00:00Z".into();
    v["comments"] = st.comments.len().into();
    v
}

/// GitHub's answer to `GET /repos/{owner}/{repo}/collaborators/{user}/permission` for a role:
/// `permission` speaks the legacy ladder (maintain reads as write, triage as read).
fn permission_json(login: &str, role: &str) -> Value {
    let legacy = match role {
        "maintain" => "write",
        "triage" => "read",
        other => other,
    };
    let at_least = |r: &str| {
        let ladder = ["read", "triage", "write", "maintain", "admin"];
        let pos = |x: &str| ladder.iter().position(|l| *l == x);
        pos(role)
            .zip(pos(r))
            .is_some_and(|(have, need)| have >= need)
    };
    let mut user = user_json(login);
    user["permissions"] = json!({
        "admin": at_least("admin"), "maintain": at_least("maintain"), "push": at_least("write"),
        "triage": at_least("triage"), "pull": at_least("read"),
    });
    user["role_name"] = role.into();
    json!({"permission": legacy, "role_name": role, "user": user})
}

/// A repository object as GitHub's REST API gives it (the real webhook's `repository`, every
/// URL and name moved to `owner/name`).
pub fn repo_json(owner: &str, name: &str) -> Value {
    let text = serde_json::to_string(&real_payload()["repository"]).unwrap();
    let text = text
        .replace(&format!("{OWNER}/{REPO}"), &format!("{owner}/{name}"))
        .replace(&format!("/users/{OWNER}"), &format!("/users/{owner}"));
    let mut v: Value = serde_json::from_str(&text).unwrap();
    v["name"] = name.into();
    v["full_name"] = format!("{owner}/{name}").into();
    v["owner"] = user_json(owner);
    if owner == "kubernetes" {
        v["owner"]["type"] = "Organization".into();
    }
    v
}

/// A pull request as GitHub answers `GET /repos/{owner}/{repo}/pulls/{n}`, shaped after the
/// "Get a pull request" response of GitHub's REST documentation: every field of the schema
/// (URLs, `_links`, counts, `head` and `base` with their full repository objects: a fork's for
/// the head, kubernetes/k8s.io's for the base), with the fields a test cares about laid over
/// it. A merged PR is `closed`, with `closed_at` and `merged_by`; an unmerged one `open`.
pub fn pull_json(fields: &Value) -> Value {
    let n = fields["number"].as_u64().unwrap_or(1);
    let api = format!("https://api.github.com/repos/kubernetes/k8s.io/pulls/{n}");
    let issue = format!("https://api.github.com/repos/kubernetes/k8s.io/issues/{n}");
    let html = format!("https://github.com/kubernetes/k8s.io/pull/{n}");
    let author = "k8s-release-robot";
    let mut v = json!({
        "url": api,
        "id": 1_000_000 + n,
        "node_id": format!("PR_kwDO{n}"),
        "html_url": html,
        "diff_url": format!("{html}.diff"),
        "patch_url": format!("{html}.patch"),
        "issue_url": issue,
        "commits_url": format!("{api}/commits"),
        "review_comments_url": format!("{api}/comments"),
        "review_comment_url": "https://api.github.com/repos/kubernetes/k8s.io/pulls/comments{/number}",
        "comments_url": format!("{issue}/comments"),
        "statuses_url": "https://api.github.com/repos/kubernetes/k8s.io/statuses/",
        "number": n,
        "state": "open",
        "locked": false,
        "title": "",
        "user": user_json(author),
        "body": null,
        "labels": [],
        "milestone": null,
        "active_lock_reason": null,
        "created_at": "2026-11-24T10:00:00Z",
        "updated_at": "2026-11-25T10:00:00Z",
        "closed_at": null,
        "merged_at": null,
        "merge_commit_sha": null,
    });
    let more = json!({
        "assignee": null,
        "assignees": [],
        "requested_reviewers": [],
        "requested_teams": [],
        "head": {"label": format!("{author}:promo"), "ref": "promo", "sha": "", "user": user_json(author), "repo": repo_json(author, "k8s.io")},
        "base": {"label": "kubernetes:main", "ref": "main", "sha": "", "user": user_json("kubernetes"), "repo": repo_json("kubernetes", "k8s.io")},
        "author_association": "MEMBER",
        "auto_merge": null,
        "draft": false,
        "merged": false,
        "mergeable": null,
        "rebaseable": null,
        "mergeable_state": "unknown",
        "merged_by": null,
        "comments": 0,
        "review_comments": 0,
        "maintainer_can_modify": false,
        "commits": 1,
        "additions": 30,
        "deletions": 0,
        "changed_files": 1,
    });
    for (k, x) in more.as_object().into_iter().flatten() {
        v[k] = x.clone();
    }
    v["_links"] = json!({
        "self": {"href": api},
        "html": {"href": html},
        "issue": {"href": issue},
        "comments": {"href": format!("{issue}/comments")},
        "review_comments": {"href": format!("{api}/comments")},
        "review_comment": {"href": "https://api.github.com/repos/kubernetes/k8s.io/pulls/comments{/number}"},
        "commits": {"href": format!("{api}/commits")},
        "statuses": {"href": "https://api.github.com/repos/kubernetes/k8s.io/statuses/"}
    });
    for (k, x) in fields.as_object().into_iter().flatten() {
        match (k.as_str(), x) {
            ("head" | "base", Value::Object(m)) => {
                for (kk, xx) in m {
                    v[k][kk] = xx.clone();
                }
            }
            _ => v[k] = x.clone(),
        }
    }
    if v["merged"] == true {
        if fields.get("state").is_none() {
            v["state"] = "closed".into();
        }
        if v["merged_at"].is_null() {
            v["merged_at"] = "2026-11-25T10:00:00Z".into();
        }
        v["closed_at"] = v["merged_at"].clone();
        v["merged_by"] = user_json("k8s-ci-robot");
        v["mergeable"] = Value::Null;
    }
    v
}

/// GitHub's `Link` header for page `page` of a listing of `total` items at `url` (with the
/// request's other query parameters kept, as GitHub does): `prev`, `next`, `last` and `first`
/// as they apply (the last page names no `last`, the first no `first`); `None` for a listing of
/// one page.
pub fn page_links(
    req: &Request,
    base: &str,
    per_page: usize,
    page: usize,
    total: usize,
) -> Option<String> {
    let last = total.div_ceil(per_page).max(1);
    let kept: String = req
        .url
        .query()
        .unwrap_or_default()
        .split('&')
        .filter(|kv| !kv.is_empty() && !kv.starts_with("page=") && !kv.starts_with("per_page="))
        .map(|kv| format!("{kv}&"))
        .collect();
    let url = format!("{base}{}", req.url.path());
    let at =
        |p: usize, rel: &str| format!("<{url}?{kept}per_page={per_page}&page={p}>; rel=\"{rel}\"");
    let mut rels = Vec::new();
    if page > 1 {
        rels.push(at(page - 1, "prev"));
    }
    if page < last {
        rels.push(at(page + 1, "next"));
        rels.push(at(last, "last"));
    }
    if page > 1 {
        rels.push(at(1, "first"));
    }
    (!rels.is_empty()).then(|| rels.join(", "))
}

impl Respond for FakeGitHub {
    #[allow(
        clippy::too_many_lines,
        reason = "the stand-in's routing table, one arm per route"
    )]
    fn respond(&self, req: &Request) -> ResponseTemplate {
        let base = self.base.lock().unwrap().clone();
        let method = req.method.as_str().to_string();
        let path = req.url.path().to_string();
        let mut st = self.state.lock().unwrap();
        st.log.push((method.clone(), req.url.to_string()));
        if method == "GET" {
            if let Some(v) = st.extra.get(&path) {
                let is_pull = path
                    .rsplit_once("/pulls/")
                    .is_some_and(|(_, n)| n.parse::<u64>().is_ok());
                let v = if is_pull {
                    pull_json(v)
                } else if v.is_object()
                    && path
                        .rsplit_once("/issues/")
                        .is_some_and(|(_, n)| n.parse::<u64>().is_ok())
                {
                    issue_like(v)
                } else if path.ends_with("/comments") && v.is_array() {
                    comments_json(v)
                } else {
                    v.clone()
                };
                // The repository's issue listing pages like GitHub's (`per_page`, `page`, `Link`).
                if let (true, Value::Array(all)) =
                    (path == format!("/repos/{OWNER}/{REPO}/issues"), &v)
                {
                    let q = |k: &str| {
                        req.url
                            .query_pairs()
                            .find(|(n, _)| n == k)
                            .and_then(|(_, v)| v.parse::<usize>().ok())
                    };
                    let (per_page, page) = (q("per_page").unwrap_or(30), q("page").unwrap_or(1));
                    let items: Vec<Value> = all
                        .iter()
                        .skip((page - 1) * per_page)
                        .take(per_page)
                        .cloned()
                        .collect();
                    let mut t = ResponseTemplate::new(200).set_body_json(Value::Array(items));
                    if let Some(link) = page_links(req, &base, per_page, page, all.len()) {
                        t = t.insert_header("link", link.as_str());
                    }
                    return t;
                }
                return ResponseTemplate::new(200).set_body_json(v);
            }
        }
        let auth = req
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        if auth != format!("Bearer {TOKEN}") {
            return ResponseTemplate::new(401).set_body_json(json!({"message": "Bad credentials"}));
        }
        let mut apply = true;
        let mut fault_response = None;
        if let Some(pos) = st
            .faults
            .iter()
            .position(|f| f.method == method && path.ends_with(f.path_contains))
        {
            let f = st.faults.remove(pos).unwrap();
            let mut t = ResponseTemplate::new(f.status)
                .set_body_json(json!({"message": st.fault_message.clone().unwrap_or_else(|| format!("injected {}", f.status))}));
            for (k, v) in &f.headers {
                t = t.insert_header(*k, v.as_str());
            }
            apply = f.apply;
            fault_response = Some(t);
            if !apply {
                return fault_response.unwrap();
            }
        }
        let issue_path = format!("/repos/{OWNER}/{REPO}/issues/1");
        let body: Value = serde_json::from_slice(&req.body).unwrap_or(Value::Null);
        let resp = if method == "GET"
            && path.starts_with(&format!("/repos/{OWNER}/{REPO}/collaborators/"))
        {
            let user = path.split('/').nth(5).unwrap_or_default().to_string();
            match st.permissions.get(&user) {
                Some(p) => ResponseTemplate::new(200).set_body_json(permission_json(&user, p)),
                None => ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})),
            }
        } else if method == "GET" && path == issue_path {
            let t = ResponseTemplate::new(200).set_body_json(issue_json(&st));
            if let Some(edit) = st.human_edit_after_get.take() {
                st.issue_body = edit;
            }
            t
        } else if method == "PATCH" && path == issue_path {
            if let Some(b) = body.get("body").and_then(|b| b.as_str()) {
                st.issue_body = b.to_string();
            }
            ResponseTemplate::new(200).set_body_json(issue_json(&st))
        } else if method == "GET" && path == format!("{issue_path}/comments") {
            let per_page: usize = req
                .url
                .query_pairs()
                .find(|(k, _)| k == "per_page")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(30);
            let page: usize = req
                .url
                .query_pairs()
                .find(|(k, _)| k == "page")
                .and_then(|(_, v)| v.parse().ok())
                .unwrap_or(1);
            let items: Vec<Value> = st
                .comments
                .iter()
                .skip((page - 1) * per_page)
                .take(per_page)
                .map(|c| comment_json(&base, c))
                .collect();
            let mut t = ResponseTemplate::new(200).set_body_json(Value::Array(items));
            if st.self_link {
                t = t.insert_header("link", format!("<{}>; rel=\"next\"", req.url).as_str());
            } else if let Some(link) = page_links(req, &base, per_page, page, st.comments.len()) {
                t = t.insert_header("link", link.as_str());
            }
            t
        } else if method == "POST" && path == "/graphql" {
            // GitHub's GraphQL API: `viewer` is who the token is.
            let query = body["query"].as_str().unwrap_or_default();
            if query.contains("viewer") {
                let login = st.bot_login.clone().unwrap_or_else(|| BOT.into());
                ResponseTemplate::new(200)
                    .set_body_json(json!({"data": {"viewer": {"login": login}}}))
            } else {
                ResponseTemplate::new(200)
                    .set_body_json(json!({"errors": [{"message": "not faked"}]}))
            }
        } else if method == "POST" && path == format!("{issue_path}/comments") {
            st.next_id += 1;
            let c = StoredComment {
                id: st.next_id,
                body: body["body"].as_str().unwrap_or_default().to_string(),
                login: st.bot_login.clone().unwrap_or_else(|| BOT.into()),
            };
            st.comments.push(c.clone());
            ResponseTemplate::new(201).set_body_json(comment_json(&base, &c))
        } else if method == "POST" && path == format!("{issue_path}/labels") {
            // Like GitHub: the labels are added to the issue, and its listing shows them.
            let names: Vec<Value> = body["labels"]
                .as_array()
                .cloned()
                .unwrap_or_default()
                .into_iter()
                .map(|n| json!({ "name": n }))
                .collect();
            if let Some(Value::Array(listed)) =
                st.extra.get_mut(&format!("/repos/{OWNER}/{REPO}/issues"))
            {
                for i in listed.iter_mut().filter(|i| i["number"] == 1) {
                    if let Value::Array(labels) = &mut i["labels"] {
                        labels.extend(names.iter().cloned());
                    }
                }
            }
            ResponseTemplate::new(200).set_body_json(Value::Array(names))
        } else if let Some(name) = path
            .strip_prefix(&format!("{issue_path}/labels/"))
            .filter(|_| method == "DELETE")
        {
            // Like GitHub: the label leaves the issue (its listing too) and the rest are
            // answered; a label the issue does not carry is a 404.
            let name = percent_decode(name);
            let listed = st.extra.get_mut(&format!("/repos/{OWNER}/{REPO}/issues"));
            let labels = listed
                .and_then(|l| l.as_array_mut())
                .and_then(|l| l.iter_mut().find(|i| i["number"] == 1))
                .and_then(|i| i["labels"].as_array_mut());
            match labels {
                Some(labels) if labels.iter().any(|l| l["name"] == name.as_str()) => {
                    labels.retain(|l| l["name"] != name.as_str());
                    ResponseTemplate::new(200).set_body_json(Value::Array(labels.clone()))
                }
                _ => ResponseTemplate::new(404)
                    .set_body_json(json!({"message": "Label does not exist"})),
            }
        } else if let Some(rest) =
            path.strip_prefix(&format!("/repos/{OWNER}/{REPO}/issues/comments/"))
        {
            let mut parts = rest.split('/');
            let id: u64 = parts.next().and_then(|i| i.parse().ok()).unwrap_or(0);
            let writer = st.bot_login.clone().unwrap_or_else(|| BOT.into());
            match (method.as_str(), parts.next()) {
                ("POST", Some("reactions")) => {
                    st.reactions
                        .push((id, body["content"].as_str().unwrap_or_default().to_string()));
                    ResponseTemplate::new(201)
                        .set_body_json(json!({"id": 1, "content": body["content"]}))
                }
                // Like GitHub: a token edits only the comments it wrote.
                ("PATCH", None) => match st.comments.iter_mut().find(|c| c.id == id) {
                    Some(c) if c.login != writer => ResponseTemplate::new(403).set_body_json(
                        json!({"message": "Resource not accessible by integration"}),
                    ),
                    Some(c) => {
                        c.body = body["body"].as_str().unwrap_or_default().to_string();
                        let c = c.clone();
                        ResponseTemplate::new(200).set_body_json(comment_json(&base, &c))
                    }
                    None => {
                        ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"}))
                    }
                },
                ("DELETE", None) => {
                    st.comments.retain(|c| c.id != id);
                    ResponseTemplate::new(204)
                }
                _ => ResponseTemplate::new(404).set_body_json(json!({"message": "Not Found"})),
            }
        } else {
            ResponseTemplate::new(404)
                .set_body_json(json!({"message": format!("{method} {path} is not faked")}))
        };
        fault_response.filter(|_| apply).unwrap_or(resp)
    }
}

/// A path segment as GitHub reads it: `%XX` escapes decoded.
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match (
            bytes[i],
            s.get(i + 1..i + 3)
                .and_then(|h| u8::from_str_radix(h, 16).ok()),
        ) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

pub struct Fake {
    pub server: MockServer,
    pub gh: FakeGitHub,
    dir: PathBuf,
}

impl Fake {
    pub async fn start(title: &str, issue_body: &str) -> Fake {
        let server = MockServer::start().await;
        let gh = FakeGitHub {
            state: Arc::new(Mutex::new(State {
                title: title.into(),
                issue_body: issue_body.into(),
                next_id: 1000,
                ..State::default()
            })),
            base: Arc::new(Mutex::new(server.uri())),
        };
        gh.state
            .lock()
            .unwrap()
            .permissions
            .insert("Codertocat".into(), "admin".into());
        Mock::given(wiremock::matchers::any())
            .respond_with(gh.clone())
            .mount(&server)
            .await;
        static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let dir = std::env::temp_dir().join(format!("relcut-action-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Fake { server, gh, dir }
    }

    pub fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.gh.state.lock().unwrap()
    }

    /// Writes an event file from a real payload in `tests/fixtures/github-events` (copied from the shared fixtures), changed by `edit`.
    pub fn event(&self, fixture: &str, edit: impl FnOnce(&mut Value)) -> PathBuf {
        let text =
            std::fs::read_to_string(root().join("tests/fixtures/github-events").join(fixture))
                .expect("tests/fixtures/github-events");
        let mut v: Value = serde_json::from_str(&text).unwrap();
        edit(&mut v);
        static EVENTS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let n = EVENTS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = self.dir.join(format!("event-{n}.json"));
        std::fs::write(&path, serde_json::to_string(&v).unwrap()).unwrap();
        path
    }

    pub fn output_file(&self) -> PathBuf {
        self.dir.join("github_output")
    }

    /// Runs `relcut action` as the runner would.
    pub async fn run(&self, event_name: &str, event: &PathBuf, inputs: &[(&str, &str)]) -> Run {
        self.run_with_api(event_name, event, inputs, &self.server.uri())
            .await
    }

    /// The same, with the GitHub API somewhere else (a flaky proxy, a closed port).
    pub async fn run_with_api(
        &self,
        event_name: &str,
        event: &PathBuf,
        inputs: &[(&str, &str)],
        api: &str,
    ) -> Run {
        let mut cmd = self.command(event_name, event, inputs, api);
        let out = tokio::task::spawn_blocking(move || cmd.output().expect("run relcut action"))
            .await
            .unwrap();
        out.into()
    }

    /// The `relcut action` process as the runner starts it, not yet started.
    pub fn command(
        &self,
        event_name: &str,
        event: &PathBuf,
        inputs: &[(&str, &str)],
        api: &str,
    ) -> std::process::Command {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_relcut"));
        cmd.arg("action")
            .env_clear()
            .env("PATH", std::env::var("PATH").unwrap_or_default())
            .env("GITHUB_EVENT_NAME", event_name)
            .env("GITHUB_EVENT_PATH", event)
            .env("GITHUB_REPOSITORY", format!("{OWNER}/{REPO}"))
            .env("GITHUB_API_URL", api)
            .env("GITHUB_OUTPUT", self.output_file())
            .env("GITHUB_STEP_SUMMARY", self.dir.join("summary.md"))
            .env("INPUT_TOKEN", TOKEN)
            .env("RELCUT_PROW_URL", self.server.uri())
            .env("RELCUT_GCS_URL", self.server.uri())
            // The release-live gate asks these after a no-mock release: never the real ones.
            .env("RELCUT_REGISTRY_URL", self.server.uri())
            .env("RELCUT_DL_URL", self.server.uri())
            .env("RELCUT_PKGS_URL", self.server.uri())
            .env(
                "RELCUT_REGISTRY_MIRRORS",
                format!("{}/mirror", self.server.uri()),
            )
            .env("RELCUT_BACKOFF_MS", "20")
            .env("RELCUT_RATE_LIMIT_WAIT_MS", "50");
        for (k, v) in inputs {
            cmd.env(format!("INPUT_{}", k.to_ascii_uppercase()), v);
        }
        cmd
    }

    pub fn requests(&self) -> Vec<(String, String)> {
        self.state().log.clone()
    }

    pub fn writes(&self) -> usize {
        self.requests().iter().filter(|(m, _)| m != "GET").count()
    }

    pub fn bot_comments(&self) -> Vec<StoredComment> {
        self.state()
            .comments
            .iter()
            .filter(|c| c.login.ends_with("[bot]"))
            .cloned()
            .collect()
    }
}

pub fn cut_body() -> String {
    let text =
        std::fs::read_to_string(root().join("examples/cut-v1.36.0-rc.1-in-progress.md")).unwrap();
    text.splitn(3, "---\n").nth(2).unwrap().to_string()
}

pub const CUT_TITLE: &str = "Cut v1.36.0-rc.1 release";

/// The bundled cut issue with its image promotion ticked and linked to k8s.io PR `pr`.
pub fn promo_body(pr: u64) -> String {
    cut_body().replace(
        "  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->",
        &format!("  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/{pr}"),
    )
}

/// A real `issue_comment.created` payload on a cut issue, with the comment body replaced.
pub fn comment_event(comment: &str) -> impl FnOnce(&mut Value) + '_ {
    move |v: &mut Value| {
        v["issue"]["title"] = CUT_TITLE.into();
        v["issue"]["body"] = cut_body().into();
        v["comment"]["body"] = comment.into();
    }
}
