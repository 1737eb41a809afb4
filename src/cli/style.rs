//! Colour on a terminal: the one place relcut's terminal output gets styled.
//!
//! The reports' `text()` stays plain (its snapshots are the contract); [`paint`] only adds
//! escape sequences around parts of its lines (the headline, `$ ` commands, verdicts, `per`
//! lines), so the text without them is the same, byte for byte. Whether to paint is
//! anstream's decision, per stream: `--color always|never` first, then `NO_COLOR` (off),
//! `CLICOLOR_FORCE` (on), `CLICOLOR=0` (off), and otherwise only a terminal that is not
//! `TERM=dumb`. Pipes, files and `--json` get plain text.

use anstream::ColorChoice;
use anstyle::{AnsiColor, Style};

/// `--color`: when to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum When {
    /// On a terminal, unless `NO_COLOR` is set (`CLICOLOR_FORCE` colours pipes too).
    #[default]
    Auto,
    /// Always, even into a pipe or a file.
    Always,
    /// Never.
    Never,
}

impl When {
    /// The `--color` value in `args` (`--color WHEN` or `--color=WHEN`), before clap parses
    /// them, so that clap's own usage errors follow it too. The last one wins, as in clap.
    pub fn scan<I: IntoIterator<Item = std::ffi::OsString>>(args: I) -> Option<When> {
        let mut found = None;
        let mut args = args.into_iter();
        while let Some(a) = args.next() {
            if a == "--" {
                break;
            }
            let value = if a == "--color" {
                args.next()
            } else {
                a.to_str()
                    .and_then(|s| s.strip_prefix("--color="))
                    .map(Into::into)
            };
            if let Some(v) = value {
                found = <When as clap::ValueEnum>::from_str(&v.to_string_lossy(), false)
                    .ok()
                    .or(found);
            }
        }
        found
    }

    /// Makes this choice the process's (anstream's global, read by clap too).
    pub fn apply(self) {
        match self {
            When::Auto => ColorChoice::Auto,
            When::Always => ColorChoice::Always,
            When::Never => ColorChoice::Never,
        }
        .write_global();
    }
}

/// Whether stdout gets colour.
pub fn stdout() -> bool {
    anstream::AutoStream::choice(&std::io::stdout()) != ColorChoice::Never
}

/// Whether stderr gets colour.
pub fn stderr() -> bool {
    anstream::AutoStream::choice(&std::io::stderr()) != ColorChoice::Never
}

const HEADLINE: Style = Style::new().bold();
const COMMAND: Style = Style::new().bold();
const DIM: Style = Style::new().dimmed();
const GOOD: Style = AnsiColor::Green.on_default();
const DOUBT: Style = AnsiColor::Yellow.on_default();
const BAD: Style = AnsiColor::Red.on_default().bold();
const LABEL: Style = Style::new().bold();
const FIX: Style = AnsiColor::Cyan.on_default();

/// Labels that open a line, and their style.
const LABELS: [(&str, Style); 9] = [
    ("Next:", LABEL),
    ("Then:", LABEL),
    ("Caution:", DOUBT.bold()),
    ("Before you start:", DOUBT.bold()),
    ("Warnings:", DOUBT.bold()),
    ("warning:", DOUBT.bold()),
    ("error:", BAD),
    ("fix:", FIX),
    ("Not planned:", DIM),
];

/// The style of a verdict that opens a line (`pass  krel-installed ...`, `ok  v1.36.0: ...`).
fn verdict(word: &str) -> Option<Style> {
    match word {
        "pass" | "ok" | "[x]" => Some(GOOD),
        "warn" | "unknown" | "[~]" => Some(DOUBT),
        "[-]" => Some(DIM),
        "fail" | "missing" | "wrong" | "invalid" => Some(BAD),
        _ => None,
    }
}

fn styled(style: Style, s: &str) -> String {
    format!("{style}{s}{style:#}")
}

/// One line (without its newline), styled; `first` for a report's headline.
fn paint_line(line: &str, first: bool) -> String {
    let rest = line.trim_start();
    let indent = &line[..line.len() - rest.len()];
    if rest.is_empty() {
        return line.to_string();
    }
    if let Some(cmd) = rest.strip_prefix("$ ") {
        return format!("{indent}{}{}", styled(DIM, "$ "), styled(COMMAND, cmd));
    }
    if rest.starts_with("per ") {
        return format!("{indent}{}", styled(DIM, rest));
    }
    if let Some((label, style)) = LABELS.iter().find(|(l, _)| rest.starts_with(l)) {
        return format!("{indent}{}{}", styled(*style, label), &rest[label.len()..]);
    }
    // `[ ]` is two words: it is left as it is.
    if let Some((word, after)) = rest.split_once(' ') {
        if let Some(style) = verdict(word) {
            return format!("{indent}{} {after}", styled(style, word));
        }
    }
    // A numbered step of the plan (` 1. Update Go ... [tools] (~15 min)`).
    let numbered = rest
        .split_once(". ")
        .is_some_and(|(n, _)| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
    if first || numbered {
        return format!("{indent}{}", styled(HEADLINE, rest));
    }
    line.to_string()
}

/// `text` with colour for a terminal: removing the escape sequences gives `text` back.
pub fn paint(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let (body, newline) = match line.strip_suffix('\n') {
            Some(b) => (b, "\n"),
            None => (line, ""),
        };
        // A `\r\n` line keeps its `\r` outside the styles.
        let (body, cr) = match body.strip_suffix('\r') {
            Some(b) => (b, "\r"),
            None => (body, ""),
        };
        out.push_str(&paint_line(body, i == 0));
        out.push_str(cr);
        out.push_str(newline);
    }
    out
}

