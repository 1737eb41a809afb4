//! The step table: everything relcut knows about each step of a cut, written once.
//!
//! One [`StepSpec`] per [`StepId`], in process order: its id and title, the line the current
//! sig-release template has for it, how to recognise it in every template era, the links that
//! prove it, how it shows in the jobs history (its `krel history` label, its name in the chart),
//! its estimate, which cuts need it, and its commands and notes for one cut ([`commands`]). The
//! plan, the cut-issue reader and renderer, the history tables and chart and the comment help
//! all read from here.
//!
//! The step ids are a contract: the cut-issue reader, the Action's status comment and the `tick`
//! command all speak in them.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

mod commands;

pub(crate) use commands::{obs_note, patch_mock_note, Cut, Planned};

use crate::evidence::LinkKind;
use crate::source::{self, Source};
use crate::version::CutKind;

/// One step of a cut, in process order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StepId {
    Tools,
    KrelVersion,
    ReleaseSignal,
    SlackThread,
    Testgrid,
    PublishingBot,
    MockStage,
    MockRelease,
    NomockStage,
    ImagePromotion,
    PromotionJob,
    NomockRelease,
    Email,
    SlackNotify,
    Schedule,
    Metrics,
    BranchCreationTasks,
    CodeThaw,
    Cleanup,
}

/// Whether a cut needs a step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applies {
    Required,
    /// Done when it is done, but the cut does not wait for it.
    Optional {
        reason: &'static str,
        /// The decision that made it optional, to cite.
        source: Option<Source>,
        /// The plan lists it without being asked; `false` for steps the process skips unless
        /// asked (a patch's mock runs, added back by `--with-mock`).
        planned: bool,
    },
    NotApplicable {
        reason: &'static str,
    },
}

impl Applies {
    /// The cut does the step at all (required or optional).
    pub fn applies(self) -> bool {
        !matches!(self, Self::NotApplicable { .. })
    }

    pub(crate) fn is_required(self) -> bool {
        self == Self::Required
    }
}

/// The two groups of stage/release items in the cut issue.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Mock,
    Nomock,
}

impl Group {
    /// The group's bullet in the current template.
    pub fn title(self) -> &'static str {
        match self {
            Self::Mock => "Mock Run",
            Self::Nomock => "NoMock Run",
        }
    }

    /// The group a bullet opens (lower-cased text, emphasis stripped), in any template era.
    pub fn of(lower: &str) -> Option<Group> {
        if ["nomock run", "no-mock run", "no mock run"]
            .iter()
            .any(|p| lower.starts_with(p))
        {
            Some(Self::Nomock)
        } else if lower.starts_with("mock run") {
            Some(Self::Mock)
        } else {
            None
        }
    }
}

/// The step's item in the current template (sig-release, 2026-05-28).
#[derive(Debug, Clone, Copy)]
pub struct TemplateItem {
    /// The group bullet it sits under, if any.
    pub group: Option<Group>,
    /// The item's text after `- [ ] `. `{tag}`, `{branch}`, `{minor}` (`1.35`) and
    /// `{next_minor}` (`1.36`) are filled in for the cut.
    pub text: &'static str,
    /// A cut for which the step is optional gets the item inside an HTML comment (the mock
    /// block of a patch release), not as a plain item.
    pub commented_when_optional: bool,
}

/// What the template does with a step's item for one cut.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Presence {
    Item,
    Commented,
    Absent,
}

