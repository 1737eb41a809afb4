//! Gates that clear themselves: on `schedule` and `workflow_dispatch` events relcut re-checks
//! the live gate of every open cut issue that waits on one, and says so when it settles.
//!
//! - The open issues are listed ([`LIST_PATH`]: every page, oldest first, at most
//!   [`LIST_PAGES`] of 100; the `labels` input narrows it on GitHub when it names one label), so
//!   no number of newer or bumped issues pushes a cut out. The title rule and the `labels`
//!   input pick the cut issues, as for issue events.
//! - An issue waits on the promotion gate while its no-mock release is open, its image
//!   promotion done and it does not carry [`GO_LABEL`]; on the publishing-bot gate while its
//!   publishing-bot step is not ticked (read from the listing: no request). Any other issue, and
//!   every closed one, costs nothing. kubernetes/kubernetes#56876 is asked once per run for all
//!   cuts (one request, and up to three pages of its comments while it is open).
//! - A waiting issue: its comments, then per linked promotion PR the PR, and Deck's job list
//!   once per run for every issue (GCS only when Deck lost the run). The status comment is rewritten only
//!   when its text changes: a job still running writes nothing.
//! - While the publishing-bot fails: a stop line at the top and one comment; when it recovers,
//!   the line goes and one "go on" comment (only if the stop was told).
//! - When every job succeeded: "go: no-mock release" with the command at the top of the status
//!   comment, and one comment mentioning the assignees. When one failed: a stop line with the
//!   failing run and the known causes (429 / quota: rerun from prow), and one such comment.
//! - Every gate is re-derived from the services each run ([`relcut_core::gate::GATES`]); what
//!   was told is recorded in the status comment's ledger (a [`Told`], one of [`Told::ALL`]) and
//!   the comment carries a hidden marker per gate and outcome. Both count, read only from
//!   relcut's own comments, and only to keep anyone from being told twice: the comment is
//!   posted before the ledger is written, so a run stopped in between leaves the marker and
//!   nobody is told twice nor left untold. A ledger never gives a go: a forged or stale
//!   `gate:promotion:succeeded` while prow says running shows running, and labels nothing.
//! - Once the live check says go, relcut labels the issue [`GO_LABEL`] (one write): later runs
//!   skip it from the listing alone. A label is not authored like a comment: whoever can label issues
//!   could add it by hand, which only stops the scheduled re-check of that issue's promotion
//!   gate (issue events still show the live gate); removing it makes relcut look again, live,
//!   and label it again when the go still holds, without telling anyone twice.
//! - After the no-mock release (its step ticked), an issue waits on the release-live gate
//!   ([`relcut_core::gate::ReleaseLiveGate`]): each run checks every place the release must
//!   appear, as `relcut verify-release` does and with its code ([`crate::verify`]), and shows
//!   what is not there yet in the status comment. Once everything is ok the status comment says
//!   "v1.35.3 is live everywhere" in one line, the ledger records it (`gate:release-live:live`)
//!   and later runs check nothing more (reading the ledger costs the issue's one comments
//!   request per run until it is closed). A watchdog names what is still missing past its time
//!   ([`relcut_core::gate::WATCHES`], from when the ledger saw the no-mock release done:
//!   images, binaries and the GitHub release 2 h, packages 24 h, the website's schedule 3 days)
//!   in one comment to the assignees, each check with its id, the URL asked and the fix
//!   (`gate:release-live:missing`), never a second one for the same cut.
//! - Trusted cuts only ([`crate::trust`]), asked in [`trust::scheduled_checks`] order: issues
//!   of the repository's members first, oldest first, the order turning every run once more
//!   wait than fit, so no decoy starves the real cut. Bounded: at most [`MAX_TRUST_READS`]
//!   requests of trust reads and [`MAX_ISSUES`] trusted waiting issues per run, and no new issue
//!   is checked once [`MAX_REQUESTS`] requests of checks are spent; the rest wait for a later
//!   run, named in the log.
//!   A release-live check of one issue is bounded on its own as `verify-release` is: 8
//!   requests in flight, 800 in all, 10 s per request, 60 s for the whole check (and never past
//!   the run's deadline); its GitHub requests (at most five) count against [`MAX_REQUESTS`].
//!   The log states each check's summary and these bounds. No issue after the first is started
//!   with less than [`MIN_TIME_LEFT`] of the run's `max-wait` left.

