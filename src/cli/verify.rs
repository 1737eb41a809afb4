//! `relcut verify-release TAG`: is the release really live? relcut-core says which URLs to
//! ask and what the answers mean; relcut-github's probes ask them, bounded; this prints the
//! one report.

use std::process::ExitCode;
use std::time::Duration;

use relcut_core::live::{self, Bases, Mirror, Plan, Replies, Reply, Report, Request};
use relcut_core::Tag;
use relcut_github::probe::{self, Limits, Probe};

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

/// The bounds of one check, stated in the README: 8 requests in flight, 800 in all (tokens and
/// redirects included), 10 s per request, 60 s for the whole check; a host that lets one
/// request time out is not asked again in that check. `RELCUT_VERIFY_TIMEOUT_MS` shortens the whole (tests), each request then
/// getting a third of it.
fn limits() -> Limits {
    let mut l = Limits::default();
    if let Some(ms) = std::env::var("RELCUT_VERIFY_TIMEOUT_MS")
        .ok()
        .and_then(|v| v.parse::<u64>().ok())
        .filter(|ms| *ms > 0)
    {
        l.total = Duration::from_millis(ms);
        l.request_timeout = l.request_timeout.min(l.total / 3);
    }
    l
}

fn to_probe(r: Request, github_api: &str, token: Option<&str>) -> Probe {
    let mut p = match r.method {
        live::Method::Head => Probe::head(r.url.clone()),
        live::Method::Get => Probe::get(r.url.clone(), r.max_body),
    };
    for (k, v) in &r.headers {
        p = p.header(k, v);
    }
    if r.anonymous_token {
        p = p.anonymous_token();
    }
    if let Some(t) = token.filter(|_| r.url.starts_with(github_api)) {
        p = p.header("authorization", &format!("Bearer {t}"));
        p = p.header("x-github-api-version", "2022-11-28");
    }
    p
}

/// Asks `requests` and files the replies under the URL asked. The whole check shares one
/// deadline: the second round gets what the first left.
async fn ask(requests: Vec<Request>, plan: &Plan, limits: Limits, into: &mut Replies) {
    let token = std::env::var("GITHUB_TOKEN").ok().filter(|t| !t.is_empty());
    let urls: Vec<String> = requests.iter().map(|r| r.url.clone()).collect();
    let probes = requests
        .into_iter()
        .map(|r| to_probe(r, &plan.bases.github_api, token.as_deref()))
        .collect();
    for (url, answer) in urls.into_iter().zip(probe::ask_all(probes, limits).await) {
        let reply = match answer {
            Ok(a) => Reply::Answer {
                status: a.status,
                headers: a.headers,
                body: a.body,
                truncated: a.truncated,
            },
            Err(e) => Reply::Failed(e.to_string()),
        };
        into.insert(url, reply);
    }
}

/// One whole check, within [`limits`].
async fn check(plan: &Plan) -> Report {
    let limits = limits();
    let started = std::time::Instant::now();
    let mut replies = Replies::new();
    ask(plan.first(), plan, limits, &mut replies).await;
    let second = plan.second(&replies);
    let left = limits.total.saturating_sub(started.elapsed());
    let rest = Limits {
        total: left.max(Duration::from_millis(1)),
        request_timeout: limits
            .request_timeout
            .min(left.max(Duration::from_millis(1))),
        ..limits
    };
    ask(second, plan, rest, &mut replies).await;
    plan.judge(&replies)
}

/// The flag, else the environment variable, else the real service.
fn base(flag: Option<String>, var: &str, default: &str) -> String {
    flag.or_else(|| std::env::var(var).ok().filter(|v| !v.is_empty()))
        .unwrap_or_else(|| default.to_string())
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let tag = match Tag::parse(&args.tag) {
        Ok(t) => t,
        Err(e) => return Err(Input::new(e.to_string(), "").into()),
    };
    let mirrors_var = args
        .registry_mirrors
        .clone()
        .or_else(|| std::env::var("RELCUT_REGISTRY_MIRRORS").ok());
    let mirrors = match &mirrors_var {
        Some(list) => match Mirror::parse_list(list) {
            Ok(m) => m,
            Err(e) => return Err(Input::new(e.to_string(), "").into()),
        },
        None => Bases::default().mirrors,
    };
    let plan = Plan::new(
        tag,
        Bases {
            registry: base(args.registry_url, "RELCUT_REGISTRY_URL", live::REGISTRY_URL),
            dl: base(args.dl_url, "RELCUT_DL_URL", live::DL_URL),
            pkgs: base(args.pkgs_url, "RELCUT_PKGS_URL", live::PKGS_URL),
            github_api: base(args.github_api_url, "GITHUB_API_URL", live::GITHUB_API_URL),
            mirrors,
        },
    );
    let report = if args.wait {
        let end = block_on(wait::until_settled(
            &format!("{tag} to be live"),
            args.timeout,
            wait::Schedule::from_env(),
            || async {
                let r = check(&plan).await;
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
        block_on(check(&plan))?
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
