//! The status comment of a cut issue: its reading settled by the live gates, the gates' lines,
//! the go or stop lines at its top while the live checks say so, and its ledger.

use chrono::{DateTime, Utc};
use relcut_core::checklist::{self, CutIssue, IssueInput, StatusReport, StepState};
use relcut_core::gate::{self, Decision, Known, Seen};
use relcut_core::hold::Standing;
use relcut_core::ledger::{self, Call, Ledger, Record, Told};
use relcut_core::StepId;

use relcut_github::api::{Comment, Repo};
use relcut_github::client::GitHubError;
use relcut_github::comments::{self, Upserted};
use relcut_github::event::EventIssue;

use crate::config::Outcome;
use crate::live::{Fetched, Services};

pub(crate) fn footer(what: &str) -> String {
    comments::footer(what)
}

pub(crate) fn issue_outputs(out: &mut Outcome, reading: &checklist::CutIssue) {
    let v = reading.version;
    out.outputs
        .push(("version", v.map(|v| v.to_string()).unwrap_or_default()));
    out.outputs.push((
        "release-type",
        v.map(|v| v.release_type().to_string()).unwrap_or_default(),
    ));
    out.outputs.push((
        "branch",
        reading
            .branch
            .or_else(|| v.map(|v| v.branch()))
            .map(|b| b.to_string())
            .unwrap_or_default(),
    ));
    out.outputs.push((
        "next-step",
        reading.next.map(|s| s.to_string()).unwrap_or_default(),
    ));
    let tags: Vec<String> = reading
        .promotion()
        .map(|p| {
            p.tags
                .iter()
                .map(std::string::ToString::to_string)
                .collect()
        })
        .unwrap_or_default();
    out.outputs.push((
        "promo-tags",
        serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into()),
    ));
}

pub(crate) fn read_issue(issue: &EventIssue, body: &str) -> checklist::CutIssue {
    checklist::read(IssueInput {
        title: Some(&issue.title),
        body,
        created_at: issue.created_at.as_deref(),
    })
}

/// The ledger kept in relcut's own status comment, if there is one, with the calls (`hold`,
/// `unhold`, `no-go`) its answers to them carry: a status comment rewritten by a run that read
/// it before a call cannot lose the call. A ledger that is not one relcut could have written is
/// dropped (and said so in the log): it starts again from now.
pub(crate) fn ledger_of(known: &[Comment], me: &str, log: &mut Vec<String>) -> Ledger {
    let marker = comments::status_marker();
    let mut ledger = match comments::marked(known, &marker, me)
        .first()
        .and_then(|c| c.body.as_deref())
        .map(Ledger::parse)
    {
        None => Ledger::new(),
        Some(Ok(l)) => l.unwrap_or_default(),
        Some(Err(e)) => {
            log.push(format!("ignored the ledger of the status comment: {e}"));
            Ledger::new()
        }
    };
    // An answer's marker is its own (the command's id), so "the earliest wins" does not guard
    // it: a look-alike posted verbatim by another workflow of the same login would be read.
    // So an answer may only bring back what holds a go back (a hold, a no-go), dated no later
    // than now: a lost unhold leaves the hold standing (say it again), never the reverse, and
    // no record dated ahead stands over every later call.
    let latest = Utc::now() + chrono::Duration::minutes(5);
    for c in known.iter().filter(|c| is_call_answer(c, me)) {
        ledger.merge_calls(
            ledger::calls_in(c.body.as_deref().unwrap_or_default())
                .into_iter()
                .filter(|r| r.call != Call::Unhold && r.at <= latest),
        );
    }
    ledger
}

/// Whether `c` is relcut's own answer to a call (`<!-- relcut:answer:ID:hold -->` first).
fn is_call_answer(c: &Comment, me: &str) -> bool {
    let first = c
        .body
        .as_deref()
        .and_then(|b| b.split('\n').next())
        .unwrap_or_default();
    let Some(rest) = first.strip_prefix("<!-- relcut:answer:") else {
        return false;
    };
    let verb = rest
        .strip_suffix(" -->")
        .and_then(|r| r.rsplit_once(':'))
        .map(|(_, verb)| verb);
    Call::ALL.iter().any(|call| Some(call.as_str()) == verb) && comments::is_ours(c, first, me)
}

