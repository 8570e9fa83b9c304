//! Rules of the caller's own: the interface a custom rule
//! implements, its typed params, and a failure as a diagnostic holds it.
//!
//! This is data-layer code: a diagnostic of a custom rule keeps a handle to the
//! rule so that its message can be rendered later, in any locale.

use alloc::borrow::Cow;
use alloc::string::String;
use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use super::{Severity, Subject};
use crate::locale::Locale;

/// A password rule written by the caller: it joins a [`Policy`](crate::Policy)
/// like a built-in rule, and its failures land in the same
/// [`Report`](crate::Report), [`Checklist`](crate::Checklist) and JSON.
///
/// Only [`id`](CustomRule::id), [`check`](CustomRule::check) and
/// [`message`](CustomRule::message) are required. [`check`](CustomRule::check)
/// gets a [`Subject`]: the password, the request's `UserName`, the request's
/// instance ids when the password came in a request (none when it is checked
/// alone), and the OS families whose rules apply. A rule that reads the password
/// only reads [`Subject::password`]. A custom rule sees the password by
/// reference only; it must not put the password, or any part of it, in its
/// params or messages (the crate also replaces a text param that holds the
/// password by `<redacted>`).
///
/// ```
/// use cvm_rules::{Context, CustomParams, CustomRule, Locale, OsFamily, OsSet, Password};
/// use cvm_rules::{PasswordRule, Policy, Profile, Request, RuleSet, Subject};
///
/// /// The password must not contain an instance id of its request (in any case).
/// struct NoInstanceId;
///
/// impl CustomRule for NoInstanceId {
///     fn id(&self) -> &'static str {
///         "org.no_instance_id"
///     }
///     fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
///         let password = subject.password().expose().to_ascii_lowercase();
///         if subject.instance_ids().any(|id| password.contains(&id.to_ascii_lowercase())) {
///             // No param names the id: it is part of the password now.
///             return Err(CustomParams::new());
///         }
///         Ok(())
///     }
///     fn message(&self, _: &CustomParams, locale: Locale) -> Option<String> {
///         Some(match locale {
///             Locale::ZhCn => "密码不能包含请求中的实例 ID。".into(),
///             _ => "Password must not contain an instance id of the request.".into(),
///         })
///     }
///     fn requirement(&self, locale: Locale) -> Option<String> {
///         Some(match locale {
///             Locale::ZhCn => "不包含实例 ID".into(),
///             _ => "Does not contain an instance id".into(),
///         })
///     }
/// }
///
/// let rules = RuleSet::API3.clone().with_rule(OsSet::ALL, PasswordRule::custom(NoInstanceId));
/// let profile = Profile::API3.clone().with_id("acme").with_rule_set(rules).unwrap();
///
/// // In a request, the rule sees its instance ids.
/// let request = Request::new(&profile)
///     .with_instance_id("ins-r8hr2upy")
///     .with_password("Ins-R8hr2upy#2024");
/// let report = request.validate(&Context::new().with_os(OsSet::only(OsFamily::Linux)));
/// let d = report.first_error().unwrap();
/// assert_eq!(d.rule().as_str(), "org.no_instance_id");
/// assert_eq!(d.code(), Some("InvalidParameterValue.InvalidPassword"));
/// assert_eq!(d.message(Locale::En), "Password must not contain an instance id of the request.");
///
/// // Alone, there is no instance id to see: the rule passes.
/// let alone = profile.check_password(&Password::new("Ins-R8hr2upy#2024"), OsSet::only(OsFamily::Linux), None);
/// assert!(alone.is_valid());
/// let checklist = profile.policy(OsSet::UNKNOWN).checklist(None, None);
/// assert_eq!(checklist.requirements().last().unwrap().message(Locale::En), "Does not contain an instance id");
///
/// // A rule that reads the password only is as short as before.
/// struct NoSpace;
/// impl CustomRule for NoSpace {
///     fn id(&self) -> &'static str {
///         "org.no_space"
///     }
///     fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
///         if subject.password().expose().contains(' ') {
///             return Err(CustomParams::new());
///         }
///         Ok(())
///     }
///     fn message(&self, _: &CustomParams, _: Locale) -> Option<String> {
///         Some("Password must not contain a space.".into())
///     }
/// }
/// let policy = Policy::new(&[PasswordRule::custom(NoSpace)]).unwrap();
/// assert!(!policy.accepts("a b", None));
/// ```
pub trait CustomRule: Send + Sync + 'static {
    /// The rule's stable id, in the caller's namespace: it holds a `.` and does not
    /// start with a built-in prefix such as `password.` (see
    /// [`RuleId::check_custom_id`](crate::RuleId::check_custom_id)).
    fn id(&self) -> &'static str;

    /// Checks the password of `subject`: `Err` with the params of the failure.
    /// The subject also gives the request's `UserName`, its instance ids when
    /// the password came in a request, and the OS families (see [`Subject`]).
    fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams>;

    /// The message of a failure in `locale`. `None` falls back to English, and
    /// without English to a sentence that names the rule.
    fn message(&self, failure: &CustomParams, locale: Locale) -> Option<String>;

    /// The checklist line in `locale`; `None` falls back as [`message`](CustomRule::message) does.
    fn requirement(&self, locale: Locale) -> Option<String> {
        let _ = locale;
        None
    }

    /// The rule's own params, shown in the policy's JSON (`{"rule": id, ...}`) and
    /// the checklist. Two custom rules with the same id and params are the same
    /// rule (a policy keeps one).
    fn params(&self) -> CustomParams {
        CustomParams::new()
    }

    /// Error (the default: the request would be refused) or warning.
    fn severity(&self) -> Severity {
        Severity::Error
    }

    /// The error code of a failure; `None` (the default) gives the profile's
    /// password code.
    fn code(&self) -> Option<&'static str> {
        None
    }
}

