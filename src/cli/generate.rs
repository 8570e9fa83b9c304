//! `cvm-rules generate`: passwords that pass the resolved policy, drawn uniformly
//! with randomness from the operating system. The only command that prints a
//! password, and only on standard output.

use std::io::{self, Write};

use cvm_rules::json::GenerateOutput;
use cvm_rules::{OsSet, Policy, RuleSet};
use rand_core::{OsRng, TryRngCore};

use super::args::{Format, GenerateArgs};
use super::error::CliError;
use super::explain::{policy_error, rules_of};
use super::Status;

pub fn run(args: GenerateArgs) -> Result<Status, CliError> {
    let common = &args.common;
    let profile = common.profile;
    let os = OsSet::of(&common.os);
    let chosen = rules_of(&args.rules)?;
    let owned_policy;
    let policy: &Policy = match &chosen {
        None => profile.policy(os),
        Some(rule_set) => {
            owned_policy =
                RuleSet::policy(rule_set, os).map_err(|error| policy_error(&args.rules, error))?;
            &owned_policy
        }
    };
    let generator = policy
        .generator(args.length, args.user_name.as_deref())
        .map_err(CliError::Generate)?;
    let mut rng = OsRng.unwrap_err();
    let passwords = (0..args.count)
        .map(|_| generator.generate(&mut rng))
        .collect::<Result<Vec<_>, _>>()
        .map_err(CliError::Generate)?;
    let mut out = io::stdout().lock();
    match args.format {
        Format::Json => {
            let output = GenerateOutput::new(passwords, policy);
            writeln!(out, "{}", serde_json::to_string(&output)?).map_err(CliError::Output)?;
        }
        Format::Text => {
            for password in &passwords {
                writeln!(out, "{}", password.expose()).map_err(CliError::Output)?;
            }
        }
    }
    out.flush().map_err(CliError::Output)?;
    Ok(Status::Valid)
}
