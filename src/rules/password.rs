//! The password rules of section 4, as data: each rule is a value with its
//! parameters, checked against one [`Scan`] of the password.

use alloc::vec::Vec;
use unicode_segmentation::UnicodeSegmentation;

use crate::charset::{CharKind, Class, ClassSet, Scan, Specials};
use crate::diagnostic::{BadChar, Params, RuleId};
use crate::limits::{MAX_REPORTED_POSITIONS, MAX_USER_NAME_SEARCH};
use crate::os::OsFamily;

/// One password rule with its parameters.
///
/// ```
/// use cvm_rules::{ClassSet, PasswordRule, Specials};
/// let windows_2017 = PasswordRule::Classes {
///     required: 3,
///     of: ClassSet::LOWER_UPPER_DIGIT_SPECIAL,
///     specials: Specials::Specials2017,
/// };
/// let linux_2017 = PasswordRule::Classes {
///     required: 2,
///     of: ClassSet::LETTER_DIGIT_SPECIAL,
///     specials: Specials::Specials2017,
/// };
/// assert!(windows_2017.implies(&linux_2017));
/// assert!(!linux_2017.implies(&windows_2017));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PasswordRule {
    /// `password.length`: `min..=max` Unicode scalar values.
    Length {
        /// Fewest characters.
        min: u32,
        /// Most characters.
        max: u32,
    },
    /// `password.classes`: at least `required` of the classes `of`.
    Classes {
        /// How many classes are required.
        required: u8,
        /// The classes that count.
        of: ClassSet,
        /// What counts as `special`.
        specials: Specials,
    },
    /// `password.leading_slash`: must not start with `/`.
    NoLeadingSlash,
    /// `password.charset`: only letters, digits and `specials`.
    Charset {
        /// The allowed specials.
        specials: Specials,
    },
    /// `password.contains_username`: must not contain the effective user name,
    /// case-insensitively; skipped for names shorter than `min_name_chars`.
    NoUserName {
        /// Shorter names are not looked for.
        min_name_chars: u8,
        /// The family whose default account applies when the request gives no `UserName`.
        default_for: OsFamily,
    },
}

/// What a rule is checked against, besides the scan.
pub(crate) struct Subject<'a> {
    pub password: &'a str,
    pub scan: Scan,
    /// The request's `UserName`, if any.
    pub user_name: Option<&'a str>,
    /// The query form's raw value held `+`.
    pub plus_hint: bool,
}

impl PasswordRule {
    /// The stable rule id.
    pub const fn id(&self) -> RuleId {
        match self {
            PasswordRule::Length { .. } => RuleId::PasswordLength,
            PasswordRule::Classes { .. } => RuleId::PasswordClasses,
            PasswordRule::NoLeadingSlash => RuleId::PasswordLeadingSlash,
            PasswordRule::Charset { .. } => RuleId::PasswordCharset,
            PasswordRule::NoUserName { .. } => RuleId::PasswordContainsUsername,
        }
    }

    /// Whether every password that satisfies `self` also satisfies `other`
    /// (for the same user name). Used to drop rules a stricter one makes redundant;
    /// the claims are proven by the exhaustive and property tests in `tests/`.
    pub const fn implies(&self, other: &PasswordRule) -> bool {
        use PasswordRule::*;
        match (*self, *other) {
            (Length { min: a, max: b }, Length { min: c, max: d }) => a >= c && b <= d,
            (
                Classes {
                    required: k,
                    of,
                    specials,
                },
                Classes {
                    required: k2,
                    of: of2,
                    specials: specials2,
                },
            ) => classes_imply(k, of, specials, k2, of2, specials2),
            (NoLeadingSlash, NoLeadingSlash) => true,
            (Charset { specials: a }, Charset { specials: b }) => a.is_subset_of(b),
            (
                NoUserName {
                    min_name_chars: a,
                    default_for: x,
                },
                NoUserName {
                    min_name_chars: b,
                    default_for: y,
                },
            ) => a <= b && x as u8 == y as u8,
            _ => false,
        }
    }

    /// Whether the password satisfies the rule: a few comparisons against the scan
    /// (and, for `password.contains_username`, a search), no diagnostics.
    #[inline]
    pub(crate) fn passes(&self, subject: &Subject<'_>) -> bool {
        match *self {
            PasswordRule::NoUserName {
                min_name_chars,
                default_for,
            } => {
                let name = subject.user_name.unwrap_or(default_for.default_account());
                !contains_user_name(subject.password, name, min_name_chars)
            }
            _ => self.passes_scan(&subject.scan),
        }
    }

    /// Whether the rule passes as far as the scan can tell: the verdict of every
    /// rule but `password.contains_username`, which needs the text (`true` here:
    /// see [`PasswordRule::needs_text`]). A `const fn`, so policies evaluate it at
    /// compile time over every [`Scan::key`] (see `Policy::resolve`).
    #[inline]
    pub(crate) const fn passes_scan(&self, scan: &Scan) -> bool {
        match *self {
            PasswordRule::Length { min, max } => {
                let actual = scan.chars as u64;
                actual >= min as u64 && actual <= max as u64
            }
            PasswordRule::Classes {
                required,
                of,
                specials,
            } => scan.classes(specials).intersection(of).len() >= required,
            PasswordRule::NoLeadingSlash => !scan.leading_slash,
            PasswordRule::Charset { specials } => !scan.has_disallowed(specials),
            PasswordRule::NoUserName { .. } => true,
        }
    }