/// How to recognise a step's item in the cut issue, whatever the template era. Matched on the
/// lower-cased text with leading emphasis stripped.
#[derive(Debug, Clone, Copy, Default)]
pub struct Recognise {
    /// Any of these anywhere in the text.
    pub contains: &'static [&'static str],
    /// The first word, and (if not empty) one of these anywhere: weaker than `contains`.
    pub first_word: Option<(&'static str, &'static [&'static str])>,
    /// The first word of an item under a [`Group`] bullet (`Stage`, `Release`).
    pub in_group: Option<(Group, &'static str)>,
}

/// Everything about one step.
pub struct StepSpec {
    pub id: StepId,
    /// The stable id (`mock-stage`).
    pub name: &'static str,
    pub title: &'static str,
    pub template: Option<TemplateItem>,
    pub recognise: Recognise,
    /// The kinds of link that prove the step was done, the most telling first.
    pub proof: &'static [LinkKind],
    /// A ticked item without a link is suspect.
    pub wants_link: bool,
    /// How the step shows in the cut issue's jobs history table, for the steps it has a row for.
    pub history: Option<InHistory>,
    pub estimate_minutes: u32,
    /// The step's commands, notes and sources for one cut ([`commands`]).
    plan: fn(&Cut<'_>, Applies) -> Planned,
    /// What finishes the step: what `next` says while the step is in progress.
    pub done_when: &'static str,
    /// The day sig-release's template got the step's item (the merge of the PR that added it):
    /// an issue opened before then is not expected to have it.
    pub in_template_since: Option<&'static str>,
    applies: fn(CutKind, Options) -> Applies,
}

/// A job krel runs and `krel history` lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Stage,
    Release,
}

/// How a step shows in the cut issue's jobs history table.
#[derive(Debug, Clone, Copy)]
pub struct InHistory {
    /// Its STEP cell in `krel history` (`mock stage`), for the jobs krel runs.
    pub label: Option<&'static str>,
    /// The krel job it is, and whether it is the mock run: how a row is read whose STEP cell
    /// is written another way (`Stage`, `mock-release`) or left to the command.
    pub job: Option<(Job, bool)>,
    /// Words that name the step in the STEP cell of tables written by hand (`Image promotion`).
    pub words: &'static [&'static str],
    /// Its name in the history chart, where the no-mock runs say so.
    pub chart: Option<&'static str>,
}

/// A job krel runs: its `krel history` label, its name in the chart, which job it is.
const fn krel_job(
    label: &'static str,
    chart: &'static str,
    job: Job,
    mock: bool,
) -> Option<InHistory> {
    Some(InHistory {
        label: Some(label),
        job: Some((job, mock)),
        words: &[],
        chart: Some(chart),
    })
}

/// A step only hand-written tables have a row for, named by one of `words`.
const fn named(words: &'static [&'static str]) -> Option<InHistory> {
    Some(InHistory {
        label: None,
        job: None,
        words,
        chart: None,
    })
}

/// What changes a step's applicability besides the kind of cut.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Make the mock steps of a patch release required.
    pub with_mock: bool,
}

impl Options {
    /// The rules of the day a cut issue was opened (`YYYY-MM-DD`; unknown reads as today):
    /// until kubernetes/sig-release#2981 a patch ran the mock stage and release like any cut.
    pub(crate) fn of_day(opened: Option<&str>) -> Options {
        Options {
            with_mock: opened.is_some_and(|day| day < source::PATCH_SKIPS_MOCK.date),
        }
    }
}

impl StepSpec {
    /// The kinds of link `tick` writes for this step (both front ends): its [`StepSpec::proof`],
    /// the kinds the reader takes as evidence; a step whose table lists no proof takes a link
    /// to its GitHub issue or pull request.
    pub fn tick_kinds(&self) -> &'static [LinkKind] {
        const ON_GITHUB: &[LinkKind] = &[
            LinkKind::GitHub,
            LinkKind::PromotionPr,
            LinkKind::WebsitePr,
            LinkKind::TestInfraPr,
            LinkKind::PublishingBotIssue,
        ];
        if self.proof.is_empty() {
            ON_GITHUB
        } else {
            self.proof
        }
    }

    pub fn applies(&self, kind: CutKind, options: Options) -> Applies {
        (self.applies)(kind, options)
    }

    /// The step's commands, notes and sources for `cut`, a cut that does it (`applies`).
    pub(crate) fn plan(&self, cut: &Cut<'_>, applies: Applies) -> Planned {
        (self.plan)(cut, applies)
    }

    /// The step's STEP cell in `krel history` (`mock stage`), for the jobs krel runs.
    pub(crate) fn history_label(&self) -> Option<&'static str> {
        self.history.and_then(|h| h.label)
    }

    /// The step's name in the history chart (`stage (no-mock)`).
    pub(crate) fn chart_label(&self) -> &'static str {
        self.history.and_then(|h| h.chart).unwrap_or(self.name)
    }

    /// What the current template renders for this step in a cut of `kind`.
    pub fn presence(&self, kind: CutKind) -> Presence {
        let Some(item) = self.template else {
            return Presence::Absent;
        };
        match self.applies(kind, Options::default()) {
            Applies::Required => Presence::Item,
            Applies::Optional { .. } if item.commented_when_optional => Presence::Commented,
            Applies::Optional { .. } => Presence::Item,
            Applies::NotApplicable { .. } => Presence::Absent,
        }
    }

    /// Whether `lower` (lower-cased item text, leading emphasis stripped, `first` its first
    /// word) names this step on its own, without a group. `strong` asks for the `contains`
    /// keywords only, `!strong` for the first-word rule only.
    pub(crate) fn named_by(&self, lower: &str, first: &str, strong: bool) -> bool {
        if strong {
            self.recognise.contains.iter().any(|k| lower.contains(k))
        } else {
            self.recognise.first_word.is_some_and(|(w, any)| {
                first == w && (any.is_empty() || any.iter().any(|k| lower.contains(k)))
            })
        }
    }
}

