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

use relcut_core::checklist::{self, IssueInput, StepState};
use relcut_core::command::{self, Answer, CheckTarget, Command, Context, Runs};
use relcut_core::gate::{self, JobState, PromotionJob};
use relcut_core::history::{self, Ledger};
use relcut_core::md;
use relcut_core::promotion;
use relcut_core::StepId;

use crate::api::{self, Comment, Repo};
use crate::checks::{self, Endpoints};
use crate::client::{Client, GitHubError, Reporter, RetryPolicy, Session};
use crate::comments::{self, Upserted};
use crate::event::{Event, EventComment, EventIssue};
use crate::runtime::{self, Env};

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("{0}")]
    Config(String),
    #[error(transparent)]
    GitHub(#[from] GitHubError),
}

/// Everything the Action reads from its environment.
#[derive(Debug, Clone)]
pub struct Config {
    pub event_name: String,
    pub event: String,
    pub owner: String,
    pub repo: String,
    pub api_url: String,
    pub token: String,
    pub min_permission: String,
    pub labels: Vec<String>,
    pub allow_edits: bool,
    pub dry_run: bool,
    /// The login relcut's comments are written by (`bot-login` input); learnt from the token
    /// when unset.
    pub bot_login: Option<String>,
    pub policy: RetryPolicy,
    /// prow, GCS and testgrid for the live gates (`RELCUT_PROW_URL`, ...).
    pub endpoints: Endpoints,
}

impl Config {
    pub fn from_env(env: &dyn Env) -> Result<Config, ActionError> {
        let need = |k: &str, hint: &str| {
            env.var(k)
                .filter(|v| !v.is_empty())
                .ok_or_else(|| ActionError::Config(format!("{k} is not set: {hint}")))
        };
        let event_name = need(
            "GITHUB_EVENT_NAME",
            "run relcut action inside a GitHub Actions job",
        )?;
        let path = need(
            "GITHUB_EVENT_PATH",
            "run relcut action inside a GitHub Actions job",
        )?;
        let event = std::fs::read_to_string(&path).map_err(|e| {
            ActionError::Config(format!("cannot read the event file `{path}`: {e}"))
        })?;
        let repository = need("GITHUB_REPOSITORY", "it names the repository as owner/name")?;
        let (owner, repo) = repository.split_once('/').ok_or_else(|| {
            ActionError::Config(format!(
                "GITHUB_REPOSITORY `{repository}` is not owner/name"
            ))
        })?;
        let token = runtime::input(env, "token")
            .or_else(|| env.var("GITHUB_TOKEN").filter(|t| !t.is_empty()))
            .ok_or_else(|| {
                ActionError::Config("no token: set the `token` input (default `${{ github.token }}`) or GITHUB_TOKEN".into())
            })?;
        check_token(&token)?;
        let bot_login = runtime::input(env, "bot-login");
        if let Some(l) = bot_login.as_deref().filter(|l| !valid_login(l)) {
            return Err(ActionError::Config(format!(
                "input `bot-login` is `{}`: give a GitHub login such as `github-actions[bot]`",
                runtime::escape_data(l)
            )));
        }
        let min_permission = runtime::input(env, "min-permission")
            .unwrap_or_else(|| "write".into())
            .to_ascii_lowercase();
        if api::rank(&min_permission).is_none() {
            return Err(ActionError::Config(format!(
                "input `min-permission` is `{min_permission}`: use one of {}",
                api::LADDER.join(", ")
            )));
        }
        let mut policy = RetryPolicy::default();
        if let Some(s) = runtime::input(env, "max-wait") {
            let secs: u64 = s.parse().map_err(|_| {
                ActionError::Config(format!(
                    "input `max-wait` is `{s}`: give whole seconds, like 60"
                ))
            })?;
            policy.max_wait = Duration::from_secs(secs);
        }
        // Tests and benchmarks shorten the backoff; the default suits GitHub.
        if let Some(ms) = env.var("RELCUT_BACKOFF_MS").and_then(|v| v.parse().ok()) {
            policy.backoff_base = Duration::from_millis(ms);
        }
        if let Some(ms) = env
            .var("RELCUT_RATE_LIMIT_WAIT_MS")
            .and_then(|v| v.parse().ok())
        {
            policy.rate_limit_wait = Duration::from_millis(ms);
        }
        let mut endpoints = Endpoints::default();
        for (key, slot) in [
            ("RELCUT_PROW_URL", &mut endpoints.prow),
            ("RELCUT_GCS_URL", &mut endpoints.gcs),
            ("RELCUT_TESTGRID_URL", &mut endpoints.testgrid),
        ] {
            if let Some(v) = env.var(key).filter(|v| !v.is_empty()) {
                *slot = v;
            }
        }
        let api_url = env
            .var("GITHUB_API_URL")
            .filter(|v| !v.is_empty())
            .unwrap_or_else(|| "https://api.github.com".into());
        endpoints.github.clone_from(&api_url);
        endpoints.token = Some(token.clone());
        endpoints.policy = policy;
        Ok(Config {
            endpoints,
            event_name,
            event,
            owner: owner.to_string(),
            repo: repo.to_string(),
            api_url: env
                .var("GITHUB_API_URL")
                .filter(|v| !v.is_empty())
                .unwrap_or_else(|| "https://api.github.com".into()),
            token,
            min_permission,
            labels: runtime::input_list(env, "labels"),
            allow_edits: runtime::input_bool(env, "allow-edits", false)
                .map_err(ActionError::Config)?,
            dry_run: runtime::input_bool(env, "dry-run", false).map_err(ActionError::Config)?,
            bot_login,
            policy,
        })
    }
}

