//! An issue's label events (`GET /repos/{owner}/{repo}/issues/{n}/events`), for the
//! trusted-cut rule: who applied a label, and whether it was removed after. Plain types; the
//! rule itself is `relcut_core::trust`.

use http::Method;
use serde::Deserialize;
use serde_json::Value;

use crate::api::Repo;
use crate::client::GitHubError;

/// Pages of events read per issue: a cut issue has tens of events; a stranger who labels and
/// unlabels an issue thousands of times is not read past this (the later pages are not read,
/// so such an issue stays untrusted unless its author is trusted).
pub const MAX_EVENT_PAGES: usize = 3;

/// A label applied (`added`) or removed, by `actor`, oldest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelChange {
    pub actor: String,
    pub label: String,
    pub added: bool,
}

/// One entry of the events API, as GitHub sends it; only label events are kept.
#[derive(Debug, Clone, Deserialize)]
struct IssueEvent {
    event: String,
    #[serde(default)]
    actor: Option<Actor>,
    #[serde(default)]
    label: Option<Label>,
}

#[derive(Debug, Clone, Deserialize)]
struct Actor {
    login: String,
}

#[derive(Debug, Clone, Deserialize)]
struct Label {
    name: String,
}

impl Repo<'_> {
    /// The label changes of issue `number`, oldest first, from at most [`MAX_EVENT_PAGES`]
    /// pages of 100.
    pub async fn label_changes(&self, number: u64) -> Result<Vec<LabelChange>, GitHubError> {
        let mut out = Vec::new();
        for page in 1..=MAX_EVENT_PAGES {
            let path = format!(
                "/repos/{}/{}/issues/{number}/events?per_page=100&page={page}",
                self.owner, self.name
            );
            let events: Vec<Value> = self
                .client
                .call(Method::GET, &path, None)
                .await?
                .json("issue events")?;
            let n = events.len();
            out.extend(events.into_iter().filter_map(label_change));
            if n < 100 {
                break;
            }
        }
        Ok(out)
    }
}

fn label_change(v: Value) -> Option<LabelChange> {
    let e: IssueEvent = serde_json::from_value(v).ok()?;
    let added = match e.event.as_str() {
        "labeled" => true,
        "unlabeled" => false,
        _ => return None,
    };
    Some(LabelChange {
        actor: e.actor?.login,
        label: e.label?.name,
        added,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn label_events_as_github_sends_them() {
        // The shape of GitHub's docs example for a `labeled` event (ids and URLs trimmed).
        let labeled = serde_json::json!({
            "id": 1, "node_id": "MDEwOklzc3VlRXZlbnQx", "url": "https://api.github.com/repos/o/r/issues/events/1",
            "actor": {"login": "octocat", "id": 1, "type": "User"},
            "event": "labeled", "commit_id": null, "commit_url": null,
            "created_at": "2011-04-14T16:00:49Z",
            "label": {"name": "release-cut", "color": "ededed"},
            "performed_via_github_app": null
        });
        assert_eq!(
            label_change(labeled.clone()),
            Some(LabelChange {
                actor: "octocat".into(),
                label: "release-cut".into(),
                added: true
            })
        );
        let mut assigned = labeled.clone();
        assigned["event"] = "assigned".into();
        assert_eq!(label_change(assigned), None);
        let mut ghost = labeled;
        ghost["actor"] = Value::Null;
        assert_eq!(
            label_change(ghost),
            None,
            "a deleted account applies nothing"
        );
    }
}
