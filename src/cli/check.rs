use std::process::ExitCode;

use clap::Subcommand;
use relcut_core::gate::JobState;
use relcut_github::checks;

/// The live gates: is it safe to go on?
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// kubernetes/kubernetes#56876 must be closed; open means stop the cut (exit 1).
    PublishingBot {
        /// Print the verdict as JSON.
        #[arg(long)]
        json: bool,
    },
    /// The post-k8sio-image-promo run for the merge commit of a promotion PR (exit 0 only when it
    /// succeeded). Never reruns anything: it links the prow page.
    // Named like the comment verb's `/relcut check promotion`; the old name still works.
    #[command(name = "promotion", alias = "promotion-job")]
    PromotionJob {
        /// The merged kubernetes/k8s.io promotion PR.
        #[arg(long, value_name = "N")]
        pr: u64,
        /// prow's address (default https://prow.k8s.io, or RELCUT_PROW_URL).
        #[arg(long, value_name = "URL")]
        prow_url: Option<String>,
        /// The GCS address of prow's logs (default https://storage.googleapis.com, or RELCUT_GCS_URL).
        #[arg(long, value_name = "URL")]
        gcs_url: Option<String>,
        /// Print the job's state and link as JSON.
        #[arg(long)]
        json: bool,
    },
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let mut ep = super::out::endpoints();
    match args.command {
        Command::PublishingBot { json } => {
            let bot = checks::block_on(checks::publishing_bot(&ep))??;
            if json {
                super::print_json(&bot)?;
            } else {
                outln!("{}", bot.message);
            }
            Ok(if bot.healthy {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
        Command::PromotionJob {
            pr,
            prow_url,
            gcs_url,
            json,
        } => {
            if let Some(u) = prow_url {
                ep.prow = u;
            }
            if let Some(u) = gcs_url {
                ep.gcs = u;
            }
            let job = checks::block_on(checks::promotion_job(&ep, pr))??;
            if json {
                super::print_json(&job)?;
            } else {
                outln!("{}\n{}", job.message(), job.url);
            }
            Ok(if job.state == JobState::Succeeded {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            })
        }
    }
}
