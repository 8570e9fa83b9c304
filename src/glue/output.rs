//! The objects that `check`, `explain` and `generate` print with `--format json`.
//! They are built here, once, so the command line and the JavaScript and Python
//! bindings print the very same objects; a surface only converts options in and
//! values out.

use alloc::vec::Vec;

use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

use crate::checklist::Checklist;
use crate::locale::Locale;
use crate::os::OsSet;
use crate::policy::rule_set::RuleSet;
use crate::policy::{Entropy, Policy};
use crate::profile::Profile;
use crate::report::Report;
use crate::report::password::PasswordReport;
use crate::secret::Password;
use crate::serialize::{Localized, report_fields};
use crate::validate::Account;

/// What `check` prints: `{"valid", "profile", "policy", "diagnostics",
/// "accounts"}`, messages in the locale.
///
/// ```
/// use cvm_rules::glue::CheckOutput;
/// use cvm_rules::{Context, Locale, OsFamily, OsSet, Profile, Request};
/// let request = Request::from_query(
///     b"Action=ResetInstancesPassword&Version=2017-03-12&InstanceIds.1=ins-r8hr2upy&Password=abc123",
///     Profile::LEGACY_2017,
/// );
/// let ctx = Context::new().with_os(OsSet::only(OsFamily::Linux));
/// let output = CheckOutput::new(request.validate(&ctx), request.accounts(&ctx), Locale::En);
/// let json = serde_json::to_value(&output).unwrap();
/// assert_eq!(json["valid"], false);
/// assert_eq!(json["accounts"][0]["user_name"], "root");
/// ```
#[derive(Debug)]
pub struct CheckOutput<'r, 'p> {
    report: Report<'p>,
    accounts: Vec<Account<'r>>,
    locale: Locale,
}

impl<'r, 'p> CheckOutput<'r, 'p> {
    /// The report and the accounts of one request, with messages in `locale`.
    pub fn new(report: Report<'p>, accounts: Vec<Account<'r>>, locale: Locale) -> Self {
        CheckOutput {
            report,
            accounts,
            locale,
        }
    }

    /// Whether the request has no error.
    pub fn is_valid(&self) -> bool {
        self.report.is_valid()
    }

    /// The report.
    pub fn report(&self) -> &Report<'p> {
        &self.report
    }

    /// The accounts whose password the request resets.
    pub fn accounts(&self) -> &[Account<'r>] {
        &self.accounts
    }

    /// Which of its profile's policies (one per OS set, `0..8`) the report
    /// applied; see [`Validator::policy_of_slot`](super::Validator::policy_of_slot).
    pub fn policy_slot(&self) -> Option<usize> {
        slot_of(self.report.profile(), self.report.policy())
    }

    /// The object with `"policy": null`, for a caller that holds each policy's
    /// JSON once (by [`CheckOutput::policy_slot`]) and puts it in.
    pub fn without_policy(&self) -> WithoutPolicy<'_, Self> {
        WithoutPolicy(self)
    }
}

impl SerializeWithPolicy for CheckOutput<'_, '_> {
    fn serialize_with<S: Serializer, P: Serialize + ?Sized>(
        &self,
        s: S,
        policy: &P,
    ) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Check", 5)?;
        let report = &self.report;
        let verdict = (report.is_valid(), report.profile(), report.diagnostics());
        report_fields(&mut st, verdict, self.locale, policy)?;
        st.serialize_field("accounts", &self.accounts)?;
        st.end()
    }
}

impl Serialize for CheckOutput<'_, '_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_with(s, self.report.policy())
    }
}

/// What `checkPassword` answers: a password checked alone, `{"valid",
/// "profile", "policy", "diagnostics"}`, messages in the locale.
///
/// ```
/// use cvm_rules::glue::PasswordOutput;
/// use cvm_rules::{Locale, OsFamily, OsSet, Password, Profile};
/// let report = Profile::API3.check_password(&Password::new("abc"), OsSet::only(OsFamily::Linux), None);
/// let json = serde_json::to_value(PasswordOutput::new(report, Locale::En)).unwrap();
/// assert_eq!(json["diagnostics"][0]["field"], "Password");
/// ```
#[derive(Debug)]
pub struct PasswordOutput<'p> {
    report: PasswordReport<'p>,
    locale: Locale,
}

