//! The GitHub REST client: octocrab for transport and auth, our own retry policy around every
//! call (octocrab's would re-POST a comment after a 502 that had in fact created it).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, Method};
use octocrab::Octocrab;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

/// Why a GitHub call failed, with what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GitHubError {
    #[error("GitHub rejected the token (401 Bad credentials): pass a valid token through the `token` input or GITHUB_TOKEN")]
    BadCredentials,
    #[error("GitHub refused `{what}` (403: {message}): give the workflow `permissions: issues: write` (and `contents: read`)")]
    Forbidden { what: String, message: String },
    #[error("`{what}` was not found (404): check the repository, issue and token scope")]
    NotFound { what: String },
    #[error("GitHub rejected `{what}` ({status}: {message})")]
    Rejected {
        what: String,
        status: u16,
        message: String,
    },
    #[error("gave up on `{what}` after waiting {waited_s} s of the {budget_s} s allowed ({last}): GitHub is failing or rate limiting; rerun the job later")]
    GaveUp {
        what: String,
        waited_s: u64,
        budget_s: u64,
        last: String,
    },
    /// A write whose outcome is unknown (5xx or a dropped connection after sending): the caller
    /// must look before writing again.
    #[error("`{what}` may or may not have happened ({last})")]
    Ambiguous { what: String, last: String },
    #[error("cannot reach GitHub at {url}: {message}: check GITHUB_API_URL and the network")]
    Transport { url: String, message: String },
    #[error("unexpected answer to `{what}`: {message}")]
    Decode { what: String, message: String },
    #[error("invalid configuration: {0}")]
    Config(String),
}

/// How long to keep trying.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// The cap on all waiting in one process.
    pub max_wait: Duration,
    /// The first backoff after a 5xx or a connection error; doubled each time, jittered.
    pub backoff_base: Duration,
    /// The wait for a rate limit that names no time (GitHub says: at least a minute).
    pub rate_limit_wait: Duration,
    pub max_attempts: u32,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_wait: Duration::from_secs(60),
            backoff_base: Duration::from_millis(1000),
            rate_limit_wait: Duration::from_secs(60),
            max_attempts: 6,
        }
    }
}

/// One HTTP answer.
#[derive(Debug, Clone)]
pub struct Response {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: String,
}

impl Response {
    pub fn json<T: DeserializeOwned>(&self, what: &str) -> Result<T, GitHubError> {
        serde_json::from_str(&self.body).map_err(|e| GitHubError::Decode {
            what: what.to_string(),
            message: e.to_string(),
        })
    }

