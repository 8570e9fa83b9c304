//! `serde::Serialize` (feature `serde`): the stable JSON schema (documented in [`json`](crate::glue)).
//!
//! A diagnostic serializes as `{"severity", "code", "field", "rule", "params",
//! "message"}`; its message is English unless wrapped in [`Localized`].

use serde::ser::{SerializeMap, SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use crate::char_kind::CharKind;
use crate::characters::{Class, ClassSet, Specials};
use crate::checklist::{Checklist, Requirement};
use crate::diagnostic::{Diagnostic, Field, Params, RuleId, Severity};
use crate::facts::{Facts, InstanceFacts};
use crate::locale::Locale;
use crate::os::{OsFamily, OsSet};
use crate::policy::Policy;
use crate::profile::Profile;
use crate::report::Report;
use crate::report::password::PasswordReport;
use crate::rules::PasswordRule;
use crate::state::InstanceState;

/// A value serialized with its messages in `locale`: a [`Report`], a
/// [`Diagnostic`], a [`Checklist`] or a [`Requirement`], owned or borrowed.
///
/// ```
/// use cvm_rules::{Context, Locale, Localized, Profile, Request};
/// let report = Request::from_query(b"Action=ResetInstancesPassword", Profile::LEGACY_2017)
///     .validate(&Context::new());
/// let json = serde_json::to_value(Localized::new(&report, Locale::ZhCn)).unwrap();
/// assert_eq!(json["valid"], false);
/// assert_eq!(json["diagnostics"][0]["rule"], "param.missing");
/// assert_eq!(json["diagnostics"][0]["message"], "缺少必选参数 Version。");
///
/// // Owned, for a web handler to return (a built-in profile's report is `'static`).
/// fn handler(body: &[u8], accept_language: &str) -> Localized<cvm_rules::Report<'static>> {
///     Request::parse(body, Profile::API3)
///         .validate(&Context::new())
///         .localized(Locale::negotiate(accept_language))
/// }
/// let json = serde_json::to_value(handler(b"{}", "zh-CN")).unwrap();
/// assert_eq!(json["diagnostics"][0]["message"], "缺少必选参数 InstanceIds：请至少指定一个实例 ID。");
/// ```
#[derive(Clone, Copy, Debug)]
pub struct Localized<T> {
    value: T,
    locale: Locale,
}

impl<T: Localize> Localized<T> {
    /// Wraps `value` (or a reference to it) to serialize its messages in `locale`.
    pub fn new(value: T, locale: Locale) -> Self {
        Localized { value, locale }
    }

    /// The value.
    pub fn value(&self) -> &T {
        &self.value
    }

    /// The locale of the messages.
    pub fn locale(&self) -> Locale {
        self.locale
    }

    /// Takes the value back.
    pub fn into_inner(self) -> T {
        self.value
    }
}

impl<T: Localize> Serialize for Localized<T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.value.serialize_in(self.locale, s)
    }
}

mod sealed {
    pub trait Sealed {}
}

/// The crate's values that hold messages, which [`Localized`] serializes in a
/// locale (sealed: implemented by [`Report`], [`PasswordReport`], [`Diagnostic`],
/// [`Checklist`], [`Requirement`], and references to them).
///
/// ```
/// use cvm_rules::{Localized, Locale, OsSet, Password, Profile};
/// let report = Profile::API3.check_password(&Password::new("short"), OsSet::UNKNOWN, None);
/// // Every `Localize` value serializes its messages in the locale asked for.
/// let json = serde_json::to_value(Localized::new(&report, Locale::ZhCn)).unwrap();
/// assert!(json["diagnostics"][0]["message"].as_str().unwrap().contains("密码"));
/// ```
pub trait Localize: sealed::Sealed {
    #[doc(hidden)]
    fn serialize_in<S: Serializer>(&self, locale: Locale, s: S) -> Result<S::Ok, S::Error>;
}

impl<T: Localize + ?Sized> sealed::Sealed for &T {}

impl<T: Localize + ?Sized> Localize for &T {
    fn serialize_in<S: Serializer>(&self, locale: Locale, s: S) -> Result<S::Ok, S::Error> {
        (**self).serialize_in(locale, s)
    }
}

impl<'p> Report<'p> {
    /// This report, to serialize with its messages in `locale` (owned: a handler
    /// can return it).
    pub fn localized(self, locale: Locale) -> Localized<Report<'p>> {
        Localized::new(self, locale)
    }
}

