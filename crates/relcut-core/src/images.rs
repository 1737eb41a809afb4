//! kpromo's `images.yaml` (kubernetes/k8s.io `registry.k8s.io/images/k8s-staging-kubernetes`)
//! and the check of a promotion PR: every image of the release gets exactly one new digest per
//! tag, nothing else is added, nothing is removed.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use yaml_rust2::{Yaml, YamlLoader};

use crate::version::{PreRelease, Tag};

/// One (image, digest, tag) of the manifest.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
pub struct Triple {
    pub name: String,
    pub digest: String,
    pub tag: String,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ImagesError {
    #[error("{file} is not valid YAML: {message}")]
    Yaml { file: String, message: String },
    #[error("{file}: {message}: expected kpromo's list of `- name: ...` / `dmap: {{\"sha256:...\": [\"tag\"]}}` entries")]
    Shape { file: String, message: String },
}

/// Reads an images.yaml into triples; `mock/` images (mock stage pushes) are left out, as kpromo
/// strips them.
pub fn parse(text: &str, file: &str) -> Result<BTreeSet<Triple>, ImagesError> {
    let docs = YamlLoader::load_from_str(text).map_err(|e| ImagesError::Yaml {
        file: file.into(),
        message: e.to_string(),
    })?;
    let shape = |m: String| ImagesError::Shape {
        file: file.into(),
        message: m,
    };
    let mut out = BTreeSet::new();
    let items = match docs.first() {
        None | Some(Yaml::Null) => return Ok(out),
        Some(Yaml::Array(a)) => a,
        Some(_) => return Err(shape("the top level is not a list".into())),
    };
    for (i, item) in items.iter().enumerate() {
        let Yaml::Hash(h) = item else {
            return Err(shape(format!("entry {i} is not a mapping")));
        };
        let name = match h.get(&Yaml::String("name".into())) {
            Some(Yaml::String(n)) => n.clone(),
            _ => return Err(shape(format!("entry {i} has no `name`"))),
        };
        if name.contains("mock/") {
            continue;
        }
        let dmap = match h.get(&Yaml::String("dmap".into())) {
            Some(Yaml::Hash(d)) => d,
            Some(Yaml::Null) | None => continue,
            _ => {
                return Err(shape(format!(
                    "`{name}` has a `dmap` that is not a mapping"
                )))
            }
        };
        for (digest, tags) in dmap {
            let Yaml::String(digest) = digest else {
                return Err(shape(format!("`{name}` has a digest that is not a string")));
            };
            let tags = match tags {
                Yaml::Array(t) => t.clone(),
                Yaml::Null => Vec::new(),
                _ => return Err(shape(format!("`{name}` {digest}: tags are not a list"))),
            };
            for t in tags {
                let tag = match t {
                    Yaml::String(s) | Yaml::Real(s) => s,
                    Yaml::Integer(i) => i.to_string(),
                    _ => return Err(shape(format!("`{name}` {digest}: a tag is not a string"))),
                };
                out.insert(Triple {
                    name: name.clone(),
                    digest: digest.clone(),
                    tag,
                });
            }
        }
    }
    Ok(out)
}

/// Release order: alpha < beta < rc < the release itself.
pub(crate) fn order(t: &Tag) -> (u64, u64, u64, u8, u64) {
    let (rank, n) = match t.pre {
        Some(PreRelease::Alpha(n)) => (0, n),
        Some(PreRelease::Beta(n)) => (1, n),
        Some(PreRelease::Rc(n)) => (2, n),
        None => (3, 0),
    };
    (t.major, t.minor, t.patch, rank, n)
}

/// The release whose images set the expectation: the newest tag in `base` before `tag`, of the
/// same minor if there is one, else of the newest earlier minor.
pub(crate) fn previous_release(base: &BTreeSet<Triple>, tag: &Tag) -> Option<Tag> {
    let tags: BTreeSet<String> = base.iter().map(|t| t.tag.clone()).collect();
    let earlier: Vec<Tag> = tags
        .iter()
        .filter_map(|t| Tag::parse(t).ok())
        .filter(|t| t.major == tag.major && order(t) < order(tag))
        .collect();
    earlier
        .iter()
        .filter(|t| t.minor == tag.minor)
        .max_by_key(|t| order(t))
        .or_else(|| earlier.iter().max_by_key(|t| order(t)))
        .copied()
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub image: String,
    pub tag: String,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Verification {
    pub ok: bool,
    pub tags: Vec<String>,
    /// Per tag: the release the expected image names come from, and how many there are.
    pub expected: BTreeMap<String, (Option<String>, usize)>,
    pub added: usize,
    pub problems: Vec<Problem>,
}

/// Checks the change from `base` to `head` promotes exactly `tags`.
pub fn verify(base: &BTreeSet<Triple>, head: &BTreeSet<Triple>, tags: &[Tag]) -> Verification {
    let mut problems = Vec::new();
    let want: BTreeSet<String> = tags.iter().map(Tag::to_string).collect();
    for removed in base.difference(head) {
        problems.push(Problem {
            image: removed.name.clone(),
            tag: removed.tag.clone(),
            message: format!(
                "{}:{} ({}) is removed; a promotion only adds",
                removed.name, removed.tag, removed.digest
            ),
        });
    }
    let added: Vec<&Triple> = head.difference(base).collect();
    for t in &added {
        if !want.contains(&t.tag) {
            problems.push(Problem {
                image: t.name.clone(),
                tag: t.tag.clone(),
                message: format!(
                    "{}:{} is added, but this promotion is for {} only",
                    t.name,
                    t.tag,
                    want.iter().cloned().collect::<Vec<_>>().join(", ")
                ),
            });
        }
    }
    let mut expected_out = BTreeMap::new();
    for tag in tags {
        let tag_s = tag.to_string();
        if base.iter().any(|t| t.tag == tag_s) {
            problems.push(Problem {
                image: "*".into(),
                tag: tag_s.clone(),
                message: format!("{tag_s} is already in the base manifest: it was promoted before"),
            });
        }
        let prev = previous_release(base, tag);
        let expected: BTreeSet<String> = match &prev {
            Some(p) => {
                let p = p.to_string();
                base.iter()
                    .filter(|t| t.tag == p)
                    .map(|t| t.name.clone())
                    .collect()
            }
            None => BTreeSet::new(),
        };
        expected_out.insert(tag_s.clone(), (prev.map(|p| p.to_string()), expected.len()));
        let mut digests: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
        for t in head.iter().filter(|t| t.tag == tag_s) {
            digests
                .entry(t.name.as_str())
                .or_default()
                .insert(t.digest.as_str());
        }
        for name in &expected {
            match digests.get(name.as_str()) {
                None => problems.push(Problem {
                    image: name.clone(),
                    tag: tag_s.clone(),
                    message: format!("{name} has no digest for {tag_s}"),
                }),
                Some(d) if d.len() > 1 => problems.push(Problem {
                    image: name.clone(),
                    tag: tag_s.clone(),
                    message: format!(
                        "{name}:{tag_s} points at {} digests; it must be exactly one",
                        d.len()
                    ),
                }),
                _ => {}
            }
        }
        if expected.is_empty() && digests.is_empty() {
            problems.push(Problem {
                image: "*".into(),
                tag: tag_s.clone(),
                message: format!("no image carries {tag_s}"),
            });
        }
        for name in digests.keys() {
            if !expected.is_empty() && !expected.contains(*name) {
                problems.push(Problem {
                    image: name.to_string(),
                    tag: tag_s.clone(),
                    message: format!("{name}:{tag_s} is not an image of the previous release; check it belongs to Kubernetes {tag_s}"),
                });
            }
        }
    }
    Verification {
        ok: problems.is_empty(),
        tags: want.into_iter().collect(),
        expected: expected_out,
        added: added.len(),
        problems,
    }
}

/// The title kpromo gives the PR, to compare with the real one.
pub fn expected_title(tags: &[Tag]) -> String {
    crate::promotion::pr_title(tags)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(crate) fn manifest(entries: &[(&str, &[(&str, &str)])]) -> String {
        let mut s = String::new();
        for (name, dmap) in entries {
            s.push_str(&format!("- name: {name}\n  dmap:\n"));
            for (digest, tag) in *dmap {
                s.push_str(&format!("    \"sha256:{digest}\": [\"{tag}\"]\n"));
            }
        }
        s
    }

    fn d(c: char) -> String {
        std::iter::repeat_n(c, 64).collect()
    }

    #[test]
    fn parse_kpromo_format() {
        let text = "- name: conformance\n  dmap:\n    \"sha256:10e2f4cc76f8f370f754ca2fe6be82eed819a31a5e639820463c671458e4014f\": [\"v1.16.14\"]\n    \"sha256:bfde8d98563bdc950a4193a6ed9ce73d330229ce76e1648e3a577cabd1647237\": [\"v1.16.15\",\"v1.16.15-x\"]\n- name: mock/kube-proxy\n  dmap:\n    \"sha256:aa\": [\"v1.16.15\"]\n";
        let t = parse(text, "images.yaml").unwrap();
        assert_eq!(t.len(), 3);
        assert!(t.iter().all(|t| t.name == "conformance"));
        assert!(parse("name: x", "f").is_err());
        assert!(parse("- dmap: {}", "f")
            .unwrap_err()
            .to_string()
            .contains("no `name`"));
    }

    /// The one-PR form of an rc.0 (kubernetes/k8s.io#9811): both tags in one images.yaml change
    /// verify like two PRs would, each against its own previous release.
    #[test]
    fn rc0_both_tags_in_one_change() {
        let base = manifest(&[
            ("kube-proxy", &[(d('a').as_str(), "v1.37.0-beta.0")]),
            ("pause", &[(d('c').as_str(), "3.10")]),
        ]);
        let base = parse(&base, "base").unwrap();
        let head = manifest(&[
            (
                "kube-proxy",
                &[
                    (d('a').as_str(), "v1.37.0-beta.0"),
                    (d('1').as_str(), "v1.37.0-rc.0"),
                    (d('2').as_str(), "v1.38.0-alpha.0"),
                ],
            ),
            ("pause", &[(d('c').as_str(), "3.10")]),
        ]);
        let title_tags = crate::promotion::promotion(
            &Tag::parse("v1.37.0-rc.0").unwrap(),
            crate::Rules::Current,
            None,
        )
        .unwrap()
        .tags;
        let v = verify(&base, &parse(&head, "head").unwrap(), &title_tags);
        assert!(v.ok, "{:#?}", v.problems);
        assert_eq!(v.added, 2);
        assert_eq!(
            expected_title(&title_tags),
            "releng: Image promotion for kubernetes v1.37.0-rc.0 / v1.38.0-alpha.0"
        );
    }

    #[test]
    fn verify_a_clean_promotion_and_its_faults() {
        let (a, b, c, x) = (d('a'), d('b'), d('c'), d('e'));
        let base = manifest(&[
            ("kube-proxy", &[(a.as_str(), "v1.35.0")]),
            ("kube-proxy-amd64", &[(b.as_str(), "v1.35.0")]),
            ("pause", &[(c.as_str(), "3.10")]),
        ]);
        let base = parse(&base, "base").unwrap();
        let good = manifest(&[
            (
                "kube-proxy",
                &[(a.as_str(), "v1.35.0"), (d('1').as_str(), "v1.35.1")],
            ),
            (
                "kube-proxy-amd64",
                &[(b.as_str(), "v1.35.0"), (d('2').as_str(), "v1.35.1")],
            ),
            ("pause", &[(c.as_str(), "3.10")]),
        ]);
        let tag = Tag::parse("v1.35.1").unwrap();
        let v = verify(&base, &parse(&good, "head").unwrap(), &[tag]);
        assert!(v.ok, "{:#?}", v.problems);
        assert_eq!(v.added, 2);
        assert_eq!(v.expected["v1.35.1"], (Some("v1.35.0".into()), 2));

        let bad = manifest(&[
            (
                "kube-proxy",
                &[
                    (a.as_str(), "v1.35.0"),
                    (d('1').as_str(), "v1.35.1"),
                    (x.as_str(), "v1.35.2-rc.0"),
                ],
            ),
            ("kube-proxy-amd64", &[(b.as_str(), "v1.35.0")]),
        ]);
        let v = verify(&base, &parse(&bad, "head").unwrap(), &[tag]);
        assert!(!v.ok);
        let msgs: Vec<&str> = v.problems.iter().map(|p| p.message.as_str()).collect();
        assert!(
            msgs.iter()
                .any(|m| m.contains("pause:3.10") && m.contains("removed")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("kube-proxy:v1.35.2-rc.0 is added")),
            "{msgs:#?}"
        );
        assert!(
            msgs.iter()
                .any(|m| m.contains("kube-proxy-amd64 has no digest for v1.35.1")),
            "{msgs:#?}"
        );
    }

    #[test]
    fn previous_release_across_minors() {
        let base = parse(
            &manifest(&[(
                "kubectl",
                &[
                    (d('a').as_str(), "v1.35.4"),
                    (d('b').as_str(), "v1.36.0-rc.1"),
                    (d('c').as_str(), "v1.34.9"),
                ],
            )]),
            "b",
        )
        .unwrap();
        let p = |t: &str| previous_release(&base, &Tag::parse(t).unwrap()).map(|t| t.to_string());
        assert_eq!(p("v1.35.5").as_deref(), Some("v1.35.4"));
        assert_eq!(p("v1.36.0").as_deref(), Some("v1.36.0-rc.1"));
        assert_eq!(p("v1.37.0-alpha.1").as_deref(), Some("v1.36.0-rc.1"));
        assert_eq!(p("v1.34.1").as_deref(), None);
    }
}
