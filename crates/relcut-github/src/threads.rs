//! An issue on any repository read as a thread: its state and comment count, and one page of
//! its comments, so a caller reads the newest pages first and stops when it has what it needs,
//! however many comments the issue has.

use http::Method;
use serde::Deserialize;

use crate::api::Comment;
use crate::client::{Client, GitHubError};

pub use crate::api::PER_PAGE;

/// An issue's state (`open`, `closed`) and how many comments it has.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Thread {
    pub state: String,
    #[serde(default)]
    pub comments: u64,
}

impl Thread {
    /// The number of the last page of comments (1 when there are none).
    pub fn last_page(&self) -> u64 {
        self.comments.div_ceil(PER_PAGE).max(1)
    }
}

/// `GET /repos/{repo}/issues/{n}` (`repo` is `owner/name`): its state and comment count.
pub async fn thread(gh: &Client, repo: &str, n: u64) -> Result<Thread, GitHubError> {
    gh.call(Method::GET, &format!("/repos/{repo}/issues/{n}"), None)
        .await?
        .json("issue")
}

/// One page of an issue's comments, oldest first as GitHub lists them.
pub async fn page(gh: &Client, repo: &str, n: u64, page: u64) -> Result<Vec<Comment>, GitHubError> {
    gh.call(
        Method::GET,
        &format!("/repos/{repo}/issues/{n}/comments?per_page={PER_PAGE}&page={page}"),
        None,
    )
    .await?
    .json::<Vec<serde_json::Value>>("issue comments")?
    .into_iter()
    .map(crate::api::comment)
    .collect()
}
