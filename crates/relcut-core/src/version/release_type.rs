//! krel's release types (`--type`).

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use super::error::{VersionError, VersionErrorKind};

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
