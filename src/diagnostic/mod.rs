//! Diagnostics as data: rule ids, fields, typed params and
//! severities. Nothing here knows a policy, a profile or a message: codes are
//! given by whoever builds a diagnostic, and words are rendered by `message`.

mod custom;
mod field;
pub(crate) mod parameter_list;
mod params;
mod rule_id;
pub(crate) mod rule_list;
mod subject;

pub use custom::{CustomFailure, CustomParams, CustomRule, CustomRuleRef, ParamValue};
pub use field::{Field, ItemName};
pub(crate) use parameter_list::with_parameters;
pub use params::{BadChar, IdReason, IndexReason, JsonType, Params, Positions};
pub use rule_id::RuleId;
pub(crate) use rule_id::{CodeOf, other_rule_ids, password_rule_ids};
pub(crate) use rule_list::with_password_rules;
pub(crate) use subject::InstanceIds;
pub use subject::Subject;

/// Whether the server would reject the request.
///
/// ```
/// use cvm_rules::{Password, Profile, OsSet, Severity};
/// let report = Profile::API3.check_password(&Password::new("short"), OsSet::UNKNOWN, None);
/// assert!(report.diagnostics().iter().all(|d| d.severity() == Severity::Error));
/// assert_eq!(Severity::Warning.as_str(), "warning");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// The server would reject the request.
    Error,
    /// Worth a look; the server would accept the request.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl core::fmt::Display for Severity {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One problem of a request: what, where, by which rule, with which facts.
///
/// It never holds password text; its message is rendered on demand by
/// [`Diagnostic::message`].
///
/// ```
/// use cvm_rules::{Diagnostic, Field, Locale, Params, RuleId, Severity};
/// let d = Diagnostic::new(
///     RuleId::ParamMissing,
///     Severity::Error,
///     Some("MissingParameter"),
///     Field::Password,
///     Params::None,
/// );
/// assert_eq!(d.field().to_string(), "Password");
/// assert_eq!(d.message(Locale::En), "Password is required.");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    severity: Severity,
    code: Option<&'static str>,
    field: Field,
    rule: RuleId,
    params: Params,
}

impl Diagnostic {
    /// A diagnostic of `rule` on `field`. `code` is the Tencent error code the
    /// server would answer (a profile gives it; `None` for warnings).
    pub fn new(
        rule: RuleId,
        severity: Severity,
        code: Option<&'static str>,
        field: Field,
        params: Params,
    ) -> Self {
        Diagnostic {
            severity,
            code,
            field,
            rule,
            params,
        }
    }

    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The Tencent error code the server would answer; `None` for warnings.
    pub fn code(&self) -> Option<&'static str> {
        self.code
    }

    /// The parameter.
    pub fn field(&self) -> &Field {
        &self.field
    }

    /// The rule.
    pub fn rule(&self) -> RuleId {
        self.rule
    }

    /// The typed facts.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// Whether it is an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The key of the order of diagnostics: parameter, item index, rule.
    fn order(&self) -> ((u8, usize), u8) {
        (self.field.order(), self.rule.rank())
    }
}

/// How many diagnostics a password report's list holds without
/// allocating: a password's report has at most one per built-in password rule.
pub const INLINE_DIAGNOSTICS: usize = RuleId::PASSWORD.len();

/// Sorts diagnostics in the order of diagnostics (stable: ties, such as two custom
/// rules, keep the order found). Most lists come in order: they are only checked.
#[inline]
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    if !diagnostics.is_sorted_by_key(Diagnostic::order) {
        diagnostics.sort_by_key(Diagnostic::order);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    #[test]
    fn a_severity_shows_as_its_name() {
        assert_eq!(Severity::Error.to_string(), "error");
        assert_eq!(Severity::Warning.to_string(), "warning");
    }
}