    fn message(&self) -> String {
        #[derive(Deserialize)]
        struct Msg {
            message: Option<String>,
        }
        serde_json::from_str::<Msg>(&self.body)
            .ok()
            .and_then(|m| m.message)
            .unwrap_or_else(|| self.body.chars().take(200).collect())
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `rel="next"` link, as a path relative to the API root (so octocrab keeps the auth
    /// header on GitHub Enterprise and test hosts).
    pub fn next_page(&self, base: &str) -> Option<String> {
        let link = self.header("link")?;
        for part in link.split(',') {
            let (url, rel) = part.split_once(';')?;
            if rel.contains("rel=\"next\"") {
                let url = url.trim().trim_start_matches('<').trim_end_matches('>');
                return Some(relative_to(url, base));
            }
        }
        None
    }
}

fn relative_to(url: &str, base: &str) -> String {
    let base = base.trim_end_matches('/');
    if let Some(rest) = url.strip_prefix(base) {
        return rest.to_string();
    }
    // Another host or scheme: keep only path and query.
    match url
        .split_once("://")
        .and_then(|(_, r)| r.find('/').map(|i| &r[i..]))
    {
        Some(path) => path.to_string(),
        None => url.to_string(),
    }
}

enum Verdict {
    Done,
    /// Worth another try after this long; `ambiguous` if a write may have happened.
    Retry {
        wait: Duration,
        ambiguous: bool,
        why: String,
    },
    Fail(GitHubError),
}

/// How a response should be handled, by status and rate-limit headers.
fn classify(r: &Response, what: &str, attempt: u32, policy: &RetryPolicy, now: u64) -> Verdict {
    let backoff = || {
        let base = policy.backoff_base.as_millis() as u64;
        let exp = base.saturating_mul(1u64 << (attempt.saturating_sub(1)).min(10));
        Duration::from_millis(jitter(exp))
    };
    match r.status {
        200..=299 | 304 => Verdict::Done,
        401 => Verdict::Fail(GitHubError::BadCredentials),
        403 | 429 => {
            let message = r.message();
            let retry_after = r
                .header("retry-after")
                .and_then(|v| v.trim().parse::<u64>().ok());
            let remaining = r
                .header("x-ratelimit-remaining")
                .and_then(|v| v.trim().parse::<u64>().ok());
            let reset = r
                .header("x-ratelimit-reset")
                .and_then(|v| v.trim().parse::<u64>().ok());
            let limited = r.status == 429
                || retry_after.is_some()
                || remaining == Some(0)
                || message.to_ascii_lowercase().contains("rate limit");
            if !limited {
                return Verdict::Fail(GitHubError::Forbidden {
                    what: what.to_string(),
                    message,
                });
            }
            let wait = match (retry_after, remaining, reset) {
                (Some(s), _, _) => Duration::from_secs(s),
                (None, Some(0), Some(reset)) => {
                    Duration::from_secs(reset.saturating_sub(now).max(1))
                }
                // A secondary limit without a time: at least a minute, longer on repeats.
                _ => policy.rate_limit_wait.saturating_mul(attempt.max(1)),
            };
            Verdict::Retry {
                wait,
                ambiguous: false,
                why: format!("{} rate limited: {message}", r.status),
            }
        }
        404 => Verdict::Fail(GitHubError::NotFound {
            what: what.to_string(),
        }),
        500..=599 => Verdict::Retry {
            wait: backoff(),
            ambiguous: true,
            why: format!("{} {}", r.status, r.message()),
        },
        status => Verdict::Fail(GitHubError::Rejected {
            what: what.to_string(),
            status,
            message: r.message(),
        }),
    }
}

/// A value within ±50 % of `ms`, from the process's random hash keys (no RNG crate needed for
/// spreading retries apart).
fn jitter(ms: u64) -> u64 {
    use std::hash::{BuildHasher, RandomState};
    let r = RandomState::new().hash_one(ms) % 1000;
    ms / 2 + ms * r / 1000
}

/// Whether a method may be sent twice without harm.
fn idempotent(m: &Method) -> bool {
    !matches!(*m, Method::POST)
}

/// Counters for the log and the benchmarks.
#[derive(Debug, Default)]
pub struct Stats {
    requests: AtomicUsize,
    waited_ms: Mutex<u64>,
}

pub struct Client {
    octo: Octocrab,
    base: String,
    pub policy: RetryPolicy,
    pub stats: Stats,
}

impl Client {
    pub fn new(api_url: &str, token: &str, policy: RetryPolicy) -> Result<Client, GitHubError> {
        Client::build(api_url, Some(token), policy)
    }

    /// A client without credentials: prow, GCS, testgrid, or GitHub's public read endpoints.
    pub fn anonymous(base_url: &str, policy: RetryPolicy) -> Result<Client, GitHubError> {
        Client::build(base_url, None, policy)
    }

    fn build(
        api_url: &str,
        token: Option<&str>,
        policy: RetryPolicy,
    ) -> Result<Client, GitHubError> {
        let mut builder = Octocrab::builder();
        if let Some(t) = token.filter(|t| !t.is_empty()) {
            builder = builder.personal_token(t.to_string());
        }
        let octo = builder
            .base_uri(api_url)
            .map_err(|e| GitHubError::Config(format!("`{api_url}` is not a URL: {e}")))?
            .set_connect_timeout(Some(Duration::from_secs(10)))
            .set_read_timeout(Some(Duration::from_secs(30)))
            .build()
            .map_err(|e| GitHubError::Config(format!("cannot set up the HTTP client: {e}")))?;
        Ok(Client {
            octo,
            base: api_url.trim_end_matches('/').to_string(),
            policy,
            stats: Stats::default(),
        })
    }

    pub fn requests(&self) -> usize {
        self.stats.requests.load(Ordering::Relaxed)
    }

    pub fn waited(&self) -> Duration {
        Duration::from_millis(
            *self
                .stats
                .waited_ms
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        )
    }

    async fn send_once(
        &self,
        method: &Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Response, String> {
        self.stats.requests.fetch_add(1, Ordering::Relaxed);
        let uri = path.to_string();
        let resp = match *method {
            Method::GET => self.octo._get(uri).await,
            Method::POST => self.octo._post(uri, body).await,
            Method::PATCH => self.octo._patch(uri, body).await,
            Method::DELETE => self.octo._delete(uri, body).await,
            Method::PUT => self.octo._put(uri, body).await,
            _ => return Err(format!("unsupported method {method}")),
        }
        .map_err(|e| e.to_string())?;
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let body = self
            .octo
            .body_to_string(resp)
            .await
            .map_err(|e| e.to_string())?;
        Ok(Response {
            status,
            headers,
            body,
        })
    }

    /// One call with the retry policy. A POST that fails ambiguously is not sent again here:
    /// the caller gets [`GitHubError::Ambiguous`] and must look first.
    pub async fn call(
        &self,
        method: Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Response, GitHubError> {
        let what = format!("{method} {}", path.split('?').next().unwrap_or(path));
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let (wait, ambiguous, why) = match self.send_once(&method, path, body).await {
                Ok(r) => match classify(&r, &what, attempt, &self.policy, now) {
                    Verdict::Done => return Ok(r),
                    Verdict::Fail(e) => return Err(e),
                    Verdict::Retry {
                        wait,
                        ambiguous,
                        why,
                    } => (wait, ambiguous, why),
                },
                Err(message) => {
                    let base = self.policy.backoff_base.as_millis() as u64;
                    let wait = Duration::from_millis(jitter(
                        base.saturating_mul(1u64 << (attempt - 1).min(10)),
                    ));
                    (wait, true, format!("connection: {message}"))
                }
            };
            if ambiguous && !idempotent(&method) {
                return Err(GitHubError::Ambiguous { what, last: why });
            }
            let waited = self.waited();
            if attempt >= self.policy.max_attempts || waited + wait > self.policy.max_wait {
                if attempt == 1 && why.starts_with("connection") {
                    return Err(GitHubError::Transport {
                        url: self.base.clone(),
                        message: why,
                    });
                }
                return Err(GitHubError::GaveUp {
                    what,
                    waited_s: waited.as_secs(),
                    budget_s: self.policy.max_wait.as_secs(),
                    last: why,
                });
            }
            eprintln!(
                "relcut: {what}: {why}; retrying in {:.1} s",
                wait.as_secs_f64()
            );
            tokio::time::sleep(wait).await;
            *self
                .stats
                .waited_ms
                .lock()
                .unwrap_or_else(|e| e.into_inner()) += wait.as_millis() as u64;
        }
    }

    /// A GET of every page (`per_page=100`), following `Link: rel="next"`.
    pub async fn get_all<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<T>, GitHubError> {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut next = Some(format!("{path}{sep}per_page=100"));
        let mut out = Vec::new();
        while let Some(p) = next {
            let r = self.call(Method::GET, &p, None).await?;
            let mut page: Vec<T> = r.json(path)?;
            out.append(&mut page);
            next = r.next_page(&self.base);
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resp(status: u16, headers: &[(&str, &str)], body: &str) -> Response {
        let mut h = HeaderMap::new();
        for (k, v) in headers {
            h.insert(
                http::HeaderName::from_bytes(k.as_bytes()).unwrap(),
                v.parse().unwrap(),
            );
        }
        Response {
            status,
            headers: h,
            body: body.to_string(),
        }
    }

    fn verdict(r: &Response, attempt: u32) -> Result<(Duration, bool), String> {
        match classify(r, "GET /x", attempt, &RetryPolicy::default(), 1_000) {
            Verdict::Done => Err("done".into()),
            Verdict::Fail(e) => Err(e.to_string()),
            Verdict::Retry {
                wait, ambiguous, ..
            } => Ok((wait, ambiguous)),
        }
    }

    #[test]
    fn rate_limits_are_waited_out() {
        let r = resp(
            403,
            &[("retry-after", "7")],
            r#"{"message":"You have exceeded a secondary rate limit"}"#,
        );
        assert_eq!(verdict(&r, 1), Ok((Duration::from_secs(7), false)));
        let r = resp(
            403,
            &[
                ("x-ratelimit-remaining", "0"),
                ("x-ratelimit-reset", "1030"),
            ],
            r#"{"message":"API rate limit exceeded"}"#,
        );
        assert_eq!(verdict(&r, 1), Ok((Duration::from_secs(30), false)));
        let r = resp(
            403,
            &[],
            r#"{"message":"You have exceeded a secondary rate limit. Please wait a few minutes"}"#,
        );
        assert_eq!(verdict(&r, 2), Ok((Duration::from_secs(120), false)));
        let r = resp(429, &[], "{}");
        assert_eq!(verdict(&r, 1), Ok((Duration::from_secs(60), false)));
    }

    #[test]
    fn plain_403_401_404_422_fail_with_advice() {
        let e = verdict(
            &resp(
                403,
                &[],
                r#"{"message":"Resource not accessible by integration"}"#,
            ),
            1,
        )
        .unwrap_err();
        assert!(e.contains("permissions: issues: write"), "{e}");
        assert!(verdict(&resp(401, &[], "{}"), 1)
            .unwrap_err()
            .contains("token"));
        assert!(verdict(&resp(404, &[], "{}"), 1)
            .unwrap_err()
            .contains("not found"));
        let e = verdict(
            &resp(
                422,
                &[],
                r#"{"message":"Body is too long (maximum is 65536 characters)"}"#,
            ),
            1,
        )
        .unwrap_err();
        assert!(e.contains("Body is too long"), "{e}");
    }

    #[test]
    fn server_errors_back_off_and_are_ambiguous_for_writes() {
        let (wait, ambiguous) = verdict(&resp(502, &[], "bad gateway"), 3).unwrap();
        assert!(ambiguous);
        assert!(
            wait >= Duration::from_millis(2000) && wait <= Duration::from_millis(6000),
            "{wait:?}"
        );
        assert!(!idempotent(&Method::POST));
        assert!(idempotent(&Method::PATCH));
    }

    #[test]
    fn next_links_become_relative() {
        let r = resp(200, &[("link", "<https://ghe.example/api/v3/repositories/1/issues/2/comments?per_page=100&page=2>; rel=\"next\", <https://ghe.example/api/v3/x?page=5>; rel=\"last\"")], "[]");
        assert_eq!(
            r.next_page("https://ghe.example/api/v3").as_deref(),
            Some("/repositories/1/issues/2/comments?per_page=100&page=2")
        );
        let r = resp(
            200,
            &[(
                "link",
                "<http://127.0.0.1:4000/repos/o/r/issues/1/comments?page=2>; rel=\"next\"",
            )],
            "[]",
        );
        assert_eq!(
            r.next_page("http://127.0.0.1:4000/").as_deref(),
            Some("/repos/o/r/issues/1/comments?page=2")
        );
        assert_eq!(resp(200, &[], "[]").next_page("x"), None);
    }

    #[test]
    fn jitter_stays_in_range() {
        for ms in [0, 1, 1000, 60_000] {
            let j = jitter(ms);
            assert!(j >= ms / 2 && j <= ms + ms / 2, "{ms} -> {j}");
        }
    }
}
