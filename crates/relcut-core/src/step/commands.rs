//! What each step's row in the step table says for one cut: the commands to copy, the notes
//! and the sources they follow. The plan ([`crate::plan`]) computes the facts of the cut once
//! ([`Cut`]) and asks each row.
//!
//! The handbook describes every step; a step whose commands or notes follow a more precise rule
//! (a krel file, a PR) cites that first.

use crate::promotion::Promotion;
use crate::source::{self, Source};
use crate::version::{Branch, CutKind, PreRelease, Tag};

use super::Applies;

/// What the commands and notes of the steps depend on, computed once per plan.
pub(crate) struct Cut<'a> {
    pub tag: Tag,
    pub kind: CutKind,
    pub branch: Branch,
    pub promo: &'a Promotion,
    /// `krel stage --type T --branch B`.
    pub stage: String,
    pub mock_release: String,
    pub nomock_release: String,
    /// An rc.0 cut is judged on master's boards: release-X.Y's dashboards appear only after
    /// the branch is created.
    pub testgrid_branch: String,
    /// The day of the cut for `krel history --date-from`, or its placeholder.
    pub date: String,
    /// The build versions as given (`--build-version`, `--mock-build-version`).
    pub build_version: Option<&'a str>,
    pub mock_build_version: Option<&'a str>,
}

/// A step's part of the plan for one cut.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Planned {
    pub commands: Vec<String>,
    pub notes: Vec<String>,
    pub sources: Vec<Source>,
}

/// The commands and notes, following `sources` and then the handbook.
fn per(sources: &[Source], commands: Vec<String>, notes: Vec<String>) -> Planned {
    let mut sources = sources.to_vec();
    sources.push(source::RELEASE_CUTS_HANDBOOK);
    Planned {
        commands,
        notes,
        sources,
    }
}

/// The commands and notes, following the handbook.
fn handbook(commands: Vec<String>, notes: Vec<String>) -> Planned {
    per(&[], commands, notes)
}

pub(super) fn tools(_: &Cut<'_>, _: Applies) -> Planned {
    handbook(
        vec![
            "cd release && git checkout master && git pull origin master && ./compile-release-tools krel".into(),
            "go install sigs.k8s.io/promo-tools/v4/cmd/kpromo@main".into(),
            "go install k8s.io/release/cmd/schedule-builder@latest".into(),
            "gcloud components update".into(),
        ],
        vec![
            "always recompile krel before a cut: `krel stage` stops with `local HEAD (...) is not equal to latest remote commit (...)` when your kubernetes/release checkout is behind".into(),
            "update Go to the latest stable release too".into(),
        ],
    )
}

/// The handbook says to paste it; the template has the Release Tools Version field.
pub(super) fn krel_version(c: &Cut<'_>, _: Applies) -> Planned {
    per(
        &[source::RELEASE_CUTS_HANDBOOK, source::CUT_ISSUE_TEMPLATE],
        vec![format!("relcut checklist render {}", c.tag), "krel version".into()],
        vec!["open the cut issue in kubernetes/sig-release from the `Cut a release` template (relcut's render fills it in for this cut) and paste `krel version` into Release Tools Version; GitTreeState must be clean".into()],
    )
}

pub(super) fn release_signal(_: &Cut<'_>, _: Applies) -> Planned {
    handbook(
        vec![],
        vec![
            "ask Release Signal in #release-management for a green signal on the day of the cut"
                .into(),
        ],
    )
}

pub(super) fn slack_thread(c: &Cut<'_>, _: Applies) -> Planned {
    handbook(
        vec![],
        vec![format!(
            "start a thread `:thread: Release Cut {} (GH Issue)` in #release-management and link it on the cut issue",
            c.tag
        )],
    )
}

pub(super) fn testgrid(c: &Cut<'_>, _: Applies) -> Planned {
    handbook(
        vec![format!("krel testgridshot --branch {}", c.testgrid_branch)],
        vec!["post the output on the cut issue; stop the cut if a blocking job fails".into()],
    )
}

pub(super) fn publishing_bot(_: &Cut<'_>, _: Applies) -> Planned {
    handbook(
        vec!["gh issue view 56876 --repo kubernetes/kubernetes --json state --jq .state".into()],
        vec!["kubernetes/kubernetes#56876 must be CLOSED; if it is open, stop the cut and tell #release-management".into()],
    )
}

