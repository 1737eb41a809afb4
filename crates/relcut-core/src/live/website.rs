//! kubernetes/website `data/releases/schedule.yaml` after a patch: the patch is in its minor's
//! `previousPatches`. When it is not, the fix is the whole way to the pull request: the
//! branch, the `relcut schedule update` run (schedule-builder's `-uc ... -e ...`, byte for
//! byte) and the `gh pr create` with the title and body earlier schedule PRs had
//! (kubernetes/website#51625 "Update patch release schedule", cc the release managers;
//! #46388 "Updated running:" and the command).

use super::{check, Check, Plan, State};
use crate::schedule::PatchSchedule;

/// The title of the schedule PR (kubernetes/website#51625, #52319).
pub const PR_TITLE: &str = "Update patch release schedule";

/// The branch for the schedule PR of `tag`.
pub fn branch(tag: &crate::Tag) -> String {
    format!("update-patch-schedule-{tag}")
}

/// The commands from a kubernetes/website checkout to an open PR.
pub fn stale_fix(tag: &crate::Tag) -> String {
    let branch = branch(tag);
    let update = "relcut schedule update --schedule data/releases/schedule.yaml --eol data/releases/eol.yaml";
    let body = format!(
        "Updated running:\n\n    {update}\n\n(schedule-builder -uc data/releases/schedule.yaml -e data/releases/eol.yaml, byte for byte) after {tag}.\n\ncc @kubernetes/release-managers"
    );
    [
        "The schedule is updated for patch releases only; one PR covers every branch cut the same day. First look for an open one: `gh pr list --repo kubernetes/website --search \"schedule in:title is:open\"`. Else, in a kubernetes/website checkout (the daily update-schedule workflow cannot push, kubernetes/website#54940):".to_string(),
        format!("git fetch origin main && git switch -c {branch} origin/main"),
        update.to_string(),
        format!("git commit -am '{PR_TITLE}' && git push -u <your-fork> {branch}"),
        format!("gh pr create --repo kubernetes/website --base main --head <your-login>:{branch} --title '{PR_TITLE}' --body '{body}'"),
        "Ask #sig-docs for the approval.".to_string(),
    ]
    .join("\n")
}

pub(super) fn judge(plan: &Plan, schedule: &PatchSchedule, url: &str) -> Check {
    let id = "website/schedule";
    let minor = plan.minor();
    let patch = plan.version();
    let same = |r: &Option<String>| {
        r.as_deref()
            .is_some_and(|r| r.trim().trim_start_matches('v') == patch)
    };
    let Some(sched) = schedule
        .schedules
        .iter()
        .find(|s| s.release.as_deref().map(str::trim) == Some(minor.as_str()))
    else {
        return check(
            id,
            State::Missing,
            url,
            format!("schedule.yaml on main lists no {minor}, so kubernetes.io does not show {patch}"),
            "A minor is added to the schedule by hand when it is released, and leaves it at its end of life: ask #release-management",
        );
    };
    if sched.previous_patches.iter().any(|p| same(&p.release)) {
        return check(
            id,
            State::Ok,
            url,
            format!("schedule.yaml on main lists {patch} among the {minor} patches"),
            "",
        );
    }
    let seen = match &sched.next {
        Some(n) if same(&n.release) => {
            format!("schedule.yaml on main still has {patch} as {minor}'s next patch")
        }
        _ => format!("schedule.yaml on main does not list {patch} among the {minor} patches"),
    };
    check(id, State::Missing, url, seen, &stale_fix(&plan.tag))
}
