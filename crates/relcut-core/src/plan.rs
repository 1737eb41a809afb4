//! The ordered steps of a cut, with stable ids, estimates and the exact commands to copy.
//!
//! The step ids are a contract: the cut-issue reader, the Action's status comment and the
//! `tick` command all speak in them.

use std::fmt;
use std::str::FromStr;

use serde::{Serialize, Serializer};

use crate::krel;
use crate::promotion::{self, Fork, PromotionError, Rules};
use crate::version::{BuildVersion, CutKind, Tag, VersionError};

/// One step of a cut, in process order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StepId {
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
}

impl StepId {
    pub const ALL: [StepId; 16] = [
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
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::ReleaseSignal => "release-signal",
            Self::SlackThread => "slack-thread",
            Self::Testgrid => "testgrid",
            Self::PublishingBot => "publishing-bot",
            Self::MockStage => "mock-stage",
            Self::MockRelease => "mock-release",
            Self::NomockStage => "nomock-stage",
            Self::ImagePromotion => "image-promotion",
            Self::PromotionJob => "promotion-job",
            Self::NomockRelease => "nomock-release",
            Self::Email => "email",
            Self::SlackNotify => "slack-notify",
            Self::Schedule => "schedule",
            Self::Metrics => "metrics",
            Self::BranchCreationTasks => "branch-creation-tasks",
            Self::CodeThaw => "code-thaw",
        }
    }

    pub fn title(self) -> &'static str {
        match self {
            Self::ReleaseSignal => "Green signal from Release Signal on the day of the cut",
            Self::SlackThread => "Open a thread in #release-management",
            Self::Testgrid => "Post the unhealthy testgrid boards on the cut issue",
            Self::PublishingBot => "Check the publishing-bot is healthy",
            Self::MockStage => "Mock stage",
            Self::MockRelease => "Mock release",
            Self::NomockStage => "No-mock stage",
            Self::ImagePromotion => "Image promotion PR in kubernetes/k8s.io",
            Self::PromotionJob => "Wait for the image promotion job of your merge",
            Self::NomockRelease => "No-mock release",
            Self::Email => "Send the announcement email",
            Self::SlackNotify => "Notify #release-management",
            Self::Schedule => "Update the website's release schedule",
            Self::Metrics => "Collect metrics into the jobs history table",
            Self::BranchCreationTasks => "Post-release branch creation tasks",
            Self::CodeThaw => "Code thaw PR merged and OBS project for the next minor",
        }
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
#[error("unknown step `{0}`: use one of {list}", list = StepId::ALL.map(|s| s.as_str()).join(", "))]
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

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Version(#[from] VersionError),
    #[error(transparent)]
    Promotion(#[from] PromotionError),
    #[error("build version `{build_version}` would make krel cut {got}, not {want}: {hint}")]
    BuildVersionMismatch {
        build_version: String,
        want: String,
        got: String,
        hint: String,
    },
}

impl PlanError {
    pub fn hint(&self) -> String {
        match self {
            Self::Version(e) => e.hint.clone(),
            Self::Promotion(e) => e.hint(),
            Self::BuildVersionMismatch { hint, .. } => hint.clone(),
        }
    }
}

/// What to plan.
#[derive(Debug, Clone, Default)]
pub struct PlanRequest {
    pub tag: String,
    pub fork: Option<String>,
    pub build_version: Option<String>,
    /// Make the mock steps of a patch release required (sig-release made them optional in 2026-03).
    pub with_mock: bool,
    /// The date for `krel history --date-from` (the day of the cut), `YYYY-MM-DD`.
    pub date: Option<String>,
    pub rules: Rules,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Step {
    pub id: StepId,
    pub title: String,
    pub applies: bool,
    pub optional: bool,
    pub estimate_minutes: u32,
    pub commands: Vec<String>,
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub version: Tag,
    pub release_type: crate::version::ReleaseType,
    pub branch: String,
    pub cut: CutKind,
    pub tags: Vec<Tag>,
    pub build_version: Option<String>,
    pub steps: Vec<Step>,
}

const BUILD_VERSION_PLACEHOLDER: &str = "<BUILDVERSION printed by the stage job>";
const DATE_PLACEHOLDER: &str = "<YYYY-MM-DD of the cut>";

/// Checks that the build version really makes krel cut `tag` with the flags the plan uses.
pub fn check_build_version(tag: &Tag, build_version: &str) -> Result<BuildVersion, PlanError> {
    let bv = BuildVersion::parse_staged(build_version)?;
    let kind = tag.cut_kind()?;
    let branch = tag.branch().to_string();
    let creates = kind == CutKind::FirstRc;
    let mismatch = |got: String, hint: String| PlanError::BuildVersionMismatch {
        build_version: bv.to_string(),
        want: tag.to_string(),
        got,
        hint,
    };
    if let Err(e) = krel::needs_creation(&branch, tag.release_type(), &bv.semver, !creates) {
        return Err(mismatch(
            "nothing".into(),
            format!("krel stops with \"{}\"", e.message),
        ));
    }
    match krel::generate_release_version(tag.release_type(), bv.as_str(), &branch, creates) {
        Ok(v) if v.prime == tag.to_string() => Ok(bv),
        Ok(v) => {
            let hint = if bv.base_tag() == tag.to_string() {
                format!("this build was made after `{tag}` itself; pass the BUILDVERSION the stage job printed for this cut")
            } else {
                "pass the BUILDVERSION printed by the stage job of this cut (Cloud Build log, `BUILDVERSION:` line)".to_string()
            };
            Err(mismatch(v.prime, hint))
        }
        Err(e) => Err(mismatch(
            "nothing".into(),
            format!("krel stops with \"{}\"", e.message),
        )),
    }
}

/// The ordered runbook for a cut.
pub fn plan(req: &PlanRequest) -> Result<Plan, PlanError> {
    let tag = Tag::parse(&req.tag)?;
    let kind = tag.cut_kind()?;
    let fork = req.fork.as_deref().map(Fork::parse).transpose()?;
    let build_version = req
        .build_version
        .as_deref()
        .map(|bv| check_build_version(&tag, bv))
        .transpose()?;
    let promo = promotion::promotion(&tag, req.rules, fork.as_ref())?;

    let t = tag.release_type();
    let branch = tag.branch();
    let is_patch = kind == CutKind::Patch;
    let bv = build_version
        .as_ref()
        .map(|b| b.to_string())
        .unwrap_or_else(|| BUILD_VERSION_PLACEHOLDER.to_string());
    let stage = format!("krel stage --type {t} --branch {branch}");
    let release = format!("krel release --type {t} --branch {branch} --build-version {bv}");
    // An rc.0 cut is judged on master's boards: release-X.Y's dashboards appear only after the
    // branch is created.
    let testgrid_branch = match kind {
        CutKind::Alpha | CutKind::Beta | CutKind::FirstRc => "master".to_string(),
        _ => branch.testgrid_name(),
    };
    let history_branch = branch.to_string();
    let date = req
        .date
        .clone()
        .unwrap_or_else(|| DATE_PLACEHOLDER.to_string());
    let mock_optional = is_patch && !req.with_mock;

    let mut steps = Vec::new();
    for id in StepId::ALL {
        let mut step = Step {
            id,
            title: id.title().to_string(),
            applies: true,
            optional: false,
            estimate_minutes: 0,
            commands: Vec::new(),
            notes: Vec::new(),
        };
        match id {
            StepId::ReleaseSignal => {
                step.estimate_minutes = 5;
                step.optional = is_patch;
                step.notes.push("ask Release Signal in #release-management for a green signal on the day of the cut".into());
            }
            StepId::SlackThread => {
                step.estimate_minutes = 5;
                step.notes.push(format!("start a thread `:thread: Release Cut {tag} (GH Issue)` in #release-management and link it on the cut issue"));
            }
            StepId::Testgrid => {
                step.estimate_minutes = 10;
                step.commands
                    .push(format!("krel testgridshot --branch {testgrid_branch}"));
                step.notes.push(
                    "post the output on the cut issue; stop the cut if a blocking job fails".into(),
                );
            }
            StepId::PublishingBot => {
                step.estimate_minutes = 2;
                step.commands.push(
                    "gh issue view 56876 --repo kubernetes/kubernetes --json state --jq .state"
                        .into(),
                );
                step.notes.push("kubernetes/kubernetes#56876 must be CLOSED; if it is open, stop the cut and tell #release-management".into());
            }
            StepId::MockStage => {
                step.estimate_minutes = 120;
                step.optional = mock_optional;
                step.commands.push(stage.clone());
                if kind == CutKind::FirstRc {
                    step.notes.push(format!("this cut creates `{branch}` and also builds `{}`, so it takes about twice as long", tag.next_minor_alpha0()));
                }
                if mock_optional {
                    step.notes.push("optional for patch releases since 2026-03 (sig-release#2980); pass --with-mock to require it".into());
                }
            }
            StepId::MockRelease => {
                step.estimate_minutes = 15;
                step.optional = mock_optional;
                step.commands.push(release.clone());
                step.notes
                    .push("use the BUILDVERSION printed by the mock stage".into());
            }
            StepId::NomockStage => {
                step.estimate_minutes = 120;
                step.commands.push(format!("{stage} --nomock"));
                step.notes.push("krel asks `Really submit a --nomock release job against the ... branch?`: answer `yes`".into());
                step.notes.push("copy the BUILDVERSION it prints for the no-mock release, but do not release yet".into());
            }
            StepId::ImagePromotion => {
                step.estimate_minutes = 30;
                step.commands = promo.commands();
                for pr in &promo.pull_requests {
                    step.notes.push(format!("opens `{}` from branch `{}` (delete that branch from your fork before a re-run)", pr.title, pr.branch));
                }
                if promo.pull_requests.len() > 1 {
                    step.notes
                        .push("current guidance: one PR per tag; both must merge".into());
                }
                if req.rules == Rules::Legacy {
                    step.notes.push("LEGACY rules (before 2023-03-09): only for reading old cuts, krel no longer builds these extra tags".into());
                }
                step.notes
                    .push("get /lgtm and /approve from Release Managers, then /unhold".into());
            }
            StepId::PromotionJob => {
                step.estimate_minutes = 60;
                step.notes.push("watch https://prow.k8s.io/?job=post-k8sio-image-promo for the run of YOUR merge commit (the latest green run may be someone else's)".into());
                if promo.pull_requests.len() > 1 {
                    step.notes.push(
                        "the job must succeed for every promotion PR before the no-mock release"
                            .into(),
                    );
                }
                step.notes.push(
                    "a failure with 429 / quota errors can be rerun from the prow page".into(),
                );
            }
            StepId::NomockRelease => {
                step.estimate_minutes = 15;
                step.commands.push(format!("{release} --nomock"));
                step.notes.push("use the BUILDVERSION printed by the no-mock stage; only after the promotion job succeeded".into());
            }
            StepId::Email => {
                step.estimate_minutes = 30;
                step.commands
                    .push(format!("krel announce send --tag {tag} --nomock"));
                step.commands
                    .push(format!("krel announce send -p --tag {tag} > announce.html"));
                step.notes.push(format!("subject `Kubernetes {tag} is live!` to kubernetes-announce@googlegroups.com and dev@kubernetes.io; the `-p` form prints the HTML to send by hand"));
                step.notes.push("`--name`/`--email` are gone since 2026-02: krel sends through Gmail with a browser sign-in (`--no-browser` on headless machines)".into());
            }
            StepId::SlackNotify => {
                step.estimate_minutes = 5;
                step.notes.push(format!("post `:kubernetes: Kubernetes {tag} is live! (shoutout to @... for helping cut the release)` with the dev@ link, and link the post on the cut issue"));
            }
            StepId::Schedule => {
                step.applies = is_patch;
                step.estimate_minutes = 15;
                if is_patch {
                    step.commands.push("schedule-builder -uc data/releases/schedule.yaml -e data/releases/eol.yaml".into());
                    step.commands.push("relcut schedule update --schedule data/releases/schedule.yaml --eol data/releases/eol.yaml".into());
                    step.notes.push("in a kubernetes/website checkout (either command; relcut never prompts, pass --extra-upcoming for a 4th upcoming release); one PR covers every branch patched that day".into());
                } else {
                    step.notes
                        .push("only patch releases update the website schedule".into());
                }
            }
            StepId::Metrics => {
                step.estimate_minutes = 10;
                step.commands.push(format!(
                    "krel history --branch {history_branch} --date-from {date}"
                ));
                step.notes
                    .push("paste the table into the cut issue's Release Jobs History".into());
            }
            StepId::BranchCreationTasks => {
                step.applies = kind == CutKind::FirstRc;
                step.estimate_minutes = 60;
                if step.applies {
                    step.notes.push(format!("open `Post Release Branch Creation Tasks for {tag}` from sig-release's post-release-branch-creation template; no cut against `{branch}` until they are done"));
                }
            }
            StepId::CodeThaw => {
                step.applies = kind == CutKind::Minor;
                step.estimate_minutes = 15;
                if step.applies {
                    step.notes.push(format!("test-infra PR `release-{}.{} Code Thaw and milestone applier for {}.{}`; the OBS project for {}.{} must exist", tag.major, tag.minor, tag.major, tag.minor + 1, tag.major, tag.minor + 1));
                }
            }
        }
        steps.push(step);
    }

    Ok(Plan {
        version: tag,
        release_type: t,
        branch: branch.to_string(),
        cut: kind,
        tags: promo.tags,
        build_version: build_version.map(|b| b.to_string()),
        steps,
    })
}

impl Plan {
    pub fn step(&self, id: StepId) -> Option<&Step> {
        self.steps.iter().find(|s| s.id == id)
    }

    /// A numbered runbook a person follows top to bottom.
    pub fn runbook(&self) -> String {
        let mut out = format!(
            "Cut {} ({}, --type {} --branch {})\nTags: {}\n",
            self.version,
            cut_name(self.cut),
            self.release_type,
            self.branch,
            self.tags
                .iter()
                .map(Tag::to_string)
                .collect::<Vec<_>>()
                .join(", ")
        );
        let total: u32 = self
            .steps
            .iter()
            .filter(|s| s.applies && !s.optional)
            .map(|s| s.estimate_minutes)
            .sum();
        out.push_str(&format!(
            "About {}h{:02} of required steps.\n",
            total / 60,
            total % 60
        ));
        for (n, step) in self.steps.iter().filter(|s| s.applies).enumerate() {
            out.push('\n');
            let optional = if step.optional { ", optional" } else { "" };
            out.push_str(&format!(
                "{:>2}. {} [{}] (~{} min{})\n",
                n + 1,
                step.title,
                step.id,
                step.estimate_minutes,
                optional
            ));
            for cmd in &step.commands {
                out.push_str(&format!("      $ {cmd}\n"));
            }
            for note in &step.notes {
                out.push_str(&format!("      - {note}\n"));
            }
        }
        out
    }
}

pub fn cut_name(kind: CutKind) -> &'static str {
    match kind {
        CutKind::Alpha => "alpha",
        CutKind::Beta => "beta",
        CutKind::FirstRc => "first release candidate, creates the release branch",
        CutKind::Rc => "release candidate",
        CutKind::Minor => "new minor release",
        CutKind::Patch => "patch release",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_for(tag: &str) -> Plan {
        plan(&PlanRequest {
            tag: tag.into(),
            fork: Some("alice".into()),
            ..Default::default()
        })
        .unwrap()
    }

    fn ids(p: &Plan) -> Vec<&'static str> {
        p.steps
            .iter()
            .filter(|s| s.applies)
            .map(|s| s.id.as_str())
            .collect()
    }

    #[test]
    fn step_ids_are_stable() {
        let all: Vec<&str> = StepId::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(
            all.join(","),
            "release-signal,slack-thread,testgrid,publishing-bot,mock-stage,mock-release,nomock-stage,image-promotion,promotion-job,nomock-release,email,slack-notify,schedule,metrics,branch-creation-tasks,code-thaw"
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
    fn rc0_plan() {
        let p = plan_for("v1.35.0-rc.0");
        assert_eq!(p.branch, "release-1.35");
        assert!(ids(&p).contains(&"branch-creation-tasks"));
        assert!(!ids(&p).contains(&"schedule"));
        assert!(!ids(&p).contains(&"code-thaw"));
        let promo = p.step(StepId::ImagePromotion).unwrap();
        assert_eq!(promo.commands.len(), 2);
        assert_eq!(
            p.step(StepId::MockStage).unwrap().commands,
            ["krel stage --type rc --branch release-1.35"]
        );
        assert_eq!(
            p.step(StepId::NomockRelease).unwrap().commands,
            ["krel release --type rc --branch release-1.35 --build-version <BUILDVERSION printed by the stage job> --nomock"]
        );
        assert_eq!(
            p.step(StepId::Testgrid).unwrap().commands,
            ["krel testgridshot --branch master"]
        );
    }

    #[test]
    fn patch_plan() {
        let p = plan_for("v1.34.3");
        assert!(ids(&p).contains(&"schedule"));
        assert!(p.step(StepId::MockStage).unwrap().optional);
        assert_eq!(
            p.step(StepId::Testgrid).unwrap().commands,
            ["krel testgridshot --branch 1.34"]
        );
        assert_eq!(
            p.step(StepId::Email).unwrap().commands,
            [
                "krel announce send --tag v1.34.3 --nomock",
                "krel announce send -p --tag v1.34.3 > announce.html"
            ]
        );
        let with_mock = plan(&PlanRequest {
            tag: "v1.34.3".into(),
            with_mock: true,
            ..Default::default()
        })
        .unwrap();
        assert!(!with_mock.step(StepId::MockStage).unwrap().optional);
    }

    #[test]
    fn minor_plan() {
        let p = plan_for("v1.35.0");
        assert!(ids(&p).contains(&"code-thaw"));
        assert!(!ids(&p).contains(&"schedule"));
        assert_eq!(
            p.step(StepId::Metrics).unwrap().commands,
            ["krel history --branch release-1.35 --date-from <YYYY-MM-DD of the cut>"]
        );
    }

    #[test]
    fn alpha_plan_uses_master() {
        let p = plan(&PlanRequest {
            tag: "v1.36.0-alpha.1".into(),
            build_version: Some("v1.36.0-alpha.0.512+0123456789abcd".into()),
            date: Some("2026-02-03".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(p.branch, "master");
        assert_eq!(
            p.step(StepId::MockRelease).unwrap().commands,
            ["krel release --type alpha --branch master --build-version v1.36.0-alpha.0.512+0123456789abcd"]
        );
        assert_eq!(
            p.step(StepId::Metrics).unwrap().commands,
            ["krel history --branch master --date-from 2026-02-03"]
        );
    }

    #[test]
    fn build_version_must_produce_the_tag() {
        let bad = |tag: &str, bv: &str| {
            plan(&PlanRequest {
                tag: tag.into(),
                build_version: Some(bv.into()),
                ..Default::default()
            })
            .unwrap_err()
        };
        let e = bad("v1.35.0-rc.2", "v1.35.0-rc.0.5+0123456789abcd");
        assert!(
            e.to_string()
                .contains("would make krel cut v1.35.0-rc.1, not v1.35.0-rc.2"),
            "{e}"
        );
        let e = bad("v1.35.0-rc.1", "v1.35.0-rc.1");
        assert!(
            e.to_string()
                .contains("is a release tag, not a build version"),
            "{e}"
        );
        let e = bad("v1.35.1", "v1.34.0-3+0123456789abcd");
        assert!(
            e.to_string()
                .contains("branch and build version does not match"),
            "{e}"
        );
        assert!(plan(&PlanRequest {
            tag: "v1.35.0-rc.0".into(),
            build_version: Some("v1.35.0-beta.2.40+0123456789abcd".into()),
            ..Default::default()
        })
        .is_ok());
        assert!(plan(&PlanRequest {
            tag: "v1.35.2".into(),
            build_version: Some("v1.35.1-7+0123456789abcd".into()),
            ..Default::default()
        })
        .is_ok());
    }

    #[test]
    fn bad_fork_and_tag() {
        let e = plan(&PlanRequest {
            tag: "v1.35.0".into(),
            fork: Some("alice/k8s.io".into()),
            ..Default::default()
        })
        .unwrap_err();
        assert!(e.hint().contains("`alice`"));
        let e = plan(&PlanRequest {
            tag: "1.35.0".into(),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "tag `1.35.0` lacks the leading `v`: use `v1.35.0`"
        );
    }
}
