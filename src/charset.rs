//! Character classes (spec section 3): one `const` table classifies every byte once.
//!
//! The table holds profile-independent bit flags; a profile decides which of them
//! count as "special" (the backtick is special in `api3` only). Bytes of multi-byte
//! UTF-8 sequences have no class: every non-ASCII character is outside the alphabet.

use core::fmt;

/// `a`–`z`.
pub(crate) const LOWER: u8 = 1 << 0;
/// `A`–`Z`.
pub(crate) const UPPER: u8 = 1 << 1;
/// `0`–`9`.
pub(crate) const DIGIT: u8 = 1 << 2;
/// The 29 specials of `SPECIALS_2017`.
pub(crate) const SPECIAL_2017: u8 = 1 << 3;
/// The backtick, special in `api3` only.
pub(crate) const BACKTICK: u8 = 1 << 4;

/// `SPECIALS_2017`: the 29 special characters of the seed document, in its order.
pub const SPECIALS_2017: &str = "()~!@#$%^&*-+=_|{}[]:;'<>,.?/";
/// `SPECIALS_API3`: `SPECIALS_2017` plus the backtick.
pub const SPECIALS_API3: &str = "()~!@#$%^&*-+=_|{}[]:;'<>,.?/`";

/// The byte-class table. Row by row:
/// - `0x00`–`0x1F`, `0x7F`: control characters, no class;
/// - `0x20` space, `"` and `\`: no class (not in any special set);
/// - the 29 specials of section 3: `SPECIAL_2017`; the backtick: `BACKTICK`;
/// - `0`–`9`, `A`–`Z`, `a`–`z`: their classes;
/// - `0x80`–`0xFF` (any byte of a non-ASCII character): no class.
pub(crate) const CLASS: [u8; 256] = build_class_table();

const fn build_class_table() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0usize;
    while b < 128 {
        let c = b as u8;
        table[b] = if c.is_ascii_lowercase() {
            LOWER
        } else if c.is_ascii_uppercase() {
            UPPER
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c == b'`' {
            BACKTICK
        } else {
            0
        };
        b += 1;
    }
    let specials = SPECIALS_2017.as_bytes();
    let mut i = 0;
    while i < specials.len() {
        table[specials[i] as usize] = SPECIAL_2017;
        i += 1;
    }
    table
}

/// One character class of section 3.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Class {
    /// `a`–`z`.
    Lower,
    /// `A`–`Z`.
    Upper,
    /// `a`–`z` and `A`–`Z` as one class (the legacy Linux rule).
    Letter,
    /// `0`–`9`.
    Digit,
    /// The profile's special characters.
    Special,
}

impl Class {
    /// Every class, in the order used by sets, messages and serialization.
    pub const ALL: [Class; 5] = [
        Class::Lower,
        Class::Upper,
        Class::Letter,
        Class::Digit,
        Class::Special,
    ];

