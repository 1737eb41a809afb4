//! The one place an outcome becomes an exit code, and an error its message and JSON object.
//!
//! A command ends in one of two ways:
//! - it ran: `Ok(`[`Status`]`)`, converted with `.into()`: done (0), a check that failed (1,
//!   the report already says why), or a wait interrupted by Ctrl-C (130);
//! - it could not: `Err(anyhow::Error)`, whose chain carries one typed error from where it
//!   happened: [`Usage`], [`Input`], [`TimedOut`], [`Closed`], a `clap::Error`, a
//!   `GitHubError` or the live checks' `CheckError`. [`Kind::of`] reads the kind from that type
//!   (never from the message), and [`report`] prints the one error shape and returns its code.
//!
//! Nothing outside this file turns a number into an `ExitCode`.

use std::process::ExitCode;

use clap::CommandFactory;
use relcut_action::checks::CheckError;
use relcut_github::client::{Fault, GitHubError};

use super::out::Closed;

/// How a command that ran ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Done; the check passed, go on (0).
    Done,
    /// A check failed or the input holds a problem; the output said which (1).
    CheckFailed,
    /// Nothing failed, but some checks could not be asked: a service did not answer (3).
    Unanswered,
    /// `--wait` interrupted by Ctrl-C (130, the shell's code for SIGINT).
    Interrupted,
}

impl Status {
    /// [`Status::Done`] when `ok`, else [`Status::CheckFailed`].
    pub fn passed(ok: bool) -> Status {
        if ok {
            Status::Done
        } else {
            Status::CheckFailed
        }
    }
}

impl From<Status> for ExitCode {
    fn from(s: Status) -> ExitCode {
        match s {
            Status::Done => ExitCode::SUCCESS,
            Status::CheckFailed => ExitCode::from(1),
            Status::Unanswered => ExitCode::from(3),
            Status::Interrupted => ExitCode::from(130),
        }
    }
}

/// A usage error found after clap parsed the arguments (exit 2).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct Usage(pub String);

/// Waited for something that did not happen in time (exit 4).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct TimedOut(pub String);

/// The input is wrong (exit 1): the message, how to fix it, and the written rule it breaks.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct Input {
    pub message: String,
    pub hint: String,
    /// The written rule the input breaks (thiserror reserves the name `source`).
    pub rule: Option<relcut_core::source::Source>,
}

impl Input {
    pub fn new(message: impl Into<String>, hint: impl Into<String>) -> Input {
        Input {
            message: message.into(),
            hint: hint.into(),
            rule: None,
        }
    }

    /// A refusal that applies a stated rule: the rule's source goes after the message and
    /// into the JSON object.
    pub fn citing(
        message: impl Into<String>,
        hint: impl Into<String>,
        source: relcut_core::source::Source,
    ) -> Input {
        Input {
            rule: Some(source),
            ..Input::new(message, hint)
        }
    }

    /// The message with its hint, unless the message carries it already (a library error's
    /// Display often does).
    fn line(&self) -> String {
        if self.hint.is_empty() || self.message.contains(&self.hint) {
            self.message.clone()
        } else {
            format!("{}: {}", self.message, self.hint)
        }
    }
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
    /// The kind of the first typed error in the chain; anything untyped (a file that cannot be
    /// read, a document that does not parse) is the input's.
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
            if cause.is::<Input>() {
                return Kind::Input;
            }
            if let Some(e) = cause.downcast_ref::<CheckError>() {
                return match e {
                    CheckError::MissingPr(_) => Kind::Input,
                    CheckError::Service(e) => Kind::of_github(e),
                };
            }
            if let Some(e) = cause.downcast_ref::<GitHubError>() {
                return Kind::of_github(e);
            }
        }
        Kind::Input
    }

    fn of_github(e: &GitHubError) -> Kind {
        match e.fault() {
            // Our own set-up (a runtime that would not start), not the service.
            Fault::Setup => Kind::Input,
            Fault::Service => Kind::Service,
            Fault::Deadline => Kind::TimedOut,
        }
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

/// The exit code of a finished `relcut action` run: 0, or the kind of the error that stopped
/// it (its own configuration is input, 1).
pub fn action(result: Result<(), relcut_action::config::ActionError>) -> ExitCode {
    use relcut_action::config::ActionError;
    let kind = match result {
        Ok(()) => return ExitCode::SUCCESS,
        Err(ActionError::Config(_)) => Kind::Input,
        Err(ActionError::GitHub(e)) => Kind::of_github(&e),
    };
    ExitCode::from(kind.code())
}

/// A command line clap would not take: printed as clap renders it and, under `--json`, also as
/// the one JSON error object (exit 2). `--help` and `--version` come back from clap the same
/// way and are printed as asked (exit 0).
pub fn usage(e: clap::Error, json: bool) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) {
        let _ = e.print();
        return ExitCode::SUCCESS;
    }
    report(&anyhow::Error::new(e), json)
}

/// Reports `err` on stderr (and, under `--json`, as the one JSON error object on stdout) and
/// returns its exit code.
pub fn report(err: &anyhow::Error, json: bool) -> ExitCode {
    let kind = Kind::of(err);
    if kind == Kind::Closed {
        return ExitCode::SUCCESS;
    }
    if let Some(e) = err.downcast_ref::<clap::Error>() {
        if json {
            // clap's first paragraph, without its `error: `, on one line: the lines after the
            // first name what is missing or allowed; the usage after it is for a person.
            let text = e.render().to_string();
            let para: Vec<&str> = text
                .lines()
                .take_while(|l| !l.trim().is_empty())
                .map(str::trim)
                .collect();
            let joined = para.join(" ");
            let message = joined.strip_prefix("error: ").unwrap_or(&joined);
            let obj = serde_json::json!({
                "error": message,
                "kind": kind.name(),
                "hint": "run the command with --help for its arguments",
                "service": null,
                "source": null,
                "exit_code": kind.code(),
            });
            let _ = super::out::write(&format!(
                "{}\n",
                serde_json::to_string_pretty(&obj).unwrap_or_default()
            ));
        }
        let _ = e.print();
        return ExitCode::from(kind.code());
    }
    let input = err.chain().find_map(|c| c.downcast_ref::<Input>());
    let check = err.chain().find_map(|c| c.downcast_ref::<CheckError>());
    let github = err
        .chain()
        .find_map(|c| c.downcast_ref::<GitHubError>())
        .or(match check {
            Some(CheckError::Service(e)) => Some(e),
            _ => None,
        });
    let message = match input {
        Some(i) => i.line(),
        None => format!("{err:#}"),
    };
    let source = input.and_then(|i| i.rule);
    let service = github
        .filter(|_| kind != Kind::Input)
        .and_then(GitHubError::service)
        .map(|s| s.to_string());
    if json {
        let obj = serde_json::json!({
            "error": message,
            "kind": kind.name(),
            "hint": input.map(|i| i.hint.as_str()).filter(|h| !h.is_empty()),
            "service": service,
            "source": source,
            "exit_code": kind.code(),
        });
        // A closed stdout here is no reason to fail louder.
        let _ = super::out::write(&format!(
            "{}\n",
            serde_json::to_string_pretty(&obj).unwrap_or_default()
        ));
    }
    eprintln!(
        "{} {message}",
        super::style::error_label(super::style::stderr())
    );
    if let Some(s) = source {
        eprintln!("  per {s}");
    }
    if kind == Kind::Usage {
        let name = super::Cli::command().get_name().to_string();
        eprintln!("\nFor more information, try '{name} --help'.");
    }
    ExitCode::from(kind.code())
}
