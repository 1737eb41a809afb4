//! An `issue_comment` event: every `/relcut` line answered in its own upserted comment, after a
//! permission check. Someone below `min-permission` gets a `confused` reaction and nothing
//! else: two requests (the permission, the reaction), no comment.

use std::time::Duration;

use chrono::Utc;
use relcut_core::checklist;
use relcut_core::command::{self, Answer, CheckTarget, Command, Context, Request, Verb};
use relcut_core::hold::{self, Standing};
use relcut_core::ledger::{self, Call, Ledger};
use relcut_core::output::{Asked, CheckReport};
use relcut_core::preflight::{self as preflight_core, Verdict};
use relcut_core::trust::CutTrust;
use relcut_core::{md, validate, StepId};

use relcut_github::api::{self, Repo};
use relcut_github::client::GitHubError;
use relcut_github::comments;
use relcut_github::event::{EventComment, EventIssue};
use relcut_github::runtime;

use crate::config::{valid_login, ActionError, Config, Outcome};
use crate::live::Services;
use crate::scheduled::{unlabel_go, GO_LABEL};
use crate::status::{footer, gated, issue_outputs, ledger_of, read_issue, write_status};
use crate::trust::TrustCheck;

/// At most this many `/relcut` lines of one comment are acted on; the rest are ignored (and
/// the log says so), so one comment costs a bounded number of requests.
pub const MAX_COMMANDS: usize = 10;

/// What one answer of a comment covers: a verb, or every line that names no verb.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Group {
    Verb(Verb),
    Unknown,
}

impl Group {
    /// Its name in the answer's hidden marker (`<!-- relcut:answer:ID:NAME -->`).
    fn marker_name(self) -> &'static str {
        match self {
            Group::Verb(v) => v.name(),
            Group::Unknown => "unknown",
        }
    }
}

/// The commands of a comment, grouped by verb in first-seen order: one answer per verb. Lines
/// that name no verb share one answer, and `check` runs once whatever its count.
pub(crate) fn plan_commands(
    mut commands: Vec<Command>,
    log: &mut Vec<String>,
) -> Vec<(Group, Vec<Command>)> {
    if commands.len() > MAX_COMMANDS {
        log.push(format!(
            "the comment has {} /relcut lines: only the first {MAX_COMMANDS} are answered",
            commands.len()
        ));
        commands.truncate(MAX_COMMANDS);
    }
    let mut groups: Vec<(Group, Vec<Command>)> = Vec::new();
    for cmd in commands {
        let key = cmd.verb().map_or(Group::Unknown, Group::Verb);
        match groups.iter_mut().find(|(k, _)| *k == key) {
            // One live check per comment: it is the slow one.
            Some((Group::Verb(v), _)) if v.spec().waits() => {}
            Some((_, v)) => v.push(cmd),
            None => groups.push((key, vec![cmd])),
        }
    }
    groups
}

/// The verbs of a comment as the log of a refusal names them: registry verbs only, never the
/// text.
pub(crate) fn verbs_named(commands: &[Command]) -> String {
    let mut known: Vec<&str> = Vec::new();
    let mut unknown = 0usize;
    for c in commands {
        match c.verb() {
            Some(v) if !known.contains(&v.name()) => known.push(v.name()),
            Some(_) => {}
            None => unknown += 1,
        }
    }
    let mut parts: Vec<String> = known.iter().map(|v| format!("`{v}`")).collect();
    if unknown > 0 {
        parts.push(format!("{unknown} unknown command(s)"));
    }
    parts.join(", ")
}

/// The user's role, and whether it is enough.
pub(crate) async fn authorized(
    repo: &Repo<'_>,
    cfg: &Config,
    login: &str,
) -> Result<(bool, String), ActionError> {
    if !valid_login(login) {
        return Err(ActionError::Config(format!(
            "unexpected login `{}` in the event",
            runtime::escape_data(login)
        )));
    }
    let role = repo.permission(login).await?;
    let allowed = api::rank(&role).unwrap_or(0) >= api::rank(&cfg.min_permission).unwrap_or(3);
    Ok((allowed, role))
}