/// The mock stage: the branch it creates, the OBS precondition, why a patch has it at all.
pub(super) fn mock_stage(c: &Cut<'_>, applies: Applies) -> Planned {
    let (tag, branch) = (c.tag, c.branch);
    let mut sources = Vec::new();
    let mut notes = Vec::new();
    if let (CutKind::Patch, Applies::Required) = (c.kind, applies) {
        notes.push(patch_mock_note());
        sources.push(source::PATCH_SKIPS_MOCK);
    }
    if c.kind == CutKind::FirstRc {
        notes.push(format!(
            "this cut creates `{branch}` and also builds `{}`, so it takes about twice as long",
            tag.next_minor_alpha0()
        ));
        sources.push(source::KREL_BRANCH_CHECKER);
        sources.push(source::KREL_RELEASE_VERSION);
    }
    if tag.pre == Some(PreRelease::Alpha(1)) && tag.patch == 0 {
        notes.push(obs_note(&tag));
    }
    per(&sources, vec![c.stage.clone()], notes)
}

pub(super) fn mock_release(c: &Cut<'_>, _: Applies) -> Planned {
    per(
        &[source::KREL_SUBMIT_CHECKS],
        vec![c.mock_release.clone()],
        vec![match c.mock_build_version {
            Some(bv) => format!("`{bv}` is the mock stage's build version"),
            None => "copy the BUILDVERSION from the mock stage's output (its Cloud Build log), not the no-mock one; or pass --mock-build-version to fill it in".into(),
        }],
    )
}

pub(super) fn nomock_stage(c: &Cut<'_>, _: Applies) -> Planned {
    per(
        &[source::KREL_SUBMIT_CHECKS],
        vec![format!("{} --nomock", c.stage)],
        vec![
            really_submit(c.branch),
            "copy the BUILDVERSION it prints for the no-mock release (each stage prints its own), but do not release yet".into(),
        ],
    )
}

/// krel's prompt before a no-mock job.
fn really_submit(branch: Branch) -> String {
    format!("krel asks `Really submit a --nomock release job against the {branch} branch? (yes/no)`: answer `yes`")
}

/// The promotion PRs `kpromo pr` opens and what to know about them.
pub(super) fn image_promotion(c: &Cut<'_>, _: Applies) -> Planned {
    let mut notes: Vec<String> = c
        .promo
        .pull_requests
        .iter()
        .map(|pr| {
            format!(
                "opens `{}` from branch `{}` (delete that branch from your fork before a re-run)",
                pr.title, pr.branch
            )
        })
        .collect();
    if c.promo.pull_requests.len() > 1 {
        notes.push(format!(
            "promo-tools' guidance: one PR per tag, both must merge ({})",
            c.promo.source
        ));
    }
    if let Some(one) = &c.promo.one_pr {
        notes.push(format!(
            "or both tags in one PR, as recent cuts did ({}): `{}` opens `{}`",
            one.source, one.pull_request.command, one.pull_request.title
        ));
    }
    notes.extend(c.promo.legacy_note());
    notes.push("get /lgtm and /approve from Release Managers, then /unhold".into());
    let mut sources = vec![c.promo.source];
    sources.extend(c.promo.one_pr.as_ref().map(|one| one.source));
    per(&sources, c.promo.commands(), notes)
}

pub(super) fn promotion_job(c: &Cut<'_>, _: Applies) -> Planned {
    let mut notes = vec!["watch https://prow.k8s.io/?job=post-k8sio-image-promo for the run of YOUR merge commit (the latest green run may be someone else's)".to_string()];
    if c.promo.pull_requests.len() > 1 {
        notes.push("the job must succeed for every promotion PR before the no-mock release".into());
    }
    notes.push("a failure with 429 / quota errors can be rerun from the prow page".into());
    handbook(
        vec!["relcut check promotion-job --pr <number of the merged promotion PR>".into()],
        notes,
    )
}

/// krel's prompt, then the handbook's order (promotion job before the release).
pub(super) fn nomock_release(c: &Cut<'_>, _: Applies) -> Planned {
    per(
        &[source::KREL_SUBMIT_CHECKS],
        vec![format!("{} --nomock", c.nomock_release)],
        vec![
            match c.build_version {
                Some(bv) => format!("`{bv}` is the no-mock stage's build version; only after the promotion job succeeded"),
                None => "copy the BUILDVERSION from the no-mock stage's output (not the mock stage's), or pass --build-version; only after the promotion job succeeded".into(),
            },
            really_submit(c.branch),
        ],
    )
}

