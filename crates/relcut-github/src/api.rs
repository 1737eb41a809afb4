//! The GitHub calls relcut makes, on one repository. Answers are decoded with octocrab's typed
//! models (issues, comments, reactions, pulls) and turned here, at the boundary, into the few
//! fields the rest of relcut reads; the collaborator permission keeps a decode of its own (see
//! [`Repo::permission`]).

use http::Method;
use octocrab::models::issues as gh;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::client::{Client, GitHubError};

pub use octocrab::models::reactions::ReactionContent as Reaction;

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct User {
    pub login: String,
    #[serde(rename = "type", default)]
    pub kind: Option<String>,
}

impl User {
    /// Bots are never obeyed: `type: Bot`, or a login ending in `[bot]`.
    pub fn is_bot(&self) -> bool {
        self.kind.as_deref() == Some("Bot") || self.login.ends_with("[bot]")
    }
}

/// The comment fields relcut reads; its `Deserialize` is the tolerant fallback of [`decode`].
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Comment {
    pub id: u64,
    #[serde(default)]
    pub body: Option<String>,
    pub user: Option<User>,
    #[serde(default)]
    pub html_url: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
}

/// The issue fields relcut reads; its `Deserialize` is the tolerant fallback of [`decode`].
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct Issue {
    pub number: u64,
    pub title: String,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
}

/// A timestamp as GitHub writes it (`2026-11-25T10:00:00Z`).
pub fn timestamp(t: chrono::DateTime<chrono::Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::AutoSi, true)
}

impl From<octocrab::models::Author> for User {
    fn from(a: octocrab::models::Author) -> Self {
        User {
            login: a.login,
            kind: Some(a.r#type),
        }
    }
}

impl From<gh::Comment> for Comment {
    fn from(c: gh::Comment) -> Self {
        Comment {
            id: c.id.into_inner(),
            body: c.body,
            user: Some(c.user.into()),
            html_url: Some(c.html_url.to_string()),
            created_at: Some(timestamp(c.created_at)),
        }
    }
}

impl From<gh::Issue> for Issue {
    fn from(i: gh::Issue) -> Self {
        Issue {
            number: i.number,
            title: i.title,
            body: i.body,
            state: serde_json::to_value(&i.state)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string)),
            created_at: Some(timestamp(i.created_at)),
        }
    }
}

/// Decodes `v` with octocrab's model `Typed`, falling back to relcut's own tolerant `Own`.
///
/// Why the fallback: GitHub's schema declares the `user` of an issue or comment nullable (an
/// account GitHub has removed) where octocrab requires a full `Author`, and octocrab requires
/// many fields (URLs, `node_id`, `locked`, `updated_at`) relcut never reads, which an older
/// GitHub Enterprise Server may not send. relcut read such answers before it used octocrab's
/// models; one odd comment must not stop it reading the cut issue. When both fail, the error is
/// the tolerant decode's, which names only what relcut really needs.
pub fn decode<Typed, Own>(v: Value, what: &str) -> Result<Own, GitHubError>
where
    Typed: DeserializeOwned + Into<Own>,
    Own: DeserializeOwned,
{
    match Typed::deserialize(&v) {
        Ok(t) => Ok(t.into()),
        Err(_) => serde_json::from_value(v).map_err(|e| GitHubError::Decode {
            what: what.to_string(),
            message: e.to_string(),
        }),
    }
}

/// An issue comment, as octocrab types it where the answer fits.
pub fn comment(v: Value) -> Result<Comment, GitHubError> {
    decode::<gh::Comment, Comment>(v, "comment")
}

/// The permission ladder GitHub's collaborator-permission API speaks in.
pub const LADDER: [&str; 6] = ["none", "read", "triage", "write", "maintain", "admin"];

pub fn rank(role: &str) -> Option<usize> {
    LADDER.iter().position(|r| r.eq_ignore_ascii_case(role))
}

/// How every hidden marker of relcut's comments begins (`<!-- relcut:status -->`, ...).
pub const MARKER_PREFIX: &str = "<!-- relcut:";
/// The first line of relcut's status comment on a cut issue.
pub const STATUS_MARKER: &str = "<!-- relcut:status -->";

