//! "The release is really live": every place a Kubernetes release must appear, checked from
//! outside after the cut, each with a state, the URL asked, what was seen and the fix (or whom
//! to ask).
//!
//! Pure: [`Plan`] says which URLs to ask ([`Plan::first`], then [`Plan::second`] once the
//! first answers are in: the image list and the rpm index name what to ask next) and judges
//! the answers ([`Plan::judge`]) into one [`Report`], rendered [`Report::text`] for the
//! terminal and [`Report::markdown`] for GitHub. The caller does the HTTP.
//!
//! Facts kept once, each with its source: the architectures Kubernetes ships ([`ARCHES`]),
//! registry.k8s.io's regional backends ([`REGIONS`]), the binaries per platform
//! ([`PLATFORMS`]), the packages ([`PACKAGES`]).

mod dl;
mod github;
mod pkgs;
mod registry;
mod report;
mod website;

use std::collections::BTreeMap;

use serde::Serialize;

use crate::source::Source;
use crate::version::Tag;

pub use registry::{Mirror, MirrorError, ACCEPT};
pub use website::{
    branch as schedule_branch, stale_fix as schedule_fix, PR_TITLE as SCHEDULE_PR_TITLE,
};

/// The architectures every release image index must list (kubernetes/release
/// `pkg/consts/main.go` `SupportedArchitectures`, which krel's image validation uses).
pub const ARCHES: [&str; 4] = ["amd64", "arm64", "ppc64le", "s390x"];

pub const ARCHES_SOURCE: Source = Source {
    reference: "kubernetes/release:pkg/consts/main.go",
    date: "2024-01-05",
    url: "https://github.com/kubernetes/release/blob/master/pkg/consts/main.go",
};

/// The regional Artifact Registry backends registry.k8s.io serves from: one Cloud Run service
/// per region, each redirecting to `https://<region>-docker.pkg.dev`, repository
/// `k8s-artifacts-prod/images` (kubernetes/k8s.io `infra/gcp/terraform/modules/oci-proxy/main.tf`,
/// `locals.cloud_run_config`). `RELCUT_REGISTRY_MIRRORS` replaces this list.
pub const REGIONS: [&str; 22] = [
    "asia-east1",
    "asia-northeast1",
    "asia-northeast2",
    "asia-south1",
    "australia-southeast1",
    "europe-north1",
    "europe-southwest1",
    "europe-west1",
    "europe-west2",
    "europe-west3",
    "europe-west4",
    "europe-west8",
    "europe-west9",
    "europe-west10",
    "southamerica-west1",
    "us-central1",
    "us-east1",
    "us-east4",
    "us-east5",
    "us-south1",
    "us-west1",
    "us-west2",
];

pub const REGIONS_SOURCE: Source = Source {
    reference: "kubernetes/k8s.io:infra/gcp/terraform/modules/oci-proxy/main.tf",
    date: "2026-08-06",
    url: "https://github.com/kubernetes/k8s.io/blob/main/infra/gcp/terraform/modules/oci-proxy/main.tf",
};

/// The binaries whose `.sha256` must exist under `release/<tag>/bin/<os>/<arch>/`, per platform
/// (kubernetes/kubernetes `hack/lib/golang.sh`: server and node platforms get the server and
/// node binaries, every client platform gets kubectl).
pub const PLATFORMS: [(&str, &[&str]); 11] = [
    ("linux/amd64", SERVER),
    ("linux/arm64", SERVER),
    ("linux/ppc64le", SERVER),
    ("linux/s390x", SERVER),
    ("linux/386", &["kubectl"]),
    ("linux/arm", &["kubectl"]),
    ("darwin/amd64", &["kubectl"]),
    ("darwin/arm64", &["kubectl"]),
    (
        "windows/amd64",
        &[
            "kubectl.exe",
            "kubelet.exe",
            "kubeadm.exe",
            "kube-proxy.exe",
        ],
    ),
    ("windows/386", &["kubectl.exe"]),
    ("windows/arm64", &["kubectl.exe"]),
];

const SERVER: &[&str] = &[
    "kube-apiserver",
    "kube-controller-manager",
    "kube-scheduler",
    "kube-proxy",
    "kubelet",
    "kubeadm",
    "kubectl",
];

pub const PLATFORMS_SOURCE: Source = Source {
    reference: "kubernetes/kubernetes:hack/lib/golang.sh",
    date: "2026-03-23",
    url: "https://github.com/kubernetes/kubernetes/blob/master/hack/lib/golang.sh",
};

