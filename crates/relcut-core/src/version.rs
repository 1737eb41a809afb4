//! Kubernetes release tags, krel build versions, release types and branches.
//!
//! Parsing is strict (krel and kpromo are), but every error names the mistake and the fix,
//! because a release manager who types `1.35.0` instead of `v1.35.0` only learns it from kpromo
//! after a clone and a registry scan.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

/// What went wrong with a version, a branch or a release type, in a form tests can match on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionErrorKind {
    Empty,
    MissingV,
    UpperCaseV,
    UnknownLabel,
    LeadingZero,
    BuildVersionNotTag,
    TagNotBuildVersion,
    TruncatedHash,
    UpperCaseHash,
    BranchNotTag,
    Malformed,
    UnknownReleaseType,
    InvalidBranch,
}

/// A version, branch or release type that cannot be used, with what is wrong and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{problem}: {hint}")]
pub struct VersionError {
    pub kind: VersionErrorKind,
    pub input: String,
    pub problem: String,
    pub hint: String,
}

impl VersionError {
    fn new(
        kind: VersionErrorKind,
        input: &str,
        problem: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Self {
            kind,
            input: input.to_string(),
            problem: problem.into(),
            hint: hint.into(),
        }
    }
}

/// The four release types krel knows (`krel stage --type`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ReleaseType {
    Alpha,
    Beta,
    Rc,
    Official,
}

impl ReleaseType {
    pub const ALL: [ReleaseType; 4] = [Self::Alpha, Self::Beta, Self::Rc, Self::Official];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Alpha => "alpha",
            Self::Beta => "beta",
            Self::Rc => "rc",
            Self::Official => "official",
        }
    }
}

impl fmt::Display for ReleaseType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ReleaseType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl FromStr for ReleaseType {
    type Err = VersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "alpha" => Ok(Self::Alpha),
            "beta" => Ok(Self::Beta),
            "rc" => Ok(Self::Rc),
            "official" => Ok(Self::Official),
            other => {
                let lower = other.trim().to_ascii_lowercase();
                let hint = match lower.as_str() {
                    "alpha" | "beta" | "rc" | "official" => {
                        format!("write it in lower case: `{lower}`")
                    }
                    "stable" | "patch" | "release" | "ga" => {
                        "patch and x.y.0 releases are cut with `--type official`".to_string()
                    }
                    _ => "use one of `alpha`, `beta`, `rc`, `official`".to_string(),
                };
                Err(VersionError::new(
                    VersionErrorKind::UnknownReleaseType,
                    s,
                    format!("invalid release type: {s}"),
                    hint,
                ))
            }
        }
    }
}

/// A branch krel cuts from: `master`, or `release-X.Y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Branch {
    Master,
    Release { major: u64, minor: u64 },
}

impl Branch {
    pub fn is_master(self) -> bool {
        matches!(self, Self::Master)
    }

    /// The `--branch` value `krel testgridshot` wants: `master` or `1.35`, never `release-1.35`.
    pub fn testgrid_name(self) -> String {
        match self {
            Self::Master => "master".to_string(),
            Self::Release { major, minor } => format!("{major}.{minor}"),
        }
    }
}

impl fmt::Display for Branch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Master => f.write_str("master"),
            Self::Release { major, minor } => write!(f, "release-{major}.{minor}"),
        }
    }
}

impl Serialize for Branch {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl FromStr for Branch {
    type Err = VersionError;

