//! dl.k8s.io: the `.sha256` of every binary per platform under `release/<tag>/bin/`, and the
//! version markers `krel release` writes (kubernetes/release `pkg/release/publish.go`: a
//! marker only moves forward, so a newer release may already have replaced the tag).

use super::{check, reply, Check, Plan, Replies, Request, State, PLATFORMS, PLATFORMS_SOURCE};
use crate::version::Tag;

const MARKER_MAX: usize = 256;

const ASK: &str = "the release job (`krel release`) pushes them; check its Cloud Build log (`krel history`) and ask #release-management";

fn sha_url(plan: &Plan, platform: &str, file: &str) -> String {
    format!(
        "{}/release/{}/bin/{platform}/{file}.sha256",
        plan.bases.dl, plan.tag
    )
}

/// The markers the tag must move: `stable-X.Y.txt` and `stable.txt` for a patch or official,
/// `latest-X.Y.txt` for a pre-release.
fn markers(plan: &Plan) -> Vec<String> {
    if plan.tag.pre.is_some() {
        vec![format!("latest-{}.txt", plan.minor())]
    } else {
        vec![format!("stable-{}.txt", plan.minor()), "stable.txt".into()]
    }
}

fn marker_url(plan: &Plan, marker: &str) -> String {
    format!("{}/release/{marker}", plan.bases.dl)
}

pub(super) fn requests(plan: &Plan) -> Vec<Request> {
    let mut out = Vec::new();
    for (platform, files) in PLATFORMS {
        for f in files {
            out.push(Request::head(sha_url(plan, platform, f)));
        }
    }
    for m in markers(plan) {
        out.push(Request::get(marker_url(plan, &m), MARKER_MAX).with("cache-control", "no-cache"));
    }
    out
}

pub(super) fn judge(plan: &Plan, replies: &Replies) -> Vec<Check> {
    let mut out = Vec::new();
    for (platform, files) in PLATFORMS {
        let id = format!("dl/{}", platform.replace('/', "-"));
        let mut missing = Vec::new();
        let mut unknown = Vec::new();
        let mut first_bad = None;
        for f in files {
            let url = sha_url(plan, platform, f);
            let r = reply(replies, &url);
            if let Some(why) = r.unknown("dl.k8s.io") {
                unknown.push(format!("{f}: {why}"));
                first_bad.get_or_insert(url);
            } else if r.status() != Some(200) {
                missing.push(format!("{f}.sha256"));
                first_bad.get_or_insert(url);
            }
        }
        let url = first_bad
            .unwrap_or_else(|| format!("{}/release/{}/bin/{platform}/", plan.bases.dl, plan.tag));
        let c = if !missing.is_empty() {
            check(
                &id,
                State::Missing,
                &url,
                format!("{platform}: no {} (404)", missing.join(", ")),
                &format!("The binaries are not published: {ASK}"),
            )
        } else if !unknown.is_empty() {
            check(
                &id,
                State::Unknown,
                &url,
                unknown.join("; "),
                "Run again in a few minutes; if dl.k8s.io keeps failing, ask #sig-k8s-infra",
            )
        } else {
            check(
                &id,
                State::Ok,
                &url,
                format!(
                    "{platform}: {} ({} per {PLATFORMS_SOURCE})",
                    files.join(", "),
                    if files.len() == 1 {
                        "the client"
                    } else {
                        "server, node and client binaries"
                    }
                ),
                "",
            )
        };
        out.push(c);
    }
    for m in markers(plan) {
        out.push(marker(plan, replies, &m));
    }
    out
}

fn marker(plan: &Plan, replies: &Replies, name: &str) -> Check {
    let url = marker_url(plan, name);
    let id = format!("dl/{name}");
    let tag = plan.tag;
    let r = reply(replies, &url);
    if let Some(why) = r.unknown("dl.k8s.io") {
        return check(&id, State::Unknown, &url, why, "Run again in a few minutes");
    }
    let fix = format!("`krel release` writes {name} after pushing the binaries and checks it for 3 minutes; dl.k8s.io may lag a few minutes. If it stays, {ASK}");
    if r.status() != Some(200) {
        return check(
            &id,
            State::Missing,
            &url,
            format!("{name} does not exist (404)"),
            &fix,
        );
    }
    let text = r.text();
    let seen = text.trim();
    let Ok(named) = Tag::parse(seen) else {
        return check(
            &id,
            State::Wrong,
            &url,
            format!(
                "{name} does not name a release: `{}`",
                seen.chars().take(60).collect::<String>()
            ),
            &fix,
        );
    };
    match crate::images::order(&named).cmp(&crate::images::order(&tag)) {
        std::cmp::Ordering::Equal => check(&id, State::Ok, &url, format!("{name} names {tag}"), ""),
        std::cmp::Ordering::Greater => check(
            &id,
            State::Ok,
            &url,
            format!("{name} names {named}, newer than {tag} (a marker only moves forward)"),
            "",
        ),
        std::cmp::Ordering::Less => check(
            &id,
            State::Wrong,
            &url,
            format!("{name} still names {named}, older than {tag}"),
            &fix,
        ),
    }
}
