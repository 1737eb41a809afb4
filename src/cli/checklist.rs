use std::process::ExitCode;

use anyhow::Context;
use clap::Subcommand;
use relcut_core::{checklist, StepId, Tag};

/// Write a new cut issue, or tick a step in one.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Print the body of a new cut issue for TAG (the current sig-release template, specialised).
    Render {
        /// The tag being cut, like `v1.35.0-rc.0`.
        tag: String,
        /// Print only the title, `Cut vX.Y.Z[-pre.N] release`.
        #[arg(long)]
        title: bool,
    },
    /// Tick one step and put its evidence link where the placeholder was; one line changes.
    Tick {
        /// The cut issue body (Markdown) or `-`.
        file: String,
        /// The step id, like `nomock-stage` or `image-promotion`.
        #[arg(long, value_name = "ID", value_parser = clap::builder::PossibleValuesParser::new(StepId::ALL.map(StepId::as_str)))]
        step: String,
        /// The evidence: the Slack message, the promotion PR, the email thread...
        #[arg(long, value_name = "URL")]
        link: Option<String>,
        /// Write the file instead of printing the new body.
        #[arg(long)]
        in_place: bool,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Render { tag, title } => {
            let tag = match Tag::parse(&tag) {
                Ok(t) => t,
                Err(e) => return Err(super::exit::Input::new(e.to_string(), e.hint).into()),
            };
            if title {
                outln!("{}", checklist::title(&tag));
                return Ok(ExitCode::SUCCESS);
            }
            if let Err(r) = relcut_core::validate::cut_kind(&tag) {
                return Err(super::exit::Input::citing(
                    r.error.to_string(),
                    r.error.hint,
                    r.source,
                )
                .into());
            }
            match checklist::render(&tag) {
                Ok(body) => out!("{body}"),
                Err(e) => return Err(super::exit::Input::new(e.to_string(), e.hint).into()),
            }
        }
        Command::Tick {
            file,
            step,
            link,
            in_place,
        } => {
            if in_place && file == "-" {
                return Err(super::exit::Usage(
                    "--in-place needs a file, not stdin: give the file's path, or drop --in-place to print the new body".into(),
                )
                .into());
            }
            let issue = super::input::load(&file)?;
            if issue.is_json {
                anyhow::bail!("`{file}` is JSON: tick edits a Markdown body; save the issue body to a file first");
            }
            let ticked = match checklist::tick(&issue.body, &step, link.as_deref()) {
                Ok(t) => t,
                Err(e) => return Err(super::exit::Input::new(e.to_string(), String::new()).into()),
            };
            let out = format!(
                "{}{}",
                &issue.raw[..issue.body_offset],
                &ticked[issue.body_offset..]
            );
            if in_place {
                std::fs::write(&file, out).with_context(|| format!("cannot write `{file}`"))?;
            } else {
                out!("{out}");
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