/// A token is printable ASCII without spaces; anything else (a pasted newline, a quote) would
/// make an invalid HTTP header, so it is refused here, without printing it.
fn check_token(token: &str) -> Result<(), ActionError> {
    match token.chars().position(|c| !c.is_ascii_graphic()) {
        None => Ok(()),
        Some(at) => Err(ActionError::Config(format!(
            "the token has a space, a line break or a non-ASCII character at position {}: set the `token` input (or GITHUB_TOKEN) to the token alone",
            at + 1
        ))),
    }
}

/// The login `GITHUB_TOKEN` acts as.
pub const ACTIONS_BOT: &str = "github-actions[bot]";

/// Who the token writes as. `GITHUB_TOKEN` and GitHub App installation tokens (`ghs_`) act as
/// a bot that `GET /user` cannot name (403), so those take the `bot-login` input or
/// `github-actions[bot]`; a user's token names its user.
async fn identity(cfg: &Config, client: &Client) -> Result<String, ActionError> {
    if let Some(login) = &cfg.bot_login {
        return Ok(login.clone());
    }
    if cfg.token.starts_with("ghs_") {
        return Ok(ACTIONS_BOT.into());
    }
    match client.call(http::Method::GET, "/user", None).await {
        Ok(r) => Ok(r.json::<api::User>("the token's user")?.login),
        Err(GitHubError::Forbidden { .. } | GitHubError::NotFound { .. }) => Ok(ACTIONS_BOT.into()),
        Err(e) => Err(e.into()),
    }
}

/// What a run produced, for the runtime to write.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub outputs: Vec<(&'static str, String)>,
    pub summary: Option<String>,
    pub log: Vec<String>,
    pub requests: usize,
    /// Commands answered with an error (shown as warnings; the answer says how to fix them).
    pub failures: Vec<String>,
}

pub(crate) fn footer(what: &str) -> String {
    // A paragraph of its own, whether or not the answer ended its last line.
    format!("\n\n<sub>{what} · `/relcut help` lists the commands</sub>\n")
}

