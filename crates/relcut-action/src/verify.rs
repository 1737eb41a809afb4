//! `verify-release`'s glue, the one both front ends run: `relcut verify-release` and the
//! release-live gate of the scheduled refresh. relcut-core's [`Plan`] says which URLs to ask
//! and judges the answers; relcut-github's probes ask them; this turns one into the other.
//!
//! Bounded as one check ([`Limits`], stated in the README): 8 requests in flight, 800 in all
//! (tokens and redirects included), 10 s per request, 60 s for the whole check, and never past
//! the run's own deadline; a host that lets one request time out is not asked again in that
//! check. The requests to GitHub (the release, the CHANGELOG, images.yaml, the website's
//! schedule: at most five) are counted in the run's [`Session`], against the same budget as
//! every other GitHub request of the run.

use std::time::{Duration, Instant};

use relcut_core::live::{self, Bases, Mirror, MirrorError, Plan, Replies, Reply, Report, Request};
use relcut_github::client::Session;
use relcut_github::probe::{self, Limits, Probe};
use relcut_github::{ExposeSecret, SecretString};

/// How far to go, and the token for GitHub (sent to the plan's GitHub API only; a redirect
/// elsewhere drops it).
#[derive(Debug, Clone)]
pub struct Verify {
    pub limits: Limits,
    pub token: Option<SecretString>,
}

/// The base URLs from flags (`None`: not given), else the environment variables of the same
/// names (`RELCUT_REGISTRY_URL`, `RELCUT_DL_URL`, `RELCUT_PKGS_URL`, `GITHUB_API_URL`,
/// `RELCUT_REGISTRY_MIRRORS`), else the real services.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub registry_url: Option<String>,
    pub dl_url: Option<String>,
    pub pkgs_url: Option<String>,
    pub github_api_url: Option<String>,
    pub registry_mirrors: Option<String>,
}

impl Flags {
    /// The bases, `var` reading the environment.
    pub fn bases(self, var: &dyn Fn(&str) -> Option<String>) -> Result<Bases, MirrorError> {
        let base = |flag: Option<String>, name: &str, default: &str| {
            flag.or_else(|| var(name).filter(|v| !v.is_empty()))
                .unwrap_or_else(|| default.to_string())
        };
        let mirrors = match self
            .registry_mirrors
            .or_else(|| var("RELCUT_REGISTRY_MIRRORS"))
        {
            Some(list) => Mirror::parse_list(&list)?,
            None => Bases::default().mirrors,
        };
        Ok(Bases {
            registry: base(self.registry_url, "RELCUT_REGISTRY_URL", live::REGISTRY_URL),
            dl: base(self.dl_url, "RELCUT_DL_URL", live::DL_URL),
            pkgs: base(self.pkgs_url, "RELCUT_PKGS_URL", live::PKGS_URL),
            github_api: base(self.github_api_url, "GITHUB_API_URL", live::GITHUB_API_URL),
            mirrors,
        })
    }
}

/// The bounds of one check (see the module docs). `RELCUT_VERIFY_TIMEOUT_MS` (`timeout_ms`)
/// shortens the whole (tests), each request then getting a third of it.
pub fn limits(timeout_ms: Option<String>) -> Limits {
    let mut l = Limits::default();
    if let Some(ms) = timeout_ms
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|ms| *ms > 0)
    {
        l.total = Duration::from_millis(ms);
        l.request_timeout = l.request_timeout.min(l.total / 3);
    }
    l
}

fn to_probe(r: Request, github_api: &str, token: Option<&str>) -> Probe {
    let mut p = match r.method {
        live::Method::Head => Probe::head(r.url.clone()),
        live::Method::Get => Probe::get(r.url.clone(), r.max_body),
    };
    for (k, v) in &r.headers {
        p = p.header(k, v);
    }
    if r.anonymous_token {
        p = p.anonymous_token();
    }
    if let Some(t) = token.filter(|_| r.url.starts_with(github_api)) {
        p = p.header("authorization", &format!("Bearer {t}"));
        p = p.header("x-github-api-version", "2022-11-28");
    }
    p
}