/// Where which cuts need a step is written down: the handbook's `[Patch only]`, `[RC.0 only]`,
/// `[Stable only]` and `(pre-releases only)` sections say it for every step that some cuts skip.
pub(crate) const STEP_KINDS_SOURCE: Source = source::RELEASE_CUTS_HANDBOOK;

fn always(_: CutKind, _: Options) -> Applies {
    Applies::Required
}

fn mock(kind: CutKind, o: Options) -> Applies {
    if kind == CutKind::Patch && !o.with_mock {
        Applies::Optional {
            reason: "patch releases skip the mock runs",
            source: Some(source::PATCH_SKIPS_MOCK),
            planned: false,
        }
    } else {
        Applies::Required
    }
}

fn only(kind: CutKind, want: CutKind, reason: &'static str) -> Applies {
    if kind == want {
        Applies::Required
    } else {
        Applies::NotApplicable { reason }
    }
}

const fn plain(text: &'static str) -> Option<TemplateItem> {
    Some(TemplateItem {
        group: None,
        text,
        commented_when_optional: false,
    })
}

const fn grouped(group: Group, text: &'static str) -> Option<TemplateItem> {
    Some(TemplateItem {
        group: Some(group),
        text,
        commented_when_optional: true,
    })
}

const fn words(contains: &'static [&'static str]) -> Recognise {
    Recognise {
        contains,
        first_word: None,
        in_group: None,
    }
}

const fn in_group(group: Group, word: &'static str) -> Recognise {
    Recognise {
        contains: &[],
        first_word: None,
        in_group: Some((group, word)),
    }
}

use LinkKind as L;

const NOTHING: Recognise = Recognise {
    contains: &[],
    first_word: None,
    in_group: None,
};