impl<'p> PasswordOutput<'p> {
    /// The report of a password, with messages in `locale`.
    pub fn new(report: PasswordReport<'p>, locale: Locale) -> Self {
        PasswordOutput { report, locale }
    }

    /// Whether the password has no error.
    pub fn is_valid(&self) -> bool {
        self.report.is_valid()
    }

    /// The report.
    pub fn report(&self) -> &PasswordReport<'p> {
        &self.report
    }

    /// As [`CheckOutput::policy_slot`].
    pub fn policy_slot(&self) -> Option<usize> {
        slot_of(self.report.profile(), self.report.policy())
    }

    /// As [`CheckOutput::without_policy`].
    pub fn without_policy(&self) -> WithoutPolicy<'_, Self> {
        WithoutPolicy(self)
    }
}

impl SerializeWithPolicy for PasswordOutput<'_> {
    fn serialize_with<S: Serializer, P: Serialize + ?Sized>(
        &self,
        s: S,
        policy: &P,
    ) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Report", 4)?;
        let report = &self.report;
        let diagnostics = report.diagnostics();
        let verdict = (report.is_valid(), report.profile(), &*diagnostics);
        report_fields(&mut st, verdict, self.locale, policy)?;
        st.end()
    }
}

impl Serialize for PasswordOutput<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.serialize_with(s, self.report.policy())
    }
}

/// The slot of `policy` among `profile`'s resolved policies.
fn slot_of(profile: &Profile, policy: &Policy) -> Option<usize> {
    (0..8).find(|&i| core::ptr::eq(profile.policy(OsSet::from_index(i)), policy))
}

/// An output whose object is written with some value in place of its policy.
pub trait SerializeWithPolicy: sealed::Sealed {
    #[doc(hidden)]
    fn serialize_with<S: Serializer, P: Serialize + ?Sized>(
        &self,
        s: S,
        policy: &P,
    ) -> Result<S::Ok, S::Error>;
}

mod sealed {
    pub trait Sealed {}
    impl Sealed for super::CheckOutput<'_, '_> {}
    impl Sealed for super::PasswordOutput<'_> {}
}

/// An output written with `"policy": null` (see [`CheckOutput::without_policy`]).
#[derive(Debug)]
pub struct WithoutPolicy<'a, T>(&'a T);

impl<T: SerializeWithPolicy> Serialize for WithoutPolicy<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_with(s, &())
    }
}

/// Writes [`CheckOutput`]s as JSON lines (what `check --batch` prints), each
/// distinct policy serialized once: a batch's requests share a few policies (one
/// per OS set), and the policy object is the largest part of each line. The
/// lines are byte for byte those of `serde_json::to_writer`.
///
/// ```
/// use cvm_rules::glue::{CheckOutput, JsonLines};
/// use cvm_rules::{Context, Locale, Profile, Request};
/// let mut lines = JsonLines::new();
/// let mut out = Vec::new();
/// for body in [&b"InstanceIds.1=ins-r8hr2upy&Password=abc"[..], b"Password=abc123ABC!@%23x"] {
///     let request = Request::from_query(body, Profile::API3);
///     let ctx = Context::new();
///     let output = CheckOutput::new(request.validate(&ctx), request.accounts(&ctx), Locale::En);
///     lines.write(&mut out, &output).unwrap();
///     assert!(out.ends_with(format!("{}\n", serde_json::to_string(&output).unwrap()).as_bytes()));
/// }
/// ```
#[cfg(feature = "std")]
#[derive(Debug, Default)]
pub struct JsonLines {
    /// The policies seen, with their JSON.
    policies: Vec<(Policy, alloc::boxed::Box<serde_json::value::RawValue>)>,
}

#[cfg(feature = "std")]
impl JsonLines {
    /// No policy seen yet.
    pub fn new() -> JsonLines {
        JsonLines::default()
    }

    /// Writes `output` and a newline to `out`.
    pub fn write(
        &mut self,
        mut out: impl std::io::Write,
        output: &CheckOutput<'_, '_>,
    ) -> Result<(), serde_json::Error> {
        let policy = output.report.policy();
        let known = self.policies.iter().position(|(p, _)| p == policy);
        let index = match known {
            Some(index) => index,
            None => {
                let json =
                    serde_json::value::RawValue::from_string(serde_json::to_string(policy)?)?;
                self.policies.push((policy.clone(), json));
                self.policies.len() - 1
            }
        };
        let raw = &self.policies[index].1;
        output.serialize_with(&mut serde_json::Serializer::new(&mut out), raw)?;
        out.write_all(b"\n").map_err(serde_json::Error::io)
    }
}

