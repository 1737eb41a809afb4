//! Kubernetes release tags, krel build versions, release types and branches.
//!
//! Parsing is strict (krel and kpromo are), but every error names the mistake and the fix,
//! because a release manager who types `1.35.0` instead of `v1.35.0` only learns it from kpromo
//! after a clone and a registry scan.

mod branch;
mod build;
mod error;
mod release_type;
mod semver;
mod tag;

pub use branch::Branch;
#[cfg(test)]
use build::is_valid_release_build;
pub use build::BuildVersion;
pub use error::{VersionError, VersionErrorKind};
pub use release_type::ReleaseType;
pub use semver::{PreId, SemVer};
pub(crate) use tag::MAX_NUMBER;
pub use tag::{CutKind, PreRelease, Tag};

use tag::pre_ids;

/// What a string given to `relcut validate` turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    Tag(Tag),
    BuildVersion(BuildVersion),
}

/// Whether a value looks like it was meant as a build version (rather than a tag), so that
/// `validate` reports the right kind of error.
pub(crate) fn looks_like_build_version(s: &str) -> bool {
    s.contains('+') || pre_ids(s.trim()).len() > 2 || {
        let ids = pre_ids(s.trim());
        ids.len() == 1 && ids[0].bytes().all(|b| b.is_ascii_digit())
    }
}

/// Parses a tag or a build version, whichever the input is meant to be.
pub(crate) fn parse_any(input: &str) -> Result<Parsed, VersionError> {
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
