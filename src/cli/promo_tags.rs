use std::process::ExitCode;

use relcut_core::promotion::{self, Fork, Rules};
use relcut_core::Tag;
use serde::Serialize;

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

#[derive(Serialize)]
struct Output<'a> {
    version: String,
    rules: Rules,
    tags: Vec<String>,
    commands: Vec<String>,
    pull_requests: &'a [promotion::PullRequest],
    source: relcut_core::source::Source,
    one_pr: Option<&'a promotion::OnePr>,
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let rules = if args.legacy_promotion {
        Rules::Legacy
    } else {
        Rules::Current
    };
    let result = Tag::parse(&args.tag)
        .map_err(promotion::PromotionError::from)
        .and_then(|tag| {
            let fork = args.fork.as_deref().map(Fork::parse).transpose()?;
            promotion::promotion(&tag, rules, fork.as_ref())
        });
    let promo = match result {
        Ok(p) => p,
        Err(e) => return super::fail(args.json, &e.to_string(), &e.hint()),
    };
    if args.json {
        return super::print_json(&Output {
            version: promo.version.to_string(),
            rules,
            tags: promo.tags.iter().map(Tag::to_string).collect(),
            commands: promo.commands(),
            pull_requests: &promo.pull_requests,
            source: promo.source,
            one_pr: promo.one_pr.as_ref(),
        })
        .map(|_| ExitCode::SUCCESS);
    }
    if rules == Rules::Legacy {
        outln!("LEGACY rules (before 2023-03-09): krel no longer builds the extra tags; for reading old cuts only.");
    }
    outln!(
        "{} promotes {}",
        promo.version,
        promo
            .tags
            .iter()
            .map(Tag::to_string)
            .collect::<Vec<_>>()
            .join(" and ")
    );
    for pr in &promo.pull_requests {
        outln!("\n  $ {}", pr.command);
        outln!("    PR title: {}", pr.title);
        outln!("    branch:   {}", pr.branch);
    }
    if promo.pull_requests.len() > 1 {
        outln!(
            "\nOne PR per tag ({}); the promotion job must succeed for each before `krel release --nomock`.",
            promo.source
        );
    }
    if let Some(one) = &promo.one_pr {
        let pr = &one.pull_request;
        outln!(
            "\nOr both tags in one PR, as recent cuts did ({}):",
            one.source
        );
        outln!("\n  $ {}", pr.command);
        outln!("    PR title: {}", pr.title);
        outln!("    branch:   {}", pr.branch);
    }
    Ok(ExitCode::SUCCESS)
}
