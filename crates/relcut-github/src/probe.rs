//! Plain HTTP probes for checking the world from outside: a list of URLs (with headers) in,
//! status, headers and a bounded body out. Generic on purpose: nothing here knows registries,
//! buckets or package indexes; callers decide which URLs to ask and what the answers mean.
//!
//! Bounded in every direction: a fixed number of requests in flight, one total number of
//! requests (redirects count), a cap on each body (the rest is never read), a timeout per
//! request and one deadline for the whole batch. A service that hangs costs at most the
//! deadline; a request not sent for lack of budget or time says so.

use std::collections::BTreeSet;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use http::Method;
use http_body_util::BodyExt;

use crate::https::{self, Plain};

/// One question. Its `Debug` shows an `Authorization` header as `[REDACTED]`: the GitHub
/// token rides there.
#[derive(Clone, PartialEq, Eq)]
pub struct Probe {
    /// `HEAD` or `GET`.
    pub method: Method,
    pub url: String,
    /// Extra request headers (`Accept`, `Range`, `Authorization`, ...).
    pub headers: Vec<(String, String)>,
    /// The most body bytes kept; the rest of the body is not read.
    pub max_body: usize,
    /// On a 401 with a `Bearer` challenge, fetch an anonymous token from the realm it names
    /// and ask once more with it (the registry token flow of the Docker registry API, which
    /// registries such as Artifact Registry use for public pulls).
    pub anonymous_token: bool,
}

impl std::fmt::Debug for Probe {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                let shown = if k.eq_ignore_ascii_case("authorization") {
                    "[REDACTED]"
                } else {
                    v.as_str()
                };
                (k.as_str(), shown)
            })
            .collect();
        f.debug_struct("Probe")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("max_body", &self.max_body)
            .field("anonymous_token", &self.anonymous_token)
            .finish()
    }
}

impl Probe {
    pub fn head(url: impl Into<String>) -> Probe {
        Probe {
            method: Method::HEAD,
            url: url.into(),
            headers: Vec::new(),
            max_body: 0,
            anonymous_token: false,
        }
    }

    pub fn get(url: impl Into<String>, max_body: usize) -> Probe {
        Probe {
            method: Method::GET,
            url: url.into(),
            headers: Vec::new(),
            max_body,
            anonymous_token: false,
        }
    }

    #[must_use]
    pub fn anonymous_token(mut self) -> Probe {
        self.anonymous_token = true;
        self
    }

    #[must_use]
    pub fn header(mut self, name: &str, value: &str) -> Probe {
        self.headers.push((name.to_string(), value.to_string()));
        self
    }
}

/// One answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// Header names in lower case, in the order received.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The body was longer than the probe's `max_body`.
    pub truncated: bool,
    /// The URL that answered, after redirects.
    pub url: String,
}

impl Answer {
    /// The first value of a header (name in any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Why there is no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProbeError {
    #[error("no answer within {0:?}")]
    TimedOut(Duration),
    #[error("not asked: the whole check's {0:?} were spent")]
    Deadline(Duration),
    #[error("not asked: the budget of {0} requests was spent")]
    Budget(usize),
    #[error("{0}")]
    Transport(String),
    #[error("`{0}` is not an http(s) URL")]
    Url(String),
    #[error("more than {0} redirects")]
    Redirects(usize),
    #[error("not asked: {0} did not answer an earlier request in time")]
    HostDown(String),
}

/// One probe's answer, or why there is none.
pub type Outcome = Result<Answer, ProbeError>;

/// The `host:port` of a URL, to tell services apart.
fn authority(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

/// How far a batch may go.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Requests in flight at once.
    pub concurrency: usize,
    /// Requests in all, redirects included.
    pub max_requests: usize,
    /// One request: connect, headers and body.
    pub request_timeout: Duration,
    /// The whole batch.
    pub total: Duration,
    pub max_redirects: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            concurrency: 8,
            max_requests: 800,
            request_timeout: Duration::from_secs(10),
            total: Duration::from_secs(60),
            max_redirects: 5,
        }
    }
}

fn client(connect_timeout: Duration) -> Result<Plain, ProbeError> {
    https::client(connect_timeout).map_err(ProbeError::Transport)
}

/// A `Location` header resolved against the URL that sent it.
pub fn resolve(base: &str, location: &str) -> String {
    if location.starts_with("http://") || location.starts_with("https://") {
        return location.to_string();
    }
    let (scheme, rest) = base.split_once("://").unwrap_or(("https", base));
    let authority = rest.split('/').next().unwrap_or(rest);
    if let Some(path) = location.strip_prefix("//") {
        return format!("{scheme}://{path}");
    }
    if location.starts_with('/') {
        return format!("{scheme}://{authority}{location}");
    }
    let path = rest[authority.len()..]
        .split(['?', '#'])
        .next()
        .unwrap_or("");
    let dir = path.rsplit_once('/').map(|(d, _)| d).unwrap_or("");
    format!("{scheme}://{authority}{dir}/{location}")
}

