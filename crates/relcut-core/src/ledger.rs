//! relcut's ledger: what it saw and told, and when, kept hidden in its status comment. The
//! one module that reads and writes its text; everything else sees [`Record`]s and times.
//!
//! The text is an HTML comment holding a JSON object, record → RFC 3339 time:
//! `<!-- relcut:ledger {"slack-thread":"2026-04-07T08:00:00Z","gate:promotion:succeeded":"…"} -->`.
//! Every relcut version wrote this shape (step ids and five `gate:` keys), so the ledgers in
//! live status comments still read. Since `/relcut hold` one more key, `calls`, holds the
//! release managers' calls on the cut, oldest first, each with who made it, when and why:
//! `"calls":[{"call":"hold","by":"alice","at":"2026-04-07T12:00:00Z","reason":"…"}]`; a ledger
//! without it has made no call. Each call's answer carries the same record on a hidden line of
//! its own (`<!-- relcut:call {…} -->`, [`call_comment`]), merged back by
//! [`Ledger::merge_calls`], so a status comment rewritten by a run that read it before the call
//! cannot lose it. A ledger relcut could not have written (an unknown key, a value
//! that is not a time, a call that is not one relcut records, broken JSON) is refused whole: it
//! was forged or damaged.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};
use serde_json::{Map, Value};

use crate::step::StepId;

/// A gate whose end relcut tells the assignees about, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Told {
    PromotionSucceeded,
    PromotionFailed,
    PromotionMismatch,
    PublishingBotFailing,
    PublishingBotHealthy,
    /// The release-live watchdog named what was still missing past its time (once per cut).
    ReleaseMissing,
    /// The release was seen live everywhere: said in the status comment only (no comment of
    /// its own, no mention); later runs check no more.
    ReleaseLive,
}

impl Told {
    pub const ALL: [Told; 7] = [
        Told::PromotionSucceeded,
        Told::PromotionFailed,
        Told::PromotionMismatch,
        Told::PublishingBotFailing,
        Told::PublishingBotHealthy,
        Told::ReleaseMissing,
        Told::ReleaseLive,
    ];

    /// The gate (`promotion`, `publishing-bot`, `release-live`).
    pub fn gate(self) -> &'static str {
        match self {
            Told::PromotionSucceeded | Told::PromotionFailed | Told::PromotionMismatch => {
                "promotion"
            }
            Told::PublishingBotFailing | Told::PublishingBotHealthy => "publishing-bot",
            Told::ReleaseMissing | Told::ReleaseLive => "release-live",
        }
    }

    /// How it ended (`succeeded`, `failed`, `mismatch`, `failing`, `healthy`, `missing`,
    /// `live`).
    pub fn outcome(self) -> &'static str {
        match self {
            Told::PromotionSucceeded => "succeeded",
            Told::PromotionFailed => "failed",
            Told::PromotionMismatch => "mismatch",
            Told::PublishingBotFailing => "failing",
            Told::PublishingBotHealthy => "healthy",
            Told::ReleaseMissing => "missing",
            Told::ReleaseLive => "live",
        }
    }

    fn key(self) -> String {
        format!("gate:{}:{}", self.gate(), self.outcome())
    }
}

/// One entry of the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Record {
    /// The step was seen done.
    Done(StepId),
    /// The assignees were told how a gate ended.
    Told(Told),
}

impl Record {
    fn key(self) -> String {
        match self {
            Record::Done(s) => s.as_str().to_string(),
            Record::Told(t) => t.key(),
        }
    }

    fn of_key(key: &str) -> Option<Record> {
        key.parse::<StepId>().ok().map(Record::Done).or_else(|| {
            Told::ALL
                .into_iter()
                .find(|t| t.key() == key)
                .map(Record::Told)
        })
    }
}

/// A release manager's call on the cut: `/relcut hold`, `/relcut unhold`, `/relcut no-go`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Call {
    /// Stop where the cut stands until `unhold`: no go is told, no command is copy-ready.
    Hold,
    /// The hold (or the no-go) is lifted.
    Unhold,
    /// The release does not go (the same stop as a hold, said as a decision).
    NoGo,
}

impl Call {
    pub const ALL: [Call; 3] = [Call::Hold, Call::Unhold, Call::NoGo];

    /// Its name, the verb's: `hold`, `unhold`, `no-go`.
    pub fn as_str(self) -> &'static str {
        match self {
            Call::Hold => "hold",
            Call::Unhold => "unhold",
            Call::NoGo => "no-go",
        }
    }

    /// Whether it needs a reason (`hold` and `no-go` do: the people who read the status ask
    /// why).
    pub fn needs_reason(self) -> bool {
        self != Call::Unhold
    }
}