use chrono::Utc;
use relcut_core::checklist::{self, CutIssue};
use relcut_core::gate::{self, Known, Light};
use relcut_core::hold::{self, Standing};
use relcut_core::ledger::{Ledger, Record, Told};
use relcut_core::{trust, StepId};
use serde::Deserialize;

use relcut_github::api::{Repo, User};
use relcut_github::client::GitHubError;
use relcut_github::comments;
use relcut_github::event::{EventIssue, Label};

use crate::config::{ActionError, Config, Outcome};
use crate::live::Services;
use crate::status::told_marker;
use crate::trust::TrustCheck;

/// The label relcut puts on a cut issue once it told the go: the listing alone then shows that
/// the issue needs no check (see the module docs).
pub const GO_LABEL: &str = "relcut: go";
/// Trusted waiting cut issues re-checked per run at most.
pub const MAX_ISSUES: usize = trust::MAX_SCHEDULED_CHECKS;
/// No new issue is checked past this many requests of checks (GitHub, prow and GCS together).
pub const MAX_REQUESTS: usize = 40;
/// No issue after the first is started with less than this left of the run's `max-wait`: a
/// release-live check may take the whole of it, and an issue started that late would fail the
/// run at its deadline instead of waiting for the next run.
pub const MIN_TIME_LEFT: std::time::Duration = std::time::Duration::from_secs(10);
/// No new issue is asked about past this many requests of trust reads (permissions, label
/// events): what decoys can cost a run.
pub const MAX_TRUST_READS: usize = 15;
/// The listing: open issues, oldest first, 100 a page; every page is read, at most
/// [`LIST_PAGES`], so no number of newer or recently bumped issues hides a cut.
pub const LIST_PATH: &str = "issues?state=open&sort=created&direction=asc&per_page=100";
/// Pages of the listing read at most (1,000 open issues).
pub const LIST_PAGES: usize = 10;

/// The events handled here.
pub fn handles(event_name: &str) -> bool {
    matches!(event_name, "schedule" | "workflow_dispatch")
}

#[derive(Debug, Clone, Deserialize)]
pub(crate) struct ListedIssue {
    number: u64,
    title: String,
    #[serde(default)]
    body: Option<String>,
    #[serde(default)]
    created_at: Option<String>,
    #[serde(default)]
    updated_at: Option<String>,
    #[serde(default)]
    labels: Vec<Label>,
    #[serde(default)]
    assignees: Vec<User>,
    #[serde(default)]
    pull_request: Option<serde_json::Value>,
    #[serde(default)]
    html_url: Option<String>,
    #[serde(default)]
    user: Option<User>,
    #[serde(default)]
    author_association: Option<String>,
}

impl ListedIssue {
    /// Whether GitHub says the author belongs to the repository (an order, never a trust).
    fn member(&self) -> bool {
        matches!(
            self.author_association.as_deref(),
            Some("OWNER" | "MEMBER" | "COLLABORATOR")
        )
    }

    fn go_labelled(&self) -> bool {
        self.labels.iter().any(|l| l.name == GO_LABEL)
    }

    fn as_event_issue(&self) -> EventIssue {
        EventIssue {
            number: self.number,
            title: self.title.clone(),
            body: self.body.clone(),
            created_at: self.created_at.clone(),
            updated_at: self.updated_at.clone(),
            labels: self.labels.clone(),
            pull_request: None,
            html_url: self.html_url.clone(),
            user: self.user.clone(),
            assignees: self.assignees.clone(),
        }
    }
}

pub(crate) fn mentions(assignees: &[User]) -> String {
    let who: Vec<String> = assignees
        .iter()
        .filter(|u| crate::config::valid_login(&u.login) && !u.is_bot())
        .map(|u| format!("@{}", u.login))
        .collect();
    if who.is_empty() {
        "(no assignee to mention)".to_string()
    } else {
        who.join(" ")
    }
}

