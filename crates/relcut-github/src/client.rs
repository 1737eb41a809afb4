//! The HTTP client of every service relcut talks to: octocrab for transport and auth, and our
//! own policy around every call (octocrab's would re-POST a comment after a 502 that had in fact
//! created it). One [`Session`] per process: the request count, the run's deadline and the
//! reporter are shared by every client, whichever service it talks to.
//!
//! Time is bounded three ways: each request has a total timeout (connect, headers and body:
//! a body that trickles in times out too), each retry wait fits the run's deadline, and
//! connection failures (refused, DNS) give up after [`RetryPolicy::connect_budget`].

use std::collections::HashSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use http::{HeaderMap, Method};
use octocrab::Octocrab;
use secrecy::{ExposeSecret, SecretString};
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use crate::https::{self, Plain};
use crate::report::{Reporter, Silent};
use crate::runtime;

/// The services relcut calls; errors name theirs, so a testgrid outage is never blamed on
/// GitHub.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Service {
    GitHub,
    Prow,
    Gcs,
    Testgrid,
}

impl std::fmt::Display for Service {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Service::GitHub => "GitHub",
            Service::Prow => "prow",
            Service::Gcs => "GCS",
            Service::Testgrid => "testgrid",
        })
    }
}

impl Service {
    fn url_hint(self) -> &'static str {
        match self {
            Service::GitHub => "check GITHUB_API_URL and the network",
            Service::Prow => "check RELCUT_PROW_URL (or --prow-url) and the network",
            Service::Gcs => "check RELCUT_GCS_URL (or --gcs-url) and the network",
            Service::Testgrid => "check RELCUT_TESTGRID_URL (or --testgrid-url) and the network",
        }
    }
}

/// Why a call failed, with what to do about it. Every variant but [`GitHubError::Config`] is a
/// service failing or refusing; [`GitHubError::fault`] says which.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GitHubError {
    #[error("GitHub rejected the token (401 Bad credentials) at {url}: pass a valid token through the `token` input or GITHUB_TOKEN")]
    BadCredentials { url: String },
    #[error("GitHub refused `{what}` (403: {message}): give the workflow `permissions: issues: write` (and `contents: read`)")]
    Forbidden { what: String, message: String },
    #[error("`{what}` was not found (404) at {service} ({url}): check the repository, issue and token scope")]
    NotFound {
        service: Service,
        what: String,
        url: String,
    },
    #[error("{service} rejected `{what}` ({status}: {message}) at {url}")]
    Rejected {
        service: Service,
        what: String,
        url: String,
        status: u16,
        message: String,
    },
    #[error("gave up on `{what}` after waiting {waited_s} s of the {budget_s} s allowed ({last}): {service} at {url} is failing or rate limiting; rerun the job later")]
    GaveUp {
        service: Service,
        what: String,
        url: String,
        waited_s: u64,
        budget_s: u64,
        last: String,
    },
    /// A write whose outcome is unknown (5xx or a dropped connection after sending): the caller
    /// must look before writing again.
    #[error("`{what}` may or may not have happened at {service} ({last})")]
    Ambiguous {
        service: Service,
        what: String,
        last: String,
    },
    #[error("cannot reach {service} at {url}: {message} (gave up after {after_s} s; connection failures are retried for at most 5 s): {}", .service.url_hint())]
    Transport {
        service: Service,
        url: String,
        message: String,
        after_s: u64,
    },
    #[error("{service} at {url} did not finish answering `{what}` within the request timeout of {timeout_s} s (connect, headers and body): it is down or overloaded; rerun later")]
    RequestTimeout {
        service: Service,
        what: String,
        url: String,
        timeout_s: u64,
    },
    #[error("stopped waiting for {service} at {url} (`{what}`): the run's time of {} s ({}) is used up; rerun later or {}", limit.secs, limit.name, limit.raise)]
    Deadline {
        service: Service,
        what: String,
        url: String,
        limit: Limit,
    },
    #[error("{service} at {url}: {message}")]
    Paging {
        service: Service,
        url: String,
        message: String,
    },
    #[error("unexpected answer to `{what}`: {message}")]
    Decode { what: String, message: String },
    #[error("invalid configuration: {0}")]
    Config(String),
}

