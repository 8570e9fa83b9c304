//! Password policies: the rules of one OS set, resolved to the strictest
//! combination (spec section 4).
//!
//! A batch's policy is the conjunction of the policies of every family in it, with
//! each rule dropped that another rule of the set implies; an unknown OS set means
//! every family of the profile (which resolves to Windows). Profiles resolve all
//! eight OS sets at compile time, so checking a password never resolves anything.
//!
//! Each resolved policy is also *compiled* at that time: every rule but the user-name
//! rule is decided by the password's length and its [`Scan::key`], so the policy
//! keeps the intersection of its length bounds and a 128-bit table of the keys that
//! pass all its other rules. Checking a valid password is then one scan, two
//! comparisons and one bit test; the rules are walked one by one only to explain a
//! failure (or to search for the user name).

use alloc::vec::Vec;

use crate::charset::Scan;
use crate::diagnostic::{Diagnostic, Field};
use crate::os::{OsFamily, OsSet};
use crate::profile::Profile;
use crate::rules::password::{PasswordRule, Subject};

/// The most rules a resolved policy holds (three families of five rules).
pub const MAX_POLICY_RULES: usize = 16;

/// The password rules applied to a batch: a small inline list, in rule-id order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Policy {
    rules: [PasswordRule; MAX_POLICY_RULES],
    len: usize,
    families: OsSet,
    os_known: bool,
    compiled: Compiled,
}

/// A policy's rules as data for the fast path, derived from `rules` at compile time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Compiled {
    /// The largest `min` of the length rules.
    min_chars: u64,
    /// The smallest `max` of the length rules.
    max_chars: u64,
    /// Bit `k`: a password whose scan has key `k` passes every rule that the key
    /// decides (all but length and user name).
    keys: u128,
    /// Some rule reads the text (`password.contains_username`).
    needs_text: bool,
}

impl Compiled {
    const fn of(rules: &[PasswordRule]) -> Compiled {
        let mut compiled = Compiled {
            min_chars: 0,
            max_chars: u64::MAX,
            keys: 0,
            needs_text: false,
        };
        let mut key = 0;
        while key < Scan::KEYS {
            // No characters, so only the rules that ignore the length count here.
            let scan = Scan::from_key(key);
            let mut passes = true;
            let mut r = 0;
            while r < rules.len() {
                if !matches!(rules[r], PasswordRule::Length { .. }) && !rules[r].passes_scan(&scan)
                {
                    passes = false;
                }
                r += 1;
            }
            if passes {
                compiled.keys |= 1 << key;
            }
            key += 1;
        }
        let mut r = 0;
        while r < rules.len() {
            if let PasswordRule::Length { min, max } = rules[r] {
                if min as u64 > compiled.min_chars {
                    compiled.min_chars = min as u64;
                }
                if (max as u64) < compiled.max_chars {
                    compiled.max_chars = max as u64;
                }
            }
            compiled.needs_text |= rules[r].needs_text();
            r += 1;
        }
        compiled
    }
}

impl Policy {
    /// Resolves the policy of `os` from each family's rules (indexed as [`OsFamily::ALL`]).
    pub(crate) const fn resolve(family_rules: [&[PasswordRule]; 3], os: OsSet) -> Policy {
        let os_known = !os.is_unknown();
        let families = if os_known {
            os
        } else {
            OsSet::only(OsFamily::Linux)
                .with(OsFamily::Ubuntu)
                .with(OsFamily::Windows)
        };

        // Every rule of every family present, in family order.
        let mut candidates = [PasswordRule::NoLeadingSlash; MAX_POLICY_RULES];
        let mut n = 0;
        let mut f = 0;
        while f < OsFamily::ALL.len() {
            if families.contains(OsFamily::ALL[f]) {
                let rules = family_rules[f];
                let mut r = 0;
                while r < rules.len() {
                    candidates[n] = rules[r]; // panics at compile time if a profile overflows
                    n += 1;
                    r += 1;
                }
            }
            f += 1;
        }

        // Keep a rule unless another implies it (of two equivalent rules, the first stays).
        let mut kept = [PasswordRule::NoLeadingSlash; MAX_POLICY_RULES];
        let mut len = 0;
        let mut i = 0;
        while i < n {
            let mut redundant = false;
            let mut j = 0;
            while j < n {
                if j != i
                    && candidates[j].implies(&candidates[i])
                    && (!candidates[i].implies(&candidates[j]) || j < i)
                {
                    redundant = true;
                }
                j += 1;
            }
            if !redundant {
                kept[len] = candidates[i];
                len += 1;
            }
            i += 1;
        }

        // Rule-id order: the order of section 4's table and of diagnostics.
        let mut a = 1;
        while a < len {
            let mut b = a;
            while b > 0 && (kept[b - 1].id() as u8) > (kept[b].id() as u8) {
                let t = kept[b - 1];
                kept[b - 1] = kept[b];
                kept[b] = t;
                b -= 1;
            }
            a += 1;
        }

        let (rules, _) = kept.split_at(len);
        Policy {
            rules: kept,
            len,
            families,
            os_known,
            compiled: Compiled::of(rules),
        }
    }

