//! Character classes and special-character sets, and the one
//! pass over a password's bytes that every password rule reads.
//!
//! A [`Specials`] set is a bit set over ASCII, so any set of printable ASCII
//! symbols is as cheap as the sets of Tencent's pages. Non-ASCII characters
//! are never special and never allowed by `password.charset`.

use core::fmt;

use crate::char_kind::CharKind;
use crate::value_error::ValueError;

/// The 29 special characters of Tencent's legacy API page for
/// `ResetInstancesPassword`, in its order.
pub(crate) const SPECIALS_2017: &str = "()~!@#$%^&*-+=_|{}[]:;'<>,.?/";
/// `SPECIALS_2017` plus the backtick.
pub(crate) const SPECIALS_API3: &str = "()~!@#$%^&*-+=_|{}[]:;'<>,.?/`";
/// The 27 special characters of API 3.0 `LoginSettings.Password`:
/// `SPECIALS_API3` without `_`, `<` and `>`.
pub(crate) const SPECIALS_LOGIN: &str = "()~!@#$%^&*-+=|{}[]:;',.?/`";

/// Every printable ASCII symbol (the 32 non-alphanumeric characters from `!` to
/// `~`), in the order sets are shown: the legacy page's order, then the
/// backtick, `"` and `\`.
const DISPLAY_ORDER: &str = "()~!@#$%^&*-+=_|{}[]:;'<>,.?/`\"\\";

/// One character class.
///
/// ```
/// use cvm_rules::{Class, ClassSet, Params, Password, PasswordRule, Specials};
/// assert_eq!(Class::from_name("Digit"), Some(Class::Digit));
/// assert_eq!(Class::Special.to_string(), "special");
/// // A classes rule counts the classes of its set that the password uses.
/// let rule = PasswordRule::Classes {
///     required: 3,
///     of: ClassSet::LOWER_UPPER_DIGIT_SPECIAL,
///     specials: Specials::API3,
/// };
/// assert!(rule.check(&Password::new("abcDEF12"), None).is_ok());
/// let Err(Params::Classes { found, missing, .. }) = rule.check(&Password::new("abcdef12"), None) else {
///     panic!()
/// };
/// assert_eq!(found, 2);
/// assert_eq!(missing, ClassSet::of(&[Class::Upper, Class::Special]));
/// ```
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
    /// The rule's special characters.
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

    /// The class with this name (`lower`, `upper`, `letter`, `digit`, `special`),
    /// ignoring ASCII case.
    pub fn from_name(name: &str) -> Option<Class> {
        Class::ALL
            .into_iter()
            .find(|c| c.as_str().eq_ignore_ascii_case(name))
    }

    const fn bit(self) -> u8 {
        match self {
            Class::Lower => 0b0_0001,
            Class::Upper => 0b0_0010,
            Class::Letter => 0b0_0100,
            Class::Digit => 0b0_1000,
            Class::Special => 0b1_0000,
        }
    }

    /// The ASCII characters of the class, as a bit set (`specials` for `special`).
    pub(crate) const fn members(self, specials: Specials) -> u128 {
        match self {
            Class::Lower => LOWER_MASK,
            Class::Upper => UPPER_MASK,
            Class::Letter => LOWER_MASK | UPPER_MASK,
            Class::Digit => DIGIT_MASK,
            Class::Special => specials.0,
        }
    }
}

impl fmt::Display for Class {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A set of [`Class`]es: small, `Copy`, iterated in [`Class::ALL`] order.
///
/// ```
/// use cvm_rules::{Class, ClassSet};
/// let set = ClassSet::of(&[Class::Digit, Class::Lower]);
/// assert_eq!(set.len(), 2);
/// assert_eq!(set.iter().collect::<Vec<_>>(), [Class::Lower, Class::Digit]);
/// ```
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

