//! krel's version rules, replayed exactly: `GenerateReleaseVersion`, the branch regex, the
//! option and submit-time checks and the release-branch check (`NeedsCreation`).
//!
//! The point is to tell a release manager, before a two-hour stage job, which tags krel will cut
//! from a given `--type`, `--branch` and `--build-version`, and which mistakes krel will reject.

use std::sync::LazyLock;

use serde::Serialize;

use crate::source::{self, Source};
use crate::version::{BuildVersion, PreId, ReleaseType, SemVer};

/// A krel error, worded as krel words it, plus what to do about it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}: {hint}")]
pub struct KrelError {
    /// krel's own message (so it can be searched for in krel's logs and code).
    pub message: String,
    pub hint: String,
    /// The krel file that makes this check (not `source`: thiserror reads that as the cause).
    pub rule_source: Source,
}

fn krel_err(source: Source, message: impl Into<String>, hint: impl Into<String>) -> KrelError {
    KrelError {
        message: message.into(),
        hint: hint.into(),
        rule_source: source,
    }
}

/// What `GenerateReleaseVersion` returns. Empty strings of the Go struct are `None` here.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Versions {
    pub prime: String,
    pub official: Option<String>,
    pub rc: Option<String>,
    pub beta: Option<String>,
    pub alpha: Option<String>,
}

impl Versions {
    /// The versions krel tags, builds and publishes, in krel's fixed order: official, rc, beta,
    /// alpha. `prime` is not automatically part of it.
    pub fn ordered(&self) -> Vec<String> {
        [&self.official, &self.rc, &self.beta, &self.alpha]
            .into_iter()
            .flatten()
            .cloned()
            .collect()
    }
}

impl std::fmt::Display for Versions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "prime: {}", self.prime)?;
        for (name, v) in [
            ("official", &self.official),
            ("rc", &self.rc),
            ("beta", &self.beta),
            ("alpha", &self.alpha),
        ] {
            if let Some(v) = v {
                write!(f, ", {name}: {v}")?;
            }
        }
        Ok(())
    }
}

/// release-sdk's `BranchRegex`: `master|main|release-(\d+)\.(\d+)(\.(\d+))*$`, unanchored at the
/// start, with `$` binding only to the `release-` alternative. Returns the captured major and
/// minor (empty for the `master`/`main` alternatives), or `None` when nothing matches.
pub fn match_branch(branch: &str) -> Option<(String, String)> {
    static RE: LazyLock<regex_lite::Regex> = LazyLock::new(|| {
        regex_lite::Regex::new(r"(?-u)master|main|release-(\d+)\.(\d+)(\.(\d+))*$")
            .expect("static regex")
    });
    let caps = RE.captures(branch)?;
    let group = |i| {
        caps.get(i)
            .map(|m| m.as_str().to_string())
            .unwrap_or_default()
    };
    Some((group(1), group(2)))
}

fn go_atoi(s: &str, what: &str) -> Result<u64, KrelError> {
    s.parse().map_err(|_| {
        krel_err(
                source::KREL_RELEASE_VERSION,
            format!("parsing branch {what} version {s:?} to int: strconv.Atoi: parsing {s:?}: invalid syntax"),
            "a new release branch must be named `release-X.Y`",
        )
    })
}

