//! The failures of one password under a policy, as compact facts: what a
//! password report holds (a few dozen bytes, inline, no allocation), and what its
//! diagnostics are built from when they are read.
//!
//! Every rule of the policy either passes or fails; a failing rule's params are
//! its own parameters (bounds, classes, specials, `max`) plus facts of the
//! password that are kept here: its length, the key of its table pass (which
//! classes it holds), the positions and count of the characters outside the
//! alphabet, and each failing text rule's two numbers (a run's length and
//! position: see `PasswordRule::failure_facts`). Params the facts cannot hold
//! (a custom rule's, a second charset rule's, a classes rule whose special set
//! the table does not map, any rule past the 64th, text rules with facts past
//! [`INLINE_FACTS`], one per text and run rule of the list) are kept whole, on
//! the heap.

use alloc::vec::Vec;

use super::Policy;
use super::compile::{KIND_SHIFT, Key, NO_RULE};
use crate::char_kind::CharKind;
use crate::characters::{ClassSet, Specials};
use crate::diagnostic::{BadChar, Diagnostic, Field, InstanceIds, Params, Positions, Severity};
use crate::limits::MAX_REPORTED_POSITIONS;
use crate::rules::{FailureFacts, INLINE_FACTS, PasswordRule, ScanFacts};

/// The facts of a failing password (see the module docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Failures {
    /// Bit `i`: the policy's rule `i` fails (rules past the 64th are in `whole`).
    failed: u64,
    /// Some failing rule fails as an error.
    has_errors: bool,
    /// The table pass: the classes and kinds the password holds, its first
    /// character, and its length.
    key: Key,
    /// The charset rule that `positions` and `bad_count` belong to.
    charset_rule: u8,
    /// The first bad grapheme clusters: 1-based position, kind in the top two bits.
    positions: [u32; MAX_REPORTED_POSITIONS],
    positions_len: u8,
    bad_count: u32,
    plus_hint: bool,
    /// The facts of failing text rules: (rule index, facts), `facts_len` of
    /// them; a rule not here has the facts `(0, 0)`.
    facts: [(u8, FailureFacts); INLINE_FACTS],
    facts_len: u8,
    /// Params kept whole: (rule index, params).
    whole: Vec<(usize, Params)>,
}

impl Failures {
    /// Whether some failing rule fails as an error.
    pub fn has_errors(&self) -> bool {
        self.has_errors
    }

    /// Bit `i`: the policy's rule `i` fails (for the first 64 rules).
    pub fn failed_rules(&self) -> u64 {
        self.failed
    }
}

impl Policy {
    /// The failures of a password whose `key` does not pass (see
    /// [`Policy::passes_key`]). `plus_hint`: the query form's raw value held `+`.
    ///
    /// The rules the compiled policy decides (the length, and the rules the
    /// key decides) take a table lookup and a comparison each; a charset failure
    /// reads the password once more for its positions; only the other rules
    /// (text, custom, unmapped) are checked one by one.
    #[inline(always)]
    pub(crate) fn failures(
        &self,
        password: &str,
        user_name: Option<&str>,
        plus_hint: bool,
        request: Option<&dyn InstanceIds>,
        key: Key,
    ) -> Failures {
        let c = &self.compiled;
        let mut failed = u64::from(c.key_failures[usize::from(key.bits())]);
        for &(i, min, max) in &c.length_rules[..c.length_rule_count] {
            let chars = key.chars as u64;
            if chars < u64::from(min) || chars > u64::from(max) {
                failed |= 1 << i;
            }
        }
        let mut positions = [0u32; MAX_REPORTED_POSITIONS];
        let (mut positions_len, mut bad_count, mut plus) = (0u8, 0u32, false);
        if c.charset_rule != NO_RULE && failed & (1 << c.charset_rule) != 0 {
            let mut bad = |packed| {
                bad_count += 1;
                if let Some(slot) = positions.get_mut(usize::from(positions_len)) {
                    *slot = packed;
                    positions_len += 1;
                }
            };
            c.for_each_outside_char(password, &mut bad);
            plus = plus_hint && password.contains(' ');
        }
        let failures = Failures {
            failed,
            // Every rule the table decides fails as an error.
            has_errors: failed != 0,
            key,
            charset_rule: c.charset_rule,
            positions,
            positions_len,
            bad_count,
            plus_hint: plus,
            facts: [(0, (0, 0)); INLINE_FACTS],
            facts_len: 0,
            whole: Vec::new(),
        };
        if c.all_decided {
            return failures;
        }
        let mut failures = failures;
        self.other_failures(&mut failures, password, user_name, plus_hint, request);
        failures
    }

