//! Standard output, kept the same by every command.
//!
//! Output goes through [`write`], which turns a closed pipe into [`Closed`]: `main` ends with
//! exit 0 and prints nothing more, like any well-behaved Unix filter.

use std::io::{ErrorKind, Write};
use std::sync::OnceLock;
use std::time::{Duration, Instant};

use relcut_github::client::Session;

/// Where relcut-github's progress lines (retry notices, dry-run) and the Action's log go: the
/// library never prints itself.
pub struct Console;

impl relcut_github::report::Reporter for Console {
    fn note(&self, line: &str) {
        super::live::note(line);
    }

    fn out(&self, line: &str) {
        println!("{line}");
    }
}

/// How long a command may ask the services in all, counted from its first [`endpoints`]
/// (`RELCUT_SERVICE_TIMEOUT_MS` sets it, for tests): past it, the request under way is
/// dropped and no retry starts, however the services hang. `--wait` flows lift it
/// ([`unbounded`]) and keep to their own `--timeout`.
const SERVICE_TIMEOUT: Duration = Duration::from_secs(60);

/// The live checks' endpoints from the environment, reporting through [`Console`], with the
/// command's deadline ([`SERVICE_TIMEOUT`]).
pub fn endpoints() -> relcut_action::checks::Endpoints {
    // One deadline per process, however many times a command builds its endpoints.
    static DEADLINE: OnceLock<(Instant, Duration)> = OnceLock::new();
    let (deadline, budget) = *DEADLINE.get_or_init(|| {
        let budget = std::env::var("RELCUT_SERVICE_TIMEOUT_MS")
            .ok()
            .and_then(|v| v.parse().ok())
            .map_or(SERVICE_TIMEOUT, Duration::from_millis);
        (Instant::now() + budget, budget)
    });
    let mut ep = relcut_action::checks::Endpoints::from_env();
    let mut session = Session::new(std::sync::Arc::new(Console)).with_deadline(deadline);
    session.limit = Some(relcut_github::client::Limit {
        secs: u64::try_from(budget.as_millis().div_ceil(1000)).unwrap_or(u64::MAX),
        name: "a one-shot command's time with the services",
        raise: "use --wait where the command offers it",
    });
    ep.session = session;
    ep
}

/// `ep` without the command's deadline, for a `--wait` flow bounded by its own `--timeout`
/// (each request still by the client's retry policy).
pub fn unbounded(ep: &mut relcut_action::checks::Endpoints) {
    ep.session.deadline = None;
    ep.session.limit = None;
}

/// The reader of stdout went away; nothing is wrong (exit 0, nothing more printed).
#[derive(Debug, thiserror::Error)]
#[error("stdout was closed")]
pub struct Closed;

fn closed(e: std::io::Error) -> anyhow::Error {
    if e.kind() == ErrorKind::BrokenPipe {
        Closed.into()
    } else {
        anyhow::Error::new(e).context("cannot write to stdout")
    }
}

/// Writes `text` to stdout.
pub fn write(text: &str) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(text.as_bytes()).map_err(closed)?;
    // Flushed here so that a closed pipe is seen by the command, not at exit.
    stdout.flush().map_err(closed)
}

/// Writes a report's text to stdout, coloured when stdout takes colour ([`super::style`]).
pub fn report(text: &str) -> anyhow::Result<()> {
    if super::style::stdout() {
        write(&super::style::paint(text))
    } else {
        write(text)
    }
}

/// Writes bytes to stdout (completions).
pub fn write_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes).map_err(closed)?;
    stdout.flush().map_err(closed)
}
