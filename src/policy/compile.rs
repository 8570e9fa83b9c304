//! A policy compiled for the fast path: one 256-entry table of its own, and the
//! verdict of its table-decided rules for every combination of table bits.
//!
//! Every rule but the text rules (user name, deny-list, repeat, sequence, custom)
//! is decided by the password's length and by which *kinds* of characters it
//! holds. The table gives each byte the bits of its kind for this policy; OR-ing
//! it over the password gives a key, and the verdict of every table-decided rule
//! for that key was computed when the policy was built, by running the rules
//! themselves on a representative password of each combination of kinds. Checking
//! a valid password is then one pass of table lookups, two comparisons and one
//! bit test, whatever the rules are.
//!
//! Everything here is a `const fn`: the built-in profiles compile their policies
//! at compile time, and a policy built at run time is compiled by the same code.

use crate::charset::{Class, Scan, Specials, DIGIT_MASK, LOWER_MASK, UPPER_MASK};
use crate::rules::PasswordRule;

/// Table bit: `a`–`z`.
const LOWER: u8 = 1 << 0;
/// Table bit: `A`–`Z`.
const UPPER: u8 = 1 << 1;
/// Table bit: `0`–`9`.
const DIGIT: u8 = 1 << 2;
/// Table bit: a character some `password.charset` rule does not allow.
const OUTSIDE: u8 = 1 << 3;
/// Table bit: a byte of a non-ASCII character (the length then needs counting).
/// Not part of a key; its place there holds [`SLASH`].
const NON_ASCII: u8 = 1 << 4;
/// Key bit: the password starts with `/`.
const SLASH: u8 = 1 << 4;
/// Table bits `SPECIAL << i`: a member of the `i`-th special set that a classes
/// rule counts.
const SPECIAL: u8 = 1 << 5;
/// How many distinct special sets the table can tell apart; a classes rule with a
/// further set is checked by its scan instead (correct, only slower).
const SPECIAL_SETS: usize = 3;

/// A policy's rules as data for the fast path.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) struct Compiled {
    /// The bits of each byte's kind.
    table: [u8; 256],
    /// Bit `k`: a password whose key is `k` passes every table-decided rule.
    verdict: [u64; 4],
    /// The largest `min` of the length rules.
    pub min_chars: usize,
    /// The smallest `max` of the length rules.
    pub max_chars: usize,
    /// Some rule is not decided by the table: it is checked one by one on a
    /// password the table accepts.
    pub has_text_rules: bool,
    /// Some classes rule has a special set the table cannot tell apart.
    pub has_unmapped_classes: bool,
    /// The special sets of the table, and how many there are.
    special_sets: [Specials; SPECIAL_SETS],
    special_set_count: usize,
}

impl Compiled {
    /// Compiles `rules` (any order; duplicates are harmless).
    pub const fn of(rules: &[&PasswordRule]) -> Compiled {
        let mut compiled = Compiled {
            table: [0; 256],
            verdict: [0; 4],
            min_chars: 0,
            max_chars: usize::MAX,
            has_text_rules: false,
            has_unmapped_classes: false,
            special_sets: [Specials::NONE; SPECIAL_SETS],
            special_set_count: 0,
        };
        // The allowed characters (every charset rule at once) and the special sets.
        let mut allowed = u128::MAX;
        let mut has_charset = false;
        let mut r = 0;
        while r < rules.len() {
            match rules[r] {
                PasswordRule::Length { min, max } => {
                    if (*min as usize) > compiled.min_chars {
                        compiled.min_chars = *min as usize;
                    }
                    if (*max as usize) < compiled.max_chars {
                        compiled.max_chars = *max as usize;
                    }
                }
                PasswordRule::Charset { specials } => {
                    allowed &= specials.allowed_mask();
                    has_charset = true;
                }
                PasswordRule::Classes { of, specials, .. } => {
                    if of.contains(Class::Special) && !compiled.maps(*specials) {
                        if compiled.special_set_count < SPECIAL_SETS {
                            compiled.special_sets[compiled.special_set_count] = *specials;
                            compiled.special_set_count += 1;
                        } else {
                            compiled.has_unmapped_classes = true;
                            compiled.has_text_rules = true;
                        }
                    }
                }
                PasswordRule::NoLeadingSlash => {}
                _ => compiled.has_text_rules = true,
            }
            r += 1;
        }
        compiled.fill_table(allowed, has_charset);
        compiled.fill_verdicts(rules);
        compiled
    }

    /// Whether `specials` has table bits.
    const fn maps(&self, specials: Specials) -> bool {
        self.special_bit(specials) != 0
    }

    /// The table bit of a special set, or 0.
    const fn special_bit(&self, specials: Specials) -> u8 {
        let mut i = 0;
        while i < self.special_set_count {
            if self.special_sets[i].mask() == specials.mask() {
                return SPECIAL << i;
            }
            i += 1;
        }
        0
    }

    const fn fill_table(&mut self, allowed: u128, has_charset: bool) {
        let mut b = 0usize;
        while b < 256 {
            let bits = if b >= 0x80 {
                NON_ASCII | if has_charset { OUTSIDE } else { 0 }
            } else {
                let bit = 1u128 << b;
                let mut bits = 0;
                if LOWER_MASK & bit != 0 {
                    bits |= LOWER;
                }
                if UPPER_MASK & bit != 0 {
                    bits |= UPPER;
                }
                if DIGIT_MASK & bit != 0 {
                    bits |= DIGIT;
                }
                if allowed & bit == 0 {
                    bits |= OUTSIDE;
                }
                let mut i = 0;
                while i < self.special_set_count {
                    if self.special_sets[i].mask() & bit != 0 {
                        bits |= SPECIAL << i;
                    }
                    i += 1;
                }
                bits
            };
            self.table[b] = bits;
            b += 1;
        }
    }