/// The table, in process order (the order of [`StepId`]).
pub static STEPS: [StepSpec; 19] = [
    // The handbook's prerequisites and step 1 (release-cuts.md, 2026-05-28): no item in the
    // cut issue, so they are planned but never read from one.
    StepSpec {
        id: StepId::Tools,
        name: "tools",
        title: "Update Go, gcloud, kpromo and schedule-builder, and recompile krel",
        template: None,
        recognise: NOTHING,
        proof: &[],
        wants_link: false,
        history: None,
        estimate_minutes: 15,
        plan: commands::tools,
        done_when: "krel is recompiled from an up-to-date kubernetes/release master",
        in_template_since: None,
        applies: always,
    },
    StepSpec {
        id: StepId::KrelVersion,
        name: "krel-version",
        title: "Open the cut issue and paste `krel version` into it",
        template: None,
        recognise: NOTHING,
        proof: &[],
        wants_link: false,
        history: None,
        estimate_minutes: 5,
        plan: commands::krel_version,
        done_when: "the `krel version` output is in the cut issue's Release Tools Version",
        in_template_since: None,
        applies: always,
    },
    StepSpec {
        id: StepId::ReleaseSignal,
        name: "release-signal",
        title: "Green signal from Release Signal on the day of the cut",
        template: plain(
            "Ensure a green signal has been given by Release Signal **on the day of the cut**",
        ),
        recognise: words(&["green signal"]),
        proof: &[L::Slack],
        wants_link: false,
        history: None,
        estimate_minutes: 5,
        plan: commands::release_signal,
        done_when: "Release Signal has given a green signal in #release-management",
        // The merge of kubernetes/sig-release#2731, not its commit's date (2025-03-14): see
        // checklist::checks' test of it.
        in_template_since: Some("2025-05-21"),
        applies: |kind, _| {
            if kind == CutKind::Patch {
                Applies::Optional {
                    reason: "the handbook asks for a green signal on pre-releases and minors",
                    source: Some(source::RELEASE_CUTS_HANDBOOK),
                    planned: true,
                }
            } else {
                Applies::Required
            }
        },
    },
    StepSpec {
        id: StepId::SlackThread,
        name: "slack-thread",
        title: "Open a thread in #release-management",
        template: plain("Create a thread on #release-management: <!-- Paste link to slack -->"),
        recognise: words(&["create a thread", "slack thread"]),
        proof: &[L::Slack],
        wants_link: true,
        history: None,
        estimate_minutes: 5,
        plan: commands::slack_thread,
        done_when: "the thread is started and linked on the cut issue",
        in_template_since: Some("2021-11-15"),
        applies: always,
    },
    StepSpec {
        id: StepId::Testgrid,
        name: "testgrid",
        title: "Post the unhealthy testgrid boards on the cut issue",
        template: plain("Screenshot unhealthy release branch testgrid boards"),
        recognise: words(&["screenshot", "screen shot", "testgrid"]),
        proof: &[L::GitHub, L::Testgrid],
        wants_link: false,
        history: None,
        estimate_minutes: 10,
        plan: commands::testgrid,
        done_when: "the testgrid comment is posted on the cut issue",
        in_template_since: Some("2019-02-25"),
        applies: always,
    },
    StepSpec {
        id: StepId::PublishingBot,
        name: "publishing-bot",
        title: "Check the publishing-bot is healthy",
        template: plain("Check the health of the publishing-bot <!-- check if https://github.com/kubernetes/kubernetes/issues/56876 is closed -->"),
        recognise: words(&["publishing-bot", "publishing bot"]),
        proof: &[],
        wants_link: false,
        history: None,
        estimate_minutes: 2,
        plan: commands::publishing_bot,
        done_when: "kubernetes/kubernetes#56876 is closed",
        in_template_since: Some("2023-02-15"),
        applies: always,
    },
    StepSpec {
        id: StepId::MockStage,
        name: "mock-stage",
        title: "Mock stage",
        template: grouped(Group::Mock, "Stage"),
        recognise: in_group(Group::Mock, "stage"),
        proof: &[L::CloudBuild],
        wants_link: false,
        history: krel_job("mock stage", "mock stage", Job::Stage, true),
        estimate_minutes: 120,
        plan: commands::mock_stage,
        done_when: "the mock stage job succeeded",
        in_template_since: Some("2019-02-25"),
        applies: mock,
    },
    StepSpec {
        id: StepId::MockRelease,
        name: "mock-release",
        title: "Mock release",
        template: grouped(Group::Mock, "Release"),
        recognise: in_group(Group::Mock, "release"),
        proof: &[L::CloudBuild],
        wants_link: false,
        history: krel_job("mock release", "mock release", Job::Release, true),
        estimate_minutes: 15,
        plan: commands::mock_release,
        done_when: "the mock release job succeeded",
        in_template_since: Some("2019-02-25"),
        applies: mock,
    },
    StepSpec {
        id: StepId::NomockStage,
        name: "nomock-stage",
        title: "No-mock stage",
        template: grouped(Group::Nomock, "Stage"),
        recognise: in_group(Group::Nomock, "stage"),
        proof: &[L::CloudBuild],
        wants_link: false,
        history: krel_job("stage", "stage (no-mock)", Job::Stage, false),
        estimate_minutes: 120,
        plan: commands::nomock_stage,
        done_when: "the no-mock stage job succeeded",
        in_template_since: Some("2019-02-25"),
        applies: always,
    },
    StepSpec {
        id: StepId::ImagePromotion,
        name: "image-promotion",
        title: "Image promotion PR in kubernetes/k8s.io",
        template: grouped(
            Group::Nomock,
            "Image Promotion PR: <!-- Paste Pull Request URL here -->",
        ),
        recognise: words(&["image promotion", "promotion pr", "promote images"]),
        proof: &[L::PromotionPr],
        wants_link: true,
        history: named(&["promotion"]),
        estimate_minutes: 30,
        plan: commands::image_promotion,
        done_when: "the promotion PR is merged (/lgtm and /approve from Release Managers, then /unhold)",
        // A checkbox since kubernetes/sig-release#1524 (merge f3f096ea); from 2020-09-29
        // (#1264) until then only a row of the jobs table.
        in_template_since: Some("2021-04-28"),
        applies: always,
    },
    StepSpec {
        id: StepId::PromotionJob,
        name: "promotion-job",
        title: "Wait for the image promotion job of your merge",
        template: None,
        recognise: Recognise {
            contains: &[],
            first_word: None,
            in_group: None,
        },
        proof: &[L::PromotionJob],
        wants_link: false,
        history: None,
        estimate_minutes: 60,
        plan: commands::promotion_job,
        done_when: "the post-k8sio-image-promo run of the PR's merge commit succeeded",
        in_template_since: None,
        applies: always,
    },
    StepSpec {
        id: StepId::NomockRelease,
        name: "nomock-release",
        title: "No-mock release",
        template: grouped(Group::Nomock, "Release"),
        recognise: in_group(Group::Nomock, "release"),
        proof: &[L::CloudBuild],
        wants_link: false,
        history: krel_job("release", "release (no-mock)", Job::Release, false),
        estimate_minutes: 15,
        plan: commands::nomock_release,
        done_when: "the no-mock release job succeeded",
        in_template_since: Some("2019-02-25"),
        applies: always,
    },
    StepSpec {
        id: StepId::Email,
        name: "email",
        title: "Send the announcement email",
        template: plain("Send email notification: <!-- Paste link to kubernetes-dev email -->"),
        recognise: Recognise {
            contains: &["notification [email]"],
            first_word: Some(("send", &["notification", "email", "mail", "announcement"])),
            in_group: None,
        },
        proof: &[L::Email],
        wants_link: true,
        history: None,
        estimate_minutes: 30,
        plan: commands::email,
        done_when: "the announcement is on kubernetes-announce and dev@kubernetes.io",
        in_template_since: Some("2019-02-25"),
        applies: always,
    },
    StepSpec {
        id: StepId::SlackNotify,
        name: "slack-notify",
        title: "Notify #release-management",
        template: plain("Notify #release-management on Slack: <!-- Paste link to slack -->"),
        recognise: Recognise {
            contains: &[],
            first_word: Some(("notify", &[])),
            in_group: None,
        },
        proof: &[L::Slack],
        wants_link: true,
        history: named(&["notify"]),
        estimate_minutes: 5,
        plan: commands::slack_notify,
        done_when: "the `is live!` post is in #release-management and linked",
        // Added by kubernetes/sig-release#527 (merge ec164f2b); the first template had none.
        in_template_since: Some("2019-03-02"),
        applies: always,
    },
    StepSpec {
        id: StepId::Schedule,
        name: "schedule",
        title: "Update the website's release schedule",
        template: plain("Update [`schedule.yaml` file](https://github.com/kubernetes/website/blob/main/data/releases/schedule.yaml) with the latest release using [`schedule-builder`](https://github.com/kubernetes/release/tree/master/cmd/schedule-builder) (_patch releases only_) <!-- Paste Pull Request URL here -->"),
        recognise: words(&["schedule.yaml", "schedule-builder"]),
        proof: &[L::WebsitePr],
        wants_link: true,
        history: None,
        estimate_minutes: 15,
        plan: commands::schedule,
        done_when: "the kubernetes/website PR is merged",
        in_template_since: Some("2023-07-28"),
        applies: |kind, _| {
            only(
                kind,
                CutKind::Patch,
                "only patch releases update the website schedule",
            )
        },
    },
    StepSpec {
        id: StepId::Metrics,
        name: "metrics",
        title: "Collect metrics into the jobs history table",
        template: plain("Collect metrics and add them to the `Release steps` table below through `krel history --branch {branch} --date-from yyyy-mm-dd` (current date)"),
        recognise: words(&["collect metrics"]),
        proof: &[L::GitHub, L::CloudBuild],
        wants_link: false,
        history: None,
        estimate_minutes: 10,
        plan: commands::metrics,
        done_when: "the `krel history` table is in the cut issue",
        in_template_since: Some("2019-02-25"),
        applies: always,
    },
    StepSpec {
        id: StepId::BranchCreationTasks,
        name: "branch-creation-tasks",
        title: "Post-release branch creation tasks",
        template: plain("Post-release branch creation tasks: <!-- Paste link to the `Post Release Branch Creation Tasks for {tag}` issue -->"),
        recognise: words(&["post-release branch creation", "branch creation task"]),
        proof: &[L::GitHub, L::TestInfraPr],
        wants_link: false,
        history: None,
        estimate_minutes: 60,
        plan: commands::branch_creation_tasks,
        done_when: "the post-release branch creation tasks are done",
        in_template_since: Some("2025-08-20"),
        applies: |kind, _| {
            only(
                kind,
                CutKind::FirstRc,
                "only rc.0 cuts create a release branch",
            )
        },
    },
    StepSpec {
        id: StepId::CodeThaw,
        name: "code-thaw",
        title: "Code thaw PR merged and OBS project for the next minor",
        template: plain("Code Thaw PR merged and OBS project created for the new minor release: <!-- Paste link to the test-infra PR `release-{minor} Code Thaw and milestone applier for {next_minor}` -->"),
        recognise: words(&["code thaw"]),
        proof: &[L::TestInfraPr, L::GitHub],
        wants_link: false,
        history: None,
        estimate_minutes: 15,
        plan: commands::code_thaw,
        done_when: "the Code Thaw PR is merged and the next minor's OBS project exists",
        in_template_since: Some("2025-05-21"),
        applies: |kind, _| only(kind, CutKind::Minor, "only x.y.0 cuts lift the code freeze"),
    },
    StepSpec {
        id: StepId::Cleanup,
        name: "cleanup",
        title: "Close the cut issue and follow up on what you found",
        template: None,
        recognise: NOTHING,
        proof: &[],
        wants_link: false,
        history: None,
        estimate_minutes: 10,
        plan: commands::cleanup,
        done_when: "the cut issue is closed",
        in_template_since: None,
        applies: always,
    },
];