/// The packages `krel obs stage` builds for every release, on the same four architectures.
pub const PACKAGES: [&str; 3] = ["kubeadm", "kubectl", "kubelet"];

pub const PACKAGES_SOURCE: Source = Source {
    reference: "kubernetes/release:pkg/obs/stage.go",
    date: "2026-03-23",
    url: "https://github.com/kubernetes/release/blob/master/pkg/obs/stage.go",
};

/// kpromo's list of release images, the one `promotion verify` reads.
pub const IMAGES_YAML_PATH: &str = "registry.k8s.io/images/k8s-staging-kubernetes/images.yaml";

/// What one place says about the release.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Ok,
    /// Could not ask, or the answer says nothing (timeouts, 5xx, rate limits).
    Unknown,
    /// Not there (yet).
    Missing,
    /// There, but not as it must be.
    Wrong,
}

impl State {
    pub fn as_str(self) -> &'static str {
        match self {
            State::Ok => "ok",
            State::Unknown => "unknown",
            State::Missing => "missing",
            State::Wrong => "wrong",
        }
    }
}

/// One place, checked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Check {
    /// `registry/kube-apiserver`, `mirror/us-central1`, `dl/linux-amd64`, `dl/stable-1.35.txt`,
    /// `pkgs/deb`, `pkgs/rpm`, `github/release`, `github/latest`, `github/changelog`,
    /// `website/schedule`, `images/list`.
    pub id: String,
    pub state: State,
    /// The URL asked (for a group, the first one that was not ok).
    pub url: String,
    /// What was seen, in a sentence.
    pub detail: String,
    /// What to do, or whom to ask; empty when ok.
    pub fix: String,
}

/// Where a check looks, by what puts the release there (what the release-live gate's
/// watchdog gives each its own time).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Place {
    /// registry.k8s.io and its regional backends, and the list of images (`registry/`,
    /// `mirror/`, `images/`).
    Images,
    /// dl.k8s.io: binaries and version markers (`dl/`).
    Binaries,
    /// pkgs.k8s.io (`pkgs/`).
    Packages,
    /// The GitHub release and the CHANGELOG (`github/`).
    GitHub,
    /// kubernetes.io's patch schedule (`website/`).
    Website,
}

impl Check {
    /// Where it looks, from the first part of its id (the ids above).
    pub fn place(&self) -> Place {
        match self.id.split('/').next().unwrap_or_default() {
            "dl" => Place::Binaries,
            "pkgs" => Place::Packages,
            "github" => Place::GitHub,
            "website" => Place::Website,
            _ => Place::Images,
        }
    }
}

/// The answer to `relcut verify-release TAG`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    pub tag: String,
    /// Every check is ok.
    pub live: bool,
    pub checks: Vec<Check>,
}

impl Report {
    /// The worst state of any check (`Wrong` and `Missing` above `Unknown` above `Ok`): what
    /// the exit code says (0 ok, 1 missing or wrong, 3 only unknowns left).
    pub fn worst(&self) -> State {
        self.checks
            .iter()
            .map(|c| c.state)
            .max()
            .unwrap_or(State::Ok)
    }

    pub fn count(&self, state: State) -> usize {
        self.checks.iter().filter(|c| c.state == state).count()
    }
}

/// How to ask.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Head,
    Get,
}

/// One URL to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub url: String,
    pub headers: Vec<(&'static str, String)>,
    /// The most body bytes worth reading.
    pub max_body: usize,
    /// A registry: answer a 401 `Bearer` challenge with an anonymous token, as `docker pull`
    /// does.
    pub anonymous_token: bool,
}

impl Request {
    fn head(url: String) -> Request {
        Request {
            method: Method::Head,
            url,
            headers: Vec::new(),
            max_body: 0,
            anonymous_token: false,
        }
    }

    fn get(url: String, max_body: usize) -> Request {
        Request {
            method: Method::Get,
            url,
            headers: Vec::new(),
            max_body,
            anonymous_token: false,
        }
    }

    fn with(mut self, name: &'static str, value: &str) -> Request {
        self.headers.push((name, value.to_string()));
        self
    }
}

/// What came back for one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reply {
    Answer {
        status: u16,
        /// Lower-case names.
        headers: Vec<(String, String)>,
        body: Vec<u8>,
        /// The body was longer than asked for; only its start is here.
        truncated: bool,
    },
    /// No answer: the reason (timeout, connection refused, budget spent).
    Failed(String),
}

impl Reply {
    fn header(&self, name: &str) -> Option<&str> {
        match self {
            Reply::Answer { headers, .. } => headers
                .iter()
                .find(|(k, _)| k.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.as_str()),
            Reply::Failed(_) => None,
        }
    }

