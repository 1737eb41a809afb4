//! registry.k8s.io and its regional backends: each release image carries the tag as a
//! multi-arch index (OCI image index or Docker manifest list) listing every architecture, and
//! every backend serves the same digest.

use std::collections::BTreeSet;

use serde::Deserialize;

use super::{check, reply, Check, Plan, Replies, Reply, Request, State, ARCHES, IMAGES_YAML_PATH};
use crate::images;

/// The Accept list of an OCI distribution client that takes indexes and single manifests in
/// both formats (opencontainers/image-spec `media-types.md`; krel's `docker manifest push`
/// writes Docker manifest lists).
pub const ACCEPT: &str = "application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json";

const INDEX_TYPES: [&str; 2] = [
    "application/vnd.oci.image.index.v1+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
];

/// A manifest is small; an index of a dozen platforms is a few KiB.
const MANIFEST_MAX: usize = 64 * 1024;
/// images.yaml of k8s-staging-kubernetes was 0.95 MB in 2026.
const IMAGES_YAML_MAX: usize = 4 * 1024 * 1024;

/// One registry that must serve the images: a base URL and the repository path under `/v2/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mirror {
    /// The region for an Artifact Registry host, else the host.
    pub name: String,
    /// `https://us-central1-docker.pkg.dev`
    pub base: String,
    /// `k8s-artifacts-prod/images` (may be empty).
    pub repo: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MirrorError {
    #[error("`{0}` in RELCUT_REGISTRY_MIRRORS is not an http(s) URL: give comma-separated registry URLs with their repository path, like https://us-central1-docker.pkg.dev/k8s-artifacts-prod/images")]
    NotUrl(String),
}

impl Mirror {
    /// `https://us-central1-docker.pkg.dev/k8s-artifacts-prod/images`.
    pub fn parse(s: &str) -> Result<Mirror, MirrorError> {
        let s = s.trim().trim_end_matches('/');
        let (scheme, rest) = s
            .split_once("://")
            .filter(|(scheme, rest)| matches!(*scheme, "http" | "https") && !rest.is_empty())
            .ok_or_else(|| MirrorError::NotUrl(s.to_string()))?;
        let (host, repo) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() || s.chars().any(char::is_whitespace) {
            return Err(MirrorError::NotUrl(s.to_string()));
        }
        let name = host
            .strip_suffix("-docker.pkg.dev")
            .unwrap_or(host)
            .to_string();
        Ok(Mirror {
            name,
            base: format!("{scheme}://{host}"),
            repo: repo.trim_start_matches("v2/").to_string(),
        })
    }

    /// Comma-separated, as `RELCUT_REGISTRY_MIRRORS` gives them; empty means none.
    pub fn parse_list(s: &str) -> Result<Vec<Mirror>, MirrorError> {
        s.split(',')
            .filter(|p| !p.trim().is_empty())
            .map(Mirror::parse)
            .collect()
    }

    fn url(&self, name: &str, tag: &str) -> String {
        if self.repo.is_empty() {
            format!("{}/v2/{name}/manifests/{tag}", self.base)
        } else {
            format!("{}/v2/{}/{name}/manifests/{tag}", self.base, self.repo)
        }
    }
}

/// The table: every region of [`super::REGIONS`].
pub(super) fn default_mirrors() -> Vec<Mirror> {
    super::REGIONS
        .iter()
        .map(|r| Mirror {
            name: (*r).to_string(),
            base: format!("https://{r}-docker.pkg.dev"),
            repo: "k8s-artifacts-prod/images".into(),
        })
        .collect()
}

pub(super) fn images_list_url(plan: &Plan) -> String {
    format!(
        "{}/repos/kubernetes/k8s.io/contents/{IMAGES_YAML_PATH}?ref=main",
        plan.bases.github_api
    )
}

pub(super) fn images_list(plan: &Plan) -> Request {
    Request::get(images_list_url(plan), IMAGES_YAML_MAX)
        .with("accept", "application/vnd.github.raw")
}

