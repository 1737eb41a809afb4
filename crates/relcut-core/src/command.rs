//! `/relcut` comment commands: the one registry of verbs, the parser that finds them in a
//! comment, and the answers that need nothing but the issue.
//!
//! A command is a line of its own, `/relcut <verb> [args]`, anywhere in the comment; leading
//! spaces, CRLF and any case are fine. Commands inside fenced or indented code, inline code,
//! block quotes and HTML comments are quotes of commands, never commands: the walk with
//! pulldown-cmark marks those regions, so an answer that quotes a command cannot loop.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::checklist::{self, CutIssue, IssueInput};
use crate::ledger::Call;
use crate::md;
use crate::plan::StepId;
use crate::promotion::{self, Fork, Rules};
use crate::version::Tag as ReleaseTag;
use crate::{plan, PlanRequest};

/// How a verb runs, which decides where the Action sends it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runs {
    /// Over the issue alone: [`answer`] computes it.
    Pure,
    /// Over other services (GitHub, prow, GCS): it waits, so it earns an `eyes` reaction.
    Live,
    /// It edits the issue (and so re-reads it right before writing).
    EditsIssue,
    /// It records a call in relcut's ledger (the status comment), and refreshes that comment.
    Records,
}

/// One verb of the registry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    pub verb: Verb,
    pub name: &'static str,
    pub usage: &'static str,
    pub summary: &'static str,
    pub runs: Runs,
    /// The CLI command that does the same thing, if any (`checklist tick` for `tick`).
    pub cli: Option<&'static str>,
    pub example: &'static str,
}

impl Spec {
    pub fn waits(&self) -> bool {
        self.runs == Runs::Live
    }
}

/// Declares the verbs once: the [`Verb`] enum and the [`COMMANDS`] registry come from the same
/// list, so neither can miss a verb.
macro_rules! registry {
    ($($variant:ident {
        name: $name:literal,
        usage: $usage:literal,
        summary: $summary:literal,
        runs: $runs:ident,
        cli: $cli:expr,
        example: $example:literal $(,)?
    }),* $(,)?) => {
        /// A `/relcut` verb.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Verb { $($variant),* }

        impl Verb {
            pub const ALL: &'static [Verb] = &[$(Verb::$variant),*];
        }

        /// Every `/relcut` verb, in help order. The parser, `/relcut help`, the Action's
        /// dispatch and the README read this.
        pub const COMMANDS: &[Spec] = &[$(Spec {
            verb: Verb::$variant,
            name: $name,
            usage: $usage,
            summary: $summary,
            runs: Runs::$runs,
            cli: $cli,
            example: $example,
        }),*];
    };
}

registry! {
    Help {
        name: "help",
        usage: "/relcut help",
        summary: "this list",
        runs: Pure,
        cli: None,
        example: "/relcut help",
    },
    Status {
        name: "status",
        usage: "/relcut status",
        summary: "where the cut stands and the next step with its commands",
        runs: Pure,
        cli: Some("status"),
        example: "/relcut status",
    },
    Plan {
        name: "plan",
        usage: "/relcut plan [TAG] [fork=LOGIN] [--build-version V] [--mock-build-version V] [--with-mock]",
        summary: "the whole runbook of the cut (the issue's tag by default)",
        runs: Pure,
        cli: Some("plan"),
        example: "/relcut plan fork=alice",
    },
    PromoTags {
        name: "promo-tags",
        usage: "/relcut promo-tags [TAG] [fork=LOGIN]",
        summary: "the image tags to promote and one `kpromo pr` command per PR",
        runs: Pure,
        cli: Some("promo-tags"),
        example: "/relcut promo-tags v1.36.0-rc.0",
    },
    Validate {
        name: "validate",
        usage: "/relcut validate VALUE...",
        summary: "check tags and build versions the way krel and kpromo will",
        runs: Pure,
        cli: Some("validate"),
        example: "/relcut validate v1.36.0-rc.1 v1.36.0-rc.0.12+abcdef0123",
    },
    Explain {
        name: "explain",
        usage: "/relcut explain [TEXT]",
        summary: "the cause, fix, source and step of a krel, kpromo, Cloud Build, OBS or prow failure text: on the line, or in the code block after it",
        runs: Pure,
        cli: Some("explain"),
        example: "/relcut explain no images survived filtering; double-check your --filter_* flag(s) for typos",
    },
    Announce {
        name: "announce",
        usage: "/relcut announce [TAG] [shoutout=A,B] [go=VERSION] [mock]",
        summary: "the announcement email, the krel command that sends it, and the Slack posts",
        runs: Pure,
        cli: Some("announce"),
        example: "/relcut announce shoutout=alice,bob go=1.25.5",
    },
    History {
        name: "history",
        usage: "/relcut history",
        summary: "the release jobs table in krel's format and the timeline relcut saw",
        runs: Pure,
        cli: Some("history render"),
        example: "/relcut history",
    },
    Check {
        name: "check",
        usage: "/relcut check [publishing-bot|promotion|all]",
        summary: "the live gates: publishing-bot health, the promotion PRs verified, their promotion jobs",
        runs: Live,
        cli: Some("check"),
        example: "/relcut check promotion",
    },
    Preflight {
        name: "preflight",
        usage: "/relcut preflight",
        summary: "the GitHub side of `relcut preflight` for this issue's tag: no other cut in the way, the release branch protected, the blocking issues closed",
        runs: Live,
        cli: Some("preflight"),
        example: "/relcut preflight",
    },
    Tick {
        name: "tick",
        usage: "/relcut tick STEP [URL]",
        summary: "tick a step of this issue and record its evidence link",
        runs: EditsIssue,
        cli: Some("checklist tick"),
        example: "/relcut tick image-promotion https://github.com/kubernetes/k8s.io/pull/9400",
    },
    Hold {
        name: "hold",
        usage: "/relcut hold REASON",
        summary: "hold the cut where it stands: a banner on the status comment, no go told, no command copy-ready, until `/relcut unhold`",
        runs: Records,
        cli: None,
        example: "/relcut hold the promotion PR waits for the re-run of a release-blocking test",
    },
    Unhold {
        name: "unhold",
        usage: "/relcut unhold",
        summary: "lift the hold or the no-go; a go the gate gave meanwhile is told then",
        runs: Records,
        cli: None,
        example: "/relcut unhold",
    },
    NoGo {
        name: "no-go",
        usage: "/relcut no-go REASON",
        summary: "the release does not go: the stop of a hold, said as a decision, until `/relcut unhold`",
        runs: Records,
        cli: None,
        example: "/relcut no-go a release-blocking regression is still open",
    },
}

