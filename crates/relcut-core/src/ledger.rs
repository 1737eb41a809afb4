//! relcut's ledger: what it saw and told, and when, kept hidden in its status comment. The
//! one module that reads and writes its text; everything else sees [`Record`]s and times.
//!
//! The text is an HTML comment holding a JSON object, record → RFC 3339 time:
//! `<!-- relcut:ledger {"slack-thread":"2026-04-07T08:00:00Z","gate:promotion:succeeded":"…"} -->`.
//! Every relcut version wrote this shape (step ids and five `gate:` keys), so the ledgers in
//! live status comments still read. A ledger relcut could not have written (an unknown key, a
//! value that is not a time, broken JSON) is refused whole: it was forged or damaged.

use std::collections::BTreeMap;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Serialize, Serializer};

use crate::step::StepId;

/// A gate whose end relcut tells the assignees about, once.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Told {
    PromotionSucceeded,
    PromotionFailed,
    PromotionMismatch,
    PublishingBotFailing,
    PublishingBotHealthy,
}

impl Told {
    pub const ALL: [Told; 5] = [
        Told::PromotionSucceeded,
        Told::PromotionFailed,
        Told::PromotionMismatch,
        Told::PublishingBotFailing,
        Told::PublishingBotHealthy,
    ];

    /// The gate (`promotion`, `publishing-bot`).
    pub fn gate(self) -> &'static str {
        match self {
            Told::PromotionSucceeded | Told::PromotionFailed | Told::PromotionMismatch => {
                "promotion"
            }
            Told::PublishingBotFailing | Told::PublishingBotHealthy => "publishing-bot",
        }
    }

    /// How it ended (`succeeded`, `failed`, `mismatch`, `failing`, `healthy`).
    pub fn outcome(self) -> &'static str {
        match self {
            Told::PromotionSucceeded => "succeeded",
            Told::PromotionFailed => "failed",
            Told::PromotionMismatch => "mismatch",
            Told::PublishingBotFailing => "failing",
            Told::PublishingBotHealthy => "healthy",
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
}

/// When relcut saw each step done, and when it told the assignees how a gate ended (so no
/// rerun or later schedule tells them twice).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Ledger(BTreeMap<Record, DateTime<Utc>>);

const OPEN: &str = "<!-- relcut:ledger ";

impl Ledger {
    pub fn new() -> Ledger {
        Ledger::default()
    }

    pub fn get(&self, record: Record) -> Option<DateTime<Utc>> {
        self.0.get(&record).copied()
    }

    pub fn contains(&self, record: Record) -> bool {
        self.0.contains_key(&record)
    }

    /// Records `when`, replacing an earlier time of the same record.
    pub fn insert(&mut self, record: Record, when: DateTime<Utc>) {
        self.0.insert(record, when);
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
        self.0.iter().filter_map(|(r, t)| match r {
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
        let raw: BTreeMap<String, String> = serde_json::from_str(rest[..end].trim_end())
            .map_err(|e| LedgerError::NotJson(e.to_string()))?;
        let mut ledger = Ledger::new();
        for (key, when) in raw {
            let record =
                Record::of_key(&key).ok_or_else(|| LedgerError::UnknownRecord(key.clone()))?;
            let when = DateTime::parse_from_rfc3339(&when)
                .map_err(|_| LedgerError::NotATime(key.clone()))?;
            ledger.insert(record, when.with_timezone(&Utc));
        }
        Ok(Some(ledger))
    }

    /// The hidden line that carries the ledger. `<`, `>` and `-` are written as JSON escapes,
    /// so no value can end (or nest) the HTML comment around it.
    pub fn comment(&self) -> String {
        let json = serde_json::to_string(&self.texts()).unwrap_or_else(|_| "{}".into());
        let safe = json
            .replace('<', "\\u003c")
            .replace('>', "\\u003e")
            .replace('-', "\\u002d");
        format!("{OPEN}{safe} -->")
    }

    fn texts(&self) -> BTreeMap<String, String> {
        self.0
            .iter()
            .map(|(r, t)| (r.key(), time_text(*t)))
            .collect()
    }
}

/// A time as the ledger writes it (`2026-04-07T08:00:00Z`).
pub(crate) fn time_text(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::AutoSi, true)
}

/// As `--json` shows it: the same object as the hidden line.
impl Serialize for Ledger {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.texts().serialize(s)
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
}