/// Asks `requests` and files the replies under the URL asked; the number of them asked of
/// GitHub.
async fn ask(
    requests: Vec<Request>,
    plan: &Plan,
    v: &Verify,
    limits: Limits,
    into: &mut Replies,
) -> usize {
    let token = v.token.as_ref().map(|t| t.expose_secret().to_string());
    let github = &plan.bases.github_api;
    let urls: Vec<String> = requests.iter().map(|r| r.url.clone()).collect();
    let to_github = urls
        .iter()
        .filter(|u| u.starts_with(github.as_str()))
        .count();
    let probes = requests
        .into_iter()
        .map(|r| to_probe(r, github, token.as_deref()))
        .collect();
    for (url, answer) in urls.into_iter().zip(probe::ask_all(probes, limits).await) {
        let reply = match answer {
            Ok(a) => Reply::Answer {
                status: a.status,
                headers: a.headers,
                body: a.body,
                truncated: a.truncated,
            },
            Err(e) => Reply::Failed(e.to_string()),
        };
        into.insert(url, reply);
    }
    to_github
}

/// The part of `limits` left after `started`, and never past the session's deadline.
fn left(limits: Limits, started: Instant, session: &Session) -> Limits {
    let mut left = limits.total.saturating_sub(started.elapsed());
    if let Some(run) = session.remaining() {
        left = left.min(run);
    }
    let left = left.max(Duration::from_millis(1));
    Limits {
        total: left,
        request_timeout: limits.request_timeout.min(left),
        ..limits
    }
}

impl Verify {
    /// The bounds, as the log states them for each check.
    pub fn bounds(&self) -> String {
        let l = self.limits;
        format!(
            "at most {} requests in flight, {} in all, {} ms each, {} ms for the whole check",
            l.concurrency,
            l.max_requests,
            l.request_timeout.as_millis(),
            l.total.as_millis()
        )
    }

    /// One whole check of `plan`: the first round, then what its answers name, within one
    /// deadline; the GitHub requests counted in `session`.
    pub async fn check(&self, plan: &Plan, session: &Session) -> Report {
        let started = Instant::now();
        let mut replies = Replies::new();
        let first = left(self.limits, started, session);
        let mut github = ask(plan.first(), plan, self, first, &mut replies).await;
        let second = plan.second(&replies);
        github += ask(
            second,
            plan,
            self,
            left(self.limits, started, session),
            &mut replies,
        )
        .await;
        session.count(github);
        plan.judge(&replies)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_then_variables_then_the_real_services() {
        let env = |k: &str| match k {
            "RELCUT_DL_URL" => Some("http://127.0.0.1:9/dl".to_string()),
            "RELCUT_PKGS_URL" => Some(String::new()),
            _ => None,
        };
        let b = Flags {
            registry_url: Some("http://127.0.0.1:8/".into()),
            ..Flags::default()
        }
        .bases(&env)
        .unwrap();
        assert_eq!(b.registry, "http://127.0.0.1:8/");
        assert_eq!(b.dl, "http://127.0.0.1:9/dl");
        assert_eq!(b.pkgs, live::PKGS_URL, "an empty variable is unset");
        assert_eq!(b.github_api, live::GITHUB_API_URL);
        assert_eq!(b.mirrors, Bases::default().mirrors);
        let bad = |k: &str| (k == "RELCUT_REGISTRY_MIRRORS").then(|| "not a url".to_string());
        assert!(Flags::default().bases(&bad).is_err());
    }

    #[test]
    fn the_stated_bounds() {
        let l = limits(None);
        assert_eq!(
            (l.concurrency, l.max_requests, l.request_timeout, l.total),
            (8, 800, Duration::from_secs(10), Duration::from_secs(60))
        );
        let short = limits(Some("300".into()));
        assert_eq!(short.total, Duration::from_millis(300));
        assert_eq!(short.request_timeout, Duration::from_millis(100));
    }

    #[test]
    fn the_bounds_as_the_log_states_them() {
        let v = Verify {
            limits: limits(None),
            token: None,
        };
        assert_eq!(
            v.bounds(),
            "at most 8 requests in flight, 800 in all, 10000 ms each, 60000 ms for the whole check"
        );
    }

    #[test]
    fn a_check_never_outlives_the_run() {
        let session = Session::default().with_deadline(Instant::now() + Duration::from_secs(5));
        let l = left(limits(None), Instant::now(), &session);
        assert!(l.total <= Duration::from_secs(5), "{l:?}");
        assert!(l.request_timeout <= Duration::from_secs(5));
    }
}