impl<'p> PasswordReport<'p> {
    /// This report, to serialize with its messages in `locale` (owned: a handler
    /// can return it).
    pub fn localized(self, locale: Locale) -> Localized<PasswordReport<'p>> {
        Localized::new(self, locale)
    }
}

impl Checklist {
    /// This checklist, to serialize with its messages in `locale`.
    pub fn localized(self, locale: Locale) -> Localized<Checklist> {
        Localized::new(self, locale)
    }
}

/// Serializes each type as its name (`as_str`), or as the list of its members.
macro_rules! serialize_as {
    (str: $($name:ty),*; seq: $($set:ty),*) => {
        $(impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        })*
        $(impl Serialize for $set {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.iter())
            }
        })*
    };
}

serialize_as!(str: RuleId, Class, CharKind, OsFamily, Severity, Locale, InstanceState; seq: ClassSet, OsSet);

impl Serialize for Field {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl Serialize for Specials {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Writes each named value as the map entry of its name.
macro_rules! entries {
    ($m:ident, $($name:ident),+) => {
        $($m.serialize_entry(stringify!($name), $name)?;)+
    };
}

impl Serialize for Params {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        match self {
            Params::None => {}
            Params::Range { min, max, actual } => {
                entries!(m, min, max, actual);
            }
            Params::AtLeast { min, actual } => {
                entries!(m, min, actual);
            }
            Params::Classes {
                required,
                found,
                classes,
                missing,
                specials,
            } => {
                entries!(m, required, found, missing, classes, specials);
            }
            Params::Charset {
                positions,
                count,
                specials,
                plus_hint,
            } => {
                m.serialize_entry("positions", &positions[..])?;
                entries!(m, count, specials, plus_hint);
            }
            Params::Run {
                max,
                actual,
                position,
            } => {
                entries!(m, max, actual, position);
            }
            Params::Custom(failure) => failure.params().write_entries(&mut m)?,
            Params::ContainsUsername { min_name_chars } => {
                m.serialize_entry("min_name_chars", min_name_chars)?;
            }
            Params::InstanceId { reason } => m.serialize_entry("reason", reason.as_str())?,
            Params::Duplicate { first } => m.serialize_entry("first", first)?,
            Params::Index { reason, base } => {
                m.serialize_entry("reason", reason.as_str())?;
                m.serialize_entry("base", base)?;
            }
            Params::Expected { expected } => m.serialize_entry("expected", expected)?,
            Params::Type { expected } => m.serialize_entry("expected", expected.as_str())?,
            Params::State { state } => m.serialize_entry("state", state.as_str())?,
            Params::Unknown {
                suggestion,
                name_hidden,
                after_password,
            } => {
                entries!(m, suggestion, name_hidden, after_password);
            }
            Params::Syntax { line, column } => {
                entries!(m, line, column);
            }
            Params::TooLarge {
                max_bytes,
                max_params,
                bytes,
                params,
            } => {
                entries!(m, max_bytes, max_params, bytes, params);
            }
        }
        m.end()
    }
}

/// Each type is a sealed [`Localize`] whose `Serialize` is its English form.
macro_rules! localized_in_english {
    ($($ty:ty),* $(,)?) => {$(
        impl sealed::Sealed for $ty {}

        impl Serialize for $ty {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                Localized::new(self, Locale::En).serialize(s)
            }
        }
    )*};
}

localized_in_english!(
    Diagnostic,
    Report<'_>,
    PasswordReport<'_>,
    Requirement,
    Checklist,
);

impl Localize for Diagnostic {
    fn serialize_in<S: Serializer>(&self, locale: Locale, s: S) -> Result<S::Ok, S::Error> {
        let d = self;
        let mut st = s.serialize_struct("Diagnostic", 6)?;
        st.serialize_field("severity", d.severity().as_str())?;
        st.serialize_field("code", &d.code())?;
        st.serialize_field("field", d.field())?;
        st.serialize_field("rule", &d.rule())?;
        st.serialize_field("params", d.params())?;
        st.serialize_field("message", &d.message(locale))?;
        st.end()
    }
}

/// A password rule's parameters alone: `{"min": 8, "max": 16}`.
struct RuleParams<'a>(&'a PasswordRule);

impl Serialize for RuleParams<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        self.0.write_params(&mut m)?;
        m.end()
    }
}

