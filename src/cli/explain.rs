//! `cvm-rules explain`: the requirements checklist of the resolved policy, each
//! requirement marked met or not when a password is read from standard input.

use std::borrow::Cow;
use std::io::{self, Write};

use cvm_rules::{OsSet, Password, Policy, PolicyFileError, RuleSet};

use super::args::{ExplainArgs, Format, RulesChoice};
use super::error::CliError;
use super::{input, json, text, Status};

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
    let shown = Shown {
        profile,
        rule_set: chosen.is_some().then_some(rule_set),
        policy,
    };
    let given = password.is_some();
    match args.format {
        Format::Json => {
            let line = json::explain(&shown, &checklist, given, common.lang)?;
            let mut out = io::stdout().lock();
            writeln!(out, "{line}").map_err(CliError::Output)?;
            out.flush().map_err(CliError::Output)?;
        }
        Format::Text => {
            let mut out = anstream::stdout().lock();
            text::explain(&mut out, &shown, &checklist, given, common.lang)
                .map_err(CliError::Output)?;
            out.flush().map_err(CliError::Output)?;
        }
    }
    Ok(Status::from_valid(!given || checklist.all_met()))
}

/// What `explain` shows: the profile, the rule set when it is not the
/// profile's own, and the resolved policy.
pub struct Shown<'a> {
    pub profile: &'a cvm_rules::Profile,
    pub rule_set: Option<&'a RuleSet>,
    pub policy: &'a Policy,
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