/// One typed value of a custom rule's params.
///
/// ```
/// use cvm_rules::CustomParams;
/// use cvm_rules::parts::ParamValue;
/// let params = CustomParams::new().with("season", "summer").with("count", 2u64).with("strict", true);
/// assert_eq!(params.get("season"), Some(&ParamValue::Text("summer".into())));
/// assert_eq!(params.get("count"), Some(&ParamValue::UInt(2)));
/// assert_eq!(params.get("strict"), Some(&ParamValue::Bool(true)));
/// assert_eq!(params.get_uint("season"), None); // not a number
/// ```
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ParamValue {
    /// A count, length or position.
    UInt(u64),
    /// A signed number.
    Int(i64),
    /// A flag.
    Bool(bool),
    /// Text (never the password).
    Text(Cow<'static, str>),
}

#[cfg(feature = "serde")]
impl serde::Serialize for ParamValue {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            ParamValue::UInt(n) => s.serialize_u64(*n),
            ParamValue::Int(n) => s.serialize_i64(*n),
            ParamValue::Bool(b) => s.serialize_bool(*b),
            ParamValue::Text(t) => s.serialize_str(t),
        }
    }
}

impl From<u64> for ParamValue {
    fn from(value: u64) -> Self {
        ParamValue::UInt(value)
    }
}

impl From<u32> for ParamValue {
    fn from(value: u32) -> Self {
        ParamValue::UInt(value.into())
    }
}

impl From<usize> for ParamValue {
    fn from(value: usize) -> Self {
        ParamValue::UInt(value as u64)
    }
}

impl From<i64> for ParamValue {
    fn from(value: i64) -> Self {
        ParamValue::Int(value)
    }
}

impl From<bool> for ParamValue {
    fn from(value: bool) -> Self {
        ParamValue::Bool(value)
    }
}