pub(crate) async fn on_comment(
    cfg: &Config,
    repo: &Repo<'_>,
    issue: &EventIssue,
    comment: &EventComment,
    sender: Option<&api::User>,
    out: &mut Outcome,
) -> Result<(), ActionError> {
    let commands = command::parse(comment.body.as_deref().unwrap_or_default());
    let login = comment.user.login.clone();
    let (mut allowed, mut role) = authorized(repo, cfg, &login).await?;
    let author_role = role.clone();
    let mut refused = login.clone();
    // An edit by someone else (allow-edits) needs their permission as well as the author's.
    if let Some(editor) = sender.filter(|s| allowed && !s.login.eq_ignore_ascii_case(&login)) {
        (allowed, role) = authorized(repo, cfg, &editor.login).await?;
        refused = editor.login.clone();
    }
    if !allowed {
        // Strangers cost nothing: a reaction, never a comment (nobody is notified, nothing
        // they wrote is shown), and no listing of the issue's comments.
        repo.react(comment.id, api::Reaction::Confused).await?;
        out.outputs.push(("comment-url", String::new()));
        out.log.push(format!(
            "refused: {refused} has `{role}`, needs `{}`; {} answered with a `confused` reaction, no comment",
            cfg.min_permission,
            verbs_named(&commands)
        ));
        return Ok(());
    }
    // The answers to this comment are newer than it: read back to it, not further.
    let mut known = repo.comments_after(issue.number, Some(comment.id)).await?;
    let link = comment.html_url.clone().unwrap_or_default();
    let answer_to = format!("Answer to {}", md::link("this comment", &link));
    let groups = plan_commands(commands, &mut out.log);
    if groups
        .iter()
        .any(|(g, _)| matches!(g, Group::Verb(v) if v.spec().waits()))
    {
        repo.react(comment.id, api::Reaction::Eyes).await?;
    }

    let mut at = Issue {
        body: issue.body.clone().unwrap_or_default(),
        ticked: false,
        ledger: ledger_of(&known, &repo.me(), &mut out.log),
        called: None,
        trust: None,
    };
    let trust = TrustCheck::for_run(cfg, repo).knowing(&login, &author_role);
    let mut all_ok = true;
    let mut last_url = None;
    for (group, cmds) in &groups {
        let name = group.marker_name();
        let mut answers = Vec::new();
        if *group == Group::Unknown {
            // One answer names every unknown verb of the comment.
            answers.push(command::answer_unknown(cmds));
        }
        for cmd in cmds.iter().filter(|_| *group != Group::Unknown) {
            answers.push(answer_one(cfg, repo, issue, cmd, &login, &trust, &mut at).await?);
        }
        let mut parts = Vec::new();
        for answer in answers {
            all_ok &= answer.ok;
            if !answer.ok {
                out.failures
                    .push(format!("`/relcut {name}`: see the answer on the issue"));
            }
            out.log.push(format!(
                "answered a `{name}` command{}",
                if answer.ok { "" } else { " (with an error)" }
            ));
            parts.push(answer.markdown);
        }
        let text = md::mention_then(
            &login,
            &format!("{}{}", parts.join("\n\n---\n\n"), footer(&answer_to)),
        );
        let up = comments::upsert(
            repo,
            issue.number,
            &comments::answer_marker(comment.id, name),
            &text,
            &mut known,
        )
        .await?;
        last_url = up.url.or(last_url);
    }
    let reading = read_issue(issue, &at.body);
    let changed = at.ticked || at.called.is_some();
    if changed && reading.version.is_some() && trusted(&trust, issue, out).await? {
        let mut services = Services::new(&cfg.endpoints);
        let g = gated(&mut services, &reading, &at.ledger).await;
        write_status(repo, issue, &g, at.ledger.clone(), &mut known).await?;
        if at.called.is_some() {
            out.log.push(format!(
                "recorded `{}` in the ledger",
                at.called.map_or("", Call::as_str)
            ));
        }
        // The event's labels may predate a scheduled run that labelled the go while this
        // comment's run waited for it: a new hold or no-go takes the label off whatever they say.
        let go_labelled = issue.labels.iter().any(|l| l.name == GO_LABEL)
            || matches!(at.called, Some(Call::Hold | Call::NoGo));
        if Standing::of(&at.ledger).holds() && go_labelled {
            unlabel_go(repo, issue.number, out).await?;
        }
        if at.called == Some(Call::Unhold) {
            // Lifted: what the gates withheld while it stood is told now, as a scheduled run
            // would (once: the ledger says what was told).
            crate::scheduled::one_issue(repo, issue, &reading, &mut services, out).await?;
        }
    }
    repo.react(
        comment.id,
        if all_ok {
            api::Reaction::Rocket
        } else {
            api::Reaction::Confused
        },
    )
    .await?;
    issue_outputs(out, &reading);
    out.outputs
        .push(("comment-url", last_url.unwrap_or_default()));
    // What `/relcut status` answers now, under the call the ledger says stands.
    let standing = Standing::of(&at.ledger);
    out.summary =
        Some(checklist::StatusReport::build_in(&reading, Some(&login), None, standing).markdown());
    Ok(())
}

/// Whether the issue is a trusted cut, said in the log when it is not: a stranger's issue
/// gets no status comment, no ping and no label, whoever comments on it.
async fn trusted(
    trust: &TrustCheck<'_>,
    issue: &EventIssue,
    out: &mut Outcome,
) -> Result<bool, ActionError> {
    let t = trust.issue(issue).await?;
    if !t.is_trusted() {
        out.log.push(format!(
            "#{}: not a trusted cut ({}): no status comment, no ping, no label",
            issue.number,
            t.reason()
        ));
    }
    Ok(t.is_trusted())
}

