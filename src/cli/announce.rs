use std::process::ExitCode;

use relcut_core::announce::{self, AnnounceRequest};

/// The announcement email (subject, recipients, text, HTML), the krel command that sends it and
/// the Slack posts.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The tag that was released, like `v1.35.2`.
    tag: String,
    /// To the test list, as krel without --nomock.
    #[arg(long)]
    mock: bool,
    /// Someone to thank in the Slack post (repeat for more).
    #[arg(long, value_name = "NAME")]
    shoutout: Vec<String>,
    /// The Go version the release was built with, like 1.25.5.
    #[arg(long, value_name = "V")]
    go_version: Option<String>,
    /// Print the subject, recipients, texts and commands as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let req = AnnounceRequest {
        tag: args.tag,
        mock: args.mock,
        shoutouts: args.shoutout,
        go_version: args.go_version,
    };
    let a = match announce::announce(&req) {
        Ok(a) => a,
        Err(e) => {
            return match e.rule_source() {
                Some(src) => Err(super::exit::Input::citing(e.to_string(), e.hint(), src).into()),
                None => Err(super::exit::Input::new(e.to_string(), e.hint()).into()),
            }
        }
    };
    if args.json {
        super::print_json(&a)?;
    } else {
        report!(a.text());
    }
    Ok(ExitCode::SUCCESS)
}
