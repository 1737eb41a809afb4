//! Every cut in flight at a glance (`relcut cuts`): the open cut issues of a repository, each
//! read like `relcut status` reads one, and the collisions between them.
//!
//! Two rules, each with the handbook's reason:
//! - two cuts scheduled on the same day get [`WarningId::SameDay`] (the same handbook note:
//!   cuts "can sometimes overlap with other release activities"), except patch cuts among
//!   themselves: each month's patch releases of the supported minors are cut together
//!   ([`source::PATCHES_CUT_TOGETHER`]);
//! - a pre-release scheduled within [`PATCH_WINDOW_DAYS`] days of an open patch cut gets
//!   [`WarningId::PatchInProgress`]: the handbook asks to "ensure that there are no patch
//!   releases in progress" before a pre-release ([`source::NO_PATCH_IN_PROGRESS`]).
//!   kubernetes/sig-release#2954 (v1.36.0-alpha.1, scheduled 2026-02-04) was held by the
//!   January patches, scheduled 2026-01-28 and still open: seven days apart.

use std::fmt::Write as _;

use chrono::NaiveDate;
use serde::Serialize;

use crate::checklist::{self, CutIssue, IssueInput, StepState, Warning, WarningId};
use crate::source;
use crate::step::StepId;
use crate::version::CutKind;

/// A pre-release scheduled this many days or fewer from an open patch cut is warned about.
pub const PATCH_WINDOW_DAYS: i64 = 7;

/// One open issue of the listing, as GitHub gave it.
#[derive(Debug, Clone, Copy)]
pub struct Listed<'a> {
    pub number: u64,
    pub title: &'a str,
    pub body: &'a str,
    pub created_at: Option<&'a str>,
    pub assignees: &'a [String],
    /// The Action told the go of the promotion gate (it labelled the issue `relcut: go`).
    pub go_labelled: bool,
}

/// Where a cut stands at its promotion gate, the wait between the promotion PR and the no-mock
/// release, as the issue shows it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Gate {
    /// Image promotion not started.
    NotReached,
    /// The promotion PR is open or merged, its promotion job not yet known good.
    Waiting,
    /// The promotion job succeeded (the gate step is done, the no-mock release is done, or the
    /// Action labelled the issue).
    Go,
}

impl Gate {
    pub fn as_str(self) -> &'static str {
        match self {
            Gate::NotReached => "not-reached",
            Gate::Waiting => "waiting",
            Gate::Go => "go",
        }
    }

    fn of(reading: &CutIssue, go_labelled: bool) -> Gate {
        let state = |id| reading.step(id).map(|s| s.state);
        let done = |id| state(id) == Some(StepState::Done);
        if go_labelled || done(StepId::PromotionJob) || done(StepId::NomockRelease) {
            Gate::Go
        } else if matches!(
            state(StepId::ImagePromotion),
            Some(StepState::Done | StepState::InProgress)
        ) {
            Gate::Waiting
        } else {
            Gate::NotReached
        }
    }
}

/// One cut: its issue, where it stands, and what collides with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cut {
    pub number: u64,
    /// The tag the title names (`None`: the title names no release).
    pub tag: Option<String>,
    #[serde(rename = "type")]
    pub kind: Option<CutKind>,
    /// `YYYY-MM-DD`, when the issue's "Scheduled to happen" can be read.
    pub scheduled: Option<String>,
    pub done: usize,
    pub total: usize,
    pub next: Option<StepId>,
    pub gate: Gate,
    pub assignees: Vec<String>,
    pub warnings: Vec<Warning>,
}

/// The report of `relcut cuts`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Cuts {
    /// `owner/name`, for the text's heading.
    #[serde(skip)]
    pub repo: String,
    pub cuts: Vec<Cut>,
}

/// A cut issue by its title: it starts with `Cut ` or names a release the way cut titles do
/// (`[WIP] Cut v1.35.3 release`).
pub fn is_cut_title(title: &str) -> bool {
    title.trim_start().starts_with("Cut ") || checklist::version_from_title(title).is_some()
}

/// Reads the cut issues among `listed` (other issues are left out), scheduled day first, and
/// warns about collisions.
pub fn cuts(repo: &str, listed: &[Listed<'_>]) -> Cuts {
    let mut cuts: Vec<Cut> = listed
        .iter()
        .filter(|l| is_cut_title(l.title))
        .map(|l| {
            let reading = checklist::read(IssueInput {
                title: Some(l.title),
                body: l.body,
                created_at: l.created_at,
            });
            let (done, total) = reading.progress();
            Cut {
                number: l.number,
                tag: reading.version.map(|v| v.to_string()),
                kind: reading.cut,
                scheduled: reading.scheduled.clone(),
                done,
                total,
                next: reading.next,
                gate: Gate::of(&reading, l.go_labelled),
                assignees: l.assignees.to_vec(),
                warnings: Vec::new(),
            }
        })
        .collect();
    cuts.sort_by(|a, b| {
        (a.scheduled.is_none(), &a.scheduled, a.number).cmp(&(
            b.scheduled.is_none(),
            &b.scheduled,
            b.number,
        ))
    });
    let found = collisions(&cuts);
    for (i, w) in found {
        cuts[i].warnings.push(w);
    }
    Cuts {
        repo: repo.to_string(),
        cuts,
    }
}

fn day(c: &Cut) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(c.scheduled.as_deref()?, "%Y-%m-%d").ok()
}

