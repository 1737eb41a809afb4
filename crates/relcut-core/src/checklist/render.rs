//! A new cut issue: the current sig-release template (2026-05-28), specialised for one tag.

use crate::plan::{self, PlanRequest, StepId};
use crate::version::{CutKind, Tag, VersionError};

/// `Cut vX.Y.Z[-pre.N] release`: the exact form krel fast-forward looks for.
pub fn title(tag: &Tag) -> String {
    format!("Cut {tag} release")
}

/// The issue body for a cut of `tag`: the mock block uncommented for non-patch releases, the
/// branch-creation item for rc.0, the code-thaw item for x.y.0, the schedule item only for
/// patches, and the jobs table pre-filled with the exact krel commands.
pub fn render(tag: &Tag) -> Result<String, VersionError> {
    let kind = tag.cut_kind()?;
    let plan = plan::plan(&PlanRequest {
        tag: tag.to_string(),
        ..PlanRequest::default()
    })
    .map_err(|e| match e {
        plan::PlanError::Version(v) => v,
        other => unreachable_version_error(tag, &other.to_string()),
    })?;
    let cmd = |id: StepId| {
        plan.step(id)
            .and_then(|s| s.commands.first().cloned())
            .unwrap_or_default()
    };
    let is_patch = kind == CutKind::Patch;
    let branch = tag.branch();
    let mut b = String::new();
    b.push_str("## Scheduled to happen: <!-- Tue, YYYY-MM-DD -->\n\n");
    if kind == CutKind::Minor {
        b.push_str(&format!(
            "_Note for {tag}: while this issue is open, the periodic [`krel fast-forward`](https://github.com/kubernetes/release/tree/master/docs/krel) run is paused; close it once the {tag} tag is available._\n\n"
        ));
    }
    b.push_str("## Release Blocking Issues\n\n<!--\n- [ ] Issue 1\n- [ ] Issue 2\n-->\n\n");
    b.push_str("## Release Steps\n\n");
    b.push_str(
        "- [ ] Ensure a green signal has been given by Release Signal **on the day of the cut**\n",
    );
    b.push_str("- [ ] Create a thread on #release-management: <!-- Paste link to slack -->\n");
    b.push_str("- [ ] Screenshot unhealthy release branch testgrid boards\n");
    b.push_str("- [ ] Check the health of the publishing-bot <!-- check if https://github.com/kubernetes/kubernetes/issues/56876 is closed -->\n");
    let mock = "- Mock Run\n  - [ ] Stage\n  - [ ] Release\n";
    if is_patch {
        b.push_str(&format!(
            "<!-- Uncomment for non-patch releases\n{mock}-->\n"
        ));
    } else {
        b.push_str(mock);
    }
    b.push_str("- NoMock Run\n  - [ ] Stage\n  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->\n  - [ ] Release\n");
    b.push_str("- [ ] Send email notification: <!-- Paste link to kubernetes-dev email -->\n");
    b.push_str("- [ ] Notify #release-management on Slack: <!-- Paste link to slack -->\n");
    if is_patch {
        b.push_str("- [ ] Update [`schedule.yaml` file](https://github.com/kubernetes/website/blob/main/data/releases/schedule.yaml) with the latest release using [`schedule-builder`](https://github.com/kubernetes/release/tree/master/cmd/schedule-builder) (_patch releases only_) <!-- Paste Pull Request URL here -->\n");
    }
    b.push_str(&format!(
        "- [ ] Collect metrics and add them to the `Release Jobs History` table below through `krel history --branch {branch} --date-from yyyy-mm-dd` (the day of the cut)\n"
    ));
    if kind == CutKind::FirstRc {
        b.push_str(&format!("- [ ] Post-release branch creation tasks: <!-- Paste link to the `Post Release Branch Creation Tasks for {tag}` issue -->\n"));
    }
    if kind == CutKind::Minor {
        b.push_str(&format!(
            "- [ ] Code Thaw PR merged and OBS project created for the new minor release: <!-- Paste link to the test-infra PR `release-{}.{} Code Thaw and milestone applier for {}.{}` -->\n",
            tag.major,
            tag.minor,
            tag.major,
            tag.minor + 1
        ));
    }
    b.push_str("\n## Release Tools Version\n\n<!-- Replace with output of `krel version` -->\n```\nGitVersion:    vM.m.p\nGitCommit:     191ddd0b0b49af1adb04a98e45cebdd36cae9307\nGitTreeState:  clean\nBuildDate:     YYYY-MM-DDTHH:mm:ssZ\nGoVersion:     go1.x.y\nCompiler:      gc\nPlatform:      linux/amd64\n```\n\n");
    b.push_str(&format!(
        "## Release Jobs History\n\n<!-- Replace the table with the output of `{}` -->\n",
        cmd(StepId::Metrics)
    ));
    b.push_str("| Step | Command | Link | Start | Duration | Succeeded? |\n| --- | --- | --- | --- | --- | --- |\n");
    let mock = [
        ("Mock stage", StepId::MockStage),
        ("Mock release", StepId::MockRelease),
    ];
    let nomock = [
        ("Stage", StepId::NomockStage),
        ("Release", StepId::NomockRelease),
    ];
    let rows = if is_patch { &mock[..0] } else { &mock[..] }
        .iter()
        .chain(&nomock);
    for (label, id) in rows {
        b.push_str(&format!("| {label} | `{}` | | | | |\n", cmd(*id)));
    }
    b.push_str("\n## Action Items\n\n<!--\n- [ ] Item 1\n-->\n\n## Open Questions\n\n<!--\n- [ ] Question 1\n-->\n\n");
    b.push_str(&format!(
        "/milestone v{}.{}\n/assign <!-- @ the Release Manager responsible for this release -->\n/cc @kubernetes/release-managers\n/priority important-soon\n/kind documentation\n",
        tag.major, tag.minor
    ));
    Ok(b)
}

fn unreachable_version_error(tag: &Tag, why: &str) -> VersionError {
    // plan() without fork or build version fails only on the tag itself.
    VersionError {
        kind: crate::version::VersionErrorKind::Malformed,
        input: tag.to_string(),
        problem: why.to_string(),
        hint: "report this as a relcut bug".to_string(),
    }
}
