//! Password policies: the rules of one OS set, resolved to the strictest
//! combination (spec section 4).
//!
//! A batch's policy is the conjunction of the policies of every family in it, with
//! each rule dropped that another rule of the set implies; an unknown OS set means
//! every family of the profile (which resolves to Windows). Profiles resolve all
//! eight OS sets at compile time, so checking a password never resolves anything.

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

        Policy {
            rules: kept,
            len,
            families,
            os_known,
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
    pub fn accepts(&self, password: &str, user_name: Option<&str>) -> bool {
        let subject = Subject {
            password,
            scan: Scan::new(password),
            user_name,
            plus_hint: false,
        };
        self.rules().iter().all(|r| r.check(&subject).is_none())
    }

    /// Appends one diagnostic per failed rule to `out`; allocates nothing when all pass.
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
        for rule in self.rules() {
            if let Some(params) = rule.check(&subject) {
                out.push(Diagnostic::new(profile, rule.id(), Field::Password, params));
            }
        }
    }
}