    /// This set with `class` added.
    pub const fn with(self, class: Class) -> ClassSet {
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

impl FromIterator<Class> for ClassSet {
    fn from_iter<I: IntoIterator<Item = Class>>(iter: I) -> Self {
        iter.into_iter().fold(ClassSet::EMPTY, ClassSet::with)
    }
}

/// The bit set of the ASCII characters of `text` (const: the built-in sets are
/// built at compile time).
const fn ascii_mask(text: &str) -> u128 {
    let bytes = text.as_bytes();
    let mut mask = 0u128;
    let mut i = 0;
    while i < bytes.len() {
        mask |= 1 << (bytes[i] & 0x7F);
        i += 1;
    }
    mask
}

const fn range_mask(lo: u8, hi: u8) -> u128 {
    let mut mask = 0u128;
    let mut c = lo;
    while c <= hi {
        mask |= 1 << c;
        c += 1;
    }
    mask
}

/// `a`–`z` as a bit set over ASCII.
pub(crate) const LOWER_MASK: u128 = range_mask(b'a', b'z');
/// `A`–`Z`.
pub(crate) const UPPER_MASK: u128 = range_mask(b'A', b'Z');
/// `0`–`9`.
pub(crate) const DIGIT_MASK: u128 = range_mask(b'0', b'9');
/// Every printable ASCII symbol: what a special set may hold.
const SYMBOL_MASK: u128 = ascii_mask(DISPLAY_ORDER);

/// A set of special characters: any printable ASCII symbols (`!` to `~`, letters
/// and digits excluded). `Copy` and compared as a bit set; shown in the order of
/// Tencent's pages.
///
/// ```
/// use cvm_rules::Specials;
/// let mine = Specials::new("()~!@#$%^&*-+={}[]:;',.?/").unwrap();
/// assert!(mine.is_subset_of(Specials::API3));
/// assert!(!mine.contains('_'));
/// assert_eq!(Specials::LEGACY_2017.to_string(), "()~!@#$%^&*-+=_|{}[]:;'<>,.?/");
/// assert!(Specials::new("ab").is_err()); // letters are not special
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct Specials(u128);

impl Specials {
    /// The 29 special characters of
    /// [Tencent's legacy API page for `ResetInstancesPassword`](https://cloud.tencent.com/document/api/213/9397),
    /// no backtick (`legacy-2017`):
    /// ``( ) ~ ! @ # $ % ^ & * - + = _ | { } [ ] : ; ' < > , . ? /``.
    pub const LEGACY_2017: Specials = Specials(ascii_mask(SPECIALS_2017));
    /// [`Specials::LEGACY_2017`] and the backtick (`api3`).
    pub const API3: Specials = Specials(ascii_mask(SPECIALS_API3));
    /// [`Specials::API3`] without `_`, `<`, `>`: 27 characters (`login-settings`).
    pub const LOGIN_SETTINGS: Specials = Specials(ascii_mask(SPECIALS_LOGIN));
    /// No special character.
    pub const NONE: Specials = Specials(0);

    /// The set of the characters of `chars` (repeats are harmless). Every one must
    /// be a printable ASCII symbol: not a letter, digit, space, control or
    /// non-ASCII character.
    pub fn new(chars: &str) -> Result<Specials, ValueError> {
        let mut mask = 0u128;
        for (index, c) in chars.chars().enumerate() {
            if !c.is_ascii() || SYMBOL_MASK & (1 << c as u32) == 0 {
                return Err(ValueError::NotSpecial {
                    position: index + 1,
                    kind: CharKind::of(c),
                });
            }
            mask |= 1 << c as u32;
        }
        Ok(Specials(mask))
    }

    /// Whether `c` is in the set.
    pub const fn contains(self, c: char) -> bool {
        (c as u32) < 128 && self.0 & (1 << c as u32) != 0
    }

    /// Whether every character of `self` is in `other`.
    pub const fn is_subset_of(self, other: Specials) -> bool {
        self.0 & !other.0 == 0
    }

    /// The characters in both sets.
    pub const fn intersection(self, other: Specials) -> Specials {
        Specials(self.0 & other.0)
    }

    /// The number of characters.
    pub const fn len(self) -> u32 {
        self.0.count_ones()
    }

    /// Whether the set is empty.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// The characters, in the order of Tencent's pages (then the backtick,
    /// `"` and `\`).
    pub fn chars(self) -> impl Iterator<Item = char> + Clone {
        DISPLAY_ORDER.chars().filter(move |c| self.contains(*c))
    }

    /// Whether `c` is allowed by `password.charset` with these specials: a letter,
    /// a digit or one of them.
    pub const fn allows(self, c: char) -> bool {
        (c as u32) < 128 && self.allowed_mask() & (1 << c as u32) != 0
    }

    /// The bit set of the specials.
    pub(crate) const fn mask(self) -> u128 {
        self.0
    }

    /// The bit set of every character `password.charset` allows with these specials.
    pub(crate) const fn allowed_mask(self) -> u128 {
        LOWER_MASK | UPPER_MASK | DIGIT_MASK | self.0
    }
}

impl fmt::Display for Specials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.chars().try_for_each(|c| fmt::Write::write_char(f, c))
    }
}

