//! End-to-end tests through the `relcut` binary: one test binary, a module per command.

mod common;
mod plan;
mod promo_tags;
mod validate;
mod versions;
