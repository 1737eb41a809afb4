//! Who can make relcut act on a public repository, and how much work one issue may cost
//! (issue #19, items 1 and 3). On kubernetes/sig-release anyone can open an issue titled
//! `Cut v1.36.0-rc.1 release`, and on prow-managed repositories anyone can add `sig/*` labels
//! and `/assign` org members, so neither a title nor a label says who is cutting.
//!
//! - An issue is a **trusted cut** only if its title names a release AND its author has at
//!   least `min-permission` on the repository, or the cut label was applied by someone who has
//!   (read from the events; a label applied then removed counts no more). An untrusted
//!   issue gets no status comment, no ping, no label and no scheduled check.
//! - At most [`crate::checklist::MAX_PROMOTION_PRS`] promotion PRs are checked per issue; the rest are named in a
//!   warning, so 300 links cost what 4 do.
//! - The scheduled run checks trusted waiting issues, members' first and oldest first, at most
//!   [`MAX_SCHEDULED_CHECKS`] per run ([`scheduled_checks`]): every waiting cut is checked
//!   within a bounded number of runs, whatever else waits, and untrusted issues never take a
//!   slot.
//!
//! Pure: the caller reads the permissions and the events (once per run) and passes them in.

use serde::Serialize;

use crate::checklist::version_from_title;

/// GitHub's repository permission ladder, lowest first (the collaborator-permission API's
/// `role_name`, custom roles mapped to their base).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Permission {
    None,
    Read,
    Triage,
    Write,
    Maintain,
    Admin,
}

impl Permission {
    pub const ALL: [Permission; 6] = [
        Permission::None,
        Permission::Read,
        Permission::Triage,
        Permission::Write,
        Permission::Maintain,
        Permission::Admin,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Permission::None => "none",
            Permission::Read => "read",
            Permission::Triage => "triage",
            Permission::Write => "write",
            Permission::Maintain => "maintain",
            Permission::Admin => "admin",
        }
    }

    /// `write`, `Admin`, ...; `None` for a word off the ladder.
    pub fn parse(s: &str) -> Option<Permission> {
        Permission::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(s.trim()))
    }
}

/// A person and their permission on the repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Person {
    pub login: String,
    pub permission: Permission,
}

/// Whether relcut treats an issue as a cut, and why (the reason is for the log and `status`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "trust", rename_all = "kebab-case")]
pub enum CutTrust {
    /// A cut: relcut comments, pings, labels and schedules checks for it.
    Trusted { by: String, reason: String },
    /// Not a cut relcut acts on: the CLI still reads it, the Action stays silent.
    Untrusted { reason: String },
}

impl CutTrust {
    pub fn is_trusted(&self) -> bool {
        matches!(self, CutTrust::Trusted { .. })
    }

    pub fn reason(&self) -> &str {
        match self {
            CutTrust::Trusted { reason, .. } | CutTrust::Untrusted { reason } => reason,
        }
    }
}

/// The trusted-cut rule. `labellers` are the people who applied the cut label and did not
/// remove it since (from the events), in any order.
pub fn cut_trust(title: &str, author: &Person, labellers: &[Person], min: Permission) -> CutTrust {
    if version_from_title(title).is_none() {
        return CutTrust::Untrusted {
            reason: "the title names no release (`Cut vX.Y.Z release`)".into(),
        };
    }
    if author.permission >= min {
        return CutTrust::Trusted {
            by: author.login.clone(),
            reason: format!(
                "opened by {}, who has {} permission (at least {})",
                author.login,
                author.permission.as_str(),
                min.as_str()
            ),
        };
    }
    if let Some(p) = labellers.iter().find(|p| p.permission >= min) {
        return CutTrust::Trusted {
            by: p.login.clone(),
            reason: format!(
                "labelled by {}, who has {} permission (at least {})",
                p.login,
                p.permission.as_str(),
                min.as_str()
            ),
        };
    }
    CutTrust::Untrusted {
        reason: format!(
            "opened by {} ({} permission) and not labelled by anyone with at least {}: a maintainer applies the cut label to make it a cut",
            author.login,
            author.permission.as_str(),
            min.as_str()
        ),
    }
}