/// A template item of an older era that relcut has no step for, because the process dropped it.
/// Read and shown as history, never counted and never "unknown".
#[derive(Debug)]
pub struct RetiredItem {
    /// Stable id in `status --json` (`packages`).
    pub name: &'static str,
    pub title: &'static str,
    /// Any of these in the lower-cased item text.
    pub contains: &'static [&'static str],
    /// The first and last day the template had the item (YYYY-MM-DD).
    pub era: (&'static str, &'static str),
    /// Why there is no step for it today.
    pub why: &'static str,
    /// The template change that dropped it.
    pub source: Source,
}

impl RetiredItem {
    /// The retired item `lower` (lower-cased item text) names, if any.
    pub(crate) fn named_by(lower: &str) -> Option<&'static RetiredItem> {
        RETIRED
            .iter()
            .find(|r| r.contains.iter().any(|k| lower.contains(k)))
    }
}

/// Items the template once had and relcut has no step for (docs/cut-issue.md section 2).
pub static RETIRED: [RetiredItem; 1] = [RetiredItem {
    name: "packages",
    title: "Build & publish the debs and rpms",
    // E0 `build & publish packages (debs & rpms)`, E3 `Publish packages (debs & rpms)` (renamed
    // 2022-11-08), the `Cut packages` row of E2's table.
    contains: &[
        "publish packages",
        "cut packages",
        "packages (debs",
        "debs & rpms",
        "debs and rpms",
    ],
    era: ("2019-02-25", "2023-10-17"),
    why: "the template dropped it on 2023-10-18, when the Google-built apt/yum packages gave way to pkgs.k8s.io",
    source: source::TEMPLATE_DROPPED_PACKAGES,
}];

