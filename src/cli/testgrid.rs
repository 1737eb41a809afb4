use std::process::ExitCode;

use relcut_action::checks;
use relcut_core::testgrid;

/// The testgrid comment `krel testgridshot` posts: jobs of the release-blocking and -informing
/// boards in the given states.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// `1.35` or `master` (not `release-1.35`).
    #[arg(long, value_parser = super::args::testgrid_branch)]
    branch: String,
    /// The job states to list, comma-separated: FAILING, FLAKY, PASSING.
    #[arg(long, default_value = "FAILING", value_parser = super::args::testgrid_states)]
    states: String,
    /// testgrid's address (default https://testgrid.k8s.io, or RELCUT_TESTGRID_URL).
    #[arg(long, value_name = "URL")]
    testgrid_url: Option<String>,
    /// Print the branch, states and comment as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    // Both were checked by clap (exit 2); this only splits the list again.
    let branch = args.branch;
    let states = testgrid::testgrid_states(&args.states).map_err(super::exit::Usage)?;
    let mut ep = super::out::endpoints();
    if let Some(u) = args.testgrid_url {
        ep.testgrid = u;
    }
    let now = testgrid::go_time_string(chrono::Utc::now());
    let comment = checks::block_on(checks::testgrid(&ep, &branch, &states, &now))??;
    if args.json {
        super::print_json(&serde_json::json!({
            "branch": branch,
            "states": states,
            "comment": comment,
        }))?;
    } else {
        outln!("{comment}");
    }
    Ok(ExitCode::SUCCESS)
}
