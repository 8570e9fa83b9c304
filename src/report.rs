//! The outcome of a check: diagnostics in the order of section 8, with the
//! profile and the policy that produced them.

use alloc::vec::Vec;

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::os::OsSet;
use crate::policy::Policy;
use crate::profile::Profile;
use crate::secret::Password;

/// The outcome of a check: every diagnostic, in the order of section 8, and the
/// profile and password policy that were applied.
///
/// ```
/// use cvm_rules::{Context, Profile, Request, Severity};
/// let report = Request::from_query(
///     b"Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-1122&Password=abc123ABC!@%23&pasword=x",
///     Profile::LEGACY_2017,
/// )
/// .validate(&Context::new());
/// assert!(!report.is_valid());
/// let first = report.first_error().unwrap(); // what the server would answer
/// assert_eq!(first.code(), Some("InvalidInstanceId.Malformed"));
/// assert_eq!(first.field().to_string(), "InstanceIds.1");
/// assert_eq!(report.warnings().count(), 1); // `pasword`: did you mean Password?
/// assert_eq!(report.profile().id(), "legacy-2017");
/// ```
#[derive(Clone, Debug)]
pub struct Report<'p> {
    diagnostics: Vec<Diagnostic>,
    profile: &'p Profile,
    policy: &'p Policy,
}

impl<'p> Report<'p> {
    #[inline]
    pub(crate) fn new(
        mut diagnostics: Vec<Diagnostic>,
        profile: &'p Profile,
        policy: &'p Policy,
    ) -> Report<'p> {
        diagnostic::sort(&mut diagnostics);
        Report {
            diagnostics,
            profile,
            policy,
        }
    }

    /// Whether the request has no error (warnings allowed).
    #[inline]
    pub fn is_valid(&self) -> bool {
        self.first_error().is_none()
    }

    /// The first error: what the server would be expected to answer.
    #[inline]
    pub fn first_error(&self) -> Option<&Diagnostic> {
        self.errors().next()
    }

    /// Every diagnostic, in order.
    pub fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The errors, in order.
    #[inline]
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Error)
    }

    /// The warnings, in order.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity() == Severity::Warning)
    }

    /// The password policy that was applied.
    pub fn policy(&self) -> &'p Policy {
        self.policy
    }

    /// The profile the request was checked against.
    pub fn profile(&self) -> &'p Profile {
        self.profile
    }

    /// Takes the diagnostics.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

impl<'a> IntoIterator for &'a Report<'_> {
    type Item = &'a Diagnostic;
    type IntoIter = core::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.diagnostics.iter()
    }
}

impl Profile {
    /// Checks a password alone under the policy of `os`; `user_name` is the request's
    /// `UserName` (for `password.contains_username`). Allocates nothing when it is
    /// valid (and the user name, if the policy looks for it, is ASCII).
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
    #[inline]
    pub fn check_password(
        &self,
        password: &Password<'_>,
        os: OsSet,
        user_name: Option<&str>,
    ) -> Report<'_> {
        self.check_password_with(self.policy(os), password, user_name)
    }

    /// Checks a password alone under any `policy` (built from rules, combined, …),
    /// with this profile's password code.
    #[inline]
    pub fn check_password_with<'p>(
        &'p self,
        policy: &'p Policy,
        password: &Password<'_>,
        user_name: Option<&str>,
    ) -> Report<'p> {
        let mut diagnostics = alloc::vec::Vec::new();
        policy.check_into(
            password.expose(),
            user_name,
            false,
            self.password_code(),
            &mut diagnostics,
        );
        Report::new(diagnostics, self, policy)
    }
}
