//! GitHub: the release of kubernetes/kubernetes for the tag (published, pre-release exactly
//! for alpha/beta/rc, "latest" only for the newest minor's patch or official), the tag's
//! section in `CHANGELOG/CHANGELOG-X.Y.md`, and for a patch the website's
//! `data/releases/schedule.yaml`.

use serde::Deserialize;

use super::{check, reply, Check, Plan, Replies, Reply, Request, State};
use crate::schedule::PatchSchedule;
use crate::version::Tag;

const RELEASE_MAX: usize = 512 * 1024;
/// The tag's section is near the top, and the table of contents at the very top links every
/// section: the start of the file is enough.
const CHANGELOG_MAX: usize = 256 * 1024;
const SCHEDULE_MAX: usize = 512 * 1024;
const RAW: &str = "application/vnd.github.raw";
const JSON: &str = "application/vnd.github+json";

const ASK: &str = "`krel release --nomock` does this as its last step; check the release job's log (`krel history`) and ask #release-management";

fn release_url(plan: &Plan) -> String {
    format!(
        "{}/repos/kubernetes/kubernetes/releases/tags/{}",
        plan.bases.github_api, plan.tag
    )
}

fn latest_url(plan: &Plan) -> String {
    format!(
        "{}/repos/kubernetes/kubernetes/releases/latest",
        plan.bases.github_api
    )
}

fn changelog_url(plan: &Plan) -> String {
    format!(
        "{}/repos/kubernetes/kubernetes/contents/CHANGELOG/CHANGELOG-{}.md?ref=master",
        plan.bases.github_api,
        plan.minor()
    )
}

pub(super) fn schedule_url(plan: &Plan) -> String {
    format!(
        "{}/repos/kubernetes/website/contents/data/releases/schedule.yaml?ref=main",
        plan.bases.github_api
    )
}

pub(super) fn requests(plan: &Plan) -> Vec<Request> {
    let mut out = vec![
        Request::get(release_url(plan), RELEASE_MAX).with("accept", JSON),
        Request::get(latest_url(plan), RELEASE_MAX).with("accept", JSON),
        Request::get(changelog_url(plan), CHANGELOG_MAX).with("accept", RAW),
    ];
    if plan.tag.is_patch() {
        out.push(Request::get(schedule_url(plan), SCHEDULE_MAX).with("accept", RAW));
    }
    out
}

#[derive(Deserialize)]
struct Release {
    tag_name: String,
    #[serde(default)]
    draft: bool,
    #[serde(default)]
    prerelease: bool,
    #[serde(default)]
    html_url: String,
}

const RETRY: &str = "Run again; if GitHub keeps failing, set GITHUB_TOKEN (anonymous calls are limited to 60 an hour)";

pub(super) fn judge(plan: &Plan, replies: &Replies) -> Vec<Check> {
    let mut out = vec![
        release(plan, replies),
        latest(plan, replies),
        changelog(plan, replies),
    ];
    if plan.tag.is_patch() {
        out.push(website(plan, replies));
    }
    out
}

fn release(plan: &Plan, replies: &Replies) -> Check {
    let url = release_url(plan);
    let id = "github/release";
    let tag = plan.tag;
    let r = reply(replies, &url);
    if let Some(why) = r.unknown("GitHub") {
        return check(id, State::Unknown, &url, why, RETRY);
    }
    if r.status() == Some(404) {
        return check(
            id,
            State::Missing,
            &url,
            format!("kubernetes/kubernetes has no release for {tag} (404)"),
            ASK,
        );
    }
    let Ok(rel) = serde_json::from_str::<Release>(&r.text()) else {
        return check(
            id,
            State::Unknown,
            &url,
            "GitHub sent a release relcut cannot read".into(),
            RETRY,
        );
    };
    let want_pre = tag.pre.is_some();
    if rel.draft {
        return check(
            id,
            State::Wrong,
            &url,
            format!("the release {} is a draft", rel.tag_name),
            &format!("Publish it: `gh release edit {tag} --repo kubernetes/kubernetes --draft=false`; krel creates it published, so ask #release-management why it is not"),
        );
    }
    if rel.prerelease != want_pre {
        let (is, should) = if rel.prerelease {
            ("marked pre-release", "an official release or patch")
        } else {
            ("not marked pre-release", "an alpha, beta or rc")
        };
        return check(
            id,
            State::Wrong,
            &url,
            format!("the release {} is {is}, but {tag} is {should}", rel.tag_name),
            &format!("`gh release edit {tag} --repo kubernetes/kubernetes --prerelease={want_pre}`; ask #release-management"),
        );
    }
    check(
        id,
        State::Ok,
        &url,
        format!(
            "published{}: {}",
            if want_pre { ", pre-release" } else { "" },
            rel.html_url
        ),
        "",
    )
}