/// Lists the open issues: every page, oldest first, at most [`LIST_PAGES`]; narrowed on
/// GitHub when the `labels` input names one label.
pub(crate) async fn list(
    cfg: &Config,
    repo: &Repo<'_>,
    out: &mut Outcome,
) -> Result<Vec<ListedIssue>, ActionError> {
    let mut next = Some(format!("/repos/{}/{}/{LIST_PATH}", repo.owner, repo.name));
    if let (Some(path), [one]) = (next.as_mut(), cfg.labels.as_slice()) {
        path.push_str(&format!("&labels={}", percent(one)));
    }
    let mut seen = std::collections::HashSet::new();
    let mut listed = Vec::new();
    while let Some(path) = next.take() {
        if seen.len() == LIST_PAGES {
            out.log.push(format!(
                "more than {} open issues: only the oldest {} were looked at (narrow the listing with the `labels` input)",
                LIST_PAGES * 100,
                LIST_PAGES * 100
            ));
            break;
        }
        if !seen.insert(path.clone()) {
            break;
        }
        let r = repo.client.call(http::Method::GET, &path, None).await?;
        let page: Vec<ListedIssue> = r.json("open issues")?;
        listed.extend(page);
        next = r.next_page(repo.client.base_url());
    }
    Ok(listed)
}

/// The trusted cut issues waiting on a gate that this run checks, in [`trust::scheduled_checks`]
/// order, at most [`MAX_ISSUES`]; the trust reads stop at [`MAX_TRUST_READS`] requests. What
/// is left waits for a later run, named in the log.
pub(crate) async fn select<'l>(
    cfg: &Config,
    repo: &Repo<'_>,
    listed: &'l [ListedIssue],
    out: &mut Outcome,
) -> Result<Vec<(&'l ListedIssue, EventIssue, CutIssue)>, ActionError> {
    let mut candidates = Vec::new();
    // From the listing alone: the ledger (in the status comment) is read per waiting issue.
    let unread = Ledger::new();
    let known = Known {
        now: Utc::now(),
        ledger: &unread,
    };
    for i in listed
        .iter()
        .filter(|i| i.pull_request.is_none())
        .filter(|i| cfg.labels.is_empty() || i.labels.iter().any(|l| cfg.labels.contains(&l.name)))
        .filter(|i| checklist::version_from_title(&i.title).is_some())
    {
        let ev = i.as_event_issue();
        let reading = crate::status::read_issue(&ev, i.body.as_deref().unwrap_or_default());
        let promotion = gate::promotion_in_question(&reading) && !i.go_labelled();
        let needs = gate::needs(&reading, known);
        if promotion || needs.publishing_bot || needs.release_live.is_some() {
            candidates.push((i, ev, reading));
        } else if gate::promotion_in_question(&reading) {
            out.log.push(format!(
                "#{}: the go was posted already (label `{GO_LABEL}`); nothing to check",
                i.number
            ));
        } else {
            out.log.push(format!("#{}: no live gate pending", i.number));
        }
    }
    let waiting: Vec<trust::Waiting> = candidates
        .iter()
        .map(|(i, _, _)| trust::Waiting {
            number: i.number,
            since: i.created_at.clone().unwrap_or_default(),
            member: i.member(),
        })
        .collect();
    // The run's ten-minute slot: which decoys go first changes from run to run.
    let turn = u64::try_from(chrono::Utc::now().timestamp() / 600).unwrap_or(0);
    let order = trust::scheduled_checks(&waiting, turn);
    let mut by_number: std::collections::HashMap<u64, (&ListedIssue, EventIssue, CutIssue)> =
        candidates.into_iter().map(|c| (c.0.number, c)).collect();
    let check = TrustCheck::for_run(cfg, repo);
    let start = repo.client.requests();
    let mut chosen = Vec::new();
    let mut left = Vec::new();
    for n in order {
        let Some((i, ev, reading)) = by_number.remove(&n) else {
            continue;
        };
        if chosen.len() == MAX_ISSUES || repo.client.requests() - start >= MAX_TRUST_READS {
            left.push(format!("#{n}"));
            continue;
        }
        // Only waiting issues are asked about (one permission read per author per run): a
        // stranger's decoy never takes a slot, a ping or a label.
        let t = check.issue(&ev).await?;
        if t.is_trusted() {
            chosen.push((i, ev, reading));
        } else {
            out.log
                .push(format!("#{n}: not a trusted cut ({}): skipped", t.reason()));
        }
    }
    if !left.is_empty() {
        out.log.push(format!(
            "left for a later run (at most {MAX_ISSUES} trusted cuts and {MAX_TRUST_READS} trust reads per run): {}",
            left.join(", ")
        ));
    }
    Ok(chosen)
}

