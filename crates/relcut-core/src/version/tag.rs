//! Release tags (`v1.35.0-rc.1`) and the kind of cut each one is.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::build::BuildVersion;
use super::error::{VersionError, VersionErrorKind};
use super::release_type::ReleaseType;

/// The pre-release part of a Kubernetes tag.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PreRelease {
    Alpha(u64),
    Beta(u64),
    Rc(u64),
}

impl PreRelease {
    pub fn label(self) -> &'static str {
        match self {
            Self::Alpha(_) => "alpha",
            Self::Beta(_) => "beta",
            Self::Rc(_) => "rc",
        }
    }

    pub fn number(self) -> u64 {
        match self {
            Self::Alpha(n) | Self::Beta(n) | Self::Rc(n) => n,
        }
    }
}

/// A Kubernetes release tag: `vX.Y.Z` or `vX.Y.Z-alpha.N|beta.N|rc.N`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Tag {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: Option<PreRelease>,
}

/// What kind of cut a tag is: this decides branch, krel flags, promotion tags and checklist items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum CutKind {
    Alpha,
    Beta,
    /// `vX.Y.0-rc.0`: creates `release-X.Y` and also tags `vX.(Y+1).0-alpha.0`.
    FirstRc,
    Rc,
    /// `vX.Y.0`
    Minor,
    /// `vX.Y.Z`, Z > 0
    Patch,
}

impl Tag {
    pub fn new(major: u64, minor: u64, patch: u64, pre: Option<PreRelease>) -> Self {
        Self {
            major,
            minor,
            patch,
            pre,
        }
    }

    /// Parses a release tag, explaining every mistake seen in practice.
    pub fn parse(input: &str) -> Result<Tag, VersionError> {
        let s = input.trim();
        if s.is_empty() {
            return Err(VersionError::new(
                VersionErrorKind::Empty,
                input,
                "the tag is empty",
                "give a release tag like `v1.35.0` or `v1.35.0-rc.1`",
            ));
        }
        if let Some(rest) = s.strip_prefix('V') {
            let fixed = format!("v{rest}");
            return Err(VersionError::new(
                VersionErrorKind::UpperCaseV,
                input,
                format!("tag `{s}` starts with an upper-case `V`"),
                format!("use `{fixed}`"),
            ));
        }
        if s.starts_with("release-") || s == "master" {
            return Err(VersionError::new(
                VersionErrorKind::BranchNotTag,
                input,
                format!("`{s}` is a branch, not a release tag"),
                "give the tag you are cutting, like `v1.35.0-rc.1`",
            ));
        }
        let Some(body) = s.strip_prefix('v') else {
            let fixed = format!("v{s}");
            if Tag::parse(&fixed).is_ok() {
                return Err(VersionError::new(
                    VersionErrorKind::MissingV,
                    input,
                    format!("tag `{s}` lacks the leading `v`"),
                    format!("use `{fixed}`"),
                ));
            }
            if BuildVersion::parse(&fixed).is_ok() && (s.contains('+') || pre_ids(s).len() > 2) {
                return Err(build_not_tag(input, &fixed));
            }
            return Err(malformed(input, "it does not start with `v`"));
        };
        if body.contains('+') || pre_ids(body).len() > 2 {
            return Err(build_not_tag(input, s));
        }
        let (core, pre) = match body.split_once('-') {
            Some((core, pre)) => (core, Some(pre)),
            None => (body, None),
        };
        let nums: Vec<&str> = core.split('.').collect();
        if nums.len() == 2 && nums.iter().all(|n| parse_number(n).is_some()) {
            let fixed = match pre {
                Some(p) => format!("v{core}.0-{p}"),
                None => format!("v{core}.0"),
            };
            return Err(VersionError::new(
                VersionErrorKind::Malformed,
                input,
                format!("tag `{s}` lacks the patch number"),
                format!("use `{fixed}`"),
            ));
        }
        if nums.len() != 3 {
            return Err(malformed(input, "it needs exactly MAJOR.MINOR.PATCH"));
        }
        let mut parsed = [0u64; 3];
        for (i, (n, name)) in nums.iter().zip(["major", "minor", "patch"]).enumerate() {
            parsed[i] = number_part(input, s, n, name)?;
        }
        let pre = match pre {
            None => None,
            Some(p) => Some(parse_pre(input, s, p)?),
        };
        Ok(Tag::new(parsed[0], parsed[1], parsed[2], pre))
    }