/// What one label event did (the events API's `labeled` / `unlabeled`, oldest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelEvent {
    pub actor: String,
    pub label: String,
    pub added: bool,
}

/// Who applied `label` and did not see it removed after: the logins of the `labeled` events
/// since the last `unlabeled` one, each once, in order. One pass over the events.
pub fn label_appliers(events: &[LabelEvent], label: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for e in events
        .iter()
        .filter(|e| e.label.eq_ignore_ascii_case(label))
    {
        if e.added {
            if seen.insert(e.actor.to_ascii_lowercase()) {
                out.push(e.actor.clone());
            }
        } else {
            out.clear();
            seen.clear();
        }
    }
    out
}

/// Trusted waiting cuts the scheduled run checks per run.
pub const MAX_SCHEDULED_CHECKS: usize = 5;

/// A cut-titled issue that looks, from the scheduled run's listing alone (no request), as if it
/// waits on a live gate: not yet known to be a trusted cut.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub number: u64,
    /// When it was opened (RFC 3339 in UTC, as GitHub writes it): the oldest has waited longest.
    pub since: String,
    /// GitHub's `author_association` says its author belongs to the repository (`OWNER`,
    /// `MEMBER`, `COLLABORATOR`): the authors who can have `min-permission`. Only an order:
    /// the permission API decides.
    pub member: bool,
}

/// The order in which the scheduled run asks whether waiting issues are trusted cuts and checks
/// them: members' issues first (a release manager's cut costs one permission read), then the
/// rest (a cut only by a maintainer's label, or with a low `min-permission`); oldest first in
/// each. A group longer than [`MAX_SCHEDULED_CHECKS`] starts at a place drawn from `turn`
/// (the run's slot) and wraps, so past the bound each issue still comes first in some run:
/// none is starved by older decoys. The place is [`mix`]ed, not `turn` times a stride: runs
/// come every so many slots (the workflow's cron), and a stride times that period can be a
/// multiple of the group's length, which would start every run at the same place.
pub fn scheduled_checks(waiting: &[Waiting], turn: u64) -> Vec<u64> {
    let group = |member: bool| {
        let mut g: Vec<&Waiting> = waiting.iter().filter(|w| w.member == member).collect();
        // RFC 3339 times in UTC (`Z`) sort as text.
        g.sort_by(|a, b| a.since.cmp(&b.since).then(a.number.cmp(&b.number)));
        if g.len() > MAX_SCHEDULED_CHECKS {
            let len = g.len() as u64;
            let shift = mix(turn) % len;
            g.rotate_left(usize::try_from(shift).unwrap_or(0));
        }
        g.into_iter().map(|w| w.number)
    };
    group(true).chain(group(false)).collect()
}

