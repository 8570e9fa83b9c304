//! The requirements checklist: what a form shows and ticks off as
//! a person types.

use alloc::string::String;
use alloc::vec::Vec;

use crate::diagnostic::{RuleId, Severity};
use crate::locale::Locale;
use crate::policy::Policy;
use crate::rules::PasswordRule;
use crate::secret::Password;

/// One requirement of a policy, and whether a password meets it.
///
/// ```
/// use cvm_rules::{Locale, OsFamily, OsSet, Password, Profile, RuleId};
/// let windows = Profile::API3.policy(OsSet::only(OsFamily::Windows));
/// let checklist = windows.checklist(Some(&Password::new("short1!")), None);
/// let length = &checklist.requirements()[0];
/// assert_eq!(length.id(), RuleId::PasswordLength);
/// assert_eq!(length.is_met(), Some(false));
/// assert_eq!(length.message(Locale::En), "12 to 30 characters");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Requirement {
    rule: PasswordRule,
    met: Option<bool>,
}

impl Requirement {
    /// The rule id.
    pub fn id(&self) -> RuleId {
        self.rule.id()
    }

    /// Error or warning. A warning (`password.recommended_length`, or a custom
    /// rule that says so) is advice: a password that does not meet it is valid.
    pub fn severity(&self) -> Severity {
        self.rule.severity()
    }

    /// The rule with its parameters.
    pub fn rule(&self) -> &PasswordRule {
        &self.rule
    }

    /// Whether the password meets it; `None` when no password was given.
    pub fn is_met(&self) -> Option<bool> {
        self.met
    }

    /// The requirement in words, such as "12 to 16 characters".
    pub fn message(&self, locale: Locale) -> String {
        self.rule.requirement(locale)
    }
}

/// The requirements of a policy, in rule-id order.
///
/// ```
/// use cvm_rules::{Locale, OsFamily, OsSet, Password, Profile};
/// let policy = Profile::LEGACY_2017.policy(OsSet::only(OsFamily::Windows));
/// let list = policy.checklist(Some(&Password::new("abc")), None);
/// let first = &list.requirements()[0];
/// assert_eq!(first.message(Locale::En), "12 to 16 characters");
/// assert_eq!(first.is_met(), Some(false));
/// assert_eq!(first.message(Locale::ZhCn), "长度为 12 到 16 个字符");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Checklist {
    requirements: Vec<Requirement>,
}

impl Checklist {
    /// The requirements.
    pub fn requirements(&self) -> &[Requirement] {
        &self.requirements
    }

    /// Whether a password was given and meets every requirement that is not
    /// advice (those of [`Severity::Error`]).
    ///
    /// ```
    /// use cvm_rules::{OsFamily, OsSet, Password, Profile, Severity};
    /// let linux = Profile::API3.policy(OsSet::only(OsFamily::Linux));
    /// // 10 characters: valid, shorter than the 12 recommended.
    /// let list = linux.checklist(Some(&Password::new("aB3!xyzw9Q")), None);
    /// let advice = list.requirements().iter().find(|r| r.severity() == Severity::Warning).unwrap();
    /// assert_eq!(advice.is_met(), Some(false));
    /// assert!(list.all_met());
    /// ```
    pub fn all_met(&self) -> bool {
        self.requirements
            .iter()
            .all(|r| r.met == Some(true) || (r.met.is_some() && r.severity() == Severity::Warning))
    }

    /// Whether a password was given (each requirement is then marked).
    pub fn is_checked(&self) -> bool {
        self.requirements.iter().all(|r| r.met.is_some())
    }
}

impl Policy {
    /// The checklist of this policy; with a password, each requirement is marked met
    /// or not. `user_name` is the request's `UserName`, if any.
    pub fn checklist(&self, password: Option<&Password<'_>>, user_name: Option<&str>) -> Checklist {
        let subject = password.map(|p| self.subject(p.expose(), user_name, false, None));
        self.checklist_of(|_, rule| subject.as_ref().map(|s| rule.holds(s)))
    }

    /// The checklist whose requirement for rule `i` is marked `met(i, rule)`.
    pub(crate) fn checklist_of(
        &self,
        mut met: impl FnMut(usize, &PasswordRule) -> Option<bool>,
    ) -> Checklist {
        let requirements = self
            .rules()
            .enumerate()
            .map(|(i, rule)| Requirement {
                rule: rule.clone(),
                met: met(i, rule),
            })
            .collect();
        Checklist { requirements }
    }
}