    /// Which kind of cut produces this tag. `alpha.0` is not cut on its own: it is tagged by the
    /// previous minor's `rc.0` cut, so asking for it is an error that says so.
    pub fn cut_kind(&self) -> Result<CutKind, VersionError> {
        Ok(match self.pre {
            Some(PreRelease::Alpha(0)) => {
                let prev = self.minor.saturating_sub(1);
                return Err(VersionError::new(
                    VersionErrorKind::Malformed,
                    &self.to_string(),
                    format!("`{self}` is never cut on its own"),
                    format!(
                        "krel tags it as a by-product of the `v{}.{}.0-rc.0` cut (the cut that creates `release-{}.{}`); cut that rc.0, or the next alpha `v{}.{}.0-alpha.1`",
                        self.major, prev, self.major, prev, self.major, self.minor
                    ),
                ));
            }
            Some(PreRelease::Alpha(_)) => CutKind::Alpha,
            Some(PreRelease::Beta(_)) => CutKind::Beta,
            Some(PreRelease::Rc(0)) => CutKind::FirstRc,
            Some(PreRelease::Rc(_)) => CutKind::Rc,
            None if self.patch == 0 => CutKind::Minor,
            None => CutKind::Patch,
        })
    }

    /// The `krel --type` for this tag.
    pub fn release_type(&self) -> ReleaseType {
        match self.pre {
            Some(PreRelease::Alpha(_)) => ReleaseType::Alpha,
            Some(PreRelease::Beta(_)) => ReleaseType::Beta,
            Some(PreRelease::Rc(_)) => ReleaseType::Rc,
            None => ReleaseType::Official,
        }
    }

    pub fn is_patch(&self) -> bool {
        self.pre.is_none() && self.patch > 0
    }

    /// `vX.(Y+1).0-alpha.0`, tagged by an rc.0 cut.
    pub(crate) fn next_minor_alpha0(&self) -> Tag {
        // Saturating: parsing bounds every number far below the top (MAX_NUMBER), so this never
        // saturates for a parsed tag; it only keeps a hand-built one from panicking.
        Tag::new(
            self.major,
            self.minor.saturating_add(1),
            0,
            Some(PreRelease::Alpha(0)),
        )
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "v{}.{}.{}", self.major, self.minor, self.patch)?;
        if let Some(pre) = self.pre {
            write!(f, "-{}.{}", pre.label(), pre.number())?;
        }
        Ok(())
    }
}

impl FromStr for Tag {
    type Err = VersionError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Tag::parse(s)
    }
}

