//! The library's options from the arguments, and the `Validator` they compile
//! into: the command line checks, explains and generates through the very calls
//! the JavaScript and Python bindings make. Files are read here (a policy file
//! with the deny-list files it names; the facts file) and handed over.

use std::path::Path;

use cvm_rules::glue::{Options, OptionsError, Validator};
use serde_json::Value;

use super::args::{Common, RulesChoice};
use super::error::CliError;
use super::input;

/// The compiled options of a run; `facts` is the facts file, if any.
pub fn validator(
    common: &Common,
    rules: &RulesChoice,
    facts: Option<&Path>,
) -> Result<Validator, CliError> {
    let mut options = Options::default();
    options.profile = Some(common.profile.id().to_owned());
    options.os = common.os.iter().map(|f| f.as_str().to_owned()).collect();
    options.lang = Some(common.lang.as_str().to_owned());
    options.rules = rules.rules.map(|r| r.id().to_owned());
    if let Some(path) = facts {
        options.facts = Some(Value::String(input::facts_text(path)?));
    }
    let compiled = match &rules.policy {
        Some(path) => Validator::with_rule_set(&options, input::load_policy(path)?),
        None => Validator::ignoring_call_options(&options),
    };
    compiled.map_err(|error| options_error(error, rules, facts))
}

/// The library's error, naming the file it is about.
pub fn options_error(error: OptionsError, rules: &RulesChoice, facts: Option<&Path>) -> CliError {
    match (error, facts) {
        (OptionsError::Facts(error), Some(path)) => CliError::Facts {
            path: path.to_path_buf(),
            error,
        },
        (OptionsError::Policy(error), _) => CliError::Policy {
            path: rules.policy.clone().unwrap_or_default(),
            error,
        },
        (OptionsError::Generate(error), _) => CliError::Generate(error),
        (error, _) => CliError::Options(error),
    }
}
