//! The server-side facts of `relcut preflight` (and `/relcut preflight`), fetched from GitHub:
//! how krel's commit stands against kubernetes/release `master`, the token's scopes, the open
//! cut issues, the release branch's protection and the cut's release-blocking issues.
//! relcut-core's [`preflight`](relcut_core::preflight) decides. `/relcut preflight` fetches
//! only [`cut_facts`]: the others are the release manager's machine's.

use http::Method;
use relcut_core::preflight::{
    blocking_references, branch_to_protect, Blocker, Compare, CutFacts, OpenCut, TokenScopes,
};
use relcut_core::Tag;
use serde::Deserialize;

use relcut_github::client::{Client, GitHubError};
use relcut_github::issues;

use crate::checks::Endpoints;

/// Where the cut issues are, for the CLI.
const CUT_ISSUES: (&str, &str) = ("kubernetes", "sig-release");

/// The most release-blocking issues looked up (each costs a request).
pub const MAX_BLOCKERS: usize = 20;

/// What GitHub told, each fact on its own: one that could not be fetched does not hide the
/// others.
#[derive(Debug, Clone)]
pub struct GitHubFacts {
    pub krel_vs_master: Option<Result<Compare, String>>,
    pub token_scopes: Option<Result<TokenScopes, String>>,
    pub cut: CutFacts,
}

/// Which open issue is the cut's.
#[derive(Debug, Clone, Copy)]
pub enum Find {
    /// The one whose title names the tag (the CLI, given a tag).
    Tag,
    /// This issue (`/relcut preflight`, on the cut issue itself).
    Number(u64),
}

#[derive(Deserialize)]
struct CompareAnswer {
    status: String,
    ahead_by: u64,
    behind_by: u64,
}

/// `GET /repos/kubernetes/release/compare/COMMIT...master`: `ahead` means master has commits
/// that krel's commit lacks.
pub async fn compare_with_master(gh: &Client, commit: &str) -> Result<Compare, GitHubError> {
    let path = format!("/repos/kubernetes/release/compare/{commit}...master");
    let answer = match gh.call(Method::GET, &path, None).await {
        Ok(r) => r.json::<CompareAnswer>("compare")?,
        Err(GitHubError::NotFound { .. }) => return Ok(Compare::UnknownCommit),
        Err(e) => return Err(e),
    };
    Ok(match answer.status.as_str() {
        "identical" => Compare::Identical,
        "ahead" => Compare::Behind {
            by: answer.ahead_by,
        },
        "behind" => Compare::Ahead {
            by: answer.behind_by,
        },
        _ => Compare::Diverged {
            ahead: answer.behind_by,
            behind: answer.ahead_by,
        },
    })
}

/// `GET /user`: a classic token's `X-OAuth-Scopes`.
pub async fn token_scopes(gh: &Client) -> Result<TokenScopes, GitHubError> {
    let r = match gh.call(Method::GET, "/user", None).await {
        Ok(r) => r,
        Err(GitHubError::BadCredentials { .. }) => return Ok(TokenScopes::Rejected),
        Err(e) => return Err(e),
    };
    Ok(match r.headers.get("x-oauth-scopes") {
        None => TokenScopes::Unlisted,
        Some(v) => TokenScopes::Classic(
            v.to_str()
                .unwrap_or_default()
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        ),
    })
}

/// This cut's open issue in `repo`, read and weighed against the other open cut issues
/// exactly as `relcut cuts` does, and its body (for the blocking issues).
async fn this_cut(
    gh: &Client,
    repo: (&str, &str),
    tag: &Tag,
    find: Find,
) -> Result<Option<(OpenCut, String)>, GitHubError> {
    let open = issues::open_issues(gh, repo.0, repo.1).await?;
    let all = crate::cuts::weigh(&format!("{}/{}", repo.0, repo.1), &open);
    let tag = tag.to_string();
    let Some(c) = all.cuts.into_iter().find(|c| match find {
        Find::Tag => c.tag.as_deref() == Some(tag.as_str()),
        Find::Number(n) => c.number == n,
    }) else {
        return Ok(None);
    };
    let body = open
        .issues
        .iter()
        .find(|i| i.number == c.number)
        .map(|i| i.body.clone())
        .unwrap_or_default();
    Ok(Some((
        OpenCut {
            number: c.number,
            scheduled: c.scheduled,
            collisions: c.warnings.into_iter().map(|w| w.message).collect(),
        },
        body,
    )))
}

