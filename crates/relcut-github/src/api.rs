//! The GitHub calls relcut makes, on one repository, with minimal models of our own (octocrab's
//! change between minor versions; we need a handful of fields).

use http::Method;
use serde::Deserialize;
use serde_json::json;

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
        self.client
            .call(Method::GET, &self.path(&format!("/issues/{number}")), None)
            .await?
            .json("issue")
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
            .get_all(&self.path(&format!("/issues/{number}/comments")))
            .await
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
        r.json("comment").map(Some)
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
        r.json("comment").map(Some)
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

    #[test]
    fn ladder() {
        assert!(rank("maintain") > rank("write"));
        assert!(rank("Write") == rank("write"));
        assert_eq!(rank("release-manager"), None);
    }
}