    /// Whether the rule reads the password's text, not only its scan.
    pub(crate) const fn needs_text(&self) -> bool {
        matches!(self, PasswordRule::NoUserName { .. })
    }

    /// Checks the rule; `Some(params)` describes the failure.
    #[inline]
    pub(crate) fn check(&self, subject: &Subject<'_>) -> Option<Params> {
        if self.passes(subject) {
            None
        } else {
            Some(self.failure(subject))
        }
    }

    /// The params of a failure; called only when [`PasswordRule::passes`] is false.
    #[cold]
    pub(crate) fn failure(&self, subject: &Subject<'_>) -> Params {
        let scan = &subject.scan;
        match *self {
            PasswordRule::Length { min, max } => Params::Range {
                min: min.into(),
                max: max.into(),
                actual: scan.chars as u64,
            },
            PasswordRule::Classes {
                required,
                of,
                specials,
            } => {
                let present = scan.classes(specials).intersection(of);
                Params::Classes {
                    required,
                    found: present.len(),
                    classes: of,
                    missing: of.difference(present),
                    specials,
                }
            }
            PasswordRule::NoLeadingSlash => Params::None,
            PasswordRule::Charset { specials } => charset_failure(subject, specials),
            PasswordRule::NoUserName { min_name_chars, .. } => Params::UserName { min_name_chars },
        }
    }
}

/// Whether "at least `k` of `of`" guarantees "at least `k2` of `of2`": for every
/// smallest way of meeting the first (each `k`-subset of `of`), the classes of
/// `of2` it guarantees number at least `k2`. A `const fn`, so profiles resolve
/// their policies at compile time.
const fn classes_imply(
    k: u8,
    of: ClassSet,
    specials: Specials,
    k2: u8,
    of2: ClassSet,
    specials2: Specials,
) -> bool {
    let specials_carry = specials.is_subset_of(specials2);
    let mut subset = 0u8;
    loop {
        let chosen = ClassSet::from_bits(subset);
        if chosen.difference(of).is_empty() && chosen.len() == k {
            let mut guaranteed = 0u8;
            let mut t = 0;
            while t < Class::ALL.len() {
                let target = Class::ALL[t];
                if of2.contains(target) && guarantees(chosen, target, specials_carry) {
                    guaranteed += 1;
                }
                t += 1;
            }
            if guaranteed < k2 {
                return false;
            }
        }
        if subset == ClassSet::ALL_BITS {
            return true; // also when `k` exceeds `of`: unsatisfiable implies anything
        }
        subset += 1;
    }
}

/// Whether a password holding a character of each class of `chosen` must hold one of `target`.
const fn guarantees(chosen: ClassSet, target: Class, specials_carry: bool) -> bool {
    let mut c = 0;
    while c < Class::ALL.len() {
        let class = Class::ALL[c];
        if chosen.contains(class)
            && class.is_subclass_of(target)
            && (!matches!(class, Class::Special) || specials_carry)
        {
            return true;
        }
        c += 1;
    }
    false
}

/// The charset failure: grapheme positions and kinds, never the characters.
/// Runs only when the scan found a character outside the alphabet.
fn charset_failure(subject: &Subject<'_>, specials: Specials) -> Params {
    let (positions, count) = bad_graphemes(subject.password, specials);
    let has_space = subject.password.contains(' ');
    Params::Charset {
        positions,
        count,
        specials,
        plus_hint: subject.plus_hint && has_space,
    }
}

/// The first [`MAX_REPORTED_POSITIONS`] grapheme clusters holding a character not
/// allowed under `specials` (1-based, with the kind of the first such character),
/// and how many clusters do.
///
/// ASCII text skips the segmenter: under UAX #29 every ASCII character is its own
/// cluster except CR LF, which is one (rule GB3); no ASCII character extends,
/// prepends or joins. The tests compare both paths.
fn bad_graphemes(password: &str, specials: Specials) -> (Vec<BadChar>, usize) {
    let mut positions = Vec::new();
    let mut count = 0usize;
    let mut note = |index: usize, bad: char| {
        count += 1;
        if positions.len() < MAX_REPORTED_POSITIONS {
            positions.push(BadChar {
                position: index + 1,
                kind: CharKind::of(bad),
            });
        }
    };
    if password.is_ascii() {
        let bytes = password.as_bytes();
        let (mut i, mut index) = (0, 0);
        while i < bytes.len() {
            let cluster = if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') {
                &bytes[i..i + 2]
            } else {
                &bytes[i..i + 1]
            };
            if let Some(&bad) = cluster.iter().find(|&&b| !specials.allows(char::from(b))) {
                note(index, char::from(bad));
            }
            i += cluster.len();
            index += 1;
        }
    } else {
        for (index, grapheme) in password.graphemes(true).enumerate() {
            if let Some(bad) = grapheme.chars().find(|c| !specials.allows(*c)) {
                note(index, bad);
            }
        }
    }
    (positions, count)
}

