//! Where a cut issue is read from, as a release manager names it: a file, `-` for stdin, or
//! the live issue on GitHub (`kubernetes/sig-release#3200`, `#3200`, or its URL).
//!
//! The shape decides, never the disk: an argument that starts with `#`, or is `OWNER/REPO#N`,
//! or an `http(s)://` URL, is a reference; anything else is a file (write `./NAME` for a file
//! whose name looks like a reference).
//!
//! ```
//! use relcut_core::issue_ref::{IssueSource, Repo};
//!
//! let default = Repo::parse("kubernetes/sig-release").unwrap();
//! let IssueSource::Issue(r) = IssueSource::parse("#3200", &default).unwrap() else { panic!() };
//! assert_eq!(r.to_string(), "kubernetes/sig-release#3200");
//! let e = IssueSource::parse("https://github.com/kubernetes/k8s.io/pull/9811", &default);
//! assert!(e.unwrap_err().to_string().contains("pull request"));
//! ```

use std::fmt;

use serde::Serialize;

/// The repository of the cut issues.
pub const DEFAULT_REPO: &str = "kubernetes/sig-release";

/// A GitHub repository, `OWNER/NAME`, checked against GitHub's rules for both names.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Repo {
    pub owner: String,
    pub name: String,
}

const REPO_FIX: &str = "write it OWNER/NAME, for example kubernetes/sig-release";
const NUMBER_FIX: &str = "write #N or OWNER/REPO#N with N a positive number, for example #3200";
const PULL_FIX: &str = "give the cut issue (https://github.com/OWNER/REPO/issues/N)";
const URL_FIX: &str = "give https://github.com/OWNER/REPO/issues/N (for GitHub Enterprise: OWNER/REPO#N with GITHUB_API_URL set)";

/// A wrong reference, with its fix ([`RefError::hint`], also at the end of the message).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RefError {
    #[error("`{0}` is not a repository: {REPO_FIX}")]
    BadRepo(String),
    #[error("`{0}` does not end in an issue number: {NUMBER_FIX}")]
    BadNumber(String),
    #[error("`{0}` is a pull request, not an issue: {PULL_FIX}")]
    PullRequest(String),
    #[error("`{0}` is not a link to a GitHub issue: {URL_FIX}")]
    BadUrl(String),
}

impl RefError {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            RefError::BadRepo(_) => REPO_FIX,
            RefError::BadNumber(_) => NUMBER_FIX,
            RefError::PullRequest(_) => PULL_FIX,
            RefError::BadUrl(_) => URL_FIX,
        }
    }
}

impl Repo {
    /// `owner/name`: an owner of 1 to 39 letters, digits and inner hyphens, a name of 1 to 100
    /// letters, digits, `.`, `-` and `_` (not `.` or `..`).
    pub fn parse(s: &str) -> Result<Repo, RefError> {
        let bad = || RefError::BadRepo(s.to_string());
        let (owner, name) = s.split_once('/').ok_or_else(bad)?;
        let owner_ok = (1..=39).contains(&owner.len())
            && owner
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'-')
            && !owner.starts_with('-')
            && !owner.ends_with('-');
        let name_ok = (1..=100).contains(&name.len())
            && name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
            && name != "."
            && name != "..";
        if owner_ok && name_ok {
            Ok(Repo {
                owner: owner.to_string(),
                name: name.to_string(),
            })
        } else {
            Err(bad())
        }
    }
}

impl fmt::Display for Repo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.owner, self.name)
    }
}

/// One issue of one repository.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct IssueRef {
    pub repo: Repo,
    pub number: u64,
}

impl IssueRef {
    /// The issue's page on github.com.
    pub fn url(&self) -> String {
        format!("https://github.com/{}/issues/{}", self.repo, self.number)
    }
}

impl fmt::Display for IssueRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.repo, self.number)
    }
}

/// The issue a report was read from, as `--json` names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct IssueLink {
    pub number: u64,
    /// `owner/name`.
    pub repo: String,
    /// The issue's page, as GitHub gave it (`html_url`).
    pub url: String,
}

/// What an input argument names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IssueSource {
    Stdin,
    File(String),
    Issue(IssueRef),
}

impl IssueSource {
    /// Reads `arg`: `-`, a URL, `#N` (in `default_repo`), `OWNER/REPO#N`, or a file path.
    pub fn parse(arg: &str, default_repo: &Repo) -> Result<IssueSource, RefError> {
        if arg == "-" {
            return Ok(IssueSource::Stdin);
        }
        if let Some(rest) = arg
            .strip_prefix("https://")
            .or_else(|| arg.strip_prefix("http://"))
        {
            return from_url(arg, rest).map(IssueSource::Issue);
        }
        // `./notes#1.md`, `/tmp/x#2`: explicitly a path.
        if arg.starts_with("./") || arg.starts_with('/') {
            return Ok(IssueSource::File(arg.to_string()));
        }
        let Some((left, number)) = arg.rsplit_once('#') else {
            return Ok(IssueSource::File(arg.to_string()));
        };
        let repo = if left.is_empty() {
            default_repo.clone()
        } else if looks_like_repo(left) {
            Repo::parse(left)?
        } else {
            return Ok(IssueSource::File(arg.to_string()));
        };
        Ok(IssueSource::Issue(IssueRef {
            repo,
            number: number_of(number).map_err(|_| RefError::BadNumber(arg.to_string()))?,
        }))
    }
}

