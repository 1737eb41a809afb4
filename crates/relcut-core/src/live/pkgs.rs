//! pkgs.k8s.io: the minor's deb `Packages` index and rpm `repodata` list kubeadm, kubectl and
//! kubelet at the tag's version on every architecture. Official releases and patches go to
//! `core:/stable:/vX.Y`, alpha/beta/rc to `core:/prerelease:/vX.Y` (the OBS projects
//! `isv:kubernetes:core:<stable|prerelease>:vX.Y` that `krel obs stage` and `krel obs release`
//! fill). The part of a package version after the upstream version is OBS's counter: opaque.

use std::collections::BTreeSet;

use super::{check, reply, Check, Plan, Replies, Reply, Request, State, ARCHES, PACKAGES};

const INDEX_MAX: usize = 8 * 1024 * 1024;
const REPOMD_MAX: usize = 64 * 1024;

/// OBS's rpm names for [`ARCHES`], in the same order.
const RPM_ARCHES: [&str; 4] = ["x86_64", "aarch64", "ppc64le", "s390x"];

const ASK: &str = "OBS builds them in `krel obs stage` and publishes them after `krel obs release`; publishing can lag hours. Check the build results of the OBS project; if a build failed (kubernetes/release#3632) or nothing moves after a day, ask the package maintainers in #release-management";

fn repo(plan: &Plan) -> String {
    let channel = if plan.tag.pre.is_some() {
        "prerelease"
    } else {
        "stable"
    };
    format!("{}/core:/{channel}:/v{}", plan.bases.pkgs, plan.minor())
}

fn deb_url(plan: &Plan) -> String {
    format!("{}/deb/Packages", repo(plan))
}

fn repomd_url(plan: &Plan) -> String {
    format!("{}/rpm/repodata/repomd.xml", repo(plan))
}

/// The upstream version as packages write it: `1.35.3`, `1.36.0~rc.0` (krel's RPM versions
/// turn `-` into `~`; both spellings are taken).
fn upstream_matches(plan: &Plan, upstream: &str) -> bool {
    upstream.replace('~', "-") == plan.version()
}

pub(super) fn first(plan: &Plan) -> Vec<Request> {
    vec![
        Request::get(deb_url(plan), INDEX_MAX),
        Request::get(repomd_url(plan), REPOMD_MAX),
    ]
}

/// `repodata/<hash>-primary.xml.gz` from repomd.xml.
fn primary_href(repomd: &str) -> Option<String> {
    let at = repomd.find("type=\"primary\"")?;
    let rest = &repomd[at..];
    let loc = rest.find("<location")?;
    let rest = &rest[loc..];
    let h = rest.find("href=\"")? + "href=\"".len();
    let end = rest[h..].find('"')?;
    Some(rest[h..h + end].to_string())
}

fn primary_url(plan: &Plan, replies: &Replies) -> Option<String> {
    let r = reply(replies, &repomd_url(plan));
    if r.status() != Some(200) {
        return None;
    }
    primary_href(&r.text()).map(|h| format!("{}/rpm/{}", repo(plan), h.trim_start_matches('/')))
}

pub(super) fn second(plan: &Plan, first: &Replies) -> Vec<Request> {
    primary_url(plan, first)
        .map(|u| Request::get(u, INDEX_MAX))
        .into_iter()
        .collect()
}

/// (package, architecture) pairs of a deb `Packages` file whose version is the tag's.
pub(super) fn deb_entries(plan: &Plan, text: &str) -> BTreeSet<(String, String)> {
    let mut out = BTreeSet::new();
    for para in text.split("\n\n") {
        let field = |name: &str| {
            para.lines()
                .find_map(|l| l.strip_prefix(name).and_then(|r| r.strip_prefix(':')))
                .map(str::trim)
        };
        let (Some(p), Some(v), Some(a)) =
            (field("Package"), field("Version"), field("Architecture"))
        else {
            continue;
        };
        let v = v.split_once(':').map_or(v, |(_, rest)| rest);
        let upstream = v.rsplit_once('-').map_or(v, |(u, _)| u);
        if upstream_matches(plan, upstream) {
            out.insert((p.to_string(), a.to_string()));
        }
    }
    out
}

/// (package, architecture) pairs of an rpm `primary.xml` whose version is the tag's.
fn rpm_entries(plan: &Plan, xml: &str) -> BTreeSet<(String, String)> {
    let between = |s: &str, open: &str, close: &str| -> Option<String> {
        let a = s.find(open)? + open.len();
        let b = s[a..].find(close)?;
        Some(s[a..a + b].trim().to_string())
    };
    xml.split("<package ")
        .skip(1)
        .filter_map(|p| {
            let name = between(p, "<name>", "</name>")?;
            let arch = between(p, "<arch>", "</arch>")?;
            let ver = between(p, " ver=\"", "\"")?;
            upstream_matches(plan, &ver).then_some((name, arch))
        })
        .collect()
}