/// Pages of one issue's comments read at most per listing ([`Repo::comments`]): the oldest
/// page and the newest ones, so an issue with 10,000 comments costs what one with 1,200 does.
pub const MAX_COMMENT_PAGES: u64 = 12;
/// Comments per page, GitHub's largest.
pub const PER_PAGE: u64 = 100;

/// Who the token writes as, and whether that is known or only assumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Identity {
    /// Configured (`bot-login`), named by GitHub (`GET /user`, GraphQL `viewer`) or seen as the
    /// author of a comment the token just wrote.
    Known(String),
    /// Assumed: an installation token (`ghs_`) writes as `github-actions[bot]` when it is the
    /// workflow's `GITHUB_TOKEN`, as `<app>[bot]` when a GitHub App's. Checked with GraphQL
    /// `viewer` (one request) the first time a listing shows a relcut marker written by
    /// another bot, so an App's comments are found without the `bot-login` input.
    Assumed(String),
}

impl Identity {
    pub fn login(&self) -> &str {
        match self {
            Identity::Known(l) | Identity::Assumed(l) => l,
        }
    }
}

fn lock<T>(m: &std::sync::Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

pub struct Repo<'a> {
    pub client: &'a Client,
    pub owner: String,
    pub name: String,
    pub dry_run: bool,
    /// The login the token acts as: only comments by this login are relcut's own.
    me: std::sync::Mutex<Identity>,
    /// Per issue, the newest page of its comments read in this run: a comment created now is
    /// on it or after it, so a re-read from there sees every comment written since.
    newest: std::sync::Mutex<std::collections::HashMap<u64, u64>>,
}

impl<'a> Repo<'a> {
    pub fn new(client: &'a Client, owner: &str, name: &str, dry_run: bool, me: Identity) -> Self {
        Repo {
            client,
            owner: owner.to_string(),
            name: name.to_string(),
            dry_run,
            me: std::sync::Mutex::new(me),
            newest: std::sync::Mutex::new(std::collections::HashMap::new()),
        }
    }
}

