use std::process::ExitCode;

use relcut_core::krel;
use relcut_core::source::Source;
use serde::Serialize;

/// What krel will cut for `--type`, `--branch` and `--build-version`, with all of krel's checks.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The release type, as krel takes it.
    #[arg(long = "type", value_name = "T", value_parser = ["alpha", "beta", "rc", "official"])]
    release_type: String,
    /// `master` or `release-X.Y`.
    #[arg(long, value_name = "B")]
    branch: String,
    /// The build version to cut from (krel's `--build-version`), like `v1.35.0-rc.0.12+abcdef0123`.
    #[arg(long, value_name = "V")]
    build_version: String,
    /// The branch does not exist on the remote yet (an rc.0 cut creates it).
    #[arg(long)]
    new_branch: bool,
    /// Print the versions and tags as JSON.
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Output {
    prime: String,
    tags: Vec<String>,
    creates_branch: bool,
    versions: krel::Versions,
    source: Source,
    checks: Vec<krel::Check>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let cut = match krel::plan_cut(
        &args.release_type,
        &args.branch,
        &args.build_version,
        !args.new_branch,
    ) {
        Ok(c) => c,
        Err(e) => return Err(super::exit::Input::citing(e.message, e.hint, e.rule_source).into()),
    };
    let tags = cut.tags();
    if args.json {
        super::print_json(&Output {
            prime: cut.versions.prime.clone(),
            tags,
            creates_branch: cut.creates_branch,
            source: cut.source,
            checks: cut.checks.clone(),
            versions: cut.versions,
        })?;
    } else {
        report!(cut.text());
    }
    Ok(ExitCode::SUCCESS)
}
