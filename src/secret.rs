//! The password as a secret: it can be read by the checks, never printed.

use alloc::borrow::Cow;
use alloc::string::String;
use core::fmt;

/// A password. Its `Debug` and `Display` print `<redacted>`; it implements no
/// serialization; no diagnostic, parameter or message of this crate holds its text.
///
/// ```
/// use cvm_rules::Password;
/// let p = Password::new("abc123ABC!@#");
/// assert_eq!(format!("{p} {p:?}"), "<redacted> Password(<redacted>)");
/// assert_eq!(p.expose(), "abc123ABC!@#");
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Password<'a>(Cow<'a, str>);

impl<'a> Password<'a> {
    /// Wraps a password, borrowed or owned.
    pub fn new(text: impl Into<Cow<'a, str>>) -> Password<'a> {
        Password(text.into())
    }

    /// The password's text, for the caller that sends it on. The name is meant to
    /// stand out in review: whatever receives this text must not log it.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// An owned copy with a `'static` lifetime.
    pub fn into_owned(self) -> Password<'static> {
        Password(Cow::Owned(self.0.into_owned()))
    }
}

impl From<String> for Password<'static> {
    fn from(text: String) -> Self {
        Password(Cow::Owned(text))
    }
}

impl<'a> From<&'a str> for Password<'a> {
    fn from(text: &'a str) -> Self {
        Password(Cow::Borrowed(text))
    }
}

impl fmt::Debug for Password<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Password(<redacted>)")
    }
}

impl fmt::Display for Password<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("<redacted>")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;

    #[test]
    fn debug_and_display_redact() {
        let p = Password::new(String::from("hunter2hunter2"));
        assert!(!format!("{p:?}").contains("hunter2"));
        assert!(!format!("{p:#?}").contains("hunter2"));
        assert!(!format!("{p}").contains("hunter2"));
        // Shown as redacted, not as nothing: a log line says a password was there.
        assert_eq!(format!("{p}"), "<redacted>");
        assert_eq!(format!("{p:?}"), "Password(<redacted>)");
        assert!(!format!("{:?}", Some(&p)).contains("hunter2"));
    }
}