impl StepId {
    pub const ALL: [StepId; 19] = [
        Self::Tools,
        Self::KrelVersion,
        Self::ReleaseSignal,
        Self::SlackThread,
        Self::Testgrid,
        Self::PublishingBot,
        Self::MockStage,
        Self::MockRelease,
        Self::NomockStage,
        Self::ImagePromotion,
        Self::PromotionJob,
        Self::NomockRelease,
        Self::Email,
        Self::SlackNotify,
        Self::Schedule,
        Self::Metrics,
        Self::BranchCreationTasks,
        Self::CodeThaw,
        Self::Cleanup,
    ];

    /// The step's row in [`STEPS`].
    pub fn spec(self) -> &'static StepSpec {
        &STEPS[self as usize]
    }

    pub fn as_str(self) -> &'static str {
        self.spec().name
    }

    pub fn title(self) -> &'static str {
        self.spec().title
    }
}

/// The phrase for a kind of cut in "uncomment it for …".
pub(crate) fn cut_phrase(kind: CutKind) -> &'static str {
    match kind {
        CutKind::Alpha => "an alpha",
        CutKind::Beta => "a beta",
        CutKind::FirstRc => "an rc.0 cut",
        CutKind::Rc => "a release candidate",
        CutKind::Minor => "an x.y.0 cut",
        CutKind::Patch => "a patch release",
    }
}