    /// The stable name: `lower`, `upper`, `letter`, `digit`, `special`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Class::Lower => "lower",
            Class::Upper => "upper",
            Class::Letter => "letter",
            Class::Digit => "digit",
            Class::Special => "special",
        }
    }

    pub(crate) const fn bit(self) -> u8 {
        match self {
            Class::Lower => 1 << 0,
            Class::Upper => 1 << 1,
            Class::Letter => 1 << 2,
            Class::Digit => 1 << 3,
            Class::Special => 1 << 4,
        }
    }

    /// Whether every character of `self` is also a member of `other`
    /// (`lower` ⊆ `letter`): having a `self` character guarantees an `other` one.
    pub(crate) const fn is_subclass_of(self, other: Class) -> bool {
        self.bit() == other.bit()
            || matches!((self, other), (Class::Lower | Class::Upper, Class::Letter))
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of [`Class`]es: small, `Copy`, iterated in [`Class::ALL`] order.
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ClassSet(u8);

impl ClassSet {
    /// The empty set.
    pub const EMPTY: ClassSet = ClassSet(0);
    /// `{letter, digit, special}` — the legacy Linux rule's classes.
    pub const LETTER_DIGIT_SPECIAL: ClassSet =
        ClassSet::of(&[Class::Letter, Class::Digit, Class::Special]);
    /// `{lower, upper, digit, special}`.
    pub const LOWER_UPPER_DIGIT_SPECIAL: ClassSet =
        ClassSet::of(&[Class::Lower, Class::Upper, Class::Digit, Class::Special]);

    /// The bits of every class.
    pub(crate) const ALL_BITS: u8 = 0b1_1111;

    pub(crate) const fn from_bits(bits: u8) -> ClassSet {
        ClassSet(bits & ClassSet::ALL_BITS)
    }

    /// The set of the given classes.
    pub const fn of(classes: &[Class]) -> ClassSet {
        let mut bits = 0;
        let mut i = 0;
        while i < classes.len() {
            bits |= classes[i].bit();
            i += 1;
        }
        ClassSet(bits)
    }

    /// Whether `class` is in the set.
    pub const fn contains(self, class: Class) -> bool {
        self.0 & class.bit() != 0
    }

    /// The number of classes in the set.
    pub const fn len(self) -> u8 {
        self.0.count_ones() as u8
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The classes in both sets.
    pub const fn intersection(self, other: ClassSet) -> ClassSet {
        ClassSet(self.0 & other.0)
    }

    /// The classes of `self` not in `other`.
    pub const fn difference(self, other: ClassSet) -> ClassSet {
        ClassSet(self.0 & !other.0)
    }

    /// The classes of `self` and `other`.
    pub const fn union(self, other: ClassSet) -> ClassSet {
        ClassSet(self.0 | other.0)
    }

    /// Adds a class (the tests' naive twin of `Scan::classes` uses it).
    #[cfg(test)]
    pub(crate) const fn with(self, class: Class) -> ClassSet {
        ClassSet(self.0 | class.bit())
    }

    /// Iterates the classes in [`Class::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Class> + Clone {
        Class::ALL.into_iter().filter(move |c| self.contains(*c))
    }
}

impl fmt::Debug for ClassSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// Which special characters a profile allows (section 3).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Specials {
    /// `SPECIALS_2017`: 29 characters, no backtick.
    Specials2017,
    /// `SPECIALS_API3`: `SPECIALS_2017` and the backtick.
    SpecialsApi3,
}

impl Specials {
    /// The special characters, in the order the documents list them.
    pub const fn chars(self) -> &'static str {
        match self {
            Specials::Specials2017 => SPECIALS_2017,
            Specials::SpecialsApi3 => SPECIALS_API3,
        }
    }

    /// The table bits that count as "special".
    pub(crate) const fn mask(self) -> u8 {
        match self {
            Specials::Specials2017 => SPECIAL_2017,
            Specials::SpecialsApi3 => SPECIAL_2017 | BACKTICK,
        }
    }

    /// The table bits of every allowed character.
    pub(crate) const fn allowed_mask(self) -> u8 {
        LOWER | UPPER | DIGIT | self.mask()
    }

    /// Whether every special of `self` is a special of `other`.
    pub const fn is_subset_of(self, other: Specials) -> bool {
        self.mask() & !other.mask() == 0
    }

    /// Whether `c` is allowed in a password under these specials.
    pub fn allows(self, c: char) -> bool {
        c.is_ascii() && CLASS[c as usize] & self.allowed_mask() != 0
    }
}

/// Why a character is outside the alphabet; reported instead of the character itself.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CharKind {
    /// A space, tab, line break or other Unicode white space.
    Whitespace,
    /// A control character that is not white space.
    Control,
    /// Any other non-ASCII character (letters with accents, CJK, emoji …).
    NonAscii,
    /// An ASCII symbol outside the profile's special set (`"`, `\`, and the backtick in `legacy-2017`).
    Symbol,
}

