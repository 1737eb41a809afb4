//! Semantic versions as krel compares them.

use std::fmt;

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
    pub(crate) fn parse_tag_string(s: &str) -> Result<SemVer, String> {
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

pub(super) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(first) => first.to_ascii_uppercase().to_string() + c.as_str(),
        None => String::new(),
    }
}
