//! `cvm-rules explain`: the requirements checklist of the resolved policy, each
//! requirement marked met or not when a password is read from standard input.

use std::io::{self, Write};

use cvm_rules::{OsSet, Password};

use super::args::{ExplainArgs, Format};
use super::error::CliError;
use super::{input, json, text, Status};

pub fn run(args: ExplainArgs) -> Result<Status, CliError> {
    let common = &args.common;
    let profile = common.profile;
    let policy = profile.policy(OsSet::of(&common.os));
    let password = if args.password_stdin {
        Some(Password::new(input::stdin_password()?))
    } else {
        None
    };
    let checklist = policy.checklist(password.as_ref(), args.user_name.as_deref());
    let given = password.is_some();
    match args.format {
        Format::Json => {
            let line = json::explain(profile, policy, &checklist, given, common.lang)?;
            let mut out = io::stdout().lock();
            writeln!(out, "{line}").map_err(CliError::Output)?;
            out.flush().map_err(CliError::Output)?;
        }
        Format::Text => {
            let mut out = anstream::stdout().lock();
            text::explain(&mut out, profile, policy, &checklist, given, common.lang)
                .map_err(CliError::Output)?;
            out.flush().map_err(CliError::Output)?;
        }
    }
    Ok(Status::from_valid(!given || checklist.all_met()))
}
