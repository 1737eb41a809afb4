//! The sig-release cut issue: read any generation of it since 2019, say where the cut stands and
//! what comes next, write a new one, tick a step.
//!
//! Checkbox state on real issues is unreliable (closed issues with nothing ticked, links next to
//! unticked boxes, ticked boxes with no links), so each step reports what was seen (`checked`,
//! its evidence links) beside the conclusion (`state`), and doubts become warnings.
//!
//! Reading runs in passes: the Markdown walk (`parse`), items to steps (`items`), the jobs
//! history and the cut's rules (`rules`), then the checks (`checks`).

mod checks;
mod dates;
mod front_matter;
mod items;
mod krel_version;
mod parse;
mod promo_check;
mod render;
mod report;
mod rules;
mod tick;
mod title;
mod warning;

use serde::Serialize;

use crate::evidence::Link;
use crate::history::{self, HistoryRow};
use crate::plan::{self, PlanRequest, StepId};
use crate::step::Options;
use crate::version::{Branch, CutKind, ReleaseType, Tag};

pub(crate) use dates::parse_date;
pub use front_matter::{split_front_matter, Document};
pub use krel_version::KrelVersion;
pub use promo_check::{Coverage, LinkedPr, PromotionCheck, MAX_PROMOTION_PRS};
pub use render::{render, title};
pub use report::{GateLight, GateReport, Shown, StatusReport};
pub use tick::{check_link, tick, TickError};
pub use title::version_from_title;
pub use warning::{Warning, WarningId};

/// What the reader concludes for a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum StepState {
    Done,
    /// Its evidence is linked but its box is not ticked: a linked PR proves it was opened, not
    /// merged, so the cut waits here until the release manager ticks it.
    InProgress,
    Open,
    Skipped,
}

impl StepState {
    pub fn mark(self) -> &'static str {
        match self {
            Self::Done => "[x]",
            Self::InProgress => "[~]",
            Self::Open => "[ ]",
            Self::Skipped => "[-]",
        }
    }

    /// Not finished and not skipped: open or in progress.
    pub(crate) fn is_pending(self) -> bool {
        matches!(self, Self::Open | Self::InProgress)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Done => "done",
            Self::InProgress => "in-progress",
            Self::Open => "open",
            Self::Skipped => "skipped",
        }
    }
}

/// Where a step was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    /// A checklist item.
    Checkbox,
    /// A plain bullet (the E3+ groups have none; some hand-edited items lost theirs).
    Bullet,
    /// Only the jobs history table shows it.
    History,
    /// An item still inside an HTML comment.
    Comment,
    /// relcut's own gate between the promotion PR and the no-mock release: no template item
    /// has it, but a cut must not go past it.
    Gate,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StepReading {
    pub id: StepId,
    pub label: String,
    pub state: StepState,
    pub checked: bool,
    /// Evidence URLs on the item and its plain child bullets (placeholders and references left out).
    pub links: Vec<String>,
    pub evidence: Vec<Link>,
    /// 1-based line in the body.
    pub line: usize,
    pub source: Source,
    /// Why the step counts as skipped, or done without a tick.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// Where the process rule behind `reason` is written down (`source` is taken: it says
    /// where the step was found).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason_source: Option<crate::source::Source>,
    /// Lines of further items for the same step (one notify item per channel, say): their
    /// links are in `links` too.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub more_lines: Vec<usize>,
    #[serde(skip)]
    item: Option<usize>,
}

/// An item of an older template that relcut has no step for (the packages item before
/// 2023-10-18): shown as history, never counted, never warned about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RetiredReading {
    /// The retired item's stable id (`packages`).
    pub item: &'static str,
    pub title: &'static str,
    pub label: String,
    pub checked: bool,
    pub links: Vec<String>,
    /// 1-based line in the body.
    pub line: usize,
    /// The first and last day the template had the item.
    pub in_template_from: &'static str,
    pub in_template_until: &'static str,
    /// Why relcut has no step for it.
    pub reason: &'static str,
    pub source: crate::source::Source,
}

