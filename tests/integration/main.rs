//! End-to-end tests through the `relcut` binary: one test binary, a module per command.

mod action;
mod checklist;
mod checks;
mod cli;
mod common;
mod cuts;
mod dist;
mod explain;
mod fake_github;
mod faults;
mod fidelity;
mod history;
mod live_issue;
mod plan;
mod preflight;
mod promo_tags;
mod render;
mod schedule;
mod scheduled;
mod status;
mod twins;
mod validate;
mod verify_release;
mod version;
mod versions;
mod wait;
