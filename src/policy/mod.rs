//! Password policies: rules combined by conjunction,
//! validated when built, and compiled for the fast path.
//!
//! A policy is built from rules ([`Policy::new`]), from other policies
//! ([`Policy::and`], [`Policy::strictest`]), or by a rule set for an OS set. All
//! of these are one mechanism (`resolve`): gather the rules, drop every rule that
//! another implies, sort them in the order of diagnostics, compile. Built-in
//! profiles run it at compile time; checking a password never resolves anything.

mod compile;
mod count;
mod error;
mod failures;
#[cfg(feature = "serde")]
pub(crate) mod file;
mod generate;
mod resolve;
pub(crate) mod rule_set;
mod witness;

use alloc::sync::Arc;
use alloc::vec::Vec;
use core::fmt;

use crate::characters::Class;
use crate::diagnostic::{Diagnostic, InstanceIds, Severity};
use crate::os::OsSet;
use crate::rules::{PasswordRule, Subject, text_rules};

use compile::Compiled;
pub(crate) use compile::Key;
pub use error::PolicyError;
pub(crate) use failures::Failures;
#[cfg(feature = "serde")]
pub use file::{PolicyFile, PolicyFileError};
pub use generate::{Entropy, GenerateError, Generator};
use resolve::MAX_STATIC_RULES;
pub use rule_set::RuleSet;

/// The rules of a policy: references into `'static` rule sets (compile time), or
/// rules of its own, shared.
#[derive(Clone)]
enum RuleList {
    Static {
        rules: [&'static PasswordRule; MAX_STATIC_RULES],
        len: usize,
    },
    Shared(Arc<[PasswordRule]>),
}

/// The rules of a policy, in order (see [`Policy::rules`]).
#[derive(Clone, Debug)]
pub(crate) struct Rules<'a>(RulesIter<'a>);

#[derive(Clone, Debug)]
enum RulesIter<'a> {
    Static(core::slice::Iter<'a, &'static PasswordRule>),
    Shared(core::slice::Iter<'a, PasswordRule>),
}

impl<'a> Iterator for Rules<'a> {
    type Item = &'a PasswordRule;

    #[inline]
    fn next(&mut self) -> Option<&'a PasswordRule> {
        match &mut self.0 {
            RulesIter::Static(it) => it.next().copied(),
            RulesIter::Shared(it) => it.next(),
        }
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        match &self.0 {
            RulesIter::Static(it) => it.size_hint(),
            RulesIter::Shared(it) => it.size_hint(),
        }
    }
}

impl ExactSizeIterator for Rules<'_> {}

impl DoubleEndedIterator for Rules<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        match &mut self.0 {
            RulesIter::Static(it) => it.next_back().copied(),
            RulesIter::Shared(it) => it.next_back(),
        }
    }
}

/// The password rules applied to a batch, resolved and compiled.
///
/// Build one from rules, or combine policies; every policy is validated when
/// built, so one that exists accepts some password.
///
/// ```
/// use cvm_rules::{OsFamily, OsSet, Password, PasswordRule, Policy, Profile};
///
/// // Tencent's Windows rules, but at least 14 characters, and none of our leaked passwords.
/// let ours = Policy::new(&[
///     PasswordRule::Length { min: 14, max: 30 },
///     PasswordRule::denylist(["Summer2024!Summer", "CompanyName#2024"]),
/// ])
/// .unwrap();
/// let windows = Profile::API3.policy(OsSet::only(OsFamily::Windows));
/// let policy = windows.and(&ours).unwrap();
///
/// // One length rule (14–30 implies 12–30), in the order of diagnostics.
/// let ids: Vec<&str> = policy.rules().map(|r| r.id().as_str()).collect();
/// assert_eq!(ids, [
///     "password.length", "password.classes", "password.leading_slash",
///     "password.charset", "password.contains_username", "password.denylist",
/// ]);
/// assert!(policy.accepts("Vq8#kLm2!pZx4w", None));
/// assert!(!policy.accepts("summer2024!summer", None));
/// let report = Profile::API3.check_password_with(&policy, &Password::new("abc123ABC!@#"), None);
/// assert_eq!(report.errors().count(), 1); // one length message, not two
/// ```
#[derive(Clone)]
pub struct Policy {
    rules: RuleList,
    families: OsSet,
    os_known: bool,
    /// Some rule fails as a warning only (a custom rule may be one).
    has_warnings: bool,
    compiled: Compiled,
}

impl Policy {
    /// A policy of `rules`, validated (see [`PolicyError`]); implied rules are
    /// dropped. It concerns no OS family ([`Policy::families`] is empty).
    pub fn new(rules: &[PasswordRule]) -> Result<Policy, PolicyError> {
        Policy::resolve(rules.iter(), OsSet::UNKNOWN, true)
    }

    /// The conjunction `self ∧ other`: a password passes it when it passes both.
    /// Rules that another rule implies are dropped, so the result reports each
    /// problem once. Fails when the two together accept nothing.
    pub fn and(&self, other: &Policy) -> Result<Policy, PolicyError> {
        Policy::resolve(
            self.rules().chain(other.rules()),
            self.families.union(other.families),
            self.os_known && other.os_known,
        )
    }

