use std::process::ExitCode;

use relcut_core::gate;
use relcut_github::checks::{self, Endpoints};

/// The testgrid comment `krel testgridshot` posts: jobs of the release-blocking and -informing
/// boards in the given states.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `1.35` or `master` (not `release-1.35`).
    #[arg(long)]
    branch: String,
    #[arg(long, default_value = "FAILING")]
    states: String,
    #[arg(long, value_name = "URL")]
    testgrid_url: Option<String>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let branch = match gate::testgrid_branch(&args.branch) {
        Ok(b) => b,
        Err(e) => return super::fail(false, &e, ""),
    };
    let states = match gate::testgrid_states(&args.states) {
        Ok(s) => s,
        Err(e) => return super::fail(false, &e, ""),
    };
    let mut ep = Endpoints::from_env();
    if let Some(u) = args.testgrid_url {
        ep.testgrid = u;
    }
    let now = gate::go_time_string(chrono::Utc::now());
    let comment = checks::block_on(checks::testgrid(&ep, &branch, &states, &now))??;
    println!("{comment}");
    Ok(ExitCode::SUCCESS)
}
