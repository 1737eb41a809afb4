use std::process::ExitCode;

use relcut_core::version::{self, Parsed};
use serde::Serialize;

/// Check release tags and build versions the way krel and kpromo will, with the fix for each.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Tags (`v1.35.0-rc.1`) or build versions (`v1.35.0-rc.0.12+abcdef0123`).
    #[arg(required = true, value_name = "VALUE")]
    values: Vec<String>,
    #[arg(long)]
    json: bool,
}

#[derive(Serialize)]
struct Outcome {
    input: String,
    valid: bool,
    kind: &'static str,
    version: Option<String>,
    release_type: Option<String>,
    branch: Option<String>,
    error: Option<String>,
    hint: Option<String>,
}

fn check(input: &str) -> Outcome {
    let kind = if version::looks_like_build_version(input) {
        "build-version"
    } else {
        "tag"
    };
    match version::parse_any(input) {
        Ok(Parsed::Tag(t)) => Outcome {
            input: input.into(),
            valid: true,
            kind,
            version: Some(t.to_string()),
            release_type: Some(t.release_type().to_string()),
            branch: Some(t.branch_name()),
            error: None,
            hint: None,
        },
        Ok(Parsed::BuildVersion(b)) => Outcome {
            input: input.into(),
            valid: true,
            kind,
            version: Some(b.to_string()),
            release_type: None,
            branch: None,
            error: None,
            hint: None,
        },
        Err(e) => Outcome {
            input: input.into(),
            valid: false,
            kind,
            version: None,
            release_type: None,
            branch: None,
            error: Some(e.problem.clone()),
            hint: Some(e.hint.clone()),
        },
    }
}

pub fn run(args: Args) -> anyhow::Result<ExitCode> {
    let outcomes: Vec<Outcome> = args.values.iter().map(|v| check(v)).collect();
    if args.json {
        super::print_json(&outcomes)?;
    } else {
        for o in &outcomes {
            match (&o.version, &o.error) {
                (Some(v), None) => {
                    let extra = match (&o.release_type, &o.branch) {
                        (Some(t), Some(b)) => format!(" (--type {t} --branch {b})"),
                        _ => String::new(),
                    };
                    println!("ok       {v}: {}{extra}", o.kind);
                }
                _ => println!(
                    "invalid  {}: {}: {}",
                    o.input,
                    o.error.as_deref().unwrap_or_default(),
                    o.hint.as_deref().unwrap_or_default()
                ),
            }
        }
    }
    Ok(if outcomes.iter().all(|o| o.valid) {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}
