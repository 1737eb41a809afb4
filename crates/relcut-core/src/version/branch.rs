//! Release branches (`--branch`): `master` or `release-X.Y`.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::error::{VersionError, VersionErrorKind};
use super::tag::{parse_number, PreRelease, Tag};

/// A branch krel cuts from: `master`, or `release-X.Y`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Branch {
    Master,
    Release { major: u64, minor: u64 },
}

impl Branch {
    /// The `--branch` value `krel testgridshot` wants: `master` or `1.35`, never `release-1.35`.
    pub(crate) fn testgrid_name(self) -> String {
        match self {
            Self::Master => "master".to_string(),
            Self::Release { major, minor } => format!("{major}.{minor}"),
        }
    }
}

/// A tag's branches: the branch model builds on tags, never the other way round.
impl Tag {
    /// The `krel --branch` for this tag: alphas and betas come from master, the rest from the
    /// release branch (for rc.0 the branch that the cut creates).
    pub fn branch(&self) -> Branch {
        match self.pre {
            Some(PreRelease::Alpha(_) | PreRelease::Beta(_)) => Branch::Master,
            _ => self.release_branch(),
        }
    }

    pub fn branch_name(&self) -> String {
        self.branch().to_string()
    }

    /// `release-X.Y` of this tag's minor, wherever the tag is cut from.
    pub(crate) fn release_branch(&self) -> Branch {
        Branch::Release {
            major: self.major,
            minor: self.minor,
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