impl fmt::Debug for Specials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Specials({:?})",
            alloc::string::ToString::to_string(self)
        )
    }
}

/// What one pass over a password tells every password rule that does not read
/// the text itself: its length, which ASCII characters it holds, whether it holds
/// anything else, and its first character.
///
/// This is the exact, general form the rules are written against. A compiled
/// policy decides valid passwords faster from a table of its own (see `policy`),
/// derived from these same rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Scan {
    /// Unicode scalar values (what a length counts).
    pub chars: usize,
    /// Bit `c`: the ASCII character `c` occurs.
    pub present: u128,
    /// A non-ASCII character occurs.
    pub non_ascii: bool,
    /// The first character is `/`.
    pub leading_slash: bool,
}

impl Scan {
    /// Scans `password` once.
    pub fn new(password: &str) -> Scan {
        let mut present = 0u128;
        let mut non_ascii = false;
        for &b in password.as_bytes() {
            if b < 0x80 {
                present |= 1 << b;
            } else {
                non_ascii = true;
            }
        }
        Scan {
            chars: if non_ascii {
                password.chars().count()
            } else {
                password.len()
            },
            present,
            non_ascii,
            leading_slash: password.as_bytes().first() == Some(&b'/'),
        }
    }

    /// Whether a character of `class` occurs (`specials` says what is special).
    pub const fn has(&self, class: Class, specials: Specials) -> bool {
        self.present & class.members(specials) != 0
    }

    /// The classes of `of` that occur.
    pub const fn classes(&self, of: ClassSet, specials: Specials) -> ClassSet {
        let mut found = ClassSet::EMPTY;
        let mut i = 0;
        while i < Class::ALL.len() {
            let class = Class::ALL[i];
            if of.contains(class) && self.has(class, specials) {
                found = found.with(class);
            }
            i += 1;
        }
        found
    }

