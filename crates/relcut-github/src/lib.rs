//! Everything relcut says to GitHub and the other services: transport only, no release
//! knowledge (this crate does not depend on relcut-core; the Action's handlers are in
//! relcut-action).
//!
//! - [`client`]: octocrab for GitHub, a plain HTTP client (hyper, the same rustls) for prow,
//!   GCS and testgrid, and our own retry policy around both (one backoff, rate limits waited
//!   out, a total timeout per request, a run deadline, bounded pagination, no blind re-POST),
//!   errors that name the service and its URL and say whose fault they are
//!   ([`client::GitHubError::fault`]), and the
//!   retry notices through the [`report::Reporter`] the binary provides (libraries never print);
//! - [`api`]: the few calls relcut makes, with minimal models;
//! - [`comments`]: one upserted comment per purpose, converging when runs race;
//! - [`pulls`]: pull requests, their files, and a file's text at a commit;
//! - [`prow`]: Deck's job list and the runs' records on GCS;
//! - [`threads`]: an issue's state and one page of its comments, newest pages first;
//! - [`issues`]: a cut issue read live, and the open issues of a repository, for the CLI;
//! - [`token`]: a person's token: `GH_TOKEN`, `GITHUB_TOKEN`, or `gh auth token`;
//! - [`probe`]: plain, bounded HTTP probes (URLs and headers in, status, headers and a capped
//!   body out) for checking a release from outside;
//! - [`runtime`]: the GitHub Actions runtime protocol;
//! - [`event`]: the event file.
//!
//! Every answer carries a hidden marker, so a rerun finds and updates it instead of posting
//! again, and workflow-command text is escaped the way the runner expects:
//!
//! ```
//! use relcut_github::{comments, runtime};
//!
//! assert_eq!(comments::answer_marker(42, "status"), "<!-- relcut:answer:42:status -->");
//! assert_eq!(runtime::escape_data("100%\ndone"), "100%25%0Adone");
//! ```

pub mod api;
pub mod client;
pub mod comments;
pub mod event;
pub mod events;
mod https;
pub mod issues;
pub mod probe;
pub mod prow;
pub mod pulls;
pub mod report;
pub mod runtime;
pub mod threads;
pub mod token;

/// A token: `Debug` prints `[REDACTED]`, reading it takes `expose_secret()`.
pub use secrecy::{ExposeSecret, SecretString};