/// SplitMix64's finaliser: consecutive or evenly spaced slots give unrelated starting places.
fn mix(turn: u64) -> u64 {
    let mut z = turn.wrapping_add(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    use super::*;

    const CUT: &str = "Cut v1.36.0-rc.1 release";

    fn who(login: &str, permission: Permission) -> Person {
        Person {
            login: login.into(),
            permission,
        }
    }

    #[test]
    fn a_cut_needs_a_release_title_and_a_trusted_author_or_labeller() {
        let stranger = who("stranger", Permission::Read);
        let rm = who("release-manager", Permission::Write);
        assert!(cut_trust(CUT, &rm, &[], Permission::Write).is_trusted());
        let t = cut_trust(CUT, &stranger, &[], Permission::Write);
        assert!(!t.is_trusted());
        assert!(
            t.reason().contains("a maintainer applies the cut label"),
            "{t:?}"
        );
        // Anyone can add `sig/*` labels on prow repositories: a stranger's label is nothing.
        assert!(!cut_trust(
            CUT,
            &stranger,
            std::slice::from_ref(&stranger),
            Permission::Write
        )
        .is_trusted());
        let labelled = cut_trust(
            CUT,
            &stranger,
            &[stranger.clone(), rm.clone()],
            Permission::Write,
        );
        assert_eq!(
            labelled,
            CutTrust::Trusted {
                by: "release-manager".into(),
                reason: "labelled by release-manager, who has write permission (at least write)"
                    .into()
            }
        );
        assert!(!cut_trust("Water the plants", &rm, &[], Permission::Write).is_trusted());
        assert!(cut_trust(CUT, &stranger, &[], Permission::Read).is_trusted());
        assert!(!cut_trust(CUT, &rm, &[], Permission::Admin).is_trusted());
    }

    #[test]
    fn a_removed_label_counts_no_more() {
        let ev = |actor: &str, label: &str, added: bool| LabelEvent {
            actor: actor.into(),
            label: label.into(),
            added,
        };
        let events = [
            ev("rm", "release-cut", true),
            ev("bot", "sig/release", true),
            ev("rm", "release-cut", false),
            ev("stranger", "release-cut", true),
            ev("stranger", "Release-Cut", true),
        ];
        assert_eq!(label_appliers(&events, "release-cut"), ["stranger"]);
        assert_eq!(label_appliers(&events, "sig/release"), ["bot"]);
        assert!(label_appliers(&events, "other").is_empty());
    }

    #[test]
    fn a_hundred_decoys_never_starve_the_real_cut() {
        let w = |number: u64, since: &str, member: bool| Waiting {
            number,
            since: since.into(),
            member,
        };
        // 100 strangers' decoys, all older than the real cut (#7, a member's).
        let mut waiting: Vec<Waiting> = (1..=100)
            .map(|n| w(1000 + n, &format!("2026-01-01T00:{:02}:00Z", n % 60), false))
            .collect();
        waiting.push(w(7, "2026-12-07T05:00:00Z", true));
        for turn in [0, 1, 17, u64::MAX] {
            assert_eq!(scheduled_checks(&waiting, turn)[0], 7, "turn {turn}");
        }
        // Members' cuts oldest first while they fit the bound.
        let members: Vec<Waiting> = (1..=3)
            .map(|n| w(n, &format!("2026-12-0{}T00:00:00Z", 4 - n), true))
            .collect();
        assert_eq!(scheduled_checks(&members, 9), [3, 2, 1]);
        // Past the bound every issue comes first within a bounded number of runs, whatever
        // the others and whatever the cron: runs every slot, hourly, every 3 hours.
        for period in [1, 6, 18] {
            let mut seen = std::collections::HashSet::new();
            for run in 0..200 {
                let order = scheduled_checks(&waiting, 29_541_000 + run * period);
                assert_eq!(order.len(), waiting.len());
                // What a run gets to: the member, then the first decoys up to the bound.
                seen.extend(order.into_iter().skip(1).take(MAX_SCHEDULED_CHECKS));
            }
            assert_eq!(seen.len(), 100, "every decoy had its turn, period {period}");
        }
    }

    /// The review's case: 30 members' issues and an hourly cron. A stride of 5 per slot moved
    /// the start by 30 a run, a multiple of 30: runs began at the same place for ever, and the
    /// trust reads' bound never reached the last 15.
    #[test]
    fn an_hourly_cron_does_not_pin_the_start() {
        let waiting: Vec<Waiting> = (1..=30)
            .map(|n| Waiting {
                number: n,
                since: format!("2026-12-01T00:{n:02}:00Z"),
                member: true,
            })
            .collect();
        let firsts: std::collections::HashSet<u64> = (0..50)
            .map(|run| scheduled_checks(&waiting, 29_541_000 + run * 6)[0])
            .collect();
        assert!(firsts.len() > 10, "{firsts:?}");
        let mut seen = std::collections::HashSet::new();
        for run in 0..200 {
            seen.extend(
                scheduled_checks(&waiting, 29_541_000 + run * 6)
                    .into_iter()
                    .take(15),
            );
        }
        assert_eq!(seen.len(), 30);
    }
}
