//! Diagnostics (spec section 8): structured first, words second.

use alloc::boxed::Box;
use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

use crate::charset::{CharKind, ClassSet, Specials};
use crate::facts::InstanceState;
use crate::message::{self, Locale};
use crate::policy::Policy;
use crate::profile::{ForceStopRequirement, Profile};

/// Whether the server would reject the request.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// The server would reject the request.
    Error,
    /// Worth a look; the server would accept the request.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

macro_rules! rule_ids {
    ($($(#[$doc:meta])* $variant:ident => $id:literal,)*) => {
        /// The stable id of a rule. The declaration order is the order of diagnostics
        /// on one field (spec section 8: "by rule in the order of the tables"): the
        /// password rules (section 4), the parameters (5), instance facts (6), the
        /// wire form (7), and the input as a whole (10).
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        pub enum RuleId {
            $($(#[$doc])* $variant,)*
        }

        impl RuleId {
            /// Every rule id, in order.
            pub const ALL: &'static [RuleId] = &[$(RuleId::$variant,)*];

            /// The stable id, such as `password.length`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(RuleId::$variant => $id,)*
                }
            }
        }
    };
}

rule_ids! {
    // Section 4: the password rules.
    /// Password length outside the policy's bounds.
    PasswordLength => "password.length",
    /// Too few character classes.
    PasswordClasses => "password.classes",
    /// The password starts with `/`.
    PasswordLeadingSlash => "password.leading_slash",
    /// Characters outside the alphabet.
    PasswordCharset => "password.charset",
    /// The password contains the account's user name.
    PasswordContainsUsername => "password.contains_username",
    // Section 5: the parameters, row by row.
    /// A required parameter is absent.
    ParamMissing => "param.missing",
    /// `Action` is not `ResetInstancesPassword`.
    ActionValue => "action.value",
    /// `Version` is not `2017-03-12`.
    VersionValue => "version.value",
    /// More instance ids than the profile allows.
    InstanceIdsCount => "instance_ids.count",
    /// An instance id that is not `ins-` and 8 of `[a-z0-9]`.
    InstanceIdFormat => "instance_id.format",
    /// An instance id given twice (a warning).
    InstanceIdsDuplicate => "instance_ids.duplicate",
    /// `UserName` is too long.
    UsernameLength => "username.length",
    /// `ForceStop` is not a boolean.
    ForceStopValue => "force_stop.value",
    // Section 6: instance facts.
    /// An id the instance facts do not know.
    InstanceIdNotFound => "instance_id.not_found",
    /// A running instance without the `ForceStop` the profile requires.
    InstanceRunningWithoutForceStop => "instance.running_without_force_stop",
    /// An instance in a state that does not allow a reset.
    InstanceState => "instance.state",
    // Section 7: the wire form (and the JSON form's types).
    /// A scalar parameter or an array index given twice.
    ParamRepeated => "param.repeated",
    /// A malformed or out-of-sequence `InstanceIds.N` index.
    InstanceIdsIndex => "instance_ids.index",
    /// A value that is not UTF-8 after decoding.
    ParamEncoding => "param.encoding",
    /// A JSON value of the wrong type.
    ParamType => "param.type",
    /// A parameter name the action does not know (a warning).
    ParamUnknown => "param.unknown",
    // Section 10: the input as a whole (always the only diagnostic).
    /// The whole input is over the size or parameter limit.
    InputTooLarge => "input.too_large",
    /// The JSON form is not valid JSON (a JSON value that is not an object is
    /// `param.type` on the input).
    InputSyntax => "input.syntax",
}

impl RuleId {
    /// The severity of every diagnostic of this rule.
    pub const fn severity(self) -> Severity {
        match self {
            RuleId::InstanceIdsDuplicate | RuleId::ParamUnknown => Severity::Warning,
            _ => Severity::Error,
        }
    }

    /// The rule id with this name.
    pub fn from_id(id: &str) -> Option<RuleId> {
        RuleId::ALL.iter().copied().find(|r| r.as_str() == id)
    }
}

impl fmt::Display for RuleId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How an `InstanceIds` item is named on the wire.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ItemName {
    /// `InstanceIds.<n>`, with `n` in the profile's numbering.
    Index(u64),
    /// A name whose index is malformed (`InstanceIds.01`, `InstanceIds.x`), as given.
    Raw(Box<str>),
}

/// The parameter a diagnostic is about, in the profile's wire style.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Field {
    /// The input as a whole (shown as the empty string).
    Input,
    /// `Action`.
    Action,
    /// `Version`.
    Version,
    /// `InstanceIds`, the array as a whole.
    InstanceIds,
    /// One item of `InstanceIds`.
    InstanceId {
        /// The item's 0-based place in the batch (the order of diagnostics).
        position: usize,
        /// Its name on the wire.
        name: ItemName,
    },
    /// `Password`.
    Password,
    /// `UserName`.
    UserName,
    /// `ForceStop`.
    ForceStop,
    /// A parameter the action does not know.
    Unknown {
        /// Its place among the unknown names, in input order.
        position: usize,
        /// The name as given, or `#<n>` (its place among the input's parameters)
        /// when it is not shown (see [`Params::Unknown`]).
        name: Box<str>,
    },
}

impl Field {
    /// The item field of the `position`-th instance id, named in `profile`'s numbering.
    pub fn item(profile: &Profile, position: usize) -> Field {
        Field::InstanceId {
            position,
            name: ItemName::Index(profile.index_base() + position as u64),
        }
    }

    /// The sort key of section 8: parameter, then item index.
    fn order(&self) -> (u8, usize) {
        match self {
            Field::Input => (0, 0),
            Field::Action => (1, 0),
            Field::Version => (2, 0),
            Field::InstanceIds => (3, 0),
            Field::InstanceId { position, .. } => (4, *position),
            Field::Password => (5, 0),
            Field::UserName => (6, 0),
            Field::ForceStop => (7, 0),
            Field::Unknown { position, .. } => (8, *position),
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Field::Input => Ok(()),
            Field::Action => f.write_str("Action"),
            Field::Version => f.write_str("Version"),
            Field::InstanceIds => f.write_str("InstanceIds"),
            Field::InstanceId {
                name: ItemName::Index(n),
                ..
            } => write!(f, "InstanceIds.{n}"),
            Field::InstanceId {
                name: ItemName::Raw(raw),
                ..
            } => f.write_str(raw),
            Field::Password => f.write_str("Password"),
            Field::UserName => f.write_str("UserName"),
            Field::ForceStop => f.write_str("ForceStop"),
            Field::Unknown { name, .. } => f.write_str(name),
        }
    }
}

/// A character outside the alphabet, by place and kind, never by value.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub struct BadChar {
    /// 1-based index of the grapheme cluster (what a person counts on screen).
    pub position: usize,
    /// What kind of character it is.
    pub kind: CharKind,
}

