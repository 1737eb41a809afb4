use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, Instant};

use relcut_action::checks::block_on;
use relcut_action::preflight::github_facts;
use relcut_core::checklist::KrelVersion;
use relcut_core::preflight::{self, Facts, Probe, Verdict};
use relcut_core::{validate, Tag};

use super::exit::{Input, Status};

/// How long each tool's own command may take (`RELCUT_PROBE_TIMEOUT_MS` sets it, for tests).
const PROBE_TIMEOUT: Duration = Duration::from_secs(10);

/// The most of a tool's output relcut reads: `krel version` prints 7 short lines.
const PROBE_OUTPUT: u64 = 64 * 1024;

/// Before the first command of a cut: krel current and clean, kpromo and gcloud ready, the
/// token scoped, no other cut in the way, the branch protected, the blockers closed.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The tag being cut, like `v1.36.0-rc.1`.
    tag: String,
    /// Print {"tag", "verdict", "checks": [{"id", "verdict", "detail", "fix", "source"}]} as JSON.
    #[arg(long)]
    json: bool,
}

/// Runs one of a tool's own read-only commands with a time limit; its output is read, never
/// printed, and its stderr is dropped (it could hold an account or a path, never needed here).
fn probe(program: &str, args: &[&str], timeout: Duration) -> Probe {
    let child = Command::new(program)
        .args(args)
        .env("CLOUDSDK_CORE_DISABLE_PROMPTS", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn();
    let mut child = match child {
        Ok(c) => c,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Probe::Missing,
        Err(_) => return Probe::Failed { code: None },
    };
    let stdout = child.stdout.take();
    // Read beside the wait, so a chatty tool cannot block on a full pipe.
    let reader = std::thread::spawn(move || {
        let mut out = Vec::new();
        if let Some(s) = stdout {
            let _ = s.take(PROBE_OUTPUT).read_to_end(&mut out);
        }
        String::from_utf8_lossy(&out).into_owned()
    });
    let end = Instant::now() + timeout;
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break Some(status),
            Ok(None) if Instant::now() < end => std::thread::sleep(Duration::from_millis(20)),
            _ => {
                let _ = child.kill();
                let _ = child.wait();
                break None;
            }
        }
    };
    let out = reader.join().unwrap_or_default();
    match status {
        None => Probe::TimedOut {
            seconds: timeout.as_secs().max(1),
        },
        Some(s) if s.success() => Probe::Ran(out),
        Some(s) => Probe::Failed { code: s.code() },
    }
}

/// Where gcloud keeps application-default credentials: `GOOGLE_APPLICATION_CREDENTIALS`, else
/// `CLOUDSDK_CONFIG`, else gcloud's config directory. Only the file's presence is checked.
fn adc_path() -> PathBuf {
    let var = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty());
    if let Some(p) = var("GOOGLE_APPLICATION_CREDENTIALS") {
        return PathBuf::from(p);
    }
    let dir = var("CLOUDSDK_CONFIG")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            if cfg!(windows) {
                var("APPDATA")
                    .map(PathBuf::from)
                    .unwrap_or_default()
                    .join("gcloud")
            } else {
                var("HOME")
                    .map(PathBuf::from)
                    .unwrap_or_default()
                    .join(".config")
                    .join("gcloud")
            }
        });
    dir.join("application_default_credentials.json")
}

fn timeout() -> Duration {
    std::env::var("RELCUT_PROBE_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(PROBE_TIMEOUT, Duration::from_millis)
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let tag = match Tag::parse(&args.tag) {
        Ok(t) => t,
        Err(e) => return Err(Input::new(e.to_string(), e.hint.clone()).into()),
    };
    if let Err(r) = validate::cut_kind(&tag) {
        return Err(Input::citing(r.error.to_string(), r.error.hint, r.source).into());
    }
    let limit = timeout();
    let krel = probe("krel", &["version"], limit);
    let kpromo = probe("kpromo", &["version"], limit);
    let gcloud_accounts = probe(
        "gcloud",
        &[
            "auth",
            "list",
            "--filter=status:ACTIVE",
            "--format=value(account)",
        ],
        limit,
    );
    let adc = adc_path();
    let commit = match &krel {
        Probe::Ran(out) => KrelVersion::from_output(out).and_then(|k| k.git_commit),
        _ => None,
    };
    // The command's deadline (60 s) starts here, after the tools' own commands.
    let ep = super::out::endpoints();
    let token_set = ep.token.is_some();
    let gh = block_on(github_facts(&ep, &tag, commit.as_deref()))?;
    let facts = Facts {
        krel,
        krel_vs_master: gh.krel_vs_master,
        kpromo,
        gcloud_accounts,
        adc: (adc.display().to_string(), adc.is_file()),
        token_set,
        token_scopes: gh.token_scopes,
        cut: gh.cut,
    };
    let report = preflight::decide(&tag, &facts);
    if args.json {
        super::print_json(&report)?;
    } else {
        report!(report.text());
    }
    Ok(Status::passed(report.verdict != Verdict::Fail).into())
}
