use std::io::{BufRead, IsTerminal, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use chrono::NaiveDate;
use clap::Subcommand;
use relcut_core::schedule::{self, EolFile, ExtraUpcoming, PatchSchedule};

/// The website's release schedule (`data/releases/schedule.yaml`, `eol.yaml`), as schedule-builder keeps it.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Roll the schedule forward after a patch release, in place (schedule-builder -u).
    Update {
        /// The website's `data/releases/schedule.yaml`, updated in place.
        #[arg(long, value_name = "FILE")]
        schedule: String,
        /// eol.yaml: minors past end of life move there.
        #[arg(long, value_name = "FILE")]
        eol: Option<String>,
        /// The day to update as of (default: now, UTC).
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = super::args::date)]
        today: Option<String>,
        /// Answer yes to schedule-builder's question: 4 upcoming releases instead of 3 while the
        /// oldest minor is in its maintenance window (no effect outside it or when a date is
        /// TBD; without the flag relcut asks only on a terminal).
        #[arg(long)]
        extra_upcoming: bool,
        /// Print what changed as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Print the patch-schedule Markdown (schedule-builder's default mode).
    Render {
        /// The website's `data/releases/schedule.yaml`.
        #[arg(long, value_name = "FILE")]
        schedule: String,
        /// Write the Markdown to this file instead of stdout.
        #[arg(long, value_name = "FILE")]
        output: Option<String>,
    },
}

/// Writes through a temporary file in the same folder, so a failure leaves the old file whole.
fn write_atomic(path: &str, text: &str) -> anyhow::Result<()> {
    let p = Path::new(path);
    let tmp = p.with_file_name(format!(
        ".{}.relcut-tmp",
        p.file_name().and_then(|n| n.to_str()).unwrap_or("schedule")
    ));
    std::fs::write(&tmp, text).with_context(|| format!("cannot write `{}`", tmp.display()))?;
    std::fs::rename(&tmp, p).with_context(|| format!("cannot replace `{path}`"))
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    match args.command {
        Command::Update {
            schedule: path,
            eol,
            today,
            extra_upcoming,
            json,
        } => {
            let now = match &today {
                Some(d) => NaiveDate::parse_from_str(d, "%Y-%m-%d")
                    .with_context(|| format!("--today `{d}` is not a YYYY-MM-DD date"))?
                    .and_hms_opt(0, 0, 0)
                    .unwrap_or_default(),
                None => chrono::Utc::now().naive_utc(),
            };
            let text = super::input::read_text(&path)?;
            let mut sched = match PatchSchedule::parse(&text) {
                Ok(s) => s,
                Err(e) => {
                    return Err(
                        super::exit::Input::new(format!("{path}: {e}"), String::new()).into(),
                    )
                }
            };
            let mut eol_file = match &eol {
                Some(p) => match EolFile::parse(&super::input::read_text(p)?) {
                    Ok(e) => Some(e),
                    Err(e) => {
                        return Err(
                            super::exit::Input::new(format!("{p}: {e}"), String::new()).into()
                        )
                    }
                },
                None => None,
            };
            let mut ask = |q: &str| -> Result<bool, String> {
                eprint!("{q}");
                let _ = std::io::stderr().flush();
                let mut line = String::new();
                std::io::stdin()
                    .lock()
                    .read_line(&mut line)
                    .map_err(|e| e.to_string())?;
                Ok(matches!(
                    line.trim().to_ascii_lowercase().as_str(),
                    "y" | "yes"
                ))
            };
            let extra = if extra_upcoming {
                ExtraUpcoming::Yes
            } else if std::io::stdin().is_terminal() && std::env::var_os("CI").is_none() {
                ExtraUpcoming::Ask(&mut ask)
            } else {
                ExtraUpcoming::No
            };
            let report = match schedule::update(&mut sched, eol_file.as_mut(), now, extra) {
                Ok(r) => r,
                Err(e) => return Err(super::exit::Input::new(e.to_string(), String::new()).into()),
            };
            // Both files are rendered before either is written.
            let sched_out = sched.to_yaml();
            let eol_out = eol_file.as_ref().map(EolFile::to_yaml);
            write_atomic(&path, &sched_out)?;
            if let (Some(p), Some(out)) = (&eol, eol_out) {
                write_atomic(p, &out)?;
            }
            if json {
                super::print_json(&report)?;
            } else {
                for a in &report.added {
                    outln!("added {a}");
                }
                for r in &report.retired {
                    outln!("moved to end of life: {r}");
                }
                for s in report.skipped.iter().chain(&report.notes) {
                    eprintln!("note: {s}");
                }
                outln!(
                    "wrote {path}{}, as schedule-builder -u does\n  per {}",
                    eol.as_ref()
                        .map(|e| format!(" and {e}"))
                        .unwrap_or_default(),
                    report.source
                );
            }
        }
        Command::Render {
            schedule: path,
            output,
        } => {
            let sched = match PatchSchedule::parse(&super::input::read_text(&path)?) {
                Ok(s) => s,
                Err(e) => {
                    return Err(
                        super::exit::Input::new(format!("{path}: {e}"), String::new()).into(),
                    )
                }
            };
            let md = match schedule::render_markdown(&sched) {
                Ok(m) => m,
                Err(e) => return Err(super::exit::Input::new(e.to_string(), String::new()).into()),
            };
            match output {
                Some(o) => write_atomic(&o, &md)?,
                None => out!("{md}"),
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