impl fmt::Display for StepId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for StepId {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// An unknown step id, listing the known ones.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown step `{0}`: use one of {list}", list = StepId::ALL.map(StepId::as_str).join(", "))]
pub struct UnknownStep(pub String);

impl FromStr for StepId {
    type Err = UnknownStep;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        StepId::ALL
            .into_iter()
            .find(|id| id.as_str() == s.trim())
            .ok_or_else(|| UnknownStep(s.to_string()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_step_order() {
        for (i, spec) in STEPS.iter().enumerate() {
            assert_eq!(spec.id as usize, i, "{}", spec.name);
            assert_eq!(StepId::ALL[i], spec.id);
        }
    }

    #[test]
    fn step_ids_are_stable() {
        let all: Vec<&str> = StepId::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            all.join(","),
            "tools,krel-version,release-signal,slack-thread,testgrid,publishing-bot,mock-stage,mock-release,nomock-stage,image-promotion,promotion-job,nomock-release,email,slack-notify,schedule,metrics,branch-creation-tasks,code-thaw,cleanup"
        );
        for id in StepId::ALL {
            assert_eq!(id.as_str().parse::<StepId>().unwrap(), id);
        }
        assert!("stage"
            .parse::<StepId>()
            .unwrap_err()
            .to_string()
            .contains("nomock-stage"));
    }

    #[test]
    fn presence_follows_the_template_rules() {
        let present = |kind: CutKind, p: Presence| -> Vec<&str> {
            STEPS
                .iter()
                .filter(|s| s.presence(kind) == p)
                .map(|s| s.name)
                .collect()
        };
        assert_eq!(
            present(CutKind::Patch, Presence::Commented),
            ["mock-stage", "mock-release"]
        );
        assert!(present(CutKind::Patch, Presence::Item).contains(&"schedule"));
        assert_eq!(
            present(CutKind::FirstRc, Presence::Absent),
            [
                "tools",
                "krel-version",
                "promotion-job",
                "schedule",
                "code-thaw",
                "cleanup"
            ]
        );
        assert!(
            mock(CutKind::Patch, Options { with_mock: true }).is_required(),
            "--with-mock makes the mock runs required"
        );
    }

    /// Until kubernetes/sig-release#2981 (2026-03-26) a patch ran its mock stage and release.
    #[test]
    fn the_day_an_issue_was_opened_decides_a_patchs_mock_runs() {
        let mock_stage = StepId::MockStage.spec();
        let required = |day| {
            mock_stage
                .applies(CutKind::Patch, Options::of_day(day))
                .is_required()
        };
        assert!(required(Some("2026-03-25")));
        assert!(!required(Some("2026-03-26")));
        assert!(
            !required(None),
            "an issue of unknown date follows today's rules"
        );
        assert!(mock_stage
            .applies(CutKind::Minor, Options::of_day(Some("2026-08-01")))
            .is_required());
    }
}