fn name(c: &Cut) -> String {
    match &c.tag {
        Some(t) => format!("{t} (#{})", c.number),
        None => format!("#{}", c.number),
    }
}

/// The warnings of every pair, each on the cut it concerns.
fn collisions(cuts: &[Cut]) -> Vec<(usize, Warning)> {
    let mut out = Vec::new();
    for (i, a) in cuts.iter().enumerate() {
        for (_, b) in cuts.iter().enumerate().filter(|(j, _)| *j != i) {
            let (Some(da), Some(db)) = (day(a), day(b)) else {
                continue;
            };
            let both_patches = a.kind == Some(CutKind::Patch) && b.kind == Some(CutKind::Patch);
            if da == db && !both_patches {
                out.push((
                    i,
                    Warning::new(
                        WarningId::SameDay,
                        None,
                        format!(
                            "{} is scheduled the same day ({da}) as {}: two cuts in one day overlap; move one, or agree on the order with @release-managers",
                            name(a),
                            name(b)
                        ),
                    )
                    .citing(source::NO_PATCH_IN_PROGRESS),
                ));
            } else if is_pre_release(a)
                && b.kind == Some(CutKind::Patch)
                && (da - db).num_days().abs() <= PATCH_WINDOW_DAYS
            {
                out.push((
                    i,
                    Warning::new(
                        WarningId::PatchInProgress,
                        None,
                        format!(
                            "{} is scheduled {da} while the patch cut {} is open (scheduled {db}): ensure no patch release is in progress, coordinating with @release-managers",
                            name(a),
                            name(b)
                        ),
                    )
                    .citing(source::NO_PATCH_IN_PROGRESS),
                ));
            }
        }
    }
    out
}

fn is_pre_release(c: &Cut) -> bool {
    matches!(
        c.kind,
        Some(CutKind::Alpha | CutKind::Beta | CutKind::FirstRc | CutKind::Rc)
    )
}

impl Cuts {
    /// One line per cut, aligned, its warnings below it.
    pub fn text(&self) -> String {
        if self.cuts.is_empty() {
            return format!("no open cut issues in {}\n", self.repo);
        }
        let rows: Vec<[String; 7]> = self
            .cuts
            .iter()
            .map(|c| {
                [
                    format!("#{}", c.number),
                    c.tag.clone().unwrap_or_else(|| "(no tag)".into()),
                    c.kind.map_or("-", kind_str).to_string(),
                    c.scheduled.clone().unwrap_or_else(|| "(no date)".into()),
                    format!("{}/{}", c.done, c.total),
                    format!("next {}", c.next.map_or("(none: all done)", StepId::as_str)),
                    format!("gate {}", c.gate.as_str()),
                ]
            })
            .collect();
        let mut widths = [0usize; 7];
        for row in &rows {
            for (w, cell) in widths.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let n = self.cuts.len();
        let mut out = format!(
            "{n} open cut issue{} in {}\n",
            if n == 1 { "" } else { "s" },
            self.repo
        );
        for (c, row) in self.cuts.iter().zip(&rows) {
            for (cell, w) in row.iter().zip(widths) {
                let _ = write!(out, "{cell:<w$}  ");
            }
            out.push_str(&assignees(&c.assignees));
            out.push('\n');
            for w in &c.warnings {
                let _ = writeln!(out, "  ! {}: {w}", w.id);
            }
        }
        out
    }
}

fn kind_str(k: CutKind) -> &'static str {
    match k {
        CutKind::Alpha => "alpha",
        CutKind::Beta => "beta",
        CutKind::FirstRc => "first-rc",
        CutKind::Rc => "rc",
        CutKind::Minor => "minor",
        CutKind::Patch => "patch",
    }
}