impl CharKind {
    /// The stable name: `whitespace`, `control`, `non_ascii`, `symbol`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CharKind::Whitespace => "whitespace",
            CharKind::Control => "control",
            CharKind::NonAscii => "non_ascii",
            CharKind::Symbol => "symbol",
        }
    }

    /// The kind of a character that is not allowed.
    pub(crate) fn of(c: char) -> CharKind {
        if c.is_whitespace() {
            CharKind::Whitespace
        } else if c.is_control() {
            CharKind::Control
        } else if !c.is_ascii() {
            CharKind::NonAscii
        } else {
            CharKind::Symbol
        }
    }
}

/// Scan-only bit: an ASCII byte with no class (a control, space, `"`, `\`), or
/// any byte of a non-ASCII character: a character outside every profile's alphabet.
pub(crate) const OUTSIDE: u8 = 1 << 5;
/// Scan-only bit: a byte of a non-ASCII character (`0x80`–`0xFF`).
pub(crate) const NON_ASCII: u8 = 1 << 6;

/// The table [`Scan`] reads: [`CLASS`], plus [`OUTSIDE`] on every byte without a
/// class and [`NON_ASCII`] on `0x80`–`0xFF`. Derived from `CLASS` at compile time,
/// so the two cannot disagree; OR-ing it over a password tells which classes are
/// present, whether a character is outside every alphabet, and whether counting
/// characters needs more than the byte length.
pub(crate) const SCAN: [u8; 256] = build_scan_table();

const fn build_scan_table() -> [u8; 256] {
    let mut table = [0u8; 256];
    let mut b = 0usize;
    while b < 256 {
        let class = CLASS[b];
        table[b] =
            class | if class == 0 { OUTSIDE } else { 0 } | if b >= 0x80 { NON_ASCII } else { 0 };
        b += 1;
    }
    table
}

/// What one pass over a password's bytes tells every password rule, whatever
/// the profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scan {
    /// Unicode scalar values (the length of section 4).
    pub chars: usize,
    /// The union of the [`SCAN`] bits of every byte.
    pub bits: u8,
    /// Whether the first character is `/`.
    pub leading_slash: bool,
}

impl Scan {
    /// The scan bits a key keeps (the classes and [`OUTSIDE`]; not [`NON_ASCII`],
    /// which only says how the length was counted).
    const KEY_BITS: u8 = LOWER | UPPER | DIGIT | SPECIAL_2017 | BACKTICK | OUTSIDE;

    /// The number of distinct keys ([`Scan::key`]).
    pub const KEYS: usize = 128;

    /// Scans `password` once: the loop ORs one table entry per byte and has no
    /// branch. ASCII text has one character per byte; only a password holding a
    /// non-ASCII character (which fails `password.charset` anyway) is counted again
    /// by `chars()`.
    #[inline]
    pub fn new(password: &str) -> Scan {
        let bytes = password.as_bytes();
        let mut bits = 0u8;
        for &b in bytes {
            bits |= SCAN[b as usize];
        }
        let chars = if bits & NON_ASCII == 0 {
            bytes.len()
        } else {
            password.chars().count()
        };
        Scan {
            chars,
            bits,
            leading_slash: bytes.first() == Some(&b'/'),
        }
    }

    /// Whether some character is not allowed under `specials`.
    #[inline]
    pub const fn has_disallowed(&self, specials: Specials) -> bool {
        let disallowed = OUTSIDE | (BACKTICK & !specials.mask());
        self.bits & disallowed != 0
    }

    /// The classes present, as the profile counts them (`letter` included).
    #[inline]
    pub const fn classes(&self, specials: Specials) -> ClassSet {
        let lower = (self.bits & LOWER != 0) as u8;
        let upper = (self.bits & UPPER != 0) as u8;
        let digit = (self.bits & DIGIT != 0) as u8;
        let special = (self.bits & specials.mask() != 0) as u8;
        ClassSet::from_bits(
            (lower * Class::Lower.bit())
                | (upper * Class::Upper.bit())
                | ((lower | upper) * Class::Letter.bit())
                | (digit * Class::Digit.bit())
                | (special * Class::Special.bit()),
        )
    }