impl Verb {
    pub fn spec(self) -> &'static Spec {
        // The registry is generated with one entry per variant, in declaration order.
        &COMMANDS[self as usize]
    }

    pub fn name(self) -> &'static str {
        self.spec().name
    }
}

pub fn spec(name: &str) -> Option<&'static Spec> {
    COMMANDS.iter().find(|c| c.name == name)
}

/// What `/relcut check` checks. `promotion-job` (the CLI's old name) is accepted for
/// `promotion`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckTarget {
    All,
    PublishingBot,
    Promotion,
}

impl CheckTarget {
    pub fn parse(arg: Option<&str>) -> Result<CheckTarget, String> {
        match arg.map(str::to_ascii_lowercase).as_deref() {
            None | Some("all") => Ok(CheckTarget::All),
            Some("publishing-bot") => Ok(CheckTarget::PublishingBot),
            Some("promotion" | "promotion-job") => Ok(CheckTarget::Promotion),
            Some(_) => Err("check `publishing-bot`, `promotion` or `all`".into()),
        }
    }
}

/// A `/relcut` line found in a comment: where it is, as written, and what it asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Command {
    /// 1-based line in the comment.
    pub line: usize,
    /// The line as written (trimmed).
    pub text: String,
    /// The typed request, or why the line is not one.
    pub request: Result<Request, CommandError>,
}

/// What a `/relcut` line asks for, with its arguments typed. One handler per variant: the pure
/// ones in [`answer`], `check` and `tick` in the Action.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    Help,
    Status {
        /// `fork=LOGIN`; the commenter by default.
        fork: Option<String>,
    },
    Plan(PlanArgs),
    PromoTags {
        tag: Option<ReleaseTag>,
        fork: Option<String>,
    },
    Validate {
        values: Vec<String>,
    },
    /// The text to explain: the rest of the line, else the code block that goes with it.
    Explain {
        text: String,
    },
    Announce {
        tag: Option<ReleaseTag>,
        mock: bool,
        shoutouts: Vec<String>,
        go_version: Option<String>,
    },
    History,
    Check(CheckTarget),
    Preflight,
    Tick {
        step: StepId,
        link: Option<String>,
    },
    /// `hold`, `unhold`, `no-go`: the call and its reason, the rest of the line as written.
    Call {
        call: Call,
        reason: Option<String>,
    },
}

impl Request {
    pub fn verb(&self) -> Verb {
        match self {
            Request::Help => Verb::Help,
            Request::Status { .. } => Verb::Status,
            Request::Plan(_) => Verb::Plan,
            Request::PromoTags { .. } => Verb::PromoTags,
            Request::Validate { .. } => Verb::Validate,
            Request::Explain { .. } => Verb::Explain,
            Request::Announce { .. } => Verb::Announce,
            Request::History => Verb::History,
            Request::Check(_) => Verb::Check,
            Request::Preflight => Verb::Preflight,
            Request::Tick { .. } => Verb::Tick,
            Request::Call { call, .. } => match call {
                Call::Hold => Verb::Hold,
                Call::Unhold => Verb::Unhold,
                Call::NoGo => Verb::NoGo,
            },
        }
    }
}

/// Why a `/relcut` line is not a request.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CommandError {
    /// A verb relcut does not know. `word` is the verb as written when it looks like one
    /// (ASCII letters, digits and `-`, at most 30), so that an answer may quote it.
    #[error("unknown command")]
    Unknown { word: Option<String> },
    /// A known verb with arguments it does not take.
    #[error("{message}")]
    Invalid { verb: Verb, message: String },
}

impl Command {
    /// The verb, when relcut knows it (also for a request with wrong arguments).
    pub fn verb(&self) -> Option<Verb> {
        match &self.request {
            Ok(r) => Some(r.verb()),
            Err(CommandError::Invalid { verb, .. }) => Some(*verb),
            Err(CommandError::Unknown { .. }) => None,
        }
    }

    /// The verb's registry entry; `None` for a verb relcut does not know.
    pub fn spec(&self) -> Option<&'static Spec> {
        self.verb().map(Verb::spec)
    }
}

/// The words after the verb: positional ones, and `key=value` ones (keys lower-cased).
#[derive(Debug, Default)]
struct Words {
    args: Vec<String>,
    named: Vec<(String, String)>,
}

impl Words {
    fn of(words: impl Iterator<Item = String>) -> Words {
        let mut w = Words::default();
        for word in words {
            match word.split_once('=') {
                Some((k, v))
                    if !k.is_empty()
                        && k.chars()
                            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') =>
                {
                    w.named.push((k.to_ascii_lowercase(), v.to_string()));
                }
                _ => w.args.push(word),
            }
        }
        w
    }