impl GitHubError {
    /// The service at fault, if a service is.
    pub fn service(&self) -> Option<Service> {
        match self {
            GitHubError::BadCredentials { .. } | GitHubError::Forbidden { .. } => {
                Some(Service::GitHub)
            }
            GitHubError::NotFound { service, .. }
            | GitHubError::Rejected { service, .. }
            | GitHubError::GaveUp { service, .. }
            | GitHubError::Ambiguous { service, .. }
            | GitHubError::Transport { service, .. }
            | GitHubError::RequestTimeout { service, .. }
            | GitHubError::Deadline { service, .. }
            | GitHubError::Paging { service, .. } => Some(*service),
            GitHubError::Decode { .. } => None,
            GitHubError::Config(_) => None,
        }
    }

    /// Whose fault the error is: relcut's own set-up, a service that could not be reached or
    /// answered wrongly, or the run's time used up. The binary maps it to an exit code.
    pub fn fault(&self) -> Fault {
        match self {
            GitHubError::Config(_) => Fault::Setup,
            GitHubError::Deadline { .. } => Fault::Deadline,
            _ => Fault::Service,
        }
    }
}

/// What kind of failure a [`GitHubError`] is (see [`GitHubError::fault`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// relcut's own set-up (a runtime that would not start, a bad base URL).
    Setup,
    /// A service could not be reached or answered wrongly.
    Service,
    /// The run's time (max-wait) is used up.
    Deadline,
}

/// How long to keep trying.
#[derive(Debug, Clone, Copy)]
pub struct RetryPolicy {
    /// The cap on all waiting in one process (the `max-wait` input).
    pub max_wait: Duration,
    /// The first backoff after a 5xx or a connection error; doubled each time, jittered.
    pub backoff_base: Duration,
    /// The wait for a rate limit that names no time (GitHub says: at least a minute).
    pub rate_limit_wait: Duration,
    pub max_attempts: u32,
    /// One request, all of it: connect, headers and the whole body.
    pub request_timeout: Duration,
    /// How long a service that refuses connections (or whose name does not resolve) is tried.
    pub connect_budget: Duration,
    /// The most pages one listing may take.
    pub max_pages: usize,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        RetryPolicy {
            max_wait: Duration::from_secs(60),
            backoff_base: Duration::from_secs(1),
            rate_limit_wait: Duration::from_secs(60),
            max_attempts: 6,
            request_timeout: Duration::from_secs(30),
            connect_budget: Duration::from_secs(5),
            max_pages: 30,
        }
    }
}

/// What bounds a run's time, as its deadline error names it: the Action's `max-wait` input,
/// or the CLI's fixed time for a one-shot command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    pub secs: u64,
    /// What the user knows it as (`max-wait`).
    pub name: &'static str,
    /// How to give the run more time (`raise max-wait`).
    pub raise: &'static str,
}

/// What every client of one run shares.
#[derive(Clone)]
pub struct Session {
    requests: Arc<AtomicUsize>,
    waited_ms: Arc<Mutex<u64>>,
    /// No request runs past this; waits that would end past it are not waited.
    pub deadline: Option<Instant>,
    /// What the deadline is, for its error; `None`: the retry policy's `max-wait`.
    pub limit: Option<Limit>,
    pub reporter: Arc<dyn Reporter>,
}

impl std::fmt::Debug for Session {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Session")
            .field("requests", &self.requests())
            .field("deadline", &self.deadline)
            .finish()
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new(Arc::new(Silent))
    }
}

impl Session {
    pub fn new(reporter: Arc<dyn Reporter>) -> Session {
        Session {
            requests: Arc::new(AtomicUsize::new(0)),
            waited_ms: Arc::new(Mutex::new(0)),
            deadline: None,
            limit: None,
            reporter,
        }
    }

    /// The same session (count, reporter) with another deadline.
    pub fn with_deadline(&self, deadline: Instant) -> Session {
        Session {
            deadline: Some(deadline),
            ..self.clone()
        }
    }

    /// Every request made through this session, whichever service.
    pub fn requests(&self) -> usize {
        self.requests.load(Ordering::Relaxed)
    }