/// `error:` as [`paint`] styles it, for messages on stderr.
pub fn error_label(colour: bool) -> String {
    if colour {
        styled(BAD, "error:")
    } else {
        "error:".to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strip(s: &str) -> String {
        anstream::adapter::strip_str(s).to_string()
    }

    /// Reports as the commands print them (shapes of the snapshots of relcut-core's text()).
    const REPORTS: [&str; 4] = [
        include_str!("../../tests/integration/snapshots/integration__status__status_in_progress.snap"),
        include_str!("../../tests/integration/snapshots/integration__plan__plan_v1.35.0-rc.0.snap"),
        include_str!("../../crates/relcut-core/src/preflight/snapshots/relcut_core__preflight__tests__the_report_as_text_json_and_comment-2.snap"),
        include_str!("../../crates/relcut-core/src/live/snapshots/relcut_core__live__tests__report_text.snap"),
    ];

    #[test]
    fn painting_adds_only_escape_sequences() {
        for report in REPORTS {
            let painted = paint(report);
            assert_ne!(painted, report, "nothing painted in {report}");
            assert_eq!(strip(&painted), report);
        }
        for odd in [
            "",
            "\n",
            "x",
            "  $ ",
            "per",
            "\r\n",
            "a\r\nb\r\n",
            "fail",
            "[x]  \n  ",
        ] {
            assert_eq!(strip(&paint(odd)), odd, "{odd:?}");
        }
    }

    #[test]
    fn commands_verdicts_and_sources_stand_out() {
        let text = "Preflight for v1.36.0-rc.1: fail\n  pass  krel-installed  krel v0.20.2\n  fail  krel-current  behind\n        fix: recompile\n        per kubernetes/release:pkg/release/repository.go (2026-03-25)\n      $ krel stage --type rc\n 7. Mock stage [mock-stage] (~120 min)\n  [x] mock-stage  Mock Run > Stage\n  [ ] email  Send email\n";
        let painted = paint(text);
        let lines: Vec<&str> = painted.lines().collect();
        assert_eq!(
            lines[0],
            "\u{1b}[1mPreflight for v1.36.0-rc.1: fail\u{1b}[0m"
        );
        assert_eq!(
            lines[1],
            "  \u{1b}[32mpass\u{1b}[0m  krel-installed  krel v0.20.2"
        );
        assert!(
            lines[2].starts_with("  \u{1b}[1m\u{1b}[31mfail\u{1b}[0m"),
            "{:?}",
            lines[2]
        );
        assert!(
            lines[3].starts_with("        \u{1b}[36mfix:\u{1b}[0m recompile"),
            "{:?}",
            lines[3]
        );
        assert!(
            lines[4].starts_with("        \u{1b}[2mper "),
            "{:?}",
            lines[4]
        );
        assert!(
            lines[5].contains("\u{1b}[1mkrel stage --type rc\u{1b}[0m"),
            "{:?}",
            lines[5]
        );
        assert_eq!(
            lines[6],
            " \u{1b}[1m7. Mock stage [mock-stage] (~120 min)\u{1b}[0m"
        );
        assert!(
            lines[7].starts_with("  \u{1b}[32m[x]\u{1b}[0m mock-stage"),
            "{:?}",
            lines[7]
        );
        assert_eq!(lines[8], "  [ ] email  Send email", "an open step is plain");
    }

    #[test]
    fn the_color_flag_is_found_before_parsing() {
        let scan = |args: &[&str]| When::scan(args.iter().map(std::ffi::OsString::from));
        assert_eq!(scan(&["relcut", "plan", "v1.36.0"]), None);
        assert_eq!(
            scan(&["relcut", "--color", "never", "plan"]),
            Some(When::Never)
        );
        assert_eq!(
            scan(&["relcut", "plan", "--color=always"]),
            Some(When::Always)
        );
        assert_eq!(
            scan(&["relcut", "--color=never", "plan", "--color", "auto"]),
            Some(When::Auto)
        );
        assert_eq!(scan(&["relcut", "--color", "sometimes"]), None);
        assert_eq!(scan(&["relcut", "explain", "--", "--color", "never"]), None);
    }
}