/// One call, as the ledger keeps it. `by` is a GitHub login and `reason` the person's own words:
/// stored as written (the hidden line escapes them), shown only through [`crate::md`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CallRecord {
    pub call: Call,
    pub by: String,
    pub at: DateTime<Utc>,
    pub reason: Option<String>,
}

/// The calls a ledger keeps, the latest ones: enough to show the hold and its history, bounded
/// so the hidden line stays small.
pub const MAX_CALLS: usize = 20;
/// The longest reason kept, in characters; a longer one is cut with `…`.
pub const MAX_REASON: usize = 300;
/// The ledger's key of the calls.
const CALLS: &str = "calls";

/// A login as GitHub allows it (and `name[bot]` for apps): nothing else is kept as `by`.
fn login_ok(login: &str) -> bool {
    !login.is_empty()
        && login.len() <= 64
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '[' | ']'))
}

/// A reason as it is kept: one line, trimmed, at most [`MAX_REASON`] characters.
fn kept_reason(reason: &str) -> String {
    let one_line = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= MAX_REASON {
        return one_line;
    }
    let mut cut: String = one_line.chars().take(MAX_REASON - 1).collect();
    cut.push('…');
    cut
}

/// A ledger relcut could not have written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LedgerError {
    #[error("the ledger's HTML comment is not closed")]
    Unclosed,
    #[error("the ledger is not JSON: {0}")]
    NotJson(String),
    #[error("the ledger names an unknown step `{0}`")]
    UnknownRecord(String),
    #[error("the ledger's time for `{0}` is not a time")]
    NotATime(String),
    #[error("the ledger's call {index} is not one relcut records: {why}")]
    BadCall { index: usize, why: String },
}

/// Why a call cannot be recorded: said to the person who made it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CallError {
    #[error("`{0}` is not a GitHub login: relcut records calls by GitHub users only")]
    Login(String),
    #[error("`/relcut {0}` needs a reason: say why on the same line, for example `/relcut {0} waiting for the re-run of a blocking test`")]
    NoReason(&'static str),
}

/// When relcut saw each step done, when it told the assignees how a gate ended (so no rerun or
/// later schedule tells them twice), and the release managers' calls on the cut.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger {
    times: BTreeMap<Record, DateTime<Utc>>,
    /// Oldest first, at most [`MAX_CALLS`].
    calls: Vec<CallRecord>,
}

const OPEN: &str = "<!-- relcut:ledger ";

impl Ledger {
    pub fn new() -> Ledger {
        Ledger::default()
    }

    pub fn get(&self, record: Record) -> Option<DateTime<Utc>> {
        self.times.get(&record).copied()
    }

    pub fn contains(&self, record: Record) -> bool {
        self.times.contains_key(&record)
    }

    /// Records `when`, replacing an earlier time of the same record.
    pub fn insert(&mut self, record: Record, when: DateTime<Utc>) {
        self.times.insert(record, when);
    }

    /// Records a call by `by` at `at`. The reason is kept on one line and at most
    /// [`MAX_REASON`] characters; `hold` and `no-go` need one. The oldest calls past
    /// [`MAX_CALLS`] are dropped.
    pub fn call(
        &mut self,
        call: Call,
        by: &str,
        at: DateTime<Utc>,
        reason: Option<&str>,
    ) -> Result<&CallRecord, CallError> {
        if !login_ok(by) {
            return Err(CallError::Login(by.chars().take(64).collect()));
        }
        let reason = reason.map(kept_reason).filter(|r| !r.is_empty());
        if call.needs_reason() && reason.is_none() {
            return Err(CallError::NoReason(call.as_str()));
        }
        self.calls.push(CallRecord {
            call,
            by: by.to_string(),
            at,
            reason,
        });
        if self.calls.len() > MAX_CALLS {
            self.calls.drain(..self.calls.len() - MAX_CALLS);
        }
        Ok(self.calls.last().expect("just pushed"))
    }

    /// The calls kept, oldest first.
    pub fn calls(&self) -> &[CallRecord] {
        &self.calls
    }

