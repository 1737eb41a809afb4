//! The ordered steps of a cut, with stable ids, estimates and the exact commands to copy. What
//! each step is, which cuts need it and its commands and notes come from the step table
//! ([`crate::step`]); this computes the facts of one cut once and asks each row.

use serde::Serialize;

use crate::krel;
use crate::promotion::{self, Fork, PromotionError, Rules};
use crate::source::{self, Source};
use crate::step::{self, Applies, Options};
use crate::validate;
use crate::version::PreRelease;
use crate::version::{BuildVersion, CutKind, Tag, VersionError};

pub use crate::step::{StepId, UnknownStep};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error(transparent)]
    Version(#[from] VersionError),
    #[error(transparent)]
    Promotion(#[from] PromotionError),
    /// A tag no cut makes (`alpha.0`), refused by the rule of [`validate::TAG_RULE`].
    #[error(transparent)]
    NeverCut(VersionError),
    #[error("build version `{build_version}` would make krel cut {got}, not {want}: {hint}")]
    BuildVersionMismatch {
        build_version: String,
        want: String,
        got: String,
        hint: String,
        /// The krel file whose rule decided it (boxed: it would double the error's size).
        rule_source: Box<Source>,
    },
}

impl PlanError {
    pub fn hint(&self) -> String {
        match self {
            Self::Version(e) | Self::NeverCut(e) => e.hint.clone(),
            Self::Promotion(e) => e.hint(),
            Self::BuildVersionMismatch { hint, .. } => hint.clone(),
        }
    }

    /// The krel rule a refusal applies, to cite beside it.
    pub fn rule_source(&self) -> Option<Source> {
        match self {
            Self::BuildVersionMismatch { rule_source, .. } => Some(**rule_source),
            Self::NeverCut(_) => Some(validate::TAG_RULE),
            Self::Version(_) | Self::Promotion(_) => None,
        }
    }
}

/// What to plan.
#[derive(Debug, Clone, Default)]
pub struct PlanRequest {
    pub tag: String,
    pub fork: Option<String>,
    /// The BUILDVERSION the no-mock stage printed, for the no-mock release.
    pub build_version: Option<String>,
    /// The BUILDVERSION the mock stage printed, for the mock release.
    pub mock_build_version: Option<String>,
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
    /// Where the rule behind the step's notes is written down: the first of `sources`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub source: Option<Source>,
    /// Every source the step's commands and notes follow, `source` first.
    pub sources: Vec<Source>,
}

/// Something about the request itself, with the rule behind it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PlanNote {
    pub text: String,
    pub source: Source,
}

/// Something that must hold before the cut starts, with where the process says so.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Precondition {
    pub text: String,
    pub source: Source,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Plan {
    pub version: Tag,
    pub release_type: crate::version::ReleaseType,
    pub branch: String,
    pub cut: CutKind,
    pub tags: Vec<Tag>,
    /// The no-mock release's build version.
    pub build_version: Option<String>,
    pub mock_build_version: Option<String>,
    pub preconditions: Vec<Precondition>,
    /// What the release manager needs before the first command (the handbook's prerequisites;
    /// `relcut preflight` checks most of them).
    pub prerequisites: Vec<Precondition>,
    /// The handbook's cautions for this cut.
    pub cautions: Vec<Precondition>,
    /// What the plan did with the request that the steps do not show (a flag it had no use for).
    pub notes: Vec<PlanNote>,
    pub steps: Vec<Step>,
}

const MOCK_BUILD_VERSION_PLACEHOLDER: &str = "<BUILDVERSION printed by the mock stage>";
const NOMOCK_BUILD_VERSION_PLACEHOLDER: &str = "<BUILDVERSION printed by the no-mock stage>";
const DATE_PLACEHOLDER: &str = "<YYYY-MM-DD of the cut>";