/// `a/b` with no further slash and no dot-path or space: meant as a repository.
fn looks_like_repo(s: &str) -> bool {
    s.matches('/').count() == 1 && !s.contains(char::is_whitespace) && !s.starts_with('.')
}

fn number_of(s: &str) -> Result<u64, RefError> {
    s.parse::<u64>()
        .ok()
        .filter(|n| *n > 0 && s.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| RefError::BadNumber(s.to_string()))
}

/// `github.com/OWNER/REPO/issues/N[/...][?...][#...]`.
fn from_url(url: &str, rest: &str) -> Result<IssueRef, RefError> {
    let bad = || RefError::BadUrl(url.to_string());
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let mut parts = rest.split('/');
    let host = parts.next().unwrap_or_default().to_ascii_lowercase();
    if host != "github.com" && host != "www.github.com" {
        return Err(bad());
    }
    let (Some(owner), Some(name), Some(kind), Some(number)) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let repo = Repo::parse(&format!("{owner}/{name}")).map_err(|_| bad())?;
    match kind {
        "issues" => Ok(IssueRef {
            repo,
            number: number_of(number).map_err(|_| bad())?,
        }),
        "pull" | "pulls" => Err(RefError::PullRequest(url.to_string())),
        _ => Err(bad()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<IssueSource, RefError> {
        IssueSource::parse(s, &Repo::parse(DEFAULT_REPO).unwrap())
    }

    fn issue(repo: &str, number: u64) -> IssueSource {
        IssueSource::Issue(IssueRef {
            repo: Repo::parse(repo).unwrap(),
            number,
        })
    }

    #[test]
    fn references_in_every_form() {
        assert_eq!(parse("#3200"), Ok(issue("kubernetes/sig-release", 3200)));
        assert_eq!(
            parse("kubernetes/sig-release#3200"),
            Ok(issue("kubernetes/sig-release", 3200))
        );
        assert_eq!(
            parse("octo-org/my.repo_1#7"),
            Ok(issue("octo-org/my.repo_1", 7))
        );
        for url in [
            "https://github.com/kubernetes/sig-release/issues/3200",
            "https://github.com/kubernetes/sig-release/issues/3200/",
            "https://github.com/kubernetes/sig-release/issues/3200#issuecomment-1",
            "https://github.com/kubernetes/sig-release/issues/3200?x=1",
            "http://www.github.com/kubernetes/sig-release/issues/3200",
        ] {
            assert_eq!(
                parse(url),
                Ok(issue("kubernetes/sig-release", 3200)),
                "{url}"
            );
        }
    }

    #[test]
    fn files_and_stdin() {
        assert_eq!(parse("-"), Ok(IssueSource::Stdin));
        for f in [
            "examples/cut.md",
            "cut.md",
            "./kubernetes/sig-release#3200",
            "/tmp/a#1",
            "notes#draft.md",
            "a/b/c#1",
        ] {
            assert_eq!(parse(f), Ok(IssueSource::File(f.into())), "{f}");
        }
    }

    #[test]
    fn wrong_references_say_how_to_fix_them() {
        let e = |s: &str| parse(s).unwrap_err().to_string();
        assert_eq!(e("#0"), "`#0` does not end in an issue number: write #N or OWNER/REPO#N with N a positive number, for example #3200");
        assert!(e("#32oo").contains("`#32oo` does not end in an issue number"));
        assert!(e("kubernetes/sig-release#").contains("does not end in an issue number"));
        assert!(e("-kubernetes/x#1").contains("OWNER/NAME"));
        assert!(e("https://github.com/kubernetes/k8s.io/pull/9811").contains("pull request"));
        assert!(e("https://gitlab.com/a/b/issues/1").contains("GITHUB_API_URL"));
        assert!(e("https://github.com/a/b").contains("OWNER/REPO/issues/N"));
        assert!(e("https://github.com/a/b/issues/x").contains("OWNER/REPO/issues/N"));
    }

    #[test]
    fn repositories_as_github_names_them() {
        assert!(Repo::parse("kubernetes/sig-release").is_ok());
        for bad in [
            "kubernetes",
            "a/",
            "/b",
            "a/b/c",
            "a b/c",
            "a/..",
            "-a/b",
            "a_b/c",
        ] {
            assert_eq!(
                Repo::parse(bad),
                Err(RefError::BadRepo(bad.into())),
                "{bad}"
            );
        }
        let r = IssueRef {
            repo: Repo::parse("kubernetes/sig-release").unwrap(),
            number: 2954,
        };
        assert_eq!(
            r.url(),
            "https://github.com/kubernetes/sig-release/issues/2954"
        );
    }
}
