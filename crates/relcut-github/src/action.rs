//! `relcut action`: one event in, at most one comment per purpose out.
//!
//! - `issues` (opened, edited, reopened, labeled) on a cut issue: the status comment is kept
//!   current.
//! - `issue_comment` (created; edited with `allow-edits`): every `/relcut` line is answered in
//!   its own upserted comment, after a permission check; bots are never obeyed.
//!
//! A typical command costs five requests: the permission, one page of comments, the answer,
//! the listing that proves no racing run posted the same answer, and the reaction.

use std::time::Duration;

use relcut_core::checklist::{self, IssueInput, StepState};
use relcut_core::command::{self, Answer, Command, Context};
use relcut_core::evidence::LinkKind;
use relcut_core::gate::JobState;
use relcut_core::history::{self, Ledger};
use relcut_core::md;
use relcut_core::promotion::{self, Rules};
use relcut_core::StepId;

use crate::api::{self, Comment, Repo};
use crate::checks::{self, Endpoints};
use crate::client::{Client, GitHubError, RetryPolicy};
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
        endpoints.github = api_url.clone();
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
            policy,
        })
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

fn footer(what: &str) -> String {
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
        v.map(|v| v.branch().to_string()).unwrap_or_default(),
    ));
    out.outputs.push((
        "next-step",
        reading.next.map(|s| s.to_string()).unwrap_or_default(),
    ));
    let tags: Vec<String> = v
        .and_then(|v| promotion::promotion(&v, Rules::Current, None).ok())
        .map(|p| p.tags.iter().map(|t| t.to_string()).collect())
        .unwrap_or_default();
    out.outputs.push((
        "promo-tags",
        serde_json::to_string(&tags).unwrap_or_else(|_| "[]".into()),
    ));
}

fn read_issue(issue: &EventIssue, body: &str) -> checklist::CutIssue {
    checklist::read(IssueInput {
        title: Some(&issue.title),
        body,
        created_at: issue.created_at.as_deref(),
    })
}

fn now_rfc3339() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0);
    chrono::DateTime::from_timestamp(secs, 0)
        .map(|t| t.format("%Y-%m-%dT%H:%M:%SZ").to_string())
        .unwrap_or_default()
}

/// The ledger kept in the status comment, if there is one.
fn ledger_of(known: &[Comment]) -> Ledger {
    let marker = comments::status_marker();
    known
        .iter()
        .filter(|c| c.body.as_deref().is_some_and(|b| b.contains(&marker)))
        .min_by_key(|c| c.id)
        .and_then(|c| c.body.as_deref())
        .map(history::ledger_from)
        .unwrap_or_default()
}

