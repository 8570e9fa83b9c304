//! The outcome of checking a password alone: what a web form asks on every
//! keystroke. Compact and inline: a failing password's report holds the facts of
//! its failures (a few dozen bytes), and its diagnostics are built from them
//! when they are read, in an inline list. Neither allocates.

use alloc::vec::Vec;
use core::fmt;
use core::ops::Deref;

use crate::diagnostic::{Diagnostic, INLINE_DIAGNOSTICS, Severity};
use crate::os::OsSet;
use crate::policy::{Failures, Key, Policy};
use crate::profile::Profile;
use crate::report::Report;
use crate::secret::Password;

/// The outcome of [`Profile::check_password`]: valid or not, and the diagnostics
/// of every failing rule, in the order of diagnostics.
///
/// It holds the facts of the failures, never the password; the [`Diagnostic`]s
/// are built from them by [`PasswordReport::diagnostics`]. Building a report, or
/// reading its diagnostics, allocates nothing (but for a custom rule's own
/// params, and the lowercased copies a non-ASCII user name needs).
///
/// ```
/// use cvm_rules::{Locale, OsFamily, OsSet, Password, Profile};
/// let report = Profile::LEGACY_2017.check_password(
///     &Password::new("abc 123"),
///     OsSet::only(OsFamily::Linux),
///     None,
/// );
/// assert!(!report.is_valid());
/// let rules: Vec<&str> = report.diagnostics().iter().map(|d| d.rule().as_str()).collect();
/// assert_eq!(rules, ["password.length", "password.charset"]);
/// assert_eq!(
///     report.first_error().unwrap().message(Locale::En),
///     "Password must be 8 to 16 characters long, and it has 7."
/// );
/// ```
#[derive(Clone)]
pub struct PasswordReport<'p> {
    profile: &'p Profile,
    policy: &'p Policy,
    /// `None` for a password that passes every rule (built in one store).
    failures: Option<Failures>,
}

impl<'p> PasswordReport<'p> {
    /// Whether the password passes every rule that fails as an error (a custom
    /// rule may fail as a warning).
    #[inline]
    pub fn is_valid(&self) -> bool {
        self.failures.as_ref().is_none_or(|f| !f.has_errors())
    }

    /// The diagnostics of the failing rules, in order, built from the report's
    /// facts into an inline list (one per built-in rule without allocating). It
    /// dereferences to a slice (`.iter()`, `.len()`, `[0]`) and is consumed by
    /// `for d in report.diagnostics()`.
    pub fn diagnostics(
        &self,
    ) -> impl Deref<Target = [Diagnostic]> + IntoIterator<Item = Diagnostic> + Clone + fmt::Debug + use<>
    {
        let mut list = DiagnosticList(smallvec::SmallVec::new());
        if let Some(failures) = &self.failures {
            self.policy
                .diagnostics_of(failures, self.profile.password_code(), |d| list.0.push(d));
        }
        list
    }

    /// The first error.
    pub fn first_error(&self) -> Option<Diagnostic> {
        self.errors().next()
    }

    /// The errors, in order.
    pub fn errors(&self) -> impl Iterator<Item = Diagnostic> + use<> {
        self.diagnostics().into_iter().filter(Diagnostic::is_error)
    }

    /// The warnings (advice: the recommended length, a custom rule's), in order.
    pub fn warnings(&self) -> impl Iterator<Item = Diagnostic> + use<> {
        self.diagnostics()
            .into_iter()
            .filter(|d| d.severity() == Severity::Warning)
    }

    /// The password policy that was applied.
    pub fn policy(&self) -> &'p Policy {
        self.policy
    }

    /// The profile whose policy and error code were applied.
    pub fn profile(&self) -> &'p Profile {
        self.profile
    }

    /// The diagnostics, on the heap.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics().into_iter().collect()
    }

    /// The same outcome as a [`Report`] (the type requests are validated into),
    /// for code that handles both.
    pub fn into_report(self) -> Report<'p> {
        let (profile, policy) = (self.profile, self.policy);
        let failed = self.failures.as_ref().map_or(0, |f| f.failed_rules());
        Report::new(self.into_diagnostics(), profile, policy).with_checked_password(Some(failed))
    }
}

impl fmt::Debug for PasswordReport<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PasswordReport")
            .field("valid", &self.is_valid())
            .field("diagnostics", &self.diagnostics())
            .field("profile", &self.profile.id())
            .finish_non_exhaustive()
    }
}

/// Diagnostics built on demand: inline up to one per built-in rule, then on
/// the heap. Dereferences to a slice.
#[derive(Clone, PartialEq, Eq)]
pub(crate) struct DiagnosticList(smallvec::SmallVec<[Diagnostic; INLINE_DIAGNOSTICS]>);

impl Deref for DiagnosticList {
    type Target = [Diagnostic];

    fn deref(&self) -> &[Diagnostic] {
        &self.0
    }
}

impl fmt::Debug for DiagnosticList {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl IntoIterator for DiagnosticList {
    type Item = Diagnostic;
    type IntoIter = smallvec::IntoIter<[Diagnostic; INLINE_DIAGNOSTICS]>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.into_iter()
    }
}

impl Profile {
    /// Checks a password alone under the policy of `os`; `user_name` is the request's
    /// `UserName` (for `password.contains_username`). Allocates nothing, valid or not,
    /// unless a custom rule does, or the policy looks for a non-ASCII user name (or
    /// for an ASCII one in a non-ASCII password over 4 KiB): then lowercased copies.
    ///
    /// ```
    /// use cvm_rules::{OsFamily, OsSet, Password, Profile};
    /// let report = Profile::LEGACY_2017.check_password(
    ///     &Password::new("abc123"),
    ///     OsSet::only(OsFamily::Linux),
    ///     None,
    /// );
    /// assert_eq!(report.first_error().unwrap().rule().as_str(), "password.length");
    /// ```
    #[inline(always)]
    pub fn check_password(
        &self,
        password: &Password<'_>,
        os: OsSet,
        user_name: Option<&str>,
    ) -> PasswordReport<'_> {
        self.check_password_with(self.policy(os), password, user_name)
    }

    /// Checks a password alone under any `policy` (built from rules, combined, …),
    /// with this profile's password code.
    #[inline(always)]
    pub fn check_password_with<'p>(
        &'p self,
        policy: &'p Policy,
        password: &Password<'_>,
        user_name: Option<&str>,
    ) -> PasswordReport<'p> {
        let password = password.expose();
        let key = policy.key_of(password);
        if policy.passes_key(key, password, user_name, None) {
            PasswordReport {
                profile: self,
                policy,
                failures: None,
            }
        } else {
            failing_report(self, policy, password, user_name, key)
        }
    }
}

/// The report of a failing password (inlined: it is built where it is returned).
#[inline(always)]
fn failing_report<'p>(
    profile: &'p Profile,
    policy: &'p Policy,
    password: &str,
    user_name: Option<&str>,
    key: Key,
) -> PasswordReport<'p> {
    PasswordReport {
        profile,
        policy,
        failures: Some(policy.failures(password, user_name, false, None, key)),
    }
}
