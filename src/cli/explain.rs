//! `cvm-rules explain`: the requirements checklist of the resolved policy, each
//! requirement marked met or not when a password is read from standard input.

use std::borrow::Cow;
use std::io::{self, Write};

use cvm_rules::json::ExplainOutput;
use cvm_rules::{OsSet, Password, Policy, PolicyFileError, RuleSet};

use super::args::{ExplainArgs, Format, RulesChoice};
use super::error::CliError;
use super::{input, text, Status};

pub fn run(args: ExplainArgs) -> Result<Status, CliError> {
    let common = &args.common;
    let profile = common.profile;
    let os = OsSet::of(&common.os);
    let chosen = rules_of(&args.rules)?;
    let owned_policy;
    let (rule_set, policy): (&RuleSet, &Policy) = match &chosen {
        // The profile's own rules: its precomputed policy.
        None => (profile.rule_set(), profile.policy(os)),
        Some(rule_set) => {
            owned_policy = rule_set
                .policy(os)
                .map_err(|error| policy_error(&args.rules, error))?;
            (rule_set, &owned_policy)
        }
    };
    let password = if args.password_stdin {
        Some(Password::new(input::stdin_password()?))
    } else {
        None
    };
    let checklist = policy.checklist(password.as_ref(), args.user_name.as_deref());
    let output = ExplainOutput::new(
        profile,
        rule_set,
        policy,
        checklist,
        args.length,
        common.lang,
    );
    match args.format {
        Format::Json => {
            let line = serde_json::to_string(&output)?;
            let mut out = io::stdout().lock();
            writeln!(out, "{line}").map_err(CliError::Output)?;
            out.flush().map_err(CliError::Output)?;
        }
        Format::Text => {
            let source = match chosen {
                Some(_) => text::Source::Rules(rule_set.id()),
                None => text::Source::Profile(profile.id()),
            };
            let mut out = anstream::stdout().lock();
            text::explain(&mut out, source, policy, &output, common.lang)
                .map_err(CliError::Output)?;
            out.flush().map_err(CliError::Output)?;
        }
    }
    Ok(Status::from_valid(output.is_met()))
}

/// The rule set `--policy` or `--rules` chooses; `None` for the profile's own.
pub fn rules_of(choice: &RulesChoice) -> Result<Option<Cow<'static, RuleSet>>, CliError> {
    Ok(match (&choice.policy, choice.rules) {
        (Some(path), _) => Some(Cow::Owned(input::load_policy(path)?)),
        (None, Some(rule_set)) => Some(Cow::Borrowed(rule_set)),
        (None, None) => None,
    })
}

/// A rule set's policy that cannot be built: only a policy file's can fail
/// (every built-in rule set's policies are valid), and its OS sets were checked
/// when it was read.
pub fn policy_error(choice: &RulesChoice, error: cvm_rules::PolicyError) -> CliError {
    CliError::Policy {
        path: choice.policy.clone().unwrap_or_default(),
        error: PolicyFileError::Policy {
            family: None,
            error,
        },
    }
}
