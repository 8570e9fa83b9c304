//! The one error of the values the crate is handed to parse or build from: a
//! name it does not know (an OS family, a language, a profile, a rule set, an
//! instance state), a character that cannot be special, a custom rule id that
//! cannot be one. Bottom layer: plain data.

use core::fmt;

use crate::char_kind::CharKind;

/// A value the crate refuses to take.
///
/// It says what is wrong and, for a name, which ones are known, never the text
/// refused: a secret pasted into the wrong field must not come back in an
/// error message or a log line.
///
/// ```
/// use cvm_rules::{OsFamily, Profile, RuleId, Specials, ValueError};
/// let error = "macos".parse::<OsFamily>().unwrap_err();
/// assert_eq!(error.to_string(), "unknown OS family (expected linux, ubuntu or windows)");
/// assert!(matches!(error, ValueError::UnknownName { kind: "OS family", .. }));
/// let error = "Hunter2Secret!".parse::<&Profile>().unwrap_err();
/// assert!(!error.to_string().contains("Hunter2"));
///
/// assert!(matches!(Specials::new("!a"), Err(ValueError::NotSpecial { position: 2, .. })));
/// assert_eq!(RuleId::check_custom_id("password.mine"), Err(ValueError::RuleIdBuiltIn));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ValueError {
    /// A name the crate does not know (`"macos".parse::<OsFamily>()`).
    UnknownName {
        /// What was being named: `OS family`, `language`, `profile`, `rule
        /// set`, `instance state`.
        kind: &'static str,
        /// The names known, for people: `linux, ubuntu or windows`.
        expected: &'static str,
    },
    /// A character that cannot be special ([`Specials::new`](crate::Specials::new)).
    NotSpecial {
        /// Its 1-based place in the text given.
        position: usize,
        /// What it is: `symbol` here means a letter or digit (which have
        /// classes of their own).
        kind: CharKind,
    },
    /// A custom rule id that is not `namespace.name` of ASCII letters, digits,
    /// `_`, `-` (at most 64 bytes); see [`RuleId::check_custom_id`](crate::RuleId::check_custom_id).
    RuleIdMalformed,
    /// A custom rule id in a namespace of the built-in rules (`password.`,
    /// `param.`, …).
    RuleIdBuiltIn,
}

impl ValueError {
    pub(crate) const fn unknown_name(kind: &'static str, expected: &'static str) -> ValueError {
        ValueError::UnknownName { kind, expected }
    }
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ValueError::UnknownName { kind, expected } => {
                write!(f, "unknown {kind} (expected {expected})")
            }
            ValueError::NotSpecial { position, kind } => {
                let what = match kind {
                    CharKind::Whitespace => "white space",
                    CharKind::Control => "a control character",
                    CharKind::NonAscii => "a non-ASCII character",
                    CharKind::Symbol => "a letter or digit",
                };
                write!(
                    f,
                    "special characters must be printable ASCII symbols, and character {position} is {what}"
                )
            }
            ValueError::RuleIdMalformed => f.write_str(
                "a custom rule id is a namespace and a name joined by '.', of ASCII letters, digits, '_' and '-' (at most 64 bytes), such as org.denylist",
            ),
            ValueError::RuleIdBuiltIn => f.write_str(
                "a custom rule id must not use a namespace of the built-in rules (password., param., instance_id., ...)",
            ),
        }
    }
}

#[cfg(feature = "std")]
impl std::error::Error for ValueError {}