    /// The conjunction of every policy of `policies` (the policy of no rule when
    /// there is none).
    pub fn strictest<'a>(
        policies: impl IntoIterator<Item = &'a Policy>,
    ) -> Result<Policy, PolicyError> {
        let policies: Vec<&Policy> = policies.into_iter().collect();
        let families = policies
            .iter()
            .fold(OsSet::UNKNOWN, |set, p| set.union(p.families));
        let os_known = policies.iter().all(|p| p.os_known);
        Policy::resolve(policies.iter().flat_map(|p| p.rules()), families, os_known)
    }

    /// The policy of the rules of `groups` (each family's rules), resolved at
    /// compile time. Used by the built-in rule sets.
    pub(crate) const fn resolve_static(
        groups: &[&'static [PasswordRule]],
        families: OsSet,
        os_known: bool,
    ) -> Policy {
        let (rules, len) = resolve::resolve_static(groups);
        let (used, _) = rules.split_at(len);
        Policy {
            compiled: Compiled::of(used),
            rules: RuleList::Static { rules, len },
            families,
            os_known,
            // A custom rule (an `Arc`) cannot be in a `const` rule set: only a
            // built-in warning can be.
            has_warnings: any_builtin_warning(used),
        }
    }

    /// The policy of `candidates`, resolved and validated at run time.
    pub(crate) fn resolve<'r>(
        candidates: impl Iterator<Item = &'r PasswordRule>,
        families: OsSet,
        os_known: bool,
    ) -> Result<Policy, PolicyError> {
        let candidates: Vec<&PasswordRule> = candidates.collect();
        for rule in &candidates {
            validate_rule(rule)?;
        }
        check_custom_ids(&candidates)?;
        let kept = resolve::resolve(&candidates);
        let compiled = Compiled::of(&kept);
        let has_warnings = kept.iter().any(|r| r.severity() == Severity::Warning);
        let rules: Arc<[PasswordRule]> = kept.into_iter().cloned().collect();
        let policy = Policy {
            rules: RuleList::Shared(rules),
            families,
            os_known,
            has_warnings,
            compiled,
        };
        policy.validate()?;
        Ok(policy)
    }

    /// The checks of a whole policy: the length rules leave a length, each
    /// classes rule can be met with the allowed characters, and some password
    /// passes every rule.
    fn validate(&self) -> Result<(), PolicyError> {
        let c = &self.compiled;
        if c.min_chars > c.max_chars {
            return Err(PolicyError::LengthBounds {
                min: c.min_chars as u32,
                max: c.max_chars as u32,
            });
        }
        for rule in self.rules() {
            if let PasswordRule::Classes {
                required,
                of,
                specials,
                ..
            } = rule
            {
                let available = of
                    .iter()
                    .filter(|class| match class {
                        Class::Special => specials.chars().any(|s| c.allows_byte(s as u8)),
                        _ => true,
                    })
                    .count() as u8;
                if *required > available {
                    return Err(PolicyError::ClassCount {
                        required: *required,
                        available,
                    });
                }
            }
        }
        if self.witness().is_none() {
            return Err(PolicyError::AcceptsNothing);
        }
        Ok(())
    }

    /// The rules, in the order of diagnostics.
    pub fn rules(
        &self,
    ) -> impl ExactSizeIterator<Item = &PasswordRule> + DoubleEndedIterator + Clone + fmt::Debug
    {
        Rules(match &self.rules {
            RuleList::Static { rules, len } => RulesIter::Static(rules[..*len].iter()),
            RuleList::Shared(rules) => RulesIter::Shared(rules.iter()),
        })
    }

    /// The families whose rules are combined (all of them when the OS is
    /// unknown; none for a policy built from rules alone).
    pub fn families(&self) -> OsSet {
        self.families
    }

    /// `false` when the OS of the batch was unknown and the strictest policy was assumed.
    pub fn is_os_known(&self) -> bool {
        self.os_known
    }

    /// The shortest and longest password the length rules allow.
    pub fn length_bounds(&self) -> (usize, usize) {
        (self.compiled.min_chars, self.compiled.max_chars)
    }

    /// Whether `password` passes every rule that fails as an error (no
    /// diagnostics are built, nothing is allocated for an ASCII user name).
    /// `user_name` is the request's `UserName`, if any.
    #[inline]
    pub fn accepts(&self, password: &str, user_name: Option<&str>) -> bool {
        let key = self.key_of(password);
        self.passes_key(key, password, user_name, None)
            // Only a warning can fail where every error passes (a custom rule or
            // the recommended length, never a table rule).
            || (self.has_warnings
                && self.rules_hold(key, &self.subject(password, user_name, false, None), |r| {
                    r.severity() == Severity::Error
                }))
    }

    /// Appends one diagnostic per failed rule to `out`, in the order of the
    /// rules (their order), with the code `password_code` unless a custom rule
    /// names its own. Returns the failed rules (bit `i`: rule `i`, for the first 64).
    /// `request`: the instance ids of the request the password came in.
    #[inline]
    pub(crate) fn check_into(
        &self,
        password: &str,
        user_name: Option<&str>,
        plus_hint: bool,
        request: &dyn InstanceIds,
        password_code: &'static str,
        out: &mut Vec<Diagnostic>,
    ) -> u64 {
        let key = self.key_of(password);
        if self.passes_key(key, password, user_name, Some(request)) {
            return 0;
        }
        let failures = self.failures(password, user_name, plus_hint, Some(request), key);
        self.diagnostics_of(&failures, password_code, |d| out.push(d));
        failures.failed_rules()
    }

    /// What the rules of this policy check: the password, the user name, and
    /// for a custom rule the policy's families and the request's instance ids
    /// (`None`: the password is checked alone).
    pub(crate) fn subject<'s>(
        &self,
        password: &'s str,
        user_name: Option<&'s str>,
        plus_hint: bool,
        request: Option<&'s dyn InstanceIds>,
    ) -> Subject<'s> {
        Subject::new(password, user_name, plus_hint).within(self.families, request)
    }

    /// The table pass over `password` (see [`Policy::passes_key`]).
    #[inline(always)]
    pub(crate) fn key_of(&self, password: &str) -> Key {
        self.compiled.key_of(password)
    }

    /// Whether the password of `key` passes every rule, warnings and custom
    /// rules included: one comparison and one bit test decide most passwords of
    /// most policies; the others take [`Policy::rules_hold`].
    #[inline(always)]
    pub(crate) fn passes_key(
        &self,
        key: Key,
        password: &str,
        user_name: Option<&str>,
        request: Option<&dyn InstanceIds>,
    ) -> bool {
        // Without text rules, the fast test is the full one.
        self.compiled.passes_fast(key)
            || (self.compiled.has_text_rules
                && self.rules_hold(
                    key,
                    &self.subject(password, user_name, false, request),
                    |_| true,
                ))
    }

    /// The one full test of "do the rules hold", which accepting, checking,
    /// generating and witnesses share: the length and the table rules by the
    /// password's `key`, then the text rules (those the table does not decide)
    /// that `counted` keeps. Kept out of line: few passwords get here.
    #[inline(never)]
    pub(crate) fn rules_hold(
        &self,
        key: Key,
        subject: &Subject<'_>,
        counted: impl Fn(&PasswordRule) -> bool,
    ) -> bool {
        self.compiled.passes_key(key)
            && (!self.compiled.has_text_rules
                || self
                    .rules()
                    .all(|r| self.compiled.decided_by_key(r) || !counted(r) || r.holds(subject)))
    }

    pub(crate) fn compiled(&self) -> &Compiled {
        &self.compiled
    }
}

