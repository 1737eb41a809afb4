//! The one error type of versions, branches and release types: what is wrong and the fix.

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
    pub(super) fn new(
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