    /// The last `key=value` for `key`.
    fn named(&self, key: &str) -> Option<&str> {
        self.named
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

fn tag_arg(word: Option<&String>) -> Result<Option<ReleaseTag>, String> {
    word.map(|t| ReleaseTag::parse(t).map_err(|e| e.to_string()))
        .transpose()
}

/// The typed request of `verb` from its words; `raw` is the line after the verb as written and
/// `block` finds the code block that goes with the line (both for `explain`, whose text is
/// not words).
fn request(
    verb: Verb,
    w: &Words,
    raw: &str,
    block: impl FnOnce() -> Option<String>,
) -> Result<Request, String> {
    let fork = || w.named("fork").map(str::to_string);
    Ok(match verb {
        Verb::Help => Request::Help,
        Verb::Status => Request::Status { fork: fork() },
        Verb::Plan => Request::Plan(PlanArgs::of(w)?),
        Verb::PromoTags => Request::PromoTags {
            tag: tag_arg(w.args.first())?,
            fork: fork(),
        },
        Verb::Validate if w.args.is_empty() => {
            return Err("give one or more values: `/relcut validate v1.36.0-rc.1`".into())
        }
        Verb::Validate => Request::Validate {
            values: w.args.clone(),
        },
        Verb::Explain => {
            let text = if raw.is_empty() {
                block().unwrap_or_default()
            } else {
                raw.to_string()
            };
            if text.trim().is_empty() {
                return Err("give the failure text: on the line (`/relcut explain no images survived filtering`), or in a code block right after the line".into());
            }
            Request::Explain { text }
        }
        Verb::Announce => {
            let (mock, tag): (Vec<&String>, Vec<&String>) =
                w.args.iter().partition(|a| a.eq_ignore_ascii_case("mock"));
            Request::Announce {
                tag: tag_arg(tag.first().copied())?,
                mock: !mock.is_empty(),
                shoutouts: w
                    .named("shoutout")
                    .map(|s| s.split(',').map(str::to_string).collect())
                    .unwrap_or_default(),
                go_version: w.named("go").map(str::to_string),
            }
        }
        Verb::History => Request::History,
        Verb::Check => Request::Check(CheckTarget::parse(w.args.first().map(String::as_str))?),
        Verb::Preflight if !w.args.is_empty() || !w.named.is_empty() => {
            return Err("takes nothing: it checks this issue's tag (`relcut preflight TAG` checks any tag, and your machine too)".into())
        }
        Verb::Preflight => Request::Preflight,
        Verb::Hold | Verb::Unhold | Verb::NoGo => {
            let call = match verb {
                Verb::Hold => Call::Hold,
                Verb::NoGo => Call::NoGo,
                _ => Call::Unhold,
            };
            let reason = (!raw.is_empty()).then(|| raw.to_string());
            if call.needs_reason() && reason.is_none() {
                return Err(format!(
                    "needs a reason, on the same line: `/relcut {} the promotion PR waits for the re-run of a release-blocking test`",
                    call.as_str()
                ));
            }
            Request::Call { call, reason }
        }
        Verb::Tick => {
            let Some(step) = w.args.first() else {
                return Err("needs a step: `/relcut tick STEP [URL]`, for example `/relcut tick email https://groups.google.com/a/kubernetes.io/g/dev/c/...`".into());
            };
            let step = step.parse::<StepId>().map_err(|_| {
                format!(
                    "unknown step: use one of {}.",
                    StepId::ALL.map(|s| format!("`{s}`")).join(", ")
                )
            })?;
            Request::Tick {
                step,
                link: w
                    .args
                    .get(1)
                    .map(String::as_str)
                    .or(w.named("link"))
                    .map(str::to_string),
            }
        }
    })
}

/// Whether an unknown verb may be quoted in an answer as written.
fn plausible(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 30
        && word
            .chars()
            .all(|ch| ch.is_ascii_alphanumeric() || ch == '-')
}

/// The request of a line after `/relcut` (the verb first, `help` when there is none); `block`
/// finds the code block that goes with the line.
fn command_of(rest: &str, block: impl FnOnce() -> Option<String>) -> Result<Request, CommandError> {
    let mut words = split_args(rest).into_iter();
    let word = words
        .next()
        .map(|w| w.to_ascii_lowercase())
        .unwrap_or_else(|| "help".to_string());
    let Some(s) = spec(&word) else {
        return Err(CommandError::Unknown {
            word: plausible(&word).then_some(word),
        });
    };
    // The line after the verb, as written.
    let raw = rest
        .trim()
        .split_once(char::is_whitespace)
        .map_or("", |(_, r)| r.trim());
    request(s.verb, &Words::of(words), raw, block).map_err(|message| CommandError::Invalid {
        verb: s.verb,
        message,
    })
}

/// Byte ranges where a `/relcut` line is a quote, not a command.
fn quoted_regions(body: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut open: Vec<usize> = Vec::new();
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::BlockQuote(_) | Tag::HtmlBlock) => {
                open.push(range.start);
            }
            Event::End(TagEnd::CodeBlock | TagEnd::BlockQuote(_) | TagEnd::HtmlBlock) => {
                if let Some(start) = open.pop() {
                    out.push(start..range.end.max(start));
                }
            }
            Event::Code(_) | Event::InlineHtml(_) | Event::Html(_) => out.push(range),
            _ => {}
        }
    }
    // Sorted and merged, so that `parse` looks each line up in one forward walk.
    out.sort_by_key(|r| r.start);
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(out.len());
    for r in out {
        match merged.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => merged.push(r),
        }
    }
    merged
}

/// The code blocks of a comment (fenced or indented, also inside quotes and lists): where each
/// is and its text.
fn code_blocks(body: &str) -> Vec<(Range<usize>, String)> {
    let mut out = Vec::new();
    let mut open: Option<(usize, String)> = None;
    for (event, range) in Parser::new_ext(body, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::CodeBlock(_)) => open = Some((range.start, String::new())),
            Event::Text(t) => {
                if let Some((_, text)) = open.as_mut() {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((start, text)) = open.take() {
                    out.push((start..range.end.max(start), text));
                }
            }
            _ => {}
        }
    }
    out
}

/// The code block that goes with a command line ending at `line_end` and starting at
/// `line_start`: the first one after it, else the last one before it.
fn block_for(
    blocks: &[(Range<usize>, String)],
    line_start: usize,
    line_end: usize,
) -> Option<String> {
    blocks
        .iter()
        .find(|(r, _)| r.start >= line_end)
        .or_else(|| blocks.iter().rev().find(|(r, _)| r.end <= line_start))
        .map(|(_, text)| text.clone())
}