impl RetiredReading {
    fn new(
        spec: &'static crate::step::RetiredItem,
        label: String,
        checked: bool,
        line: usize,
        links: Vec<String>,
    ) -> RetiredReading {
        RetiredReading {
            item: spec.name,
            title: spec.title,
            label,
            checked,
            links,
            line,
            in_template_from: spec.era.0,
            in_template_until: spec.era.1,
            reason: spec.why,
            source: spec.source,
        }
    }
}

/// A cut issue, as read.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CutIssue {
    pub title: Option<String>,
    pub version: Option<Tag>,
    pub release_type: Option<ReleaseType>,
    pub branch: Option<Branch>,
    pub cut: Option<CutKind>,
    /// `YYYY-MM-DD` when a date could be read.
    pub scheduled: Option<String>,
    /// The text after "Scheduled to happen", as written.
    pub scheduled_text: Option<String>,
    /// `YYYY-MM-DD`: the day whose template and rules the issue is read against (its
    /// creation, else its scheduled day); `None`: today's.
    pub opened: Option<String>,
    pub krel_version: Option<KrelVersion>,
    pub steps: Vec<StepReading>,
    /// Items of older templates that relcut has no step for, in body order.
    pub retired: Vec<RetiredReading>,
    /// The linked promotion PRs against the cut's tags, when the issue links any.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub promotion_check: Option<PromotionCheck>,
    pub next: Option<StepId>,
    pub warnings: Vec<Warning>,
    pub history: Vec<HistoryRow>,
    /// The process rules of the day the issue was opened (a patch's mock runs were required
    /// before kubernetes/sig-release#2981).
    #[serde(skip)]
    options: Options,
}

/// What to read: the body, and what the issue says besides.
#[derive(Debug, Clone, Copy, Default)]
pub struct IssueInput<'a> {
    pub title: Option<&'a str>,
    pub body: &'a str,
    /// The issue's `created_at` (RFC 3339), to catch a scheduled date from the wrong year.
    pub created_at: Option<&'a str>,
}

/// Reads a cut issue.
pub fn read(input: IssueInput<'_>) -> CutIssue {
    let body = input.body;
    let doc = parse::parse(body);
    let version = input.title.and_then(version_from_title);
    let cut = version.and_then(|v| v.cut_kind().ok());
    let mut warnings: Vec<Warning> = title::check(input.title, version).into_iter().collect();
    warnings.extend(title::never_cut(version));

    let (scheduled, scheduled_text, far) = dates::scheduled(&doc, input.created_at);
    // The template the issue was opened from, and the rules of that day: of its creation day,
    // else of its scheduled day, else today's.
    let opened = input
        .created_at
        .and_then(|c| c.get(..10))
        .and_then(parse_date)
        .or_else(|| scheduled.clone());
    let options = Options::of_day(opened.as_deref());

    let mapped = items::map(&doc, cut == Some(CutKind::Patch));
    let mut steps = mapped.steps;
    warnings.extend(mapped.warnings);
    let hist = history::parse(body);
    warnings.extend(rules::merge_history(&mut steps, &hist));
    warnings.extend(rules::commented(&mut steps, &doc, version));
    warnings.extend(rules::apply_cut(&mut steps, cut));
    rules::skip_unasked(&mut steps, cut, options);
    rules::settle_in_progress(&mut steps);
    rules::promotion_gate(&mut steps);
    steps.sort_by_key(|s| s.id);

    let krel_version = krel_version::find(body);
    let facts = checks::Facts {
        body,
        doc: &doc,
        cut,
        steps: &steps,
        krel_version: krel_version.as_ref(),
        opened: opened.as_deref(),
        options,
    };
    warnings.extend(checks::CHECKS.iter().flat_map(|check| check(&facts)));
    let (promotion_check, promo_warning) =
        promo_check::check(body, &doc, &steps, version, opened.as_deref());
    warnings.extend(promo_warning);
    warnings.extend(promo_check::too_many(&steps));
    warnings.extend(far);

    let mut issue = CutIssue {
        title: input.title.map(|t| t.trim().to_string()),
        version,
        release_type: version.map(|v| v.release_type()),
        branch: version.map(branch_of_its_day),
        cut,
        scheduled,
        scheduled_text,
        opened,
        krel_version,
        steps,
        retired: mapped.retired,
        promotion_check,
        next: None,
        warnings,
        history: hist,
        options,
    };
    issue.next = issue.compute_next();
    issue
}

