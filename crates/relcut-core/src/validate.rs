//! `validate`: tags and build versions checked the way krel and kpromo will, one result
//! rendered for a terminal, for a comment and as JSON.
//!
//! A tag is valid when it can be cut: `alpha.0` parses but is never cut on its own (krel tags
//! it with the previous minor's `rc.0`), so it is invalid here as in `plan` and `promo-tags`.

use serde::Serialize;

use crate::md;
use crate::source::{self, Source};
use crate::version::{self, CutKind, Parsed, Tag, VersionError};

/// The krel file that says which tags a cut makes: every tag `vX.Y.Z[-label.N]`, and `alpha.0`
/// only beside the previous minor's rc.0. Every refusal of a tag cites it from here: `validate`,
/// `plan`, `promo-tags`, `checklist render` and status's `never-cut-alone` warning.
pub const TAG_RULE: Source = source::KREL_RELEASE_VERSION;

/// A tag no cut makes, with the rule that says so.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub error: VersionError,
    pub source: Source,
}

/// [`Tag::cut_kind`] (where the rule is written), its refusal citing [`TAG_RULE`].
pub fn cut_kind(tag: &Tag) -> Result<CutKind, Box<Refusal>> {
    tag.cut_kind().map_err(|error| {
        Box::new(Refusal {
            error,
            source: TAG_RULE,
        })
    })
}

/// The verdict on one value. The field names are the CLI's `--json` contract.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Outcome {
    pub input: String,
    pub valid: bool,
    /// `tag` or `build-version`.
    pub kind: &'static str,
    pub version: Option<String>,
    pub release_type: Option<String>,
    pub branch: Option<String>,
    pub error: Option<String>,
    pub hint: Option<String>,
    /// The krel file whose rule decided the verdict: a tag's `--type`/`--branch`, a tag's shape
    /// (and `alpha.0` only beside an rc.0), or a build version's shape.
    pub source: Source,
    /// For a build version: the tag it was built after.
    #[serde(skip)]
    pub built_after: Option<String>,
}

/// The verdicts on every value, in order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Validation {
    pub outcomes: Vec<Outcome>,
}

/// Checks one value.
pub fn check(input: &str) -> Outcome {
    let (kind, shape) = if version::looks_like_build_version(input) {
        ("build-version", source::KREL_BUILD_VERSION)
    } else {
        ("tag", TAG_RULE)
    };
    let invalid = |e: version::VersionError| Outcome {
        input: input.into(),
        valid: false,
        kind,
        version: None,
        release_type: None,
        branch: None,
        error: Some(e.problem),
        hint: Some(e.hint),
        source: shape,
        built_after: None,
    };
    match version::parse_any(input) {
        Ok(Parsed::Tag(t)) => match cut_kind(&t) {
            Ok(_) => Outcome {
                input: input.into(),
                valid: true,
                kind,
                version: Some(t.to_string()),
                release_type: Some(t.release_type().to_string()),
                branch: Some(t.branch_name()),
                error: None,
                hint: None,
                source: source::KREL_SUBMIT_CHECKS,
                built_after: None,
            },
            Err(r) => invalid(r.error),
        },
        Ok(Parsed::BuildVersion(b)) => Outcome {
            input: input.into(),
            valid: true,
            kind,
            version: Some(b.to_string()),
            release_type: None,
            branch: None,
            error: None,
            hint: None,
            source: source::KREL_BUILD_VERSION,
            built_after: Some(b.base_tag()),
        },
        Err(e) => invalid(e),
    }
}

/// Checks every value.
pub fn validate<S: AsRef<str>>(values: &[S]) -> Validation {
    Validation {
        outcomes: values.iter().map(|v| check(v.as_ref())).collect(),
    }
}

impl Outcome {
    fn problem(&self) -> String {
        match (&self.error, &self.hint) {
            (Some(e), Some(h)) if !h.is_empty() => format!("{e}: {h}"),
            (Some(e), _) => e.clone(),
            _ => String::new(),
        }
    }
}

impl Validation {
    pub fn ok(&self) -> bool {
        self.outcomes.iter().all(|o| o.valid)
    }