/// The release's images from images.yaml: the names carrying the tag, else (not promoted yet)
/// the names the previous release carried. `Err` is the check saying why there is no list.
fn names(plan: &Plan, replies: &Replies) -> (Check, Vec<String>) {
    let url = images_list_url(plan);
    let r = reply(replies, &url);
    let tag = plan.tag.to_string();
    let unknown = |detail: String| {
        (
            check(
                "images/list",
                State::Unknown,
                &url,
                detail,
                "Run again; if GitHub keeps failing, set GITHUB_TOKEN (anonymous calls are limited to 60 an hour)",
            ),
            Vec::new(),
        )
    };
    if let Some(why) = r.unknown("GitHub (kubernetes/k8s.io images.yaml)") {
        return unknown(why);
    }
    if r.status() == Some(404) {
        return unknown(format!(
            "kubernetes/k8s.io has no {IMAGES_YAML_PATH} on main (404)"
        ));
    }
    if matches!(
        *r,
        Reply::Answer {
            truncated: true,
            ..
        }
    ) {
        return unknown(format!(
            "images.yaml is larger than {} MiB; relcut does not read further",
            IMAGES_YAML_MAX / 1024 / 1024
        ));
    }
    let triples = match images::parse(&r.text(), "images.yaml") {
        Ok(t) => t,
        Err(e) => return unknown(e.to_string()),
    };
    let carrying: BTreeSet<String> = triples
        .iter()
        .filter(|t| t.tag == tag)
        .map(|t| t.name.clone())
        .collect();
    if !carrying.is_empty() {
        let list = index_names(&carrying);
        let c = check(
            "images/list",
            State::Ok,
            &url,
            format!(
                "{} images carry {tag} in images.yaml; {} of them are multi-arch: {}",
                carrying.len(),
                list.len(),
                list.join(", ")
            ),
            "",
        );
        return (c, list);
    }
    let prev = images::previous_release(&triples, &plan.tag).map(|p| p.to_string());
    let expected: BTreeSet<String> = triples
        .iter()
        .filter(|t| Some(&t.tag) == prev.as_ref())
        .map(|t| t.name.clone())
        .collect();
    let list = index_names(&expected);
    let c = check(
        "images/list",
        State::Missing,
        &url,
        format!(
            "no image carries {tag} in images.yaml: the image promotion PR has not merged; checking the images {} carried: {}",
            prev.as_deref().unwrap_or("no earlier release"),
            list.join(", ")
        ),
        &format!("Merge the image promotion PR for {tag} in kubernetes/k8s.io (check it with `relcut promotion verify --pr N`); ask #release-management"),
    );
    (c, list)
}

/// The names of multi-arch images: not `<image>-<arch>` (the per-architecture copies).
fn index_names(all: &BTreeSet<String>) -> Vec<String> {
    all.iter()
        .filter(|n| {
            !ARCHES.iter().chain(&["arm"]).any(|a| {
                n.ends_with(&format!("-{a}")) && all.contains(n.trim_end_matches(&format!("-{a}")))
            })
        })
        .cloned()
        .collect()
}

fn registry_url(plan: &Plan, name: &str) -> String {
    format!("{}/v2/{name}/manifests/{}", plan.bases.registry, plan.tag)
}

pub(super) fn manifests(plan: &Plan, first: &Replies) -> Vec<Request> {
    let (_, names) = names(plan, first);
    let tag = plan.tag.to_string();
    let mut out = Vec::new();
    for name in &names {
        out.push(registry_url(plan, name));
        for m in &plan.bases.mirrors {
            out.push(m.url(name, &tag));
        }
    }
    out.into_iter()
        .map(|u| Request {
            anonymous_token: true,
            ..Request::get(u, MANIFEST_MAX).with("accept", ACCEPT)
        })
        .collect()
}

#[derive(Deserialize)]
struct Manifest {
    #[serde(rename = "mediaType", default)]
    media_type: Option<String>,
    #[serde(default)]
    manifests: Option<Vec<Descriptor>>,
}

#[derive(Deserialize)]
struct Descriptor {
    #[serde(default)]
    platform: Option<Platform>,
}

#[derive(Deserialize)]
struct Platform {
    #[serde(default)]
    architecture: String,
}

