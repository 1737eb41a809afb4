//! Reading a cut issue from a file or stdin: Markdown (optionally with front matter), a GitHub
//! issue JSON, or a webhook payload holding one; or live from GitHub, named
//! `kubernetes/sig-release#3200`, `#3200` (in `--repo`) or by its URL.

use std::io::{IsTerminal, Read};

use anyhow::Context;
use relcut_action::checks::{self, Endpoints};
use relcut_core::checklist;
use relcut_core::issue_ref::{IssueLink, IssueRef, IssueSource, RefError, Repo};
use relcut_github::client::GitHubError;
use relcut_github::{issues, token};

use super::exit::Input;

pub struct Issue {
    pub title: Option<String>,
    pub created_at: Option<String>,
    /// The body, front matter blanked out so that line numbers are the file's.
    pub body: String,
    /// The raw text, for edits that write it back.
    pub raw: String,
    pub body_offset: usize,
    pub is_json: bool,
    /// The live issue it was read from, for `--json` (`issue`: number, repo, url).
    pub link: Option<IssueLink>,
}

pub fn read_text(path: &str) -> anyhow::Result<String> {
    if path == "-" {
        if std::io::stdin().is_terminal() {
            // Otherwise a person sees a silent wait and thinks relcut hangs.
            eprintln!(
                "relcut: reading from stdin: paste the text, then press Ctrl-D (Ctrl-Z on Windows)"
            );
        }
        let mut s = String::new();
        std::io::stdin()
            .read_to_string(&mut s)
            .context("reading stdin")?;
        return Ok(s);
    }
    std::fs::read_to_string(path).with_context(|| format!("cannot read `{path}`: check the path"))
}

pub fn load(path: &str) -> anyhow::Result<Issue> {
    let raw = read_text(path)?;
    if raw.trim_start().starts_with('{') {
        let v: serde_json::Value = serde_json::from_str(&raw)
            .with_context(|| format!("`{path}` starts like JSON but is not valid JSON"))?;
        let issue = v.get("issue").unwrap_or(&v);
        let field = |k: &str| issue.get(k).and_then(|x| x.as_str()).map(str::to_string);
        if issue.get("body").is_none() && issue.get("title").is_none() {
            anyhow::bail!("`{path}` is JSON without `title` or `body`: give a GitHub issue (or an `issues` event payload), or the issue body as Markdown");
        }
        let body = field("body").unwrap_or_default();
        return Ok(Issue {
            title: field("title"),
            created_at: field("created_at"),
            body: body.clone(),
            raw: body,
            body_offset: 0,
            is_json: true,
            link: None,
        });
    }
    let doc = checklist::split_front_matter(&raw);
    Ok(Issue {
        title: doc.title,
        created_at: doc.created_at,
        body: doc.body,
        body_offset: doc.body_offset,
        raw,
        is_json: false,
        link: None,
    })
}

/// Why a 404 may be the token's doing.
fn private_hint(anonymous: bool) -> &'static str {
    if anonymous {
        "; a private repository answers 404 without a token: set GH_TOKEN or GITHUB_TOKEN, or run `gh auth login`"
    } else {
        "; a private repository answers 404 to a token that cannot see it"
    }
}

/// A reference that is not one (exit 1), with its fix.
pub fn bad_reference(e: RefError) -> anyhow::Error {
    Input::new(e.to_string(), e.hint()).into()
}

/// The GitHub endpoints with a person's token ([`token::find`]: `GH_TOKEN`, `GITHUB_TOKEN`,
/// `gh auth token`, looked up once per run); `RELCUT_GH` names another gh program (tests).
pub fn github_endpoints() -> (Endpoints, token::Token) {
    static FOUND: std::sync::OnceLock<token::Token> = std::sync::OnceLock::new();
    let mut ep = super::out::endpoints();
    let found = FOUND
        .get_or_init(|| {
            let gh = std::env::var("RELCUT_GH").unwrap_or_else(|_| "gh".into());
            token::find(&|k| std::env::var(k).ok(), &gh, &ep.github)
        })
        .clone();
    ep.token.clone_from(&found.value);
    (ep, found)
}

/// The same endpoints, saying once on stderr when there is no token.
pub fn github_endpoints_noted() -> Endpoints {
    let (ep, found) = github_endpoints();
    if let Some(note) = found.anonymous_note() {
        eprintln!("{note}");
    }
    ep
}

/// A 404 from GitHub for the issue `reference` (or, with `repo_only`, the repository): wrong
/// input (exit 1) with its fix; other errors stay GitHub's.
pub fn not_found(
    e: GitHubError,
    reference: &str,
    repo_only: bool,
    ep: &Endpoints,
) -> anyhow::Error {
    if !matches!(e, GitHubError::NotFound { .. }) {
        return e.into();
    }
    let private = private_hint(ep.token.is_none());
    let api = &ep.github;
    if repo_only {
        Input::new(
            format!("the repository {reference} was not found (404 at GitHub {api})"),
            format!("check `--repo OWNER/NAME`{private}"),
        )
    } else {
        Input::new(
            format!("{reference} was not found (404 at GitHub {api})"),
            format!("check the number and the repository (`--repo OWNER/NAME`, default kubernetes/sig-release){private}"),
        )
    }
    .into()
}

/// `arg` as a file, `-`, or a live issue (`#N` in `repo`, `OWNER/REPO#N`, its URL).
pub fn load_arg(arg: &str, repo: &str) -> anyhow::Result<Issue> {
    let repo = Repo::parse(repo).map_err(bad_reference)?;
    match IssueSource::parse(arg, &repo).map_err(bad_reference)? {
        IssueSource::Issue(r) => fetch(&r),
        IssueSource::Stdin | IssueSource::File(_) => load(arg),
    }
}

/// The live issue `r`: title, body and `created_at` from GitHub.
pub fn fetch(r: &IssueRef) -> anyhow::Result<Issue> {
    let ep = github_endpoints_noted();
    let got = checks::block_on(async {
        let gh = ep.github()?;
        issues::issue(&gh, &r.repo.owner, &r.repo.name, r.number).await
    })?;
    let live = got.map_err(|e| not_found(e, &r.to_string(), false, &ep))?;
    if live.pull_request {
        return Err(Input::new(
            format!("{r} is a pull request, not an issue"),
            "give the cut issue's number",
        )
        .into());
    }
    // GitHub's page for it; the computed one when the answer's is not a plain URL.
    let url = live
        .html_url
        .filter(|u| {
            u.starts_with("https://") && !u.contains(|c: char| c.is_whitespace() || c.is_control())
        })
        .unwrap_or_else(|| r.url());
    Ok(Issue {
        title: Some(live.title),
        created_at: live.created_at,
        body: live.body.clone(),
        raw: live.body,
        body_offset: 0,
        is_json: true,
        link: Some(IssueLink {
            number: r.number,
            repo: r.repo.to_string(),
            url,
        }),
    })
}

/// `value` as JSON, with `issue` (number, repo, url) when it was read live.
pub fn with_link<T: serde::Serialize>(
    value: &T,
    link: Option<&IssueLink>,
) -> anyhow::Result<serde_json::Value> {
    let mut v = serde_json::to_value(value)?;
    if let (Some(link), Some(obj)) = (link, v.as_object_mut()) {
        obj.insert("issue".into(), serde_json::to_value(link)?);
    }
    Ok(v)
}
