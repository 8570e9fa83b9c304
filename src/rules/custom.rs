//! Custom rules inside a policy: checking one, and turning its failure into params
//! that cannot echo the password.

use crate::diagnostic::{CustomFailure, CustomRuleRef, Params};
use crate::secret::Password;

/// Whether the custom rule passes.
pub(crate) fn passes(rule: &CustomRuleRef, password: &str, user_name: Option<&str>) -> bool {
    rule.rule()
        .check(&Password::new(password), user_name)
        .is_ok()
}

/// The params of a failure: the rule's own, with any text that holds the password
/// replaced by `<redacted>`.
pub(crate) fn failure(rule: &CustomRuleRef, password: &str, user_name: Option<&str>) -> Params {
    let mut params = rule
        .rule()
        .check(&Password::new(password), user_name)
        .err()
        .unwrap_or_default();
    params.redact(password);
    Params::Custom(CustomFailure::new(rule.clone(), params))
}