/// The promotion PRs linked on the image-promotion step (two for an rc.0).
fn promotion_prs(reading: &checklist::CutIssue) -> Vec<u64> {
    reading
        .step(StepId::ImagePromotion)
        .map(|s| {
            s.evidence
                .iter()
                .filter(|l| l.kind == LinkKind::PromotionPr)
                .filter_map(|l| {
                    l.url
                        .trim_end_matches('/')
                        .rsplit('/')
                        .next()?
                        .split(['#', '?'])
                        .next()?
                        .parse()
                        .ok()
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The gate before the no-mock release: the promotion job of every linked PR must have
/// succeeded. Asked only while the release is the step in question.
async fn release_gate(cfg: &Config, reading: &checklist::CutIssue) -> Vec<String> {
    let release_open = reading
        .step(StepId::NomockRelease)
        .is_some_and(|s| s.state == StepState::Open);
    let promo_done = reading
        .step(StepId::ImagePromotion)
        .is_some_and(|s| s.state == StepState::Done);
    if !(release_open && promo_done) {
        return Vec::new();
    }
    let prs = promotion_prs(reading);
    if prs.is_empty() {
        return vec!["🚧 **Gate:** link the promotion PR on the Image Promotion item so relcut can watch its promotion job.".into()];
    }
    let mut lines = Vec::new();
    let mut clear = true;
    for pr in prs {
        match checks::promotion_job(&cfg.endpoints, pr).await {
            Ok(job) => {
                clear &= job.state == JobState::Succeeded;
                lines.push(format!("- {}", job.markdown()));
            }
            Err(e) => {
                clear = false;
                lines.push(format!("- kubernetes/k8s.io#{pr}: could not check ({e})"));
            }
        }
    }
    let head = if clear {
        "✅ **Gate:** every promotion job succeeded: the no-mock release may go ahead."
    } else {
        "🚫 **Gate:** `nomock-release` is blocked until the promotion job of each merged promotion PR succeeded."
    };
    let mut out = vec![head.to_string()];
    out.push(lines.join("\n"));
    out
}

async fn upsert_status(
    repo: &Repo<'_>,
    issue: &EventIssue,
    reading: &checklist::CutIssue,
    gates: &[String],
    known: &mut Vec<Comment>,
) -> Result<Upserted, GitHubError> {
    let mut ledger = ledger_of(known);
    let done: Vec<StepId> = reading
        .steps
        .iter()
        .filter(|s| s.state == StepState::Done)
        .map(|s| s.id)
        .collect();
    let when = issue.updated_at.clone().unwrap_or_else(now_rfc3339);
    history::record(&mut ledger, &done, &when);
    let text = format!(
        "{}\n{}{}",
        history::ledger_comment(&ledger),
        reading.report_markdown_with(None, gates),
        footer("relcut keeps this comment current")
    );
    comments::upsert(repo, issue.number, &comments::status_marker(), &text, known).await
}

/// Handles the event; the caller writes outputs and the summary.
pub async fn run(cfg: &Config) -> Result<Outcome, ActionError> {
    let event = Event::parse(&cfg.event).map_err(ActionError::Config)?;
    let mut out = Outcome::default();
    let client = Client::new(&cfg.api_url, &cfg.token, cfg.policy)?;
    let repo = Repo {
        client: &client,
        owner: cfg.owner.clone(),
        name: cfg.repo.clone(),
        dry_run: cfg.dry_run,
    };
    let action = event.action.clone().unwrap_or_default();
    let result = match (cfg.event_name.as_str(), event.issue.as_ref()) {
        ("issues", Some(issue)) => on_issue(cfg, &repo, &action, issue, &mut out).await,
        ("issue_comment", Some(issue)) => match event.comment.as_ref() {
            Some(comment) => on_comment(cfg, &repo, &action, issue, comment, &mut out).await,
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
    result.map(|_| out)
}

async fn on_issue(
    cfg: &Config,
    repo: &Repo<'_>,
    action: &str,
    issue: &EventIssue,
    out: &mut Outcome,
) -> Result<(), ActionError> {
    if !matches!(action, "opened" | "edited" | "reopened" | "labeled") {
        out.log.push(format!("nothing to do for issues.{action}"));
        return Ok(());
    }
    if issue.pull_request.is_some() {
        out.log.push("a pull request, not a cut issue".into());
        return Ok(());
    }
    if !cfg.labels.is_empty() && !issue.labels.iter().any(|l| cfg.labels.contains(&l.name)) {
        out.log.push(format!(
            "issue #{} has none of the labels {}",
            issue.number,
            cfg.labels.join(", ")
        ));
        return Ok(());
    }
    if checklist::version_from_title(&issue.title).is_none() {
        out.log.push(format!(
            "issue #{} is not a cut issue (title does not name a release)",
            issue.number
        ));
        return Ok(());
    }
    let body = issue.body.clone().unwrap_or_default();
    let reading = read_issue(issue, &body);
    let gates = release_gate(cfg, &reading).await;
    let mut known = repo.comments(issue.number).await?;
    let up = upsert_status(repo, issue, &reading, &gates, &mut known).await?;
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

fn valid_login(login: &str) -> bool {
    !login.is_empty()
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '[' | ']'))
}

async fn on_comment(
    cfg: &Config,
    repo: &Repo<'_>,
    action: &str,
    issue: &EventIssue,
    comment: &EventComment,
    out: &mut Outcome,
) -> Result<(), ActionError> {
    let edited_ok = action == "edited" && cfg.allow_edits;
    if action != "created" && !edited_ok {
        out.log.push(format!(
            "nothing to do for issue_comment.{action} (edits count only with allow-edits: true)"
        ));
        return Ok(());
    }
    let author = &comment.user;
    if author.is_bot() {
        out.log
            .push(format!("ignoring a comment by the bot {}", author.login));
        return Ok(());
    }
    let commands = command::parse(comment.body.as_deref().unwrap_or_default());
    if commands.is_empty() {
        out.log.push("no /relcut command in the comment".into());
        return Ok(());
    }
    let login = author.login.clone();
    if !valid_login(&login) {
        return Err(ActionError::Config(format!(
            "unexpected login `{login}` in the event"
        )));
    }

    let role = repo.permission(&login).await?;
    let allowed = api::rank(&role).unwrap_or(0) >= api::rank(&cfg.min_permission).unwrap_or(3);
    let mut known = repo.comments(issue.number).await?;
    let link = comment.html_url.clone().unwrap_or_default();
    if !allowed {
        let quoted: String = commands
            .iter()
            .map(|c| format!("> {}\n", md::code_span(&c.text)))
            .collect();
        let text = md::mention_then(
            &login,
            &format!(
                "relcut commands on `{}/{}` need `{}` permission; you have `{role}`. Ask a release manager to run it.\n\n<details><summary>Your command</summary>\n\n{quoted}\n</details>\n{}",
                cfg.owner,
                cfg.repo,
                cfg.min_permission,
                footer(&format!("Answer to {}", md::link("this comment", &link)))
            ),
        );
        let up = comments::upsert(
            repo,
            issue.number,
            &comments::answer_marker(comment.id, "refused"),
            &text,
            &mut known,
        )
        .await?;
        repo.react(comment.id, "confused").await?;
        out.outputs
            .push(("comment-url", up.url.unwrap_or_default()));
        out.log.push(format!(
            "refused: {login} has `{role}`, needs `{}`",
            cfg.min_permission
        ));
        return Ok(());
    }
    if commands
        .iter()
        .any(|c| command::spec(&c.verb).is_some_and(|s| s.waits))
    {
        repo.react(comment.id, "eyes").await?;
    }

    let ledger = ledger_of(&known);
    let mut body = issue.body.clone().unwrap_or_default();
    let mut all_ok = true;
    let mut ticked = false;
    let mut last_url = None;
    for cmd in &commands {
        let answer = if cmd.verb == "tick" {
            let a = tick(repo, issue, cmd).await?;
            if let Some(new_body) = a.1 {
                body = new_body;
                ticked = true;
            }
            a.0
        } else if cmd.verb == "check" {
            check(cfg, &read_issue(issue, &body), cmd).await
        } else {
            command::answer(
                cmd,
                &Context {
                    title: &issue.title,
                    body: &body,
                    created_at: issue.created_at.as_deref(),
                    author: &login,
                    ledger: Some(&ledger),
                },
            )
        };
        all_ok &= answer.ok;
        if !answer.ok {
            out.failures
                .push(format!("`{}`: see the answer on the issue", cmd.text));
        }
        let text = md::mention_then(
            &login,
            &format!(
                "{}{}",
                answer.markdown,
                footer(&format!("Answer to {}", md::link("this comment", &link)))
            ),
        );
        let up = comments::upsert(
            repo,
            issue.number,
            &comments::answer_marker(comment.id, &cmd.verb),
            &text,
            &mut known,
        )
        .await?;
        last_url = up.url.or(last_url);
        out.log.push(format!(
            "answered `{}`{}",
            cmd.text,
            if answer.ok { "" } else { " (with an error)" }
        ));
    }
    let reading = read_issue(issue, &body);
    if ticked && reading.version.is_some() {
        upsert_status(repo, issue, &reading, &[], &mut known).await?;
    }
    repo.react(comment.id, if all_ok { "rocket" } else { "confused" })
        .await?;
    issue_outputs(out, &reading);
    out.outputs
        .push(("comment-url", last_url.unwrap_or_default()));
    out.summary = Some(reading.report_markdown(Some(&login)));
    Ok(())
}

/// `/relcut check [publishing-bot|promotion|all]`: the gates, live.
async fn check(cfg: &Config, reading: &checklist::CutIssue, cmd: &Command) -> Answer {
    let what = cmd
        .args
        .first()
        .map(|a| a.to_ascii_lowercase())
        .unwrap_or_else(|| "all".into());
    if !matches!(what.as_str(), "all" | "publishing-bot" | "promotion") {
        return Answer::failed(cmd, "check `publishing-bot`, `promotion` or `all`");
    }
    let mut md = String::new();
    let mut ok = true;
    if what != "promotion" {
        match checks::publishing_bot(&cfg.endpoints).await {
            Ok(bot) => {
                ok &= bot.healthy;
                md.push_str(&format!(
                    "- {} publishing-bot: {}\n",
                    if bot.healthy { "✅" } else { "🚫" },
                    bot.message
                ));
            }
            Err(e) => {
                ok = false;
                md.push_str(&format!("- ⚠️ publishing-bot: could not check ({e})\n"));
            }
        }
    }
    if what != "publishing-bot" {
        let prs = promotion_prs(reading);
        if prs.is_empty() {
            md.push_str(
                "- promotion: no kubernetes/k8s.io PR is linked on the Image Promotion item yet\n",
            );
        }
        let tags: Vec<relcut_core::Tag> = reading
            .version
            .and_then(|v| {
                relcut_core::promotion::promotion(&v, relcut_core::Rules::Current, None).ok()
            })
            .map(|p| p.tags)
            .unwrap_or_default();
        for pr in prs {
            // The PR's own title names its tags; an rc.0 has one PR per tag.
            match checks::verify_pr(&cfg.endpoints, pr, &[]).await {
                Ok(v) => {
                    let in_cut = checks::tags_from_title(&v.title)
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
                                    .map(|t| t.to_string())
                                    .collect::<Vec<_>>()
                                    .join(", ")
                            )
                        },
                        v.verification
                            .problems
                            .iter()
                            .map(|p| format!("\n  - {}", p.message))
                            .collect::<String>()
                    ));
                }
                Err(e) => {
                    ok = false;
                    md.push_str(&format!(
                        "- ⚠️ kubernetes/k8s.io#{pr}: could not verify ({e})\n"
                    ));
                }
            }
            match checks::promotion_job(&cfg.endpoints, pr).await {
                Ok(job) => {
                    ok &= job.state == JobState::Succeeded;
                    md.push_str(&format!("  - promotion job: {}\n", job.markdown()));
                }
                Err(e) => {
                    ok = false;
                    md.push_str(&format!("  - ⚠️ promotion job: could not check ({e})\n"));
                }
            }
        }
    }
    Answer { markdown: md, ok }
}

/// Ticks on the issue as it is now (read right before writing), so a human edit made since the
/// event is kept; only the target line changes.
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
    // GitHub has no compare-and-swap for issue bodies: read, tick, and read again right before
    // the write; if a person edited in between, tick their version instead.
    let mut body = repo.issue(issue.number).await?.body.unwrap_or_default();
    for _ in 0..3 {
        let again = repo.issue(issue.number).await?.body.unwrap_or_default();
        if again == body {
            break;
        }
        body = again;
    }
    let with = link.map(|l| format!(" with {l}")).unwrap_or_default();
    match checklist::tick(&body, step, link) {
        Ok(new_body) if new_body == body => Ok((
            Answer::ok(format!("`{step}` was already ticked{with}.")),
            None,
        )),
        Ok(new_body) => {
            repo.update_issue_body(issue.number, &new_body).await?;
            Ok((
                Answer::ok(format!("ticked `{step}`{with}.")),
                Some(new_body),
            ))
        }
        Err(e) => Ok((Answer::failed(cmd, &e.to_string()), None)),
    }
}

/// The whole `relcut action` process: read the environment, handle the event, write outputs
/// and the summary. Returns the exit code.
pub fn main_from_env() -> i32 {
    let env = runtime::ProcessEnv;
    let cfg = match Config::from_env(&env) {
        Ok(c) => c,
        Err(e) => {
            println!(
                "{}",
                runtime::annotation("error", Some("relcut"), &e.to_string())
            );
            return 1;
        }
    };
    // Before anything else is printed.
    println!("{}", runtime::mask(&cfg.token));
    let rt = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            println!(
                "{}",
                runtime::annotation("error", Some("relcut"), &format!("cannot start: {e}"))
            );
            return 1;
        }
    };
    let result = rt.block_on(run(&cfg));
    match result {
        Ok(out) => {
            // Log lines quote comment text: workflow commands stay off while they print.
            let log: Vec<String> = out.log.iter().map(|l| format!("relcut: {l}")).collect();
            if !log.is_empty() {
                println!("{}", runtime::echo_untrusted(&log.join("\n")));
            }
            println!("relcut: {} request(s) to GitHub", out.requests);
            if let Err(e) = runtime::set_outputs(&env, &out.outputs) {
                println!(
                    "{}",
                    runtime::annotation(
                        "warning",
                        Some("relcut"),
                        &format!("cannot write outputs: {e}")
                    )
                );
            }
            if let Some(s) = &out.summary {
                if let Err(e) = runtime::summary(&env, s) {
                    println!(
                        "{}",
                        runtime::annotation(
                            "warning",
                            Some("relcut"),
                            &format!("cannot write the summary: {e}")
                        )
                    );
                }
            }
            // A command answered with an error is the user's to fix, not a failed job.
            for f in &out.failures {
                println!(
                    "{}",
                    runtime::annotation("warning", Some("relcut command"), f)
                );
            }
            0
        }
        Err(e) => {
            println!(
                "{}",
                runtime::annotation("error", Some("relcut"), &e.to_string())
            );
            1
        }
    }
}