fn issue_outputs(out: &mut Outcome, reading: &checklist::CutIssue) {
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

pub(crate) fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// The ledger kept in relcut's own status comment, if there is one. A ledger that is not one
/// relcut could have written is dropped (and said so in the log): it starts again from now.
pub(crate) fn ledger_of(known: &[Comment], me: &str, log: &mut Vec<String>) -> Ledger {
    let marker = comments::status_marker();
    let Some(body) = comments::marked(known, &marker, me)
        .first()
        .and_then(|c| c.body.as_deref())
    else {
        return Ledger::new();
    };
    match history::ledger_parse(body) {
        Ok(l) => l.unwrap_or_default(),
        Err(e) => {
            log.push(format!("ignored the ledger of the status comment: {e}"));
            Ledger::new()
        }
    }
}

/// The promotion jobs the gate before the no-mock release waits on, fetched; `None` when the
/// gate is not in question (the release is not the step at hand). An empty list: no PR linked.
pub(crate) async fn promotion_jobs(
    cfg: &Config,
    reading: &checklist::CutIssue,
) -> Option<Vec<(u64, Result<PromotionJob, GitHubError>)>> {
    if !gate_in_question(reading) {
        return None;
    }
    let mut jobs = Vec::new();
    for pr in reading.promotion_prs() {
        jobs.push((pr, checks::promotion_job(&cfg.endpoints, pr).await));
    }
    Some(jobs)
}

/// Whether the no-mock release waits on the promotion jobs: it is open and the promotion done,
/// or its PR linked (not ticked yet: the check follows the merge, then the job).
pub(crate) fn gate_in_question(reading: &checklist::CutIssue) -> bool {
    let release_open = reading
        .step(StepId::NomockRelease)
        .is_some_and(|s| s.state == StepState::Open);
    let promo_linked = reading.step(StepId::ImagePromotion).is_some_and(|s| {
        s.state == StepState::Done
            || (s.state == StepState::InProgress && !reading.promotion_prs().is_empty())
    });
    release_open && promo_linked
}

/// The reading with its promotion check settled by the PRs' titles the jobs fetched, when
/// every PR was fetched (see [`gate::settle_check`]).
pub(crate) fn settled(
    mut reading: checklist::CutIssue,
    jobs: Option<&[(u64, Result<PromotionJob, GitHubError>)]>,
) -> checklist::CutIssue {
    let fetched: Option<Vec<&PromotionJob>> =
        jobs.and_then(|j| j.iter().map(|(_, j)| j.as_ref().ok()).collect());
    let Some(fetched) = fetched.filter(|f| !f.is_empty()) else {
        return reading;
    };
    let mut fit = true;
    if let Some(promo) = reading.promotion() {
        let titles = gate::titles_fit(&promo, &fetched);
        fit = titles.is_ok();
        if let Some(check) = reading.promotion_check.as_mut() {
            gate::settle_check(check, &promo, &fetched, &titles);
        }
    }
    let all_merged = fetched.iter().all(|j| j.merged);
    let runs: Option<Vec<String>> = (fit && fetched.iter().all(|j| j.state == JobState::Succeeded))
        .then(|| fetched.iter().map(|j| j.url.clone()).collect());
    reading.settle_promotion(all_merged, runs.as_deref());
    reading
}

/// A failed check in a comment: a promotion PR that does not exist is a wrong number on the
/// cut issue, said with its fix; anything else is the service's error.
fn failure(e: &GitHubError) -> String {
    checks::missing_pr(e).map_or_else(|| e.to_string(), checks::missing_pr_fix)
}

/// The fetched promotion PRs' titles against the cut's tags (see [`gate::titles_fit`]); `Ok`
/// while a PR could not be fetched or the cut's version is unknown.
pub(crate) fn titles_fit(
    reading: &checklist::CutIssue,
    jobs: &[(u64, Result<PromotionJob, GitHubError>)],
) -> Result<(), String> {
    let Some(promo) = reading.promotion() else {
        return Ok(());
    };
    let fetched: Option<Vec<&PromotionJob>> = jobs.iter().map(|(_, j)| j.as_ref().ok()).collect();
    fetched.map_or(Ok(()), |f| gate::titles_fit(&promo, &f))
}

/// The gate's lines in the status comment.
pub(crate) fn gate_lines(
    reading: &checklist::CutIssue,
    jobs: Option<&[(u64, Result<PromotionJob, GitHubError>)]>,
) -> Vec<String> {
    let Some(jobs) = jobs else {
        return Vec::new();
    };
    if jobs.is_empty() {
        return vec!["🚧 **Gate:** link the promotion PR on the Image Promotion item so relcut can watch its promotion job.".into()];
    }
    let mut lines = Vec::new();
    let mut clear = true;
    for (pr, job) in jobs {
        match job {
            Ok(job) => {
                clear &= job.state == JobState::Succeeded;
                lines.push(format!("- {}", job.markdown()));
            }
            Err(e) => {
                clear = false;
                lines.push(format!(
                    "- kubernetes/k8s.io#{pr}: could not check ({})",
                    md::plain_with_code(&failure(e))
                ));
            }
        }
    }
    let fit = titles_fit(reading, jobs);
    if let Err(e) = &fit {
        lines.push(format!("- 🚫 {e}"));
    }
    let head = if fit.is_err() {
        "🚫 **Gate:** `nomock-release` is blocked: the promotion PRs do not promote this cut's tags."
    } else if clear {
        "✅ **Gate:** every promotion job succeeded: the no-mock release may go ahead."
    } else {
        "🚫 **Gate:** `nomock-release` is blocked until the promotion job of each merged promotion PR succeeded."
    };
    let mut out = vec![head.to_string()];
    out.push(lines.join("\n"));
    out
}

/// What goes at the top of the status comment and into its ledger.
pub(crate) struct Top<'a> {
    /// The go or stop line; `None`: the one relcut told, while it holds (from the ledger).
    pub line: Option<&'a str>,
    /// The [`history::GATE_RECORDS`] of the people just told, recorded in the ledger.
    pub told: &'a [String],
}