impl From<&'static str> for ParamValue {
    fn from(value: &'static str) -> Self {
        ParamValue::Text(Cow::Borrowed(value))
    }
}

impl From<String> for ParamValue {
    fn from(value: String) -> Self {
        ParamValue::Text(Cow::Owned(value))
    }
}

/// The params of a custom rule or of its failure: named, typed values, in the
/// order given.
///
/// ```
/// use cvm_rules::parts::ParamValue;
/// use cvm_rules::CustomParams;
/// let params = CustomParams::new().with("max", 3u64).with("list", "seasons");
/// assert_eq!(params.get("max"), Some(&ParamValue::UInt(3)));
/// assert_eq!(params.get_text("list"), Some("seasons"));
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CustomParams {
    values: Vec<(&'static str, ParamValue)>,
}

impl CustomParams {
    /// No params.
    pub fn new() -> CustomParams {
        CustomParams::default()
    }

    /// These params with `name` set to `value` (replacing an earlier value).
    pub fn with(mut self, name: &'static str, value: impl Into<ParamValue>) -> CustomParams {
        let value = value.into();
        match self.values.iter_mut().find(|(n, _)| *n == name) {
            Some(slot) => slot.1 = value,
            None => self.values.push((name, value)),
        }
        self
    }

    /// The value of `name`.
    pub fn get(&self, name: &str) -> Option<&ParamValue> {
        self.values.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// The value of `name`, when it is text.
    pub fn get_text(&self, name: &str) -> Option<&str> {
        match self.get(name)? {
            ParamValue::Text(text) => Some(text),
            _ => None,
        }
    }

    /// The value of `name`, when it is an unsigned number.
    pub fn get_uint(&self, name: &str) -> Option<u64> {
        match self.get(name)? {
            ParamValue::UInt(n) => Some(*n),
            _ => None,
        }
    }

    /// Every `(name, value)`, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, &ParamValue)> {
        self.values.iter().map(|(n, v)| (*n, v))
    }

    /// Whether there is no value.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Writes the params as entries of an open JSON map (a rule's or a
    /// failure's params sit beside other keys).
    #[cfg(feature = "serde")]
    pub(crate) fn write_entries<M: serde::ser::SerializeMap>(
        &self,
        m: &mut M,
    ) -> Result<(), M::Error> {
        for (name, value) in self.iter() {
            m.serialize_entry(name, value)?;
        }
        Ok(())
    }

    /// Replaces by `<redacted>` every text value that holds `secret`, and every
    /// one of 4 bytes or more that `secret` holds (both ignoring ASCII case): a
    /// custom rule must not echo the password, nor the part of it it found (the
    /// instance id or the word it contains), and this makes sure. Shorter values
    /// ("abc", a digit) say too little of a password to hide.
    pub(crate) fn redact(&mut self, secret: &str) {
        if secret.is_empty() {
            return;
        }
        let contains = |haystack: &[u8], needle: &[u8]| {
            haystack
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle))
        };
        for (_, value) in &mut self.values {
            if let ParamValue::Text(text) = value {
                let text = text.as_bytes();
                let fragment = text.len() >= 4 && contains(secret.as_bytes(), text);
                if fragment || contains(text, secret.as_bytes()) {
                    *value = ParamValue::Text(Cow::Borrowed("<redacted>"));
                }
            }
        }
    }
}

