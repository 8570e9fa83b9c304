//! The outcome of validating a request: diagnostics in the order of diagnostics,
//! with the profile and the policy that produced them.

use alloc::vec::Vec;

use crate::diagnostic::{self, Diagnostic, Severity};
use crate::policy::Policy;
use crate::profile::Profile;

/// The outcome of a check: every diagnostic, in the order of diagnostics, and the
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
    /// Some diagnostic is an error (kept: `is_valid` is asked of every report).
    has_errors: bool,
    profile: &'p Profile,
    policy: &'p Policy,
}

impl<'p> Report<'p> {
    /// A report of `diagnostics`, sorted in the order of diagnostics.
    #[inline]
    pub(crate) fn new(
        mut diagnostics: Vec<Diagnostic>,
        profile: &'p Profile,
        policy: &'p Policy,
    ) -> Report<'p> {
        diagnostic::sort(&mut diagnostics);
        Report {
            has_errors: diagnostics.iter().any(Diagnostic::is_error),
            diagnostics,
            profile,
            policy,
        }
    }

    /// Whether the request has no error (warnings allowed).
    #[inline]
    pub fn is_valid(&self) -> bool {
        !self.has_errors
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