/// The branch the cut was made from in its day. Until the 1.20 cycle moved the branch creation
/// to rc.0 (kubernetes/sig-release#1300, 2020-10-20: "Move 1.20 branch/jobs creation to rc.0"),
/// beta.0 created `release-1.X`, so the betas of 1.19 and older were cut from it; krel's rule
/// for betas today is master.
fn branch_of_its_day(v: Tag) -> Branch {
    match v.pre {
        Some(crate::version::PreRelease::Beta(_)) if v.major == 1 && v.minor <= 19 => {
            v.release_branch()
        }
        _ => v.branch(),
    }
}

impl CutIssue {
    pub fn step(&self, id: StepId) -> Option<&StepReading> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// Whether this cut, under the rules of the issue's day, waits for the step.
    pub(crate) fn requires(&self, id: StepId) -> bool {
        self.cut
            .is_none_or(|kind| id.spec().applies(kind, self.options).is_required())
    }

    /// The first open step that this cut needs, in process order. Optional steps (a patch's mock
    /// runs since kubernetes/sig-release#2981, its release signal) are not "next".
    fn compute_next(&self) -> Option<StepId> {
        let first = self
            .steps
            .iter()
            .filter(|s| s.state.is_pending())
            .find(|s| self.requires(s.id))?;
        // A linked but unticked promotion PR leaves only its merge to do, and the gate's check
        // follows the merge and then the job of the merge commit: the gate is what comes next.
        let gate_pending = self
            .step(StepId::PromotionJob)
            .is_some_and(|g| g.state.is_pending());
        if first.id == StepId::ImagePromotion
            && first.state == StepState::InProgress
            && gate_pending
            && !self.promotion_prs().is_empty()
        {
            return Some(StepId::PromotionJob);
        }
        Some(first.id)
    }

    /// The plan of this cut, with what the issue knows filled in: the build versions from the
    /// jobs history, the scheduled date.
    pub fn plan(&self, fork: Option<&str>) -> Option<plan::Plan> {
        let v = self.version?;
        let req = PlanRequest {
            tag: v.to_string(),
            fork: fork.map(str::to_string),
            date: self.history_date().or_else(|| self.scheduled.clone()),
            // A patch opened before kubernetes/sig-release#2981 still runs its mock steps.
            with_mock: self.options.with_mock,
            ..PlanRequest::default()
        };
        let base = plan::plan(&req).ok()?;
        // Each release uses the build version of its own stage job.
        let mut out = base.clone();
        for (release, stage) in [
            (StepId::MockRelease, StepId::MockStage),
            (StepId::NomockRelease, StepId::NomockStage),
        ] {
            let Some(bv) =
                history::last_for(&self.history, stage).and_then(|r| r.build_version.clone())
            else {
                continue;
            };
            let staged = match release {
                StepId::MockRelease => PlanRequest {
                    mock_build_version: Some(bv),
                    ..req.clone()
                },
                _ => PlanRequest {
                    build_version: Some(bv),
                    ..req.clone()
                },
            };
            if let Ok(p) = plan::plan(&staged) {
                if let (Some(dst), Some(src)) = (
                    out.steps.iter_mut().find(|s| s.id == release),
                    p.step(release),
                ) {
                    dst.commands.clone_from(&src.commands);
                    dst.notes.clone_from(&src.notes);
                }
            }
        }
        // A patch opened before #2981 ran its mock steps as a matter of course, not as an
        // extra that `--with-mock` adds back.
        if self.options.with_mock && self.cut == Some(CutKind::Patch) {
            let added_back = crate::step::patch_mock_note();
            for step in out
                .steps
                .iter_mut()
                .filter(|s| matches!(s.id, StepId::MockStage | StepId::MockRelease))
            {
                step.notes.retain(|n| *n != added_back);
                step.notes.push(format!(
                    "this issue was opened before {}, when patch releases still ran the mock stage and release",
                    crate::source::PATCH_SKIPS_MOCK
                ));
            }
        }
        // Offline, the gate is checked with the PR numbers the issue links.
        let prs = self.promotion_prs();
        if let Some(gate) = out.steps.iter_mut().find(|s| s.id == StepId::PromotionJob) {
            if !prs.is_empty() {
                gate.commands = prs
                    .iter()
                    .map(|n| format!("relcut check promotion-job --pr {n}"))
                    .collect();
            }
        }
        Some(out)
    }

