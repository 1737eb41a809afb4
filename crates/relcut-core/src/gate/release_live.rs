//! The release-live gate: after the no-mock release, every place the release must appear has
//! it, checked from outside ([`crate::live`], the report of `relcut verify-release`). In
//! question from the moment the no-mock release step is done until relcut sees the release
//! live everywhere; then the ledger records it ([`Told::ReleaseLive`]), the status comment keeps
//! one line ("v1.35.3 is live everywhere") and nothing is checked again.
//!
//! A watchdog names what is still missing past its time ([`WATCHES`], counted from when relcut's
//! ledger saw the no-mock release done): images, binaries and the GitHub release 2 h, packages
//! 24 h, the website's schedule 3 days. The first time anything is missing (or wrong) past its
//! time the gate says stop and the assignees are told once, each check with its id, the URL
//! asked and the fix ([`Told::ReleaseMissing`]); never a second time for the same cut.
//!
//! It holds the announcement email (`email`): it is what tells the world the release is out.

use crate::checklist::{CutIssue, StepState};
use crate::ledger::{Record, Told};
use crate::live::{Check, Place, Report, State};
use crate::md;
use crate::step::StepId;
use crate::version::Tag;

use super::{Gate, GateId, Known, Light, Needs, Seen};

/// How long after the no-mock release a place may still lack the release before the watchdog
/// names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Watch {
    pub place: Place,
    /// In words, as the status comment and the README say it.
    pub what: &'static str,
    pub hours: i64,
}

/// The watchdog's times, one per place. Images: the promotion ran before the release, and
/// registry.k8s.io's backends sync within minutes (kubernetes/kubernetes#126170 was a backend
/// still without them hours later). Binaries and the GitHub release: `krel release` itself
/// pushes the binaries and version markers behind dl.k8s.io, publishes the GitHub release and
/// the CHANGELOG, so 2 h after the step is done anything missing is a failed step, not a slow
/// one. Packages: `krel obs release` comes after and OBS builds take hours
/// (kubernetes/release#3632), so a day. The website's schedule: a person's PR to
/// kubernetes/website, reviewed in working days, so 3 days.
pub const WATCHES: [Watch; 5] = [
    Watch {
        place: Place::Images,
        what: "images",
        hours: 2,
    },
    Watch {
        place: Place::Binaries,
        what: "binaries",
        hours: 2,
    },
    Watch {
        place: Place::GitHub,
        what: "the GitHub release",
        hours: 2,
    },
    Watch {
        place: Place::Packages,
        what: "packages",
        hours: 24,
    },
    Watch {
        place: Place::Website,
        what: "the website's schedule",
        hours: 72,
    },
];

fn watch(place: Place) -> Watch {
    WATCHES
        .into_iter()
        .find(|w| w.place == place)
        .unwrap_or(WATCHES[0])
}

/// The checks still missing or wrong past their place's time, counted from when the ledger
/// saw the no-mock release done (none before it saw it: the clock starts there). A check that
/// could not be asked (`unknown`) is never named: it says nothing about the release.
pub fn overdue<'a>(report: &'a Report, known: Known<'_>) -> Vec<&'a Check> {
    let Some(since) = known.ledger.get(Record::Done(StepId::NomockRelease)) else {
        return Vec::new();
    };
    let waited = known.now.signed_duration_since(since);
    report
        .checks
        .iter()
        .filter(|c| matches!(c.state, State::Missing | State::Wrong))
        .filter(|c| waited >= chrono::TimeDelta::hours(watch(c.place()).hours))
        .collect()
}