    /// Runs the table-decided rules on a representative password of every
    /// combination of allowed kinds (with and without a leading `/`). A key with
    /// [`OUTSIDE`] fails some charset rule, so its verdict stays false.
    const fn fill_verdicts(&mut self, rules: &[&PasswordRule]) {
        // The allowed kinds: distinct key bits of allowed bytes, with one
        // representative byte each (a non-ASCII character has no key bits).
        let mut kinds = [0u8; 16];
        let mut representatives = [0u8; 16];
        let mut kind_count = 0;
        let mut b = 0usize;
        while b < 256 {
            let bits = self.table[b];
            if bits & OUTSIDE == 0 {
                let key_bits = bits & !NON_ASCII;
                let mut k = 0;
                while k < kind_count && kinds[k] != key_bits {
                    k += 1;
                }
                if k == kind_count && kind_count < kinds.len() {
                    kinds[k] = key_bits;
                    representatives[k] = b as u8;
                    kind_count += 1;
                }
            }
            b += 1;
        }
        let slash_kind_bits = self.table[b'/' as usize];
        let mut subset = 0usize;
        while subset < (1 << kind_count) {
            let mut key = 0u8;
            let mut scan = Scan {
                chars: 0,
                present: 0,
                non_ascii: false,
                leading_slash: false,
            };
            let mut k = 0;
            while k < kind_count {
                if subset & (1 << k) != 0 {
                    key |= kinds[k];
                    if representatives[k] >= 0x80 {
                        scan.non_ascii = true;
                    } else {
                        scan.present |= 1 << representatives[k];
                    }
                }
                k += 1;
            }
            if self.passes_table_rules(rules, &scan) {
                self.set_verdict(key);
            }
            // The same kinds with `/` first, when `/` is allowed and of one of them.
            if slash_kind_bits & OUTSIDE == 0
                && contains_kind(&kinds, kind_count, subset, slash_kind_bits)
            {
                scan.present |= 1 << b'/';
                scan.leading_slash = true;
                if self.passes_table_rules(rules, &scan) {
                    self.set_verdict(key | SLASH);
                }
            }
            subset += 1;
        }
    }

    /// Whether the table decides `rule`: a rule that reads the scan only, but for
    /// the length (decided by `min_chars` and `max_chars`) and a classes rule whose
    /// special set has no table bit.
    pub const fn decides(&self, rule: &PasswordRule) -> bool {
        match rule {
            PasswordRule::Length { .. } => false,
            PasswordRule::Classes { of, specials, .. } => {
                !of.contains(Class::Special) || self.maps(*specials)
            }
            _ => rule.reads_scan_only(),
        }
    }

    /// Whether `scan` passes every rule the table decides.
    const fn passes_table_rules(&self, rules: &[&PasswordRule], scan: &Scan) -> bool {
        let mut r = 0;
        while r < rules.len() {
            if self.decides(rules[r]) && !rules[r].passes_scan(scan) {
                return false;
            }
            r += 1;
        }
        true
    }

    const fn set_verdict(&mut self, key: u8) {
        self.verdict[(key >> 6) as usize] |= 1 << (key & 63);
    }

    /// The table bits of `password`'s kinds, with the key bit of a leading `/`.
    #[inline(always)]
    fn key(&self, password: &[u8]) -> u8 {
        let mut bits = 0u8;
        for &b in password {
            bits |= self.table[b as usize];
        }
        bits
    }

    /// Whether `password` passes the length rules and every table-decided rule.
    #[inline(always)]
    pub fn passes_table(&self, password: &str) -> bool {
        let bytes = password.as_bytes();
        let bits = self.key(bytes);
        let chars = if bits & NON_ASCII == 0 {
            bytes.len()
        } else {
            password.chars().count()
        };
        let slash = if bytes.first() == Some(&b'/') {
            SLASH
        } else {
            0
        };
        let key = (bits & !NON_ASCII) | slash;
        chars >= self.min_chars
            && chars <= self.max_chars
            && (self.verdict[(key >> 6) as usize] >> (key & 63)) & 1 != 0
    }

    /// Whether the byte `b` is allowed by every charset rule.
    pub fn allows_byte(&self, b: u8) -> bool {
        self.table[b as usize] & OUTSIDE == 0
    }

    /// The kind bits of an allowed byte (what the verdict distinguishes it by).
    pub fn kind_of(&self, b: u8) -> u8 {
        self.table[b as usize] & !NON_ASCII
    }

    /// Whether a password made of exactly the kinds whose bits OR to `key` (no
    /// leading `/` when `slash` is false) passes the table-decided rules.
    pub fn verdict_of(&self, key: u8, slash: bool) -> bool {
        let key = (key & !SLASH) | if slash { SLASH } else { 0 };
        (self.verdict[(key >> 6) as usize] >> (key & 63)) & 1 != 0
    }
}

/// Whether some kind in `subset` has the bits `bits` (that is, `/`'s kind).
const fn contains_kind(kinds: &[u8; 16], count: usize, subset: usize, bits: u8) -> bool {
    let mut k = 0;
    while k < count {
        if subset & (1 << k) != 0 && kinds[k] == bits & !NON_ASCII {
            return true;
        }
        k += 1;
    }
    false
}

impl core::fmt::Debug for Compiled {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.debug_struct("Compiled")
            .field("min_chars", &self.min_chars)
            .field("max_chars", &self.max_chars)
            .field("has_text_rules", &self.has_text_rules)
            .finish_non_exhaustive()
    }
}