    /// Strict parse of what a release manager should type. krel's own (much looser) branch
    /// regex lives in [`crate::krel::match_branch`].
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let invalid = |hint: String| {
            Err(VersionError::new(
                VersionErrorKind::InvalidBranch,
                s,
                format!("invalid release branch: {s}"),
                hint,
            ))
        };
        match s {
            "master" => return Ok(Self::Master),
            "main" => {
                return invalid(
                    "krel's default branch is `master` (kubernetes/kubernetes has no `main` for releases): use `master`".into(),
                )
            }
            _ => {}
        }
        let Some(rest) = s.strip_prefix("release-") else {
            if let Ok(tag) = Tag::parse(s) {
                return invalid(format!(
                    "`{s}` is a tag; its branch is `{}`",
                    tag.branch_name()
                ));
            }
            return invalid("use `master` or `release-X.Y`, for example `release-1.35`".into());
        };
        let rest_no_v = rest.strip_prefix('v').unwrap_or(rest);
        let mut parts = rest_no_v.split('.');
        let (Some(maj), Some(min)) = (parts.next(), parts.next()) else {
            return invalid(format!(
                "a release branch names a minor: `release-{rest}.N`, for example `release-1.35`"
            ));
        };
        let extra: Vec<&str> = parts.collect();
        match (parse_number(maj), parse_number(min)) {
            (Some(major), Some(minor)) if extra.is_empty() && rest_no_v == rest => {
                Ok(Self::Release { major, minor })
            }
            (Some(major), Some(minor)) => invalid(format!(
                "release branches name only major and minor: use `release-{major}.{minor}`"
            )),
            _ => invalid("use `release-X.Y` with plain numbers, for example `release-1.35`".into()),
        }
    }
}

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

    /// The `krel --branch` for this tag: alphas and betas come from master, the rest from the
    /// release branch (for rc.0 the branch that the cut creates).
    pub fn branch(&self) -> Branch {
        match self.pre {
            Some(PreRelease::Alpha(_)) | Some(PreRelease::Beta(_)) => Branch::Master,
            _ => self.release_branch(),
        }
    }

    pub fn branch_name(&self) -> String {
        self.branch().to_string()
    }

    /// `release-X.Y` of this tag's minor, wherever the tag is cut from.
    pub fn release_branch(&self) -> Branch {
        Branch::Release {
            major: self.major,
            minor: self.minor,
        }
    }

    pub fn is_patch(&self) -> bool {
        self.pre.is_none() && self.patch > 0
    }

    /// `vX.(Y+1).0-alpha.0`, tagged by an rc.0 cut.
    pub fn next_minor_alpha0(&self) -> Tag {
        Tag::new(self.major, self.minor + 1, 0, Some(PreRelease::Alpha(0)))
    }

    /// `X.Y.Z[-pre.N]` without the `v`, as schedule-builder and Cloud Build tags write it.
    pub fn without_v(&self) -> String {
        self.to_string()[1..].to_string()
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

fn build_not_tag(input: &str, normalised: &str) -> VersionError {
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

fn malformed(input: &str, why: &str) -> VersionError {
    VersionError::new(
        VersionErrorKind::Malformed,
        input,
        format!("`{}` is not a Kubernetes release tag: {why}", input.trim()),
        "use `vX.Y.Z` or `vX.Y.Z-alpha.N`, `-beta.N`, `-rc.N`, for example `v1.35.0-rc.1`",
    )
}

fn pre_ids(s: &str) -> Vec<&str> {
    let no_build = s.split('+').next().unwrap_or("");
    match no_build.split_once('-') {
        Some((_, pre)) => pre.split('.').collect(),
        None => Vec::new(),
    }
}

fn number_part(input: &str, s: &str, n: &str, name: &str) -> Result<u64, VersionError> {
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
    n.parse()
        .map_err(|_| malformed(input, &format!("the {name} number `{n}` is too large")))
}

fn parse_pre(input: &str, s: &str, pre: &str) -> Result<PreRelease, VersionError> {
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

fn parse_number(s: &str) -> Option<u64> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) || (s.len() > 1 && s.starts_with('0'))
    {
        return None;
    }
    s.parse().ok()
}

/// One pre-release identifier of a SemVer version.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum PreId {
    Num(u64),
    Alpha(String),
}

impl fmt::Display for PreId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Num(n) => write!(f, "{n}"),
            Self::Alpha(s) => f.write_str(s),
        }
    }
}

/// A strict SemVer 2.0 version, parsed the way `blang/semver` (used by krel) parses it.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct SemVer {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    pub pre: Vec<PreId>,
    pub build: Vec<String>,
}

impl SemVer {
    /// krel's `TagStringToSemver`: strip one lowercase `v` if present, then parse strictly.
    /// Errors carry blang/semver's wording, for parity with krel's messages.
    pub fn parse_tag_string(s: &str) -> Result<SemVer, String> {
        SemVer::parse(s.strip_prefix('v').unwrap_or(s))
    }