struct Shared {
    client: Plain,
    limits: Limits,
    deadline: Instant,
    sent: AtomicUsize,
    /// Hosts that let a request time out: a service that hangs costs one request timeout per
    /// worker, not one per URL.
    down: Mutex<BTreeSet<String>>,
}

impl Shared {
    async fn once(&self, probe: &Probe, url: &str) -> Result<Answer, ProbeError> {
        let left = self
            .deadline
            .checked_duration_since(Instant::now())
            .filter(|d| !d.is_zero())
            .ok_or(ProbeError::Deadline(self.limits.total))?;
        let host = authority(url).to_string();
        if self.down.lock().is_ok_and(|d| d.contains(&host)) {
            return Err(ProbeError::HostDown(host));
        }
        if self.sent.fetch_add(1, Ordering::Relaxed) >= self.limits.max_requests {
            return Err(ProbeError::Budget(self.limits.max_requests));
        }
        let limit = left.min(self.limits.request_timeout);
        match tokio::time::timeout(limit, self.send(probe, url)).await {
            Ok(r) => r,
            Err(_) => {
                if let Ok(mut d) = self.down.lock() {
                    d.insert(host);
                }
                Err(ProbeError::TimedOut(limit))
            }
        }
    }

    async fn send(&self, probe: &Probe, url: &str) -> Result<Answer, ProbeError> {
        let mut request = http::Request::builder()
            .method(probe.method.clone())
            .uri(url)
            .header(http::header::USER_AGENT, "relcut");
        for (k, v) in &probe.headers {
            request = request.header(k.as_str(), v.as_str());
        }
        let request = request
            .body(String::new())
            .map_err(|_| ProbeError::Url(url.to_string()))?;
        let resp = self
            .client
            .request(request)
            .await
            .map_err(|e| ProbeError::Transport(chain(&e)))?;
        let status = resp.status().as_u16();
        let headers = resp
            .headers()
            .iter()
            .map(|(k, v)| {
                (
                    k.as_str().to_ascii_lowercase(),
                    String::from_utf8_lossy(v.as_bytes()).into_owned(),
                )
            })
            .collect();
        let mut body = Vec::new();
        let mut truncated = false;
        let mut stream = resp.into_body();
        if probe.method != Method::HEAD {
            while let Some(frame) = stream.frame().await {
                let frame = frame.map_err(|e| ProbeError::Transport(chain(&e)))?;
                if let Ok(data) = frame.into_data() {
                    let room = probe.max_body.saturating_sub(body.len());
                    body.extend_from_slice(&data[..data.len().min(room)]);
                    if data.len() > room {
                        truncated = true;
                        break;
                    }
                }
            }
        }
        Ok(Answer {
            status,
            headers,
            body,
            truncated,
            url: url.to_string(),
        })
    }

    /// One probe, following redirects, and a registry's anonymous token challenge when the
    /// probe asks for it.
    async fn follow(&self, probe: &Probe) -> Result<Answer, ProbeError> {
        let answer = self.redirects(probe).await?;
        if !(probe.anonymous_token && answer.status == 401) {
            return Ok(answer);
        }
        let Some(token_url) = answer.header("www-authenticate").and_then(token_url) else {
            return Ok(answer);
        };
        let token = self.redirects(&Probe::get(token_url, 64 * 1024)).await?;
        let Some(token) = (token.status == 200)
            .then(|| serde_json::from_slice::<Token>(&token.body).ok())
            .flatten()
            .and_then(|t| t.token.or(t.access_token))
        else {
            return Ok(answer);
        };
        let with_token = probe
            .clone()
            .header("authorization", &format!("Bearer {token}"));
        self.redirects(&with_token).await
    }

    /// One probe, following redirects (HEAD stays HEAD, as registries and CDNs expect). A
    /// redirect to another host does not carry the `Authorization` header: a token is for the
    /// host it was given to.
    async fn redirects(&self, probe: &Probe) -> Result<Answer, ProbeError> {
        let mut url = probe.url.clone();
        if !(url.starts_with("http://") || url.starts_with("https://")) {
            return Err(ProbeError::Url(url));
        }
        let elsewhere = Probe {
            headers: probe
                .headers
                .iter()
                .filter(|(k, _)| !k.eq_ignore_ascii_case("authorization"))
                .cloned()
                .collect(),
            ..probe.clone()
        };
        for _ in 0..=self.limits.max_redirects {
            let same_host = authority(&url) == authority(&probe.url);
            let answer = self
                .once(if same_host { probe } else { &elsewhere }, &url)
                .await?;
            let redirect = matches!(answer.status, 301 | 302 | 303 | 307 | 308);
            match answer.header("location") {
                Some(location) if redirect => url = resolve(&url, location),
                _ => return Ok(answer),
            }
        }
        Err(ProbeError::Redirects(self.limits.max_redirects))
    }
}

#[derive(serde::Deserialize)]
struct Token {
    token: Option<String>,
    access_token: Option<String>,
}