/// The issue as the commands of one comment see it, one after the other.
struct Issue {
    /// Its body: a tick changes it for the commands after it.
    body: String,
    /// Whether a tick changed it (the status comment is refreshed once, at the end).
    ticked: bool,
    /// relcut's ledger, from its status comment (a call adds to it).
    ledger: Ledger,
    /// The last call recorded by this comment (the status comment is rewritten once, at the
    /// end).
    called: Option<Call>,
    /// Whether the issue is a trusted cut, once a call asked.
    trust: Option<CutTrust>,
}

/// One command's answer: the verbs that wait on services or write are run here, the others
/// by relcut-core's [`command::answer`].
async fn answer_one(
    cfg: &Config,
    repo: &Repo<'_>,
    issue: &EventIssue,
    cmd: &Command,
    login: &str,
    trust: &TrustCheck<'_>,
    at: &mut Issue,
) -> Result<Answer, ActionError> {
    Ok(match &cmd.request {
        Ok(Request::Tick { step, link }) => {
            let (a, new_body) = tick(repo, issue, cmd, *step, link.as_deref()).await?;
            if let Some(new_body) = new_body {
                at.body = new_body;
                at.ticked = true;
            }
            a
        }
        Ok(Request::Check(target)) => check(cfg, &read_issue(issue, &at.body), *target).await,
        Ok(Request::Preflight) => {
            preflight(repo, issue.number, cmd, &read_issue(issue, &at.body)).await
        }
        Ok(Request::Call { call, reason }) => {
            // A call stands on a trusted cut only: a stranger's issue gets no status comment,
            // no ping and no label, whoever comments on it.
            if at.trust.is_none() {
                at.trust = Some(trust.issue(issue).await?);
            }
            match at.trust.as_ref().filter(|t| !t.is_trusted()) {
                Some(t) => Answer::failed(
                    cmd,
                    &format!(
                        "this issue is not a trusted cut ({}): relcut records no call on it; make the cut issue trusted (opened, or its cut label applied, by someone with `{}`), then call again",
                        t.reason(),
                        cfg.min_permission
                    ),
                ),
                None => record_call(cmd, *call, reason.as_deref(), login, at),
            }
        }
        _ => command::answer(
            cmd,
            &Context {
                title: &issue.title,
                body: &at.body,
                created_at: issue.created_at.as_deref(),
                author: login,
                ledger: Some(&at.ledger),
            },
        ),
    })
}

/// `/relcut hold REASON`, `/relcut unhold`, `/relcut no-go REASON`: the call recorded in the
/// ledger with who and when (the permission was checked before any command); the status
/// comment is rewritten with it at the end of the comment.
fn record_call(
    cmd: &Command,
    call: Call,
    reason: Option<&str>,
    login: &str,
    at: &mut Issue,
) -> Answer {
    let was = Standing::of(&at.ledger);
    let text = hold::answer(call, was);
    if call == Call::Unhold && !was.holds() {
        return Answer::ok(text);
    }
    match at.ledger.call(call, login, Utc::now(), reason) {
        // The answer carries the record too, hidden: see `status::ledger_of`.
        Ok(record) => {
            let text = format!("{}\n{text}", ledger::call_comment(record));
            at.called = Some(call);
            Answer::ok(text)
        }
        Err(e) => Answer::failed(cmd, &e.to_string()),
    }
}

/// `/relcut check [publishing-bot|promotion|all]`: the gates, live: what
/// [`CheckReport::needs`] asks, fetched here, decided and rendered by relcut-core's
/// [`CheckReport`], the same report `relcut check` prints.
pub(crate) async fn check(
    cfg: &Config,
    reading: &checklist::CutIssue,
    what: CheckTarget,
) -> Answer {
    let promotion = what != CheckTarget::PublishingBot;
    let asked = Asked {
        publishing_bot: what != CheckTarget::Promotion,
        promotion_jobs: promotion,
        // The PR's own title names its tags; an rc.0 has one PR per tag.
        promotion_changes: promotion,
    };
    let prs = reading.promotion_prs();
    let facts = Services::new(&cfg.endpoints)
        .facts(&CheckReport::needs(asked, &prs))
        .await;
    let report = CheckReport::build(asked, Some(reading), &prs, &facts);
    Answer {
        markdown: report.markdown(),
        ok: report.ok(),
    }
}