/// A password rule as `{"rule": "password.length", "min": 8, "max": 16}`.
impl Serialize for PasswordRule {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut m = s.serialize_map(None)?;
        m.serialize_entry("rule", &self.id())?;
        self.write_params(&mut m)?;
        m.end()
    }
}

impl Serialize for Policy {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Policy", 3)?;
        st.serialize_field("os_known", &self.is_os_known())?;
        st.serialize_field("families", &self.families())?;
        st.serialize_field("rules", &RuleList(self))?;
        st.end()
    }
}

/// A policy's rules as a JSON array.
struct RuleList<'a>(&'a Policy);

impl Serialize for RuleList<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.rules())
    }
}

struct LocalizedSeq<'a, T>(&'a [T], Locale);

impl<T: Localize> Serialize for LocalizedSeq<'_, T> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(Some(self.0.len()))?;
        for item in self.0 {
            seq.serialize_element(&Localized::new(item, self.1))?;
        }
        seq.end()
    }
}

/// A report's fields, of either kind of report: `valid`, `profile`, `policy`,
/// `diagnostics` (localized).
pub(crate) fn report_fields<S: SerializeStruct, P: Serialize + ?Sized>(
    st: &mut S,
    (valid, profile, diagnostics): (bool, &Profile, &[Diagnostic]),
    locale: Locale,
    policy: &P,
) -> Result<(), S::Error> {
    st.serialize_field("valid", &valid)?;
    st.serialize_field("profile", profile.id())?;
    st.serialize_field("policy", policy)?;
    st.serialize_field("diagnostics", &LocalizedSeq(diagnostics, locale))
}

impl Localize for Report<'_> {
    fn serialize_in<S: Serializer>(&self, locale: Locale, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Report", 4)?;
        let verdict = (self.is_valid(), self.profile(), self.diagnostics());
        report_fields(&mut st, verdict, locale, self.policy())?;
        st.end()
    }
}

/// The same object as a [`Report`]'s: `{valid, profile, policy, diagnostics}`.
impl Localize for PasswordReport<'_> {
    fn serialize_in<S: Serializer>(&self, locale: Locale, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Report", 4)?;
        let diagnostics = self.diagnostics();
        let verdict = (self.is_valid(), self.profile(), &*diagnostics);
        report_fields(&mut st, verdict, locale, self.policy())?;
        st.end()
    }
}

impl Localize for Requirement {
    fn serialize_in<S: Serializer>(&self, locale: Locale, s: S) -> Result<S::Ok, S::Error> {
        let r = self;
        let mut st = s.serialize_struct("Requirement", 5)?;
        st.serialize_field("rule", &r.id())?;
        // `warning`: advice, which a valid password need not meet.
        st.serialize_field("severity", r.severity().as_str())?;
        st.serialize_field("params", &RuleParams(r.rule()))?;
        st.serialize_field("message", &r.message(locale))?;
        st.serialize_field("met", &r.is_met())?;
        st.end()
    }
}

impl Localize for Checklist {
    fn serialize_in<S: Serializer>(&self, locale: Locale, s: S) -> Result<S::Ok, S::Error> {
        let c = self;
        let mut st = s.serialize_struct("Checklist", 2)?;
        st.serialize_field("requirements", &LocalizedSeq(c.requirements(), locale))?;
        // `null` when no password was given: nothing was checked.
        st.serialize_field("all_met", &c.is_checked().then(|| c.all_met()))?;
        st.end()
    }
}

/// `{"complete": true, "instances": [{"instance_id", "os", "state",
/// "stop_charging"}, ...]}`, sorted by id.
impl Serialize for Facts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Instances<'a>(&'a Facts);
        impl Serialize for Instances<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut seq = s.serialize_seq(Some(self.0.len()))?;
                for (id, facts) in self.0.iter() {
                    seq.serialize_element(&Instance(id, facts))?;
                }
                seq.end()
            }
        }
        struct Instance<'a>(&'a str, &'a InstanceFacts);
        impl Serialize for Instance<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut st = s.serialize_struct("Instance", 4)?;
                st.serialize_field("instance_id", self.0)?;
                st.serialize_field("os", &self.1.os)?;
                st.serialize_field("state", &self.1.state)?;
                st.serialize_field("stop_charging", &self.1.stop_charging)?;
                st.end()
            }
        }
        let mut st = s.serialize_struct("Facts", 2)?;
        st.serialize_field("complete", &self.is_complete())?;
        st.serialize_field("instances", &Instances(self))?;
        st.end()
    }
}