/// The token URL of a `Bearer realm="...",service="...",scope="..."` challenge: the realm with
/// `service` and `scope` as query parameters.
pub fn token_url(challenge: &str) -> Option<String> {
    let rest = challenge.trim().strip_prefix("Bearer ")?;
    let mut params = Vec::new();
    let mut chars = rest.chars().peekable();
    loop {
        while chars.peek().is_some_and(|c| *c == ',' || c.is_whitespace()) {
            chars.next();
        }
        let key: String = chars.by_ref().take_while(|c| *c != '=').collect();
        if key.is_empty() {
            break;
        }
        let value: String = if chars.peek() == Some(&'"') {
            chars.next();
            chars.by_ref().take_while(|c| *c != '"').collect()
        } else {
            chars.by_ref().take_while(|c| *c != ',').collect()
        };
        params.push((key.trim().to_ascii_lowercase(), value));
    }
    let realm = params.iter().find(|(k, _)| k == "realm")?.1.clone();
    if !(realm.starts_with("https://") || realm.starts_with("http://")) {
        return None;
    }
    let query: Vec<String> = params
        .iter()
        .filter(|(k, _)| k == "service" || k == "scope")
        .map(|(k, v)| format!("{k}={}", encode(v)))
        .collect();
    let sep = if realm.contains('?') { '&' } else { '?' };
    Some(if query.is_empty() {
        realm
    } else {
        format!("{realm}{sep}{}", query.join("&"))
    })
}

/// Percent-encodes what cannot stand in a query value as is.
fn encode(v: &str) -> String {
    v.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b':' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

fn chain(e: &dyn std::error::Error) -> String {
    let mut s = e.to_string();
    let mut source = e.source();
    while let Some(inner) = source {
        s.push_str(": ");
        s.push_str(&inner.to_string());
        source = inner.source();
    }
    s
}

/// Asks every probe, `limits.concurrency` at a time, and returns the answers in the probes'
/// order. Never takes longer than `limits.total` (plus scheduling slack): probes still waiting
/// then get [`ProbeError::Deadline`].
pub async fn ask_all(probes: Vec<Probe>, limits: Limits) -> Vec<Outcome> {
    let client = match client(limits.request_timeout) {
        Ok(c) => c,
        Err(e) => return probes.iter().map(|_| Err(e.clone())).collect(),
    };
    let shared = Arc::new(Shared {
        client,
        limits,
        deadline: Instant::now() + limits.total,
        sent: AtomicUsize::new(0),
        down: Mutex::new(BTreeSet::new()),
    });
    let probes = Arc::new(probes);
    let results: Arc<Mutex<Vec<Option<Outcome>>>> = Arc::new(Mutex::new(vec![None; probes.len()]));
    let next = Arc::new(AtomicUsize::new(0));
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..limits.concurrency.max(1).min(probes.len().max(1)) {
        let (shared, probes, next, results) = (
            shared.clone(),
            probes.clone(),
            next.clone(),
            results.clone(),
        );
        workers.spawn(async move {
            loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(probe) = probes.get(i) else { break };
                let r = shared.follow(probe).await;
                if let Ok(mut all) = results.lock() {
                    all[i] = Some(r);
                }
            }
        });
    }
    // Every request is bounded by the deadline; this bounds the batch even if one were not.
    let all_joined = async { while workers.join_next().await.is_some() {} };
    if tokio::time::timeout(limits.total + Duration::from_secs(1), all_joined)
        .await
        .is_err()
    {
        workers.abort_all();
    }
    let taken = results
        .lock()
        .map(|mut all| std::mem::take(&mut *all))
        .unwrap_or_default();
    let mut taken = taken.into_iter();
    (0..probes.len())
        .map(|_| {
            taken
                .next()
                .flatten()
                .unwrap_or(Err(ProbeError::Deadline(limits.total)))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_resolve_like_a_browser() {
        let base = "https://registry.k8s.io/v2/kube-proxy/manifests/v1.35.3";
        assert_eq!(
            resolve(base, "https://us-central1-docker.pkg.dev/v2/x"),
            "https://us-central1-docker.pkg.dev/v2/x"
        );
        assert_eq!(
            resolve(base, "/v2/other"),
            "https://registry.k8s.io/v2/other"
        );
        assert_eq!(
            resolve(base, "v1.35.4"),
            "https://registry.k8s.io/v2/kube-proxy/manifests/v1.35.4"
        );
        assert_eq!(
            resolve(base, "//cdn.dl.k8s.io/a"),
            "https://cdn.dl.k8s.io/a"
        );
        assert_eq!(authority(base), "registry.k8s.io");
        assert_eq!(
            token_url(r#"Bearer realm="https://us-central1-docker.pkg.dev/v2/token",service="us-central1-docker.pkg.dev",scope="repository:k8s-artifacts-prod/images/kube-proxy:pull""#).as_deref(),
            Some("https://us-central1-docker.pkg.dev/v2/token?service=us-central1-docker.pkg.dev&scope=repository:k8s-artifacts-prod/images/kube-proxy:pull")
        );
        assert_eq!(token_url("Basic realm=\"x\""), None);
        assert_eq!(token_url("Bearer realm=\"javascript:x\""), None);
        assert_eq!(authority("http://127.0.0.1:8080?x"), "127.0.0.1:8080");
    }
}