/// Case-insensitive containment of `name` in `password` (both lowercased). Names
/// shorter than `min_chars` are not looked for; nor is a name with more characters
/// than the password has bytes, which lowercasing cannot make fit.
///
/// Linear in the input, whatever the name's length: a name of at most
/// [`MAX_USER_NAME_SEARCH`] bytes (every valid `UserName`, and the default
/// accounts) is compared at each place of an ASCII password without allocating;
/// longer or non-ASCII text is lowercased into copies searched with `str::contains`
/// (Two-Way: linear in both lengths).
fn contains_user_name(password: &str, name: &str, min_chars: u8) -> bool {
    if name.len() < usize::from(min_chars) || name.len() > 4 * password.len() {
        return false;
    }
    let name_chars = name.chars().count();
    if name_chars < usize::from(min_chars) || name_chars > password.len() {
        return false;
    }
    if password.is_ascii() && name.is_ascii() {
        let needle = name.as_bytes();
        if needle.len() <= MAX_USER_NAME_SEARCH {
            return password
                .as_bytes()
                .windows(needle.len())
                .any(|w| w.eq_ignore_ascii_case(needle));
        }
        return password
            .to_ascii_lowercase()
            .contains(&name.to_ascii_lowercase());
    }
    // Non-ASCII text (which fails `password.charset` anyway): full Unicode lowercasing.
    password.to_lowercase().contains(&name.to_lowercase())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_name_containment() {
        assert!(contains_user_name("xxADMINISTRATORxx", "Administrator", 3));
        assert!(contains_user_name("my-Root-pw", "root", 3));
        assert!(!contains_user_name("my-Ro0t-pw", "root", 3));
        assert!(!contains_user_name("abAB12", "ab", 3));
        assert!(contains_user_name("xÉCOLEx", "école", 3));
        assert!(!contains_user_name("ab", "abc", 3));
    }

    /// The segmenter path, on any text: the naive twin of the ASCII path.
    fn bad_graphemes_by_segmenter(password: &str, specials: Specials) -> (Vec<BadChar>, usize) {
        let mut positions = Vec::new();
        let mut count = 0;
        for (index, grapheme) in password.graphemes(true).enumerate() {
            if let Some(bad) = grapheme.chars().find(|c| !specials.allows(*c)) {
                count += 1;
                if positions.len() < MAX_REPORTED_POSITIONS {
                    positions.push(BadChar {
                        position: index + 1,
                        kind: CharKind::of(bad),
                    });
                }
            }
        }
        (positions, count)
    }

    #[test]
    fn ascii_clusters_agree_with_the_segmenter() {
        let alphabet = [
            b'a', b'Z', b'1', b'!', b'`', b' ', b'"', b'\\', b'\r', b'\n', b'\t', 0, 0x7f,
        ];
        let mut inputs: Vec<Vec<u8>> = vec![Vec::new()];
        for _ in 0..4 {
            let longer: Vec<Vec<u8>> = inputs
                .iter()
                .filter(|s| s.len() == inputs.last().map_or(0, Vec::len))
                .flat_map(|s| alphabet.iter().map(move |&b| [s.as_slice(), &[b]].concat()))
                .collect();
            inputs.extend(longer);
        }
        inputs.push(b"\r\n\r\r\n\n a b c d e f g h i j k l m n o p q r s".to_vec());
        for input in &inputs {
            let text = core::str::from_utf8(input).unwrap();
            for specials in [Specials::Specials2017, Specials::SpecialsApi3] {
                assert_eq!(
                    bad_graphemes(text, specials),
                    bad_graphemes_by_segmenter(text, specials),
                    "{text:?}"
                );
            }
        }
    }

    #[test]
    fn long_names_are_looked_for() {
        // Longer than any valid `UserName`, still a name the password must not hold
        // (spec section 4 sets no upper bound); found by the `password` fuzz target.
        let name = "n".repeat(MAX_USER_NAME_SEARCH + 1);
        let password = alloc::format!("aB3!{}x", name.to_uppercase());
        assert!(contains_user_name(&password, &name, 3));
        assert!(!contains_user_name(
            &password[..password.len() - 2],
            &name,
            3
        ));
        let wide = "\u{FFFD}".repeat(300);
        assert!(contains_user_name(&wide, &wide[3..], 3));
    }

    #[test]
    fn length_implication() {
        let win = PasswordRule::Length { min: 12, max: 16 };
        let linux = PasswordRule::Length { min: 8, max: 16 };
        assert!(win.implies(&linux));
        assert!(!linux.implies(&win));
        assert!(!PasswordRule::Length { min: 8, max: 30 }.implies(&win));
    }

    #[test]
    fn api3_specials_do_not_imply_2017_specials() {
        let api3 = PasswordRule::Charset {
            specials: Specials::SpecialsApi3,
        };
        let legacy = PasswordRule::Charset {
            specials: Specials::Specials2017,
        };
        assert!(legacy.implies(&api3));
        assert!(!api3.implies(&legacy));
    }
}
