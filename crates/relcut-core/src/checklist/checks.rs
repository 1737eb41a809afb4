//! The last pass of reading: checks over what was read, each returning its warnings.

use super::krel_version::KrelVersion;
use super::parse::Doc;
use super::rules::commented_line;
use super::warning::{Warning, WarningId};
use super::{Source, StepReading, StepState};
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
    /// The process rules of that day.
    pub options: Options,
}

type Check = fn(&Facts<'_>) -> Vec<Warning>;

/// Every check, in the order their warnings are listed.
pub(super) const CHECKS: &[Check] = &[evidence, missing_items, krel_version, open_behind];

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
            let seen: Vec<&str> = step.evidence.iter().map(|l| l.kind.describe()).collect();
            out.push(Warning::new(
                WarningId::WrongEvidence,
                Some(step.line),
                format!(
                    "`{}` links only {}, not {}",
                    step.id,
                    seen.join(" and "),
                    kinds[0].describe()
                ),
            ));
        } else if spec.wants_link && step.checked && step.links.is_empty() {
            out.push(Warning::new(
                WarningId::MissingLink,
                Some(step.line),
                format!(
                    "`{}` is ticked but has no link to {}",
                    step.id,
                    kinds[0].describe()
                ),
            ));
        }
    }
    out
}

/// How the missing-items warning begins; the list of step names follows.
pub(super) const MISSING_ITEMS: &str = "the issue has no item for: ";

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
        format!("{MISSING_ITEMS}{}", missing.join(", ")),
    )
    // The items expected are those of the template the issue was opened from.
    .citing(template_as_of(f.opened))]
}

/// Every change of `.github/ISSUE_TEMPLATE/cut-release.md` on kubernetes/sig-release's master
/// (`git log --first-parent`, the merge day, one per day), with the file as that change left it.
const TEMPLATE_GENERATIONS: [(&str, &str); 24] = [
    ("2019-02-25", "https://github.com/kubernetes/sig-release/blob/092167e03c21f59839f4fc6123bdb90496df3dac/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2019-03-02", "https://github.com/kubernetes/sig-release/blob/ec164f2b42b9b7317ba6bc3a5535420822061b71/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2019-05-28", "https://github.com/kubernetes/sig-release/blob/136e22979c83bab8283e8cb2598d004846801dbd/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2019-11-05", "https://github.com/kubernetes/sig-release/blob/397101b4b9526422f8782d9cda0071ddc0e536a2/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2019-12-04", "https://github.com/kubernetes/sig-release/blob/e54bef5d4fc052e4285216bdd9575c2558f641e0/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2020-03-19", "https://github.com/kubernetes/sig-release/blob/9e51eb5c220d1585ac6be446dd6de5304d569f3c/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2020-04-19", "https://github.com/kubernetes/sig-release/blob/199506225cb9f178fb6721d4bfa56a5ff355363b/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2020-08-26", "https://github.com/kubernetes/sig-release/blob/385cb01a88d5e54b82ad9813350973399ab3baae/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2020-09-29", "https://github.com/kubernetes/sig-release/blob/5de30adaa54c3fc474affdd234237aa3022998a9/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2020-12-01", "https://github.com/kubernetes/sig-release/blob/806b8e29c86aaa5815530a97f682f16dbe653b20/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2021-04-28", "https://github.com/kubernetes/sig-release/blob/f3f096eaa8fb6377f0b60c6a9e018d3a54ce6b1d/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2021-11-15", "https://github.com/kubernetes/sig-release/blob/e5535a0cf6bd7bb22b11d03e41c1eec0bd726a8f/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2021-12-21", "https://github.com/kubernetes/sig-release/blob/582cfa8522e72ca9a9b7598d0c45a4c2f130a574/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2022-03-22", "https://github.com/kubernetes/sig-release/blob/d4e912b3cf5aeecca7199c6f3b4d5a35691ab1e0/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2022-11-08", "https://github.com/kubernetes/sig-release/blob/92e326beefc8753d12de873ae69bf7b5fd87e6e3/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2022-12-13", "https://github.com/kubernetes/sig-release/blob/9f747ac23c517d68bdc878dd68449583d240627a/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2023-02-15", "https://github.com/kubernetes/sig-release/blob/ef352bad75fe2b7de3c1c8cf60ca5a506ec280b8/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2023-07-28", "https://github.com/kubernetes/sig-release/blob/773ae05e32bcfc46e6944f475f9dcd46ad7e2f25/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2023-10-18", "https://github.com/kubernetes/sig-release/blob/3de0aec3e95df44193c0d3898221f73f2f650e88/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2024-05-13", "https://github.com/kubernetes/sig-release/blob/f65b183938a2c079dd0dbfae1d21693c329ad3a3/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2025-05-21", "https://github.com/kubernetes/sig-release/blob/cf45726fe9680f88c240808ee404072a78608772/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2025-08-20", "https://github.com/kubernetes/sig-release/blob/3ba876f03266c287a5343a24199695c048605991/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2026-03-26", "https://github.com/kubernetes/sig-release/blob/e42338095e082905d541803e43fb0561353f407c/.github/ISSUE_TEMPLATE/cut-release.md"),
    ("2026-05-28", "https://github.com/kubernetes/sig-release/blob/6a2b4ffcfc3f0d8aca6de5aa08067872ce79d6be/.github/ISSUE_TEMPLATE/cut-release.md"),
];

