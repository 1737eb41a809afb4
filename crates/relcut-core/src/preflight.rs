//! `relcut preflight TAG`: is this machine, this token and this cut ready for the first command?
//!
//! The binary gathers the facts (the tools' own read-only commands, GitHub's answers); this
//! module decides each check, `pass`, `warn` or `fail`, with its fix and the source that asks for
//! it, and renders the report. No I/O here.

use std::fmt::Write as _;

use serde::Serialize;

use crate::checklist::KrelVersion;
use crate::md;
use crate::source::{self, Source};
use crate::version::{CutKind, Tag};

/// How a check came out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Warn,
    Fail,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Warn => "warn",
            Self::Fail => "fail",
        }
    }
}

/// One check's outcome.
#[derive(Debug, Clone, Serialize)]
pub struct Check {
    /// Stable id (`krel-current`).
    pub id: &'static str,
    pub verdict: Verdict,
    /// What was found, in one sentence.
    pub detail: String,
    /// What to do; `None` when it passed.
    pub fix: Option<String>,
    pub source: Source,
}

/// What running one of a tool's own read-only commands gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Probe {
    /// Not on `PATH`.
    Missing,
    /// Did not end within the time given to it.
    TimedOut { seconds: u64 },
    /// Ended with a non-zero status (its output is not kept: it might hold a secret).
    Failed { code: Option<i32> },
    /// Ended with status 0; its standard output.
    Ran(String),
}

/// How krel's commit stands against kubernetes/release `master`, as GitHub's compare API says
/// (`GET /repos/kubernetes/release/compare/COMMIT...master`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Compare {
    Identical,
    /// `master` has commits krel was not built with.
    Behind {
        by: u64,
    },
    /// krel was built with commits that are not on `master` (a local branch or a fork).
    Ahead {
        by: u64,
    },
    Diverged {
        ahead: u64,
        behind: u64,
    },
    /// GitHub does not know the commit (never pushed).
    UnknownCommit,
}

/// What GitHub said about the token (`GET /user`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenScopes {
    /// A classic token: its `X-OAuth-Scopes`.
    Classic(Vec<String>),
    /// No `X-OAuth-Scopes` header: a fine-grained or an app token, whose rights cannot be read.
    Unlisted,
    /// 401: expired or revoked.
    Rejected,
}

/// This cut's open issue in kubernetes/sig-release, as `relcut cuts` reads it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenCut {
    pub number: u64,
    /// `YYYY-MM-DD`, if the issue says.
    pub scheduled: Option<String>,
    /// What [`crate::cuts::cuts`] warns about it: another cut the same day, a patch cut open
    /// near a pre-release.
    pub collisions: Vec<String>,
}

/// A GitHub issue or PR named in the cut issue's "Release Blocking Issues".
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Blocker {
    /// `kubernetes/kubernetes#123`.
    pub reference: String,
    pub url: String,
    /// `Ok(true)` closed, `Ok(false)` open, `Err` GitHub could not tell.
    pub closed: Result<bool, String>,
}

/// What the checks of the cut itself look at, all read from GitHub: what `/relcut preflight`
/// knows without the release manager's machine. `Err(String)`: GitHub could not be asked (the
/// message says why); `None`: not asked (not needed for this cut).
#[derive(Debug, Clone, Default)]
pub struct CutFacts {
    /// The open cut issues, listed: this cut's (`Ok(None)`: it has none open).
    pub this_cut: Option<Result<Option<OpenCut>, String>>,
    /// `GET /repos/kubernetes/kubernetes/branches/release-X.Y`: `Ok(Some(protected))`, or
    /// `Ok(None)` when the branch does not exist.
    pub branch_protected: Option<Result<Option<bool>, String>>,
    pub blockers: Option<Result<Vec<Blocker>, String>>,
}

/// Everything the checks look at. `Err(String)`: the service could not be asked (the message
/// says which and why); `None`: not asked (no token, or not needed for this cut).
#[derive(Debug, Clone)]
pub struct Facts {
    pub krel: Probe,
    pub krel_vs_master: Option<Result<Compare, String>>,
    pub kpromo: Probe,
    /// `gcloud auth list --filter=status:ACTIVE --format=value(account)`.
    pub gcloud_accounts: Probe,
    /// Where application-default credentials were looked for, and whether a file is there.
    pub adc: (String, bool),
    pub token_set: bool,
    pub token_scopes: Option<Result<TokenScopes, String>>,
    pub cut: CutFacts,
}

