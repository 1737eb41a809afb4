//! `relcut action`: one event in, at most one comment per purpose out.
//!
//! - `issues` (opened, edited, reopened, labeled) on a cut issue: the status comment is kept
//!   current.
//! - `issue_comment` (created; edited with `allow-edits`): every `/relcut` line is answered in
//!   its own upserted comment, after a permission check; bots are never obeyed.
//! - `schedule` and `workflow_dispatch`: the live gates of open cut issues re-checked
//!   ([`crate::scheduled`]).
//!
//! A typical command costs five requests: the permission, one page of comments, the answer,
//! the listing that proves no racing run posted the same answer, and the reaction.

use std::sync::Arc;
use std::time::{Duration, Instant};

use relcut_core::checklist;
use relcut_core::command;

use relcut_github::api::{self, Repo};
use relcut_github::client::{Client, GitHubError, Session};
use relcut_github::event::Event;
use relcut_github::report::Reporter;
use relcut_github::runtime;
use relcut_github::ExposeSecret;

use crate::comment::on_comment;
use crate::config::{ActionError, Config, Outcome, ACTIONS_BOT};
use crate::issue::on_issue;

/// Who the token writes as. The `bot-login` input when set; a user's token names its user
/// (`GET /user`); an installation token (`ghs_`: the workflow's `GITHUB_TOKEN` or a GitHub
/// App's), which `GET /user` cannot name, is assumed to be `github-actions[bot]` until a
/// listing shows relcut's marker in another bot's comment: then GraphQL `viewer` is asked once
/// ([`api::Identity::Assumed`]), so an App's token finds its own comments without `bot-login`.
pub(crate) async fn identity(cfg: &Config, client: &Client) -> Result<api::Identity, ActionError> {
    if let Some(login) = &cfg.bot_login {
        return Ok(api::Identity::Known(login.clone()));
    }
    if cfg.token.expose_secret().starts_with("ghs_") {
        return Ok(api::Identity::Assumed(ACTIONS_BOT.into()));
    }
    match client.call(http::Method::GET, "/user", None).await {
        Ok(r) => Ok(api::Identity::Known(
            r.json::<api::User>("the token's user")?.login,
        )),
        Err(GitHubError::Forbidden { .. } | GitHubError::NotFound { .. }) => {
            Ok(api::Identity::Assumed(ACTIONS_BOT.into()))
        }
        Err(e) => Err(e.into()),
    }
}

/// Handles the event; the caller writes outputs and the summary.
/// What a run may take beyond `max-wait`: the live checks stop at `max-wait`, GitHub calls
/// (the answer that reports them) this much later, so a run ends within `max-wait` + 10 s.
pub const WRITE_GRACE: Duration = Duration::from_secs(5);

/// Handles the event; the caller writes outputs and the summary. Every client shares one
/// session: the request count covers every service, and nothing runs past the deadline.
pub async fn run(cfg: &Config, reporter: Arc<dyn Reporter>) -> Result<Outcome, ActionError> {
    let event = Event::parse(&cfg.event).map_err(ActionError::Config)?;
    let mut out = Outcome::default();
    let start = Instant::now();
    let mut session = Session::new(reporter);
    session.deadline = Some(start + cfg.policy.max_wait + WRITE_GRACE);
    let mut live = cfg.clone();
    live.endpoints.session = session.with_deadline(start + cfg.policy.max_wait);
    let cfg = &live;
    let client = Client::new(&cfg.api_url, &cfg.token, cfg.policy, &session)?;
    let action = event.action.clone().unwrap_or_default();
    let scheduled = crate::scheduled::handles(&cfg.event_name);
    if !scheduled && !relevant(cfg, &event, &action, &mut out.log) {
        out.requests = client.requests();
        return Ok(out);
    }
    let me = match identity(cfg, &client).await {
        Ok(me) => me,
        Err(e) => {
            out.requests = client.requests();
            return Err(e);
        }
    };
    let repo = Repo::new(&client, &cfg.owner, &cfg.repo, cfg.dry_run, me);
    let result = match (cfg.event_name.as_str(), event.issue.as_ref()) {
        (name, _) if crate::scheduled::handles(name) => {
            crate::scheduled::run(cfg, &repo, &mut out).await
        }
        ("issues", Some(issue)) => on_issue(cfg, &repo, issue, &mut out).await,
        ("issue_comment", Some(issue)) => match event.comment.as_ref() {
            Some(comment) => {
                let sender = event.sender.as_ref();
                on_comment(cfg, &repo, issue, comment, sender, &mut out).await
            }
            None => Err(ActionError::Config(
                "an issue_comment event without a comment".into(),
            )),
        },
        (name, _) => {
            out.log.push(format!(
                "nothing to do for `{name}` events: relcut handles `issues` and `issue_comment`"
            ));
            Ok(())
        }
    };
    out.requests = client.requests();
    result.map(|()| out)
}

