//! `cvm-rules generate`: passwords that pass the resolved policy, drawn uniformly
//! with randomness from the operating system. The only command that prints a
//! password, and only on standard output.

use std::io::{self, Write};

use getrandom::SysRng;
use rand_core::UnwrapErr;

use super::Status;
use super::args::{Format, GenerateArgs};
use super::error::CliError;
use super::validator::{options_error, validator};

pub fn run(args: GenerateArgs) -> Result<Status, CliError> {
    let validator = validator(&args.common, &args.rules, None)?;
    let output = validator
        .generate(
            &mut UnwrapErr(SysRng),
            Some(args.count),
            args.length,
            args.user_name.as_deref(),
        )
        .map_err(|error| options_error(error, &args.rules, None))?;
    let mut out = io::stdout().lock();
    match args.format {
        Format::Json => {
            writeln!(out, "{}", serde_json::to_string(&output)?).map_err(CliError::Output)?;
        }
        Format::Text => {
            for password in output.passwords() {
                writeln!(out, "{}", password.expose()).map_err(CliError::Output)?;
            }
        }
    }
    out.flush().map_err(CliError::Output)?;
    Ok(Status::Valid)
}
