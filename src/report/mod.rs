//! The outcome of validating a request: diagnostics in the order of diagnostics,
//! with the profile and the policy that produced them.

pub(crate) mod password;

pub use password::PasswordReport;

use alloc::vec::Vec;

use crate::checklist::Checklist;
use crate::diagnostic::{self, Diagnostic, Field, Severity};
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
    /// The policy's failed rules for the password it checked (bit `i`: rule
    /// `i`, for the first 64); `None` when it checked none.
    checked: Option<u64>,
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
            checked: None,
        }
    }

    /// The report of a password check whose failed rules are `checked`.
    pub(crate) fn with_checked_password(mut self, checked: Option<u64>) -> Report<'p> {
        self.checked = checked;
        self
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

    /// The policy's checklist, each requirement marked met or not for the
    /// password the report checked (unmarked when it checked none: the password
    /// was missing or unreadable, or the input was refused). What a form shows
    /// beside a report, without handing the password over again.
    ///
    /// ```
    /// use cvm_rules::{Context, OsFamily, OsSet, Profile, Request, RuleId};
    /// let request = Request::new(Profile::API3)
    ///     .with_instance_id("ins-r8hr2upy")
    ///     .with_password("abc123ABC!@#")
    ///     .with_force_stop(true);
    /// let report = request.validate(&Context::new().with_os(OsSet::only(OsFamily::Linux)));
    /// let checklist = report.checklist();
    /// assert!(checklist.is_checked() && checklist.all_met());
    ///
    /// let short = Request::new(Profile::API3).with_instance_id("ins-r8hr2upy").with_password("abc1!");
    /// let checklist = short.validate(&Context::new()).checklist();
    /// let length = &checklist.requirements()[0];
    /// assert_eq!((length.id(), length.is_met()), (RuleId::PasswordLength, Some(false)));
    ///
    /// let none = Request::new(Profile::API3).with_instance_id("ins-r8hr2upy");
    /// assert!(!none.validate(&Context::new()).checklist().is_checked());
    /// ```
    pub fn checklist(&self) -> Checklist {
        self.policy.checklist_of(|i, rule| {
            let failed = self.checked?;
            Some(match failed_bit(failed, i) {
                Some(failed) => !failed,
                // Past the 64th rule: by its id among the password's diagnostics.
                None => !self
                    .diagnostics
                    .iter()
                    .any(|d| d.field() == &Field::Password && d.rule() == rule.id()),
            })
        })
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

/// Whether rule `i` failed, from the failed-rule bits (`None` past the 64th rule).
fn failed_bit(failed: u64, i: usize) -> Option<bool> {
    (i < 64).then(|| failed & (1 << i) != 0)
}