    /// Takes in calls read elsewhere (the answers to the calls, [`calls_in`]): each once, in
    /// time order, the latest [`MAX_CALLS`] kept. True if it changed.
    pub fn merge_calls(&mut self, others: impl IntoIterator<Item = CallRecord>) -> bool {
        let mut changed = false;
        for c in others {
            if !self.calls.contains(&c) {
                self.calls.push(c);
                changed = true;
            }
        }
        if changed {
            // Stable: calls of the same second keep their order.
            self.calls.sort_by_key(|c| c.at);
            if self.calls.len() > MAX_CALLS {
                self.calls.drain(..self.calls.len() - MAX_CALLS);
            }
        }
        changed
    }

    /// Records `now` for every step that is done and not yet in the ledger (the first sighting
    /// wins); true if it changed.
    pub fn record_done(&mut self, done: &[StepId], now: DateTime<Utc>) -> bool {
        let mut changed = false;
        for id in done {
            if !self.contains(Record::Done(*id)) {
                self.insert(Record::Done(*id), now);
                changed = true;
            }
        }
        changed
    }

    /// The steps seen done, with when, in step order.
    pub fn steps(&self) -> impl Iterator<Item = (StepId, DateTime<Utc>)> + '_ {
        self.times.iter().filter_map(|(r, t)| match r {
            Record::Done(s) => Some((*s, *t)),
            Record::Told(_) => None,
        })
    }

    /// The ledger inside a status comment (or any text), empty when there is none or when it
    /// is not one relcut could have written (see [`Ledger::parse`]).
    pub fn from_text(text: &str) -> Ledger {
        Ledger::parse(text).ok().flatten().unwrap_or_default()
    }

    /// The ledger in `text`: `Ok(None)` when there is none, an error when the hidden line is
    /// not what [`Ledger::comment`] writes: it was forged or damaged, and none of it is trusted.
    pub fn parse(text: &str) -> Result<Option<Ledger>, LedgerError> {
        let Some(i) = text.find(OPEN) else {
            return Ok(None);
        };
        let rest = &text[i + OPEN.len()..];
        let end = rest.find("-->").ok_or(LedgerError::Unclosed)?;
        let raw: BTreeMap<String, Value> = serde_json::from_str(rest[..end].trim_end())
            .map_err(|e| LedgerError::NotJson(e.to_string()))?;
        let mut ledger = Ledger::new();
        for (key, value) in raw {
            if key == CALLS {
                ledger.calls = parse_calls(&value)?;
                continue;
            }
            let record =
                Record::of_key(&key).ok_or_else(|| LedgerError::UnknownRecord(key.clone()))?;
            let when = value
                .as_str()
                .and_then(|v| DateTime::parse_from_rfc3339(v).ok())
                .ok_or_else(|| LedgerError::NotATime(key.clone()))?;
            ledger.insert(record, when.with_timezone(&Utc));
        }
        Ok(Some(ledger))
    }

    /// The hidden line that carries the ledger. `<`, `>` and `-` are written as JSON escapes,
    /// so no value can end (or nest) the HTML comment around it.
    pub fn comment(&self) -> String {
        let json = serde_json::to_string(&self.json()).unwrap_or_else(|_| "{}".into());
        format!("{OPEN}{} -->", escape(&json))
    }

    /// The JSON object of the hidden line (and of `--json`): record → time, and the calls.
    fn json(&self) -> Value {
        let mut o: Map<String, Value> = self
            .times
            .iter()
            .map(|(r, t)| (r.key(), Value::String(time_text(*t))))
            .collect();
        if !self.calls.is_empty() {
            let calls = self.calls.iter().map(call_json).collect();
            o.insert(CALLS.into(), Value::Array(calls));
        }
        Value::Object(o)
    }
}

