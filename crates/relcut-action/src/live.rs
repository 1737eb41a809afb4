//! The live facts the gates need, fetched: relcut-core's [`gate::Live`] over relcut-github.
//!
//! A [`Services`] lives for one run (one event, one scheduled run, one CLI look): it fetches
//! exactly what [`gate::needs`] asks, and what every cut shares it fetches once per run,
//! whatever the number of issues and PRs: kubernetes/kubernetes#56876, and prow's job list.
//! Where a release must appear (the release-live gate) is asked only by a [`Services`] made
//! [`with_release_checks`](Services::with_release_checks): the scheduled refresh's.

use std::collections::BTreeMap;

use relcut_core::gate::{self, Needs, PrFacts, PromotionJob, PublishingBot};
use relcut_core::live::{Bases, Plan, Report};
use relcut_core::Tag;

use crate::checks::{self, CheckError, Deck, Endpoints};
use crate::verify::Verify;

/// One run's access to the services, with what every cut shares read once.
pub struct Services<'a> {
    ep: &'a Endpoints,
    /// Deck's job list, once read.
    deck: Deck,
    bot: Option<Result<PublishingBot, CheckError>>,
    /// Where a release must appear and how far to go; `None`: not asked in this run.
    release: Option<(Bases, Verify)>,
}

/// The facts fetched for one cut issue's [`Needs`].
#[derive(Debug, Default)]
pub struct Fetched {
    pub publishing_bot: Option<Result<PublishingBot, CheckError>>,
    pub jobs: BTreeMap<u64, Result<PromotionJob, CheckError>>,
    pub changes: BTreeMap<u64, Result<PrFacts, CheckError>>,
    /// The `verify-release` report of the release asked about.
    pub release_live: Option<(Tag, Report)>,
}

impl<'a> Services<'a> {
    pub fn new(ep: &'a Endpoints) -> Services<'a> {
        Services {
            ep,
            deck: Deck::NotAsked,
            bot: None,
            release: None,
        }
    }

    /// The same, and asking where a release must appear when a gate needs it (one
    /// `verify-release` check per cut issue, bounded as [`crate::verify`] says).
    #[must_use]
    pub fn with_release_checks(mut self, release: (Bases, Verify)) -> Services<'a> {
        self.release = Some(release);
        self
    }

    /// The bounds of a release-live check, when this run makes them.
    pub fn release_bounds(&self) -> Option<String> {
        self.release.as_ref().map(|(_, v)| v.bounds())
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
        if let (Some(tag), Some((bases, verify))) = (needs.release_live, &self.release) {
            let plan = Plan::new(tag, bases.clone());
            out.release_live = Some((tag, verify.check(&plan, &self.ep.session).await));
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

    fn release_live(&self, tag: &Tag) -> Option<Result<&Report, String>> {
        self.release_live
            .as_ref()
            .filter(|(t, _)| t == tag)
            .map(|(_, r)| Ok(r))
    }
}