/// `@a @b`, or `(unassigned)`; logins are outside text, so nothing but printable characters.
fn assignees(logins: &[String]) -> String {
    if logins.is_empty() {
        return "(unassigned)".into();
    }
    logins
        .iter()
        .map(|l| {
            format!(
                "@{}",
                l.chars().filter(|c| !c.is_control()).collect::<String>()
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(scheduled: &str) -> String {
        format!(
            "## Scheduled to happen: {scheduled}\n\n## Release Steps\n\n- [x] Create a thread on #release-management: https://kubernetes.slack.com/archives/CJH2GBF7Y/p1770397148246879\n- [ ] Screenshot unhealthy release branch testgrid boards\n- NoMock Run\n  - [ ] Stage\n  - [ ] Image Promotion PR:\n  - [ ] Release\n"
        )
    }

    fn listed<'a>(number: u64, title: &'a str, body: &'a str, who: &'a [String]) -> Listed<'a> {
        Listed {
            number,
            title,
            body,
            created_at: None,
            assignees: who,
            go_labelled: false,
        }
    }

    #[test]
    fn a_pre_release_a_week_after_open_patches_is_warned_as_2954_was() {
        let who = vec!["aibarbetta".to_string()];
        let (alpha, patch, other) = (
            body("Wednesday 4th February 2026"),
            body("Wed, 2026-01-28"),
            body("Wed, 2026-01-28"),
        );
        let report = cuts(
            "kubernetes/sig-release",
            &[
                listed(2954, "Cut v1.36.0-alpha.1 release", &alpha, &who),
                listed(2950, "Cut v1.33.8 release", &patch, &[]),
                listed(2951, "Cut v1.32.12 release", &other, &[]),
                listed(2900, "Improve release cut docs", "", &[]),
            ],
        );
        let numbers: Vec<u64> = report.cuts.iter().map(|c| c.number).collect();
        assert_eq!(numbers, [2950, 2951, 2954], "by day, not a cut left out");
        // Patches of two branches on one day: no warning.
        assert!(report.cuts[0].warnings.is_empty(), "{:?}", report.cuts[0]);
        let alpha = &report.cuts[2];
        assert_eq!(alpha.scheduled.as_deref(), Some("2026-02-04"));
        assert_eq!(alpha.warnings.len(), 2);
        assert!(alpha
            .warnings
            .iter()
            .all(|w| w.id == WarningId::PatchInProgress
                && w.source == Some(source::NO_PATCH_IN_PROGRESS)));
        assert!(alpha.warnings[0].message.contains("v1.33.8 (#2950)"));
        assert_eq!(alpha.assignees, who);
    }

    #[test]
    fn same_day_cuts_warn_each_other() {
        let (a, b) = (body("2026-04-07"), body("Tue, 2026-04-07"));
        let report = cuts(
            "o/r",
            &[
                listed(1, "Cut v1.36.0-rc.1 release", &a, &[]),
                listed(2, "Cut v1.35.4 release", &b, &[]),
            ],
        );
        for c in &report.cuts {
            let ids: Vec<WarningId> = c.warnings.iter().map(|w| w.id).collect();
            assert_eq!(ids, [WarningId::SameDay], "{c:?}");
        }
        // Apart by more than the window: nothing.
        let far = body("2026-04-20");
        let report = cuts(
            "o/r",
            &[
                listed(1, "Cut v1.36.0-rc.1 release", &far, &[]),
                listed(2, "Cut v1.35.4 release", &b, &[]),
            ],
        );
        assert!(report.cuts.iter().all(|c| c.warnings.is_empty()));
    }

    #[test]
    fn steps_next_and_gate_as_status_reads_them() {
        let b = body("2026-04-07");
        let report = cuts("o/r", &[listed(7, "Cut v1.36.0-rc.1 release", &b, &[])]);
        let c = &report.cuts[0];
        let status = checklist::read(IssueInput {
            title: Some("Cut v1.36.0-rc.1 release"),
            body: &b,
            created_at: None,
        });
        assert_eq!((c.done, c.total), status.progress());
        assert_eq!(c.next, status.next);
        assert_eq!(c.gate, Gate::NotReached);
        let mut go = listed(7, "Cut v1.36.0-rc.1 release", &b, &[]);
        go.go_labelled = true;
        assert_eq!(cuts("o/r", &[go]).cuts[0].gate, Gate::Go);
        let json = serde_json::to_value(&report).unwrap();
        let mut keys: Vec<&str> = json["cuts"][0]
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        keys.sort_unstable();
        assert_eq!(
            keys,
            [
                "assignees",
                "done",
                "gate",
                "next",
                "number",
                "scheduled",
                "tag",
                "total",
                "type",
                "warnings"
            ]
        );
        assert_eq!(json.as_object().unwrap().len(), 1);
    }

    #[test]
    fn text_lines_up_and_names_the_repository() {
        let (a, b) = (body("2026-04-07"), body("2026-04-07"));
        let who = vec!["alice".to_string(), "bob\u{1b}[2J".to_string()];
        let report = cuts(
            "kubernetes/sig-release",
            &[
                listed(3200, "Cut v1.36.0-rc.1 release", &a, &who),
                listed(3201, "Cut v1.35.4 release", &b, &[]),
            ],
        );
        insta::assert_snapshot!(report.text());
        assert_eq!(
            cuts("kubernetes/sig-release", &[]).text(),
            "no open cut issues in kubernetes/sig-release\n"
        );
    }
}
