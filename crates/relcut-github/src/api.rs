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

pub struct Repo<'a> {
    pub client: &'a Client,
    pub owner: String,
    pub name: String,
    pub dry_run: bool,
    /// The login the token acts as: only comments by this login are relcut's own.
    pub me: std::sync::Mutex<String>,
}

impl Repo<'_> {
    /// The login the token writes as.
    pub fn me(&self) -> String {
        self.me
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .clone()
    }

    /// Takes `login` as the token's identity (it wrote a comment just now); true if that
    /// changed what relcut thought.
    pub fn learn(&self, login: &str) -> bool {
        let mut me = self
            .me
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if me.eq_ignore_ascii_case(login) {
            return false;
        }
        *me = login.to_string();
        true
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

    pub async fn comments(&self, number: u64) -> Result<Vec<Comment>, GitHubError> {
        self.client
            .get_all::<Value>(&self.path(&format!("/issues/{number}/comments")))
            .await?
            .into_iter()
            .map(comment)
            .collect()
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