/// Where a check runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Runs {
    /// On the release manager's machine: its tools, its credentials, its token.
    Machine,
    /// From GitHub alone: the Action runs it too (`/relcut preflight`).
    GitHub,
}

/// Every check, in the order of the report, and where it runs. `relcut preflight` runs them
/// all; `/relcut preflight` the [`Runs::GitHub`] ones and names the others as not run.
pub const CHECKS: [(&str, Runs); 10] = [
    ("krel-installed", Runs::Machine),
    ("krel-clean", Runs::Machine),
    // Against kubernetes/release master, but the commit is the local krel's.
    ("krel-current", Runs::Machine),
    ("kpromo-installed", Runs::Machine),
    ("gcloud-account", Runs::Machine),
    ("application-default-credentials", Runs::Machine),
    // The release manager's token, not the Action's.
    ("github-token", Runs::Machine),
    ("other-cuts", Runs::GitHub),
    ("branch-protected", Runs::GitHub),
    ("blocking-issues", Runs::GitHub),
];

/// The scopes the handbook asks for, and whether a missing one stops the cut.
const SCOPES: [(&str, Verdict); 4] = [
    ("repo", Verdict::Fail),
    ("gist", Verdict::Warn),
    ("notifications", Verdict::Warn),
    ("user", Verdict::Warn),
];

/// The whole answer.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    pub tag: String,
    /// The worst verdict of all checks.
    pub verdict: Verdict,
    pub checks: Vec<Check>,
    /// The checks not run here (they need the release manager's machine), in [`CHECKS`] order;
    /// empty (and left out of the JSON) when every check ran.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub not_run: Vec<&'static str>,
}

fn check(
    id: &'static str,
    verdict: Verdict,
    detail: impl Into<String>,
    fix: Option<String>,
    source: Source,
) -> Check {
    Check {
        id,
        verdict,
        detail: detail.into(),
        fix: if verdict == Verdict::Pass { None } else { fix },
        source,
    }
}

fn probe_problem(tool: &str, command: &str, p: &Probe) -> Option<(Verdict, String)> {
    match p {
        Probe::Ran(_) => None,
        Probe::Missing => Some((Verdict::Fail, format!("`{tool}` is not on PATH"))),
        Probe::TimedOut { seconds } => Some((
            Verdict::Fail,
            format!("`{command}` did not answer within {seconds} s"),
        )),
        Probe::Failed { code } => Some((
            Verdict::Fail,
            format!(
                "`{command}` failed (exit {})",
                code.map_or_else(|| "by a signal".to_string(), |c| c.to_string())
            ),
        )),
    }
}

fn krel_checks(f: &Facts) -> Vec<Check> {
    const INSTALL: &str = "clone kubernetes/release, then in it `git checkout master && git pull origin master && ./compile-release-tools krel`, and check `krel version`";
    if let Some((v, detail)) = probe_problem("krel", "krel version", &f.krel) {
        return vec![check(
            "krel-installed",
            v,
            detail,
            Some(INSTALL.into()),
            source::HANDBOOK_KREL,
        )];
    }
    let Probe::Ran(out) = &f.krel else {
        return Vec::new();
    };
    let parsed = KrelVersion::from_output(out).and_then(|k| {
        let commit = k.git_commit.clone()?;
        let state = k.git_tree_state.clone()?;
        Some((k.git_version, commit, state))
    });
    let Some((version, commit, state)) = parsed else {
        return vec![check(
            "krel-installed",
            Verdict::Fail,
            "`krel version` printed no GitVersion, GitCommit and GitTreeState",
            Some(INSTALL.into()),
            source::HANDBOOK_KREL,
        )];
    };
    let mut out = vec![check(
        "krel-installed",
        Verdict::Pass,
        format!("krel {version} ({})", short(&commit)),
        None,
        source::HANDBOOK_KREL,
    )];
    let clean = state == "clean";
    out.push(check(
        "krel-clean",
        if clean { Verdict::Pass } else { Verdict::Fail },
        format!("GitTreeState: {state}"),
        Some("krel was built from a checkout with local changes: `git status` in kubernetes/release, stash or drop them, then `./compile-release-tools krel`".into()),
        source::HANDBOOK_KREL_VERSION,
    ));
    out.push(current_check(&commit, f.krel_vs_master.as_ref()));
    out
}

fn short(commit: &str) -> &str {
    commit.get(..12).unwrap_or(commit)
}