/// Checks that the build version really makes krel cut `tag` with the flags the plan uses.
pub(crate) fn check_build_version(
    tag: &Tag,
    build_version: &str,
) -> Result<BuildVersion, PlanError> {
    let bv = BuildVersion::parse_staged(build_version)?;
    let kind = tag.cut_kind()?;
    let branch = tag.branch().to_string();
    let creates = kind == CutKind::FirstRc;
    let mismatch =
        |got: String, hint: String, rule_source: Source| PlanError::BuildVersionMismatch {
            build_version: bv.to_string(),
            want: tag.to_string(),
            got,
            hint,
            rule_source: Box::new(rule_source),
        };
    if let Err(e) = krel::needs_creation(&branch, tag.release_type(), &bv.semver, !creates) {
        return Err(mismatch(
            "nothing".into(),
            format!("krel stops with \"{}\"", e.message),
            e.rule_source,
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
            Err(mismatch(v.prime, hint, source::KREL_RELEASE_VERSION))
        }
        Err(e) => Err(mismatch(
            "nothing".into(),
            format!("krel stops with \"{}\"", e.message),
            e.rule_source,
        )),
    }
}

/// The ordered runbook for a cut.
pub fn plan(req: &PlanRequest) -> Result<Plan, PlanError> {
    let tag = Tag::parse(&req.tag)?;
    let kind = validate::cut_kind(&tag).map_err(|r| PlanError::NeverCut(r.error))?;
    let fork = req.fork.as_deref().map(Fork::parse).transpose()?;
    let build_version = req
        .build_version
        .as_deref()
        .map(|bv| check_build_version(&tag, bv))
        .transpose()?;
    let mock_build_version = req
        .mock_build_version
        .as_deref()
        .map(|bv| check_build_version(&tag, bv))
        .transpose()?;
    let promo = promotion::promotion(&tag, req.rules, fork.as_ref())?;

    let t = tag.release_type();
    let branch = tag.branch();
    let bv = |given: &Option<BuildVersion>, placeholder: &str| {
        given
            .as_ref()
            .map_or_else(|| placeholder.to_string(), ToString::to_string)
    };
    let release =
        |v: String| format!("krel release --type {t} --branch {branch} --build-version {v}");
    let cut = step::Cut {
        tag,
        kind,
        branch,
        promo: &promo,
        stage: format!("krel stage --type {t} --branch {branch}"),
        mock_release: release(bv(&mock_build_version, MOCK_BUILD_VERSION_PLACEHOLDER)),
        nomock_release: release(bv(&build_version, NOMOCK_BUILD_VERSION_PLACEHOLDER)),
        testgrid_branch: match kind {
            CutKind::Alpha | CutKind::Beta | CutKind::FirstRc => "master".to_string(),
            _ => branch.testgrid_name(),
        },
        date: req
            .date
            .clone()
            .unwrap_or_else(|| DATE_PLACEHOLDER.to_string()),
        build_version: req.build_version.as_deref(),
        mock_build_version: req.mock_build_version.as_deref(),
    };
    let options = Options {
        with_mock: req.with_mock,
    };
    let steps = step::STEPS
        .iter()
        .map(|spec| plan_step(spec, &cut, options))
        .collect();
    let mut notes = Vec::new();
    if let (Some(bv), CutKind::Patch, false) = (&mock_build_version, kind, req.with_mock) {
        notes.push(PlanNote {
            text: format!(
                "--mock-build-version `{bv}` applies only with --with-mock: patch releases skip the mock runs since {}, so this plan has no mock release to fill in",
                source::PATCH_SKIPS_MOCK
            ),
            source: source::PATCH_SKIPS_MOCK,
        });
    }

    Ok(Plan {
        version: tag,
        release_type: t,
        branch: branch.to_string(),
        cut: kind,
        tags: promo.tags,
        build_version: build_version.map(|b| b.to_string()),
        mock_build_version: mock_build_version.map(|b| b.to_string()),
        preconditions: preconditions(&tag),
        prerequisites: prerequisites(),
        cautions: cautions(&tag),
        notes,
        steps,
    })
}

/// One step of the plan of `cut`: its row's commands and notes when the cut does it, else why
/// not; its sources each once.
fn plan_step(spec: &step::StepSpec, cut: &step::Cut<'_>, options: Options) -> Step {
    let applies = spec.applies(cut.kind, options);
    let step::Planned {
        commands,
        mut notes,
        mut sources,
    } = match applies {
        Applies::NotApplicable { .. } => step::Planned::default(),
        _ => spec.plan(cut, applies),
    };
    let planned = match applies {
        Applies::NotApplicable { reason } => {
            notes.push(reason.to_string());
            sources = vec![step::STEP_KINDS_SOURCE];
            false
        }
        Applies::Optional {
            reason,
            source: cited,
            planned: false,
        } => {
            notes = vec![match cited {
                Some(c) => format!("{reason} since {c}: pass --with-mock to run it anyway"),
                None => format!("{reason}: pass --with-mock to run it anyway"),
            }];
            sources = vec![cited.unwrap_or(step::STEP_KINDS_SOURCE)];
            false
        }
        Applies::Optional { source: cited, .. } => {
            sources.extend(cited);
            true
        }
        Applies::Required => true,
    };
    let mut seen = Vec::with_capacity(sources.len());
    sources.retain(|s| {
        let new = !seen.contains(s);
        seen.push(*s);
        new
    });
    Step {
        id: spec.id,
        title: spec.title.to_string(),
        applies: planned,
        optional: matches!(applies, Applies::Optional { .. }),
        estimate_minutes: spec.estimate_minutes,
        commands: if planned { commands } else { Vec::new() },
        notes,
        source: sources.first().copied(),
        sources,
    }
}

/// What must hold before the cut of `tag` starts.
fn preconditions(tag: &Tag) -> Vec<Precondition> {
    let mut out = Vec::new();
    if tag.pre == Some(PreRelease::Alpha(1)) && tag.patch == 0 {
        out.push(Precondition {
            text: step::obs_note(tag),
            source: source::RELEASE_CUTS_HANDBOOK,
        });
    }
    out
}

/// The handbook's prerequisites, the same for every cut.
fn prerequisites() -> Vec<Precondition> {
    let p = |text: &str, source: Source| Precondition {
        text: text.to_string(),
        source,
    };
    vec![
        p("a classic GitHub token with the scopes repo, gist, notifications and user, exported as `GITHUB_TOKEN` for krel and kpromo", source::HANDBOOK_GITHUB_TOKEN),
        p("membership of k8s-infra-release-editors (kubernetes/k8s.io `groups/sig-release/groups.yaml`): the GCP access krel's Cloud Build jobs need", source::HANDBOOK_GCP_ACCESS),
        p("gcloud logged in with that member's email: `gcloud auth login`", source::HANDBOOK_GCLOUD),
        p("application-default credentials for `krel history` (the metrics): `gcloud auth application-default login`", source::KREL_HISTORY_ADC),
        p("before the email: moderator of dev@kubernetes.io and admin of kubernetes-announce (ask in #release-management, ideally at onboarding, not on the day of the cut)", source::HANDBOOK_EMAIL_ROLES),
    ]
}

/// The handbook's cautions for the cut of `tag`.
fn cautions(tag: &Tag) -> Vec<Precondition> {
    let mut out = vec![Precondition {
        text: "keep the image promotion PR on hold while a release-blocking test is red, until @release-managers agree the promotion can continue".into(),
        source: source::HANDBOOK_HOLD_PROMOTION,
    }];
    if tag.cut_kind() == Ok(CutKind::FirstRc) {
        out.push(Precondition {
            text: format!(
                "after the no-mock release, check that kubernetes/kubernetes `{}` is protected (prow's branchprotector runs at :54 each hour; an unprotected new branch was once noticed very late)",
                tag.release_branch()
            ),
            source: source::HANDBOOK_PROTECT_BRANCH,
        });
    }
    out
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
        for p in &self.preconditions {
            out.push_str(&format!(
                "Before you start: {}\n  per {}\n",
                p.text, p.source
            ));
        }
        for n in &self.notes {
            out.push_str(&format!("Note: {}\n  per {}\n", n.text, n.source));
        }
        out.push_str("Prerequisites (`relcut preflight TAG` checks most):\n");
        for p in &self.prerequisites {
            out.push_str(&format!("  - {}\n    per {}\n", p.text, p.source.url));
        }
        for c in &self.cautions {
            out.push_str(&format!("Caution: {}\n  per {}\n", c.text, c.source.url));
        }
        // Steps the process skips unless asked are named, so their absence is a decision.
        for step in self.steps.iter().filter(|s| !s.applies && s.optional) {
            for note in &step.notes {
                out.push_str(&format!(
                    "Not planned: {} [{}]: {note}\n",
                    step.title, step.id
                ));
            }
        }
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
            if !step.sources.is_empty() {
                let per: Vec<String> = step.sources.iter().map(Source::to_string).collect();
                out.push_str(&format!("      per {}\n", per.join("; ")));
            }
        }
        out
    }
}

