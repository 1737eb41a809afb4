//! The live facts the gates need, fetched: relcut-core's [`gate::Live`] over relcut-github.
//!
//! A [`Services`] lives for one run (one event, one scheduled run, one CLI look): it fetches
//! exactly what [`gate::needs`] asks, and what every cut shares it fetches once per run,
//! whatever the number of issues and PRs: kubernetes/kubernetes#56876, and prow's job list.

use std::collections::BTreeMap;

use relcut_core::gate::{self, Needs, PrFacts, PromotionJob, PublishingBot};

use crate::checks::{self, CheckError, Deck, Endpoints};

/// One run's access to the services, with what every cut shares read once.
pub struct Services<'a> {
    ep: &'a Endpoints,
    /// Deck's job list, once read.
    deck: Deck,
    bot: Option<Result<PublishingBot, CheckError>>,
}

/// The facts fetched for one cut issue's [`Needs`].
#[derive(Debug, Default)]
pub struct Fetched {
    pub publishing_bot: Option<Result<PublishingBot, CheckError>>,
    pub jobs: BTreeMap<u64, Result<PromotionJob, CheckError>>,
    pub changes: BTreeMap<u64, Result<PrFacts, CheckError>>,
}

impl<'a> Services<'a> {
    pub fn new(ep: &'a Endpoints) -> Services<'a> {
        Services {
            ep,
            deck: Deck::NotAsked,
            bot: None,
        }
    }

    /// Fetches what `needs` asks, in a fixed order (the bot, then each PR's job, then each
    /// PR's change).
    pub async fn facts(&mut self, needs: &Needs) -> Fetched {
        let mut out = Fetched::default();
        if needs.publishing_bot {
            if self.bot.is_none() {
                self.bot = Some(
                    checks::publishing_bot(self.ep)
                        .await
                        .map_err(CheckError::from),
                );
            }
            out.publishing_bot.clone_from(&self.bot);
        }
        for pr in &needs.promotion_jobs {
            let job = checks::promotion_job_with(self.ep, *pr, &mut self.deck).await;
            out.jobs.insert(*pr, job);
        }
        for pr in &needs.promotion_changes {
            // The PR's own title names its tags; an rc.0 has one PR per tag.
            let change = checks::verify_pr(self.ep, *pr, &[]).await.map(|v| PrFacts {
                ok: v.ok(),
                title: v.title,
                verification: v.verification,
            });
            out.changes.insert(*pr, change);
        }
        out
    }
}

impl gate::Live for Fetched {
    fn publishing_bot(&self) -> Option<Result<&PublishingBot, String>> {
        self.publishing_bot
            .as_ref()
            .map(|b| b.as_ref().map_err(ToString::to_string))
    }

    fn promotion_job(&self, pr: u64) -> Option<Result<&PromotionJob, String>> {
        self.jobs
            .get(&pr)
            .map(|j| j.as_ref().map_err(ToString::to_string))
    }

    fn promotion_change(&self, pr: u64) -> Option<Result<&PrFacts, String>> {
        self.changes
            .get(&pr)
            .map(|c| c.as_ref().map_err(ToString::to_string))
    }
}
