//! The Action's handlers: the issue, comment and scheduled events, and the live gates they
//! fetch. relcut-core decides; relcut-github carries the requests; this crate joins the two.
//!
//! - [`action`]: `relcut action`, one event in, routed to a handler; its exit code;
//! - [`config`]: the configuration read from the environment, and a run's [`config::Outcome`];
//! - [`issue`]: an `issues` event (the status comment kept current);
//! - [`comment`]: an `issue_comment` event (each `/relcut` line answered);
//! - [`scheduled`]: the scheduled re-check of the live gates of open cut issues;
//! - [`status`]: the status comment those three keep, with its gate lines and ledger;
//! - [`live`]: one run's access to the services for relcut-core's gates (`gate::Live`), what
//!   every cut shares read once per run;
//! - [`checks`]: the live gates (publishing-bot, promotion PR and job, testgrid), fetched;
//! - [`verify`]: `verify-release`'s probes and report, for the CLI and the release-live gate;
//! - [`preflight`]: the GitHub facts of `relcut preflight` (krel against master, the token's
//!   scopes, the open cuts, the branch's protection, the blocking issues), fetched.
//!
//! The arrows run one way: `action` → `issue`, `comment`, `scheduled` → `status` → `config`,
//! `live` → `checks`.

pub mod action;
pub mod checks;
pub mod comment;
pub mod config;
pub mod cuts;
pub mod issue;
pub mod live;
pub mod preflight;
pub mod scheduled;
pub mod status;
pub mod trust;
pub mod verify;