    pub fn parse(s: &str) -> Result<SemVer, String> {
        if s.is_empty() {
            return Err("Version string empty".into());
        }
        let parts: Vec<&str> = s.splitn(3, '.').collect();
        if parts.len() != 3 {
            return Err("No Major.Minor.Patch elements found".into());
        }
        let num = |v: &str, name: &str| -> Result<u64, String> {
            if v.is_empty() || !v.bytes().all(|b| b.is_ascii_digit()) {
                return Err(format!(
                    "Invalid character(s) found in {name} number \"{v}\""
                ));
            }
            if v.len() > 1 && v.starts_with('0') {
                return Err(format!(
                    "{} number must not contain leading zeroes \"{v}\"",
                    capitalise(name)
                ));
            }
            v.parse()
                .map_err(|_| format!("Invalid character(s) found in {name} number \"{v}\""))
        };
        let major = num(parts[0], "major")?;
        let minor = num(parts[1], "minor")?;
        let mut rest = parts[2];
        let mut build = Vec::new();
        if let Some(i) = rest.find('+') {
            let meta = &rest[i + 1..];
            rest = &rest[..i];
            for id in meta.split('.') {
                if id.is_empty() {
                    return Err("Build meta data is empty".into());
                }
                if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                    return Err(format!(
                        "Invalid character(s) found in build meta data \"{id}\""
                    ));
                }
                build.push(id.to_string());
            }
        }
        let mut pre = Vec::new();
        let patch_str = match rest.find('-') {
            Some(i) => {
                for id in rest[i + 1..].split('.') {
                    if id.is_empty() {
                        return Err("Prerelease is empty".into());
                    }
                    if !id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-') {
                        return Err(format!("Invalid character(s) found in prerelease \"{id}\""));
                    }
                    if id.bytes().all(|b| b.is_ascii_digit()) {
                        if id.len() > 1 && id.starts_with('0') {
                            return Err(format!(
                                "Numeric PreRelease version must not contain leading zeroes \"{id}\""
                            ));
                        }
                        let n = id.parse().map_err(|_| {
                            format!("Invalid character(s) found in prerelease \"{id}\"")
                        })?;
                        pre.push(PreId::Num(n));
                    } else {
                        pre.push(PreId::Alpha(id.to_string()));
                    }
                }
                &rest[..i]
            }
            None => rest,
        };
        let patch = num(patch_str, "patch")?;
        Ok(SemVer {
            major,
            minor,
            patch,
            pre,
            build,
        })
    }
}

impl fmt::Display for SemVer {
    /// Like blang's `String()`: no `v`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)?;
        for (i, p) in self.pre.iter().enumerate() {
            f.write_str(if i == 0 { "-" } else { "." })?;
            write!(f, "{p}")?;
        }
        for (i, b) in self.build.iter().enumerate() {
            f.write_str(if i == 0 { "+" } else { "." })?;
            f.write_str(b)?;
        }
        Ok(())
    }
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}

/// A build version as `krel stage` prints it (`BUILDVERSION`), for `krel release --build-version`:
/// `vX.Y.Z-rc.0.12+<sha>`, `vX.Y.Z-1+<sha>`, or an exact tag.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BuildVersion {
    raw: String,
    pub semver: SemVer,
}

