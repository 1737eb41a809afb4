//! Pull requests and repository files, on any repository: the few fields relcut reads of a
//! pull request (octocrab's model where the answer fits it, a tolerant decode where it does
//! not, as for issues and comments in [`crate::api`]), its changed files, and a file's text at a
//! commit (the contents API, and the blob API for files over 1 MB).

use base64::Engine;
use http::Method;
use serde::Deserialize;

use crate::client::{Client, GitHubError};

/// The fields of a pull request relcut reads; its `Deserialize` is the tolerant fallback of
/// [`crate::api::decode`].
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Pull {
    pub number: u64,
    #[serde(default)]
    pub title: Option<String>,
    #[serde(default)]
    pub merged: Option<bool>,
    #[serde(default)]
    pub merge_commit_sha: Option<String>,
    #[serde(default)]
    pub merged_at: Option<String>,
    pub base: Ref,
    pub head: Ref,
}

/// A pull request's `base` or `head`: the commit.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Ref {
    pub sha: String,
}

impl From<octocrab::models::pulls::PullRequest> for Pull {
    fn from(p: octocrab::models::pulls::PullRequest) -> Self {
        Pull {
            number: p.number,
            title: p.title,
            merged: p.merged,
            merge_commit_sha: p.merge_commit_sha,
            merged_at: p.merged_at.map(crate::api::timestamp),
            base: Ref { sha: p.base.sha },
            head: Ref { sha: p.head.sha },
        }
    }
}

/// `GET /repos/{repo}/pulls/{n}`; `repo` is `owner/name`. A pull request that does not exist
/// is [`GitHubError::NotFound`] of GitHub, for the caller to call the input's.
pub async fn pull(gh: &Client, repo: &str, n: u64) -> Result<Pull, GitHubError> {
    let v: serde_json::Value = gh
        .call(Method::GET, &format!("/repos/{repo}/pulls/{n}"), None)
        .await?
        .json("pull request")?;
    crate::api::decode::<octocrab::models::pulls::PullRequest, Pull>(v, "pull request")
}

/// The paths a pull request changes (every page, bounded by the client).
pub async fn files(gh: &Client, repo: &str, n: u64) -> Result<Vec<String>, GitHubError> {
    #[derive(Deserialize)]
    struct File {
        filename: String,
    }
    let files: Vec<File> = gh
        .get_all(&format!("/repos/{repo}/pulls/{n}/files"))
        .await?;
    Ok(files.into_iter().map(|f| f.filename).collect())
}

#[derive(Deserialize)]
struct Contents {
    sha: String,
    #[serde(default)]
    content: Option<String>,
    #[serde(default)]
    encoding: Option<String>,
}

#[derive(Deserialize)]
struct Blob {
    content: String,
}

/// Base64 as GitHub sends it (with line breaks) to text.
pub fn decode_base64(b64: &str, what: &str) -> Result<String, GitHubError> {
    let clean: String = b64.chars().filter(|c| !c.is_whitespace()).collect();
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(clean)
        .map_err(|e| GitHubError::Decode {
            what: what.into(),
            message: e.to_string(),
        })?;
    String::from_utf8(bytes).map_err(|e| GitHubError::Decode {
        what: what.into(),
        message: e.to_string(),
    })
}

/// A file's text at a commit: the contents API, which leaves out files over 1 MB, then the
/// blob API, which does not (two requests at most).
pub async fn file_at(
    gh: &Client,
    repo: &str,
    path: &str,
    sha: &str,
) -> Result<String, GitHubError> {
    let c: Contents = gh
        .call(
            Method::GET,
            &format!("/repos/{repo}/contents/{path}?ref={sha}"),
            None,
        )
        .await?
        .json("file contents")?;
    match (c.content, c.encoding.as_deref()) {
        (Some(content), Some("base64")) if !content.is_empty() => decode_base64(&content, path),
        _ => {
            let blob: Blob = gh
                .call(
                    Method::GET,
                    &format!("/repos/{repo}/git/blobs/{}", c.sha),
                    None,
                )
                .await?
                .json("file blob")?;
            decode_base64(&blob.content, path)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_with_line_breaks() {
        assert_eq!(decode_base64("aGVs\nbG8=\n", "x").unwrap(), "hello");
        assert!(decode_base64("!!", "x").is_err());
    }

    /// GitHub's example pull request (REST docs, "Get a pull request"), trimmed to the fields
    /// the typed model requires: typed and tolerant decodes agree.
    #[test]
    fn typed_and_tolerant_decodes_agree() {
        let v = serde_json::json!({
            "url": "https://api.github.com/repos/octocat/Hello-World/pulls/1347",
            "id": 1, "node_id": "MDExOlB1bGxSZXF1ZXN0MQ==", "number": 1347,
            "html_url": "https://github.com/octocat/Hello-World/pull/1347",
            "state": "closed", "locked": false, "title": "Amazing new feature",
            "merged": true, "merge_commit_sha": "e5bd3914e2e596debea16f433f57875b5b90bcd6",
            "merged_at": "2011-01-26T19:01:12Z",
            "head": {"label": "octocat:new-topic", "ref": "new-topic", "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e"},
            "base": {"label": "octocat:master", "ref": "master", "sha": "6dcb09b5b57875f334f61aebed695e2e4193db5e"}
        });
        let own: Pull = serde_json::from_value(v.clone()).unwrap();
        let typed =
            crate::api::decode::<octocrab::models::pulls::PullRequest, Pull>(v, "pr").unwrap();
        assert_eq!(own, typed);
        assert_eq!(typed.merged_at.as_deref(), Some("2011-01-26T19:01:12Z"));
    }
}
