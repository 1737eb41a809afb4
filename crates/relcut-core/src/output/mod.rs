//! The renderers of each operation's result: `text()` for a terminal, `markdown()` for a
//! comment, serde for `--json`. The CLI and the Action print the same values through these, so
//! their wording cannot drift apart.
//!
//! - validate: [`crate::validate::Validation`];
//! - status: [`StatusReport`] (beside the cut issue's reader, `checklist/report.rs`);
//! - promo-tags: [`crate::Promotion`] (here);
//! - plan: [`crate::Plan`] (here; the text is its runbook);
//! - announce: [`crate::announce::Announcement`] (here);
//! - history: [`History`] (here; one `markdown()`, chart or why there is none, for both);
//! - check: [`CheckReport`] (here), over [`crate::gate::PublishingBot`],
//!   [`crate::gate::PromotionJob`] and [`crate::images::Verification`].

mod announce;
mod check;
mod history;
mod plan;
mod promo_tags;

pub use crate::checklist::StatusReport;
pub use check::{Asked, CheckReport, PrCheck, PrFacts, PromotionReport};
pub use history::History;