/// One manifest reply: its state, what was seen, and the digest the registry gave.
fn manifest(r: &Reply, what: &str, tag: &str) -> (State, String, Option<String>) {
    if let Some(why) = r.unknown(what) {
        return (State::Unknown, why, None);
    }
    if matches!(r.status(), Some(404 | 410)) {
        return (State::Missing, format!("{what} has no {tag} (404)"), None);
    }
    if matches!(
        r,
        Reply::Answer {
            truncated: true,
            ..
        }
    ) {
        return (
            State::Unknown,
            format!("{what} sent a manifest over {} KiB", MANIFEST_MAX / 1024),
            None,
        );
    }
    let digest = r.header("docker-content-digest").map(str::to_string);
    let Ok(m) = serde_json::from_str::<Manifest>(&r.text()) else {
        return (
            State::Wrong,
            format!("{what} answered {tag} with something that is not a manifest"),
            digest,
        );
    };
    let content_type = r.header("content-type").unwrap_or_default();
    let media = m.media_type.clone().unwrap_or_else(|| {
        content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_string()
    });
    let Some(list) = m
        .manifests
        .filter(|_| INDEX_TYPES.contains(&media.as_str()) || media.is_empty())
    else {
        return (
            State::Wrong,
            format!(
                "{what} serves {tag} as a single-platform image ({media}), not a multi-arch index"
            ),
            digest,
        );
    };
    let arches: BTreeSet<String> = list
        .iter()
        .filter_map(|d| d.platform.as_ref().map(|p| p.architecture.clone()))
        .collect();
    let lacking: Vec<&str> = ARCHES
        .iter()
        .copied()
        .filter(|a| !arches.contains(*a))
        .collect();
    if lacking.is_empty() {
        (
            State::Ok,
            format!(
                "{what}: multi-arch index of {tag} with {}",
                ARCHES.join(", ")
            ),
            digest,
        )
    } else {
        (
            State::Wrong,
            format!(
                "{what}: the index of {tag} lacks {} (it lists {})",
                lacking.join(", "),
                arches.into_iter().collect::<Vec<_>>().join(", ")
            ),
            digest,
        )
    }
}

pub(super) fn judge(plan: &Plan, replies: &Replies) -> Vec<Check> {
    let (list, names) = names(plan, replies);
    let tag = plan.tag.to_string();
    let mut out = vec![list];
    let mut digests = Vec::new();
    for name in &names {
        let url = registry_url(plan, name);
        let (state, detail, digest) = manifest(&reply(replies, &url), "registry.k8s.io", &tag);
        digests.push(digest);
        let fix = match state {
            State::Missing => format!("Promote {name}:{tag}: merge the image promotion PR or re-run the promotion job (post-k8sio-image-promo), ask #release-management; if the job was green, ask #sig-k8s-infra (kubernetes/kubernetes#126170)"),
            State::Wrong => format!("Every image index must list {} ({}): the release build pushed an incomplete or single-platform image; ask #release-management", ARCHES.join(", "), super::ARCHES_SOURCE),
            _ => "Run again in a few minutes; if registry.k8s.io keeps failing, ask #sig-k8s-infra".to_string(),
        };
        out.push(check(
            &format!("registry/{name}"),
            state,
            &url,
            detail,
            &fix,
        ));
    }
    if names.is_empty() {
        return out;
    }
    for m in &plan.bases.mirrors {
        out.push(mirror_check(m, &names, &digests, replies, &tag));
    }
    out
}

fn mirror_check(
    m: &super::Mirror,
    names: &[String],
    digests: &[Option<String>],
    replies: &Replies,
    tag: &str,
) -> Check {
    let mut worst = State::Ok;
    let mut first_bad = None;
    let mut seen = Vec::new();
    for (name, want) in names.iter().zip(digests) {
        let url = m.url(name, tag);
        let (mut state, mut detail, digest) = manifest(&reply(replies, &url), name, tag);
        if state == State::Ok {
            if let (Some(w), Some(d)) = (want, &digest) {
                if w != d {
                    state = State::Wrong;
                    detail = format!("{name}:{tag} is {d} here but {w} on registry.k8s.io");
                }
            }
        }
        if state != State::Ok {
            seen.push(detail);
            first_bad.get_or_insert(url);
        }
        worst = worst.max(state);
    }
    let url = first_bad.unwrap_or_else(|| m.url(&names[0], tag));
    let detail = if worst == State::Ok {
        format!(
            "all {} images serve {tag} as a multi-arch index, as registry.k8s.io does",
            names.len()
        )
    } else {
        seen.join("; ")
    };
    let fix = match worst {
        State::Unknown => format!("Run again; if {} keeps failing, ask #sig-k8s-infra", m.base),
        State::Wrong => format!("{} serves another or an incomplete image than registry.k8s.io: ask #sig-k8s-infra to re-run the image promotion sync (kubernetes/kubernetes#126170)", m.name),
        _ => format!("The promotion has not reached {} everywhere: users near it get `not found` (kubernetes/kubernetes#126170); ask #sig-k8s-infra to re-run the image promotion sync", m.name),
    };
    check(&format!("mirror/{}", m.name), worst, &url, detail, &fix)
}