impl BuildVersion {
    /// Validates like krel's `ValidateBuildVersion` (IsValidReleaseBuild, then strict SemVer),
    /// with a diagnosis of the usual copy-paste mistakes.
    pub fn parse(input: &str) -> Result<BuildVersion, VersionError> {
        let s = input.trim();
        let bad = |kind, problem: String, hint: String| {
            Err(VersionError::new(kind, input, problem, hint))
        };
        if s.is_empty() {
            return bad(
                VersionErrorKind::Empty,
                "the build version is empty".into(),
                "pass the BUILDVERSION printed by `krel stage`, like `v1.35.0-rc.0.12+abcdef012345`".into(),
            );
        }
        if let Some(rest) = s.strip_prefix('V') {
            return bad(
                VersionErrorKind::UpperCaseV,
                format!("build version `{s}` starts with an upper-case `V`"),
                format!("use `v{rest}`"),
            );
        }
        if !s.starts_with('v') {
            let fixed = format!("v{s}");
            if BuildVersion::parse(&fixed).is_ok() {
                return bad(
                    VersionErrorKind::MissingV,
                    format!("build version `{s}` lacks the leading `v`"),
                    format!("use `{fixed}`"),
                );
            }
        }
        if let Some((_, hash)) = s.split_once('+') {
            let hash = hash.strip_suffix("-dirty").unwrap_or(hash);
            if hash.bytes().all(|b| b.is_ascii_hexdigit()) && !hash.is_empty() {
                if hash.bytes().any(|b| b.is_ascii_uppercase()) {
                    return bad(
                        VersionErrorKind::UpperCaseHash,
                        format!("build version `{s}` has upper-case letters in its commit hash"),
                        format!(
                            "krel wants lower-case hex: use `{}`",
                            s.to_ascii_lowercase()
                        ),
                    );
                }
                if hash.len() < 5 {
                    return bad(
                        VersionErrorKind::TruncatedHash,
                        format!(
                            "build version `{s}` has a truncated commit hash `{hash}` ({} characters; krel needs 5 to 40)",
                            hash.len()
                        ),
                        "copy the whole BUILDVERSION from the stage job's log (the Cloud Build console cuts it short), like `v1.35.0-rc.0.12+0123456789abcd`".into(),
                    );
                }
            }
        }
        if !is_valid_release_build(s) {
            return bad(
                VersionErrorKind::Malformed,
                format!("`{s}` is not a valid build version (invalid BuildVersion specified)"),
                "pass the BUILDVERSION printed by `krel stage`, like `v1.35.0-rc.0.12+0123456789abcd` or `v1.35.1-3+0123456789abcd`".into(),
            );
        }
        match SemVer::parse_tag_string(s) {
            Ok(semver) => Ok(BuildVersion {
                raw: s.to_string(),
                semver,
            }),
            Err(e) => bad(
                VersionErrorKind::Malformed,
                format!("invalid build version: {s}: {e}"),
                "pass the BUILDVERSION printed by `krel stage`, like `v1.35.0-rc.0.12+0123456789abcd`".into(),
            ),
        }
    }

    /// A build version as staged by CI, for `krel release`: it must carry `+<commit>`.
    /// krel itself would take an exact tag here, but in a cut that is always the tag typed
    /// where the stage job's BUILDVERSION belongs.
    pub fn parse_staged(input: &str) -> Result<BuildVersion, VersionError> {
        let bv = BuildVersion::parse(input)?;
        if bv.semver.build.is_empty() {
            return Err(VersionError::new(
                VersionErrorKind::TagNotBuildVersion,
                input,
                format!("`{}` is a release tag, not a build version", input.trim()),
                "pass the BUILDVERSION printed by `krel stage` (it ends in `+<commit>`), like `v1.35.0-rc.0.12+0123456789abcd`",
            ));
        }
        Ok(bv)
    }

    pub fn as_str(&self) -> &str {
        &self.raw
    }

    /// The tag this build was made after: `v1.35.0-rc.0` for `v1.35.0-rc.0.12+abc…`.
    pub fn base_tag(&self) -> String {
        let pre: Vec<String> = self
            .semver
            .pre
            .iter()
            .take(2)
            .map(|p| p.to_string())
            .collect();
        let mut s = format!(
            "v{}.{}.{}",
            self.semver.major, self.semver.minor, self.semver.patch
        );
        if pre.len() == 2 {
            s.push('-');
            s.push_str(&pre.join("."));
        }
        s
    }

    /// The commit krel tags: the build metadata, if any.
    pub fn commit(&self) -> Option<&str> {
        self.semver.build.first().map(String::as_str)
    }

    pub fn is_dirty(&self) -> bool {
        self.raw.contains("dirty")
    }
}

impl fmt::Display for BuildVersion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.raw)
    }
}

impl Serialize for BuildVersion {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.raw)
    }
}

/// krel's `IsValidReleaseBuild`: an unanchored search, lower-case hex of 5–40 characters.
pub fn is_valid_release_build(s: &str) -> bool {
    use std::sync::LazyLock;
    const RELEASE: &str =
        r"v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)-?([a-zA-Z0-9]+\.(0|[1-9][0-9]*)\.)?";
    const BUILD: &str = r"([0-9]{1,})\+([0-9a-f]{5,40})";
    static WITH_BUILD: LazyLock<regex::Regex> = LazyLock::new(|| {
        regex::Regex::new(&format!("(?-u){RELEASE}{BUILD}(-dirty)?")).expect("static regex")
    });
    static PLAIN: LazyLock<regex::Regex> =
        LazyLock::new(|| regex::Regex::new(&format!("(?-u){RELEASE}")).expect("static regex"));
    if s.contains('+') {
        WITH_BUILD.is_match(s)
    } else {
        PLAIN.is_match(s)
    }
}

