//! End-to-end tests through the `relcut` binary: one test binary, a module per command.

mod checklist;
mod common;
mod history;
mod plan;
mod promo_tags;
mod schedule;
mod status;
mod validate;
mod versions;