    /// The rules, in rule-id order.
    pub fn rules(&self) -> &[PasswordRule] {
        &self.rules[..self.len]
    }

    /// The families whose rules are combined (all of them when the OS is unknown).
    pub fn families(&self) -> OsSet {
        self.families
    }

    /// `false` when the OS of the batch was unknown and the strictest policy was assumed.
    pub fn is_os_known(&self) -> bool {
        self.os_known
    }

    /// Whether `password` satisfies every rule (no diagnostics are built).
    #[inline]
    pub fn accepts(&self, password: &str, user_name: Option<&str>) -> bool {
        let subject = Subject {
            password,
            scan: Scan::new(password),
            user_name,
            plus_hint: false,
        };
        self.passes(&subject)
    }

    /// Whether every rule passes, by the compiled form: the length bounds, the
    /// key's bit, and (only when the policy has one) the user-name search.
    #[inline]
    fn passes(&self, subject: &Subject<'_>) -> bool {
        let c = &self.compiled;
        let chars = subject.scan.chars as u64;
        chars >= c.min_chars
            && chars <= c.max_chars
            && (c.keys >> subject.scan.key()) & 1 != 0
            && (!c.needs_text || self.text_rules_pass(subject))
    }

    /// The rules that read the text (kept out of line: only `api3` Windows has one).
    #[inline(never)]
    fn text_rules_pass(&self, subject: &Subject<'_>) -> bool {
        self.rules()
            .iter()
            .all(|r| !r.needs_text() || r.passes(subject))
    }

    /// Appends one diagnostic per failed rule to `out`; allocates nothing when all pass.
    #[inline]
    pub(crate) fn check_into(
        &self,
        profile: &Profile,
        password: &str,
        user_name: Option<&str>,
        plus_hint: bool,
        out: &mut Vec<Diagnostic>,
    ) {
        let subject = Subject {
            password,
            scan: Scan::new(password),
            user_name,
            plus_hint,
        };
        if !self.passes(&subject) {
            self.explain(profile, &subject, out);
        }
    }

    /// The diagnostics of `password`, one per failed rule: an empty `Vec` (no
    /// allocation) when it passes. Returning the `Vec` rather than filling a
    /// borrowed one keeps it in registers on the fast path.
    #[inline]
    pub(crate) fn diagnose(
        &self,
        profile: &Profile,
        password: &str,
        user_name: Option<&str>,
    ) -> Vec<Diagnostic> {
        let subject = Subject {
            password,
            scan: Scan::new(password),
            user_name,
            plus_hint: false,
        };
        if self.passes(&subject) {
            return Vec::new();
        }
        let mut out = Vec::new();
        self.explain(profile, &subject, &mut out);
        out
    }

    /// One diagnostic per failed rule, in rule-id order.
    #[cold]
    fn explain(&self, profile: &Profile, subject: &Subject<'_>, out: &mut Vec<Diagnostic>) {
        for rule in self.rules() {
            if !rule.passes(subject) {
                let params = rule.failure(subject);
                out.push(Diagnostic::new(profile, rule.id(), Field::Password, params));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::String;
    use alloc::vec;

    /// The compiled form agrees with the rules walked one by one, for every policy
    /// of every profile, over every string of up to 3 characters of an alphabet
    /// that touches every class and kind, and strings of every length to 32.
    #[test]
    fn compiled_policies_agree_with_their_rules() {
        let alphabet = ['a', 'Z', '5', '!', '/', '`', ' ', '"', '\t', 'é'];
        let mut inputs = vec![String::new()];
        for a in alphabet {
            inputs.push(a.into());
            for b in alphabet {
                inputs.push([a, b].iter().collect());
                for c in alphabet {
                    inputs.push([a, b, c].iter().collect());
                }
            }
        }
        for len in 0..=32 {
            for pattern in [
                "aB3!",
                "ab3!",
                "AB",
                "/aB3",
                "aB3`",
                "aB3 ",
                "aé3!",
                "xadministratorx",
            ] {
                inputs.push(pattern.chars().cycle().take(len).collect());
            }
        }
        for profile in Profile::ALL {
            for index in 0..8 {
                let policy = profile.policy(OsSet::from_index(index));
                for password in &inputs {
                    for user_name in [None, Some("ab"), Some("Aé3"), Some("B3!a")] {
                        let subject = Subject {
                            password,
                            scan: Scan::new(password),
                            user_name,
                            plus_hint: false,
                        };
                        let one_by_one = policy.rules().iter().all(|r| r.passes(&subject));
                        assert_eq!(
                            policy.passes(&subject),
                            one_by_one,
                            "{profile} {index} {password:?} {user_name:?}"
                        );
                    }
                }
            }
        }
    }
}
