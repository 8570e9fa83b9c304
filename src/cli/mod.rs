//! The command line, kept out of the library: one job per file.
//!
//! - `args.rs`: the clap arguments;
//! - `check.rs`, `explain.rs`, `generate.rs`: the subcommands;
//! - `validator.rs`: the library's options from the arguments, compiled;
//! - `input.rs`: bounded reading of standard input and of the files;
//! - `text.rs`: the output for people (the JSON objects come from the library);
//! - `error.rs`: what ends a run with exit status 2.

mod args;
mod check;
mod error;
mod explain;
mod generate;
mod input;
mod text;
mod validator;

use std::io::Write;
use std::process::ExitCode;

use anstyle::{AnsiColor, Style};
use clap::Parser;

use args::{Cli, Command};

/// The outcome of a run that could do its job.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Status {
    /// No error (warnings allowed), or every requirement met: exit status 0.
    Valid,
    /// An error, or a requirement not met: exit status 1.
    Invalid,
}

impl Status {
    fn from_valid(valid: bool) -> Status {
        if valid {
            Status::Valid
        } else {
            Status::Invalid
        }
    }
}

/// Exit status 2: usage errors (clap exits with 2 on its own) and unreadable input.
const USAGE: u8 = 2;

pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Check(args) => check::run(args),
        Command::Explain(args) => explain::run(args),
        Command::Generate(args) => generate::run(args),
    };
    match result {
        Ok(Status::Valid) => ExitCode::SUCCESS,
        Ok(Status::Invalid) => ExitCode::from(1),
        Err(error) => {
            if !error.is_quiet() {
                const ERROR: Style = AnsiColor::Red.on_default().bold();
                let mut err = anstream::stderr().lock();
                let _ = writeln!(err, "{ERROR}error:{ERROR:#} {error}");
            }
            ExitCode::from(USAGE)
        }
    }
}
