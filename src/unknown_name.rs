//! The one error of every name the crate parses: an OS family, a language, a
//! profile, a rule set, an instance state. Bottom layer: plain data.

use core::fmt;

/// A name the crate does not know (`"macos".parse::<OsFamily>()`).
///
/// It says what kind of name was expected and which ones are known, never the
/// text refused: a secret pasted into the wrong field must not come back in an
/// error message or a log line.
///
/// ```
/// use cvm_rules::{OsFamily, Profile};
/// let error = "macos".parse::<OsFamily>().unwrap_err();
/// assert_eq!(error.to_string(), "unknown OS family (expected linux, ubuntu or windows)");
/// assert_eq!(error.kind(), "OS family");
/// let error = "Hunter2Secret!".parse::<&Profile>().unwrap_err();
/// assert!(!error.to_string().contains("Hunter2"));
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnknownName {
    kind: &'static str,
    expected: &'static str,
}

impl UnknownName {
    pub(crate) const fn new(kind: &'static str, expected: &'static str) -> UnknownName {
        UnknownName { kind, expected }
    }

    /// What was being named: `OS family`, `language`, `profile`, `rule set`,
    /// `instance state`.
    pub fn kind(&self) -> &'static str {
        self.kind
    }

    /// The names known, for people: `linux, ubuntu or windows`.
    pub fn expected(&self) -> &'static str {
        self.expected
    }
}

impl fmt::Display for UnknownName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown {} (expected {})", self.kind, self.expected)
    }
}

#[cfg(feature = "std")]
impl std::error::Error for UnknownName {}
