//! prow and its records: Deck's job list (`prowjobs.js`), the runs' records on GCS (`started.json`,
//! `finished.json`, a listing of a job's builds) and testgrid's dashboard summaries, with the few
//! fields relcut reads.

use std::collections::BTreeMap;

use http::Method;
use serde::Deserialize;

use crate::client::{Client, GitHubError};

/// One prow job as Deck lists it, flattened to the fields relcut reads.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProwJob {
    pub job: Option<String>,
    pub base_sha: Option<String>,
    pub state: Option<String>,
    pub start_time: Option<String>,
    pub url: Option<String>,
}

#[derive(Deserialize)]
struct Jobs {
    #[serde(default)]
    items: Vec<Item>,
}

#[derive(Deserialize)]
struct Item {
    spec: Spec,
    #[serde(default)]
    status: Option<Status>,
}

#[derive(Deserialize)]
struct Spec {
    #[serde(default)]
    job: Option<String>,
    #[serde(default)]
    refs: Option<Refs>,
}

#[derive(Deserialize)]
struct Refs {
    #[serde(default)]
    base_sha: Option<String>,
}

#[derive(Deserialize)]
struct Status {
    #[serde(default)]
    state: Option<String>,
    #[serde(default, rename = "startTime")]
    start_time: Option<String>,
    #[serde(default)]
    url: Option<String>,
}

/// Deck's whole job list, without the fields relcut never reads (one request).
pub async fn jobs(deck: &Client) -> Result<Vec<ProwJob>, GitHubError> {
    let jobs: Jobs = deck
        .call(
            Method::GET,
            "/prowjobs.js?omit=annotations,labels,decoration_config,pod_spec",
            None,
        )
        .await?
        .json("prowjobs.js")?;
    Ok(jobs
        .items
        .into_iter()
        .map(|i| {
            let status = i.status;
            ProwJob {
                job: i.spec.job,
                base_sha: i.spec.refs.and_then(|r| r.base_sha),
                state: status.as_ref().and_then(|s| s.state.clone()),
                start_time: status.as_ref().and_then(|s| s.start_time.clone()),
                url: status.and_then(|s| s.url),
            }
        })
        .collect())
}

/// A run's `started.json`: what it ran for.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Started {
    #[serde(default)]
    pub repos: BTreeMap<String, String>,
    #[serde(default, rename = "repo-commit")]
    pub repo_commit: Option<String>,
}

/// A run's `finished.json`.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct Finished {
    #[serde(default)]
    pub passed: Option<bool>,
    #[serde(default)]
    pub result: Option<String>,
}

/// The build "directories" of a job in a bucket from `start_offset` on, at most `max` (one
/// request: GCS's JSON API lists them in name order).
pub async fn builds(
    gcs: &Client,
    bucket: &str,
    prefix: &str,
    start_offset: &str,
    max: usize,
) -> Result<Vec<String>, GitHubError> {
    #[derive(Deserialize)]
    struct Listing {
        #[serde(default)]
        prefixes: Vec<String>,
    }
    let path = format!(
        "/storage/v1/b/{bucket}/o?prefix={prefix}&delimiter=/&startOffset={start_offset}&maxResults={max}"
    );
    let list: Listing = gcs
        .call(Method::GET, &path, None)
        .await?
        .json("GCS listing")?;
    Ok(list.prefixes)
}

/// A run's record (`started.json`, `finished.json`) under `base`; `None` when it is not
/// there (yet) or not readable.
pub async fn record<T: serde::de::DeserializeOwned>(
    gcs: &Client,
    base: &str,
    file: &str,
) -> Result<Option<T>, GitHubError> {
    match gcs.call(Method::GET, &format!("{base}/{file}"), None).await {
        Ok(r) => Ok(r.json(file).ok()),
        Err(GitHubError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

/// One tab of a testgrid dashboard's summary: its state (`PASSING`, `FLAKY`, `FAILING`) and
/// its dashboard.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
pub struct Tab {
    #[serde(default)]
    pub overall_status: String,
    #[serde(default)]
    pub dashboard_name: String,
}

/// A testgrid dashboard's summary: tab name → its state (one request).
pub async fn testgrid_summary(
    testgrid: &Client,
    dashboard: &str,
) -> Result<BTreeMap<String, Tab>, GitHubError> {
    testgrid
        .call(Method::GET, &format!("/{dashboard}/summary"), None)
        .await?
        .json("testgrid summary")
}