    pub fn waited(&self) -> Duration {
        Duration::from_millis(
            *self
                .waited_ms
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner),
        )
    }

    fn add_wait(&self, d: Duration) {
        *self
            .waited_ms
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner) += d.as_millis() as u64;
    }

    /// Counts `n` requests made outside a [`Client`] (a check's plain probes that asked
    /// GitHub), so the run's request bound and its log count them too.
    pub fn count(&self, n: usize) {
        self.requests.fetch_add(n, Ordering::Relaxed);
    }

    /// Time left before the deadline (`None`: no deadline).
    pub fn remaining(&self) -> Option<Duration> {
        self.deadline
            .map(|d| d.saturating_duration_since(Instant::now()))
    }

    /// A progress line, with outside text made safe for a workflow log.
    pub fn note(&self, line: &str) {
        self.reporter.note(&runtime::escape_data(line));
    }

    /// Several lines of outside text (a comment body), printed with workflow commands off.
    pub fn note_untrusted(&self, intro: &str, text: &str) {
        self.reporter.note(&format!(
            "{}\n{}",
            runtime::escape_data(intro),
            // A bare CR would start a new line in the log viewer.
            runtime::echo_untrusted(&text.replace('\r', ""))
        ));
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

    /// The service's own message, short and on one line: it is outside text and ends up in
    /// logs and annotations.
    fn message(&self) -> String {
        #[derive(Deserialize)]
        struct Msg {
            message: Option<String>,
        }
        let raw = serde_json::from_str::<Msg>(&self.body)
            .ok()
            .and_then(|m| m.message)
            .unwrap_or_else(|| self.body.clone());
        let one_line: String = raw
            .chars()
            .map(|c| if c.is_control() { ' ' } else { c })
            .take(200)
            .collect();
        one_line.trim().to_string()
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// The `rel="next"` link, as a path relative to the API root (so octocrab keeps the auth
    /// header on GitHub Enterprise and test hosts).
    pub fn next_page(&self, base: &str) -> Option<String> {
        self.link("next", base)
    }

    /// The `Link` header's URL for `rel` (`next`, `last`, ...), as a path relative to the API
    /// root.
    pub fn link(&self, rel: &str, base: &str) -> Option<String> {
        let link = self.header("link")?;
        let want = format!("rel=\"{rel}\"");
        for part in link.split(',') {
            let (url, rels) = part.split_once(';')?;
            if rels.split(';').any(|r| r.trim() == want) {
                let url = url.trim().trim_start_matches('<').trim_end_matches('>');
                return Some(relative_to(url, base));
            }
        }
        None
    }

    /// The `page` number of the `Link` header's URL for `rel` (GitHub numbers pages from 1).
    pub fn link_page(&self, rel: &str) -> Option<u64> {
        let url = self.link(rel, "")?;
        let query = url.split_once('?')?.1;
        query
            .split('&')
            .find_map(|kv| kv.strip_prefix("page="))
            .and_then(|n| n.parse().ok())
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

/// The one backoff of relcut: `base · 2^(attempt-1)`, capped, jittered ±50 %.
pub fn backoff(base: Duration, attempt: u32) -> Duration {
    let base = base.as_millis() as u64;
    let exp = base.saturating_mul(1u64 << attempt.saturating_sub(1).min(10));
    Duration::from_millis(jitter(exp))
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

/// Who answered and what was asked, for errors.
struct Call<'a> {
    service: Service,
    url: &'a str,
    what: &'a str,
}

/// How a response should be handled, by status and rate-limit headers.
fn classify(
    r: &Response,
    call: &Call<'_>,
    attempt: u32,
    policy: &RetryPolicy,
    now: u64,
) -> Verdict {
    let what = call.what.to_string();
    match r.status {
        200..=299 | 304 => Verdict::Done,
        401 if call.service == Service::GitHub => Verdict::Fail(GitHubError::BadCredentials {
            url: call.url.to_string(),
        }),
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
                return Verdict::Fail(if call.service == Service::GitHub {
                    GitHubError::Forbidden { what, message }
                } else {
                    GitHubError::Rejected {
                        service: call.service,
                        what,
                        url: call.url.to_string(),
                        status: r.status,
                        message,
                    }
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
            service: call.service,
            what,
            url: call.url.to_string(),
        }),
        500..=599 => Verdict::Retry {
            wait: backoff(policy.backoff_base, attempt),
            ambiguous: true,
            why: format!("{} {}", r.status, r.message()),
        },
        status => Verdict::Fail(GitHubError::Rejected {
            service: call.service,
            what,
            url: call.url.to_string(),
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

/// The error and its causes on one line (octocrab's own text says only "client error").
fn chain(e: &dyn std::error::Error) -> String {
    let mut parts = vec![e.to_string()];
    let mut cur = e.source();
    while let Some(c) = cur {
        let s = c.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
        cur = c.source();
    }
    parts.join(": ")
}

/// A connection that never got as far as sending the request: safe to retry, even a POST.
fn never_sent(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("(connect)")
        || m.contains("connection refused")
        || m.contains("dns error")
        || m.contains("failed to lookup")
        || m.contains("name or service not known")
}

fn octocrab_for(
    api_url: &str,
    token: Option<&SecretString>,
    policy: RetryPolicy,
) -> Result<Octocrab, GitHubError> {
    let mut builder = Octocrab::builder();
    if let Some(t) = token
        .map(ExposeSecret::expose_secret)
        .filter(|t| !t.is_empty())
    {
        // A token that cannot be a header value would make octocrab panic later.
        if let Some(at) = t.chars().position(|c| !c.is_ascii_graphic()) {
            return Err(GitHubError::Config(format!(
                "the token has a space, a line break or a non-ASCII character at position {}: pass the token alone",
                at + 1
            )));
        }
        builder = builder.personal_token(t.to_string());
    }
    builder
        .base_uri(api_url)
        .map_err(|e| GitHubError::Config(format!("`{api_url}` is not a URL: {e}")))?
        .set_connect_timeout(Some(policy.request_timeout))
        .set_read_timeout(Some(policy.request_timeout))
        .build()
        .map_err(|e| GitHubError::Config(format!("cannot set up the HTTP client: {e}")))
}

enum Failure {
    Answer(Response),
    Transport(String),
    TimedOut,
}

/// GitHub through octocrab (auth, its conventions); the other services through a plain client.
enum Transport {
    GitHub(Box<Octocrab>),
    Plain(Box<Plain>),
}

fn plain_client(connect_timeout: Duration) -> Result<Plain, GitHubError> {
    https::client(connect_timeout).map_err(GitHubError::Config)
}

pub struct Client {
    transport: Transport,
    base: String,
    service: Service,
    pub policy: RetryPolicy,
    pub session: Session,
}

impl Client {
    /// A GitHub client with the token.
    pub fn new(
        api_url: &str,
        token: &SecretString,
        policy: RetryPolicy,
        session: &Session,
    ) -> Result<Client, GitHubError> {
        Client::build(Service::GitHub, api_url, Some(token), policy, session)
    }

    /// A client without credentials: prow, GCS, testgrid, or GitHub's public read endpoints.
    pub fn anonymous(
        service: Service,
        base_url: &str,
        policy: RetryPolicy,
        session: &Session,
    ) -> Result<Client, GitHubError> {
        Client::build(service, base_url, None, policy, session)
    }

    fn build(
        service: Service,
        api_url: &str,
        token: Option<&SecretString>,
        policy: RetryPolicy,
        session: &Session,
    ) -> Result<Client, GitHubError> {
        let transport = if service == Service::GitHub {
            Transport::GitHub(Box::new(octocrab_for(api_url, token, policy)?))
        } else {
            api_url
                .parse::<http::Uri>()
                .ok()
                .filter(|u| u.scheme().is_some() && u.host().is_some())
                .ok_or_else(|| {
                    GitHubError::Config(format!("`{api_url}` is not a URL for {service}"))
                })?;
            Transport::Plain(Box::new(plain_client(policy.request_timeout)?))
        };
        Ok(Client {
            transport,
            base: api_url.trim_end_matches('/').to_string(),
            service,
            policy,
            session: session.clone(),
        })
    }

    pub fn requests(&self) -> usize {
        self.session.requests()
    }

    /// The service's base URL, as [`Response::next_page`] wants it.
    pub fn base_url(&self) -> &str {
        &self.base
    }

    pub fn waited(&self) -> Duration {
        self.session.waited()
    }

    async fn send_raw(
        &self,
        method: &Method,
        path: &str,
        body: Option<&Value>,
    ) -> Result<Response, String> {
        match &self.transport {
            Transport::GitHub(octo) => {
                let uri = path.to_string();
                let resp = match *method {
                    Method::GET => octo._get(uri).await,
                    Method::POST => octo._post(uri, body).await,
                    Method::PATCH => octo._patch(uri, body).await,
                    Method::DELETE => octo._delete(uri, body).await,
                    Method::PUT => octo._put(uri, body).await,
                    _ => return Err(format!("unsupported method {method}")),
                }
                .map_err(|e| chain(&e))?;
                let status = resp.status().as_u16();
                let headers = resp.headers().clone();
                let body = octo.body_to_string(resp).await.map_err(|e| chain(&e))?;
                Ok(Response {
                    status,
                    headers,
                    body,
                })
            }
            Transport::Plain(client) => {
                use http_body_util::BodyExt;
                let request = http::Request::builder()
                    .method(method.clone())
                    .uri(format!("{}{path}", self.base))
                    .header(http::header::USER_AGENT, "relcut")
                    .header(http::header::ACCEPT, "application/json")
                    .body(body.map(Value::to_string).unwrap_or_default())
                    .map_err(|e| chain(&e))?;
                let resp = client.request(request).await.map_err(|e| chain(&e))?;
                let status = resp.status().as_u16();
                let headers = resp.headers().clone();
                let bytes = resp
                    .into_body()
                    .collect()
                    .await
                    .map_err(|e| chain(&e))?
                    .to_bytes();
                Ok(Response {
                    status,
                    headers,
                    body: String::from_utf8_lossy(&bytes).into_owned(),
                })
            }
        }
    }

    /// One attempt, bounded as a whole (connect, headers and body) by the request timeout and
    /// the run's deadline.
    async fn send_once(
        &self,
        method: &Method,
        path: &str,
        body: Option<&Value>,
        limit: Duration,
    ) -> Failure {
        self.session.requests.fetch_add(1, Ordering::Relaxed);
        match tokio::time::timeout(limit, self.send_raw(method, path, body)).await {
            Ok(Ok(r)) => Failure::Answer(r),
            Ok(Err(m)) => Failure::Transport(m),
            Err(_) => Failure::TimedOut,
        }
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
        let call = Call {
            service: self.service,
            url: &self.base,
            what: &what,
        };
        let mut attempt = 0u32;
        let mut first_refusal: Option<Instant> = None;
        loop {
            attempt += 1;
            let remaining = self.session.remaining();
            if remaining.is_some_and(|r| r.is_zero()) {
                return Err(self.deadline_error(&what));
            }
            let limit = remaining.map_or(self.policy.request_timeout, |r| {
                r.min(self.policy.request_timeout)
            });
            let now = SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0);
            let (wait, ambiguous, why) = match self.send_once(&method, path, body, limit).await {
                Failure::Answer(r) => match classify(&r, &call, attempt, &self.policy, now) {
                    Verdict::Done => return Ok(r),
                    Verdict::Fail(e) => return Err(e),
                    Verdict::Retry {
                        wait,
                        ambiguous,
                        why,
                    } => (wait, ambiguous, why),
                },
                Failure::TimedOut => {
                    if limit < self.policy.request_timeout {
                        return Err(self.deadline_error(&what));
                    }
                    (
                        backoff(self.policy.backoff_base, attempt),
                        true,
                        format!(
                            "no complete answer within {} s",
                            self.policy.request_timeout.as_secs()
                        ),
                    )
                }
                Failure::Transport(message) if never_sent(&message) => {
                    let since = *first_refusal.get_or_insert_with(Instant::now);
                    let wait = backoff(self.policy.backoff_base, attempt);
                    let out_of_time = self.session.remaining().is_some_and(|r| wait >= r);
                    if since.elapsed().saturating_add(wait) > self.policy.connect_budget
                        || attempt >= self.policy.max_attempts
                        || out_of_time
                    {
                        return Err(GitHubError::Transport {
                            service: self.service,
                            url: self.base.clone(),
                            message: clip(&message),
                            after_s: since.elapsed().as_secs(),
                        });
                    }
                    (wait, false, format!("connection: {}", clip(&message)))
                }
                Failure::Transport(message) => {
                    let wait = backoff(self.policy.backoff_base, attempt);
                    (wait, true, format!("connection: {}", clip(&message)))
                }
            };
            if ambiguous && !idempotent(&method) {
                return Err(GitHubError::Ambiguous {
                    service: self.service,
                    what,
                    last: why,
                });
            }
            let waited = self.waited();
            let past_deadline = self.session.remaining().is_some_and(|r| wait >= r);
            if attempt >= self.policy.max_attempts
                || waited.saturating_add(wait) > self.policy.max_wait
                || past_deadline
            {
                if why.starts_with("no complete answer") {
                    return Err(GitHubError::RequestTimeout {
                        service: self.service,
                        what,
                        url: self.base.clone(),
                        timeout_s: self.policy.request_timeout.as_secs(),
                    });
                }
                return Err(GitHubError::GaveUp {
                    service: self.service,
                    what,
                    url: self.base.clone(),
                    waited_s: waited.as_secs(),
                    budget_s: self.policy.max_wait.as_secs(),
                    last: why,
                });
            }
            self.session.note(&format!(
                "relcut: {} {what}: {why}; retrying in {:.1} s",
                self.service,
                wait.as_secs_f64()
            ));
            tokio::time::sleep(wait).await;
            self.session.add_wait(wait);
        }
    }

    fn deadline_error(&self, what: &str) -> GitHubError {
        GitHubError::Deadline {
            service: self.service,
            what: what.to_string(),
            url: self.base.clone(),
            limit: self.session.limit.unwrap_or(Limit {
                secs: self.policy.max_wait.as_secs(),
                name: "max-wait",
                raise: "raise max-wait",
            }),
        }
    }

    /// A GET of every page (`per_page=100`), following `Link: rel="next"`, at most
    /// `policy.max_pages` pages and never the same page twice.
    pub async fn get_all<T: DeserializeOwned>(&self, path: &str) -> Result<Vec<T>, GitHubError> {
        let sep = if path.contains('?') { '&' } else { '?' };
        let mut next = Some(format!("{path}{sep}per_page=100"));
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        while let Some(p) = next {
            if !seen.insert(p.clone()) {
                return Err(GitHubError::Paging {
                    service: self.service,
                    url: self.base.clone(),
                    message: format!(
                        "the listing of `{path}` links back to a page already read: the server's `Link` header is wrong"
                    ),
                });
            }
            if seen.len() > self.policy.max_pages {
                return Err(GitHubError::Paging {
                    service: self.service,
                    url: self.base.clone(),
                    message: format!(
                        "the listing of `{path}` has more than {} pages; relcut reads at most {} items",
                        self.policy.max_pages,
                        self.policy.max_pages * 100
                    ),
                });
            }
            let r = self.call(Method::GET, &p, None).await?;
            let mut page: Vec<T> = r.json(path)?;
            out.append(&mut page);
            next = r.next_page(&self.base);
        }
        Ok(out)
    }
}

/// Outside text kept short and on one line.
fn clip(s: &str) -> String {
    s.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect()
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
        let call = Call {
            service: Service::GitHub,
            url: "https://api.github.com",
            what: "GET /x",
        };
        match classify(r, &call, attempt, &RetryPolicy::default(), 1_000) {
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
            wait >= Duration::from_secs(2) && wait <= Duration::from_secs(6),
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
        let r = resp(200, &[("link", "<https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=2>; rel=\"next\", <https://api.github.com/repositories/1/issues/2/comments?per_page=100&page=100>; rel=\"last\"")], "[]");
        assert_eq!(r.link_page("next"), Some(2));
        assert_eq!(r.link_page("last"), Some(100));
        assert_eq!(r.link_page("prev"), None);
    }

    #[test]
    fn jitter_stays_in_range() {
        for ms in [0, 1, 1000, 60_000] {
            let j = jitter(ms);
            assert!(j >= ms / 2 && j <= ms + ms / 2, "{ms} -> {j}");
        }
    }
}