fn current_check(commit: &str, cmp: Option<&Result<Compare, String>>) -> Check {
    const PULL: &str = "in kubernetes/release run `git checkout master && git pull origin master && ./compile-release-tools krel` (krel refuses to submit a job from an outdated checkout)";
    let (verdict, detail) = match cmp {
        None => (
            Verdict::Warn,
            "not compared with kubernetes/release master".to_string(),
        ),
        Some(Err(e)) => (
            Verdict::Warn,
            format!("could not compare with kubernetes/release master: {e}"),
        ),
        Some(Ok(Compare::Identical)) => (
            Verdict::Pass,
            format!("built from master's latest commit {}", short(commit)),
        ),
        Some(Ok(Compare::Behind { by })) => (
            Verdict::Fail,
            format!(
                "{} is {by} commit{} behind kubernetes/release master",
                short(commit),
                if *by == 1 { "" } else { "s" }
            ),
        ),
        Some(Ok(Compare::Ahead { by })) => (
            Verdict::Warn,
            format!(
                "{} has {by} commit{} that master has not: a local branch or a fork",
                short(commit),
                if *by == 1 { "" } else { "s" }
            ),
        ),
        Some(Ok(Compare::Diverged { ahead, behind })) => (
            Verdict::Fail,
            format!(
                "{} has {ahead} commits master has not and lacks {behind} of master's",
                short(commit)
            ),
        ),
        Some(Ok(Compare::UnknownCommit)) => (
            Verdict::Warn,
            format!(
                "GitHub does not know commit {}: krel was built from a commit never pushed",
                short(commit)
            ),
        ),
    };
    check(
        "krel-current",
        verdict,
        detail,
        Some(PULL.into()),
        source::KREL_REPOSITORY_STATE,
    )
}

fn tool_checks(f: &Facts) -> Vec<Check> {
    let kpromo = match probe_problem("kpromo", "kpromo version", &f.kpromo) {
        None => check(
            "kpromo-installed",
            Verdict::Pass,
            "`kpromo version` ran",
            None,
            source::HANDBOOK_KPROMO,
        ),
        Some((v, d)) => check(
            "kpromo-installed",
            v,
            d,
            Some(
                "`go install sigs.k8s.io/promo-tools/v4/cmd/kpromo@main`, then `kpromo version`"
                    .into(),
            ),
            source::HANDBOOK_KPROMO,
        ),
    };
    const LOGIN: &str = "`gcloud auth login` with the email that is in k8s-infra-release-editors, then `gcloud auth list`";
    let gcloud = match &f.gcloud_accounts {
        Probe::Ran(out) => {
            // Only account-shaped lines are shown: anything else gcloud printed could be a
            // secret (an access token), and is never echoed.
            let accounts: Vec<&str> = out
                .lines()
                .map(str::trim)
                .filter(|l| is_account(l))
                .collect();
            if accounts.is_empty() {
                check(
                    "gcloud-account",
                    Verdict::Fail,
                    "gcloud has no active account",
                    Some(LOGIN.into()),
                    source::HANDBOOK_GCLOUD,
                )
            } else {
                check(
                    "gcloud-account",
                    Verdict::Pass,
                    format!("gcloud's active account: {}", accounts.join(", ")),
                    None,
                    source::HANDBOOK_GCLOUD,
                )
            }
        }
        other => {
            let (v, d) = probe_problem("gcloud", "gcloud auth list", other)
                .unwrap_or((Verdict::Fail, String::new()));
            let fix = if *other == Probe::Missing {
                "install the Google Cloud CLI (`brew install --cask google-cloud-sdk`, or cloud.google.com/sdk), then `gcloud auth login`"
            } else {
                LOGIN
            };
            check(
                "gcloud-account",
                v,
                d,
                Some(fix.into()),
                source::HANDBOOK_GCLOUD,
            )
        }
    };
    let (path, present) = &f.adc;
    let adc = check(
        "application-default-credentials",
        if *present { Verdict::Pass } else { Verdict::Warn },
        if *present {
            format!("found {path}")
        } else {
            format!("no {path}: `krel history` (the metrics step) will fail")
        },
        Some("`gcloud auth application-default login` with the same account (needed by `krel history` for the metrics)".into()),
        source::KREL_HISTORY_ADC,
    );
    vec![kpromo, gcloud, adc]
}