    fn text(&self) -> String {
        match self {
            Reply::Answer { body, .. } => String::from_utf8_lossy(body).into_owned(),
            Reply::Failed(_) => String::new(),
        }
    }

    /// A reply that says nothing about the release: the reason, as an `unknown` detail.
    fn unknown(&self, what: &str) -> Option<String> {
        match self {
            Reply::Failed(reason) => Some(format!("could not ask {what}: {reason}")),
            Reply::Answer { status, .. } => match status {
                200..=299 | 404 | 410 => None,
                401 | 403 => Some(format!(
                    "{what} answered {status}: it asks for credentials relcut does not have"
                )),
                429 => Some(format!(
                    "{what} answered 429: rate limited; try again in a few minutes"
                )),
                s => Some(format!("{what} answered {s}")),
            },
        }
    }

    fn status(&self) -> Option<u16> {
        match self {
            Reply::Answer { status, .. } => Some(*status),
            Reply::Failed(_) => None,
        }
    }
}

/// Replies by the URL asked.
pub type Replies = BTreeMap<String, Reply>;

/// Where to ask. Defaults are the real services.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bases {
    pub registry: String,
    pub dl: String,
    pub pkgs: String,
    pub github_api: String,
    pub mirrors: Vec<Mirror>,
}

pub const REGISTRY_URL: &str = "https://registry.k8s.io";
pub const DL_URL: &str = "https://dl.k8s.io";
pub const PKGS_URL: &str = "https://pkgs.k8s.io";
pub const GITHUB_API_URL: &str = "https://api.github.com";

impl Default for Bases {
    fn default() -> Self {
        Bases {
            registry: REGISTRY_URL.into(),
            dl: DL_URL.into(),
            pkgs: PKGS_URL.into(),
            github_api: GITHUB_API_URL.into(),
            mirrors: registry::default_mirrors(),
        }
    }
}

impl Bases {
    fn trimmed(mut self) -> Bases {
        for b in [
            &mut self.registry,
            &mut self.dl,
            &mut self.pkgs,
            &mut self.github_api,
        ] {
            *b = b.trim_end_matches('/').to_string();
        }
        self
    }
}

/// What to ask for one tag, and what the answers mean.
#[derive(Debug, Clone)]
pub struct Plan {
    pub tag: Tag,
    pub bases: Bases,
}

impl Plan {
    pub fn new(tag: Tag, bases: Bases) -> Plan {
        Plan {
            tag,
            bases: bases.trimmed(),
        }
    }

    /// The URLs that need nothing else first.
    pub fn first(&self) -> Vec<Request> {
        let mut out = vec![registry::images_list(self)];
        out.extend(dl::requests(self));
        out.extend(pkgs::first(self));
        out.extend(github::requests(self));
        out
    }

    /// The URLs the first answers name: each release image on the registry and its mirrors
    /// (from the image list), the rpm package index (from `repomd.xml`).
    pub fn second(&self, first: &Replies) -> Vec<Request> {
        let mut out = registry::manifests(self, first);
        out.extend(pkgs::second(self, first));
        out
    }

    /// Every check, from all the replies.
    pub fn judge(&self, replies: &Replies) -> Report {
        let mut checks = registry::judge(self, replies);
        checks.extend(dl::judge(self, replies));
        checks.extend(pkgs::judge(self, replies));
        checks.extend(github::judge(self, replies));
        Report {
            tag: self.tag.to_string(),
            live: checks.iter().all(|c| c.state == State::Ok),
            checks,
        }
    }

    /// `X.Y.Z[-pre.N]`: the tag without its `v`, as packages and the website's schedule
    /// write it.
    fn version(&self) -> String {
        self.tag.to_string().trim_start_matches('v').to_string()
    }

    /// `X.Y` of the tag.
    fn minor(&self) -> String {
        format!("{}.{}", self.tag.major, self.tag.minor)
    }
}

fn check(id: &str, state: State, url: &str, detail: String, fix: &str) -> Check {
    Check {
        id: id.to_string(),
        state,
        url: url.to_string(),
        detail,
        fix: if state == State::Ok {
            String::new()
        } else {
            fix.to_string()
        },
    }
}

/// The reply for `url`, or a failure saying it was never asked.
fn reply<'a>(replies: &'a Replies, url: &str) -> std::borrow::Cow<'a, Reply> {
    match replies.get(url) {
        Some(r) => std::borrow::Cow::Borrowed(r),
        None => std::borrow::Cow::Owned(Reply::Failed("not asked".into())),
    }
}

#[cfg(test)]
mod tests;
