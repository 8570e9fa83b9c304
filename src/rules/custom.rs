//! Custom rules inside a policy: checking one against what it may see (its
//! [`Subject`](crate::Subject)), and turning its failure into params that cannot
//! echo the password.

use super::Subject;
use crate::diagnostic::{CustomFailure, CustomParams, CustomRuleRef, Params};

/// The rule's verdict on `subject`, as the rule sees it.
fn check(rule: &CustomRuleRef, subject: &Subject<'_>) -> Result<(), CustomParams> {
    let seen = crate::diagnostic::Subject::of(
        subject.password,
        subject.user_name,
        subject.families,
        subject.request,
    );
    rule.rule().check(&seen)
}

/// Whether the custom rule passes.
pub(crate) fn passes(rule: &CustomRuleRef, subject: &Subject<'_>) -> bool {
    check(rule, subject).is_ok()
}

/// The params of a failure: the rule's own, with any text that holds the password
/// replaced by `<redacted>`.
pub(crate) fn failure(rule: &CustomRuleRef, subject: &Subject<'_>) -> Params {
    let mut params = check(rule, subject).err().unwrap_or_default();
    params.redact(subject.password);
    Params::Custom(CustomFailure::new(rule.clone(), params))
}
