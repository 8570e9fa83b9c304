//! `cvm-rules explain`: the requirements checklist of the resolved policy, each
//! requirement marked met or not when a password is read from standard input.

use std::io::{self, Write};

use cvm_rules::Password;

use super::args::{ExplainArgs, Format};
use super::error::CliError;
use super::validator::validator;
use super::{Status, input, text};

pub fn run(args: ExplainArgs) -> Result<Status, CliError> {
    let validator = validator(&args.common, &args.rules, None)?;
    let password = if args.password_stdin {
        Some(Password::new(input::stdin_password()?))
    } else {
        None
    };
    let output = validator.explain(password.as_ref(), args.user_name.as_deref(), args.length);
    match args.format {
        Format::Json => {
            let line = serde_json::to_string(&output)?;
            let mut out = io::stdout().lock();
            writeln!(out, "{line}").map_err(CliError::Output)?;
            out.flush().map_err(CliError::Output)?;
        }
        Format::Text => {
            let chosen = args.rules.policy.is_some() || args.rules.rules.is_some();
            let profile = validator.profile();
            let source = if chosen {
                text::Source::Rules(profile.rule_set().id())
            } else {
                text::Source::Profile(profile.id())
            };
            let mut out = anstream::stdout().lock();
            text::explain(
                &mut out,
                source,
                validator.policy(),
                &output,
                args.common.lang,
            )
            .map_err(CliError::Output)?;
            out.flush().map_err(CliError::Output)?;
        }
    }
    Ok(Status::from_valid(output.is_met()))
}