/// The status comment: the go or stop line, then the report with the gate's lines. `top`
/// `None`: the line relcut told, while it holds, and nothing newly told.
pub(crate) async fn upsert_status(
    repo: &Repo<'_>,
    issue: &EventIssue,
    reading: &checklist::CutIssue,
    gates: &[String],
    top: Option<&Top<'_>>,
    known: &mut Vec<Comment>,
    log: &mut Vec<String>,
) -> Result<Upserted, GitHubError> {
    let mut ledger = ledger_of(known, &repo.me(), log);
    for record in top.map(|t| t.told).unwrap_or_default() {
        ledger.insert(record.clone(), now_rfc3339());
    }
    let top = match top.and_then(|t| t.line) {
        Some(line) => line.to_string(),
        None => crate::scheduled::held_top(reading, &ledger, None),
    };
    let done: Vec<StepId> = reading
        .steps
        .iter()
        .filter(|s| s.state == StepState::Done)
        .map(|s| s.id)
        .collect();
    let when = issue.updated_at.clone().unwrap_or_else(now_rfc3339);
    history::record(&mut ledger, &done, &when);
    let text = format!(
        "{}\n{top}{}{}",
        history::ledger_comment(&ledger),
        reading.report_markdown_with(None, gates),
        footer("relcut keeps this comment current")
    );
    comments::upsert(repo, issue.number, &comments::status_marker(), &text, known).await
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
    let repo = Repo {
        client: &client,
        owner: cfg.owner.clone(),
        name: cfg.repo.clone(),
        dry_run: cfg.dry_run,
        me: std::sync::Mutex::new(me),
    };
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
fn relevant(cfg: &Config, event: &Event, action: &str, log: &mut Vec<String>) -> bool {
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

async fn on_issue(
    cfg: &Config,
    repo: &Repo<'_>,
    issue: &EventIssue,
    out: &mut Outcome,
) -> Result<(), ActionError> {
    let body = issue.body.clone().unwrap_or_default();
    let reading = read_issue(issue, &body);
    let jobs = promotion_jobs(cfg, &reading).await;
    let reading = settled(reading, jobs.as_deref());
    let gates = gate_lines(&reading, jobs.as_deref());
    let mut known = repo.comments(issue.number).await?;
    // The go or stop line a scheduled run told stays while its outcome holds: an edit of the
    // issue must not drop it. Read from relcut's own ledger (its log line comes from the upsert).
    let ledger = ledger_of(&known, &repo.me(), &mut Vec::new());
    let top = crate::scheduled::held_top(&reading, &ledger, jobs.as_deref());
    let top = Top {
        line: Some(&top),
        told: &[],
    };
    let up = upsert_status(
        repo,
        issue,
        &reading,
        &gates,
        Some(&top),
        &mut known,
        &mut out.log,
    )
    .await?;
    issue_outputs(out, &reading);
    out.outputs
        .push(("comment-url", up.url.clone().unwrap_or_default()));
    out.summary = Some(reading.report_markdown_with(None, &gates));
    out.log.push(format!(
        "status comment {} for #{}",
        if up.unchanged {
            "already current"
        } else if up.created {
            "created"
        } else {
            "updated"
        },
        issue.number
    ));
    Ok(())
}

pub(crate) fn valid_login(login: &str) -> bool {
    !login.is_empty()
        && login.len() <= 64
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '[' | ']'))
}

