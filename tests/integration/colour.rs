//! Colour: on a terminal only, unless `--color` or `CLICOLOR_FORCE` says otherwise; never under
//! `NO_COLOR` (but for `--color always`), never in JSON; the text without its colour is the
//! same, byte for byte.

use std::process::Command;

use crate::common::{relcut, root, Run, NO_GH};

const ESC: char = '\u{1b}';

/// relcut with `env` set (and the colour variables of the test's own environment removed).
fn relcut_env(args: &[&str], env: &[(&str, &str)]) -> Run {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_relcut"));
    cmd.args(args)
        .current_dir(root())
        .env_remove("GITHUB_TOKEN")
        .env_remove("GH_TOKEN")
        .env_remove("NO_COLOR")
        .env_remove("CLICOLOR")
        .env_remove("CLICOLOR_FORCE")
        .env("RELCUT_GH", NO_GH);
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("run relcut").into()
}

/// The text without escape sequences (`ESC [ ... m`).
fn strip(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c == ESC {
            assert_eq!(chars.next(), Some('['), "{s:?}");
            for c in chars.by_ref() {
                if c == 'm' {
                    break;
                }
                assert!(c.is_ascii_digit() || c == ';', "{s:?}");
            }
        } else {
            out.push(c);
        }
    }
    out
}

const STATUS: [&str; 2] = ["status", "examples/cut-v1.36.0-rc.1-in-progress.md"];

#[test]
fn a_pipe_gets_plain_text_unless_colour_is_forced() {
    let plain = relcut_env(&STATUS, &[]);
    assert_eq!(plain.code, 0, "{}", plain.stderr);
    assert!(!plain.stdout.contains(ESC), "{}", plain.stdout);

    for (args, env) in [
        (&["--color", "always"][..], &[][..]),
        (&["--color=always"], &[]),
        (&[], &[("CLICOLOR_FORCE", "1")]),
        // The flag is the user's last word: it beats the environment.
        (&["--color", "always"], &[("NO_COLOR", "1")]),
    ] {
        let all: Vec<&str> = STATUS.iter().chain(args).copied().collect();
        let coloured = relcut_env(&all, env);
        assert_eq!(coloured.code, 0, "{all:?} {env:?}: {}", coloured.stderr);
        assert!(coloured.stdout.contains(ESC), "{all:?} {env:?}: no colour");
        assert_eq!(strip(&coloured.stdout), plain.stdout, "{all:?} {env:?}");
    }
    // A command colours what matters: the next step's command, the ticked steps.
    let coloured = relcut_env(&["--color", "always", STATUS[0], STATUS[1]], &[]);
    assert!(
        coloured.stdout.contains(
            "\u{1b}[1mkpromo pr --fork <your-github-login> --tag v1.36.0-rc.1 --interactive=true\u{1b}[0m\n"
        ),
        "{}",
        coloured.stdout
    );
    assert!(coloured
        .stdout
        .contains("\u{1b}[32m[x]\u{1b}[0m release-signal"));
}

#[test]
fn no_colour_under_no_color_never_or_json() {
    for (args, env) in [
        (&["--color", "never"][..], &[("CLICOLOR_FORCE", "1")][..]),
        (&[], &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")]),
        (&["--json", "--color", "always"], &[]),
    ] {
        let all: Vec<&str> = STATUS.iter().chain(args).copied().collect();
        let r = relcut_env(&all, env);
        assert_eq!(r.code, 0, "{all:?}: {}", r.stderr);
        assert!(!r.stdout.contains(ESC), "{all:?} {env:?}: {}", r.stdout);
    }
    let json = relcut_env(&["--color", "always", "plan", "v1.36.0", "--json"], &[]);
    json.json();
    assert!(!json.stdout.contains(ESC));
}

#[test]
fn errors_follow_the_choice_and_json_errors_stay_plain() {
    let r = relcut_env(&["--color", "always", "plan", "v1.36.0-alpha.0"], &[]);
    assert_eq!(r.code, 1, "{}", r.stderr);
    assert!(
        r.stderr.starts_with("\u{1b}[1m\u{1b}[31merror:\u{1b}[0m "),
        "{:?}",
        r.stderr
    );
    let r = relcut_env(
        &["plan", "v1.36.0-alpha.0", "--json", "--color", "always"],
        &[],
    );
    assert_eq!(r.json()["exit_code"], 1);
    assert!(!r.stdout.contains(ESC), "{}", r.stdout);
    // clap's usage errors too: `--color never` is read before clap parses.
    let r = relcut_env(
        &["--color", "never", "plan", "--frobnicate"],
        &[("CLICOLOR_FORCE", "1")],
    );
    assert_eq!(r.code, 2, "{}", r.stderr);
    assert!(!r.stderr.contains(ESC), "{:?}", r.stderr);
    let r = relcut_env(&["--color", "always", "plan", "--frobnicate"], &[]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains(ESC), "{:?}", r.stderr);
    let r = relcut(&["plan", "--color", "sometimes", "v1.36.0"]);
    assert_eq!(r.code, 2);
    assert!(
        r.stderr.contains("auto") && r.stderr.contains("never"),
        "{}",
        r.stderr
    );
}