fn split_args(rest: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quote: Option<char> = None;
    let mut any = false;
    for c in rest.chars() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => cur.push(c),
            None if c == '"' || c == '\'' => {
                quote = Some(c);
                any = true;
            }
            None if c.is_whitespace() => {
                if any || !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                    any = false;
                }
            }
            None => cur.push(c),
        }
    }
    if any || !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Every `/relcut` command in a comment, in order.
pub fn parse(body: &str) -> Vec<Command> {
    let quoted = quoted_regions(body);
    // Read only when an `explain` line needs its code block.
    let mut blocks: Option<Vec<(Range<usize>, String)>> = None;
    let mut next_region = 0;
    let mut out = Vec::new();
    let mut offset = 0usize;
    for (i, raw_line) in body.split('\n').enumerate() {
        let line_start = offset;
        offset += raw_line.len() + 1;
        let line = raw_line.trim_end_matches('\r');
        let indent = line.len() - line.trim_start_matches([' ', '\t']).len();
        let trimmed = line.trim();
        let Some(head) = trimmed.get(..7) else {
            continue;
        };
        if !head.eq_ignore_ascii_case("/relcut") {
            continue;
        }
        let rest = &trimmed[7..];
        if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
            continue;
        }
        let at = line_start + indent;
        // Lines come in order and the regions are sorted and disjoint: one walk over both.
        while quoted.get(next_region).is_some_and(|r| r.end <= at) {
            next_region += 1;
        }
        if quoted.get(next_region).is_some_and(|r| r.contains(&at)) {
            continue;
        }
        let block = || block_for(blocks.get_or_insert_with(|| code_blocks(body)), at, offset);
        out.push(Command {
            line: i + 1,
            text: trimmed.to_string(),
            request: command_of(rest, block),
        });
    }
    out
}

/// The issue a command was made on, as the answer needs it.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub created_at: Option<&'a str>,
    /// The commenter: the default `fork=` for kpromo commands.
    pub author: &'a str,
    /// When relcut saw each step done (from the status comment).
    pub ledger: Option<&'a crate::ledger::Ledger>,
}

/// A reply to one command.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Answer {
    pub markdown: String,
    pub ok: bool,
}

impl Answer {
    pub fn ok(markdown: impl Into<String>) -> Answer {
        Answer {
            markdown: markdown.into(),
            ok: true,
        }
    }

    /// An error answer that quotes the command (in code, so it is never run again). `message`
    /// is text whose backtick-quoted parts are code (every error's `Display`): the values it
    /// quotes came from the comment, so it is escaped here ([`md::plain_with_code`]).
    pub fn failed(cmd: &Command, message: &str) -> Answer {
        Answer::failed_markdown(cmd, &md::plain_with_code(message))
    }

    fn failed_markdown(cmd: &Command, markdown: &str) -> Answer {
        Answer {
            markdown: format!("**{}**: {markdown}", md::code_span(&cmd.text)),
            ok: false,
        }
    }

    /// A refusal that applies a written rule: the message, then the rule's source linked.
    pub fn refused(cmd: &Command, message: &str, rule: Option<crate::source::Source>) -> Answer {
        let per = rule
            .map(|s| format!(" (per {})", s.markdown()))
            .unwrap_or_default();
        Answer::failed_markdown(cmd, &format!("{}{per}", md::plain_with_code(message)))
    }
}

/// The table of verbs, generated from [`COMMANDS`]; the README carries it verbatim (a test of
/// the binary checks).
pub fn verb_table() -> String {
    let mut s = md::table_head(&["command", "what it does"]);
    for c in COMMANDS {
        s.push_str(&md::table_row(&[
            md::code_span(c.usage),
            c.summary.to_string(),
        ]));
    }
    s
}

/// Markdown list of the verbs, generated from [`COMMANDS`].
pub fn help() -> String {
    let mut s = String::from("relcut commands (one per line, anywhere in a comment):\n\n");
    s.push_str(&verb_table());
    s.push_str("\nCommands inside code, quotes or HTML comments are ignored. Step ids: ");
    s.push_str(
        &plan::StepId::ALL
            .map(|s| format!("`{}`", s.as_str()))
            .join(", "),
    );
    s.push('\n');
    s
}

/// The tag given, else the issue's.
fn tag_or_issue(tag: Option<ReleaseTag>, issue: &CutIssue) -> Result<ReleaseTag, String> {
    match tag {
        Some(t) => Ok(t),
        None => issue.version.ok_or_else(|| {
            "this issue's title names no release (`Cut vX.Y.Z release`): pass the tag, for example `/relcut plan v1.36.0-rc.1`".to_string()
        }),
    }
}

/// `/relcut plan`'s words, taken as the CLI takes them (`--with-mock`, `--build-version V`,
/// `--mock-build-version V`, also written `--flag=V`) beside the comment forms
/// (`build-version=V`), so a command copied from a terminal works in a comment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PlanArgs {
    pub tag: Option<ReleaseTag>,
    pub fork: Option<String>,
    pub build_version: Option<String>,
    pub mock_build_version: Option<String>,
    pub with_mock: bool,
}

impl PlanArgs {
    const USAGE: &'static str = "`/relcut plan [TAG] [fork=LOGIN] [--build-version V] [--mock-build-version V] [--with-mock]`";