    /// The failures of the rules the compiled policy does not decide.
    #[inline(never)]
    fn other_failures(
        &self,
        f: &mut Failures,
        password: &str,
        user_name: Option<&str>,
        plus_hint: bool,
        request: Option<&dyn InstanceIds>,
    ) {
        let subject = self.subject(password, user_name, plus_hint, request);
        let decided = u64::from(self.compiled.decided_rules);
        for (i, rule) in self.rules().enumerate() {
            if i < 64 && decided & (1 << i) != 0 {
                continue;
            }
            let compact = i < 64;
            if rule.holds(&subject) {
                continue;
            }
            let kept = compact
                && match rule.failure_facts(&subject) {
                    Some((0, 0)) => true,
                    Some(facts) => f.keep_facts(i, facts),
                    None => false,
                };
            if !kept {
                let params = rule.failure(&subject);
                // Params the kept facts rebuild (a scan rule the table does not
                // decide, whose params are the length or none, say) need no copy.
                let rebuilt = compact
                    && !matches!(rule, PasswordRule::Custom(_))
                    && f.params_of(self, rule, i) == params;
                if !rebuilt {
                    f.whole.push((i, params));
                }
            }
            if compact {
                f.failed |= 1 << i;
            }
            f.has_errors |= rule.severity() == Severity::Error;
        }
    }

    /// One diagnostic per failing rule, in the order of the rules,
    /// with the code `password_code` unless a custom rule names its own.
    pub(crate) fn diagnostics_of(
        &self,
        f: &Failures,
        password_code: &'static str,
        mut push: impl FnMut(Diagnostic),
    ) {
        for (i, rule) in self.rules().enumerate() {
            let params = match f.whole.iter().find(|(r, _)| *r == i) {
                Some((_, params)) => params.clone(),
                None if i < 64 && f.failed & (1 << i) != 0 => f.params_of(self, rule, i),
                None => continue,
            };
            let severity = rule.severity();
            let own_code = if let PasswordRule::Custom(custom) = rule {
                custom.rule().code()
            } else {
                None
            };
            let code = match severity {
                Severity::Warning => None,
                Severity::Error => Some(own_code.unwrap_or(password_code)),
            };
            push(Diagnostic::new(
                rule.id(),
                severity,
                code,
                Field::Password,
                params,
            ));
        }
    }
}

impl Failures {
    /// The params of rule `i`, which fails, from the facts.
    fn params_of(&self, policy: &Policy, rule: &PasswordRule, i: usize) -> Params {
        let kept = Kept {
            failures: self,
            policy,
        };
        rule.params_from(&kept, self.facts_of(i))
    }

    /// Keeps the facts of rule `i`, if there is room.
    fn keep_facts(&mut self, i: usize, facts: FailureFacts) -> bool {
        let Some(slot) = self.facts.get_mut(usize::from(self.facts_len)) else {
            return false;
        };
        // `i` < 64: only the first 64 rules are kept compact.
        *slot = (i as u8, facts);
        self.facts_len += 1;
        true
    }

    /// The facts of rule `i` (zeros when none are kept).
    fn facts_of(&self, i: usize) -> FailureFacts {
        self.facts[..usize::from(self.facts_len)]
            .iter()
            .find(|(r, _)| usize::from(*r) == i)
            .map_or((0, 0), |(_, facts)| *facts)
    }
}

/// What a scan rule's failure params are made of, from the facts a report
/// kept: the table key and the positions of its one charset rule (a failing
/// charset rule the table does not decide is kept whole).
struct Kept<'a> {
    failures: &'a Failures,
    policy: &'a Policy,
}

impl ScanFacts for Kept<'_> {
    fn chars(&self) -> u64 {
        self.failures.key.chars as u64
    }

    fn classes(&self, of: ClassSet, specials: Specials) -> ClassSet {
        self.policy
            .compiled
            .classes_of(self.failures.key, of, specials)
            .unwrap_or(ClassSet::EMPTY)
    }

    fn disallowed(&self, _: Specials) -> (Positions, usize, bool) {
        let f = self.failures;
        let mut positions = Positions::new();
        for &packed in &f.positions[..usize::from(f.positions_len)] {
            positions.push(BadChar {
                position: packed & ((1 << KIND_SHIFT) - 1),
                kind: CharKind::ALL[(packed >> KIND_SHIFT) as usize],
            });
        }
        (positions, f.bad_count as usize, f.plus_hint)
    }
}

#[cfg(test)]
mod tests {
    use alloc::vec::Vec;

    use crate::diagnostic::{Params, RuleId};
    use crate::policy::Policy;
    use crate::rules::PasswordRule;

    /// A scan rule the table does not decide, whose failure the kept facts
    /// rebuild, is kept as a bit, not on the heap (the built-in ones but the
    /// recommended length are decided by the table: its verdicts are cleared here
    /// to stand in for a new one).
    #[test]
    fn a_failure_without_params_is_kept_without_allocating() {
        let mut policy = Policy::new(&[
            PasswordRule::LeadingSlash,
            PasswordRule::Length { min: 1, max: 30 },
        ])
        .unwrap();
        policy.compiled.decided_rules = 0;
        policy.compiled.all_decided = false;
        let password = "/abc";
        let failures = policy.failures(password, None, false, None, policy.key_of(password));
        assert!(failures.whole.is_empty(), "{:?}", failures.whole);
        let slash = policy
            .rules()
            .position(|r| *r == PasswordRule::LeadingSlash)
            .unwrap();
        assert_eq!(failures.failed_rules(), 1 << slash);
        let mut diagnostics = Vec::new();
        policy.diagnostics_of(&failures, "InvalidPassword", |d| diagnostics.push(d));
        assert_eq!(diagnostics.len(), 1, "{diagnostics:?}");
        assert_eq!(diagnostics[0].rule(), RuleId::PasswordLeadingSlash);
        assert_eq!(*diagnostics[0].params(), Params::None);
    }
}