/// At most this many `/relcut` lines of one comment are acted on; the rest are ignored (and
/// the log says so), so one comment costs a bounded number of requests.
pub const MAX_COMMANDS: usize = 10;

/// The commands of a comment, grouped by verb in first-seen order: one answer per verb. An
/// unknown verb is grouped under `unknown`, and `check` runs once whatever its count.
fn plan_commands(mut commands: Vec<Command>, log: &mut Vec<String>) -> Vec<(String, Vec<Command>)> {
    if commands.len() > MAX_COMMANDS {
        log.push(format!(
            "the comment has {} /relcut lines: only the first {MAX_COMMANDS} are answered",
            commands.len()
        ));
        commands.truncate(MAX_COMMANDS);
    }
    let mut groups: Vec<(String, Vec<Command>)> = Vec::new();
    for cmd in commands {
        let key = if command::spec(&cmd.verb).is_some() {
            cmd.verb.clone()
        } else {
            "unknown".to_string()
        };
        match groups.iter_mut().find(|(k, _)| *k == key) {
            // One live check per comment: it is the slow one.
            Some((_, v)) if command::spec(&key).is_some_and(relcut_core::command::Spec::waits) => {
                let _ = v;
            }
            Some((_, v)) => v.push(cmd),
            None => groups.push((key, vec![cmd])),
        }
    }
    groups
}