    fn of(w: &Words) -> Result<PlanArgs, String> {
        let named = |key: &str| {
            w.named(key)
                .or_else(|| w.named(&format!("--{key}")))
                .map(str::to_string)
        };
        let mut a = PlanArgs {
            fork: w.named("fork").map(str::to_string),
            build_version: named("build-version"),
            mock_build_version: named("mock-build-version"),
            ..PlanArgs::default()
        };
        let mut tag = None;
        let mut words = w.args.iter();
        while let Some(word) = words.next() {
            let slot = match word.to_ascii_lowercase().as_str() {
                "--with-mock" => {
                    a.with_mock = true;
                    continue;
                }
                "--build-version" => &mut a.build_version,
                "--mock-build-version" => &mut a.mock_build_version,
                _ if word.starts_with('-') => {
                    return Err(format!(
                        "unknown option {}: use {}",
                        md::code_span(word),
                        Self::USAGE
                    ))
                }
                _ if tag.is_none() => {
                    tag = Some(word);
                    continue;
                }
                _ => {
                    return Err(format!(
                        "one tag at most, {} is a second: use {}",
                        md::code_span(word),
                        Self::USAGE
                    ))
                }
            };
            match words.next().filter(|v| !v.starts_with('-')) {
                Some(v) => *slot = Some(v.clone()),
                None => {
                    return Err(format!(
                        "{} needs a value, the BUILDVERSION its stage printed: use {}",
                        md::code_span(word),
                        Self::USAGE
                    ))
                }
            }
        }
        a.tag = tag_arg(tag)?;
        Ok(a)
    }
}

/// `/relcut plan`: the runbook for the tag given, else the issue's.
fn answer_plan(
    cmd: &Command,
    args: &PlanArgs,
    issue: &CutIssue,
    fork: String,
    standing: crate::hold::Standing<'_>,
) -> Answer {
    let tag = match tag_or_issue(args.tag, issue) {
        Ok(t) => t,
        Err(e) => return Answer::failed(cmd, &e),
    };
    // A hold or a no-go stands on this cut, not on a plan for another tag.
    let standing = if issue.version == Some(tag) {
        standing
    } else {
        crate::hold::Standing::Clear
    };
    let req = PlanRequest {
        tag: tag.to_string(),
        fork: Some(fork),
        build_version: args.build_version.clone(),
        mock_build_version: args.mock_build_version.clone(),
        with_mock: args.with_mock,
        date: issue.scheduled.clone(),
        ..PlanRequest::default()
    };
    match plan::plan(&req) {
        Ok(p) => Answer::ok(format!(
            "{}{}",
            standing.banner().unwrap_or_default(),
            p.markdown_held(standing.what())
        )),
        Err(e) => Answer::refused(cmd, &e.to_string(), e.rule_source()),
    }
}

/// `/relcut promo-tags`: the tags to promote and the `kpromo pr` commands.
fn answer_promo_tags(
    cmd: &Command,
    tag: Option<ReleaseTag>,
    issue: &CutIssue,
    fork: &str,
) -> Answer {
    let tag = match tag_or_issue(tag, issue) {
        Ok(t) => t,
        Err(e) => return Answer::failed(cmd, &e),
    };
    if let Err(r) = crate::validate::cut_kind(&tag) {
        return Answer::refused(cmd, &r.error.to_string(), Some(r.source));
    }
    let fork = match Fork::parse(fork) {
        Ok(f) => f,
        Err(e) => return Answer::failed(cmd, &e.to_string()),
    };
    match promotion::promotion(&tag, Rules::Current, Some(&fork)) {
        Ok(p) => Answer::ok(p.markdown()),
        Err(e) => Answer::failed(cmd, &e.to_string()),
    }
}

/// `/relcut announce`: the email, its krel command and the Slack posts.
fn answer_announce(cmd: &Command, req: crate::announce::AnnounceRequest) -> Answer {
    match crate::announce::announce(&req) {
        Ok(a) => Answer::ok(a.markdown()),
        Err(e) => Answer::refused(cmd, &e.to_string(), e.rule_source()),
    }
}

