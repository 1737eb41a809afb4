//! The last pass of reading: checks over what was read, each returning its warnings.

use super::krel_version::KrelVersion;
use super::parse::Doc;
use super::rules::commented_line;
use super::warning::{Warning, WarningId};
use super::{Source, StepReading, StepState};
use crate::evidence::LinkKind;
use crate::step::{Options, Presence, StepId, STEPS};
use crate::version::CutKind;

/// What the checks look at.
pub(super) struct Facts<'a> {
    pub body: &'a str,
    pub doc: &'a Doc,
    pub cut: Option<CutKind>,
    /// Sorted by id.
    pub steps: &'a [StepReading],
    pub krel_version: Option<&'a KrelVersion>,
    /// `YYYY-MM-DD` the issue was opened (or scheduled), if known.
    pub opened: Option<&'a str>,
}

type Check = fn(&Facts<'_>) -> Vec<Warning>;

/// Every check, in the order their warnings are listed.
pub(super) const CHECKS: &[Check] = &[evidence, missing_items, krel_version, open_behind];

fn kind_name(kind: LinkKind) -> &'static str {
    match kind {
        LinkKind::Slack => "a Slack message",
        LinkKind::PromotionPr => "a kubernetes/k8s.io pull request",
        LinkKind::PromotionJob => "a post-k8sio-image-promo run",
        LinkKind::Email => "a groups.google.com thread",
        LinkKind::WebsitePr => "a kubernetes/website pull request",
        LinkKind::TestInfraPr => "a kubernetes/test-infra pull request",
        LinkKind::CloudBuild => "a Cloud Build log",
        LinkKind::PublishingBotIssue => "the publishing-bot issue",
        LinkKind::Reference => "a file or channel link",
        LinkKind::Testgrid => "a testgrid dashboard",
        LinkKind::GitHub => "a GitHub link",
        LinkKind::Other => "a link",
    }
}

/// Links that prove something else, and ticked steps that want a link and have none.
fn evidence(f: &Facts<'_>) -> Vec<Warning> {
    let mut out = Vec::new();
    for step in f.steps {
        let spec = step.id.spec();
        let kinds = spec.proof;
        if !matches!(step.source, Source::Checkbox | Source::Bullet)
            || step.state == StepState::Skipped
            || kinds.is_empty()
        {
            continue;
        }
        if !step.evidence.is_empty() && !step.evidence.iter().any(|l| kinds.contains(&l.kind)) {
            let seen: Vec<&str> = step.evidence.iter().map(|l| kind_name(l.kind)).collect();
            out.push(Warning::new(
                WarningId::WrongEvidence,
                Some(step.line),
                format!(
                    "`{}` links only {}, not {}",
                    step.id,
                    seen.join(" and "),
                    kind_name(kinds[0])
                ),
            ));
        } else if spec.wants_link && step.checked && step.links.is_empty() {
            out.push(Warning::new(
                WarningId::MissingLink,
                Some(step.line),
                format!(
                    "`{}` is ticked but has no link to {}",
                    step.id,
                    kind_name(kinds[0])
                ),
            ));
        }
    }
    out
}

/// Items the template of the issue's day had for this cut and the cut needs, but the issue lacks
/// (commented-out ones are reported by the rules pass). A release-signal item is not expected
/// on a patch, nor a publishing-bot item on an issue of 2022.
fn missing_items(f: &Facts<'_>) -> Vec<Warning> {
    let Some(kind) = f.cut else {
        return vec![];
    };
    if f.steps.is_empty() {
        return vec![];
    }
    let missing: Vec<&str> = STEPS
        .iter()
        .filter(|spec| spec.presence(kind) == Presence::Item)
        .filter(|spec| spec.applies(kind, Options::default()).is_required())
        .filter(|spec| match (spec.in_template_since, f.opened) {
            (Some(since), Some(opened)) => since <= opened,
            _ => true,
        })
        .filter(|spec| !f.steps.iter().any(|s| s.id == spec.id))
        .filter(|spec| commented_line(f.doc, spec).is_none())
        .map(|spec| spec.name)
        .collect();
    if missing.is_empty() {
        return vec![];
    }
    vec![Warning::new(
        WarningId::MissingItems,
        None,
        format!("the issue has no item for: {}", missing.join(", ")),
    )
    // The era's items come from the template's history.
    .citing(crate::source::CUT_ISSUE_TEMPLATE)]
}

fn krel_version(f: &Facts<'_>) -> Vec<Warning> {
    match f.krel_version {
        Some(k) if k.git_tree_state.as_deref() == Some("dirty") => vec![Warning::new(
            WarningId::DirtyKrel,
            Some(k.line),
            format!(
                "krel was built from a dirty tree ({}): rebuild krel from a clean kubernetes/release master",
                k.git_version
            ),
        )],
        None if (f.body.contains("Release Tools Version")
            || f.body.contains("krel version")
            || f.body.contains(") version:"))
            && f
                .steps
                .iter()
                .any(|s| s.state == StepState::Done && s.id >= StepId::MockStage) =>
        {
            vec![Warning::new(
                WarningId::KrelVersionMissing,
                None,
                "the Release Tools Version block is not filled in: paste the output of `krel version`",
            )]
        }
        _ => vec![],
    }
}

/// Boxes left open behind the cut's progress are usually untracked, not undone.
fn open_behind(f: &Facts<'_>) -> Vec<Warning> {
    let Some(last_done) = f
        .steps
        .iter()
        .filter(|s| s.state == StepState::Done)
        .map(|s| s.id)
        .max()
    else {
        return vec![];
    };
    let behind: Vec<&str> = f
        .steps
        .iter()
        .filter(|s| s.state == StepState::Open && s.id < last_done)
        .map(|s| s.id.as_str())
        .collect();
    if behind.is_empty() {
        return vec![];
    }
    vec![Warning::new(
        WarningId::OpenBehind,
        None,
        format!(
            "still open although `{last_done}` is done: {}; tick them or mark them n/a",
            behind.join(", ")
        ),
    )]
}
