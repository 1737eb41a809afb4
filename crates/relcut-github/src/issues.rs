//! Cut issues read live for the CLI: one issue by number (`relcut status
//! kubernetes/sig-release#3200`), and the open issues of a repository (`relcut cuts`). Plain
//! types in and out; relcut-core decides what they mean.
//!
//! Bounded for a caller without a token (60 requests an hour): one request per issue, and the
//! listing reads at most [`MAX_PAGES`] pages of 100, newest first, pull requests left out.

use http::Method;
use serde::Deserialize;

use crate::client::{Client, GitHubError};

/// Pages of the open-issue listing read at most (100 issues each).
pub const MAX_PAGES: usize = 3;

/// The fields of an issue the CLI reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveIssue {
    pub number: u64,
    pub title: String,
    pub body: String,
    pub created_at: Option<String>,
    /// The issue's page (`https://github.com/OWNER/REPO/issues/N`).
    pub html_url: Option<String>,
    /// GitHub's issues API answers for pull requests too; this one is one.
    pub pull_request: bool,
    pub assignees: Vec<String>,
    pub labels: Vec<String>,
}

/// The open issues, and whether the listing stopped at [`MAX_PAGES`] with more to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenIssues {
    pub issues: Vec<LiveIssue>,
    pub more: bool,
}

#[derive(Deserialize)]
struct Login {
    login: String,
}

#[derive(Deserialize)]
struct Name {
    name: String,
}

/// Tolerant: only what relcut reads, every field but the number and title optional (an
/// account GitHub removed leaves `user: null`; older GitHub Enterprise sends fewer fields).
#[derive(Deserialize)]
struct Wire {
    number: u64,
    title: String,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    html_url: Option<String>,
    #[serde(default)]
    pull_request: Option<serde_json::Value>,
    #[serde(default)]
    assignees: Option<Vec<Option<Login>>>,
    #[serde(default)]
    labels: Option<Vec<Name>>,
}

impl From<Wire> for LiveIssue {
    fn from(w: Wire) -> Self {
        LiveIssue {
            number: w.number,
            title: w.title,
            body: w.body.unwrap_or_default(),
            created_at: w.created_at,
            html_url: w.html_url,
            pull_request: w.pull_request.is_some_and(|p| !p.is_null()),
            assignees: w
                .assignees
                .unwrap_or_default()
                .into_iter()
                .flatten()
                .map(|u| u.login)
                .collect(),
            labels: w
                .labels
                .unwrap_or_default()
                .into_iter()
                .map(|l| l.name)
                .collect(),
        }
    }
}

/// `owner` and `name` as GitHub allows them, so they can go into a path as they are.
fn check_repo(owner: &str, name: &str) -> Result<(), GitHubError> {
    let ok = |s: &str| {
        !s.is_empty()
            && s != "."
            && s != ".."
            && s.bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_'))
    };
    if ok(owner) && ok(name) {
        Ok(())
    } else {
        Err(GitHubError::Config(format!(
            "`{owner}/{name}` is not a repository name"
        )))
    }
}

/// One issue (or pull request: see [`LiveIssue::pull_request`]). A 404 is
/// [`GitHubError::NotFound`]: no such issue, or a private repository the token cannot see.
pub async fn issue(
    client: &Client,
    owner: &str,
    name: &str,
    number: u64,
) -> Result<LiveIssue, GitHubError> {
    check_repo(owner, name)?;
    let wire: Wire = client
        .call(
            Method::GET,
            &format!("/repos/{owner}/{name}/issues/{number}"),
            None,
        )
        .await?
        .json("issue")?;
    Ok(wire.into())
}

/// The open issues of `owner/name`, newest first, at most [`MAX_PAGES`] pages, pull requests
/// left out.
pub async fn open_issues(
    client: &Client,
    owner: &str,
    name: &str,
) -> Result<OpenIssues, GitHubError> {
    check_repo(owner, name)?;
    let first =
        format!("/repos/{owner}/{name}/issues?state=open&sort=created&direction=desc&per_page=100");
    let mut next = Some(first);
    let mut seen = std::collections::HashSet::new();
    let mut issues = Vec::new();
    while let Some(path) = next.take() {
        if seen.len() == MAX_PAGES {
            return Ok(OpenIssues { issues, more: true });
        }
        if !seen.insert(path.clone()) {
            break;
        }
        let r = client.call(Method::GET, &path, None).await?;
        let page: Vec<Wire> = r.json("open issues")?;
        issues.extend(
            page.into_iter()
                .map(LiveIssue::from)
                .filter(|i| !i.pull_request),
        );
        next = r.next_page(client.base_url());
    }
    Ok(OpenIssues {
        issues,
        more: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// GitHub's documented issue object (the `issue` of the `issues.opened` webhook example,
    /// which is the REST model).
    fn real_issue() -> serde_json::Value {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../../tests/fixtures/github-events/issues.opened.json"
        );
        let v: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        v["issue"].clone()
    }

    #[test]
    fn a_real_issue_decodes() {
        let i: LiveIssue = serde_json::from_value::<Wire>(real_issue()).unwrap().into();
        assert_eq!(i.number, 1);
        assert_eq!(i.title, "Spelling error in the README file");
        assert!(!i.pull_request);
        assert_eq!(
            i.html_url.as_deref(),
            Some("https://github.com/Codertocat/Hello-World/issues/1")
        );
        assert_eq!(i.labels, ["bug"]);
        assert_eq!(i.assignees, ["Codertocat"]);
    }

    #[test]
    fn a_pull_request_is_seen_and_null_users_are_skipped() {
        let mut v = real_issue();
        v["pull_request"] = serde_json::json!({"url": "https://api.github.com/repos/o/r/pulls/1"});
        v["assignees"] = serde_json::json!([null, {"login": "alice"}]);
        v["body"] = serde_json::Value::Null;
        let i: LiveIssue = serde_json::from_value::<Wire>(v).unwrap().into();
        assert!(i.pull_request);
        assert_eq!(i.assignees, ["alice"]);
        assert_eq!(i.body, "");
    }

    #[test]
    fn repository_names_are_checked_before_a_path_is_built() {
        assert!(check_repo("kubernetes", "sig-release").is_ok());
        assert!(check_repo("a/b", "c").is_err());
        assert!(check_repo("a", "..").is_err());
        assert!(check_repo("a", "b?state=all").is_err());
    }
}
