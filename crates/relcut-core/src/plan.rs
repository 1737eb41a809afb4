//! The ordered steps of a cut, with stable ids, estimates and the exact commands to copy. What
//! each step is and which cuts need it comes from the step table ([`crate::step`]); this adds
//! the commands and notes for one cut.

use serde::Serialize;

use crate::krel;
use crate::promotion::{self, Fork, PromotionError, Rules};
use crate::step::{self, Applies, Options};
use crate::version::{Branch, BuildVersion, CutKind, Tag, VersionError};

pub use crate::step::{StepId, UnknownStep};

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

/// What the commands and notes of a step depend on, computed once per plan.
struct Ctx<'a> {
    req: &'a PlanRequest,
    tag: Tag,
    kind: CutKind,
    branch: Branch,
    promo: &'a promotion::Promotion,
    stage: String,
    release: String,
    /// An rc.0 cut is judged on master's boards: release-X.Y's dashboards appear only after
    /// the branch is created.
    testgrid_branch: String,
    date: String,
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
    let bv = build_version.as_ref().map_or_else(
        || BUILD_VERSION_PLACEHOLDER.to_string(),
        ToString::to_string,
    );
    let ctx = Ctx {
        req,
        tag,
        kind,
        branch,
        promo: &promo,
        stage: format!("krel stage --type {t} --branch {branch}"),
        release: format!("krel release --type {t} --branch {branch} --build-version {bv}"),
        testgrid_branch: match kind {
            CutKind::Alpha | CutKind::Beta | CutKind::FirstRc => "master".to_string(),
            _ => branch.testgrid_name(),
        },
        date: req
            .date
            .clone()
            .unwrap_or_else(|| DATE_PLACEHOLDER.to_string()),
    };
    let options = Options {
        with_mock: req.with_mock,
    };
    let steps = step::STEPS
        .iter()
        .map(|spec| {
            let applies = spec.applies(kind, options);
            let (commands, mut notes) = match applies {
                Applies::NotApplicable { .. } => (Vec::new(), Vec::new()),
                _ => commands(spec.id, applies, &ctx),
            };
            if let Applies::NotApplicable { reason } = applies {
                notes.push(reason.to_string());
            }
            Step {
                id: spec.id,
                title: spec.title.to_string(),
                applies: applies.applies(),
                optional: matches!(applies, Applies::Optional { .. }),
                estimate_minutes: spec.estimate_minutes,
                commands,
                notes,
            }
        })
        .collect();

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

/// The commands to copy and the notes for one step of this cut (a step the cut does).
fn commands(id: StepId, applies: Applies, c: &Ctx<'_>) -> (Vec<String>, Vec<String>) {
    let tag = c.tag;
    let branch = c.branch;
    let (commands, notes): (Vec<String>, Vec<String>) = match id {
        StepId::ReleaseSignal => (vec![], vec!["ask Release Signal in #release-management for a green signal on the day of the cut".into()]),
        StepId::SlackThread => (vec![], vec![format!("start a thread `:thread: Release Cut {tag} (GH Issue)` in #release-management and link it on the cut issue")]),
        StepId::Testgrid => (
            vec![format!("krel testgridshot --branch {}", c.testgrid_branch)],
            vec!["post the output on the cut issue; stop the cut if a blocking job fails".into()],
        ),
        StepId::PublishingBot => (
            vec!["gh issue view 56876 --repo kubernetes/kubernetes --json state --jq .state".into()],
            vec!["kubernetes/kubernetes#56876 must be CLOSED; if it is open, stop the cut and tell #release-management".into()],
        ),
        StepId::MockStage => {
            let mut notes = Vec::new();
            if c.kind == CutKind::FirstRc {
                notes.push(format!("this cut creates `{branch}` and also builds `{}`, so it takes about twice as long", tag.next_minor_alpha0()));
            }
            if let Applies::Optional { reason, since: Some(since) } = applies {
                notes.push(format!("{reason} since {since}; pass --with-mock to require it"));
            }
            (vec![c.stage.clone()], notes)
        }
        StepId::MockRelease => (
            vec![c.release.clone()],
            vec!["use the BUILDVERSION printed by the mock stage".into()],
        ),
        StepId::NomockStage => (
            vec![format!("{} --nomock", c.stage)],
            vec![
                "krel asks `Really submit a --nomock release job against the ... branch?`: answer `yes`".into(),
                "copy the BUILDVERSION it prints for the no-mock release, but do not release yet".into(),
            ],
        ),
        StepId::ImagePromotion => {
            let mut notes: Vec<String> = c.promo.pull_requests.iter().map(|pr| format!("opens `{}` from branch `{}` (delete that branch from your fork before a re-run)", pr.title, pr.branch)).collect();
            if c.promo.pull_requests.len() > 1 {
                notes.push("current guidance: one PR per tag; both must merge".into());
            }
            if c.req.rules == Rules::Legacy {
                notes.push("LEGACY rules (before 2023-03-09): only for reading old cuts, krel no longer builds these extra tags".into());
            }
            notes.push("get /lgtm and /approve from Release Managers, then /unhold".into());
            (c.promo.commands(), notes)
        }
        StepId::PromotionJob => {
            let mut notes = vec!["watch https://prow.k8s.io/?job=post-k8sio-image-promo for the run of YOUR merge commit (the latest green run may be someone else's)".to_string()];
            if c.promo.pull_requests.len() > 1 {
                notes.push("the job must succeed for every promotion PR before the no-mock release".into());
            }
            notes.push("a failure with 429 / quota errors can be rerun from the prow page".into());
            (vec![], notes)
        }
        StepId::NomockRelease => (
            vec![format!("{} --nomock", c.release)],
            vec!["use the BUILDVERSION printed by the no-mock stage; only after the promotion job succeeded".into()],
        ),
        StepId::Email => (
            vec![
                format!("krel announce send --tag {tag} --nomock"),
                format!("krel announce send -p --tag {tag} > announce.html"),
            ],
            vec![
                format!("subject `Kubernetes {tag} is live!` to kubernetes-announce@googlegroups.com and dev@kubernetes.io; the `-p` form prints the HTML to send by hand"),
                "`--name`/`--email` are gone since 2026-02: krel sends through Gmail with a browser sign-in (`--no-browser` on headless machines)".into(),
            ],
        ),
        StepId::SlackNotify => (vec![], vec![format!("post `:kubernetes: Kubernetes {tag} is live! (shoutout to @... for helping cut the release)` with the dev@ link, and link the post on the cut issue")]),
        StepId::Schedule => (
            vec![
                "schedule-builder -uc data/releases/schedule.yaml -e data/releases/eol.yaml".into(),
                "relcut schedule update --schedule data/releases/schedule.yaml --eol data/releases/eol.yaml".into(),
            ],
            vec!["in a kubernetes/website checkout (either command; relcut never prompts, pass --extra-upcoming for a 4th upcoming release); one PR covers every branch patched that day".into()],
        ),
        StepId::Metrics => (
            vec![format!("krel history --branch {branch} --date-from {}", c.date)],
            vec!["paste the table into the cut issue's Release Jobs History".into()],
        ),
        StepId::BranchCreationTasks => (vec![], vec![format!("open `Post Release Branch Creation Tasks for {tag}` from sig-release's post-release-branch-creation template; no cut against `{branch}` until they are done")]),
        StepId::CodeThaw => (vec![], vec![format!("test-infra PR `release-{}.{} Code Thaw and milestone applier for {}.{}`; the OBS project for {}.{} must exist", tag.major, tag.minor, tag.major, tag.minor + 1, tag.major, tag.minor + 1)]),
    };
    (commands, notes)
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
