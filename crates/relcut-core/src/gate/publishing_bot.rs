//! The publishing-bot gate: kubernetes/kubernetes#56876 is closed. The publishing-bot reopens
//! it with a comment when a run fails and closes it when one succeeds, so open means stop the
//! cut. It holds the publishing-bot step of the cut issue.
//!
//! The failure linked is the bot's own: a comment by [`BOT_LOGIN`] that starts the way the
//! bot writes them (`/reopen`, then `The last publishing run failed: ...`; kubernetes/
//! publishing-bot `cmd/publishing-bot/github.go`, `ReportOnIssue`, which also deletes the bot's
//! older comments there). Anyone can comment on the issue; nobody else's comment is linked.

use serde::Serialize;

use crate::checklist::{CutIssue, StepState};
use crate::ledger::Told;
use crate::md;
use crate::step::StepId;

use super::{Gate, GateId, Light, Needs, Seen};

pub const PUBLISHING_BOT_ISSUE: &str = "https://github.com/kubernetes/kubernetes/issues/56876";
/// The account the publishing-bot comments as on kubernetes/kubernetes#56876.
pub const BOT_LOGIN: &str = "k8s-publishing-bot";
/// Pages of 100 comments read at most, newest first, for the bot's latest failure: the bot
/// deletes its older comments, so its one comment is recent; past 300 newer comments by
/// others, the issue is linked without it.
pub const FAILURE_PAGES: u64 = 3;
/// How every failure comment of the bot reads, after its `/reopen` line.
const FAILURE_TEXT: &str = "The last publishing run failed";

/// The publishing-bot's health: only a closed #56876 means the last run succeeded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PublishingBot {
    pub healthy: bool,
    pub state: String,
    pub url: String,
    /// The bot's latest failure log, when the issue is open.
    pub failure_comment: Option<String>,
    pub message: String,
}

pub fn publishing_bot(state: &str, failure_comment: Option<String>) -> PublishingBot {
    let healthy = state == "closed";
    let message = if healthy {
        "the publishing-bot is healthy (kubernetes/kubernetes#56876 is closed): go on".to_string()
    } else {
        format!(
            "the publishing-bot is failing (kubernetes/kubernetes#56876 is {state}): stop the cut and tell #release-management{}",
            failure_comment.as_ref().map(|c| format!("; latest failure: {c}")).unwrap_or_default()
        )
    };
    PublishingBot {
        healthy,
        state: state.to_string(),
        url: PUBLISHING_BOT_ISSUE.to_string(),
        failure_comment,
        message,
    }
}

/// A comment on kubernetes/kubernetes#56876, as listed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BotComment<'a> {
    pub login: Option<&'a str>,
    pub body: &'a str,
    pub url: Option<&'a str>,
}

/// The link of the newest failure comment by the bot itself in one page of comments (oldest
/// first, as GitHub lists them); a stranger's comment is never taken for it.
pub fn latest_failure(page: &[BotComment<'_>]) -> Option<String> {
    page.iter()
        .rev()
        .filter(|c| c.login.is_some_and(|l| l.eq_ignore_ascii_case(BOT_LOGIN)))
        .find(|c| c.body.contains(FAILURE_TEXT))
        .and_then(|c| c.url.map(str::to_string))
}

/// The stop line while the publishing-bot fails.
fn stop_line(bot: &PublishingBot) -> String {
    let failure = bot
        .failure_comment
        .as_deref()
        .map(|c| format!("; {}", md::link("its latest failure", c)))
        .unwrap_or_default();
    format!(
        "🔴 **stop: the publishing-bot is failing** ({} is {}): stop the cut and tell #release-management{failure}.\n\n",
        md::link("kubernetes/kubernetes#56876", &bot.url),
        md::plain(&bot.state)
    )
}

/// The publishing-bot gate (see the module docs).
pub struct PublishingBotGate;

fn bot(seen: Seen<'_>) -> Option<&PublishingBot> {
    seen.live.publishing_bot().and_then(Result::ok)
}

impl Gate for PublishingBotGate {
    fn id(&self) -> GateId {
        GateId::PublishingBot
    }

    fn guards(&self) -> StepId {
        StepId::PublishingBot
    }

    /// In question while the cut's publishing-bot step is not ticked.
    fn needs(&self, issue: &CutIssue) -> Option<Needs> {
        issue
            .step(StepId::PublishingBot)
            .is_some_and(|s| s.state == StepState::Open)
            .then(|| Needs {
                publishing_bot: true,
                ..Needs::default()
            })
    }

    fn decide(&self, seen: Seen<'_>) -> Light {
        match bot(seen) {
            Some(b) if b.healthy => Light::Go,
            Some(_) => Light::Stop,
            None => Light::Waiting,
        }
    }

    fn said(&self, light: Light) -> Option<&'static str> {
        Some(match light {
            Light::Go => "publishing-bot healthy",
            Light::Stop => "publishing-bot failing",
            Light::Waiting => "publishing-bot not checked",
        })
    }

    fn head(&self, _seen: Seen<'_>, _light: Light) -> Option<String> {
        None
    }

    fn lines(&self, _seen: Seen<'_>) -> Vec<String> {
        Vec::new()
    }

    fn top(&self, seen: Seen<'_>, light: Light) -> Option<String> {
        bot(seen).filter(|_| light == Light::Stop).map(stop_line)
    }

    fn told(&self, light: Light, told: &dyn Fn(Told) -> bool) -> Option<Told> {
        match light {
            Light::Stop => Some(Told::PublishingBotFailing),
            // A recovery is news only to those told of the failure.
            Light::Go if told(Told::PublishingBotFailing) => Some(Told::PublishingBotHealthy),
            _ => None,
        }
    }

    fn tell(&self, seen: Seen<'_>, what: Told) -> String {
        let Some(b) = bot(seen) else {
            return String::new();
        };
        match what {
            Told::PublishingBotHealthy => format!(
                "**go on**: the publishing-bot is healthy again ({} is closed).",
                md::link("kubernetes/kubernetes#56876", &b.url)
            ),
            _ => stop_line(b)
                .trim_start_matches("🔴 ")
                .trim_end()
                .to_string(),
        }
    }
}