/// Why an instance id is malformed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IdReason {
    /// It does not start with `ins-`.
    Prefix,
    /// It is not 12 characters long.
    Length,
    /// Something after `ins-` is not `[a-z0-9]`.
    Charset,
}

impl IdReason {
    /// `prefix`, `length` or `charset`.
    pub const fn as_str(self) -> &'static str {
        match self {
            IdReason::Prefix => "prefix",
            IdReason::Length => "length",
            IdReason::Charset => "charset",
        }
    }
}

/// Why an `InstanceIds.N` index is wrong.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum IndexReason {
    /// Not a decimal number (`InstanceIds.x`, `InstanceIds.`, `InstanceIds.-1`).
    Malformed,
    /// A decimal number with a leading zero (`InstanceIds.01`).
    LeadingZero,
    /// Below the profile's first index (`InstanceIds.0` in `legacy-2017`).
    BelowBase,
    /// A gap: the items are not numbered consecutively from the first index.
    Gap,
}

impl IndexReason {
    /// `malformed`, `leading_zero`, `below_base` or `gap`.
    pub const fn as_str(self) -> &'static str {
        match self {
            IndexReason::Malformed => "malformed",
            IndexReason::LeadingZero => "leading_zero",
            IndexReason::BelowBase => "below_base",
            IndexReason::Gap => "gap",
        }
    }
}

/// The JSON type a parameter must have.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum JsonType {
    /// A string.
    String,
    /// An array of strings.
    StringArray,
    /// `true` or `false`.
    Boolean,
    /// An object.
    Object,
}

impl JsonType {
    /// `string`, `array`, `boolean` or `object`.
    pub const fn as_str(self) -> &'static str {
        match self {
            JsonType::String => "string",
            JsonType::StringArray => "array",
            JsonType::Boolean => "boolean",
            JsonType::Object => "object",
        }
    }
}