    /// One line per value, for a terminal.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for o in &self.outcomes {
            let line = match (&o.version, o.valid) {
                (Some(v), true) => {
                    let extra = match (&o.release_type, &o.branch) {
                        (Some(t), Some(b)) => format!(" (--type {t} --branch {b})"),
                        _ => String::new(),
                    };
                    format!("ok       {v}: {}{extra}", o.kind)
                }
                _ => format!("invalid  {}: {}", o.input, o.problem()),
            };
            out.push_str(&line);
            out.push_str(&format!("\n         per {}\n", o.source));
        }
        out
    }

    /// A table for a comment.
    pub fn markdown(&self) -> String {
        let mut out = md::table_head(&["value", "verdict"]);
        for o in &self.outcomes {
            let verdict = match (&o.version, o.valid) {
                (Some(_), true) => match (&o.release_type, &o.branch) {
                    (Some(t), Some(b)) => {
                        format!(
                            "tag, {}",
                            md::code_span(&format!("--type {t} --branch {b}"))
                        )
                    }
                    _ => format!(
                        "build version, built after {}",
                        md::code_span(o.built_after.as_deref().unwrap_or_default())
                    ),
                },
                // Library messages quote the value in backticks; it came from a comment.
                _ => format!("**invalid**: {}", md::plain_with_code(&o.problem())),
            };
            let per = o.source.markdown();
            out.push_str(&md::table_row(&[
                md::code_span(&o.input),
                format!("{verdict} (per {per})"),
            ]));
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha0_is_never_cut_on_its_own() {
        let v = validate(&["v1.35.0-alpha.0", "v1.35.0-alpha.1"]);
        assert!(!v.ok());
        assert!(!v.outcomes[0].valid);
        assert!(v.outcomes[0]
            .error
            .as_deref()
            .unwrap()
            .contains("never cut on its own"));
        assert!(v.outcomes[1].valid);
        assert!(v.text().contains("v1.34.0-rc.0"), "{}", v.text());
    }

    #[test]
    fn both_renderings_say_the_same() {
        let v = validate(&[
            "v1.36.0-rc.1",
            "1.36.0",
            "v1.36.0-rc.0.12+abcdef0123",
            "a|b",
        ]);
        let text = v.text();
        let md = v.markdown();
        assert!(text.contains("ok       v1.36.0-rc.1: tag (--type rc --branch release-1.36)"));
        assert!(md.contains("| `v1.36.0-rc.1` | tag, `--type rc --branch release-1.36` (per [kubernetes/release:pkg/gcp/gcb/gcb.go](https://github.com/kubernetes/release/blob/master/pkg/gcp/gcb/gcb.go) (2026-02-24)) |"), "{md}");
        assert!(text.contains("use `v1.36.0`") && md.contains("use `v1.36.0`"));
        assert!(md.contains("built after `v1.36.0-rc.0`"), "{md}");
        assert!(md.contains("`a\\|b`"), "{md}");
        assert_eq!(md.lines().count(), 6);
    }

    /// Each verdict names the rule that decided it: a valid tag its `--type`/`--branch` (krel's
    /// submit checks), a malformed tag or `alpha.0` krel's tag versions, a build version krel's
    /// `IsValidReleaseBuild`.
    #[test]
    fn each_verdict_cites_its_rule() {
        let v = validate(&[
            "v1.36.0-rc.1",
            "v1.36.0-alpha.0",
            "1.36.0",
            "v1.36.0-rc.0.12+abcdef0123",
            "v1.36.0-rc.0.12+ABCDEF0123",
        ]);
        let got: Vec<Source> = v.outcomes.iter().map(|o| o.source).collect();
        assert_eq!(
            got,
            [
                source::KREL_SUBMIT_CHECKS,
                source::KREL_RELEASE_VERSION,
                source::KREL_RELEASE_VERSION,
                source::KREL_BUILD_VERSION,
                source::KREL_BUILD_VERSION
            ]
        );
        let text = v.text();
        assert!(
            text.contains("ok       v1.36.0-rc.1: tag (--type rc --branch release-1.36)\n         per kubernetes/release:pkg/gcp/gcb/gcb.go (2026-02-24)\n"),
            "{text}"
        );
        assert!(
            text.contains("is never cut on its own")
                && text
                    .contains("per kubernetes/release:pkg/release/release_version.go (2025-08-12)"),
            "{text}"
        );
    }
}