/// `/relcut preflight`: the checks GitHub alone answers for this issue's tag (other cuts, the
/// release branch, the blocking issues listed in this issue), fetched here and decided by
/// relcut-core into the report `relcut preflight` prints; the release manager's machine's
/// checks are named as not run.
pub(crate) async fn preflight(
    repo: &Repo<'_>,
    number: u64,
    cmd: &Command,
    reading: &checklist::CutIssue,
) -> Answer {
    let Some(tag) = reading.version else {
        return Answer::failed(
            cmd,
            "this issue's title names no release (`Cut vX.Y.Z release`): fix the title, or run `relcut preflight TAG` for any tag",
        );
    };
    if let Err(r) = validate::cut_kind(&tag) {
        return Answer::refused(cmd, &r.error.to_string(), Some(r.source));
    }
    let facts = crate::preflight::cut_facts(
        repo.client,
        (&repo.owner, &repo.name),
        &tag,
        crate::preflight::Find::Number(number),
    )
    .await;
    let report = preflight_core::decide_on_github(&tag, &facts);
    Answer {
        markdown: report.markdown(),
        ok: report.verdict != Verdict::Fail,
    }
}

/// How long a tick waits before its last look at the body: longer than a racing writer takes
/// from its read to its write, so a write that undid this tick is seen and the tick redone.
pub(crate) const TICK_SETTLE: Duration = Duration::from_secs(1);
/// Reads of the body one tick may make before it gives up on a body that keeps changing.
pub(crate) const TICK_READS: usize = 40;

/// Ticks on the issue as it is now. GitHub has no compare-and-swap for issue bodies, so: read
/// until two reads agree, apply the one-line change, write, then read again; if another writer
/// replaced the body in between (a racing tick, a person), re-apply on their body. "ticked" is
/// said only once the tick has been seen in the body twice, `TICK_SETTLE` apart.
pub(crate) async fn tick(
    repo: &Repo<'_>,
    issue: &EventIssue,
    cmd: &Command,
    id: StepId,
    link: Option<&str>,
) -> Result<(Answer, Option<String>), GitHubError> {
    // Refused before any request: the step table's rule, the same as `relcut checklist tick`.
    // The answer names the step, never the refused link.
    if let Some(Err(e)) = link.map(|l| checklist::check_link(id, l)) {
        let markdown = format!("**`/relcut tick {id}`**: {e}.");
        return Ok((
            Answer {
                markdown,
                ok: false,
            },
            None,
        ));
    }
    let read =
        || async { Ok::<_, GitHubError>(repo.issue(issue.number).await?.body.unwrap_or_default()) };
    let mut body = read().await?;
    let mut wrote = false;
    let mut seen_once = false;
    for _ in 0..TICK_READS {
        let again = read().await?;
        if again != body {
            body = again;
            seen_once = false;
            continue;
        }
        let new_body = match checklist::tick(&body, id.as_str(), link) {
            Ok(b) => b,
            Err(e) => return Ok((Answer::failed(cmd, &e.to_string()), None)),
        };
        let step = id;
        let with = link.map(|l| format!(" with {l}")).unwrap_or_default();
        if new_body == body {
            if !wrote {
                return Ok((
                    Answer::ok(format!("`{step}` was already ticked{with}.")),
                    None,
                ));
            }
            if seen_once {
                return Ok((Answer::ok(format!("ticked `{step}`{with}.")), Some(body)));
            }
            seen_once = true;
            tokio::time::sleep(TICK_SETTLE).await;
            body = read().await?;
            continue;
        }
        repo.update_issue_body(issue.number, &new_body).await?;
        if repo.dry_run {
            return Ok((
                Answer::ok(format!("ticked `{step}`{with} (dry run).")),
                None,
            ));
        }
        wrote = true;
        seen_once = false;
        body = read().await?;
    }
    Ok((
        Answer::failed(
            cmd,
            "the issue body kept changing while relcut ticked it: run the command again",
        ),
        None,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_capped_grouped_and_check_runs_once() {
        let body: String = (0..12)
            .map(|i| match i % 4 {
                0 => "/relcut check\n".to_string(),
                1 => format!("/relcut frob{i}\n"),
                2 => "/relcut tick email\n".to_string(),
                _ => "/relcut status\n".to_string(),
            })
            .collect();
        let mut log = Vec::new();
        let groups = plan_commands(command::parse(&body), &mut log);
        let shape: Vec<(&str, usize)> = groups
            .iter()
            .map(|(v, c)| (v.marker_name(), c.len()))
            .collect();
        assert_eq!(
            shape,
            [("check", 1), ("unknown", 3), ("tick", 2), ("status", 2)]
        );
        assert!(log[0].contains("only the first 10"), "{log:?}");
    }

    #[test]
    fn refusals_name_registry_verbs_only() {
        let cmds = command::parse("/relcut tick email\n/relcut <b>@team</b>\n/relcut tick x");
        assert_eq!(verbs_named(&cmds), "`tick`, 1 unknown command(s)");
    }
}
