//! The event file (`GITHUB_EVENT_PATH`): only the fields relcut reads, so that payload changes
//! elsewhere never break it.

use serde::Deserialize;

use crate::api::User;

#[derive(Debug, Clone, Deserialize)]
pub struct Label {
    pub name: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EventIssue {
    pub number: u64,
    pub title: String,
    #[serde(default)]
    pub body: Option<String>,
    #[serde(default)]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub labels: Vec<Label>,
    /// Present when the "issue" is a pull request.
    #[serde(default)]
    pub pull_request: Option<serde_json::Value>,
    #[serde(default)]
    pub html_url: Option<String>,
    /// Who opened the issue: relcut acts only on cuts opened (or labelled) by someone with
    /// `min-permission`.
    #[serde(default)]
    pub user: Option<User>,
    /// Who the issue is assigned to: the people a go or a stop is told to.
    #[serde(default)]
    pub assignees: Vec<User>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct EventComment {
    pub id: u64,
    #[serde(default)]
    pub body: Option<String>,
    pub user: User,
    #[serde(default)]
    pub html_url: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct Event {
    #[serde(default)]
    pub action: Option<String>,
    #[serde(default)]
    pub issue: Option<EventIssue>,
    #[serde(default)]
    pub comment: Option<EventComment>,
    #[serde(default)]
    pub sender: Option<User>,
}

impl Event {
    pub fn parse(text: &str) -> Result<Event, String> {
        serde_json::from_str(text)
            .map_err(|e| format!("the event file is not a GitHub event payload: {e}"))
    }
}