/// One scheduled run.
pub async fn run(cfg: &Config, repo: &Repo<'_>, out: &mut Outcome) -> Result<(), ActionError> {
    let listed = list(cfg, repo, out).await?;
    let waiting = select(cfg, repo, &listed, out).await?;
    let mut done = 0;
    let start = repo.client.requests();
    // What every cut shares (the publishing-bot issue, prow's job list) is read once per run.
    let mut services = Services::new(&cfg.endpoints).with_release_checks(cfg.release.clone());
    for (i, ev, reading) in &waiting {
        if repo.client.requests() - start >= MAX_REQUESTS {
            out.log.push(format!(
                "#{}: left for the next run (at most {MAX_REQUESTS} requests of checks per run)",
                i.number
            ));
            continue;
        }
        let late = cfg
            .endpoints
            .session
            .remaining()
            .is_some_and(|left| left < MIN_TIME_LEFT);
        if done > 0 && late {
            out.log.push(format!(
                "#{}: left for the next run (less than {} s of the run's max-wait left)",
                i.number,
                MIN_TIME_LEFT.as_secs()
            ));
            continue;
        }
        done += 1;
        one_issue(repo, ev, reading, &mut services, out).await?;
    }
    out.log.push(format!(
        "scheduled run: {} cut issue(s) waiting on a gate, {done} checked",
        waiting.len()
    ));
    Ok(())
}

/// A comment that tells the assignees how a gate ended: its ledger record, its marker, its text.
pub(crate) struct Tell {
    told: Told,
    marker: String,
    text: String,
}

impl Tell {
    /// `what` the gate tells, after the mentions of the assignees.
    fn new(told: Told, what: &str, assignees: &[User]) -> Tell {
        Tell {
            told,
            marker: told_marker(told),
            text: format!(
                "{}\n\n{what}{}",
                mentions(assignees),
                crate::status::footer("relcut re-checks the gate on a schedule")
            ),
        }
    }
}

/// One waiting cut issue: its gates re-derived from the services (the ledger never stands in
/// for a live answer), what changed told once, the status comment rewritten when its text
/// changes, and the go label once the live check says go. While a hold or a no-go stands
/// ([`Standing`], from the ledger) no gate gives a go: a go waits, untold and unlabelled, for
/// `/relcut unhold` (which runs this at once) or the next run after it; a stop is still told.
pub(crate) async fn one_issue(
    repo: &Repo<'_>,
    ev: &EventIssue,
    reading: &CutIssue,
    services: &mut Services<'_>,
    out: &mut Outcome,
) -> Result<(), ActionError> {
    let n = ev.number;
    let go_labelled = ev.labels.iter().any(|l| l.name == GO_LABEL);
    let mut known = repo.comments(n).await?;
    // The upsert below logs a damaged ledger; this read stays quiet.
    let ledger = crate::status::ledger_of(&known, &repo.me(), &mut Vec::new());
    // Told: recorded in the status comment's ledger, or (issues told before the ledger kept it,
    // or a run stopped between the comment and the status update) the comment's own marker.
    // It only keeps anyone from being told twice: the gates below are the live checks'.
    let me = repo.me();
    let told = |what: Told| {
        ledger.contains(Record::Told(what))
            || !comments::marked(&known, &told_marker(what), &me).is_empty()
    };
    let g = crate::status::gated(services, reading, &ledger).await;
    let standing = Standing::of(&ledger);
    let withheld;
    let decision = if standing.holds() {
        withheld = hold::without_go(&g.decision);
        &withheld
    } else {
        &g.decision
    };
    let tell: Vec<Tell> = decision
        .tells(g.seen(reading), &told)
        .into_iter()
        .map(|(what, text)| Tell::new(what, &text, &ev.assignees))
        .collect();
    let quiet = decision.records(g.seen(reading), &told);
    if let Some(Err(e)) = &g.facts.publishing_bot {
        out.log.push(format!(
            "#{n}: could not check the publishing-bot ({e}); next run"
        ));
    }
    if let (Some((_, report)), Some(bounds)) = (&g.facts.release_live, services.release_bounds()) {
        out.log
            .push(format!("#{n}: {} ({bounds})", report.summary()));
    }
    // The comments first, then the ledger: a run stopped in between leaves the comment's
    // marker, which the next run reads, so nobody is told twice and nobody is left untold.
    for t in &tell {
        comments::upsert(repo, n, &t.marker, &t.text, &mut known).await?;
        out.log.push(format!(
            "#{n}: told the assignees (gate:{}:{})",
            t.told.gate(),
            t.told.outcome()
        ));
    }
    // What was told, and what the status comment alone says (the release seen live).
    let records: Vec<Told> = tell.iter().map(|t| t.told).chain(quiet).collect();
    let up = crate::status::upsert_status(repo, ev, &g, &records, &mut known, &mut out.log).await?;
    let mut said = g.decision.said();
    if standing.holds() {
        said.push("held: no go while the hold or no-go stands");
    }
    out.log.push(format!(
        "#{n}: {}; status comment {}",
        if said.is_empty() {
            "no gate in question".to_string()
        } else {
            said.join(", ")
        },
        if up.unchanged { "unchanged" } else { "updated" }
    ));
    if decision.light(StepId::NomockRelease) == Some(Light::Go) && !go_labelled {
        label_go(repo, n, out).await?;
    }
    Ok(())
}