/// The gzip member's content (RFC 1952), at most `limit` bytes.
fn gunzip(data: &[u8], limit: usize) -> Option<Vec<u8>> {
    if data.len() < 18 || data[0] != 0x1f || data[1] != 0x8b || data[2] != 8 {
        return None;
    }
    let flags = data[3];
    let mut at = 10;
    if flags & 4 != 0 {
        let n = usize::from(*data.get(at)?) | usize::from(*data.get(at + 1)?) << 8;
        at += 2 + n;
    }
    for bit in [8, 16] {
        if flags & bit != 0 {
            at += data.get(at..)?.iter().position(|b| *b == 0)? + 1;
        }
    }
    if flags & 2 != 0 {
        at += 2;
    }
    miniz_oxide::inflate::decompress_to_vec_with_limit(data.get(at..)?, limit).ok()
}

fn verdict(
    id: &str,
    url: &str,
    have: &BTreeSet<(String, String)>,
    arches: &[&str],
    plan: &Plan,
) -> Check {
    let mut lacking = Vec::new();
    for p in PACKAGES {
        for a in arches {
            if !have.contains(&(p.to_string(), (*a).to_string())) {
                lacking.push(format!("{p}/{a}"));
            }
        }
    }
    let v = plan.version();
    if lacking.is_empty() {
        check(
            id,
            State::Ok,
            url,
            format!("{} at {v} on {}", PACKAGES.join(", "), arches.join(", ")),
            "",
        )
    } else {
        check(
            id,
            State::Missing,
            url,
            format!("no {v} for {}", lacking.join(", ")),
            ASK,
        )
    }
}

fn unreadable(id: &str, url: &str, r: &Reply, what: &str, plan: &Plan) -> Option<Check> {
    if let Some(why) = r.unknown(what) {
        return Some(check(
            id,
            State::Unknown,
            url,
            why,
            "Run again in a few minutes; if pkgs.k8s.io keeps failing, ask #sig-k8s-infra",
        ));
    }
    if r.status() != Some(200) {
        return Some(check(
            id,
            State::Missing,
            url,
            format!(
                "{what} does not exist (404): the repository of v{} is not published",
                plan.minor()
            ),
            ASK,
        ));
    }
    if matches!(
        r,
        Reply::Answer {
            truncated: true,
            ..
        }
    ) {
        return Some(check(
            id,
            State::Unknown,
            url,
            format!(
                "{what} is larger than {} MiB; relcut does not read further",
                INDEX_MAX / 1024 / 1024
            ),
            "Check it by hand",
        ));
    }
    None
}

/// The rpm primary index as text: gzip (what OBS publishes, told by its magic bytes) or plain
/// XML.
fn primary_xml(r: &Reply) -> Option<String> {
    let Reply::Answer { body, .. } = r else {
        return None;
    };
    let bytes = if body.starts_with(&[0x1f, 0x8b]) {
        gunzip(body, INDEX_MAX)?
    } else if body.trim_ascii_start().starts_with(b"<") {
        body.clone()
    } else {
        return None;
    };
    Some(String::from_utf8_lossy(&bytes).into_owned())
}

fn rpm(plan: &Plan, replies: &Replies) -> Check {
    let repomd = repomd_url(plan);
    let r = reply(replies, &repomd);
    if let Some(c) = unreadable("pkgs/rpm", &repomd, &r, "the rpm repomd.xml", plan) {
        return c;
    }
    let Some(primary) = primary_url(plan, replies) else {
        return check(
            "pkgs/rpm",
            State::Wrong,
            &repomd,
            "repomd.xml names no primary index".into(),
            ASK,
        );
    };
    let p = reply(replies, &primary);
    if let Some(c) = unreadable("pkgs/rpm", &primary, &p, "the rpm primary index", plan) {
        return c;
    }
    match primary_xml(&p) {
        Some(xml) => verdict(
            "pkgs/rpm",
            &primary,
            &rpm_entries(plan, &xml),
            &RPM_ARCHES,
            plan,
        ),
        None => check(
            "pkgs/rpm",
            State::Unknown,
            &primary,
            "the rpm primary index is neither gzip nor plain XML; relcut cannot read it".into(),
            "Check it by hand with `dnf repoquery`",
        ),
    }
}

pub(super) fn judge(plan: &Plan, replies: &Replies) -> Vec<Check> {
    let deb = deb_url(plan);
    let r = reply(replies, &deb);
    let deb_check = unreadable("pkgs/deb", &deb, &r, "the deb Packages index", plan)
        .unwrap_or_else(|| {
            verdict(
                "pkgs/deb",
                &deb,
                &deb_entries(plan, &r.text()),
                &ARCHES,
                plan,
            )
        });
    vec![deb_check, rpm(plan, replies)]
}
