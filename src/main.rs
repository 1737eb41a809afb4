//! relcut: cut Kubernetes releases without the toil. This binary parses arguments, calls
//! relcut-core and prints; the rules live in the library.

mod cli;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    // Known before parsing, so that even an error found late is printed as JSON.
    let json = std::env::args_os().any(|a| a == "--json");
    // `--color` too, so that clap's own errors follow it.
    if let Some(when) = cli::style::When::scan(std::env::args_os()) {
        when.apply();
    }
    let args = match cli::Cli::try_parse() {
        Ok(a) => a,
        Err(e) => return cli::exit::usage(e, json),
    };
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => cli::exit::report(&err, json),
    }
}
