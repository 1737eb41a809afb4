//! The token of a person at a terminal, found the way GitHub's own CLI finds one: `GH_TOKEN`,
//! else `GITHUB_TOKEN`, else what `gh auth token` prints when gh is installed and signed in,
//! else none (anonymous: GitHub allows 60 requests an hour). The token is never printed.

use std::io::Read;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use secrecy::SecretString;

/// How long `gh auth token` may take: it only reads its config or the keyring.
pub const GH_TIMEOUT: Duration = Duration::from_secs(3);

/// What GitHub allows a caller without a token, per hour and address.
pub const ANONYMOUS_LIMIT: u32 = 60;

/// Where the token came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    GhToken,
    GithubToken,
    GhCli,
    Anonymous,
}

/// A token (or none) and where it came from. `Debug` leaves the value out.
#[derive(Clone)]
pub struct Token {
    pub value: Option<SecretString>,
    pub origin: Origin,
}

impl std::fmt::Debug for Token {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Token")
            .field("origin", &self.origin)
            .finish_non_exhaustive()
    }
}

impl Token {
    /// The line to say once when there is no token.
    pub fn anonymous_note(&self) -> Option<String> {
        (self.origin == Origin::Anonymous).then(|| format!(
            "relcut: no token (GH_TOKEN, GITHUB_TOKEN or `gh auth login`): calling GitHub anonymously, which allows {ANONYMOUS_LIMIT} requests an hour"
        ))
    }
}

/// The host gh keys its sign-in by, for an API URL: `github.com` for `https://api.github.com`,
/// the server's own name for GitHub Enterprise (`https://ghe.example/api/v3`).
pub fn gh_host(api_url: &str) -> String {
    let rest = api_url.split_once("://").map_or(api_url, |(_, r)| r);
    let host = rest.split(['/', '?']).next().unwrap_or_default();
    if host.eq_ignore_ascii_case("api.github.com") {
        "github.com".into()
    } else {
        host.to_string()
    }
}

/// From `env` (a variable lookup), else from `gh` (the program to run, `gh` unless a test
/// names another) for `api_url`'s host.
pub fn find(env: &dyn Fn(&str) -> Option<String>, gh: &str, api_url: &str) -> Token {
    let var = |k: &str| {
        env(k)
            .map(|v| v.trim().to_string())
            .filter(|v| !v.is_empty())
    };
    if let Some(t) = var("GH_TOKEN") {
        return Token {
            value: Some(t.into()),
            origin: Origin::GhToken,
        };
    }
    if let Some(t) = var("GITHUB_TOKEN") {
        return Token {
            value: Some(t.into()),
            origin: Origin::GithubToken,
        };
    }
    match gh_auth_token(gh, &gh_host(api_url), GH_TIMEOUT) {
        Some(t) => Token {
            value: Some(t.into()),
            origin: Origin::GhCli,
        },
        None => Token {
            value: None,
            origin: Origin::Anonymous,
        },
    }
}

/// `gh auth token --hostname HOST`, if gh is installed, signed in and answers within
/// `timeout`; its stderr is dropped and a gh that hangs is killed.
pub fn gh_auth_token(gh: &str, host: &str, timeout: Duration) -> Option<String> {
    let mut child = Command::new(gh)
        .args(["auth", "token", "--hostname", host])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .ok()?;
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() < timeout => std::thread::sleep(Duration::from_millis(10)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                return None;
            }
        }
    };
    if !status.success() {
        return None;
    }
    let mut out = String::new();
    child.stdout.take()?.read_to_string(&mut out).ok()?;
    let token = out.trim();
    // One word of printable ASCII, or it is not a token (a message, a prompt).
    (!token.is_empty() && token.bytes().all(|b| b.is_ascii_graphic())).then(|| token.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn env(pairs: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<String> {
        move |k| {
            pairs
                .iter()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| (*v).to_string())
        }
    }

    #[test]
    fn gh_token_then_github_token_then_gh_then_nothing() {
        let none = "/nonexistent/relcut-test-gh";
        let both = env(&[("GH_TOKEN", "a"), ("GITHUB_TOKEN", "b")]);
        let t = find(&both, none, "https://api.github.com");
        assert_eq!(
            (
                t.value.as_ref().map(secrecy::ExposeSecret::expose_secret),
                t.origin
            ),
            (Some("a"), Origin::GhToken)
        );
        let blank = env(&[("GH_TOKEN", " "), ("GITHUB_TOKEN", "b")]);
        let t = find(&blank, none, "https://api.github.com");
        assert_eq!(
            (
                t.value.as_ref().map(secrecy::ExposeSecret::expose_secret),
                t.origin
            ),
            (Some("b"), Origin::GithubToken)
        );
        let t = find(&env(&[]), none, "https://api.github.com");
        assert_eq!(
            (
                t.value.as_ref().map(secrecy::ExposeSecret::expose_secret),
                t.origin
            ),
            (None, Origin::Anonymous)
        );
        assert!(t
            .anonymous_note()
            .is_some_and(|n| n.contains("60 requests an hour")));
    }

    #[test]
    fn debug_never_shows_the_token() {
        let t = Token {
            value: Some("ghp_secret".into()),
            origin: Origin::GhCli,
        };
        assert!(!format!("{t:?}").contains("secret"));
        assert_eq!(t.anonymous_note(), None);
    }

    #[test]
    fn hosts_as_gh_names_them() {
        assert_eq!(gh_host("https://api.github.com"), "github.com");
        assert_eq!(gh_host("https://ghe.example/api/v3"), "ghe.example");
        assert_eq!(gh_host("http://127.0.0.1:4000"), "127.0.0.1:4000");
    }

    #[cfg(unix)]
    #[test]
    fn gh_is_asked_with_a_timeout() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("relcut-gh-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let script = |name: &str, text: &str| {
            let p = dir.join(name);
            std::fs::write(&p, text).unwrap();
            std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
            p.to_string_lossy().into_owned()
        };
        let ok = script("gh-ok", "#!/bin/sh\n[ \"$1 $2 $3 $4\" = \"auth token --hostname github.com\" ] && echo gho_fromGh\n");
        assert_eq!(
            gh_auth_token(&ok, "github.com", GH_TIMEOUT).as_deref(),
            Some("gho_fromGh")
        );
        assert_eq!(gh_auth_token(&ok, "ghe.example", GH_TIMEOUT), None);
        let out = script(
            "gh-out",
            "#!/bin/sh\necho 'You are not logged into any GitHub hosts.' >&2\nexit 1\n",
        );
        assert_eq!(gh_auth_token(&out, "github.com", GH_TIMEOUT), None);
        let slow = script("gh-slow", "#!/bin/sh\nexec sleep 5\n");
        let start = Instant::now();
        assert_eq!(
            gh_auth_token(&slow, "github.com", Duration::from_millis(200)),
            None
        );
        assert!(start.elapsed() < Duration::from_secs(2));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
