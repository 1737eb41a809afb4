//! Doubts about a cut issue, each with a stable id that the Action, `--json` and tests key on.

use std::fmt;

use serde::Serialize;

use crate::md;
use crate::source::Source;

/// What a warning is about. The kebab-case names are part of `relcut status --json`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum WarningId {
    /// No title was given, so the version is unknown.
    NoTitle,
    /// The title is still the template's placeholder.
    PlaceholderTitle,
    /// The title names no release.
    TitleNamesNoRelease,
    /// The title names a release, but not in the form krel looks for.
    NonCanonicalTitle,
    /// A `Stage`/`Release` item outside a Mock Run / NoMock Run group.
    OutsideGroup,
    /// The last run of a job in the jobs history failed.
    JobFailed,
    /// The mock block is commented out although this cut needs it.
    BlockCommented,
    /// A step's item is commented out although this cut needs it.
    ItemCommented,
    /// A step this cut does not have is ticked.
    TickedNotApplicable,
    /// The step's links prove something else.
    WrongEvidence,
    /// A step that wants a link is ticked without one.
    MissingLink,
    /// The current template has items this issue lacks.
    MissingItems,
    /// krel was built from a dirty tree.
    DirtyKrel,
    /// The Release Tools Version block was never filled in.
    KrelVersionMissing,
    /// The scheduled date is far from the creation.
    ScheduledDateFar,
    /// Steps left open behind the cut's progress.
    OpenBehind,
    /// A ticked item that is no step relcut knows.
    UnknownItem,
    /// The linked promotion PRs promote other tags than the cut's.
    PromotionTags,
    /// More promotion PRs are linked than relcut checks (`promo_check::MAX_PROMOTION_PRS`).
    TooManyPromotionPrs,
    /// The title names a tag that is never cut on its own (`alpha.0`).
    NeverCutAlone,
    /// No date can be read after "Scheduled to happen" (no such day, only struck-through
    /// dates, or no date at all).
    ScheduledDateUnreadable,
    /// `relcut cuts`: another open cut is scheduled the same day (patch cuts of several
    /// branches excepted: they are cut together).
    SameDay,
    /// `relcut cuts`: a pre-release is scheduled within a week of an open patch cut.
    PatchInProgress,
}

impl WarningId {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NoTitle => "no-title",
            Self::PlaceholderTitle => "placeholder-title",
            Self::TitleNamesNoRelease => "title-names-no-release",
            Self::NonCanonicalTitle => "non-canonical-title",
            Self::OutsideGroup => "outside-group",
            Self::JobFailed => "job-failed",
            Self::BlockCommented => "block-commented",
            Self::ItemCommented => "item-commented",
            Self::TickedNotApplicable => "ticked-not-applicable",
            Self::WrongEvidence => "wrong-evidence",
            Self::MissingLink => "missing-link",
            Self::MissingItems => "missing-items",
            Self::DirtyKrel => "dirty-krel",
            Self::KrelVersionMissing => "krel-version-missing",
            Self::ScheduledDateFar => "scheduled-date-far",
            Self::OpenBehind => "open-behind",
            Self::UnknownItem => "unknown-item",
            Self::PromotionTags => "promotion-tags",
            Self::TooManyPromotionPrs => "too-many-promotion-prs",
            Self::NeverCutAlone => "never-cut-alone",
            Self::ScheduledDateUnreadable => "scheduled-date-unreadable",
            Self::SameDay => "same-day",
            Self::PatchInProgress => "patch-in-progress",
        }
    }
}

impl fmt::Display for WarningId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One doubt: its id, the 1-based line it is about (if any) and the message with its fix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub id: WarningId,
    pub line: Option<usize>,
    pub message: String,
    /// Where the process rule behind the warning is written down, when one is.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// The issues and pull requests the message names in relcut's words: links in Markdown.
    #[serde(skip)]
    pub refs: Vec<md::Ref<'static>>,
}

impl Warning {
    pub fn new(id: WarningId, line: Option<usize>, message: impl Into<String>) -> Warning {
        Warning {
            id,
            line,
            message: message.into(),
            source: None,
            refs: Vec::new(),
        }
    }

    /// The warning, naming `refs` in its message (linked in Markdown).
    #[must_use]
    pub fn naming(mut self, refs: impl IntoIterator<Item = md::Ref<'static>>) -> Warning {
        self.refs.extend(refs);
        self
    }

    /// The warning for a comment: what it quotes from the issue shown as written (its
    /// backtick-quoted parts as code), the references relcut names and the rule's source as
    /// links.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        if let Some(line) = self.line {
            out.push_str(&format!("line {line}: "));
        }
        out.push_str(&md::plain_with_refs(&self.message, &self.refs));
        if let Some(source) = &self.source {
            out.push_str(&format!(" (per {})", source.markdown()));
        }
        out
    }

    /// The warning, citing the rule it enforces.
    #[must_use]
    pub fn citing(mut self, source: Source) -> Warning {
        self.source = Some(source);
        self
    }
}

/// `line N: message (per source)`, as the reports print it: the rule's source beside the
/// warning, so a reader can check it without `--json`.
impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(line) = self.line {
            write!(f, "line {line}: ")?;
        }
        f.write_str(&self.message)?;
        match &self.source {
            Some(source) => write!(f, " (per {source})"),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_serialise_as_their_names() {
        for id in [
            WarningId::NoTitle,
            WarningId::OpenBehind,
            WarningId::DirtyKrel,
        ] {
            assert_eq!(
                serde_json::to_value(id).unwrap(),
                serde_json::Value::from(id.as_str())
            );
        }
        let w = Warning::new(WarningId::MissingLink, Some(14), "`email` is ticked");
        assert_eq!(w.to_string(), "line 14: `email` is ticked");
        assert_eq!(
            serde_json::to_value(&w).unwrap(),
            serde_json::json!({"id": "missing-link", "line": 14, "message": "`email` is ticked"})
        );
    }
}