pub(crate) fn cut_name(kind: CutKind) -> &'static str {
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

    /// The alpha.0 refusal cites the rule `validate` cites; a malformed tag cites nothing here.
    #[test]
    fn refusing_alpha_0_cites_the_tag_rule() {
        let e = plan(&PlanRequest {
            tag: "v1.36.0-alpha.0".into(),
            ..PlanRequest::default()
        })
        .unwrap_err();
        assert!(matches!(e, PlanError::NeverCut(_)), "{e:?}");
        assert_eq!(e.rule_source(), Some(validate::TAG_RULE));
        assert_eq!(
            validate::check("v1.36.0-alpha.0").source,
            validate::TAG_RULE
        );
        let e = plan(&PlanRequest {
            tag: "1.36.0".into(),
            ..PlanRequest::default()
        })
        .unwrap_err();
        assert_eq!(e.rule_source(), None, "{e:?}");
    }

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
            ["krel release --type rc --branch release-1.35 --build-version <BUILDVERSION printed by the no-mock stage> --nomock"]
        );
        assert_eq!(
            p.step(StepId::Testgrid).unwrap().commands,
            ["krel testgridshot --branch master"]
        );
    }

    /// The handbook's "Skip this step for patch releases" (kubernetes/sig-release#2981).
    #[test]
    fn patch_plan_skips_the_mock_runs() {
        let p = plan_for("v1.35.3");
        for id in [StepId::MockStage, StepId::MockRelease] {
            let s = p.step(id).unwrap();
            assert!(!s.applies, "{id}");
            assert!(s.commands.is_empty());
            assert_eq!(s.source, Some(source::PATCH_SKIPS_MOCK));
            assert!(
                s.notes[0].contains("kubernetes/sig-release#2981 (2026-03-26)"),
                "{:?}",
                s.notes
            );
        }
        let book = p.runbook();
        assert!(
            !book.contains("krel stage --type official --branch release-1.35\n"),
            "{book}"
        );
        assert!(book.contains("Not planned: Mock stage [mock-stage]: patch releases skip the mock runs since kubernetes/sig-release#2981 (2026-03-26)"), "{book}");
        let with_mock = plan(&PlanRequest {
            tag: "v1.35.3".into(),
            with_mock: true,
            ..Default::default()
        })
        .unwrap();
        let s = with_mock.step(StepId::MockStage).unwrap();
        assert!(s.applies && !s.optional);
        assert_eq!(
            s.commands,
            ["krel stage --type official --branch release-1.35"]
        );
        assert!(s.notes.iter().any(|n| n.contains("#2981")), "{:?}", s.notes);
    }

    #[test]
    fn prerequisites_and_cleanup() {
        let p = plan_for("v1.35.0-rc.1");
        assert_eq!(&ids(&p)[..2], ["tools", "krel-version"]);
        assert_eq!(ids(&p).last(), Some(&"cleanup"));
        let tools = p.step(StepId::Tools).unwrap();
        assert_eq!(tools.estimate_minutes, 15);
        assert!(tools.commands[0].ends_with("./compile-release-tools krel"));
        assert_eq!(tools.source, Some(source::RELEASE_CUTS_HANDBOOK));
        assert!(p
            .step(StepId::KrelVersion)
            .unwrap()
            .commands
            .contains(&"krel version".to_string()));
        assert!(p
            .step(StepId::Email)
            .unwrap()
            .notes
            .iter()
            .any(|n| n.contains("`Send email? (y/N)`")));
    }

    #[test]
    fn patch_plan() {
        let p = plan_for("v1.34.3");
        assert!(ids(&p).contains(&"schedule"));
        assert!(p.step(StepId::MockStage).unwrap().optional);
        assert!(!p.step(StepId::MockStage).unwrap().applies);
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
        // Each stage job prints its own build version (kubernetes/release pkg/anago/stage.go):
        // --build-version is the no-mock one.
        assert_eq!(
            p.step(StepId::NomockRelease).unwrap().commands,
            ["krel release --type alpha --branch master --build-version v1.36.0-alpha.0.512+0123456789abcd --nomock"]
        );
        let mock = p.step(StepId::MockRelease).unwrap();
        assert_eq!(
            mock.commands,
            ["krel release --type alpha --branch master --build-version <BUILDVERSION printed by the mock stage>"]
        );
        assert!(mock.notes[0].contains("copy the BUILDVERSION from the mock stage's output"));
        let both = plan(&PlanRequest {
            tag: "v1.36.0-alpha.1".into(),
            build_version: Some("v1.36.0-alpha.0.512+0123456789abcd".into()),
            mock_build_version: Some("v1.36.0-alpha.0.509+fedcba98765432".into()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(
            both.step(StepId::MockRelease).unwrap().commands,
            ["krel release --type alpha --branch master --build-version v1.36.0-alpha.0.509+fedcba98765432"]
        );
        assert_eq!(
            both.mock_build_version.as_deref(),
            Some("v1.36.0-alpha.0.509+fedcba98765432")
        );
        assert!(p.step(StepId::NomockRelease).unwrap().notes[1]
            .contains("Really submit a --nomock release job against the master branch? (yes/no)"));

        // Handbook section 5: the new minor's OBS project must exist before alpha.1.
        assert_eq!(p.preconditions.len(), 1);
        assert!(
            p.preconditions[0].text.contains("OBS project for v1.36"),
            "{:?}",
            p.preconditions
        );
        assert!(p.preconditions[0].text.contains("HTTP Error 404"));
        assert!(p
            .runbook()
            .contains("Before you start: the OBS project for v1.36 must exist"));
        assert!(p.runbook().contains(
            "ask @release-managers in #release-management\n  per kubernetes/sig-release:release-engineering/handbooks/release-cuts.md (2026-05-28)\n"
        ));
        assert!(plan_for("v1.36.0-alpha.2").preconditions.is_empty());
        assert_eq!(
            p.step(StepId::Metrics).unwrap().commands,
            ["krel history --branch master --date-from 2026-02-03"]
        );
    }

    #[test]
    fn prerequisites_and_cautions_cite_the_handbook() {
        let p = plan_for("v1.36.0-rc.0");
        let v = serde_json::to_value(&p).unwrap();
        let texts = |key: &str| -> Vec<String> {
            v[key]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x["text"].as_str().unwrap().to_string())
                .collect()
        };
        let prereq = texts("prerequisites");
        for want in [
            "GITHUB_TOKEN",
            "k8s-infra-release-editors",
            "gcloud auth login",
            "gcloud auth application-default login",
            "moderator of dev@kubernetes.io and admin of kubernetes-announce",
        ] {
            assert!(
                prereq.iter().any(|t| t.contains(want)),
                "{want}: {prereq:#?}"
            );
        }
        let cautions = texts("cautions");
        assert!(cautions[0].contains("on hold while a release-blocking test is red"));
        assert!(cautions[1].contains("`release-1.36` is protected"));
        for x in v["prerequisites"]
            .as_array()
            .unwrap()
            .iter()
            .chain(v["cautions"].as_array().unwrap())
        {
            let url = x["source"]["url"].as_str().unwrap();
            assert!(url.starts_with("https://github.com/kubernetes/"), "{url}");
        }
        // Only an rc.0 creates a branch to protect.
        assert_eq!(plan_for("v1.36.0-rc.1").cautions.len(), 1);
        assert!(p
            .runbook()
            .contains("Prerequisites (`relcut preflight TAG` checks most):"));
    }

    /// The refusal of a plan for `tag` with the no-mock build version `bv`.
    fn refusal(tag: &str, bv: &str) -> PlanError {
        plan(&PlanRequest {
            tag: tag.into(),
            build_version: Some(bv.into()),
            ..Default::default()
        })
        .unwrap_err()
    }

    #[test]
    fn build_version_must_produce_the_tag() {
        let bad = refusal;
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

    /// Every step a plan lists, done or not, names where its rule is written, and the steps
    /// whose notes quote krel or a PR cite that first.
    #[test]
    fn every_step_cites_its_source() {
        for tag in [
            "v1.36.0-alpha.1",
            "v1.36.0-beta.0",
            "v1.37.0-rc.0",
            "v1.35.0-rc.2",
            "v1.35.0",
            "v1.35.3",
        ] {
            for s in &plan_for(tag).steps {
                assert!(!s.sources.is_empty(), "{tag} {}: no source", s.id);
                assert_eq!(s.source, s.sources.first().copied(), "{tag} {}", s.id);
                for (i, a) in s.sources.iter().enumerate() {
                    assert!(!s.sources[i + 1..].contains(a), "{tag} {}: {a} twice", s.id);
                }
            }
        }
        let p = plan_for("v1.37.0-rc.0");
        let first = |id| p.step(id).unwrap().source.unwrap();
        assert_eq!(first(StepId::NomockStage), source::KREL_SUBMIT_CHECKS);
        assert_eq!(first(StepId::NomockRelease), source::KREL_SUBMIT_CHECKS);
        assert_eq!(first(StepId::MockRelease), source::KREL_SUBMIT_CHECKS);
        assert_eq!(first(StepId::MockStage), source::KREL_BRANCH_CHECKER);
        assert_eq!(first(StepId::Email), source::KREL_ANNOUNCE_SEND);
        assert!(p
            .step(StepId::Email)
            .unwrap()
            .sources
            .contains(&source::KREL_ANNOUNCE_GMAIL));
        assert_eq!(first(StepId::PromotionJob), source::RELEASE_CUTS_HANDBOOK);
        assert_eq!(first(StepId::ReleaseSignal), source::RELEASE_CUTS_HANDBOOK);
        // Not done by an rc.0, and the handbook's `[Patch only]` says so.
        let schedule = p.step(StepId::Schedule).unwrap();
        assert!(!schedule.applies);
        assert_eq!(schedule.source, Some(step::STEP_KINDS_SOURCE));
        let patch = plan_for("v1.35.3");
        let schedule = patch.step(StepId::Schedule).unwrap();
        assert_eq!(
            schedule.sources,
            [
                source::SCHEDULE_BUILDER,
                source::EXTRA_UPCOMING,
                source::RELEASE_CUTS_HANDBOOK
            ]
        );
        let book = patch.runbook();
        assert!(
            book.contains("      per kubernetes/release:cmd/schedule-builder/cmd/markdown.go (2026-08-31); kubernetes/release#4413 (2026-05-26);"),
            "{book}"
        );
    }

    /// A patch skips the mock runs (kubernetes/sig-release#2981), so a mock build version has
    /// nothing to fill in unless --with-mock adds them back: said, not silently dropped.
    #[test]
    fn mock_build_version_without_the_mock_runs_is_noted() {
        let req = |with_mock| PlanRequest {
            tag: "v1.35.3".into(),
            mock_build_version: Some("v1.35.2-3+0123456789abcd".into()),
            with_mock,
            ..Default::default()
        };
        let p = plan(&req(false)).unwrap();
        assert_eq!(p.notes.len(), 1, "{:?}", p.notes);
        assert!(p.notes[0].text.starts_with(
            "--mock-build-version `v1.35.2-3+0123456789abcd` applies only with --with-mock"
        ));
        assert_eq!(p.notes[0].source, source::PATCH_SKIPS_MOCK);
        assert!(p.runbook().contains("\nNote: --mock-build-version"));
        let with = plan(&req(true)).unwrap();
        assert!(with.notes.is_empty(), "{:?}", with.notes);
        assert_eq!(
            with.step(StepId::MockRelease).unwrap().commands,
            ["krel release --type official --branch release-1.35 --build-version v1.35.2-3+0123456789abcd"]
        );
        // Only a patch skips them: an rc uses the mock build version without --with-mock.
        let rc = plan(&PlanRequest {
            tag: "v1.35.0-rc.1".into(),
            mock_build_version: Some("v1.35.0-rc.0.4+0123456789abcd".into()),
            ..Default::default()
        })
        .unwrap();
        assert!(rc.notes.is_empty(), "{:?}", rc.notes);
    }

    /// A refusal that applies a krel rule names the krel file, as `relcut versions` does.
    #[test]
    fn krel_refusals_cite_their_rule() {
        let bad = |tag: &str, bv: &str| refusal(tag, bv).rule_source();
        assert_eq!(
            bad("v1.35.1", "v1.34.0-3+0123456789abcd"),
            Some(source::KREL_BRANCH_CHECKER)
        );
        assert_eq!(
            bad("v1.35.0-rc.2", "v1.35.0-rc.0.5+0123456789abcd"),
            Some(source::KREL_RELEASE_VERSION)
        );
        assert_eq!(
            bad("v1.35.0-rc.1", "v1.35.0-rc.1"),
            None,
            "a malformed input, no krel rule"
        );
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
