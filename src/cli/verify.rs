//! `relcut verify-release TAG`: is the release really live? relcut-core says which URLs to
//! ask and what the answers mean; relcut-action's `verify` asks them over relcut-github's
//! probes, bounded (the same glue the release-live gate of the scheduled refresh runs); this
//! prints the one report.

use std::process::ExitCode;
use std::time::Duration;

use relcut_action::verify::{self, Flags, Verify};
use relcut_core::live::{self, Plan};
use relcut_core::Tag;
use relcut_github::client::Session;
use relcut_github::SecretString;

use super::exit::{Input, Status};
use super::wait;
use relcut_action::checks::{block_on, CheckError};

/// Checks from outside that a release is live: its images on registry.k8s.io and every
/// regional backend (a multi-arch index per image), its binaries and version markers on
/// dl.k8s.io, its packages on pkgs.k8s.io, its GitHub release and CHANGELOG section, and for
/// a patch the website's schedule. Exit 0 all ok, 1 something missing or wrong, 3 only checks
/// that could not be asked, 4 --wait timed out.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The release tag, like v1.35.3.
    tag: String,
    /// Print `{"tag", "live", "checks": [{"id", "state", "url", "detail", "fix"}]}`.
    #[arg(long)]
    json: bool,
    /// Check again until everything is ok: every 30 s at first, doubling to every 5 min.
    #[arg(long)]
    wait: bool,
    /// With --wait: how long to wait at most, like 2h, 90m or 1h30m.
    #[arg(long, value_name = "DURATION", default_value = "2h", value_parser = wait::duration, requires = "wait")]
    timeout: Duration,
    /// registry.k8s.io (default https://registry.k8s.io, or RELCUT_REGISTRY_URL).
    #[arg(long, value_name = "URL")]
    registry_url: Option<String>,
    /// dl.k8s.io (default https://dl.k8s.io, or RELCUT_DL_URL).
    #[arg(long, value_name = "URL")]
    dl_url: Option<String>,
    /// pkgs.k8s.io (default https://pkgs.k8s.io, or RELCUT_PKGS_URL).
    #[arg(long, value_name = "URL")]
    pkgs_url: Option<String>,
    /// GitHub's API for the release, the CHANGELOG, images.yaml and the website's schedule
    /// (default https://api.github.com, or GITHUB_API_URL).
    #[arg(long, value_name = "URL")]
    github_api_url: Option<String>,
    /// The regional backends, comma-separated registry URLs with their repository path (or
    /// RELCUT_REGISTRY_MIRRORS); replaces relcut's table of the 22 regions registry.k8s.io
    /// serves from.
    #[arg(long, value_name = "URLS")]
    registry_mirrors: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let tag = match Tag::parse(&args.tag) {
        Ok(t) => t,
        Err(e) => return Err(Input::new(e.to_string(), "").into()),
    };
    let bases = Flags {
        registry_url: args.registry_url,
        dl_url: args.dl_url,
        pkgs_url: args.pkgs_url,
        github_api_url: args.github_api_url,
        registry_mirrors: args.registry_mirrors,
    }
    .bases(&|k| std::env::var(k).ok())
    .map_err(|e| Input::new(e.to_string(), ""))?;
    let plan = Plan::new(tag, bases);
    let verify = Verify {
        limits: verify::limits(std::env::var("RELCUT_VERIFY_TIMEOUT_MS").ok()),
        token: std::env::var("GITHUB_TOKEN")
            .ok()
            .filter(|t| !t.is_empty())
            .map(SecretString::from),
    };
    let session = Session::default();
    let report = if args.wait {
        let end = block_on(wait::until_settled(
            &format!("{tag} to be live"),
            args.timeout,
            wait::Schedule::from_env(),
            || async {
                let r = verify.check(&plan, &session).await;
                Ok::<_, CheckError>(wait::Look {
                    state: format!("{} of {} ok", r.count(live::State::Ok), r.checks.len()),
                    message: r.summary(),
                    url: r
                        .checks
                        .iter()
                        .find(|c| c.state != live::State::Ok)
                        .map(|c| c.url.clone())
                        .unwrap_or_default(),
                    settled: r.live.then_some(true),
                    value: r,
                })
            },
        ))??;
        match end {
            wait::End::Settled(look) => look.value,
            wait::End::Interrupted => return Ok(Status::Interrupted.into()),
        }
    } else {
        block_on(verify.check(&plan, &session))?
    };
    if args.json {
        super::print_json(&report)?;
    } else {
        report!(report.text());
    }
    Ok(match report.worst() {
        live::State::Ok => Status::Done,
        live::State::Unknown => Status::Unanswered,
        live::State::Missing | live::State::Wrong => Status::CheckFailed,
    }
    .into())
}