/// The calls of a ledger's text, each checked as [`Ledger::call`] records it.
fn parse_calls(value: &Value) -> Result<Vec<CallRecord>, LedgerError> {
    let bad = |index: usize, why: &str| LedgerError::BadCall {
        index,
        why: why.to_string(),
    };
    let items = value.as_array().ok_or_else(|| bad(0, "not a list"))?;
    if items.len() > MAX_CALLS {
        return Err(bad(MAX_CALLS, "more calls than relcut keeps"));
    }
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.iter().enumerate() {
        let o = item
            .as_object()
            .ok_or_else(|| bad(index, "not an object"))?;
        if let Some(k) = o
            .keys()
            .find(|k| !["call", "by", "at", "reason"].contains(&k.as_str()))
        {
            return Err(bad(index, &format!("unknown field `{k}`")));
        }
        let text = |k: &str| o.get(k).and_then(Value::as_str);
        let call = text("call")
            .and_then(|c| Call::ALL.into_iter().find(|x| x.as_str() == c))
            .ok_or_else(|| bad(index, "no known `call`"))?;
        let by = text("by")
            .filter(|b| login_ok(b))
            .ok_or_else(|| bad(index, "`by` is not a login"))?;
        let at = text("at")
            .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
            .ok_or_else(|| bad(index, "`at` is not a time"))?;
        let reason = match o.get("reason") {
            None => None,
            Some(Value::String(r)) if *r == kept_reason(r) && !r.is_empty() => Some(r.clone()),
            Some(_) => return Err(bad(index, "`reason` is not one line of text relcut keeps")),
        };
        if call.needs_reason() && reason.is_none() {
            return Err(bad(index, "a hold or a no-go without its reason"));
        }
        out.push(CallRecord {
            call,
            by: by.to_string(),
            at: at.with_timezone(&Utc),
            reason,
        });
    }
    Ok(out)
}

/// The hidden line a call's answer carries: the same record as in the ledger, so a status
/// comment rewritten by a run that read it before the call (a scheduled run racing the command)
/// cannot lose the call: [`Ledger::merge_calls`] takes it back from the answer.
pub fn call_comment(record: &CallRecord) -> String {
    let json = serde_json::to_string(&call_json(record)).unwrap_or_else(|_| "{}".into());
    format!("{CALL_OPEN}{} -->", escape(&json))
}

/// The calls in the hidden lines of `text` that [`call_comment`] writes; a line relcut could
/// not have written is skipped (it was forged or damaged).
pub fn calls_in(text: &str) -> Vec<CallRecord> {
    let mut out = Vec::new();
    let mut rest = text;
    while let Some(i) = rest.find(CALL_OPEN) {
        rest = &rest[i + CALL_OPEN.len()..];
        let Some(end) = rest.find("-->") else { break };
        let parsed = serde_json::from_str::<Value>(rest[..end].trim_end())
            .ok()
            .and_then(|v| parse_calls(&Value::Array(vec![v])).ok());
        out.extend(parsed.into_iter().flatten());
        rest = &rest[end..];
    }
    out
}

const CALL_OPEN: &str = "<!-- relcut:call ";

/// JSON with `<`, `>` and `-` as escapes: no value can end (or nest) the HTML comment around it.
fn escape(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('-', "\\u002d")
}

fn call_json(c: &CallRecord) -> Value {
    let mut v = Map::new();
    v.insert("call".into(), c.call.as_str().into());
    v.insert("by".into(), c.by.clone().into());
    v.insert("at".into(), time_text(c.at).into());
    if let Some(r) = &c.reason {
        v.insert("reason".into(), r.clone().into());
    }
    Value::Object(v)
}