/// Whether a line of `gcloud auth list --format=value(account)` looks like the account it
/// lists: a user's or a service account's email address, `name@domain.tld`.
fn is_account(line: &str) -> bool {
    let Some((name, domain)) = line.split_once('@') else {
        return false;
    };
    line.len() <= 254
        && !name.is_empty()
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && name
            .chars()
            .chain(domain.chars())
            .all(|c| c.is_ascii_alphanumeric() || "._%+-".contains(c))
}

fn token_checks(f: &Facts) -> Vec<Check> {
    const EXPORT: &str = "create a classic personal access token with the scopes repo, gist, notifications and user, and `export GITHUB_TOKEN=...` in the shell that runs krel and kpromo";
    if !f.token_set {
        return vec![check(
            "github-token",
            Verdict::Fail,
            "GITHUB_TOKEN is not set: krel and kpromo read it",
            Some(EXPORT.into()),
            source::HANDBOOK_GITHUB_TOKEN,
        )];
    }
    let (verdict, detail) = match &f.token_scopes {
        None => (Verdict::Warn, "the token's scopes were not read".to_string()),
        Some(Err(e)) => (Verdict::Warn, format!("could not read the token's scopes: {e}")),
        Some(Ok(TokenScopes::Rejected)) => (
            Verdict::Fail,
            "GitHub rejects the token (401): expired or revoked".to_string(),
        ),
        Some(Ok(TokenScopes::Unlisted)) => (
            Verdict::Warn,
            "GitHub lists no scopes for this token (a fine-grained or app token): its rights cannot be checked".to_string(),
        ),
        Some(Ok(TokenScopes::Classic(have))) => scope_verdict(have),
    };
    vec![check(
        "github-token",
        verdict,
        detail,
        Some(EXPORT.into()),
        source::HANDBOOK_GITHUB_TOKEN,
    )]
}

/// The verdict on a classic token's scopes: `repo` is needed (kpromo opens the promotion PR,
/// krel writes the release notes), the others the handbook asks for are a warning.
pub fn scope_verdict(have: &[String]) -> (Verdict, String) {
    let missing: Vec<(&str, Verdict)> = SCOPES
        .iter()
        .filter(|(s, _)| !have.iter().any(|h| h == s))
        .copied()
        .collect();
    let verdict = missing
        .iter()
        .map(|(_, v)| *v)
        .max()
        .unwrap_or(Verdict::Pass);
    let listed = if have.is_empty() {
        "none".to_string()
    } else {
        have.join(", ")
    };
    let detail = if missing.is_empty() {
        format!("a classic token with the scopes {listed}")
    } else {
        let names: Vec<&str> = missing.iter().map(|(s, _)| *s).collect();
        format!("the token's scopes ({listed}) lack {}", names.join(", "))
    };
    (verdict, detail)
}

fn cut_check(f: &CutFacts) -> Check {
    let source = source::NO_PATCH_IN_PROGRESS;
    let (verdict, detail, fix) = match &f.this_cut {
        None => (
            Verdict::Warn,
            "the open cut issues were not listed".to_string(),
            "look at kubernetes/sig-release's open cut issues (`relcut cuts`)",
        ),
        Some(Err(e)) => (
            Verdict::Warn,
            format!("could not list the open cut issues: {e}"),
            "look at kubernetes/sig-release's open cut issues (`relcut cuts`)",
        ),
        Some(Ok(None)) => (
            Verdict::Warn,
            "this cut has no open issue in kubernetes/sig-release, so its day cannot be compared with the other cuts'".to_string(),
            "open the cut issue with its scheduled day (`relcut checklist render TAG`), then run again",
        ),
        Some(Ok(Some(c))) if c.collisions.is_empty() => (
            Verdict::Pass,
            format!(
                "#{} ({}) collides with no other open cut",
                c.number,
                c.scheduled.as_deref().unwrap_or("no day read")
            ),
            "",
        ),
        Some(Ok(Some(c))) => (
            Verdict::Warn,
            c.collisions.join("; "),
            "agree on the order with @release-managers in #release-management before the first command",
        ),
    };
    check("other-cuts", verdict, detail, Some(fix.to_string()), source)
}

/// The release branch that must be protected before this cut, if any: every cut on an existing
/// `release-X.Y` (rc.1 and later, x.y.0, patches). Alphas and betas come from master and rc.0
/// creates the branch.
pub fn branch_to_protect(tag: &Tag) -> Option<String> {
    match tag.cut_kind() {
        Ok(CutKind::Rc | CutKind::Minor | CutKind::Patch) => Some(tag.release_branch().to_string()),
        _ => None,
    }
}