/// The cut-issue template as it stood on `day` (YYYY-MM-DD): the generation an issue opened
/// that day was written from. Today's template when the day is unknown or current.
pub(super) fn template_as_of(day: Option<&str>) -> crate::source::Source {
    let current = crate::source::CUT_ISSUE_TEMPLATE;
    let Some(day) = day.filter(|d| *d < current.date) else {
        return current;
    };
    let (date, url) = TEMPLATE_GENERATIONS
        .iter()
        .rev()
        .find(|(since, _)| *since <= day)
        .unwrap_or(&TEMPLATE_GENERATIONS[0]);
    crate::source::Source {
        reference: current.reference,
        date,
        url,
    }
}

fn krel_version(f: &Facts<'_>) -> Vec<Warning> {
    match f.krel_version {
        Some(k) if k.git_tree_state.as_deref() == Some("dirty") => vec![Warning::new(
            WarningId::DirtyKrel,
            Some(k.line),
            format!(
                "krel was built from a dirty tree ({}): rebuild krel from a clean kubernetes/release master",
                super::items::quoted(&k.git_version)
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

/// Boxes left open behind the cut's progress are usually untracked, not undone. Steps this
/// cut does not wait for (a patch's green signal) are left open without being forgotten.
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
        .filter(|s| {
            f.cut
                .is_none_or(|kind| s.id.spec().applies(kind, f.options).is_required())
        })
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_of_the_issues_day() {
        let t = |day| template_as_of(day);
        assert_eq!(t(None), crate::source::CUT_ISSUE_TEMPLATE);
        assert_eq!(t(Some("2026-08-04")), crate::source::CUT_ISSUE_TEMPLATE);
        let y2019 = t(Some("2019-06-01"));
        assert_eq!(y2019.date, "2019-05-28");
        assert_eq!(y2019.reference, crate::source::CUT_ISSUE_TEMPLATE.reference);
        assert!(y2019
            .url
            .contains("/blob/136e22979c83bab8283e8cb2598d004846801dbd/"));
        // The day of a change is already its generation.
        assert_eq!(t(Some("2025-05-21")).date, "2025-05-21");
        assert_eq!(t(Some("2025-05-20")).date, "2024-05-13");
        assert_eq!(t(Some("2018-01-01")).date, "2019-02-25");
        assert_eq!(
            TEMPLATE_GENERATIONS.last().unwrap().0,
            crate::source::CUT_ISSUE_TEMPLATE.date,
            "the newest generation is the template relcut renders"
        );
        assert!(TEMPLATE_GENERATIONS.windows(2).all(|w| w[0].0 < w[1].0));
    }

    #[test]
    fn a_huge_git_version_is_quoted_short() {
        let body = format!(
            "## Release Tools Version\n\n```\nGitVersion:    v0.20.3-{}\nGitTreeState:  dirty\n```\n",
            "x".repeat(150_000)
        );
        let i = super::super::read(super::super::IssueInput {
            title: Some("Cut v1.35.3 release"),
            body: &body,
            created_at: None,
        });
        let w = i
            .warnings
            .iter()
            .find(|w| w.id == WarningId::DirtyKrel)
            .expect("a dirty-krel warning");
        assert!(w.message.len() < 200, "{}", w.message.len());
        assert!(w.message.contains("(v0.20.3-xxx"), "{}", w.message);
    }

    /// kubernetes/sig-release#2731 added the release-signal item in a commit dated 2025-03-14
    /// (c8a97fe9), but that commit sat on the PR's branch: master's template (its first-parent
    /// history) gained the item with the merge cf45726f on 2025-05-21. Issues opened in between
    /// were written from a template without it, so relcut dates the item by the merge.
    #[test]
    fn the_release_signal_item_arrived_with_the_merge_of_2731() {
        use crate::step::StepId;
        assert_eq!(
            StepId::ReleaseSignal.spec().in_template_since,
            Some("2025-05-21")
        );
        assert!(TEMPLATE_GENERATIONS
            .iter()
            .any(|(d, url)| *d == "2025-05-21"
                && url.contains("/cf45726fe9680f88c240808ee404072a78608772/")));
        assert!(TEMPLATE_GENERATIONS.iter().all(|(d, _)| *d != "2025-03-14"));
        let rc = |created: &str| {
            super::super::read(super::super::IssueInput {
                title: Some("Cut v1.33.0-rc.0 release"),
                body: "## Release Steps\n\n- [ ] Create a thread on #release-management:\n",
                created_at: Some(created),
            })
        };
        let names_signal = |created: &str| {
            rc(created)
                .warnings
                .iter()
                .any(|w| w.id == WarningId::MissingItems && w.message.contains("release-signal"))
        };
        assert!(!names_signal("2025-04-01T00:00:00Z"));
        assert!(!names_signal("2025-05-20T00:00:00Z"));
        assert!(names_signal("2025-05-21T00:00:00Z"));
    }
}