impl Repo<'_> {
    /// The login the token writes as.
    pub fn me(&self) -> String {
        lock(&self.me).login().to_string()
    }

    /// Takes `login` as the token's identity (it wrote a comment just now, or GitHub named
    /// it); true if that changed what relcut thought.
    pub fn learn(&self, login: &str) -> bool {
        let mut me = lock(&self.me);
        let changed = !me.login().eq_ignore_ascii_case(login);
        *me = Identity::Known(login.to_string());
        changed
    }

    /// The login GitHub's GraphQL `viewer` names for the token: works for installation tokens
    /// (`GITHUB_TOKEN`, a GitHub App's), where `GET /user` answers 403 and `GET /app` needs
    /// the App's JWT. An installation token's viewer is a bot: its login is given with the
    /// `[bot]` its comments show. GitHub Enterprise Server serves GraphQL outside the REST
    /// root (`/api/graphql`, not `/api/v3/graphql`): there the call fails, the assumption
    /// stands and the log asks for the `bot-login` input.
    pub async fn viewer(&self) -> Result<String, GitHubError> {
        #[derive(Deserialize)]
        struct Answer {
            data: Option<Data>,
        }
        #[derive(Deserialize)]
        struct Data {
            viewer: Viewer,
        }
        #[derive(Deserialize)]
        struct Viewer {
            login: String,
        }
        let query = json!({ "query": "query { viewer { login } }" });
        let r = self
            .client
            .call(Method::POST, "/graphql", Some(&query))
            .await?;
        let login = r
            .json::<Answer>("GraphQL viewer")?
            .data
            .map(|d| d.viewer.login)
            .filter(|l| !l.is_empty())
            .ok_or_else(|| GitHubError::Decode {
                what: "GraphQL viewer".into(),
                message: "no `data.viewer.login` in the answer: set the `bot-login` input".into(),
            })?;
        let assumed_bot = lock(&self.me).login().ends_with("[bot]");
        Ok(if assumed_bot && !login.ends_with("[bot]") {
            format!("{login}[bot]")
        } else {
            login
        })
    }

    /// Settles an assumed identity when `seen` holds a relcut marker written by another bot:
    /// asks GraphQL `viewer` once per run. Errors leave the assumption (and say so).
    async fn settle_identity(&self, seen: &[Comment]) {
        let assumed = match &*lock(&self.me) {
            Identity::Assumed(l) => l.clone(),
            Identity::Known(_) => return,
        };
        let other_bot = seen.iter().any(|c| {
            c.user
                .as_ref()
                .is_some_and(|u| u.is_bot() && !u.login.eq_ignore_ascii_case(&assumed))
                && c.body
                    .as_deref()
                    .is_some_and(|b| b.starts_with(MARKER_PREFIX))
        });
        if !other_bot {
            return;
        }
        match self.viewer().await {
            Ok(login) => {
                if self.learn(&login) {
                    self.client.session.note(&format!(
                        "relcut: the token writes as `{login}`, not `{assumed}` (GraphQL viewer): set the `bot-login` input to `{login}` to save this request"
                    ));
                }
            }
            Err(e) => {
                // Asked once: the assumption stands for the rest of the run.
                *lock(&self.me) = Identity::Known(assumed.clone());
                self.client.session.note(&format!(
                    "relcut: could not ask GitHub who the token is ({e}); taking `{assumed}`: set the `bot-login` input to the login relcut's comments show"
                ));
            }
        }
    }

    fn path(&self, rest: &str) -> String {
        format!("/repos/{}/{}{rest}", self.owner, self.name)
    }

    fn dry(&self, what: &str) {
        self.client
            .session
            .note(&format!("relcut: dry-run: would {what}"));
    }

    /// A dry-run line followed by a body someone else may have written part of.
    fn dry_body(&self, what: &str, body: &str) {
        self.client
            .session
            .note_untrusted(&format!("relcut: dry-run: would {what}:"), body);
    }

    pub async fn issue(&self, number: u64) -> Result<Issue, GitHubError> {
        let v: Value = self
            .client
            .call(Method::GET, &self.path(&format!("/issues/{number}")), None)
            .await?
            .json("issue")?;
        decode::<gh::Issue, Issue>(v, "issue")
    }

    pub async fn update_issue_body(&self, number: u64, body: &str) -> Result<(), GitHubError> {
        if self.dry_run {
            self.dry(&format!("update the body of issue #{number}"));
            return Ok(());
        }
        self.client
            .call(
                Method::PATCH,
                &self.path(&format!("/issues/{number}")),
                Some(&json!({ "body": body })),
            )
            .await
            .map(|_| ())
    }

    /// Page `page` of issue `number`'s comments (oldest first, as GitHub lists them), and the
    /// number of the issue's last page then.
    pub async fn comments_page(
        &self,
        number: u64,
        page: u64,
    ) -> Result<(Vec<Comment>, u64), GitHubError> {
        let path = self.path(&format!(
            "/issues/{number}/comments?per_page={PER_PAGE}&page={page}"
        ));
        let r = self.client.call(Method::GET, &path, None).await?;
        let items: Vec<Value> = r.json("comment list")?;
        let comments = items.into_iter().map(comment).collect::<Result<_, _>>()?;
        // GitHub names the last page on every page but the last one itself.
        let last = r
            .link_page("last")
            .or_else(|| r.link_page("next"))
            .unwrap_or(page)
            .max(page);
        Ok((comments, last))
    }

    /// The comments of issue `number` where relcut's own are, without listing every comment
    /// (see [`Repo::comments_after`]).
    pub async fn comments(&self, number: u64) -> Result<Vec<Comment>, GitHubError> {
        self.comments_after(number, None).await
    }

    /// The comments of issue `number` where relcut's own are, oldest first, at most
    /// [`MAX_COMMENT_PAGES`] pages: the oldest page (the status comment is written at the
    /// cut's first event: it is there unless relcut came late to the issue), the newest page,
    /// and further back while a page may still hold a comment after `floor` (the command an
    /// answer follows: an answer is always newer than its command) or relcut's status comment
    /// was not seen yet. One request on an issue of up to 100 comments; on 10,000, two for an
    /// issue event, two or three for a command.
    pub async fn comments_after(
        &self,
        number: u64,
        floor: Option<u64>,
    ) -> Result<Vec<Comment>, GitHubError> {
        let (mut all, last) = self.comments_page(number, 1).await?;
        let mut read = 1;
        let mut page = last;
        let mut oldest_newer: Option<u64> = None;
        while page > 1 && read < MAX_COMMENT_PAGES {
            if page < last {
                self.settle_identity(&all).await;
                let me = self.me();
                let status_seen = all.iter().any(|c| {
                    c.user
                        .as_ref()
                        .is_some_and(|u| u.login.eq_ignore_ascii_case(&me))
                        && c.body
                            .as_deref()
                            .is_some_and(|b| b.starts_with(STATUS_MARKER))
                });
                let before_floor = floor.zip(oldest_newer).is_some_and(|(f, o)| o > f);
                if status_seen && !before_floor {
                    break;
                }
            }
            let (comments, _) = self.comments_page(number, page).await?;
            read += 1;
            oldest_newer = comments.iter().map(|c| c.id).min();
            all.extend(comments);
            page -= 1;
        }
        self.settle_identity(&all).await;
        lock(&self.newest).insert(number, last);
        all.sort_by_key(|c| c.id);
        all.dedup_by_key(|c| c.id);
        Ok(all)
    }

    /// The comments written since issue `number` was last listed in this run: its newest page
    /// then and every page after it (a create, a racing run's), at most [`MAX_COMMENT_PAGES`].
    pub async fn comments_since_listed(&self, number: u64) -> Result<Vec<Comment>, GitHubError> {
        let first = lock(&self.newest).get(&number).copied().unwrap_or(1);
        let mut all = Vec::new();
        for page in first..first + MAX_COMMENT_PAGES {
            let (comments, last) = self.comments_page(number, page).await?;
            let empty = comments.is_empty();
            all.extend(comments);
            lock(&self.newest).insert(number, last.max(page));
            if page >= last || empty {
                break;
            }
        }
        Ok(all)
    }

    pub async fn create_comment(
        &self,
        number: u64,
        body: &str,
    ) -> Result<Option<Comment>, GitHubError> {
        if self.dry_run {
            self.dry_body(&format!("comment on #{number}"), body);
            return Ok(None);
        }
        let r = self
            .client
            .call(
                Method::POST,
                &self.path(&format!("/issues/{number}/comments")),
                Some(&json!({ "body": body })),
            )
            .await?;
        comment(r.json("comment")?).map(Some)
    }

    pub async fn update_comment(
        &self,
        id: u64,
        body: &str,
    ) -> Result<Option<Comment>, GitHubError> {
        if self.dry_run {
            self.dry_body(&format!("update comment {id}"), body);
            return Ok(None);
        }
        let r = self
            .client
            .call(
                Method::PATCH,
                &self.path(&format!("/issues/comments/{id}")),
                Some(&json!({ "body": body })),
            )
            .await?;
        comment(r.json("comment")?).map(Some)
    }

    pub async fn delete_comment(&self, id: u64) -> Result<(), GitHubError> {
        if self.dry_run {
            self.dry(&format!("delete duplicate comment {id}"));
            return Ok(());
        }
        match self
            .client
            .call(
                Method::DELETE,
                &self.path(&format!("/issues/comments/{id}")),
                None,
            )
            .await
        {
            Ok(_) | Err(GitHubError::NotFound { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// `eyes`, `rocket`, `confused`, ... on a comment (octocrab's typed reaction). Reacting
    /// twice is harmless.
    pub async fn react(&self, comment_id: u64, content: Reaction) -> Result<(), GitHubError> {
        if self.dry_run {
            self.dry(&format!("react {content:?} to comment {comment_id}"));
            return Ok(());
        }
        let path = self.path(&format!("/issues/comments/{comment_id}/reactions"));
        match self
            .client
            .call(Method::POST, &path, Some(&json!({ "content": content })))
            .await
        {
            // A lost reaction is not worth failing the run, and reacting twice changes nothing.
            Ok(_) | Err(GitHubError::Ambiguous { .. }) => Ok(()),
            Err(e) => Err(e),
        }
    }

    /// The user's role on the repository: `role_name` (custom roles included), falling back to
    /// the legacy `permission` when the role is not on the ladder.
    pub async fn permission(&self, user: &str) -> Result<String, GitHubError> {
        // Not octocrab's `RepoPermission`: it types `permission` as its team-permission enum
        // (pull, push, admin, maintain, triage) while this endpoint answers the legacy ladder
        // (admin, write, read, none), so every collaborator but an admin would fail to decode;
        // and it requires `role_name`, which older GitHub Enterprise Server answers lack.
        #[derive(Deserialize)]
        struct Perm {
            permission: Option<String>,
            role_name: Option<String>,
        }
        let path = self.path(&format!("/collaborators/{user}/permission"));
        let p: Perm = match self.client.call(Method::GET, &path, None).await {
            Ok(r) => r.json("permission")?,
            Err(GitHubError::NotFound { .. }) => return Ok("none".into()),
            Err(e) => return Err(e),
        };
        Ok(match (p.role_name, p.permission) {
            (Some(r), _) if rank(&r).is_some() => r.to_ascii_lowercase(),
            (_, Some(p)) => p.to_ascii_lowercase(),
            (Some(r), None) => r,
            (None, None) => "none".into(),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bots() {
        let u = |login: &str, kind: Option<&str>| User {
            login: login.into(),
            kind: kind.map(str::to_string),
        };
        assert!(u("github-actions[bot]", Some("Bot")).is_bot());
        assert!(u("k8s-ci-robot[bot]", None).is_bot());
        assert!(u("renovate", Some("Bot")).is_bot());
        assert!(!u("alice", Some("User")).is_bot());
    }

    /// A real webhook payload (the repository's shared fixture), whose objects are the REST ones.
    fn real_comment() -> Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/github-events/issue_comment.created.json"
        );
        let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        v["comment"].clone()
    }

    #[test]
    fn typed_and_tolerant_decodes_agree_on_a_real_comment() {
        let v = real_comment();
        let typed: Comment = gh::Comment::deserialize(&v).unwrap().into();
        let own: Comment = serde_json::from_value(v.clone()).unwrap();
        assert_eq!(typed, own);
        assert_eq!(comment(v).unwrap().user.unwrap().login, "Codertocat");
    }

    #[test]
    fn a_comment_by_a_removed_account_still_reads() {
        let mut v = real_comment();
        v["user"] = Value::Null;
        assert!(gh::Comment::deserialize(&v).is_err());
        let c = comment(v).unwrap();
        assert_eq!(c.id, 492_700_400);
        assert_eq!(c.user, None);
    }

    #[test]
    fn a_comment_without_an_id_is_an_error_naming_it() {
        let mut v = real_comment();
        v.as_object_mut().unwrap().remove("id");
        let e = comment(v).unwrap_err().to_string();
        assert!(e.contains("comment") && e.contains("id"), "{e}");
    }

    /// Why [`Repo::permission`] keeps its own decode: octocrab's model refuses what the
    /// endpoint answers for anyone below admin.
    #[test]
    fn octocrab_permission_model_refuses_the_legacy_ladder() {
        let mut user = real_comment()["user"].clone();
        user["permissions"] = json!({"admin": false, "push": false, "pull": true});
        let answer = json!({"permission": "read", "role_name": "read", "user": user});
        assert!(serde_json::from_value::<octocrab::models::repos::RepoPermission>(answer).is_err());
    }

    #[test]
    fn ladder() {
        assert!(rank("maintain") > rank("write"));
        assert!(rank("Write") == rank("write"));
        assert_eq!(rank("release-manager"), None);
    }
}
