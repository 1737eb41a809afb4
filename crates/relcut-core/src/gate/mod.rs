//! The live gates between steps: what each needs to know from the services, how it decides,
//! and how it shows. One file per gate, one line per gate in [`registry!`] below; the status
//! comment, `/relcut check` and the scheduled refresh all iterate [`GATES`].
//!
//! A gate never fetches: it says what it [`needs`](Gate::needs) for a cut issue, someone else
//! (relcut-action, over relcut-github) fetches exactly that and hands it back through [`Live`],
//! and the gate decides from `(issue, live facts)` alone. Every run re-derives every gate from
//! the services: relcut's ledger only dates what was told (so nobody is told twice), it never
//! stands in for a live answer (a ledger that says "succeeded" while prow says "running" gives
//! no go).
//!
//! Several gates may hold the same step (the promotion PRs' titles and their jobs both hold
//! the no-mock release). [`Decision`] composes them: the step's **Gate:** line and its top
//! line come from its first gate that says stop, else (all go) from its gates' go lines.

use chrono::{DateTime, Utc};

use crate::checklist::CutIssue;
use crate::ledger::{Ledger, Told};
use crate::live::Report;
use crate::step::StepId;
use crate::version::Tag;

pub use promotion_job::{
    finished_state, in_question as promotion_in_question, promo_run, release_command, BuildStart,
    JobState, PromotionJob, PromotionJobGate, ProwRun, PROMO_JOB, PROMO_JOB_PAGE,
};
pub use promotion_pr::{settle_check, titles_fit, PrFacts, PromotionPrGate};
pub use publishing_bot::{
    latest_failure, publishing_bot, BotComment, PublishingBot, PublishingBotGate, BOT_LOGIN,
    FAILURE_PAGES, PUBLISHING_BOT_ISSUE,
};
pub use release_live::{overdue, ReleaseLiveGate, Watch, WATCHES};

/// The gate registry: one line per gate, `Id => its_file::ItsGate`, in the order their lines
/// show. It declares each gate's file (`gate/its_file.rs`) and makes [`GateId`] and [`GATES`].
macro_rules! registry {
    ($($(#[$doc:meta])* $id:ident => $module:ident :: $gate:ident,)*) => {
        $(mod $module;)*

        /// Which gate: one per line of the registry.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum GateId {
            $($(#[$doc])* $id,)*
        }

        /// Every gate, in the order the status comment shows them.
        pub static GATES: &[&dyn Gate] = &[$(&$module::$gate,)*];
    };
}

registry! {
    /// kubernetes/kubernetes#56876 is closed.
    PublishingBot => publishing_bot::PublishingBotGate,
    /// The promotion PRs' titles promote exactly the cut's tags.
    PromotionPr => promotion_pr::PromotionPrGate,
    /// The `post-k8sio-image-promo` run of each promotion PR's merge commit succeeded.
    PromotionJob => promotion_job::PromotionJobGate,
    /// After the no-mock release: every place the release must appear has it
    /// (`relcut verify-release`), with a watchdog for what is still missing past its time.
    ReleaseLive => release_live::ReleaseLiveGate,
}

/// Where a gate stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Light {
    /// Clear: its step may go ahead as far as this gate knows.
    Go,
    /// Stop: something is wrong that a person must fix.
    Stop,
    /// Not settled yet, or not checkable now (a service did not answer): neither go nor stop.
    Waiting,
}

/// What gates ask the services about for one cut issue; relcut-action fetches exactly this.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Needs {
    /// kubernetes/kubernetes#56876 and, while it is open, the bot's latest failure.
    pub publishing_bot: bool,
    /// kubernetes/k8s.io PRs whose title and promotion job to look up.
    pub promotion_jobs: Vec<u64>,
    /// kubernetes/k8s.io PRs whose images.yaml change to verify (`/relcut check` only).
    pub promotion_changes: Vec<u64>,
    /// The release whose `verify-release` report to fetch (every place it must appear).
    pub release_live: Option<Tag>,
}

impl Needs {
    /// Both needs at once, each PR once.
    pub fn add(&mut self, other: &Needs) {
        self.publishing_bot |= other.publishing_bot;
        if self.release_live.is_none() {
            self.release_live = other.release_live;
        }
        for (mine, theirs) in [
            (&mut self.promotion_jobs, &other.promotion_jobs),
            (&mut self.promotion_changes, &other.promotion_changes),
        ] {
            for pr in theirs {
                if !mine.contains(pr) {
                    mine.push(*pr);
                }
            }
        }
    }

    pub fn is_empty(&self) -> bool {
        *self == Needs::default()
    }
}

/// The live facts gates decide from, as fetched for their [`Needs`]. relcut-action implements
/// it over relcut-github; `None` is "not fetched" (not needed), `Err` is why a fetch failed (a
/// PR that does not exist, a service that did not answer), said as its fix.
pub trait Live {
    /// kubernetes/kubernetes#56876.
    fn publishing_bot(&self) -> Option<Result<&PublishingBot, String>>;
    /// The promotion job of a kubernetes/k8s.io PR (with the PR's title).
    fn promotion_job(&self, pr: u64) -> Option<Result<&PromotionJob, String>>;
    /// A promotion PR's images.yaml change, verified.
    fn promotion_change(&self, pr: u64) -> Option<Result<&PrFacts, String>>;
    /// The `verify-release` report of a release (every check, each ok, missing, wrong or
    /// unknown). Not fetched by default: only the scheduled refresh asks (see
    /// [`ReleaseLiveGate`]).
    fn release_live(&self, _tag: &Tag) -> Option<Result<&Report, String>> {
        None
    }
}

/// What relcut knows besides the issue and the services: the time of this run (relcut-core
/// has no clock: the caller's "now") and relcut's ledger (when it saw each step done, what it
/// told). A gate reads them for time (a watchdog's deadline) and for what is over for good (a
/// release seen live everywhere stays live), never for a go or a stop.
#[derive(Clone, Copy)]
pub struct Known<'a> {
    pub now: DateTime<Utc>,
    pub ledger: &'a Ledger,
}