/// A custom rule, shared: what [`PasswordRule::Custom`](crate::PasswordRule::Custom)
/// holds. Two handles are equal when their rules have the same id and params.
///
/// ```
/// use cvm_rules::parts::CustomRuleRef;
/// use cvm_rules::{CustomParams, CustomRule, Locale, PasswordRule, Subject};
///
/// struct NoCompanyName;
///
/// impl CustomRule for NoCompanyName {
///     fn id(&self) -> &'static str {
///         "acme.no_company_name"
///     }
///     fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
///         if subject.password().expose().to_ascii_lowercase().contains("acme") {
///             return Err(CustomParams::new());
///         }
///         Ok(())
///     }
///     fn message(&self, _: &CustomParams, locale: Locale) -> Option<String> {
///         (locale == Locale::En).then(|| "Password must not contain the company's name.".into())
///     }
/// }
///
/// let rule = CustomRuleRef::new(NoCompanyName);
/// assert_eq!(rule.id(), "acme.no_company_name");
/// assert!(rule.rule().check(&Subject::new("AcmeRocks!2024")).is_err());
/// // No Chinese message: English is the fallback.
/// assert_eq!(rule.message(&CustomParams::new(), Locale::ZhCn), "Password must not contain the company's name.");
/// // Same id and params: the same rule.
/// assert_eq!(PasswordRule::Custom(rule), PasswordRule::custom(NoCompanyName));
/// ```
#[derive(Clone)]
pub struct CustomRuleRef(Arc<dyn CustomRule>);

impl CustomRuleRef {
    /// Shares `rule`.
    pub fn new(rule: impl CustomRule) -> CustomRuleRef {
        CustomRuleRef(Arc::new(rule))
    }

    /// The rule.
    pub fn rule(&self) -> &dyn CustomRule {
        &*self.0
    }

    /// The rule's id.
    pub fn id(&self) -> &'static str {
        self.0.id()
    }

    /// The message of `failure` in `locale`, with the fallbacks of
    /// [`CustomRule::message`]: English, then a sentence naming the rule.
    pub fn message(&self, failure: &CustomParams, locale: Locale) -> String {
        self.0
            .message(failure, locale)
            .or_else(|| self.0.message(failure, Locale::En))
            .unwrap_or_else(|| match locale {
                Locale::ZhCn => alloc::format!("密码不满足规则 {}。", self.id()),
                Locale::En => alloc::format!("Password does not meet the rule {}.", self.id()),
            })
    }

    /// The checklist line in `locale`, with the same fallbacks.
    pub fn requirement(&self, locale: Locale) -> String {
        self.0
            .requirement(locale)
            .or_else(|| self.0.requirement(Locale::En))
            .unwrap_or_else(|| match locale {
                Locale::ZhCn => alloc::format!("满足规则 {}", self.id()),
                Locale::En => alloc::format!("Meets the rule {}", self.id()),
            })
    }
}

impl PartialEq for CustomRuleRef {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
            || (self.0.id() == other.0.id() && self.0.params() == other.0.params())
    }
}

impl Eq for CustomRuleRef {}

impl fmt::Debug for CustomRuleRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomRule")
            .field("id", &self.0.id())
            .field("params", &self.0.params())
            .finish()
    }
}

/// The failure of a custom rule: the rule (to render its message in any locale)
/// and the params it reported ([`Params::Custom`](crate::Params::Custom)).
///
/// ```
/// use cvm_rules::{CustomParams, CustomRule, Locale, Params, Password, PasswordRule, Subject};
///
/// /// At most `0` digits.
/// struct MaxDigits(u64);
///
/// impl CustomRule for MaxDigits {
///     fn id(&self) -> &'static str {
///         "acme.max_digits"
///     }
///     fn check(&self, subject: &Subject<'_>) -> Result<(), CustomParams> {
///         let password = subject.password().expose();
///         let digits = password.bytes().filter(u8::is_ascii_digit).count() as u64;
///         if digits > self.0 {
///             return Err(CustomParams::new().with("digits", digits));
///         }
///         Ok(())
///     }
///     fn message(&self, failure: &CustomParams, _: Locale) -> Option<String> {
///         let digits = failure.get_uint("digits")?;
///         Some(format!("Password has {digits} digits; at most {} are allowed.", self.0))
///     }
/// }
///
/// let rule = PasswordRule::custom(MaxDigits(4));
/// let Err(Params::Custom(failure)) = rule.check(&Password::new("Pa55w0rd-123"), None) else {
///     panic!()
/// };
/// assert_eq!(failure.rule().id(), "acme.max_digits");
/// assert_eq!(failure.params().get_uint("digits"), Some(6));
/// assert_eq!(failure.message(Locale::En), "Password has 6 digits; at most 4 are allowed.");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CustomFailure {
    rule: CustomRuleRef,
    params: CustomParams,
}