fn branch_check(tag: &Tag, f: &CutFacts) -> Option<Check> {
    let branch = branch_to_protect(tag)?;
    let fix = format!(
        "ask in #release-management: prow's branchprotector protects new branches at :54 each hour; `{branch}` must be protected before anything is cut from it"
    );
    let (verdict, detail) = match &f.branch_protected {
        None => (Verdict::Warn, format!("`{branch}` not checked")),
        Some(Err(e)) => (Verdict::Warn, format!("could not read `{branch}`: {e}")),
        Some(Ok(Some(true))) => (
            Verdict::Pass,
            format!("kubernetes/kubernetes `{branch}` is protected"),
        ),
        Some(Ok(Some(false))) => (
            Verdict::Fail,
            format!("kubernetes/kubernetes `{branch}` is not protected"),
        ),
        Some(Ok(None)) => (
            Verdict::Fail,
            format!("kubernetes/kubernetes has no branch `{branch}`: was the rc.0 released?"),
        ),
    };
    Some(check(
        "branch-protected",
        verdict,
        detail,
        Some(fix),
        source::HANDBOOK_PROTECT_BRANCH,
    ))
}

fn blockers_check(f: &CutFacts) -> Check {
    let source = source::CUT_ISSUE_TEMPLATE;
    let cut = match &f.this_cut {
        Some(Ok(Some(c))) => Some(c),
        Some(Err(e)) => {
            return check(
                "blocking-issues",
                Verdict::Warn,
                format!("could not look for this cut's issue: {e}"),
                Some("read the cut issue's Release Blocking Issues yourself".into()),
                source,
            )
        }
        _ => None,
    };
    let Some(cut) = cut else {
        return check(
            "blocking-issues",
            Verdict::Warn,
            "no open cut issue for this tag was found, so its Release Blocking Issues were not read",
            Some("open the cut issue first (`relcut checklist render TAG`), then run again".into()),
            source,
        );
    };
    let (verdict, detail) = match &f.blockers {
        None => (
            Verdict::Warn,
            format!("#{}'s blocking issues were not checked", cut.number),
        ),
        Some(Err(e)) => (
            Verdict::Warn,
            format!("could not read #{}: {e}", cut.number),
        ),
        Some(Ok(list)) if list.is_empty() => (
            Verdict::Pass,
            format!("#{} lists no release-blocking issue", cut.number),
        ),
        Some(Ok(list)) => {
            let open: Vec<&str> = list
                .iter()
                .filter(|b| b.closed == Ok(false))
                .map(|b| b.reference.as_str())
                .collect();
            let unknown: Vec<&str> = list
                .iter()
                .filter(|b| b.closed.is_err())
                .map(|b| b.reference.as_str())
                .collect();
            if !open.is_empty() {
                (Verdict::Fail, format!("still open: {}", open.join(", ")))
            } else if !unknown.is_empty() {
                (
                    Verdict::Warn,
                    format!("could not read: {}", unknown.join(", ")),
                )
            } else {
                let refs: Vec<&str> = list.iter().map(|b| b.reference.as_str()).collect();
                (Verdict::Pass, format!("closed: {}", refs.join(", ")))
            }
        }
    };
    check(
        "blocking-issues",
        verdict,
        detail,
        Some("the cut waits for the issues listed under Release Blocking Issues: ask their owners and the release team in #release-management".into()),
        source,
    )
}

/// The checks of the cut itself (other cuts, the branch, the blocking issues).
fn cut_checks(tag: &Tag, f: &CutFacts) -> Vec<Check> {
    let mut checks = vec![cut_check(f)];
    checks.extend(branch_check(tag, f));
    checks.push(blockers_check(f));
    checks
}

fn report(tag: &Tag, checks: Vec<Check>, not_run: Vec<&'static str>) -> Report {
    let verdict = checks
        .iter()
        .map(|c| c.verdict)
        .max()
        .unwrap_or(Verdict::Pass);
    Report {
        tag: tag.to_string(),
        verdict,
        checks,
        not_run,
    }
}

/// Decides every check for a cut of `tag` (`relcut preflight`).
pub fn decide(tag: &Tag, f: &Facts) -> Report {
    let mut checks = krel_checks(f);
    checks.extend(tool_checks(f));
    checks.extend(token_checks(f));
    checks.extend(cut_checks(tag, &f.cut));
    report(tag, checks, Vec::new())
}

