//! What a run of the Action is given (its configuration, read from the environment) and what
//! it hands back ([`Outcome`]: outputs, summary, log), with the one error type of a run.

use std::time::Duration;

use relcut_github::api;
use relcut_github::client::{GitHubError, RetryPolicy};
use relcut_github::runtime::{self, Env};
use relcut_github::SecretString;

use crate::checks::Endpoints;
use crate::verify::{self, Flags, Verify};

/// Why a run stopped: its own configuration (the input's, exit 1) or a service.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("{0}")]
    Config(String),
    #[error(transparent)]
    GitHub(#[from] GitHubError),
}

/// The longest `max-wait`: a GitHub-hosted job is ended after 6 h anyway, and a bound keeps
/// every deadline computed from it representable.
pub const MAX_WAIT_LIMIT: Duration = Duration::from_secs(6 * 3600);

/// Everything the Action reads from its environment.
#[derive(Debug, Clone)]
pub struct Config {
    pub event_name: String,
    pub event: String,
    pub owner: String,
    pub repo: String,
    pub api_url: String,
    pub token: SecretString,
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
    /// Where the release-live gate looks (`RELCUT_REGISTRY_URL`, `RELCUT_DL_URL`,
    /// `RELCUT_PKGS_URL`, `RELCUT_REGISTRY_MIRRORS`, `GITHUB_API_URL`) and its bounds.
    pub release: (relcut_core::live::Bases, Verify),
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
            let secs = s
                .parse::<u64>()
                .ok()
                .filter(|secs| *secs <= MAX_WAIT_LIMIT.as_secs())
                .ok_or_else(|| {
                    ActionError::Config(format!(
                        "input `max-wait` is `{}`: give whole seconds up to {} (GitHub ends a job after 6 h), like 60",
                        runtime::escape_data(&s),
                        MAX_WAIT_LIMIT.as_secs()
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
        let token = SecretString::from(token);
        endpoints.token = Some(token.clone());
        endpoints.policy = policy;
        let bases = Flags::default()
            .bases(&|k| env.var(k))
            .map_err(|e| ActionError::Config(e.to_string()))?;
        let release = (
            bases,
            Verify {
                limits: verify::limits(env.var("RELCUT_VERIFY_TIMEOUT_MS")),
                token: Some(token.clone()),
            },
        );
        Ok(Config {
            release,
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
pub(crate) fn check_token(token: &str) -> Result<(), ActionError> {
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

pub(crate) fn valid_login(login: &str) -> bool {
    !login.is_empty()
        && login.len() <= 64
        && login
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '[' | ']'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_with_line_breaks_are_refused_without_being_echoed() {
        let e = check_token("ghp_abc\ndef").unwrap_err().to_string();
        assert!(e.contains("position 8") && !e.contains("ghp_"), "{e}");
        assert!(check_token("ghs_abcDEF123").is_ok());
    }
}
