//! What a custom rule checks: the password, and what the crate knows around it
//! (the user name, the request's instance ids, the OS families).
//!
//! Data only: it borrows what the caller or the request holds, and never
//! prints the password.

use core::fmt;

use crate::os::OsSet;
use crate::secret::Password;

/// What a [`CustomRule`](crate::CustomRule) checks: the password, the request's
/// `UserName`, and, when the password came in a request, the request's instance
/// ids; with the OS families whose rules apply.
///
/// - Validating a request ([`Request::validate`](crate::Request::validate)) gives
///   the request's instance ids ([`has_request`](Subject::has_request) is `true`).
/// - Checking a password alone ([`Profile::check_password`](crate::Profile::check_password),
///   [`Policy::accepts`](crate::Policy::accepts), [`Policy::checklist`](crate::Policy::checklist),
///   generation, [`PasswordRule::check`](crate::PasswordRule::check)) gives no
///   request and no instance id: a rule that needs one passes there.
/// - [`families`](Subject::families) are the families of the policy the rule is
///   checked under ([`Policy::families`](crate::Policy::families)), the same
///   whether the password came alone or in a request: for a request, the OS set
///   of its batch (from instance facts, else the [`Context`](crate::Context)'s
///   stated families, see [`Request::os_set`](crate::Request::os_set)), and every
///   family when the OS is unknown (the crate assumes the strictest). The rule
///   sees the set, not which instance has which OS.
///
/// Its `Debug` shows the password as `<redacted>`.
///
/// ```
/// use cvm_rules::{OsFamily, OsSet, Subject};
/// let ids = ["ins-r8hr2upy", "ins-5d8a23rs"];
/// let subject = Subject::new("Ins-r8hr2upy#1")
///     .with_user_name("root")
///     .with_families(OsSet::only(OsFamily::Linux))
///     .with_instance_ids(&ids);
/// assert_eq!(subject.password().expose(), "Ins-r8hr2upy#1");
/// assert_eq!(subject.user_name(), Some("root"));
/// assert!(subject.has_request() && subject.families().contains(OsFamily::Linux));
/// let held = subject
///     .instance_ids()
///     .find(|id| subject.password().expose().to_ascii_lowercase().contains(id));
/// assert_eq!(held, Some("ins-r8hr2upy"));
///
/// let alone = Subject::new("Ins-r8hr2upy#1");
/// assert!(!alone.has_request() && alone.instance_ids().next().is_none());
/// // The password is redacted, and the ids are counted (one is part of the password).
/// let shown = format!("{subject:?}").to_ascii_lowercase();
/// assert!(!shown.contains("#1") && !shown.contains("r8hr2upy"));
/// ```
#[derive(Clone)]
pub struct Subject<'a> {
    password: Password<'a>,
    user_name: Option<&'a str>,
    families: OsSet,
    /// The request's instance ids, when the password came in one.
    request: Option<Ids<'a>>,
}

/// Where a subject's instance ids are: a request's items, or a caller's list.
#[derive(Clone, Copy)]
enum Ids<'a> {
    Request(&'a dyn InstanceIds),
    List(&'a [&'a str]),
}

impl<'a> Ids<'a> {
    fn count(self) -> usize {
        match self {
            Ids::Request(items) => items.count(),
            Ids::List(list) => list.len(),
        }
    }

    fn id(self, index: usize) -> Option<&'a str> {
        match self {
            Ids::Request(items) => items.id(index),
            Ids::List(list) => list.get(index).copied(),
        }
    }
}

/// The instance ids of a request, as a [`Subject`] reads them: the request's
/// items behind one small interface (implemented above this layer), so that the
/// subject borrows them as they are, without a copy.
pub(crate) trait InstanceIds: Sync {
    /// How many items there are (readable or not).
    fn count(&self) -> usize;
    /// The id of item `index`; `None` for an unreadable item.
    fn id(&self, index: usize) -> Option<&str>;
}