/// `GenerateReleaseVersion(releaseType, buildVersion, branch, branchFromMaster)`, as krel does it.
pub fn generate_release_version(
    release_type: ReleaseType,
    build_version: &str,
    branch: &str,
    branch_from_master: bool,
) -> Result<Versions, KrelError> {
    let v: SemVer = SemVer::parse_tag_string(build_version).map_err(|_| {
        krel_err(
            source::KREL_RELEASE_VERSION,
            format!("invalid formatted version {build_version}"),
            "pass the BUILDVERSION printed by `krel stage`, like `v1.35.0-rc.0.12+0123456789abcd`",
        )
    })?;
    let label = match v.pre.first() {
        Some(p) => p.to_string(),
        None => String::new(),
    };
    // krel's uint64 arithmetic wraps silently on the largest numbers; relcut refuses them.
    let too_large = |what: &str| {
        krel_err(
            source::KREL_RELEASE_VERSION,
            format!("the {what} number of {build_version} is too large to count on from"),
            "pass the BUILDVERSION printed by `krel stage`, like `v1.35.0-rc.0.12+0123456789abcd`",
        )
    };
    let (label_id, label_id_available) = match v.pre.get(1) {
        Some(PreId::Num(n)) => (
            n.checked_add(1).ok_or_else(|| too_large("pre-release"))?,
            true,
        ),
        _ => (1, false),
    };

    if branch_from_master {
        let Some((maj, min)) = match_branch(branch) else {
            return Err(krel_err(
                source::KREL_RELEASE_VERSION,
                format!("invalid formatted branch {branch}"),
                "a new release branch must be named `release-X.Y`",
            ));
        };
        let major = go_atoi(&maj, "major")?;
        let minor = go_atoi(&min, "minor")?;
        let rc = format!("v{major}.{minor}.0-rc.0");
        return Ok(Versions {
            prime: rc.clone(),
            rc: Some(rc),
            alpha: Some(format!(
                "v{major}.{}.0-alpha.0",
                minor.checked_add(1).ok_or_else(|| too_large("minor"))?
            )),
            ..Versions::default()
        });
    }

    if branch.starts_with("release-") {
        let patch = if label_id_available {
            v.patch
        } else {
            v.patch.checked_add(1).ok_or_else(|| too_large("patch"))?
        };
        let prime = format!("v{}.{}.{patch}", v.major, v.minor);
        return Ok(match release_type {
            ReleaseType::Official => Versions {
                official: Some(prime.clone()),
                prime,
                ..Versions::default()
            },
            ReleaseType::Rc => {
                let rc = format!("{prime}-rc.{label_id}");
                Versions {
                    prime: rc.clone(),
                    rc: Some(rc),
                    ..Versions::default()
                }
            }
            ReleaseType::Alpha | ReleaseType::Beta => Versions {
                prime,
                ..Versions::default()
            },
        });
    }

    if release_type == ReleaseType::Beta {
        let mut beta = format!("v{}.{}.{}", v.major, v.minor, v.patch);
        if label == "alpha" {
            beta.push_str("-beta.0");
        } else {
            beta.push_str(&format!("-{label}.{label_id}"));
        }
        return Ok(Versions {
            prime: beta.clone(),
            beta: Some(beta),
            ..Versions::default()
        });
    }

    if label != "alpha" {
        return Err(krel_err(
                source::KREL_RELEASE_VERSION,
            format!(
                "cannot cut an alpha tag after a non-alpha release {build_version}. please specify an allowed release type ('beta')"
            ),
            "after the first beta, master cuts betas (`--type beta`); rcs and officials come from `release-X.Y`",
        ));
    }
    let alpha = format!("v{}.{}.{}-alpha.{label_id}", v.major, v.minor, v.patch);
    Ok(Versions {
        prime: alpha.clone(),
        alpha: Some(alpha),
        ..Versions::default()
    })
}

/// anago's option validation, shared by `krel stage` and `krel release`.
pub(crate) fn validate_options(release_type: &str, branch: &str) -> Result<ReleaseType, KrelError> {
    let t: ReleaseType = release_type
        .parse()
        .map_err(|e: crate::version::VersionError| {
            krel_err(
                source::KREL_OPTIONS,
                format!("invalid release type: {release_type}"),
                e.hint,
            )
        })?;
    if match_branch(branch).is_none() {
        return Err(krel_err(
            source::KREL_OPTIONS,
            format!("invalid release branch: {branch}"),
            "use `master` or `release-X.Y`",
        ));
    }
    Ok(t)
}

