//! Standard output and exit codes, kept the same by every command.
//!
//! Output goes through [`write`], which turns a closed pipe into [`Closed`]: `main` ends with
//! exit 0 and prints nothing more, like any well-behaved Unix filter.

use std::io::{ErrorKind, Write};
use std::process::ExitCode;

use clap::CommandFactory;
use relcut_github::client::GitHubError;

/// Where relcut-github's progress lines (retry notices, dry-run) and the Action's log go: the
/// library never prints itself.
pub struct Console;

impl relcut_github::report::Reporter for Console {
    fn note(&self, line: &str) {
        eprintln!("{line}");
    }

    fn out(&self, line: &str) {
        println!("{line}");
    }
}

/// The live checks' endpoints from the environment, reporting through [`Console`].
pub fn endpoints() -> relcut_action::checks::Endpoints {
    let mut ep = relcut_action::checks::Endpoints::from_env();
    ep.session = relcut_github::client::Session::new(std::sync::Arc::new(Console));
    ep
}

/// The reader of stdout went away; nothing is wrong.
#[derive(Debug, thiserror::Error)]
#[error("stdout was closed")]
pub struct Closed;

/// A usage error found after clap parsed the arguments (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);

/// Exit 4: waited for something that did not happen in time.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TimedOut(pub String);

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

/// Writes bytes to stdout (completions).
pub fn write_bytes(bytes: &[u8]) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout.write_all(bytes).map_err(closed)?;
    stdout.flush().map_err(closed)
}

/// What kind of failure an error is, and so its exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Closed,
    Input,
    Usage,
    Service,
    TimedOut,
}

impl Kind {
    pub fn of(err: &anyhow::Error) -> Kind {
        for cause in err.chain() {
            if cause.is::<Closed>() {
                return Kind::Closed;
            }
            if cause.is::<Usage>() || cause.is::<clap::Error>() {
                return Kind::Usage;
            }
            if cause.is::<TimedOut>() {
                return Kind::TimedOut;
            }
            if let Some(e) = cause.downcast_ref::<GitHubError>() {
                if relcut_action::checks::missing_pr(e).is_some() {
                    return Kind::Input;
                }
                return match e.exit_code() {
                    // Our own set-up (a runtime that would not start), not the service.
                    1 => Kind::Input,
                    4 => Kind::TimedOut,
                    _ => Kind::Service,
                };
            }
        }
        Kind::Input
    }

    pub fn code(self) -> u8 {
        match self {
            Kind::Closed => 0,
            Kind::Input => 1,
            Kind::Usage => 2,
            Kind::Service => 3,
            Kind::TimedOut => 4,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Closed => "closed",
            Kind::Input => "input",
            Kind::Usage => "usage",
            Kind::Service => "service",
            Kind::TimedOut => "timed-out",
        }
    }
}

/// Reports `err` (stderr; also a JSON object on stdout under `--json`) and returns its exit
/// code.
pub fn exit_code(err: &anyhow::Error, json: bool) -> ExitCode {
    let kind = Kind::of(err);
    if kind == Kind::Closed {
        return ExitCode::SUCCESS;
    }
    if let Some(e) = err.downcast_ref::<clap::Error>() {
        let _ = e.print();
        return ExitCode::from(kind.code());
    }
    let github = err.chain().find_map(|c| c.downcast_ref::<GitHubError>());
    // A promotion PR that does not exist is a wrong number, not GitHub failing: say so plainly.
    let missing = github.and_then(relcut_action::checks::missing_pr);
    let message = match missing {
        Some(pr) => relcut_action::checks::missing_pr_fix(pr),
        None => format!("{err:#}"),
    };
    let service = github
        .filter(|_| missing.is_none())
        .and_then(GitHubError::service)
        .map(|s| s.to_string());
    if json {
        let obj = serde_json::json!({
            "error": message,
            "kind": kind.name(),
            "service": service,
            "exit_code": kind.code(),
        });
        // A closed stdout here is no reason to fail louder.
        let _ = write(&format!(
            "{}\n",
            serde_json::to_string_pretty(&obj).unwrap_or_default()
        ));
    }
    eprintln!("error: {message}");
    if kind == Kind::Usage {
        let name = super::Cli::command().get_name().to_string();
        eprintln!("\nFor more information, try '{name} --help'.");
    }
    ExitCode::from(kind.code())
}