impl<'a> Subject<'a> {
    /// A password checked alone: no user name, no request, no family (add them
    /// with the `with_` methods). For testing a rule of one's own; the crate
    /// builds the subjects it checks.
    ///
    /// ```
    /// use cvm_rules::{CustomParams, CustomRule, Locale, Subject};
    /// struct NoDot;
    /// impl CustomRule for NoDot {
    ///     fn id(&self) -> &'static str { "org.no_dot" }
    ///     fn check(&self, s: &Subject<'_>) -> Result<(), CustomParams> {
    ///         if s.password().expose().contains('.') { Err(CustomParams::new()) } else { Ok(()) }
    ///     }
    ///     fn message(&self, _: &CustomParams, _: Locale) -> Option<String> { None }
    /// }
    /// assert!(NoDot.check(&Subject::new("a.b")).is_err());
    /// assert!(NoDot.check(&Subject::new("ab")).is_ok());
    /// ```
    pub fn new(password: impl Into<Password<'a>>) -> Subject<'a> {
        Subject {
            password: password.into(),
            user_name: None,
            families: OsSet::UNKNOWN,
            request: None,
        }
    }

    /// The subject of a policy's check (see the type's docs for what each
    /// part is in each case).
    pub(crate) fn of(
        password: &'a str,
        user_name: Option<&'a str>,
        families: OsSet,
        request: Option<&'a dyn InstanceIds>,
    ) -> Subject<'a> {
        Subject {
            password: Password::new(password),
            user_name,
            families,
            request: request.map(Ids::Request),
        }
    }

    /// This subject with the `UserName` `name`.
    ///
    /// ```
    /// use cvm_rules::Subject;
    /// assert_eq!(Subject::new("pw").with_user_name("root").user_name(), Some("root"));
    /// ```
    pub fn with_user_name(mut self, name: &'a str) -> Self {
        self.user_name = Some(name);
        self
    }

    /// This subject with the OS families `families`.
    ///
    /// ```
    /// use cvm_rules::{OsFamily, OsSet, Subject};
    /// let windows = Subject::new("pw").with_families(OsSet::only(OsFamily::Windows));
    /// assert!(windows.families().contains(OsFamily::Windows));
    /// ```
    pub fn with_families(mut self, families: OsSet) -> Self {
        self.families = families;
        self
    }

    /// This subject as part of a request whose instance ids are `ids`, in batch
    /// order.
    ///
    /// ```
    /// use cvm_rules::Subject;
    /// let ids = vec!["ins-r8hr2upy"];
    /// let subject = Subject::new("pw").with_instance_ids(&ids);
    /// assert!(subject.has_request());
    /// assert_eq!(subject.instance_ids().collect::<Vec<_>>(), ["ins-r8hr2upy"]);
    /// ```
    pub fn with_instance_ids(mut self, ids: &'a [&'a str]) -> Self {
        self.request = Some(Ids::List(ids));
        self
    }

    /// The password. A rule must not put it, or any part of it, in its params
    /// or messages.
    ///
    /// ```
    /// use cvm_rules::Subject;
    /// assert_eq!(Subject::new("abc123ABC!@#").password().expose().len(), 12);
    /// ```
    pub fn password(&self) -> &Password<'a> {
        &self.password
    }

    /// The request's `UserName`, when it gives one (or the user name given with
    /// a password checked alone).
    ///
    /// ```
    /// use cvm_rules::Subject;
    /// assert_eq!(Subject::new("pw").user_name(), None);
    /// ```
    pub fn user_name(&self) -> Option<&'a str> {
        self.user_name
    }

    /// The OS families whose rules apply: the policy's (see the type's docs).
    ///
    /// ```
    /// use cvm_rules::{OsSet, Subject};
    /// assert_eq!(Subject::new("pw").families(), OsSet::UNKNOWN); // `Subject::new` has no family
    /// ```
    pub fn families(&self) -> OsSet {
        self.families
    }

    /// Whether the password came in a request (then its instance ids are known,
    /// though there may be none).
    ///
    /// ```
    /// use cvm_rules::Subject;
    /// assert!(!Subject::new("pw").has_request());
    /// assert!(Subject::new("pw").with_instance_ids(&[]).has_request());
    /// ```
    pub fn has_request(&self) -> bool {
        self.request.is_some()
    }

    /// The request's instance ids, in batch order, as given (a malformed or
    /// repeated id included: those have diagnostics of their own); an unreadable
    /// or empty item is left out. None when the password came alone.
    ///
    /// A rule that finds an id in the password must not name it in its params:
    /// that id is now part of the password. (A text param of 4 bytes or more
    /// that the password holds is shown as `<redacted>` anyway.)
    ///
    /// ```
    /// use cvm_rules::Subject;
    /// let ids = ["ins-r8hr2upy", "", "ins-5d8a23rs"];
    /// let subject = Subject::new("pw").with_instance_ids(&ids);
    /// assert_eq!(subject.instance_ids().collect::<Vec<_>>(), ["ins-r8hr2upy", "ins-5d8a23rs"]);
    /// assert_eq!(Subject::new("pw").instance_ids().count(), 0);
    /// ```
    pub fn instance_ids(&self) -> impl Iterator<Item = &'a str> + Clone + use<'a> {
        let request = self.request;
        let count = request.map_or(0, |ids| ids.count());
        (0..count)
            .filter_map(move |index| request?.id(index))
            .filter(|id| !id.is_empty())
    }
}