/// A cut issue's gates, re-derived from the services: what they needed, fetched; how they
/// stand; and the status report relcut-core builds from them. No light comes from the ledger.
pub(crate) struct Gated {
    /// The issue as read (not settled).
    pub issue: CutIssue,
    /// The report with no call standing: the reading settled by the live facts (a merged PR
    /// is done whatever its box says), the gates' lines, the go and stop lines at the top.
    pub report: StatusReport,
    pub decision: Decision,
    pub facts: Fetched,
    /// The ledger the gates saw, and when.
    pub ledger: Ledger,
    pub now: DateTime<Utc>,
}

impl Gated {
    /// What the gates see: the issue as read (not settled), the facts, what relcut knows.
    pub fn seen<'a>(&'a self, issue: &'a CutIssue) -> Seen<'a> {
        Seen {
            issue,
            live: &self.facts,
            known: Known {
                now: self.now,
                ledger: &self.ledger,
            },
        }
    }

    /// The report under the call `standing` says stands (a hold's banner, no go line, nothing
    /// copy-ready): the status comment's.
    pub fn report_in(&self, standing: Standing<'_>) -> StatusReport {
        let seen = self.seen(&self.issue);
        StatusReport::build_in(
            &self.issue,
            None,
            Some((&self.decision, seen.live, seen.known)),
            standing,
        )
    }
}

/// Every gate of [`gate::GATES`] in question for `reading`, fetched and decided; `ledger` is
/// the status comment's (what relcut saw and told, dated), read for time and for gates over
/// for good, never for a light.
pub(crate) async fn gated(
    services: &mut Services<'_>,
    reading: &CutIssue,
    ledger: &Ledger,
) -> Gated {
    let now = Utc::now();
    let known = Known { now, ledger };
    let facts = services.facts(&gate::needs(reading, known)).await;
    let decision = gate::decide(reading, &facts, known);
    Gated {
        issue: reading.clone(),
        report: StatusReport::build(reading, None, Some((&decision, &facts, known))),
        decision,
        facts,
        ledger: ledger.clone(),
        now,
    }
}

/// The status comment: the go or stop lines, then the report with the gates' lines, and the
/// ledger with `told` (what the people were just told) recorded.
pub(crate) async fn upsert_status(
    repo: &Repo<'_>,
    issue: &EventIssue,
    gated: &Gated,
    told: &[Told],
    known: &mut Vec<Comment>,
    log: &mut Vec<String>,
) -> Result<Upserted, GitHubError> {
    let mut ledger = ledger_of(known, &repo.me(), log);
    for t in told {
        ledger.insert(Record::Told(*t), Utc::now());
    }
    write_status(repo, issue, gated, ledger, known).await
}

/// The status comment with `ledger`: a hold's or a no-go's banner first (then only the stop
/// lines, and the next commands as what comes after it), else the go or stop lines; then the
/// report with the gates' lines.
pub(crate) async fn write_status(
    repo: &Repo<'_>,
    issue: &EventIssue,
    gated: &Gated,
    mut ledger: Ledger,
    known: &mut Vec<Comment>,
) -> Result<Upserted, GitHubError> {
    let report = gated.report_in(Standing::of(&ledger));
    let done: Vec<StepId> = report
        .reading
        .steps
        .iter()
        .filter(|s| s.state == StepState::Done)
        .map(|s| s.id)
        .collect();
    // When GitHub says the issue changed, else now.
    let when = issue
        .updated_at
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map_or_else(Utc::now, |t| t.to_utc());
    ledger.record_done(&done, when);
    let text = format!(
        "{}\n{}{}",
        ledger.comment(),
        report.markdown(),
        footer("relcut keeps this comment current")
    );
    comments::upsert(repo, issue.number, &comments::status_marker(), &text, known).await
}

/// The hidden marker of the one comment that tells the assignees how a gate (`promotion`,
/// `publishing-bot`) ended.
pub fn told_marker(told: Told) -> String {
    format!("<!-- relcut:gate:{}:{} -->", told.gate(), told.outcome())
}