/// A time as the ledger writes it (`2026-04-07T08:00:00Z`).
pub(crate) fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// As `--json` shows it: the same object as the hidden line.
impl Serialize for Ledger {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.json().serialize(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn round_trip_and_first_sighting_wins() {
        let mut l = Ledger::new();
        assert!(l.record_done(
            &[StepId::SlackThread, StepId::Testgrid],
            t("2026-04-07T08:00:00Z")
        ));
        assert!(
            !l.record_done(&[StepId::SlackThread], t("2026-04-07T09:00:00Z")),
            "first sighting wins"
        );
        l.insert(
            Record::Told(Told::PromotionSucceeded),
            t("2026-04-07T10:00:00Z"),
        );
        let text = format!("<!-- relcut:status -->\n{}\nbody", l.comment());
        assert_eq!(Ledger::from_text(&text), l);
        assert_eq!(Ledger::from_text("no ledger"), Ledger::new());
        let line = l.comment();
        let json = &line[OPEN.len()..line.len() - " -->".len()];
        assert!(
            !json.contains("--") && !json.contains(['<', '>', '-']),
            "{line}"
        );
        assert_eq!(
            l.steps().map(|(s, _)| s).collect::<Vec<_>>(),
            [StepId::SlackThread, StepId::Testgrid]
        );
    }

    /// The ledgers older relcut versions wrote, as they sit in live status comments.
    #[test]
    fn reads_the_ledgers_older_versions_wrote() {
        let old = "<!-- relcut:status -->\n<!-- relcut:ledger {\"email\":\"2020\\u002d01\\u002d01T00:00:00Z\",\"gate:publishing\\u002dbot:failing\":\"2026-04-07T12:00:00+00:00\",\"slack-thread\":\"2026-04-07T08:00:00.5Z\"} -->\n";
        let l = Ledger::parse(old).unwrap().unwrap();
        assert_eq!(
            l.get(Record::Done(StepId::Email)),
            Some(t("2020-01-01T00:00:00Z"))
        );
        assert_eq!(
            l.get(Record::Told(Told::PublishingBotFailing)),
            Some(t("2026-04-07T12:00:00Z"))
        );
        assert!(l.contains(Record::Done(StepId::SlackThread)));
        for told in Told::ALL {
            assert_eq!(Record::of_key(&told.key()), Some(Record::Told(told)));
        }
    }

    #[test]
    fn forgeries_are_rejected_whole() {
        for forged in [
            "<!-- relcut:ledger {\"email\":\"2026-01-01T00:00:00Z\"",
            "<!-- relcut:ledger {\"no-such-step\":\"2026-01-01T00:00:00Z\"} -->",
            "<!-- relcut:ledger {\"email\":\"<b>pwned</b>\"} -->",
            "<!-- relcut:ledger {\"email\":\"x --> <h1>@kubernetes/release-managers</h1>\"} -->",
            "<!-- relcut:ledger [1,2] -->",
            "<!-- relcut:ledger {\"gate:promotion:maybe\":\"2026-01-01T00:00:00Z\"} -->",
            "<!-- relcut:ledger {\"gate:promotion:failed\":\"soon\"} -->",
        ] {
            assert!(Ledger::parse(forged).is_err(), "{forged}");
            assert_eq!(Ledger::from_text(forged), Ledger::new(), "{forged}");
        }
    }

    #[test]
    fn calls_are_typed_kept_and_read_back() {
        let mut l = Ledger::new();
        l.insert(Record::Done(StepId::Email), t("2026-04-07T08:00:00Z"));
        let hostile =
            "re-run of  pull-kubernetes-e2e --> <h1>x</h1>\n@kubernetes/release-managers `a` #1";
        let c = l
            .call(
                Call::Hold,
                "alice",
                t("2026-04-07T12:00:00Z"),
                Some(hostile),
            )
            .unwrap();
        assert_eq!(
            c.reason.as_deref(),
            Some(
                "re-run of pull-kubernetes-e2e --> <h1>x</h1> @kubernetes/release-managers `a` #1"
            ),
            "kept on one line, as written otherwise"
        );
        l.call(Call::Unhold, "bob-rm", t("2026-04-07T13:00:00Z"), None)
            .unwrap();
        l.call(Call::NoGo, "alice", t("2026-04-07T14:00:00Z"), Some("CVE"))
            .unwrap();
        let line = l.comment();
        let json = &line[OPEN.len()..line.len() - " -->".len()];
        assert!(!json.contains(['<', '>', '-']), "{line}");
        let back = Ledger::from_text(&format!("<!-- relcut:status -->\n{line}\n"));
        assert_eq!(back, l);
        assert_eq!(
            back.calls().iter().map(|c| c.call).collect::<Vec<_>>(),
            [Call::Hold, Call::Unhold, Call::NoGo]
        );
        assert_eq!(back.calls()[1].by, "bob-rm");
        assert_eq!(
            back.get(Record::Done(StepId::Email)),
            Some(t("2026-04-07T08:00:00Z"))
        );
        let j = serde_json::to_value(&l).unwrap();
        assert_eq!(j["calls"][2]["call"], "no-go");
        assert_eq!(j["calls"][0]["at"], "2026-04-07T12:00:00Z");
    }

    #[test]
    fn calls_are_checked_when_made() {
        let mut l = Ledger::new();
        let now = t("2026-04-07T12:00:00Z");
        assert_eq!(
            l.call(Call::Hold, "alice", now, Some("  \n ")),
            Err(CallError::NoReason("hold"))
        );
        assert_eq!(
            l.call(Call::NoGo, "alice", now, None),
            Err(CallError::NoReason("no-go"))
        );
        assert!(matches!(
            l.call(Call::Hold, "a b", now, Some("x")),
            Err(CallError::Login(_))
        ));
        assert!(l.calls().is_empty());
        let long = "x".repeat(MAX_REASON * 2);
        let kept = l.call(Call::Hold, "alice", now, Some(&long)).unwrap();
        let reason = kept.reason.clone().unwrap();
        assert_eq!(reason.chars().count(), MAX_REASON);
        assert!(reason.ends_with('…'));
        for i in 0..MAX_CALLS + 5 {
            l.call(Call::Hold, "alice", now, Some(&format!("r{i}")))
                .unwrap();
        }
        assert_eq!(l.calls().len(), MAX_CALLS);
        assert_eq!(
            l.calls().last().unwrap().reason.as_deref(),
            Some(format!("r{}", MAX_CALLS + 4).as_str()),
            "the oldest go first"
        );
        assert_eq!(Ledger::from_text(&l.comment()), l);
    }

    #[test]
    fn forged_calls_are_rejected_whole() {
        let at = "2026-04-07T12:00:00Z";
        for calls in [
            "{}".to_string(),
            format!("[{{\"call\":\"approve\",\"by\":\"a\",\"at\":\"{at}\",\"reason\":\"x\"}}]"),
            format!("[{{\"call\":\"hold\",\"by\":\"@team x\",\"at\":\"{at}\",\"reason\":\"x\"}}]"),
            "[{\"call\":\"hold\",\"by\":\"a\",\"at\":\"soon\",\"reason\":\"x\"}]".to_string(),
            format!("[{{\"call\":\"hold\",\"by\":\"a\",\"at\":\"{at}\"}}]"),
            format!("[{{\"call\":\"hold\",\"by\":\"a\",\"at\":\"{at}\",\"reason\":\"x\\ny\"}}]"),
            format!(
                "[{{\"call\":\"hold\",\"by\":\"a\",\"at\":\"{at}\",\"reason\":\"x\",\"ok\":true}}]"
            ),
            format!("[{{\"call\":\"unhold\",\"by\":\"a\",\"at\":\"{at}\",\"reason\":7}}]"),
            format!(
                "[{}]",
                vec![
                    format!("{{\"call\":\"unhold\",\"by\":\"a\",\"at\":\"{at}\"}}");
                    MAX_CALLS + 1
                ]
                .join(",")
            ),
        ] {
            let text = format!("<!-- relcut:ledger {{\"email\":\"{at}\",\"calls\":{calls}}} -->");
            assert!(
                matches!(Ledger::parse(&text), Err(LedgerError::BadCall { .. })),
                "{text}: {:?}",
                Ledger::parse(&text)
            );
            assert_eq!(Ledger::from_text(&text), Ledger::new(), "{text}");
        }
        // A call that reads: the same shape with a known call.
        let ok = format!("<!-- relcut:ledger {{\"calls\":[{{\"call\":\"unhold\",\"by\":\"a\",\"at\":\"{at}\"}}]}} -->");
        assert_eq!(Ledger::from_text(&ok).calls().len(), 1);
    }

    #[test]
    fn a_calls_answer_carries_it_back_into_a_ledger_that_lost_it() {
        let mut l = Ledger::new();
        let hold = l
            .call(
                Call::Hold,
                "alice",
                t("2026-04-07T12:00:00Z"),
                Some("x --> <b>@team</b>"),
            )
            .unwrap()
            .clone();
        let line = call_comment(&hold);
        assert!(line.starts_with(CALL_OPEN) && line.ends_with(" -->"));
        let json = &line[CALL_OPEN.len()..line.len() - " -->".len()];
        assert!(!json.contains(['<', '>', '-']), "{line}");
        let answer = format!("<!-- relcut:answer:1:hold -->\n@alice\n\n{line}\nOn hold.");
        assert_eq!(calls_in(&answer), std::slice::from_ref(&hold));
        // A racing run rewrote the status comment from a ledger read before the hold.
        let mut lost = Ledger::new();
        lost.call(Call::Unhold, "bob", t("2026-04-07T11:00:00Z"), None)
            .unwrap();
        assert!(lost.merge_calls(calls_in(&answer)));
        assert!(!lost.merge_calls(calls_in(&answer)), "each call once");
        assert_eq!(
            lost.calls().iter().map(|c| c.call).collect::<Vec<_>>(),
            [Call::Unhold, Call::Hold],
            "in time order: the hold is the latest"
        );
        // Forged or damaged lines are skipped, not trusted.
        for bad in [
            "<!-- relcut:call {\"call\":\"hold\",\"by\":\"a\",\"at\":\"2026-04-07T12:00:00Z\"} -->",
            "<!-- relcut:call {\"call\":\"go\",\"by\":\"a\",\"at\":\"2026-04-07T12:00:00Z\"} -->",
            "<!-- relcut:call not json -->",
            "<!-- relcut:call {\"call\":\"unhold\"",
        ] {
            assert!(calls_in(bad).is_empty(), "{bad}");
        }
    }
}