/// Whether the event is one relcut acts on, decided from the event alone (no request): the
/// right event and action, an issue (never a pull request) that is a cut issue by its title and
/// the `labels` input, and for comments a `/relcut` line by someone who is not a bot.
pub(crate) fn relevant(cfg: &Config, event: &Event, action: &str, log: &mut Vec<String>) -> bool {
    let Some(issue) = event.issue.as_ref() else {
        log.push(match cfg.event_name.as_str() {
            "issues" | "issue_comment" => format!(
                "the `{}` event payload has no `issue` object: nothing to do (relcut reads GitHub's webhook payload from GITHUB_EVENT_PATH)",
                cfg.event_name
            ),
            other => format!(
                "nothing to do for `{other}` events: relcut handles `issues` and `issue_comment`"
            ),
        });
        return false;
    };
    match cfg.event_name.as_str() {
        "issues" if matches!(action, "opened" | "edited" | "reopened" | "labeled") => {}
        "issues" => {
            log.push(format!("nothing to do for issues.{action}"));
            return false;
        }
        "issue_comment" if action == "created" || (action == "edited" && cfg.allow_edits) => {}
        "issue_comment" => {
            log.push(format!(
                "nothing to do for issue_comment.{action} (edits count only with allow-edits: true)"
            ));
            return false;
        }
        name => {
            log.push(format!(
                "nothing to do for `{name}` events: relcut handles `issues` and `issue_comment`"
            ));
            return false;
        }
    }
    if issue.pull_request.is_some() {
        log.push(format!(
            "#{} is a pull request, never a cut issue",
            issue.number
        ));
        return false;
    }
    if !cfg.labels.is_empty() && !issue.labels.iter().any(|l| cfg.labels.contains(&l.name)) {
        log.push(format!(
            "issue #{} has none of the labels {}",
            issue.number,
            cfg.labels.join(", ")
        ));
        return false;
    }
    if checklist::version_from_title(&issue.title).is_none() {
        log.push(format!(
            "issue #{} is not a cut issue (title does not name a release)",
            issue.number
        ));
        return false;
    }
    if cfg.event_name == "issues" {
        return true;
    }
    let Some(comment) = event.comment.as_ref() else {
        // Reported by `run` as a bad event.
        return true;
    };
    let mut people = vec![&comment.user];
    // With allow-edits, whoever edited the comment is obeyed too, so they face the same checks.
    if action == "edited" {
        if let Some(sender) = event.sender.as_ref() {
            people.push(sender);
        }
    }
    if let Some(bot) = people.iter().find(|u| u.is_bot()) {
        log.push(format!("ignoring a comment by the bot {}", bot.login));
        return false;
    }
    if command::parse(comment.body.as_deref().unwrap_or_default()).is_empty() {
        log.push("no /relcut command in the comment".into());
        return false;
    }
    true
}

/// The whole `relcut action` process: read the environment, handle the event, write outputs
/// and the summary. Everything goes out through `report` (`out` for the log and workflow
/// commands). An error has been reported when it comes back; the binary picks its exit code.
pub fn main_from_env(report: Arc<dyn Reporter>) -> Result<(), ActionError> {
    let env = runtime::ProcessEnv;
    let error = |e: &str| report.out(&runtime::annotation("error", Some("relcut"), e));
    let cfg = match Config::from_env(&env) {
        Ok(c) => c,
        Err(e) => {
            error(&e.to_string());
            return Err(e);
        }
    };
    // Before anything else is printed.
    report.out(&runtime::mask(cfg.token.expose_secret()));
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            let e = ActionError::Config(format!("cannot start: {e}"));
            error(&e.to_string());
            return Err(e);
        }
    };
    match rt.block_on(run(&cfg, report.clone())) {
        Ok(out) => {
            // Log lines quote comment text: workflow commands stay off while they print.
            let log: Vec<String> = out.log.iter().map(|l| format!("relcut: {l}")).collect();
            if !log.is_empty() {
                report.out(&runtime::echo_untrusted(&log.join("\n").replace('\r', "")));
            }
            report.out(&format!(
                "relcut: {} request(s) to GitHub, prow, GCS and testgrid",
                out.requests
            ));
            let warn = |m: &str| report.out(&runtime::annotation("warning", Some("relcut"), m));
            if let Err(e) = runtime::set_outputs(&env, &out.outputs, report.as_ref()) {
                warn(&format!("cannot write outputs: {e}"));
            }
            if let Some(s) = &out.summary {
                if let Err(e) = runtime::summary(&env, s) {
                    warn(&format!("cannot write the summary: {e}"));
                }
            }
            // A command answered with an error is the user's to fix, not a failed job.
            for f in &out.failures {
                report.out(&runtime::annotation("warning", Some("relcut command"), f));
            }
            Ok(())
        }
        Err(e) => {
            error(&e.to_string());
            Err(e)
        }
    }
}