/// krel's announcement email: how it is sent since the move to Gmail, and its last prompt.
pub(super) fn email(c: &Cut<'_>, _: Applies) -> Planned {
    let tag = c.tag;
    per(
        &[source::KREL_ANNOUNCE_SEND, source::KREL_ANNOUNCE_GMAIL],
        vec![
            format!("krel announce send --tag {tag} --nomock"),
            format!("krel announce send -p --tag {tag} > announce.html"),
        ],
        vec![
            format!("subject `Kubernetes {tag} is live!` to kubernetes-announce@googlegroups.com and dev@kubernetes.io; the `-p` form prints the HTML to send by hand"),
            format!("`--name`/`--email` are gone since {}: krel sends through Gmail with a browser sign-in (`--no-browser` on headless machines)", source::KREL_ANNOUNCE_GMAIL),
            "krel shows the email and asks `Send email? (y/N)`: answer `y` once it reads right (anything else sends nothing)".into(),
        ],
    )
}

pub(super) fn slack_notify(c: &Cut<'_>, _: Applies) -> Planned {
    handbook(
        vec![],
        vec![format!(
            "post `:kubernetes: Kubernetes {} is live! (shoutout to @... for helping cut the release)` with the dev@ link, and link the post on the cut issue",
            c.tag
        )],
    )
}

pub(super) fn schedule(_: &Cut<'_>, _: Applies) -> Planned {
    per(
        &[source::SCHEDULE_BUILDER, source::EXTRA_UPCOMING],
        vec![
            "schedule-builder -uc data/releases/schedule.yaml -e data/releases/eol.yaml".into(),
            "relcut schedule update --schedule data/releases/schedule.yaml --eol data/releases/eol.yaml".into(),
        ],
        vec![format!(
            "in a kubernetes/website checkout (either command; relcut never prompts, pass --extra-upcoming for a 4th upcoming release, {}); one PR covers every branch patched that day",
            source::EXTRA_UPCOMING
        )],
    )
}

pub(super) fn metrics(c: &Cut<'_>, _: Applies) -> Planned {
    per(
        &[source::RELEASE_CUTS_HANDBOOK, source::CUT_ISSUE_TEMPLATE],
        vec![format!(
            "krel history --branch {} --date-from {}",
            c.branch, c.date
        )],
        vec!["paste the table into the cut issue's Release Jobs History".into()],
    )
}

pub(super) fn branch_creation_tasks(c: &Cut<'_>, _: Applies) -> Planned {
    handbook(
        vec![],
        vec![format!(
            "open `Post Release Branch Creation Tasks for {}` from sig-release's post-release-branch-creation template; no cut against `{}` until they are done",
            c.tag, c.branch
        )],
    )
}

pub(super) fn code_thaw(c: &Cut<'_>, _: Applies) -> Planned {
    let t = c.tag;
    handbook(
        vec![],
        vec![format!(
            "test-infra PR `release-{}.{} Code Thaw and milestone applier for {}.{}`; the OBS project for {}.{} must exist",
            t.major,
            t.minor,
            t.major,
            t.minor + 1,
            t.major,
            t.minor + 1
        )],
    )
}

pub(super) fn cleanup(_: &Cut<'_>, _: Applies) -> Planned {
    handbook(
        vec![],
        vec!["close the cut issue and related issues, open issues for docs or tools you found missing, and ask the Google admins to revoke your GCP access if you no longer need it".into()],
    )
}

/// The note of a patch's mock step added back by `--with-mock`.
pub(crate) fn patch_mock_note() -> String {
    format!(
        "patch releases skip the mock runs since {}; --with-mock adds them back",
        source::PATCH_SKIPS_MOCK
    )
}

/// The handbook's warning before `alpha.1`: the new minor's OBS project must exist.
pub(crate) fn obs_note(tag: &Tag) -> String {
    format!(
        "the OBS project for v{}.{} must exist before alpha.1 (release managers set it up some days before); without it the stage fails with `osc checkout isv:kubernetes:core:prerelease:v{}.{}:build ... HTTP Error 404: Not Found`: ask @release-managers in #release-management",
        tag.major, tag.minor, tag.major, tag.minor
    )
}
