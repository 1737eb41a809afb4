use std::process::ExitCode;

use relcut_core::promotion::{self, Fork, Rules};
use relcut_core::validate;
use relcut_core::Tag;

/// The image tags `kpromo pr` must promote for a cut, one command per PR.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The tag being cut, like `v1.35.0-rc.0`.
    tag: String,
    /// Your GitHub login (your fork of kubernetes/k8s.io).
    #[arg(long, value_name = "LOGIN", value_parser = super::args::fork)]
    fork: Option<String>,
    /// The rules before 2023-03-09 (officials also promoted the next patch's rc.0); history only.
    #[arg(long)]
    legacy_promotion: bool,
    /// Print the tags, commands and pull requests as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let rules = if args.legacy_promotion {
        Rules::Legacy
    } else {
        Rules::Current
    };
    if let Some(r) = Tag::parse(&args.tag)
        .ok()
        .and_then(|t| validate::cut_kind(&t).err())
    {
        return Err(super::exit::Input::citing(r.error.to_string(), r.error.hint, r.source).into());
    }
    let result = Tag::parse(&args.tag)
        .map_err(promotion::PromotionError::from)
        .and_then(|tag| {
            let fork = args.fork.as_deref().map(Fork::parse).transpose()?;
            promotion::promotion(&tag, rules, fork.as_ref())
        });
    let promo = match result {
        Ok(p) => p,
        Err(e) => return Err(super::exit::Input::new(e.to_string(), e.hint()).into()),
    };
    if args.json {
        super::print_json(&promo.json())?;
    } else {
        report!(promo.text());
    }
    Ok(ExitCode::SUCCESS)
}
