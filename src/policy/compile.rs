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

use crate::char_kind::CharKind;
use crate::characters::{Class, ClassSet, DIGIT_MASK, LOWER_MASK, Scan, Specials, UPPER_MASK};
use crate::rules::{PasswordRule, graphemes, text_rules};

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

/// What one pass of table lookups tells about a password: the OR of its bytes'
/// table bits (with [`SLASH`] for a leading `/`, without [`NON_ASCII`]) and its
/// length in Unicode scalar values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Key {
    bits: u8,
    pub chars: usize,
}

impl Key {
    /// The key bits.
    pub const fn bits(self) -> u8 {
        self.bits
    }
}

/// A packed bad-character position holds the index of its kind in
/// [`CharKind::ALL`] from this bit on (positions are below 2^30).
pub(crate) const KIND_SHIFT: u32 = 30;

/// How many of a policy's first rules the key and the length decide, at most.
const DECIDED_RULES: usize = 16;

/// How many length rules are decided from the length, at most.
const MAX_LENGTH_RULES: usize = 4;

/// No rule (`charset_rule`).
pub(crate) const NO_RULE: u8 = u8::MAX;

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
    /// The largest length a `password.recommended_length` rule recommends (0
    /// for none): a warning the table does not decide.
    pub recommended_chars: usize,
    /// The least length of a password that passes every rule, the recommended
    /// length included: the larger of `min_chars` and `recommended_chars`.
    fast_min_chars: usize,
    /// `max_chars - fast_min_chars + 1`, or 0 when some rule is not decided by
    /// the table: a password passes the fast test when `chars - fast_min_chars`
    /// (wrapping) is below it, so one comparison tests both bounds, and a policy
    /// with text rules always takes the full test.
    fast_length_span: usize,
    /// Some rule is not decided by the table: it is checked one by one on a
    /// password the table accepts.
    pub has_text_rules: bool,
    /// Some classes rule has a special set the table cannot tell apart.
    pub has_unmapped_classes: bool,
    /// The charset rules allow one set of characters (or there is none): the
    /// [`OUTSIDE`] bit then tells each of them whether it fails.
    pub single_charset: bool,
    /// Bit `i` of entry `k`: rule `i` (of the first [`DECIDED_RULES`]) fails for
    /// a password of key `k`, the key alone deciding it.
    pub key_failures: [u16; 256],
    /// The length rules among the first [`DECIDED_RULES`]: (index, min, max).
    pub length_rules: [(u8, u32, u32); MAX_LENGTH_RULES],
    pub length_rule_count: usize,
    /// The rules (of the first [`DECIDED_RULES`]) that `key_failures` and
    /// `length_rules` decide.
    pub decided_rules: u16,
    /// Every rule of the policy is so decided.
    pub all_decided: bool,
    /// The index of the charset rule `key_failures` decides, or [`NO_RULE`].
    pub charset_rule: u8,
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
            recommended_chars: 0,
            fast_min_chars: 0,
            fast_length_span: 0,
            has_text_rules: false,
            has_unmapped_classes: false,
            single_charset: true,
            key_failures: [0; 256],
            length_rules: [(0, 0, 0); MAX_LENGTH_RULES],
            length_rule_count: 0,
            decided_rules: 0,
            all_decided: false,
            charset_rule: NO_RULE,
            special_sets: [Specials::NONE; SPECIAL_SETS],
            special_set_count: 0,
        };
        // The allowed characters (every charset rule at once) and the special sets.
        let mut allowed = u128::MAX;
        let mut has_charset = false;
        let mut charset_specials = Specials::NONE;
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
                    if has_charset && specials.mask() != charset_specials.mask() {
                        compiled.single_charset = false;
                    }
                    allowed &= specials.allowed_mask();
                    charset_specials = *specials;
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
                PasswordRule::LeadingSlash => {}
                // A warning: not in the table, and tested by the fast test's
                // length (a password shorter than recommended takes the full test).
                PasswordRule::RecommendedLength { min } => {
                    if (*min as usize) > compiled.recommended_chars {
                        compiled.recommended_chars = *min as usize;
                    }
                }
                text_rules!() | PasswordRule::Custom(_) => compiled.has_text_rules = true,
            }
            r += 1;
        }
        compiled.fill_table(allowed, has_charset);
        compiled.fill_verdicts(rules);
        compiled.fill_failures(rules);
        compiled.fast_min_chars = if compiled.recommended_chars > compiled.min_chars {
            compiled.recommended_chars
        } else {
            compiled.min_chars
        };
        compiled.fast_length_span =
            if compiled.has_text_rules || compiled.fast_min_chars > compiled.max_chars {
                0
            } else {
                (compiled.max_chars - compiled.fast_min_chars).saturating_add(1)
            };
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
            PasswordRule::LeadingSlash | PasswordRule::Charset { .. } => true,
            PasswordRule::RecommendedLength { .. } | text_rules!() | PasswordRule::Custom(_) => {
                false
            }
        }
    }

    /// Whether a password's key decides `rule`: the length, or a rule the table
    /// decides. Only a shortcut: such a rule, checked again, holds as well.
    pub fn decided_by_key(&self, rule: &PasswordRule) -> bool {
        matches!(rule, PasswordRule::Length { .. }) || self.decides(rule)
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

    /// The key of `password`: one pass of table lookups (and a count of its
    /// characters when some byte is not ASCII).
    #[inline(always)]
    pub fn key_of(&self, password: &str) -> Key {
        let bytes = password.as_bytes();
        let mut bits = 0u8;
        for &b in bytes {
            bits |= self.table[b as usize];
        }
        let chars = if bits & NON_ASCII == 0 {
            bytes.len()
        } else {
            // Every byte but UTF-8 continuation bytes starts a character (a plain
            // loop: `chars().count()` is slow on short text).
            bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
        };
        let slash = if bytes.first() == Some(&b'/') {
            SLASH
        } else {
            0
        };
        Key {
            bits: (bits & !NON_ASCII) | slash,
            chars,
        }
    }

    /// Whether a password of this key passes every rule: the length and the
    /// table decide, and the policy has no other rule. When this is false, the
    /// full test ([`Compiled::passes_key`], then the text rules) decides.
    #[inline(always)]
    pub fn passes_fast(&self, key: Key) -> bool {
        key.chars.wrapping_sub(self.fast_min_chars) < self.fast_length_span
            && self.verdict_of_key(key)
    }

    /// Whether a password of this key passes the length rules and every
    /// table-decided rule.
    #[inline(always)]
    pub fn passes_key(&self, key: Key) -> bool {
        key.chars >= self.min_chars && key.chars <= self.max_chars && self.verdict_of_key(key)
    }

    #[inline(always)]
    fn verdict_of_key(&self, key: Key) -> bool {
        (self.verdict[(key.bits >> 6) as usize] >> (key.bits & 63)) & 1 != 0
    }

    /// The classes of `of` (specials meaning `specials`) that a password of this
    /// key holds, when the table tells them apart.
    #[inline]
    pub const fn classes_of(&self, key: Key, of: ClassSet, specials: Specials) -> Option<ClassSet> {
        self.classes_of_bits(key.bits, of, specials)
    }

    const fn classes_of_bits(
        &self,
        bits: u8,
        of: ClassSet,
        specials: Specials,
    ) -> Option<ClassSet> {
        let special = if of.contains(Class::Special) {
            match self.special_bit(specials) {
                0 => return None,
                bit => bits & bit != 0,
            }
        } else {
            false
        };
        let has = [
            bits & LOWER != 0,
            bits & UPPER != 0,
            bits & (LOWER | UPPER) != 0,
            bits & DIGIT != 0,
            special,
        ];
        let mut present = ClassSet::EMPTY;
        let mut i = 0;
        while i < Class::ALL.len() {
            if has[i] && of.contains(Class::ALL[i]) {
                present = present.with(Class::ALL[i]);
            }
            i += 1;
        }
        Some(present)
    }

    /// Whether rule `rule` fails for a password of key `bits`, when the key alone
    /// decides it (classes rules whose special set has table bits, the leading
    /// `/`, the one charset rule of a policy whose charset rules agree).
    const fn fails_for_key(&self, rule: &PasswordRule, bits: u8) -> Option<bool> {
        match rule {
            PasswordRule::Classes {
                required,
                of,
                specials,
            } => match self.classes_of_bits(bits, *of, *specials) {
                Some(present) => Some(present.len() < *required),
                None => None,
            },
            PasswordRule::LeadingSlash => Some(bits & SLASH != 0),
            PasswordRule::Charset { .. } => {
                if self.single_charset {
                    Some(bits & OUTSIDE != 0)
                } else {
                    None
                }
            }
            PasswordRule::Length { .. }
            | PasswordRule::RecommendedLength { .. }
            | text_rules!()
            | PasswordRule::Custom(_) => None,
        }
    }

    /// Fills `key_failures`, `length_rules`, `charset_rule` and `all_decided`.
    const fn fill_failures(&mut self, rules: &[&PasswordRule]) {
        let mut decided = 0u16;
        let mut r = 0;
        while r < rules.len() && r < DECIDED_RULES {
            let rule = rules[r];
            if let PasswordRule::Length { min, max } = rule {
                if self.length_rule_count < MAX_LENGTH_RULES {
                    self.length_rules[self.length_rule_count] = (r as u8, *min, *max);
                    self.length_rule_count += 1;
                    decided |= 1 << r;
                }
            }
            if matches!(rule, PasswordRule::Charset { .. })
                && self.single_charset
                && self.charset_rule == NO_RULE
            {
                self.charset_rule = r as u8;
            }
            // Decided for one key, decided for all (the special set is mapped or not).
            if self.fails_for_key(rule, 0).is_some() {
                decided |= 1 << r;
                let mut key = 0usize;
                while key < 256 {
                    if let Some(true) = self.fails_for_key(rule, key as u8) {
                        self.key_failures[key] |= 1 << r;
                    }
                    key += 1;
                }
            }
            r += 1;
        }
        self.decided_rules = decided;
        self.all_decided =
            rules.len() <= DECIDED_RULES && decided.count_ones() as usize == rules.len();
    }

    /// Calls `bad(packed)` for each grapheme cluster of `password` holding a
    /// character outside the allowed characters: its 1-based position, with the
    /// kind of that character in the top two bits (see `failures`). Text whose
    /// clusters are its characters but CR LF (every character below U+0300; a
    /// non-ASCII character is never allowed) is read byte by byte, by the
    /// table; any other text takes the one cluster walk,
    /// `graphemes::for_each_bad`.
    #[inline]
    pub fn for_each_outside_char(&self, password: &str, mut bad: impl FnMut(u32)) {
        // An input is at most MAX_INPUT_BYTES (< 2^30) long.
        let packed = |index: u32, c: char| index | ((CharKind::of(c) as u32) << KIND_SHIFT);
        let bytes = password.as_bytes();
        if password.is_ascii() && !bytes.contains(&b'\r') {
            // The common case: a cluster per byte.
            for (i, &b) in bytes.iter().enumerate() {
                if self.table[usize::from(b)] & OUTSIDE != 0 {
                    bad(packed(i as u32 + 1, char::from(b)));
                }
            }
            return;
        }
        if !password.is_ascii() && !password.chars().all(|c| c < '\u{300}') {
            graphemes::for_each_bad(
                password,
                |c| c.is_ascii() && self.allows_byte(c as u8),
                |index, c| bad(packed(index as u32 + 1, c)),
            );
            return;
        }
        let (mut i, mut position) = (0, 1u32);
        while i < bytes.len() {
            let b = bytes[i];
            let outside = if b < 0x80 {
                (self.table[usize::from(b)] & OUTSIDE != 0).then(|| char::from(b))
            } else {
                // A character of two bytes (below U+0300): never allowed.
                let c = (u32::from(b & 0x1F) << 6)
                    | u32::from(bytes.get(i + 1).map_or(0, |b| b & 0x3F));
                char::from_u32(c)
            };
            if let Some(c) = outside {
                bad(packed(position, c));
            }
            i += if b >= 0x80 || (b == b'\r' && bytes.get(i + 1) == Some(&b'\n')) {
                2
            } else {
                1
            };
            position += 1;
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn specials(chars: &str) -> Specials {
        Specials::new(chars).unwrap()
    }

    fn special_of(chars: &str) -> PasswordRule {
        PasswordRule::Classes {
            required: 1,
            of: ClassSet::of(&[Class::Special]),
            specials: specials(chars),
        }
    }

    const LENGTH: PasswordRule = PasswordRule::Length { min: 8, max: 30 };

    #[test]
    fn the_table_decides_length_slash_charset_and_mapped_classes_rules() {
        let charset = PasswordRule::Charset {
            specials: Specials::API3,
        };
        let classes = PasswordRule::Classes {
            required: 3,
            of: ClassSet::LOWER_UPPER_DIGIT_SPECIAL,
            specials: Specials::API3,
        };
        let c = Compiled::of(&[&PasswordRule::LeadingSlash, &LENGTH, &classes, &charset]);
        assert!(!c.has_text_rules && !c.has_unmapped_classes);
        assert!(c.all_decided);
        assert_eq!(c.decided_rules, 0b1111);
        assert_eq!((c.length_rule_count, c.length_rules[0]), (1, (1, 8, 30)));
        assert_eq!(c.charset_rule, 3);
        assert_eq!(c.fast_length_span, 23);
        // Two classes rules over one special set share its table bit.
        let c = Compiled::of(&[&classes, &classes, &LENGTH]);
        assert_eq!(c.special_set_count, 1);
        // A classes rule without `special` takes none.
        let letters = PasswordRule::Classes {
            required: 1,
            of: ClassSet::of(&[Class::Lower, Class::Upper]),
            specials: Specials::API3,
        };
        assert_eq!(Compiled::of(&[&letters]).special_set_count, 0);
    }

    #[test]
    fn the_charset_rule_of_the_key_is_the_first_charset_rule() {
        let charset = PasswordRule::Charset {
            specials: Specials::API3,
        };
        let c = Compiled::of(&[&special_of("!"), &LENGTH, &charset, &charset]);
        assert!(c.single_charset);
        assert_eq!(c.charset_rule, 2);
        assert_eq!(c.key_failures[usize::from(OUTSIDE)], 0b1101);
    }

    #[test]
    fn charset_rules_that_differ_are_checked_one_by_one() {
        let api3 = PasswordRule::Charset {
            specials: Specials::API3,
        };
        let legacy = PasswordRule::Charset {
            specials: Specials::LEGACY_2017,
        };
        let c = Compiled::of(&[&api3, &legacy]);
        assert!(!c.single_charset);
        assert_eq!((c.charset_rule, c.decided_rules), (NO_RULE, 0));
        assert_eq!(c.key_failures[usize::from(OUTSIDE)], 0);
    }

    #[test]
    fn three_special_sets_have_table_bits_and_a_fourth_is_scanned() {
        let rules = [
            special_of("!"),
            special_of("@"),
            special_of("#"),
            special_of("$"),
        ];
        let c = Compiled::of(&[&rules[0], &rules[1], &rules[2], &rules[3]]);
        assert_eq!(c.special_set_count, SPECIAL_SETS);
        assert!(c.has_unmapped_classes && c.has_text_rules);
        assert!(c.decides(&rules[2]) && !c.decides(&rules[3]));
        let of = ClassSet::of(&[Class::Special]);
        for (i, chars) in ["!", "@", "#"].into_iter().enumerate() {
            let key = c.key_of(&format!("a{chars}"));
            assert_eq!(c.classes_of(key, of, specials(chars)), Some(of), "{chars}");
            assert_eq!(
                c.classes_of(c.key_of("a"), of, specials(chars)),
                Some(ClassSet::EMPTY)
            );
            // The rule fails for a key without its bit, and only that rule.
            assert_eq!(c.key_failures[0] & (1 << i), 1 << i);
            assert_eq!(
                c.key_failures[usize::from(key.bits())] & 0b111,
                0b111 & !(1 << i)
            );
        }
        assert_eq!(c.classes_of(c.key_of("a$"), of, specials("$")), None);
    }

    #[test]
    fn sixteen_rules_are_decided_at_most_and_four_length_rules() {
        let slash = PasswordRule::LeadingSlash;
        let c = Compiled::of(&[&slash; DECIDED_RULES + 1]);
        assert_eq!(c.decided_rules, u16::MAX);
        assert!(!c.all_decided);
        assert_eq!(c.key_failures[usize::from(SLASH)], u16::MAX);
        let c = Compiled::of(&[&LENGTH; MAX_LENGTH_RULES + 1]);
        assert_eq!(c.length_rule_count, MAX_LENGTH_RULES);
        assert_eq!(c.decided_rules, 0b1111);
        assert!(!c.all_decided);
    }

    /// The bad characters of text without CR LF, one cluster per character.
    fn outside_chars(text: &str, specials: Specials) -> Vec<u32> {
        text.chars()
            .enumerate()
            .filter(|&(_, ch)| !specials.allows(ch))
            .map(|(i, ch)| {
                let kind = CharKind::ALL.iter().position(|&k| k == CharKind::of(ch));
                (i as u32 + 1) | ((kind.unwrap() as u32) << KIND_SHIFT)
            })
            .collect()
    }

    #[test]
    fn outside_chars_are_found_by_cluster() {
        let c = Compiled::of(&[&PasswordRule::Charset {
            specials: Specials::LEGACY_2017,
        }]);
        for text in [
            "",
            "aB3!",
            "a b\t`\u{7f}\u{0}",
            "\u{85}x\u{a0}\u{80}\u{9f}\u{9e}\u{a1}é\u{ff}\u{100}\u{2ff}",
            "a\rb\r",
            "\u{85}\r",
        ] {
            let mut found = Vec::new();
            c.for_each_outside_char(text, |p| found.push(p));
            assert_eq!(
                found,
                outside_chars(text, Specials::LEGACY_2017),
                "{text:?}"
            );
        }
        // CR LF is one cluster, and so is a character with its combining mark.
        let mut found = Vec::new();
        c.for_each_outside_char("a\r\n\u{a0}", |p| found.push(p));
        assert_eq!(found, outside_chars("a\r\u{a0}", Specials::LEGACY_2017));
        let mut found = Vec::new();
        c.for_each_outside_char("ae\u{301}中", |p| found.push(p));
        assert_eq!(found, outside_chars("aé中", Specials::LEGACY_2017));
    }

    #[test]
    fn debug_shows_the_bounds_and_not_the_table() {
        let debug = format!("{:?}", Compiled::of(&[&LENGTH]));
        assert_eq!(
            debug,
            "Compiled { min_chars: 8, max_chars: 30, has_text_rules: false, .. }"
        );
    }
}