/// Whether some rule is a built-in warning (`password.recommended_length`).
const fn any_builtin_warning(rules: &[&PasswordRule]) -> bool {
    let mut i = 0;
    while i < rules.len() {
        if rules[i].is_builtin_warning() {
            return true;
        }
        i += 1;
    }
    false
}

/// The checks of one rule alone.
fn validate_rule(rule: &PasswordRule) -> Result<(), PolicyError> {
    match rule {
        PasswordRule::Length { min, max } if min > max => Err(PolicyError::LengthBounds {
            min: *min,
            max: *max,
        }),
        PasswordRule::Classes { required, of, .. } if *required > of.len() => {
            Err(PolicyError::ClassCount {
                required: *required,
                available: of.len(),
            })
        }
        PasswordRule::Custom(custom) => {
            let id = custom.id();
            crate::diagnostic::RuleId::check_custom_id(id)
                .map_err(|reason| PolicyError::CustomRuleId { id, reason })
        }
        PasswordRule::Length { .. }
        | PasswordRule::Classes { .. }
        | PasswordRule::LeadingSlash
        | PasswordRule::RecommendedLength { .. }
        | PasswordRule::Charset { .. }
        | text_rules!() => Ok(()),
    }
}

/// Two custom rules with one id must be the same rule.
fn check_custom_ids(candidates: &[&PasswordRule]) -> Result<(), PolicyError> {
    let customs: Vec<_> = candidates
        .iter()
        .filter_map(|r| {
            if let PasswordRule::Custom(c) = r {
                Some(c)
            } else {
                None
            }
        })
        .collect();
    for (i, a) in customs.iter().enumerate() {
        if customs[..i].iter().any(|b| b.id() == a.id() && b != a) {
            return Err(PolicyError::CustomRuleClash { id: a.id() });
        }
    }
    Ok(())
}

impl PartialEq for Policy {
    /// Same rules, same families, same OS knowledge.
    fn eq(&self, other: &Self) -> bool {
        self.families == other.families
            && self.os_known == other.os_known
            && self.rules().eq(other.rules())
    }
}

impl Eq for Policy {}

impl fmt::Debug for Policy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Policy")
            .field("families", &self.families)
            .field("os_known", &self.os_known)
            .field("rules", &self.rules().collect::<Vec<_>>())
            .finish()
    }
}