/// Decides the checks GitHub alone can answer for a cut of `tag` (`/relcut preflight`), and
/// names the others as not run: they need the release manager's machine.
pub fn decide_on_github(tag: &Tag, f: &CutFacts) -> Report {
    let not_run = CHECKS
        .iter()
        .filter(|(_, runs)| *runs == Runs::Machine)
        .map(|(id, _)| *id)
        .collect();
    report(tag, cut_checks(tag, f), not_run)
}

/// What the report says about the checks it did not run.
fn not_run_note(r: &Report) -> Option<String> {
    (!r.not_run.is_empty()).then(|| {
        format!(
            "Not run here: {}. They need the release manager's machine (krel's build and its commit against kubernetes/release master, kpromo, gcloud's login, the application-default credentials, your GitHub token): run `relcut preflight {}` there before the first command.",
            r.not_run
                .iter()
                .map(|id| format!("`{id}`"))
                .collect::<Vec<_>>()
                .join(", "),
            r.tag
        )
    })
}

impl Report {
    /// For a terminal.
    pub fn text(&self) -> String {
        let mut out = format!("Preflight for {}: {}\n", self.tag, self.verdict.as_str());
        for c in &self.checks {
            let _ = writeln!(
                out,
                "  {:<4}  {:<31} {}",
                c.verdict.as_str(),
                c.id,
                c.detail
            );
            if let Some(fix) = &c.fix {
                let _ = writeln!(out, "        fix: {fix}");
            }
            if c.verdict != Verdict::Pass {
                let _ = writeln!(out, "        per {} {}", c.source, c.source.url);
            }
        }
        if let Some(note) = not_run_note(self) {
            let _ = writeln!(out, "{}", note.replace('`', ""));
        }
        out
    }

    /// For a comment: one table, every value escaped, each source a link.
    pub fn markdown(&self) -> String {
        let mut out = format!(
            "**Preflight for {}: {}**\n\n",
            md::code_span(&self.tag),
            self.verdict.as_str()
        );
        out.push_str(&md::table_head(&[
            "check", "verdict", "found", "fix", "source",
        ]));
        for c in &self.checks {
            out.push_str(&md::table_row(&[
                md::code_span(c.id),
                c.verdict.as_str().to_string(),
                md::table_cell(&md::plain_with_code(&c.detail)),
                md::table_cell(
                    &c.fix
                        .as_deref()
                        .map(md::plain_with_code)
                        .unwrap_or_default(),
                ),
                md::table_cell(&c.source.markdown()),
            ]));
        }
        if let Some(note) = not_run_note(self) {
            out.push('\n');
            out.push_str(&md::plain_with_code(&note));
            out.push('\n');
        }
        out
    }
}

/// The issue and PR references under a cut issue's `## Release Blocking Issues` heading (up to
/// the next heading), outside HTML comments: full GitHub URLs and `owner/repo#N`.
pub fn blocking_references(body: &str) -> Vec<(String, String)> {
    let re = regex_lite::Regex::new(
        r"https://github\.com/([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)/(?:issues|pull)/([0-9]+)|\b([A-Za-z0-9-]+)/([A-Za-z0-9._-]+)#([0-9]+)",
    )
    .expect("a valid pattern");
    let mut section = String::new();
    let mut inside = false;
    let mut comment = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("## ") || t.starts_with("##\t") {
            inside = t.to_ascii_lowercase().contains("release blocking issues");
            continue;
        }
        if !inside {
            continue;
        }
        let mut rest = line;
        while !rest.is_empty() {
            if comment {
                match rest.find("-->") {
                    Some(i) => {
                        comment = false;
                        rest = &rest[i + 3..];
                    }
                    None => rest = "",
                }
            } else {
                match rest.find("<!--") {
                    Some(i) => {
                        section.push_str(&rest[..i]);
                        comment = true;
                        rest = &rest[i + 4..];
                    }
                    None => {
                        section.push_str(rest);
                        rest = "";
                    }
                }
            }
        }
        section.push('\n');
    }
    let mut out: Vec<(String, String)> = Vec::new();
    for c in re.captures_iter(&section) {
        let (owner, repo, n) = match (c.get(1), c.get(4)) {
            (Some(o), _) => (o.as_str(), &c[2], &c[3]),
            (None, Some(o)) => (o.as_str(), &c[5], &c[6]),
            _ => continue,
        };
        let reference = format!("{owner}/{repo}#{n}");
        if !out.iter().any(|(r, _)| *r == reference) {
            let url = format!("https://github.com/{owner}/{repo}/issues/{n}");
            out.push((reference, url));
        }
    }
    out
}

#[cfg(test)]
mod tests;