impl CustomFailure {
    /// A failure of `rule` with `params`.
    pub fn new(rule: CustomRuleRef, params: CustomParams) -> CustomFailure {
        CustomFailure { rule, params }
    }

    /// The rule that failed.
    pub fn rule(&self) -> &CustomRuleRef {
        &self.rule
    }

    /// The params it reported.
    pub fn params(&self) -> &CustomParams {
        &self.params
    }

    /// The message in `locale` (see [`CustomRuleRef::message`]).
    pub fn message(&self, locale: Locale) -> String {
        self.rule.message(&self.params, locale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A rule with messages in English only, a requirement in Chinese only,
    /// and params.
    struct Partial(&'static str, u64);

    impl CustomRule for Partial {
        fn id(&self) -> &'static str {
            self.0
        }
        fn check(&self, _: &Subject<'_>) -> Result<(), CustomParams> {
            Ok(())
        }
        fn message(&self, _: &CustomParams, locale: Locale) -> Option<String> {
            (locale == Locale::En).then(|| "english message".into())
        }
        fn requirement(&self, locale: Locale) -> Option<String> {
            (locale == Locale::ZhCn).then(|| "中文要求".into())
        }
        fn params(&self) -> CustomParams {
            CustomParams::new().with("n", self.1)
        }
    }

    /// A rule that says nothing of its own.
    struct Silent;

    impl CustomRule for Silent {
        fn id(&self) -> &'static str {
            "acme.silent"
        }
        fn check(&self, _: &Subject<'_>) -> Result<(), CustomParams> {
            Err(CustomParams::new())
        }
        fn message(&self, _: &CustomParams, _: Locale) -> Option<String> {
            None
        }
    }

    #[test]
    fn values_convert_to_their_variant() {
        assert_eq!(ParamValue::from(7u64), ParamValue::UInt(7));
        assert_eq!(ParamValue::from(7u32), ParamValue::UInt(7));
        assert_eq!(ParamValue::from(7usize), ParamValue::UInt(7));
        assert_eq!(ParamValue::from(-7i64), ParamValue::Int(-7));
        assert_eq!(ParamValue::from(true), ParamValue::Bool(true));
        assert_eq!(ParamValue::from("x"), ParamValue::Text(Cow::Borrowed("x")));
        assert_eq!(
            ParamValue::from(String::from("y")),
            ParamValue::Text("y".into())
        );
    }

    #[test]
    fn params_keep_their_order_replace_by_name_and_read_by_type() {
        let params = CustomParams::new()
            .with("a", 1u64)
            .with("b", "text")
            .with("c", -2i64)
            .with("a", 3u64);
        let names: Vec<&str> = params.iter().map(|(n, _)| n).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(params.get("a"), Some(&ParamValue::UInt(3)));
        assert_eq!(params.get_uint("a"), Some(3));
        assert_eq!(params.get_uint("b"), None);
        assert_eq!(params.get_uint("c"), None);
        assert_eq!(params.get_text("b"), Some("text"));
        assert_eq!(params.get_text("a"), None);
        assert_eq!(params.get_text("zz"), None);
        assert_eq!(params.get_uint("zz"), None);
        assert!(!params.is_empty());
        assert!(CustomParams::new().is_empty());
    }

    #[test]
    fn redacting_replaces_the_texts_that_hold_the_secret_or_a_part_of_it_in_any_case() {
        let mut params = CustomParams::new()
            .with("held", "xxSeCrEt-99yy")
            .with("clean", "nothing here")
            .with("short", "Se")
            .with("number", 5u64);
        params.redact("secret-99");
        assert_eq!(params.get_text("held"), Some("<redacted>"));
        assert_eq!(params.get_text("clean"), Some("nothing here"));
        assert_eq!(params.get_text("short"), Some("Se"));
        assert_eq!(params.get_uint("number"), Some(5));
        // An empty secret redacts nothing.
        let mut kept = CustomParams::new().with("t", "abc");
        kept.redact("");
        assert_eq!(kept.get_text("t"), Some("abc"));
        // The whole text may be the secret.
        let mut whole = CustomParams::new().with("t", "abc");
        whole.redact("ABC");
        assert_eq!(whole.get_text("t"), Some("<redacted>"));
        // A part of the secret of 4 bytes or more is hidden too (the instance id
        // a rule found in the password); a shorter one is not.
        let mut parts = CustomParams::new()
            .with("id", "ins-r8hr2upy")
            .with("four", "R2UP")
            .with("three", "ins")
            .with("elsewhere", "ins-5d8a23rs");
        parts.redact("My-INS-R8HR2UPY-2024");
        assert_eq!(parts.get_text("id"), Some("<redacted>"));
        assert_eq!(parts.get_text("four"), Some("<redacted>"));
        assert_eq!(parts.get_text("three"), Some("ins"));
        assert_eq!(parts.get_text("elsewhere"), Some("ins-5d8a23rs"));
    }

    #[test]
    fn a_message_falls_back_to_english_then_to_the_rule_id() {
        let partial = CustomRuleRef::new(Partial("acme.partial", 1));
        let none = CustomParams::new();
        assert_eq!(partial.message(&none, Locale::En), "english message");
        assert_eq!(partial.message(&none, Locale::ZhCn), "english message");
        assert_eq!(partial.requirement(Locale::ZhCn), "中文要求");
        assert_eq!(
            partial.requirement(Locale::En),
            "Meets the rule acme.partial"
        );

        let silent = CustomRuleRef::new(Silent);
        assert_eq!(
            silent.message(&none, Locale::En),
            "Password does not meet the rule acme.silent."
        );
        assert_eq!(
            silent.message(&none, Locale::ZhCn),
            "密码不满足规则 acme.silent。"
        );
        assert_eq!(silent.requirement(Locale::ZhCn), "满足规则 acme.silent");
        let failure = CustomFailure::new(silent.clone(), CustomParams::new().with("k", 1u64));
        assert_eq!(failure.rule().id(), "acme.silent");
        assert_eq!(failure.params().get_uint("k"), Some(1));
        assert_eq!(
            failure.message(Locale::En),
            "Password does not meet the rule acme.silent."
        );
    }

    #[test]
    fn a_rules_defaults_are_an_error_with_no_code_params_or_requirement() {
        let rule = Silent;
        assert_eq!(rule.severity(), Severity::Error);
        assert_eq!(rule.code(), None);
        assert!(rule.params().is_empty());
        assert_eq!(rule.requirement(Locale::En), None);
        assert_eq!(CustomRuleRef::new(Silent).rule().id(), "acme.silent");
    }

    #[test]
    fn rules_are_equal_when_the_same_or_of_the_same_id_and_params() {
        let one = CustomRuleRef::new(Partial("acme.p", 1));
        assert_eq!(one, one.clone());
        assert_eq!(one, CustomRuleRef::new(Partial("acme.p", 1)));
        assert_ne!(one, CustomRuleRef::new(Partial("acme.p", 2)));
        assert_ne!(one, CustomRuleRef::new(Partial("acme.q", 1)));
        let shown = alloc::format!("{one:?}");
        assert!(
            shown.starts_with("CustomRule { id: \"acme.p\", params: "),
            "{shown}"
        );
        assert!(shown.contains("UInt(1)"), "{shown}");
    }
}