/// The times in words: "images, binaries and the GitHub release 2 h, ...".
fn times() -> String {
    let mut by_hours: Vec<(i64, Vec<&str>)> = Vec::new();
    for w in WATCHES {
        match by_hours.iter_mut().find(|(h, _)| *h == w.hours) {
            Some((_, whats)) => whats.push(w.what),
            None => by_hours.push((w.hours, vec![w.what])),
        }
    }
    by_hours
        .into_iter()
        .map(|(h, whats)| {
            let when = if h % 24 == 0 && h > 24 {
                format!("{} days", h / 24)
            } else {
                format!("{h} h")
            };
            let names = match whats.split_last() {
                Some((last, rest)) if !rest.is_empty() => {
                    format!("{} and {last}", rest.join(", "))
                }
                _ => whats.join(""),
            };
            format!("{names} {when}")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn tag(issue: &CutIssue) -> Option<Tag> {
    issue.version
}

fn report(seen: Seen<'_>) -> Option<Result<&Report, String>> {
    seen.live.release_live(&tag(seen.issue)?)
}

/// The one line once the release is live everywhere.
fn live_line(tag: Tag) -> String {
    format!(
        "✅ **{tag} is live everywhere**: every place `relcut verify-release {tag}` checks has it.\n\n"
    )
}

/// One overdue check: its id, state, what was seen, the URL asked and the fix.
fn item(c: &Check) -> String {
    let fix = if c.fix.is_empty() {
        String::new()
    } else {
        format!("\n\n{}", md::fence("", &c.fix).trim_end())
    };
    format!(
        "- {} {}: {} ({}){fix}",
        md::code_span(&c.id),
        c.state.as_str(),
        md::plain(&c.detail),
        md::link("asked", &c.url)
    )
}

/// The release-live gate (see the module docs).
pub struct ReleaseLiveGate;

impl Gate for ReleaseLiveGate {
    fn id(&self) -> GateId {
        GateId::ReleaseLive
    }

    fn guards(&self) -> StepId {
        StepId::Email
    }

    /// In question once the no-mock release is done (and until [`Gate::over`]).
    fn needs(&self, issue: &CutIssue) -> Option<Needs> {
        let released = issue
            .step(StepId::NomockRelease)
            .is_some_and(|s| s.state == StepState::Done);
        let tag = tag(issue).filter(|_| released)?;
        Some(Needs {
            release_live: Some(tag),
            ..Needs::default()
        })
    }

    fn over(&self, issue: &CutIssue, known: Known<'_>) -> Option<String> {
        known
            .ledger
            .contains(Record::Told(Told::ReleaseLive))
            .then(|| tag(issue).map(live_line))
            .flatten()
    }

    fn decide(&self, seen: Seen<'_>) -> Light {
        match report(seen) {
            Some(Ok(r)) if r.live => Light::Go,
            Some(Ok(r)) if !overdue(r, seen.known).is_empty() => Light::Stop,
            _ => Light::Waiting,
        }
    }

    fn said(&self, light: Light) -> Option<&'static str> {
        Some(match light {
            Light::Go => "release live everywhere",
            Light::Stop => "release still missing past its time",
            Light::Waiting => "release not live everywhere yet",
        })
    }

    fn head(&self, seen: Seen<'_>, light: Light) -> Option<String> {
        let tag = tag(seen.issue)?;
        Some(match (light, report(seen)) {
            // The top line says it, as it will once the gate is over: the comment stays as is.
            (Light::Go, _) => return None,
            (Light::Stop, _) => format!(
                "🚫 **Release live:** {tag} is still missing somewhere past its time ({} after the no-mock release); the assignees were told once what and how to fix it.",
                times()
            ),
            (_, None) => format!(
                "⏳ **Release live:** relcut's scheduled run checks every place {tag} must appear (`relcut verify-release {tag}`)."
            ),
            (_, Some(Err(e))) => format!(
                "⏳ **Release live:** could not check where {tag} appears ({}); the next scheduled run tries again.",
                md::plain_with_code(&e)
            ),
            (_, Some(Ok(_))) => format!(
                "⏳ **Release live:** not everywhere yet; relcut checks again on each scheduled run and tells the assignees once what is still missing {} after the no-mock release.",
                times()
            ),
        })
    }

    fn lines(&self, seen: Seen<'_>) -> Vec<String> {
        match report(seen) {
            Some(Ok(r)) if !r.live => vec![r.markdown().trim_end().to_string()],
            _ => Vec::new(),
        }
    }

    fn top(&self, seen: Seen<'_>, light: Light) -> Option<String> {
        let tag = tag(seen.issue)?;
        match light {
            Light::Go => Some(live_line(tag)),
            Light::Stop => {
                let r = report(seen)?.ok()?;
                let names: Vec<String> = overdue(r, seen.known)
                    .iter()
                    .map(|c| format!("{} {}", md::code_span(&c.id), c.state.as_str()))
                    .collect();
                Some(format!(
                    "🔴 **{tag} is not live everywhere** past its time: {} (see **Release live** below).\n\n",
                    names.join(", ")
                ))
            }
            Light::Waiting => None,
        }
    }

    fn told(&self, light: Light, _told: &dyn Fn(Told) -> bool) -> Option<Told> {
        (light == Light::Stop).then_some(Told::ReleaseMissing)
    }

    fn tell(&self, seen: Seen<'_>, _what: Told) -> String {
        let (Some(tag), Some(Ok(r))) = (tag(seen.issue), report(seen)) else {
            return String::new();
        };
        let items: Vec<String> = overdue(r, seen.known).into_iter().map(item).collect();
        format!(
            "**{tag} is not live everywhere** past its time ({} after the no-mock release). Still missing:\n\n{}\n\nrelcut keeps checking on its schedule and shows the rest in the status comment; it will not mention you again for this cut.",
            times(),
            items.join("\n")
        )
    }

    fn record(&self, _seen: Seen<'_>, light: Light) -> Option<Told> {
        (light == Light::Go).then_some(Told::ReleaseLive)
    }
}

#[cfg(test)]
mod tests {
    use chrono::{DateTime, TimeDelta, Utc};

    use super::*;
    use crate::checklist::{self, IssueInput};
    use crate::gate::{self, Live, PrFacts, PromotionJob, PublishingBot};
    use crate::ledger::Ledger;

    struct Facts(Option<Result<Report, String>>);

    impl Live for Facts {
        fn publishing_bot(&self) -> Option<Result<&PublishingBot, String>> {
            None
        }
        fn promotion_job(&self, _pr: u64) -> Option<Result<&PromotionJob, String>> {
            None
        }
        fn promotion_change(&self, _pr: u64) -> Option<Result<&PrFacts, String>> {
            None
        }
        fn release_live(&self, tag: &Tag) -> Option<Result<&Report, String>> {
            assert_eq!(tag.to_string(), "v1.35.3");
            self.0.as_ref().map(|r| r.as_ref().map_err(Clone::clone))
        }
    }

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().to_utc()
    }

    const RELEASED: &str = "2026-12-07T10:00:00Z";

    /// The bundled patch cut issue, as v1.35.3, its no-mock release ticked (`released`) or not.
    fn cut(released: bool) -> CutIssue {
        let text = include_str!("../../../../examples/cut-v1.35.5-patch.md");
        let body = text.splitn(3, "---\n").nth(2).unwrap();
        let mark = if released { "x" } else { " " };
        let body = body
            .replace("  - [ ] Stage", "  - [x] Stage")
            .replace(
                "  - [ ] Image Promotion PR: <!-- Paste Pull Request URL here -->",
                "  - [x] Image Promotion PR: https://github.com/kubernetes/k8s.io/pull/9350",
            )
            .replace("  - [ ] Release", &format!("  - [{mark}] Release"));
        checklist::read(IssueInput {
            title: Some("Cut v1.35.3 release"),
            body: &body,
            created_at: Some("2026-12-01T08:00:00Z"),
        })
    }

    fn check(id: &str, state: State, detail: &str) -> Check {
        Check {
            id: id.into(),
            state,
            url: format!("https://example.test/{id}"),
            detail: detail.into(),
            fix: if state == State::Ok {
                String::new()
            } else {
                format!("fix {id}")
            },
        }
    }

    fn report(checks: Vec<Check>) -> Report {
        Report {
            tag: "v1.35.3".into(),
            live: checks.iter().all(|c| c.state == State::Ok),
            checks,
        }
    }

    fn ledger(released: Option<&str>, told: &[Told]) -> Ledger {
        let mut l = Ledger::new();
        if let Some(at) = released {
            l.insert(Record::Done(StepId::NomockRelease), t(at));
        }
        for what in told {
            l.insert(Record::Told(*what), t(RELEASED));
        }
        l
    }

    fn after(hours: i64) -> DateTime<Utc> {
        t(RELEASED) + TimeDelta::hours(hours)
    }

    #[test]
    fn in_question_from_the_no_mock_release_until_seen_live() {
        let empty = Ledger::new();
        let known = Known {
            now: after(1),
            ledger: &empty,
        };
        assert_eq!(gate::needs(&cut(false), known).release_live, None);
        let needs = gate::needs(&cut(true), known);
        assert_eq!(needs.release_live.map(|t| t.to_string()).as_deref(), Some("v1.35.3"));
        let live = ledger(Some(RELEASED), &[Told::ReleaseLive]);
        let known = Known {
            now: after(1),
            ledger: &live,
        };
        assert_eq!(gate::needs(&cut(true), known).release_live, None, "over: nothing fetched");
        let d = gate::decide(&cut(true), &Facts(None), known);
        assert!(d.decided.iter().all(|(g, _)| g.id() != GateId::ReleaseLive));
        let seen = Seen {
            issue: &cut(true),
            live: &Facts(None),
            known,
        };
        assert_eq!(
            d.top(seen),
            "✅ **v1.35.3 is live everywhere**: every place `relcut verify-release v1.35.3` checks has it.\n\n"
        );
    }

    #[test]
    fn missing_waits_until_its_time_then_stops_and_tells_once() {
        let issue = cut(true);
        let facts = Facts(Some(Ok(report(vec![
            check("registry/kube-proxy", State::Ok, "an index"),
            check("pkgs/deb", State::Missing, "no kubeadm 1.35.3"),
            check("website/schedule", State::Missing, "not listed"),
            check("dl/linux-amd64", State::Unknown, "timed out"),
        ]))));
        let l = ledger(Some(RELEASED), &[]);
        let at = |hours| Known {
            now: after(hours),
            ledger: &l,
        };
        for hours in [0, 3, 23] {
            let d = gate::decide(&issue, &facts, at(hours));
            assert_eq!(d.light(StepId::Email), Some(Light::Waiting), "{hours} h");
            let seen = Seen {
                issue: &issue,
                live: &facts,
                known: at(hours),
            };
            assert!(d.tells(seen, &|_| false).is_empty(), "no ping before 24 h");
            assert!(d.top(seen).is_empty());
            assert!(d.lines(seen)[0].starts_with("⏳ **Release live:** not everywhere yet"));
        }
        let seen = Seen {
            issue: &issue,
            live: &facts,
            known: at(25),
        };
        let d = gate::decide(&issue, &facts, at(25));
        assert_eq!(d.light(StepId::Email), Some(Light::Stop));
        assert!(d.top(seen).starts_with("🔴 **v1.35.3 is not live everywhere** past its time: `pkgs/deb` missing ("), "{}", d.top(seen));
        let tells = d.tells(seen, &|_| false);
        assert_eq!(tells.len(), 1);
        assert_eq!(tells[0].0, Told::ReleaseMissing);
        let text = &tells[0].1;
        assert!(text.contains("- `pkgs/deb` missing: no kubeadm 1.35.3 ([asked](https://example.test/pkgs/deb))"), "{text}");
        assert!(text.contains("fix pkgs/deb"), "{text}");
        assert!(!text.contains("website/schedule") && !text.contains("dl/linux-amd64"), "not yet due, or unknown: {text}");
        assert!(
            d.tells(seen, &|t| t == Told::ReleaseMissing).is_empty(),
            "never twice"
        );
        assert!(d.records(seen, &|_| false).is_empty());
        // Three days on, the website is due too, but nobody is told again.
        let d = gate::decide(&issue, &facts, at(73));
        let seen = Seen {
            known: at(73),
            ..seen
        };
        assert!(d.top(seen).contains("`website/schedule` missing"));
        assert!(d.tells(seen, &|t| t == Told::ReleaseMissing).is_empty());
    }

    #[test]
    fn no_deadline_before_the_ledger_dates_the_release() {
        let issue = cut(true);
        let facts = Facts(Some(Ok(report(vec![check(
            "registry/kube-proxy",
            State::Missing,
            "404",
        )]))));
        let l = ledger(None, &[]);
        let known = Known {
            now: after(1000),
            ledger: &l,
        };
        assert_eq!(
            gate::decide(&issue, &facts, known).light(StepId::Email),
            Some(Light::Waiting)
        );
    }

    #[test]
    fn live_everywhere_is_recorded_not_told() {
        let issue = cut(true);
        let facts = Facts(Some(Ok(report(vec![check(
            "registry/kube-proxy",
            State::Ok,
            "an index",
        )]))));
        let l = ledger(Some(RELEASED), &[]);
        let known = Known {
            now: after(1),
            ledger: &l,
        };
        let seen = Seen {
            issue: &issue,
            live: &facts,
            known,
        };
        let d = gate::decide(&issue, &facts, known);
        assert_eq!(d.light(StepId::Email), Some(Light::Go));
        assert!(d.tells(seen, &|_| false).is_empty(), "no mention for good news");
        assert_eq!(d.records(seen, &|_| false), [Told::ReleaseLive]);
        assert!(d.records(seen, &|_| true).is_empty());
        assert!(d.top(seen).starts_with("✅ **v1.35.3 is live everywhere**"));
        assert!(d.lines(seen).is_empty(), "the top line says it: {:?}", d.lines(seen));
    }

    #[test]
    fn not_asked_or_not_answered_waits() {
        let issue = cut(true);
        let l = ledger(Some(RELEASED), &[]);
        let known = Known {
            now: after(100),
            ledger: &l,
        };
        for (facts, head) in [
            (Facts(None), "relcut's scheduled run checks"),
            (Facts(Some(Err("`x` failed".into()))), "could not check"),
        ] {
            let d = gate::decide(&issue, &facts, known);
            assert_eq!(d.light(StepId::Email), Some(Light::Waiting));
            let seen = Seen {
                issue: &issue,
                live: &facts,
                known,
            };
            assert!(d.lines(seen)[0].contains(head), "{:?}", d.lines(seen));
        }
    }

    #[test]
    fn outside_text_stays_inert() {
        let issue = cut(true);
        let evil = "@kubernetes/release-managers <img src=x> [click](javascript:alert(1))";
        let mut c = check("pkgs/deb", State::Missing, evil);
        c.fix = format!("```\n{evil}");
        let facts = Facts(Some(Ok(report(vec![c]))));
        let l = ledger(Some(RELEASED), &[]);
        let known = Known {
            now: after(25),
            ledger: &l,
        };
        let seen = Seen {
            issue: &issue,
            live: &facts,
            known,
        };
        let d = gate::decide(&issue, &facts, known);
        let text = &d.tells(seen, &|_| false)[0].1;
        let all = format!("{text}\n{}\n{}", d.top(seen), d.lines(seen).join("\n"));
        // Outside a code block nothing pings, tags or links; the fix stays inside its fence.
        let mut fence: Option<String> = None;
        for line in all.lines() {
            let t = line.trim_start();
            if let Some(f) = &fence {
                if t == f {
                    fence = None;
                }
                continue;
            }
            if t.starts_with("```") {
                fence = Some(t.chars().take_while(|c| *c == '`').collect());
                continue;
            }
            assert!(!line.contains("@kubernetes"), "{line}");
            assert!(!line.contains("<img"), "{line}");
            assert!(!line.contains("](javascript:"), "{line}");
        }
        assert!(text.contains("````\n```\n@kubernetes"), "a longer fence: {text}");
    }

    /// The ledger's keys of the gate: new ones, and every older ledger still reads.
    #[test]
    fn ledger_keys() {
        let text = "<!-- relcut:ledger {\"gate:release\\u002dlive:missing\":\"2026-12-07T12:00:00Z\",\"gate:release-live:live\":\"2026-12-08T12:00:00Z\",\"nomock-release\":\"2026-12-07T10:00:00Z\"} -->";
        let l = Ledger::parse(text).unwrap().unwrap();
        assert!(l.contains(Record::Told(Told::ReleaseMissing)));
        assert!(l.contains(Record::Told(Told::ReleaseLive)));
        assert_eq!(Ledger::from_text(&l.comment()), l);
        let old = "<!-- relcut:ledger {\"gate:promotion:succeeded\":\"2026-04-07T12:00:00Z\"} -->";
        let l = Ledger::parse(old).unwrap().unwrap();
        assert!(!l.contains(Record::Told(Told::ReleaseLive)));
    }

    #[test]
    fn the_times_in_words() {
        assert_eq!(
            times(),
            "images, binaries and the GitHub release 2 h, packages 24 h, the website's schedule 3 days"
        );
    }
}
