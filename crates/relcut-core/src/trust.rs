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
//! - The scheduled run checks trusted waiting issues least-recently-checked first, at most
//!   [`MAX_SCHEDULED_CHECKS`] per run: every waiting cut is checked within a bounded number of
//!   runs, whatever else waits, and untrusted issues never take a slot.
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

/// Waiting cuts the scheduled run checks per run.
pub const MAX_SCHEDULED_CHECKS: usize = 10;

/// A trusted cut waiting on a live gate, for the scheduled run.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Waiting {
    pub number: u64,
    /// When relcut last checked it (RFC 3339), or when it started waiting if never.
    pub last_checked: String,
}

/// The cuts this scheduled run checks: least recently checked first (ties: the older issue),
/// at most [`MAX_SCHEDULED_CHECKS`]. A cut not checked now is checked earlier than any cut
/// checked now on the next run, so none waits more than `len / MAX_SCHEDULED_CHECKS + 1` runs.
pub fn scheduled_checks(waiting: &[Waiting]) -> Vec<u64> {
    let mut order: Vec<&Waiting> = waiting.iter().collect();
    // RFC 3339 times in UTC (`Z`) sort as text.
    order.sort_by(|a, b| {
        a.last_checked
            .cmp(&b.last_checked)
            .then(a.number.cmp(&b.number))
    });
    order
        .into_iter()
        .take(MAX_SCHEDULED_CHECKS)
        .map(|w| w.number)
        .collect()
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
        // The decoys are trusted waiting cuts too (untrusted ones never get here): the real cut,
        // checked longest ago, goes first; and over runs every cut gets its turn.
        let mut waiting: Vec<Waiting> = (1..=100)
            .map(|n| Waiting {
                number: 1000 + n,
                last_checked: format!("2026-12-07T06:{:02}:00Z", n % 60),
            })
            .collect();
        waiting.push(Waiting {
            number: 7,
            last_checked: "2026-12-07T05:00:00Z".into(),
        });
        let first = scheduled_checks(&waiting);
        assert_eq!(first.len(), MAX_SCHEDULED_CHECKS);
        assert_eq!(first[0], 7);
        // Simulate runs: each checked cut moves to the back.
        let mut seen = std::collections::HashSet::new();
        for run in 0..=(waiting.len() / MAX_SCHEDULED_CHECKS) {
            for n in scheduled_checks(&waiting) {
                seen.insert(n);
                let w = waiting.iter_mut().find(|w| w.number == n).unwrap();
                w.last_checked = format!("2026-12-08T{run:02}:00:00Z");
            }
        }
        assert_eq!(
            seen.len(),
            waiting.len(),
            "every cut checked within the bound"
        );
    }
}
