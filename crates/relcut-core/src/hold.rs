//! Hold and no-go as states of a cut (issue 22 item 2). A release manager's `/relcut hold
//! REASON` or `/relcut no-go REASON` stops the cut where it stands until `/relcut unhold`:
//! while it stands relcut tells no go, adds no `relcut: go` label, and shows no command
//! copy-ready, only as what comes after it. The calls are kept in relcut's ledger
//! ([`crate::ledger::Call`]); this module reads where they leave the cut and renders it.
//!
//! A command is copy-ready (a fenced `sh` block, which GitHub gives a copy button) only when it
//! may run now. Commands that wait, on a hold or on the step before them, are shown by
//! [`not_yet`]: one code span per line under what they wait for.

use crate::gate::{Decision, Light};
use crate::ledger::{Call, CallRecord, Ledger};
use crate::md;

/// Where the calls leave the cut: the latest one decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing<'a> {
    /// No call, or the last one lifted it.
    Clear,
    /// `/relcut hold`: paused until `/relcut unhold`.
    Held(&'a CallRecord),
    /// `/relcut no-go`: the release does not go (until `/relcut unhold`).
    NoGo(&'a CallRecord),
}

impl<'a> Standing<'a> {
    pub fn of(ledger: &'a Ledger) -> Standing<'a> {
        match ledger.calls().last() {
            Some(c) if c.call == Call::Hold => Standing::Held(c),
            Some(c) if c.call == Call::NoGo => Standing::NoGo(c),
            _ => Standing::Clear,
        }
    }

    /// Whether the cut is stopped by a call: no go, no label, nothing copy-ready.
    pub fn holds(&self) -> bool {
        *self != Standing::Clear
    }

    /// What the commands wait for, in a sentence (`the hold`, `the no-go`); `None` when clear.
    pub fn what(&self) -> Option<&'static str> {
        match self {
            Standing::Clear => None,
            Standing::Held(_) => Some("the hold is lifted (`/relcut unhold`)"),
            Standing::NoGo(_) => Some("the no-go is lifted (`/relcut unhold`)"),
        }
    }

    /// The banner at the top of the status comment: what stands, since when, by whom, why.
    /// The login is shown without pinging; the reason is the person's text, made inert.
    pub fn banner(&self) -> Option<String> {
        let (c, head, rest) = match self {
            Standing::Clear => return None,
            Standing::Held(c) => (
                c,
                "⏸️ **On hold**",
                "No go while it stands: relcut tells no go and shows the next commands only as what comes after it. `/relcut unhold` lifts it.",
            ),
            Standing::NoGo(c) => (
                c,
                "⛔ **No-go**",
                "The release does not go: relcut tells no go and shows the next commands only as what comes after it. `/relcut unhold` lifts the call if it changes.",
            ),
        };
        Some(format!(
            "{head} since {} by {}: {}\n\n{rest}\n\n",
            c.at.format("%Y-%m-%d %H:%M UTC"),
            md::plain(&format!("@{}", c.by)),
            md::plain(c.reason.as_deref().unwrap_or("no reason given"))
        ))
    }
}

/// The answer to a call: what it changes, in one line (the banner on the status comment says
/// the rest). `was`: where the cut stood before it; an `unhold` of a cut that was not held
/// changes nothing (and is not recorded).
pub fn answer(call: Call, was: Standing<'_>) -> String {
    match (call, was) {
        (Call::Unhold, Standing::Clear) => {
            "Nothing to lift: no hold or no-go stands on this cut.".into()
        }
        (Call::Unhold, _) => "▶️ **Lifted**: the banner leaves the status comment, the next commands are copy-ready again when they may run, and a go the gates gave meanwhile is told now.".into(),
        (Call::Hold, _) => "⏸️ **On hold**, recorded with your login and reason: the status comment shows it on top; no go is told, no `relcut: go` label is added and no command is shown copy-ready until `/relcut unhold`.".into(),
        (Call::NoGo, _) => "⛔ **No-go**, recorded with your login and reason: the status comment shows it on top; no go is told, no `relcut: go` label is added and no command is shown copy-ready until `/relcut unhold`.".into(),
    }
}

/// The gates' decision while a hold or a no-go stands: every go waits (a stop still stops). So
/// no go line at the top, no go told, no label; the gates' own lines (what each job did) are
/// the live decision's, unchanged. A hold is not a gate: it is the release managers' word, which
/// can withhold a go but never give one.
pub fn without_go(d: &Decision) -> Decision {
    Decision {
        decided: d
            .decided
            .iter()
            .map(|(g, l)| (*g, if *l == Light::Go { Light::Waiting } else { *l }))
            .collect(),
        // A gate over for good (a release seen live) is a fact, not a go.
        over: d.over.clone(),
    }
}

/// Commands that may not run now, under what they wait for: each in a code span of its own
/// line, never in a fenced block (no copy button, no paste of a whole block). `after` is
/// Markdown relcut writes (`` `promotion-job` is done``). Empty when there are no commands.
pub fn not_yet(after: &str, commands: &[String]) -> String {
    if commands.is_empty() {
        return String::new();
    }
    let mut out = format!("Not to run yet: after {after}:\n\n");
    for c in commands {
        out.push_str("- ");
        out.push_str(&md::code_span(c));
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn the_latest_call_decides() {
        let mut l = Ledger::new();
        assert_eq!(Standing::of(&l), Standing::Clear);
        assert!(Standing::of(&l).banner().is_none());
        l.call(
            Call::Hold,
            "alice",
            t("2026-04-07T12:00:00Z"),
            Some("blocking test re-run"),
        )
        .unwrap();
        assert!(matches!(Standing::of(&l), Standing::Held(c) if c.by == "alice"));
        l.call(Call::Unhold, "bob", t("2026-04-07T13:00:00Z"), None)
            .unwrap();
        assert_eq!(Standing::of(&l), Standing::Clear);
        l.call(Call::NoGo, "carol", t("2026-04-07T14:00:00Z"), Some("CVE"))
            .unwrap();
        let s = Standing::of(&l);
        assert!(s.holds());
        assert!(s.what().unwrap().contains("no-go"));
        assert!(s
            .banner()
            .unwrap()
            .starts_with("⛔ **No-go** since 2026-04-07 14:00 UTC by @\u{2060}carol: CVE\n\n"));
    }

    #[test]
    fn the_banner_shows_the_reason_inert() {
        let mut l = Ledger::new();
        l.call(
            Call::Hold,
            "alice",
            t("2026-04-07T12:00:00Z"),
            Some("@kubernetes/release-managers <h1>x</h1> `a` [y](https://evil.example) #1 -->"),
        )
        .unwrap();
        let b = Standing::of(&l).banner().unwrap();
        assert!(
            b.starts_with("⏸️ **On hold** since 2026-04-07 12:00 UTC by @\u{2060}alice: "),
            "{b}"
        );
        for raw in ["@kubernetes", "<h1>", "`a`", "[y](", "#1", "-->"] {
            assert!(!b.contains(raw), "{raw} in {b}");
        }
        assert!(b.contains("`/relcut unhold` lifts it"), "{b}");
    }

    #[test]
    fn commands_that_wait_are_never_a_block() {
        let cmds = vec![
            "krel release --type rc --branch release-1.36 --build-version v1 --nomock".to_string(),
        ];
        let s = not_yet("the hold is lifted", &cmds);
        assert!(!s.contains("```") && !s.contains("~~~"), "{s}");
        assert_eq!(
            s,
            "Not to run yet: after the hold is lifted:\n\n- `krel release --type rc --branch release-1.36 --build-version v1 --nomock`\n"
        );
        assert_eq!(not_yet("x", &[]), "");
    }
}