impl fmt::Debug for Subject<'_> {
    /// The password redacted, and the instance ids counted, not listed: an id a
    /// rule found in the password is part of it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut s = f.debug_struct("Subject");
        s.field("password", &self.password)
            .field("user_name", &self.user_name)
            .field("families", &self.families)
            .field("has_request", &self.has_request());
        if self.has_request() {
            s.field("instance_ids", &self.instance_ids().count());
        }
        s.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::os::OsFamily;
    use alloc::format;

    #[test]
    fn a_subject_alone_has_no_request_and_no_family() {
        let alone = Subject::new("Secret-42!x");
        assert_eq!(alone.password().expose(), "Secret-42!x");
        assert_eq!(alone.user_name(), None);
        assert_eq!(alone.families(), OsSet::UNKNOWN);
        assert!(!alone.has_request());
        assert_eq!(alone.instance_ids().count(), 0);
    }

    #[test]
    fn instance_ids_leave_out_unreadable_and_empty_items_and_keep_the_rest() {
        struct Items;
        impl InstanceIds for Items {
            fn count(&self) -> usize {
                4
            }
            fn id(&self, index: usize) -> Option<&str> {
                ["ins-aaaaaaaa", "", "x"]
                    .get(index)
                    .copied()
                    .filter(|_| index != 2)
            }
        }
        let subject = Subject::of("pw", Some("root"), OsSet::ALL, Some(&Items));
        let ids: alloc::vec::Vec<&str> = subject.instance_ids().collect();
        assert_eq!(ids, ["ins-aaaaaaaa"]);
        assert!(subject.has_request());
        assert_eq!(subject.user_name(), Some("root"));
        assert_eq!(subject.families(), OsSet::ALL);
        // A request of no instance id is still a request.
        let none: &[&str] = &[];
        let empty = Subject::new("pw").with_instance_ids(none);
        assert!(empty.has_request() && empty.instance_ids().next().is_none());
    }

    #[test]
    fn debug_redacts_the_password_and_shows_the_rest() {
        let ids = ["ins-r8hr2upy"];
        let subject = Subject::new("Secret-42!x")
            .with_user_name("admin")
            .with_families(OsSet::only(OsFamily::Windows))
            .with_instance_ids(&ids);
        for shown in [format!("{subject:?}"), format!("{subject:#?}")] {
            assert!(!shown.contains("Secret-42"), "{shown}");
            assert!(shown.contains("<redacted>"), "{shown}");
        }
        assert_eq!(
            format!("{subject:?}"),
            "Subject { password: Password(<redacted>), user_name: Some(\"admin\"), \
             families: {Windows}, has_request: true, instance_ids: 1 }"
        );
        assert_eq!(
            format!("{:?}", Subject::new("Secret-42!x")),
            "Subject { password: Password(<redacted>), user_name: None, families: {}, has_request: false }"
        );
    }
}