/// The verbs of a comment as a refusal may name them: registry verbs only, never the text.
fn verbs_named(commands: &[Command]) -> String {
    let mut known: Vec<&str> = Vec::new();
    let mut unknown = 0usize;
    for c in commands {
        match command::spec(&c.verb) {
            Some(s) if !known.contains(&s.name) => known.push(s.name),
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
async fn authorized(
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

/// The answer to someone without the permission. It names the verbs and the permission, never
/// the comment's text: a refusal is posted for anyone, so it must not carry what they wrote.
fn refusal(
    cfg: &Config,
    refused: &str,
    role: &str,
    commands: &[Command],
    answer_to: &str,
) -> String {
    md::mention_then(
        refused,
        &format!(
            "relcut commands on {} need `{}` permission; you have {}. Ask a release manager to run it.\n\nRefused: {}.{}",
            md::code_span(&format!("{}/{}", cfg.owner, cfg.repo)),
            cfg.min_permission,
            md::code_span(role),
            verbs_named(commands),
            footer(answer_to)
        ),
    )
}

async fn on_comment(
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
    let mut refused = login.clone();
    // An edit by someone else (allow-edits) needs their permission as well as the author's.
    if let Some(editor) = sender.filter(|s| allowed && !s.login.eq_ignore_ascii_case(&login)) {
        (allowed, role) = authorized(repo, cfg, &editor.login).await?;
        refused = editor.login.clone();
    }
    let mut known = repo.comments(issue.number).await?;
    let link = comment.html_url.clone().unwrap_or_default();
    let answer_to = format!("Answer to {}", md::link("this comment", &link));
    if !allowed {
        let text = refusal(cfg, &refused, &role, &commands, &answer_to);
        let up = comments::upsert(
            repo,
            issue.number,
            &comments::answer_marker(comment.id, "refused"),
            &text,
            &mut known,
        )
        .await?;
        repo.react(comment.id, api::Reaction::Confused).await?;
        out.outputs
            .push(("comment-url", up.url.unwrap_or_default()));
        out.log.push(format!(
            "refused: {refused} has `{role}`, needs `{}`",
            cfg.min_permission
        ));
        return Ok(());
    }
    let groups = plan_commands(commands, &mut out.log);
    if groups
        .iter()
        .any(|(verb, _)| command::spec(verb).is_some_and(relcut_core::command::Spec::waits))
    {
        repo.react(comment.id, api::Reaction::Eyes).await?;
    }

    let ledger = ledger_of(&known, &repo.me(), &mut out.log);
    let mut body = issue.body.clone().unwrap_or_default();
    let mut all_ok = true;
    let mut ticked = false;
    let mut last_url = None;
    for (verb, cmds) in &groups {
        let mut parts = Vec::new();
        for cmd in cmds {
            let answer = match command::spec(verb).map(|s| s.runs) {
                Some(Runs::EditsIssue) => {
                    let (a, new_body) = tick(repo, issue, cmd).await?;
                    if let Some(new_body) = new_body {
                        body = new_body;
                        ticked = true;
                    }
                    a
                }
                Some(Runs::Live) => check(cfg, &read_issue(issue, &body), cmd).await,
                None => unknown(cmds),
                Some(Runs::Pure) => command::answer(
                    cmd,
                    &Context {
                        title: &issue.title,
                        body: &body,
                        created_at: issue.created_at.as_deref(),
                        author: &login,
                        ledger: Some(&ledger),
                    },
                ),
            };
            all_ok &= answer.ok;
            if !answer.ok {
                out.failures
                    .push(format!("`/relcut {verb}`: see the answer on the issue"));
            }
            out.log.push(format!(
                "answered a `{verb}` command{}",
                if answer.ok { "" } else { " (with an error)" }
            ));
            parts.push(answer.markdown);
            // One answer names every unknown verb of the comment.
            if command::spec(verb).is_none() {
                break;
            }
        }
        let text = md::mention_then(
            &login,
            &format!("{}{}", parts.join("\n\n---\n\n"), footer(&answer_to)),
        );
        let up = comments::upsert(
            repo,
            issue.number,
            &comments::answer_marker(comment.id, verb),
            &text,
            &mut known,
        )
        .await?;
        last_url = up.url.or(last_url);
    }
    let reading = read_issue(issue, &body);
    if ticked && reading.version.is_some() {
        upsert_status(repo, issue, &reading, &[], None, &mut known, &mut out.log).await?;
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
    out.summary = Some(reading.report_markdown(Some(&login)));
    Ok(())
}

/// One answer for every unknown verb of a comment: which ones (when they look like verbs at
/// all) and the verbs there are.
fn unknown(cmds: &[Command]) -> Answer {
    let mut named: Vec<String> = Vec::new();
    for c in cmds {
        let plausible = !c.verb.is_empty()
            && c.verb.len() <= 30
            && c.verb
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '-');
        let v = format!("`{}`", c.verb);
        if plausible && !named.contains(&v) {
            named.push(v);
        }
    }
    let what = if named.is_empty() {
        "unknown command".to_string()
    } else {
        format!("unknown command {}", named.join(", "))
    };
    Answer {
        markdown: format!(
            "{what}: use one of {}",
            command::COMMANDS
                .iter()
                .map(|c| format!("`{}`", c.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ok: false,
    }
}

/// `/relcut check [publishing-bot|promotion|all]`: the gates, live.
async fn check(cfg: &Config, reading: &checklist::CutIssue, cmd: &Command) -> Answer {
    let what = match CheckTarget::parse(cmd.args.first().map(String::as_str)) {
        Ok(t) => t,
        Err(e) => return Answer::failed(cmd, &e),
    };
    let mut md = String::new();
    let mut ok = true;
    if what != CheckTarget::Promotion {
        match checks::publishing_bot(&cfg.endpoints).await {
            Ok(bot) => {
                ok &= bot.healthy;
                md.push_str(&bot.markdown());
            }
            Err(e) => {
                ok = false;
                md.push_str(&format!(
                    "- ⚠️ publishing-bot: could not check ({})\n",
                    md::plain_with_code(&e.to_string())
                ));
            }
        }
    }
    if what != CheckTarget::PublishingBot {
        let prs = reading.promotion_prs();
        if prs.is_empty() {
            md.push_str(
                "- promotion: no kubernetes/k8s.io PR is linked on the Image Promotion item yet\n",
            );
        }
        let tags: Vec<relcut_core::Tag> = reading.promotion().map(|p| p.tags).unwrap_or_default();
        let mut jobs = Vec::new();
        for pr in prs {
            // The PR's own title names its tags; an rc.0 has one PR per tag.
            match checks::verify_pr(&cfg.endpoints, pr, &[]).await {
                Ok(v) => {
                    let in_cut = promotion::tags_of_title(&v.title)
                        .iter()
                        .all(|t| tags.contains(t));
                    let good = v.ok() && in_cut;
                    ok &= good;
                    md.push_str(&format!(
                        "- {} kubernetes/k8s.io#{pr} {}: {} digest(s) added{}{}\n",
                        if good { "✅" } else { "🚫" },
                        md::code_span(&v.title),
                        v.verification.added,
                        if in_cut {
                            String::new()
                        } else {
                            format!(
                                "; its tags are not this cut's ({})",
                                tags.iter()
                                    .map(std::string::ToString::to_string)
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        },
                        v.verification.markdown_problems()
                    ));
                }
                Err(e) => {
                    ok = false;
                    md.push_str(&format!(
                        "- ⚠️ kubernetes/k8s.io#{pr}: could not verify ({})\n",
                        md::plain_with_code(&failure(&e))
                    ));
                }
            }
            let job = checks::promotion_job(&cfg.endpoints, pr).await;
            match &job {
                Ok(job) => {
                    ok &= job.state == JobState::Succeeded;
                    md.push_str(&format!("  - promotion job: {}\n", job.markdown()));
                }
                Err(e) => {
                    ok = false;
                    md.push_str(&format!(
                        "  - ⚠️ promotion job: could not check ({})\n",
                        md::plain_with_code(&failure(e))
                    ));
                }
            }
            jobs.push((pr, job));
        }
        // Each PR's tags may be the cut's and still leave one of its tags unpromoted.
        if let Err(e) = titles_fit(reading, &jobs) {
            ok = false;
            md.push_str(&format!("- 🚫 {e}\n"));
        }
    }
    Answer { markdown: md, ok }
}

/// The hosts whose links can prove a step done. A link `tick` writes into the issue body must
/// be on one of them.
fn expected_hosts(step: StepId) -> &'static [&'static str] {
    match step {
        StepId::SlackThread | StepId::SlackNotify => &["kubernetes.slack.com"],
        StepId::ReleaseSignal => &["kubernetes.slack.com", "github.com"],
        StepId::Testgrid => &["github.com", "testgrid.k8s.io"],
        StepId::MockStage | StepId::MockRelease | StepId::NomockStage | StepId::NomockRelease => {
            &["console.cloud.google.com"]
        }
        StepId::PromotionJob => &["prow.k8s.io"],
        StepId::Email => &["groups.google.com"],
        StepId::Metrics => &["github.com", "docs.google.com"],
        StepId::PublishingBot
        | StepId::ImagePromotion
        | StepId::Schedule
        | StepId::BranchCreationTasks
        | StepId::CodeThaw
        | StepId::Tools
        | StepId::KrelVersion
        | StepId::Cleanup => &["github.com"],
    }
}

/// A link `tick` may write: `http(s)`, on an expected host for the step, no user or port, and
/// no character that means something to Markdown or HTML (so it cannot become a different link,
/// a heading, a mention or markup in the issue body).
fn check_link(step: StepId, link: &str) -> Result<(), String> {
    let hosts = expected_hosts(step);
    let want = || format!("pass an https URL on {} for `{step}`", hosts.join(" or "));
    let rest = link
        .strip_prefix("https://")
        .or_else(|| link.strip_prefix("http://"))
        .ok_or_else(|| format!("the link is not an http(s) URL: {}", want()))?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let host = rest[..host_end].to_ascii_lowercase();
    if !hosts.contains(&host.as_str()) {
        return Err(format!("the link's host is not expected here: {}", want()));
    }
    let safe = |c: char| {
        c.is_ascii_alphanumeric()
            || matches!(
                c,
                '-' | '.' | '_' | '/' | '?' | '#' | '=' | '&' | '%' | '+' | ':' | ';' | ','
            )
    };
    if link.len() > 500 || !rest.chars().all(safe) {
        return Err(format!(
            "the link has characters a plain URL does not need (spaces, brackets, `@`, `*`, ...): {}",
            want()
        ));
    }
    Ok(())
}

/// How long a tick waits before its last look at the body: longer than a racing writer takes
/// from its read to its write, so a write that undid this tick is seen and the tick redone.
const TICK_SETTLE: Duration = Duration::from_secs(1);
/// Reads of the body one tick may make before it gives up on a body that keeps changing.
const TICK_READS: usize = 40;

/// Ticks on the issue as it is now. GitHub has no compare-and-swap for issue bodies, so: read
/// until two reads agree, apply the one-line change, write, then read again; if another writer
/// replaced the body in between (a racing tick, a person), re-apply on their body. "ticked" is
/// said only once the tick has been seen in the body twice, `TICK_SETTLE` apart.
async fn tick(
    repo: &Repo<'_>,
    issue: &EventIssue,
    cmd: &Command,
) -> Result<(Answer, Option<String>), GitHubError> {
    let Some(step) = cmd.args.first() else {
        return Ok((
            Answer::failed(cmd, "needs a step: `/relcut tick STEP [URL]`, for example `/relcut tick email https://groups.google.com/a/kubernetes.io/g/dev/c/...`"),
            None,
        ));
    };
    let link = cmd.args.get(1).map(String::as_str).or(cmd.named("link"));
    let Ok(id) = step.parse::<StepId>() else {
        return Ok((
            Answer {
                markdown: format!(
                    "**`/relcut tick`**: unknown step: use one of {}.",
                    StepId::ALL.map(|s| format!("`{s}`")).join(", ")
                ),
                ok: false,
            },
            None,
        ));
    };
    if let Some(l) = link {
        if let Err(e) = check_link(id, l) {
            return Ok((
                Answer {
                    markdown: format!("**`/relcut tick {id}`**: {e}."),
                    ok: false,
                },
                None,
            ));
        }
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
        let new_body = match checklist::tick(&body, step, link) {
            Ok(b) => b,
            Err(e) => return Ok((Answer::failed(cmd, &e.to_string()), None)),
        };
        let step = step.to_ascii_lowercase();
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

impl ActionError {
    /// 1 for the Action's own configuration, otherwise the service error's code (3, or 4 when
    /// the run's time ran out).
    pub fn exit_code(&self) -> u8 {
        match self {
            ActionError::Config(_) => 1,
            ActionError::GitHub(e) => e.exit_code(),
        }
    }
}

/// The whole `relcut action` process: read the environment, handle the event, write outputs
/// and the summary. Everything goes out through `report` (`out` for the log and workflow
/// commands); returns the exit code.
pub fn main_from_env(report: Arc<dyn Reporter>) -> u8 {
    let env = runtime::ProcessEnv;
    let error = |e: &str| report.out(&runtime::annotation("error", Some("relcut"), e));
    let cfg = match Config::from_env(&env) {
        Ok(c) => c,
        Err(e) => {
            error(&e.to_string());
            return e.exit_code();
        }
    };
    // Before anything else is printed.
    report.out(&runtime::mask(&cfg.token));
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            error(&format!("cannot start: {e}"));
            return 1;
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
            0
        }
        Err(e) => {
            error(&e.to_string());
            e.exit_code()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tick_links_are_plain_urls_of_the_steps_host() {
        assert!(check_link(
            StepId::ImagePromotion,
            "https://github.com/kubernetes/k8s.io/pull/9350"
        )
        .is_ok());
        assert!(check_link(
            StepId::NomockStage,
            "https://console.cloud.google.com/cloud-build/builds;region=global/aaaa?project=1"
        )
        .is_ok());
        for (step, bad) in [
            (StepId::ImagePromotion, "https://evil.example/x"),
            (StepId::ImagePromotion, "https://github.com@evil.example/x"),
            (
                StepId::ImagePromotion,
                "https://github.com/x)[**a**](https://evil.example/",
            ),
            (StepId::ImagePromotion, "https://github.com/x <b>"),
            (StepId::Email, "https://github.com/kubernetes/k8s.io/pull/1"),
            (StepId::Email, "ftp://groups.google.com/x"),
            (StepId::Email, "https://groups.google.com/@team"),
        ] {
            assert!(check_link(step, bad).is_err(), "{bad}");
        }
    }

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
        let shape: Vec<(&str, usize)> = groups.iter().map(|(v, c)| (v.as_str(), c.len())).collect();
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

    #[test]
    fn tokens_with_line_breaks_are_refused_without_being_echoed() {
        let e = check_token("ghp_abc\ndef").unwrap_err().to_string();
        assert!(e.contains("position 8") && !e.contains("ghp_"), "{e}");
        assert!(check_token("ghs_abcDEF123").is_ok());
    }
}