/// The checks krel makes before submitting a Cloud Build job.
pub(crate) fn validate_submit(release_type: ReleaseType, branch: &str) -> Result<(), KrelError> {
    let pre = matches!(release_type, ReleaseType::Alpha | ReleaseType::Beta);
    if branch == "master" && !pre {
        return Err(krel_err(
                source::KREL_SUBMIT_CHECKS,
            "cannot cut a release candidate or an official release from master",
            "rcs and officials are cut with `--branch release-X.Y` (for rc.0 that branch is created by the cut)",
        ));
    }
    if branch != "master" && pre {
        return Err(krel_err(
            source::KREL_SUBMIT_CHECKS,
            "cannot cut an alpha or beta release from a release branch",
            "alphas and betas are cut with `--branch master`",
        ));
    }
    Ok(())
}

/// krel's `NeedsCreation`, with the `git ls-remote` answer passed in: whether this cut creates
/// the release branch (`branchFromMaster`).
pub(crate) fn needs_creation(
    branch: &str,
    release_type: ReleaseType,
    build_version: &SemVer,
    branch_exists: bool,
) -> Result<bool, KrelError> {
    let mut create = false;
    if !branch_exists {
        if release_type == ReleaseType::Official {
            return Err(krel_err(
                source::KREL_BRANCH_CHECKER,
                "can't do officials releases when creating a new branch",
                format!("`{branch}` does not exist yet: cut `vX.Y.0-rc.0` first (`--type rc`), which creates it"),
            ));
        }
        create = true;
    }
    if branch == "master" {
        return Ok(create);
    }
    let required = format!("release-{}.{}", build_version.major, build_version.minor);
    if branch != required {
        return Err(krel_err(
            source::KREL_BRANCH_CHECKER,
            format!("branch and build version does not match, got: {branch}, required: {required}"),
            format!("use `--branch {required}`, or a build version from `{branch}`"),
        ));
    }
    Ok(create)
}

/// One of krel's checks that a cut passed, and the file that makes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Check {
    pub rule: &'static str,
    pub source: Source,
}

/// krel's checks in the order `plan_cut` replays them (the versions themselves are `Cut::source`).
pub const CHECKS: [Check; 4] = [
    Check {
        rule: "the release type is alpha, beta, rc or official, and the branch is master or release-X.Y",
        source: source::KREL_OPTIONS,
    },
    Check {
        rule: "the build version is vX.Y.Z[-label.N], optionally followed by .C+<commit> with 5 to 40 lower-case hex characters",
        source: source::KREL_BUILD_VERSION,
    },
    Check {
        rule: "rcs and officials are cut from release-X.Y, alphas and betas from master",
        source: source::KREL_SUBMIT_CHECKS,
    },
    Check {
        rule: "a missing branch is created by the cut (never by an official) and release-X.Y matches the build version",
        source: source::KREL_BRANCH_CHECKER,
    },
];

/// What `krel stage` will do for these flags, every check included, in krel's order.
#[derive(Debug, Clone, Serialize)]
pub struct Cut {
    pub release_type: ReleaseType,
    pub branch: String,
    pub build_version: String,
    pub creates_branch: bool,
    pub versions: Versions,
    /// Where the versions and tags come from (`GenerateReleaseVersion`).
    pub source: Source,
    /// The checks this cut passed, each with its source.
    pub checks: Vec<Check>,
}

impl Cut {
    pub fn tags(&self) -> Vec<String> {
        self.versions.ordered()
    }

    /// For a terminal: each statement followed by the krel file that makes it.
    pub fn text(&self) -> String {
        let mut out = format!(
            "krel will cut {} ({})
tags, in krel's order: {}
  per {}
",
            self.versions.prime,
            self.versions,
            self.tags().join(", "),
            self.source
        );
        if self.creates_branch {
            out.push_str(&format!(
                "creates {} and tags master for the next minor
  per {} and {}
",
                self.branch,
                source::KREL_BRANCH_CHECKER,
                self.source
            ));
        }
        out.push_str(
            "passes krel's checks:
",
        );
        for c in &self.checks {
            out.push_str(&format!("  {}\n    per {}\n", c.rule, c.source));
        }
        out
    }
}