/// What a gate sees: the cut issue as read, the live facts, and what relcut knows.
#[derive(Clone, Copy)]
pub struct Seen<'a> {
    pub issue: &'a CutIssue,
    pub live: &'a dyn Live,
    pub known: Known<'a>,
}

/// A live gate. Every text it returns is Markdown relcut writes on GitHub: anything from
/// outside goes through [`crate::md`].
pub trait Gate: Sync {
    fn id(&self) -> GateId;

    /// The step this gate holds: its go waits on this gate's.
    fn guards(&self) -> StepId;

    /// What it needs to know for this cut issue; `None`: it is not in question now (nothing
    /// fetched, nothing shown).
    fn needs(&self, issue: &CutIssue) -> Option<Needs>;

    /// The one line it leaves at the top of the status comment once relcut's ledger records
    /// that it is over for good; then it is out of question (nothing fetched, no light)
    /// whatever [`Gate::needs`] says. Default: never over.
    fn over(&self, _issue: &CutIssue, _known: Known<'_>) -> Option<String> {
        None
    }

    /// How it decides, from the issue and the live facts of its needs.
    fn decide(&self, seen: Seen<'_>) -> Light;

    /// Its word in the Action's log (`promotion pending`); `None`: nothing worth a word.
    fn said(&self, light: Light) -> Option<&'static str>;

    /// The **Gate:** line of its step in the status comment, when this gate's light is the
    /// step's (its first stop; else, all go, the last go line; else its first waiting line).
    fn head(&self, seen: Seen<'_>, light: Light) -> Option<String>;

    /// Its items under the step's **Gate:** line.
    fn lines(&self, seen: Seen<'_>) -> Vec<String>;

    /// The go or stop line at the top of the status comment, shown while the live check says
    /// so (never from the ledger).
    fn top(&self, seen: Seen<'_>, light: Light) -> Option<String>;

    /// The outcome it tells the assignees once when it ends so; `told` says what relcut told
    /// already (a recovery is only worth telling after a failure was).
    fn told(&self, light: Light, told: &dyn Fn(Told) -> bool) -> Option<Told>;

    /// The comment that tells `what` (after the mentions, before the footer).
    fn tell(&self, seen: Seen<'_>, what: Told) -> String;

    /// What it records in the ledger without a comment of its own (the status comment says
    /// it), such as the end that puts it [`over`](Gate::over). Default: nothing.
    fn record(&self, _seen: Seen<'_>, _light: Light) -> Option<Told> {
        None
    }

    /// The reading settled by what the services know (a merged PR is done whatever its box
    /// says); `held`: another gate of the same step says stop.
    fn settle(&self, _seen: Seen<'_>, _issue: &mut CutIssue, _held: bool) {}
}

/// The gates in question for a cut issue, decided.
pub struct Decision {
    pub decided: Vec<(&'static dyn Gate, Light)>,
    /// The lines of the gates that are over for good ([`Gate::over`]).
    pub over: Vec<String>,
}

/// A gate in question: it needs something and is not over.
fn in_question(g: &dyn Gate, issue: &CutIssue, known: Known<'_>) -> Option<Needs> {
    g.over(issue, known)
        .is_none()
        .then(|| g.needs(issue))
        .flatten()
}

/// What every gate in question needs for `issue`, merged.
pub fn needs(issue: &CutIssue, known: Known<'_>) -> Needs {
    let mut all = Needs::default();
    for g in GATES {
        if let Some(n) = in_question(*g, issue, known) {
            all.add(&n);
        }
    }
    all
}

/// Every gate in question for `issue`, decided from `live`.
pub fn decide(issue: &CutIssue, live: &dyn Live, known: Known<'_>) -> Decision {
    let seen = Seen { issue, live, known };
    Decision {
        decided: GATES
            .iter()
            .filter(|g| in_question(**g, issue, known).is_some())
            .map(|g| (*g, g.decide(seen)))
            .collect(),
        over: GATES.iter().filter_map(|g| g.over(issue, known)).collect(),
    }
}

impl Decision {
    /// The steps held by a gate in question, in registry order.
    fn steps(&self) -> Vec<StepId> {
        let mut steps = Vec::new();
        for (g, _) in &self.decided {
            if !steps.contains(&g.guards()) {
                steps.push(g.guards());
            }
        }
        steps
    }

    fn of(&self, step: StepId) -> impl Iterator<Item = &(&'static dyn Gate, Light)> {
        self.decided.iter().filter(move |(g, _)| g.guards() == step)
    }

    /// The light of a step: stop if one of its gates stops, go if all go, else waiting;
    /// `None` when no gate holds it now.
    pub fn light(&self, step: StepId) -> Option<Light> {
        let lights: Vec<Light> = self.of(step).map(|(_, l)| *l).collect();
        if lights.is_empty() {
            None
        } else if lights.contains(&Light::Stop) {
            Some(Light::Stop)
        } else if lights.iter().all(|l| *l == Light::Go) {
            Some(Light::Go)
        } else {
            Some(Light::Waiting)
        }
    }

    /// The gates whose light is their step's: its first stop; all of them when all go; none
    /// while it waits.
    fn deciding(&self, step: StepId) -> Vec<(&'static dyn Gate, Light)> {
        match self.light(step) {
            Some(Light::Stop) => self
                .of(step)
                .find(|(_, l)| *l == Light::Stop)
                .into_iter()
                .copied()
                .collect(),
            Some(Light::Go) => self.of(step).copied().collect(),
            _ => Vec::new(),
        }
    }

    /// The reading settled by the live facts.
    pub fn settle(&self, seen: Seen<'_>) -> CutIssue {
        let mut issue = seen.issue.clone();
        for (g, _) in &self.decided {
            let held = self
                .of(g.guards())
                .any(|(other, l)| other.id() != g.id() && *l == Light::Stop);
            g.settle(seen, &mut issue, held);
        }
        issue
    }

    /// The gates' part of the status comment: per step its **Gate:** line, then its gates'
    /// items.
    pub fn lines(&self, seen: Seen<'_>) -> Vec<String> {
        let mut out = Vec::new();
        for step in self.steps() {
            let light = self.light(step).unwrap_or(Light::Waiting);
            let mut candidates: Vec<&(&'static dyn Gate, Light)> = match light {
                Light::Stop => self.of(step).filter(|(_, l)| *l == Light::Stop).collect(),
                Light::Go => self
                    .of(step)
                    .collect::<Vec<_>>()
                    .into_iter()
                    .rev()
                    .collect(),
                Light::Waiting => self
                    .of(step)
                    .filter(|(_, l)| *l == Light::Waiting)
                    .collect(),
            };
            candidates.extend(self.of(step));
            if let Some(head) = candidates.iter().find_map(|(g, l)| g.head(seen, *l)) {
                out.push(head);
            }
            let items: Vec<String> = self.of(step).flat_map(|(g, _)| g.lines(seen)).collect();
            if !items.is_empty() {
                out.push(items.join("\n"));
            }
        }
        out
    }

    /// The go and stop lines at the top of the status comment, then the lines of the gates
    /// that are over.
    pub fn top(&self, seen: Seen<'_>) -> String {
        let mut top: String = self
            .steps()
            .into_iter()
            .flat_map(|step| self.deciding(step))
            .filter_map(|(g, l)| g.top(seen, l))
            .collect();
        top.extend(self.over.iter().cloned());
        top
    }

    /// What to record without a comment ([`Gate::record`]), not recorded yet.
    pub fn records(&self, seen: Seen<'_>, told: &dyn Fn(Told) -> bool) -> Vec<Told> {
        self.decided
            .iter()
            .filter_map(|(g, l)| g.record(seen, *l))
            .filter(|t| !told(*t))
            .collect()
    }

    /// What to tell now, and its text, given what relcut told already.
    pub fn tells(&self, seen: Seen<'_>, told: &dyn Fn(Told) -> bool) -> Vec<(Told, String)> {
        self.steps()
            .into_iter()
            .flat_map(|step| self.deciding(step))
            .filter_map(|(g, l)| g.told(l, told).map(|t| (g, t)))
            .filter(|(_, t)| !told(*t))
            .map(|(g, t)| (t, g.tell(seen, t)))
            .collect()
    }

    /// The log's words: each gate in question, how it stands.
    pub fn said(&self) -> Vec<&'static str> {
        self.decided
            .iter()
            .filter_map(|(g, l)| g.said(*l))
            .collect()
    }
}

#[cfg(test)]
mod tests;