    /// Whether some character is not allowed by `password.charset` with `specials`.
    pub const fn has_disallowed(&self, specials: Specials) -> bool {
        self.non_ascii || self.present & !specials.allowed_mask() != 0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::{String, ToString};
    use alloc::vec;

    #[test]
    fn special_sets_have_the_documented_sizes_and_members() {
        assert_eq!(Specials::LEGACY_2017.len(), 29);
        assert_eq!(Specials::API3.len(), 30);
        assert_eq!(Specials::LOGIN_SETTINGS.len(), 27);
        for (set, text) in [
            (Specials::LEGACY_2017, SPECIALS_2017),
            (Specials::API3, SPECIALS_API3),
            (Specials::LOGIN_SETTINGS, SPECIALS_LOGIN),
        ] {
            assert_eq!(set.len() as usize, text.len(), "{text} has a repeat");
            assert_eq!(set.to_string(), text, "shown in the documents' order");
            assert_eq!(Specials::new(text), Ok(set));
        }
        assert!(Specials::LEGACY_2017.is_subset_of(Specials::API3));
        assert!(Specials::LOGIN_SETTINGS.is_subset_of(Specials::API3));
        assert!(!Specials::LOGIN_SETTINGS.is_subset_of(Specials::LEGACY_2017));
        for c in ['_', '<', '>'] {
            assert!(!Specials::LOGIN_SETTINGS.contains(c) && Specials::API3.contains(c));
        }
        assert!(Specials::LOGIN_SETTINGS.contains('`'));
        assert_eq!(DISPLAY_ORDER.len(), 32);
        assert_eq!(SYMBOL_MASK.count_ones(), 32);
    }

    #[test]
    fn only_printable_ascii_symbols_can_be_special() {
        for b in 0..128u8 {
            let c = b as char;
            let symbol = c.is_ascii_graphic() && !c.is_ascii_alphanumeric();
            assert_eq!(Specials::new(&c.to_string()).is_ok(), symbol, "{c:?}");
        }
        let not_special = |position, kind| Err(ValueError::NotSpecial { position, kind });
        assert_eq!(Specials::new("!@ é"), not_special(3, CharKind::Whitespace));
        assert_eq!(Specials::new("!é"), not_special(2, CharKind::NonAscii));
        assert_eq!(Specials::new("!a"), not_special(2, CharKind::Symbol));
        assert_eq!(Specials::new("\u{7f}"), not_special(1, CharKind::Control));
        assert_eq!(Specials::new(""), Ok(Specials::NONE));
        assert_eq!(Specials::new("!!@"), Specials::new("@!"));
    }

    #[test]
    fn set_operations() {
        let a = Specials::new("!@#").unwrap();
        let b = Specials::new("#$").unwrap();
        assert_eq!(a.intersection(b), Specials::new("#").unwrap());
        assert!(!a.is_subset_of(b));
        assert!(a.intersection(b).is_subset_of(a));
        assert!(Specials::NONE.is_empty() && !a.is_empty());
        assert_eq!(a.to_string(), "!@#");
        assert_eq!(format!("{a:?}"), "Specials(\"!@#\")");
    }

    #[test]
    fn allowed_alphabet_per_set() {
        for b in 0..=255u8 {
            let c = b as char;
            let member = c.is_ascii_alphanumeric() || SPECIALS_2017.contains(c);
            assert_eq!(Specials::LEGACY_2017.allows(c), member, "{c:?} in 2017");
            assert_eq!(
                Specials::API3.allows(c),
                member || c == '`',
                "{c:?} in api3"
            );
        }
        for c in [' ', '"', '\\', '\t', '\0', '\u{7f}', 'é', '密'] {
            assert!(!Specials::API3.allows(c), "{c:?}");
        }
        // Membership at the edge of the bit set: 127 is the last bit, 128 none.
        for c in (0..=255u8).map(char::from).chain(['密']) {
            assert_eq!(
                Specials::API3.contains(c),
                SPECIALS_API3.contains(c),
                "{c:?}"
            );
        }
    }

    #[test]
    fn class_sets() {
        let set = ClassSet::of(&[Class::Lower, Class::Digit]);
        assert_eq!(set.len(), 2);
        assert!(set.contains(Class::Lower) && !set.contains(Class::Upper));
        assert_eq!(set.union(ClassSet::of(&[Class::Upper])).len(), 3);
        // Overlapping sets: the shared class stays in the union.
        let overlapping = ClassSet::of(&[Class::Digit, Class::Special]);
        assert_eq!(
            set.union(overlapping),
            ClassSet::of(&[Class::Lower, Class::Digit, Class::Special])
        );
        assert_eq!(set.union(set), set);
        assert_eq!(set.intersection(ClassSet::LOWER_UPPER_DIGIT_SPECIAL), set);
        assert_eq!(
            ClassSet::LOWER_UPPER_DIGIT_SPECIAL.difference(set),
            ClassSet::of(&[Class::Upper, Class::Special])
        );
        assert_eq!(format!("{set:?}"), "{Lower, Digit}");
        assert_eq!(Class::from_name("DIGIT"), Some(Class::Digit));
        for class in Class::ALL {
            assert_eq!(class.to_string(), class.as_str());
        }
        assert_eq!(Class::from_name("digits"), None);
        let collected: ClassSet = [Class::Special, Class::Letter].into_iter().collect();
        assert_eq!(
            collected,
            ClassSet::LETTER_DIGIT_SPECIAL.difference(ClassSet::of(&[Class::Digit]))
        );
    }

    /// The naive twin of `Scan`: character by character, no bit sets.
    fn naive_scan(password: &str, specials: Specials) -> (usize, bool, ClassSet, bool) {
        let mut classes = ClassSet::EMPTY;
        for c in password.chars() {
            if c.is_ascii_lowercase() {
                classes = classes.with(Class::Lower).with(Class::Letter);
            } else if c.is_ascii_uppercase() {
                classes = classes.with(Class::Upper).with(Class::Letter);
            } else if c.is_ascii_digit() {
                classes = classes.with(Class::Digit);
            } else if specials.chars().any(|s| s == c) {
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
            'a', 'Z', '5', '!', '/', '`', '_', ' ', '"', '\\', '\t', '\0', 'é', '密', '😀',
            '\u{7f}',
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
        let all = ClassSet::of(&Class::ALL);
        for input in &inputs {
            let scan = Scan::new(input);
            for specials in [
                Specials::LEGACY_2017,
                Specials::API3,
                Specials::LOGIN_SETTINGS,
                Specials::NONE,
            ] {
                let (chars, disallowed, classes, slash) = naive_scan(input, specials);
                assert_eq!(scan.chars, chars, "{input:?}");
                assert_eq!(scan.has_disallowed(specials), disallowed, "{input:?}");
                assert_eq!(scan.classes(all, specials), classes, "{input:?}");
                assert_eq!(scan.leading_slash, slash, "{input:?}");
            }
        }
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
}