    /// What the cut promotes, by the rules of the issue's day.
    pub fn promotion(&self) -> Option<crate::promotion::Promotion> {
        let rules = crate::promotion::Rules::on(self.opened.as_deref());
        crate::promotion::promotion(&self.version?, rules, None).ok()
    }

    /// What the Action's live gate learnt from GitHub and prow: every linked promotion PR is
    /// merged (`image-promotion` is then done, whatever its box says), and, when every job of
    /// their merge commits succeeded with the right tags, the runs (`promotion-job` is done with
    /// them as its links). `next` moves on accordingly.
    pub(crate) fn settle_promotion(&mut self, all_merged: bool, succeeded_runs: Option<&[String]>) {
        if all_merged {
            if let Some(s) = self
                .steps
                .iter_mut()
                .find(|s| s.id == StepId::ImagePromotion && s.state == StepState::InProgress)
            {
                s.state = StepState::Done;
                s.reason = Some("merged, as GitHub says: tick the box".into());
            }
        }
        if let Some(runs) = succeeded_runs {
            if let Some(g) = self
                .steps
                .iter_mut()
                .find(|s| s.id == StepId::PromotionJob && s.state.is_pending())
            {
                g.state = StepState::Done;
                g.links = runs.to_vec();
                g.evidence = runs.iter().map(|u| Link::new(u)).collect();
                g.reason = Some("succeeded, as prow says".into());
            }
        }
        self.next = self.compute_next();
    }

    /// The kubernetes/k8s.io PR numbers linked on the image-promotion step (two for an rc.0 in
    /// the two-PR form), at most [`promo_check::MAX_PROMOTION_PRS`]: each costs the Action a
    /// pull-request read and a prow lookup, so 300 links cost what 4 do (the rest are named in
    /// the `too-many-promotion-prs` warning).
    pub fn promotion_prs(&self) -> Vec<u64> {
        promo_check::promotion_prs_to_check(&promo_check::all_prs(&self.steps)).0
    }

    /// The `--date-from` a release manager wrote into the metrics item (`krel history --branch
    /// release-1.35 --date-from 2026-03-18`): the day actually cut, when the template's
    /// `yyyy-mm-dd` was replaced.
    pub fn history_date(&self) -> Option<String> {
        let label = &self.step(StepId::Metrics)?.label;
        let rest = label.split("--date-from").nth(1)?.trim_start();
        parse_date(rest.get(..10)?)
    }

    /// Steps done out of the steps that count (not skipped).
    pub fn progress(&self) -> (usize, usize) {
        let counted: Vec<&StepReading> = self
            .steps
            .iter()
            .filter(|s| s.state != StepState::Skipped)
            .collect();
        (
            counted
                .iter()
                .filter(|s| s.state == StepState::Done)
                .count(),
            counted.len(),
        )
    }
}
