//! krel build versions (`v1.35.0-rc.0.28+5e4d3c2b1a0f9e`).

use std::fmt;

use serde::{Serialize, Serializer};

use super::error::{VersionError, VersionErrorKind};
use super::semver::SemVer;

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
    pub(crate) fn parse_staged(input: &str) -> Result<BuildVersion, VersionError> {
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
    pub(crate) fn base_tag(&self) -> String {
        let pre: Vec<String> = self
            .semver
            .pre
            .iter()
            .take(2)
            .map(std::string::ToString::to_string)
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
pub(crate) fn is_valid_release_build(s: &str) -> bool {
    use std::sync::LazyLock;
    const RELEASE: &str =
        r"v(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)-?([a-zA-Z0-9]+\.(0|[1-9][0-9]*)\.)?";
    const BUILD: &str = r"([0-9]{1,})\+([0-9a-f]{5,40})";
    static WITH_BUILD: LazyLock<regex_lite::Regex> = LazyLock::new(|| {
        regex_lite::Regex::new(&format!("(?-u){RELEASE}{BUILD}(-dirty)?")).expect("static regex")
    });
    static PLAIN: LazyLock<regex_lite::Regex> =
        LazyLock::new(|| regex_lite::Regex::new(&format!("(?-u){RELEASE}")).expect("static regex"));
    if s.contains('+') {
        WITH_BUILD.is_match(s)
    } else {
        PLAIN.is_match(s)
    }
}