    /// Everything besides the length that a rule can read from a scan, as a number
    /// below [`Scan::KEYS`]: the class bits, [`OUTSIDE`], and the leading slash.
    /// A compiled policy looks its verdict up by this key.
    #[inline]
    pub const fn key(&self) -> usize {
        (self.bits & Scan::KEY_BITS) as usize | ((self.leading_slash as usize) << 6)
    }

    /// A scan with the given key and no characters: what a rule that does not read
    /// the length sees of every password with that key.
    pub const fn from_key(key: usize) -> Scan {
        Scan {
            chars: 0,
            bits: key as u8 & Scan::KEY_BITS,
            leading_slash: key & (1 << 6) != 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::{String, ToString};
    use alloc::vec;

    fn expected_bits(b: u8) -> u8 {
        match b {
            b'a'..=b'z' => LOWER,
            b'A'..=b'Z' => UPPER,
            b'0'..=b'9' => DIGIT,
            b'`' => BACKTICK,
            _ if SPECIALS_2017.as_bytes().contains(&b) => SPECIAL_2017,
            _ => 0,
        }
    }

    #[test]
    fn every_byte_has_the_class_of_section_3() {
        for b in 0..=255u8 {
            assert_eq!(CLASS[b as usize], expected_bits(b), "byte {b:#04x}");
        }
    }

    #[test]
    fn every_byte_has_at_most_one_class() {
        for b in 0..=255u8 {
            assert!(CLASS[b as usize].count_ones() <= 1, "byte {b:#04x}");
        }
    }

    #[test]
    fn special_sets_have_the_documented_sizes_and_no_repeats() {
        assert_eq!(SPECIALS_2017.len(), 29);
        assert_eq!(SPECIALS_API3.len(), 30);
        for set in [SPECIALS_2017, SPECIALS_API3] {
            let mut seen = [false; 128];
            for b in set.bytes() {
                assert!(!seen[b as usize], "{} repeated", b as char);
                seen[b as usize] = true;
            }
        }
        assert!(SPECIALS_API3.starts_with(SPECIALS_2017));
    }

    #[test]
    fn allowed_alphabet_per_profile() {
        for b in 0..128u8 {
            let c = b as char;
            let member = c.is_ascii_alphanumeric() || SPECIALS_2017.contains(c);
            assert_eq!(Specials::Specials2017.allows(c), member, "{c:?} in 2017");
            assert_eq!(
                Specials::SpecialsApi3.allows(c),
                member || c == '`',
                "{c:?} in api3"
            );
        }
        for c in [' ', '"', '\\', '\t', '\0', '\u{7f}'] {
            assert!(!Specials::Specials2017.allows(c));
            assert!(!Specials::SpecialsApi3.allows(c));
        }
        assert!(!Specials::Specials2017.allows('`'));
        assert!(Specials::SpecialsApi3.allows('`'));
        assert!(!Specials::SpecialsApi3.allows('é'));
    }

    #[test]
    fn no_byte_of_a_non_ascii_character_has_a_class() {
        for b in 0x80..=0xFFu8 {
            assert_eq!(CLASS[b as usize], 0);
        }
    }

    #[test]
    fn scan_table_is_class_plus_outside_and_non_ascii() {
        for b in 0..=255u8 {
            let class = CLASS[b as usize];
            let scan = SCAN[b as usize];
            assert_eq!(scan & !(OUTSIDE | NON_ASCII), class, "byte {b:#04x}");
            assert_eq!(scan & OUTSIDE != 0, class == 0, "byte {b:#04x}");
            assert_eq!(scan & NON_ASCII != 0, b >= 0x80, "byte {b:#04x}");
        }
    }

    /// The naive twin of `Scan`: character by character, no table.
    fn naive_scan(password: &str, specials: Specials) -> (usize, bool, ClassSet, bool) {
        let mut classes = ClassSet::EMPTY;
        for c in password.chars() {
            if c.is_ascii_lowercase() {
                classes = classes.with(Class::Lower).with(Class::Letter);
            } else if c.is_ascii_uppercase() {
                classes = classes.with(Class::Upper).with(Class::Letter);
            } else if c.is_ascii_digit() {
                classes = classes.with(Class::Digit);
            } else if specials.chars().contains(c) {
                classes = classes.with(Class::Special);
            }
        }
        let disallowed = password.chars().any(|c| !specials.allows(c));
        (
            password.chars().count(),
            disallowed,
            classes,
            password.starts_with('/'),
        )
    }

    #[test]
    fn scan_agrees_with_its_naive_twin() {
        let alphabet = [
            'a', 'Z', '5', '!', '/', '`', ' ', '"', '\\', '\t', '\0', 'é', '密', '😀', '\u{7f}',
        ];
        let mut inputs = vec![String::new()];
        for a in alphabet {
            inputs.push(a.to_string());
            for b in alphabet {
                inputs.push(format!("{a}{b}"));
                for c in alphabet {
                    inputs.push(format!("{a}{b}{c}"));
                }
            }
        }
        inputs.push("abc123ABC!@#xyz9".into());
        for input in &inputs {
            let scan = Scan::new(input);
            for specials in [Specials::Specials2017, Specials::SpecialsApi3] {
                let (chars, disallowed, classes, slash) = naive_scan(input, specials);
                assert_eq!(scan.chars, chars, "{input:?}");
                assert_eq!(scan.has_disallowed(specials), disallowed, "{input:?}");
                assert_eq!(scan.classes(specials), classes, "{input:?}");
                assert_eq!(scan.leading_slash, slash, "{input:?}");
            }
        }
    }

    #[test]
    fn keys_round_trip() {
        for key in 0..Scan::KEYS {
            assert_eq!(Scan::from_key(key).key(), key);
        }
        assert!(Scan::new("/\u{e9}").key() < Scan::KEYS);
    }

    #[test]
    fn scan_counts_chars_classes_and_disallowed() {
        let s = Scan::new("aB3!é `");
        assert_eq!(s.chars, 7);
        assert!(s.has_disallowed(Specials::Specials2017)); // é, space, backtick
        assert!(s.has_disallowed(Specials::SpecialsApi3)); // é, space
        assert!(!s.leading_slash);
        let classes = s.classes(Specials::Specials2017);
        assert_eq!(classes.len(), 5);
        let api3 = Scan::new("ab`");
        assert!(!api3.has_disallowed(Specials::SpecialsApi3));
        assert!(api3.has_disallowed(Specials::Specials2017));
        assert!(api3
            .classes(Specials::SpecialsApi3)
            .contains(Class::Special));
        assert!(!Scan::new("ab`")
            .classes(Specials::Specials2017)
            .contains(Class::Special));
        assert!(Scan::new("/x").leading_slash);
        assert_eq!(Scan::new("").chars, 0);
        assert_eq!(Scan::new("密码").chars, 2);
    }

    #[test]
    fn char_kinds() {
        assert_eq!(CharKind::of(' '), CharKind::Whitespace);
        assert_eq!(CharKind::of('\t'), CharKind::Whitespace);
        assert_eq!(CharKind::of('\u{3000}'), CharKind::Whitespace);
        assert_eq!(CharKind::of('\0'), CharKind::Control);
        assert_eq!(CharKind::of('\u{7f}'), CharKind::Control);
        assert_eq!(CharKind::of('é'), CharKind::NonAscii);
        assert_eq!(CharKind::of('"'), CharKind::Symbol);
        assert_eq!(CharKind::of('`'), CharKind::Symbol);
    }

    #[test]
    fn subclasses() {
        assert!(Class::Lower.is_subclass_of(Class::Letter));
        assert!(Class::Upper.is_subclass_of(Class::Letter));
        assert!(!Class::Letter.is_subclass_of(Class::Lower));
        assert!(Class::Digit.is_subclass_of(Class::Digit));
        assert!(!Class::Digit.is_subclass_of(Class::Special));
    }
}