/// One answer for every unknown verb of a comment: which ones (those that look like verbs)
/// and the verbs there are.
pub fn answer_unknown<'a>(cmds: impl IntoIterator<Item = &'a Command>) -> Answer {
    let mut named: Vec<String> = Vec::new();
    for c in cmds {
        if let Err(CommandError::Unknown { word: Some(w) }) = &c.request {
            let v = format!("`{w}`");
            if !named.contains(&v) {
                named.push(v);
            }
        }
    }
    let what = if named.is_empty() {
        "unknown command".to_string()
    } else {
        format!("unknown command {}", named.join(", "))
    };
    Answer {
        markdown: format!(
            "{what}: use one of {}",
            COMMANDS
                .iter()
                .map(|c| format!("`{}`", c.name))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        ok: false,
    }
}

/// Answers every request that needs only the issue; `check`, `preflight`, `tick` and the calls
/// (`hold`, `unhold`, `no-go`) are the Action's (they wait on services or write), and a line
/// that is no request gets its error.
pub fn answer(cmd: &Command, ctx: &Context<'_>) -> Answer {
    let request = match &cmd.request {
        Ok(r) => r,
        Err(CommandError::Invalid { message, .. }) => return Answer::failed(cmd, message),
        Err(CommandError::Unknown { .. }) => return answer_unknown([cmd]),
    };
    let issue = checklist::read(IssueInput {
        title: Some(ctx.title),
        body: ctx.body,
        created_at: ctx.created_at,
    });
    let fork = |f: &Option<String>| f.clone().unwrap_or_else(|| ctx.author.to_string());
    match request {
        Request::Help => Answer::ok(help()),
        Request::Status { fork: f } => {
            // Under a hold or a no-go: its banner first, and nothing copy-ready.
            let empty = crate::ledger::Ledger::new();
            let standing = crate::hold::Standing::of(ctx.ledger.unwrap_or(&empty));
            Answer::ok(
                checklist::StatusReport::build_in(&issue, Some(&fork(f)), None, standing)
                    .markdown(),
            )
        }
        Request::Plan(args) => {
            let empty = crate::ledger::Ledger::new();
            let standing = crate::hold::Standing::of(ctx.ledger.unwrap_or(&empty));
            answer_plan(cmd, args, &issue, fork(&args.fork), standing)
        }
        Request::PromoTags { tag, fork: f } => {
            answer_promo_tags(cmd, *tag, &issue, &fork(f))
        }
        Request::Validate { values } => {
            let v = crate::validate::validate(values);
            Answer {
                markdown: v.markdown(),
                ok: v.ok(),
            }
        }
        Request::Announce {
            tag,
            mock,
            shoutouts,
            go_version,
        } => match tag_or_issue(*tag, &issue) {
            Ok(tag) => answer_announce(
                cmd,
                crate::announce::AnnounceRequest {
                    tag: tag.to_string(),
                    mock: *mock,
                    shoutouts: shoutouts.clone(),
                    go_version: go_version.clone(),
                },
            ),
            Err(e) => Answer::failed(cmd, &e),
        },
        Request::Explain { text } => {
            // The same explanation and renderer as `relcut explain`; the text is never echoed.
            let e = crate::explain::explain(text);
            Answer {
                markdown: e.markdown(),
                ok: e.matched(),
            }
        }
        Request::History => {
            let empty = crate::ledger::Ledger::new();
            let ledger = ctx.ledger.unwrap_or(&empty);
            Answer::ok(crate::output::History::of(&issue, ledger).markdown(true))
        }
        Request::Check(_) | Request::Preflight | Request::Tick { .. } | Request::Call { .. } => Answer::failed(
            cmd,
            "this command edits the issue or waits on other services, and is run by the Action itself",
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verbs(body: &str) -> Vec<&'static str> {
        parse(body)
            .into_iter()
            .map(|c| c.verb().map_or("?", Verb::name))
            .collect()
    }

    fn tag(t: &str) -> ReleaseTag {
        ReleaseTag::parse(t).unwrap()
    }

    #[test]
    fn commands_anywhere_on_their_own_line() {
        let body = "Thanks!\r\n\r\n  /relcut STATUS\r\nsome text /relcut plan\r\n/relcut promo-tags v1.36.0-rc.0 fork=alice\r\n/relcutx nope\r\n/relcut";
        let cmds = parse(body);
        assert_eq!(verbs(body), ["status", "promo-tags", "help"]);
        assert_eq!(
            cmds[1].request,
            Ok(Request::PromoTags {
                tag: Some(tag("v1.36.0-rc.0")),
                fork: Some("alice".into())
            })
        );
        assert_eq!(cmds[0].line, 3);
    }

    #[test]
    fn quoted_commands_are_ignored() {
        let body = "```\n/relcut tick email\n```\n\n    /relcut tick testgrid\n\n> /relcut status\n\n`/relcut plan`\n\n<!--\n/relcut tick metrics\n-->\n\n~~~md\n/relcut help\n~~~\n\n/relcut validate v1.2.3\n";
        assert_eq!(verbs(body), ["validate"]);
    }

    #[test]
    fn quoted_arguments() {
        let c = &parse("/relcut validate \"v1.2.3\" 'v1.2.4' note=\"two words\"")[0];
        assert_eq!(
            c.request,
            Ok(Request::Validate {
                values: vec!["v1.2.3".into(), "v1.2.4".into()]
            })
        );
        let c = &parse("/relcut announce mock go=\"1.25 .5\" shoutout=a,b")[0];
        assert_eq!(
            c.request,
            Ok(Request::Announce {
                tag: None,
                mock: true,
                shoutouts: vec!["a".into(), "b".into()],
                go_version: Some("1.25 .5".into())
            }),
            "`mock` is the flag, never a tag"
        );
    }

    #[test]
    fn verbs_and_registry_agree() {
        assert_eq!(Verb::ALL.len(), COMMANDS.len());
        for (i, v) in Verb::ALL.iter().enumerate() {
            assert_eq!(v.spec().verb, *v);
            assert_eq!(COMMANDS[i].verb, *v);
            assert_eq!(spec(v.name()).map(|s| s.verb), Some(*v));
        }
        assert_eq!(spec("tick").unwrap().runs, Runs::EditsIssue);
        assert!(spec("check").unwrap().waits());
        assert_eq!(
            COMMANDS.iter().filter(|c| c.runs != Runs::Pure).count(),
            6,
            "answer() leaves exactly check, preflight, tick, hold, unhold and no-go to the Action"
        );
        assert_eq!(
            CheckTarget::parse(Some("promotion-job")),
            Ok(CheckTarget::Promotion)
        );
        assert_eq!(CheckTarget::parse(None), Ok(CheckTarget::All));
        assert!(CheckTarget::parse(Some("nope")).is_err());
    }

    #[test]
    fn registry_is_well_formed() {
        let mut names: Vec<&str> = COMMANDS.iter().map(|c| c.name).collect();
        for n in &names {
            assert!(n.chars().all(|c| c.is_ascii_lowercase() || c == '-'), "{n}");
            let s = spec(n).unwrap();
            assert!(s.usage.starts_with(&format!("/relcut {n}")), "{n}");
            assert!(s.example.starts_with(&format!("/relcut {n}")), "{n}");
            assert_eq!(parse(s.example)[0].verb().map(Verb::name), Some(*n));
            assert!(
                parse(s.example)[0].request.is_ok(),
                "{n}: its example is a request"
            );
        }
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), COMMANDS.len(), "duplicate names");
        assert_eq!(
            names.join(","),
            "announce,check,explain,help,history,hold,no-go,plan,preflight,promo-tags,status,tick,unhold,validate"
        );
        for c in COMMANDS {
            assert!(help().contains(&md::table_cell(&md::code_span(c.usage))));
        }
    }

    fn explain_texts(body: &str) -> Vec<Result<String, String>> {
        parse(body)
            .into_iter()
            .map(|c| match c.request {
                Ok(Request::Explain { text }) => Ok(text),
                Err(CommandError::Invalid { message, .. }) => Err(message),
                other => panic!("{other:?}"),
            })
            .collect()
    }

    #[test]
    fn explain_takes_the_rest_of_the_line_or_its_code_block() {
        // The rest of the line as written: quotes and spaces kept.
        let line = "ERROR: (gcloud.builds.submit) 'a b'  \"c\" key=v";
        assert_eq!(
            explain_texts(&format!("/relcut EXPLAIN  {line}  \r\n")),
            [Ok(line.to_string())]
        );
        // The code block after the line; a `/relcut` line inside it is text, not a command.
        let body = "/relcut explain\n```\nFATA line one\n/relcut tick email\n```\n";
        assert_eq!(
            explain_texts(body),
            [Ok("FATA line one\n/relcut tick email\n".to_string())]
        );
        // Each line its own block; a block after the last line, else the last one before it.
        let body = "/relcut explain\n\n~~~\nA\n~~~\n\n/relcut explain\n\n    B\n";
        assert_eq!(
            explain_texts(body),
            [Ok("A\n".to_string()), Ok("B\n".to_string())]
        );
        let body = "> ```\n> C\n> ```\n\n/relcut explain\n";
        assert_eq!(explain_texts(body), [Ok("C\n".to_string())]);
        // Nothing to explain: the answer says where to put it.
        for body in ["/relcut explain", "/relcut explain\n```\n   \n```\n"] {
            let e = explain_texts(body).remove(0).unwrap_err();
            assert!(e.contains("in a code block right after the line"), "{e}");
        }
        // A comment without `explain` never reads its code blocks as text.
        assert_eq!(verbs("```\nx\n```\n/relcut status"), ["status"]);
    }

    #[test]
    fn explain_answers_from_the_clis_table_and_renderer() {
        let body = checklist::render(&ReleaseTag::parse("v1.36.0-rc.0").unwrap()).unwrap();
        for f in &crate::explain::table().failures {
            let a = answer(
                &parse(&format!("/relcut explain\n```\n{}\n```", f.sample))[0],
                &ctx(&body),
            );
            assert!(a.ok, "{}: {}", f.id, a.markdown);
            assert_eq!(
                a.markdown,
                crate::explain::explain(&f.sample).markdown(),
                "{}",
                f.id
            );
        }
        let a = answer(&parse("/relcut explain it broke")[0], &ctx(&body));
        assert!(!a.ok);
        assert!(
            a.markdown.contains(crate::explain::SLACK_CHANNEL_URL),
            "{}",
            a.markdown
        );
        let a = answer(&parse("/relcut preflight v1.36.0")[0], &ctx(&body));
        assert!(
            !a.ok && a.markdown.contains("takes nothing"),
            "{}",
            a.markdown
        );
    }

    fn ctx(body: &str) -> Context<'_> {
        Context {
            title: "Cut v1.36.0-rc.0 release",
            body,
            created_at: None,
            author: "alice",
            ledger: None,
        }
    }

    #[test]
    fn answers() {
        let body = checklist::render(&ReleaseTag::parse("v1.36.0-rc.0").unwrap()).unwrap();
        let a = answer(&parse("/relcut promo-tags")[0], &ctx(&body));
        assert!(a.ok);
        assert!(
            a.markdown
                .contains("kpromo pr --fork alice --tag v1.36.0-rc.0 --interactive=true"),
            "{}",
            a.markdown
        );
        assert!(a
            .markdown
            .contains("kpromo pr --fork alice --tag v1.37.0-alpha.0 --interactive=true"));
        let a = answer(&parse("/relcut validate 1.36.0 v1.36.0")[0], &ctx(&body));
        assert!(!a.ok);
        assert!(a.markdown.contains("use `v1.36.0`"));
        let a = answer(&parse("/relcut frobnicate")[0], &ctx(&body));
        assert!(!a.ok && a.markdown.contains("unknown command `frobnicate`"));
        let a = answer(&parse("/relcut plan fork=bob")[0], &ctx(&body));
        assert!(a
            .markdown
            .contains("kpromo pr --fork bob --tag v1.36.0-rc.0"));
        let a = answer(
            &parse("/relcut announce shoutout=bob,carol go=1.25.5")[0],
            &ctx(&body),
        );
        assert!(
            a.markdown
                .contains("krel announce send --tag v1.36.0-rc.0 --nomock"),
            "{}",
            a.markdown
        );
        assert!(a
            .markdown
            .contains("(shoutout to @bob & @carol for helping cut the release)"));
        let a = answer(&parse("/relcut announce go=go")[0], &ctx(&body));
        assert!(!a.ok);
        assert!(
            a.markdown.contains("verifying Go version is not empty")
                && a.markdown.contains(
                    "(https://github.com/kubernetes/release/blob/master/pkg/announce/announce.go) (2026-03-06))"
                ),
            "{}",
            a.markdown
        );
        let a = answer(
            &parse("/relcut plan build-version=v1.35.0-rc.0.5+0123456789abcd")[0],
            &ctx(&body),
        );
        assert!(!a.ok);
        assert!(
            a.markdown
                .contains("(https://github.com/kubernetes/release/blob/master/pkg/release/branch_checker.go) (2025-01-28))"),
            "{}",
            a.markdown
        );
        let a = answer(&parse("/relcut history")[0], &ctx(&body));
        assert!(a.markdown.contains("No release jobs in the issue yet"));
        let a = answer(&parse("/relcut status")[0], &ctx(&body));
        assert!(a.markdown.contains("release-signal"));
        let none = Context {
            title: "Spelling error",
            ..ctx(&body)
        };
        let a = answer(&parse("/relcut plan")[0], &none);
        assert!(!a.ok && a.markdown.contains("names no release"));
        for verb in ["plan", "promo-tags"] {
            let a = answer(
                &parse(&format!("/relcut {verb} v1.36.0-alpha.0"))[0],
                &ctx(&body),
            );
            assert!(
                !a.ok
                    && a.markdown.contains("never cut on its own")
                    && a.markdown.contains(crate::validate::TAG_RULE.url),
                "{verb}: {}",
                a.markdown
            );
        }
        let a = answer(&parse("/relcut plan --with-mock")[0], &none);
        assert!(
            !a.ok && a.markdown.contains("names no release"),
            "{}",
            a.markdown
        );
    }

    #[test]
    fn calls_take_their_reason_as_written() {
        let req = |line: &str| parse(line).remove(0).request;
        assert_eq!(
            req("/relcut hold  re-run of `ci-kubernetes-e2e` @team <b>x</b>"),
            Ok(Request::Call {
                call: Call::Hold,
                reason: Some("re-run of `ci-kubernetes-e2e` @team <b>x</b>".into())
            })
        );
        assert_eq!(
            req("/relcut NO-GO 'a' b"),
            Ok(Request::Call {
                call: Call::NoGo,
                reason: Some("'a' b".into())
            })
        );
        assert_eq!(
            req("/relcut unhold"),
            Ok(Request::Call {
                call: Call::Unhold,
                reason: None
            })
        );
        for verb in ["hold", "no-go"] {
            let Err(CommandError::Invalid { message, .. }) = req(&format!("/relcut {verb}  "))
            else {
                panic!("{verb} without a reason")
            };
            assert!(message.contains("needs a reason"), "{message}");
        }
        assert_eq!(parse("/relcut hold x")[0].verb(), Some(Verb::Hold));
        assert_eq!(parse("/relcut no-go x")[0].verb(), Some(Verb::NoGo));
    }

    /// Under a hold `/relcut status` shows the banner, and the next commands only as what
    /// comes after it.
    #[test]
    fn status_under_a_hold_shows_no_command_copy_ready() {
        let text = include_str!("../../../examples/cut-v1.36.0-rc.1-in-progress.md");
        let body = text.splitn(3, "---\n").nth(2).unwrap();
        let c = Context {
            title: "Cut v1.36.0-rc.1 release",
            body,
            created_at: None,
            author: "alice",
            ledger: None,
        };
        let kpromo = "kpromo pr --fork alice --tag v1.36.0-rc.1 --interactive=true";
        let clear = answer(&parse("/relcut status")[0], &c).markdown;
        assert!(clear.contains(&format!("```sh\n{kpromo}\n```")), "{clear}");
        let mut ledger = crate::ledger::Ledger::new();
        let at = chrono::DateTime::parse_from_rfc3339("2026-04-07T12:00:00Z")
            .unwrap()
            .to_utc();
        ledger
            .call(Call::Hold, "bob", at, Some("blocking test `x` re-run"))
            .unwrap();
        let held = answer(
            &parse("/relcut status")[0],
            &Context {
                ledger: Some(&ledger),
                ..c
            },
        )
        .markdown;
        assert!(
            held.starts_with("⏸️ **On hold** since 2026-04-07 12:00 UTC by @\u{2060}bob: blocking test &#96;x&#96; re-run\n\n"),
            "{held}"
        );
        assert!(!held.contains("```"), "nothing copy-ready: {held}");
        assert!(
            held.contains(&format!(
                "Not to run yet: after the hold is lifted (`/relcut unhold`):\n\n- `{kpromo}`\n"
            )),
            "{held}"
        );
        ledger.call(Call::Unhold, "bob", at, None).unwrap();
        let again = answer(
            &parse("/relcut status")[0],
            &Context {
                ledger: Some(&ledger),
                ..c
            },
        )
        .markdown;
        assert_eq!(again, clear);
    }

    /// Review 2 of issue 12, item 8: `/relcut plan` takes the CLI's flags, and still refuses
    /// what it does not know.
    #[test]
    fn plan_takes_the_clis_flags() {
        let args = |line: &str| match &parse(line)[0].request {
            Ok(Request::Plan(a)) => Ok(a.clone()),
            Err(CommandError::Invalid { message, .. }) => Err(message.clone()),
            other => panic!("{other:?}"),
        };
        let (mock, nomock) = ("v1.35.2-9+0123456789abcd", "v1.35.2-10+abcdef0123456");
        let want = PlanArgs {
            tag: Some(tag("v1.35.3")),
            fork: None,
            build_version: Some(nomock.into()),
            mock_build_version: Some(mock.into()),
            with_mock: true,
        };
        for line in [
            format!("/relcut plan v1.35.3 --with-mock --mock-build-version {mock} --build-version {nomock}"),
            format!("/relcut plan --build-version={nomock} v1.35.3 --WITH-MOCK --mock-build-version={mock}"),
            format!("/relcut plan v1.35.3 build-version={nomock} mock-build-version={mock} --with-mock"),
        ] {
            assert_eq!(args(&line), Ok(want.clone()), "{line}");
        }
        for (line, says) in [
            ("/relcut plan --frobnicate", "unknown option `--frobnicate`"),
            (
                "/relcut plan v1.35.3 v1.35.4",
                "one tag at most, `v1.35.4` is a second",
            ),
            (
                "/relcut plan --build-version",
                "`--build-version` needs a value",
            ),
            (
                "/relcut plan --mock-build-version --with-mock",
                "`--mock-build-version` needs a value",
            ),
        ] {
            let e = args(line).unwrap_err();
            assert!(
                e.contains(says) && e.contains("[--with-mock]"),
                "{line}: {e}"
            );
        }
        let body = checklist::render(&ReleaseTag::parse("v1.35.3").unwrap()).unwrap();
        let c = Context {
            title: "Cut v1.35.3 release",
            body: &body,
            created_at: None,
            author: "alice",
            ledger: None,
        };
        let line = format!(
            "/relcut plan --with-mock --mock-build-version {mock} --build-version {nomock}"
        );
        let a = answer(&parse(&line)[0], &c);
        assert!(a.ok, "{}", a.markdown);
        for cmd in [
            format!("krel release --type official --branch release-1.35 --build-version {mock}"),
            format!("krel release --type official --branch release-1.35 --build-version {nomock} --nomock"),
        ] {
            assert!(a.markdown.contains(&cmd), "{cmd}: {}", a.markdown);
        }
    }
}
