//! A new cut issue: the current sig-release template (2026-05-28), specialised for one tag.

use std::fmt::Write;

use crate::plan::{self, PlanRequest, StepId};
use crate::step::{Group, Presence, STEPS};
use crate::version::{CutKind, Tag, VersionError};

/// The labels of the template's front matter. The body carries them as prow commands
/// (`/sig release`, `/area release-eng`), so an issue opened from the rendered text gets them.
const LABELS: [&str; 2] = ["sig/release", "area/release-eng"];

/// The template's note under the scheduled date (kubernetes/sig-release#2124, 2022-12-13),
/// word for word: release managers recognise it.
const FAST_FORWARD_NOTE: &str = "_Note for v1.x.0 releases: Having this issue in open state will stop the\nperiodic run of [`krel fast-forward`](https://testgrid.k8s.io/sig-release-releng-blocking#git-repo-kubernetes-fast-forward)\nto avoid conflicts with releases running in parallel. The fast-forward will\nautomatically stop once the v1.x.0 tag is available._\n\n";

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
    let mut b = String::new();
    b.push_str("## Scheduled to happen: <!-- Tue, YYYY-MM-DD -->\n\n");
    // The template carries the note on every cut issue, whatever the release: it is about
    // x.y.0, but a release manager reads it on every cut.
    b.push_str(FAST_FORWARD_NOTE);
    b.push_str("## Release Blocking Issues\n\n<!--\n- [ ] Issue 1\n- [ ] Issue 2\n-->\n\n");
    b.push_str("## Release Steps\n\n");
    b.push_str(&step_items(tag, kind));
    b.push_str("\n## Release Tools Version\n\n<!-- Replace with output of `krel version` -->\n```\nGitVersion:    vM.m.p\nGitCommit:     191ddd0b0b49af1adb04a98e45cebdd36cae9307\nGitTreeState:  clean\nBuildDate:     YYYY-MM-DDTHH:mm:ssZ\nGoVersion:     go1.x.y\nCompiler:      gc\nPlatform:      linux/amd64\n```\n\n");
    b.push_str(&format!(
        "## Release Jobs History\n\n<!-- Replace the table with the output of `{}` -->\n",
        cmd(StepId::Metrics)
    ));
    b.push_str("| Step | Command | Link | Start | Duration | Succeeded? |\n| --- | --- | --- | --- | --- | --- |\n");
    for spec in &STEPS {
        if let (Some(label), Presence::Item) = (spec.history_label(), spec.presence(kind)) {
            let _ = writeln!(b, "| {} | `{}` | | | | |", capitalise(label), cmd(spec.id));
        }
    }
    b.push_str("\n## Action Items\n\n<!--\n- [ ] Item 1\n-->\n\n## Open Questions\n\n<!--\n- [ ] Question 1\n-->\n\n");
    b.push_str(&format!(
        "/milestone v{}.{}\n/assign <!-- @ the Release Manager responsible for this release -->\n/cc @kubernetes/release-managers\n/priority important-soon\n/kind documentation\n",
        tag.major, tag.minor
    ));
    for label in LABELS {
        let _ = writeln!(b, "/{}", label.replace('/', " "));
    }
    Ok(b)
}

/// The step items of the template for this cut, in order, groups under their bullet, items
/// the cut may leave out inside an HTML comment.
fn step_items(tag: &Tag, kind: CutKind) -> String {
    let minor = format!("{}.{}", tag.major, tag.minor);
    let next_minor = format!("{}.{}", tag.major, tag.minor + 1);
    let fill = |text: &str| {
        text.replace("{tag}", &tag.to_string())
            .replace("{branch}", &tag.branch().to_string())
            .replace("{minor}", &minor)
            .replace("{next_minor}", &next_minor)
    };
    let mut out = String::new();
    let mut open: Option<(Group, Presence)> = None;
    for spec in &STEPS {
        let (Some(item), presence) = (spec.template, spec.presence(kind)) else {
            continue;
        };
        if presence == Presence::Absent {
            continue;
        }
        let group = item.group.map(|g| (g, presence));
        if open != group {
            if let Some((_, Presence::Commented)) = open {
                out.push_str("-->\n");
            }
            if let Some((g, p)) = group {
                if p == Presence::Commented {
                    out.push_str("<!-- Uncomment for non-patch releases\n");
                }
                let _ = writeln!(out, "- {}", g.title());
            }
            open = group;
        }
        let indent = if item.group.is_some() { "  " } else { "" };
        let _ = writeln!(out, "{indent}- [ ] {}", fill(item.text));
    }
    if let Some((_, Presence::Commented)) = open {
        out.push_str("-->\n");
    }
    out
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().chain(c).collect())
        .unwrap_or_default()
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