fn latest(plan: &Plan, replies: &Replies) -> Check {
    let url = latest_url(plan);
    let id = "github/latest";
    let tag = plan.tag;
    let r = reply(replies, &url);
    if let Some(why) = r.unknown("GitHub") {
        return check(id, State::Unknown, &url, why, RETRY);
    }
    let latest = serde_json::from_str::<Release>(&r.text())
        .ok()
        .and_then(|l| Tag::parse(&l.tag_name).ok());
    let Some(latest) = latest.filter(|_| r.status() == Some(200)) else {
        return check(
            id,
            State::Unknown,
            &url,
            "GitHub names no latest release of kubernetes/kubernetes".into(),
            RETRY,
        );
    };
    let order = crate::images::order;
    let fix_to = |v: &Tag| {
        format!("`gh release edit {v} --repo kubernetes/kubernetes --latest`; krel sets `make_latest` for the newest official release, so ask #release-management")
    };
    if tag.pre.is_some() {
        return if latest == tag {
            check(
                id,
                State::Wrong,
                &url,
                format!("{tag} is a pre-release but is marked latest"),
                &format!(
                    "Mark the newest official release latest: {}",
                    "`gh release edit vX.Y.Z --repo kubernetes/kubernetes --latest`"
                ),
            )
        } else {
            check(
                id,
                State::Ok,
                &url,
                format!("latest is {latest}; a pre-release never is"),
                "",
            )
        };
    }
    match order(&latest).cmp(&order(&tag)) {
        std::cmp::Ordering::Equal => check(
            id,
            State::Ok,
            &url,
            format!("{tag} is the latest release"),
            "",
        ),
        std::cmp::Ordering::Greater => check(
            id,
            State::Ok,
            &url,
            format!("latest is {latest}, newer than {tag}: {tag} is not expected to be latest"),
            "",
        ),
        std::cmp::Ordering::Less => check(
            id,
            State::Wrong,
            &url,
            format!("latest is still {latest}, older than {tag}"),
            &fix_to(&tag),
        ),
    }
}

/// `v1.35.3` → `v1353`: GitHub's anchor of the `# v1.35.3` heading, as the table of contents
/// links it.
fn anchor(tag: &Tag) -> String {
    tag.to_string().replace('.', "")
}

fn changelog(plan: &Plan, replies: &Replies) -> Check {
    let url = changelog_url(plan);
    let id = "github/changelog";
    let tag = plan.tag;
    let file = format!("CHANGELOG/CHANGELOG-{}.md", plan.minor());
    let r = reply(replies, &url);
    if let Some(why) = r.unknown("GitHub") {
        return check(id, State::Unknown, &url, why, RETRY);
    }
    if r.status() == Some(404) {
        return check(
            id,
            State::Missing,
            &url,
            format!("{file} does not exist on master (404)"),
            ASK,
        );
    }
    let text = r.text();
    let heading = text.lines().any(|l| l.trim_end() == format!("# {tag}"));
    let toc = text.contains(&format!("[{tag}](#{})", anchor(&tag)));
    if heading || toc {
        check(
            id,
            State::Ok,
            &url,
            format!("{file} has the {tag} section"),
            "",
        )
    } else {
        check(
            id,
            State::Missing,
            &url,
            format!("{file} on master has no {tag} section"),
            &format!("The release job pushes the CHANGELOG to master (\"CHANGELOG: Update directory for {tag} release\"); {ASK}"),
        )
    }
}

fn website(plan: &Plan, replies: &Replies) -> Check {
    let url = schedule_url(plan);
    let id = "website/schedule";
    let r = reply(replies, &url);
    if let Some(why) = r.unknown("GitHub (kubernetes/website)") {
        return check(id, State::Unknown, &url, why, RETRY);
    }
    if r.status() == Some(404) || matches!(&*r, Reply::Failed(_)) {
        return check(
            id,
            State::Unknown,
            &url,
            "kubernetes/website has no data/releases/schedule.yaml on main (404)".into(),
            RETRY,
        );
    }
    let schedule = match PatchSchedule::parse(&r.text()) {
        Ok(s) => s,
        Err(e) => {
            return check(
                id,
                State::Unknown,
                &url,
                format!("schedule.yaml on main: {e}"),
                "Ask #sig-docs",
            )
        }
    };
    super::website::judge(plan, &schedule, &url)
}