/// The typed facts of a diagnostic; the message is rendered from them.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Params {
    /// Nothing beyond the rule and the field.
    None,
    /// A length or count outside `min..=max` (`password.length`, `username.length`,
    /// `instance_ids.count`).
    #[non_exhaustive]
    Range {
        /// The least allowed.
        min: u64,
        /// The most allowed.
        max: u64,
        /// What was given.
        actual: u64,
    },
    /// Too few character classes.
    #[non_exhaustive]
    Classes {
        /// How many classes are required.
        required: u8,
        /// How many were found.
        found: u8,
        /// The classes counted.
        classes: ClassSet,
        /// The counted classes absent from the password.
        missing: ClassSet,
        /// The profile's special characters.
        specials: Specials,
    },
    /// Characters outside the alphabet.
    #[non_exhaustive]
    Charset {
        /// The first [`MAX_REPORTED_POSITIONS`](crate::limits::MAX_REPORTED_POSITIONS).
        positions: Vec<BadChar>,
        /// How many grapheme clusters hold a character that is not allowed.
        count: usize,
        /// The profile's special characters.
        specials: Specials,
        /// The query form's raw value held `+`, which decodes to a space.
        plus_hint: bool,
    },
    /// The password contains the account name (the name itself is not repeated:
    /// it is part of the password).
    #[non_exhaustive]
    UserName {
        /// Names shorter than this are not looked for.
        min_name_chars: u8,
    },
    /// A malformed instance id.
    #[non_exhaustive]
    InstanceId {
        /// Why.
        reason: IdReason,
    },
    /// A repeated instance id.
    #[non_exhaustive]
    Duplicate {
        /// The item where the id first appears.
        first: Field,
    },
    /// A bad array index.
    #[non_exhaustive]
    Index {
        /// Why.
        reason: IndexReason,
        /// The profile's first index (1 or 0).
        base: u64,
    },
    /// A value that must be one fixed text (`Action`, `Version`) or a boolean (`ForceStop`).
    #[non_exhaustive]
    Expected {
        /// What is accepted: the fixed text (`ResetInstancesPassword`, `2017-03-12`), or
        /// for `ForceStop` `TRUE|FALSE` (query form, any case) or `boolean` (JSON form).
        expected: &'static str,
    },
    /// A JSON value of the wrong type.
    #[non_exhaustive]
    Type {
        /// The type required.
        expected: JsonType,
    },
    /// An instance in a state that does not allow a reset.
    #[non_exhaustive]
    State {
        /// The instance's state.
        state: InstanceState,
    },
    /// A running instance and no suitable `ForceStop`.
    #[non_exhaustive]
    ForceStop {
        /// What the profile requires of `ForceStop`.
        requires: ForceStopRequirement,
    },
    /// An unknown parameter name.
    #[non_exhaustive]
    Unknown {
        /// A known name close to it (`password` → `Password`).
        suggestion: Option<&'static str>,
        /// The name is not shown (the field is `#<n>`, its place in the input): it
        /// does not look like a parameter name, or may hold part of a password.
        name_hidden: bool,
        /// It directly follows `Password`: an unencoded `&` in the password?
        after_password: bool,
    },
    /// JSON that does not parse.
    #[non_exhaustive]
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
    },
    /// Input over the limits of section 10.
    #[non_exhaustive]
    TooLarge {
        /// The most bytes accepted.
        max_bytes: usize,
        /// The most parameters accepted.
        max_params: usize,
        /// The bytes given.
        bytes: usize,
        /// The parameters counted (counting stops just past the limit).
        params: usize,
    },
}

/// One problem of a request: what, where, by which rule, with which facts.
///
/// It never holds password text; its message is rendered on demand by
/// [`Diagnostic::message`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    severity: Severity,
    code: Option<&'static str>,
    field: Field,
    rule: RuleId,
    params: Params,
}

impl Diagnostic {
    /// A diagnostic of `rule` on `field`, with the code `profile` gives it.
    pub(crate) fn new(profile: &Profile, rule: RuleId, field: Field, params: Params) -> Self {
        let severity = rule.severity();
        let state = match &params {
            Params::State { state } => Some(*state),
            _ => None,
        };
        let code = match severity {
            Severity::Error => profile.code(rule, state),
            Severity::Warning => None,
        };
        Diagnostic {
            severity,
            code,
            field,
            rule,
            params,
        }
    }

    /// Error or warning.
    pub fn severity(&self) -> Severity {
        self.severity
    }

    /// The Tencent error code the server would answer; `None` for warnings.
    pub fn code(&self) -> Option<&'static str> {
        self.code
    }

    /// The parameter.
    pub fn field(&self) -> &Field {
        &self.field
    }

    /// The rule.
    pub fn rule(&self) -> RuleId {
        self.rule
    }

    /// The typed facts.
    pub fn params(&self) -> &Params {
        &self.params
    }

    /// A sentence for people, in `locale`: what is wrong and what to do.
    pub fn message(&self, locale: Locale) -> String {
        message::diagnostic(self, locale)
    }

    fn order(&self) -> ((u8, usize), RuleId) {
        (self.field.order(), self.rule)
    }
}

/// Sorts diagnostics in the order of section 8 (stable: ties keep the order found).
#[inline]
pub(crate) fn sort(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by_key(Diagnostic::order);
}

/// The outcome of a check: every diagnostic, in the order of section 8, and the
/// password policy that was applied.
#[derive(Clone, Debug)]
pub struct Report {
    diagnostics: Vec<Diagnostic>,
    profile: &'static Profile,
    policy: &'static Policy,
}

impl Report {
    #[inline]
    pub(crate) fn new(
        mut diagnostics: Vec<Diagnostic>,
        profile: &'static Profile,
        policy: &'static Policy,
    ) -> Report {
        sort(&mut diagnostics);
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
            .filter(|d| d.severity == Severity::Error)
    }

    /// The warnings, in order.
    pub fn warnings(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
    }

    /// The password policy that was applied.
    pub fn policy(&self) -> &'static Policy {
        self.policy
    }

    /// The profile the request was checked against.
    pub fn profile(&self) -> &'static Profile {
        self.profile
    }

    /// Takes the diagnostics.
    pub fn into_diagnostics(self) -> Vec<Diagnostic> {
        self.diagnostics
    }
}

impl<'a> IntoIterator for &'a Report {
    type Item = &'a Diagnostic;
    type IntoIter = core::slice::Iter<'a, Diagnostic>;

    fn into_iter(self) -> Self::IntoIter {
        self.diagnostics.iter()
    }
}