impl Serialize for Tag {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

pub(super) fn build_not_tag(input: &str, normalised: &str) -> VersionError {
    let hint = match BuildVersion::parse(normalised) {
        Ok(bv) => format!(
            "it was built after `{}`; give the tag you are cutting instead, like `v{}.{}.{}-rc.1` or `v{}.{}.{}` (the build version goes to `--build-version`)",
            bv.base_tag(),
            bv.semver.major,
            bv.semver.minor,
            bv.semver.patch,
            bv.semver.major,
            bv.semver.minor,
            bv.semver.patch
        ),
        Err(_) => "give the tag you are cutting, like `v1.35.0-rc.1`; build versions go to `--build-version`".to_string(),
    };
    VersionError::new(
        VersionErrorKind::BuildVersionNotTag,
        input,
        format!("`{}` is a build version, not a release tag", input.trim()),
        hint,
    )
}

pub(super) fn malformed(input: &str, why: &str) -> VersionError {
    VersionError::new(
        VersionErrorKind::Malformed,
        input,
        format!("`{}` is not a Kubernetes release tag: {why}", input.trim()),
        "use `vX.Y.Z` or `vX.Y.Z-alpha.N`, `-beta.N`, `-rc.N`, for example `v1.35.0-rc.1`",
    )
}

pub(super) fn pre_ids(s: &str) -> Vec<&str> {
    let no_build = s.split('+').next().unwrap_or("");
    match no_build.split_once('-') {
        Some((_, pre)) => pre.split('.').collect(),
        None => Vec::new(),
    }
}

pub(super) fn number_part(input: &str, s: &str, n: &str, name: &str) -> Result<u64, VersionError> {
    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
        return Err(malformed(
            input,
            &format!("the {name} number `{n}` is not a number"),
        ));
    }
    if n.len() > 1 && n.starts_with('0') {
        let trimmed = n.trim_start_matches('0');
        let trimmed = if trimmed.is_empty() { "0" } else { trimmed };
        let fixed = s.replacen(&format!(".{n}"), &format!(".{trimmed}"), 1);
        let fixed = if fixed == s {
            s.replacen(&format!("v{n}"), &format!("v{trimmed}"), 1)
        } else {
            fixed
        };
        return Err(VersionError::new(
            VersionErrorKind::LeadingZero,
            input,
            format!("the {name} number `{n}` in `{s}` has a leading zero"),
            format!("use `{fixed}`"),
        ));
    }
    // Bounded well below u64::MAX: the next minor, the next patch and the next pre-release
    // are computed from a tag, and no Kubernetes number comes near this.
    n.parse()
        .ok()
        .filter(|v| *v <= MAX_NUMBER)
        .ok_or_else(|| malformed(input, &format!("the {name} number `{n}` is too large")))
}

/// The largest major, minor, patch or pre-release number a tag may have.
pub(crate) const MAX_NUMBER: u64 = u32::MAX as u64;

pub(super) fn parse_pre(input: &str, s: &str, pre: &str) -> Result<PreRelease, VersionError> {
    let (label, num) = match pre.split_once('.') {
        Some(parts) => parts,
        None => {
            // `alpha1`, `rc2`: the dot is missing.
            let split = pre.find(|c: char| c.is_ascii_digit()).unwrap_or(pre.len());
            let (label, num) = pre.split_at(split);
            if !num.is_empty() && matches!(label, "alpha" | "beta" | "rc") {
                let fixed = s.replacen(pre, &format!("{label}.{num}"), 1);
                return Err(VersionError::new(
                    VersionErrorKind::Malformed,
                    input,
                    format!("the pre-release `{pre}` in `{s}` lacks the dot before its number"),
                    format!("use `{fixed}`"),
                ));
            }
            (pre, "")
        }
    };
    let lower = label.to_ascii_lowercase();
    if !matches!(label, "alpha" | "beta" | "rc") {
        let hint = if matches!(lower.as_str(), "alpha" | "beta" | "rc") {
            format!(
                "labels are lower case: use `{}`",
                s.replacen(label, &lower, 1)
            )
        } else {
            "Kubernetes tags use `alpha`, `beta` or `rc`, as in `v1.35.0-rc.1`".to_string()
        };
        return Err(VersionError::new(
            VersionErrorKind::UnknownLabel,
            input,
            format!("`{s}` has the unknown pre-release label `{label}`"),
            hint,
        ));
    }
    if num.is_empty() {
        return Err(VersionError::new(
            VersionErrorKind::Malformed,
            input,
            format!("the pre-release `{label}` in `{s}` lacks its number"),
            format!("use `{s}.N`, for example `{s}.0`"),
        ));
    }
    let n = number_part(input, s, num, label)?;
    Ok(match label {
        "alpha" => PreRelease::Alpha(n),
        "beta" => PreRelease::Beta(n),
        _ => PreRelease::Rc(n),
    })
}

pub(super) fn parse_number(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok().filter(|v| *v <= MAX_NUMBER)
}
