//! The kinds of character a password may not hold, reported in their place:
//! the bottom of the crate (the character classes and the value errors both
//! name a kind).

/// Why a character is outside the alphabet; reported instead of the character itself.
///
/// ```
/// use cvm_rules::parts::CharKind;
/// use cvm_rules::{Params, Password, PasswordRule, Specials};
/// let rule = PasswordRule::Charset { specials: Specials::API3 };
/// let Err(Params::Charset { positions, .. }) = rule.check(&Password::new("a b\u{7}é\""), None) else {
///     panic!()
/// };
/// let kinds: Vec<CharKind> = positions.iter().map(|bad| bad.kind).collect();
/// assert_eq!(
///     kinds,
///     [CharKind::Whitespace, CharKind::Control, CharKind::NonAscii, CharKind::Symbol]
/// );
/// assert_eq!(CharKind::NonAscii.as_str(), "non_ascii");
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CharKind {
    /// A space, tab, line break or other Unicode white space.
    Whitespace,
    /// A control character that is not white space.
    Control,
    /// Any other non-ASCII character (letters with accents, CJK, emoji …).
    NonAscii,
    /// An ASCII symbol outside the special set (`"`, `\`, and the backtick in `legacy-2017`).
    Symbol,
}

impl CharKind {
    /// Every kind, in declaration order (`kind as usize` is its index).
    pub(crate) const ALL: [CharKind; 4] = [
        CharKind::Whitespace,
        CharKind::Control,
        CharKind::NonAscii,
        CharKind::Symbol,
    ];

    /// The stable name: `whitespace`, `control`, `non_ascii`, `symbol`.
    pub const fn as_str(self) -> &'static str {
        match self {
            CharKind::Whitespace => "whitespace",
            CharKind::Control => "control",
            CharKind::NonAscii => "non_ascii",
            CharKind::Symbol => "symbol",
        }
    }

    /// The kind of a character that is not allowed: by table for ASCII (the
    /// common case), by Unicode's properties for the rest.
    #[inline]
    pub(crate) fn of(c: char) -> CharKind {
        match ASCII_KINDS.get(c as usize) {
            Some(&kind) => kind,
            None if c.is_whitespace() => CharKind::Whitespace,
            None if c.is_control() => CharKind::Control,
            None => CharKind::NonAscii,
        }
    }
}

/// The kind of each ASCII character: white space (the vertical tab too, which
/// `char::is_whitespace` counts), control characters, and symbols (every other,
/// letters and digits included).
const ASCII_KINDS: [CharKind; 128] = {
    let mut kinds = [CharKind::Symbol; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8 as char;
        if c.is_ascii_whitespace() || b == 0x0B {
            kinds[b] = CharKind::Whitespace;
        } else if c.is_ascii_control() {
            kinds[b] = CharKind::Control;
        }
        b += 1;
    }
    kinds
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_kinds_are_what_unicode_says_of_each_ascii_character() {
        for b in 0u8..128 {
            let c = char::from(b);
            let expected = if c.is_whitespace() {
                CharKind::Whitespace
            } else if c.is_control() {
                CharKind::Control
            } else {
                CharKind::Symbol
            };
            assert_eq!(CharKind::of(c), expected, "{b:#04x}");
        }
    }
}
