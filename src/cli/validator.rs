//! The library's options from the arguments, and the `Validator` they compile
//! into: the command line checks, explains and generates through the very calls
//! the JavaScript and Python bindings make. Files are read here (a policy file
//! with the deny-list files it names; the facts file) and handed over.

use std::path::Path;

use cvm_rules::Facts;
use cvm_rules::glue::{Options, OptionsError, Validator};

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
    options.profile = Some(common.profile);
    options.os = common.os.iter().copied().collect();
    options.lang = Some(common.lang);
    options.rules = rules.rules;
    if let Some(path) = facts {
        let text = input::facts_text(path)?;
        options.facts = Some(Facts::from_json(&text).map_err(|error| CliError::Facts {
            path: path.to_path_buf(),
            error,
        })?);
    }
    if let Some(path) = &rules.policy {
        options.policy = Some(input::load_policy(path)?);
    }
    Validator::ignoring_call_options(&options).map_err(|error| options_error(error, rules, facts))
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