/// What `explain` prints: `{"profile", "rules", "policy", "requirements",
/// "all_met", "entropy"}`; `all_met` and each requirement's `met` are `null`
/// when no password was given.
///
/// ```
/// use cvm_rules::glue::ExplainOutput;
/// use cvm_rules::{Locale, OsFamily, OsSet, Profile};
/// let profile = Profile::API3;
/// let policy = profile.policy(OsSet::only(OsFamily::Linux));
/// let output = ExplainOutput::new(profile, profile.rule_set(), policy, policy.checklist(None, None), None, Locale::En);
/// let json = serde_json::to_value(&output).unwrap();
/// assert_eq!(json["rules"], "api3");
/// assert_eq!(json["requirements"][0]["message"], "8 to 30 characters");
/// assert_eq!(json["entropy"]["length"], 16);
/// ```
#[derive(Debug)]
pub struct ExplainOutput<'a> {
    profile: &'a Profile,
    rule_set: &'a RuleSet,
    policy: &'a Policy,
    checklist: Checklist,
    entropy: Entropy,
    locale: Locale,
}

impl<'a> ExplainOutput<'a> {
    /// The checklist of `policy` (from `rule_set`, under `profile`), with the
    /// entropy of a random password of `length` (see [`Policy::entropy`]).
    pub fn new(
        profile: &'a Profile,
        rule_set: &'a RuleSet,
        policy: &'a Policy,
        checklist: Checklist,
        length: Option<usize>,
        locale: Locale,
    ) -> Self {
        ExplainOutput {
            profile,
            rule_set,
            policy,
            checklist,
            entropy: policy.entropy(length),
            locale,
        }
    }

    /// Whether no password was given, or it meets every requirement.
    pub fn is_met(&self) -> bool {
        !self.checklist.is_checked() || self.checklist.all_met()
    }

    /// The checklist.
    pub fn checklist(&self) -> &Checklist {
        &self.checklist
    }

    /// The entropy shown.
    pub fn entropy(&self) -> Entropy {
        self.entropy
    }
}

impl Serialize for ExplainOutput<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Explain", 6)?;
        st.serialize_field("profile", self.profile.id())?;
        st.serialize_field("rules", self.rule_set.id())?;
        st.serialize_field("policy", self.policy)?;
        st.serialize_field("requirements", &Requirements(&self.checklist, self.locale))?;
        let all_met = self
            .checklist
            .is_checked()
            .then(|| self.checklist.all_met());
        st.serialize_field("all_met", &all_met)?;
        st.serialize_field("entropy", &self.entropy)?;
        st.end()
    }
}

/// A checklist's requirements, localized, as a plain sequence.
struct Requirements<'a>(&'a Checklist, Locale);

impl Serialize for Requirements<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(
            self.0
                .requirements()
                .iter()
                .map(|r| Localized::new(r, self.1)),
        )
    }
}

/// What `generate` prints: `{"passwords", "length", "entropy_bits", "policy"}`.
/// The only object that holds passwords: it exists to hand them to the person who
/// asked for them.
#[derive(Debug)]
pub struct GenerateOutput<'a> {
    passwords: Vec<Password<'static>>,
    entropy: Entropy,
    policy: &'a Policy,
}

impl<'a> GenerateOutput<'a> {
    /// Generated `passwords` of `policy`.
    pub fn new(passwords: Vec<Password<'static>>, policy: &'a Policy) -> Self {
        let length = passwords.first().map(|p| p.expose().chars().count());
        GenerateOutput {
            entropy: policy.entropy(length),
            passwords,
            policy,
        }
    }

    /// The passwords.
    pub fn passwords(&self) -> &[Password<'static>] {
        &self.passwords
    }
}

impl Serialize for GenerateOutput<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Generate", 4)?;
        st.serialize_field(
            "passwords",
            &self
                .passwords
                .iter()
                .map(Password::expose)
                .collect::<Vec<_>>(),
        )?;
        st.serialize_field("length", &self.entropy.length)?;
        st.serialize_field(
            "entropy_bits",
            &self.entropy.bits.is_finite().then_some(self.entropy.bits),
        )?;
        st.serialize_field("policy", self.policy)?;
        st.end()
    }
}