/// What a string given to `relcut validate` turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Tag(Tag),
    BuildVersion(BuildVersion),
}

/// Whether a value looks like it was meant as a build version (rather than a tag), so that
/// `validate` reports the right kind of error.
pub fn looks_like_build_version(s: &str) -> bool {
    s.contains('+') || pre_ids(s.trim()).len() > 2 || {
        let ids = pre_ids(s.trim());
        ids.len() == 1 && ids[0].bytes().all(|b| b.is_ascii_digit())
    }
}

/// Parses a tag or a build version, whichever the input is meant to be.
pub fn parse_any(input: &str) -> Result<Parsed, VersionError> {
    if looks_like_build_version(input) {
        BuildVersion::parse(input).map(Parsed::BuildVersion)
    } else {
        Tag::parse(input).map(Parsed::Tag)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(s: &str) -> VersionError {
        Tag::parse(s).unwrap_err()
    }

    #[test]
    fn tags_round_trip() {
        for s in [
            "v1.35.0",
            "v1.35.12",
            "v1.35.0-alpha.1",
            "v1.35.0-beta.0",
            "v1.35.0-rc.0",
            "v1.35.0-rc.3",
            "v0.0.0",
        ] {
            assert_eq!(Tag::parse(s).unwrap().to_string(), s);
        }
    }

    #[test]
    fn missing_v_suggests_the_fix() {
        let e = err("1.29.0-alpha.1");
        assert_eq!(e.kind, VersionErrorKind::MissingV);
        assert_eq!(
            e.to_string(),
            "tag `1.29.0-alpha.1` lacks the leading `v`: use `v1.29.0-alpha.1`"
        );
    }

    #[test]
    fn upper_case_v() {
        let e = err("V1.35.0");
        assert_eq!(e.kind, VersionErrorKind::UpperCaseV);
        assert!(e.hint.contains("`v1.35.0`"));
    }

    #[test]
    fn unknown_label() {
        let e = err("v1.35.0-gamma.1");
        assert_eq!(e.kind, VersionErrorKind::UnknownLabel);
        assert!(e.hint.contains("`alpha`, `beta` or `rc`"));
        let e = err("v1.35.0-RC.1");
        assert_eq!(e.kind, VersionErrorKind::UnknownLabel);
        assert!(e.hint.contains("`v1.35.0-rc.1`"), "{e}");
    }

    #[test]
    fn leading_zeros() {
        let e = err("v1.035.0");
        assert_eq!(e.kind, VersionErrorKind::LeadingZero);
        assert!(e.hint.contains("`v1.35.0`"), "{e}");
        let e = err("v01.35.0");
        assert!(e.hint.contains("`v1.35.0`"), "{e}");
        let e = err("v1.35.0-rc.01");
        assert_eq!(e.kind, VersionErrorKind::LeadingZero);
        assert!(e.hint.contains("`v1.35.0-rc.1`"), "{e}");
    }

    #[test]
    fn build_version_where_a_tag_is_expected() {
        let e = err("v1.35.0-rc.0.12+abcdef012345");
        assert_eq!(e.kind, VersionErrorKind::BuildVersionNotTag);
        assert!(e.hint.contains("built after `v1.35.0-rc.0`"), "{e}");
        assert_eq!(
            err("v1.35.0-rc.0.12").kind,
            VersionErrorKind::BuildVersionNotTag
        );
    }

    #[test]
    fn tag_where_a_build_version_is_expected() {
        let e = BuildVersion::parse_staged("v1.35.0-rc.1").unwrap_err();
        assert_eq!(e.kind, VersionErrorKind::TagNotBuildVersion);
        assert!(e.hint.contains("BUILDVERSION"));
    }

    #[test]
    fn other_malformed_tags() {
        assert_eq!(err("").kind, VersionErrorKind::Empty);
        assert_eq!(err("release-1.35").kind, VersionErrorKind::BranchNotTag);
        let e = err("v1.35");
        assert!(e.hint.contains("`v1.35.0`"), "{e}");
        let e = err("v1.35-beta.1");
        assert!(e.hint.contains("`v1.35.0-beta.1`"), "{e}");
        let e = err("v1.35.0-rc1");
        assert!(e.hint.contains("`v1.35.0-rc.1`"), "{e}");
        let e = err("v1.35.0-rc");
        assert!(e.problem.contains("lacks its number"), "{e}");
        assert_eq!(err("vv1.2.3").kind, VersionErrorKind::Malformed);
        assert_eq!(err("v1.2.3.4").kind, VersionErrorKind::Malformed);
        assert_eq!(
            err("v99999999999999999999.0.0").kind,
            VersionErrorKind::Malformed
        );
    }

    #[test]
    fn cut_kinds_types_and_branches() {
        let t = |s: &str| Tag::parse(s).unwrap();
        assert_eq!(t("v1.35.0-alpha.2").cut_kind().unwrap(), CutKind::Alpha);
        assert_eq!(t("v1.35.0-beta.0").cut_kind().unwrap(), CutKind::Beta);
        assert_eq!(t("v1.35.0-rc.0").cut_kind().unwrap(), CutKind::FirstRc);
        assert_eq!(t("v1.35.0-rc.2").cut_kind().unwrap(), CutKind::Rc);
        assert_eq!(t("v1.35.0").cut_kind().unwrap(), CutKind::Minor);
        assert_eq!(t("v1.35.3").cut_kind().unwrap(), CutKind::Patch);
        let e = t("v1.36.0-alpha.0").cut_kind().unwrap_err();
        assert!(e.hint.contains("`v1.35.0-rc.0`"), "{e}");
        assert_eq!(t("v1.35.0-alpha.2").branch(), Branch::Master);
        assert_eq!(t("v1.35.0-beta.1").release_type(), ReleaseType::Beta);
        assert_eq!(t("v1.35.0-rc.0").branch_name(), "release-1.35");
        assert_eq!(t("v1.35.4").release_type(), ReleaseType::Official);
        assert_eq!(
            t("v1.35.0-rc.0").next_minor_alpha0().to_string(),
            "v1.36.0-alpha.0"
        );
    }

    #[test]
    fn branches() {
        assert_eq!("master".parse::<Branch>().unwrap(), Branch::Master);
        assert_eq!(
            "release-1.35".parse::<Branch>().unwrap(),
            Branch::Release {
                major: 1,
                minor: 35
            }
        );
        assert!("main"
            .parse::<Branch>()
            .unwrap_err()
            .hint
            .contains("`master`"));
        assert!("release-1.35.1"
            .parse::<Branch>()
            .unwrap_err()
            .hint
            .contains("`release-1.35`"));
        assert!("v1.35.0"
            .parse::<Branch>()
            .unwrap_err()
            .hint
            .contains("`release-1.35`"));
        assert!("release-v1.35".parse::<Branch>().is_err());
        assert_eq!(
            Branch::Release {
                major: 1,
                minor: 35
            }
            .testgrid_name(),
            "1.35"
        );
    }

    #[test]
    fn release_types() {
        for t in ReleaseType::ALL {
            assert_eq!(t.as_str().parse::<ReleaseType>().unwrap(), t);
        }
        let e = "stable".parse::<ReleaseType>().unwrap_err();
        assert_eq!(e.problem, "invalid release type: stable");
        assert!(e.hint.contains("--type official"));
        assert!("RC"
            .parse::<ReleaseType>()
            .unwrap_err()
            .hint
            .contains("`rc`"));
    }

    /// krel's IsValidReleaseBuild test table (docs section 2.3), tests and derived rows.
    #[test]
    fn is_valid_release_build_table() {
        let rows = [
            ("v1.17.6", true),
            ("v1.25.8-1+3a14fe1af239a0", true),
            ("v1.17.6.abcde", true),
            ("v1.17.6.abcde-dirty", true),
            ("1.1.1", false),
            ("v1.22.0-alpha.0.787+e6", false),
            ("v1.22.0-alpha.0.787+e6b4fa381152d6", true),
            ("v1.20.0-beta.1.203+8f6ffb24df9896", true),
            ("invalid", false),
            ("decaf-bad", false),
            ("v1.33.0-rc.0.12+abcdef012345", true),
            ("v1.33.0-rc.0.12+ABCDEF012345", false),
            ("v1.33.0-rc.0.12+abcd", false),
            ("v1.33.0+abcdef", false),
            ("v1.33.0-rc.0", true),
            ("v1.33.0-rc.0.12", true),
            ("xv1.2.3yz", true),
            ("v1.2", false),
            ("V1.2.3", false),
            ("v01.2.3", false),
            ("release-1.33", false),
        ];
        for (input, valid) in rows {
            assert_eq!(is_valid_release_build(input), valid, "{input}");
        }
    }

    #[test]
    fn build_versions_validate_like_anago() {
        for ok in [
            "v1.25.8-1+3a14fe1af239a0",
            "v1.22.0-alpha.0.787+e6b4fa381152d6",
            "v1.17.6",
            "v1.33.0-rc.0",
        ] {
            assert!(BuildVersion::parse(ok).is_ok(), "{ok}");
        }
        // passes the regex but not SemVer
        let e = BuildVersion::parse("v1.17.6.abcde").unwrap_err();
        assert!(
            e.problem
                .starts_with("invalid build version: v1.17.6.abcde: "),
            "{e}"
        );
        let e = BuildVersion::parse("v1.22.0-alpha.0.787+e6").unwrap_err();
        assert_eq!(e.kind, VersionErrorKind::TruncatedHash);
        assert!(e.hint.contains("whole BUILDVERSION"));
        let e = BuildVersion::parse("v1.33.0-rc.0.12+ABCDEF012345").unwrap_err();
        assert_eq!(e.kind, VersionErrorKind::UpperCaseHash);
        assert!(e.hint.contains("`v1.33.0-rc.0.12+abcdef012345`"));
        let e = BuildVersion::parse("1.33.0-rc.0.12+abcdef012345").unwrap_err();
        assert_eq!(e.kind, VersionErrorKind::MissingV);
        assert!(e.hint.contains("`v1.33.0-rc.0.12+abcdef012345`"));
        assert_eq!(
            BuildVersion::parse("decaf-bad").unwrap_err().kind,
            VersionErrorKind::Malformed
        );
    }

    #[test]
    fn build_version_parts() {
        let bv = BuildVersion::parse("v1.35.0-rc.0.12+abcdef012345").unwrap();
        assert_eq!(bv.base_tag(), "v1.35.0-rc.0");
        assert_eq!(bv.commit(), Some("abcdef012345"));
        assert!(!bv.is_dirty());
        let bv = BuildVersion::parse("v1.25.8-1+3a14fe1af239a0").unwrap();
        assert_eq!(bv.base_tag(), "v1.25.8");
    }

    #[test]
    fn semver_errors_match_blang() {
        let e = |s: &str| SemVer::parse_tag_string(s).unwrap_err();
        assert_eq!(e(""), "Version string empty");
        assert_eq!(e("invalid"), "No Major.Minor.Patch elements found");
        assert_eq!(
            e("V1.2.3"),
            "Invalid character(s) found in major number \"V1\""
        );
        assert_eq!(
            e("vv1.2.3"),
            "Invalid character(s) found in major number \"v1\""
        );
        assert_eq!(
            e("01.2.3"),
            "Major number must not contain leading zeroes \"01\""
        );
        assert_eq!(e("1.2.3-"), "Prerelease is empty");
        assert_eq!(
            e("1.2.3-rc.01"),
            "Numeric PreRelease version must not contain leading zeroes \"01\""
        );
        assert_eq!(e("1.2.3+"), "Build meta data is empty");
        assert_eq!(
            SemVer::parse_tag_string("v1.2.3").unwrap().to_string(),
            "1.2.3"
        );
        assert_eq!(
            SemVer::parse_tag_string("1.18.4-rc.0.3+3ff09514d162b0")
                .unwrap()
                .to_string(),
            "1.18.4-rc.0.3+3ff09514d162b0"
        );
    }

    #[test]
    fn parse_any_classifies() {
        assert!(matches!(parse_any("v1.35.0"), Ok(Parsed::Tag(_))));
        assert!(matches!(
            parse_any("v1.35.0-rc.0.3+abcdef1"),
            Ok(Parsed::BuildVersion(_))
        ));
        assert!(matches!(
            parse_any("v1.35.1-3+abcdef1"),
            Ok(Parsed::BuildVersion(_))
        ));
        assert_eq!(
            parse_any("v1.35.0-rc.0.3+ab").unwrap_err().kind,
            VersionErrorKind::TruncatedHash
        );
    }
}
