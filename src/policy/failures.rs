//! The failures of one password under a policy, as compact facts: what a
//! password report holds (a few dozen bytes, inline, no allocation), and what its
//! diagnostics are built from when they are read.
//!
//! Every rule of the policy either passes or fails; a failing rule's params are
//! its own parameters (bounds, classes, specials, `max`) plus facts of the
//! password that are kept here: its length, the key of its table pass (which
//! classes it holds), the positions and count of the characters outside the
//! alphabet, and the longest repeat and sequence. Params the facts cannot hold
//! (a custom rule's, a second charset rule's, a classes rule whose special set
//! the table does not map, any rule past the 64th) are kept whole, on the heap.

use alloc::vec::Vec;

use super::compile::{Key, NO_RULE};
use super::Policy;
use crate::charset::{CharKind, ClassSet};
use crate::diagnostic::{BadChar, Diagnostic, Field, Params, Positions, Severity};
use crate::limits::MAX_REPORTED_POSITIONS;
use crate::rules::{charset, classes, graphemes, repeat, sequence, PasswordRule, Subject};

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
    /// The longest repeat and the longest sequence: (length, 1-based position).
    repeat: (u32, u32),
    sequence: (u32, u32),
    /// Params kept whole: (rule index, params).
    whole: Vec<(usize, Params)>,
}

/// The kinds, as the two top bits of a packed position.
const KINDS: [CharKind; 4] = [
    CharKind::Whitespace,
    CharKind::Control,
    CharKind::NonAscii,
    CharKind::Symbol,
];
const KIND_SHIFT: u32 = 30;

impl Failures {
    /// Whether some failing rule fails as an error.
    pub fn has_errors(&self) -> bool {
        self.has_errors
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
            if !c.for_each_outside_char(password, &mut bad) {
                if let Some(PasswordRule::Charset { specials }) =
                    self.rules().nth(usize::from(c.charset_rule))
                {
                    for_each_bad_char(password, |c| specials.allows(c), &mut bad);
                }
            }
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
            repeat: (0, 0),
            sequence: (0, 0),
            whole: Vec::new(),
        };
        if c.all_decided {
            return failures;
        }
        let mut failures = failures;
        self.other_failures(&mut failures, password, user_name, plus_hint);
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
    ) {
        let subject = Subject::new(password, user_name, plus_hint);
        let decided = u64::from(self.compiled.decided_rules);
        for (i, rule) in self.rules().enumerate() {
            if i < 64 && decided & (1 << i) != 0 {
                continue;
            }
            let compact = i < 64;
            // `Some(fails)`: the facts hold its params; `None`: kept whole.
            let fails = match rule {
                PasswordRule::ContainsUsername { .. } | PasswordRule::Denylist(_) => {
                    Some(!rule.holds(&subject))
                }
                // The longest run is the same for every such rule.
                PasswordRule::Repeat { max } => {
                    let fails = !repeat::passes(*max, password);
                    if fails {
                        f.repeat = run_facts(password, repeat::longest_run(password));
                    }
                    Some(fails)
                }
                PasswordRule::Sequence { max } => {
                    let fails = !sequence::passes(*max, password);
                    if fails {
                        f.sequence = run_facts(password, sequence::longest_sequence(password));
                    }
                    Some(fails)
                }
                _ => None,
            };
            let failed = match fails {
                Some(fails) if compact => fails,
                _ => match rule.failure_if_broken(&subject) {
                    Some(params) => {
                        f.whole.push((i, params));
                        true
                    }
                    None => false,
                },
            };
            if failed {
                if compact {
                    f.failed |= 1 << i;
                }
                f.has_errors |= rule.severity() == Severity::Error;
            }
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
            let code = match (severity, rule) {
                (Severity::Warning, _) => None,
                (_, PasswordRule::Custom(custom)) => {
                    Some(custom.rule().code().unwrap_or(password_code))
                }
                _ => Some(password_code),
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
        match rule {
            PasswordRule::Length { min, max } => Params::Range {
                min: (*min).into(),
                max: (*max).into(),
                actual: self.key.chars as u64,
            },
            PasswordRule::Classes {
                required,
                of,
                specials,
            } => {
                let present = policy
                    .compiled
                    .classes_of(self.key, *of, *specials)
                    .unwrap_or(ClassSet::EMPTY);
                classes::failure_of(*required, *of, *specials, present)
            }
            PasswordRule::Charset { specials } if i == usize::from(self.charset_rule) => {
                let mut positions = Positions::new();
                for &packed in &self.positions[..usize::from(self.positions_len)] {
                    positions.push(BadChar {
                        position: packed & ((1 << KIND_SHIFT) - 1),
                        kind: KINDS[(packed >> KIND_SHIFT) as usize],
                    });
                }
                Params::Charset {
                    positions,
                    count: self.bad_count as usize,
                    specials: *specials,
                    plus_hint: self.plus_hint,
                }
            }
            PasswordRule::ContainsUsername { min_name_chars, .. } => Params::ContainsUsername {
                min_name_chars: *min_name_chars,
            },
            PasswordRule::Repeat { max } => Params::Run {
                max: *max,
                actual: self.repeat.0,
                position: self.repeat.1 as usize,
            },
            PasswordRule::Sequence { max } => Params::Run {
                max: *max,
                actual: self.sequence.0,
                position: self.sequence.1 as usize,
            },
            _ => Params::None,
        }
    }
}

/// Calls `bad(packed)` for each grapheme cluster holding a character that
/// `allowed` refuses: its 1-based position, and the kind of that character in the
/// top two bits.
#[inline]
fn for_each_bad_char(password: &str, allowed: impl Fn(char) -> bool, mut bad: impl FnMut(u32)) {
    charset::for_each_bad_cluster(password, allowed, |index, c| {
        let kind = match CharKind::of(c) {
            CharKind::Whitespace => 0,
            CharKind::Control => 1,
            CharKind::NonAscii => 2,
            _ => 3,
        };
        // An input is at most MAX_INPUT_BYTES (< 2^30) long.
        bad((index as u32 + 1) | (kind << KIND_SHIFT));
    });
}

/// A run's facts: its length and the 1-based grapheme position where it starts.
fn run_facts(password: &str, (length, start): (usize, usize)) -> (u32, u32) {
    (
        length as u32,
        graphemes::position_of_char(password, start) as u32,
    )
}