#[derive(Deserialize)]
struct BranchAnswer {
    protected: bool,
}

/// `GET /repos/kubernetes/kubernetes/branches/BRANCH`: `None` when there is no such branch.
pub async fn branch_protected(gh: &Client, branch: &str) -> Result<Option<bool>, GitHubError> {
    match gh
        .call(
            Method::GET,
            &format!("/repos/kubernetes/kubernetes/branches/{branch}"),
            None,
        )
        .await
    {
        Ok(r) => Ok(Some(r.json::<BranchAnswer>("branch")?.protected)),
        Err(GitHubError::NotFound { .. }) => Ok(None),
        Err(e) => Err(e),
    }
}

#[derive(Deserialize)]
struct StateAnswer {
    state: String,
}

async fn blockers(gh: &Client, body: &str) -> Vec<Blocker> {
    let mut out = Vec::new();
    for (reference, url) in blocking_references(body).into_iter().take(MAX_BLOCKERS) {
        let Some((repo, n)) = reference.split_once('#') else {
            continue;
        };
        let closed = match gh
            .call(Method::GET, &format!("/repos/{repo}/issues/{n}"), None)
            .await
            .and_then(|r| r.json::<StateAnswer>("issue"))
        {
            Ok(s) => Ok(s.state == "closed"),
            Err(e) => Err(e.to_string()),
        };
        out.push(Blocker {
            reference,
            url,
            closed,
        });
    }
    out
}

/// The facts of the cut itself (`/relcut preflight` and the CLI alike): the open cut issues of
/// `repo` (one listing, at most [`issues::MAX_PAGES`] pages), the release branch, and the
/// blocking issues listed in the cut issue (at most [`MAX_BLOCKERS`]).
pub async fn cut_facts(gh: &Client, repo: (&str, &str), tag: &Tag, find: Find) -> CutFacts {
    let (this_cut, blockers) = match this_cut(gh, repo, tag, find).await {
        Ok(Some((cut, body))) => (Some(Ok(Some(cut))), Some(Ok(blockers(gh, &body).await))),
        Ok(None) => (Some(Ok(None)), None),
        Err(e) => (Some(Err(e.to_string())), Some(Err(e.to_string()))),
    };
    let branch_protected = match branch_to_protect(tag) {
        Some(b) => Some(branch_protected(gh, &b).await.map_err(|e| e.to_string())),
        None => None,
    };
    CutFacts {
        this_cut,
        branch_protected,
        blockers,
    }
}

/// Every GitHub fact for a cut of `tag`; `krel_commit` is krel's GitCommit, if krel ran.
pub async fn github_facts(ep: &Endpoints, tag: &Tag, krel_commit: Option<&str>) -> GitHubFacts {
    let gh = match ep.github() {
        Ok(gh) => gh,
        Err(e) => {
            let e = e.to_string();
            return GitHubFacts {
                krel_vs_master: krel_commit.map(|_| Err(e.clone())),
                token_scopes: ep.token.as_ref().map(|_| Err(e.clone())),
                cut: CutFacts {
                    this_cut: Some(Err(e.clone())),
                    branch_protected: branch_to_protect(tag).map(|_| Err(e.clone())),
                    blockers: Some(Err(e)),
                },
            };
        }
    };
    let krel_vs_master = match krel_commit {
        Some(c) => Some(compare_with_master(&gh, c).await.map_err(|e| e.to_string())),
        None => None,
    };
    let token_scopes = match &ep.token {
        Some(_) => Some(token_scopes(&gh).await.map_err(|e| e.to_string())),
        None => None,
    };
    GitHubFacts {
        krel_vs_master,
        token_scopes,
        cut: cut_facts(&gh, CUT_ISSUES, tag, Find::Tag).await,
    }
}