/// Marks the issue as one whose go was told, so later runs skip it from the listing alone.
pub(crate) async fn label_go(
    repo: &Repo<'_>,
    n: u64,
    out: &mut Outcome,
) -> Result<(), ActionError> {
    let path = format!("/repos/{}/{}/issues/{n}/labels", repo.owner, repo.name);
    let body = serde_json::json!({ "labels": [GO_LABEL] });
    repo.client
        .call(http::Method::POST, &path, Some(&body))
        .await?;
    out.log
        .push(format!("#{n}: labelled `{GO_LABEL}`: later runs skip it"));
    Ok(())
}

/// Takes [`GO_LABEL`] off an issue a hold or a no-go now stands on: the label says go, and no
/// go stands while they do. Not there (404): nothing to take off.
pub(crate) async fn unlabel_go(
    repo: &Repo<'_>,
    n: u64,
    out: &mut Outcome,
) -> Result<(), ActionError> {
    if repo.dry_run {
        out.log
            .push(format!("#{n}: would take `{GO_LABEL}` off (dry run)"));
        return Ok(());
    }
    let path = format!(
        "/repos/{}/{}/issues/{n}/labels/{}",
        repo.owner,
        repo.name,
        percent(GO_LABEL)
    );
    match repo.client.call(http::Method::DELETE, &path, None).await {
        Ok(_) => out.log.push(format!(
            "#{n}: took `{GO_LABEL}` off: a hold or a no-go stands"
        )),
        Err(GitHubError::NotFound { .. }) => {}
        Err(e) => return Err(e.into()),
    }
    Ok(())
}

/// A label in a query string.
pub(crate) fn percent(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_labels() {
        let markers: std::collections::BTreeSet<String> =
            Told::ALL.into_iter().map(told_marker).collect();
        assert_eq!(markers.len(), Told::ALL.len());
        assert_eq!(
            told_marker(Told::PromotionFailed),
            "<!-- relcut:gate:promotion:failed -->",
            "the markers of comments older runs posted"
        );
        assert!(!told_marker(Told::PromotionFailed).contains(&comments::status_marker()));
        assert_eq!(percent("area/release-eng"), "area%2Frelease-eng");
        assert!(handles("schedule") && handles("workflow_dispatch") && !handles("issues"));
    }

    #[test]
    fn a_tell_mentions_the_assignees_first() {
        let who = [User {
            login: "alice".into(),
            kind: Some("User".into()),
        }];
        let t = Tell::new(Told::PublishingBotFailing, "**stop**", &who);
        assert!(t.text.starts_with("@alice\n\n**stop**"), "{}", t.text);
        assert_eq!(t.marker, "<!-- relcut:gate:publishing-bot:failing -->");
    }
}
