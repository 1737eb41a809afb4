use std::process::ExitCode;

use super::exit::Status;

use clap::Subcommand;
use relcut_action::checks;
use relcut_core::{images, Tag};

/// Image promotion PRs in kubernetes/k8s.io.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Check a promotion: every image of the release gets one new digest per tag, no other tag
    /// is added, nothing is removed (exit 1 with the problems).
    Verify {
        /// images.yaml before the change.
        #[arg(
            long,
            value_name = "FILE",
            requires = "head",
            conflicts_with = "pr",
            required_unless_present = "pr"
        )]
        base: Option<String>,
        /// images.yaml after the change.
        #[arg(long, value_name = "FILE", requires = "base")]
        head: Option<String>,
        /// A kubernetes/k8s.io PR to fetch both files from (and check its title and files).
        #[arg(long, value_name = "N")]
        pr: Option<u64>,
        /// The tags promoted, one --tag each (with --pr the default is the PR title's).
        #[arg(long = "tag", value_name = "TAG", required_unless_present = "pr")]
        tags: Vec<String>,
        /// Print the verification as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let Command::Verify {
        base,
        head,
        pr,
        tags,
        json,
    } = args.command;
    let mut parsed = Vec::new();
    for t in &tags {
        match Tag::parse(t) {
            Ok(t) => parsed.push(t),
            Err(e) => return Err(super::exit::Input::new(e.to_string(), e.hint).into()),
        }
    }
    if let Some(pr) = pr {
        let v = checks::block_on(checks::verify_pr(&super::out::endpoints(), pr, &parsed))??;
        let ok = v.ok();
        if json {
            super::print_json(&v)?;
        } else {
            if v.title != v.expected_title {
                outln!("title: `{}`, expected `{}`", v.title, v.expected_title);
            }
            for f in &v.other_files {
                outln!(
                    "changes {f}: a promotion PR changes only {}",
                    checks::IMAGES_YAML
                );
            }
            report!(v.verification.text());
        }
        return Ok(Status::passed(ok).into());
    }
    let (Some(base), Some(head)) = (base, head) else {
        return Err(super::exit::Usage("give --base FILE --head FILE, or --pr N".into()).into());
    };
    if parsed.is_empty() {
        return Err(
            super::exit::Usage("give the promoted tags with --tag (one per tag)".into()).into(),
        );
    }
    let base_set = images::parse(&super::input::read_text(&base)?, &base)?;
    let head_set = images::parse(&super::input::read_text(&head)?, &head)?;
    let v = images::verify(&base_set, &head_set, &parsed);
    if json {
        super::print_json(&v)?;
    } else {
        report!(v.text());
    }
    Ok(Status::passed(v.ok).into())
}