/// Replays krel for `--type`, `--branch`, `--build-version`, with `branch_exists` standing in for
/// the `git ls-remote` of the branch.
pub fn plan_cut(
    release_type: &str,
    branch: &str,
    build_version: &str,
    branch_exists: bool,
) -> Result<Cut, KrelError> {
    let t = validate_options(release_type, branch)?;
    let bv = BuildVersion::parse(build_version).map_err(|e| {
        krel_err(
            source::KREL_BUILD_VERSION,
            format!("validating build version: {}", e.problem),
            e.hint,
        )
    })?;
    validate_submit(t, branch)?;
    let creates_branch = needs_creation(branch, t, &bv.semver, branch_exists)?;
    let versions = generate_release_version(t, bv.as_str(), branch, creates_branch)?;
    if versions.ordered().is_empty() {
        return Err(krel_err(
            source::KREL_RELEASE_VERSION,
            format!("krel would compute {} but tag nothing", versions.prime),
            "alphas and betas are cut from `master`",
        ));
    }
    Ok(Cut {
        release_type: t,
        branch: branch.to_string(),
        build_version: bv.to_string(),
        creates_branch,
        versions,
        source: source::KREL_RELEASE_VERSION,
        checks: CHECKS.to_vec(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use ReleaseType::*;

    fn gen(t: ReleaseType, bv: &str, branch: &str, new: bool) -> Result<Versions, KrelError> {
        generate_release_version(t, bv, branch, new)
    }

    fn check(t: ReleaseType, bv: &str, branch: &str, new: bool, prime: &str, ordered: &[&str]) {
        let v = gen(t, bv, branch, new).unwrap_or_else(|e| panic!("{t} {bv} {branch}: {e}"));
        assert_eq!(v.prime, prime, "{t} {bv} {branch} {new}");
        assert_eq!(v.ordered(), ordered, "{t} {bv} {branch} {new}");
    }

    /// Every row of krel's `release_version_test.go` (docs section 1.4).
    #[test]
    fn krel_test_table() {
        let v = gen(
            Official,
            "v1.18.4-rc.0.3+3ff09514d162b0",
            "release-1.18",
            false,
        )
        .unwrap();
        assert_eq!(v.prime, "v1.18.4");
        assert_eq!(v.official.as_deref(), Some("v1.18.4"));
        assert_eq!((&v.rc, &v.beta, &v.alpha), (&None, &None, &None));
        assert_eq!(v.ordered(), ["v1.18.4"]);

        let v = gen(Rc, "v1.18.4-beta.0.2+3ff09514d162b0", "release-1.18", false).unwrap();
        assert_eq!(v.rc.as_deref(), Some("v1.18.4-rc.1"));
        assert_eq!(v.ordered(), ["v1.18.4-rc.1"]);

        let v = gen(Rc, "v1.18.0-beta.3.2+3ff09514d162b0", "release-1.18", true).unwrap();
        assert_eq!(v.prime, "v1.18.0-rc.0");
        assert_eq!(v.alpha.as_deref(), Some("v1.19.0-alpha.0"));
        assert_eq!(v.ordered(), ["v1.18.0-rc.0", "v1.19.0-alpha.0"]);
        assert_eq!(
            v.to_string(),
            "prime: v1.18.0-rc.0, rc: v1.18.0-rc.0, alpha: v1.19.0-alpha.0"
        );

        let v = gen(Beta, "v1.18.4-beta.1.2+3ff09514d162b0", "master", false).unwrap();
        assert_eq!(v.beta.as_deref(), Some("v1.18.4-beta.2"));
        check(
            Beta,
            "v1.18.4-beta.1.2+3ff09514d162b0",
            "master",
            false,
            "v1.18.4-beta.2",
            &["v1.18.4-beta.2"],
        );
        check(
            Beta,
            "v1.18.0-alpha.1.2+3ff09514d162b0",
            "master",
            false,
            "v1.18.0-beta.0",
            &["v1.18.0-beta.0"],
        );
        check(
            Alpha,
            "v1.18.4-alpha.1.2+3ff09514d162b0",
            "master",
            false,
            "v1.18.4-alpha.2",
            &["v1.18.4-alpha.2"],
        );
        check(
            Alpha,
            "v1.20.0-alpha.2.1273+4e9bdd481e2400",
            "master",
            false,
            "v1.20.0-alpha.3",
            &["v1.20.0-alpha.3"],
        );

        let e = gen(Alpha, "v1.18.4-beta.1.2+3ff09514d162b0", "master", false).unwrap_err();
        assert_eq!(
            e.message,
            "cannot cut an alpha tag after a non-alpha release v1.18.4-beta.1.2+3ff09514d162b0. please specify an allowed release type ('beta')"
        );
        let e = gen(Official, "", "wrong", true).unwrap_err();
        assert_eq!(e.message, "invalid formatted version ");
    }

    /// The derived rows of docs section 1.4.
    #[test]
    #[allow(clippy::too_many_lines, reason = "one case per row of the docs' table")]
    fn krel_derived_rows() {
        check(
            Rc,
            "v1.18.6-rc.0.15+e38139724f8f00",
            "release-1.18",
            false,
            "v1.18.6-rc.1",
            &["v1.18.6-rc.1"],
        );
        check(
            Rc,
            "v1.18.0-rc.1.5+e38139724f8f00",
            "release-1.18",
            false,
            "v1.18.0-rc.2",
            &["v1.18.0-rc.2"],
        );
        check(
            Official,
            "v1.18.0-rc.1.5+e38139724f8f00",
            "release-1.18",
            false,
            "v1.18.0",
            &["v1.18.0"],
        );
        check(
            Official,
            "v1.25.8-1+3a14fe1af239a0",
            "release-1.25",
            false,
            "v1.25.9",
            &["v1.25.9"],
        );
        check(
            Rc,
            "v1.25.8-1+3a14fe1af239a0",
            "release-1.25",
            false,
            "v1.25.9-rc.1",
            &["v1.25.9-rc.1"],
        );
        check(
            Official,
            "v1.18.3",
            "release-1.18",
            false,
            "v1.18.4",
            &["v1.18.4"],
        );
        check(
            Rc,
            "v1.18.3",
            "release-1.18",
            false,
            "v1.18.4-rc.1",
            &["v1.18.4-rc.1"],
        );
        check(
            Rc,
            "v1.18.0-beta.4.15+e38139724f8f00",
            "release-1.18",
            false,
            "v1.18.0-rc.5",
            &["v1.18.0-rc.5"],
        );
        check(
            Beta,
            "v1.19.0-alpha.2.763+2da917d3701904",
            "release-1.19",
            false,
            "v1.19.0",
            &[],
        );
        check(
            Rc,
            "v1.20.0-alpha.3.10+abcdef0",
            "master",
            false,
            "v1.20.0-alpha.4",
            &["v1.20.0-alpha.4"],
        );
        check(
            Official,
            "v1.20.0-alpha.3.10+abcdef0",
            "master",
            false,
            "v1.20.0-alpha.4",
            &["v1.20.0-alpha.4"],
        );
        assert!(gen(Rc, "v1.20.0-beta.1.10+abcdef0", "master", false)
            .unwrap_err()
            .message
            .starts_with("cannot cut an alpha tag after a non-alpha release"));
        check(
            Alpha,
            "v1.20.0-alpha.0",
            "master",
            false,
            "v1.20.0-alpha.1",
            &["v1.20.0-alpha.1"],
        );
        assert!(gen(Alpha, "v1.20.0", "master", false).is_err());
        let v = gen(Beta, "v1.20.0-rc.0.5+abcdef0", "master", false).unwrap();
        assert_eq!(v.prime, "v1.20.0-rc.1");
        assert_eq!(v.beta.as_deref(), Some("v1.20.0-rc.1"));
        check(
            Beta,
            "v1.33.0-beta.0.20+abcdef0",
            "release-1.33",
            true,
            "v1.33.0-rc.0",
            &["v1.33.0-rc.0", "v1.34.0-alpha.0"],
        );
        check(
            Rc,
            "v1.33.0-beta.0.20+abcdef0",
            "release-1.32",
            true,
            "v1.32.0-rc.0",
            &["v1.32.0-rc.0", "v1.33.0-alpha.0"],
        );
        let e = gen(Rc, "v1.33.0-beta.0.20+abcdef0", "master", true).unwrap_err();
        assert!(
            e.message
                .starts_with("parsing branch major version \"\" to int: "),
            "{e}"
        );
        check(
            Rc,
            "1.18.4-rc.0.3+3ff09514d162b0",
            "release-1.18",
            false,
            "v1.18.4-rc.1",
            &["v1.18.4-rc.1"],
        );
        assert!(gen(Rc, "v1.33.0-beta.0.20+abcdef0", "wrong", true)
            .unwrap_err()
            .message
            .starts_with("invalid formatted branch wrong"));
    }

    /// release-sdk's branch regex table (docs section 1.6).
    #[test]
    fn branch_regex() {
        let m = |s: &str| match_branch(s);
        let groups = |maj: &str, min: &str| Some((maj.to_string(), min.to_string()));
        assert_eq!(m("master"), groups("", ""));
        assert_eq!(m("main"), groups("", ""));
        assert_eq!(m("release-1.17"), groups("1", "17"));
        assert_eq!(m("release-1.33.1"), groups("1", "33"));
        for no in [
            "wrong-branch",
            "wrong",
            "",
            "release-1",
            "release-1.x",
            "release-1.17-foo",
            "Release-1.17",
        ] {
            assert_eq!(m(no), None, "{no}");
        }
        for yes in ["my-master-branch", "domain", "mainline"] {
            assert_eq!(m(yes), groups("", ""), "{yes}");
        }
        assert_eq!(m("foo/release-1.17"), groups("1", "17"));
        assert_eq!(m("release-01.17"), groups("01", "17"));
    }

    /// TestValidateOptions and the GCB submit tests (docs section 1.5).
    #[test]
    fn option_and_submit_validation() {
        assert!(validate_options("alpha", "master").is_ok());
        assert_eq!(
            validate_options("invalid", "master").unwrap_err().message,
            "invalid release type: invalid"
        );
        assert_eq!(
            validate_options("alpha", "invalid").unwrap_err().message,
            "invalid release branch: invalid"
        );
        for (t, b) in [
            (Alpha, "master"),
            (Beta, "master"),
            (Rc, "release-1.15"),
            (Official, "release-1.15"),
            (Official, "release-1.16"),
        ] {
            assert!(validate_submit(t, b).is_ok(), "{t} {b}");
        }
        for (t, b, msg) in [
            (
                Rc,
                "master",
                "cannot cut a release candidate or an official release from master",
            ),
            (
                Official,
                "master",
                "cannot cut a release candidate or an official release from master",
            ),
            (
                Alpha,
                "release-1.16",
                "cannot cut an alpha or beta release from a release branch",
            ),
            (
                Beta,
                "release-1.19",
                "cannot cut an alpha or beta release from a release branch",
            ),
            (
                Alpha,
                "main",
                "cannot cut an alpha or beta release from a release branch",
            ),
        ] {
            assert_eq!(validate_submit(t, b).unwrap_err().message, msg, "{t} {b}");
        }
    }

    /// TestNeedsCreation (docs section 1.5); the ls-remote failure row is I/O and has no pure form.
    #[test]
    fn needs_creation_table() {
        let sv = |s: &str| SemVer::parse_tag_string(s).unwrap();
        assert_eq!(
            needs_creation("release-1.19", Alpha, &sv("1.19.0-alpha.2"), false),
            Ok(true)
        );
        assert_eq!(
            needs_creation("release-1.19", Alpha, &sv("1.19.0-alpha.2"), true),
            Ok(false)
        );
        assert_eq!(
            needs_creation("master", Alpha, &sv("1.19.0-alpha.2"), true),
            Ok(false)
        );
        assert_eq!(
            needs_creation("release-1.20", Alpha, &sv("1.19.0-alpha.2"), false)
                .unwrap_err()
                .message,
            "branch and build version does not match, got: release-1.20, required: release-1.19"
        );
        assert_eq!(
            needs_creation("release-1.19", Official, &sv("1.19.0"), false)
                .unwrap_err()
                .message,
            "can't do officials releases when creating a new branch"
        );
    }

    #[test]
    fn whole_cut_replay() {
        let cut = plan_cut(
            "rc",
            "release-1.35",
            "v1.35.0-beta.2.40+0123456789abcd",
            false,
        )
        .unwrap();
        assert!(cut.creates_branch);
        assert_eq!(cut.tags(), ["v1.35.0-rc.0", "v1.36.0-alpha.0"]);
        let cut = plan_cut("official", "release-1.34", "v1.34.2-4+0123456789abcd", true).unwrap();
        assert_eq!(cut.tags(), ["v1.34.3"]);
        assert!(plan_cut(
            "beta",
            "release-1.34",
            "v1.34.0-alpha.2.1+0123456789abcd",
            true
        )
        .is_err());
        let e = plan_cut("rc", "release-1.35", "v1.35.0-beta.2.40+e6", true).unwrap_err();
        assert!(e.hint.contains("whole BUILDVERSION"), "{e}");
    }

    /// Each statement and each refusal names the krel file that makes it.
    #[test]
    fn cut_and_errors_cite_krel() {
        let cut = plan_cut(
            "rc",
            "release-1.35",
            "v1.35.0-beta.2.40+0123456789abcd",
            false,
        )
        .unwrap();
        assert_eq!(cut.source, source::KREL_RELEASE_VERSION);
        assert_eq!(
            cut.checks.iter().map(|c| c.source).collect::<Vec<_>>(),
            [
                source::KREL_OPTIONS,
                source::KREL_BUILD_VERSION,
                source::KREL_SUBMIT_CHECKS,
                source::KREL_BRANCH_CHECKER
            ]
        );
        let text = cut.text();
        assert!(
            text.contains("tags, in krel's order: v1.35.0-rc.0, v1.36.0-alpha.0\n  per kubernetes/release:pkg/release/release_version.go (2025-08-12)\n"),
            "{text}"
        );
        assert!(
            text.contains("creates release-1.35 and tags master for the next minor\n  per kubernetes/release:pkg/release/branch_checker.go (2025-01-28)"),
            "{text}"
        );

        let cases = [
            (
                "gamma",
                "master",
                "v1.35.0-alpha.1.1+0123456789abcd",
                true,
                source::KREL_OPTIONS,
            ),
            (
                "rc",
                "release-1.35",
                "1.35.0-rc.1.1+0123456789abcd",
                true,
                source::KREL_BUILD_VERSION,
            ),
            (
                "rc",
                "master",
                "v1.35.0-rc.1.1+0123456789abcd",
                true,
                source::KREL_SUBMIT_CHECKS,
            ),
            (
                "official",
                "release-1.35",
                "v1.35.0-rc.1.1+0123456789abcd",
                false,
                source::KREL_BRANCH_CHECKER,
            ),
            (
                "alpha",
                "master",
                "v1.35.0-beta.1.1+0123456789abcd",
                true,
                source::KREL_RELEASE_VERSION,
            ),
        ];
        for (t, b, bv, exists, want) in cases {
            let e = plan_cut(t, b, bv, exists).unwrap_err();
            assert_eq!(e.rule_source, want, "{t} {b} {bv}: {e}");
        }
    }
}
